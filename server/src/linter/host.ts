import type { DrizzleRelations, HostNameTarget, TextEdit, WorkspaceImports } from './types';
import { tokenize } from './lexer';
import { partitionPoint } from './search';
import { drizzleModel, mentionsDrizzleAuth, type DrizzleModel } from './drizzle';
import { gather, importedName, memberName, moduleOfRequire, parseHost, unwrap, type Gathered, type Node } from './babel';
import { nonStringValues } from './jsValues';

/**
 * SQL inside TypeScript and JavaScript files ("host files").
 *
 * A host file is checked through its *SQL view*: a text exactly as long as the host text, in which
 * every SQL region (a tagged template, or a string handed to a query call) keeps its SQL at the
 * same offsets and everything else is blanked (spaces; line breaks kept). So every offset the
 * engine computes on the SQL view is the same offset in the host file: ranges, hover and completion
 * need no mapping. Inside a region, each `${…}` becomes a parameter placeholder of the same width
 * (`$1` and spaces; `$01` for Prisma's, which it sends typed from the JavaScript value, `$001` when
 * that value is not a string: see `isTypedParameter` in `lexer.ts`) when its library sends it as a
 * value, or blanks when it is a fragment, an identifier or raw text we cannot see (the region is
 * then *opaque*: findings about something missing are dropped there, since the fragment may carry
 * it). In a Drizzle `sql` statement, a `${…}` that denotes a Neon Auth table object
 * (`${usersSync}`) or one of its columns (`${usersSync.deletedAt}`) is SQL Drizzle writes itself
 * (`"neon_auth"."users_sync"`, `"neon_auth"."users_sync"."deleted_at"`), longer than the `${…}`: it
 * becomes a *host name*, a placeholder identifier (`_0`, `_1`, …, see `HostName`) that the engine
 * resolves to that table or column (`LintOptions.hostNames`), and that messages and fix edits write
 * back as a `${…}` (`hostNamesWritten`). A region's closing delimiter becomes `;`, so regions never
 * run into each other; a host comment that holds `neon-auth-ignore` is kept (a `//` comment as
 * `--`).
 *
 * All offsets are 0-based UTF-16 code units into the host text, `end` exclusive.
 */

/** The host languages, by their VS Code / LSP language ids. */
import { HOST_LANGUAGES } from '../../../shared/protocol';

import { HOST_EXTENSIONS, type HostLanguage } from './constants';

export { HOST_LANGUAGES, HOST_EXTENSIONS, type HostLanguage };

export function isHostLanguage(id: string | undefined): id is HostLanguage {
  return id !== undefined && (HOST_LANGUAGES as readonly string[]).includes(id);
}

/** Whether a path names a TypeScript declaration file (`.d.ts`, `.d.mts`, `.d.cts`): directory searches skip them. */
export function isDeclarationFile(filePath: string): boolean {
  return /\.d\.[mc]?ts$/i.test(filePath);
}

/** The host language of a file path by its extension (a declaration file is TypeScript); undefined for other files. */
export function hostLanguageOfPath(filePath: string): HostLanguage | undefined {
  const m = /\.[a-z]+$/i.exec(filePath);
  return m ? HOST_EXTENSIONS[m[0].toLowerCase()] : undefined;
}

/** Build output and generated folders: host files in them are not the app's source (SQL files there still are). */
export const BUILD_DIRS: ReadonlySet<string> = new Set(['dist', 'build', 'out', 'coverage']);

/**
 * Whether a directory search checks a file of this name: its extension (lower-cased, with the dot)
 * is one of `extensions`, and a host file is not a declaration file nor inside a build folder
 * (`inBuildDir`: some folder on the way is one of `BUILD_DIRS`).
 */
export function isSearchedFile(name: string, inBuildDir: boolean, extensions: ReadonlySet<string>): boolean {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || !extensions.has(name.slice(dot).toLowerCase())) return false;
  if (name.toLowerCase().endsWith('.sql')) return true;
  return !inBuildDir && !isDeclarationFile(name) && hostLanguageOfPath(name) !== undefined;
}

/**
 * The pre-filter: whether a host text can hold anything the rules look at. Files that fail it are
 * never parsed. Matches the Neon Auth schemas and tables, the Drizzle export and the RLS helpers.
 */
export function mentionsNeonAuth(text: string): boolean {
  return /neon_auth|users_sync|usersSync|neon_identity|auth\.user_id|auth\.uid|authUid/.test(text);
}

/** How a region's text is written in the host, which decides how fix text is escaped. */
export type RegionQuote = '`' | "'" | '"';

/** One SQL region of a host file. */
export interface SqlRegion {
  /** Offsets of the SQL text: after the opening delimiter, before the closing one. */
  start: number;
  end: number;
  quote: RegionQuote;
  /** Ranges inside the region a fix must not touch: `${…}` substitutions and escape sequences. */
  protectedSpans: { start: number; end: number }[];
  /**
   * The `${…}` substitutions (each also a protected span), in order; `value` when sent as a
   * parameter; `typed` when that parameter is sent with a type taken from the JavaScript value, not
   * as `unknown` (Prisma's tags: a string is `text`), written `$0n` in the view (see
   * `isTypedParameter`; `$00n` when the file shows the value is a number, a bigint or a boolean, see
   * `isNonStringParameter`); `name` when it is a host name (the placeholder, a key of `HostView.names`).
   */
  substitutions: { start: number; end: number; value?: true; typed?: true; name?: string }[];
  /** Whether a `${…}` in the region is a fragment, an identifier or raw text we cannot see. */
  opaque: boolean;
  /** The library the region's tag or call was resolved to (`unknown` for a tag matched by its name). */
  library: string;
  /** How many parameters (`$1` … `$n`) the region's SQL names: its `${…}` that stand as parameters. */
  parameters: number;
  /** Whether the region is SQL because of how it starts (a string argument or a marked template), not because of its tag. */
  bySqlStart: boolean;
  /**
   * Where the call the literal is written for starts: a tagged template's tag, or the call a string
   * or template is an argument of (`pool.query(`), and from there the outermost call of which each
   * is a direct argument (`db.execute(` around `sql\`…\``); the literal's own start when it is no
   * argument (a `const` passed by name). A host `// neon-auth-ignore` comment on the line before
   * that call reaches the region (see `suppressions.ts` `applySuppressions`).
   */
  call: number;
  /**
   * Where escape sequences make the view differ from the host (see `copyDecoded`): for each such view
   * offset, in ascending order, the host range it stands for (an escape's span, or the one character
   * it was shifted from; padding stands for the empty range where it ends). Absent when the region
   * has no escape sequence.
   */
  offsets?: { view: number; start: number; end: number }[];
}

/** A host file's SQL view and what is needed to map edits back. */
export interface HostView {
  /** The SQL view: same length as the host text (see the module comment). */
  sqlText: string;
  /** Regions in ascending order. */
  regions: SqlRegion[];
  /** Ranges of host comments kept in the SQL view (`neon-auth-ignore` comments). */
  comments: { start: number; end: number; line: boolean }[];
  /** Ranges of host tokens that run across lines or hold text (strings, templates, comments, JSX, regular expressions). */
  textSpans: { start: number; end: number }[];
  /** Ranges of the host's `//` comments. */
  lineComments: { start: number; end: number }[];
  /**
   * The host parser's message when it rejected the file: nothing was extracted, unless `recovered`
   * (the lines `recoveredLines` blanked, see `blankErrorLine`, the rest parsed and extracted).
   */
  error?: { message: string; offset: number; recovered?: true };
  /** The file's Drizzle code, when an identifier in it denotes a Neon Auth table (see `drizzle.ts`). */
  drizzle?: DrizzleModel;
  /** The host names of the view (see `HostName`), by placeholder; absent when there is none. */
  names?: Record<string, HostName>;
  /** The escape sequences JavaScript does not accept in SQL literals, one per literal (see `InvalidEscape`); absent when there is none. */
  escapes?: InvalidEscape[];
}

/**
 * An escape sequence JavaScript does not accept (`\xZZ`, `\u{zz}`, `\x1`, `\8`) in a literal taken
 * as SQL, the first of its literal, at its host range (the backslash and what follows it as far as
 * the escape reads).
 */
