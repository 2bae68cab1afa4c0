import { Token, tokenize } from './lexer';
import { AuthReference, AuthUsage, authUsageOf, pathAuthNames } from './generation';
import { isAuthTableName } from './catalog';
import { type NamedSpan, tableGrantOf } from './grants';
import { defaultPrivilegesHead, definitionOf, FixForwardFact, FixForwardWalker, mayBeFact, redefinedLater, revokedLater, TableRevoke } from './fixForward';
import { buildModel } from './model';
import { FileState, FileTables, fileTables, HelperStatement, StatementMemo, TableStatement, UseStatement } from './tableDefs';
import { SearchPathStatement } from './searchPath';
import { partitionPoint } from './search';
import { applySuppressions, codeBefore, CommentToken, disableForFileEdit, disableForLineEdit, findDirectives, HostRegions } from './suppressions';
import { routineBodyStatements } from './bodies';
import { executeRegions } from './embedded';
import { ChangedRange, changedEdit, DocumentIndex, mayBeRelevant, noteChange } from './documentIndex';
import { parserState } from './parse';
import { Report, reportedFinding } from './rules/rule';
import { getRule, ruleModules } from './rules/registry';
import { Statement } from './statements';
import { SigTokens } from './tokens';
import { authSchemaResolver, PARSE_ERROR_ID, StatementChecker, StatementSource } from './statementCheck';
import {
  authReferencesOf,
  pathAuthReferencesOf,
  EmbeddedCheck,
  EmbeddedResults,
  RecordingTables,
  StatementCheck,
  StatementRef,
  StatementResults,
} from './statementResults';
import { Finding, Fix, LintOptions, LintResult, RejectedStatement, TextEdit } from './types';
import { drizzlePriorSchema } from './drizzle';
import {
  HostLanguage,
  HostView,
  hostCommentEdit,
  hostEdit,
  hostRange,
  hostNamesWritten,
  hostStringSubstitutions,
  type HostQuotedSubstitution,
  hostView,
  hostWorkspaceOf,
  type HostWorkspace,
  isHostLanguage,
  mentionsNeonAuth,
  expressionAt,
  proseAt,
  regionAt,
  SqlRegion,
  updatedHostView,
} from './host';
import {
  INSIDE_IDENTIFIER,
  INSIDE_STRING,
  VALUE_AFTER,
  noInterpolationInSqlString,
  removeIdentifierQuotesTitle,
  removeQuotesTitle,
} from './rules/no-interpolation-in-sql-string';

const INTERPOLATION_ID = 'no-interpolation-in-sql-string';
const UNKNOWN_COLUMN_ID = 'no-unknown-auth-column';

/** The outcome of `fixAll`. */
export interface FixAllResult {
  /** The text with the fixes applied. Equal to the input when nothing was fixable. */
  text: string;
  /** Number of fixes applied, over all passes. */
  applied: number;
  /** Lint result of the returned text. */
  result: LintResult;
  /** True when `shouldStop` ended the passes early: `text` then holds only the passes done so far. */
  stopped?: boolean;
}

export { PARSE_ERROR_ID };

/** Rule id of the one information finding for a text that was not checked at all. */
export const FILE_SKIPPED_ID = 'file-skipped';

import { DEFAULT_MAX_FILE_SIZE } from './constants';

export { DEFAULT_MAX_FILE_SIZE };

/**
 * The `file-skipped` message for a file of `size` (UTF-16 code units, or bytes when a front end
 * judges a file on disk by its size before reading it) over the `maxFileSize` limit.
 */
export function tooLargeReason(size: number, maxFileSize: number): string {
  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `Not checked: the file is ${mb(size)}, over the ${mb(maxFileSize)} limit (setting neonAuth.maxFileSizeMb, CLI --max-file-size).`;
}

/**
 * Why a text should not be checked at all, or undefined: longer than `maxFileSize` UTF-16 code
 * units, or not text (a NUL character in its first 8,000 code units, as `git` and `grep` judge binary files;
 * Postgres rejects NUL in query text anyway).
 */
export function skipReason(text: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): string | undefined {
  if (text.length > maxFileSize) return tooLargeReason(text.length, maxFileSize);
  if (text.slice(0, 8000).includes('\u0000')) return 'Not checked: the file is not text (it contains NUL characters).';
  return undefined;
}

/**
 * Lints one document. Never throws: an internal error in one statement skips only that statement.
 * `index`, when given, is an index of `text` (see `DocumentIndex.update`: an editor keeps one per
 * document, so a lint after an edit scans only the chunks the edit touched); otherwise the text is
 * indexed from scratch. Tokens are produced only for the statements a rule can act on.
 */
/**
 * What a check's findings depend on besides the text, as one string: the options as JSON, the
 * migration history by its state key (`PriorSchema.key`, which covers its tables and generation).
 * Equal strings, equal findings for the same text (the parser state aside: see `parserState`).
 */
export function optionsKey(options: LintOptions): string {
  return JSON.stringify({ ...options, priorSchema: options.priorSchema?.key });
}

export function lint(text: string, options: LintOptions = {}, index?: DocumentIndex): LintResult {
  if (isHostLanguage(options.language)) {
    const skipped = skipReason(text, options.maxFileSize);
    if (skipped !== undefined) return lintSql(text, options);
    const workspace = hostWorkspaceOf(options);
    if (!mentionsNeonAuth(text) && workspace === undefined) return nothingToCheck(options);
    const view = hostView(text, options.language, workspace);
    return lintHostView(text, view, options, index !== undefined && index.text === view.sqlText ? index : undefined);
  }
  if (cannotConcernNeonAuth(text, options)) return nothingToCheck(options);
  return lintSql(text, options, index);
}

/** SQL in which nothing can concern Neon Auth (see `mayBeRelevant`): not scanned at all. */
function cannotConcernNeonAuth(text: string, options: LintOptions): boolean {
  return !mayBeRelevant(text) && skipReason(text, options.maxFileSize) === undefined;
}

/** drizzle-kit's separator between a migration's statements: `--> statement-breakpoint` (at a line's end, or on a line of its own). */
const DRIZZLE_BREAKPOINT = /-->[ \t]*statement-breakpoint/;

/** The result for a text a pre-filter skips (SQL or host): no statement, nothing parsed; a forced generation still applies. */
function nothingToCheck(options: LintOptions): LintResult {
  const result: LintResult = { findings: [], statements: 0, parsed: 0, rejected: [] };
  // (a text naming no Neon Auth table: with `auto`, a migration's generation is its set's)
  const generation = withSetGeneration(authUsageOf([], options.authSchema), options.priorSchema).generation;
  if (generation !== undefined) result.generation = generation;
  return result;
}

/**
 * Lints a host file through its SQL view (see `host.ts`): findings at host offsets, fix edits
 * escaped for the literal they land in (a fix that would cross a `${…}` is dropped), findings of
 * rules that report something missing dropped in regions with an opaque `${…}`, and the parse
 * errors of such regions too (the blanked fragment is why they do not parse). A file the host parser
 * rejects gives one `parse-error` information finding and a rejected entry for the whole file.
 */
