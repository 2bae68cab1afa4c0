import { buildModel, ColumnDef, ColumnReference, TableDef, TableLookup } from './model';
import { FileRange, LaterUses, PriorSchema, Span } from './types';
import type { ForeignKey } from './model';
import { AUTH_SCHEMAS, AuthTable, isAuthTableName, resolveAuthTable } from './catalog';
import { checkConstraintName, keepChosenCheckName, namesNullCheck, nullRejectingChecks } from './nullChecks';
import { chosenConstraintName, primaryKeyConstraint, writtenForeignKeyName, writtenPrimaryKeyName } from './constraintNames';
import { ParseOutcome } from './parse';
import { Statement } from './statements';
import { SigTokens } from './tokens';
import { partitionPoint } from './search';
import { ColumnUse, columnUseOf, hasUuidText, identifierOffsets, namesIdentifier, tableDdlOf, within } from './columnUses';
import { initialPathState, nextUndoState, SearchPaths, SearchPathStatement } from './searchPath';

/** How many of `list`'s statements (in document order) start before `offset`. */
const countBefore = (list: readonly TableStatement[], offset: number): number => partitionPoint(list.length, (i) => list[i].start < offset);

const isName = (sig: SigTokens, i: number): boolean => sig.list[i] !== undefined && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent');

/**
 * Index of the relation name after `CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS]` (also `… AS`),
 * `CREATE [OR REPLACE] [TEMP] [RECURSIVE|MATERIALIZED] VIEW [IF NOT EXISTS]` (a view is a relation
 * of the same namespace: queries of that name read it) or `ALTER TABLE [IF EXISTS] [ONLY]`, or -1.
 */
export function tableNameIndex(sig: SigTokens, verb: 'create' | 'alter'): number {
  let i = 0;
  if (!sig.isWord(i++, verb)) return -1;
  if (verb === 'create') {
    if (sig.isWord(i, 'or') && sig.isWord(i + 1, 'replace')) i += 2;
    while (sig.isWord(i, 'temp', 'temporary', 'unlogged', 'global', 'local', 'recursive', 'materialized')) i++;
    if (sig.isWord(i, 'view')) i++;
    else if (!sig.isWord(i++, 'table')) return -1;
  } else if (!sig.isWord(i++, 'table')) return -1;
  if (sig.isWord(i, 'if') && sig.isWord(i + 1, 'not') && sig.isWord(i + 2, 'exists')) i += 3;
  if (sig.isWord(i, 'if') && sig.isWord(i + 1, 'exists')) i += 2;
  if (sig.isWord(i, 'only')) i++;
  while (sig.isPunct(i + 1, '.')) i += 2;
  return isName(sig, i) ? i : -1;
}

/**
 * The new name of `ALTER TABLE [IF EXISTS] [ONLY] [schema.]name RENAME TO new_name` (unqualified, as
 * Postgres folds it; the table keeps its schema), from the statement's first significant tokens;
 * undefined for any other statement (`RENAME TO` takes no other clause).
 */
export function renamedTableTo(sig: SigTokens): string | undefined {
  const i = tableNameIndex(sig, 'alter');
  if (i < 0 || !sig.isWord(i + 1, 'rename') || !sig.isWord(i + 2, 'to') || !isName(sig, i + 3) || sig.isPunct(i + 4, '.')) return undefined;
  const to = sig.list[i + 3].value;
  return to === sig.list[i].value ? undefined : to;
}

/**
 * `def` renamed to `name` by `ALTER TABLE … RENAME TO name` (in place): Postgres renames no
 * constraint, so the primary key keeps the name it had (`notes_pkey` of table `memos`,
 * `TableDef.primaryKeyName`), as do the keys (`ColumnReference.constraint`) and an unnamed CHECK
 * (the names Postgres chose it from: `nullChecks.ts` `keepChosenCheckName`).
 */
export function renameTableDef(def: TableDef, name: string): void {
  for (const c of def.columns) keepChosenCheckName(def.name, c);
  const key = primaryKeyConstraint(def);
  if (key !== undefined) def.primaryKeyName = key;
  def.name = name;
}

/** Words that end a routine's `RETURNS type` (the routine's other options, its body). */
const ROUTINE_OPTION: ReadonlySet<string> = new Set([
  'language',
  'as',
  'begin',
  'return',
  'immutable',
  'stable',
  'volatile',
  'strict',
  'called',
  'security',
  'external',
  'leakproof',
  'not',
  'parallel',
  'cost',
  'rows',
  'support',
  'set',
  'window',
  'transform',
]);

/** The app's own definition of one of Neon's RLS helpers (`auth.user_id()`, `auth.uid()`). */
export interface AuthHelperDef {
  readonly name: 'user_id' | 'uid';
  /** The declared return type, lower-cased, its words joined by one space (`text`, `character varying`, `pg_catalog.uuid`). */
  readonly returns: string;
}

/**
 * The helper `CREATE [OR REPLACE] FUNCTION auth.user_id() | auth.uid() RETURNS type` defines (no
 * arguments: a function with arguments is another overload, not the helper a policy calls), from
 * the statement's first significant tokens; undefined for any other statement.
 */
export function authHelperDefinition(sig: SigTokens): AuthHelperDef | undefined {
  const L = sig.list;
  let i = 0;
  if (!sig.isWord(i++, 'create')) return undefined;
  if (sig.isWord(i, 'or') && sig.isWord(i + 1, 'replace')) i += 2;
  if (!sig.isWord(i++, 'function')) return undefined;
  const nameIs = (k: number, v: string): boolean => isName(sig, k) && L[k].value === v;
  if (!nameIs(i, 'auth') || !sig.isPunct(i + 1, '.')) return undefined;
  const fn = isName(sig, i + 2) ? L[i + 2].value : '';
  if ((fn !== 'user_id' && fn !== 'uid') || !sig.isPunct(i + 3, '(') || !sig.isPunct(i + 4, ')') || !sig.isWord(i + 5, 'returns')) return undefined;
  const words: string[] = [];
  for (let k = i + 6; k < L.length; k++) {
    if (sig.isPunct(k, '.') && words.length > 0 && isName(sig, k + 1)) {
      words[words.length - 1] += `.${L[++k].value}`;
      continue;
    }
    if (!isName(sig, k) || (L[k].kind === 'word' && ROUTINE_OPTION.has(L[k].value))) break;
    words.push(L[k].value);
  }
  if (words.length === 0) return undefined;
  return { name: fn, returns: words.join(' ') };
}

/** A top-level statement that defines one of the RLS helpers (see `authHelperDefinition`). */
export interface HelperStatement {
  /** What identifies the statement's text across versions of the document (see `FileTables.dependencyKey`). */
  id: number;
  /** Document offset of the statement's start. */
  start: number;
  def: AuthHelperDef;
}

/** The `FileTables.dependencyKey` name of what `helper` answers from: the statements defining an RLS helper. */
export const AUTH_HELPERS = '\u0000helpers';

/** A `CREATE TABLE` or `ALTER TABLE` statement of the file, its tokens produced on demand. */
export interface TableStatement {
  /** What identifies the statement's text across versions of the document (see `FileTables.dependencyKey`). */
  id: number;
  /** Document offset of the statement's start. */
  start: number;
  verb: 'create' | 'alter';
  /** The table's name (unqualified, as Postgres folds it). */
  name: string;
  /** The schema written before the name (`archive` in `archive.notes`); undefined when unqualified. */
  schema?: string;
  /** True for a statement in a routine body (it runs with its caller's search path, not the file's). */
  inBody?: boolean;
  /** For `ALTER TABLE … RENAME TO new_name`: the new name (see `renamedTableTo`). */
  renamedTo?: string;
  /** See `StatementMemo`. */
  memo: StatementMemo;
  /** The statement and its significant tokens. */
  get(): { stmt: Statement; sig: SigTokens };
}

