import type { Expr } from 'pgsql-ast-parser';
import {
  andOrOperands,
  authTableDisplay,
  columnRefs,
  conjuncts,
  FromEntry,
  isNode,
  isNullRejecting,
  isQuery,
  QueryScope,
  refersTo,
  RelationRef,
  walk,
} from '../../model';
import { appendCondition, deletionKeepingComments, leftJoinEdit, lockingClause } from '../../edits';
import { keywordCase } from '../../sqlText';
import { SigTokens } from '../../tokens';
import { Fix, Span, TextEdit } from '../../types';
import { defineRule, RuleContext } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'no-null-rejecting-where';

/**
 * `no-null-rejecting-where`: a WHERE condition on the optional side of an outer join (a user table
 * that is LEFT JOINed, or the left side of a RIGHT JOIN) that is never true for a missing user
 * (`u.id = $1`, `u.email ILIKE …`, `u.deleted_at IS NOT NULL`) drops exactly the rows the outer join
 * exists to keep: the query works as an inner join. So does the ON of a later inner join that is
 * never true for a missing user (`JOIN comments c ON c.author_id = u.id`). Per the PostgreSQL docs on joined tables (a
 * restriction in WHERE is applied after the join; one in ON decides what matches), and Neon's
 * advice to LEFT JOIN the user table.
 */
/** The messages of the SQL check and the Drizzle check (`drizzle.ts`). `{missing}` says whose rows: a missing user (or, for users_sync, one not synced yet). */
export const NO_NULL_REJECTING_WHERE_MESSAGES = {
  whereRejects:
    "This WHERE condition is never true when {qualifier} has no matching {table} row, so it drops the rows the {join} keeps for {missing}: the join works as an inner join. Move the condition into the join's ON to keep those rows, or write JOIN.",
  whereRejectsWithLaterJoin:
    'This WHERE condition is never true when {qualifier} has no matching {table} row, so it drops the rows the {join} keeps for {missing}: the join works as an inner join. A later inner join drops those rows too (reported there): change it before moving this condition into the ON, or write JOIN.',
  laterInnerJoin:
    'This join condition is never true when {qualifier} has no matching {table} row, so this inner join drops the rows the LEFT JOIN keeps for {missing}. Make this join a LEFT JOIN too (or move it inside the LEFT JOIN).',
  drizzleWhereRejects:
    'This where condition is never true when {qualifier} has no matching {table} row, so it drops the rows the {method} keeps for missing users: the join works as an inner join.',
} as const;

