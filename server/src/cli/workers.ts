/**
 * `--concurrency`: the CLI's files checked on worker threads (node:worker_threads), with a report
 * byte for byte the same as one thread's. Required by `run.ts` only when a run uses workers, so a
 * run without them never loads this module.
 *
 * How the work is split and why the output does not change:
 * - The main thread lists the files, reads the `.neon-auth.json` files (and says their problems),
 *   and writes the report and the cache file; the workers read, check, fix and write the files.
 * - `planTasks` cuts the files, in report order, into tasks of consecutive files: every migration
 *   set whole in one task (its files are checked with the tables its earlier files leave, and
 *   `--fix` rewrites an earlier migration before the later ones are checked), the other files in
 *   chunks of `CHUNK_FILES`. Tasks are handed out in order to whichever worker is free, so each
 *   worker checks its files in report order, as one thread would.
 * - Each file's outcome and its stderr lines come back to the main thread, which writes the lines
 *   in file order (as soon as every earlier file's are in) and the report at the end. Migration-set
 *   notices are said once per run: each worker says a notice at its first file that meets it, and
 *   since every worker goes in report order, the first file in report order that meets a notice
 *   says it in its worker too; the main thread drops the repeats.
 * - `--cache`: the main thread sends each file's entry with its task and keeps the entries the
 *   workers make, in file order, so the cache file is the one a single thread writes.
 *
 * A worker is the engine bundle itself (`dist/cliEngine.js`, or `out/…/run.js` unbundled) started
 * with `workerData.neonAuthLintWorker`: `run.ts` then calls `serve`. A worker that dies (a crash in
 * native code, out of memory) fails the files it had: each says so on stderr and the run exits 2.
 */
import { Worker, parentPort, workerData } from 'worker_threads';
import type { LoadedConfig } from '../config/config';
import { loadConfig } from '../config/config';
import { cacheKey, CacheEntry, FindingsCache } from './cache';
import { CheckOutput, FileChecker, FileOutcome, FindingsStore } from './check';
import { CliIo, NAME, Options } from './args';

/** Files per task outside migration sets: small enough to balance two workers, large enough that messages cost little. */
export const CHUNK_FILES = 8;

/**
 * Cuts `count` files (in report order) into tasks of consecutive file indices. `setKeys[i]` names
 * the migration set file `i` belongs to (undefined: none): a set's files, and every file between
 * its first and last, form one task; the other files go in chunks of at most `chunk`.
 */
export function planTasks(setKeys: ReadonlyArray<string | undefined>, chunk = CHUNK_FILES): number[][] {
  const last = new Map<string, number>();
  setKeys.forEach((key, i) => key !== undefined && last.set(key, i));
  const tasks: number[][] = [];
  let current: number[] = [];
  let setEnd = -1; // the last index of the set(s) the current task holds; -1: a plain chunk
  const flush = (): void => {
    if (current.length > 0) tasks.push(current);
    current = [];
  };
  setKeys.forEach((key, i) => {
    if (key !== undefined && i > setEnd) {
      // a set starts here: it begins a task of its own
      flush();
      setEnd = last.get(key)!;
    } else if (key !== undefined) setEnd = Math.max(setEnd, last.get(key)!); // another set inside this one's span
    current.push(i);
    if (setEnd < 0 && current.length >= chunk) flush();
    else if (i === setEnd) {
      flush();
      setEnd = -1;
    }
  });
  flush();
  return tasks;
}

/** One file of a task, as the main thread sends it. */
interface TaskFile {
  /** Its index in the run's files. */
  index: number;
  file: string;
  /** Its `.neon-auth.json` (absolute), or undefined. */
  configFile?: string;
  /** With `--cache`: its entry in the cache file, if any. */
  cached?: CacheEntry;
}

/** A stderr line of a file's check; `notice`: a migration-set notice (said once per run). */
interface ErrLine {
  text: string;
  notice?: true;
}

/** One file's result, as a worker sends it. */
interface FileResult {
  index: number;
  outcome: FileOutcome;
  stderr: ErrLine[];
  /** With `--cache`: the entry to keep for the file. */
  cacheSet?: CacheEntry;
}

type ToWorker = { task: TaskFile[] } | { done: true };
type FromWorker = { results: FileResult[] };

/** What `workerData` holds: the marker `run.ts` looks for, and what a checker needs. */
export interface WorkerData {
  neonAuthLintWorker: true;
  options: Options;
  version: string;
  cwd: string;
}

/** The main thread's side: what `checkInWorkers` needs. */
export interface WorkerRun {
  /** The engine bundle (or `run.js`) a worker starts from. */
  engineFile: string;
  threads: number;
  options: Options;
  version: string;
  cwd: string;
  files: ReadonlyArray<{ file: string; loaded: LoadedConfig | undefined }>;
  /** From `planTasks`. */
  tasks: number[][];
  cache?: FindingsCache;
  io: CliIo;
}

