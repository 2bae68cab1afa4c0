import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import './helpers/pgGrammar';
import { applyEdits, fixAll, lint } from '../server/src/linter/engine';
import { hoverAt } from '../server/src/linter/hover';
import {
  checkedIndex,
  historyCases,
  LATER_FUNCTION_SET,
  LATER_JOIN_SET,
  LATER_KEY_SET,
  LATER_VIEW_SET,
  priorOf,
  SEARCH_PATH_FORMS,
  SEARCH_PATH_SET,
  SEARCH_PATH_TRANSACTIONS,
  DDL_TRANSACTIONS,
  KEY_NOT_NULL,
  KEY_NAMES,
} from './historyCases';
import { foldMigrations, HistoryFile, MigrationFolder, setDisagreements, tablesAfter } from '../server/src/linter/history';
import { FileRange, Finding, PriorSchema } from '../server/src/linter/types';
import {
  copyTracked,
  dropsTracked,
  fileTables,
  notNullTracked,
  nullCheckTracked,
  renamedTableTo,
  TableStatement,
  tableNameIndex,
  TrackedConstraints,
} from '../server/src/linter/tableDefs';
import { primaryKeyConstraint } from '../server/src/linter/constraintNames';
import { splitStatements } from '../server/src/linter/statements';
import { parseStatement } from '../server/src/linter/parse';
import { TableDef } from '../server/src/linter/model';
import { tokenize } from '../server/src/linter/lexer';
import { SigTokens } from '../server/src/linter/tokens';

const at = (r: FileRange | undefined): string => (r ? `@${r.path}:${r.line + 1}:${r.character + 1}` : '');

/** The folded state as one line per column: `schema.table.column type [NOT NULL@where] [PK] [DEFAULT@where] [-> target ON DELETE x (constraint)@where]`. */
function summary(prior: PriorSchema): string[] {
  const out: string[] = [];
  for (const [key, t] of [...prior.tables].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const c of t.columns) {
      let line = `${key}.${c.name} ${c.origin?.typeWritten ?? c.type}${at(c.origin?.type)}`;
      if (c.notNull) line += ` NOT NULL${at(c.origin?.notNull)}`;
      if (t.primaryKey.includes(c.name)) line += ' PK';
      if (c.origin?.default) line += ` DEFAULT${at(c.origin.default)}`;
      for (const r of c.references ?? [])
        line += ` -> ${r.schema ? `${r.schema}.` : ''}${r.name}(${r.column ?? ''})${r.onDelete ? ` ON DELETE ${r.onDelete}` : ''} (${r.constraint})${at(r.origin)}`;
      out.push(line);
    }
  }
  return out;
}

const fold = (...texts: string[]): PriorSchema => {
  const files: HistoryFile[] = texts.map((text, i) => ({ path: `m/${i}.sql`, text }));
  return foldMigrations(files).before(files.length);
};

describe('folding a migration history', () => {
  test('a pg_dump: ALTER TABLE ONLY public.x adds its keys; OWNER TO, sequences, COPY data and set_config change nothing', () => {
    const s = fold(
      [
        "SELECT pg_catalog.set_config('search_path', '', false);",
        'CREATE TABLE public.notes (\n    id integer NOT NULL,\n    owner_id text NOT NULL\n);',
        'ALTER TABLE public.notes OWNER TO neondb_owner;',
        'CREATE SEQUENCE public.notes_id_seq AS integer START WITH 1;',
        'ALTER SEQUENCE public.notes_id_seq OWNED BY public.notes.id;',
        "ALTER TABLE ONLY public.notes ALTER COLUMN id SET DEFAULT nextval('public.notes_id_seq'::regclass);",
        "COPY public.notes (id, owner_id) FROM stdin;\n1\tit's; here\n\\.",
        'ALTER TABLE ONLY public.notes\n    ADD CONSTRAINT notes_pkey PRIMARY KEY (id);',
        'ALTER TABLE ONLY public.notes\n    ADD CONSTRAINT notes_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;',
        '',
      ].join('\n'),
    );
    assert.deepEqual(summary(s), [
      'public.notes.id integer@m/0.sql:3:8 NOT NULL@m/0.sql:3:16 PK DEFAULT@m/0.sql:9:47',
      'public.notes.owner_id text@m/0.sql:4:14 NOT NULL@m/0.sql:4:19 -> neon_auth.users_sync(id) ON DELETE set null (notes_owner_id_fkey)@m/0.sql:16:9',
    ]);
  });

  test('two sets disagree only on the type of a column keyed to a Neon Auth user table, in either set', () => {
    const end = (path: string, text: string) => ({ tables: tablesAfter(foldMigrations([{ path, text }]).files) });
    const notices = setDisagreements([
      end(
        'a/0.sql',
        'CREATE TABLE notes (id int, owner_id uuid REFERENCES neon_auth."user"(id), body text, n int NOT NULL);\nCREATE TABLE other (owner_id uuid);\n',
      ),
      end(
        'b/0.sql',
        'CREATE TABLE notes (id bigint, owner_id text, body varchar(10), n int);\nCREATE TABLE other (owner_id text);\nCREATE TABLE billing.notes (owner_id text);\n',
      ),
    ]);
    assert.deepEqual(notices, [
      {
        path: 'b/0.sql',
        line: 0,
        message:
          'public.notes.owner_id is text here but uuid in a/0.sql:1, another migration set; the column references neon_auth."user"(id), whose type decides whether Postgres accepts the key. The two sets disagree: each is checked with its own history.',
      },
    ]);
  });

  test('CREATE TABLE: columns with type, NOT NULL, primary key, default and foreign keys with their actions, each with where it was written', () => {
    const s = fold(
      'CREATE TABLE notes (\n  id serial PRIMARY KEY,\n  owner_id uuid NOT NULL DEFAULT gen_random_uuid(),\n  author text CONSTRAINT by_author REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL\n);',
    );
    assert.deepEqual(summary(s), [
      'public.notes.id serial@m/0.sql:2:6 NOT NULL@m/0.sql:2:13 PK',
      'public.notes.owner_id uuid@m/0.sql:3:12 NOT NULL@m/0.sql:3:17 DEFAULT@m/0.sql:3:26',
      'public.notes.author text@m/0.sql:4:10 -> neon_auth.users_sync(id) ON DELETE set null (by_author)@m/0.sql:4:36',
    ]);
  });

  test('ALTER TABLE: ADD, DROP and RENAME COLUMN, ALTER COLUMN TYPE, SET and DROP NOT NULL, a foreign key added and its constraint dropped', () => {
    const s = fold(
      'CREATE TABLE notes (id int, owner_id uuid, gone text, old_name text);',
      'ALTER TABLE notes ADD COLUMN body text NOT NULL, DROP COLUMN gone, RENAME COLUMN old_name TO new_name;\nALTER TABLE notes ALTER COLUMN owner_id TYPE text, ALTER COLUMN id SET NOT NULL;',
      'ALTER TABLE notes ADD CONSTRAINT owner_fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\nALTER TABLE notes ADD FOREIGN KEY (new_name) REFERENCES neon_auth.users_sync(id);',
      'ALTER TABLE notes DROP CONSTRAINT owner_fk, ALTER COLUMN body DROP NOT NULL;',
    );
    assert.deepEqual(summary(s), [
      'public.notes.id int@m/0.sql:1:24 NOT NULL@m/1.sql:2:68',
      'public.notes.owner_id text@m/1.sql:2:46',
      'public.notes.new_name text@m/0.sql:1:64 -> neon_auth.users_sync(id) (notes_new_name_fkey)@m/2.sql:2:23',
      'public.notes.body text@m/1.sql:1:35',
    ]);
  });

  test('RENAME TO, DROP TABLE, CREATE TABLE … LIKE; schemas kept apart: billing.invoices is not invoices', () => {
    const s = fold(
      'CREATE TABLE invoices (id int NOT NULL, total numeric);\nCREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id uuid PRIMARY KEY, owner text);',
      'ALTER TABLE billing.invoices RENAME TO bills;\nCREATE TABLE copies (LIKE invoices, extra text);\nCREATE TABLE temp_table (x int);\nDROP TABLE IF EXISTS temp_table, missing;',
      'SET search_path TO billing, public;\nCREATE TABLE ledger (id int);\nALTER TABLE bills ADD COLUMN paid boolean;',
    );
    assert.deepEqual(summary(s), [
      'billing.bills.id uuid@m/0.sql:3:35 NOT NULL@m/0.sql:3:40 PK',
      'billing.bills.owner text@m/0.sql:3:59',
      'billing.bills.paid boolean@m/2.sql:3:35',
      'billing.ledger.id int@m/2.sql:2:25',
      'public.copies.id int@m/0.sql:1:27 NOT NULL@m/0.sql:1:31',
      'public.copies.total numeric@m/0.sql:1:47',
      'public.copies.extra text@m/1.sql:2:43',
      'public.invoices.id int@m/0.sql:1:27 NOT NULL@m/0.sql:1:31',
      'public.invoices.total numeric@m/0.sql:1:47',
    ]);
  });

  test('a re-fold reuses the unchanged prefix of the last fold: an edit to file k folds k and later files only, with the states a fresh fold gives', () => {
    const files: HistoryFile[] = [
      { path: 'm/0.sql', text: 'CREATE TABLE a (id int, owner uuid NOT NULL);' },
      { path: 'm/1.sql', text: 'ALTER TABLE a ADD COLUMN b text;\nCREATE TABLE c (id int);' },
      { path: 'm/2.sql', text: 'DROP TABLE c;' },
    ];
    const first = foldMigrations(files);
    const same = new MigrationFolder(
      files.map((f) => ({ ...f })),
      first,
    );
    assert.equal(same.folded, 3, 'nothing changed: every file reused');
    assert.ok(same.sameInput(files));

    const edited = [files[0], { path: 'm/1.sql', text: 'ALTER TABLE a ALTER COLUMN owner TYPE text;' }, files[2]];
    const folder = new MigrationFolder(edited, first);
    assert.equal(folder.folded, 1, 'file 0 is reused');
    folder.before(1);
    assert.equal(folder.folded, 1, 'the state before the edited file needs no fold');
    folder.before(2);
    assert.equal(folder.folded, 2, 'later files are folded only when asked for');
    assert.equal(folder.files[0], first.files[0]);
    assert.notEqual(folder.files[1], first.files[1]);
    const fresh = foldMigrations(edited);
    for (let i = 0; i <= edited.length; i++) {
      assert.deepEqual(summary(folder.before(i)), summary(fresh.before(i)));
      assert.equal(folder.before(i).key, fresh.before(i).key);
    }
    assert.deepEqual(summary(folder.before(3)), ['public.a.id int@m/0.sql:1:20', 'public.a.owner text@m/1.sql:1:39 NOT NULL@m/0.sql:1:36']);
    assert.equal(folder.before(1).key, first.before(1).key);
    // A later file that changes the set's generation changes the key of the states before it too.
    const legacy = foldMigrations([files[0], { path: 'm/1.sql', text: 'SELECT 1 FROM neon_auth.users_sync;' }]);
    const current = foldMigrations([files[0], { path: 'm/1.sql', text: 'SELECT 1 FROM neon_auth."user";' }]);
    assert.deepEqual([legacy.generation, current.generation], ['legacy', 'current']);
    assert.notEqual(legacy.before(1).key, current.before(1).key);
    assert.notEqual(folder.before(2).key, first.before(2).key);
  });

  test('the state before each file, a key per state, the generation of the whole set, and a notice for a CREATE TABLE no parser accepts', () => {
    const h = foldMigrations([
      { path: 'a.sql', text: 'CREATE TABLE t (id int);' },
      { path: 'b.sql', text: 'CREATE TABLE broken (id int,, x);\nALTER TABLE t ADD COLUMN u text REFERENCES neon_auth.users_sync(id);' },
    ]);
    assert.deepEqual([...h.before(0).tables.keys()], []);
    assert.deepEqual([...h.before(1).tables.keys()], ['public.t']);
    assert.deepEqual(
      h
        .before(2)
        .tables.get('public.t')!
        .columns.map((c) => c.name),
      ['id', 'u'],
    );
    assert.notEqual(h.before(1).key, h.before(2).key);
    // Asked out of order, each state is still its own (changes are replayed, not shared).
    assert.deepEqual(
      [
        ...h
          .before(1)
          .tables.get('public.t')!
          .columns.map((c) => c.name),
      ],
      ['id'],
    );
    assert.deepEqual([...h.before(0).tables.keys()], []);
    assert.equal(h.generation, 'legacy');
    assert.equal(h.notices.length, 1);
    assert.equal(h.notices[0].path, 'b.sql');
    assert.equal(h.notices[0].line, 0);
    assert.match(h.notices[0].message, /^No parser accepted this CREATE TABLE broken \(.*\): later migrations are checked without its columns\.$/);
  });
});

