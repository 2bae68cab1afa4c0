/**
 * Where the cursor is, as far as snippet completion cares:
 * - `references`: right after the keyword `REFERENCES` (offer the user table with an ON DELETE action);
 * - `columnDefinition`: at the start of a column definition inside `CREATE TABLE (…)` (offer the FK column snippets);
 * - `statementStart`: at the start of a statement (offer the query and table snippets).
 */
export type CompletionContext = 'references' | 'columnDefinition' | 'statementStart' | null;

/** Classifies the cursor position `offset` (UTF-16) in `text`. Never throws. */
export function completionContextAt(text: string, offset: number): CompletionContext {
  void text; void offset;
  return null;
}
