/**
 * The document index and the incremental lint: an index updated after edits equals the index of
 * the new text built from scratch, and `DocumentLinter` (which reuses the previous version's
 * chunks and per-statement results) gives exactly what `lint` gives. Unit cases pin which chunks
 * are reused; properties (fast-check, seed and runs as in properties.test.ts) cover random edits.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, completionContextAt, DocumentLinter, fixAll, hoverAt, lint, suppressionCompletionAt, TextEdit } from '../server/src/linter';
import { changedEdit, ChangedRange, diffEdit, DocumentIndex, mayBeRelevant, noteChange } from '../server/src/linter/documentIndex';
import { tokenize } from '../server/src/linter/lexer';
import { splitStatements } from '../server/src/linter/statements';
import { foldMigrations } from '../server/src/linter/history';
import { anyChar, caseSql, plausibleFile, soup, VOCABULARY } from './helpers/arbitraries';
import './helpers/pgGrammar';

const SEED = Number(process.env.NEON_AUTH_FC_SEED ?? 20261129);
const RUNS = process.env.NEON_AUTH_FC_RUNS ? Number(process.env.NEON_AUTH_FC_RUNS) : undefined;
const params = (defaultRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: RUNS ?? defaultRuns });

/**
 * An index as plain data (chunk starts and facts), for deep comparison; without each statement's
 * identity (`id`, which differs between a re-scan and the index it is compared with) and memo.
 */
const plain = (index: DocumentIndex): unknown =>
  JSON.parse(JSON.stringify(index.chunks, (key, value: unknown) => (key === 'id' || key === 'memo' ? undefined : value)));

/** Replaces [start, end) of `text` by `newText`. */
const splice = (text: string, start: number, end: number, newText: string): string => text.slice(0, start) + newText + text.slice(end);

