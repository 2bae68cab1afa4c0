/**
 * `--concurrency`: the bundled CLI (dist/cli.js) on worker threads gives the report, the stderr
 * lines, the exit code, the fixed files and the cache of a run on the main thread alone, byte for
 * byte; and `planTasks` keeps each migration set in one task.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planTasks } from '../server/src/cli/workers';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const examples = path.join(root, 'examples');

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

before(() => {
  if (fs.existsSync(cli) && fs.existsSync(path.join(path.dirname(cli), 'cliEngine.js'))) return;
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
});

/** A counting `--require` hook: how many worker threads the CLI started, written to `out` at exit. */
function workerHook(dir: string): { hook: string; count: () => number } {
  const hook = path.join(dir, '..', `${path.basename(dir)}-hook.js`);
  const out = `${hook}.json`;
  fs.writeFileSync(
    hook,
    `const wt = require('worker_threads'), fs = require('fs');
let started = 0;
const Original = wt.Worker;
wt.Worker = class extends Original { constructor(...a) { super(...a); started++; } };
process.on('exit', () => fs.writeFileSync(${JSON.stringify(out)}, String(started)));
`,
  );
  return { hook, count: () => Number(fs.readFileSync(out, 'utf8')) };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  workers: number;
}

function runCli(args: string[], cwd: string): Run {
  const { hook, count } = workerHook(cwd);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['GITHUB_ACTIONS', 'GITHUB_WORKSPACE', 'NO_COLOR', 'FORCE_COLOR']) delete env[key];
  const r = spawnSync(process.execPath, ['--require', hook, cli, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, workers: count() };
}

/** Every file under `dir` (relative path → bytes), the cache file left out. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== '.neon-auth-lint-cache') files.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

const JOIN = (table: string, i: number): string =>
  `-- query ${i}\nSELECT t.id, u.name FROM ${table} t JOIN neon_auth.users_sync u ON u.id = t.owner_id;\nSELECT id FROM "neon_auth.users_sync" WHERE id = '${i}';\n`;

/**
 * A project with the shapes a run meets: the examples (SQL, TypeScript, Drizzle, a migration) three
 * times, 40 query files with safe fixes and suggestions, and a drizzle-kit set whose journal names
 * a missing file and which holds a hand-written file between its migrations (two notices; the
 * later migrations see the earlier ones' tables), a read-only file `--fix` refuses to write.
 */
/**
 * Sets the access and modification times of every file and folder under `dir` (itself included) to
 * an hour ago, so that the cache's metadata strategy trusts them (see `RACY_MS` in cli/cache.ts).
 * Returns that time in seconds since the epoch.
 */
function ageTree(dir: string): number {
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  const age = (p: string): void => {
    for (const e of fs.readdirSync(p, { withFileTypes: true })) {
      const file = path.join(p, e.name);
      if (e.isDirectory()) age(file);
      else fs.utimesSync(file, hourAgo, hourAgo);
    }
    fs.utimesSync(p, hourAgo, hourAgo);
  };
  age(dir);
  return hourAgo;
}

function project(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-workers-')));
  tempDirs.push(dir);
  for (const copy of ['a', 'b', 'c']) fs.cpSync(examples, path.join(dir, copy), { recursive: true });
  fs.mkdirSync(path.join(dir, 'queries'));
  for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, 'queries', `q${String(i).padStart(2, '0')}.sql`), JOIN(i % 2 ? 'todos' : 'posts', i));
  const drizzle = path.join(dir, 'drizzle');
  fs.mkdirSync(path.join(drizzle, 'meta'), { recursive: true });
  fs.writeFileSync(
    path.join(drizzle, 'meta', '_journal.json'),
    JSON.stringify({ entries: ['0000_init', '0001_more', '0002_late', '0003_missing'].map((tag, idx) => ({ idx, tag })) }),
  );
  fs.writeFileSync(path.join(drizzle, '0000_init.sql'), 'CREATE TABLE notes (id bigint PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id));\n');
  fs.writeFileSync(path.join(drizzle, '0001_manual.sql'), JOIN('notes', 100));
  fs.writeFileSync(
    path.join(drizzle, '0001_more.sql'),
    'ALTER TABLE notes ADD COLUMN body text;\nSELECT n.body, u.email FROM notes n JOIN neon_auth.users_sync u ON u.id = n.owner_id;\n',
  );
  fs.writeFileSync(
    path.join(drizzle, '0002_late.sql'),
    'ALTER TABLE notes ADD COLUMN editor_id text REFERENCES neon_auth.users_sync(id);\nDROP TABLE notes;\n',
  );
  const readOnly = path.join(dir, 'queries', 'q07.sql');
  fs.chmodSync(readOnly, 0o444);
  return dir;
}

