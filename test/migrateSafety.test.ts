/**
 * The migration plan (`server/src/migrate/plan.ts`) on real Postgres (PGlite), where the file must
 * either move every row as it is or stop before changing anything: row-level security that would
 * hide rows from the role that runs it, user triggers the backfill would fire, dependents it cannot
 * move (the report must say so too, so the CLI's exit code is not 0), policies that compare other
 * columns with auth.user_id(), and a temporary column name that is taken.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { foldMigrations } from '../server/src/linter/history';
import { loadPostgresGrammar } from '../server/src/linter';
import { MigrationPlan, planMigration } from '../server/src/migrate/plan';
import { execOrExplain, pgErrorOf } from './helpers/pglite';

/** Both generations' user tables, two users in each (Ada and Cy, the same e-mails), and the RLS helpers. */
const NEON = `
CREATE SCHEMA neon_auth;
CREATE TABLE neon_auth.users_sync (
  raw_json jsonb NOT NULL,
  id text PRIMARY KEY GENERATED ALWAYS AS (raw_json ->> 'id') STORED,
  name text GENERATED ALWAYS AS (raw_json ->> 'display_name') STORED,
  email text GENERATED ALWAYS AS (raw_json ->> 'primary_email') STORED,
  created_at timestamptz,
  updated_at timestamptz,
  deleted_at timestamptz
);
CREATE TABLE neon_auth."user" (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL, email text NOT NULL UNIQUE, "emailVerified" boolean NOT NULL, image text,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE SCHEMA auth;
CREATE FUNCTION auth.user_id() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_setting('app.user_id', true) $$;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
INSERT INTO neon_auth.users_sync (raw_json) VALUES
  ('{"id": "user_ada", "display_name": "Ada", "primary_email": "ada@example.com"}'),
  ('{"id": "user_cy", "display_name": "Cy", "primary_email": "cy@example.com"}');
INSERT INTO neon_auth."user" (id, name, email, "emailVerified") VALUES
  ('${'00000000-0000-4000-8000-000000000001'}', 'Ada', 'ada@example.com', true),
  ('${'00000000-0000-4000-8000-000000000002'}', 'Cy', 'cy@example.com', true);
`;
const ADA = '00000000-0000-4000-8000-000000000001';
const CY = '00000000-0000-4000-8000-000000000002';

before(async () => {
  // as the CLI does (without it, the fold misses the partitioned table below)
  await loadPostgresGrammar();
});

/** The plan of one file (`schema.sql`), and a database with the Neon tables, `pre`, the file's schema and `data`. */
async function setUp(schema: string, data: string, pre = ''): Promise<{ plan: MigrationPlan; db: PGlite }> {
  const files = [{ path: 'schema.sql', text: schema }];
  const plan = planMigration([{ root: '.', files, tables: foldMigrations(files).before(1).tables, snapshot: true }]);
  const db = new PGlite();
  await db.waitReady;
  await execOrExplain(db, NEON + pre, 'Neon tables');
  await execOrExplain(db, schema, 'schema.sql');
  await execOrExplain(db, data, 'data');
  return { plan, db };
}

/** The report's warnings and errors, `line:column message`. */
const needsPerson = (plan: MigrationPlan): string[] => plan.report.filter((r) => r.severity !== 'info').map((r) => `${r.line}:${r.column} ${r.message}`);

/** The rows of a query, as JSON lines. */
async function rowsOf(db: PGlite, sql: string): Promise<string[]> {
  return (await db.query(sql)).rows.map((r) => JSON.stringify(r));
}