/** What a file's `CREATE TABLE` and `ALTER TABLE` statements tell about its tables. */
export interface FileTables {
  /**
   * Table definitions for foreign keys that need their column's nullability: from `CREATE TABLE`
   * (parsed only when asked), then adjusted by the `ALTER TABLE … ALTER [COLUMN] c SET|DROP NOT
   * NULL` and `ADD [CONSTRAINT n] PRIMARY KEY (…)` statements before offset `before` (read from
   * tokens, per the ALTER TABLE synopsis). A table is looked up by schema and name: an unqualified
   * name (schema undefined) as Postgres resolves it through the `search_path` the file set before
   * `before` (`public` by default); undefined when that cannot be told (`$user` in the path before
   * the table's schema, a path set from an expression). Each CREATE and ALTER TABLE is the table's
   * of the schema it names or its unqualified name resolves to there; one that a `ROLLBACK` (of a
   * `BEGIN` of the file) or `ROLLBACK TO SAVEPOINT` before `before` undid does not count. After
   * `ALTER TABLE [s.]a RENAME TO b`, `b` (in `a`'s schema) is `a`'s definition as it was there, then
   * what the file's ALTER TABLEs of `b` say; `a` has no definition (until a CREATE TABLE of it).
   */
  lookup(before: number): TableLookup;
  /**
   * The columns of `table` whose type a `CREATE TABLE` alone does not settle: `ALTER TABLE … ALTER
   * [COLUMN] c [SET DATA] TYPE …` (the usual step of a text-to-uuid migration), `DROP COLUMN c`,
   * `RENAME [COLUMN] a TO b` anywhere in the file, each clause read as `applyAlter` reads it (see
   * `columnsChangedBy`); `'*'` when the table is created more than once.
   * Undefined when there are none. Without `schema`, the statements about a table of that name in
   * any schema (on the safe side); with it (the schema `lookup` resolved the name to, its
   * definition's `schema`), those about `schema.table` and those whose schema cannot be told (an
   * unqualified name under a path the file set from an expression or with `$user` first): a
   * table of the same name in another schema is another table. With `at` (the start of the
   * statement asking), a statement that a `ROLLBACK` (of a `BEGIN` of the file) or `ROLLBACK TO
   * SAVEPOINT` undid before `at` does not count: it never holds there, nor when a routine defined
   * there runs. (One undone after `at` still counts: a statement inside the transaction sees it.)
   */
  changedColumns(table: string, schema?: string, at?: number): ReadonlySet<string> | undefined;
  /**
   * A key that changes whenever what `lookup(before)(…, name)` and `changedColumns(name)` answer may
   * change: the ids of the statements about table `name` and their offsets relative to `origin`,
   * and the statements that set the `search_path`, placed among them; the same of every name the
   * file renames to or from `name` (`ALTER TABLE a RENAME TO b`, also through other names).
   * With equal keys at two origins, the answers differ only by the shift between the origins. With
   * `positional` false (default true), only which side of `origin` each statement is on: enough for
   * a check whose findings stay inside its own statement (the facts are the same; only offsets into
   * the other statements would differ).
   */
  dependencyKey(name: string, before: number, origin: number, positional?: boolean): string;
  /**
   * The top-level statements, other than those containing an offset of `except`, that may use
   * `table`.`column` with its type (see `columnUses.ts`: they name the column, in code, strings,
   * comments or routine bodies: a view, a routine, a trigger, a policy, an index), each with its
   * start offset and how (`uuid`: it also names the table and has `uuid` in its text), in
   * document order. Its dependency key is `dependencyKey(columnUsesKey(table, column), …)`.
   */
  columnUses(table: string, column: string, except: readonly number[]): Array<{ start: number; use: ColumnUse }>;
  /**
   * Whether an `ALTER TABLE` of the table after offset `from` leaves `column` NOT NULL (also in the
   * primary key) or with a CHECK that rejects NULL, right after it (the definition `lookup` gives
   * there): a foreign key before it must not be `ON DELETE SET NULL` (the later statement would make
   * the first delete of a user fail). The table is followed through its renames (`ALTER TABLE …
   * RENAME TO`): the ALTER TABLEs of its new name count. Its dependency key is `dependencyKey(name, …)`.
   */
  rejectsNullAfter(schema: string | undefined, name: string, column: string, from: number): boolean;
  /**
   * Whether an `ALTER TABLE` of the table after offset `from` drops the constraints `tracked`
   * follows (see `dropsTracked`): the key or the CHECK a statement made is then gone from the
   * schema the file leaves. The table is followed through its renames, as in `rejectsNullAfter`.
   * Its dependency key is `dependencyKey(name, …)`.
   */
  dropsAfter(schema: string | undefined, name: string, from: number, tracked: TrackedConstraints): boolean;
  /**
   * The name table `name` has at the end of the file: `name`, or the new name of the file's last
   * `ALTER TABLE … RENAME TO` after offset `from` that renames it (followed as in `dropsAfter`; a
   * later migration's statements name it so). Its dependency key is `dependencyKey(name, …)`.
   */
  nameAtEnd(schema: string | undefined, name: string, from: number): string;
  /**
   * Whether the file's CREATE or ALTER TABLE of table `name` that starts at offset `start` is undone
   * by a later `ROLLBACK` (or `ABORT`) of a transaction the file began, or a `ROLLBACK TO SAVEPOINT`
   * (see `nextUndoState`): what it made never outlives the file. False for any other statement.
   * Its dependency key is `dependencyKey(name, …)`.
   */
  rolledBack(name: string, start: number): boolean;
  /**
   * Whether the file creates, alters or renames to a relation named `name` (as Postgres folds it,
   * schemas ignored) anywhere: a table (also `CREATE TABLE … AS`) or a view. Its dependency key is
   * `dependencyKey(name, …)`.
   */
  defines(name: string): boolean;
  /**
   * Whether the earlier migrations of the file's set (`PriorSchema.tables`, the migration fold) left
   * a table named `name` (as Postgres folds it) in any schema; false outside a set. Only tables the
   * fold reads (`CREATE TABLE`, renames; not views). Depends only on the history (its key is part
   * of the settings a kept result is reused under).
   */
  priorDefines(name: string): boolean;
  /**
   * The file's own definition of Neon's RLS helper `auth.<name>()` (the last one, anywhere in the
   * file: it replaces Neon's for every statement that runs once the file has run), with the
   * offset of its statement; undefined when the file defines none. Its dependency key is
   * `dependencyKey(AUTH_HELPERS, …)`.
   */
  helper(name: 'user_id' | 'uid'): (AuthHelperDef & { start: number }) | undefined;
  /**
   * The Neon Auth schema (`neon_auth`, or the legacy `neon_identity`) an unqualified name of a Neon
   * Auth user table (`users_sync`, `"user"`: `name` as Postgres folds it) means at offset `before`,
   * as Postgres resolves it through the `search_path` the file set there: the first schema of the
   * path that holds that Neon Auth table, when no schema before it holds a table or view of that
   * name (one an earlier migration made, or one the file creates there, before or after `before`;
   * a temporary one, searched first, in any case). Undefined for any other name; when the path holds no
   * such schema (Postgres' default `"$user", public` does not); when a schema before it may hold
   * the app's own table (also `$user`, a schema named after the role); when the path is not known
   * (set from an expression); and in a host file's SQL view (`fileTables`' `followsPathForAuth`).
   * With `path`, the name is resolved on that path instead of the file's at `before` (a routine's
   * own `SET search_path` clause, see `routineSearchPath`), with the same tables before
   * `neon_auth` counted. Its dependency key is `dependencyKey(name, …)`.
   */
  authSchema(name: string, before: number, path?: readonly string[]): string | undefined;
}

/**
 * What the engine reads of a file's tables besides the rules' `FileTables` (not recorded for kept
 * results: a rule must not read it).
 */
export interface FileState {
  /**
   * The tables as a statement at offset `before` sees them, as a `PriorSchema` names them
   * (`schema.name`): each table the file creates, alters or renames to as `lookup(before)` gives
   * it, every other one as the earlier migrations of the set left it. What an `EXECUTE` text
   * there runs on (see `embeddedFindings` in engine.ts): the statements of the file before it,
   * those of its own DO block included, have run. Definitions are made when read.
   */
  tablesAt(before: number): ReadonlyMap<string, TableDef>;
  /**
   * A key that changes whenever what `tablesAt(before)` answers may (besides the earlier
   * migrations, whose key is `PriorSchema.key`): the ids of the file's CREATE and ALTER TABLE and
   * search path statements in document order, and how many of each come before `before`.
   */
  stateKey(before: number): string;
}

/**
 * Marks the foreign keys statement `t` wrote in `def` (those not in `kept`) to an unqualified target
 * with where the file's search path resolves it (`ColumnReference.pathAt`); not for a statement in
 * a routine body.
 */
function markPathReferences(def: TableDef, t: TableStatement, kept?: ReadonlySet<ColumnReference>): void {
  if (t.inBody) return;
  for (const col of def.columns) for (const r of col.references ?? []) if (r.schema === undefined && !kept?.has(r)) r.pathAt = t.start;
}

/**
 * The Neon Auth user table a foreign key of a table definition references (`ColumnDef.references`):
 * by its schema-qualified name, or by an unqualified one that the file's search path resolved to
 * it where the key was written (`ColumnReference.pathAt`, through `FileTables.authSchema`).
 */
export function referencedAuthTable(tables: Pick<FileTables, 'authSchema'>, ref: ColumnReference): AuthTable | undefined {
  if (ref.schema !== undefined) return resolveAuthTable(ref.schema, ref.name);
  return ref.pathAt !== undefined && isAuthTableName(ref.name) ? resolveAuthTable(tables.authSchema(ref.name, ref.pathAt), ref.name) : undefined;
}

/** The prefix of the `FileTables.dependencyKey` names of what `columnUses` answers from (see `columnUsesKey`). */
export const COLUMN_USES = '\u0000uses';

/**
 * The words of a statement that attach or copy a table's columns without naming them (`ATTACH
 * PARTITION`, `INHERIT`, `LIKE`, `PARTITION OF`). (`SELECT *` is not looked for: it is in most
 * files' queries, and reading it made every check and edit slower; see the rule's README.)
 */
