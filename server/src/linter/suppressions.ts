/**
 * Suppression comments:
 * - `-- neon-auth-ignore <rule-id>[, <rule-id>]: <reason>` on a line of its own silences those rules
 *   on what follows it: inside a statement, the rest of that statement (from the comment to the
 *   statement's end); between statements, the next statement. After code on the same line it
 *   silences them on that line only. Within a DO block or routine body the same holds for the
 *   body's statements, and within a host file's SQL template or string for that template's
 *   (`Directive.until`: a comment never reaches past its body or template). A host file's comment
 *   (`//` or `/* … *\/`) on a line of its own reaches the first statement of the region that opens
 *   on the next line of code, or that a call starting there passes (`regionOnLine`), and the
 *   findings outside SQL on that line (Drizzle's);
 * - `-- neon-auth-ignore-file <rule-id>[, <rule-id>]: <reason>` silences them in the whole file.
 * `/* … *\/` comments work the same way. A rule id is required; the reason is optional but
 * recommended. An unknown rule id, a directive without one, and an id that silenced nothing are
 * reported as `unused-ignore` information findings (so stale suppressions do not pile up); an id
 * named again in the same comment is one id (it silences what the first names), and each repeat is
 * reported, with a safe fix that removes it (as Ruff's RUF100 reports a duplicated code). A block
 * comment never closed silences nothing and gets one `unused-ignore` finding.
 */
import { dollarBody, Token } from './lexer';
import { Finding, TextEdit } from './types';
import { partitionPoint } from './search';
import { closestRuleId } from './rules/registry';

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
  /**
   * For a comment inside a DO block or routine body: the end of the statement holding that body;
   * inside a host file's SQL template or string, just past that region's closing delimiter (the
   * nearer of the two).
   * A `next` directive covers nothing at or past it, and the statement ending there (the routine)
   * does not count as the statement the comment is inside.
   */
  until?: number;
  /**
   * A block comment never closed (it runs to the end of the text or of the routine body; Postgres
   * rejects it): it silences nothing and gets one `unused-ignore` finding, whatever it names.
   */
  unterminated?: true;
  /**
   * The keyword is not in lower case (`NEON-AUTH-IGNORE`): not a directive (the keyword is
   * case-sensitive, as ESLint's are), so it silences nothing and gets one `unused-ignore` finding.
   */
  wrongCase?: true;
}

/** A comment token, and for one inside a routine body the end of the statement holding the body. */
export type CommentToken = Token & { until?: number };

/** The keyword in any case: one not in lower case is reported (`Directive.wrongCase`), as ESLint's directives are case-sensitive. */
const DIRECTIVE = /^(--|\/\*)(\s*)(neon-auth-ignore(-file)?)(?=\s|:|\*\/|$)/i;

/** The suppression directives among `tokens` (the whole document's tokens, or its comments). Linear in the comments' length. */
export function findDirectives(text: string, tokens: readonly CommentToken[]): Directive[] {
  const out: Directive[] = [];
  for (const t of tokens) {
    if (t.kind !== 'lineComment' && t.kind !== 'blockComment') continue;
    const raw = text.slice(t.start, t.end);
    const m = DIRECTIVE.exec(raw);
    if (!m) continue;
    const bodyStart = t.start + m[0].length;
    const unterminated = t.kind === 'blockComment' && (t.unterminated === true || !raw.endsWith('*/'));
    const bodyEnd = t.kind === 'blockComment' && raw.endsWith('*/') ? t.end - 2 : t.end;
    const body = text.slice(bodyStart, bodyEnd);
    const colon = body.indexOf(':');
    const idsText = colon < 0 ? body : body.slice(0, colon);
    const ids: Directive['ids'] = [];
    const re = /[A-Za-z0-9_-]+/g;
    let im: RegExpExecArray | null;
    while ((im = re.exec(idsText)) !== null) ids.push({ id: im[0], start: bodyStart + im.index, end: bodyStart + im.index + im[0].length });
    out.push({
      scope: m[4] !== undefined ? 'file' : codeBefore(text, t.start) ? 'line' : 'next',
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
      ...(unterminated ? { unterminated: true as const } : {}),
      ...(m[3] !== m[3].toLowerCase() ? { wrongCase: true as const } : {}),
    });
  }
  return out;
}

