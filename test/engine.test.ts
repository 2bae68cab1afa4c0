import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEdits,
  DocumentLinter,
  bulkFixable,
  judgeBulkFix,
  leftSuggestion,
  completionContextAt,
  disableRuleEdit,
  fixAll,
  fixAllPasses,
  getRule,
  hoverAt,
  LineIndex,
  lint,
  LintOptions,
  preferredFixEdits,
  rules,
  suppressionCompletionAt,
  typedWordStart,
} from '../server/src/linter';
import { SEARCH_PATH_TRANSACTIONS } from './historyCases';
import { tokenize } from '../server/src/linter/lexer';
import { splitStatements } from '../server/src/linter/statements';
import { routineBodyStatements } from '../server/src/linter/bodies';
import { MAX_FALLBACK_NESTING } from '../server/src/linter/parse';

const statementTexts = (sql: string): string[] => splitStatements(tokenize(sql)).map((s) => sql.slice(s.start, s.end));

describe('lexer and statement splitter', () => {
  test('tokens cover every code unit of the text, in order', () => {
    const sql = `SELECT E'a\\'b', $$x;y$$, $t$ $$ ; $t$, "q""d", :v, :'s', $1 /* a /* b */ c */ -- d\n\\i x.sql\nx::text`;
    const tokens = tokenize(sql);
    let pos = 0;
    for (const t of tokens) {
      assert.equal(t.start, pos);
      assert.ok(t.end > t.start);
      pos = t.end;
    }
    assert.equal(pos, sql.length);
    assert.deepEqual(
      tokens.filter((t) => t.kind !== 'whitespace').map((t) => t.kind),
      [
        'word',
        'string',
        'punct',
        'dollarString',
        'punct',
        'dollarString',
        'punct',
        'quotedIdent',
        'punct',
        'psqlVar',
        'punct',
        'psqlVar',
        'punct',
        'param',
        'blockComment',
        'lineComment',
        'psqlMeta',
        'word',
        'operator',
        'word',
      ],
    );
  });

  test('splits on semicolons outside strings, comments, dollar bodies and quoted identifiers', () => {
    const sql = `SELECT ';' AS a; -- ; not here
SELECT "x;y" FROM t /* ; nor /* nested ; */ here */;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; SELECT 2; $body$;
SELECT E'\\';' AS esc`;
    assert.deepEqual(statementTexts(sql), [
      `SELECT ';' AS a`,
      `SELECT "x;y" FROM t`, // a statement ends at its last significant token: the trailing comment is trivia
      `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; SELECT 2; $body$`,
      `SELECT E'\\';' AS esc`,
    ]);
  });

  test('never splits on blank lines, and psql meta-command lines belong to no statement', () => {
    const sql = `SELECT *\n\nFROM t\n\n\nWHERE a = 1;\n\\set ON_ERROR_STOP on\nSELECT 2`;
    assert.deepEqual(statementTexts(sql), ['SELECT *\n\nFROM t\n\n\nWHERE a = 1', 'SELECT 2']);
  });

  test('skips COPY … FROM stdin data through its \\. line, and ends a statement at a trailing \\g', () => {
    const sql = `COPY public.todos (id, task) FROM stdin;\n1\tit's done\n2\tJOIN neon_auth.users_sync\n\\.\n\nSELECT 1 \\gx\nSELECT 2;`;
    assert.deepEqual(statementTexts(sql), ['COPY public.todos (id, task) FROM stdin', 'SELECT 1', 'SELECT 2']);
    assert.deepEqual(
      tokenize(sql)
        .filter((t) => t.kind === 'copyData' || t.kind === 'psqlMeta')
        .map((t) => [t.kind, sql.slice(t.start, t.end)]),
      [
        ['copyData', "1\tit's done\n2\tJOIN neon_auth.users_sync\n\\.\n"],
        ['psqlMeta', '\\gx'],
      ],
    );
  });

  test("psql's \\copy … from stdin: the lines after it through \\. are data, not SQL (also FROM STDIN, CRLF, a quoted name, a column list, options)", () => {
    const sql = `\\copy posts from stdin\n1\tJOIN neon_auth.users_sync u\nnot sql; at all\n\\.\nSELECT 1;\n\\copy public."My ""T"""(a, b)FROM STDIN WITH (FORMAT csv);\r\n2,x\r\n\\.\r\nSELECT 2;`;
    assert.deepEqual(statementTexts(sql), ['SELECT 1', 'SELECT 2']);
    assert.deepEqual(
      tokenize(sql)
        .filter((t) => t.kind === 'copyData' || t.kind === 'psqlMeta')
        .map((t) => [t.kind, sql.slice(t.start, t.end)]),
      [
        ['psqlMeta', '\\copy posts from stdin'],
        ['copyData', '1\tJOIN neon_auth.users_sync u\nnot sql; at all\n\\.\n'],
        ['psqlMeta', '\\copy public."My ""T"""(a, b)FROM STDIN WITH (FORMAT csv);'],
        ['copyData', '2,x\r\n\\.\r\n'],
      ],
    );
  });

  test("psql's \\copy from pstdin, a file, a program or to stdout has no data in the script (nor \\COPY, which psql rejects)", () => {
    for (const meta of [
      '\\copy posts from pstdin',
      "\\copy posts from '/tmp/posts.csv'",
      "\\copy posts from program 'cat x'",
      '\\copy (SELECT 1) to stdout',
      '\\copy posts to stdout',
      '\\COPY posts from stdin',
      '\\copy posts from stdin_x',
    ]) {
      const sql = `${meta}\nSELECT 1;\n\\.\n`;
      assert.deepEqual(statementTexts(sql), ['SELECT 1'], meta);
      assert.ok(!tokenize(sql).some((t) => t.kind === 'copyData'), meta);
    }
  });

  test('\\copy … from stdin data is neither linted nor fixed: no finding or fix in a data row, no parse-error for non-SQL rows', () => {
    const query = 'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL';
    const data = `\\copy posts (id, title) from stdin\n1\t${query}\n2\tnot sql at all, users_sync\n\\.\n`;
    const sql = `${data}${query};\n`;
    const r = lint(sql);
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.start, f.end]),
      [['prefer-left-join', data.length + query.indexOf('JOIN'), data.length + query.indexOf('JOIN') + 4]],
    );
    assert.equal(r.statements, 1);
    assert.equal(fixAll(sql).text, `${data}${query.replace(' JOIN', ' LEFT JOIN')};\n`);
  });

  test('a -- comment ends at a lone carriage return', () => {
    assert.deepEqual(statementTexts('-- note\rSELECT 1;'), ['SELECT 1']);
  });

  test('keeps a BEGIN ATOMIC routine body with inner semicolons as one statement', () => {
    const sql = `CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; SELECT 3`;
    assert.deepEqual(statementTexts(sql), [
      `CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END`,
      'SELECT 3',
    ]);
  });

  test('an unterminated string that swallows a Neon Auth query gets a parse-error information at its start (silence hid the rest of the file)', () => {
    const text = "SELECT 'x;\nSELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\n";
    assert.deepEqual(
      lint(text).findings.map((f) => [f.ruleId, f.severity, f.start, f.message]),
      [
        [
          'parse-error',
          'info',
          text.indexOf("'x"),
          'Neon Auth rules that need a parsed statement were not checked on this one: the parser rejected it (unterminated quoted string: the rest of the text is inside it, so nothing after it was checked).',
        ],
      ],
    );
    // one that swallows nothing of Neon Auth stays quiet, as every statement that names none
    assert.deepEqual(lint("SELECT 'x;\nSELECT 1 FROM posts;\n").findings, []);
  });

  test('an unterminated string runs to the end without throwing', () => {
    const tokens = tokenize(`SELECT 'abc`);
    assert.equal(tokens[tokens.length - 1].kind, 'string');
    assert.equal(tokens[tokens.length - 1].unterminated, true);
  });
});

