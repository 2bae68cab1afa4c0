import { columnRefs, FromEntry, refersTo, RelationRef } from '../../model';
import { keywordCase } from '../../sqlText';
import { Fix, TextEdit } from '../../types';
import { docsUrl, Rule } from '../rule';

const ID = 'require-deleted-at-filter';

/**
 * `require-deleted-at-filter`: legacy Neon Auth soft-deletes users (`deleted_at` is set, the row
 * stays), so a query that reads `neon_auth.users_sync` without a `deleted_at` condition shows
 * deleted users. Per Neon's Neon Auth best practices ("Filter out deleted users").
 */
export const requireDeletedAtFilter: Rule = {
  meta: {
    id: ID,
    description: 'A query that reads neon_auth.users_sync must filter soft-deleted users (deleted_at IS NULL).',
    defaultSeverity: 'warning',
    fix: 'suggestion',
    docsUrl: docsUrl(ID),
  },
  check(ctx) {
    const kw = keywordCase(ctx.sig, ctx.text);
    for (const scope of ctx.model.scopes) {
      for (const entry of scope.from) {
        const rel = entry.relation;
        if (rel?.authTable?.generation !== 'legacy') continue;
        if (mentionsDeletedAt(scope.where, rel) || mentionsDeletedAt(entry.on, rel)) continue;
        const condition = `${rel.qualifier}.deleted_at ${kw('IS NULL')}`;
        const fixes: Fix[] = [];
        const optional = entry.kind === 'left';
        // 1. WHERE: the best-practices page's form.
        let whereEdits: TextEdit[] | undefined;
        if (scope.where === undefined) {
          whereEdits = [{ start: scope.fromListEnd, end: scope.fromListEnd, newText: ` ${kw('WHERE')} ${condition}` }];
        } else if (scope.whereStart !== undefined && scope.whereEnd !== undefined) {
          whereEdits = appendCondition(scope.where, scope.whereStart, scope.whereEnd, condition, kw('AND'));
        }
        if (whereEdits) {
          fixes.push({
            title: optional
              ? `Add ${condition} to WHERE (drops rows whose user was soft-deleted)`
              : `Add ${condition} to WHERE (filters soft-deleted users)`,
            isPreferred: true,
            safe: false,
            edits: whereEdits,
          });
        }
        // 2. The join's ON: keeps the rows of the preserved side, hides the deleted user.
        if ((entry.kind === 'left' || entry.kind === 'inner') && entry.on !== undefined && entry.onStart !== undefined && entry.onEnd !== undefined) {
          fixes.push({
            title: optional
              ? `Add ${condition} to the JOIN's ON (keeps the rows, hides the soft-deleted user)`
              : `Add ${condition} to the JOIN's ON condition`,
            isPreferred: false,
            safe: false,
            edits: appendCondition(entry.on, entry.onStart, entry.onEnd, condition, kw('AND')),
          });
        }
        ctx.report({
          message: `Query reads ${rel.authTable.display} without filtering soft-deleted users; add ${condition}.`,
          start: rel.start,
          end: rel.end,
          fixes,
        });
      }
    }
  },
};

/** Whether a condition mentions the relation's `deleted_at` (qualified, or unqualified). */
function mentionsDeletedAt(expr: FromEntry['on'], rel: RelationRef): boolean {
  if (expr === undefined) return false;
  return columnRefs(expr).some((r) => r.name === 'deleted_at' && (r.table === undefined || refersTo(r, rel)));
}

/** Edits that AND a condition onto an existing one, parenthesizing a top-level OR (AND binds tighter). */
function appendCondition(expr: { type?: string; op?: string }, start: number, end: number, condition: string, and: string): TextEdit[] {
  if (expr.type === 'binary' && expr.op === 'OR') {
    return [
      { start, end: start, newText: '(' },
      { start: end, end, newText: `) ${and} ${condition}` },
    ];
  }
  return [{ start: end, end, newText: ` ${and} ${condition}` }];
}