export interface InvalidEscape {
  start: number;
  end: number;
  /**
   * In a tagged template, where it is legal JavaScript: the tag's cooked string for that part is
   * `undefined`, which the SQL libraries (the Neon driver, postgres.js, Prisma, Slonik) send as the
   * text `undefined`, or as nothing (Drizzle, @vercel/postgres): the SQL sent is not the SQL
   * written, so the template is not checked. Else (a string or an untagged template) it is a syntax
   * error (`message`, the host parser's): the file does not run as written; its SQL is still checked,
   * the escape read as `copyDecoded` reads it.
   */
  tagged: boolean;
  message?: string;
}

/**
 * A `${…}` of a Drizzle `sql` statement that denotes a Neon Auth table, a table the file defines, or a column of one, as the
 * SQL view writes it: a placeholder identifier, `_` and a decimal number (`_0`), unique in the view
 * and written nowhere in the host text, left-aligned in the `${…}` and padded with spaces (aligned
 * right when a `.` follows the `}`, so `${usersSync}.id` stays one qualified name). The
 * placeholder is what the engine sees; `schema`/`table`/`column` are what it resolves to.
 */
export interface HostName extends HostNameTarget {
  /** The SQL Drizzle writes for it (`"neon_auth"."users_sync"`, `"neon_auth"."users_sync"."deleted_at"`). */
  sql: string;
  /** The `${…}` as written in the host (`${usersSync}`), and its expression's source text (`usersSync`). */
  written: string;
  expr: string;
  /** For a table: column (as Postgres sees it) → the table object's property (`deleted_at` → `deletedAt`). */
  properties?: Record<string, string>;
}

// ───────────────────────────── parsing ─────────────────────────────

// ───────────────────────────── libraries ─────────────────────────────

/**
 * Modules whose named `sql` export is a tag (per each library's docs: Drizzle, Kysely, Slonik,
 * @vercel/postgres, sql-template-tag, @databases/pg), keyed by module name.
 */
const SQL_TAG_MODULES: Readonly<Record<string, string>> = {
  'drizzle-orm': 'drizzle',
  'drizzle-orm/sql': 'drizzle',
  kysely: 'kysely',
  slonik: 'slonik',
  '@vercel/postgres': 'vercel',
  'sql-template-tag': 'sql-template-tag',
  '@databases/pg': 'databases',
};

/** Factories whose result is a tag: `neon(url)` (@neondatabase/serverless) and `postgres(url)` (postgres.js). */
const TAG_FACTORIES: Readonly<Record<string, { name: string; library: string }>> = {
  '@neondatabase/serverless': { name: 'neon', library: 'neon' },
  postgres: { name: 'default', library: 'postgres' },
};

/** Methods whose first argument is SQL text (node-postgres, the Neon driver, postgres.js, Prisma, Drizzle). */
const TEXT_METHODS = new Set(['query', 'unsafe', 'execute', '$queryRawUnsafe', '$executeRawUnsafe', 'queryObject', 'queryArray']);

/** Methods of a tag whose callback receives a tag bound to one connection (postgres.js). */
const TRANSACTION_METHODS = new Set(['begin', 'reserve', 'savepoint']);

/** Prisma's raw tags: `prisma.$queryRaw\`…\``, `$executeRaw`; `Prisma.sql` builds a fragment. */
const PRISMA_TAGS = new Set(['$queryRaw', '$executeRaw', '$queryRawTyped']);

