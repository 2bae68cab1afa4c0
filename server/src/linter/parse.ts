import { parse, Statement as AstStatement } from 'pgsql-ast-parser';
import { Statement } from './statements';

/** Statements longer than this (UTF-16 code units) are not parsed; the parser is super-linear. */
export const MAX_STATEMENT_LENGTH = 200_000;

export type ParseOutcome =
  | { ok: true; ast: AstStatement; /** Offset of the statement in the document; AST `_location`s are relative to it. */ base: number }
  | { ok: false; message: string; /** Document offset where the parser gave up, when known. */ errorOffset?: number };

/**
 * Parses one statement with pgsql-ast-parser (location tracking on). Before parsing, forms the
 * parser rejects but that cannot matter to any rule are masked with text of the same length, so
 * AST offsets stay exact: psql variables (`:name` → `$1   `), `E'…'` strings and dollar-quoted
 * bodies (→ a plain `'…'` literal). Never throws: parser errors come back as `{ ok: false }`.
 */
export function parseStatement(text: string, stmt: Statement): ParseOutcome {
  if (stmt.end - stmt.start > MAX_STATEMENT_LENGTH) {
    return { ok: false, message: `statement longer than ${MAX_STATEMENT_LENGTH} characters; not parsed` };
  }
  let masked = '';
  let pos = stmt.start;
  for (const t of stmt.tokens) {
    if (t.unterminated) continue;
    let replacement: string | undefined;
    if (t.kind === 'psqlVar') replacement = '$1'.padEnd(t.end - t.start, ' ');
    else if ((t.kind === 'string' && t.escape) || t.kind === 'dollarString') {
      replacement = `'${'x'.repeat(t.end - t.start - 2)}'`;
    }
    if (replacement !== undefined) {
      masked += text.slice(pos, t.start) + replacement;
      pos = t.end;
    }
  }
  masked += text.slice(pos, stmt.end);
  try {
    const asts = parse(masked, { locationTracking: true });
    if (asts.length !== 1) return { ok: false, message: `expected one statement, the parser found ${asts.length}` };
    return { ok: true, ast: asts[0], base: stmt.start };
  } catch (e) {
    const err = e as { message?: unknown; token?: { offset?: unknown } };
    const raw = typeof err?.message === 'string' ? err.message : String(e);
    // The parser's line/column are wrong after comments; keep the first line of its message.
    const message = raw.split('\n')[0].replace(/ at line \d+ col \d+:?$/, '').trim() || 'syntax error';
    const off = err?.token?.offset;
    return typeof off === 'number' ? { ok: false, message, errorOffset: stmt.start + off } : { ok: false, message };
  }
}