/** Lints the last of `files` with the state the others leave. */
function lintLast(files: HistoryFile[]): { text: string; findings: Finding[] } {
  const h = foldMigrations(files);
  const text = files[files.length - 1].text;
  return { text, findings: lint(text, { priorSchema: h.before(files.length - 1) }).findings };
}

const INIT = 'CREATE TABLE "notes" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"body" text NOT NULL,\n\t"owner_id" uuid NOT NULL\n);\n';
const FK =
  'ALTER TABLE "notes" ADD CONSTRAINT "notes_owner_id_users_sync_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;\n';

describe('linting a migration with the history before it', () => {
  test('in a drizzle-kit file (statement breakpoints), the type message also says to change the Drizzle schema', () => {
    const withBreakpoint = `CREATE INDEX notes_body ON notes (body);\n--> statement-breakpoint\n${FK}`;
    const { findings } = lintLast([
      { path: 'drizzle/0000_init.sql', text: INIT },
      { path: 'drizzle/0001_fk.sql', text: withBreakpoint },
    ]);
    assert.equal(
      findings.find((f) => f.ruleId === 'match-user-id-type')?.message,
      'Column owner_id is uuid (drizzle/0000_init.sql:4), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Change its type to text in this migration, before the key; the earlier migration has already run. Change the column in the Drizzle schema to text() too, or the next drizzle-kit generate changes it back.',
    );
  });

  test("the issue's drizzle-kit example: the key in 0001 on 0000's uuid NOT NULL column gets 42804 and 23502 findings naming 0000", () => {
    const { text, findings } = lintLast([
      { path: 'drizzle/0000_init.sql', text: INIT },
      { path: 'drizzle/0001_fk.sql', text: FK },
    ]);
    assert.deepEqual(
      findings.map((f) => [
        f.ruleId,
        text.slice(f.start, f.end),
        f.message,
        f.related,
        f.fixes.map((x) => [x.title, x.isPreferred, x.safe, applyEdits(text, x.edits)]),
      ]),
      [
        [
          'match-user-id-type',
          '"owner_id"',
          'Column owner_id is uuid (drizzle/0000_init.sql:4), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Change its type to text in this migration, before the key; the earlier migration has already run.',
          [{ path: 'drizzle/0000_init.sql', line: 3, character: 12, endLine: 3, endCharacter: 16, message: 'owner_id is declared uuid here' }],
          [
            [
              'Change the column type to text before this key (ALTER COLUMN … TYPE text)',
              true,
              false,
              `ALTER TABLE "notes" ALTER COLUMN "owner_id" TYPE TEXT;\n${FK}`,
            ],
          ],
        ],
        [
          'no-set-null-on-not-null',
          'set null',
          'ON DELETE SET NULL on owner_id, which is NOT NULL (drizzle/0000_init.sql:4): Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502). Make the column nullable, or delete the rows with the user (CASCADE).',
          [{ path: 'drizzle/0000_init.sql', line: 3, character: 17, endLine: 3, endCharacter: 25, message: 'owner_id is made NOT NULL here' }],
          [
            [
              'Drop NOT NULL from the column before this key (keep its rows without their user)',
              true,
              false,
              `ALTER TABLE "notes" ALTER COLUMN "owner_id" DROP NOT NULL;\n${FK}`,
            ],
            ['Change to ON DELETE CASCADE (delete its rows with their user)', false, false, FK.replace('set null', 'cascade')],
          ],
        ],
      ],
    );
    // Alone, the file says nothing: the table is not its own.
    assert.deepEqual(lint(FK).findings, []);
  });

  test('with both fixes applied the file is clean against the same history', () => {
    const fixed = `ALTER TABLE "notes" ALTER COLUMN "owner_id" DROP NOT NULL;\nALTER TABLE "notes" ALTER COLUMN "owner_id" TYPE TEXT;\n${FK}`;
    assert.deepEqual(
      lintLast([
        { path: 'drizzle/0000_init.sql', text: INIT },
        { path: 'drizzle/0001_fk.sql', text: fixed },
      ]).findings,
      [],
    );
  });

  test('current generation: a text column gets ALTER COLUMN … TYPE uuid USING …::uuid; require-on-delete prefers CASCADE on a NOT NULL column of the history', () => {
    const { text, findings } = lintLast([
      { path: 'm/1_init.sql', text: 'create table app_notes (id int primary key, user_id text not null);\n' },
      { path: 'm/2_fk.sql', text: '  alter table app_notes add foreign key (user_id) references neon_auth."user"(id);\n' },
    ]);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, text.slice(f.start, f.end), f.fixes.map((x) => [x.title, x.isPreferred, applyEdits(text, x.edits)])]),
      [
        [
          'match-user-id-type',
          'user_id',
          [
            [
              'Change the column type to uuid before this key (ALTER COLUMN … TYPE uuid)',
              true,
              '  alter table app_notes alter column user_id type uuid using user_id::uuid;\n  alter table app_notes add foreign key (user_id) references neon_auth."user"(id);\n',
            ],
          ],
        ],
        [
          'require-on-delete',
          'references neon_auth."user"(id)',
          [['Add ON DELETE CASCADE (delete these rows with the user: personal data)', true, text.replace('(id);', '(id) on delete cascade;')]],
        ],
      ],
    );
  });

  test('a later SET NOT NULL on a column whose earlier key is ON DELETE SET NULL is reported on the SET NOT NULL, naming the key', () => {
    const { text, findings } = lintLast([
      { path: 'm/1.sql', text: 'CREATE TABLE posts (id int PRIMARY KEY,\n  author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n' },
      { path: 'm/2.sql', text: 'ALTER TABLE posts ALTER COLUMN author_id SET NOT NULL;\n' },
    ]);
    // The file names no Neon Auth table: it is checked for the set's generation.
    const h = foldMigrations([{ path: 'm/1.sql', text: 'CREATE TABLE posts (id int, author_id text REFERENCES neon_auth.users_sync(id));' }]);
    assert.equal(lint(text, { priorSchema: h.before(1) }).generation, 'legacy');
    assert.equal(lint(text).generation, undefined);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, text.slice(f.start, f.end), f.message, f.related]),
      [
        [
          'no-set-null-on-not-null',
          'SET NOT NULL',
          'SET NOT NULL on author_id, whose foreign key to neon_auth.users_sync(id) sets it to NULL when the user is deleted (ON DELETE SET NULL (m/1.sql:2)): Postgres accepts it, but deleting a user who still has rows here then fails with a not-null violation (SQLSTATE 23502). Keep the column nullable, or replace the key with one that deletes the rows (ON DELETE CASCADE).',
          [{ path: 'm/1.sql', line: 1, character: 17, endLine: 1, endCharacter: 71, message: 'the foreign key of author_id is ON DELETE SET NULL here' }],
        ],
      ],
    );
  });

  test('the same conflict inside one file is reported too, without related information', () => {
    const text =
      'CREATE TABLE posts (id int, author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\nALTER TABLE posts ALTER COLUMN author_id SET NOT NULL;\n';
    const findings = lint(text).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, text.slice(f.start, f.end), f.related]),
      [['no-set-null-on-not-null', 'SET NOT NULL', undefined]],
    );
  });

  test('billing.invoices of the history is not the invoices a later key is on', () => {
    const files = [
      {
        path: 'm/1.sql',
        text: 'CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id int, owner_id uuid);\nCREATE TABLE invoices (id int, owner_id text);\n',
      },
      { path: 'm/2.sql', text: 'ALTER TABLE invoices ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n' },
    ];
    assert.deepEqual(lintLast(files).findings, []);
    const qualified = [files[0], { path: 'm/2.sql', text: files[1].text.replace('TABLE invoices', 'TABLE billing.invoices') }];
    assert.deepEqual(
      lintLast(qualified).findings.map((f) => f.message.slice(0, 45)),
      ['Column owner_id is uuid (m/1.sql:2), but neon'],
    );
  });
});

