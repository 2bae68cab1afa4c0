/**
 * `neon-auth-lint init [<dir>]`, through the bundled CLI: the exact file (the VS Code command's,
 * `config/template.ts`), valid against the published schema and loaded without a problem; never
 * over an existing path; exact output and exit codes. In process: its command line and
 * `createNewFile`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { INIT_USAGE, parseCommandLine, USAGE } from '../server/src/cli/args';
import { createNewFile } from '../server/src/cli/files';
import { loadConfig } from '../server/src/config/config';
import { newConfigText } from '../server/src/config/template';

const root = path.resolve(__dirname, '../..');
const cli = process.env.NEON_AUTH_CLI ? path.resolve(process.env.NEON_AUTH_CLI) : path.join(root, 'dist', 'cli.js');

/** The file both the CLI and `neonAuth.createConfig` write (test/e2e/suite/extension.e2e.ts asserts the same text). */
const EXPECTED = `{
  "$schema": "https://raw.githubusercontent.com/neon-auth-sql/neon-auth-sql/main/schemas/neon-auth.schema.json",
  "authSchema": "auto",
  "rules": {},
  "ignore": []
}
`;

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-init-')));
  dirs.push(dir);
  return dir;
}

function run(args: string[], cwd: string, user?: { uid: number; gid: number }): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.GITHUB_ACTIONS;
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8', ...user });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  if (fs.existsSync(cli) && fs.existsSync(path.join(path.dirname(cli), 'cliEngine.js'))) return;
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
});

after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('neon-auth-lint init: the command line', () => {
  test('init takes at most one folder (default the working directory) and --help', () => {
    assert.deepEqual(parseCommandLine(['init']), { kind: 'init', options: { dir: '.' } });
    assert.deepEqual(parseCommandLine(['init', 'packages/api']), { kind: 'init', options: { dir: 'packages/api' } });
    assert.deepEqual(parseCommandLine(['init', '-h']), { kind: 'initHelp' });
    assert.deepEqual(parseCommandLine(['init', 'a', 'b']), { kind: 'usageError', message: 'init takes one folder, not 2', subcommand: 'init' });
    // a folder named init is linted as ./init; after other options the word is a path to lint
    assert.equal(parseCommandLine(['./init']).kind, 'run');
    assert.equal(parseCommandLine(['--quiet', 'init']).kind, 'run');
  });

  test('the help texts document it', () => {
    assert.match(
      USAGE,
      /\n {2}neon-auth-lint init \[<dir>\]\n {24}create a \.neon-auth\.json in <dir> \(default: the working directory\),\n {24}never replacing one \('neon-auth-lint init --help' for more\)\n/,
    );
    assert.match(INIT_USAGE, /^Usage: neon-auth-lint init \[<dir>\]\n/);
    assert.match(
      INIT_USAGE,
      /\nExit codes: 0 written; 2 usage error, a \.neon-auth\.json already there, <dir> missing or not a\nfolder, or the file could not be written\.\n$/,
    );
  });
});

