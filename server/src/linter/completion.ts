import { PARSE_ERROR_ID } from './engine';
import { isTrivia, Token, tokenize } from './lexer';
import { rules } from './rules/registry';
import { splitStatements } from './statements';
import { directiveAt } from './suppressions';
import { SigTokens } from './tokens';
import { Severity } from './types';

/**
 * Where the cursor is, as far as snippet completion cares:
 * - `references`: right after the keyword `REFERENCES` (offer the user table with an ON DELETE action);
 * - `columnDefinition`: at the start of a column definition inside `CREATE TABLE (…)` (offer the FK column snippets);
 * - `statementStart`: at the start of a statement (offer the query and table snippets).
 */
export type CompletionContext = 'references' | 'columnDefinition' | 'statementStart' | null;

/**
 * Classifies the cursor position `offset` (UTF-16) in `text`; a word being typed at the cursor is
 * ignored (the context is what precedes it). `tokens`: as for `hoverAt`. Never throws; null inside
 * strings and comments.
 */
export function completionContextAt(text: string, offset: number, tokens: readonly Token[] = tokenize(text)): CompletionContext {
  try {
    // (an unclosed string or comment runs to the end of the text, so its end is inside it)
    const inside = tokens.find((t) => t.start < offset && (offset < t.end || (t.unterminated === true && offset === t.end)));
    if (
      inside &&
      (inside.kind === 'string' || inside.kind === 'dollarString' || inside.kind === 'quotedIdent' || (isTrivia(inside) && inside.kind !== 'whitespace'))
    )
      return null;
    // A line comment's range ends before the line break: the end of the line is inside it too.
    const lineComment = tokens.find((t) => t.kind === 'lineComment' && t.start < offset && offset <= t.end);
    if (lineComment) return null;
    // A statement extends to its `;`, or (while being typed, with none) to the next statement.
    const statements = splitStatements(tokens);
    const stmt = statements.find((s, k) => {
      const extent = s.semicolon ? s.semicolon.start : k + 1 < statements.length ? statements[k + 1].start : text.length;
      return s.start <= offset && offset <= extent;
    });
    if (!stmt) return 'statementStart';
    // The word being typed does not count, whatever the lexer makes of it (`neon-fk` is three tokens).
    const typed = typedWordStart(text, offset);
    const sig = new SigTokens(stmt.tokens.filter((t) => !isTrivia(t) && t.start < typed));
    const last = sig.list.length - 1;
    if (last < 0) return 'statementStart';
    if (sig.isWord(last, 'references')) return 'references';
    if (sig.isPunct(last, '(') || sig.isPunct(last, ',')) {
      // depth-1 position inside CREATE TABLE name ( … )
      let depth = 0;
      let open = -1;
      for (let j = last; j >= 0; j--) {
        if (sig.isPunct(j, ')')) depth++;
        else if (sig.isPunct(j, '(')) {
          if (depth === 0) {
            open = j;
            break;
          }
          depth--;
        }
      }
      if (open > 0 && sig.list.slice(0, open).some((t) => t.kind === 'word' && t.value === 'table') && sig.isWord(0, 'create')) return 'columnDefinition';
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * Where the word being typed before `offset` (UTF-16) starts: the run of letters, digits, `_`, `$`,
 * `-`, `.` and `"` that ends at `offset` (snippet prefixes such as `neon-fk-cascade`, qualified
 * names). Never crosses a line break; `offset` when nothing is being typed. The completion items'
 * `textEdit` replaces `[typedWordStart, offset)`, so clients filter on the whole word.
 */
export function typedWordStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && /[\w$.\-"]/.test(text[start - 1])) start--;
  return start;
}

/** An id a suppression comment may name: a rule, or `parse-error`. */
export interface SuppressibleId {
  id: string;
  /** One sentence: what it reports. */
  description: string;
  defaultSeverity: Severity;
  /** The rule's documentation; undefined for `parse-error`. */
  docsUrl?: string;
}

/** Every id a `neon-auth-ignore` comment may name, in registry order, `parse-error` last. */
export function suppressibleIds(): SuppressibleId[] {
  return [
    ...rules.map((r) => ({ id: r.id, description: r.description, defaultSeverity: r.defaultSeverity, docsUrl: r.docsUrl })),
    {
      id: PARSE_ERROR_ID,
      description: 'A statement that names a Neon Auth table but that no parser accepted: the rules that need a parsed statement did not check it.',
      defaultSeverity: 'info',
    },
  ];
}

/** Rule-id completion inside a suppression comment. */
export interface SuppressionCompletion {
  /** Start of the id being typed: the range from here to the cursor is replaced (empty when nothing was typed). */
  start: number;
  /** The ids to offer: every suppressible id the comment does not name yet. */
  items: SuppressibleId[];
}

const ID_CHAR = /[A-Za-z0-9_-]/;

/**
 * Rule-id completion at `offset` in a `neon-auth-ignore` / `neon-auth-ignore-file` comment: after
 * the keyword and a blank, or after a comma, in the id list (before the `:` of the reason). Null
 * anywhere else. Never throws.
 */
export function suppressionCompletionAt(text: string, offset: number, tokens?: readonly Token[]): SuppressionCompletion | null {
  try {
    const directive = directiveAt(text, tokens ?? tokenize(text), offset);
    // At the keyword's end (`neon-auth-ignore|`) the keyword is still being typed; in the reason there are no ids.
    if (!directive || offset <= directive.keywordEnd || offset > directive.listEnd) return null;
    // The keyword is followed by a blank (or the `:`, which ends the list), so the id never touches it.
    let start = offset;
    while (start > directive.keywordEnd && ID_CHAR.test(text[start - 1])) start--;
    let before = start;
    while (before > directive.keywordEnd && /\s/.test(text[before - 1])) before--;
    if (before !== directive.keywordEnd && text[before - 1] !== ',') return null;
    const named = new Set(directive.ids.filter((x) => x.end < start || x.start > offset).map((x) => x.id));
    return { start, items: suppressibleIds().filter((x) => !named.has(x.id)) };
  } catch {
    return null;
  }
}
