/**
 * A small, exact lexer for PostgreSQL text as people write it in migration and query files.
 *
 * It never throws and always covers the whole input: every UTF-16 code unit belongs to exactly
 * one token, so tokens can be used for precise ranges and insertion points. Unterminated
 * strings, comments and dollar-quoted bodies run to the end of the text and are flagged.
 *
 * Follows the lexical rules of the PostgreSQL docs ("Lexical Structure", sections 4.1.1–4.1.5)
 * plus psql's meta-commands (`\i file`, `\set x 1`, `… \gx`), variables (`:var`, `:'var'`, `:"var"`)
 * and the data lines of `COPY … FROM stdin` (as in pg_dump output) and of psql's `\copy … from stdin`.
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
  | 'copyData' // the data lines after `COPY … FROM stdin;` or `\copy … from stdin`, through the `\.` line
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

const isIdentStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
const OPERATOR_CHARS = new Set('+-*/<>=~!@#%^&|`?'.split('').map((c) => c.charCodeAt(0)));

/** A name as psql's `\copy` reads it: unquoted (up to whitespace or `.,()"`) or double-quoted, on one line. */
const COPY_NAME = String.raw`(?:"(?:[^"\n\r]|"")*"|[^\s.,()"]+)`;

/**
 * `\copy table [ ( columns ) ] from stdin …` at the start of a meta-command line, as psql's
 * `parse_slash_copy` reads it (src/bin/psql/copy.c): the command name in lower case (psql's
 * backslash commands are case-sensitive), `from` and `stdin` in any case, `stdin` ending at
 * whitespace, `;` or the end of the line. Per the psql docs, `\copy … from stdin` reads the data
 * from the same source as the script, up to a `\.` line; `pstdin` (psql's own standard input), a
 * file, `program` and `(query) to …` have no data in the script.
 */
const SLASH_COPY_FROM_STDIN = new RegExp(
  String.raw`\\copy[ \t\f\v]+${COPY_NAME}(?:[ \t\f\v]*\.[ \t\f\v]*${COPY_NAME})*(?:[ \t\f\v]*\([^()\n\r]*\))?(?:(?<=["\)])[ \t\f\v]*|[ \t\f\v]+)from[ \t\f\v]+stdin(?=[\s;]|$)`,
  'iy',
);

/** Whether the psql meta-command starting at `at` is `\copy … from stdin` (see `SLASH_COPY_FROM_STDIN`). */
function isSlashCopyFromStdin(text: string, at: number): boolean {
  if (!text.startsWith('\\copy', at)) return false; // case-sensitive, unlike the rest
  SLASH_COPY_FROM_STDIN.lastIndex = at;
  return SLASH_COPY_FROM_STDIN.test(text);
}

/**
 * The lexer itself, one token at a time and without allocating: `next()` moves to the next token
 * and exposes it in `kind`, `start`, `end`, `unterminated`, `escape`; `value()` builds its `Token.value`
 * on demand. Starting at an offset other than 0 gives the same tokens as a scan from 0 would from
 * there on, provided a token starts there and the scan from 0 was in its initial state at that
 * point: at the start of a statement (after a `;`, a psql meta-command other than `\copy … from
 * stdin`, or COPY data).
 */
export class Scanner {
  kind: TokenKind = 'whitespace';
  start = 0;
  end = 0;
  unterminated = false;
  escape = false;
  private i: number;
  private readonly n: number;
  // COPY … FROM stdin: after its `;`, the data lines up to `\.` are not SQL.
  private copyState: 0 | 1 | 2 = 0; // none | copy | stdin
  private firstWord = true;
  private prevFrom = false; // the previous word was FROM
  /** Offset after the `;` of a COPY … FROM stdin, whose data is scanned next. */
  private pendingCopy = -1;
  /** The end of the COPY data, once its leading line break was returned. */
  private pendingData = -1;

  /**
   * @param text the whole document; lookahead may read past `to`
   * @param from UTF-16 offset where scanning starts (see the class comment)
   * @param to UTF-16 offset where scanning stops: no token starts at or after it
   */
  constructor(
    readonly text: string,
    from = 0,
    to = text.length,
  ) {
    this.i = from;
    this.n = to;
  }

