import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileGlob } from '../server/src/config/glob';
import { discoverMigrationSets, historyText, isSchemaDump, journalTags, naturalCompare } from '../server/src/workspace/migrations';

/** Discovery over an in-memory tree: `files` maps each path to its text. */
function discover(files: Record<string, string>, overrides?: Array<{ dir: string; globs: string[] }>) {
  return discoverMigrationSets({
    files: Object.keys(files).filter((f) => f.endsWith('.sql')),
    read: (p) => files[p],
    overrides: overrides?.map((o) => ({
      dir: o.dir,
      globs: o.globs.map((g) => {
        const c = compileGlob(g);
        assert.ok(c.ok);
        return c.match;
      }),
    })),
  });
}

const journal = (...tags: string[]): string => JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, tag })) });

describe('migration set discovery', () => {
  test('drizzle-kit: the journal gives the order, not the file names', () => {
    const d = discover({
      'drizzle/meta/_journal.json': journal('0000_init', '0002_later', '0001_fk'),
      'drizzle/0000_init.sql': '',
      'drizzle/0001_fk.sql': '',
      'drizzle/0002_later.sql': '',
    });
    assert.deepEqual(d.sets, [{ convention: 'drizzle', root: 'drizzle', files: ['drizzle/0000_init.sql', 'drizzle/0002_later.sql', 'drizzle/0001_fk.sql'] }]);
    assert.deepEqual(d.notices, []);
  });

  test('drizzle-kit: a journal naming a missing file gives one notice, the other files stay a set; a file the journal omits gives one too', () => {
    const d = discover({
      'db/meta/_journal.json': journal('0000_a', '0001_gone', '0002_c'),
      'db/0000_a.sql': '',
      'db/0002_c.sql': '',
      'db/0003_manual.sql': '',
    });
    assert.deepEqual(d.sets, [{ convention: 'drizzle', root: 'db', files: ['db/0000_a.sql', 'db/0002_c.sql'] }]);
    assert.deepEqual(d.notices, [
      {
        path: 'db/meta/_journal.json',
        message: 'The drizzle-kit journal names 0001_gone.sql, which is not in db: the other migrations are checked without it.',
      },
      // a file the journal does not list (hand-written next to the generated ones)
      {
        path: 'db/0003_manual.sql',
        message:
          "0003_manual.sql is not in the drizzle-kit journal (db/meta/_journal.json): drizzle-kit's migrator never runs it, so it is checked alone, outside the set's history.",
      },
    ]);
  });

  test('drizzle-kit: a journal that is not JSON gives one notice, and the folder is read as numbered files', () => {
    const d = discover({ 'db/meta/_journal.json': '{ nope', 'db/0001_b.sql': '', 'db/0000_a.sql': '' });
    assert.deepEqual(d.sets, [{ convention: 'numbered', root: 'db', files: ['db/0000_a.sql', 'db/0001_b.sql'] }]);
    assert.deepEqual(d.notices, [
      { path: 'db/meta/_journal.json', message: 'The drizzle-kit journal is not valid JSON with an entries list: the folder is not read as a migration set.' },
    ]);
  });

  test('Prisma: each <timestamp>_<name>/migration.sql, by folder name', () => {
    const d = discover({
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"',
      'prisma/migrations/20240201000000_fk/migration.sql': '',
      'prisma/migrations/20240101000000_init/migration.sql': '',
      'prisma/schema.sql': '',
    });
    assert.deepEqual(d.sets, [
      {
        convention: 'prisma',
        root: 'prisma/migrations',
        files: ['prisma/migrations/20240101000000_init/migration.sql', 'prisma/migrations/20240201000000_fk/migration.sql'],
      },
      // not a migration: a whole-schema file, a set of its own (see the schema-dump test)
      { convention: 'dump', root: 'prisma', files: ['prisma/schema.sql'] },
    ]);
  });

  test('Supabase: supabase/migrations/<timestamp>_<name>.sql; seed.sql is not history', () => {
    const d = discover({
      'supabase/migrations/20240102000000_fk.sql': '',
      'supabase/migrations/20240101000000_init.sql': '',
      'supabase/seed.sql': '',
    });
    assert.deepEqual(d.sets, [
      {
        convention: 'supabase',
        root: 'supabase/migrations',
        files: ['supabase/migrations/20240101000000_init.sql', 'supabase/migrations/20240102000000_fk.sql'],
      },
    ]);
  });

  test('Flyway: versions compared part by part, repeatable scripts last, undo scripts left out', () => {
    const d = discover({
      'sql/V1_10__c.sql': '',
      'sql/V1_9__b.sql': '',
      'sql/V1__a.sql': '',
      'sql/R__views.sql': '',
      'sql/V2__d.sql': '',
      'sql/U2__d.sql': '',
    });
    assert.deepEqual(d.sets, [
      { convention: 'flyway', root: 'sql', files: ['sql/V1__a.sql', 'sql/V1_9__b.sql', 'sql/V1_10__c.sql', 'sql/V2__d.sql', 'sql/R__views.sql'] },
    ]);
  });

  test('golang-migrate: .up.sql in natural order; .down.sql is not history', () => {
    const d = discover({ 'm/10_c.up.sql': '', 'm/2_b.up.sql': '', 'm/2_b.down.sql': '', 'm/1_a.up.sql': '', 'm/1_a.down.sql': '' });
    assert.deepEqual(d.sets, [{ convention: 'up-down', root: 'm', files: ['m/1_a.up.sql', 'm/2_b.up.sql', 'm/10_c.up.sql'] }]);
  });

  test('dbmate: numbered files with -- migrate:up sections; only the up section is history', () => {
    const first = '-- migrate:up\nCREATE TABLE notes (id int);\n\n-- migrate:down\nDROP TABLE notes;\n';
    const d = discover({ 'db/migrations/20240101_a.sql': first, 'db/migrations/20240102_b.sql': '-- migrate:up\n' });
    assert.deepEqual(d.sets, [{ convention: 'dbmate', root: 'db/migrations', files: ['db/migrations/20240101_a.sql', 'db/migrations/20240102_b.sql'] }]);
    assert.equal(historyText('dbmate', first), '-- migrate:up\nCREATE TABLE notes (id int);\n\n               \n                 \n');
    assert.equal(historyText('numbered', first), first);
  });

  test('plain numbered files in natural order; other files of the folder are in no set', () => {
    const d = discover({
      'migrations/10_c.sql': '',
      'migrations/9_b.sql': '',
      'migrations/001_a.sql': '',
      'migrations/notes.sql': '',
      'queries/report.sql': '',
    });
    assert.deepEqual(d.sets, [{ convention: 'numbered', root: 'migrations', files: ['migrations/001_a.sql', 'migrations/9_b.sql', 'migrations/10_c.sql'] }]);
  });

  test('.neon-auth.json migrations globs override discovery under its folder, in the order of the globs', () => {
    const d = discover(
      {
        'app/db/schema/tables.sql': '',
        'app/db/schema/2_more.sql': '',
        'app/db/changes/10_b.sql': '',
        'app/db/changes/9_a.sql': '',
        'other/001_x.sql': '',
      },
      [{ dir: 'app', globs: ['db/schema/*.sql', 'db/changes/*.sql'] }],
    );
    assert.deepEqual(d.sets, [
      {
        convention: 'config',
        root: 'app',
        files: ['app/db/schema/2_more.sql', 'app/db/schema/tables.sql', 'app/db/changes/9_a.sql', 'app/db/changes/10_b.sql'],
      },
      { convention: 'numbered', root: 'other', files: ['other/001_x.sql'] },
    ]);
  });

  test('natural order compares digit runs as numbers; the journal is ordered by idx', () => {
    assert.deepEqual(['10_a', '2_a', '1_b', '01_a'].sort(naturalCompare), ['01_a', '1_b', '2_a', '10_a']);
    assert.deepEqual(
      journalTags(
        JSON.stringify({
          entries: [
            { idx: 1, tag: 'b' },
            { idx: 0, tag: 'a' },
          ],
        }),
      ),
      ['a', 'b'],
    );
    assert.equal(journalTags('[]'), undefined);
  });

  test("schema dumps: a file in no other set with pg_dump's header or preamble, or named schema.sql / structure.sql, is a one-file set", () => {
    const HEADER = '--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 17.5\n';
    const PREAMBLE = "SET statement_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);\n";
    assert.equal(isSchemaDump(HEADER), true);
    assert.equal(isSchemaDump(`-- generated, do not edit\n${HEADER}`), true);
    assert.equal(isSchemaDump(PREAMBLE), true, "Rails' structure.sql: pg_dump without its header");
    assert.equal(isSchemaDump('CREATE TABLE notes (id int);\n-- PostgreSQL database dump of notes\n'), false);
    assert.equal(isSchemaDump(`${' '.repeat(8 * 1024)}\n${HEADER}`), false, 'only the start is read');
    const d = discover({
      'backups/prod.sql': `${HEADER}CREATE TABLE public.notes (id integer NOT NULL);\n`,
      'db/structure.sql': `${PREAMBLE}CREATE TABLE public.notes (id bigint NOT NULL);\n`,
      'supabase/schema.sql': 'create table notes (id int);\n',
      'supabase/migrations/20240101000000_remote_schema.sql': `${HEADER}CREATE TABLE public.notes (id integer NOT NULL);\n`,
      'supabase/migrations/20240102000000_more.sql': 'alter table notes add column x int;\n',
      'queries/notes.sql': 'select * from notes;\n',
    });
    assert.deepEqual(
      d.sets.map((s) => [s.convention, s.root, s.files]),
      [
        ['dump', 'backups', ['backups/prod.sql']],
        ['dump', 'db', ['db/structure.sql']],
        ['dump', 'supabase', ['supabase/schema.sql']],
        // pulled with `supabase db pull`: a dump, and the first migration of its folder's history
        ['supabase', 'supabase/migrations', ['supabase/migrations/20240101000000_remote_schema.sql', 'supabase/migrations/20240102000000_more.sql']],
      ],
    );
    assert.deepEqual(d.notices, []);
  });
});