function lintHostView(text: string, view: HostView, options: LintOptions, index?: DocumentIndex): LintResult {
  let hostError: Finding | undefined;
  if (view.error) {
    const { message, offset, recovered } = view.error;
    const at = Math.min(offset, text.length);
    const parser = options.language?.startsWith('typescript') ? 'TypeScript' : 'JavaScript';
    hostError = {
      ruleId: PARSE_ERROR_ID,
      severity: 'info',
      message: recovered
        ? `The ${parser} parser rejected this line (${message}); the SQL on the other lines was checked.`
        : `The ${parser} parser rejected this file (${message}); its SQL was not checked.`,
      start: at,
      end: at,
      fixes: [],
    };
    // nothing was extracted: the file is one rejected entry
    if (!recovered)
      return {
        findings: options.reportParseErrors === false ? [] : [hostError],
        statements: 0,
        parsed: 0,
        rejected: [{ start: 0, end: text.length, errorOffset: at, message }],
      };
  }
  // Invalid escapes are reported at host offsets, on text the view does not map (kept as they are below).
  const escapes = new Set(escapeFindings(text, view, options));
  const quoted = hostStringSubstitutions(view);
  const hostFindings = [...escapes, ...stringSubstitutionFindings(text, quoted, options), ...drizzleFindings(text, view, options)];
  // A quoted name holding a `${…}` (`"${q}"`, reported above): no unknown-column finding about a column named `"$1"` as well.
  const placeholderNames = quoted.filter((q) => q.quotes === 'identifier').map((q) => q.string);
  // Their fixes are edits of the host text already: not mapped from the SQL view.
  const hostFixes = new Set(hostFindings.flatMap((f) => f.fixes));
  // Host names (Drizzle's `${usersSync}`) resolve to their tables and columns; an option, so a change of what one stands for re-checks every statement.
  const hostNames = view.names
    ? Object.fromEntries(
        Object.entries(view.names).map(([p, n]) => [
          p,
          { ...(n.schema === undefined ? {} : { schema: n.schema }), table: n.table, ...(n.column === undefined ? {} : { column: n.column }) },
        ]),
      )
    : undefined;
  // The app tables the file defines with Drizzle are the tables its SQL names (`${posts}`, `posts`): their column types are known.
  const priorSchema = drizzlePriorSchema(view.drizzle, options.priorSchema);
  const sqlOptions: LintOptions = { ...options, language: 'sql', ...(hostNames ? { hostNames } : {}), ...(priorSchema ? { priorSchema } : {}) };
  const result = lintText(view.sqlText, sqlOptions, index, { remaining: EMBEDDED_BUDGET, depth: 0 }, hostFindings, { text, regions: view.regions });
  // A statement that does not parse where a `${…}` is: the substitution is not a value after all
  // (a fragment or a name held in a variable), so its region is as opaque as a known fragment.
  const opaque = new Set(view.regions.filter((r) => r.opaque));
  for (const r of result.rejected) {
    const region = regionAt(view, r.start, r.start);
    const at = r.errorOffset;
    if (region && at !== undefined && region.substitutions.some((s) => s.start <= at && at <= s.end)) opaque.add(region);
  }
  const findings: Finding[] = [];
  for (const f of result.findings) {
    if (escapes.has(f)) {
      findings.push(f);
      continue;
    }
    const region = regionAt(view, f.start, f.start);
    if (region && opaque.has(region) && mayBeInFragment(f)) continue;
    if (f.ruleId === UNKNOWN_COLUMN_ID && placeholderNames.some((n) => f.start < n.end && n.start < f.end)) continue;
    // English text passed to a query method, or an expression (a Drizzle column's `.default(sql\`…\`)`): not a statement
    if (f.ruleId === PARSE_ERROR_ID && (proseAt(view, f.start) || expressionAt(view, f.start))) continue;
    const fixes = [];
    for (const fix of f.fixes) {
      if (hostFixes.has(fix)) {
        fixes.push(fix);
        continue;
      }
      // an edit inside a host comment kept in the view (a `// neon-auth-ignore` id's repeat removed) is at its host offsets already
      const edits = fix.edits.map((e) => hostEdit(view, e) ?? (view.comments.some((c) => c.start <= e.start && e.end <= c.end) ? e : undefined));
      if (edits.every((e) => e !== undefined)) fixes.push({ ...fix, edits: edits as TextEdit[] });
    }
    findings.push({
      ...f,
      ...hostRange(region, f.start, f.end),
      message: region ? hostMessage(text, view, region, f.message) : f.message,
      // the message's arguments (SARIF `message.arguments`) quote the same SQL: written as in the host too
      ...(region && f.data
        ? { data: Object.fromEntries(Object.entries(f.data).map(([k, v]) => [k, typeof v === 'string' ? hostMessage(text, view, region, v) : v])) }
        : {}),
      fixes: region ? fixes.map((x) => (hostFixes.has(x) ? x : { ...x, title: hostNamesWritten(view, x.title) })) : fixes,
    });
  }
  const rejected = result.rejected.filter((r) => {
    const region = regionAt(view, r.start, r.start);
    return !(region && opaque.has(region));
  });
  if (hostError && options.reportParseErrors !== false) {
    findings.push(hostError);
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  return { ...result, findings, rejected };
}

/**
 * The `parse-error` findings of a host file's invalid escape sequences in SQL literals (see
 * `InvalidEscape`), at the escape, with the parse-error setting's severity (default information).
 * They go through the engine's suppressions with the other findings.
 */
function escapeFindings(text: string, view: HostView, options: LintOptions): Finding[] {
  const setting = options.rules?.[PARSE_ERROR_ID] ?? 'info';
  if (!view.escapes || setting === 'off' || options.reportParseErrors === false) return [];
  const parser = options.language?.startsWith('typescript') ? 'TypeScript' : 'JavaScript';
  return view.escapes.map((e) => ({
    ruleId: PARSE_ERROR_ID,
    severity: setting,
    message: e.tagged
      ? `${text.slice(e.start, e.end)} is not a valid escape sequence: the tag receives undefined for this part of the template, not the SQL written (write \\\\ for a backslash), so this template's SQL was not checked.`
      : `The ${parser} parser rejected this escape sequence (${e.message}): the file does not run as written (write \\\\ for a backslash); its SQL was still checked.`,
    start: e.start,
    end: e.end,
    fixes: [],
  }));
}

/**
 * `no-interpolation-in-sql-string` findings of a host file (see that rule): one per value `${…}`
 * inside a quoted SQL string or quoted name (`quoted`, from `hostStringSubstitutions`). Fixes, all
 * suggestions: for a string holding only it, the quotes' removal (preferred); for a LIKE pattern
 * with one `${…}` and other text, its concatenation (`concatenationFix`); for a quoted name holding
 * only it, the quotes' removal only where a value is what the SQL most likely meant (right after a
 * comparison operator, `VALUE_AFTER`) and never preferred: where a name was meant (`ORDER BY
 * "${col}"`) the value would be sent as a constant, so the query would run and return wrong rows
 * instead of failing. They go through the engine's suppressions with the other findings.
 */
function stringSubstitutionFindings(text: string, quoted: readonly HostQuotedSubstitution[], options: LintOptions): Finding[] {
  const setting = options.rules?.[INTERPOLATION_ID] ?? getRule(INTERPOLATION_ID)?.defaultSeverity ?? 'warning';
  if (setting === 'off') return [];
  const perString = new Map<number, number>();
  for (const q of quoted) perString.set(q.string.start, (perString.get(q.string.start) ?? 0) + 1);
  return quoted.map(({ sub, string, quotes, before, after }) => {
    const written = text.slice(sub.start, sub.end);
    const only = string.start === sub.start - 1 && string.end === sub.end + 1 && text[string.start] === (quotes === 'identifier' ? '"' : "'");
    const pattern =
      !only && quotes === 'string' && text[string.start] === "'" && perString.get(string.start) === 1 && (before === 'like' || before === 'ilike');
    const unquote = (title: string, isPreferred: boolean): Fix => ({
      title,
      isPreferred,
      safe: false,
      edits: [
        { start: string.start, end: string.start + 1, newText: '' },
        { start: string.end - 1, end: string.end, newText: '' },
      ],
    });
    const fixes = pattern
      ? [concatenationFix(text, sub, string, after)]
      : !only
        ? []
        : quotes === 'string'
          ? [unquote(removeQuotesTitle(written), true)]
          : before !== undefined && VALUE_AFTER.has(before)
            ? [unquote(removeIdentifierQuotesTitle(written), false)]
            : [];
    const report = { messageId: quotes === 'identifier' ? INSIDE_IDENTIFIER : INSIDE_STRING, data: { written }, start: sub.start, end: sub.end, fixes };
    return { ruleId: INTERPOLATION_ID, severity: setting, ...reportedFinding(noInterpolationInSqlString.meta.messages, report) };
  });
}

/** Words and punctuation after which `a LIKE '%' || $1 || '%'` reads as `a LIKE ('%' || $1 || '%')` (`||` binds tighter than LIKE, looser than `::`, `[`, `COLLATE` and arithmetic). */
const ENDS_PATTERN = new Set([
  ')',
  ',',
  ';',
  'and',
  'or',
  'escape',
  'then',
  'else',
  'end',
  'when',
  'order',
  'group',
  'having',
  'limit',
  'offset',
  'union',
  'except',
  'intersect',
  'returning',
  'window',
  'fetch',
  'for',
]);

/**
 * For a LIKE / ILIKE pattern string holding one `${…}` and other text (`'%${q}%'`): the fix that
 * builds it with `||` around the parameter (`'%' || ${q} || '%'`), in parentheses unless what
 * follows ends the pattern. A suggestion: the query then matches the value (a value's own `%` and
 * `_` are wildcards too) where it failed before.
 */
function concatenationFix(text: string, sub: { start: number; end: number }, string: { start: number; end: number }, after: string | undefined): Fix {
  const written = text.slice(sub.start, sub.end);
  const head = sub.start - 1 === string.start; // nothing before the `${…}` in the string
  const tail = sub.end + 1 === string.end;
  const parens = after !== undefined && !ENDS_PATTERN.has(after);
  const edits: TextEdit[] = [];
  edits.push(head ? { start: string.start, end: sub.start, newText: parens ? '(' : '' } : { start: sub.start, end: sub.start, newText: "' || " });
  if (parens && !head) edits.unshift({ start: string.start, end: string.start, newText: '(' });
  edits.push(tail ? { start: sub.end, end: string.end, newText: parens ? ')' : '' } : { start: sub.end, end: sub.end, newText: " || '" });
  if (parens && !tail) edits.push({ start: string.end, end: string.end, newText: ')' });
  const built = `${head ? '' : `${text.slice(string.start, sub.start)}' || `}${written}${tail ? '' : ` || '${text.slice(sub.end, string.end)}`}`;
  return { title: `Build the pattern with || around ${written}: ${parens ? `(${built})` : built}`, isPreferred: true, safe: false, edits };
}

/**
 * The findings of the rules' Drizzle checks (see `Rule.drizzle`) on a host file's Drizzle code, with
 * each rule's severity from `options`. They go through the engine's suppressions with the others.
 */
function drizzleFindings(text: string, view: HostView, options: LintOptions): Finding[] {
  const model = view.drizzle;
  if (!model) return [];
  const out: Finding[] = [];
  for (const rule of ruleModules) {
    if (!rule.drizzle) continue;
    const setting = options.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (setting === 'off') continue;
    rule.drizzle({
      text,
      model,
      authSchema: options.authSchema ?? 'auto',
      report: (r: Report) => out.push({ ruleId: rule.meta.id, severity: r.severity ?? setting, ...reportedFinding(rule.meta.messages, r) }),
    });
  }
  return out;
}

/**
 * A message quoting SQL of the view, with each `${…}` placeholder (`$1` and its padding) and each
 * host name (`_0`, see `hostNamesWritten`) written as in the host.
 */
function hostMessage(text: string, view: HostView, region: SqlRegion, message: string): string {
  let out = message;
  for (const s of region.substitutions) {
    if (s.name !== undefined) continue;
    const shown = view.sqlText.slice(s.start, s.end);
    const written = text.slice(s.start, s.end);
    if (shown.trim() !== '' && out.includes(shown)) out = out.split(shown).join(written);
    // A message quoting a typed parameter alone (`$01`, without the padding up to the `}`; see `isTypedParameter`).
    const placeholder = shown.trimEnd();
    if (s.typed && placeholder !== shown && /^\$0\d+$/.test(placeholder)) out = out.replace(new RegExp(`\\${placeholder}(?![\\w$])`, 'g'), () => written);
  }
  return hostNamesWritten(view, out);
}

/**
 * Whether a finding may be wrong next to SQL text the linter cannot see (a `${…}` fragment of a
 * host template, a `%s` of an `EXECUTE format(…)`): it says something is missing (the rule's
 * `meta.reportsAbsence`: the fragment may hold it), or that the statement does not parse (the
 * fragment is why).
 */
function mayBeInFragment(f: Finding): boolean {
  return f.ruleId === PARSE_ERROR_ID || getRule(f.ruleId)?.reportsAbsence === true;
}

/** Lints SQL text with the whole embedded-SQL budget. */
function lintSql(text: string, options: LintOptions = {}, index?: DocumentIndex): LintResult {
  return lintText(text, options, index, { remaining: EMBEDDED_BUDGET, depth: 0 });
}

/**
 * Decoded code units of embedded SQL (`EXECUTE '…'` texts, see `embedded.ts`) one `lint` checks at
 * most, nested ones included: a file cannot make the linter decode and check more than this.
 */
export const EMBEDDED_BUDGET = 20_000_000;

/** How deep `EXECUTE` texts inside `EXECUTE` texts are checked. */
const MAX_EMBEDDED_DEPTH = 4;

/** A host file's text and its SQL regions (sorted by start; host offsets), for the suppression comments of its SQL view. */
type HostSuppressionContext = HostRegions;

/** What one `lint` may still spend on embedded SQL, and how deep in embedded SQL it is. */
interface EmbeddedBudget {
  remaining: number;
  depth: number;
}

/**
 * Lints SQL `text`, in stages: the statements the document index knows (`statementsOf`), the
 * file's table facts (`tableFacts`) and Neon Auth generation (`authUsage`), each relevant statement
 * checked or its kept result reused (`checkStatements`), the `EXECUTE` texts of routine bodies
 * (`checkEmbedded`), then the suppression comments (`suppressed`). `extra` are findings made
 * elsewhere that go through the suppressions with the rules' (host-level ones); `host` is the host
 * file's text and its SQL regions (sorted, host offsets) when `text` is its SQL view (see
 * `host.ts`): suppression comments are then read as they sit in the host, and one inside a region
 * reaches nothing past that region.
 */
function lintText(
  text: string,
  options: LintOptions,
  index: DocumentIndex | undefined,
  budget: EmbeddedBudget,
  extra: readonly Finding[] = [],
  host?: HostSuppressionContext,
): LintResult {
  const skipped = skipReason(text, options.maxFileSize);
  if (skipped !== undefined) return fileSkipped(skipped);
  const doc = index !== undefined && index.text === text ? index : DocumentIndex.of(text);
  const { refs, directives } = statementsOf(doc);
  const source = new StatementSource(text, refs);
  const tables = tableFacts(text, refs, source, options, host === undefined);
  const relevant = relevantStatements(refs, source, tables);
  const auth = authUsage(text, refs, relevant, source, tables, options);
  // (`includes` first: a plain substring search is about ten times faster than the regular expression on a text without one)
  const statementBreakpoints = options.priorSchema?.statementBreakpoints === true || (text.includes('statement-breakpoint') && DRIZZLE_BREAKPOINT.test(text));
  // What a kept result is reused under (breakpoints decide the text of fixes).
  const settingsKey = `${optionsKey(options)}|${parserState()}|${statementBreakpoints ? 'chunks' : ''}`;
  const checker = new StatementChecker(text, options, auth, source, refs, statementBreakpoints);
  const checked = checkStatements(refs, relevant, checker, source, tables, auth, settingsKey);
  const embedded = checkEmbedded(text, refs, source, tables, options, budget, settingsKey);
  const own = [...checked.findings, ...embedded.findings];
  // (in a host file's SQL view, each string is a query of its own: what another does later is not known to run after it)
  const current = host === undefined ? fixedForwardOrAll(text, own, refs, source, options) : own;
  const findings = suppressed(text, [...current, ...extra], refs, embedded.statements, directives, host, options);
  const result: LintResult = { findings, statements: refs.length, parsed: source.parsedCount, rejected: checked.rejected };
  if (auth.generation !== undefined) result.generation = auth.generation;
  return result;
}

/** The result for a text not checked at all (`skipReason`): one `file-skipped` information finding. */
function fileSkipped(reason: string): LintResult {
  const finding: Finding = { ruleId: FILE_SKIPPED_ID, severity: 'info', message: reason, start: 0, end: 0, fixes: [] };
  return { findings: [finding], statements: 0, parsed: 0, rejected: [], skipped: reason };
}

/**
 * Stage 1: every statement of the index in document order (a routine's body statements after it)
 * and every suppression comment, at document offsets.
 */
function statementsOf(doc: DocumentIndex): { refs: StatementRef[]; directives: CommentToken[] } {
  const refs: StatementRef[] = [];
  const directives: CommentToken[] = [];
  for (const chunk of doc.chunks) {
    const base = chunk.start;
    const first = refs.length;
    for (const info of chunk.data.statements) {
      refs.push({ info, start: base + info.start, end: base + info.end, parent: info.parent === undefined ? undefined : first + info.parent });
    }
    for (const d of chunk.data.directives)
      directives.push(
        d.until === undefined ? { ...d, start: base + d.start, end: base + d.end } : { ...d, start: base + d.start, end: base + d.end, until: base + d.until },
      );
  }
  return { refs, directives };
}

/**
 * Stage 2: the file's table facts: table definitions (parsed only when a foreign key needs one),
 * column uses, RLS helpers, the search path at each statement. `followsPathForAuth`: whether an
 * unqualified Neon Auth table name is resolved through that path (`FileTables.authSchema`); not in
 * a host file's SQL view, whose strings and templates are each sent on their own (a `SET` in one
 * holds for another only on the same connection, which the code does not show).
 */
function tableFacts(
  text: string,
  refs: readonly StatementRef[],
  source: StatementSource,
  options: LintOptions,
  followsPathForAuth: boolean,
): FileTables & FileState {
  const tableStatements: TableStatement[] = [];
  const useStatements: UseStatement[] = [];
  const helperStatements: HelperStatement[] = [];
  const pathStatements: SearchPathStatement[] = [];
  for (let k = 0; k < refs.length; k++) {
    const r = refs[k];
    const { id, table, helper, path } = r.info;
    if (table)
      tableStatements.push({
        id,
        start: r.start,
        verb: table.verb,
        name: table.name,
        schema: table.schema,
        inBody: r.parent !== undefined,
        renamedTo: table.renamedTo,
        memo: r.info.memo,
        get: () => source.statement(k),
      });
    if (r.parent !== undefined) continue;
    useStatements.push(new FileStatement(source, k, r));
    if (path) pathStatements.push({ id, start: r.start, change: path });
    if (helper) helperStatements.push({ id, start: r.start, def: helper });
  }
  return fileTables(tableStatements, text, source.parse, useStatements, helperStatements, options.priorSchema, pathStatements, followsPathForAuth);
}

/** A top-level statement as the table facts see it (one object, no closure: a file has thousands). */
class FileStatement implements UseStatement {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly memo: StatementMemo;

  constructor(
    private readonly source: StatementSource,
    private readonly k: number,
    r: StatementRef,
  ) {
    this.id = r.info.id;
    this.start = r.start;
    this.end = r.end;
    this.memo = r.info.memo;
  }

  get(): { sig: SigTokens } {
    return this.source.statement(this.k);
  }
}

/**
 * The positions in `refs` of the statements a rule can act on, in document order:
 * `StatementInfo.relevant`, and a top-level statement naming an unqualified `"user"`
 * (`StatementInfo.bareUser`) where the search path resolves it to Neon Auth's table (see
 * `FileTables.authSchema`; its search path state is worked out once per path statement).
 */
function relevantStatements(refs: readonly StatementRef[], source: StatementSource, tables: FileTables): number[] {
  const relevant: number[] = [];
  refs.forEach((r, k) => {
    if (r.info.relevant || (r.info.bareUser && authSchemaResolver(refs, source, tables, k)?.('user') !== undefined)) relevant.push(k);
  });
  return relevant;
}

/**
 * Stage 3: the file's Neon Auth generation, from the Neon-managed tables its `relevant` statements
 * name (only they can): schema-qualified, or an unqualified `users_sync`/`"user"` used as a table
 * where the file's search path resolves it (`FileTables.authSchema`; see `pathAuthNames`).
 */
function authUsage(
  text: string,
  refs: readonly StatementRef[],
  relevant: readonly number[],
  source: StatementSource,
  tables: FileTables,
  options: LintOptions,
): AuthUsage {
  const references: AuthReference[] = [];
  for (const k of relevant) {
    references.push(...authReferencesOf(refs[k], () => source.statement(k).sig));
    const authSchemaOf = authSchemaResolver(refs, source, tables, k);
    if (!authSchemaOf || (authSchemaOf('users_sync') === undefined && authSchemaOf('user') === undefined)) continue;
    references.push(...pathAuthReferencesOf(refs[k], parserState(), () => tableNames(text, source, k), authSchemaOf));
  }
  return withSetGeneration(authUsageOf(references, options.authSchema), options.priorSchema);
}

/** The unqualified Neon Auth user table names statement `k` uses as tables (`pathAuthNames`, each taken as resolved); none when it does not parse. */
function tableNames(text: string, source: StatementSource, k: number): NamedSpan[] {
  const { stmt, sig } = source.statement(k);
  if (!sig.list.some((t, i) => (t.value === 'users_sync' || (t.kind === 'quotedIdent' && t.value === 'user')) && !sig.isPunct(i - 1, '.'))) return [];
  const outcome = source.parse(stmt);
  if (!outcome.ok) return [];
  try {
    const model = buildModel(
      outcome.ast,
      outcome.toDoc,
      text,
      sig,
      () => undefined,
      undefined,
      (name) => (isAuthTableName(name) ? 'neon_auth' : undefined),
    );
    return pathAuthNames(model, sig);
  } catch {
    return []; // an AST shape the model does not know
  }
}

/**
 * With `auto`, a file of a migration set is checked for the generation of its set: a file that
 * names neither generation for the set's (`PriorSchema.generation`), and one that names only the
 * other generation than its earlier migrations leave for theirs (`PriorSchema.earlier`: the
 * database has their tables, not the other generation's; `match-auth-schema` reports the other
 * user table). A file that names both is checked on its own (it may be the move from one to the other).
 */
function withSetGeneration(auth: AuthUsage, prior: LintOptions['priorSchema']): AuthUsage {
  if (auth.setting !== 'auto' || prior === undefined) return auth;
  if (auth.generation === undefined) return prior.generation !== undefined ? { ...auth, generation: prior.generation } : auth;
  const earlier = prior.earlier;
  if (earlier === undefined || auth.mixed !== undefined || auth.generation === earlier.generation) return auth;
  return { ...auth, generation: earlier.generation, earlier };
}

/** Each relevant statement's last check, kept between lints (see `StatementResults`). */
const statementResults = new StatementResults();

/** Each DO block's or routine's last check of its `EXECUTE` texts. */
const embeddedResults = new EmbeddedResults();

/**
 * Stage 4: each relevant statement checked, or its last check reused when the statement, the
 * settings, the generation and the table facts it asked for are unchanged (see `StatementResults`).
 * An internal error skips that statement only.
 */
function checkStatements(
  refs: readonly StatementRef[],
  relevant: readonly number[],
  checker: StatementChecker,
  source: StatementSource,
  tables: FileTables,
  auth: AuthUsage,
  settingsKey: string,
): { findings: Finding[]; rejected: RejectedStatement[] } {
  const findings: Finding[] = [];
  const rejected: RejectedStatement[] = [];
  const legacyReferences = auth.references.filter((x) => x.table.generation === 'legacy').length;
  for (const k of relevant) {
    const r = refs[k];
    const mixed =
      auth.mixed !== undefined && auth.mixed.start >= r.start && auth.mixed.start < r.end
        ? `${auth.mixed.start - r.start}:${legacyReferences}:${auth.references.length}`
        : '';
    const authKey = `${auth.setting}|${auth.generation ?? ''}|${mixed}|${auth.earlier ? 'earlier' : ''}`;
    const kept = statementResults.reuse(r, settingsKey, authKey, tables);
    let outcome: StatementCheck;
    if (kept) {
      source.countParsed(kept.parsed);
      outcome = kept;
    } else {
      const recorded = new RecordingTables(tables, r);
      let made;
      try {
        made = source.recordParses(() => checker.check(k, recorded.tables));
      } catch {
        continue; // an internal error: this statement is skipped, the others are kept
      }
      outcome = statementResults.keep(r, settingsKey, authKey, recorded, made.value, made.parsed);
    }
    for (const f of outcome.findings) findings.push(f);
    if (outcome.rejected) rejected.push(outcome.rejected);
  }
  return { findings, rejected };
}

/**
 * Stage 4, embedded SQL: the `EXECUTE` texts of constant SQL in top-level PL/pgSQL bodies, each
 * checked as a document of its own on the tables as the file has them there (see
 * `embeddedFindings`; not deeper than `MAX_EMBEDDED_DEPTH`), or their last check reused under the
 * same settings and the same table statements around them. Also each `EXECUTE`'s range.
 */
function checkEmbedded(
  text: string,
  refs: readonly StatementRef[],
  source: StatementSource,
  tables: FileState,
  options: LintOptions,
  budget: EmbeddedBudget,
  settingsKey: string,
): EmbeddedCheck {
  const out: EmbeddedCheck = { findings: [], statements: [] };
  if (budget.depth >= MAX_EMBEDDED_DEPTH) return out;
  refs.forEach((r, k) => {
    if (!r.info.embedded || r.parent !== undefined) return;
    // (the statement's own text fixes where its EXECUTEs are among the file's table statements)
    const key = `${settingsKey}|${tables.stateKey(r.start)}`;
    let found = embeddedResults.reuse(r, key);
    if (!found) {
      try {
        found = embeddedFindings(text, source.tokensOf(k).stmt, tables, options, budget);
      } catch {
        return; // an internal error: this statement's embedded SQL is skipped, the rest is kept
      }
      embeddedResults.keep(r, key, found);
    }
    out.findings.push(...found.findings);
    out.statements.push(...found.statements);
  });
  return out;
}

/** Rules whose findings inside a view's or routine's definition do not say Postgres rejects the definition (see `fixedForward`). */
const REDEFINABLE_RULES: ReadonlySet<string> = new Set(['prefer-left-join', 'require-deleted-at-filter', 'no-null-rejecting-where', 'no-auth-table-writes']);
const GRANT_RULE = 'no-broad-auth-grants';

/**
 * Stage 4, fixed forward (see `fixForward.ts`): the findings less those about something a later
 * statement of the file, or a later migration of its set (`PriorSchema.later`), does away with: a
 * `no-broad-auth-grants` finding whose grant later REVOKEs take back from its grantee, and a
 * finding of `REDEFINABLE_RULES` inside a `CREATE [OR REPLACE] VIEW | MATERIALIZED VIEW | FUNCTION
 * | PROCEDURE` that a later `CREATE OR REPLACE` or `DROP` of the same object replaces, under the
 * name it has then (`ALTER … RENAME TO | SET SCHEMA` followed: see `redefinedLater`), never one
 * that says Postgres rejects the statement (the migration could not have run). Only top-level
 * statements count (a DO block's may run conditionally). Worked out on every
 * lint from the statements after the finding's (kept results are per statement; this reads beyond
 * it), only when such a finding is there.
 */
function fixedForward(text: string, findings: Finding[], refs: readonly StatementRef[], source: StatementSource, options: LintOptions): Finding[] {
  const candidate = (f: Finding): boolean => f.rejectedByPostgres === undefined && (f.ruleId === GRANT_RULE || REDEFINABLE_RULES.has(f.ruleId));
  if (!findings.some(candidate)) return findings;
  // the file's facts, and the search path at each top-level statement (only those count: a DO
  // block's statements may run conditionally; a routine's run when it is called)
  const walker = new FixForwardWalker();
  const top: number[] = [];
  const paths: Array<readonly string[] | undefined> = [];
  for (let k = 0; k < refs.length; k++) {
    const r = refs[k];
    if (r.parent !== undefined) continue;
    top.push(k);
    paths.push(walker.currentPath);
    const change = r.info.path;
    walker.feed(change, !change && mayBeFact(text, r.start) ? source.tokensOf(k).sig : undefined, r.start);
  }
  const later = options.priorSchema?.later?.fixForward() ?? [];
  const after = (end: number): FixForwardFact[] => [...walker.facts.filter((x) => x.start >= end), ...later];
  const before = (start: number): FixForwardFact[] => walker.facts.filter((x) => x.start < start);
  const gone = new Map<number, (f: Finding) => boolean>();
  const verdict = (t: number): ((f: Finding) => boolean) => {
    let v = gone.get(t);
    if (v) return v;
    const k = top[t];
    const { sig } = source.tokensOf(k);
    const grant = tableGrantOf(sig);
    const def = grant ? undefined : definitionOf(sig, paths[t]);
    const facts = grant || def ? after(refs[k].end) : [];
    if (grant) {
      const roles = defaultPrivilegesHead(sig)?.roles ?? [];
      const revokes = facts.filter((x): x is TableRevoke => x.kind === 'revoke');
      v = (f) => {
        const grantee = f.ruleId === GRANT_RULE ? grant.grantees.find((g) => g.start === f.start && g.end === f.end) : undefined;
        return grantee !== undefined && revokedLater(grant, grantee.name, paths[t], roles, revokes);
      };
    } else if (def && redefinedLater(def, facts, before(refs[k].start))) v = (f) => REDEFINABLE_RULES.has(f.ruleId);
    else v = () => false;
    gone.set(t, v);
    return v;
  };
  return findings.filter((f) => {
    if (!candidate(f)) return true;
    const t = partitionPoint(top.length, (i) => refs[top[i]].end < f.start);
    if (t >= top.length || refs[top[t]].start > f.start) return true;
    try {
      return !verdict(t)(f);
    } catch {
      return true; // an unexpected shape: the finding stays
    }
  });
}

/** `fixedForward`, or every finding when it meets a shape it does not expect (never throws). */
function fixedForwardOrAll(text: string, findings: Finding[], refs: readonly StatementRef[], source: StatementSource, options: LintOptions): Finding[] {
  try {
    return fixedForward(text, findings, refs, source, options);
  } catch {
    return findings;
  }
}

/**
 * Stage 5: the findings sorted (`LintResult.findings` is), one per rule, range and message (two
 * statements can report the same place: two ALTER TABLEs keying one column defined earlier), less
 * those the suppression comments hide. `executeStatements` count as statements for the comments.
 * A comment naming a rule `options` turn off is not reported as unused (see `applySuppressions`).
 */
function suppressed(
  text: string,
  findings: Finding[],
  refs: readonly StatementRef[],
  executeStatements: ReadonlyArray<{ start: number; end: number }>,
  directiveTokens: CommentToken[],
  host: HostSuppressionContext | undefined,
  options: LintOptions,
): Finding[] {
  const known = new Set([...ruleModules.map((r) => r.meta.id), PARSE_ERROR_ID]);
  const off = new Set(ruleModules.filter((r) => (options.rules?.[r.meta.id] ?? r.meta.defaultSeverity) === 'off').map((r) => r.meta.id));
  if (options.reportParseErrors === false || options.rules?.[PARSE_ERROR_ID] === 'off') off.add(PARSE_ERROR_ID);
  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  const unique = findings.filter((f, i) => {
    const prev = findings[i - 1];
    return !(prev && prev.start === f.start && prev.end === f.end && prev.ruleId === f.ruleId && prev.message === f.message);
  });
  const statementRanges = executeStatements.length === 0 ? refs : [...refs, ...executeStatements].sort((a, b) => a.start - b.start);
  let directives = findDirectives(text, directiveTokens);
  if (host !== undefined) {
    const { regions } = host;
    directives = directives.map((d) => {
      // A host file's directive after code on its line (blanked in the SQL view) covers that line.
      if (d.scope === 'next' && codeBefore(host.text, d.start)) return { ...d, scope: 'line' as const };
      // One inside a template or string reaches nothing past it (the next template is another query):
      // up to its closing delimiter (a `;` in the view), the statement ending there being its own.
      const region = regions[partitionPoint(regions.length, (i) => regions[i].end <= d.start)];
      if (d.scope !== 'next' || region === undefined || region.start > d.start) return d;
      return { ...d, until: Math.min(d.until ?? region.end + 1, region.end + 1) };
    });
  }
  // (applySuppressions returns the findings as given when there is no directive.)
  return applySuppressions(text, directives, statementRanges, unique, known, host, off);
}

/**
 * The findings in the `EXECUTE` texts of `stmt`'s PL/pgSQL bodies (see `executeRegions`), each
 * text linted as a document of its own and its findings carried into the host: ranges through the
 * region's offset map, fixes only when every edit can be written into the host literal. Each text
 * is linted on the tables as they are where its `EXECUTE` runs (`executedOn`): the earlier
 * migrations of the set, then the file's statements before it, those of its own DO block
 * included (a key that block dropped is gone, a column it added is there). In a
 * text with a `%s` fragment, findings of absence and parse errors are dropped (the fragment may
 * hold what is missing; it is not SQL we can see). Also each `EXECUTE`'s range (a statement for
 * suppression comments).
 */
function embeddedFindings(
  text: string,
  stmt: Statement,
  tables: FileState,
  options: LintOptions,
  budget: EmbeddedBudget,
): { findings: Finding[]; statements: Array<{ start: number; end: number }> } {
  const bodies: Token[][] = [];
  routineBodyStatements(text, [stmt], undefined, bodies);
  const findings: Finding[] = [];
  const statements: Array<{ start: number; end: number }> = [];
  for (const body of bodies) {
    for (const { executeStart, region } of executeRegions(text, body, budget)) {
      statements.push({ start: executeStart, end: region.hostEnd });
      budget.depth++;
      let inner: LintResult;
      try {
        inner = lintText(region.sql, executedOn(options, tables, executeStart), undefined, budget);
      } finally {
        budget.depth--;
      }
      for (const f of inner.findings) {
        if (f.ruleId === FILE_SKIPPED_ID) continue;
        if (region.hasFragments && mayBeInFragment(f)) continue;
        const range = region.toHost(f.start, f.end);
        const fixes = f.fixes.flatMap((fix) => {
          const edits: TextEdit[] = [];
          for (const e of fix.edits) {
            const h = region.toHostEdit(e);
            if (!h) return [];
            edits.push(h);
          }
          return [{ ...fix, edits }];
        });
        // A rule that marks what runs with the file judged the text as a file of its own: an EXECUTE
        // text runs when its routine does, if at all (see `ReportFields.rejectedByPostgres`).
        const { rejectedByPostgres, ...carried } = f;
        const marked = rejectedByPostgres !== undefined && getRule(f.ruleId)?.rejectedByPostgres?.findings === 'marked';
        findings.push({
          ...carried,
          ...(rejectedByPostgres !== undefined && !marked ? { rejectedByPostgres } : {}),
          start: range.start,
          end: range.end,
          fixes,
        });
      }
    }
  }
  return { findings, statements };
}

/** `options` with the tables as they are at offset `at` of the file (`FileState.tablesAt`) as its `priorSchema`, for an `EXECUTE` text there. */
function executedOn(options: LintOptions, tables: FileState, at: number): LintOptions {
  const prior = options.priorSchema;
  return { ...options, priorSchema: { ...prior, tables: tables.tablesAt(at), key: `${prior?.key ?? ''}\u0000at:${tables.stateKey(at)}` } };
}

/**
 * Applies non-overlapping edits (UTF-16 offsets into `text`) and returns the new text. Edits may
 * come in any order; inserts at the same offset keep their given order. Throws `RangeError` when
 * two edits overlap or an edit lies outside the text.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) {
      throw new RangeError(`edit [${e.start}, ${e.end}) overlaps another edit or lies outside the text (length ${text.length})`);
    }
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/**
 * Whether edit `a` of one fix and edit `b` of another conflict: their ranges share a code unit, both
 * insert at one offset, or one inserts at the start or the end of the other's deleted or replaced
 * range (whether the insertion lands before, after or instead of that text is then up to the order
 * `applyEdits` happens to take, not to either fix: `Add … to WHERE` appended after a WHERE that
 * another fix moves into an ON landed in the ON).
 */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  if (a.start === a.end) return b.start <= a.start && a.start <= b.end;
  if (b.start === b.end) return a.start <= b.start && b.start <= a.end;
  return false;
}

