/**
 * Text-edit building blocks shared by rules' fixes: where a WHERE conjunct starts and ends, how to
 * remove one, how to AND a condition onto another. UTF-16 document offsets throughout.
 */
import { conjuncts } from './model';
import { CLAUSE_END_WORDS, SigTokens } from './tokens';
import { spacedInsert } from './sqlText';
import { TextEdit } from './types';

const CONJUNCT_END = new Set([...CLAUSE_END_WORDS, 'and', 'or']);

/**
 * The document range of one top-level conjunct of a WHERE condition, and the range to delete to
 * remove it with its `AND` (or the whole `WHERE` when it is the only one). Undefined when the
 * conjunct is not a plain top-level operand (e.g. inside parentheses).
 */
export function conjunctRange(sig: SigTokens, where: any, conj: any, conjStart: number | undefined): { start: number; end: number; removeStart: number; removeEnd: number } | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
  const all = conjuncts(where);
  const idx = all.indexOf(conj);
  if (conjStart === undefined) return undefined;
  const si = sig.indexContaining(conjStart);
  const ei = sig.lastBefore(si, CONJUNCT_END);
  if (ei < si) return undefined;
  const prevIsWhere = sig.isWord(si - 1, 'where');
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

/** Edits that AND a condition onto an existing one, parenthesizing a top-level OR (AND binds tighter). */
export function appendCondition(expr: { type?: string; op?: string }, start: number, end: number, condition: string, and: string, text?: string): TextEdit[] {
  const tail = (insertion: string): string => (text === undefined ? insertion : spacedInsert(text, end, insertion));
  if (expr.type === 'binary' && expr.op === 'OR') {
    return [
      { start, end: start, newText: '(' },
      { start: end, end, newText: tail(`) ${and} ${condition}`) },
    ];
  }
  return [{ start: end, end, newText: tail(` ${and} ${condition}`) }];
}
