/**
 * File-system side of the CLI: finding the files to check (SQL, and TypeScript/JavaScript that may hold SQL), reading them (bounded, encoding aware) and
 * writing fixed text back without losing an edit made meanwhile or changing the file's owner,
 * mode or links. No linting here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_EXTENSIONS, STDIN_ARG } from './args';
import { decodeText, DecodedText, maxBytesFor, NotRegularFileError, readRegularFile } from '../fileText';
import { fileKey, walkFiles } from '../fileWalk';

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

export { DEFAULT_EXTENSIONS, STDIN_ARG } from './args';

/** A Node error's message without the syscall noise, e.g. `ENOENT: no such file or directory`. */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string') {
    const m = /^([A-Z]+: [^,]+)/.exec(err.message ?? '');
    return m ? m[1] : err.code;
  }
  return err instanceof Error ? err.message : String(e);
}

/**
 * Expands the command-line paths into the files to check. `-` (standard input) is kept in place
 * as `-`, once. A file is checked whatever its extension; a directory is searched recursively
 * (`walkFiles`: its entry rule, order and symlink handling) for files with one of `extensions`
 * (lower-case, with the dot; default `DEFAULT_EXTENSIONS`). A file reached twice (two arguments,
 * or an argument inside another) is checked once, under the first path; a folder, searched once.
 */
export function collectFiles(args: readonly string[], extensions: readonly string[] = DEFAULT_EXTENSIONS): CollectedFiles {
  const wanted = new Set(extensions.map((e) => e.toLowerCase()));
  const files: string[] = [];
  const problems: PathProblem[] = [];
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();

  const addFile = (p: string): void => {
    const key = fileKey(p);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    files.push(p);
  };

  const search = (top: string): void => {
    const found = walkFiles(top, {
      extensions: wanted,
      seenFolders,
      seenFiles,
      // Only the named directory's own listing is a problem of a named path.
      onFolderError: (folder, e, listing) => problems.push({ path: folder, message: describeError(e), named: listing && folder === top }),
    });
    for (const f of found) files.push(f);
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
    if (stat.isDirectory()) search(arg);
    else if (stat.isFile()) addFile(arg);
    else problems.push({ path: arg, message: 'not a file or directory', named: true });
  }
  return { files, problems };
}

/** A file as read: its text and encoding, and the bytes, to tell whether it changed before writing it. */
export interface SourceFile extends DecodedText {
  /** The bytes read. */
  bytes: Buffer;
}

/** What `readSource` found: the file, or only its size in bytes when it is surely over the limit. */
export type ReadSource = { source: SourceFile; size: number } | { source: undefined; size: number };

/**
 * Reads a file to check: a regular file only, and at most what `maxFileSize` UTF-16 code units
 * can take (see `maxBytesFor`); a larger one is not read at all. Throws the file-system error, or
 * `NotRegularFileError`, when it cannot be read.
 */
export function readSource(file: string, maxFileSize: number): ReadSource {
  const read = readRegularFile(file, maxBytesFor(maxFileSize));
  if (read.bytes === undefined) return { source: undefined, size: read.size };
  return { source: { ...decodeText(read.bytes), bytes: read.bytes }, size: read.size };
}

/**
 * Reads all of standard input (until end of file) and decodes it like a file; throws when it
 * cannot be read. Waits and retries when a non-blocking stdin has no data yet (EAGAIN).
 */
export function readStdin(): SourceFile {
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
  return { ...decodeText(bytes), bytes };
}

/**
 * What `replaceContent` did: `written` (`renamed`: a temporary file renamed over it; `inPlace`:
 * its own bytes rewritten), `changed` (the file is no longer what was read: nothing written), or
 * `refused` (the user may not write it: nothing written; `reason` says why).
 */
export type ReplaceOutcome = { kind: 'written'; how: 'renamed' | 'inPlace' } | { kind: 'changed' } | { kind: 'refused'; reason: string };