describe('DocumentIndex', () => {
  const text = 'create table a (id int);\nselect * from a join neon_auth.users_sync u on u.id = a.owner;\nselect 2;\n';

  test('cuts the text into chunks at statement boundaries, with chunk-relative facts', () => {
    const index = DocumentIndex.of(text);
    assert.deepEqual(
      index.chunks.map((c) => [
        c.start,
        c.data.length,
        c.data.statements.map((s) => [s.start, s.end, s.relevant, s.table?.verb ?? null, s.table?.name ?? null]),
      ]),
      [
        [0, 24, [[0, 23, false, 'create', 'a']]],
        [24, 63, [[1, 62, true, null, null]]],
        [87, 10, [[1, 9, false, null, null]]],
        [97, 1, []],
      ],
    );
  });

  test('an edit inside one statement re-scans that chunk only: the others are the same objects, shifted', () => {
    const index = DocumentIndex.of(text);
    const at = text.indexOf(' join ');
    const edited = splice(text, at, at, ' left');
    const next = index.update(edited);
    assert.deepEqual(plain(next), plain(DocumentIndex.of(edited)));
    assert.equal(next.chunks[0], index.chunks[0]);
    assert.notEqual(next.chunks[1].data, index.chunks[1].data);
    assert.equal(next.chunks[2].data, index.chunks[2].data);
    assert.equal(next.chunks[2].start, index.chunks[2].start + 5);
  });

  test('deleting a `;` merges two chunks; typing an opening quote swallows the rest until it is closed', () => {
    const index = DocumentIndex.of(text);
    const semi = text.indexOf(';');
    const merged = splice(text, semi, semi + 1, '');
    assert.deepEqual(plain(index.update(merged)), plain(DocumentIndex.of(merged)));
    assert.equal(index.update(merged).chunks.length, index.chunks.length - 1);
    const open = splice(text, 10, 10, "'");
    const swallowed = index.update(open);
    assert.deepEqual(plain(swallowed), plain(DocumentIndex.of(open)));
    assert.equal(swallowed.chunks.length, 1);
    const closed = splice(open, open.length - 1, open.length - 1, "'");
    assert.deepEqual(plain(swallowed.update(closed)), plain(DocumentIndex.of(closed)));
  });

  test('COPY … FROM stdin: data appears and disappears with the rest of the `;` line', () => {
    const copy = 'COPY t FROM stdin; select 1 from neon_auth.users_sync;\n1\t2\n\\.\nselect 3;\n';
    const index = DocumentIndex.of(copy);
    assert.equal(index.chunks[0].data.lookahead, copy.indexOf('\n') + 1, 'the copy check looked to the end of the line');
    // Removing the rest of the line makes the next lines COPY data.
    const data = splice(copy, copy.indexOf(';') + 1, copy.indexOf('\n'), '');
    const next = index.update(data);
    assert.deepEqual(plain(next), plain(DocumentIndex.of(data)));
    assert.equal(next.chunks[0].data.length, data.indexOf('\\.\n') + 3, 'the data through the \\. line belongs to the first chunk');
  });

  test("psql's \\copy … from stdin: its data appears and disappears as the meta-command line is edited", () => {
    const copy = 'select 1;\n\\copy t from pstdin\nselect 2 from neon_auth.users_sync;\n\\.\nselect 3;\n';
    const index = DocumentIndex.of(copy);
    assert.deepEqual(
      index.chunks.map((c) => c.data.statements.length),
      [1, 1, 1, 0],
    );
    const at = copy.indexOf('pstdin');
    const data = splice(copy, at, at + 1, '');
    const next = index.update(data);
    assert.deepEqual(plain(next), plain(DocumentIndex.of(data)));
    assert.deepEqual(
      next.chunks.map((c) => [data.slice(c.start, c.start + c.data.length), c.data.statements.map((s) => data.slice(c.start + s.start, c.start + s.end))]),
      [
        ['select 1;', ['select 1']],
        ['\n\\copy t from stdin\nselect 2 from neon_auth.users_sync;\n\\.\nselect 3;', ['select 3']],
        ['\n', []],
      ],
    );
    const back = next.update(copy);
    assert.deepEqual(plain(back), plain(index));
  });

  test('text appended at the end continues the last statement', () => {
    const open = 'select 1; select * from neon_auth.users';
    const index = DocumentIndex.of(open);
    const next = index.update(`${open}_sync u`);
    assert.deepEqual(plain(next), plain(DocumentIndex.of(`${open}_sync u`)));
    assert.equal(next.chunks[1].data.statements[0].relevant, true);
  });

  test('several edits at once (as fix-all applies them) give the index of the result', () => {
    const index = DocumentIndex.of(text);
    const edits: TextEdit[] = [
      { start: text.indexOf('select 2'), end: text.indexOf('select 2') + 8, newText: 'select 3' },
      { start: 0, end: 0, newText: '-- header\n' },
      { start: text.indexOf(' join '), end: text.indexOf(' join '), newText: ' left' },
    ];
    const edited = applyEdits(text, edits);
    assert.deepEqual(plain(index.update(edited, edits)), plain(DocumentIndex.of(edited)));
  });

  test('statements in routine bodies are indexed after their routine, with their own facts', () => {
    const body = 'DO $$ BEGIN ALTER TABLE t ADD FOREIGN KEY (u) REFERENCES neon_auth.users_sync(id); END $$;';
    const [chunk] = DocumentIndex.of(body).chunks;
    assert.deepEqual(
      chunk.data.statements.map((s) => [body.slice(s.start, s.end), s.relevant, s.table?.verb ?? null, s.parent ?? null]),
      [
        ['DO $$ BEGIN ALTER TABLE t ADD FOREIGN KEY (u) REFERENCES neon_auth.users_sync(id); END $$', false, null, null],
        ['ALTER TABLE t ADD FOREIGN KEY (u) REFERENCES neon_auth.users_sync(id)', true, 'alter', 0],
      ],
    );
  });

  test('diffEdit finds the changed range between two texts', () => {
    assert.deepEqual(diffEdit('abc', 'abc'), { start: 0, end: 0, newText: '' });
    assert.deepEqual(diffEdit('abc', 'abxc'), { start: 2, end: 2, newText: 'x' });
    assert.deepEqual(diffEdit('aaaa', 'aa'), { start: 2, end: 4, newText: '' });
    assert.deepEqual(diffEdit('', 'x'), { start: 0, end: 0, newText: 'x' });
    const long = 'x'.repeat(3000);
    assert.deepEqual(diffEdit(`${long}a${long}`, `${long}bb${long}`), { start: 3000, end: 3001, newText: 'bb' });
  });
});

describe('tokenize(text, from, to)', () => {
  test('from a statement start to its end gives the tokens the whole-text scan gives there', () => {
    const sql = "COPY t FROM stdin;\n1\t'x\n\\.\n\\set v 1\nselect 'a;b', $$ ; $$ from neon_auth.users_sync; /* c */ insert into t values (:v)";
    const whole = tokenize(sql);
    for (const s of splitStatements(whole)) assert.deepEqual(tokenize(sql, s.start, s.end), s.tokens, sql.slice(s.start, s.end));
  });
});

