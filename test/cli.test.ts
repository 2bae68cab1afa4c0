/**
 * End-to-end tests of the bundled CLI (dist/cli.js) on the files in examples/.
 * Compiled by `tsc -p .` into out/test/ and run by `node --test out/`. NEON_AUTH_CLI=<path>
 * runs another bundle instead (e.g. one built into a temporary directory).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { rules as registeredRules } from '../server/src/linter';

const root = path.resolve(__dirname, '../..');
const cli = process.env.NEON_AUTH_CLI ? path.resolve(process.env.NEON_AUTH_CLI) : path.join(root, 'dist', 'cli.js');

const CLEAN = path.join('examples', 'clean.sql');
const MIGRATION = path.join('examples', 'migrations', '0001_create_todos_and_posts.sql');
const QUERIES = path.join('examples', 'queries.sql');
const APP_TODOS = path.join('examples', 'app', 'todos.ts');
const APP_USERS = path.join('examples', 'app', 'users.ts');
const APP_FILES = ['lib/db.ts', 'posts.ts', 'todos.ts', 'users.ts'].map((f) => path.join('examples', 'app', ...f.split('/')));
const DRIZZLE_QUERIES = path.join('examples', 'drizzle-app', 'src', 'db', 'queries.ts');
const DRIZZLE_SCHEMA = path.join('examples', 'drizzle-app', 'src', 'db', 'schema.ts');
const DRIZZLE_FILES = [path.join('examples', 'drizzle-app', 'src', 'db', 'index.ts'), DRIZZLE_QUERIES, DRIZZLE_SCHEMA];
/** Every file the CLI checks in examples/, in its (sorted) order. */
const EXAMPLE_FILES = [...APP_FILES, CLEAN, ...DRIZZLE_FILES, MIGRATION, QUERIES];

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
  applicability: 'safe' | 'unsafe' | 'display-only';
  edits: { range: Range; newText: string }[];
}
interface JsonDiagnostic {
  rule: string;
  messageId?: string;
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
 * character, the exact source text the range covers, and the severity. Files in sorted order,
 * findings in document order.
 */
const EXPECTED_EXAMPLE_FINDINGS: [file: string, rule: string, line: number, character: number, text: string, severity: 'warning' | 'error'][] = [
  // app/: SQL in TypeScript. lib/db.ts and posts.ts: nothing.
  // todos.ts: pool.query('…') with an inner JOIN to users_sync.
  [APP_TODOS, 'prefer-left-join', 9, 55, 'JOIN', 'warning'],
  // users.ts: a sql`…` lookup by id with no deleted_at filter; listActiveUsers filters.
  [APP_USERS, 'require-deleted-at-filter', 7, 53, 'neon_auth.users_sync', 'warning'],
  // clean.sql: nothing.
  // drizzle-app/: Drizzle ORM. src/db/index.ts: nothing.
  // queries.ts, listProjects: .innerJoin(usersSync, …) (its where filters deletedAt).
  [DRIZZLE_QUERIES, 'prefer-left-join', 12, 5, 'innerJoin', 'warning'],
  // projectOwner: .leftJoin(usersSync, …) with no isNull(usersSync.deletedAt); openTasks is correct.
  [DRIZZLE_QUERIES, 'require-deleted-at-filter', 23, 14, 'usersSync', 'warning'],
  // schema.ts: projects.ownerId (NOT NULL) references usersSync.id with no onDelete.
  [DRIZZLE_SCHEMA, 'require-on-delete', 11, 5, 'references(() => usersSync.id)', 'warning'],
  // tasks.assigneeId: a uuid() key to the text id (Postgres: 42804).
  [DRIZZLE_SCHEMA, 'match-user-id-type', 23, 14, "uuid('assignee_id')", 'error'],
  // todos.owner_id (NOT NULL), inline REFERENCES with no ON DELETE.
  [MIGRATION, 'require-on-delete', 11, 26, 'REFERENCES "neon_auth"."users_sync"("id")', 'warning'],
  // posts.author_id (nullable), table constraint with no ON DELETE.
  [MIGRATION, 'require-on-delete', 25, 73, 'REFERENCES "neon_auth"."users_sync"("id")', 'warning'],
  // comments.post_id -> posts and comments.author_id ... ON DELETE CASCADE: nothing.
  // ALTER TABLE posts ADD CONSTRAINT ... (reviewer_id, nullable) with no ON DELETE.
  [MIGRATION, 'require-on-delete', 42, 29, 'REFERENCES neon_auth.users_sync(id)', 'warning'],
  // Query 1: INNER JOIN with users_sync on the joined side.
  [QUERIES, 'prefer-left-join', 8, 0, 'INNER JOIN', 'warning'],
  // Query 2: LEFT JOIN, no deleted_at filter anywhere.
  [QUERIES, 'require-deleted-at-filter', 16, 10, 'neon_auth.users_sync u', 'warning'],
  // Query 3: correct. Query 4: bare JOIN inside the CTE (deleted_at filtered in ON).
  [QUERIES, 'prefer-left-join', 31, 2, 'JOIN', 'warning'],
  // Query 5: users_sync is the first FROM item: nothing.
];

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  /** Variables added to the environment (which never has GITHUB_ACTIONS, GITHUB_WORKSPACE, NO_COLOR or FORCE_COLOR unless given here). */
  env?: Record<string, string>;
  /** Standard input. */
  input?: string | Buffer;
  /** Runs the CLI as this user (see `unprivileged`); default: the test's own. */
  user?: { uid: number; gid: number };
  /** Options of node before the CLI's path (e.g. `--require` of a test hook). */
  nodeArgs?: string[];
  /** Kills the CLI after this many milliseconds (a guard against a hang, not a timing assertion). */
  timeout?: number;
}

function run(args: string[], cwd = root, options: RunOptions = {}): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const key of ['GITHUB_ACTIONS', 'GITHUB_WORKSPACE', 'NO_COLOR', 'FORCE_COLOR']) if (!options.env || !(key in options.env)) delete env[key];
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), cli, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    input: options.input ?? '',
    ...options.user,
    timeout: options.timeout,
    killSignal: 'SIGKILL',
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runJson(args: string[], cwd = root, options: RunOptions = {}): { code: number | null; files: JsonFile[]; stderr: string } {
  const r = run(['--format', 'json', ...args], cwd, options);
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
  if (fs.existsSync(cli) && fs.existsSync(path.join(path.dirname(cli), 'cliEngine.js'))) return;
  // `npm test` builds first; when run on its own, build the bundles (the CLI is several: see scripts/build.mjs).
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
});

after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('neon-auth-lint on examples/', () => {
  test('reports exactly the expected findings, files in sorted order and findings in document order', () => {
    const { code, files, stderr } = runJson(['examples']);
    assert.deepEqual(
      files.map((f) => f.file),
      EXAMPLE_FILES,
      stderr,
    );
    assert.deepEqual(
      findings(files),
      EXPECTED_EXAMPLE_FINDINGS.map(([file, rule, line, character]) => [file, rule, line, character]),
    );
    assert.equal(code, 1);
  });

  test('each finding range covers exactly the JOIN keywords, the users_sync reference, the REFERENCES clause or the column builder', () => {
    const { files } = runJson(['examples']);
    const texts = new Map([APP_TODOS, APP_USERS, DRIZZLE_QUERIES, DRIZZLE_SCHEMA, MIGRATION, QUERIES].map((f) => [f, read(f)]));
    const covered = files.flatMap((f) => f.diagnostics.map((d) => [f.file, d.rule, textOf(texts.get(f.file) ?? '', d.range)]));
    assert.deepEqual(
      covered,
      EXPECTED_EXAMPLE_FINDINGS.map(([file, rule, , , text]) => [file, rule, text]),
    );
  });

  test('reports every finding with its severity (one error: the uuid() key), a message and its preferred fix first', () => {
    const { files } = runJson(['examples']);
    assert.deepEqual(
      files.flatMap((f) => f.diagnostics.map((d) => d.severity)),
      EXPECTED_EXAMPLE_FINDINGS.map(([, , , , , severity]) => severity),
    );
    for (const d of files.flatMap((f) => f.diagnostics)) {
      assert.ok(d.message.length > 0, d.rule);
      assert.ok(d.fixes.length > 0, `${d.rule} offers a fix`);
      assert.equal(d.fixes[0].isPreferred, true, `${d.rule}: the first fix is the preferred one`);
      assert.equal(d.fixes.filter((f) => f.isPreferred).length, 1, `${d.rule}: exactly one preferred fix`);
    }
  });

  test("says each fix's applicability: safe (--fix), unsafe (the preferred fix, --unsafe-fixes) or display-only (an alternative)", () => {
    const { files } = runJson(['examples']);
    assert.deepEqual(
      files.flatMap((f) => f.diagnostics.map((d) => [d.rule, d.fixes.map((x) => x.applicability)])),
      [
        ['prefer-left-join', ['unsafe']],
        ['require-deleted-at-filter', ['unsafe']],
        ['prefer-left-join', ['unsafe']],
        ['require-deleted-at-filter', ['unsafe', 'display-only']],
        ['require-on-delete', ['unsafe']],
        ['match-user-id-type', ['safe']],
        ['require-on-delete', ['unsafe']],
        ['require-on-delete', ['unsafe', 'display-only']],
        ['require-on-delete', ['unsafe', 'display-only']],
        ['prefer-left-join', ['unsafe']],
        ['require-deleted-at-filter', ['unsafe', 'display-only']],
        // the join whose ON drops soft-deleted users: the move to WHERE, then the plain LEFT JOIN
        ['prefer-left-join', ['unsafe', 'display-only']],
      ],
    );
  });

  test('applicability is what --fix does: a safe fix is applied, an unsafe one only with --unsafe-fixes, a display-only one never', () => {
    const input =
      'CREATE TABLE t (owner_id uuid REFERENCES neon_auth.users_sync(id));\nSELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n';
    const { files } = runJson(['--stdin-filename', 'q.sql', '-'], root, { input });
    const fixes = files[0].diagnostics.flatMap((d) => d.fixes.map((x) => [d.rule, x.title, x.isPreferred, x.applicability]));
    assert.deepEqual(fixes, [
      ['match-user-id-type', 'Change the column type to text', true, 'safe'],
      ['require-on-delete', 'Add ON DELETE SET NULL (keep these rows without their user: content)', true, 'unsafe'],
      ['require-on-delete', 'Add ON DELETE CASCADE (delete these rows with the user: personal data)', false, 'display-only'],
      ['prefer-left-join', 'Change to LEFT JOIN', true, 'unsafe'],
    ]);
    const safe = run(['--fix', '--stdin-filename', 'q.sql', '-'], root, { input });
    assert.equal(safe.stdout, input.replace('owner_id uuid', 'owner_id text'));
    const unsafe = run(['--fix', '--unsafe-fixes', '--stdin-filename', 'q.sql', '-'], root, { input });
    assert.equal(unsafe.stdout, input.replace('owner_id uuid', 'owner_id text').replace('(id))', '(id) ON DELETE SET NULL)').replace('p JOIN', 'p LEFT JOIN'));
  });

  test("names each finding's message id (the key of the rule's messages), in document order", () => {
    const { files } = runJson(['examples']);
    assert.deepEqual(
      files.flatMap((f) => f.diagnostics.map((d) => [d.rule, d.messageId])),
      [
        ['prefer-left-join', 'innerJoin'],
        ['require-deleted-at-filter', 'missingFilter'],
        ['prefer-left-join', 'drizzleInnerJoin'],
        ['require-deleted-at-filter', 'missingFilter'],
        ['require-on-delete', 'drizzleMissingLegacy'],
        ['match-user-id-type', 'drizzleWrongBuilder'],
        ['require-on-delete', 'missingLegacy'],
        ['require-on-delete', 'missingLegacy'],
        ['require-on-delete', 'missingLegacy'],
        ['prefer-left-join', 'innerJoin'],
        ['require-deleted-at-filter', 'missingFilter'],
        ['prefer-left-join', 'innerJoin'],
      ],
    );
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
    assert.equal(applyFix(text, owner.fixes[0]).split('\n')[11], '\t"owner_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE,');

    const author = diagnosticAt(files, MIGRATION, 'require-on-delete', 25);
    assert.equal(author.fixes.length, 2);
    const authorLine = '\tCONSTRAINT "posts_author_id_users_sync_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id")';
    assert.equal(applyFix(text, author.fixes[0]).split('\n')[25], `${authorLine} ON DELETE SET NULL`);
    assert.equal(applyFix(text, author.fixes[1]).split('\n')[25], `${authorLine} ON DELETE CASCADE`);

    // Nullability of reviewer_id comes from the CREATE TABLE earlier in the file.
    const reviewer = diagnosticAt(files, MIGRATION, 'require-on-delete', 42);
    assert.equal(reviewer.fixes.length, 2);
    assert.equal(applyFix(text, reviewer.fixes[0]).split('\n')[42], '\tFOREIGN KEY ("reviewer_id") REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;');
  });

  test('offers fixes in Drizzle style on the Drizzle example: leftJoin, and(…, isNull(…)), onDelete, text()', () => {
    const { files } = runJson([DRIZZLE_QUERIES, DRIZZLE_SCHEMA]);
    const queries = read(DRIZZLE_QUERIES);
    const schema = read(DRIZZLE_SCHEMA);
    const titles = (d: JsonDiagnostic) => d.fixes.map((f) => [f.title, f.isPreferred]);

    const join = diagnosticAt(files, DRIZZLE_QUERIES, 'prefer-left-join', 12);
    assert.deepEqual(titles(join), [['Change to leftJoin', true]]);
    assert.equal(applyFix(queries, join.fixes[0]), queries.replace('.innerJoin(usersSync,', '.leftJoin(usersSync,'));

    const filter = diagnosticAt(files, DRIZZLE_QUERIES, 'require-deleted-at-filter', 23);
    assert.deepEqual(titles(filter), [
      ['Add isNull(usersSync.deletedAt) to the where (drops rows whose user was soft-deleted)', true],
      ["Add isNull(usersSync.deletedAt) to the join's condition (keeps the rows, hides the soft-deleted user)", false],
    ]);
    assert.equal(
      applyFix(queries, filter.fixes[0]),
      queries.replace('.where(eq(projects.id, projectId));', '.where(and(eq(projects.id, projectId), isNull(usersSync.deletedAt)));'),
    );
    assert.equal(
      applyFix(queries, filter.fixes[1]),
      queries.replace(
        '.leftJoin(usersSync, eq(projects.ownerId, usersSync.id))\n    .where(eq(projects.id, projectId));',
        '.leftJoin(usersSync, and(eq(projects.ownerId, usersSync.id), isNull(usersSync.deletedAt)))\n    .where(eq(projects.id, projectId));',
      ),
    );

    // ownerId is NOT NULL: cascade is the only action offered.
    const owner = diagnosticAt(files, DRIZZLE_SCHEMA, 'require-on-delete', 11);
    assert.deepEqual(titles(owner), [["Add onDelete: 'cascade' (delete these rows with the user: personal data)", true]]);
    assert.equal(
      applyFix(schema, owner.fixes[0]),
      schema.replace('.references(() => usersSync.id),', ".references(() => usersSync.id, { onDelete: 'cascade' }),"),
    );

    const assignee = diagnosticAt(files, DRIZZLE_SCHEMA, 'match-user-id-type', 23);
    assert.equal(assignee.severity, 'error');
    assert.deepEqual(titles(assignee), [['Change the column builder to text()', true]]);
    assert.equal(applyFix(schema, assignee.fixes[0]), schema.replace("assigneeId: uuid('assignee_id')", "assigneeId: text('assignee_id')"));
  });
});