/** Why the user may not write a file, or undefined when they may (see `replaceContent`). */
function writeRefusal(file: string, stat: fs.Stats): string | undefined {
  // No write permission for anyone: read-only on purpose (`chmod a-w`), for root too.
  if ((stat.mode & 0o222) === 0) return 'the file is read-only';
  try {
    fs.accessSync(file, fs.constants.W_OK); // as the user: their uid and groups (root: any file, off a read-only mount)
  } catch (e) {
    return `cannot write it: ${describeError(e)}`;
  }
  return undefined;
}

/** Reads all of an open file from its start, one byte past `expected`'s length at most, and compares. */
function holds(fd: number, expected: Uint8Array): boolean {
  if (fs.fstatSync(fd).size !== expected.length) return false;
  const buffer = Buffer.allocUnsafe(expected.length + 1);
  let n = 0;
  while (n < buffer.length) {
    const read = fs.readSync(fd, buffer, n, buffer.length - n, n);
    if (read === 0) break;
    n += read;
  }
  return n === expected.length && buffer.subarray(0, n).equals(expected);
}

/** Whether the file at `file` holds exactly `expected`. */
function stillHolds(file: string, expected: Uint8Array): boolean {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    return fs.fstatSync(fd).isFile() && holds(fd, expected);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes all of `bytes` at `position` (a write may be short). */
function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let n = 0;
  while (n < bytes.length) n += fs.writeSync(fd, bytes, n, bytes.length - n, position + n);
}

/** A fresh temporary file name in `file`'s folder: `.neon-auth-<12 hex>.tmp` (short, so a long file name does not make it too long). */
function tempPathBeside(file: string): string {
  // node:crypto is required here, on the first file written: a run that writes nothing never loads it.
  const crypto = require('crypto') as typeof import('crypto'); // eslint-disable-line @typescript-eslint/no-require-imports
  return path.join(path.dirname(file), `.neon-auth-${crypto.randomBytes(6).toString('hex')}.tmp`);
}

/**
 * A new, empty temporary file beside `file` that will have its owner, group and mode once written:
 * its descriptor and path. Undefined when that cannot be: the folder is not writable, or the
 * user may not give the file's owner or group to a new file (another user's file, a group they
 * are not in). Short name (`.neon-auth-<12 hex>.tmp`), so a long file name does not make it too long.
 */
function createTwin(file: string, stat: fs.Stats): { fd: number; tmp: string } | undefined {
  const tmp = tempPathBeside(file);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600); // no one else reads it while it is written
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return undefined;
    throw e;
  }
  try {
    const own = fs.fstatSync(fd);
    if (own.uid !== stat.uid || own.gid !== stat.gid) fs.fchownSync(fd, stat.uid, stat.gid);
    fs.fchmodSync(fd, stat.mode & 0o7777); // after chown, which clears set-id bits
    return { fd, tmp };
  } catch (e) {
    fs.closeSync(fd);
    fs.unlinkSync(tmp);
    const code = (e as NodeJS.ErrnoException).code;
    // EINVAL: an owner this user namespace cannot map
    if (code === 'EPERM' || code === 'EACCES' || code === 'EINVAL') return undefined;
    throw e;
  }
}

/**
 * Rewrites the file with `content` through one descriptor, after checking through it that the file
 * still holds `expected` (so the check and the write concern the same inode). Not atomic: the new
 * bytes are written over the old from the start (one write call for a regular file), then the file
 * is cut to their length and flushed. Writing before cutting means the file is never empty or
 * shorter than both texts: a reader in between sees the new text, followed by the old text's tail
 * when the new one is shorter (cutting first would show an empty or truncated file instead). If
 * the write fails (a full disk), the original bytes are written back. A crash mid-write can still
 * leave a mix of both: that is the price of keeping hard links, owner and a read-only folder.
 */
