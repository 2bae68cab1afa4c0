/**
 * A small, exact lexer for PostgreSQL text as people write it in migration and query files.
 *
 * It never throws and always covers the whole input: every UTF-16 code unit belongs to exactly
 * one token, so tokens can be used for precise ranges and insertion points. Unterminated
 * strings, comments and dollar-quoted bodies run to the end of the text and are flagged.
 *
 * Follows the lexical rules of the PostgreSQL docs ("Lexical Structure", sections 4.1.1–4.1.5)
 * plus psql's meta-commands (`\i file`, `\set x 1`, `… \gx`), variables (`:var`, `:'var'`, `:"var"`)
 * and the data lines of `COPY … FROM stdin` (as in pg_dump output).
 */

export type TokenKind =
  | 'whitespace'
  | 'lineComment' // -- … to end of line
  | 'blockComment' // /* … */, nested
  | 'string' // '…' with '' escapes; also E'…', B'…', X'…', U&'…', N'…'
  | 'dollarString' // $$…$$ or $tag$…$tag$
  | 'quotedIdent' // "…" with "" escapes, also U&"…"
  | 'word' // keyword or unquoted identifier
  | 'number'
  | 'param' // $1
  | 'psqlVar' // :name, :'name', :"name"
  | 'psqlMeta' // a backslash command to the end of its line, e.g. \i file.sql, or \gx after a query
  | 'copyData' // the data lines after `COPY … FROM stdin;`, through the `\.` line
  | 'operator' // + - * / < > = ~ ! @ # % ^ & | ` ? and :: casts
  | 'punct'; // ( ) [ ] , ; . :

export interface Token {
  kind: TokenKind;
  /** UTF-16 offset of the first code unit. */
  start: number;
  /** UTF-16 offset after the last code unit. */
  end: number;
  /** For `word`: the lower-cased text (how Postgres folds unquoted names). For `quotedIdent`: the unescaped name. Otherwise the raw text. */
  value: string;
  /** True for a string, comment, quoted identifier or dollar body that reaches the end of the text unclosed. */
  unterminated?: boolean;
  /** For `string`: true for E'…' strings, where backslash escapes apply. */
  escape?: boolean;
}

const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
const OPERATOR_CHARS = new Set('+-*/<>=~!@#%^&|`?'.split('').map((c) => c.charCodeAt(0)));