describe('DocumentLinter', () => {
  const sql = [
    'CREATE TABLE posts (id bigint PRIMARY KEY, author_id uuid NOT NULL);',
    'ALTER TABLE posts ADD FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;',
    'SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;',
  ].join('\n');

  test('after an edit above them, findings of unchanged statements are shifted exactly', () => {
    const linter = new DocumentLinter();
    const before = linter.lint(sql);
    const edited = `-- a comment line\n${sql}`;
    const after = linter.lint(edited);
    assert.deepEqual(after, lint(edited));
    assert.deepEqual(
      after.findings.map((f) => [f.ruleId, f.start, f.end]),
      before.findings.map((f) => [f.ruleId, f.start + 18, f.end + 18]),
    );
  });

  test('an edit between a table and a statement that looks it up: fixes that edit the table follow it, findings inside the statement stay', () => {
    // The FK's fix edits the CREATE TABLE (another statement: positional dependency); the unqualified
    // column finding stays inside its query (a dependency on which side the table is only).
    const text =
      'CREATE TABLE notes (owner_id uuid NOT NULL, body text);\nSELECT 1;\nALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\nSELECT id, role FROM neon_auth.users_sync WHERE deleted_at IS NULL;\n';
    const linter = new DocumentLinter();
    linter.lint(text);
    for (const edited of [text.replace('SELECT 1;', 'SELECT 1, 2, 3;'), text.replace('SELECT 1;', ''), `-- moved\n${text}`]) {
      assert.deepEqual(linter.lint(edited), lint(edited));
      const types = lint(edited).findings.filter((f) => f.ruleId === 'match-user-id-type');
      assert.ok(
        types.length > 0 && types.every((f) => f.fixes.some((x) => x.edits.some((e) => e.start < edited.indexOf('ALTER')))),
        'a fix edits the CREATE TABLE',
      );
      linter.lint(text);
    }
  });

  test("a message that names another statement's line (match-user-id-type's wrongTypeReviewUses) follows lines added above", () => {
    const text =
      'SELECT 1;\nCREATE TABLE posts (id bigint PRIMARY KEY, author_id uuid NOT NULL);\nALTER TABLE posts ADD FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\nCREATE INDEX ON posts (author_id);\n';
    const linter = new DocumentLinter();
    const line = (r: ReturnType<typeof lint>): string[] => r.findings.flatMap((f) => /at line (\d+)/.exec(f.message)?.[1] ?? []);
    assert.deepEqual(line(linter.lint(text)), ['4']);
    for (const edited of [text.replace('SELECT 1;', 'SELECT\n1;'), `\n\n${text}`, text.replace('SELECT 1;\n', 'SELECT 1;\n\n')]) {
      const after = linter.lint(edited);
      assert.deepEqual(after, lint(edited));
      assert.equal(line(after)[0], String(Number(4) + edited.split('\n').length - text.split('\n').length));
    }
  });

  test('adding a statement that copies a quoted mixed-case table (LIKE "Posts") re-checks the foreign key on its column: the retype becomes a suggestion', () => {
    const linter = new DocumentLinter();
    const table = 'CREATE TABLE "Posts" (id int, author_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\nSELECT 1;\n';
    const ids = (r: ReturnType<typeof lint>): Array<string | undefined> => r.findings.filter((f) => f.ruleId === 'match-user-id-type').map((f) => f.messageId);
    assert.deepEqual(ids(linter.lint(table)), ['wrongType']);
    const withCopy = `${table}CREATE TABLE copy (LIKE "Posts");\n`;
    const after = linter.lint(withCopy);
    assert.deepEqual(after, lint(withCopy));
    assert.deepEqual(ids(after), ['wrongTypeReviewUses']);
  });

  test("editing a table statement before a DO block re-checks the block's EXECUTE texts (they run on the tables as the file has them there)", () => {
    const linter = new DocumentLinter();
    const create = 'CREATE TABLE notes (id int PRIMARY KEY, author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n';
    const block = "DO $$ BEGIN\n  EXECUTE 'ALTER TABLE notes ALTER COLUMN author_id SET NOT NULL';\nEND $$;\n";
    const ids = (r: ReturnType<typeof lint>): string[] => r.findings.map((f) => f.ruleId);
    assert.deepEqual(ids(linter.lint(create + block)), ['no-set-null-on-not-null']);
    for (const edited of [
      create.replace('SET NULL', 'CASCADE') + block,
      `${create}ALTER TABLE notes DROP CONSTRAINT notes_author_id_fkey;\n${block}`,
      `${create}SELECT 1;\n${block}`,
      create + block,
    ]) {
      const after = linter.lint(edited);
      assert.deepEqual(after, lint(edited));
      assert.deepEqual(ids(after), edited.includes('SET NULL') && !edited.includes('DROP') ? ['no-set-null-on-not-null'] : []);
    }
  });

  test('editing a table definition re-checks the foreign keys that look it up', () => {
    const linter = new DocumentLinter();
    const ids = (r: ReturnType<typeof lint>): string[] => r.findings.map((f) => f.ruleId);
    assert.deepEqual(ids(linter.lint(sql)), ['match-user-id-type', 'no-set-null-on-not-null', 'prefer-left-join', 'require-deleted-at-filter']);
    const fixedType = sql.replace('author_id uuid NOT NULL', 'author_id text');
    const after = linter.lint(fixedType);
    assert.deepEqual(after, lint(fixedType));
    assert.deepEqual(ids(after), ['prefer-left-join', 'require-deleted-at-filter']);
  });

  test('adding, editing or removing a statement that uses a column as uuid re-checks the foreign key on that column (issue 17)', () => {
    const linter = new DocumentLinter();
    const table = `CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\nSELECT 1;\n`;
    const fixes = (r: ReturnType<typeof lint>): string[][] =>
      r.findings.filter((f) => f.ruleId === 'match-user-id-type').map((f) => f.fixes.map((x) => x.title));
    assert.deepEqual(fixes(linter.lint(table)), [['Change the column type to text']]);
    const withView = `${table}CREATE VIEW v AS SELECT uuid_send(owner_id) FROM notes;\n`;
    assert.deepEqual(linter.lint(withView), lint(withView));
    assert.deepEqual(fixes(linter.lint(withView)), [[]]);
    const otherColumn = withView.replace('uuid_send(owner_id)', 'uuid_send(id)');
    assert.deepEqual(linter.lint(otherColumn), lint(otherColumn));
    assert.deepEqual(fixes(linter.lint(otherColumn)), [['Change the column type to text']]);
    assert.deepEqual(linter.lint(withView), lint(withView));
    assert.deepEqual(linter.lint(table), lint(table));
    assert.deepEqual(fixes(linter.lint(table)), [['Change the column type to text']]);
  });

  test('adding, moving or removing a SET search_path re-checks the keys whose unqualified table it decides', () => {
    const linter = new DocumentLinter();
    const head = 'CREATE TABLE notes (owner_id text);\nCREATE TABLE billing.notes (owner_id uuid);\n';
    const key = 'ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n';
    const set = 'SET search_path TO billing;\n';
    const ids = (r: ReturnType<typeof lint>): string[] => r.findings.map((f) => f.ruleId);
    for (const text of [head + key, head + set + key, head + key + set, set + head + key, head + key]) {
      const r = linter.lint(text);
      assert.deepEqual(r, lint(text));
      assert.deepEqual(ids(r), text.indexOf(set) >= 0 && text.indexOf(set) < text.indexOf(key) ? ['match-user-id-type'] : []);
    }
  });

  test('adding, moving or removing a SET search_path re-checks the queries whose unqualified Neon Auth table it decides', () => {
    const linter = new DocumentLinter();
    const query = 'SELECT id, email FROM users_sync;\nSELECT nme FROM "user";\n';
    const set = 'SET search_path TO neon_auth, public;\n';
    const own = 'CREATE TABLE users_sync (id text, email text);\n';
    const ids = (r: ReturnType<typeof lint>): string[] => r.findings.map((f) => f.ruleId);
    // (with public first, the file's own users_sync is the one queried; "user" is still neon_auth's)
    const publicFirst = 'SET search_path TO public, neon_auth;\n';
    for (const text of [query, set + query, query + set, set + query, publicFirst + own + query, publicFirst + query, set + query, query]) {
      const r = linter.lint(text);
      assert.deepEqual(r, lint(text), text);
      const resolves = text.indexOf('neon_auth') >= 0 && text.indexOf('neon_auth') < text.indexOf(query);
      // (both resolved: the file mixes the generations, reported on the one reference to the current)
      const expected = !resolves
        ? []
        : text.includes(own)
          ? ['no-unknown-auth-column']
          : ['require-deleted-at-filter', 'no-unknown-auth-column', 'match-auth-schema'];
      assert.deepEqual(ids(r), expected, text);
    }
  });

  test('adding or removing a SET search_path, or a table that shadows users_sync, re-checks a SET NOT NULL under a key to an unqualified users_sync and the generation', () => {
    const linter = new DocumentLinter();
    const table = 'CREATE TABLE public.notes (owner_id text REFERENCES users_sync(id) ON DELETE SET NULL);\n';
    const later = 'ALTER TABLE public.notes ALTER COLUMN owner_id SET NOT NULL;\n';
    const set = 'SET search_path TO public, neon_auth;\n';
    const own = 'CREATE TABLE public.users_sync (id text PRIMARY KEY);\n';
    const current = 'SELECT g.name FROM neon_auth."user" g;\n';
    const ids = (r: ReturnType<typeof lint>): string[] => r.findings.map((f) => f.ruleId);
    for (const [text, expected] of [
      [table + later, []],
      [set + table + later, ['no-set-null-on-not-null']],
      [set + table + later + own, []],
      [set + table + later, ['no-set-null-on-not-null']],
      [set + table + later + current, ['no-set-null-on-not-null', 'match-auth-schema']],
      [table + later + current, []],
    ] as const) {
      const r = linter.lint(text);
      assert.deepEqual(r, lint(text), text);
      assert.deepEqual(ids(r), expected, text);
      assert.equal(r.generation, text.includes(set) && !text.includes(own) ? 'legacy' : text.includes(current) ? 'current' : undefined, text);
    }
  });

  test('turning a COMMIT into a ROLLBACK (or back), or moving a ROLLBACK TO SAVEPOINT, re-checks the keys that look up the DDL it undoes', () => {
    const linter = new DocumentLinter();
    const head = 'CREATE TABLE notes (owner_id text);\nBEGIN;\nSAVEPOINT s;\nALTER TABLE notes ALTER COLUMN owner_id SET NOT NULL;\n';
    const key = 'ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n';
    const ids = (r: ReturnType<typeof lint>): string[] => r.findings.map((f) => f.ruleId);
    for (const [text, expected] of [
      [`${head}COMMIT;\n${key}`, ['no-set-null-on-not-null']],
      [`${head}ROLLBACK;\n${key}`, []],
      [`${head}COMMIT;\n${key}`, ['no-set-null-on-not-null']],
      [`${head}ROLLBACK TO s;\n${key}COMMIT;\n`, []],
      [`${head}RELEASE s;\n${key}COMMIT;\n`, ['no-set-null-on-not-null']],
      // the key itself undone with the NOT NULL: it never exists
      [`${head}${key}ROLLBACK TO s;\nCOMMIT;\n`, []],
    ] as const) {
      const r = linter.lint(text);
      assert.deepEqual(r, lint(text));
      assert.deepEqual(ids(r), expected, text);
    }
  });

  test('turning the COMMIT after a key into a ROLLBACK (or back) re-checks the key: a key the file rolls back is not reported', () => {
    const linter = new DocumentLinter();
    const head = 'CREATE TABLE notes (owner_id text NOT NULL);\nBEGIN;\nALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id);\n';
    const ids = (r: ReturnType<typeof lint>): string[] => r.findings.map((f) => f.ruleId);
    for (const [text, expected] of [
      [`${head}COMMIT;\n`, ['require-on-delete']],
      [`${head}ROLLBACK;\n`, []],
      [`${head}END;\n`, ['require-on-delete']],
      [`${head}ABORT;\n`, []],
      [`SAVEPOINT s;\n${head}ROLLBACK TO s;\n`, []],
      [`SAVEPOINT s;\n${head}RELEASE s;\n`, ['require-on-delete']],
    ] as const) {
      const r = linter.lint(text);
      assert.deepEqual(r, lint(text));
      assert.deepEqual(ids(r), expected, text);
    }
  });

  test('turning a ROLLBACK TO SAVEPOINT into a RELEASE (or back) re-checks a query whose column names a rolled-back RENAME COLUMN gave another table', () => {
    const linter = new DocumentLinter();
    const head = 'CREATE TABLE notes (id int, author_id text, body text);\nSAVEPOINT s;\nALTER TABLE notes RENAME COLUMN body TO "createdAt";\n';
    const query = 'SELECT n.id, "createdAt" FROM notes n LEFT JOIN neon_auth.users_sync u ON u.id = n.author_id WHERE u.deleted_at IS NULL;\n';
    const ids = (r: ReturnType<typeof lint>): string[] => r.findings.map((f) => `${f.ruleId}:${f.messageId}`);
    for (const [text, expected] of [
      [`${head}RELEASE s;\n${query}`, []],
      [`${head}ROLLBACK TO s;\n${query}`, ['no-unknown-auth-column:legacySpelling']],
      [`${head}RELEASE s;\n${query}`, []],
      // inside the savepoint the column is notes'
      [`${head}${query}ROLLBACK TO s;\n`, []],
      [`${head}ROLLBACK TO s;\n${query}`, ['no-unknown-auth-column:legacySpelling']],
    ] as const) {
      const r = linter.lint(text);
      assert.deepEqual(r, lint(text));
      assert.deepEqual(ids(r), expected, text);
    }
  });

  test("adding, editing or removing an ALTER TABLE … RENAME TO, or editing the old name's statements, re-checks a key added under the new name", () => {
    const linter = new DocumentLinter();
    const create = 'CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid);\n';
    const rename = 'ALTER TABLE notes RENAME TO notes2;\n';
    const key = 'ALTER TABLE notes2 ADD CONSTRAINT fk FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n';
    const notNull = 'ALTER TABLE notes ALTER COLUMN owner_id SET NOT NULL;\n';
    const notNullTable = create.replace('uuid', 'text NOT NULL');
    const oldKey = key.replace('notes2', 'notes');
    const drop = 'ALTER TABLE notes2 DROP CONSTRAINT fk;\n';
    const ids = (r: ReturnType<typeof lint>, text: string): string[] => r.findings.map((f) => `${f.ruleId}:${text.slice(0, f.start).split('\n').length - 1}`);
    for (const [text, expected] of [
      [create + key, []],
      [create + rename + key, ['match-user-id-type:0']],
      // the old name's type fixed: notes2's key is judged again
      [create.replace('uuid', 'text') + rename + key, []],
      // a NOT NULL of the old name before the rename counts; after it, that statement fails (42P01)
      [create.replace('uuid', 'text') + notNull + rename + key, ['no-set-null-on-not-null:3']],
      [create.replace('uuid', 'text') + rename + notNull + key, []],
      // a rename to another name, or undone by a ROLLBACK TO SAVEPOINT, leaves notes2 unknown
      [create + rename.replace('notes2', 'notes3') + key, []],
      [`${create}SAVEPOINT s;\n${rename}ROLLBACK TO SAVEPOINT s;\n${key}`, []],
      [`${create}SAVEPOINT s;\n${rename}RELEASE SAVEPOINT s;\n${key}`, ['match-user-id-type:0']],
      [create + key, []],
      // a key on the old name, dropped under the new name after the rename: adding or removing the drop re-checks it
      [notNullTable + oldKey + rename + drop, []],
      [notNullTable + oldKey + rename, ['no-set-null-on-not-null:1']],
      [notNullTable + oldKey + rename + drop, []],
    ] as const) {
      const r = linter.lint(text);
      assert.deepEqual(r, lint(text), text);
      assert.deepEqual(ids(r, text), expected, text);
    }
  });

  test("editing the name a DROP CONSTRAINT gives a renamed table's key, or the rename a later migration's drop follows, re-checks the key", () => {
    const linter = new DocumentLinter();
    const ids = (r: ReturnType<typeof lint>, text: string): string[] => r.findings.map((f) => `${f.ruleId}:${text.slice(0, f.start).split('\n').length - 1}`);
    const rename = 'ALTER TABLE notes RENAME TO memos;\n';
    // the primary key keeps its name (notes_pkey): dropped by it, the column's DROP NOT NULL is accepted
    const keyed = 'CREATE TABLE notes (owner_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\n';
    const drop = (name: string): string => `ALTER TABLE memos DROP CONSTRAINT ${name};\nALTER TABLE memos ALTER owner_id DROP NOT NULL;\n`;
    for (const [text, expected] of [
      [keyed + rename + drop('notes_pkey'), []],
      [keyed + rename + drop('memos_pkey'), ['no-set-null-on-not-null:0']],
      [keyed + rename + drop('notes_pkey'), []],
      [keyed + rename.replace('memos', 'posts') + drop('notes_pkey'), ['no-set-null-on-not-null:0']],
    ] as const) {
      const r = linter.lint(text);
      assert.deepEqual(r, lint(text), text);
      assert.deepEqual(ids(r, text), expected, text);
    }
    // a later migration drops the key under the name the file leaves the table with
    const priorSchema = foldMigrations([
      { path: 'm/1.sql', text: '' },
      { path: 'm/2.sql', text: 'ALTER TABLE memos DROP CONSTRAINT notes_owner_id_fkey;\n' },
    ]).before(0);
    const key = 'CREATE TABLE notes (owner_id text REFERENCES neon_auth.users_sync(id));\n';
    for (const [text, expected] of [
      [key + rename, []],
      [key + rename.replace('memos', 'posts'), ['require-on-delete:0']],
      [key + rename, []],
      [key, ['require-on-delete:0']],
      [key + rename, []],
    ] as const) {
      const r = linter.lint(text, { priorSchema });
      assert.deepEqual(r, lint(text, { priorSchema }), text);
      assert.deepEqual(ids(r, text), expected, text);
    }
  });

  test('changing a returned finding does not change later results', () => {
    const linter = new DocumentLinter();
    const first = linter.lint(sql);
    first.findings[0].message = 'changed';
    first.findings[0].fixes.length = 0;
    assert.deepEqual(linter.lint(sql), lint(sql));
    const again = linter.lint(`${sql}\nselect 1;`);
    again.findings[0].fixes[0].edits[0].start = -1;
    assert.deepEqual(linter.lint(`${sql}\nselect 2;`), lint(`${sql}\nselect 2;`));
  });

  test('fixAll from a document index applies the same fixes as from scratch', () => {
    const linter = new DocumentLinter();
    linter.lint(sql);
    assert.deepEqual(linter.fixAll(sql), fixAll(sql));
  });
});

