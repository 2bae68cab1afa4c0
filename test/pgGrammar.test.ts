/**
 * The Postgres grammar (libpg-query's WebAssembly build), the parser that runs first: it reads
 * statements pgsql-ast-parser rejects, and its tree feeds the same semantic model, so findings and
 * fixes are the same whichever parser ran.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'pgsql-ast-parser';
import { applyEdits, lint, LintOptions } from '../server/src/linter';
import { parsePostgres, postgresAst } from '../server/src/linter/pgGrammar';
import { preferPgsqlAstParser } from '../server/src/linter/parse';
import { ruleCases } from './ruleCases';
import './helpers/pgGrammar';

const pgsqlAstParserAccepts = (sql: string): boolean => {
  try {
    parse(sql, { locationTracking: true });
    return true;
  } catch {
    return false;
  }
};

/** Findings as compared between the parsers: everything, fixes included. */
const lintBoth = (sql: string, options?: LintOptions): { pgsql: unknown; postgres: unknown } => {
  try {
    preferPgsqlAstParser(true);
    const pgsql = lint(sql, options);
    preferPgsqlAstParser(false);
    const postgres = lint(sql, options);
    return { pgsql: { findings: pgsql.findings, rejected: pgsql.rejected }, postgres: { findings: postgres.findings, rejected: postgres.rejected } };
  } finally {
    preferPgsqlAstParser(false);
  }
};

