/**
 * Output formats of the CLI. Positions leave the core as UTF-16 offsets and are converted here:
 * 0-based LSP positions in JSON, 1-based line and column (UTF-16 code units) in text, SARIF and
 * GitHub workflow commands.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createColors } from 'picocolors';
import type * as Sarif from 'sarif';
import {
  FILE_SKIPPED_ID,
  Finding,
  FixApplicability,
  fixApplicability,
  LineIndex,
  LinePosition,
  PARSE_ERROR_ID,
  placeholdersOf,
  RuleMeta,
  Severity,
} from '../linter';

/** One checked file and its findings; offsets refer to `text`. */
export interface FileReport {
  /** The path as given on the command line or as found in a directory. */
  file: string;
  /** The text the findings refer to (without a BOM); empty when `positions` gives their positions instead. */
  text: string;
  /** The positions of the findings' offsets, for a file `--cache` reused without reading it; else they are read from `text`. */
  positions?: { positionAt(offset: number): LinePosition };
  findings: Finding[];
  /** True for the text read from standard input (`-`); `file` is then `<stdin>`. */
  stdin?: boolean;
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
  /** The fix an editor offers first; the one `--fix` applies when it is `safe` (at most one per finding). */
  isPreferred: boolean;
  /**
   * When it is applied (Ruff's term): `safe` by `--fix`, `unsafe` only with `--fix --unsafe-fixes`,
   * `display-only` never by the CLI (an alternative, chosen in the editor). See `fixApplicability`.
   */
  applicability: FixApplicability;
  edits: JsonEdit[];
}

export interface JsonDiagnostic {
  rule: string;
  /** Which of the rule's messages (a key of its `meta.messages`, e.g. `innerJoin`): stable across rewordings. Absent on notices (`parse-error`, `file-skipped`, `unused-ignore`). */
  messageId?: string;
  severity: Severity;
  message: string;
  range: JsonRange;
  fixes: JsonFix[];
  /** Places in other files the finding rests on (an earlier migration), 0-based positions; absent when none. */
  related?: Array<{ file: string; range: JsonRange; message: string }>;
}

/** The stable JSON shape: one entry per checked file, even with no findings. */
export interface JsonFileResult {
  file: string;
  diagnostics: JsonDiagnostic[];
}

export function toJson(reports: readonly FileReport[]): JsonFileResult[] {
  return reports.map((report) => {
    const { file, findings } = report;
    const index = positionsOf(report);
    const range = (start: number, end: number): JsonRange => ({
      start: index.positionAt(start),
      end: index.positionAt(end),
    });
    return {
      file,
      diagnostics: findings.map((f) => ({
        rule: f.ruleId,
        ...(f.messageId === undefined ? {} : { messageId: f.messageId }),
        severity: f.severity,
        message: f.message,
        range: range(f.start, f.end),
        fixes: f.fixes.map((fix) => ({
          title: fix.title,
          isPreferred: fix.isPreferred,
          applicability: fixApplicability(fix),
          edits: fix.edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText })),
        })),
        ...(f.related && f.related.length > 0
          ? {
              related: f.related.map((r) => ({
                file: r.path,
                range: { start: { line: r.line, character: r.character }, end: { line: r.endLine, character: r.endCharacter } },
                message: r.message,
              })),
            }
          : {}),
      })),
    };
  });
}

export function formatJson(reports: readonly FileReport[]): string {
  return JSON.stringify(toJson(reports), null, 2) + '\n';
}

/** Where a report's offsets are: its kept `positions`, else its text's lines. */
function positionsOf(report: FileReport): { positionAt(offset: number): LinePosition } {
  return report.positions ?? new LineIndex(report.text);
}

/** The text format's colour of each severity (picocolors' formatters); the rule id is dimmed. */
const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'cyan' | 'dim'> = { error: 'red', warning: 'yellow', info: 'cyan', hint: 'dim' };

/** A message on one line: line breaks and the whitespace around them become one space. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * `path:line:col severity rule message`, one line per finding, 1-based line and column. With
 * `color`, the severity and the rule id are coloured; the line is otherwise the same.
 */
export function formatText(reports: readonly FileReport[], color = false): string {
  const paint = createColors(color);
  let out = '';
  for (const report of reports) {
    const { file, findings } = report;
    if (findings.length === 0) continue;
    const index = positionsOf(report);
    for (const f of findings) {
      const pos = index.positionAt(f.start);
      const severity = paint[SEVERITY_COLOR[f.severity]](f.severity);
      const rule = paint.dim(f.ruleId);
      out += `${file}:${pos.line + 1}:${pos.character + 1} ${severity} ${rule} ${oneLine(f.message)}\n`;
      // Where the facts it rests on were written (another migration), indented under it.
      for (const r of f.related ?? []) out += `  ${r.path}:${r.line + 1}:${r.character + 1} ${paint.dim('related')} ${oneLine(r.message)}\n`;
    }
  }
  return out;
}

