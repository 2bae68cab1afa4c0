/**
 * The migration plan (`server/src/migrate/plan.ts`) run on real Postgres (PGlite): a legacy app's
 * migrations and realistic data are loaded next to both Neon Auth generations' tables, the plan
 * made from those migrations runs, and the data is checked row by row; a second run changes
 * nothing, and a run with an unmapped referenced user stops before changing anything.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { foldMigrations } from '../server/src/linter/history';
import { lint, loadPostgresGrammar } from '../server/src/linter';
import { columnsSummary, ident, MigrationPlan, planMigration } from '../server/src/migrate/plan';
import { execOrExplain, pgErrorOf } from './helpers/pglite';

/** Both generations' user tables as Neon creates them (see shared notes "neon-auth-schemas"), and the RLS helpers. */
const NEON = `
CREATE SCHEMA neon_auth;
CREATE TABLE neon_auth.users_sync (
  raw_json jsonb NOT NULL,
  id text PRIMARY KEY GENERATED ALWAYS AS (raw_json ->> 'id') STORED,
  name text GENERATED ALWAYS AS (raw_json ->> 'display_name') STORED,
  email text GENERATED ALWAYS AS (raw_json ->> 'primary_email') STORED,
  created_at timestamptz GENERATED ALWAYS AS (to_timestamp(trunc(((raw_json ->> 'signed_up_at_millis')::bigint)::double precision / 1000))) STORED,
  updated_at timestamptz,
  deleted_at timestamptz
);
CREATE INDEX users_sync_deleted_at_idx ON neon_auth.users_sync (deleted_at);
CREATE TABLE neon_auth."user" (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  "emailVerified" boolean NOT NULL,
  image text,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE SCHEMA auth;
CREATE FUNCTION auth.user_id() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_setting('app.user_id', true) $$;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
`;

/** The legacy app's migration set: CASCADE, SET NULL, NO ACTION, a composite primary key, another schema, an index, a policy. */
const FILES = [
  {
    path: 'migrations/0001_init.sql',
    text: `CREATE TABLE todos (
  id serial PRIMARY KEY,
  owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  task text NOT NULL
);
CREATE INDEX todos_owner_idx ON todos (owner_id);
CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  title text NOT NULL
);
CREATE TABLE profiles (
  user_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id),
  bio text
);
`,
  },
  {
    path: 'migrations/0002_follows_billing.sql',
    text: `CREATE TABLE follows (
  follower_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  followee_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  PRIMARY KEY (follower_id, followee_id)
);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (
  id serial PRIMARY KEY,
  customer_id text NOT NULL,
  amount integer NOT NULL,
  CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES neon_auth.users_sync(id) ON DELETE NO ACTION,
  UNIQUE (customer_id, id)
);
ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
CREATE POLICY todos_owner ON todos USING (owner_id = auth.user_id());
`,
  },
];

const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';

/** Legacy users: two mappable (one whose e-mail differs in case), one soft-deleted, one without e-mail, two sharing an e-mail, one not signed up again. */
const DATA = `
INSERT INTO neon_auth.users_sync (raw_json, deleted_at) VALUES
  ('{"id": "u_alice", "display_name": "Alice", "primary_email": "alice@example.com", "signed_up_at_millis": 1740000000000}', NULL),
  ('{"id": "u_bob", "display_name": "Bob", "primary_email": "Bob@Example.com", "signed_up_at_millis": 1740000000000}', NULL),
  ('{"id": "u_carol", "display_name": "Carol", "primary_email": "carol@example.com", "signed_up_at_millis": 1740000000000}', '2025-06-01T00:00:00Z'),
  ('{"id": "u_noemail", "display_name": "No Mail", "signed_up_at_millis": 1740000000000}', NULL),
  ('{"id": "u_dup1", "display_name": "Dup", "primary_email": "Dup@example.com", "signed_up_at_millis": 1740000000000}', NULL),
  ('{"id": "u_dup2", "display_name": "Dup", "primary_email": "dup@EXAMPLE.com", "signed_up_at_millis": 1740000000000}', NULL),
  ('{"id": "u_dave", "display_name": "Dave", "primary_email": "dave@example.com", "signed_up_at_millis": 1740000000000}', NULL);
INSERT INTO neon_auth."user" (id, name, email, "emailVerified") VALUES
  ('${ALICE}', 'Alice', 'alice@example.com', true),
  ('${BOB}', 'Bob', 'bob@example.com', true),
  ('00000000-0000-4000-8000-0000000000cc', 'Carol', 'carol@example.com', true),
  ('00000000-0000-4000-8000-0000000000dd', 'Dup', 'dup@example.com', true);
INSERT INTO todos (owner_id, task) VALUES ('u_alice', 'a1'), ('u_alice', 'a2'), ('u_bob', 'b1');
INSERT INTO posts (author_id, title) VALUES ('u_alice', 'by alice'), ('u_bob', 'by bob'), (NULL, 'anonymous');
INSERT INTO profiles (user_id, bio) VALUES ('u_alice', 'hi'), ('u_bob', 'yo');
INSERT INTO follows VALUES ('u_alice', 'u_bob'), ('u_bob', 'u_alice');
INSERT INTO billing.invoices (customer_id, amount) VALUES ('u_alice', 10), ('u_bob', 20), ('u_bob', 30);
`;

/** Every app row, as (table, row text with user ids as e-mails), so a row keeps its person across the move. */
const ROWS = `
SELECT 'todos' AS t, task || ':' || (SELECT lower(email) FROM %USERS% WHERE id = owner_id) AS r FROM todos
UNION ALL SELECT 'posts', title || ':' || coalesce((SELECT lower(email) FROM %USERS% WHERE id = author_id), '-') FROM posts
UNION ALL SELECT 'profiles', bio || ':' || (SELECT lower(email) FROM %USERS% WHERE id = user_id) FROM profiles
UNION ALL SELECT 'follows', (SELECT lower(email) FROM %USERS% WHERE id = follower_id) || '>' || (SELECT lower(email) FROM %USERS% WHERE id = followee_id) FROM follows
UNION ALL SELECT 'invoices', amount || ':' || (SELECT lower(email) FROM %USERS% WHERE id = customer_id) FROM billing.invoices
ORDER BY 1, 2`;

async function rows(db: PGlite, users: string): Promise<string[]> {
  const r = await db.query<{ t: string; r: string }>(ROWS.replace(/%USERS%/g, users));
  return r.rows.map((x) => `${x.t} ${x.r}`);
}

/** The foreign keys to a Neon Auth table: `schema.table.column -> target action` (confdeltype spelled out). */
async function userKeys(db: PGlite): Promise<string[]> {
  const r = await db.query<{ k: string }>(`
    SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' -> ' || k.confrelid::regclass::text || ' ' ||
      CASE k.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' ELSE k.confdeltype::text END
      || ' ' || format_type(a.atttypid, a.atttypmod) AS k
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
    WHERE k.contype = 'f' AND k.confrelid IN ('neon_auth.users_sync'::regclass, 'neon_auth."user"'::regclass)
    ORDER BY 1`);
  return r.rows.map((x) => x.k);
}

/** The whole app schema's shape (columns, constraints, indexes, policies), to compare two states. */
async function shape(db: PGlite): Promise<string> {
  const r = await db.query<{ s: string }>(`
    SELECT string_agg(s, E'\\n' ORDER BY s) AS s FROM (
      SELECT 'col ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS s
        FROM information_schema.columns WHERE table_schema IN ('public', 'billing')
      UNION ALL SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
        WHERE connamespace IN ('public'::regnamespace, 'billing'::regnamespace)
      UNION ALL SELECT 'idx ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname IN ('public', 'billing')
      UNION ALL SELECT 'pol ' || tablename || ' ' || policyname || ' ' || coalesce(qual, '') FROM pg_policies
    ) x`);
  return r.rows[0].s;
}

let plan: MigrationPlan;

before(async () => {
  await loadPostgresGrammar();
  const folded = foldMigrations(FILES);
  plan = planMigration([{ root: 'migrations', files: FILES, tables: folded.before(FILES.length).tables }]);
});

/** A fresh database with the Neon tables, the app's migrations and the data (plus `extra` SQL). */
async function legacyDb(extra = ''): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  await execOrExplain(db, NEON, 'Neon tables');
  for (const f of FILES) await execOrExplain(db, f.text, f.path);
  await execOrExplain(db, DATA + extra, 'data');
  return db;
}

test('the plan lints clean: both generations named on purpose, soft-deleted users listed on purpose', () => {
  for (const authSchema of ['auto', 'legacy', 'current'] as const)
    assert.deepEqual(
      lint(plan.sql, { authSchema }).findings.map((f) => `${f.ruleId} ${f.message}`),
      [],
      authSchema,
    );
});

