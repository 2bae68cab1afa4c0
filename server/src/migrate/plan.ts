/**
 * The plan that moves an app from the legacy Neon Auth (`neon_auth.users_sync`, text ids, soft
 * delete) to the current one (`neon_auth."user"`, uuid ids, hard delete): one reviewable SQL file
 * and a report of what needs a person. Pure: the input is what the migration fold (`history.ts`)
 * knows after a set's last file, and the set's texts (scanned for row-level security policies,
 * which the fold does not track); nothing is read or run here.
 *
 * The SQL, in one transaction (see `planMigration` for each step):
 * - `public.auth_id_map (old_id text PRIMARY KEY, new_id uuid NOT NULL UNIQUE)`, filled by joining
 *   live `users_sync` rows that have an e-mail to `neon_auth."user"` on `lower(email)`, e-mails two
 *   users share on either side left out;
 * - a query that lists the legacy users it could not map, with the reason;
 * - a guard (a `DO` block) that raises, before anything changes, while a referencing column still
 *   holds an old id with no entry in the map, while a foreign key of several columns includes a
 *   column to move, or while the catalog (`pg_depend`) shows an object depending on a column to
 *   move that the file cannot move (another table's key to it, a view, a generated column, a CHECK
 *   that compares it as text, a default other than `auth.user_id()`, an index whose expression or
 *   predicate reads it, a policy that compares it with anything but `auth.user_id()`, a trigger on
 *   `UPDATE OF` it or whose `WHEN` reads it, a routine with a SQL-standard body that reads it,
 *   statistics on an expression of it, a partition key that includes it: see `DEPENDENTS_FUNCTION`);
 * - per referencing column, a `DO` block that runs only while the column is not `uuid` yet (so a
 *   second run changes nothing): a uuid column is added and filled through the map (`UPDATE …
 *   FROM`: Postgres refuses a subquery in `ALTER … TYPE … USING`), checked, the indexes, primary
 *   key, unique and exclusion constraints (and whether one of those indexes is the table's replica
 *   identity or `CLUSTER ON` index), policies, NULL-test CHECKs, the default, the comment, the
 *   column's own grants (`GRANT SELECT (col)`), statistics target and options (`SET (n_distinct =
 *   …)`) of the old column are read from the catalog, the old column dropped, the new one renamed into
 *   its place, those definitions recreated (`auth.user_id()` written as `auth.uid()`), and the key to
 *   `neon_auth."user"(id)` added with the old key's written actions (`ON DELETE`, `ON UPDATE`,
 *   `DEFERRABLE`; a key that writes no `ON DELETE` gets CASCADE on a column that rejects NULL (NOT
 *   NULL, or a CHECK whose expression is `col IS NOT NULL` or an AND with it), SET NULL on one that
 *   may hold NULL, as the database has it at run time: `actionReport`, `newKey`), NOT NULL kept as
 *   the database has it, read from the catalog before the old column goes (a notice when the
 *   migrations say otherwise) (a column the
 *   database does not have is skipped with a notice:
 *   the sets may disagree on it, see `mergedTables`); the column's policies are kept aside and
 *   created again, with `auth.uid()` where they compare a moved column with `auth.user_id()`, once
 *   every column has moved (`POLICIES_BLOCK`);
 * - a last check that raises while any foreign key to users_sync is left (`LEFT_KEYS_CHECK`), so
 *   a plan made from too little commits nothing.
 */
import { TableDef } from '../linter/model';
import { chosenConstraintName, clipBytes } from '../linter/constraintNames';
import { dollarBody, tokenize } from '../linter/lexer';
import { splitStatements, type Statement } from '../linter/statements';
import { SigTokens } from '../linter/tokens';
import { LineIndex } from '../linter/positions';
import { sqlIdent } from '../linter/sqlText';
import { definitionOf, FixForwardFact, FixForwardWalker, mayBeFact, redefinedLater } from '../linter/fixForward';
import { searchPathChange } from '../linter/searchPath';
import { authReferences } from '../linter/generation';
import { sortReport } from './report';
import type { MigrationConvention } from '../workspace/migrations';

/** One item of the report. `file` is as the input names it; `line` is 1-based. */
export interface PlanReportItem {
  /** `error`: no file can be written; `warning`: needs a person; `info`: for the record (also "nothing to move"). */
  severity: 'error' | 'warning' | 'info';
  message: string;
  file?: string;
  /** 1-based; with `column` (1-based, UTF-16 code units) where the item has a position of its own (`report.ts` `reportLocation` writes the place). */
  line?: number;
  column?: number;
  /** For a query that breaks after the switch (`queries.ts`): the rule that found it. */
  rule?: string;
}

/** A migration set as the plan reads it. */
export interface PlanSetInput {
  /** The set's folder, as reports name it. */
  root: string;
  /** The set's files in the order they run: path as reports name it, and text. */
  files: ReadonlyArray<{ path: string; text: string }>;
  /** The tables after the set's last file (`MigrationFolder.before(files.length).tables`), keyed `schema.name`. */
  tables: ReadonlyMap<string, TableDef>;
  /**
   * True when the set restates a schema rather than the history that made it (a schema dump, a
   * hand-written `schema.sql`, a file named alone): a table a migration set defines too is planned
   * from the migration set (see `mergedTables`).
   */
  snapshot?: boolean;
  /** How the set was found (`workspace/migrations.ts`): a `prisma` set gets a word on Prisma Migrate in the report (`prismaReport`). */
  convention?: MigrationConvention;
}

/** One app column that references the legacy user table, and what the plan does with it. */
export interface PlannedColumn {
  schema: string;
  table: string;
  column: string;
  notNull: boolean;
  /**
   * True when the column is nullable but a `CHECK` of the migrations rejects NULL in it (`CHECK (col
   * IS NOT NULL)`, also as a term of an AND: `nullChecks.ts`): Postgres checks it on the row
   * `ON DELETE SET NULL` writes (23514), so the file treats the column as NOT NULL when it chooses an action.
   */
  nullCheck?: true;
  /** The old key's `ON DELETE` action, lower-case (`no action` when none was written). */
  oldAction: string;
  /** True when the old key writes its `ON DELETE` action (`oldAction` is then the user's choice). */
  actionWritten: boolean;
  /**
   * The new key's `ON DELETE` action, lower-case: the one written, kept (`restrict`, `no action`,
   * `set null`, `set default`, `cascade`); for a key that writes none, `cascade` on a NOT NULL column
   * (or one a CHECK keeps from NULL: `nullCheck`) and `set null` on a nullable one (the report and
   * the file's comment say so).
   */
  newAction: string;
  /** The old key's `ON UPDATE` action, lower-case, when written and not `no action` (the default): the new key keeps it. */
  onUpdate?: string;
  /** `deferrable` or `deferrable initially deferred` when the old key is deferrable: the new key keeps it. */
  deferrable?: string;
  /** The old key's constraint name (as the history knows it) and the new one's (`keptName`). */
  oldConstraint: string;
  newConstraint: string;
  /**
   * True when the migrations leave the column `uuid` already (a key Postgres rejects: 42804): the
   * file's block for it skips it at run time while it is uuid, and adds no key (the report says so).
   */
  uuidAlready?: boolean;
  /** Where the old key was written (1-based line, and `character`: 1-based column). */
  file?: string;
  line?: number;
  character?: number;
}

export interface MigrationPlan {
  /** The SQL file's text: '' when a report item is an error, or when no column is to move (`columns` empty; an `info` item says so). */
  sql: string;
  report: PlanReportItem[];
  columns: PlannedColumn[];
}

