import { RuleCase } from '../caseTypes';

export const cases: RuleCase[] = [
  {
    name: 'flags a column neither generation has, listing the columns the table has',
    sql: 'SELECT u.nickname FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;',
    rejectedBy: '42703',
    findings: [
      {
        at: 'nickname',
        messageId: 'unknownColumn',
        message:
          'neon_auth.users_sync has no column nickname; its columns are raw_json, id, name, email, created_at, updated_at, deleted_at. Postgres rejects the query (SQLSTATE 42703, undefined column).',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags an unquoted camelCase column of neon_auth."user" (it folds to lower case) and quotes it',
    rejectedBy: '42703',
    sql: `SELECT u.id, u.email, u.createdAt FROM neon_auth."user" u;`,
    findings: [
      {
        at: 'createdAt',
        messageId: 'mustQuote',
        message: 'unquoted names fold to lower case',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            output: `SELECT u.id, u.email, u."createdAt" FROM neon_auth."user" u;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an unquoted lower-case spelling of a camelCase column and writes it quoted',
    rejectedBy: '42703',
    sql: `SELECT u.email FROM neon_auth."user" u WHERE u.emailverified;`,
    findings: [
      {
        at: 'emailverified',
        messageId: 'mustQuote',
        fixes: [
          {
            title: 'Write "emailVerified" (the column\'s real name)',
            preferred: true,
            output: `SELECT u.email FROM neon_auth."user" u WHERE u."emailVerified";`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the legacy snake_case created_at on neon_auth."user" in ORDER BY and writes "createdAt"',
    rejectedBy: '42703',
    sql: `SELECT u.id, u.email FROM neon_auth."user" u ORDER BY u.created_at DESC LIMIT 10;`,
    findings: [
      {
        at: 'created_at',
        messageId: 'currentSpelling',
        message: 'spells it "createdAt"',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            output: `SELECT u.id, u.email FROM neon_auth."user" u ORDER BY u."createdAt" DESC LIMIT 10;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags email_verified on neon_auth."user" in WHERE and writes "emailVerified"',
    rejectedBy: '42703',
    sql: `select u.email from neon_auth."user" as u where u.email_verified = true;`,
    findings: [
      {
        at: 'email_verified',
        messageId: 'currentSpelling',
        fixes: [
          {
            title: 'Write "emailVerified" (the column\'s real name)',
            preferred: true,
            output: `select u.email from neon_auth."user" as u where u."emailVerified" = true;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags updated_at on neon_auth."user" in GROUP BY, qualified by the table name, and writes "updatedAt"',
    rejectedBy: '42703',
    sql: `SELECT "user"."updatedAt"::date, count(*) FROM neon_auth."user" GROUP BY neon_auth."user".updated_at::date;`,
    findings: [
      {
        at: 'updated_at',
        messageId: 'currentSpelling',
        fixes: [
          {
            title: 'Write "updatedAt" (the column\'s real name)',
            preferred: true,
            output: `SELECT "user"."updatedAt"::date, count(*) FROM neon_auth."user" GROUP BY neon_auth."user"."updatedAt"::date;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the current "createdAt" on the legacy users_sync and writes created_at',
    rejectedBy: '42703',
    sql: `SELECT u.id, u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL AND u."createdAt" > now() - interval '7 days';`,
    findings: [
      {
        at: '"createdAt"',
        messageId: 'legacySpelling',
        message: 'spells it created_at',
        fixes: [
          {
            title: "Write created_at (the column's real name)",
            preferred: true,
            output: `SELECT u.id, u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL AND u.created_at > now() - interval '7 days';`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags "updatedAt" on users_sync in a join ON and writes updated_at',
    rejectedBy: '42703',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u."updatedAt" > p.created_at WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: '"updatedAt"',
        messageId: 'legacySpelling',
        fixes: [
          {
            title: "Write updated_at (the column's real name)",
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.updated_at > p.created_at WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags deleted_at and raw_json on neon_auth."user" without a fix: the current table hard-deletes users',
    rejectedBy: '42703',
    sql: `SELECT u.email, u.raw_json FROM neon_auth."user" u WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'raw_json',
        messageId: 'noRawJson',
        fixes: [],
      },
      {
        at: 'deleted_at',
        messageId: 'noDeletedAt',
        message: 'hard-deletes users',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags the current-only "emailVerified" and image on users_sync without a fix',
    rejectedBy: '42703',
    sql: `SELECT u.email, u.image FROM neon_auth.users_sync u WHERE u."emailVerified" AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'image',
        messageId: 'otherGeneration',
        message: 'is a column of neon_auth."user"',
        fixes: [],
      },
      {
        at: '"emailVerified"',
        messageId: 'otherGeneration',
        message: 'is a column of neon_auth."user"',
        fixes: [],
      },
    ],
  },
  {
    name: 'checks a CTE that reads the user table',
    rejectedBy: '42703',
    sql: `WITH recent AS (SELECT u.id, u.createdAt AS joined FROM neon_auth."user" u)
SELECT id FROM recent;`,
    findings: [
      {
        at: 'createdAt',
        messageId: 'mustQuote',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            output: `WITH recent AS (SELECT u.id, u."createdAt" AS joined FROM neon_auth."user" u)
SELECT id FROM recent;`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks each UNION branch at its own level',
    rejectedBy: '42703',
    sql: `SELECT u.email FROM neon_auth."user" u WHERE u."emailVerified"
UNION
SELECT s.email FROM neon_auth.users_sync s WHERE s."deletedAt" IS NULL;`,
    findings: [
      {
        at: '"deletedAt"',
        messageId: 'legacySpelling',
        fixes: [
          {
            title: "Write deleted_at (the column's real name)",
            preferred: true,
            output: `SELECT u.email FROM neon_auth."user" u WHERE u."emailVerified"
UNION
SELECT s.email FROM neon_auth.users_sync s WHERE s.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks a subquery in WHERE of a DELETE and a view, among several statements',
    rejectedBy: '42703',
    sql: `CREATE TABLE projects (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE CASCADE);
CREATE VIEW verified_users AS SELECT u.id, u.email FROM neon_auth."user" u WHERE u."emailVerified";
DELETE FROM projects WHERE owner_id IN (SELECT u.id FROM neon_auth."user" u WHERE u.updatedAt < now() - interval '1 year');`,
    findings: [
      {
        at: 'updatedAt',
        messageId: 'mustQuote',
        fixes: [
          {
            title: 'Write "updatedAt" (the column\'s real name)',
            preferred: true,
            output: `CREATE TABLE projects (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE CASCADE);
CREATE VIEW verified_users AS SELECT u.id, u.email FROM neon_auth."user" u WHERE u."emailVerified";
DELETE FROM projects WHERE owner_id IN (SELECT u.id FROM neon_auth."user" u WHERE u."updatedAt" < now() - interval '1 year');`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks the SET values and WHERE of an UPDATE … FROM',
    rejectedBy: '42703',
    sql: `CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES neon_auth."user"(id) ON DELETE CASCADE, since timestamptz);
UPDATE profiles SET since = u.created_at FROM neon_auth."user" u WHERE u.id = profiles.user_id;`,
    findings: [
      {
        at: 'created_at',
        messageId: 'currentSpelling',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            output: `CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES neon_auth."user"(id) ON DELETE CASCADE, since timestamptz);
UPDATE profiles SET since = u."createdAt" FROM neon_auth."user" u WHERE u.id = profiles.user_id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts the right spellings of both generations, system columns and u.*',
    sql: `SELECT u.id, u.name, u.email, u."emailVerified", u.image, u."createdAt", u."updatedAt", u.role, u.banned, u."banReason", u."banExpires", u.ctid FROM neon_auth."user" u ORDER BY u."createdAt";
SELECT u.*, u.raw_json ->> 'id', u.created_at, u.updated_at FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
SELECT "user".email, neon_auth."user"."createdAt" FROM neon_auth."user";
SELECT U.EMAIL, U.CREATED_AT FROM NEON_AUTH.USERS_SYNC U WHERE U.DELETED_AT IS NULL;`,
    findings: [],
  },
  {
    name: 'accepts a subquery or a table of its own that reuses the alias, and a quoted "neon_auth.users_sync"',
    sql: `SELECT u.createdat FROM (SELECT "createdAt" AS createdat FROM neon_auth."user") u;
SELECT u.email FROM neon_auth."user" u WHERE EXISTS (SELECT 1 FROM posts u WHERE u.created_at < now());
CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, "createdAt" timestamptz);
SELECT s."createdAt" FROM "neon_auth.users_sync" s;`,
    findings: [],
  },

  // ---- Unqualified column names: the level's one user table, when nothing else can have the name ----
  {
    name: 'flags an unqualified deleted_at on neon_auth."user", the only relation of its query level',
    rejectedBy: '42703',
    sql: `SELECT count(*) FROM neon_auth."user" WHERE deleted_at IS NULL;`,
    findings: [
      {
        at: 'deleted_at',
        messageId: 'noDeletedAt',
        message: 'neon_auth."user" has no column deleted_at: the current Neon Auth table hard-deletes users',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags an unqualified role on users_sync (a column of the current generation only) without a fix',
    rejectedBy: '42703',
    sql: `SELECT id, role FROM neon_auth.users_sync WHERE deleted_at IS NULL;`,
    findings: [
      {
        at: 'role',
        messageId: 'otherGeneration',
        message: 'neon_auth.users_sync has no column role: role is a column of neon_auth."user", the current Neon Auth user table',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags an unqualified unquoted camelCase name in ORDER BY (not an output name) and quotes it',
    rejectedBy: '42703',
    sql: `SELECT id, email FROM neon_auth."user" ORDER BY createdAt DESC LIMIT 10;`,
    findings: [
      {
        at: 'createdAt',
        messageId: 'mustQuote',
        message:
          'neon_auth."user" has no column createdat: the column is "createdAt", which must be written quoted (unquoted names fold to lower case, so createdAt means createdat)',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            safe: true,
            output: `SELECT id, email FROM neon_auth."user" ORDER BY "createdAt" DESC LIMIT 10;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an unqualified lower-case createdat and writes the quoted real name',
    rejectedBy: '42703',
    sql: `SELECT email FROM neon_auth."user" WHERE createdat > now() - interval '1 day';`,
    findings: [
      {
        at: 'createdat',
        messageId: 'mustQuote',
        message:
          'neon_auth."user" has no column createdat: the column is "createdAt", which must be written quoted (unquoted names fold to lower case). Postgres rejects the query (SQLSTATE 42703, undefined column).',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            output: `SELECT email FROM neon_auth."user" WHERE "createdAt" > now() - interval '1 day';`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the legacy email_verified, unqualified in WHERE, and writes "emailVerified"',
    rejectedBy: '42703',
    sql: `SELECT email FROM neon_auth."user" WHERE NOT email_verified;`,
    findings: [
      {
        at: 'email_verified',
        messageId: 'currentSpelling',
        message: 'the current Neon Auth table (Better Auth based) spells it "emailVerified"',
        fixes: [
          {
            title: 'Write "emailVerified" (the column\'s real name)',
            preferred: true,
            output: `SELECT email FROM neon_auth."user" WHERE NOT "emailVerified";`,
          },
        ],
      },
    ],
  },
  {
    name: 'writes the legacy spelling unquoted, with a space where the quoted name touched the keyword before it',
    rejectedBy: '42703',
    sql: `SELECT"createdAt" FROM neon_auth.users_sync WHERE deleted_at IS NULL;`,
    findings: [
      {
        at: '"createdAt"',
        messageId: 'legacySpelling',
        fixes: [
          {
            title: "Write created_at (the column's real name)",
            preferred: true,
            output: `SELECT created_at FROM neon_auth.users_sync WHERE deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: "flags an unqualified name when the other relations are the file's own tables, none of which has it",
    rejectedBy: '42703',
    sql: `CREATE TABLE projects (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, title text NOT NULL);
SELECT title, email FROM projects p JOIN neon_auth."user" u ON u.id = p.owner_id WHERE created_at > now() - interval '7 days';`,
    findings: [
      {
        at: 'created_at',
        messageId: 'currentSpelling',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            output: `CREATE TABLE projects (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, title text NOT NULL);
SELECT title, email FROM projects p JOIN neon_auth."user" u ON u.id = p.owner_id WHERE "createdAt" > now() - interval '7 days';`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an unqualified name in a correlated subquery when no enclosing level has it either',
    rejectedBy: '42703',
    sql: `SELECT u.email FROM neon_auth."user" u WHERE EXISTS (SELECT 1 FROM neon_auth."user" m WHERE m.id = u.id AND updatedAt > now() - interval '1 day');`,
    findings: [
      {
        at: 'updatedAt',
        messageId: 'mustQuote',
        fixes: [
          {
            title: 'Write "updatedAt" (the column\'s real name)',
            preferred: true,
            output: `SELECT u.email FROM neon_auth."user" u WHERE EXISTS (SELECT 1 FROM neon_auth."user" m WHERE m.id = u.id AND "updatedAt" > now() - interval '1 day');`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an unqualified name in a CTE',
    rejectedBy: '42703',
    sql: `WITH recent AS (SELECT id, email FROM neon_auth."user" WHERE banexpires IS NULL)
SELECT id FROM recent;`,
    findings: [
      {
        at: 'banexpires',
        messageId: 'mustQuote',
        fixes: [
          {
            title: 'Write "banExpires" (the column\'s real name)',
            preferred: true,
            output: `WITH recent AS (SELECT id, email FROM neon_auth."user" WHERE "banExpires" IS NULL)
SELECT id FROM recent;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an unqualified name in a view and in DISTINCT ON',
    rejectedBy: '42703',
    sql: `CREATE VIEW newest_users AS SELECT DISTINCT ON (created_at) id, email FROM neon_auth."user";`,
    findings: [
      {
        at: 'created_at',
        messageId: 'currentSpelling',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            output: `CREATE VIEW newest_users AS SELECT DISTINCT ON ("createdAt") id, email FROM neon_auth."user";`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the SET targets, WHERE and RETURNING of an UPDATE of the user table',
    rejectedBy: '42703',
    sql: `UPDATE neon_auth."user" SET email_verified = true WHERE id = '00000000-0000-0000-0000-000000000000';`,
    findings: [
      {
        at: 'email_verified',
        messageId: 'currentSpelling',
        fixes: [
          {
            title: 'Write "emailVerified" (the column\'s real name)',
            preferred: true,
            output: `UPDATE neon_auth."user" SET "emailVerified" = true WHERE id = '00000000-0000-0000-0000-000000000000';`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an unqualified name in the RETURNING list of an UPDATE of the user table',
    rejectedBy: '42703',
    sql: `UPDATE neon_auth."user" SET banned = true WHERE id = '00000000-0000-0000-0000-000000000000' RETURNING id, banReason;`,
    findings: [
      {
        at: 'banReason',
        messageId: 'mustQuote',
        fixes: [
          {
            title: 'Write "banReason" (the column\'s real name)',
            preferred: true,
            output: `UPDATE neon_auth."user" SET banned = true WHERE id = '00000000-0000-0000-0000-000000000000' RETURNING id, "banReason";`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an INSERT column list naming a column the user table does not have',
    rejectedBy: '42703',
    sql: `INSERT INTO neon_auth."user" (name, email, email_verified) VALUES ('Admin', 'admin@example.com', true);`,
    findings: [
      {
        at: 'email_verified',
        messageId: 'currentSpelling',
        fixes: [
          {
            title: 'Write "emailVerified" (the column\'s real name)',
            preferred: true,
            output: `INSERT INTO neon_auth."user" (name, email, "emailVerified") VALUES ('Admin', 'admin@example.com', true);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an INSERT into users_sync naming role and a DELETE filtering on deleted_at of "user"',
    rejectedBy: '42703',
    sql: `INSERT INTO neon_auth.users_sync (raw_json, role) VALUES ('{"id": "user_x"}', 'admin');
DELETE FROM neon_auth."user" WHERE deleted_at < now() - interval '30 days';`,
    findings: [
      {
        at: 'role',
        messageId: 'otherGeneration',
        message: 'neon_auth.users_sync has no column role',
        fixes: [],
      },
      {
        at: 'deleted_at',
        messageId: 'noDeletedAt',
        message: 'hard-deletes users',
        fixes: [],
      },
    ],
  },
  {
    name: 'names the early-access schema as written',
    rejectedBy: '42703',
    sql: `SELECT id FROM neon_identity.users_sync WHERE "emailVerified" AND deleted_at IS NULL;`,
    findings: [
      {
        at: '"emailVerified"',
        messageId: 'otherGeneration',
        message: 'neon_identity.users_sync has no column "emailVerified"',
        fixes: [],
      },
    ],
  },
  {
    name: 'accepts output names in ORDER BY, GROUP BY and DISTINCT ON, also of a UNION, and system columns',
    sql: `SELECT email AS e FROM neon_auth."user" ORDER BY e;
SELECT lower(email) FROM neon_auth."user" ORDER BY lower;
SELECT "emailVerified" AS verified, count(*) FROM neon_auth."user" GROUP BY verified;
SELECT DISTINCT ON (e) email AS e, "createdAt" FROM neon_auth."user" ORDER BY e, "createdAt" DESC;
SELECT email AS address FROM neon_auth."user" UNION SELECT email FROM neon_auth.users_sync WHERE deleted_at IS NULL ORDER BY address;
SELECT ctid, xmin, tableoid FROM neon_auth."user";`,
    findings: [],
  },
  {
    name: 'accepts SQL keywords that read like names (user, current_user, current_date, …) and whole-row references',
    sql: `SELECT user, current_user, session_user, current_role, current_date, current_timestamp, localtimestamp, current_schema, current_catalog FROM neon_auth.users_sync WHERE deleted_at IS NULL;
SELECT row_to_json(u) FROM neon_auth."user" u;
SELECT to_jsonb(users_sync) FROM neon_auth.users_sync WHERE deleted_at IS NULL;`,
    findings: [],
  },
  {
    name: 'accepts parameters and PL/pgSQL variables in routine bodies and DO blocks',
    sql: `CREATE FUNCTION user_email(uid uuid) RETURNS text LANGUAGE sql STABLE AS $$ SELECT email FROM neon_auth."user" WHERE id = uid $$;
CREATE FUNCTION user_role(uid uuid) RETURNS text LANGUAGE sql STABLE RETURN (SELECT role FROM neon_auth."user" WHERE id = uid);
CREATE FUNCTION user_name(uid uuid) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  wanted text := 'Ada';
  found text;
BEGIN
  SELECT name INTO found FROM neon_auth."user" WHERE id = uid AND name <> wanted;
  RETURN found;
END $$;
DO $$
DECLARE
  n int := 0;
BEGIN
  SELECT count(*) INTO n FROM neon_auth."user" WHERE banned AND n >= 0;
END $$;`,
    findings: [],
  },
  {
    name: 'accepts a name of an enclosing query, of the table of a policy, excluded and NEW',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, author_id uuid REFERENCES neon_auth."user"(id) ON DELETE CASCADE, email text);
SELECT n.id FROM notes n WHERE EXISTS (SELECT 1 FROM neon_auth."user" u WHERE u.id = author_id);
INSERT INTO notes (author_id, email) SELECT id, email FROM neon_auth."user" ON CONFLICT (id) DO UPDATE SET email = excluded.email;
CREATE POLICY own_todos ON todos USING (EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = user_id AND u.deleted_at IS NULL));
CREATE FUNCTION note_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email := (SELECT email FROM neon_auth."user" WHERE id = NEW.author_id);
  RETURN NEW;
END $$;`,
    findings: [],
  },
  {
    name: "accepts an unqualified name another relation may have: a table defined elsewhere, a subquery, a function, the file's own column",
    sql: `SELECT title, email FROM posts JOIN neon_auth.users_sync u ON u.id = posts.author_id WHERE published AND u.deleted_at IS NULL;
SELECT s.n, email FROM (SELECT 1 AS n) s, neon_auth."user" WHERE n = 1;
SELECT email, g FROM neon_auth."user", generate_series(1, 2) g;
CREATE TABLE memberships (user_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, joined_at timestamptz);
SELECT email, joined_at FROM memberships m JOIN neon_auth."user" u ON u.id = m.user_id ORDER BY joined_at;
SELECT a FROM neon_auth.users_sync AS u(a) WHERE u.deleted_at IS NULL;`,
    findings: [],
  },
  {
    name: "accepts the names an alias's column list gives the user table's columns, and the columns it leaves",
    sql: `SELECT u.raw, u.uid, u.email FROM neon_auth.users_sync AS u(raw, uid) WHERE u.deleted_at IS NULL;
SELECT raw, uid, created_at FROM neon_auth.users_sync AS u(raw, uid) WHERE deleted_at IS NULL;
SELECT u.uid, u."createdAt", u.userId FROM neon_auth."user" u(uid, userId);
ALTER TABLE neon_auth.users_sync ADD COLUMN role text;
SELECT u.r, u.role FROM neon_auth.users_sync u(r) WHERE u.deleted_at IS NULL;`,
    findings: [],
  },
  {
    name: "accepts names through an alias's column list when the file renames, drops or retypes a column of the user table (the list's names may shift)",
    sql: `ALTER TABLE neon_auth.users_sync RENAME COLUMN updated_at TO touched_at;
SELECT u.r, u.touched_at FROM neon_auth.users_sync AS u(r) WHERE u.deleted_at IS NULL;`,
    findings: [],
  },
  {
    name: "flags a user table's column by the name an alias's column list took from it, with no fix",
    sql: `SELECT u.raw, u.raw_json FROM neon_auth.users_sync AS u(raw, uid) WHERE u.deleted_at IS NULL;`,
    rejectedBy: '42703',
    findings: [
      {
        at: 'raw_json',
        messageId: 'renamedByAlias',
        message:
          "neon_auth.users_sync AS u has no column raw_json: the alias's column list renames raw_json to raw. Postgres rejects the query (SQLSTATE 42703, undefined column).",
        fixes: [],
      },
    ],
  },
  {
    name: "flags an unqualified name an alias's column list took away, and another spelling of it, with no fix",
    sql: `SELECT id FROM neon_auth.users_sync AS u(raw, uid) WHERE deleted_at IS NULL;
SELECT u."createdAt" FROM neon_auth.users_sync u(r, i, n, e, c) WHERE u.deleted_at IS NULL;`,
    rejectedBy: '42703',
    findings: [
      { at: 'id', messageId: 'renamedByAlias', message: "neon_auth.users_sync AS u has no column id: the alias's column list renames id to uid.", fixes: [] },
      {
        at: '"createdAt"',
        messageId: 'renamedByAlias',
        message: 'AS u has no column "createdAt": the alias\'s column list renames created_at to c.',
        fixes: [],
      },
    ],
  },
  {
    name: "fixes the spelling of a column an alias's column list leaves",
    sql: `SELECT u.uid, u.createdAt FROM neon_auth."user" AS u(uid);`,
    rejectedBy: '42703',
    findings: [
      {
        at: 'createdAt',
        messageId: 'mustQuote',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            safe: true,
            output: `SELECT u.uid, u."createdAt" FROM neon_auth."user" AS u(uid);`,
          },
        ],
      },
    ],
  },
  {
    name: "flags another spelling of a name an alias's column list gives, and a column neither has, listing the renamed columns, with no fix",
    sql: `SELECT u."userId", u.nickname FROM neon_auth."user" u(userId);`,
    rejectedBy: '42703',
    findings: [
      {
        at: '"userId"',
        messageId: 'unknownColumn',
        message:
          'neon_auth."user" has no column "userId"; its columns are id AS userid, name, email, "emailVerified", image, "createdAt", "updatedAt", role, banned, "banReason", "banExpires". Postgres rejects the query (SQLSTATE 42703, undefined column).',
        fixes: [],
      },
      { at: 'nickname', messageId: 'unknownColumn', message: 'has no column nickname; its columns are id AS userid, name,', fixes: [] },
    ],
  },
  {
    name: "accepts an unqualified name when the file does not tell all of the other table's columns",
    sql: `CREATE TABLE IF NOT EXISTS app.comments (id serial PRIMARY KEY);
SELECT email FROM app.comments c JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE body <> '' AND u.deleted_at IS NULL;
ALTER TABLE todos ADD COLUMN note text;
SELECT email FROM todos t JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE done AND u.deleted_at IS NULL;
SELECT email FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE published AND u.deleted_at IS NULL;
CREATE TABLE posts (id serial PRIMARY KEY, author_id text);`,
    findings: [],
  },
  {
    name: "a column name that only a rolled-back ALTER TABLE gave the other table is the user table's after the ROLLBACK TO SAVEPOINT",
    sql: `CREATE TABLE notes29 (id serial PRIMARY KEY, author_id text, body text);
SAVEPOINT s;
ALTER TABLE notes29 RENAME COLUMN body TO "createdAt";
ROLLBACK TO SAVEPOINT s;
SELECT n.id, "createdAt" FROM notes29 n JOIN neon_auth.users_sync u ON u.id = n.author_id WHERE u.deleted_at IS NULL;`,
    rejectedBy: '42703',
    findings: [
      {
        at: '"createdAt"',
        nth: 1,
        messageId: 'legacySpelling',
        fixes: [
          {
            title: "Write created_at (the column's real name)",
            preferred: true,
            output: `CREATE TABLE notes29 (id serial PRIMARY KEY, author_id text, body text);
SAVEPOINT s;
ALTER TABLE notes29 RENAME COLUMN body TO "createdAt";
ROLLBACK TO SAVEPOINT s;
SELECT n.id, created_at FROM notes29 n JOIN neon_auth.users_sync u ON u.id = n.author_id WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts a column the file adds to the user table with ALTER TABLE',
    sql: `ALTER TABLE neon_auth.users_sync ADD COLUMN role text;
SELECT id, role FROM neon_auth.users_sync WHERE deleted_at IS NULL;
SELECT u.role FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;`,
    findings: [],
  },
  {
    name: 'flags a column the current generation does not have on an unqualified "user" that SET search_path resolves to neon_auth',
    sql: `SET search_path TO neon_auth, public;
SELECT id, "createdAt", created_at FROM "user";`,
    rejectedBy: '42703',
    findings: [
      {
        at: 'created_at',
        messageId: 'currentSpelling',
        message: 'neon_auth."user" has no column created_at',
        fixes: [
          {
            title: 'Write "createdAt" (the column\'s real name)',
            preferred: true,
            output: `SET search_path TO neon_auth, public;
SELECT id, "createdAt", "createdAt" FROM "user";`,
          },
        ],
      },
    ],
  },
  {
    name: 'is silent on an unqualified "user" under the default search path: the app\'s own table',
    sql: `CREATE TABLE "user" (id serial PRIMARY KEY, created_at timestamptz);
SELECT id, created_at FROM "user";`,
    findings: [],
  },
  {
    name: 'is silent on the columns of a CTE named "user" or users_sync where SET search_path would resolve the name to neon_auth: the CTE is what the name means',
    sql: `SET search_path TO neon_auth, public;
WITH "user" AS (SELECT g.id, g."createdAt" AS created_at FROM neon_auth."user" g) SELECT id, created_at FROM "user";
WITH users_sync AS (SELECT u.id, u.email AS mail FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL) SELECT users_sync.mail FROM users_sync;`,
    findings: [],
  },
];
