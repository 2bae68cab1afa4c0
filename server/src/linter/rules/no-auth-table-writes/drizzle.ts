import type { DrizzleContext } from '../rule';
import { consequence, VERB } from './index';

/** `no-auth-table-writes` on Drizzle queries: `db.insert(X)`, `db.update(X)`, `db.delete(X)` on a table Neon Auth manages. */
export function checkDrizzle(ctx: DrizzleContext): void {
  for (const w of ctx.model.writes) {
    const table = w.table.managed;
    ctx.report({ message: `${VERB[w.kind]} ${table.display}: ${consequence(table, w.kind)}.`, start: w.start, end: w.end, fixes: [] });
  }
}
