import leven from 'leven';
import { RuleMeta } from '../types';
import { Rule, RULE_DOCS_BASE } from './rule';

export { RULE_DOCS_BASE };
import { preferLeftJoin } from './prefer-left-join';
import { requireDeletedAtFilter } from './require-deleted-at-filter';
import { requireOnDelete } from './require-on-delete';
import { matchUserIdType } from './match-user-id-type';
import { noSetNullOnNotNull } from './no-set-null-on-not-null';
import { noQuotedDottedName } from './no-quoted-dotted-name';
import { noAuthTableWrites } from './no-auth-table-writes';
import { matchAuthSchema } from './match-auth-schema';
import { noNullRejectingWhere } from './no-null-rejecting-where';
import { noUnknownAuthColumn } from './no-unknown-auth-column';
import { matchAuthUidType } from './match-auth-uid-type';
import { noBroadAuthGrants } from './no-broad-auth-grants';
import { matchUserIdComparison } from './match-user-id-comparison';
import { noInterpolationInSqlString } from './no-interpolation-in-sql-string';

/** Every rule with its check, in documentation order. */
export const ruleModules: readonly Rule[] = [
  preferLeftJoin,
  requireDeletedAtFilter,
  requireOnDelete,
  matchUserIdType,
  noSetNullOnNotNull,
  noQuotedDottedName,
  noAuthTableWrites,
  matchAuthSchema,
  noNullRejectingWhere,
  noUnknownAuthColumn,
  matchAuthUidType,
  noBroadAuthGrants,
  matchUserIdComparison,
  noInterpolationInSqlString,
];

/** Every rule's metadata, in documentation order. */
export const rules: readonly RuleMeta[] = ruleModules.map((r) => r.meta);

/** The rule with this id, or undefined. */
export function getRule(id: string): RuleMeta | undefined {
  return rules.find((r) => r.id === id);
}

/**
 * The id of `known` closest to a misspelt `id` (Levenshtein distance at most a third of the known
 * id's length, at least 1), or undefined when none is that close; for "did you mean" hints.
 */
export function closestRuleId(id: string, known: Iterable<string>): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const k of known) {
    const distance = leven(id, k);
    if (distance <= Math.max(1, Math.floor(k.length / 3)) && (!best || distance < best.distance)) best = { id: k, distance };
  }
  return best?.id;
}
