/**
 * The semantic model rules consume instead of raw ASTs: relation references, joins, WHERE
 * clauses, foreign keys and column definitions of one statement, with exact document ranges
 * taken from our own tokens (the parser's end offsets are unreliable).
 */
import { AuthTable, resolveAuthTable } from './catalog';
import { CLAUSE_END_WORDS, JOIN_WORDS, ON_END_WORDS, SigTokens } from './tokens';

// pgsql-ast-parser nodes are handled structurally: this is the part of their shape we rely on.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Node = any;

/** A relation (table) named in a FROM list, a JOIN or an UPDATE … FROM. */
export interface RelationRef {
  /** Schema as Postgres sees it (folded unless quoted), if written. */
  schema?: string;
  name: string;
  alias?: string;
  /** The Neon Auth table this names, if any. */
  authTable?: AuthTable;
  /** Range of the name as written (`neon_auth.users_sync`). */
  nameStart: number;
  nameEnd: number;
  /** Range of the whole reference, alias included (`neon_auth.users_sync AS u`). */
  start: number;
  end: number;
  /** How to qualify a column of this relation in SQL: the alias as written, else the name as written. */
  qualifier: string;
}

export type JoinKind = 'first' | 'comma' | 'inner' | 'left' | 'right' | 'full' | 'cross';

/** One item of a FROM list and how it is joined to the items before it. */
export interface FromEntry {
  /** Undefined for subqueries and function calls. */
  relation?: RelationRef;
  kind: JoinKind;
  /** Range of the join keywords (`INNER JOIN`) or the comma; undefined for the first item. */
  keywordStart?: number;
  keywordEnd?: number;
  /** The ON condition's AST and range, if any. */
  on?: Node;
  onStart?: number;
  onEnd?: number;
  /** Start of the item's own text (the relation or subquery), used to order entries. */
  itemStart: number;
}

/** A query level that reads relations: a SELECT, or an UPDATE with FROM. */
export interface QueryScope {
  kind: 'select' | 'update';
  from: FromEntry[];
  /** The WHERE condition's AST and its range; `whereKeywordStart` is the `WHERE` keyword. */
  where?: Node;
  whereKeywordStart?: number;
  whereStart?: number;
  whereEnd?: number;
  /** Where a new `WHERE …` clause goes when there is none: right after the FROM list. */
  fromListEnd: number;
  /** True for the SELECT whose rows an `INSERT … SELECT` inserts (a write, not a read shown to anyone). */
  insertSource: boolean;
}

/** A column definition from CREATE TABLE or ALTER TABLE … ADD COLUMN. */
export interface ColumnDef {
  name: string;
  /** The type as written, lower-cased (`text`, `uuid`, `character varying`). */
  type: string;
  notNull: boolean;
}

/** A foreign key constraint (column constraint, table constraint, ALTER TABLE … ADD). */
export interface ForeignKey {
  /** The table that owns the constraint, if known. */
  table?: { schema?: string; name: string };
  /** Local columns (one for a column constraint). */
  columns: string[];
  /** The local column's definition, when the file defines it. */
  column?: ColumnDef;
  targetSchema?: string;
  targetName: string;
  authTable?: AuthTable;
  /** Referenced columns as written; empty when the column list was omitted. */
  targetColumns: string[];
  /** Referential action of `ON DELETE`, undefined when the clause is absent. */
  onDelete?: string;
  /** Range from the `REFERENCES` keyword through the referenced column list. */
  referencesStart: number;
  referencesEnd: number;
  /** Where an `ON DELETE …` clause goes: after the column list and any MATCH option. */
  actionInsertAt: number;
}

/** A table definition seen in the file. */
export interface TableDef {
  schema?: string;
  name: string;
  columns: ColumnDef[];
  /** Columns of the table's PRIMARY KEY (implicitly NOT NULL). */
  primaryKey: string[];
}

export interface StatementModel {
  /** Document offset where an AST node starts (its `_location.start` mapped back), if the parser gave one. */
  startOf(node: Node): number | undefined;
  scopes: QueryScope[];
  foreignKeys: ForeignKey[];
  tables: TableDef[];
}

