import { keywordCase, spacedInsert } from '../../sqlText';
import { AuthTable } from '../../catalog';
import { ForeignKey } from '../../model';
import { Fix, TextEdit } from '../../types';
import { droppedLater, keyTracked } from '../../tableDefs';
import { defineRule, RuleContext } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'require-on-delete';

/**
 * `require-on-delete`: a foreign key to a Neon Auth user table must say what happens to the
 * referencing rows when the user is deleted. Without an `ON DELETE` clause Postgres uses
 * `NO ACTION` (per the Postgres docs on referential actions), so deleting a user who owns rows
 * fails. Neon's best practices: `CASCADE` for personal data, `SET NULL` for content that should
 * outlive its author (only possible on a nullable column).
 */
const LEGACY_CONSEQUENCE = 'say what happens to these rows when the user is deleted';
const CURRENT_CONSEQUENCE = 'without one, deleting a user who owns rows here fails (NO ACTION)';

/** The messages of the SQL check and the Drizzle check (`drizzle.ts`); `{table}` is the user table. */
export const REQUIRE_ON_DELETE_MESSAGES = {
  missingLegacy: `Foreign key to {table}(id) has no ON DELETE action; ${LEGACY_CONSEQUENCE}: CASCADE for personal data, SET NULL for content that should outlive its author.`,
  missingCurrent: `Foreign key to {table}(id) has no ON DELETE action; ${CURRENT_CONSEQUENCE}: CASCADE for personal data, SET NULL for content that should outlive its author.`,
  blockingAction:
    'ON DELETE {action} on a foreign key to {table}(id): Neon Auth deletes users for real, so deleting a user who owns rows here fails (23503). Use CASCADE for personal data, SET NULL for content that should outlive its author.',
  /** Drizzle: `{form}` is `.references()` or `foreignKey()`, `{option}` its `onDelete` or `.onDelete()`. */
  drizzleMissingLegacy: `{form} to {table}(id) has no {option}; ${LEGACY_CONSEQUENCE}: 'cascade' for personal data, 'set null' for content that should outlive its author.`,
  drizzleMissingCurrent: `{form} to {table}(id) has no {option}; ${CURRENT_CONSEQUENCE}: 'cascade' for personal data, 'set null' for content that should outlive its author.`,
  drizzleBlockingAction:
    "onDelete '{action}' on a foreign key to {table}(id): Neon Auth deletes users for real, so deleting a user who owns rows here fails (23503). Use 'cascade' for personal data, 'set null' for content that should outlive its author.",
} as const;

export const requireOnDelete = defineRule({
  meta: {
    id: ID,
    description: 'A foreign key to a Neon Auth user table needs an ON DELETE action (CASCADE or SET NULL).',
    defaultSeverity: 'warning',
    fix: 'suggestion',
    overview: {
      reports:
        'a foreign key to `users_sync(id)` or to the current `neon_auth."user"(id)` (column constraint, table constraint, `ALTER TABLE … ADD CONSTRAINT`, `ALTER TABLE … ADD COLUMN`) with no `ON DELETE` action; for `"user"` (hard delete) also an explicit `NO ACTION`/`RESTRICT` (drizzle-kit\'s default), which makes deleting a user who owns rows fail (23503)',
      fixes:
        "`ON DELETE CASCADE` (personal data) or `ON DELETE SET NULL` (content; only on nullable columns that are not generated, and that no `CHECK` and no later `SET NOT NULL` of the file or set makes reject NULL); the preferred one follows the column's nullability",
    },
    reportsAbsence: true,
  },
  messages: REQUIRE_ON_DELETE_MESSAGES,
  drizzle: checkDrizzle,
  check(ctx) {
    const kw = keywordCase(ctx.sig, ctx.text);
    for (const fk of ctx.model.foreignKeys) {
      const table = fk.authTable;
      if (!table) continue;
      if (fk.targetColumns.length > 0 && !(fk.targetColumns.length === 1 && fk.targetColumns[0] === 'id')) continue;
      // The current table hard-deletes users: an explicit NO ACTION or RESTRICT (drizzle-kit writes
      // `ON DELETE no action` by default) blocks deleting any user who owns rows here.
      const blocking = table.generation === 'current' && (fk.onDelete === 'no action' || fk.onDelete === 'restrict');
      if (fk.onDelete !== undefined && !blocking) continue;
      // A key a later statement of the file or a later migration drops is not in the schema they
      // leave: what it does when a user is deleted never happens.
      const tracked = keyTracked(ctx, fk);
      if (tracked && droppedLater(ctx, fk, tracked)) continue;
      if (blocking) {
        reportBlocking(ctx, fk, table, kw);
        continue;
      }
      const at = fk.actionInsertAt;
      const cascade: Fix = {
        title: 'Add ON DELETE CASCADE (delete these rows with the user: personal data)',
        isPreferred: false,
        safe: false,
        edits: [{ start: at, end: at, newText: spacedInsert(ctx.text, at, ` ${kw('ON DELETE CASCADE')}`) }],
      };
      const setNull: Fix = {
        title: 'Add ON DELETE SET NULL (keep these rows without their user: content)',
        isPreferred: false,
        safe: false,
        edits: [{ start: at, end: at, newText: spacedInsert(ctx.text, at, ` ${kw('ON DELETE SET NULL')}`) }],
      };
      const nullable = nullableColumn(ctx, fk);
      let fixes: Fix[];
      // SET NULL on a stored generated column: Postgres rejects the key (42601)
      if (nullable === false || fk.column?.generated) fixes = [{ ...cascade, isPreferred: true }];
      else if (nullable === true) fixes = [{ ...setNull, isPreferred: true }, cascade];
      else fixes = [{ ...cascade, isPreferred: true }, setNull];
      ctx.report({
        messageId: table.generation === 'legacy' ? 'missingLegacy' : 'missingCurrent',
        data: { table: table.display },
        start: fk.referencesSpan.start,
        end: fk.referencesSpan.end,
        fixes,
      });
    }
  },
});