const WHOLE_ROW = /\battach\s+partition\b|\binherits?\b|[(,]\s*like\s|\bpartition\s+of\b/i;

/** The `FileTables.dependencyKey` name of what `columnUses(table, column, …)` answers from (see `namingKey` in `fileTables`). */
export function columnUsesKey(table: string, column: string): string {
  return `${COLUMN_USES}\u0000${table}\u0000${column}`;
}

/**
 * What `fileTables` reads of a statement's own text, kept with the statement (`StatementInfo.memo`:
 * it outlives an edit elsewhere in the document, so an edit re-reads only the statements it
 * changed, never the whole text). `wholeRow`: it may take a table's columns without naming them
 * (`WHOLE_ROW`); `newlines`: the `\n` in it; `names`: whether it writes a name as an identifier
 * (`identifierOffsets`); `changes`: for an ALTER TABLE, the columns it retypes, drops or renames
 * (see `FileTables.changedColumns`).
 */
export interface StatementMemo {
  wholeRow?: boolean;
  newlines?: number;
  names?: Map<string, boolean>;
  changes?: readonly string[];
  /** `hasUuidText` of the statement's text. */
  uuid?: boolean;
  /** `tableDdlOf` of the statement (null: none). */
  ddl?: string | null;
}

/** Above this many statements to read for one name, `fileTables` searches the whole text once instead (see `naming`). */
const WHOLE_TEXT_SEARCH = 64;

function takesWholeRows(u: UseStatement, text: string): boolean {
  return (u.memo.wholeRow ??= WHOLE_ROW.test(text.slice(u.start, u.end)));
}

/**
 * Whether statement `u` writes `name` as an identifier (`identifierOffsets` of its text: a
 * statement starts and ends at a token, so the characters around it cannot continue a name).
 */
function statementNames(u: UseStatement, text: string, name: string): boolean {
  const names = (u.memo.names ??= new Map());
  let v = names.get(name);
  if (v === undefined) names.set(name, (v = namesIdentifier(text, name, u.start, u.end)));
  return v;
}

/** The number of `\n` in `text[from, to)`. */
function newlinesIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** A top-level statement of the file (see `FileTables.columnUses`), its tokens produced on demand. */
export interface UseStatement {
  /** See `StatementInfo.id`. */
  readonly id: number;
  /** Document offsets of its first significant token and after its last. */
  readonly start: number;
  readonly end: number;
  /** See `StatementMemo`. */
  readonly memo: StatementMemo;
  get(): { sig: SigTokens };
}

/** The file's table facts from its `CREATE TABLE` / `ALTER TABLE` statements, in document order. */
export function fileTables(
  statements: readonly TableStatement[],
  text: string,
  parseOnce: (s: Statement) => ParseOutcome,
  useStatements: readonly UseStatement[] = [],
  helperStatements: readonly HelperStatement[] = [],
  prior?: PriorSchema,
  pathStatements: readonly SearchPathStatement[] = [],
  followsPathForAuth = true,
): FileTables & FileState {
  const creates = new Map<string, TableStatement[]>();
  const alters = new Map<string, TableStatement[]>();
  /** `dependencyKey`'s part for a table name that does not depend on where it is asked from. */
  const idsKeys = new Map<string, string>();
  const namingKeys = new Map<string, string>();
  let useLines: number[] | undefined;
  let wholeRowList: number[] | undefined;
  /** The indexes in `useStatements` of those that may take a table's columns without naming them (`WHOLE_ROW`), in document order. */
  const wholeRows = (): number[] => {
    if (wholeRowList === undefined) {
      wholeRowList = [];
      for (let k = 0; k < useStatements.length; k++) if (takesWholeRows(useStatements[k], text)) wholeRowList.push(k);
    }
    return wholeRowList;
  };
  const wholeRowKeys = new Map<string, string>();
  /** Whether statement `u` names `name` (the one test of the key and of `columnUses`, so they agree). */
  const names = (u: UseStatement, name: string): boolean => statementNames(u, text, name);
  /** The indexes in `useStatements` of those that name `name` (see `names`), in document order: once per name and lint. */
  const namingLists = new Map<string, number[]>();
  const naming = (name: string): number[] => {
    let list = namingLists.get(name);
    if (list === undefined) {
      // One pass over the memos; the statements whose text was not read for this name yet (all of
      // them on a first check) are then read: many by one search of the whole text, a few one by one.
      list = [];
      const unread: number[] = [];
      for (let k = 0; k < useStatements.length; k++) {
        const v = useStatements[k].memo.names?.get(name);
        if (v === undefined) unread.push(k);
        else if (v) list.push(k);
      }
      if (unread.length > 0) {
        if (unread.length > WHOLE_TEXT_SEARCH && !name.includes('"')) {
          const offsets = identifierOffsets(text, name);
          for (const k of unread) {
            const u = useStatements[k];
            (u.memo.names ??= new Map()).set(name, within(offsets, u.start, u.end - name.length + 1));
          }
        }
        for (const k of unread) if (names(useStatements[k], name)) list.push(k);
        list.sort((a, b) => a - b);
      }
      namingLists.set(name, list);
    }
    return list;
  };
  /**
   * The 0-based line `useStatements[k]` starts on (lines end at `\n`, as the rule's messages count
   * them): one pass over the statements, each one's newlines counted once per identity, the gaps
   * between them (spaces and comments) counted each time.
   */
  const lineOf = (k: number): number => {
    if (!useLines) {
      const lines: number[] = (useLines = new Array<number>(useStatements.length));
      let line = 0;
      let at = 0;
      useStatements.forEach((u, i) => {
        line += newlinesIn(text, at, u.start);
        lines[i] = line;
        line += u.memo.newlines ??= newlinesIn(text, u.start, u.end);
        at = u.end;
      });
    }
    return useLines[k];
  };
  /**
   * The top-level statements that write `column`, and those that may take `table`'s columns without
   * naming them (`WHOLE_ROW`, naming the table): the only ones `columnUses(table, column, …)` can
   * return; each as its identity and the line it starts on. A kept result stays right while they
   * are the same statements on the same lines (its message may name a use's line), whatever else
   * the file's edits change.
   */
  const namingKey = (table: string, column: string): string => {
    let part = namingKeys.get(column);
    if (part === undefined) {
      const h = new SequenceHash();
      for (const k of naming(column)) h.add(useStatements[k].id, lineOf(k));
      namingKeys.set(column, (part = h.key()));
    }
    let rows = wholeRowKeys.get(table);
    if (rows === undefined) {
      const h = new SequenceHash();
      for (const k of wholeRows()) if (names(useStatements[k], table)) h.add(useStatements[k].id, lineOf(k));
      wholeRowKeys.set(table, (rows = h.key()));
    }
    return `${part}|${rows}`;
  };
  let helpersKey: string | undefined;
  /** The `ALTER TABLE … RENAME TO` statements by the new name, and by the old name, in document order. */
  const renamesInto = new Map<string, TableStatement[]>();
  const renamesFrom = new Map<string, TableStatement[]>();
  const add = (byName: Map<string, TableStatement[]>, name: string, s: TableStatement): void => {
    const list = byName.get(name);
    if (list) list.push(s);
    else byName.set(name, [s]);
  };
  for (const s of statements) {
    add(s.verb === 'create' ? creates : alters, s.name, s);
    if (s.renamedTo !== undefined) {
      add(renamesInto, s.renamedTo, s);
      add(renamesFrom, s.name, s);
    }
  }
  const paths = new SearchPaths(pathStatements);

  /**
   * Where each CREATE and ALTER TABLE that a transaction rolls back is undone (the start of the
   * `ROLLBACK`, `ABORT` or `ROLLBACK TO SAVEPOINT`; see `nextUndoState`): Postgres' DDL is
   * transactional, so the statements after that see the table as it was before. Whether a
   * statement is undone depends only on its place among the transaction statements.
   */
  let undone: Map<TableStatement, number> | undefined;
  /** The offsets where something was undone, in order. */
  const undoPoints: number[] = [];
  const undoneIndex = (): Map<TableStatement, number> => {
    if (!undone) {
      undone = new Map();
      let state = initialPathState(0);
      const live: TableStatement[] = [];
      let i = 0;
      for (const p of pathStatements) {
        if (p.change.kind === 'set') continue;
        for (; i < statements.length && statements[i].start < p.start; i++) live.push(statements[i]);
        state = nextUndoState(state, live.length, p.change);
        if (live.length > state.session) undoPoints.push(p.start);
        while (live.length > state.session) undone.set(live.pop()!, p.start);
      }
    }
    return undone;
  };
  const undoneAt = (t: TableStatement): number => undoneIndex().get(t) ?? Number.POSITIVE_INFINITY;
  /** Whether statement `t` still holds at `offset` (no transaction statement before `offset` undid it). */
  const holds = (t: TableStatement, offset: number): boolean => undoneAt(t) >= offset;
  /** How many undo points come before `offset` (what `holds` answers depends on). */
  const undosBefore = (offset: number): number => {
    undoneIndex();
    return partitionPoint(undoPoints.length, (i) => undoPoints[i] < offset);
  };

  /**
   * The schema a CREATE TABLE creates its table in: the one written, else the first schema of the
   * search path there (undefined when that is not known: `$user`, or a path the file set from an
   * expression).
   */
  const createdIn = new Map<TableStatement, string | undefined>();
  const schemaOfCreate = (c: TableStatement): string | undefined => {
    if (c.schema !== undefined) return c.schema;
    if (!createdIn.has(c)) {
      const first = paths.at(c.start)?.find((s) => s !== 'pg_catalog' && s !== 'pg_temp');
      createdIn.set(c, first === '$user' ? undefined : first);
    }
    return createdIn.get(c);
  };

  /**
   * The schema an unqualified table name means at `offset`, as Postgres resolves it: the first
   * schema of the search path there in which an earlier migration (`prior`) or a CREATE TABLE of the
   * file before `offset` made the table; when none did, the first in which the file creates it
   * later, else the path's first schema. Undefined when that cannot be told: the path is not known,
   * or `$user` comes before the schema found (a schema named after the role may hold the table).
   */
  const resolved = new Map<string, string | undefined>();
  const resolve = (name: string, offset: number): string | undefined => {
    const path = paths.at(offset);
    if (path === undefined) return undefined;
    const list = creates.get(name) ?? [];
    const into = renamesInto.get(name) ?? [];
    const key = `${name}\u0000${paths.countBefore(offset)}\u0000${countBefore(list, offset)}\u0000${countBefore(into, offset)}\u0000${undosBefore(offset)}`;
    if (resolved.has(key)) return resolved.get(key);
    const searched = path.filter((s) => s !== 'pg_catalog' && s !== 'pg_temp');
    // a CREATE TABLE there, or (before `offset`) a RENAME TO this name of a table there
    const made = (s: string, earlier: boolean): boolean =>
      list.some((c) => (!earlier || (c.start < offset && holds(c, offset))) && schemaOfCreate(c) === s) ||
      (earlier && into.some((r) => r.start < offset && holds(r, offset) && schemaOfAlter(r) === s));
    let schema: string | undefined;
    const found =
      searched.find((s) => s === '$user' || prior?.tables.has(`${s}.${name}`) === true || made(s, true)) ??
      searched.find((s) => s === '$user' || made(s, false)) ??
      searched[0];
    if (found !== '$user') schema = found;
    resolved.set(key, schema);
    return schema;
  };
  /** `authSchema` by name and number of search-path statements before the offset (what it depends on besides the name). */
  const authSchemas = new Map<string, string | undefined>();
  const authSchema = (name: string, before: number, given?: readonly string[]): string | undefined => {
    if (!followsPathForAuth || !isAuthTableName(name)) return undefined;
    const key = given ? `${name}\u0000=${given.join('\u0000')}` : `${name}\u0000${paths.countBefore(before)}`;
    if (authSchemas.has(key)) return authSchemas.get(key);
    let schema: string | undefined;
    const path = given ?? paths.at(before);
    const own = creates.get(name) ?? [];
    // a temporary table of that name (pg_temp is searched first, unless the path places it): the app's
    if (path !== undefined && !own.some((c) => createsTemporary(c.get().sig))) {
      for (const s of path) {
        if (s === 'pg_catalog' || s === 'pg_temp') continue;
        if (AUTH_SCHEMAS.includes(s) && resolveAuthTable(s, name)) {
          schema = s;
          break;
        }
        // `$user`, a table of an earlier migration, one the file creates there, or one whose schema cannot be told
        if (s === '$user' || prior?.tables.has(`${s}.${name}`) === true || own.some((c) => schemaOfCreate(c) === s || schemaOfCreate(c) === undefined)) break;
      }
    }
    authSchemas.set(key, schema);
    return schema;
  };

  /**
   * The schema of the table an ALTER TABLE alters (see `resolve` for an unqualified name). The
   * renames' are worked out first, in document order (`resolve` of a name reads those of the
   * renames into it before the offset), so that a chain of renames is never resolved by recursion.
   */
  let renameSchemasKnown = false;
  const schemaOfAlter = (a: TableStatement): string | undefined => {
    if (a.schema !== undefined) return a.schema;
    if (!renameSchemasKnown) {
      renameSchemasKnown = true;
      for (const r of statements) if (r.renamedTo !== undefined && r.schema === undefined) resolve(r.name, r.start);
    }
    return resolve(a.name, a.start);
  };

  /** The table's CREATE TABLE statements that create it in `schema`. */
  const createsIn = (schema: string, name: string): TableStatement[] => (creates.get(name) ?? []).filter((c) => schemaOfCreate(c) === schema);

  /**
   * The table's definition from a CREATE TABLE of the file, and whether it is all the table has
   * before offset `before` (`TableDef.complete`), with that statement's start. Of several, the last
   * one before `before` (a table dropped and created again is its latest definition), else the
   * first after it; a `CREATE TABLE IF NOT EXISTS` counts only when no earlier CREATE of the file
   * and no earlier migration (`hasPrior`) created the table (Postgres skips it then).
   */
  const created = (schema: string, name: string, before: number, hasPrior: boolean, parsed: TableStatement[]): { def: TableDef; start: number } | undefined => {
    const list = createsIn(schema, name);
    const order = [...list.filter((c) => c.start < before && holds(c, before)).reverse(), ...list.filter((c) => c.start >= before)];
    for (const c of order) {
      const { stmt, sig } = c.get();
      let first = tableNameIndex(sig, 'create');
      while (sig.isPunct(first - 1, '.')) first -= 2;
      const ifNotExists = sig.isWord(first - 1, 'exists');
      if (ifNotExists && (hasPrior || list[0] !== c)) continue;
      const p = parseOnce(stmt);
      parsed.push(c);
      if (!p.ok) continue;
      try {
        const def = buildModel(p.ast, p.toDoc, text, sig, () => undefined).tables.find((t) => t.name === name);
        if (def) {
          markPathReferences(def, c);
          const complete =
            list.length === 1 &&
            c.start < before &&
            ownColumnList(sig) &&
            !(renamesFrom.get(name) ?? []).some((a) => a.start < before && schemaOfAlter(a) === schema);
          return { def: complete ? { ...def, complete } : def, start: c.start };
        }
      } catch {
        // an unexpected AST shape: no definition from this statement
      }
    }
    return undefined;
  };

  /**
   * The last `ALTER TABLE … RENAME TO` before `offset` that gave table `schema.name` its name (`into`)
   * or took it away, of those that hold there (a ROLLBACK undoes a rename too), when no CREATE
   * TABLE of that name there (holding at `offset`) comes after it; undefined when there is none.
   */
  const renameBefore = (schema: string, name: string, offset: number): { r: TableStatement; into: boolean } | undefined => {
    const last = (list: readonly TableStatement[] | undefined): TableStatement | undefined => {
      if (list) for (let k = countBefore(list, offset) - 1; k >= 0; k--) if (holds(list[k], offset) && schemaOfAlter(list[k]) === schema) return list[k];
      return undefined;
    };
    const into = last(renamesInto.get(name));
    const from = last(renamesFrom.get(name));
    const r = into && (!from || from.start < into.start) ? into : from;
    if (r === undefined) return undefined;
    for (const c of createsIn(schema, name)) if (c.start > r.start && c.start < offset && holds(c, offset)) return undefined;
    return { r, into: r === into };
  };

  /**
   * The definition of table `schema.name` for a statement at `offset`: a table created in an
   * earlier migration (its folded definition, see history.ts) or by the file (see `created`), or
   * one the file renamed to that name (`renameBefore`: the old name's definition at the rename),
   * with what the file's ALTER TABLEs of that table before `offset` say about it applied; undefined
   * after a rename took the name away. A chain of renames is followed back without recursion.
   * `shared`: the memo's own definition, not a copy (see `stepsAt`), which the caller must not change.
   */
  const definitionAt = (schema: string, name: string, offset: number, shared = false): TableDef | undefined => {
    const chain: Array<{ name: string; offset: number; r: TableStatement }> = [];
    for (let n = name, at = offset; ;) {
      const renamed = renameBefore(schema, n, at);
      if (renamed === undefined) {
        let def = stepsAt(schema, n, at, undefined, undefined, shared && chain.length === 0);
        for (let k = chain.length - 1; k >= 0; k--) def = stepsAt(schema, chain[k].name, chain[k].offset, chain[k].r, def, shared && k === 0);
        return def;
      }
      // the name was taken away (a rename from `n`); at a rename's source, it failed (42P01)
      if (!renamed.into) return undefined;
      chain.push({ name: n, offset: at, r: renamed.r });
      n = renamed.r.name;
      at = renamed.r.start;
    }
  };

  /**
   * `definitionAt` from the table's base: its CREATE TABLE or earlier migration (see `created`), or,
   * with `rename`, `source` (the old name's definition at that rename) under the new name. Worked
   * out once per schema, name and base (the number of the table's CREATEs before `offset`, or the
   * rename) and number of undo points before `offset`, then one ALTER at a time: `steps[k]` is the
   * definition after the name's first k ALTERs. A copy the caller may change, its primary key's
   * columns NOT NULL; with `shared`, `steps[k]` itself (read only: a primary key column's `notNull`
   * may be unset, and `schema` and `ordered` are not filled in).
   */
  const stepsOf = new Map<
    string,
    {
      made?: { def: TableDef; start: number };
      steps: (TableDef | undefined)[];
      parsed: TableStatement[];
      /** The index in the name's ALTER TABLEs of the first that may be this schema's (-1: none). */
      firstAltered?: number;
    }
  >();
  const stepsAt = (schema: string, name: string, offset: number, rename?: TableStatement, source?: TableDef, shared = false): TableDef | undefined => {
    const altersOf = alters.get(name) ?? [];
    const base = rename ? `r${rename.start}` : countBefore(createsIn(schema, name), offset);
    const key = `${schema}\u0000${name}\u0000${base}\u0000${undosBefore(offset)}`;
    let known = stepsOf.get(key);
    if (known === undefined) {
      if (rename) {
        let def: TableDef | undefined;
        if (source) {
          def = copyDef(source);
          renameTableDef(def, name);
          // the old name's columns and ALTERs: not a CREATE TABLE's complete list (see `created`)
          delete def.complete;
          delete def.ordered;
        } else if (alters.has(name)) def = { schema, name, columns: [], primaryKey: [] };
        stepsOf.set(key, (known = { made: def && { def, start: rename.start }, steps: [def], parsed: [] }));
      } else {
        const earlier = prior?.tables.get(`${schema}.${name}`);
        const parsed: TableStatement[] = [];
        const made = created(schema, name, offset, earlier !== undefined, parsed);
        const def = made?.def ?? earlier ?? (alters.has(name) ? { schema, name, columns: [], primaryKey: [] } : undefined);
        stepsOf.set(key, (known = { made, steps: [def], parsed }));
      }
    } else {
      // The CREATE TABLEs read for it are parsed for this caller too (cached: `parseOnce` counts them
      // for the statement asking, whose kept result must name them; see `StatementSource.recordParses`).
      for (const c of known.parsed) parseOnce(c.get().stmt);
    }
    const { made, steps } = known;
    const k = countBefore(altersOf, offset);
    for (let j = steps.length; j <= k; j++) {
      const prev = steps[j - 1];
      if (prev === undefined) {
        steps.push(undefined);
        continue;
      }
      const a = altersOf[j - 1];
      // an ALTER before the CREATE (or rename) the definition comes from altered a table dropped or
      // renamed since; an ALTER TABLE of that name in another schema (or one that cannot be told) is
      // another table's (nor is one a transaction rolled back before `offset`: the same for every
      // offset of this key)
      if ((made && a.start < made.start && made.start < offset) || schemaOfAlter(a) !== schema || !holds(a, offset)) {
        steps.push(prev);
        continue;
      }
      const def = copyDef(prev);
      const kept = new Set(def.columns.flatMap((col) => col.references ?? []));
      applyAlter(a.get().sig, def);
      markPathReferences(def, a, kept);
      steps.push(def);
    }
    const at = steps[k];
    if (at === undefined || shared) return at;
    const def = copyDef(at);
    for (const c of def.columns) if (def.primaryKey.includes(c.name)) c.notNull = true;
    // the schema the name was resolved to (an unqualified CREATE TABLE's definition has none written)
    def.schema = schema;
    if (def.complete) {
      // Any ALTER TABLE that may be this table's (its schema, or one that cannot be told) before the
      // statement may have added, dropped or renamed a column: the order is then not taken as known.
      known.firstAltered ??= altersOf.findIndex((a) => {
        const s = schemaOfAlter(a);
        return s === undefined || s === schema;
      });
      if (known.firstAltered < 0 || known.firstAltered >= k) def.ordered = true;
    }
    return def;
  };

  /** `dependencyKey`'s part for the statements about table `name` (see there). */
  const tableKey = (name: string, before: number, origin: number, positional: boolean): string => {
    const cs = creates.get(name) ?? [];
    const as = alters.get(name) ?? [];
    // Which statements are about the table, by identity, and the search path statements (which
    // schema each CREATE and ALTER, and the name looked up, means) and every transaction statement
    // (what a ROLLBACK undoes, see `undoneAt`), with or without a SET, each with how many of the
    // CREATEs and ALTERs come before it: once per name and lint.
    let key = idsKeys.get(name);
    if (key === undefined) {
      const h = new SequenceHash();
      for (const c of cs) h.add(1, c.id);
      for (const a of as) h.add(2, a.id);
      for (const p of pathStatements) h.add(p.id, countBefore(cs, p.start), countBefore(as, p.start));
      idsKeys.set(name, (key = h.key()));
    }
    // Positional: each statement's offset from `origin` too; else only which side of it, which
    // (the lists are in document order) is how many come before it.
    if (positional) {
      for (const c of cs) key += `${c.start - origin} `;
      for (const a of as) key += `${a.start - origin} `;
    } else key += `${countBefore(cs, origin)}/${countBefore(as, origin)}`;
    // And which side of `before` each ALTER and search path statement is on.
    return `${key}|${countBefore(as, before)}/${partitionPoint(pathStatements.length, (i) => pathStatements[i].start < before)}`;
  };

  /**
   * The ALTER TABLEs of table `name` from offset `from` on that no ROLLBACK undoes, in document
   * order, and after one that renames it (`RENAME TO`, in the table's schema: `schema`, else where
   * `name` resolves at `from`) those of its new name, and so on: the same table's. Each with the
   * schema known for it (`schema`; after a rename, the renamed table's; undefined when neither is
   * known).
   */
  const laterAlters = (
    schema: string | undefined,
    name: string,
    from: number,
  ): Array<{ a: TableStatement; schema: string | undefined }> & { renamedTo?: string } => {
    const out: Array<{ a: TableStatement; schema: string | undefined }> & { renamedTo?: string } = [];
    let known = schema;
    for (let n = name, at = from, first = true; ; first = false) {
      let next: TableStatement | undefined;
      for (const a of alters.get(n) ?? []) {
        if (a.start < at || (!first && a.start === at) || undoneAt(a) !== Number.POSITIVE_INFINITY) continue;
        if (a.renamedTo !== undefined) {
          const s = known ?? resolve(n, at);
          if (s !== undefined && schemaOfAlter(a) === s) {
            known = s;
            next = a;
            break;
          }
          continue;
        }
        out.push({ a, schema: known });
      }
      if (next === undefined) return out;
      n = out.renamedTo = next.renamedTo!;
      at = next.start;
    }
  };

  /** `changedColumns(table, undefined, at)` for every table, by the number of undo points before `at`. */
  const changed = new Map<number, Map<string, Set<string>>>();
  /** `changedColumns(table, schema, at)` by schema, table and the number of undo points before `at`. */
  const changedIn = new Map<string, ReadonlySet<string> | undefined>();

  /** The names the file creates, alters or renames a table to (`defines`): `tablesAt` gives those as `lookup` does. */
  const touched = (name: string): boolean => creates.has(name) || alters.has(name) || renamesInto.has(name);
  let statementsKey: string | undefined;

  return {
    lookup: (offset) => (schema, name) => {
      const s = schema ?? resolve(name, offset);
      return s === undefined ? undefined : definitionAt(s, name, offset);
    },
    tablesAt: (offset) =>
      new TablesAt(
        (key) => {
          const dot = key.indexOf('.');
          const name = key.slice(dot + 1);
          return dot >= 0 && touched(name) ? definitionAt(key.slice(0, dot), name, offset) : prior?.tables.get(key);
        },
        () => {
          const keys = new Set(prior?.tables.keys() ?? []);
          const add = (schema: string | undefined, name: string): void => void (schema !== undefined && keys.add(`${schema}.${name}`));
          for (const s of statements) {
            if (s.verb === 'create') add(schemaOfCreate(s), s.name);
            else {
              add(schemaOfAlter(s), s.name);
              if (s.renamedTo !== undefined) add(schemaOfAlter(s), s.renamedTo);
            }
          }
          return keys;
        },
      ),
    stateKey: (offset) => {
      if (statementsKey === undefined) {
        const h = new SequenceHash();
        let p = 0;
        for (const s of statements) {
          for (; p < pathStatements.length && pathStatements[p].start < s.start; p++) h.add(0, pathStatements[p].id);
          h.add(1, s.id);
        }
        for (; p < pathStatements.length; p++) h.add(0, pathStatements[p].id);
        statementsKey = h.key();
      }
      return `${statementsKey}@${countBefore(statements, offset)}/${partitionPoint(pathStatements.length, (i) => pathStatements[i].start < offset)}`;
    },
    defines: touched,
    priorDefines: (name) => {
      if (!prior) return false;
      for (const key of prior.tables.keys()) if (key.endsWith(`.${name}`)) return true;
      return false;
    },
    authSchema,
    rejectsNullAfter: (schema, name, column, from) =>
      laterAlters(schema, name, from).some(({ a, schema: known }) => {
        const s = known ?? resolve(name, a.start + 1);
        const def = s === undefined ? undefined : definitionAt(s, a.name, a.start + 1, true);
        const col = def?.columns.find((c) => c.name === column);
        return col !== undefined && (col.notNull || def!.primaryKey.includes(column) || col.nullCheck !== undefined || col.origin?.nullCheck !== undefined);
      }),
    dropsAfter: (schema, name, from, tracked) => {
      const s = schema ?? resolve(name, from);
      if (s === undefined) return false;
      const t = copyTracked(tracked);
      return laterAlters(s, name, from).some(({ a }) => {
        if (schemaOfAlter(a) !== s) return false;
        // the table under its new name: an unnamed CHECK keeps the name Postgres chose from the old one
        if (a.name !== t.def.name) renameTableDef(t.def, a.name);
        return dropsTracked(a.get().sig, t);
      });
    },
    nameAtEnd: (schema, name, from) => {
      const s = schema ?? resolve(name, from);
      return s === undefined ? name : (laterAlters(s, name, from).renamedTo ?? name);
    },
    rolledBack: (name, start) => {
      const t = (creates.get(name) ?? []).find((c) => c.start === start) ?? (alters.get(name) ?? []).find((a) => a.start === start);
      return t !== undefined && undoneAt(t) !== Number.POSITIVE_INFINITY;
    },
    helper: (name) => {
      for (let k = helperStatements.length - 1; k >= 0; k--)
        if (helperStatements[k].def.name === name) return { ...helperStatements[k].def, start: helperStatements[k].start };
      return undefined;
    },
    changedColumns: (table, schema, at = 0) => {
      // What counts depends only on which undo points come before `at` (see `holds`): a statement
      // undone there never holds at `at` or after.
      const undos = undosBefore(at);
      const counts = (t: TableStatement): boolean => undos === 0 || holds(t, at);
      if (schema === undefined) {
        let all = changed.get(undos);
        if (all === undefined) {
          const kept = (byName: Map<string, TableStatement[]>): Map<string, TableStatement[]> =>
            undos === 0 ? byName : new Map([...byName].map(([name, list]) => [name, list.filter(counts)]));
          changed.set(undos, (all = changedColumnsOf(kept(creates), kept(alters))));
        }
        return all.get(table);
      }
      const key = `${schema}\u0000${table}\u0000${undos}`;
      if (!changedIn.has(key)) {
        // this schema's statements, and those whose schema cannot be told (they may be this table's)
        const mine = (s: string | undefined): boolean => s === undefined || s === schema;
        const cs = (creates.get(table) ?? []).filter((c) => counts(c) && mine(schemaOfCreate(c)));
        const as = (alters.get(table) ?? []).filter((a) => counts(a) && mine(schemaOfAlter(a)));
        changedIn.set(key, changedColumnsOf(new Map([[table, cs]]), new Map([[table, as]])).get(table));
      }
      return changedIn.get(key);
    },
    columnUses: (table, column, except) => {
      const uses: Array<{ start: number; use: ColumnUse }> = [];
      const excepted = (u: UseStatement): boolean => except.some((o) => u.start <= o && o < u.end);
      for (const k of naming(column)) {
        const u = useStatements[k];
        if (excepted(u)) continue;
        const use = columnUseOf(
          true,
          () => names(u, table),
          () => (u.memo.uuid ??= hasUuidText(text, u.start, u.end)),
          () => {
            if (u.memo.ddl === undefined) u.memo.ddl = tableDdlOf(u.get().sig) ?? null;
            return u.memo.ddl ?? undefined;
          },
        );
        if (use) uses.push({ start: u.start, use });
      }
      // A statement that names the table but not the column may still take the column with the
      // others (`ATTACH PARTITION`, `INHERIT`, `LIKE`, `PARTITION OF`).
      for (const k of wholeRows()) {
        const u = useStatements[k];
        if (!names(u, column) && !excepted(u) && names(u, table)) uses.push({ start: u.start, use: 'named' });
      }
      return uses.sort((a, b) => a.start - b.start);
    },
    dependencyKey: (name, before, origin, positional = true) => {
      // `columnUses` of one column (see `columnUsesKey`): the statements naming it, by identity and line.
      if (name.startsWith(`${COLUMN_USES}\u0000`)) {
        const [table, column] = name.slice(COLUMN_USES.length + 1).split('\u0000');
        return namingKey(table, column);
      }
      // The definitions' text and order: their offsets do not matter. (The same for every statement
      // that asks: made once per lint, not once per kept result.)
      if (name === AUTH_HELPERS) {
        if (helpersKey === undefined) {
          const h = new SequenceHash();
          for (const x of helperStatements) h.add(x.id);
          helpersKey = h.key();
        }
        return helpersKey;
      }
      // A table renamed to `name` is looked up from its old name's statements, and one renamed from
      // it is followed to its new name's (`laterAlters`): those of every name renamed (directly or
      // through others) to or from this one count too.
      let key = tableKey(name, before, origin, positional);
      if (renamesInto.has(name) || renamesFrom.has(name)) {
        const seen = new Set([name]);
        const queue = [name];
        const visit = (n: string): void => {
          if (seen.has(n)) return;
          seen.add(n);
          queue.push(n);
          key += `>${n}\u0000${tableKey(n, before, origin, positional)}`;
        };
        for (let q = 0; q < queue.length; q++) {
          for (const r of renamesInto.get(queue[q]) ?? []) visit(r.name);
          for (const r of renamesFrom.get(queue[q]) ?? []) visit(r.renamedTo!);
        }
      }
      return key;
    },
  };
}

/**
 * A dependency key part for a sequence of groups of small non-negative integers (statement ids,
 * lines, counts): the number of groups and two 32-bit hashes of the sequence (FNV-1a's and a
 * multiply-xorshift one, each number mixed whole, each group closed by a marker no number takes),
 * about 16 characters whatever the length. A kept result's keys are compared on every check of
 * the file, so they are short and made without building the long text they stand for. Two
 * different sequences get the same key with a chance of about 2⁻⁶⁴ (the inputs are the engine's
 * own counters, not text a user chooses).
 */
export class SequenceHash {
  private a = 0x811c9dc5;
  private b = 0x9e3779b9;
  private groups = 0;

  /** Mixes one group of numbers (each an integer in [0, 2³¹)). */
  add(...numbers: number[]): void {
    for (const x of numbers) this.mix(x);
    this.mix(-1);
    this.groups++;
  }

  private mix(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x01000193);
    let b = Math.imul(this.b ^ x, 0x5bd1e995);
    b ^= b >>> 15;
    this.b = Math.imul(b, 0x27d4eb2d);
  }

  /** The key: `<groups>:<hash>:<hash>` (base 36). */
  key(): string {
    return `${this.groups}:${(this.a >>> 0).toString(36)}:${(this.b >>> 0).toString(36)}`;
  }
}

