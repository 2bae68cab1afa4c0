/**
 * The migration history folded into one schema: each file of a migration set (see
 * `workspace/migrations.ts`) applied in order to a model of the app's tables, each fact keeping
 * where it was written (file and range). `LintOptions.priorSchema` carries the state just before a
 * file, so rules that look up a table another migration created see its columns.
 *
 * The statements are read with the same code as a file's own table facts: `CREATE TABLE` through
 * the parsers and `buildModel` (its `TableDef`), `ALTER TABLE` through `applyAlter` (tokens, per
 * the ALTER TABLE synopsis); `DROP TABLE`, `ALTER TABLE … RENAME TO`, `CREATE TABLE … (LIKE …)`
 * and `SET search_path` from tokens. Tables are keyed `schema.name`; a name without a schema is
 * created in the first schema of the `search_path` the file set (`public` by default), so
 * `billing.invoices` is not `invoices`.
 */
import { tokenize } from './lexer';
import { buildModel, ColumnDef, ColumnReference, TableDef } from './model';
import { parseStatement } from './parse';
import { LineIndex } from './positions';
import { splitStatements } from './statements';
import { applyAlter, tableNameIndex } from './tableDefs';
import { SigTokens } from './tokens';
import { authReferences, authUsageOf, AuthReference } from './generation';
import { FileRange, PriorSchema } from './types';

/** One file of a set: its path as the front end names it, and its text as history (see `historyText`). */
export interface HistoryFile {
  path: string;
  text: string;
}

/** Something in the history the user should hear of (a `CREATE TABLE` no parser accepted). */
export interface HistoryNotice {
  path: string;
  line: number;
  message: string;
}

/** A set's history, folded. */
export interface FoldedHistory {
  /** The state before the file at `index` (0: nothing yet; `files.length`: after the last). */
  before(index: number): PriorSchema;
  notices: HistoryNotice[];
  /** The generation the whole set references most. */
  generation?: 'legacy' | 'current';
}

const isName = (sig: SigTokens, i: number): boolean => sig.list[i] !== undefined && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent');

/** The key of a table: `schema.name`, the schema defaulting to `fallback`. */
export function tableKey(schema: string | undefined, name: string, fallback = 'public'): string {
  return `${schema ?? fallback}.${name}`;
}

/** The schema (when written) and name of the table a statement names at token `i` (the name's last token). */
function qualifiedAt(sig: SigTokens, i: number): { schema?: string; name: string } {
  const name = sig.list[i].value;
  return sig.isPunct(i - 1, '.') && isName(sig, i - 2) ? { schema: sig.list[i - 2].value, name } : { name };
}

function cloneTable(t: TableDef): TableDef {
  return {
    ...t,
    columns: t.columns.map((c) => ({ ...c, ...(c.references ? { references: c.references.map((r) => ({ ...r })) } : {}) })),
    primaryKey: [...t.primaryKey],
  };
}

/** A cheap text hash (FNV-1a, 32 bits), for `PriorSchema.key`. */
function hash(text: string, h = 0x811c9dc5): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Folds a set's files in order (see the module comment). Never throws: a statement that cannot be
 * read changes nothing (a `CREATE TABLE` no parser accepts gives a notice: later files then do not
 * know that table).
 */
export function foldMigrations(files: readonly HistoryFile[]): FoldedHistory {
  const notices: HistoryNotice[] = [];
  const keys: string[] = ['0'];
  const refs: AuthReference[] = [];
  let h = 0x811c9dc5;
  // One working state; per file only what it changed (a copy of every state per file would cost
  // files × tables): `before(i)` replays the changes up to file i.
  const state = new Map<string, TableDef>();
  const changes: Array<Array<[string, TableDef | undefined]>> = [];
  for (const file of files) {
    const changed: Array<[string, TableDef | undefined]> = [];
    const tracked: TableState = {
      get: (k) => state.get(k),
      has: (k) => state.has(k),
      set: (k, v) => (state.set(k, v), changed.push([k, v])),
      delete: (k) => (state.delete(k), changed.push([k, undefined])),
    };
    try {
      foldFile(tracked, file, notices, refs);
    } catch {
      // an unexpected shape: this file's remaining statements are skipped
    }
    changes.push(changed);
    h = hash(file.path, hash(file.text, h));
    keys.push(`${keys.length - 1}:${h.toString(36)}`);
  }
  const generation = authUsageOf(refs).generation;
  // The last state built, to move forward from (files are usually asked for in order).
  let cursor = { index: 0, tables: new Map<string, TableDef>() };
  const made = new Map<number, PriorSchema>();
  return {
    before: (index) => {
      const i = Math.max(0, Math.min(index, files.length));
      const kept = made.get(i);
      if (kept) return kept;
      if (cursor.index > i) cursor = { index: 0, tables: new Map() };
      for (; cursor.index < i; cursor.index++)
        for (const [k, v] of changes[cursor.index]) {
          if (v) cursor.tables.set(k, v);
          else cursor.tables.delete(k);
        }
      const prior: PriorSchema = { tables: new Map(cursor.tables), key: keys[i], ...(generation ? { generation } : {}) };
      made.set(i, prior);
      if (made.size > 8) made.delete(made.keys().next().value as number); // a few, not one per file
      return prior;
    },
    notices,
    ...(generation ? { generation } : {}),
  };
}

