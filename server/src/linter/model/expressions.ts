/**
 * Helpers over the model's relations and the statement's expressions, for rules: which relation a
 * column reference names, the shapes rules ask about (comparisons, `IN` lists, `ANY (…)`, column
 * equalities, scalar subqueries), conjuncts, and whether a condition rejects a missing row.
 */
import type { Expr, ExprBinary, ExprRef, ExprTernary, SelectStatement } from 'pgsql-ast-parser';
import { AuthColumn, AuthTable, ManagedTable, resolveAuthTable, resolveManagedTable } from '../catalog';
import { fieldsOf, isNode, isObj, nodeType, walk } from './ast';
import type { RelationRef, StatementModel } from './types';

/**
 * How a message names the Neon Auth table a relation refers to, in the schema the SQL wrote (or the
 * search path resolved an unqualified name to): `neon_identity.users_sync` for the early-access
 * schema, else the catalog's name (`neon_auth.users_sync`, `neon_auth."user"`). Undefined for other
 * relations.
 */
export function authTableDisplay(rel: RelationRef): string | undefined {
  if (!rel.authTable) return undefined;
  return resolveManagedTable(rel.schema ?? rel.pathSchema, rel.name)?.display ?? rel.authTable.display;
}

/**
 * The Neon Auth user table a name of the statement denotes (schema and name as Postgres sees them,
 * the schema undefined when unqualified): `resolveAuthTable`, with an unqualified name resolved
 * through the search path at the statement (`StatementModel.authSchemaOf`). For names the model
 * does not resolve itself (write targets, names read from tokens).
 */
export function namedAuthTable(model: Pick<StatementModel, 'authSchemaOf'>, schema: string | undefined, name: string): AuthTable | undefined {
  return resolveAuthTable(schema ?? model.authSchemaOf?.(name), name);
}

/** `resolveManagedTable` with an unqualified user-table name resolved as `namedAuthTable` does (other managed tables only by their qualified names). */
export function namedManagedTable(model: Pick<StatementModel, 'authSchemaOf'>, schema: string | undefined, name: string): ManagedTable | undefined {
  return resolveManagedTable(schema ?? model.authSchemaOf?.(name), name);
}

/** The AST node types of a query (a subquery inside an expression starts with one). */
export const QUERY_NODES: ReadonlySet<string> = new Set([
  'select',
  'union',
  'union all',
  'intersect',
  'intersect all',
  'except',
  'except all',
  'with',
  'with recursive',
  'values',
]);

/** Whether an AST node is a query (`QUERY_NODES`: SELECT, a set operation, VALUES, WITH), as a subquery inside an expression is. */
export function isQuery(n: unknown): n is SelectStatement {
  const type = nodeType(n);
  return type !== undefined && QUERY_NODES.has(type);
}

/** Whether an AST node is a column reference (`{ type: 'ref', table?, name }`; `*` included). */
export function isColumnRef(n: unknown): n is ExprRef {
  return isNode(n, 'ref') && typeof n.name === 'string';
}

/**
 * Every column reference (`{ type: 'ref' }`) of an expression at its own query level: subqueries
 * are not entered, since their aliases are their own (an inner `u` is not the outer `u`).
 */
export function columnRefs(expr: unknown): ExprRef[] {
  const out: ExprRef[] = [];
  walk(expr, (n) => {
    if (isQuery(n)) return false;
    if (isColumnRef(n)) out.push(n);
  });
  return out;
}

/**
 * Every binary operator expression (`a = b`, `a IN (…)`, `a AND b`, …) of expression roots at their
 * own query level, parents before children, in source order: subqueries are not entered (their
 * comparisons belong to their own level).
 */
export function binaryExpressions(roots: unknown): ExprBinary[] {
  const out: ExprBinary[] = [];
  walk(roots, (n) => {
    if (isQuery(n)) return false;
    if (isNode(n, 'binary')) out.push(n);
  });
  return out;
}

/** Every `x BETWEEN lo AND hi` / `x NOT BETWEEN lo AND hi` of expression roots at their own query level, as `binaryExpressions` finds comparisons. */
export function betweenExpressions(roots: unknown): ExprTernary[] {
  const out: ExprTernary[] = [];
  walk(roots, (n) => {
    if (isQuery(n)) return false;
    if (isNode(n, 'ternary')) out.push(n);
  });
  return out;
}