/** `n one` or `n many`. */
const counted = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * How the CLI and the editor count a plan's columns, in the report's words: the columns the file
 * moves (`columns` but those it skips, `uuidAlready`: "The file skips a column that is uuid
 * already"), then those it skips, when any: `2 columns to move, 1 skipped as uuid already`. `moved`
 * is the first number.
 */
export function columnsSummary(plan: Pick<MigrationPlan, 'columns'>): { moved: number; text: string } {
  const moved = plan.columns.filter((c) => !c.uuidAlready).length;
  const skipped = plan.columns.length - moved;
  const text = `${counted(moved, 'column')} to move${skipped === 0 ? '' : `, ${skipped} skipped as uuid already`}`;
  return { moved, text };
}

/** The schemas the legacy user table lives in (`neon_identity`: its early-access name). */
const LEGACY_SCHEMAS = ['neon_auth', 'neon_identity'];

/** Column names that say "a user's id" when a text column has no foreign key (reported, not migrated). */
const USER_ID_NAME = /(^|_)(user|owner|author|creator|created_by|updated_by|member|assignee|reviewer|customer|account)_?id$/i;

/** An identifier as SQL: bare when Postgres would read it back unchanged, else double-quoted (`sqlIdent`). */
export const ident = sqlIdent;

/** A string constant. */
function lit(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const qualified = (schema: string, name: string): string => `${ident(schema)}.${ident(name)}`;

/** The name Postgres gives a one-column foreign key by default (`<table>_<column>_fkey`, cut to 63 bytes as Postgres cuts it). */
function defaultFkName(table: string, column: string): string {
  return chosenConstraintName(table, [column], 'fkey');
}

/**
 * The new key's name: the old one, so that what names it (a migration tool's diff, an error
 * handler matching 23503 messages) still does; a name that spells the legacy table (drizzle-kit's
 * `<table>_<column>_users_sync_id_fk`) gets `user` in its place, as drizzle-kit names the new key.
 */
function keptName(old: string): string {
  return old.replace(/users_sync/g, 'user');
}

/** The 1-based line and column (UTF-16 code units) of `offset`, as report items give them. */
function positionOf(lines: LineIndex, offset: number): { line: number; column: number } {
  const p = lines.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

/** Whether a foreign key's target is the legacy user table's id. */
function isLegacyUsers(ref: { schema?: string; name: string; column?: string }): boolean {
  return ref.name === 'users_sync' && (ref.schema === undefined || LEGACY_SCHEMAS.includes(ref.schema)) && (ref.column === undefined || ref.column === 'id');
}

/**
 * Whether a foreign key's target is one quoted name that spells the legacy user table with its
 * schema (`REFERENCES "neon_auth.users_sync"(id)`): to Postgres a table of that dotted name in the
 * key's schema (the search path's, when unqualified), not Neon Auth's. Not planned: the report
 * names it (`no-quoted-dotted-name` reports it too, and its fix splits the name).
 */
function isQuotedDottedLegacy(ref: { name: string; column?: string }): boolean {
  return LEGACY_SCHEMAS.some((s) => ref.name === `${s}.users_sync`) && (ref.column === undefined || ref.column === 'id');
}

/** Whether a foreign key's target is the current user table's id (`neon_auth."user"(id)`). */
function isCurrentUsers(ref: { schema?: string; name: string; column?: string }): boolean {
  return ref.name === 'user' && ref.schema === 'neon_auth' && (ref.column === undefined || ref.column === 'id');
}

/** A `CREATE POLICY` of a set's files that mentions `auth.user_id()`: where, its name and table. */
interface PolicySite {
  file: string;
  line: number;
  column: number;
  name: string;
  table: string;
}

/** A set file's statements, split once per file however many of the scans below read it. */
const statementsOfFile = new WeakMap<{ text: string }, Statement[]>();
function fileStatements(f: { text: string }): Statement[] {
  let statements = statementsOfFile.get(f);
  if (!statements) statementsOfFile.set(f, (statements = splitStatements(tokenize(f.text))));
  return statements;
}

/** The name written right before the first `(` at or after token `from` (a routine's, in `CREATE FUNCTION f(` or `EXECUTE FUNCTION f(`), if it is a name. */
function routineNameAt(sig: SigTokens, from: number): string | undefined {
  let open = from;
  while (open < sig.list.length && !sig.isPunct(open, '(')) open++;
  const name = sig.list[open - 1];
  return open > from && (name?.kind === 'word' || name?.kind === 'quotedIdent') ? name.value : undefined;
}

/** The `CREATE POLICY name ON table … auth.user_id() …` statements of `files` (tokens only). */
function policiesUsingUserId(files: PlanSetInput['files']): PolicySite[] {
  const out: PolicySite[] = [];
  for (const f of files) {
    if (!/auth\s*\.\s*user_id/i.test(f.text)) continue;
    const lines = new LineIndex(f.text);
    for (const stmt of fileStatements(f)) {
      const sig = new SigTokens(stmt.tokens);
      if (!sig.isWord(0, 'create') || !sig.isWord(1, 'policy')) continue;
      let uses = false;
      for (let k = 0; k + 2 < sig.list.length; k++) if (sig.isWord(k, 'auth') && sig.isPunct(k + 1, '.') && sig.isWord(k + 2, 'user_id')) uses = true;
      if (!uses) continue;
      const name = sig.list[2]?.value ?? '?';
      let table = '?';
      for (let k = 3; k < sig.list.length; k++)
        if (sig.isWord(k, 'on')) {
          table = sig.isPunct(k + 2, '.') && sig.list[k + 3] ? `${sig.list[k + 1].value}.${sig.list[k + 3].value}` : (sig.list[k + 1]?.value ?? '?');
          break;
        }
      out.push({ file: f.path, ...positionOf(lines, stmt.start), name, table });
    }
  }
  return out;
}

/** A view, routine or policy of a set's migrations that reads the legacy user table (see `legacyReaders`). */
interface LegacyReader {
  /** `view`, `materialized view`, `function`, `procedure` or `policy`. */
  kind: string;
  /** As the report names it: `schema.name` (a policy: `name on schema.table`). */
  name: string;
  /** Where its first reference to `users_sync` is (1-based line and column). */
  file: string;
  line: number;
  column: number;
  /** The legacy table as written there (`neon_auth.users_sync`). */
  table: string;
}

/**
 * The views (materialized too), functions, procedures and policies the set's migrations create
 * that read the legacy user table by its qualified name (`neon_auth.users_sync`; a routine in its
 * dollar-quoted body) and that no later statement of the set replaces or drops: the file does not
 * touch them, and once the app is on the current Neon Auth they read a table that is no longer
 * synced. A view or routine counts as replaced or dropped as the linter's fixing forward tells
 * (`redefinedLater`: `CREATE OR REPLACE`, `DROP`, followed through renames); a policy by a later
 * `DROP POLICY name ON table`. TEMP views and `pg_temp` routines do not outlive their session: not
 * listed. An unqualified `users_sync` (through a `search_path`) is not read, as the fold does not
 * resolve one either. In run order.
 */
function legacyReaders(files: PlanSetInput['files']): LegacyReader[] {
  type Found = LegacyReader & { index: number; start: number; end: number; def?: NonNullable<ReturnType<typeof definitionOf>>; policy?: string };
  const found: Found[] = [];
  // every file's fix-forward facts (what its transactions do not roll back), and its DROP POLICYs, with its index
  const facts: Array<{ index: number; fact: FixForwardFact }> = [];
  const dropped: Array<{ index: number; start: number; policy: string }> = [];
  const policyKey = (sig: SigTokens, name: number): string | undefined => {
    const on = sig.isWord(name + 1, 'on') ? qualifiedAt(sig, name + 2) : undefined;
    return on && sig.list[name] ? `${sig.list[name].value} on ${on.name}` : undefined;
  };
  files.forEach((f, index) => {
    const walker = new FixForwardWalker();
    const reads = /users_sync/i.test(f.text);
    const lines = new LineIndex(f.text);
    for (const stmt of fileStatements(f)) {
      const sig = new SigTokens(stmt.tokens);
      if (sig.list.length === 0) continue;
      const path = walker.currentPath;
      const change = searchPathChange(sig);
      walker.feed(change, !change && mayBeFact(f.text, sig.list[0].start) ? sig : undefined, stmt.start);
      if (sig.isWord(0, 'drop') && sig.isWord(1, 'policy')) {
        const key = policyKey(sig, sig.isWord(2, 'if') && sig.isWord(3, 'exists') ? 4 : 2);
        if (key !== undefined) dropped.push({ index, start: stmt.start, policy: key });
        continue;
      }
      if (!reads || !sig.isWord(0, 'create')) continue;
      let refs = authReferences(sig).filter((r) => r.table.generation === 'legacy');
      const at = (r: (typeof refs)[number]) => ({
        file: f.path,
        ...positionOf(lines, r.start),
        table: f.text.slice(r.start, r.end),
        index,
        start: stmt.start,
        end: stmt.end,
      });
      if (sig.isWord(1, 'policy')) {
        const key = policyKey(sig, 2);
        // (the table the policy is on is not one it reads)
        const on = qualifiedAt(sig, 4);
        refs = refs.filter((r) => !on || r.start >= sig.list[on.next - 1].end);
        if (key !== undefined && refs.length > 0) found.push({ kind: 'policy', name: key, policy: key, ...at(refs[0]) });
        continue;
      }
      const def = definitionOf(sig, path);
      if (!def || def.temp || def.ref.schemas[0] === 'pg_temp') continue;
      if (def.object === 'function' || def.object === 'procedure')
        for (let k = 1; k < sig.list.length; k++) {
          const body = sig.isWord(k - 1, 'as') ? dollarBody(f.text, sig.list[k]) : undefined;
          if (body) refs.push(...authReferences(new SigTokens(body.tokens)).filter((r) => r.table.generation === 'legacy'));
        }
      refs.sort((a, b) => a.start - b.start);
      if (refs.length > 0) found.push({ kind: def.object, name: `${def.ref.schemas[0]}.${def.ref.name}`, def, ...at(refs[0]) });
    }
    for (const fact of walker.facts) facts.push({ index, fact });
  });
  // whether what starts at `start` of file `index` runs after `x` (before it: `x` runs after it)
  const after = (index: number, start: number, x: Found): boolean => index > x.index || (index === x.index && start >= x.end);
  const before = (index: number, start: number, x: Found): boolean => index < x.index || (index === x.index && start < x.start);
  return found
    .filter((x) =>
      x.def
        ? !redefinedLater(
            x.def,
            facts.filter((f) => after(f.index, f.fact.start, x)).map((f) => f.fact),
            facts.filter((f) => before(f.index, f.fact.start, x)).map((f) => f.fact),
          )
        : !dropped.some((d) => d.policy === x.policy && after(d.index, d.start, x)),
    )
    .map(({ kind, name, file, line, column, table }) => ({ kind, name, file, line, column, table }));
}

/** The report item of a `legacyReaders` object; `moves`: whether the plan moves a column (writes a file). */
function legacyReaderItem(r: LegacyReader, moves: boolean): PlanReportItem {
  const what = r.kind === 'policy' ? `Policy ${r.name}` : `${r.kind[0].toUpperCase()}${r.kind.slice(1)} ${r.name}`;
  return {
    severity: 'warning',
    message: `${what} reads ${r.table}, which is no longer synced once the app is on the current Neon Auth: it goes on reading the legacy users as they were (text ids, no user who signs up later). ${moves ? 'The file does not rewrite it: rewrite it' : 'Rewrite it'} on neon_auth."user" (uuid id, hard delete: no deleted_at)${moves ? ' after the moves' : ''}.`,
    file: r.file,
    line: r.line,
    column: r.column,
  };
}

/** A foreign key of several columns, as a set's files write it. */
interface CompositeKey {
  file: string;
  line: number;
  column: number;
  /** The table that owns it and the one it references, `schema.name` (`public` when unqualified). */
  table: string;
  columns: string[];
  target: string;
  targetColumns: string[];
}

/** A qualified name at token `i` of `sig`: `schema.name` (`public.` added when unqualified) and the index after it. */
function qualifiedAt(sig: SigTokens, i: number): { name: string; next: number } | undefined {
  const word = (k: number): boolean => sig.list[k] !== undefined && (sig.list[k].kind === 'word' || sig.list[k].kind === 'quotedIdent');
  if (!word(i)) return undefined;
  if (sig.isPunct(i + 1, '.') && word(i + 2)) return { name: `${sig.list[i].value}.${sig.list[i + 2].value}`, next: i + 3 };
  return { name: `public.${sig.list[i].value}`, next: i + 1 };
}

/** The names of the column list in parentheses at token `open`, and the index after its `)`. */
function columnListAt(sig: SigTokens, open: number): { columns: string[]; next: number } | undefined {
  if (!sig.isPunct(open, '(')) return undefined;
  const close = sig.matchingParen(open);
  if (close < 0) return undefined;
  const columns = sig.list
    .slice(open + 1, close)
    .filter((t) => t.kind === 'word' || t.kind === 'quotedIdent')
    .map((t) => t.value);
  return { columns, next: close + 1 };
}

/** The `FOREIGN KEY (a, b, …) REFERENCES t (x, y, …)` of `CREATE TABLE` and `ALTER TABLE` statements in `files` (tokens only). */
function compositeKeys(files: PlanSetInput['files']): CompositeKey[] {
  const out: CompositeKey[] = [];
  for (const f of files) {
    if (!/foreign\s+key/i.test(f.text)) continue;
    const lines = new LineIndex(f.text);
    for (const stmt of fileStatements(f)) {
      const sig = new SigTokens(stmt.tokens);
      let k = 2;
      if (sig.isWord(0, 'create')) {
        while (sig.isWord(k - 1, 'temp', 'temporary', 'unlogged', 'global', 'local')) k++;
        if (!sig.isWord(k - 1, 'table')) continue;
      } else if (!sig.isWord(0, 'alter') || !sig.isWord(1, 'table')) continue;
      while (sig.isWord(k, 'if', 'not', 'exists', 'only')) k++;
      const owner = qualifiedAt(sig, k);
      if (!owner) continue;
      for (let i = owner.next; i < sig.list.length; i++) {
        if (!sig.isWord(i, 'foreign') || !sig.isWord(i + 1, 'key')) continue;
        const local = columnListAt(sig, i + 2);
        if (!local || local.columns.length < 2 || !sig.isWord(local.next, 'references')) continue;
        const target = qualifiedAt(sig, local.next + 1);
        const remote = target && columnListAt(sig, target.next);
        if (!target) continue;
        out.push({
          file: f.path,
          ...positionOf(lines, sig.list[i].start),
          table: owner.name,
          columns: local.columns,
          target: target.name,
          targetColumns: remote?.columns ?? [],
        });
      }
    }
  }
  return out;
}

/** Words that end a column's `DEFAULT` expression at depth 0 (the next column constraint). */
const AFTER_DEFAULT = new Set(['not', 'null', 'references', 'check', 'unique', 'primary', 'constraint', 'generated', 'collate']);

/**
 * What the set's files say depends on the columns to move and the file cannot carry over, or
 * carries over rewritten (the guard reads the catalog at run time; this is the report's early
 * word on it, from the folded schema and the statements' tokens):
 * - one-column foreign keys of other columns to a moved column (the folded schema): they block;
 * - the moved column's `DEFAULT`: `auth.user_id()` is carried over as `auth.uid()`, any other blocks;
 * - `CHECK (…)` groups of `CREATE TABLE`/`ALTER TABLE` statements of a moved column's table that
 *   name it: carried over when they only test it for NULL, else they block;
 * - `GENERATED ALWAYS AS (…)` groups of that table that name it, `PARTITION BY (…)` of that table
 *   that names it (42P16), and `CREATE VIEW`s that name both the table and the column, or read the
 *   table with `*` (`readsStar`): they block;
 * - `CREATE TRIGGER`s on that table whose `UPDATE OF` names it or whose `WHEN` reads it
 *   (`triggerUses`): they block (also `CREATE INDEX` and `CREATE POLICY`: `indexUses`, `policyUses`;
 *   routines with a SQL-standard body and `CREATE STATISTICS` on an expression: `sqlBodyUses`,
 *   `statisticsUses`);
 * - `ALTER TABLE … FORCE ROW LEVEL SECURITY` of that table: the guard stops unless the role that
 *   runs the file has BYPASSRLS.
 */
function dependentsReport(
  sets: readonly PlanSetInput[],
  tables: ReadonlyMap<string, TableDef>,
  columns: readonly PlannedColumn[],
  report: PlanReportItem[],
): void {
  const moved = new Map<string, PlannedColumn[]>();
  for (const c of columns) moved.set(`${c.schema}.${c.table}`, [...(moved.get(`${c.schema}.${c.table}`) ?? []), c]);
  const blocks = 'the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves';
  // Foreign keys to a moved column.
  for (const [key, def] of tables)
    for (const col of def.columns)
      for (const ref of col.references ?? []) {
        if (isLegacyUsers(ref)) continue;
        const target = `${ref.schema ?? 'public'}.${ref.name}`;
        const targetDef = tables.get(target);
        const targetColumn = ref.column ?? (targetDef?.primaryKey.length === 1 ? targetDef.primaryKey[0] : undefined);
        const hit = moved.get(target)?.find((c) => c.column === targetColumn);
        if (!hit) continue;
        report.push({
          severity: 'warning',
          message: `The foreign key of ${key}.${col.name} references ${target}.${hit.column}, which the file moves to uuid: the file stops before changing anything while it exists: drop it at the top of the file, move ${key}.${col.name} to uuid the same way (through ${ID_MAP}), and add the key back after the moves.`,
          ...(ref.origin ? { file: ref.origin.path, line: ref.origin.line + 1, column: ref.origin.character + 1 } : {}),
        });
      }
  // The moved columns' defaults.
  const texts = new Map<string, string>();
  for (const s of sets) for (const f of s.files) texts.set(f.path, f.text);
  for (const c of columns) {
    const site = tables.get(`${c.schema}.${c.table}`)?.columns.find((x) => x.name === c.column)?.origin?.default;
    const text = site && texts.get(site.path);
    if (!site || text === undefined) continue;
    const sig = new SigTokens(tokenize(text, new LineIndex(text).offsetAt({ line: site.line, character: site.character })));
    if (!sig.isWord(0, 'default') && !sig.isWord(0, 'set')) continue;
    const from = sig.isWord(0, 'set') ? 2 : 1;
    const last = sig.lastBefore(from, AFTER_DEFAULT, new Set([',', ';']));
    if (last < from) continue;
    const written = text.slice(sig.list[from].start, sig.list[last].end);
    const bare = written
      .replace(/\s+/g, '')
      .replace(/^\((.*)\)$/, '$1')
      .toLowerCase();
    const kept = bare === 'auth.user_id()' || bare === 'auth.uid()';
    report.push({
      severity: kept ? 'info' : 'warning',
      message: kept
        ? `${c.schema}.${c.table}.${c.column}: DEFAULT ${written} becomes DEFAULT auth.uid() (the signed-in user's id as uuid).`
        : `${c.schema}.${c.table}.${c.column} has DEFAULT ${written}, which has no meaning on the uuid column: ${blocks.replace('it exists', 'the column has it').replace('drop it', 'drop the default').replace('create its uuid version', 'set a uuid default')}.`,
      file: site.path,
      line: site.line + 1,
      column: site.character + 1,
    });
  }
  // The routines the sets define, by name (lower-case, unqualified): a trigger's function is looked up there.
  const routines = new Map<string, string>();
  for (const s of sets)
    for (const f of s.files) {
      if (!/function/i.test(f.text)) continue;
      for (const stmt of fileStatements(f)) {
        const sig = new SigTokens(stmt.tokens);
        let k = 1;
        if (sig.isWord(k, 'or') && sig.isWord(k + 1, 'replace')) k += 2;
        if (!sig.isWord(0, 'create') || !sig.isWord(k, 'function')) continue;
        const name = routineNameAt(sig, k + 1);
        if (name !== undefined) routines.set(name, f.text.slice(stmt.start, stmt.end));
      }
    }
  // CHECK constraints, generated columns and views that name a moved column.
  for (const s of sets)
    for (const f of s.files) {
      if (!/check|generated|view|index|policy|trigger|force|atomic|return|statistics|partition/i.test(f.text)) continue;
      const lines = new LineIndex(f.text);
      for (const stmt of fileStatements(f)) {
        const sig = new SigTokens(stmt.tokens);
        const at = (i: number): { line: number; column: number } => positionOf(lines, sig.list[i].start);
        if (sig.isWord(0, 'create') && (sig.isWord(1, 'index') || (sig.isWord(1, 'unique') && sig.isWord(2, 'index')))) {
          indexUses(sig, f.text, moved, (message, i) => report.push({ severity: 'warning', message: `${message}; ${blocks}.`, file: f.path, ...at(i) }));
          continue;
        }
        if (sig.isWord(0, 'create') && sig.isWord(1, 'policy')) {
          policyUses(sig, moved, (message, i) => report.push({ severity: 'warning', message: `${message}; ${blocks}.`, file: f.path, ...at(i) }));
          continue;
        }
        if (
          sig.isWord(0, 'create') &&
          triggerUses(sig, moved, routines, (message, i, blocking) =>
            report.push({ severity: 'warning', message: blocking ? `${message}; ${blocks}.` : message, file: f.path, ...at(i) }),
          )
        )
          continue;
        if (
          sig.isWord(0, 'create') &&
          (sqlBodyUses(sig, moved, (message) => report.push({ severity: 'warning', message: `${message}; ${blocks}.`, file: f.path, ...at(0) })) ||
            statisticsUses(sig, moved, (message) => report.push({ severity: 'warning', message: `${message}; ${blocks}.`, file: f.path, ...at(0) })))
        )
          continue;
        let k = 2;
        if (sig.isWord(0, 'create')) {
          if (sig.isWord(1, 'or') && sig.isWord(2, 'replace')) k = 4;
          while (sig.isWord(k - 1, 'temp', 'temporary', 'unlogged', 'global', 'local', 'materialized', 'recursive')) k++;
          if (sig.isWord(k - 1, 'view')) {
            const names = new Set(sig.list.filter((t) => t.kind === 'word' || t.kind === 'quotedIdent').map((t) => t.value));
            for (const [table, cols] of moved) {
              if (!names.has(table.slice(table.indexOf('.') + 1))) continue;
              const star = readsStar(sig, 0, table);
              for (const c of cols)
                if (names.has(c.column) || star)
                  report.push({
                    severity: 'warning',
                    message: names.has(c.column)
                      ? `This view names ${table} and ${c.column}: a view that reads ${table}.${c.column}, which the file moves to uuid, cannot stay; ${blocks}.`
                      : `This view reads ${table} with *, so ${table}.${c.column} too, which the file moves to uuid: it cannot stay; ${blocks}.`,
                    file: f.path,
                    ...at(0),
                  });
            }
            continue;
          }
          if (!sig.isWord(k - 1, 'table')) continue;
        } else if (!sig.isWord(0, 'alter') || !sig.isWord(1, 'table')) continue;
        while (sig.isWord(k, 'if', 'not', 'exists', 'only')) k++;
        const owner = qualifiedAt(sig, k);
        const cols = owner && moved.get(owner.name);
        if (!owner || !cols) continue;
        for (let i = owner.next; i < sig.list.length; i++) {
          if (sig.isWord(i, 'force') && !sig.isWord(i - 1, 'no') && sig.isWord(i + 1, 'row') && sig.isWord(i + 2, 'level') && sig.isWord(i + 3, 'security'))
            report.push({
              severity: 'warning',
              message: `${owner.name} has FORCE ROW LEVEL SECURITY: its policies apply to its owner too, and the file must see every row it moves, so its guard stops before changing anything unless the role that runs it has BYPASSRLS (its hint says how to turn FORCE off in the file instead).`,
              file: f.path,
              ...at(i),
            });
          if (sig.isWord(i, 'partition') && sig.isWord(i + 1, 'by') && sig.isPunct(i + 3, '(')) {
            const close = sig.matchingParen(i + 3);
            for (const c of cols)
              for (let j = i + 4; j < close; j++)
                if ((sig.list[j].kind === 'word' || sig.list[j].kind === 'quotedIdent') && sig.list[j].value === c.column && !sig.isPunct(j + 1, '(')) {
                  report.push({
                    severity: 'warning',
                    message: `The partition key ${f.text.slice(sig.list[i].start, sig.list[close].end)} reads ${owner.name}.${c.column}, which the file moves to uuid: Postgres cannot drop a column of a partition key (42P16), so the file stops before changing anything; move it by hand (a new table partitioned by the uuid column, the rows copied through ${ID_MAP}).`,
                    file: f.path,
                    ...at(i),
                  });
                  break;
                }
            continue;
          }
          const check = sig.isWord(i, 'check') && sig.isPunct(i + 1, '(');
          const generated = sig.isWord(i, 'generated') && sig.isWord(i + 1, 'always') && sig.isWord(i + 2, 'as') && sig.isPunct(i + 3, '(');
          if (!check && !generated) continue;
          const open = check ? i + 1 : i + 3;
          const close = sig.matchingParen(open);
          if (close < 0) continue;
          for (const c of cols) {
            const uses: number[] = [];
            for (let j = open + 1; j < close; j++)
              if ((sig.list[j].kind === 'word' || sig.list[j].kind === 'quotedIdent') && sig.list[j].value === c.column && !sig.isPunct(j + 1, '('))
                uses.push(j);
            if (uses.length === 0) continue;
            const label = `${owner.name}.${c.column}`;
            const nullTests = uses.every(
              (j) => sig.isWord(j + 1, 'is') && (sig.isWord(j + 2, 'null') || (sig.isWord(j + 2, 'not') && sig.isWord(j + 3, 'null'))),
            );
            const written = f.text.slice(sig.list[i].start, sig.list[close].end);
            report.push(
              generated
                ? {
                    severity: 'warning',
                    message: `The generated column's ${written} reads ${label}, which the file moves to uuid; ${blocks}.`,
                    file: f.path,
                    ...at(i),
                  }
                : nullTests
                  ? {
                      severity: 'info',
                      message: `${written} only tests ${label} for NULL: the file adds it again on the uuid column.`,
                      file: f.path,
                      ...at(i),
                    }
                  : { severity: 'warning', message: `${written} reads ${label}, which the file moves to uuid, as text; ${blocks}.`, file: f.path, ...at(i) },
            );
          }
          i = close;
        }
      }
    }
}

/** `auth.user_id()` or `auth.uid()` at token `t`, or either as `(SELECT …)`: the index after it, else -1. */
function authIdAt(sig: SigTokens, t: number): number {
  if (sig.isWord(t, 'auth') && sig.isPunct(t + 1, '.') && sig.isWord(t + 2, 'user_id', 'uid') && sig.isPunct(t + 3, '(') && sig.isPunct(t + 4, ')'))
    return t + 5;
  if (sig.isPunct(t, '(') && sig.isWord(t + 1, 'select')) {
    const end = authIdAt(sig, t + 2);
    if (end > 0 && sig.isPunct(end, ')')) return end + 1;
  }
  return -1;
}

/** Words that end a table reference: after one of these, no alias follows. */
const NOT_ALIAS = new Set([
  'where',
  'join',
  'left',
  'right',
  'inner',
  'full',
  'cross',
  'natural',
  'on',
  'using',
  'group',
  'order',
  'limit',
  'offset',
  'fetch',
  'union',
  'intersect',
  'except',
  'window',
  'having',
  'for',
  'returning',
  'tablesample',
  'lateral',
  'with',
  'set',
  'end',
]);

/**
 * Whether the tokens from `from` read `table` (`schema.name`) with a star: `*` alone (a select
 * list's, not `count(*)` or a product), or `t.*` where `t` is the table's name or an alias given it.
 */
function readsStar(sig: SigTokens, from: number, table: string): boolean {
  const name = table.slice(table.indexOf('.') + 1);
  const aliases = new Set([name]);
  for (let j = from; j < sig.list.length; j++) {
    if (sig.list[j].value !== name || (sig.list[j].kind !== 'word' && sig.list[j].kind !== 'quotedIdent') || sig.isPunct(j + 1, '.')) continue;
    const a = sig.isWord(j + 1, 'as') ? j + 2 : j + 1;
    const t = sig.list[a];
    if (t && (t.kind === 'quotedIdent' || (t.kind === 'word' && !NOT_ALIAS.has(t.value.toLowerCase())))) aliases.add(t.value);
  }
  for (let j = from + 1; j < sig.list.length; j++) {
    if (sig.list[j].kind !== 'operator' || sig.list[j].value !== '*') continue;
    if (sig.isPunct(j - 1, '.')) {
      if (aliases.has(sig.list[j - 2]?.value)) return true;
    } else if (sig.isWord(j - 1, 'select', 'distinct', 'all') || sig.isPunct(j - 1, ',')) return true;
  }
  return false;
}

/**
 * A `CREATE [OR REPLACE] FUNCTION | PROCEDURE` whose body is SQL-standard (`BEGIN ATOMIC … END`, or
 * `RETURN expr`): Postgres records the tables and columns such a body reads, so one that reads a
 * moved column (names its table and it, or reads the table with `*`) keeps the file's guard from
 * dropping the column; `found` for each. False when the statement is no such routine.
 */
function sqlBodyUses(sig: SigTokens, moved: ReadonlyMap<string, PlannedColumn[]>, found: (message: string) => void): boolean {
  let k = 1;
  if (sig.isWord(k, 'or') && sig.isWord(k + 1, 'replace')) k += 2;
  if (!sig.isWord(k, 'function', 'procedure')) return false;
  let body = -1;
  for (let i = k + 1; i < sig.list.length && body < 0; i++) if ((sig.isWord(i, 'begin') && sig.isWord(i + 1, 'atomic')) || sig.isWord(i, 'return')) body = i;
  if (body < 0) return false;
  const names = new Set(
    sig.list
      .slice(body)
      .filter((t) => t.kind === 'word' || t.kind === 'quotedIdent')
      .map((t) => t.value),
  );
  const routine = routineNameAt(sig, k + 1) ?? '?';
  for (const [table, cols] of moved) {
    if (!names.has(table.slice(table.indexOf('.') + 1))) continue;
    const star = readsStar(sig, body, table);
    for (const c of cols)
      if (names.has(c.column) || star)
        found(
          `The SQL-standard body (BEGIN ATOMIC or RETURN) of ${sig.list[k].value.toLowerCase()} ${routine} reads ${table}${names.has(c.column) ? ` and names ${c.column}` : ' with *'}: Postgres keeps it bound to ${table}.${c.column}, which the file moves to uuid`,
        );
  }
  return true;
}

/**
 * A `CREATE STATISTICS [IF NOT EXISTS] name [(kinds)] ON … FROM table` on a table with moved columns:
 * `found` for each moved column an expression of it reads (`lower(owner_id)`). The file creates
 * statistics on the column itself again on the uuid column; one with an expression blocks. False
 * when the statement is no `CREATE STATISTICS`.
 */
function statisticsUses(sig: SigTokens, moved: ReadonlyMap<string, PlannedColumn[]>, found: (message: string) => void): boolean {
  if (!sig.isWord(1, 'statistics')) return false;
  let on = 2;
  while (on < sig.list.length && !sig.isWord(on, 'on')) on++;
  let from = on;
  while (from < sig.list.length && !sig.isWord(from, 'from')) from++;
  const owner = qualifiedAt(sig, from + 1);
  const cols = owner && moved.get(owner.name);
  if (!owner || !cols) return true;
  const name = sig.list[sig.isWord(2, 'if') ? 5 : 2]?.value ?? '?';
  for (const c of cols) {
    let depth = 0;
    let inExpression = false;
    for (let j = on + 1; j < from; j++) {
      if (sig.isPunct(j, '(')) depth++;
      else if (sig.isPunct(j, ')')) depth--;
      else if (depth > 0 && (sig.list[j].kind === 'word' || sig.list[j].kind === 'quotedIdent') && sig.list[j].value === c.column && !sig.isPunct(j + 1, '('))
        inExpression = true;
    }
    if (inExpression) found(`Statistics ${name} on ${owner.name} read ${owner.name}.${c.column}, which the file moves to uuid, in an expression`);
  }
  return true;
}

/**
 * A `CREATE POLICY name ON table … USING (…) [WITH CHECK (…)]` on a table with moved columns:
 * `found` for each moved column its expressions read other than as `col IS [NOT] NULL` or
 * `col = auth.user_id()` / `auth.uid()` (either side, also as `(SELECT …)`). The file recreates a
 * policy on the uuid column with `auth.user_id()` written `auth.uid()`; any other use
 * (`col = current_setting(…)`, a text column, a literal) would compare uuid with text (42883), so
 * the guard stops on it (`DEPENDENTS_FUNCTION`, `pol_block`). A use qualified by another name
 * (`m.owner_id` in a sub-query) is another table's column.
 */
function policyUses(sig: SigTokens, moved: ReadonlyMap<string, PlannedColumn[]>, found: (message: string, at: number) => void): void {
  let on = 3;
  while (on < sig.list.length && !sig.isWord(on, 'on')) on++;
  const owner = qualifiedAt(sig, on + 1);
  const cols = owner && moved.get(owner.name);
  if (!owner || !cols) return;
  const tableName = owner.name.slice(owner.name.indexOf('.') + 1);
  const name = sig.list[2]?.value ?? '?';
  for (let i = owner.next; i < sig.list.length; i++) {
    const open =
      sig.isWord(i, 'using') && sig.isPunct(i + 1, '(') ? i + 1 : sig.isWord(i, 'with') && sig.isWord(i + 1, 'check') && sig.isPunct(i + 2, '(') ? i + 2 : -1;
    if (open < 0) continue;
    const close = sig.matchingParen(open);
    if (close < 0) continue;
    for (const c of cols) {
      let other = false;
      for (let j = open + 1; j < close && !other; j++) {
        if ((sig.list[j].kind !== 'word' && sig.list[j].kind !== 'quotedIdent') || sig.list[j].value !== c.column || sig.isPunct(j + 1, '(')) continue;
        const qualified = sig.isPunct(j - 1, '.');
        if (qualified && sig.list[j - 2]?.value !== tableName) continue;
        const first = qualified ? j - 2 : j;
        const nullTest = sig.isWord(j + 1, 'is') && (sig.isWord(j + 2, 'null') || (sig.isWord(j + 2, 'not') && sig.isWord(j + 3, 'null')));
        const eq = (k: number): boolean => sig.list[k]?.kind === 'operator' && sig.list[k].value === '=';
        const after = eq(j + 1) && authIdAt(sig, j + 2) > 0;
        const before = eq(first - 1) && (authIdAt(sig, first - 6) === first - 1 || authIdAt(sig, first - 9) === first - 1);
        if (!nullTest && !after && !before) other = true;
      }
      if (other)
        found(
          `Policy ${name} on ${owner.name} reads ${owner.name}.${c.column}, which the file moves to uuid, other than as a NULL test or a comparison with auth.user_id() or auth.uid(): recreated on the uuid column, it would compare uuid with text (42883)`,
          i,
        );
    }
    i = close;
  }
}

/**
 * A `CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name … ON table …` on a table with moved columns:
 * `found` for each moved column its `UPDATE OF` list names or its `WHEN (…)` reads. Postgres records
 * both as the trigger depending on the column, so the guard stops on it (`DEPENDENTS_FUNCTION`'s
 * `blockers`: the file does not drop and recreate triggers); and, not blocking (`blocking` false:
 * nothing in the catalog ties a function's body to the column), each moved column the trigger's
 * function (`routines`: the sets' `CREATE FUNCTION`s by name) reads as `NEW.col` / `OLD.col`. False
 * when the statement is no `CREATE TRIGGER`.
 */
function triggerUses(
  sig: SigTokens,
  moved: ReadonlyMap<string, PlannedColumn[]>,
  routines: ReadonlyMap<string, string>,
  found: (message: string, at: number, blocking: boolean) => void,
): boolean {
  let k = 1;
  if (sig.isWord(k, 'or') && sig.isWord(k + 1, 'replace')) k += 2;
  if (sig.isWord(k, 'constraint')) k++;
  if (!sig.isWord(k, 'trigger')) return false;
  const name = sig.list[k + 1]?.value ?? '?';
  let on = k + 2;
  while (on < sig.list.length && !sig.isWord(on, 'on')) on++;
  const owner = qualifiedAt(sig, on + 1);
  const cols = owner && moved.get(owner.name);
  if (!owner || !cols) return true;
  const named = (j: number, c: string): boolean =>
    (sig.list[j].kind === 'word' || sig.list[j].kind === 'quotedIdent') && sig.list[j].value === c && !sig.isPunct(j + 1, '(');
  // UPDATE OF a, b: the names up to the next OR or ON
  const updateOf = new Set<string>();
  for (let j = k + 2; j < on; j++)
    if (sig.isWord(j, 'of') && sig.isWord(j - 1, 'update'))
      for (let n = j + 1; n < on && !sig.isWord(n, 'or'); n++) if (!sig.isPunct(n, ',')) updateOf.add(sig.list[n].value);
  let when: [number, number] | undefined;
  for (let j = owner.next; j < sig.list.length && !when; j++)
    if (sig.isWord(j, 'when') && sig.isPunct(j + 1, '(')) {
      const close = sig.matchingParen(j + 1);
      if (close > 0) when = [j + 2, close];
    }
  // EXECUTE FUNCTION | PROCEDURE f(…): f's definition in the sets, when there is one
  let body: string | undefined;
  let routine = '';
  for (let j = owner.next; j < sig.list.length - 2 && body === undefined; j++)
    if (sig.isWord(j, 'execute') && sig.isWord(j + 1, 'function', 'procedure')) {
      routine = routineNameAt(sig, j + 2) ?? '';
      body = routines.get(routine);
    }
  for (const c of cols) {
    const label = `${owner.name}.${c.column}`;
    if (updateOf.has(c.column)) found(`Trigger ${name} on ${owner.name} fires on UPDATE OF ${label}, which the file moves to uuid`, 0, true);
    else if (when && sig.list.slice(when[0], when[1]).some((_, i) => named(when![0] + i, c.column)))
      found(`Trigger ${name} on ${owner.name} reads ${label} in its WHEN, which the file moves to uuid`, 0, true);
    else if (body !== undefined && rowFieldRead(body, c.column))
      found(
        `Trigger ${name} on ${owner.name} runs ${routine}(), which reads NEW.${c.column} or OLD.${c.column}: the column becomes uuid, so a comparison there with text (auth.user_id(), a text parameter or literal) fails on every write (42883). Check ${routine}() and change it with the move (auth.user_id() becomes auth.uid())`,
        0,
        false,
      );
  }
  return true;
}

/** Whether a routine's text reads `NEW.col` or `OLD.col` (a trigger function's row fields), quoted or not. */
function rowFieldRead(body: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = /^[a-z_][a-z0-9_$]*$/.test(column) ? `(?:${escaped}|"${escaped}")` : `"${escaped.replace(/"/g, '""')}"`;
  return new RegExp(`\\b(?:new|old)\\s*\\.\\s*${name}(?![\\w$"])`, 'i').test(body);
}

/**
 * A `CREATE [UNIQUE] INDEX … ON table [USING method] (elements) … [WHERE predicate]` on a table with
 * moved columns: `found` for each moved column an expression element (`lower(col)`, inside an
 * element's own parentheses) or the predicate reads other than as `col IS [NOT] NULL`. Postgres
 * would rebuild such an index on the uuid column with the text expression (`lower(uuid)`,
 * `uuid <> text`: 42883), so the guard stops on it (`DEPENDENTS_FUNCTION`); a plain column element
 * moves with the column.
 */
function indexUses(sig: SigTokens, text: string, moved: ReadonlyMap<string, PlannedColumn[]>, found: (message: string, at: number) => void): void {
  let on = -1;
  for (let k = 2; k < sig.list.length && on < 0; k++) if (sig.isWord(k, 'on')) on = k;
  if (on < 0) return;
  let k = on + 1;
  if (sig.isWord(k, 'only')) k++;
  const owner = qualifiedAt(sig, k);
  const cols = owner && moved.get(owner.name);
  if (!owner || !cols) return;
  k = owner.next;
  if (sig.isWord(k, 'using')) k += 2;
  if (!sig.isPunct(k, '(')) return;
  const close = sig.matchingParen(k);
  if (close < 0) return;
  const named = (j: number, c: string): boolean =>
    (sig.list[j].kind === 'word' || sig.list[j].kind === 'quotedIdent') && sig.list[j].value === c && !sig.isPunct(j + 1, '(');
  const nullTest = (j: number): boolean => sig.isWord(j + 1, 'is') && (sig.isWord(j + 2, 'null') || (sig.isWord(j + 2, 'not') && sig.isWord(j + 3, 'null')));
  let where = -1;
  for (let j = close + 1; j < sig.list.length && where < 0; j++) if (sig.isWord(j, 'where')) where = j;
  for (const c of cols) {
    const label = `${owner.name}.${c.column}`;
    let depth = 0;
    let inExpression = false;
    let textOnly: string | undefined;
    for (let j = k + 1; j < close; j++) {
      if (sig.isPunct(j, '(')) depth++;
      else if (sig.isPunct(j, ')')) depth--;
      else if (depth > 0 && named(j, c.column)) inExpression = true;
      // `col COLLATE "C"`, `col text_pattern_ops`: a collation or operator class uuid does not have (42804)
      else if (depth === 0 && named(j, c.column)) {
        const next = sig.list[j + 1];
        if (sig.isWord(j + 1, 'collate')) textOnly = `COLLATE ${sig.list[j + 2]?.value ?? ''}`.trim();
        else if (next?.kind === 'word' && next.value.endsWith('_ops')) textOnly = `operator class ${next.value}`;
      }
    }
    if (inExpression)
      found(`This index's expression ${text.slice(sig.list[k].start, sig.list[close].end)} reads ${label}, which the file moves to uuid, as text`, 0);
    if (textOnly !== undefined) found(`This index gives ${label}, which the file moves to uuid, the ${textOnly}, which uuid does not have`, 0);
    if (where >= 0) {
      const uses: number[] = [];
      for (let j = where + 1; j < sig.list.length; j++) if (named(j, c.column)) uses.push(j);
      const last = sig.isPunct(sig.list.length - 1, ';') ? sig.list.length - 2 : sig.list.length - 1;
      if (uses.some((j) => !nullTest(j)))
        found(`This index's WHERE ${text.slice(sig.list[where + 1].start, sig.list[last].end)} reads ${label}, which the file moves to uuid, as text`, where);
    }
  }
}

/**
 * The columns of `tables` that reference the legacy user table (one-column keys), in table order;
 * `legacySchema`, the schema the most of them name it in; `current`, how many columns reference
 * the current user table already; report items: `unplanned` (a key to the quoted dotted
 * `"neon_auth.users_sync"`, not planned), `namedLikeUserId` (a text column named like a user id
 * with no key, not planned) and `report` (on planned columns: a SET NULL column list).
 */
function referencingColumns(tables: ReadonlyMap<string, TableDef>): {
  columns: PlannedColumn[];
  legacySchema: string;
  current: number;
  unplanned: PlanReportItem[];
  namedLikeUserId: PlanReportItem[];
  report: PlanReportItem[];
} {
  const columns: PlannedColumn[] = [];
  const schemas = new Map<string, number>();
  const unplanned: PlanReportItem[] = [];
  const namedLikeUserId: PlanReportItem[] = [];
  const report: PlanReportItem[] = [];
  let current = 0;
  for (const [key, def] of tables) {
    const schema = key.slice(0, key.indexOf('.'));
    for (const c of def.columns) {
      const refs = (c.references ?? []).filter(isLegacyUsers);
      if (c.references?.some(isCurrentUsers)) current++;
      if (refs.length === 0) {
        const dotted = c.references?.find(isQuotedDottedLegacy);
        if (dotted) {
          const written = `${dotted.schema === undefined ? '' : `${ident(dotted.schema)}.`}"${dotted.name}"`;
          const [s] = dotted.name.split('.');
          unplanned.push({
            severity: 'warning',
            message: `${schema}.${def.name}.${c.name}: its key references ${written}, one quoted name: a table named ${dotted.name} in ${dotted.schema === undefined ? 'the schema the search path gives' : `schema ${dotted.schema}`}, not the users_sync table of schema ${s} (Postgres rejects the key while no such table exists: 42P01). Not planned. If you meant Neon Auth's table, write "${s}"."users_sync" (neon-auth-lint --fix does: no-quoted-dotted-name) and plan again.`,
            ...(dotted.origin ? { file: dotted.origin.path, line: dotted.origin.line + 1, column: dotted.origin.character + 1 } : {}),
          });
        } else if (!c.references?.length && USER_ID_NAME.test(c.name) && /^(text|character varying|varchar)/.test(c.type))
          namedLikeUserId.push({
            severity: 'warning',
            message: `${schema}.${def.name}.${c.name} is ${c.type} and named like a user id, but no foreign key says it references neon_auth.users_sync: not migrated. If it holds legacy user ids, add the foreign key first (or move it by hand like the columns this file moves).`,
          });
        continue;
      }
      const ref = refs[refs.length - 1];
      schemas.set(ref.schema ?? 'neon_auth', (schemas.get(ref.schema ?? 'neon_auth') ?? 0) + 1);
      const notNull = c.notNull || def.primaryKey.includes(c.name);
      // A CHECK that rejects NULL (as rules require-on-delete and no-set-null-on-not-null read it) makes SET NULL fail too (23514).
      const nullCheck = !notNull && (c.nullCheck !== undefined || c.origin?.nullCheck !== undefined);
      const written = ref.onDelete !== undefined;
      const oldAction = ref.onDelete?.toLowerCase().replace(/\s+/g, ' ') ?? 'no action';
      // A written action is the user's choice and is kept; only a key that writes none gets one.
      const newAction = written ? oldAction : notNull || nullCheck ? 'cascade' : 'set null';
      const col: PlannedColumn = {
        schema,
        table: def.name,
        column: c.name,
        notNull,
        ...(nullCheck ? { nullCheck: true as const } : {}),
        oldAction,
        actionWritten: written,
        newAction,
        // ON UPDATE NO ACTION (drizzle-kit writes it) is Postgres' default: the same key without it.
        ...(ref.onUpdate === undefined || ref.onUpdate === 'no action' ? {} : { onUpdate: ref.onUpdate }),
        ...(ref.deferrable === undefined ? {} : { deferrable: ref.deferrable }),
        oldConstraint: ref.constraint ?? defaultFkName(def.name, c.name),
        newConstraint: keptName(ref.constraint ?? defaultFkName(def.name, c.name)),
        ...(/^(pg_catalog\.)?uuid$/i.test(c.type) ? { uuidAlready: true } : {}),
      };
      if (ref.origin) {
        col.file = ref.origin.path;
        col.line = ref.origin.line + 1;
        col.character = ref.origin.character + 1;
      }
      if (ref.onDeleteColumns)
        report.push({
          severity: 'warning',
          message: `${schema}.${def.name}.${c.name}: the old key lists columns after ON DELETE SET NULL; the new key sets only ${c.name} to NULL. Check that this is what you want.`,
          file: col.file,
          line: col.line,
          ...(col.character === undefined ? {} : { column: col.character }),
        });
      columns.push(col);
    }
  }
  const legacySchema = [...schemas].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'neon_auth';
  return { columns, legacySchema, current, unplanned, namedLikeUserId, report };
}

/**
 * The new key's actions as the file writes them: `ON DELETE <action>`, then the old key's
 * `ON UPDATE <action>` and `DEFERRABLE [INITIALLY DEFERRED]` when it wrote them.
 */
export function keyActions(c: Pick<PlannedColumn, 'newAction' | 'onUpdate' | 'deferrable'>): string {
  return [
    `ON DELETE ${c.newAction.toUpperCase()}`,
    ...(c.onUpdate ? [`ON UPDATE ${c.onUpdate.toUpperCase()}`] : []),
    ...(c.deferrable ? [c.deferrable.toUpperCase()] : []),
  ].join(' ');
}

/**
 * The report's item on a moved column's `ON DELETE` action: `info` when the written action is kept
 * and deleting a user goes through (CASCADE, SET NULL on a nullable column); `warning` when the
 * written action is kept but makes deleting a user who has rows fail under the current Neon Auth's
 * hard delete (RESTRICT, NO ACTION: 23503; SET NULL on a NOT NULL column: 23502, on one a CHECK
 * keeps from NULL: 23514; SET DEFAULT: 23503 unless the default is NULL or a current user's id),
 * naming the key, and when no action was written and the file chose one.
 */
function actionReport(c: PlannedColumn, label: string): Pick<PlanReportItem, 'severity' | 'message'> {
  const kept = `${label}: keeps ${keyActions(c)}`;
  if (!c.actionWritten)
    return {
      severity: 'warning',
      message: `${label}: no ON DELETE action written (NO ACTION) becomes ON DELETE ${c.newAction.toUpperCase()} (a choice: read the comment in the file)${c.nullCheck ? '; a CHECK keeps the column from NULL, so SET NULL would make deleting a user who has rows here fail (23514)' : ''}.`,
    };
  switch (c.newAction) {
    case 'cascade':
      return { severity: 'info', message: `${kept}.` };
    case 'set null':
      return c.notNull
        ? {
            severity: 'warning',
            message: `${kept}, as written, on a NOT NULL column: deleting a user who has rows here fails (23502) until the column is nullable or the key ${c.newConstraint} gets another action.`,
          }
        : c.nullCheck
          ? {
              severity: 'warning',
              message: `${kept}, as written, on a column a CHECK keeps from NULL: deleting a user who has rows here fails (23514) until the CHECK allows NULL or the key ${c.newConstraint} gets another action.`,
            }
          : { severity: 'info', message: `${kept}.` };
    case 'set default':
      return {
        severity: 'warning',
        message: `${kept}, as written: deleting a user sets the column to its default, which must be NULL or a current user's id, else the delete fails (23503, key ${c.newConstraint}).`,
      };
    default:
      return {
        severity: 'warning',
        message: `${kept}, as written: the current Neon Auth deletes users for real (the legacy one set deleted_at), so deleting a user who still has rows here fails (23503, key ${c.newConstraint}) until those rows are deleted or given to another user.`,
      };
  }
}

/**
 * The suppression before a new key whose written action the linter would report on
 * `neon_auth."user"` (`require-on-delete` on RESTRICT and NO ACTION, `no-set-null-on-not-null` on
 * SET NULL of a NOT NULL column; the file's text shows no CHECK, so SET NULL on a column a CHECK keeps
 * from NULL draws nothing there): the file keeps the user's choice on purpose, and the report says
 * what it blocks. None for an action the file chose.
 */
function keptActionIgnore(c: PlannedColumn): string[] {
  if (!c.actionWritten) return [];
  if (c.newAction === 'restrict' || c.newAction === 'no action')
    return [
      `  -- neon-auth-ignore require-on-delete: ON DELETE ${c.newAction.toUpperCase()} is the old key's, kept as written (the report says what it blocks)`,
    ];
  if (c.newAction === 'set null' && c.notNull)
    return ["  -- neon-auth-ignore no-set-null-on-not-null: ON DELETE SET NULL is the old key's, kept as written (the report says what it blocks)"];
  return [];
}

/** Why the new key has its action, as a comment (lines starting with `--`). */
function actionComment(c: PlannedColumn): string[] {
  const also = [...(c.onUpdate ? [`ON UPDATE ${c.onUpdate.toUpperCase()}`] : []), ...(c.deferrable ? [c.deferrable.toUpperCase()] : [])];
  const tail = also.length === 0 ? [] : [`-- ${also.join(' and ')}: kept, as written.`];
  if (!c.actionWritten)
    return [
      '-- The old key writes no ON DELETE action (NO ACTION). With legacy soft deletes that rarely mattered; the',
      '-- current Neon Auth deletes users for real, and NO ACTION would make deleting a user who owns rows fail (23503).',
      c.nullCheck
        ? '-- Chosen: ON DELETE CASCADE (the column is nullable, but a CHECK keeps it from NULL; SET NULL where the database lets it hold NULL). Write ON DELETE RESTRICT instead to keep blocking such deletes.'
        : `-- Chosen: ON DELETE ${c.newAction.toUpperCase()} (the column is ${c.notNull ? 'NOT NULL' : 'nullable'}; ${c.notNull ? 'SET NULL where the database lets it hold NULL' : 'CASCADE where the database has it NOT NULL or a CHECK keeps it from NULL'}). Write ON DELETE RESTRICT instead to keep blocking such deletes.`,
      ...tail,
    ];
  const action = `ON DELETE ${c.newAction.toUpperCase()}`;
  switch (c.newAction) {
    case 'cascade':
      return [`-- ${action}, as written (the rows go with their user).`, ...tail];
    case 'set null':
      return [
        ...(c.notNull
          ? [
              `-- ${action}, as written, on a NOT NULL column: deleting a user who has rows here fails (23502).`,
              '-- Make the column nullable, or write another action, to change that.',
            ]
          : c.nullCheck
            ? [
                `-- ${action}, as written, on a column a CHECK keeps from NULL: deleting a user who has rows here fails (23514).`,
                '-- Let the CHECK allow NULL, or write another action, to change that.',
              ]
            : [`-- ${action}, as written (the rows outlive their user).`]),
        ...tail,
      ];
    case 'set default':
      return [
        `-- ${action}, as written: deleting a user sets the column to its default, which must be NULL or a`,
        "-- current user's id (23503 otherwise).",
        ...tail,
      ];
    default:
      return [
        `-- ${action}, as written. The current Neon Auth deletes users for real: deleting a user who still`,
        '-- has rows here fails (23503) until those rows are deleted or given to another user.',
        ...tail,
      ];
  }
}

/**
 * The block's statements adding the new key. A written action is added as written. An action the
 * file chose follows whether the database keeps the column from NULL, read at run time: NOT NULL
 * (`was_not_null`) or a CHECK that rejects NULL in it (`null_check`, see `DEPENDENTS_FUNCTION`):
 * CASCADE then, SET NULL on a column that may hold NULL, so a database whose column differs from
 * the migrations never gets SET NULL on a column that rejects NULL (23502 or 23514 on every
 * delete of a user who has rows).
 */
function newKey(c: PlannedColumn, t: string, col: string, label: string): string[] {
  const add = (key: Pick<PlannedColumn, 'newAction' | 'onUpdate' | 'deferrable'>): string =>
    `ALTER TABLE ${t} ADD CONSTRAINT ${ident(c.newConstraint)} FOREIGN KEY (${col}) REFERENCES neon_auth."user"(id) ${keyActions(key)};`;
  if (c.actionWritten) return [...keptActionIgnore(c), `  ${add(c)}`];
  const other = c.newAction === 'cascade' ? 'set null' : 'cascade';
  return [
    `  IF (was_not_null OR null_check) = ${c.notNull || c.nullCheck === true} THEN`,
    `    ${add(c)}`,
    '  ELSE',
    `    RAISE NOTICE '${label.replace(/'/g, "''")}: ON DELETE ${other.toUpperCase()} instead, as the column is % in this database', CASE WHEN was_not_null THEN 'NOT NULL' WHEN null_check THEN 'kept from NULL by a CHECK' ELSE 'nullable' END;`,
    // (the file's text makes the column NOT NULL only where the migrations say so; a CHECK it recreates at run time the linter does not see)
    ...(other === 'set null' && c.notNull ? ['    -- neon-auth-ignore no-set-null-on-not-null: run only where this database has the column nullable'] : []),
    `    ${add({ ...c, newAction: other })}`,
    '  END IF;',
  ];
}

/** The condition "this column exists and is not uuid yet" (the table must exist). */
function notMigrated(c: PlannedColumn): string {
  return `EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = ${lit(qualified(c.schema, c.table))}::regclass AND attname = ${lit(c.column)} AND NOT attisdropped AND atttypid <> 'uuid'::regtype)`;
}

/** The column's attribute number (the table must exist). */
function attnum(c: PlannedColumn): string {
  return `(SELECT attnum FROM pg_attribute WHERE attrelid = ${lit(qualified(c.schema, c.table))}::regclass AND attname = ${lit(c.column)})`;
}

/**
 * The temporary name of the new column while the old one exists: `<column>__uuid` (`__uuid2`, … when
 * that is a column of the table the migrations show, or `taken`), the column's name cut so that the
 * whole is at most 63 bytes, as Postgres keeps a name (a longer one would be cut to the column's own
 * name). The guard stops while the database has a column of that name (`ADD COLUMN` would fail).
 */
function tempColumnName(c: PlannedColumn, tables: ReadonlyMap<string, TableDef>, taken: ReadonlySet<string>): string {
  const columns = new Set(tables.get(`${c.schema}.${c.table}`)?.columns.map((x) => x.name));
  for (let n = 1; ; n++) {
    const suffix = `__uuid${n === 1 ? '' : n}`;
    const name = clipBytes(c.column, 63 - suffix.length) + suffix;
    if (name !== c.column && !columns.has(name) && !taken.has(name)) return name;
  }
}

/** One column's block (see the module comment); `tmpName`, the new column's name until it takes the old one's (`tempColumnName`). */
function columnBlock(c: PlannedColumn, map: string, users: string, tmpName: string): string[] {
  const t = qualified(c.schema, c.table);
  const col = ident(c.column);
  const tmp = ident(tmpName);
  const label = `${c.schema}.${c.table}.${c.column}`;
  const where = c.file ? ` (key written in ${c.file}:${c.line})` : '';
  return [
    `-- ${label}: ${c.notNull ? 'NOT NULL' : c.nullCheck ? 'nullable, kept from NULL by a CHECK' : 'nullable'}, REFERENCES ${users}(id) ON DELETE ${c.oldAction.toUpperCase()}${where}`,
    `--   becomes uuid REFERENCES neon_auth."user"(id) ${keyActions(c)}.`,
    ...actionComment(c),
    ...(c.uuidAlready
      ? [
          '-- The migrations leave it uuid already, with a key to the text users_sync(id) that Postgres rejects (42804):',
          '-- while it is uuid in the database too, this block changes nothing and adds no key (see the report).',
        ]
      : []),
    'DO $migrate$',
    'DECLARE',
    '  keep text[];',
    '  drop_first text[];',
    '  blockers text[];',
    '  later text[];',
    '  stmt text;',
    '  was_not_null boolean;',
    '  null_check boolean;',
    '  triggers_off text[];',
    '  triggers_on text[];',
    'BEGIN',
    `  IF to_regclass(${lit(t)}) IS NULL THEN`,
    `    RAISE EXCEPTION 'table ${t.replace(/'/g, "''")} not found: this database differs from the migrations the plan was made from';`,
    '  END IF;',
    `  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = ${lit(t)}::regclass AND attname = ${lit(c.column)} AND NOT attisdropped) THEN`,
    `    RAISE NOTICE '${label.replace(/'/g, "''")} is not in this database: skipped';`,
    '    RETURN;',
    '  END IF;',
    `  IF NOT ${notMigrated(c)} THEN`,
    `    RAISE NOTICE '${label.replace(/'/g, "''")} is uuid already: skipped';`,
    '    RETURN;',
    '  END IF;',
    '  -- The new column, filled through the map.',
    `  ALTER TABLE ${t} ADD COLUMN ${tmp} uuid;`,
    '  -- No user trigger of the table (or of its partitions and child tables) fires on the backfill: a',
    '  -- BEFORE UPDATE that sets updated_at would change every row. Each enabled one is disabled around it',
    '  -- and enabled again as it was (ENABLE, ENABLE REPLICA or ENABLE ALWAYS).',
    "  SELECT coalesce(array_agg(format('ALTER TABLE ONLY %s DISABLE TRIGGER %I', g.tgrelid::regclass, g.tgname)), '{}'),",
    "    coalesce(array_agg(format('ALTER TABLE ONLY %s ENABLE %sTRIGGER %I', g.tgrelid::regclass, CASE g.tgenabled WHEN 'R' THEN 'REPLICA ' WHEN 'A' THEN 'ALWAYS ' ELSE '' END, g.tgname)), '{}')",
    '    INTO triggers_off, triggers_on FROM pg_trigger AS g',
    `    WHERE g.tgrelid IN (WITH RECURSIVE tree AS (SELECT ${lit(t)}::regclass::oid AS oid UNION SELECT i.inhrelid FROM pg_inherits AS i JOIN tree ON i.inhparent = tree.oid) SELECT oid FROM tree)`,
    "      AND NOT g.tgisinternal AND g.tgenabled <> 'D';",
    '  FOREACH stmt IN ARRAY triggers_off LOOP',
    '    EXECUTE stmt;',
    '  END LOOP;',
    `  UPDATE ${t} AS t SET ${tmp} = m.new_id FROM ${map} AS m WHERE m.old_id = t.${col};`,
    '  FOREACH stmt IN ARRAY triggers_on LOOP',
    '    EXECUTE stmt;',
    '  END LOOP;',
    `  IF EXISTS (SELECT 1 FROM ${t} WHERE ${col} IS NOT NULL AND ${tmp} IS NULL) THEN`,
    `    RAISE EXCEPTION '${label.replace(/'/g, "''")}: rows reference users with no entry in ${map.replace(/'/g, "''")}';`,
    '  END IF;',
    '  -- What depends on the old column besides its key to users_sync, read before the column goes (and',
    '  -- whether a CHECK keeps it from NULL, read before its NULL-test CHECKs are dropped).',
    `  SELECT d.recreate, d.drop_first, d.blockers, d.policies, d.null_check INTO keep, drop_first, blockers, later, null_check FROM pg_temp.neon_auth_dependents(${lit(t)}, ${lit(c.column)}, to_regclass(${lit(users)})) AS d;`,
    '  IF cardinality(blockers) > 0 THEN',
    `    RAISE EXCEPTION '${label.replace(/'/g, "''")}: objects depend on it that this file cannot move: %', array_to_string(blockers, '; ');`,
    '  END IF;',
    '  FOREACH stmt IN ARRAY drop_first LOOP',
    '    EXECUTE stmt;',
    '  END LOOP;',
    `  -- The policies that read it, created again once every column has moved (${POLICIES_LATER}).`,
    `  INSERT INTO ${POLICIES_LATER} (stmt) SELECT unnest(later);`,
    '  -- NOT NULL as this database has it (the migrations may be behind it), checked before the column goes.',
    `  SELECT attnotnull INTO was_not_null FROM pg_attribute WHERE attrelid = ${lit(t)}::regclass AND attname = ${lit(c.column)} AND NOT attisdropped;`,
    `  IF was_not_null <> ${c.notNull} THEN`,
    `    RAISE NOTICE '${label.replace(/'/g, "''")} is % in this database and ${c.notNull ? 'NOT NULL' : 'nullable'} in the migrations: kept as the database has it', CASE WHEN was_not_null THEN 'NOT NULL' ELSE 'nullable' END;`,
    '  END IF;',
    '  -- The old key and column go; the new column takes the name.',
    `  ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${ident(c.oldConstraint)};`,
    `  ALTER TABLE ${t} DROP COLUMN ${col};`,
    `  ALTER TABLE ${t} RENAME COLUMN ${tmp} TO ${col};`,
    ...(c.notNull
      ? ['  IF was_not_null THEN', `    ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL;`, '  END IF;']
      : [
          // the migrations say nullable: the statement is run only where the database says otherwise
          '  IF was_not_null THEN',
          `    EXECUTE ${lit(`ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL`)};`,
          '  END IF;',
        ]),
    '  FOREACH stmt IN ARRAY keep LOOP',
    "    RAISE NOTICE 'recreated: %', stmt;",
    '    EXECUTE stmt;',
    '  END LOOP;',
    ...newKey(c, t, col, label),
    'END',
    '$migrate$;',
    '',
  ];
}

/**
 * The helper function the file creates (in `pg_temp`: it goes with the session), for the guard and
 * step 3: for a column about to move, `recreate`, the statements that recreate on the new uuid
 * column what depends on the old one besides its key to the legacy users (primary key, unique and
 * exclusion constraints; other indexes, except one whose expression or predicate reads the column
 * other than as a NULL test, which blocks; `REPLICA IDENTITY USING INDEX` and `CLUSTER ON` when one
 * of those indexes was the table's; CHECK constraints that test the column only for NULL; the
 * default `auth.user_id()`, written `auth.uid()`; the column's comment; its own grants, from
 * `attacl`, granted again by the role that runs the file; its statistics target and options), run
 * right after the move;
 * `drop_first`, the statements that drop the policies and those CHECK constraints before the column
 * goes (Postgres will not drop a column a policy uses); `blockers`, one line per dependent object
 * the file cannot move (`pg_describe_object`'s words, then its definition), which makes the guard
 * stop; `policies`, the statements that create its policies again with `auth.user_id()` written
 * `auth.uid()` where it is compared with a moved column (`pol_rw`: the column itself, or one that
 * still has a key to users_sync; any other `auth.user_id()` is kept: it still exists and returns
 * the signed-in user's id as text, where `auth.uid()` would compare uuid with text, 42883), which the column's block keeps in `POLICIES_LATER` and the file runs once every
 * column has moved: a policy may compare two moved columns (`"creatorId" = auth.user_id() OR
 * "assigneeId" = auth.user_id()`), and created while one of them is still text it would compare
 * text with uuid (42883).
 *
 * Why `auth.user_id()` becomes `auth.uid()` in a default: both read the signed-in user's id from
 * the session's token; `auth.user_id()` returns it as text, `auth.uid()` as uuid. After the switch
 * the token carries the current user's uuid, which is what the moved column holds, so
 * `auth.uid()` keeps the default's meaning, and `auth.user_id()` would not even be accepted as the
 * default of a uuid column (text is not assignable to uuid). Any other default of the column
 * (text-valued: a setting, a literal) has no meaning on uuid the file could choose, so it blocks.
 *
 * Why only NULL tests among CHECK constraints: Postgres reads a constraint's expression again for
 * the uuid column, and anything else in it (a comparison with a string, a text function) either
 * fails there or means something else; `col IS [NOT] NULL` means the same for either type.
 */
const DEPENDENTS_FUNCTION = [
  '-- A helper for the guard and step 3 (gone at the end of the session): for a column to move, what',
  '-- depends on it besides its key to users_sync, as statements that recreate it on the new column',
  "-- (primary key, unique and exclusion constraints, other indexes, the table's replica identity and",
  '-- CLUSTER ON index when one of those, CHECK constraints that only test the column for NULL, a',
  '-- DEFAULT auth.user_id() written auth.uid(), the comment, its own grants, statistics target and',
  '-- options, extended statistics on it), the statements that drop its policies and those checks first (Postgres will not drop a',
  '-- column a policy uses), what it cannot move (the guard stops on those), and its policies with',
  '-- auth.user_id() written auth.uid(), which the file creates again once every column has moved.',
  "-- auth.user_id() returns the signed-in user's id as text, auth.uid() as uuid; after the switch the",
  "-- token carries the current user's uuid, which is what the moved column holds.",
  'CREATE OR REPLACE FUNCTION pg_temp.neon_auth_dependents(tbl regclass, col name, users regclass,',
  '  OUT recreate text[], OUT drop_first text[], OUT blockers text[], OUT policies text[], OUT null_check boolean)',
  'LANGUAGE sql STABLE AS $fn$',
  '  WITH att AS (SELECT attnum FROM pg_attribute WHERE attrelid = tbl AND attname = col),',
  '  deps AS (',
  '    SELECT DISTINCT d.classid, d.objid FROM pg_depend d',
  "    WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = tbl AND d.refobjsubid = (SELECT attnum FROM att)",
  "      AND d.deptype IN ('n', 'a')",
  '  ),',
  '  pol AS (',
  '    SELECT o.oid, o.polname, o.polrelid FROM pg_policy o',
  "    WHERE EXISTS (SELECT 1 FROM deps d WHERE d.classid = 'pg_policy'::regclass AND d.objid = o.oid)",
  '  ),',
  '  -- The columns the file moves, as one regular expression of their names as deparsed: this one, and',
  '  -- those that still have a one-column key to users_sync (a policy may compare several).',
  '  moving AS (',
  String.raw`    SELECT '(' || string_agg(regexp_replace(quote_ident(x.n), '([^a-zA-Z0-9_])', '\\\1', 'g'), '|') || ')' AS alt FROM (`,
  '      SELECT col::text AS n UNION SELECT a.attname::text FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]',
  "      WHERE k.contype = 'f' AND k.confrelid = users AND cardinality(k.conkey) = 1) AS x",
  '  ),',
  "  -- Each policy's USING and WITH CHECK as deparsed, with auth.user_id() written auth.uid() where it is",
  '  -- compared with a moved column (either side, also as ( SELECT … AS user_id); the column also as',
  '  -- (col)::text, as a varchar column is compared with text). Any other auth.user_id() is kept as written:',
  "  -- it still returns the signed-in user's id, as text, and auth.uid() there would compare uuid with text (42883).",
  '  pol_rw AS (',
  '    SELECT o.oid, s.part, regexp_replace(regexp_replace(regexp_replace(s.e,',
  String.raw`        '\(((?:(?:[a-zA-Z0-9_$]+|"(?:[^"]|"")+")\.)?' || m.alt || ')\)::text', '\1', 'g'),`,
  String.raw`        '(?<![a-zA-Z0-9_$])' || m.alt || ' = (\( SELECT )?auth\.user_id\(\)', '\1 = \2auth.uid()', 'g'),`,
  String.raw`        'auth\.user_id\(\)( AS user_id\))? = ((?:(?:[a-zA-Z0-9_$]+|"(?:[^"]|"")+")\.)?)' || m.alt || '(?![a-zA-Z0-9_$])', 'auth.uid()\1 = \2\3', 'g') AS e`,
  '    FROM pol o JOIN pg_policy p ON p.oid = o.oid CROSS JOIN moving m',
  "      CROSS JOIN LATERAL (VALUES ('qual', pg_get_expr(p.polqual, p.polrelid)), ('with_check', pg_get_expr(p.polwithcheck, p.polrelid))) AS s (part, e)",
  '  ),',
  '  -- Policies that read the column other than as a NULL test or a comparison with auth.user_id() or',
  '  -- auth.uid() (deparsed as written, or as ( SELECT … AS …)): recreated on the uuid column, a',
  '  -- comparison with text (current_setting(…), a text column, a literal) would not exist (42883), so they block.',
  '  pol_block AS (',
  '    SELECT x.oid FROM (',
  "      SELECT r.oid, string_agg(coalesce(r.e, ''), ' ') AS e FROM pol_rw r GROUP BY r.oid",
  '    ) AS x,',
  '    LATERAL (SELECT replace(replace(replace(replace(replace(replace(replace(replace(x.e,',
  "      quote_ident(col) || ' = auth.uid()', ''), 'auth.uid() = ' || quote_ident(col), ''),",
  "      quote_ident(col) || ' = ( SELECT auth.uid() AS user_id)', ''), '( SELECT auth.uid() AS user_id) = ' || quote_ident(col), ''),",
  "      quote_ident(col) || ' = ( SELECT auth.uid() AS uid)', ''), '( SELECT auth.uid() AS uid) = ' || quote_ident(col), ''),",
  "      quote_ident(col) || ' IS NOT NULL', ''), quote_ident(col) || ' IS NULL', '') AS rest) AS y",
  "    WHERE CASE WHEN quote_ident(col) = col THEN y.rest ~ ('(^|[^a-z0-9_$])' || replace(col, '$', '\\$') || '($|[^a-z0-9_$])')",
  '               ELSE position(quote_ident(col) IN y.rest) > 0 END',
  '  ),',
  '  -- CHECK constraints on the column: safe when, once its NULL tests are taken out, the expression',
  '  -- no longer names the column.',
  '  chk AS (',
  '    SELECT k.oid, k.conname, pg_get_constraintdef(k.oid) AS def,',
  "      replace(replace(pg_get_constraintdef(k.oid), quote_ident(col) || ' IS NOT NULL', ''), quote_ident(col) || ' IS NULL', '') AS rest",
  "    FROM pg_constraint k WHERE k.conrelid = tbl AND k.contype = 'c' AND (SELECT attnum FROM att) = ANY (k.conkey)",
  '  ),',
  '  -- CHECK constraints that keep the column from NULL (Postgres checks them on the row ON DELETE SET NULL',
  '  -- writes: 23514, NOT VALID or not): the stored expression is the NULL test col IS NOT NULL, or an AND',
  '  -- of which it is one term (each such test is replaced by @@; a term of the AND is at brace depth 1).',
  '  chk_nn AS (',
  "    SELECT regexp_replace(k.conbin::text, '\\{NULLTEST :arg \\{VAR :varno 1 :varattno ' || (SELECT attnum FROM att) || ' [^{}]*\\} :nulltesttype 1 [^{}]*\\}', '@@', 'g') AS e",
  "    FROM pg_constraint k WHERE k.conrelid = tbl AND k.contype = 'c' AND (SELECT attnum FROM att) = ANY (k.conkey)",
  '  ),',
  '  chk_safe AS (',
  '    SELECT oid, conname, def FROM chk',
  "    WHERE CASE WHEN quote_ident(col) = col THEN rest !~ ('(^|[^a-z0-9_$])' || replace(col, '$', '\\$') || '($|[^a-z0-9_$])')",
  '               ELSE position(quote_ident(col) IN rest) = 0 END',
  '  ),',
  '  -- Indexes whose expression or predicate reads the column other than as a NULL test: rebuilt on',
  "  -- the uuid column, lower(col) or col <> '' would not exist (42883), so they block.",
  '  idx_block AS (',
  '    SELECT i.indexrelid FROM pg_index i',
  '    WHERE i.indrelid = tbl AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)',
  "      AND EXISTS (SELECT 1 FROM deps d WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid)",
  "      AND (SELECT CASE WHEN quote_ident(col) = col THEN e ~ ('(^|[^a-z0-9_$])' || replace(col, '$', '\\$') || '($|[^a-z0-9_$])')",
  '                       ELSE position(quote_ident(col) IN e) > 0 END',
  "           FROM (SELECT replace(replace(coalesce(pg_get_expr(i.indexprs, i.indrelid), '') || ' ' || coalesce(pg_get_expr(i.indpred, i.indrelid), ''),",
  "                   quote_ident(col) || ' IS NOT NULL', ''), quote_ident(col) || ' IS NULL', '') AS e) AS x)",
  '    UNION',
  '    -- and indexes with a collation or an operator class uuid does not have (COLLATE "C", text_pattern_ops: 42804)',
  '    SELECT i.indexrelid FROM pg_index i',
  '    WHERE i.indrelid = tbl',
  "      AND EXISTS (SELECT 1 FROM deps d WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid)",
  "      AND pg_get_indexdef(i.indexrelid) ~ '( COLLATE |_ops[ ,)])'",
  '  ),',
  '  -- Extended statistics on the column (CREATE STATISTICS), which Postgres drops with it: created again',
  '  -- on the uuid column, with their statistics target; one with an expression blocks.',
  '  stx AS (',
  '    SELECT s.oid, s.stxname, n.nspname, s.stxstattarget, s.stxexprs IS NOT NULL AS expr',
  '    FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace',
  "    WHERE EXISTS (SELECT 1 FROM deps d WHERE d.classid = 'pg_statistic_ext'::regclass AND d.objid = s.oid)",
  '  ),',
  "  -- The column's default: kept when it is auth.user_id() (or auth.uid()), as auth.uid().",
  '  dflt AS (',
  '    SELECT a.oid, pg_get_expr(a.adbin, a.adrelid) AS expr FROM pg_attrdef a',
  '    WHERE a.adrelid = tbl AND a.adnum = (SELECT attnum FROM att)',
  '  ),',
  '  dflt_safe AS (',
  "    SELECT oid FROM dflt WHERE replace(expr, 'auth.user_id()', 'auth.uid()') = 'auth.uid()'",
  '  ),',
  '  defs AS (',
  "    SELECT 1 AS ord, k.conname::text AS name, format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid)) AS def",
  "    FROM pg_constraint k WHERE k.conrelid = tbl AND k.contype IN ('p', 'u', 'x') AND (SELECT attnum FROM att) = ANY (k.conkey)",
  '    UNION ALL',
  '    -- (an index of a partitioned table prints as ON ONLY: created so, it stays invalid and its partitions get none)',
  "    SELECT 2, i.indexrelid::regclass::text, CASE WHEN (SELECT c.relkind FROM pg_class c WHERE c.oid = i.indexrelid) = 'I' THEN regexp_replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ') ELSE pg_get_indexdef(i.indexrelid) END",
  '    FROM pg_index i',
  '    WHERE i.indrelid = tbl',
  "      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = tbl AND k.contype IN ('p', 'u', 'x'))",
  "      AND EXISTS (SELECT 1 FROM deps d WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid)",
  '      AND i.indexrelid NOT IN (SELECT indexrelid FROM idx_block)',
  '    UNION ALL',
  "    -- The table's replica identity and CLUSTER ON index, when it is one of those (recreated above under",
  '    -- its name): dropping it leaves the table with none (an UPDATE on a published table fails, 55000).',
  "    SELECT 3, c.relname::text || s.what, format('ALTER TABLE %s %s %I', tbl, s.what, c.relname)",
  '    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid',
  "      CROSS JOIN LATERAL (VALUES ('REPLICA IDENTITY USING INDEX', i.indisreplident), ('CLUSTER ON', i.indisclustered)) AS s (what, flag)",
  '    WHERE i.indrelid = tbl AND s.flag AND (SELECT attnum FROM att) = ANY (i.indkey::int2[])',
  '    UNION ALL',
  "    SELECT 4, conname::text, format('ALTER TABLE %s ADD CONSTRAINT %I %s', tbl, conname, def) FROM chk_safe",
  '    UNION ALL',
  "    SELECT 5, col::text, format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT auth.uid()', tbl, col) FROM dflt_safe",
  '    UNION ALL',
  "    SELECT 6, col::text, format('COMMENT ON COLUMN %s.%I IS %L', tbl, col, col_description(tbl, (SELECT attnum FROM att)))",
  '    WHERE col_description(tbl, (SELECT attnum FROM att)) IS NOT NULL',
  '    UNION ALL',
  "    -- The column's own grants (GRANT SELECT (col) …), which go with the dropped column: given again.",
  '    SELECT 7, g, g FROM (',
  "      SELECT format('GRANT %s (%I) ON %s TO %s', x.privilege_type, col, tbl, CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END)",
  "        || CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS g",
  '      FROM pg_attribute a, aclexplode(a.attacl) x WHERE a.attrelid = tbl AND a.attname = col',
  '    ) AS grants',
  '    UNION ALL',
  '    -- Its statistics target (SET STATISTICS; -1 or NULL: the default) and options (SET (n_distinct = …)).',
  "    SELECT 8, 'statistics', format('ALTER TABLE %s ALTER COLUMN %I SET STATISTICS %s', tbl, col, a.attstattarget)",
  '    FROM pg_attribute a WHERE a.attrelid = tbl AND a.attname = col AND coalesce(a.attstattarget, -1) >= 0',
  '    UNION ALL',
  "    SELECT 8, 'options', format('ALTER TABLE %s ALTER COLUMN %I SET (%s)', tbl, col, array_to_string(a.attoptions, ', '))",
  '    FROM pg_attribute a WHERE a.attrelid = tbl AND a.attname = col AND cardinality(a.attoptions) > 0',
  '    UNION ALL',
  '    SELECT 9, stxname::text, pg_get_statisticsobjdef(oid) FROM stx WHERE NOT expr',
  '    UNION ALL',
  "    SELECT 10, stxname::text, format('ALTER STATISTICS %I.%I SET STATISTICS %s', nspname, stxname, stxstattarget)",
  '    FROM stx WHERE NOT expr AND coalesce(stxstattarget, -1) >= 0',
  '  ),',
  '  -- The policies, written again as pol_rw has them: created once every column has moved (one may compare',
  '  -- two moved columns, or read a column of another table the file moves).',
  '  pol_defs AS (',
  "    SELECT p.policyname::text AS name, format('CREATE POLICY %I ON %s AS %s FOR %s TO %s', p.policyname, pol.polrelid::regclass, p.permissive, p.cmd,",
  "             (SELECT string_agg(CASE WHEN r = 'public' THEN 'public' ELSE quote_ident(r) END, ', ') FROM unnest(p.roles) AS r))",
  "           || coalesce(' USING (' || (SELECT w.e FROM pol_rw w WHERE w.oid = pol.oid AND w.part = 'qual') || ')', '')",
  "           || coalesce(' WITH CHECK (' || (SELECT w.e FROM pol_rw w WHERE w.oid = pol.oid AND w.part = 'with_check') || ')', '') AS def",
  '    FROM pol JOIN pg_class r ON r.oid = pol.polrelid JOIN pg_namespace n ON n.oid = r.relnamespace',
  '      AND pol.oid NOT IN (SELECT oid FROM pol_block)',
  '    JOIN pg_policies p ON p.schemaname = n.nspname AND p.tablename = r.relname AND p.policyname = pol.polname',
  '  ),',
  '  -- What depends on the column and is none of the above, nor a key of several columns (the guard',
  '  -- names those apart).',
  '  blocking AS (',
  '    SELECT pg_describe_object(d.classid, d.objid, 0)',
  "      || coalesce((SELECT ': ' || pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE d.classid = 'pg_constraint'::regclass AND k.oid = d.objid),",
  "                  (SELECT ': ' || pg_get_expr(a.adbin, a.adrelid) FROM pg_attrdef a WHERE d.classid = 'pg_attrdef'::regclass AND a.oid = d.objid),",
  "                  (SELECT ': ' || pg_get_indexdef(d.objid) WHERE d.classid = 'pg_class'::regclass AND d.objid IN (SELECT indexrelid FROM idx_block)),",
  "                  (SELECT ': ' || concat_ws(' ', 'USING ' || pg_get_expr(o.polqual, o.polrelid), 'WITH CHECK ' || pg_get_expr(o.polwithcheck, o.polrelid))",
  "                     FROM pg_policy o WHERE d.classid = 'pg_policy'::regclass AND o.oid = d.objid),",
  "                  (SELECT ': ' || pg_get_statisticsobjdef(d.objid) WHERE d.classid = 'pg_statistic_ext'::regclass), '') AS what",
  '    FROM deps d',
  "    WHERE NOT ((d.classid = 'pg_policy'::regclass AND d.objid NOT IN (SELECT oid FROM pol_block))",
  "      OR (d.classid = 'pg_class'::regclass AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = d.objid AND i.indrelid = tbl)",
  '          AND d.objid NOT IN (SELECT indexrelid FROM idx_block))',
  "      OR (d.classid = 'pg_constraint'::regclass AND EXISTS (SELECT 1 FROM pg_constraint k WHERE k.oid = d.objid",
  "            AND ((k.conrelid = tbl AND k.contype IN ('p', 'u', 'x')) OR (k.contype = 'f' AND cardinality(k.conkey) > 1)",
  "                 OR (k.conrelid = tbl AND k.contype = 'f' AND k.confrelid = users)",
  '                 OR k.oid IN (SELECT oid FROM chk_safe))))',
  "      OR (d.classid = 'pg_attrdef'::regclass AND d.objid IN (SELECT oid FROM dflt_safe))",
  "      OR (d.classid = 'pg_statistic_ext'::regclass AND d.objid IN (SELECT oid FROM stx WHERE NOT expr)))",
  '    UNION ALL',
  '    -- A partition key that includes the column (of the table, or of a partition partitioned in turn):',
  '    -- Postgres will not drop such a column (42P16), and pg_depend does not show it.',
  "    SELECT 'partition key of ' || p.partrelid::regclass || ': ' || pg_get_partkeydef(p.partrelid)",
  '    FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attname = col AND NOT a.attisdropped',
  '    WHERE p.partrelid IN (WITH RECURSIVE tree AS (SELECT tbl::oid AS oid UNION SELECT i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.oid) SELECT oid FROM tree)',
  '      AND (a.attnum = ANY (p.partattrs::int2[]) OR (p.partexprs IS NOT NULL',
  "        AND CASE WHEN quote_ident(col) = col THEN pg_get_partkeydef(p.partrelid) ~ ('(^|[^a-z0-9_$])' || replace(col, '$', '\\$') || '($|[^a-z0-9_$])')",
  '                 ELSE position(quote_ident(col) IN pg_get_partkeydef(p.partrelid)) > 0 END))',
  '  )',
  '  SELECT (SELECT coalesce(array_agg(def ORDER BY ord, name), ARRAY[]::text[]) FROM defs),',
  "         (SELECT coalesce(array_agg(format('DROP POLICY %I ON %s', polname, polrelid::regclass)), ARRAY[]::text[]) FROM pol)",
  "           || (SELECT coalesce(array_agg(format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, conname) ORDER BY conname), ARRAY[]::text[]) FROM chk_safe),",
  '         (SELECT coalesce(array_agg(what ORDER BY what), ARRAY[]::text[]) FROM blocking),',
  '         (SELECT coalesce(array_agg(def ORDER BY name), ARRAY[]::text[]) FROM pol_defs),',
  "         EXISTS (SELECT 1 FROM chk_nn WHERE e = '@@' OR (e LIKE '{BOOLEXPR :boolop and %' AND EXISTS (",
  "           SELECT 1 FROM (SELECT o, count(*) OVER () AS n, sum(length(replace(p, '}', '')) - length(replace(p, '{', ''))) OVER (ORDER BY o) AS depth",
  "             FROM unnest(string_to_array(e, '@@')) WITH ORDINALITY AS s(p, o)) AS x WHERE x.o < x.n AND x.depth = 1)))",
  '$fn$;',
  '',
];

/** How a report names a set: a snapshot by its file, a migration set by its folder. */
function setLabel(s: PlanSetInput): string {
  return s.snapshot && s.files.length === 1 ? s.files[0].path : `${s.root}/`;
}

/**
 * The tables of every set as one map for the plan, and a warning for each difference between the
 * sets on a key to users_sync. A table one set defines is as that set leaves it. A table several
 * sets define is taken from the preferred definition (the last migration set's; a snapshot's only
 * when no migration set defines the table: a `schema.sql` next to the migrations may be stale),
 * with every column another definition keys to users_sync(id) that the preferred one does not
 * (unless the preferred one keys it to neon_auth."user"(id): moved already): the plan moves the
 * union, so no key the inputs show is left out. A column keyed in several definitions is planned
 * as the most preferred of them writes its key (its name and action). The warnings are at the
 * planned key and name the other sets' differences (no such column, no key to users_sync, another
 * constraint name or ON DELETE action).
 */
export function mergedTables(sets: readonly PlanSetInput[]): { tables: Map<string, TableDef>; report: PlanReportItem[] } {
  const defs = new Map<string, Array<{ set: PlanSetInput; def: TableDef }>>();
  for (const set of sets) for (const [k, def] of set.tables) defs.set(k, [...(defs.get(k) ?? []).filter((d) => d.set !== set), { set, def }]);
  const tables = new Map<string, TableDef>();
  const report: PlanReportItem[] = [];
  for (const [key, list] of defs) {
    if (list.length === 1) {
      tables.set(key, list[0].def);
      continue;
    }
    // Preferred first: migration sets before snapshots, a later set before an earlier one.
    const ranked = [...list].reverse().sort((a, b) => Number(a.set.snapshot === true) - Number(b.set.snapshot === true));
    const primary = ranked[0].def;
    const legacyKey = (def: TableDef, column: string) => def.columns.find((c) => c.name === column)?.references?.find(isLegacyUsers);
    const keyed = new Set<string>();
    for (const { def } of ranked) for (const c of def.columns) if (c.references?.some(isLegacyUsers)) keyed.add(c.name);
    const columns = primary.columns.map((c) => {
      if (!keyed.has(c.name) || c.references?.some(isLegacyUsers) || c.references?.some(isCurrentUsers)) return c;
      const ref = ranked.map((d) => legacyKey(d.def, c.name)).find((r) => r !== undefined)!;
      return { ...c, references: [...(c.references ?? []), ref] };
    });
    for (const name of keyed)
      if (!columns.some((c) => c.name === name)) {
        const from = ranked.find((d) => legacyKey(d.def, name) !== undefined)!;
        columns.push(from.def.columns.find((c) => c.name === name)!);
      }
    tables.set(key, { ...primary, columns });
    for (const name of keyed) {
      const planned = columns.find((c) => c.name === name)!;
      const ref = planned.references?.find(isLegacyUsers);
      if (!ref) {
        // The preferred definition keys it to neon_auth."user"(id): moved already, not planned.
        const stale = ranked.find((d) => legacyKey(d.def, name) !== undefined)!;
        const old = legacyKey(stale.def, name)!;
        report.push({
          severity: 'warning',
          message: `${key}.${name}: the sets disagree on its key: ${setLabel(stale.set)} keys it to users_sync(id), ${setLabel(ranked[0].set)} to neon_auth."user"(id) already. Not planned (the migrations say it moved); if the database still has its key to users_sync, the file stops before COMMIT.`,
          ...(old.origin ? { file: old.origin.path, line: old.origin.line + 1, column: old.origin.character + 1 } : {}),
        });
        continue;
      }
      const differences: string[] = [];
      for (const { set, def } of ranked) {
        const col = def.columns.find((c) => c.name === name);
        const other = col?.references?.find(isLegacyUsers);
        const where = setLabel(set);
        if (!col) differences.push(`${where} defines ${key} without this column`);
        else if (!other)
          differences.push(
            col.references?.some(isCurrentUsers) ? `${where} keys it to neon_auth."user"(id) already` : `${where} has it with no key to users_sync(id)`,
          );
        else {
          const named = (r: typeof ref): string => r.constraint ?? defaultFkName(def.name, name);
          if (named(other) !== named(ref)) differences.push(`${where} names its key ${named(other)}`);
          if ((other.onDelete ?? 'no action') !== (ref.onDelete ?? 'no action'))
            differences.push(`${where} gives it ON DELETE ${(other.onDelete ?? 'no action').toUpperCase()}`);
        }
      }
      if (differences.length === 0) continue;
      report.push({
        severity: 'warning',
        message: `${key}.${name}: the sets disagree on its key to users_sync(id): ${differences.join('; ')}. The file moves every column a set keys to users_sync(id), with the key as written here (${ref.constraint ?? defaultFkName(primary.name, name)}, ON DELETE ${(ref.onDelete ?? 'no action').toUpperCase()}); check which set the database matches. At run time it skips a column the database does not have, and it stops before COMMIT while any key to users_sync is left.`,
        ...(ref.origin ? { file: ref.origin.path, line: ref.origin.line + 1, column: ref.origin.character + 1 } : {}),
      });
    }
  }
  return { tables, report };
}

/**
 * The file's last block: raises while any foreign key to a legacy user table is left (in either of
 * `LEGACY_SCHEMAS`), naming each, so the transaction rolls back instead of committing a move that
 * leaves a column on users_sync: a key written outside the migrations the plan read (by hand, by a
 * set it was not given, a stale `schema.sql` planned alone). A uuid column keyed to users_sync
 * (42804) and a key to the quoted dotted `"neon_auth.users_sync"` have no such key in the database.
 */
const LEFT_KEYS_CHECK = [
  '-- 4. The check: no foreign key to users_sync is left. One the plan did not know of would keep its',
  '-- column on the legacy ids; the file stops here and nothing is committed.',
  'DO $check$',
  'DECLARE',
  '  left_keys text;',
  'BEGIN',
  "  SELECT string_agg(format('%I on %s', k.conname, k.conrelid::regclass), ', ' ORDER BY k.conrelid::regclass::text, k.conname) INTO left_keys",
  '    FROM pg_constraint AS k',
  `    WHERE k.contype = 'f' AND k.confrelid IN (${LEGACY_SCHEMAS.map((s) => `to_regclass(${lit(`${s}.users_sync`)})`).join(', ')});`,
  '  IF left_keys IS NOT NULL THEN',
  "    RAISE EXCEPTION 'Stopped: foreign keys to users_sync are left that this file does not move: %', left_keys",
  "      USING HINT = 'Plan again with the migrations that create them (neon-auth-lint migrate --to current <folder>), or move their columns by hand in this file.';",
  '  END IF;',
  'END',
  '$check$;',
  '',
];

/** The name of the map table the file creates. */
export const ID_MAP = 'public.auth_id_map';

/** The temporary table (dropped at COMMIT) where the column blocks keep the policies to create again. */
const POLICIES_LATER = 'pg_temp.neon_auth_policies';

/**
 * The block after the columns: creates again, in the order they were dropped, the policies that
 * read a moved column (`neon_auth_dependents`' `policies`), now that every column is uuid, each with
 * a NOTICE, and another when it keeps `auth.user_id()` (compared with no moved column).
 */
const POLICIES_BLOCK = [
  '-- The policies that read a moved column, created again (auth.user_id() compared with a moved column',
  '-- written auth.uid()) now that every column is uuid: one that compares two moved columns could not be',
  '-- created while either was text. Any other auth.user_id() is kept, with a NOTICE.',
  'DO $policies$',
  'DECLARE',
  '  stmt text;',
  'BEGIN',
  `  FOR stmt IN SELECT p.stmt FROM ${POLICIES_LATER} AS p ORDER BY p.n LOOP`,
  "    RAISE NOTICE 'recreated: %', stmt;",
  "    IF strpos(stmt, 'auth.user_id()') > 0 THEN",
  "      RAISE NOTICE 'it keeps auth.user_id() where it is not compared with a moved column: after the switch that returns the current user''s uuid as text; check what it is compared with';",
  '    END IF;',
  '    EXECUTE stmt;',
  '  END LOOP;',
  'END',
  '$policies$;',
  '',
];

/**
 * The plan for every set of `sets` together (a table two sets define is planned once, from the union
 * of their keys to users_sync, a migration set's definition before a snapshot's: `mergedTables`,
 * whose warnings say where the sets disagree). A report item of severity `error` means no SQL was written (`sql` is ''); so does
 * nothing to move (`columns` empty, an `info` item first). The report is in reading order
 * (`sortReport`, the sets' files in the order they run).
 */
export function planMigration(sets: readonly PlanSetInput[]): MigrationPlan {
  const merged = mergedTables(sets);
  const tables = merged.tables;
  const found = referencingColumns(tables);
  const { columns, legacySchema } = found;
  // An app whose keys all reference the current user table already: a text column named like a user id is no legacy id.
  const onCurrent = columns.length === 0 && found.current > 0;
  const report: PlanReportItem[] = [...merged.report, ...(onCurrent ? [] : found.namedLikeUserId), ...found.unplanned, ...found.report];
  const policies = sets.flatMap((s) => policiesUsingUserId(s.files));
  for (const p of policies)
    report.push({
      severity: 'warning',
      message: `Policy ${p.name} on ${p.table} compares with auth.user_id() (text). Where it depends on a moved column, the file drops it before the column moves and creates it again once every column has moved, with auth.uid() (uuid) in place of auth.user_id() where it is compared with a moved column; any other auth.user_id() is kept as written (after the switch it returns the current user's uuid as text, which a text column of legacy ids never equals): read the recreated policy (the file's NOTICE lists it), and rewrite those by hand.`,
      file: p.file,
      line: p.line,
      column: p.column,
    });
  const moved = new Set(columns.map((c) => `${c.schema}.${c.table}.${c.column}`));
  for (const k of sets.flatMap((s) => compositeKeys(s.files))) {
    const hit = [
      ...k.columns.filter((c) => moved.has(`${k.table}.${c}`)).map((c) => `${k.table}.${c}`),
      ...k.targetColumns.filter((c) => moved.has(`${k.target}.${c}`)).map((c) => `${k.target}.${c}`),
    ];
    if (hit.length === 0) continue;
    report.push({
      severity: 'warning',
      message: `The foreign key (${k.columns.join(', ')}) of ${k.table} to ${k.target}${k.targetColumns.length ? `(${k.targetColumns.join(', ')})` : ''} includes ${[...new Set(hit)].join(' and ')}, which the file moves to uuid: a key of several columns is not moved for you, and the file stops before changing anything while it exists. Drop it at the top of the file, move its other user-id columns the same way, and add it back after the moves.`,
      file: k.file,
      line: k.line,
      column: k.column,
    });
  }
  const readers = sets.flatMap((s) => legacyReaders(s.files));
  report.push(...readers.map((r) => legacyReaderItem(r, columns.length > 0)));
  const fileOrder = sets.flatMap((s) => s.files.map((f) => f.path));
  if (columns.length === 0) {
    const already =
      found.current === 0 ? '' : ` (${found.current === 1 ? 'one column references' : `${found.current} columns reference`} neon_auth."user"(id) already)`;
    report.unshift({
      severity: 'info',
      message: `No column of ${sets.length === 0 ? 'the migrations' : sets.map((s) => s.root).join(', ')} references neon_auth.users_sync(id) with a foreign key${already}: there is nothing to move.`,
    });
    return { sql: '', report: sortReport(report, fileOrder), columns };
  }
  dependentsReport(sets, tables, columns, report);
  report.push(...prismaReport(sets, columns));
  for (const c of columns) {
    const label = `${c.schema}.${c.table}.${c.column}`;
    report.push({
      ...(c.uuidAlready
        ? {
            severity: 'warning' as const,
            message: `${label} is uuid in the migrations, but its key references neon_auth.users_sync(id), which is text: Postgres rejects such a key (42804), so the database most likely has none. The file skips a column that is uuid already (NOTICE "${label} is uuid already: skipped"): it changes nothing there and adds no key to neon_auth."user"(id). Once the column holds current users' ids, add the key by hand: ${addKey(c)}`,
          }
        : actionReport(c, label)),
      file: c.file,
      line: c.line,
      ...(c.character === undefined ? {} : { column: c.character }),
    });
  }

  const users = qualified(legacySchema, 'users_sync');
  const listed = columns.map(
    (c) =>
      `--   ${c.schema}.${c.table}.${c.column} → ${keyActions(c)}${c.uuidAlready ? ' (uuid in the migrations already: skipped while it is; see the report)' : ''}`,
  );
  // The tables whose policies apply to the role that runs the file (FORCE ROW LEVEL SECURITY for their
  // owner, any for another role without BYPASSRLS): row_security is off, so a query of them would fail.
  const byTable = new Map<string, PlannedColumn[]>();
  for (const c of columns) byTable.set(qualified(c.schema, c.table), [...(byTable.get(qualified(c.schema, c.table)) ?? []), c]);
  const rlsChecks = [...byTable].map(
    ([t, cs]) => `  IF (${cs.map(notMigrated).join(' OR ')}) AND row_security_active(${lit(t)}) THEN rls := rls || E'\\n  ' || ${lit(t)}; END IF;`,
  );
  const temps = new Map<PlannedColumn, string>();
  for (const c of columns)
    temps.set(c, tempColumnName(c, tables, new Set([...temps].filter(([o]) => o.schema === c.schema && o.table === c.table).map(([, n]) => n))));
  const guardChecks = columns.flatMap((c) => {
    const t = qualified(c.schema, c.table);
    const col = ident(c.column);
    const label = `${c.schema}.${c.table}.${c.column}`.replace(/'/g, "''");
    return [
      `  IF ${notMigrated(c)} THEN`,
      `    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = ${lit(t)}::regclass AND attname = ${lit(temps.get(c)!)} AND NOT attisdropped) THEN`,
      `      clash := clash || format(E'\\n  %s.%I (for ${label})', ${lit(t)}, ${lit(temps.get(c)!)});`,
      '    END IF;',
      `    SELECT count(DISTINCT t.${col}) INTO n FROM ${t} AS t`,
      `      WHERE t.${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${ID_MAP} AS m WHERE m.old_id = t.${col});`,
      `    IF n > 0 THEN missing := missing || format(E'\\n  %s user(s) referenced by ${label}', n); END IF;`,
      `    SELECT string_agg(format('%I on %s', k.conname, k.conrelid::regclass), ', ' ORDER BY k.conname) INTO keys FROM pg_constraint AS k`,
      `      WHERE k.contype = 'f' AND cardinality(k.conkey) > 1`,
      `        AND ((k.conrelid = ${lit(t)}::regclass AND ${attnum(c)} = ANY (k.conkey)) OR (k.confrelid = ${lit(t)}::regclass AND ${attnum(c)} = ANY (k.confkey)));`,
      `    IF keys IS NOT NULL THEN composite := composite || format(E'\\n  %s: ${label}', keys); END IF;`,
      `    SELECT string_agg(format(E'\\n  ${label}: %s', b), '' ORDER BY b) INTO deps FROM unnest((pg_temp.neon_auth_dependents(${lit(t)}, ${lit(c.column)}, to_regclass(${lit(users)}))).blockers) AS b;`,
      `    IF deps IS NOT NULL THEN blocked := blocked || deps; END IF;`,
      '  END IF;',
    ];
  });

  const sql = [
    '-- Move this app from the legacy Neon Auth (neon_auth.users_sync, text ids, soft delete) to the',
    '-- current Neon Auth (neon_auth."user", uuid ids, hard delete). Written by neon-auth-lint migrate',
    `-- from the migration set${sets.length === 1 ? '' : 's'} in ${sets.map((s) => `${s.root}/`).join(', ')}. Review it before you run it.`,
    '--',
    '-- What it does, in one transaction:',
    `--   1. ${ID_MAP}: each legacy user id and the id of the current user with the same e-mail`,
    '--      (compared lower-case; users soft-deleted, without an e-mail, or sharing an e-mail are left out).',
    '--   2. Lists the legacy users it could not map, and stops before changing anything while an app',
    '--      row still references one of them.',
    '--   3. Moves each column that references users_sync(id) to a uuid column that references',
    '--      neon_auth."user"(id), keeping every row and the key\'s written actions; indexes and keys on the',
    "--      column move with it (the column becomes the table's last one); its policies are dropped before",
    '--      it moves and created again once every column has moved (auth.user_id() compared with a moved',
    "--      column written auth.uid()); the table's user triggers do not fire while it is filled:",
    ...listed,
    '--   4. Checks that no foreign key to users_sync is left (one the migrations it was made from do',
    '--      not show), and stops if one is: nothing is committed.',
    '--',
    '-- What it cannot do: move the users themselves. Neon Auth cannot carry passwords over: users who',
    '-- signed in with a password sign up again (or sign in with OAuth) under the same e-mail; run this',
    '-- once they have (the listing says who is missing). Queries that read users_sync (deleted_at,',
    '-- raw_json, the text id) must be changed in the app; neon-auth-lint with "authSchema": "current"',
    '-- reports them.',
    ...(readers.length === 0
      ? []
      : [
          '--',
          `-- Views, routines and policies of the migrations that still read users_sync after the switch (${readers.length}; this`,
          '-- file does not rewrite them: rewrite them on neon_auth."user"):',
          ...readers.map((r) => `--   ${r.file}:${r.line} ${r.kind} ${r.name}`),
        ]),
    '--',
    '-- Run it on a Neon branch of the production database first, check the app there, then run it on',
    '-- production. Running it again changes nothing (moved columns are skipped).',
    '--',
    '-- Row-level security: the file must see every row it moves. It turns row_security off for its',
    '-- transaction, so a query that policies would filter fails (42501) instead of silently seeing fewer',
    '-- rows, and its guard stops first, naming each table whose policies apply to the role that runs it',
    '-- (a table with FORCE ROW LEVEL SECURITY, for its owner): run it as a role with BYPASSRLS.',
    '--',
    '-- To roll back: a failure rolls the whole transaction back. After COMMIT, restore the branch you',
    `-- made before (or Neon's point-in-time restore); ${ID_MAP} is kept, so old ids can be found`,
    '-- from new ones (new_id → old_id) if rows must be moved back by hand.',
    '',
    // The file lints clean (with "authSchema" auto, legacy or current): naming both generations is its job.
    '-- neon-auth-ignore-file match-auth-schema: this file moves the app from the legacy Neon Auth to the current one, so it names both',
    '',
    'BEGIN;',
    '',
    '-- Row-level security hides no row from this file: where it would, a query fails (42501) instead.',
    'SET LOCAL row_security = off;',
    '',
    `-- 1. The id map. To map a user by hand: INSERT INTO ${ID_MAP} VALUES ('<old id>', '<new uuid>');`,
    `CREATE TABLE IF NOT EXISTS ${ID_MAP} (`,
    '  old_id text PRIMARY KEY,',
    '  new_id uuid NOT NULL UNIQUE',
    ');',
    '',
    `INSERT INTO ${ID_MAP} (old_id, new_id)`,
    'SELECT s.id, u.id',
    `FROM ${users} AS s`,
    'JOIN neon_auth."user" AS u ON lower(u.email) = lower(s.email)',
    "WHERE s.deleted_at IS NULL AND s.email IS NOT NULL AND s.email <> ''",
    `  AND (SELECT count(*) FROM ${users} AS d WHERE d.deleted_at IS NULL AND lower(d.email) = lower(s.email)) = 1`,
    '  AND (SELECT count(*) FROM neon_auth."user" AS v WHERE lower(v.email) = lower(s.email)) = 1',
    'ON CONFLICT DO NOTHING;',
    '',
    '-- 2. The legacy users with no current user to map to.',
    // (soft-deleted users are listed too, with 'soft-deleted' as the reason: the CASE reads deleted_at, so require-deleted-at-filter is silent)
    'SELECT s.id AS old_id, s.email,',
    '  CASE',
    "    WHEN s.deleted_at IS NOT NULL THEN 'soft-deleted'",
    "    WHEN s.email IS NULL OR s.email = '' THEN 'no e-mail'",
    `    WHEN (SELECT count(*) FROM ${users} AS d WHERE d.deleted_at IS NULL AND lower(d.email) = lower(s.email)) > 1 THEN 'e-mail shared with another legacy user'`,
    `    WHEN (SELECT count(*) FROM neon_auth."user" AS v WHERE lower(v.email) = lower(s.email)) > 1 THEN 'e-mail shared by two current users'`,
    "    ELSE 'not signed up to the current Neon Auth yet'",
    '  END AS reason',
    `FROM ${users} AS s`,
    `WHERE NOT EXISTS (SELECT 1 FROM ${ID_MAP} AS m WHERE m.old_id = s.id)`,
    'ORDER BY s.id;',
    '',
    ...DEPENDENTS_FUNCTION,
    '-- The guard: stops here while an app row references a user the map does not have (to go on, map',
    '-- those users by hand (see 1.), or delete or reassign their rows, in this file, before this block),',
    '-- or while a foreign key of several columns includes a column to move (move it by hand), or while',
    '-- an object the file cannot move depends on a column to move (a foreign key of another table, a',
    '-- view, a generated column, a CHECK that compares it as text, a default other than auth.user_id(), a',
    '-- policy that compares it with anything but auth.user_id() or auth.uid(), a trigger on UPDATE OF it',
    '-- or whose WHEN reads it, a function with a SQL-standard body that reads it, statistics on an',
    '-- expression of it, a partition key that includes it), or while a table has a column of the name the',
    '-- file would add for a column to move (its uuid column, renamed into place once filled).',
    'DO $guard$',
    'DECLARE',
    '  n bigint;',
    '  keys text;',
    "  missing text := '';",
    "  composite text := '';",
    '  deps text;',
    "  blocked text := '';",
    "  rls text := '';",
    "  clash text := '';",
    'BEGIN',
    ...rlsChecks,
    "  IF rls <> '' THEN",
    "    RAISE EXCEPTION 'Stopped before changing anything: row-level security applies to tables this file moves, for the role that runs it (%): their policies would hide rows from it.%', current_user, rls",
    "      USING HINT = 'Run the file as a role with BYPASSRLS. Or, as the owner of a table with FORCE ROW LEVEL SECURITY, write ALTER TABLE … NO FORCE ROW LEVEL SECURITY after BEGIN and ALTER TABLE … FORCE ROW LEVEL SECURITY before COMMIT.';",
    '  END IF;',
    ...guardChecks,
    "  IF composite <> '' THEN",
    "    RAISE EXCEPTION 'Stopped before changing anything: foreign keys of several columns include a column this file moves.%', composite",
    "      USING HINT = 'Drop them at the top of this file, move their other user-id columns the same way, and add them back at the end.';",
    '  END IF;',
    "  IF clash <> '' THEN",
    "    RAISE EXCEPTION 'Stopped before changing anything: the columns this file adds to fill with the uuids exist already.%', clash",
    "      USING HINT = 'Plan again from migrations that show them (the file then picks other names), or rename them.';",
    '  END IF;',
    "  IF blocked <> '' THEN",
    "    RAISE EXCEPTION 'Stopped before changing anything: objects depend on a column this file moves, and the file cannot move them to uuid.%', blocked",
    "      USING HINT = 'Change them by hand: drop them at the top of this file (a foreign key to a moved column, a view, a generated column, a CHECK that compares the column as text, a default other than auth.user_id(), a policy that compares it with anything but auth.user_id(), a trigger on UPDATE OF it or whose WHEN reads it, a function with a SQL-standard body, statistics on an expression), and create their uuid versions after the moves; a table partitioned by the column is moved by hand.';",
    '  END IF;',
    "  IF missing <> '' THEN",
    `    RAISE EXCEPTION 'Stopped before changing anything: app rows reference legacy users with no entry in ${ID_MAP}.%', missing`,
    "      USING HINT = 'The query before this block lists the unmapped users and why. Map them by hand or change their rows, then run the file again.';",
    '  END IF;',
    'END',
    '$guard$;',
    '',
    '-- 3. The columns. Their policies are kept here while the columns move, and created again at the end.',
    '-- Deferred constraint checks run at once from here on: a check left pending on a table (a deferrable key',
    '-- and an UPDATE of its table) would make the next ALTER TABLE of that table fail (55006).',
    'SET CONSTRAINTS ALL IMMEDIATE;',
    `CREATE TEMP TABLE IF NOT EXISTS ${POLICIES_LATER.slice('pg_temp.'.length)} (n serial PRIMARY KEY, stmt text NOT NULL) ON COMMIT DROP;`,
    '',
    ...columns.flatMap((c) => columnBlock(c, ID_MAP, users, temps.get(c)!)),
    ...POLICIES_BLOCK,
    ...LEFT_KEYS_CHECK,
    'COMMIT;',
    '',
  ].join('\n');
  return { sql, report: sortReport(report, fileOrder), columns };
}

/**
 * For each Prisma Migrate set (`<root>/<timestamp>_<name>/migration.sql`) among `sets`, when the file
 * moves a column: a warning that says to save the file as the set's next migration and apply it
 * with `prisma migrate deploy` (applied any other way, the database and Prisma's migration history
 * drift apart), and to give the moved columns' fields `@db.Uuid` in `schema.prisma` (listed as
 * `table.column`, `schema.table.column` outside `public`), else the next `prisma migrate dev`
 * writes them back to text.
 */
function prismaReport(sets: readonly PlanSetInput[], columns: readonly PlannedColumn[]): PlanReportItem[] {
  const moved = columns.filter((c) => !c.uuidAlready).map((c) => `${c.schema === 'public' ? '' : `${c.schema}.`}${c.table}.${c.column}`);
  if (moved.length === 0) return [];
  return sets
    .filter((s) => s.convention === 'prisma')
    .map((s) => ({
      severity: 'warning' as const,
      message: `${s.root}/ is a Prisma Migrate folder: save the file as ${s.root}/<timestamp>_move_to_current_neon_auth/migration.sql and apply it with prisma migrate deploy (run any other way, Prisma's migration history and the database drift apart). In schema.prisma, give the moved columns' fields @db.Uuid, else the next prisma migrate dev turns them back to text: ${moved.join(', ')}.`,
    }));
}

/** The statement that adds `c`'s new key (the one its block adds), for a column the block skips. */
function addKey(c: PlannedColumn): string {
  return `ALTER TABLE ${qualified(c.schema, c.table)} ADD CONSTRAINT ${ident(c.newConstraint)} FOREIGN KEY (${ident(c.column)}) REFERENCES neon_auth."user"(id) ${keyActions(c)};`;
}

/** The header line `withBreakingQueries` lists the queries before. */
const QUERIES_BEFORE = '--\n-- Run it on a Neon branch';

/**
 * `plan` with the queries that break after the switch (`queries.ts`): appended to the report, and
 * listed in the SQL's header (`--   path:line rule`, once per line and rule, at most 50, then how many more; the
 * count in its title is of those lines, with the report's number of findings when a line has several) before the
 * paragraph on Neon branches. A plan with no SQL (an error) gets the report items only.
 */
export function withBreakingQueries(plan: MigrationPlan, queries: readonly PlanReportItem[]): MigrationPlan {
  const lines = [...new Set(queries.map((q) => `--   ${q.file ?? '?'}${q.line === undefined ? '' : `:${q.line}`} ${q.rule ?? ''}`.trimEnd()))];
  const shown = lines.slice(0, 50);
  const more = lines.length > shown.length ? [`--   … and ${lines.length - shown.length} more (see the report)`] : [];
  const block =
    queries.length === 0
      ? []
      : [
          '--',
          // The count is of the lines listed (a line with two findings of one rule is listed once), and says the report's when it differs.
          `-- Queries of the app that break after the switch (${lines.length}${queries.length > lines.length ? `, with ${queries.length} findings in the report` : ''}; rules run with "authSchema": "current"):`,
          ...shown,
          ...more,
        ];
  const sql = plan.sql === '' ? '' : plan.sql.replace(QUERIES_BEFORE, `${block.map((l) => `${l}\n`).join('')}${QUERIES_BEFORE}`);
  return { ...plan, sql, report: [...plan.report, ...queries] };
}