/**
 * A `ReadonlyMap` of table definitions made when read: a subclass gives `get` and `entries` (the
 * defined ones only), the rest of the map is read through them. Shared by `TablesAt` and the
 * migration fold's `FoldedTables` (history.ts).
 */
export abstract class LazyTableMap implements ReadonlyMap<string, TableDef> {
  abstract get(key: string): TableDef | undefined;
  abstract entries(): MapIterator<[string, TableDef]>;
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  get size(): number {
    let n = 0;
    for (const entries = this.entries(); !entries.next().done;) n++;
    return n;
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): MapIterator<TableDef> {
    for (const [, v] of this.entries()) yield v;
  }
  forEach(fn: (value: TableDef, key: string, map: ReadonlyMap<string, TableDef>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
  [Symbol.iterator](): MapIterator<[string, TableDef]> {
    return this.entries();
  }
}

/** `FileTables.tablesAt`: a `ReadonlyMap` whose definitions are made (once each) when read; keys with none are absent. */
class TablesAt extends LazyTableMap {
  private readonly made = new Map<string, TableDef | undefined>();

  constructor(
    private readonly make: (key: string) => TableDef | undefined,
    /** The keys that may have a definition. */
    private readonly candidates: () => Iterable<string>,
  ) {
    super();
  }

  get(key: string): TableDef | undefined {
    if (!this.made.has(key)) this.made.set(key, this.make(key));
    return this.made.get(key);
  }
  *entries(): MapIterator<[string, TableDef]> {
    for (const k of this.candidates()) {
      const v = this.get(k);
      if (v) yield [k, v];
    }
  }
}

/** A copy of `def` its holder may change (columns and their references copied). */
function copyDef(def: TableDef): TableDef {
  return {
    ...def,
    columns: def.columns.map((c) => (c.references ? { ...c, references: c.references.map((r) => ({ ...r })) } : { ...c })),
    primaryKey: [...def.primaryKey],
  };
}

/**
 * Whether a CREATE TABLE lists every column of the table itself: not `IF NOT EXISTS` (an existing
 * table may have other columns), no `LIKE` or `INHERITS` (columns copied from another table),
 * no `PARTITION OF`, `OF type` or `AS query` (the words `of` and `as` outside parentheses).
 */
function ownColumnList(sig: SigTokens): boolean {
  const i = tableNameIndex(sig, 'create');
  if (i < 0 || !sig.isWord(1, 'table', 'temp', 'temporary', 'unlogged', 'global', 'local')) return false;
  let depth = 0;
  for (let k = 0; k < sig.list.length; k++) {
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) depth--;
    else if (
      sig.isWord(k, 'like', 'inherits') ||
      (depth === 0 && sig.isWord(k, 'of', 'as')) ||
      (sig.isWord(k, 'if') && sig.isWord(k + 1, 'not') && sig.isWord(k + 2, 'exists'))
    )
      return false;
  }
  return true;
}

/** Whether a CREATE TABLE or VIEW makes a temporary relation (`CREATE [OR REPLACE] [GLOBAL | LOCAL] TEMP[ORARY] …`). */
function createsTemporary(sig: SigTokens): boolean {
  const i = tableNameIndex(sig, 'create');
  for (let k = 1; k < i; k++) if (sig.isWord(k, 'temp', 'temporary')) return true;
  return false;
}

/** `FileTables.changedColumns` for every table. */
function changedColumnsOf(creates: ReadonlyMap<string, TableStatement[]>, alters: ReadonlyMap<string, TableStatement[]>): Map<string, Set<string>> {
  const changed = new Map<string, Set<string>>();
  const mark = (table: string, col: string): void => {
    if (!changed.has(table)) changed.set(table, new Set());
    changed.get(table)!.add(col);
  };
  for (const [table, list] of creates) if (list.length > 1) mark(table, '*');
  for (const [table, list] of alters) for (const a of list) for (const col of (a.memo.changes ??= columnsChangedBy(a.get().sig))) mark(table, col);
  return changed;
}

/**
 * The columns an ALTER TABLE retypes (`ALTER [COLUMN] c [SET DATA] TYPE`), drops (`DROP [COLUMN]
 * [IF EXISTS] c`, also when a syntax error follows the name) or renames (`RENAME [COLUMN] a TO b`:
 * both names), whether or not the table's definition has them: each clause as `applyAlter` reads
 * it (`alterClauses`, `columnClause`), so the two never disagree on what a clause is. Any table's
 * column may be named (the Neon Auth tables' are not in the file's definitions), so a rule that
 * takes these names as columns a table may have stays on the safe side; the words after DROP in
 * `DROP NOT NULL`, `DROP DEFAULT` or `DROP CONSTRAINT` are not columns.
 */
function columnsChangedBy(sig: SigTokens): string[] {
  const out: string[] = [];
  for (const [i, end] of alterClauses(sig)) {
    const c = columnClause(sig, i, end);
    if (c?.kind === 'rename') out.push(sig.list[c.column].value, sig.list[c.to].value);
    else if (c) out.push(sig.list[c.column].value);
  }
  return out;
}

/**
 * The clauses of an ALTER TABLE statement, as `[start, end)` significant-token ranges: after the
 * table name (and a `*` after it: `ALTER TABLE t * …`, the table and its descendants), split at
 * each comma outside parentheses. None when the statement is not an ALTER TABLE.
 */
function alterClauses(sig: SigTokens): Array<[number, number]> {
  const L = sig.list.length;
  const name = tableNameIndex(sig, 'alter');
  if (name < 0) return [];
  let i = name + 1;
  if (sig.list[i]?.kind === 'operator' && sig.list[i].value === '*') i++;
  const out: Array<[number, number]> = [];
  while (i < L) {
    let end = i;
    let depth = 0;
    for (; end < L; end++) {
      if (sig.isPunct(end, '(')) depth++;
      else if (sig.isPunct(end, ')')) depth--;
      else if (depth === 0 && sig.isPunct(end, ',')) break;
    }
    out.push([i, end]);
    i = end + 1;
  }
  return out;
}

/**
 * What an ALTER TABLE clause `[i, end)` does to a column by name (token indexes into `sig`):
 * `type` (`ALTER [COLUMN] c [SET DATA] TYPE t`, `type` the index of TYPE), `drop` (`DROP [COLUMN]
 * [IF EXISTS] c [CASCADE | RESTRICT]`; `exact` false when anything else follows the name: a syntax
 * error, which drops nothing), `rename` (`RENAME [COLUMN] c TO to`). Undefined for any other
 * clause (constraints, defaults, NOT NULL, ADD COLUMN, RENAME TO, RENAME CONSTRAINT).
 */
type ColumnClause =
  { kind: 'type'; column: number; type: number } | { kind: 'drop'; column: number; exact: boolean } | { kind: 'rename'; column: number; to: number };

function columnClause(sig: SigTokens, i: number, end: number): ColumnClause | undefined {
  const j = sig.isWord(i + 1, 'column') ? i + 2 : i + 1;
  if (sig.isWord(i, 'alter')) {
    const t = sig.isWord(j + 1, 'set') && sig.isWord(j + 2, 'data') ? j + 3 : j + 1;
    return isName(sig, j) && t < end && sig.isWord(t, 'type') ? { kind: 'type', column: j, type: t } : undefined;
  }
  if (sig.isWord(i, 'drop')) {
    if (sig.isWord(i + 1, 'constraint')) return undefined;
    const c = sig.isWord(j, 'if') && sig.isWord(j + 1, 'exists') ? j + 2 : j;
    if (!isName(sig, c) || c >= end) return undefined;
    const rest = sig.isWord(c + 1, 'cascade', 'restrict') ? c + 2 : c + 1;
    return { kind: 'drop', column: c, exact: rest === end };
  }
  if (sig.isWord(i, 'rename')) {
    if (sig.isWord(j, 'constraint') && isName(sig, j + 1) && sig.isWord(j + 2, 'to')) return undefined;
    return isName(sig, j) && sig.isWord(j + 1, 'to') && isName(sig, j + 2) && j + 2 < end ? { kind: 'rename', column: j, to: j + 2 } : undefined;
  }
  return undefined;
}

/** Words that end a column's type in a column definition (the first constraint, or `USING`/`COLLATE`). */
const TYPE_END: ReadonlySet<string> = new Set([
  'not',
  'null',
  'primary',
  'references',
  'default',
  'constraint',
  'unique',
  'check',
  'generated',
  'collate',
  'using',
]);

/**
 * A column's constraints to follow through later `ALTER TABLE`s of its table (`dropsTracked`), as
 * a definition of that table (`def.name`: its name as the statement leaves it) with that one
 * column: the keys followed as its `references` (each with its constraint name), or the CHECK
 * that rejects NULL followed as its `nullCheck` (with `nullCheckConstraint` or `nullCheckChosen`:
 * the name it goes by, see `nullChecks.ts` `namesNullCheck`).
 */
export interface TrackedConstraints {
  readonly def: TableDef;
}

/** A copy of `TrackedConstraints` that `dropsTracked` changes, and what it started with (by identity). */
export interface FollowedConstraints {
  readonly def: TableDef;
  readonly column: ColumnDef;
  readonly keys: ReadonlySet<ColumnReference>;
  readonly check?: Span;
  /** Whether the column's NOT NULL is followed (it started NOT NULL, or in the primary key). */
  readonly notNull: boolean;
}

/** A copy of `t` for `dropsTracked` to follow through one run of later statements. */
export function copyTracked(t: TrackedConstraints): FollowedConstraints {
  const def = copyDef(t.def);
  const column = def.columns[0];
  if (column.nullCheck) column.nullCheck = { ...column.nullCheck };
  const notNull = column.notNull || def.primaryKey.includes(column.name);
  return { def, column, keys: new Set(column.references ?? []), check: column.nullCheck, notNull };
}

/**
 * Follows `f` through one `ALTER TABLE` statement of its table with `applyAlter` (what it does to
 * the one-column definition: a rename of the column or of a constraint is followed, a `DROP
 * CONSTRAINT` removes the key or CHECK it names, a `DROP COLUMN` the column); true when none of
 * what `f` started with is left: each key dropped, the CHECK dropped, or the column. A key or a
 * CHECK added again (even under the same name, even in the same statement) is another constraint:
 * the statement that adds it is the one to judge.
 */
export function dropsTracked(sig: SigTokens, f: FollowedConstraints): boolean {
  if (tableNameIndex(sig, 'alter') < 0) return false;
  applyAlter(sig, f.def);
  if (!f.def.columns.includes(f.column)) return true;
  const keyLeft = (f.column.references ?? []).some((r) => f.keys.has(r));
  const notNullLeft = f.notNull && (f.column.notNull || f.def.primaryKey.includes(f.column.name));
  return !keyLeft && !notNullLeft && !(f.check !== undefined && f.column.nullCheck === f.check);
}

/** What `droppedLater` reads of a rule's context. */
interface LaterContext {
  readonly tables: FileTables;
  readonly later?: LaterUses;
  readonly statement: { readonly start: number; readonly end: number };
  /** The statement's tokens (document offsets), where `keyTracked` reads a key's written name. */
  readonly sig?: SigTokens;
}

/**
 * Whether the statement being checked (a CREATE or ALTER TABLE of table `name`) is undone by a
 * later `ROLLBACK` of the file (`FileTables.rolledBack`): a key, NOT NULL or CHECK it makes never
 * exists, so what it would do at a user's delete cannot happen. (What Postgres rejects when the
 * statement runs, a key's type mismatch, is still reported by the rules that judge it.)
 */
export function rolledBackLater(ctx: { readonly tables: FileTables; readonly statement: { readonly start: number } }, name: string): boolean {
  return ctx.tables.rolledBack(name, ctx.statement.start);
}

/**
 * Whether what `tracked` follows on the table of key `fk` is dropped after the statement: by an
 * `ALTER TABLE` later in the file (`FileTables.dropsAfter`) or in a later migration of the set
 * (`LaterUses.drops`, of the table by the name the file leaves it with, `FileTables.nameAtEnd`;
 * each followed through renames of the table, under which constraints keep their names), or never made, the statement being rolled back (`rolledBackLater`). The
 * schema the file or the set leaves then has no such constraint.
 */
export function droppedLater(ctx: LaterContext, fk: ForeignKey, tracked: TrackedConstraints): boolean {
  if (!fk.table) return false;
  if (rolledBackLater(ctx, fk.table.name)) return true;
  if (ctx.tables.dropsAfter(fk.table.schema, fk.table.name, ctx.statement.end, tracked)) return true;
  if (!ctx.later) return false;
  // a later migration names the table as the file leaves it (its constraints keep their names)
  const name = ctx.tables.nameAtEnd(fk.table.schema, fk.table.name, ctx.statement.end);
  let followed = tracked;
  if (name !== fk.table.name) {
    const def = copyDef(tracked.def);
    renameTableDef(def, name);
    followed = { def };
  }
  return ctx.later.drops(fk.table.schema ?? 'public', name, followed);
}

/**
 * The one-column key `fk` to a Neon Auth user table, to follow with `droppedLater`: its column and
 * its name (written, or the one Postgres chose: `<table>_<column>_fkey`, see `constraintNames.ts`),
 * as the table's definition right after the statement has it; undefined when that is not known.
 * The column's other keys to that table (an earlier statement's) are not followed when the
 * statement's own is found by its name (`ctx.sig`): their drop, or not, says nothing of this one.
 */
export function keyTracked(ctx: LaterContext, fk: ForeignKey): TrackedConstraints | undefined {
  if (!fk.table || !fk.authTable || fk.columns.length !== 1) return undefined;
  const column = fk.columns[0];
  const def = ctx.tables.lookup(ctx.statement.end)(fk.table.schema, fk.table.name);
  let references: ColumnReference[] = [];
  for (const r of def?.columns.find((c) => c.name === column)?.references ?? [])
    if (r.constraint !== undefined && referencedAuthTable(ctx.tables, r) === fk.authTable) references.push({ name: r.name, constraint: r.constraint });
  if (ctx.sig) {
    const own = writtenForeignKeyName(ctx.sig, fk.referencesSpan.start) ?? chosenConstraintName(fk.table.name, [column], 'fkey');
    const mine = references.filter((r) => r.constraint === own);
    if (mine.length > 0) references = mine;
  }
  if (references.length === 0) return undefined;
  return { def: { name: fk.table.name, columns: [{ name: column, type: '', notNull: false, references }], primaryKey: [] } };
}

/**
 * The NOT NULL of `col` of table `table`, to follow with `droppedLater`: gone after `ALTER [COLUMN]
 * c DROP NOT NULL` (or the column's drop); `key`: the name of the primary key when the column is in
 * it (`primaryKeyConstraint`), so only a DROP NOT NULL after a `DROP CONSTRAINT` of that name ends
 * it (Postgres rejects DROP NOT NULL on a key column, 42P16, and the key's drop alone leaves the
 * column NOT NULL).
 */
export function notNullTracked(table: string, col: ColumnDef, key?: string): TrackedConstraints {
  const def: TableDef = { name: table, columns: [{ name: col.name, type: '', notNull: true }], primaryKey: key !== undefined ? [col.name] : [] };
  if (key !== undefined) def.primaryKeyName = key;
  return { def };
}

/** The CHECK that rejects NULL in `col` of table `table`, to follow with `droppedLater`: by its name, or the name Postgres chose for it. */
export function nullCheckTracked(table: string, col: ColumnDef): TrackedConstraints {
  const tracked: ColumnDef = { name: col.name, type: '', notNull: false, nullCheck: { start: 0, end: 0 } };
  if (col.nullCheckConstraint !== undefined) tracked.nullCheckConstraint = col.nullCheckConstraint;
  if (col.nullCheckChosen) tracked.nullCheckChosen = col.nullCheckChosen;
  return { def: { name: table, columns: [tracked], primaryKey: [] } };
}

/**
 * Where `applyAlter` records the origin of what it changes (`ColumnDef.origin`, `ColumnReference.origin`):
 * the migration fold (`history.ts`) gives one; a file's own lookups give none.
 */
export interface AlterSites {
  /** The statement's document text. */
  text: string;
  /** The file range of document offsets [start, end). */
  site(start: number, end: number): FileRange;
}

/**
 * Applies one `ALTER TABLE` statement's column changes to a definition, clause by clause (per the
 * ALTER TABLE synopsis): `ADD [COLUMN] [IF NOT EXISTS] c type [NOT NULL|PRIMARY KEY]`,
 * `DROP [COLUMN] [IF EXISTS] c`, `RENAME [COLUMN] a TO b`, `ALTER [COLUMN] c [SET DATA] TYPE t`,
 * `ALTER [COLUMN] c SET|DROP NOT NULL`, `ALTER [COLUMN] c SET|DROP DEFAULT`, `ADD [CONSTRAINT n]
 * PRIMARY KEY (…)`, `ADD [CONSTRAINT n] FOREIGN KEY (c) REFERENCES … [ON DELETE action]`,
 * `DROP CONSTRAINT [IF EXISTS] n` (a foreign key, the primary key, or a CHECK that rejects NULL),
 * `RENAME CONSTRAINT a TO b`. With `sites`, each change's origin is recorded.
 */
export function applyAlter(sig: SigTokens, def: TableDef, sites?: AlterSites): void {
  const written = alterClauses(sig);
  if (written.length > 0 && dropsKeyNotNull(sig, written[0][0], def)) return;
  // Postgres runs the drops (DROP [COLUMN], DROP CONSTRAINT, DROP NOT NULL) first, in the order
  // written, then the rest (`AT_PASS_DROP`): `ADD CONSTRAINT k …, DROP CONSTRAINT k` drops the old k
  // and keeps the new one.
  const clauses = [...written.filter(([i]) => isDropPass(sig, i)), ...written.filter(([i]) => !isDropPass(sig, i))];
  for (const [i, end] of clauses) {
    applyClause(sig, i, end, def, sites);
    // ADD [COLUMN c …] [CONSTRAINT n] CHECK (c IS NOT NULL): the column cannot be set to NULL any more.
    if (sig.isWord(i, 'add'))
      for (const [name, span] of nullRejectingChecks(sig, i, end)) {
        const col = def.columns.find((c) => c.name === name);
        // the column's first such CHECK is the one followed (as in CREATE TABLE, see `nullRejectingChecks`)
        if (!col || col.nullCheck || col.origin?.nullCheck) continue;
        if (!sites) col.nullCheck = span;
        else if (col.origin) col.origin = { ...col.origin, nullCheck: sites.site(span.start, span.end) };
        const constraint = checkConstraintName(sig, span);
        if (constraint === undefined) delete col.nullCheckConstraint;
        else col.nullCheckConstraint = constraint;
        delete col.nullCheckChosen;
      }
  }
}

/**
 * Whether the ALTER TABLE whose clauses start at token `from` is one Postgres rejects because a
 * clause `ALTER [COLUMN] c DROP NOT NULL` names a column of `def`'s primary key (42P16, "column is in
 * a primary key"): the statement then changes nothing. The clauses are read in order: after `DROP
 * CONSTRAINT` of the key (by the name it has, `primaryKeyConstraint`: `notes_pkey` also after a
 * `RENAME TO memos`) the key's columns may drop their NOT NULL (accepted, as on PGlite).
 */
/** Whether the ALTER TABLE clause at token `i` runs in Postgres' first pass: `DROP …` (a column or a constraint), `ALTER [COLUMN] c DROP NOT NULL`. */
function isDropPass(sig: SigTokens, i: number): boolean {
  if (sig.isWord(i, 'drop')) return true;
  if (!sig.isWord(i, 'alter')) return false;
  const c = sig.isWord(i + 1, 'column') ? i + 2 : i + 1;
  return isName(sig, c) && sig.isWord(c + 1, 'drop') && sig.isWord(c + 2, 'not') && sig.isWord(c + 3, 'null');
}

function dropsKeyNotNull(sig: SigTokens, from: number, def: TableDef): boolean {
  if (def.primaryKey.length === 0) return false;
  let keyed = true;
  let depth = 0;
  for (let k = from; k < sig.list.length; k++) {
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) depth--;
    if (depth !== 0 || (k !== from && !sig.isPunct(k - 1, ','))) continue;
    if (sig.isWord(k, 'drop') && sig.isWord(k + 1, 'constraint')) {
      const n = sig.isWord(k + 2, 'if') && sig.isWord(k + 3, 'exists') ? k + 4 : k + 2;
      if (isName(sig, n) && sig.list[n].value === primaryKeyConstraint(def)) keyed = false;
      continue;
    }
    if (!keyed || !sig.isWord(k, 'alter')) continue;
    const c = sig.isWord(k + 1, 'column') ? k + 2 : k + 1;
    if (isName(sig, c) && sig.isWord(c + 1, 'drop') && sig.isWord(c + 2, 'not') && sig.isWord(c + 3, 'null') && def.primaryKey.includes(sig.list[c].value))
      return true;
  }
  return false;
}

