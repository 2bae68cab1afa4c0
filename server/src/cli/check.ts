/**
 * Checking one file of the CLI: read it, find its options (its `.neon-auth.json`, the command line,
 * its migration history, the Drizzle tables its modules import), reuse or lint, and with `--fix`
 * fix and write it. `FileChecker` holds what a run keeps between files (the Postgres grammar, the
 * migration histories, the workspace modules); the main thread has one, and so has each worker of
 * `--concurrency` (see `workers.ts`), so a file is checked the same way in either.
 */
import * as path from 'path';
import { HostModules, readTextFile } from '../workspace/hostModules';
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
  lint,
  LintOptions,
  LintResult,
  loadPostgresGrammar,
  wouldParse,
  tooLargeReason,
} from '../linter';
import { LoadedConfig, optionsFrom } from '../config/config';
import { describeError, readSource, readStdin, replaceContent, SourceFile, STDIN_ARG } from './files';
import { MigrationHistories, noticeText } from '../workspace/sets';
import { isFollowedInSet } from '../workspace/migrations';
import { encodeText } from '../fileText';
import type { FileReport } from './report';
import { baseKey, CacheEntry, Observation, ObservationLog, positionsOf, statSignature } from './cache';
import { CliIo, NAME, Options, STDIN_NAME } from './args';
import { setGrammarV8Flags } from '../v8Flags';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Where `--cache` findings are read and kept for one run: the cache file itself (`FindingsCache`,
 * main thread), or a worker's copy of its files' entries whose new entries go back to the main
 * thread (see `workers.ts`).
 */
export interface FindingsStore {
  /** The entry key of `text` checked with `options` (see `cacheKey`). */
  keyOf(options: LintOptions, text: string): string;
  /** The findings kept for `file` (any path) under `key`, or undefined. */
  get(file: string, key: string): Finding[] | undefined;
  /** Adds what a checker read since it last said (see `ObservationLog.take`) to its `group`. */
  observe(group: string, observations: readonly Observation[]): void;
  /** Keeps `entry` for `file` (any path). */
  set(file: string, entry: CacheEntry): void;
}

