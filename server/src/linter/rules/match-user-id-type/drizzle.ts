import type { DrizzleColumn } from '../../drizzle';
import type { DrizzleContext } from '../rule';
import type { MATCH_USER_ID_TYPE_MESSAGES } from '.';

/** Drizzle column builders Postgres can compare with the legacy `text` id (each has an implicit cast to text). */
const TEXT_BUILDERS = new Set(['text', 'varchar', 'char']);

/** Builder methods only a uuid column has (`defaultRandom`): the builder cannot change with them there. */
const UUID_ONLY = new Set(['defaultRandom']);

/**
 * `match-user-id-type` on Drizzle schemas: the builder of a column that references a Neon Auth user
 * id (`.references(() => X.id)`, or a `foreignKey` naming it) must make a column of the id's type:
 * `text()` (or `varchar()`/`char()`) for `users_sync.id`, `uuid()` for `"user".id`; anything else
 * is rejected when drizzle-kit creates the key (SQLSTATE 42804). The fix changes the builder,
 * keeps the column name argument, and drops the old builder's import when nothing else uses it.
 */
export function checkDrizzle(ctx: DrizzleContext<typeof MATCH_USER_ID_TYPE_MESSAGES>): void {
  const { model } = ctx;
  const checked = new Set<DrizzleColumn>();
  const check = (col: DrizzleColumn, display: string, expected: 'text' | 'uuid'): void => {
    if (checked.has(col)) return;
    checked.add(col);
    const array = col.methods.find((m) => m.name === 'array');
    if (array) {
      // `text().array()` is text[]: no builder makes an array reference one user.
      ctx.report({
        messageId: 'drizzleArrayColumn',
        data: { column: col.name, builder: col.builderLocal, target: `${display}(id)`, expected },
        start: col.builderStart,
        end: array.call.end,
        fixes: [],
      });
      return;
    }
    const ok = expected === 'text' ? TEXT_BUILDERS.has(col.builder) : col.builder === 'uuid';
    if (ok) return;
    const call = col.builderCall;
    const name = call.arguments[0];
    const keep =
      name && (name.type === 'StringLiteral' || (name.type === 'TemplateLiteral' && name.expressions.length === 0)) ? ctx.text.slice(name.start, name.end) : '';
    const blocked = col.methods.some((m) => UUID_ONLY.has(m.name));
    const memberStyle = call.callee.type === 'MemberExpression'; // `(t) => ({ id: t.uuid() })`
    const fixes = blocked
      ? []
      : [
          {
            title: `Change the column builder to ${expected}()`,
            isPreferred: true,
            safe: true,
            edits: [
              ...(memberStyle
                ? []
                : model.importSwapEdits('drizzle-orm/pg-core', expected, col.builderLocal, [{ start: col.builderStart, end: col.builderEnd }])),
              { start: col.builderStart, end: call.end, newText: `${memberStyle ? expected : model.localName('drizzle-orm/pg-core', expected)}(${keep})` },
            ],
          },
        ];
    ctx.report({
      messageId: 'drizzleWrongBuilder',
      data: {
        column: col.name,
        builder: col.builderLocal,
        target: `${display}(id)`,
        expected,
        randomNote: blocked ? ' (without .defaultRandom(): the user table gives the id)' : '',
      },
      start: col.builderStart,
      end: call.end,
      fixes,
    });
  };
  for (const col of model.columns) {
    const ref = col.references;
    if (ref?.target.users && ref.targetColumn === 'id') check(col, ref.target.users.display, ref.target.users.generation === 'legacy' ? 'text' : 'uuid');
  }
  for (const fk of model.foreignKeys) {
    if (fk.targetColumn !== 'id' || fk.columns.length !== 1 || !fk.columns[0]) continue;
    const users = fk.target.users;
    if (!users) continue;
    check(fk.columns[0], users.display, users.generation === 'legacy' ? 'text' : 'uuid');
  }
}
