/**
 * `neon-auth-lint migrate`, in process: the command line, the SQL on --out (whole) or stdout, the
 * report on stderr, the exit codes; on the examples' legacy app.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../server/src/cli';
import { parseCommandLine } from '../server/src/cli/args';
import { repoRoot } from './helpers/pglite';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, {});
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

test('migrate: the command line', () => {
  assert.deepEqual(parseCommandLine(['migrate', '--to', 'current', 'a', 'b', '--out', 'x.sql']), {
    kind: 'migrate',
    options: { to: 'current', paths: ['a', 'b'], out: 'x.sql', config: undefined },
  });
  assert.deepEqual(parseCommandLine(['migrate', 'a']), { kind: 'usageError', message: 'migrate needs --to current' });
  assert.deepEqual(parseCommandLine(['migrate', '--to', 'legacy', 'a']), { kind: 'usageError', message: "migrate --to 'legacy': only 'current' is known" });
  assert.deepEqual(parseCommandLine(['migrate', '--to', 'current']), { kind: 'usageError', message: 'migrate: no folder of migrations given' });
  assert.deepEqual(parseCommandLine(['migrate', '--help']), { kind: 'migrateHelp' });
});

test('migrate: the examples app to stdout, the report to stderr, exit 1 (choices to review)', async () => {
  const r = await cli(['migrate', '--to', 'current', 'examples/migrations']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^-- Move this app from the legacy Neon Auth/);
  assert.match(r.stdout, /\nBEGIN;\n[\s\S]*\nCOMMIT;\n$/);
  assert.equal(
    r.stderr,
    [
      'examples/migrations/0001_create_todos_and_posts.sql:12 warning public.todos.owner_id: ON DELETE NO ACTION becomes ON DELETE CASCADE (a choice: read the comment in the file).',
      'examples/migrations/0001_create_todos_and_posts.sql:26 warning public.posts.author_id: ON DELETE NO ACTION becomes ON DELETE SET NULL (a choice: read the comment in the file).',
      'examples/migrations/0001_create_todos_and_posts.sql:42 warning public.posts.reviewer_id: ON DELETE NO ACTION becomes ON DELETE SET NULL (a choice: read the comment in the file).',
      'examples/migrations/0001_create_todos_and_posts.sql:35 info public.comments.author_id: keeps ON DELETE CASCADE.',
      '',
    ].join('\n'),
  );
});

test('migrate: --out gets the whole file; no set or a missing path exits 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
  try {
    const out = path.join(dir, 'move.sql');
    const r = await cli(['migrate', '--to', 'current', 'examples/migrations', '--out', out]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /wrote .*move\.sql \(4 columns to move\)\n$/);
    assert.equal(fs.readFileSync(out, 'utf8'), (await cli(['migrate', '--to', 'current', 'examples/migrations'])).stdout);
    assert.deepEqual(fs.readdirSync(dir), ['move.sql']);
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    assert.equal((await cli(['migrate', '--to', 'current', empty])).code, 2);
    assert.equal((await cli(['migrate', '--to', 'current', path.join(dir, 'nope')])).code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
