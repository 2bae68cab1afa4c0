/**
 * One statement parsed, by whichever of the two parsers reads it: the real Postgres grammar
 * (`pgGrammar.ts`, libpg-query) first once it is loaded, pgsql-ast-parser (`pgsqlAst.ts`) when it
 * is not yet or rejects the statement. Results are cached by statement text.
 */
import type { Statement as AstStatement } from 'pgsql-ast-parser';
import { AstLike, parsePostgres, isPostgresGrammarLoaded } from './pgGrammar';
import { parseWithPgsqlAst, relativeOffset } from './pgsqlAst';
import { Token, tokenize } from './lexer';
import { Statement, Substitution } from './statements';

/** Statements longer than this (UTF-16 code units) are not parsed; the parser is super-linear. */
export const MAX_STATEMENT_LENGTH = 100_000;

export type ParseOutcome =
  | {
      ok: true;
      /** pgsql-ast-parser's AST, or the Postgres grammar's tree converted to the same shape (see `pgGrammar.ts`). */
      ast: AstStatement | AstLike;
      /** Maps an offset of the text the parser saw (AST `_location`s) to a document offset. */
      toDoc: (offset: number) => number;
    }
  | { ok: false; message: string; /** Document offset where the parser gave up, when known. */ errorOffset?: number };

const UNTERMINATED: Partial<Record<Token['kind'], string>> = {
  string: 'quoted string',
  quotedIdent: 'quoted identifier',
  blockComment: '/* comment',
  dollarString: 'dollar-quoted string',
  psqlVar: 'psql variable',
};

/** A parse of a statement's text, with offsets relative to the statement's start. */
type RelativeParse =
  | { ok: true; ast: AstStatement | AstLike; /** [parserOffset, statementOffset, parserEndOfRewrite], sorted */ anchors: Array<[number, number, number]> }
  | { ok: false; message: string; errorAt?: number; /** Whether the Postgres grammar was tried (it may have been loaded since). */ postgresTried: boolean };

/** Parses per statement text, most recently used last; an edit re-parses only the statements it touched. */
const cache = new Map<string, RelativeParse>();
/** Entries kept (only statements that name an auth table are parsed, so this covers very large files). */
export const PARSE_CACHE_LIMIT = 10_000;

/**
 * The statement's text for the Postgres grammar (the real Postgres grammar needs no rewrite but
 * one): psql variables, which are not SQL, become a parameter or an identifier of the same length,
 * so offsets are the statement's own.
 */
function postgresText(text: string, stmt: Statement): string {
  let out = '';
  let pos = stmt.start;
  for (const t of stmt.tokens) {
    if (t.kind !== 'psqlVar' || t.unterminated) continue;
    const asIdent = t.value.startsWith(':"');
    out += text.slice(pos, t.start) + (asIdent ? 'v'.padEnd(t.end - t.start, '_') : '$1'.padEnd(t.end - t.start, ' '));
    pos = t.end;
  }
  return out + text.slice(pos, stmt.end);
}

/** Parses with the Postgres grammar, if loaded: its tree, or Postgres' own error and cursor. */
function parseWithPostgres(text: string, stmt: Statement): RelativeParse | undefined {
  const r = parsePostgres(postgresText(text, stmt));
  if (!r) return undefined;
  if (r.ok) return { ok: true, ast: r.ast, anchors: [] };
  return r.errorAt === undefined
    ? { ok: false, message: r.message, postgresTried: true }
    : { ok: false, message: r.message, errorAt: r.errorAt, postgresTried: true };
}

/**
 * Test hook: parse with pgsql-ast-parser first (the Postgres grammar only when it rejects), to
 * check that both parsers give the same findings. Clears the parse cache.
 */
export function preferPgsqlAstParser(on: boolean): void {
  pgsqlAstFirst = on;
  cache.clear();
}
let pgsqlAstFirst = false;

/**
 * What decides which parser parses a statement: the same statement text may parse differently once
 * this changes (the Postgres grammar finished loading, or the test hook above was used).
 */
export function parserState(): string {
  return `${isPostgresGrammarLoaded() ? 'postgres' : 'no-postgres'}${pgsqlAstFirst ? '-pgsql-ast-parser-first' : ''}${deferral ? '-deferred' : ''}`;
}

/** Set while `wouldParse` runs its probe: whether a statement was to be parsed meanwhile. */
let deferral: { wanted: boolean } | undefined;

/**
 * Whether `probe` (a lint of a text, say) parses any statement: runs it with parsing deferred, so
 * each statement that would be parsed before the Postgres grammar is loaded is answered "not
 * parsed" at once, without parsing and without caching. A front end that loads the Postgres grammar
 * only when a file needs it (the CLI) runs the probe first, then loads it when this is true, and
 * then checks the file for real; the probe's own results are to be thrown away. Once the Postgres
 * grammar is loaded, statements are parsed as usual (and this is true when any was).
 */
export function wouldParse(probe: () => void): boolean {
  const outer = deferral;
  const state = { wanted: false };
  deferral = state;
  try {
    probe();
  } finally {
    deferral = outer;
  }
  return state.wanted;
}

/**
 * The real Postgres grammar first, when loaded: it is 10–50 times faster than pgsql-ast-parser
 * (see the parser notes) and right by definition. pgsql-ast-parser parses what it rejects
 * (its tree converter may not know a node) and everything until it is loaded; when both reject,
 * Postgres' message and position are the better ones.
 */
