/**
 * Text-edit building blocks shared by rules' fixes: where a WHERE conjunct starts and ends, how to
 * remove one, how to AND a condition onto another, how to make an inner join a LEFT JOIN, and which
 * locking clause a query level has. UTF-16 document offsets throughout.
 */
import type { Expr } from 'pgsql-ast-parser';
import { conjuncts, isNode, QueryScope, RelationRef } from './model';
import { CLAUSE_END_WORDS, SigTokens } from './tokens';
import { closeUp, spacedInsert } from './sqlText';
import { Token } from './lexer';
import { Span, TextEdit } from './types';

const CONJUNCT_END = new Set([...CLAUSE_END_WORDS, 'and', 'or']);

/**
 * The document range of one top-level conjunct of a WHERE (or JOIN … ON) condition, and the range
 * to delete to remove it with its `AND` (or the whole `WHERE` / `ON` when it is the only one). Undefined when the
 * conjunct is not a plain top-level operand (e.g. inside parentheses).
 */
export function conjunctRange(
  sig: SigTokens,
  where: Expr,
  conj: Expr,
  conjStart: number | undefined,
): { start: number; end: number; removeStart: number; removeEnd: number } | undefined {
  const all = conjuncts(where);
  const idx = all.indexOf(conj);
  if (conjStart === undefined) return undefined;
  const si = sig.indexContaining(conjStart);
  const ei = sig.lastBefore(si, CONJUNCT_END);
  if (ei < si) return undefined;
  const prevIsWhere = sig.isWord(si - 1, 'where', 'on');
  if (!prevIsWhere && !sig.isWord(si - 1, 'and')) return undefined;
  const next = sig.list[ei + 1];
  if (next && next.kind === 'word' && next.value === 'or') return undefined;
  const start = sig.list[si].start;
  const end = sig.list[ei].end;
  if (all.length === 1) {
    const whereIdx = si - 1;
    return { start, end, removeStart: sig.list[whereIdx - 1].end, removeEnd: end };
  }
  if (idx === 0) {
    if (!sig.isWord(ei + 1, 'and') || !sig.list[ei + 2]) return undefined;
    return { start, end, removeStart: start, removeEnd: sig.list[ei + 2].start };
  }
  return { start, end, removeStart: sig.list[si - 2].end, removeEnd: end };
}

/**
 * The text that replaces `[start, end)` when a fix deletes that range except the part
 * `[moved.start, moved.end)` it moves elsewhere: the comments of the rest (`tokens`: the
 * statement's tokens, trivia included), each after a blank, a line comment followed by its line
 * break unless the text after the range starts with one; else `closeUp`'s blank or nothing.
 */
export function deletionKeepingComments(text: string, tokens: readonly Token[], start: number, end: number, moved: { start: number; end: number }): string {
  const kept = tokens.filter(
    (t) => (t.kind === 'lineComment' || t.kind === 'blockComment') && t.start >= start && t.end <= end && (t.end <= moved.start || t.start >= moved.end),
  );
  if (kept.length === 0) return closeUp(text, start, end);
  let out = '';
  kept.forEach((c, k) => {
    const before = k === 0 ? text[start - 1] : out[out.length - 1];
    if (before !== undefined && !/\s/.test(before)) out += ' ';
    out += text.slice(c.start, c.end);
    if (c.kind === 'lineComment') {
      const lineBreak = /^(\r\n|\n|\r)/.exec(text.slice(c.end, c.end + 2))?.[1] ?? '\n';
      if (k < kept.length - 1 || !/^[\r\n]/.test(text.slice(end, end + 1))) out += lineBreak;
    }
  });
  const last = kept[kept.length - 1];
  if (last.kind === 'blockComment' && end < text.length && !/[\s;),]/.test(text[end])) out += ' ';
  return out;
}

/**
 * Edits that AND a condition onto an existing one (`expr`, written at `span`), parenthesizing a
 * top-level OR (AND binds tighter). `and` is the keyword as the statement's case writes it; with
 * `text`, the insertion gets a blank where the text after it needs one.
 */
export function appendCondition(expr: Expr, span: Span, condition: string, and: string, text?: string): TextEdit[] {
  const { start, end } = span;
  const tail = (insertion: string): string => (text === undefined ? insertion : spacedInsert(text, end, insertion));
  if (isNode(expr, 'binary') && expr.op === 'OR') {
    return [
      { start, end: start, newText: '(' },
      { start: end, end, newText: tail(`) ${and} ${condition}`) },
    ];
  }
  return [{ start: end, end, newText: tail(` ${and} ${condition}`) }];
}

/** Locking strengths after `FOR`, per the SELECT synopsis (`FOR NO KEY UPDATE`, `FOR KEY SHARE`). */
const LOCK_WORDS: ReadonlySet<string> = new Set(['update', 'share', 'no', 'key']);

/**
 * The locking clause (`FOR UPDATE`, `FOR SHARE`, …, as written in upper case) of the query level
 * `scope` when it locks `rel`: it has no `OF` list, or its `OF` list names `rel`. Read from the
 * tokens after the level's FROM list, at its parenthesis depth, and for a sub-query in FROM (which
 * the outer query's clause locks too, also when its `OF` list names the sub-query's alias) after it.
 */
export function lockingClause(sig: SigTokens, scope: QueryScope, rel: RelationRef): string | undefined {
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
        // A FROM item: after FROM, JOIN, LATERAL or a comma (on the safe side: a scalar sub-query
        // in a select list also follows a comma), or in more parentheses (`FROM ((SELECT …)) s`).
        if (!sig.isWord(open - 1, 'from', 'join', 'lateral') && !sig.isPunct(open - 1, ',') && !sig.isPunct(open - 1, '(')) return undefined;
        if (!sig.isPunct(open - 1, '(')) {
          const alias = sig.isWord(i + 1, 'as') ? i + 2 : i + 1;
          if (L[alias]?.kind === 'word' || L[alias]?.kind === 'quotedIdent') names.add(L[alias].value);
        }
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
 * The minimal edit that makes the inner join whose keywords start at `keywordStart` a LEFT JOIN:
 * `INNER` becomes `LEFT`, a bare `JOIN` gets `LEFT ` before it (comments and line breaks stay), in
 * the case the keyword is written in.
 */
export function leftJoinEdit(sig: SigTokens, text: string, keywordStart: number): TextEdit {
  const first = sig.list[sig.indexAt(keywordStart)];
  const written = text.slice(first.start, first.end);
  const left = written === written.toLowerCase() ? 'left' : 'LEFT';
  return first.value === 'inner' ? { start: first.start, end: first.end, newText: left } : { start: first.start, end: first.start, newText: `${left} ` };
}