/**
 * The items of a row constructor, `(a, b)` or `ROW(a, b)` (the Postgres grammar's conversion gives
 * both as a list, pgsql-ast-parser the second as a call of `row`); undefined for other expressions.
 */
export function rowItems(e: unknown): Expr[] | undefined {
  if (isNode(e, 'list') && Array.isArray(e.expressions)) return e.expressions;
  if (isNode(e, 'call') && e.function?.schema === undefined && String(e.function?.name).toLowerCase() === 'row' && Array.isArray(e.args)) return e.args;
  return undefined;
}

/**
 * The operand of `x COLLATE name` as the Postgres grammar's conversion gives it (`../pgGrammar.ts`:
 * a placeholder with the collation's name parts in `collation` and the operand as its one child;
 * pgsql-ast-parser rejects COLLATE in expressions); undefined for any other node.
 */
export function collateOperand(e: unknown): Expr | undefined {
  if (!isObj(e) || nodeType(e) !== undefined) return undefined;
  const f = fieldsOf(e);
  return Array.isArray(f.collation) && Array.isArray(f.children) && f.children.length === 1 ? (f.children[0] as Expr) : undefined;
}

/** A binary expression's operator, upper-cased as the rules compare it (`=`, `NOT IN`, `IS DISTINCT FROM`, `ILIKE`). */
export function operatorOf(e: ExprBinary): string {
  return String(e.op).toUpperCase();
}

/**
 * What `x IN (…)` / `x NOT IN (…)` compares `x` with: the items of a list (`IN (a, b)`), else the
 * right operand itself (`IN (a)` has the item, `IN (SELECT …)` the query).
 */
export function inListItems(e: ExprBinary): Expr[] {
  const right: unknown = e.right;
  return isNode(right, 'list') && Array.isArray(right.expressions) ? right.expressions : [e.right];
}

/**
 * `ANY (…)`, `SOME (…)` or `ALL (…)` as the right operand of a comparison (`x = ANY ($1)`,
 * `x <> ALL (SELECT …)`): the quantifier (lower-cased) and the call's arguments. Undefined for any
 * other expression, and for a schema-qualified function of that name.
 */
export function quantifiedOperand(e: unknown): { quantifier: 'any' | 'some' | 'all'; args: Expr[] } | undefined {
  if (!isNode(e, 'call') || e.function?.schema !== undefined) return undefined;
  const name = String(e.function?.name).toLowerCase();
  if (name !== 'any' && name !== 'some' && name !== 'all') return undefined;
  return { quantifier: name, args: Array.isArray(e.args) ? e.args : [] };
}

/**
 * A plain equality of two column references (`a.author_id = u.id`): its operands; undefined for
 * any other expression (other operators, casts, functions, literals).
 */
export function columnEquality(e: unknown): { left: ExprRef; right: ExprRef } | undefined {
  if (!isNode(e, 'binary') || e.op !== '=') return undefined;
  const { left, right } = e;
  return isNode(left, 'ref') && isNode(right, 'ref') ? { left, right } : undefined;
}

/**
 * The one expression a scalar subquery selects when it reads nothing (`(SELECT auth.user_id())`:
 * no FROM, no WHERE, one column); undefined for other nodes.
 */
export function scalarSubqueryExpr(e: unknown): Expr | undefined {
  if (!isNode(e, 'select') || e.from !== undefined || e.where !== undefined) return undefined;
  return Array.isArray(e.columns) && e.columns.length === 1 ? e.columns[0]?.expr : undefined;
}

/**
 * The columns of a Neon Auth user table as a query reading it through `rel` sees them: the
 * catalog's, in table order, the first ones renamed by the alias's column list (`AS u(r, i)`: see
 * `RelationRef.columnAliases`). Undefined when `rel` is not a Neon Auth table, or has a column list
 * that could not be read.
 */
export function authColumnsOf(rel: Pick<RelationRef, 'authTable' | 'renamesColumns' | 'columnAliases'>): readonly AuthColumn[] | undefined {
  const table = rel.authTable;
  if (!table || !rel.renamesColumns) return table?.columns;
  const aliases = rel.columnAliases;
  if (aliases === undefined || aliases.length > table.columns.length) return undefined; // Postgres rejects more names than columns (42P10)
  return table.columns.map((c, k) => (k < aliases.length ? { ...c, name: aliases[k] } : c));
}

