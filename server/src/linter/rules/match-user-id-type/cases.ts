import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

const TO_TEXT = 'Change the column type to text';
const TO_UUID = 'Change the column type to uuid';

/** Postgres refuses a foreign key between incompatible types when the constraint is created. */
const DATATYPE_MISMATCH = '42804';

export const cases: RuleCase[] = [
  {
    name: 'a CREATE TABLE IF NOT EXISTS of a table the file already created is skipped (as Postgres skips it): the key is checked against the first definition',
    rejectedBy: '42804',
    sql: `CREATE TABLE todos (id serial, owner_id uuid);
CREATE TABLE IF NOT EXISTS todos (id serial, owner_id text);
ALTER TABLE todos ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [
      {
        at: 'uuid',
        // the skipped CREATE TABLE names owner_id too: names alone cannot tell, so the fix is not safe
        messageId: 'wrongTypeReviewUses',
        message: 'review the statement at line 2, which names the column too',
        fixes: [
          {
            title: 'Change the column type to text',
            preferred: true,
            safe: false,
            output: `CREATE TABLE todos (id serial, owner_id text);
CREATE TABLE IF NOT EXISTS todos (id serial, owner_id text);
ALTER TABLE todos ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a table dropped and created again is checked against its latest definition before the key (no finding: text now)',
    sql: `CREATE TABLE todos (id serial, owner_id uuid);
DROP TABLE todos;
CREATE TABLE todos (id serial, owner_id text);
ALTER TABLE todos ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [],
  },
  {
    name: 'a table dropped and created again with a uuid column: the key to users_sync is reported on the latest definition',
    rejectedBy: '42804',
    sql: `CREATE TABLE todos (id serial, owner_id text);
DROP TABLE todos;
CREATE TABLE todos (id serial, owner_id uuid);
ALTER TABLE todos ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [
      {
        at: 'uuid',
        // the dropped table's CREATE TABLE names owner_id too
        messageId: 'wrongTypeReviewUses',
        message: 'review the statement at line 1, which names the column too',
        fixes: [
          {
            title: 'Change the column type to text',
            preferred: true,
            safe: false,
            output: `CREATE TABLE todos (id serial, owner_id text);
DROP TABLE todos;
CREATE TABLE todos (id serial, owner_id text);
ALTER TABLE todos ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a table of that name in another schema is not the unqualified one: archive.notes (uuid) is not public.notes (text), and the key is accepted',
    sql: `CREATE SCHEMA archive;
CREATE TABLE notes (owner_id text);
CREATE TABLE archive.notes (owner_id uuid);
ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [],
  },
  {
    name: "an unqualified name resolves through the file's SET search_path: the uuid column of billing.notes is reported, not public.notes",
    rejectedBy: '42804',
    sql: `CREATE SCHEMA billing;
CREATE TABLE billing.notes (owner_id uuid);
CREATE TABLE notes (owner_id text);
SET search_path TO billing, public;
ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [
      {
        at: 'uuid',
        // (public.notes names a column owner_id too: uses are matched by name, schemas aside, so the fix is a suggestion)
        messageId: 'wrongTypeReviewUses',
        message: 'review the statement at line 3, which names the column too',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            safe: false,
            output: `CREATE SCHEMA billing;
CREATE TABLE billing.notes (owner_id text);
CREATE TABLE notes (owner_id text);
SET search_path TO billing, public;
ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'an unqualified CREATE TABLE after SET search_path makes its table in the first schema: its uuid column is reported for the key of billing.notes',
    rejectedBy: '42804',
    sql: `CREATE SCHEMA billing;
CREATE TABLE notes (owner_id text);
SET search_path = billing;
CREATE TABLE notes (owner_id uuid);
ALTER TABLE billing.notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;
ALTER TABLE public.notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [
      {
        at: 'uuid',
        // (public.notes names a column owner_id too: uses are matched by name, schemas aside, so the fix is a suggestion)
        messageId: 'wrongTypeReviewUses',
        message: 'review the statement at line 2, which names the column too',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            safe: false,
            output: `CREATE SCHEMA billing;
CREATE TABLE notes (owner_id text);
SET search_path = billing;
CREATE TABLE notes (owner_id text);
ALTER TABLE billing.notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;
ALTER TABLE public.notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'silent when "$user" comes first in the search path (a schema named after the role may hold the table)',
    sql: `CREATE SCHEMA billing;
CREATE TABLE billing.notes (owner_id text);
CREATE TABLE notes (owner_id uuid);
SET search_path TO "$user", billing, public;
ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [],
  },
  {
    name: 'flags ALTER COLUMN … TYPE uuid of a column whose foreign key references users_sync(id) (text): Postgres re-checks the key (42804)',
    rejectedBy: '42804',
    sql: `CREATE TABLE notes (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE notes ALTER COLUMN owner_id TYPE uuid USING owner_id::uuid;`,
    findings: [
      {
        at: 'uuid',
        messageId: 'retypedKeyColumn',
        message:
          'Column owner_id becomes uuid, but its foreign key notes_owner_id_fkey references neon_auth.users_sync(id), which is text: Postgres rejects the type change (SQLSTATE 42804, incompatible types). Keep the column text, or drop the key first (DROP CONSTRAINT notes_owner_id_fkey) when it is to reference another table.',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags ALTER COLUMN … TYPE uuid of a column whose key references an unqualified users_sync that SET search_path resolved to neon_auth',
    rejectedBy: '42804',
    sql: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes (owner_id text REFERENCES users_sync(id) ON DELETE CASCADE);
ALTER TABLE public.notes ALTER COLUMN owner_id TYPE uuid USING owner_id::uuid;`,
    findings: [
      {
        at: 'uuid',
        messageId: 'retypedKeyColumn',
        message: 'its foreign key notes_owner_id_fkey references neon_auth.users_sync(id), which is text',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags a uuid column referencing an unqualified users_sync that SET search_path resolves to neon_auth, and changes it to text',
    rejectedBy: DATATYPE_MISMATCH,
    sql: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes (owner_id uuid REFERENCES users_sync(id) ON DELETE CASCADE);`,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongType',
        message: 'Column owner_id is uuid, but neon_auth.users_sync(id) is text',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes (owner_id text REFERENCES users_sync(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts a uuid column referencing an unqualified users_sync that a schema before neon_auth on the path holds (the file creates public.users_sync)',
    sql: `SET search_path TO public, neon_auth;
CREATE TABLE users_sync (id uuid PRIMARY KEY);
CREATE TABLE notes (owner_id uuid REFERENCES users_sync(id) ON DELETE CASCADE);`,
    findings: [],
  },
  {
    name: 'flags SET DATA TYPE varchar of a column whose named key references "user"(id) (uuid), in lower case; a key dropped by the same statement does not count',
    rejectedBy: '42804',
    sql: `create table notes (id serial primary key, owner_id uuid, constraint notes_owner_fk foreign key (owner_id) references neon_auth."user"(id) on delete cascade);
alter table notes alter owner_id set data type varchar(64);
alter table notes drop constraint notes_owner_fk, alter column owner_id type text;`,
    findings: [
      {
        at: 'varchar(64)',
        messageId: 'retypedKeyColumn',
        message: 'Column owner_id becomes varchar(64), but its foreign key notes_owner_fk references neon_auth."user"(id), which is uuid',
        fixes: [],
      },
    ],
  },
  {
    name: 'accepts retyping a key column to a type the user id accepts (varchar to users_sync), and retyping after the key is dropped',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE notes ALTER COLUMN owner_id TYPE varchar(255);
ALTER TABLE notes DROP CONSTRAINT notes_owner_id_fkey;
ALTER TABLE notes ALTER COLUMN owner_id TYPE uuid USING owner_id::uuid;
ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;`,
    findings: [],
  },
  {
    name: 'follows ALTER TABLE … ADD COLUMN of an earlier statement and fixes the type there',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY);
ALTER TABLE notes ADD COLUMN owner text NOT NULL;
ALTER TABLE notes ADD CONSTRAINT notes_owner_fk FOREIGN KEY (owner) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'text',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_UUID,
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY);
ALTER TABLE notes ADD COLUMN owner uuid NOT NULL;
ALTER TABLE notes ADD CONSTRAINT notes_owner_fk FOREIGN KEY (owner) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts a column retyped by ALTER COLUMN … TYPE uuid before its key to "user" (a legacy → current migration)',
    sql: `CREATE TABLE posts (id serial PRIMARY KEY, author_id text);
ALTER TABLE posts ALTER COLUMN author_id TYPE uuid USING author_id::uuid;
ALTER TABLE posts ADD CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;`,
    findings: [],
  },
  {
    name: "flags the best-practices page's UUID column referencing users_sync(id) and changes it to TEXT",
    sql: `CREATE TABLE todos (
    id SERIAL PRIMARY KEY,
    task TEXT NOT NULL,
    user_id UUID NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'UUID',
        messageId: 'wrongType',
        message: 'Column user_id is UUID, but neon_auth.users_sync(id) is text',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `CREATE TABLE todos (
    id SERIAL PRIMARY KEY,
    task TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a text column referencing the current neon_auth."user"(id) and changes it to uuid, in lower case',
    sql: `create table projects (id uuid primary key default gen_random_uuid(), owner_id text not null references neon_auth."user"(id) on delete cascade);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'text',
        messageId: 'wrongType',
        message: 'Column owner_id is text, but neon_auth."user"(id) is uuid',
        fixes: [
          {
            title: TO_UUID,
            preferred: true,
            output: `create table projects (id uuid primary key default gen_random_uuid(), owner_id uuid not null references neon_auth."user"(id) on delete cascade);`,
          },
        ],
      },
    ],
  },
  {
    name: 'covers the whole multi-word type of a table constraint\'s column: character varying(255) referencing "user"(id)',
    sql: `CREATE TABLE memberships (
  id bigserial PRIMARY KEY,
  member_id character varying(255) NOT NULL,
  CONSTRAINT memberships_member_fk FOREIGN KEY (member_id) REFERENCES neon_auth."user" (id) ON DELETE CASCADE
);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'character varying(255)',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_UUID,
            preferred: true,
            output: `CREATE TABLE memberships (
  id bigserial PRIMARY KEY,
  member_id uuid NOT NULL,
  CONSTRAINT memberships_member_fk FOREIGN KEY (member_id) REFERENCES neon_auth."user" (id) ON DELETE CASCADE
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'fixes the column in the earlier CREATE TABLE for ALTER TABLE … ADD CONSTRAINT',
    sql: `CREATE TABLE bookmarks (id bigserial PRIMARY KEY, user_id uuid NOT NULL, url text NOT NULL);
ALTER TABLE bookmarks ADD CONSTRAINT bookmarks_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `CREATE TABLE bookmarks (id bigserial PRIMARY KEY, user_id text NOT NULL, url text NOT NULL);
ALTER TABLE bookmarks ADD CONSTRAINT bookmarks_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: "flags Prisma's quoted INTEGER column and its ALTER TABLE foreign key, keeping the upper case",
    sql: `CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL ON UPDATE CASCADE;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'INTEGER',
        messageId: 'wrongType',
        message: 'Column authorId is INTEGER',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" TEXT,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL ON UPDATE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: "flags drizzle-kit's uuid column whose foreign key is added in a DO $$ … EXCEPTION block",
    sql: `CREATE TABLE IF NOT EXISTS "sessions_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "sessions_log" ADD CONSTRAINT "sessions_log_user_id_users_sync_id_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `CREATE TABLE IF NOT EXISTS "sessions_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "sessions_log" ADD CONSTRAINT "sessions_log_user_id_users_sync_id_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ALTER TABLE … ADD COLUMN with a bigint referencing users_sync(id)',
    sql: `ALTER TABLE comments ADD COLUMN editor_id bigint REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'bigint',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `ALTER TABLE comments ADD COLUMN editor_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a pg_catalog.uuid column referencing the early-access neon_identity.users_sync without a column list',
    sql: `CREATE TABLE devices (id serial PRIMARY KEY, owner_id pg_catalog.uuid REFERENCES neon_identity.users_sync ON DELETE CASCADE);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'pg_catalog.uuid',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `CREATE TABLE devices (id serial PRIMARY KEY, owner_id text REFERENCES neon_identity.users_sync ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an array column referencing a user id without offering a fix (one user per row is a design change)',
    sql: `CREATE TABLE teams (id serial PRIMARY KEY, member_ids uuid[] REFERENCES neon_auth."user"(id) ON DELETE CASCADE);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid[]',
        messageId: 'arrayColumn',
        message: 'an array',
        fixes: [],
      },
    ],
  },
  {
    name: 'reports a column once, with one fix, when several of its foreign keys reference the same user table',
    sql: `CREATE TABLE audit_log (
  id serial PRIMARY KEY,
  actor_id text,
  FOREIGN KEY (actor_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE,
  CONSTRAINT audit_log_actor_fk2 FOREIGN KEY (actor_id) REFERENCES neon_auth."user" ON DELETE CASCADE
);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'text',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_UUID,
            preferred: true,
            output: `CREATE TABLE audit_log (
  id serial PRIMARY KEY,
  actor_id uuid,
  FOREIGN KEY (actor_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE,
  CONSTRAINT audit_log_actor_fk2 FOREIGN KEY (actor_id) REFERENCES neon_auth."user" ON DELETE CASCADE
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers no fix for a column that references both generations, since no type matches both ids',
    sql: `CREATE TABLE migrating (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, FOREIGN KEY (owner_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'text',
        messageId: 'bothGenerations',
        message: 'no type matches both',
        fixes: [],
      },
    ],
  },
  {
    name: 'offers no fix for a uuid column whose CHECK uses it as uuid: text <> uuid would fail next (42883)',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, user_id uuid NOT NULL CHECK (user_id <> '00000000-0000-0000-0000-000000000000'::uuid) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid',
        messageId: 'boundExpression',
        message:
          'Column user_id is uuid, but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Its CHECK constraint or generation expression is written for uuid: change it together with the type to text.',
        fixes: [],
      },
    ],
  },
  {
    name: 'offers no fix when a later CHECK constraint of the table names the uuid column',
    sql: `CREATE TABLE notes (
  id serial PRIMARY KEY,
  user_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  CONSTRAINT notes_user_not_nil CHECK (user_id <> '00000000-0000-0000-0000-000000000000'::uuid)
);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [{ at: 'uuid', messageId: 'boundExpression', message: 'Its CHECK constraint or generation expression is written for uuid', fixes: [] }],
  },
  {
    name: 'a SQL function taking a uuid whose body names the column and its table: no fix (the body is a string; its text counts)',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE FUNCTION notes_of(p uuid) RETURNS SETOF int LANGUAGE sql AS $$ SELECT id FROM notes WHERE owner_id = p $$;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [{ at: 'uuid', messageId: 'usedElsewhere', message: 'The statement at line 2 names the column and its table next to uuid', fixes: [] }],
  },
  {
    name: "a view that names the column (compared with another table's column, no uuid in its text): the fix is a suggestion, not safe, naming the view's line",
    sql: `CREATE TABLE feed_sources (id serial PRIMARY KEY, user_ref text);
CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE VIEW note_sources AS SELECT n.id FROM notes n JOIN feed_sources s ON s.user_ref = n.owner_id::text;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongTypeReviewUses',
        message:
          'Column owner_id is uuid, but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare the column text, and review the statement at line 3, which names the column too: a view, routine, trigger, policy, index or query may use it as uuid. So the fix is a suggestion (not applied by --fix alone).',
        fixes: [
          {
            title: 'Change the column type to text',
            preferred: true,
            safe: false,
            output: `CREATE TABLE feed_sources (id serial PRIMARY KEY, user_ref text);
CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE VIEW note_sources AS SELECT n.id FROM notes n JOIN feed_sources s ON s.user_ref = n.owner_id::text;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a trigger function reading NEW.owner_id (the table not named) and an index on the column: a suggestion, naming the first',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE INDEX notes_owner_idx ON notes (owner_id);
CREATE FUNCTION notes_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'owner %', NEW.owner_id; RETURN NEW; END $$;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongTypeReviewUses',
        message: 'review the statement at line 2, which names the column too',
        fixes: [
          {
            title: 'Change the column type to text',
            preferred: true,
            safe: false,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE INDEX notes_owner_idx ON notes (owner_id);
CREATE FUNCTION notes_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'owner %', NEW.owner_id; RETURN NEW; END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: "other tables' DDL with a column of the same name (CREATE TABLE, ALTER TABLE, CREATE INDEX that do not name the table) leaves the fix safe",
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE TABLE todos2 (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE todos2 ALTER COLUMN owner_id SET NOT NULL;
CREATE INDEX todos2_owner_idx ON todos2 (owner_id);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongType',
        fixes: [
          {
            title: 'Change the column type to text',
            preferred: true,
            safe: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE TABLE todos2 (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE todos2 ALTER COLUMN owner_id SET NOT NULL;
CREATE INDEX todos2_owner_idx ON todos2 (owner_id);`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers no fix when a view in the same file calls a uuid function on the column (uuid_send(text) would fail next)',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE VIEW note_owner_bytes AS SELECT id, uuid_send(owner_id) AS owner_bytes FROM notes;`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [{ at: 'uuid', messageId: 'usedElsewhere', message: 'The statement at line 2 names the column and its table next to uuid', fixes: [] }],
  },
  {
    name: 'offers no fix when an ALTER TABLE elsewhere in the file adds a uuid CHECK on the column',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid);
ALTER TABLE notes ADD CONSTRAINT notes_owner_fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;
ALTER TABLE notes ADD CONSTRAINT notes_owner_not_nil CHECK (owner_id <> '00000000-0000-0000-0000-000000000000'::uuid);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [{ at: 'uuid', messageId: 'usedElsewhere', message: 'The statement at line 3 names the column and its table next to uuid', fixes: [] }],
  },
  {
    name: 'offers no fix for an identity column: text cannot be an identity (22023 would follow)',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, user_id bigint GENERATED ALWAYS AS IDENTITY REFERENCES neon_auth.users_sync(id));`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      { at: 'bigint', messageId: 'identityColumn', message: 'It is an identity column (GENERATED … AS IDENTITY), which must be an integer type', fixes: [] },
    ],
  },
  {
    name: 'offers the type change for a column with a DEFAULT of the old type as neither preferred nor safe (gen_random_uuid() then fills text)',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, user_id uuid DEFAULT gen_random_uuid() REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongTypeReviewDefault',
        message: 'Declare the column text, and check its DEFAULT, written for uuid',
        fixes: [
          {
            title: TO_TEXT,
            preferred: false,
            safe: false,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, user_id text DEFAULT gen_random_uuid() REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers no change to uuid for a text column with a text DEFAULT or a COLLATE (22P02, 42804 would follow)',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text DEFAULT '' REFERENCES neon_auth."user"(id) ON DELETE CASCADE);
CREATE TABLE tags (id serial PRIMARY KEY, owner_id text COLLATE "C" REFERENCES neon_auth."user"(id) ON DELETE CASCADE);`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      { at: 'text', messageId: 'oldDefault', message: 'Its DEFAULT is written for text', fixes: [] },
      { at: 'text', messageId: 'collateClause', nth: 1, message: 'Its COLLATE clause must go too', fixes: [] },
    ],
  },
  {
    name: "keeps the fix safe when the file uses another column, or another table's column of that name, as uuid",
    sql: `CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE VIEW note_ids AS SELECT uuid_send(id) AS id_bytes FROM notes;
CREATE TABLE devices (id serial PRIMARY KEY, user_id uuid DEFAULT gen_random_uuid());`,
    rejectedBy: DATATYPE_MISMATCH,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongType',
        nth: 2,
        message: 'Declare the column text.',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            safe: true,
            output: `CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE VIEW note_ids AS SELECT uuid_send(id) AS id_bytes FROM notes;
CREATE TABLE devices (id serial PRIMARY KEY, user_id uuid DEFAULT gen_random_uuid());`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts text columns referencing users_sync(id) and uuid columns referencing "user"(id), in every constraint form',
    sql: `CREATE TABLE todos (
    id SERIAL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
    reviewer_id text,
    CONSTRAINT todos_reviewer_fk FOREIGN KEY (reviewer_id) REFERENCES neon_auth.users_sync (id) ON DELETE SET NULL
);
CREATE TABLE projects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE, editor_id "uuid");
ALTER TABLE projects ADD CONSTRAINT projects_editor_fk FOREIGN KEY (editor_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL;`,
    findings: [],
  },
  {
    name: 'accepts varchar, char and name columns referencing users_sync(id): Postgres casts them to text',
    sql: `CREATE TABLE invites (
  id serial PRIMARY KEY,
  inviter_id varchar(255) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  invitee_id character varying REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  approver_id char(32) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  auditor_id name REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL
);`,
    findings: [],
  },
  {
    name: 'does not judge a column defined elsewhere, a domain, or foreign keys to other tables',
    sql: `ALTER TABLE todos ADD CONSTRAINT todos_user_fk2 FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;
CREATE DOMAIN user_ref AS text;
CREATE TABLE mentions (
  id serial PRIMARY KEY,
  post_id integer NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  user_id user_ref REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE
);`,
    findings: [],
  },
  {
    name: 'follows ALTER TABLE … RENAME TO in the file: a key added under the new name is judged by the columns the table had under the old one (42804)',
    rejectedBy: DATATYPE_MISMATCH,
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid);
ALTER TABLE notes RENAME TO notes2;
ALTER TABLE notes2 ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text);
ALTER TABLE notes RENAME TO notes2;
ALTER TABLE notes2 ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a renamed table keeps its schema, and a rename that a ROLLBACK TO SAVEPOINT undid leaves the old name: the key after a second rename is judged (42804)',
    rejectedBy: DATATYPE_MISMATCH,
    sql: `CREATE SCHEMA archive32;
CREATE TABLE archive32.notes32 (id serial PRIMARY KEY, owner_id uuid);
SAVEPOINT s;
ALTER TABLE archive32.notes32 RENAME TO gone32;
ROLLBACK TO SAVEPOINT s;
ALTER TABLE archive32.notes32 RENAME TO kept32;
ALTER TABLE archive32.kept32 ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
    findings: [
      {
        at: 'uuid',
        messageId: 'wrongType',
        fixes: [
          {
            title: TO_TEXT,
            preferred: true,
            output: `CREATE SCHEMA archive32;
CREATE TABLE archive32.notes32 (id serial PRIMARY KEY, owner_id text);
SAVEPOINT s;
ALTER TABLE archive32.notes32 RENAME TO gone32;
ROLLBACK TO SAVEPOINT s;
ALTER TABLE archive32.notes32 RENAME TO kept32;
ALTER TABLE archive32.kept32 ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  ...drizzleCases,
];
