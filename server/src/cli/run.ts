/**
 * The CLI's engine: checks and fixes files with the linter core and reports the findings. Bundled
 * apart from the command line (`dist/cliEngine.js`, required by `dist/cli.js` only when there is
 * something to check). Imports the core (`../linter`) and the modules shared with the server
 * (`../config`, `../fileText`), never the server.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hostLanguageOfPath, LineIndex, rules } from '../linter';
import { findConfigFile, isIgnored, LoadedConfig, loadConfig } from '../config/config';
import { collectFiles, STDIN_ARG } from './files';
import { MigrationHistories } from '../workspace/sets';
import { readVersion } from '../packageInfo';
import { baseKey, FindingsCache, FreshEntry } from './cache';
import { FileChecker, FileOutcome, plural } from './check';
import { countSeverities, FileReport, formatGithub, formatJson, formatSarif, formatSummary, formatText, reportRoot } from './report';
import { AUTO_CORES_PER_THREAD, AUTO_MAX_THREADS, AUTO_MIN_BYTES, AUTO_MIN_FILES, CliIo, Concurrency, NAME, Options, WORKER_ARG } from './args';
import type * as Workers from './workers';
export { runInit } from './init';

/**
 * Colour on a terminal, or when FORCE_COLOR is set (to anything but "0" or "false"); never when
 * NO_COLOR is set to anything but "" (no-color.org), which wins over FORCE_COLOR.
 */
function useColor(io: CliIo, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return io.stdoutIsTTY === true;
}

/**
 * How many threads check `files` (1: the main thread alone, no worker): `--concurrency N` gives N
 * (at most one per file), `auto` one per `AUTO_CORES_PER_THREAD` cores (`os.availableParallelism()`,
 * at most `AUTO_MAX_THREADS`; so one on 2 cores) when there are at least `AUTO_MIN_FILES` files of
 * `AUTO_MIN_BYTES` in all.
 * Standard input is checked on the main thread: a run that reads it uses no workers.
 */
function threadCount(concurrency: Concurrency, files: readonly string[]): number {
  if (concurrency === 'off' || files.length < 2 || files.includes(STDIN_ARG)) return 1;
  if (concurrency !== 'auto') return Math.min(concurrency, files.length);
  const threads = Math.min(Math.floor(os.availableParallelism() / AUTO_CORES_PER_THREAD), AUTO_MAX_THREADS);
  if (threads < 2 || files.length < AUTO_MIN_FILES) return 1;
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += fs.statSync(file).size;
    } catch {
      // unreadable: said when it is checked
    }
    if (bytes >= AUTO_MIN_BYTES) return threads;
  }
  return 1;
}

/**
 * Checks (and with `--fix` fixes) the files of a parsed command line and reports the findings;
 * resolves to the exit code. Loads the Postgres grammar (WebAssembly) only once a file needs it
 * (see `FileChecker`). With `--concurrency`, the files are checked on worker threads (see
 * `threadCount` and `workers.ts`) and reported the same way.
 */
