import { dollarBody, Token } from './lexer';
import { splitStatements, Statement, Substitution } from './statements';
import { SigTokens } from './tokens';
import { partitionPoint } from './search';

/** Keywords that start an SQL statement inside a routine body. */
const SQL_START: ReadonlySet<string> = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'with',
  'alter',
  'create',
  'drop',
  'truncate',
  'merge',
  'grant',
  'revoke',
  'comment',
]);

/** Keywords that start a query inside a PL/pgSQL expression's parentheses (`EXISTS (SELECT …)`, `n := (WITH … SELECT …)`). */
const SUBQUERY_START: ReadonlySet<string> = new Set(['select', 'with']);

/**
 * PL/pgSQL words after which an SQL statement may start (`BEGIN ALTER …`, `THEN INSERT …`,
 * `RETURN QUERY SELECT …`, `OPEN c FOR SELECT …`, `DECLARE c CURSOR FOR SELECT …`).
 */
const BOUNDARY: ReadonlySet<string> = new Set(['begin', 'then', 'else', 'loop', 'query', 'execute', 'declare', 'exception', 'for']);

/** Tokens a `FOR` target may take before `IN` (`r`, `a, b`, `rec.x`): the scan for `IN` stops there. */
const MAX_FOR_TARGET = 64;

/** The language of a DO block or routine body, as far as the statement says. */
type BodyLanguage = 'plpgsql' | 'sql' | 'other';

/**
 * The SQL statements inside the dollar-quoted bodies of `DO` blocks and of `CREATE FUNCTION |
 * PROCEDURE … AS $$ … $$` in `statements`, as statements with document offsets, so the rules
 * check them like top-level ones (drizzle-kit, for one, wraps foreign keys in `DO $$ BEGIN … END $$`).
 * In PL/pgSQL bodies (DO blocks without another `LANGUAGE`, routines with `LANGUAGE plpgsql`) the
 * queries PL/pgSQL runs are taken as the PL/pgSQL docs ("Basic Statements", "Control Structures")
 * define them: an SQL command from its first keyword to its `;` (an `INTO [STRICT] target` in it
 * is left to PL/pgSQL: the parsers see blanks there, see `Statement.substitutions`), `PERFORM
 * query` (read as `SELECT query`), the query of `FOR target IN query LOOP`, and each `(SELECT …)`
 * or `(WITH …)` inside an expression (`IF EXISTS (…) THEN`, `n := (…)`, `RETURN (…)`); control
 * flow (`BEGIN`, `IF … THEN`, `EXCEPTION WHEN …`) is skipped. In other bodies each piece is taken
 * from its first SQL keyword. Pieces with no query are dropped. Nested bodies are searched too.
 * `comments`, when given, receives the comment tokens of the bodies (suppression comments count
 * there too); `plpgsqlBodies`, when given, the tokens of each PL/pgSQL body (nested ones too), for
 * the `EXECUTE`s there (see `embedded.ts`).
 */
export function routineBodyStatements(text: string, statements: readonly Statement[], comments?: Token[], plpgsqlBodies?: Token[][]): Statement[] {
  const out: Statement[] = [];
  for (const stmt of statements) {
    const sig = new SigTokens(stmt.tokens);
    const isDo = sig.isWord(0, 'do');
    const isRoutine = sig.isWord(0, 'create') && sig.list.slice(1, 6).some((t) => t.kind === 'word' && (t.value === 'function' || t.value === 'procedure'));
    if (!isDo && !isRoutine) continue;
    const language = bodyLanguage(sig, isDo);
    for (let i = 0; i < sig.list.length; i++) {
      const t = sig.list[i];
      if (t.kind !== 'dollarString' || t.unterminated) continue;
      if (isRoutine && !sig.isWord(i - 1, 'as')) continue;
      const body = dollarBody(text, t);
      if (!body || body.end <= body.start) continue;
      const shifted = body.tokens;
      if (comments) for (const x of shifted) if (x.kind === 'lineComment' || x.kind === 'blockComment') comments.push(x);
      if (plpgsqlBodies && language === 'plpgsql') plpgsqlBodies.push(shifted);
      const pieces = splitStatements(shifted);
      const nested = language === 'plpgsql' ? pieces.flatMap(plpgsqlQueries) : pieces.map(trimToSql).filter((s): s is Statement => s !== undefined);
      out.push(...nested, ...routineBodyStatements(text, nested, comments, plpgsqlBodies));
    }
  }
  return out;
}

