/** All rules' cases, by rule id (shared by the rule tests and the real-Postgres tests). */
import { RuleCase } from '../server/src/linter/rules/caseTypes';
import { cases as preferLeftJoin } from '../server/src/linter/rules/prefer-left-join/cases';
import { cases as requireDeletedAtFilter } from '../server/src/linter/rules/require-deleted-at-filter/cases';
import { cases as requireOnDelete } from '../server/src/linter/rules/require-on-delete/cases';
import { cases as matchUserIdType } from '../server/src/linter/rules/match-user-id-type/cases';
import { cases as noSetNullOnNotNull } from '../server/src/linter/rules/no-set-null-on-not-null/cases';
import { cases as noQuotedDottedName } from '../server/src/linter/rules/no-quoted-dotted-name/cases';
import { cases as noAuthTableWrites } from '../server/src/linter/rules/no-auth-table-writes/cases';
import { cases as matchAuthSchema } from '../server/src/linter/rules/match-auth-schema/cases';
import { cases as noNullRejectingWhere } from '../server/src/linter/rules/no-null-rejecting-where/cases';
import { cases as noUnknownAuthColumn } from '../server/src/linter/rules/no-unknown-auth-column/cases';
import { cases as matchAuthUidType } from '../server/src/linter/rules/match-auth-uid-type/cases';

export const ruleCases: Record<string, RuleCase[]> = {
  'prefer-left-join': preferLeftJoin,
  'require-deleted-at-filter': requireDeletedAtFilter,
  'require-on-delete': requireOnDelete,
  'match-user-id-type': matchUserIdType,
  'no-set-null-on-not-null': noSetNullOnNotNull,
  'no-quoted-dotted-name': noQuotedDottedName,
  'no-auth-table-writes': noAuthTableWrites,
  'match-auth-schema': matchAuthSchema,
  'no-null-rejecting-where': noNullRejectingWhere,
  'no-unknown-auth-column': noUnknownAuthColumn,
  'match-auth-uid-type': matchAuthUidType,
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
