import type { DrizzleContext } from '../rule';
import { consequence, VERB, type NO_AUTH_TABLE_WRITES_MESSAGES } from './index';

/** `no-auth-table-writes` on Drizzle queries: `db.insert(X)`, `db.update(X)`, `db.delete(X)` on a table Neon Auth manages. */
export function checkDrizzle(ctx: DrizzleContext<typeof NO_AUTH_TABLE_WRITES_MESSAGES>): void {
  for (const w of ctx.model.writes) {
    const table = w.table.managed;
    ctx.report({ messageId: consequence(table, w.kind), data: { verb: VERB[w.kind], table: table.display }, start: w.start, end: w.end, fixes: [] });
  }
}