describe('migrate plan on Postgres', () => {
  let db: PGlite;
  before(async () => {
    db = await legacyDb();
  });
  after(async () => {
    await db?.close();
  });

  test('the plan moves the six referencing columns, keeping each written ON DELETE action', () => {
    assert.deepEqual(
      plan.columns.map((c) => `${c.schema}.${c.table}.${c.column} ${c.oldAction} -> ${c.newAction}`),
      [
        'public.todos.owner_id cascade -> cascade',
        'public.posts.author_id set null -> set null',
        'public.profiles.user_id no action -> cascade',
        'public.follows.follower_id cascade -> cascade',
        'public.follows.followee_id cascade -> cascade',
        'billing.invoices.customer_id no action -> no action',
      ],
    );
    assert.deepEqual(
      plan.report.filter((r) => r.severity === 'warning').map((r) => `${r.file}:${r.line} ${r.message.slice(0, 60)}`),
      [
        'migrations/0001_init.sql:13 public.profiles.user_id: no ON DELETE action written (NO ACT',
        'migrations/0002_follows_billing.sql:11 billing.invoices.customer_id: keeps ON DELETE NO ACTION, as ',
        'migrations/0002_follows_billing.sql:15 Policy todos_owner on todos compares with auth.user_id() (te',
      ],
    );
  });

  test('every row keeps its person, through uuid keys to neon_auth."user" with the intended actions', async () => {
    const beforeRows = await rows(db, 'neon_auth.users_sync');
    assert.equal(beforeRows.length, 13);
    const results = await execOrExplain(db, plan.sql, 'the plan');
    // The listing names exactly the legacy users with no current user, and why.
    const listing = results.find((r) => r.fields.some((f) => f.name === 'reason'));
    assert.ok(listing);
    assert.deepEqual(
      (listing.rows as Array<{ old_id: string; reason: string }>).map((r) => `${r.old_id} ${r.reason}`),
      [
        'u_carol soft-deleted',
        'u_dave not signed up to the current Neon Auth yet',
        'u_dup1 e-mail shared with another legacy user',
        'u_dup2 e-mail shared with another legacy user',
        'u_noemail no e-mail',
      ],
    );
    assert.deepEqual(await rows(db, 'neon_auth."user"'), beforeRows);
    assert.deepEqual(await userKeys(db), [
      'billing.invoices.customer_id -> neon_auth."user" no action uuid',
      'public.follows.followee_id -> neon_auth."user" cascade uuid',
      'public.follows.follower_id -> neon_auth."user" cascade uuid',
      'public.posts.author_id -> neon_auth."user" set null uuid',
      'public.profiles.user_id -> neon_auth."user" cascade uuid',
      'public.todos.owner_id -> neon_auth."user" cascade uuid',
    ]);
    const s = await shape(db);
    // Keys, indexes and the policy moved with their columns; NOT NULL kept.
    assert.match(s, /con follows follows_pkey PRIMARY KEY \(follower_id, followee_id\)/);
    assert.match(s, /con profiles profiles_pkey PRIMARY KEY \(user_id\)/);
    assert.match(s, /con billing\.invoices invoices_customer_id_id_key UNIQUE \(customer_id, id\)/);
    assert.match(s, /idx todos_owner_idx CREATE INDEX todos_owner_idx ON public\.todos USING btree \(owner_id\)/);
    assert.match(s, /pol todos todos_owner \(owner_id = auth\.uid\(\)\)/);
    assert.match(s, /col public\.todos\.owner_id uuid NO/);
    assert.match(s, /col public\.posts\.author_id uuid YES/);
    assert.match(s, /col billing\.invoices\.customer_id uuid NO/);

    // Running the file again changes nothing.
    await execOrExplain(db, plan.sql, 'the plan, again');
    assert.equal(await shape(db), s);
    assert.deepEqual(await rows(db, 'neon_auth."user"'), beforeRows);

    // Deleting a current user who has invoices fails, as the written NO ACTION says (23503);
    // once they are gone, the delete cascades or nulls as planned (rolled back).
    const blocked = await pgErrorOf(() => db.query(`DELETE FROM neon_auth."user" WHERE id = $1`, [BOB]));
    assert.equal(blocked.code, '23503');
    assert.match(blocked.message, /invoices_customer_fk/);
    await db.exec('BEGIN');
    await db.query(`DELETE FROM billing.invoices WHERE customer_id = $1`, [BOB]);
    await db.query(`DELETE FROM neon_auth."user" WHERE id = $1`, [BOB]);
    assert.deepEqual(await rows(db, 'neon_auth."user"'), [
      'invoices 10:alice@example.com',
      'posts anonymous:-',
      'posts by alice:alice@example.com',
      'posts by bob:-',
      'profiles hi:alice@example.com',
      'todos a1:alice@example.com',
      'todos a2:alice@example.com',
    ]);
    await db.exec('ROLLBACK');
    // The policy compares uuid with uuid now.
    await db.exec(`SELECT set_config('app.user_id', '${ALICE}', false)`);
    assert.equal((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM todos WHERE owner_id = auth.uid()`)).rows[0].n, 2);
  });
});

describe('migrate plan with an unmapped referenced user', () => {
  test('stops before changing anything', async () => {
    // The soft-deleted Carol still owns a todo: her id has no entry in the map.
    const db = await legacyDb(`INSERT INTO todos (owner_id, task) VALUES ('u_carol', 'c1');`);
    try {
      const shapeBefore = await shape(db);
      const rowsBefore = await rows(db, 'neon_auth.users_sync');
      const err = await pgErrorOf(() => db.exec(plan.sql));
      assert.equal(err.code, 'P0001');
      assert.match(
        err.message,
        /^Stopped before changing anything: app rows reference legacy users with no entry in public\.auth_id_map\.\n {2}1 user\(s\) referenced by public\.todos\.owner_id$/,
      );
      await db.exec('ROLLBACK');
      assert.equal(await shape(db), shapeBefore);
      assert.deepEqual(await rows(db, 'neon_auth.users_sync'), rowsBefore);
      assert.equal((await db.query<{ t: string | null }>(`SELECT to_regclass('public.auth_id_map')::text AS t`)).rows[0].t, null);
    } finally {
      await db.close();
    }
  });
});

describe('migrate plan with a foreign key of several columns that includes a moved column', () => {
  const COMPOSITE = {
    path: 'migrations/0003_members.sql',
    text: `CREATE TABLE memberships (
  user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  org_id integer NOT NULL,
  PRIMARY KEY (user_id, org_id)
);
CREATE TABLE assignments (
  id serial PRIMARY KEY,
  member_id text NOT NULL,
  org_id integer NOT NULL,
  CONSTRAINT assignments_member_fk FOREIGN KEY (member_id, org_id) REFERENCES memberships (user_id, org_id) ON DELETE CASCADE
);
`,
  };
  const files = [...FILES, COMPOSITE];

  test('is reported as needing a person, and the file stops before changing anything', async () => {
    const folded = foldMigrations(files);
    const composite = planMigration([{ root: 'migrations', files, tables: folded.before(files.length).tables }]);
    assert.deepEqual(
      composite.report.filter((r) => r.file === COMPOSITE.path).map((r) => `${r.line} ${r.severity} ${r.message}`),
      [
        '2 info public.memberships.user_id: keeps ON DELETE CASCADE.',
        '10 warning The foreign key (member_id, org_id) of public.assignments to public.memberships(user_id, org_id) includes public.memberships.user_id, which the file moves to uuid: a key of several columns is not moved for you, and the file stops before changing anything while it exists. Drop it at the top of the file, move its other user-id columns the same way, and add it back after the moves.',
      ],
    );
    const db = new PGlite();
    try {
      await db.waitReady;
      await execOrExplain(db, NEON, 'Neon tables');
      for (const f of files) await execOrExplain(db, f.text, f.path);
      await execOrExplain(
        db,
        `${DATA}INSERT INTO memberships VALUES ('u_alice', 1); INSERT INTO assignments (member_id, org_id) VALUES ('u_alice', 1);`,
        'data',
      );
      const shapeBefore = await shape(db);
      const err = await pgErrorOf(() => db.exec(composite.sql));
      assert.equal(err.code, 'P0001');
      assert.equal(
        err.message,
        'Stopped before changing anything: foreign keys of several columns include a column this file moves.\n  assignments_member_fk on assignments: public.memberships.user_id',
      );
      await db.exec('ROLLBACK');
      assert.equal(await shape(db), shapeBefore);
    } finally {
      await db.close();
    }
  });
});

test('the new keys keep the old names; a drizzle-kit name that spells users_sync spells user instead', () => {
  const text = `CREATE TABLE notes (
  id serial PRIMARY KEY,
  owner_id text NOT NULL,
  editor_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL
);
ALTER TABLE notes ADD CONSTRAINT "notes_owner_id_users_sync_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade;
`;
  const files = [{ path: 'drizzle/0000_notes.sql', text }];
  const p = planMigration([{ root: 'drizzle', files, tables: foldMigrations(files).before(1).tables }]);
  assert.deepEqual(
    p.columns.map((c) => `${c.column} ${c.oldConstraint} -> ${c.newConstraint}`),
    ['owner_id notes_owner_id_users_sync_id_fk -> notes_owner_id_user_id_fk', 'editor_id notes_editor_id_fkey -> notes_editor_id_fkey'],
  );
  assert.ok(p.sql.includes('  ALTER TABLE public.notes DROP CONSTRAINT IF EXISTS notes_owner_id_users_sync_id_fk;\n'));
  assert.ok(
    p.sql.includes(
      '  ALTER TABLE public.notes ADD CONSTRAINT notes_owner_id_user_id_fk FOREIGN KEY (owner_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;\n',
    ),
  );
});

/** A set of one file planned alone, and a database with the Neon tables, that file and `data` (Alice and Bob mapped). */
async function oneFileSet(text: string, data: string): Promise<{ plan: MigrationPlan; db: PGlite }> {
  const files = [{ path: 'drizzle/0000_init.sql', text }];
  const p = planMigration([{ root: 'drizzle', files, tables: foldMigrations(files).before(1).tables }]);
  const db = new PGlite();
  await db.waitReady;
  // (billing: the schema `shape` reads besides public.)
  await execOrExplain(db, `${NEON}CREATE SCHEMA billing;`, 'Neon tables');
  await execOrExplain(db, text, files[0].path);
  await execOrExplain(db, DATA.slice(0, DATA.indexOf('INSERT INTO todos')) + data, 'data');
  return { plan: p, db };
}

test('names that are key words Postgres reserves are quoted, on Postgres too', async () => {
  for (const word of ['left', 'right', 'join', 'full', 'inner', 'like', 'is', 'authorization', 'system_user', 'user', 'tablesample', 'verbose'])
    assert.equal(ident(word), `"${word}"`, word);
  // Non-reserved key words (also "cannot be function or type") are column names as they are.
  for (const word of ['between', 'name', 'owner_id', 'position', 'value']) assert.equal(ident(word), word, word);
  assert.equal(ident('Owner'), '"Owner"');
  const { plan: p, db } = await oneFileSet(
    `CREATE TABLE "left" ("right" text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, "join" text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, x int);
CREATE INDEX left_right_idx ON "left" ("right");`,
    `INSERT INTO "left" VALUES ('u_alice', 'u_bob', 1), (NULL, 'u_alice', 2);`,
  );
  try {
    assert.deepEqual(
      p.columns.map((c) => `${c.table}.${c.column}`),
      ['left.right', 'left.join'],
    );
    assert.ok(p.sql.includes('  ALTER TABLE public."left" DROP COLUMN "right";\n'));
    await execOrExplain(db, p.sql, 'the plan');
    const r = await db.query<{ right: string | null; join: string; x: number }>(`SELECT "right", "join", x FROM "left" ORDER BY x`);
    assert.deepEqual(r.rows, [
      { right: ALICE, join: BOB, x: 1 },
      { right: null, join: ALICE, x: 2 },
    ]);
    assert.equal(
      (await db.query<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE indexname = 'left_right_idx'`)).rows[0].d,
      'CREATE INDEX left_right_idx ON public."left" USING btree ("right")',
    );
  } finally {
    await db.close();
  }
});