describe('SET search_path in a migration', () => {
  for (const form of SEARCH_PATH_FORMS)
    test(`${form} moves the next CREATE TABLE to app: a later key on public.chores is judged on public.chores`, () => {
      const files = [{ ...SEARCH_PATH_SET[0], text: SEARCH_PATH_SET[0].text.replace('{set}', form) }, SEARCH_PATH_SET[1]];
      assert.deepEqual(summary(fold(files[0].text)), [
        'app.chores.id int@m/0.sql:4:25',
        'app.chores.uid uuid@m/0.sql:4:34 NOT NULL@m/0.sql:4:39',
        'public.chores.id int@m/0.sql:2:32',
        'public.chores.uid text@m/0.sql:2:41',
      ]);
      assert.deepEqual(lintLast(files).findings, []);
    });

  test('RESET search_path and SET … TO DEFAULT go back to public; a list is the lookup order for ALTER TABLE', () => {
    const s = fold(
      'CREATE SCHEMA app;\nSET search_path = app, public;\nCREATE TABLE a (id int);\nRESET search_path;\nCREATE TABLE b (id int);\n' +
        'SET search_path TO app;\nSET search_path TO DEFAULT;\nCREATE TABLE c (id int);\nSET search_path = app, public;\nALTER TABLE b ADD COLUMN x text;\n',
    );
    assert.deepEqual(summary(s), [
      'app.a.id int@m/0.sql:3:20',
      'public.b.id int@m/0.sql:5:20',
      'public.b.x text@m/0.sql:10:28',
      'public.c.id int@m/0.sql:8:20',
    ]);
  });

  test('SET LOCAL and set_config(…, true) last until COMMIT or END; a plain SET outlives them', () => {
    const s = fold(
      'CREATE SCHEMA app;\nBEGIN;\nSET LOCAL search_path = app;\nCREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);\n' +
        "BEGIN;\nSELECT set_config('search_path', 'app', true);\nCREATE TABLE c (id int);\nEND;\nCREATE TABLE d (id int);\n" +
        'SET search_path = app;\nBEGIN;\nSET LOCAL search_path = public;\nCOMMIT;\nCREATE TABLE e (id int);\n',
    );
    assert.deepEqual(summary(s), [
      'app.a.id int@m/0.sql:4:20',
      'app.c.id int@m/0.sql:9:20',
      'app.e.id int@m/0.sql:16:20',
      'public.b.id int@m/0.sql:6:20',
      'public.d.id int@m/0.sql:11:20',
    ]);
  });
  for (const { text, columns } of DDL_TRANSACTIONS)
    test(`${text.replace(/\n/g, ' ')}: DDL a rolled-back transaction or savepoint made is undone, leaving ${columns.join(', ') || 'no table'}`, () => {
      const s = fold(`${text}\n`);
      assert.deepEqual([...s.tables].flatMap(([key, t]) => t.columns.map((c) => `${key.replace(/^public\./, '')}.${c.name}`)).sort(), columns);
    });
  for (const { text, notNull } of KEY_NOT_NULL)
    test(`${text.replace(/\n/g, ' ')}: id is ${notNull ? 'still' : 'no longer'} NOT NULL, in the fold and in the file's own lookups`, () => {
      const key = 'ALTER TABLE tx_a ADD FOREIGN KEY (id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n';
      const t = fold(`${text}\n`).tables.get('public.tx_a');
      assert.equal(t?.columns.find((c) => c.name === 'id')?.notNull === true || t?.primaryKey.includes('id') === true, notNull);
      // a rejected statement adds nothing either (ADD COLUMN b beside the DROP NOT NULL)
      assert.deepEqual(
        t?.columns.map((c) => c.name),
        ['id'],
      );
      const expected = notNull ? ['no-set-null-on-not-null:setNullOnNotNull'] : [];
      const ids = (fs: Finding[]): string[] => fs.filter((f) => f.ruleId === 'no-set-null-on-not-null').map((f) => `${f.ruleId}:${f.messageId}`);
      // the key in the same file (the file's lookups), and in a later migration (the fold)
      assert.deepEqual(ids(lint(`${text}\n${key}`).findings), expected);
      const files = [
        { path: 'm/1.sql', text: `${text}\n` },
        { path: 'm/2.sql', text: key },
      ];
      assert.deepEqual(ids(lint(key, { priorSchema: foldMigrations(files).before(1) }).findings), expected);
    });
  test("an earlier file's table is restored when a later file rolls back its DROP; a ROLLBACK with no BEGIN in a file after that undoes nothing", () => {
    const s = fold(
      'CREATE TABLE tx_a (id int);\n',
      'BEGIN;\nDROP TABLE tx_a;\nCREATE TABLE tx_a (other text);\nROLLBACK;\n',
      'ROLLBACK;\nALTER TABLE tx_a ADD COLUMN b text;\n',
    );
    assert.deepEqual(summary(s), ['public.tx_a.id int@m/0.sql:1:23', 'public.tx_a.b text@m/2.sql:2:31']);
  });
  for (const { text, schema } of SEARCH_PATH_TRANSACTIONS)
    test(`${text.replace(/\n/g, ' ')}: the CREATE TABLE goes to ${schema}`, () => {
      const s = fold(`CREATE SCHEMA txapp;\n${text.replace('{stmt}', 'CREATE TABLE tx_probe (id int);')}\n`);
      assert.deepEqual([...s.tables.keys()], [`${schema}.tx_probe`]);
    });
});

