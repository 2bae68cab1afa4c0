/**
 * Reading, decoding and writing SQL files (server/src/fileText.ts, server/src/cli/files.ts) in
 * process: encodings, bounded reads, and a fixed file written only when it still holds what was
 * read. The CLI's end-to-end behaviour on the same cases is in cli.test.ts.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readSource, replaceContent } from '../server/src/cli/files';
import { loadConfig, MAX_CONFIG_BYTES } from '../server/src/config/config';
import { decodeText, encodeText, maxBytesFor, NotRegularFileError, readRegularFile } from '../server/src/fileText';
import { DEFAULT_SETTINGS } from '../server/src/lsp/settings';
import { WorkspaceCheck } from '../server/src/lsp/workspaceCheck';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-files-'));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const QUERY = 'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n';

describe('decodeText and encodeText', () => {
  const text = '-- café 😀\r\nSELECT 1;\n';
  const cases: [string, Buffer, string, boolean][] = [
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8', false],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8', true],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le', true],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), 'utf-16be', true],
  ];
  for (const [name, bytes, encoding, bom] of cases) {
    test(`${name}: the text without its BOM, and the same bytes when encoded back`, () => {
      const decoded = decodeText(bytes);
      assert.deepEqual(decoded, { text, encoding, bom, exact: true });
      assert.deepEqual(encodeText(decoded.text, decoded.encoding, decoded.bom), bytes);
    });
  }

  test('keeps a second BOM as text', () => {
    const decoded = decodeText(Buffer.from([0xff, 0xfe, 0xff, 0xfe, 0x41, 0x00]));
    assert.deepEqual(decoded, { text: '\uFEFFA', encoding: 'utf-16le', bom: true, exact: true });
  });

  test('bytes not valid in their encoding decode with U+FFFD and are marked not exact', () => {
    assert.deepEqual(decodeText(Buffer.from([0x41, 0xff, 0x42])), { text: 'A\uFFFDB', encoding: 'utf-8', bom: false, exact: false });
    // an odd number of bytes after a UTF-16 BOM
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])), { text: 'A\uFFFD', encoding: 'utf-16le', bom: true, exact: false });
    // a lone surrogate (0xD800) in UTF-16BE
    assert.deepEqual(decodeText(Buffer.from([0xfe, 0xff, 0xd8, 0x00, 0x00, 0x41])), { text: '\uFFFDA', encoding: 'utf-16be', bom: true, exact: false });
  });

  test('maxBytesFor: no file over it can hold as few UTF-16 code units', () => {
    // 3 bytes per code unit is UTF-8's worst case (U+0800..U+FFFF), plus a 3-byte BOM
    const worst = encodeText('€'.repeat(1000), 'utf-8', true);
    assert.equal(worst.length, maxBytesFor(1000));
    assert.ok(encodeText('😀'.repeat(500), 'utf-8', true).length < maxBytesFor(1000));
    assert.ok(encodeText('a'.repeat(1000), 'utf-16le', true).length < maxBytesFor(1000));
  });
});

describe('readRegularFile', () => {
  test('reads a regular file up to the limit, and only the size of a larger one', () => {
    const file = path.join(tempDir(), 'a.sql');
    fs.writeFileSync(file, 'SELECT 1;\n');
    assert.deepEqual(readRegularFile(file, 10), { bytes: Buffer.from('SELECT 1;\n'), size: 10 });
    assert.deepEqual(readRegularFile(file, 9), { bytes: undefined, size: 10 });
  });

  test('does not read a 600 MB file (sparse: no disk used) over the limit', () => {
    const file = path.join(tempDir(), 'big.sql');
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, 600 * 1024 * 1024);
    assert.deepEqual(readRegularFile(file, maxBytesFor(5 * 1024 * 1024)), { bytes: undefined, size: 600 * 1024 * 1024 });
    assert.deepEqual(readSource(file, 5 * 1024 * 1024), { source: undefined, size: 600 * 1024 * 1024 });
  });

  test('refuses a FIFO without waiting for a writer, a device and a directory; a missing file is ENOENT', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.sql');
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, String(made.stderr));
    for (const p of [fifo, '/dev/zero', dir]) {
      assert.throws(
        () => readRegularFile(p, 1024),
        (e: unknown) => e instanceof NotRegularFileError && e.message === 'not a regular file',
        p,
      );
    }
    assert.throws(() => readRegularFile(path.join(dir, 'missing.sql'), 1024), { code: 'ENOENT' });
  });
});

describe('loadConfig refuses what it cannot read in bounded time', () => {
  const problem = (file: string): [string, string][] => loadConfig(file).problems.map((p) => [p.severity, p.message]);

  test('a FIFO and /dev/zero are not regular files', () => {
    const fifo = path.join(tempDir(), '.neon-auth.json');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const p of [fifo, '/dev/zero']) {
      assert.deepEqual(problem(p), [['error', `${path.basename(p)} could not be read: not a regular file (defaults are used).`]], p);
    }
  });

  test('a file over 1 MB is not read', () => {
    const file = path.join(tempDir(), '.neon-auth.json');
    fs.writeFileSync(file, '{}');
    fs.truncateSync(file, MAX_CONFIG_BYTES + 1);
    assert.deepEqual(problem(file), [
      [
        'error',
        `.neon-auth.json could not be read: it is ${MAX_CONFIG_BYTES + 1} bytes, over the 1048576-byte limit for a configuration file (defaults are used).`,
      ],
    ]);
  });
});

describe('replaceContent writes a fixed file only when it still holds what was read', () => {
  const FIXED = Buffer.from(QUERY.replace('JOIN', 'LEFT JOIN'));
  const setup = (): { dir: string; file: string; read: Buffer } => {
    const dir = tempDir();
    const file = path.join(dir, 'q.sql');
    fs.writeFileSync(file, QUERY);
    return { dir, file, read: fs.readFileSync(file) };
  };

  test('unchanged: renames a new file over it, keeping its mode, and leaves no temporary file', () => {
    const { dir, file, read } = setup();
    fs.chmodSync(file, 0o640);
    assert.deepEqual(replaceContent(file, read, FIXED), { kind: 'written', how: 'renamed' });
    assert.deepEqual(fs.readFileSync(file), FIXED);
    assert.equal(fs.statSync(file).mode & 0o7777, 0o640);
    assert.deepEqual(fs.readdirSync(dir), ['q.sql']);
  });

  test('changed between the read and the write (a line appended): writes nothing, the edit stays', () => {
    const { dir, file, read } = setup();
    fs.appendFileSync(file, 'SELECT 2;\n');
    assert.deepEqual(replaceContent(file, read, FIXED), { kind: 'changed' });
    assert.equal(fs.readFileSync(file, 'utf8'), `${QUERY}SELECT 2;\n`);
    assert.deepEqual(fs.readdirSync(dir), ['q.sql']);
  });

  test('changed without changing its size or modification time: still seen', () => {
    const { file, read } = setup();
    const { atime, mtime } = fs.statSync(file);
    fs.writeFileSync(file, QUERY.replace('posts', 'POSTS'));
    fs.utimesSync(file, atime, mtime);
    assert.deepEqual(replaceContent(file, read, FIXED), { kind: 'changed' });
    assert.equal(fs.readFileSync(file, 'utf8'), QUERY.replace('posts', 'POSTS'));
  });

  test('hard-linked: rewritten in place, so the other name sees the fix; a change is still seen', () => {
    const { dir, file, read } = setup();
    const other = path.join(dir, 'other-name.txt');
    fs.linkSync(file, other);
    const ino = fs.statSync(file).ino;
    assert.deepEqual(replaceContent(file, read, FIXED), { kind: 'written', how: 'inPlace' });
    assert.deepEqual(fs.readFileSync(other), FIXED);
    assert.deepEqual([fs.statSync(file).ino, fs.statSync(file).nlink], [ino, 2]);
    fs.appendFileSync(other, 'SELECT 2;\n');
    assert.deepEqual(replaceContent(file, FIXED, Buffer.from('SELECT 3;\n')), { kind: 'changed' });
    assert.equal(fs.readFileSync(file, 'utf8'), `${FIXED.toString()}SELECT 2;\n`);
    // a shorter text cuts the file to its length
    assert.deepEqual(replaceContent(file, fs.readFileSync(file), Buffer.from('SELECT 3;\n')), { kind: 'written', how: 'inPlace' });
    assert.equal(fs.readFileSync(other, 'utf8'), 'SELECT 3;\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['other-name.txt', 'q.sql']);
  });

  test('a file no one may write (0444) is refused, whoever runs it (root too)', () => {
    const { file, read } = setup();
    fs.chmodSync(file, 0o444);
    assert.deepEqual(replaceContent(file, read, FIXED), { kind: 'refused', reason: 'the file is read-only' });
    assert.equal(fs.readFileSync(file, 'utf8'), QUERY);
  });

  test('a symlink: its target is written, the link stays', () => {
    const { dir, file, read } = setup();
    const link = path.join(dir, 'link.sql');
    fs.symlinkSync('q.sql', link);
    assert.deepEqual(replaceContent(link, read, FIXED), { kind: 'written', how: 'renamed' });
    assert.equal(fs.readlinkSync(link), 'q.sql');
    assert.deepEqual(fs.readFileSync(file), FIXED);
  });
});

describe('the workspace check decodes files as the CLI does', () => {
  test('a UTF-16LE file with a BOM is checked, with the same ranges as its UTF-8 text', async () => {
    const dir = tempDir();
    const text = '-- café\r\n' + QUERY;
    fs.writeFileSync(path.join(dir, 'utf16.sql'), encodeText(text, 'utf-16le', true));
    const published: [string, unknown[]][] = [];
    const check = new WorkspaceCheck({
      folders: async () => [pathToFileURL(dir).toString()],
      settingsFor: async () => ({ ...DEFAULT_SETTINGS }),
      configFor: () => undefined,
      openText: () => undefined,
      contextOf: () => ({}),
      ready: async () => undefined,
      publish: (uri, diagnostics) =>
        void published.push([uri, diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character])]),
    });
    const progress = { begin: () => undefined, report: () => undefined, done: () => undefined };
    const result = await check.run(progress, () => false);
    assert.equal(result.message, 'Neon Auth checked 1 file: 1 warning in 1 file.');
    const at = QUERY.indexOf('JOIN');
    assert.deepEqual(published, [[pathToFileURL(path.join(dir, 'utf16.sql')).toString(), [['prefer-left-join', 1, at, 1, at + 4]]]]);
  });
});
