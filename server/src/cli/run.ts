/**
 * The CLI's engine: checks and fixes files with the linter core and reports the findings. Bundled
 * apart from the command line (`dist/cliEngine.js`, required by `dist/cli.js` only when there is
 * something to check). Imports the core (`../linter`) and the modules shared with the server
 * (`../config`, `../fileText`), never the server.
 */
import * as path from 'path';
import { HostModules } from '../workspace/hostModules';
import {
  hostLanguageOfPath,
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
  wouldParse,
  tooLargeReason,
} from '../linter';
import { findConfigFile, isIgnored, LoadedConfig, loadConfig, optionsFrom } from '../config/config';
import { collectFiles, describeError, readSource, readStdin, replaceContent, SourceFile, STDIN_ARG } from './files';
import { MigrationHistories, noticeText } from '../workspace/sets';
import { isFollowedInSet } from '../workspace/migrations';
import { encodeText } from '../fileText';
import { readVersion } from '../packageInfo';
import { FindingsCache } from './cache';
import { countSeverities, FileReport, formatGithub, formatJson, formatSarif, formatSummary, formatText, reportRoot } from './report';
import { CliIo, NAME, Options, STDIN_NAME } from './args';
export { runMigrate } from './migrate';

/**
 * Colour on a terminal, or when FORCE_COLOR is set (to anything but "0" or "false"); never when
 * NO_COLOR is set to anything but "" (no-color.org), which wins over FORCE_COLOR.
 */
function useColor(io: CliIo, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return io.stdoutIsTTY === true;
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
  /** Loads the Postgres grammar before `text` is checked with `check`, when checking it parses a statement. */
  ensureParser(text: string, check: LintOptions): Promise<void>;
  /** `--cache`: findings reused while a file and its options are unchanged (see `cache.ts`). */
  cache?: FindingsCache;
}

/**
 * Texts longer than this (UTF-16 code units) load the Postgres grammar without a probe: they
 * almost always hold a statement to parse, and the probe would lint them twice.
 */
const PROBE_LIMIT = 256 * 1024;

/** Whether checking `text` parses a statement (a lint with parsing deferred, see `wouldParse`); true when the lint throws. */
function parsesAny(text: string, check: LintOptions): boolean {
  try {
    return wouldParse(() => void lint(text, check));
  } catch {
    return true;
  }
}

/**
 * Checks one file, or standard input for `-`. With `--fix`, a file is rewritten; the text of
 * standard input (fixed, or as it came when nothing was fixed) is put in `stdinOutput` instead.
 */
async function checkFile(file: string, run: RunOptions, io: CliIo, stdinOutput: { bytes?: Buffer }, stdinFilename?: string): Promise<FileOutcome> {
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
  // --cache: unchanged since a run that kept its findings (never for standard input, never with --fix)
  const cacheKey = run.cache && !stdin ? run.cache.keyOf(run.check, src.text) : undefined;
  if (cacheKey !== undefined && !run.fix) {
    const kept = run.cache!.get(file, cacheKey);
    if (kept) return { report: { file: name, text: src.text, findings: kept, stdin: reportAsStdin }, failed: false };
  }
  await run.ensureParser(src.text, run.check);
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
  if (!run.fix) {
    if (cacheKey !== undefined) run.cache!.set(file, cacheKey, result.findings);
    return { report: { file: name, text: src.text, findings: result.findings, stdin: reportAsStdin }, failed: false };
  }

  const write = stdin
    ? (text: string): WriteResult => ((stdinOutput.bytes = encodeText(text, src.encoding, src.bom)), { written: true })
    : (text: string): WriteResult => writeFixed(file, src, text);
  const outcome = fixFile(name, src, result, run.check, { unsafe: run.unsafeFixes, accept: run.fixOnly }, io, write);
  if (stdin && stdinOutput.bytes === undefined) stdinOutput.bytes = src.bytes; // not fixed: the input as it came
  if (!outcome.report) return outcome;
  // the findings of the text now on disk (fixed, or as it was)
  if (run.cache && !stdin && !outcome.failed) run.cache.set(file, run.cache.keyOf(run.check, outcome.report.text), outcome.report.findings);
  return { report: { ...outcome.report, stdin: reportAsStdin }, failed: outcome.failed, suggestionsLeft: outcome.suggestionsLeft, written: outcome.written };
}

/** The rules whose every finding is a statement Postgres rejects (see `RuleMeta.rejectedByPostgres`). */
const REJECTED_BY_POSTGRES = new Set(rules.filter((r) => r.rejectedByPostgres !== undefined).map((r) => r.id));

/**
 * Checks (and with `--fix` fixes) the files of a parsed command line and reports the findings;
 * resolves to the exit code. Loads the Postgres grammar (WebAssembly) only once a file needs it
 * (see `needsParser`).
 */
