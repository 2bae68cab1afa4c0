#!/usr/bin/env node
/**
 * neon-auth-lint: the command-line front end of the linter core.
 *
 *   neon-auth-lint [--format text|json|sarif|github] [--fix [--unsafe-fixes]] [--quiet] [--max-warnings N]
 *                  [--max-file-size MB] [--auth-schema auto|legacy|current] [--config FILE] [--help] [--version] <file|dir|->...
 *
 * Exit codes: 0 no warning or error (infos and hints do not fail), 1 at least one error, or a
 * warning (with --max-warnings N: more than N warnings; with --quiet alone: warnings do not
 * count), 2 usage error, or a path that could not be read, checked or written (read-only, or
 * changed on disk while being fixed; the other paths are still checked). Imports the core
 * (`./linter`) and the modules shared with the server (`./config`, `./fileText`), never the server.
 */
import * as path from 'path';
import { HostModules } from './workspace/hostModules';
import { parseArgs } from 'util';
import {
  AUTH_SCHEMA_SETTINGS,
  hostLanguageOfPath,
  AuthSchemaSetting,
  bulkFixable,
  BulkFixScope,
  judgeBulkFix,
  leftSuggestion,
  DEFAULT_MAX_FILE_SIZE,
  FILE_SKIPPED_ID,
  Finding,
  fixAll,
  FixAllResult,
  LineIndex,
  lint,
  LintOptions,
  LintResult,
  loadFallbackParser,
  rules,
  tooLargeReason,
} from './linter';
import { findConfigFile, isIgnored, LoadedConfig, loadConfig, optionsFrom } from './config/config';
import { collectFiles, DEFAULT_EXTENSIONS, describeError, readSource, readStdin, replaceContent, SourceFile, STDIN_ARG } from './cli/files';
import { MigrationHistories } from './workspace/sets';
import { encodeText } from './fileText';
import { readVersion } from './packageInfo';
import { countSeverities, FileReport, formatGithub, formatJson, formatSarif, formatSummary, formatText, reportRoot } from './cli/report';

const NAME = 'neon-auth-lint';
const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** How standard input (`-`) is named in reports. */
const STDIN_NAME = '<stdin>';

export const USAGE = `Usage: ${NAME} [--format text|json|sarif|github] [--fix [--unsafe-fixes]] [--quiet] [--max-warnings N] [--max-file-size MB] [--auth-schema auto|legacy|current] [--config FILE] [--ext LIST] [--stdin-filename PATH] [--help] [--version] <file|dir|->...

Lints SQL for mistakes around Neon Auth's user tables: inner joins that drop rows while a user
is not synced yet, soft-deleted users in results, foreign keys with no ON DELETE policy. In
TypeScript and JavaScript files it checks the SQL of tagged templates (the Neon driver's sql,
postgres.js, Drizzle's sql, Prisma's $queryRaw, ...) and of query strings (pool.query('...')).
Directories are searched recursively for ${DEFAULT_EXTENSIONS.join(' ')} files (node_modules
and dot-directories are skipped, and for TypeScript/JavaScript also dist, build, out, coverage
and .d.ts files; symlinked directories are not followed). "-" reads SQL from standard input,
reported as ${STDIN_NAME} (TypeScript or JavaScript when --stdin-filename says so).

Options:
  --format <format>     output on stdout (default text, or github when GITHUB_ACTIONS=true):
                          text    "path:line:col severity rule message" per finding (1-based),
                                  a summary on stderr; coloured when stdout is a terminal and
                                  NO_COLOR is not set
                          json    one entry per checked file, 0-based LSP positions and fixes
                          sarif   SARIF 2.1.0 log (one run) for code-scanning tools
                          github  GitHub Actions annotations (::warning file=…,line=…::…),
                                  a summary on stderr
  --fix                 apply the safe fixes (those that cannot change what the data or a
                        query means) and rewrite the files that changed (same encoding, owner,
                        group and mode; never a file you may not write, one with no write
                        permission, or one saved meanwhile), then report what remains; for "-"
                        the fixed SQL goes to stdout and the report to stderr
  --unsafe-fixes        with --fix, also apply each finding's preferred suggestion (a choice
                        such as ON DELETE CASCADE or LEFT JOIN); never where you wrote the
                        choice yourself (an explicit ON DELETE RESTRICT stays)
  --quiet               report and fix errors only (with --max-warnings, warnings still count,
                        but are not shown)
  --max-warnings <N>    exit 1 when there are more than N warnings, even with no error; with
                        it, N or fewer warnings exit 0
  --max-file-size <MB>  skip files larger than this, with one notice each (default ${DEFAULT_MAX_FILE_SIZE / (1024 * 1024)})
  --auth-schema <auto|legacy|current>
                        the Neon Auth generation the files are written for: auto (default)
                        detects it per file; legacy or current reports references to the
                        other generation's user table (rule match-auth-schema)
  -c, --config <file>   the .neon-auth.json to use for every file (default: the nearest one
                        above each file, as the editor does); options given here override it
  --ext <list>          the extensions to search directories for, comma-separated (default
                        ${DEFAULT_EXTENSIONS.join(',')}); files named on the command line are
                        checked whatever their extension
  --stdin-filename <path>
                        the path "-" stands for: its name in the report (so github and sarif
                        annotations attach to it) and where its .neon-auth.json is looked for
  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 no warnings or errors (or no more warnings than --max-warnings), 1 errors or
warnings found, 2 usage error, a named path or stdin that could not be read, a file --fix did not
write (read-only, not writable by you, or changed on disk while being fixed), an invalid or
unreadable .neon-auth.json, or no file to check found at all.
`;