describe("the README's output of the bundled examples", () => {
  const readme = read('README.md');
  /** The bodies of the README's fenced blocks without a language. */
  const plainBlocks: string[] = [];
  {
    let open: { lang: string; lines: string[] } | undefined;
    for (const line of readme.split('\n')) {
      if (open && line === '```') {
        if (open.lang === '') plainBlocks.push(open.lines.map((l) => `${l}\n`).join(''));
        open = undefined;
      } else if (open) open.lines.push(line);
      else if (line.startsWith('```')) open = { lang: line.slice(3).trim(), lines: [] };
    }
  }

  test("every example finding line the README shows is a line the CLI prints on examples/, and the summary is the CLI's", () => {
    const r = run(['examples']);
    const printed = new Set(r.stdout.split('\n'));
    const shown = plainBlocks.flatMap((b) => b.split('\n')).filter((l) => l.startsWith('examples/'));
    assert.ok(shown.length >= 7, `the README shows example findings (${shown.length})`);
    for (const line of shown) assert.ok(printed.has(line), `not printed by the CLI: ${line}`);
    assert.ok(readme.includes(`\`${r.stderr.trim()}\``), `the README quotes the summary ${r.stderr.trim()}`);
  });

  test('the --format json example is the first finding of examples/queries.sql as the CLI writes it (but for the message)', () => {
    const blocks = [...readme.matchAll(/^ *```json\n([\s\S]*?)^ *```$/gm)].map((m) => m[1]);
    const example = blocks.find((b) => b.includes('"file": "examples/queries.sql"'));
    assert.ok(example, 'the README shows a --format json example');
    const { files } = runJson([QUERIES]);
    const [first] = files[0].diagnostics;
    assert.deepEqual(JSON.parse(example), [{ file: files[0].file, diagnostics: [{ ...first, message: '…' }] }]);
  });

  test('the Drizzle ORM section shows exactly what the CLI prints on examples/drizzle-app', () => {
    const block = plainBlocks.find((b) => b.startsWith('examples/drizzle-app/'));
    assert.equal(block, run([path.join('examples', 'drizzle-app')]).stdout);
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
      EXPECTED_EXAMPLE_FINDINGS.map(([file, rule, line, character, , severity]) => [file, rule, line + 1, character + 1, severity]),
    );
    assert.equal(r.code, 1);
  });

  test('prints the summary on stderr', () => {
    const r = run(['examples']);
    assert.equal(r.stderr, '12 problems (1 error, 11 warnings, 0 infos) in 6 of 10 files\n');
  });

  test('prints nothing on stdout and a zero summary for a clean file', () => {
    const r = run([CLEAN]);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n');
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
    assert.equal(r.stderr.split('\n')[0], "neon-auth-lint: unknown option --frobnicate; a path that starts with '-' goes after '--'");
    assert.match(r.stderr, /Usage: neon-auth-lint/);
    // a misspelt long option is named with the closest one; a short one is not guessed at
    assert.equal(
      run(['--formt', 'json', 'examples']).stderr.split('\n')[0],
      "neon-auth-lint: unknown option --formt (did you mean --format?); a path that starts with '-' goes after '--'",
    );
    assert.equal(run(['-x', 'examples']).stderr.split('\n')[0], "neon-auth-lint: unknown option -x; a path that starts with '-' goes after '--'");
  });

  test('exits 2 with the usage on stderr when no path is given', () => {
    for (const args of [[], ['--fix', '--unsafe-fixes'], ['--format', 'json']]) {
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
    assert.deepEqual(
      runJson([big]).files[0].diagnostics.map((d) => d.rule),
      ['require-deleted-at-filter'],
    );
  });

  test('exits 2 with a clear message when a directory holds no .sql file at all', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'SELECT 1;');
    const r = run([dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `neon-auth-lint: no .sql .ts .mts .cts .tsx .js .mjs .cjs .jsx files found in ${dir}\n`);
  });

  test('a file named on the command line that .neon-auth.json ignores gets a notice, not an error (as lint-staged passes files)', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'legacy'));
    fs.writeFileSync(path.join(dir, '.neon-auth.json'), '{ "ignore": ["legacy/**"] }\n');
    fs.writeFileSync(path.join(dir, 'legacy', 'old.sql'), 'SELECT * FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\n');
    const r = run([path.join('legacy', 'old.sql')], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      `neon-auth-lint: ${path.join('legacy', 'old.sql')} not checked: ignored by .neon-auth.json\n0 problems (0 errors, 0 warnings, 0 infos) in 0 of 0 files\n`,
    );
    // the machine formats stay valid
    assert.deepEqual(runJson([path.join('legacy', 'old.sql')], dir).files, []);
  });

  test('exits 2 with the usage for a --max-file-size that is not a positive number', () => {
    const r = run(['--max-file-size', '0', 'examples']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--max-file-size needs a positive number/);
  });

  test('prints the usage on stdout and exits 0 for --help', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: neon-auth-lint \[--format text\|json\|sarif\|github\] \[--fix \[--unsafe-fixes\]\] \[--quiet\] \[--max-warnings N\]/);
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
    assert.deepEqual(
      files,
      [
        { file: path.join('a', 'z.sql'), diagnostics: [] },
        { file: 'b.sql', diagnostics: [] },
      ],
      symlinked ? 'with a symlink loop' : 'without symlinks',
    );
    assert.equal(code, 0);
  });
});

describe('neon-auth-lint on TypeScript and JavaScript files', () => {
  const QUERY =
    "import { neon } from '@neondatabase/serverless';\nconst sql = neon(process.env.DATABASE_URL!);\nexport const user = (id: string) => sql`SELECT email FROM neon_auth.users_sync WHERE id = ${id}`;\n";

  test('directories are searched for host files too, skipping declaration files and build folders; --ext narrows the search', () => {
    const dir = tempDir();
    const file = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    file('src/db.ts', QUERY);
    file('src/types.d.ts', QUERY);
    file('dist/db.js', QUERY);
    file('migrations/0001.sql', 'SELECT 1;\n');
    file('src/page.tsx', 'export default function Page() { return <p>hello</p>; }\n');
    const { code, files } = runJson(['.'], dir);
    assert.deepEqual(
      files.map((f) => [f.file, f.diagnostics.map((d) => [d.rule, d.range.start.line, d.range.start.character])]),
      [
        [path.join('migrations', '0001.sql'), []],
        [path.join('src', 'db.ts'), [['require-deleted-at-filter', 2, 58]]],
        [path.join('src', 'page.tsx'), []],
      ],
    );
    assert.equal(code, 1);
    assert.deepEqual(
      runJson(['--ext', 'sql', '.'], dir).files.map((f) => f.file),
      [path.join('migrations', '0001.sql')],
    );
    const bad = run(['--ext', '', '.'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--ext needs a comma-separated list of extensions such as \.sql,\.ts, not ''/);
  });

  test('--fix --unsafe-fixes rewrites the host file, the fix inside the template', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'db.ts'), QUERY);
    const r = run(['--fix', '--unsafe-fixes', 'db.ts'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'db.ts'), 'utf8'), QUERY.replace('${id}`', '${id} AND neon_auth.users_sync.deleted_at IS NULL`'));
  });

  test('standard input named with --stdin-filename is checked as that language', () => {
    const r = run(['--stdin-filename', 'src/db.ts', '-'], root, { input: QUERY });
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout.split('\n')[0],
      'src/db.ts:3:59 warning require-deleted-at-filter Query reads neon_auth.users_sync without filtering soft-deleted users; add neon_auth.users_sync.deleted_at IS NULL.',
    );
  });

  test('an unqualified users_sync after SET search_path TO neon_auth is checked, and --fix --unsafe-fixes writes SQL that keeps the name as written', () => {
    const sql = 'SET search_path TO neon_auth, public;\nSELECT p.title, u.email FROM posts p JOIN users_sync u ON u.id = p.author_id;\n';
    const r = run(['--stdin-filename', 'q.sql', '-'], root, { input: sql });
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.split('\n').slice(0, 2), [
      'q.sql:2:38 warning prefer-left-join Inner join to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN.',
      'q.sql:2:43 warning require-deleted-at-filter Query reads neon_auth.users_sync without filtering soft-deleted users; add u.deleted_at IS NULL.',
    ]);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'q.sql'), sql);
    assert.equal(run(['--fix', '--unsafe-fixes', 'q.sql'], dir).code, 0);
    assert.equal(
      fs.readFileSync(path.join(dir, 'q.sql'), 'utf8'),
      'SET search_path TO neon_auth, public;\nSELECT p.title, u.email FROM posts p LEFT JOIN users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n',
    );
  });

  test('standard input that looks like TypeScript without --stdin-filename: checked as SQL, and stderr says how to name it', () => {
    const r = run(['-'], root, { input: QUERY });
    assert.equal(
      r.stderr.split('\n')[0],
      'neon-auth-lint: standard input looks like TypeScript or JavaScript but is checked as SQL; name it with --stdin-filename (e.g. --stdin-filename app.ts) to check the SQL inside it',
    );
    // SQL (IMPORT FOREIGN SCHEMA included) gets no such line
    for (const sql of ['IMPORT FOREIGN SCHEMA public FROM SERVER films INTO imported;\n', '-- const x\nSELECT 1;\n', '/* import x from "y" */ SELECT 1;\n']) {
      const plain = run(['-'], root, { input: sql });
      assert.equal(plain.stderr, '0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n', sql);
    }
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
    fixRun = run(['--fix', '--unsafe-fixes', '--format', 'json', 'examples'], dir);
  });

  test('reports no finding left after fixing, and exits 0', () => {
    assert.deepEqual(
      JSON.parse(fixRun.stdout),
      EXAMPLE_FILES.map((file) => ({ file, diagnostics: [] })),
      fixRun.stderr,
    );
    assert.equal(fixRun.code, 0, fixRun.stderr);
  });

  test('leaves no require-on-delete, prefer-left-join, require-deleted-at-filter or match-user-id-type finding when re-checked', () => {
    const { code, files } = runJson(['examples'], dir);
    const rules = new Set(['require-on-delete', 'prefer-left-join', 'require-deleted-at-filter', 'match-user-id-type']);
    assert.deepEqual(
      findings(files).filter(([, rule]) => rules.has(rule)),
      [],
    );
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

  test('rewrites the Drizzle example in its own style (whole files)', () => {
    assert.equal(
      fs.readFileSync(path.join(dir, DRIZZLE_QUERIES), 'utf8'),
      read(DRIZZLE_QUERIES)
        .replace('.innerJoin(usersSync, eq(projects.ownerId, usersSync.id))', '.leftJoin(usersSync, eq(projects.ownerId, usersSync.id))')
        .replace('.where(eq(projects.id, projectId));', '.where(and(eq(projects.id, projectId), isNull(usersSync.deletedAt)));'),
    );
    assert.equal(
      fs.readFileSync(path.join(dir, DRIZZLE_SCHEMA), 'utf8'),
      read(DRIZZLE_SCHEMA)
        .replace('.references(() => usersSync.id),', ".references(() => usersSync.id, { onDelete: 'cascade' }),")
        .replace("assigneeId: uuid('assignee_id')", "assigneeId: text('assignee_id')"),
    );
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
    assert.deepEqual(all, [
      'README.md',
      'app',
      ...['lib', 'lib/db.ts', 'posts.ts', 'todos.ts', 'users.ts'].map((f) => path.join('app', ...f.split('/'))),
      'clean.sql',
      ...[
        'drizzle-app',
        'drizzle-app/src',
        'drizzle-app/src/db',
        'drizzle-app/src/db/index.ts',
        'drizzle-app/src/db/queries.ts',
        'drizzle-app/src/db/schema.ts',
      ].map((f) => path.join(...f.split('/'))),
      'migrations',
      path.join('migrations', '0001_create_todos_and_posts.sql'),
      'queries.sql',
    ]);
  });
});

