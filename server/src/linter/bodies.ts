import { dollarBody, Token } from './lexer';
import { splitStatements, Statement } from './statements';
import { SigTokens } from './tokens';

/** Keywords that start an SQL statement inside a routine body. */
const SQL_START: ReadonlySet<string> = new Set(['select', 'insert', 'update', 'delete', 'with', 'alter', 'create', 'drop', 'truncate', 'merge', 'grant', 'revoke', 'comment']);

/** PL/pgSQL words after which an SQL statement may start (`BEGIN ALTER …`, `THEN INSERT …`, `RETURN QUERY SELECT …`). */
const BOUNDARY: ReadonlySet<string> = new Set(['begin', 'then', 'else', 'loop', 'query', 'execute', 'declare', 'exception']);

/**
 * The SQL statements inside the dollar-quoted bodies of `DO` blocks and of `CREATE FUNCTION |
 * PROCEDURE … AS $$ … $$` in `statements`, as statements with document offsets, so the rules
 * check them like top-level ones (drizzle-kit, for one, wraps foreign keys in `DO $$ BEGIN … END $$`).
 * In PL/pgSQL bodies, control flow (`BEGIN`, `IF … THEN`, `EXCEPTION WHEN …`) is skipped and each
 * piece is taken from its first SQL keyword; pieces with none are dropped. Nested bodies are
 * searched too. `comments`, when given, receives the comment tokens of the bodies (suppression
 * comments count there too).
 */
export function routineBodyStatements(text: string, statements: readonly Statement[], comments?: Token[]): Statement[] {
  const out: Statement[] = [];
  for (const stmt of statements) {
    const sig = new SigTokens(stmt.tokens);
    const isDo = sig.isWord(0, 'do');
    const isRoutine = sig.isWord(0, 'create') && sig.list.slice(1, 6).some((t) => t.kind === 'word' && (t.value === 'function' || t.value === 'procedure'));
    if (!isDo && !isRoutine) continue;
    for (let i = 0; i < sig.list.length; i++) {
      const t = sig.list[i];
      if (t.kind !== 'dollarString' || t.unterminated) continue;
      if (isRoutine && !sig.isWord(i - 1, 'as')) continue;
      const body = dollarBody(text, t);
      if (!body || body.end <= body.start) continue;
      const shifted = body.tokens;
      if (comments) for (const x of shifted) if (x.kind === 'lineComment' || x.kind === 'blockComment') comments.push(x);
      const nested = splitStatements(shifted).map(trimToSql).filter((s): s is Statement => s !== undefined);
      out.push(...nested, ...routineBodyStatements(text, nested, comments));
    }
  }
  return out;
}

/** The part of a body piece from its first SQL keyword that follows a PL/pgSQL boundary (or starts the piece). */
function trimToSql(piece: Statement): Statement | undefined {
  const sig = new SigTokens(piece.tokens);
  for (let k = 0; k < sig.list.length; k++) {
    const t = sig.list[k];
    if (t.kind !== 'word' || !SQL_START.has(t.value)) continue;
    if (k > 0 && !(sig.list[k - 1].kind === 'word' && BOUNDARY.has(sig.list[k - 1].value))) continue;
    const first = piece.tokens.indexOf(t);
    return { ...piece, start: t.start, tokens: piece.tokens.slice(first) };
  }
  return undefined;
}