describe('later migrations of the set', () => {
  test('a CHECK of an earlier migration that rejects NULL is named in the message and the related information', () => {
    const c = historyCases.find((x) => x.name.startsWith('a CHECK (user_id IS NOT NULL) of an earlier migration'))!;
    const [f] = lintLast(c.files).findings;
    assert.equal(
      f.message,
      'ON DELETE SET NULL on user_id, whose CHECK constraint rejects NULL (user_id IS NOT NULL, m/1_badges.sql:1): Postgres accepts it, but deleting a user who still has rows here fails with a check violation (SQLSTATE 23514). Delete the rows with the user (CASCADE), or drop that CHECK.',
    );
    assert.deepEqual(f.related, [
      { path: 'm/1_badges.sql', line: 0, character: 89, endLine: 0, endCharacter: 116, message: 'this CHECK rejects NULL in user_id' },
    ]);
  });

  test('a CHECK that rejects NULL, dropped by a later migration (DROP CONSTRAINT [IF EXISTS], by its name or the one Postgres chose) before the key: no finding', () => {
    for (const [create, drop] of [
      ['CREATE TABLE badges (user_id text, CONSTRAINT c CHECK (user_id IS NOT NULL));\n', 'ALTER TABLE badges DROP CONSTRAINT c;\n'],
      ['CREATE TABLE badges (user_id text, CONSTRAINT c CHECK (user_id IS NOT NULL));\n', 'ALTER TABLE badges DROP CONSTRAINT IF EXISTS c;\n'],
      ['CREATE TABLE badges (user_id text CHECK (user_id IS NOT NULL));\n', 'ALTER TABLE badges DROP CONSTRAINT badges_user_id_check;\n'],
    ]) {
      const files = [
        { path: 'm/1.sql', text: create },
        { path: 'm/2.sql', text: drop },
        { path: 'm/3.sql', text: 'ALTER TABLE badges ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n' },
      ];
      assert.deepEqual(lintLast(files).findings, [], drop);
      // without the DROP: reported
      assert.deepEqual(
        lintLast([files[0], files[2]]).findings.map((f) => f.messageId),
        ['setNullOnNullCheck'],
      );
    }
  });

  test('a CHECK that rejects NULL, or the key, dropped by a LATER migration (by name, the name Postgres chose, IF EXISTS, DROP COLUMN): the earlier key has no finding; another name dropped: still reported', () => {
    const lintFirst = (files: HistoryFile[]): string[] =>
      lint(files[0].text, { priorSchema: foldMigrations(files).before(0) }).findings.map((f) => `${f.ruleId}:${f.messageId}`);
    const keyed =
      'CREATE TABLE badges (user_id text CHECK (user_id IS NOT NULL) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, n int CHECK (n > 0));\n';
    const unnamed = 'CREATE TABLE badges (user_id text REFERENCES neon_auth.users_sync(id), n int);\n';
    const notNull = 'CREATE TABLE badges (user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL, n int NOT NULL);\n';
    for (const [first, drop, expected] of [
      [keyed, 'ALTER TABLE badges DROP CONSTRAINT badges_user_id_check;\n', []],
      [keyed, 'ALTER TABLE badges DROP CONSTRAINT IF EXISTS badges_user_id_fkey;\n', []],
      [keyed, 'ALTER TABLE badges RENAME COLUMN user_id TO uid;\nALTER TABLE badges DROP COLUMN uid;\n', []],
      [keyed, 'ALTER TABLE badges DROP CONSTRAINT badges_n_check;\n', ['no-set-null-on-not-null:setNullOnNullCheck']],
      [keyed, 'ALTER TABLE archive.badges DROP CONSTRAINT badges_user_id_check;\n', ['no-set-null-on-not-null:setNullOnNullCheck']],
      [unnamed, 'ALTER TABLE badges DROP CONSTRAINT badges_user_id_fkey;\n', []],
      [unnamed, 'ALTER TABLE badges DROP CONSTRAINT badges_n_fkey;\n', ['require-on-delete:missingLegacy']],
      [notNull, 'ALTER TABLE badges ALTER COLUMN user_id DROP NOT NULL;\n', []],
      [notNull, 'ALTER TABLE badges ALTER COLUMN n DROP NOT NULL;\n', ['no-set-null-on-not-null:setNullOnNotNull']],
      [notNull, 'BEGIN;\nALTER TABLE badges ALTER COLUMN user_id DROP NOT NULL;\nROLLBACK;\n', ['no-set-null-on-not-null:setNullOnNotNull']],
    ] as const) {
      const files = [
        { path: 'm/1.sql', text: first },
        { path: 'm/2.sql', text: drop },
      ];
      assert.deepEqual(lintFirst(files), expected, drop);
    }
  });

  test('an unnamed CHECK keeps the name Postgres chose through RENAME COLUMN and RENAME TO (t_a_check, as Postgres keeps it): a DROP CONSTRAINT of that name removes it, of the new names not', () => {
    const nullCheck = (...texts: string[]): string[] => {
      const out: string[] = [];
      for (const [key, t] of fold(...texts).tables)
        for (const c of t.columns) if (c.origin?.nullCheck) out.push(`${key}.${c.name} CHECK${at(c.origin.nullCheck)}`);
      return out;
    };
    const create = 'CREATE TABLE t (a text CHECK (a IS NOT NULL));\n';
    const renamed = 'ALTER TABLE t RENAME COLUMN a TO b;\n';
    assert.deepEqual(nullCheck(create, renamed), ['public.t.b CHECK@m/0.sql:1:24']);
    assert.deepEqual(nullCheck(create, renamed, 'ALTER TABLE t DROP CONSTRAINT t_a_check;\n'), []);
    assert.deepEqual(nullCheck(create, renamed, 'ALTER TABLE t DROP CONSTRAINT IF EXISTS t_b_check;\n'), ['public.t.b CHECK@m/0.sql:1:24']);
    // renamed twice, and the table too: still the first names
    const twice = 'ALTER TABLE t RENAME COLUMN b TO c;\nALTER TABLE t RENAME TO u;\n';
    assert.deepEqual(nullCheck(create, renamed, twice, 'ALTER TABLE u DROP CONSTRAINT IF EXISTS u_c_check;\n'), ['public.u.c CHECK@m/0.sql:1:24']);
    assert.deepEqual(nullCheck(create, renamed, twice, 'ALTER TABLE u DROP CONSTRAINT t_a_check;\n'), []);
    // RENAME CONSTRAINT of the chosen name: then by the new name only
    const named = 'ALTER TABLE t RENAME CONSTRAINT t_a_check TO k;\n';
    assert.deepEqual(nullCheck(create, renamed, named, 'ALTER TABLE t DROP CONSTRAINT IF EXISTS t_a_check;\n'), ['public.t.b CHECK@m/0.sql:1:24']);
    assert.deepEqual(nullCheck(create, renamed, named, 'ALTER TABLE t DROP CONSTRAINT k;\n'), []);
    // a CHECK added after the rename: Postgres names it from the new name
    const added = 'CREATE TABLE v (a text);\nALTER TABLE v RENAME COLUMN a TO b;\nALTER TABLE v ADD CHECK (b IS NOT NULL);\n';
    assert.deepEqual(nullCheck(added, 'ALTER TABLE v DROP CONSTRAINT IF EXISTS v_a_check;\n'), ['public.v.b CHECK@m/0.sql:3:19']);
    assert.deepEqual(nullCheck(added, 'ALTER TABLE v DROP CONSTRAINT v_b_check;\n'), []);
  });

  test('dropsTracked follows a key or a CHECK through later ALTER TABLEs with applyAlter: renames followed, DROP CONSTRAINT / DROP COLUMN drop, a statement Postgres rejects or another name does not', () => {
    const key: TrackedConstraints = {
      def: { name: 't', columns: [{ name: 'owner_id', type: '', notNull: false, references: [{ name: 'users_sync', constraint: 'k' }] }], primaryKey: [] },
    };
    const check = nullCheckTracked('t', { name: 'owner_id', type: 'text', notNull: false, nullCheck: { start: 0, end: 5 } });
    const notNull = notNullTracked('t', { name: 'owner_id', type: 'text', notNull: true });
    const inKey = notNullTracked('t', { name: 'owner_id', type: 'text', notNull: true }, 't_pkey');
    /** Whether the statements, in order, drop what `tracked` follows: the index of the one that does, or -1. */
    const droppedAt = (tracked: TrackedConstraints, ...statements: string[]): number => {
      const f = copyTracked(tracked);
      return statements.findIndex((text) => dropsTracked(new SigTokens(tokenize(text)), f));
    };
    const fk = 'FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE';
    for (const [tracked, statements, expected] of [
      [key, ['ALTER TABLE t DROP CONSTRAINT k'], 0],
      [key, ['ALTER TABLE t DROP CONSTRAINT IF EXISTS other', 'ALTER TABLE t DROP CONSTRAINT IF EXISTS k'], 1],
      [key, ['ALTER TABLE t RENAME CONSTRAINT k TO k2', 'ALTER TABLE t DROP CONSTRAINT IF EXISTS k', 'ALTER TABLE t DROP CONSTRAINT k2'], 2],
      [key, ['ALTER TABLE t RENAME COLUMN owner_id TO uid', 'ALTER TABLE t DROP COLUMN IF EXISTS owner_id', 'ALTER TABLE t DROP uid CASCADE'], 2],
      // a syntax error (Postgres drops nothing), not an ALTER TABLE (the callers pass the table's ALTERs only)
      [key, ['ALTER TABLE t DROP COLUMN owner_id.x', 'ALTER TABLE t DROP COLUMN owner_id nonsense', 'DROP TABLE t'], -1],
      // dropped and added again in one statement: the key followed is gone (the new one is judged where it is added)
      [key, [`ALTER TABLE t DROP CONSTRAINT k, ADD CONSTRAINT k ${fk}`], 0],
      [key, [`ALTER TABLE t ADD CONSTRAINT k2 ${fk}`, 'ALTER TABLE t DROP CONSTRAINT k2'], -1],
      [check, ['ALTER TABLE t DROP CONSTRAINT IF EXISTS t_uid_check', 'ALTER TABLE t DROP CONSTRAINT t_owner_id_check1'], 1],
      [
        check,
        [
          'ALTER TABLE t RENAME COLUMN owner_id TO uid',
          'ALTER TABLE t DROP CONSTRAINT IF EXISTS t_uid_check',
          'ALTER TABLE t DROP CONSTRAINT t_owner_id_check',
        ],
        2,
      ],
      [
        check,
        [
          'ALTER TABLE t RENAME CONSTRAINT t_owner_id_check TO c',
          'ALTER TABLE t DROP CONSTRAINT IF EXISTS t_owner_id_check',
          'ALTER TABLE t DROP CONSTRAINT c',
        ],
        2,
      ],
      // a second CHECK added: the first is still the one followed
      [check, ['ALTER TABLE t ADD CONSTRAINT c2 CHECK (owner_id IS NOT NULL)', 'ALTER TABLE t DROP CONSTRAINT t_owner_id_check'], 1],
      [check, ['ALTER TABLE t DROP CONSTRAINT t_owner_id_check, ADD CONSTRAINT c2 CHECK (owner_id IS NOT NULL)'], 0],
      // NOT NULL: DROP NOT NULL ends it, but not on a primary-key column (Postgres rejects the statement, 42P16); the key's
      // drop alone leaves the column NOT NULL (attnotnull stays): a DROP NOT NULL after it ends it (all as on PGlite)
      [notNull, ['ALTER TABLE t ALTER COLUMN owner_id SET DEFAULT 1', 'ALTER TABLE t ALTER owner_id DROP NOT NULL'], 1],
      [
        notNull,
        ['ALTER TABLE t RENAME owner_id TO uid', 'ALTER TABLE t ALTER COLUMN owner_id DROP NOT NULL', 'ALTER TABLE t ALTER COLUMN uid DROP NOT NULL'],
        2,
      ],
      [inKey, ['ALTER TABLE t ALTER COLUMN owner_id DROP NOT NULL', 'ALTER TABLE t DROP CONSTRAINT t_pkey'], -1],
      [inKey, ['ALTER TABLE t ALTER owner_id DROP NOT NULL, DROP CONSTRAINT t_pkey', 'ALTER TABLE t ADD COLUMN x int'], -1],
      [inKey, ['ALTER TABLE t DROP CONSTRAINT t_pkey', 'ALTER TABLE t ALTER COLUMN owner_id DROP NOT NULL'], 1],
      [inKey, ['ALTER TABLE t DROP CONSTRAINT IF EXISTS t_pkey, ALTER owner_id DROP NOT NULL'], 0],
    ] as const)
      assert.equal(droppedAt(tracked, ...statements), expected, statements.join('; '));
    // the tracked definition is not changed by following it
    assert.deepEqual(key.def.columns[0].references, [{ name: 'users_sync', constraint: 'k' }]);
  });

  test('a later migration that Postgres rejects (DROP COLUMN owner_id.x, a syntax error) drops nothing: the key is still reported; the fold keeps the column', () => {
    const first = 'CREATE TABLE badges (owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n';
    const files = [
      { path: 'm/1.sql', text: first },
      { path: 'm/2.sql', text: 'ALTER TABLE badges DROP COLUMN owner_id.x;\n' },
    ];
    const findings = lint(first, { priorSchema: foldMigrations(files).before(0) }).findings;
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}:${f.messageId}`),
      ['no-set-null-on-not-null:setNullOnNotNull'],
    );
    assert.deepEqual(summary(fold(first, 'ALTER TABLE badges DROP COLUMN owner_id.x;\n')), [
      'public.badges.owner_id text@m/0.sql:1:31 NOT NULL@m/0.sql:1:36 -> neon_auth.users_sync(id) ON DELETE set null (badges_owner_id_fkey)@m/0.sql:1:45',
    ]);
  });

  test('the fold loses a key dropped by the name Postgres chose, and with its column', () => {
    const create = 'CREATE TABLE notes (id int, owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n';
    assert.deepEqual(summary(fold(create)), [
      'public.notes.id int@m/0.sql:1:24',
      'public.notes.owner_id text@m/0.sql:1:38 -> neon_auth.users_sync(id) ON DELETE cascade (notes_owner_id_fkey)@m/0.sql:1:43',
    ]);
    assert.deepEqual(summary(fold(create, 'ALTER TABLE notes DROP CONSTRAINT IF EXISTS notes_owner_id_fkey;\n')), [
      'public.notes.id int@m/0.sql:1:24',
      'public.notes.owner_id text@m/0.sql:1:38',
    ]);
    assert.deepEqual(summary(fold(create, 'ALTER TABLE notes DROP COLUMN owner_id;\n')), ['public.notes.id int@m/0.sql:1:24']);
  });

  test('a generated column of an earlier migration keyed ON DELETE SET NULL: Postgres rejects the key (42601), CASCADE only', () => {
    const files = [
      { path: 'm/1.sql', text: 'CREATE TABLE stamps (x int, owner_id text GENERATED ALWAYS AS (x::text) STORED);\n' },
      { path: 'm/2.sql', text: 'ALTER TABLE stamps ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n' },
    ];
    const [f, ...rest] = lintLast(files).findings;
    assert.deepEqual(rest, []);
    assert.deepEqual([f.messageId, f.fixes.map((x) => x.title)], ['setNullOnGenerated', ['Change to ON DELETE CASCADE (delete its rows with their user)']]);
  });

  test('after the CASCADE fix to an earlier migration, the later SET NOT NULL has no finding either', () => {
    const c = historyCases.find((x) => x.name.includes('a later migration makes the key column NOT NULL'))!;
    const fixed = [{ ...c.files[0], text: c.fixed! }, c.files[1]];
    assert.deepEqual(lintLast(fixed).findings, []);
    // what the SET NULL fix would have led to
    const setNull = [{ ...c.files[0], text: c.fixed!.replace('CASCADE', 'SET NULL') }, c.files[1]];
    assert.deepEqual(
      lintLast(setNull).findings.map((f) => f.messageId),
      ['setNotNullUnderSetNull'],
    );
  });

  const lintFirst = (files: HistoryFile[]) => {
    const prior = foldMigrations(files).before(0);
    return { prior, result: lint(files[0].text, { priorSchema: prior }) };
  };

  test('a later SET NOT NULL withholds the SET NULL fix of a key with no ON DELETE; one a transaction of its file rolls back does not (it never holds), while a later key in a rolled-back transaction still withholds a retype (its statement runs)', () => {
    const first = { path: 'm/1.sql', text: 'CREATE TABLE notes (owner_id text REFERENCES neon_auth.users_sync(id));\n' };
    const titles = (second: string): string[] =>
      lintFirst([first, { path: 'm/2.sql', text: second }]).result.findings.flatMap((f) => f.fixes.map((x) => `${f.ruleId}: ${x.title}`));
    const cascade = 'require-on-delete: Add ON DELETE CASCADE (delete these rows with the user: personal data)';
    const setNull = 'require-on-delete: Add ON DELETE SET NULL (keep these rows without their user: content)';
    const notNull = 'ALTER TABLE notes ALTER COLUMN owner_id SET NOT NULL;\n';
    assert.deepEqual(titles(notNull), [cascade]);
    assert.deepEqual(titles(`BEGIN;\n${notNull}COMMIT;\n`), [cascade]);
    assert.deepEqual(titles(`BEGIN;\n${notNull}ROLLBACK;\n`), [setNull, cascade]);
    assert.deepEqual(titles(`BEGIN;\nSAVEPOINT s;\n${notNull}ROLLBACK TO SAVEPOINT s;\nCOMMIT;\n`), [setNull, cascade]);
    assert.deepEqual(titles(`BEGIN;\nSAVEPOINT s;\n${notNull}RELEASE SAVEPOINT s;\nCOMMIT;\n`), [cascade]);
    // a ROLLBACK with no BEGIN of the file: the migration tool's transaction, not judged
    assert.deepEqual(titles(`${notNull}ROLLBACK;\n`), [cascade]);
    // the retype: a later key on the column runs (and fails, 42804) before its ROLLBACK
    const later = LATER_KEY_SET.map((f, i) => (i === 1 ? { ...f, text: `BEGIN;\n${f.text}ROLLBACK;\n` } : f));
    assert.deepEqual(
      lintFirst(later).result.findings.map((f) => [f.ruleId, f.messageId, f.fixes.length]),
      [['match-user-id-type', 'usedLater', 0]],
    );
  });

  test('a key in a later migration on the column withholds the retype fix, naming that migration', () => {
    const { prior, result } = lintFirst(LATER_KEY_SET);
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.messageId, LATER_KEY_SET[0].text.slice(f.start, f.end), f.fixes.length]),
      [['match-user-id-type', 'usedLater', 'uuid', 0]],
    );
    assert.equal(
      result.findings[0].message,
      'Column owner_id is uuid, but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). A later migration of this set, m2/2_b.sql:1, has a foreign key that references it: it needs the column as uuid, so change the type there and here together (to text).',
    );
    assert.deepEqual(result.findings[0].related, [
      { path: 'm2/2_b.sql', line: 0, character: 33, endLine: 0, endCharacter: 59, message: 'a foreign key references owner_id here' },
    ]);
    assert.equal(fixAll(LATER_KEY_SET[0].text, { priorSchema: prior }, false).text, LATER_KEY_SET[0].text);
    assert.match(prior.key, /:later:/);
  });

  test('a later view comparing the column with a uuid withholds it too; without later uses the fix is offered and the key has no later part', () => {
    const { result } = lintFirst(LATER_VIEW_SET);
    assert.deepEqual(
      result.findings.map((f) => [f.messageId, f.fixes.length, f.related?.map((r) => `${r.path}:${r.line}:${r.character} ${r.message}`)]),
      [['usedLater', 0, ['m2/2_b.sql:0:0 owner_id is used here next to uuid']]],
    );
    const alone = lintFirst([LATER_KEY_SET[0], { path: 'm2/2_b.sql', text: 'CREATE TABLE other (id int, o uuid REFERENCES notes(id));\n' }]);
    assert.deepEqual(
      alone.result.findings.map((f) => [f.messageId, f.fixes.map((x) => x.title)]),
      [['wrongType', ['Change the column type to text']]],
    );
  });

  test('a later view that names the column (a join with a uuid column, no word uuid): the retype is a suggestion naming that migration; --fix alone leaves the file', () => {
    const { prior, result } = lintFirst(LATER_JOIN_SET);
    assert.deepEqual(
      result.findings.map((f) => [f.messageId, LATER_JOIN_SET[0].text.slice(f.start, f.end), f.fixes.map((x) => [x.title, x.safe, x.isPreferred])]),
      [['wrongTypeReviewLater', 'uuid', [['Change the column type to text', false, true]]]],
    );
    assert.equal(
      result.findings[0].message,
      'Column owner_id is uuid, but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare the column text, and review m5/2_b.sql:1, a later migration of this set that names the column too: it may use it as uuid. So the fix is a suggestion (not applied by --fix alone).',
    );
    assert.deepEqual(result.findings[0].related, [
      { path: 'm5/2_b.sql', line: 0, character: 0, endLine: 0, endCharacter: 74, message: 'owner_id is named here' },
    ]);
    assert.equal(fixAll(LATER_JOIN_SET[0].text, { priorSchema: prior }, true).text, LATER_JOIN_SET[0].text);
  });

  test('text to uuid (the current neon_auth."user"): a later view joining the column to another table\'s uuid or text column makes the retype a suggestion; --fix alone leaves the file', () => {
    const first = {
      path: 'm6/1_a.sql',
      text: 'CREATE TABLE posts (id bigint PRIMARY KEY, owner_id text REFERENCES neon_auth."user"(id) ON DELETE CASCADE);\n',
    };
    for (const uid of ['uuid', 'text']) {
      const files = [
        { path: 'm6/0_other.sql', text: `CREATE TABLE other (uid ${uid} PRIMARY KEY);\n` },
        first,
        { path: 'm6/2_b.sql', text: 'CREATE VIEW v AS SELECT p.id FROM posts p JOIN other o ON o.uid = p.owner_id;\n' },
      ];
      const prior = foldMigrations(files).before(1);
      const result = lint(first.text, { priorSchema: prior });
      assert.deepEqual(
        result.findings.map((f) => [f.messageId, first.text.slice(f.start, f.end), f.fixes.map((x) => [x.title, x.safe, x.isPreferred])]),
        [['wrongTypeReviewLater', 'text', [['Change the column type to uuid', false, true]]]],
        uid,
      );
      assert.deepEqual(result.findings[0].related, [
        { path: 'm6/2_b.sql', line: 0, character: 0, endLine: 0, endCharacter: 76, message: 'owner_id is named here' },
      ]);
      assert.equal(fixAll(first.text, { priorSchema: prior }, true).text, first.text);
    }
  });

  test('a later SQL function taking a uuid whose body names the column and its table: no fix (the body text counts)', () => {
    const { result } = lintFirst(LATER_FUNCTION_SET);
    assert.deepEqual(
      result.findings.map((f) => [f.messageId, f.fixes.length, f.related?.map((r) => `${r.path}:${r.line} ${r.message}`)]),
      [['usedLater', 0, ['m5/2_b.sql:0 owner_id is used here next to uuid']]],
    );
  });

  test('REFERENCES notes without a column list is a key on the primary key', () => {
    const files = [
      { path: 'm/1.sql', text: 'CREATE TABLE notes (owner_id uuid PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n' },
      { path: 'm/2.sql', text: 'CREATE TABLE sub (o uuid REFERENCES notes ON DELETE CASCADE);\n' },
    ];
    assert.deepEqual(
      lintFirst(files).result.findings.map((f) => f.messageId),
      ['usedLater'],
    );
  });
});

describe('DO blocks in the history', () => {
  test("the statements of an earlier migration's DO block are folded (an ALTER COLUMN there changes what a later key sees)", () => {
    const files = [
      { path: 'drizzle/0000_a.sql', text: 'CREATE TABLE notes (id int, owner_id uuid NOT NULL);\n' },
      {
        path: 'drizzle/0001_b.sql',
        text: 'DO $$ BEGIN\n ALTER TABLE notes ALTER COLUMN owner_id TYPE text;\n ALTER TABLE notes ALTER COLUMN owner_id DROP NOT NULL;\nEND $$;\n',
      },
      {
        path: 'drizzle/0002_c.sql',
        text: 'ALTER TABLE notes ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n',
      },
    ];
    const h = foldMigrations(files);
    assert.deepEqual(lint(files[2].text, { priorSchema: h.before(2) }).findings, []);
    // A routine body runs only when called: its ALTER is not history.
    const inFunction = [
      files[0],
      { path: 'drizzle/0001_b.sql', text: `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS ${files[1].text.slice('DO '.length)}` },
      files[2],
    ];
    assert.deepEqual(
      lint(files[2].text, { priorSchema: foldMigrations(inFunction).before(2) }).findings.map((f) => f.ruleId),
      ['match-user-id-type', 'no-set-null-on-not-null'],
    );
  });

  test("an EXECUTE text is checked on the tables as they are where it runs: after the earlier migrations, the file's statements before it, and its own DO block's", () => {
    const init = 'CREATE TABLE notes (id int PRIMARY KEY, author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n';
    const setNotNull = "  EXECUTE 'ALTER TABLE notes ALTER COLUMN author_id SET NOT NULL';\n";
    // the key dropped (as `migrate --to current` writes it: the old key and column go, then the SET NOT NULL)
    const dropped = `DO $$ BEGIN\n  ALTER TABLE notes DROP CONSTRAINT notes_author_id_fkey;\n${setNotNull}END $$;\n`;
    const kept = `DO $$ BEGIN\n${setNotNull}END $$;\n`;
    const shown = (text: string, options: Parameters<typeof lint>[1] = {}) =>
      lint(text, options).findings.map((f) => [f.ruleId, f.start, f.end, text.slice(f.start, f.end), f.message, f.related?.map((r) => at(r)) ?? []]);
    const message = (where: string) =>
      `SET NOT NULL on author_id, whose foreign key to neon_auth.users_sync(id) sets it to NULL when the user is deleted (ON DELETE SET NULL${where}): Postgres accepts it, but deleting a user who still has rows here then fails with a not-null violation (SQLSTATE 23502). Keep the column nullable, or replace the key with one that deletes the rows (ON DELETE CASCADE).`;
    const set = (text: string) =>
      foldMigrations([
        { path: 'm/1.sql', text: init },
        { path: 'm/2.sql', text },
      ]).before(1);
    // In a set: the DROP CONSTRAINT before the EXECUTE counts (the text was checked on the set's history alone: the key was there).
    assert.deepEqual(shown(dropped, { priorSchema: set(dropped) }), []);
    const inKept = kept.indexOf('SET NOT NULL');
    assert.deepEqual(shown(kept, { priorSchema: set(kept) }), [
      ['no-set-null-on-not-null', inKept, inKept + 12, 'SET NOT NULL', message(' (m/1.sql:1)'), ['@m/1.sql:1:56']],
    ]);
    // In one file: the CREATE TABLE before the DO block counts (the text was checked on no table at all).
    assert.deepEqual(shown(init + dropped), []);
    const inFile = init.length + inKept;
    assert.deepEqual(shown(init + kept), [['no-set-null-on-not-null', inFile, inFile + 12, 'SET NOT NULL', message(''), []]]);
    // A column its DO block adds before it, with the key.
    const added = `CREATE TABLE notes (id int PRIMARY KEY);\nDO $$ BEGIN\n  ALTER TABLE notes ADD COLUMN author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n${setNotNull}END $$;\n`;
    assert.deepEqual(
      shown(added).map((f) => f.slice(0, 4)),
      [['no-set-null-on-not-null', added.indexOf('SET NOT NULL'), added.indexOf('SET NOT NULL') + 12, 'SET NOT NULL']],
    );
    // In order: a key the block drops only after the EXECUTE is there when it runs (as for a statement of the block in its place).
    const after = `DO $$ BEGIN\n${setNotNull}  ALTER TABLE notes DROP CONSTRAINT notes_author_id_fkey;\nEND $$;\n`;
    assert.deepEqual(
      shown(after, { priorSchema: set(after) }).map((f) => f.slice(0, 4)),
      [['no-set-null-on-not-null', after.indexOf('SET NOT NULL'), after.indexOf('SET NOT NULL') + 12, 'SET NOT NULL']],
    );
  });

  test('a foreign key that older drizzle-kit wrapped in DO $$ BEGIN … EXCEPTION WHEN duplicate_object … END $$ is in the folded table', () => {
    const files = [
      { path: 'drizzle/0000_a.sql', text: 'CREATE TABLE todos (id int, owner_id text NOT NULL);\n' },
      {
        path: 'drizzle/0001_b.sql',
        text: 'DO $$ BEGIN\n ALTER TABLE "todos" ADD CONSTRAINT "todos_owner_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade ON UPDATE no action;\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n',
      },
    ];
    const owner = foldMigrations(files)
      .before(2)
      .tables.get('public.todos')
      ?.columns.find((c) => c.name === 'owner_id');
    assert.deepEqual(
      owner?.references?.map((r) => [r.schema, r.name, r.column, r.onDelete, r.constraint]),
      [['neon_auth', 'users_sync', 'id', 'cascade', 'todos_owner_id_fk']],
    );
  });
});

describe('migration-set cases', () => {
  for (const c of historyCases) {
    test(`${c.name}: exact findings, and the preferred fixes (unsafe included) leave the file clean`, () => {
      const h = foldMigrations(c.files);
      const text = c.files[checkedIndex(c)].text;
      const options = { priorSchema: priorOf(c, (i) => h.before(i)) };
      const result = lint(text, options);
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, text.slice(f.start, f.end), f.messageId]),
        c.findings,
      );
      const fixed = fixAll(text, options, false);
      if (c.fixed === undefined) assert.equal(fixed.text, text);
      else {
        assert.equal(fixed.text, c.fixed);
        assert.deepEqual(fixed.result.findings, []);
      }
    });
  }
});

describe('hover on what earlier migrations defined', () => {
  const files: HistoryFile[] = [
    { path: 'drizzle/0000_init.sql', text: "CREATE TABLE notes (\n  id serial PRIMARY KEY,\n  owner_id uuid NOT NULL,\n  body text DEFAULT ''\n);" },
    {
      path: 'drizzle/0001_fk.sql',
      text: 'ALTER TABLE notes ADD CONSTRAINT notes_owner FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;',
    },
  ];
  const prior = foldMigrations(files).before(2);
  const later = 'ALTER TABLE notes ALTER COLUMN owner_id TYPE text;\nCREATE INDEX ON notes (body);\nSELECT n.id FROM public.notes n;';

  test('a table: its columns with their type, NOT NULL, default and keys, each with where it was written, linked', () => {
    const at = later.indexOf('notes');
    const h = hoverAt(later, at + 2, undefined, { prior, linkOf: (r) => `file:///w/${r.path}#L${r.line + 1}` });
    assert.deepEqual(h && [h.start, h.end], [at, at + 'notes'.length]);
    assert.equal(
      h?.markdown,
      [
        '**notes** as the earlier migrations of this set leave it',
        '',
        '- `id`: `serial` ([drizzle/0000_init.sql:2](file:///w/drizzle/0000_init.sql#L2)), primary key ([drizzle/0000_init.sql:2](file:///w/drizzle/0000_init.sql#L2))',
        '- `owner_id`: `uuid` ([drizzle/0000_init.sql:3](file:///w/drizzle/0000_init.sql#L3)), NOT NULL ([drizzle/0000_init.sql:3](file:///w/drizzle/0000_init.sql#L3)), references `neon_auth.users_sync(id)` ON DELETE CASCADE ([drizzle/0001_fk.sql:1](file:///w/drizzle/0001_fk.sql#L1))',
        '- `body`: `text` ([drizzle/0000_init.sql:4](file:///w/drizzle/0000_init.sql#L4)), default ([drizzle/0000_init.sql:4](file:///w/drizzle/0000_init.sql#L4))',
      ].join('\n'),
    );
  });

  test('names are written as SQL reads them back: the current user table quoted, a camelCase column quoted', () => {
    const sets: HistoryFile[] = [
      { path: 'drizzle/0000_init.sql', text: 'CREATE TABLE notes ("ownerId" uuid REFERENCES "neon_auth"."user"("id") ON DELETE CASCADE);' },
    ];
    const text = 'SELECT 1 FROM notes;';
    assert.equal(
      hoverAt(text, text.indexOf('notes') + 1, undefined, { prior: foldMigrations(sets).before(1) })?.markdown,
      '**notes** as the earlier migrations of this set leave it\n\n- `"ownerId"`: `uuid` (drizzle/0000_init.sql:1), references `neon_auth."user"(id)` ON DELETE CASCADE (drizzle/0000_init.sql:1)',
    );
  });

  test('a column of ALTER TABLE t, of ON t (…), and schema-qualified; nothing for names the history does not define', () => {
    const col = later.indexOf('owner_id');
    assert.equal(
      hoverAt(later, col + 1, undefined, { prior })?.markdown,
      '**notes** as the earlier migrations of this set leave it\n\n- `owner_id`: `uuid` (drizzle/0000_init.sql:3), NOT NULL (drizzle/0000_init.sql:3), references `neon_auth.users_sync(id)` ON DELETE CASCADE (drizzle/0001_fk.sql:1)',
    );
    const body = later.indexOf('(body') + 1;
    assert.equal(
      hoverAt(later, body, undefined, { prior })?.markdown,
      '**notes** as the earlier migrations of this set leave it\n\n- `body`: `text` (drizzle/0000_init.sql:4), default (drizzle/0000_init.sql:4)',
    );
    const qualified = later.indexOf('public.notes');
    const h = hoverAt(later, qualified + 'public.'.length + 1, undefined, { prior });
    assert.deepEqual(h && [h.start, h.end], [qualified, qualified + 'public.notes'.length]);
    assert.equal(hoverAt(later, later.indexOf('TYPE') + 1, undefined, { prior }), null);
    assert.equal(hoverAt('SELECT * FROM other;', 15, undefined, { prior }), null);
    // without a history, no such hover
    assert.equal(hoverAt(later, later.indexOf('notes') + 1), null);
  });
});

