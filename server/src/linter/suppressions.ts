/**
 * Suppression comments:
 * - `-- neon-auth-ignore <rule-id>[, <rule-id>]: <reason>` on a line of its own silences those rules
 *   on the next statement; after code on the same line it silences them on that line only;
 * - `-- neon-auth-ignore-file <rule-id>[, <rule-id>]: <reason>` silences them in the whole file.
 * `/* … *\/` comments work the same way. A rule id is required; the reason is optional but
 * recommended. An unknown rule id, a directive without one, and an id that silenced nothing are
 * reported as `unused-ignore` information findings (so stale suppressions do not pile up).
 */
import { dollarBody, Token } from './lexer';
import { Statement } from './statements';
import { Finding, TextEdit } from './types';

/** Rule id of the information finding for a suppression that does nothing. */
export const UNUSED_IGNORE_ID = 'unused-ignore';

export interface Directive {
  scope: 'next' | 'line' | 'file';
  /** The comment token's range. */
  start: number;
  end: number;
  /** Each rule id as written, with its range. */
  ids: { id: string; start: number; end: number }[];
  /** Range the ids occupy (from the first id to the last), or the insertion point after the keyword when there are none. */
  idsStart: number;
  idsEnd: number;
  /** Whether the comment is a `--` comment (else a block comment). */
  line: boolean;
  /** Range of the keyword (`neon-auth-ignore` or `neon-auth-ignore-file`). */
  keywordStart: number;
  keywordEnd: number;
  /** End of the rule-id list: the `:` before the reason, else the end of the comment's text (before a block comment's closing delimiter). */
  listEnd: number;
  /** For a comment inside a DO block or routine body: the end of the statement holding that body (a `next` directive covers no statement past it). */
  until?: number;
}

/** A comment token, and for one inside a routine body the end of the statement holding the body. */
export type CommentToken = Token & { until?: number };

const DIRECTIVE = /^(--|\/\*)(\s*)neon-auth-ignore(-file)?(?=\s|:|\*\/|$)/;

/** The suppression directives among `tokens` (the whole document's tokens, or its comments). */
export function findDirectives(text: string, tokens: readonly CommentToken[]): Directive[] {
  const out: Directive[] = [];
  for (const t of tokens) {
    if (t.kind !== 'lineComment' && t.kind !== 'blockComment') continue;
    const raw = text.slice(t.start, t.end);
    const m = DIRECTIVE.exec(raw);
    if (!m) continue;
    const bodyStart = t.start + m[0].length;
    const bodyEnd = t.kind === 'blockComment' && raw.endsWith('*/') ? t.end - 2 : t.end;
    const body = text.slice(bodyStart, bodyEnd);
    const colon = body.indexOf(':');
    const idsText = colon < 0 ? body : body.slice(0, colon);
    const ids: Directive['ids'] = [];
    const re = /[A-Za-z0-9_-]+/g;
    let im: RegExpExecArray | null;
    while ((im = re.exec(idsText)) !== null) ids.push({ id: im[0], start: bodyStart + im.index, end: bodyStart + im.index + im[0].length });
    // Anything but blanks before the comment on its line means it annotates that line.
    const sameLineCode = /\S/.test(text.slice(lineStartOf(text, t.start), t.start));
    out.push({
      scope: m[3] !== undefined ? 'file' : sameLineCode ? 'line' : 'next',
      start: t.start,
      end: t.end,
      ids,
      idsStart: ids.length ? ids[0].start : bodyStart,
      idsEnd: ids.length ? ids[ids.length - 1].end : bodyStart,
      line: t.kind === 'lineComment',
      keywordStart: t.start + m[1].length + m[2].length,
      keywordEnd: bodyStart,
      listEnd: colon < 0 ? bodyEnd : bodyStart + colon,
      ...(t.until !== undefined ? { until: t.until } : {}),
    });
  }
  return out;
}

/**
 * The comment token that contains `offset`: the end of a `--` comment counts as inside it (the
 * cursor at the end of the line), a block comment's end does not unless it is unclosed (still
 * being typed).
 */
export function commentAt(tokens: readonly Token[], offset: number): Token | undefined {
  return tokens.find(
    (t) => t.start < offset && ((t.kind === 'lineComment' && offset <= t.end) || (t.kind === 'blockComment' && (offset < t.end || (t.unterminated === true && offset === t.end)))),
  );
}

/**
 * The suppression directive whose comment contains `offset` (the end of a `--` comment counts as
 * inside it, a block comment's end does not unless it is unclosed), if any; also in the body of a
 * DO block or routine (a dollar-quoted body, lexed on its own). `tokens` are the whole document's
 * tokens, or those around `offset`.
 */
export function directiveAt(text: string, tokens: readonly Token[], offset: number): Directive | undefined {
  const comment = commentAt(tokens, offset);
  if (comment) return findDirectives(text, [comment])[0];
  const holder = tokens.find((t) => t.kind === 'dollarString' && t.start < offset && offset < t.end);
  const body = holder && dollarBody(text, holder);
  if (!body || offset < body.start || offset > body.end) return undefined;
  return directiveAt(text, body.tokens, offset);
}