/** A random edit of a text: a range replaced by vocabulary words or single characters. */
const edit = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 12 }),
  insert: fc
    .array(
      fc.oneof(
        fc.constantFrom(...VOCABULARY.filter((w) => w !== '\u0000')),
        anyChar,
        fc.constantFrom(';', ';\n', "'", '$$', 'COPY t FROM stdin;\n', '\\.\n', '\\copy t from stdin\n', 'stdin'),
      ),
      { maxLength: 3 },
    )
    .map((ws) => ws.join('')),
});
const base = fc.oneof(
  plausibleFile,
  caseSql,
  soup,
  fc.array(plausibleFile, { minLength: 2, maxLength: 4 }).map((fs) => fs.join(';\n')),
);

describe('properties: incremental equals from scratch', () => {
  test('DocumentIndex.update and DocumentLinter.lint after random edits equal a fresh index and lint', () => {
    fc.assert(
      fc.property(base, fc.array(edit, { minLength: 1, maxLength: 6 }), (text, edits) => {
        const linter = new DocumentLinter();
        let index = DocumentIndex.of(text);
        let current = text;
        linter.lint(current);
        for (const e of edits) {
          const start = e.at % (current.length + 1);
          const end = Math.min(current.length, start + e.length);
          current = splice(current, start, end, e.insert);
          const explicit = index.update(current, [{ start, end, newText: e.insert }]);
          index = index.update(current);
          const fresh = DocumentIndex.of(current);
          assert.deepEqual(plain(index), plain(fresh));
          assert.deepEqual(plain(explicit), plain(fresh));
          assert.deepEqual(linter.lint(current), lint(current));
        }
      }),
      params(300),
    );
  });

  test('changes noted as an editor sends them (several between checks) give the one edit from the checked text, and the same findings', () => {
    fc.assert(
      fc.property(base, fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (text, rounds) => {
        const noted = new DocumentLinter();
        let current = text;
        noted.lint(current);
        for (const round of rounds) {
          const checked = current;
          let changed: ChangedRange | undefined;
          for (const e of round) {
            const start = e.at % (current.length + 1);
            const end = Math.min(current.length, start + e.length);
            changed = noteChange(changed, current, start, end, e.insert.length);
            noted.noteChange(current, start, end, e.insert.length);
            current = splice(current, start, end, e.insert);
          }
          // The composed edit turns the checked text into the current one, and covers every change.
          const one = changedEdit(changed!, current)!;
          assert.equal(changed!.from, checked);
          assert.equal(splice(checked, one.start, one.end, one.newText), current);
          assert.deepEqual(noted.lint(current), lint(current));
        }
      }),
      params(200),
    );
  });

  test('noteChange: a change inside text an earlier change wrote, one after it, and one before it', () => {
    // "abcdef": [2,3) "c" -> "XYZ" gives "abXYZdef"; then [3,4) "Y" -> "" gives "abXZdef"
    let c = noteChange(undefined, 'abcdef', 2, 3, 3);
    assert.deepEqual(c, { from: 'abcdef', start: 2, end: 3, length: 8 });
    c = noteChange(c, 'abXYZdef', 3, 4, 0);
    assert.deepEqual(c, { from: 'abcdef', start: 2, end: 3, length: 7 });
    assert.deepEqual(changedEdit(c, 'abXZdef'), { start: 2, end: 3, newText: 'XZ' });
    // after it: [5,6) "e" of "abXZdef" -> "E" maps to [4,5) of "abcdef"
    c = noteChange(c, 'abXZdef', 5, 6, 1);
    assert.deepEqual(changedEdit(c, 'abXZdEf'), { start: 2, end: 5, newText: 'XZdE' });
    // before it: [0,1) "a" -> ""
    c = noteChange(c, 'abXZdEf', 0, 1, 0);
    assert.deepEqual(changedEdit(c, 'bXZdEf'), { start: 0, end: 5, newText: 'bXZdE' });
    // a text of another length than the changes lead to: no edit
    assert.equal(changedEdit(c, 'bXZdEfg'), undefined);
  });

  test('the SQL pre-filter is sound: a text it skips has no relevant statement and no directive', () => {
    // Relevance words cut apart by spaces, comments and quotes, so that both answers come up.
    const piece = fc.oneof(
      base,
      fc.constantFrom(
        'auth',
        '"auth"',
        '.',
        ' . ',
        'uid()',
        'set',
        'SET',
        'not',
        'NOT',
        'null',
        'NULL',
        '/* c */',
        '-- c\n',
        '\n',
        ' ',
        'user',
        '"user"',
        'users',
        '_sync',
      ),
      fc.constantFrom('neon', '_auth', 'neon-auth', '-ignore', "'", '$$', "E'", 'EXECUTE ', ';'),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        if (mayBeRelevant(text)) return;
        const index = DocumentIndex.of(text);
        for (const c of index.chunks) {
          assert.deepEqual(
            c.data.statements.filter((st) => st.relevant),
            [],
            text,
          );
          assert.deepEqual(c.data.directives, [], text);
        }
        assert.deepEqual(new DocumentLinter().lint(text), lint(text));
      }),
      params(500),
    );
    assert.equal(mayBeRelevant('ALTER TABLE t ALTER c SET /* not yet */ NOT NULL'), true);
    assert.equal(mayBeRelevant('select "auth" -- helper\n . uid()'), true);
    assert.equal(mayBeRelevant('SELECT author, offset_ms FROM posts WHERE user_id = $1'), false);
  });

  test('several non-overlapping edits at once equal a fresh index', () => {
    fc.assert(
      fc.property(base, fc.array(edit, { minLength: 2, maxLength: 5 }), (text, raw) => {
        // place the edits left to right without overlap
        const edits: TextEdit[] = [];
        let from = 0;
        for (const e of raw) {
          if (from > text.length) break;
          const start = from + (e.at % (text.length - from + 1));
          const end = Math.min(text.length, start + e.length);
          edits.push({ start, end, newText: e.insert });
          from = end + 1;
        }
        const edited = applyEdits(text, edits);
        assert.deepEqual(plain(DocumentIndex.of(text).update(edited, edits)), plain(DocumentIndex.of(edited)));
      }),
      params(300),
    );
  });
});