export async function run(options: Options, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { format, fix, unsafeFixes, quiet, maxWarnings, paths, lint: cliOptions, config: configPath, stdinFilename, extensions } = options;
  // --quiet shows, counts and fixes error findings only (whatever their rule's default severity:
  // a warning rule may report SQL Postgres rejects as an error); --max-warnings still counts warnings.
  const hostModules = new HostModules();
  // The Postgres grammar (the fallback parser, WebAssembly) is loaded once, when the first file
  // needs it: before a file that parses a statement is checked, before a migration set is read
  // (its CREATE TABLEs are parsed), and up front with --fix (a fix can make a statement that parses).
  // Until then nothing is parsed, so every finding is the one a run with it loaded first gives.
  let parserLoad: Promise<void> | undefined;
  const loadParser = (): Promise<void> => {
    // Baseline (Liftoff) machine code only: V8 otherwise compiles the grammar's 1.7 MB module again
    // with its optimizing tier in the background, and Node waits for that before it exits (measured:
    // 100–150 ms of idle at exit for a one-statement file; Liftoff parses a 1 MB file's statements as fast).
    if (parserLoad === undefined) (require('v8') as typeof import('v8')).setFlagsFromString('--liftoff-only'); // eslint-disable-line @typescript-eslint/no-require-imports
    return (parserLoad ??= loadFallbackParser());
  };
  const ensureParser = async (text: string, check: LintOptions): Promise<void> => {
    if (parserLoad === undefined && (text.length > PROBE_LIMIT || parsesAny(text, check))) await loadParser();
    else await parserLoad;
  };
  if (fix) await loadParser();
  const cache = options.cache === undefined ? undefined : FindingsCache.load(path.resolve(options.cache), readVersion());
  const runFor = (lintOptions: LintOptions): RunOptions => ({
    fix,
    unsafeFixes,
    hostModules,
    ensureParser,
    cache,
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
    for (const n of histories.takeNotices()) io.stderr(`${NAME}: ${noticeText(n)}\n`);
  };
  const withHistory = async (file: string, loaded: LoadedConfig | undefined, options: LintOptions): Promise<LintOptions> => {
    if (file === STDIN_ARG || hostLanguageOfPath(file) !== undefined) return options;
    if (histories.setOfFile(file, loaded)) await loadParser();
    const history = histories.historyOf(file, loaded);
    tellNotices();
    return history ? { ...options, priorSchema: history.prior } : options;
  };
  // --fix leaves alone a migration found in a folder that a later migration of its set follows: it
  // has most likely been applied, and editing it changes nothing in those databases (Prisma refuses
  // to run after such an edit). Named on the command line, it is fixed: the user chose it.
  const historyLeft: string[] = [];
  const isApplied = (file: string, loaded: LoadedConfig | undefined): boolean => {
    if (!fix || file === STDIN_ARG || named.has(path.resolve(file)) || hostLanguageOfPath(file) !== undefined) return false;
    const found = histories.setOfFile(file, loaded);
    return found !== undefined && isFollowedInSet(found.set, found.index);
  };
  const fixScope: BulkFixScope = { unsafe: unsafeFixes, accept: quiet ? (f) => f.severity === 'error' : undefined };
  for (const { file, loaded } of toCheck) {
    // Under an invalid .neon-auth.json the defaults apply, its ignore globs included: such a file is
    // checked, but --fix never writes it (it may be one the configuration meant to leave alone).
    const invalid = fix && file !== STDIN_ARG && loaded !== undefined && loaded.problems.some((p) => p.severity === 'error');
    if (invalid) io.stderr(`${NAME}: ${file}: not fixed: ${loaded.file} is invalid (fix it first: its ignore globs and rules could not be applied)\n`);
    const checkOptions = await withHistory(file, loaded, optionsFor(loaded));
    let applied = !invalid && isApplied(file, loaded);
    let outcome = await checkFile(file, { ...runFor(checkOptions), ...(invalid || applied ? { fix: false } : {}) }, io, stdinOutput, stdinFilename);
    // ...unless Postgres rejects a statement of it: then it cannot have been applied as written.
    if (applied && outcome.report?.findings.some((f) => REJECTED_BY_POSTGRES.has(f.ruleId))) {
      applied = false;
      outcome = await checkFile(file, runFor(checkOptions), io, stdinOutput, stdinFilename);
    }
    if (applied && outcome.report?.findings.some((f) => bulkFixable(f, fixScope))) historyLeft.push(file);
    if (outcome.report) reports.push(outcome.report);
    if (outcome.failed) failed = true;
    // A fixed migration changes the history of the later files of its set: they see its new text.
    if (outcome.written && outcome.report && file !== STDIN_ARG) histories.rewritten(file, outcome.report.text);
    suggestionsLeft += outcome.suggestionsLeft ?? 0;
    // a definition of an earlier migration the check needed and no parser could read
    tellNotices();
  }

  const unsaved = cache?.save();
  if (unsaved !== undefined) io.stderr(`${NAME}: the cache ${options.cache} could not be written (${unsaved}); the results are not affected\n`);

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

  if (historyLeft.length > 0) {
    io.stderr(
      `${plural(historyLeft.length, 'migration')} not fixed: a later migration of the set follows ${historyLeft.length === 1 ? 'it' : 'each'}, so ${historyLeft.length === 1 ? 'it has' : 'they have'} most likely been applied (write the change in a new migration, or name the file to fix it): ${historyLeft.join(', ')}\n`,
    );
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
