import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

export const cases: RuleCase[] = [
  {
    name: 'flags DROP TABLE of a current-generation table (sign-in breaks, its rows are lost)',
    sql: 'DROP TABLE neon_auth.session;',
    findings: [
      {
        at: 'neon_auth.session',
        messageId: 'dropOwned',
        message: 'Dropping neon_auth.session: it is owned by Neon Auth (Better Auth): dropping it breaks sign-in and loses its rows.',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags renaming a current-generation table (Neon Auth reads and writes it by its name)',
    sql: 'ALTER TABLE neon_auth.session RENAME TO sessions;',
    findings: [
      {
        at: 'neon_auth.session',
        messageId: 'renameOwned',
        message: 'Renaming neon_auth.session: it is owned by Neon Auth (Better Auth), which reads and writes it by this name.',
        fixes: [],
      },
    ],
  },
  // ---- legacy users_sync: rows --------------------------------------------------------------
  {
    name: 'warns on INSERT into users_sync, even when it writes only raw_json',
    sql: `INSERT INTO neon_auth.users_sync (raw_json) VALUES ('{"id": "user_dan", "display_name": "Dan", "primary_email": "dan@example.com", "signed_up_at_millis": 1740000000000}');`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'writeSyncedRows',
        message: 'Inserting into neon_auth.users_sync: it is a read-only replica',
        severity: 'warning',
        fixes: [],
      },
    ],
  },
  {
    name: 'reports each generated column an INSERT writes as an error (428C9) instead of the table',
    sql: `INSERT INTO neon_auth.users_sync (raw_json, id, email) VALUES ('{"id": "user_x"}', 'user_x', 'x@example.com');`,
    rejectedBy: '428C9',
    findings: [
      { at: 'id', messageId: 'writeGeneratedColumn', message: 'id is a generated column of neon_auth.users_sync', severity: 'error', fixes: [] },
      { at: 'email', messageId: 'writeGeneratedColumn', message: 'fails with SQLSTATE 428C9', severity: 'error', fixes: [] },
    ],
  },
  {
    name: 'reports a generated column set by UPDATE as an error (428C9)',
    sql: `UPDATE neon_auth.users_sync SET email = 'ada@neon.tech' WHERE id = 'user_ada';`,
    rejectedBy: '428C9',
    findings: [{ at: 'email', messageId: 'writeGeneratedColumn', severity: 'error', fixes: [] }],
  },
  {
    name: 'reports a generated column in a multi-column UPDATE SET list and in ON CONFLICT DO UPDATE',
    sql: `UPDATE neon_auth.users_sync u SET (updated_at, name) = (now(), 'Ada L.') WHERE u.id = 'user_ada';
INSERT INTO neon_auth.users_sync (raw_json) VALUES ('{"id": "user_ada"}') ON CONFLICT (id) DO UPDATE SET created_at = now();`,
    rejectedBy: '428C9',
    findings: [
      { at: 'name', messageId: 'writeGeneratedColumn', severity: 'error', fixes: [] },
      { at: 'created_at', messageId: 'writeGeneratedColumn', severity: 'error', fixes: [] },
    ],
  },
  {
    name: 'warns on a hand-made soft delete (UPDATE … SET deleted_at) and on DELETE, also under neon_identity',
    sql: `UPDATE neon_auth.users_sync SET deleted_at = now() WHERE id = 'user_cy';
DELETE FROM neon_identity.users_sync WHERE id = 'user_ada';`,
    findings: [
      { at: 'neon_auth.users_sync', messageId: 'writeSyncedRows', message: 'Updating neon_auth.users_sync', severity: 'warning', fixes: [] },
      { at: 'neon_identity.users_sync', messageId: 'writeSyncedRows', message: 'Deleting from neon_identity.users_sync', fixes: [] },
    ],
  },
  {
    name: 'warns on a DELETE … USING the parser rejects, from tokens',
    sql: `DELETE FROM neon_auth.users_sync u USING app.todos t WHERE t.user_id = u.id AND t.done;`,
    parserMayReject: true,
    findings: [{ at: 'neon_auth.users_sync', messageId: 'writeSyncedRows', message: 'Deleting from neon_auth.users_sync', fixes: [] }],
  },
  {
    name: 'reports a generated column written inside a PL/pgSQL function body',
    sql: `CREATE FUNCTION app.set_display(uid text, display text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE neon_auth.users_sync SET name = display WHERE id = uid;
END $$;`,
    findings: [{ at: 'name', messageId: 'writeGeneratedColumn', message: 'generated column', severity: 'error', fixes: [] }],
  },
  // ---- legacy users_sync: DDL ---------------------------------------------------------------
  {
    name: 'warns on ALTER TABLE … ADD COLUMN on users_sync',
    sql: `ALTER TABLE neon_auth.users_sync ADD COLUMN plan text NOT NULL DEFAULT 'free';`,
    findings: [{ at: 'neon_auth.users_sync', messageId: 'changeSynced', message: 'Altering neon_auth.users_sync', fixes: [] }],
  },
  {
    name: 'warns on renaming users_sync: the sync needs the name',
    sql: `ALTER TABLE neon_auth.users_sync RENAME TO app_users;`,
    findings: [{ at: 'neon_auth.users_sync', messageId: 'renameSynced', message: 'renaming breaks the sync', fixes: [] }],
  },
  {
    name: 'warns on ENABLE ROW LEVEL SECURITY and CREATE POLICY on users_sync (forms the parser rejects)',
    sql: `ALTER TABLE neon_auth.users_sync ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_sync_live ON neon_auth.users_sync FOR SELECT USING (deleted_at IS NULL);`,
    parserMayReject: true,
    findings: [
      { at: 'neon_auth.users_sync', messageId: 'changeSynced', message: 'Changing row-level security of neon_auth.users_sync', fixes: [] },
      { at: 'neon_auth.users_sync', messageId: 'changeSynced', nth: 1, message: 'Creating a policy on neon_auth.users_sync', fixes: [] },
    ],
  },
  {
    name: 'warns on CREATE TRIGGER … ON users_sync (a form the parser rejects)',
    sql: `CREATE FUNCTION app.welcome_todo() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO app.todos (task, user_id) VALUES ('Say hello', NEW.id);
  RETURN NEW;
END $$;
CREATE TRIGGER users_welcome AFTER INSERT OR UPDATE OF raw_json ON neon_auth.users_sync FOR EACH ROW EXECUTE FUNCTION app.welcome_todo();`,
    parserMayReject: true,
    findings: [{ at: 'neon_auth.users_sync', messageId: 'changeSynced', message: 'Creating a trigger on neon_auth.users_sync', fixes: [] }],
  },
  {
    name: 'warns on CREATE INDEX … ON users_sync',
    sql: `CREATE INDEX users_sync_email_idx ON neon_auth.users_sync (lower(email));`,
    findings: [{ at: 'neon_auth.users_sync', messageId: 'changeSynced', message: 'Creating an index on neon_auth.users_sync', fixes: [] }],
  },
  {
    name: 'warns on an ORM migration that drops and re-creates users_sync',
    sql: `DROP TABLE IF EXISTS neon_auth.users_sync CASCADE;
CREATE TABLE IF NOT EXISTS neon_auth.users_sync (
  raw_json jsonb NOT NULL,
  id text PRIMARY KEY GENERATED ALWAYS AS (raw_json ->> 'id') STORED,
  deleted_at timestamptz
);`,
    findings: [
      { at: 'neon_auth.users_sync', messageId: 'dropSynced', message: 'Dropping neon_auth.users_sync', fixes: [] },
      { at: 'neon_auth.users_sync', messageId: 'recreate', nth: 1, message: 'Re-creating neon_auth.users_sync', fixes: [] },
    ],
  },
  {
    name: 'warns on MERGE INTO users_sync (an upsert of synced users by hand)',
    sql: `MERGE INTO neon_auth.users_sync u
USING (VALUES ('{"id": "user_ada", "display_name": "Ada"}'::jsonb)) AS s(raw) ON u.id = s.raw ->> 'id'
WHEN MATCHED THEN UPDATE SET raw_json = s.raw
WHEN NOT MATCHED THEN INSERT (raw_json) VALUES (s.raw);`,
    parserMayReject: true,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'writeSyncedRows',
        message: "Merging into neon_auth.users_sync: it is a read-only replica kept by Neon Auth's sync",
        severity: 'warning',
        fixes: [],
      },
    ],
  },
  {
    name: 'warns on MERGE after WITH, EXPLAIN and PREPARE … AS',
    sql: `WITH x AS (SELECT 'user_x' AS id) MERGE INTO neon_auth.users_sync u USING x ON u.id = x.id WHEN MATCHED THEN DELETE;
EXPLAIN MERGE INTO neon_auth.users_sync u USING (SELECT 'user_x' AS id) x ON u.id = x.id WHEN MATCHED THEN DELETE;
PREPARE forget_user AS MERGE INTO neon_auth.users_sync u USING (SELECT 'user_x' AS id) x ON u.id = x.id WHEN MATCHED THEN DELETE;`,
    parserMayReject: true,
    findings: [
      { at: 'neon_auth.users_sync', messageId: 'writeSyncedRows', message: 'Merging into neon_auth.users_sync', fixes: [] },
      { at: 'neon_auth.users_sync', messageId: 'writeSyncedRows', nth: 1, message: 'Merging into neon_auth.users_sync', fixes: [] },
      { at: 'neon_auth.users_sync', messageId: 'writeSyncedRows', nth: 2, message: 'Merging into neon_auth.users_sync', fixes: [] },
    ],
  },
  {
    name: 'reports each generated column a MERGE writes as an error (428C9)',
    sql: `MERGE INTO neon_auth.users_sync u USING (SELECT 'user_x' AS id) s ON u.id = s.id
WHEN MATCHED THEN UPDATE SET email = 'x@example.com'
WHEN NOT MATCHED THEN INSERT (raw_json, id) VALUES ('{"id": "user_x"}', s.id);`,
    rejectedBy: '428C9',
    parserMayReject: true,
    findings: [
      { at: 'email', messageId: 'writeGeneratedColumn', message: 'email is a generated column of neon_auth.users_sync', severity: 'error', fixes: [] },
      { at: 'id', messageId: 'writeGeneratedColumn', nth: 3, message: 'id is a generated column of neon_auth.users_sync', severity: 'error', fixes: [] },
    ],
  },
  {
    name: 'is silent on MERGE into a table of your own that reads users_sync',
    sql: `MERGE INTO todos t USING neon_auth.users_sync u ON t.user_id = u.id
WHEN NOT MATCHED AND u.deleted_at IS NULL THEN INSERT (task, user_id) VALUES ('Say hello to ' || u.name, u.id);`,
    parserMayReject: true,
    findings: [],
  },
  // ---- current generation --------------------------------------------------------------------
  {
    name: 'warns on writes to the current tables: UPDATE "user", DELETE in a CTE, TRUNCATE TABLE session',
    sql: `UPDATE neon_auth."user" SET "emailVerified" = true WHERE email = 'grace@example.com';
WITH gone AS (DELETE FROM neon_auth."user" WHERE banned RETURNING id) SELECT count(*) FROM gone;
TRUNCATE TABLE neon_auth.session;`,
    parserMayReject: true,
    findings: [
      { at: 'neon_auth."user"', messageId: 'writeOwnedRows', message: 'Updating neon_auth."user": it is owned by Neon Auth (Better Auth)', fixes: [] },
      { at: 'neon_auth."user"', messageId: 'writeOwnedRows', nth: 1, message: 'Deleting from neon_auth."user"', fixes: [] },
      { at: 'neon_auth.session', messageId: 'writeOwnedRows', message: 'Truncating neon_auth.session', fixes: [] },
    ],
  },
  {
    name: 'warns on MERGE INTO neon_auth."user"',
    sql: `MERGE INTO neon_auth."user" u USING (SELECT 'a0000000-0000-4000-8000-000000000001'::uuid AS id) AS s ON u.id = s.id
WHEN MATCHED THEN DELETE;`,
    parserMayReject: true,
    findings: [
      { at: 'neon_auth."user"', messageId: 'writeOwnedRows', message: 'Merging into neon_auth."user": it is owned by Neon Auth (Better Auth)', fixes: [] },
    ],
  },
  {
    name: 'warns on DDL on the current tables: ADD COLUMN on "user", an index on account',
    sql: `ALTER TABLE neon_auth."user" ADD COLUMN plan text;
CREATE UNIQUE INDEX IF NOT EXISTS account_provider_idx ON neon_auth.account ("providerId", "accountId");`,
    findings: [
      {
        at: 'neon_auth."user"',
        messageId: 'changeOwned',
        message: 'Altering neon_auth."user": it is owned by Neon Auth (Better Auth), which manages its schema',
        fixes: [],
      },
      { at: 'neon_auth.account', messageId: 'changeOwned', message: 'Creating an index on neon_auth.account', fixes: [] },
    ],
  },
  // ---- objects in Neon's schema --------------------------------------------------------------
  {
    name: 'warns on creating a table, a function and a view inside the neon_auth schema',
    sql: `CREATE TABLE neon_auth.profiles (user_id uuid PRIMARY KEY REFERENCES neon_auth."user"(id) ON DELETE CASCADE, bio text);
CREATE OR REPLACE FUNCTION neon_auth.is_admin(uid uuid) RETURNS boolean LANGUAGE sql AS $$ SELECT role = 'admin' FROM neon_auth."user" WHERE id = uid $$;
CREATE VIEW neon_auth.live_users AS SELECT id, email FROM neon_auth.users_sync WHERE deleted_at IS NULL;`,
    findings: [
      { at: 'neon_auth.profiles', messageId: 'createInAuthSchema', message: 'Creating table neon_auth.profiles inside neon_auth', fixes: [] },
      { at: 'neon_auth.is_admin', messageId: 'createInAuthSchema', message: 'Creating function neon_auth.is_admin inside neon_auth', fixes: [] },
      { at: 'neon_auth.live_users', messageId: 'createInAuthSchema', message: 'Creating view neon_auth.live_users inside neon_auth', fixes: [] },
    ],
  },
  {
    name: 'warns on dropping a Neon Auth schema (a form the parser rejects)',
    sql: `DROP SCHEMA IF EXISTS neon_identity CASCADE;`,
    parserMayReject: true,
    findings: [{ at: 'neon_identity', messageId: 'dropAuthSchema', message: 'Dropping schema neon_identity', fixes: [] }],
  },
  {
    name: 'warns on CREATE SCHEMA neon_auth without IF NOT EXISTS (drizzle-kit writes it; 42P06 where Neon Auth is enabled), and writes IF NOT EXISTS',
    sql: `CREATE SCHEMA "neon_auth";`,
    rejectedBy: '42P06',
    findings: [
      {
        at: '"neon_auth"',
        messageId: 'createAuthSchema',
        message: 'Creating schema "neon_auth": Neon Auth creates it, so this statement fails where Neon Auth is enabled (SQLSTATE 42P06',
        fixes: [
          {
            title: 'Write IF NOT EXISTS (nothing to create where Neon Auth is enabled)',
            preferred: true,
            safe: true,
            output: `CREATE SCHEMA IF NOT EXISTS "neon_auth";`,
          },
        ],
      },
    ],
  },
  {
    name: 'writes if not exists in the case of the statement',
    sql: `create schema neon_auth;`,
    rejectedBy: '42P06',
    findings: [
      {
        at: 'neon_auth',
        messageId: 'createAuthSchema',
        fixes: [
          {
            title: 'Write if not exists (nothing to create where Neon Auth is enabled)',
            preferred: true,
            safe: true,
            output: `create schema if not exists neon_auth;`,
          },
        ],
      },
    ],
  },
  {
    name: 'writes IF NOT EXISTS between SCHEMA and a quoted name written without a space',
    sql: `CREATE SCHEMA"neon_auth";`,
    rejectedBy: '42P06',
    findings: [
      {
        at: '"neon_auth"',
        messageId: 'createAuthSchema',
        fixes: [
          {
            title: 'Write IF NOT EXISTS (nothing to create where Neon Auth is enabled)',
            preferred: true,
            safe: true,
            output: `CREATE SCHEMA IF NOT EXISTS "neon_auth";`,
          },
        ],
      },
    ],
  },
  {
    name: 'CREATE SCHEMA neon_auth AUTHORIZATION role: IF NOT EXISTS goes after SCHEMA',
    sql: `CREATE SCHEMA neon_auth AUTHORIZATION CURRENT_USER;`,
    rejectedBy: '42P06',
    findings: [
      {
        at: 'neon_auth',
        messageId: 'createAuthSchema',
        fixes: [
          {
            title: 'Write IF NOT EXISTS (nothing to create where Neon Auth is enabled)',
            preferred: true,
            safe: true,
            output: `CREATE SCHEMA IF NOT EXISTS neon_auth AUTHORIZATION CURRENT_USER;`,
          },
        ],
      },
    ],
  },
  {
    name: 'CREATE SCHEMA neon_auth with schema elements (a drizzle-kit breakpoint with no semicolon before it makes one statement): reported, no fix (Postgres refuses IF NOT EXISTS there)',
    sql: `CREATE SCHEMA "neon_auth"--> statement-breakpoint
CREATE TABLE "todos" ("id" int);`,
    rejectedBy: '42P06',
    findings: [{ at: '"neon_auth"', messageId: 'createAuthSchema', fixes: [] }],
  },
  {
    name: 'accepts CREATE SCHEMA IF NOT EXISTS neon_auth, and a schema of the app',
    sql: `CREATE SCHEMA IF NOT EXISTS neon_auth;
CREATE SCHEMA billing_reports;`,
    findings: [],
  },
  // ---- valid ---------------------------------------------------------------------------------
  {
    name: 'accepts reading the tables and foreign keys that reference them',
    sql: `SELECT u.id, u.name FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
SELECT count(*) FROM neon_auth.session s WHERE s."expiresAt" > now();
CREATE TABLE notes (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE TABLE workspaces (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE);`,
    findings: [],
  },
  {
    name: 'accepts writes to other tables, also when they read the user tables',
    sql: `INSERT INTO app.todos (task, user_id) SELECT 'Welcome', u.id FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
UPDATE app.posts p SET published = false FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NOT NULL;
DELETE FROM app.comments WHERE author_id NOT IN (SELECT id FROM neon_auth.users_sync);
CREATE INDEX todos_user_idx ON app.todos (user_id);`,
    findings: [],
  },
  {
    name: 'accepts a table of the same name in another schema, and the schema itself when it already exists',
    sql: `CREATE TABLE app.users_sync (id text PRIMARY KEY, plan text);
ALTER TABLE app.users_sync ADD COLUMN note text;
INSERT INTO app.users_sync (id, plan) SELECT id, 'free' FROM neon_auth.users_sync;
CREATE SCHEMA IF NOT EXISTS neon_auth;`,
    findings: [],
  },
  {
    name: 'flags an UPDATE of an unqualified users_sync that SET search_path resolves to neon_auth',
    sql: `SET search_path TO neon_auth, public;
UPDATE users_sync SET name = 'Ada' WHERE id = 'user_ada';`,
    rejectedBy: '428C9',
    findings: [
      {
        at: 'name',
        messageId: 'writeGeneratedColumn',
        message: 'name is a generated column of neon_auth.users_sync',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags a write to an unqualified "user" in a procedure body whose own SET search_path clause resolves it to neon_auth; not in one without the clause',
    sql: `CREATE PROCEDURE rename_user(uid uuid, new_name text) LANGUAGE plpgsql SET search_path = neon_auth AS $$
BEGIN
  UPDATE "user" SET name = new_name WHERE id = uid;
END
$$;
CREATE PROCEDURE touch_user(uid uuid) LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "user" SET "updatedAt" = now() WHERE id = uid;
END
$$;`,
    findings: [
      {
        at: '"user"',
        messageId: 'writeOwnedRows',
        message: 'Updating neon_auth."user": it is owned by Neon Auth (Better Auth)',
        fixes: [],
      },
    ],
  },
  ...drizzleCases,
];