function applyClause(sig: SigTokens, i: number, end: number, def: TableDef, sites?: AlterSites): void {
  const range = (a: number, b: number): FileRange | undefined =>
    sites && sig.list[a] && sig.list[b] ? sites.site(sig.list[a].start, sig.list[b].end) : undefined;
  const find = (j: number): ColumnDef | undefined => (isName(sig, j) ? def.columns.find((c) => c.name === sig.list[j].value) : undefined);
  const has = (from: number, ...words: string[]): boolean => {
    for (let k = from; k + words.length <= end; k++) if (words.every((w, d) => sig.isWord(k + d, w))) return true;
    return false;
  };
  /** The type tokens from `j` to the first constraint word or the clause end. */
  const typeAt = (j: number): { type: string; typeSpan?: Span } => {
    let k = j;
    let depth = 0;
    while (k < end) {
      if (sig.isPunct(k, '(') || sig.isPunct(k, '[')) depth++;
      else if (sig.isPunct(k, ')') || sig.isPunct(k, ']')) depth--;
      else if (depth === 0 && sig.list[k].kind === 'word' && TYPE_END.has(sig.list[k].value)) break;
      k++;
    }
    if (k === j) return { type: '' };
    // as the model spells types: `character varying`, `pg_catalog.uuid`, `uuid[]` (modifiers dropped)
    let type = '';
    for (const t of sig.list.slice(j, k)) {
      if (t.kind === 'word' || t.kind === 'quotedIdent') type += type === '' || type.endsWith('.') ? t.value : ` ${t.value}`;
      else if (t.kind === 'punct' && t.value === '.') type += '.';
      else if (t.kind === 'punct' && t.value === '[' && !type.endsWith('[]')) type += '[]';
    }
    return { type, typeSpan: { start: sig.list[j].start, end: sig.list[k - 1].end } };
  };

  if (sig.isWord(i, 'alter')) {
    let j = i + 1;
    if (sig.isWord(j, 'column')) j++;
    const col = find(j);
    if (!col) return;
    if (sig.isWord(j + 2, 'not') && sig.isWord(j + 3, 'null')) {
      // The NOT NULL written in the definition is no longer what decides: no "remove NOT NULL" edit.
      if (sig.isWord(j + 1, 'set')) {
        Object.assign(col, { notNull: true, notNullSpan: undefined });
        if (col.origin) col.origin = { ...col.origin, notNull: range(j + 1, j + 3) };
      } else if (sig.isWord(j + 1, 'drop') && !def.primaryKey.includes(col.name)) {
        // (on a column of the primary key Postgres rejects the statement, 42P16: see `dropsKeyNotNull`)
        Object.assign(col, { notNull: false, notNullSpan: undefined });
        if (col.origin) col.origin = { ...col.origin, notNull: undefined };
      }
      return;
    }
    if (sig.isWord(j + 2, 'default') && col.origin) {
      if (sig.isWord(j + 1, 'set')) col.origin = { ...col.origin, default: range(j + 1, end - 1) };
      else if (sig.isWord(j + 1, 'drop')) col.origin = { ...col.origin, default: undefined };
      return;
    }
    const clause = columnClause(sig, i, end);
    if (clause?.kind === 'type') {
      const typed = typeAt(clause.type + 1);
      if (col.origin && typed.typeSpan && sites) {
        col.type = typed.type;
        col.origin = {
          ...col.origin,
          typeWritten: sites.text.slice(typed.typeSpan.start, typed.typeSpan.end),
          type: sites.site(typed.typeSpan.start, typed.typeSpan.end),
        };
      } else Object.assign(col, typed);
    }
    return;
  }
  if (sig.isWord(i, 'rename')) {
    let j = i + 1;
    if (sig.isWord(j, 'column')) j++;
    if (sig.isWord(j, 'constraint') && isName(sig, j + 1) && sig.isWord(j + 2, 'to') && isName(sig, j + 3)) {
      const [from, to] = [sig.list[j + 1].value, sig.list[j + 3].value];
      if (primaryKeyConstraint(def) === from) def.primaryKeyName = to;
      for (const c of def.columns) {
        for (const r of c.references ?? []) if (r.constraint === from) r.constraint = to;
        if (namesNullCheck(from, def.name, c)) {
          c.nullCheckConstraint = to;
          delete c.nullCheckChosen;
        }
      }
      return;
    }
    const clause = columnClause(sig, i, end);
    const col = clause?.kind === 'rename' ? find(clause.column) : undefined;
    if (col && clause?.kind === 'rename') {
      // an unnamed CHECK keeps the name Postgres chose from the old column name
      keepChosenCheckName(def.name, col);
      col.name = sig.list[clause.to].value;
    }
    return;
  }
  if (sig.isWord(i, 'drop') && sig.isWord(i + 1, 'constraint')) {
    // DROP CONSTRAINT [IF EXISTS] n: a foreign key of a column, or the primary key
    let j = i + 2;
    if (sig.isWord(j, 'if') && sig.isWord(j + 1, 'exists')) j += 2;
    if (!isName(sig, j)) return;
    const name = sig.list[j].value;
    for (const c of def.columns) if (c.references) c.references = c.references.filter((r) => r.constraint !== name);
    if (name === primaryKeyConstraint(def)) {
      // the key's columns stay NOT NULL (Postgres keeps attnotnull; only a DROP NOT NULL after this ends it)
      for (const c of def.columns) if (def.primaryKey.includes(c.name)) c.notNull = true;
      def.primaryKey = [];
      delete def.primaryKeyName;
    }
    // a CHECK that rejected NULL: by its written name, or by the name Postgres chose for an unnamed one
    for (const c of def.columns) {
      if (!namesNullCheck(name, def.name, c)) continue;
      delete c.nullCheck;
      delete c.nullCheckConstraint;
      delete c.nullCheckChosen;
      if (c.origin?.nullCheck) c.origin = { ...c.origin, nullCheck: undefined };
    }
    return;
  }
  if (sig.isWord(i, 'drop')) {
    // DROP [COLUMN] [IF EXISTS] c [CASCADE | RESTRICT]: anything else after the name (`DROP COLUMN
    // a.b`) is a syntax error, and Postgres drops nothing
    const clause = columnClause(sig, i, end);
    const col = clause?.kind === 'drop' && clause.exact ? find(clause.column) : undefined;
    if (col) def.columns.splice(def.columns.indexOf(col), 1);
    return;
  }
  if (sig.isWord(i, 'add')) {
    // ADD [CONSTRAINT n] PRIMARY KEY (a, b)
    for (let k = i + 1; k < end; k++) {
      if (sig.isWord(k, 'primary') && sig.isWord(k + 1, 'key') && sig.isPunct(k + 2, '(')) {
        const close = sig.matchingParen(k + 2);
        // (a table has one primary key: Postgres rejects a second, 42P16)
        if (def.primaryKey.length > 0) return;
        for (let c = k + 3; c < close; c++) if (isName(sig, c)) def.primaryKey.push(sig.list[c].value);
        if (def.primaryKey.length > 0) def.primaryKeyName = writtenPrimaryKeyName(sig, i, end) ?? chosenConstraintName(def.name, [], 'pkey');
        return;
      }
    }
    // ADD [CONSTRAINT n] FOREIGN KEY (c) REFERENCES t [(col)]
    const fk = sig.isWord(i + 1, 'constraint') ? i + 3 : i + 1;
    if (
      sig.isWord(fk, 'foreign') &&
      sig.isWord(fk + 1, 'key') &&
      sig.isPunct(fk + 2, '(') &&
      isName(sig, fk + 3) &&
      sig.isPunct(fk + 4, ')') &&
      sig.isWord(fk + 5, 'references')
    ) {
      const col = find(fk + 3);
      const target = referenceAt(sig, fk + 6, end);
      if (col && target) {
        Object.assign(target, deleteAction(sig, fk + 6, end), keyTail(sig, fk + 6, end));
        target.constraint = fk === i + 3 && isName(sig, i + 2) ? sig.list[i + 2].value : chosenConstraintName(def.name, [col.name], 'fkey');
        if (sites) target.origin = range(i + 1, end - 1);
        (col.references ??= []).push(target);
      }
      return;
    }
    if (sig.isWord(i + 1, 'constraint', 'foreign', 'unique', 'check', 'exclude', 'primary')) return;
    let j = i + 1;
    if (sig.isWord(j, 'column')) j++;
    if (sig.isWord(j, 'if') && sig.isWord(j + 1, 'not') && sig.isWord(j + 2, 'exists')) j += 3;
    if (!isName(sig, j) || find(j)) return;
    const { type, typeSpan } = typeAt(j + 1);
    const added: ColumnDef = { name: sig.list[j].value, type, notNull: has(j + 1, 'not', 'null') || has(j + 1, 'primary', 'key'), typeSpan };
    for (let k = j + 1; k < end; k++) {
      const target = sig.isWord(k, 'references') ? referenceAt(sig, k + 1, end) : undefined;
      if (!target) continue;
      Object.assign(target, deleteAction(sig, k + 1, end), keyTail(sig, k + 1, end));
      target.constraint = sig.isWord(k - 2, 'constraint') && isName(sig, k - 1) ? sig.list[k - 1].value : chosenConstraintName(def.name, [added.name], 'fkey');
      if (sites) target.origin = range(k, end - 1);
      (added.references ??= []).push(target);
    }
    if (sites && typeSpan) {
      let nn: FileRange | undefined;
      let dflt: FileRange | undefined;
      for (let k = j + 1; k < end; k++) {
        if ((sig.isWord(k, 'not') && sig.isWord(k + 1, 'null')) || (sig.isWord(k, 'primary') && sig.isWord(k + 1, 'key'))) nn ??= range(k, k + 1);
        if (sig.isWord(k, 'default')) dflt ??= range(k, k);
      }
      added.origin = {
        typeWritten: sites.text.slice(typeSpan.start, typeSpan.end),
        type: sites.site(typeSpan.start, typeSpan.end),
        notNull: nn,
        default: dflt,
      };
      delete added.typeSpan;
    }
    def.columns.push(added);
    // ADD COLUMN c type [CONSTRAINT n] PRIMARY KEY: the table's key (Postgres rejects a second one, 42P16)
    if (def.primaryKey.length === 0 && has(j + 1, 'primary', 'key')) {
      def.primaryKey = [added.name];
      def.primaryKeyName = writtenPrimaryKeyName(sig, j + 1, end) ?? chosenConstraintName(def.name, [], 'pkey');
    }
  }
}

