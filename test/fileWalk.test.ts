/**
 * The shared folder walker (`server/src/fileWalk.ts`): the entry rule, walk order, depth, and what
 * it tells about links it cannot follow and folders it visits twice.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { skipsFolder, walkFiles, walkFilesAsync } from '../server/src/fileWalk';

const ALL: ReadonlySet<string> = new Set(['.sql', '.ts', '.js']);

function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-walk-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('walkFiles', () => {
  test('entry rule and walk order: a folder’s files where its name sorts, by UTF-16 code units; sync and async agree', async () => {
    const dir = tree({
      'a-b.sql': '',
      'a/z.sql': '',
      'B.sql': '',
      'a/notes.txt': '',
      'node_modules/pkg/schema.sql': '',
      '.next/server.js': '',
      'src/db.ts': '',
      'src/types.d.ts': '',
      'dist/db.js': '',
      'dist/seed.sql': '',
      'coverage/x/report.js': '',
    });
    const expected = ['B.sql', 'a/z.sql', 'a-b.sql', 'dist/seed.sql', 'src/db.ts'].map((f) => path.join(dir, f));
    try {
      assert.deepEqual(walkFiles(dir, { extensions: ALL }), expected);
      assert.deepEqual(await walkFilesAsync(dir, { extensions: ALL }), expected);
      // Relative roots stay relative, written as path.join writes them.
      const rel = path.relative(process.cwd(), dir);
      assert.deepEqual(
        walkFiles(`${rel}${path.sep}`, { extensions: new Set(['.sql']), maxDepth: 0 }),
        ['B.sql', 'a-b.sql'].map((f) => path.join(rel, f)),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('skipsFolder: node_modules and dot-folders only', () => {
    assert.deepEqual(['node_modules', '.git', '.next', 'dist', 'build', 'out', 'coverage', 'src', 'node_modules2'].map(skipsFolder), [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('symlinked files are followed once (seenFiles), symlinked folders never; broken links and a stop are told', () => {
    const dir = tree({ 'm/0001.sql': '', 'm/1_x/migration.sql': '', 'm/1_x/other.sql': '', 'm/notes/n.sql': '' });
    try {
      fs.symlinkSync('0001.sql', path.join(dir, 'm', '0002.sql'));
      fs.symlinkSync('missing.sql', path.join(dir, 'm', '0003.sql'));
      fs.symlinkSync('0004_b.sql', path.join(dir, 'm', '0004_a.sql'));
      fs.symlinkSync('0004_a.sql', path.join(dir, 'm', '0004_b.sql'));
      fs.symlinkSync('..', path.join(dir, 'm', 'loop'));
      const broken: string[] = [];
      const m = path.join(dir, 'm');
      const files = walkFiles(m, {
        extensions: new Set(['.sql']),
        seenFiles: new Set(),
        onBrokenLink: (f, e) => broken.push(`${path.basename(f)} ${e.code}`),
      });
      assert.deepEqual(
        files.map((f) => path.relative(m, f)),
        ['0001.sql', path.join('1_x', 'migration.sql'), path.join('1_x', 'other.sql'), path.join('notes', 'n.sql')],
      );
      assert.deepEqual(broken, ['0003.sql ENOENT', '0004_a.sql ELOOP', '0004_b.sql ELOOP']);
      // One level down, only the folders `enterFolder` accepts.
      assert.deepEqual(
        walkFiles(m, { extensions: new Set(['.sql']), maxDepth: 1, enterFolder: (name) => /^\d+_/.test(name) }).map((f) => path.relative(m, f)),
        ['0001.sql', '0002.sql', path.join('1_x', 'migration.sql'), path.join('1_x', 'other.sql')],
      );
      assert.deepEqual(walkFiles(m, { extensions: new Set(['.sql']), shouldStop: () => true }), []);
      // A folder already searched (by real path) is not searched again.
      const seenFolders = new Set<string>();
      assert.equal(walkFiles(dir, { extensions: new Set(['.sql']), seenFolders }).length, 5);
      assert.deepEqual(walkFiles(path.join(dir, 'm', 'notes'), { extensions: new Set(['.sql']), seenFolders }), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
