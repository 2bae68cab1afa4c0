/**
 * `FileTables.changedColumns` (tableDefs.ts): the columns a file's ALTER TABLEs retype, drop or
 * rename, read from tokens whether or not a parser accepts the statement. `no-unknown-auth-column`
 * takes each name as a column the table may have (and, through an alias's column list, any name
 * at all as a reason not to check); `columnTypes.ts` reads only `'*'` (a table created twice).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../server/src/linter/lexer';
import { splitStatements } from '../server/src/linter/statements';
import { SigTokens } from '../server/src/linter/tokens';
import { parseStatement } from '../server/src/linter/parse';
import { fileTables, FileTables, TableStatement, tableNameIndex } from '../server/src/linter/tableDefs';
import './helpers/pgGrammar';

/** The file's table facts as the engine builds them, for the CREATE and ALTER TABLE statements of `sql`. */
function tablesOf(sql: string): FileTables {
  const statements: TableStatement[] = [];
  splitStatements(tokenize(sql)).forEach((stmt, id) => {
    const sig = new SigTokens(stmt.tokens);
    for (const verb of ['create', 'alter'] as const) {
      const i = tableNameIndex(sig, verb);
      if (i < 0) continue;
      const schema = sig.isPunct(i - 1, '.') ? sig.list[i - 2].value : undefined;
      statements.push({ id, start: stmt.start, verb, name: sig.list[i].value, schema, memo: {}, get: () => ({ stmt, sig }) });
      break;
    }
  });
  return fileTables(statements, sql, (s) => parseStatement(sql, s));
}

/** `changedColumns(table)` of `sql`, sorted (undefined when none). */
function changed(sql: string, table = 't', schema?: string): string[] | undefined {
  const set = tablesOf(sql).changedColumns(table, schema);
  return set && [...set].sort();
}

/** Whether a parser accepts every statement of `sql`. */
function parses(sql: string): boolean {
  return splitStatements(tokenize(sql)).every((s) => parseStatement(sql, s).ok);
}

