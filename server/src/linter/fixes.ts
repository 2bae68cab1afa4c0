/**
 * Which fixes a bulk fix applies, and whether its result may be used: one rule for the CLI's
 * `--fix` / `--unsafe-fixes`, the editor's Fix All command and `source.fixAll.neonAuth` on save.
 *
 * - A *safe* fix cannot change what the data or a query means beyond removing the mistake (a
 *   quoted dotted name, a type Postgres rejects); bulk fixing applies it.
 * - A *suggestion* (a preferred fix that is not safe: `ON DELETE CASCADE` vs `SET NULL`, a
 *   `LEFT JOIN`) is a choice; bulk fixing applies it only when asked for unsafe fixes.
 * - A result is *unsound*, and is not to be written, when a fix that bulk fixing would apply is
 *   still offered afterwards (the fixes did not settle) or when a statement that parsed no longer
 *   does.
 */
import { FixAllResult } from './engine';
import { Finding, Fix, LintResult } from './types';

/**
 * When a fix is applied, in the terms of Ruff's JSON output (`fix.applicability`): `safe`, by
 * `--fix`, Fix All and fix-on-save; `unsafe` (a preferred fix that is a suggestion), by those only
 * with `--unsafe-fixes`; `display-only` (an alternative to the preferred fix), never in bulk, only
 * when chosen from the editor's menu.
 */
export type FixApplicability = 'safe' | 'unsafe' | 'display-only';

/** The applicability of one of a finding's fixes (see `FixApplicability`): from its `isPreferred` and `safe` flags. */
export function fixApplicability(fix: Fix): FixApplicability {
  return !fix.isPreferred ? 'display-only' : fix.safe ? 'safe' : 'unsafe';
}

/** What a bulk fix applies: `accept` limits it to some findings (the CLI's `--quiet --fix`: errors). */
export interface BulkFixScope {
  /** Apply preferred fixes that are not safe too (`--unsafe-fixes`). */
  unsafe: boolean;
  accept?: (f: Finding) => boolean;
}

/** Whether bulk fixing (with `scope`) applies a fix to `f`: its preferred fix, when safe or when unsafe ones are asked for. */
export function bulkFixable(f: Finding, scope: BulkFixScope): boolean {
  if (scope.accept && !scope.accept(f)) return false;
  const fix = f.fixes.find((x) => x.isPreferred);
  const applicability = fix && fixApplicability(fix);
  return applicability === 'safe' || (applicability === 'unsafe' && scope.unsafe);
}

/** Whether `f` has a preferred fix that bulk fixing leaves because it is a suggestion (not safe) and unsafe fixes were not asked for. */
export function leftSuggestion(f: Finding, scope: BulkFixScope): boolean {
  if (scope.unsafe || (scope.accept && !scope.accept(f))) return false;
  const fix = f.fixes.find((x) => x.isPreferred);
  return fix !== undefined && fixApplicability(fix) === 'unsafe';
}

/** The verdict on a bulk fix's result. */
export type BulkFixVerdict = { sound: true; suggestionsLeft: number } | { sound: false; reason: string; suggestionsLeft: number };

/**
 * Judges `fixed` (what `fixAll` / `fixAllPasses` made of a text whose lint was `before`, with
 * `onlySafe = !scope.unsafe` and `scope.accept`): unsound when a finding that bulk fixing would fix
 * is left, or when more statements are rejected by the parsers than before. `suggestionsLeft`
 * counts the findings of the text to keep (the fixed one when sound, else the original) whose
 * preferred fix is a suggestion bulk fixing did not apply. Never throws.
 */
export function judgeBulkFix(before: LintResult, fixed: FixAllResult, scope: BulkFixScope): BulkFixVerdict {
  const unresolved = fixed.result.findings.filter((f) => bulkFixable(f, scope)).length;
  if (unresolved > 0) {
    return {
      sound: false,
      reason: `${unresolved} problem${unresolved === 1 ? '' : 's'} would still have a fix after fixing`,
      suggestionsLeft: count(before, scope),
    };
  }
  if (fixed.result.rejected.length > before.rejected.length) {
    return { sound: false, reason: 'a statement no longer parses after fixing', suggestionsLeft: count(before, scope) };
  }
  return { sound: true, suggestionsLeft: count(fixed.result, scope) };
}

function count(result: LintResult, scope: BulkFixScope): number {
  return result.findings.filter((f) => leftSuggestion(f, scope)).length;
}
