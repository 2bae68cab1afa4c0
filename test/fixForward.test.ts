/**
 * Fixing forward (`server/src/linter/fixForward.ts`, the engine's `fixedForward` stage): a later
 * statement of the file, or a later migration of the set, that REVOKEs a grant or replaces or drops
 * a view or routine silences the earlier findings about it; exact findings per file, and on PGlite
 * each set runs in order and leaves the privilege revoked or the new definition in place.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PGlite } from '@electric-sql/pglite';
import './helpers/pgGrammar';
import { DocumentLinter, lint } from '../server/src/linter/engine';
import { foldMigrations, HistoryFile } from '../server/src/linter/history';
import { execOrExplain, inRollback, openFixtureDb, pgErrorOf } from './helpers/pglite';

/** Each file of `files` linted with the history its set gives it: `rule:text covered` per finding. */
function perFile(files: HistoryFile[]): string[][] {
  const history = foldMigrations(files);
  return files.map((f, i) => lint(f.text, { priorSchema: history.before(i) }).findings.map((x) => `${x.ruleId}:${f.text.slice(x.start, x.end)}`));
}

const own = (text: string): string[] => lint(text).findings.map((x) => `${x.ruleId}:${text.slice(x.start, x.end)}`);

const GRANT = 'GRANT SELECT ON neon_auth.users_sync TO authenticated;\n';
const GRANT_FINDING = 'no-broad-auth-grants:authenticated';

const VIEW = 'CREATE VIEW "WorkspaceOwners" AS SELECT w.id, u.email FROM "Workspace" w JOIN neon_auth.users_sync u ON u.id = w."ownerId";\n';
const VIEW_FINDINGS = ['prefer-left-join:JOIN', 'require-deleted-at-filter:neon_auth.users_sync u'];
const REPLACED =
  'CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT w.id, u.email FROM "Workspace" w LEFT JOIN neon_auth.users_sync u ON u.id = w."ownerId" AND u.deleted_at IS NULL;\n';
const WORKSPACE = 'CREATE TABLE "Workspace" (id serial PRIMARY KEY, "ownerId" text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n';
const MATVIEW = 'CREATE MATERIALIZED VIEW owners_mv AS SELECT w.id, u.email FROM "Workspace" w JOIN neon_auth.users_sync u ON u.id = w."ownerId";\n';
const OWNER_EMAIL =
  'CREATE FUNCTION owner_email(wid int) RETURNS text LANGUAGE sql AS $$ SELECT u.email FROM "Workspace" w JOIN neon_auth.users_sync u ON u.id = w."ownerId" WHERE w.id = wid $$;\n';
const OWNER_EMAIL_FINDINGS = ['prefer-left-join:JOIN', 'require-deleted-at-filter:neon_auth.users_sync u'];