/**
 * How a checked path is named to CI tools: relative to `root` with forward slashes when it is
 * inside `root`, otherwise absolute. A relative `file` is resolved against `cwd` first.
 */
function ciPath(file: string, root: string, cwd: string): { relative: string } | { absolute: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(root, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return { absolute: abs };
  return { relative: rel.split(path.sep).join('/') };
}

/**
 * The folder CI tools resolve paths against, so that annotations attach to the files a check
 * names wherever the CLI ran: `GITHUB_WORKSPACE` when set to an absolute path (GitHub Actions
 * attaches annotations only to paths relative to it), else the nearest folder at or above `cwd`
 * holding a `.git` entry (a folder, or a file in worktrees and submodules), else `cwd`. Reads the
 * file system (one stat per folder up to the root); never throws.
 */
export function reportRoot(cwd: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE;
  if (workspace && path.isAbsolute(workspace)) return path.resolve(workspace);
  let dir = path.resolve(cwd);
  for (;;) {
    try {
      fs.statSync(path.join(dir, '.git'));
      return dir;
    } catch {
      // not here
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'neon-auth-lint';
export const TOOL_INFORMATION_URI = 'https://github.com/neon-auth-sql/neon-auth-sql';

/** What the run's notices (findings that no rule makes) report, for their rule descriptors. */
const NOTICE_DESCRIPTIONS: Record<string, string> = {
  [PARSE_ERROR_ID]: 'A statement that names a Neon Auth table could not be parsed, so it was not checked.',
  [FILE_SKIPPED_ID]: 'A file was not checked: it is over the size limit or is not text.',
};

/** SARIF `level` of a severity: SARIF has no hint, so infos and hints are notes. */
export function sarifLevel(severity: Severity): Sarif.Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export interface SarifOptions {
  /** The tool's version (`tool.driver.version`). */
  version: string;
  /** Every rule the tool has, in documentation order: the first `tool.driver.rules`. */
  rules: readonly RuleMeta[];
  /** Relative artifact URIs are relative to this directory (`%SRCROOT%`, see `reportRoot`). Default: `cwd`. */
  root?: string;
  /** Where relative file names of the reports are resolved. Default: the working directory. */
  cwd?: string;
}

/**
 * One SARIF 2.1.0 log with one run. `tool.driver.rules` lists every rule, then any other id a
 * finding carries (`parse-error`, `file-skipped`, …) in order of appearance; each result points
 * at its rule with `ruleIndex`. Regions are 1-based lines and UTF-16 columns (`columnKind`),
 * end column exclusive; lines end at `\r\n`, `\n` or a lone `\r` (`newlineSequences`), as in
 * the core. Artifact URIs are relative to `%SRCROOT%` (`options.root`, given to viewers as
 * `originalUriBaseIds`) with forward slashes, or absolute `file:` URIs for files outside it;
 * standard input has no URI, only a description. Each fix becomes a SARIF fix (preferred fix first)
 * with its `applicability` (`fixApplicability`) in its property bag.
 */
export function toSarif(reports: readonly FileReport[], options: SarifOptions): Sarif.Log {
  const cwd = options.cwd ?? process.cwd();
  const root = options.root ?? cwd;
  const descriptors: Sarif.ReportingDescriptor[] = options.rules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.description },
    helpUri: r.docsUrl,
    defaultConfiguration: { level: sarifLevel(r.defaultSeverity) },
    messageStrings: Object.fromEntries(Object.entries(r.messages).map(([id, template]) => [id, { text: sarifMessageString(template) }])),
  }));
  const messages = new Map(options.rules.map((r) => [r.id, r.messages]));
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));
  const indexOf = (f: Finding): number => {
    let i = ruleIndex.get(f.ruleId);
    if (i === undefined) {
      const description = NOTICE_DESCRIPTIONS[f.ruleId];
      i = descriptors.length;
      descriptors.push({
        id: f.ruleId,
        ...(description ? { shortDescription: { text: description } } : {}),
        defaultConfiguration: { level: sarifLevel(f.severity) },
      });
      ruleIndex.set(f.ruleId, i);
    }
    return i;
  };

  const results: Sarif.Result[] = [];
  for (const report of reports) {
    const index = positionsOf(report);
    const artifactLocation = sarifArtifactLocation(report, root, cwd);
    const region = (start: number, end: number): Sarif.Region => {
      const s = index.positionAt(start);
      const e = index.positionAt(end);
      return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
    };
    for (const f of report.findings) {
      const result: Sarif.Result = {
        ruleId: f.ruleId,
        ruleIndex: indexOf(f),
        level: sarifLevel(f.severity),
        message: sarifMessage(f, messages.get(f.ruleId)),
        locations: [{ physicalLocation: { artifactLocation, region: region(f.start, f.end) } }],
      };
      if (f.related && f.related.length > 0) {
        result.relatedLocations = f.related.map((r, id) => ({
          id,
          message: { text: r.message },
          physicalLocation: {
            artifactLocation: sarifArtifactLocation({ file: r.path, text: '', findings: [] }, root, cwd),
            region: { startLine: r.line + 1, startColumn: r.character + 1, endLine: r.endLine + 1, endColumn: r.endCharacter + 1 },
          },
        }));
      }
      if (f.fixes.length > 0) {
        result.fixes = f.fixes.map((fix) => ({
          description: { text: fix.title },
          properties: { applicability: fixApplicability(fix) },
          artifactChanges: [
            {
              artifactLocation,
              replacements: fix.edits.map((e) => ({ deletedRegion: region(e.start, e.end), insertedContent: { text: e.newText } })),
            },
          ],
        }));
      }
      results.push(result);
    }
  }

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: options.version, informationUri: TOOL_INFORMATION_URI, rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(root).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        newlineSequences: ['\r\n', '\n', '\r'],
        results,
      },
    ],
  };
}

