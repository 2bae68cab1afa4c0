/**
 * Migration-set cases: earlier migrations, the migration at hand (checked with the history the
 * earlier ones leave), its exact findings, and what Postgres does when the set runs in order
 * (test/history.test.ts checks the findings; test/historyPostgres.test.ts runs the set on PGlite,
 * before and after the preferred fixes).
 */
import { HistoryFile } from '../server/src/linter/history';

export interface HistoryCase {
  name: string;
  /** The set's files in order; the last is the one checked, unless `checked` says another. */
  files: HistoryFile[];
  /** The index in `files` of the file checked (default: the last); the files after it are later migrations of the set. */
  checked?: number;
  /** True when the findings name no other file (no related information): the set changes nothing in them. */
  localFindings?: true;
  /** The checked file's findings: rule id, the exact text each covers, and its message id. */
  findings: Array<[rule: string, covered: string, messageId: string]>;
  /**
   * What Postgres does: `migrate` — running the last file fails with `code`; `delete` — the set
   * runs, then deleting a user who owns a row (inserted with `row`, `$1` the user id) fails with `code`.
   */
  predicts: { at: 'migrate'; code: string } | { at: 'delete'; code: string };
  /** A row owned by user `$1` (a legacy `users_sync` id, or a current `"user"` uuid). */
  row?: string;
  /** The checked file after `fixAll` with unsafe fixes (undefined: no fix is offered). */
  fixed?: string;
  /** A drizzle-kit set (`PriorSchema.statementBreakpoints`, as `workspace/sets.ts` marks one): each breakpoint chunk is one query. */
  statementBreakpoints?: true;
  /**
   * The Neon Auth generation the database has, when the case needs one alone: the fixture has both
   * generations' tables, and the real-Postgres suite drops the other generation's first (`legacy`:
   * a project made before the current Neon Auth, with no `neon_auth."user"`).
   */
  database?: 'legacy';
}

/** The index of the file `c` checks (`HistoryCase.checked`, default the last). */
export const checkedIndex = (c: HistoryCase): number => c.checked ?? c.files.length - 1;

/** The prior schema of `c`'s checked file from its fold (`before`), marked as `workspace/sets.ts` marks a drizzle-kit set. */
export function priorOf(
  c: HistoryCase,
  before: (index: number) => import('../server/src/linter/types').PriorSchema,
): import('../server/src/linter/types').PriorSchema {
  const prior = before(checkedIndex(c));
  return c.statementBreakpoints ? { ...prior, statementBreakpoints: true } : prior;
}

const DRIZZLE_INIT = 'CREATE TABLE "notes" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"body" text NOT NULL,\n\t"owner_id" uuid NOT NULL\n);\n';
const DRIZZLE_FK =
  'ALTER TABLE "notes" ADD CONSTRAINT "notes_owner_id_users_sync_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;\n';

/** pg_dump's preamble (schema-only, as `pg_dump --schema-only` of Postgres 16 writes it): names are schema-qualified from here on. */
const DUMP_PREAMBLE = [
  '--',
  '-- PostgreSQL database dump',
  '--',
  '',
  '-- Dumped from database version 16.4',
  '-- Dumped by pg_dump version 16.4',
  '',
  'SET statement_timeout = 0;',
  'SET lock_timeout = 0;',
  "SET client_encoding = 'UTF8';",
  'SET standard_conforming_strings = on;',
  "SELECT pg_catalog.set_config('search_path', '', false);",
  'SET check_function_bodies = false;',
  'SET xmloption = content;',
  'SET client_min_messages = warning;',
  'SET row_security = off;',
  '',
  "SET default_tablespace = '';",
  '',
  'SET default_table_access_method = heap;',
  '',
].join('\n');

/** A pg_dump of `notes` with its owner column typed `ownerType`: CREATE TABLE first, the keys in `ALTER TABLE ONLY` at the end. */
const dumpOf = (ownerType: string, onDelete: string): string =>
  `${DUMP_PREAMBLE}
--
-- Name: notes; Type: TABLE; Schema: public; Owner: neondb_owner
--

CREATE TABLE public.notes (
    id integer NOT NULL,
    body text NOT NULL,
    owner_id ${ownerType} NOT NULL
);


ALTER TABLE public.notes OWNER TO CURRENT_USER;

--
-- Name: notes notes_pkey; Type: CONSTRAINT; Schema: public; Owner: neondb_owner
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_pkey PRIMARY KEY (id);


--
-- Name: notes notes_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: neondb_owner
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE ${onDelete};


--
-- PostgreSQL database dump complete
--

`;

