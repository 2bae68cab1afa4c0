import { drizzleCases } from './drizzle.cases';
import { RuleCase } from '../caseTypes';

/** A module with a Prisma client (its raw tags send each `${…}` typed from its JavaScript value: a string as text). */
const PRISMA = "import { Prisma, PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const TS = { language: 'typescript' };

/** An app table with a uuid and a text column that hold user ids but declare no foreign key. */
const NOTES = 'CREATE TABLE notes (id serial PRIMARY KEY, author uuid, owner text, body text);';

export const cases: RuleCase[] = [
  {
    name: 'flags users_sync.id (text) compared with a parameter cast to uuid and casts it to text (safe)',
    rejectedBy: '42883',
    sql: `PREPARE cmp_find_user(text) AS SELECT u.email FROM neon_auth.users_sync u WHERE u.id = $1::uuid AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: '$1::uuid',
        messageId: 'castOperand',
        message:
          "u.id (neon_auth.users_sync.id) is text, but $1::uuid is uuid: Postgres has no text = uuid operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast it to text (the parameter then has the id's type).",
        severity: 'error',
        fixes: [
          {
            title: 'Cast to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `PREPARE cmp_find_user(text) AS SELECT u.email FROM neon_auth.users_sync u WHERE u.id = $1::text AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a JOIN of users_sync on a uuid column of a table the file defines and casts the column to text (safe)',
    rejectedBy: '42883',
    sql: `${NOTES}
SELECT n.body, u.name FROM notes n JOIN neon_auth.users_sync u ON u.id = n.author WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'n.author',
        messageId: 'castColumnToText',
        message:
          'u.id (neon_auth.users_sync.id) is text, but n.author is uuid: Postgres has no text = uuid operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the column: n.author::text.',
        fixes: [
          {
            title: 'Cast n.author to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `${NOTES}
SELECT n.body, u.name FROM notes n JOIN neon_auth.users_sync u ON u.id = n.author::TEXT WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags "user".id (uuid) compared with a text column, the column first, and offers ::uuid as a suggestion',
    rejectedBy: '42883',
    sql: `${NOTES}
select n.body from notes n left join neon_auth."user" u on n.owner = u.id;`,
    findings: [
      {
        at: 'n.owner',
        messageId: 'castColumnToUuid',
        message:
          'u.id (neon_auth."user".id) is uuid, but n.owner is text: Postgres has no text = uuid operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the column: n.owner::uuid (it fails on a value that is not a uuid).',
        fixes: [
          {
            title: 'Cast n.owner to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: false,
            output: `${NOTES}
select n.body from notes n left join neon_auth."user" u on n.owner::uuid = u.id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a uuid parameter on the left of the id, in lower case',
    rejectedBy: '42883',
    sql: `prepare find_user_by_id(text) as select u.email from neon_auth.users_sync u where $1::UUID = u.id and u.deleted_at is null;`,
    findings: [
      {
        at: '$1::UUID',
        messageId: 'castOperand',
        message: 'is uuid: Postgres has no uuid = text operator',
        fixes: [
          {
            title: 'Cast to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `prepare find_user_by_id(text) as select u.email from neon_auth.users_sync u where $1::TEXT = u.id and u.deleted_at is null;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an item of an IN list: a canonical uuid literal cast to uuid becomes a text literal (safe)',
    rejectedBy: '42883',
    sql: `SELECT u.email FROM neon_auth.users_sync u WHERE u.id IN ('user_ada', '3f1c2a4e-8b1d-4c2e-9f7a-1b2c3d4e5f60'::uuid) AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: `'3f1c2a4e-8b1d-4c2e-9f7a-1b2c3d4e5f60'::uuid`,
        messageId: 'castOperand',
        message: 'Postgres has no text = uuid operator',
        fixes: [
          {
            title: 'Cast to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `SELECT u.email FROM neon_auth.users_sync u WHERE u.id IN ('user_ada', '3f1c2a4e-8b1d-4c2e-9f7a-1b2c3d4e5f60'::text) AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a uuid literal in upper case cast to text compares another text form: a suggestion',
    rejectedBy: '42883',
    sql: `SELECT u.email FROM neon_auth.users_sync u WHERE u.id NOT IN ('3F1C2A4E-8B1D-4C2E-9F7A-1B2C3D4E5F60'::uuid) AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: `'3F1C2A4E-8B1D-4C2E-9F7A-1B2C3D4E5F60'::uuid`,
        messageId: 'castOperand',
        message: 'Postgres has no text <> uuid operator',
        fixes: [
          {
            title: 'Cast to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: false,
            output: `SELECT u.email FROM neon_auth.users_sync u WHERE u.id NOT IN ('3F1C2A4E-8B1D-4C2E-9F7A-1B2C3D4E5F60'::text) AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags = ANY of a uuid array parameter and keeps the array brackets',
    rejectedBy: '42883',
    sql: `PREPARE cmp_find_users(text[]) AS SELECT u.email FROM neon_auth.users_sync u WHERE u.id = ANY($1::uuid[]) AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: '$1::uuid[]',
        messageId: 'castOperand',
        message: 'u.id (neon_auth.users_sync.id) is text, but $1::uuid[] is uuid[]: Postgres has no text = uuid operator',
        fixes: [
          {
            title: 'Cast to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `PREPARE cmp_find_users(text[]) AS SELECT u.email FROM neon_auth.users_sync u WHERE u.id = ANY($1::text[]) AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags "user".id IS DISTINCT FROM CAST(parameter AS text), the unqualified id of the one table',
    rejectedBy: '42883',
    sql: `PREPARE cmp_others(uuid) AS SELECT email FROM neon_auth."user" WHERE id IS DISTINCT FROM CAST($1 AS text);`,
    findings: [
      {
        at: 'CAST($1 AS text)',
        messageId: 'castOperand',
        message: 'id (neon_auth."user".id) is uuid, but CAST($1 AS text) is text: Postgres has no uuid = text operator',
        fixes: [
          {
            title: 'Cast to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `PREPARE cmp_others(uuid) AS SELECT email FROM neon_auth."user" WHERE id IS DISTINCT FROM CAST($1 AS uuid);`,
          },
        ],
      },
    ],
  },
  {
    name: 'a text literal that is no uuid, compared with "user".id, gets no fix',
    rejectedBy: '42883',
    sql: `SELECT email FROM neon_auth."user" WHERE neon_auth."user".id <> 'user_ada'::text;`,
    findings: [
      {
        at: `'user_ada'::text`,
        messageId: 'notAUuid',
        message: `neon_auth."user".id is uuid, but 'user_ada'::text is text: Postgres has no uuid <> text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). 'user_ada' is not a uuid, so no neon_auth."user" id can equal it.`,
        fixes: [],
      },
    ],
  },
  {
    name: "changes a column's cast: a text column cast to uuid becomes a cast to text, which does nothing (safe)",
    rejectedBy: '42883',
    sql: `${NOTES}
SELECT n.body FROM notes n WHERE EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = n.owner::uuid AND u.deleted_at IS NULL);`,
    findings: [
      {
        at: 'n.owner::uuid',
        messageId: 'castOperand',
        fixes: [
          {
            title: 'Cast to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `${NOTES}
SELECT n.body FROM notes n WHERE EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = n.owner::text AND u.deleted_at IS NULL);`,
          },
        ],
      },
    ],
  },
  {
    name: 'a text column cast to text, compared with "user".id, becomes a cast to uuid: a suggestion (it fails on other text)',
    rejectedBy: '42883',
    sql: `${NOTES}
SELECT u.email FROM neon_auth."user" u JOIN notes n ON u.id = n.owner::varchar(36);`,
    findings: [
      {
        at: 'n.owner::varchar(36)',
        messageId: 'castOperand',
        fixes: [
          {
            title: 'Cast to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: false,
            output: `${NOTES}
SELECT u.email FROM neon_auth."user" u JOIN notes n ON u.id = n.owner::uuid;`,
          },
        ],
      },
    ],
  },
  {
    name: "resolves an unqualified outer column in a policy's sub-query (the policy's table)",
    rejectedBy: '42883',
    sql: `${NOTES}
create policy notes_live_author on notes for select using (exists (select 1 from neon_auth.users_sync u where u.id = author and u.deleted_at is null));`,
    findings: [
      {
        at: 'author',
        messageId: 'castColumnToText',
        nth: 2,
        message: 'u.id (neon_auth.users_sync.id) is text, but author is uuid',
        fixes: [
          {
            title: 'Cast author to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `${NOTES}
create policy notes_live_author on notes for select using (exists (select 1 from neon_auth.users_sync u where u.id = author::text and u.deleted_at is null));`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a column added by ALTER TABLE, in a WITH CHECK clause',
    rejectedBy: '42883',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, body text);
ALTER TABLE docs ADD COLUMN editor uuid;
CREATE POLICY docs_editor ON docs FOR INSERT WITH CHECK (body IS NOT NULL AND EXISTS (SELECT 1 FROM neon_auth.users_sync s WHERE s.id = docs.editor));`,
    findings: [
      {
        at: 'docs.editor',
        messageId: 'castColumnToText',
        fixes: [
          {
            title: 'Cast docs.editor to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, body text);
ALTER TABLE docs ADD COLUMN editor uuid;
CREATE POLICY docs_editor ON docs FOR INSERT WITH CHECK (body IS NOT NULL AND EXISTS (SELECT 1 FROM neon_auth.users_sync s WHERE s.id = docs.editor::TEXT));`,
          },
        ],
      },
    ],
  },
  {
    name: "a join of the two generations' ids casts the uuid one to text (which never fails), whichever side it is on",
    rejectedBy: '42883',
    sql: `SELECT s.email FROM neon_auth."user" u JOIN neon_auth.users_sync s ON u.id = s.id WHERE s.deleted_at IS NULL;`,
    findings: [
      {
        at: 'u.id',
        messageId: 'castColumnToText',
        message: 's.id (neon_auth.users_sync.id) is text, but u.id is uuid: Postgres has no uuid = text operator',
        fixes: [
          {
            title: 'Cast u.id to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `SELECT s.email FROM neon_auth."user" u JOIN neon_auth.users_sync s ON u.id::TEXT = s.id WHERE s.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  // ---- valid ----
  {
    name: 'accepts the id compared with its own type: a text or untyped parameter, a cast column, a uuid for "user"',
    sql: `${NOTES}
PREPARE cmp_by_text(text) AS SELECT u.email FROM neon_auth.users_sync u WHERE u.id = $1::text AND u.deleted_at IS NULL;
PREPARE cmp_untyped(text) AS SELECT u.email FROM neon_auth.users_sync u WHERE u.id = $1 AND u.deleted_at IS NULL;
SELECT n.body FROM notes n JOIN neon_auth.users_sync u ON u.id = n.author::text WHERE u.deleted_at IS NULL;
SELECT n.body FROM notes n JOIN neon_auth.users_sync u ON n.author::text = u.id WHERE u.deleted_at IS NULL;
PREPARE cmp_by_uuid(uuid) AS SELECT u.email FROM neon_auth."user" u WHERE u.id = $1::uuid OR u.id = ANY($2::uuid[]);
SELECT n.body FROM notes n JOIN neon_auth."user" u ON u.id = n.author;`,
    findings: [],
  },
  {
    name: 'stays silent when the other type is unknown: tables the file does not define, sub-queries, other columns, helpers',
    sql: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
SELECT u.email FROM neon_auth.users_sync u WHERE u.id IN (SELECT t.user_id FROM todos t) AND u.deleted_at IS NULL;
SELECT u.email FROM neon_auth.users_sync u WHERE u.email = 'ada@example.com'::text AND u.deleted_at IS NULL;
SELECT u.email FROM neon_auth."user" u WHERE u.id = gen_random_uuid();`,
    findings: [],
  },
  {
    name: 'checks a column with the type an earlier ALTER TABLE of the file gave it (uuid retyped to text, joined to the current user table)',
    rejectedBy: '42883',
    sql: `CREATE TABLE members (id serial PRIMARY KEY, user_ref uuid);
ALTER TABLE members ALTER COLUMN user_ref TYPE text;
SELECT m.id FROM members m JOIN neon_auth."user" u ON u.id = m.user_ref;`,
    findings: [
      {
        at: 'm.user_ref',
        messageId: 'castColumnToUuid',
        fixes: [
          {
            title: 'Cast m.user_ref to uuid (the type of neon_auth."user".id)',
            preferred: true,
            output: `CREATE TABLE members (id serial PRIMARY KEY, user_ref uuid);
ALTER TABLE members ALTER COLUMN user_ref TYPE text;
SELECT m.id FROM members m JOIN neon_auth."user" u ON u.id = m.user_ref::UUID;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a statement before the ALTER TABLE that retypes a column is checked with the type it had then',
    rejectedBy: '42883',
    sql: `CREATE TABLE members (id serial PRIMARY KEY, user_ref text);
SELECT m.id FROM members m JOIN neon_auth."user" u ON u.id = m.user_ref;
ALTER TABLE members ALTER COLUMN user_ref TYPE uuid USING user_ref::uuid;`,
    findings: [
      {
        at: 'm.user_ref',
        messageId: 'castColumnToUuid',
        fixes: [
          {
            title: 'Cast m.user_ref to uuid (the type of neon_auth."user".id)',
            preferred: true,
            output: `CREATE TABLE members (id serial PRIMARY KEY, user_ref text);
SELECT m.id FROM members m JOIN neon_auth."user" u ON u.id = m.user_ref::UUID;
ALTER TABLE members ALTER COLUMN user_ref TYPE uuid USING user_ref::uuid;`,
          },
        ],
      },
    ],
  },
  {
    name: "an ALTER TABLE of another schema's table of the same name does not retype this one",
    sql: `CREATE SCHEMA archive;
CREATE TABLE archive.members (id serial PRIMARY KEY, user_ref uuid);
CREATE TABLE members (id serial PRIMARY KEY, user_ref uuid);
ALTER TABLE archive.members ALTER COLUMN user_ref TYPE text;
SELECT m.id FROM members m JOIN neon_auth."user" u ON u.id = m.user_ref;`,
    findings: [],
  },
  {
    name: 'follows an ALTER TABLE that retypes a column to the right type (the text-to-uuid migration step)',
    sql: `CREATE TABLE members (id serial PRIMARY KEY, user_ref text);
ALTER TABLE members ALTER COLUMN user_ref TYPE uuid USING user_ref::uuid;
SELECT m.id FROM members m JOIN neon_auth."user" u ON u.id = m.user_ref;`,
    findings: [],
  },
  {
    name: 'a CREATE TABLE that a ROLLBACK TO SAVEPOINT undid is not a second definition: the one left is judged (uuid)',
    rejectedBy: '42883',
    sql: `SAVEPOINT s;
CREATE TABLE notes30 (id serial PRIMARY KEY, owner_id text);
ROLLBACK TO SAVEPOINT s;
CREATE TABLE notes30 (id serial PRIMARY KEY, owner_id uuid);
SELECT n.id FROM notes30 n LEFT JOIN neon_auth.users_sync u ON u.id = n.owner_id WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'n.owner_id',
        messageId: 'castColumnToText',
        fixes: [
          {
            title: 'Cast n.owner_id to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `SAVEPOINT s;
CREATE TABLE notes30 (id serial PRIMARY KEY, owner_id text);
ROLLBACK TO SAVEPOINT s;
CREATE TABLE notes30 (id serial PRIMARY KEY, owner_id uuid);
SELECT n.id FROM notes30 n LEFT JOIN neon_auth.users_sync u ON u.id = n.owner_id::TEXT WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma $queryRaw: the current "user".id (uuid) compared with ${userId}, which Prisma sends as text (42883), gets ::uuid after the ${…} (safe)',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}export const me = (userId: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" WHERE id = \${userId}\`;\n`,
    findings: [
      {
        at: '${userId}',
        messageId: 'typedParameter',
        message:
          'id (neon_auth."user".id) is uuid, but Prisma\'s native query engine (Prisma 6 and earlier, without a driver adapter) sends the parameter (${userId}) typed from its JavaScript value, a string as text: Postgres has no uuid = text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter: ${userId}::uuid. (A driver adapter, @prisma/adapter-pg or @prisma/adapter-neon, sends it untyped and the comparison works: with one in the file\'s package.json, this is not reported.)',
        fixes: [
          {
            title: 'Cast the parameter to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}export const me = (userId: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" WHERE id = \${userId}::uuid\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma.sql: a ${…} on the left of the id is typed text too',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}const q = Prisma.sql\`SELECT u.name FROM neon_auth."user" u WHERE \${me} = u.id\`;\n`,
    findings: [
      {
        at: '${me}',
        messageId: 'typedParameter',
        message:
          'u.id (neon_auth."user".id) is uuid, but Prisma\'s native query engine (Prisma 6 and earlier, without a driver adapter) sends the parameter (${me}) typed from its JavaScript value, a string as text: Postgres has no text = uuid operator',
        fixes: [
          {
            title: 'Cast the parameter to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}const q = Prisma.sql\`SELECT u.name FROM neon_auth."user" u WHERE \${me}::uuid = u.id\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma $executeRaw: a ${…} in an IN list of the id (each item compared with it) is typed text too',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}await prisma.$executeRaw\`UPDATE app.posts SET published = false WHERE author_id IN (SELECT u.id::text FROM neon_auth."user" u WHERE u.id NOT IN (\${a}))\`;\n`,
    findings: [
      {
        at: '${a}',
        messageId: 'typedParameter',
        message: 'Postgres has no uuid <> text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter: ${a}::uuid.',
        fixes: [
          {
            title: 'Cast the parameter to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}await prisma.$executeRaw\`UPDATE app.posts SET published = false WHERE author_id IN (SELECT u.id::text FROM neon_auth."user" u WHERE u.id NOT IN (\${a}::uuid))\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma: no finding for a ${…} already cast to uuid, for the legacy users_sync.id (text = text), nor for the Neon driver, which sends parameters untyped',
    options: TS,
    sql: `${PRISMA}import { neon } from '@neondatabase/serverless';\nconst sql = neon(process.env.DATABASE_URL!);\nawait prisma.$queryRaw\`SELECT name FROM neon_auth."user" WHERE id = \${userId}::uuid\`;\nawait prisma.$executeRaw\`SELECT name FROM neon_auth.users_sync WHERE id = \${userId} AND deleted_at IS NULL\`;\nawait sql\`SELECT name FROM neon_auth."user" WHERE id = \${userId}\`;\n`,
    findings: [],
  },
  {
    name: 'Prisma through a driver adapter (prismaDriverAdapter: the package lists @prisma/adapter-pg or @prisma/adapter-neon, or Prisma 7): each ${…} reaches Postgres untyped and takes the id\'s type, as $1 does, so no comparison of it with "user".id is reported (measured with Prisma 7.10.1 and 6.19.3: the queries return their rows)',
    options: { ...TS, prismaDriverAdapter: true },
    sql: `${PRISMA}export const me = (userId: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" WHERE id = \${userId}\`;\nexport const q = (me: string) => Prisma.sql\`SELECT u.name FROM neon_auth."user" u WHERE \${me} = u.id OR u.id IN (\${a}, \${b}) OR u.id > \${cursor} OR u.id BETWEEN \${lo} AND \${hi} OR (u.id, u.name) = (\${me}, \${name}) OR \${me} COLLATE "C" = u.id\`;\n`,
    findings: [],
  },
  {
    name: 'Prisma: a comment or a line break between a ${…} and its ::uuid is skipped, as Postgres skips it: the parameter is cast, no finding',
    options: TS,
    sql: `${PRISMA}export const a = (userId: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id = \${userId} /* the session's user */ ::uuid\`;\nexport const b = (userId: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id = \${userId}\n  -- the session's user\n  ::uuid\`;\nexport const c = (x: string, y: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id IN (\${x}/* one */::uuid, \${y} :: uuid)\`;\n`,
    findings: [],
  },
  {
    name: 'Prisma: a ${…} the file shows is a number, a bigint or a boolean (a literal, a const, a parameter typed so) compared with "user".id is reported with no cast: Postgres cannot cast it to uuid (42846)',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}const n: number = 1;\nexport const a = () => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id = \${n}\`;\nexport const b = (k: bigint) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id IN (\${1}, \${k})\`;\n`,
    findings: [
      {
        at: '${n}',
        messageId: 'nonStringParameter',
        message:
          'u.id (neon_auth."user".id) is uuid, but the parameter (${n}) is a number, a bigint or a boolean in JavaScript, which Prisma\'s native query engine (Prisma 6 and earlier, without a driver adapter) sends typed as such: Postgres has no operator comparing uuid with it and rejects the comparison (SQLSTATE 42883, operator does not exist), and ${n}::uuid fails too (42846, cannot cast to uuid). A user id is a uuid string: compare the id with one.',
        fixes: [],
      },
      { at: '${1}', messageId: 'nonStringParameter', message: 'but the parameter (${1}) is a number, a bigint or a boolean in JavaScript', fixes: [] },
      { at: '${k}', messageId: 'nonStringParameter', message: 'and ${k}::uuid fails too (42846, cannot cast to uuid)', fixes: [] },
    ],
  },
  {
    name: 'Prisma: the low bound of a BETWEEN of the uuid "user".id (x >= lo to Postgres) is typed text too, and gets ::uuid (safe)',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}export const page = (from: string, to: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id BETWEEN \${from} AND \${to}::uuid\`;\n`,
    findings: [
      {
        at: '${from}',
        messageId: 'typedParameter',
        message:
          'u.id (neon_auth."user".id) is uuid, but Prisma\'s native query engine (Prisma 6 and earlier, without a driver adapter) sends the parameter (${from}) typed from its JavaScript value, a string as text: Postgres has no uuid >= text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter: ${from}::uuid. (A driver adapter, @prisma/adapter-pg or @prisma/adapter-neon, sends it untyped and the comparison works: with one in the file\'s package.json, this is not reported.)',
        fixes: [
          {
            title: 'Cast the parameter to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}export const page = (from: string, to: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id BETWEEN \${from}::uuid AND \${to}::uuid\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma: the high bound of a NOT BETWEEN of the uuid "user".id (x > hi to Postgres) is typed text too, and gets ::uuid (safe)',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}export const outside = (from: string, to: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id NOT BETWEEN \${from}::uuid AND \${to}\`;\n`,
    findings: [
      {
        at: '${to}',
        messageId: 'typedParameter',
        message: 'Postgres has no uuid > text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter: ${to}::uuid.',
        fixes: [
          {
            title: 'Cast the parameter to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}export const outside = (from: string, to: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id NOT BETWEEN \${from}::uuid AND \${to}::uuid\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma: a ${…} under a COLLATE is still typed text; the fix casts it and drops the COLLATE, which a uuid refuses (42804)',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}export const me = (userId: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE \${userId} COLLATE "C" = u.id\`;\n`,
    findings: [
      {
        at: '${userId}',
        messageId: 'typedParameterCollate',
        message:
          'u.id (neon_auth."user".id) is uuid, but Prisma\'s native query engine (Prisma 6 and earlier, without a driver adapter) sends the parameter (${userId}) typed from its JavaScript value, a string as text: Postgres has no text = uuid operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter and drop its COLLATE "C" (uuid has no collation, 42804): ${userId}::uuid. (A driver adapter, @prisma/adapter-pg or @prisma/adapter-neon, sends it untyped and the comparison works: with one in the file\'s package.json, this is not reported.)',
        fixes: [
          {
            title: 'Cast the parameter to uuid and drop its COLLATE (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}export const me = (userId: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE \${userId}::uuid = u.id\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma: in a row comparison each item is compared with its own: the ${…} that meets the uuid "user".id gets ::uuid, the one that meets name (text) is fine',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}export const find = (id: string, name: string) => prisma.$queryRaw\`SELECT email FROM neon_auth."user" u WHERE (u.id, u.name) = (\${id}, \${name})\`;\n`,
    findings: [
      {
        at: '${id}',
        messageId: 'typedParameter',
        message: 'Postgres has no uuid = text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter: ${id}::uuid.',
        fixes: [
          {
            title: 'Cast the parameter to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}export const find = (id: string, name: string) => prisma.$queryRaw\`SELECT email FROM neon_auth."user" u WHERE (u.id, u.name) = (\${id}::uuid, \${name})\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags users_sync.id (text) against a uuid cast in NOT BETWEEN (< and > to Postgres) and casts it to text (safe)',
    rejectedBy: '42883',
    sql: `PREPARE cmp_outside(text, text) AS SELECT u.email FROM neon_auth.users_sync u WHERE u.id NOT BETWEEN $1::uuid AND $2 AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: '$1::uuid',
        messageId: 'castOperand',
        message:
          "u.id (neon_auth.users_sync.id) is text, but $1::uuid is uuid: Postgres has no text < uuid operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast it to text (the parameter then has the id's type).",
        fixes: [
          {
            title: 'Cast to text (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `PREPARE cmp_outside(text, text) AS SELECT u.email FROM neon_auth.users_sync u WHERE u.id NOT BETWEEN $1::text AND $2 AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags "user".id (uuid) against a text column in a row comparison, item by item, and offers ::uuid as a suggestion',
    rejectedBy: '42883',
    sql: `${NOTES}
SELECT n.body FROM notes n JOIN neon_auth."user" u ON (u.id, u.name) = (n.owner, n.body);`,
    findings: [
      {
        at: 'n.owner',
        messageId: 'castColumnToUuid',
        message:
          'u.id (neon_auth."user".id) is uuid, but n.owner is text: Postgres has no uuid = text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the column: n.owner::uuid (it fails on a value that is not a uuid).',
        fixes: [
          {
            title: 'Cast n.owner to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: false,
            output: `${NOTES}
SELECT n.body FROM notes n JOIN neon_auth."user" u ON (u.id, u.name) = (n.owner::UUID, n.body);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags "user".id (uuid) against a text column in a ROW(…) ordering, with its operator; the uuid column beside it is fine',
    rejectedBy: '42883',
    sql: `${NOTES}
SELECT n.body FROM notes n JOIN neon_auth."user" u ON ROW(n.author, n.owner) < ROW(u.id, u.id);`,
    findings: [
      {
        at: 'n.owner',
        messageId: 'castColumnToUuid',
        message: 'u.id (neon_auth."user".id) is uuid, but n.owner is text: Postgres has no text < uuid operator',
        fixes: [
          {
            title: 'Cast n.owner to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: false,
            output: `${NOTES}
SELECT n.body FROM notes n JOIN neon_auth."user" u ON ROW(n.author, n.owner::UUID) < ROW(u.id, u.id);`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma: a ${…} of a parameter typed string, though a const of the same name elsewhere is a number, still gets ::uuid; ordering the id by a uuid cast is fine',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}const n = 1;\nexport const a = (n: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id = \${n} OR u.id < \${n}::uuid\`;\n`,
    findings: [
      {
        at: '${n}',
        messageId: 'typedParameter',
        message: 'Postgres has no uuid = text operator',
        fixes: [
          {
            title: 'Cast the parameter to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}const n = 1;\nexport const a = (n: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id = \${n}::uuid OR u.id < \${n}::uuid\`;\n`,
          },
        ],
      },
    ],
  },
  {
    name: 'Prisma: a ${…} typed number | string may be a string: it is typed text as ever, and gets ::uuid (here against > : Postgres has no uuid > text)',
    options: TS,
    rejectedBy: '42883',
    sql: `${PRISMA}export const after = (cursor: number | string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id > \${cursor} ORDER BY u.id\`;\n`,
    findings: [
      {
        at: '${cursor}',
        messageId: 'typedParameter',
        message:
          'Postgres has no uuid > text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter: ${cursor}::uuid.',
        fixes: [
          {
            title: 'Cast the parameter to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: true,
            output: `${PRISMA}export const after = (cursor: number | string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id > \${cursor}::uuid ORDER BY u.id\`;\n`,
          },
        ],
      },
    ],
  },
  ...drizzleCases,
];
