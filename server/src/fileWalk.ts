/**
 * The one folder walker of the CLI, the language server and migration-set discovery, on
 * [fdir](https://github.com/thecodrr/fdir): which files a folder search finds, in which order, and
 * what it reports on the way. No reading of file contents here (see `fileText.ts`).
 *
 * The entry rule, the same for every caller:
 * - folders named `node_modules` or starting with a dot are not entered (`skipsFolder`);
 * - symlinked folders are never followed (no loops); symlinked files are, and a link that leads
 *   nowhere (a missing target, a loop of links) is left out (`WalkOptions.onBrokenLink` hears of it);
 * - a file is found when `isSearchedFile` accepts its name: its extension is one of the caller's,
 *   and a TypeScript/JavaScript file is neither a declaration file (`.d.ts`) nor below a build
 *   folder (`BUILD_DIRS`: `dist`, `build`, `out`, `coverage`) under the folder searched.
 *
 * Paths come back as `path.join(root, …)` writes them (relative when `root` is), in walk order:
 * each folder's entries sorted by name in UTF-16 code units (not by locale), the files of a
 * subfolder where its name sorts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fdir, type FSLike } from 'fdir';
import { BUILD_DIRS, isSearchedFile } from './linter/host';

/** Whether a folder search leaves a folder of this name out: `node_modules` and dot-folders (`.git`, `.next`, …). */
export function skipsFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** A file's identity: its real path, or its absolute path when that cannot be found (a dangling link). */
export function fileKey(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** What a walk looks for, how deep, and whom it tells about what it cannot read. */
export interface WalkOptions {
  /** Extensions searched, lower-case with the dot (`.sql`, `.ts`, …); see `isSearchedFile`. */
  extensions: ReadonlySet<string>;
  /** Folder levels entered below the root: 0 searches the root's own files only. Default: all. */
  maxDepth?: number;
  /** A further condition on the folders entered (their name), besides `skipsFolder`. */
  enterFolder?: (name: string) => boolean;
  /**
   * Real paths (`fs.realpathSync`) of the folders searched so far, added to as the walk goes: a
   * folder already in it (the root too) is not searched again, so overlapping roots are searched once.
   * Without it, no real path is asked for.
   */
  seenFolders?: Set<string>;
  /**
   * Keys (`fileKey`) of the files found so far, added to: a file whose key is in it is left out
   * (two links to one file, overlapping roots: the path found first wins).
   */
  seenFiles?: Set<string>;
  /**
   * A folder that could not be listed (`listing`; a Node error, e.g. `EACCES`) or, with
   * `seenFolders`, whose real path could not be found. The folder is skipped; the walk goes on.
   */
  onFolderError?: (folder: string, error: unknown, listing: boolean) => void;
  /** A symbolic link with a searched name whose target cannot be reached (`ENOENT`, `ELOOP`, …). */
  onBrokenLink?: (file: string, error: NodeJS.ErrnoException) => void;
  /** Asked before each folder is entered (the root too); once true, the walk enters no more folders. */
  shouldStop?: () => boolean;
}

/** The files under `root` that `options` search for, in walk order (see the module comment). Never throws. */
export function walkFiles(root: string, options: WalkOptions): string[] {
  const walk = new Walk(root, options);
  if (!walk.enterRoot()) return [];
  walk.crawler().sync();
  return walk.result();
}

/** `walkFiles` without blocking: folders are listed asynchronously (several at a time). Never rejects. */
export async function walkFilesAsync(root: string, options: WalkOptions): Promise<string[]> {
  const walk = new Walk(root, options);
  if (!walk.enterRoot()) return [];
  try {
    await walk.crawler().withPromise();
  } catch {
    // fdir suppresses file-system errors; anything else ends the walk with what was found
  }
  return walk.result();
}

/** One walk: fdir with the entry rule, the caller's callbacks, and paths written back as the caller named the root. */
class Walk {
  /** The root as fdir writes it: absolute, ending in a separator. */
  private readonly base: string;
  /** Paths (fdir's) of the symbolic links among the entries listed so far. */
  private readonly links = new Set<string>();
  private readonly found: string[] = [];
  /** The callbacks of folder errors and broken links, fired by `result` in walk order. */
  private readonly told: Array<{ p: string; tell: () => void }> = [];

  constructor(
    private readonly root: string,
    private readonly options: WalkOptions,
  ) {
    const abs = path.resolve(root);
    this.base = abs.endsWith(path.sep) ? abs : abs + path.sep;
  }

  /** The caller's path of fdir's `p` (a path under `base`): `path.join(root, …)`, the root as given. */
  private named(p: string): string {
    const rel = p.slice(this.base.length).replace(/[\\/]+$/, ''); // fdir ends a folder's path with a separator
    return rel === '' ? this.root : path.join(this.root, rel);
  }

  /** Whether the root is to be searched (`shouldStop`, `seenFolders`). */
  enterRoot(): boolean {
    if (this.options.shouldStop?.() === true) return false;
    return this.options.seenFolders === undefined || this.firstVisit(this.base, this.root);
  }

  /** With `seenFolders`: whether the folder's real path is new (then noted); false when it cannot be found. */
  private firstVisit(p: string, named: string): boolean {
    const seen = this.options.seenFolders;
    if (!seen) return true;
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch (e) {
      this.options.onFolderError?.(named, e, false);
      return false;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  }

  crawler(): ReturnType<fdir['crawl']> {
    const { maxDepth, enterFolder, shouldStop } = this.options;
    let crawler = new fdir({ fs: this.listingFs() })
      .withBasePath()
      .exclude((name, dir) => skipsFolder(name) || enterFolder?.(name) === false || shouldStop?.() === true || !this.firstVisit(dir, this.named(dir)))
      .filter((p) => this.keep(p));
    if (maxDepth !== undefined) crawler = crawler.withMaxDepth(maxDepth);
    return crawler.crawl(this.base);
  }

  /** Whether fdir's file `p` (a regular file or a symbolic link) is one to check. */
  private keep(p: string): boolean {
    const name = p.slice(p.lastIndexOf(path.sep) + 1);
    // `inBuildDir` only narrows: asked about only for a name searched outside build folders.
    if (!isSearchedFile(name, false, this.options.extensions)) return false;
    if (!isSearchedFile(name, this.inBuildDir(p), this.options.extensions)) return false;
    if (this.links.has(p)) {
      try {
        if (!fs.statSync(p).isFile()) return false;
      } catch (e) {
        this.later(p, () => this.options.onBrokenLink?.(this.named(p), e as NodeJS.ErrnoException));
        return false;
      }
    }
    this.found.push(p);
    return false; // kept in `found`, so fdir holds no second list
  }

  /** Whether a folder between the root and file `p` is a build folder. */
  private inBuildDir(p: string): boolean {
    const folders = p.slice(this.base.length).split(path.sep);
    folders.pop();
    return folders.some((f) => BUILD_DIRS.has(f));
  }

  /**
   * The file system fdir lists folders with: Node's, noting the symbolic links among the entries
   * (fdir hands them on as files) and telling `onFolderError` about a folder it cannot list.
   */
  private listingFs(): FSLike {
    const onError = (dir: string, e: unknown): void => this.later(dir, () => this.options.onFolderError?.(this.named(dir), e, true));
    const note = (dir: string, entries: fs.Dirent[]): void => {
      for (const e of entries) if (e.isSymbolicLink()) this.links.add(dir + e.name);
    };
    const readdirSync = ((dir: string, opts: fs.ObjectEncodingOptions & { withFileTypes: true }) => {
      try {
        const entries = fs.readdirSync(dir, opts);
        note(dir, entries);
        return entries;
      } catch (e) {
        onError(dir, e);
        throw e;
      }
    }) as typeof fs.readdirSync;
    const readdir = ((
      dir: string,
      opts: fs.ObjectEncodingOptions & { withFileTypes: true },
      done: (e: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void,
    ) => {
      fs.readdir(dir, opts, (e, entries) => {
        if (e) onError(dir, e);
        else note(dir, entries);
        done(e, entries);
      });
    }) as typeof fs.readdir;
    return { ...fs, readdir, readdirSync };
  }

  /** Fires `tell` (about fdir's path `p`) at the end of the walk, in walk order (fdir lists folders in the file system's order). */
  private later(p: string, tell: () => void): void {
    this.told.push({ p, tell });
  }

  /** Walk order: fdir's paths sorted with the separator below every other character (a folder before its files). */
  private inWalkOrder<T extends { p: string }>(items: readonly T[]): T[] {
    const key = (p: string): string =>
      p
        .slice(this.base.length)
        .replace(/[\\/]+$/, '')
        .split(path.sep)
        .join('\u0000');
    return items
      .map((x) => ({ x, k: key(x.p) }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
      .map((e) => e.x);
  }

  /** The files found, as the caller names them, in walk order; the folder errors and broken links are told first, in walk order. */
  result(): string[] {
    for (const { tell } of this.inWalkOrder(this.told)) tell();
    const files = this.inWalkOrder(this.found.map((p) => ({ p }))).map((x) => this.named(x.p));
    const seen = this.options.seenFiles;
    if (!seen) return files;
    return files.filter((f) => {
      const key = fileKey(f);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}
