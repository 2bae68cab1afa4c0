/**
 * The file-system side of migration sets: for a file about to be checked, find the set it belongs
 * to (listing the candidate folders with the shared walker, `fileWalk.ts`, and reading journals),
 * read the set's earlier files and fold them (`history.ts`). Pure discovery and folding live in
 * `workspace/migrations.ts` and the linter core; this module only reads.
 *
 * Paths: every path here is relative to `cwd` with `/` separators (as messages and reports name
 * files); the folds are cached per set root for the life of the object.
 */
import * as path from 'path';
import { migrationGlobs, LoadedConfig } from '../config/config';
import { decodeText, readFileHead, readRegularFile } from '../fileText';
import { walkFiles } from '../fileWalk';
import { HistoryFile, MigrationFolder, setDisagreements, tablesAfter } from '../linter/history';
import { PriorSchema } from '../linter/types';
import { discoverMigrationSets, DUMP_HEAD_BYTES, historyText, isSchemaDump, MigrationSet, setOf, SetNotice } from './migrations';

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

/** A notice as one line: `path[:line]: message` (1-based line), as the CLI and the server's log print it. */
export function noticeText(n: HistoryMessage): string {
  return `${n.path}${n.line === undefined ? '' : `:${n.line + 1}`}: ${n.message}`;
}

/**
 * The folder listings a `MigrationHistories` makes (see `sqlListing`): `tree`, every `.sql` file
 * under a folder; `folder`, a folder's own `.sql` files and Prisma's `<timestamp>_<name>/migration.sql`;
 * `links`, a folder's `.sql` symbolic links that lead nowhere.
 */
export type ListingKind = 'tree' | 'folder' | 'links';

/**
 * What a `MigrationHistories` reads from the file system, told as it reads (the CLI's `--cache`
 * records it, to tell later whether any of it changed). Paths are absolute.
 */
export interface HistoryObserver {
  /** A file is about to be read (whole, or its head). */
  file(absolute: string): void;
  /** A listing of `folder` was made (`listing`: what `sqlListing(kind, folder)` gave). */
  listing(kind: ListingKind, folder: string, listing: readonly string[]): void;
}

/**
 * A listing of the absolute folder `folder` (see `ListingKind`): absolute file paths in walk order
 * (`tree`, `folder`: sorted by path), or for `links` one `<link path>\u0000<error code>` per broken
 * link. Never throws: an unreadable folder lists nothing.
 */
export function sqlListing(kind: ListingKind, folder: string): string[] {
  if (kind === 'tree') return walkFiles(folder, { extensions: SQL, seenFolders: new Set(), seenFiles: new Set() });
  if (kind === 'folder') return sqlFilesIn(folder);
  const broken: string[] = [];
  walkFiles(folder, { extensions: SQL, maxDepth: 0, onBrokenLink: (link, err) => void broken.push(`${link}\u0000${err.code ?? 'error'}`) });
  return broken;
}

/** The key of a set's fold: convention and root, and the file for a dump (a folder can hold several). */
function setKey(set: MigrationSet): string {
  return `${set.convention}\u0000${set.root}${set.convention === 'dump' ? `\u0000${set.files[0]}` : ''}`;
}

export class MigrationHistories {
  /** The last fold per set (keyed by convention and root): reused whole, or its unchanged prefix. */
  private readonly folds = new Map<string, MigrationFolder>();
  /** Disk texts read so far (relative path → text; undefined: unreadable), until `invalidate` names the file. */
  private readonly texts = new Map<string, string | undefined>();
  private readonly listed = new Map<string, MigrationSet[]>();
  /** Notices not yet taken by `takeNotices`. */
  private pending: HistoryMessage[] = [];
  private readonly told = new Set<string>();

  /**
   * @param cwd the folder paths are relative to.
   * @param openText the text of an open document by absolute path, when it is open: it replaces the disk (the editor's unsaved buffers).
   * @param observer told of every file read and folder listed (the CLI's `--cache`).
   */
  constructor(
    readonly cwd: string,
    private readonly openText: (absolute: string) => string | undefined = () => undefined,
    private readonly observer?: HistoryObserver,
  ) {}

  /**
   * A file on disk changed (`file`, any path) or files were created, deleted or renamed
   * (`listings`: the folders are listed again). Folds are not dropped: the next one re-reads what
   * changed and re-folds from the first changed file on (open buffers are read afresh each time).
   */
  invalidate(listings: boolean, file?: string): void {
    if (file !== undefined) this.texts.delete(this.rel(file));
    else this.texts.clear();
    if (listings) this.listed.clear();
  }