/** Looks up a table defined elsewhere in the file (for ALTER TABLE … ADD CONSTRAINT). */
export type TableLookup = (schema: string | undefined, name: string) => TableDef | undefined;

const isObj = (v: unknown): v is Node => typeof v === 'object' && v !== null;

/** Visits every object node of an AST, depth first, parents before children. */
function walk(node: Node, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
    return;
  }
  if (!isObj(node)) return;
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === '_location') continue;
    const v = node[key];
    if (isObj(v)) walk(v, visit);
  }
}

const QUERY_NODES: ReadonlySet<string> = new Set(['select', 'union', 'union all', 'intersect', 'intersect all', 'except', 'except all', 'with', 'with recursive', 'values']);

/**
 * Every column reference (`{ type: 'ref' }`) of an expression at its own query level: subqueries
 * are not entered, since their aliases are their own (an inner `u` is not the outer `u`).
 */
export function columnRefs(expr: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    if (!isObj(n) || QUERY_NODES.has(n.type)) return;
    if (n.type === 'ref' && typeof n.name === 'string') out.push(n);
    for (const key of Object.keys(n)) if (key !== '_location' && isObj(n[key])) visit(n[key]);
  };
  visit(expr);
  return out;
}

/** Whether a column reference's qualifier denotes `rel` (its alias, or its name when it has none). */
export function refersTo(ref: Node, rel: RelationRef): boolean {
  const q = ref.table;
  if (!isObj(q)) return false;
  if (rel.alias !== undefined) return q.name === rel.alias && q.schema === undefined;
  return q.name === rel.name && (q.schema === undefined || q.schema === rel.schema);
}

const NULL_REJECTING_BINARY: ReadonlySet<string> = new Set([
  '=', '<>', '!=', '<', '>', '<=', '>=', 'LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE', 'IN', 'NOT IN', '~', '~*', '!~', '!~*', '@>', '<@', '&&',
]);

/**
 * Whether a WHERE conjunct is false or NULL whenever the relation's columns are all NULL, i.e. it
 * drops the rows a LEFT JOIN kept for a missing match (per the Postgres docs on comparison
 * operators: a comparison with NULL yields NULL). Recognized: a comparison or pattern match with a
 * column of the relation as a direct operand, and `col IS NOT NULL`. `IS NULL`, `COALESCE(…)` and
 * conditions inside `OR` are not.
 */
export function isNullRejecting(conj: Node, rel: RelationRef): boolean {
  if (!isObj(conj)) return false;
  const direct = (e: Node): boolean => isObj(e) && e.type === 'ref' && refersTo(e, rel);
  if (conj.type === 'binary' && NULL_REJECTING_BINARY.has(String(conj.op).toUpperCase())) return direct(conj.left) || direct(conj.right);
  if (conj.type === 'unary' && conj.op === 'IS NOT NULL') return direct(conj.operand);
  return false;
}

