import type { Statement as AstStatement } from 'pgsql-ast-parser';
import { AstLike, fallbackParse, isFallbackLoaded } from './fallback';
import { Token, tokenize } from './lexer';
import { Statement, Substitution } from './statements';
import { SigTokens } from './tokens';
import { partitionPoint } from './search';

/** Statements longer than this (UTF-16 code units) are not parsed; the parser is super-linear. */
export const MAX_STATEMENT_LENGTH = 100_000;

export type ParseOutcome =
  | {
      ok: true;
      /** pgsql-ast-parser's AST, or the fallback parser's tree converted to the same shape (see `fallback.ts`). */
      ast: AstStatement | AstLike;
      /** Maps an offset of the text the parser saw (AST `_location`s) to a document offset. */
      toDoc: (offset: number) => number;
    }
  | { ok: false; message: string; /** Document offset where the parser gave up, when known. */ errorOffset?: number };

/** A replacement of document range [start, end) in the text handed to the parser. */
interface Rewrite {
  start: number;
  end: number;
  text: string;
}

/**
 * Rewrites that let pgsql-ast-parser accept Postgres forms it rejects (measured in the project's
 * parser notes) without changing anything a rule looks at:
 * - comments → spaces, and non-ASCII letters of unquoted names → `x` (pgsql-ast-parser 12 rejects
 *   non-ASCII text in both; Postgres accepts it); `$` in unquoted names → `x` (pgsql-ast-parser reads
 *   `a$$b` as the start of a dollar-quoted string and can search for minutes on the rest);
 * - psql variables `:name` → `$1` (a parameter), `E'…'` strings and `$tag$` bodies → a plain `'…'` literal;
 * - `IS [NOT] DISTINCT FROM` → `#` (a binary operator no rule treats as null-rejecting: both forms
 *   are true or false, never NULL); `WITH RECURSIVE` → `WITH`;
 * - foreign key tails: `NOT VALID`, `[NOT] DEFERRABLE`, `INITIALLY DEFERRED|IMMEDIATE` and the column
 *   list of `ON DELETE SET NULL (col)` are dropped; `REFERENCES t` without a column list gets `(id)`
 *   (only the parser sees it; ranges and insertion points come from our own tokens).
 */
