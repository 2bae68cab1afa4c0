/**
 * The plain reading of the suppression rules (README "Suppressing a finding"), one directive and
 * one statement at a time: quadratic, but short enough to be obviously right. The property tests
 * compare `applySuppressions` (indexed by rule id) with it.
 */
import { Directive, UNUSED_IGNORE_ID } from '../../server/src/linter/suppressions';
import { Finding } from '../../server/src/linter/types';
import { closestRuleId } from '../../server/src/linter/rules/registry';

/** The start of the line holding `offset` (a line ends at `\n` or `\r`), walking back. */
function lineStart(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** `scope` as the text decides it: `file` for `-file`, `line` when code precedes the comment on its line, else `next`. */
export function referenceScope(text: string, d: Directive): Directive['scope'] {
  if (d.scope === 'file') return 'file';
  return /\S/.test(text.slice(lineStart(text, d.start), d.start)) ? 'line' : 'next';
}

function note(start: number, end: number, message: string): Finding {
  return { ruleId: UNUSED_IGNORE_ID, severity: 'info', message, start, end, fixes: [] };
}

/** What `applySuppressions(text, directives, statements, findings, knownIds, undefined, offIds)` must return. */
export function referenceSuppressions(
  text: string,
  directives: readonly Directive[],
  statements: ReadonlyArray<{ start: number; end: number }>,
  findings: readonly Finding[],
  knownIds: ReadonlySet<string>,
  offIds: ReadonlySet<string> = new Set(),
): Finding[] {
  if (directives.length === 0) return [...findings];
  const used = new Set<string>();
  /** The innermost statement around the directive (the last to start, the shortest of those), unless it is the routine its `until` ends. */
  const around = (dir: Directive): { start: number; end: number } | undefined => {
    let best: { start: number; end: number } | undefined;
    for (const s of statements)
      if (s.start < dir.start && dir.start < s.end && (!best || s.start > best.start || (s.start === best.start && s.end < best.end))) best = s;
    return best !== undefined && (dir.until === undefined || best.end < dir.until) ? best : undefined;
  };
  const covers = (dir: Directive, f: Finding): boolean => {
    if (dir.unterminated) return false;
    if (dir.scope === 'file') return true;
    if (dir.scope === 'line') return lineStart(text, f.start) === lineStart(text, dir.start);
    const inside = around(dir);
    if (inside) return dir.end <= f.start && f.start <= inside.end;
    const next = statements.find((s) => s.start >= dir.end);
    return next !== undefined && (dir.until === undefined || next.start < dir.until) && next.start <= f.start && f.start <= next.end;
  };
  const kept = findings.filter((f) => {
    const d = directives.findIndex((dir) => dir.ids.some((x) => x.id === f.ruleId) && covers(dir, f));
    if (d < 0) return true;
    used.add(`${d} ${f.ruleId}`);
    return false;
  });
  const notes: Finding[] = [];
  directives.forEach((dir, d) => {
    if (dir.unterminated) {
      notes.push(
        note(
          dir.start,
          dir.keywordEnd,
          'This neon-auth-ignore comment is never closed (no `*/`), so it silences nothing and the rest of the text is inside it (Postgres rejects an unterminated comment): close it with `*/`.',
        ),
      );
      return;
    }
    if (dir.ids.length === 0)
      notes.push(
        note(
          dir.start,
          dir.end,
          'This neon-auth-ignore comment names no rule id, so it silences nothing: name the rules, e.g. `-- neon-auth-ignore prefer-left-join: reason`.',
        ),
      );
    dir.ids.forEach((id, i) => {
      // an id named before in the same comment: its repeat, removable with the separator before it when that is blanks and a comma
      if (dir.ids.slice(0, i).some((x) => x.id === id.id)) {
        const repeat = note(id.start, id.end, `'${id.id}' is already named in this neon-auth-ignore comment: remove the repeat.`);
        const previous = dir.ids[i - 1];
        if (/^\s*,?\s*$/.test(text.slice(previous.end, id.start)))
          repeat.fixes.push({
            title: `Remove the repeated '${id.id}'`,
            isPreferred: true,
            safe: true,
            edits: [{ start: previous.end, end: id.end, newText: '' }],
          });
        notes.push(repeat);
        return;
      }
      if (!knownIds.has(id.id)) {
        // (the hint's wording is not what this reference checks: the same helper)
        const near = closestRuleId(id.id, knownIds);
        notes.push(note(id.start, id.end, `Unknown rule id '${id.id}' in a neon-auth-ignore comment${near ? ` (did you mean '${near}'?)` : ''}.`));
      } else if (!used.has(`${d} ${id.id}`) && !offIds.has(id.id)) {
        const where =
          dir.scope === 'file'
            ? 'in this file'
            : dir.scope === 'line'
              ? 'on this line'
              : around(dir)
                ? 'in the rest of this statement'
                : 'on the next statement';
        notes.push(note(id.start, id.end, `'${id.id}' is ignored here but reports nothing ${where}: remove it.`));
      }
    });
  });
  return [...kept, ...notes].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}