describe('engine', () => {
  test('a statement the parser rejects gets one info finding and does not hide the next statement', () => {
    const sql = `SELECT u.id FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL AND AND u.email = 'x';
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`;
    const r = lint(sql);
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.severity, sql.slice(f.start, f.end)]),
      [
        ['parse-error', 'info', 'AND'],
        ['prefer-left-join', 'warning', 'JOIN'],
      ],
    );
    assert.equal(r.rejected.length, 1);
    assert.equal(r.statements, 2);
  });

  test('a byte order mark opening the text is whitespace: the first statement is checked and its fixes land after the mark', () => {
    const sql = '\uFEFFSELECT id FROM neon_auth.users_sync;\nSELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;';
    const r = lint(sql);
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.start, f.end]),
      [
        ['require-deleted-at-filter', 16, 36],
        ['prefer-left-join', 63, 67],
        ['require-deleted-at-filter', 68, 90],
      ],
    );
    assert.deepEqual(r.rejected, []);
    assert.equal(fixAll(sql, {}, true).text.slice(0, 1), '\uFEFF');
    // only at the text's start: elsewhere it is not whitespace to Postgres either
    assert.deepEqual(
      tokenize('x\uFEFF').map((t) => t.kind),
      ['word'],
    );
  });

  test('without the Postgres grammar, parentheses nested deeper than MAX_FALLBACK_NESTING are not given to pgsql-ast-parser (about a millisecond a level)', () => {
    const deep = (n: number): string =>
      `SELECT ${'('.repeat(n)}1${')'.repeat(n)} FROM neon_auth.users_sync;\nSELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;`;
    const sql = deep(MAX_FALLBACK_NESTING + 1);
    assert.deepEqual(
      lint(sql).findings.map((f) => [f.ruleId, f.severity, f.start, f.message]),
      [
        [
          'parse-error',
          'info',
          0,
          `Neon Auth rules that need a parsed statement were not checked on this one: the parser rejected it (parentheses nested ${MAX_FALLBACK_NESTING + 1} levels deep; not parsed).`,
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
    assert.deepEqual(
      lint(deep(MAX_FALLBACK_NESTING)).findings.map((f) => f.ruleId),
      ['require-deleted-at-filter', 'prefer-left-join', 'require-deleted-at-filter'],
    );
  });

  test("table lookups follow the file's search_path: SET LOCAL lasts to COMMIT, RESET goes back to public, a path from an expression is not guessed", () => {
    const key = 'ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;';
    const head = 'CREATE TABLE notes (owner_id text);\nCREATE TABLE billing.notes (owner_id uuid);\n';
    const typeErrors = (sql: string): string[] =>
      lint(sql)
        .findings.filter((f) => f.ruleId === 'match-user-id-type')
        .map((f) => `${sql.slice(0, f.start).split('\n').length}:${sql.slice(f.start, f.end)}`);
    // billing.notes (line 2) is the one altered while the path starts with billing
    assert.deepEqual(typeErrors(`${head}BEGIN;\nSET LOCAL search_path TO billing;\n${key}\nCOMMIT;\n${key}`), ['2:uuid']);
    assert.deepEqual(typeErrors(`${head}SET search_path = billing;\nRESET search_path;\n${key}`), []);
    assert.deepEqual(typeErrors(`${head}SELECT set_config('search_path', 'billing', false);\n${key}`), ['2:uuid']);
    assert.deepEqual(typeErrors(`${head}SELECT set_config('search_path', current_setting('app.path'), false);\n${key}`), []);
    // a SET inside a routine body changes the path only when the routine runs
    assert.deepEqual(typeErrors(`${head}CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN SET search_path TO billing; END $$;\n${key}`), []);
  });

  test('table lookups follow transactions: a SET is undone by ROLLBACK, ABORT and ROLLBACK TO an earlier savepoint, kept by COMMIT and RELEASE', () => {
    const key = 'ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;';
    const head = 'CREATE SCHEMA txapp;\nCREATE TABLE notes (owner_id text);\nCREATE TABLE txapp.notes (owner_id uuid);\n';
    for (const { text, schema } of SEARCH_PATH_TRANSACTIONS) {
      const sql = `${head}${text.replace('{stmt}', key)}`;
      const found = lint(sql)
        .findings.filter((f) => f.ruleId === 'match-user-id-type')
        .map((f) => `${sql.slice(0, f.start).split('\n').length}:${sql.slice(f.start, f.end)}`);
      // txapp.notes (line 3) is the one altered while the path starts with txapp
      assert.deepEqual(found, schema === 'txapp' ? ['3:uuid'] : [], text);
    }
  });

  test('an unqualified Neon Auth table name is the Neon Auth table where the search path in effect resolves it to neon_auth, and only there', () => {
    const query = 'SELECT id, email FROM users_sync;';
    /** Each finding as `line:rule:covered text`. */
    const found = (sql: string, options: LintOptions = {}): string[] =>
      lint(sql, options).findings.map((f) => `${sql.slice(0, f.start).split('\n').length}:${f.ruleId}:${sql.slice(f.start, f.end)}`);
    assert.deepEqual(found(`SET search_path TO neon_auth, public;\n${query}`), ['2:require-deleted-at-filter:users_sync']);
    // Postgres' default path ("$user", public), RESET, a path without neon_auth: not the Neon Auth table
    assert.deepEqual(found(query), []);
    assert.deepEqual(found(`SET search_path TO neon_auth;\nRESET search_path;\n${query}`), []);
    assert.deepEqual(found(`SET search_path TO app, public;\n${query}`), []);
    // pg_catalog (implicitly first) has no such table; "$user" first may be a schema holding the app's own
    assert.deepEqual(found(`SET search_path TO pg_catalog, neon_auth;\n${query}`), ['2:require-deleted-at-filter:users_sync']);
    assert.deepEqual(found(`SET search_path TO "$user", neon_auth;\n${query}`), []);
    assert.deepEqual(found(`SET search_path TO neon_auth, "$user";\n${query}`), ['2:require-deleted-at-filter:users_sync']);
    // set_config with a literal is read; from an expression the path is not guessed
    assert.deepEqual(found(`SELECT set_config('search_path', 'neon_auth, public', false);\n${query}`), ['2:require-deleted-at-filter:users_sync']);
    assert.deepEqual(found(`SELECT set_config('search_path', current_setting('app.path'), false);\n${query}`), []);
    // the file's own table of that name in a schema searched before neon_auth (created before or after the query), or a temporary one
    assert.deepEqual(found(`SET search_path TO public, neon_auth;\n${query}\nCREATE TABLE users_sync (id text, email text);`), []);
    assert.deepEqual(found(`SET search_path TO app, neon_auth;\nCREATE TABLE app.users_sync (id text, email text);\n${query}`), []);
    assert.deepEqual(found(`SET search_path TO neon_auth, public;\nCREATE TEMP TABLE users_sync (id text, email text);\n${query}`), []);
    // an unqualified CREATE TABLE with neon_auth first would make it there: Neon's table (Postgres: 42P07, it exists)
    assert.deepEqual(found(`SET search_path TO neon_auth, public;\nCREATE TABLE users_sync (id text, email text);`), ['2:no-auth-table-writes:users_sync']);
    // ...and a table of the file's in a schema after neon_auth is not the one queried
    assert.deepEqual(found(`SET search_path TO neon_auth, public;\nCREATE TABLE public.users_sync (id text, email text);\n${query}`), [
      '3:require-deleted-at-filter:users_sync',
    ]);
    // an earlier migration's table in a schema before neon_auth (the set's folded tables)
    const prior = { key: 'p', tables: new Map([['public.users_sync', { schema: 'public', name: 'users_sync', columns: [], primaryKey: [] }]]) };
    assert.deepEqual(found(`SET search_path TO public, neon_auth;\n${query}`, { priorSchema: prior } as LintOptions), []);
    // a key to an unqualified "user" under the default path is the app's own table's: no SET NULL conflict (a key to
    // Neon Auth's under a path that includes neon_auth is a rule case of no-set-null-on-not-null)
    const appKey = `CREATE TABLE "user" (id uuid PRIMARY KEY);
CREATE TABLE b6 (id serial PRIMARY KEY, user_id uuid REFERENCES "user"(id) ON DELETE SET NULL);
ALTER TABLE b6 ALTER COLUMN user_id SET NOT NULL;`;
    assert.deepEqual(found(appKey), []);
    // a CTE of that name is what the name means in its statement
    assert.deepEqual(found(`SET search_path TO neon_auth;\nWITH users_sync AS (SELECT 'u' AS id, 'e' AS email) SELECT id, email FROM users_sync;`), []);
    // the early-access schema: messages name it
    const identity = lint(`SET search_path TO neon_identity;\n${query}`).findings;
    assert.deepEqual(
      identity.map((f) => f.message),
      ['Query reads neon_identity.users_sync without filtering soft-deleted users; add users_sync.deleted_at IS NULL.'],
    );
    // a routine body runs with its caller's path (or its own SET clause), not the file's at its definition
    assert.deepEqual(
      found(`SET search_path TO neon_auth;\nCREATE FUNCTION emails() RETURNS SETOF text LANGUAGE sql AS $$ SELECT email FROM users_sync $$;`),
      [],
    );
    // unquoted user is the USER keyword (current_user), never the table
    assert.deepEqual(found(`SET search_path TO neon_auth;\nSELECT user, nme FROM "user";\nSELECT nme FROM "user";`, { authSchema: 'current' }).length, 2);
    assert.deepEqual(found(`SET search_path TO neon_auth;\nSELECT user;`), []);
  });

  test('the search path of an unqualified Neon Auth table name follows transactions and savepoints', () => {
    const stmt = 'SELECT id, email FROM users_sync;';
    for (const { text, schema } of SEARCH_PATH_TRANSACTIONS) {
      const sql = text.replace(/txapp/g, 'neon_auth').replace('{stmt}', stmt);
      const found = lint(sql).findings.map((f) => f.ruleId);
      assert.deepEqual(found, schema === 'txapp' ? ['require-deleted-at-filter'] : [], sql);
    }
    // SET LOCAL ends with the transaction, also when it is rolled back
    const local = `BEGIN;\nSET LOCAL search_path TO neon_auth, public;\n${stmt}\nROLLBACK;\n${stmt}`;
    assert.deepEqual(
      lint(local).findings.map((f) => `${local.slice(0, f.start).split('\n').length}:${f.ruleId}`),
      ['3:require-deleted-at-filter'],
    );
  });

  test('a statement naming an unqualified "user" is parsed only where the search path can make it neon_auth."user"', () => {
    const sql = 'SELECT nme FROM "user";\nSELECT "user".id FROM "user";';
    assert.equal(lint(sql).parsed, 0);
    assert.equal(lint(`SET search_path TO app;\n${sql}`).parsed, 0);
    const r = lint(`SET search_path TO neon_auth;\n${sql}`);
    // (the SET too: it names neon_auth)
    assert.equal(r.parsed, 3);
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.message.slice(0, 39)]),
      [['no-unknown-auth-column', 'neon_auth."user" has no column nme; its']],
    );
  });

  test('SQL in TypeScript: a search_path set by one template does not carry to another (each is sent on its own)', () => {
    const ts = (query: string): string =>
      `import { neon } from '@neondatabase/serverless';\nconst sql = neon(process.env.DATABASE_URL!);\nawait sql\`SET search_path TO neon_auth, public\`;\nexport const rows = await sql\`${query}\`;\n`;
    assert.deepEqual(lint(ts('SELECT id, email FROM users_sync'), { language: 'typescript' }).findings, []);
    // (the same query qualified is checked)
    assert.deepEqual(
      lint(ts('SELECT id, email FROM neon_auth.users_sync'), { language: 'typescript' }).findings.map((f) => f.ruleId),
      ['require-deleted-at-filter'],
    );
  });

  test('table lookups follow transactions for DDL too: what a ROLLBACK of a BEGIN of the file, or ROLLBACK TO SAVEPOINT, undoes is not taken as done; a ROLLBACK with no BEGIN undoes nothing', () => {
    // (without the Postgres grammar, pgsql-ast-parser reports ROLLBACK, SAVEPOINT… as parse errors)
    const found = (sql: string): string[] =>
      lint(sql)
        .findings.filter((f) => f.ruleId !== 'parse-error')
        .map((f) => `${f.ruleId}:${f.messageId}:${sql.slice(0, f.start).split('\n').length}`);
    const setNull = 'ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;';
    const notNull = 'CREATE TABLE notes (owner_id text);\nBEGIN;\nALTER TABLE notes ALTER COLUMN owner_id SET NOT NULL;\n';
    assert.deepEqual(found(`${notNull}ROLLBACK;\n${setNull}`), []);
    assert.deepEqual(found(`${notNull}ABORT;\n${setNull}`), []);
    assert.deepEqual(found(`${notNull}COMMIT;\n${setNull}`), ['no-set-null-on-not-null:setNullOnNotNull:5']);
    // before the ROLLBACK, inside the transaction, the column is NOT NULL; a key made there is undone with it (never exists)
    assert.deepEqual(found(`${notNull}${setNull}\nCOMMIT;`), ['no-set-null-on-not-null:setNullOnNotNull:4']);
    assert.deepEqual(found(`${notNull}${setNull}\nROLLBACK;`), []);
    // the migration tool's own transaction is not judged
    assert.deepEqual(found(`CREATE TABLE notes (owner_id text);\nALTER TABLE notes ALTER COLUMN owner_id SET NOT NULL;\nROLLBACK;\n${setNull}`), [
      'no-set-null-on-not-null:setNullOnNotNull:4',
    ]);
    // ROLLBACK TO SAVEPOINT undoes what came after the savepoint only
    const retyped = 'BEGIN;\nCREATE TABLE notes (owner_id text);\nSAVEPOINT s;\nALTER TABLE notes ALTER COLUMN owner_id TYPE uuid USING owner_id::uuid;\n';
    const cascade = 'ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;';
    assert.deepEqual(found(`${retyped}ROLLBACK TO SAVEPOINT s;\n${cascade}\nCOMMIT;`), []);
    assert.deepEqual(found(`${retyped}RELEASE SAVEPOINT s;\n${cascade}\nCOMMIT;`), ['match-user-id-type:wrongTypeReviewUses:4']);
    // a rolled-back CREATE TABLE: the table is not there (no definition to judge a key by)
    assert.deepEqual(
      found(`BEGIN;\nCREATE TABLE notes (owner_id text NOT NULL);\nROLLBACK;\nCREATE TABLE IF NOT EXISTS notes (owner_id text);\n${setNull}`),
      [],
    );
    // a later DROP CONSTRAINT that is rolled back leaves the key: still reported
    const keyed =
      'CREATE TABLE notes (owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);\nBEGIN;\nALTER TABLE notes DROP CONSTRAINT notes_owner_id_fkey;\n';
    assert.deepEqual(found(`${keyed}ROLLBACK;`), ['no-set-null-on-not-null:setNullOnNotNull:1']);
    assert.deepEqual(found(`${keyed}COMMIT;`), []);
  });

  test('statements that name no Neon Auth table are not parsed', () => {
    const r = lint(`SELECT 1; SELECT * FROM posts; SELECT email FROM neon_auth.users_sync WHERE deleted_at IS NULL;`);
    assert.equal(r.statements, 3);
    assert.equal(r.parsed, 1);
    assert.deepEqual(r.findings, []);
  });

  test('rule settings change severities and turn rules off; parse errors can be hidden', () => {
    const sql = `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;`;
    assert.deepEqual(
      lint(sql).findings.map((f) => [f.ruleId, f.severity]),
      [
        ['prefer-left-join', 'warning'],
        ['require-deleted-at-filter', 'warning'],
      ],
    );
    assert.deepEqual(
      lint(sql, { rules: { 'prefer-left-join': 'error', 'require-deleted-at-filter': 'off' } }).findings.map((f) => [f.ruleId, f.severity]),
      [['prefer-left-join', 'error']],
    );
    assert.deepEqual(lint(`SELECT FROM neon_auth.users_sync WHERE (`, { reportParseErrors: false }).findings, []);
    assert.deepEqual(lint(`SELECT FROM neon_auth.users_sync WHERE (`, { rules: { 'parse-error': 'off' } }).findings, []);
    assert.deepEqual(
      lint(`SELECT FROM neon_auth.users_sync WHERE (`, { rules: { 'parse-error': 'warning' } }).findings.map((f) => [f.ruleId, f.severity]),
      [['parse-error', 'warning']],
    );
  });

  test('fixAll applies every preferred fix in passes until none is left, and is idempotent', () => {
    const sql = `SELECT p.title, u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;
CREATE TABLE todos (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id));`;
    const once = fixAll(sql);
    assert.equal(
      once.text,
      `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
CREATE TABLE todos (id serial PRIMARY KEY, user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);`,
    );
    assert.equal(once.applied, 3);
    assert.deepEqual(once.result.findings, []);
    const twice = fixAll(once.text);
    assert.equal(twice.text, once.text);
    assert.equal(twice.applied, 0);
  });

  test('fixAll defers a fix that inserts where another fix deletes: "Add … to WHERE" stays in the WHERE after the comma join becomes a LEFT JOIN (issue 17)', () => {
    const sql = `SELECT p.title, u.name FROM posts p, neon_auth.users_sync u WHERE u.id = p.author_id;`;
    const fixed = fixAll(sql);
    assert.equal(fixed.text, `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`);
    assert.equal(fixed.applied, 2);
    assert.deepEqual(fixed.result.findings, []);
    // One pass takes only the first of the two: its deletion ends where the other inserts.
    const { edits, count } = preferredFixEdits(lint(sql).findings);
    assert.equal(count, 1);
    assert.equal(applyEdits(sql, edits), `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id;`);
  });

  test('CREATE SCHEMA AUTHORIZATION neon_auth creates the schema named after the role: reported, IF NOT EXISTS written before AUTHORIZATION', () => {
    const sql = 'create schema authorization neon_auth;';
    const f = lint(sql).findings.find((x) => x.ruleId === 'no-auth-table-writes')!;
    assert.deepEqual([f.ruleId, f.messageId, sql.slice(f.start, f.end)], ['no-auth-table-writes', 'createAuthSchema', 'neon_auth']);
    assert.equal(applyEdits(sql, f.fixes[0].edits), 'create schema if not exists authorization neon_auth;');
    assert.deepEqual(
      lint('CREATE SCHEMA IF NOT EXISTS AUTHORIZATION neon_auth;').findings.filter((x) => x.ruleId === 'no-auth-table-writes'),
      [],
    );
  });

  test('fixAll with onlySafe applies nothing when no fix is safe', () => {
    const sql = `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`;
    assert.equal(fixAll(sql, {}, true).text, sql);
  });

  test('applyEdits applies edits in any order and rejects overlapping edits', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 5, newText: 'X' },
        { start: 0, end: 1, newText: 'YY' },
        { start: 6, end: 6, newText: '!' },
      ]),
      'YYbcdXf!',
    );
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { start: 0, end: 3, newText: '' },
          { start: 2, end: 4, newText: '' },
        ]),
      RangeError,
    );
    assert.throws(() => applyEdits('abc', [{ start: 2, end: 9, newText: '' }]), RangeError);
  });

  test('a text over maxFileSize or with NUL characters is not checked: one info finding says why', () => {
    const sql = 'SELECT email FROM neon_auth.users_sync;';
    assert.deepEqual(
      lint(sql, { maxFileSize: 10 }).findings.map((f) => [f.ruleId, f.severity, f.start, f.end]),
      [['file-skipped', 'info', 0, 0]],
    );
    assert.equal(lint(sql, { maxFileSize: 10 }).statements, 0);
    assert.deepEqual(
      lint(`${sql}\u0000`).findings.map((f) => f.ruleId),
      ['file-skipped'],
    );
    assert.deepEqual(
      lint(sql, { maxFileSize: sql.length }).findings.map((f) => f.ruleId),
      ['require-deleted-at-filter'],
    );
  });

  test('never throws on arbitrary text', () => {
    for (const sql of [
      '',
      ';;;',
      `'`,
      '$$',
      '/*',
      '"',
      'SELECT * FROM neon_auth.users_sync u JOIN',
      '\u0000\uD800 neon_auth.users_sync',
      'REFERENCES neon_auth.users_sync(',
    ]) {
      assert.doesNotThrow(() => lint(sql));
      assert.doesNotThrow(() => fixAll(sql));
    }
  });
});