test('NOT NULL is kept as the database has it when the migrations are behind it, and an action the file chooses follows it', async () => {
  // The migrations: owner_id nullable, editor_id and reviewer_id NOT NULL. The database, changed by
  // hand since: owner_id NOT NULL, editor_id and reviewer_id nullable (a row without editor).
  const { plan: p, db } = await oneFileSet(
    `CREATE TABLE notes (
  id serial PRIMARY KEY,
  owner_id text REFERENCES neon_auth.users_sync(id),
  editor_id text NOT NULL REFERENCES neon_auth.users_sync(id),
  reviewer_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE
);`,
    `ALTER TABLE notes ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE notes ALTER COLUMN editor_id DROP NOT NULL;
ALTER TABLE notes ALTER COLUMN reviewer_id DROP NOT NULL;
INSERT INTO notes (owner_id, editor_id, reviewer_id) VALUES ('u_alice', 'u_bob', NULL), ('u_bob', NULL, 'u_alice');`,
  );
  try {
    assert.deepEqual(
      p.columns.map((c) => `${c.column} ${c.notNull ? 'not null' : 'nullable'} ${c.newAction}`),
      ['owner_id nullable set null', 'editor_id not null cascade', 'reviewer_id not null cascade'],
    );
    assert.deepEqual(
      lint(p.sql).findings.map((f) => f.ruleId),
      [],
    );
    const notices: string[] = [];
    await db.exec(p.sql, { onNotice: (n) => void notices.push(n.message ?? '') });
    assert.deepEqual(
      notices.filter((n) => /in this database/.test(n)),
      [
        'public.notes.owner_id is NOT NULL in this database and nullable in the migrations: kept as the database has it',
        'public.notes.owner_id: ON DELETE CASCADE instead, as the column is NOT NULL in this database',
        'public.notes.editor_id is nullable in this database and NOT NULL in the migrations: kept as the database has it',
        'public.notes.editor_id: ON DELETE SET NULL instead, as the column is nullable in this database',
        'public.notes.reviewer_id is nullable in this database and NOT NULL in the migrations: kept as the database has it',
      ],
    );
    const cols = await db.query<{ c: string }>(
      `SELECT column_name || ' ' || data_type || ' ' || is_nullable AS c FROM information_schema.columns WHERE table_name = 'notes' AND column_name LIKE '%_id' ORDER BY ordinal_position`,
    );
    assert.deepEqual(
      cols.rows.map((r) => r.c),
      ['owner_id uuid NO', 'editor_id uuid YES', 'reviewer_id uuid YES'],
    );
    assert.deepEqual(await userKeys(db), [
      'public.notes.editor_id -> neon_auth."user" set null uuid',
      'public.notes.owner_id -> neon_auth."user" cascade uuid',
      'public.notes.reviewer_id -> neon_auth."user" cascade uuid',
    ]);
    // Deleting Bob: his note goes (owner_id CASCADE); Alice's note loses its editor (SET NULL).
    await db.exec(`DELETE FROM neon_auth."user" WHERE id = '${BOB}'`);
    const left = await db.query<{ r: string }>(
      `SELECT owner_id || ' ' || coalesce(editor_id::text, '-') || ' ' || coalesce(reviewer_id::text, '-') AS r FROM notes`,
    );
    assert.deepEqual(
      left.rows.map((r) => r.r),
      [`${ALICE} - -`],
    );
  } finally {
    await db.close();
  }
});

test('a CHECK that rejects NULL counts as NOT NULL for the action the file chooses, in the migrations and at run time', async () => {
  // The migrations: posts.author_id nullable but kept from NULL by a CHECK; notes.owner_id and
  // notes.editor_id plain nullable, and the database (changed by hand) gives owner_id a CHECK that
  // rejects NULL among others, and editor_id one that does not (an OR).
  const { plan: p, db } = await oneFileSet(
    `CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id text REFERENCES neon_auth.users_sync(id),
  title text NOT NULL,
  CONSTRAINT posts_author_nn CHECK (author_id IS NOT NULL)
);
CREATE TABLE notes (
  id serial PRIMARY KEY,
  owner_id text REFERENCES neon_auth.users_sync(id),
  editor_id text REFERENCES neon_auth.users_sync(id),
  body text
);`,
    `ALTER TABLE notes ADD CONSTRAINT notes_owner_nn CHECK (body <> '' AND owner_id IS NOT NULL) NOT VALID;
ALTER TABLE notes ADD CONSTRAINT notes_someone CHECK (owner_id IS NOT NULL OR editor_id IS NOT NULL);
INSERT INTO posts (author_id, title) VALUES ('u_alice', 'a'), ('u_bob', 'b');
INSERT INTO notes (owner_id, editor_id, body) VALUES ('u_alice', 'u_bob', 'n1'), ('u_bob', 'u_alice', 'n2');`,
  );
  try {
    assert.deepEqual(
      p.columns.map((c) => `${c.table}.${c.column} ${c.notNull ? 'not null' : 'nullable'}${c.nullCheck ? ' check' : ''} ${c.newAction}`),
      ['posts.author_id nullable check cascade', 'notes.owner_id nullable set null', 'notes.editor_id nullable set null'],
    );
    assert.deepEqual(
      p.report.filter((r) => r.line === 3).map((r) => `${r.severity} ${r.message}`),
      [
        'warning public.posts.author_id: no ON DELETE action written (NO ACTION) becomes ON DELETE CASCADE (a choice: read the comment in the file); a CHECK keeps the column from NULL, so SET NULL would make deleting a user who has rows here fail (23514).',
      ],
    );
    assert.match(
      p.sql,
      /-- Chosen: ON DELETE CASCADE \(the column is nullable, but a CHECK keeps it from NULL; SET NULL where the database lets it hold NULL\)/,
    );
    for (const authSchema of ['auto', 'legacy', 'current'] as const)
      assert.deepEqual(
        lint(p.sql, { authSchema }).findings.map((f) => `${f.ruleId} ${f.message}`),
        [],
        authSchema,
      );
    const notices: string[] = [];
    await db.exec(p.sql, { onNotice: (n) => void notices.push(n.message ?? '') });
    assert.deepEqual(
      notices.filter((n) => /in this database/.test(n)),
      ['public.notes.owner_id: ON DELETE CASCADE instead, as the column is kept from NULL by a CHECK in this database'],
    );
    assert.deepEqual(await userKeys(db), [
      'public.notes.editor_id -> neon_auth."user" set null uuid',
      'public.notes.owner_id -> neon_auth."user" cascade uuid',
      'public.posts.author_id -> neon_auth."user" cascade uuid',
    ]);
    assert.deepEqual(
      (
        await db.query<{ k: string }>(
          `SELECT conname || ' ' || pg_get_constraintdef(oid) AS k FROM pg_constraint WHERE contype = 'c' AND conrelid IN ('posts'::regclass, 'notes'::regclass) ORDER BY 1`,
        )
      ).rows.map((r) => r.k),
      [
        "notes_owner_nn CHECK (((body <> ''::text) AND (owner_id IS NOT NULL))) NOT VALID",
        'notes_someone CHECK (((owner_id IS NOT NULL) OR (editor_id IS NOT NULL)))',
        'posts_author_nn CHECK ((author_id IS NOT NULL))',
      ],
    );
    // Deleting Alice: her post and her note go (CASCADE, not a SET NULL the CHECKs would reject: 23514); Bob's note loses its editor.
    await db.query(`DELETE FROM neon_auth."user" WHERE id = $1`, [ALICE]);
    assert.deepEqual((await db.query(`SELECT author_id, title FROM posts`)).rows, [{ author_id: BOB, title: 'b' }]);
    assert.deepEqual((await db.query(`SELECT owner_id, editor_id, body FROM notes`)).rows, [{ owner_id: BOB, editor_id: null, body: 'n2' }]);
  } finally {
    await db.close();
  }
});

