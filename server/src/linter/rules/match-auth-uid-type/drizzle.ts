import type { Node } from '../../babel';
import { typeFamily } from '../../columnTypes';
import type { DrizzleColumn } from '../../drizzle';
import { tokenize } from '../../lexer';
import { SigTokens } from '../../tokens';
import type { DrizzleContext } from '../rule';
import { helperAt, helperOperand, isBoundaryAfter, isBoundaryBefore, OTHER, RETURNS, subqueryColumnEnd, type MATCH_AUTH_UID_TYPE_MESSAGES } from '.';

/** The methods that set a column's SQL default (the last one called wins): `.default(…)`, `.defaultRandom()`. */
const SQL_DEFAULTS = new Set(['default', 'defaultRandom']);

/**
 * A `sql` template's whole text when it is the helper call `auth.user_id()`, alone or in one pair
 * of parentheses, as SQL reads it (unquoted names fold to lower case): groups 2 and 6 are the
 * parentheses, 4 the function name.
 */
const USER_ID_CALL = /^(\s*)(\(\s*)?(auth\s*\.\s*)(user_id)(\s*\(\s*\))(\s*\))?\s*$/i;

/**
 * `match-auth-uid-type` on Drizzle schemas: a `uuid()` column whose SQL default is
 * `sql\`auth.user_id()\`` (also `sql\`(auth.user_id())\``) is the SQL `owner_id uuid DEFAULT
 * auth.user_id()`: `auth.user_id()` returns text, which has no assignment cast to uuid, so the
 * CREATE TABLE drizzle-kit writes is rejected (SQLSTATE 42804). The fix calls `auth.uid()` (uuid)
 * instead, in the template. `$defaultFn(…)` is a JavaScript default and is not SQL; a text column
 * with `auth.uid()` is accepted (uuid has an assignment cast to text).
 */
export function checkDrizzle(ctx: DrizzleContext<typeof MATCH_AUTH_UID_TYPE_MESSAGES>): void {
  checkDrizzlePolicies(ctx);
  const { model, text } = ctx;
  const sqlTag = model.importedAs('drizzle-orm', 'sql');
  if (sqlTag === undefined) return;
  for (const col of model.columns) {
    if (col.builder !== 'uuid' || col.methods.some((m) => m.name === 'array')) continue;
    const last = col.methods.filter((m) => SQL_DEFAULTS.has(m.name)).pop();
    if (last?.name !== 'default' || last.call.arguments.length !== 1) continue;
    const arg: Node = last.call.arguments[0];
    if (arg.type !== 'TaggedTemplateExpression' || arg.tag.type !== 'Identifier' || arg.tag.name !== sqlTag) continue;
    const quasi = arg.quasi;
    if (quasi.expressions.length > 0 || quasi.quasis.length !== 1) continue;
    const element = quasi.quasis[0];
    const m = USER_ID_CALL.exec(element.value.raw);
    // both parentheses or neither (a lone one is not SQL)
    if (!m || (m[2] === undefined) !== (m[6] === undefined)) continue;
    const callStart = element.start + m[1].length + (m[2]?.length ?? 0);
    const nameStart = callStart + m[3].length;
    const nameEnd = nameStart + m[4].length;
    const callEnd = nameEnd + m[5].length;
    const written = text.slice(nameStart, nameEnd);
    const replacement = written === written.toUpperCase() ? 'UID' : 'uid';
    ctx.report({
      messageId: 'assignOtherHelper',
      data: { column: col.name, type: 'uuid', fn: 'user_id', whose: '', returns: 'text', what: 'default', other: 'uid', otherWhose: '' },
      start: callStart,
      end: callEnd,
      fixes: [
        {
          title: 'Use auth.uid() (returns uuid, like the column)',
          isPreferred: true,
          // drizzle-kit's CREATE TABLE cannot run as written; both helpers return the same user's id.
          safe: true,
          edits: [{ start: nameStart, end: nameEnd, newText: replacement }],
        },
      ],
    });
  }
}

/**
 * `match-auth-uid-type` on the RLS policies of a Drizzle schema (`DrizzleModel.policyConditions`):
 * a `sql` template condition of `pgPolicy(…, { using, withCheck })` or `crudPolicy({ read, modify })`
 * that compares a column of the policy's table (`${t.ownerId}`, which Drizzle writes as
 * `"notes"."owner_id"`) with the helper of the other type, `auth.user_id() = ${t.ownerId}` or
 * `${t.ownerId} = auth.user_id()` (also `(select …)` around the helper), `${t.ownerId} IN (select
 * auth.user_id())` or `${t.ownerId} = ANY (select auth.user_id())`, is the SQL policy
 * `USING ((select auth.user_id() = "notes"."owner_id"))` that Postgres rejects (42883): reported
 * on the helper, with the same fix as in SQL. `authUid(t.ownerId)` (drizzle-orm/neon, the same
 * template) on a `uuid()` column is reported on the call, without a fix. The column's type is
 * its pg-core builder's (`uuid()`, `text()`, `varchar()`), read only when imported from drizzle-orm.
 */