describe('positions', () => {
  test('LineIndex converts offsets with CRLF, lone CR and surrogate pairs (UTF-16 characters)', () => {
    const text = 'a\r\nb😀c\rd\ne';
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(text.indexOf('b')), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf('c')), { line: 1, character: 3 });
    assert.deepEqual(index.positionAt(text.indexOf('d')), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(text.length), { line: 3, character: 1 });
    assert.equal(index.offsetAt({ line: 1, character: 3 }), text.indexOf('c'));
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 1);
    assert.equal(index.offsetAt({ line: 9, character: 0 }), text.length);
  });
});

describe('hover and completion context', () => {
  const sql = `SELECT u.deleted_at FROM posts p LEFT JOIN neon_auth.users_sync AS u ON u.id = p.author_id;
CREATE TABLE t (owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE SET NULL);`;

  test('hover on users_sync describes the table, its TEXT id and soft delete', () => {
    const h = hoverAt(sql, sql.indexOf('users_sync') + 2);
    assert.ok(h);
    assert.equal(sql.slice(h.start, h.end), 'neon_auth.users_sync');
    assert.match(h.markdown, /\*\*TEXT\*\*/);
    assert.match(h.markdown, /soft-deleted/);
    // every column on one line, no table (a table with an empty header cell overflowed VS Code's hover box)
    assert.ok(!h.markdown.includes('|'), h.markdown);
    assert.match(
      h.markdown,
      /\n\*\*Columns\*\*: `raw_json` jsonb NOT NULL · `id` text NOT NULL \(generated\) · `name` text \(generated\) · `email` text \(generated\) · `created_at` timestamptz \(generated\) · `updated_at` timestamptz · `deleted_at` timestamptz\n/,
    );
  });

  test('hover on an aliased column gives its type and nullability', () => {
    const h = hoverAt(sql, sql.indexOf('deleted_at') + 1);
    assert.ok(h);
    assert.equal(sql.slice(h.start, h.end), 'deleted_at');
    assert.match(h.markdown, /^\*\*neon_auth\.users_sync\.deleted_at\*\*: `timestamp with time zone`, nullable/);
  });

  test('hover on the current user table and on a referential action', () => {
    const t = hoverAt(sql, sql.indexOf('"user"') + 1);
    assert.ok(t);
    assert.equal(sql.slice(t.start, t.end), 'neon_auth."user"');
    assert.match(t.markdown, /\*\*uuid\*\*/);
    const a = hoverAt(sql, sql.indexOf('SET NULL') + 5);
    assert.ok(a);
    assert.equal(sql.slice(a.start, a.end), 'SET NULL');
    assert.match(a.markdown, /23502/);
    assert.equal(hoverAt(sql, sql.indexOf('posts') + 1), null);
  });

  test('hover on an unqualified users_sync or "user" (an alias, a column) follows the search path as the lint does (DocumentLinter.authSchemaAt)', () => {
    const text = `SET search_path TO neon_auth, public;
SELECT u.email FROM users_sync u;
SELECT "emailVerified" FROM "user";
SELECT user;
CREATE FUNCTION f() RETURNS SETOF text LANGUAGE sql AS $$ SELECT email FROM users_sync $$;
RESET search_path;
SELECT email FROM users_sync;`;
    const linter = new DocumentLinter();
    const hover = (needle: string, nth = 0): string | undefined => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
      const h = hoverAt(text, at + 1, undefined, undefined, linter.authSchemaAt(text, at + 1));
      return h ? `${text.slice(h.start, h.end)} ${h.markdown.split('\n')[0]}` : undefined;
    };
    assert.equal(hover('users_sync'), 'users_sync **neon_auth.users_sync** (legacy Neon Auth)');
    assert.equal(hover('email'), 'email **neon_auth.users_sync.email**: `text`, nullable, generated: cannot be written (SQLSTATE 428C9)');
    assert.equal(hover('"user"'), '"user" **neon_auth."user"** (current Neon Auth)');
    // the USER keyword, a routine body (its caller's path), after RESET: none
    assert.equal(hover('user;'), undefined);
    assert.equal(hover('users_sync', 1), undefined);
    assert.equal(hover('users_sync', 2), undefined);
    // a host file: its strings are sent on their own
    assert.equal(linter.authSchemaAt(text, 50, { language: 'typescript' }), undefined);
  });

  test('the lint of a routine body follows its own SET search_path clause (FROM CURRENT: the path where it is created), and without one nothing', () => {
    const text = `CREATE FUNCTION a() RETURNS SETOF text LANGUAGE sql SET search_path = neon_auth, public AS $$ SELECT email FROM users_sync $$;
CREATE FUNCTION b() RETURNS SETOF text LANGUAGE sql SET search_path = public AS $$ SELECT email FROM users_sync $$;
SET search_path TO neon_auth;
CREATE FUNCTION c() RETURNS SETOF text LANGUAGE sql SET search_path FROM CURRENT AS $$ SELECT email FROM users_sync $$;
CREATE FUNCTION d() RETURNS SETOF text LANGUAGE sql AS $$ SELECT email FROM users_sync $$;`;
    const linter = new DocumentLinter();
    // (pgsql-ast-parser alone rejects the first CREATE FUNCTION's SET clause: its parse-error aside)
    const lines = lint(text)
      .findings.filter((f) => f.ruleId !== 'parse-error')
      .map((f) => `${text.slice(0, f.start).split('\n').length}:${f.ruleId}`);
    assert.deepEqual(lines, ['1:require-deleted-at-filter', '4:require-deleted-at-filter']);
    assert.deepEqual(linter.lint(text), lint(text));
  });

  test('hover on an unqualified users_sync or "user" that a CTE of the statement binds: the CTE, not the Neon Auth table (as the lint reads it)', () => {
    const text = `SET search_path TO neon_auth, public;
WITH users_sync AS (SELECT 1 AS n) SELECT users_sync.n FROM users_sync;
WITH RECURSIVE "user"(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM "user" WHERE n < 3) SELECT n FROM "user";
WITH a AS (SELECT 1), users_sync AS MATERIALIZED (SELECT 2 AS n) SELECT n FROM users_sync;
WITH a AS (SELECT 1) SELECT email FROM users_sync;`;
    const linter = new DocumentLinter();
    const hover = (needle: string, nth: number): string | undefined => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
      const h = hoverAt(text, at + 1, undefined, undefined, linter.authSchemaAt(text, at + 1));
      return h ? `${text.slice(h.start, h.end)} ${h.markdown.split('\n')[0]}` : undefined;
    };
    for (let k = 0; k < 3; k++) assert.equal(hover('users_sync', k), undefined, `users_sync #${k}`);
    for (let k = 0; k < 3; k++) assert.equal(hover('"user"', k), undefined, `"user" #${k}`);
    assert.equal(hover('users_sync', 3), undefined);
    assert.equal(hover('users_sync', 4), undefined);
    // a WITH that binds another name: the table
    assert.equal(hover('users_sync', 5), 'users_sync **neon_auth.users_sync** (legacy Neon Auth)');
    // (the lint: only the table is reported; pgsql-ast-parser alone rejects the RECURSIVE column list and MATERIALIZED)
    assert.deepEqual(
      lint(text)
        .findings.filter((f) => f.ruleId !== 'parse-error')
        .map((f) => `${f.ruleId}:${text.slice(f.start, f.end)}`),
      ['require-deleted-at-filter:users_sync'],
    );
  });

  test('completion context after REFERENCES, in a column list and at statement start', () => {
    const refs = 'CREATE TABLE t (user_id TEXT REFERENCES ';
    assert.equal(completionContextAt(refs, refs.length), 'references');
    const cols = 'CREATE TABLE t (\n  id serial PRIMARY KEY,\n  ';
    assert.equal(completionContextAt(cols, cols.length), 'columnDefinition');
    const next = 'SELECT 1;\nsel';
    assert.equal(completionContextAt(next, next.length), 'statementStart');
    const inString = "SELECT 'REFERENCES ";
    assert.equal(completionContextAt(inString, inString.length), null);
    const mid = 'SELECT * FROM ';
    assert.equal(completionContextAt(mid, mid.length), null);
  });

  test('a snippet prefix typed with hyphens keeps its completion context (neon-, neon-fk, neon-fk-cascade)', () => {
    for (const typed of ['neon', 'neon-', 'neon-fk', 'neon-fk-cascade']) {
      const cols = `CREATE TABLE t (\n  id serial PRIMARY KEY,\n  ${typed}`;
      assert.equal(completionContextAt(cols, cols.length), 'columnDefinition', typed);
      const start = `SELECT 1;\n${typed}`;
      assert.equal(completionContextAt(start, start.length), 'statementStart', typed);
      assert.equal(typedWordStart(start, start.length), 'SELECT 1;\n'.length, typed);
    }
    // only the word being typed is ignored: an operator before a blank still ends a statement start
    const expr = 'SELECT 1 - ';
    assert.equal(completionContextAt(expr, expr.length), null);
  });
});

