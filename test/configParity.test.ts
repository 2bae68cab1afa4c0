/**
 * One `.neon-auth.json` for editor and CI: the same file changes the CLI's and the language
 * server's results the same way, and a malformed one is reported by both.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './helpers/lspClient';
import { ruleCases } from './ruleCases';

const root = path.resolve(__dirname, '../..');
const cli = process.env.NEON_AUTH_CLI ?? path.join(root, 'dist', 'cli.js');
const QUERY = 'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\n';
const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

let dir: string;
let client: LspTestClient;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-parity-'));
  client = LspTestClient.start('stdio');
  await client.initialize();
});

after(() => {
  client?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cliFindings(file: string): [string, string][] {
  const r = spawnSync(process.execPath, [cli, '--format', 'json', file], { encoding: 'utf8' });
  const files = JSON.parse(r.stdout) as { diagnostics: { rule: string; severity: string }[] }[];
  return files[0].diagnostics.map((d) => [d.rule, d.severity]);
}

async function editorFindings(file: string, version: number): Promise<[string, string][]> {
  const uri = pathToFileURL(file).toString();
  client.setSettings(uri, { debounceMs: 0 });
  await client.open(uri, fs.readFileSync(file, 'utf8'), version);
  const published = await client.waitForDiagnostics(uri, (p) => p.version === version);
  await client.close(uri);
  return published.diagnostics.map((d) => [String(d.code), SEVERITY_NAMES[d.severity ?? 0]]);
}

test('a .neon-auth.json above the file changes severities the same way in the CLI and the editor', { timeout: 30_000 }, async () => {
  const project = path.join(dir, 'project');
  fs.mkdirSync(path.join(project, 'db'), { recursive: true });
  fs.writeFileSync(path.join(project, '.neon-auth.json'), '{ "rules": { "prefer-left-join": "error", "require-deleted-at-filter": "off" } }\n');
  const file = path.join(project, 'db', 'queries.sql');
  fs.writeFileSync(file, QUERY);
  const expected: [string, string][] = [['prefer-left-join', 'error']];
  assert.deepEqual(cliFindings(file), expected);
  assert.deepEqual(await editorFindings(file, 1), expected);
});

test('ignore globs of .neon-auth.json silence a file in both', { timeout: 30_000 }, async () => {
  const project = path.join(dir, 'ignoring');
  fs.mkdirSync(path.join(project, 'legacy'), { recursive: true });
  fs.writeFileSync(path.join(project, '.neon-auth.json'), '{ "ignore": ["legacy/**"] }\n');
  const file = path.join(project, 'legacy', 'old.sql');
  fs.writeFileSync(file, QUERY);
  const r = spawnSync(process.execPath, [cli, '--format', 'json', project], { encoding: 'utf8' });
  assert.equal(r.status, 2, 'no file left to check');
  assert.equal(r.stderr, `neon-auth-lint: no files to check in ${project} (1 file ignored by .neon-auth.json)\n`);
  assert.deepEqual(await editorFindings(file, 1), []);
  // and no fixes either: fix-on-save must not rewrite an ignored file
  const uri = pathToFileURL(file).toString();
  await client.open(uri, 'SELECT count(*) FROM "neon_auth.users_sync";\n', 2); // a safe fix (split the dotted name) when not ignored
  await client.waitForDiagnostics(uri, (p) => p.version === 2);
  const everywhere = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };
  assert.deepEqual(await client.codeActions({ textDocument: { uri }, range: everywhere, context: { diagnostics: [], only: ['source.fixAll.neonAuth'] } }), []);
  await client.close(uri);
});

test('a malformed .neon-auth.json is one diagnostic on the config file in the editor and exit 2 in the CLI; defaults apply', { timeout: 30_000 }, async () => {
  const project = path.join(dir, 'broken');
  fs.mkdirSync(project, { recursive: true });
  const config = path.join(project, '.neon-auth.json');
  fs.writeFileSync(config, '{ "rules": { "prefer-left-join": "loud" } }\n');
  const file = path.join(project, 'q.sql');
  fs.writeFileSync(file, QUERY);

  const r = spawnSync(process.execPath, [cli, file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:34 error config `));

  const defaults: [string, string][] = [
    ['prefer-left-join', 'warning'],
    ['require-deleted-at-filter', 'warning'],
  ];
  assert.deepEqual(await editorFindings(file, 1), defaults);
  const configUri = pathToFileURL(config).toString();
  const published = await client.waitForDiagnostics(configUri, () => true);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
    [['config', 1, 0, 33]],
  );
});

test('a comma left out at a line end is reported after the value on that line, at the same place in the CLI and the editor', { timeout: 30_000 }, async () => {
  const project = path.join(dir, 'comma');
  fs.mkdirSync(project, { recursive: true });
  const config = path.join(project, '.neon-auth.json');
  fs.writeFileSync(config, '{\n  "authSchema": "legacy"\n  "rules": { "prefer-left-join": "error" }\n}\n');
  const file = path.join(project, 'q.sql');
  fs.writeFileSync(file, QUERY);

  const r = spawnSync(process.execPath, [cli, file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.split('\n')[0], `${config}:2:25 error config .neon-auth.json is not valid JSON: expected \`,\` (defaults are used).`);

  const defaults: [string, string][] = [
    ['prefer-left-join', 'warning'],
    ['require-deleted-at-filter', 'warning'],
  ];
  assert.deepEqual(await editorFindings(file, 1), defaults);
  const published = await client.waitForDiagnostics(pathToFileURL(config).toString(), () => true);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.severity, d.range, d.message]),
    [
      [
        'config',
        1,
        { start: { line: 1, character: 24 }, end: { line: 1, character: 24 } },
        '.neon-auth.json is not valid JSON: expected `,` (defaults are used).',
      ],
    ],
  );
});

test(
  'a nested .neon-auth.json replaces its parent: the editor hints so on the nested file; the CLI applies it alone, silently',
  { timeout: 30_000 },
  async () => {
    const project = path.join(dir, 'nested');
    const app = path.join(project, 'app');
    fs.mkdirSync(app, { recursive: true });
    const parent = path.join(project, '.neon-auth.json');
    fs.writeFileSync(parent, '{ "rules": { "prefer-left-join": "error" } }\n');
    const nested = path.join(app, '.neon-auth.json');
    fs.writeFileSync(nested, '  { "rules": { "require-deleted-at-filter": "off" } }\n');
    const top = path.join(project, 'top.sql');
    const inner = path.join(app, 'q.sql');
    fs.writeFileSync(top, QUERY);
    fs.writeFileSync(inner, QUERY);
    // not merged: prefer-left-join is back at its default under app/
    const innerExpected: [string, string][] = [['prefer-left-join', 'warning']];
    const r = spawnSync(process.execPath, [cli, inner], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '1 problem (0 errors, 1 warning, 0 infos) in 1 of 1 file\n');
    assert.deepEqual(cliFindings(inner), innerExpected);
    assert.deepEqual(await editorFindings(inner, 1), innerExpected);
    const hinted = await client.waitForDiagnostics(pathToFileURL(nested).toString(), () => true);
    assert.deepEqual(
      hinted.diagnostics.map((d) => [d.code, d.severity, d.range, d.message, d.relatedInformation]),
      [
        [
          'config',
          4,
          { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } },
          "For the files under this folder, this file replaces ../.neon-auth.json: the nearest .neon-auth.json applies alone, its settings are not merged with that file's.",
          undefined, // this client does not show related information
        ],
      ],
    );
    // the top file replaces nothing
    assert.deepEqual(await editorFindings(top, 1), [
      ['prefer-left-join', 'error'],
      ['require-deleted-at-filter', 'warning'],
    ]);
    const plain = await client.waitForDiagnostics(pathToFileURL(parent).toString(), () => true);
    assert.deepEqual(plain.diagnostics, []);
  },
);

test(
  'the CLI and the editor agree on every rule case (SQL, SQL in TypeScript, Drizzle): rule, range, severity, message and quick-fix titles',
  { timeout: 120_000 },
  async () => {
    const cases = path.join(dir, 'cases');
    fs.mkdirSync(cases);
    const files: { file: string; text: string; languageId: string; authSchema?: string }[] = [];
    for (const [ruleId, list] of Object.entries(ruleCases)) {
      list.forEach((c, k) => {
        const ts = c.options?.language !== undefined;
        // One folder per authSchema, with its .neon-auth.json, so both sides check the case as the case says.
        const schema = c.options?.authSchema ?? 'auto';
        const folder = path.join(cases, schema);
        if (!fs.existsSync(folder)) {
          fs.mkdirSync(folder);
          fs.writeFileSync(path.join(folder, '.neon-auth.json'), JSON.stringify({ authSchema: schema }) + '\n');
        }
        const file = path.join(folder, `${ruleId}-${k}.${ts ? 'ts' : 'sql'}`);
        fs.writeFileSync(file, c.sql);
        files.push({ file, text: c.sql, languageId: ts ? 'typescript' : 'sql' });
      });
    }
    const r = spawnSync(process.execPath, [cli, '--format', 'json', cases], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const reported = JSON.parse(r.stdout) as {
      file: string;
      diagnostics: { rule: string; severity: string; message: string; range: { start: object; end: object }; fixes: { title: string }[] }[];
    }[];
    const byFile = new Map(reported.map((f) => [path.resolve(f.file), f.diagnostics]));
    let compared = 0;
    for (const { file, text, languageId } of files) {
      const uri = pathToFileURL(file).toString();
      await client.open(uri, text, 1, languageId);
      const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const editor = [];
      for (const d of published.diagnostics) {
        const actions = ((await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) ?? []) as {
          title: string;
        }[];
        // The editor adds its own actions (disable for this line / file, show documentation, fix all of a rule): only the rule's fixes are compared.
        const fixes = actions.map((a) => a.title).filter((t) => !/^(Disable |Show documentation|Fix all )/.test(t));
        editor.push([String(d.code), SEVERITY_NAMES[d.severity ?? 0], d.message, d.range, fixes]);
      }
      await client.close(uri);
      const fromCli = (byFile.get(file) ?? []).map((d) => [d.rule, d.severity, d.message, d.range, d.fixes.map((f) => f.title)]);
      assert.deepEqual(editor, fromCli, `${path.relative(cases, file)}`);
      compared += fromCli.length;
    }
    assert.ok(compared > 300, `compared ${compared} findings`);
  },
);
