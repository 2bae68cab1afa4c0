import { AuthColumn } from '../../catalog';
import { authColumnsOf, authTableDisplay, columnRefs, conjuncts, FromEntry, isNode, QueryScope, refersTo, RelationRef } from '../../model';
import { appendCondition } from '../../edits';
import { clauseInsert, keywordCase, sqlIdent } from '../../sqlText';
import { Fix, Span, TextEdit } from '../../types';
import { SigTokens } from '../../tokens';
import { defineRule } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'require-deleted-at-filter';

/**
 * `require-deleted-at-filter`: legacy Neon Auth soft-deletes users (`deleted_at` is set, the row
 * stays), so a query that reads `neon_auth.users_sync` without a `deleted_at` condition shows
 * deleted users. Per Neon's Neon Auth best practices ("Filter out deleted users").
 */
/** The messages of the SQL check and the Drizzle check (`drizzle.ts`). `{filter}`: the condition the preferred fix adds. */
export const REQUIRE_DELETED_AT_FILTER_MESSAGES = {
  missingFilter: 'Query reads {table} without filtering soft-deleted users; add {filter}.',
  negatedMissingFilter:
    'This NOT EXISTS / NOT IN reads {table} without a deleted_at condition, so a soft-deleted user still counts as present; add {filter} inside it if they should count as absent (the outer statement then also matches their rows).',
  antiJoinMissingFilter:
    'This join keeps only the rows with no user ({test}) and reads {table} without a deleted_at condition, so a soft-deleted user still counts as present; add {filter} to the ON if they should count as absent (the query then also returns their rows).',
  countMissingFilter: 'Count reads {table} without filtering soft-deleted users; add {filter}.',
  /** `{column}`: the column the alias's list gives deleted_at's name ({name}); `{ref}`: `<alias>.<name>`. */
  hiddenDeletedAt:
    'The column list of {alias} renames {column} to {name}, the name the real deleted_at has there too: {ref} is ambiguous (Postgres rejects every reference to it: SQLSTATE 42702), so this query cannot filter the soft-deleted users of {table}. Give {column} another name in the list, then add {ref} IS NULL.',
  relationalLoad:
    'Relational query loads {relation} from {table} with no deleted_at filter, so soft-deleted users are loaded too; check {relation}.deletedAt before showing it, or select with leftJoin(…) and isNull(….deletedAt).',
} as const;

