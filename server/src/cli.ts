#!/usr/bin/env node
/**
 * neon-auth-lint: the command-line front end of the linter core.
 *
 *   neon-auth-lint [--format text|json] [--fix] [--help] [--version] <file|dir>...
 *
 * Exit codes: 0 no warning or error (infos and hints do not fail), 1 at least one warning or
 * error, 2 usage error, or a path that could not be read, checked or written (the other paths
 * are still checked). Imports the core only (`./linter`), never the language server.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { DEFAULT_MAX_FILE_SIZE, Finding, fixAll, FixAllResult, lint, LintOptions, LintResult } from './linter';
import { collectFiles, describeError, readSource, SourceFile, writeSourceAtomic } from './cli/files';
import { countSeverities, FileReport, formatJson, formatSummary, formatText } from './cli/report';

const NAME = 'neon-auth-lint';
const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: ${NAME} [--format text|json] [--fix] [--max-file-size MB] [--help] [--version] <file|dir>...

Lints SQL for mistakes around Neon Auth's user tables: inner joins that drop rows while a user
is not synced yet, soft-deleted users in results, foreign keys with no ON DELETE policy.
Directories are searched recursively for *.sql files (node_modules and dot-directories are
skipped; symlinked directories are not followed).

Options:
  --format <text|json>  text (default): "path:line:col severity rule message" per finding on
                        stdout and a summary on stderr; json: one entry per checked file with
                        0-based LSP positions and fixes, on stdout
  --fix                 apply each finding's preferred fix and rewrite the files that changed,
                        then report what remains
  --max-file-size <MB>  skip files larger than this, with one notice each (default ${DEFAULT_MAX_FILE_SIZE / (1024 * 1024)})
  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 no warnings or errors, 1 warnings or errors found, 2 usage error, a named path
that could not be read, a file that could not be written, or no .sql file found at all.
`;

/** Where the CLI writes; injectable so it can run in process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** The version in the package.json next to the bundle (dist/) or the compiled sources (out/). */
function readVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'neon-auth-sql' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      /* not here; look further up */
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'unknown';
}

interface Options {
  format: Format;
  fix: boolean;
  paths: string[];
  lint: LintOptions;
}

type Parsed = { kind: 'run'; options: Options } | { kind: 'help' } | { kind: 'version' } | { kind: 'usageError'; message: string };

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: { format?: string; fix?: boolean; help?: boolean; version?: boolean; 'max-file-size'?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string' },
        fix: { type: 'boolean' },
        'max-file-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    return { kind: 'usageError', message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { kind: 'usageError', message: `unknown format '${format}' (expected ${FORMATS.join(' or ')})` };
  }
  const lintOptions: LintOptions = {};
  if (values['max-file-size'] !== undefined) {
    const mb = Number(values['max-file-size']);
    if (!Number.isFinite(mb) || mb <= 0) return { kind: 'usageError', message: `--max-file-size needs a positive number of megabytes, not '${values['max-file-size']}'` };
    lintOptions.maxFileSize = Math.round(mb * 1024 * 1024);
  }
  if (positionals.length === 0) return { kind: 'usageError', message: 'no file or directory given' };
  return { kind: 'run', options: { format: format as Format, fix: values.fix === true, paths: positionals, lint: lintOptions } };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The outcome of checking one file: what to report, and whether something went wrong. */