/** `LANGUAGE name` at the top level of a DO or CREATE FUNCTION | PROCEDURE statement; a DO block without one is PL/pgSQL. */
function bodyLanguage(sig: SigTokens, isDo: boolean): BodyLanguage {
  let depth = 0;
  for (let i = 0; i < sig.list.length - 1; i++) {
    if (sig.isPunct(i, '(')) depth++;
    else if (sig.isPunct(i, ')')) depth--;
    else if (depth === 0 && sig.isWord(i, 'language')) {
      const n = sig.list[i + 1];
      const name = n.kind === 'string' && !n.escape ? n.value.slice(1, -1).toLowerCase() : n.kind === 'word' || n.kind === 'quotedIdent' ? n.value : '';
      return name === 'plpgsql' ? 'plpgsql' : name === 'sql' ? 'sql' : 'other';
    }
  }
  return isDo ? 'plpgsql' : 'other';
}

/**
 * Whether the word at `k` is the target of a PL/pgSQL assignment (`comment := …`, `grant = …`,
 * also `v[1] :=` and `r.f :=`): a variable named like an SQL keyword, not an SQL command.
 */
function isAssignmentTarget(sig: SigTokens, k: number): boolean {
  let j = k + 1;
  // subscripts and field selections of the target
  for (;;) {
    if (sig.isPunct(j, '[')) {
      let depth = 0;
      for (; j < sig.list.length; j++) {
        if (sig.isPunct(j, '[')) depth++;
        else if (sig.isPunct(j, ']') && --depth === 0) break;
      }
      j++;
    } else if (sig.isPunct(j, '.') && sig.list[j + 1]?.kind === 'word') j += 2;
    else break;
  }
  // `:=` is lexed as `:` then `=`
  return (
    (sig.isPunct(j, ':') && sig.list[j + 1]?.kind === 'operator' && sig.list[j + 1].value === '=') ||
    (sig.list[j]?.kind === 'operator' && sig.list[j].value === '=')
  );
}

/** The part of a body piece from its first SQL keyword that follows a PL/pgSQL boundary (or starts the piece). */
function trimToSql(piece: Statement): Statement | undefined {
  const sig = new SigTokens(piece.tokens);
  for (let k = 0; k < sig.list.length; k++) {
    const t = sig.list[k];
    if (t.kind !== 'word' || !SQL_START.has(t.value) || isAssignmentTarget(sig, k)) continue;
    if (k > 0 && !(sig.list[k - 1].kind === 'word' && BOUNDARY.has(sig.list[k - 1].value))) continue;
    return slice(piece, t, sig.list[sig.list.length - 1], piece.semicolon);
  }
  return undefined;
}

/** The statement of `piece`'s tokens from `first` through `last` (significant tokens of it). */
function slice(piece: Statement, first: Token, last: Token, semicolon?: Token, substitutions?: Substitution[]): Statement {
  const a = tokenIndex(piece.tokens, first.start);
  const b = tokenIndex(piece.tokens, last.start);
  const s: Statement = { start: first.start, end: last.end, tokens: piece.tokens.slice(a, b + 1) };
  if (semicolon) s.semicolon = semicolon;
  if (substitutions && substitutions.length > 0) s.substitutions = substitutions;
  return s;
}

/** Index of the token starting at `offset` in `tokens` (sorted, covering their range). */
function tokenIndex(tokens: readonly Token[], offset: number): number {
  return Math.max(
    0,
    Math.min(
      tokens.length - 1,
      partitionPoint(tokens.length, (i) => tokens[i].start < offset),
    ),
  );
}

/** For each significant token that is a `(`, the index of its `)` (−1 when unclosed); computed in one pass. */
function matchingParens(sig: SigTokens): Int32Array {
  const match = new Int32Array(sig.list.length).fill(-1);
  const open: number[] = [];
  for (let k = 0; k < sig.list.length; k++) {
    if (sig.isPunct(k, '(')) open.push(k);
    else if (sig.isPunct(k, ')') && open.length > 0) match[open.pop()!] = k;
  }
  return match;
}

/**
 * The queries PL/pgSQL runs for one `;`-ended piece of a PL/pgSQL body (see
 * `routineBodyStatements`), in document order. Linear in the piece's tokens.
 */
