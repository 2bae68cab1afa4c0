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

/**
 * The report in reading order (a new array; stable): first the items about no file, as they came;
 * then by file, the files of `fileOrder` first in its order (the migration sets' files in the order
 * they run), the others in the order they first came (the query search's walk order); within a
 * file by line, then column (an item with no line before those with one, one with no column before
 * those on its line with one).
 */
export function sortReport<T extends { file?: string; line?: number; column?: number }>(items: readonly T[], fileOrder: readonly string[] = []): T[] {
  const rank = new Map<string, number>();
  for (const f of fileOrder) if (!rank.has(f)) rank.set(f, rank.size);
  for (const item of items) if (item.file !== undefined && !rank.has(item.file)) rank.set(item.file, rank.size);
  const key = (item: T): number => (item.file === undefined ? -1 : rank.get(item.file)!);
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => key(a.item) - key(b.item) || (a.item.line ?? 0) - (b.item.line ?? 0) || (a.item.column ?? 0) - (b.item.column ?? 0) || a.i - b.i)
    .map((x) => x.item);
}
