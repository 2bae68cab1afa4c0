import { tokenize } from './lexer';
import { buildModel, lexicalModel, StatementModel } from './model';
import { AUTH_SCHEMAS } from './catalog';
import { authUsage } from './generation';
import { tableLookup } from './tableDefs';
import { applySuppressions, disableForFileEdit, disableForLineEdit, findDirectives } from './suppressions';
import { hasDollarBody, routineBodyStatements } from './bodies';
import { ParseOutcome, parseStatement } from './parse';
import { Report, RuleContext } from './rules/rule';
import { ruleModules } from './rules/registry';
import { splitStatements, Statement } from './statements';
import { SigTokens } from './tokens';
import { Finding, LintOptions, LintResult, RejectedStatement, TextEdit } from './types';

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

/** Rule id of the information finding for a relevant statement that no parser accepted. */
export const PARSE_ERROR_ID = 'parse-error';

/** Rule id of the one information finding for a text that was not checked at all. */
export const FILE_SKIPPED_ID = 'file-skipped';

/** Default `LintOptions.maxFileSize`: 5 MB of ASCII, in UTF-16 code units. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * Why a text should not be checked at all, or undefined: longer than `maxFileSize` UTF-16 code
 * units, or not text (a NUL character in its first 8,000 code units, as `git` and `grep` judge binary files;
 * Postgres rejects NUL in query text anyway).
 */
export function skipReason(text: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): string | undefined {
  if (text.length > maxFileSize) {
    const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;
    return `Not checked: the file is ${mb(text.length)}, over the ${mb(maxFileSize)} limit (setting neonAuth.maxFileSizeMb, CLI --max-file-size).`;
  }
  if (text.slice(0, 8000).includes('\u0000')) return 'Not checked: the file is not text (it contains NUL characters).';
  return undefined;
}

/**
 * Lexical pre-filter: whether a statement can matter to any rule. A statement that names no
 * Neon Auth table (and so no `users_sync` or `"user"`), no Neon Auth schema (`neon_auth`,
 * `neon_identity`: its other tables, objects created in it) and no quoted identifier that looks
 * like one (`"neon_auth.users_sync"`) and no Neon RLS helper call (`auth.user_id()`, `auth.uid()`)
 * cannot trigger a rule and is not parsed.
 */
function isRelevant(sig: SigTokens): boolean {
  for (let i = 0; i < sig.list.length; i++) {
    const t = sig.list[i];
    if (t.kind !== 'word' && t.kind !== 'quotedIdent') continue;
    if (t.value === 'users_sync' || (t.value === 'user' && sig.isPunct(i - 1, '.'))) return true;
    if (AUTH_SCHEMAS.includes(t.value) || (t.kind === 'quotedIdent' && AUTH_SCHEMAS.some((s) => t.value.startsWith(`${s}.`)))) return true;
    if (t.value === 'auth' && sig.isPunct(i + 1, '.') && ['user_id', 'uid'].includes(sig.list[i + 2]?.value ?? '')) return true;
  }
  return false;
}