  /**
   * Tells that `file` (any path) was rewritten with `text` (`--fix`): the later migrations of its
   * set are checked with the history the fixed file leaves (the next fold re-folds from it on).
   */
  rewritten(file: string, text: string): void {
    this.texts.set(this.rel(file), text);
  }

  /** Whether `file` (any path) is a file of a set read so far. */
  inKnownSet(file: string): boolean {
    const rel = this.rel(file);
    for (const sets of this.listed.values()) if (setOf(sets, rel)) return true;
    return false;
  }

  /** `file` (any path) relative to `cwd`, `/`-separated; absolute when it is outside `cwd` (no `../` in messages). */
  rel(file: string): string {
    const abs = path.resolve(this.cwd, file);
    const rel = path.relative(this.cwd, abs);
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return abs.split(path.sep).join('/');
    return rel.split(path.sep).join('/') || '.';
  }

  /** Each set's files as absolute paths (a fold asks for every file's text). */
  private readonly absolute = new WeakMap<MigrationSet, string[]>();

  /** The text of a file (relative to `cwd`; `abs`, its absolute path): the open buffer, else the disk (kept), or undefined when it cannot be read. */
  private read(rel: string, abs = path.resolve(this.cwd, rel)): string | undefined {
    const open = this.openText(abs);
    if (open !== undefined) return open;
    if (this.texts.has(rel)) return this.texts.get(rel);
    let text: string | undefined;
    this.observer?.file(abs);
    try {
      const r = readRegularFile(abs, MAX_HISTORY_FILE_BYTES);
      text = r.bytes === undefined ? undefined : decodeText(r.bytes).text;
    } catch {
      text = undefined;
    }
    this.texts.set(rel, text);
    return text;
  }

  /** The start of a file (relative to `cwd`) for telling a schema dump: the open buffer or the text read so far, else its first `DUMP_HEAD_BYTES` from disk. */
  private head(rel: string): string | undefined {
    const abs = path.resolve(this.cwd, rel);
    const open = this.openText(abs);
    if (open !== undefined) return open;
    if (this.texts.has(rel)) return this.texts.get(rel);
    this.observer?.file(abs);
    try {
      return decodeText(readFileHead(abs, DUMP_HEAD_BYTES)).text;
    } catch {
      return undefined;
    }
  }

  /**
   * The sets of the files under `dir` (relative to `cwd`), discovery overridden by `config`'s
   * `migrations`. `shallow`: only the sets whose files sit in `dir` itself or, Prisma's, one folder
   * down as `<timestamp>_<name>/migration.sql` (what the set of one file in `dir` can be); else the
   * whole tree under `dir` (as the CLI searches a folder: `walkFiles`).
   */
  private setsUnder(dir: string, config: LoadedConfig | undefined, shallow = false): MigrationSet[] {
    const globs = migrationGlobs(config);
    const root = globs ? this.rel(globs.dir) : dir;
    const deep = globs !== undefined || !shallow;
    const key = `${root}\u0000${config?.file ?? ''}\u0000${deep ? 'tree' : 'folder'}`;
    let sets = this.listed.get(key);
    if (sets) return sets;
    // Discovery sees absolute paths ('/'-separated): a path relative to `cwd` loses the names of
    // the folders `cwd` is in, and conventions need them (Prisma's `<timestamp>_<name>/` when `cwd`
    // is that folder, `supabase/migrations`). Sets and notices are given back as `rel` names them.
    const slashed = (p: string): string => p.split(path.sep).join('/');
    const absoluteRoot = path.resolve(this.cwd, root);
    const kind: ListingKind = deep ? 'tree' : 'folder';
    const listing = sqlListing(kind, absoluteRoot);
    this.observer?.listing(kind, absoluteRoot, listing);
    const files = listing.map((f) => slashed(path.resolve(this.cwd, f)));
    const found = discoverMigrationSets({
      files,
      read: (p) => this.read(this.rel(p)),
      head: (p) => this.head(this.rel(p)),
      name: (p) => this.rel(p),
      overrides: globs ? [{ dir: slashed(path.resolve(this.cwd, root)), globs: globs.globs }] : undefined,
    });
    this.notice(found.notices.map((n) => ({ ...n, path: this.rel(n.path) })));
    this.notice(this.brokenLinks(found.sets));
    sets = found.sets.map((s) => ({ ...s, root: this.rel(s.root), files: s.files.map((f) => this.rel(f)) }));
    this.listed.set(key, sets);
    return sets;
  }