function rewrites(stmt: Statement): Rewrite[] {
  const out: Rewrite[] = [];
  const blank = (a: Token, b: Token): void => {
    out.push({ start: a.start, end: b.end, text: ' '.repeat(b.end - a.start) });
  };
  for (const t of stmt.tokens) {
    if (t.unterminated) continue;
    if (t.kind === 'lineComment' || t.kind === 'blockComment') out.push({ start: t.start, end: t.end, text: ' '.repeat(t.end - t.start) });
    else if (t.kind === 'word' && /[^\x00-\x7f]|[$]/.test(t.value)) {
      out.push({ start: t.start, end: t.end, text: t.value.replace(/[^\x00-\x7f]|[$]/g, 'x') });
    } else if (t.kind === 'psqlVar') {
      // :"name" stands for an identifier, :name and :'name' for a value
      const asIdent = t.value.startsWith(':"');
      out.push({ start: t.start, end: t.end, text: asIdent ? 'v'.padEnd(t.end - t.start, '_') : '$1'.padEnd(t.end - t.start, ' ') });
    } else if ((t.kind === 'string' && t.escape) || t.kind === 'dollarString') {
      out.push({ start: t.start, end: t.end, text: `'${'x'.repeat(t.end - t.start - 2)}'` });
    }
  }
  const sig = new SigTokens(stmt.tokens);
  const L = sig.list;
  for (let i = 0; i < L.length; i++) {
    if (sig.isWord(i, 'is') && sig.isWord(i + 1, 'distinct') && sig.isWord(i + 2, 'from')) {
      out.push({ start: L[i].start, end: L[i + 2].end, text: '#' });
      i += 2;
    } else if (sig.isWord(i, 'is') && sig.isWord(i + 1, 'not') && sig.isWord(i + 2, 'distinct') && sig.isWord(i + 3, 'from')) {
      out.push({ start: L[i].start, end: L[i + 3].end, text: '#' });
      i += 3;
    } else if (sig.isWord(i, 'with') && sig.isWord(i + 1, 'recursive')) {
      blank(L[i + 1], L[i + 1]);
      i++;
    } else if (sig.isWord(i, 'not') && sig.isWord(i + 1, 'valid')) {
      blank(L[i], L[i + 1]);
      i++;
    } else if (sig.isWord(i, 'not') && sig.isWord(i + 1, 'deferrable')) {
      blank(L[i], L[i + 1]);
      i++;
    } else if (sig.isWord(i, 'deferrable')) {
      blank(L[i], L[i]);
    } else if (sig.isWord(i, 'initially') && sig.isWord(i + 1, 'deferred', 'immediate')) {
      blank(L[i], L[i + 1]);
      i++;
    } else if (sig.isWord(i, 'set') && sig.isWord(i + 1, 'null', 'default') && sig.isWord(i - 1, 'delete') && sig.isPunct(i + 2, '(')) {
      const close = sig.matchingParen(i + 2);
      if (close > 0) blank(L[i + 2], L[close]);
    } else if (sig.isWord(i, 'references')) {
      let j = i + 1;
      while (sig.isPunct(j + 1, '.')) j += 2;
      const name = L[j];
      if (name && (name.kind === 'word' || name.kind === 'quotedIdent') && !sig.isPunct(j + 1, '(')) {
        out.push({ start: name.end, end: name.end, text: ' (id)' });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

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
  | { ok: false; message: string; errorAt?: number; /** Whether the fallback parser was tried (it may have been loaded since). */ fallbackTried: boolean };

/** Parses per statement text, most recently used last; an edit re-parses only the statements it touched. */
const cache = new Map<string, RelativeParse>();
/** Entries kept (only statements that name an auth table are parsed, so this covers very large files). */
export const PARSE_CACHE_LIMIT = 10_000;

/** Maps a parser offset to a statement-relative offset: clamped into rewritten spans, shifted after them. */
function relativeOffset(anchors: ReadonlyArray<[number, number, number]>, o: number): number {
  const k = partitionPoint(anchors.length, (i) => anchors[i][0] <= o) - 1; // last anchor with parserOffset <= o
  if (k < 0) return o;
  // Two anchors can share a parser offset (a rewrite to nothing); the later one decides.
  const [p, d, pEnd] = anchors[k];
  return o < pEnd && pEnd > p ? d : d + (o - p);
}

/**
 * The statement's text for the fallback parser (the real Postgres grammar needs no rewrite but
 * one): psql variables, which are not SQL, become a parameter or an identifier of the same length,
 * so offsets are the statement's own.
 */
function fallbackText(text: string, stmt: Statement): string {
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

/** Parses with the fallback parser, if loaded: its tree, or Postgres' own error and cursor. */
function parseWithPostgres(text: string, stmt: Statement): RelativeParse | undefined {
  const r = fallbackParse(fallbackText(text, stmt));
  if (!r) return undefined;
  if (r.ok) return { ok: true, ast: r.ast, anchors: [] };
  return r.errorAt === undefined
    ? { ok: false, message: r.message, fallbackTried: true }
    : { ok: false, message: r.message, errorAt: r.errorAt, fallbackTried: true };
}

/**
 * Test hook: parse with pgsql-ast-parser first (the fallback parser only when it rejects), to
 * check that both parsers give the same findings. Clears the parse cache.
 */
export function preferPgsqlAstParser(on: boolean): void {
  pgsqlAstFirst = on;
  cache.clear();
}
let pgsqlAstFirst = false;

/**
 * What decides which parser parses a statement: the same statement text may parse differently once
 * this changes (the fallback parser finished loading, or the test hook above was used).
 */
export function parserState(): string {
  return `${isFallbackLoaded() ? 'postgres' : 'no-postgres'}${pgsqlAstFirst ? '-pgsql-ast-parser-first' : ''}${deferral ? '-deferred' : ''}`;
}

/** Set while `wouldParse` runs its probe: whether a statement was to be parsed meanwhile. */
let deferral: { wanted: boolean } | undefined;

/**
 * Whether `probe` (a lint of a text, say) parses any statement: runs it with parsing deferred, so
 * each statement that would be parsed before the fallback parser is loaded is answered "not
 * parsed" at once, without parsing and without caching. A front end that loads the fallback parser
 * only when a file needs it (the CLI) runs the probe first, then loads it when this is true, and
 * then checks the file for real; the probe's own results are to be thrown away. Once the fallback
 * parser is loaded, statements are parsed as usual (and this is true when any was).
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

/** pgsql-ast-parser, required on first use: a file with nothing to parse never loads its grammar. */
let pgsqlAst: typeof import('pgsql-ast-parser') | undefined;

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
    const rel = parseWithPgsqlAst(text, stmt);
    return rel.ok ? rel : (pg ?? rel);
  }
  const rel = parseWithPgsqlAst(text, stmt);
  if (rel.ok) return rel;
  return parseWithPostgres(text, stmt) ?? rel;
}

function parseWithPgsqlAst(text: string, stmt: Statement): RelativeParse {
  let parsed = '';
  let pos = stmt.start;
  const anchors: Array<[number, number, number]> = [];
  for (const r of rewrites(stmt)) {
    if (r.start < pos) continue; // overlapping rewrite: keep the first
    parsed += text.slice(pos, r.start);
    const at = parsed.length;
    parsed += r.text;
    anchors.push([at, r.start - stmt.start, parsed.length]);
    pos = r.end;
    anchors.push([parsed.length, r.end - stmt.start, parsed.length]);
  }
  parsed += text.slice(pos, stmt.end);
  try {
    pgsqlAst ??= require('pgsql-ast-parser') as typeof import('pgsql-ast-parser'); // eslint-disable-line @typescript-eslint/no-require-imports
    const asts = pgsqlAst.parse(parsed, { locationTracking: true });
    if (asts.length !== 1) return { ok: false, message: `expected one statement, the parser found ${asts.length}`, fallbackTried: false };
    return { ok: true, ast: asts[0], anchors };
  } catch (e) {
    const err = e as { message?: unknown; token?: { offset?: unknown } };
    const raw = typeof err?.message === 'string' ? err.message : String(e);
    const message =
      raw
        .split('\n')[0]
        .replace(/ at line \d+ col \d+:?$/, '')
        .trim() || 'syntax error';
    const off = err?.token?.offset;
    return typeof off === 'number'
      ? { ok: false, message, errorAt: relativeOffset(anchors, off), fallbackTried: false }
      : { ok: false, message, fallbackTried: false };
  }
}

/**
 * Parses one statement: with the real Postgres grammar when the fallback parser is loaded
 * (`loadFallbackParser()`; its tree converted to pgsql-ast-parser's shape), with pgsql-ast-parser
 * (location tracking on, after the rewrites above) when it is not or rejects the statement.
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
  if (open) return { ok: false, message: `unterminated ${UNTERMINATED[open.kind] ?? 'token'}`, errorOffset: open.start };
  if (deferral) {
    deferral.wanted = true;
    if (!isFallbackLoaded()) return { ok: false, message: 'not parsed: the Postgres parser is not loaded yet' };
  }
  const key = text.slice(stmt.start, stmt.end);
  let rel = cache.get(key);
  // A failure cached before the fallback parser was loaded is retried with it.
  if (rel && !rel.ok && !rel.fallbackTried && isFallbackLoaded()) {
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