/**
 * The edits taken so far, sorted by start: edits of different fixes never conflict, so their ends
 * are in order too, and the ones that may conflict with a new edit are found by binary search
 * (a file with 100,000 fixes took minutes when each new fix was compared with every edit taken).
 */
class TakenEdits {
  private readonly sorted: TextEdit[] = [];

  /** Whether any of `edits` conflicts with an edit taken (see `conflicts`). */
  conflictsWith(edits: readonly TextEdit[]): boolean {
    const list = this.sorted;
    for (const e of edits) {
      // the first edit taken that ends at or after e starts: those before it end before e
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid].end < e.start) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < list.length && list[i].start <= e.end; i++) if (conflicts(e, list[i])) return true;
    }
    return false;
  }

  add(edits: readonly TextEdit[]): void {
    const list = this.sorted;
    for (const e of edits) {
      let i = list.length;
      // fixes mostly come in document order: the place is nearly always the end
      while (i > 0 && (list[i - 1].start > e.start || (list[i - 1].start === e.start && list[i - 1].end > e.end))) i--;
      list.splice(i, 0, e);
    }
  }
}

/**
 * The edits of the preferred fix of each finding (only `safe` fixes when `onlySafe`; only the
 * findings `accept` accepts, when given), skipping
 * fixes that would overlap one already taken (touching counts: an insertion at the start or end of
 * another fix's deleted range waits too): one pass of `fixAll`, usable as a single WorkspaceEdit.
 * `count` is the number of fixes taken.
 */
