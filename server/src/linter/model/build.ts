import { checkConstraintName, nullRejectingChecks } from '../nullChecks';
import { chosenConstraintName, writtenPrimaryKeyName } from '../constraintNames';
/**
 * Builds the semantic model of one parsed statement (`buildModel`), or of a statement no parser
 * accepted (`lexicalModel`): relations and joins with ranges from our tokens, query levels and how
 * they nest, foreign keys, table definitions and writes.
 */
import type {
  ColumnConstraint,
  ColumnConstraintReference,
  CreateColumnDef,
  CreateTableStatement,
  DataTypeDef,
  Expr,
  From,
  Name,
  QNameAliased,
  SelectFromStatement,
  SetStatement,
  TableConstraintForeignKey,
  UpdateStatement,
} from 'pgsql-ast-parser';
import { AuthTable, isAuthTableName, resolveAuthTable } from '../catalog';
import { CLAUSE_END_WORDS, ON_END_WORDS, SigTokens } from '../tokens';
import type { HostNames } from '../types';
import { lexicalWrites } from '../writes';
import { AstNode, DeleteNode, fieldsOf, isNode, isObj, nodeType, walk } from './ast';
import { columnRefs, quantifiedOperand } from './expressions';
import type {
  Assignment,
  ColumnDef,
  ColumnRefAt,
  ColumnReference,
  ForeignKey,
  FromEntry,
  JoinKind,
  QueryLevel,
  QueryScope,
  RelationRef,
  StatementModel,
  TableDef,
  TableLookup,
  Write,
  WriteKind,
} from './types';

/**
 * Builds the model of one parsed statement. `toDoc` maps an offset of the text the parser saw to
 * the document offset (see `ParseOutcome`). `authSchemaOf` resolves an unqualified Neon Auth
 * table name through the search path at the statement (see `StatementModel.authSchemaOf`): a
 * relation so named that is not a CTE of the statement gets its `authTable`.
 */