/** Whether a column reference's qualifier denotes `rel` (its alias, or its name when it has none). */
export function refersTo(ref: ExprRef, rel: RelationRef): boolean {
  const q = ref.table;
  if (!isObj(q)) return false;
  if (rel.alias !== undefined) return q.name === rel.alias && q.schema === undefined;
  return q.name === rel.name && (q.schema === undefined || q.schema === rel.schema);
}

const NULL_REJECTING_BINARY: ReadonlySet<string> = new Set([
  '=',
  '<>',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'LIKE',
  'NOT LIKE',
  'ILIKE',
  'NOT ILIKE',
  'IN',
  'NOT IN',
  '~',
  '~*',
  '!~',
  '!~*',
  // LIKE and ILIKE as the Postgres grammar names them before `ANY (…)` (`u.name ILIKE ANY (…)`)
  '~~',
  '!~~',
  '~~*',
  '!~~*',
  '@>',
  '<@',
  '&&',
]);

/**
 * Built-in operators that yield NULL for a NULL operand but are not conditions themselves: jsonb's
 * field and path access (`u.raw_json->>'a'`), arithmetic. A comparison of such a value rejects NULL.
 */
const NULL_PROPAGATING_BINARY: ReadonlySet<string> = new Set(['->', '->>', '#>', '#>>', '+', '-', '*', '/']);

/**
 * Built-in functions declared STRICT in `pg_proc` (NULL in, NULL out) that appear around user
 * columns in filters (`lower(u.email) = …`).
 */
const STRICT_FUNCTIONS: ReadonlySet<string> = new Set(['lower', 'upper', 'length', 'char_length', 'btrim', 'ltrim', 'rtrim', 'date_trunc']);

/** A subquery, or `ANY`/`ALL`/`SOME` (…): compared with NULL they can yield false (an empty set), not only NULL. */
const setOperand = (e: unknown): boolean => isQuery(e) || (isNode(e, 'call') && ['any', 'all', 'some'].includes(String(e.function?.name).toLowerCase()));

/**
 * Whether an expression is NULL whenever the relation's columns are all NULL: a column of the
 * relation, a cast of such an expression, a strict built-in function of one, jsonb field access
 * or arithmetic on one (`u.raw_json->>'a'`), a comparison or
 * pattern match with one as an operand (against a plain value, not a subquery or ANY/ALL), a
 * `BETWEEN` on one, `NOT` of one. That is: a column of the relation is reachable from `e` through
 * such nodes only. Iterative (an explicit stack), so any nesting depth is judged.
 */
function nullWhenNull(e: unknown, rel: RelationRef): boolean {
  const stack: unknown[] = [e];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isNode(n, 'ref')) {
      if (refersTo(n, rel)) return true;
    } else if (isNode(n, 'cast')) stack.push(n.operand);
    else if (isNode(n, 'call')) {
      if ((n.function?.schema === undefined || n.function?.schema === 'pg_catalog') && STRICT_FUNCTIONS.has(String(n.function?.name)) && Array.isArray(n.args))
        stack.push(...n.args);
    } else if (isNode(n, 'binary')) {
      const op = operatorOf(n);
      if ((NULL_REJECTING_BINARY.has(op) || NULL_PROPAGATING_BINARY.has(op)) && !setOperand(n.left) && !setOperand(n.right)) stack.push(n.right, n.left);
    } else if (isNode(n, 'member')) {
      // pgsql-ast-parser's `u.raw_json->>'a'` (the Postgres grammar's is a binary `->>`)
      stack.push(n.operand);
    } else if (isNode(n, 'ternary')) {
      if (n.op === 'BETWEEN' || n.op === 'NOT BETWEEN') stack.push(n.value);
    } else if (isNode(n, 'unary')) {
      if (n.op === 'NOT') stack.push(n.operand);
    }
  }
  return false;
}

