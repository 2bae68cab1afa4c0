import type { DrizzleColumn, Literal } from '../../drizzle';
import type { Fix } from '../../types';
import type { DrizzleContext } from '../rule';
import type { NO_SET_NULL_ON_NOT_NULL_MESSAGES } from '.';

/**
 * `no-set-null-on-not-null` on Drizzle schemas: `onDelete: 'set null'` (or `.onDelete('set null')`
 * on a `foreignKey`) to a Neon Auth user id from a column made NOT NULL by `.notNull()` or
 * `.primaryKey()`: drizzle-kit creates it, and the first delete of a referenced user fails (23502).
 * Fixes: remove `.notNull()` (preferred; not for a primary key) or change to `'cascade'`.
 */
export function checkDrizzle(ctx: DrizzleContext<typeof NO_SET_NULL_ON_NOT_NULL_MESSAGES>): void {
  const { model } = ctx;
  const q = (s: string): string => `${model.quote}${s}${model.quote}`;
  const report = (cols: DrizzleColumn[], onDelete: Literal): void => {
    const fixes: Fix[] = [];
    // The `.notNull()` calls to remove: one per column, or no such fix.
    const removable = cols.flatMap((c) => (c.notNull?.method === 'notNull' ? [c.notNull] : []));
    if (removable.length === cols.length) {
      fixes.push({
        title: `Remove .notNull() from ${cols.map((c) => c.property).join(', ')}`,
        isPreferred: true,
        safe: false,
        edits: removable.map((n) => ({ start: n.start, end: n.end, newText: '' })).sort((a, b) => a.start - b.start),
      });
    }
    fixes.push({
      title: "Change to 'cascade' (delete these rows with the user)",
      isPreferred: fixes.length === 0,
      safe: false,
      edits: [{ start: onDelete.start, end: onDelete.end, newText: q('cascade') }],
    });
    const names = cols.map((c) => c.name).join(', ');
    ctx.report({
      messageId: 'drizzleSetNullOnNotNull',
      data: { columns: names },
      start: onDelete.start,
      end: onDelete.end,
      fixes,
    });
  };
  for (const col of model.columns) {
    const ref = col.references;
    if (ref?.target.users && ref.onDelete?.value === 'set null' && col.notNull) report([col], ref.onDelete);
  }
  for (const fk of model.foreignKeys) {
    if (fk.onDelete?.value !== 'set null' || fk.columns.length === 0 || fk.columns.some((c) => !c)) continue;
    const cols = fk.columns as DrizzleColumn[];
    if (cols.some((c) => c.notNull))
      report(
        cols.filter((c) => c.notNull),
        fk.onDelete,
      );
  }
}
