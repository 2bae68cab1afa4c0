/**
 * `columnUses.ts`: which statements may use a column with its type (match-user-id-type's retype):
 * names found in the whole text, and the DDL of other tables told apart.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { columnUseOf, hasUuidText, identifierOffsets, tableDdlOf } from '../server/src/linter/columnUses';
import { lint, loadPostgresGrammar } from '../server/src/linter';
import { tokenize } from '../server/src/linter/lexer';
import { SigTokens } from '../server/src/linter/tokens';

const sig = (sql: string): SigTokens => new SigTokens(tokenize(sql));

describe('identifierOffsets', () => {
  test('whole identifiers in any case, quoted or not, in strings, bodies and comments; not inside longer names', () => {
    const text = `SELECT "Owner_Id", owner_ids, x_owner_id, n.owner_id FROM t; -- owner_id\n$$ owner_id $$ 'OWNER_ID' owner_idé`;
    assert.deepEqual(
      identifierOffsets(text, 'owner_id').map((o) => text.slice(o, o + 8)),
      ['Owner_Id', 'owner_id', 'owner_id', 'owner_id', 'OWNER_ID'],
    );
  });

  test('a quoted name with a double quote is found doubled too; regex characters are literal', () => {
    assert.deepEqual(identifierOffsets('SELECT "a""b", a.b', 'a"b'), [8]);
    assert.deepEqual(identifierOffsets('SELECT "x.y", xzy', 'x.y'), [8]);
    assert.deepEqual(identifierOffsets('anything', ''), []);
  });

  test('from/to: only hits that start in the range, the boundaries read from the whole text', () => {
    const text = 'a owner_id b xowner_id owner_id owner_id';
    assert.deepEqual(identifierOffsets(text, 'owner_id', 3, 31), [23]);
    assert.deepEqual(identifierOffsets(text, 'owner_id', 14, 23), []);
    assert.deepEqual(identifierOffsets(text, 'owner_id', 23, 24), [23]);
  });

  test('a text that lower-casing lengthens (İ) is searched by regular expression, same offsets', () => {
    const text = 'İ SELECT Owner_Id, xowner_id, owner_id';
    assert.deepEqual(identifierOffsets(text, 'owner_id'), [9, 30]);
    assert.deepEqual(identifierOffsets(text, 'owner_id', 10), [30]);
  });

  test('a call of a function of that name without arguments (auth.user_id(), USER_ID ( )) is not the column, with or without the regular expression', () => {
    const text = 'SELECT user_id FROM t WHERE user_id = auth.user_id() OR USER_ID\n  ( ) IS NULL OR notes (user_id) IS NULL';
    assert.deepEqual(identifierOffsets(text, 'user_id'), [7, 28, 88]);
    assert.deepEqual(identifierOffsets(text, 'notes'), [81]);
    assert.deepEqual(identifierOffsets(`İ${text}`, 'user_id'), [8, 29, 89]);
    // the check that a safe fix writes (auth.uid() → auth.user_id()) leaves the retype of user_id safe
    const sql =
      'SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.id = auth.user_id() WHERE u.deleted_at IS NULL;\nCREATE TABLE bookmarks (id bigserial PRIMARY KEY, user_id uuid NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);';
    assert.deepEqual(
      lint(sql).findings.map((f) => [f.ruleId, f.messageId, f.fixes.map((x) => x.safe)]),
      [['match-user-id-type', 'wrongType', [true]]],
    );
  });
});

describe('tableDdlOf', () => {
  test("a table's own DDL: CREATE TABLE with its column list, ALTER TABLE, CREATE INDEX … ON", () => {
    assert.equal(tableDdlOf(sig('CREATE TABLE todos (owner_id text)')), 'todos');
    assert.equal(tableDdlOf(sig('CREATE UNLOGGED TABLE IF NOT EXISTS app.todos (owner_id text)')), 'todos');
    assert.equal(tableDdlOf(sig("ALTER TABLE ONLY public.todos ADD CHECK (owner_id <> '')")), 'todos');
    assert.equal(tableDdlOf(sig('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY todos USING btree (owner_id)')), 'todos');
    assert.equal(tableDdlOf(sig('CREATE INDEX ON todos ((lower(owner_id)))')), 'todos');
  });

  test('statements that may read other relations are not: views, CREATE TABLE … AS, routines, policies, queries', () => {
    for (const sql of [
      'CREATE VIEW v AS SELECT owner_id FROM w',
      'CREATE TABLE t2 AS SELECT owner_id FROM notes',
      'CREATE MATERIALIZED VIEW m AS SELECT owner_id FROM v',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      'CREATE POLICY p ON todos USING (owner_id = auth.user_id())',
      'SELECT owner_id FROM v',
    ])
      assert.equal(tableDdlOf(sig(sql)), undefined, sql);
  });
});

describe('columnUseOf', () => {
  const useIn = (text: string, table = 'notes', column = 'owner_id') =>
    columnUseOf(
      identifierOffsets(text, column).length > 0,
      () => identifierOffsets(text, table).length > 0,
      () => hasUuidText(text, 0, text.length),
      () => tableDdlOf(sig(text)),
    );

  test('uuid when it names the table and the column and has uuid; named when it names the column; else none', () => {
    assert.equal(useIn('CREATE VIEW v AS SELECT * FROM notes WHERE owner_id = gen_random_uuid()'), 'uuid');
    assert.equal(useIn('CREATE VIEW v AS SELECT n.id FROM notes n JOIN other o ON o.u = n.owner_id'), 'named');
    assert.equal(useIn('CREATE VIEW w AS SELECT owner_id FROM v'), 'named');
    assert.equal(useIn('CREATE TABLE todos (owner_id uuid)'), undefined);
    assert.equal(useIn('CREATE TABLE todos (owner_id text REFERENCES notes (owner_id))'), 'named');
    assert.equal(useIn('CREATE INDEX ON todos (owner_id)'), undefined);
    assert.equal(useIn('CREATE VIEW v AS SELECT id FROM notes'), undefined);
  });
});

describe('columnUses through the rule: statements that take a column without naming it', () => {
  before(async () => {
    await loadPostgresGrammar();
  });

  test('ATTACH PARTITION, PARTITION OF, LIKE or INHERITS of the table make the retype a suggestion (Postgres rejects the attach: 42804)', () => {
    const head = 'CREATE TABLE posts (id int, author_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE) PARTITION BY RANGE (id);\n';
    for (const [later, line] of [
      ['CREATE TABLE posts_1 (id int, author_id uuid);\nALTER TABLE posts ATTACH PARTITION posts_1 FOR VALUES FROM (0) TO (100);\n', 3],
      ['CREATE TABLE copy (LIKE posts);\n', 2],
      ['CREATE TABLE posts_3 PARTITION OF posts FOR VALUES FROM (100) TO (200);\n', 2],
    ] as const) {
      const [finding] = lint(head + later).findings.filter((f) => f.ruleId === 'match-user-id-type');
      assert.equal(finding?.messageId, 'wrongTypeReviewUses', later);
      assert.ok(finding.message.includes(`review the statement at line ${line}`), finding.message);
      assert.deepEqual(
        finding.fixes.map((f) => [f.title, f.safe === true]),
        [['Change the column type to text', false]],
      );
    }
    // INHERITS of a plain table (a partitioned one cannot be inherited from)
    const plainHead = 'CREATE TABLE notes (id int, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n';
    const [inherited] = lint(`${plainHead}CREATE TABLE archived_notes (archived_at timestamptz) INHERITS (notes);\n`).findings.filter(
      (f) => f.ruleId === 'match-user-id-type',
    );
    assert.equal(inherited?.messageId, 'wrongTypeReviewUses');
    assert.ok(inherited.message.includes('review the statement at line 2'), inherited.message);
    // naming the table alone, without `*` or a word that copies its columns: still safe
    const [plain] = lint(`${head}ALTER TABLE posts ENABLE ROW LEVEL SECURITY;\n`).findings.filter((f) => f.ruleId === 'match-user-id-type');
    assert.equal(plain?.messageId, 'wrongType');
    assert.equal(plain.fixes[0].safe, true);
  });

  test('a file of many statements is searched as a whole on its first check, with the same answers as reading each statement', () => {
    // More statements than `WHOLE_TEXT_SEARCH` (64) take the whole-text search; two take the per-statement reading.
    const filler = Array.from({ length: 80 }, (_, k) => `INSERT INTO log (n) VALUES (${k});\n`).join('');
    const key = 'CREATE TABLE notes (id int, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n';
    // a comment between statements and a longer name are no use; a statement ending with the name is
    const noUse = '-- owner_id in a comment between statements\nSELECT id FROM old_notes WHERE owner_id_old = 1;\n';
    const use = 'SELECT id FROM notes ORDER BY owner_id;\n';
    const check = (text: string): Array<[string | undefined, string]> =>
      lint(text)
        .findings.filter((f) => f.ruleId === 'match-user-id-type')
        .map((f) => [f.messageId, /review the statement at line (\d+)/.exec(f.message)?.[1] ?? '']);
    assert.deepEqual(check(key + noUse + use), [['wrongTypeReviewUses', '4']]);
    assert.deepEqual(check(filler + key + filler + noUse + use), [['wrongTypeReviewUses', '164']]);
    assert.deepEqual(check(key + noUse), [['wrongType', '']]);
    assert.deepEqual(check(filler + key + filler + noUse), [['wrongType', '']]);
  });
});