  /**
   * The current token's `Token.value`: for words the lower-cased text, for quoted names the
   * unescaped name, else the raw text (`''` for COPY data). A name's lone surrogate (UTF-16 text
   * no UTF-8 can carry) is U+FFFD in its value, as a client's UTF-8 encoding sends it and as the
   * Postgres grammar's parse tree then names it.
   */
  value(): string {
    const { text, start, end } = this;
    switch (this.kind) {
      case 'word':
        return wellFormed(text.slice(start, end).toLowerCase());
      case 'quotedIdent': {
        const open = text.charCodeAt(start) === 34 ? start + 1 : start + 3; // "…" or U&"…"
        return wellFormed(text.slice(open, this.unterminated ? end : end - 1).replace(/""/g, '"'));
      }
      case 'copyData':
        return '';
      default:
        return text.slice(start, end);
    }
  }

  /** The current token as an object. */
  token(): Token {
    const t: Token = { kind: this.kind, start: this.start, end: this.end, value: this.value() };
    if (this.unterminated) t.unterminated = true;
    if (this.escape) t.escape = true;
    return t;
  }

  /** Whether the current token is a word equal to `lower` (a lower-case ASCII word), without allocating. */
  isWord(lower: string): boolean {
    if (this.kind !== 'word' || this.end - this.start !== lower.length) return false;
    const { text, start } = this;
    for (let k = 0; k < lower.length; k++) {
      let c = text.charCodeAt(start + k);
      if (c >= 128) return text.slice(start, this.end).toLowerCase() === lower;
      if (c >= 65 && c <= 90) c += 32;
      if (c !== lower.charCodeAt(k)) return false;
    }
    return true;
  }