export function buildModel(
  ast: AstNode,
  toDoc: (offset: number) => number,
  text: string,
  sig: SigTokens,
  lookup: TableLookup,
  names?: HostNames,
  authSchemaOf?: (name: string) => string | undefined,
): StatementModel {
  if (names) ast = resolveHostNames(ast, names);
  const loc: Loc = (n) => {
    const at = parserStart(n);
    return at === undefined ? undefined : toDoc(at);
  };
  const levels: QueryLevel[] = [];
  const assignments: Assignment[] = [];
  const model: StatementModel = { startOf: loc, scopes: [], foreignKeys: [], tables: [], writes: [], levels, lookup, assignments };
  if (authSchemaOf) model.authSchemaOf = authSchemaOf;
  // CTE names seen so far: a WITH node is visited before the queries that can name its CTEs.
  const ctes = new Set<string>();
  // CTEs whose rows are a user table's (see `RelationRef.rowsOf`), by name.
  const cteRows = new Map<string, AuthTable>();
  // Of those, the ones whose WHERE has a deleted_at condition (see `RelationRef.rowsFilterDeletedAt`).
  const cteFiltered = new Set<string>();

  // Table definitions first, so foreign keys in the same statement can see their columns.
  walk(ast, (n) => {
    if (isNode(n, 'create table') && Array.isArray(n.columns)) model.tables.push(tableDef(n, sig, loc));
  });

  const insertSources = new Set<AstNode>();
  const negatedQueries = new Set<unknown>();
  const levelOf = new Map<AstNode, QueryLevel>();
  walk(ast, (n) => {
    // the SELECT whose rows are inserted (also behind `INSERT … WITH … SELECT`)
    if (isNode(n, 'insert') && isObj(n.insert)) insertSources.add(isNode(n.insert, 'with') && isObj(n.insert.in) ? n.insert.in : n.insert);
    // (the walk visits a node before its children: the sub-query is marked before it is visited)
    const negated = negatedSubquery(n);
    if (negated !== undefined) negatedQueries.add(negated);
    let scope: QueryScope | undefined;
    if ((isNode(n, 'select') && Array.isArray(n.from)) || (isNode(n, 'update') && isObj(n.from)) || (isNode(n, 'delete') && Array.isArray(n.using))) {
      scope = buildScope(n, loc, text, sig);
      if (scope) {
        scope.insertSource = insertSources.has(n);
        if (negatedQueries.has(n)) scope.negated = true;
        model.scopes.push(scope);
      }
    }
    if (isNode(n, 'create table') && Array.isArray(n.columns)) {
      const def = model.tables.find((t) => t.name === n.name?.name && t.schema === n.name?.schema);
      const table = { schema: n.name?.schema, name: n.name?.name };
      for (const col of n.columns) {
        if (col.kind !== 'column' || !Array.isArray(col.constraints) || !def) continue;
        for (const c of col.constraints) {
          // The column's own definition (a repeated name must not borrow another's), with the table's primary key.
          if (c.type === 'reference') pushFk(c, table, [col.name?.name], withNullCheck(inPrimaryKey(def, columnDefOf(col, sig, loc)), sig));
        }
      }
      for (const c of n.constraints ?? []) {
        if (c.type === 'foreign key') {
          const cols = (c.localColumns ?? []).map((x) => x.name);
          pushFk(c, table, cols, columnOf(def, cols[0]));
        }
      }
    }
    collectWrites(n);
    collectAssignments(n, assignments);
    if (isNode(n, 'with', 'with recursive') && Array.isArray(n.bind)) {
      for (const b of n.bind) {
        if (typeof b?.alias?.name !== 'string') continue;
        // A name bound twice in the statement (an inner WITH reusing it) is not resolved: which one a
        // reference means depends on where it is.
        const rows = ctes.has(b.alias.name) ? undefined : userRowsOf(b.statement, (name) => (ctes.has(name) ? undefined : authSchemaOf?.(name)));
        ctes.add(b.alias.name);
        if (rows) cteRows.set(b.alias.name, rows);
        else cteRows.delete(b.alias.name);
        if (rows && filtersDeletedAt(b.statement)) cteFiltered.add(b.alias.name);
        else cteFiltered.delete(b.alias.name);
      }
    }
    if (isNode(n, 'select', 'update', 'delete')) {
      const level = buildLevel(n, ctes, loc, text, sig);
      if (scope) scope.level = level;
      levels.push(level);
      levelOf.set(n, level);
    }
    if (isNode(n, 'alter table') && Array.isArray(n.changes)) {
      const table = { schema: n.table?.schema, name: n.table?.name };
      const def = lookup(table.schema, table.name) ?? model.tables.find((t) => t.name === table.name);
      for (const ch of n.changes) {
        if (ch.type === 'add constraint' && ch.constraint?.type === 'foreign key') {
          const cols = (ch.constraint.localColumns ?? []).map((x) => x.name);
          pushFk(ch.constraint, table, cols, columnOf(def, cols[0]));
        }
        if (ch.type === 'add column' && isObj(ch.column)) {
          const col = ch.column;
          const cdef = withNullCheck(columnDefOf(col, sig, loc), sig);
          for (const c of col.constraints ?? []) {
            if (c.type === 'reference') pushFk(c, table, [col.name?.name], cdef);
          }
        }
      }
    }
  });
  linkLevels(ast, levelOf);
  // An unqualified name the search path resolves to a Neon Auth table (a CTE of that name aside: it is what the name means).
  if (authSchemaOf) {
    const resolve = (rel: RelationRef | undefined): void => {
      if (!rel || rel.schema !== undefined || rel.authTable || !isAuthTableName(rel.name) || ctes.has(rel.name)) return;
      const schema = authSchemaOf(rel.name);
      const table = schema === undefined ? undefined : resolveAuthTable(schema, rel.name);
      if (schema === undefined || !table) return;
      rel.authTable = table;
      rel.pathSchema = schema;
    };
    for (const scope of model.scopes) for (const e of scope.from) resolve(e.relation);
    for (const level of levels) for (const rel of level.relations) resolve(rel);
  }
  // A reference to a CTE that is rows of a user table (see `RelationRef.rowsOf`).
  for (const scope of model.scopes)
    for (const e of scope.from) {
      const rel = e.relation;
      const rows = rel && rel.schema === undefined ? cteRows.get(rel.name) : undefined;
      if (rel && rows && !rel.authTable) {
        rel.rowsOf = rows;
        if (cteFiltered.has(rel.name)) rel.rowsFilterDeletedAt = true;
      }
    }
  // Forms the AST does not represent (CREATE POLICY, … when another parser produced the AST): from tokens.
  // The tokens also tell an ALTER TABLE's kind when the AST does not (ROW LEVEL SECURITY, RENAME).
  for (const w of lexicalWrites(sig)) {
    const same = model.writes.find((x) => x.start === w.start);
    if (!same) model.writes.push(w);
    else if (same.kind === 'alter' && (w.kind === 'rls' || w.kind === 'rename')) same.kind = w.kind;
  }
  model.writes.sort((a, b) => a.start - b.start);
  return model;

  /** The write a pgsql-ast-parser node makes, if any (see `Write`). */
  function collectWrites(n: AstNode): void {
    const target = (kind: WriteKind, object: string, name: unknown, columns?: readonly unknown[]): void => {
      if (!isQName(name)) return;
      const start = loc(name);
      if (start === undefined) return;
      const first = sig.indexContaining(start);
      if (!sig.list[first]) return;
      const w: Write = {
        kind,
        object,
        schema: typeof name.schema === 'string' ? name.schema : undefined,
        name: name.name,
        start: sig.list[first].start,
        end: sig.list[qualifiedNameEnd(sig, first)].end,
      };
      if (columns) {
        w.columns = [];
        for (const c of columns) {
          const cs = loc(c);
          const t = cs === undefined ? undefined : sig.list[sig.indexContaining(cs)];
          if (t && isQName(c)) w.columns.push({ name: c.name, start: t.start, end: t.end });
        }
      }
      model.writes.push(w);
    };
    const setColumns = (sets: SetStatement[] | null | undefined): Name[] => (Array.isArray(sets) ? sets.map((x) => x?.column).filter(isObj) : []);
    if (isNode(n, 'insert')) {
      const onConflict = n.onConflict?.do;
      const conflictSets = typeof onConflict === 'object' && onConflict !== null ? onConflict.sets : undefined;
      target('insert', 'table', n.into, [...(Array.isArray(n.columns) ? n.columns : []), ...setColumns(conflictSets)]);
    } else if (isNode(n, 'update')) target('update', 'table', n.table, setColumns(n.sets));
    else if (isNode(n, 'delete')) target('delete', 'table', n.from);
    else if (isNode(n, 'truncate table')) for (const t of Array.isArray(n.tables) ? n.tables : []) target('truncate', 'table', t);
    else if (isNode(n, 'alter table')) {
      const changes: readonly unknown[] = Array.isArray(n.changes) ? n.changes : [];
      target(changes.some((c) => nodeType(c)?.startsWith('rename')) ? 'rename' : 'alter', 'table', n.table);
    } else if (isNode(n, 'drop table')) for (const t of Array.isArray(n.names) ? n.names : []) target('drop', 'table', t);
    else if (isNode(n, 'create index')) target('index', 'table', n.table);
    else {
      const object = CREATED_OBJECTS.get(nodeType(n) ?? '');
      if (object !== undefined) target('create', object, fieldsOf(n).name);
    }
  }

  function pushFk(c: ReferenceConstraint, table: ForeignKey['table'], columns: string[], column: ColumnDef | undefined): void {
    const ft = c.foreignTable;
    if (!isQName(ft)) return;
    const tableStart = loc(ft);
    const cStart = loc(c);
    if (tableStart === undefined || cStart === undefined) return;
    // REFERENCES keyword: the last `references` before the target name.
    let refIdx = sig.indexAt(tableStart) - 1;
    while (refIdx >= 0 && !sig.isWord(refIdx, 'references')) refIdx--;
    if (refIdx < 0) return;
    const nameEndIdx = qualifiedNameEnd(sig, sig.indexAt(tableStart));
    let endIdx = nameEndIdx;
    if (sig.isPunct(endIdx + 1, '(')) {
      const close = sig.matchingParen(endIdx + 1);
      if (close > 0) endIdx = close;
    }
    const referencesEnd = sig.list[endIdx].end;
    let insertIdx = endIdx;
    if (sig.isWord(insertIdx + 1, 'match') && sig.isWord(insertIdx + 2, 'full', 'partial', 'simple')) insertIdx += 2;
    const action = typeof c.onDelete === 'string' ? onDeleteAction(sig, insertIdx + 1) : undefined;
    model.foreignKeys.push({
      table,
      columns,
      column,
      targetSchema: ft.schema,
      targetName: ft.name,
      // an unqualified target: the table the search path resolves it to (see `StatementModel.authSchemaOf`)
      authTable: resolveAuthTable(ft.schema ?? (isAuthTableName(ft.name) ? authSchemaOf?.(ft.name) : undefined), ft.name),
      targetColumns: (c.foreignColumns ?? []).map((x) => x.name),
      onDelete: typeof c.onDelete === 'string' ? c.onDelete : undefined,
      ...action,
      referencesSpan: { start: sig.list[refIdx].start, end: referencesEnd },
      actionInsertAt: sig.list[insertIdx].end,
    });
  }
}