/** The try-break report's set (item 1): a key on notes.owner_id written in a later migration, from a uuid column. */
export const LATER_KEY_SET: HistoryFile[] = [
  {
    path: 'm2/1_a.sql',
    text: 'CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid NOT NULL UNIQUE REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
  },
  { path: 'm2/2_b.sql', text: 'CREATE TABLE sub (id int, o uuid REFERENCES notes(owner_id) ON DELETE CASCADE);\n' },
];

/** The same first migration, then a view comparing owner_id with a uuid (42883 once owner_id is text). */
export const LATER_VIEW_SET: HistoryFile[] = [
  LATER_KEY_SET[0],
  { path: 'm2/2_b.sql', text: 'CREATE VIEW v AS SELECT * FROM notes WHERE owner_id = gen_random_uuid();\n' },
];

/**
 * The try-break report of the retype (defect 1): a later view joins owner_id with another table's
 * uuid column, without the word uuid; retyped to text alone, the view fails (42883).
 */
export const LATER_JOIN_SET: HistoryFile[] = [
  {
    path: 'm5/1_a.sql',
    text: 'CREATE TABLE other (u uuid PRIMARY KEY);\nCREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
  },
  { path: 'm5/2_b.sql', text: 'CREATE VIEW v AS SELECT n.id FROM notes n JOIN other o ON o.u = n.owner_id;\n' },
];

/** The same first migration, then a SQL function taking a uuid whose body (a string) names the column and its table. */
export const LATER_FUNCTION_SET: HistoryFile[] = [
  LATER_JOIN_SET[0],
  { path: 'm5/2_b.sql', text: 'CREATE FUNCTION notes_of(p uuid) RETURNS SETOF int LANGUAGE sql AS $$ SELECT id FROM notes WHERE owner_id = p $$;\n' },
];

