import { keywordCase } from '../../sqlText';
import { AuthTable } from '../../catalog';
import { originLabel } from '../../history';
import { primaryKeyConstraint } from '../../constraintNames';
import { droppedLater, FileTables, keyTracked, notNullTracked, nullCheckTracked, referencedAuthTable, rolledBackLater, tableNameIndex } from '../../tableDefs';
import { Fix, RelatedInformation, Span } from '../../types';
import { nullRejectingChecks } from '../../nullChecks';
import type { ColumnDef, ColumnReference } from '../../model';
import { alterBefore } from '../match-user-id-type';
import { defineRule, RuleContext } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'no-set-null-on-not-null';

export const REMOVE_NOT_NULL = 'Remove NOT NULL from the column (keep its rows without their user)';
export const CHANGE_TO_CASCADE = 'Change to ON DELETE CASCADE (delete its rows with their user)';
export const DROP_NOT_NULL_BEFORE = 'Drop NOT NULL from the column before this key (keep its rows without their user)';

/**
 * `no-set-null-on-not-null`: `ON DELETE SET NULL` on a foreign key to a Neon Auth user id whose
 * column is NOT NULL (a NOT NULL constraint, a primary key, or `ALTER TABLE … SET NOT NULL` earlier
 * in the file). Postgres accepts the DDL; the first delete of a referenced user then fails with a
 * not-null violation (SQLSTATE 23502), per the Postgres docs on referential actions.
 */
/** The messages of the SQL check and the Drizzle check (`drizzle.ts`). `{where}`: empty, or ` (<file>:<line>)` for a fact an earlier migration wrote. */
export const NO_SET_NULL_ON_NOT_NULL_MESSAGES = {
  setNullOnNotNull:
    'ON DELETE SET NULL on {column}, which is NOT NULL{where}: Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502). Make the column nullable, or delete the rows with the user (CASCADE).',
  setNotNullUnderSetNull:
    'SET NOT NULL on {column}, whose foreign key to {table}(id) sets it to NULL when the user is deleted (ON DELETE SET NULL{where}): Postgres accepts it, but deleting a user who still has rows here then fails with a not-null violation (SQLSTATE 23502). Keep the column nullable, or replace the key with one that deletes the rows (ON DELETE CASCADE).',
  /** `{where}`: empty, or ` (<file>:<line>)` for a CHECK an earlier migration wrote. */
  setNullOnNullCheck:
    'ON DELETE SET NULL on {column}, whose CHECK constraint rejects NULL ({column} IS NOT NULL{where}): Postgres accepts it, but deleting a user who still has rows here fails with a check violation (SQLSTATE 23514). Delete the rows with the user (CASCADE), or drop that CHECK.',
  setNullOnNotNullAndCheck:
    'ON DELETE SET NULL on {column}, which is NOT NULL{where} and has a CHECK constraint that rejects NULL ({column} IS NOT NULL{checkWhere}): Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502), and without the NOT NULL the CHECK still fails (23514). Delete the rows with the user (CASCADE).',
  checkUnderSetNull:
    'This CHECK rejects NULL in {column}, whose foreign key to {table}(id) sets it to NULL when the user is deleted (ON DELETE SET NULL{where}): Postgres accepts it, but deleting a user who still has rows here then fails with a check violation (SQLSTATE 23514). Let the CHECK accept NULL, or replace the key with one that deletes the rows (ON DELETE CASCADE).',
  setNullOnGenerated:
    'ON DELETE SET NULL on {column}, a generated column: Postgres rejects this foreign key (SQLSTATE 42601, invalid ON DELETE action for a foreign key containing a generated column), whether or not the column is NOT NULL. Delete the rows with the user (CASCADE).',
  drizzleSetNullOnNotNull:
    "onDelete 'set null' on {columns}, which is NOT NULL: Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502). Make the column nullable, or delete the rows with the user ('cascade').",
} as const;