test('FORCE ROW LEVEL SECURITY: the file stops before changing anything for an owner without BYPASSRLS, instead of moving no row and dropping every id', async () => {
  const schema = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON notes USING (owner_id = auth.user_id());
`;
  // The tables' owner, as the app's migrations ran: no superuser, no BYPASSRLS.
  const { plan, db } = await setUp(
    schema,
    `ALTER TABLE notes NO FORCE ROW LEVEL SECURITY; INSERT INTO notes (owner_id) VALUES ('user_ada'), ('user_cy'); ALTER TABLE notes FORCE ROW LEVEL SECURITY; RESET ROLE;`,
    `CREATE ROLE owner_role NOLOGIN;
GRANT USAGE, CREATE ON SCHEMA public TO owner_role;
GRANT USAGE ON SCHEMA neon_auth, auth TO owner_role;
GRANT SELECT, REFERENCES ON neon_auth.users_sync, neon_auth."user" TO owner_role;
SET ROLE owner_role;`,
  );
  try {
    assert.deepEqual(
      needsPerson(plan).filter((m) => m.includes('FORCE')),
      [
        '3:19 public.notes has FORCE ROW LEVEL SECURITY: its policies apply to its owner too, and the file must see every row it moves, so its guard stops before changing anything unless the role that runs it has BYPASSRLS (its hint says how to turn FORCE off in the file instead).',
      ],
    );
    assert.match(
      plan.sql,
      /\nBEGIN;\n\n-- Row-level security hides no row from this file: where it would, a query fails \(42501\) instead\.\nSET LOCAL row_security = off;\n/,
    );
    await db.exec('SET ROLE owner_role');
    const err = await pgErrorOf(() => db.exec(plan.sql));
    assert.equal(err.code, 'P0001');
    assert.equal(
      err.message,
      'Stopped before changing anything: row-level security applies to tables this file moves, for the role that runs it (owner_role): their policies would hide rows from it.\n  public.notes',
    );
    await db.exec('ROLLBACK; RESET ROLE');
    assert.deepEqual(await rowsOf(db, 'SELECT id, owner_id FROM notes ORDER BY id'), ['{"id":1,"owner_id":"user_ada"}', '{"id":2,"owner_id":"user_cy"}']);
    // As the hint says: the owner turns FORCE off in the file, and on again before COMMIT.
    const noForce = plan.sql
      .replace('SET LOCAL row_security = off;\n', 'SET LOCAL row_security = off;\nALTER TABLE notes NO FORCE ROW LEVEL SECURITY;\n')
      .replace(/\nCOMMIT;\n$/, '\nALTER TABLE notes FORCE ROW LEVEL SECURITY;\nCOMMIT;\n');
    await db.exec('SET ROLE owner_role');
    await execOrExplain(db, noForce, 'the plan with NO FORCE');
    await db.exec('RESET ROLE');
    assert.deepEqual(await rowsOf(db, 'SELECT id, owner_id FROM notes ORDER BY id'), [`{"id":1,"owner_id":"${ADA}"}`, `{"id":2,"owner_id":"${CY}"}`]);
    assert.deepEqual(await rowsOf(db, `SELECT relforcerowsecurity, relrowsecurity FROM pg_class WHERE oid = 'notes'::regclass`), [
      '{"relforcerowsecurity":true,"relrowsecurity":true}',
    ]);
  } finally {
    await db.close();
  }
});

test('the backfill fires no user trigger, and each trigger is enabled again as it was (ENABLE, REPLICA, ALWAYS, disabled), on partitions too', async () => {
  const schema = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, updated_at timestamptz);
CREATE TABLE audit (what text);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (TG_NAME || ' ' || TG_TABLE_NAME); RETURN NULL; END $$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER notes_always AFTER UPDATE ON notes FOR EACH STATEMENT EXECUTE FUNCTION audit();
ALTER TABLE notes ENABLE ALWAYS TRIGGER notes_always;
CREATE TRIGGER notes_replica AFTER UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION audit();
ALTER TABLE notes ENABLE REPLICA TRIGGER notes_replica;
CREATE TRIGGER notes_off AFTER UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION audit();
ALTER TABLE notes DISABLE TRIGGER notes_off;
CREATE CONSTRAINT TRIGGER notes_late AFTER UPDATE ON notes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit();
CREATE TABLE events (id int NOT NULL, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, updated_at timestamptz) PARTITION BY RANGE (id);
CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (100);
CREATE TRIGGER events_touch BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER events_1_audit AFTER UPDATE ON events_1 FOR EACH ROW EXECUTE FUNCTION audit();
`;
  const { plan, db } = await setUp(
    schema,
    `INSERT INTO notes (owner_id, updated_at) VALUES ('user_ada', '2020-01-01'), ('user_cy', '2020-01-02'), (NULL, '2020-01-03');
INSERT INTO events VALUES (1, 'user_cy', '2021-01-01');`,
  );
  const triggers = `SELECT tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text AS t FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`;
  try {
    assert.deepEqual(needsPerson(plan), []);
    const before = await rowsOf(db, triggers);
    assert.deepEqual(before, [
      '{"t":"events events_touch O"}',
      '{"t":"events_1 events_1_audit O"}',
      '{"t":"events_1 events_touch O"}',
      '{"t":"notes notes_always A"}',
      '{"t":"notes notes_late O"}',
      '{"t":"notes notes_off D"}',
      '{"t":"notes notes_replica R"}',
      '{"t":"notes notes_touch O"}',
    ]);
    await execOrExplain(db, plan.sql, 'the plan');
    assert.deepEqual(await rowsOf(db, 'SELECT owner_id, updated_at FROM notes ORDER BY id'), [
      `{"owner_id":"${ADA}","updated_at":"2020-01-01T00:00:00.000Z"}`,
      `{"owner_id":"${CY}","updated_at":"2020-01-02T00:00:00.000Z"}`,
      '{"owner_id":null,"updated_at":"2020-01-03T00:00:00.000Z"}',
    ]);
    assert.deepEqual(await rowsOf(db, 'SELECT owner_id, updated_at FROM events'), [`{"owner_id":"${CY}","updated_at":"2021-01-01T00:00:00.000Z"}`]);
    assert.deepEqual(await rowsOf(db, 'SELECT what FROM audit'), []);
    assert.deepEqual(await rowsOf(db, triggers), before);
    // They fire again after the move.
    await db.exec(`UPDATE notes SET owner_id = owner_id WHERE id = 1`);
    assert.deepEqual(await rowsOf(db, 'SELECT what FROM audit ORDER BY 1'), ['{"what":"notes_always notes"}', '{"what":"notes_late notes"}']);
  } finally {
    await db.close();
  }
});

