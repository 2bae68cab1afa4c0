/**
 * A V8 code cache for the CLI's bundles (dist/cliEngine.js and the lib-*.js bundles it requires):
 * a run compiles them from the cache a previous run left, instead of from source.
 *
 * Why our own (issue 14, docs/performance.md): Node 20 has no `module.enableCompileCache()` (Node
 * 22.1 and later), and `v8-compile-cache` makes its cache right after compiling, when only the
 * top-level code is compiled (−5 ms measured). This cache is made at exit (`createCachedData()`),
 * so it holds every function the run compiled lazily too: about 30 ms less for a one-statement file
 * on the project's 2-core machine, 80–200 M fewer instructions (callgrind).
 *
 * Where: `$NEON_AUTH_LINT_CODE_CACHE` when set to a folder (`off`, `0` or `false`: no cache), else
 * the user's cache folder (`env-paths`: `~/.cache/neon-auth-sql` on Linux, `~/Library/Caches/…` on
 * macOS, `%LOCALAPPDATA%\neon-auth-sql\Cache` on Windows), in a subfolder per V8 version and CPU
 * architecture. On POSIX systems the folder is used only when it is a real folder owned by the
 * user running the CLI and writable by nobody else (V8 runs what a cache holds, so a cache others
 * can write is code others can run as this user); it is created with mode 0700.
 *
 * When a cache is used: V8 itself rejects a cache made by another V8 version, with other V8 flags
 * or for a source of another length. Each cache file starts with a header line naming the bundle's
 * size, modification time and the package version, which must all match, so a rebuilt or upgraded
 * bundle never meets an old cache. A cache is written at exit (whole, to a temporary file renamed
 * over the old one, so concurrent runs never read a partial file) when there was none, V8 rejected
 * it, or this run loaded a bundle the run that made it did not (its lazily compiled functions, the
 * grammar's conversion say, are then worth caching). Any failure (unreadable, unwritable, full
 * disk) means no cache, never a failed run.
 *
 * The V8 flags the CLI sets (`setGrammarV8Flags` in `../v8Flags`) change V8's flag hash, so they are set before the
 * first bundle is compiled, on every run that loads the engine, cached or not.
 */
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import envPaths from 'env-paths';
import { fnv1a } from '../linter/textHash';

/** Environment variable: a folder for the cache, or `off` / `0` / `false` for none. */
export const CODE_CACHE_ENV = 'NEON_AUTH_LINT_CODE_CACHE';

/** One bundle compiled this run, and what its cache file said. */
interface Compiled {
  readonly script: vm.Script;
  readonly cacheFile: string;
  readonly header: Header;
  /** The bundle names the existing cache was made with; undefined when none was used. */
  readonly cachedWith: readonly string[] | undefined;
}

/** The cache file's first line (JSON): what the cache was made for and with. */
interface Header {
  readonly bundle: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly version: string;
  /** The bundles (base names) loaded by the run that made the cache. */
  readonly loaded?: readonly string[];
}

/**
 * The cache folder for this V8 and CPU (created, mode 0700), or undefined when there is to be no
 * cache or the folder is not safe to use (see the module comment). Never throws.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env[CODE_CACHE_ENV];
  if (setting !== undefined && /^(?:off|0|false)$/i.test(setting.trim())) return undefined;
  try {
    const base = setting !== undefined && setting.trim() !== '' ? path.resolve(setting) : envPaths('neon-auth-sql', { suffix: '' }).cache;
    const dir = path.join(base, `v8-${process.versions.v8}-${process.arch}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return safeDir(base) && safeDir(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A real folder (not a link), on POSIX owned by this user and writable by no one else. */
function safeDir(dir: string): boolean {
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) return false;
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/**
 * Compiles the named bundles of `bundleDir` (base names, e.g. `cliEngine.js`) with the code cache
 * of `cacheDir` from now on in this process, and writes their caches at exit as the module comment
 * says. `version` is the package version (part of each cache's header). Other modules compile as
 * usual; so does a bundle whose cache cannot be read or used.
 */
export function useCodeCache(bundleDir: string, bundles: readonly string[], cacheDir: string, version: string): void {
  const wanted = new Set(bundles.map((b) => path.join(bundleDir, b)));
  // Each installed copy has caches of its own (two projects' copies would otherwise replace each other's).
  const folderHash = fnv1a(bundleDir).toString(36);
  const compiled: Compiled[] = [];
  type CompileFn = (this: Module, content: string, filename: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: CompileFn };
  const original = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string): unknown {
    if (!wanted.has(filename)) return original.call(this, content, filename);
    let header: Header;
    try {
      const stat = fs.statSync(filename);
      header = { bundle: path.basename(filename), size: stat.size, mtimeMs: stat.mtimeMs, version };
    } catch {
      return original.call(this, content, filename);
    }
    const cacheFile = path.join(cacheDir, `${header.bundle}-${folderHash}.cache`);
    const cached = readCache(cacheFile, header);
    const script = new vm.Script(Module.wrap(content), { filename, cachedData: cached?.data });
    const accepted = cached !== undefined && script.cachedDataRejected !== true;
    compiled.push({ script, cacheFile, header, cachedWith: accepted ? cached.loaded : undefined });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const requireFn = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, requireFn, this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    const loaded = compiled.map((c) => c.header.bundle);
    for (const c of compiled) {
      if (c.cachedWith !== undefined && loaded.every((b) => c.cachedWith?.includes(b))) continue;
      const made = new Set([...(c.cachedWith ?? []), ...loaded]);
      writeCache(c.cacheFile, { ...c.header, loaded: [...made].sort() }, c.script);
    }
  });
}

/** The cache data after a header equal to `expected` (bundle, size, time, version), else undefined. */
function readCache(file: string, expected: Header): { data: Buffer; loaded: readonly string[] } | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Header;
    const same =
      header.bundle === expected.bundle && header.size === expected.size && header.mtimeMs === expected.mtimeMs && header.version === expected.version;
    if (!same || !Array.isArray(header.loaded)) return undefined;
    return { data: bytes.subarray(newline + 1), loaded: header.loaded };
  } catch {
    return undefined;
  }
}

/** Writes header and cache data to a temporary file, then renames it over `file`. Never throws. */
function writeCache(file: string, header: Header, script: vm.Script): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), data]), { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      /* nothing more to do */
    }
  }
}
