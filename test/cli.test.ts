/**
 * End-to-end tests of the bundled CLI (dist/cli.js) on the files in examples/.
 * Compiled by `tsc -p .` into out/test/ and run by `node --test out/`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

const CLEAN = path.join('examples', 'clean.sql');
const MIGRATION = path.join('examples', 'migrations', '0001_create_todos_and_posts.sql');
const QUERIES = path.join('examples', 'queries.sql');

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface JsonFix {
  title: string;
  isPreferred: boolean;
  edits: { range: Range; newText: string }[];
}
interface JsonDiagnostic {
  rule: string;
  severity: string;
  message: string;
  range: Range;
  fixes: JsonFix[];
}
interface JsonFile {
  file: string;
  diagnostics: JsonDiagnostic[];
}

/**
 * Every finding in examples/, written by hand from the rules: file, rule, 0-based start line and
 * character, and the exact source text the range covers. Files in sorted order, findings in
 * document order.
 */
const EXPECTED_EXAMPLE_FINDINGS: [file: string, rule: string, line: number, character: number, text: string][] = [
  // clean.sql: nothing.
  // todos.owner_id (NOT NULL), inline REFERENCES with no ON DELETE.
  [MIGRATION, 'require-on-delete', 11, 26, 'REFERENCES "neon_auth"."users_sync"("id")'],
  // posts.author_id (nullable), table constraint with no ON DELETE.
  [MIGRATION, 'require-on-delete', 25, 73, 'REFERENCES "neon_auth"."users_sync"("id")'],
  // comments.post_id -> posts and comments.author_id ... ON DELETE CASCADE: nothing.
  // ALTER TABLE posts ADD CONSTRAINT ... (reviewer_id, nullable) with no ON DELETE.
  [MIGRATION, 'require-on-delete', 42, 29, 'REFERENCES neon_auth.users_sync(id)'],
  // Query 1: INNER JOIN with users_sync on the joined side.
  [QUERIES, 'prefer-left-join', 8, 0, 'INNER JOIN'],
  // Query 2: LEFT JOIN, no deleted_at filter anywhere.
  [QUERIES, 'require-deleted-at-filter', 16, 10, 'neon_auth.users_sync u'],
  // Query 3: correct. Query 4: bare JOIN inside the CTE (deleted_at filtered in ON).
  [QUERIES, 'prefer-left-join', 31, 2, 'JOIN'],
  // Query 5: users_sync is the first FROM item: nothing.
];

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = root): RunResult {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runJson(args: string[], cwd = root): { code: number | null; files: JsonFile[]; stderr: string } {
  const r = run(['--format', 'json', ...args], cwd);
  let files: JsonFile[];
  try {
    files = JSON.parse(r.stdout) as JsonFile[];
  } catch {
    assert.fail(`stdout is not JSON (exit ${r.code}).\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return { code: r.code, files, stderr: r.stderr };
}

/** UTF-16 offset of a 0-based LSP position in LF-separated text. */
function offsetAt(text: string, pos: Position): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    assert.notEqual(nl, -1, `line ${pos.line} is past the end of the text`);
    offset = nl + 1;
  }
  return offset + pos.character;
}

function textOf(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** The text with one fix applied (edits are non-overlapping; applied from the end). */
function applyFix(text: string, fix: JsonFix): string {
  const edits = fix.edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The statement starting with `head` in `text`, through its `;`, whitespace collapsed. */
function statementStartingWith(text: string, head: string): string {
  const start = text.indexOf(head);
  assert.notEqual(start, -1, `no statement starts with ${head}`);
  const end = text.indexOf(';', start);
  return text.slice(start, end + 1).replace(/\s+/g, ' ');
}

function read(file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

function findings(files: JsonFile[]): [string, string, number, number][] {
  return files.flatMap((f) => f.diagnostics.map((d) => [f.file, d.rule, d.range.start.line, d.range.start.character] as [string, string, number, number]));
}

function diagnosticAt(files: JsonFile[], file: string, rule: string, line: number): JsonDiagnostic {
  const d = files.find((f) => f.file === file)?.diagnostics.find((x) => x.rule === rule && x.range.start.line === line);
  assert.ok(d, `no ${rule} finding in ${file} on line ${line}`);
  return d;
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-lint-'));
  tempDirs.push(dir);
  return dir;
}

before(() => {
  if (fs.existsSync(cli)) return;
  // `npm test` builds first; when run on its own, bundle the CLI the way scripts/build.mjs does.
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
});

after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('neon-auth-lint on examples/', () => {
  test('reports exactly the expected findings, files in sorted order and findings in document order', () => {
    const { code, files, stderr } = runJson(['examples']);
    assert.deepEqual(
      files.map((f) => f.file),
      [CLEAN, MIGRATION, QUERIES],
      stderr,
    );
    assert.deepEqual(
      findings(files),
      EXPECTED_EXAMPLE_FINDINGS.map(([file, rule, line, character]) => [file, rule, line, character]),
    );
    assert.equal(code, 1);
  });

  test('each finding range covers exactly the JOIN keywords, the users_sync reference or the REFERENCES clause', () => {
    const { files } = runJson(['examples']);
    const texts = new Map([MIGRATION, QUERIES].map((f) => [f, read(f)]));
    const covered = files.flatMap((f) => f.diagnostics.map((d) => [f.file, d.rule, textOf(texts.get(f.file) ?? '', d.range)]));
    assert.deepEqual(
      covered,
      EXPECTED_EXAMPLE_FINDINGS.map(([file, rule, , , text]) => [file, rule, text]),
    );
  });

  test('reports every finding as a warning with a message and its preferred fix first', () => {
    const { files } = runJson(['examples']);
    for (const d of files.flatMap((f) => f.diagnostics)) {
      assert.equal(d.severity, 'warning', d.rule);
      assert.ok(d.message.length > 0, d.rule);
      assert.ok(d.fixes.length > 0, `${d.rule} offers a fix`);
      assert.equal(d.fixes[0].isPreferred, true, `${d.rule}: the first fix is the preferred one`);
      assert.equal(d.fixes.filter((f) => f.isPreferred).length, 1, `${d.rule}: exactly one preferred fix`);
    }
  });

  test('finds nothing in clean.sql and exits 0', () => {
    const { code, files } = runJson([CLEAN]);
    assert.deepEqual(files, [{ file: CLEAN, diagnostics: [] }]);
    assert.equal(code, 0);
  });

  test('offers Change to LEFT JOIN as the preferred fix of an INNER JOIN to users_sync', () => {
    const { files } = runJson([QUERIES]);
    const d = diagnosticAt(files, QUERIES, 'prefer-left-join', 8);
    assert.equal(d.fixes[0].title, 'Change to LEFT JOIN');
    const fixed = applyFix(read(QUERIES), d.fixes[0]);
    assert.equal(fixed.split('\n')[8], 'LEFT JOIN neon_auth.users_sync u ON u.id = t.owner_id');
  });

  test('prefers adding the deleted_at filter to WHERE and also offers adding it to the ON clause', () => {
    const { files } = runJson([QUERIES]);
    const d = diagnosticAt(files, QUERIES, 'require-deleted-at-filter', 16);
    assert.equal(d.fixes.length, 2);
    const head = 'SELECT p.id, p.title, u.email';
    assert.equal(
      statementStartingWith(applyFix(read(QUERIES), d.fixes[0]), head),
      'SELECT p.id, p.title, u.email AS author_email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL ORDER BY p.created_at DESC LIMIT 20;',
    );
    assert.equal(
      statementStartingWith(applyFix(read(QUERIES), d.fixes[1]), head),
      'SELECT p.id, p.title, u.email AS author_email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL ORDER BY p.created_at DESC LIMIT 20;',
    );
  });

  test('offers only ON DELETE CASCADE for a NOT NULL column and prefers SET NULL for a nullable one', () => {
    const { files } = runJson([MIGRATION]);
    const text = read(MIGRATION);

    const owner = diagnosticAt(files, MIGRATION, 'require-on-delete', 11);
    assert.equal(owner.fixes.length, 1);
    assert.equal(
      applyFix(text, owner.fixes[0]).split('\n')[11],
      '\t"owner_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE,',
    );

    const author = diagnosticAt(files, MIGRATION, 'require-on-delete', 25);
    assert.equal(author.fixes.length, 2);
    const authorLine = '\tCONSTRAINT "posts_author_id_users_sync_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id")';
    assert.equal(applyFix(text, author.fixes[0]).split('\n')[25], `${authorLine} ON DELETE SET NULL`);
    assert.equal(applyFix(text, author.fixes[1]).split('\n')[25], `${authorLine} ON DELETE CASCADE`);

    // Nullability of reviewer_id comes from the CREATE TABLE earlier in the file.
    const reviewer = diagnosticAt(files, MIGRATION, 'require-on-delete', 42);
    assert.equal(reviewer.fixes.length, 2);
    assert.equal(
      applyFix(text, reviewer.fixes[0]).split('\n')[42],
      '\tFOREIGN KEY ("reviewer_id") REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;',
    );
  });
});

describe('neon-auth-lint text format', () => {
  test('prints one "path:line:col severity rule message" line per finding, with 1-based line and column', () => {
    const r = run(['examples']);
    const lines = r.stdout.split('\n');
    assert.equal(lines.pop(), '', 'stdout ends with a newline');
    const shape = /^(.+):(\d+):(\d+) (error|warning|info|hint) ([a-z]+(?:-[a-z]+)*) (\S.*)$/;
    const parsed = lines.map((l) => {
      const m = shape.exec(l);
      assert.ok(m, `line has the expected shape: ${l}`);
      return [m[1], m[5], Number(m[2]), Number(m[3]), m[4]];
    });
    assert.deepEqual(
      parsed,
      EXPECTED_EXAMPLE_FINDINGS.map(([file, rule, line, character]) => [file, rule, line + 1, character + 1, 'warning']),
    );
    assert.equal(r.code, 1);
  });

  test('prints the summary on stderr', () => {
    const r = run(['examples']);
    assert.equal(r.stderr, '6 problems (0 errors, 6 warnings, 0 infos) in 3 files\n');
  });

  test('prints nothing on stdout and a zero summary for a clean file', () => {
    const r = run([CLEAN]);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '0 problems (0 errors, 0 warnings, 0 infos) in 1 file\n');
    assert.equal(r.code, 0);
  });

  test('counts columns in UTF-16 code units, after a BOM and a CRLF line break', () => {
    const dir = tempDir();
    const sql =
      '\uFEFF-- emoji before the join\r\n' +
      "SELECT '\u{1F642}' AS mood, u.name FROM todos t JOIN neon_auth.users_sync u ON u.id = t.owner_id WHERE u.deleted_at IS NULL;\r\n";
    fs.writeFileSync(path.join(dir, 'emoji.sql'), sql);
    const r = run(['emoji.sql'], dir);
    // "SELECT '" is 8 code units, the emoji 2, "' AS mood, u.name FROM todos t " 31: JOIN starts at 41.
    assert.match(r.stdout, /^emoji\.sql:2:42 warning prefer-left-join \S/);
    assert.equal(r.stdout.split('\n').length, 2, 'exactly one finding');
  });
});

describe('neon-auth-lint exit codes and usage', () => {
  test('exits 2 naming a missing path on stderr, and still checks the other paths', () => {
    const missing = path.join('examples', 'does-not-exist.sql');
    const { code, files, stderr } = runJson([CLEAN, missing]);
    assert.equal(code, 2);
    assert.ok(stderr.includes(missing), stderr);
    assert.deepEqual(files, [{ file: CLEAN, diagnostics: [] }]);
  });

  test('exits 2 with the usage on stderr for an unknown --format', () => {
    const r = run(['--format', 'xml', 'examples']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /xml/);
    assert.match(r.stderr, /Usage: neon-auth-lint/);
  });

  test('exits 2 with the usage on stderr for an unknown option', () => {
    const r = run(['--frobnicate', 'examples']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Usage: neon-auth-lint/);
  });

  test('exits 2 with the usage on stderr when no path is given', () => {
    for (const args of [[], ['--fix'], ['--format', 'json']]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /Usage: neon-auth-lint/, args.join(' '));
    }
  });

  test('skips a file over --max-file-size and a file with NUL bytes with one info notice each, exit 0', () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.sql');
    const binary = path.join(dir, 'binary.sql');
    fs.writeFileSync(big, `SELECT email FROM neon_auth.users_sync;\n${'-- padding\n'.repeat(120_000)}`);
    fs.writeFileSync(binary, 'SELECT 1\u0000;\n');
    const { code, files } = runJson(['--max-file-size', '1', big, binary]);
    assert.equal(code, 0);
    assert.deepEqual(
      files.map((f) => [path.basename(f.file), f.diagnostics.map((d) => [d.rule, d.severity, d.range.start.line, d.range.start.character])]),
      [
        ['big.sql', [['file-skipped', 'info', 0, 0]]],
        ['binary.sql', [['file-skipped', 'info', 0, 0]]],
      ],
    );
    assert.match(files[0].diagnostics[0].message, /^Not checked: the file is 1\.3 MB, over the 1\.0 MB limit/);
    assert.match(files[1].diagnostics[0].message, /not text/);
    // Without the lower limit the same big file is checked (default 5 MB).
    assert.deepEqual(runJson([big]).files[0].diagnostics.map((d) => d.rule), ['require-deleted-at-filter']);
  });

  test('exits 2 with a clear message when a directory holds no .sql file at all', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'SELECT 1;');
    const r = run([dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `neon-auth-lint: no .sql files found in ${dir}\n`);
  });

  test('exits 2 with the usage for a --max-file-size that is not a positive number', () => {
    const r = run(['--max-file-size', '0', 'examples']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--max-file-size needs a positive number/);
  });

  test('prints the usage on stdout and exits 0 for --help', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: neon-auth-lint \[--format text\|json\] \[--fix\]/);
  });

  test('prints the package version and exits 0 for --version', () => {
    const pkg = JSON.parse(read('package.json')) as { version: string };
    const r = run(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${pkg.version}\n`);
  });
});

