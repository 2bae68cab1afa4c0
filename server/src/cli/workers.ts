/**
 * `--concurrency`: the CLI's files checked on worker threads (node:worker_threads), with a report
 * byte for byte the same as one thread's. Required by `run.ts` only when a run uses workers, so a
 * run without them never loads this module.
 *
 * How the work is split and why the output does not change:
 * - The main thread lists the files, reads the `.neon-auth.json` files (and says their problems),
 *   and writes the report and the cache file. It and `threads - 1` workers read, check, fix and
 *   write the files: with N threads, N engines (the main thread's own, and one per worker).
 * - `planTasks` cuts the files, in report order, into tasks of consecutive files: every migration
 *   set whole in one task (its files are checked with the tables its earlier files leave, and
 *   `--fix` rewrites an earlier migration before the later ones are checked), the other files in
 *   chunks of at most `CHUNK_FILES`. Tasks are handed out in order to whichever thread is free
 *   (a worker holds up to `IN_FLIGHT`), and each thread checks its tasks in that order, so each
 *   checks its files in report order, as one thread would.
 * - Each file's outcome and its stderr lines come back to the main thread, which writes the lines
 *   in file order (as soon as every earlier file's are in) and the report at the end. Migration-set
 *   notices are said once per run: each thread says a notice at its first file that meets it, and
 *   since every thread goes in report order, the first file in report order that meets a notice
 *   says it in its thread too; the main thread drops the repeats.
 * - `--cache`: the main thread sends each file's entry with its task and keeps the entries the
 *   threads make, in file order, with what each thread's checker read (its observation groups, see
 *   `cache.ts`); the files reused without being read are not sent at all (`WorkerRun.reused`).
 *
 * A worker is the engine bundle itself (`dist/cliEngine.js`, or `out/…/run.js` unbundled) started
 * with `WORKER_ARG` in its argv and `workerData.neonAuthLintWorker`: `run.ts` then calls `serve`. A worker that dies (a crash in
 * native code, out of memory) fails the files it held: each says so on stderr and the run exits 2;
 * the other threads take the tasks left.
 */
import { Worker, parentPort, threadId, workerData } from 'worker_threads';
import type { LoadedConfig } from '../config/config';
import { loadConfig } from '../config/config';
import { cacheKey, CacheEntry, FindingsCache, Observation } from './cache';
import { CheckOutput, FileChecker, FileOutcome, FindingsStore } from './check';
import { CliIo, NAME, Options, WORKER_ARG } from './args';

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
  /** With `--cache`: what the thread's checker read during the file's check, by group (see `ObservationLog.take`). */
  observed?: Array<[group: string, observations: Observation[]]>;
}

type ToWorker = { task: TaskFile[] } | { done: true };
type FromWorker = { results: FileResult[] };

/** What `workerData` holds: the marker `run.ts` looks for, and what a checker needs. */
export interface WorkerData {
  neonAuthLintWorker: true;
  options: Options;
  version: string;
  cwd: string;
  /** With `--cache`: the run's start and the prefix of its observation groups (a worker adds its thread id). */
  cacheRun?: { since: number; group: string };
}

/** The main thread's side: what `checkInWorkers` needs. */
export interface WorkerRun {
  /** The engine bundle (or `run.js`) a worker starts from. */
  engineFile: string;
  /** Threads that check files: the main thread and `threads - 1` workers. */
  threads: number;
  options: Options;
  version: string;
  cwd: string;
  files: ReadonlyArray<{ file: string; loaded: LoadedConfig | undefined }>;
  /** From `planTasks`. */
  tasks: number[][];
  cache?: FindingsCache;
  /** With `--cache`: the run's start and the prefix of its observation groups (see `FileChecker`). */
  cacheRun?: { since: number; group: string };
  /** Per file: its outcome and notice lines when `--cache` reused it without reading it (in no task), else undefined. */
  reused?: ReadonlyArray<{ outcome: FileOutcome; notices: readonly string[] } | undefined>;
  io: CliIo;
}

/** Tasks each worker holds at most (one being checked, the next waiting), so it never waits for the main thread. */
const IN_FLIGHT = 2;

/**
 * Checks `run.files` on the main thread and `run.threads - 1` workers (no more than there are
 * tasks to share); resolves to each file's outcome in file order, once every stderr line has been
 * written (in file order) and the workers have exited. Never rejects: a worker that fails fails
 * the files it held, with a line on stderr each.
 */