describe('Postgres grammar', () => {
  test('parses statements pgsql-ast-parser rejects, so the rules check them', () => {
    const statements: Array<[string, string[]]> = [
      ['DELETE FROM todos t USING neon_auth.users_sync u WHERE t.user_id = u.id', ['require-deleted-at-filter']],
      [
        'CREATE TABLE post_authors AS SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL',
        ['prefer-left-join'],
      ],
      ['SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL FOR UPDATE OF p', ['prefer-left-join']],
      ['CREATE TABLE e (user_id text NOT NULL REFERENCES neon_auth.users_sync(id), at timestamptz NOT NULL) PARTITION BY RANGE (at)', ['require-on-delete']],
      [
        'UPDATE posts p SET title = u.name FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE c.post_id = p.id',
        ['require-deleted-at-filter'],
      ],
      ['SELECT p.title FROM ONLY posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL', ['prefer-left-join']],
      ["EXPLAIN SELECT u.email FROM neon_auth.users_sync u WHERE u.email SIMILAR TO '%@neon.tech'", ['require-deleted-at-filter']],
      ['CREATE POLICY own ON todos USING (EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = user_id))', ['require-deleted-at-filter']],
    ];
    for (const [sql, rules] of statements) {
      assert.equal(pgsqlAstParserAccepts(sql), false, `pgsql-ast-parser rejects: ${sql}`);
      const r = lint(sql);
      assert.deepEqual(r.rejected, [], sql);
      assert.deepEqual(
        r.findings.map((f) => f.ruleId).filter((id) => rules.includes(id)),
        rules,
        sql,
      );
    }
  });

  test('gives the same findings (ids, ranges, messages, fixes) as pgsql-ast-parser on every rule case and every fixed output', () => {
    let compared = 0;
    for (const [ruleId, cases] of Object.entries(ruleCases)) {
      for (const c of cases) {
        for (const sql of [c.sql, ...c.findings.flatMap((f) => f.fixes.map((x) => x.output))]) {
          const { pgsql, postgres } = lintBoth(sql, c.options);
          assert.deepEqual(postgres, pgsql, `${ruleId}: ${c.name}\n${sql}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 100, `${compared} texts compared`);
  });

  test('gives the same findings on joins, subqueries, CTEs, unions, views, writes and DDL', () => {
    const texts = [
      `SELECT p.title, u.name FROM (posts p JOIN comments c ON c.post_id = p.id) LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE (u.email = 'a' OR p.x <> 2) AND u.id NOT IN (SELECT 1)`,
      `SELECT * FROM (SELECT 1) s, LATERAL (SELECT 2) t, generate_series(1, 2) g, (VALUES (1)) v(x) JOIN neon_auth.users_sync u USING (id)`,
      `WITH a AS (SELECT u.id FROM neon_auth.users_sync u) SELECT * FROM a UNION ALL SELECT id FROM neon_auth.users_sync CROSS JOIN posts p WHERE p.author_id = users_sync.id`,
      `INSERT INTO todos (task, user_id) SELECT 'hi', u.id FROM neon_auth.users_sync u JOIN posts p ON p.author_id = u.id ON CONFLICT (id) DO UPDATE SET task = excluded.task RETURNING id`,
      `CREATE MATERIALIZED VIEW v AS SELECT u.id, lower(u.email) AS e, CASE WHEN u.deleted_at IS NULL THEN 1 ELSE 0 END FROM posts p RIGHT JOIN neon_auth.users_sync u ON u.id = p.author_id WITH NO DATA`,
      `CREATE TABLE t (id serial PRIMARY KEY, a character varying(10) NOT NULL REFERENCES neon_auth.users_sync(id) MATCH FULL ON UPDATE CASCADE, b text, CONSTRAINT fk FOREIGN KEY (b) REFERENCES neon_auth.users_sync (id) ON DELETE SET NULL)`,
      `ALTER TABLE todos ADD CONSTRAINT todos_fk FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync(id), ADD COLUMN owner_id uuid REFERENCES neon_auth."user"(id)`,
      `UPDATE posts p SET title = 'x' FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.created_at BETWEEN now() - interval '1 day' AND now() AND u.email LIKE '%x' AND u.id = ANY ($1)`,
      `SELECT 'é😀' AS "naïve", p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id, comments c WHERE c.author_id = u.id AND NOT (u.id IN (SELECT 1))`,
    ];
    for (const sql of texts) {
      assert.ok(parsePostgres(sql)?.ok, `the Postgres grammar parses: ${sql}`);
      const { pgsql, postgres } = lintBoth(sql);
      assert.deepEqual(postgres, pgsql, sql);
    }
  });

  test("parentheses nested past Postgres' parser stack get Postgres' verdict, not pgsql-ast-parser's slow fallback (it took 18 s and 670 MB on 20,000 levels)", () => {
    const deep = (n: number): string =>
      `SELECT ${'('.repeat(n)}1${')'.repeat(n)} FROM neon_auth.users_sync;\nSELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;`;
    const sql = deep(20_000);
    assert.deepEqual(
      lint(sql).findings.map((f) => [f.ruleId, f.severity, f.start, f.message]),
      [
        [
          'parse-error',
          'info',
          sql.indexOf('(') + 9_996,
          'Neon Auth rules that need a parsed statement were not checked on this one: the parser rejected it (memory exhausted at or near "(").',
        ],
        [
          'prefer-left-join',
          'warning',
          sql.indexOf('JOIN'),
          'Inner join to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN.',
        ],
        [
          'require-deleted-at-filter',
          'warning',
          sql.indexOf('neon_auth.users_sync u'),
          'Query reads neon_auth.users_sync without filtering soft-deleted users; add u.deleted_at IS NULL.',
        ],
      ],
    );
    // Below Postgres' limit the Postgres grammar parses it, and the rules check it.
    assert.deepEqual(
      lint(deep(5_000)).findings.map((f) => f.ruleId),
      ['require-deleted-at-filter', 'prefer-left-join', 'require-deleted-at-filter'],
    );
  });

  test("a statement neither parser accepts gets exactly one parse-error information finding, with Postgres' message and position", () => {
    const sql = `SELECT 'é😀', u.id FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL AND AND u.email = 'x';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`;
    const r = lint(sql);
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.severity, f.start, f.end]),
      [['parse-error', 'info', sql.indexOf('AND AND') + 4, sql.indexOf('AND AND') + 7]],
    );
    assert.match(r.findings[0].message, /syntax error at or near "AND"/);
    assert.equal(r.rejected.length, 1);
    assert.equal(r.rejected[0].errorOffset, sql.indexOf('AND AND') + 4);
  });

  test('positions after non-ASCII text are UTF-16 offsets (Postgres counts UTF-8 bytes)', () => {
    const sql = `DELETE FROM todos t /* Zoë 😀 */ USING neon_auth.users_sync u WHERE t.user_id = u.id AND u.email = '😀'`;
    const ast = postgresAst(sql);
    assert.ok(ast);
    assert.equal(ast.using[0].name._location.start, sql.indexOf('neon_auth'));
    assert.equal(ast.where._location.start, sql.indexOf('t.user_id'));
    assert.equal(ast.where.right.right._location.start, sql.indexOf(`'😀'`));
    const [f] = lint(sql).findings.filter((x) => x.ruleId === 'require-deleted-at-filter');
    assert.equal(sql.slice(f.start, f.end), 'neon_auth.users_sync u');
    assert.equal(applyEdits(sql, f.fixes[0].edits), `${sql} AND u.deleted_at IS NULL`);
    // Postgres' error cursor counts characters: a character outside the BMP is two UTF-16 units.
    const bad = `SELECT '😀😀' FROM neon_auth.users_sync WHERE WHERE`;
    assert.deepEqual(parsePostgres(bad), { ok: false, message: 'syntax error at or near "WHERE"', errorAt: bad.lastIndexOf('WHERE') });
  });

  test('NATURAL JOIN to users_sync is fixed to NATURAL LEFT JOIN', () => {
    const sql = `SELECT p.title FROM posts p NATURAL JOIN neon_auth.users_sync u WHERE u.deleted_at IS NULL`;
    const [f] = lint(sql).findings.filter((x) => x.ruleId === 'prefer-left-join');
    assert.equal(sql.slice(f.start, f.end), 'JOIN');
    assert.equal(applyEdits(sql, f.fixes[0].edits), `SELECT p.title FROM posts p NATURAL LEFT JOIN neon_auth.users_sync u WHERE u.deleted_at IS NULL`);
  });

  test('a multiple-column SET assigns each value of its row (also ROW(…)) to its column; a sub-SELECT source is read once and assigned to no column', () => {
    const table = 'CREATE TABLE docs (id serial PRIMARY KEY, owner_id uuid, author text);\n';
    /** match-auth-uid-type's findings on `stmt` after the table: message id and the covered text's offset in `stmt`. */
    const found = (stmt: string): Array<[string | undefined, number]> =>
      lint(table + stmt)
        .findings.filter((f) => f.ruleId === 'match-auth-uid-type')
        .map((f) => [f.messageId, f.start - table.length]);
    const row = `UPDATE docs SET (author, owner_id) = ROW(auth.user_id(), auth.user_id()) WHERE id = 1`;
    assert.equal(pgsqlAstParserAccepts(row), false);
    assert.deepEqual(found(row), [['assignOtherHelper', row.lastIndexOf('auth.user_id()')]]);
    const one = `UPDATE docs SET (owner_id) = ROW(auth.user_id())`;
    assert.deepEqual(found(one), [['assignOtherHelper', one.indexOf('auth.user_id()')]]);
    // A sub-SELECT's values are not assigned here (it stays silent), but a comparison inside it is read, once.
    const sub = `UPDATE docs d SET (owner_id, author) = (SELECT x.owner_id, auth.user_id() FROM docs x WHERE x.owner_id = auth.user_id()) WHERE d.id = 1`;
    assert.equal(pgsqlAstParserAccepts(sub), false);
    assert.deepEqual(found(sub), [['useOtherHelper', sub.lastIndexOf('auth.user_id()')]]);
    const ast = postgresAst(sub);
    assert.equal(ast?.sets.length, 2);
    assert.deepEqual(ast?.sets[1].value, { children: [] });
  });

  test('tells an explicit ON DELETE NO ACTION from no ON DELETE clause (Postgres reports NO ACTION for both)', () => {
    const fk = (sql: string): unknown => postgresAst(sql)?.columns[0].constraints[0].onDelete;
    assert.equal(fk('CREATE TABLE t (a text REFERENCES neon_auth.users_sync ON DELETE NO ACTION) PARTITION BY HASH (a)'), 'no action');
    assert.equal(fk('CREATE TABLE t (a text REFERENCES neon_auth.users_sync ON UPDATE NO ACTION) PARTITION BY HASH (a)'), undefined);
    assert.equal(
      fk('CREATE TABLE t (a text REFERENCES neon_auth.users_sync (id) MATCH FULL ON DELETE SET NULL (a) DEFERRABLE) PARTITION BY HASH (a)'),
      'set null',
    );
  });

  test("flattens Postgres' join trees into pgsql-ast-parser's FROM list, in text order", () => {
    const sql = `SELECT 1 FROM posts p LEFT JOIN (comments c JOIN neon_auth.users_sync u ON u.id = c.author_id) ON c.post_id = p.id, todos t`;
    const from = postgresAst(sql)?.from;
    assert.deepEqual(
      from.map((it: { name: { name: string }; join?: { type: string; on?: { _location: { start: number } } } }) => [
        it.name.name,
        it.join?.type,
        it.join?.on && it.join.on._location.start,
      ]),
      [
        ['posts', undefined, undefined],
        ['comments', 'LEFT JOIN', sql.indexOf('c.post_id')],
        ['users_sync', 'INNER JOIN', sql.indexOf('u.id =')],
        ['todos', undefined, undefined],
      ],
    );
  });
});
