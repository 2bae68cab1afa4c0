import { addConjunctEdits, mentionsDeletedAt, type TableArgument } from '../../drizzle';
import type { Fix, TextEdit } from '../../types';
import type { DrizzleContext } from '../rule';

/**
 * `require-deleted-at-filter` on Drizzle selects: a select that reads the legacy `usersSync`
 * (`.from(X)` or a join to X) with no `deleted_at` condition (`isNull(X.deletedAt)`, or
 * `sql\`${X.deletedAt} is null\``) in its `where` or, for a join, in that join's condition. Fixes
 * add `isNull(X.deletedAt)` to the `where` (preferred) or to the join's condition, wrapping what is
 * there in `and(…)`, and import `and`/`isNull` from drizzle-orm when the file does not.
 */
export function checkDrizzle(ctx: DrizzleContext): void {
  const { model, text } = ctx;
  for (const s of model.selects) {
    const reads: { table: TableArgument; on?: { node?: { start: number; end: number } }; join: boolean }[] = [
      { table: s.from, join: false },
      ...s.joins.filter((j) => !j.lateral).map((j) => ({ table: j.table, on: { node: j.on }, join: true })),
    ];
    for (const r of reads) {
      const users = r.table.symbol?.users;
      if (users?.generation !== 'legacy') continue;
      const same = (t: { managed: { display: string } }): boolean => t.managed.display === users.display;
      const on = r.on?.node as Parameters<typeof mentionsDeletedAt>[1];
      if (mentionsDeletedAt(model, s.where?.condition, same) || mentionsDeletedAt(model, on, same)) continue;
      const tableText = text.slice(r.table.node.start, r.table.node.end);
      const isNullName = model.operator('isNull') ?? 'isNull';
      const filter = `${isNullName}(${tableText}.deletedAt)`;
      const sorted = (edits: TextEdit[]): TextEdit[] => edits.sort((a, b) => a.start - b.start || a.end - b.end);
      const fixes: Fix[] = [];
      const where = s.where?.condition;
      const whereEdits = where
        ? addConjunctEdits(model, where, filter, ['isNull'])
        : [...model.importEdits('drizzle-orm', ['isNull']), { start: s.whereAt, end: s.whereAt, newText: `.where(${filter})` }];
      fixes.push({
        title: r.join ? `Add ${filter} to the where (drops rows whose user was soft-deleted)` : `Add ${filter} to the where (filters soft-deleted users)`,
        isPreferred: true,
        safe: false,
        edits: sorted(whereEdits),
      });
      if (r.join && on) {
        fixes.push({
          title: `Add ${filter} to the join's condition (keeps the rows, hides the soft-deleted user)`,
          isPreferred: false,
          safe: false,
          edits: sorted(addConjunctEdits(model, on, filter, ['isNull'])),
        });
      }
      ctx.report({
        message: `Query reads ${users.display} without filtering soft-deleted users; add ${filter}.`,
        start: r.table.node.start,
        end: r.table.node.end,
        fixes,
      });
    }
  }
  // Relational queries: Drizzle loads `with: { author: true }` through a left join lateral with no
  // filter; a one() relation takes no `where`, so there is no mechanical fix.
  for (const load of model.relationalLoads) {
    ctx.report({
      message: `Relational query loads ${load.relation} from ${load.target.managed.display} with no deleted_at filter, so soft-deleted users are loaded too; check ${load.relation}.deletedAt before showing it, or select with leftJoin(…) and isNull(….deletedAt).`,
      start: load.start,
      end: load.end,
      fixes: [],
    });
  }
}