/** A first word a SQL statement can start with (for string arguments, which carry no tag). */
const SQL_START =
  /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*\(?\s*(select|insert|update|delete|with|create|alter|drop|grant|revoke|comment|truncate|merge|copy|do|call|explain|table|values)\b/i;

interface Binding {
  /** For an import: the module and the imported name (`default`, `*` for a namespace). */
  module?: string;
  imported?: string;
  /** The library a local tag (a `neon(…)`/`postgres(…)` result, or an imported `sql`) belongs to. */
  tag?: string;
  /** A same-file `const` holding a string or template, or a tagged template (a fragment). */
  init?: Node;
}

class Scope {
  readonly bindings = new Map<string, Binding>();

  tagOf(expr: Node | undefined): string | undefined {
    if (!expr) return undefined;
    if (expr.type === 'Identifier') {
      const b = this.bindings.get(expr.name);
      if (b?.tag) return b.tag;
      if (b?.module !== undefined && b.imported === 'sql' && SQL_TAG_MODULES[b.module]) return SQL_TAG_MODULES[b.module];
      // A tag named `sql` whose origin we cannot see (the app's own `@/lib/db`, `const sql = getSql()`),
      // also under another local name when the import says its name is `sql` (`import { sql as dsql } from '@/lib/db'`).
      if (expr.name === 'sql') return b?.module !== undefined && SQL_TAG_MODULES[b.module] ? SQL_TAG_MODULES[b.module] : 'unknown';
      return b?.module !== undefined && b.imported === 'sql' ? 'unknown' : undefined;
    }
    if (expr.type === 'MemberExpression' || expr.type === 'OptionalMemberExpression') {
      const prop = memberName(expr);
      if (prop !== undefined && PRISMA_TAGS.has(prop)) return 'prisma';
      const objectTag = this.tagOf(expr.object);
      if (prop === 'sql') {
        if (expr.object.type === 'Identifier' && expr.object.name === 'Prisma') return 'prisma';
        return objectTag ?? 'unknown'; // `client.sql\`…\`` (@vercel/postgres), `Prisma.sql`
      }
      // Slonik's `sql.unsafe\`…\``, `sql.fragment\`…\``; postgres.js / neon never tag with a member.
      if (objectTag === 'slonik' && (prop === 'unsafe' || prop === 'fragment')) return 'slonik';
      return undefined;
    }
    // `sql.type(schema)\`…\``, `sql.typeAlias('x')\`…\`` (Slonik).
    if (expr.type === 'CallExpression' && expr.callee.type === 'MemberExpression' && this.tagOf(expr.callee.object) === 'slonik') return 'slonik';
    // `sql<Row>\`…\`` parses as a tag with type arguments; an instantiation expression wraps it in TS 4.7+.
    if (expr.type === 'TSInstantiationExpression') return this.tagOf(expr.expression);
    return undefined;
  }
}

function collectBindings(g: Gathered): Scope {
  const scope = new Scope();
  for (const n of g.imports) {
    const module = n.source.value as string;
    for (const s of n.specifiers ?? []) {
      const imported = importedName(s);
      scope.bindings.set(s.local.name, { module, imported });
    }
  }
  for (const { node: n } of g.declarators) {
    const module = moduleOfRequire(n.init);
    if (module === undefined) continue;
    if (n.id.type === 'Identifier') scope.bindings.set(n.id.name, { module, imported: 'default' });
    else if (n.id.type === 'ObjectPattern') {
      for (const p of n.id.properties) {
        if (p.type === 'ObjectProperty' && p.value.type === 'Identifier') scope.bindings.set(p.value.name, { module, imported: p.key.name ?? p.key.value });
      }
    }
  }
  // Then locals made by a factory (`const sql = neon(url)`) and same-file constants.
  const declaredTwice = new Set<string>();
  for (const { node: n, parent } of g.declarators) {
    if (n.id.type !== 'Identifier' || !n.init) continue;
    const init = unwrap(n.init);
    const name = n.id.name as string;
    if (init.type === 'CallExpression') {
      // `neon(url)`, or through the module object: `pgs.neon(url)` after `import * as pgs` or `const pgs = require(…)`
      const callee = init.callee;
      const member = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' ? memberName(callee) : undefined;
      const b = callee.type === 'Identifier' ? scope.bindings.get(callee.name) : member !== undefined ? scope.bindings.get(callee.object.name) : undefined;
      const factory = b?.module !== undefined ? TAG_FACTORIES[b.module] : undefined;
      const made = member === undefined ? b?.imported === factory?.name : (b?.imported === '*' || b?.imported === 'default') && member === factory?.name;
      if (factory && made) {
        scope.bindings.set(name, { tag: factory.library });
        continue;
      }
    }
    const isConst = parent?.type === 'VariableDeclaration' && parent.kind === 'const';
    if (!isConst || !(init.type === 'StringLiteral' || init.type === 'TemplateLiteral' || init.type === 'TaggedTemplateExpression')) continue;
    // Scopes are not tracked: a name declared twice may be either one, so it resolves to neither.
    if (declaredTwice.has(name)) continue;
    if (scope.bindings.has(name)) {
      declaredTwice.add(name);
      if (scope.bindings.get(name)?.init) scope.bindings.delete(name);
      continue;
    }
    scope.bindings.set(name, { init });
  }
  // The transaction tag a callback receives: postgres.js `sql.begin(async (tx) => tx\`…\`)` (also
  // `reserve`, `savepoint`), Slonik's `pool.transaction(async (tx) => …)` is not a tag.
  for (const n of g.calls) {
    const callee = n.callee;
    if (callee.type !== 'MemberExpression' || !TRANSACTION_METHODS.has(memberName(callee) ?? '')) continue;
    const library = scope.tagOf(callee.object);
    if (library === undefined || library === 'slonik') continue;
    for (const arg of n.arguments) {
      const param = arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression' ? arg.params[0] : undefined;
      if (param?.type === 'Identifier') scope.bindings.set(param.name, { tag: library });
    }
  }
  return scope;
}

// ───────────────────────────── extraction ─────────────────────────────

/** A region found by the walk, before it is written into the SQL view. */
interface Site {
  node: Node; // StringLiteral or TemplateLiteral
  library: string;
  /** Taken because its text starts like SQL (see `SQL_START`). */
  bySqlStart?: boolean;
  /** Whether `${…}` are pasted into the text (an untagged template): they are unknown text. */
  pasted: boolean;
  /** See `SqlRegion.call`. */
  call: number;
}

/** Builds the SQL view of a host file. Never throws: a file the host parser rejects gives an empty view with `error`. */
/**
 * What a host file's workspace gives its check (see `LintOptions.workspaceImports` and
 * `LintOptions.workspaceRelations`); a file with any is checked even when it never names Neon Auth.
 */
export interface HostWorkspace {
  imports?: WorkspaceImports;
  relations?: DrizzleRelations;
}

/** The `HostWorkspace` of lint options; undefined when they give none. */
export function hostWorkspaceOf(options: { workspaceImports?: WorkspaceImports; workspaceRelations?: DrizzleRelations }): HostWorkspace | undefined {
  if (options.workspaceImports === undefined && options.workspaceRelations === undefined) return undefined;
  return { imports: options.workspaceImports, relations: options.workspaceRelations };
}

/** How many lines `hostView` blanks, one per failed parse, before it gives up on a file. */
const MAX_BLANKED_LINES = 3;

/**
 * `text` with the line holding offset `at` (a host parser's error position) blanked: every code
 * unit but line breaks a space, so every other offset is unchanged. Undefined when blanking the
 * line would not leave the rest of the file as it was written: its brackets (`(`, `[`, `{`) do not
 * close on it, or it holds a backtick (a template may run across lines) or opens or closes a block
 * comment, or the line is already blank.
 */
export function blankErrorLine(text: string, at: number): string | undefined {
  const start = text.lastIndexOf('\n', Math.max(at - 1, 0)) + 1;
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  // a comment opened or closed on it would move what is code and what is comment
  if (line.trim() === '' || line.includes('`') || line.includes('/*') || line.includes('*/')) return undefined;
  let depth = 0;
  for (const c of line) {
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  return text.slice(0, start) + line.replace(/[^\r]/g, ' ') + text.slice(end);
}

export function hostView(text: string, language: HostLanguage, workspace?: HostWorkspace): HostView {
  const blank = (): string => text.replace(/[^\r\n]/g, ' ');
  if (!mentionsNeonAuth(text) && workspace === undefined) return { sqlText: blank(), regions: [], comments: [], textSpans: [], lineComments: [] };
  let parsed: ReturnType<typeof parseHost> | undefined;
  // A syntax error on a line of its own (`const x = ;` while typing) costs that line, not the
  // file's SQL: the line is blanked (same length, so offsets stay) and the parse tried again.
  let error: HostView['error'];
  let source = text;
  for (let attempt = 0; parsed === undefined; attempt++) {
    try {
      parsed = parseHost(source, language);
    } catch (e) {
      const err = e as { message?: string; pos?: number };
      error ??= { message: String(err.message ?? e).replace(/ \(\d+:\d+\)$/, ''), offset: err.pos ?? 0 };
      const next = attempt < MAX_BLANKED_LINES ? blankErrorLine(source, err.pos ?? 0) : undefined;
      if (next === undefined) return { sqlText: blank(), regions: [], comments: [], textSpans: [], lineComments: [], error };
      source = next;
    }
  }
  if (error) error.recovered = true;
  const g = gather(parsed.program);
  const scope = collectBindings(g);
  const sites: Site[] = [];
  const textSpans = g.textSpans;
  const seen = new Set<Node>();
  // Each call's arguments, for `SqlRegion.call`: the outermost call of which `n` is (through calls) a direct argument.
  const argumentOf = new Map<Node, Node>();
  for (const c of g.calls) for (const a of c.arguments ?? []) argumentOf.set(a, c);
  const callOf = (n: Node): number => {
    for (let k = 0, up = argumentOf.get(n); up !== undefined && k < 64; k++, up = argumentOf.get(n)) n = up;
    return n.start;
  };
  const add = (node: Node | undefined, library: string): void => {
    if (!node || seen.has(node)) return;
    if (node.type === 'StringLiteral' || (node.type === 'TemplateLiteral' && node.expressions.length === 0)) {
      if (!SQL_START.test(literalText(node))) return;
      seen.add(node);
      sites.push({ node, library, pasted: false, bySqlStart: true, call: callOf(node) });
    } else if (node.type === 'TemplateLiteral') {
      if (!SQL_START.test(quasiText(node.quasis[0]))) return;
      seen.add(node);
      sites.push({ node, library, pasted: true, bySqlStart: true, call: callOf(node) });
    }
  };
  const resolveConst = (n: Node | undefined): Node | undefined => {
    if (n?.type === 'Identifier') {
      const init = scope.bindings.get(n.name)?.init;
      return init && init.type !== 'TaggedTemplateExpression' ? init : undefined;
    }
    return n;
  };
  for (const n of g.tagged) {
    const library = scope.tagOf(n.tag);
    if (library === undefined) continue;
    seen.add(n.quasi);
    sites.push({ node: n.quasi, library, pasted: false, call: callOf(n) });
  }
  for (const n of g.calls) {
    const callee = n.callee;
    const method = callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression' ? memberName(callee) : undefined;
    if (method === undefined || !TEXT_METHODS.has(method)) continue;
    const first = n.arguments[0];
    const library = method.startsWith('$') ? 'prisma' : (scope.tagOf(callee.object) ?? 'unknown');
    if (first?.type === 'ObjectExpression') {
      // node-postgres' `query({ text, values })`
      const textProp = first.properties.find((p: Node) => p.type === 'ObjectProperty' && !p.computed && (p.key.name ?? p.key.value) === 'text');
      add(resolveConst(textProp?.value), library);
    } else add(resolveConst(first), library);
  }
  // `/* sql */` before a template or string marks it as SQL.
  const comments: HostView['comments'] = [];
  const lineComments: HostView['lineComments'] = [];
  for (const c of parsed.comments) {
    textSpans.push({ start: c.start, end: c.end });
    if (c.type === 'CommentLine') lineComments.push({ start: c.start, end: c.end });
    if (c.type === 'CommentBlock' && /^\s*sql\s*$/i.test(c.value)) {
      let i = c.end;
      while (i < text.length && /\s/.test(text[i])) i++;
      add(g.literals.get(i), 'unknown');
    }
    if (/neon-auth-ignore/i.test(c.value)) comments.push({ start: c.start, end: c.end, line: c.type === 'CommentLine' });
  }
  sites.sort((a, b) => a.node.start - b.node.start);
  const drizzle =
    mentionsDrizzleAuth(text) || workspace !== undefined ? drizzleModel(text, parsed.program, g, workspace?.imports, workspace?.relations) : undefined;
  return {
    ...buildView(text, sites, comments, textSpans, scope, drizzle, parsed.errors, parsed.program.sourceType === 'module', nonStringValues(parsed.program)),
    lineComments,
    ...(drizzle ? { drizzle } : {}),
    ...(error ? { error } : {}),
  };
}

/**
 * Whether a recovered host parser error (by Babel's reason code) is an escape sequence JavaScript
 * rejects. A legacy octal escape (`'\\101'`) is one only in a module (strict code; Babel reports it
 * in a script too, where it is legal).
 */
function escapeError(reasonCode: string | undefined, module: boolean): boolean {
  return (
    reasonCode === 'InvalidEscapeSequence' ||
    reasonCode === 'InvalidEscapeSequenceTemplate' ||
    reasonCode === 'InvalidCodePoint' ||
    (reasonCode === 'StrictNumericEscape' && module)
  );
}

/** A string's value, or a template's first piece: cooked, or as written when an invalid escape leaves it no cooked value. */
function literalText(n: Node): string {
  return n.type === 'StringLiteral' ? n.value : quasiText(n.quasis[0]);
}

function quasiText(q: Node | undefined): string {
  return q?.value?.cooked ?? q?.value?.raw ?? '';
}

/** The host range of the escape sequence whose backslash is at `at` (inside a literal ending at `end`), as far as it reads. */
function escapeSpan(text: string, at: number, end: number): { start: number; end: number } {
  const m = /^\\(?:x[0-9a-fA-F]{0,2}|u\{[0-9A-Za-z]*\}?|u[0-9a-fA-F]{0,4}|[0-9]+|[\s\S])/.exec(text.slice(at, Math.min(end, at + 16)));
  return { start: at, end: at + (m ? m[0].length : 1) };
}

/** The first escape sequence of a template piece (host range `[start, end)`) that a template does not accept (a tagged one leaves it no cooked value). */
function firstInvalidEscape(text: string, start: number, end: number): { start: number; end: number } | undefined {
  for (let i = text.indexOf('\\', start); i >= 0 && i < end; i = text.indexOf('\\', i + 2)) {
    const span = escapeSpan(text, i, end);
    const esc = text.slice(span.start, span.end);
    const braced = /^\\u\{([0-9a-fA-F]+)\}$/.exec(esc);
    const valid = braced ? parseInt(braced[1], 16) <= 0x10ffff : /^\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|0|[^xu0-9])$/.test(esc);
    if (!valid) return span;
  }
  return undefined;
}

/**
 * The SQL view while `buildView` writes it: one UTF-16 code unit per host code unit, in a typed
 * array (a 1 MB host file is a million code units: an array of one-character strings, joined at the
 * end, cost several times the time and garbage).
 */
class ViewText {
  private constructor(readonly code: Uint16Array) {}

  /** The view of `text` with nothing taken: spaces, line breaks kept (U+2028/U+2029 end a JS line, and a `//` comment kept as `--`: a line break in the view too). */
  static blank(text: string): ViewText {
    const code = new Uint16Array(text.length).fill(32);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) code[i] = c;
      else if (c === 0x2028 || c === 0x2029) code[i] = 10;
    }
    return new ViewText(code);
  }

  /** The code unit at `i` as a string; '' outside the view. */
  at(i: number): string {
    return i >= 0 && i < this.code.length ? String.fromCharCode(this.code[i]) : '';
  }

  /** Writes `s` from offset `at` on (inside the view). */
  write(at: number, s: string): void {
    for (let k = 0; k < s.length; k++) this.code[at + k] = s.charCodeAt(k);
  }

  /** Blanks [start, end): spaces, line breaks kept. */
  blank(start: number, end: number): void {
    for (let i = start; i < end; i++) if (this.code[i] !== 10 && this.code[i] !== 13) this.code[i] = 32;
  }

  slice(start: number, end: number): string {
    let s = '';
    // String.fromCharCode takes its code units as arguments: a few thousand at a time.
    for (let i = start; i < end; i += 4096) s += String.fromCharCode.apply(null, this.code.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
    return s;
  }

  toString(): string {
    const code = this.code;
    // A decoder keeps every code unit but a lone surrogate (it writes U+FFFD): used when there is none.
    if (UTF16_LE === undefined) return this.slice(0, code.length);
    for (let i = 0; i < code.length; i++) {
      if ((code[i] & 0xf800) !== 0xd800) continue;
      if (code[i] < 0xdc00 && (code[i + 1] & 0xfc00) === 0xdc00)
        i++; // a pair
      else return this.slice(0, code.length);
    }
    return UTF16_LE.decode(code);
  }
}