/** A table's keys as `KEY_NAMES` lists them: `p:` and the primary key's name, `f:` and each foreign key's, sorted. */
const keyNames = (t: TableDef | undefined): string[] => {
  if (!t) return ['(no table)'];
  const out = t.columns.flatMap((c) => (c.references ?? []).map((r) => `f:${r.constraint}`));
  const pk = primaryKeyConstraint(t);
  if (pk !== undefined) out.push(`p:${pk}`);
  return out.sort();
};

/** The file's own table facts (`fileTables`) for `sql`'s CREATE and ALTER TABLE statements, renames included. */
function ownTables(sql: string) {
  const statements: TableStatement[] = [];
  splitStatements(tokenize(sql)).forEach((stmt, id) => {
    const sig = new SigTokens(stmt.tokens);
    for (const verb of ['create', 'alter'] as const) {
      const i = tableNameIndex(sig, verb);
      if (i < 0) continue;
      const renamedTo = verb === 'alter' ? renamedTableTo(sig) : undefined;
      statements.push({ id, start: stmt.start, verb, name: sig.list[i].value, memo: {}, get: () => ({ stmt, sig }), ...(renamedTo ? { renamedTo } : {}) });
      break;
    }
  });
  return fileTables(statements, sql, (st) => parseStatement(sql, st));
}

