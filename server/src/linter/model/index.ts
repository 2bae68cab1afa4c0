/**
 * The semantic model rules consume instead of raw ASTs: its types (`types.ts`), the typed AST and
 * its guards (`ast.ts`), helpers over expressions and relations (`expressions.ts`), and the builder
 * (`build.ts`).
 */
export type { AstNode, DeleteNode, NodeOf, NodeType } from './ast';
export { isNode, nodeType, walk } from './ast';
export type * from './types';
export {
  authTableDisplay,
  betweenExpressions,
  binaryExpressions,
  collateOperand,
  columnEquality,
  columnRefs,
  andOrOperands,
  conjuncts,
  authColumnsOf,
  inListItems,
  isColumnRef,
  isNullRejecting,
  isQuery,
  namedAuthTable,
  namedManagedTable,
  operatorOf,
  quantifiedOperand,
  QUERY_NODES,
  refersTo,
  rowItems,
  scalarSubqueryExpr,
} from './expressions';
export { buildModel, lexicalModel, resolveHostNames } from './build';
