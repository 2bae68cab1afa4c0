import { RuleMeta } from '../types';
import { Rule, RULE_DOCS_BASE } from './rule';

export { RULE_DOCS_BASE };
import { preferLeftJoin } from './prefer-left-join';
import { requireDeletedAtFilter } from './require-deleted-at-filter';
import { requireOnDelete } from './require-on-delete';

/** Every rule with its check, in documentation order. */
export const ruleModules: readonly Rule[] = [preferLeftJoin, requireDeletedAtFilter, requireOnDelete];

/** Every rule's metadata, in documentation order. */
export const rules: readonly RuleMeta[] = ruleModules.map((r) => r.meta);

/** The rule with this id, or undefined. */
export function getRule(id: string): RuleMeta | undefined {
  return rules.find((r) => r.id === id);
}