describe('DocumentIndex at the end of the text', () => {
  test('COPY data that reaches the end (no `\\.` line, or one without its line break) is continued by text added there', () => {
    for (const copy of [
      'COPY t FROM stdin;',
      'COPY t FROM stdin;\n1\t2',
      'COPY t FROM stdin;\n1\t2\n\\.',
      '\\copy t from stdin',
      '\\copy t from stdin\n1\t2',
      '\\copy t from stdin\n1\t2\n\\.',
      'select 1;\n\\copy t from std',
    ]) {
      const index = DocumentIndex.of(copy);
      for (const added of ['\n3\t4\n\\.\nselect 1 from neon_auth.users_sync;', 'x\nselect 2;', 'in\n1\n\\.\nselect 2;']) {
        assert.deepEqual(plain(index.update(copy + added)), plain(DocumentIndex.of(copy + added)), JSON.stringify(copy + added));
      }
    }
  });
});

describe('properties: the tokens around an offset serve hover and completion', () => {
  test('hoverAt, completionContextAt and suppressionCompletionAt give the same answers with DocumentLinter.tokensAround', () => {
    const withDirectives = fc
      .tuple(base, fc.constantFrom('-- neon-auth-ignore prefer-left-join, ', '/* neon-auth-ignore-file */', ''))
      .map(([t, d]) => `${d}\n${t}`);
    fc.assert(
      fc.property(withDirectives, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (text, offsets) => {
        const linter = new DocumentLinter();
        for (const raw of offsets) {
          const offset = raw % (text.length + 1);
          const tokens = linter.tokensAround(text, offset);
          assert.deepEqual(hoverAt(text, offset, tokens), hoverAt(text, offset), `hover at ${offset}`);
          assert.equal(completionContextAt(text, offset, tokens), completionContextAt(text, offset), `completion at ${offset}`);
          assert.deepEqual(suppressionCompletionAt(text, offset, tokens), suppressionCompletionAt(text, offset), `suppression completion at ${offset}`);
        }
      }),
      params(300),
    );
  });
});
