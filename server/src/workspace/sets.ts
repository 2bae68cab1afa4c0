/**
 * The file-system side of migration sets: for a file about to be checked, find the set it belongs
 * to (listing the candidate folders with the CLI's walker, `collectFiles`, and reading journals),
 * read the set's earlier files and fold them (`history.ts`). Pure discovery and folding live in
 * `workspace/migrations.ts` and the linter core; this module only reads.
 *
 * Paths: every path here is relative to `cwd` with `/` separators (as messages and reports name
 * files); the folds are cached per set root for the life of the object.
 */
import * as path from 'path';
import { collectFiles } from '../cli/files';
import { migrationGlobs, LoadedConfig } from '../config/config';
import { readRegularFile } from '../fileText';
import { foldMigrations, FoldedHistory, HistoryFile } from '../linter/history';
import { decodeText } from '../fileText';
import { PriorSchema } from '../linter/types';
import { discoverMigrationSets, historyText, MigrationSet, setOf, SetNotice } from './migrations';

/** The largest migration file read for a fold, in bytes (a bigger one is left out with a notice). */
export const MAX_HISTORY_FILE_BYTES = 8 * 1024 * 1024;

/** What the history tells about one file: the state before it, and its set. */
export interface FileHistory {
  set: MigrationSet;
  /** The file's position in `set.files`. */
  index: number;
  prior: PriorSchema;
}

/** A notice about a set (a journal naming a missing file, a file no parser could read), to show once. */
export interface HistoryMessage {
  /** The file it is about, relative to `cwd`. */
  path: string;
  /** 0-based line, when it is about one. */
  line?: number;
  message: string;
}

export class MigrationHistories {
  private readonly folds = new Map<string, { set: MigrationSet; history: FoldedHistory }>();
  private readonly listed = new Map<string, MigrationSet[]>();
  /** Notices not yet taken by `takeNotices`. */
  private pending: HistoryMessage[] = [];
  private readonly told = new Set<string>();

  /**
   * @param cwd the folder paths are relative to.
   * @param openText the text of an open document by absolute path, when it is open: it replaces the disk (the editor's unsaved buffers).
   */
  constructor(
    readonly cwd: string,
    private readonly openText: (absolute: string) => string | undefined = () => undefined,
  ) {}

  /** Forgets the folds (a set's file changed), and the listings too when `listings` (a file was created, deleted or renamed). */
  invalidate(listings: boolean): void {
    this.folds.clear();
    if (listings) this.listed.clear();
  }

  /** Whether `file` (any path) is a file of a set read so far. */
  inKnownSet(file: string): boolean {
    const rel = this.rel(file);
    for (const sets of this.listed.values()) if (setOf(sets, rel)) return true;
    return false;
  }

  /** `file` (any path) relative to `cwd`, `/`-separated. */
  rel(file: string): string {
    return path.relative(this.cwd, path.resolve(this.cwd, file)).split(path.sep).join('/') || '.';
  }

  /** The text of a file (relative to `cwd`), or undefined when it cannot be read. */
  private read(rel: string): string | undefined {
    const open = this.openText(path.resolve(this.cwd, rel));
    if (open !== undefined) return open;
    try {
      const r = readRegularFile(path.resolve(this.cwd, rel), MAX_HISTORY_FILE_BYTES);
      return r.bytes === undefined ? undefined : decodeText(r.bytes).text;
    } catch {
      return undefined;
    }
  }

  /** The sets of the files under `dir` (relative to `cwd`), discovery overridden by `config`'s `migrations`. */
  private setsUnder(dir: string, config: LoadedConfig | undefined): MigrationSet[] {
    const globs = migrationGlobs(config);
    const root = globs ? this.rel(globs.dir) : dir;
    const key = `${root}\u0000${config?.file ?? ''}`;
    let sets = this.listed.get(key);
    if (sets) return sets;
    const files = collectFiles([path.resolve(this.cwd, root)], ['.sql']).files.map((f) => this.rel(f));
    const found = discoverMigrationSets({
      files,
      read: (p) => this.read(p),
      overrides: globs ? [{ dir: root, globs: globs.globs }] : undefined,
    });
    this.notice(found.notices);
    sets = found.sets;
    this.listed.set(key, sets);
    return sets;
  }

  private notice(list: ReadonlyArray<SetNotice | HistoryMessage>): void {
    for (const n of list) {
      const id = `${n.path}\u0000${'line' in n ? n.line : ''}\u0000${n.message}`;
      if (this.told.has(id)) continue;
      this.told.add(id);
      this.pending.push(n);
    }
  }

  /** Notices found since the last call (each notice once per object). */
  takeNotices(): HistoryMessage[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /**
   * The history before `file` when it belongs to a migration set: its own folder, or the folder
   * above for Prisma's `<timestamp>_<name>/migration.sql`, or the folder of `config` when it lists
   * `migrations`. Undefined for a file in no set. Never throws.
   */
  historyOf(file: string, config?: LoadedConfig): FileHistory | undefined {
    const found = this.setOfFile(file, config);
    if (!found) return undefined;
    try {
      const folded = this.fold(found.set);
      return { set: found.set, index: found.index, prior: folded.before(found.index) };
    } catch {
      return undefined;
    }
  }

  /**
   * The set `file` belongs to and its index there, as `historyOf` finds it, without reading the
   * set's migrations (so without parsing them); undefined for a file in no set. Never throws.
   */
  setOfFile(file: string, config?: LoadedConfig): { set: MigrationSet; index: number } | undefined {
    try {
      const rel = this.rel(file);
      const dir = path.posix.dirname(rel);
      const candidates = [dir];
      if (path.posix.basename(rel) === 'migration.sql' && /^\d+_/.test(path.posix.basename(dir))) candidates.unshift(path.posix.dirname(dir));
      for (const d of candidates) {
        const found = setOf(this.setsUnder(d, config), rel);
        if (found) return found;
      }
    } catch {
      // an unreadable folder: the file is checked alone
    }
    return undefined;
  }

  private fold(set: MigrationSet): FoldedHistory {
    const key = `${set.convention}\u0000${set.root}\u0000${set.files.join('\u0000')}`;
    const kept = this.folds.get(key);
    if (kept) return kept.history;
    const files: HistoryFile[] = [];
    for (const f of set.files) {
      const text = this.read(f);
      // Unreadable: left out of the history (its tables are unknown to later files), said once.
      if (text === undefined) this.notice([{ path: f, message: 'This migration could not be read: later migrations are checked without it.' }]);
      files.push({ path: f, text: text === undefined ? '' : historyText(set.convention, text) });
    }
    const history = foldMigrations(files);
    this.notice(history.notices);
    this.folds.set(key, { set, history });
    return history;
  }
}
