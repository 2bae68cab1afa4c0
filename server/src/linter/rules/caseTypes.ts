/**
 * Shape of a rule's test cases (`rules/<rule-id>/cases.ts` exports `cases: RuleCase[]`).
 * The same cases drive the rule tests (exact ranges and fixed text) and the real-Postgres
 * tests: every case's SQL, and every fixed output, must be accepted by Postgres with the
 * fixture schema of `test/fixtures/schema.sql` present (no case is exempt).
 */
export interface ExpectedFix {
  /** The fix's exact title. */
  title: string;
  /** Whether it is the preferred fix. */
  preferred: boolean;
  /** The whole document after applying this one fix. */
  output: string;
}

export interface ExpectedFinding {
  /** Exact source text the finding's range covers. */
  at: string;
  /** Which occurrence of `at` in the SQL (0-based); default 0. */
  nth?: number;
  /** A fragment the message must contain. */
  message?: string;
  /** Every fix offered, in order. Empty when the finding has no fix. */
  fixes: ExpectedFix[];
}

export interface RuleCase {
  /** A behaviour sentence, e.g. "flags INNER JOIN to users_sync on the joined side". */
  name: string;
  sql: string;
  /** Findings of this rule only, in document order. Empty for a valid case. */
  findings: ExpectedFinding[];
}