/** The part of a Map the fold uses, so that it can record what each file changes. */
interface TableState {
  get(key: string): TableDef | undefined;
  has(key: string): boolean;
  set(key: string, def: TableDef): void;
  delete(key: string): void;
}

/** Applies one file's statements to `state` (tables are replaced, never mutated: earlier states share them). */
function foldFile(state: TableState, file: HistoryFile, notices: HistoryNotice[], refs: AuthReference[]): void {
  const { text, path } = file;
  const lines = new LineIndex(text);
  const site = (start: number, end: number): FileRange => {
    const a = lines.positionAt(start);
    const b = lines.positionAt(end);
    return { path, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character };
  };
  let searchPath = ['public'];
  const find = (schema: string | undefined, name: string): string | undefined => {
    if (schema !== undefined) return state.has(tableKey(schema, name)) ? tableKey(schema, name) : undefined;
    return searchPath.map((s) => tableKey(s, name)).find((k) => state.has(k));
  };

  for (const stmt of splitStatements(tokenize(text))) {
    const sig = new SigTokens(stmt.tokens);
    if (sig.list.length === 0) continue;
    refs.push(...authReferences(sig));

    // SET [SESSION|LOCAL] search_path TO|= a, b
    if (sig.isWord(0, 'set')) {
      let k = sig.isWord(1, 'session', 'local') ? 2 : 1;
      if (sig.isWord(k, 'search_path') && (sig.isWord(k + 1, 'to') || sig.isPunct(k + 1, '='))) {
        const path: string[] = [];
        for (k += 2; k < sig.list.length; k++) if (isName(sig, k) || sig.list[k].kind === 'string') path.push(sig.list[k].value);
        const schemas = path.filter((s) => s !== '$user' && s !== 'pg_catalog' && s !== 'pg_temp');
        if (schemas.length > 0) searchPath = schemas;
      }
      continue;
    }

    // DROP TABLE [IF EXISTS] a, b [CASCADE|RESTRICT]
    if (sig.isWord(0, 'drop') && sig.isWord(1, 'table')) {
      for (let k = sig.isWord(2, 'if') && sig.isWord(3, 'exists') ? 4 : 2; k < sig.list.length; k++) {
        if (!isName(sig, k) || sig.isPunct(k + 1, '.')) continue;
        const { schema, name } = qualifiedAt(sig, k);
        const key = find(schema, name);
        if (key) state.delete(key);
      }
      continue;
    }

    const created = tableNameIndex(sig, 'create');
    if (created >= 0 && sig.isWord(1, 'table', 'temp', 'temporary', 'unlogged', 'global', 'local')) {
      const def = createdTable(text, stmt, sig, site, state, find, notices, path, lines);
      if (def) {
        const key = tableKey(def.schema, def.name, searchPath[0]);
        const ifNotExists = sig.list.some((_, k) => sig.isWord(k, 'if') && sig.isWord(k + 1, 'not') && sig.isWord(k + 2, 'exists'));
        if (!(ifNotExists && state.has(key))) state.set(key, def);
      }
      continue;
    }

    const altered = tableNameIndex(sig, 'alter');
    if (altered >= 0) {
      const { schema, name } = qualifiedAt(sig, altered);
      const key = find(schema, name);
      if (!key) continue; // a table the history does not know (Neon Auth's, or created outside the set)
      const def = cloneTable(state.get(key)!);
      applyAlter(sig, def, { text, site });
      // RENAME TO new_name (the table keeps its schema)
      let renamed: string | undefined;
      for (let k = altered + 1; k < sig.list.length; k++)
        if (sig.isWord(k, 'rename') && sig.isWord(k + 1, 'to') && isName(sig, k + 2)) renamed = sig.list[k + 2].value;
      if (renamed !== undefined) {
        state.delete(key);
        def.name = renamed;
        state.set(tableKey(key.slice(0, key.indexOf('.')), renamed), def);
      } else state.set(key, def);
    }
  }
}

