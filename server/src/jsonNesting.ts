/**
 * How deep a JSON (with comments) text nests, found without recursion: jsonc-parser's parser and
 * `getNodeValue`, `JSON.stringify` and ajv each recurse once per level of `[` or `{`, and overflow
 * the stack (a RangeError) at a few thousand levels, which a 1 MB file reaches 500 times over.
 * Shared by `.neon-auth.json` (config/config.ts) and `tsconfig.json` (workspace/hostModules.ts).
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';

/** The deepest nesting of `[` and `{` read: a `.neon-auth.json` nests 2 levels, a `tsconfig.json` 3 or 4. */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset of the `{` or `[` that opens level `max + 1` of `text`, else undefined. A linear scan
 * with jsonc-parser's scanner (strings and comments are single tokens). A closing bracket closes
 * only an open bracket of its kind (`]` a `[`): jsonc-parser skips a stray one while it recovers
 * from a syntax error and stays in its array or object, so the depth counted here is never below
 * the one its parser reaches (`[},[},[},…` nests as deep as `[[[…`).
 */
export function nestingBeyond(text: string, max: number = MAX_JSON_DEPTH): number | undefined {
  const scanner = createScanner(text, true);
  const open: SyntaxKind[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (open.length >= max) return scanner.getTokenOffset();
      open.push(kind);
    } else if (
      (kind === SyntaxKind.CloseBraceToken && open[open.length - 1] === SyntaxKind.OpenBraceToken) ||
      (kind === SyntaxKind.CloseBracketToken && open[open.length - 1] === SyntaxKind.OpenBracketToken)
    ) {
      open.pop();
    }
  }
  return undefined;
}