export const requireDeletedAtFilter = defineRule({
  meta: {
    id: ID,
    description: 'A query that reads neon_auth.users_sync must filter soft-deleted users (deleted_at IS NULL).',
    defaultSeverity: 'warning',
    fix: 'suggestion',
    overview: {
      reports:
        'a query (also in CTEs, subqueries, views, `UPDATE … FROM`, `INSERT … SELECT`) reads `users_sync` and never reads its `deleted_at` (WHERE, ON, select list, FILTER, CASE, GROUP BY, HAVING, ORDER BY); not with `authSchema` `current`, where `match-auth-schema` reports the table',
      fixes:
        "add `<alias>.deleted_at IS NULL` to WHERE (preferred: drops rows whose user was soft-deleted) or to the join's ON (keeps the rows, hides the user)",
    },
    reportsAbsence: true,
  },
  messages: REQUIRE_DELETED_AT_FILTER_MESSAGES,
  drizzle: checkDrizzle,
  check(ctx) {
    // With authSchema "current" users_sync does not exist: match-auth-schema says so, and a filter on it is no advice.
    if (ctx.auth.setting === 'current') return;
    const kw = keywordCase(ctx.sig, ctx.text);
    for (const scope of ctx.model.scopes) {
      scope.from.forEach((entry, k) => {
        const rel = entry.relation;
        if (rel?.authTable?.generation !== 'legacy') return;
        // `AS u(r, i, …)` renames the first columns: deleted_at keeps its name unless the list reaches it
        const columns = authColumnsOf(rel);
        const deletedAt = columns?.find((c, k) => rel.authTable?.columns[k]?.name === 'deleted_at')?.name;
        // The join whose ON decides which user rows match: this entry's own (LEFT/INNER JOIN), or,
        // when the user table is the left side of a RIGHT JOIN, the next entry's.
        const next = scope.from[k + 1];
        // an alias list that cannot be read
        if (columns === undefined || deletedAt === undefined) return;
        // `u(deleted_at)` names raw_json deleted_at, and deleted_at keeps its name: two columns of
        // that name, so every reference to either is ambiguous (42702) and nothing can filter on it
        const namesake = columns.find((c, k) => c.name === deletedAt && rel.authTable?.columns[k]?.name !== 'deleted_at');
        if (namesake) {
          const original = rel.authTable.columns[columns.indexOf(namesake)]?.name ?? namesake.name;
          // a reference the statement makes to it through this alias: Postgres rejects the statement
          const referenced = [scope.where, entry.on, next?.on].some(
            (e) => e !== undefined && columnRefs(e).some((r) => r.name === deletedAt && refersTo(r, rel)),
          );
          ctx.report({
            messageId: 'hiddenDeletedAt',
            data: {
              alias: rel.qualifier,
              column: original,
              name: sqlIdent(deletedAt),
              ref: `${rel.qualifier}.${sqlIdent(deletedAt)}`,
              table: authTableDisplay(rel) ?? rel.authTable.display,
            },
            start: rel.start,
            end: rel.end,
            fixes: [],
            ...(referenced ? { severity: 'error' as const } : {}),
          });
          return;
        }
        const joinEntry = next?.kind === 'right' ? next : entry;
        // Any reference to the column at this query level is a decision about soft-deleted users.
        if (readsDeletedAt(scope, rel, deletedAt)) return;
        const condition = `${rel.qualifier}.${sqlIdent(deletedAt)} ${kw('IS NULL')}`;
        const fixes: Fix[] = [];
        // The user table is the optional side: unmatched rows of the other side survive with NULLs.
        const optional = entry.kind === 'left' || next?.kind === 'right';
        // `LEFT JOIN users_sync u ON … WHERE u.id IS NULL`: an anti-join, it keeps the rows with no
        // user. A WHERE filter does nothing there (those rows' deleted_at is NULL too); in the ON it
        // makes soft-deleted users count as absent, so more rows come back: a choice, not preferred.
        // Judged the same on an inner join (which returns no row then), so that `Change to LEFT
        // JOIN` does not change this finding's fixes: fix-all's one pass equals one fix at a time.
        const missing = isNullTest(scope.where, rel, columns);
        if (missing !== undefined && joinEntry.on !== undefined && joinEntry.onSpan) {
          ctx.report({
            messageId: 'antiJoinMissingFilter',
            data: { table: authTableDisplay(rel) ?? rel.authTable.display, filter: condition, test: `${rel.qualifier}.${sqlIdent(missing)} ${kw('IS NULL')}` },
            start: rel.start,
            end: rel.end,
            fixes: [
              {
                title: `Add ${condition} to the JOIN's ON (soft-deleted users count as absent: their rows come back too)`,
                isPreferred: false,
                safe: false,
                edits: appendCondition(joinEntry.on, joinEntry.onSpan, condition, kw('AND'), ctx.text),
              },
            ],
          });
          return;
        }
        // 1. WHERE: the best-practices page's form.
        let whereEdits: TextEdit[] | undefined;
        if (scope.where === undefined) {
          whereEdits = [
            { start: scope.fromListEnd, end: scope.fromListEnd, newText: clauseInsert(ctx.text, scope.fromListEnd, `${kw('WHERE')} ${condition}`) },
          ];
          // `TABLE name` has no WHERE: it becomes the `SELECT * FROM name` it stands for (per Postgres docs on SELECT, "TABLE command")
          const command = tableCommandKeyword(ctx.sig, rel);
          if (command) whereEdits.unshift({ start: command.start, end: command.end, newText: `${kw('SELECT')} * ${kw('FROM')}` });
        } else if (scope.whereSpan) {
          whereEdits = appendCondition(scope.where, scope.whereSpan, condition, kw('AND'), ctx.text);
        }
        if (whereEdits) {
          fixes.push({
            // Inside a negation the condition widens the outer statement: a choice, never the preferred fix.
            title: scope.negated
              ? `Add ${condition} inside the NOT EXISTS / NOT IN (soft-deleted users count as absent: more outer rows match)`
              : optional
                ? `Add ${condition} to WHERE (drops rows whose user was soft-deleted)`
                : `Add ${condition} to WHERE (filters soft-deleted users)`,
            isPreferred: scope.negated !== true,
            safe: false,
            edits: whereEdits,
          });
        }
        // 2. The join's ON: keeps the rows of the preserved side, hides the deleted user.
        const on =
          joinEntry.on !== undefined && joinEntry.onSpan && (optional || entry.kind === 'inner') ? { expr: joinEntry.on, span: joinEntry.onSpan } : undefined;
        if (on) {
          fixes.push({
            title: optional ? `Add ${condition} to the JOIN's ON (keeps the rows, hides the soft-deleted user)` : `Add ${condition} to the JOIN's ON condition`,
            isPreferred: false,
            safe: false,
            edits: appendCondition(on.expr, on.span, condition, kw('AND'), ctx.text),
          });
        }
        ctx.report({
          messageId: scope.negated ? 'negatedMissingFilter' : 'missingFilter',
          data: { table: authTableDisplay(rel) ?? rel.authTable.display, filter: condition },
          start: rel.start,
          end: rel.end,
          fixes,
        });
      });
    }
  },
});

