import { addConjunctEdits, filterState, mentionsDeletedAt, sameRelation, type DrizzleModel, type DrizzleTableRead, type TableArgument } from '../../drizzle';
import { walk, type Node } from '../../babel';
import type { Fix, TextEdit } from '../../types';
import type { DrizzleContext } from '../rule';
import type { REQUIRE_DELETED_AT_FILTER_MESSAGES } from '.';

type Ctx = DrizzleContext<typeof REQUIRE_DELETED_AT_FILTER_MESSAGES>;

/**
 * `require-deleted-at-filter` on Drizzle selects: a select that reads the legacy `usersSync`
 * (`.from(X)` or a join to X) with no `deleted_at` condition (`isNull(X.deletedAt)`, or
 * `sql\`${X.deletedAt} is null\``, also through a same-file `const`) in its `where` or, for a join, in
 * that join's condition; silent when the chain calls `.$dynamic()` (a `where` may be added later) or
 * a condition holds code it cannot see into (`filterState` `unknown`: a parameter, an import, a helper call). Fixes
 * add `isNull(X.deletedAt)` to the `where` (preferred) or to the join's condition, wrapping what is
 * there in `and(…)`, and import `and`/`isNull` from drizzle-orm when the file does not; a new
 * `.where(…)` in a chain written one call per line goes on its own line. Also relational queries on
 * the table itself (`db.query.usersSync.findMany(…)`, `findFirst`) and `db.$count(usersSync, where?)`
 * without such a condition: the fix adds it to the `where` (or adds `where: isNull(X.deletedAt)`).
 */
export function checkDrizzle(ctx: Ctx): void {
  if (ctx.authSchema === 'current') return;
  const { model, text } = ctx;
  for (const s of model.selects) {
    const reads: { table: TableArgument; on?: { node?: { start: number; end: number } }; join: boolean }[] = [
      { table: s.from, join: false },
      ...s.joins.filter((j) => !j.lateral).map((j) => ({ table: j.table, on: { node: j.on }, join: true })),
    ];
    for (const r of reads) {
      const symbol = r.table.symbol;
      const users = symbol?.users;
      if (!symbol || users?.generation !== 'legacy') continue;
      const same = (t: Parameters<typeof sameRelation>[0]): boolean => sameRelation(t, symbol);
      const on = r.on?.node as Parameters<typeof mentionsDeletedAt>[1];
      // A `where` that may be added later (`.$dynamic()`), or a condition holding code we cannot see into, may filter.
      if (s.dynamic) continue;
      const states = [filterState(model, s.where?.condition, same), filterState(model, on, same)];
      if (states.includes('found') || states.includes('unknown')) continue;
      const tableText = text.slice(r.table.node.start, r.table.node.end);
      const isNullName = model.localName('drizzle-orm', 'isNull');
      const filter = `${isNullName}(${tableText}.deletedAt)`;
      const sorted = (edits: TextEdit[]): TextEdit[] => edits.sort((a, b) => a.start - b.start || a.end - b.end);
      const fixes: Fix[] = [];
      const where = s.where?.condition;
      const whereEdits = where
        ? addConjunctEdits(model, where, filter, ['isNull'])
        : [
            ...model.importEdits('drizzle-orm', ['isNull']),
            { start: s.whereAt, end: s.whereAt, newText: `${chainBreak(text, s.whereAfter)}.where(${filter})` },
          ];
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
        messageId: 'missingFilter',
        data: { table: users.display, filter },
        start: r.table.node.start,
        end: r.table.node.end,
        fixes,
      });
    }
  }
  for (const read of model.tableReads) checkTableRead(ctx, read);
  // Relational queries: Drizzle loads `with: { author: true }` through a left join lateral with no
  // filter; a one() relation takes no `where`, so there is no mechanical fix.
  for (const load of model.relationalLoads) {
    ctx.report({
      messageId: 'relationalLoad',
      data: { relation: load.relation, table: load.target.managed.display },
      start: load.start,
      end: load.end,
      fixes: [],
    });
  }
}

/**
 * What goes before a `.where(…)` added after `call` (a link of a method chain): a line break and the
 * chain's indentation when the chain is written one call per line (`call` or the link after it
 * starts its own line), else nothing.
 */
function chainBreak(text: string, call: Node): string {
  const before = /\n([ \t]*)\??\.\s*$/.exec(text.slice(call.callee.object.end, call.callee.property.start));
  const after = before ?? /^[ \t]*\r?\n([ \t]*)\??\./.exec(text.slice(call.end));
  if (!after) return '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return `${eol}${after[1]}`;
}

