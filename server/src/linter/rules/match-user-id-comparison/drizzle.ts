import type { Node } from '../../babel';
import { typeFamily } from '../../columnTypes';
import type { Fix } from '../../types';
import type { DrizzleContext } from '../rule';
import type { MATCH_USER_ID_COMPARISON_MESSAGES } from '.';

/** The operator Drizzle writes for each comparison (drizzle-orm `sql/expressions/conditions.ts`). */
const SQL_OPERATOR = { eq: '=', ne: '<>' } as const;

/**
 * `match-user-id-comparison` on Drizzle's query builder: `eq(a, b)` or `ne(a, b)` (anywhere: a
 * `where`, a join's condition, a relational `where`) between the `id` of a Neon Auth user table
 * (`usersSync.id`, text; a `pgSchema('neon_auth').table('user', …)`'s id, uuid; the type is the
 * catalog's, whatever the file's builder says) and a column of an app table the file defines whose
 * pg-core builder is of the other family (`text()`/`varchar()`/`char()` against `uuid()`). Drizzle
 * writes `"notes"."owner_id" = "user"."id"`, which Postgres rejects on every run (42883). Reported
 * on the app column; the fix casts it in a `sql` template (`` sql`${notes.ownerId}::text` ``, `sql`
 * imported from drizzle-orm when missing): safe to text, a suggestion to uuid (fails on a value that
 * is not a uuid), as in SQL. A column whose foreign key to a user id contradicts its type is
 * `match-user-id-type`'s, and is not reported here.
 */
export function checkDrizzle(ctx: DrizzleContext<typeof MATCH_USER_ID_COMPARISON_MESSAGES>): void {
  const { model, text } = ctx;
  for (const cmp of model.comparisons) {
    const sides: [Node, Node, boolean][] = [
      [cmp.left, cmp.right, true],
      [cmp.right, cmp.left, false],
    ];
    for (const [idArg, otherArg, idLeft] of sides) {
      const id = model.columnOf(idArg);
      const users = id?.symbol.users;
      if (!id || !users || id.column !== 'id') continue;
      const idType = typeFamily(users.columns.find((c) => c.name === 'id')?.type);
      const col = model.appColumnDefOf(otherArg);
      const family = typeFamily(col?.sqlType);
      if (!col || !idType || !family || family === idType) continue;
      // A key to a user id that contradicts the column's type: match-user-id-type reports the type, and its fix makes this comparison right.
      const target = col.references?.target.users;
      if (target && col.references?.targetColumn === 'id' && typeFamily(target.columns.find((c) => c.name === 'id')?.type) !== family) continue;
      const idWritten = text.slice(idArg.start, idArg.end);
      const otherWritten = text.slice(otherArg.start, otherArg.end);
      const sqlTag = model.localName('drizzle-orm', 'sql');
      const cast = `${sqlTag}\`\${${otherWritten}}::${idType}\``;
      const otherType = col.sqlType ?? family;
      const op = SQL_OPERATOR[cmp.operator];
      const data = {
        id: `${idWritten} (${id.symbol.managed.display}.id)`,
        idType,
        other: otherWritten,
        otherType,
        left: idLeft ? idType : otherType,
        op,
        right: idLeft ? otherType : idType,
        cast,
      };
      const fixes: Fix[] = [
        {
          title: `Cast ${otherWritten} to ${idType} in a sql template (the type of ${id.symbol.managed.display}.id)`,
          isPreferred: true,
          // uuid → text never fails and gives the one form Postgres prints; text → uuid fails on a value that is not a uuid.
          safe: idType === 'text',
          edits: [...model.importEdits('drizzle-orm', ['sql']), { start: otherArg.start, end: otherArg.end, newText: cast }],
        },
      ];
      if (idType === 'text') ctx.report({ messageId: 'drizzleCastColumnToText', data, start: otherArg.start, end: otherArg.end, fixes });
      else ctx.report({ messageId: 'drizzleCastColumnToUuid', data, start: otherArg.start, end: otherArg.end, fixes });
      break;
    }
  }
}