export async function run(options: Options, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { format, quiet, maxWarnings, paths, config: configPath, stdinFilename, extensions } = options;
  // --quiet shows, counts and fixes error findings only (whatever their rule's default severity:
  // a warning rule may report SQL Postgres rejects as an error); --max-warnings still counts warnings.
  const version = readVersion();
  // the run's start, before any file is looked at (see `statSignature`)
  const since = Date.now();
  const cache = options.cache === undefined ? undefined : FindingsCache.load(path.resolve(options.cache), version, since);
  // the name of this run's observation groups (see `ObservationLog`), one per thread after it
  const cacheRun = cache && { since, group: `${since.toString(36)}.${process.pid.toString(36)}` };

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
      // (a --config file by the path as given, as files are; a found one by where it is)
      io.stderr(`${loaded === explicitConfig ? configPath : loaded.file}:${at.line + 1}:${at.character + 1} ${p.severity} config ${p.message}\n`);
      if (p.severity === 'error') configFailed = true;
    }
  };
  const explicitConfig = configPath === undefined ? undefined : loadConfig(path.resolve(configPath), configPath);
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
  const { files, problems } = collectFiles(paths, extensions);
  let failed = false;
  for (const p of problems) {
    // A path named on the command line that cannot be read fails the run; one met while searching
    // a directory (a permission-denied folder, a dangling link) is reported and skipped.
    io.stderr(`${NAME}: ${p.named ? 'cannot read' : 'skipped'} ${p.path}: ${p.message}\n`);
    if (p.named) failed = true;
  }

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
  // --cache with the metadata strategy: the files whose entry holds, reused without being read
  // (never with --fix, which reads and may write every file). See `cache.ts`.
  const cwd = process.cwd();
  const bases = new Map<string, string>(); // baseKey per configuration file and language
  const baseOf = (file: string, loaded: LoadedConfig | undefined): string => {
    const id = `${loaded?.file ?? ''}\u0000${hostLanguageOfPath(file) ?? 'sql'}`;
    let base = bases.get(id);
    if (base === undefined) bases.set(id, (base = baseKey(cwd, options.lint, loaded, file)));
    return base;
  };
  const reused: Array<FreshEntry | undefined> =
    cache && options.cacheStrategy === 'metadata' && !options.fix
      ? toCheck.map(({ file, loaded }) => (file === STDIN_ARG ? undefined : cache.fresh(file, baseOf(file, loaded))))
      : [];
  const reusedOutcome = (i: number): FileOutcome | undefined => {
    const kept = reused[i];
    return kept && { report: { file: toCheck[i].file, text: '', positions: kept.positions, findings: kept.findings }, failed: false };
  };
  // Migration sets: a file of one is checked with the tables its set's earlier files leave (the
  // set is read for context even when only this file was named; only named files are reported).
  // With workers, each set goes to one worker whole, in order (see `workers.ts`).
  const threads = threadCount(
    options.concurrency,
    toCheck.filter((_, i) => reused[i] === undefined).map(({ file }) => file),
  );
  // required only here: a run without workers never loads the pool
  const workers = threads > 1 ? (require('./workers') as typeof Workers) : undefined; // eslint-disable-line @typescript-eslint/no-require-imports
  let tasks: number[][] = [];
  if (workers) {
    // the sets only (no migration is read or parsed here): each goes to one worker whole
    const histories = new MigrationHistories(process.cwd());
    const setOf = (file: string, loaded: LoadedConfig | undefined): string | undefined => {
      if (hostLanguageOfPath(file) !== undefined) return undefined;
      const found = histories.setOfFile(file, loaded);
      return found && `${found.set.convention}\u0000${found.set.root}`;
    };
    // chunks of up to CHUNK_FILES files, smaller when there are few files: four tasks per thread at least
    const pending = toCheck.length - reused.filter((r) => r !== undefined).length;
    const chunk = Math.max(1, Math.min(workers.CHUNK_FILES, Math.ceil(pending / (threads * 4))));
    tasks = workers
      .planTasks(
        toCheck.map(({ file, loaded }, index) => (reused[index] ? undefined : setOf(file, loaded))),
        chunk,
      )
      .map((task) => task.filter((index) => reused[index] === undefined))
      .filter((task) => task.length > 0);
  }
  let outcomes: FileOutcome[];
  let stdinBytes: Buffer | undefined;
  if (workers && tasks.length > 1) {
    outcomes = await workers.checkInWorkers({
      engineFile: __filename,
      threads,
      options,
      version,
      cwd,
      files: toCheck,
      tasks,
      cache,
      cacheRun,
      reused: toCheck.map((_, i) => {
        const outcome = reusedOutcome(i);
        return outcome && { outcome, notices: reused[i]!.notices };
      }),
      io,
    });
  } else {
    const checker = new FileChecker(options, cwd, cacheRun && { since: cacheRun.since, group: `${cacheRun.group}.0` });
    // a reused file's notices are said again (once: the checker says each of its own once too)
    const told = new Set<string>();
    const notice = (text: string): void => {
      if (told.has(text)) return;
      told.add(text);
      io.stderr(text);
    };
    const out = { stderr: io.stderr, notice };
    outcomes = [];
    await checker.start();
    for (const [i, { file, loaded }] of toCheck.entries()) {
      const outcome = reusedOutcome(i);
      if (outcome) for (const text of reused[i]!.notices) notice(text);
      outcomes.push(outcome ?? (await checker.check(file, loaded, out, cache)));
    }
    stdinBytes = checker.stdinOutput.bytes;
  }
  const reports: FileReport[] = [];
  let suggestionsLeft = 0;
  const historyLeft: string[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.appliedLeft) historyLeft.push(toCheck[i].file);
    if (outcome.report) reports.push(outcome.report);
    if (outcome.failed) failed = true;
    suggestionsLeft += outcome.suggestionsLeft ?? 0;
  }

  const unsaved = cache?.save();
  if (unsaved !== undefined) io.stderr(`${NAME}: the cache ${options.cache} could not be written (${unsaved}); the results are not affected\n`);

  const counts = countSeverities(reports);
  const shown = quiet ? reports.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : reports;
  // With --fix on standard input, stdout carries the SQL, so the report goes to stderr.
  const toStderr = stdinBytes !== undefined;
  if (stdinBytes !== undefined) {
    if (io.stdoutBytes) io.stdoutBytes(stdinBytes);
    else io.stdout(stdinBytes.toString('utf8'));
  }
  const report = (text: string): void => (toStderr ? io.stderr(text) : io.stdout(text));
  switch (format) {
    case 'json':
      report(formatJson(shown));
      break;
    case 'sarif':
      report(formatSarif(shown, { version, rules, root: reportRoot(process.cwd(), env) }));
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

// A worker thread of `--concurrency` (see `workers.ts`) loads this module (the engine bundle) too,
// with WORKER_ARG in its argv: it then checks the tasks the main thread sends. node:worker_threads
// (about 8 ms to load) is required only then: the main thread may have the word as a path.
if (process.argv.includes(WORKER_ARG)) {
  const threads = require('worker_threads') as typeof import('worker_threads'); // eslint-disable-line @typescript-eslint/no-require-imports
  if (!threads.isMainThread && (threads.workerData as { neonAuthLintWorker?: unknown } | undefined)?.neonAuthLintWorker === true)
    (require('./workers') as typeof Workers).serve(); // eslint-disable-line @typescript-eslint/no-require-imports
}