export const historyCases: HistoryCase[] = [
  {
    name: 'a later migration retypes to uuid the column an earlier one keyed to users_sync(id): Postgres re-checks the key (42804)',
    files: [
      {
        path: 'migrations/0001_init.sql',
        text: 'CREATE TABLE notes (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
      },
      { path: 'migrations/0002_uuid.sql', text: 'ALTER TABLE notes ALTER COLUMN owner_id TYPE uuid USING owner_id::uuid;\n' },
    ],
    findings: [['match-user-id-type', 'uuid', 'retypedKeyColumn']],
    predicts: { at: 'migrate', code: '42804' },
  },
  {
    name: "drizzle-kit: 0001 keys 0000's uuid NOT NULL column to users_sync(id) ON DELETE SET NULL (the issue's example)",
    files: [
      { path: 'drizzle/0000_init.sql', text: DRIZZLE_INIT },
      { path: 'drizzle/0001_fk.sql', text: `${DRIZZLE_FK.replace('ALTER TABLE', '--> statement-breakpoint\nALTER TABLE')}` },
    ],
    findings: [
      ['match-user-id-type', '"owner_id"', 'priorWrongType'],
      ['no-set-null-on-not-null', 'set null', 'setNullOnNotNull'],
    ],
    predicts: { at: 'migrate', code: '42804' },
    row: `INSERT INTO notes (body, owner_id) VALUES ('n', $1)`,
    // Each inserted statement gets its own breakpoint chunk: drizzle's migrator sends a chunk as one query.
    fixed: `--> statement-breakpoint\nALTER TABLE "notes" ALTER COLUMN "owner_id" TYPE TEXT;\n--> statement-breakpoint\nALTER TABLE "notes" ALTER COLUMN "owner_id" DROP NOT NULL;\n--> statement-breakpoint\n${DRIZZLE_FK}`,
  },
  {
    name: 'drizzle-kit: a one-statement migration (no breakpoint in it yet) gets a breakpoint after each inserted statement',
    statementBreakpoints: true,
    files: [
      { path: 'drizzle/0000_init.sql', text: DRIZZLE_INIT },
      { path: 'drizzle/0001_fk.sql', text: DRIZZLE_FK },
    ],
    findings: [
      ['match-user-id-type', '"owner_id"', 'priorWrongType'],
      ['no-set-null-on-not-null', 'set null', 'setNullOnNotNull'],
    ],
    predicts: { at: 'migrate', code: '42804' },
    row: `INSERT INTO notes (body, owner_id) VALUES ('n', $1)`,
    fixed: `ALTER TABLE "notes" ALTER COLUMN "owner_id" TYPE TEXT;\n--> statement-breakpoint\nALTER TABLE "notes" ALTER COLUMN "owner_id" DROP NOT NULL;\n--> statement-breakpoint\n${DRIZZLE_FK}`,
  },
  {
    name: 'drizzle-kit: a breakpoint written at the end of a statement line (as drizzle-kit writes it) is seen too',
    files: [
      { path: 'drizzle/0000_init.sql', text: DRIZZLE_INIT },
      { path: 'drizzle/0001_fk.sql', text: `ALTER TABLE "notes" ADD COLUMN "title" text;--> statement-breakpoint\n${DRIZZLE_FK}` },
    ],
    findings: [
      ['match-user-id-type', '"owner_id"', 'priorWrongType'],
      ['no-set-null-on-not-null', 'set null', 'setNullOnNotNull'],
    ],
    predicts: { at: 'migrate', code: '42804' },
    row: `INSERT INTO notes (body, owner_id) VALUES ('n', $1)`,
    fixed: `ALTER TABLE "notes" ADD COLUMN "title" text;--> statement-breakpoint\nALTER TABLE "notes" ALTER COLUMN "owner_id" TYPE TEXT;\n--> statement-breakpoint\nALTER TABLE "notes" ALTER COLUMN "owner_id" DROP NOT NULL;\n--> statement-breakpoint\n${DRIZZLE_FK}`,
  },
  {
    name: 'Prisma: a text NOT NULL column keyed in a later migration with ON DELETE SET NULL fails at the first user delete',
    files: [
      {
        path: 'prisma/migrations/20240101000000_init/migration.sql',
        text: 'CREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "authorId" TEXT NOT NULL,\n    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);\n',
      },
      {
        path: 'prisma/migrations/20240201000000_author/migration.sql',
        text: '-- AddForeignKey\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL ON UPDATE CASCADE;\n',
      },
    ],
    findings: [['no-set-null-on-not-null', 'SET NULL', 'setNullOnNotNull']],
    predicts: { at: 'delete', code: '23502' },
    row: `INSERT INTO "Post" ("authorId") VALUES ($1)`,
    fixed:
      '-- AddForeignKey\nALTER TABLE "Post" ALTER COLUMN "authorId" DROP NOT NULL;\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL ON UPDATE CASCADE;\n',
  },
  {
    name: 'current generation: a text column of an earlier migration keyed to neon_auth."user"(id)',
    files: [
      {
        path: 'supabase/migrations/20240101000000_init.sql',
        text: 'create table projects (id bigint generated always as identity primary key, owner_id text not null);\n',
      },
      {
        path: 'supabase/migrations/20240102000000_owner.sql',
        text: 'alter table projects\n  add foreign key (owner_id) references neon_auth."user"(id) on delete cascade;\n',
      },
    ],
    findings: [['match-user-id-type', 'owner_id', 'priorWrongType']],
    predicts: { at: 'migrate', code: '42804' },
    row: `INSERT INTO projects (owner_id) VALUES ($1)`,
    fixed:
      'alter table projects alter column owner_id type uuid using owner_id::uuid;\nalter table projects\n  add foreign key (owner_id) references neon_auth."user"(id) on delete cascade;\n',
  },
  {
    name: 'numbered files: a new migration keyed to neon_auth."user"(id) in a set whose earlier migrations are legacy: the database has no such table (42P01)',
    files: [
      {
        path: 'migrations/001_init.sql',
        text: 'CREATE TABLE todos (id serial PRIMARY KEY,\n  user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
      },
      { path: 'migrations/002_names.sql', text: 'CREATE VIEW names AS SELECT u.name FROM neon_auth.users_sync AS u WHERE u.deleted_at IS NULL;\n' },
      {
        path: 'migrations/003_notes.sql',
        text: 'CREATE TABLE notes (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  user_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE\n);\n',
      },
    ],
    findings: [['match-auth-schema', 'neon_auth."user"', 'otherGenerationInSet']],
    predicts: { at: 'migrate', code: '42P01' },
    database: 'legacy',
  },
  {
    name: 'numbered files: a later SET NOT NULL on a column an earlier key sets to NULL on delete',
    files: [
      {
        path: 'migrations/001_posts.sql',
        text: 'CREATE TABLE posts2 (id serial PRIMARY KEY,\n  author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n',
      },
      { path: 'migrations/002_required.sql', text: 'ALTER TABLE posts2 ALTER COLUMN author_id SET NOT NULL;\n' },
    ],
    findings: [['no-set-null-on-not-null', 'SET NOT NULL', 'setNotNullUnderSetNull']],
    predicts: { at: 'delete', code: '23502' },
    row: `INSERT INTO posts2 (author_id) VALUES ($1)`,
  },
  {
    name: 'Flyway: billing.accounts is not the accounts the key is on',
    files: [
      {
        path: 'sql/V1__init.sql',
        text: 'CREATE SCHEMA billing;\nCREATE TABLE billing.accounts (id int, owner_id uuid);\nCREATE TABLE accounts (id int, owner_id text NOT NULL);\n',
      },
      { path: 'sql/V2__fk.sql', text: 'ALTER TABLE billing.accounts ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n' },
    ],
    findings: [['match-user-id-type', 'owner_id', 'priorWrongType']],
    predicts: { at: 'migrate', code: '42804' },
    fixed:
      'ALTER TABLE billing.accounts ALTER COLUMN owner_id TYPE TEXT;\nALTER TABLE billing.accounts ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n',
  },
  {
    name: "pg_dump (a one-file set): the closing ALTER TABLE ONLY public.notes … FOREIGN KEY keys the CREATE TABLE's uuid column to users_sync(id)",
    files: [{ path: 'db/dump.sql', text: dumpOf('uuid', 'CASCADE') }],
    // on the type where the column is declared: the rule's place within one file (the fix goes there)
    findings: [['match-user-id-type', 'uuid', 'wrongType']],
    predicts: { at: 'migrate', code: '42804' },
    fixed: dumpOf('text', 'CASCADE'),
  },
  {
    name: 'pg_dump (a one-file set): ON DELETE SET NULL in the closing ALTER TABLE ONLY on a column the CREATE TABLE made NOT NULL',
    files: [{ path: 'db/structure.sql', text: dumpOf('text', 'SET NULL') }],
    findings: [['no-set-null-on-not-null', 'SET NULL', 'setNullOnNotNull']],
    predicts: { at: 'delete', code: '23502' },
    row: `INSERT INTO public.notes (id, body, owner_id) VALUES (1, 'n', $1)`,
    fixed: dumpOf('text', 'SET NULL').replace('owner_id text NOT NULL', 'owner_id text'),
  },
  {
    name: 'numbered files: a key on an array column an earlier migration defined (no type makes an array reference one user)',
    files: [
      { path: 'migrations/001_teams.sql', text: 'CREATE TABLE teams (id serial PRIMARY KEY, member_ids text[] NOT NULL);\n' },
      { path: 'migrations/002_members.sql', text: 'ALTER TABLE teams ADD FOREIGN KEY (member_ids) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n' },
    ],
    findings: [['match-user-id-type', 'member_ids', 'priorArrayColumn']],
    predicts: { at: 'migrate', code: '42804' },
  },
  {
    name: 'numbered files: a key to users_sync on a uuid column of an earlier migration, and a policy with auth.user_id(): the inserted ALTER … TYPE TEXT settles both (the policy keeps auth.user_id())',
    files: [
      { path: 'migrations/001_notes.sql', text: 'CREATE TABLE notes (id int PRIMARY KEY, user_id uuid NOT NULL);\n' },
      {
        path: 'migrations/002_owner.sql',
        text: 'ALTER TABLE notes ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\nCREATE POLICY p ON notes USING (user_id = auth.user_id());\n',
      },
    ],
    findings: [
      ['match-user-id-type', 'user_id', 'priorWrongType'],
      ['match-auth-uid-type', 'auth.user_id()', 'useOtherHelper'],
    ],
    predicts: { at: 'migrate', code: '42804' },
    fixed:
      'ALTER TABLE notes ALTER COLUMN user_id TYPE TEXT;\nALTER TABLE notes ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\nCREATE POLICY p ON notes USING (user_id = auth.user_id());\n',
  },
  {
    name: 'an earlier migration checked: its retype to text is withheld, as a later migration keys a uuid column to the column (the try-break report)',
    files: LATER_KEY_SET,
    checked: 0,
    findings: [['match-user-id-type', 'uuid', 'usedLater']],
    predicts: { at: 'migrate', code: '42804' },
  },
  {
    name: 'an earlier migration checked: a later key on another column leaves the retype offered, and the whole set runs after it',
    files: [LATER_KEY_SET[0], { path: 'm2/2_b.sql', text: 'CREATE TABLE sub (id int, note_id int REFERENCES notes(id) ON DELETE CASCADE);\n' }],
    checked: 0,
    findings: [['match-user-id-type', 'uuid', 'wrongType']],
    localFindings: true,
    predicts: { at: 'migrate', code: '42804' },
    fixed: LATER_KEY_SET[0].text.replace('owner_id uuid', 'owner_id text'),
    row: 'INSERT INTO notes (owner_id) VALUES ($1)',
  },
  {
    name: 'a CHECK (user_id IS NOT NULL) of an earlier migration: a later ON DELETE SET NULL key fails the first delete with 23514; CASCADE only',
    files: [
      {
        path: 'm/1_badges.sql',
        text: 'CREATE TABLE badges (id serial PRIMARY KEY, user_id text, CONSTRAINT badges_user_present CHECK (user_id IS NOT NULL));\n',
      },
      { path: 'm/2_fk.sql', text: 'ALTER TABLE badges ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n' },
    ],
    findings: [['no-set-null-on-not-null', 'SET NULL', 'setNullOnNullCheck']],
    predicts: { at: 'delete', code: '23514' },
    row: 'INSERT INTO badges (user_id) VALUES ($1)',
    fixed: 'ALTER TABLE badges ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n',
  },
  {
    name: 'an earlier migration checked: a later index names the retyped column, so the retype is a suggestion (review it); with it the whole set runs',
    files: [
      { path: 'm6/1_notes.sql', text: 'CREATE TABLE notes6 (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n' },
      { path: 'm6/2_index.sql', text: 'CREATE INDEX notes6_owner_idx ON notes6 (owner_id);\n' },
    ],
    checked: 0,
    findings: [['match-user-id-type', 'uuid', 'wrongTypeReviewLater']],
    predicts: { at: 'migrate', code: '42804' },
    row: 'INSERT INTO notes6 (owner_id) VALUES ($1)',
    fixed: 'CREATE TABLE notes6 (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
  },
  {
    name: 'an earlier migration checked: a later migration makes the key column NOT NULL, so require-on-delete offers CASCADE only (SET NULL would fail the first delete, 23502)',
    files: [
      { path: 'm3/1_memos.sql', text: 'CREATE TABLE memos (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id));\n' },
      { path: 'm3/2_required.sql', text: 'ALTER TABLE memos ALTER COLUMN owner_id SET NOT NULL;\n' },
    ],
    checked: 0,
    findings: [['require-on-delete', 'REFERENCES neon_auth.users_sync(id)', 'missingLegacy']],
    localFindings: true,
    predicts: { at: 'delete', code: '23503' },
    row: 'INSERT INTO memos (owner_id) VALUES ($1)',
    fixed: 'CREATE TABLE memos (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
  },
  {
    name: 'an earlier migration checked: a later CHECK (owner_id IS NOT NULL) on the key column: CASCADE only too (SET NULL would fail the first delete, 23514)',
    files: [
      { path: 'm4/1_memos.sql', text: 'CREATE TABLE memos2 (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id));\n' },
      { path: 'm4/2_present.sql', text: 'ALTER TABLE memos2 ADD CONSTRAINT memos2_owner_present CHECK (owner_id IS NOT NULL);\n' },
    ],
    checked: 0,
    findings: [['require-on-delete', 'REFERENCES neon_auth.users_sync(id)', 'missingLegacy']],
    localFindings: true,
    predicts: { at: 'delete', code: '23503' },
    row: 'INSERT INTO memos2 (owner_id) VALUES ($1)',
    fixed: 'CREATE TABLE memos2 (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
  },
];