/** Splits `text` into tokens covering every code unit. Never throws. Linear in the text's length. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  // COPY … FROM stdin: after its `;`, the data lines up to `\.` are not SQL.
  let copyState: 'none' | 'copy' | 'stdin' = 'none';
  let firstWord = true;
  let prevWord = '';

  const push = (kind: TokenKind, start: number, end: number, value: string, extra?: Partial<Token>): void => {
    tokens.push({ kind, start, end, value, ...extra });
  };

  /** Reads a '…' body starting at the opening quote; returns [end, unterminated]. */
  const readQuoted = (open: number, quote: number, backslashEscapes: boolean): [number, boolean] => {
    let j = open + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (backslashEscapes && c === 92) {
        j += 2;
        continue;
      }
      if (c === quote) {
        if (text.charCodeAt(j + 1) === quote) {
          j += 2;
          continue;
        }
        return [j + 1, false];
      }
      j++;
    }
    return [n, true];
  };

  /** Consumes COPY data from `from` (right after the `;`): the rest of that line, then lines up to one that is `\.`. */
  const copyData = (from: number): number => {
    const nl = text.indexOf('\n', from);
    // psql reads the data from the next line; anything else after the `;` leaves the text as SQL.
    if (nl < 0 || !/^[ \t\r]*$/.test(text.slice(from, nl))) return from;
    push('whitespace', from, nl + 1, text.slice(from, nl + 1));
    let j = nl + 1;
    const dataStart = j;
    while (j < n) {
      const lineEnd = text.indexOf('\n', j);
      const line = text.slice(j, lineEnd < 0 ? n : lineEnd).replace(/\r$/, '');
      j = lineEnd < 0 ? n : lineEnd + 1;
      if (line === '\\.') break;
    }
    if (dataStart < j) push('copyData', dataStart, j, '');
    return j;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;

    if (isSpace(c)) {
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      push('whitespace', start, i, text.slice(start, i));
      continue;
    }

    // psql meta-command: outside literals a backslash runs to the end of the line (`\i x`, `… \gx`).
    if (c === 92) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      push('psqlMeta', start, i, text.slice(start, i));
      continue;
    }
    // -- comment, to the end of the line (\n or \r, as Postgres' scanner ends it)
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      push('lineComment', start, i, text.slice(start, i));
      continue;
    }
    // /* nested */ comment
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
          depth++;
          i += 2;
        } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
          depth--;
          i += 2;
        } else i++;
      }
      push('blockComment', start, i, text.slice(start, i), depth > 0 ? { unterminated: true } : undefined);
      continue;
    }
    // prefixed strings: E'…', B'…', X'…', N'…', U&'…' and U&"…"
    if ((c === 69 || c === 101) && text.charCodeAt(i + 1) === 39) {
      const [end, open] = readQuoted(i + 1, 39, true);
      i = end;
      push('string', start, i, text.slice(start, i), { escape: true, ...(open ? { unterminated: true } : {}) });
      continue;
    }
    if ((c === 66 || c === 98 || c === 88 || c === 120 || c === 78 || c === 110) && text.charCodeAt(i + 1) === 39) {
      const [end, open] = readQuoted(i + 1, 39, false);
      i = end;
      push('string', start, i, text.slice(start, i), open ? { unterminated: true } : undefined);
      continue;
    }
    if ((c === 85 || c === 117) && text.charCodeAt(i + 1) === 38) {
      const q = text.charCodeAt(i + 2);
      if (q === 39 || q === 34) {
        const [end, open] = readQuoted(i + 2, q, false);
        i = end;
        const kind: TokenKind = q === 39 ? 'string' : 'quotedIdent';
        const value = q === 39 ? text.slice(start, i) : text.slice(start + 3, open ? i : i - 1).replace(/""/g, '"');
        push(kind, start, i, value, open ? { unterminated: true } : undefined);
        continue;
      }
    }
    if (c === 39) {
      const [end, open] = readQuoted(i, 39, false);
      i = end;
      push('string', start, i, text.slice(start, i), open ? { unterminated: true } : undefined);
      continue;
    }
    if (c === 34) {
      const [end, open] = readQuoted(i, 34, false);
      i = end;
      push('quotedIdent', start, i, text.slice(start + 1, open ? i : i - 1).replace(/""/g, '"'), open ? { unterminated: true } : undefined);
      continue;
    }
    // $1 parameters and $tag$ … $tag$ bodies
    if (c === 36) {
      if (isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        push('param', start, i, text.slice(start, i));
        continue;
      }
      let j = i + 1;
      if (j < n && isIdentStart(text.charCodeAt(j))) {
        while (j < n && isIdentPart(text.charCodeAt(j)) && text.charCodeAt(j) !== 36) j++;
      }
      if (text.charCodeAt(j) === 36) {
        const tag = text.slice(i, j + 1);
        const close = text.indexOf(tag, j + 1);
        i = close < 0 ? n : close + tag.length;
        push('dollarString', start, i, text.slice(start, i), close < 0 ? { unterminated: true } : undefined);
        continue;
      }
      i++;
      push('operator', start, i, '$');
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const value = text.slice(start, i).toLowerCase();
      push('word', start, i, value);
      if (firstWord) copyState = value === 'copy' ? 'copy' : 'none';
      else if (copyState === 'copy' && value === 'stdin' && prevWord === 'from') copyState = 'stdin';
      firstWord = false;
      prevWord = value;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      while (i < n && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 46 || text.charCodeAt(i) === 95)) {
        if (text.charCodeAt(i) === 46 && text.charCodeAt(i + 1) === 46) break; // a..b ranges
        i++;
      }
      const e = text.charCodeAt(i);
      if ((e === 101 || e === 69) && (isDigit(text.charCodeAt(i + 1)) || ((text.charCodeAt(i + 1) === 43 || text.charCodeAt(i + 1) === 45) && isDigit(text.charCodeAt(i + 2))))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      push('number', start, i, text.slice(start, i));
      continue;
    }
    if (c === 58) {
      // `::` cast, psql variables, or a lone colon (array slices)
      if (text.charCodeAt(i + 1) === 58) {
        i += 2;
        push('operator', start, i, '::');
        continue;
      }
      const next = text.charCodeAt(i + 1);
      if (isIdentStart(next)) {
        i++;
        while (i < n && isIdentPart(text.charCodeAt(i)) && text.charCodeAt(i) !== 36) i++;
        push('psqlVar', start, i, text.slice(start, i));
        continue;
      }
      if (next === 39 || next === 34) {
        const [end, open] = readQuoted(i + 1, next, false);
        i = end;
        push('psqlVar', start, i, text.slice(start, i), open ? { unterminated: true } : undefined);
        continue;
      }
      i++;
      push('punct', start, i, ':');
      continue;
    }
    if (c === 40 || c === 41 || c === 91 || c === 93 || c === 44 || c === 59 || c === 46) {
      i++;
      push('punct', start, i, text[start]);
      if (c === 59) {
        if (copyState === 'stdin') i = copyData(i);
        copyState = 'none';
        firstWord = true;
      }
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      i++;
      while (i < n && OPERATOR_CHARS.has(text.charCodeAt(i))) {
        // a comment start ends an operator
        if ((text.charCodeAt(i) === 45 && text.charCodeAt(i + 1) === 45) || (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42)) break;
        i++;
      }
      push('operator', start, i, text.slice(start, i));
      continue;
    }
    // anything else (a stray backslash mid-line, control characters): one code unit, as an operator
    i++;
    push('operator', start, i, text.slice(start, i));
  }
  return tokens;
}

/** True for tokens that carry no syntax: whitespace and comments. */
export function isTrivia(t: Token): boolean {
  return t.kind === 'whitespace' || t.kind === 'lineComment' || t.kind === 'blockComment';
}
