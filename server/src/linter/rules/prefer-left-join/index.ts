import { columnRefs, conjuncts, FromEntry, isNullRejecting, QueryScope, refersTo, RelationRef } from '../../model';
import { conjunctRange } from '../../edits';
import { closeUp, isSpaceAt, keywordCase, spacedInsert } from '../../sqlText';
import { Fix } from '../../types';
import { docsUrl, Rule, RuleContext } from '../rule';

const ID = 'prefer-left-join';

/**
 * `prefer-left-join`: the legacy `neon_auth.users_sync` table is filled asynchronously (a new user
 * appears within about a second), so an inner join on it drops rows whose user has not synced yet.
 * Per Neon's Neon Auth best practices ("Use LEFT JOINs instead of INNER JOINs with the users_sync table").
 */
export const preferLeftJoin: Rule = {
  meta: {
    id: ID,
    description: 'An inner join to neon_auth.users_sync drops rows whose user has not synced yet; use LEFT JOIN.',
    defaultSeverity: 'warning',
    fix: 'suggestion',
    docsUrl: docsUrl(ID),
  },
  check(ctx) {
    for (const scope of ctx.model.scopes) {
      // INSERT … SELECT writes one row per user: a LEFT JOIN would insert NULL user ids for
      // unmatched rows, so the inner join is the intent there.
      if (scope.insertSource) continue;
      scope.from.forEach((entry, k) => {
        const rel = entry.relation;
        if (rel?.authTable?.generation !== 'legacy') return;
        // A WHERE filter on the user's own columns that drops NULL users (`u.email = $1`,
        // `u.deleted_at IS NOT NULL`) makes a LEFT JOIN return exactly the same rows.
        if (scope.where && conjuncts(scope.where).some((c) => isNullRejecting(c, rel) && columnRefs(c).every((r) => refersTo(r, rel)))) return;
        // `FOR UPDATE | SHARE` that locks the user table: Postgres refuses it on the nullable side of
        // an outer join (0A000), so no mechanical fix; the message says what to write instead.
        const locked = locksRelation(ctx, scope, rel);
        const lockHint = locked ? ` (${locked} cannot lock the nullable side of a LEFT JOIN: name the tables to lock with ${locked} OF …)` : '';
        if (entry.kind === 'inner' && entry.keywordStart !== undefined && entry.keywordEnd !== undefined) {
          // Minimal edit: `INNER` becomes `LEFT`, a bare `JOIN` gets `LEFT ` (comments and line breaks stay).
          const first = ctx.sig.list[ctx.sig.indexAt(entry.keywordStart)];
          const written = ctx.text.slice(first.start, first.end);
          const left = written === written.toLowerCase() ? 'left' : 'LEFT';
          const edit = first.value === 'inner' ? { start: first.start, end: first.end, newText: left } : { start: first.start, end: first.start, newText: `${left} ` };
          ctx.report({
            message: `Inner join to ${rel.authTable.display} drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN${lockHint}.`,
            start: entry.keywordStart,
            end: entry.keywordEnd,
            fixes: locked ? [] : [{ title: 'Change to LEFT JOIN', isPreferred: true, safe: false, edits: [edit] }],
          });
        } else if (entry.kind === 'comma' || entry.kind === 'cross') {
          // Only a join matched in WHERE behaves as an inner join; without a match it is a cross product.
          const matching = joinConditions(scope, rel);
          if (matching.length === 0) return;
          const cross = entry.kind === 'cross' && entry.keywordStart !== undefined && entry.keywordEnd !== undefined;
          ctx.report({
            message: `${cross ? 'Cross' : 'Comma'} join to ${rel.authTable.display} matched in WHERE is an inner join: it drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN … ON${lockHint}.`,
            start: cross ? entry.keywordStart! : rel.start,
            end: cross ? entry.keywordEnd! : rel.end,
            fixes: matching.length === 1 && !locked ? commaJoinFix(ctx, scope, k, matching[0]) : [],
          });
        }
      });
    }
  },
};

/** Locking strengths after `FOR`, per the SELECT synopsis (`FOR NO KEY UPDATE`, `FOR KEY SHARE`). */
const LOCK_WORDS: ReadonlySet<string> = new Set(['update', 'share', 'no', 'key']);

/**
 * The locking clause (`FOR UPDATE`, `FOR SHARE`, …, as written in upper case) of the query level
 * `scope` when it locks `rel`: it has no `OF` list, or its `OF` list names `rel`. Read from the
 * tokens after the level's FROM list, at its parenthesis depth, and for a sub-query in FROM (which
 * the outer query's clause locks too, also when its `OF` list names the sub-query's alias) after it.
 */
