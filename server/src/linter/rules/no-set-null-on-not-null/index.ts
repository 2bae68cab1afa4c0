import { keywordCase } from '../../sqlText';
import { Fix } from '../../types';
import { docsUrl, Rule } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'no-set-null-on-not-null';

export const REMOVE_NOT_NULL = 'Remove NOT NULL from the column (keep its rows without their user)';
export const CHANGE_TO_CASCADE = 'Change to ON DELETE CASCADE (delete its rows with their user)';

/**
 * `no-set-null-on-not-null`: `ON DELETE SET NULL` on a foreign key to a Neon Auth user id whose
 * column is NOT NULL (a NOT NULL constraint, a primary key, or `ALTER TABLE … SET NOT NULL` earlier
 * in the file). Postgres accepts the DDL; the first delete of a referenced user then fails with a
 * not-null violation (SQLSTATE 23502), per the Postgres docs on referential actions.
 */
export const noSetNullOnNotNull: Rule = {
  meta: {
    id: ID,
    description: 'ON DELETE SET NULL on a NOT NULL column referencing a Neon Auth user fails at the first delete of that user.',
    defaultSeverity: 'error',
    fix: 'suggestion',
    docsUrl: docsUrl(ID),
    overview: {
      reports:
        '`ON DELETE SET NULL` on a foreign key to either user table whose column is NOT NULL (NOT NULL, primary key, or an earlier `SET NOT NULL`): the first delete of a referenced user fails (23502)',
      fixes: "remove the column's `NOT NULL` (preferred, when written in its definition) or change to `ON DELETE CASCADE`",
    },
  },
  drizzle: checkDrizzle,
  check(ctx) {
    const kw = keywordCase(ctx.sig, ctx.text);
    const flagged = ctx.model.foreignKeys.filter((fk) => {
      if (!fk.authTable || fk.onDelete !== 'set null' || fk.onDeleteStart === undefined || fk.onDeleteEnd === undefined) return false;
      if (fk.targetColumns.length > 0 && !(fk.targetColumns.length === 1 && fk.targetColumns[0] === 'id')) return false;
      if (fk.columns.length !== 1 || !fk.column?.notNull) return false;
      // `SET NULL (cols)` sets only the listed columns.
      return fk.onDeleteColumns === undefined || fk.onDeleteColumns.includes(fk.columns[0]);
    });
    for (const fk of flagged) {
      const col = fk.column!;
      if (fk.onDeleteStart === undefined || fk.onDeleteEnd === undefined) continue;
      const fixes: Fix[] = [];
      // Removing the NOT NULL resolves every key on the column at once: offered when this is the only one.
      const sharing = flagged.filter((x) => x.column!.notNullStart === col.notNullStart).length;
      if (col.notNullStart !== undefined && col.notNullEnd !== undefined && sharing === 1) {
        // Remove `NOT NULL` with the blanks before it, so the rest of the line keeps its layout.
        let start = col.notNullStart;
        while (start > 0 && /[ \t\r\n]/.test(ctx.text[start - 1])) start--;
        fixes.push({ title: REMOVE_NOT_NULL, isPreferred: true, safe: false, edits: [{ start, end: col.notNullEnd, newText: '' }] });
      }
      // CASCADE in the case of the `SET NULL` it replaces; the statement's keyword case when that is mixed.
      const written = ctx.text.slice(fk.onDeleteStart, fk.onDeleteEnd);
      const cascade = /[a-z]/.test(written) === /[A-Z]/.test(written) ? kw('CASCADE') : /[a-z]/.test(written) ? 'cascade' : 'CASCADE';
      fixes.push({
        title: CHANGE_TO_CASCADE,
        isPreferred: fixes.length === 0,
        safe: false,
        // `SET NULL (cols)` loses its column list: CASCADE takes none.
        edits: [{ start: fk.onDeleteStart, end: fk.onDeleteColumnsEnd ?? fk.onDeleteEnd, newText: cascade }],
      });
      ctx.report({
        message: `ON DELETE SET NULL on ${col.name}, which is NOT NULL: Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502). Make the column nullable, or delete the rows with the user (CASCADE).`,
        start: fk.onDeleteStart,
        end: fk.onDeleteEnd,
        fixes,
      });
    }
  },
};
