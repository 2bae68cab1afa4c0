/**
 * How a migration plan's report item names its place, shared by the CLI (`neon-auth-lint migrate`,
 * stderr) and the VS Code command (the Neon Auth output): `path:line:column` (1-based, as the lint's
 * own report), `path:line` when the item has a line and no column, `path` alone, or undefined for
 * an item about no file. Two items on one line (two references in one query) stay apart.
 */
export function reportLocation(item: { file?: string; line?: number; column?: number }): string | undefined {
  if (item.file === undefined) return undefined;
  if (item.line === undefined) return item.file;
  return item.column === undefined ? `${item.file}:${item.line}` : `${item.file}:${item.line}:${item.column}`;
}