describe('neon-auth-lint --fix applies safe fixes only; --unsafe-fixes also the suggestions (as Ruff)', () => {
  test('--fix applies only the safe uuid() → text() fix in examples/, leaves every suggestion (each is a choice), and says how to apply them', () => {
    const dir = tempDir();
    fs.cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), { recursive: true, dereference: true });
    const r = run(['--fix', 'examples'], dir);
    for (const f of EXAMPLE_FILES.filter((x) => x !== DRIZZLE_SCHEMA)) assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), read(f), f);
    assert.equal(
      fs.readFileSync(path.join(dir, DRIZZLE_SCHEMA), 'utf8'),
      read(DRIZZLE_SCHEMA).replace("assigneeId: uuid('assignee_id')", "assigneeId: text('assignee_id')"),
    );
    assert.equal(
      r.stderr,
      `${DRIZZLE_SCHEMA}: fixed 1 problem\n` +
        '11 problems (0 errors, 11 warnings, 0 infos) in 6 of 10 files\n' +
        '11 suggestions not applied: each is a choice that changes what the SQL does or reads; review them in the report, or apply the preferred ones with --fix --unsafe-fixes\n',
    );
    assert.equal(r.code, 1);
  });

  test('--fix applies the safe column-type fix and leaves the ON DELETE suggestion of the same key', () => {
    const dir = tempDir();
    const sql = 'CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth.users_sync(id));\n';
    fs.writeFileSync(path.join(dir, 'notes.sql'), sql);
    const r = run(['--fix', 'notes.sql'], dir);
    assert.equal(
      fs.readFileSync(path.join(dir, 'notes.sql'), 'utf8'),
      'CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id));\n',
    );
    assert.match(r.stderr, /^notes\.sql: fixed 1 problem\n/);
    assert.match(
      r.stderr,
      /\n1 suggestion not applied: each is a choice that changes what the SQL does or reads; review them in the report, or apply the preferred ones with --fix --unsafe-fixes\n$/,
    );
    assert.match(r.stdout, /^notes\.sql:1:67 warning require-on-delete /);
    assert.equal(r.code, 1);
    const unsafe = run(['--fix', '--unsafe-fixes', 'notes.sql'], dir);
    assert.equal(
      fs.readFileSync(path.join(dir, 'notes.sql'), 'utf8'),
      'CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
    );
    assert.doesNotMatch(unsafe.stderr, /not applied/);
    assert.equal(unsafe.code, 0, unsafe.stderr);
  });

  test('never overrides an ON DELETE RESTRICT the author wrote, even with --unsafe-fixes: reported, file unchanged', () => {
    const dir = tempDir();
    const sql = 'CREATE TABLE invoices (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE RESTRICT);\n';
    fs.writeFileSync(path.join(dir, 'invoices.sql'), sql);
    const r = run(['--fix', '--unsafe-fixes', 'invoices.sql'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'invoices.sql'), 'utf8'), sql);
    assert.match(r.stdout, /^invoices\.sql:1:\d+ warning require-on-delete ON DELETE RESTRICT on a foreign key to neon_auth\."user"\(id\)/);
    assert.doesNotMatch(r.stderr, /fixed|not applied/);
    assert.equal(r.code, 1);
  });

  test('under an invalid .neon-auth.json, --fix writes nothing (its ignore globs could not be applied): checked with the defaults, exit 2', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'legacy'));
    fs.writeFileSync(path.join(dir, '.neon-auth.json'), '{ "rules": { "prefer-left-join": "warn" }, "ignore": ["legacy/**"] }\n');
    const sql = 'SELECT * FROM "neon_auth.users_sync" u WHERE u.deleted_at IS NULL;\n';
    fs.writeFileSync(path.join(dir, 'legacy', 'old.sql'), sql);
    const r = run(['--fix', '.'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'legacy', 'old.sql'), 'utf8'), sql, 'not rewritten');
    assert.match(r.stderr, /error config \.neon-auth\.json: "rules\.prefer-left-join" must be one of /);
    assert.ok(
      r.stderr.includes(
        `neon-auth-lint: ${path.join('legacy', 'old.sql')}: not fixed: ${path.join(dir, '.neon-auth.json')} is invalid (fix it first: its ignore globs and rules could not be applied)\n`,
      ),
      r.stderr,
    );
    assert.match(r.stdout, /^legacy\/old\.sql:1:15 error no-quoted-dotted-name /);
    assert.equal(r.code, 2);
  });

  test('--unsafe-fixes without --fix is a usage error', () => {
    const r = run(['--unsafe-fixes', 'examples']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^neon-auth-lint: --unsafe-fixes only changes what --fix applies: add --fix\n/);
  });
});

/** The 1-based SARIF regions (UTF-16 columns, end exclusive) of EXPECTED_EXAMPLE_FINDINGS, with each result's level. */
const EXPECTED_SARIF_RESULTS: [uri: string, rule: string, level: string, startLine: number, startColumn: number, endLine: number, endColumn: number][] = [
  ['examples/app/todos.ts', 'prefer-left-join', 'warning', 10, 56, 10, 60],
  ['examples/app/users.ts', 'require-deleted-at-filter', 'warning', 8, 54, 8, 74],
  ['examples/drizzle-app/src/db/queries.ts', 'prefer-left-join', 'warning', 13, 6, 13, 15],
  ['examples/drizzle-app/src/db/queries.ts', 'require-deleted-at-filter', 'warning', 24, 15, 24, 24],
  ['examples/drizzle-app/src/db/schema.ts', 'require-on-delete', 'warning', 12, 6, 12, 36],
  ['examples/drizzle-app/src/db/schema.ts', 'match-user-id-type', 'error', 24, 15, 24, 34],
  ['examples/migrations/0001_create_todos_and_posts.sql', 'require-on-delete', 'warning', 12, 27, 12, 68],
  ['examples/migrations/0001_create_todos_and_posts.sql', 'require-on-delete', 'warning', 26, 74, 26, 115],
  ['examples/migrations/0001_create_todos_and_posts.sql', 'require-on-delete', 'warning', 43, 30, 43, 65],
  ['examples/queries.sql', 'prefer-left-join', 'warning', 9, 1, 9, 11],
  ['examples/queries.sql', 'require-deleted-at-filter', 'warning', 17, 11, 17, 33],
  ['examples/queries.sql', 'prefer-left-join', 'warning', 32, 3, 32, 7],
];

const FK_MESSAGE =
  'Foreign key to neon_auth.users_sync(id) has no ON DELETE action; say what happens to these rows when the user is deleted: CASCADE for personal data, SET NULL for content that should outlive its author.';
const JOIN_MESSAGE = 'Inner join to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN.';
const DELETED_AT_MESSAGE = 'Query reads neon_auth.users_sync without filtering soft-deleted users; add u.deleted_at IS NULL.';
const DRIZZLE_MESSAGES = {
  join: 'innerJoin to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use leftJoin.',
  deletedAt: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
  onDelete:
    ".references() to neon_auth.users_sync(id) has no onDelete; say what happens to these rows when the user is deleted: 'cascade' for personal data, 'set null' for content that should outlive its author.",
  type: 'Column assignee_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
};

/**
 * The SARIF 2.1.0 schema as Microsoft ships it on npm (@microsoft/jest-sarif, "2.1.0-rtm.5").
 * For validation it is the OASIS sarif-schema-2.1.0.json: only the title, id and description
 * differ, and it declares JSON Schema draft-04 where the OASIS copy declares draft-07 (so it is
 * compiled with ajv-draft-04). `unicodeRegExp: false`: the schema's own pattern for language
 * tags, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, has a stray `]` that a `u` RegExp rejects.
 */