describe('a later REVOKE silences an earlier grant', () => {
  test('in a later migration: REVOKE of the same privilege or ALL from the grantee; not from PUBLIC, another role, another table, GRANT OPTION FOR only, or rolled back', () => {
    for (const [later, expected] of [
      ['REVOKE SELECT ON neon_auth.users_sync FROM authenticated;\n', []],
      ['REVOKE ALL ON neon_auth.users_sync FROM authenticated;\n', []],
      ['REVOKE ALL PRIVILEGES ON TABLE neon_auth.users_sync FROM authenticated, anonymous;\n', []],
      ['REVOKE SELECT ON ALL TABLES IN SCHEMA neon_auth FROM authenticated;\n', []],
      ['SET search_path TO neon_auth;\nREVOKE SELECT ON users_sync FROM authenticated;\n', []],
      ['REVOKE SELECT ON neon_auth.users_sync FROM PUBLIC;\n', [GRANT_FINDING]],
      ['REVOKE SELECT ON neon_auth.users_sync FROM anonymous;\n', [GRANT_FINDING]],
      ['REVOKE INSERT ON neon_auth.users_sync FROM authenticated;\n', [GRANT_FINDING]],
      ['REVOKE SELECT (email) ON neon_auth.users_sync FROM authenticated;\n', [GRANT_FINDING]],
      ['REVOKE SELECT ON neon_identity.users_sync FROM authenticated;\n', [GRANT_FINDING]],
      // unqualified under the default path: public.users_sync, another table
      ['REVOKE SELECT ON users_sync FROM authenticated;\n', [GRANT_FINDING]],
      ['REVOKE GRANT OPTION FOR SELECT ON neon_auth.users_sync FROM authenticated;\n', [GRANT_FINDING]],
      ['REVOKE SELECT ON neon_auth.users_sync FROM authenticated GRANTED BY neondb_owner;\n', [GRANT_FINDING]],
      ['REVOKE SELECT ON SEQUENCE neon_auth.users_sync FROM authenticated;\n', [GRANT_FINDING]],
      ['BEGIN;\nREVOKE SELECT ON neon_auth.users_sync FROM authenticated;\nROLLBACK;\n', [GRANT_FINDING]],
      ['BEGIN;\nSAVEPOINT s;\nREVOKE ALL ON neon_auth.users_sync FROM authenticated;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;\n', [GRANT_FINDING]],
    ] as const) {
      const files = [
        { path: 'prisma/migrations/20250101000000_grant/migration.sql', text: GRANT },
        { path: 'prisma/migrations/20250201000000_revoke/migration.sql', text: later },
      ];
      assert.deepEqual(perFile(files), [expected, []], later);
    }
  });

  test('every privilege the grant gave, on every table it named, must be taken back (several REVOKEs may do it); per grantee', () => {
    const grantAll = 'GRANT ALL ON neon_auth.users_sync TO authenticated, anonymous;\n';
    for (const [later, expected] of [
      ['REVOKE SELECT, INSERT, UPDATE, DELETE ON neon_auth.users_sync FROM authenticated, anonymous;\n', ['authenticated', 'anonymous']],
      [
        'REVOKE SELECT, INSERT, UPDATE, DELETE ON neon_auth.users_sync FROM authenticated, anonymous;\nREVOKE TRUNCATE ON neon_auth.users_sync FROM authenticated;\n',
        ['anonymous'],
      ],
      ['REVOKE ALL ON neon_auth.users_sync FROM anonymous;\n', ['authenticated']],
    ] as const) {
      const files = [
        { path: 'm/1.sql', text: grantAll },
        { path: 'm/2.sql', text: later },
      ];
      assert.deepEqual(perFile(files), [expected.map((g) => `no-broad-auth-grants:${g}`), []], later);
    }
    const two = 'GRANT SELECT ON neon_auth.users_sync, notes TO authenticated;\n';
    assert.deepEqual(
      perFile([
        { path: 'm/1.sql', text: two },
        { path: 'm/2.sql', text: 'REVOKE SELECT ON neon_auth.users_sync FROM authenticated;\n' },
      ]),
      [[GRANT_FINDING], []],
    );
    assert.deepEqual(
      perFile([
        { path: 'm/1.sql', text: two },
        { path: 'm/2.sql', text: 'REVOKE SELECT ON public.notes, neon_auth.users_sync FROM authenticated;\n' },
      ]),
      [[], []],
    );
  });

  test('ALTER DEFAULT PRIVILEGES: only a later ALTER DEFAULT PRIVILEGES … REVOKE for the same roles and schemas', () => {
    const grant = 'ALTER DEFAULT PRIVILEGES IN SCHEMA neon_auth GRANT SELECT ON TABLES TO anonymous;\n';
    for (const [later, expected] of [
      ['ALTER DEFAULT PRIVILEGES IN SCHEMA neon_auth REVOKE SELECT ON TABLES FROM anonymous;\n', []],
      ['ALTER DEFAULT PRIVILEGES FOR ROLE neondb_owner IN SCHEMA neon_auth REVOKE SELECT ON TABLES FROM anonymous;\n', ['no-broad-auth-grants:anonymous']],
      ['REVOKE SELECT ON ALL TABLES IN SCHEMA neon_auth FROM anonymous;\n', ['no-broad-auth-grants:anonymous']],
    ] as const) {
      assert.deepEqual(
        perFile([
          { path: 'm/1.sql', text: grant },
          { path: 'm/2.sql', text: later },
        ]),
        [expected, []],
        later,
      );
    }
  });

  test('in the same file: a REVOKE after the GRANT counts, one before it does not', () => {
    assert.deepEqual(own(`${GRANT}REVOKE SELECT ON neon_auth.users_sync FROM authenticated;\n`), []);
    assert.deepEqual(own(`REVOKE SELECT ON neon_auth.users_sync FROM authenticated;\n${GRANT}`), [GRANT_FINDING]);
    assert.deepEqual(own(`BEGIN;\n${GRANT}REVOKE SELECT ON neon_auth.users_sync FROM authenticated;\nROLLBACK;\n`), [GRANT_FINDING]);
  });
});

