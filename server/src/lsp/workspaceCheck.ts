/**
 * `neonAuth.checkWorkspaceFiles`: checks every `*.sql` file of the workspace folders and publishes
 * diagnostics for the files that are not open (open ones are checked as you type). The diagnostics
 * of a checked file stay after it is opened and closed again: closing re-checks it from disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { LoadedConfig } from '../config/config';
import { decodeText, maxBytesFor } from '../fileText';
import { walkFilesAsync } from '../fileWalk';
import { FILE_SKIPPED_ID, HOST_EXTENSIONS, HostLanguage, LineIndex, Severity, hostLanguageOfPath, lint, tooLargeReason } from '../linter';

import { DIAGNOSTIC_SOURCE, toDiagnostic } from './convert';
import { Settings } from './settings';
import { FileContext, documentOptions, fileOptions, filePathOf, isDocumentIgnored } from './workspaceConfig';

/**
 * `Diagnostic.data.version` of a file checked from disk: no editor version, so code actions never
 * trust its fix ranges and lint the open document afresh.
 */
export const DISK_VERSION = -1;

/** What the server lends the check. */
export interface WorkspaceCheckHost {
  /** The URIs of the workspace folders (only `file:` folders are searched). */
  folders(): Promise<string[]>;
  /** Settings for a folder or file URI. */
  settingsFor(uri: string): Promise<Settings>;
  /** The `.neon-auth.json` that applies to a file URI. */
  configFor(uri: string): LoadedConfig | undefined;
  /** The editor's text of a file when it is open (it is then checked as you type), else undefined. */
  openText(file: string): string | undefined;
  /** Resolves when lints may start (the Postgres grammar has loaded or given up). */
  ready(): Promise<void>;
  /**
   * What a file (absolute path) with text `text` reaches of the workspace (see `FileContext`): the
   * same as for an open document, so a file checked from disk gets the findings it gets open.
   */
  contextOf(file: string, language: HostLanguage | undefined, text: string, loaded: LoadedConfig | undefined): FileContext;
  publish(uri: string, diagnostics: Diagnostic[]): void;
}

/** A progress reporter (`WorkDoneProgressReporter`). */
export interface Progress {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(percentage: number, message: string): void;
  done(): void;
}

/** What `neonAuth.checkWorkspaceFiles` answers. */
export interface WorkspaceCheckResult {
  /** `done`; `cancelled` (the files checked so far keep their diagnostics); `busy`: another check is running; `noFolder`: nothing to search. */
  status: 'done' | 'cancelled' | 'busy' | 'noFolder';
  /** SQL files checked (open ones included; not those `.neon-auth.json` ignores or `neonAuth.enable` turns off). */
  files: number;
  /** SQL files found. */
  total: number;
  /** Files with at least one finding. */
  filesWithProblems: number;
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  /** The summary shown to the user. */
  message: string;
}

/** What the workspace check looks for: SQL files, and TypeScript/JavaScript files that may hold SQL. */
const EXTENSIONS: ReadonlySet<string> = new Set(['.sql', ...Object.keys(HOST_EXTENSIONS)]);

/**
 * The files to check under `root` (SQL, TypeScript and JavaScript: see `isSearchedFile`), in the
 * CLI's order and by its entry rule (`walkFiles`: no `node_modules`, dot-folders or symlinked
 * folders; symlinked files followed). Unreadable folders are skipped. Stops entering folders once
 * `shouldStop` answers true.
 */
