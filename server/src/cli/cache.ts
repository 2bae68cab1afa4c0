/**
 * `--cache`: each checked file's findings, kept in one JSON file and reused while nothing they
 * depend on changed.
 *
 * An entry's `key` is a SHA-256 (hex) of the tool's version, the file's lint options as JSON (its
 * `.neon-auth.json` and command-line settings, the Drizzle tables and relations its imported
 * modules export, the state key and generation of its migration history) and its text: a file is
 * reused under the same path and key, as ESLint's `content` strategy does. Computing that key
 * means reading the file and what it depends on (folding its migration set, parsing the modules it
 * imports), so with `--cache-strategy metadata` (the default, as ESLint's) an entry also keeps:
 *
 * - `stat`: the file's size, modification and change times (ms) and inode (see `statSignature`);
 * - `base`: a SHA-256 of what its options are made of before anything is read (the working folder,
 *   the command-line options, its `.neon-auth.json`'s path and text, its language; see `baseKey`);
 * - `deps`: what else the check read, as prefixes of observation groups: each file read (its
 *   `statSignature` taken before reading, or that it was missing) and each folder listed for
 *   migration sets (a digest of the listing), in the order the run's checker made them. Whatever
 *   a file's findings depend on beyond itself (its set's other migrations, the set's discovery, the
 *   modules it imports and their `tsconfig.json`) was read by the checker before the file's check
 *   ended, so lies in that prefix (a checker reads each file once and keeps it: later files find
 *   it kept, and their prefix holds it too);
 * - `positions`: the line and character of each offset its findings and fixes use, so that a
 *   reused file need not be read for the report.
 *
 * A file whose entry, `stat`, `base` and every observation of its `deps` are unchanged is reused
 * without being read (`FindingsCache.fresh`); on any difference it is checked the content way,
 * which reuses the findings when the key is the same. A file modified within `RACY_MS` of the run
 * that observed it (its time may not tell a later edit apart) is never trusted by its metadata.
 *
 * A reused entry's migration-set notices (stderr) are said again. One gap: the notice that two sets
 * disagree is said by the check that finished the second set's fold; when only one set's files are
 * checked again, the other set is not folded in that run, and the notice is not said until both are.
 *
 * A cache that cannot be read or belongs to another version or format is started afresh; one that
 * cannot be written leaves the run's result unchanged (the caller says so).
 */
import * as fs from 'fs';
import * as path from 'path';
import { optionsKey } from '../linter/engine';
import { hostLanguageOfPath, LineIndex, LinePosition } from '../linter';
import type { Finding, LintOptions } from '../linter/types';
import type { LoadedConfig } from '../config/config';
import { HistoryObserver, ListingKind, sqlListing } from '../workspace/sets';
import type { FindingsStore } from './check';

/**
 * A SHA-256 hash object (node:crypto's `createHash`). node:crypto is required on the first call:
 * only `--cache` runs hash, and a run that loads it pays about 2 ms (issue 14).
 */
function sha256(): import('crypto').Hash {
  return (require('crypto') as typeof import('crypto')).createHash('sha256'); // eslint-disable-line @typescript-eslint/no-require-imports
}

/** `--cache-strategy`: how an unchanged file is told (see the module comment). */
export type CacheStrategy = 'metadata' | 'content';

/** What an observation is of: a file read (`file`), or a folder listing (see `ListingKind`). */
export type ObservationKind = 'file' | ListingKind;

/** One thing a checker read: its kind, absolute path, and signature (`statSignature`, or a listing's digest). */
export type Observation = [kind: ObservationKind, path: string, signature: string];

/** One file's entry (see the module comment). */
export interface CacheEntry {
  /** The content key (see `cacheKey`). */
  key: string;
  findings: Finding[];
  /** `baseKey` of the file when it was checked. */
  base?: string;
  /** `statSignature` of the file taken before it was read; absent (or `RACY`) when it cannot be trusted. */
  stat?: string;
  /** Observation groups and how many of each group's first observations the check had made. */
  deps?: Array<[group: string, count: number]>;
  /** `[offset, line, character]` triples (0-based, UTF-16) of every offset the findings and their fixes use. */
  positions?: number[];
  /** The migration-set notice lines (with their newline) the check said. */
  notices?: string[];
}

/** The key of `text` checked with `options` by `version` of the tool: SHA-256, hex (see the module comment). */
export function cacheKey(version: string, options: LintOptions, text: string): string {
  return sha256().update(version).update('\u0000').update(optionsKey(options)).update('\u0000').update(text).digest('hex');
}

/**
 * The key of what `file`'s options are made of before any file is read: the working folder (related
 * places are named relative to it), the command line's lint options, the `.neon-auth.json` that
 * applies (path and text; undefined: none) and the file's language. SHA-256, hex.
 */
export function baseKey(cwd: string, cliOptions: LintOptions, loaded: LoadedConfig | undefined, file: string): string {
  const parts = [cwd, cliOptions, loaded?.file ?? null, loaded?.text ?? null, hostLanguageOfPath(file) ?? 'sql'];
  return sha256().update(JSON.stringify(parts)).digest('hex');
}