describe('neon-auth-lint init', () => {
  test('writes the shared text in the working directory, prints its path, exits 0; the file is valid against the schema and loads without a problem', () => {
    const dir = tempDir();
    const r = run(['init'], dir);
    assert.deepEqual(r, { code: 0, stdout: 'neon-auth-lint: wrote .neon-auth.json\n', stderr: '' });
    assert.deepEqual(fs.readdirSync(dir), ['.neon-auth.json'], 'no temporary file left');
    const text = fs.readFileSync(path.join(dir, '.neon-auth.json'), 'utf8');
    assert.equal(text, EXPECTED);
    assert.equal(newConfigText(), EXPECTED);
    // the published schema, as VS Code and the loader read it (its VS Code keywords are not ajv's: strict off)
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'neon-auth.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.equal(validate(JSON.parse(text)), true, JSON.stringify(validate.errors));
    const loaded = loadConfig(path.join(dir, '.neon-auth.json'));
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.config, {
      $schema: 'https://raw.githubusercontent.com/neon-auth-sql/neon-auth-sql/main/schemas/neon-auth.schema.json',
      authSchema: 'auto',
      rules: {},
      ignore: [],
    });
    // mode: an ordinary new file (0666 less the umask), not the 0600 of a temporary one
    assert.equal(fs.statSync(path.join(dir, '.neon-auth.json')).mode & 0o777, 0o666 & ~process.umask());
    // and the lint uses it without a notice
    fs.writeFileSync(path.join(dir, 'q.sql'), 'SELECT 1;\n');
    assert.deepEqual(run(['q.sql'], dir), { code: 0, stdout: '', stderr: '0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n' });
  });

  test('in a folder under another .neon-auth.json: the path as given, and a note that the new file replaces the parent one there', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'packages', 'api'), { recursive: true });
    assert.equal(run(['init'], dir).code, 0);
    const r = run(['init', 'packages/api/'], dir);
    assert.deepEqual(r, {
      code: 0,
      stdout: 'neon-auth-lint: wrote packages/api/.neon-auth.json\n',
      stderr:
        'neon-auth-lint: note: for the files under packages/api/, it replaces .neon-auth.json: the nearest .neon-auth.json applies alone (settings are not merged)\n',
    });
    assert.equal(fs.readFileSync(path.join(dir, 'packages', 'api', '.neon-auth.json'), 'utf8'), EXPECTED);
  });

  test('never writes over what is there: a file, a symlink (broken too) or a folder of that name; exit 2', () => {
    const dir = tempDir();
    const target = path.join(dir, '.neon-auth.json');
    const exists = { code: 2, stdout: '', stderr: 'neon-auth-lint: .neon-auth.json already exists; left as it is (edit it, or delete it to start over)\n' };
    fs.writeFileSync(target, '{ "authSchema": "legacy" }\n');
    assert.deepEqual(run(['init'], dir), exists);
    assert.deepEqual(run(['init', '.'], dir), exists);
    assert.equal(fs.readFileSync(target, 'utf8'), '{ "authSchema": "legacy" }\n');
    fs.rmSync(target);
    fs.symlinkSync('elsewhere.json', target);
    assert.deepEqual(run(['init'], dir), exists);
    assert.equal(fs.existsSync(path.join(dir, 'elsewhere.json')), false, 'the link is not followed');
    fs.rmSync(target);
    fs.mkdirSync(target);
    assert.deepEqual(run(['init'], dir), exists);
    assert.deepEqual(fs.readdirSync(dir), ['.neon-auth.json']);
  });

  test('a folder that is missing, not a folder, or not writable: exit 2, nothing written', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x\n');
    assert.deepEqual(run(['init', 'nope'], dir), {
      code: 2,
      stdout: '',
      stderr: `neon-auth-lint: cannot create ${path.join('nope', '.neon-auth.json')}: there is no folder nope\n`,
    });
    assert.deepEqual(run(['init', 'notes.txt'], dir), {
      code: 2,
      stdout: '',
      stderr: `neon-auth-lint: cannot create ${path.join('notes.txt', '.neon-auth.json')}: notes.txt is not a folder\n`,
    });
    // not writable: as nobody in a folder of root's when the tests run as root, else a folder without write permission
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o555);
    fs.chmodSync(dir, 0o755);
    const r = run(['init', 'locked'], dir, isRoot ? { uid: 65534, gid: 65534 } : undefined);
    assert.deepEqual(r, {
      code: 2,
      stdout: '',
      stderr: `neon-auth-lint: cannot create ${path.join('locked', '.neon-auth.json')}: EACCES: permission denied\n`,
    });
    assert.deepEqual(fs.readdirSync(locked), []);
  });

  test('usage errors: two folders, an unknown option, and --init (a subcommand here); --help', () => {
    const dir = tempDir();
    assert.deepEqual(run(['init', 'a', 'b'], dir), {
      code: 2,
      stdout: '',
      stderr: "neon-auth-lint: init takes one folder, not 2\n\nUsage: neon-auth-lint init [<dir>]\nRun 'neon-auth-lint init --help' for more.\n",
    });
    assert.deepEqual(run(['--init'], dir), {
      code: 2,
      stdout: '',
      stderr: `neon-auth-lint: unknown option --init; to create a .neon-auth.json, run 'neon-auth-lint init [<dir>]'\n\n${USAGE.split('\n')[0]}\nRun 'neon-auth-lint --help' for the options.\n`,
    });
    assert.deepEqual(run(['init', '--help'], dir), { code: 0, stdout: INIT_USAGE, stderr: '' });
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

describe('createNewFile', () => {
  test('creates the file whole, or answers exists and leaves what is there', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.json');
    assert.equal(createNewFile(file, Buffer.from('one\n')), 'written');
    assert.equal(createNewFile(file, Buffer.from('two\n')), 'exists');
    assert.equal(fs.readFileSync(file, 'utf8'), 'one\n');
    assert.deepEqual(fs.readdirSync(dir), ['x.json']);
    assert.throws(() => createNewFile(path.join(dir, 'missing', 'x.json'), Buffer.from('')), { code: 'ENOENT' });
  });
});
