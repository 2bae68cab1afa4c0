/**
 * Shape of a rule's test cases (`rules/<rule-id>/cases.ts` exports `cases: RuleCase[]`).
 * The same cases drive the rule tests (exact ranges and fixed text) and the real-Postgres
 * tests: every case's SQL, and every fixed output, must be accepted by Postgres with the
 * fixture schema of `test/fixtures/schema.sql` present (no case is exempt). The one exception
 * is stated per case with `rejectedBy`: a mistake Postgres itself refuses, whose SQL the suite
 * then runs and asserts that exact error for.
 */
import type { LintOptions, Severity } from '../types';

export interface ExpectedFix {
  /** The fix's exact title. */
  title: string;
  /** Whether it is the preferred fix. */
  preferred: boolean;
  /** The whole document after applying this one fix. */
  output: string;
  /** Whether the fix is marked safe (applied by fix-on-save, `source.fixAll.neonAuth`); checked when given. */
  safe?: boolean;
}

export interface ExpectedFinding {
  /** Exact source text the finding's range covers. */
  at: string;
  /** Which occurrence of `at` in the SQL (0-based); default 0. */
  nth?: number;
  /** The finding's message id: a key of the rule's `messages` (see `rules/rule.ts`), e.g. `innerJoin`. */
  messageId: string;
  /** A fragment the rendered message must contain. */
  message?: string;
  /** The finding's severity with the case's options, when the case checks it (a rule that reports some findings above its default). */
  severity?: Severity;
  /** Every fix offered, in order. Empty when the finding has no fix. */
  fixes: ExpectedFix[];
}

export interface RuleCase {
  /** A behaviour sentence, e.g. "flags INNER JOIN to users_sync on the joined side". */
  name: string;
  sql: string;
  /** Findings of this rule only, in document order. Empty for a valid case. */
  findings: ExpectedFinding[];
  /**
   * The SQLSTATE Postgres rejects `sql` with (e.g. `42804` for a uuid column referencing the text
   * `users_sync.id`), for a case whose mistake Postgres refuses at DDL time. The real-Postgres suite
   * asserts exactly that error instead of expecting `sql` to run; every fix output must still run.
   * Only for cases with findings.
   */
  rejectedBy?: string;
  /** Lint options of the case (e.g. `authSchema`); the rule tests lint `sql` and every fix output with them. Default: none. */
  options?: LintOptions;
  /**
   * For rules that also run on statements no parser accepted (`Rule.lexical`): the case's SQL has
   * a statement pgsql-ast-parser rejects (`CREATE POLICY`, `CREATE TRIGGER`, …), so the rule tests
   * allow rejected statements (each gets its `parse-error` information finding). Default false:
   * every statement must parse.
   */
  parserMayReject?: boolean;
  /**
   * A Drizzle ORM case (with `options: { language: 'typescript' }`): `sql` is a whole TypeScript
   * module as an app writes one, and so is every fix's `output`. It imports from `drizzle-orm`,
   * `drizzle-orm/pg-core` and `drizzle-orm/neon`, and its database as `import { db } from './db';`;
   * the tables it owns are exported (`export const posts = pgTable(…)`); Neon Auth's tables are
   * imported (`usersSync` from `drizzle-orm/neon`) or declared with `pgSchema('neon_auth').table(…)`
   * and are never created (the fixture has them); its queries sit in an optional
   * `export async function run() { … }`. test/drizzle.test.ts proves it (test/helpers/drizzle.ts):
   * strict type-check against drizzle-orm's types, drizzle-kit's DDL for the exported tables, `run()`
   * through the `drizzle-orm/pglite` driver, then `drizzleAfter`. `rejectedBy` is then the SQLSTATE
   * the original module fails with at any of those steps; every fix output must pass them all.
   * The template-SQL check of test/postgres.test.ts leaves these cases to that suite.
   */
  drizzle?: boolean;
  /**
   * For a Drizzle case: SQL run after the module's DDL and `run()`, in the same transaction, with the
   * fixture's rows present (users `user_ada`, `user_bob` (soft-deleted), `user_cy` in
   * `neon_auth.users_sync`; `00000000-0000-4000-8000-000000000001` in `neon_auth."user"`). E.g. a
   * row that references a user, then `DELETE FROM neon_auth."user" WHERE id = …`, which a NOT NULL
   * column with ON DELETE SET NULL fails with 23502. Runs for the original and every fix output.
   */
  drizzleAfter?: string;
}