export function preferredFixEdits(findings: readonly Finding[], onlySafe = false, accept?: (f: Finding) => boolean): { edits: TextEdit[]; count: number } {
  const edits: TextEdit[] = [];
  const taken = new TakenEdits();
  let count = 0;
  for (const f of findings) {
    if (accept && !accept(f)) continue;
    const fix = f.fixes.find((x) => x.isPreferred);
    if (!fix || (onlySafe && !fix.safe) || taken.conflictsWith(fix.edits)) continue;
    edits.push(...fix.edits);
    taken.add(fix.edits);
    count++;
  }
  return { edits, count };
}

/**
 * Applies the preferred fix of every finding (only fixes marked `safe` when `onlySafe`), re-lints
 * and repeats while fixes still apply (at most 10 passes): fixes whose edits would overlap wait for
 * the next pass. `shouldStop` is asked before each pass (after each lint); when it answers true the
 * result so far comes back with `stopped: true` (callers that were cancelled discard it). `index`:
 * as for `lint`. `accept`: fix only the findings it accepts (the CLI's `--quiet --fix`: errors).
 * Never throws.
 */
export function fixAll(
  text: string,
  options: LintOptions = {},
  onlySafe = false,
  shouldStop?: () => boolean,
  index?: DocumentIndex,
  accept?: (f: Finding) => boolean,
): FixAllResult {
  const passes = fixAllPasses(text, options, onlySafe, index, accept);
  for (;;) {
    const step = passes.next();
    if (step.done) return step.value;
    if (shouldStop?.()) return { ...step.value, stopped: true };
  }
}