const SARIF_SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
let sarifValidate: ReturnType<Ajv['compile']> | undefined;
function validateSarif(log: unknown): string[] {
  if (!sarifValidate) {
    const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as { title: string };
    assert.match(schema.title, /SARIF\) Version 2\.1\.0/);
    const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    sarifValidate = ajv.compile(schema);
  }
  return sarifValidate(log) ? [] : (sarifValidate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

function runSarif(args: string[], cwd = root, options: RunOptions = {}): { code: number | null; log: Sarif.Log; stderr: string } {
  const r = run(['--format', 'sarif', ...args], cwd, options);
  let log: Sarif.Log;
  try {
    log = JSON.parse(r.stdout) as Sarif.Log;
  } catch {
    assert.fail(`stdout is not JSON (exit ${r.code}).\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return { code: r.code, log, stderr: r.stderr };
}

/** The text with a SARIF fix's replacements applied (1-based regions, UTF-16 columns, end exclusive). */
function applySarifReplacements(text: string, replacements: Sarif.Replacement[]): string {
  const edits = replacements
    .map((r) => {
      const d = r.deletedRegion;
      assert.ok(d.startLine && d.startColumn && d.endLine && d.endColumn, 'a deletedRegion has line and column');
      return {
        start: offsetAt(text, { line: d.startLine - 1, character: d.startColumn - 1 }),
        end: offsetAt(text, { line: d.endLine - 1, character: d.endColumn - 1 }),
        newText: r.insertedContent?.text ?? '',
      };
    })
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** queries.sql with its three preferred fixes applied, as --fix writes it. */
function fixedQueries(): string {
  const lines = read(QUERIES).split('\n');
  assert.equal(lines[8], 'INNER JOIN neon_auth.users_sync u ON u.id = t.owner_id');
  lines[8] = 'LEFT JOIN neon_auth.users_sync u ON u.id = t.owner_id';
  assert.equal(lines[16], 'LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id');
  // the query is written one clause per line: the new WHERE gets a line of its own
  lines[16] += '\nWHERE u.deleted_at IS NULL';
  assert.equal(lines[31], '  JOIN "neon_auth"."users_sync" AS u ON u.id = c.author_id AND u.deleted_at IS NULL');
  // the ON's deleted_at condition moves to a WHERE of its own line (the join would otherwise bring soft-deleted users back)
  lines[31] = '  LEFT JOIN "neon_auth"."users_sync" AS u ON u.id = c.author_id\n  WHERE u.deleted_at IS NULL';
  return lines.join('\n');
}

describe('neon-auth-lint --format sarif', () => {
  test('writes a log that validates against the SARIF 2.1.0 JSON schema, and exits 1 for the findings', () => {
    const { code, log } = runSarif(['examples']);
    assert.deepEqual(validateSarif(log), []);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.equal(code, 1);
  });

  test('the schema check rejects a log with a level SARIF does not have', () => {
    const { log } = runSarif(['examples']);
    (log.runs[0].results?.[0] as { level: string }).level = 'warn';
    assert.deepEqual(validateSarif(log), ['/runs/0/results/0/level must be equal to one of the allowed values']);
  });

  test('names the tool and lists every rule with its description, documentation link and default level', () => {
    const { log } = runSarif(['examples']);
    const driver = log.runs[0].tool.driver;
    const pkg = JSON.parse(read('package.json')) as { version: string };
    assert.equal(driver.name, 'neon-auth-lint');
    assert.equal(driver.version, pkg.version);
    assert.equal(driver.informationUri, 'https://github.com/neon-auth-sql/neon-auth-sql');
    const level = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;
    assert.deepEqual(
      driver.rules,
      registeredRules.map((r) => ({
        id: r.id,
        shortDescription: { text: r.description },
        helpUri: r.docsUrl,
        defaultConfiguration: { level: level[r.defaultSeverity] },
        messageStrings: Object.fromEntries(
          Object.keys(r.messages).map((id) => [id, { text: driver.rules?.find((d) => d.id === r.id)?.messageStrings?.[id]?.text }]),
        ),
      })),
    );
    // Each rule message as a SARIF message string: placeholders numbered in order of first appearance.
    assert.equal(
      driver.rules?.[0].messageStrings?.innerJoin.text,
      'Inner join to {0} drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN{1}.',
    );
    assert.equal(
      driver.rules?.find((d) => d.id === 'match-user-id-type')?.messageStrings?.arrayColumn.text,
      'Column {0} is {1}, an array: a foreign key cannot reference {2} ({3}) from an array column, and Postgres rejects it (SQLSTATE 42804). Store one user per row (e.g. a join table with a {3} column).',
    );
    const ids = driver.rules?.map((r) => r.id) ?? [];
    for (const id of ['prefer-left-join', 'require-deleted-at-filter', 'require-on-delete']) assert.ok(ids.includes(id), id);
  });

  test('reports the exact rule ids, levels and 1-based regions of examples/, with relative %SRCROOT% URIs', () => {
    const { log } = runSarif(['examples']);
    const run0 = log.runs[0];
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    const results = run0.results ?? [];
    assert.deepEqual(
      results.map((r) => {
        const loc = r.locations?.[0]?.physicalLocation;
        const g = loc?.region ?? {};
        return [loc?.artifactLocation?.uri, r.ruleId, r.level, g.startLine, g.startColumn, g.endLine, g.endColumn];
      }),
      EXPECTED_SARIF_RESULTS,
    );
    for (const r of results) {
      assert.equal(r.locations?.length, 1);
      assert.equal(r.locations?.[0].physicalLocation?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.equal(run0.tool.driver.rules?.[r.ruleIndex ?? -1]?.id, r.ruleId, 'ruleIndex points at the rule');
      assert.ok((r.message.text ?? '').length > 0);
    }
    assert.deepEqual(
      results.map((r) => r.message.text),
      [
        JOIN_MESSAGE,
        'Query reads neon_auth.users_sync without filtering soft-deleted users; add neon_auth.users_sync.deleted_at IS NULL.',
        DRIZZLE_MESSAGES.join,
        DRIZZLE_MESSAGES.deletedAt,
        DRIZZLE_MESSAGES.onDelete,
        DRIZZLE_MESSAGES.type,
        FK_MESSAGE,
        FK_MESSAGE,
        FK_MESSAGE,
        JOIN_MESSAGE,
        DELETED_AT_MESSAGE,
        JOIN_MESSAGE,
      ],
    );
  });

  test("gives each result its message id and arguments: the rule's message string filled with them is the message text", () => {
    const { log } = runSarif(['examples']);
    const run0 = log.runs[0];
    const results = run0.results ?? [];
    assert.deepEqual(results[0].message, {
      text: JOIN_MESSAGE,
      id: 'innerJoin',
      arguments: ['neon_auth.users_sync', ''],
    });
    for (const r of results) {
      const template = run0.tool.driver.rules?.[r.ruleIndex ?? -1]?.messageStrings?.[r.message.id ?? '']?.text;
      assert.ok(template !== undefined, `${r.ruleId}: ${r.message.id} is a message string of its rule`);
      const filled = template.replace(/\{(\d+)\}/g, (_, n: string) => r.message.arguments?.[Number(n)] ?? '\u0000');
      assert.equal(filled, r.message.text);
    }
  });

  test('a host file: the arguments quote a ${…} as written in the host, as the message text does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-lint-'));
    const file = path.join(dir, 'queries.ts');
    fs.writeFileSync(
      file,
      "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n" +
        'export const f = (params: { id: string }) =>\n  prisma.$queryRaw`SELECT u.name FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL AND u.id = ${params.id}::uuid`;\n',
    );
    try {
      const { log } = runSarif([file]);
      const run0 = log.runs[0];
      const [result] = run0.results ?? [];
      assert.equal(result.ruleId, 'match-user-id-comparison');
      assert.deepEqual(result.message.arguments, [
        'u.id (neon_auth.users_sync.id)',
        'text',
        '${params.id}::uuid',
        'uuid',
        'text',
        '=',
        'uuid',
        'text',
        " (the parameter then has the id's type)",
      ]);
      const template = run0.tool.driver.rules?.[result.ruleIndex ?? -1]?.messageStrings?.[result.message.id ?? '']?.text ?? '';
      assert.equal(
        template.replace(/\{(\d+)\}/g, (_, n: string) => result.message.arguments?.[Number(n)] ?? '\u0000'),
        result.message.text,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('carries every fix as replacements; the preferred ones give the text --fix writes', () => {
    const { log } = runSarif([QUERIES]);
    const results = log.runs[0].results ?? [];
    // Each fix of the JSON format, in the same order (preferred first), titled the same.
    const json = runJson([QUERIES]).files[0].diagnostics;
    assert.deepEqual(
      results.map((r) => r.fixes?.map((f) => f.description?.text)),
      json.map((d) => d.fixes.map((f) => f.title)),
    );
    assert.deepEqual(
      results.map((r) => r.fixes?.length),
      [1, 2, 2],
    );
    // Each with its applicability in its property bag, as in the JSON format.
    assert.deepEqual(
      results.map((r) => r.fixes?.map((f) => f.properties?.applicability)),
      [['unsafe'], ['unsafe', 'display-only'], ['unsafe', 'display-only']],
    );
    const preferred = results.flatMap((r) => r.fixes?.[0]?.artifactChanges.flatMap((c) => c.replacements) ?? []);
    assert.equal(applySarifReplacements(read(QUERIES), preferred), fixedQueries());
    // The WHERE is an insertion: an empty deleted region at the end of line 17, a line of its own.
    assert.deepEqual(results[1].fixes?.[0].artifactChanges[0].replacements, [
      { deletedRegion: { startLine: 17, startColumn: 55, endLine: 17, endColumn: 55 }, insertedContent: { text: '\nWHERE u.deleted_at IS NULL' } },
    ]);
  });

  test('counts columns in UTF-16 code units after a BOM and a CRLF, and percent-encodes the URI', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'sub dir'));
    const sql =
      '\uFEFF-- emoji before the join\r\n' +
      "SELECT '\u{1F642}' AS mood, u.name FROM todos t JOIN neon_auth.users_sync u ON u.id = t.owner_id WHERE u.deleted_at IS NULL;\r\n";
    fs.writeFileSync(path.join(dir, 'sub dir', 'a#1.sql'), sql);
    const { log } = runSarif(['.'], dir);
    assert.deepEqual(validateSarif(log), []);
    const loc = log.runs[0].results?.[0].locations?.[0].physicalLocation;
    assert.deepEqual(loc, {
      artifactLocation: { uri: 'sub%20dir/a%231.sql', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 42, endLine: 2, endColumn: 46 },
    });
  });

  test('artifact URIs are relative to the repository root, which originalUriBaseIds gives as %SRCROOT%', () => {
    const repo = tempDir();
    fs.mkdirSync(path.join(repo, '.git'));
    fs.mkdirSync(path.join(repo, 'app'));
    fs.mkdirSync(path.join(repo, 'db'));
    fs.writeFileSync(
      path.join(repo, 'db', 'q.sql'),
      'SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n',
    );
    const { log } = runSarif(['../db/q.sql'], path.join(repo, 'app'));
    assert.deepEqual(validateSarif(log), []);
    assert.deepEqual(log.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(repo).href}/` } });
    assert.deepEqual(log.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation, { uri: 'db/q.sql', uriBaseId: '%SRCROOT%' });
  });

  test('describes a finding no rule makes (file-skipped) after the rules, as a note', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'binary.sql'), 'SELECT 1\u0000;\n');
    const { log, code } = runSarif(['binary.sql'], dir);
    assert.deepEqual(validateSarif(log), []);
    const rulesOut = log.runs[0].tool.driver.rules ?? [];
    assert.equal(rulesOut.length, registeredRules.length + 1);
    assert.deepEqual(rulesOut[registeredRules.length], {
      id: 'file-skipped',
      shortDescription: { text: 'A file was not checked: it is over the size limit or is not text.' },
      defaultConfiguration: { level: 'note' },
    });
    const [result] = log.runs[0].results ?? [];
    assert.deepEqual(
      [result.ruleId, result.ruleIndex, result.level, result.locations?.[0].physicalLocation?.region],
      ['file-skipped', registeredRules.length, 'note', { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }],
    );
    assert.equal(code, 0);
  });

  test('names standard input by a description, with no URI', () => {
    const { log, code } = runSarif(['-'], root, { input: read(QUERIES) });
    assert.deepEqual(validateSarif(log), []);
    const locations = (log.runs[0].results ?? []).map((r) => r.locations?.[0].physicalLocation?.artifactLocation);
    assert.deepEqual(locations, [{ description: { text: '<stdin>' } }, { description: { text: '<stdin>' } }, { description: { text: '<stdin>' } }]);
    assert.equal(code, 1);
  });
});

describe('neon-auth-lint --format github', () => {
  const EXPECTED_GITHUB = [
    `::warning file=examples/app/todos.ts,line=10,col=56,endLine=10,endColumn=60,title=prefer-left-join::${JOIN_MESSAGE}`,
    `::warning file=examples/app/users.ts,line=8,col=54,endLine=8,endColumn=74,title=require-deleted-at-filter::Query reads neon_auth.users_sync without filtering soft-deleted users; add neon_auth.users_sync.deleted_at IS NULL.`,
    `::warning file=examples/drizzle-app/src/db/queries.ts,line=13,col=6,endLine=13,endColumn=15,title=prefer-left-join::${DRIZZLE_MESSAGES.join}`,
    `::warning file=examples/drizzle-app/src/db/queries.ts,line=24,col=15,endLine=24,endColumn=24,title=require-deleted-at-filter::${DRIZZLE_MESSAGES.deletedAt}`,
    `::warning file=examples/drizzle-app/src/db/schema.ts,line=12,col=6,endLine=12,endColumn=36,title=require-on-delete::${DRIZZLE_MESSAGES.onDelete}`,
    `::error file=examples/drizzle-app/src/db/schema.ts,line=24,col=15,endLine=24,endColumn=34,title=match-user-id-type::${DRIZZLE_MESSAGES.type}`,
    `::warning file=examples/migrations/0001_create_todos_and_posts.sql,line=12,col=27,endLine=12,endColumn=68,title=require-on-delete::${FK_MESSAGE}`,
    `::warning file=examples/migrations/0001_create_todos_and_posts.sql,line=26,col=74,endLine=26,endColumn=115,title=require-on-delete::${FK_MESSAGE}`,
    `::warning file=examples/migrations/0001_create_todos_and_posts.sql,line=43,col=30,endLine=43,endColumn=65,title=require-on-delete::${FK_MESSAGE}`,
    `::warning file=examples/queries.sql,line=9,col=1,endLine=9,endColumn=11,title=prefer-left-join::${JOIN_MESSAGE}`,
    `::warning file=examples/queries.sql,line=17,col=11,endLine=17,endColumn=33,title=require-deleted-at-filter::${DELETED_AT_MESSAGE}`,
    `::warning file=examples/queries.sql,line=32,col=3,endLine=32,endColumn=7,title=prefer-left-join::${JOIN_MESSAGE}`,
  ];

  test('prints exactly one ::warning or ::error annotation per finding in examples/ and the summary on stderr', () => {
    const r = run(['--format', 'github', 'examples']);
    assert.equal(r.stdout, EXPECTED_GITHUB.map((l) => `${l}\n`).join(''));
    assert.equal(r.stderr, '12 problems (1 error, 11 warnings, 0 infos) in 6 of 10 files\n');
    assert.equal(r.code, 1);
  });

  test('is the default when GITHUB_ACTIONS=true and no --format is given; --format still wins', () => {
    const r = run(['examples'], root, { env: { GITHUB_ACTIONS: 'true' } });
    assert.equal(r.stdout, EXPECTED_GITHUB.map((l) => `${l}\n`).join(''));
    assert.equal(r.code, 1);
    const text = run(['--format', 'text', 'examples'], root, { env: { GITHUB_ACTIONS: 'true' } });
    assert.match(text.stdout, /^examples\/app\/todos\.ts:10:56 warning prefer-left-join /);
    const other = run(['examples'], root, { env: { GITHUB_ACTIONS: 'false' } });
    assert.match(other.stdout, /^examples\/app\/todos\.ts:10:56 warning /);
  });

  test('escapes %, CR and LF in the message, and also : and , in the file property', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a,b:c%.sql'), 'SELECT 1 FROM t LEFT JOIN neon_auth.users_sync AS "50%\nx" ON "50%\nx".id = t.u;\n');
    const r = run(['--format', 'github', '.'], dir);
    assert.equal(
      r.stdout,
      '::warning file=a%2Cb%3Ac%25.sql,line=1,col=27,endLine=2,endColumn=3,title=require-deleted-at-filter::' +
        'Query reads neon_auth.users_sync without filtering soft-deleted users; add "50%25%0Ax".deleted_at IS NULL.\n',
    );
  });

  test('names files relative to the repository (the folder holding .git), not the working directory, so annotations attach', () => {
    const repo = tempDir();
    fs.mkdirSync(path.join(repo, '.git'));
    fs.mkdirSync(path.join(repo, 'app'));
    fs.mkdirSync(path.join(repo, 'db', 'migrations'), { recursive: true });
    fs.writeFileSync(
      path.join(repo, 'db', 'migrations', 'q.sql'),
      'SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n',
    );
    const line = `::warning file=db/migrations/q.sql,line=1,col=26,endLine=1,endColumn=30,title=prefer-left-join::${JOIN_MESSAGE}\n`;
    assert.equal(run(['--format', 'github', '../db/migrations/q.sql'], path.join(repo, 'app')).stdout, line);
    assert.equal(run(['--format', 'github', 'migrations'], path.join(repo, 'db')).stdout, line);
    // GITHUB_WORKSPACE wins over the .git lookup
    const workspace = run(['--format', 'github', 'q.sql'], path.join(repo, 'db', 'migrations'), { env: { GITHUB_WORKSPACE: path.join(repo, 'db') } });
    assert.equal(workspace.stdout, line.replace('file=db/migrations/q.sql', 'file=migrations/q.sql'));
  });

  test('annotates standard input with no file', () => {
    const r = run(['--format', 'github', '-'], root, { input: read(QUERIES) });
    assert.equal(r.stdout.split('\n')[0], `::warning title=prefer-left-join::${JOIN_MESSAGE}`);
    assert.equal(r.stdout.split('\n').length, 4);
  });

  test('--stdin-filename names standard input: annotations attach to it, and its .neon-auth.json applies', () => {
    const r = run(['--format', 'github', '--stdin-filename', QUERIES, '-'], root, { input: read(QUERIES) });
    assert.equal(r.stdout.split('\n')[0], `::warning file=examples/queries.sql,line=9,col=1,endLine=9,endColumn=11,title=prefer-left-join::${JOIN_MESSAGE}`);
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'db'));
    fs.writeFileSync(path.join(dir, 'db', '.neon-auth.json'), '{ "rules": { "prefer-left-join": "off" } }\n');
    const sql = 'SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n';
    assert.equal(run(['-'], dir, { input: sql }).code, 1, 'without it, the defaults of the working directory');
    const named = run(['--stdin-filename', path.join('db', 'q.sql'), '-'], dir, { input: sql });
    assert.equal(named.code, 0);
    assert.equal(named.stderr, '0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n');
  });
});

