/**
 * pgsql-ast-parser: the parser a statement goes to when the Postgres grammar (`pgGrammar.ts`) is not
 * loaded yet or rejects it (`parse.ts` decides). Its AST is the shape the semantic model reads
 * (`model.ts`; the Postgres grammar's tree is converted to it). It rejects some forms Postgres
 * accepts: the rewrites below hand it an equivalent text, and `relativeOffset` maps its offsets back.
 */
import type { Statement as AstStatement } from 'pgsql-ast-parser';
import { Token } from './lexer';
import { partitionPoint } from './search';
import { Statement } from './statements';
import { SigTokens } from './tokens';

/**
 * What pgsql-ast-parser made of one statement, offsets relative to the statement's start: its AST and
 * the anchors `relativeOffset` maps its offsets with, or its message and where it stopped.
 */
export type PgsqlAstParse =
  | { ok: true; ast: AstStatement; /** [parserOffset, statementOffset, parserEndOfRewrite], sorted */ anchors: Array<[number, number, number]> }
  | { ok: false; message: string; errorAt?: number };

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

/** Maps a parser offset to a statement-relative offset: clamped into rewritten spans, shifted after them. */
export function relativeOffset(anchors: ReadonlyArray<[number, number, number]>, o: number): number {
  const k = partitionPoint(anchors.length, (i) => anchors[i][0] <= o) - 1; // last anchor with parserOffset <= o
  if (k < 0) return o;
  // Two anchors can share a parser offset (a rewrite to nothing); the later one decides.
  const [p, d, pEnd] = anchors[k];
  return o < pEnd && pEnd > p ? d : d + (o - p);
}

/** pgsql-ast-parser, required on first use: a file with nothing to parse never loads its grammar. */
let pgsqlAst: typeof import('pgsql-ast-parser') | undefined;

/**
 * Parses one statement with pgsql-ast-parser (location tracking on), after the rewrites above. Never
 * throws: a rejection comes back as `{ ok: false }` with the statement-relative offset of the token
 * it stopped at, when it names one.
 */
export function parseWithPgsqlAst(text: string, stmt: Statement): PgsqlAstParse {
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
    if (asts.length !== 1) return { ok: false, message: `expected one statement, the parser found ${asts.length}` };
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
    return typeof off === 'number' ? { ok: false, message, errorAt: relativeOffset(anchors, off) } : { ok: false, message };
  }
}
