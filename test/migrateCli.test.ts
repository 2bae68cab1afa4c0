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

async function cli(argv: string[], runIn: string = repoRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(runIn);
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
  assert.deepEqual(parseCommandLine(['migrate', 'a']), { kind: 'usageError', message: 'migrate needs --to current', subcommand: 'migrate' });
  assert.deepEqual(parseCommandLine(['migrate', '--to', 'legacy', 'a']), {
    kind: 'usageError',
    message: "migrate --to 'legacy': only 'current' is known",
    subcommand: 'migrate',
  });
  assert.deepEqual(parseCommandLine(['migrate', '--to', 'current']), {
    kind: 'usageError',
    message: 'migrate: no folder or file of migrations given',
    subcommand: 'migrate',
  });
  assert.deepEqual(parseCommandLine(['migrate', '--help']), { kind: 'migrateHelp' });
});

test('migrate: the examples app to stdout, the report to stderr by file, line and column, exit 1 (choices to review)', async () => {
  const r = await cli(['migrate', '--to', 'current', 'examples/migrations']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^-- Move this app from the legacy Neon Auth/);
  assert.match(r.stdout, /\nBEGIN;\n[\s\S]*\nCOMMIT;\n$/);
  assert.equal(
    r.stderr,
    [
      'examples/migrations/0001_create_todos_and_posts.sql:12:27 warning public.todos.owner_id: no ON DELETE action written (NO ACTION) becomes ON DELETE CASCADE (a choice: read the comment in the file).',
      'examples/migrations/0001_create_todos_and_posts.sql:26:74 warning public.posts.author_id: no ON DELETE action written (NO ACTION) becomes ON DELETE SET NULL (a choice: read the comment in the file).',
      'examples/migrations/0001_create_todos_and_posts.sql:35:28 info public.comments.author_id: keeps ON DELETE CASCADE.',
      'examples/migrations/0001_create_todos_and_posts.sql:42:25 warning public.posts.reviewer_id: no ON DELETE action written (NO ACTION) becomes ON DELETE SET NULL (a choice: read the comment in the file).',
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

test('migrate on the examples folder lists the queries that break after the switch, on stderr and in the header', async () => {
  const r = await cli(['migrate', '--to', 'current', 'examples']);
  assert.equal(r.code, 1);
  const queries = r.stderr
    .split('\n')
    .filter((l) => / warning (match-|no-unknown)/.test(l))
    .map((l) => l.slice(0, l.indexOf(':', l.indexOf(' warning '))));
  assert.deepEqual(queries, [
    'examples/app/posts.ts:9:15 warning match-auth-schema',
    'examples/app/todos.ts:10:61 warning match-auth-schema',
    'examples/app/users.ts:8:54 warning match-auth-schema',
    'examples/app/users.ts:14:35 warning match-auth-schema',
    'examples/clean.sql:7:39 warning match-auth-schema',
    'examples/clean.sql:15:29 warning match-auth-schema',
    'examples/clean.sql:24:11 warning match-auth-schema',
    'examples/clean.sql:31:11 warning match-auth-schema',
    'examples/clean.sql:36:6 warning match-auth-schema',
    'examples/clean.sql:42:6 warning match-auth-schema',
    'examples/drizzle-app/src/db/queries.ts:3:10 warning match-auth-schema',
    'examples/drizzle-app/src/db/schema.ts:4:10 warning match-auth-schema',
    'examples/queries.sql:9:12 warning match-auth-schema',
    'examples/queries.sql:17:11 warning match-auth-schema',
    'examples/queries.sql:24:11 warning match-auth-schema',
    'examples/queries.sql:32:8 warning match-auth-schema',
    'examples/queries.sql:43:6 warning match-auth-schema',
  ]);
  // The README's account of this run (section "Moving to the current Neon Auth") says the same.
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const count = (rule: string) => queries.filter((q) => q.endsWith(` ${rule}`)).length;
  assert.ok(readme.includes(`lists ${queries.length} queries that break after the switch`), 'README: the number of queries');
  assert.ok(readme.includes(`${count('match-auth-schema')} \`match-auth-schema\``), 'README: match-auth-schema count');
  assert.equal(count('match-auth-schema'), queries.length);
  // The uuid() column referencing usersSync.id (schema.ts:24) is wrong before the switch as after it, and
  // "declare it text()" is legacy advice: not listed (the usersSync import is, as match-auth-schema).
  assert.ok(readme.includes('not the `uuid()` column of `examples/drizzle-app/src/db/schema.ts:24:15`'), 'README: match-user-id-type left out');
  assert.ok(!r.stderr.includes('match-user-id-type'));
  assert.ok(readme.includes('such as `examples/queries.sql:9:12`') && queries.includes('examples/queries.sql:9:12 warning match-auth-schema'));
  // The migration itself is history, not a query: not listed (its four columns are in the report above them).
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('examples/migrations/')).length, 4);
  // A comparison with users_sync's id is not listed on its own: the reference is what breaks (casting would not help).
  assert.ok(!r.stderr.includes('match-user-id-comparison'));
  assert.ok(
    r.stdout.includes(
      [
        '--',
        '-- Queries of the app that break after the switch (17; rules run with "authSchema": "current"):',
        '--   examples/app/posts.ts:9 match-auth-schema',
        '--   examples/app/todos.ts:10 match-auth-schema',
      ].join('\n'),
    ),
  );
  assert.ok(r.stdout.includes('--   examples/queries.sql:43 match-auth-schema\n--\n-- Run it on a Neon branch'));
});

test('migrate: the file it writes for the examples lints clean, whatever the auth schema', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
  try {
    const out = path.join(dir, 'move.sql');
    assert.equal((await cli(['migrate', '--to', 'current', 'examples', '--out', out])).code, 1);
    for (const schema of ['auto', 'legacy', 'current']) {
      const r = await cli(['--auth-schema', schema, '--max-warnings', '0', out]);
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '0 problems (0 errors, 0 warnings, 0 infos) in 0 of 1 file\n'], schema);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate: the report places each item at path:line:column, so two references on one line stay apart', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-migrate-')));
  try {
    fs.mkdirSync(path.join(dir, 'migrations'));
    fs.writeFileSync(
      path.join(dir, 'migrations', '0001_notes.sql'),
      'CREATE TABLE notes (\n  id serial PRIMARY KEY,\n  owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE\n);\n',
    );
    fs.writeFileSync(
      path.join(dir, 'q.sql'),
      'SELECT n.id FROM notes n JOIN neon_auth.users_sync a ON a.id = n.owner_id JOIN neon_auth.users_sync b ON b.id = a.id;\n',
    );
    const r = await cli(['migrate', '--to', 'current', dir]);
    assert.equal(r.code, 1);
    const breaks = ': neon_auth.users_sync does not exist in current Neon Auth (Better Auth): use neon_auth."user" (uuid id, hard delete).';
    assert.equal(
      r.stderr,
      [
        `${dir}/migrations/0001_notes.sql:3:26 info public.notes.owner_id: keeps ON DELETE CASCADE.`,
        `${dir}/q.sql:1:31 warning match-auth-schema${breaks}`,
        `${dir}/q.sql:1:80 warning match-auth-schema${breaks}`,
        '',
      ].join('\n'),
    );
    // The file's header lists the query once per line and rule.
    assert.ok(r.stdout.includes(`(1, with 2 findings in the report; rules run with "authSchema": "current"):\n--   ${dir}/q.sql:1 match-auth-schema\n--\n`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("migrate: a usage error shows migrate's usage, not the lint's", async () => {
  const r = await cli(['migrate', 'examples/migrations']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    "neon-auth-lint: migrate needs --to current\n\nUsage: neon-auth-lint migrate --to current [--out FILE] [--config FILE] <dir|file>...\nRun 'neon-auth-lint migrate --help' for more.\n",
  );
});

test('migrate: finds the nearest .neon-auth.json and its "migrations" globs without -c; a file in no set is planned alone', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
  try {
    fs.mkdirSync(path.join(dir, 'db', 'changes'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'sql'));
    // Named like no convention: found only through the config's globs.
    fs.writeFileSync(
      path.join(dir, 'db', 'changes', 'first.sql'),
      'CREATE TABLE notes (owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
    );
    fs.writeFileSync(path.join(dir, '.neon-auth.json'), '{ "migrations": ["db/changes/*.sql"] }\n');
    const found = await cli(['migrate', '--to', 'current', dir]);
    assert.equal(found.code, 0);
    assert.equal(found.stderr, `${dir}/db/changes/first.sql:1:44 info public.notes.owner_id: keeps ON DELETE CASCADE.\n`);
    assert.match(found.stdout, /\n-- {3}public\.notes\.owner_id → ON DELETE CASCADE\n/);
    // A hand-written schema.sql: a schema set of its own (see workspace/migrations.ts), its statements in order.
    fs.rmSync(path.join(dir, '.neon-auth.json'));
    fs.writeFileSync(
      path.join(dir, 'sql', 'schema.sql'),
      'CREATE TABLE teams (id serial PRIMARY KEY);\nCREATE TABLE members (team_id int REFERENCES teams(id), user_id text);\nALTER TABLE members ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n',
    );
    const alone = await cli(['migrate', '--to', 'current', path.join(dir, 'sql', 'schema.sql')]);
    assert.equal(alone.code, 0);
    assert.equal(alone.stderr, `${dir}/sql/schema.sql:3:25 info public.members.user_id: keeps ON DELETE CASCADE.\n`);
    assert.match(alone.stdout, new RegExp(`from the migration set in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/sql/\\.`));
    assert.ok(
      alone.stdout.includes(
        '  ALTER TABLE public.members ADD CONSTRAINT members_user_id_fkey FOREIGN KEY (user_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;\n',
      ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate: a report about no file in particular reads like the CLI’s other notices; nothing to move is no error (exit 0), no set exits 2', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-migrate-')));
  try {
    fs.writeFileSync(path.join(dir, 'q.sql'), 'SELECT 1;\n');
    const nothing = await cli(['migrate', '--to', 'current', path.join(dir, 'q.sql'), '--out', path.join(dir, 'move.sql')]);
    assert.equal(nothing.code, 0);
    assert.equal(nothing.stdout, '');
    assert.equal(
      nothing.stderr,
      `neon-auth-lint: No column of ${path.join(dir, 'q.sql')} references neon_auth.users_sync(id) with a foreign key: there is nothing to move.\n`,
    );
    assert.ok(!fs.existsSync(path.join(dir, 'move.sql')), 'no file is written');
    fs.mkdirSync(path.join(dir, 'empty'));
    const none = await cli(['migrate', '--to', 'current', path.join(dir, 'empty')]);
    assert.equal(none.code, 2);
    const hint =
      'With no migration files (drizzle-kit push), dump the schema to one file and plan that: pg_dump --schema-only "$DATABASE_URL" > schema.sql, then neon-auth-lint migrate --to current schema.sql.';
    assert.equal(none.stderr, `neon-auth-lint: error: No migration set found in ${JSON.stringify(path.join(dir, 'empty'))}. ${hint}\n`);
    // `.` is quoted, so it does not read as the sentence's end (nor `..` as the parent folder)
    const here = await cli(['migrate', '--to', 'current', '.'], path.join(dir, 'empty'));
    assert.deepEqual([here.code, here.stdout, here.stderr], [2, '', `neon-auth-lint: error: No migration set found in ".". ${hint}\n`]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A drizzle-kit app (journal, `drizzle/0000_init.sql`, `drizzle/0001_comments.sql`) and its Drizzle schema `db/schema.ts`, in a new folder. */
function drizzleApp(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-migrate-')));
  const tags = Object.keys(files)
    .filter((f) => f.startsWith('drizzle/'))
    .map((f) => path.basename(f, '.sql'));
  const journal = {
    version: '7',
    dialect: 'postgresql',
    entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1733000000000 + idx, tag, breakpoints: true })),
  };
  for (const [name, text] of Object.entries({ ...files, 'drizzle/meta/_journal.json': JSON.stringify(journal, null, 2) })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The legacy app a user planned: text keys to users_sync, one uuid column keyed to it, one key to the quoted dotted "neon_auth.users_sync". */
const LEGACY_APP = {
  'drizzle/0000_init.sql': `CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"owner_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid,
	"email" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_owner_id_users_sync_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_lead_id_users_sync_id_fk" FOREIGN KEY ("lead_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;
`,
  'drizzle/0001_comments.sql': `CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"author_id" text,
	"editor_id" text,
	"body" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_editor_id_fk" FOREIGN KEY ("editor_id") REFERENCES "neon_auth.users_sync"("id") ON DELETE set null;
`,
  'db/schema.ts': `import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const projects = pgTable('projects', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  ownerId: text('owner_id')
    .notNull()
    .references(() => usersSync.id, { onDelete: 'cascade' }),
});

export const leads = pgTable('leads', {
  id: uuid('id').primaryKey().defaultRandom(),
  leadId: uuid('lead_id').references(() => usersSync.id, { onDelete: 'set null' }),
  email: text('email').notNull(),
});
`,
};

test('migrate on a drizzle-kit app: a key to the quoted dotted "neon_auth.users_sync" and a uuid column keyed to users_sync are named, by file, line and column; after --fix the key is planned', async () => {
  const dir = drizzleApp(LEGACY_APP);
  try {
    const out = path.join(dir, 'move.sql');
    const r = await cli(['migrate', '--to', 'current', dir, '--out', out]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      [
        `${dir}/drizzle/0000_init.sql:13:28 info public.projects.owner_id: keeps ON DELETE CASCADE.`,
        `${dir}/drizzle/0000_init.sql:14:25 warning public.leads.lead_id is uuid in the migrations, but its key references neon_auth.users_sync(id), which is text: Postgres rejects such a key (42804), so the database most likely has none. The file skips a column that is uuid already (NOTICE "public.leads.lead_id is uuid already: skipped"): it changes nothing there and adds no key to neon_auth."user"(id). Once the column holds current users' ids, add the key by hand: ALTER TABLE public.leads ADD CONSTRAINT leads_lead_id_user_id_fk FOREIGN KEY (lead_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL;`,
        `${dir}/drizzle/0001_comments.sql:9:28 info public.comments.author_id: keeps ON DELETE SET NULL.`,
        `${dir}/drizzle/0001_comments.sql:10:28 warning public.comments.editor_id: its key references "neon_auth.users_sync", one quoted name: a table named neon_auth.users_sync in the schema the search path gives, not the users_sync table of schema neon_auth (Postgres rejects the key while no such table exists: 42P01). Not planned. If you meant Neon Auth's table, write "neon_auth"."users_sync" (neon-auth-lint --fix does: no-quoted-dotted-name) and plan again.`,
        // The uuid() column keyed to usersSync.id is wrong before the switch too ("declare it text()"): not listed; the import is.
        `${dir}/db/schema.ts:2:10 warning match-auth-schema: neon_auth.users_sync does not exist in current Neon Auth (Better Auth): use neon_auth."user" (uuid id, hard delete).`,
        // lead_id is listed and skipped (uuid already), not moved
        `neon-auth-lint: wrote ${out} (2 columns to move, 1 skipped as uuid already)`,
        '',
      ].join('\n'),
    );
    const sql = fs.readFileSync(out, 'utf8');
    assert.ok(sql.includes('--   public.leads.lead_id → ON DELETE SET NULL (uuid in the migrations already: skipped while it is; see the report)\n'));
    assert.ok(
      sql.includes(
        '-- Queries of the app that break after the switch (1; rules run with "authSchema": "current"):\n--   db/schema.ts:2 match-auth-schema\n'.replace(
          'db/',
          `${dir}/db/`,
        ),
      ),
    );

    // The lint's safe fix splits the quoted dotted name; the plan then moves comments.editor_id too.
    const fixed = await cli(['--fix', path.join(dir, 'drizzle', '0001_comments.sql')]);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.ok(
      fs
        .readFileSync(path.join(dir, 'drizzle', '0001_comments.sql'), 'utf8')
        .includes('FOREIGN KEY ("editor_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null;\n'),
    );
    const again = await cli(['migrate', '--to', 'current', dir, '--out', out]);
    assert.deepEqual(
      again.stderr.split('\n').map((l) => l.slice(0, 90)),
      [
        `${dir}/drizzle/0000_init.sql:13:28 info public.projects.owner_id: keeps ON DELETE CASCADE.`.slice(0, 90),
        `${dir}/drizzle/0000_init.sql:14:25 warning public.leads.lead_id is uuid in the migrations, but its key references`.slice(0, 90),
        `${dir}/drizzle/0001_comments.sql:9:28 info public.comments.author_id: keeps ON DELETE SET NULL.`.slice(0, 90),
        `${dir}/drizzle/0001_comments.sql:10:28 info public.comments.editor_id: keeps ON DELETE SET NULL.`.slice(0, 90),
        `${dir}/db/schema.ts:2:10 warning match-auth-schema: neon_auth.users_sync does not exist in current Neon Auth (Bett`.slice(0, 90),
        `neon-auth-lint: wrote ${out} (3 columns to move, 1 skipped as uuid already)`.slice(0, 90),
        '',
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate on an app already on the current Neon Auth: nothing to move, said as information, exit 0; only queries that name the legacy table are listed', async () => {
  const dir = drizzleApp({
    'drizzle/0000_init.sql': `CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"creator_id" text
);
--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_owner_id_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."user"("id") ON DELETE cascade ON UPDATE no action;
`,
    // Not the switch's business: a uuid column compared with auth.user_id() (match-auth-uid-type).
    'db/queries.sql': 'SELECT count(*) FROM projects WHERE owner_id = auth.user_id();\n',
  });
  try {
    const out = path.join(dir, 'move.sql');
    const r = await cli(['migrate', '--to', 'current', dir, '--out', out]);
    assert.deepEqual(
      [r.code, r.stdout, r.stderr],
      [
        0,
        '',
        `neon-auth-lint: No column of ${dir}/drizzle references neon_auth.users_sync(id) with a foreign key (one column references neon_auth."user"(id) already): there is nothing to move.\n`,
      ],
    );
    assert.ok(!fs.existsSync(out), 'no file is written');
    // A query that still reads the legacy table is what stops working when the app moves: listed, exit 1.
    fs.writeFileSync(path.join(dir, 'db', 'names.sql'), 'SELECT name FROM neon_auth.users_sync WHERE deleted_at IS NULL;\n');
    const legacy = await cli(['migrate', '--to', 'current', dir]);
    assert.deepEqual(
      [legacy.code, legacy.stdout, legacy.stderr],
      [
        1,
        '',
        `neon-auth-lint: No column of ${dir}/drizzle references neon_auth.users_sync(id) with a foreign key (one column references neon_auth."user"(id) already): there is nothing to move.\n` +
          `${dir}/db/names.sql:1:18 warning match-auth-schema: neon_auth.users_sync does not exist in current Neon Auth (Better Auth): use neon_auth."user" (uuid id, hard delete).\n`,
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("migrate on a folder with a drizzle-kit set and a stale schema.sql that both define posts: both columns are planned with drizzle-kit's names, each disagreement is a warning, exit 1", async () => {
  const dir = drizzleApp({
    'drizzle/0000_init.sql': `CREATE TABLE "posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"author_id" text,
	"editor_id" text
);
--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_sync_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_editor_id_users_sync_id_fk" FOREIGN KEY ("editor_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;
`,
    'schema.sql': `CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL
);
`,
  });
  try {
    const r = await cli(['migrate', '--to', 'current', dir]);
    assert.equal(r.code, 1);
    const disagree = (column: string, theirs: string, key: string): string =>
      `public.posts.${column}: the sets disagree on its key to users_sync(id): ${dir}/schema.sql ${theirs}. The file moves every column a set keys to users_sync(id), with the key as written here (${key}, ON DELETE SET NULL); check which set the database matches. At run time it skips a column the database does not have, and it stops before COMMIT while any key to users_sync is left.`;
    assert.equal(
      r.stderr,
      [
        `${dir}/drizzle/0000_init.sql:7:25 warning ${disagree('author_id', 'names its key posts_author_id_fkey', 'posts_author_id_users_sync_id_fk')}`,
        `${dir}/drizzle/0000_init.sql:7:25 info public.posts.author_id: keeps ON DELETE SET NULL.`,
        `${dir}/drizzle/0000_init.sql:9:25 warning ${disagree('editor_id', 'defines public.posts without this column', 'posts_editor_id_users_sync_id_fk')}`,
        `${dir}/drizzle/0000_init.sql:9:25 info public.posts.editor_id: keeps ON DELETE SET NULL.`,
        '',
      ].join('\n'),
    );
    assert.ok(r.stdout.includes('--   public.posts.author_id → ON DELETE SET NULL\n--   public.posts.editor_id → ON DELETE SET NULL\n'));
    assert.ok(r.stdout.includes('ADD CONSTRAINT posts_editor_id_user_id_fk FOREIGN KEY (editor_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL;'));
    assert.ok(r.stdout.includes("RAISE EXCEPTION 'Stopped: foreign keys to users_sync are left that this file does not move: %', left_keys"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate: the file it writes, saved as the next migration of the set, lints clean with the set (its EXECUTEd SET NOT NULL runs after the old key is dropped)', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-migrate-')));
  try {
    fs.mkdirSync(path.join(dir, 'migrations'));
    // editor_id: nullable in the migrations, ON DELETE SET NULL; the file makes it NOT NULL only where the
    // database has it so (EXECUTE 'ALTER TABLE … SET NOT NULL'), after it dropped the old key and column.
    fs.writeFileSync(
      path.join(dir, 'migrations', '0001_notes.sql'),
      'CREATE TABLE notes (\n  id serial PRIMARY KEY,\n  owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,\n  editor_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL\n);\n',
    );
    const out = path.join(dir, 'move.sql');
    const r = await cli(['migrate', '--to', 'current', dir, '--out', out]);
    assert.deepEqual(
      [r.code, r.stderr],
      [
        0,
        [
          `${dir}/migrations/0001_notes.sql:3:26 info public.notes.owner_id: keeps ON DELETE CASCADE.`,
          `${dir}/migrations/0001_notes.sql:4:18 info public.notes.editor_id: keeps ON DELETE SET NULL.`,
          `neon-auth-lint: wrote ${out} (2 columns to move)`,
          '',
        ].join('\n'),
      ],
    );
    const sql = fs.readFileSync(out, 'utf8');
    assert.ok(sql.includes("    EXECUTE 'ALTER TABLE public.notes ALTER COLUMN editor_id SET NOT NULL';\n"));
    fs.copyFileSync(out, path.join(dir, 'migrations', '0002_move_to_current_neon_auth.sql'));
    // (with "current", the legacy set's own references to users_sync are reported: match-auth-schema)
    for (const schema of ['auto', 'legacy']) {
      const lint = await cli(['--auth-schema', schema, '--max-warnings', '0', path.join(dir, 'migrations')]);
      assert.deepEqual([lint.code, lint.stdout, lint.stderr], [0, '', '0 problems (0 errors, 0 warnings, 0 infos) in 0 of 2 files\n'], schema);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate: views, functions and policies of the migrations that read users_sync are named, by file, line and column, in the report and the header', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-migrate-')));
  try {
    fs.mkdirSync(path.join(dir, 'migrations'));
    fs.writeFileSync(
      path.join(dir, 'migrations', '0001_init.sql'),
      'CREATE TABLE notes (\n  id serial PRIMARY KEY,\n  owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE\n);\n',
    );
    fs.writeFileSync(
      path.join(dir, 'migrations', '0002_views.sql'),
      [
        'CREATE VIEW active_users AS',
        '  SELECT id, name, email FROM neon_auth.users_sync WHERE deleted_at IS NULL;',
        'CREATE MATERIALIZED VIEW user_count AS SELECT count(*) AS n FROM neon_auth.users_sync;',
        'CREATE FUNCTION user_name(uid text) RETURNS text LANGUAGE sql STABLE AS $$',
        '  SELECT name FROM neon_auth.users_sync WHERE id = uid',
        '$$;',
        'ALTER TABLE notes ENABLE ROW LEVEL SECURITY;',
        "CREATE POLICY live_user ON notes USING (EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.email = current_setting('app.email') AND u.deleted_at IS NULL));",
        // replaced, dropped, temporary, or reading the current table: not listed
        'CREATE VIEW names AS SELECT name FROM neon_auth.users_sync;',
        'CREATE VIEW emails AS SELECT email FROM neon_auth.users_sync;',
        "CREATE POLICY old_user ON notes USING (EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.email = current_setting('app.email')));",
        'CREATE TEMP VIEW scratch AS SELECT id FROM neon_auth.users_sync;',
        'CREATE VIEW current_users AS SELECT id FROM neon_auth."user";',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'migrations', '0003_cleanup.sql'),
      'CREATE OR REPLACE VIEW names AS SELECT name FROM neon_auth."user";\nDROP VIEW emails;\nDROP POLICY old_user ON notes;\n',
    );
    const r = await cli(['migrate', '--to', 'current', dir]);
    assert.equal(r.code, 1);
    const reads = (what: string, table: string): string =>
      `${what} reads ${table}, which is no longer synced once the app is on the current Neon Auth: it goes on reading the legacy users as they were (text ids, no user who signs up later). The file does not rewrite it: rewrite it on neon_auth."user" (uuid id, hard delete: no deleted_at) after the moves.`;
    assert.equal(
      r.stderr,
      [
        `${dir}/migrations/0001_init.sql:3:26 info public.notes.owner_id: keeps ON DELETE CASCADE.`,
        `${dir}/migrations/0002_views.sql:2:31 warning ${reads('View public.active_users', 'neon_auth.users_sync')}`,
        `${dir}/migrations/0002_views.sql:3:66 warning ${reads('Materialized view public.user_count', 'neon_auth.users_sync')}`,
        `${dir}/migrations/0002_views.sql:5:20 warning ${reads('Function public.user_name', 'neon_auth.users_sync')}`,
        `${dir}/migrations/0002_views.sql:8:63 warning ${reads('Policy live_user on public.notes', 'neon_auth.users_sync')}`,
        '',
      ].join('\n'),
    );
    assert.ok(
      r.stdout.includes(
        [
          '-- reports them.',
          '--',
          '-- Views, routines and policies of the migrations that still read users_sync after the switch (4; this',
          '-- file does not rewrite them: rewrite them on neon_auth."user"):',
          `--   ${dir}/migrations/0002_views.sql:2 view public.active_users`,
          `--   ${dir}/migrations/0002_views.sql:3 materialized view public.user_count`,
          `--   ${dir}/migrations/0002_views.sql:5 function public.user_name`,
          `--   ${dir}/migrations/0002_views.sql:8 policy live_user on public.notes`,
          '--',
          '-- Run it on a Neon branch',
        ].join('\n'),
      ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