describe('suppression comments', () => {
  const JOIN_QUERY = 'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL';
  const found = (sql: string) => lint(sql).findings.map((f) => [f.ruleId, sql.slice(f.start, f.end)]);

  test('an own-line comment silences the named rules on the next statement only', () => {
    const sql = `-- neon-auth-ignore prefer-left-join: authors always exist here\n${JOIN_QUERY};\n${JOIN_QUERY};`;
    assert.deepEqual(
      lint(sql).findings.map((f) => [f.ruleId, f.start]),
      [['prefer-left-join', sql.lastIndexOf('JOIN neon_auth')]],
    );
  });

  test('a comment after code silences the rule on that line only', () => {
    const sql = `SELECT p.title FROM posts p\nJOIN neon_auth.users_sync u ON u.id = p.author_id /* neon-auth-ignore prefer-left-join */\nWHERE u.deleted_at IS NULL;`;
    assert.deepEqual(found(sql), []);
  });

  test('a file comment silences the rule everywhere, with several ids', () => {
    const sql = `-- neon-auth-ignore-file prefer-left-join, require-deleted-at-filter: legacy reports\nSELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\n${JOIN_QUERY};`;
    assert.deepEqual(found(sql), []);
  });

  test('unknown ids, missing ids and ids that silence nothing are reported as unused-ignore information', () => {
    const sql = `-- neon-auth-ignore prefer-left-join, no-such-rule\nSELECT 1;\n-- neon-auth-ignore\n${JOIN_QUERY};`;
    assert.deepEqual(
      lint(sql).findings.map((f) => [f.ruleId, f.severity, sql.slice(f.start, f.end)]),
      [
        ['unused-ignore', 'info', 'prefer-left-join'],
        ['unused-ignore', 'info', 'no-such-rule'],
        ['unused-ignore', 'info', '-- neon-auth-ignore'],
        ['prefer-left-join', 'warning', 'JOIN'],
      ],
    );
  });

  test('an id named twice in one comment is one id: each repeat is reported once, with a safe fix removing it and the separator before it (as Ruff reports a duplicated code)', () => {
    const repeat = (id: string) => `'${id}' is already named in this neon-auth-ignore comment: remove the repeat.`;
    const rows = (sql: string, options: LintOptions = {}) =>
      lint(sql, options).findings.map((f) => [f.ruleId, f.start, f.end, f.message, f.fixes.map((x) => [x.title, x.isPreferred, x.safe, x.edits])]);
    // unused: the first occurrence is reported as unused (once), each repeat as a repeat
    const unused = '-- neon-auth-ignore prefer-left-join, prefer-left-join,prefer-left-join\nSELECT 1;';
    assert.deepEqual(rows(unused), [
      ['unused-ignore', 20, 36, "'prefer-left-join' is ignored here but reports nothing on the next statement: remove it.", []],
      ['unused-ignore', 38, 54, repeat('prefer-left-join'), [["Remove the repeated 'prefer-left-join'", true, true, [{ start: 36, end: 54, newText: '' }]]]],
      ['unused-ignore', 55, 71, repeat('prefer-left-join'), [["Remove the repeated 'prefer-left-join'", true, true, [{ start: 54, end: 71, newText: '' }]]]],
    ]);
    assert.equal(fixAll(unused, {}, true).text, '-- neon-auth-ignore prefer-left-join\nSELECT 1;');
    // used: it silences the query's finding; only the repeat is reported, and its removal keeps the reason
    const used = `-- neon-auth-ignore prefer-left-join, require-deleted-at-filter prefer-left-join: authors exist\n${JOIN_QUERY};`;
    assert.deepEqual(rows(used), [
      ['unused-ignore', 38, 63, "'require-deleted-at-filter' is ignored here but reports nothing on the next statement: remove it.", []],
      ['unused-ignore', 64, 80, repeat('prefer-left-join'), [["Remove the repeated 'prefer-left-join'", true, true, [{ start: 63, end: 80, newText: '' }]]]],
    ]);
    const fixed = fixAll(used, {}, true);
    assert.equal(fixed.text, `-- neon-auth-ignore prefer-left-join, require-deleted-at-filter: authors exist\n${JOIN_QUERY};`);
    assert.deepEqual(
      lint(fixed.text).findings.map((f) => f.message),
      ["'require-deleted-at-filter' is ignored here but reports nothing on the next statement: remove it."],
    );
    // an unknown id: reported as unknown once, its repeat as a repeat; a rule turned off: its repeat still (no setting needs it)
    assert.deepEqual(
      rows('/* neon-auth-ignore no-such-rule,\n   no-such-rule */\nSELECT 1;').map((r) => r.slice(1, 4)),
      [
        [20, 32, "Unknown rule id 'no-such-rule' in a neon-auth-ignore comment."],
        [37, 49, repeat('no-such-rule')],
      ],
    );
    assert.equal(fixAll('/* neon-auth-ignore no-such-rule,\n   no-such-rule */\nSELECT 1;', {}, true).text, '/* neon-auth-ignore no-such-rule */\nSELECT 1;');
    assert.deepEqual(
      rows('-- neon-auth-ignore-file prefer-left-join prefer-left-join\nSELECT 1;', { rules: { 'prefer-left-join': 'off' } }).map((r) => r.slice(1, 4)),
      [[42, 58, repeat('prefer-left-join')]],
    );
    // something else between them than blanks and one comma: reported, with no fix
    assert.deepEqual(rows('SELECT 1; -- neon-auth-ignore prefer-left-join, "prefer-left-join"').slice(1), [
      ['unused-ignore', 49, 65, repeat('prefer-left-join'), []],
    ]);
    // a host file's comment: the fix edits the host text
    const host = `import { neon } from '@neondatabase/serverless';\nconst sql = neon(u);\n// neon-auth-ignore require-deleted-at-filter, require-deleted-at-filter\nawait sql\`SELECT email FROM neon_auth.users_sync\`;\n`;
    assert.deepEqual(
      lint(host, { language: 'typescript' }).findings.map((f) => [host.slice(f.start, f.end), f.message]),
      [['require-deleted-at-filter', repeat('require-deleted-at-filter')]],
    );
    assert.equal(fixAll(host, { language: 'typescript' }, true).text, host.replace(', require-deleted-at-filter\n', '\n'));
  });

  test("an unknown id close to a rule's id names it (did you mean), as the configuration file does; a distant one does not", () => {
    const sql = `-- neon-auth-ignore prefer-leftjoin, no-such-rule\n${JOIN_QUERY};`;
    assert.deepEqual(
      lint(sql)
        .findings.filter((f) => f.ruleId === 'unused-ignore')
        .map((f) => [sql.slice(f.start, f.end), f.message]),
      [
        ['prefer-leftjoin', "Unknown rule id 'prefer-leftjoin' in a neon-auth-ignore comment (did you mean 'prefer-left-join'?)."],
        ['no-such-rule', "Unknown rule id 'no-such-rule' in a neon-auth-ignore comment."],
      ],
    );
  });

  test('an id of a rule the settings turn off is not reported as unused (it is needed where the rule is on); an unknown id still is', () => {
    const sql = `-- neon-auth-ignore require-deleted-at-filter, no-such-rule: audit\nSELECT id FROM neon_auth.users_sync;\n-- neon-auth-ignore-file prefer-left-join\n-- neon-auth-ignore parse-error: a psql script\nSELECT 1;\n`;
    const rows = (options: LintOptions) => lint(sql, options).findings.map((f) => [f.ruleId, sql.slice(f.start, f.end), f.message]);
    const unused = (id: string, where: string) => ['unused-ignore', id, `'${id}' is ignored here but reports nothing ${where}: remove it.`];
    const unknown = ['unused-ignore', 'no-such-rule', "Unknown rule id 'no-such-rule' in a neon-auth-ignore comment."];
    // On: the first comment silences its finding; the others silence nothing.
    assert.deepEqual(rows({}), [unknown, unused('prefer-left-join', 'in this file'), unused('parse-error', 'on the next statement')]);
    // Off: nothing to silence, and nothing reported about the comments naming them.
    assert.deepEqual(rows({ rules: { 'require-deleted-at-filter': 'off', 'prefer-left-join': 'off', 'parse-error': 'off' } }), [unknown]);
    assert.deepEqual(rows({ rules: { 'prefer-left-join': 'off' }, reportParseErrors: false }), [unknown]);
    // The same in a host file.
    const ts = `const q = sql\`SELECT id FROM neon_auth.users_sync\`; // neon-auth-ignore require-deleted-at-filter: audit\n`;
    assert.deepEqual(
      lint(ts, { language: 'typescript' }).findings.map((f) => f.ruleId),
      [],
    );
    assert.deepEqual(
      lint(ts, { language: 'typescript', rules: { 'require-deleted-at-filter': 'off' } }).findings.map((f) => f.ruleId),
      [],
    );
  });

  test("the keyword is case-sensitive (as ESLint's directives): NEON-AUTH-IGNORE silences nothing and is reported as unused-ignore, in SQL and in a host file", () => {
    const sql = `-- NEON-AUTH-IGNORE prefer-left-join: upper case\n${JOIN_QUERY};\n/* Neon-Auth-Ignore-File prefer-left-join */`;
    const findings = lint(sql).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity, sql.slice(f.start, f.end)]),
      [
        ['unused-ignore', 'info', 'NEON-AUTH-IGNORE'],
        ['prefer-left-join', 'warning', 'JOIN'],
        ['unused-ignore', 'info', 'Neon-Auth-Ignore-File'],
      ],
    );
    assert.equal(
      findings[0].message,
      'NEON-AUTH-IGNORE is not a suppression directive (the keyword is case-sensitive), so this comment silences nothing: write it neon-auth-ignore.',
    );
    // "Disable for this line" does not add its id to such a comment: it writes a directive of its own.
    const line = `${JOIN_QUERY}; -- NEON-AUTH-IGNORE x`;
    const edit = disableRuleEdit(line, line.indexOf('JOIN neon'), 'prefer-left-join', 'line');
    assert.deepEqual(edit, { start: line.indexOf('--'), end: line.indexOf('--'), newText: '/* neon-auth-ignore prefer-left-join */ ' });
    const host = `import { neon } from '@neondatabase/serverless';\nconst sql = neon(u);\n// NEON-AUTH-IGNORE require-deleted-at-filter\nawait sql\`SELECT email FROM neon_auth.users_sync\`;\n`;
    assert.deepEqual(
      lint(host, { language: 'typescript' }).findings.map((f) => [f.ruleId, host.slice(f.start, f.end)]),
      [
        ['unused-ignore', 'NEON-AUTH-IGNORE'],
        ['require-deleted-at-filter', 'neon_auth.users_sync'],
      ],
    );
  });

  test('a neon-auth-ignore block comment never closed silences nothing and gets one unused-ignore, not one per word after it', () => {
    const rest = 'authors always exist here\nSELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\n-- more words';
    const own = `${JOIN_QUERY};\n/* neon-auth-ignore prefer-left-join, no-such-rule ${rest}`;
    assert.deepEqual(found(own), [
      ['prefer-left-join', 'JOIN'],
      ['unused-ignore', '/* neon-auth-ignore'],
    ]);
    assert.match(lint(own).findings[1].message, /never closed/);
    // After code on the line, and as a file directive: neither silences the line or the file.
    assert.deepEqual(found(`${JOIN_QUERY} /* neon-auth-ignore prefer-left-join ${rest}`), [
      ['prefer-left-join', 'JOIN'],
      ['unused-ignore', '/* neon-auth-ignore'],
    ]);
    assert.deepEqual(found(`${JOIN_QUERY} /* neon-auth-ignore-file prefer-left-join /* nested */ ${rest}`), [
      ['prefer-left-join', 'JOIN'],
      ['unused-ignore', '/* neon-auth-ignore-file'],
    ]);
    // Inside a DO body, the comment runs to the body's end.
    assert.deepEqual(found(`DO $$ BEGIN\n PERFORM 1; /* neon-auth-ignore require-on-delete some words\nEND $$;\n${JOIN_QUERY};`), [
      ['unused-ignore', '/* neon-auth-ignore'],
      ['prefer-left-join', 'JOIN'],
    ]);
  });

  test('disable edits merge into an existing ignore comment instead of stacking a second', () => {
    const line = `${JOIN_QUERY} -- neon-auth-ignore require-deleted-at-filter: x`;
    assert.equal(
      applyEdits(line, [disableRuleEdit(line, line.indexOf('JOIN'), 'prefer-left-join', 'line')]),
      `${JOIN_QUERY} -- neon-auth-ignore require-deleted-at-filter, prefer-left-join: x`,
    );
    const withComment = `${JOIN_QUERY} -- authors`;
    assert.equal(
      applyEdits(withComment, [disableRuleEdit(withComment, 40, 'prefer-left-join', 'line')]),
      `${JOIN_QUERY} /* neon-auth-ignore prefer-left-join */ -- authors`,
    );
    const file = `-- neon-auth-ignore-file require-on-delete\r\n${JOIN_QUERY};`;
    assert.equal(
      applyEdits(file, [disableRuleEdit(file, 50, 'prefer-left-join', 'file')]),
      `-- neon-auth-ignore-file require-on-delete, prefer-left-join\r\n${JOIN_QUERY};`,
    );
    assert.equal(
      applyEdits(JOIN_QUERY, [disableRuleEdit(JOIN_QUERY, 30, 'prefer-left-join', 'file')]),
      `-- neon-auth-ignore-file prefer-left-join\n${JOIN_QUERY}`,
    );
  });
});