/**
 * `fixAll` one pass at a time, for callers that must let other work run in between (the language
 * server yields to its event loop, so a cancellation can arrive): yields the result so far before
 * each pass (after each lint: where `fixAll` asks `shouldStop`), and returns the final result.
 * Dropping the generator stops the work. Same arguments as `fixAll`.
 */
export function* fixAllPasses(
  text: string,
  options: LintOptions = {},
  onlySafe = false,
  index?: DocumentIndex,
  accept?: (f: Finding) => boolean,
): Generator<FixAllResult, FixAllResult, void> {
  // Each pass re-lints only what its edits touched (see DocumentIndex.update).
  // (A host file's index would be of its SQL view, which each pass builds anew: none is kept.)
  const indexOf = (t: string, prev?: DocumentIndex, edits?: readonly TextEdit[]): DocumentIndex | undefined =>
    skipReason(t, options.maxFileSize) !== undefined || isHostLanguage(options.language) ? undefined : prev ? prev.update(t, edits) : DocumentIndex.of(t);
  let current = text;
  let applied = 0;
  let idx = indexOf(text, index);
  let result = lint(current, options, idx);
  for (let pass = 0; pass < 10; pass++) {
    yield { text: current, applied, result };
    const { edits: taken, count } = preferredFixEdits(result.findings, onlySafe, accept);
    if (count === 0) break;
    let next: string;
    try {
      next = applyEdits(current, taken);
    } catch {
      break;
    }
    if (next === current) break;
    idx = indexOf(next, idx, taken);
    current = next;
    applied += count;
    result = lint(current, options, idx);
  }
  return { text: current, applied, result };
}

