import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

const CASCADE = 'Add ON DELETE CASCADE (delete these rows with the user: personal data)';
const SET_NULL = 'Add ON DELETE SET NULL (keep these rows without their user: content)';
const TO_CASCADE = 'Change to ON DELETE CASCADE (delete these rows with the user: personal data)';
const TO_SET_NULL = 'Change to ON DELETE SET NULL (keep these rows without their user: content)';

export const cases: RuleCase[] = [
  {
    name: 'offers only CASCADE on a stored generated column (Postgres rejects SET NULL on a key of one: 42601)',
    sql: `CREATE TABLE notes (
  id serial PRIMARY KEY,
  raw text,
  owner_id text GENERATED ALWAYS AS (raw) STORED REFERENCES neon_auth.users_sync(id)
);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: 'Add ON DELETE CASCADE (delete these rows with the user: personal data)',
            preferred: true,
            output: `CREATE TABLE notes (
  id serial PRIMARY KEY,
  raw text,
  owner_id text GENERATED ALWAYS AS (raw) STORED REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a NOT NULL column constraint and offers only CASCADE',
    sql: `CREATE TABLE todos (
    id SERIAL PRIMARY KEY,
    task TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id),
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        message: 'has no ON DELETE action',
        fixes: [
          {
            title: CASCADE,
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
    name: 'prefers SET NULL on a nullable column and still offers CASCADE',
    sql: `CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    author_id TEXT REFERENCES neon_auth.users_sync(id)
);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    author_id TEXT REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL
);`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    author_id TEXT REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'inserts the action before ON UPDATE in a table constraint',
    sql: `CREATE TABLE posts (id serial, author_id text, CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) ON UPDATE CASCADE)`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync (id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `CREATE TABLE posts (id serial, author_id text, CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) ON DELETE SET NULL ON UPDATE CASCADE)`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE posts (id serial, author_id text, CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) ON DELETE CASCADE ON UPDATE CASCADE)`,
          },
        ],
      },
    ],
  },
  {
    name: 'inserts the action after MATCH FULL',
    sql: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) MATCH FULL)`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE notes (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) MATCH FULL ON DELETE CASCADE)`,
          },
        ],
      },
    ],
  },
  {
    name: 'treats a primary key column as NOT NULL',
    sql: `CREATE TABLE profiles (user_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id), bio text)`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE profiles (user_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, bio text)`,
          },
        ],
      },
    ],
  },
  {
    name: 'uses the column definition of an earlier CREATE TABLE for ALTER TABLE … ADD CONSTRAINT',
    sql: `CREATE TABLE bookmarks (id bigserial PRIMARY KEY, user_id text NOT NULL, url text NOT NULL);
ALTER TABLE bookmarks ADD CONSTRAINT bookmarks_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE bookmarks (id bigserial PRIMARY KEY, user_id text NOT NULL, url text NOT NULL);
ALTER TABLE bookmarks ADD CONSTRAINT bookmarks_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'follows SET NOT NULL and ADD PRIMARY KEY of earlier ALTER TABLE statements to pick CASCADE',
    sql: `CREATE TABLE reminders (id serial, user_id text, owner_id text, note text);
ALTER TABLE reminders ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ONLY reminders ADD CONSTRAINT reminders_pkey PRIMARY KEY (owner_id);
ALTER TABLE reminders ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id), ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE reminders (id serial, user_id text, owner_id text, note text);
ALTER TABLE reminders ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ONLY reminders ADD CONSTRAINT reminders_pkey PRIMARY KEY (owner_id);
ALTER TABLE reminders ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);`,
          },
        ],
      },
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        nth: 1,
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE reminders (id serial, user_id text, owner_id text, note text);
ALTER TABLE reminders ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ONLY reminders ADD CONSTRAINT reminders_pkey PRIMARY KEY (owner_id);
ALTER TABLE reminders ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id), ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a later ALTER TABLE makes the column NOT NULL or adds a CHECK that rejects NULL: CASCADE only (SET NULL would fail the first delete)',
    sql: `CREATE TABLE memos (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id), editor_id text REFERENCES neon_auth.users_sync(id));
ALTER TABLE memos ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE memos ADD CONSTRAINT memos_editor_present CHECK (editor_id IS NOT NULL);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE memos (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, editor_id text REFERENCES neon_auth.users_sync(id));
ALTER TABLE memos ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE memos ADD CONSTRAINT memos_editor_present CHECK (editor_id IS NOT NULL);`,
          },
        ],
      },
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        nth: 1,
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE memos (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id), editor_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE memos ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE memos ADD CONSTRAINT memos_editor_present CHECK (editor_id IS NOT NULL);`,
          },
        ],
      },
    ],
  },
  {
    name: 'a CHECK that rejects NULL in the column itself: CASCADE only',
    sql: `CREATE TABLE memos3 (id serial PRIMARY KEY, owner_id text CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id));`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE memos3 (id serial PRIMARY KEY, owner_id text CHECK (owner_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'follows DROP NOT NULL to prefer SET NULL',
    sql: `CREATE TABLE drafts (id serial PRIMARY KEY, author_id text NOT NULL);