describe('queries inside PL/pgSQL bodies', () => {
  /** Each body statement as [its text, the text the parsers see instead]. */
  const bodyQueries = (sql: string): Array<[string, string]> =>
    routineBodyStatements(sql, splitStatements(tokenize(sql))).map((s) => {
      let seen = '';
      let pos = s.start;
      for (const x of s.substitutions ?? []) {
        seen += sql.slice(pos, x.start) + x.text;
        pos = x.end;
      }
      return [sql.slice(s.start, s.end), seen + sql.slice(pos, s.end)];
    });

  test('takes SQL commands, PERFORM, FOR … IN query LOOP and (SELECT …)/(WITH …) in expressions, with exact ranges', () => {
    const sql = `DO $$
DECLARE
  r record; n int; c CURSOR FOR SELECT 1 FROM t1;
BEGIN
  <<outer>> FOR r IN SELECT a FROM t2 WHERE b IN (SELECT b FROM t3) LOOP INSERT INTO t4 VALUES (r.a); END LOOP;
  FOR i IN 1..10 LOOP NULL; END LOOP;
  FOR r IN EXECUTE 'SELECT 1' LOOP NULL; END LOOP;
  PERFORM x FROM t5;
  n := coalesce((SELECT count(*) FROM t6), 0) + (WITH w AS (SELECT 1) SELECT count(*) FROM w);
  IF NOT EXISTS (SELECT 1 FROM t7) THEN UPDATE t8 SET a = 1; ELSIF n > (SELECT 2) THEN NULL; END IF;
  RETURN;
END $$`;
    assert.deepEqual(bodyQueries(sql), [
      ['SELECT 1 FROM t1', 'SELECT 1 FROM t1'],
      ['SELECT a FROM t2 WHERE b IN (SELECT b FROM t3)', 'SELECT a FROM t2 WHERE b IN (SELECT b FROM t3)'],
      ['INSERT INTO t4 VALUES (r.a)', 'INSERT INTO t4 VALUES (r.a)'],
      ['PERFORM x FROM t5', 'select  x FROM t5'],
      ['SELECT count(*) FROM t6', 'SELECT count(*) FROM t6'],
      ['WITH w AS (SELECT 1) SELECT count(*) FROM w', 'WITH w AS (SELECT 1) SELECT count(*) FROM w'],
      ['SELECT 1 FROM t7', 'SELECT 1 FROM t7'],
      ['UPDATE t8 SET a = 1', 'UPDATE t8 SET a = 1'],
      ['SELECT 2', 'SELECT 2'],
    ]);
  });

  test('the parsers see blanks for an INTO [STRICT] target (a variable, a qualified one, a list), not for INSERT INTO or MERGE INTO', () => {
    const sql = `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  SELECT a FROM t INTO v;
  SELECT a, b INTO STRICT r.x, "w" FROM t;
  INSERT INTO t (a) VALUES (1) RETURNING a INTO v;
  WITH m AS (INSERT INTO t (a) VALUES (1) RETURNING a) SELECT a INTO v FROM m;
END $$`;
    assert.deepEqual(bodyQueries(sql), [
      ['SELECT a FROM t INTO v', 'SELECT a FROM t       '],
      ['SELECT a, b INTO STRICT r.x, "w" FROM t', 'SELECT a, b                      FROM t'],
      ['INSERT INTO t (a) VALUES (1) RETURNING a INTO v', 'INSERT INTO t (a) VALUES (1) RETURNING a       '],
      [
        'WITH m AS (INSERT INTO t (a) VALUES (1) RETURNING a) SELECT a INTO v FROM m',
        'WITH m AS (INSERT INTO t (a) VALUES (1) RETURNING a) SELECT a        FROM m',
      ],
    ]);
  });

  test('LANGUAGE sql bodies are SQL: SELECT … INTO there is left as written, and PL/pgSQL forms are not looked for', () => {
    const sql = `CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT a INTO t2 FROM t; SELECT EXISTS (SELECT 1 FROM t3) $$`;
    assert.deepEqual(bodyQueries(sql), [
      ['SELECT a INTO t2 FROM t', 'SELECT a INTO t2 FROM t'],
      ['SELECT EXISTS (SELECT 1 FROM t3)', 'SELECT EXISTS (SELECT 1 FROM t3)'],
    ]);
    assert.deepEqual(bodyQueries(`DO LANGUAGE plpgsql $$ BEGIN SELECT 1 INTO v; END $$`), [['SELECT 1 INTO v', 'SELECT 1       ']]);
  });

  test('SELECT … INTO in a DO block gets no parse-error, and its findings are at document offsets', () => {
    const sql = `DO $$ DECLARE v text; BEGIN SELECT u.email INTO v FROM neon_auth.users_sync u; END $$;`;
    const r = lint(sql);
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, sql.slice(f.start, f.end)]),
      [['require-deleted-at-filter', 'neon_auth.users_sync u']],
    );
    assert.deepEqual(r.rejected, []);
  });
});