/** Adds the values an INSERT or UPDATE node assigns to columns (see `Assignment`) to `out`. */
function collectAssignments(n: AstNode, out: Assignment[]): void {
  const sets = (table: unknown, list: unknown): void => {
    if (!isQName(table) || !Array.isArray(list)) return;
    for (const x of list as SetStatement[])
      if (typeof x?.column?.name === 'string' && isObj(x.value)) out.push({ table: qualified(table), column: x.column.name, value: x.value });
  };
  if (isNode(n, 'update')) sets(n.table, n.sets);
  if (!isNode(n, 'insert') || !isQName(n.into)) return;
  const table = qualified(n.into);
  // no column list: the values fill the table's columns in order (`Assignment.position`)
  const columns = Array.isArray(n.columns) ? n.columns.map((c) => c?.name) : undefined;
  const rows: unknown[][] = isNode(n.insert, 'values')
    ? n.insert.values.filter(Array.isArray)
    : isNode(n.insert, 'select') && Array.isArray(n.insert.columns)
      ? [n.insert.columns.map((c) => c?.expr)]
      : [];
  for (const row of rows)
    row.forEach((value, k) => {
      if (!isObj(value)) return;
      if (!columns) out.push({ table, position: k, value: value as Expr });
      else if (typeof columns[k] === 'string') out.push({ table, column: columns[k], value: value as Expr });
    });
  const action = n.onConflict?.do;
  if (isObj(action)) sets(n.into, action.sets);
}

/** A name node's schema and name. */
function qualified(name: { schema?: unknown; name: string }): { schema?: string; name: string } {
  return typeof name.schema === 'string' ? { schema: name.schema, name: name.name } : { name: name.name };
}

/**
 * The model of a statement no parser accepted, for rules that work on tokens (`Rule.lexical`):
 * only `writes`, from the token matcher; no scopes, foreign keys or tables.
 */
export function lexicalModel(sig: SigTokens, lookup?: TableLookup, authSchemaOf?: (name: string) => string | undefined): StatementModel {
  const model: StatementModel = { startOf: () => undefined, scopes: [], foreignKeys: [], tables: [], writes: lexicalWrites(sig) };
  if (lookup) model.lookup = lookup;
  if (authSchemaOf) model.authSchemaOf = authSchemaOf;
  return model;
}

/**
 * The AST with the host names of `names` resolved (see `LintOptions.hostNames`): a name node
 * (`{ name, schema?, alias? }`: a relation, an INSERT/UPDATE/DELETE target, a column's qualifier)
 * whose unqualified name is a table placeholder gets that table's schema and name; a column reference
 * (`{ type: 'ref' }`) named by a column placeholder gets that column, qualified by its schema and
 * table as Drizzle writes it. The AST itself is left as it is (the parse cache keeps it): the result
 * is a copy when anything was resolved. Iterative (an explicit stack), like `walk`.
 */
export function resolveHostNames(ast: AstNode, names: HostNames): AstNode {
  const target = (n: AstNode): HostNames[string] | undefined => {
    const f = fieldsOf(n);
    return typeof f.name === 'string' && f.schema === undefined && Object.hasOwn(names, f.name) ? names[f.name] : undefined;
  };
  let found = false;
  walk(ast, (n) => {
    if (target(n)) found = true;
    return !found;
  });
  if (!found) return ast;
  const copy: Record<string, unknown> = Array.isArray(ast) ? fieldsOf([]) : {};
  const stack: Array<[Record<string, unknown>, Record<string, unknown>]> = [[fieldsOf(ast), copy]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [from, to] = top;
    for (const key of Object.keys(from)) {
      const v = from[key];
      if (isObj(v)) {
        const child = Array.isArray(v) ? fieldsOf([]) : {};
        to[key] = child;
        stack.push([fieldsOf(v), child]);
      } else to[key] = v;
    }
    if (Array.isArray(to)) continue;
    const t = target(to);
    if (!t) continue;
    if (to.type === 'ref') {
      if (t.column === undefined || to.table !== undefined) continue;
      to.name = t.column;
      to.table = t.schema === undefined ? { name: t.table } : { schema: t.schema, name: t.table };
    } else if (t.column === undefined) {
      if (t.schema !== undefined) to.schema = t.schema;
      to.name = t.table;
    }
  }
  return copy;
}

