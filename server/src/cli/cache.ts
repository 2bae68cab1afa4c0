/**
 * `--cache`: each checked file's findings, kept in one JSON file and reused while nothing they
 * depend on changed. An entry's key is a SHA-256 (hex) of the tool's version, the file's lint
 * options as JSON (its `.neon-auth.json` and command-line settings, the Drizzle tables and
 * relations its imported modules export, the state key and generation of its migration history)
 * and its text; a file is reused only under the same path and key, as ESLint's content strategy
 * does. A cache that cannot be read or belongs to another version is started afresh; one that
 * cannot be written leaves the run's result unchanged (the caller says so).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { optionsKey } from '../linter/engine';
import type { Finding, LintOptions } from '../linter/types';
import type { FindingsStore } from './check';

/** One file's entry: the key it was checked under (see `cacheKey`) and its findings. */
export interface CacheEntry {
  key: string;
  findings: Finding[];
}

/** The key of `text` checked with `options` by `version` of the tool: SHA-256, hex (see the module comment). */
export function cacheKey(version: string, options: LintOptions, text: string): string {
  return createHash('sha256').update(version).update('\u0000').update(optionsKey(options)).update('\u0000').update(text).digest('hex');
}

/** The file's shape, versioned so that another layout is never read as this one. */
interface CacheFile {
  format: 1;
  /** The tool version that wrote it (entries of another version are never reused). */
  version: string;
  /** Absolute path → its key and findings. */
  entries: Record<string, CacheEntry>;
}

export class FindingsCache implements FindingsStore {
  private changed = false;

  private constructor(
    /** The cache file (absolute). */
    readonly file: string,
    private readonly version: string,
    private readonly entries: CacheFile['entries'],
  ) {}

  /** Reads `file` (absolute); an absent, unreadable or invalid file, or one of another version, gives an empty cache. */
  static load(file: string, version: string): FindingsCache {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.format === 1 && parsed.version === version && parsed.entries && typeof parsed.entries === 'object')
        return new FindingsCache(file, version, parsed.entries);
    } catch {
      // no cache yet, or not one we wrote
    }
    return new FindingsCache(file, version, {});
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
    return entry?.key === key ? entry.findings : undefined;
  }

  /** Keeps `findings` for `file` (any path) under `key`. */
  set(file: string, key: string, findings: readonly Finding[]): void {
    this.entries[path.resolve(file)] = { key, findings: [...findings] };
    this.changed = true;
  }

  /**
   * Writes the cache when it changed, whole or not at all (a temporary file renamed over it).
   * Returns undefined, or why it could not be written.
   */
  save(): string | undefined {
    if (!this.changed) return undefined;
    const data: CacheFile = { format: 1, version: this.version, entries: this.entries };
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