/**
 * Lints successive versions of one document (what an editor keeps per open document): each
 * `lint` re-scans only the chunks the change since the previous one touched (see `DocumentIndex`).
 * Same results as the `lint` function.
 */
export class DocumentLinter {
  private index?: DocumentIndex;
  /** The editor's changes since a text (see `noteChange`), so the next `advance` need not compare whole texts. */
  private changed?: ChangedRange;

  /**
   * Notes an editor's change to the document before it is checked again: `[start, end)` of `text`
   * (the document's text just before this change; 0-based UTF-16 offsets) replaced by `newLength`
   * code units. Changes are noted in the order the editor applied them; the next check of the
   * resulting text then re-scans only the range they touched instead of comparing the two texts.
   * Optional: without it (or after `forgetChanges`) the check finds the range by comparison.
   */
  noteChange(text: string, start: number, end: number, newLength: number): void {
    this.changed = noteChange(this.changed, text, start, end, newLength);
  }

  /** Drops the noted changes (after a change that replaced the whole text, or one not noted). */
  forgetChanges(): void {
    this.changed = undefined;
  }

  /** The index of `text`, from the previous one when there is one; undefined for a text `lint` does not check. */
  indexFor(text: string, options: LintOptions = {}): DocumentIndex | undefined {
    // A host file's index is of its SQL view, which `lint` builds: none here.
    return skipReason(text, options.maxFileSize) !== undefined || isHostLanguage(options.language) ? undefined : this.advance(text);
  }