describe('suppression comments in DO blocks and routine bodies, and disable edits where a line runs on', () => {
  const FK = 'ALTER TABLE "todos" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."users_sync"("id")';
  const found = (sql: string) => lint(sql).findings.map((f) => [f.ruleId, sql.slice(f.start, f.end)]);

  test('a comment inside a DO body silences its line or its next statement; an unused one is reported', () => {
    assert.deepEqual(found(`DO $$ BEGIN\n ${FK}; -- neon-auth-ignore require-on-delete\nEXCEPTION WHEN duplicate_object THEN null;\nEND $$;`), []);
    assert.deepEqual(found(`DO $$ BEGIN\n -- neon-auth-ignore require-on-delete: drizzle's default\n ${FK};\nEND $$;`), []);
    assert.deepEqual(found(`DO $$ BEGIN\n ${FK} ON DELETE CASCADE; -- neon-auth-ignore require-on-delete\nEND $$;`), [['unused-ignore', 'require-on-delete']]);
  });

  test('an own-line comment at the end of a body covers no statement after the body', () => {
    const sql = `DO $$ BEGIN\n ${FK};\n -- neon-auth-ignore require-on-delete: drizzle\nEND $$;\n${FK.replace('"fk"', '"fk2"')};`;
    assert.deepEqual(found(sql), [
      ['require-on-delete', 'REFERENCES "neon_auth"."users_sync"("id")'],
      ['unused-ignore', 'require-on-delete'],
      ['require-on-delete', 'REFERENCES "neon_auth"."users_sync"("id")'],
    ]);
  });

  test('"disable for this line" in a DO body puts the comment in the body, where it works', () => {
    const sql = `DO $$ BEGIN\n ${FK};\nEXCEPTION WHEN duplicate_object THEN null;\nEND $$;`;
    const [finding] = lint(sql).findings;
    assert.equal(finding.ruleId, 'require-on-delete');
    const fixed = applyEdits(sql, [disableRuleEdit(sql, finding.start, 'require-on-delete', 'line')]);
    assert.equal(fixed, `DO $$ BEGIN\n ${FK}; -- neon-auth-ignore require-on-delete\nEXCEPTION WHEN duplicate_object THEN null;\nEND $$;`);
    assert.deepEqual(found(fixed), []);
  });

  test('"disable for this line" before a psql meta-command, and not between two lines of one string constant', () => {
    const gx = `${'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL'} \\gx`;
    const fixedGx = applyEdits(gx, [disableRuleEdit(gx, gx.indexOf('JOIN'), 'prefer-left-join', 'line')]);
    assert.equal(fixedGx, gx.replace(' \\gx', ' /* neon-auth-ignore prefer-left-join */ \\gx'));
    assert.deepEqual(found(fixedGx), []);
    const joined = "SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND p.title <> 'a'\n'b';";
    const fixedJoined = applyEdits(joined, [disableRuleEdit(joined, joined.indexOf('JOIN'), 'prefer-left-join', 'line')]);
    // (pgsql-ast-parser, the only parser this file loads, does not join string constants: the text is what counts here)
    assert.equal(fixedJoined, joined.replace('p JOIN neon_auth', 'p JOIN /* neon-auth-ignore prefer-left-join */ neon_auth'));
  });

  test('"disable for this line" when the line ends inside a string or a block comment: a block comment after the reported token', () => {
    for (const tail of ["AND p.title <> 'multi\nline'", 'AND true /* a\nb */']) {
      const sql = `SELECT 1 FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id ${tail} WHERE u.deleted_at IS NULL;`;
      const at = sql.indexOf('JOIN');
      const fixed = applyEdits(sql, [disableRuleEdit(sql, at, 'prefer-left-join', 'line')]);
      assert.equal(fixed, sql.replace('p JOIN neon_auth', 'p JOIN /* neon-auth-ignore prefer-left-join */ neon_auth'));
      assert.deepEqual(found(fixed), []);
    }
  });
});