/** A UTF-16 decoder for the platform's byte order, when it is little-endian (as on x86 and ARM) and the runtime has one. */
const UTF16_LE = typeof TextDecoder === 'function' && new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? new TextDecoder('utf-16le') : undefined;

function buildView(
  text: string,
  sites: Site[],
  comments: HostView['comments'],
  textSpans: HostView['textSpans'],
  scope: Scope,
  drizzle: DrizzleModel | undefined,
  errors: { message: string; pos: number; reasonCode?: string }[],
  module: boolean,
  nonString: (expr: Node) => boolean,
): Omit<HostView, 'lineComments'> {
  const out = ViewText.blank(text);
  const regions: SqlRegion[] = [];
  const escapes: InvalidEscape[] = [];
  const names: Record<string, HostName> = {};
  const nameOf = drizzle ? hostNames(text, drizzle) : undefined;
  let lastEnd = -1;
  for (const site of sites) {
    const n = site.node;
    if (n.start < lastEnd) continue; // nested in a region already taken (a fragment inside a template)
    if (n.type === 'TemplateLiteral' && !site.bySqlStart) {
      // A tagged template whose piece has no cooked value: what its tag sends is not what is written.
      const bad = n.quasis.find((q: Node) => q.value?.cooked == null);
      if (bad) {
        escapes.push({ ...(firstInvalidEscape(text, bad.start, bad.end) ?? { start: bad.start, end: bad.start }), tagged: true });
        lastEnd = n.end; // its fragments are not checked on their own either
        continue;
      }
    } else {
      // A string or untagged template JavaScript rejects (an invalid escape): noted, and checked as written.
      const pieces: Node[] = n.type === 'StringLiteral' ? [{ ...n, start: n.start + 1, end: n.end - 1 }] : n.quasis;
      const err = errors.find((e) => escapeError(e.reasonCode, module) && pieces.some((q) => q.start <= e.pos && e.pos <= q.end));
      if (err) {
        const piece = pieces.find((q) => q.start <= err.pos && err.pos <= q.end) as Node;
        const backslash = text.lastIndexOf('\\', err.pos);
        const span = backslash >= piece.start ? escapeSpan(text, backslash, piece.end) : { start: err.pos, end: err.pos };
        escapes.push({ ...span, tagged: false, message: err.message });
      }
    }
    const region: SqlRegion = {
      start: n.start + 1,
      end: n.end - 1,
      quote: text[n.start] as RegionQuote,
      protectedSpans: [],
      substitutions: [],
      opaque: false,
      library: site.library,
      bySqlStart: site.bySqlStart === true,
      parameters: 0,
      call: site.call,
    };
    const quotes = new Set<string>();
    // Drizzle's `sql` (or a `sql` tag of unseen origin) writing a statement: table objects are SQL names there.
    const named = nameOf !== undefined && !site.pasted && (site.library === 'drizzle' || site.library === 'unknown') && SQL_START.test(literalText(n));
    if (n.type === 'StringLiteral') copyDecoded(text, region.start, region.end, out, region, quotes);
    else {
      for (let q = 0; q < n.quasis.length; q++) {
        const quasi = n.quasis[q];
        copyDecoded(text, quasi.start, quasi.end, out, region, quotes);
        const expr = n.expressions[q];
        if (!expr) continue;
        // The `${` … `}` around the expression: from this quasi's end to the next quasi's start.
        const from = quasi.end;
        const to = n.quasis[q + 1].start;
        region.protectedSpans.push({ start: from, end: to });
        region.substitutions.push({ start: from, end: to });
        const name = named ? nameOf(expr, from, to) : undefined;
        if (name) {
          const at = text[to] === '.' ? to - name.placeholder.length : from;
          out.write(at, name.placeholder);
          region.substitutions[region.substitutions.length - 1].name = name.placeholder;
          names[name.placeholder] = name.name;
          continue;
        }
        const kind = site.pasted ? 'opaque' : classify(expr, site.library, scope, out, from);
        // An opaque `${…}` where an expression is expected (`IN ${sql(ids)}`, `= ${sql`…`}`,
        // `SELECT ${sql(columns)}`) stands as a parameter too, so the statement still parses and what
        // is visible around it is still checked; elsewhere (a clause after a table) it is blanked.
        // The region is opaque (findings about something missing are not reported) only when the
        // fragment stands where a condition or a clause could be: an operand or a select list cannot
        // hold a missing `deleted_at` filter or `ON DELETE`.
        if (kind === 'value') region.substitutions[region.substitutions.length - 1].value = true;
        const expression = kind === 'value' ? 'operand' : expressionExpected(out, from);
        if (kind !== 'value' && (expression === false || expression === 'condition')) region.opaque = true;
        if (expression !== false) {
          const count = regionParamCount(region);
          let n = `$${count}`;
          // Prisma sends a value typed by its JavaScript type (a string as text): marked `$0n` when it fits (see
          // `isTypedParameter`); `$00n` when the file shows it is a number, a bigint or a boolean (`isNonStringParameter`),
          // and else left untyped (no uuid cast can be offered for it).
          if (kind === 'value' && site.library === 'prisma') {
            const typed = nonString(expr) ? `$00${count}` : `$0${count}`;
            if (typed.length <= to - from) {
              n = typed;
              region.substitutions[region.substitutions.length - 1].typed = true;
            }
          }
          const ph = expression === 'list' && to - from >= n.length + 2 ? `(${n})` : n;
          out.write(from, ph.slice(0, to - from));
        }
      }
    }
    // Close the region: `;` where its closing delimiter is, so it never runs into the next one.
    const tail = tokenize(out.slice(region.start, region.end)); // the region's own SQL tokens
    const last = tail[tail.length - 1];
    if (tail.some((t) => t.unterminated)) {
      // A quote or comment never closed in the region: it would swallow the rest of the file.
      out.blank(region.start, region.end);
      continue;
    }
    // A `--` comment at the end would swallow the `;`: it is blanked (a suppression comment there
    // instead ends the region with a line break, so it keeps working).
    if (last?.kind === 'lineComment' || last?.kind === 'psqlMeta') {
      const at = region.start + last.start;
      if (last.kind === 'lineComment' && /neon-auth-ignore/i.test(last.value) && at > region.start && (out.at(at - 1) === ' ' || out.at(at - 1) === '\t'))
        out.write(at - 1, ';'); // the statement ends before the comment
      else out.blank(at, region.end);
    }
    out.write(n.end - 1, ';');
    regions.push(region);
    lastEnd = n.end;
  }
  for (const c of comments) {
    if (regions.some((r) => c.start < r.end && r.start < c.end)) continue;
    out.write(c.start, text.slice(c.start, c.end));
    if (c.line) out.write(c.start, '--');
    else {
      // SQL block comments nest; JS ones do not: a `/*` inside would leave the SQL comment open.
      for (let i = c.start + 2; i < c.end - 2; i++) {
        if (text[i] !== '/' || text[i + 1] !== '*') continue;
        out.write(i, i + 1 < c.end - 2 ? '  ' : ' ');
      }
    }
  }
  textSpans.sort((a, b) => a.start - b.start);
  return {
    sqlText: out.toString(),
    regions,
    comments,
    textSpans,
    ...(Object.keys(names).length > 0 ? { names } : {}),
    ...(escapes.length > 0 ? { escapes } : {}),
  };
}