interface FileOutcome {
  report?: FileReport;
  failed: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Applies the preferred fixes and writes the file when the text changed and the result is
 * sound: no finding that a preferred fix could resolve is left (the fixes converged), no
 * statement stopped parsing, the bytes were valid UTF-8, and nothing crashed. Otherwise the file
 * is left alone and its original findings are reported.
 */
function fixFile(file: string, src: SourceFile, before: LintResult, options: LintOptions, io: CliIo): FileOutcome {
  const original: FileReport = { file, text: src.text, findings: before.findings };
  if (!before.findings.some((f) => f.fixes.some((x) => x.isPreferred))) return { report: original, failed: false };
  if (!src.validUtf8) {
    io.stderr(`${NAME}: ${file}: not fixed: the file is not valid UTF-8\n`);
    return { report: original, failed: false };
  }
  let fixed: FixAllResult;
  try {
    fixed = fixAll(src.text, options);
  } catch (e) {
    io.stderr(`${NAME}: ${file}: not fixed: internal error: ${errorText(e)}\n`);
    return { report: original, failed: true };
  }
  if (fixed.text === src.text) return { report: original, failed: false };
  const unresolved: Finding[] = fixed.result.findings.filter((f) => f.fixes.some((x) => x.isPreferred));
  if (unresolved.length > 0) {
    io.stderr(`${NAME}: ${file}: not fixed: ${plural(unresolved.length, 'problem')} would still have a fix after fixing\n`);
    return { report: original, failed: false };
  }
  if (fixed.result.rejected.length > before.rejected.length) {
    io.stderr(`${NAME}: ${file}: not fixed: a statement no longer parses after fixing\n`);
    return { report: original, failed: false };
  }
  try {
    writeSourceAtomic(file, fixed.text, src.bom);
  } catch (e) {
    io.stderr(`${NAME}: ${file}: cannot write: ${describeError(e)}\n`);
    return { report: original, failed: true };
  }
  io.stderr(`${file}: fixed ${plural(fixed.applied, 'problem')}\n`);
  return { report: { file, text: fixed.text, findings: fixed.result.findings }, failed: false };
}

function checkFile(file: string, fix: boolean, options: LintOptions, io: CliIo): FileOutcome {
  let src: SourceFile;
  try {
    src = readSource(file);
  } catch (e) {
    io.stderr(`${NAME}: cannot read ${file}: ${describeError(e)}\n`);
    return { failed: true };
  }
  let result: LintResult;
  try {
    result = lint(src.text, options);
  } catch (e) {
    io.stderr(`${NAME}: ${file}: internal error: ${errorText(e)}\n`);
    return { failed: true };
  }
  if (fix) return fixFile(file, src, result, options, io);
  return { report: { file, text: src.text, findings: result.findings }, failed: false };
}

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[], io: CliIo = processIo): number {
  const parsed = parseCommandLine(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(USAGE);
      return 0;
    case 'version':
      io.stdout(`${readVersion()}\n`);
      return 0;
    case 'usageError':
      io.stderr(`${NAME}: ${parsed.message}\n\n${USAGE}`);
      return 2;
  }
  const { format, fix, paths, lint: lintOptions } = parsed.options;

  const { files, problems } = collectFiles(paths);
  let failed = false;
  for (const p of problems) {
    // A path named on the command line that cannot be read fails the run; one met while searching
    // a directory (a permission-denied folder, a dangling link) is reported and skipped.
    io.stderr(`${NAME}: ${p.named ? 'cannot read' : 'skipped'} ${p.path}: ${p.message}\n`);
    if (p.named) failed = true;
  }
  if (files.length === 0 && !failed) {
    io.stderr(`${NAME}: no .sql files found in ${paths.join(', ')}\n`);
    return 2;
  }
  const reports: FileReport[] = [];
  for (const file of files) {
    const outcome = checkFile(file, fix, lintOptions, io);
    if (outcome.report) reports.push(outcome.report);
    if (outcome.failed) failed = true;
  }

  if (format === 'json') {
    io.stdout(formatJson(reports));
  } else {
    io.stdout(formatText(reports));
    io.stderr(formatSummary(reports));
  }

  if (failed) return 2;
  const counts = countSeverities(reports);
  return counts.error + counts.warning > 0 ? 1 : 0;
}

if (require.main === module) {
  // A closed pipe (`neon-auth-lint … | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  process.exitCode = main(process.argv.slice(2));
}
