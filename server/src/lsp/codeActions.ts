import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { DocumentLinter, Finding, LintOptions, PositionConverter, PARSE_ERROR_ID, disableRuleEdits, getRule, judgeBulkFix, preferredFixEdits } from '../linter';
import { DIAGNOSTIC_SOURCE, LspFix, isDiagnostic, readDiagnosticData, sameRange, toLspEdit, toLspFix, toRange } from './convert';
import { minimalEdits } from './commands';

/** Code action kind of "apply every safe fix" (fix-on-save via `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.neonAuth';

/** Client command that opens a rule's documentation; its only argument is the rule id. */
import { SHOW_RULE_DOCUMENTATION_COMMAND } from '../../../shared/protocol';

export { SHOW_RULE_DOCUMENTATION_COMMAND };

/** Whether a requested kind (`CodeActionContext.only` entry) covers `kind`: equal or a parent (`source` ⊇ `source.fixAll`). */
export function kindCovers(requested: string, kind: string): boolean {
  return requested === '' || kind === requested || kind.startsWith(`${requested}.`);
}

export interface CodeActionInput {
  uri: string;
  /** The document as it is now. */
  version: number;
  text: string;
  /** Positions of the document as it is now. */
  index: PositionConverter;
  /** `CodeActionContext.diagnostics`. */
  diagnostics: readonly Diagnostic[];
  /** `CodeActionContext.only`. */
  only?: readonly string[];
  options: LintOptions;
  /** The document's linter (keeps its index between versions); a fresh one when not given. */
  linter?: DocumentLinter;
  /** Whether the request was cancelled: checked between diagnostics and between fix-all passes; a cancelled request gets no action. */
  shouldStop?: () => boolean;
}

/**
 * The code actions for a request, per diagnostic and always in this order: its fixes (the
 * preferred one marked), "Disable <rule> for this line", "Fix all <rule> problems in this file"
 * (when more than one has a preferred fix), "Disable <rule> for the entire file", "Show
 * documentation for <rule>". Quick fixes come from `Diagnostic.data` when it belongs to the
 * current document version, otherwise from a fresh lint (a stale diagnostic whose finding no
 * longer exists at the same range gets no fix). Diagnostics of other sources, and malformed ones
 * (not `Diagnostic.is`), are ignored.
 * `source.fixAll.neonAuth` is only answered when requested through `only`. When `shouldStop`
 * answers true (the request was cancelled), the answer is no action at all.
 */
export function codeActionsFor(input: CodeActionInput): CodeAction[] {
  const { only } = input;
  const wantQuickFixes = !only || only.length === 0 || only.some((k) => kindCovers(k, CodeActionKind.QuickFix));
  const wantFixAll = !!only && only.some((k) => kindCovers(k, FIX_ALL_KIND));
  const actions: CodeAction[] = [];
  const linter = input.linter ?? new DocumentLinter();

  if (wantQuickFixes) {
    let fresh: Finding[] | undefined;
    const freshFindings = (): Finding[] => (fresh ??= linter.lint(input.text, input.options).findings);
    const documented = new Set<string>();
    const fixedAll = new Set<string>();
    // The disable edits: the text tokenized once per request, not once per diagnostic (a client may
    // send every diagnostic of a file), and each edit made once per scope, rule and offset.
    const disableEditOf = disableRuleEdits(input.text, input.options.language);
    const disableEdits = new Map<string, ReturnType<typeof toLspEdit>>();
    const disableEdit = (offset: number, ruleId: string, scope: 'line' | 'file'): ReturnType<typeof toLspEdit> => {
      const key = `${scope}\u0000${ruleId}\u0000${scope === 'line' ? offset : 0}`;
      let edit = disableEdits.get(key);
      if (edit === undefined) disableEdits.set(key, (edit = toLspEdit(input.index, disableEditOf(offset, ruleId, scope))));
      return edit;
    };

    for (const diagnostic of input.diagnostics) {
      if (input.shouldStop?.()) return [];
      // A malformed diagnostic (no range, a range of non-numbers, …) gets no action; the others still do.
      if (!isDiagnostic(diagnostic)) continue;
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
      const ruleId = diagnostic.code;
      const data = readDiagnosticData(diagnostic.data);
      let fixes: LspFix[];
      if (data && data.version === input.version) {
        fixes = data.fixes;
      } else {
        const finding = freshFindings().find((f) => f.ruleId === ruleId && sameRange(toRange(input.index, f.start, f.end), diagnostic.range));
        fixes = finding ? finding.fixes.map((f) => toLspFix(input.index, f)) : [];
      }
      for (const fix of fixes) {
        if (fix.edits.length === 0) continue;
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.isPreferred,
          edit: { changes: { [input.uri]: fix.edits } },
        });
      }
      const suppressible = getRule(ruleId) !== undefined || ruleId === PARSE_ERROR_ID;
      const offset = input.index.offsetAt(diagnostic.range.start);
      if (suppressible) {
        actions.push({
          title: `Disable ${ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [input.uri]: [disableEdit(offset, ruleId, 'line')] } },
        });
      }
      if (getRule(ruleId) && !fixedAll.has(ruleId)) {
        const ofRule = freshFindings().filter((f) => f.ruleId === ruleId);
        const { edits, count } = preferredFixEdits(ofRule);
        if (count > 1) {
          fixedAll.add(ruleId);
          actions.push({
            title: `Fix all ${ruleId} problems in this file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: { changes: { [input.uri]: edits.map((e) => toLspEdit(input.index, e)) } },
          });
        }
      }
      if (suppressible) {
        actions.push({
          title: `Disable ${ruleId} for the entire file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [input.uri]: [disableEdit(offset, ruleId, 'file')] } },
        });
      }
      if (!documented.has(ruleId) && getRule(ruleId)) {
        documented.add(ruleId);
        const title = `Show documentation for ${ruleId}`;
        actions.push({
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [ruleId] },
        });
      }
    }
  }

  if (wantFixAll) {
    const fixed = linter.fixAll(input.text, input.options, true, input.shouldStop);
    if (fixed.stopped) return [];
    // Never an unsound result (fixes that do not settle, a statement that stops parsing), as the CLI.
    if (fixed.text !== input.text && judgeBulkFix(linter.lint(input.text, input.options), fixed, { unsafe: false }).sound) {
      actions.push({
        title: 'Fix all safe Neon Auth problems',
        kind: FIX_ALL_KIND,
        edit: {
          changes: {
            [input.uri]: minimalEdits(input.text, fixed.text).map((e) => toLspEdit(input.index, e)),
          },
        },
      });
    }
  }
  return actions;
}
