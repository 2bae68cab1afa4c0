/**
 * Public types of the linter core. The core is pure TypeScript: no LSP or VS Code import.
 *
 * Every position inside the core is an offset into the document text, counted in UTF-16 code
 * units (JavaScript string indices), 0-based; `end` is exclusive. Conversion to 0-based
 * line/character positions happens only at the LSP and CLI edges (see `positions.ts`).
 */
import type { TrackedConstraints } from './tableDefs';

/** How loudly a finding is reported; mirrors LSP's DiagnosticSeverity names. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * Every rule setting, quietest first: `off` disables the rule, the others are severities. The
 * order is the one the settings schemas list them in (`npm run sync` writes them from here).
 */
export const RULE_SETTINGS = ['off', 'hint', 'info', 'warning', 'error'] as const;

/** A rule setting: a severity, or `off` to disable the rule. */
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** A range of text, `[start, end)` in UTF-16 offsets of the document (of a statement's text where a type says so). */
export interface Span {
  start: number;
  end: number;
}

/** One replacement of the text in `[start, end)` (UTF-16 offsets) by `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix: non-overlapping edits that together resolve one finding. */
export interface Fix {
  /** What the fix does, in the user's terms (shown as the code action title). */
  title: string;
  /** The fix an editor offers first and `--fix` applies. At most one per finding. */
  isPreferred: boolean;
  /**
   * True when the fix cannot change what a query returns or what a schema means beyond
   * removing the mistake (safe for fix-on-save). Adding an `ON DELETE` action is a choice, so not safe.
   */
  safe: boolean;
  /** Edits in ascending, non-overlapping order. */
  edits: TextEdit[];
}

/**
 * A range in another file (a fact an earlier migration wrote): the file as the front end named it
 * (the CLI: relative to the working directory; the language server: relative to the workspace
 * folder), 0-based line and UTF-16 character, end exclusive. Another file's text is not at hand
 * where a finding is made, so not an offset.
 */
export interface FileRange {
  path: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

/** A place in another file that explains a finding (LSP's DiagnosticRelatedInformation, SARIF's relatedLocations). */
export interface RelatedInformation extends FileRange {
  message: string;
}

/** A problem found in a document. */
export interface Finding {
  /** The rule id (kebab-case), e.g. `prefer-left-join`; `parse-error` for statements no parser accepted. */
  ruleId: string;
  severity: Severity;
  /** The rendered message (the template of `messageId` with its placeholders filled). */
  message: string;
  /**
   * Which of the rule's messages this is (a key of its `meta.messages`, e.g. `innerJoin`): stable
   * across wording changes. Absent on the notices no rule makes (`parse-error`, `file-skipped`,
   * `unused-ignore`).
   */
  messageId?: string;
  /** The values of the message template's `{name}` placeholders, when it has any (with `messageId`). */
  data?: Readonly<Record<string, string | number>>;
  /** Range of the finding: UTF-16 offsets, end exclusive. The narrowest honest range. */
  start: number;
  end: number;
  /** Quick fixes, the preferred one first. Empty when no mechanical fix is right. */
  fixes: Fix[];
  /** Where the facts the finding rests on were written in other files (an earlier migration's column type). */
  related?: RelatedInformation[];
  /**
   * The SQLSTATE with which Postgres rejects the finding's statement as written (see
   * `RuleMeta.rejectedByPostgres`): on every SQL finding of a rule whose `findings` is `all`
   * (wherever the statement is); on a `marked` rule's finding only for a statement that runs when
   * the file does (not in a routine body, `DO` included, nor an `EXECUTE` text). Never on a Drizzle
   * check's finding.
   */
  rejectedByPostgres?: string;
}

/** Static description of a rule. */
export interface RuleMeta {
  id: string;
  /** One sentence: what the rule reports. */
  description: string;
  defaultSeverity: Severity;
  /** Whether the rule offers fixes, and whether any of them is safe for fix-on-save. */
  fix: 'none' | 'suggestion' | 'safe';
  /** Public URL of the rule's README. */
  docsUrl: string;
  /** Message id → template with `{name}` placeholders (see `rules/rule.ts`, `Messages`). */
  messages: Readonly<Record<string, string>>;
  /**
   * The rule's row in the README's rule table (Markdown, one table cell each, no `|`): what it
   * reports, in more detail than `description`, and the fixes it offers. `npm run sync` writes the
   * table from here.
   */
  overview: { reports: string; fixes: string };
  /**
   * True when the rule reports something *missing* (a `deleted_at` filter, an `ON DELETE` action)
   * rather than something present. In a host file's SQL region with a `${…}` fragment we cannot see,
   * the fragment may hold what is missing, so such findings are not reported there.
   */
  reportsAbsence?: boolean;
  /**
   * When Postgres rejects statements this rule reports: the SQLSTATE it rejects them with (`42804`
   * for a foreign key whose column type cannot reference the user id), and which findings are such
   * statements: `all` of them, or only those the rule `marked` (`ReportFields.rejectedByPostgres`:
   * a quoted dotted name is rejected only where no table of that name exists). A finding so proven
   * carries `Finding.rejectedByPostgres`: a migration with one cannot have been applied as written,
   * so the CLI's `--fix` may rewrite it even when later migrations follow it (`cli/check.ts`).
   */
  rejectedByPostgres?: { sqlstate: string; findings: 'all' | 'marked' };
}

/** Options of one lint run. */
export interface LintOptions {
  /** Per-rule severity overrides; rules not named keep their default severity. */
  rules?: Record<string, RuleSetting>;
  /** Report statements the parser rejected as information findings (`parse-error`). Default true. */
  reportParseErrors?: boolean;
  /**
   * Texts longer than this many UTF-16 code units are not checked: the result is one information
   * finding (`file-skipped`). Default 5 * 1024 * 1024 (5 MB of ASCII).
   */
  maxFileSize?: number;
  /**
   * Which Neon Auth generation the file is written for: `auto` (default) detects it from the tables
   * the file references (`neon_auth.users_sync`: legacy; `neon_auth."user"` and the other current
   * tables: current), for a migration of a set also from its earlier migrations (see
   * `PriorSchema.earlier`); `legacy` or `current` forces it, and references to the other
   * generation's user table are reported (`match-auth-schema`).
   */
  authSchema?: 'auto' | 'legacy' | 'current';
  /**
   * The document's language (VS Code / LSP language ids): `sql` (default; also any other id) checks
   * the text as SQL; `typescript`, `typescriptreact`, `javascript`, `javascriptreact` check the SQL
   * regions of a TypeScript or JavaScript file (see `host.ts`), with findings and fix edits at
   * offsets of the host text.
   */
  language?: string;
  /**
   * The tables as the earlier migrations of the file's migration set leave them (see
   * `foldMigrations` in `history.ts`): rules that look up a table the file itself does not create
   * see this definition (adjusted by the file's own ALTER TABLEs before the statement).
   */
  priorSchema?: PriorSchema;
  /**
   * For a host file: the Neon Auth tables the workspace modules it imports export (Drizzle tables
   * re-exported by the app's schema module), by import specifier as written in the file, then by
   * export name. The CLI and the language server compute it (see `workspace/hostModules.ts`); a file
   * that imports one of them is checked even when it never names Neon Auth itself.
   */
  workspaceImports?: WorkspaceImports;
  /**
   * For a host file: the Drizzle relations (`relations(posts, ({ one }) => ({ author: one(usersSync, …) }))`)
   * declared by the workspace modules it reaches through its imports (its `db` module's schema), for
   * relational queries (`db.query.posts.findMany({ with: { author: true } })`). Computed like
   * `workspaceImports`; only relations that lead to a Neon Auth table, directly or through other tables.
   */
  workspaceRelations?: DrizzleRelations;
  /**
   * For a host file: true when its package runs Prisma through a driver adapter (`@prisma/adapter-pg`,
   * `@prisma/adapter-neon`, …; Prisma 7 has no other way to reach Postgres), which passes the `${…}`
   * values of `$queryRaw` to node-postgres or the Neon driver untyped: Postgres gives each the type
   * its context asks for, as for `$1` (see `prismaDriverAdapter` in `workspace/hostModules.ts`). Not
   * set: Prisma's native query engine may be the one that runs it, which sends a string as `text`.
   */
  prismaDriverAdapter?: boolean;
  /**
   * Placeholder identifiers of the SQL text and the Neon Auth table or column each stands for (see
   * `HostName` in `host.ts`): a relation named by one is that table, a column reference named by one
   * is that column. Set by the engine for a host file's SQL view (Drizzle's `${usersSync}`); other
   * callers leave it unset.
   */
  hostNames?: HostNames;
}

/**
 * The state of the app's tables just before one file of a migration set: what the earlier files'
 * statements, applied in order, leave (see `history.ts`).
 */
export interface PriorSchema {
  /** Tables by `schema.name` (`public` for names created without a schema); their columns carry `origin`. */
  tables: ReadonlyMap<string, import('./model').TableDef>;
  /** Changes whenever `tables` or `generation` may (kept results of a statement are reused only under the same key). */
  key: string;
  /**
   * The Neon Auth generation a file that names neither is checked for: the one the earlier
   * migrations leave (`earlier`), else, when none of them names one, the one the whole set
   * references most.
   */
  generation?: 'legacy' | 'current';
  /**
   * The generation the database has before the file, as its earlier migrations leave it: that of
   * the latest earlier migration that names one (see `history.ts` `fileGeneration`: the user table
   * its foreign keys reference, when they reference one generation's, else the one most of its
   * references are to), with the place that decides (that key, else that reference). With `auto`,
   * a file that names only the other generation's tables is checked for this one
   * (`match-auth-schema` reports its references to the other user table). Undefined when no
   * earlier migration names a generation.
   */
  earlier?: { generation: 'legacy' | 'current'; at: FileRange };
  /**
   * True for a drizzle-kit set: its migrator sends each `--> statement-breakpoint` chunk of a file as
   * one query, so a statement a fix inserts needs a breakpoint of its own, even in a file that has
   * none yet (one statement). Part of `key`.
   */
  statementBreakpoints?: boolean;
  /**
   * True when the file is a schema dump (`pg_dump` output, `schema.sql`; see `workspace/migrations.ts`):
   * it restates a database, Neon Auth's own tables included, so `no-auth-table-writes` does not
   * report its statements on those tables. `key` ends in `:dump` then.
   */
  dump?: boolean;
  /**
   * What the set's later migrations do with this file's columns (see `history.ts`): a fix that
   * changes a column's type must not break them. Part of `key` (the uses' places).
   */
  later?: LaterUses;
}

/** A use of a column by a later migration of the set (see `PriorSchema.later`). */
export interface LaterUse {
  /**
   * `foreignKey`: a key references the column (`REFERENCES t (c)`, or `REFERENCES t` when it is
   * the table's primary key); `uuid`: a statement whose text has `uuid` (a cast, a uuid column,
   * `gen_random_uuid()`) names both the table and the column, e.g. a view comparing it with a uuid;
   * `named`: another statement that names the column (`columnUses.ts`: a view, routine, trigger,
   * policy, index or query), which may use it with its type.
   */
  kind: 'foreignKey' | 'uuid' | 'named';
  /** Where: the REFERENCES clause, or the statement. */
  at: FileRange;
}

/** The later migrations' uses of columns, asked one column at a time. */
export interface LaterUses {
  /**
   * The uses of `table`.`column` (names as Postgres folds them; schemas ignored, to stay on the safe
   * side) in the set's later files, in file order. `primaryKey`: whether the column is the table's
   * one-column primary key (then a `REFERENCES table` without a column list references it too).
   * Also those in a transaction their file rolls back: the statement still runs (and fails, if the
   * column's type no longer fits) before the `ROLLBACK`.
   */
  of(table: string, column: string, primaryKey: boolean): LaterUse[];
  /**
   * The places in the set's later files that make `table`.`column` reject NULL (same name rules as
   * `of`), in file order: `ALTER TABLE … ALTER [COLUMN] c SET NOT NULL`, `ADD [CONSTRAINT n] PRIMARY
   * KEY (… c …)`, `ADD … CHECK (c IS NOT NULL)`. A key on the column must not be `ON DELETE SET NULL`.
   * Not those a transaction of their file rolls back (`ROLLBACK` of its `BEGIN`, `ROLLBACK TO
   * SAVEPOINT`): the column never rejects NULL after them.
   */
  rejectsNull(table: string, column: string): FileRange[];
  /**
   * Whether an `ALTER TABLE` of the set's later files drops the constraints `tracked` follows on
   * `table` (see `tableDefs.ts` `dropsTracked`; a table written with another schema than `schema`
   * is another table): the key or CHECK is then gone from the schema the set leaves.
   */
  drops(schema: string, table: string, tracked: TrackedConstraints): boolean;
  /**
   * The set's later files' REVOKEs of table privileges and their `CREATE OR REPLACE` and `DROP` of
   * views and routines, in file order, each file's names as its `search_path` gives them, without
   * those a transaction of their file rolls back (see `fixForward.ts`): a finding on a grant they
   * revoke, or inside a definition they replace, is about something the set no longer has.
   */
  fixForward(): readonly import('./fixForward').FixForwardFact[];
}

/** A Drizzle relation's target: a Neon Auth table, or another table by its identifier. */
/** The relation name under which `DrizzleRelations` marks a schema key that is a Neon Auth table itself. */
export const SCHEMA_TABLE = '';

export type DrizzleRelationTarget = { auth: ExportedAuthTable } | { table: string };

/**
 * Drizzle relations by table identifier (as `db.query.<table>` names it), then relation name. The
 * relation name `''` (`SCHEMA_TABLE`; `with` cannot name it) says the identifier is itself a Neon
 * Auth table of the schema, so `db.query.<identifier>` reads that table.
 */
export type DrizzleRelations = Record<string, Record<string, DrizzleRelationTarget>>;

/** What a host name stands for: a Neon Auth table, or one of its columns when `column` is set (names as Postgres sees them). */
export interface HostNameTarget {
  /** Undefined for an app table of the search path's schema (Drizzle's `pgTable`). */
  schema?: string;
  table: string;
  column?: string;
}

/** `LintOptions.hostNames`: placeholder (`_0`) → what it stands for. */
export type HostNames = Record<string, HostNameTarget>;

/** A Neon Auth table a workspace module exports as a Drizzle table object. */
export interface ExportedAuthTable {
  /** Schema and table name as Postgres sees them (`neon_auth`, `users_sync`). */
  schema: string;
  table: string;
  /** The table object's properties and the columns they name (`deletedAt` → `deleted_at`). */
  columns: Record<string, string>;
}

/** Neon Auth tables of imported workspace modules: import specifier (as written) → export name → table. */
export type WorkspaceImports = Record<string, Record<string, ExportedAuthTable>>;

/** A statement that no parser accepted, with where the parser stopped. */
export interface RejectedStatement {
  start: number;
  end: number;
  /** Offset (UTF-16, into the document) where the parser gave up, when it said. */
  errorOffset?: number;
  message: string;
}

/** The result of linting one document. */
export interface LintResult {
  /** Findings sorted by start offset, then rule id. */
  findings: Finding[];
  /**
   * Number of SQL statements found by the splitter (psql meta-commands excluded); 0 when the text
   * was skipped because nothing in it can concern Neon Auth (`mayBeRelevant` in `documentIndex.ts`
   * for SQL, `mentionsNeonAuth` in `host.ts` for TypeScript and JavaScript).
   */
  statements: number;
  /** Number of statements that were parsed (the rest could not matter to any rule). */
  parsed: number;
  /** Statements that mattered to a rule but that the parser rejected. */
  rejected: RejectedStatement[];
  /** Why the whole text was not checked (too large, or not text), when it was not. */
  skipped?: string;
  /**
   * The Neon Auth generation the file was checked for: forced by `LintOptions.authSchema`, else
   * detected from its references (the generation most of them are to); for a migration of a set,
   * the one its earlier migrations leave when the file names only the other one, and the set's
   * when it names neither (`PriorSchema.generation`, `PriorSchema.earlier`). Absent when `auto`
   * found no reference to either generation's tables and there is no set to tell.
   */
  generation?: 'legacy' | 'current';
}
