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
import { loadFallbackParser } from '../server/src/linter';
import { MigrationPlan, planMigration } from '../server/src/migrate/plan';
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
  await loadFallbackParser();
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

describe('migrate plan on Postgres', () => {
  let db: PGlite;
  before(async () => {
    db = await legacyDb();
  });
  after(async () => {
    await db?.close();
  });

  test('the plan moves the six referencing columns with the intended actions', () => {
    assert.deepEqual(
      plan.columns.map((c) => `${c.schema}.${c.table}.${c.column} ${c.oldAction} -> ${c.newAction}`),
      [
        'public.todos.owner_id cascade -> cascade',
        'public.posts.author_id set null -> set null',
        'public.profiles.user_id no action -> cascade',
        'public.follows.follower_id cascade -> cascade',
        'public.follows.followee_id cascade -> cascade',
        'billing.invoices.customer_id no action -> cascade',
      ],
    );
    assert.deepEqual(
      plan.report.filter((r) => r.severity === 'warning').map((r) => `${r.file}:${r.line} ${r.message.slice(0, 60)}`),
      [
        'migrations/0002_follows_billing.sql:15 Policy todos_owner on todos compares with auth.user_id() (te',
        'migrations/0001_init.sql:13 public.profiles.user_id: ON DELETE NO ACTION becomes ON DELE',
        'migrations/0002_follows_billing.sql:11 billing.invoices.customer_id: ON DELETE NO ACTION becomes ON',
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
      'billing.invoices.customer_id -> neon_auth."user" cascade uuid',
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

    // Deleting a current user now cascades or nulls as planned (rolled back).
    await db.exec('BEGIN');
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
        '10 warning The foreign key (member_id, org_id) of public.assignments to public.memberships(user_id, org_id) includes public.memberships.user_id, which the file moves to uuid: a key of several columns is not moved for you, and the file stops before changing anything while it exists. Drop it at the top of the file, move its other user-id columns the same way, and add it back after the moves.',
        '2 info public.memberships.user_id: keeps ON DELETE CASCADE.',
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