/** The `ON DELETE` action of the foreign key whose target starts at token `from` (before token `end`), read from tokens. */
function deleteAction(sig: SigTokens, from: number, end: number): Pick<ColumnReference, 'onDelete' | 'onDeleteColumns'> {
  for (let k = from; k + 2 < end + 1; k++) {
    if (sig.isWord(k, 'references') && k > from) break; // another key's clause
    if (!sig.isWord(k, 'on') || !sig.isWord(k + 1, 'delete')) continue;
    const two = sig.isWord(k + 2, 'set', 'no');
    const words = two ? `${sig.list[k + 2].value} ${sig.list[k + 3]?.value ?? ''}` : (sig.list[k + 2]?.value ?? '');
    const out: Pick<ColumnReference, 'onDelete' | 'onDeleteColumns'> = { onDelete: words };
    const after = two ? k + 4 : k + 3;
    if (sig.isWord(k + 2, 'set') && sig.isPunct(after, '(')) {
      const close = sig.matchingParen(after);
      if (close > 0)
        out.onDeleteColumns = sig.list
          .slice(after + 1, close)
          .filter((t) => t.kind === 'word' || t.kind === 'quotedIdent')
          .map((t) => t.value);
    }
    return out;
  }
  return {};
}

/**
 * The `ON UPDATE` action and deferrability of the foreign key whose target (`[schema .] table`)
 * starts at token `from` (before token `end`), from tokens: the key's tail as Postgres' synopsis
 * writes it (`(cols)`, `MATCH …`, `ON DELETE|UPDATE <action> [(cols)]`, `[NOT] DEFERRABLE`,
 * `INITIALLY DEFERRED|IMMEDIATE`, `NOT VALID`, `[NOT] ENFORCED`), read up to the first token that is
 * none of those. Only what is written is set.
 */