test('an index on a moved column of a partitioned table is created again on the table and its partitions, valid', async () => {
  const { plan: p, db } = await oneFileSet(
    `CREATE TABLE events (id int NOT NULL, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_owner_idx ON events (owner_id);`,
    `INSERT INTO events VALUES (1, 'u_alice', '2024-05-01'), (2, 'u_bob', '2025-05-01');`,
  );
  try {
    await execOrExplain(db, p.sql, 'the plan');
    const idx = await db.query<{ c: string; d: string; v: boolean }>(
      `SELECT c.relname AS c, pg_get_indexdef(i.indexrelid) AS d, i.indisvalid AS v FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid IN ('events'::regclass, 'events_2024'::regclass, 'events_2025'::regclass) ORDER BY 1`,
    );
    assert.deepEqual(idx.rows, [
      { c: 'events_2024_owner_id_idx', d: 'CREATE INDEX events_2024_owner_id_idx ON public.events_2024 USING btree (owner_id)', v: true },
      { c: 'events_2025_owner_id_idx', d: 'CREATE INDEX events_2025_owner_id_idx ON public.events_2025 USING btree (owner_id)', v: true },
      { c: 'events_owner_idx', d: 'CREATE INDEX events_owner_idx ON ONLY public.events USING btree (owner_id)', v: true },
    ]);
  } finally {
    await db.close();
  }
});

describe("migrate plan keeps a moved column's default, NULL checks and comment", () => {
  const TEXT = `CREATE TABLE notes (
  id serial PRIMARY KEY,
  owner_id text NOT NULL DEFAULT (auth.user_id()) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  editor_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  body text,
  CONSTRAINT has_person CHECK (owner_id IS NOT NULL OR editor_id IS NOT NULL)
);
COMMENT ON COLUMN notes.owner_id IS 'who owns it';
`;

  test('the report says what is carried over, and after the run the default, check and comment are there', async () => {
    const { plan: p, db } = await oneFileSet(TEXT, `INSERT INTO notes (owner_id, editor_id, body) VALUES ('u_alice', 'u_bob', 'a');`);
    try {
      assert.deepEqual(
        p.report.map((r) => `${r.line} ${r.severity} ${r.message}`),
        [
          "3 info public.notes.owner_id: DEFAULT (auth.user_id()) becomes DEFAULT auth.uid() (the signed-in user's id as uuid).",
          '3 info public.notes.owner_id: keeps ON DELETE CASCADE.',
          '4 info public.notes.editor_id: keeps ON DELETE SET NULL.',
          '6 info CHECK (owner_id IS NOT NULL OR editor_id IS NOT NULL) only tests public.notes.owner_id for NULL: the file adds it again on the uuid column.',
          '6 info CHECK (owner_id IS NOT NULL OR editor_id IS NOT NULL) only tests public.notes.editor_id for NULL: the file adds it again on the uuid column.',
        ],
      );
      await execOrExplain(db, p.sql, 'the plan');
      const q = async (sql: string): Promise<unknown> => Object.values((await db.query<Record<string, unknown>>(sql)).rows[0])[0];
      assert.equal(
        await q(
          `SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'notes'::regclass AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname = 'owner_id')`,
        ),
        'auth.uid()',
      );
      assert.equal(
        await q(`SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'has_person'`),
        'CHECK (((owner_id IS NOT NULL) OR (editor_id IS NOT NULL)))',
      );
      assert.equal(
        await q(`SELECT col_description('notes'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname = 'owner_id'))`),
        'who owns it',
      );
      // The next insert takes the signed-in user's uuid, as the old default took the text id.
      await db.exec(`SELECT set_config('app.user_id', '${BOB}', false)`);
      await execOrExplain(db, `INSERT INTO notes (body) VALUES ('b')`, 'an insert with the default');
      assert.deepEqual((await db.query(`SELECT owner_id, editor_id, body FROM notes ORDER BY id`)).rows, [
        { owner_id: ALICE, editor_id: BOB, body: 'a' },
        { owner_id: BOB, editor_id: null, body: 'b' },
      ]);
      const err = await pgErrorOf(() => db.exec(`UPDATE notes SET owner_id = NULL, editor_id = NULL`).then(() => undefined));
      assert.equal(err.code, '23502'); // owner_id is still NOT NULL
      const err2 = await pgErrorOf(() => db.exec(`ALTER TABLE notes ALTER COLUMN owner_id DROP NOT NULL; UPDATE notes SET owner_id = NULL, editor_id = NULL`));
      assert.equal(err2.code, '23514');
      assert.match(err2.message, /violates check constraint "has_person"/);
    } finally {
      await db.close();
    }
  });

  test('a CHECK that compares the column as text, and a default other than auth.user_id(), stop the file before it changes anything', async () => {
    const text = `CREATE TABLE notes (
  id int,
  owner_id text NOT NULL DEFAULT current_setting('app.user_id') REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  CONSTRAINT owner_nonempty CHECK (owner_id <> '')
);
COMMENT ON COLUMN notes.owner_id IS 'who owns it';
`;
    const { plan: p, db } = await oneFileSet(text, `INSERT INTO notes VALUES (1, 'u_alice');`);
    try {
      assert.deepEqual(
        p.report.filter((r) => r.severity === 'warning').map((r) => `${r.line} ${r.message}`),
        [
          "3 public.notes.owner_id has DEFAULT current_setting('app.user_id'), which has no meaning on the uuid column: the file stops before changing anything while the column has it: drop the default at the top of the file, and set a uuid default after the moves.",
          "4 CHECK (owner_id <> '') reads public.notes.owner_id, which the file moves to uuid, as text; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.",
        ],
      );
      const before = await shape(db);
      const err = await pgErrorOf(() => db.exec(p.sql));
      assert.equal(err.code, 'P0001');
      assert.equal(
        err.message,
        "Stopped before changing anything: objects depend on a column this file moves, and the file cannot move them to uuid.\n  public.notes.owner_id: constraint owner_nonempty on table notes: CHECK ((owner_id <> ''::text))\n  public.notes.owner_id: default value for column owner_id of table notes: current_setting('app.user_id'::text)",
      );
      await db.exec('ROLLBACK');
      assert.equal(await shape(db), before);
      assert.deepEqual((await db.query(`SELECT id, owner_id FROM notes`)).rows, [{ id: 1, owner_id: 'u_alice' }]);
    } finally {
      await db.close();
    }
  });
});

test("a moved column's own grants are given again on the uuid column", async () => {
  const { plan: p, db } = await oneFileSet(
    `CREATE ROLE reader NOLOGIN;
CREATE ROLE "Editor Role" NOLOGIN;
CREATE TABLE notes (
  id serial PRIMARY KEY,
  owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  body text
);
GRANT SELECT (id, owner_id) ON notes TO reader;
GRANT SELECT (owner_id), UPDATE (owner_id, body) ON notes TO "Editor Role" WITH GRANT OPTION;
GRANT INSERT (owner_id) ON notes TO PUBLIC;`,
    `INSERT INTO notes (owner_id, body) VALUES ('u_alice', 'a');`,
  );
  const grants = async (): Promise<string[]> =>
    (
      await db.query<{ g: string }>(
        `SELECT column_name || ' ' || grantee || ' ' || privilege_type || ' ' || is_grantable AS g FROM information_schema.column_privileges
         WHERE table_name = 'notes' AND grantee <> current_user ORDER BY 1`,
      )
    ).rows.map((r) => r.g);
  try {
    const before = await grants();
    assert.deepEqual(before, [
      'body Editor Role UPDATE YES',
      'id reader SELECT NO',
      'owner_id Editor Role SELECT YES',
      'owner_id Editor Role UPDATE YES',
      'owner_id PUBLIC INSERT NO',
      'owner_id reader SELECT NO',
    ]);
    const notices: string[] = [];
    await db.exec(p.sql, { onNotice: (n) => void notices.push(n.message ?? '') });
    assert.deepEqual(await grants(), before);
    assert.deepEqual(
      notices.filter((n) => /GRANT/.test(n)),
      [
        'recreated: GRANT INSERT (owner_id) ON notes TO PUBLIC',
        'recreated: GRANT SELECT (owner_id) ON notes TO "Editor Role" WITH GRANT OPTION',
        'recreated: GRANT SELECT (owner_id) ON notes TO reader',
        'recreated: GRANT UPDATE (owner_id) ON notes TO "Editor Role" WITH GRANT OPTION',
      ],
    );
    assert.deepEqual((await db.query(`SELECT owner_id, body FROM notes`)).rows, [{ owner_id: ALICE, body: 'a' }]);
  } finally {
    await db.close();
  }
});