describe('own-line suppression comments inside a statement silence the rest of that statement', () => {
  const TS_HEADER = "import { neon } from '@neondatabase/serverless';\nconst sql = neon(process.env.DATABASE_URL!);\n";
  /** Each finding as [rule id, 1-based line:column, the text it covers, and for unused-ignore its message]. */
  const at = (text: string, language?: 'typescript') => {
    const lines = new LineIndex(text);
    return lint(text, language ? { language } : {}).findings.map((f) => {
      const p = lines.positionAt(f.start);
      const row = [f.ruleId, `${p.line + 1}:${p.character + 1}`, text.slice(f.start, f.end)];
      return f.ruleId === 'unused-ignore' ? [...row, f.message] : row;
    });
  };
  const DELETED = 'require-deleted-at-filter';
  const FK = 'ALTER TABLE "todos" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id")';
  const TARGET = 'REFERENCES "neon_auth"."users_sync"("id")';

  test('in SQL: a comment between two lines of a statement silences that statement, not the next one', () => {
    const sql = 'SELECT id\n-- neon-auth-ignore require-deleted-at-filter: mid-statement\nFROM neon_auth.users_sync;\nSELECT id FROM neon_auth.users_sync;\n';
    assert.deepEqual(at(sql), [[DELETED, '4:16', 'neon_auth.users_sync']]);
  });

  test('in a TypeScript template: the comment silences its own query and never reaches the next template', () => {
    const ts = `${TS_HEADER}export async function c() {\n  return sql\`\n    SELECT id\n    -- neon-auth-ignore require-deleted-at-filter: in-template\n    FROM neon_auth.users_sync\`;\n}\nexport async function d() {\n  return sql\`SELECT id FROM neon_auth.users_sync\`;\n}\n`;
    assert.deepEqual(at(ts, 'typescript'), [[DELETED, '10:29', 'neon_auth.users_sync']]);
  });

  test('a comment at the end of a template, after its last statement, silences nothing (the next template is another query)', () => {
    const ts = `${TS_HEADER}await sql\`SELECT 1;\n  -- neon-auth-ignore require-deleted-at-filter\n\`;\nawait sql\`SELECT id FROM neon_auth.users_sync\`;\n`;
    assert.deepEqual(at(ts, 'typescript'), [
      ['unused-ignore', '4:23', DELETED, "'require-deleted-at-filter' is ignored here but reports nothing on the next statement: remove it."],
      [DELETED, '6:26', 'neon_auth.users_sync'],
    ]);
  });

  test('a // comment before a template still silences its statement', () => {
    const ts = `${TS_HEADER}// neon-auth-ignore require-deleted-at-filter: audit\nawait sql\`\n  SELECT id FROM neon_auth.users_sync\`;\nawait sql\`SELECT id FROM neon_auth.users_sync\`;\n`;
    assert.deepEqual(at(ts, 'typescript'), [[DELETED, '6:26', 'neon_auth.users_sync']]);
  });

  test('a comment before a statement silences that statement; one inside it covers only what follows it', () => {
    const before = '-- neon-auth-ignore require-deleted-at-filter\nSELECT id\nFROM neon_auth.users_sync;\nSELECT id FROM neon_auth.users_sync;';
    assert.deepEqual(at(before), [[DELETED, '4:16', 'neon_auth.users_sync']]);
    // The finding is before the comment: the comment covers the rest of the statement only, and says so.
    const late = "SELECT id FROM neon_auth.users_sync\n-- neon-auth-ignore require-deleted-at-filter: too late\nWHERE id <> '';\nSELECT 1;";
    assert.deepEqual(at(late), [
      [DELETED, '1:16', 'neon_auth.users_sync'],
      ['unused-ignore', '2:21', DELETED, "'require-deleted-at-filter' is ignored here but reports nothing in the rest of this statement: remove it."],
    ]);
  });

  test('a comment on the last line of the file, after every statement, silences nothing', () => {
    const sql = 'SELECT id FROM neon_auth.users_sync;\n-- neon-auth-ignore require-deleted-at-filter';
    assert.deepEqual(at(sql), [
      [DELETED, '1:16', 'neon_auth.users_sync'],
      ['unused-ignore', '2:21', DELETED, "'require-deleted-at-filter' is ignored here but reports nothing on the next statement: remove it."],
    ]);
  });

  test('/* */ forms: on a line of their own, or before code on their line, inside a statement', () => {
    const own = 'SELECT id\n/* neon-auth-ignore require-deleted-at-filter: block */\nFROM neon_auth.users_sync;\nSELECT id FROM neon_auth.users_sync;';
    assert.deepEqual(at(own), [[DELETED, '4:16', 'neon_auth.users_sync']]);
    const lead = 'SELECT id\n/* neon-auth-ignore require-deleted-at-filter */ FROM neon_auth.users_sync;\nSELECT id FROM neon_auth.users_sync;';
    assert.deepEqual(at(lead), [[DELETED, '3:16', 'neon_auth.users_sync']]);
    // (the keyword may follow the opening delimiter on the next line)
    const multi = 'SELECT id\n/*\n neon-auth-ignore require-deleted-at-filter\n*/\nFROM neon_auth.users_sync;\nSELECT id FROM neon_auth.users_sync;';
    assert.deepEqual(at(multi), [[DELETED, '6:16', 'neon_auth.users_sync']]);
  });

  test('inside a DO body: a comment within a body statement silences the rest of it, not the next one', () => {
    const sql = `DO $$ BEGIN\n ${FK}\n -- neon-auth-ignore require-on-delete: mid\n ${TARGET};\n ${FK.replace('"fk"', '"fk2"')} ${TARGET};\nEND $$;`;
    assert.deepEqual(at(sql), [['require-on-delete', '5:67', TARGET]]);
  });

  test('inside a DO statement but outside its body: the rest of the DO statement, body included', () => {
    const sql = `DO\n-- neon-auth-ignore require-on-delete: the whole block\n$$ BEGIN\n ${FK} ${TARGET};\nEND $$;\n${FK.replace('"fk"', '"fk2"')} ${TARGET};`;
    assert.deepEqual(at(sql), [['require-on-delete', '6:66', TARGET]]);
  });

  test('a comment inside a function body statement silences the rest of that statement only', () => {
    const sql =
      'CREATE FUNCTION f() RETURNS SETOF text LANGUAGE sql AS $$\n  SELECT id\n  -- neon-auth-ignore require-deleted-at-filter\n  FROM neon_auth.users_sync;\n  SELECT id FROM neon_auth.users_sync;\n$$;';
    assert.deepEqual(at(sql), [[DELETED, '5:18', 'neon_auth.users_sync']]);
  });
});