/** Placeholders the host text already holds as words: a host name never takes one of them. */
const PLACEHOLDER_WORD = /(?<![\p{L}\p{N}_$])_\d+(?![\p{L}\p{N}_$])/gu;

/**
 * The host name maker of a file with Drizzle code (see `HostName`): for a `${expr}` at `[from, to)`
 * whose expression denotes a Neon Auth table object, a table the file defines, or a column of one, the next free placeholder
 * and what it stands for; undefined for any other expression, or when the `${…}` is too narrow for
 * the placeholder (then it is classified as before).
 */
function hostNames(text: string, drizzle: DrizzleModel): (expr: Node, from: number, to: number) => { placeholder: string; name: HostName } | undefined {
  const taken = new Set(text.match(PLACEHOLDER_WORD) ?? []);
  let next = 0;
  const quoted = (id: string): string => `"${id.replace(/"/g, '""')}"`;
  return (expr, from, to) => {
    const symbol = drizzle.symbolOf(expr);
    const column = symbol ? undefined : drizzle.columnOf(expr);
    const authTable = symbol ?? column?.symbol;
    // Else the app's own table or column, when the file defines the table (`${posts}`, `${posts.authorId}`).
    const appTable = authTable ? undefined : drizzle.appTableOf(expr);
    const appColumn = authTable || appTable ? undefined : drizzle.appColumnOf(expr);
    const table = authTable
      ? { schema: authTable.managed.schema as string | undefined, name: authTable.managed.name, columns: authTable.columns }
      : (appTable ?? appColumn?.table);
    if (!table) return undefined;
    while (taken.has(`_${next}`)) next++;
    const placeholder = `_${next}`;
    if (placeholder.length > to - from) return undefined;
    next++;
    const { schema, name: tableName } = table;
    const target = schema === undefined ? quoted(tableName) : `${quoted(schema)}.${quoted(tableName)}`;
    const common = { ...(schema === undefined ? {} : { schema }), table: tableName, written: text.slice(from, to), expr: text.slice(expr.start, expr.end) };
    const columnName = column?.column ?? appColumn?.column;
    const name: HostName =
      columnName !== undefined
        ? { ...common, column: columnName, sql: `${target}.${quoted(columnName)}` }
        : { ...common, sql: target, properties: Object.fromEntries([...table.columns].map(([property, col]) => [col, property])) };
    return { placeholder, name };
  };
}

/**
 * SQL text of the view (a message, a fix title, an edit's new text) with each host name written as
 * in the host: `_0.deleted_at` (a column of a table placeholder) as `${usersSync.deletedAt}` when the
 * table object has a property for that column, else as `${usersSync}.deleted_at`; `_0` alone as the
 * `${…}` it stands for. `escape` is applied to the text between them (`escapeForHost` for an edit).
 */
export function hostNamesWritten(view: HostView, sql: string, escape: (s: string) => string = (s) => s): string {
  const names = view.names;
  if (!names) return escape(sql);
  let out = '';
  let last = 0;
  for (const m of sql.matchAll(/(?<![\p{L}\p{N}_$])(_\d+)(?![\p{L}\p{N}_$])(?:\s*\.\s*([\p{L}_][\p{L}\p{N}_$]*|"(?:[^"]|"")*"))?/gu)) {
    const name = Object.hasOwn(names, m[1]) ? names[m[1]] : undefined;
    if (!name) continue;
    let written = name.written;
    let end = m.index + m[0].length;
    if (m[2] === undefined || name.column !== undefined) end = m.index + m[1].length;
    else {
      const column = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/""/g, '"') : m[2].toLowerCase();
      const property = name.properties?.[column];
      if (property !== undefined && /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(property)) written = `\${${name.expr}.${property}}`;
      else end = m.index + m[1].length;
    }
    out += escape(sql.slice(last, m.index)) + written;
    last = end;
  }
  return out + escape(sql.slice(last));
}

/**
 * A region's SQL as the host sends it: the view's text with each host name replaced by the SQL
 * Drizzle writes for it (not same-width: for running the SQL, not for offsets).
 */
export function renderedSql(view: HostView, region: SqlRegion): string {
  let out = '';
  let at = region.start;
  for (const s of region.substitutions) {
    const name = s.name !== undefined ? view.names?.[s.name] : undefined;
    if (!name) continue;
    out += view.sqlText.slice(at, s.start) + name.sql;
    at = s.end;
  }
  return out + view.sqlText.slice(at, region.end);
}

function regionParamCount(r: SqlRegion): number {
  return ++r.parameters;
}

