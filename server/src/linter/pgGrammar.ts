/**
 * The real Postgres grammar: `libpg-query` (the Postgres 18 parser compiled to WebAssembly), the
 * parser each statement goes to first once it is loaded (`parse.ts`; pgsql-ast-parser, in
 * `pgsqlAst.ts`, parses what it rejects and everything until it is loaded). It also reads the forms
 * pgsql-ast-parser rejects (`DELETE … USING`, `CREATE TABLE … AS`, `PARTITION BY`, `FOR UPDATE OF`,
 * `NATURAL JOIN`, `MERGE`, `CREATE POLICY`, `BEGIN ATOMIC`, …).
 *
 * Its parse tree is converted into the subset of pgsql-ast-parser's AST shape that the semantic
 * model (`model/build.ts`) reads, so the model, the rules, their findings and their fixes are the same
 * whichever parser ran. What the conversion guarantees:
 * - statements: `select` (with `from`, `where`, `columns`), `union[ all]`/`intersect`/`except`,
 *   `values`, `with`, `insert` (`insert` = the inserted query), `update` (`from`, `where`),
 *   `delete` (`using` = the USING list, `where`), `create table` (columns with `not null`,
 *   `primary key` and `reference` constraints; `foreign key` and `primary key` table
 *   constraints), `alter table` (`add constraint`, `add column`), `create view`,
 *   `create materialized view`, `create table as` (its `query`);
 * - FROM lists are flattened from Postgres' JoinExpr trees into pgsql-ast-parser's list, each
 *   item after the first carrying `join: { type: 'INNER JOIN' | 'LEFT JOIN' | …, on }`;
 * - expressions: `binary` (`AND`, `OR`, `=`, `!=`, `IN`, `NOT IN`, `LIKE`, …), `unary` (`NOT`,
 *   `IS NULL`, `IS NOT NULL`, …), `ref`, `call`, `cast`, `case`, `ternary` (BETWEEN), `list`,
 *   and subqueries as query nodes, spelled as pgsql-ast-parser spells them; `x COLLATE c` as a
 *   placeholder (below) with `collation` (the name's parts), which pgsql-ast-parser rejects. Any other
 *   expression becomes a placeholder object whose children are converted (so a subquery or a
 *   column reference inside it is still seen, and an AND keeps all its operands); other
 *   statements become such a placeholder too (a query inside `EXPLAIN`, `CREATE POLICY`,
 *   `MERGE` or a `BEGIN ATOMIC` body is still checked). Unknown column constraints and ALTER
 *   TABLE actions are omitted.
 * - `_location: { start }` on every node the model reads a position from: a UTF-16 offset into
 *   the statement text (Postgres counts UTF-8 bytes). Expressions start at their leftmost token
 *   (inside any parentheses, as pgsql-ast-parser's do); queries at their SELECT/VALUES/WITH
 *   keyword. No `end`: ends come from our own tokens.
 * - `onDelete` is absent when no `ON DELETE` clause is written (Postgres reports NO ACTION
 *   either way; a token scan tells them apart).
 *
 * The WebAssembly module is loaded asynchronously, once, by the front ends (`loadPostgresGrammar()`);
 * until it is loaded, or when it cannot be, statements pgsql-ast-parser rejects stay parse errors.
 */
import { tokenize } from './lexer';
import { SigTokens } from './tokens';

/**
 * A node in pgsql-ast-parser's shape (the subset `model/build.ts` reads), as this conversion builds it
 * field by field. The model reads it through its typed guards (`isNode` in the model).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- built field by field from the untyped tree below
export type AstLike = { type?: string; [key: string]: any };
/** A node of libpg-query's JSON parse tree (`{ SelectStmt: { … } }`): untyped, read through `tagOf`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- libpg-query's tree is untyped JSON
type Raw = any;

/** The outcome of a parse with the Postgres grammar: offsets are UTF-16 offsets into the text given. */
export type PostgresParse = { ok: true; ast: AstLike } | { ok: false; message: string; errorAt?: number };

let loading: Promise<void> | undefined;
let parseSync: ((sql: string) => Raw) | undefined;
let loadError: string | undefined;

/**
 * Loads the WASM parser. Idempotent (every call returns the same promise) and never rejects: on
 * failure the grammar stays unavailable and `postgresGrammarLoadError()` says why.
 */