describe('neon-auth-lint --max-warnings and --quiet', () => {
  test('--max-warnings 10 exits 1 on the 11 warnings of examples/ and says why on stderr', () => {
    const r = run(['--max-warnings', '10', 'examples']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\n').length, 13, 'all 12 findings are reported');
    assert.equal(r.stderr, '12 problems (1 error, 11 warnings, 0 infos) in 6 of 10 files\nneon-auth-lint: 11 warnings, more than --max-warnings 10\n');
  });

  test('--max-warnings 11 allows the 11 warnings of examples/, but the error still exits 1', () => {
    const r = run(['--max-warnings', '11', 'examples']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\n').length, 13);
    assert.equal(r.stderr, '12 problems (1 error, 11 warnings, 0 infos) in 6 of 10 files\n');
  });

  test('--max-warnings 3 exits 0 on the 3 warnings of queries.sql and still reports them', () => {
    const r = run(['--max-warnings', '3', QUERIES]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.split('\n').length, 4);
    assert.equal(r.stderr, '3 problems (0 errors, 3 warnings, 0 infos) in 1 of 1 file\n');
  });

  test('--max-warnings 0 exits 1 on any warning and 0 on a clean file', () => {
    assert.equal(run(['--max-warnings', '0', QUERIES]).code, 1);
    assert.equal(run(['--max-warnings', '0', CLEAN]).code, 0);
  });

  test('exits 2 with the usage for a --max-warnings that is not a whole number', () => {
    for (const n of ['-1', '1.5', 'many', '']) {
      const r = run([`--max-warnings=${n}`, 'examples']);
      assert.equal(r.code, 2, n);
      assert.equal(r.stdout, '', n);
      assert.match(r.stderr, /--max-warnings needs a whole number/, n);
    }
  });

  test('--quiet hides warnings: only the error of examples/ on stdout and in the summary, exit 1', () => {
    const r = run(['--quiet', 'examples']);
    assert.equal(r.stdout, `${DRIZZLE_SCHEMA}:24:15 error match-user-id-type ${DRIZZLE_MESSAGES.type}\n`);
    assert.equal(r.stderr, '1 problem (1 error, 0 warnings, 0 infos) in 1 of 10 files\n');
    assert.equal(r.code, 1);
    assert.deepEqual(
      runJson(['--quiet', 'examples']).files.map((f) => [f.file, f.diagnostics.map((d) => d.rule)]),
      EXAMPLE_FILES.map((file) => [file, file === DRIZZLE_SCHEMA ? ['match-user-id-type'] : []]),
    );
  });

  test('--quiet on warnings only: nothing on stdout, a zero summary, exit 0', () => {
    const r = run(['--quiet', QUERIES]);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n');
    assert.equal(r.code, 0);
  });

  test('--quiet with --max-warnings counts the hidden warnings', () => {
    const over = run(['--quiet', '--max-warnings', '2', QUERIES]);
    assert.equal(over.stdout, '');
    assert.equal(over.code, 1);
    assert.match(over.stderr, /3 warnings, more than --max-warnings 2/);
    assert.equal(run(['--quiet', '--max-warnings', '3', QUERIES]).code, 0);
  });

  test('--quiet still reports an error finding of a rule whose default is warning, and fails', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'q.sql'), "UPDATE neon_auth.users_sync SET email = 'x' WHERE id = '1';\n");
    const r = run(['--quiet', 'q.sql'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^q\.sql:1:33 error no-auth-table-writes email is a generated column of neon_auth\.users_sync/);
    assert.equal(r.stderr, '1 problem (1 error, 0 warnings, 0 infos) in 1 of 1 file\n');
  });

  test('--quiet --fix fixes errors only', () => {
    const dir = tempDir();
    const sql =
      'CREATE TABLE notes (id serial PRIMARY KEY, author_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\nSELECT n.id FROM notes n JOIN neon_auth.users_sync u ON u.id = n.author_id WHERE u.deleted_at IS NULL;\n';
    fs.writeFileSync(path.join(dir, 'n.sql'), sql);
    const r = run(['--quiet', '--fix', '--unsafe-fixes', 'n.sql'], dir);
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'n.sql'), 'utf8'), sql.replace('author_id uuid', 'author_id text'));
  });

  test('--quiet --fix fixes no warning', () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(root, QUERIES), path.join(dir, 'queries.sql'));
    const r = run(['--quiet', '--fix', '--unsafe-fixes', 'queries.sql'], dir);
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'queries.sql'), 'utf8'), read(QUERIES));
  });
});

describe('neon-auth-lint - (standard input)', () => {
  test('checks SQL from standard input and reports it as <stdin>', () => {
    const r = run(['-'], root, { input: read(QUERIES) });
    assert.equal(
      r.stdout,
      `<stdin>:9:1 warning prefer-left-join ${JOIN_MESSAGE}\n` +
        `<stdin>:17:11 warning require-deleted-at-filter ${DELETED_AT_MESSAGE}\n` +
        `<stdin>:32:3 warning prefer-left-join ${JOIN_MESSAGE}\n`,
    );
    assert.equal(r.stderr, '3 problems (0 errors, 3 warnings, 0 infos) in 1 of 1 file\n');
    assert.equal(r.code, 1);
  });

  test('checks standard input once, in place among the other paths', () => {
    const { code, files } = runJson(['-', CLEAN, '-'], root, { input: read(CLEAN) });
    assert.deepEqual(files, [
      { file: '<stdin>', diagnostics: [] },
      { file: CLEAN, diagnostics: [] },
    ]);
    assert.equal(code, 0);
  });

  test('with --fix prints the fixed SQL on stdout and the report on stderr', () => {
    const r = run(['--fix', '--unsafe-fixes', '-'], root, { input: read(QUERIES) });
    assert.equal(r.stdout, fixedQueries());
    assert.equal(r.stderr, '<stdin>: fixed 3 problems\n0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n');
    assert.equal(r.code, 0);
  });

  test('with --fix prints SQL with nothing to fix unchanged, BOM included, and the JSON report on stderr', () => {
    const input = '\uFEFF' + read(CLEAN);
    const r = run(['--fix', '--unsafe-fixes', '--format', 'json', '-'], root, { input });
    assert.equal(r.stdout, input);
    assert.deepEqual(JSON.parse(r.stderr), [{ file: '<stdin>', diagnostics: [] }]);
    assert.equal(r.code, 0);
  });

  test('with --fix writes the named files and prints only the SQL of standard input on stdout', () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(root, QUERIES), path.join(dir, 'queries.sql'));
    const r = run(['--fix', '--unsafe-fixes', 'queries.sql', '-'], dir, { input: read(CLEAN) });
    assert.equal(r.stdout, read(CLEAN));
    assert.equal(fs.readFileSync(path.join(dir, 'queries.sql'), 'utf8'), fixedQueries());
    assert.equal(r.code, 0);
  });
});

describe('neon-auth-lint text colours', () => {
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

  /** Runs the CLI on a pseudo-terminal (util-linux `script`), so stdout is a TTY. */
  function runOnTerminal(args: string[], env: Record<string, string> = {}): string {
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, cli, ...args].map(quote).join(' ');
    const full: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('NO_COLOR' in env)) delete full.NO_COLOR;
    delete full.GITHUB_ACTIONS;
    delete full.FORCE_COLOR;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, env: full, encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.stdout;
  }

  test('colours the severity and the rule id when stdout is a terminal', { skip: !hasScript && 'no `script` command' }, () => {
    const out = runOnTerminal([QUERIES]);
    assert.ok(out.includes(`${QUERIES}:9:1 \x1b[33mwarning\x1b[39m \x1b[2mprefer-left-join\x1b[22m ${JOIN_MESSAGE}`), JSON.stringify(out));
  });

  test('adds no colour on a terminal when NO_COLOR is set', { skip: !hasScript && 'no `script` command' }, () => {
    const out = runOnTerminal([QUERIES], { NO_COLOR: '1' });
    assert.ok(out.includes(`${QUERIES}:9:1 warning prefer-left-join ${JOIN_MESSAGE}`), JSON.stringify(out));
    assert.doesNotMatch(out, /\x1b\[/);
  });

  test('adds no colour when stdout is not a terminal', () => {
    const r = run([QUERIES]);
    assert.doesNotMatch(r.stdout, /\x1b\[/);
    assert.match(r.stdout, /^examples\/queries\.sql:9:1 warning prefer-left-join /);
  });

  test('FORCE_COLOR colours output that is not a terminal (CI logs); FORCE_COLOR=0 does not, and NO_COLOR wins', () => {
    const forced = run([QUERIES], root, { env: { FORCE_COLOR: '1' } });
    assert.ok(forced.stdout.includes(`${QUERIES}:9:1 \x1b[33mwarning\x1b[39m \x1b[2mprefer-left-join\x1b[22m ${JOIN_MESSAGE}`), JSON.stringify(forced.stdout));
    for (const env of [{ FORCE_COLOR: '0' }, { FORCE_COLOR: '1', NO_COLOR: '1' }] as Record<string, string>[]) {
      const r = run([QUERIES], root, { env });
      assert.doesNotMatch(r.stdout, /\x1b\[/, JSON.stringify(env));
      assert.match(r.stdout, /^examples\/queries\.sql:9:1 warning prefer-left-join /);
    }
  });
});

/** A query with one finding (prefer-left-join on `JOIN`) and its --fix output. */
const JOIN_QUERY = 'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n';
const JOIN_QUERY_FIXED = JOIN_QUERY.replace(' JOIN ', ' LEFT JOIN ');
const JOIN_LINE = (file: string): string => `${file}:1:29 warning prefer-left-join ${JOIN_MESSAGE}\n`;
const ONE_WARNING = '1 problem (0 errors, 1 warning, 0 infos) in 1 of 1 file\n';

/** Whether the tests run as root (as they do in CI containers): the CLI can then also run as another user. */
const isRoot = process.getuid?.() === 0;
/**
 * The user the CLI runs as where a test needs an ordinary user: `nobody` (uid and gid 65534)
 * when the tests run as root, else the tests' own user (no other user is possible then).
 */
const unprivileged = isRoot ? { uid: 65534, gid: 65534 } : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
const asUnprivileged: RunOptions = isRoot ? { user: unprivileged } : {};
/** The tests' own user (root in CI). */
const self = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };

/** A new folder owned by the unprivileged user, holding `q.sql` (JOIN_QUERY) owned by them with `mode`. */
function unprivilegedFolder(mode: number, name = 'q.sql'): { dir: string; file: string } {
  const dir = tempDir();
  fs.chownSync(dir, unprivileged.uid, unprivileged.gid);
  const file = path.join(dir, name);
  fs.writeFileSync(file, JOIN_QUERY);
  fs.chownSync(file, unprivileged.uid, unprivileged.gid);
  fs.chmodSync(file, mode);
  return { dir, file };
}

function ownerAndMode(file: string): [uid: number, gid: number, mode: number] {
  const st = fs.statSync(file);
  return [st.uid, st.gid, st.mode & 0o7777];
}