test('a replica identity and a CLUSTER ON index on a moved column are set again on the recreated index', async () => {
  const { plan: p, db } = await oneFileSet(
    `CREATE TABLE likes (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, n int);
CREATE UNIQUE INDEX likes_uid ON likes (user_id);
ALTER TABLE likes REPLICA IDENTITY USING INDEX likes_uid;
ALTER TABLE likes CLUSTER ON likes_uid;
CREATE TABLE stars (user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, n int NOT NULL, CONSTRAINT stars_user_n UNIQUE (user_id, n));
ALTER TABLE stars REPLICA IDENTITY USING INDEX stars_user_n;
ALTER TABLE stars CLUSTER ON stars_user_n;`,
    `INSERT INTO likes (user_id, n) VALUES ('u_alice', 1); INSERT INTO stars VALUES ('u_bob', 1);`,
  );
  const state = async (): Promise<string[]> =>
    (
      await db.query<{ s: string }>(
        `SELECT c.relname || ' ' || c.relreplident::text || ' ' || i.indexrelid::regclass || ' replident ' || i.indisreplident || ' clustered ' || i.indisclustered AS s
         FROM pg_class c JOIN pg_index i ON i.indrelid = c.oid WHERE c.relname IN ('likes', 'stars') ORDER BY 1`,
      )
    ).rows.map((r) => r.s);
  try {
    const before = await state();
    assert.deepEqual(before, [
      'likes i likes_pkey replident false clustered false',
      'likes i likes_uid replident true clustered true',
      'stars i stars_user_n replident true clustered true',
    ]);
    await execOrExplain(db, p.sql, 'the plan');
    assert.deepEqual(await state(), before);
    // Updates go through on a published table (with no replica identity index left, 55000).
    await execOrExplain(db, `CREATE PUBLICATION pub FOR TABLE likes, stars; UPDATE likes SET n = 2; UPDATE stars SET n = 2`, 'updates');
    assert.deepEqual((await db.query(`SELECT user_id, n FROM likes UNION ALL SELECT user_id, n FROM stars`)).rows, [
      { user_id: ALICE, n: 2 },
      { user_id: BOB, n: 2 },
    ]);
  } finally {
    await db.close();
  }
});

test("a moved column's statistics target and attribute options are set again on the uuid column", async () => {
  const { plan: p, db } = await oneFileSet(
    `CREATE TABLE stats (user_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, n int);
ALTER TABLE stats ALTER COLUMN user_id SET STATISTICS 500;
ALTER TABLE stats ALTER COLUMN user_id SET (n_distinct = -0.5);
ALTER TABLE stats ALTER COLUMN n SET STATISTICS 50;`,
    `INSERT INTO stats VALUES ('u_alice', 1);`,
  );
  const state = async (): Promise<unknown[]> =>
    (
      await db.query(
        `SELECT attname, attstattarget, attoptions FROM pg_attribute WHERE attrelid = 'stats'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attname`,
      )
    ).rows;
  try {
    const before = await state();
    assert.deepEqual(before, [
      { attname: 'n', attstattarget: 50, attoptions: null },
      { attname: 'user_id', attstattarget: 500, attoptions: ['n_distinct=-0.5'] },
    ]);
    await execOrExplain(db, p.sql, 'the plan');
    assert.deepEqual(await state(), before);
  } finally {
    await db.close();
  }
});

test('a policy that compares a moved column with text is reported, and stops the file before it changes anything', async () => {
  const text = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON notes USING (owner_id = current_setting('app.uid', true));
`;
  const { plan: p, db } = await oneFileSet(text, `INSERT INTO notes (owner_id, body) VALUES ('u_alice', 'a');`);
  try {
    assert.deepEqual(
      p.report.filter((r) => r.severity === 'warning').map((r) => `${r.line} ${r.message}`),
      [
        '3 Policy own on public.notes reads public.notes.owner_id, which the file moves to uuid, other than as a NULL test or a comparison with auth.user_id() or auth.uid(): recreated on the uuid column, it would compare uuid with text (42883); the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.',
      ],
    );
    const before = await shape(db);
    const err = await pgErrorOf(() => db.exec(p.sql));
    assert.equal(err.code, 'P0001');
    assert.equal(
      err.message,
      "Stopped before changing anything: objects depend on a column this file moves, and the file cannot move them to uuid.\n  public.notes.owner_id: policy own on table notes: USING (owner_id = current_setting('app.uid'::text, true))",
    );
    await db.exec('ROLLBACK');
    assert.equal(await shape(db), before);
  } finally {
    await db.close();
  }
});

test('policies that compare a moved column only with auth.user_id() (also as a sub-select, on either side) or test it for NULL move with it', async () => {
  const text = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_read ON notes FOR SELECT USING ((select auth.user_id()) = owner_id OR owner_id IS NULL);
CREATE POLICY own_write ON notes FOR INSERT WITH CHECK (notes.owner_id = auth.user_id());
`;
  const { plan: p, db } = await oneFileSet(text, `INSERT INTO notes (owner_id, body) VALUES ('u_alice', 'a');`);
  try {
    assert.deepEqual(
      p.report.filter((r) => r.severity === 'warning' && !r.message.includes('compares with auth.user_id() (text)')).map((r) => r.message),
      [],
    );
    await execOrExplain(db, p.sql, 'the plan');
    const r = await db.query<{ policyname: string; qual: string | null; with_check: string | null }>(
      `SELECT policyname, qual, with_check FROM pg_policies WHERE tablename = 'notes' ORDER BY policyname`,
    );
    assert.deepEqual(r.rows, [
      { policyname: 'own_read', qual: '((( SELECT auth.uid() AS user_id) = owner_id) OR (owner_id IS NULL))', with_check: null },
      { policyname: 'own_write', qual: null, with_check: '(owner_id = auth.uid())' },
    ]);
  } finally {
    await db.close();
  }
});

test('an index that gives a moved column a text collation or operator class is reported, and stops the file before it changes anything', async () => {
  const text = `CREATE TABLE todos (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, done boolean NOT NULL DEFAULT false);
CREATE INDEX todos_pattern ON todos (owner_id text_pattern_ops);
CREATE INDEX todos_c ON todos (owner_id COLLATE "C");
`;
  const { plan: p, db } = await oneFileSet(text, `INSERT INTO todos (owner_id) VALUES ('u_alice');`);
  try {
    assert.deepEqual(
      p.report.filter((r) => r.severity === 'warning').map((r) => `${r.line} ${r.message}`),
      [
        `2 This index gives public.todos.owner_id, which the file moves to uuid, the operator class text_pattern_ops, which uuid does not have; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.`,
        `3 This index gives public.todos.owner_id, which the file moves to uuid, the COLLATE C, which uuid does not have; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.`,
      ],
    );
    const before = await shape(db);
    const err = await pgErrorOf(() => db.exec(p.sql));
    assert.equal(err.code, 'P0001');
    assert.equal(
      err.message,
      `Stopped before changing anything: objects depend on a column this file moves, and the file cannot move them to uuid.\n  public.todos.owner_id: index todos_c: CREATE INDEX todos_c ON public.todos USING btree (owner_id COLLATE "C")\n  public.todos.owner_id: index todos_pattern: CREATE INDEX todos_pattern ON public.todos USING btree (owner_id text_pattern_ops)`,
    );
    await db.exec('ROLLBACK');
    assert.equal(await shape(db), before);
  } finally {
    await db.close();
  }
});

test('an expression index and a partial index reading a moved column are reported, and stop the file before it changes anything; a plain index and a NULL-test predicate move', async () => {
  const text = `CREATE TABLE todos (id serial PRIMARY KEY, "Owner Id" text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text);
CREATE UNIQUE INDEX ON todos (lower("Owner Id"));
CREATE INDEX todos_titled ON todos (title) WHERE "Owner Id" <> '';
CREATE INDEX todos_owner ON todos ("Owner Id") WHERE "Owner Id" IS NOT NULL;
`;
  const { plan: p, db } = await oneFileSet(text, `INSERT INTO todos ("Owner Id", title) VALUES ('u_alice', 'a');`);
  try {
    assert.deepEqual(
      p.report.filter((r) => r.severity === 'warning').map((r) => `${r.line} ${r.message}`),
      [
        `2 This index's expression (lower("Owner Id")) reads public.todos.Owner Id, which the file moves to uuid, as text; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.`,
        `3 This index's WHERE "Owner Id" <> '' reads public.todos.Owner Id, which the file moves to uuid, as text; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.`,
      ],
    );
    const before = await shape(db);
    const err = await pgErrorOf(() => db.exec(p.sql));
    assert.equal(err.code, 'P0001');
    assert.equal(
      err.message,
      `Stopped before changing anything: objects depend on a column this file moves, and the file cannot move them to uuid.\n  public.todos.Owner Id: index todos_lower_idx: CREATE UNIQUE INDEX todos_lower_idx ON public.todos USING btree (lower("Owner Id"))\n  public.todos.Owner Id: index todos_titled: CREATE INDEX todos_titled ON public.todos USING btree (title) WHERE ("Owner Id" <> ''::text)`,
    );
    await db.exec('ROLLBACK');
    assert.equal(await shape(db), before);
  } finally {
    await db.close();
  }
  // Without the two, the plan runs: the plain index with its NULL-test predicate is rebuilt on the uuid column.
  const plain = text
    .split('\n')
    .filter((l) => !l.includes('lower(') && !l.includes('todos_titled'))
    .join('\n');
  const moved = await oneFileSet(plain, `INSERT INTO todos ("Owner Id", title) VALUES ('u_alice', 'a');`);
  try {
    assert.deepEqual(
      moved.plan.report.filter((r) => r.severity === 'warning'),
      [],
    );
    await execOrExplain(moved.db, moved.plan.sql, 'the plan');
    assert.deepEqual((await moved.db.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'todos' AND indexname = 'todos_owner'`)).rows, [
      { indexdef: 'CREATE INDEX todos_owner ON public.todos USING btree ("Owner Id") WHERE ("Owner Id" IS NOT NULL)' },
    ]);
    assert.deepEqual(
      (await moved.db.query(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'todos'::regclass AND attname = 'Owner Id'`)).rows,
      [{ t: 'uuid' }],
    );
  } finally {
    await moved.db.close();
  }
});