ALTER TABLE drafts ALTER author_id DROP NOT NULL;
ALTER TABLE drafts ADD CONSTRAINT drafts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `CREATE TABLE drafts (id serial PRIMARY KEY, author_id text NOT NULL);
ALTER TABLE drafts ALTER author_id DROP NOT NULL;
ALTER TABLE drafts ADD CONSTRAINT drafts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE drafts (id serial PRIMARY KEY, author_id text NOT NULL);
ALTER TABLE drafts ALTER author_id DROP NOT NULL;
ALTER TABLE drafts ADD CONSTRAINT drafts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ALTER TABLE … ADD COLUMN … REFERENCES in lower case, keeping the case',
    sql: `alter table comments add column editor_id text references neon_auth.users_sync(id);`,
    findings: [
      {
        at: 'references neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `alter table comments add column editor_id text references neon_auth.users_sync(id) on delete set null;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `alter table comments add column editor_id text references neon_auth.users_sync(id) on delete cascade;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ORM-style quoted names and the neon_identity schema',
    sql: `CREATE TABLE "reactions" (
  "id" serial PRIMARY KEY NOT NULL,
  "user_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id"),
  "reviewer_id" text REFERENCES neon_identity.users_sync(id)
);`,
    findings: [
      {
        at: 'REFERENCES "neon_auth"."users_sync"("id")',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE "reactions" (
  "id" serial PRIMARY KEY NOT NULL,
  "user_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE,
  "reviewer_id" text REFERENCES neon_identity.users_sync(id)
);`,
          },
        ],
      },
      {
        at: 'REFERENCES neon_identity.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `CREATE TABLE "reactions" (
  "id" serial PRIMARY KEY NOT NULL,
  "user_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id"),
  "reviewer_id" text REFERENCES neon_identity.users_sync(id) ON DELETE SET NULL
);`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE "reactions" (
  "id" serial PRIMARY KEY NOT NULL,
  "user_id" text NOT NULL REFERENCES "neon_auth"."users_sync"("id"),
  "reviewer_id" text REFERENCES neon_identity.users_sync(id) ON DELETE CASCADE
);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a foreign key to the current neon_auth."user" table, whose deletes fail without an action',
    sql: `CREATE TABLE projects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner_id uuid NOT NULL REFERENCES neon_auth."user"(id));`,
    findings: [
      {
        at: 'REFERENCES neon_auth."user"(id)',
        messageId: 'missingCurrent',
        message: 'deleting a user who owns rows here fails (NO ACTION)',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE projects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags REFERENCES without a column list (which pgsql-ast-parser alone rejects)',
    sql: `CREATE TABLE follows (follower_id text NOT NULL REFERENCES neon_auth.users_sync, followee_id text REFERENCES neon_auth.users_sync ON UPDATE CASCADE);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE follows (follower_id text NOT NULL REFERENCES neon_auth.users_sync ON DELETE CASCADE, followee_id text REFERENCES neon_auth.users_sync ON UPDATE CASCADE);`,
          },
        ],
      },
      {
        at: 'REFERENCES neon_auth.users_sync',
        messageId: 'missingLegacy',
        nth: 1,
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `CREATE TABLE follows (follower_id text NOT NULL REFERENCES neon_auth.users_sync, followee_id text REFERENCES neon_auth.users_sync ON DELETE SET NULL ON UPDATE CASCADE);`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE follows (follower_id text NOT NULL REFERENCES neon_auth.users_sync, followee_id text REFERENCES neon_auth.users_sync ON DELETE CASCADE ON UPDATE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'inserts the action before NOT VALID and before DEFERRABLE',
    sql: `ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) NOT VALID;