/** The top-level AND operands of an expression, in source order. */
export function conjuncts(expr: Node): Node[] {
  if (isObj(expr) && expr.type === 'binary' && expr.op === 'AND') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

/**
 * Builds the model of one parsed statement. `toDoc` maps an offset of the text the parser saw to
 * the document offset (see `ParseOutcome`).
 */
export function buildModel(ast: Node, toDoc: (offset: number) => number, text: string, sig: SigTokens, lookup: TableLookup): StatementModel {
  const loc = (n: Node): number | undefined => (isObj(n?._location) && typeof n._location.start === 'number' ? toDoc(n._location.start) : undefined);
  const model: StatementModel = { startOf: loc, scopes: [], foreignKeys: [], tables: [] };

  // Table definitions first, so foreign keys in the same statement can see their columns.
  walk(ast, (n) => {
    if (n.type === 'create table' && Array.isArray(n.columns)) model.tables.push(tableDef(n));
  });

  const insertSources = new Set<Node>();
  walk(ast, (n) => {
    if (n.type === 'insert' && isObj(n.insert)) insertSources.add(n.insert);
    if ((n.type === 'select' && Array.isArray(n.from)) || (n.type === 'update' && isObj(n.from))) {
      const scope = buildScope(n, loc, text, sig);
      if (scope) {
        scope.insertSource = insertSources.has(n);
        model.scopes.push(scope);
      }
    }
    if (n.type === 'create table' && Array.isArray(n.columns)) {
      const def = model.tables.find((t) => t.name === n.name?.name && t.schema === n.name?.schema)!;
      const table = { schema: n.name?.schema, name: n.name?.name };
      for (const col of n.columns) {
        if (col.kind !== 'column' || !Array.isArray(col.constraints)) continue;
        for (const c of col.constraints) {
          if (c.type === 'reference') pushFk(c, table, [col.name?.name], def.columns.find((d) => d.name === col.name?.name));
        }
      }
      for (const c of n.constraints ?? []) {
        if (c.type === 'foreign key') {
          const cols = (c.localColumns ?? []).map((x: Node) => x.name);
          pushFk(c, table, cols, columnOf(def, cols[0]));
        }
      }
    }
    if (n.type === 'alter table' && Array.isArray(n.changes)) {
      const table = { schema: n.table?.schema, name: n.table?.name };
      const def = lookup(table.schema, table.name) ?? model.tables.find((t) => t.name === table.name);
      for (const ch of n.changes) {
        if (ch.type === 'add constraint' && ch.constraint?.type === 'foreign key') {
          const cols = (ch.constraint.localColumns ?? []).map((x: Node) => x.name);
          pushFk(ch.constraint, table, cols, columnOf(def, cols[0]));
        }
        if (ch.type === 'add column' && isObj(ch.column)) {
          const col = ch.column;
          const cdef = columnDefOf(col);
          for (const c of col.constraints ?? []) {
            if (c.type === 'reference') pushFk(c, table, [col.name?.name], cdef);
          }
        }
      }
    }
  });
  return model;

  function pushFk(c: Node, table: ForeignKey['table'], columns: string[], column: ColumnDef | undefined): void {
    const ft = c.foreignTable;
    if (!isObj(ft) || typeof ft.name !== 'string') return;
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
    model.foreignKeys.push({
      table,
      columns,
      column,
      targetSchema: ft.schema,
      targetName: ft.name,
      authTable: resolveAuthTable(ft.schema, ft.name),
      targetColumns: (c.foreignColumns ?? []).map((x: Node) => x.name),
      onDelete: typeof c.onDelete === 'string' ? c.onDelete : undefined,
      referencesStart: sig.list[refIdx].start,
      referencesEnd,
      actionInsertAt: sig.list[insertIdx].end,
    });
  }
}

function columnOf(def: TableDef | undefined, name: string | undefined): ColumnDef | undefined {
  if (!def || name === undefined) return undefined;
  const col = def.columns.find((c) => c.name === name);
  if (col && def.primaryKey.includes(name)) return { ...col, notNull: true };
  return col;
}

function columnDefOf(col: Node): ColumnDef {
  const cons: Node[] = Array.isArray(col.constraints) ? col.constraints : [];
  return {
    name: col.name?.name,
    type: typeName(col.dataType),
    notNull: cons.some((c) => c.type === 'not null' || c.type === 'primary key'),
  };
}

function typeName(dt: Node): string {
  if (!isObj(dt)) return '';
  const base = String(dt.name ?? '').toLowerCase();
  return dt.kind === 'array' ? `${typeName(dt.arrayOf)}[]` : base;
}

function tableDef(n: Node): TableDef {
  const columns: ColumnDef[] = n.columns.filter((c: Node) => c.kind === 'column').map(columnDefOf);
  const primaryKey: string[] = [];
  for (const c of n.constraints ?? []) {
    if (c.type === 'primary key') for (const col of c.columns ?? []) primaryKey.push(col.name);
  }
  return { schema: n.name?.schema, name: n.name?.name, columns, primaryKey };
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

function buildScope(n: Node, loc: (n: Node) => number | undefined, text: string, sig: SigTokens): QueryScope | undefined {
  const items: Node[] = Array.isArray(n.from) ? n.from : [n.from];
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
  const lastIdx = sig.isWord(fromKw, 'from')
    ? sig.lastBefore(fromKw + 1, CLAUSE_END_WORDS)
    : sig.lastBefore(sig.indexAt(last.onEnd ?? last.itemStart), CLAUSE_END_WORDS);
  const fromListEnd = lastIdx >= 0 ? sig.list[lastIdx].end : last.itemStart;
  const scope: QueryScope = { kind: n.type === 'update' ? 'update' : 'select', from, fromListEnd, insertSource: false };
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
        scope.whereStart = sig.list[wi].start;
        scope.whereEnd = sig.list[lastW].end;
      }
    }
  }
  return scope;
}

