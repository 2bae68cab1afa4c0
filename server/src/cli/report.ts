/**
 * Output formats of the CLI. Positions leave the core as UTF-16 offsets and are converted here:
 * 0-based LSP positions in JSON, 1-based line and column in text.
 */
import { Finding, LineIndex, LinePosition, Severity } from '../linter';

/** One checked file and its findings; offsets refer to `text`. */
export interface FileReport {
  /** The path as given on the command line or as found in a directory. */
  file: string;
  /** The text the findings refer to (without a BOM). */
  text: string;
  findings: Finding[];
}

export interface JsonRange {
  start: LinePosition;
  end: LinePosition;
}

export interface JsonEdit {
  range: JsonRange;
  newText: string;
}

export interface JsonFix {
  title: string;
  isPreferred: boolean;
  edits: JsonEdit[];
}

export interface JsonDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  range: JsonRange;
  fixes: JsonFix[];
}

/** The stable JSON shape: one entry per checked file, even with no findings. */
export interface JsonFileResult {
  file: string;
  diagnostics: JsonDiagnostic[];
}

export function toJson(reports: readonly FileReport[]): JsonFileResult[] {
  return reports.map(({ file, text, findings }) => {
    const index = new LineIndex(text);
    const range = (start: number, end: number): JsonRange => ({
      start: index.positionAt(start),
      end: index.positionAt(end),
    });
    return {
      file,
      diagnostics: findings.map((f) => ({
        rule: f.ruleId,
        severity: f.severity,
        message: f.message,
        range: range(f.start, f.end),
        fixes: f.fixes.map((fix) => ({
          title: fix.title,
          isPreferred: fix.isPreferred,
          edits: fix.edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText })),
        })),
      })),
    };
  });
}

export function formatJson(reports: readonly FileReport[]): string {
  return JSON.stringify(toJson(reports), null, 2) + '\n';
}

/** `path:line:col severity rule message`, one line per finding, 1-based line and column. */
export function formatText(reports: readonly FileReport[]): string {
  let out = '';
  for (const { file, text, findings } of reports) {
    if (findings.length === 0) continue;
    const index = new LineIndex(text);
    for (const f of findings) {
      const pos = index.positionAt(f.start);
      const message = f.message.replace(/\s*[\r\n]+\s*/g, ' ');
      out += `${file}:${pos.line + 1}:${pos.character + 1} ${f.severity} ${f.ruleId} ${message}\n`;
    }
  }
  return out;
}

export type SeverityCounts = Record<Severity, number>;

export function countSeverities(reports: readonly FileReport[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of reports) for (const f of r.findings) counts[f.severity]++;
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** E.g. `3 problems (0 errors, 3 warnings, 0 infos) in 2 files`; hints are named only when present. */
export function formatSummary(reports: readonly FileReport[]): string {
  const c = countSeverities(reports);
  const total = c.error + c.warning + c.info + c.hint;
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), plural(c.info, 'info')];
  if (c.hint > 0) parts.push(plural(c.hint, 'hint'));
  return `${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(reports.length, 'file')}\n`;
}
