import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

/** A drizzle-kit table whose owner is a current-generation user (uuid). */
const DRIZZLE_TODOS = 'CREATE TABLE "todos" ("id" serial PRIMARY KEY, "owner_id" uuid NOT NULL REFERENCES neon_auth."user"("id") ON DELETE CASCADE);';

export const cases: RuleCase[] = [
  {
    name: 'flags a uuid column compared with auth.user_id() (text) and offers auth.uid()',
    rejectedBy: '42883',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
SELECT id, body FROM notes WHERE owner_id = auth.user_id();`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        message: 'owner_id is uuid, but auth.user_id() returns text',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
SELECT id, body FROM notes WHERE owner_id = auth.uid();`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a text column compared with auth.uid() (uuid) and offers auth.user_id()',
    rejectedBy: '42883',
    sql: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
SELECT t.title FROM tasks t WHERE t.user_id = auth.uid() ORDER BY t.id;`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        message: 't.user_id is text, but auth.uid() returns uuid',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            output: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
SELECT t.title FROM tasks t WHERE t.user_id = auth.user_id() ORDER BY t.id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags reversed operands and <>, in lower case',
    rejectedBy: '42883',
    sql: `create table notes (id serial primary key, owner_id uuid not null references neon_auth."user"(id) on delete cascade, author text, body text);
select count(*) from notes n where auth.user_id() <> n.owner_id;`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `create table notes (id serial primary key, owner_id uuid not null references neon_auth."user"(id) on delete cascade, author text, body text);
select count(*) from notes n where auth.uid() <> n.owner_id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the helper inside an IN list',
    rejectedBy: '42883',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
SELECT id FROM notes WHERE owner_id IN ('00000000-0000-4000-8000-000000000001', auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
SELECT id FROM notes WHERE owner_id IN ('00000000-0000-4000-8000-000000000001', auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a one-item NOT IN (…) list (the parser keeps no list for one item)',
    rejectedBy: '42883',
    sql: `SELECT u.email FROM neon_auth."user" u WHERE u.id NOT IN (auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `SELECT u.email FROM neon_auth."user" u WHERE u.id NOT IN (auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the helper wrapped in (SELECT …), in an UPDATE without FROM',
    rejectedBy: '42883',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
UPDATE notes SET body = 'edited' WHERE id = 1 AND owner_id = (SELECT auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
UPDATE notes SET body = 'edited' WHERE id = 1 AND owner_id = (SELECT auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a DELETE … WHERE and keeps RETURNING',
    rejectedBy: '42883',
    sql: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
DELETE FROM tasks AS t WHERE t.user_id = auth.uid() RETURNING t.id;`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            output: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
DELETE FROM tasks AS t WHERE t.user_id = auth.user_id() RETURNING t.id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags neon_auth."user".id (uuid) compared with auth.user_id(), from the auth catalog',
    rejectedBy: '42883',
    sql: `SELECT u.email FROM neon_auth."user" u WHERE u.id = auth.user_id();`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `SELECT u.email FROM neon_auth."user" u WHERE u.id = auth.uid();`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags users_sync.id (text) compared with auth.uid() in a join ON',
    rejectedBy: '42883',
    sql: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.id = auth.uid() WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.id = auth.user_id() WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks CTEs, UNION branches and views, flagging only the mismatched comparison',
    rejectedBy: '42883',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE VIEW my_notes AS SELECT id, body FROM notes WHERE owner_id = auth.uid();
WITH mine AS (SELECT id FROM notes WHERE owner_id = auth.uid())
SELECT id FROM mine
UNION
SELECT n.id FROM notes n WHERE n.author = auth.uid();`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        nth: 2,
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE VIEW my_notes AS SELECT id, body FROM notes WHERE owner_id = auth.uid();
WITH mine AS (SELECT id FROM notes WHERE owner_id = auth.uid())
SELECT id FROM mine
UNION
SELECT n.id FROM notes n WHERE n.author = auth.user_id();`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a subquery in WHERE, resolving the column against its own FROM',
    rejectedBy: '42883',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
SELECT t.title FROM tasks t WHERE EXISTS (SELECT 1 FROM notes n WHERE n.owner_id = auth.user_id() AND n.body = t.title);`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
SELECT t.title FROM tasks t WHERE EXISTS (SELECT 1 FROM notes n WHERE n.owner_id = auth.uid() AND n.body = t.title);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags CREATE POLICY … USING, read from tokens (pgsql-ast-parser rejects CREATE POLICY)',
    rejectedBy: '42883',
    parserMayReject: true,
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_owner ON notes FOR ALL TO PUBLIC USING (owner_id = auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_owner ON notes FOR ALL TO PUBLIC USING (owner_id = auth.uid());`,
          },
        ],
      },
    ],
  },
  ...[
    [
      "flags drizzle's policy form, the comparison inside (select …), with a quoted qualified column",
      'CREATE POLICY "crud-own" ON "todos" AS PERMISSIVE FOR ALL TO public USING ((select auth.user_id() = "todos"."owner_id"));',
    ],
    ['flags the column first inside (select …)', 'CREATE POLICY "insert-own" ON "todos" FOR INSERT WITH CHECK ((select owner_id = auth.user_id()));'],
  ].map(([name, policy]): RuleCase => ({
    name,
    rejectedBy: '42883',
    parserMayReject: true,
    sql: `${DRIZZLE_TODOS}\n${policy}`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `${DRIZZLE_TODOS}\n${policy.replace('auth.user_id()', 'auth.uid()')}`,
          },
        ],
      },
    ],
  })),
  {
    name: 'flags WITH CHECK with a table-qualified column and a (select …) helper',
    rejectedBy: '42883',
    parserMayReject: true,
    sql: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
CREATE POLICY "tasks insert" ON public.tasks FOR INSERT WITH CHECK ((select auth.uid()) = tasks.user_id);`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            output: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
CREATE POLICY "tasks insert" ON public.tasks FOR INSERT WITH CHECK ((select auth.user_id()) = tasks.user_id);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an IN list in ALTER POLICY … USING',
    rejectedBy: '42883',
    parserMayReject: true,
    sql: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
CREATE POLICY tasks_read ON tasks FOR SELECT USING (true);
ALTER POLICY tasks_read ON tasks USING (title <> '' AND user_id IN (auth.uid()));`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            output: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
CREATE POLICY tasks_read ON tasks FOR SELECT USING (true);
ALTER POLICY tasks_read ON tasks USING (title <> '' AND user_id IN (auth.user_id()));`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags CREATE POLICY … USING (<col> IN (SELECT auth.user_id())): the sub-query is compared with =',
    rejectedBy: '42883',
    parserMayReject: true,
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE POLICY p ON notes USING (owner_id IN (SELECT auth.user_id()));`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE POLICY p ON notes USING (owner_id IN (SELECT auth.uid()));`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags NOT IN (select auth.uid()) on a text column, qualified, in a policy',
    rejectedBy: '42883',
    parserMayReject: true,
    sql: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
CREATE POLICY p ON tasks USING (tasks.user_id NOT IN (select auth.uid()) OR title = '');`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            output: `CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
CREATE POLICY p ON tasks USING (tasks.user_id NOT IN (select auth.user_id()) OR title = '');`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags <col> = ANY (SELECT auth.user_id()) in a policy',
    rejectedBy: '42883',
    parserMayReject: true,
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE POLICY p ON notes FOR SELECT USING (owner_id = ANY (SELECT auth.user_id()));`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE POLICY p ON notes FOR SELECT USING (owner_id = ANY (SELECT auth.uid()));`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags <col> <> ALL (SELECT auth.user_id()) in a query',
    rejectedBy: '42883',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
SELECT id FROM notes WHERE owner_id <> ALL (SELECT auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
SELECT id FROM notes WHERE owner_id <> ALL (SELECT auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts IN (SELECT …) and = ANY (SELECT …) of the matching helper, and leaves a sub-query that reads a table and an array alone',
    parserMayReject: true,
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
CREATE POLICY p1 ON notes USING (owner_id IN (SELECT auth.uid()) AND owner_id = ANY (SELECT auth.uid()));
CREATE POLICY p2 ON tasks USING (user_id IN (SELECT auth.user_id()) OR user_id = SOME (select auth.user_id()));
CREATE POLICY p3 ON notes USING (owner_id IN (SELECT auth.uid()::uuid) AND owner_id IN (SELECT auth.user_id()::uuid));
SELECT id FROM notes WHERE owner_id = ANY (SELECT auth.uid()) AND owner_id IN (SELECT n.owner_id FROM notes n);`,
    findings: [],
  },
  {
    name: 'accepts the matching helpers, casts and other operators',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, title text NOT NULL);
SELECT id FROM notes WHERE owner_id = auth.uid() AND author = auth.user_id();
SELECT id FROM notes WHERE owner_id::text = auth.user_id() AND owner_id = auth.user_id()::uuid AND owner_id = (SELECT auth.uid());
SELECT t.id FROM tasks t WHERE t.user_id = auth.user_id() OR t.user_id IN (auth.user_id(), 'user_ada');
SELECT u.email FROM neon_auth."user" u WHERE u.id = auth.uid();
SELECT u.email FROM neon_auth.users_sync u WHERE u.id = auth.user_id() AND u.deleted_at IS NULL;`,
    findings: [],
  },
  {
    name: 'accepts policies with the matching helper',
    parserMayReject: true,
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
CREATE POLICY notes_owner ON notes USING (owner_id = auth.uid()) WITH CHECK (owner_id = (select auth.uid()) AND author = auth.user_id());`,
    findings: [],
  },
  {
    name: 'is silent when the type is not known for sure: a CTE that shadows the table, a table defined elsewhere, a name that may come from a subquery',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, author text, body text);
WITH notes AS (SELECT auth.user_id() AS owner_id)
SELECT * FROM notes WHERE owner_id = auth.user_id();
SELECT t.id FROM todos t WHERE t.user_id = auth.user_id();
SELECT n.id FROM notes n, (SELECT auth.user_id() AS owner) x WHERE owner = auth.user_id();`,
    findings: [],
  },
  {
    name: "is silent on an unqualified column inside a policy sub-query that reads another table (it may be that table's)",
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL, body text);
CREATE TABLE members (note_id int, owner_id uuid);
CREATE POLICY p1 ON notes FOR ALL USING (EXISTS (SELECT 1 FROM members m WHERE m.note_id = notes.id AND owner_id = auth.uid()));
CREATE POLICY p2 ON notes USING (id IN (select note_id from members where true and owner_id = auth.uid()));`,
    parserMayReject: true,
    findings: [],
  },
  {
    name: 'follows an ALTER TABLE that changes the column to the type the helper returns (the text-to-uuid migration step), also in a policy',
    parserMayReject: true,
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL, body text);
ALTER TABLE notes ALTER COLUMN owner_id SET DATA TYPE uuid USING owner_id::uuid;
SELECT id FROM notes WHERE owner_id = auth.uid();
CREATE POLICY notes_owner ON notes USING (owner_id = auth.uid());`,
    findings: [],
  },
  {
    name: 'checks a policy with the type an earlier ALTER TABLE of the file gave the column (uuid retyped to text, compared with auth.uid())',
    rejectedBy: '42883',
    sql: `CREATE TABLE notes (id int, user_id uuid NOT NULL);
ALTER TABLE notes ALTER COLUMN user_id TYPE text;
CREATE POLICY p ON notes USING (user_id = auth.uid());`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            output: `CREATE TABLE notes (id int, user_id uuid NOT NULL);
ALTER TABLE notes ALTER COLUMN user_id TYPE text;
CREATE POLICY p ON notes USING (user_id = auth.user_id());`,
          },
        ],
      },
    ],
  },
  {
    name: "uses the return type of the file's own auth.user_id() (uuid) and reports that it shadows Neon's helper",
    sql: `DROP FUNCTION IF EXISTS auth.user_id();
CREATE OR REPLACE FUNCTION auth.user_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL, body text);
SELECT id, body FROM notes WHERE owner_id = auth.user_id();
CREATE POLICY notes_owner ON notes USING (owner_id = auth.user_id());`,
    parserMayReject: true,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'shadowsHelper',
        nth: 1,
        severity: 'info',
        message:
          "This defines auth.user_id() returning uuid, which shadows Neon's RLS helper of that name (Neon's returns text): comparisons with auth.user_id() in this file are checked against uuid.",
        fixes: [],
      },
    ],
  },
  {
    name: "flags a text column compared with the file's own auth.user_id() (uuid), with no fix when Neon's other helper returns uuid too",
    rejectedBy: '42883',
    sql: `DROP FUNCTION IF EXISTS auth.user_id();
CREATE FUNCTION auth.user_id() RETURNS pg_catalog.uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
CREATE TABLE notes (id serial PRIMARY KEY, author text NOT NULL, body text);
SELECT id FROM notes WHERE author = auth.user_id();`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'shadowsHelper',
        nth: 1,
        severity: 'info',
        message: 'This defines auth.user_id() returning pg_catalog.uuid',
        fixes: [],
      },
      {
        at: 'auth.user_id()',
        messageId: 'castOrDeclare',
        nth: 2,
        message:
          'author is text, but auth.user_id() (as this file defines it) returns uuid: Postgres has no operator comparing text with uuid and rejects the comparison (SQLSTATE 42883). Cast one side, or declare auth.user_id() to return text.',
        fixes: [],
      },
    ],
  },
  {
    name: "uses the file's own auth.uid() (varchar): silent on a text column, flags a uuid column with no fix (Neon's auth.user_id() returns text too)",
    rejectedBy: '42883',
    sql: `DROP FUNCTION IF EXISTS auth.uid();
CREATE FUNCTION auth.uid() RETURNS varchar LANGUAGE sql STABLE AS $$ SELECT current_setting('app.user_id', true) $$;
CREATE TABLE tasks (id serial PRIMARY KEY, user_id text NOT NULL, owner uuid, title text);
SELECT title FROM tasks WHERE user_id = auth.uid();
SELECT title FROM tasks WHERE owner = auth.uid();`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'shadowsHelper',
        nth: 1,
        severity: 'info',
        message: "This defines auth.uid() returning varchar, which shadows Neon's RLS helper of that name (Neon's returns uuid)",
        fixes: [],
      },
      {
        at: 'auth.uid()',
        messageId: 'castOrDeclare',
        nth: 3,
        message: 'owner is uuid, but auth.uid() (as this file defines it) returns text',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags a uuid column whose DEFAULT is auth.user_id() (no assignment cast from text to uuid: 42804) and offers auth.uid(); a text column with DEFAULT auth.uid() is fine',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid NOT NULL DEFAULT auth.user_id(), author text DEFAULT auth.uid());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        message:
          'owner_id is uuid, but auth.user_id() returns text: Postgres has no assignment cast from text to uuid and rejects this default (SQLSTATE 42804). Use auth.uid(), which returns uuid.',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid NOT NULL DEFAULT auth.uid(), author text DEFAULT auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ALTER COLUMN … SET DEFAULT (auth.user_id()) on a uuid column',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid);
ALTER TABLE docs ALTER COLUMN owner_id SET DEFAULT (auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        message: 'rejects this default (SQLSTATE 42804)',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid);
ALTER TABLE docs ALTER COLUMN owner_id SET DEFAULT (auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags SET DEFAULT auth.user_id() on a column the same ALTER TABLE retypes to uuid, in lower case',
    rejectedBy: '42804',
    sql: `create table docs (id serial primary key, owner_id text);
alter table docs alter column owner_id type uuid using owner_id::uuid, alter column owner_id set default auth.user_id();`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `create table docs (id serial primary key, owner_id text);
alter table docs alter column owner_id type uuid using owner_id::uuid, alter column owner_id set default auth.uid();`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ALTER TABLE … ADD COLUMN uuid DEFAULT auth.user_id() NOT NULL',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY);
ALTER TABLE docs ADD COLUMN IF NOT EXISTS editor_id uuid DEFAULT auth.user_id() NOT NULL;`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        message: 'editor_id is uuid',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY);
ALTER TABLE docs ADD COLUMN IF NOT EXISTS editor_id uuid DEFAULT auth.uid() NOT NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags INSERT … VALUES (auth.user_id()) into a uuid column; auth.uid() into a text column is accepted (uuid → text is an assignment cast)',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
INSERT INTO docs (owner_id, author) VALUES (auth.user_id(), auth.uid());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        message:
          'owner_id is uuid, but auth.user_id() returns text: Postgres has no assignment cast from text to uuid and rejects this value (SQLSTATE 42804). Use auth.uid(), which returns uuid.',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
INSERT INTO docs (owner_id, author) VALUES (auth.uid(), auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags UPDATE … SET with (select auth.user_id()) into a uuid column',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
UPDATE docs SET owner_id = (select auth.user_id()), author = auth.uid() WHERE id = 1;`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
UPDATE docs SET owner_id = (select auth.uid()), author = auth.uid() WHERE id = 1;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags INSERT … SELECT auth.user_id() into a uuid column',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid DEFAULT auth.uid());
INSERT INTO docs (owner_id) SELECT (auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid DEFAULT auth.uid());
INSERT INTO docs (owner_id) SELECT (auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ON CONFLICT … DO UPDATE SET owner_id = auth.user_id()',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id int PRIMARY KEY, owner_id uuid);
INSERT INTO docs (id, owner_id) VALUES (1, auth.uid()) ON CONFLICT (id) DO UPDATE SET owner_id = auth.user_id();`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE docs (id int PRIMARY KEY, owner_id uuid);
INSERT INTO docs (id, owner_id) VALUES (1, auth.uid()) ON CONFLICT (id) DO UPDATE SET owner_id = auth.uid();`,
          },
        ],
      },
    ],
  },
  {
    name: "flags a uuid DEFAULT of auth.user_id() with no fix when the file's own auth.uid() returns text too",
    rejectedBy: '42804',
    sql: `DROP FUNCTION IF EXISTS auth.uid();
CREATE FUNCTION auth.uid() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_setting('app.user_id', true) $$;
CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid DEFAULT auth.user_id());`,
    findings: [
      {
        at: 'auth.uid()',
        nth: 1,
        messageId: 'shadowsHelper',
        severity: 'info',
        fixes: [],
      },
      {
        at: 'auth.user_id()',
        messageId: 'assignCastOrDeclare',
        message:
          'owner_id is uuid, but auth.user_id() returns text: Postgres has no assignment cast from text to uuid and rejects this default (SQLSTATE 42804). Cast it (auth.user_id()::uuid), or declare auth.user_id() to return uuid.',
        fixes: [],
      },
    ],
  },
  {
    name: 'accepts assignments Postgres converts: auth.uid() into text and varchar columns, auth.user_id() into text, a cast to uuid, a table defined elsewhere',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid DEFAULT auth.uid(), author text DEFAULT auth.uid(), editor varchar(64) DEFAULT auth.user_id());
INSERT INTO docs (owner_id, author, editor) VALUES (auth.user_id()::uuid, auth.uid(), auth.uid());
UPDATE docs SET author = (select auth.uid()), owner_id = auth.uid(), editor = auth.user_id();
INSERT INTO app.posts (title, author_id) VALUES ('t', auth.uid());`,
    findings: [],
  },
  {
    name: 'judges each of two same-named tables in two schemas by its own columns (a policy ON blog.posts uses blog.posts, not archive.posts; an ALTER of one leaves the other judged)',
    rejectedBy: '42883',
    parserMayReject: true,
    sql: `CREATE SCHEMA blog;
CREATE SCHEMA archive;
CREATE TABLE blog.posts (id serial PRIMARY KEY, owner_id uuid, title text);
CREATE TABLE archive.posts (id serial PRIMARY KEY, owner_id text, title text);
ALTER TABLE archive.posts ALTER COLUMN owner_id TYPE varchar(64);
CREATE POLICY archive_owner ON archive.posts USING (owner_id = auth.user_id());
CREATE POLICY blog_owner ON blog.posts USING (owner_id = auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        nth: 1,
        messageId: 'useOtherHelper',
        message: 'owner_id is uuid, but auth.user_id() returns text',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE SCHEMA blog;
CREATE SCHEMA archive;
CREATE TABLE blog.posts (id serial PRIMARY KEY, owner_id uuid, title text);
CREATE TABLE archive.posts (id serial PRIMARY KEY, owner_id text, title text);
ALTER TABLE archive.posts ALTER COLUMN owner_id TYPE varchar(64);
CREATE POLICY archive_owner ON archive.posts USING (owner_id = auth.user_id());
CREATE POLICY blog_owner ON blog.posts USING (owner_id = auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'resolves an unqualified table name through the search_path when two schemas have a table of that name',
    rejectedBy: '42883',
    sql: `CREATE SCHEMA blog;
CREATE TABLE blog.posts (id serial PRIMARY KEY, owner_id uuid NOT NULL, title text);
CREATE TABLE posts (id serial PRIMARY KEY, owner_id text NOT NULL, title text);
SELECT id FROM posts WHERE owner_id = auth.user_id();
SET search_path TO blog, public;
SELECT id FROM posts WHERE owner_id = auth.user_id();`,
    findings: [
      {
        at: 'auth.user_id()',
        nth: 1,
        messageId: 'useOtherHelper',
        message: 'owner_id is uuid, but auth.user_id() returns text',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE SCHEMA blog;
CREATE TABLE blog.posts (id serial PRIMARY KEY, owner_id uuid NOT NULL, title text);
CREATE TABLE posts (id serial PRIMARY KEY, owner_id text NOT NULL, title text);
SELECT id FROM posts WHERE owner_id = auth.user_id();
SET search_path TO blog, public;
SELECT id FROM posts WHERE owner_id = auth.uid();`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts the matching helper for each of two same-named tables in two schemas, qualified or through the search_path',
    parserMayReject: true,
    sql: `CREATE SCHEMA blog;
CREATE SCHEMA archive;
CREATE TABLE blog.posts (id serial PRIMARY KEY, owner_id uuid, title text);
CREATE TABLE archive.posts (id serial PRIMARY KEY, owner_id text, title text);
ALTER TABLE archive.posts ALTER COLUMN owner_id TYPE varchar(64);
CREATE POLICY blog_owner ON blog.posts USING (owner_id = auth.uid());
CREATE POLICY archive_owner ON archive.posts USING (owner_id = auth.user_id());
SELECT p.id FROM archive.posts p WHERE p.owner_id = auth.user_id();
INSERT INTO archive.posts (owner_id, title) VALUES (auth.user_id(), 't');
UPDATE blog.posts SET owner_id = auth.uid() WHERE id = 1;
SET search_path TO archive, public;
SELECT id FROM posts WHERE owner_id = auth.user_id();
INSERT INTO posts VALUES (DEFAULT, auth.user_id(), 't');`,
    findings: [],
  },
  {
    name: "flags INSERT … VALUES without a column list by the table's column order: auth.user_id() into the uuid column",
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
INSERT INTO docs VALUES (DEFAULT, auth.user_id(), auth.uid());`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        message:
          'owner_id is uuid, but auth.user_id() returns text: Postgres has no assignment cast from text to uuid and rejects this value (SQLSTATE 42804). Use auth.uid(), which returns uuid.',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
INSERT INTO docs VALUES (DEFAULT, auth.uid(), auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags INSERT … SELECT without a column list, in a later row position',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, author text, owner_id uuid);
INSERT INTO docs SELECT 1, auth.user_id(), (SELECT auth.user_id());`,
    findings: [
      {
        at: 'auth.user_id()',
        nth: 1,
        messageId: 'assignOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, author text, owner_id uuid);
INSERT INTO docs SELECT 1, auth.user_id(), (SELECT auth.uid());`,
          },
        ],
      },
    ],
  },
  {
    name: "is silent on INSERT without a column list when the table's column order is not known for sure (an earlier ALTER TABLE)",
    sql: `CREATE TABLE drafts (legacy_owner uuid, author text);
ALTER TABLE drafts DROP COLUMN legacy_owner;
INSERT INTO drafts VALUES (auth.user_id());
CREATE TABLE notes (id serial PRIMARY KEY, author text);
ALTER TABLE notes ADD COLUMN owner_id uuid;
INSERT INTO notes VALUES (DEFAULT, auth.user_id(), auth.uid());`,
    findings: [],
  },
  {
    name: 'flags UPDATE … SET (a, b) = (…), each value assigned to its column',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
UPDATE docs SET (author, owner_id) = (auth.uid(), auth.user_id()) WHERE id = 1;`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        message: 'owner_id is uuid, but auth.user_id() returns text',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
UPDATE docs SET (author, owner_id) = (auth.uid(), auth.uid()) WHERE id = 1;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ON CONFLICT … DO UPDATE SET (a, b) = (…)',
    rejectedBy: '42804',
    sql: `CREATE TABLE docs (id int PRIMARY KEY, owner_id uuid, author text);
INSERT INTO docs (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET (owner_id, author) = ((select auth.user_id()), 'x');`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `CREATE TABLE docs (id int PRIMARY KEY, owner_id uuid, author text);
INSERT INTO docs (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET (owner_id, author) = ((select auth.uid()), 'x');`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts UPDATE … SET (a, b) = (…) with the matching helpers',
    sql: `CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);
UPDATE docs SET (owner_id, author) = (auth.uid(), auth.user_id()) WHERE id = 1;`,
    findings: [],
  },
  {
    name: 'flags auth.user_id() compared with the uuid id of an unqualified "user" that SET search_path resolves to neon_auth',
    sql: `SET search_path TO neon_auth, public;
SELECT id, name FROM "user" WHERE id = auth.user_id();`,
    rejectedBy: '42883',
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            output: `SET search_path TO neon_auth, public;
SELECT id, name FROM "user" WHERE id = auth.uid();`,
          },
        ],
      },
    ],
  },
  ...drizzleCases,
];