/**
 * Valid sets whose later file refers to a table by schema after an earlier file moved the
 * `search_path` (the try-break report's item 2, each form of setting it): no finding, and Postgres
 * runs them. `{set}` in the first file is replaced by each of `SEARCH_PATH_FORMS`.
 */
export const SEARCH_PATH_SET: HistoryFile[] = [
  {
    path: 'sch/1_a.sql',
    text: 'CREATE SCHEMA IF NOT EXISTS app;\nCREATE TABLE public.chores (id int, uid text);\n{set}\nCREATE TABLE chores (id int, uid uuid NOT NULL);\n',
  },
  { path: 'sch/2_b.sql', text: 'ALTER TABLE public.chores ADD CONSTRAINT fk FOREIGN KEY (uid) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n' },
];

export const SEARCH_PATH_FORMS = [
  'SET search_path = app;',
  'SET search_path TO app;',
  "SET search_path TO 'app';",
  'SET search_path = "app", public;',
  'SET LOCAL search_path = app, public;',
  'SET SESSION search_path TO app;',
  "SELECT pg_catalog.set_config('search_path', 'app, public', false);",
  "SELECT set_config('search_path', '\"app\"', true);",
];

/**
 * Transactions and savepoints around a `SET search_path = txapp` (`CREATE SCHEMA txapp` runs
 * first), then `{stmt}`: the schema an unqualified name there means. A plain SET is undone by the
 * ROLLBACK of its transaction or by a ROLLBACK TO a savepoint made before it (the SET reference
 * page), and kept by COMMIT and RELEASE; `SET LOCAL` ends with its transaction. Proven on
 * Postgres (`historyPostgres.test.ts`), statement by statement as psql sends them.
 */
