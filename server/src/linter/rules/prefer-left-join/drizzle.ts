import { conjuncts, mentionsDeletedAt, rejectsNullOf, sameRelation } from '../../drizzle';
import type { DrizzleContext } from '../rule';
import type { PREFER_LEFT_JOIN_MESSAGES } from '.';

/**
 * `prefer-left-join` on Drizzle selects: `.innerJoin(X, …)` (or `.innerJoinLateral`) where X is the
 * legacy `usersSync` (filled asynchronously): rows whose user has not synced yet disappear. Also
 * `.rightJoin(X, …)`, which keeps every user and drops the rows of the tables before it whose user
 * has not synced. Not when the `where` rejects a missing user anyway (`eq(X.email, …)`: the inner
 * join is what the query means), nor when X is the `.from()` table. An inner join whose condition
 * reads X's `deletedAt` also drops soft-deleted users: its `leftJoin` fix is not preferred.
 */
export function checkDrizzle(ctx: DrizzleContext<typeof PREFER_LEFT_JOIN_MESSAGES>): void {
  if (ctx.authSchema === 'current') return;
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
      // The inner join's condition also drops soft-deleted users (`and(eq(…), isNull(usersSync.deletedAt))`):
      // as a left join it brings their rows back, so that is a choice, not the preferred fix (as in SQL).
      const dropsDeleted = j.kind === 'inner' && mentionsDeletedAt(model, j.on, (t) => sameRelation(t, symbol));
      ctx.report({
        messageId: j.kind === 'inner' ? 'drizzleInnerJoin' : 'drizzleRightJoin',
        data: { method, table: display, replacement },
        start: j.methodStart,
        end: j.methodEnd,
        fixes: [
          {
            title: dropsDeleted ? `Change to ${replacement} (soft-deleted users' rows come back too)` : `Change to ${replacement}`,
            isPreferred: j.kind === 'inner' && !dropsDeleted,
            safe: false,
            edits: [{ start: j.methodStart, end: j.methodEnd, newText: replacement }],
          },
        ],
      });
    }
  }
}