/**
 * Whether the query level of `scope` reads the relation's `deleted_at` (named `name` there) anywhere
 * outside its sub-queries: WHERE, any join's ON, the select list (a FILTER, a CASE, a function's
 * argument), GROUP BY, HAVING, ORDER BY, RETURNING. Qualified by the relation, or unqualified: the
 * relation has the column, so at its own level a bare name is its column or ambiguous (42702). A
 * bare ORDER BY name that an output column may carry (`created_at AS deleted_at … ORDER BY
 * deleted_at`) is that output column, not a read (the select list's own references count anyway).
 */
function readsDeletedAt(scope: QueryScope, rel: RelationRef, name: string): boolean {
  const level = scope.level;
  const outputOrder = new Set(level?.columnRefs.filter((c) => c.clause === 'order by' && level.outputNames.has(name)).map((c) => c.ref));
  const roots = level ? level.expressions : [scope.where, ...scope.from.map((e) => e.on)];
  return columnRefs(roots).some((r) => r.name === name && (r.table === undefined ? !outputOrder.has(r) : refersTo(r, rel)));
}

/**
 * The column of a top-level `<rel>.<column> IS NULL` conjunct of a WHERE on a column no user row has
 * NULL in (the test an anti-join keeps its unmatched rows with), when it has one; undefined otherwise.
 */
function isNullTest(where: FromEntry['on'], rel: RelationRef, columns: readonly AuthColumn[]): string | undefined {
  if (where === undefined) return undefined;
  for (const c of conjuncts(where)) {
    if (!isNode(c, 'unary') || c.op !== 'IS NULL') continue;
    const [ref] = columnRefs(c.operand);
    // a column no user row has NULL in (`id`): only the rows without a user pass
    const notNull = columns.some((col) => col.name === ref?.name && col.notNull);
    if (ref !== undefined && ref === c.operand && ref.table !== undefined && refersTo(ref, rel) && notNull) return ref.name;
  }
  return undefined;
}

/** The `TABLE` keyword of a `TABLE [ONLY] name` query reading `rel`, when it is one (`table` is reserved: before a relation name it can only be that command). */
function tableCommandKeyword(sig: SigTokens, rel: RelationRef): Span | undefined {
  let k = sig.indexContaining(rel.nameSpan.start) - 1;
  if (sig.isWord(k, 'only')) k--;
  return sig.isWord(k, 'table') ? { start: sig.list[k].start, end: sig.list[k].end } : undefined;
}