export const noSetNullOnNotNull = defineRule({
  meta: {
    id: ID,
    description: 'ON DELETE SET NULL on a NOT NULL column referencing a Neon Auth user fails at the first delete of that user.',
    defaultSeverity: 'error',
    fix: 'suggestion',
    overview: {
      reports:
        '`ON DELETE SET NULL` on a foreign key to either user table whose column is NOT NULL (NOT NULL, primary key, or an earlier `SET NOT NULL`, also in an earlier migration of the set) or has a `CHECK (col IS NOT NULL)` (23514; a `DROP CONSTRAINT` of that CHECK, before the key or after it, undoes it; a key dropped later, or whose column a later `DROP NOT NULL` makes nullable, is not reported), on a stored generated column (Postgres rejects the key: 42601), and a later `SET NOT NULL` on a column whose key is `ON DELETE SET NULL`: the first delete of a referenced user fails (23502)',
      fixes:
        "remove the column's `NOT NULL` (preferred, when written in its definition; `ALTER COLUMN … DROP NOT NULL` before the key when an earlier migration made it NOT NULL; neither when a `CHECK` rejects NULL) or change to `ON DELETE CASCADE`",
    },
  },
  messages: NO_SET_NULL_ON_NOT_NULL_MESSAGES,
  drizzle: checkDrizzle,
  check(ctx) {
    const kw = keywordCase(ctx.sig, ctx.text);
    // Keys to a user id that are ON DELETE SET NULL on a NOT NULL column, with that column and the action's range.
    const flagged = ctx.model.foreignKeys.flatMap((fk) => {
      const { column: col, onDeleteSpan: action } = fk;
      if (!fk.authTable || fk.onDelete !== 'set null' || !action) return [];
      if (fk.targetColumns.length > 0 && !(fk.targetColumns.length === 1 && fk.targetColumns[0] === 'id')) return [];
      if (fk.columns.length !== 1 || !(col?.notNull || col?.nullCheck || col?.origin?.nullCheck || col?.generated)) return [];
      // `SET NULL (cols)` sets only the listed columns.
      if (fk.onDeleteColumns !== undefined && !fk.onDeleteColumns.includes(fk.columns[0])) return [];
      // Postgres rejects a generated column's key whatever comes later.
      if (col.generated) return [{ fk, col, action, check: undefined, notNull: col.notNull }];
      // A key, or a CHECK, that a later statement of the file or a later migration drops is not in
      // the schema they leave: no delete of a user runs into it.
      const tracked = keyTracked(ctx, fk);
      if (tracked && droppedLater(ctx, fk, tracked)) return [];
      let check = col.nullCheck ?? col.origin?.nullCheck;
      if (check && fk.table && droppedLater(ctx, fk, nullCheckTracked(fk.table.name, col))) check = undefined;
      // Likewise a NOT NULL that a later `ALTER COLUMN … DROP NOT NULL` (or the primary key's drop) ends:
      // Postgres accepts the key either way, and a delete fails only while the column is NOT NULL.
      let notNull = col.notNull;
      if (notNull && fk.table) {
        const def = ctx.tables.lookup(ctx.statement.end)(fk.table.schema, fk.table.name);
        const key = def?.primaryKey.includes(col.name) ? primaryKeyConstraint(def) : undefined;
        if (droppedLater(ctx, fk, notNullTracked(fk.table.name, col, key))) notNull = false;
      }
      return notNull || check ? [{ fk, col, action, check, notNull }] : [];
    });
    for (const { fk, col, action, check, notNull: isNotNull } of flagged) {
      // CASCADE in the case of the `SET NULL` it replaces; the statement's keyword case when that is mixed.
      const written = ctx.text.slice(action.start, action.end);
      const cascadeWord = /[a-z]/.test(written) === /[A-Z]/.test(written) ? kw('CASCADE') : /[a-z]/.test(written) ? 'cascade' : 'CASCADE';
      // `SET NULL (cols)` loses its column list: CASCADE takes none.
      const toCascade = (preferred: boolean): Fix => ({
        title: CHANGE_TO_CASCADE,
        isPreferred: preferred,
        safe: false,
        edits: [{ start: action.start, end: fk.onDeleteColumnsEnd ?? action.end, newText: cascadeWord }],
      });
      if (col.generated) {
        // Rejected whatever the column's nullability: removing NOT NULL would not do.
        ctx.report({ messageId: 'setNullOnGenerated', data: { column: col.name }, start: action.start, end: action.end, fixes: [toCascade(true)] });
        continue;
      }
      const fixes: Fix[] = [];
      // A CHECK (col IS NOT NULL) still rejects the NULL once the NOT NULL is gone: CASCADE alone works.
      // (Removing the CHECK is not offered: it may hold other conditions, and an earlier migration's is history.)
      // NOT NULL set by an earlier migration of the set: named, and undone in this file, before the key.
      const prior = isNotNull ? col.origin?.notNull : undefined;
      const related: RelatedInformation[] = prior ? [{ ...prior, message: `${col.name} is made NOT NULL here` }] : [];
      const inKey = fk.table !== undefined && ctx.model.lookup?.(fk.table.schema, fk.table.name)?.primaryKey.includes(col.name) === true;
      const dropBefore = prior && !inKey && !check ? alterBefore(ctx, col.name, kw('DROP NOT NULL')) : undefined;
      if (dropBefore) fixes.push({ title: DROP_NOT_NULL_BEFORE, isPreferred: true, safe: false, edits: [dropBefore] });
      // Removing the NOT NULL resolves every key on the column at once: offered when this is the only one.
      const notNull = isNotNull ? col.notNullSpan : undefined;
      const sharing = flagged.filter((x) => x.notNull && x.col.notNullSpan?.start === notNull?.start).length;
      if (notNull && sharing === 1 && !check) {
        // Remove `NOT NULL` with the blanks before it, so the rest of the line keeps its layout.
        let start = notNull.start;
        while (start > 0 && /[ \t\r\n]/.test(ctx.text[start - 1])) start--;
        fixes.push({ title: REMOVE_NOT_NULL, isPreferred: true, safe: false, edits: [{ start, end: notNull.end, newText: '' }] });
      }
      fixes.push(toCascade(fixes.length === 0));
      const where = prior ? ` (${originLabel(prior)})` : '';
      const checkOrigin = !check || col.nullCheck ? undefined : col.origin?.nullCheck;
      if (checkOrigin) related.push({ ...checkOrigin, message: `this CHECK rejects NULL in ${col.name}` });
      const checkWhere = checkOrigin ? `, ${originLabel(checkOrigin)}` : '';
      const at = { start: action.start, end: action.end, fixes, ...(related.length > 0 ? { related } : {}) };
      if (!check) ctx.report({ messageId: 'setNullOnNotNull', data: { column: col.name, where }, ...at });
      else if (!isNotNull) ctx.report({ messageId: 'setNullOnNullCheck', data: { column: col.name, where: checkWhere }, ...at });
      else ctx.report({ messageId: 'setNullOnNotNullAndCheck', data: { column: col.name, where, checkWhere }, ...at });
    }
    checkSetNotNull(ctx);
  },
});