/** Start offset of the line containing `offset` (after `\n`, `\r\n` or a lone `\r`). */
export function lineStartOf(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** End offset of the line containing `offset` (before its line break). */
export function lineEndOf(text: string, offset: number): number {
  let i = Math.max(0, offset);
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/**
 * Removes suppressed findings and adds `unused-ignore` findings. `knownIds` are the ids a directive
 * may name (rule ids, `parse-error`). Findings of `unused-ignore` itself cannot be suppressed.
 */
export function applySuppressions(text: string, directives: readonly Directive[], statements: ReadonlyArray<{ start: number; end: number }>, findings: readonly Finding[], knownIds: ReadonlySet<string>): Finding[] {
  if (directives.length === 0) return [...findings];
  const used = new Set<string>(); // `${directiveIndex}:${id}`
  const kept = findings.filter((f) => {
    for (let d = 0; d < directives.length; d++) {
      const dir = directives[d];
      const id = dir.ids.find((x) => x.id === f.ruleId);
      if (!id) continue;
      let covers = false;
      if (dir.scope === 'file') covers = true;
      else if (dir.scope === 'line') covers = lineStartOf(text, f.start) === lineStartOf(text, dir.start);
      else {
        const next = statements.find((s) => s.start >= dir.end);
        covers = next !== undefined && (dir.until === undefined || next.start < dir.until) && f.start >= next.start && f.start <= next.end;
      }
      if (covers) {
        used.add(`${d}:${id.id}`);
        return false;
      }
    }
    return true;
  });
  const notes: Finding[] = [];
  directives.forEach((dir, d) => {
    if (dir.ids.length === 0) {
      notes.push(note(dir.start, dir.end, 'This neon-auth-ignore comment names no rule id, so it silences nothing: name the rules, e.g. `-- neon-auth-ignore prefer-left-join: reason`.'));
    }
    for (const id of dir.ids) {
      if (!knownIds.has(id.id)) notes.push(note(id.start, id.end, `Unknown rule id '${id.id}' in a neon-auth-ignore comment.`));
      else if (!used.has(`${d}:${id.id}`)) notes.push(note(id.start, id.end, `'${id.id}' is ignored here but reports nothing ${dir.scope === 'file' ? 'in this file' : dir.scope === 'line' ? 'on this line' : 'on the next statement'}: remove it.`));
    }
  });
  return [...kept, ...notes].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}

function note(start: number, end: number, message: string): Finding {
  return { ruleId: UNUSED_IGNORE_ID, severity: 'info', message, start, end, fixes: [] };
}

/**
 * The edit that disables `ruleId` for the line of `offset`: adds the id to an ignore comment
 * already on that line, or appends `-- neon-auth-ignore <id>` at the end of the line (as a
 * `/* … *\/` comment before an existing `--` comment, which would otherwise swallow it, or right
 * after the reported token when the line ends inside a string or comment that runs on). Inside a
 * DO block or routine body, the same within the body.
 */
export function disableForLineEdit(text: string, tokens: readonly Token[], offset: number, ruleId: string): TextEdit {
  const ls = lineStartOf(text, offset);
  const le = lineEndOf(text, offset);
  const existing = findDirectives(text, tokens).find((d) => d.scope === 'line' && d.start >= ls && d.start <= le);
  if (existing) return mergeEdit(existing, ruleId);
  // Before a `--` comment (which would swallow it) or a psql meta-command (`\gx`, whose arguments
  // run to the end of the line), as a block comment.
  const trailing = tokens.find((t) => (t.kind === 'lineComment' || t.kind === 'psqlMeta') && t.start >= ls && t.start < le);
  if (trailing) return { start: trailing.start, end: trailing.start, newText: `/* neon-auth-ignore ${ruleId} */ ` };
  // The line ends inside a token that runs on to the next line: a comment appended there would
  // land in it. In a DO block or routine body, the body's own tokens decide (comments count there).
  let open = tokens.find((t) => t.start < le && le < t.end && t.kind !== 'whitespace');
  // `'a'` at the end of the line and `'b'` on the next are one string constant (Postgres joins
  // them across the line break): a `--` comment between them would break that.
  if (!open) {
    const lastOnLine = [...tokens].reverse().find((t) => t.end <= le && t.start >= ls && t.kind !== 'whitespace');
    const nextSig = tokens.find((t) => t.start >= le && t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment');
    if (lastOnLine?.kind === 'string' && nextSig?.kind === 'string') open = lastOnLine;
  }
  const body = open && dollarBody(text, open);
  if (body && body.start <= offset && offset < body.end) return disableForLineEdit(text, body.tokens, offset, ruleId);
  if (open) {
    // A block comment right after the reported token, on its line.
    const at = tokens.find((t) => t.start <= offset && offset < t.end);
    const after = at && at !== open && at.end <= le ? at.end : offset;
    return { start: after, end: after, newText: ` /* neon-auth-ignore ${ruleId} */` };
  }
  return { start: le, end: le, newText: ` -- neon-auth-ignore ${ruleId}` };
}

/**
 * The edit that disables `ruleId` for the whole file: adds the id to an existing
 * `neon-auth-ignore-file` comment, or inserts one as the first line.
 */
export function disableForFileEdit(text: string, tokens: readonly Token[], ruleId: string): TextEdit {
  const existing = findDirectives(text, tokens).find((d) => d.scope === 'file');
  if (existing) return mergeEdit(existing, ruleId);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  return { start: 0, end: 0, newText: `-- neon-auth-ignore-file ${ruleId}${eol}` };
}

function mergeEdit(d: Directive, ruleId: string): TextEdit {
  if (d.ids.length === 0) return { start: d.idsStart, end: d.idsStart, newText: ` ${ruleId}` };
  return { start: d.idsEnd, end: d.idsEnd, newText: `, ${ruleId}` };
}