/**
 * Copies the host text `[start, end)` of a string or template piece into the SQL view, decoded: the
 * view holds what the driver sends (each escape's value, never its spelling), and each escape's span
 * is protected. A JS escape is longer than its value, so the text after one is written shifted to the
 * left until the next place where spaces change nothing (outside SQL quotes, next to whitespace or to
 * `(`, `)`, `,`, `;`), where spaces pad the view back to the host's offsets; the piece's end is such
 * a place too. So `u.\u0069d FROM` is `u.id      FROM` in the view, and `\"user\" u` is `"user"   u`.
 * Where the view is shifted, `region.offsets` says which host range each view position stands for
 * (see `hostRange`). `quotes` tracks which quotes are open across the pieces of one region.
 */
function copyDecoded(text: string, start: number, end: number, out: ViewText, region: SqlRegion, quotes: Set<string>): void {
  const offsets = (region.offsets ??= []);
  const mapped = offsets.length;
  let v = start; // where the next character goes in the view: never after its host offset
  let prev = '';
  /** Spaces up to view offset `to`, standing for the empty host range at `at`. */
  const pad = (to: number, at = to): void => {
    for (; v < to; v++) {
      out.code[v] = 32; // ' '
      offsets.push({ view: v, start: at, end: at });
    }
  };
  for (let i = start; i < end;) {
    const ch = text.charCodeAt(i);
    if (v === i && ch !== 92 /* \\ */) {
      // Where the view is not shifted, a plain code unit goes where it is (no offset to note).
      out.code[v++] = ch;
      prev = text[i++];
      if (ch === 34 /* " */ || ch === 39 /* ' */) toggle(quotes, prev);
      continue;
    }
    let value = text[i];
    let width = 1;
    if (value === '\\') {
      const m = /^\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[0-7]{1,3}|[\s\S])/.exec(text.slice(i, Math.min(end, i + 64)));
      width = m ? m[0].length : 1;
      value = m ? unescape(m[0]) : '';
      region.protectedSpans.push({ start: i, end: i + width });
    }
    const first = value[0] ?? '';
    if (v < i && first !== '' && quotes.size === 0 && (/[\s(),;]/.test(first) || /[\s(),;]/.test(prev))) pad(i);
    // An escaped line break or tab (`\n`) is written at the end of its escape: the next line starts where the host's does.
    if (width > 1 && value !== '' && quotes.size === 0 && /^\s+$/.test(value)) pad(i + width - value.length, i);
    for (const c of value) {
      for (let k = 0; k < c.length; k++) {
        if (v !== i || width !== 1) offsets.push({ view: v, start: i, end: i + width });
        out.code[v++] = c.charCodeAt(k);
      }
      if (c === '"' || c === "'") toggle(quotes, c);
      prev = c;
    }
    i += width;
  }
  pad(end);
  if (offsets.length === mapped && mapped === 0) delete region.offsets;
}

/**
 * The host range `[start, end)` of the view range `[start, end)` inside `region` (view offsets):
 * a position where an escape's value stands maps to the escape's host span (a start to its start,
 * an end to its end), one where the view is shifted (see `copyDecoded`) to its host offset, padding
 * to the host offset it pads up to; then widened to whole escapes and `${…}` where it starts or ends
 * inside one. Outside a region the range is the host's already.
 */
export function hostRange(region: SqlRegion | undefined, start: number, end: number): { start: number; end: number } {
  if (!region) return { start, end };
  const offsets = region.offsets;
  if (offsets) {
    const at = (p: number): { view: number; start: number; end: number } | undefined => {
      const k = partitionPoint(offsets.length, (j) => offsets[j].view < p);
      return offsets[k]?.view === p ? offsets[k] : undefined;
    };
    const empty = start === end;
    start = at(start)?.start ?? start;
    end = empty ? start : (at(end - 1)?.end ?? end);
  }
  for (const p of region.protectedSpans) {
    if (p.start < start && start < p.end) start = p.start;
    if (p.start < end && end < p.end) end = p.end;
  }
  return { start, end: Math.max(start, end) };
}

function toggle(set: Set<string>, q: string): void {
  if (set.has(q)) set.delete(q);
  else set.add(q);
}

/**
 * The value of a JS escape sequence, as text the SQL view may hold: a control character (NUL from
 * `\\0`, an invalid `\\u`/`\\x` in a tagged template, a code point past U+10FFFF) becomes a space,
 * never a character that would make the view look binary.
 */
function unescape(esc: string): string {
  const v = rawUnescape(esc);
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v) ? ' ' : v;
}

function rawUnescape(esc: string): string {
  const c = esc[1];
  switch (c) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case '\n':
    case '\r':
      return ''; // a line continuation
    case 'u': {
      const code = parseInt(esc[2] === '{' ? esc.slice(3, -1) : esc.slice(2), 16);
      return Number.isNaN(code) || code > 0x10ffff ? ' ' : String.fromCodePoint(code);
    }
    case 'x': {
      const code = parseInt(esc.slice(2), 16);
      return Number.isNaN(code) ? ' ' : String.fromCharCode(code);
    }
    default:
      if (/[0-7]/.test(c)) return String.fromCharCode(parseInt(esc.slice(1), 8));
      return c;
  }
}

/** Words after which SQL expects an operand (a value, a column list: never a whole condition). */
const OPERAND_AFTER = new Set([
  'select',
  'by',
  'when',
  'then',
  'else',
  'values',
  'set',
  'limit',
  'offset',
  'like',
  'ilike',
  'is',
  'any',
  'all',
  'returning',
  'distinct',
  'between',
]);
/** Words after which SQL expects a condition (which a fragment could extend with a missing filter). */
const CONDITION_AFTER = new Set(['where', 'and', 'or', 'not', 'on', 'having']);

/**
 * What the SQL written before offset `at` of the view expects: `'list'` after `IN` (a
 * parenthesised list), `'operand'` after an operator, `,` or a word of `OPERAND_AFTER`,
 * `'condition'` after `(` or a word of `CONDITION_AFTER`, false elsewhere (after a name or a `)`: a
 * clause may follow).
 */
function expressionExpected(out: ViewText, at: number): 'list' | 'operand' | 'condition' | false {
  const i = lastSignificant(out, at - 1);
  if (i < 0) return false;
  if (out.at(i) === '(') return 'condition';
  if ('=<>,+-*/|'.includes(out.at(i))) return 'operand';
  let w = i;
  while (w >= 0 && /[A-Za-z_]/.test(out.at(w))) w--;
  const word = out.slice(w + 1, i + 1).toLowerCase();
  if (word === 'in') return 'list';
  return OPERAND_AFTER.has(word) ? 'operand' : CONDITION_AFTER.has(word) ? 'condition' : false;
}

/**
 * The offset of the last code unit at or before `i` of the view that is neither whitespace nor in
 * a block comment (`/* … *\/`, nested ones too): what the SQL before a `${…}` ends with, so a
 * comment before it (a `neon-auth-ignore` one put there by *Disable for this line*) changes
 * nothing. -1 when there is none.
 */