describe('neon-auth-lint directory search', () => {
  test('finds .sql files recursively in sorted order, skipping node_modules, dot-directories and symlinked directories', () => {
    const dir = tempDir();
    const file = (rel: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), 'SELECT 1;\n');
    };
    file('b.sql');
    file('a/z.sql');
    file('a/notes.txt');
    file('node_modules/pkg/schema.sql');
    file('.cache/old.sql');
    let symlinked = true;
    try {
      fs.symlinkSync('..', path.join(dir, 'a', 'loop'), 'dir'); // a/loop -> dir itself
    } catch {
      symlinked = false; // no symlink permission (Windows): the rest still holds
    }
    const { code, files } = runJson(['.'], dir);
    assert.deepEqual(files, [
      { file: path.join('a', 'z.sql'), diagnostics: [] },
      { file: 'b.sql', diagnostics: [] },
    ], symlinked ? 'with a symlink loop' : 'without symlinks');
    assert.equal(code, 0);
  });
});

describe('neon-auth-lint --fix on a copy of examples/', () => {
  let dir = '';
  let fixRun: RunResult;
  const OLD = new Date('2020-01-01T00:00:00Z');
  const BOM = '\uFEFF';

  before(() => {
    dir = tempDir();
    // dereference: a symlinked examples/ must be copied, never written through.
    fs.cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), { recursive: true, dereference: true });
    const queries = path.join(dir, QUERIES);
    fs.writeFileSync(queries, BOM + fs.readFileSync(queries, 'utf8'));
    fs.utimesSync(path.join(dir, CLEAN), OLD, OLD);
    fixRun = run(['--fix', '--format', 'json', 'examples'], dir);
  });

  test('reports no finding left after fixing, and exits 0', () => {
    assert.deepEqual(JSON.parse(fixRun.stdout), [
      { file: CLEAN, diagnostics: [] },
      { file: MIGRATION, diagnostics: [] },
      { file: QUERIES, diagnostics: [] },
    ], fixRun.stderr);
    assert.equal(fixRun.code, 0, fixRun.stderr);
  });

  test('leaves no require-on-delete, prefer-left-join or require-deleted-at-filter warning when re-checked', () => {
    const { code, files } = runJson(['examples'], dir);
    const rules = new Set(['require-on-delete', 'prefer-left-join', 'require-deleted-at-filter']);
    assert.deepEqual(findings(files).filter(([, rule]) => rules.has(rule)), []);
    assert.equal(code, 0);
  });

  test('applies the preferred fixes to the files', () => {
    const migration = fs.readFileSync(path.join(dir, MIGRATION), 'utf8').split('\n');
    assert.equal(migration[11], '\t"owner_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE,');
    assert.equal(
      migration[25],
      '\tCONSTRAINT "posts_author_id_users_sync_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL',
    );
    assert.equal(migration[42], '\tFOREIGN KEY ("reviewer_id") REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;');
    const queries = fs.readFileSync(path.join(dir, QUERIES), 'utf8').split('\n');
    assert.equal(queries[8], 'LEFT JOIN neon_auth.users_sync u ON u.id = t.owner_id');
  });

  test('keeps the BOM of a file that had one', () => {
    const bytes = fs.readFileSync(path.join(dir, QUERIES));
    assert.deepEqual([...bytes.subarray(0, 4)], [0xef, 0xbb, 0xbf, 0x2d]); // BOM, then "-- "
  });

  test('does not rewrite a file with nothing to fix', () => {
    const stat = fs.statSync(path.join(dir, CLEAN));
    assert.equal(stat.mtimeMs, OLD.getTime());
    assert.equal(fs.readFileSync(path.join(dir, CLEAN), 'utf8'), read(CLEAN));
  });

  test('leaves no temporary file behind', () => {
    const all = (fs.readdirSync(path.join(dir, 'examples'), { recursive: true }) as string[]).sort();
    assert.deepEqual(all, ['README.md', 'clean.sql', 'migrations', path.join('migrations', '0001_create_todos_and_posts.sql'), 'queries.sql']);
  });
});