describe('a later CREATE OR REPLACE or DROP silences the findings in an earlier definition', () => {
  test('views across migrations: replaced or dropped by the same name (schema and search path followed); another name, schema or a rolled-back drop keeps them', () => {
    for (const [later, expected] of [
      [REPLACED, []],
      ['DROP VIEW "WorkspaceOwners";\n', []],
      ['DROP VIEW IF EXISTS public."WorkspaceOwners", other;\n', []],
      ['DROP VIEW "workspaceowners";\n', VIEW_FINDINGS],
      ['DROP VIEW archive."WorkspaceOwners";\n', VIEW_FINDINGS],
      ['SET search_path TO archive;\nDROP VIEW "WorkspaceOwners";\n', VIEW_FINDINGS],
      ['DROP MATERIALIZED VIEW "WorkspaceOwners";\n', VIEW_FINDINGS],
      ['BEGIN;\nDROP VIEW "WorkspaceOwners";\nROLLBACK;\n', VIEW_FINDINGS],
      // a routine of that name is another object
      ['DROP FUNCTION "WorkspaceOwners";\n', VIEW_FINDINGS],
    ] as const) {
      const files = [
        { path: 'm/1.sql', text: `${WORKSPACE}${VIEW}` },
        { path: 'm/2.sql', text: later },
      ];
      assert.deepEqual(perFile(files), [expected, []], later);
    }
  });

  test('a rename or SET SCHEMA in between: the definition lives on under the new name, and only a statement naming that name counts; a TEMP view or a DO block does not count', () => {
    for (const [later, expected] of [
      ['ALTER VIEW "WorkspaceOwners" RENAME TO old_owners;\nCREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT 1 AS id;\n', VIEW_FINDINGS],
      ['ALTER VIEW "WorkspaceOwners" RENAME TO old_owners;\nDROP VIEW IF EXISTS "WorkspaceOwners";\n', VIEW_FINDINGS],
      // Postgres renames a view by ALTER TABLE or ALTER INDEX too
      ['ALTER TABLE "WorkspaceOwners" RENAME TO old_owners;\nDROP VIEW IF EXISTS "WorkspaceOwners";\n', VIEW_FINDINGS],
      ['ALTER INDEX IF EXISTS public."WorkspaceOwners" RENAME TO old_owners;\nDROP VIEW IF EXISTS "WorkspaceOwners";\n', VIEW_FINDINGS],
      ['ALTER VIEW "WorkspaceOwners" SET SCHEMA archive;\nDROP VIEW IF EXISTS "WorkspaceOwners";\n', VIEW_FINDINGS],
      // another view takes the name: dropping it leaves the renamed one
      ['ALTER VIEW "WorkspaceOwners" RENAME TO old_owners;\nALTER VIEW other RENAME TO "WorkspaceOwners";\nDROP VIEW "WorkspaceOwners";\n', VIEW_FINDINGS],
      // the path unknown at the rename: it may name the view
      [
        'SELECT set_config(\'search_path\', $1, false);\nALTER VIEW "WorkspaceOwners" RENAME TO old_owners;\nSET search_path TO public;\nDROP VIEW "WorkspaceOwners";\n',
        VIEW_FINDINGS,
      ],
      // pg_temp."WorkspaceOwners": public's keeps its definition
      ['CREATE OR REPLACE TEMP VIEW "WorkspaceOwners" AS SELECT 1 AS id;\n', VIEW_FINDINGS],
      ['DO $$ BEGIN IF false THEN DROP VIEW "WorkspaceOwners"; END IF; END $$;\n', VIEW_FINDINGS],
      // its schema renamed: public."WorkspaceOwners" is renamed_public."WorkspaceOwners" now
      ['ALTER SCHEMA public RENAME TO renamed_public;\nDROP VIEW IF EXISTS public."WorkspaceOwners";\n', VIEW_FINDINGS],
      // followed
      ['ALTER SCHEMA public RENAME TO renamed_public;\nDROP VIEW renamed_public."WorkspaceOwners";\n', []],
      ['ALTER SCHEMA other RENAME TO renamed_other;\nDROP VIEW "WorkspaceOwners";\n', []],
      ['ALTER VIEW "WorkspaceOwners" RENAME TO old_owners;\nDROP VIEW old_owners;\n', []],
      ['ALTER VIEW "WorkspaceOwners" SET SCHEMA archive;\nDROP VIEW archive."WorkspaceOwners";\n', []],
      ['ALTER VIEW "WorkspaceOwners" RENAME TO old_owners;\nALTER TABLE old_owners RENAME TO "WorkspaceOwners";\nDROP VIEW "WorkspaceOwners";\n', []],
      ['ALTER VIEW "WorkspaceOwners" RENAME COLUMN email TO mail;\nDROP VIEW "WorkspaceOwners";\n', []],
      ['BEGIN;\nALTER VIEW "WorkspaceOwners" RENAME TO old_owners;\nROLLBACK;\nDROP VIEW "WorkspaceOwners";\n', []],
    ] as const) {
      const files = [
        { path: 'm/1.sql', text: `${WORKSPACE}${VIEW}` },
        { path: 'm/2.sql', text: later },
      ];
      assert.deepEqual(perFile(files), [expected, []], later);
      assert.deepEqual(own(`${WORKSPACE}${VIEW}${later}`), expected, later);
    }
    // a REVOKE in a DO block does not count either
    assert.deepEqual(own(`${GRANT}DO $$ BEGIN IF false THEN REVOKE SELECT ON neon_auth.users_sync FROM authenticated; END IF; END $$;\n`), [GRANT_FINDING]);
    assert.deepEqual(
      perFile([
        { path: 'm/1.sql', text: GRANT },
        { path: 'm/2.sql', text: 'DO $$ BEGIN REVOKE SELECT ON neon_auth.users_sync FROM authenticated; END $$;\n' },
      ]),
      [[GRANT_FINDING], []],
    );
  });

  test('in the same file: a later CREATE OR REPLACE counts; the replacement keeps its own findings; an earlier one does not count', () => {
    assert.deepEqual(own(`${VIEW}${REPLACED}`), []);
    assert.deepEqual(own(`${VIEW}${VIEW.replace('CREATE VIEW', 'CREATE OR REPLACE VIEW')}`), VIEW_FINDINGS);
    assert.deepEqual(own(`${REPLACED}${VIEW.replace('CREATE VIEW', 'CREATE OR REPLACE VIEW')}`), VIEW_FINDINGS);
  });

  test('a finding that says Postgres rejects the definition stays (the migration could not have run); only the rules about what the query returns or writes are silenced', () => {
    const bad = 'CREATE VIEW v AS SELECT u.nickname FROM neon_auth.users_sync u;\n';
    assert.deepEqual(own(bad), ['no-unknown-auth-column:nickname', 'require-deleted-at-filter:neon_auth.users_sync u']);
    assert.deepEqual(own(`${bad}DROP VIEW v;\n`), ['no-unknown-auth-column:nickname']);
    // uuid = text: Postgres rejects the view (42883), whatever comes later
    const compared =
      'CREATE TABLE notes (id int, owner_id text);\nCREATE VIEW v AS SELECT n.id FROM notes n LEFT JOIN neon_auth."user" u ON u.id = n.owner_id;\n';
    assert.deepEqual(own(compared), ['match-user-id-comparison:n.owner_id']);
    assert.deepEqual(own(`${compared}DROP VIEW v;\n`), ['match-user-id-comparison:n.owner_id']);
  });

  test('functions: replaced with the same argument list, or dropped without one or with the same; another signature is another function', () => {
    const fn = (replace: boolean, args: string): string =>
      `CREATE ${replace ? 'OR REPLACE ' : ''}FUNCTION owner_email(${args}) RETURNS text LANGUAGE sql AS $$ SELECT u.email FROM "Workspace" w JOIN neon_auth.users_sync u ON u.id = w."ownerId" WHERE w.id = wid $$;\n`;
    const findings = ['prefer-left-join:JOIN', 'require-deleted-at-filter:neon_auth.users_sync u'];
    const first = `${WORKSPACE}${fn(false, 'wid int')}`;
    assert.deepEqual(own(first), findings);
    for (const [later, expected] of [
      ['DROP FUNCTION owner_email;\n', []],
      ['DROP FUNCTION owner_email(wid int);\n', []],
      ['DROP ROUTINE public.owner_email(wid int);\n', []],
      ['DROP FUNCTION owner_email(bigint);\n', findings],
      ['DROP PROCEDURE owner_email;\n', findings],
    ] as const)
      assert.deepEqual(
        perFile([
          { path: 'm/1.sql', text: first },
          { path: 'm/2.sql', text: later },
        ])[0],
        expected,
        later,
      );
    // a rename in between; a replacement Postgres rejects: another return type (42P13), or a drop
    // without arguments when another routine has the name (42725)
    for (const [later, expected] of [
      ['ALTER FUNCTION owner_email(int) RENAME TO owner_email_old;\nDROP FUNCTION IF EXISTS owner_email;\n', findings],
      ['ALTER FUNCTION owner_email SET SCHEMA archive;\nDROP FUNCTION owner_email;\n', findings],
      ['ALTER FUNCTION owner_email(wid int) RENAME TO owner_email_old;\nDROP FUNCTION owner_email_old;\n', []],
      ['ALTER ROUTINE owner_email SET SCHEMA archive;\nDROP FUNCTION archive.owner_email;\n', []],
      ['CREATE OR REPLACE FUNCTION owner_email(wid int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n', findings],
      ['CREATE OR REPLACE FUNCTION owner_email(wid int) RETURNS TEXT LANGUAGE sql AS $$ SELECT NULL::text $$;\n', []],
      ["CREATE FUNCTION owner_email(wid bigint) RETURNS text LANGUAGE sql AS $$ SELECT '' $$;\nDROP FUNCTION owner_email;\n", findings],
      ["CREATE FUNCTION owner_email(wid bigint) RETURNS text LANGUAGE sql AS $$ SELECT '' $$;\nDROP FUNCTION owner_email(wid int);\n", []],
    ] as const)
      assert.deepEqual(
        perFile([
          { path: 'm/1.sql', text: first },
          { path: 'm/2.sql', text: later },
        ])[0],
        expected,
        later,
      );
    const other = "CREATE FUNCTION owner_email(wid bigint) RETURNS text LANGUAGE sql AS $$ SELECT '' $$;\n";
    assert.deepEqual(own(`${WORKSPACE}${other}${fn(false, 'wid int')}DROP FUNCTION owner_email;\n`), findings);
    assert.deepEqual(own(`${first}DROP FUNCTION owner_email;\n`), []);
    // the replacement with the same list is reported itself (it has the same body)
    assert.deepEqual(
      perFile([
        { path: 'm/1.sql', text: first },
        { path: 'm/2.sql', text: fn(true, 'wid int') },
      ]),
      [[], findings],
    );
  });

  test('a routine is named as Postgres identifies it: by its input argument types (names, IN, OUT arguments and defaults left out; int, integer, int4 and pg_catalog.int4 one type)', () => {
    const first = `${WORKSPACE}${OWNER_EMAIL}`;
    for (const [later, expected] of [
      ['DROP FUNCTION owner_email(int);\n', []],
      ['DROP FUNCTION owner_email(integer);\n', []],
      ['DROP FUNCTION owner_email(int4);\n', []],
      ['DROP FUNCTION owner_email(pg_catalog.int4);\n', []],
      ['DROP FUNCTION owner_email("int4");\n', []],
      ['DROP FUNCTION owner_email(IN wid int);\n', []],
      ['DROP FUNCTION owner_email(x integer);\n', []],
      ['DROP FUNCTION owner_email(wid IN integer, OUT e text);\n', []],
      ['ALTER FUNCTION owner_email(integer) RENAME TO owner_email_old;\nDROP FUNCTION owner_email_old(int4);\n', []],
      ["CREATE FUNCTION owner_email(wid bigint) RETURNS text LANGUAGE sql AS $$ SELECT '' $$;\nDROP FUNCTION owner_email(pg_catalog.int4);\n", []],
      // replaced: the same input types and names, the same return type however written
      ['CREATE OR REPLACE FUNCTION owner_email(wid integer) RETURNS pg_catalog.text LANGUAGE sql AS $$ SELECT NULL::text $$;\n', []],
      // another type: "integer" quoted is no type (42704), int8 and public.int4 are others
      ['DROP FUNCTION owner_email("integer");\n', OWNER_EMAIL_FINDINGS],
      ['DROP FUNCTION owner_email(int8);\n', OWNER_EMAIL_FINDINGS],
      ['DROP FUNCTION owner_email(public.int4);\n', OWNER_EMAIL_FINDINGS],
      // a function's list is its input types only: with its OUT type as well it names none (42883)
      ['DROP FUNCTION owner_email(int, text);\n', OWNER_EMAIL_FINDINGS],
      // Postgres rejects these replacements (42P13): an input argument renamed, another return type
      ['CREATE OR REPLACE FUNCTION owner_email(id integer) RETURNS text LANGUAGE sql AS $$ SELECT NULL::text $$;\n', OWNER_EMAIL_FINDINGS],
      ['CREATE OR REPLACE FUNCTION owner_email(wid integer) RETURNS character varying LANGUAGE sql AS $$ SELECT NULL::text $$;\n', OWNER_EMAIL_FINDINGS],
    ] as const) {
      const files = [
        { path: 'm/1.sql', text: first },
        { path: 'm/2.sql', text: later },
      ];
      assert.deepEqual(perFile(files)[0], expected, later);
      assert.deepEqual(own(`${first}${later}`), expected, later);
    }
  });

  test("a procedure's OUT arguments: DROP PROCEDURE | ROUTINE with no mode written also reads its list as every argument's (the SQL standard's), unless that names another procedure too (42725)", () => {
    const proc = `CREATE PROCEDURE owner_email_of(wid int, OUT email text) LANGUAGE sql AS $$ SELECT u.email FROM "Workspace" w JOIN neon_auth.users_sync u ON u.id = w."ownerId" WHERE w.id = wid $$;\n`;
    const first = `${WORKSPACE}${proc}`;
    assert.deepEqual(own(first), OWNER_EMAIL_FINDINGS);
    const other = 'CREATE PROCEDURE owner_email_of(a int, b text) LANGUAGE sql AS $$ SELECT 1 $$;\n';
    for (const [later, expected] of [
      ['DROP PROCEDURE owner_email_of(int);\n', []],
      ['DROP PROCEDURE owner_email_of(integer, text);\n', []],
      ['DROP ROUTINE owner_email_of(int4, text);\n', []],
      ['DROP PROCEDURE owner_email_of(int, OUT text);\n', []],
      [`${other}DROP PROCEDURE owner_email_of(int, OUT text);\n`, []],
      // a mode written: every argument not marked OUT is an input (int, text: no such procedure, 42883)
      ['DROP PROCEDURE owner_email_of(IN int, text);\n', OWNER_EMAIL_FINDINGS],
      // a function's statement does not read the list both ways, nor drop a procedure (42809)
      ['DROP FUNCTION owner_email_of(int);\n', OWNER_EMAIL_FINDINGS],
      // (int, text) names both procedures: 42725
      [`${other}DROP PROCEDURE owner_email_of(int, text);\n`, OWNER_EMAIL_FINDINGS],
    ] as const) {
      const files = [
        { path: 'm/1.sql', text: first },
        { path: 'm/2.sql', text: later },
      ];
      assert.deepEqual(perFile(files)[0], expected, later);
    }
  });

  test('CREATE OR REPLACE VIEW with fewer columns than the view is rejected (42P16): the findings stay; as many or more columns replace it; a count the text does not tell (x.*) counts as before', () => {
    for (const [later, expected] of [
      ['CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT w.id FROM "Workspace" w;\n', VIEW_FINDINGS],
      ['CREATE OR REPLACE VIEW "WorkspaceOwners" (id) AS SELECT w.id FROM "Workspace" w;\n', VIEW_FINDINGS],
      ['CREATE OR REPLACE VIEW "WorkspaceOwners" AS WITH o AS (SELECT 1, 2) SELECT DISTINCT ON (w.id, w."ownerId") w.id FROM "Workspace" w;\n', VIEW_FINDINGS],
      ['CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT w.id FROM "Workspace" w UNION SELECT 1;\n', VIEW_FINDINGS],
      [REPLACED, []],
      [
        'CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT w.id, u.email, coalesce(w."ownerId", \'\') AS owner FROM "Workspace" w LEFT JOIN neon_auth.users_sync u ON u.id = w."ownerId" AND u.deleted_at IS NULL;\n',
        [],
      ],
      [
        'CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT x.* FROM (SELECT w.id, u.email FROM "Workspace" w LEFT JOIN neon_auth.users_sync u ON u.id = w."ownerId" AND u.deleted_at IS NULL) x;\n',
        [],
      ],
    ] as const) {
      const files = [
        { path: 'm/1.sql', text: `${WORKSPACE}${VIEW}` },
        { path: 'm/2.sql', text: later },
      ];
      assert.deepEqual(perFile(files), [expected, []], later);
      assert.deepEqual(own(`${WORKSPACE}${VIEW}${later}`), expected, later);
    }
  });

  test('a rename Postgres rejects is not followed: ALTER INDEX … SET SCHEMA (a syntax error, 42601), ALTER MATERIALIZED VIEW of a view and ALTER VIEW of a materialized view (42809)', () => {
    for (const [later, expected] of [
      ['ALTER INDEX "WorkspaceOwners" SET SCHEMA archive;\nDROP VIEW archive."WorkspaceOwners";\n', VIEW_FINDINGS],
      ['ALTER MATERIALIZED VIEW "WorkspaceOwners" RENAME TO old_owners;\nDROP VIEW old_owners;\n', VIEW_FINDINGS],
      ['ALTER MATERIALIZED VIEW "WorkspaceOwners" SET SCHEMA archive;\nDROP VIEW archive."WorkspaceOwners";\n', VIEW_FINDINGS],
      // those Postgres takes for a view
      ['ALTER INDEX "WorkspaceOwners" RENAME TO old_owners;\nDROP VIEW old_owners;\n', []],
      ['ALTER TABLE "WorkspaceOwners" SET SCHEMA archive;\nDROP VIEW archive."WorkspaceOwners";\n', []],
    ] as const) {
      const files = [
        { path: 'm/1.sql', text: `${WORKSPACE}${VIEW}` },
        { path: 'm/2.sql', text: later },
      ];
      assert.deepEqual(perFile(files), [expected, []], later);
    }
    const mv = MATVIEW;
    const mvFindings = ['prefer-left-join:JOIN', 'require-deleted-at-filter:neon_auth.users_sync u'];
    for (const [later, expected] of [
      ['ALTER VIEW owners_mv RENAME TO old_mv;\nDROP MATERIALIZED VIEW old_mv;\n', mvFindings],
      ['ALTER MATERIALIZED VIEW owners_mv RENAME TO old_mv;\nDROP MATERIALIZED VIEW old_mv;\n', []],
      ['ALTER TABLE owners_mv RENAME TO old_mv;\nDROP MATERIALIZED VIEW old_mv;\n', []],
    ] as const)
      assert.deepEqual(own(`${WORKSPACE}${mv}${later}`), expected, later);
  });

  test('the editor gives what lint gives while a later statement of the file is typed and undone', () => {
    const linter = new DocumentLinter();
    const base = `${WORKSPACE}${VIEW}`;
    const check = (text: string): void =>
      assert.deepEqual(
        linter.lint(text).findings.map((f) => `${f.ruleId}@${f.start}`),
        lint(text).findings.map((f) => `${f.ruleId}@${f.start}`),
        text,
      );
    check(base);
    check(`${base}DROP VIEW "WorkspaceOwners";\n`);
    check(base);
    check(`${base}DROP VIEW "WorkspaceOwner";\n`);
    check(`${GRANT}REVOKE SELECT ON neon_auth.users_sync FROM authenticated;\n`);
    check(GRANT);
  });
});