function lastSignificant(out: ViewText, i: number): number {
  for (;;) {
    while (i >= 0 && /\s/.test(out.at(i))) i--;
    if (i < 1 || out.at(i) !== '/' || out.at(i - 1) !== '*') return i;
    // back to the `/*` that opens it
    let depth = 0;
    let k = i;
    for (; k >= 1; k--) {
      if (out.at(k) === '/' && out.at(k - 1) === '*') {
        depth++;
        k--;
      } else if (out.at(k) === '*' && out.at(k - 1) === '/') {
        depth--;
        k--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) return i; // not a comment after all
    i = k - 1;
  }
}

/** Words after which a `${…}` stands for a relation name, not a value. */
const RELATION_POSITION = new Set(['from', 'join', 'into', 'update', 'table', 'references', 'only']);

/**
 * What a `${expr}` is, by its library's meaning (see ../shared/notes/embedded-sql.md §1.2): a
 * `value` sent as a parameter, or `opaque` (a fragment, identifier, helper or raw text).
 */
function classify(expr: Node, library: string, scope: Scope, out: ViewText, at: number): 'value' | 'opaque' {
  if (library === 'vercel') return 'value'; // every substitution is a parameter
  // Whatever the library, a relation name written as `${x}` (Drizzle's `${usersSync}`) is not a value.
  const i = lastSignificant(out, at - 1);
  if (out.at(i) === '.') return 'opaque';
  let w = i;
  while (w >= 0 && /[A-Za-z_]/.test(out.at(w))) w--;
  if (RELATION_POSITION.has(out.slice(w + 1, i + 1).toLowerCase())) return 'opaque';
  return isFragment(expr, scope) ? 'opaque' : 'value';
}

function isFragment(expr: Node, scope: Scope): boolean {
  switch (expr.type) {
    case 'TaggedTemplateExpression':
      return true;
    case 'CallExpression':
    case 'OptionalCallExpression': {
      // `sql(cols)`, `sql.unsafe(x)`, `Prisma.join(ids)`, `sql.raw(x)`, `sql.identifier([...])`,
      // Drizzle's `and(…)`/`eq(…)`: helpers that build SQL. A plain function's result is a value,
      // but we cannot tell them apart: opaque is the side that never reports a wrong finding.
      return true;
    }
    case 'ConditionalExpression':
      return isFragment(expr.consequent, scope) || isFragment(expr.alternate, scope);
    case 'LogicalExpression':
      return isFragment(expr.left, scope) || isFragment(expr.right, scope);
    case 'Identifier': {
      const init = scope.bindings.get(expr.name)?.init;
      return init?.type === 'TaggedTemplateExpression';
    }
    case 'MemberExpression': {
      // `Prisma.empty`, `sql.empty`
      const prop = memberName(expr);
      return prop === 'empty' && (scope.tagOf(expr.object) !== undefined || (expr.object.type === 'Identifier' && expr.object.name === 'Prisma'));
    }
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
    case 'ParenthesizedExpression':
      return isFragment(expr.expression, scope);
    default:
      return false;
  }
}

/** SQL keywords that may stand before a word (`IS NUL`, `FROM x`): a word after one is no sign of prose. */
const KEYWORDS_BEFORE_WORD = new Set(
  (
    'all and any as asc between by cascade check column constraint create cross default delete desc distinct do drop else end except exists first for from ' +
    'full function grant group having if ilike in index inner insert intersect into is join key last lateral left like limit natural not null nulls of ' +
    'offset on only or order outer policy primary references returning revoke right schema select set table then to trigger union unique update using ' +
    'values view when where with'
  ).split(' '),
);

/**
 * Whether the parse error at view offset `at` is in a region taken only for how it starts (a string
 * argument of a query method, a template marked by a `sql` comment: `SqlRegion.bySqlStart`) and stops at the third
 * of three plain words in a row, none of the first two an SQL keyword (`… users_sync that are …`):
 * English text that happens to start with `Select`, not a statement; it is skipped quietly.
 */
export function proseAt(view: HostView, at: number): boolean {
  const region = regionAt(view, at);
  if (!region?.bySqlStart) return false;
  const tokens = tokenize(view.sqlText.slice(region.start, region.end)).filter(
    (t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment',
  );
  const k = tokens.findIndex((t) => t.start <= at - region.start && at - region.start < t.end);
  if (k < 2) return false;
  const [a, b, w] = tokens.slice(k - 2, k + 1);
  return (
    a.kind === 'word' &&
    b.kind === 'word' &&
    w.kind === 'word' &&
    !KEYWORDS_BEFORE_WORD.has(a.value.toLowerCase()) &&
    !KEYWORDS_BEFORE_WORD.has(b.value.toLowerCase())
  );
}

/**
 * Whether the parse error at view offset `at` is in a region that is an SQL expression, not a
 * statement: its first significant token is not a word, or not a word a statement starts with
 * (`sql\`(auth.user_id())\`` or `sql\`auth.user_id()\`` in a Drizzle
 * column's `.default(…)`, a `(… = …)` condition passed to `.where(…)`). A statement starts with a
 * keyword (a parenthesized query that parses is checked as usual); such a fragment is skipped quietly.
 */
export function expressionAt(view: HostView, at: number): boolean {
  const region = regionAt(view, at);
  if (!region) return false;
  const first = tokenize(view.sqlText.slice(region.start, region.end)).find(
    (t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment',
  );
  return first !== undefined && (first.kind !== 'word' || !STATEMENT_START.has(first.value.toLowerCase()));
}

/** Words a statement can start with (Postgres' SQL commands): a template that starts with another word is an expression (`auth.user_id()`). */
const STATEMENT_START = new Set(
  (
    'abort alter analyze begin call checkpoint close cluster comment commit copy create deallocate declare delete discard do drop end execute explain ' +
    'fetch grant import insert listen load lock merge move notify prepare reassign refresh reindex release reset revoke rollback savepoint security ' +
    'select set show start table truncate unlisten update vacuum values with'
  ).split(' '),
);

// ───────────────────────────── edits back into the host ─────────────────────────────

/** The region holding `[start, end)`, if the range is inside one (touching its ends counts). */
export function regionAt(view: HostView, start: number, end = start): SqlRegion | undefined {
  const r = view.regions[partitionPoint(view.regions.length, (i) => view.regions[i].end < start)];
  return r !== undefined && r.start <= start && end <= r.end ? r : undefined;
}

/** Escapes SQL text for the host literal it goes into. */
export function escapeForHost(sql: string, quote: RegionQuote): string {
  if (quote === '`') return sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return sql
    .replace(/\\/g, '\\\\')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * An edit of the SQL view as an edit of the host text: inside one region, clear of its `${…}` and
 * escape sequences, with the new text escaped for the region's quotes. Undefined when the edit
 * cannot be written there (it would cross a substitution or leave the region).
 */
export function hostEdit(view: HostView, edit: TextEdit): TextEdit | undefined {
  const r = regionAt(view, edit.start, edit.end);
  if (!r) return undefined;
  // View offsets to host offsets (they differ after an escape sequence, see `copyDecoded`).
  let { start, end } = r.offsets ? hostRange({ ...r, protectedSpans: [] }, edit.start, edit.end) : edit;
  let moved = false;
  for (const p of r.protectedSpans) {
    // A replacement from the padding after a placeholder on (`$1` then spaces up to the `}`) starts after the `}`.
    if (start < end && p.start < start && start < p.end && p.end < end && /^\s*$/.test(view.sqlText.slice(start, p.end))) start = p.end;
    if (start < end && start < p.end && p.start < end) return undefined; // replaces part of it
    if (start === end && p.start < start && start < p.end) {
      // An insertion in the padding after a placeholder (`$1` then spaces up to the `}`) goes after the `}`.
      if (!/^\s*$/.test(view.sqlText.slice(start, p.end))) return undefined;
      start = end = p.end;
      moved = true;
    }
  }
  // The padding it skipped separated it from the next word: keep them apart.
  const sep = moved && /[\w"$]$/.test(edit.newText) && /^[\w"$]/.test(view.sqlText.slice(start, start + 1)) ? ' ' : '';
  // In a '…' or "…" string a clause a fix puts on a line of its own (`clauseInsert`) keeps a plain
  // `\n` before it; with a lone `\r` or indentation (in the view, escapes leave padding blanks
  // between their characters) it follows after a blank instead: no half of a `\r\n` pair, no raw tab.
  const newText = r.quote === '`' || /^(?:\r\n|\n)(?=[A-Za-z])/.test(edit.newText) ? edit.newText : edit.newText.replace(/^(?:\r\n|\n|\r)[ \t]*/, ' ');
  return { start, end, newText: hostNamesWritten(view, newText + sep, (s) => escapeForHost(s, r.quote)) };
}

/** Whether `offset` is inside a region or a kept comment: where SQL completion and hover apply. */
export function inSqlPart(view: HostView, offset: number): boolean {
  if (regionAt(view, offset)) return true;
  return view.comments.some((c) => c.start <= offset && offset <= c.end);
}

/**
 * A comment appended where the line of `offset` ends, when that line ends inside a `${…}` of its
 * region (the expression runs on to the next line): written there it would land after the `}`, on
 * another line, and comment out the SQL that follows. Instead it goes on the line, as a block
 * comment in the SQL right before the `${` (`= /* neon-auth-ignore … *\/ ${`), where it suppresses
 * the line and changes nothing else. Any other edit is returned as it is.
 */
function beforeOpenSubstitution(view: HostView, edit: TextEdit, offset: number): TextEdit {
  const region = regionAt(view, offset);
  if (!region || edit.start !== edit.end) return edit;
  const sub = region.substitutions.find((s) => s.start < edit.start && edit.start < s.end);
  if (!sub || sub.start < offset) return edit;
  const body = edit.newText.replace(/^\s*(?:--|\/\*)\s*/, '').replace(/\s*(?:\*\/)?\s*$/, '');
  const space = /\s/.test(view.sqlText[sub.start - 1] ?? ' ') ? '' : ' ';
  return { start: sub.start, end: sub.start, newText: `${space}/* ${body} */ ` };
}

/**
 * Turns an edit that adds a suppression comment (computed on the SQL view) into one valid in the
 * host: inside a region it is SQL (escaped); in a kept host comment it is kept; elsewhere a `--`
 * comment becomes `//` at the end of the line when that line ends in code, else a block comment
 * right after the region that holds `offset`.
 */
export function hostCommentEdit(view: HostView, text: string, edit: TextEdit, offset: number): TextEdit {
  edit = beforeOpenSubstitution(view, edit, offset);
  const inRegion = hostEdit(view, edit);
  if (inRegion) return inRegion;
  if (view.comments.some((c) => c.start <= edit.start && edit.end <= c.end)) return edit;
  const comment = edit.newText.replace(/^(\s*)--/, '$1//');
  // A `//` comment already ends the line: the directive goes before it, as a block comment.
  const trailing = view.lineComments.find((c) => c.start < edit.start && edit.start <= c.end);
  if (trailing && edit.start === edit.end) {
    const body = edit.newText.replace(/^\s*--\s*/, '');
    return { start: trailing.start, end: trailing.start, newText: `/* ${body} */ ` };
  }
  const insideText = view.textSpans.some((s) => s.start < edit.start && edit.start < s.end);
  if (edit.start === edit.end && !insideText && !/^\s*\/\*/.test(edit.newText) && (edit.start === 0 || /[\r\n]/.test(text[edit.start] ?? '\n'))) {
    return { ...edit, newText: comment };
  }
  const r = regionAt(view, offset);
  const after = r ? r.end + 1 : edit.start;
  const body = edit.newText.replace(/^\s*(?:--|\/\*)\s*/, '').replace(/\s*(?:\*\/)?\s*$/, '');
  return { start: after, end: after, newText: ` /* ${body} */` };
}

/**
 * The SQL view of `text` from the view of the previous version `before`, without parsing, when the
 * change between them is an edit of SQL text inside one region: the changed range lies inside the
 * region, clear of its `${…}` and escape sequences, and neither the removed nor the inserted text
 * holds a character that could end the literal or start a substitution or escape (`` ` ``, the
 * region's quote, `\`, `$`, `{`, `}`, a line break in a '…' or "…" string). The region and the
 * ones after it move by the change in length; everything else is as before. Undefined otherwise (the
 * caller builds the view anew). The result equals `hostView(text, language)` in those cases.
 */
export function updatedHostView(before: { text: string; view: HostView }, text: string): HostView | undefined {
  const old = before.text;
  const view = before.view;
  // Drizzle code reads `sql` templates too (a `deleted_at` filter written in one): parse again.
  if (view.error || view.drizzle || view.escapes) return undefined;
  let prefix = 0;
  const max = Math.min(old.length, text.length);
  while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const removedEnd = old.length - suffix;
  const insertedEnd = text.length - suffix;
  const region = regionAt(view, prefix, removedEnd);
  if (!region) return undefined;
  // Taken for how it starts: an edit near the start could make it SQL no longer (or a const change which call it feeds).
  if (region.bySqlStart) return undefined;
  // Strictly inside: an edit touching the closing delimiter could change where the literal ends.
  if (removedEnd >= region.end && removedEnd !== prefix) return undefined;
  // Escape sequences shift the view (see `copyDecoded`): rebuild.
  if (region.offsets) return undefined;
  const removed = old.slice(prefix, removedEnd);
  const inserted = text.slice(prefix, insertedEnd);
  const unsafe = region.quote === '`' ? /[`\\${}]/ : /[\\'"\\$\n\r\u2028\u2029]/;
  if (unsafe.test(removed) || unsafe.test(inserted)) return undefined;
  for (const p of region.protectedSpans) if (prefix <= p.end && p.start <= removedEnd) return undefined;
  // A line comment or quote the edit opens or closes changes how the region ends (see buildView): rebuild.
  // (Comments in the region are rare: any makes it rebuilt, since a trailing `--` one is blanked.)
  if (/[-/*'"]/.test(removed + inserted) || /--|\/\*/.test(old.slice(region.start, region.end))) return undefined;
  const delta = inserted.length - removed.length;
  const shift = <T extends { start: number; end: number }>(s: T): T => (s.start >= removedEnd ? { ...s, start: s.start + delta, end: s.end + delta } : s);
  const regions = view.regions.map((r) =>
    r === region
      ? { ...r, end: r.end + delta, protectedSpans: r.protectedSpans.map(shift), substitutions: r.substitutions.map(shift) }
      : r.start >= removedEnd
        ? {
            ...r,
            start: r.start + delta,
            end: r.end + delta,
            call: r.call >= removedEnd ? r.call + delta : r.call,
            protectedSpans: r.protectedSpans.map(shift),
            substitutions: r.substitutions.map(shift),
            ...(r.offsets ? { offsets: r.offsets.map((o) => ({ view: o.view + delta, start: o.start + delta, end: o.end + delta })) } : {}),
          }
        : r,
  );
  return {
    sqlText: view.sqlText.slice(0, prefix) + inserted + view.sqlText.slice(removedEnd),
    regions,
    comments: view.comments.map(shift),
    textSpans: view.textSpans.map((s) => (s.start < prefix && removedEnd <= s.end ? { start: s.start, end: s.end + delta } : shift(s))),
    lineComments: view.lineComments.map(shift),
  };
}

/**
 * The value `${…}` of a host file that sit inside a quoted SQL string (`'…'`, `E'…'`, `$$…$$`) or a
 * quoted name (`"…"`) of their region, with that token's range: what `no-interpolation-in-sql-string`
 * reports. Offsets are the host's.
 */
export function hostStringSubstitutions(view: HostView): HostQuotedSubstitution[] {
  const out: HostQuotedSubstitution[] = [];
  for (const r of view.regions) {
    const values = r.substitutions.filter((s) => s.value);
    // Every kind of quoted string constant holds a `'` (`'…'`, `E'…'`, …) or opens with `$$`/`$tag$`, a quoted name a `"`: none, nothing to look at.
    if (values.length === 0 || !hasQuote(view.sqlText, r.start, r.end)) continue;
    const tokens = tokenize(view.sqlText.slice(r.start, r.end)).filter((t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment');
    tokens.forEach((t, i) => {
      if (t.kind !== 'string' && t.kind !== 'dollarString' && t.kind !== 'quotedIdent') return;
      const string = { start: r.start + t.start, end: r.start + t.end };
      const quotes = t.kind === 'quotedIdent' ? 'identifier' : 'string';
      const around = (k: number): string | undefined => (k >= 0 && k < tokens.length ? tokens[k].value.toLowerCase() : undefined);
      const [before, after] = [around(i - 1), around(i + 1)];
      for (const sub of values)
        if (string.start < sub.start && sub.end < string.end)
          out.push({ sub, string, quotes, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) });
    });
  }
  return out;
}

/** A value `${…}` inside quotes in a host file's SQL: the `${…}`, the quoted token around it, and whether that is a string constant or a quoted name (`"…"`). */
export interface HostQuotedSubstitution {
  sub: { start: number; end: number };
  string: { start: number; end: number };
  quotes: 'string' | 'identifier';
  /** The significant SQL tokens right before and after the quoted token, lower-cased (`like`, `=`, `)`); absent at the region's ends. */
  before?: string;
  after?: string;
}

/** Whether `text` may hold a quoted string constant or name in [start, end): a `'` or `"`, or a `$$` / `$tag$` opening. */
function hasQuote(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34) return true;
    // `$$` or `$tag$` opens a dollar-quoted string (a placeholder is `$` and digits)
    if (c === 36 && i + 1 < end && /[$A-Za-z_\u0080-\uffff]/.test(text[i + 1])) return true;
  }
  return false;
}