export const SEARCH_PATH_TRANSACTIONS: ReadonlyArray<{ text: string; schema: 'txapp' | 'public' }> = [
  { text: 'BEGIN;\nSET search_path = txapp;\nROLLBACK;\n{stmt}', schema: 'public' },
  { text: 'BEGIN WORK;\nSET search_path = txapp;\nABORT;\n{stmt}', schema: 'public' },
  { text: 'BEGIN;\nSET search_path = txapp;\nCOMMIT;\n{stmt}', schema: 'txapp' },
  { text: 'START TRANSACTION;\nSET search_path = txapp;\nEND;\n{stmt}', schema: 'txapp' },
  { text: 'BEGIN;\nSAVEPOINT s;\nSET search_path = txapp;\nROLLBACK TO SAVEPOINT s;\n{stmt}\nCOMMIT;', schema: 'public' },
  { text: 'BEGIN;\nSAVEPOINT s;\nSET search_path = txapp;\nRELEASE SAVEPOINT s;\n{stmt}\nCOMMIT;', schema: 'txapp' },
  { text: 'BEGIN;\nSET search_path = txapp;\nSAVEPOINT s;\nSET search_path = public;\nROLLBACK TRANSACTION TO s;\n{stmt}\nCOMMIT;', schema: 'txapp' },
  { text: 'SET search_path = txapp;\nBEGIN;\nSET search_path = public;\nROLLBACK;\n{stmt}', schema: 'txapp' },
  { text: 'BEGIN;\nSET LOCAL search_path = txapp;\nSAVEPOINT s;\nRELEASE s;\n{stmt}\nCOMMIT;', schema: 'txapp' },
  { text: 'BEGIN;\nSAVEPOINT s;\nSET LOCAL search_path = txapp;\nROLLBACK TO s;\n{stmt}\nCOMMIT;', schema: 'public' },
  { text: 'BEGIN;\nSET search_path = txapp;\nROLLBACK AND CHAIN;\n{stmt}\nCOMMIT;', schema: 'public' },
  { text: 'BEGIN;\nSET search_path = txapp;\nCOMMIT AND CHAIN;\nSET search_path = public;\nROLLBACK;\n{stmt}', schema: 'txapp' },
];

