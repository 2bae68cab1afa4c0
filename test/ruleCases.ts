/** All rules' cases, by rule id (shared by the rule tests and the real-Postgres tests). */
import { RuleCase } from '../server/src/linter/rules/caseTypes';
import { cases as preferLeftJoin } from '../server/src/linter/rules/prefer-left-join/cases';
import { cases as requireDeletedAtFilter } from '../server/src/linter/rules/require-deleted-at-filter/cases';
import { cases as requireOnDelete } from '../server/src/linter/rules/require-on-delete/cases';

export const ruleCases: Record<string, RuleCase[]> = {
  'prefer-left-join': preferLeftJoin,
  'require-deleted-at-filter': requireDeletedAtFilter,
  'require-on-delete': requireOnDelete,
};

/** The UTF-16 offset of the `nth` (0-based) occurrence of `needle` in `text`; throws when absent. */
export function nthIndexOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times in the case's SQL`);
  }
  return at;
}
