/**
 * Held-out evaluation set for SQL in TypeScript and JavaScript (test/fixtures/heldout-ts/, issue
 * 16): real-world-shaped host files of both Neon Auth generations, with the findings expected from
 * the notes and the rules' documentation (written before the linter was run on them) in
 * test/fixtures/heldout-ts/expected.json.
 *
 * 1. One test per file: the exact multiset of (rule, 1-based line) the CLI reports equals the
 *    expected one. For a file with entries in `knownLinterBugs`, the expectation stays in
 *    `findings` and the test asserts the linter's current output instead: `findings` without each
 *    bug's `expected` pair, plus its `actual` pair when it has one. When a bug is fixed, that test
 *    fails: remove the entry.
 * 2. One test: the CLI given the folder finds exactly the files listed (extensions, `[teamId]`).
 * 3. One test: `--fix --unsafe-fixes` on a temporary copy of the set leaves every file parseable
 *    by @babel/parser, strictly (no error recovery), with the plugins of its extension.
 *
 * Compiled by `tsc -p .` into out/test/ and run by `node --test out/`. NEON_AUTH_CLI=<path> runs
 * another bundle instead of dist/cli.js.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, type ParserPlugin } from '@babel/parser';

const root = path.resolve(__dirname, '../..');
const cli = process.env.NEON_AUTH_CLI ? path.resolve(process.env.NEON_AUTH_CLI) : path.join(root, 'dist', 'cli.js');
const setDir = path.join(root, 'test', 'fixtures', 'heldout-ts');

type Pair = [rule: string, line: number];
interface Expected {
  findings: Record<string, Pair[]>;
  knownLinterBugs: { file: string; expected: Pair; actual: Pair | null; why: string }[];
}
const expected = JSON.parse(fs.readFileSync(path.join(setDir, 'expected.json'), 'utf8')) as Expected;

interface JsonFile {
  file: string;
  diagnostics: { rule: string; range: { start: { line: number; character: number } } }[];
}

function runCli(args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sortPairs(pairs: Pair[]): Pair[] {
  return [...pairs].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

/** `pairs` with one occurrence of `pair` removed; fails when it is not there. */
function without(pairs: Pair[], pair: Pair, file: string): Pair[] {
  const i = pairs.findIndex((p) => p[0] === pair[0] && p[1] === pair[1]);
  assert.ok(i >= 0, `knownLinterBugs names ${JSON.stringify(pair)} for ${file}, which its findings do not expect`);
  return [...pairs.slice(0, i), ...pairs.slice(i + 1)];
}

// ---------------------------------------------------------------------------------------------
// 1. Findings per file.

for (const [file, pairs] of Object.entries(expected.findings)) {
  const bugs = expected.knownLinterBugs.filter((b) => b.file === file);
  const label = bugs.length ? ` (linter's current output: ${bugs.length} known linter bug${bugs.length > 1 ? 's' : ''})` : '';
  test(`held-out TS findings: ${file}${label}`, () => {
    let want = pairs;
    for (const bug of bugs) {
      want = without(want, bug.expected, file);
      if (bug.actual) want = [...want, bug.actual];
    }
    const r = runCli(['--format', 'json', path.join('test', 'fixtures', 'heldout-ts', file)]);
    assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}\n${r.stderr}`);
    const files = JSON.parse(r.stdout) as JsonFile[];
    assert.equal(files.length, 1, r.stdout);
    const actual = files[0].diagnostics.map((d): Pair => [d.rule, d.range.start.line + 1]);
    assert.deepEqual(sortPairs(actual), sortPairs(want));
  });
}

test('held-out TS: every known linter bug names a file of the set', () => {
  for (const bug of expected.knownLinterBugs) assert.ok(bug.file in expected.findings, bug.file);
});

// ---------------------------------------------------------------------------------------------
// 2. The folder: the CLI finds exactly these host files.

test('held-out TS: the CLI given the folder checks exactly the files of the set', () => {
  const r = runCli(['--format', 'json', path.join('test', 'fixtures', 'heldout-ts')]);
  assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}\n${r.stderr}`);
  const files = (JSON.parse(r.stdout) as JsonFile[]).map((f) => path.relative(setDir, path.resolve(root, f.file)).split(path.sep).join('/'));
  assert.deepEqual([...files].sort(), Object.keys(expected.findings).sort());
});

// ---------------------------------------------------------------------------------------------
// 3. --fix --unsafe-fixes keeps every host file parseable.

/** The Babel plugins of a host file's language, as the linter chooses them by extension. */
function pluginsFor(file: string): ParserPlugin[] {
  if (/\.(ts|mts|cts)$/.test(file)) return ['typescript'];
  if (file.endsWith('.tsx')) return ['typescript', 'jsx'];
  return ['jsx']; // .js .jsx .mjs .cjs
}

test('held-out TS: --fix --unsafe-fixes leaves every file parseable by @babel/parser', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-heldout-ts-'));
  try {
    const copy = path.join(tmp, 'set');
    fs.cpSync(setDir, copy, { recursive: true });
    fs.rmSync(path.join(copy, 'expected.json'));
    const r = runCli(['--fix', '--unsafe-fixes', '--format', 'json', copy], tmp);
    assert.ok(r.code === 0 || r.code === 1, `--fix exit code ${r.code}\n${r.stderr}`);
    let changed = 0;
    for (const file of Object.keys(expected.findings)) {
      const before = fs.readFileSync(path.join(setDir, file), 'utf8');
      const after = fs.readFileSync(path.join(copy, file), 'utf8');
      if (after !== before) changed++;
      assert.doesNotThrow(
        () => parse(after, { sourceType: file.endsWith('.cjs') ? 'script' : 'module', plugins: pluginsFor(file) }),
        `${file} after --fix --unsafe-fixes:\n${after}`,
      );
    }
    // The set has fixable findings in several files: the run must have changed some.
    assert.ok(changed >= 5, `only ${changed} files changed`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