test("another table's foreign key, a generated column and a view on a moved column are reported, and stop the file before it changes anything", async () => {
  const text = `CREATE TABLE members (
  user_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  nick text,
  handle text GENERATED ALWAYS AS (nick || '@' || user_id) STORED
);
CREATE TABLE follows (member_id text REFERENCES members(user_id) ON DELETE CASCADE, note text);
CREATE VIEW member_names AS SELECT user_id, nick FROM members;
`;
  const { plan: p, db } = await oneFileSet(text, `INSERT INTO members (user_id, nick) VALUES ('u_alice', 'al'); INSERT INTO follows VALUES ('u_alice', 'x');`);
  try {
    assert.deepEqual(
      p.report.filter((r) => r.severity === 'warning').map((r) => `${r.line} ${r.message}`),
      [
        "4 The generated column's GENERATED ALWAYS AS (nick || '@' || user_id) reads public.members.user_id, which the file moves to uuid; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.",
        '6 The foreign key of public.follows.member_id references public.members.user_id, which the file moves to uuid: the file stops before changing anything while it exists: drop it at the top of the file, move public.follows.member_id to uuid the same way (through public.auth_id_map), and add the key back after the moves.',
        '7 This view names public.members and user_id: a view that reads public.members.user_id, which the file moves to uuid, cannot stay; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.',
      ],
    );
    const before = await shape(db);
    const err = await pgErrorOf(() => db.exec(p.sql));
    assert.equal(err.code, 'P0001');
    assert.equal(
      err.message,
      [
        'Stopped before changing anything: objects depend on a column this file moves, and the file cannot move them to uuid.',
        '  public.members.user_id: constraint follows_member_id_fkey on table follows: FOREIGN KEY (member_id) REFERENCES members(user_id) ON DELETE CASCADE',
        "  public.members.user_id: default value for column handle of table members: ((nick || '@'::text) || user_id)",
        '  public.members.user_id: rule _RETURN on view member_names',
      ].join('\n'),
    );
    await db.exec('ROLLBACK');
    assert.equal(await shape(db), before);
    assert.equal((await db.query<{ t: string | null }>(`SELECT to_regclass('public.auth_id_map')::text AS t`)).rows[0].t, null);
  } finally {
    await db.close();
  }
});

test('a trigger that fires on UPDATE OF a moved column, or whose WHEN reads it, is reported, and stops the file before it changes anything', async () => {
  const text = `CREATE TABLE a (id serial PRIMARY KEY, user_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, touched timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := now(); RETURN NEW; END $$;
CREATE TRIGGER a_touch BEFORE UPDATE OF touched, user_id ON a FOR EACH ROW EXECUTE FUNCTION touch();
CREATE OR REPLACE TRIGGER a_when BEFORE UPDATE ON public.a FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id) EXECUTE FUNCTION touch();
CREATE TRIGGER a_other BEFORE INSERT OR UPDATE OF touched ON a FOR EACH ROW EXECUTE FUNCTION touch();
`;
  const { plan: p, db } = await oneFileSet(text, `INSERT INTO a (user_id) VALUES ('u_alice');`);
  try {
    assert.deepEqual(
      p.report.filter((r) => r.severity === 'warning' && /[Tt]rigger/.test(r.message)).map((r) => `${r.line}:${r.column} ${r.message}`),
      [
        '3:1 Trigger a_touch on public.a fires on UPDATE OF public.a.user_id, which the file moves to uuid; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.',
        '4:1 Trigger a_when on public.a reads public.a.user_id in its WHEN, which the file moves to uuid; the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.',
      ],
    );
    const before = await shape(db);
    const err = await pgErrorOf(() => db.exec(p.sql));
    assert.equal(err.code, 'P0001');
    assert.equal(
      err.message,
      [
        'Stopped before changing anything: objects depend on a column this file moves, and the file cannot move them to uuid.',
        '  public.a.user_id: trigger a_touch on table a',
        '  public.a.user_id: trigger a_when on table a',
      ].join('\n'),
    );
    await db.exec('ROLLBACK');
    assert.equal(await shape(db), before);
  } finally {
    await db.close();
  }
});

test('a trigger whose function reads NEW.col or OLD.col of a moved column is reported for review (its comparisons with text fail once the column is uuid)', async () => {
  const text = `CREATE TABLE todos (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, task text);
CREATE FUNCTION owner_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.owner_id <> auth.user_id() THEN RAISE EXCEPTION 'not yours'; END IF; RETURN NEW; END $$;
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.task := trim(NEW.task); RETURN NEW; END $$;
CREATE TRIGGER todos_owner_only BEFORE INSERT ON todos FOR EACH ROW EXECUTE FUNCTION owner_only();
CREATE TRIGGER todos_stamp BEFORE INSERT ON todos FOR EACH ROW EXECUTE PROCEDURE stamp();
`;
  const { plan: p, db } = await oneFileSet(text, `SET app.user_id = 'u_alice'; INSERT INTO todos (owner_id, task) VALUES ('u_alice', 'a');`);
  try {
    assert.deepEqual(
      p.report.filter((r) => /[Tt]rigger/.test(r.message)).map((r) => `${r.line}:${r.column} ${r.severity} ${r.message}`),
      [
        '4:1 warning Trigger todos_owner_only on public.todos runs owner_only(), which reads NEW.owner_id or OLD.owner_id: the column becomes uuid, so a comparison there with text (auth.user_id(), a text parameter or literal) fails on every write (42883). Check owner_only() and change it with the move (auth.user_id() becomes auth.uid())',
      ],
    );
    // What the warning is about: the plan runs, and the next insert fails in the trigger.
    await execOrExplain(db, p.sql, 'the plan');
    const err = await pgErrorOf(() => db.exec(`SET app.user_id = '${ALICE}'; INSERT INTO todos (owner_id, task) VALUES ('${ALICE}', 'b');`));
    assert.equal(err.code, '42883');
  } finally {
    await db.close();
  }
});

test('a uuid column keyed to users_sync and a key to the quoted dotted "neon_auth.users_sync": Postgres rejects both keys as the report says; the plan skips the uuid column with its notice, and the report\'s statement adds its key', async () => {
  const files = [
    {
      path: 'drizzle/0000_init.sql',
      text: `CREATE TABLE "notes" ("id" serial PRIMARY KEY, "owner_id" text NOT NULL, "lead_id" uuid, "editor_id" text);
--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_owner_id_users_sync_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_lead_id_users_sync_id_fk" FOREIGN KEY ("lead_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_editor_id_fk" FOREIGN KEY ("editor_id") REFERENCES "neon_auth.users_sync"("id") ON DELETE set null;
`,
    },
  ];
  const p = planMigration([{ root: 'drizzle', files, tables: foldMigrations(files).before(1).tables }]);
  assert.deepEqual(
    p.columns.map((c) => `${c.column} ${c.uuidAlready === true}`),
    ['owner_id false', 'lead_id true'],
  );
  // the count the CLI and the editor print: what the file moves, and the skipped column apart
  assert.deepEqual(columnsSummary(p), { moved: 1, text: '1 column to move, 1 skipped as uuid already' });
  assert.deepEqual(
    p.report.map((r) => `${r.line}:${r.column} ${r.severity} ${r.message.slice(0, 80)}`),
    [
      '3:25 info public.notes.owner_id: keeps ON DELETE CASCADE.',
      '4:25 warning public.notes.lead_id is uuid in the migrations, but its key references neon_auth',
      '5:25 warning public.notes.editor_id: its key references "neon_auth.users_sync", one quoted na',
    ],
  );
  const addKey = p.report[1].message.slice(p.report[1].message.indexOf('ALTER TABLE'));
  assert.equal(
    addKey,
    'ALTER TABLE public.notes ADD CONSTRAINT notes_lead_id_user_id_fk FOREIGN KEY (lead_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL;',
  );
  const db = new PGlite();
  try {
    await db.waitReady;
    await execOrExplain(db, NEON, 'Neon tables');
    const [create, owner, lead, editor] = files[0].text.split('--> statement-breakpoint');
    await execOrExplain(db, create + owner, 'the table and the key Postgres accepts');
    assert.equal((await pgErrorOf(() => db.exec(lead))).code, '42804');
    assert.equal((await pgErrorOf(() => db.exec(editor))).code, '42P01');
    await execOrExplain(db, DATA.slice(0, DATA.indexOf('INSERT INTO todos')), 'users');
    await execOrExplain(db, `INSERT INTO notes (owner_id, lead_id) VALUES ('u_alice', '${BOB}'), ('u_bob', NULL);`, 'data');
    const notices: string[] = [];
    await db.exec(p.sql, { onNotice: (n) => void notices.push(n.message ?? '') });
    assert.ok(notices.includes('public.notes.lead_id is uuid already: skipped'), notices.join('\n'));
    assert.deepEqual(await userKeys(db), ['public.notes.owner_id -> neon_auth."user" cascade uuid']);
    await execOrExplain(db, addKey, "the report's statement");
    assert.deepEqual(await userKeys(db), ['public.notes.lead_id -> neon_auth."user" set null uuid', 'public.notes.owner_id -> neon_auth."user" cascade uuid']);
    assert.deepEqual((await db.query(`SELECT owner_id, lead_id FROM notes ORDER BY id`)).rows, [
      { owner_id: ALICE, lead_id: BOB },
      { owner_id: BOB, lead_id: null },
    ]);
  } finally {
    await db.close();
  }
});