/** A signature that never matches: a file modified too recently for its times to tell a later edit apart. */
export const RACY = '?';

/**
 * A file modified less than this long (ms) before the run that observed it started is `RACY`: file
 * systems keep times in steps of up to 2 s (FAT), so a later edit of the same size could keep them.
 */
export const RACY_MS = 2000;

/**
 * What the file system says of `file` (any path; symbolic links followed): `size:mtimeMs:ctimeMs:ino`
 * for a regular file, `dir` for a folder, `other` for anything else, `-` when it does not exist,
 * `!CODE` when it cannot be looked at, and `RACY` for a file modified after `since - RACY_MS`
 * (`since`: the run's start, ms since the epoch).
 */
export function statSignature(file: string, since: number): string {
  let s: fs.Stats;
  try {
    s = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? '-' : `!${code ?? 'error'}`;
  }
  if (s.isDirectory()) return 'dir';
  if (!s.isFile()) return 'other';
  if (s.mtimeMs >= since - RACY_MS) return RACY;
  return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
}

/** A listing's digest: SHA-256 (hex) of its lines. */
function listingDigest(listing: readonly string[]): string {
  return sha256().update(listing.join('\n')).digest('hex');
}

/** The current signature of what an observation is of (see `Observation`). */
function currentSignature(kind: ObservationKind, file: string, since: number): string {
  return kind === 'file' ? statSignature(file, since) : listingDigest(sqlListing(kind, file));
}

/**
 * A checker's record of what it read, in order (one group, named `group`): the observations of its
 * migration histories (`HistoryObserver`) or of the modules host files import (`file`).
 */
export class ObservationLog implements HistoryObserver {
  private readonly list: Observation[] = [];
  private sent = 0;

  /** @param since the run's start (ms since the epoch; see `statSignature`). */
  constructor(
    readonly group: string,
    private readonly since: number,
  ) {}

  /** How many observations were made so far. */
  get count(): number {
    return this.list.length;
  }

  file(absolute: string): void {
    this.list.push(['file', absolute, statSignature(absolute, this.since)]);
  }

  listing(kind: ListingKind, folder: string, listing: readonly string[]): void {
    this.list.push([kind, folder, listingDigest(listing)]);
  }

  /** The observations made since the last call. */
  take(): Observation[] {
    const out = this.list.slice(this.sent);
    this.sent = this.list.length;
    return out;
  }
}

/**
 * `[offset, line, character]` triples (see `CacheEntry.positions`) of the offsets `findings` and
 * their fixes use in `text`, as `LineIndex` gives them.
 */
export function positionsOf(text: string, findings: readonly Finding[]): number[] {
  const offsets = new Set<number>();
  for (const f of findings) {
    offsets.add(f.start).add(f.end);
    for (const fix of f.fixes) for (const e of fix.edits) offsets.add(e.start).add(e.end);
  }
  const index = new LineIndex(text);
  const out: number[] = [];
  for (const o of [...offsets].sort((a, b) => a - b)) {
    const p = index.positionAt(o);
    out.push(o, p.line, p.character);
  }
  return out;
}

/** Positions of a reused file's offsets: `positionAt` as `LineIndex` would answer for the offsets kept. */
export interface PositionLookup {
  positionAt(offset: number): LinePosition;
}

/**
 * The lookup of kept `positions` (see `CacheEntry.positions`) when they cover every offset of
 * `findings`; undefined when they do not (a damaged entry: the file is checked again).
 */
function positionLookup(positions: unknown, findings: readonly Finding[]): PositionLookup | undefined {
  if (!Array.isArray(positions) || positions.length % 3 !== 0) return undefined;
  const at = new Map<number, LinePosition>();
  for (let i = 0; i < positions.length; i += 3) at.set(positions[i] as number, { line: positions[i + 1] as number, character: positions[i + 2] as number });
  for (const f of findings) {
    if (!at.has(f.start) || !at.has(f.end)) return undefined;
    for (const fix of f.fixes) for (const e of fix.edits) if (!at.has(e.start) || !at.has(e.end)) return undefined;
  }
  return { positionAt: (offset) => at.get(offset)! };
}

/** The cache file's format: another value is never read as this one. */
const FORMAT = 2;

/** The file's shape, versioned so that another layout is never read as this one. */
interface CacheFile {
  format: typeof FORMAT;
  /** The tool version that wrote it (entries of another version are never reused). */
  version: string;
  /** Observation groups by name (see `ObservationLog`), each as long as its entries need. */
  groups: Record<string, Observation[]>;
  /** Absolute path → its entry. */
  entries: Record<string, CacheEntry>;
}

/** A reused entry (see `FindingsCache.fresh`): its findings, where their offsets are, the notices its check said. */
export interface FreshEntry {
  findings: Finding[];
  positions: PositionLookup;
  notices: readonly string[];
}