export function loadPostgresGrammar(): Promise<void> {
  loading ??= (async () => {
    // The WASM runtime reports a failed load on console.error (bound when it is required): keep
    // those lines for `postgresGrammarLoadError()` instead of printing them; pass any other line on.
    const original = console.error;
    const runtimeLines: string[] = [];
    const others: unknown[][] = [];
    let done = false;
    console.error = (...args: unknown[]): void => {
      // The runtime keeps this function: once loading is over, it just prints.
      if (done) return original.apply(console, args);
      const line = args.map(String).join(' ');
      if (/^(failed to asynchronously prepare wasm|Aborted\(|both async and sync fetching)/.test(line)) runtimeLines.push(line);
      else others.push(args);
    };
    try {
      // Required lazily: requiring libpg-query starts instantiating its WASM module (read from
      // `libpg-query.wasm` beside the requiring script: node_modules, or dist/ in the bundles).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const lib = require('libpg-query') as { loadModule(): Promise<void>; parseSync(sql: string): Raw };
      await lib.loadModule();
      lib.parseSync('SELECT 1');
      parseSync = lib.parseSync;
    } catch (e) {
      loadError = runtimeLines[0] ?? (e instanceof Error ? e.message : String(e));
    } finally {
      done = true;
      if (console.error !== original) console.error = original;
      for (const args of others) original.apply(console, args);
    }
  })();
  return loading;
}

/** Whether the Postgres grammar is loaded and usable. */
export function isPostgresGrammarLoaded(): boolean {
  return parseSync !== undefined;
}

/** Why the Postgres grammar could not be loaded, if it could not. */
export function postgresGrammarLoadError(): string | undefined {
  return loadError;
}

/** Parses one statement and converts its tree; undefined when the parser is not loaded or rejects it. */
export function postgresAst(statementText: string): AstLike | undefined {
  const r = parsePostgres(statementText);
  return r?.ok ? r.ast : undefined;
}

/**
 * Parses one statement with the Postgres parser. Undefined when the parser is not loaded.
 * On a syntax error: Postgres' message and where it stopped (a UTF-16 offset into `text`).
 * Never throws.
 */
export function parsePostgres(text: string): PostgresParse | undefined {
  if (!parseSync) return undefined;
  let tree: Raw;
  try {
    tree = parseSync(text);
  } catch (e) {
    const err = e as { message?: unknown; sqlDetails?: { cursorPosition?: unknown } };
    const message = typeof err?.message === 'string' && err.message !== '' ? err.message : 'syntax error';
    const cursor = err?.sqlDetails?.cursorPosition;
    // Postgres reports the error cursor in characters (code points), not bytes.
    return typeof cursor === 'number' && cursor > 0 ? { ok: false, message, errorAt: codePointToUtf16(text, cursor) } : { ok: false, message };
  }
  const stmts: Raw[] = Array.isArray(tree?.stmts) ? tree.stmts : [];
  if (stmts.length !== 1 || !isObj(stmts[0].stmt)) return { ok: false, message: `expected one statement, the parser found ${stmts.length}` };
  try {
    const ast = new Converter(text).statement(stmts[0].stmt);
    return ast ? { ok: true, ast } : { ok: false, message: 'empty statement' };
  } catch (e) {
    return { ok: false, message: `unexpected parse tree (${e instanceof Error ? e.message : String(e)})` };
  }
}

const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The tag and body of a tagged node (`{ SelectStmt: {…} }`), if `v` is one. */
function tagOf(v: unknown): [string, Raw] | undefined {
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0];
  const c = k.charCodeAt(0);
  return c >= 65 && c <= 90 && isObj(v[k]) ? [k, v[k]] : undefined;
}

/** UTF-16 offset of the `n`th code point of `text`. */
function codePointToUtf16(text: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** Maps UTF-8 byte offsets of `text` (as the WASM module encodes it) to UTF-16 offsets. */
function byteToUtf16(text: string): (byte: number) => number {
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => b;
  const map: number[] = [];
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    let units = 1;
    let bytes: number;
    if (c < 0x80) bytes = 1;
    else if (c < 0x800) bytes = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes = 4;
      units = 2;
    } else bytes = 3; // includes lone surrogates, which the encoder writes as three bytes
    for (let k = 0; k < bytes; k++) map.push(i);
    i += units;
  }
  map.push(text.length);
  return (b) => (b >= 0 && b < map.length ? map[b] : text.length);
}

const OP_SPELLING: Record<string, string> = { '<>': '!=' };

const JOIN_TYPE: Record<string, string> = { JOIN_INNER: 'INNER JOIN', JOIN_LEFT: 'LEFT JOIN', JOIN_RIGHT: 'RIGHT JOIN', JOIN_FULL: 'FULL JOIN' };

const FK_ACTION: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

const SET_OP: Record<string, string> = { SETOP_UNION: 'union', SETOP_INTERSECT: 'intersect', SETOP_EXCEPT: 'except' };

const BOOL_TEST: Record<string, string> = {
  IS_TRUE: 'IS TRUE',
  IS_NOT_TRUE: 'IS NOT TRUE',
  IS_FALSE: 'IS FALSE',
  IS_NOT_FALSE: 'IS NOT FALSE',
  IS_UNKNOWN: 'IS UNKNOWN',
  IS_NOT_UNKNOWN: 'IS NOT UNKNOWN',
};

/** Words that continue a type name written with SQL-standard syntax (`double precision`, `timestamp with time zone`). */
const TYPE_CONTINUATIONS: Record<string, string[][]> = {
  double: [['precision']],
  character: [['varying']],
  char: [['varying']],
  nchar: [['varying']],
  national: [['character', 'varying'], ['char', 'varying'], ['character'], ['char']],
  bit: [['varying']],
  timestamp: [
    ['with', 'time', 'zone'],
    ['without', 'time', 'zone'],
  ],
  time: [
    ['with', 'time', 'zone'],
    ['without', 'time', 'zone'],
  ],
};

class Converter {
  private readonly u16: (byte: number) => number;
  private readonly sig: SigTokens;
  private readonly minCache = new WeakMap<object, number>();

  constructor(private readonly text: string) {
    this.u16 = byteToUtf16(text);
    this.sig = new SigTokens(tokenize(text));
  }

  // ------------------------------------------------------------------------------------------
  // Positions

  /** `{ start }` for a byte offset, or undefined. */
  private at(byte: number | undefined): { start: number } | undefined {
    return byte === undefined || byte < 0 ? undefined : { start: this.u16(byte) };
  }