describe('migrate plan from a drizzle-kit set and a stale schema.sql that define the same table', () => {
  const DRIZZLE = {
    path: 'drizzle/0000_init.sql',
    text: `CREATE TABLE "posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"author_id" text,
	"editor_id" text
);
--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_sync_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_editor_id_users_sync_id_fk" FOREIGN KEY ("editor_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;
`,
  };
  const STALE = {
    path: 'schema.sql',
    text: `CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL
);
`,
  };
  const drizzleSet = { root: 'drizzle', files: [DRIZZLE], tables: foldMigrations([DRIZZLE]).before(1).tables };
  const staleSet = { root: '.', files: [STALE], tables: foldMigrations([STALE]).before(1).tables, snapshot: true };

  /** A database made by the drizzle-kit migration (each breakpoint chunk as drizzle-kit runs it), or by `schema.sql`, with two users' posts. */
  async function postsDb(from: 'drizzle' | 'schema.sql'): Promise<PGlite> {
    const db = new PGlite();
    await db.waitReady;
    await execOrExplain(db, NEON, 'Neon tables');
    if (from === 'drizzle') for (const chunk of DRIZZLE.text.split('--> statement-breakpoint')) await execOrExplain(db, chunk, DRIZZLE.path);
    else await execOrExplain(db, STALE.text, STALE.path);
    await execOrExplain(db, DATA.slice(0, DATA.indexOf('INSERT INTO todos')), 'users');
    await execOrExplain(
      db,
      from === 'drizzle'
        ? `INSERT INTO posts (author_id, editor_id) VALUES ('u_alice', 'u_bob'), ('u_bob', NULL);`
        : `INSERT INTO posts (author_id) VALUES ('u_alice');`,
      'posts',
    );
    return db;
  }

  async function postKeys(db: PGlite): Promise<string[]> {
    const r = await db.query<{ k: string }>(
      `SELECT conname || ' ' || pg_get_constraintdef(oid) AS k FROM pg_constraint WHERE conrelid = 'posts'::regclass AND contype = 'f' ORDER BY conname`,
    );
    return r.rows.map((x) => x.k);
  }

  test("both are planned from the union, with drizzle-kit's key names, whichever set comes first; each disagreement is a warning at the planned key", () => {
    for (const sets of [
      [drizzleSet, staleSet],
      [staleSet, drizzleSet],
    ]) {
      const p = planMigration(sets);
      assert.deepEqual(
        p.columns.map((c) => `${c.column} ${c.oldConstraint} -> ${c.newConstraint} ${c.newAction}`),
        [
          'author_id posts_author_id_users_sync_id_fk -> posts_author_id_user_id_fk set null',
          'editor_id posts_editor_id_users_sync_id_fk -> posts_editor_id_user_id_fk set null',
        ],
      );
      assert.deepEqual(
        p.report.map((r) => `${r.file}:${r.line}:${r.column} ${r.severity} ${r.message}`),
        [
          'drizzle/0000_init.sql:7:25 warning public.posts.author_id: the sets disagree on its key to users_sync(id): schema.sql names its key posts_author_id_fkey. The file moves every column a set keys to users_sync(id), with the key as written here (posts_author_id_users_sync_id_fk, ON DELETE SET NULL); check which set the database matches. At run time it skips a column the database does not have, and it stops before COMMIT while any key to users_sync is left.',
          'drizzle/0000_init.sql:7:25 info public.posts.author_id: keeps ON DELETE SET NULL.',
          'drizzle/0000_init.sql:8:25 warning public.posts.editor_id: the sets disagree on its key to users_sync(id): schema.sql defines public.posts without this column. The file moves every column a set keys to users_sync(id), with the key as written here (posts_editor_id_users_sync_id_fk, ON DELETE SET NULL); check which set the database matches. At run time it skips a column the database does not have, and it stops before COMMIT while any key to users_sync is left.',
          'drizzle/0000_init.sql:8:25 info public.posts.editor_id: keeps ON DELETE SET NULL.',
        ],
      );
    }
  });

  test("on the database the migrations made, the union moves both columns under drizzle-kit's new names; on one schema.sql made, the missing column is skipped with a notice", async () => {
    const p = planMigration([drizzleSet, staleSet]);
    let db = await postsDb('drizzle');
    try {
      await execOrExplain(db, p.sql, 'the plan');
      assert.deepEqual(await postKeys(db), [
        'posts_author_id_user_id_fk FOREIGN KEY (author_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL',
        'posts_editor_id_user_id_fk FOREIGN KEY (editor_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL',
      ]);
      assert.deepEqual((await db.query(`SELECT author_id, editor_id FROM posts ORDER BY id`)).rows, [
        { author_id: ALICE, editor_id: BOB },
        { author_id: BOB, editor_id: null },
      ]);
    } finally {
      await db.close();
    }
    db = await postsDb('schema.sql');
    try {
      const notices: string[] = [];
      await db.exec(p.sql, { onNotice: (n) => void notices.push(n.message ?? '') });
      assert.ok(notices.includes('public.posts.editor_id is not in this database: skipped'), notices.join('\n'));
      assert.deepEqual(await postKeys(db), ['posts_author_id_user_id_fk FOREIGN KEY (author_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL']);
    } finally {
      await db.close();
    }
  });

  test('planned from the stale schema.sql alone, the file plans author_id only, and its last block stops it before COMMIT: editor_id keeps its key to users_sync, named', async () => {
    const p = planMigration([staleSet]);
    assert.deepEqual(
      p.columns.map((c) => c.column),
      ['author_id'],
    );
    const db = await postsDb('drizzle');
    try {
      const err = await pgErrorOf(() => db.exec(p.sql));
      assert.equal(err.code, 'P0001');
      assert.equal(err.message, 'Stopped: foreign keys to users_sync are left that this file does not move: posts_editor_id_users_sync_id_fk on posts');
      await db.exec('ROLLBACK');
      // Nothing committed: author_id is text with its old key, as before the run.
      assert.deepEqual((await db.query(`SELECT author_id, editor_id FROM posts ORDER BY id`)).rows, [
        { author_id: 'u_alice', editor_id: 'u_bob' },
        { author_id: 'u_bob', editor_id: null },
      ]);
      assert.deepEqual(await postKeys(db), [
        'posts_author_id_users_sync_id_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL',
        'posts_editor_id_users_sync_id_fk FOREIGN KEY (editor_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL',
      ]);
    } finally {
      await db.close();
    }
  });

  test('a column the migration set keys to neon_auth."user" already, and the stale file to users_sync, is not planned; the report says so', () => {
    const moved = {
      path: 'drizzle/0000_init.sql',
      text: `CREATE TABLE "posts" ("id" serial PRIMARY KEY NOT NULL, "author_id" uuid REFERENCES "neon_auth"."user"("id") ON DELETE set null);\n`,
    };
    const p = planMigration([{ root: 'drizzle', files: [moved], tables: foldMigrations([moved]).before(1).tables }, staleSet]);
    assert.deepEqual(p.columns, []);
    assert.deepEqual(
      p.report.map((r) => `${r.file}:${r.line}:${r.column} ${r.severity} ${r.message}`),
      [
        'undefined:undefined:undefined info No column of drizzle, . references neon_auth.users_sync(id) with a foreign key (one column references neon_auth."user"(id) already): there is nothing to move.',
        'schema.sql:3:18 warning public.posts.author_id: the sets disagree on its key: schema.sql keys it to users_sync(id), drizzle/ to neon_auth."user"(id) already. Not planned (the migrations say it moved); if the database still has its key to users_sync, the file stops before COMMIT.',
      ],
    );
  });
});