test('a partition key, a view with *, a SQL-standard function body and statistics with an expression on a moved column: the report says the file stops, and its guard stops before changing anything', async () => {
  const schema = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, kind int);
CREATE VIEW all_notes AS SELECT * FROM notes;
CREATE VIEW aliased AS SELECT n.* FROM notes AS n;
CREATE VIEW counts AS SELECT count(*) AS n, 2 * 3 AS six FROM notes;
CREATE FUNCTION my_notes(uid text) RETURNS SETOF int LANGUAGE sql BEGIN ATOMIC SELECT id FROM notes WHERE owner_id = uid; END;
CREATE FUNCTION note_count(uid text) RETURNS bigint LANGUAGE sql RETURN (SELECT count(*) FROM notes WHERE owner_id = uid);
CREATE STATISTICS notes_lower ON lower(owner_id), kind FROM notes;
CREATE TABLE events (id bigint, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE) PARTITION BY LIST (owner_id);
CREATE TABLE events_ada PARTITION OF events FOR VALUES IN ('user_ada');
`;
  const { plan, db } = await setUp(schema, `INSERT INTO notes (owner_id, kind) VALUES ('user_ada', 1); INSERT INTO events VALUES (1, 'user_ada');`);
  const blocks = 'the file stops before changing anything while it exists: drop it at the top of the file, and create its uuid version after the moves.';
  try {
    assert.deepEqual(needsPerson(plan), [
      `2:1 This view reads public.notes with *, so public.notes.owner_id too, which the file moves to uuid: it cannot stay; ${blocks}`,
      `3:1 This view reads public.notes with *, so public.notes.owner_id too, which the file moves to uuid: it cannot stay; ${blocks}`,
      `5:1 The SQL-standard body (BEGIN ATOMIC or RETURN) of function my_notes reads public.notes and names owner_id: Postgres keeps it bound to public.notes.owner_id, which the file moves to uuid; ${blocks}`,
      `6:1 The SQL-standard body (BEGIN ATOMIC or RETURN) of function note_count reads public.notes and names owner_id: Postgres keeps it bound to public.notes.owner_id, which the file moves to uuid; ${blocks}`,
      `7:1 Statistics notes_lower on public.notes read public.notes.owner_id, which the file moves to uuid, in an expression; ${blocks}`,
      '8:111 The partition key PARTITION BY LIST (owner_id) reads public.events.owner_id, which the file moves to uuid: Postgres cannot drop a column of a partition key (42P16), so the file stops before changing anything; move it by hand (a new table partitioned by the uuid column, the rows copied through public.auth_id_map).',
    ]);
    const err = await pgErrorOf(() => db.exec(plan.sql));
    assert.equal(err.code, 'P0001');
    assert.equal(
      err.message,
      [
        'Stopped before changing anything: objects depend on a column this file moves, and the file cannot move them to uuid.',
        '  public.notes.owner_id: function my_notes(text)',
        '  public.notes.owner_id: function note_count(text)',
        '  public.notes.owner_id: rule _RETURN on view aliased',
        '  public.notes.owner_id: rule _RETURN on view all_notes',
        '  public.notes.owner_id: statistics object notes_lower: CREATE STATISTICS public.notes_lower ON kind, lower(owner_id) FROM notes',
        '  public.events.owner_id: partition key of events: LIST (owner_id)',
      ].join('\n'),
    );
    await db.exec('ROLLBACK');
    assert.deepEqual(
      await rowsOf(
        db,
        `SELECT attrelid::regclass::text AS t, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attname = 'owner_id' AND attrelid IN ('notes'::regclass, 'events'::regclass) ORDER BY 1`,
      ),
      ['{"t":"events","type":"text"}', '{"t":"notes","type":"text"}'],
    );
    assert.equal((await db.query<{ t: string | null }>(`SELECT to_regclass('public.auth_id_map')::text AS t`)).rows[0].t, null);
  } finally {
    await db.close();
  }
});

test('statistics on a moved column (no expression) are created again on the uuid column, with their statistics target', async () => {
  const schema = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, kind int);
CREATE STATISTICS notes_st (dependencies) ON owner_id, kind FROM notes;
ALTER STATISTICS notes_st SET STATISTICS 50;
CREATE STATISTICS notes_nd (ndistinct) ON owner_id, id FROM notes;
`;
  const { plan, db } = await setUp(schema, `INSERT INTO notes (owner_id, kind) VALUES ('user_ada', 1), ('user_cy', 2);`);
  try {
    assert.deepEqual(needsPerson(plan), []);
    await execOrExplain(db, plan.sql, 'the plan');
    assert.deepEqual(await rowsOf(db, `SELECT pg_get_statisticsobjdef(oid) AS def, stxstattarget AS target FROM pg_statistic_ext ORDER BY stxname`), [
      '{"def":"CREATE STATISTICS public.notes_nd (ndistinct) ON id, owner_id FROM notes","target":null}',
      '{"def":"CREATE STATISTICS public.notes_st (dependencies) ON kind, owner_id FROM notes","target":50}',
    ]);
    assert.deepEqual(await rowsOf(db, 'SELECT owner_id, kind FROM notes ORDER BY id'), [`{"owner_id":"${ADA}","kind":1}`, `{"owner_id":"${CY}","kind":2}`]);
  } finally {
    await db.close();
  }
});