function fromEntry(it: Node, first: boolean, loc: (n: Node) => number | undefined, text: string, sig: SigTokens): FromEntry | undefined {
  const itemStart = it.type === 'table' ? loc(it.name) : loc(it.statement ?? it) ?? loc(it);
  if (itemStart === undefined) return undefined;
  const entry: FromEntry = { kind: 'first', itemStart };
  if (it.type === 'table' && isObj(it.name) && typeof it.name.name === 'string') {
    entry.relation = relationRef(it.name, itemStart, text, sig);
  }
  // Keywords before the item: skip `(`, LATERAL and ONLY, then a comma or `[kind] [OUTER] JOIN`.
  let i = sig.indexContaining(itemStart) - 1;
  while (i >= 0 && (sig.isPunct(i, '(') || sig.isWord(i, 'lateral', 'only'))) i--;
  if (it.join && isObj(it.join)) {
    entry.kind = JOIN_KIND[it.join.type] ?? 'inner';
    if (sig.isWord(i, 'join')) {
      const end = sig.list[i].end;
      let s = i;
      while (s - 1 >= 0 && sig.isWord(s - 1, 'outer', 'inner', 'left', 'right', 'full', 'cross', 'natural')) s--;
      entry.keywordStart = sig.list[s].start;
      entry.keywordEnd = end;
    }
    if (isObj(it.join.on)) {
      const os = loc(it.join.on);
      if (os !== undefined) {
        const oi = sig.indexContaining(os);
        let k = oi - 1;
        while (k >= 0 && sig.isPunct(k, '(')) k--;
        const lastO = sig.lastBefore(k + 1, ON_END_WORDS, COMMA);
        entry.on = it.join.on;
        if (sig.isWord(k, 'on') && lastO > k) {
          entry.onStart = sig.list[k + 1].start;
          entry.onEnd = sig.list[lastO].end;
        }
      }
    }
  } else if (!first) {
    entry.kind = 'comma';
    if (sig.isPunct(i, ',')) {
      entry.keywordStart = sig.list[i].start;
      entry.keywordEnd = sig.list[i].end;
    }
  }
  return entry;
}

const COMMA: ReadonlySet<string> = new Set([',']);

function relationRef(name: Node, nameStart: number, text: string, sig: SigTokens): RelationRef {
  const first = sig.indexContaining(nameStart);
  const last = qualifiedNameEnd(sig, first);
  const nameEnd = sig.list[last].end;
  let end = nameEnd;
  let qualifier = text.slice(nameStart, nameEnd);
  const alias: string | undefined = typeof name.alias === 'string' ? name.alias : undefined;
  if (alias !== undefined) {
    let a = last + 1;
    if (sig.isWord(a, 'as')) a++;
    const t = sig.list[a];
    // The parser saw an alias: it is the name right after the relation (and an optional AS).
    if (t && (t.kind === 'word' || t.kind === 'quotedIdent')) {
      end = t.end;
      qualifier = text.slice(t.start, t.end);
    }
  }
  return {
    schema: name.schema,
    name: name.name,
    alias,
    authTable: resolveAuthTable(name.schema, name.name),
    nameStart,
    nameEnd,
    start: nameStart,
    end,
    qualifier,
  };
}

export { JOIN_WORDS };