function plpgsqlQueries(piece: Statement): Statement[] {
  const sig = new SigTokens(piece.tokens);
  const L = sig.list;
  const out: Statement[] = [];
  const match = matchingParens(sig);
  const atBoundary = (k: number): boolean => k === 0 || (L[k - 1].kind === 'word' && BOUNDARY.has(L[k - 1].value));
  let depth = 0; // parenthesis depth at token k
  let noLoop = false; // a search for a LOOP found none: none can follow a later FOR either
  let k = 0;
  while (k < L.length) {
    const t = L[k];
    if (t.kind === 'word' && depth === 0 && atBoundary(k)) {
      // An SQL command runs to the end of the piece.
      if (SQL_START.has(t.value) && !isAssignmentTarget(sig, k)) {
        out.push(slice(piece, t, L[L.length - 1], piece.semicolon, intoTarget(sig, k)));
        break;
      }
      // PERFORM query: a SELECT with PERFORM in place of SELECT (same length with a blank).
      if (t.value === 'perform' && k + 1 < L.length) {
        out.push(slice(piece, t, L[L.length - 1], piece.semicolon, [{ start: t.start, end: t.end, text: 'select'.padEnd(t.end - t.start, ' ') }]));
        break;
      }
    }
    // FOR target IN query LOOP (not `FOR i IN 1..10`, `FOR r IN EXECUTE …`), at depth 0.
    if (depth === 0 && sig.isWord(k, 'for')) {
      let j = k + 1;
      while (
        j < L.length &&
        j - k <= MAX_FOR_TARGET &&
        (L[j].kind === 'word' || L[j].kind === 'quotedIdent' || sig.isPunct(j, ',') || sig.isPunct(j, '.')) &&
        !sig.isWord(j, 'in')
      )
        j++;
      if (j > k + 1 && sig.isWord(j, 'in') && L[j + 1]?.kind === 'word' && SQL_START.has(L[j + 1].value)) {
        // The first LOOP at depth 0 after the query (depth clamped at 0, as above): each search
        // ends where the scan resumes, so the piece is searched once in all.
        let loop = -1;
        for (let m = j + 2, d = 0; m < L.length && !noLoop; m++) {
          if (sig.isPunct(m, '(') || sig.isPunct(m, '[')) d++;
          else if (sig.isPunct(m, ')') || sig.isPunct(m, ']')) d = Math.max(0, d - 1);
          else if (d === 0 && sig.isWord(m, 'loop')) {
            loop = m;
            break;
          }
        }
        if (loop < 0) noLoop = true;
        else {
          out.push(slice(piece, L[j + 1], L[loop - 1]));
          k = loop; // a statement may follow LOOP
          continue;
        }
      }
    }
    // (SELECT …) or (WITH …) inside an expression.
    if (sig.isPunct(k, '(') && L[k + 1]?.kind === 'word' && SUBQUERY_START.has(L[k + 1].value) && match[k] > k + 1) {
      out.push(slice(piece, L[k + 1], L[match[k] - 1]));
      k = match[k] + 1;
      continue;
    }
    if (sig.isPunct(k, '(') || sig.isPunct(k, '[')) depth++;
    else if (sig.isPunct(k, ')') || sig.isPunct(k, ']')) depth = Math.max(0, depth - 1);
    k++;
  }
  return out;
}

/**
 * The `INTO [STRICT] target [, …]` of a PL/pgSQL SQL command starting at significant token
 * `first`, blanked for the parsers: PL/pgSQL takes it out before handing the command to the SQL
 * parser (pl_gram.y `make_execsql_stmt`: the first `INTO` at any depth, not the one of `INSERT
 * INTO` or `MERGE INTO`, nor in `IMPORT FOREIGN SCHEMA`; the target is a variable, a record or row
 * variable, or a comma list of variables, possibly qualified). Undefined when there is none.
 */
function intoTarget(sig: SigTokens, first: number): Substitution[] | undefined {
  const L = sig.list;
  if (sig.isWord(first, 'import')) return undefined;
  for (let k = first; k < L.length; k++) {
    if (!sig.isWord(k, 'into') || sig.isWord(k - 1, 'insert', 'merge')) continue;
    let j = k + 1;
    if (sig.isWord(j, 'strict')) j++;
    let last = -1;
    for (;;) {
      const name = L[j];
      if (!name || (name.kind !== 'word' && name.kind !== 'quotedIdent')) break;
      let e = j;
      while (sig.isPunct(e + 1, '.') && (L[e + 2]?.kind === 'word' || L[e + 2]?.kind === 'quotedIdent')) e += 2;
      last = e;
      if (!sig.isPunct(e + 1, ',')) break;
      j = e + 2;
    }
    if (last < 0) return undefined;
    return [{ start: L[k].start, end: L[last].end, text: ' '.repeat(L[last].end - L[k].start) }];
  }
  return undefined;
}