export function checkDrizzlePolicies(ctx: DrizzleContext<typeof MATCH_AUTH_UID_TYPE_MESSAGES>): void {
  const { model, text } = ctx;
  const sqlTag = model.importedAs('drizzle-orm', 'sql');
  const authUid = model.importedAs('drizzle-orm/neon', 'authUid');
  for (const cond of model.policyConditions) {
    const n = cond.node;
    if (authUid !== undefined && n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === authUid && n.arguments.length === 1) {
      const col = cond.columnOf(n.arguments[0]);
      if (col && typeFamily(col.sqlType) === 'uuid')
        ctx.report({ messageId: 'authUidOnUuid', data: { column: col.name }, start: n.start, end: n.end, fixes: [] });
      continue;
    }
    if (sqlTag === undefined || n.type !== 'TaggedTemplateExpression' || n.tag.type !== 'Identifier' || n.tag.name !== sqlTag) continue;
    const quasis: Node[] = n.quasi.quasis;
    if (quasis.some((q) => q.value.raw.includes('\\'))) continue; // offsets of the raw text only where it is the text Drizzle sends
    // The template's text at its own offsets, each `${…}` a word of its width (so the lexer sees an operand there).
    const first = quasis[0].start;
    const last = quasis[quasis.length - 1].end;
    let masked = ' '.repeat(first);
    const exprAt = new Map<number, Node>();
    quasis.forEach((q, k) => {
      masked += text.slice(q.start, q.end);
      const next = quasis[k + 1];
      if (!next) return;
      exprAt.set(q.end, n.quasi.expressions[k]);
      masked += '_'.repeat(next.start - q.end);
    });
    const sig = new SigTokens(tokenize(masked, first, last));
    const L = sig.list;
    const columnAt = (k: number): DrizzleColumn | undefined =>
      L[k]?.kind === 'word' && exprAt.has(L[k].start) ? cond.columnOf(exprAt.get(L[k].start)) : undefined;
    const isEq = (k: number): boolean => L[k]?.kind === 'operator' && ['=', '<>', '!='].includes(L[k].value);
    for (let j = 0; j < L.length; j++) {
      const h = helperAt(sig, j);
      if (!h) continue;
      const { first: from, last: to } = helperOperand(sig, j);
      let col: DrizzleColumn | undefined;
      if (isEq(from - 1) && isBoundaryAfter(sig, to + 1) && (from - 3 < 0 || isBoundaryBefore(sig, from - 3))) col = columnAt(from - 2);
      if (!col && isEq(to + 1) && (from - 1 < 0 || isBoundaryBefore(sig, from - 1)) && isBoundaryAfter(sig, to + 3)) col = columnAt(to + 2);
      // ${t.ownerId} [NOT] IN (SELECT auth.user_id()), ${t.ownerId} = ANY (SELECT auth.user_id())
      const subqueryCol = subqueryColumnEnd(sig, j, from, to);
      if (!col && subqueryCol >= 0 && (subqueryCol - 1 < 0 || isBoundaryBefore(sig, subqueryCol - 1))) col = columnAt(subqueryCol);
      const type = typeFamily(col?.sqlType);
      if (!col || !type || type === RETURNS[h.fn]) continue;
      const other = OTHER[h.fn];
      const written = text.slice(h.nameSpan.start, h.nameSpan.end);
      const replacement = written === written.toUpperCase() && written !== written.toLowerCase() ? other.toUpperCase() : other;
      ctx.report({
        messageId: 'useOtherHelper',
        data: { column: col.name, type, fn: h.fn, whose: '', returns: RETURNS[h.fn], other, otherWhose: '' },
        start: h.start,
        end: h.end,
        fixes: [
          {
            title: `Use auth.${other}() (returns ${type}, like the column)`,
            isPreferred: true,
            // drizzle-kit's CREATE POLICY cannot run as written; both helpers return the same user's id.
            safe: true,
            edits: [{ start: h.nameSpan.start, end: h.nameSpan.end, newText: replacement }],
          },
        ],
      });
    }
  }
}
