import type { DrizzleContext } from '../rule';
import type { AuthGeneration } from '../../catalog';
import { mixedData, otherGenerationData, otherUserTable, type MATCH_AUTH_SCHEMA_MESSAGES } from './index';

/**
 * `match-auth-schema` on Drizzle code: with a forced generation (`authSchema` not `auto`), each
 * import of `usersSync` (from drizzle-orm/neon or a workspace module that exports it) or `pgSchema('neon_auth').table(…)` definition of the other generation's
 * user table (`DrizzleModel.declarations`), once each rather than at every use. In `auto`, a file
 * whose declarations name both generations' tables gets one `mixed` information finding, on the
 * first declaration of the generation it declares less (the earlier one's on a tie), as a SQL file
 * that references both does; the declarations are counted, not their uses.
 */
export function checkDrizzle(ctx: DrizzleContext<typeof MATCH_AUTH_SCHEMA_MESSAGES>): void {
  const setting = ctx.authSchema;
  if (setting === 'auto') {
    const declared = ctx.model.declarations.filter((d) => d.symbol.users !== undefined).sort((a, b) => a.start - b.start);
    const count = (g: AuthGeneration): number => declared.filter((d) => d.symbol.users?.generation === g).length;
    const legacy = declared.find((d) => d.symbol.users?.generation === 'legacy');
    const current = declared.find((d) => d.symbol.users?.generation === 'current');
    if (!legacy || !current) return;
    const legacyWins = count('legacy') > count('current') || (count('legacy') === count('current') && legacy.start < current.start);
    const first = legacyWins ? current : legacy;
    const table = first.symbol.users;
    if (table) ctx.report({ messageId: 'mixed', data: mixedData(table, count), start: first.start, end: first.end, fixes: [], severity: 'info' });
    return;
  }
  for (const d of ctx.model.declarations) {
    const table = d.symbol.users;
    if (table === undefined || !otherUserTable(table, setting)) continue;
    ctx.report({ messageId: 'otherGeneration', data: otherGenerationData(table, setting), start: d.start, end: d.end, fixes: [] });
  }
}