  /** Whether the current token is a word of `_` and decimal digits (`_0`: see `TokenView.isPlaceholder`), without allocating. */
  isPlaceholder(): boolean {
    const { text, start, end } = this;
    if (this.kind !== 'word' || end - start < 2 || text.charCodeAt(start) !== 95) return false;
    for (let k = start + 1; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c < 48 || c > 57) return false;
    }
    return true;
  }

  /** Whether the current token is the punctuation mark `p`. */
  isPunct(p: string): boolean {
    return this.kind === 'punct' && this.text.charCodeAt(this.start) === p.charCodeAt(0);
  }

  /**
   * True when the scan is at a statement boundary: no COPY data is due. After a `;` that ends a
   * statement, the text from `end` on scans the same from a fresh `Scanner` once this is true.
   */
  get clean(): boolean {
    return this.pendingCopy < 0 && this.pendingData < 0;
  }

  /** The offset after the last one the scan looked at to decide on COPY data (−1 when it has not; past the text's end when text added at the end could change the decision). */
  copyLookahead = -1;

  private set(kind: TokenKind, start: number, end: number, unterminated = false, escape = false): true {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.unterminated = unterminated;
    this.escape = escape;
    this.i = end;
    return true;
  }

  /** Reads a quoted body starting at the opening quote; returns its end, negative (−end − 1) when unterminated. */
  private quoted(open: number, quote: number, backslashEscapes: boolean): number {
    const { text } = this;
    const n = text.length;
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
        return j + 1;
      }
      j++;
    }
    return -n - 1;
  }

  private setQuoted(kind: TokenKind, start: number, r: number, escape = false): true {
    return r < 0 ? this.set(kind, start, -r - 1, true, escape) : this.set(kind, start, r, false, escape);
  }

  /**
   * After the `;` of `COPY … FROM stdin` (at `from`): when the rest of that line is blank, the data
   * lines up to `\.` follow (psql reads data from the next line only; anything else after the `;`
   * leaves the text as SQL): they come as the next two tokens, the line break and the data.
   */
  private copyData(from: number): void {
    const { text } = this;
    const n = text.length;
    const nl = text.indexOf('\n', from);
    // Past the end when the decision depends on text not there yet (no line break; no `\.` line).
    this.copyLookahead = nl < 0 ? n + 1 : nl + 1;
    if (nl < 0 || !/^[ \t\r]*$/.test(text.slice(from, nl))) return;
    let j = nl + 1;
    let closed = false; // by a `\.` line with its line break
    while (j < n && !closed) {
      const lineEnd = text.indexOf('\n', j);
      const stop = lineEnd < 0 ? n : lineEnd;
      const isEnd = text.charCodeAt(j) === 92 && text.charCodeAt(j + 1) === 46 && (stop === j + 2 || (stop === j + 3 && text.charCodeAt(j + 2) === 13));
      j = lineEnd < 0 ? n : lineEnd + 1;
      if (isEnd) {
        closed = lineEnd >= 0;
        break;
      }
    }
    if (!closed) this.copyLookahead = n + 1;
    this.pendingCopy = nl;
    this.pendingData = j;
  }

  /** Moves to the next token; false at the end (of the text, or at `to`). */
  next(): boolean {
    const { text } = this;
    const n = text.length;
    if (this.i >= this.n || this.i >= n) return false;
    if (this.pendingCopy >= 0) {
      const nl = this.pendingCopy;
      this.pendingCopy = -1;
      if (this.pendingData === nl + 1) this.pendingData = -1; // no data lines
      return this.set('whitespace', this.i, nl + 1);
    }
    if (this.pendingData >= 0) {
      const dataEnd = this.pendingData;
      this.pendingData = -1;
      if (this.i < dataEnd) return this.set('copyData', this.i, dataEnd);
    }
    const i = this.i;
    if (i >= this.n || i >= n) return false;
    const c = text.charCodeAt(i);
    const start = i;

    // A byte order mark opening the text (an editor may hand it over; psql skips it) is whitespace.
    if (isSpace(c) || (i === 0 && c === 0xfeff)) {
      let j = i + 1;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      return this.set('whitespace', start, j);
    }
    // psql meta-command: outside literals a backslash runs to the end of the line (`\i x`, `… \gx`).
    // What follows it starts a new statement.
    if (c === 92) {
      let j = i;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      this.copyState = 0;
      this.firstWord = true;
      this.set('psqlMeta', start, j);
      // `\copy … from stdin` reads its data from the lines after it, as COPY … FROM stdin does.
      if (text.charCodeAt(i + 1) === 99 && isSlashCopyFromStdin(text, i)) this.copyData(j);
      return true;
    }
    // -- comment, to the end of the line (\n or \r, as Postgres' scanner ends it)
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      let j = i;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      return this.set('lineComment', start, j);
    }
    // /* nested */ comment
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
          depth--;
          j += 2;
        } else j++;
      }
      return this.set('blockComment', start, j, depth > 0);
    }
    const c1 = text.charCodeAt(i + 1);
    // prefixed strings: E'…', B'…', X'…', N'…', U&'…' and U&"…"
    if ((c === 69 || c === 101) && c1 === 39) return this.setQuoted('string', start, this.quoted(i + 1, 39, true), true);
    if ((c === 66 || c === 98 || c === 88 || c === 120 || c === 78 || c === 110) && c1 === 39)
      return this.setQuoted('string', start, this.quoted(i + 1, 39, false));
    if ((c === 85 || c === 117) && c1 === 38) {
      const q = text.charCodeAt(i + 2);
      if (q === 39 || q === 34) return this.setQuoted(q === 39 ? 'string' : 'quotedIdent', start, this.quoted(i + 2, q, false));
    }
    if (c === 39) return this.setQuoted('string', start, this.quoted(i, 39, false));
    if (c === 34) return this.setQuoted('quotedIdent', start, this.quoted(i, 34, false));
    // $1 parameters and $tag$ … $tag$ bodies
    if (c === 36) {
      if (isDigit(c1)) {
        let j = i + 1;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
        return this.set('param', start, j);
      }
      let j = i + 1;
      if (j < n && isIdentStart(text.charCodeAt(j))) {
        while (j < n && isIdentPart(text.charCodeAt(j)) && text.charCodeAt(j) !== 36) j++;
      }
      if (text.charCodeAt(j) === 36) {
        const tag = text.slice(i, j + 1);
        const close = text.indexOf(tag, j + 1);
        return close < 0 ? this.set('dollarString', start, n, true) : this.set('dollarString', start, close + tag.length);
      }
      return this.set('operator', start, i + 1);
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      this.set('word', start, j);
      if (this.firstWord) this.copyState = this.isWord('copy') ? 1 : 0;
      else if (this.copyState === 1 && this.prevFrom && this.isWord('stdin')) this.copyState = 2;
      this.firstWord = false;
      this.prevFrom = this.isWord('from');
      return true;
    }
    if (isDigit(c) || (c === 46 && isDigit(c1))) {
      let j = i;
      while (j < n && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 46 || text.charCodeAt(j) === 95)) {
        if (text.charCodeAt(j) === 46 && text.charCodeAt(j + 1) === 46) break; // a..b ranges
        j++;
      }
      const e = text.charCodeAt(j);
      if (
        (e === 101 || e === 69) &&
        (isDigit(text.charCodeAt(j + 1)) || ((text.charCodeAt(j + 1) === 43 || text.charCodeAt(j + 1) === 45) && isDigit(text.charCodeAt(j + 2))))
      ) {
        j += 2;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      return this.set('number', start, j);
    }
    if (c === 58) {
      // `::` cast, psql variables, or a lone colon (array slices)
      if (c1 === 58) return this.set('operator', start, i + 2);
      if (isIdentStart(c1)) {
        let j = i + 1;
        while (j < n && isIdentPart(text.charCodeAt(j)) && text.charCodeAt(j) !== 36) j++;
        return this.set('psqlVar', start, j);
      }
      if (c1 === 39 || c1 === 34) return this.setQuoted('psqlVar', start, this.quoted(i + 1, c1, false));
      return this.set('punct', start, i + 1);
    }
    if (c === 40 || c === 41 || c === 91 || c === 93 || c === 44 || c === 59 || c === 46) {
      this.set('punct', start, i + 1);
      if (c === 59) {
        if (this.copyState === 2) this.copyData(i + 1);
        this.copyState = 0;
        this.firstWord = true;
      }
      return true;
    }
    if (OPERATOR_CHARS.has(c)) {
      let j = i + 1;
      while (j < n && OPERATOR_CHARS.has(text.charCodeAt(j))) {
        // a comment start ends an operator
        if ((text.charCodeAt(j) === 45 && text.charCodeAt(j + 1) === 45) || (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42)) break;
        j++;
      }
      return this.set('operator', start, j);
    }
    // anything else (a stray backslash mid-line, control characters): one code unit, as an operator
    return this.set('operator', start, i + 1);
  }
}