export const noNullRejectingWhere = defineRule({
  meta: {
    id: ID,
    description:
      'A WHERE condition (or the ON of a later inner join) that is never true for a missing user turns a LEFT JOIN to a Neon Auth user table into an inner join.',
    defaultSeverity: 'warning',
    fix: 'suggestion',
    overview: {
      reports:
        'a `WHERE` condition on a LEFT-joined user table that is never true for a missing user (`u.id = $1`, `u.email ILIKE …`, `u.deleted_at IS NOT NULL`): the join silently works as an inner join. `IS NULL`, `COALESCE(…)`, `IS DISTINCT FROM`, `OR … IS NULL` are fine. Also the `ON` of a later inner join that depends on the user (`JOIN comments c ON c.author_id = u.id`)',
      fixes:
        "`Change to an inner JOIN` (preferred, safe: same rows) or move the condition into the join's `ON` (keeps the rows, never preferred); for a later join, make it a `LEFT JOIN` too (not preferred)",
    },
  },
  messages: NO_NULL_REJECTING_WHERE_MESSAGES,
  drizzle: checkDrizzle,
  check(ctx) {
    const kw = keywordCase(ctx.sig, ctx.text);
    for (const scope of ctx.model.scopes) {
      if (!scope.where || !scope.whereSpan) continue;
      const conjs = conjuncts(scope.where);
      const spans = conjunctSpans(ctx.sig, scope.whereSpan);
      const reported = new Set<Expr>();
      scope.from.forEach((entry, k) => {
        const rel = entry.relation;
        const authTable = rel?.authTable;
        if (!rel || !authTable) return;
        // The user table is the optional side: LEFT JOINed, or the left side of a RIGHT JOIN.
        const next = scope.from[k + 1];
        const left = entry.kind === 'left';
        const right = next?.kind === 'right';
        if (!left && !right) return;
        // The join whose ON decides which user rows match.
        const joinIdx = left ? k : k + 1;
        const join = scope.from[joinIdx];
        let rejectingCount: number | undefined; // how many conjuncts reject NULL, counted once
        conjs.forEach((conj, c) => {
          if (reported.has(conj) || !isNullRejecting(conj, rel)) return;
          const span = spanOf(ctx, spans, conjs, c);
          if (!span) return;
          reported.add(conj);
          const written = ctx.text.slice(span.start, span.end);
          const joinWords = left ? 'LEFT JOIN' : 'RIGHT JOIN';
          const fixes: Fix[] = [];
          // A later inner join that is never true for a missing user (reported on its own) drops the
          // rows without a user too: moving this condition into ON would not keep them, and the
          // inner join would settle that finding as well.
          const laterRejects = left && laterRejectingJoins(ctx, scope, k).length > 0;
          // Only when this is the one such condition: the inner join settles them all at once.
          rejectingCount ??= conjs.filter((x) => isNullRejecting(x, rel)).length;
          const only = rejectingCount === 1 && !laterRejects;
          const inner = only ? innerJoinFix(ctx, left && right ? undefined : join) : undefined;
          // Preferred when offered: it keeps what the query returns today (a filter such as
          // `u.email = $1` asks for matched users).
          if (inner) fixes.push(inner);
          // A lock on the user table is accepted only while this condition makes the join inner:
          // moving it into ON makes the user table nullable again (0A000). Never preferred: it
          // always widens the result (rows without a matching user come back), so no bulk fix
          // applies it; whether that is wanted is the author's call.
          const move = lockingClause(ctx.sig, scope, rel) || laterRejects ? undefined : moveFix(ctx, scope, joinIdx, conj, span, written, kw, rel);
          if (move) fixes.push(move);
          const missing = authTable.generation === 'legacy' ? 'a user who is missing or not synced yet' : 'a missing user';
          ctx.report({
            messageId: laterRejects ? 'whereRejectsWithLaterJoin' : 'whereRejects',
            data: { qualifier: rel.qualifier, table: authTableDisplay(rel) ?? authTable.display, join: joinWords, missing },
            start: span.start,
            end: span.end,
            fixes,
          });
        });
      });
    }
    for (const scope of ctx.model.scopes) laterInnerJoins(ctx, scope);
  },
});

