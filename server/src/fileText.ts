/**
 * Reading files from disk safely and turning their bytes into the text the linter sees: shared by
 * the CLI, the configuration loader and the language server's workspace check (the editor sends
 * the text of open documents itself). No linting here.
 */
import * as fs from 'fs';

/** How a file's bytes encode its text, as told by its first bytes. */
export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** A file's text as the linter sees it (without a byte order mark), and how to write it back. */
export interface DecodedText {
  /** The text after the byte order mark, if any. Offsets and positions refer to this text. */
  text: string;
  /** UTF-16 when the file starts with a UTF-16 byte order mark (FF FE or FE FF), else UTF-8. */
  encoding: SourceEncoding;
  /** Whether the file started with a byte order mark (always true for UTF-16). */
  bom: boolean;
  /**
   * Whether `encodeText(text, encoding, bom)` gives back exactly the bytes read: false when they
   * are not valid in their encoding (their bad sequences were decoded as U+FFFD), so writing the
   * text back would change bytes no fix touched.
   */
  exact: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a file's bytes: UTF-16LE or UTF-16BE when they start with that byte order mark (what
 * Windows PowerShell 5's `>` writes), else UTF-8 with or without its BOM. Never throws: invalid
 * sequences become U+FFFD and `exact` is false. Text without a BOM is always read as UTF-8 (a
 * UTF-16 file without one then holds NUL characters, and the linter skips it as not text).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  let encoding: SourceEncoding = 'utf-8';
  let bomLength = 0;
  if (startsWith(bytes, [0xff, 0xfe])) [encoding, bomLength] = ['utf-16le', 2];
  else if (startsWith(bytes, [0xfe, 0xff])) [encoding, bomLength] = ['utf-16be', 2];
  else if (startsWith(bytes, UTF8_BOM)) bomLength = 3;
  // ignoreBOM: the mark was taken off above; a second one is text and stays.
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bomLength));
  const bom = bomLength > 0;
  const exact = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(encodeText(text, encoding, bom));
  return { text, encoding, bom, exact };
}

/** The bytes of `text` in `encoding`, after its byte order mark when `bom` is set. */
export function encodeText(text: string, encoding: SourceEncoding, bom: boolean): Buffer {
  const marked = bom ? `\uFEFF${text}` : text;
  if (encoding === 'utf-8') return Buffer.from(marked, 'utf8');
  const bytes = Buffer.from(marked, 'utf16le');
  return encoding === 'utf-16be' ? bytes.swap16() : bytes;
}

/**
 * The most bytes a file can take for `units` UTF-16 code units of text: 3 (UTF-8 takes 1 to 3 bytes
 * per code unit, 4 per surrogate pair; UTF-16 takes 2), and a BOM. A larger file surely has more
 * than `units` code units, so a front end can skip it by its size without reading it.
 */
export function maxBytesFor(units: number): number {
  return 3 * units + 3;
}

/** What `readRegularFile` found: the bytes, or only the size when it was over the limit. */
export type BoundedRead = { bytes: Buffer; size: number } | { bytes: undefined; size: number };

/** Thrown for a path that is not a regular file (a FIFO, a device such as /dev/zero, a socket, a directory). */
export class NotRegularFileError extends Error {
  constructor(readonly path: string) {
    super('not a regular file');
  }
}

/** `O_NONBLOCK` where the platform has it: opening a FIFO for reading then does not wait for a writer. */
const OPEN_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/**
 * Reads a regular file, at most `maxBytes` of it: the file is opened without blocking (a FIFO
 * does not wait for a writer) and checked with `fstat` before any byte is read. A file larger
 * than `maxBytes` (or that grows past it while being read) is not read: `bytes` is undefined and
 * `size` tells its size in bytes. Throws `NotRegularFileError` for anything but a regular file,
 * and the file-system error when it cannot be opened or read.
 */
export function readRegularFile(file: string, maxBytes: number): BoundedRead {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | OPEN_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(file);
    if (stat.size > maxBytes) return { bytes: undefined, size: stat.size };
    const chunks: Buffer[] = [];
    let length = 0;
    // The first chunk holds the file as fstat saw it and one byte more: that byte tells a file that grew since.
    let chunkSize = stat.size + 1;
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkSize);
      let n = 0;
      while (n < chunk.length) {
        const read = fs.readSync(fd, chunk, n, chunk.length - n, null);
        if (read === 0) break;
        n += read;
      }
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) return { bytes: undefined, size: Math.max(fs.fstatSync(fd).size, length) };
      if (n < chunk.length) break; // end of file
      chunkSize = Math.min(64 * 1024, maxBytes + 1 - length);
    }
    return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length), size: length };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The first `bytes` bytes of a regular file (fewer when it is shorter), opened as `readRegularFile`
 * opens it (never waits for a FIFO's writer). Throws `NotRegularFileError` for anything but a
 * regular file, and the file-system error when it cannot be opened or read.
 */
export function readFileHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | OPEN_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new NotRegularFileError(file);
    const buf = Buffer.allocUnsafe(bytes);
    let n = 0;
    while (n < bytes) {
      const read = fs.readSync(fd, buf, n, bytes - n, null);
      if (read === 0) break;
      n += read;
    }
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}