/**
 * Whether the key's column can take the NULL that `ON DELETE SET NULL` writes: false when it is NOT
 * NULL (also in a primary key) or a CHECK rejects NULL in it here, or when a later `ALTER TABLE` of
 * the file or a later migration of the set makes it so (SET NULL would then fail the first delete
 * of a user, 23502 or 23514, and no-set-null-on-not-null would report it); undefined when its
 * definition is unknown and nothing later says so.
 */
function nullableColumn(ctx: RuleContext<typeof REQUIRE_ON_DELETE_MESSAGES>, fk: ForeignKey): boolean | undefined {
  const col = fk.column;
  if (col && (col.notNull || col.nullCheck || col.origin?.nullCheck)) return false;
  const name = fk.columns.length === 1 ? fk.columns[0] : undefined;
  if (fk.table && name !== undefined) {
    if (ctx.tables.rejectsNullAfter(fk.table.schema, fk.table.name, name, ctx.statement.end)) return false;
    if ((ctx.later?.rejectsNull(fk.table.name, name).length ?? 0) > 0) return false;
  }
  return col === undefined ? undefined : true;
}

/**
 * `ON DELETE NO ACTION | RESTRICT` to the current `neon_auth."user"`: deleting a user who owns rows
 * fails (SQLSTATE 23503). Fixes replace the action: CASCADE, or SET NULL on a nullable column;
 * neither is preferred, since the action was written on purpose or by a tool the user chose.
 * `table` is the user table the key references.
 */
function reportBlocking(ctx: RuleContext<typeof REQUIRE_ON_DELETE_MESSAGES>, fk: ForeignKey, table: AuthTable, kw: (s: string) => string): void {
  const action = fk.onDeleteSpan;
  if (!action) return;
  const written = ctx.text.slice(action.start, action.end);
  const replace = (words: string): TextEdit => ({
    start: action.start,
    end: action.end,
    newText: spacedInsert(ctx.text, action.end, kw(words)),
  });
  const nullable = nullableColumn(ctx, fk);
  // The action is written in the SQL: a choice someone made, so neither fix is preferred and no
  // bulk fix (--fix --unsafe-fixes, Fix All) ever overrides it; the menu still offers both.
  const cascade: Fix = {
    title: 'Change to ON DELETE CASCADE (delete these rows with the user: personal data)',
    isPreferred: false,
    safe: false,
    edits: [replace('CASCADE')],
  };
  const setNull: Fix = {
    title: 'Change to ON DELETE SET NULL (keep these rows without their user: content)',
    isPreferred: false,
    safe: false,
    edits: [replace('SET NULL')],
  };
  const fixes = nullable === false || fk.column?.generated ? [cascade] : nullable === true ? [setNull, cascade] : [cascade, setNull];
  ctx.report({
    messageId: 'blockingAction',
    data: { action: written.toUpperCase(), table: table.display },
    start: action.start,
    end: action.end,
    fixes,
  });
}
