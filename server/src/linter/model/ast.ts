/**
 * The statement AST as the model reads it: pgsql-ast-parser's types (`Statement`, `Expr`, `From`,
 * …), which both parsers produce (the Postgres grammar's tree is converted in `../pgGrammar.ts`),
 * told apart by `isNode`, and `walk` over any part of it.
 */
import type { ColumnConstraint, DeleteStatement, Expr, From, Statement, TableAlteration, TableConstraint } from 'pgsql-ast-parser';

/**
 * Any object of a statement's AST, as `walk` visits it: a statement, an expression, a FROM item, a
 * name, a column definition, a list of such, or a placeholder of the Postgres-grammar conversion
 * (`../pgGrammar.ts`: `{ children }`, no `type`). Both parsers give pgsql-ast-parser's shape
 * (`Statement`, `Expr`, `From`, …); read a node's fields after `isNode` has told its type.
 */
export type AstNode = object;

/** The AST node types the model and the rules narrow to (see `isNode`), with the Postgres-grammar conversion's additions. */
type KnownNode = Exclude<Statement, DeleteStatement> | Expr | From | ColumnConstraint | TableConstraint | TableAlteration | DeleteNode;

/**
 * `DELETE … USING`: the Postgres-grammar conversion (`../pgGrammar.ts`) gives the USING list as
 * `using`; pgsql-ast-parser rejects the form.
 */
export type DeleteNode = DeleteStatement & { using?: From[] };

/** The node types of `KnownNode` whose `type` may be `T` (a node type may cover several spellings, `list` | `array`). */
export type NodeOf<T extends string> = KnownNode extends infer N ? (N extends { type: infer U } ? ([T & U] extends [never] ? never : N) : never) : never;

/** The `type` spellings of the known nodes. */
export type NodeType = KnownNode['type'];

/**
 * Whether `n` is an AST node of one of the types `a`, `b`, `c` (`isNode(e, 'binary')`), narrowing it to
 * pgsql-ast-parser's type for that node. Only the `type` is checked: the fields are as the parser
 * (or the conversion in `../pgGrammar.ts`) writes them for that type, and a clause object may share a
 * node's `type` (`SELECT … FOR UPDATE` has `for: { type: 'update' }`), so code reading an optional
 * or clause-specific field still checks it (`isObj(n.from)`, `Array.isArray(n.columns)`).
 */
export function isNode<T extends NodeType>(n: unknown, a: T, b?: T, c?: T): n is NodeOf<T> {
  // Up to three types as parameters, not a rest array: this runs for every node of every walk.
  if (typeof n !== 'object' || n === null || !('type' in n)) return false;
  const type: unknown = n.type;
  return typeof type === 'string' && (type === a || (b !== undefined && type === b) || (c !== undefined && type === c));
}

/** The `type` of an AST node, when it has one (placeholders, names and lists have none). */
export function nodeType(n: unknown): string | undefined {
  return typeof n === 'object' && n !== null && 'type' in n && typeof n.type === 'string' ? n.type : undefined;
}

/** An AST object's fields by name, for code that walks every field (`walk`, `resolveHostNames`, `linkLevels`). */
export function fieldsOf(n: AstNode): Record<string, unknown> {
  return n as Record<string, unknown>;
}

/** Whether a value is an AST object (any non-null object, arrays included; see `AstNode`). */
export const isObj = (v: unknown): v is AstNode => typeof v === 'object' && v !== null;

/**
 * Visits every object node of an AST (or of part of one), depth first, parents before children, in
 * source order; a node whose `visit` returns false is not entered. `_location` objects are not
 * visited. Iterative (an explicit stack), so 10,000-term expressions cannot overflow the call stack.
 */
export function walk(node: unknown, visit: (n: AstNode) => boolean | void): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      for (let i = n.length - 1; i >= 0; i--) stack.push(n[i]);
      continue;
    }
    if (!isObj(n) || visit(n) === false) continue;
    // children pushed in field order, then that part of the stack reversed, to pop them in source
    // order (no array of keys made per node: this runs for every node of every parsed statement)
    const fields = fieldsOf(n);
    const first = stack.length;
    for (const key in fields) {
      if (key !== '_location' && Object.hasOwn(fields, key) && isObj(fields[key])) stack.push(fields[key]);
    }
    for (let i = first, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i];
      stack[i] = stack[j];
      stack[j] = t;
    }
  }
}