describe('constraint names: the ones Postgres gives and keeps (test/historyPostgres.test.ts runs the same texts)', () => {
  for (const { text, table, keys } of KEY_NAMES)
    test(`${text.replace(/\n/g, ' ')}: keys ${keys.join(', ') || 'none'}, in the fold and in the file's own lookups`, () => {
      assert.deepEqual(keyNames(fold(`${text}\n`).tables.get(`public.${table}`)), keys);
      const sql = `${text}\n`;
      assert.deepEqual(keyNames(ownTables(sql).lookup(sql.length)(undefined, table)), keys);
    });

  const create = 'CREATE TABLE notes (id text PRIMARY KEY, owner_id text REFERENCES neon_auth.users_sync(id));\n';
  const ids = (fs: Finding[]): string[] => fs.map((f) => `${f.ruleId}:${f.messageId}`);
  const lintFirst = (...texts: string[]): string[] =>
    ids(lint(texts[0], { priorSchema: foldMigrations(texts.map((text, i) => ({ path: `m/${i}.sql`, text }))).before(0) }).findings);

  test('a key dropped by a later migration after the table was renamed (there, or in the file with the key): by the name it kept, not by the new table name', () => {
    const missing = ['require-on-delete:missingLegacy'];
    for (const [texts, expected] of [
      [[create, 'ALTER TABLE notes RENAME TO memos;\nALTER TABLE memos DROP CONSTRAINT notes_owner_id_fkey;\n'], []],
      [[create, 'ALTER TABLE notes RENAME TO memos;\n', 'ALTER TABLE memos DROP CONSTRAINT IF EXISTS notes_owner_id_fkey;\n'], []],
      [[create, 'ALTER TABLE notes RENAME TO memos;\n', 'ALTER TABLE memos RENAME TO posts;\nALTER TABLE posts DROP CONSTRAINT notes_owner_id_fkey;\n'], []],
      [[`${create}ALTER TABLE notes RENAME TO memos;\n`, 'ALTER TABLE memos DROP CONSTRAINT notes_owner_id_fkey;\n'], []],
      // Postgres rejects these (42704): the key stays
      [[create, 'ALTER TABLE notes RENAME TO memos;\nALTER TABLE memos DROP CONSTRAINT IF EXISTS memos_owner_id_fkey;\n'], missing],
      [[`${create}ALTER TABLE notes RENAME TO memos;\n`, 'ALTER TABLE memos DROP CONSTRAINT IF EXISTS memos_owner_id_fkey;\n'], missing],
      // another table that took the old name is another table
      [
        [create, 'ALTER TABLE notes RENAME TO memos;\nCREATE TABLE notes (id int);\nALTER TABLE notes DROP CONSTRAINT IF EXISTS notes_owner_id_fkey;\n'],
        missing,
      ],
      // a key of an explicit name, renamed
      [
        [
          'CREATE TABLE notes (owner_id text, CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id));\n',
          'ALTER TABLE notes RENAME CONSTRAINT fk_owner TO fk_user;\nALTER TABLE notes RENAME TO memos;\n',
          'ALTER TABLE memos DROP CONSTRAINT fk_user;\n',
        ],
        [],
      ],
      [
        [
          'CREATE TABLE notes (owner_id text, CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id));\n',
          'ALTER TABLE notes RENAME CONSTRAINT fk_owner TO fk_user;\n',
          'ALTER TABLE notes DROP CONSTRAINT IF EXISTS fk_owner;\n',
        ],
        missing,
      ],
    ] as const)
      assert.deepEqual(lintFirst(...texts), expected, texts.join(' | '));
  });

  test("the primary key of a renamed table: its drop by the name it kept lets a later DROP NOT NULL end the column's NOT NULL (no-set-null-on-not-null)", () => {
    const keyed = 'CREATE TABLE notes (owner_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n';
    const notNull = ['no-set-null-on-not-null:setNullOnNotNull'];
    for (const [later, expected] of [
      ['ALTER TABLE notes RENAME TO memos;\nALTER TABLE memos DROP CONSTRAINT notes_pkey;\nALTER TABLE memos ALTER owner_id DROP NOT NULL;\n', []],
      // rejected (42704), then the DROP NOT NULL of a key column too (42P16)
      ['ALTER TABLE notes RENAME TO memos;\nALTER TABLE memos DROP CONSTRAINT memos_pkey;\nALTER TABLE memos ALTER owner_id DROP NOT NULL;\n', notNull],
      [
        'ALTER TABLE notes RENAME CONSTRAINT notes_pkey TO k;\nALTER TABLE notes RENAME TO memos;\nALTER TABLE memos DROP CONSTRAINT k, ALTER owner_id DROP NOT NULL;\n',
        [],
      ],
    ] as const) {
      assert.deepEqual(lintFirst(keyed, later), expected, later);
      // the same statements in the file itself
      assert.deepEqual(
        ids(lint(`${keyed}${later}`).findings).filter((x) => x.startsWith('no-set-null')),
        expected,
        later,
      );
    }
  });
});