describe('hover and completion in suppression comments', () => {
  const ALL_IDS = [...rules.map((r) => r.id), 'parse-error'];

  test('hover and rule-id completion work in a neon-auth-ignore comment inside a DO body', () => {
    const sql = 'DO $$ BEGIN\n  ALTER TABLE t ADD FOREIGN KEY (u) REFERENCES neon_auth.users_sync(id); -- neon-auth-ignore require-on-delete, \nEND $$;';
    const at = sql.indexOf('require-on-delete');
    assert.deepEqual(hoverAt(sql, at + 3) && { start: hoverAt(sql, at + 3)!.start, end: hoverAt(sql, at + 3)!.end }, {
      start: at,
      end: at + 'require-on-delete'.length,
    });
    assert.deepEqual(
      suppressionCompletionAt(sql, sql.indexOf(', \n') + 2)?.items.map((i) => i.id),
      ALL_IDS.filter((id) => id !== 'require-on-delete'),
    );
    assert.equal(hoverAt(sql, sql.indexOf('BEGIN') + 1), null);
  });

  test('the end of an unclosed block comment (still being typed) is inside it', () => {
    const sql = 'SELECT 1;\n/* neon-auth-ignore-file ';
    assert.equal(completionContextAt(sql, sql.length), null);
    assert.deepEqual(
      suppressionCompletionAt(sql, sql.length)?.items.map((i) => i.id),
      ALL_IDS,
    );
  });

  test('completion after the keyword and a blank offers every rule id with its description, then parse-error', () => {
    const sql = '-- neon-auth-ignore ';
    const c = suppressionCompletionAt(sql, sql.length);
    assert.ok(c);
    assert.equal(c.start, sql.length);
    assert.deepEqual(
      c.items.map((i) => i.id),
      ALL_IDS,
    );
    const first = c.items[0];
    assert.deepEqual(first, {
      id: 'prefer-left-join',
      description: getRule('prefer-left-join')?.description,
      defaultSeverity: 'warning',
      docsUrl: 'https://github.com/neon-auth-sql/neon-auth-sql/blob/main/server/src/linter/rules/prefer-left-join/README.md',
    });
    assert.equal(c.items.at(-1)?.defaultSeverity, 'info');
    assert.equal(c.items.at(-1)?.docsUrl, undefined);
  });

  test('completion after a comma skips the ids already named and replaces the part of the id typed so far', () => {
    const sql = 'SELECT 1; -- neon-auth-ignore-file prefer-left-join, req';
    const c = suppressionCompletionAt(sql, sql.length);
    assert.ok(c);
    assert.equal(sql.slice(c.start), 'req');
    assert.deepEqual(
      c.items.map((i) => i.id),
      ALL_IDS.filter((id) => id !== 'prefer-left-join'),
    );
    const block = '/* neon-auth-ignore require-on-delete,  */';
    const b = suppressionCompletionAt(block, block.indexOf(',') + 2);
    assert.ok(b);
    assert.equal(b.start, block.indexOf(',') + 2);
    assert.deepEqual(
      b.items.map((i) => i.id),
      ALL_IDS.filter((id) => id !== 'require-on-delete'),
    );
  });

  test('no rule-id completion on the keyword itself, in the reason, after an id without a comma, or in other comments', () => {
    const cases: [string, number][] = [
      ['-- neon-auth-ignore', 19],
      ['-- neon-auth-ig', 15],
      ['-- neon-auth-ignore prefer-left-join: reason ', 45],
      ['-- neon-auth-ignore prefer-left-join ', 37],
      ['-- just a note ', 15],
      ["SELECT '-- neon-auth-ignore ' ", 28],
      ['/* neon-auth-ignore prefer-left-join */', 39],
    ];
    for (const [sql, offset] of cases) assert.equal(suppressionCompletionAt(sql, offset), null, `${JSON.stringify(sql)} at ${offset}`);
  });

  test('hover on a rule id in an ignore comment shows its description, default severity and documentation link', () => {
    const sql = 'SELECT 1; -- neon-auth-ignore prefer-left-join, no-such-rule: authors always exist';
    const h = hoverAt(sql, sql.indexOf('left'));
    assert.ok(h);
    assert.equal(sql.slice(h.start, h.end), 'prefer-left-join');
    assert.equal(
      h.markdown,
      `**prefer-left-join** (default severity: warning)\n\n${getRule('prefer-left-join')?.description}\n\n` +
        '[Documentation](https://github.com/neon-auth-sql/neon-auth-sql/blob/main/server/src/linter/rules/prefer-left-join/README.md)',
    );
    assert.equal(hoverAt(sql, sql.indexOf('no-such-rule') + 2), null);
    assert.equal(hoverAt(sql, sql.indexOf('authors') + 2), null);
    const parseError = hoverAt('/* neon-auth-ignore parse-error */', 22);
    assert.ok(parseError);
    assert.match(parseError.markdown, /^\*\*parse-error\*\* \(default severity: info\)\n\nA statement that names a Neon Auth table/);
    assert.doesNotMatch(parseError.markdown, /Documentation/);
  });

  test('hover on the neon-auth-ignore keyword explains the syntax and what this comment covers', () => {
    const sql = '-- neon-auth-ignore prefer-left-join: reason\nSELECT 1;\nSELECT 2; -- neon-auth-ignore-file require-on-delete';
    const next = hoverAt(sql, 8);
    assert.ok(next);
    assert.deepEqual([next.start, next.end], [3, 19]);
    assert.match(
      next.markdown,
      /^\*\*neon-auth-ignore\*\*: This comment silences the rules it names on what follows it: the rest of the statement it is in, or the next statement when it stands between statements\.\n/,
    );
    assert.match(next.markdown, /-- neon-auth-ignore <rule-id>\[, <rule-id>\]: <reason>/);
    assert.match(next.markdown, /`unused-ignore`/);
    const file = hoverAt(sql, sql.indexOf('ignore-file') + 3);
    assert.ok(file);
    assert.equal(sql.slice(file.start, file.end), 'neon-auth-ignore-file');
    assert.match(file.markdown, /^\*\*neon-auth-ignore-file\*\*: This comment silences the rules it names in the whole file\./);
    assert.equal(hoverAt('-- a neon-auth-ignore note', 10), null);
  });

  test('fixAll stops between passes when shouldStop answers true, and reports that it stopped', () => {
    // Two passes: the quoted dotted name is split first; then the join and the filter are fixed.
    const sql = 'SELECT p.title FROM posts p JOIN "neon_auth.users_sync" u ON u.id = p.author_id;';
    const full = fixAll(sql, {}, false);
    assert.deepEqual(
      [full.text, full.applied, full.stopped],
      ['SELECT p.title FROM posts p LEFT JOIN "neon_auth"."users_sync" u ON u.id = p.author_id WHERE u.deleted_at IS NULL;', 3, undefined],
    );
    let asked = 0;
    const first = fixAll(sql, {}, false, () => ++asked > 1);
    assert.deepEqual(
      [first.text, first.applied, first.stopped, asked],
      ['SELECT p.title FROM posts p JOIN "neon_auth"."users_sync" u ON u.id = p.author_id;', 1, true, 2],
    );
    const none = fixAll(sql, {}, false, () => true);
    assert.deepEqual([none.text, none.applied, none.stopped], [sql, 0, true]);
  });

  test('fixAllPasses yields the result before each pass, as fixAll asks shouldStop, and returns what fixAll returns', () => {
    const sql = 'SELECT p.title FROM posts p JOIN "neon_auth.users_sync" u ON u.id = p.author_id;';
    const passes = fixAllPasses(sql, {}, false);
    const seen: [string, number][] = [];
    let step = passes.next();
    while (!step.done) {
      seen.push([step.value.text, step.value.applied]);
      step = passes.next();
    }
    assert.deepEqual(seen, [
      [sql, 0],
      ['SELECT p.title FROM posts p JOIN "neon_auth"."users_sync" u ON u.id = p.author_id;', 1],
      ['SELECT p.title FROM posts p LEFT JOIN "neon_auth"."users_sync" u ON u.id = p.author_id WHERE u.deleted_at IS NULL;', 3],
    ]);
    const full = fixAll(sql, {}, false);
    assert.deepEqual([step.value.text, step.value.applied, step.value.stopped], [full.text, full.applied, undefined]);
    assert.deepEqual(step.value.result.findings, full.result.findings);
  });
});

describe('bulk fix scope and soundness (one rule for --fix, Fix All and fix-on-save)', () => {
  const dotted = 'SELECT u.email FROM "neon_auth.users_sync" u;\n';
  const join = 'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n';

  test('a safe preferred fix is bulk-fixable; a suggestion only with unsafe, and is counted as left without', () => {
    const [split] = lint(dotted).findings.filter((f) => f.ruleId === 'no-quoted-dotted-name');
    const [leftJoin] = lint(join).findings;
    assert.equal(leftJoin.ruleId, 'prefer-left-join');
    assert.deepEqual([bulkFixable(split, { unsafe: false }), leftSuggestion(split, { unsafe: false })], [true, false]);
    assert.deepEqual([bulkFixable(leftJoin, { unsafe: false }), leftSuggestion(leftJoin, { unsafe: false })], [false, true]);
    assert.deepEqual([bulkFixable(leftJoin, { unsafe: true }), leftSuggestion(leftJoin, { unsafe: true })], [true, false]);
    // accept narrows both (the CLI's --quiet --fix: errors only)
    const errorsOnly = { unsafe: true, accept: (f: { severity: string }) => f.severity === 'error' };
    assert.deepEqual([bulkFixable(leftJoin, errorsOnly), leftSuggestion(leftJoin, errorsOnly)], [false, false]);
  });

  test('a result that still offers a fix bulk fixing would apply is unsound, and so is one where a statement stopped parsing', () => {
    const before = lint(join + dotted);
    const settled = fixAll(join + dotted, {}, true);
    // left: the LEFT JOIN, and the deleted_at filter the split query needs now that it reads users_sync
    assert.deepEqual(judgeBulkFix(before, settled, { unsafe: false }), { sound: true, suggestionsLeft: 2 });
    // the same "after" with the dotted name still there: the safe fix did not settle
    const unsettled = { ...settled, result: lint(join + dotted) };
    assert.deepEqual(judgeBulkFix(before, unsettled, { unsafe: false }), {
      sound: false,
      reason: '1 problem would still have a fix after fixing',
      suggestionsLeft: 1,
    });
    // a statement naming a Neon Auth table that no parser accepts any more
    const broken = { ...settled, result: lint(`${join}SELECT FROM FROM neon_auth.users_sync;\n`) };
    assert.equal(broken.result.rejected.length, before.rejected.length + 1);
    assert.deepEqual(judgeBulkFix(before, broken, { unsafe: false }), {
      sound: false,
      reason: 'a statement no longer parses after fixing',
      suggestionsLeft: 1,
    });
  });
});