const BLANK = /\s/;

/** JavaScript's line terminators (`\n`, `\r`, U+2028, U+2029): where a host `//` comment ends. */
const isHostLineBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * The next line of a host text after offset `from` (past the end of its own line; lines end at
 * JavaScript's line terminators) that holds more than blanks, as `[start, end)` without its line
 * break; undefined when there is none.
 */
function nextCodeLine(text: string, from: number): { start: number; end: number } | undefined {
  let i = from;
  while (i < text.length && !isHostLineBreak(text.charCodeAt(i))) i++;
  while (i < text.length) {
    const start = ++i;
    while (i < text.length && !isHostLineBreak(text.charCodeAt(i))) i++;
    if (text.slice(start, i).trim() !== '') return { start, end: i };
  }
  return undefined;
}

/** The SQL regions of a host file (see `host.ts` `SqlRegion`): where each literal's SQL runs, and where the call it is written for starts. */
export interface HostRegions {
  readonly text: string;
  /** In ascending order. */
  readonly regions: ReadonlyArray<{ readonly start: number; readonly end: number; readonly call: number }>;
}

/**
 * The region a host comment on a line of its own reaches, the next line of code being `line`: the
 * first region whose literal opens on that line, or whose call (`SqlRegion.call`) starts there,
 * whichever comes first; undefined when neither does.
 */
function regionOnLine(host: HostRegions, line: { start: number; end: number }): { start: number; end: number } | undefined {
  const { regions } = host;
  // the literal's opening delimiter is just before the region
  const k = partitionPoint(regions.length, (i) => regions[i].start - 1 < line.start);
  const opening = k < regions.length && regions[k].start - 1 < line.end ? regions[k] : undefined;
  // a call starting on the line holds regions after it (the first of them, in order)
  let called: { start: number; end: number } | undefined;
  for (let i = k; i < regions.length && (opening === undefined || regions[i].start < opening.start); i++) {
    const c = regions[i].call;
    if (c >= line.start && c < line.end) {
      called = regions[i];
      break;
    }
    // regions are in order and a call holds its literals: one starting past the line ends the search
    // once a region's call is past the line too
    if (c >= line.end) break;
  }
  return called ?? opening;
}

/**
 * Whether anything but blanks precedes `offset` on its line: a directive there covers its own
 * line. Looks back only to the nearest line break or non-blank, so many comments on one long line
 * cost their own length, not the line's length each.
 */
export function codeBefore(text: string, offset: number): boolean {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return false;
    if (!BLANK.test(text[i])) return true;
  }
  return false;
}

/**
 * The comment token that contains `offset`: the end of a `--` comment counts as inside it (the
 * cursor at the end of the line), a block comment's end does not unless it is unclosed (still
 * being typed).
 */
