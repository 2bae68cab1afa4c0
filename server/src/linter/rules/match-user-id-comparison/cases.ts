import { RuleCase } from '../caseTypes';

export const cases: RuleCase[] = [
  // Invalid cases: every finding's exact text (`at`), message and fixes (title, preferred, whole output).
  // Valid cases: `findings: []`. Every SQL and every output must run on Postgres with test/fixtures/schema.sql.
];