  /**
   * The `.sql` symbolic links of the sets' folders that lead nowhere (a loop of links, or a missing
   * target): the walker leaves them out without a word, so a migration would vanish from the
   * history silently. One notice each. `sets` as discovery gives them (absolute paths).
   */
  private brokenLinks(sets: readonly MigrationSet[]): HistoryMessage[] {
    const out: HistoryMessage[] = [];
    const dirs = new Set<string>();
    for (const set of sets) {
      if (set.convention === 'dump') continue;
      dirs.add(set.root);
      for (const f of set.files) dirs.add(path.posix.dirname(f));
    }
    for (const dir of dirs) {
      const broken = sqlListing('links', dir);
      this.observer?.listing('links', dir, broken);
      for (const entry of broken) {
        const [link, code] = entry.split('\u0000');
        const what =
          code === 'ELOOP'
            ? 'a loop of symbolic links'
            : code === 'ENOENT'
              ? 'a symbolic link to a missing file'
              : `a symbolic link that cannot be followed (${code})`;
        out.push({ path: this.rel(link), message: `${path.basename(link)} is ${what}: it is not read, and the migrations after it are checked without it.` });
      }
    }
    return out;
  }

  private notice(list: ReadonlyArray<SetNotice | HistoryMessage>): void {
    for (const n of list) {
      const id = `${n.path}\u0000${'line' in n ? n.line : ''}\u0000${n.message}`;
      if (this.told.has(id)) continue;
      this.told.add(id);
      this.pending.push(n);
    }
  }