function rewriteInPlace(file: string, expected: Uint8Array, content: Uint8Array): ReplaceOutcome {
  const fd = fs.openSync(file, fs.constants.O_RDWR | (fs.constants.O_NONBLOCK ?? 0));
  try {
    if (!fs.fstatSync(fd).isFile()) throw new NotRegularFileError(file);
    if (!holds(fd, expected)) return { kind: 'changed' };
    try {
      writeAll(fd, content, 0);
      fs.ftruncateSync(fd, content.length);
      fs.fsyncSync(fd);
    } catch (e) {
      try {
        writeAll(fd, expected, 0);
        fs.ftruncateSync(fd, expected.length);
      } catch {
        /* the first error says more */
      }
      throw e;
    }
    return { kind: 'written', how: 'inPlace' };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces a file's content with `content`, if it still holds exactly `expected` (the bytes read
 * before fixing): otherwise nothing is written and the outcome is `changed`, so an edit saved
 * while the CLI worked is never lost. A symlink is resolved first: its target is written.
 *
 * - Refused (nothing written): a file the user may not write (`access(W_OK)` as the user), and a
 *   file no one may write (no write permission bit), for root too; root may fix any other file and
 *   keeps its owner.
 * - Usually: a temporary file in the same folder gets the content, the file's owner, group and
 *   mode, is flushed, and renamed over the file after a last check: atomic, never a partial file.
 * - In place, when renaming would change what the file is: it has other hard links (they would
 *   keep the old text), the user cannot give a new file its owner or group, or the folder is not
 *   writable. See `rewriteInPlace` for what that costs.
 *
 * The check and the write are two steps: an edit saved between the last check and the rename (or
 * the write) is still lost; that window is one system call wide. Throws the file-system error when
 * the file cannot be read or written.
 */
export function replaceContent(file: string, expected: Uint8Array, content: Uint8Array): ReplaceOutcome {
  const target = fs.realpathSync(file);
  const stat = fs.statSync(target);
  if (!stat.isFile()) throw new NotRegularFileError(file);
  const refusal = writeRefusal(target, stat);
  if (refusal !== undefined) return { kind: 'refused', reason: refusal };
  if (!stillHolds(target, expected)) return { kind: 'changed' };
  const twin = stat.nlink > 1 ? undefined : createTwin(target, stat);
  if (twin === undefined) return rewriteInPlace(target, expected, content);
  const { fd, tmp } = twin;
  let open = true;
  let renamed = false;
  try {
    writeAll(fd, content, 0);
    fs.fsyncSync(fd);
    open = false;
    fs.closeSync(fd);
    if (!stillHolds(target, expected)) return { kind: 'changed' };
    fs.renameSync(tmp, target);
    renamed = true;
    return { kind: 'written', how: 'renamed' };
  } finally {
    if (open) fs.closeSync(fd);
    if (!renamed) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    }
  }
}

/**
 * Creates `file` holding `content`, never replacing anything already at that path (a file, a
 * folder, a symlink, a broken one too): `exists` then, nothing written. Atomic, as `replaceContent`
 * writes: a temporary file beside it gets the content (mode 0666 less the umask), is flushed, and is
 * hard-linked to `file` (`link` fails with `EEXIST` instead of replacing, unlike `rename`), then
 * its temporary name is removed; a reader never sees a partial file. On a file system without hard
 * links (`EPERM`, `ENOTSUP`, `ENOSYS`: FAT, some network mounts) the file is created exclusively
 * (`O_EXCL`) and written in place: still never a replacement, but a crash mid-write could leave it
 * partial. Throws the file-system error when the folder cannot be written.
 */
export function createNewFile(file: string, content: Uint8Array): 'written' | 'exists' {
  const tmp = tempPathBeside(file);
  const fd = fs.openSync(tmp, 'wx', 0o666);
  let linked: boolean | undefined;
  try {
    try {
      writeAll(fd, content, 0);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
      linked = true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'exists';
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
      linked = false;
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  if (linked) return 'written';
  let out: number;
  try {
    out = fs.openSync(file, 'wx', 0o666);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw e;
  }
  try {
    writeAll(out, content, 0);
    fs.fsyncSync(out);
  } finally {
    fs.closeSync(out);
  }
  return 'written';
}