describe('neon-auth-lint --fix writes only what the user could, and keeps owner, group, mode and links', () => {
  test('refuses a file no one may write (0444): nothing written, exit 2, for an ordinary user and for root alike', () => {
    const { dir, file } = unprivilegedFolder(0o444);
    for (const [who, options] of [
      ['unprivileged', asUnprivileged],
      ["the tests' user (root in CI)", {}],
    ] as const) {
      const r = run(['--fix', '--unsafe-fixes', 'q.sql'], dir, options);
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, JOIN_LINE('q.sql'), `neon-auth-lint: q.sql: not fixed: the file is read-only\n${ONE_WARNING}`], who);
      assert.equal(fs.readFileSync(file, 'utf8'), JOIN_QUERY, who);
      assert.deepEqual(ownerAndMode(file), [unprivileged.uid, unprivileged.gid, 0o444], who);
      assert.deepEqual(fs.readdirSync(dir), ['q.sql'], who);
    }
  });

  test('refuses a file the user may not write although others may (0464, their own): exit 2', () => {
    const { dir, file } = unprivilegedFolder(0o464);
    const r = run(['--fix', '--unsafe-fixes', 'q.sql'], dir, asUnprivileged);
    assert.deepEqual(
      [r.code, r.stdout, r.stderr],
      [2, JOIN_LINE('q.sql'), `neon-auth-lint: q.sql: not fixed: cannot write it: EACCES: permission denied\n${ONE_WARNING}`],
    );
    assert.equal(fs.readFileSync(file, 'utf8'), JOIN_QUERY);
    assert.deepEqual(fs.readdirSync(dir), ['q.sql']);
  });

  test("fixes another user's writable file (0666) in the user's folder, keeping its owner, group and mode", () => {
    // As root: the file is root's and the CLI runs as nobody (renaming would make it nobody's).
    // As any other user, the file is necessarily the user's own: owner and mode must still hold.
    const { dir, file } = unprivilegedFolder(0o666);
    fs.chownSync(file, self.uid, self.gid);
    const r = run(['--fix', '--unsafe-fixes', 'q.sql'], dir, asUnprivileged);
    assert.deepEqual([r.code, r.stderr], [0, 'q.sql: fixed 1 problem\n0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n']);
    assert.equal(fs.readFileSync(file, 'utf8'), JOIN_QUERY_FIXED);
    assert.deepEqual(ownerAndMode(file), [self.uid, self.gid, 0o666]);
    assert.deepEqual(fs.readdirSync(dir), ['q.sql']);
  });

  test("run by the tests' user (root in CI, as on a bind mount), a fixed file keeps its owner, group and mode (0640)", () => {
    const { dir, file } = unprivilegedFolder(0o640);
    const r = run(['--fix', '--unsafe-fixes', 'q.sql'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), JOIN_QUERY_FIXED);
    assert.deepEqual(ownerAndMode(file), [unprivileged.uid, unprivileged.gid, 0o640]);
    assert.deepEqual(fs.readdirSync(dir), ['q.sql']);
  });

  test('a hard-linked file is rewritten in place: its other name shows the fix too', () => {
    const { dir, file } = unprivilegedFolder(0o644);
    const other = path.join(dir, 'same-file.txt');
    fs.linkSync(file, other);
    const ino = fs.statSync(file).ino;
    const r = run(['--fix', '--unsafe-fixes', 'q.sql'], dir, asUnprivileged);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(other, 'utf8'), JOIN_QUERY_FIXED);
    assert.deepEqual([fs.statSync(file).ino, fs.statSync(file).nlink], [ino, 2]);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['q.sql', 'same-file.txt']);
  });

  test('a writable file in a folder the user cannot write (0555) is fixed in place', () => {
    const { dir, file } = unprivilegedFolder(0o644);
    fs.chmodSync(dir, 0o555);
    try {
      const r = run(['--fix', '--unsafe-fixes', 'q.sql'], dir, asUnprivileged);
      assert.deepEqual([r.code, r.stderr], [0, 'q.sql: fixed 1 problem\n0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n']);
      assert.equal(fs.readFileSync(file, 'utf8'), JOIN_QUERY_FIXED);
      assert.deepEqual(ownerAndMode(file), [unprivileged.uid, unprivileged.gid, 0o644]);
      assert.deepEqual(fs.readdirSync(dir), ['q.sql']);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });

  test('fixes a file with a 240-character name (the temporary name stays short)', () => {
    const name = `${'n'.repeat(236)}.sql`;
    const { dir, file } = unprivilegedFolder(0o644, name);
    const r = run(['--fix', '--unsafe-fixes', name], dir, asUnprivileged);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), JOIN_QUERY_FIXED);
    assert.deepEqual(fs.readdirSync(dir), [name]);
  });
});

describe('neon-auth-lint --fix never loses an edit saved while it runs', () => {
  /**
   * A `--require` hook standing in for an editor that saves the file while the CLI fixes it: just
   * before the CLI opens the file for the EDIT_AT_OPEN-th time (1 is migration-set discovery's look
   * at its first 8 KB, is it a schema dump?; 2 is the read), or renames a file
   * onto it, whichever comes first, it appends a line to the file. Deterministic: no timing.
   * What this proves: an edit that lands after the read and before that check is kept and the
   * run fails; it cannot show the one-system-call window between the last check and the write.
   */
  const HOOK = `
const fs = require('fs');
const target = fs.realpathSync(process.env.EDIT_TARGET);
const at = Number(process.env.EDIT_AT_OPEN);
const same = (p) => { try { return fs.realpathSync(String(p)) === target; } catch { return false; } };
let opens = 0;
let edited = false;
const edit = () => { if (!edited) { edited = true; fs.appendFileSync(target, '-- saved meanwhile\\n'); } };
const openSync = fs.openSync;
fs.openSync = function (p, ...rest) { if (same(p) && ++opens === at) edit(); return openSync.call(this, p, ...rest); };
const renameSync = fs.renameSync;
fs.renameSync = function (from, to) { if (same(to)) edit(); return renameSync.call(this, from, to); };
`;
  const cases: [string, number, boolean][] = [
    ['saved before the first check', 3, false],
    ['saved after the fixed text was written to the temporary file, before the rename', 4, false],
    ['saved before the in-place rewrite of a hard-linked file', 4, true],
  ];
  for (const [when, at, linked] of cases) {
    test(`${when}: nothing written, the edit kept, a message naming the file, exit 2`, () => {
      const dir = tempDir();
      const hook = path.join(dir, 'editor-hook.js');
      fs.writeFileSync(hook, HOOK);
      const file = path.join(dir, 'q.sql');
      fs.writeFileSync(file, JOIN_QUERY);
      if (linked) fs.linkSync(file, path.join(dir, 'same-file.txt'));
      const r = run(['--fix', '--unsafe-fixes', 'q.sql'], dir, { nodeArgs: ['--require', hook], env: { EDIT_TARGET: file, EDIT_AT_OPEN: String(at) } });
      assert.equal(fs.readFileSync(file, 'utf8'), `${JOIN_QUERY}-- saved meanwhile\n`);
      assert.deepEqual(
        [r.code, r.stdout, r.stderr],
        [
          2,
          JOIN_LINE('q.sql'),
          `neon-auth-lint: q.sql: not fixed: the file changed on disk while it was being fixed; nothing was written (run again)\n${ONE_WARNING}`,
        ],
      );
      assert.deepEqual(fs.readdirSync(dir).sort(), ['editor-hook.js', 'q.sql', ...(linked ? ['same-file.txt'] : [])]);
    });
  }
});

describe('neon-auth-lint reads in bounded time and memory', () => {
  test('a 600 MB .sql in a searched folder (sparse) gets the one file-skipped notice, without being read', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.sql'), 'SELECT 1;\n');
    const big = path.join(dir, 'big.sql');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 600 * 1024 * 1024);
    const { code, files, stderr } = runJson(['.'], dir);
    assert.deepEqual(files, [
      { file: 'a.sql', diagnostics: [] },
      {
        file: 'big.sql',
        diagnostics: [
          {
            rule: 'file-skipped',
            severity: 'info',
            message: 'Not checked: the file is 600.0 MB, over the 5.0 MB limit (setting neonAuth.maxFileSizeMb, CLI --max-file-size).',
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            fixes: [],
          },
        ],
      },
    ]);
    assert.deepEqual([code, stderr], [0, '']);
  });

  test('a .neon-auth.json nested thousands of levels deep is a config error like any invalid one: exit 2, files under it checked with the defaults, the others as before (adversarial run: the stack overflowed, exit 1)', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.neon-auth.json'), '{ "rules": { "prefer-left-join": "error" } }\n');
    fs.writeFileSync(path.join(dir, 'b.sql'), JOIN_QUERY);
    fs.mkdirSync(path.join(dir, 'a'));
    fs.writeFileSync(path.join(dir, 'a', 'q.sql'), JOIN_QUERY);
    const deep = path.join(dir, 'a', '.neon-auth.json');
    const TOO_DEEP = 'error config .neon-auth.json is nested deeper than 64 levels (defaults are used).';
    const B_ERROR = `b.sql:1:29 error prefer-left-join ${JOIN_MESSAGE}\n`;
    // 3,000 levels closed; 1 MB (the limit) of `[` left open
    for (const text of [`{"x":${'['.repeat(3000)}${']'.repeat(3000)}}\n`, `{"x":${'['.repeat(1024 * 1024 - 5)}`]) {
      fs.writeFileSync(deep, text);
      const r = run(['.'], dir);
      assert.deepEqual(
        [r.code, r.stdout, r.stderr],
        [2, JOIN_LINE(path.join('a', 'q.sql')) + B_ERROR, `${deep}:1:69 ${TOO_DEEP}\n2 problems (1 error, 1 warning, 0 infos) in 2 of 2 files\n`],
      );
      const json = runJson(['.'], dir);
      assert.deepEqual(
        [json.code, findings(json.files), json.stderr],
        [
          2,
          [
            [path.join('a', 'q.sql'), 'prefer-left-join', 0, 28],
            ['b.sql', 'prefer-left-join', 0, 28],
          ],
          `${deep}:1:69 ${TOO_DEEP}\n`,
        ],
      );
    }
    // --config names the file as typed
    const typed = run(['--config', path.join('a', '.neon-auth.json'), 'b.sql'], dir);
    assert.deepEqual(
      [typed.code, typed.stdout, typed.stderr],
      [
        2,
        JOIN_LINE('b.sql'),
        `${path.join('a', '.neon-auth.json')}:1:69 error config ${path.join('a', '.neon-auth.json')} is nested deeper than 64 levels (defaults are used).\n${ONE_WARNING}`,
      ],
    );
  });

  test('--config on a path with no file, /dev/null, /dev/zero or a FIFO is refused at once: exit 2, files checked with the defaults, the path shown as typed', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'q.sql'), JOIN_QUERY);
    const fifo = path.join(dir, 'config-pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const [config, why] of [
      ['/dev/zero', 'not a regular file'],
      ['/dev/null', 'not a regular file'],
      [fifo, 'not a regular file'],
      ['config-pipe', 'not a regular file'],
      ['../nope.json', 'no such file'],
    ]) {
      const r = run(['--config', config, 'q.sql'], dir, { timeout: 60_000 });
      assert.deepEqual(
        [r.code, r.stdout, r.stderr],
        [2, JOIN_LINE('q.sql'), `${config}:1:1 error config ${config} could not be read: ${why} (defaults are used).\n${ONE_WARNING}`],
        config,
      );
    }
  });
});

describe('neon-auth-lint on UTF-16 files with a byte order mark (Windows PowerShell 5 `>`)', () => {
  // A non-ASCII letter, an astral character (two UTF-16 code units) and CRLF before the finding.
  const TEXT = '-- café 😀\r\n' + JOIN_QUERY;
  const FIXED = '-- café 😀\r\n' + JOIN_QUERY_FIXED;
  const utf16 = (text: string, encoding: 'le' | 'be'): Buffer => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    return encoding === 'le' ? le : le.swap16();
  };
  for (const encoding of ['le', 'be'] as const) {
    test(`UTF-16${encoding.toUpperCase()}: checked with the positions of its text, fixed and written back in UTF-16${encoding.toUpperCase()} with its BOM`, () => {
      const dir = tempDir();
      const file = path.join(dir, 'q.sql');
      fs.writeFileSync(file, utf16(TEXT, encoding));
      const checked = runJson(['q.sql'], dir);
      assert.deepEqual(
        checked.files.map((f) => [
          f.file,
          f.diagnostics.map((d) => [d.rule, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]),
        ]),
        [['q.sql', [['prefer-left-join', 1, 28, 1, 32]]]],
      );
      assert.equal(checked.code, 1);
      assert.equal(run(['q.sql'], dir).stdout, `q.sql:2:29 warning prefer-left-join ${JOIN_MESSAGE}\n`);
      const fixed = run(['--fix', '--unsafe-fixes', 'q.sql'], dir);
      assert.deepEqual([fixed.code, fixed.stderr], [0, 'q.sql: fixed 1 problem\n0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n']);
      assert.deepEqual(fs.readFileSync(file), utf16(FIXED, encoding));
    });
  }

  test('UTF-16 that is not valid (an odd byte at the end) is checked but not fixed', () => {
    const dir = tempDir();
    const file = path.join(dir, 'q.sql');
    const bytes = Buffer.concat([utf16(TEXT, 'le'), Buffer.from([0x41])]);
    fs.writeFileSync(file, bytes);
    const r = run(['--fix', '--unsafe-fixes', 'q.sql'], dir);
    assert.deepEqual(
      [r.code, r.stdout, r.stderr],
      [1, `q.sql:2:29 warning prefer-left-join ${JOIN_MESSAGE}\n`, `neon-auth-lint: q.sql: not fixed: the file is not valid UTF-16LE\n${ONE_WARNING}`],
    );
    assert.deepEqual(fs.readFileSync(file), bytes);
  });

  test('standard input in UTF-16LE with --fix: the fixed SQL on stdout in UTF-16LE with its BOM', () => {
    const r = spawnSync(process.execPath, [cli, '--fix', '--unsafe-fixes', '-'], { input: utf16(TEXT, 'le') });
    assert.equal(r.status, 0, String(r.stderr));
    assert.deepEqual(r.stdout, utf16(FIXED, 'le'));
  });
});

/**
 * What a run of the CLI loaded, recorded by a `--require` hook: the base names of the modules in
 * `require.cache` at exit, and whether a WebAssembly module (the Postgres grammar) was compiled.
 * Asserts that node:worker_threads was not loaded (these runs check one file).
 */
