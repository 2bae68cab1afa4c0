import type { Expr } from 'pgsql-ast-parser';
import {
  authColumnsOf,
  authTableDisplay,
  columnEquality,
  columnRefs,
  conjuncts,
  FromEntry,
  isColumnRef,
  isNode,
  isNullRejecting,
  QueryScope,
  refersTo,
  RelationRef,
} from '../../model';
import { appendCondition, conjunctRange, deletionKeepingComments, leftJoinEdit, lockingClause } from '../../edits';
import { clauseInsert, isSpaceAt, keywordCase, spacedInsert } from '../../sqlText';
import { Fix, TextEdit } from '../../types';
import { defineRule, RuleContext } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'prefer-left-join';

/** The messages of the SQL check and the Drizzle check (`drizzle.ts`). `{lockHint}` is empty or says why no fix is offered. */
export const PREFER_LEFT_JOIN_MESSAGES = {
  innerJoin: 'Inner join to {table} drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN{lockHint}.',
  commaJoin:
    'Comma join to {table} matched in WHERE is an inner join: it drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN … ON{lockHint}.',
  crossJoin:
    'Cross join to {table} matched in WHERE is an inner join: it drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN … ON{lockHint}.',
  /** Drizzle: `{method}` is `innerJoin` or `innerJoinLateral`, `{replacement}` its left-join form. */
  drizzleInnerJoin: '{method} to {table} drops rows whose user has not synced yet (the sync is asynchronous); use {replacement}.',
  drizzleRightJoin:
    '{method} to {table} keeps every user but drops the rows before it whose user has not synced yet (the sync is asynchronous); use {replacement} to keep those rows.',
} as const;

/**
 * `prefer-left-join`: the legacy `neon_auth.users_sync` table is filled asynchronously (a new user
 * appears within about a second), so an inner join on it drops rows whose user has not synced yet.
 * Per Neon's Neon Auth best practices ("Use LEFT JOINs instead of INNER JOINs with the users_sync table").
 */
export const preferLeftJoin = defineRule({
  meta: {
    id: ID,
    description: 'An inner join to neon_auth.users_sync drops rows whose user has not synced yet; use LEFT JOIN.',
    defaultSeverity: 'warning',
    fix: 'suggestion',
    overview: {
      reports:
        '`users_sync` is the optional side of an inner join (`JOIN`, `INNER JOIN`, a comma join matched in `WHERE`): rows whose user has not synced yet disappear. Not when `users_sync` is the first FROM item (the query lists users) or the preserved side of a `RIGHT JOIN`, nor with `authSchema` `current`, where `match-auth-schema` reports the table.',
      fixes:
        "`Change to LEFT JOIN`; a comma join matched by a plain equality is rewritten to `LEFT JOIN … ON …`; an `ON … AND u.deleted_at IS NULL` join becomes a `LEFT JOIN` with that condition moved to `WHERE` (a plain `LEFT JOIN` would bring soft-deleted users' rows back: not preferred there)",
    },
  },
  messages: PREFER_LEFT_JOIN_MESSAGES,
  drizzle: checkDrizzle,
  check(ctx) {
    // With authSchema "current" users_sync does not exist (match-auth-schema says so): no sync to wait for.
    if (ctx.auth.setting === 'current') return;
    for (const scope of ctx.model.scopes) {
      // INSERT … SELECT writes one row per user: a LEFT JOIN would insert NULL user ids for
      // unmatched rows, so the inner join is the intent there.
      if (scope.insertSource) continue;
      scope.from.forEach((entry, k) => {
        const rel = entry.relation;
        // users_sync itself, or a CTE of its rows (`WITH active AS (SELECT … FROM neon_auth.users_sync …)`)
        const rows = rel?.authTable ?? rel?.rowsOf;
        if (!rel || rows?.generation !== 'legacy') return;
        const table = rel.authTable ? (authTableDisplay(rel) ?? rel.authTable.display) : `${rel.name} (rows of ${rows.display})`;
        // A WHERE condition that drops rows without a user (`u.email = $1`, `u.name = p.title`,
        // `u.deleted_at IS NOT NULL`) makes a LEFT JOIN return exactly the same rows. The same test
        // as no-null-rejecting-where's, so the LEFT JOIN fix never leaves a condition it reports.
        // A comma or cross join's own match in WHERE (`u.id = p.author_id`) is the join condition,
        // which the LEFT JOIN would take into its ON: it does not count.
        if (scope.where) {
          const own = entry.kind === 'comma' || entry.kind === 'cross' ? new Set(joinConditions(scope, rel)) : undefined;
          if (conjuncts(scope.where).some((c) => !own?.has(c) && isNullRejecting(c, rel))) return;
        }
        // `FOR UPDATE | SHARE` that locks the user table: Postgres refuses it on the nullable side of
        // an outer join (0A000), so no mechanical fix; the message says what to write instead.
        const locked = lockingClause(ctx.sig, scope, rel);
        const lockHint = locked ? ` (${locked} cannot lock the nullable side of a LEFT JOIN: name the tables to lock with ${locked} OF …)` : '';
        if (entry.kind === 'inner' && entry.keyword) {
          const edit = leftJoinEdit(ctx.sig, ctx.text, entry.keyword.start);
          // The join also drops soft-deleted users (its ON, or the CTE it reads, has a deleted_at
          // condition): a LEFT JOIN alone brings their rows back, so it is a choice, not preferred.
          const dropsDeleted = rel.rowsFilterDeletedAt === true || onReadsDeletedAt(entry, rel);
          const fixes: Fix[] = [];
          if (!locked) {
            const moved = dropsDeleted ? movedFilterFix(ctx, scope, k) : undefined;
            if (moved) fixes.push(moved);
            fixes.push({
              title: dropsDeleted ? "Change to LEFT JOIN (soft-deleted users' rows come back too)" : 'Change to LEFT JOIN',
              isPreferred: !dropsDeleted,
              safe: false,
              edits: [edit],
            });
          }
          ctx.report({ messageId: 'innerJoin', data: { table, lockHint }, start: entry.keyword.start, end: entry.keyword.end, fixes });
        } else if (entry.kind === 'comma' || entry.kind === 'cross') {
          // Only a join matched in WHERE behaves as an inner join; without a match it is a cross product.
          const matching = joinConditions(scope, rel);
          if (matching.length === 0) return;
          // A CROSS JOIN is reported on its keywords, a comma join on the relation.
          const cross = entry.kind === 'cross' ? entry.keyword : undefined;
          ctx.report({
            messageId: cross ? 'crossJoin' : 'commaJoin',
            data: { table, lockHint },
            start: cross ? cross.start : rel.start,
            end: cross ? cross.end : rel.end,
            fixes: matching.length === 1 && !locked ? commaJoinFix(ctx, scope, k, rel, matching[0]) : [],
          });
        }
      });
    }
  },
});

