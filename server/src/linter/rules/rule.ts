import { Statement } from '../statements';
import { StatementModel } from '../model';
import { SigTokens } from '../tokens';
import { AuthSchemaSetting, AuthUsage } from '../generation';
import { FileTables } from '../tableDefs';
import { Finding, Fix, RelatedInformation, RuleMeta, Severity } from '../types';
import type { DrizzleModel } from '../drizzle';

/**
 * A rule's messages: message id → template. A template is plain text with `{name}` placeholders
 * (ASCII letters and digits, starting with a letter), each filled from the report's `data`; it has
 * no other `{` or `}` (text that needs one goes in through a placeholder). E.g.
 * `{ innerJoin: 'Inner join to {table} drops rows …' }`.
 */
export type Messages = Readonly<Record<string, string>>;

/** The placeholder names of a template: `'Join to {table} on {column}'` → `'table' | 'column'`. */
export type Placeholders<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/**
 * The `data` a report with this template takes: one value per placeholder (`{ data: { table } }`),
 * nothing when it has none, any record when the template is only known as `string`.
 */
export type MessageData<T extends string> = string extends T
  ? { data?: Readonly<Record<string, string | number>> }
  : [Placeholders<T>] extends [never]
    ? { data?: undefined }
    : { data: Readonly<Record<Placeholders<T>, string | number>> };

/** What every report has besides its message: the range, fixes, severity and related places. */
export interface ReportFields {
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
  /**
   * True when Postgres surely rejects the statement as written, and it runs when the file does (a
   * top-level statement: not in a routine body, see `RuleContext.inRoutineBody`), with the SQLSTATE
   * of the rule's `meta.rejectedByPostgres`, whose `findings` is then `marked`: e.g. a quoted dotted
   * name used as a table where no table of that name exists. Ignored for other rules (see
   * `findingRejection`); dropped in an `EXECUTE` text (`engine.ts` `embeddedFindings`).
   */
  rejectedByPostgres?: boolean;
}

/**
 * What a rule reports, for a rule with messages `M`: one of its message ids and that template's
 * placeholder values (the type admits only the rule's own ids and exactly their placeholders); the
 * engine renders the message (`renderMessage`) and adds the rule id and the configured severity.
 */
export type Report<M extends Messages = Messages> = ReportFields & MessageOf<M>;

/** One of the messages `M` with its data: `{ messageId, data }` (for a helper that picks the message). */
export type MessageOf<M extends Messages = Messages> = {
  [K in keyof M & string]: { messageId: K } & MessageData<M[K]>;
}[keyof M & string];

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/**
 * A template with its placeholders filled from `data` (numbers written with `String`). Throws when
 * a placeholder has no value: a rule bug, which the engine contains like any other.
 */
export function renderMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = data?.[name];
    if (value === undefined) throw new Error(`message placeholder {${name}} has no value`);
    return String(value);
  });
}

/** The placeholder names of a template, in order of first appearance (the runtime `Placeholders`). */
export function placeholdersOf(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]))];
}

/** A report's finding fields: the rendered message with its id and data, the range, fixes and related places. */
export function reportedFinding(messages: Messages, r: Report): Omit<Finding, 'ruleId' | 'severity'> {
  const template = messages[r.messageId];
  if (template === undefined) throw new Error(`unknown message id ${r.messageId}`);
  const message = renderMessage(template, r.data);
  return {
    messageId: r.messageId,
    ...(r.data && placeholdersOf(template).length > 0 ? { data: r.data } : {}),
    message,
    start: r.start,
    end: r.end,
    fixes: r.fixes,
    ...(r.related ? { related: r.related } : {}),
  };
}

/**
 * The `Finding.rejectedByPostgres` of report `r` of a rule with `meta`: the rule's SQLSTATE when
 * Postgres rejects every statement it reports (`findings: 'all'`) or the report is marked
 * (`findings: 'marked'`); nothing otherwise.
 */
export function findingRejection(meta: RuleMeta, r: Pick<ReportFields, 'rejectedByPostgres'>): { rejectedByPostgres?: string } {
  const rejected = meta.rejectedByPostgres;
  if (!rejected || (rejected.findings === 'marked' && r.rejectedByPostgres !== true)) return {};
  return { rejectedByPostgres: rejected.sqlstate };
}

/** Everything a rule may look at for one parsed statement; `M` is the rule's messages. */
export interface RuleContext<M extends Messages = Messages> {
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
  /** What the set's later migrations do with this file's columns (`PriorSchema.later`); undefined outside a set or when none uses any. */
  later?: import('../types').LaterUses;
  /** `LintOptions.prismaDriverAdapter`: Prisma's `${…}` values reach Postgres untyped (a driver adapter), not typed from their JavaScript values. */
  prismaDriverAdapter: boolean;
  report(r: Report<M>): void;
}

/**
 * A rule as the engine holds it: its metadata (with its messages) and a check over one statement's
 * semantic model. Written with `defineRule`, which types the checks' reports by the messages.
 */
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

/** What a rule's Drizzle check sees: the host text and its Drizzle model; `M` is the rule's messages. */
export interface DrizzleContext<M extends Messages = Messages> {
  /** The host file's text (offsets are 0-based UTF-16 code units into it). */
  text: string;
  model: DrizzleModel;
  /** The `authSchema` option: the Neon Auth generation the file must use, or `auto`. */
  authSchema: AuthSchemaSetting;
  report(r: Report<M>): void;
}

/** What `defineRule` takes: the metadata without `docsUrl` and `messages` (derived), the messages, the checks. */
export interface RuleDefinition<M extends Messages> {
  meta: Omit<RuleMeta, 'docsUrl' | 'messages'>;
  /** Message id → template (see `Messages`); every report names one of these ids. */
  messages: M;
  /** See `Rule.lexical`. */
  lexical?: boolean;
  check(ctx: RuleContext<M>): void;
  drizzle?(ctx: DrizzleContext<M>): void;
}

/**
 * A rule from its definition: `meta.docsUrl` is derived from the id (its README) and
 * `meta.messages` is `messages`. The checks' `ctx.report` accepts only the rule's own message ids,
 * each with exactly its template's placeholders as `data`:
 *
 * ```ts
 * defineRule({ meta, messages: { innerJoin: 'Inner join to {table} drops rows …' }, check(ctx) {
 *   ctx.report({ messageId: 'innerJoin', data: { table: 'neon_auth.users_sync' }, start, end, fixes: [] });
 * } });
 * ```
 */
export function defineRule<const M extends Messages>(definition: RuleDefinition<M>): Rule {
  const { meta, messages, lexical, check, drizzle } = definition;
  return {
    meta: { ...meta, docsUrl: docsUrl(meta.id), messages },
    ...(lexical === undefined ? {} : { lexical }),
    check: (ctx) => check(ctx),
    ...(drizzle ? { drizzle: (ctx: DrizzleContext) => drizzle(ctx) } : {}),
  };
}

/** Base URL of the rules' documentation (each rule's README in the repository). */
import { RULE_DOCS_BASE } from '../../../../shared/protocol';

export { RULE_DOCS_BASE };

/** The documentation URL of a rule id: its README. */
export function docsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}/README.md`;
}
