import { RuleCase } from '../caseTypes';

const SPLIT_LEGACY = 'Split into "neon_auth"."users_sync"';
const SPLIT_USER = 'Split into "neon_auth"."user"';

export const cases: RuleCase[] = [
  {
    name: 'flags a generated migration that creates the dotted table (no fix) and references it (split into schema and table)',
    sql: `CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, name text, email text);
CREATE TABLE todos (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES "neon_auth.users_sync"(id) ON DELETE CASCADE);`,
    findings: [
      {
        at: '"neon_auth.users_sync"',
        messageId: 'createsDottedTable',
        message: 'this creates a table named "neon_auth.users_sync" in the default schema',
        fixes: [],
      },
      {
        at: '"neon_auth.users_sync"',
        messageId: 'usesOwnDottedTable',
        nth: 1,
        message: 'this file creates or alters a table named "neon_auth.users_sync" in the default schema, and this uses that table',
        severity: 'error',
        fixes: [
          {
            title: SPLIT_LEGACY,
            preferred: true,
            safe: false,
            output: `CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, name text, email text);
CREATE TABLE todos (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES "neon_auth"."users_sync"(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'replaces the schema written before the dotted name too, in a drizzle-kit ALTER TABLE … ADD CONSTRAINT',
    sql: `ALTER TABLE "todos" ADD CONSTRAINT "todos_owner_fk" FOREIGN KEY ("user_id") REFERENCES "public"."neon_auth.users_sync"("id") ON DELETE cascade ON UPDATE no action;`,
    rejectedBy: '42P01',
    findings: [
      {
        at: '"neon_auth.users_sync"',
        messageId: 'dottedName',
        fixes: [
          {
            title: SPLIT_LEGACY,
            preferred: true,
            output: `ALTER TABLE "todos" ADD CONSTRAINT "todos_owner_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade ON UPDATE no action;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the dotted name inside a drizzle-kit DO block',
    sql: `DO $$ BEGIN
 ALTER TABLE "posts" ADD CONSTRAINT "posts_reviewer_fk" FOREIGN KEY ("author_id") REFERENCES "public"."neon_auth.users_sync"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`,
    rejectedBy: '42P01',
    findings: [
      {
        at: '"neon_auth.users_sync"',
        messageId: 'dottedName',
        fixes: [
          {
            title: SPLIT_LEGACY,
            preferred: true,
            output: `DO $$ BEGIN
 ALTER TABLE "posts" ADD CONSTRAINT "posts_reviewer_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a query that reads the current generation\'s "neon_auth.user" as one identifier',
    sql: `select u.name, u.email from "neon_auth.user" u where u."emailVerified";`,
    rejectedBy: '42P01',
    findings: [
      {
        at: '"neon_auth.user"',
        messageId: 'dottedName',
        message: 'not Neon Auth\'s neon_auth."user"',
        fixes: [{ title: SPLIT_USER, preferred: true, output: `select u.name, u.email from "neon_auth"."user" u where u."emailVerified";` }],
      },
    ],
  },
  {
    name: 'flags the early-access "neon_identity.users_sync" in a comma join',
    sql: `SELECT t.task, u.email FROM todos t, "neon_identity.users_sync" u WHERE u.id = t.user_id AND u.deleted_at IS NULL;`,
    rejectedBy: '42P01',
    findings: [
      {
        at: '"neon_identity.users_sync"',
        messageId: 'dottedName',
        fixes: [
          {
            title: 'Split into "neon_identity"."users_sync"',
            preferred: true,
            output: `SELECT t.task, u.email FROM todos t, "neon_identity"."users_sync" u WHERE u.id = t.user_id AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a dotted name of another table Neon Auth manages ("neon_auth.session")',
    sql: `SELECT count(*) FROM "neon_auth.session" WHERE "expiresAt" > now();`,
    rejectedBy: '42P01',
    findings: [
      {
        at: '"neon_auth.session"',
        messageId: 'dottedName',
        fixes: [
          {
            title: 'Split into "neon_auth"."session"',
            preferred: true,
            safe: true,
            output: `SELECT count(*) FROM "neon_auth"."session" WHERE "expiresAt" > now();`,
          },
        ],
      },
    ],
  },
  {
    name: "a file that creates and fills its own dotted table: the split of its SELECT is preferred but not safe (it would read Neon Auth's rows instead)",
    sql: `CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, name text, deleted_at timestamptz);
INSERT INTO "neon_auth.users_sync" (id, name) VALUES ('local_1', 'Local One');
SELECT count(*) FROM "neon_auth.users_sync" WHERE deleted_at IS NULL;`,
    findings: [
      { at: '"neon_auth.users_sync"', messageId: 'createsDottedTable', message: 'this creates a table named "neon_auth.users_sync"', fixes: [] },
      { at: '"neon_auth.users_sync"', messageId: 'changesDottedTable', nth: 1, message: 'this changes a table named "neon_auth.users_sync"', fixes: [] },
      {
        at: '"neon_auth.users_sync"',
        messageId: 'usesOwnDottedTable',
        nth: 2,
        message:
          'this file creates or alters a table named "neon_auth.users_sync" in the default schema, and this uses that table, not Neon Auth\'s neon_auth.users_sync. Write "neon_auth"."users_sync" once the file no longer has that table',
        fixes: [
          {
            title: SPLIT_LEGACY,
            preferred: true,
            safe: false,
            output: `CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, name text, deleted_at timestamptz);
INSERT INTO "neon_auth.users_sync" (id, name) VALUES ('local_1', 'Local One');
SELECT count(*) FROM "neon_auth"."users_sync" WHERE deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a dotted table the file creates after the query counts too (the file is what runs next time)',
    sql: `SELECT name FROM "neon_auth.users_sync" WHERE deleted_at IS NULL;
CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, name text, deleted_at timestamptz);`,
    rejectedBy: '42P01',
    findings: [
      {
        at: '"neon_auth.users_sync"',
        messageId: 'usesOwnDottedTable',
        message: 'this file creates or alters a table named "neon_auth.users_sync"',
        fixes: [
          {
            title: SPLIT_LEGACY,
            preferred: true,
            safe: false,
            output: `SELECT name FROM "neon_auth"."users_sync" WHERE deleted_at IS NULL;
CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, name text, deleted_at timestamptz);`,
          },
        ],
      },
      { at: '"neon_auth.users_sync"', messageId: 'createsDottedTable', nth: 1, message: 'this creates a table named', fixes: [] },
    ],
  },
  {
    name: "SELECT … INTO the dotted name creates that table, as CREATE TABLE … AS does: reported without a fix (the split would create Neon Auth's table instead)",
    sql: `SELECT id, name INTO "neon_auth.users_sync" FROM neon_auth.users_sync WHERE deleted_at IS NULL;
SELECT id INTO TEMP TABLE "neon_auth.user" FROM neon_auth."user";
select id into unlogged public."neon_auth.session" from neon_auth."user";`,
    findings: [
      {
        at: '"neon_auth.users_sync"',
        messageId: 'createsDottedTable',
        message:
          '"neon_auth.users_sync" is one identifier with a dot in it: this creates a table named "neon_auth.users_sync" in the default schema, next to Neon Auth\'s neon_auth.users_sync.',
        fixes: [],
      },
      { at: '"neon_auth.user"', messageId: 'createsDottedTable', fixes: [] },
      { at: '"neon_auth.session"', messageId: 'createsDottedTable', fixes: [] },
    ],
  },
  {
    name: 'a PL/pgSQL SELECT … INTO fills a variable, not a table: not reported',
    sql: `CREATE FUNCTION first_user() RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE "neon_auth.user" uuid;
BEGIN
  SELECT id INTO "neon_auth.user" FROM neon_auth."user" ORDER BY "createdAt" LIMIT 1;
  RETURN "neon_auth.user";
END $$;`,
    findings: [],
  },
  {
    name: 'a view or a CREATE TABLE … AS of the dotted name makes the split unsafe too (the query reads that relation)',
    sql: `CREATE VIEW "neon_auth.users_sync" AS SELECT 1 AS x;
SELECT * FROM "neon_auth.users_sync";
CREATE TABLE "neon_auth.user" AS SELECT 2 AS y;
SELECT * FROM "neon_auth.user";`,
    findings: [
      { at: '"neon_auth.users_sync"', messageId: 'createsDottedTable', message: 'this creates a table named "neon_auth.users_sync"', fixes: [] },
      {
        at: '"neon_auth.users_sync"',
        messageId: 'usesOwnDottedTable',
        nth: 1,
        message: 'this file creates or alters a table named "neon_auth.users_sync" in the default schema, and this uses that table',
        fixes: [
          {
            title: SPLIT_LEGACY,
            preferred: true,
            safe: false,
            output: `CREATE VIEW "neon_auth.users_sync" AS SELECT 1 AS x;
SELECT * FROM "neon_auth"."users_sync";
CREATE TABLE "neon_auth.user" AS SELECT 2 AS y;
SELECT * FROM "neon_auth.user";`,
          },
        ],
      },
      { at: '"neon_auth.user"', messageId: 'createsDottedTable', message: 'this creates a table named "neon_auth.user"', fixes: [] },
      {
        at: '"neon_auth.user"',
        messageId: 'usesOwnDottedTable',
        nth: 1,
        message: 'this file creates or alters a table named "neon_auth.user" in the default schema, and this uses that table',
        fixes: [
          {
            title: 'Split into "neon_auth"."user"',
            preferred: true,
            safe: false,
            output: `CREATE VIEW "neon_auth.users_sync" AS SELECT 1 AS x;
SELECT * FROM "neon_auth.users_sync";
CREATE TABLE "neon_auth.user" AS SELECT 2 AS y;
SELECT * FROM "neon_auth"."user";`,
          },
        ],
      },
    ],
  },
  {
    name: "flags ALTER TABLE of the dotted table without a fix: the fix would alter Neon's table",
    sql: `CREATE TABLE IF NOT EXISTS "neon_auth.users_sync" (id text PRIMARY KEY);
ALTER TABLE "neon_auth.users_sync" ADD COLUMN plan text;`,
    findings: [
      { at: '"neon_auth.users_sync"', messageId: 'createsDottedTable', message: 'this creates a table', fixes: [] },
      {
        at: '"neon_auth.users_sync"',
        messageId: 'changesDottedTable',
        nth: 1,
        message: 'this changes a table named "neon_auth.users_sync" in the default schema',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags the dotted name in a statement the parser rejects (CREATE POLICY)',
    sql: `CREATE POLICY todos_owner ON todos USING (user_id IN (SELECT id FROM "neon_auth.users_sync" WHERE deleted_at IS NULL));`,
    parserMayReject: true,
    rejectedBy: '42P01',
    findings: [
      {
        at: '"neon_auth.users_sync"',
        messageId: 'dottedName',
        fixes: [
          {
            title: SPLIT_LEGACY,
            preferred: true,
            output: `CREATE POLICY todos_owner ON todos USING (user_id IN (SELECT id FROM "neon_auth"."users_sync" WHERE deleted_at IS NULL));`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts the schema and table quoted separately, and unquoted',
    sql: `SELECT u.name FROM "neon_auth"."users_sync" u WHERE u.deleted_at IS NULL;
SELECT n.name FROM neon_auth.users_sync n WHERE n.deleted_at IS NULL;
SELECT g.email FROM neon_auth."user" g;`,
    findings: [],
  },
  {
    name: 'accepts a quoted dotted name of a table Neon Auth does not manage',
    sql: `CREATE TABLE "app.audit_log" (id serial PRIMARY KEY, user_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
SELECT * FROM "app.audit_log";
CREATE TABLE "neon_auth.users_sync_backup" (id text);`,
    findings: [],
  },
  {
    name: 'accepts a column alias that looks like the table (with or without AS), and a name that differs in case (quoted names are case-sensitive)',
    sql: `SELECT name AS "neon_auth.user" FROM neon_auth."user";
SELECT name "neon_auth.user", email "neon_auth.session" FROM neon_auth."user";
CREATE TABLE "NEON_AUTH.users_sync" (id text);
SELECT id FROM "NEON_AUTH.users_sync";`,
    findings: [],
  },
  {
    name: "accepts dropping the dotted table: it removes the mistaken table, not Neon's",
    sql: `DROP TABLE IF EXISTS "neon_auth.users_sync";`,
    findings: [],
  },
];
