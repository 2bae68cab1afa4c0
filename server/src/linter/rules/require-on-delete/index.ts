import { keywordCase, spacedInsert } from '../../sqlText';
import { Fix } from '../../types';
import { docsUrl, Rule } from '../rule';

const ID = 'require-on-delete';

/**
 * `require-on-delete`: a foreign key to a Neon Auth user table must say what happens to the
 * referencing rows when the user is deleted. Without an `ON DELETE` clause Postgres uses
 * `NO ACTION` (per the Postgres docs on referential actions), so deleting a user who owns rows
 * fails. Neon's best practices: `CASCADE` for personal data, `SET NULL` for content that should
 * outlive its author (only possible on a nullable column).
 */
export const requireOnDelete: Rule = {
  meta: {
    id: ID,
    description: 'A foreign key to a Neon Auth user table needs an ON DELETE action (CASCADE or SET NULL).',
    defaultSeverity: 'warning',
    fix: 'suggestion',
    docsUrl: docsUrl(ID),
  },
  check(ctx) {
    const kw = keywordCase(ctx.sig, ctx.text);
    for (const fk of ctx.model.foreignKeys) {
      const table = fk.authTable;
      if (!table || fk.onDelete !== undefined) continue;
      if (fk.targetColumns.length > 0 && !(fk.targetColumns.length === 1 && fk.targetColumns[0] === 'id')) continue;
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
      const nullable = fk.column === undefined ? undefined : !fk.column.notNull;
      let fixes: Fix[];
      if (nullable === false) fixes = [{ ...cascade, isPreferred: true }];
      else if (nullable === true) fixes = [{ ...setNull, isPreferred: true }, cascade];
      else fixes = [{ ...cascade, isPreferred: true }, setNull];
      const consequence =
        table.generation === 'legacy'
          ? 'say what happens to these rows when the user is deleted'
          : 'without one, deleting a user who owns rows here fails (NO ACTION)';
      ctx.report({
        message: `Foreign key to ${table.display}(id) has no ON DELETE action; ${consequence}: CASCADE for personal data, SET NULL for content that should outlive its author.`,
        start: fk.referencesStart,
        end: fk.referencesEnd,
        fixes,
      });
    }
  },
};