/** What of a migration's text its fold reads (see `historyReads`). */
export interface HistoryReads {
  /** The text of each statement `foldMigrations` folds (`CREATE`, `ALTER`, `DROP`, `SET`), joined. */
  ddl: string;
  /** The Neon Auth tables the text references (they decide the set's generation). */
  references: AuthReference[];
}

/**
 * What `foldMigrations` reads of one migration's text: two texts with the same `ddl` leave the same
 * tables, so a later migration's history changes only with it or with the set's generation (when
 * only a query of the file was fixed, nothing needs folding again).
 */
export function historyReads(text: string): HistoryReads {
  const ddl: string[] = [];
  const references: AuthReference[] = [];
  for (const stmt of splitStatements(tokenize(text))) {
    const sig = new SigTokens(stmt.tokens);
    if (sig.list.length === 0) continue;
    references.push(...authReferences(sig));
    if (sig.isWord(0, 'create', 'alter', 'drop', 'set')) ddl.push(text.slice(stmt.start, stmt.end));
  }
  return { ddl: ddl.join('\u0000'), references };
}

/** The generation a set whose files reference `references` is checked for (as `foldMigrations` decides it). */
export function historyGeneration(references: readonly AuthReference[]): 'legacy' | 'current' | undefined {
  return authUsageOf(references).generation;
}

/**
 * The table a `CREATE TABLE` defines, its columns with their origin (and without ranges into this
 * file), its foreign keys with their actions; columns of `(LIKE source)` copied from the state.
 */
function createdTable(
  text: string,
  stmt: ReturnType<typeof splitStatements>[number],
  sig: SigTokens,
  site: (start: number, end: number) => FileRange,
  state: TableState,
  find: (schema: string | undefined, name: string) => string | undefined,
  notices: HistoryNotice[],
  path: string,
  lines: LineIndex,
): TableDef | undefined {
  const p = parseStatement(text, stmt);
  if (!p.ok) {
    const i = tableNameIndex(sig, 'create');
    notices.push({
      path,
      line: lines.positionAt(stmt.start).line,
      message: `No parser accepted this CREATE TABLE ${sig.list[i].value} (${p.message}): later migrations are checked without its columns.`,
    });
    return undefined;
  }
  let model;
  try {
    model = buildModel(p.ast, p.toDoc, text, sig, () => undefined);
  } catch {
    return undefined;
  }
  const parsed = model.tables[0];
  if (!parsed) return undefined;
  const def: TableDef = { name: parsed.name, columns: [], primaryKey: [...parsed.primaryKey] };
  if (parsed.schema !== undefined) def.schema = parsed.schema;

  // (LIKE source [INCLUDING …]): the source's columns first, NOT NULL kept, keys and defaults not (unless INCLUDING DEFAULTS|ALL).
  for (let k = 0; k < sig.list.length; k++) {
    if (!(sig.isPunct(k - 1, '(') || sig.isPunct(k - 1, ',')) || !sig.isWord(k, 'like') || !isName(sig, k + 1)) continue;
    const last = sig.isPunct(k + 2, '.') && isName(sig, k + 3) ? k + 3 : k + 1;
    const q = qualifiedAt(sig, last);
    const src = find(q.schema, q.name);
    if (!src) continue;
    let defaults = false;
    for (let j = last + 1; j < sig.list.length && sig.isWord(j, 'including', 'excluding'); j += 2)
      if (sig.isWord(j, 'including') && sig.isWord(j + 1, 'defaults', 'all')) defaults = true;
    for (const c of state.get(src)!.columns) {
      const copy: ColumnDef = { name: c.name, type: c.type, notNull: c.notNull || state.get(src)!.primaryKey.includes(c.name) };
      if (c.origin)
        copy.origin = {
          typeWritten: c.origin.typeWritten,
          type: c.origin.type,
          notNull: copy.notNull ? (c.origin.notNull ?? c.origin.type) : undefined,
          default: defaults ? c.origin.default : undefined,
        };
      def.columns.push(copy);
    }
  }

  for (const c of parsed.columns) {
    const col: ColumnDef = { name: c.name, type: c.type, notNull: c.notNull || parsed.primaryKey.includes(c.name) };
    const typeRange = c.typeStart !== undefined && c.typeEnd !== undefined ? site(c.typeStart, c.typeEnd) : site(stmt.start, stmt.start);
    const written = c.typeStart !== undefined && c.typeEnd !== undefined ? text.slice(c.typeStart, c.typeEnd) : c.type;
    const notNull = c.notNullStart !== undefined && c.notNullEnd !== undefined ? site(c.notNullStart, c.notNullEnd) : col.notNull ? typeRange : undefined;
    const clauses = c.typeEnd !== undefined ? columnClauses(sig, c.typeEnd, site) : {};
    if (clauses.primaryKey && !def.primaryKey.includes(c.name)) def.primaryKey.push(c.name);
    col.origin = { typeWritten: written, type: typeRange, notNull: clauses.primaryKey ?? notNull, default: clauses.default };
    def.columns.push(col);
  }

  // Foreign keys with their actions, from the model (column and table constraints alike).
  for (const fk of model.foreignKeys) {
    if (fk.columns.length !== 1) continue;
    const col = def.columns.find((c) => c.name === fk.columns[0]);
    if (!col) continue;
    const ref: ColumnReference = { name: fk.targetName };
    if (fk.targetSchema !== undefined) ref.schema = fk.targetSchema;
    if (fk.targetColumns.length === 1) ref.column = fk.targetColumns[0];
    if (fk.onDelete !== undefined) ref.onDelete = fk.onDelete;
    if (fk.onDeleteColumns !== undefined) ref.onDeleteColumns = fk.onDeleteColumns;
    ref.constraint = constraintName(sig, fk.referencesStart) ?? `${def.name}_${col.name}_fkey`;
    ref.origin = site(fk.referencesStart, fk.onDeleteColumnsEnd ?? fk.onDeleteEnd ?? fk.referencesEnd);
    (col.references ??= []).push(ref);
  }
  return def;
}

