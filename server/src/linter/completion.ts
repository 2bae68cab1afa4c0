import { isTrivia, tokenize } from './lexer';
import { splitStatements } from './statements';
import { SigTokens } from './tokens';

/**
 * Where the cursor is, as far as snippet completion cares:
 * - `references`: right after the keyword `REFERENCES` (offer the user table with an ON DELETE action);
 * - `columnDefinition`: at the start of a column definition inside `CREATE TABLE (…)` (offer the FK column snippets);
 * - `statementStart`: at the start of a statement (offer the query and table snippets).
 */
export type CompletionContext = 'references' | 'columnDefinition' | 'statementStart' | null;

/**
 * Classifies the cursor position `offset` (UTF-16) in `text`; a word being typed at the cursor is
 * ignored (the context is what precedes it). Never throws; null inside strings and comments.
 */
export function completionContextAt(text: string, offset: number): CompletionContext {
  try {
    const tokens = tokenize(text);
    const inside = tokens.find((t) => t.start < offset && offset < t.end);
    if (inside && (inside.kind === 'string' || inside.kind === 'dollarString' || inside.kind === 'quotedIdent' || isTrivia(inside) && inside.kind !== 'whitespace')) return null;
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
    const sig = new SigTokens(stmt.tokens.filter((t) => !isTrivia(t) && t.start < offset));
    let last = sig.list.length - 1;
    // the word being typed does not count
    if (last >= 0 && sig.list[last].kind === 'word' && sig.list[last].end >= offset) last--;
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