  /** Notices found since the last call (each notice once per object), also those of definitions parsed by checks since, and where two sets disagree. */
  takeNotices(): HistoryMessage[] {
    for (const folder of this.folds.values()) this.noticeFolded(folder);
    this.compareSets();
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** The last `compareSets` input (each compared set's key and last state key), to skip an unchanged one. */
  private compared = '';

  /**
   * Notices where two sets read so far disagree on a column that references a Neon Auth user table
   * (`setDisagreements`). Compares only sets whose fold is finished (the server's index folds
   * every set; the CLI finishes a set's fold when it checks its last file), so an edit's check
   * never folds more than it needs; runs again only when a compared set changed.
   */
  private compareSets(): void {
    const seen = new Set<string>();
    const done: MigrationFolder[] = [];
    for (const sets of this.listed.values())
      for (const set of sets) {
        const key = setKey(set);
        if (seen.has(key)) continue;
        seen.add(key);
        const folder = this.folds.get(key);
        if (folder?.finished && folder.files.length > 0) done.push(folder);
      }
    if (done.length < 2) return;
    const signature = done.map((f) => `${f.files[0].path}\u0000${f.files[f.files.length - 1].key}`).join('\u0001');
    if (signature === this.compared) return;
    this.compared = signature;
    try {
      this.notice(setDisagreements(done.map((f) => ({ tables: tablesAfter(f.files) }))));
    } catch {
      // a definition of an unexpected shape: no comparison this time
    }
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
      const folder = this.folderOf(found.set);
      const before = folder.before(found.index);
      // The last file: its fold too, so that the finished set can be compared with the others (`compareSets`).
      if (found.index === found.set.files.length - 1) folder.step();
      this.noticeFolded(folder);
      // pg_dump output restates a database (Neon Auth's own tables included): rules read `dump` (and
      // the key tells it). A hand-written schema.sql is a set of its own, but its statements are the app's.
      const dumped = found.set.convention === 'dump' && isSchemaDump(folder.files[found.index]?.text ?? '');
      const dumpedPrior: PriorSchema = dumped ? { ...before, key: `${before.key}:dump`, dump: true } : before;
      // drizzle-kit's migrator runs each breakpoint chunk as one query (see `PriorSchema.statementBreakpoints`).
      const prior: PriorSchema =
        found.set.convention === 'drizzle' ? { ...dumpedPrior, key: `${dumpedPrior.key}:chunks`, statementBreakpoints: true } : dumpedPrior;
      return { set: found.set, index: found.index, prior };
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
      // Folder names from the absolute path: `cwd` may be the Prisma migration's own folder.
      const dir = path.dirname(path.resolve(this.cwd, file));
      const candidates = [this.rel(dir)];
      if (path.basename(file) === 'migration.sql' && /^\d+_/.test(path.basename(dir))) candidates.unshift(this.rel(path.dirname(dir)));
      for (const d of candidates) {
        const found = setOf(this.setsUnder(d, config, true), rel);
        if (found) return found;
      }
    } catch {
      // an unreadable folder: the file is checked alone
    }
    return undefined;
  }

  /**
   * The fold of `set` with the files' current texts: the kept one when no file changed, else a new
   * one that reuses the kept one's unchanged prefix (see `MigrationFolder`). Folds nothing itself.
   */
  private folderOf(set: MigrationSet): MigrationFolder {
    const key = setKey(set);
    const files: HistoryFile[] = [];
    let abs = this.absolute.get(set);
    if (!abs) this.absolute.set(set, (abs = set.files.map((f) => path.resolve(this.cwd, f))));
    for (let i = 0; i < set.files.length; i++) {
      const f = set.files[i];
      const text = this.read(f, abs[i]);
      // Unreadable: left out of the history (its tables are unknown to later files), said once.
      if (text === undefined) this.notice([{ path: f, message: 'This migration could not be read: later migrations are checked without it.' }]);
      files.push({ path: f, text: text === undefined ? '' : historyText(set.convention, text) });
    }
    const kept = this.folds.get(key);
    if (kept && kept.sameInput(files)) return kept;
    const folder = new MigrationFolder(files, kept);
    this.folds.set(key, folder);
    return folder;
  }

  /** The notices of the files `folder` has folded so far (each once per object). */
  private noticeFolded(folder: MigrationFolder): void {
    for (const f of folder.files) if (f.notices.length > 0) this.notice(f.notices);
  }

  /**
   * Every set under `dir` (any path; discovery overridden by `config`'s `migrations`), folded to
   * the end: each set with its files' texts as history (see `historyText`) and the tables after
   * its last file. Unreadable files are left out with a notice (see `takeNotices`). Throws only
   * when the folder cannot be listed.
   */
  foldedSets(dir: string, config?: LoadedConfig): Array<{ set: MigrationSet; files: HistoryFile[]; prior: PriorSchema }> {
    const root = this.rel(dir);
    return this.setsUnder(root, config).map((set) => {
      const folder = this.folderOf(set);
      const prior = folder.before(set.files.length);
      this.noticeFolded(folder);
      return { set, files: folder.files.map((f) => ({ path: f.path, text: f.text })), prior };
    });
  }

  /**
   * Lists and folds every set of the folder, a chunk of files at a time: `pause` is awaited between
   * chunks (the language server yields to requests there) and may return false to stop
   * (cancelled). `progress` gets files folded so far and the total (`progress(0, total)` first).
   * Then, unless `parse` is false, every table definition is parsed too (checks parse only those
   * they need), so that notices come now and hover needs no parse. Resolves to the number of sets
   * folded (0 when stopped); never rejects.
   */
  async indexAll(
    config: LoadedConfig | undefined,
    pause: () => Promise<boolean>,
    progress: (done: number, total: number) => void = () => undefined,
    parse = true,
  ): Promise<number> {
    try {
      const sets = this.setsUnder('.', config);
      const total = sets.reduce((n, s) => n + s.files.length, 0);
      progress(0, total);
      let done = 0;
      for (const set of sets) {
        const folder = this.folderOf(set);
        let last = folder.folded;
        while (!folder.finished) {
          folder.step();
          if (folder.folded - last >= 25 || folder.finished) {
            progress(done + folder.folded, total);
            last = folder.folded;
            if (!(await pause())) return 0;
          }
        }
        while (parse && folder.parseStep()) if (!(await pause())) return 0;
        this.noticeFolded(folder);
        done += set.files.length;
      }
      progress(total, total);
      return sets.length;
    } catch {
      return 0;
    }
  }
}

/** What migration sets are made of. */
const SQL: ReadonlySet<string> = new Set(['.sql']);

/**
 * The `.sql` files in `dir` itself and the `migration.sql` of its `<timestamp>_<name>/` folders
 * (Prisma's layout), sorted by path; symlinked files are followed, symlinked folders are not
 * (`walkFiles`). An unreadable folder gives nothing.
 */
function sqlFilesIn(dir: string): string[] {
  const files = walkFiles(dir, { extensions: SQL, maxDepth: 1, enterFolder: (name) => /^\d+_/.test(name) });
  return files.filter((f) => path.dirname(f) === dir || path.basename(f) === 'migration.sql').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