/** Where a node starts in the document (see `StatementModel.startOf`). */
type Loc = (n: unknown) => number | undefined;

/** Where a node starts in the text the parser saw (its `_location.start`), if the parser gave one. */
function parserStart(n: unknown): number | undefined {
  if (!isObj(n)) return undefined;
  const at = fieldsOf(n)._location;
  if (!isObj(at)) return undefined;
  const start = fieldsOf(at).start;
  return typeof start === 'number' ? start : undefined;
}

/** Whether a node is a (possibly schema-qualified, possibly aliased) name: `{ name, schema?, alias? }`. */
function isQName(n: unknown): n is QNameAliased {
  return isObj(n) && typeof fieldsOf(n).name === 'string';
}

/** A foreign key as pgsql-ast-parser writes it: a column's `REFERENCES` or a table's `FOREIGN KEY`. */
type ReferenceConstraint = ColumnConstraintReference | TableConstraintForeignKey;

/** The object a pgsql-ast-parser `create …` node creates, by node type. */
const CREATED_OBJECTS: ReadonlyMap<string, string> = new Map([
  ['create table', 'table'],
  ['create view', 'view'],
  ['create materialized view', 'materialized view'],
  ['create function', 'function'],
  ['create sequence', 'sequence'],
  ['create enum', 'type'],
  ['create composite type', 'type'],
]);

function columnOf(def: TableDef | undefined, name: string | undefined): ColumnDef | undefined {
  if (!def || name === undefined) return undefined;
  const col = def.columns.find((c) => c.name === name);
  return col && inPrimaryKey(def, col);
}

/** A column of `def` as its table's primary key leaves it: NOT NULL (and not by its own NOT NULL alone) when part of the key. */
function inPrimaryKey(def: TableDef, col: ColumnDef): ColumnDef {
  if (def.primaryKey.includes(col.name)) return { ...col, notNull: true, notNullSpan: undefined };
  return col;
}

function columnDefOf(col: CreateColumnDef, sig?: SigTokens, loc?: Loc, tableName?: string): ColumnDef {
  const cons: ColumnConstraint[] = Array.isArray(col.constraints) ? col.constraints : [];
  const def: ColumnDef = {
    name: col.name?.name,
    type: typeName(col.dataType),
    notNull: cons.some((c) => c.type === 'not null' || c.type === 'primary key'),
  };
  for (const c of cons) if (c.type === 'reference') addReference(def, c, tableName);
  if (sig && loc) Object.assign(def, columnRanges(col, cons, sig, loc));
  return def;
}

/**
 * Words that end a column's type in its definition: the column constraints and options of the
 * CREATE TABLE synopsis (`timestamp with time zone` and `character varying` contain none of them).
 */
const COLUMN_OPTION_WORDS: ReadonlySet<string> = new Set([
  'constraint',
  'not',
  'null',
  'check',
  'default',
  'generated',
  'unique',
  'primary',
  'references',
  'collate',
  'compression',
  'storage',
]);

/** The type's range and the NOT NULL constraint's range of a column definition, from our tokens. */
function columnRanges(col: CreateColumnDef, cons: ColumnConstraint[], sig: SigTokens, loc: Loc): Partial<ColumnDef> {
  const out: Partial<ColumnDef> = {};
  const nameStart = loc(col.name);
  if (nameStart === undefined) return out;
  // The parser's start of a multi-word type is unreliable (`character varying` starts at `varying`):
  // the type is every token after the name up to the first constraint, comma or closing parenthesis.
  const first = sig.indexContaining(nameStart) + 1;
  const last = sig.lastBefore(first, COLUMN_OPTION_WORDS, COMMA);
  if (last >= first) {
    out.typeSpan = { start: sig.list[first].start, end: sig.list[last].end };
  }
  // GENERATED ALWAYS AS ( … ) [STORED] before the end of the definition (a comma or the table's closing parenthesis)
  for (let k = first; k < sig.list.length && !sig.isPunct(k, ',') && !sig.isPunct(k, ')'); k++) {
    if (sig.isPunct(k, '(')) {
      k = sig.matchingParen(k);
      if (k < 0) break;
    } else if (sig.isWord(k, 'generated') && sig.isWord(k + 1, 'always') && sig.isWord(k + 2, 'as') && sig.isPunct(k + 3, '(')) {
      out.generated = true;
      break;
    }
  }
  const notNulls = cons.filter((c) => c.type === 'not null');
  if (notNulls.length === 1 && !cons.some((c) => c.type === 'primary key')) {
    const s = loc(notNulls[0]);
    if (s !== undefined) {
      const i = sig.indexContaining(s);
      const k = sig.isWord(i, 'constraint') ? i + 2 : i;
      if (sig.isWord(k, 'not') && sig.isWord(k + 1, 'null')) {
        out.notNullSpan = { start: sig.list[i].start, end: sig.list[k + 1].end };
      }
    }
  }
  return out;
}

/**
 * The `ON DELETE` action of a foreign key, searched from token `from` (right after the referenced
 * column list and any MATCH option) to the end of the constraint: a comma, a closing parenthesis
 * or another REFERENCES at depth 0.
 */