/** The name of `CONSTRAINT name [FOREIGN KEY (…)] REFERENCES` before the REFERENCES keyword at `at`, when written. */
function constraintName(sig: SigTokens, at: number): string | undefined {
  let k = sig.indexAt(at);
  // [FOREIGN KEY (cols)]
  if (sig.isPunct(k - 1, ')')) {
    let depth = 0;
    for (k = k - 1; k >= 0; k--) {
      if (sig.isPunct(k, ')')) depth++;
      else if (sig.isPunct(k, '(') && --depth === 0) break;
    }
    if (!(sig.isWord(k - 1, 'key') && sig.isWord(k - 2, 'foreign'))) return undefined;
    k -= 2;
  }
  return sig.isWord(k - 2, 'constraint') && isName(sig, k - 1) ? sig.list[k - 1].value : undefined;
}

/** The ranges of a column definition's `DEFAULT` and `PRIMARY KEY` after its type (up to the next top-level comma), when written. */
function columnClauses(sig: SigTokens, typeEnd: number, site: (start: number, end: number) => FileRange): { default?: FileRange; primaryKey?: FileRange } {
  const out: { default?: FileRange; primaryKey?: FileRange } = {};
  let depth = 0;
  for (let k = sig.indexAt(typeEnd); k < sig.list.length; k++) {
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) {
      if (--depth < 0) break;
    } else if (depth === 0 && sig.isPunct(k, ',')) break;
    else if (depth === 0 && sig.isWord(k, 'default')) out.default ??= site(sig.list[k].start, sig.list[k].end);
    else if (depth === 0 && sig.isWord(k, 'primary') && sig.isWord(k + 1, 'key')) out.primaryKey ??= site(sig.list[k].start, sig.list[k + 1].end);
  }
  return out;
}

/** The folded definition of a table as a file of the set sees it (`schema` undefined: `public`). */
export function priorTable(prior: PriorSchema | undefined, schema: string | undefined, name: string): TableDef | undefined {
  return prior?.tables.get(tableKey(schema, name));
}

/** `path:line` (1-based line) of a fact's origin, as messages name it. */
export function originLabel(r: FileRange): string {
  return `${r.path}:${r.line + 1}`;
}