  /** Moves the kept index to `text`. */
  private advance(text: string): DocumentIndex {
    const changed = this.changed;
    this.changed = undefined;
    if (!this.index) this.index = DocumentIndex.of(text);
    else {
      // The noted changes apply only when they start from the indexed text (the same string object
      // in the server: one comparison) and lead to a text of this length.
      const edit = changed !== undefined && changed.from === this.index.text ? changedEdit(changed, text) : undefined;
      this.index = this.index.update(text, edit && [edit]);
    }
    return this.index;
  }

  lint(text: string, options: LintOptions = {}): LintResult {
    if (isHostLanguage(options.language) && skipReason(text, options.maxFileSize) === undefined) {
      const workspace = hostWorkspaceOf(options);
      if (!mentionsNeonAuth(text) && workspace === undefined) return nothingToCheck(options);
      const view = this.viewOf(text, options.language, workspace);
      return lintHostView(text, view, options, this.advance(view.sqlText));
    }
    // Before the index moves: a text the pre-filter skips is not scanned (hover and completion still can).
    if (cannotConcernNeonAuth(text, options)) return nothingToCheck(options);
    return lintSql(text, options, this.indexFor(text, options)); // (not `lint`: the pre-filter has run)
  }

  private view?: { text: string; language: HostLanguage; imports: string; view: HostView };

