import type { DrizzleColumn, Literal } from '../../drizzle';
import type { Fix, TextEdit } from '../../types';
import type { DrizzleContext, MessageOf } from '../rule';
import type { REQUIRE_ON_DELETE_MESSAGES } from '.';

type Ctx = DrizzleContext<typeof REQUIRE_ON_DELETE_MESSAGES>;

/** What each action does to the referencing rows, in the fix titles. */
const CASCADE_MEANS = '(delete these rows with the user: personal data)';
const SET_NULL_MEANS = '(keep these rows without their user: content)';

/**
 * `require-on-delete` on Drizzle schemas: `.references(() => X.id)` and `foreignKey({ …,
 * foreignColumns: [X.id] })` to a Neon Auth user table without `onDelete` (drizzle-kit then writes
 * `ON DELETE no action`), and, for the current `neon_auth."user"` (hard delete), with `'no action'`
 * or `'restrict'`. Fixes add `{ onDelete: 'cascade' }` / `'set null'` (preferred by the column's
 * nullability) or `.onDelete('cascade')`, in the file's quotes.
 */
export function checkDrizzle(ctx: Ctx): void {
  const { model } = ctx;
  const q = (s: string): string => `${model.quote}${s}${model.quote}`;
  for (const col of model.columns) {
    const ref = col.references;
    if (!ref || !ref.target.users || ref.targetColumn !== 'id') continue;
    const table = ref.target.users;
    if (ref.onDelete && !blocking(table.generation, ref.onDelete)) continue;
    const nullable = !col.notNull;
    const written = ref.onDelete;
    if (written) {
      reportBlocking(ctx, table.display, written, nullable, (action) => ({ start: written.start, end: written.end, newText: q(action) }));
      continue;
    }
    const options = ref.args[1];
    const edit = (action: string): TextEdit => {
      if (options?.type === 'ObjectExpression') {
        const first = options.properties[0];
        if (!first) return { start: options.start, end: options.end, newText: `{ onDelete: ${q(action)} }` };
        return { start: first.start, end: first.start, newText: `onDelete: ${q(action)}, ` };
      }
      const last = ref.args[ref.args.length - 1];
      return { start: last.end, end: last.end, newText: `, { onDelete: ${q(action)} }` };
    };
    ctx.report({
      ...message(table.display, table.generation, '.references()', 'onDelete'),
      start: ref.start,
      end: ref.end,
      fixes: addFixes(nullable, edit, (action) => `onDelete: '${action}'`),
    });
  }
  for (const fk of model.foreignKeys) {
    const table = fk.target.users;
    if (!table || fk.targetColumn !== 'id') continue;
    const nullable = fk.columns.length === 0 || fk.columns.some((c) => c === undefined) ? undefined : fk.columns.every((c) => !(c as DrizzleColumn).notNull);
    const written = fk.onDelete;
    if (written) {
      if (!blocking(table.generation, written) || written.value === '?') continue;
      reportBlocking(ctx, table.display, written, nullable, (action) => ({ start: written.start, end: written.end, newText: q(action) }));
      continue;
    }
    const callee = fk.call.callee;
    ctx.report({
      ...message(table.display, table.generation, 'foreignKey()', '.onDelete()'),
      start: callee.start,
      end: fk.call.end,
      fixes: addFixes(
        nullable,
        (action) => ({ start: fk.call.end, end: fk.call.end, newText: `.onDelete(${q(action)})` }),
        (action) => `.onDelete('${action}')`,
      ),
    });
  }
}

function blocking(generation: string, onDelete: Literal): boolean {
  return generation === 'current' && (onDelete.value === 'no action' || onDelete.value === 'restrict');
}

function message(display: string, generation: string, form: string, option: string): MessageOf<typeof REQUIRE_ON_DELETE_MESSAGES> {
  return { messageId: generation === 'legacy' ? 'drizzleMissingLegacy' : 'drizzleMissingCurrent', data: { form, table: display, option } };
}

/** The two fixes that add an action, preferred by nullability; `written(action)` is how the title shows it. */
function addFixes(nullable: boolean | undefined, edit: (action: string) => TextEdit, written: (action: string) => string): Fix[] {
  const cascade: Fix = { title: `Add ${written('cascade')} ${CASCADE_MEANS}`, isPreferred: false, safe: false, edits: [edit('cascade')] };
  const setNull: Fix = { title: `Add ${written('set null')} ${SET_NULL_MEANS}`, isPreferred: false, safe: false, edits: [edit('set null')] };
  if (nullable === false) return [{ ...cascade, isPreferred: true }];
  if (nullable === true) return [{ ...setNull, isPreferred: true }, cascade];
  return [{ ...cascade, isPreferred: true }, setNull];
}

/** `'no action'` / `'restrict'` to the current user table: both replacements offered, neither preferred (the action was written on purpose). */
function reportBlocking(ctx: Ctx, display: string, onDelete: Literal, nullable: boolean | undefined, edit: (action: string) => TextEdit): void {
  const cascade: Fix = {
    title: `Change to 'cascade' ${CASCADE_MEANS}`,
    isPreferred: false,
    safe: false,
    edits: [edit('cascade')],
  };
  const setNull: Fix = {
    title: `Change to 'set null' ${SET_NULL_MEANS}`,
    isPreferred: false,
    safe: false,
    edits: [edit('set null')],
  };
  ctx.report({
    messageId: 'drizzleBlockingAction',
    data: { action: onDelete.value, table: display },
    start: onDelete.start,
    end: onDelete.end,
    fixes: nullable === false ? [cascade] : nullable === true ? [setNull, cascade] : [cascade, setNull],
  });
}
