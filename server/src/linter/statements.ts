import { isTrivia, Token, TokenKind } from './lexer';

/** One SQL statement of a document, located by the lexer (never split on blank lines). */
export interface Statement {
  /** UTF-16 offset of the statement's first significant token. */
  start: number;
  /** UTF-16 offset after its last significant token (the terminating `;` excluded). */
  end: number;
  /** The statement's tokens, trivia included, from `start` to `end`. */
  tokens: Token[];
  /** The terminating `;` token, when there is one. */
  semicolon?: Token;
  /**
   * Text the parsers see instead of the document's, each of the same length as the range it
   * replaces (so parser offsets are document offsets), sorted and not overlapping: for PL/pgSQL
   * forms that are not SQL (an `INTO target` blanked, `PERFORM` read as `SELECT`; see `bodies.ts`).
   * The tokens stay the document's.
   */
  substitutions?: readonly Substitution[];
}

/** A same-length replacement of the document range [start, end) (UTF-16 offsets) by `text`. */
export interface Substitution {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** What the splitter needs to know of a token: its kind and, for words, which word it is. */
export interface TokenView {
  readonly kind: TokenKind;
  /** UTF-16 offsets of the token. */
  readonly start: number;
  readonly end: number;
  /** Whether the token is a word equal to `lower` (lower-case ASCII). */
  isWord(lower: string): boolean;
  /** Whether the token is the punctuation mark `p` (one character). */
  isPunct(p: string): boolean;
  /** The token's `Token.value`. */
  value(): string;
  /** Whether the token is a word of `_` and decimal digits (`_0`): a host name's placeholder (see `HostName` in `host.ts`). */
  isPlaceholder(): boolean;
}

/** A `TokenView` of a `Token` object (`at` sets which). */
export class TokenRef implements TokenView {
  t!: Token;
  at(t: Token): this {
    this.t = t;
    return this;
  }
  get kind(): TokenKind {
    return this.t.kind;
  }
  get start(): number {
    return this.t.start;
  }
  get end(): number {
    return this.t.end;
  }
  isWord(lower: string): boolean {
    return this.t.kind === 'word' && this.t.value === lower;
  }
  isPunct(p: string): boolean {
    return this.t.kind === 'punct' && this.t.value === p;
  }
  value(): string {
    return this.t.value;
  }
  isPlaceholder(): boolean {
    return this.t.kind === 'word' && /^_\d+$/.test(this.t.value);
  }
}

/**
 * Where statements end, one token at a time: at `;` tokens, whatever the parenthesis depth (an
 * unclosed `(` while typing must not swallow the rest of the file; the only valid Postgres with a
 * `;` inside parentheses, multi-action `CREATE RULE`, is rare and merely gets split). psql
 * meta-commands and COPY data end the statement before them and belong to none. `CREATE
 * FUNCTION|PROCEDURE … BEGIN ATOMIC … END` bodies, whose inner statements end in `;`, stay one
 * statement (per the Postgres docs on SQL-standard function bodies).
 */
export class Splitter {
  private atomicDepth = 0; // nesting of BEGIN ATOMIC / CASE … END inside a routine body
  private isRoutine = false;
  private sigCount = 0; // significant tokens of the current statement so far (counted up to 6)
  private firstIsCreate = false;
  private prevBegin = false;

  /**
   * Feeds the next token. Returns `outside` for a psql meta-command or COPY data (the current
   * statement ends before it; it belongs to none), `end` for a `;` that ends the current statement,
   * `in` for a token of the current statement (trivia included).
   */
  feed(t: TokenView): 'in' | 'end' | 'outside' {
    const kind = t.kind;
    if (kind === 'psqlMeta' || kind === 'copyData') {
      this.reset();
      return 'outside';
    }
    if (kind === 'whitespace' || kind === 'lineComment' || kind === 'blockComment') return 'in';
    if (this.sigCount < 6) {
      this.sigCount++;
      if (this.sigCount === 1) this.firstIsCreate = t.isWord('create');
      else if (this.sigCount <= 5 && (t.isWord('function') || t.isWord('procedure'))) this.isRoutine = this.firstIsCreate;
    }
    if (kind === 'word') {
      if (this.isRoutine) {
        if (this.prevBegin && t.isWord('atomic')) this.atomicDepth++;
        else if (this.atomicDepth > 0 && t.isWord('case')) this.atomicDepth++;
        else if (this.atomicDepth > 0 && t.isWord('end')) this.atomicDepth--;
      }
      this.prevBegin = t.isWord('begin');
    } else {
      this.prevBegin = false;
      if (this.atomicDepth === 0 && t.isPunct(';')) {
        this.reset();
        return 'end';
      }
    }
    return 'in';
  }

  private reset(): void {
    this.atomicDepth = 0;
    this.isRoutine = false;
    this.sigCount = 0;
    this.firstIsCreate = false;
    this.prevBegin = false;
  }
}

/** Splits a token stream into statements (see `Splitter`), trivia around each trimmed. Linear in the number of tokens. */
export function splitStatements(tokens: readonly Token[]): Statement[] {
  const out: Statement[] = [];
  const splitter = new Splitter();
  const ref = new TokenRef();
  let current: Token[] = [];

  const flush = (semicolon?: Token): void => {
    let first = 0;
    while (first < current.length && isTrivia(current[first])) first++;
    let last = current.length - 1;
    while (last >= first && isTrivia(current[last])) last--;
    if (first <= last) {
      const toks = current.slice(first, last + 1);
      out.push({ start: toks[0].start, end: toks[toks.length - 1].end, tokens: toks, semicolon });
    }
    current = [];
  };

  for (const t of tokens) {
    const step = splitter.feed(ref.at(t));
    if (step === 'outside') flush();
    else if (step === 'end') flush(t);
    else current.push(t);
  }
  flush();
  return out;
}
