import type { DrizzleContext } from '../rule';
import { otherGenerationData, otherUserTable, type MATCH_AUTH_SCHEMA_MESSAGES } from './index';

/**
 * `match-auth-schema` on Drizzle code: with a forced generation (`authSchema` not `auto`), each
 * import of `usersSync` (from drizzle-orm/neon or a workspace module that exports it) or `pgSchema('neon_auth').table(…)` definition of the other generation's
 * user table (`DrizzleModel.declarations`), once each rather than at every use. In `auto`, Drizzle's
 * tables do not count towards the file's generation and nothing is reported.
 */
export function checkDrizzle(ctx: DrizzleContext<typeof MATCH_AUTH_SCHEMA_MESSAGES>): void {
  const setting = ctx.authSchema;
  if (setting === 'auto') return;
  for (const d of ctx.model.declarations) {
    const table = d.symbol.users;
    if (table === undefined || !otherUserTable(table, setting)) continue;
    ctx.report({ messageId: 'otherGeneration', data: otherGenerationData(table, setting), start: d.start, end: d.end, fixes: [] });
  }
}