/** A WHERE conjunct that is not an AND or OR: whether it is null-rejecting on its own (see `isNullRejecting`). */
function nullRejectingLeaf(conj: unknown, rel: RelationRef): boolean {
  if (!isObj(conj)) return false;
  if (nullWhenNull(conj, rel)) return true;
  const direct = (e: unknown): boolean => isNode(e, 'ref') && refersTo(e, rel);
  if (isNode(conj, 'binary')) {
    const op = operatorOf(conj);
    // `u.x NOT IN (SELECT …)` and `u.x <> ALL(…)` are TRUE when the sub-query or array is empty,
    // whatever u.x is (Postgres docs, subquery and row/array comparisons): they keep rows without a user.
    const isAll = (e: unknown): boolean => isNode(e, 'call') && String(e.function?.name).toLowerCase() === 'all';
    if ((op === 'NOT IN' && !isNode(conj.right, 'list')) || isAll(conj.left) || isAll(conj.right)) return false;
    // `u.x = ANY(…)`, `u.x IN (SELECT …)`: NULL or false.
    if (NULL_REJECTING_BINARY.has(op)) return nullWhenNull(conj.left, rel) || nullWhenNull(conj.right, rel) || direct(conj.left) || direct(conj.right);
  }
  if (isNode(conj, 'unary') && (conj.op === 'IS NOT NULL' || conj.op === 'IS TRUE' || conj.op === 'IS FALSE')) return nullWhenNull(conj.operand, rel);
  return false;
}

/**
 * Whether a WHERE conjunct is false or NULL whenever the relation's columns are all NULL, i.e. it
 * drops the rows a LEFT JOIN kept for a missing match (per the Postgres docs on comparison
 * operators: a comparison with NULL yields NULL). Recognized: a comparison or pattern match with a
 * column of the relation as an operand, whatever the other operand is (`u.name = p.title`; also
 * through a cast, jsonb field access, arithmetic or a `lower(…)`-like strict function), `BETWEEN`, a boolean column alone or under `NOT`, `col IS NOT NULL`, `… IS TRUE`,
 * `… IS FALSE`, an `AND` with such a side, an `OR` whose every side is one. `IS NULL`,
 * `COALESCE(…)`, `IS DISTINCT FROM` (the `#` rewrite), `IS NOT TRUE` and an `OR` with a side that
 * keeps NULL (`OR u.id IS NULL`) are not. The one test of `prefer-left-join` and
 * `no-null-rejecting-where`, so that a LEFT JOIN the one suggests is never reported by the other. Iterative (an explicit stack of AND/OR nodes), so
 * `OR` chains of any length and any nesting depth are judged.
 */
export function isNullRejecting(conj: Expr, rel: RelationRef): boolean {
  const andOr = (n: unknown): ExprBinary | undefined => {
    if (!isNode(n, 'binary')) return undefined;
    const op = operatorOf(n);
    return op === 'AND' || op === 'OR' ? n : undefined;
  };
  // AND: true when either side is; OR: true when both are. Left side first, short-circuited.
  const frames: Array<{ node: ExprBinary; op: 'AND' | 'OR'; right: boolean }> = [];
  let node: unknown = conj;
  let result: boolean | undefined;
  for (;;) {
    if (result === undefined) {
      const bin = andOr(node);
      if (bin) {
        frames.push({ node: bin, op: operatorOf(bin) === 'AND' ? 'AND' : 'OR', right: false });
        node = bin.left;
        continue;
      }
      result = nullRejectingLeaf(node, rel);
    }
    const top = frames[frames.length - 1];
    if (!top) return result;
    if (top.right || (top.op === 'AND' ? result : !result)) {
      frames.pop(); // decided: the side's result is the node's
      continue;
    }
    top.right = true;
    node = top.node.right;
    result = undefined;
  }
}

/** The top-level AND operands of an expression, in source order. */
export function conjuncts(expr: Expr): Expr[] {
  return operandsOf(expr, false);
}

/**
 * The operands of an expression's AND/OR tree that are not AND or OR themselves, in source order
 * (`p.id = 1 AND u.name = 'x' OR u.name = 'y'`: the three comparisons).
 */
export function andOrOperands(expr: Expr): Expr[] {
  return operandsOf(expr, true);
}

/** The operands under the top-level ANDs (and ORs, with `or`) of an expression, in source order. Iterative. */
function operandsOf(expr: Expr, or: boolean): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (isNode(e, 'binary') && (e.op === 'AND' || (or && e.op === 'OR'))) stack.push(e.right, e.left);
    else out.push(e);
  }
  return out;
}