export function findSqlFiles(root: string, shouldStop: () => boolean = () => false): Promise<string[]> {
  return walkFilesAsync(root, { extensions: EXTENSIONS, shouldStop });
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Counts of findings by severity. */
type Counts = Pick<WorkspaceCheckResult, 'errors' | 'warnings' | 'information' | 'hints' | 'filesWithProblems'>;

/** The message at the end: `files` checked, `done` of `total` found gone through (some may be ignored). */
function summary(status: 'done' | 'cancelled', files: number, done: number, total: number, c: Counts): string {
  const parts = [
    c.errors && plural(c.errors, 'error'),
    c.warnings && plural(c.warnings, 'warning'),
    c.information && `${c.information} information`,
    c.hints && plural(c.hints, 'hint'),
  ].filter((p): p is string => typeof p === 'string');
  const found = parts.length === 0 ? 'no problems' : `${parts.join(', ')} in ${plural(c.filesWithProblems, 'file')}`;
  return status === 'cancelled'
    ? `Neon Auth: workspace check cancelled after ${done} of ${plural(total, 'file')}: ${found} so far.`
    : `Neon Auth checked ${plural(files, 'file')}: ${found}.`;
}

const SEVERITY_COUNT: Record<Severity, keyof Counts> = { error: 'errors', warning: 'warnings', info: 'information', hint: 'hints' };

export class WorkspaceCheck {
  /** Files the last check covered (by path), with the URI their diagnostics were published under. */
  private readonly checked = new Map<string, string>();
  private running = false;

  constructor(private readonly host: WorkspaceCheckHost) {}

  /** Whether the workspace check covers the file of this URI (closing it then re-checks it from disk). */
  covers(uri: string): boolean {
    const file = filePathOf(uri);
    return file !== undefined && this.checked.has(file);
  }

  /**
   * Lints a file from disk with the settings and configuration of its URI. Undefined when it is
   * ignored (`.neon-auth.json`), linting is disabled for it, or it cannot be read.
   */
  private async lintFile(
    file: string,
    uri: string,
    settings: Settings,
    text?: string,
  ): Promise<{ uri: string; diagnostics: Diagnostic[]; severities: Severity[] } | undefined> {
    if (!settings.enable) return undefined;
    const loaded = this.host.configFor(uri);
    if (isDocumentIgnored(uri, loaded)) return undefined;
    const language = hostLanguageOfPath(file);
    if (language !== undefined && !settings.embeddedSql) return undefined;
    const { maxFileSize } = documentOptions(settings, loaded, language);
    if (text === undefined) {
      try {
        const size = (await fs.promises.stat(file)).size;
        // surely over the limit, not worth reading
        if (maxFileSize !== undefined && size > maxBytesFor(maxFileSize)) {
          const message = tooLargeReason(size, maxFileSize);
          const d: Diagnostic = {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: DiagnosticSeverity.Information,
            code: FILE_SKIPPED_ID,
            source: DIAGNOSTIC_SOURCE,
            message,
            data: { version: DISK_VERSION, fixes: [] },
          };
          return { uri, diagnostics: [d], severities: ['info'] };
        }
        text = decodeText(await fs.promises.readFile(file)).text; // as the CLI decodes it (UTF-16 with a BOM too)
      } catch {
        return undefined;
      }
    }
    const index = new LineIndex(text);
    const context = this.host.contextOf(file, language, text, loaded);
    const findings = lint(text, fileOptions(settings, loaded, language, context)).findings;
    return {
      uri,
      diagnostics: findings.map((f) => toDiagnostic(index, f, DISK_VERSION, context.history?.uriOf)),
      severities: findings.map((f) => f.severity),
    };
  }

  /**
   * Re-checks a covered file from disk after the editor closed it, and publishes the result under
   * `uri` (an empty list when it is gone or no longer checked). False when the check does not cover it.
   */
  async recheck(uri: string): Promise<boolean> {
    const file = filePathOf(uri);
    if (file === undefined || !this.checked.has(file)) return false;
    await this.host.ready();
    const settings = await this.host.settingsFor(uri);
    if (this.host.openText(file) !== undefined) return true; // reopened meanwhile: checked as you type
    const linted = await this.lintFile(file, uri, settings);
    if (this.host.openText(file) !== undefined) return true;
    if (!linted) this.checked.delete(file);
    else this.checked.set(file, uri);
    this.host.publish(uri, linted?.diagnostics ?? []);
    return true;
  }

  /**
   * Re-checks every covered file that is not open, one after the other (after a settings or
   * `.neon-auth.json` change, or a saved change to a module or migration they may read). A call
   * while a pass runs makes that pass start over once done, so the last change is always seen.
   */
  async recheckAll(): Promise<void> {
    if (this.running) return;
    if (this.rechecking) {
      this.recheckAgain = true;
      return this.rechecking;
    }
    this.rechecking = (async () => {
      do {
        this.recheckAgain = false;
        for (const [file, uri] of [...this.checked]) {
          if (this.host.openText(file) === undefined) await this.recheck(uri);
        }
      } while (this.recheckAgain);
    })().finally(() => {
      this.rechecking = undefined;
    });
    return this.rechecking;
  }

  /** The pass of `recheckAll` under way, and whether another was asked for meanwhile. */
  private rechecking: Promise<void> | undefined;
  private recheckAgain = false;

  /**
   * Checks every `*.sql` file of the workspace folders; publishes the diagnostics of the files that
   * are not open, and clears those of files a previous check published that are gone (or now
   * ignored). `shouldStop` (cancellation) is asked between files.
   */
  async run(progress: Progress, shouldStop: () => boolean): Promise<WorkspaceCheckResult> {
    const counts: Counts = { errors: 0, warnings: 0, information: 0, hints: 0, filesWithProblems: 0 };
    if (this.running) return { status: 'busy', files: 0, total: 0, ...counts, message: 'Neon Auth: a workspace check is already running.' };
    this.running = true;
    progress.begin('Neon Auth: checking SQL files', 0, 'looking for *.sql files', true);
    try {
      const folders = (await this.host.folders())
        .map((uri) => ({ uri, dir: filePathOf(uri) }))
        .filter((f): f is { uri: string; dir: string } => f.dir !== undefined);
      if (folders.length === 0) return { status: 'noFolder', files: 0, total: 0, ...counts, message: 'Neon Auth: no workspace folder on disk to check.' };
      await this.host.ready();
      const work: { file: string; settings: Settings }[] = [];
      const seen = new Set<string>();
      for (const folder of folders) {
        const settings = await this.host.settingsFor(folder.uri);
        for (const file of await findSqlFiles(folder.dir, shouldStop)) {
          if (seen.has(file)) continue; // nested folders
          seen.add(file);
          work.push({ file, settings });
        }
      }
      let files = 0;
      let done = 0;
      let reported = 0;
      const covered = new Set<string>();
      for (const { file, settings } of work) {
        if (shouldStop()) break;
        const now = Date.now();
        if (now - reported >= 100) {
          reported = now;
          progress.report(Math.floor((done * 100) / work.length), `${done}/${work.length} ${path.basename(file)}`);
        }
        const uri = this.checked.get(file) ?? pathToFileURL(file).toString();
        const open = this.host.openText(file);
        const linted = await this.lintFile(file, uri, settings, open);
        done++;
        if (linted) {
          files++;
          covered.add(file);
          this.checked.set(file, uri);
          if (linted.severities.length > 0) counts.filesWithProblems++;
          for (const s of linted.severities) counts[SEVERITY_COUNT[s]]++;
          if (open === undefined) this.host.publish(uri, linted.diagnostics);
        } else if (this.checked.has(file)) {
          this.checked.delete(file);
          if (open === undefined) this.host.publish(uri, []);
        }
        await yieldToEventLoop(); // lets cancellation and other requests in
      }
      const cancelled = done < work.length || shouldStop();
      if (!cancelled) {
        // files an earlier check published that are gone, or outside the folders now
        for (const [file, uri] of [...this.checked]) {
          if (covered.has(file)) continue;
          this.checked.delete(file);
          if (this.host.openText(file) === undefined) this.host.publish(uri, []);
        }
      }
      const status = cancelled ? 'cancelled' : 'done';
      return { status, files, total: work.length, ...counts, message: summary(status, files, done, work.length, counts) };
    } finally {
      this.running = false;
      progress.done();
    }
  }
}