function locksRelation(ctx: RuleContext, scope: QueryScope, rel: RelationRef): string | undefined {
  const { sig } = ctx;
  const L = sig.list;
  const names = new Set([rel.alias ?? rel.name]); // what an OF list names `rel` by
  let depth = 0;
  for (let i = sig.indexAt(scope.fromListEnd); i < L.length; i++) {
    if (sig.isPunct(i, '(')) depth++;
    else if (sig.isPunct(i, ')')) {
      if (--depth < 0) {
        // The level ends. A sub-query in FROM is locked by the outer query's clause too.
        let open = i - 1;
        for (let d = 0; open >= 0; open--) {
          if (sig.isPunct(open, ')')) d++;
          else if (sig.isPunct(open, '(') && d-- === 0) break;
        }
        if (!sig.isWord(open - 1, 'from', 'join', 'lateral')) return undefined;
        const alias = sig.isWord(i + 1, 'as') ? i + 2 : i + 1;
        if (L[alias]?.kind === 'word' || L[alias]?.kind === 'quotedIdent') names.add(L[alias].value);
        depth = 0;
      }
    } else if (depth === 0 && sig.isPunct(i, ';')) return undefined;
    else if (depth === 0 && sig.isWord(i, 'for') && L[i + 1]?.kind === 'word' && LOCK_WORDS.has(L[i + 1].value)) {
      let j = i + 1;
      const words: string[] = [];
      while (L[j]?.kind === 'word' && LOCK_WORDS.has(L[j].value)) words.push(L[j++].value.toUpperCase());
      const clause = `FOR ${words.join(' ')}`;
      if (!sig.isWord(j, 'of')) return clause;
      // OF a, b, … : names (possibly schema-qualified; the last part is what counts)
      for (j++; j < L.length; j++) {
        const t = L[j];
        if ((t.kind === 'word' || t.kind === 'quotedIdent') && !sig.isPunct(j + 1, '.')) {
          if (names.has(t.value)) return clause;
          if (!sig.isPunct(j + 1, ',')) break;
        } else if (!sig.isPunct(j, '.') && !sig.isPunct(j, ',') && t.kind !== 'word' && t.kind !== 'quotedIdent') break;
      }
      i = j - 1;
    }
  }
  return undefined;
}

/**
 * Rewrites `FROM a, users_sync u WHERE a.x = u.id AND …` (or `a CROSS JOIN users_sync u WHERE …`) into `FROM a LEFT JOIN users_sync u ON a.x = u.id WHERE …`
 * when exactly one WHERE conjunct matches the user table to an item the join can see, and it is a
 * plain equality of two columns. Otherwise no fix (the rewrite would not be mechanical).
 */
/** WHERE conjuncts that relate the user table to another relation: the join's real condition. */
function joinConditions(scope: QueryScope, rel: RelationRef): any[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!scope.where) return [];
  return conjuncts(scope.where).filter((c) => {
    const refs = columnRefs(c);
    return refs.some((r) => refersTo(r, rel)) && refs.some((r) => r.table !== undefined && !refersTo(r, rel));
  });
}

function commaJoinFix(ctx: RuleContext, scope: QueryScope, k: number, m: any): Fix[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { text, sig } = ctx;
  const entry = scope.from[k];
  const rel = entry.relation!;
  if (!scope.where || scope.whereKeywordStart === undefined || entry.keywordStart === undefined || entry.keywordEnd === undefined) return [];
  // The items a LEFT JOIN at position k can see: the join chain right before it.
  let g = k - 1;
  while (g > 0 && scope.from[g].kind !== 'first' && scope.from[g].kind !== 'comma') g--;
  const visible = scope.from.slice(g, k).map((e: FromEntry) => e.relation).filter((r) => r !== undefined);
  if (!(m.type === 'binary' && m.op === '=' && m.left?.type === 'ref' && m.right?.type === 'ref')) return [];
  const [mine, other] = refersTo(m.left, rel) ? [m.left, m.right] : [m.right, m.left];
  if (!refersTo(mine, rel) || !visible.some((r) => refersTo(other, r))) return [];
  const range = conjunctRange(sig, scope.where, m, ctx.model.startOf(m));
  if (!range) return [];
  const kw = keywordCase(sig, text);
  const before = isSpaceAt(text, entry.keywordStart - 1) ? '' : ' ';
  const after = isSpaceAt(text, entry.keywordEnd) ? '' : ' ';
  const predicate = text.slice(range.start, range.end);
  return [
    {
      title: `Rewrite as LEFT JOIN … ON ${predicate}`,
      isPreferred: true,
      safe: false,
      edits: [
        { start: entry.keywordStart, end: entry.keywordEnd, newText: `${before}${kw('LEFT JOIN')}${after}` },
        { start: rel.end, end: rel.end, newText: spacedInsert(text, rel.end, ` ${kw('ON')} ${predicate}`) },
        { start: range.removeStart, end: range.removeEnd, newText: closeUp(text, range.removeStart, range.removeEnd) },
      ],
    },
  ];
}