/** Whether the join's ON reads the user table's `deleted_at` (qualified by it, or unqualified). */
function onReadsDeletedAt(entry: FromEntry, rel: RelationRef): boolean {
  const name = deletedAtName(rel);
  return name !== undefined && columnRefs(entry.on).some((r) => r.name === name && (r.table === undefined || refersTo(r, rel)));
}

/** The name `users_sync.deleted_at` has in `rel` (an alias column list may rename it); undefined when none can be told. */
function deletedAtName(rel: RelationRef): string | undefined {
  const columns = authColumnsOf(rel);
  const name = columns?.find((c, k) => rel.authTable?.columns[k]?.name === 'deleted_at')?.name;
  return name !== undefined && columns?.filter((c) => c.name === name).length === 1 ? name : undefined;
}

/**
 * `JOIN users_sync u ON <match> AND u.deleted_at IS NULL` (the join at `scope.from[k]`) as `LEFT
 * JOIN users_sync u ON <match> … WHERE … AND u.deleted_at IS NULL`: the rows of soft-deleted users
 * stay out (their deleted_at is set), those of users not synced yet stay in (theirs is NULL, as
 * every column of a missing user). Only when that conjunct is the ON's one deleted_at condition
 * and not its only conjunct, the join is not inside parentheses (`a LEFT JOIN (b JOIN u ON …) ON
 * …`: a WHERE would filter the outer rows), and no later RIGHT or FULL JOIN can make the user's
 * columns NULL after it. Otherwise undefined.
 */