  /** The smallest byte location in a raw subtree (its leftmost token, for expressions). */
  private minLoc(v: Raw): number | undefined {
    if (Array.isArray(v)) {
      let m: number | undefined;
      for (const x of v) {
        const k = this.minLoc(x);
        if (k !== undefined && (m === undefined || k < m)) m = k;
      }
      return m;
    }
    if (!isObj(v)) return undefined;
    const cached = this.minCache.get(v);
    if (cached !== undefined) return cached < 0 ? undefined : cached;
    let m: number | undefined = typeof v.location === 'number' && v.location >= 0 ? v.location : undefined;
    for (const key of Object.keys(v)) {
      const x = v[key];
      if (typeof x !== 'object' || x === null) continue;
      const k = this.minLoc(x);
      if (k !== undefined && (m === undefined || k < m)) m = k;
    }
    this.minCache.set(v, m ?? -1);
    return m;
  }

  /** Index of the significant token containing UTF-16 offset `o`. */
  private tokenAt(o: number): number {
    return this.sig.indexContaining(o);
  }

  /**
   * The start of a query whose own first token is at or after byte `own`: the nearest SELECT or
   * VALUES keyword before it, skipping parenthesized groups (`DISTINCT ON (…)`).
   */
  private queryKeyword(own: number | undefined): { start: number } | undefined {
    if (own === undefined) return undefined;
    const sig = this.sig;
    for (let i = this.tokenAt(this.u16(own)); i >= 0; i--) {
      if (sig.isPunct(i, ')')) {
        let depth = 0;
        for (; i >= 0; i--) {
          if (sig.isPunct(i, ')')) depth++;
          else if (sig.isPunct(i, '(') && --depth === 0) break;
        }
        continue;
      }
      if (sig.isWord(i, 'select', 'values')) return { start: sig.list[i].start };
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Statements

  /** Any statement node (tagged). */
  statement(w: Raw): AstLike | undefined {
    const t = tagOf(w);
    if (!t) return undefined;
    const [tag, n] = t;
    switch (tag) {
      case 'SelectStmt':
        return this.query(n);
      case 'InsertStmt':
        return this.withClause(n.withClause, this.insert(n));
      case 'UpdateStmt':
        return this.withClause(n.withClause, this.update(n));
      case 'DeleteStmt':
        return this.withClause(n.withClause, this.delete(n));
      case 'CreateStmt':
        return this.createTable(n);
      case 'AlterTableStmt':
        // Only the actions the model reads (ADD CONSTRAINT, ADD COLUMN) make an `alter table`
        // node; for the others (ENABLE ROW LEVEL SECURITY, ALTER COLUMN …) the model's token
        // matcher tells what the statement does, as when no parser accepts it.
        return (n.objtype === 'OBJECT_TABLE' && this.alterTable(n)) || this.generic(n);
      case 'ViewStmt':
        return { type: 'create view', name: this.qname(n.view), query: this.statement(n.query), orReplace: n.replace === true || undefined };
      case 'TruncateStmt':
        return { type: 'truncate table', tables: (n.relations ?? []).map((r: Raw) => this.qname(tagOf(r)?.[1])) };
      case 'IndexStmt':
        return { type: 'create index', table: this.qname(n.relation), children: [this.generic(n.indexParams), this.generic(n.whereClause)] };
      case 'CreateSeqStmt':
        return { type: 'create sequence', name: this.qname(n.sequence) };
      case 'CreateTableAsStmt': {
        const kind = n.objtype === 'OBJECT_MATVIEW' ? 'create materialized view' : 'create table as';
        return { type: kind, name: this.qname(n.into?.rel), query: this.statement(n.query) };
      }
      default:
        return this.generic(n);
    }
  }

  /** `WITH … <stmt>` as pgsql-ast-parser nests it: `{ type: 'with', bind, in }`. */
  private withClause(wc: Raw, inner: AstLike): AstLike {
    if (!isObj(wc) || !Array.isArray(wc.ctes)) return inner;
    const bind = wc.ctes.map((c: Raw) => {
      const cte = tagOf(c)?.[1] ?? {};
      return { alias: { name: cte.ctename, _location: this.at(cte.location) }, statement: this.statement(cte.ctequery) };
    });
    // A WITH at the very start has location 0, which the JSON tree omits.
    return { type: 'with', bind, in: inner, _location: this.at(typeof wc.location === 'number' ? wc.location : 0) };
  }

  /** A SelectStmt body: select, set operation or VALUES, wrapped in its WITH. */
  private query(n: Raw): AstLike {
    return this.withClause(n.withClause, this.queryBody(n));
  }

  private queryBody(n: Raw): AstLike {
    const op = SET_OP[n.op];
    if (op) {
      const left = this.query(n.larg ?? {});
      const right = this.query(n.rarg ?? {});
      const node: AstLike = { type: n.all ? `${op} all` : op, left, right, _location: left._location };
      this.extras(node, n, ['sortClause', 'limitOffset', 'limitCount']);
      return node;
    }
    if (Array.isArray(n.valuesLists)) {
      const values = n.valuesLists.map((row: Raw) => this.exprList(row));
      return { type: 'values', values, _location: this.queryKeyword(this.minLoc(n.valuesLists)) };
    }
    const node: AstLike = { type: 'select' };
    const own: Array<number | undefined> = [];
    if (Array.isArray(n.targetList)) {
      node.columns = n.targetList.map((t: Raw) => {
        const rt = tagOf(t)?.[1] ?? {};
        own.push(typeof rt.location === 'number' && rt.location >= 0 ? rt.location : this.minLoc(rt.val));
        const col: AstLike = { expr: this.expr(rt.val), _location: this.at(rt.location) };
        if (typeof rt.name === 'string') col.alias = { name: rt.name };
        return col;
      });
    }
    if (Array.isArray(n.fromClause) && n.fromClause.length > 0) {
      node.from = this.fromList(n.fromClause);
      own.push(this.fromOwnLoc(n.fromClause));
    }
    if (n.whereClause) {
      node.where = this.expr(n.whereClause);
      own.push(this.minLoc(n.whereClause));
    }
    if (Array.isArray(n.groupClause)) node.groupBy = this.exprList(n.groupClause);
    if (n.havingClause) node.having = this.expr(n.havingClause);
    // pgsql-ast-parser's `distinct`: 'distinct' for DISTINCT (an empty node in Postgres' list), the expressions of DISTINCT ON (…)
    if (Array.isArray(n.distinctClause))
      node.distinct = n.distinctClause.every((x: Raw) => isObj(x) && Object.keys(x).length === 0) ? 'distinct' : this.exprList(n.distinctClause);
    if (Array.isArray(n.sortClause)) node.orderBy = this.orderBy(n.sortClause);
    this.extras(node, n, ['windowClause', 'limitOffset', 'limitCount']);
    const first = own.filter((x): x is number => x !== undefined).reduce<number | undefined>((a, b) => (a === undefined || b < a ? b : a), undefined);
    node._location = this.queryKeyword(first);
    return node;
  }

  /** `ORDER BY …` as pgsql-ast-parser's `orderBy: [{ by, order? }]`. */
  private orderBy(items: Raw[]): AstLike[] {
    return items.map((w: Raw) => {
      const sb = tagOf(w)?.[1] ?? {};
      const item: AstLike = { by: this.expr(sb.node) };
      if (sb.sortby_dir === 'SORTBY_ASC' || sb.sortby_dir === 'SORTBY_DESC') item.order = sb.sortby_dir === 'SORTBY_ASC' ? 'ASC' : 'DESC';
      return item;
    });
  }

  /** Converts other clauses (window definitions, LIMIT, …) as placeholders, so subqueries in them are seen. */
  private extras(node: AstLike, n: Raw, keys: string[]): void {
    const children = keys.filter((k) => n[k] !== undefined).map((k) => this.generic(n[k]));
    if (children.length > 0) node.children = children;
  }

  /** The first location of a FROM list's own items (not inside subqueries). */
  private fromOwnLoc(items: Raw[]): number | undefined {
    let m: number | undefined;
    const visit = (w: Raw): void => {
      const t = tagOf(w);
      if (!t) return;
      const [tag, n] = t;
      let k: number | undefined;
      if (tag === 'JoinExpr') {
        visit(n.larg);
        visit(n.rarg);
        return;
      }
      if (tag === 'RangeVar' || tag === 'RangeTableSample' || tag === 'RangeTableFunc' || tag === 'JsonTable') k = this.minLoc(n);
      else if (tag === 'RangeFunction') k = this.minLoc(n.functions);
      if (k !== undefined && (m === undefined || k < m)) m = k;
    };
    items.forEach(visit);
    return m;
  }

  private insert(n: Raw): AstLike {
    const node: AstLike = { type: 'insert', into: this.qname(n.relation) };
    if (Array.isArray(n.cols)) node.columns = n.cols.map((c: Raw) => this.target(c).column);
    if (n.selectStmt) node.insert = this.statement(n.selectStmt);
    const oc = n.onConflictClause;
    if (isObj(oc)) {
      node.onConflict = {
        do: oc.action === 'ONCONFLICT_UPDATE' ? { sets: (oc.targetList ?? []).map((t: Raw) => this.target(t)) } : 'do nothing',
        _location: this.at(oc.location),
      };
      if (oc.whereClause) node.onConflict.where = this.expr(oc.whereClause);
      if (oc.infer) node.onConflict.on = this.generic(oc.infer);
    }
    this.returning(node, n);
    return node;
  }

  private update(n: Raw): AstLike {
    const node: AstLike = { type: 'update', table: this.qname(n.relation) };
    node.sets = (n.targetList ?? []).map((t: Raw) => this.target(t));
    // pgsql-ast-parser's key order (WHERE before FROM): the model's walk, and so the order of findings, follows it.
    if (n.whereClause) node.where = this.expr(n.whereClause);
    if (Array.isArray(n.fromClause) && n.fromClause.length > 0) node.from = this.fromList(n.fromClause);
    this.returning(node, n);
    return node;
  }

  private delete(n: Raw): AstLike {
    const node: AstLike = { type: 'delete', from: this.qname(n.relation) };
    if (Array.isArray(n.usingClause) && n.usingClause.length > 0) node.using = this.fromList(n.usingClause);
    if (n.whereClause) node.where = this.expr(n.whereClause);
    this.returning(node, n);
    return node;
  }

  /**
   * A SET target (`col = value`) or an INSERT column: `{ column: { name, _location }, value }`. A
   * target of a multiple-column SET (`SET (a, b) = (x, y)`, also `= ROW(x, y)`) gets its own value of
   * the row, as pgsql-ast-parser splits `(x, y)`; with a sub-SELECT (`= (SELECT x, y)`), or a source
   * Postgres rejects (one value not in a row), the first target holds the source (so what is inside
   * is still seen, once: the parser repeats it in every target) and the others a placeholder.
   */
  private target(t: Raw): AstLike {
    const rt = tagOf(t)?.[1] ?? {};
    const out: AstLike = { column: { name: rt.name, _location: this.at(rt.location) } };
    const multi = tagOf(rt.val);
    if (multi?.[0] === 'MultiAssignRef') {
      const m = multi[1];
      const row = tagOf(m.source);
      const args: Raw[] | undefined = row?.[0] === 'RowExpr' && Array.isArray(row[1].args) ? row[1].args : undefined;
      if (args && args.length === m.ncolumns && typeof m.colno === 'number' && args[m.colno - 1] !== undefined) out.value = this.expr(args[m.colno - 1]);
      else out.value = m.colno === 1 && m.source ? this.generic(m.source) : { children: [] };
      return out;
    }
    if (rt.val) out.value = this.expr(rt.val);
    return out;
  }

  /** `RETURNING …` as pgsql-ast-parser's `returning: [{ expr }]`. */
  private returning(node: AstLike, n: Raw): void {
    const exprs = n.returningClause?.exprs ?? n.returningList;
    if (!Array.isArray(exprs)) return;
    node.returning = exprs.map((t: Raw) => {
      const rt = tagOf(t)?.[1] ?? {};
      const col: AstLike = { expr: this.expr(rt.val), _location: this.at(rt.location) };
      if (typeof rt.name === 'string') col.alias = { name: rt.name };
      return col;
    });
  }

  // ------------------------------------------------------------------------------------------
  // FROM lists

  /** A FROM (or USING) list, flattened: `a JOIN b ON … LEFT JOIN c ON …` → [a, b (join), c (join)]. */
  private fromList(items: Raw[]): AstLike[] {
    const out: AstLike[] = [];
    for (const it of items) this.flatten(it, undefined, out);
    return out;
  }

  private flatten(w: Raw, join: AstLike | undefined, out: AstLike[]): void {
    const t = tagOf(w);
    if (!t) return;
    const [tag, n] = t;
    if (tag === 'JoinExpr') {
      const inner = n.jointype === 'JOIN_INNER' && !n.quals && !n.usingClause && !n.isNatural;
      const own: AstLike = { type: inner ? 'CROSS JOIN' : (JOIN_TYPE[n.jointype] ?? 'INNER JOIN') };
      if (n.quals) own.on = this.expr(n.quals);
      if (Array.isArray(n.usingClause)) own.using = n.usingClause.map((u: Raw) => ({ name: tagOf(u)?.[1]?.sval }));
      if (n.isNatural) own.natural = true;
      // The join that brings this subtree in attaches to its first item; this join to the right side's first item.
      this.flatten(n.larg, join, out);
      this.flatten(n.rarg, own, out);
      return;
    }
    let item: AstLike;
    switch (tag) {
      case 'RangeVar':
        item = { type: 'table', name: this.qname(n) };
        break;
      case 'RangeTableSample': {
        const rel = tagOf(n.relation);
        item = rel?.[0] === 'RangeVar' ? { type: 'table', name: this.qname(rel[1]) } : this.generic(n);
        break;
      }
      case 'RangeSubselect':
        item = { type: 'statement', statement: this.statement(n.subquery), alias: n.alias?.aliasname };
        if (n.lateral) item.lateral = true;
        break;
      case 'RangeFunction': {
        const fns = (n.functions ?? []).map((f: Raw) => tagOf(f)?.[1]?.items?.[0]);
        const fc = fns.length === 1 ? tagOf(fns[0]) : undefined;
        item = fc?.[0] === 'FuncCall' ? this.expr(fns[0]) : this.generic(n);
        if (n.alias?.aliasname !== undefined) item.alias = { name: n.alias.aliasname };
        if (n.lateral) item.lateral = true;
        break;
      }
      default:
        item = this.generic(n);
    }
    if (join) item.join = join;
    out.push(item);
  }

  /** A RangeVar as pgsql-ast-parser's qualified name: `{ schema, name, alias, _location }`. */
  private qname(rv: Raw): AstLike | undefined {
    if (!isObj(rv)) return undefined;
    const q: AstLike = { name: rv.relname, _location: this.at(rv.location) };
    if (rv.schemaname !== undefined) q.schema = rv.schemaname;
    if (rv.alias?.aliasname !== undefined) q.alias = rv.alias.aliasname;
    return q;
  }

  // ------------------------------------------------------------------------------------------
  // DDL

  private createTable(n: Raw): AstLike {
    const columns: AstLike[] = [];
    const constraints: AstLike[] = [];
    for (const el of n.tableElts ?? []) {
      const t = tagOf(el);
      if (t?.[0] === 'ColumnDef') columns.push(this.columnDef(t[1]));
      else if (t?.[0] === 'Constraint') {
        const c = this.tableConstraint(t[1]);
        if (c) constraints.push(c);
      }
    }
    const node: AstLike = { type: 'create table', name: this.qname(n.relation), columns };
    if (constraints.length > 0) node.constraints = constraints;
    if (n.if_not_exists) node.ifNotExists = true;
    return node;
  }

  private alterTable(n: Raw): AstLike | undefined {
    const changes: AstLike[] = [];
    for (const cmd of n.cmds ?? []) {
      const c = tagOf(cmd)?.[1];
      if (!c) continue;
      const def = tagOf(c.def);
      if (c.subtype === 'AT_AddConstraint' && def?.[0] === 'Constraint') {
        const constraint = this.tableConstraint(def[1]);
        if (constraint) changes.push({ type: 'add constraint', constraint });
      } else if (c.subtype === 'AT_AddColumn' && def?.[0] === 'ColumnDef') {
        const change: AstLike = { type: 'add column', column: this.columnDef(def[1]) };
        if (c.missing_ok) change.ifNotExists = true;
        changes.push(change);
      }
    }
    if (changes.length === 0) return undefined;
    const node: AstLike = { type: 'alter table', table: this.qname(n.relation), changes };
    if (n.relation && !n.relation.inh) node.only = true;
    if (n.missing_ok) node.ifExists = true;
    return node;
  }

  private columnDef(cd: Raw): AstLike {
    const constraints: AstLike[] = [];
    for (const w of cd.constraints ?? []) {
      const c = tagOf(w)?.[1];
      if (!c) continue;
      if (c.contype === 'CONSTR_NOTNULL') constraints.push({ type: 'not null', _location: this.at(c.location) });
      else if (c.contype === 'CONSTR_PRIMARY') constraints.push({ type: 'primary key', _location: this.at(c.location) });
      else if (c.contype === 'CONSTR_FOREIGN') constraints.push(this.reference('reference', c));
    }
    const col: AstLike = {
      kind: 'column',
      name: { name: cd.colname, _location: this.at(cd.location) },
      dataType: this.dataType(cd.typeName),
      _location: this.at(cd.location),
    };
    if (constraints.length > 0) col.constraints = constraints;
    return col;
  }

  private tableConstraint(c: Raw): AstLike | undefined {
    const names = (list: Raw): AstLike[] => (Array.isArray(list) ? list.map((x: Raw) => ({ name: tagOf(x)?.[1]?.sval })) : []);
    if (c.contype === 'CONSTR_FOREIGN') {
      const fk = this.reference('foreign key', c);
      fk.localColumns = names(c.fk_attrs);
      return fk;
    }
    if (c.contype === 'CONSTR_PRIMARY') return { type: 'primary key', columns: names(c.keys), _location: this.at(c.location) };
    return undefined;
  }

  /** A foreign key (column `reference` or table `foreign key`) with pgsql-ast-parser's fields. */
  private reference(type: string, c: Raw): AstLike {
    const pk = c.pktable ?? {};
    const foreignTable: AstLike = { name: pk.relname, _location: this.at(pk.location) };
    if (pk.schemaname !== undefined) foreignTable.schema = pk.schemaname;
    const fk: AstLike = {
      type,
      foreignTable,
      foreignColumns: Array.isArray(c.pk_attrs) ? c.pk_attrs.map((x: Raw) => ({ name: tagOf(x)?.[1]?.sval })) : [],
      _location: this.at(c.location),
    };
    if (c.conname !== undefined) fk.constraintName = { name: c.conname };
    const written = this.writtenActions(pk.location);
    if (written.delete && FK_ACTION[c.fk_del_action]) fk.onDelete = FK_ACTION[c.fk_del_action];
    if (written.update && FK_ACTION[c.fk_upd_action]) fk.onUpdate = FK_ACTION[c.fk_upd_action];
    return fk;
  }

  /**
   * Which referential actions are written after the referenced table at byte `tableLoc`: scans
   * the foreign key's tail (`(cols)`, `MATCH …`, `ON DELETE|UPDATE <action>`, `[NOT] DEFERRABLE`,
   * `INITIALLY …`, `NOT VALID`, `[NOT] ENFORCED`), per the CREATE TABLE synopsis.
   */
  private writtenActions(tableLoc: number | undefined): { delete: boolean; update: boolean } {
    const out = { delete: false, update: false };
    if (tableLoc === undefined) return out;
    const sig = this.sig;
    let i = this.tokenAt(this.u16(tableLoc));
    while (sig.isPunct(i + 1, '.')) i += 2;
    i++;
    if (sig.isPunct(i, '(')) i = sig.matchingParen(i) + 1;
    if (i <= 0) return out;
    for (;;) {
      if (sig.isWord(i, 'match')) i += 2;
      else if (sig.isWord(i, 'on') && sig.isWord(i + 1, 'delete', 'update')) {
        out[sig.list[i + 1].value as 'delete' | 'update'] = true;
        i += 2;
        if (sig.isWord(i, 'no')) i += 2;
        else if (sig.isWord(i, 'set')) {
          i += 2;
          if (sig.isPunct(i, '(')) i = sig.matchingParen(i) + 1;
          if (i <= 0) return out;
        } else i += 1;
      } else if (sig.isWord(i, 'not') && sig.isWord(i + 1, 'deferrable', 'valid', 'enforced')) i += 2;
      else if (sig.isWord(i, 'deferrable', 'enforced')) i += 1;
      else if (sig.isWord(i, 'initially')) i += 2;
      else return out;
    }
  }

  /** A column's type as pgsql-ast-parser gives it: lower-cased as written, `{ kind: 'array', arrayOf }` for arrays. */
  private dataType(tn: Raw): AstLike {
    if (!isObj(tn)) return { name: '' };
    const names: string[] = (tn.names ?? []).map((x: Raw) => String(tagOf(x)?.[1]?.sval ?? ''));
    let base: AstLike;
    const start = this.at(tn.location);
    const sig = this.sig;
    const i = start ? this.tokenAt(start.start) : -1;
    if (names.length === 2 && names[0] === 'pg_catalog' && i >= 0 && !(sig.isWord(i, 'pg_catalog') && sig.isPunct(i + 1, '.'))) {
      // SQL-standard type syntax (`int`, `double precision`, `timestamp(3) with time zone`):
      // Postgres names the internal type; take the words as written.
      base = { name: this.writtenTypeName(i) ?? names[1], _location: start };
    } else {
      base = { name: names[names.length - 1] ?? '', _location: start };
      if (names.length > 1) base.schema = names[names.length - 2];
    }
    let dt = base;
    for (let k = 0; k < (tn.arrayBounds?.length ?? 0); k++) dt = { kind: 'array', arrayOf: dt, _location: start };
    return dt;
  }

  private writtenTypeName(i: number): string | undefined {
    const sig = this.sig;
    if (!sig.isWord(i)) return undefined;
    const words = [sig.list[i].value];
    let j = i + 1;
    const skipTypmod = (): void => {
      if (sig.isPunct(j, '(')) {
        const close = sig.matchingParen(j);
        if (close > 0) j = close + 1;
      }
    };
    skipTypmod();
    for (const alt of TYPE_CONTINUATIONS[words[0]] ?? []) {
      if (alt.every((w, k) => sig.isWord(j + k, w))) {
        words.push(...alt);
        j += alt.length;
        break;
      }
    }
    return words.join(' ');
  }

  // ------------------------------------------------------------------------------------------
  // Expressions

  private exprList(v: Raw): AstLike[] {
    const items = Array.isArray(v) ? v : Array.isArray(tagOf(v)?.[1]?.items) ? tagOf(v)![1].items : [];
    return items.map((x: Raw) => this.expr(x));
  }

  /** An expression node (tagged); never undefined, so an AND keeps all its operands. */
  expr(w: Raw): AstLike {
    const node = this.exprNode(w);
    if (node._location === undefined) {
      const at = this.at(this.minLoc(w));
      if (at) node._location = at;
    }
    return node;
  }

  private exprNode(w: Raw): AstLike {
    const t = tagOf(w);
    if (!t) return this.generic(w);
    const [tag, n] = t;
    switch (tag) {
      case 'ColumnRef': {
        const fields: Array<string | undefined> = (n.fields ?? []).map((f: Raw) => {
          const ft = tagOf(f);
          return ft?.[0] === 'String' ? ft[1].sval : ft?.[0] === 'A_Star' ? '*' : undefined;
        });
        if (fields.length === 0 || fields.some((f) => f === undefined)) return this.generic(n);
        const loc = this.at(n.location);
        const ref: AstLike = { type: 'ref', name: fields[fields.length - 1] };
        if (fields.length >= 2) {
          ref.table = { name: fields[fields.length - 2], _location: loc };
          if (fields.length >= 3) ref.table.schema = fields[fields.length - 3];
        }
        return ref;
      }
      case 'A_Const': {
        if (n.isnull) return { type: 'null' };
        if (n.ival !== undefined) return { type: 'integer', value: n.ival.ival ?? 0 };
        if (n.fval !== undefined) return { type: 'numeric', value: Number(n.fval.fval) };
        if (n.boolval !== undefined) return { type: 'boolean', value: n.boolval.boolval === true };
        if (n.sval !== undefined) return { type: 'string', value: n.sval.sval ?? '' };
        return this.generic(n);
      }
      case 'ParamRef':
        return { type: 'parameter', name: `$${n.number ?? 0}` };
      case 'TypeCast':
        return { type: 'cast', operand: this.expr(n.arg), to: this.dataType(n.typeName) };
      case 'A_Expr':
        return this.aExpr(n);
      case 'BoolExpr': {
        const args: AstLike[] = (n.args ?? []).map((a: Raw) => this.expr(a));
        if (n.boolop === 'NOT_EXPR') {
          // `x NOT IN (subquery)` arrives as NOT (x IN (subquery)): pgsql-ast-parser's binary NOT IN,
          // told from a written `NOT (x IN (subquery))` by where the NOT is (after x).
          const a = args[0];
          const notAt = typeof n.location === 'number' ? n.location : -1;
          const leftAt = this.minLoc(tagOf(n.args?.[0])?.[1]?.testexpr);
          if (args.length === 1 && a.type === 'binary' && a.op === 'IN' && a.right?.type !== 'list' && leftAt !== undefined && notAt > leftAt) {
            return { type: 'binary', op: 'NOT IN', left: a.left, right: a.right };
          }
          return { type: 'unary', op: 'NOT', operand: a };
        }
        const op = n.boolop === 'OR_EXPR' ? 'OR' : 'AND';
        if (args.length === 0) return this.generic(n);
        // Left-nested, as pgsql-ast-parser builds `a AND b AND c`.
        return args.slice(1).reduce((left, right) => ({ type: 'binary', op, left, right, _location: left._location }), args[0]);
      }
      case 'NullTest':
        return { type: 'unary', op: n.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL', operand: this.expr(n.arg) };
      case 'BooleanTest':
        return { type: 'unary', op: BOOL_TEST[n.booltesttype] ?? 'IS TRUE', operand: this.expr(n.arg) };
      case 'SubLink':
        return this.subLink(n);
      case 'FuncCall': {
        const names: string[] = (n.funcname ?? []).map((x: Raw) => String(tagOf(x)?.[1]?.sval ?? ''));
        const fn: AstLike = { name: names[names.length - 1] ?? '', _location: this.at(n.location) };
        if (names.length > 1) fn.schema = names[names.length - 2];
        const call: AstLike = {
          type: 'call',
          function: fn,
          args: n.agg_star ? [{ type: 'ref', name: '*', _location: this.at(n.location) }] : this.exprList(n.args ?? []),
        };
        this.extras(call, n, ['agg_order', 'agg_filter', 'over']);
        return call;
      }
      case 'CoalesceExpr':
        return { type: 'call', function: { name: 'coalesce' }, args: this.exprList(n.args ?? []) };
      case 'MinMaxExpr':
        return { type: 'call', function: { name: n.op === 'IS_LEAST' ? 'least' : 'greatest' }, args: this.exprList(n.args ?? []) };
      case 'CaseExpr': {
        const node: AstLike = { type: 'case', whenThen: [] };
        if (n.arg) node.value = this.expr(n.arg);
        for (const cw of n.args ?? []) {
          const c = tagOf(cw)?.[1] ?? {};
          node.whenThen.push({ when: this.expr(c.expr), value: this.expr(c.result) });
        }
        if (n.defresult) node.else = this.expr(n.defresult);
        return node;
      }
      case 'A_ArrayExpr':
        return { type: 'array', expressions: this.exprList(n.elements ?? []) };
      case 'RowExpr':
        return { type: 'list', expressions: this.exprList(n.args ?? []) };
      case 'CollateClause': {
        // `x COLLATE "C"`: a placeholder (its one child the operand), with the collation's name parts.
        const node = this.generic(n);
        node.collation = (n.collname ?? []).map((x: Raw) => String(tagOf(x)?.[1]?.sval ?? ''));
        return node;
      }
      case 'SelectStmt':
        return this.query(n);
      default:
        return this.generic(n);
    }
  }

  private aExpr(n: Raw): AstLike {
    const names: string[] = (n.name ?? []).map((x: Raw) => String(tagOf(x)?.[1]?.sval ?? ''));
    const name = names[names.length - 1] ?? '';
    const bin = (op: string, right: AstLike): AstLike => ({ type: 'binary', op, left: this.expr(n.lexpr), right });
    switch (n.kind) {
      case 'AEXPR_OP':
        if (!n.lexpr) return { type: 'unary', op: name, operand: this.expr(n.rexpr) };
        return bin(OP_SPELLING[name] ?? name, this.expr(n.rexpr));
      case 'AEXPR_OP_ANY':
      case 'AEXPR_OP_ALL':
        return bin(OP_SPELLING[name] ?? name, { type: 'call', function: { name: n.kind === 'AEXPR_OP_ANY' ? 'any' : 'all' }, args: [this.expr(n.rexpr)] });
      case 'AEXPR_DISTINCT':
        return bin('IS DISTINCT FROM', this.expr(n.rexpr));
      case 'AEXPR_NOT_DISTINCT':
        return bin('IS NOT DISTINCT FROM', this.expr(n.rexpr));
      case 'AEXPR_NULLIF':
        return { type: 'call', function: { name: 'nullif' }, args: [this.expr(n.lexpr), this.expr(n.rexpr)] };
      case 'AEXPR_IN':
        return bin(name === '<>' ? 'NOT IN' : 'IN', { type: 'list', expressions: this.exprList(n.rexpr) });
      case 'AEXPR_LIKE':
        return bin(name === '!~~' ? 'NOT LIKE' : 'LIKE', this.expr(n.rexpr));
      case 'AEXPR_ILIKE':
        return bin(name === '!~~*' ? 'NOT ILIKE' : 'ILIKE', this.expr(n.rexpr));
      case 'AEXPR_SIMILAR':
        return bin(name === '!~' ? 'NOT SIMILAR TO' : 'SIMILAR TO', this.expr(n.rexpr));
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN':
      case 'AEXPR_BETWEEN_SYM':
      case 'AEXPR_NOT_BETWEEN_SYM': {
        const [lo, hi] = this.exprList(n.rexpr);
        return { type: 'ternary', op: n.kind.includes('NOT') ? 'NOT BETWEEN' : 'BETWEEN', value: this.expr(n.lexpr), lo, hi };
      }
      default:
        return this.generic(n);
    }
  }

  private subLink(n: Raw): AstLike {
    const sub = this.statement(n.subselect) ?? this.generic(n.subselect);
    switch (n.subLinkType) {
      case 'EXISTS_SUBLINK':
        return { type: 'call', function: { name: 'exists', _location: this.at(n.location) }, args: [sub] };
      case 'EXPR_SUBLINK':
        return sub;
      case 'ANY_SUBLINK':
      case 'ALL_SUBLINK': {
        const names: string[] = (n.operName ?? []).map((x: Raw) => String(tagOf(x)?.[1]?.sval ?? ''));
        const left = this.expr(n.testexpr);
        // `x IN (subquery)` has no operator name; `x = ANY (subquery)` has one.
        if (names.length === 0) return { type: 'binary', op: 'IN', left, right: sub };
        const op = names[names.length - 1];
        return {
          type: 'binary',
          op: OP_SPELLING[op] ?? op,
          left,
          right: { type: 'call', function: { name: n.subLinkType === 'ANY_SUBLINK' ? 'any' : 'all' }, args: [sub] },
        };
      }
      case 'ARRAY_SUBLINK':
        return { type: 'call', function: { name: 'array' }, args: [sub] };
      default:
        return { children: [sub] };
    }
  }

  /**
   * A node this conversion does not know: a placeholder whose children (statements and
   * expressions at any depth) are converted, so what the model looks for inside is still seen.
   */
  private generic(n: Raw): AstLike {
    const children: AstLike[] = [];
    const visit = (v: Raw): void => {
      if (Array.isArray(v)) {
        for (const x of v) visit(x);
        return;
      }
      if (!isObj(v)) return;
      const t = tagOf(v);
      if (!t) {
        for (const key of Object.keys(v)) if (typeof v[key] === 'object') visit(v[key]);
        return;
      }
      const [tag, body] = t;
      if (tag === 'List') visit(body.items);
      else if (tag === 'RangeVar' || tag === 'String' || tag === 'Integer' || tag === 'Float' || tag === 'Boolean' || tag === 'TypeName') return;
      else if (STATEMENT_TAGS.has(tag)) {
        const s = this.statement(v);
        if (s) children.push(s);
      } else children.push(this.expr(v));
    };
    if (isObj(n) && !tagOf(n)) for (const key of Object.keys(n)) visit(n[key]);
    else visit(n);
    const node: AstLike = { children };
    const at = this.at(this.minLoc(n));
    if (at) node._location = at;
    return node;
  }
}

/** Statement tags converted as statements (queries and the DDL the model reads) when met inside other nodes. */
const STATEMENT_TAGS: ReadonlySet<string> = new Set([
  'SelectStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'CreateStmt',
  'AlterTableStmt',
  'ViewStmt',
  'CreateTableAsStmt',
]);
