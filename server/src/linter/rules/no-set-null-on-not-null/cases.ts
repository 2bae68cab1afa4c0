import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

const REMOVE_NOT_NULL = 'Remove NOT NULL from the column (keep its rows without their user)';
const CASCADE = 'Change to ON DELETE CASCADE (delete its rows with their user)';

export const cases: RuleCase[] = [
  {
    name: 'flags a CHECK that rejects NULL added after an ON DELETE SET NULL key on the column (23514 at the first delete)',
    sql: `CREATE TABLE b3 (id serial PRIMARY KEY, user_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE b3 ADD CONSTRAINT c3 CHECK (user_id IS NOT NULL) NOT VALID;`,
    findings: [{ at: 'CHECK (user_id IS NOT NULL)', messageId: 'checkUnderSetNull', fixes: [] }],
  },
  {
    name: 'flags a later SET NOT NULL on a column whose key to the user is ON DELETE SET NULL',
    sql: 'CREATE TABLE posts (id serial PRIMARY KEY, author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\nALTER TABLE posts ALTER COLUMN author_id SET NOT NULL;',
    findings: [
      {
        at: 'SET NOT NULL',
        messageId: 'setNotNullUnderSetNull',
        message:
          'SET NOT NULL on author_id, whose foreign key to neon_auth.users_sync(id) sets it to NULL when the user is deleted (ON DELETE SET NULL): Postgres accepts it, but deleting a user who still has rows here then fails with a not-null violation (SQLSTATE 23502). Keep the column nullable, or replace the key with one that deletes the rows (ON DELETE CASCADE).',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags a later SET NOT NULL on a column whose ON DELETE SET NULL key references an unqualified "user" that SET search_path resolved to neon_auth',
    sql: `SET search_path TO neon_auth, public;
CREATE TABLE public.b4 (id serial PRIMARY KEY, user_id uuid REFERENCES "user"(id) ON DELETE SET NULL);
ALTER TABLE public.b4 ALTER COLUMN user_id SET NOT NULL;`,
    findings: [{ at: 'SET NOT NULL', messageId: 'setNotNullUnderSetNull', message: 'whose foreign key to neon_auth."user"(id) sets it to NULL', fixes: [] }],
  },
  {
    name: 'flags SET NULL on a NOT NULL column whose key references an unqualified users_sync that SET search_path resolves to neon_auth',
    sql: `SET search_path TO neon_auth, public;
CREATE TABLE public.b5 (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES users_sync(id) ON DELETE SET NULL);`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: REMOVE_NOT_NULL,
            preferred: true,
            output: `SET search_path TO neon_auth, public;
CREATE TABLE public.b5 (id serial PRIMARY KEY, user_id text REFERENCES users_sync(id) ON DELETE SET NULL);`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `SET search_path TO neon_auth, public;
CREATE TABLE public.b5 (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES users_sync(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'follows ADD COLUMN, RENAME COLUMN and SET NOT NULL of earlier statements, and offers CASCADE only',
    sql: `CREATE TABLE chores (id serial PRIMARY KEY, task text);
ALTER TABLE chores ADD COLUMN owner uuid;
ALTER TABLE chores RENAME COLUMN owner TO user_id;
ALTER TABLE chores ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE chores ADD CONSTRAINT chores_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL;`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE chores (id serial PRIMARY KEY, task text);
ALTER TABLE chores ADD COLUMN owner uuid;
ALTER TABLE chores RENAME COLUMN owner TO user_id;
ALTER TABLE chores ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE chores ADD CONSTRAINT chores_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags SET NULL on a NOT NULL column constraint and prefers removing the NOT NULL',
    sql: `CREATE TABLE comments_archive (
  id bigserial PRIMARY KEY,
  author_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  body text NOT NULL
);`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        message: 'ON DELETE SET NULL on author_id, which is NOT NULL',
        fixes: [
          {
            title: REMOVE_NOT_NULL,
            preferred: true,
            output: `CREATE TABLE comments_archive (
  id bigserial PRIMARY KEY,
  author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  body text NOT NULL
);`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE comments_archive (
  id bigserial PRIMARY KEY,
  author_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  body text NOT NULL
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers only CASCADE for a primary-key column referencing the current neon_auth."user"',
    sql: `CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES neon_auth."user"(id) ON DELETE SET NULL, bio text);`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES neon_auth."user"(id) ON DELETE CASCADE, bio text);`,
          },
        ],
      },
    ],
  },
  {
    name: 'treats columns of a table-level PRIMARY KEY as NOT NULL, for column and table constraints alike',
    sql: `CREATE TABLE follows (
  follower_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  followee_id text NOT NULL,
  PRIMARY KEY (follower_id, followee_id),
  FOREIGN KEY (followee_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL
);`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE follows (
  follower_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  followee_id text NOT NULL,
  PRIMARY KEY (follower_id, followee_id),
  FOREIGN KEY (followee_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL
);`,
          },
        ],
      },
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        nth: 1,
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE follows (
  follower_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  followee_id text NOT NULL,
  PRIMARY KEY (follower_id, followee_id),
  FOREIGN KEY (followee_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'removes the NOT NULL from the earlier CREATE TABLE for ALTER TABLE … ADD CONSTRAINT',
    sql: `CREATE TABLE bookmarks (id bigserial PRIMARY KEY, user_id text NOT NULL, url text);
ALTER TABLE bookmarks ADD CONSTRAINT bookmarks_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: REMOVE_NOT_NULL,
            preferred: true,
            output: `CREATE TABLE bookmarks (id bigserial PRIMARY KEY, user_id text, url text);
ALTER TABLE bookmarks ADD CONSTRAINT bookmarks_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE bookmarks (id bigserial PRIMARY KEY, user_id text NOT NULL, url text);
ALTER TABLE bookmarks ADD CONSTRAINT bookmarks_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'follows ALTER COLUMN … SET NOT NULL of an earlier ALTER TABLE and then offers only CASCADE',
    sql: `CREATE TABLE reminders (id serial PRIMARY KEY, user_id text, note text);
ALTER TABLE reminders ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE reminders ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE reminders (id serial PRIMARY KEY, user_id text, note text);
ALTER TABLE reminders ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE reminders ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: "flags drizzle-kit's quoted names and keeps the lower-case set null → cascade",
    sql: `CREATE TABLE IF NOT EXISTS "replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text
);
--> statement-breakpoint
ALTER TABLE "replies" ADD CONSTRAINT "replies_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."user"("id") ON DELETE set null ON UPDATE no action;`,
    findings: [
      {
        at: 'set null',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: REMOVE_NOT_NULL,
            preferred: true,
            output: `CREATE TABLE IF NOT EXISTS "replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"author_id" uuid,
	"body" text
);
--> statement-breakpoint
ALTER TABLE "replies" ADD CONSTRAINT "replies_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."user"("id") ON DELETE set null ON UPDATE no action;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE IF NOT EXISTS "replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text
);
--> statement-breakpoint
ALTER TABLE "replies" ADD CONSTRAINT "replies_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."user"("id") ON DELETE cascade ON UPDATE no action;`,
          },
        ],
      },
    ],
  },
  {
    name: 'removes a named CONSTRAINT … NOT NULL written on its own line, in lower case',
    sql: `create table drafts (
  id serial primary key,
  editor_id text
    constraint drafts_editor_required not null
    references neon_identity.users_sync (id) on delete set null
);`,
    findings: [
      {
        at: 'set null',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: REMOVE_NOT_NULL,
            preferred: true,
            output: `create table drafts (
  id serial primary key,
  editor_id text
    references neon_identity.users_sync (id) on delete set null
);`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `create table drafts (
  id serial primary key,
  editor_id text
    constraint drafts_editor_required not null
    references neon_identity.users_sync (id) on delete cascade
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags SET NULL (col) listing the NOT NULL column, and CASCADE drops the column list',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, author_id text NOT NULL, FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL (author_id));`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: REMOVE_NOT_NULL,
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, author_id text, FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL (author_id));`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, author_id text NOT NULL, FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts SET NULL on nullable columns and CASCADE on NOT NULL columns, for both generations',
    sql: `CREATE TABLE articles (
  id bigserial PRIMARY KEY,
  author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  editor_id uuid NULL REFERENCES neon_auth."user"(id) ON DELETE SET NULL,
  creator_id uuid NOT NULL,
  CONSTRAINT articles_creator_fk FOREIGN KEY (creator_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE
);`,
    findings: [],
  },
  {
    name: 'follows ALTER COLUMN … DROP NOT NULL of an earlier ALTER TABLE: the column is nullable again',
    sql: `CREATE TABLE drafts (id serial PRIMARY KEY, author_id text NOT NULL);
ALTER TABLE drafts ALTER author_id DROP NOT NULL;
ALTER TABLE drafts ADD CONSTRAINT drafts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [],
  },
  {
    name: 'does not judge a column defined elsewhere, or foreign keys to other tables',
    sql: `ALTER TABLE comments ADD CONSTRAINT comments_author_fk2 FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
CREATE TABLE attachments (id serial PRIMARY KEY, post_id int NOT NULL REFERENCES posts(id) ON DELETE SET NULL);`,
    findings: [],
  },
  {
    name: 'a CHECK (col IS NOT NULL) next to the NOT NULL: removing the NOT NULL would not do (23514), so CASCADE only (the try-break report)',
    sql: 'CREATE TABLE invites (user_id text NOT NULL CHECK (user_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);',
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNullAndCheck',
        message:
          'ON DELETE SET NULL on user_id, which is NOT NULL and has a CHECK constraint that rejects NULL (user_id IS NOT NULL): Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502), and without the NOT NULL the CHECK still fails (23514). Delete the rows with the user (CASCADE).',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: 'CREATE TABLE invites (user_id text NOT NULL CHECK (user_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);',
          },
        ],
      },
    ],
  },
  {
    name: 'a nullable column whose table CHECK has the conjunct user_id IS NOT NULL: the delete fails with 23514',
    sql: `CREATE TABLE invitations (
  id serial PRIMARY KEY,
  user_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  CONSTRAINT invitations_user_present CHECK ((user_id IS NOT NULL AND user_id <> ''))
);`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNullCheck',
        message:
          'ON DELETE SET NULL on user_id, whose CHECK constraint rejects NULL (user_id IS NOT NULL): Postgres accepts it, but deleting a user who still has rows here fails with a check violation (SQLSTATE 23514). Delete the rows with the user (CASCADE), or drop that CHECK.',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE invitations (
  id serial PRIMARY KEY,
  user_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  CONSTRAINT invitations_user_present CHECK ((user_id IS NOT NULL AND user_id <> ''))
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'an earlier ALTER TABLE … ADD CONSTRAINT … CHECK (user_id IS NOT NULL) counts for a later key',
    sql: `CREATE TABLE seats (id serial PRIMARY KEY, user_id uuid);
ALTER TABLE seats ADD CONSTRAINT seats_user_present CHECK (user_id IS NOT NULL);
ALTER TABLE seats ADD FOREIGN KEY (user_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL;`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNullCheck',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE seats (id serial PRIMARY KEY, user_id uuid);
ALTER TABLE seats ADD CONSTRAINT seats_user_present CHECK (user_id IS NOT NULL);
ALTER TABLE seats ADD FOREIGN KEY (user_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a CHECK whose IS NOT NULL is one side of an OR lets NULL through: not reported',
    sql: `CREATE TABLE loans (
  id serial PRIMARY KEY,
  archived boolean,
  user_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL CHECK (user_id IS NOT NULL OR archived)
);`,
    findings: [],
  },
  {
    name: 'SET NULL on a stored generated column NOT NULL: Postgres rejects the key (42601), so CASCADE only (removing the NOT NULL would not do)',
    sql: `CREATE TABLE stamps (x int, owner_id text GENERATED ALWAYS AS (x::text) STORED NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);`,
    rejectedBy: '42601',
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnGenerated',
        message:
          'ON DELETE SET NULL on owner_id, a generated column: Postgres rejects this foreign key (SQLSTATE 42601, invalid ON DELETE action for a foreign key containing a generated column), whether or not the column is NOT NULL. Delete the rows with the user (CASCADE).',
        severity: 'error',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE stamps (x int, owner_id text GENERATED ALWAYS AS (x::text) STORED NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'SET NULL on a nullable generated column, also through ALTER TABLE … ADD FOREIGN KEY: rejected too (42601)',
    sql: `CREATE TABLE stamps2 (x int, owner_id text GENERATED ALWAYS AS (x::text) STORED);
ALTER TABLE stamps2 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE set null;`,
    rejectedBy: '42601',
    findings: [
      {
        at: 'set null',
        messageId: 'setNullOnGenerated',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE stamps2 (x int, owner_id text GENERATED ALWAYS AS (x::text) STORED);
ALTER TABLE stamps2 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE cascade;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a CHECK that rejected NULL, dropped by name before the key (DROP CONSTRAINT, IF EXISTS, or the name Postgres chose): not reported',
    sql: `CREATE TABLE tags1 (owner_id text, CONSTRAINT c CHECK (owner_id IS NOT NULL));
ALTER TABLE tags1 DROP CONSTRAINT c;
ALTER TABLE tags1 ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
CREATE TABLE tags2 (owner_id text CONSTRAINT c2 CHECK (owner_id IS NOT NULL));
ALTER TABLE tags2 DROP CONSTRAINT IF EXISTS c2;
ALTER TABLE tags2 ADD CONSTRAINT fk2 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
CREATE TABLE tags3 (owner_id text CHECK (owner_id IS NOT NULL));
ALTER TABLE tags3 DROP CONSTRAINT tags3_owner_id_check;
ALTER TABLE tags3 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
CREATE TABLE tags4 (owner_id text);
ALTER TABLE tags4 ADD CONSTRAINT c4 CHECK (owner_id IS NOT NULL);
ALTER TABLE tags4 RENAME CONSTRAINT c4 TO c5;
ALTER TABLE tags4 DROP CONSTRAINT c5;
ALTER TABLE tags4 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [],
  },
  {
    name: 'DROP CONSTRAINT of another constraint leaves the CHECK that rejects NULL: still reported',
    sql: `CREATE TABLE tags5 (owner_id text, n int, CONSTRAINT c CHECK (owner_id IS NOT NULL), CONSTRAINT n_positive CHECK (n > 0));
ALTER TABLE tags5 DROP CONSTRAINT n_positive;
ALTER TABLE tags5 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNullCheck',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE tags5 (owner_id text, n int, CONSTRAINT c CHECK (owner_id IS NOT NULL), CONSTRAINT n_positive CHECK (n > 0));
ALTER TABLE tags5 DROP CONSTRAINT n_positive;
ALTER TABLE tags5 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a CHECK that rejects NULL, or the key itself, dropped by a later statement (by name, the name Postgres chose, after RENAME CONSTRAINT or RENAME COLUMN, with IF EXISTS, or DROP COLUMN): not reported',
    sql: `CREATE TABLE tags6 (owner_id text CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags6 DROP CONSTRAINT tags6_owner_id_check;
CREATE TABLE tags7 (owner_id text, CONSTRAINT c7 CHECK (owner_id IS NOT NULL));
ALTER TABLE tags7 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ALTER TABLE tags7 RENAME CONSTRAINT c7 TO c8;
ALTER TABLE tags7 DROP CONSTRAINT IF EXISTS c8;
CREATE TABLE tags8 (owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags8 DROP CONSTRAINT tags8_owner_id_fkey;
CREATE TABLE tags9 (owner_id text NOT NULL, CONSTRAINT k9 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags9 RENAME COLUMN owner_id TO uid;
ALTER TABLE tags9 DROP COLUMN uid;`,
    findings: [],
  },
  {
    name: 'a later DROP CONSTRAINT of another constraint leaves the CHECK that rejects NULL: still reported; a later drop of the CHECK leaves the NOT NULL: reported as NOT NULL',
    sql: `CREATE TABLE tags10 (owner_id text CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, n int CHECK (n > 0));
ALTER TABLE tags10 DROP CONSTRAINT tags10_n_check;
CREATE TABLE tags11 (owner_id text NOT NULL CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags11 DROP CONSTRAINT tags11_owner_id_check;`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNullCheck',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE tags10 (owner_id text CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, n int CHECK (n > 0));
ALTER TABLE tags10 DROP CONSTRAINT tags10_n_check;
CREATE TABLE tags11 (owner_id text NOT NULL CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags11 DROP CONSTRAINT tags11_owner_id_check;`,
          },
        ],
      },
      {
        at: 'SET NULL',
        nth: 1,
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: REMOVE_NOT_NULL,
            preferred: true,
            output: `CREATE TABLE tags10 (owner_id text CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, n int CHECK (n > 0));
ALTER TABLE tags10 DROP CONSTRAINT tags10_n_check;
CREATE TABLE tags11 (owner_id text CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags11 DROP CONSTRAINT tags11_owner_id_check;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE tags10 (owner_id text CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, n int CHECK (n > 0));
ALTER TABLE tags10 DROP CONSTRAINT tags10_n_check;
CREATE TABLE tags11 (owner_id text NOT NULL CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE tags11 DROP CONSTRAINT tags11_owner_id_check;`,
          },
        ],
      },
    ],
  },
  {
    name: 'an unnamed CHECK keeps the name Postgres chose through RENAME COLUMN: DROP CONSTRAINT of that name (before the key, or after it) removes it; of the name the new column would give, not (reported)',
    sql: `CREATE TABLE tags12 (owner_id text CHECK (owner_id IS NOT NULL));
ALTER TABLE tags12 RENAME COLUMN owner_id TO uid;
ALTER TABLE tags12 DROP CONSTRAINT tags12_owner_id_check;
ALTER TABLE tags12 ADD FOREIGN KEY (uid) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
CREATE TABLE tags13 (owner_id text CHECK (owner_id IS NOT NULL));
ALTER TABLE tags13 RENAME COLUMN owner_id TO uid;
ALTER TABLE tags13 ADD FOREIGN KEY (uid) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ALTER TABLE tags13 DROP CONSTRAINT tags13_owner_id_check;
CREATE TABLE tags14 (owner_id text CHECK (owner_id IS NOT NULL));
ALTER TABLE tags14 RENAME COLUMN owner_id TO uid;
ALTER TABLE tags14 DROP CONSTRAINT IF EXISTS tags14_uid_check;
ALTER TABLE tags14 ADD FOREIGN KEY (uid) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [
      {
        at: 'SET NULL',
        nth: 2,
        messageId: 'setNullOnNullCheck',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE tags12 (owner_id text CHECK (owner_id IS NOT NULL));
ALTER TABLE tags12 RENAME COLUMN owner_id TO uid;
ALTER TABLE tags12 DROP CONSTRAINT tags12_owner_id_check;
ALTER TABLE tags12 ADD FOREIGN KEY (uid) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
CREATE TABLE tags13 (owner_id text CHECK (owner_id IS NOT NULL));
ALTER TABLE tags13 RENAME COLUMN owner_id TO uid;
ALTER TABLE tags13 ADD FOREIGN KEY (uid) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ALTER TABLE tags13 DROP CONSTRAINT tags13_owner_id_check;
CREATE TABLE tags14 (owner_id text CHECK (owner_id IS NOT NULL));
ALTER TABLE tags14 RENAME COLUMN owner_id TO uid;
ALTER TABLE tags14 DROP CONSTRAINT IF EXISTS tags14_uid_check;
ALTER TABLE tags14 ADD FOREIGN KEY (uid) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a NOT NULL that a later statement drops (ALTER COLUMN … DROP NOT NULL): not reported, as a delete fails only while the column is NOT NULL; a CHECK that rejects NULL still is',
    sql: `CREATE TABLE tags15 (owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags15 ALTER COLUMN owner_id DROP NOT NULL;
CREATE TABLE tags16 (owner_id text NOT NULL CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags16 ALTER owner_id DROP NOT NULL;`,
    findings: [
      {
        at: 'SET NULL',
        nth: 1,
        messageId: 'setNullOnNullCheck',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE tags15 (owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags15 ALTER COLUMN owner_id DROP NOT NULL;
CREATE TABLE tags16 (owner_id text NOT NULL CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE tags16 ALTER owner_id DROP NOT NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a primary-key column stays NOT NULL when its key is dropped (Postgres keeps attnotnull): reported with the key added after the drop or before it; a DROP NOT NULL after the drop ends it',
    sql: `CREATE TABLE tags20 (owner_id text, PRIMARY KEY (owner_id));
ALTER TABLE tags20 DROP CONSTRAINT tags20_pkey;
ALTER TABLE tags20 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
CREATE TABLE tags21 (owner_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags21 DROP CONSTRAINT tags21_pkey;
CREATE TABLE tags22 (owner_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags22 DROP CONSTRAINT tags22_pkey, ALTER owner_id DROP NOT NULL;`,
    findings: [
      {
        at: 'SET NULL',
        nth: 0,
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE tags20 (owner_id text, PRIMARY KEY (owner_id));
ALTER TABLE tags20 DROP CONSTRAINT tags20_pkey;
ALTER TABLE tags20 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;
CREATE TABLE tags21 (owner_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags21 DROP CONSTRAINT tags21_pkey;
CREATE TABLE tags22 (owner_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags22 DROP CONSTRAINT tags22_pkey, ALTER owner_id DROP NOT NULL;`,
          },
        ],
      },
      {
        at: 'SET NULL',
        nth: 1,
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE tags20 (owner_id text, PRIMARY KEY (owner_id));
ALTER TABLE tags20 DROP CONSTRAINT tags20_pkey;
ALTER TABLE tags20 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
CREATE TABLE tags21 (owner_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE tags21 DROP CONSTRAINT tags21_pkey;
CREATE TABLE tags22 (owner_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags22 DROP CONSTRAINT tags22_pkey, ALTER owner_id DROP NOT NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a key that a ROLLBACK TO SAVEPOINT undoes is not reported; the same key added after it is',
    sql: `CREATE TABLE tags25 (owner_id text NOT NULL);
SAVEPOINT s;
ALTER TABLE tags25 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ROLLBACK TO SAVEPOINT s;
ALTER TABLE tags25 ADD CONSTRAINT tags25_k FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [
      {
        at: 'SET NULL',
        nth: 1,
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: REMOVE_NOT_NULL,
            preferred: true,
            output: `CREATE TABLE tags25 (owner_id text);
SAVEPOINT s;
ALTER TABLE tags25 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ROLLBACK TO SAVEPOINT s;
ALTER TABLE tags25 ADD CONSTRAINT tags25_k FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE tags25 (owner_id text NOT NULL);
SAVEPOINT s;
ALTER TABLE tags25 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ROLLBACK TO SAVEPOINT s;
ALTER TABLE tags25 ADD CONSTRAINT tags25_k FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'SET NOT NULL in the statement that drops the ON DELETE SET NULL key and adds it again as CASCADE: not reported; added again as SET NULL: reported',
    sql: `CREATE TABLE tags18 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags18 DROP CONSTRAINT tags18_owner_id_fkey, ADD CONSTRAINT tags18_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, ALTER COLUMN owner_id SET NOT NULL;
CREATE TABLE tags19 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags19 DROP CONSTRAINT tags19_owner_id_fkey, ADD CONSTRAINT tags19_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, ALTER COLUMN owner_id SET NOT NULL;`,
    findings: [
      {
        at: 'SET NOT NULL',
        nth: 1,
        messageId: 'setNotNullUnderSetNull',
        fixes: [],
      },
    ],
  },
  {
    name: "a NOT NULL column of a table of that name in another schema is not the unqualified table's (archive.notes is not public.notes)",
    sql: `CREATE SCHEMA archive;
CREATE TABLE notes (owner_id text);
CREATE TABLE archive.notes (owner_id text NOT NULL);
ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [],
  },
  {
    name: 'follows ALTER TABLE … RENAME TO in the file: a SET NOT NULL or a table CHECK of the old name still rejects NULL under the new one',
    sql: `CREATE TABLE notes33 (id serial PRIMARY KEY, owner_id text, editor_id text, CHECK (editor_id IS NOT NULL));
ALTER TABLE notes33 ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE notes33 RENAME TO notes34;
ALTER TABLE notes34 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ALTER TABLE notes34 ADD FOREIGN KEY (editor_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
    findings: [
      {
        at: 'SET NULL',
        messageId: 'setNullOnNotNull',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE notes33 (id serial PRIMARY KEY, owner_id text, editor_id text, CHECK (editor_id IS NOT NULL));
ALTER TABLE notes33 ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE notes33 RENAME TO notes34;
ALTER TABLE notes34 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;
ALTER TABLE notes34 ADD FOREIGN KEY (editor_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
          },
        ],
      },
      {
        at: 'SET NULL',
        nth: 1,
        messageId: 'setNullOnNullCheck',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE notes33 (id serial PRIMARY KEY, owner_id text, editor_id text, CHECK (editor_id IS NOT NULL));
ALTER TABLE notes33 ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE notes33 RENAME TO notes34;
ALTER TABLE notes34 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ALTER TABLE notes34 ADD FOREIGN KEY (editor_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'follows the table through ALTER TABLE … RENAME TO after the key: a DROP CONSTRAINT under the new name removes the key (not reported); a SET NOT NULL under it is reported',
    sql: `CREATE TABLE notes35 (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE notes35 RENAME TO notes36;
ALTER TABLE notes36 DROP CONSTRAINT notes35_owner_id_fkey;
CREATE TABLE notes37 (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE notes37 RENAME TO notes38;
ALTER TABLE notes38 ALTER COLUMN owner_id SET NOT NULL;`,
    findings: [{ at: 'SET NOT NULL', messageId: 'setNotNullUnderSetNull', fixes: [] }],
  },
  ...drizzleCases,
];
