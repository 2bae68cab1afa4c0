import { addConjunctEdits, conjuncts, rejectsNullOf, sameRelation } from '../../drizzle';
import type { Fix } from '../../types';
import type { DrizzleContext } from '../rule';
import type { NO_NULL_REJECTING_WHERE_MESSAGES } from '.';

/**
 * `no-null-rejecting-where` on Drizzle selects: after `.leftJoin(X, …)` to a Neon Auth user table, a
 * top-level `where` conjunct (`eq(X.email, …)`, `ilike`, `inArray`, `isNotNull`, …) that is never
 * true for a missing user: the left join works as an inner join. Fixes: `innerJoin` (preferred,
 * safe: the same rows), or move the conjunct into the join's condition (keeps the rows).
 */
export function checkDrizzle(ctx: DrizzleContext<typeof NO_NULL_REJECTING_WHERE_MESSAGES>): void {
  const { model, text } = ctx;
  for (const s of model.selects) {
    if (!s.where) continue;
    const where = s.where;
    for (const j of s.joins) {
      const symbol = j.table.symbol;
      const users = symbol?.users;
      if (!symbol || !users || j.kind !== 'left') continue;
      const method = text.slice(j.methodStart, j.methodEnd);
      for (const c of conjuncts(model, where.condition)) {
        if (!rejectsNullOf(model, c, (t) => sameRelation(t, symbol))) continue;
        const written = text.slice(c.start, c.end);
        const fixes: Fix[] = [
          {
            title: 'Change to innerJoin (same rows: only rows with a matching user)',
            isPreferred: true,
            safe: true,
            edits: [{ start: j.methodStart, end: j.methodEnd, newText: method.replace(/^leftJoin/, 'innerJoin') }],
          },
        ];
        const move = moveEdits(model, where, c, j.on, text);
        if (move)
          fixes.push({
            title: `Move ${written.replace(/\s+/g, ' ')} into the join's condition (keeps rows without a user)`,
            isPreferred: false,
            safe: false,
            edits: move,
          });
        ctx.report({
          messageId: 'drizzleWhereRejects',
          data: { qualifier: text.slice(j.table.node.start, j.table.node.end), table: users.display, method },
          start: c.start,
          end: c.end,
          fixes,
        });
      }
    }
  }
}

type Node = Parameters<typeof conjuncts>[1];

/** Edits that take conjunct `c` out of the `where` and add it to the join's condition `on`; undefined when `c` is not removable on its own. */
function moveEdits(
  model: Parameters<typeof conjuncts>[0],
  where: { call: Node; condition: Node },
  c: Node,
  on: Node | undefined,
  text: string,
): { start: number; end: number; newText: string }[] | undefined {
  if (!on) return undefined;
  const written = text.slice(c.start, c.end);
  const add = addConjunctEdits(model, on, written);
  let remove: { start: number; end: number; newText: string };
  const cond = where.condition;
  if (cond === c) {
    // The whole `.where(…)`: from the end of what it is called on to its `)`.
    remove = { start: where.call.callee.object.end, end: where.call.end, newText: '' };
  } else if (cond.type === 'CallExpression' && cond.arguments.includes(c) && cond.arguments.length > 1) {
    const args: Node[] = cond.arguments;
    const k = args.indexOf(c);
    if (args.length === 2) {
      // `and(a, c)` → `a`: an `and` of one condition says nothing.
      const other = args[1 - k];
      remove = { start: cond.start, end: cond.end, newText: text.slice(other.start, other.end) };
    } else remove = k < args.length - 1 ? { start: c.start, end: args[k + 1].start, newText: '' } : { start: args[k - 1].end, end: c.end, newText: '' };
  } else return undefined;
  const edits = [...add, remove];
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < edits.length; i++) if (edits[i].start < edits[i - 1].end) return undefined;
  return edits;
}