function onDeleteAction(sig: SigTokens, from: number): Pick<ForeignKey, 'onDeleteSpan' | 'onDeleteColumns' | 'onDeleteColumnsEnd'> | undefined {
  for (let i = from; i < sig.list.length; i++) {
    if (sig.isPunct(i, ',') || sig.isPunct(i, ')') || sig.isPunct(i, ';') || sig.isWord(i, 'references')) return undefined;
    if (sig.isPunct(i, '(')) {
      const close = sig.matchingParen(i);
      if (close < 0) return undefined;
      i = close;
      continue;
    }
    if (!sig.isWord(i, 'on') || !sig.isWord(i + 1, 'delete')) continue;
    const a = i + 2;
    const two = sig.isWord(a, 'set', 'no');
    const lastWord = two ? a + 1 : a;
    if (!sig.isWord(lastWord)) return undefined;
    const action: Pick<ForeignKey, 'onDeleteSpan' | 'onDeleteColumns' | 'onDeleteColumnsEnd'> = {
      onDeleteSpan: { start: sig.list[a].start, end: sig.list[lastWord].end },
    };
    if (sig.isWord(a, 'set') && sig.isPunct(lastWord + 1, '(')) {
      const close = sig.matchingParen(lastWord + 1);
      if (close > 0) {
        action.onDeleteColumns = [];
        for (let j = lastWord + 2; j < close; j++) {
          const t = sig.list[j];
          if (t.kind === 'word' || t.kind === 'quotedIdent') action.onDeleteColumns.push(t.value);
        }
        action.onDeleteColumnsEnd = sig.list[close].end;
      }
    }
    return action;
  }
  return undefined;
}

/** Adds a foreign key's target (`foreignTable`, `foreignColumns` of a pgsql-ast-parser constraint) to `def.references`. */
function addReference(def: ColumnDef, constraint: ReferenceConstraint, tableName?: string): void {
  const table: unknown = constraint.foreignTable;
  if (!isQName(table)) return;
  const cols: Name[] = Array.isArray(constraint.foreignColumns) ? constraint.foreignColumns : [];
  if (cols.length > 1) return;
  const ref: ColumnReference = { name: table.name };
  if (typeof table.schema === 'string') ref.schema = table.schema;
  if (typeof cols[0]?.name === 'string') ref.column = cols[0].name;
  if (typeof constraint.onDelete === 'string') ref.onDelete = constraint.onDelete;
  const named = constraint.constraintName?.name;
  if (typeof named === 'string') ref.constraint = named;
  else if (tableName !== undefined) ref.constraint = chosenConstraintName(tableName, [def.name], 'fkey');
  (def.references ??= []).push(ref);
}

function typeName(dt: DataTypeDef | undefined): string {
  if (!isObj(dt)) return '';
  return dt.kind === 'array' ? `${typeName(dt.arrayOf)}[]` : String(dt.name ?? '').toLowerCase();
}

/** `col` with `nullCheck` set when a CHECK of the statement rejects NULL in it (see `nullChecks.ts`). */
function withNullCheck(col: ColumnDef, sig: SigTokens | undefined): ColumnDef {
  const span = sig ? nullRejectingChecks(sig).get(col.name) : undefined;
  if (!span || !sig) return col;
  const constraint = checkConstraintName(sig, span);
  return constraint === undefined ? { ...col, nullCheck: span } : { ...col, nullCheck: span, nullCheckConstraint: constraint };
}

function tableDef(n: CreateTableStatement, sig?: SigTokens, loc?: Loc): TableDef {
  const columns: ColumnDef[] = n.columns.filter((c): c is CreateColumnDef => c.kind === 'column').map((c) => columnDefOf(c, sig, loc, n.name?.name));
  // a column's own PRIMARY KEY is the table's key too (a later DROP NOT NULL on it fails, 42P16)
  const primaryKey: string[] = [];
  for (const c of n.columns)
    if (c.kind === 'column' && typeof c.name?.name === 'string' && Array.isArray(c.constraints) && c.constraints.some((x) => x.type === 'primary key'))
      primaryKey.push(c.name.name);
  for (const c of n.constraints ?? []) {
    if (c.type === 'primary key') for (const col of c.columns ?? []) primaryKey.push(col.name);
    if (c.type !== 'foreign key') continue;
    const local: Name[] = Array.isArray(c.localColumns) ? c.localColumns : [];
    const col = local.length === 1 ? columns.find((x) => x.name === local[0]?.name) : undefined;
    if (col) addReference(col, c, n.name?.name);
  }
  if (sig)
    for (const [name, span] of nullRejectingChecks(sig))
      for (const col of columns)
        if (col.name === name) {
          col.nullCheck = span;
          const constraint = checkConstraintName(sig, span);
          if (constraint !== undefined) col.nullCheckConstraint = constraint;
        }
  const def: TableDef = { schema: n.name?.schema, name: n.name?.name, columns, primaryKey };
  // the key's name: written, else the one Postgres chooses from the table's name (kept through renames)
  if (primaryKey.length > 0 && typeof def.name === 'string')
    def.primaryKeyName = (sig && writtenPrimaryKeyName(sig)) ?? chosenConstraintName(def.name, [], 'pkey');
  return def;
}

/** Index of the last token of a (possibly schema-qualified) name starting at token `i`. */
function qualifiedNameEnd(sig: SigTokens, i: number): number {
  let j = i;
  while (sig.isPunct(j + 1, '.') && sig.list[j + 2] && (sig.list[j + 2].kind === 'word' || sig.list[j + 2].kind === 'quotedIdent')) j += 2;
  return j;
}

const JOIN_KIND: Record<string, JoinKind> = {
  'INNER JOIN': 'inner',
  'LEFT JOIN': 'left',
  'RIGHT JOIN': 'right',
  'FULL JOIN': 'full',
  'CROSS JOIN': 'cross',
};

/** A node that has a query level (see `QueryLevel`): a SELECT, an UPDATE or a DELETE. */
type LevelNode = SelectFromStatement | UpdateStatement | DeleteNode;

/**
 * The sub-query a node tests for absence, when it is one of `NOT EXISTS (q)`, `x NOT IN (q)` or
 * `x <> ALL (q)` (`!=` too); undefined for anything else.
 */
function negatedSubquery(n: AstNode): unknown {
  if (isNode(n, 'unary') && n.op === 'NOT' && isNode(n.operand, 'call') && n.operand.function?.name === 'exists') return n.operand.args?.[0];
  if (isNode(n, 'binary') && n.op === 'NOT IN' && isNode(n.right, 'select')) return n.right;
  if (isNode(n, 'binary') && n.op === '!=') {
    const q = quantifiedOperand(n.right);
    if (q?.quantifier === 'all') return q.args[0];
  }
  return undefined;
}