function loadedBy(args: string[], cwd: string): { code: number | null; modules: string[]; wasm: boolean } {
  const dir = tempDir();
  const hook = path.join(dir, 'hook.js');
  const out = path.join(dir, 'loaded.json');
  fs.writeFileSync(
    hook,
    `const fs = require('fs'), path = require('path');
let wasm = false;
for (const k of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
  const original = WebAssembly[k];
  WebAssembly[k] = function (...a) { wasm = true; return original.apply(this, a); };
}
WebAssembly.Module = new Proxy(WebAssembly.Module, { construct(t, a) { wasm = true; return Reflect.construct(t, a); } });
process.on('exit', () => fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify({ modules: Object.keys(require.cache).map((f) => path.basename(f)), wasm, threads: process.moduleLoadList.includes('NativeModule worker_threads') })));
`,
  );
  const r = run(args, cwd, { nodeArgs: ['--require', hook] });
  const loaded = JSON.parse(fs.readFileSync(out, 'utf8')) as { modules: string[]; wasm: boolean; threads: boolean };
  // node:worker_threads (about 8 ms to load) only for a run on worker threads (--concurrency)
  assert.equal(loaded.threads, false, `${args.join(' ')} loaded node:worker_threads`);
  return { code: r.code, modules: loaded.modules.filter((m) => m !== 'hook.js').sort(), wasm: loaded.wasm };
}

describe('start-up: the CLI loads only what the command needs', () => {
  const BUNDLE = path.basename(cli);

  test('--version, --help and a usage error load the command line alone: no engine, no parser', () => {
    for (const [args, code] of [
      [['--version'], 0],
      [['-h'], 0],
      [['--no-such-option', 'q.sql'], 2],
      [[], 2],
    ] as const) {
      assert.deepEqual(loadedBy([...args], root), { code, modules: [BUNDLE], wasm: false }, args.join(' '));
    }
  });

  test('a SQL file with nothing to parse loads the engine but neither the Postgres grammar nor Babel, pgsql-ast-parser or ajv', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'q.sql'), 'SELECT id, title FROM posts WHERE published;\n');
    assert.deepEqual(loadedBy(['q.sql'], dir), { code: 0, modules: [BUNDLE, 'cliEngine.js'], wasm: false });
  });

  test('each part loads when a file needs it: the grammar for a statement on a Neon Auth table, Babel for TypeScript that mentions one, ajv for a .neon-auth.json', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'q.sql'), 'SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n');
    fs.writeFileSync(path.join(dir, 'plain.ts'), 'export const n = 1;\n');
    fs.writeFileSync(
      path.join(dir, 'q.ts'),
      'declare const sql: any;\nexport const rows = sql`SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL`;\n',
    );
    assert.deepEqual(loadedBy(['q.sql'], dir), { code: 1, modules: [BUNDLE, 'cliEngine.js', 'lib-libpg-query.js'], wasm: true });
    // a host file that never mentions Neon Auth is not parsed at all
    assert.deepEqual(loadedBy(['plain.ts'], dir), { code: 0, modules: [BUNDLE, 'cliEngine.js'], wasm: false });
    assert.deepEqual(loadedBy(['q.ts'], dir), { code: 0, modules: [BUNDLE, 'cliEngine.js', 'lib-babel-parser.js', 'lib-libpg-query.js'], wasm: true });
    fs.writeFileSync(path.join(dir, '.neon-auth.json'), '{ "rules": { "prefer-left-join": "error" } }\n');
    assert.deepEqual(loadedBy(['q.sql'], dir), { code: 1, modules: [BUNDLE, 'cliEngine.js', 'lib-ajv.js', 'lib-libpg-query.js'], wasm: true });
  });

  test('migrate loads its own bundle and the grammar, not the engine', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '001.sql'), 'CREATE TABLE posts (id serial PRIMARY KEY, title text);\n');
    const loaded = loadedBy(['migrate', '--to', 'current', '.'], dir);
    // the plan parses the set's statements: the grammar, but never the engine's bundle
    assert.deepEqual(loaded.modules, [BUNDLE, 'cliMigrate.js', 'lib-libpg-query.js']);
  });
});