/** `db.query.X.findMany(…)` / `findFirst(…)` / `db.$count(X, where?)` on the legacy table with no deleted_at condition. */
function checkTableRead(ctx: Ctx, read: DrizzleTableRead): void {
  const { model, text } = ctx;
  const users = read.table.users;
  if (users?.generation !== 'legacy') return;
  const same = (t: Parameters<typeof sameRelation>[0]): boolean => sameRelation(t, read.table);
  const where = read.where;
  const callback = where !== undefined && (where.type === 'ArrowFunctionExpression' || where.type === 'FunctionExpression');
  if (callback) {
    // `where: (u, { eq }) => …`: `u.deletedAt` anywhere in it counts.
    let found = false;
    walk(where, (n) => {
      if (n.type === 'MemberExpression' && !n.computed && n.property?.name === 'deletedAt') found = true;
    });
    if (found || mentionsDeletedAt(model, where, same)) return;
  } else if (filterState(model, where, same) !== 'missing') return; // found, or code we cannot see into
  // A config we cannot see (a variable, a spread): it may hold the filter.
  if (read.kind !== '$count' && read.config !== undefined && read.config.type !== 'ObjectExpression') return;
  if (read.config?.type === 'ObjectExpression' && read.config.properties.some((p: Node) => p.type !== 'ObjectProperty')) return;

  const isNullName = model.localName('drizzle-orm', 'isNull');
  const named = read.name ?? text.slice(read.start, read.end);
  const filter = `${isNullName}(${named}.deletedAt)`;
  const edits = fixEdits(model, text, read, isNullName);
  const count = read.kind === '$count';
  ctx.report({
    messageId: count ? 'countMissingFilter' : 'missingFilter',
    data: { table: users.display, filter },
    start: read.start,
    end: read.end,
    fixes:
      edits === undefined
        ? []
        : [
            {
              title: count
                ? `Add ${filter} to the count's condition (does not count soft-deleted users)`
                : `Add ${filter} to the where (filters soft-deleted users)`,
              isPreferred: true,
              safe: false,
              edits: edits.sort((a, b) => a.start - b.start || a.end - b.end),
            },
          ],
  });
}

/** The edits that add the deleted_at condition to a table read; undefined when there is no mechanical one. */
function fixEdits(model: DrizzleModel, text: string, read: DrizzleTableRead, isNullName: string): TextEdit[] | undefined {
  const where = read.where;
  if (where !== undefined && (where.type === 'ArrowFunctionExpression' || where.type === 'FunctionExpression')) {
    // `(u, ops) => cond` → `(u, ops) => and(cond, isNull(u.deletedAt))`.
    const param = where.params[0];
    if (where.body.type === 'BlockStatement' || param?.type !== 'Identifier') return undefined;
    return addConjunctEdits(model, where.body, `${isNullName}(${param.name}.deletedAt)`, ['isNull']);
  }
  if (read.name === undefined) {
    // The table has no name in this file: the callback form names it through its fields.
    if (where !== undefined) return undefined;
    const key = text.slice(read.start, read.end);
    return addProperty(text, read, `where: (${key}, { isNull }) => isNull(${key}.deletedAt)`, []);
  }
  const filter = `${isNullName}(${read.name}.deletedAt)`;
  if (where !== undefined) return addConjunctEdits(model, where, filter, ['isNull']);
  const imports = model.importEdits('drizzle-orm', ['isNull']);
  if (read.kind === '$count') {
    const table = read.call.arguments[0];
    return [...imports, { start: table.end, end: table.end, newText: `, ${filter}` }];
  }
  return addProperty(text, read, `where: ${filter}`, imports);
}

/** Edits that add `property` to a relational query's config (or give it a config `{ property }`). */
function addProperty(text: string, read: DrizzleTableRead, property: string, imports: TextEdit[]): TextEdit[] | undefined {
  const config = read.config;
  if (config === undefined) {
    const close = read.call.end - 1;
    if (text[close] !== ')') return undefined;
    return [...imports, { start: close, end: close, newText: `{ ${property} }` }];
  }
  const props: Node[] = config.properties;
  if (props.length === 0) return [...imports, { start: config.start, end: config.end, newText: `{ ${property} }` }];
  const last = props[props.length - 1];
  const tail = text.slice(last.end, config.end - 1);
  if (!tail.includes('\n')) return [...imports, { start: last.end, end: last.end, newText: `, ${property}` }];
  // One property per line: a line of its own, with the last property's indentation and comma style.
  const lineStart = text.lastIndexOf('\n', last.start) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const comma = /^\s*,/.exec(tail);
  if (comma) return [...imports, { start: last.end + comma[0].length, end: last.end + comma[0].length, newText: `\n${indent}${property},` }];
  return [...imports, { start: last.end, end: last.end, newText: `,\n${indent}${property}` }];
}