function buildScope(n: LevelNode, loc: Loc, text: string, sig: SigTokens): QueryScope | undefined {
  const items: From[] = n.type === 'delete' ? (n.using ?? []) : Array.isArray(n.from) ? n.from : n.from ? [n.from] : [];
  const from: FromEntry[] = [];
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    const entry = fromEntry(it, k === 0, loc, text, sig);
    if (!entry) return undefined;
    from.push(entry);
  }
  // The FROM list ends where the next clause starts: scan from the FROM keyword, so parentheses
  // around joins (`FROM (a JOIN b ON …)`, as pg_dump writes views) are balanced within the list.
  let fromKw = sig.indexContaining(from[0].itemStart) - 1;
  while (fromKw >= 0 && (sig.isPunct(fromKw, '(') || sig.isWord(fromKw, 'lateral', 'only'))) fromKw--;
  const last = from[from.length - 1];
  const lastIdx = sig.isWord(fromKw, n.type === 'delete' ? 'using' : 'from')
    ? sig.lastBefore(fromKw + 1, CLAUSE_END_WORDS)
    : sig.lastBefore(sig.indexAt(last.onSpan?.end ?? last.itemStart), CLAUSE_END_WORDS);
  const fromListEnd = lastIdx >= 0 ? sig.list[lastIdx].end : last.itemStart;
  const scope: QueryScope = { kind: n.type === 'update' || n.type === 'delete' ? n.type : 'select', from, fromListEnd, insertSource: false };
  if (isObj(n.where)) {
    scope.where = n.where;
    const ws = loc(n.where);
    if (ws !== undefined) {
      // The parser's start may be inside opening parentheses: the condition starts after WHERE.
      let kw = sig.indexContaining(ws) - 1;
      while (kw >= 0 && sig.isPunct(kw, '(')) kw--;
      const wi = kw + 1;
      const lastW = sig.lastBefore(wi, CLAUSE_END_WORDS);
      if (sig.isWord(kw, 'where') && lastW >= wi) {
        scope.whereKeywordStart = sig.list[kw].start;
        scope.whereSpan = { start: sig.list[wi].start, end: sig.list[lastW].end };
      }
    }
  }
  return scope;
}

/**
 * Whether a CTE's query of user rows leaves soft-deleted users out, or is asked to: its WHERE has a
 * `deleted_at` condition, or it reads `deleted_at` nowhere (then `require-deleted-at-filter`'s
 * preferred fix adds one, and fix-all's one pass must judge the join to it as after that fix).
 */
function filtersDeletedAt(q: unknown): boolean {
  if (!isNode(q, 'select')) return false;
  const isDeletedAt = (r: { name: string }): boolean => r.name === 'deleted_at';
  if (columnRefs(q.where).some(isDeletedAt)) return true;
  const fields = fieldsOf(q);
  return !columnRefs(
    Object.keys(fields)
      .filter((k) => k !== 'from' && k !== 'type')
      .map((k) => fields[k]),
  ).some(isDeletedAt);
}

/** Aggregate functions (Postgres docs, *Aggregate Functions*): a select list calling one collapses its rows. */
const AGGREGATES: ReadonlySet<string> = new Set([
  'count',
  'sum',
  'min',
  'max',
  'avg',
  'array_agg',
  'string_agg',
  'json_agg',
  'jsonb_agg',
  'json_object_agg',
  'jsonb_object_agg',
  'bool_and',
  'bool_or',
  'every',
  'bit_and',
  'bit_or',
  'xmlagg',
]);

/**
 * The Neon Auth user table a CTE's query reads row for row (see `RelationRef.rowsOf`): a plain
 * SELECT of one user table (an unqualified name resolved by `authSchemaOf`), no join, GROUP BY,
 * HAVING, DISTINCT, LIMIT/FETCH or aggregate in its select list; else undefined.
 */
function userRowsOf(q: unknown, authSchemaOf: (name: string) => string | undefined): AuthTable | undefined {
  if (!isNode(q, 'select') || !Array.isArray(q.from) || q.from.length !== 1) return undefined;
  const [item] = q.from;
  // (the Postgres grammar's conversion keeps LIMIT/OFFSET and WINDOW as `children`: see ../pgGrammar.ts)
  if (item.type !== 'table' || isObj(item.join) || q.groupBy || q.having || q.distinct || q.limit || fieldsOf(q).children !== undefined) return undefined;
  let aggregate = false;
  walk(q.columns, (n) => {
    if (isNode(n, 'call') && AGGREGATES.has(n.function?.name ?? '')) aggregate = true;
    return !aggregate && !isNode(n, 'select');
  });
  return aggregate ? undefined : resolveAuthTable(item.name.schema ?? authSchemaOf(item.name.name), item.name.name);
}