describe('migrate plan from a Prisma migration folder with one policy on two moved columns', () => {
  // Prisma writes its keys in ALTER TABLE with ON DELETE and ON UPDATE CASCADE.
  const PRISMA = {
    path: 'prisma/migrations/20250101000000_init/migration.sql',
    text: `-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "assigneeId" TEXT,
    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Task" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "task_select_own" ON "Task" FOR SELECT TO authenticated USING ("creatorId" = auth.user_id() OR "assigneeId" = auth.user_id());
`,
  };
  const files = [PRISMA];
  const prismaPlan = (): MigrationPlan =>
    planMigration([{ root: 'prisma/migrations', files, tables: foldMigrations(files).before(1).tables, convention: 'prisma' }]);

  test('the report keeps the written actions and says how to apply the file with Prisma', () => {
    const p = prismaPlan();
    assert.deepEqual(
      p.columns.map((c) => `${c.table}.${c.column} ${c.oldAction} -> ${c.newAction} update ${c.onUpdate ?? '-'}`),
      ['Task.creatorId cascade -> cascade update cascade', 'Task.assigneeId set null -> set null update cascade'],
    );
    assert.deepEqual(
      p.report.map((r) => `${r.file ?? '-'}:${r.line ?? '-'} ${r.severity} ${r.message}`),
      [
        "-:- warning prisma/migrations/ is a Prisma Migrate folder: save the file as prisma/migrations/<timestamp>_move_to_current_neon_auth/migration.sql and apply it with prisma migrate deploy (run any other way, Prisma's migration history and the database drift apart). In schema.prisma, give the moved columns' fields @db.Uuid, else the next prisma migrate dev turns them back to text: Task.creatorId, Task.assigneeId.",
        'prisma/migrations/20250101000000_init/migration.sql:10 info public.Task.creatorId: keeps ON DELETE CASCADE ON UPDATE CASCADE.',
        'prisma/migrations/20250101000000_init/migration.sql:13 info public.Task.assigneeId: keeps ON DELETE SET NULL ON UPDATE CASCADE.',
        "prisma/migrations/20250101000000_init/migration.sql:16 warning Policy task_select_own on Task compares with auth.user_id() (text). Where it depends on a moved column, the file drops it before the column moves and creates it again once every column has moved, with auth.uid() (uuid) in place of auth.user_id() where it is compared with a moved column; any other auth.user_id() is kept as written (after the switch it returns the current user's uuid as text, which a text column of legacy ids never equals): read the recreated policy (the file's NOTICE lists it), and rewrite those by hand.",
      ],
    );
    assert.ok(
      p.sql.includes(
        '  ALTER TABLE public."Task" ADD CONSTRAINT "Task_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES neon_auth."user"(id) ON DELETE CASCADE ON UPDATE CASCADE;\n',
      ),
    );
    for (const authSchema of ['auto', 'legacy', 'current'] as const)
      assert.deepEqual(
        lint(p.sql, { authSchema }).findings.map((f) => `${f.ruleId} ${f.message}`),
        [],
        authSchema,
      );
    // Without the convention (a set found another way), no word on Prisma.
    const plain = planMigration([{ root: 'prisma/migrations', files, tables: foldMigrations(files).before(1).tables }]);
    assert.equal(plain.report.filter((r) => r.message.includes('Prisma')).length, 0);
  });

  test('on Postgres the plan commits: ids mapped, keys with their actions, the policy created again once with auth.uid()', async () => {
    const p = prismaPlan();
    const db = new PGlite();
    try {
      await db.waitReady;
      await execOrExplain(db, `${NEON}CREATE ROLE authenticated;`, 'Neon tables');
      await execOrExplain(db, PRISMA.text, PRISMA.path);
      await execOrExplain(
        db,
        DATA.slice(0, DATA.indexOf('INSERT INTO todos')) +
          `INSERT INTO "Task" VALUES ('t1', 'u_alice', 'u_bob'), ('t2', 'u_bob', NULL), ('t3', 'u_bob', 'u_alice');`,
        'data',
      );
      await execOrExplain(db, p.sql, 'the plan');
      assert.deepEqual((await db.query(`SELECT id, "creatorId", "assigneeId" FROM "Task" ORDER BY id`)).rows, [
        { id: 't1', creatorId: ALICE, assigneeId: BOB },
        { id: 't2', creatorId: BOB, assigneeId: null },
        { id: 't3', creatorId: BOB, assigneeId: ALICE },
      ]);
      assert.deepEqual(
        (
          await db.query<{ k: string }>(
            `SELECT conname || ' ' || confdeltype::text || confupdtype::text || ' ' || pg_get_constraintdef(oid) AS k FROM pg_constraint WHERE conrelid = '"Task"'::regclass AND contype = 'f' ORDER BY conname`,
          )
        ).rows.map((r) => r.k),
        [
          'Task_assigneeId_fkey nc FOREIGN KEY ("assigneeId") REFERENCES neon_auth."user"(id) ON UPDATE CASCADE ON DELETE SET NULL',
          'Task_creatorId_fkey cc FOREIGN KEY ("creatorId") REFERENCES neon_auth."user"(id) ON UPDATE CASCADE ON DELETE CASCADE',
        ],
      );
      assert.deepEqual((await db.query(`SELECT policyname, cmd, roles::text AS roles, qual FROM pg_policies WHERE tablename = 'Task'`)).rows, [
        { policyname: 'task_select_own', cmd: 'SELECT', roles: '{authenticated}', qual: '(("creatorId" = auth.uid()) OR ("assigneeId" = auth.uid()))' },
      ]);
      // The kept policies went with the transaction; a second run changes nothing.
      assert.equal((await db.query<{ t: string | null }>(`SELECT to_regclass('pg_temp.neon_auth_policies')::text AS t`)).rows[0].t, null);
      await execOrExplain(db, p.sql, 'the plan, again');
      assert.equal((await db.query(`SELECT 1 FROM pg_policies WHERE tablename = 'Task'`)).rows.length, 1);
    } finally {
      await db.close();
    }
  });
});

describe('migrate plan keeps the ON DELETE action a key writes', () => {
  const TEXT = `CREATE TABLE workspaces (
  id serial PRIMARY KEY,
  owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE RESTRICT,
  name text NOT NULL
);
CREATE TABLE documents (
  id serial PRIMARY KEY,
  editor_id text REFERENCES neon_auth.users_sync(id) ON DELETE NO ACTION DEFERRABLE INITIALLY DEFERRED,
  reviewer_id text NOT NULL REFERENCES neon_auth.users_sync(id),
  keeper_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL
);
`;

  test('RESTRICT, NO ACTION and SET NULL on NOT NULL are kept and warned about, naming the key; a key with no action gets CASCADE on NOT NULL', async () => {
    const { plan: p, db } = await oneFileSet(
      TEXT,
      `INSERT INTO workspaces (owner_id, name) VALUES ('u_alice', 'w1'); INSERT INTO documents (editor_id, reviewer_id, keeper_id) VALUES ('u_alice', 'u_bob', 'u_bob');`,
    );
    try {
      assert.deepEqual(
        p.columns.map(
          (c) => `${c.table}.${c.column} ${c.actionWritten ? 'written' : 'none'} ${c.oldAction} -> ${c.newAction}${c.deferrable ? ` ${c.deferrable}` : ''}`,
        ),
        [
          'workspaces.owner_id written restrict -> restrict',
          'documents.editor_id written no action -> no action deferrable initially deferred',
          'documents.reviewer_id none no action -> cascade',
          'documents.keeper_id written set null -> set null',
        ],
      );
      assert.deepEqual(
        p.report.map((r) => `${r.line} ${r.severity} ${r.message}`),
        [
          '3 warning public.workspaces.owner_id: keeps ON DELETE RESTRICT, as written: the current Neon Auth deletes users for real (the legacy one set deleted_at), so deleting a user who still has rows here fails (23503, key workspaces_owner_id_fkey) until those rows are deleted or given to another user.',
          '8 warning public.documents.editor_id: keeps ON DELETE NO ACTION DEFERRABLE INITIALLY DEFERRED, as written: the current Neon Auth deletes users for real (the legacy one set deleted_at), so deleting a user who still has rows here fails (23503, key documents_editor_id_fkey) until those rows are deleted or given to another user.',
          '9 warning public.documents.reviewer_id: no ON DELETE action written (NO ACTION) becomes ON DELETE CASCADE (a choice: read the comment in the file).',
          '10 warning public.documents.keeper_id: keeps ON DELETE SET NULL, as written, on a NOT NULL column: deleting a user who has rows here fails (23502) until the column is nullable or the key documents_keeper_id_fkey gets another action.',
        ],
      );
      // The kept RESTRICT, NO ACTION and SET NULL on NOT NULL are suppressed on purpose: the file lints clean.
      for (const authSchema of ['auto', 'legacy', 'current'] as const)
        assert.deepEqual(
          lint(p.sql, { authSchema }).findings.map((f) => `${f.ruleId} ${f.message}`),
          [],
          authSchema,
        );
      await execOrExplain(db, p.sql, 'the plan');
      assert.deepEqual(
        (
          await db.query<{ k: string }>(
            `SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) AS k FROM pg_constraint WHERE contype = 'f' AND confrelid = 'neon_auth."user"'::regclass ORDER BY 1`,
          )
        ).rows.map((r) => r.k),
        [
          'documents FOREIGN KEY (editor_id) REFERENCES neon_auth."user"(id) DEFERRABLE INITIALLY DEFERRED',
          'documents FOREIGN KEY (keeper_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL',
          'documents FOREIGN KEY (reviewer_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE',
          'workspaces FOREIGN KEY (owner_id) REFERENCES neon_auth."user"(id) ON DELETE RESTRICT',
        ],
      );
      // As the user chose: deleting Alice, who owns a workspace, fails while the workspace is hers.
      const err = await pgErrorOf(() => db.query(`DELETE FROM neon_auth."user" WHERE id = $1`, [ALICE]));
      assert.equal(err.code, '23503');
      assert.match(err.message, /workspaces_owner_id_fkey/);
      await db.exec(`DELETE FROM workspaces; DELETE FROM documents WHERE editor_id = '${ALICE}'`);
      await db.query(`DELETE FROM neon_auth."user" WHERE id = $1`, [ALICE]);
    } finally {
      await db.close();
    }
  });
});