/**
 * Splits `text` into tokens covering every code unit (of `[from, to)` when given: see `Scanner`
 * for where a scan may start). Never throws. Linear in the text's length.
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const s = new Scanner(text, from, to);
  while (s.next()) tokens.push(s.token());
  return tokens;
}

/**
 * The body of a closed dollar-quoted string token (`$$…$$`, `$fn$…$fn$`): its document range and
 * its own tokens, lexed as SQL with document offsets (DO blocks and routine bodies are SQL or
 * PL/pgSQL). Undefined for other tokens and unclosed ones.
 */
export function dollarBody(text: string, t: Token): { start: number; end: number; tokens: Token[] } | undefined {
  if (t.kind !== 'dollarString' || t.unterminated) return undefined;
  const tag = /^\$[^$]*\$/.exec(t.value)?.[0] ?? '$$';
  const start = t.start + tag.length;
  const end = t.end - tag.length;
  if (end < start) return undefined;
  return { start, end, tokens: tokenize(text.slice(start, end)).map((x): Token => ({ ...x, start: x.start + start, end: x.end + start })) };
}

/** True for tokens that carry no syntax: whitespace and comments. */
export function isTrivia(t: Token): boolean {
  return t.kind === 'whitespace' || t.kind === 'lineComment' || t.kind === 'blockComment';
}

/** `s` with each lone surrogate replaced by U+FFFD (ES2024 `String.prototype.toWellFormed`, in Node 20). */
function wellFormed(s: string): string {
  const w = s as unknown as { isWellFormed(): boolean; toWellFormed(): string };
  return w.isWellFormed() ? s : w.toWellFormed();
}

/**
 * Whether a `param` token's text is a *typed parameter* of a host file's SQL view (see `host.ts`,
 * `SqlRegion.substitutions`): a `${…}` that Prisma's tags (`$queryRaw`, `$executeRaw`,
 * `Prisma.sql`) send with a type taken from the JavaScript value (a string as `text`), where other
 * drivers send parameters untyped (`unknown`, resolved from the context). The view writes it with
 * a leading zero (`$01`), which Postgres reads as `$1`; nobody writes that in SQL of their own.
 */
export function isTypedParameter(value: string): boolean {
  return value.length > 2 && value.charCodeAt(0) === 36 /* $ */ && value.charCodeAt(1) === 48; /* 0 */
}

/**
 * Whether a typed parameter (`isTypedParameter`) is one whose JavaScript value the host file shows
 * is not a string: a number, a bigint or a boolean (`${1}`, `${n}` of a `const n: number`; see
 * `host.ts` `nonStringValue`), which Prisma sends as such. The view writes it with two leading
 * zeros (`$001`), which Postgres reads as `$1`.
 */
export function isNonStringParameter(value: string): boolean {
  return value.length > 3 && isTypedParameter(value) && value.charCodeAt(2) === 48; /* 0 */
}