describe('fixed-forward sets on Postgres', () => {
  let db: PGlite;
  before(async () => {
    db = await openFixtureDb();
  });
  after(async () => {
    await db?.close();
  });

  test('GRANT then a later REVOKE: the set runs, and authenticated can no longer read users_sync', async () => {
    await inRollback(db, async () => {
      await execOrExplain(db, GRANT, 'm/1.sql');
      const has = async (): Promise<boolean> =>
        (await db.query<{ ok: boolean }>("SELECT has_table_privilege('authenticated', 'neon_auth.users_sync', 'SELECT') AS ok")).rows[0].ok;
      assert.equal(await has(), true);
      // a revoke from PUBLIC leaves the grant to the role
      await execOrExplain(db, 'REVOKE SELECT ON neon_auth.users_sync FROM PUBLIC;', 'public');
      assert.equal(await has(), true);
      await execOrExplain(db, 'REVOKE ALL ON neon_auth.users_sync FROM authenticated;', 'm/2.sql');
      assert.equal(await has(), false);
    });
  });

  test('CREATE VIEW then a later CREATE OR REPLACE VIEW (LEFT JOIN, deleted_at IS NULL): the set runs and the view has the new definition', async () => {
    await inRollback(db, async () => {
      await execOrExplain(db, `${WORKSPACE}${VIEW}`, 'm/1.sql');
      await execOrExplain(db, REPLACED, 'm/2.sql');
      const { rows } = await db.query<{ def: string }>(`SELECT pg_get_viewdef('"WorkspaceOwners"'::regclass) AS def`);
      assert.match(rows[0].def, /LEFT JOIN neon_auth\.users_sync u/);
      assert.match(rows[0].def, /deleted_at IS NULL/);
      await execOrExplain(db, 'DROP VIEW "WorkspaceOwners";', 'm/3.sql');
    });
  });

  test('what the tests above take Postgres to accept or reject (each on the definitions, then undone): routine lists, view replacements, renames', async () => {
    await inRollback(db, async () => {
      await execOrExplain(db, `CREATE SCHEMA archive;\n${WORKSPACE}${VIEW}${MATVIEW}${OWNER_EMAIL}`, 'definitions');
      await execOrExplain(
        db,
        `CREATE PROCEDURE owner_email_of(wid int, OUT email text) LANGUAGE sql AS $$ SELECT u.email FROM "Workspace" w JOIN neon_auth.users_sync u ON u.id = w."ownerId" WHERE w.id = wid $$;`,
        'procedure',
      );
      const outcome = async (sql: string): Promise<string> => {
        await db.exec('SAVEPOINT s');
        try {
          await db.exec(sql);
          return 'ok';
        } catch (e) {
          return (e as { code?: string }).code ?? '?';
        } finally {
          await db.exec('ROLLBACK TO SAVEPOINT s');
        }
      };
      const other = 'CREATE PROCEDURE owner_email_of(a int, b text) LANGUAGE sql AS $$ SELECT 1 $$;\n';
      for (const [sql, expected] of [
        ['DROP FUNCTION owner_email(int);', 'ok'],
        ['DROP FUNCTION owner_email(integer);', 'ok'],
        ['DROP FUNCTION owner_email(int4);', 'ok'],
        ['DROP FUNCTION owner_email(pg_catalog.int4);', 'ok'],
        ['DROP FUNCTION owner_email("int4");', 'ok'],
        ['DROP FUNCTION owner_email(IN wid int);', 'ok'],
        ['DROP FUNCTION owner_email(x integer);', 'ok'],
        ['DROP FUNCTION owner_email(wid IN integer, OUT e text);', 'ok'],
        ['ALTER FUNCTION owner_email(integer) RENAME TO owner_email_old;\nDROP FUNCTION owner_email_old(int4);', 'ok'],
        ['CREATE OR REPLACE FUNCTION owner_email(wid integer) RETURNS pg_catalog.text LANGUAGE sql AS $$ SELECT NULL::text $$;', 'ok'],
        ['DROP FUNCTION owner_email("integer");', '42704'],
        ['DROP FUNCTION owner_email(int8);', '42883'],
        ['DROP FUNCTION owner_email(public.int4);', '42704'],
        ['DROP FUNCTION owner_email(int, text);', '42883'],
        ['CREATE OR REPLACE FUNCTION owner_email(id integer) RETURNS text LANGUAGE sql AS $$ SELECT NULL::text $$;', '42P13'],
        ['CREATE OR REPLACE FUNCTION owner_email(wid integer) RETURNS character varying LANGUAGE sql AS $$ SELECT NULL::text $$;', '42P13'],
        ['DROP PROCEDURE owner_email_of(int);', 'ok'],
        ['DROP PROCEDURE owner_email_of(integer, text);', 'ok'],
        ['DROP ROUTINE owner_email_of(int4, text);', 'ok'],
        ['DROP PROCEDURE owner_email_of(int, OUT text);', 'ok'],
        [`${other}DROP PROCEDURE owner_email_of(int, OUT text);`, 'ok'],
        ['DROP PROCEDURE owner_email_of(IN int, text);', '42883'],
        ['DROP FUNCTION owner_email_of(int);', '42809'],
        [`${other}DROP PROCEDURE owner_email_of(int, text);`, '42725'],
        ['CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT w.id FROM "Workspace" w;', '42P16'],
        ['CREATE OR REPLACE VIEW "WorkspaceOwners" (id) AS SELECT w.id FROM "Workspace" w;', '42P16'],
        ['CREATE OR REPLACE VIEW "WorkspaceOwners" AS WITH o AS (SELECT 1, 2) SELECT DISTINCT ON (w.id, w."ownerId") w.id FROM "Workspace" w;', '42P16'],
        ['CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT w.id FROM "Workspace" w UNION SELECT 1;', '42P16'],
        [REPLACED, 'ok'],
        [
          'CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT w.id, u.email, coalesce(w."ownerId", \'\') AS owner FROM "Workspace" w LEFT JOIN neon_auth.users_sync u ON u.id = w."ownerId" AND u.deleted_at IS NULL;',
          'ok',
        ],
        [
          'CREATE OR REPLACE VIEW "WorkspaceOwners" AS SELECT x.* FROM (SELECT w.id, u.email FROM "Workspace" w LEFT JOIN neon_auth.users_sync u ON u.id = w."ownerId" AND u.deleted_at IS NULL) x;',
          'ok',
        ],
        ['ALTER INDEX "WorkspaceOwners" SET SCHEMA archive;', '42601'],
        ['ALTER MATERIALIZED VIEW "WorkspaceOwners" RENAME TO old_owners;', '42809'],
        ['ALTER MATERIALIZED VIEW "WorkspaceOwners" SET SCHEMA archive;', '42809'],
        ['ALTER INDEX "WorkspaceOwners" RENAME TO old_owners;\nDROP VIEW old_owners;', 'ok'],
        ['ALTER TABLE "WorkspaceOwners" SET SCHEMA archive;\nDROP VIEW archive."WorkspaceOwners";', 'ok'],
        ['ALTER VIEW owners_mv RENAME TO old_mv;', '42809'],
        ['ALTER MATERIALIZED VIEW owners_mv RENAME TO old_mv;\nDROP MATERIALIZED VIEW old_mv;', 'ok'],
        ['ALTER TABLE owners_mv RENAME TO old_mv;\nDROP MATERIALIZED VIEW old_mv;', 'ok'],
      ] as const)
        assert.equal(await outcome(sql), expected, sql);
    });
  });

  test('a rename in between: the set runs and the view lives on with its JOIN; a routine replacement or drop Postgres rejects (42P13, 42725)', async () => {
    await inRollback(db, async () => {
      await execOrExplain(db, `${WORKSPACE}${VIEW}`, 'm/1.sql');
      await execOrExplain(db, 'ALTER VIEW "WorkspaceOwners" RENAME TO old_owners;\nDROP VIEW IF EXISTS "WorkspaceOwners";', 'm/2.sql');
      const { rows } = await db.query<{ def: string }>(`SELECT pg_get_viewdef('old_owners'::regclass) AS def`);
      assert.match(rows[0].def, /\bJOIN neon_auth\.users_sync u/);
      assert.doesNotMatch(rows[0].def, /LEFT JOIN/);
      const fn = `CREATE FUNCTION owner_email(wid int) RETURNS text LANGUAGE sql AS $$ SELECT u.email FROM "Workspace" w JOIN neon_auth.users_sync u ON u.id = w."ownerId" WHERE w.id = wid $$;`;
      await execOrExplain(db, fn, 'function');
      await db.exec('SAVEPOINT s');
      const returns = await pgErrorOf(() => db.exec('CREATE OR REPLACE FUNCTION owner_email(wid int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;'));
      assert.equal(returns.code, '42P13');
      await db.exec('ROLLBACK TO SAVEPOINT s');
      await execOrExplain(db, "CREATE FUNCTION owner_email(wid bigint) RETURNS text LANGUAGE sql AS $$ SELECT '' $$;", 'overload');
      assert.equal((await pgErrorOf(() => db.exec('DROP FUNCTION owner_email;'))).code, '42725');
    });
  });
});