describe('V8 code cache (NEON_AUTH_LINT_CODE_CACHE)', () => {
  const JOIN = 'SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n';
  const JOIN_LINE = `q.sql:1:26 warning prefer-left-join ${JOIN_MESSAGE}\n`;
  type Compiled = { bundle: string; cached: boolean; rejected: boolean | null };

  /** A run with the cache in `cacheDir`; a `--require` hook records each bundle compiled with vm.Script, and whether V8 accepted its cache. */
  function cachedRun(args: string[], cwd: string, cacheDir: string): RunResult & { compiled: Compiled[] } {
    const hookDir = tempDir();
    const hook = path.join(hookDir, 'hook.js');
    const out = path.join(hookDir, 'compiled.json');
    fs.writeFileSync(
      hook,
      `const vm = require('vm'), fs = require('fs'), path = require('path');
const compiled = [];
const Original = vm.Script;
vm.Script = new Proxy(Original, { construct(t, a) { const s = Reflect.construct(t, a); compiled.push({ bundle: path.basename(a[1].filename), cached: a[1].cachedData !== undefined, rejected: s.cachedDataRejected ?? null }); return s; } });
process.on('exit', () => fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify(compiled)));
`,
    );
    const r = run(args, cwd, { env: { NEON_AUTH_LINT_CODE_CACHE: cacheDir }, nodeArgs: ['--require', hook] });
    return { ...r, compiled: JSON.parse(fs.readFileSync(out, 'utf8')) as Compiled[] };
  }
  /** The cache files of `cacheDir` (one folder per V8 version and architecture), by name, with their header's `loaded` list. */
  function cacheFiles(cacheDir: string): Record<string, string[]> {
    const [sub, ...more] = fs.readdirSync(cacheDir);
    assert.deepEqual(more, []);
    assert.equal(sub, `v8-${process.versions.v8}-${process.arch}`);
    const files: Record<string, string[]> = {};
    for (const name of fs.readdirSync(path.join(cacheDir, sub)).sort()) {
      const bytes = fs.readFileSync(path.join(cacheDir, sub, name));
      const header = JSON.parse(bytes.subarray(0, bytes.indexOf(10)).toString('utf8')) as { loaded: string[] };
      files[name.replace(/-[0-9a-z]+\.cache$/, '')] = header.loaded;
    }
    return files;
  }

  test('the first run writes the cache at exit, later runs compile from it, and a run that loads another bundle adds it', () => {
    const dir = tempDir();
    const cacheDir = path.join(tempDir(), 'cache');
    fs.writeFileSync(path.join(dir, 'plain.sql'), 'SELECT 1;\n');
    fs.writeFileSync(path.join(dir, 'q.sql'), JOIN);
    const first = cachedRun(['plain.sql'], dir, cacheDir);
    assert.deepEqual([first.code, first.stdout], [0, '']);
    assert.deepEqual(first.compiled, [{ bundle: 'cliEngine.js', cached: false, rejected: null }]);
    assert.deepEqual(cacheFiles(cacheDir), { 'cliEngine.js': ['cliEngine.js'] });
    const sub = path.join(cacheDir, fs.readdirSync(cacheDir)[0]);
    const engineCache = path.join(sub, fs.readdirSync(sub)[0]);
    const written = fs.statSync(engineCache).mtimeMs;

    const second = cachedRun(['plain.sql'], dir, cacheDir);
    assert.deepEqual([second.code, second.stdout], [0, '']);
    assert.deepEqual(second.compiled, [{ bundle: 'cliEngine.js', cached: true, rejected: false }]);
    assert.equal(fs.statSync(engineCache).mtimeMs, written, 'a run that used the cache and loaded nothing more leaves it alone');

    // the grammar's bundle: its own cache, and the engine's is made again with the functions the parse compiled
    const third = cachedRun(['q.sql'], dir, cacheDir);
    assert.deepEqual([third.code, third.stdout], [1, JOIN_LINE]);
    assert.deepEqual(third.compiled, [
      { bundle: 'cliEngine.js', cached: true, rejected: false },
      { bundle: 'lib-libpg-query.js', cached: false, rejected: null },
    ]);
    assert.deepEqual(cacheFiles(cacheDir), {
      'cliEngine.js': ['cliEngine.js', 'lib-libpg-query.js'],
      'lib-libpg-query.js': ['cliEngine.js', 'lib-libpg-query.js'],
    });
    const fourth = cachedRun(['q.sql', 'plain.sql'], dir, cacheDir);
    assert.deepEqual([fourth.code, fourth.stdout], [1, JOIN_LINE]);
    assert.deepEqual(fourth.compiled, [
      { bundle: 'cliEngine.js', cached: true, rejected: false },
      { bundle: 'lib-libpg-query.js', cached: true, rejected: false },
    ]);
  });

  test('a cache for other bytes (another build: its header differs) or a damaged one is not used, the run is right, and the cache is made again', () => {
    const dir = tempDir();
    const cacheDir = path.join(tempDir(), 'cache');
    fs.writeFileSync(path.join(dir, 'q.sql'), JOIN);
    assert.equal(cachedRun(['q.sql'], dir, cacheDir).code, 1);
    const sub = path.join(cacheDir, fs.readdirSync(cacheDir)[0]);
    const engineCache = path.join(sub, fs.readdirSync(sub).find((f) => f.startsWith('cliEngine.js-')) ?? '');
    const bytes = fs.readFileSync(engineCache);
    const newline = bytes.indexOf(10);
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as { size: number };

    // the header of a bundle one byte longer: not handed to V8 at all
    fs.writeFileSync(engineCache, Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, size: header.size + 1 })}\n`), bytes.subarray(newline + 1)]));
    const other = cachedRun(['q.sql'], dir, cacheDir);
    assert.deepEqual([other.code, other.stdout], [1, JOIN_LINE]);
    assert.deepEqual(other.compiled[0], { bundle: 'cliEngine.js', cached: false, rejected: null });
    const rewritten = fs.readFileSync(engineCache);
    assert.equal(
      (JSON.parse(rewritten.subarray(0, rewritten.indexOf(10)).toString('utf8')) as { size: number }).size,
      header.size,
      'written again for this build',
    );

    // the right header, damaged data: V8 rejects it, the run is the same, the cache is written again
    fs.writeFileSync(engineCache, Buffer.concat([bytes.subarray(0, newline + 1), Buffer.alloc(4096, 0x5a)]));
    const damaged = cachedRun(['q.sql'], dir, cacheDir);
    assert.deepEqual([damaged.code, damaged.stdout], [1, JOIN_LINE]);
    assert.deepEqual(damaged.compiled[0], { bundle: 'cliEngine.js', cached: true, rejected: true });
    assert.ok(fs.statSync(engineCache).size > 100_000, 'written again whole');
    assert.deepEqual(cachedRun(['q.sql'], dir, cacheDir).compiled[0], { bundle: 'cliEngine.js', cached: true, rejected: false });
  });

  test('no cache when it is off, or in a folder others can write or that is a link; the run is the same', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'q.sql'), JOIN);
    const off = cachedRun(['q.sql'], dir, 'off');
    assert.deepEqual([off.code, off.stdout, off.compiled], [1, JOIN_LINE, []]);
    assert.equal(fs.existsSync(path.join(dir, 'off')), false);
    if (process.platform === 'win32') return;
    const shared = path.join(tempDir(), 'shared');
    fs.mkdirSync(shared, { mode: 0o777 });
    fs.chmodSync(shared, 0o777);
    const open = cachedRun(['q.sql'], dir, shared);
    assert.deepEqual([open.code, open.stdout, open.compiled], [1, JOIN_LINE, []]);
    const real = path.join(tempDir(), 'real');
    fs.mkdirSync(real, { mode: 0o700 });
    const link = path.join(tempDir(), 'link');
    fs.symlinkSync(real, link);
    const linked = cachedRun(['q.sql'], dir, link);
    assert.deepEqual([linked.code, linked.stdout, linked.compiled], [1, JOIN_LINE, []]);
  });
});

describe('--cache', () => {
  const BUNDLE_NAME = path.basename(cli);
  const JOIN = 'SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\n';
  const tmpProject = (files: Record<string, string>): string => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-cache-')));
    for (const [p, text] of Object.entries(files)) {
      fs.mkdirSync(path.join(dir, path.dirname(p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
    return dir;
  };
  type Entry = { key: string; findings: Array<{ ruleId: string; message: string }> };
  const readCache = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { format: number; version: string; entries: Record<string, Entry> };

  test('keeps each file’s findings keyed on its content and options, reuses them while unchanged, and checks again when they change', () => {
    const dir = tmpProject({ 'q.sql': JOIN, 'clean.sql': 'SELECT 1;\n' });
    const first = runJson(['--cache', 'q.sql', 'clean.sql'], dir);
    assert.deepEqual(
      first.files.map((f) => [f.file, f.diagnostics.map((d) => d.rule)]),
      [
        ['q.sql', ['prefer-left-join', 'require-deleted-at-filter']],
        ['clean.sql', []],
      ],
    );
    const cacheFile = path.join(dir, '.neon-auth-lint-cache');
    const cache = readCache(cacheFile);
    assert.equal(cache.format, 2);
    assert.deepEqual(Object.keys(cache.entries).sort(), [path.join(dir, 'clean.sql'), path.join(dir, 'q.sql')]);
    // Proof of reuse: a kept finding's message, changed in the cache, is what the next run reports.
    cache.entries[path.join(dir, 'q.sql')].findings[0].message = 'kept';
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
    assert.equal(runJson(['--cache', 'q.sql'], dir).files[0].diagnostics[0].message, 'kept');
    // Other options (the generation, --auth-schema) → a fresh check.
    assert.notEqual(runJson(['--cache', '--auth-schema', 'legacy', 'q.sql'], dir).files[0].diagnostics[0].message, 'kept');
    // Changed content → a fresh check.
    fs.writeFileSync(path.join(dir, 'q.sql'), `-- edited\n${JOIN}`);
    const edited = runJson(['--cache', 'q.sql'], dir);
    assert.deepEqual(
      edited.files[0].diagnostics.map((d) => [d.rule, d.message === 'kept']),
      [
        ['prefer-left-join', false],
        ['require-deleted-at-filter', false],
      ],
    );
    // Without --cache the cache is neither read nor written.
    const before = fs.readFileSync(cacheFile, 'utf8');
    assert.notEqual(runJson(['q.sql'], dir).files[0].diagnostics[0].message, 'kept');
    assert.equal(fs.readFileSync(cacheFile, 'utf8'), before);
  });

  test('a migration’s entry is not reused once an earlier migration of its set changes; --cache-location names the file', () => {
    const dir = tmpProject({
      'drizzle/meta/_journal.json': JSON.stringify({ entries: [{ tag: '0000_init' }, { tag: '0001_fk' }] }),
      'drizzle/0000_init.sql': 'CREATE TABLE notes (id int, owner_id uuid);\n',
      'drizzle/0001_fk.sql': 'ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n',
    });
    const location = path.join('build', 'lint.cache');
    const rules = () => runJson(['--cache', '--cache-location', location, 'drizzle/0001_fk.sql'], dir).files[0].diagnostics.map((d) => d.rule);
    assert.deepEqual(rules(), ['match-user-id-type']);
    assert.ok(fs.existsSync(path.join(dir, location)));
    fs.writeFileSync(path.join(dir, 'drizzle/0000_init.sql'), 'CREATE TABLE notes (id int, owner_id text);\n');
    assert.deepEqual(rules(), []);
  });

  test('a grant a later Prisma migration revokes has no finding under --max-warnings 0; once that migration no longer revokes it, the kept entry is not reused', () => {
    const dir = tmpProject({
      'prisma/migrations/20250101000000_grant/migration.sql': 'GRANT SELECT ON neon_auth.users_sync TO authenticated;\n',
      'prisma/migrations/20250201000000_revoke/migration.sql': 'REVOKE SELECT ON neon_auth.users_sync FROM authenticated;\n',
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
    });
    const run = () => runJson(['--cache', '--max-warnings', '0', 'prisma/migrations'], dir);
    const first = run();
    assert.equal(first.code, 0);
    assert.deepEqual(
      first.files.flatMap((f) => f.diagnostics),
      [],
    );
    fs.writeFileSync(path.join(dir, 'prisma/migrations/20250201000000_revoke/migration.sql'), 'SELECT 1;\n');
    const second = run();
    assert.equal(second.code, 1);
    assert.deepEqual(
      second.files.flatMap((f) => f.diagnostics.map((d) => [f.file, d.rule, d.range.start.line])),
      [['prisma/migrations/20250101000000_grant/migration.sql', 'no-broad-auth-grants', 0]],
    );
  });

  test('--fix withholds a retype a later migration of the set would fail on (a key from a uuid column), and checks again once that migration changes', () => {
    const first = 'CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL UNIQUE REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n';
    const dir = tmpProject({ 'm2/1_a.sql': first, 'm2/2_b.sql': 'CREATE TABLE sub (id int, o uuid REFERENCES notes(owner_id) ON DELETE CASCADE);\n' });
    const r = runJson(['--cache', '--fix', 'm2'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.files.flatMap((f) => f.diagnostics.map((d) => [f.file, d.rule, d.messageId, d.fixes.length])),
      [['m2/1_a.sql', 'match-user-id-type', 'usedLater', 0]],
    );
    assert.match(r.files[0].diagnostics[0].message, /A later migration of this set, m2\/2_b\.sql:1, has a foreign key that references it/);
    assert.equal(fs.readFileSync(path.join(dir, 'm2/1_a.sql'), 'utf8'), first);
    // The later migration no longer uses the column: the kept entry of 1_a is not reused, and the fix applies.
    fs.writeFileSync(path.join(dir, 'm2/2_b.sql'), 'CREATE TABLE sub (id int);\n');
    assert.deepEqual(
      runJson(['--cache', '--fix', 'm2'], dir).files.flatMap((f) => f.diagnostics),
      [],
    );
    assert.equal(fs.readFileSync(path.join(dir, 'm2/1_a.sql'), 'utf8'), first.replace('owner_id uuid', 'owner_id text'));
  });

  describe('--cache-strategy metadata (the default): an unchanged file is reused without being read', () => {
    // Every file's times an hour back (a file modified in the last RACY_MS is never trusted by them).
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    let tick = 0;
    /** Writes `text` to `file` of `dir` with times in the past (each write a later past time). */
    const put = (dir: string, file: string, text: string): void => {
      fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
      const t = hourAgo + tick++;
      fs.utimesSync(path.join(dir, file), t, t);
    };
    const FK = 'REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE';
    const project = (): string => {
      const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-cache-meta-')));
      put(dir, 'drizzle/meta/_journal.json', JSON.stringify({ entries: [{ tag: '0000_init' }, { tag: '0001_later' }] }));
      put(dir, 'drizzle/0000_init.sql', `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL UNIQUE ${FK});\n`);
      put(dir, 'drizzle/0001_later.sql', 'CREATE TABLE sub (id int);\n');
      put(dir, 'm/2_fk.sql', `ALTER TABLE posts ADD FOREIGN KEY (author_id) ${FK};\n`);
      put(dir, 'm/3_more.sql', 'SELECT 1;\n');
      put(dir, 'q.sql', JOIN);
      put(dir, 'src/schema.ts', "import { usersSync } from 'drizzle-orm/neon';\nexport const users = usersSync;\n");
      put(dir, 'src/query.ts', "import { users } from './schema';\nimport { db } from './db';\nexport const list = () => db.select().from(users);\n");
      return dir;
    };
    /** The findings per file (`[file, rule, messageId]`) of a run with `args` and --cache, proven the same as a run without a cache. */
    const cached = (dir: string, args: string[] = []): string[][] => {
      const r = runJson(['--cache', ...args, '.'], dir);
      const fresh = runJson([...args, '.'], dir);
      assert.deepEqual(r.files, fresh.files, 'the cached run reports what a run without a cache does');
      assert.equal(r.stderr, fresh.stderr);
      return r.files.flatMap((f) => f.diagnostics.map((d) => [f.file, d.rule, d.messageId ?? '']));
    };
    const FIRST = [
      ['drizzle/0000_init.sql', 'match-user-id-type', 'wrongType'],
      ['q.sql', 'prefer-left-join', 'innerJoin'],
      ['q.sql', 'require-deleted-at-filter', 'missingFilter'],
      ['src/query.ts', 'require-deleted-at-filter', 'missingFilter'],
    ];
    const cacheFile = (dir: string): string => path.join(dir, '.neon-auth-lint-cache');
    const readEntries = (dir: string) =>
      (JSON.parse(fs.readFileSync(cacheFile(dir), 'utf8')) as { entries: Record<string, Entry & { stat?: string; deps?: unknown[] }> }).entries;

    test('a second run over unchanged files neither parses, folds nor reads them: it reports the kept findings', () => {
      const dir = project();
      assert.deepEqual(cached(dir), FIRST);
      const entries = readEntries(dir);
      // the size, times and inode of each file, and what else its check read
      assert.match(entries[path.join(dir, 'q.sql')].stat!, /^\d+:[\d.]+:[\d.]+:\d+$/);
      assert.ok(entries[path.join(dir, 'drizzle/0000_init.sql')].deps!.length > 0);
      // Proof of reuse: kept messages changed in the cache are what the next run reports, with
      // neither the Postgres grammar (no fold, no parse) nor Babel loaded.
      const cache = JSON.parse(fs.readFileSync(cacheFile(dir), 'utf8')) as { entries: Record<string, Entry> };
      for (const f of ['drizzle/0000_init.sql', 'q.sql', 'src/query.ts']) cache.entries[path.join(dir, f)].findings[0].message = `kept ${f}`;
      fs.writeFileSync(cacheFile(dir), JSON.stringify(cache));
      assert.deepEqual(loadedBy(['--cache', '.'], dir), { code: 1, modules: [BUNDLE_NAME, 'cliEngine.js'], wasm: false });
      const again = runJson(['--cache', '.'], dir);
      assert.deepEqual(
        again.files.flatMap((f) => f.diagnostics.filter((d) => d.message.startsWith('kept')).map((d) => [f.file, d.message, d.range.start.line])),
        [
          ['drizzle/0000_init.sql', 'kept drizzle/0000_init.sql', 0],
          ['q.sql', 'kept q.sql', 0],
          ['src/query.ts', 'kept src/query.ts', 2],
        ],
      );
      // --cache-strategy content reads every file: an unchanged one is still reused by its content
      assert.equal(runJson(['--cache', '--cache-strategy', 'content', 'q.sql'], dir).files[0].diagnostics[0].message, 'kept q.sql');
      const bad = run(['--cache', '--cache-strategy', 'mtime', 'q.sql'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^neon-auth-lint: --cache-strategy needs metadata or content, not 'mtime'$/m);
    });

    test('each change a file’s findings depend on gives the fresh findings', () => {
      const dir = project();
      assert.deepEqual(cached(dir), FIRST);
      // the file itself (same size)
      put(dir, 'q.sql', JOIN.replace('author_id', 'editor_id'));
      assert.deepEqual(cached(dir), FIRST);
      put(dir, 'q.sql', JOIN.replace(';', ' WHERE u.deleted_at IS NULL;'));
      assert.deepEqual(cached(dir), [FIRST[0], FIRST[1], FIRST[3]]);
      // a later migration of the set that uses the column (the finding says so)
      put(dir, 'drizzle/0001_later.sql', 'CREATE TABLE sub (id int, o uuid REFERENCES notes(owner_id) ON DELETE CASCADE);\n');
      const later = ['drizzle/0000_init.sql', 'match-user-id-type', 'usedLater'];
      assert.deepEqual(cached(dir), [later, FIRST[1], FIRST[3]]);
      // a migration added to a set (no journal: the folder's listing), then changed (same size)
      put(dir, 'm/1_init.sql', 'CREATE TABLE posts (id int, author_id uuid);\n');
      const added = ['m/2_fk.sql', 'match-user-id-type', 'priorWrongType'];
      assert.deepEqual(cached(dir), [later, added, FIRST[1], FIRST[3]]);
      put(dir, 'm/1_init.sql', 'CREATE TABLE posts (id int, author_id text);\n');
      assert.deepEqual(cached(dir), [later, FIRST[1], FIRST[3]]);
      put(dir, 'm/1_init.sql', 'CREATE TABLE posts (id int, author_id uuid);\n');
      assert.deepEqual(cached(dir), [later, added, FIRST[1], FIRST[3]]);
      // the schema module a query file imports
      put(dir, 'src/schema.ts', "import { pgTable, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: text('id') });\n");
      assert.deepEqual(cached(dir), [later, added, FIRST[1]]);
      // the .neon-auth.json
      put(dir, '.neon-auth.json', '{ "rules": { "prefer-left-join": "off" } }\n');
      assert.deepEqual(cached(dir), [later, added]);
      // the command line's options
      const other = (file: string) => [file, 'match-auth-schema', 'otherGeneration'];
      assert.deepEqual(cached(dir, ['--auth-schema', 'current']), [later, other('drizzle/0000_init.sql'), added, other('m/2_fk.sql'), other('q.sql')]);
      assert.deepEqual(cached(dir), [later, added]);
    });

    test('another tool version, and a file modified within the last seconds, are checked afresh', () => {
      const dir = project();
      cached(dir);
      const cache = JSON.parse(fs.readFileSync(cacheFile(dir), 'utf8')) as { version: string; entries: Record<string, Entry> };
      cache.entries[path.join(dir, 'q.sql')].findings[0].message = 'kept';
      fs.writeFileSync(cacheFile(dir), JSON.stringify({ ...cache, version: '0.0.0-other' }));
      assert.notEqual(runJson(['--cache', 'q.sql'], dir).files[0].diagnostics[0].message, 'kept');
      // Just written: its times may not tell a later edit of the same size, so they are not kept.
      fs.writeFileSync(path.join(dir, 'q.sql'), JOIN);
      cached(dir);
      assert.equal(readEntries(dir)[path.join(dir, 'q.sql')].stat, '?');
    });
  });

  test('an unreadable or foreign cache file is started afresh; one that cannot be written is said on stderr and changes nothing else', () => {
    const dir = tmpProject({ 'q.sql': JOIN, '.neon-auth-lint-cache': '{ not json' });
    const r = runJson(['--cache', 'q.sql'], dir);
    assert.deepEqual(
      r.files[0].diagnostics.map((d) => d.rule),
      ['prefer-left-join', 'require-deleted-at-filter'],
    );
    assert.equal(readCache(path.join(dir, '.neon-auth-lint-cache')).format, 2);
    fs.mkdirSync(path.join(dir, 'taken'));
    const blocked = runJson(['--cache', '--cache-location', 'taken', 'q.sql'], dir);
    assert.equal(blocked.code, 1);
    assert.deepEqual(
      blocked.files[0].diagnostics.map((d) => d.rule),
      ['prefer-left-join', 'require-deleted-at-filter'],
    );
    assert.match(blocked.stderr, /^neon-auth-lint: the cache taken could not be written \(.+\); the results are not affected$/m);
  });
});
