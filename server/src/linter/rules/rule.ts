import { Statement } from '../statements';
import { StatementModel } from '../model';
import { SigTokens } from '../tokens';
import { AuthSchemaSetting, AuthUsage } from '../generation';
import { FileTables } from '../tableDefs';
import { Fix, RelatedInformation, RuleMeta, Severity } from '../types';
import type { DrizzleModel } from '../drizzle';

/** What a rule reports; the engine adds the rule id and the configured severity. */
export interface Report {
  message: string;
  /** UTF-16 document offsets, end exclusive. */
  start: number;
  end: number;
  fixes: Fix[];
  /**
   * This finding's severity while the rule runs at its default severity, when it differs from the
   * default (e.g. `error` for SQL Postgres rejects). A severity set in `LintOptions.rules` wins.
   */
  severity?: Severity;
  /** Places in other files the finding rests on (an earlier migration's column definition). */
  related?: RelatedInformation[];
}

/** Everything a rule may look at for one parsed statement. */
export interface RuleContext {
  /** The whole document text. */
  text: string;
  statement: Statement;
  /**
   * True for a statement inside the body of a DO block or of a CREATE FUNCTION | PROCEDURE (see
   * `bodies.ts`): there an unqualified name may be a parameter or a PL/pgSQL variable.
   */
  inRoutineBody: boolean;
  /**
   * True when the text is a drizzle-kit migration (its set says so, or it has a `--> statement-breakpoint`):
   * a statement a fix inserts gets a breakpoint of its own (see `PriorSchema.statementBreakpoints`).
   */
  statementBreakpoints: boolean;
  sig: SigTokens;
  model: StatementModel;
  /**
   * False when no parser accepted the statement; only `lexical` rules see such statements, and
   * their `model` then holds only what tokens tell (`lexicalModel`: `writes`; no scopes, foreign keys or tables).
   */
  parsed: boolean;
  /** The Neon Auth generation of the whole file and its references to Neon-managed tables. */
  auth: AuthUsage;
  /** What the file's CREATE TABLE and ALTER TABLE statements tell about its tables. */
  tables: FileTables;
  /** True when the file is a schema dump (`PriorSchema.dump`): it restates a database, Neon Auth's own tables included. */
  dump: boolean;
  report(r: Report): void;
}

/** A rule: its metadata and a check over one statement's semantic model. */
export interface Rule {
  meta: RuleMeta;
  /**
   * True for rules that can judge a statement from its tokens: they also run on relevant
   * statements no parser accepted (with `ctx.parsed` false). Default false.
   */
  lexical?: boolean;
  check(ctx: RuleContext): void;
  /**
   * The rule's check of Drizzle ORM code in a host file (see `../drizzle.ts`), when the rule has
   * one: it reports at host offsets, with fixes written in the code's own style.
   */
  drizzle?(ctx: DrizzleContext): void;
}

/** What a rule's Drizzle check sees: the host text and its Drizzle model. */
export interface DrizzleContext {
  /** The host file's text (offsets are 0-based UTF-16 code units into it). */
  text: string;
  model: DrizzleModel;
  /** The `authSchema` option: the Neon Auth generation the file must use, or `auto`. */
  authSchema: AuthSchemaSetting;
  report(r: Report): void;
}

/** Base URL of the rules' documentation (each rule's README in the repository). */
import { RULE_DOCS_BASE } from '../../../../shared/protocol';

export { RULE_DOCS_BASE };

/** The documentation URL of a rule id: its README. */
export function docsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}/README.md`;
}