describe('the CLI on migration sets', () => {
  const cli = path.join(path.resolve(__dirname, '../..'), 'dist', 'cli.js');
  const INIT = 'CREATE TABLE "notes" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"body" text NOT NULL,\n\t"owner_id" uuid NOT NULL\n);\n';
  const FK =
    'ALTER TABLE "notes" ADD CONSTRAINT "notes_owner_id_users_sync_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;\n';
  const project = (extra: Record<string, string> = {}): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-sets-'));
    const files: Record<string, string> = {
      'drizzle/meta/_journal.json': journal('0000_init', '0001_fk'),
      'drizzle/0000_init.sql': INIT,
      'drizzle/0001_fk.sql': FK,
      ...extra,
    };
    for (const [p, text] of Object.entries(files)) {
      fs.mkdirSync(path.join(dir, path.dirname(p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
    return dir;
  };
  const run = (cwd: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const EXPECTED_0001 = [
    {
      rule: 'match-user-id-type',
      range: { start: { line: 0, character: 82 }, end: { line: 0, character: 92 } },
      related: [
        {
          file: 'drizzle/0000_init.sql',
          range: { start: { line: 3, character: 12 }, end: { line: 3, character: 16 } },
          message: 'owner_id is declared uuid here',
        },
      ],
    },
    {
      rule: 'no-set-null-on-not-null',
      range: { start: { line: 0, character: 146 }, end: { line: 0, character: 154 } },
      related: [
        {
          file: 'drizzle/0000_init.sql',
          range: { start: { line: 3, character: 17 }, end: { line: 3, character: 25 } },
          message: 'owner_id is made NOT NULL here',
        },
      ],
    },
  ];
  type Diag = { rule: string; range: unknown; related?: unknown; message: string };

  test('a set outside the working directory, named by absolute path: messages and related locations name its files absolutely', () => {
    const cwd = project();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-cwd-'));
    const r = run(elsewhere, '--format', 'json', path.join(cwd, 'drizzle/0001_fk.sql'));
    const [file] = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Diag[] }>;
    const init = path.join(cwd, 'drizzle/0000_init.sql').split(path.sep).join('/');
    assert.deepEqual(
      file.diagnostics.map((d) => [d.rule, (d.related as Array<{ file: string }>).map((x) => x.file)]),
      [
        ['match-user-id-type', [init]],
        ['no-set-null-on-not-null', [init]],
      ],
    );
    assert.ok(file.diagnostics[0].message.startsWith(`Column owner_id is uuid (${init}:4), but`), file.diagnostics[0].message);
  });

  test('naming one file of a set loads the set for context and reports on that file only', () => {
    const cwd = project();
    const r = run(cwd, '--format', 'json', 'drizzle/0001_fk.sql');
    assert.equal(r.code, 1, r.stderr);
    const files = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Diag[] }>;
    assert.deepEqual(
      files.map((f) => [f.file, f.diagnostics.map(({ rule, range, related }) => ({ rule, range, related }))]),
      [['drizzle/0001_fk.sql', EXPECTED_0001]],
    );
    assert.match(files[0].diagnostics[0].message, /^Column owner_id is uuid \(drizzle\/0000_init\.sql:4\), but neon_auth\.users_sync\(id\) is text/);
  });

  test('naming the folder checks every file of the set; the text format shows where each fact was written', () => {
    const cwd = project();
    const r = run(cwd, 'drizzle');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        'drizzle/0001_fk.sql:1:83 error match-user-id-type Column owner_id is uuid (drizzle/0000_init.sql:4), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Change its type to text in this migration, before the key; the earlier migration has already run. Change the column in the Drizzle schema to text() too, or the next drizzle-kit generate changes it back.',
        '  drizzle/0000_init.sql:4:13 related owner_id is declared uuid here',
        'drizzle/0001_fk.sql:1:147 error no-set-null-on-not-null ON DELETE SET NULL on owner_id, which is NOT NULL (drizzle/0000_init.sql:4): Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502). Make the column nullable, or delete the rows with the user (CASCADE).',
        '  drizzle/0000_init.sql:4:18 related owner_id is made NOT NULL here',
        '',
      ].join('\n'),
    );
  });

  test('--auth-schema auto (the default): a new migration keyed to neon_auth."user" in a legacy set is reported; after a move to the current generation, the next one is not, and a legacy one is', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-gen-'));
    const write = (p: string, text: string) => {
      fs.mkdirSync(path.join(cwd, path.dirname(p)), { recursive: true });
      fs.writeFileSync(path.join(cwd, p), text);
    };
    write(
      'migrations/001_init.sql',
      'CREATE TABLE todos (id serial PRIMARY KEY,\n  user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
    );
    const CURRENT_KEY =
      'CREATE TABLE notes (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  user_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE\n);\n';
    write('migrations/002_notes.sql', CURRENT_KEY);
    const reported = [
      'migrations/002_notes.sql:3:36 warning match-auth-schema neon_auth."user" does not exist in legacy Neon Auth (Stack Auth), which the earlier migrations of this set are written for (migrations/001_init.sql:2): use neon_auth.users_sync (text id, soft delete with deleted_at). If this migration moves the database to current Neon Auth (Better Auth) on purpose, add -- neon-auth-ignore-file match-auth-schema to it; the migrations after it are checked for that generation.',
      '  migrations/001_init.sql:2:36 related this migration is written for legacy Neon Auth (Stack Auth)',
      '',
    ].join('\n');
    for (const args of [[], ['--auth-schema', 'auto']]) {
      const r = run(cwd, ...args, 'migrations/002_notes.sql');
      assert.deepEqual([r.code, r.stdout], [1, reported], args.join(' '));
    }
    // Alone (no set), the file is a current one.
    write('alone/notes.sql', CURRENT_KEY);
    assert.deepEqual([run(cwd, 'alone/notes.sql').code, run(cwd, 'alone/notes.sql').stdout], [0, '']);

    // The move (as neon-auth-lint migrate writes it: reads users_sync, keys the column to "user") comes first.
    write(
      'migrations/002_notes.sql',
      [
        '-- neon-auth-ignore-file match-auth-schema: this migration moves the app from the legacy Neon Auth to the current one',
        'CREATE TABLE auth_id_map (old_id text PRIMARY KEY, new_id uuid NOT NULL UNIQUE);',
        'INSERT INTO auth_id_map (old_id, new_id) SELECT s.id, u.id FROM neon_auth.users_sync AS s JOIN neon_auth."user" AS u ON lower(u.email) = lower(s.email) WHERE s.deleted_at IS NULL;',
        'ALTER TABLE todos ADD COLUMN user_id__uuid uuid;',
        'UPDATE todos SET user_id__uuid = m.new_id FROM auth_id_map AS m WHERE m.old_id = todos.user_id;',
        'ALTER TABLE todos DROP COLUMN user_id;',
        'ALTER TABLE todos RENAME COLUMN user_id__uuid TO user_id;',
        'ALTER TABLE todos ADD CONSTRAINT todos_user_id_fkey FOREIGN KEY (user_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;',
        '',
      ].join('\n'),
    );
    write('migrations/003_notes.sql', CURRENT_KEY);
    write('migrations/004_names.sql', 'CREATE VIEW names AS SELECT u.name FROM neon_auth.users_sync AS u WHERE u.deleted_at IS NULL;\n');
    const r = run(cwd, 'migrations');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        'migrations/004_names.sql:1:41 warning match-auth-schema neon_auth.users_sync does not exist in current Neon Auth (Better Auth), which the earlier migrations of this set are written for (migrations/003_notes.sql:3): use neon_auth."user" (uuid id, hard delete). If this migration moves the database to legacy Neon Auth (Stack Auth) on purpose, add -- neon-auth-ignore-file match-auth-schema to it; the migrations after it are checked for that generation.',
        '  migrations/003_notes.sql:3:36 related this migration is written for current Neon Auth (Better Auth)',
        '',
      ].join('\n'),
    );
  });

  test('SARIF carries the related locations', () => {
    const cwd = project();
    fs.mkdirSync(path.join(cwd, '.git'));
    const r = run(cwd, '--format', 'sarif', 'drizzle/0001_fk.sql');
    const log = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: unknown }> }> };
    assert.deepEqual(
      log.runs[0].results.map((x) => [x.ruleId, x.relatedLocations]),
      [
        [
          'match-user-id-type',
          [
            {
              id: 0,
              message: { text: 'owner_id is declared uuid here' },
              physicalLocation: {
                artifactLocation: { uri: 'drizzle/0000_init.sql', uriBaseId: '%SRCROOT%' },
                region: { startLine: 4, startColumn: 13, endLine: 4, endColumn: 17 },
              },
            },
          ],
        ],
        [
          'no-set-null-on-not-null',
          [
            {
              id: 0,
              message: { text: 'owner_id is made NOT NULL here' },
              physicalLocation: {
                artifactLocation: { uri: 'drizzle/0000_init.sql', uriBaseId: '%SRCROOT%' },
                region: { startLine: 4, startColumn: 18, endLine: 4, endColumn: 26 },
              },
            },
          ],
        ],
      ],
    );
  });

  test('a journal naming a missing file, a CREATE TABLE no parser accepts, a loop of symlinked migrations: one notice each (none for a folder loop, never followed), the rest still checked', () => {
    const cwd = project({
      'drizzle/meta/_journal.json': journal('0000_init', '0000_broken', '0001_gone', '0001_fk', '0002_owner'),
      'drizzle/0000_broken.sql': 'CREATE TABLE broken (id int,, x);\n',
      // names the unreadable table: its definition is needed, so its notice comes (a table no check needs is never parsed)
      'drizzle/0002_owner.sql': 'ALTER TABLE broken ADD FOREIGN KEY (id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n',
    });
    // A folder linking back to its parent: symlinked folders are never followed (walkFiles).
    fs.symlinkSync('..', path.join(cwd, 'drizzle', 'loop'));
    // Two migrations linking to each other: neither can be read.
    fs.symlinkSync('0003_b.sql', path.join(cwd, 'drizzle', '0003_a.sql'));
    fs.symlinkSync('0003_a.sql', path.join(cwd, 'drizzle', '0003_b.sql'));
    const r = run(cwd, '--format', 'json', 'drizzle/0001_fk.sql', 'drizzle/0000_init.sql', 'drizzle/0002_owner.sql');
    const files = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Diag[] }>;
    assert.deepEqual(
      files.map((f) => [f.file, f.diagnostics.map((d) => d.rule)]),
      [
        ['drizzle/0001_fk.sql', ['match-user-id-type', 'no-set-null-on-not-null']],
        ['drizzle/0000_init.sql', []],
        ['drizzle/0002_owner.sql', []],
      ],
    );
    const notices = r.stderr.split('\n').filter((l) => l.startsWith('neon-auth-lint: '));
    assert.deepEqual(
      notices.map((l) => l.replace(/\(syntax error[^)]*\)/, '(…)')),
      [
        'neon-auth-lint: drizzle/meta/_journal.json: The drizzle-kit journal names 0001_gone.sql, which is not in drizzle: the other migrations are checked without it.',
        'neon-auth-lint: drizzle/0003_a.sql: 0003_a.sql is a loop of symbolic links: it is not read, and the migrations after it are checked without it.',
        'neon-auth-lint: drizzle/0003_b.sql: 0003_b.sql is a loop of symbolic links: it is not read, and the migrations after it are checked without it.',
        'neon-auth-lint: drizzle/0000_broken.sql:1: No parser accepted this CREATE TABLE broken (…): later migrations are checked without its columns.',
      ],
    );
  });

  test('Prisma: naming one migration.sql reads the folders beside it; a config with migrations globs replaces discovery', () => {
    const cwd = project({
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "Post" ("id" SERIAL NOT NULL, "authorId" UUID);\n',
      'prisma/migrations/20240201000000_fk/migration.sql':
        'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL;\n',
    });
    const named = 'prisma/migrations/20240201000000_fk/migration.sql';
    const rules = (r: { stdout: string }) => (JSON.parse(r.stdout) as Array<{ diagnostics: Diag[] }>).flatMap((f) => f.diagnostics.map((d) => d.rule));
    assert.deepEqual(rules(run(cwd, '--format', 'json', named)), ['match-user-id-type']);
    // A migrations list that leaves the Prisma folders out: the file is checked alone.
    fs.writeFileSync(path.join(cwd, '.neon-auth.json'), '{ "migrations": ["drizzle/*.sql"] }');
    assert.deepEqual(rules(run(cwd, '--format', 'json', named)), []);
    // The configured set still holds the drizzle files (in natural order, not the journal's).
    assert.deepEqual(rules(run(cwd, '--format', 'json', 'drizzle/0001_fk.sql')), ['match-user-id-type', 'no-set-null-on-not-null']);
  });

  test("run from inside the set: from a Prisma migration's own folder and from a drizzle folder under a migrations config, the set is found and files are named from there (absolutely when outside)", () => {
    const cwd = project({
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "Post" ("id" SERIAL NOT NULL, "authorId" UUID);\n',
      'prisma/migrations/20240201000000_fk/migration.sql':
        'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL;\n',
    });
    type Report = Array<{ file: string; diagnostics: Array<Diag & { related: Array<{ file: string }> }> }>;
    const summary = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as Report).map((f) => [
        f.file,
        f.diagnostics.map((d) => [d.rule, d.message.match(/\(([^)]*:\d+)\)/)?.[1], d.related.map((x) => x.file)]),
      ]);
    // The folder's own name (20240201000000_fk) is what makes it a Prisma migration: it was not known from a relative path.
    const fromFolder = run(path.join(cwd, 'prisma/migrations/20240201000000_fk'), '--format', 'json', 'migration.sql');
    assert.equal(fromFolder.stderr, '');
    // The earlier migration is outside the working folder: named absolutely.
    const earlier = path.join(fs.realpathSync(cwd), 'prisma/migrations/20240101000000_init/migration.sql').split(path.sep).join('/');
    assert.deepEqual(summary(fromFolder), [['migration.sql', [['match-user-id-type', `${earlier}:1`, [earlier]]]]]);
    fs.writeFileSync(path.join(cwd, '.neon-auth.json'), '{ "migrations": ["drizzle/0000_init.sql", "drizzle/0001_fk.sql"] }');
    const underConfig = run(path.join(cwd, 'drizzle'), '--format', 'json', '0001_fk.sql');
    assert.equal(underConfig.stderr, '');
    assert.deepEqual(summary(underConfig), [
      [
        '0001_fk.sql',
        [
          ['match-user-id-type', '0000_init.sql:4', ['0000_init.sql']],
          ['no-set-null-on-not-null', '0000_init.sql:4', ['0000_init.sql']],
        ],
      ],
    ]);
  });

  test('--fix writes the preferred fixes into the file at hand only (with --unsafe-fixes: they are choices)', () => {
    const cwd = project();
    const r = run(cwd, '--fix', '--unsafe-fixes', 'drizzle/0001_fk.sql');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(cwd, 'drizzle/0000_init.sql'), 'utf8'), INIT);
    assert.equal(
      fs.readFileSync(path.join(cwd, 'drizzle/0001_fk.sql'), 'utf8'),
      // A drizzle-kit set: each inserted statement gets a breakpoint chunk of its own, also in a one-statement file.
      `ALTER TABLE "notes" ALTER COLUMN "owner_id" TYPE TEXT;\n--> statement-breakpoint\nALTER TABLE "notes" ALTER COLUMN "owner_id" DROP NOT NULL;\n--> statement-breakpoint\n${FK}`,
    );
  });

  test('a file checked alone looks for its set in its own folder only: a broken set in a subfolder says nothing', () => {
    const cwd = project({ 'schema.sql': 'SELECT 1;\n', 'drizzle/meta/_journal.json': journal('0000_init', '0001_fk', '0002_gone') });
    const alone = run(cwd, 'schema.sql');
    assert.equal(alone.code, 0, alone.stderr);
    assert.equal(alone.stderr, '0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n');
    // Checking the set itself still tells of the journal's missing file.
    const set = run(cwd, 'drizzle/0001_fk.sql');
    assert.match(set.stderr, /^neon-auth-lint: drizzle\/meta\/_journal\.json: The drizzle-kit journal names 0002_gone\.sql/);
  });

  test('--fix on the folder leaves a migration a later one follows (most likely applied) and says so; named, it is fixed', () => {
    const notes = 'CREATE TABLE notes (id int, owner_id text REFERENCES neon_auth.users_sync(id));\n';
    const tags = 'CREATE TABLE tags (id int, owner_id text REFERENCES neon_auth.users_sync(id));\n';
    const cwd = project({ 'drizzle/meta/_journal.json': journal('0000_init', '0001_tags'), 'drizzle/0000_init.sql': notes, 'drizzle/0001_tags.sql': tags });
    fs.rmSync(path.join(cwd, 'drizzle/0001_fk.sql'));
    const r = run(cwd, '--fix', '--unsafe-fixes', 'drizzle');
    assert.equal(r.code, 1);
    assert.equal(fs.readFileSync(path.join(cwd, 'drizzle/0000_init.sql'), 'utf8'), notes);
    assert.equal(
      fs.readFileSync(path.join(cwd, 'drizzle/0001_tags.sql'), 'utf8'),
      'CREATE TABLE tags (id int, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n',
    );
    assert.equal(
      r.stderr,
      'drizzle/0001_tags.sql: fixed 1 problem\n' +
        '1 problem (0 errors, 1 warning, 0 infos) in 1 of 2 files\n' +
        '1 migration not fixed: a later migration of the set follows it, so it has most likely been applied (write the change in a new migration, or name the file to fix it): drizzle/0000_init.sql\n',
    );
    assert.match(r.stdout, /^drizzle\/0000_init\.sql:1:43 warning require-on-delete /);
    const named = run(cwd, '--fix', '--unsafe-fixes', 'drizzle/0000_init.sql');
    assert.equal(named.code, 0, named.stderr);
    assert.equal(
      fs.readFileSync(path.join(cwd, 'drizzle/0000_init.sql'), 'utf8'),
      'CREATE TABLE notes (id int, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n',
    );
  });

  test("--fix on the folder fixes Flyway's repeatable scripts (run again whenever they change), even one another follows", () => {
    const cwd = project({
      'db/migration/V1__notes.sql': 'CREATE TABLE notes (id int, owner_id text);\n',
      'db/migration/V2__tags.sql': 'CREATE TABLE tags (id int);\n',
      'db/migration/R__audit.sql': 'CREATE TABLE audit (owner_id text REFERENCES neon_auth.users_sync(id));\n',
      'db/migration/R__views.sql': 'CREATE OR REPLACE VIEW note_ids AS SELECT id FROM notes;\n',
    });
    const r = run(cwd, '--fix', '--unsafe-fixes', 'db');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      fs.readFileSync(path.join(cwd, 'db/migration/R__audit.sql'), 'utf8'),
      'CREATE TABLE audit (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n',
    );
    assert.doesNotMatch(r.stderr, /not fixed/);
  });

  test('--fix on the folder: a followed migration Postgres rejects is fixed (it cannot have been applied), and the later one is checked with the history it leaves', () => {
    // 0000's own key gets the safe uuid → text fix; 0001 keys the same column again, which is text once 0000 is fixed.
    const cwd = project({
      'drizzle/0000_init.sql': 'CREATE TABLE notes (id int, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
      'drizzle/0001_fk.sql': 'ALTER TABLE notes ADD CONSTRAINT fk2 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n',
    });
    const r = run(cwd, '--fix', '--unsafe-fixes', 'drizzle');
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      fs.readFileSync(path.join(cwd, 'drizzle/0000_init.sql'), 'utf8'),
      'CREATE TABLE notes (id int, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
    );
    // No ALTER COLUMN … TYPE for a column that is text already.
    assert.equal(
      fs.readFileSync(path.join(cwd, 'drizzle/0001_fk.sql'), 'utf8'),
      'ALTER TABLE notes ADD CONSTRAINT fk2 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n',
    );
  });

  test('--fix on the folder: a followed migration that references a quoted dotted name no table has is fixed (Postgres rejects it, 42P01); once an earlier migration creates that table, it is left as applied', () => {
    const todos = 'CREATE TABLE todos (id int, user_id text REFERENCES "neon_auth.users_sync"(id) ON DELETE CASCADE);\n';
    const tags = 'CREATE TABLE tags (id int);\n';
    const cwd = project({ 'drizzle/meta/_journal.json': journal('0000_todos', '0001_tags'), 'drizzle/0000_todos.sql': todos, 'drizzle/0001_tags.sql': tags });
    fs.rmSync(path.join(cwd, 'drizzle/0000_init.sql'));
    fs.rmSync(path.join(cwd, 'drizzle/0001_fk.sql'));
    const r = run(cwd, '--fix', 'drizzle');
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'drizzle/0000_todos.sql: fixed 1 problem\n0 problems (0 errors, 0 warnings, 0 infos) in 0 of 2 files\n');
    assert.equal(
      fs.readFileSync(path.join(cwd, 'drizzle/0000_todos.sql'), 'utf8'),
      'CREATE TABLE todos (id int, user_id text REFERENCES "neon_auth"."users_sync"(id) ON DELETE CASCADE);\n',
    );
    assert.equal(fs.readFileSync(path.join(cwd, 'drizzle/0001_tags.sql'), 'utf8'), tags);

    // The dotted table exists: an earlier migration created it, so the reference ran (against the look-alike table).
    const lookAlike = 'CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY);\n';
    const made = project({
      'drizzle/meta/_journal.json': journal('0000_look_alike', '0001_todos', '0002_tags'),
      'drizzle/0000_look_alike.sql': lookAlike,
      'drizzle/0001_todos.sql': todos,
      'drizzle/0002_tags.sql': tags,
    });
    fs.rmSync(path.join(made, 'drizzle/0000_init.sql'));
    fs.rmSync(path.join(made, 'drizzle/0001_fk.sql'));
    const left = run(made, '--fix', 'drizzle');
    assert.equal(left.code, 1);
    assert.equal(fs.readFileSync(path.join(made, 'drizzle/0000_look_alike.sql'), 'utf8'), lookAlike);
    assert.equal(fs.readFileSync(path.join(made, 'drizzle/0001_todos.sql'), 'utf8'), todos);
    assert.equal(
      left.stdout,
      'drizzle/0000_look_alike.sql:1:14 error no-quoted-dotted-name "neon_auth.users_sync" is one identifier with a dot in it: this creates a table named "neon_auth.users_sync" in the default schema, next to Neon Auth\'s neon_auth.users_sync. Neon Auth creates its table itself: remove this statement and reference "neon_auth"."users_sync" instead.\n' +
        'drizzle/0001_todos.sql:1:53 error no-quoted-dotted-name "neon_auth.users_sync" is one identifier with a dot in it: a table named "neon_auth.users_sync" in the default schema, not Neon Auth\'s neon_auth.users_sync. Write "neon_auth"."users_sync".\n',
    );
    assert.equal(
      left.stderr,
      '2 problems (2 errors, 0 warnings, 0 infos) in 2 of 3 files\n' +
        '1 migration not fixed: a later migration of the set follows it, so it has most likely been applied (write the change in a new migration, or name the file to fix it): drizzle/0001_todos.sql\n',
    );
  });

  // A pg_dump of a Neon database (17.6 and later write the \restrict lines), its data included.
  const DUMP = [
    '--',
    '-- PostgreSQL database dump',
    '--',
    '',
    '\\restrict Zq0uXd3H7bRk',
    '',
    '-- Dumped from database version 17.6',
    '-- Dumped by pg_dump version 17.6',
    '',
    'SET statement_timeout = 0;',
    "SET client_encoding = 'UTF8';",
    "SELECT pg_catalog.set_config('search_path', '', false);",
    'SET check_function_bodies = false;',
    '',
    'CREATE SCHEMA neon_auth;',
    'ALTER SCHEMA neon_auth OWNER TO neondb_owner;',
    '',
    'CREATE TABLE neon_auth.users_sync (',
    '    raw_json jsonb NOT NULL,',
    "    id text GENERATED ALWAYS AS ((raw_json ->> 'id'::text)) STORED NOT NULL,",
    '    deleted_at timestamp with time zone',
    ');',
    '',
    'ALTER TABLE neon_auth.users_sync OWNER TO neondb_owner;',
    '',
    'CREATE TABLE public.notes (',
    '    id integer NOT NULL,',
    '    body text NOT NULL,',
    '    owner_id uuid NOT NULL',
    ');',
    '',
    'ALTER TABLE public.notes OWNER TO neondb_owner;',
    '',
    'COPY public.notes (id, body, owner_id) FROM stdin;',
    "1\tit's; a note\t00000000-0000-4000-8000-000000000001",
    '\\.',
    '',
    'ALTER TABLE ONLY neon_auth.users_sync',
    '    ADD CONSTRAINT users_sync_pkey PRIMARY KEY (id);',
    '',
    'ALTER TABLE ONLY public.notes',
    '    ADD CONSTRAINT notes_pkey PRIMARY KEY (id);',
    '',
    'CREATE INDEX users_sync_deleted_at_idx ON neon_auth.users_sync USING btree (deleted_at);',
    '',
    'ALTER TABLE ONLY public.notes',
    '    ADD CONSTRAINT notes_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;',
    '',
    '\\unrestrict Zq0uXd3H7bRk',
    '',
  ].join('\n');

  test("a pg_dump file: its closing ALTER TABLE ONLY … FOREIGN KEY sees the CREATE TABLE above; Neon Auth's own tables, OWNER TO, \\restrict and COPY data give nothing", () => {
    const cwd = project({
      'backups/neon.sql': DUMP,
      'db/structure.sql': DUMP.replace(/^--\n-- PostgreSQL database dump\n--\n/, ''),
      'supabase/schema.sql': 'ALTER TABLE neon_auth.users_sync ENABLE ROW LEVEL SECURITY;\n',
    });
    for (const file of ['backups/neon.sql', 'db/structure.sql']) {
      const r = run(cwd, '--format', 'json', file);
      assert.equal(r.stderr, '');
      const [only] = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Diag[] }>;
      const line = (n: number) => DUMP.split('\n')[n];
      const at = (d: Diag) => {
        const range = d.range as { start: { line: number; character: number }; end: { line: number; character: number } };
        const shift = file === 'db/structure.sql' ? 3 : 0;
        return [d.rule, range.start.line + shift, line(range.start.line + shift).slice(range.start.character, range.end.character)];
      };
      assert.deepEqual(only.diagnostics.map(at), [
        // on the type where the column is declared (the rule's place within one file: the fix goes there)
        ['match-user-id-type', 28, 'uuid'],
        ['no-set-null-on-not-null', 46, 'SET NULL'],
      ]);
    }
    // A hand-written schema.sql is a set of its own, but its statements are the app's: its write to Neon's table is reported.
    const handWritten = run(cwd, '--format', 'json', 'supabase/schema.sql');
    assert.deepEqual(
      (JSON.parse(handWritten.stdout) as Array<{ diagnostics: Diag[] }>)[0].diagnostics.map((d) => d.rule),
      ['no-auth-table-writes'],
    );
  });

  test('two sets that disagree on a column keyed to a Neon Auth user table: one notice naming both places; every file still checked', () => {
    const cwd = project({
      'supabase/migrations/20240101000000_notes.sql':
        'create table notes (\n  id serial primary key,\n  owner_id text references neon_auth.users_sync(id) on delete set null\n);\n',
      // the same table with the same column types: no notice
      'db/schema.sql': 'CREATE TABLE public.tags (id int, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
      'supabase/migrations/20240102000000_tags.sql': 'create table tags (id int, owner_id text references neon_auth.users_sync(id) on delete cascade);\n',
    });
    const r = run(cwd, '--format', 'json', '.');
    const files = JSON.parse(r.stdout) as Array<{ file: string; diagnostics: Diag[] }>;
    assert.deepEqual(
      files.map((f) => [f.file, f.diagnostics.map((d) => d.rule)]),
      [
        ['db/schema.sql', []],
        ['drizzle/0000_init.sql', []],
        ['drizzle/0001_fk.sql', ['match-user-id-type', 'no-set-null-on-not-null']],
        ['supabase/migrations/20240101000000_notes.sql', []],
        ['supabase/migrations/20240102000000_tags.sql', []],
      ],
    );
    assert.deepEqual(
      r.stderr.split('\n').filter((l) => l.startsWith('neon-auth-lint: ')),
      [
        'neon-auth-lint: supabase/migrations/20240101000000_notes.sql:3: public.notes.owner_id is text here but uuid in drizzle/0000_init.sql:4, another migration set; the column references neon_auth.users_sync(id), whose type decides whether Postgres accepts the key. The two sets disagree: each is checked with its own history.',
      ],
    );
    // Naming one file reads its own set only: nothing to compare, no notice.
    assert.equal(run(cwd, '--format', 'json', 'supabase/migrations/20240101000000_notes.sql').stderr, '');
  });
});