/**
 * A rule's message template as a SARIF message string (placeholders `{0}`, `{1}`, … numbered in the
 * order the template's placeholders first appear, literal braces doubled).
 */
export function sarifMessageString(template: string): string {
  const order = placeholdersOf(template);
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}|[{}]/g, (m, name: string | undefined) => (name === undefined ? m + m : `{${order.indexOf(name)}}`));
}

/**
 * A result's message: the rendered text (what viewers show, GitHub code scanning too), and for a
 * rule's finding its message id (the key of `rules[].messageStrings`) and the placeholders' values
 * as `arguments`, so a consumer can group findings by message or re-render them.
 */
function sarifMessage(f: Finding, messages: Readonly<Record<string, string>> | undefined): Sarif.Message {
  const template = f.messageId === undefined ? undefined : messages?.[f.messageId];
  if (f.messageId === undefined || template === undefined) return { text: f.message };
  const args = placeholdersOf(template).map((p) => String(f.data?.[p] ?? ''));
  return { text: f.message, id: f.messageId, ...(args.length > 0 ? { arguments: args } : {}) };
}

function sarifArtifactLocation(report: FileReport, root: string, cwd: string): Sarif.ArtifactLocation {
  if (report.stdin) return { description: { text: report.file } };
  const p = ciPath(report.file, root, cwd);
  if ('absolute' in p) return { uri: pathToFileURL(p.absolute).href };
  return { uri: p.relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  return JSON.stringify(toSarif(reports, options), null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions workflow commands

/** Escapes a workflow command's message, as the Actions runner unescapes it. */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`, which delimit properties). */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Workflow command of a severity: Actions annotations are errors, warnings or notices. */
function githubCommand(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

/**
 * One annotation per finding:
 * `::warning file=<path>,line=<l>,col=<c>,endLine=<l>,endColumn=<c>,title=<rule>::<message>`,
 * 1-based lines and UTF-16 columns, end column exclusive; the path relative to `root` (see
 * `reportRoot`) with forward slashes, a relative report file resolved against `cwd`. Standard
 * input has no file, so its annotations name no place.
 */
export function formatGithub(reports: readonly FileReport[], root = process.cwd(), cwd = process.cwd()): string {
  let out = '';
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    const index = positionsOf(report);
    const p = report.stdin ? undefined : ciPath(report.file, root, cwd);
    const file = p === undefined ? undefined : 'absolute' in p ? p.absolute : p.relative;
    for (const f of report.findings) {
      const s = index.positionAt(f.start);
      const e = index.positionAt(f.end);
      const props: [string, string | number][] = [];
      if (file !== undefined) {
        props.push(['file', file], ['line', s.line + 1], ['col', s.character + 1], ['endLine', e.line + 1], ['endColumn', e.character + 1]);
      }
      props.push(['title', f.ruleId]);
      const properties = props.map(([k, v]) => `${k}=${escapeGithubProperty(String(v))}`).join(',');
      out += `::${githubCommand(f.severity)} ${properties}::${escapeGithubData(f.message)}\n`;
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

/**
 * E.g. `3 problems (0 errors, 3 warnings, 0 infos) in 2 of 5 files`: the files with a problem of the
 * files checked (`0 problems (…) in 0 of 5 files`); hints are named only when present.
 */
export function formatSummary(reports: readonly FileReport[]): string {
  const c = countSeverities(reports);
  const total = c.error + c.warning + c.info + c.hint;
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), plural(c.info, 'info')];
  if (c.hint > 0) parts.push(plural(c.hint, 'hint'));
  const withProblems = reports.filter((r) => r.findings.length > 0).length;
  return `${plural(total, 'problem')} (${parts.join(', ')}) in ${withProblems} of ${plural(reports.length, 'file')}\n`;
}