/**
 * DDL in transactions (Postgres' DDL is transactional): each file's text, and the columns of
 * `tx_a` and `tx_b` (as `table.column`) it leaves. A ROLLBACK of a transaction the file began, or
 * ROLLBACK TO a savepoint, undoes the CREATE, ALTER and DROP TABLE made since; a ROLLBACK with no
 * BEGIN in the file does not (the migration tool's own transaction is not judged; run statement by
 * statement, Postgres warns and keeps what autocommit did).
 */
export const DDL_TRANSACTIONS: ReadonlyArray<{ text: string; columns: string[] }> = [
  { text: 'BEGIN;\nCREATE TABLE tx_a (id int);\nROLLBACK;', columns: [] },
  { text: 'BEGIN;\nCREATE TABLE tx_a (id int);\nCOMMIT;', columns: ['tx_a.id'] },
  { text: 'CREATE TABLE tx_a (id int);\nROLLBACK;', columns: ['tx_a.id'] },
  {
    text: 'BEGIN;\nCREATE TABLE tx_a (id int);\nSAVEPOINT s;\nALTER TABLE tx_a ADD COLUMN b text;\nCREATE TABLE tx_b (id int);\nROLLBACK TO SAVEPOINT s;\nCOMMIT;',
    columns: ['tx_a.id'],
  },
  { text: 'BEGIN;\nCREATE TABLE tx_a (id int);\nSAVEPOINT s;\nALTER TABLE tx_a ADD COLUMN b text;\nRELEASE SAVEPOINT s;\nROLLBACK;', columns: [] },
  { text: 'CREATE TABLE tx_a (id int);\nBEGIN;\nDROP TABLE tx_a;\nABORT;', columns: ['tx_a.id'] },
  { text: 'CREATE TABLE tx_a (id int);\nBEGIN;\nALTER TABLE tx_a RENAME TO tx_b;\nALTER TABLE tx_b ADD COLUMN b text;\nROLLBACK;', columns: ['tx_a.id'] },
  { text: 'BEGIN;\nCREATE TABLE tx_a (id int);\nCOMMIT AND CHAIN;\nALTER TABLE tx_a ADD COLUMN b text;\nROLLBACK;', columns: ['tx_a.id'] },
  { text: 'BEGIN;\nCREATE TABLE tx_a (id int);\nROLLBACK;\nCREATE TABLE tx_a (id int, b text);', columns: ['tx_a.b', 'tx_a.id'] },
];