export function commentAt(tokens: readonly Token[], offset: number): Token | undefined {
  return tokens.find(
    (t) =>
      t.start < offset &&
      ((t.kind === 'lineComment' && offset <= t.end) || (t.kind === 'blockComment' && (offset < t.end || (t.unterminated === true && offset === t.end)))),
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
 * may name (rule ids, `parse-error`); `offIds`, those of them this lint does not run (set `off`): a
 * directive naming one reports nothing, yet is not called unused (the rule may be on where the
 * same file is checked with other settings, and the comment is needed there; as Ruff's RUF100
 * leaves codes that are not enabled alone). Findings of `unused-ignore` itself cannot be suppressed.
 * `statements` are in document order (a routine's body statements after the routine); a `next`
 * directive inside one of them (the innermost, not the routine ending at its `until`) covers the
 * findings starting from the directive's end to that statement's end, else the first statement
 * that starts at or after its end (before its `until`); in a host file (`host`), a `next` directive
 * outside its SQL regions covers the first statement of the region `regionOnLine` gives for the
 * next line of code, and the findings on that line that no region holds. A finding is silenced by
 * the first directive (in `directives` order) that names its rule and covers it. Each directive is
 * resolved once and indexed by rule id: O((findings + directives + statements) · log) overall.
 */
export function applySuppressions(
  text: string,
  directives: readonly Directive[],
  statements: ReadonlyArray<{ start: number; end: number }>,
  findings: readonly Finding[],
  knownIds: ReadonlySet<string>,
  host?: HostRegions,
  offIds: ReadonlySet<string> = new Set(),
): Finding[] {
  if (directives.length === 0) return [...findings];
  const nextStatement = firstStartingFrom(statements);
  const enclosing = innermostAround(statements);
  const inside: boolean[] = []; // per directive: a `next` one inside a statement (it covers the rest of that statement)
  // Per rule id, the directives naming it, by what they cover: the first `file` one, the first
  // `line` one per line (by the line's start), and each `next` one's statement.
  const byRule = new Map<string, RuleDirectives>();
  const lineDirectives: number[] = [];
  directives.forEach((dir, d) => {
    if (dir.scope === 'line' && !dir.unterminated && !dir.wrongCase) lineDirectives.push(d);
  });
  const lineOf = lineStarts(text, lineDirectives.length === 0 ? [] : [...lineDirectives.map((d) => directives[d].start), ...findings.map((f) => f.start)]);
  directives.forEach((dir, d) => {
    if (dir.unterminated || dir.wrongCase) return;
    let target: { start: number; end: number } | undefined;
    // A host comment (outside the SQL regions) also covers the findings on the next line of code
    // that no SQL region holds (a Drizzle call): host code has no statements the way SQL has.
    let codeLine: { start: number; end: number } | undefined;
    if (dir.scope === 'next') {
      const hostComment = host !== undefined && dir.until === undefined;
      // Inside a statement (not the routine whose body holds the comment): the rest of it.
      const around = hostComment ? undefined : enclosing(dir.start);
      if (around !== undefined && (dir.until === undefined || around.end < dir.until)) {
        target = { start: dir.end, end: around.end };
        inside[d] = true;
      } else if (hostComment) {
        // The first statement of the SQL region the next line of code opens or calls (see `regionOnLine`), as
        // a SQL comment reaches the next statement only (and ESLint's next-line comments, that line).
        codeLine = nextCodeLine(host.text, dir.end);
        const region = codeLine && regionOnLine(host, codeLine);
        target = region && nextStatement(region.start);
        if (target !== undefined && region !== undefined && target.start >= region.end) target = undefined;
      } else {
        target = nextStatement(dir.end);
        if (target !== undefined && dir.until !== undefined && target.start >= dir.until) target = undefined;
      }
      if (target === undefined && codeLine === undefined) return;
    }
    const line = dir.scope === 'line' ? lineOf(dir.start) : 0;
    for (const { id } of dir.ids) {
      let r = byRule.get(id);
      if (!r) byRule.set(id, (r = { lines: new Map(), next: [] }));
      if (dir.scope === 'file') r.file ??= d;
      else if (dir.scope === 'line') {
        if (!r.lines.has(line)) r.lines.set(line, d);
      } else {
        if (target) r.next.push({ start: target.start, end: target.end, d });
        if (codeLine) r.next.push({ start: codeLine.start, end: codeLine.end, d, outsideRegions: true });
      }
    }
  });
  const nextBest = firstCovering(findings, byRule, host);
  const used = new Set<string>(); // `${directiveIndex}:${id}`
  const kept = findings.filter((f, i) => {
    const r = byRule.get(f.ruleId);
    if (!r) return true;
    let best = r.file;
    const onLine = r.lines.size > 0 ? r.lines.get(lineOf(f.start)) : undefined;
    if (onLine !== undefined && (best === undefined || onLine < best)) best = onLine;
    const next = nextBest[i];
    if (next !== undefined && (best === undefined || next < best)) best = next;
    if (best === undefined) return true;
    used.add(`${best}:${f.ruleId}`);
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
    if (dir.wrongCase) {
      const written = text.slice(dir.keywordStart, dir.keywordEnd);
      notes.push(
        note(
          dir.keywordStart,
          dir.keywordEnd,
          `${written} is not a suppression directive (the keyword is case-sensitive), so this comment silences nothing: write it ${written.toLowerCase()}.`,
        ),
      );
      return;
    }
    if (dir.ids.length === 0) {
      notes.push(
        note(
          dir.start,
          dir.end,
          'This neon-auth-ignore comment names no rule id, so it silences nothing: name the rules, e.g. `-- neon-auth-ignore prefer-left-join: reason`.',
        ),
      );
    }
    // an id named again in the same comment silences nothing more (as Ruff's RUF100 reports a
    // duplicated code): reported at each repeat, whatever the first occurrence does
    const named = new Set<string>();
    dir.ids.forEach((id, i) => {
      if (named.has(id.id)) {
        notes.push(repeatNote(text, dir.ids[i - 1], id));
        return;
      }
      named.add(id.id);
      if (!knownIds.has(id.id)) {
        const near = closestRuleId(id.id, knownIds);
        notes.push(note(id.start, id.end, `Unknown rule id '${id.id}' in a neon-auth-ignore comment${near ? ` (did you mean '${near}'?)` : ''}.`));
      } else if (!used.has(`${d}:${id.id}`) && !offIds.has(id.id))
        notes.push(
          note(
            id.start,
            id.end,
            `'${id.id}' is ignored here but reports nothing ${dir.scope === 'file' ? 'in this file' : dir.scope === 'line' ? 'on this line' : inside[d] ? 'in the rest of this statement' : 'on the next statement'}: remove it.`,
          ),
        );
    });
  });
  return [...kept, ...notes].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}

/** The directives naming one rule id (indexes into the directive list), by what they cover. */
interface RuleDirectives {
  file?: number;
  /** Line start → the first `line` directive on that line. */
  lines: Map<number, number>;
  /**
   * Each `next` directive's range (the rest of its statement, or the next statement; both ends
   * inclusive for a finding's start), in directive order; `outsideRegions`: a host comment's next
   * line of code, which covers only the findings no SQL region holds.
   */
  next: Array<{ start: number; end: number; d: number; outsideRegions?: true }>;
}

/**
 * `x => the first statement in list order that starts at or after x`: a binary search over the
 * running maximum of the starts (exact whatever the order of the list).
 */
function firstStartingFrom<S extends { start: number }>(statements: readonly S[]): (x: number) => S | undefined {
  const runningMax: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  for (const s of statements) runningMax.push((max = Math.max(max, s.start)));
  return (x) => {
    return statements[partitionPoint(statements.length, (i) => runningMax[i] < x)];
  };
}

/**
 * `x => the innermost statement around offset x` (`start < x < end`): of those, the one starting
 * last, the shortest of those starting there; undefined when none is. Statements sorted by start
 * (longest first at one start), each with a jump to the nearest earlier one that ends later (a
 * monotonic stack): a query binary-searches the last statement starting before x and follows the
 * jumps while the statement ends at or before x. Exact for any ranges; for statements that nest
 * or are disjoint (as SQL statements and routine bodies are) a query takes O(log n + depth).
 */
function innermostAround<S extends { start: number; end: number }>(statements: readonly S[]): (x: number) => S | undefined {
  const sorted = [...statements].sort((a, b) => a.start - b.start || b.end - a.end);
  const jump: number[] = [];
  const stack: number[] = []; // indexes whose ends decrease from bottom to top
  sorted.forEach((s, i) => {
    while (stack.length > 0 && sorted[stack[stack.length - 1]].end <= s.end) stack.pop();
    jump.push(stack.length > 0 ? stack[stack.length - 1] : -1);
    stack.push(i);
  });
  return (x) => {
    let k = partitionPoint(sorted.length, (i) => sorted[i].start < x) - 1;
    while (k >= 0 && sorted[k].end <= x) k = jump[k];
    return k >= 0 ? sorted[k] : undefined;
  };
}

/**
 * For each finding, the first `next` directive (lowest index) naming its rule whose statement
 * contains the finding's start, or undefined. Per rule, the directives are taken in order and each
 * claims the findings in its range not claimed yet (a "next unclaimed" pointer per finding, with
 * path halving), so every finding is claimed once.
 */
function firstCovering(findings: readonly Finding[], byRule: ReadonlyMap<string, RuleDirectives>, host?: HostRegions): Array<number | undefined> {
  const regions = host?.regions ?? [];
  const inRegion = (x: number): boolean => {
    const r = regions[partitionPoint(regions.length, (i) => regions[i].end < x)];
    return r !== undefined && r.start <= x;
  };
  const best: Array<number | undefined> = new Array(findings.length).fill(undefined);
  const perRule = new Map<string, number[]>();
  findings.forEach((f, i) => {
    if (!byRule.get(f.ruleId)?.next.length) return;
    let list = perRule.get(f.ruleId);
    if (!list) perRule.set(f.ruleId, (list = []));
    list.push(i);
  });
  for (const [ruleId, members] of perRule) {
    const order = members.sort((a, b) => findings[a].start - findings[b].start);
    const starts = order.map((i) => findings[i].start);
    const skip = Array.from({ length: order.length + 1 }, (_, k) => k); // next unclaimed position at or after k
    const find = (k: number): number => {
      while (skip[k] !== k) {
        skip[k] = skip[skip[k]];
        k = skip[k];
      }
      return k;
    };
    for (const { start, end, d, outsideRegions } of byRule.get(ruleId)!.next) {
      const lo = partitionPoint(starts.length, (i) => starts[i] < start);
      for (let k = find(lo); k < starts.length && starts[k] <= end; k = find(k + 1)) {
        if (outsideRegions && inRegion(starts[k])) continue;
        best[order[k]] = d;
        skip[k] = k + 1;
      }
    }
  }
  return best;
}

/**
 * `offset => lineStartOf(text, offset)` for the given offsets (others are computed as asked): each
 * code unit is looked at at most once for all of them together, however long their lines.
 */
function lineStarts(text: string, offsets: readonly number[]): (offset: number) => number {
  const known = new Map<number, number>();
  let floor = 0; // the previous (clamped) offset
  let floorStart = 0; // its line start
  for (const o of [...new Set(offsets)].sort((a, b) => a - b)) {
    let i = Math.min(o, text.length);
    if (i <= 0) {
      known.set(o, i);
      continue;
    }
    const from = Math.max(floor, 0);
    while (i > from && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
    const start = i > from || from === 0 ? i : floorStart;
    known.set(o, start);
    floor = Math.min(o, text.length);
    floorStart = start;
  }
  return (offset) => known.get(offset) ?? lineStartOf(text, offset);
}

function note(start: number, end: number, message: string): Finding {
  return { ruleId: UNUSED_IGNORE_ID, severity: 'info', message, start, end, fixes: [] };
}

/** Separators of a directive's ids that removing one with the separator before it leaves a list: blanks and at most one comma. */
const PLAIN_SEPARATOR = /^\s*,?\s*$/;

/**
 * The note on `id`, a repeat of an id named before it in the same comment (`previous` is the id
 * just before it, whatever it names). Its safe fix removes the repeat with the separator before
 * it (`a, b, a` → `a, b`; the comment keeps its other ids and its reason); none when something
 * other than blanks and one comma stands between them.
 */
function repeatNote(text: string, previous: { end: number }, id: { id: string; start: number; end: number }): Finding {
  const finding = note(id.start, id.end, `'${id.id}' is already named in this neon-auth-ignore comment: remove the repeat.`);
  if (PLAIN_SEPARATOR.test(text.slice(previous.end, id.start)))
    finding.fixes.push({ title: `Remove the repeated '${id.id}'`, isPreferred: true, safe: true, edits: [{ start: previous.end, end: id.end, newText: '' }] });
  return finding;
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
  const existing = findDirectives(text, tokens).find((d) => d.scope === 'line' && !d.wrongCase && d.start >= ls && d.start <= le);
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
  const existing = findDirectives(text, tokens).find((d) => d.scope === 'file' && !d.wrongCase);
  if (existing) return mergeEdit(existing, ruleId);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  return { start: 0, end: 0, newText: `-- neon-auth-ignore-file ${ruleId}${eol}` };
}

function mergeEdit(d: Directive, ruleId: string): TextEdit {
  if (d.ids.length === 0) return { start: d.idsStart, end: d.idsStart, newText: ` ${ruleId}` };
  return { start: d.idsEnd, end: d.idsEnd, newText: `, ${ruleId}` };
}