/** Lints one document. Never throws: an internal error in one statement skips only that statement. */
export function lint(text: string, options: LintOptions = {}): LintResult {
  const skipped = skipReason(text, options.maxFileSize);
  if (skipped !== undefined) {
    const finding: Finding = { ruleId: FILE_SKIPPED_ID, severity: 'info', message: skipped, start: 0, end: 0, fixes: [] };
    return { findings: [finding], statements: 0, parsed: 0, rejected: [], skipped };
  }
  const tokens = tokenize(text);
  const topLevel = splitStatements(tokens);
  // SQL inside DO blocks and routine bodies is checked like top-level SQL.
  const nested = routineBodyStatements(text, topLevel.filter(hasDollarBody));
  const statements = nested.length === 0 ? topLevel : [...topLevel, ...nested].sort((a, b) => a.start - b.start);
  const sigs = statements.map((s) => new SigTokens(s.tokens));
  const findings: Finding[] = [];
  const rejected: RejectedStatement[] = [];
  const parses = new Map<Statement, ParseOutcome>();
  const parseOnce = (s: Statement): ParseOutcome => {
    let p = parses.get(s);
    if (!p) {
      p = parseStatement(text, s);
      parses.set(s, p);
    }
    return p;
  };

  // Table definitions by name, parsed only when a foreign key needs one.
  const lookupBefore = tableLookup(statements, sigs, text, parseOnce);

  const active = ruleModules
    .map((rule) => ({ rule, setting: options.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity, configured: options.rules?.[rule.meta.id] !== undefined }))
    .filter((r) => r.setting !== 'off');
  const auth = authUsage(sigs, options.authSchema);

  /** Runs the active rules on one statement (only `lexical` rules when it did not parse). */
  const runRules = (statement: Statement, sig: SigTokens, model: StatementModel, parsed: boolean): void => {
    for (const { rule, setting, configured } of active) {
      if (setting === 'off' || (!parsed && !rule.lexical)) continue;
      const local: Finding[] = [];
      const ctx: RuleContext = {
        text,
        statement,
        sig,
        model,
        parsed,
        auth,
        report: ({ severity, ...r }: Report) => local.push({ ruleId: rule.meta.id, severity: configured ? setting : severity ?? setting, ...r }),
      };
      try {
        rule.check(ctx);
        findings.push(...local);
      } catch {
        // a rule bug must not take the file's other findings with it
      }
    }
  };

  statements.forEach((statement, i) => {
    const sig = sigs[i];
    if (!isRelevant(sig)) return;
    const outcome = parseOnce(statement);
    if (!outcome.ok) {
      rejected.push({ start: statement.start, end: statement.end, errorOffset: outcome.errorOffset, message: outcome.message });
      // `rules: { "parse-error": "off" | <severity> }` hides it or changes its severity, like a rule's.
      const parseErrorSetting = options.rules?.[PARSE_ERROR_ID] ?? 'info';
      if (options.reportParseErrors !== false && parseErrorSetting !== 'off') {
        const at = outcome.errorOffset !== undefined ? sig.list[Math.min(sig.indexContaining(outcome.errorOffset), sig.list.length - 1)] : sig.list[0];
        findings.push({
          ruleId: PARSE_ERROR_ID,
          severity: parseErrorSetting,
          message: `Neon Auth rules that need a parsed statement were not checked on this one: the parser rejected it (${outcome.message}).`,
          start: at.start,
          end: at.end,
          fixes: [],
        });
      }
      runRules(statement, sig, lexicalModel(sig, lookupBefore(statement.start)), false);
      return;
    }
    let model;
    try {
      model = buildModel(outcome.ast, outcome.toDoc, text, sig, lookupBefore(statement.start));
    } catch {
      return; // an AST shape the model does not know: skip this statement, keep the others
    }
    runRules(statement, sig, model, true);
  });

  const known = new Set([...ruleModules.map((r) => r.meta.id), PARSE_ERROR_ID]);
  // LintResult.findings is sorted (applySuppressions returns the findings as given when there is no directive).
  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  // Two statements can report the same place (two ALTER TABLEs keying one column defined earlier):
  // one finding per rule, range and message.
  const unique = findings.filter((f, i) => {
    const prev = findings[i - 1];
    return !(prev && prev.start === f.start && prev.end === f.end && prev.ruleId === f.ruleId && prev.message === f.message);
  });
  const reported = applySuppressions(text, findDirectives(text, tokens), statements, unique, known);
  const result: LintResult = { findings: reported, statements: statements.length, parsed: parses.size, rejected };
  if (auth.generation !== undefined) result.generation = auth.generation;
  return result;
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

/** Whether a set of edits overlaps any range already taken. */
function overlaps(taken: TextEdit[], edits: readonly TextEdit[]): boolean {
  return edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && t.start === t.end && e.start === t.start)));
}

/**
 * The edits of the preferred fix of each finding (only `safe` fixes when `onlySafe`), skipping
 * fixes that would overlap one already taken: one pass of `fixAll`, usable as a single
 * WorkspaceEdit. `count` is the number of fixes taken.
 */
export function preferredFixEdits(findings: readonly Finding[], onlySafe = false): { edits: TextEdit[]; count: number } {
  const edits: TextEdit[] = [];
  let count = 0;
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.isPreferred);
    if (!fix || (onlySafe && !fix.safe) || overlaps(edits, fix.edits)) continue;
    edits.push(...fix.edits);
    count++;
  }
  return { edits, count };
}

/**
 * Applies the preferred fix of every finding (only fixes marked `safe` when `onlySafe`), re-lints
 * and repeats while fixes still apply (at most 10 passes): fixes whose edits would overlap wait for
 * the next pass. `shouldStop` is asked before each pass (after each lint); when it answers true the
 * result so far comes back with `stopped: true` (callers that were cancelled discard it). Never throws.
 */
export function fixAll(text: string, options: LintOptions = {}, onlySafe = false, shouldStop?: () => boolean): FixAllResult {
  let current = text;
  let applied = 0;
  let result = lint(current, options);
  for (let pass = 0; pass < 10; pass++) {
    if (shouldStop?.()) return { text: current, applied, result, stopped: true };
    const { edits: taken, count } = preferredFixEdits(result.findings, onlySafe);
    if (count === 0) break;
    let next: string;
    try {
      next = applyEdits(current, taken);
    } catch {
      break;
    }
    if (next === current) break;
    current = next;
    applied += count;
    result = lint(current, options);
  }
  return { text: current, applied, result };
}

/**
 * The edit that disables `ruleId` for the line of `offset` (`scope: 'line'`: merges into an ignore
 * comment already on that line, else appends one) or for the whole file (`'file'`: merges into
 * an existing `neon-auth-ignore-file` comment, else inserts one as the first line).
 */
export function disableRuleEdit(text: string, offset: number, ruleId: string, scope: 'line' | 'file'): TextEdit {
  const tokens = tokenize(text);
  return scope === 'line' ? disableForLineEdit(text, tokens, offset, ruleId) : disableForFileEdit(text, tokens, ruleId);
}