/**
 * A primary-key column's NOT NULL through later ALTER TABLEs: each file's text (table `tx_a`,
 * column `id`), whether `id` still rejects NULL after it, and the SQLSTATE of the one statement
 * Postgres rejects, if any. `DROP NOT NULL` on a column of the primary key is rejected (42P16,
 * "column is in a primary key"), the whole statement with it; dropping the key leaves the column
 * NOT NULL (attnotnull stays), and only a `DROP NOT NULL` after that (also later in the same
 * statement) ends it.
 */
export const KEY_NOT_NULL: ReadonlyArray<{ text: string; notNull: boolean; rejected?: string }> = [
  { text: 'CREATE TABLE tx_a (id text PRIMARY KEY);\nALTER TABLE tx_a ALTER id DROP NOT NULL;', notNull: true, rejected: '42P16' },
  { text: 'CREATE TABLE tx_a (id text, PRIMARY KEY (id));\nALTER TABLE tx_a ALTER COLUMN id DROP NOT NULL;', notNull: true, rejected: '42P16' },
  { text: 'CREATE TABLE tx_a (id text);\nALTER TABLE tx_a ADD PRIMARY KEY (id);\nALTER TABLE tx_a ALTER id DROP NOT NULL;', notNull: true, rejected: '42P16' },
  { text: 'CREATE TABLE tx_a (id text PRIMARY KEY);\nALTER TABLE tx_a ADD COLUMN b text, ALTER id DROP NOT NULL;', notNull: true, rejected: '42P16' },
  { text: 'CREATE TABLE tx_a (id text PRIMARY KEY);\nALTER TABLE tx_a ALTER id DROP NOT NULL, DROP CONSTRAINT tx_a_pkey;', notNull: true, rejected: '42P16' },
  { text: 'CREATE TABLE tx_a (id text PRIMARY KEY);\nALTER TABLE tx_a DROP CONSTRAINT tx_a_pkey;', notNull: true },
  { text: 'CREATE TABLE tx_a (id text, PRIMARY KEY (id));\nALTER TABLE tx_a DROP CONSTRAINT tx_a_pkey;', notNull: true },
  { text: 'CREATE TABLE tx_a (id text PRIMARY KEY);\nALTER TABLE tx_a DROP CONSTRAINT tx_a_pkey;\nALTER TABLE tx_a ALTER id DROP NOT NULL;', notNull: false },
  { text: 'CREATE TABLE tx_a (id text, PRIMARY KEY (id));\nALTER TABLE tx_a DROP CONSTRAINT IF EXISTS tx_a_pkey, ALTER id DROP NOT NULL;', notNull: false },
  // a renamed table's key keeps its name (tx_b_pkey): dropped by it, not by the new table name's (42704, the whole statement)
  {
    text: 'CREATE TABLE tx_b (id text PRIMARY KEY);\nALTER TABLE tx_b RENAME TO tx_a;\nALTER TABLE tx_a DROP CONSTRAINT tx_b_pkey;\nALTER TABLE tx_a ALTER id DROP NOT NULL;',
    notNull: false,
  },
  {
    text: 'CREATE TABLE tx_b (id text PRIMARY KEY);\nALTER TABLE tx_b RENAME TO tx_a;\nALTER TABLE tx_a DROP CONSTRAINT tx_a_pkey, ALTER id DROP NOT NULL;',
    notNull: true,
    rejected: '42704',
  },
];

/**
 * The names Postgres gives primary and foreign keys, and keeps: each text's statements run one at a
 * time (table `cn_t` or, renamed, `cn_u`), the SQLSTATEs of those Postgres rejects, in order, and
 * the keys the table has after them (`p:` primary, `f:` foreign, then the name; sorted), as
 * `pg_constraint` lists them and as the migration fold has them (`TableDef.primaryKeyName`,
 * `ColumnReference.constraint`). `RENAME TO` renames no constraint; `RENAME CONSTRAINT` does; a
 * `DROP CONSTRAINT` of a name the table's keys do not have is rejected (42704) and drops nothing;
 * Postgres runs an ALTER TABLE's drops before its ADDs; a chosen name longer than 63 bytes is cut.
 */
