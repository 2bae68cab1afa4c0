/**
 * What a host file shows of a JavaScript value's type, without a type checker: whether an
 * expression is certainly not a string (a number, a bigint or a boolean). Prisma's raw tags send each
 * `${…}` typed from its value (see `isTypedParameter` in `lexer.ts`): a string can be cast to `uuid`
 * (`${id}::uuid`), a number or a boolean cannot (42846, cannot cast).
 *
 * Only what the file states counts: literals (`${1}`, `${10n}`, `${true}`), operators whose result is
 * never a string (`-x`, `a * b`, `a < b`, `!x`), a TypeScript assertion (`x as number`), and a name
 * all of whose declarations in the file say so (`const n: number`, `(n: bigint) =>`, `const n = 1`).
 * Scopes are approximated from above: a reference may name any declaration of its name in a function
 * around it (a variable's scope is taken as its whole function, a block's being within it) or at the
 * file's top level, and counts only when each of them is of such a type; a name the file does not
 * declare (a global) or imports is not known.
 */
import { walk, type Node } from './babel';

/**
 * How a name is declared: a type the declaration states, or a `const` initializer to read; and the
 * range its scope lies within (the function a parameter or variable belongs to; the whole file for
 * other names): a reference outside it cannot be to this declaration.
 */
type Declared = { nonString: boolean } | { init: Node };
type Declaration = Declared & { start: number; end: number };

/** Types whose values are never strings (a union of them, `null` and `undefined` allowed, with at least one of them). */
function nonStringType(t: Node | undefined): boolean {
  if (!t) return false;
  if (t.type === 'TSTypeAnnotation' || t.type === 'TSParenthesizedType') return nonStringType(t.typeAnnotation);
  switch (t.type) {
    case 'TSNumberKeyword':
    case 'TSBigIntKeyword':
    case 'TSBooleanKeyword':
      return true;
    case 'TSLiteralType': {
      const l = t.literal;
      return (
        l?.type === 'NumericLiteral' || l?.type === 'BigIntLiteral' || l?.type === 'BooleanLiteral' || (l?.type === 'UnaryExpression' && l.operator === '-')
      );
    }
    case 'TSUnionType': {
      const types: Node[] = t.types ?? [];
      const rest = types.filter((m) => m.type !== 'TSNullKeyword' && m.type !== 'TSUndefinedKeyword');
      return rest.length > 0 && rest.every((m) => nonStringType(m));
    }
    default:
      return false;
  }
}

/** Operators whose result is a number or a bigint whatever the operands are (`+` is not: it joins strings). */
const ARITHMETIC = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
/** Operators whose result is a boolean. */
const BOOLEAN = new Set(['==', '!=', '===', '!==', '<', '>', '<=', '>=', 'instanceof', 'in']);

/** The identifiers a binding pattern declares (`a`, `{ a, b: c }`, `[a, ...b]`, `a = 1`). */
function patternNames(p: Node | null | undefined, out: Node[]): void {
  if (!p) return;
  switch (p.type) {
    case 'Identifier':
      out.push(p);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties ?? []) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern':
      for (const e of p.elements ?? []) patternNames(e, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    case 'TSParameterProperty':
      patternNames(p.parameter, out);
      break;
  }
}

/**
 * Node types with `params` that run: functions and methods (their parameters are bindings). Not
 * `declare function` and overload signatures: their parameters bind nothing at run time.
 */
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