ALTER TABLE comments ADD CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) DEFERRABLE INITIALLY DEFERRED;`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE NOT VALID;
ALTER TABLE comments ADD CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) DEFERRABLE INITIALLY DEFERRED;`,
          },
          {
            title: SET_NULL,
            preferred: false,
            output: `ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL NOT VALID;
ALTER TABLE comments ADD CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) DEFERRABLE INITIALLY DEFERRED;`,
          },
        ],
      },
      {
        at: 'REFERENCES neon_auth.users_sync (id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) NOT VALID;
ALTER TABLE comments ADD CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;`,
          },
          {
            title: SET_NULL,
            preferred: false,
            output: `ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) NOT VALID;
ALTER TABLE comments ADD CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;`,
          },
        ],
      },
    ],
  },
  {
    name: "flags the foreign key inside drizzle-kit's DO $$ BEGIN … EXCEPTION … END $$ block",
    sql: `DO $$ BEGIN
 ALTER TABLE "todos" ADD CONSTRAINT "todos_user_id_users_sync_id_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."users_sync"("id");
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`,
    findings: [
      {
        at: 'REFERENCES "neon_auth"."users_sync"("id")',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `DO $$ BEGIN
 ALTER TABLE "todos" ADD CONSTRAINT "todos_user_id_users_sync_id_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`,
          },
          {
            title: SET_NULL,
            preferred: false,
            output: `DO $$ BEGIN
 ALTER TABLE "todos" ADD CONSTRAINT "todos_user_id_users_sync_id_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags drizzle-kit\'s explicit ON DELETE no action to the current neon_auth."user", whose deletes it blocks',
    sql: `CREATE TABLE "todo" ("id" serial PRIMARY KEY NOT NULL, "user_id" uuid NOT NULL);
ALTER TABLE "todo" ADD CONSTRAINT "todo_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."user"("id") ON DELETE no action ON UPDATE no action;`,
    findings: [
      {
        at: 'no action',
        messageId: 'blockingAction',
        message: 'deleting a user who owns rows here fails (23503)',
        fixes: [
          {
            title: TO_CASCADE,
            preferred: false,
            output: `CREATE TABLE "todo" ("id" serial PRIMARY KEY NOT NULL, "user_id" uuid NOT NULL);
ALTER TABLE "todo" ADD CONSTRAINT "todo_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."user"("id") ON DELETE CASCADE ON UPDATE no action;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ON DELETE RESTRICT to neon_auth."user" and offers SET NULL first on a nullable column, neither preferred (the action was written on purpose)',
    sql: `CREATE TABLE wiki (id bigserial PRIMARY KEY, editor_id uuid REFERENCES neon_auth."user"(id) ON DELETE RESTRICT);`,
    findings: [
      {
        at: 'RESTRICT',
        messageId: 'blockingAction',
        fixes: [
          {
            title: TO_SET_NULL,
            preferred: false,
            output: `CREATE TABLE wiki (id bigserial PRIMARY KEY, editor_id uuid REFERENCES neon_auth."user"(id) ON DELETE SET NULL);`,
          },
          {
            title: TO_CASCADE,
            preferred: false,
            output: `CREATE TABLE wiki (id bigserial PRIMARY KEY, editor_id uuid REFERENCES neon_auth."user"(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts foreign keys that say ON DELETE',
    sql: `CREATE TABLE todos (
    id SERIAL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
    assignee_id TEXT REFERENCES neon_auth.users_sync(id) ON UPDATE CASCADE ON DELETE SET NULL,
    reviewer_id TEXT REFERENCES neon_auth.users_sync(id) ON DELETE NO ACTION
);`,
    findings: [],
  },
  {
    name: 'ignores foreign keys to other tables',
    sql: `CREATE TABLE attachments (id serial PRIMARY KEY, post_id int NOT NULL REFERENCES posts(id), comment_id int REFERENCES comments (id));`,
    findings: [],
  },
  {
    name: 'ignores a quoted "neon_auth.users_sync" (one identifier, not the Neon table)',
    sql: `CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY);
CREATE TABLE likes (user_id text REFERENCES "neon_auth.users_sync"(id));`,
    findings: [],
  },
  {
    name: 'flags a foreign key of a partitioned table (PARTITION BY, a form only the Postgres grammar reads)',
    sql: `CREATE TABLE user_events (
    user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id),
    happened_at TIMESTAMPTZ NOT NULL,
    kind TEXT NOT NULL
) PARTITION BY RANGE (happened_at);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE TABLE user_events (
    user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
    happened_at TIMESTAMPTZ NOT NULL,
    kind TEXT NOT NULL
) PARTITION BY RANGE (happened_at);`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts an explicit ON DELETE NO ACTION in a partitioned table (told apart from no clause by the Postgres grammar)',
    sql: `CREATE TABLE user_events (
    user_id TEXT NOT NULL REFERENCES neon_auth.users_sync ON DELETE NO ACTION,
    happened_at TIMESTAMPTZ NOT NULL
) PARTITION BY RANGE (happened_at);`,
    findings: [],
  },
  {
    name: "flags the foreign key in a PL/pgSQL EXECUTE '…' text, the range and the fix inside the string",
    sql: `DO $$
BEGIN
  EXECUTE 'ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id)';
END $$;`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync (id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `DO $$
BEGIN
  EXECUTE 'ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) ON DELETE CASCADE';
END $$;`,
          },
          {
            title: SET_NULL,
            preferred: false,
            output: `DO $$
BEGIN
  EXECUTE 'ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) ON DELETE SET NULL';
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: "maps ranges through the escapes of an E'…' text (\\n, \\', '') in a function body",
    sql: `CREATE FUNCTION add_todo_fk() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE E'-- the owner\\'s row, ''todos''\\nALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) NOT VALID';
END
$fn$;
SELECT add_todo_fk();`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync (id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `CREATE FUNCTION add_todo_fk() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE E'-- the owner\\'s row, ''todos''\\nALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) ON DELETE CASCADE NOT VALID';
END
$fn$;
SELECT add_todo_fk();`,
          },
          {
            title: SET_NULL,
            preferred: false,
            output: `CREATE FUNCTION add_todo_fk() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE E'-- the owner\\'s row, ''todos''\\nALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) ON DELETE SET NULL NOT VALID';
END
$fn$;
SELECT add_todo_fk();`,
          },
        ],
      },
    ],
  },
  {
    name: "flags the foreign key in EXECUTE format('…', …) with %I identifiers, and in a || chain of constants",
    sql: `DO $$
BEGIN
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I ' || 'FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id)', 'todos', 'todos_user_fk');
END $$;`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync (id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `DO $$
BEGIN
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I ' || 'FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) ON DELETE CASCADE', 'todos', 'todos_user_fk');
END $$;`,
          },
          {
            title: SET_NULL,
            preferred: false,
            output: `DO $$
BEGIN
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I ' || 'FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) ON DELETE SET NULL', 'todos', 'todos_user_fk');
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'is silent when a format() %s fragment may hold the ON DELETE action, and on an EXECUTE whose text is not constant',
    sql: `DO $$
DECLARE action text := 'ON DELETE CASCADE';
BEGIN
  EXECUTE format('ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) %s', action);
  EXECUTE 'ALTER TABLE todos DROP CONSTRAINT todos_user_fk';
  EXECUTE 'ALTER TABLE todos ADD CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) ' || action;
END $$;`,
    findings: [],
  },
  {
    name: 'is silent on a key that a later statement drops (by the name Postgres chose, then added again with an action; by DROP COLUMN)',
    sql: `CREATE TABLE notes4 (owner_id text REFERENCES neon_auth.users_sync(id));
ALTER TABLE notes4 DROP CONSTRAINT notes4_owner_id_fkey;
ALTER TABLE notes4 ADD CONSTRAINT notes4_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;
CREATE TABLE notes5 (id int, owner_id text);
ALTER TABLE notes5 ADD CONSTRAINT n5_owner FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);
ALTER TABLE notes5 DROP COLUMN owner_id;`,
    findings: [],
  },
  {
    name: 'flags a key when a later statement drops another constraint of the table',
    sql: `CREATE TABLE notes6 (owner_id text REFERENCES neon_auth.users_sync(id), n int CHECK (n > 0));
ALTER TABLE notes6 DROP CONSTRAINT notes6_n_check;`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        messageId: 'missingLegacy',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `CREATE TABLE notes6 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, n int CHECK (n > 0));
ALTER TABLE notes6 DROP CONSTRAINT notes6_n_check;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE notes6 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, n int CHECK (n > 0));
ALTER TABLE notes6 DROP CONSTRAINT notes6_n_check;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a key that a ROLLBACK TO SAVEPOINT undoes never blocks a delete: not reported; the same key added after it is',
    sql: `CREATE TABLE notes26 (owner_id text);
SAVEPOINT s;
ALTER TABLE notes26 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);
ROLLBACK TO SAVEPOINT s;
ALTER TABLE notes26 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        nth: 1,
        messageId: 'missingLegacy',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `CREATE TABLE notes26 (owner_id text);
SAVEPOINT s;
ALTER TABLE notes26 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);
ROLLBACK TO SAVEPOINT s;
ALTER TABLE notes26 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE notes26 (owner_id text);
SAVEPOINT s;
ALTER TABLE notes26 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);
ROLLBACK TO SAVEPOINT s;
ALTER TABLE notes26 ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a key in a transaction the file rolls back is not reported',
    sql: `BEGIN;
CREATE TABLE notes27 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE RESTRICT, author_id text REFERENCES neon_auth.users_sync(id));
ROLLBACK;`,
    findings: [],
  },
  {
    name: 'flags a key to an unqualified users_sync that SET search_path resolves to neon_auth',
    sql: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes7 (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES users_sync(id));`,
    findings: [
      {
        at: 'REFERENCES users_sync(id)',
        messageId: 'missingLegacy',
        message: 'Foreign key to neon_auth.users_sync(id) has no ON DELETE action',
        fixes: [
          {
            title: CASCADE,
            preferred: true,
            output: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes7 (id serial PRIMARY KEY, owner_id text NOT NULL REFERENCES users_sync(id) ON DELETE CASCADE);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags ALTER TABLE … ADD CONSTRAINT … REFERENCES an unqualified "user" that SET search_path resolves to neon_auth',
    sql: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes8 (id serial PRIMARY KEY, owner_id uuid);
ALTER TABLE public.notes8 ADD CONSTRAINT notes8_owner_fk FOREIGN KEY (owner_id) REFERENCES "user"(id);`,
    findings: [
      {
        at: 'REFERENCES "user"(id)',
        messageId: 'missingCurrent',
        message: 'Foreign key to neon_auth."user"(id) has no ON DELETE action',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes8 (id serial PRIMARY KEY, owner_id uuid);
ALTER TABLE public.notes8 ADD CONSTRAINT notes8_owner_fk FOREIGN KEY (owner_id) REFERENCES "user"(id) ON DELETE SET NULL;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes8 (id serial PRIMARY KEY, owner_id uuid);
ALTER TABLE public.notes8 ADD CONSTRAINT notes8_owner_fk FOREIGN KEY (owner_id) REFERENCES "user"(id) ON DELETE CASCADE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'is silent on a key to an unqualified users_sync that a table the file creates earlier on the path holds (public, then neon_auth)',
    sql: `SET search_path TO public, neon_auth;
CREATE TABLE users_sync (id text PRIMARY KEY);
CREATE TABLE notes9 (owner_id text REFERENCES users_sync(id));`,
    findings: [],
  },
  {
    name: 'is silent on a key to an unqualified users_sync under the default search path (no neon_auth on it)',
    sql: `CREATE TABLE users_sync (id text PRIMARY KEY);
CREATE TABLE notes9 (owner_id text REFERENCES users_sync(id));`,
    findings: [],
  },
  {
    name: 'is silent on a key that a later statement drops by the name it kept through RENAME TO (Postgres renames no constraint) and RENAME CONSTRAINT',
    sql: `CREATE TABLE notes11 (owner_id text REFERENCES neon_auth.users_sync(id));
ALTER TABLE notes11 RENAME TO memos11;
ALTER TABLE memos11 DROP CONSTRAINT notes11_owner_id_fkey;
CREATE TABLE notes12 (owner_id text, CONSTRAINT fk12 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id));
ALTER TABLE notes12 RENAME CONSTRAINT fk12 TO fk12_owner;
ALTER TABLE notes12 RENAME TO memos12;
ALTER TABLE memos12 DROP CONSTRAINT fk12_owner;`,
    findings: [],
  },
  {
    name: 'is silent on a second key of a column that a later statement drops by its name, while the first stays',
    sql: `CREATE TABLE notes13 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE notes13 ADD CONSTRAINT fk13 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);
ALTER TABLE notes13 DROP CONSTRAINT fk13;`,
    findings: [],
  },
  {
    name: 'flags a second key of a column when a later statement drops the first one only',
    sql: `CREATE TABLE notes14 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE notes14 ADD CONSTRAINT fk14 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);
ALTER TABLE notes14 DROP CONSTRAINT notes14_owner_id_fkey;`,
    findings: [
      {
        at: 'REFERENCES neon_auth.users_sync(id)',
        nth: 1,
        messageId: 'missingLegacy',
        fixes: [
          {
            title: SET_NULL,
            preferred: true,
            output: `CREATE TABLE notes14 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE notes14 ADD CONSTRAINT fk14 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;
ALTER TABLE notes14 DROP CONSTRAINT notes14_owner_id_fkey;`,
          },
          {
            title: CASCADE,
            preferred: false,
            output: `CREATE TABLE notes14 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ALTER TABLE notes14 ADD CONSTRAINT fk14 FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;
ALTER TABLE notes14 DROP CONSTRAINT notes14_owner_id_fkey;`,
          },
        ],
      },
    ],
  },
  {
    name: 'is silent on a key to an unqualified users_sync that a later statement of the file drops',
    sql: `SET search_path TO neon_auth, public;
CREATE TABLE public.notes10 (owner_id text REFERENCES users_sync(id));
ALTER TABLE public.notes10 DROP CONSTRAINT notes10_owner_id_fkey;`,
    findings: [],
  },
  ...drizzleCases,
];