/** Where the CLI writes; injectable so it can run in process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (the text format is coloured only then). Default false. */
  stdoutIsTTY?: boolean;
  /** Writes bytes to stdout as they are (the SQL of `--fix -`); default: `stdout` of the UTF-8 text. */
  stdoutBytes?(bytes: Uint8Array): void;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stdoutBytes: (bytes) => void process.stdout.write(bytes),
};

/**
 * Colour on a terminal, or when FORCE_COLOR is set (to anything but "0" or "false"); never when
 * NO_COLOR is set to anything but "" (no-color.org), which wins over FORCE_COLOR.
 */
function useColor(io: CliIo, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return io.stdoutIsTTY === true;
}

interface Options {
  format: Format;
  fix: boolean;
  /** `--unsafe-fixes`: `--fix` also applies preferred suggestions, not only safe fixes. */
  unsafeFixes: boolean;
  /** Report errors only. */
  quiet: boolean;
  /** Exit 1 when there are more warnings than this (also with no error); undefined: any warning fails. */
  maxWarnings?: number;
  paths: string[];
  /** Options given on the command line; they override the configuration file's. */
  lint: LintOptions;
  /** `--config`: one configuration file for every checked file, instead of the nearest one. */
  config?: string;
  /** `--stdin-filename`: the path standard input stands for. */
  stdinFilename?: string;
  /** `--ext`: the extensions directories are searched for (lower-case, with the dot). */
  extensions: string[];
}