export async function checkInWorkers(run: WorkerRun): Promise<FileOutcome[]> {
  const { files, tasks, io, cache } = run;
  const results: Array<FileResult | undefined> = new Array(files.length);
  run.reused?.forEach((r, index) => {
    if (r) results[index] = { index, outcome: r.outcome, stderr: r.notices.map((text) => ({ text, notice: true })) };
  });
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
      if (cache) for (const [group, observations] of r.observed ?? []) cache.observe(group, observations);
      if (r.cacheSet && cache) cache.set(files[r.index].file, r.cacheSet);
    }
  };
  const record = (list: readonly FileResult[]): void => {
    for (const r of list) results[r.index] = r;
    flush();
  };
  const taskFiles = (task: number[]): TaskFile[] =>
    task.map((index) => {
      const { file, loaded } = files[index];
      const cached = cache?.entryOf(file);
      return { index, file, ...(loaded ? { configFile: loaded.file } : {}), ...(cached ? { cached } : {}) };
    });
  let nextTask = 0;
  const data: WorkerData = {
    neonAuthLintWorker: true,
    options: run.options,
    version: run.version,
    cwd: run.cwd,
    ...(run.cacheRun ? { cacheRun: run.cacheRun } : {}),
  };

  const worker = (): Promise<void> =>
    new Promise((resolve) => {
      const thread = new Worker(run.engineFile, { argv: [WORKER_ARG], workerData: data, stdout: false, stderr: false });
      const held: number[][] = []; // tasks sent and not answered, in order
      let told = false; // that there is nothing left
      const next = (): void => {
        if (nextTask < tasks.length) {
          const task = tasks[nextTask++];
          held.push(task);
          thread.postMessage({ task: taskFiles(task) } satisfies ToWorker);
        } else if (held.length === 0 && !told) {
          told = true;
          thread.postMessage({ done: true } satisfies ToWorker);
        }
      };
      let finished = false;
      const fail = (why: string): void => {
        if (finished) return;
        finished = true;
        for (const task of held.splice(0))
          for (const index of task)
            results[index] ??= {
              index,
              outcome: { failed: true },
              stderr: [{ text: `${NAME}: ${files[index].file}: not checked: a worker thread failed (${why})\n` }],
            };
        flush();
        resolve();
      };
      thread.on('message', (message: FromWorker) => {
        held.shift();
        record(message.results);
        next();
      });
      thread.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
      thread.on('exit', (code) => {
        if (held.length > 0) fail(`exit code ${code}`);
        finished = true;
        resolve();
      });
      // the first tasks wait in the worker's queue while it starts
      for (let i = 0; i < IN_FLIGHT; i++) next();
    });
  const count = Math.max(1, Math.min(run.threads - 1, tasks.length - 1));
  const workers = Array.from({ length: count }, worker);

  // The main thread checks tasks too, one at a time, letting the workers' messages in between.
  const own = new TaskRunner(run.options, run.version, run.cwd, run.cacheRun);
  while (nextTask < tasks.length) {
    record(await own.run(taskFiles(tasks[nextTask++])));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  for (let i = 0; i < files.length; i++) results[i] ??= { index: i, outcome: { failed: true }, stderr: [] }; // never: every task was taken
  flush();
  return results.map((r) => r!.outcome);
}

/**
 * Checks tasks with one `FileChecker`, one task after the other in the order given (a task given
 * while one is being checked waits for it): a worker's, or the main thread's own.
 */
class TaskRunner {
  private readonly checker: FileChecker;
  private readonly configs = new Map<string, LoadedConfig>();
  private queue: Promise<unknown>;

  /** @param cacheRun with `--cache`: the run's start and the prefix of its observation groups (this thread's id is added). */
  constructor(
    private readonly options: Options,
    private readonly version: string,
    cwd: string,
    cacheRun?: { since: number; group: string },
  ) {
    this.checker = new FileChecker(options, cwd, cacheRun && { since: cacheRun.since, group: `${cacheRun.group}.${threadId}` });
    // a grammar that cannot be loaded fails each file's check (an internal error on stderr), not the thread
    this.queue = this.checker.start().catch(() => undefined);
  }

  /** Resolves to the results of `task`'s files, checked after every task given before. */
  run(task: readonly TaskFile[]): Promise<FileResult[]> {
    const done = this.queue.then(() => this.check(task));
    this.queue = done;
    return done;
  }

  /** Resolves when every task given so far is checked. */
  idle(): Promise<unknown> {
    return this.queue;
  }

  private configOf(file: string | undefined): LoadedConfig | undefined {
    if (file === undefined) return undefined;
    let loaded = this.configs.get(file);
    if (!loaded) this.configs.set(file, (loaded = loadConfig(file)));
    return loaded;
  }

  private async check(task: readonly TaskFile[]): Promise<FileResult[]> {
    const results: FileResult[] = [];
    for (const t of task) {
      const stderr: ErrLine[] = [];
      const out: CheckOutput = { stderr: (text) => void stderr.push({ text }), notice: (text) => void stderr.push({ text, notice: true }) };
      const result: FileResult = { index: t.index, outcome: { failed: true }, stderr };
      // --cache: the file's entry as the main thread sent it; a new one goes back with the result
      const store: FindingsStore | undefined =
        this.options.cache === undefined
          ? undefined
          : {
              keyOf: (options, text) => cacheKey(this.version, options, text),
              get: (_file, key) => (t.cached?.key === key && Array.isArray(t.cached.findings) ? t.cached.findings : undefined),
              observe: (group, observations) => void (observations.length > 0 && (result.observed ??= []).push([group, [...observations]])),
              set: (_file, entry) => void (result.cacheSet = entry),
            };
      try {
        result.outcome = await this.checker.check(t.file, this.configOf(t.configFile), out, store);
      } catch (e) {
        stderr.push({ text: `${NAME}: ${t.file}: internal error: ${e instanceof Error ? e.message : String(e)}\n` });
      }
      results.push(result);
    }
    return results;
  }
}

/** The worker's side: checks the tasks the main thread sends, in order, until it says done. */
export function serve(): void {
  const port = parentPort!;
  const data = workerData as WorkerData;
  const runner = new TaskRunner(data.options, data.version, data.cwd, data.cacheRun);
  port.on('message', (message: ToWorker) => {
    if ('done' in message) void runner.idle().then(() => port.close());
    else void runner.run(message.task).then((results) => port.postMessage({ results } satisfies FromWorker));
  });
}