describe('--concurrency: worker threads give the single-threaded output', () => {
  test('each format: the same stdout, stderr and exit code with 1 thread as with 2 (and 3 for json); the workers were used', () => {
    const dir = project();
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const one = runCli(['--format', format, '--concurrency', '1', '.'], dir);
      assert.equal(one.workers, 0, `${format}: --concurrency 1 checks on the main thread`);
      assert.equal(one.code, 1, one.stderr);
      assert.ok(one.stdout.includes('prefer-left-join'), `${format}: the report has the findings`);
      for (const threads of format === 'json' ? ['2', '3'] : ['2']) {
        const many = runCli(['--format', format, '--concurrency', threads, '.'], dir);
        assert.equal(many.workers, Number(threads) - 1, `${format}: --concurrency ${threads}: the main thread and ${Number(threads) - 1} workers`);
        assert.equal(many.code, one.code, `${format} exit code`);
        assert.equal(many.stdout, one.stdout, `${format} stdout with ${threads} threads`);
        assert.equal(many.stderr, one.stderr, `${format} stderr with ${threads} threads`);
      }
    }
    // the notices of the drizzle-kit set are said once, in the report's file order
    const text = runCli(['--concurrency', '2', '.'], dir).stderr;
    assert.deepEqual(
      text.split('\n').filter((l) => l.includes('drizzle-kit')),
      [
        'neon-auth-lint: drizzle/meta/_journal.json: The drizzle-kit journal names 0003_missing.sql, which is not in drizzle: the other migrations are checked without it.',
        "neon-auth-lint: drizzle/0001_manual.sql: 0001_manual.sql is not in the drizzle-kit journal (drizzle/meta/_journal.json): drizzle-kit's migrator never runs it, so it is checked alone, outside the set's history.",
      ],
    );
  });

  test('--fix --unsafe-fixes writes the same files, and --cache the same cache, as one thread', () => {
    // Both trees an hour old, so that each run trusts the same files' times: a file modified within
    // RACY_MS of a run's start is not (the second run starting later would trust more of its files).
    const [one, two] = [project(), project()];
    ageTree(one);
    ageTree(two);
    const a = runCli(['--fix', '--unsafe-fixes', '--cache', '--concurrency', 'off', '.'], one);
    const b = runCli(['--fix', '--unsafe-fixes', '--cache', '--concurrency', '2', '.'], two);
    assert.equal(b.workers, 1);
    assert.equal(a.code, 2, 'the read-only file was not written');
    assert.match(a.stderr, /queries\/q07\.sql: not fixed: the file is read-only/);
    assert.match(a.stderr, /^queries\/q00\.sql: fixed 4 problems$/m);
    assert.equal(b.code, a.code);
    assert.equal(b.stdout, a.stdout);
    assert.equal(b.stderr, a.stderr);
    const [fixedOne, fixedTwo] = [snapshot(one), snapshot(two)];
    assert.deepEqual([...fixedTwo.keys()].sort(), [...fixedOne.keys()].sort());
    for (const [file, bytes] of fixedOne) assert.ok(bytes.equals(fixedTwo.get(file)!), `${file} is fixed alike`);
    assert.equal(
      fixedOne.get('queries/q00.sql')!.toString(),
      `-- query 0
SELECT t.id, u.name FROM posts t LEFT JOIN neon_auth.users_sync u ON u.id = t.owner_id WHERE u.deleted_at IS NULL;
SELECT id FROM "neon_auth"."users_sync" WHERE id = '0' AND "neon_auth"."users_sync".deleted_at IS NULL;
`,
    );
    // the same entries (what each thread's checker read, `groups` and `deps`, depends on which files it checked)
    const cacheOf = (dir: string): unknown => {
      const cache = JSON.parse(fs.readFileSync(path.join(dir, '.neon-auth-lint-cache'), 'utf8').split(dir).join('<dir>')) as {
        entries: Record<string, { key: string; findings: unknown[]; positions: number[]; stat?: string }>;
      };
      // a trusted stat names the file's inode and times, which differ between the two trees: whether it is trusted
      const trusted = (stat: string | undefined): string | undefined => (stat === undefined || stat === '?' ? stat : 'trusted');
      return Object.entries(cache.entries).map(([file, e]) => [file, e.key, e.findings, e.positions, trusted(e.stat)]);
    };
    assert.deepEqual(cacheOf(two), cacheOf(one));
    // the unchanged files' times are trusted; the files --fix wrote keep none (written during the run)
    const stats = new Map((cacheOf(one) as unknown[][]).map((e) => [e[0], e[4]]));
    assert.equal(stats.get('<dir>/a/app/posts.ts'), 'trusted');
    assert.equal(stats.get('<dir>/queries/q00.sql'), undefined);
    // and the cache is read alike: a second run reuses it on workers
    const again = runCli(['--cache', '--format', 'json', '--concurrency', '2', '.'], two);
    assert.equal(again.stdout, runCli(['--format', 'json', '--concurrency', 'off', '.'], one).stdout);
  });

  test('--cache: files reused without being read and files checked again on workers give the single-threaded output, notices included', () => {
    const dir = project();
    const hourAgo = ageTree(dir);
    const args = ['--cache', '--concurrency', '2', '.'];
    const expected = runCli(['--concurrency', 'off', '.'], dir);
    assert.equal(runCli(args, dir).stderr, expected.stderr);
    // two query files changed (two tasks: the main thread and a worker check them); the rest is reused
    for (const q of ['q03', 'q30']) {
      const file = path.join(dir, 'queries', `${q}.sql`);
      fs.writeFileSync(file, `-- edited\n${fs.readFileSync(file, 'utf8')}`);
      fs.utimesSync(file, hourAgo + 1, hourAgo + 1);
    }
    const changed = runCli(args, dir);
    assert.equal(changed.workers, 1);
    const fresh = runCli(['--concurrency', 'off', '.'], dir);
    assert.equal(changed.code, fresh.code);
    assert.equal(changed.stdout, fresh.stdout);
    assert.equal(changed.stderr, fresh.stderr);
    assert.match(changed.stdout, /^queries\/q03\.sql:3:/m, 'the edited file is reported at its new lines');
    assert.equal(changed.stderr.split('\n').filter((l) => l.includes('drizzle-kit')).length, 2, 'the drizzle-kit notices of the reused set');
    // nothing changed since: no worker is started, the same output
    const again = runCli(args, dir);
    assert.equal(again.workers, 0);
    assert.deepEqual([again.code, again.stdout, again.stderr], [fresh.code, fresh.stdout, fresh.stderr]);
  });

  test('auto: no worker for a few small files or one file, a thread per two cores (at most 4) for many', () => {
    const dir = project();
    assert.equal(runCli(['queries'], dir).workers, 0, '40 files of 150 bytes: not worth a worker');
    assert.equal(runCli(['queries/q01.sql'], dir).workers, 0);
    const big = path.join(dir, 'big');
    fs.mkdirSync(big);
    const text = JOIN('posts', 1).repeat(800); // 120 KB, so 2.4 MB in all
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(big, `b${i}.sql`), text);
    const r = runCli(['--format', 'json', 'big'], dir);
    const threads = Math.min(Math.floor(os.availableParallelism() / 2), 4);
    assert.equal(r.workers, threads < 2 ? 0 : threads - 1, 'the main thread and a worker per two other cores (none on 2 cores)');
    assert.equal(r.stdout, runCli(['--format', 'json', '--concurrency', 'off', 'big'], dir).stdout);
    // standard input is checked on the main thread
    assert.equal(runCli(['--concurrency', '2', '-', 'queries/q01.sql'], dir).workers, 0);
  });

  test('--concurrency takes off, auto or 1 to 64', () => {
    const dir = project();
    for (const bad of ['0', 'two', '65', '1.5']) {
      const r = runCli(['--concurrency', bad, 'queries'], dir);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--concurrency needs off, auto or a number of threads from 1 to 64/);
    }
  });
});

describe('planTasks', () => {
  test('cuts the files into consecutive chunks; a migration set, and every file within its span, is one task', () => {
    const u = undefined;
    assert.deepEqual(planTasks([u, u, u, u, u], 2), [[0, 1], [2, 3], [4]]);
    assert.deepEqual(planTasks([u, 'A', 'A', u, 'A', u, u, u], 2), [[0], [1, 2, 3, 4], [5, 6], [7]]);
    // two sets whose spans overlap are one task; a set right after another starts a new task
    assert.deepEqual(planTasks(['A', 'B', 'A', 'B', 'C', 'C', u], 8), [[0, 1, 2, 3], [4, 5], [6]]);
    assert.deepEqual(planTasks([], 8), []);
  });
});
