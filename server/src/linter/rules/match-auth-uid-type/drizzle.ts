import type { Node } from '../../babel';
import type { DrizzleContext } from '../rule';
import type { MATCH_AUTH_UID_TYPE_MESSAGES } from '.';

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