/**
 * `ALTER TABLE … ALTER [COLUMN] c SET NOT NULL` on a column whose foreign key to a user id, added
 * earlier (in this file or an earlier migration of the set), sets it to NULL on delete: reported
 * on the `SET NOT NULL`, the statement that creates the conflict. No fix: the key may be history.
 */
/** The column's one-column foreign key to a Neon Auth user id that is `ON DELETE SET NULL` (for `name`), with that user table, if any. */
function setNullReference(tables: FileTables, col: ColumnDef | undefined, name: string): { ref: ColumnReference; table: AuthTable } | undefined {
  for (const ref of col?.references ?? []) {
    const table = referencedAuthTable(tables, ref);
    if (!table || (ref.column !== undefined && ref.column !== 'id') || ref.onDelete !== 'set null') continue;
    if (ref.onDeleteColumns !== undefined && !ref.onDeleteColumns.includes(name)) continue;
    return { ref, table };
  }
  return undefined;
}

function checkSetNotNull(ctx: RuleContext<typeof NO_SET_NULL_ON_NOT_NULL_MESSAGES>): void {
  const sig = ctx.sig;
  const at = tableNameIndex(sig, 'alter');
  // a SET NOT NULL or CHECK that a later ROLLBACK undoes never meets a delete
  if (at < 0 || !ctx.model.lookup || rolledBackLater(ctx, sig.list[at].value)) return;
  const schema = sig.isPunct(at - 1, '.') ? sig.list[at - 2]?.value : undefined;
  const def = ctx.model.lookup(schema, sig.list[at].value);
  if (!def) return;
  // The table right after this statement: a key it drops (and adds again, e.g. as CASCADE) is not the one a delete meets.
  const after = ctx.tables.lookup(ctx.statement.end)(schema, sig.list[at].value);
  /** Reports `span` of this ALTER TABLE when column `name` has an ON DELETE SET NULL key to a user table. */
  const report = (messageId: 'checkUnderSetNull' | 'setNotNullUnderSetNull', name: string, span: Span): void => {
    const found = setNullReference(
      ctx.tables,
      def.columns.find((x) => x.name === name),
      name,
    );
    if (!found) return;
    const { ref, table } = found;
    const kept = (c: ColumnDef): boolean => (c.references ?? []).some((r) => r.constraint === ref.constraint && r.onDelete === 'set null');
    if (after && !after.columns.some(kept)) return;
    const where = ref.origin ? ` (${originLabel(ref.origin)})` : '';
    const finding = { messageId, data: { column: name, table: table.display, where }, ...span, fixes: [] };
    ctx.report(ref.origin ? { ...finding, related: [{ ...ref.origin, message: `the foreign key of ${name} is ON DELETE SET NULL here` }] } : finding);
  };
  // ADD [CONSTRAINT n] CHECK (c IS NOT NULL …): 23514 at the first delete
  for (const [name, span] of nullRejectingChecks(sig, at + 1)) report('checkUnderSetNull', name, span);
  // ALTER [COLUMN] c SET NOT NULL: 23502 at the first delete
  let depth = 0;
  for (let k = at + 1; k < sig.list.length; k++) {
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) depth--;
    if (depth !== 0 || !sig.isWord(k, 'alter')) continue;
    const c = sig.isWord(k + 1, 'column') ? k + 2 : k + 1;
    if (!sig.isWord(c + 1, 'set') || !sig.isWord(c + 2, 'not') || !sig.isWord(c + 3, 'null')) continue;
    const name = sig.list[c]?.value;
    if (name !== undefined) report('setNotNullUnderSetNull', name, { start: sig.list[c + 1].start, end: sig.list[c + 3].end });
  }
}
