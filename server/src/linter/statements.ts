import { isTrivia, Token } from './lexer';

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
}

/**
 * Splits a token stream into statements at `;` tokens, whatever the parenthesis depth: an unclosed
 * `(` while typing must not swallow the rest of the file (the only valid Postgres with a `;` inside
 * parentheses, multi-action `CREATE RULE`, is rare and merely gets split). psql meta-commands and
 * COPY data end the statement before them and belong to none. `CREATE FUNCTION|PROCEDURE … BEGIN
 * ATOMIC … END` bodies, whose inner statements end in `;`, stay one statement (per the Postgres docs
 * on SQL-standard function bodies). Linear in the number of tokens.
 */
export function splitStatements(tokens: Token[]): Statement[] {
  const out: Statement[] = [];
  let current: Token[] = [];
  let atomicDepth = 0; // nesting of BEGIN ATOMIC / CASE … END inside a routine body
  let isRoutine = false;
  let sig: Token[] = []; // significant tokens of the current statement (first few, for routine detection)
  let prevWord = '';

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
    atomicDepth = 0;
    isRoutine = false;
    sig = [];
    prevWord = '';
  };

  for (const t of tokens) {
    if (t.kind === 'psqlMeta' || t.kind === 'copyData') {
      flush();
      continue;
    }
    if (!isTrivia(t)) {
      if (sig.length < 6) {
        sig.push(t);
        if (sig.length <= 5 && t.kind === 'word' && (t.value === 'function' || t.value === 'procedure')) {
          isRoutine = sig[0].kind === 'word' && sig[0].value === 'create';
        }
      }
      if (t.kind === 'word') {
        if (isRoutine) {
          if (t.value === 'atomic' && prevWord === 'begin') atomicDepth++;
          else if (t.value === 'case' && atomicDepth > 0) atomicDepth++;
          else if (t.value === 'end' && atomicDepth > 0) atomicDepth--;
        }
        prevWord = t.value;
      } else prevWord = '';
      if (t.kind === 'punct' && t.value === ';' && atomicDepth === 0) {
        flush(t);
        continue;
      }
    }
    current.push(t);
  }
  flush();
  return out;
}