function movedFilterFix(ctx: RuleContext<typeof PREFER_LEFT_JOIN_MESSAGES>, scope: QueryScope, k: number): Fix | undefined {
  const { sig, text } = ctx;
  const entry = scope.from[k];
  const rel = entry.relation;
  const name = rel && deletedAtName(rel);
  if (!rel || name === undefined || !entry.on || !entry.keyword || scope.from.slice(k + 1).some((e) => e.kind === 'right' || e.kind === 'full'))
    return undefined;
  const all = conjuncts(entry.on);
  const mentioning = all.filter((c) => columnRefs(c).some((r) => r.name === name && (r.table === undefined || refersTo(r, rel))));
  const [m] = mentioning;
  if (mentioning.length !== 1 || all.length < 2 || !isNode(m, 'unary') || m.op !== 'IS NULL' || !isColumnRef(m.operand)) return undefined;
  // A bare name in WHERE also sees the items after the join: one of them may have a deleted_at too.
  if (m.operand.table === undefined && k < scope.from.length - 1) return undefined;
  // Parentheses open at the join: from the first FROM item (with the ones that open it) to the keywords.
  let i = sig.indexContaining(scope.from[0].itemStart) - 1;
  while (i >= 0 && (sig.isPunct(i, '(') || sig.isWord(i, 'lateral', 'only'))) i--;
  let depth = 0;
  for (let j = i + 1, end = sig.indexContaining(entry.keyword.start); j < end; j++) depth += sig.isPunct(j, '(') ? 1 : sig.isPunct(j, ')') ? -1 : 0;
  if (depth !== 0) return undefined;
  const found = conjunctRange(sig, entry.on, m, ctx.model.startOf(m));
  if (!found || !entry.onSpan) return undefined;
  // (conjunctRange ends a conjunct at a WHERE's clause words: a later join's keywords end the ON)
  const range = { ...found, end: Math.min(found.end, entry.onSpan.end), removeEnd: Math.min(found.removeEnd, entry.onSpan.end) };
  const kw = keywordCase(sig, text);
  const condition = text.slice(range.start, range.end);
  let where: TextEdit[] | undefined;
  if (scope.where === undefined) {
    where = [{ start: scope.fromListEnd, end: scope.fromListEnd, newText: clauseInsert(text, scope.fromListEnd, `${kw('WHERE')} ${condition}`) }];
  } else if (scope.whereSpan) {
    where = appendCondition(scope.where, scope.whereSpan, condition, kw('AND'), text);
  }
  if (!where) return undefined;
  return {
    title: `Change to LEFT JOIN and move ${condition} to WHERE (keeps the rows of users not synced yet; soft-deleted users' rows stay out)`,
    isPreferred: true,
    safe: false,
    edits: [
      leftJoinEdit(sig, text, entry.keyword.start),
      {
        start: range.removeStart,
        end: range.removeEnd,
        newText: deletionKeepingComments(text, ctx.statement.tokens, range.removeStart, range.removeEnd, range),
      },
      ...where,
    ],
  };
}

/** WHERE conjuncts that relate the user table to another relation: the join's real condition. */
function joinConditions(scope: QueryScope, rel: RelationRef): Expr[] {
  if (!scope.where) return [];
  return conjuncts(scope.where).filter((c) => {
    const refs = columnRefs(c);
    return refs.some((r) => refersTo(r, rel)) && refs.some((r) => r.table !== undefined && !refersTo(r, rel));
  });
}

/**
 * Rewrites `FROM a, users_sync u WHERE a.x = u.id AND …` (or `a CROSS JOIN users_sync u WHERE …`)
 * into `FROM a LEFT JOIN users_sync u ON a.x = u.id WHERE …` when exactly one WHERE conjunct (`m`)
 * matches the user table (`rel`, the relation of `scope.from[k]`) to an item the join can see, and
 * it is a plain equality of two columns. Otherwise no fix (the rewrite would not be mechanical).
 */
function commaJoinFix(ctx: RuleContext<typeof PREFER_LEFT_JOIN_MESSAGES>, scope: QueryScope, k: number, rel: RelationRef, m: Expr): Fix[] {
  const { text, sig } = ctx;
  const entry = scope.from[k];
  const keyword = entry.keyword;
  if (!scope.where || scope.whereKeywordStart === undefined || !keyword) return [];
  // The items a LEFT JOIN at position k can see: the join chain right before it.
  let g = k - 1;
  while (g > 0 && scope.from[g].kind !== 'first' && scope.from[g].kind !== 'comma') g--;
  const visible = scope.from
    .slice(g, k)
    .map((e: FromEntry) => e.relation)
    .filter((r) => r !== undefined);
  const equality = columnEquality(m);
  if (!equality) return [];
  const [mine, other] = refersTo(equality.left, rel) ? [equality.left, equality.right] : [equality.right, equality.left];
  if (!refersTo(mine, rel) || !visible.some((r) => refersTo(other, r))) return [];
  const range = conjunctRange(sig, scope.where, m, ctx.model.startOf(m));
  if (!range) return [];
  const kw = keywordCase(sig, text);
  const before = isSpaceAt(text, keyword.start - 1) ? '' : ' ';
  const after = isSpaceAt(text, keyword.end) ? '' : ' ';
  const predicate = text.slice(range.start, range.end);
  return [
    {
      title: `Rewrite as LEFT JOIN … ON ${predicate}`,
      isPreferred: true,
      safe: false,
      edits: [
        { start: keyword.start, end: keyword.end, newText: `${before}${kw('LEFT JOIN')}${after}` },
        { start: rel.end, end: rel.end, newText: spacedInsert(text, rel.end, ` ${kw('ON')} ${predicate}`) },
        {
          start: range.removeStart,
          end: range.removeEnd,
          newText: deletionKeepingComments(text, ctx.statement.tokens, range.removeStart, range.removeEnd, range),
        },
      ],
    },
  ];
}