/** The outcome of checking one file: what to report, and whether something went wrong. */
export interface FileOutcome {
  report?: FileReport;
  failed: boolean;
  /** With --fix: findings whose preferred fix is a suggestion --fix left (see `leftSuggestion`). */
  suggestionsLeft?: number;
  /** With --fix: the file was rewritten with its fixes. */
  written?: boolean;
  /**
   * With --fix: the file is a migration a later migration of its set follows (most likely applied),
   * so it was not fixed although a fix was there to apply.
   */
  appliedLeft?: boolean;
  /** With `--cache`: what to keep for the file (its key, and the text its findings are of); `FileChecker.check` keeps it and drops this. */
  kept?: { key: string; findings: Finding[]; text: string };
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
  io: Pick<CliIo, 'stderr'>,
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
  cache?: FindingsStore;
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
async function checkFile(
  file: string,
  run: RunOptions,
  io: Pick<CliIo, 'stderr'>,
  stdinOutput: { bytes?: Buffer },
  stdinFilename?: string,
): Promise<FileOutcome> {
  const stdin = file === STDIN_ARG;
  const name = stdin ? (stdinFilename ?? STDIN_NAME) : file;
  // Named with --stdin-filename, standard input is reported like that file.
  const reportAsStdin = stdin && stdinFilename === undefined;
  let src: SourceFile;
  try {
    if (stdin) {
      src = readStdin();
      if (stdinFilename === undefined && looksLikeScript(src.text))
        io.stderr(
          `${NAME}: standard input looks like TypeScript or JavaScript but is checked as SQL; name it with --stdin-filename (e.g. --stdin-filename app.ts) to check the SQL inside it\n`,
        );
    } else {
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
  const workspace = language !== 'sql' ? run.hostModules.workspaceOf(path.resolve(name), src.text) : {};
  run = { ...run, check: { ...run.check, language, ...workspace } };
  // --cache: unchanged since a run that kept its findings (never for standard input, never with --fix)
  const cacheKey = run.cache && !stdin ? run.cache.keyOf(run.check, src.text) : undefined;
  if (cacheKey !== undefined && !run.fix) {
    const kept = run.cache!.get(file, cacheKey);
    if (kept)
      return {
        report: { file: name, text: src.text, findings: kept, stdin: reportAsStdin },
        failed: false,
        kept: { key: cacheKey, findings: kept, text: src.text },
      };
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
    const kept = cacheKey === undefined ? undefined : { key: cacheKey, findings: result.findings, text: src.text };
    return { report: { file: name, text: src.text, findings: result.findings, stdin: reportAsStdin }, failed: false, ...(kept ? { kept } : {}) };
  }

  const write = stdin
    ? (text: string): WriteResult => ((stdinOutput.bytes = encodeText(text, src.encoding, src.bom)), { written: true })
    : (text: string): WriteResult => writeFixed(file, src, text);
  const outcome = fixFile(name, src, result, run.check, { unsafe: run.unsafeFixes, accept: run.fixOnly }, io, write);
  if (stdin && stdinOutput.bytes === undefined) stdinOutput.bytes = src.bytes; // not fixed: the input as it came
  if (!outcome.report) return outcome;
  // the findings of the text now on disk (fixed, or as it was)
  const text = outcome.report.text;
  const kept = run.cache && !stdin && !outcome.failed ? { key: run.cache.keyOf(run.check, text), findings: outcome.report.findings, text } : undefined;
  return {
    report: { ...outcome.report, stdin: reportAsStdin },
    failed: outcome.failed,
    suggestionsLeft: outcome.suggestionsLeft,
    written: outcome.written,
    ...(kept ? { kept } : {}),
  };
}

/**
 * Whether `text` (standard input with no --stdin-filename, checked as SQL) most likely is a
 * TypeScript or JavaScript module: its first line of code (after blank lines and `//`, `/* … *\/`
 * or `--` comments) starts an ES import or export, a `const`/`let`/`var`/`function` declaration,
 * a directive (`'use client'`) or a `require(…)`. None of these starts a Postgres statement;
 * `IMPORT FOREIGN SCHEMA` is told apart (an ES import has `from '…'` or is `import '…'`).
 */
export function looksLikeScript(text: string): boolean {
  const code = text.replace(/^(?:\s+|\/\/[^\n]*|--[^\n]*|\/\*[\s\S]*?\*\/)*/, '');
  return /^(?:import\s*(?:['"]|[^;'"]*?\bfrom\s*['"])|export\s+(?:\{|\*|default\b|const\b|let\b|var\b|function\b|async\b|class\b|type\b|interface\b)|(?:const|let|var)\s+[\w$[{]|(?:async\s+)?function[\s*]|['"]use (?:client|server|strict)['"]|(?:const\s+\w+\s*=\s*)?require\s*\()/.test(
    code,
  );
}

/** Where checking a file writes: messages on stderr, and migration-set notices (one line each, see `noticeText`). */
export interface CheckOutput {
  stderr(text: string): void;
  /** A notice line of a migration set (with its newline); a run shows each once. */
  notice(text: string): void;
}

/**
 * Checks files one after the other with the state a run keeps between them: the Postgres grammar
 * (loaded once, when the first file needs it, or up front with `--fix`), the migration histories
 * (a file of a set is checked with the tables its set's earlier files leave; a file `--fix`
 * rewrote is read with its new text by the later files of its set), and the workspace modules
 * host files import. Files of one migration set must go through one checker, in order.
 */
export class FileChecker {
  private readonly hostModules: HostModules;
  private readonly histories: MigrationHistories;
  /** With `--cache`: what the migration histories and the host modules read (see `cache.ts`), and the run's start. */
  private readonly observed?: { since: number; logs: ObservationLog[] };
  /** The paths named on the command line, resolved. */
  private readonly named: ReadonlySet<string>;
  private parserLoad: Promise<void> | undefined;
  /** With `--fix` on standard input: the bytes to print on stdout (fixed, or the input unchanged). */
  readonly stdinOutput: { bytes?: Buffer } = {};

  /**
   * @param cwd the folder paths are relative to (migration sets, notices).
   * @param cacheRun with `--cache`: the run's start (ms since the epoch) and a name for this
   *   checker's observation groups, unique to the run and thread (see `ObservationLog`).
   */
  constructor(
    private readonly options: Options,
    private readonly cwd: string = process.cwd(),
    cacheRun?: { since: number; group: string },
  ) {
    if (cacheRun) {
      const sets = new ObservationLog(`${cacheRun.group}.sets`, cacheRun.since);
      const modules = new ObservationLog(`${cacheRun.group}.modules`, cacheRun.since);
      this.observed = { since: cacheRun.since, logs: [sets, modules] };
      this.histories = new MigrationHistories(cwd, undefined, sets);
      this.hostModules = new HostModules((file) => (modules.file(file), readTextFile(file)));
    } else {
      this.histories = new MigrationHistories(cwd);
      this.hostModules = new HostModules();
    }
    this.named = new Set(options.paths.map((p) => path.resolve(cwd, p)));
  }

  /**
   * Loads the Postgres grammar (libpg-query, WebAssembly), once. Until then nothing is
   * parsed, so every finding is the one a run with it loaded first gives.
   */
  loadParser(): Promise<void> {
    // The grammar's V8 flags (v8Flags.ts); dist/cli.js has set them already, before compiling the
    // engine; a caller of the engine alone gets them here.
    setGrammarV8Flags();
    return (this.parserLoad ??= loadPostgresGrammar());
  }

  /** Before the first file: with `--fix` the grammar is loaded up front (a fix can make a statement that parses). */
  async start(): Promise<void> {
    if (this.options.fix) await this.loadParser();
  }

  /** Loads the grammar before `text` is checked with `check`, when checking it parses a statement. */
  private async ensureParser(text: string, check: LintOptions): Promise<void> {
    if (this.parserLoad === undefined && (text.length > PROBE_LIMIT || parsesAny(text, check))) await this.loadParser();
    else await this.parserLoad;
  }

  /** The options of a file under `loaded` (undefined: none found): the file's, overridden by the command line's. */
  private optionsFor(loaded: LoadedConfig | undefined): LintOptions {
    const fromFile = optionsFrom(loaded?.config);
    const cli = this.options.lint;
    return { ...fromFile, ...cli, rules: { ...fromFile.rules, ...cli.rules } };
  }

  private tellNotices(out: CheckOutput): void {
    for (const n of this.histories.takeNotices()) out.notice(`${NAME}: ${noticeText(n)}\n`);
  }

  /** `options` with the history before `file` when it is a migration of a set. */
  private async withHistory(file: string, loaded: LoadedConfig | undefined, options: LintOptions, out: CheckOutput): Promise<LintOptions> {
    if (file === STDIN_ARG || hostLanguageOfPath(file) !== undefined) return options;
    if (this.histories.setOfFile(file, loaded)) await this.loadParser();
    const history = this.histories.historyOf(file, loaded);
    this.tellNotices(out);
    return history ? { ...options, priorSchema: history.prior } : options;
  }

  /**
   * Whether `--fix` leaves `file` alone as a likely applied migration: found in a folder (not named
   * on the command line), and a later migration of its set follows it. Editing it changes nothing
   * in the databases it ran on (Prisma refuses to run after such an edit); named, it is fixed: the
   * user chose it.
   */
  private isApplied(file: string, loaded: LoadedConfig | undefined): boolean {
    if (file === STDIN_ARG || this.named.has(path.resolve(file)) || hostLanguageOfPath(file) !== undefined) return false;
    const found = this.histories.setOfFile(file, loaded);
    return found !== undefined && isFollowedInSet(found.set, found.index);
  }

  /**
   * Checks (with `--fix`, fixes) `file` (or standard input for `-`) under `loaded`, its
   * `.neon-auth.json` (undefined: none), with `cache` for `--cache`.
   */
  async check(file: string, loaded: LoadedConfig | undefined, out: CheckOutput, cache?: FindingsStore): Promise<FileOutcome> {
    if (!cache || file === STDIN_ARG || !this.observed) {
      const { kept, ...rest } = await this.checkWith(file, loaded, out, cache);
      if (kept && cache) cache.set(file, { key: kept.key, findings: kept.findings }); // no metadata: reused by content only
      return rest;
    }
    // --cache: the file's metadata before it is read, and the notices its check says (see `cache.ts`)
    const { since } = this.observed;
    // a host file's findings never depend on migration sets, nor a SQL file's on host modules
    const [sets, modules] = this.observed.logs;
    const logs = hostLanguageOfPath(file) !== undefined ? [modules] : [sets];
    const stat = statSignature(file, since);
    const notices: string[] = [];
    const outcome = await this.checkWith(file, loaded, { stderr: out.stderr, notice: (text) => (notices.push(text), out.notice(text)) }, cache);
    for (const log of this.observed.logs) cache.observe(log.group, log.take());
    const { kept, ...rest } = outcome;
    if (kept)
      cache.set(file, {
        key: kept.key,
        findings: kept.findings,
        base: baseKey(this.cwd, this.options.lint, loaded, file),
        // a file --fix rewrote was just modified: not trusted by its metadata
        ...(outcome.written ? {} : { stat }),
        deps: logs.filter((log) => log.count > 0).map((log) => [log.group, log.count]),
        positions: positionsOf(kept.text, kept.findings),
        ...(notices.length > 0 ? { notices } : {}),
      });
    return rest;
  }

  private async checkWith(file: string, loaded: LoadedConfig | undefined, out: CheckOutput, cache?: FindingsStore): Promise<FileOutcome> {
    const { fix, unsafeFixes, quiet, stdinFilename } = this.options;
    // Under an invalid .neon-auth.json the defaults apply, its ignore globs included: such a file is
    // checked, but --fix never writes it (it may be one the configuration meant to leave alone).
    const invalid = fix && file !== STDIN_ARG && loaded !== undefined && loaded.problems.some((p) => p.severity === 'error');
    if (invalid) out.stderr(`${NAME}: ${file}: not fixed: ${loaded.file} is invalid (fix it first: its ignore globs and rules could not be applied)\n`);
    const check = await this.withHistory(file, loaded, this.optionsFor(loaded), out);
    const runWith = (fixIt: boolean): RunOptions => ({
      fix: fixIt,
      unsafeFixes,
      hostModules: this.hostModules,
      ensureParser: (text, c) => this.ensureParser(text, c),
      cache,
      check,
      fixOnly: quiet ? (f) => f.severity === 'error' : undefined,
    });
    let applied = fix && !invalid && this.isApplied(file, loaded);
    let outcome = await checkFile(file, runWith(fix && !invalid && !applied), out, this.stdinOutput, stdinFilename);
    // ...unless Postgres rejects a statement of it (a finding says so, see `Finding.rejectedByPostgres`):
    // then it cannot have been applied as written.
    if (applied && outcome.report?.findings.some((f) => f.rejectedByPostgres !== undefined)) {
      applied = false;
      outcome = await checkFile(file, runWith(true), out, this.stdinOutput, stdinFilename);
    }
    const fixScope: BulkFixScope = { unsafe: unsafeFixes, accept: quiet ? (f) => f.severity === 'error' : undefined };
    if (applied && outcome.report?.findings.some((f) => bulkFixable(f, fixScope))) outcome = { ...outcome, appliedLeft: true };
    // A fixed migration changes the history of the later files of its set: they see its new text.
    if (outcome.written && outcome.report && file !== STDIN_ARG) this.histories.rewritten(file, outcome.report.text);
    // a definition of an earlier migration the check needed and no parser could read
    this.tellNotices(out);
    return outcome;
  }
}