function parseUncached(text: string, stmt: Statement): RelativeParse {
  if (!pgsqlAstFirst) {
    const pg = parseWithPostgres(text, stmt);
    if (pg?.ok) return pg;
    const depth = nestingDepth(stmt.tokens);
    if (depth > MAX_FALLBACK_NESTING) {
      // pgsql-ast-parser's time and memory grow with the nesting (about a millisecond a level; 20,000
      // levels took 18 s and 670 MB): Postgres' own verdict stands, or, without the grammar, none.
      return pg ?? { ok: false, message: `parentheses nested ${depth} levels deep; not parsed`, postgresTried: false };
    }
    const rel = viaPgsqlAst(text, stmt);
    return rel.ok ? rel : (pg ?? rel);
  }
  const rel = viaPgsqlAst(text, stmt);
  if (rel.ok) return rel;
  return parseWithPostgres(text, stmt) ?? rel;
}

/**
 * Deepest parenthesis nesting pgsql-ast-parser is given (a statement the Postgres grammar rejected,
 * or one parsed before it is loaded): its search costs about a millisecond per level. Real SQL
 * stays far below; Postgres itself stops at 10,000 levels ("memory exhausted", its parser's stack).
 */
export const MAX_FALLBACK_NESTING = 64;

/** The deepest nesting of parentheses and brackets among `tokens`. */
function nestingDepth(tokens: readonly Token[]): number {
  let depth = 0;
  let max = 0;
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (t.value === '(' || t.value === '[') max = Math.max(max, ++depth);
    else if (t.value === ')' || t.value === ']') depth--;
  }
  return max;
}

/** Parses with pgsql-ast-parser (see `pgsqlAst.ts`). */
function viaPgsqlAst(text: string, stmt: Statement): RelativeParse {
  const r = parseWithPgsqlAst(text, stmt);
  return r.ok ? r : { ...r, postgresTried: false };
}

/**
 * Parses one statement: with the real Postgres grammar when it is loaded (`loadPostgresGrammar()`;
 * its tree converted to pgsql-ast-parser's shape), with pgsql-ast-parser (location tracking on,
 * after the rewrites in `pgsqlAst.ts`) when it is not or rejects the statement.
 * Results are cached by statement text (LRU, `PARSE_CACHE_LIMIT` entries), so re-linting a file
 * after an edit parses only the statements whose text changed. The returned AST is shared: do not
 * mutate it. Never throws: parser errors come back as `{ ok: false }` with the document offset
 * where the parser stopped (the parser's own line/column are wrong after comments; its token
 * offset is not).
 */
export function parseStatement(text: string, stmt: Statement): ParseOutcome {
  if (stmt.substitutions && stmt.substitutions.length > 0) return parseSubstituted(text, stmt, stmt.substitutions);
  if (stmt.end - stmt.start > MAX_STATEMENT_LENGTH) {
    return { ok: false, message: `statement longer than ${MAX_STATEMENT_LENGTH} characters; not parsed` };
  }
  // An unclosed string, quoted name, comment or dollar body is never valid SQL, and the rest of the
  // file inside it can send pgsql-ast-parser's search into super-linear time: report it, parse nothing.
  const open = stmt.tokens.find((t) => t.unterminated);
  if (open)
    return {
      ok: false,
      message: `unterminated ${UNTERMINATED[open.kind] ?? 'token'}: the rest of the text is inside it, so nothing after it was checked`,
      errorOffset: open.start,
    };
  if (deferral) {
    deferral.wanted = true;
    if (!isPostgresGrammarLoaded()) return { ok: false, message: 'not parsed: the Postgres parser is not loaded yet' };
  }
  const key = text.slice(stmt.start, stmt.end);
  let rel = cache.get(key);
  // A failure cached before the Postgres grammar was loaded is retried with it.
  if (rel && !rel.ok && !rel.postgresTried && isPostgresGrammarLoaded()) {
    cache.delete(key);
    rel = undefined;
  }
  if (rel) cache.delete(key);
  else {
    rel = parseUncached(text, stmt);
    if (cache.size >= PARSE_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, rel);
  const base = stmt.start;
  if (!rel.ok) return rel.errorAt === undefined ? { ok: false, message: rel.message } : { ok: false, message: rel.message, errorOffset: base + rel.errorAt };
  const anchors = rel.anchors;
  return { ok: true, ast: rel.ast, toDoc: (o) => base + relativeOffset(anchors, o) };
}

/**
 * Parses a statement with `Statement.substitutions`: the statement's text with them applied, lexed
 * again (a blanked `INTO v` is whitespace there), parsed as a statement of its own; offsets moved
 * back to the document (the substitutions keep lengths).
 */
function parseSubstituted(text: string, stmt: Statement, substitutions: readonly Substitution[]): ParseOutcome {
  let src = '';
  let pos = stmt.start;
  for (const s of substitutions) {
    if (s.start < pos || s.end > stmt.end || s.text.length !== s.end - s.start) continue;
    src += text.slice(pos, s.start) + s.text;
    pos = s.end;
  }
  src += text.slice(pos, stmt.end);
  const local = parseStatement(src, { start: 0, end: src.length, tokens: tokenize(src) });
  const base = stmt.start;
  if (!local.ok) return local.errorOffset === undefined ? local : { ok: false, message: local.message, errorOffset: base + local.errorOffset };
  const toLocal = local.toDoc;
  return { ok: true, ast: local.ast, toDoc: (o) => base + toLocal(o) };
}