test('a recreated policy says auth.uid() only where auth.user_id() is compared with a moved column (also a varchar one, or one of another table): any other auth.user_id() is kept, and the file commits', async () => {
  const schema = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, editor text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON notes USING (owner_id = auth.user_id() OR editor = auth.user_id());
CREATE TABLE docs (id serial PRIMARY KEY, author_id varchar(255) NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON docs USING (author_id = auth.user_id()) WITH CHECK ((SELECT auth.user_id()) = author_id);
CREATE TABLE tasks (id serial PRIMARY KEY, "creatorId" text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, "assigneeId" text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, watcher text);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON tasks USING ("creatorId" = auth.user_id() OR auth.user_id() = "assigneeId" OR auth.user_id() = watcher);
CREATE TABLE comments (id serial PRIMARY KEY, note_id int REFERENCES notes(id), body text);
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY on_my_notes ON comments USING (EXISTS (SELECT 1 FROM notes n WHERE n.id = note_id AND n.owner_id = auth.user_id()));
`;
  const { plan, db } = await setUp(
    schema,
    `INSERT INTO notes (owner_id, editor) VALUES ('user_ada', 'user_cy'); INSERT INTO docs (author_id) VALUES ('user_cy');
INSERT INTO tasks ("creatorId", "assigneeId", watcher) VALUES ('user_ada', 'user_cy', 'user_cy'); INSERT INTO comments (note_id, body) VALUES (1, 'hi');`,
  );
  try {
    assert.deepEqual(
      needsPerson(plan).map((m) => m.slice(0, m.indexOf(' compares'))),
      ['3:1 Policy p on notes', '6:1 Policy own on docs', '9:1 Policy mine on tasks', '12:1 Policy on_my_notes on comments'],
    );
    assert.equal(
      needsPerson(plan)[0],
      "3:1 Policy p on notes compares with auth.user_id() (text). Where it depends on a moved column, the file drops it before the column moves and creates it again once every column has moved, with auth.uid() (uuid) in place of auth.user_id() where it is compared with a moved column; any other auth.user_id() is kept as written (after the switch it returns the current user's uuid as text, which a text column of legacy ids never equals): read the recreated policy (the file's NOTICE lists it), and rewrite those by hand.",
    );
    const notices: string[] = [];
    await db.exec(plan.sql, { onNotice: (n) => void notices.push(n.message ?? '') });
    const keeps =
      "it keeps auth.user_id() where it is not compared with a moved column: after the switch that returns the current user's uuid as text; check what it is compared with";
    assert.deepEqual(
      notices.filter((n) => n.startsWith('recreated: CREATE POLICY') || n.startsWith('it keeps')),
      [
        'recreated: CREATE POLICY on_my_notes ON comments AS PERMISSIVE FOR ALL TO public USING ((EXISTS ( SELECT 1\n   FROM notes n\n  WHERE ((n.id = comments.note_id) AND (n.owner_id = auth.uid())))))',
        'recreated: CREATE POLICY p ON notes AS PERMISSIVE FOR ALL TO public USING (((owner_id = auth.uid()) OR (editor = auth.user_id())))',
        keeps,
        'recreated: CREATE POLICY own ON docs AS PERMISSIVE FOR ALL TO public USING ((author_id = auth.uid())) WITH CHECK ((( SELECT auth.uid() AS user_id) = author_id))',
        'recreated: CREATE POLICY mine ON tasks AS PERMISSIVE FOR ALL TO public USING ((("creatorId" = auth.uid()) OR (auth.uid() = "assigneeId") OR (auth.user_id() = watcher)))',
        keeps,
      ],
    );
    assert.deepEqual(await rowsOf(db, 'SELECT tablename, policyname, qual, with_check FROM pg_policies ORDER BY 1, 2'), [
      `{"tablename":"comments","policyname":"on_my_notes","qual":"(EXISTS ( SELECT 1\\n   FROM notes n\\n  WHERE ((n.id = comments.note_id) AND (n.owner_id = auth.uid()))))","with_check":null}`,
      '{"tablename":"docs","policyname":"own","qual":"(author_id = auth.uid())","with_check":"(( SELECT auth.uid() AS user_id) = author_id)"}',
      '{"tablename":"notes","policyname":"p","qual":"((owner_id = auth.uid()) OR (editor = auth.user_id()))","with_check":null}',
      '{"tablename":"tasks","policyname":"mine","qual":"((\\"creatorId\\" = auth.uid()) OR (auth.uid() = \\"assigneeId\\") OR (auth.user_id() = watcher))","with_check":null}',
    ]);
  } finally {
    await db.close();
  }
});

test('the new column never takes an existing column: a name the migrations show is skipped, one only the database has stops the guard, and a 63-byte name is cut before __uuid', async () => {
  const long = `owner_id_${'a'.repeat(54)}`;
  assert.equal(long.length, 63);
  const schema = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, owner_id__uuid uuid);
CREATE TABLE memos (id serial PRIMARY KEY, ${long} text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
`;
  const data = `INSERT INTO notes (owner_id, owner_id__uuid) VALUES ('user_ada', '11111111-1111-4111-8111-111111111111'), ('user_cy', '22222222-2222-4222-8222-222222222222'), (NULL, '33333333-3333-4333-8333-333333333333');
INSERT INTO memos (${long}) VALUES ('user_cy');`;
  const { plan, db } = await setUp(schema, data);
  try {
    assert.deepEqual(needsPerson(plan), []);
    assert.deepEqual(
      plan.sql.split('\n').filter((l) => l.includes('ADD COLUMN')),
      ['  ALTER TABLE public.notes ADD COLUMN owner_id__uuid2 uuid;', `  ALTER TABLE public.memos ADD COLUMN ${long.slice(0, 57)}__uuid uuid;`],
    );
    await execOrExplain(db, plan.sql, 'the plan');
    assert.deepEqual(await rowsOf(db, 'SELECT owner_id, owner_id__uuid FROM notes ORDER BY id'), [
      `{"owner_id":"${ADA}","owner_id__uuid":"11111111-1111-4111-8111-111111111111"}`,
      `{"owner_id":"${CY}","owner_id__uuid":"22222222-2222-4222-8222-222222222222"}`,
      '{"owner_id":null,"owner_id__uuid":"33333333-3333-4333-8333-333333333333"}',
    ]);
    assert.deepEqual(await rowsOf(db, `SELECT ${long} AS v FROM memos`), [`{"v":"${CY}"}`]);
    assert.deepEqual(
      await rowsOf(
        db,
        `SELECT attrelid::regclass::text || '.' || attname || ' ' || format_type(atttypid, atttypmod) AS c FROM pg_attribute WHERE attrelid IN ('notes'::regclass, 'memos'::regclass) AND attnum > 0 AND NOT attisdropped ORDER BY attrelid::regclass::text, attnum`,
      ),
      [
        `{"c":"memos.id integer"}`,
        `{"c":"memos.${long} uuid"}`,
        '{"c":"notes.id integer"}',
        '{"c":"notes.owner_id__uuid uuid"}',
        '{"c":"notes.owner_id uuid"}',
      ],
    );
  } finally {
    await db.close();
  }
  // The database has a column the migrations do not show, of the name the file would add: the guard stops.
  const other = await setUp(schema.replace(', owner_id__uuid uuid', ''), `ALTER TABLE notes ADD COLUMN owner_id__uuid uuid; ${data}`);
  try {
    const err = await pgErrorOf(() => other.db.exec(other.plan.sql));
    assert.equal(err.code, 'P0001');
    assert.equal(
      err.message,
      'Stopped before changing anything: the columns this file adds to fill with the uuids exist already.\n  public.notes.owner_id__uuid (for public.notes.owner_id)',
    );
    await other.db.exec('ROLLBACK');
    assert.deepEqual(await rowsOf(other.db, 'SELECT owner_id, owner_id__uuid FROM notes ORDER BY id'), [
      '{"owner_id":"user_ada","owner_id__uuid":"11111111-1111-4111-8111-111111111111"}',
      '{"owner_id":"user_cy","owner_id__uuid":"22222222-2222-4222-8222-222222222222"}',
      '{"owner_id":null,"owner_id__uuid":"33333333-3333-4333-8333-333333333333"}',
    ]);
  } finally {
    await other.db.close();
  }
});