export const KEY_NAMES: ReadonlyArray<{ text: string; table: string; keys: string[]; rejected?: string[] }> = [
  {
    text: 'CREATE TABLE cn_t (id int PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id));\nALTER TABLE cn_t RENAME TO cn_u;',
    table: 'cn_u',
    keys: ['f:cn_t_owner_id_fkey', 'p:cn_t_pkey'],
  },
  {
    text: 'CREATE TABLE cn_t (id int PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id));\nALTER TABLE cn_t RENAME TO cn_u;\nALTER TABLE cn_u DROP CONSTRAINT cn_u_pkey;\nALTER TABLE cn_u DROP CONSTRAINT cn_u_owner_id_fkey;\nALTER TABLE cn_u DROP CONSTRAINT IF EXISTS cn_u_pkey;',
    table: 'cn_u',
    keys: ['f:cn_t_owner_id_fkey', 'p:cn_t_pkey'],
    rejected: ['42704', '42704'],
  },
  {
    text: 'CREATE TABLE cn_t (id int PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id));\nALTER TABLE cn_t RENAME TO cn_u;\nALTER TABLE cn_u DROP CONSTRAINT cn_t_pkey;\nALTER TABLE cn_u DROP CONSTRAINT IF EXISTS cn_t_owner_id_fkey;',
    table: 'cn_u',
    keys: [],
  },
  {
    text: 'CREATE TABLE cn_t (id int, owner_id text, CONSTRAINT cn_pk PRIMARY KEY (id), CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id));\nALTER TABLE cn_t RENAME CONSTRAINT cn_pk TO cn_key;\nALTER TABLE cn_t RENAME CONSTRAINT fk_owner TO fk_user;\nALTER TABLE cn_t DROP CONSTRAINT cn_pk;\nALTER TABLE cn_t RENAME TO cn_u;',
    table: 'cn_u',
    keys: ['f:fk_user', 'p:cn_key'],
    rejected: ['42704'],
  },
  {
    text: 'CREATE TABLE cn_t (id int CONSTRAINT cn_pk PRIMARY KEY, owner_id text CONSTRAINT fk_owner REFERENCES neon_auth.users_sync(id));\nALTER TABLE cn_t RENAME TO cn_u;\nALTER TABLE cn_u DROP CONSTRAINT cn_pk, DROP CONSTRAINT fk_owner;',
    table: 'cn_u',
    keys: [],
  },
  {
    text: 'CREATE TABLE cn_t (id int, owner_id text);\nALTER TABLE cn_t RENAME TO cn_u;\nALTER TABLE cn_u ADD PRIMARY KEY (id), ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);',
    table: 'cn_u',
    keys: ['f:cn_u_owner_id_fkey', 'p:cn_u_pkey'],
  },
  {
    text: 'CREATE TABLE cn_t (x int);\nALTER TABLE cn_t ADD COLUMN id int PRIMARY KEY, ADD COLUMN owner_id text REFERENCES neon_auth.users_sync(id);\nALTER TABLE cn_t RENAME TO cn_u;\nALTER TABLE cn_u DROP CONSTRAINT cn_u_pkey;',
    table: 'cn_u',
    keys: ['f:cn_t_owner_id_fkey', 'p:cn_t_pkey'],
    rejected: ['42704'],
  },
  {
    text: 'CREATE TABLE cn_t (x int);\nALTER TABLE cn_t ADD COLUMN id int CONSTRAINT cn_pk PRIMARY KEY;\nALTER TABLE cn_t DROP CONSTRAINT cn_t_pkey;',
    table: 'cn_t',
    keys: ['p:cn_pk'],
    rejected: ['42704'],
  },
  // the drop runs first, whatever the order written: the key added under the same name stays
  {
    text: 'CREATE TABLE cn_t (owner_id text CONSTRAINT k REFERENCES neon_auth.users_sync(id));\nALTER TABLE cn_t ADD CONSTRAINT k FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE, DROP CONSTRAINT k;',
    table: 'cn_t',
    keys: ['f:k'],
  },
  // names longer than 63 bytes: the longer of the table's and the column's names is cut
  {
    text: 'CREATE TABLE cn_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (id int PRIMARY KEY, owner_bbbbbbbbbbbbbbbbbbbb text REFERENCES neon_auth.users_sync(id));',
    table: 'cn_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    keys: ['f:cn_aaaaaaaaaaaaaaaaaaaaaaaaaaaa_owner_bbbbbbbbbbbbbbbbbbbb_fkey', 'p:cn_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_pkey'],
  },
  {
    text: 'CREATE TABLE cn_t (id int PRIMARY KEY, owner_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb text REFERENCES neon_auth.users_sync(id));',
    table: 'cn_t',
    keys: ['f:cn_t_owner_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb_fkey', 'p:cn_t_pkey'],
  },
  // cut at a character's end (é is 2 bytes in UTF-8)
  {
    text: 'CREATE TABLE cn_éééééééééééééééééééééééééééééé (id int PRIMARY KEY);',
    table: 'cn_éééééééééééééééééééééééééééééé',
    keys: ['p:cn_ééééééééééééééééééééééééééé_pkey'],
  },
];