/** Every declaration of every name in the program, by name. */
function declarations(program: Node): Map<string, Declaration[]> {
  const out = new Map<string, Declaration[]>();
  const everywhere = { start: 0, end: Infinity };
  const add = (name: string, d: Declaration): void => {
    const list = out.get(name);
    if (list) list.push(d);
    else out.set(name, [d]);
  };
  /** A parameter's names, in the function's scope: an identifier alone (possibly with a default) by its annotation, a destructured one as unknown. */
  const param = (p: Node | null | undefined, scope: { start: number; end: number }): void => {
    if (!p) return;
    const target = p.type === 'TSParameterProperty' ? p.parameter : p;
    const id = target?.type === 'AssignmentPattern' ? target.left : target;
    if (id?.type === 'Identifier') {
      add(id.name, { nonString: nonStringType(id.typeAnnotation), ...scope });
      return;
    }
    const names: Node[] = [];
    patternNames(p, names);
    for (const n of names) add(n.name, { nonString: false, ...scope });
  };
  // Variables are scoped to the innermost function around them (a block is within it), found once the walk is done.
  const functions: Node[] = [];
  const variables: { name: string; d: Declared; at: number }[] = [];
  walk(program, (n, parent) => {
    if (n.type === 'VariableDeclarator') {
      const id = n.id;
      if (id?.type === 'Identifier') {
        // A stated type; else a `const`'s initializer (a `let` may be assigned anything later in JavaScript).
        const d: Declared =
          id.typeAnnotation !== undefined && id.typeAnnotation !== null
            ? { nonString: nonStringType(id.typeAnnotation) }
            : parent?.type === 'VariableDeclaration' && parent.kind === 'const' && n.init
              ? { init: n.init as Node }
              : { nonString: false };
        variables.push({ name: id.name, d, at: n.start });
      } else {
        const names: Node[] = [];
        patternNames(id, names);
        for (const x of names) variables.push({ name: x.name, d: { nonString: false }, at: n.start });
      }
    } else if (FUNCTIONS.has(n.type)) {
      functions.push(n);
      if (n.id?.type === 'Identifier') add(n.id.name, { nonString: false, ...everywhere });
      for (const p of n.params ?? []) param(p, n);
    } else if (n.type === 'CatchClause') param(n.param, n);
    else if (n.type === 'ImportSpecifier' || n.type === 'ImportDefaultSpecifier' || n.type === 'ImportNamespaceSpecifier')
      add(n.local.name, { nonString: false, ...everywhere });
    else if (
      (n.type === 'ClassDeclaration' ||
        n.type === 'ClassExpression' ||
        n.type === 'TSEnumDeclaration' ||
        n.type === 'TSModuleDeclaration' ||
        n.type === 'TSImportEqualsDeclaration') &&
      n.id?.type === 'Identifier'
    )
      add(n.id.name, { nonString: false, ...everywhere });
  });
  for (const v of variables) {
    let scope: { start: number; end: number } = everywhere;
    for (const f of functions) if (f.start <= v.at && v.at < f.end && f.end - f.start < scope.end - scope.start) scope = f;
    add(v.name, { ...v.d, start: scope.start, end: scope.end });
  }
  return out;
}

/**
 * A test of host expressions: whether the file shows the value is not a string (see the module
 * comment). The file's declarations are read once, on the first name asked about.
 */
export function nonStringValues(program: Node): (expr: Node) => boolean {
  let declared: Map<string, Declaration[]> | undefined;
  const resolving = new Set<string>();
  const test = (e: Node | null | undefined): boolean => {
    if (!e) return false;
    switch (e.type) {
      case 'NumericLiteral':
      case 'BigIntLiteral':
      case 'BooleanLiteral':
      case 'UpdateExpression':
        return true;
      case 'UnaryExpression':
        return e.operator === '-' || e.operator === '+' || e.operator === '~' || e.operator === '!' || e.operator === 'delete';
      case 'BinaryExpression':
        if (ARITHMETIC.has(e.operator) || BOOLEAN.has(e.operator)) return true;
        return e.operator === '+' && test(e.left) && test(e.right);
      case 'LogicalExpression':
        return test(e.left) && test(e.right);
      case 'ConditionalExpression':
        return test(e.consequent) && test(e.alternate);
      case 'SequenceExpression':
        return test(e.expressions?.[e.expressions.length - 1]);
      case 'TSAsExpression':
      case 'TSTypeAssertion':
        return nonStringType(e.typeAnnotation);
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'ParenthesizedExpression':
        return test(e.expression);
      case 'Identifier': {
        const name: string = e.name;
        if (resolving.has(name)) return false; // `const a = b, b = a`
        declared ??= declarations(program);
        // The declarations whose scope holds the reference: the one it names is among them.
        const list = declared.get(name)?.filter((d) => d.start <= e.start && e.start < d.end);
        if (!list || list.length === 0) return false;
        resolving.add(name);
        try {
          return list.every((d) => ('init' in d ? test(d.init) : d.nonString));
        } finally {
          resolving.delete(name);
        }
      }
      default:
        return false;
    }
  };
  return test;
}