/** Whether offset `at` lies inside a parenthesis opened at or after offset `from` (and not closed before `at`). */
function insideParenthesesAfter(sig: SigTokens, from: number, at: number): boolean {
  let depth = 0;
  for (let i = sig.indexAt(from); i < sig.list.length && sig.list[i].start < at; i++) {
    if (sig.isPunct(i, '(')) depth++;
    else if (sig.isPunct(i, ')')) depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/**
 * An inner join after `LEFT JOIN <user table>` whose ON is never true for a missing user
 * (`JOIN comments c ON c.author_id = u.id`) drops the rows the LEFT JOIN keeps, as a WHERE
 * condition would. Fix (not preferred: it keeps rows without a match in that table too): make that
 * join a LEFT JOIN as well; none when a locking clause would then lock a nullable side.
 */
function laterInnerJoins(ctx: RuleContext<typeof NO_NULL_REJECTING_WHERE_MESSAGES>, scope: QueryScope): void {
  scope.from.forEach((entry, k) => {
    const rel = entry.relation;
    if (!rel?.authTable || entry.kind !== 'left') return;
    for (const { later, keyword, span } of laterRejectingJoins(ctx, scope, k)) {
      // No LEFT JOIN fix when a lock covers the joined table or the user table (Postgres accepts a
      // lock on `u` only while this join keeps the LEFT JOIN inner): both would become nullable.
      const joined = later.relation;
      const locked = joined ? (lockingClause(ctx.sig, scope, joined) ?? lockingClause(ctx.sig, scope, rel)) : 'FOR UPDATE';
      const missing = rel.authTable.generation === 'legacy' ? 'a user who is missing or not synced yet' : 'a missing user';
      ctx.report({
        messageId: 'laterInnerJoin',
        data: { qualifier: rel.qualifier, table: authTableDisplay(rel) ?? rel.authTable.display, missing },
        start: span.start,
        end: span.end,
        fixes: locked
          ? []
          : [
              {
                title: 'Change this join to LEFT JOIN (also keeps rows without a match in it)',
                isPreferred: false,
                safe: false,
                edits: [leftJoinEdit(ctx.sig, ctx.text, keyword.start)],
              },
            ],
      });
    }
  });
}

/**
 * The inner joins after the LEFT JOIN `scope.from[k]` of a user table (not inside its parentheses)
 * whose ON has a conjunct never true for a missing user, with the join's keywords and that
 * conjunct's span (the first such).
 */
function laterRejectingJoins(ctx: RuleContext, scope: QueryScope, k: number): { later: FromEntry; keyword: Span; span: ConjunctSpan }[] {
  const entry = scope.from[k];
  const rel = entry.relation;
  const found: { later: FromEntry; keyword: Span; span: ConjunctSpan }[] = [];
  if (!rel?.authTable || entry.kind !== 'left') return found;
  for (let j = k + 1; j < scope.from.length; j++) {
    const later = scope.from[j];
    const { on, onSpan, keyword } = later;
    if (later.kind !== 'inner' || on === undefined || !onSpan || !keyword) continue;
    // `LEFT JOIN (u JOIN c ON c.author_id = u.id) ON …`: the later join is part of the optional side.
    if (!entry.keyword || insideParenthesesAfter(ctx.sig, entry.keyword.end, keyword.start)) continue;
    const conjs = conjuncts(on);
    const spans = conjunctSpans(ctx.sig, onSpan);
    const rejecting = conjs.findIndex((conj) => isNullRejecting(conj, rel));
    if (rejecting < 0) continue;
    const span = spanOf(ctx, spans, conjs, rejecting);
    if (span) found.push({ later, keyword, span });
  }
  return found;
}

/** A top-level conjunct of WHERE as written: its token range, and where it sits among the others. */
interface ConjunctSpan {
  /** Indexes of its first and last significant token (parentheses around it included). */
  first: number;
  last: number;
  start: number;
  end: number;
  /** True when it sits inside a parenthesized group of ANDs (`WHERE (a AND b) AND c`): not removable on its own. */
  nested: boolean;
  /** Position among the top-level pieces, and their number. */
  index: number;
  count: number;
}

/**
 * Splits a WHERE condition's tokens into its AND-ed pieces: at parenthesis depth 0, outside
 * `CASE … END`, on `AND` words that do not close a `BETWEEN`; none when an `OR` is at that level
 * (`a OR b AND c` is one OR). A piece wholly in parentheses whose
 * inside has several AND-ed pieces is split further (the parser flattens those into conjuncts).
 */
function conjunctSpans(sig: SigTokens, where: Span): ConjunctSpan[] {
  const a = sig.indexAt(where.start);
  const b = sig.indexContaining(where.end - 1);
  const out: ConjunctSpan[] = [];
  const split = (from: number, to: number): Array<[number, number]> => {
    const pieces: Array<[number, number]> = [];
    let depth = 0;
    let cases = 0;
    let between = 0;
    let s = from;
    for (let i = from; i <= to; i++) {
      if (sig.isPunct(i, '(') || sig.isPunct(i, '[')) depth++;
      else if (sig.isPunct(i, ')') || sig.isPunct(i, ']')) depth--;
      else if (depth === 0 && sig.isWord(i, 'case')) cases++;
      else if (depth === 0 && sig.isWord(i, 'end') && cases > 0) cases--;
      else if (depth === 0 && cases === 0 && sig.isWord(i, 'or'))
        return [[from, to]]; // OR binds looser than AND: one piece
      else if (depth === 0 && cases === 0 && sig.isWord(i, 'between')) between++;
      else if (depth === 0 && cases === 0 && sig.isWord(i, 'and')) {
        if (between > 0) between--;
        else {
          pieces.push([s, i - 1]);
          s = i + 1;
        }
      }
    }
    pieces.push([s, to]);
    return pieces;
  };
  const visit = (from: number, to: number, nested: boolean): void => {
    const pieces = split(from, to);
    pieces.forEach(([s, e], index) => {
      if (sig.isPunct(s, '(') && sig.matchingParen(s) === e && split(s + 1, e - 1).length > 1) {
        visit(s + 1, e - 1, true);
        return;
      }
      if (e < s) return;
      out.push({ first: s, last: e, start: sig.list[s].start, end: sig.list[e].end, nested, index, count: pieces.length });
    });
  };
  if (b >= a) visit(a, b, false);
  return out;
}

/** The span of conjunct `c`: the c-th piece when the pieces and the parser's conjuncts agree. */
function spanOf(ctx: RuleContext, spans: ConjunctSpan[], conjs: Expr[], c: number): ConjunctSpan | undefined {
  if (spans.length !== conjs.length) return undefined;
  const span = spans[c];
  const at = ctx.model.startOf(conjs[c]);
  if (at === undefined || at < span.start || at >= span.end) return undefined;
  return span;
}

/** Whether an expression contains a subquery (whose references this rule does not resolve). */
function hasSubquery(e: Expr): boolean {
  let found = false;
  walk(e, (n) => {
    if (isQuery(n)) found = true;
    return !found;
  });
  return found;
}

/**
 * `Move <condition> into the JOIN's ON`: the condition then decides which user row matches, and
 * rows without one are kept. Offered when the join has an ON, every column the condition names
 * is qualified by a table that ON can see (the items of the join chain up to that join), and every
 * part of its AND/OR tree names the user table: a part on other tables only
 * (`p.id = 1 AND u.name = 'x' OR u.name = 'y'`) filters those tables, and in ON it would no longer
 * drop their rows. Never preferred (see the caller).
 */
function moveFix(
  ctx: RuleContext,
  scope: QueryScope,
  joinIdx: number,
  conj: Expr,
  span: ConjunctSpan,
  written: string,
  kw: (s: string) => string,
  rel: RelationRef,
): Fix | undefined {
  const join = scope.from[joinIdx];
  if (span.nested || join.on === undefined || !join.onSpan || scope.whereKeywordStart === undefined) return undefined;
  if (hasSubquery(conj) || !andOrOperands(conj).every((leaf) => columnRefs(leaf).some((r) => refersTo(r, rel)))) return undefined;
  let g = joinIdx;
  while (g > 0 && scope.from[g].kind !== 'first' && scope.from[g].kind !== 'comma') g--;
  const visible = scope.from
    .slice(g, joinIdx + 1)
    .map((e: FromEntry) => e.relation)
    .filter((r): r is RelationRef => r !== undefined);
  if (!columnRefs(conj).every((r) => r.table !== undefined && visible.some((v) => refersTo(r, v)))) return undefined;
  const { sig } = ctx;
  let removeStart: number;
  let removeEnd: number;
  if (span.count === 1) {
    // The only condition: the whole WHERE goes, from the end of what precedes it.
    const w = sig.indexAt(scope.whereKeywordStart);
    if (!sig.isWord(w, 'where') || w === 0) return undefined;
    removeStart = sig.list[w - 1].end;
    removeEnd = span.end;
  } else if (span.index === 0) {
    if (!sig.isWord(span.last + 1, 'and') || !sig.list[span.last + 2]) return undefined;
    removeStart = span.start;
    removeEnd = sig.list[span.last + 2].start;
  } else {
    if (!sig.isWord(span.first - 1, 'and')) return undefined;
    removeStart = sig.list[span.first - 2].end;
    removeEnd = span.end;
  }
  // AND binds tighter than OR: an unparenthesized OR moves in parentheses.
  const wrapped = sig.isPunct(span.first, '(') && sig.matchingParen(span.first) === span.last;
  const condition = isNode(conj, 'binary') && conj.op === 'OR' && !wrapped ? `(${written})` : written;
  const edits: TextEdit[] = [
    ...appendCondition(join.on, join.onSpan, condition, kw('AND'), ctx.text),
    { start: removeStart, end: removeEnd, newText: deletionKeepingComments(ctx.text, ctx.statement.tokens, removeStart, removeEnd, span) },
  ];
  return {
    title: `Move ${written.replace(/\s+/g, ' ')} into the JOIN's ON (keeps rows without a user)`,
    isPreferred: false,
    safe: false,
    edits,
  };
}

/**
 * `Change to an inner JOIN`: says what the query already does (the WHERE condition drops rows
 * without a user, so an inner join returns the same rows). `prefer-left-join` does not ask for the
 * LEFT JOIN back: it stays silent while a WHERE condition rejects NULL user rows (the same
 * `isNullRejecting` test as here).
 */
function innerJoinFix(ctx: RuleContext, join: FromEntry | undefined): Fix | undefined {
  const keyword = join?.keyword;
  if (!keyword) return undefined;
  const first = ctx.sig.list[ctx.sig.indexAt(keyword.start)];
  const writtenKw = ctx.text.slice(first.start, first.end);
  return {
    title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
    isPreferred: true,
    // An outer join whose WHERE rejects NULL user rows returns the same rows as the inner join.
    safe: true,
    edits: [{ start: keyword.start, end: keyword.end, newText: writtenKw === writtenKw.toLowerCase() ? 'join' : 'JOIN' }],
  };
}
