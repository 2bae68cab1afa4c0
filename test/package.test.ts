/**
 * The npm package: `npm pack` holds only what runs (bundles, the parser's wasm, schemas, snippets,
 * rule docs), and installed into another project, `npx neon-auth-lint` and the language server's
 * bin work from it. Needs the bundles (`npm test` builds them first). The .vsix is packed from the
 * same `files` list (vsce reads it; there is no .vscodeignore).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleModules } from '../server/src/linter/rules/registry';
import { CACHED_BUNDLES } from '../server/src/cli';

const root = path.resolve(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-package-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function sh(command: string, args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['GITHUB_ACTIONS', 'GITHUB_WORKSPACE', 'NO_COLOR', 'FORCE_COLOR']) delete env[key];
  // `npm test` sets npm_config_* variables of this project; the installing project has its own.
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('npm pack holds exactly the bundles, the wasm, the schemas, the snippets, the rule docs and the top-level docs', () => {
  const r = sh(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], root);
  assert.equal(r.code, 0, r.stderr);
  const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  const files = pack.files.map((f) => f.path).sort();
  const expected = [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/cli.js',
    'dist/cliEngine.js',
    'dist/cliMigrate.js',
    'dist/extension.js',
    'dist/lib-ajv.js',
    'dist/lib-babel-parser.js',
    'dist/lib-libpg-query.js',
    'dist/lib-pgsql-ast-parser.js',
    'dist/libpg-query.wasm',
    'dist/server.js',
    'package.json',
    'schemas/neon-auth.schema.json',
    ...ruleModules.map((m) => `server/src/linter/rules/${m.meta.id}/README.md`),
    'snippets/neon-auth.json',
  ].sort();
  assert.deepEqual(files, expected);
});

test('installed from its tarball into another project, npx neon-auth-lint checks a file and the server bin answers', () => {
  const pack = sh(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root);
  assert.equal(pack.code, 0, pack.stderr);
  const [{ filename }] = JSON.parse(pack.stdout) as { filename: string }[];
  const project = path.join(work, 'app');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
  // No runtime dependency: the bundles hold everything, so the install works offline.
  const install = sh(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--save-dev', path.join(work, filename)], project);
  assert.equal(install.code, 0, install.stderr);
  fs.writeFileSync(path.join(project, 'q.sql'), 'SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n');
  const lint = sh(npm, ['exec', '--offline', '--', 'neon-auth-lint', 'q.sql'], project);
  assert.equal(
    lint.stdout,
    'q.sql:1:26 warning prefer-left-join Inner join to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN.\n',
  );
  assert.equal(lint.code, 1);
  // The bundles required on first use ship too: Babel for a TypeScript file, ajv for a .neon-auth.json.
  fs.writeFileSync(path.join(project, '.neon-auth.json'), '{ "rules": { "require-deleted-at-filter": "error" } }\n');
  fs.writeFileSync(
    path.join(project, 'users.ts'),
    "import { neon } from '@neondatabase/serverless';\nconst sql = neon(process.env.DATABASE_URL!);\nexport const all = () => sql`SELECT id FROM neon_auth.users_sync`;\n",
  );
  const host = sh(npm, ['exec', '--offline', '--', 'neon-auth-lint', 'users.ts'], project);
  assert.equal(
    host.stdout,
    'users.ts:3:45 error require-deleted-at-filter Query reads neon_auth.users_sync without filtering soft-deleted users; add neon_auth.users_sync.deleted_at IS NULL.\n',
    host.stderr,
  );
  const server = sh(path.join(project, 'node_modules', '.bin', 'neon-auth-language-server'), ['--version'], project);
  assert.equal(server.code, 0, server.stderr);
  assert.match(server.stdout, /^neon-auth-sql \d+\.\d+\.\d+/);
});

test('the language server bin answers --version and --help, and a command line with no transport exits 2 with its usage, not a stack trace', () => {
  const server = path.join(root, 'dist', 'server.js');
  const version = sh(process.execPath, [server, '--version'], root);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^neon-auth-sql \d+\.\d+\.\d+\n$/);
  const help = sh(process.execPath, [server, '--help'], root);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: neon-auth-language-server --stdio \| --node-ipc \| --socket=PORT \| --pipe=NAME\n/);
  const none = sh(process.execPath, [server], root);
  assert.equal(none.code, 2);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /^neon-auth-language-server: name a transport\.\nUsage: /);
  assert.doesNotMatch(none.stderr, /at .*server\.js/);
});

test('the CLI compiles with its code cache exactly the bundles it requires beside dist/cli.js', () => {
  const bundles = fs
    .readdirSync(path.join(root, 'dist'))
    .filter((f) => f.endsWith('.js') && !['cli.js', 'server.js', 'extension.js'].includes(f))
    .sort();
  assert.deepEqual([...CACHED_BUNDLES].sort(), bundles);
});

describe('dist/libpg-query.wasm: libpg-query’s module with its initial memory lowered (scripts/wasm.mjs)', () => {
  const original = fs.readFileSync(path.join(root, 'node_modules', 'libpg-query', 'wasm', 'libpg-query.wasm'));
  const shipped = fs.readFileSync(path.join(root, 'dist', 'libpg-query.wasm'));

  test('from 2,048 pages (128 MiB) to 527, where its stack pointer starts; no other byte differs', async () => {
    const { lowerInitialMemory } = (await import(pathToFileURL(path.join(root, 'scripts', 'wasm.mjs')).href)) as {
      lowerInitialMemory(b: Uint8Array): { bytes: Uint8Array; before?: number; after?: number; reason?: string };
    };
    const lowered = lowerInitialMemory(original);
    assert.deepEqual([lowered.before, lowered.after, lowered.reason], [2048, 527, undefined]);
    assert.deepEqual(Buffer.from(lowered.bytes), shipped);
    const differing = [...shipped].flatMap((b, i) => (b === original[i] ? [] : [i]));
    assert.deepEqual([shipped.length, differing.length], [original.length, 2]);
    // a module that is not the expected layout is left as it is
    const notWasm = Uint8Array.from([1, 2, 3, 4]);
    assert.deepEqual(lowerInitialMemory(notWasm), { bytes: notWasm, before: undefined, after: undefined, reason: 'not a WebAssembly module' });
    assert.deepEqual(lowerInitialMemory(shipped).reason, 'minimum already at what it needs');
  });

  test('grows when a parse needs more memory, and parses as the original module does', async () => {
    // the module's memory, seen through the instance the bundle creates (the project's lib has no WebAssembly types)
    type Instantiated = { instance: { exports: Record<string, unknown> } };
    const wasm = (globalThis as unknown as { WebAssembly: { instantiate(...args: unknown[]): Promise<Instantiated> } }).WebAssembly;
    let exports: Record<string, unknown> | undefined;
    const instantiate = wasm.instantiate;
    wasm.instantiate = async (...args: unknown[]) => {
      const result = await instantiate.apply(wasm, args);
      exports = result.instance.exports;
      return result;
    };
    type Lib = { loadModule(): Promise<void>; parseSync(sql: string): unknown };
    let bundled: Lib;
    try {
      bundled = require(path.join(root, 'dist', 'lib-libpg-query.js')) as Lib; // eslint-disable-line @typescript-eslint/no-require-imports
      await bundled.loadModule();
    } finally {
      wasm.instantiate = instantiate;
    }
    const memory = exports?.z as { buffer: ArrayBuffer };
    assert.equal(memory.buffer.byteLength, 527 * 65536);
    const rows = Array.from({ length: 4000 }, (_, i) => `('${i}', 'name ${i}')`).join(', ');
    const sql = `SELECT u.name FROM (VALUES ${rows}) AS v(id, n) JOIN neon_auth.users_sync u ON u.id = v.id;\n`.repeat(8);
    const tree = bundled.parseSync(sql);
    assert.ok(memory.buffer.byteLength > 527 * 65536, `grown: ${memory.buffer.byteLength} bytes`);
    const reference = require('libpg-query') as Lib; // eslint-disable-line @typescript-eslint/no-require-imports
    await reference.loadModule();
    assert.deepEqual(tree, reference.parseSync(sql));
  });
});