/**
 * Checks `run.files` on `run.threads` workers (at most one per task); resolves to each file's
 * outcome in file order, once every stderr line has been written (in file order) and the workers
 * have exited. Never rejects: a worker that fails fails its files.
 */
export function checkInWorkers(run: WorkerRun): Promise<FileOutcome[]> {
  const { files, tasks, io, cache } = run;
  const results: Array<FileResult | undefined> = new Array(files.length);
  const told = new Set<string>();
  let written = 0; // files whose stderr lines are out
  const flush = (): void => {
    for (; written < files.length && results[written] !== undefined; written++) {
      const r = results[written]!;
      for (const line of r.stderr) {
        if (line.notice) {
          if (told.has(line.text)) continue;
          told.add(line.text);
        }
        io.stderr(line.text);
      }
      if (r.cacheSet && cache) cache.set(files[r.index].file, r.cacheSet.key, r.cacheSet.findings);
    }
  };
  const taskFiles = (task: number[]): TaskFile[] =>
    task.map((index) => {
      const { file, loaded } = files[index];
      const cached = cache?.entryOf(file);
      return { index, file, ...(loaded ? { configFile: loaded.file } : {}), ...(cached ? { cached } : {}) };
    });
  let nextTask = 0;
  const data: WorkerData = { neonAuthLintWorker: true, options: run.options, version: run.version, cwd: run.cwd };
  const count = Math.max(1, Math.min(run.threads, tasks.length));
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(run.engineFile, { workerData: data, stdout: false, stderr: false });
      let current: number[] | undefined;
      const next = (): void => {
        current = nextTask < tasks.length ? tasks[nextTask++] : undefined;
        worker.postMessage(current ? ({ task: taskFiles(current) } satisfies ToWorker) : ({ done: true } satisfies ToWorker));
      };
      let finished = false;
      const fail = (why: string): void => {
        if (finished) return;
        finished = true;
        // the files of its task, and of the tasks no other worker will take when this was the last
        for (const index of current ?? []) {
          if (results[index] === undefined)
            results[index] = {
              index,
              outcome: { failed: true },
              stderr: [{ text: `${NAME}: ${files[index].file}: not checked: a worker thread failed (${why})\n` }],
            };
        }
        current = undefined;
        flush();
        resolve();
      };
      worker.on('message', (message: FromWorker) => {
        for (const r of message.results) results[r.index] = r;
        current = undefined;
        flush();
        next();
      });
      worker.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
      worker.on('exit', (code) => {
        if (current !== undefined) fail(`exit code ${code}`);
        finished = true;
        resolve();
      });
      next(); // the first task waits in the worker's queue while it starts
    });
  const pool = Array.from({ length: count }, one);
  return Promise.all(pool).then(() => {
    // Tasks left when every worker failed: none of their files was checked.
    for (let i = 0; i < files.length; i++) {
      if (results[i] === undefined)
        results[i] = { index: i, outcome: { failed: true }, stderr: [{ text: `${NAME}: ${files[i].file}: not checked: no worker thread was left\n` }] };
    }
    flush();
    return results.map((r) => r!.outcome);
  });
}

/** The worker's side: checks the tasks the main thread sends until it says done. */
export function serve(): void {
  const port = parentPort!;
  const data = workerData as WorkerData;
  const checker = new FileChecker(data.options, data.cwd);
  const configs = new Map<string, LoadedConfig>();
  const configOf = (file: string | undefined): LoadedConfig | undefined => {
    if (file === undefined) return undefined;
    let loaded = configs.get(file);
    if (!loaded) configs.set(file, (loaded = loadConfig(file)));
    return loaded;
  };
  const started = checker.start();
  port.on('message', (message: ToWorker) => {
    if ('done' in message) {
      port.close();
      return;
    }
    void (async () => {
      await started;
      const results: FileResult[] = [];
      for (const t of message.task) {
        const stderr: ErrLine[] = [];
        const out: CheckOutput = { stderr: (text) => void stderr.push({ text }), notice: (text) => void stderr.push({ text, notice: true }) };
        const result: FileResult = { index: t.index, outcome: { failed: true }, stderr };
        const store: FindingsStore | undefined =
          data.options.cache === undefined
            ? undefined
            : {
                keyOf: (options, text) => cacheKey(data.version, options, text),
                get: (_file, key) => (t.cached?.key === key ? t.cached.findings : undefined),
                set: (_file, key, findings) => void (result.cacheSet = { key, findings: [...findings] }),
              };
        try {
          result.outcome = await checker.check(t.file, configOf(t.configFile), out, store);
        } catch (e) {
          stderr.push({ text: `${NAME}: ${t.file}: internal error: ${e instanceof Error ? e.message : String(e)}\n` });
        }
        results.push(result);
      }
      port.postMessage({ results } satisfies FromWorker);
    })();
  });
}
