/**
 * The migration plan (`server/src/migrate/plan.ts`) on real Postgres (PGlite), where the file must
 * either move every row as it is or stop before changing anything: row-level security that would
 * hide rows from the role that runs it, user triggers the backfill would fire, dependents it cannot
 * move (the report must say so too, so the CLI's exit code is not 0), policies that compare other
 * columns with auth.user_id(), and a temporary column name that is taken.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { foldMigrations } from '../server/src/linter/history';
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
