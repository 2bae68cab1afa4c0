import { conjuncts, rejectsNullOf, sameRelation } from '../../drizzle';
import type { DrizzleContext } from '../rule';
import type { PREFER_LEFT_JOIN_MESSAGES } from '.';

/**
 * `prefer-left-join` on Drizzle selects: `.innerJoin(X, …)` (or `.innerJoinLateral`) where X is the
 * legacy `usersSync` (filled asynchronously): rows whose user has not synced yet disappear. Also
 * `.rightJoin(X, …)`, which keeps every user and drops the rows of the tables before it whose user
 * has not synced. Not when the `where` rejects a missing user anyway (`eq(X.email, …)`: the inner
 * join is what the query means), nor when X is the `.from()` table.
 */
export function checkDrizzle(ctx: DrizzleContext<typeof PREFER_LEFT_JOIN_MESSAGES>): void {
  const { model } = ctx;
  for (const s of model.selects) {
    for (const j of s.joins) {
      const symbol = j.table.symbol;
      const users = symbol?.users;
      if (!symbol || users?.generation !== 'legacy' || (j.kind !== 'inner' && j.kind !== 'right')) continue;
      const display = users.display;
      if (s.where && conjuncts(model, s.where.condition).some((c) => rejectsNullOf(model, c, (t) => sameRelation(t, symbol)))) continue;
      const method = ctx.text.slice(j.methodStart, j.methodEnd);
      const replacement = method.replace(/^(inner|right)Join/, 'leftJoin');
      ctx.report({
        messageId: j.kind === 'inner' ? 'drizzleInnerJoin' : 'drizzleRightJoin',
        data: { method, table: display, replacement },
        start: j.methodStart,
        end: j.methodEnd,
        fixes: [
          {
            title: `Change to ${replacement}`,
            isPreferred: j.kind === 'inner',
            safe: false,
            edits: [{ start: j.methodStart, end: j.methodEnd, newText: replacement }],
          },
        ],
      });
    }
  }
}