type Parsed = { kind: 'run'; options: Options } | { kind: 'help' } | { kind: 'version' } | { kind: 'usageError'; message: string };

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Parsed {
  let values: {
    format?: string;
    fix?: boolean;
    'unsafe-fixes'?: boolean;
    quiet?: boolean;
    'max-warnings'?: string;
    help?: boolean;
    version?: boolean;
    'max-file-size'?: string;
    'auth-schema'?: string;
    config?: string;
    'stdin-filename'?: string;
    ext?: string;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string' },
        fix: { type: 'boolean' },
        'unsafe-fixes': { type: 'boolean' },
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        'max-file-size': { type: 'string' },
        'auth-schema': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'stdin-filename': { type: 'string' },
        ext: { type: 'string' },
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
  // In a GitHub Actions job the default is annotations on the changed lines.
  const format = values.format ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : 'text');
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { kind: 'usageError', message: `unknown format '${format}' (expected ${FORMATS.join(', ')})` };
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    maxWarnings = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(maxWarnings)) return { kind: 'usageError', message: `--max-warnings needs a whole number of warnings (0 or more), not '${raw}'` };
  }
  const lintOptions: LintOptions = {};
  if (values['max-file-size'] !== undefined) {
    const mb = Number(values['max-file-size']);
    if (!Number.isFinite(mb) || mb <= 0)
      return { kind: 'usageError', message: `--max-file-size needs a positive number of megabytes, not '${values['max-file-size']}'` };
    lintOptions.maxFileSize = Math.round(mb * 1024 * 1024);
  }
  if (values['auth-schema'] !== undefined) {
    const schema = values['auth-schema'];
    if (!(AUTH_SCHEMA_SETTINGS as readonly string[]).includes(schema)) {
      return { kind: 'usageError', message: `unknown --auth-schema '${schema}' (expected ${AUTH_SCHEMA_SETTINGS.join(', ')})` };
    }
    lintOptions.authSchema = schema as AuthSchemaSetting;
  }
  if (values['unsafe-fixes'] && !values.fix) return { kind: 'usageError', message: '--unsafe-fixes only changes what --fix applies: add --fix' };
  let extensions = [...DEFAULT_EXTENSIONS];
  if (values.ext !== undefined) {
    extensions = values.ext
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== '')
      .map((e) => (e.startsWith('.') ? e : `.${e}`));
    const bad = extensions.find((e) => !/^\.[a-z0-9]+$/.test(e));
    if (extensions.length === 0 || bad !== undefined)
      return { kind: 'usageError', message: `--ext needs a comma-separated list of extensions such as .sql,.ts, not '${values.ext}'` };
  }
  if (positionals.length === 0) return { kind: 'usageError', message: 'no file or directory given' };
  return {
    kind: 'run',
    options: {
      format: format as Format,
      fix: values.fix === true,
      unsafeFixes: values['unsafe-fixes'] === true,
      quiet: values.quiet === true,
      maxWarnings,
      paths: positionals,
      lint: lintOptions,
      config: values.config,
      stdinFilename: values['stdin-filename'],
      extensions,
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The outcome of checking one file: what to report, and whether something went wrong. */
interface FileOutcome {
  report?: FileReport;
  failed: boolean;
  /** With --fix: findings whose preferred fix is a suggestion --fix left (see `leftSuggestion`). */
  suggestionsLeft?: number;
  /** With --fix: the file was rewritten with its fixes. */
  written?: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What writing a fixed file did: written, or not written and why (each is a failure). */
type WriteResult = { written: true } | { written: false; why: string };

/** The names of the encodings, for messages. */
const ENCODING_NAMES: Record<SourceFile['encoding'], string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' };

/**
 * Applies the preferred fixes and writes the file when the text changed and the result is
 * sound: no finding that a preferred fix could resolve is left (the fixes converged), no
 * statement stopped parsing, the bytes were valid in their encoding, and nothing crashed.
 * Otherwise the file is left alone and its original findings are reported; so they are when
 * `write` did not write it (it changed on disk meanwhile, or may not be written), which fails.
 */
function fixFile(
  file: string,
  src: SourceFile,
  before: LintResult,
  options: LintOptions,
  scope: BulkFixScope,
  io: CliIo,
  write: (text: string) => WriteResult,
): FileOutcome {
  const original: FileReport = { file, text: src.text, findings: before.findings };
  const left = (result: LintResult): number => result.findings.filter((f) => leftSuggestion(f, scope)).length;
  if (!before.findings.some((f) => bulkFixable(f, scope))) return { report: original, failed: false, suggestionsLeft: left(before) };
  if (!src.exact) {
    io.stderr(`${NAME}: ${file}: not fixed: the file is not valid ${ENCODING_NAMES[src.encoding]}\n`);
    return { report: original, failed: false };
  }
  let fixed: FixAllResult;
  try {
    fixed = fixAll(src.text, options, !scope.unsafe, undefined, undefined, scope.accept);
  } catch (e) {
    io.stderr(`${NAME}: ${file}: not fixed: internal error: ${errorText(e)}\n`);
    return { report: original, failed: true };
  }
  if (fixed.text === src.text) return { report: original, failed: false, suggestionsLeft: left(before) };
  const verdict = judgeBulkFix(before, fixed, scope);
  if (!verdict.sound) {
    io.stderr(`${NAME}: ${file}: not fixed: ${verdict.reason}\n`);
    return { report: original, failed: false, suggestionsLeft: verdict.suggestionsLeft };
  }
  let written: WriteResult;
  try {
    written = write(fixed.text);
  } catch (e) {
    written = { written: false, why: `cannot write: ${describeError(e)}` };
  }
  if (!written.written) {
    io.stderr(`${NAME}: ${file}: not fixed: ${written.why}\n`);
    return { report: original, failed: true, suggestionsLeft: left(before) };
  }
  io.stderr(`${file}: fixed ${plural(fixed.applied, 'problem')}\n`);
  return { report: { file, text: fixed.text, findings: fixed.result.findings }, failed: false, suggestionsLeft: verdict.suggestionsLeft, written: true };
}

/** Writes a file's fixed text in its encoding, unless it changed since it was read or may not be written. */
function writeFixed(file: string, src: SourceFile, text: string): WriteResult {
  const outcome = replaceContent(file, src.bytes, encodeText(text, src.encoding, src.bom));
  switch (outcome.kind) {
    case 'written':
      return { written: true };
    case 'changed':
      return { written: false, why: 'the file changed on disk while it was being fixed; nothing was written (run again)' };
    case 'refused':
      return { written: false, why: outcome.reason };
  }
}

/** How files are checked and fixed. */
interface RunOptions {
  fix: boolean;
  /** `--unsafe-fixes`. */
  unsafeFixes: boolean;
  /** Options of the check. */
  check: LintOptions;
  /** The findings `--fix` fixes (with `--quiet`: errors only); all when undefined. */
  fixOnly?: (f: Finding) => boolean;
  /** Resolves what host files import from the workspace's modules (one per run: modules are read once). */
  hostModules: HostModules;
}

/**
 * Checks one file, or standard input for `-`. With `--fix`, a file is rewritten; the text of
 * standard input (fixed, or as it came when nothing was fixed) is put in `stdinOutput` instead.
 */
function checkFile(file: string, run: RunOptions, io: CliIo, stdinOutput: { bytes?: Buffer }, stdinFilename?: string): FileOutcome {
  const stdin = file === STDIN_ARG;
  const name = stdin ? (stdinFilename ?? STDIN_NAME) : file;
  // Named with --stdin-filename, standard input is reported like that file.
  const reportAsStdin = stdin && stdinFilename === undefined;
  let src: SourceFile;
  try {
    if (stdin) src = readStdin();
    else {
      const maxFileSize = run.check.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      const read = readSource(file, maxFileSize);
      if (read.source === undefined) {
        // surely over the limit: one notice, as the linter gives for a long text, without reading it
        const skipped: Finding = { ruleId: FILE_SKIPPED_ID, severity: 'info', message: tooLargeReason(read.size, maxFileSize), start: 0, end: 0, fixes: [] };
        return { report: { file: name, text: '', findings: [skipped] }, failed: false };
      }
      src = read.source;
    }
  } catch (e) {
    io.stderr(`${NAME}: cannot read ${name}: ${describeError(e)}\n`);
    return { failed: true };
  }
  // TypeScript and JavaScript files are checked through the SQL they hold.
  const language = stdin && stdinFilename === undefined ? 'sql' : (hostLanguageOfPath(name) ?? 'sql');
  // Drizzle tables the app's own modules export (`import { users } from '@/db/schema'`).
  const workspaceImports = language !== 'sql' ? run.hostModules.importsOf(path.resolve(name), src.text) : undefined;
  const workspaceRelations = language !== 'sql' ? run.hostModules.relationsOf(path.resolve(name), src.text) : undefined;
  run = {
    ...run,
    check: { ...run.check, language, ...(workspaceImports ? { workspaceImports } : {}), ...(workspaceRelations ? { workspaceRelations } : {}) },
  };
  const lintOrFail = (options: LintOptions): LintResult | undefined => {
    try {
      return lint(src.text, options);
    } catch (e) {
      io.stderr(`${NAME}: ${name}: internal error: ${errorText(e)}\n`);
      return undefined;
    }
  };
  const result = lintOrFail(run.check);
  if (!result) return { failed: true };
  if (!run.fix) return { report: { file: name, text: src.text, findings: result.findings, stdin: reportAsStdin }, failed: false };

  const write = stdin
    ? (text: string): WriteResult => ((stdinOutput.bytes = encodeText(text, src.encoding, src.bom)), { written: true })
    : (text: string): WriteResult => writeFixed(file, src, text);
  const outcome = fixFile(name, src, result, run.check, { unsafe: run.unsafeFixes, accept: run.fixOnly }, io, write);
  if (stdin && stdinOutput.bytes === undefined) stdinOutput.bytes = src.bytes; // not fixed: the input as it came
  if (!outcome.report) return outcome;
  return { report: { ...outcome.report, stdin: reportAsStdin }, failed: outcome.failed, suggestionsLeft: outcome.suggestionsLeft, written: outcome.written };
}

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): number {
  const parsed = parseCommandLine(argv, env);
  switch (parsed.kind) {
    case 'help':
      io.stdout(USAGE);
      return 0;
    case 'version':
      io.stdout(`${readVersion()}\n`);
      return 0;
    case 'usageError':
      // The message and the synopsis; the options' descriptions are one --help away.
      io.stderr(`${NAME}: ${parsed.message}\n\n${USAGE.split('\n')[0]}\nRun '${NAME} --help' for the options.\n`);
      return 2;
  }
  const { format, fix, unsafeFixes, quiet, maxWarnings, paths, lint: cliOptions, config: configPath, stdinFilename, extensions } = parsed.options;
  // --quiet shows, counts and fixes error findings only (whatever their rule's default severity:
  // a warning rule may report SQL Postgres rejects as an error); --max-warnings still counts warnings.
  const hostModules = new HostModules();
  const runFor = (lintOptions: LintOptions): RunOptions => ({
    fix,
    unsafeFixes,
    hostModules,
    check: lintOptions,
    fixOnly: quiet ? (f) => f.severity === 'error' : undefined,
  });

  // .neon-auth.json: the one given with --config, else the nearest one above each file (the editor
  // reads the same file). Its problems are reported once; an invalid file fails the run (exit 2)
  // and the defaults apply to the files under it.
  let configFailed = false;
  const reportedConfigs = new Set<string>();
  const reportConfig = (loaded: LoadedConfig): void => {
    if (reportedConfigs.has(loaded.file)) return;
    reportedConfigs.add(loaded.file);
    const index = new LineIndex(loaded.text);
    for (const p of loaded.problems) {
      const at = index.positionAt(p.start);
      io.stderr(`${loaded.file}:${at.line + 1}:${at.character + 1} ${p.severity} config ${p.message}\n`);
      if (p.severity === 'error') configFailed = true;
    }
  };
  const explicitConfig = configPath === undefined ? undefined : loadConfig(path.resolve(configPath));
  if (explicitConfig) reportConfig(explicitConfig);
  const configByDir = new Map<string, LoadedConfig | undefined>();
  const configFor = (file: string): LoadedConfig | undefined => {
    if (explicitConfig) return explicitConfig;
    const dir =
      file === STDIN_ARG ? (stdinFilename === undefined ? process.cwd() : path.dirname(path.resolve(stdinFilename))) : path.dirname(path.resolve(file));
    if (!configByDir.has(dir)) {
      const found = findConfigFile(dir);
      configByDir.set(dir, found === undefined ? undefined : loadConfig(found));
    }
    const loaded = configByDir.get(dir);
    if (loaded) reportConfig(loaded);
    return loaded;
  };
  const optionsFor = (loaded: LoadedConfig | undefined): LintOptions => {
    const fromFile = optionsFrom(loaded?.config);
    return { ...fromFile, ...cliOptions, rules: { ...fromFile.rules, ...cliOptions.rules } };
  };

  const { files, problems } = collectFiles(paths, extensions);
  let failed = false;
  for (const p of problems) {
    // A path named on the command line that cannot be read fails the run; one met while searching
    // a directory (a permission-denied folder, a dangling link) is reported and skipped.
    io.stderr(`${NAME}: ${p.named ? 'cannot read' : 'skipped'} ${p.path}: ${p.message}\n`);
    if (p.named) failed = true;
  }

  const reports: FileReport[] = [];
  const stdinOutput: { bytes?: Buffer } = {};
  if (files.length === 0 && !failed) {
    io.stderr(`${NAME}: no ${extensions.join(' ')} files found in ${paths.join(', ')}\n`);
    return 2;
  }
  // Files the nearest .neon-auth.json ignores are not checked; one named on the command line (as
  // lint-staged and pre-commit hooks do) gets a notice, and is not an error.
  const named = new Set(paths.map((p) => path.resolve(p)));
  let namedIgnored = 0;
  const toCheck = files
    .map((file) => ({ file, loaded: configFor(file) }))
    .filter(({ file, loaded }) => {
      if (file === STDIN_ARG || !isIgnored(loaded, file)) return true;
      if (named.has(path.resolve(file))) {
        namedIgnored++;
        io.stderr(`${NAME}: ${file} not checked: ignored by ${loaded ? path.relative(process.cwd(), loaded.file) || loaded.file : '.neon-auth.json'}\n`);
      }
      return false;
    });
  // Directories whose files are all ignored: most likely a mistake in the paths or the globs (as ESLint judges it).
  if (toCheck.length === 0 && namedIgnored === 0 && !failed) {
    io.stderr(`${NAME}: no files to check in ${paths.join(', ')} (${plural(files.length, 'file')} ignored by .neon-auth.json)\n`);
    return 2;
  }
  let suggestionsLeft = 0;
  // Migration sets: a file of one is checked with the tables its set's earlier files leave (the
  // set is read for context even when only this file was named; only named files are reported).
  const histories = new MigrationHistories(process.cwd());
  const tellNotices = (): void => {
    for (const n of histories.takeNotices()) io.stderr(`${NAME}: ${n.path}${n.line === undefined ? '' : `:${n.line + 1}`}: ${n.message}\n`);
  };
  const withHistory = (file: string, loaded: LoadedConfig | undefined, options: LintOptions): LintOptions => {
    if (file === STDIN_ARG || hostLanguageOfPath(file) !== undefined) return options;
    const history = histories.historyOf(file, loaded);
    tellNotices();
    return history ? { ...options, priorSchema: history.prior } : options;
  };
  for (const { file, loaded } of toCheck) {
    // Under an invalid .neon-auth.json the defaults apply, its ignore globs included: such a file is
    // checked, but --fix never writes it (it may be one the configuration meant to leave alone).
    const invalid = fix && file !== STDIN_ARG && loaded !== undefined && loaded.problems.some((p) => p.severity === 'error');
    if (invalid) io.stderr(`${NAME}: ${file}: not fixed: ${loaded.file} is invalid (fix it first: its ignore globs and rules could not be applied)\n`);
    const outcome = checkFile(
      file,
      { ...runFor(withHistory(file, loaded, optionsFor(loaded))), ...(invalid ? { fix: false } : {}) },
      io,
      stdinOutput,
      stdinFilename,
    );
    if (outcome.report) reports.push(outcome.report);
    if (outcome.failed) failed = true;
    // A fixed migration changes the history of the later files of its set: fold it again.
    if (outcome.written && outcome.report && file !== STDIN_ARG) histories.rewritten(file, outcome.report.text);
    suggestionsLeft += outcome.suggestionsLeft ?? 0;
    // a definition of an earlier migration the check needed and no parser could read
    tellNotices();
  }

  const counts = countSeverities(reports);
  const shown = quiet ? reports.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : reports;
  // With --fix on standard input, stdout carries the SQL, so the report goes to stderr.
  const toStderr = stdinOutput.bytes !== undefined;
  if (stdinOutput.bytes !== undefined) {
    if (io.stdoutBytes) io.stdoutBytes(stdinOutput.bytes);
    else io.stdout(stdinOutput.bytes.toString('utf8'));
  }
  const report = (text: string): void => (toStderr ? io.stderr(text) : io.stdout(text));
  switch (format) {
    case 'json':
      report(formatJson(shown));
      break;
    case 'sarif':
      report(formatSarif(shown, { version: readVersion(), rules, root: reportRoot(process.cwd(), env) }));
      break;
    case 'github':
      report(formatGithub(shown, reportRoot(process.cwd(), env)));
      io.stderr(formatSummary(shown));
      break;
    case 'text':
      report(formatText(shown, !toStderr && useColor(io, env)));
      io.stderr(formatSummary(shown));
      break;
  }

  if (suggestionsLeft > 0) {
    // Ruff's model: --fix applies what cannot change meaning; choices wait for the user.
    io.stderr(
      `${plural(suggestionsLeft, 'suggestion')} not applied: each is a choice that changes what the SQL does or reads; review them in the report, or apply the preferred ones with --fix --unsafe-fixes\n`,
    );
  }
  if (maxWarnings !== undefined && counts.warning > maxWarnings) {
    io.stderr(`${NAME}: ${plural(counts.warning, 'warning')}, more than --max-warnings ${maxWarnings}\n`);
  }
  if (failed || configFailed) return 2;
  // Without --max-warnings any warning fails, except with --quiet (which reports errors only).
  const tooManyWarnings = maxWarnings !== undefined ? counts.warning > maxWarnings : !quiet && counts.warning > 0;
  return counts.error > 0 || tooManyWarnings ? 1 : 0;
}

if (require.main === module) {
  // A closed pipe (`neon-auth-lint … | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  // The fallback parser (the real Postgres grammar, WASM) loads first; without it, statements
  // pgsql-ast-parser rejects are reported as parse errors.
  void loadFallbackParser().then(() => {
    process.exitCode = main(process.argv.slice(2));
  });
}
