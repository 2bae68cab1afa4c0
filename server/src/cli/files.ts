/**
 * File-system side of the CLI: finding `*.sql` files, reading them (BOM aware) and writing fixed
 * text back atomically. No linting here.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** A path that could not be read, with why. */
export interface PathProblem {
  path: string;
  message: string;
  /** True for a path named on the command line; false for one met while searching a directory. */
  named: boolean;
}

/** The files to check, in output order, and the paths that could not be read. */
export interface CollectedFiles {
  files: string[];
  problems: PathProblem[];
}

const SQL_FILE = /\.sql$/i;

/** Compares by UTF-16 code units, so the order does not depend on the locale. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A Node error's message without the syscall noise, e.g. `ENOENT: no such file or directory`. */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string') {
    const m = /^([A-Z]+: [^,]+)/.exec(err.message ?? '');
    return m ? m[1] : err.code;
  }
  return err instanceof Error ? err.message : String(e);
}

/** The command-line path that stands for standard input. */
export const STDIN_ARG = '-';

/**
 * Expands the command-line paths into the files to check. `-` (standard input) is kept in place
 * as `-`, once. A file is checked whatever its
 * extension; a directory is searched recursively for `*.sql` files, skipping `node_modules` and
 * directories whose name starts with a dot, in sorted order. Symlinked directories found inside a
 * directory are not followed (no loops); symlinked files are checked. A file reached twice (two
 * arguments, or an argument inside another) is checked once, under the first path.
 */
export function collectFiles(args: readonly string[]): CollectedFiles {
  const files: string[] = [];
  const problems: PathProblem[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  const addFile = (p: string): void => {
    let key: string;
    try {
      key = fs.realpathSync(p);
    } catch {
      key = path.resolve(p);
    }
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    files.push(p);
  };

  let top = ''; // the command-line directory being searched
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      problems.push({ path: dir, message: describeError(e), named: false });
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, message: describeError(e), named: dir === top });
      return;
    }
    entries.sort((a, b) => byName(a.name, b.name));
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        walk(p);
      } else if (SQL_FILE.test(entry.name)) {
        if (entry.isFile()) addFile(p);
        else if (entry.isSymbolicLink()) {
          // Follow symlinked files, never symlinked directories; skip dangling links.
          try {
            if (fs.statSync(p).isFile()) addFile(p);
          } catch {
            /* dangling symlink: not a file to check */
          }
        }
      }
    }
  };

  let stdin = false;
  for (const arg of args) {
    if (arg === STDIN_ARG) {
      // Standard input is read once, however often `-` is named.
      if (!stdin) files.push(STDIN_ARG);
      stdin = true;
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (e) {
      problems.push({ path: arg, message: describeError(e), named: true });
      continue;
    }
    top = arg;
    if (stat.isDirectory()) walk(arg);
    else if (stat.isFile()) addFile(arg);
    else problems.push({ path: arg, message: 'not a file or directory', named: true });
  }
  return { files, problems };
}

const BOM = '\uFEFF';

/** A file's text as the linter sees it (without a BOM), and what writing it back must keep. */
export interface SourceFile {
  /** The text after the UTF-8 BOM, if any. Offsets and positions refer to this text. */
  text: string;
  /** Whether the file started with a UTF-8 BOM. */
  bom: boolean;
  /** Whether the bytes are valid UTF-8 (else writing the decoded text back would change them). */
  validUtf8: boolean;
}

/** Reads a file as UTF-8; throws the file-system error when it cannot be read. */
export function readSource(file: string): SourceFile {
  return decodeSource(fs.readFileSync(file));
}

/**
 * Reads all of standard input (until end of file) and decodes it like a file; throws when it
 * cannot be read. Waits and retries when a non-blocking stdin has no data yet (EAGAIN).
 */
export function readStdin(): SourceFile & { bytes: Buffer } {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(64 * 1024);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break; // Windows: the pipe was closed
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  const bytes = Buffer.concat(chunks);
  return { ...decodeSource(bytes), bytes };
}

function decodeSource(bytes: Buffer): SourceFile {
  const decoded = bytes.toString('utf8');
  const validUtf8 = Buffer.from(decoded, 'utf8').equals(bytes);
  const bom = decoded.startsWith(BOM);
  return { text: bom ? decoded.slice(1) : decoded, bom, validUtf8 };
}

/**
 * Replaces a file's content atomically: writes a temporary file in the same directory (same
 * permissions), flushes it, then renames it over the file. A symlink is resolved first, so its
 * target is replaced and the link stays. The BOM is restored when `bom` is set.
 */
export function writeSourceAtomic(file: string, text: string, bom: boolean): void {
  const target = fs.realpathSync(file);
  const mode = fs.statSync(target).mode & 0o7777;
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`,
  );
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    fs.writeSync(fd, (bom ? BOM : '') + text, null, 'utf8');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.chmodSync(tmp, mode); // openSync's mode is subject to the umask
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* never created, or already renamed */
    }
    throw e;
  }
}