export class FindingsCache implements FindingsStore {
  private changed = false;
  /** Current signatures by kind and path, looked at once per run. */
  private readonly current = new Map<string, string>();
  /** Per group: how many of its first observations are unchanged. */
  private readonly unchanged = new Map<string, number>();

  private constructor(
    /** The cache file (absolute). */
    readonly file: string,
    private readonly version: string,
    /** The run's start (ms since the epoch; see `statSignature`). */
    readonly since: number,
    private readonly groups: CacheFile['groups'],
    private readonly entries: CacheFile['entries'],
  ) {}

  /**
   * Reads `file` (absolute); an absent, unreadable or invalid file, or one of another version or
   * format, gives an empty cache. `since`: the run's start (ms since the epoch), before any file is looked at.
   */
  static load(file: string, version: string, since: number = Date.now()): FindingsCache {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
      const isRecord = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x);
      if (parsed.format === FORMAT && parsed.version === version && isRecord(parsed.entries) && isRecord(parsed.groups))
        return new FindingsCache(file, version, since, parsed.groups!, parsed.entries!);
    } catch {
      // no cache yet, or not one we wrote
    }
    return new FindingsCache(file, version, since, {}, {});
  }

  /** The key of `text` checked with `options` (see the module comment). */
  keyOf(options: LintOptions, text: string): string {
    return cacheKey(this.version, options, text);
  }

  /** The entry kept for `file` (any path), whatever its key, or undefined (a worker gets its files' entries). */
  entryOf(file: string): CacheEntry | undefined {
    return this.entries[path.resolve(file)];
  }

  /** The findings kept for `file` (any path) under `key`, or undefined. */
  get(file: string, key: string): Finding[] | undefined {
    const entry = this.entries[path.resolve(file)];
    return entry?.key === key && Array.isArray(entry.findings) ? entry.findings : undefined;
  }

  /** Adds `observations` to the end of `group` (see `ObservationLog.take`). */
  observe(group: string, observations: readonly Observation[]): void {
    if (observations.length === 0) return;
    (this.groups[group] ??= []).push(...observations);
    this.changed = true;
  }

  /** Keeps `entry` for `file` (any path). */
  set(file: string, entry: CacheEntry): void {
    this.entries[path.resolve(file)] = entry;
    this.changed = true;
  }

  /**
   * The entry of `file` (any path) when it can be reused without reading the file (the metadata
   * strategy, see the module comment): kept with `base`, the file's `statSignature` unchanged, and
   * every observation its check depended on unchanged. Undefined otherwise. Never throws.
   */
  fresh(file: string, base: string): FreshEntry | undefined {
    try {
      const absolute = path.resolve(file);
      const entry = this.entries[absolute];
      if (!entry || entry.base !== base || typeof entry.stat !== 'string' || entry.stat === RACY || !Array.isArray(entry.findings)) return undefined;
      if (this.signature('file', absolute) !== entry.stat) return undefined;
      for (const [group, count] of entry.deps ?? []) if (this.unchangedIn(group) < count) return undefined;
      const positions = positionLookup(entry.positions, entry.findings);
      return (
        positions && { findings: entry.findings, positions, notices: Array.isArray(entry.notices) ? entry.notices.filter((n) => typeof n === 'string') : [] }
      );
    } catch {
      return undefined; // a damaged entry: checked again
    }
  }

  /** The current signature of an observation's kind and path, looked at once per run. */
  private signature(kind: ObservationKind, file: string): string {
    const id = `${kind}\u0000${file}`;
    let now = this.current.get(id);
    if (now === undefined) this.current.set(id, (now = currentSignature(kind, file, this.since)));
    return now;
  }

  /** How many of `group`'s first observations still hold (each signature looked at once per run). */
  private unchangedIn(group: string): number {
    let n = this.unchanged.get(group);
    if (n !== undefined) return n;
    const list = this.groups[group];
    n = 0;
    if (Array.isArray(list)) {
      for (const [kind, file, signature] of list) {
        if (signature === RACY) break;
        if (this.signature(kind, file) !== signature) break;
        n++;
      }
    }
    this.unchanged.set(group, n);
    return n;
  }

  /**
   * Writes the cache when it changed, whole or not at all (a temporary file renamed over it), with
   * only the groups its entries use, each cut to the longest prefix one uses.
   * Returns undefined, or why it could not be written.
   */
  save(): string | undefined {
    if (!this.changed) return undefined;
    const used = new Map<string, number>();
    for (const entry of Object.values(this.entries)) for (const [group, count] of entry.deps ?? []) used.set(group, Math.max(used.get(group) ?? 0, count));
    const groups: CacheFile['groups'] = {};
    for (const [group, count] of used) if (this.groups[group]) groups[group] = this.groups[group].slice(0, count);
    const data: CacheFile = { format: FORMAT, version: this.version, groups, entries: this.entries };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(data));
      fs.renameSync(temporary, this.file);
      this.changed = false;
      return undefined;
    } catch (e) {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // nothing to clean up
      }
      return e instanceof Error ? e.message : String(e);
    }
  }
}
