/**
 * The queries that break after the switch (`server/src/migrate/queries.ts`): which rules count, the
 * tables as the plan leaves them, what is skipped (the plan's own file, the migration sets' files,
 * `ignore` globs), and the list in the plan's header.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../server/src/config/config';
import { planMigrationForFolder } from '../server/src/migrate/folder';
import { PLAN_HEADER, breakingQueries, findBreakingQueries, tablesAfterPlan } from '../server/src/migrate/queries';
import { planMigration, withBreakingQueries } from '../server/src/migrate/plan';
import { reportLocation } from '../server/src/migrate/report';
import { foldMigrations } from '../server/src/linter/history';

const MIGRATION = `CREATE TABLE todos (
  id serial PRIMARY KEY,
  owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE
);
`;

const QUERIES = `SELECT t.id FROM todos t WHERE t.owner_id = auth.user_id();
SELECT t.id FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.owner_id;
SELECT u.email FROM neon_auth."user" u WHERE u.deleted_at IS NULL;
SELECT t.id FROM todos t WHERE t.owner_id = auth.uid();
SELECT u.email FROM neon_auth."user" u WHERE u.id = $1::text;
`;

function plannedTables() {
  const folded = foldMigrations([{ path: 'm/0001_todos.sql', text: MIGRATION }]).before(1);
  const plan = planMigration([{ root: 'm', files: [{ path: 'm/0001_todos.sql', text: MIGRATION }], tables: folded.tables }]);
  return { plan, tables: tablesAfterPlan(folded.tables, plan.columns) };
}

test('tablesAfterPlan makes each moved column uuid, referencing neon_auth."user"(id) with its new action', () => {
  const { tables } = plannedTables();
  const owner = tables.get('public.todos')?.columns.find((c) => c.name === 'owner_id');
  assert.deepEqual(owner, {
    name: 'owner_id',
    type: 'uuid',
    notNull: true,
    references: [{ schema: 'neon_auth', name: 'user', column: 'id', onDelete: 'cascade', constraint: 'todos_owner_id_fkey' }],
  });
});

test('breakingQueries: each rule that reports SQL failing after the switch, with its 1-based line and column; nothing for a query that still runs', () => {
  const { tables } = plannedTables();
  const items = breakingQueries([{ path: 'app.sql', text: QUERIES }], tables);
  assert.deepEqual(
    items.map((i) => [i.severity, i.file, i.line, i.column, i.rule]),
    [
      ['warning', 'app.sql', 1, 45, 'match-auth-uid-type'],
      ['warning', 'app.sql', 2, 36, 'match-auth-schema'],
      // (line 2 compares users_sync's text id with the moved uuid column: the reference is what breaks, and is reported)
      ['warning', 'app.sql', 3, 48, 'no-unknown-auth-column'],
      ['warning', 'app.sql', 5, 53, 'match-user-id-comparison'],
    ],
  );
  // The user's setting is not what set the generation: the message does not mention it.
  assert.equal(
    items[1].message,
    'match-auth-schema: neon_auth.users_sync does not exist in current Neon Auth (Better Auth): use neon_auth."user" (uuid id, hard delete).',
  );
  // Without the plan's tables the moved column's type is unknown: the comparisons with it are not reported.
  assert.deepEqual(
    breakingQueries([{ path: 'app.sql', text: QUERIES }]).map((i) => `${i.line} ${i.rule}`),
    ['2 match-auth-schema', '3 no-unknown-auth-column', '5 match-user-id-comparison'],
  );
  // SQL in TypeScript, at the host file's line.
  const ts =
    "import { sql } from './db';\n\nexport const todos = (id: string) =>\n  sql`SELECT t.id FROM todos t WHERE t.owner_id = auth.user_id() AND t.id = ${id}`;\n";
  assert.deepEqual(
    breakingQueries([{ path: 'app.ts', text: ts, language: 'typescript' }], tables).map((i) => `${i.file}:${i.line} ${i.rule}`),
    ['app.ts:4 match-auth-uid-type'],
  );
  // With today's tables as well, findings the queries have before the switch too are left out:
  // deleted_at on neon_auth."user" (line 3), "user".id compared with $1::text (line 5), and a text
  // column keyed to "user".id (match-user-id-type). The moved column's comparisons and the reference
  // to users_sync are what the switch breaks.
  const folded = foldMigrations([{ path: 'm/0001_todos.sql', text: MIGRATION }]).before(1);
  const keyed = `${QUERIES}CREATE TABLE notes (id serial PRIMARY KEY, author_id text REFERENCES neon_auth."user"(id) ON DELETE CASCADE);\n`;
  assert.deepEqual(
    breakingQueries([{ path: 'app.sql', text: keyed }], tables).map((i) => `${i.line}:${i.column} ${i.rule}`),
    ['1:45 match-auth-uid-type', '2:36 match-auth-schema', '3:48 no-unknown-auth-column', '5:53 match-user-id-comparison', '6:54 match-user-id-type'],
  );
  assert.deepEqual(
    breakingQueries([{ path: 'app.sql', text: keyed }], tables, folded.tables).map((i) => `${i.line}:${i.column} ${i.rule}`),
    ['1:45 match-auth-uid-type', '2:36 match-auth-schema'],
  );
  // A plan written earlier is not app SQL.
  assert.deepEqual(breakingQueries([{ path: 'neon-auth-migration.sql', text: `${PLAN_HEADER} …\nSELECT 1 FROM neon_auth.users_sync;\n` }], tables), []);
  // Bad input: nothing, no throw.
  assert.deepEqual(breakingQueries([{ path: 'x.sql', text: 'SELECT (((' }], tables), []);
});

test('findBreakingQueries skips the migration sets and the ignore globs; open buffers replace the disk; shouldStop stops it', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-queries-')));
  try {
    fs.mkdirSync(path.join(dir, 'migrations'));
    fs.writeFileSync(path.join(dir, 'migrations', '0001_todos.sql'), MIGRATION);
    fs.mkdirSync(path.join(dir, 'legacy'));
    fs.writeFileSync(path.join(dir, 'legacy', 'old.sql'), 'SELECT 1 FROM neon_auth.users_sync;\n');
    fs.writeFileSync(path.join(dir, 'app.sql'), QUERIES);
    fs.writeFileSync(path.join(dir, '.neon-auth.json'), '{ "ignore": ["legacy/**"] }');
    const config = parseConfig(path.join(dir, '.neon-auth.json'), fs.readFileSync(path.join(dir, '.neon-auth.json'), 'utf8'));
    const plan = await planMigrationForFolder(dir, config, dir);
    assert.deepEqual(
      plan.report.filter((r) => r.rule !== undefined).map((r) => `${r.file}:${r.line} ${r.rule}`),
      // (lines 3 and 5 fail today too, on neon_auth."user" as it is: not what the switch breaks)
      ['app.sql:1 match-auth-uid-type', 'app.sql:2 match-auth-schema'],
    );
    const open = await findBreakingQueries([dir], undefined, {
      cwd: dir,
      config,
      exclude: new Set([path.join(dir, 'migrations', '0001_todos.sql')]),
      openText: (f) => (f === path.join(dir, 'app.sql') ? '\n\nSELECT 1 FROM neon_auth.users_sync;\n' : undefined),
    });
    assert.deepEqual(
      open.map((r) => `${r.file}:${r.line} ${r.rule}`),
      ['app.sql:3 match-auth-schema'],
    );
    let asked = 0;
    const stopped = await findBreakingQueries([dir], undefined, { cwd: dir, shouldStop: () => ++asked > 0 });
    assert.deepEqual(stopped, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('withBreakingQueries lists each file:line and rule once in the header, counting the lines it lists (and the findings when a line has two), appends every item to the report; a failed plan gets the report only', () => {
  const { plan } = plannedTables();
  const q = (line: number, rule: string) => ({ severity: 'warning' as const, file: 'app.sql', line, rule, message: `${rule}: …` });
  const items = [q(2, 'match-auth-schema'), q(2, 'match-auth-schema'), q(3, 'no-unknown-auth-column')];
  const withQueries = withBreakingQueries(plan, items);
  assert.ok(
    withQueries.sql.includes(
      '--\n-- Queries of the app that break after the switch (2, with 3 findings in the report; rules run with "authSchema": "current"):\n--   app.sql:2 match-auth-schema\n--   app.sql:3 no-unknown-auth-column\n--\n-- Run it on a Neon branch',
    ),
  );
  assert.deepEqual(withQueries.report.slice(-3), items);
  assert.equal(withBreakingQueries(plan, []).sql, plan.sql);
  const failed = withBreakingQueries({ sql: '', report: [{ severity: 'error', message: 'x' }], columns: [] }, items);
  assert.equal(failed.sql, '');
  assert.equal(failed.report.length, 4);
});

test('reportLocation: path:line:column, path:line without a column, the path alone, nothing for an item about no file', () => {
  assert.equal(reportLocation({ file: 'app.sql', line: 2, column: 36 }), 'app.sql:2:36');
  assert.equal(reportLocation({ file: 'app.sql', line: 2 }), 'app.sql:2');
  assert.equal(reportLocation({ file: 'app.sql' }), 'app.sql');
  assert.equal(reportLocation({ line: 2, column: 1 }), undefined);
});