export function keyTail(sig: SigTokens, from: number, end: number): Pick<ColumnReference, 'onUpdate' | 'deferrable'> {
  const out: Pick<ColumnReference, 'onUpdate' | 'deferrable'> = {};
  let k = from;
  if (!isName(sig, k)) return out;
  k += sig.isPunct(k + 1, '.') && isName(sig, k + 2) ? 3 : 1;
  let deferrable = false;
  let deferred = false;
  while (k < end) {
    if (sig.isPunct(k, '(')) {
      const close = sig.matchingParen(k);
      if (close < 0) break;
      k = close + 1;
    } else if (sig.isWord(k, 'match')) k += 2;
    else if (sig.isWord(k, 'on') && sig.isWord(k + 1, 'delete', 'update')) {
      const two = sig.isWord(k + 2, 'set', 'no');
      if (sig.isWord(k + 1, 'update'))
        out.onUpdate = two ? `${sig.list[k + 2].value} ${sig.list[k + 3]?.value ?? ''}`.toLowerCase() : (sig.list[k + 2]?.value ?? '').toLowerCase();
      k += two ? 4 : 3;
    } else if (sig.isWord(k, 'not') && sig.isWord(k + 1, 'deferrable', 'valid', 'enforced')) {
      if (sig.isWord(k + 1, 'deferrable')) deferrable = false;
      k += 2;
    } else if (sig.isWord(k, 'deferrable')) {
      deferrable = true;
      k++;
    } else if (sig.isWord(k, 'enforced')) k++;
    else if (sig.isWord(k, 'initially') && sig.isWord(k + 1, 'deferred', 'immediate')) {
      deferred = sig.isWord(k + 1, 'deferred');
      k += 2;
    } else break;
  }
  if (deferred) out.deferrable = 'deferrable initially deferred';
  else if (deferrable) out.deferrable = 'deferrable';
  return out;
}

/** The target of `REFERENCES` whose table name starts at token `i` (before token `end`): `[schema .] table [( column )]`. */
function referenceAt(sig: SigTokens, i: number, end: number): ColumnReference | undefined {
  if (i >= end || !isName(sig, i)) return undefined;
  let k = i;
  const ref: ColumnReference = { name: sig.list[i].value };
  if (sig.isPunct(i + 1, '.') && isName(sig, i + 2) && i + 2 < end) {
    ref.schema = sig.list[i].value;
    ref.name = sig.list[i + 2].value;
    k = i + 2;
  }
  if (sig.isPunct(k + 1, '(')) {
    if (!(isName(sig, k + 2) && sig.isPunct(k + 3, ')'))) return undefined; // several columns: not a one-column key
    ref.column = sig.list[k + 2].value;
  }
  return ref;
}