  /**
   * The SQL view of a host file's text (the last one is kept: lint, hover and completion of one
   * version share it), with the Neon Auth tables of the workspace modules it imports (see
   * `LintOptions.workspaceImports`).
   */
  viewOf(text: string, language: HostLanguage, workspace?: HostWorkspace): HostView {
    const imports = workspace === undefined ? '' : JSON.stringify(workspace);
    const same = this.view?.language === language && this.view.imports === imports;
    if (same && this.view?.text === text) return this.view!.view;
    // An edit inside one template or string is applied to the kept view (see `updatedHostView`).
    const view = (same ? updatedHostView(this.view!, text) : undefined) ?? hostView(text, language, workspace);
    this.view = { text, language, imports, view };
    return view;
  }

  /**
   * The whole text's tokens around `offset` (see `DocumentIndex.tokensAround`), for `hoverAt` and the
   * completion functions; `text` is the SQL text (for a host file, its SQL view: see `viewOf`).
   */
  tokensAround(text: string, offset: number): Token[] {
    return this.advance(text).tokensAround(offset);
  }

  /**
   * For hover (`hoverAt`'s `authSchemaOf`): what an unqualified `users_sync` or `"user"` means at
   * `offset` (0-based UTF-16) through the search path the document sets before the top-level
   * statement there, as `lint` resolves it (`FileTables.authSchema`, the same table facts; `options`
   * as the document is linted with: its `priorSchema` may hold a table that shadows it). Undefined
   * for a host file (its SQL strings are each sent on their own), a text `lint` does not check, and
   * a place inside a routine body.
   */
  authSchemaAt(text: string, offset: number, options: LintOptions = {}): ((name: string) => string | undefined) | undefined {
    const index = this.indexFor(text, options);
    if (!index) return undefined;
    const { refs } = statementsOf(index);
    // the innermost statement holding `offset` (a routine's body statements come after it)
    let at = -1;
    for (let k = 0; k < refs.length && refs[k].start <= offset; k++) if (offset <= refs[k].end) at = k;
    const source = new StatementSource(text, refs);
    const tables = tableFacts(text, refs, source, options, true);
    if (at >= 0) return authSchemaResolver(refs, source, tables, at);
    return (name) => tables.authSchema(name, offset);
  }

  /** `fixAll` from this document's index. */
  fixAll(text: string, options: LintOptions = {}, onlySafe = false, shouldStop?: () => boolean): FixAllResult {
    return fixAll(text, options, onlySafe, shouldStop, this.indexFor(text, options));
  }

  /** `fixAllPasses` from this document's index. */
  fixAllPasses(text: string, options: LintOptions = {}, onlySafe = false): Generator<FixAllResult, FixAllResult, void> {
    return fixAllPasses(text, options, onlySafe, this.indexFor(text, options));
  }
}

/**
 * The edit that disables `ruleId` for the line of `offset` (`scope: 'line'`: merges into an ignore
 * comment already on that line, else appends one) or for the whole file (`'file'`: merges into
 * an existing `neon-auth-ignore-file` comment, else inserts one as the first line).
 */
export function disableRuleEdit(text: string, offset: number, ruleId: string, scope: 'line' | 'file', language?: string): TextEdit {
  return disableRuleEdits(text, language)(offset, ruleId, scope);
}

/**
 * `disableRuleEdit` for many offsets of one text: the text is tokenized (and a host file's SQL
 * view made) once, on the first call, not once per edit (a code action request may carry every
 * diagnostic of a file).
 */
export function disableRuleEdits(text: string, language?: string): (offset: number, ruleId: string, scope: 'line' | 'file') => TextEdit {
  if (isHostLanguage(language)) {
    let view: HostView | undefined;
    let sqlEdit: ReturnType<typeof disableRuleEdits> | undefined;
    return (offset, ruleId, scope) => {
      // Computed on the SQL view, then written in the host's terms (see `hostCommentEdit`).
      view ??= hostView(text, language);
      sqlEdit ??= disableRuleEdits(view.sqlText);
      // A file the host parser rejects has no known strings or comments: only the file form is safe.
      if (view.error) scope = 'file';
      const edit = sqlEdit(offset, ruleId, scope);
      if (scope === 'file' && edit.start === 0 && text.startsWith('#!')) {
        // After a hashbang line, which must stay first.
        const eol = text.indexOf('\n');
        const at = eol < 0 ? text.length : eol + 1;
        return { start: at, end: at, newText: edit.newText.replace(/^--/, '//') };
      }
      return hostCommentEdit(view, text, edit, offset);
    };
  }
  let tokens: Token[] | undefined;
  return (offset, ruleId, scope) => {
    tokens ??= tokenize(text);
    return scope === 'line' ? disableForLineEdit(text, tokens, offset, ruleId) : disableForFileEdit(text, tokens, ruleId);
  };
}
