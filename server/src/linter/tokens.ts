import { isTrivia, Token } from './lexer';
import { partitionPoint } from './search';

/**
 * The significant (non-trivia) tokens of one statement, with the searches rules need for
 * precise ranges and insertion points. All offsets are document UTF-16 offsets.
 */
export class SigTokens {
  readonly list: Token[];

  constructor(tokens: readonly Token[]) {
    this.list = tokens.filter((t) => !isTrivia(t));
  }

  /** Index of the first token starting at or after `offset` (`list.length` if none). */
  indexAt(offset: number): number {
    return partitionPoint(this.list.length, (i) => this.list[i].start < offset);
  }

  /** Index of the token that contains `offset` or starts right after it. */
  indexContaining(offset: number): number {
    const i = this.indexAt(offset);
    if (i > 0 && this.list[i - 1].end > offset) return i - 1;
    return i;
  }

  isWord(i: number, ...words: string[]): boolean {
    const t = this.list[i];
    return t !== undefined && t.kind === 'word' && (words.length === 0 || words.includes(t.value));
  }

  isPunct(i: number, p: string): boolean {
    const t = this.list[i];
    return t !== undefined && t.kind === 'punct' && t.value === p;
  }

  /** Index of the `)` matching the `(` at `open`, or -1 when unbalanced. */
  matchingParen(open: number): number {
    let depth = 0;
    for (let i = open; i < this.list.length; i++) {
      if (this.isPunct(i, '(')) depth++;
      else if (this.isPunct(i, ')')) {
        depth--;
        if (depth === 0) return i;
      }
    }
    return -1;
  }

  /**
   * Scans forward from token `from` at parenthesis depth 0 and returns the index of the last token
   * before the first stop: a word in `stopWords`, a punctuation mark in `stopPuncts`, a `)` that
   * closes an enclosing parenthesis, or the end. Returns `from - 1` when the stop is at `from`.
   */
  lastBefore(from: number, stopWords: ReadonlySet<string>, stopPuncts: ReadonlySet<string> = NO_PUNCTS): number {
    let depth = 0;
    let i = from;
    for (; i < this.list.length; i++) {
      const t = this.list[i];
      if (t.kind === 'punct') {
        if (t.value === '(' || t.value === '[') depth++;
        else if (t.value === ')' || t.value === ']') {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && (stopPuncts.has(t.value) || t.value === ';')) break;
      } else if (depth === 0 && t.kind === 'word' && (stopWords.has(t.value) || this.startsTrailingClause(i))) break;
    }
    return i - 1;
  }

  /**
   * Whether token `i` starts a clause that ends any query it follows: `ON CONFLICT` (INSERT),
   * `WITH [NO] DATA` (CREATE MATERIALIZED VIEW / TABLE AS), `WITH [CASCADED|LOCAL] CHECK OPTION` (CREATE VIEW).
   */
  startsTrailingClause(i: number): boolean {
    if (this.isWord(i, 'on')) return this.isWord(i + 1, 'conflict');
    if (this.isWord(i, 'with')) return this.isWord(i + 1, 'no', 'data', 'check', 'cascaded', 'local');
    return false;
  }
}

const NO_PUNCTS: ReadonlySet<string> = new Set();

/**
 * Keywords that end a WHERE clause or a FROM list (per the SELECT, UPDATE, INSERT and CREATE VIEW
 * synopses); `ON CONFLICT` and `WITH [NO] DATA | CHECK OPTION` are recognized by `startsTrailingClause`.
 */
export const CLAUSE_END_WORDS: ReadonlySet<string> = new Set([
  'where',
  'group',
  'having',
  'window',
  'order',
  'limit',
  'offset',
  'fetch',
  'for',
  'union',
  'intersect',
  'except',
  'returning',
  'into',
]);

/** Keywords that start the next join, ending a join's ON condition. */
export const JOIN_WORDS: ReadonlySet<string> = new Set(['join', 'inner', 'left', 'right', 'full', 'cross', 'natural']);

/** Stops for an ON condition: the next join, the next FROM item, or the next clause. */
export const ON_END_WORDS: ReadonlySet<string> = new Set([...CLAUSE_END_WORDS, ...JOIN_WORDS]);