describe('FileTables.changedColumns', () => {
  test('ALTER [COLUMN] c [SET DATA] TYPE: the retyped column, in every clause of a multi-clause ALTER', () => {
    assert.deepEqual(changed('ALTER TABLE t ALTER COLUMN user_id TYPE uuid USING user_id::uuid;'), ['user_id']);
    assert.deepEqual(changed('ALTER TABLE t ALTER user_id SET DATA TYPE uuid;'), ['user_id']);
    assert.deepEqual(changed('ALTER TABLE t ALTER COLUMN a TYPE numeric(10, 2), ALTER b TYPE text, ADD COLUMN c int;'), ['a', 'b']);
  });

  test('DROP [COLUMN] [IF EXISTS] c [CASCADE]: the dropped column', () => {
    assert.deepEqual(changed('ALTER TABLE t DROP COLUMN a;'), ['a']);
    assert.deepEqual(changed('ALTER TABLE t DROP COLUMN IF EXISTS a CASCADE, DROP b;'), ['a', 'b']);
    assert.deepEqual(changed('ALTER TABLE IF EXISTS ONLY app.t DROP IF EXISTS a RESTRICT;', 't', 'app'), ['a']);
  });

  test('RENAME [COLUMN] a TO b: both names, quoted names as written', () => {
    assert.deepEqual(changed('ALTER TABLE t RENAME COLUMN a TO b;'), ['a', 'b']);
    assert.deepEqual(changed('ALTER TABLE t RENAME "userId" TO user_id;'), ['userId', 'user_id']);
    assert.deepEqual(changed('ALTER TABLE neon_auth.users_sync RENAME COLUMN updated_at TO touched_at;', 'users_sync'), ['touched_at', 'updated_at']);
  });

  test('ADD COLUMN, SET DEFAULT, SET NOT NULL, constraints, RENAME TO and RENAME CONSTRAINT change no column', () => {
    assert.equal(changed('ALTER TABLE t ADD COLUMN a int, ADD COLUMN IF NOT EXISTS b text NOT NULL;'), undefined);
    assert.equal(changed('ALTER TABLE t ALTER COLUMN a SET DEFAULT 0, ALTER a SET NOT NULL;'), undefined);
    assert.equal(changed('ALTER TABLE t ADD CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES neon_auth.users_sync (id) ON DELETE CASCADE;'), undefined);
    assert.equal(changed('ALTER TABLE t RENAME TO u;'), undefined);
    assert.equal(changed('ALTER TABLE t RENAME CONSTRAINT a TO b;'), undefined);
  });

  test('DROP NOT NULL, DROP DEFAULT, DROP CONSTRAINT, DROP IDENTITY and DROP EXPRESSION change no column (the word after DROP is no column)', () => {
    assert.equal(changed('ALTER TABLE t ALTER COLUMN a DROP NOT NULL;'), undefined);
    assert.equal(changed('ALTER TABLE t ALTER COLUMN a DROP DEFAULT;'), undefined);
    assert.equal(changed('ALTER TABLE t DROP CONSTRAINT t_a_fkey;'), undefined);
    assert.equal(changed('ALTER TABLE t DROP CONSTRAINT IF EXISTS t_a_fkey;'), undefined);
    assert.equal(changed('ALTER TABLE t ALTER COLUMN a DROP IDENTITY IF EXISTS, ALTER COLUMN b DROP EXPRESSION;'), undefined);
    assert.deepEqual(changed('ALTER TABLE t ALTER COLUMN a DROP NOT NULL, DROP COLUMN b, ALTER c DROP DEFAULT;'), ['b']);
  });

  test('ALTER TABLE name * (the table and its descendants): the columns of its clauses', () => {
    assert.deepEqual(changed('ALTER TABLE t * RENAME COLUMN a TO b;'), ['a', 'b']);
    assert.deepEqual(changed('ALTER TABLE IF EXISTS t * DROP COLUMN a, ALTER COLUMN b TYPE text;'), ['a', 'b']);
  });

  test('the ALTERs of every statement about the table, anywhere in the file; another table is not this one; a table created twice is *', () => {
    const sql = `CREATE TABLE t (a int, b int);
SELECT a FROM t;
ALTER TABLE t DROP COLUMN a;
ALTER TABLE u DROP COLUMN b;
ALTER TABLE app.t RENAME b TO c;`;
    assert.deepEqual(changed(sql), ['a', 'b', 'c']);
    assert.deepEqual(changed(sql, 't', 'public'), ['a']);
    assert.deepEqual(changed(sql, 't', 'app'), ['b', 'c']);
    assert.deepEqual(changed(sql, 'u'), ['b']);
    assert.deepEqual(changed('CREATE TABLE t (a int); CREATE TABLE t (b int);'), ['*']);
  });

  test('the definition after an ALTER reads the same clauses: ALTER TABLE name * renames and drops too', () => {
    const sql = `CREATE TABLE t (a int, b int, c int);
ALTER TABLE t * RENAME COLUMN a TO x;
ALTER TABLE t * DROP COLUMN b, ALTER COLUMN c TYPE text;
SELECT 1;`;
    const def = tablesOf(sql).lookup(sql.indexOf('SELECT'))(undefined, 't');
    assert.deepEqual(
      def?.columns.map((c) => [c.name, c.type]),
      [
        ['x', 'int'],
        ['c', 'text'],
      ],
    );
    assert.deepEqual(changed(sql), ['a', 'b', 'c', 'x']);
  });

  test('statements no parser accepts are read clause by clause from their tokens all the same', () => {
    const rejected = [
      'ALTER TABLE t DROP COLUMN a.b;',
      'ALTER TABLE t ALTER COLUMN a TYPE numeric(10, DROP COLUMN b;',
      'ALTER TABLE t ALTER COLUMN a TYPE;',
      'ALTER TABLE ONLY t * RENAME COLUMN a TO b;',
    ];
    for (const sql of rejected) assert.equal(parses(sql), false, sql);
    assert.deepEqual(changed(rejected[0]), ['a']);
    // an unclosed parenthesis: one clause to the end, as applyAlter reads it, so the definition keeps b and knows it
    assert.deepEqual(changed(rejected[1]), ['a']);
    const broken = `CREATE TABLE t (a int, b int); ${rejected[1]} SELECT 1;`;
    assert.deepEqual(
      tablesOf(broken)
        .lookup(broken.indexOf('SELECT'))(undefined, 't')
        ?.columns.map((c) => c.name),
      ['a', 'b'],
    );
    assert.deepEqual(changed(rejected[2]), ['a']);
    assert.deepEqual(changed(rejected[3]), ['a', 'b']);
  });
});
