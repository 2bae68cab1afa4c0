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
  /** A fragment the message must contain. */
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
   * A Drizzle ORM case: `sql` is a whole TypeScript module (with `options.language` `typescript`)
   * that imports drizzle-orm as an app does and its database as `import { db } from './db'`, exports
   * the app's tables and, optionally, `async function run()` with its queries. The Drizzle harness
   * (`test/helpers/drizzle.ts`) type-checks it against drizzle-orm's types, creates its exported
   * tables on PGlite (Neon Auth's tables are already there), runs `run()`, then `drizzleAfter`;
   * `rejectedBy` is the SQLSTATE the original fails with there. The SQL-region PGlite suite skips it.
   */
  drizzle?: true;
  /** SQL the Drizzle harness runs after the module's tables and `run()` (e.g. a user delete that shows 23502). */
  drizzleAfter?: string;
}