function fromEntry(it: From, first: boolean, loc: Loc, text: string, sig: SigTokens): FromEntry | undefined {
  const itemStart = it.type === 'table' ? loc(it.name) : it.type === 'statement' ? (loc(it.statement ?? it) ?? loc(it)) : loc(it);
  if (itemStart === undefined) return undefined;
  const entry: FromEntry = { kind: 'first', itemStart };
  if (it.type === 'table' && isObj(it.name) && typeof it.name.name === 'string') {
    entry.relation = relationRef(it.name, itemStart, text, sig);
  }
  // Keywords before the item: skip `(`, LATERAL and ONLY, then a comma or `[kind] [OUTER] JOIN`.
  let i = sig.indexContaining(itemStart) - 1;
  while (i >= 0 && (sig.isPunct(i, '(') || sig.isWord(i, 'lateral', 'only'))) i--;
  if (isObj(it.join)) {
    entry.kind = JOIN_KIND[it.join.type] ?? 'inner';
    if (sig.isWord(i, 'join')) {
      const end = sig.list[i].end;
      let s = i;
      // NATURAL stays out of the range: `NATURAL JOIN` becomes `NATURAL LEFT JOIN`, not `LEFT NATURAL JOIN`.
      while (s - 1 >= 0 && sig.isWord(s - 1, 'outer', 'inner', 'left', 'right', 'full', 'cross')) s--;
      entry.keyword = { start: sig.list[s].start, end };
    }
    const on = it.join.on;
    if (isObj(on)) {
      const os = loc(on);
      if (os !== undefined) {
        const oi = sig.indexContaining(os);
        let k = oi - 1;
        while (k >= 0 && sig.isPunct(k, '(')) k--;
        const lastO = sig.lastBefore(k + 1, ON_END_WORDS, COMMA);
        entry.on = on;
        if (sig.isWord(k, 'on') && lastO > k) {
          entry.onSpan = { start: sig.list[k + 1].start, end: sig.list[lastO].end };
        }
      }
    }
  } else if (!first) {
    entry.kind = 'comma';
    if (sig.isPunct(i, ',')) {
      entry.keyword = { start: sig.list[i].start, end: sig.list[i].end };
    }
  }
  return entry;
}

const COMMA: ReadonlySet<string> = new Set([',']);

function relationRef(name: QNameAliased, nameStart: number, text: string, sig: SigTokens): RelationRef {
  const first = sig.indexContaining(nameStart);
  const last = qualifiedNameEnd(sig, first);
  const nameEnd = sig.list[last].end;
  let end = nameEnd;
  let qualifier = text.slice(nameStart, nameEnd);
  const alias: string | undefined = typeof name.alias === 'string' ? name.alias : undefined;
  if (alias !== undefined) {
    let a = last + 1;
    // `name *` (descendant tables included, the old spelling) and `ONLY (name)` come before the alias
    if (sig.list[a]?.value === '*' || sig.isPunct(a, ')')) a++;
    if (sig.isWord(a, 'as')) a++;
    const t = sig.list[a];
    // The parser saw an alias: it is the name right after the relation (and an optional AS).
    if (t && (t.kind === 'word' || t.kind === 'quotedIdent')) {
      end = t.end;
      qualifier = text.slice(t.start, t.end);
    }
  }
  const rel: RelationRef = {
    schema: name.schema,
    name: name.name,
    alias,
    authTable: resolveAuthTable(name.schema, name.name),
    nameSpan: { start: nameStart, end: nameEnd },
    start: nameStart,
    end,
    qualifier,
  };
  // `AS u(a, b)`: a column list right after the alias
  const open = alias !== undefined && end > nameEnd ? sig.indexContaining(end - 1) + 1 : -1;
  if (open >= 0 && sig.isPunct(open, '(')) {
    rel.renamesColumns = true;
    const names = aliasColumnNames(sig, open);
    if (names) rel.columnAliases = names;
  }
  return rel;
}

/** The names of an alias's column list `(a, "B", c)` whose `(` is token `open`, folded as Postgres folds them; undefined for anything else in it. */
function aliasColumnNames(sig: SigTokens, open: number): string[] | undefined {
  const names: string[] = [];
  for (let k = open + 1; k < sig.list.length; k += 2) {
    const t = sig.list[k];
    if (t.kind !== 'word' && t.kind !== 'quotedIdent') return undefined;
    names.push(t.value);
    if (sig.isPunct(k + 1, ')')) return names;
    if (!sig.isPunct(k + 1, ',')) return undefined;
  }
  return undefined;
}

/** The query level of a SELECT, UPDATE or DELETE node (see `QueryLevel`); undefined for a shape it does not know. */
function buildLevel(n: LevelNode, ctes: ReadonlySet<string>, loc: Loc, text: string, sig: SigTokens): QueryLevel {
  const level: QueryLevel = {
    kind: n.type,
    relations: [],
    opaque: false,
    expressions: [],
    columnRefs: [],
    outputNames: outputNamesOf(n),
    enclosing: [],
    enclosedByUnknown: true,
    setOperand: false,
  };
  const addTable = (name: unknown): void => {
    const start = loc(name);
    if (!isQName(name) || start === undefined || (name.schema === undefined && ctes.has(name.name))) {
      level.opaque = true;
      return;
    }
    level.relations.push(relationRef(name, start, text, sig));
  };
  const items: From[] = n.type === 'delete' ? (Array.isArray(n.using) ? n.using : []) : Array.isArray(n.from) ? n.from : isObj(n.from) ? [n.from] : [];
  if (n.type === 'update') addTable(n.table);
  if (n.type === 'delete') addTable(n.from);
  for (const it of items) {
    if (!isObj(it)) continue;
    if (it.type === 'table') addTable(it.name);
    else level.opaque = true;
    // A function in FROM: its arguments (and its join's ON) are expressions of this level.
    const on = it.join?.on;
    if (it.type === 'call') level.expressions.push(it);
    else if (isObj(on)) level.expressions.push(on);
  }
  const skip = new Set(['type', '_location', 'from', 'table', 'using']);
  const fields = fieldsOf(n);
  for (const key of Object.keys(fields)) {
    const v = fields[key];
    if (!skip.has(key) && isObj(v)) level.expressions.push(v);
  }
  // References where a bare name may be an output column's name.
  const clauseOf = new Map<AstNode, ColumnRefAt['clause']>();
  if (n.type === 'select') {
    for (const r of columnRefs(Array.isArray(n.orderBy) ? n.orderBy.map((o) => o?.by) : [])) clauseOf.set(r, 'order by');
    for (const r of columnRefs(Array.isArray(n.groupBy) ? n.groupBy : [])) clauseOf.set(r, 'group by');
    for (const r of columnRefs(Array.isArray(n.distinct) ? n.distinct : [])) clauseOf.set(r, 'distinct on');
  }
  for (const ref of columnRefs(level.expressions)) {
    if (ref.name === '*') continue;
    const start = loc(ref);
    if (start === undefined) continue;
    const i = sig.indexContaining(start);
    const parts = isObj(ref.table) ? (typeof ref.table.schema === 'string' ? 3 : 2) : 1;
    let ok = true;
    for (let k = 0; k < parts && ok; k++) {
      const t = sig.list[i + 2 * k];
      ok = t !== undefined && (t.kind === 'word' || t.kind === 'quotedIdent') && (k === parts - 1 || sig.isPunct(i + 2 * k + 1, '.'));
    }
    const name = sig.list[i + 2 * (parts - 1)];
    if (!ok || name.value !== ref.name) continue;
    const at: ColumnRefAt = { ref, nameSpan: { start: name.start, end: name.end }, quoted: name.kind === 'quotedIdent' };
    const clause = clauseOf.get(ref);
    if (clause) at.clause = clause;
    level.columnRefs.push(at);
  }
  return level;
}