describe("a migration set's Neon Auth generation, file by file", () => {
  const LEGACY_INIT: HistoryFile = {
    path: 'migrations/001_init.sql',
    text: 'CREATE TABLE todos (id serial PRIMARY KEY,\n  user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
  };
  const LEGACY_VIEW: HistoryFile = {
    path: 'migrations/002_view.sql',
    text: 'CREATE VIEW names AS SELECT u.name FROM neon_auth.users_sync AS u WHERE u.deleted_at IS NULL;\n',
  };
  const CURRENT_FK = 'CREATE TABLE notes (id serial PRIMARY KEY,\n  user_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE);\n';
  /**
   * A hand-written move to the current Neon Auth, as `neon-auth-lint migrate` writes one: it reads
   * users_sync twice and "user" once to map the ids, then keys the column to "user". Two
   * references to each generation, users_sync first: by references alone it would be legacy.
   */
  const MOVE: HistoryFile = {
    path: 'migrations/003_move.sql',
    text: [
      '-- neon-auth-ignore-file match-auth-schema: this migration moves the app from the legacy Neon Auth to the current one',
      'CREATE TABLE auth_id_map (old_id text PRIMARY KEY, new_id uuid NOT NULL UNIQUE);',
      'INSERT INTO auth_id_map (old_id, new_id)',
      'SELECT s.id, u.id FROM neon_auth.users_sync AS s JOIN neon_auth."user" AS u ON lower(u.email) = lower(s.email)',
      'WHERE s.deleted_at IS NULL AND (SELECT count(*) FROM neon_auth.users_sync AS d WHERE d.deleted_at IS NULL AND lower(d.email) = lower(s.email)) = 1;',
      'ALTER TABLE todos ADD COLUMN user_id__uuid uuid;',
      'UPDATE todos SET user_id__uuid = m.new_id FROM auth_id_map AS m WHERE m.old_id = todos.user_id;',
      'ALTER TABLE todos DROP COLUMN user_id;',
      'ALTER TABLE todos RENAME COLUMN user_id__uuid TO user_id;',
      'ALTER TABLE todos ADD CONSTRAINT todos_user_id_fkey FOREIGN KEY (user_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;',
      '',
    ].join('\n'),
  };
  const NOT_IN_LEGACY_SET =
    'neon_auth."user" does not exist in legacy Neon Auth (Stack Auth), which the earlier migrations of this set are written for (migrations/002_view.sql:1): use neon_auth.users_sync (text id, soft delete with deleted_at). If this migration moves the database to current Neon Auth (Better Auth) on purpose, add -- neon-auth-ignore-file match-auth-schema to it; the migrations after it are checked for that generation.';
  const range = (path: string, line: number, character: number, endCharacter: number): FileRange => ({ path, line, character, endLine: line, endCharacter });

  test('the state before each file has the generation its latest earlier file that names one is written for, at its first key, else its first reference', () => {
    const h = foldMigrations([
      { path: 'migrations/000_app.sql', text: 'CREATE TABLE app (id int);\n' },
      LEGACY_INIT,
      LEGACY_VIEW,
      MOVE,
      { path: 'migrations/004.sql', text: '' },
    ]);
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((i) => [h.before(i).generation, h.before(i).earlier]),
      [
        // no earlier file names one: the whole set's (most references: legacy)
        ['legacy', undefined],
        ['legacy', undefined],
        ['legacy', { generation: 'legacy', at: range('migrations/001_init.sql', 1, 35, 55) }],
        ['legacy', { generation: 'legacy', at: range('migrations/002_view.sql', 0, 40, 60) }],
        // the move keys the column to "user": the database is on the current generation after it
        ['current', { generation: 'current', at: range('migrations/003_move.sql', 9, 85, 101) }],
      ],
    );
    assert.equal(h.generation, 'legacy');
    // the key decides the move, not the references: without it, the tie goes to the first (users_sync)
    const unkeyed = foldMigrations([
      LEGACY_INIT,
      { path: MOVE.path, text: MOVE.text.replace(/^ALTER TABLE todos ADD CONSTRAINT.*\n/m, 'SELECT 1 FROM neon_auth."user";\n') },
    ]);
    assert.equal(unkeyed.before(2).earlier?.generation, 'legacy');
  });

  test('an empty migration, or one that names no Neon Auth table, is checked for the generation of the migrations before it (snippets follow it)', () => {
    const h = foldMigrations([LEGACY_INIT, LEGACY_VIEW, MOVE, { path: 'migrations/004.sql', text: '' }]);
    for (const text of ['', 'CREATE TABLE notes (\n  id bigint PRIMARY KEY,\n  ', 'CREATE TABLE notes (id int);\n']) {
      assert.equal(lint(text, { priorSchema: h.before(2) }).generation, 'legacy', JSON.stringify(text));
      assert.equal(lint(text, { priorSchema: h.before(3) }).generation, 'current', JSON.stringify(text));
      assert.equal(lint(text).generation, undefined, JSON.stringify(text));
      // a setting that names a generation wins
      assert.equal(lint(text, { priorSchema: h.before(2), authSchema: 'current' }).generation, 'current', JSON.stringify(text));
    }
  });

  test('with auto, a migration that names only the other generation than the earlier ones is checked for theirs: match-auth-schema on each reference to its user table, naming the earlier migration', () => {
    const h = foldMigrations([LEGACY_INIT, LEGACY_VIEW, { path: 'migrations/003_notes.sql', text: CURRENT_FK }]);
    const result = lint(CURRENT_FK, { priorSchema: h.before(2) });
    assert.equal(result.generation, 'legacy');
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.messageId, f.severity, CURRENT_FK.slice(f.start, f.end), f.start, f.message, f.related]),
      [
        [
          'match-auth-schema',
          'otherGenerationInSet',
          'warning',
          'neon_auth."user"',
          78,
          NOT_IN_LEGACY_SET,
          [{ ...range('migrations/002_view.sql', 0, 40, 60), message: 'this migration is written for legacy Neon Auth (Stack Auth)' }],
        ],
      ],
    );
    // the same file alone, or first in its set, is a current one
    assert.deepEqual(lint(CURRENT_FK).findings, []);
    assert.deepEqual(lint(CURRENT_FK, { priorSchema: foldMigrations([{ path: 'migrations/003_notes.sql', text: CURRENT_FK }]).before(0) }).findings, []);
    // a current table that is not the user table (neon_auth.session) is not reported
    const session = 'SELECT s."userId" FROM neon_auth.session AS s;\n';
    assert.deepEqual(lint(session, { priorSchema: h.before(2) }).findings, []);
  });

  test('after a move to the current generation, a current migration is clean and a legacy one is reported; the move itself is checked on its own', () => {
    const legacyQuery = 'CREATE VIEW names2 AS SELECT u.name FROM neon_auth.users_sync AS u WHERE u.deleted_at IS NULL;\n';
    const h = foldMigrations([LEGACY_INIT, LEGACY_VIEW, MOVE, { path: 'migrations/004.sql', text: CURRENT_FK }]);
    assert.deepEqual(lint(CURRENT_FK, { priorSchema: h.before(3) }).findings, []);
    const reported = lint(legacyQuery, { priorSchema: h.before(3) }).findings;
    assert.deepEqual(
      reported.map((f) => [f.ruleId, f.messageId, legacyQuery.slice(f.start, f.end), f.message, f.related]),
      [
        [
          'match-auth-schema',
          'otherGenerationInSet',
          'neon_auth.users_sync',
          'neon_auth.users_sync does not exist in current Neon Auth (Better Auth), which the earlier migrations of this set are written for (migrations/003_move.sql:10): use neon_auth."user" (uuid id, hard delete). If this migration moves the database to legacy Neon Auth (Stack Auth) on purpose, add -- neon-auth-ignore-file match-auth-schema to it; the migrations after it are checked for that generation.',
          [{ ...range('migrations/003_move.sql', 9, 85, 101), message: 'this migration is written for current Neon Auth (Better Auth)' }],
        ],
      ],
    );
    // The move names both generations: checked on its own, as before (its ignore-file comment silences the mixed notice).
    assert.deepEqual(
      lint(MOVE.text, { priorSchema: h.before(2) }).findings.filter((f) => f.ruleId === 'match-auth-schema'),
      [],
    );
    const unmarked = MOVE.text.slice(MOVE.text.indexOf('\n') + 1);
    assert.deepEqual(
      lint(unmarked, { priorSchema: h.before(2) }).findings.map((f) => [f.ruleId, f.messageId, f.severity]),
      [['match-auth-schema', 'mixed', 'info']],
    );
    // Any authSchema setting but auto is the user's word: the set does not change it.
    assert.deepEqual(lint(legacyQuery, { priorSchema: h.before(3), authSchema: 'legacy' }).findings, []);
  });
});
