/**
 * The host parser (Babel, syntax only) and the AST plumbing the host-file modules share
 * (`host.ts` for SQL regions, `drizzle.ts` for Drizzle code): one parse and one walk per file.
 * Node offsets (`start`, `end`) are 0-based UTF-16 code units into the host text, `end` exclusive.
 */
import type { HostLanguage } from './host';
import { BABEL_CHILD_KEYS } from './babelKeys';

export type Node = { type: string; start: number; end: number; [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

let babel: typeof import('@babel/parser') | undefined;

/**
 * Parses a host file (syntax only, recovering from the errors Babel can recover from). `errors` are
 * those recovered errors (an invalid escape sequence in a string or an untagged template, …), each
 * with its message (without Babel's `(line:column)`), offset and Babel's `reasonCode`.
 * Throws on an error Babel cannot recover from.
 */
export function parseHost(
  text: string,
  language: HostLanguage,
): { program: Node; comments: Node[]; errors: { message: string; pos: number; reasonCode?: string }[] } {
  // Loaded on first use: a workspace without host files never pays for it.
  babel ??= require('@babel/parser') as typeof import('@babel/parser'); // eslint-disable-line @typescript-eslint/no-require-imports
  const ts = language === 'typescript' || language === 'typescriptreact';
  const jsx = language !== 'typescript';
  const plugins: import('@babel/parser').ParserPlugin[] = [];
  if (ts) plugins.push('typescript');
  if (jsx) plugins.push('jsx');
  // Syntax TypeScript accepts: `accessor` fields (4.9), `import … assert { … }` (4.5 to 5.2), `import defer` (5.9), `import source`.
  plugins.push(
    'decorators-legacy',
    'decoratorAutoAccessors',
    'explicitResourceManagement',
    ['importAttributes', { deprecatedAssertSyntax: true }],
    'deferredImportEvaluation',
    'sourcePhaseImports',
  );
  // The TypeScript plugin tries readings and drops the ones that fail (`a < b` is first read as type
  // arguments): each failure builds a SyntaxError, whose stack trace nobody reads. Without the trace
  // an error costs a fraction; the limit is restored before anything else runs.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let file: ReturnType<typeof babel.parse>;
  try {
    file = babel.parse(text, {
      sourceType: 'unambiguous',
      plugins,
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowUndeclaredExports: true,
      allowSuperOutsideMethod: true,
      attachComment: false,
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const errors = (file.errors ?? []).map((e) => {
    const err = e as unknown as { message?: string; pos?: number; reasonCode?: string };
    return { message: String(err.message ?? e).replace(/\.? \(\d+:\d+\)$/, ''), pos: err.pos ?? 0, reasonCode: err.reasonCode };
  });
  return { program: file.program as unknown as Node, comments: (file.comments ?? []) as unknown as Node[], errors };
}

/** Keys the walk never enters: positions and parser notes, a hashbang line, and TypeScript type annotations (no SQL is in a type). */
const SKIPPED_KEYS = new Set([
  'loc',
  'interpreter',
  'extra',
  'range',
  'comments',
  'errors',
  'start',
  'end',
  'type',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeParameters',
]);

/** The keys of `SKIPPED_KEYS` that hold TypeScript types, which a walk `withTypes` enters. */
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeParameters']);
const SKIPPED_KEYS_WITH_TYPES = new Set([...SKIPPED_KEYS].filter((k) => !TYPE_KEYS.has(k)));

/** `BABEL_CHILD_KEYS` without the keys the walk never enters. */
const CHILD_KEYS = new Map(Object.entries(BABEL_CHILD_KEYS).map(([type, keys]) => [type, keys.filter((k) => !SKIPPED_KEYS.has(k))]));
const CHILD_KEYS_WITH_TYPES = new Map(Object.entries(BABEL_CHILD_KEYS).map(([type, keys]) => [type, keys.filter((k) => !SKIPPED_KEYS_WITH_TYPES.has(k))]));

/**
 * Visits every node (iteratively: deep nesting cannot overflow the stack), each parent before its
 * children, through each node type's child keys (`babelKeys.ts`; every own key of a type not listed
 * there), leaving out `SKIPPED_KEYS` (its TypeScript type keys entered when `withTypes`: a walk
 * for the names the file refers to, as in `typeof uuid`).
 */
export function walk(root: Node, visit: (n: Node, parent: Node | undefined) => void, withTypes = false): void {
  const childKeys = withTypes ? CHILD_KEYS_WITH_TYPES : CHILD_KEYS;
  const skipped = withTypes ? SKIPPED_KEYS_WITH_TYPES : SKIPPED_KEYS;
  // Two parallel stacks (no pair or child-list objects per node: this walk visits every node of
  // the file). Siblings come out last first: nothing here depends on their order.
  const nodes: Node[] = [root];
  const parents: (Node | undefined)[] = [undefined];
  const enter = (v: unknown, parent: Node): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const c of v) {
        if (c && typeof c === 'object' && typeof c.type === 'string') {
          nodes.push(c);
          parents.push(parent);
        }
      }
    } else if (typeof (v as Node).type === 'string') {
      nodes.push(v as Node);
      parents.push(parent);
    }
  };
  while (nodes.length > 0) {
    const n = nodes.pop()!;
    visit(n, parents.pop());
    // A listed node type: only its child keys (about 2.5 times faster than enumerating every key).
    const keys = childKeys.get(n.type);
    if (keys !== undefined) for (let i = 0; i < keys.length; i++) enter(n[keys[i]], n);
    else for (const key in n) if (!skipped.has(key)) enter(n[key], n);
  }
}

/** The name of a member expression's property (`a.b`, `a['b']`); undefined for a computed one. */
export function memberName(expr: Node): string | undefined {
  const p = expr.property;
  if (!expr.computed && p?.type === 'Identifier') return p.name;
  if (p?.type === 'StringLiteral') return p.value;
  return undefined;
}

/** The module of `require('m')`, `await require('m')` or `await import('m')`; undefined for anything else. */
export function moduleOfRequire(n: Node | undefined): string | undefined {
  if (n?.type === 'AwaitExpression') n = n.argument;
  if (
    n?.type === 'CallExpression' &&
    n.arguments[0]?.type === 'StringLiteral' &&
    (n.callee.type === 'Import' || (n.callee.type === 'Identifier' && n.callee.name === 'require'))
  )
    return n.arguments[0].value;
  return undefined;
}

/** The nodes of a host file the extraction looks at, gathered in one walk. */
export interface Gathered {
  imports: Node[];
  declarators: { node: Node; parent: Node | undefined }[];
  tagged: Node[];
  calls: Node[];
  /** String and template literals by start offset (for `/* sql *\/` markers). */
  literals: Map<number, Node>;
  textSpans: { start: number; end: number }[];
}

export function gather(program: Node): Gathered {
  const g: Gathered = { imports: [], declarators: [], tagged: [], calls: [], literals: new Map(), textSpans: [] };
  walk(program, (n, parent) => {
    switch (n.type) {
      case 'ImportDeclaration':
        g.imports.push(n);
        break;
      case 'VariableDeclarator':
        g.declarators.push({ node: n, parent });
        break;
      case 'TaggedTemplateExpression':
        g.tagged.push(n);
        break;
      case 'CallExpression':
      case 'OptionalCallExpression':
        g.calls.push(n);
        break;
      case 'StringLiteral':
      case 'TemplateLiteral':
        g.literals.set(n.start, n);
        g.textSpans.push({ start: n.start, end: n.end });
        break;
      case 'JSXText':
      case 'JSXElement':
      case 'JSXFragment':
      case 'RegExpLiteral':
        g.textSpans.push({ start: n.start, end: n.end });
        break;
    }
  });
  return g;
}

/** The name an import specifier imports: `default`, `*` for a namespace, else the exported name. */
export function importedName(s: Node): string {
  return s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : (s.imported?.name ?? s.imported?.value);
}

/** The expression inside TypeScript's `as`, `!`, `satisfies` and parentheses. */
export function unwrap(n: Node): Node {
  while (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression')
    n = n.expression;
  return n;
}