/** Names of the implicit output columns Postgres derives from expressions without a name of their own (`CASE` → `case`). */
const IMPLICIT_OUTPUT_NAMES: readonly string[] = ['case', 'array', 'row'];

/** `QueryLevel.outputNames` of a SELECT node. */
function outputNamesOf(n: LevelNode): Set<string> {
  const out = new Set<string>();
  if (n.type !== 'select' || !Array.isArray(n.columns)) return out;
  for (const c of IMPLICIT_OUTPUT_NAMES) out.add(c);
  for (const col of n.columns) {
    if (!isObj(col)) continue;
    if (isObj(col.alias) && typeof col.alias.name === 'string') {
      out.add(col.alias.name);
      continue;
    }
    walk(col.expr, (e) => {
      const { name, keyword } = fieldsOf(e);
      if (typeof name === 'string') out.add(name);
      if (typeof keyword === 'string') out.add(keyword);
    });
  }
  return out;
}

/**
 * Sets each level's `enclosing`, `enclosedByUnknown` and `setOperand` (see `QueryLevel`) by one walk
 * of the statement's AST, carrying the levels that enclose each node. Outside any level, only the
 * parts of a statement that cannot see other names keep the scope known: a WITH's queries, the
 * branches of a set operation, a view's or CREATE TABLE … AS query, an INSERT's source rows.
 * Iterative (an explicit stack).
 */
function linkLevels(ast: AstNode, levelOf: ReadonlyMap<AstNode, QueryLevel>): void {
  type Outer = { levels: QueryLevel[]; unknown: boolean; setOperand?: boolean };
  const unknown: Outer = { levels: [], unknown: true };
  const stack: Array<{ node: unknown; outer: Outer }> = [{ node: ast, outer: { levels: [], unknown: false } }];
  const children = (node: AstNode, outer: Outer, except?: ReadonlySet<string>): void => {
    const fields = fieldsOf(node);
    for (const key of Object.keys(fields)) if (key !== '_location' && !except?.has(key) && isObj(fields[key])) stack.push({ node: fields[key], outer });
  };
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { node, outer } = top;
    if (Array.isArray(node)) {
      for (const x of node) stack.push({ node: x, outer });
      continue;
    }
    if (!isObj(node)) continue;
    const fields = fieldsOf(node);
    const level = levelOf.get(node);
    if (level) {
      level.enclosing = outer.levels;
      level.enclosedByUnknown = outer.unknown;
      level.setOperand = outer.setOperand === true;
      const inner: Outer = { levels: [level, ...outer.levels], unknown: outer.unknown };
      // FROM items: a subquery without LATERAL cannot name the relations of its own FROM list.
      const fromKey = fields.type === 'delete' ? 'using' : 'from';
      const from = fields[fromKey];
      const items: unknown[] = Array.isArray(from) ? from : isObj(from) ? [from] : [];
      for (const it of items) {
        if (isNode(it, 'statement') && it.lateral !== true && isObj(it.statement)) {
          stack.push({ node: it.statement, outer: { levels: outer.levels, unknown: outer.unknown } });
          children(it, inner, new Set(['statement']));
        } else stack.push({ node: it, outer: inner });
      }
      children(node, inner, new Set([fromKey]));
      continue;
    }
    // Inside a level's expression (or below something unknown) every part keeps the scope; outside
    // any level, only the parts that cannot see other names do.
    const inside = outer.levels.length > 0 || outer.unknown;
    const keep: Outer = { levels: outer.levels, unknown: outer.unknown };
    const rest: Outer = inside ? keep : unknown;
    switch (fields.type) {
      case 'with':
      case 'with recursive': {
        const bind = fields.bind;
        for (const b of Array.isArray(bind) ? bind : []) {
          const statement: unknown = isObj(b) ? fieldsOf(b).statement : undefined;
          if (isObj(statement)) stack.push({ node: statement, outer: keep });
        }
        if (isObj(fields.in)) stack.push({ node: fields.in, outer: keep });
        children(node, rest, new Set(['bind', 'in']));
        break;
      }
      case 'union':
      case 'union all':
      case 'intersect':
      case 'intersect all':
      case 'except':
      case 'except all':
        for (const side of [fields.left, fields.right]) if (isObj(side)) stack.push({ node: side, outer: { ...keep, setOperand: true } });
        children(node, rest, new Set(['left', 'right']));
        break;
      case 'create view':
      case 'create materialized view':
      case 'create table as':
        if (isObj(fields.query)) stack.push({ node: fields.query, outer: keep });
        children(node, rest, new Set(['query']));
        break;
      case 'insert':
        if (isObj(fields.insert)) stack.push({ node: fields.insert, outer: keep });
        children(node, rest, new Set(['insert']));
        break;
      default:
        children(node, rest);
    }
  }
}
