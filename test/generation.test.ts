/**
 * Neon Auth generation detection (`LintResult.generation`, `LintOptions.authSchema`), the
 * `neonAuth.authSchema` setting and `--auth-schema` option, the token matcher for writes, and the
 * engine's support for lexical rules (run on statements no parser accepted) and per-finding severity.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AUTH_SCHEMA_SETTINGS, lint } from '../server/src/linter';
import { tokenize } from '../server/src/linter/lexer';
import { splitStatements } from '../server/src/linter/statements';
import { SigTokens } from '../server/src/linter/tokens';
import { lexicalWrites } from '../server/src/linter/writes';
import { normalizeSettings } from '../server/src/lsp/settings';
import { documentOptions } from '../server/src/lsp/workspaceConfig';
import { parseCommandLine } from '../server/src/cli';

const LEGACY = `SELECT u.name FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;`;
const CURRENT = `SELECT g.name FROM neon_auth."user" g;`;

describe('generation detection', () => {
  test('a file that references users_sync is legacy, one that references neon_auth."user" or session is current', () => {
    assert.equal(lint(LEGACY).generation, 'legacy');
    assert.equal(lint(`SELECT * FROM neon_identity.users_sync`).generation, 'legacy');
    assert.equal(lint(CURRENT).generation, 'current');
    assert.equal(lint(`SELECT count(*) FROM neon_auth.session`).generation, 'current');
    assert.equal(lint(`DELETE FROM neon_auth.user WHERE id = $1`).generation, 'current');
  });

  test('a file that references neither, or only in comments, strings or a quoted dotted name, has no generation', () => {
    for (const sql of [
      `SELECT 1`,
      `-- neon_auth.users_sync\nSELECT 'neon_auth."user"'`,
      `SELECT * FROM "neon_auth.users_sync"`,
      `SELECT * FROM app.users_sync`,
    ]) {
      const r = lint(sql);
      assert.equal(r.generation, undefined, sql);
      assert.equal('generation' in r, false, `${sql}: the field is absent`);
    }
  });

  test('a file that mixes both takes the generation it references more, on a tie the one it references first', () => {
    assert.equal(lint(`${LEGACY}\n${CURRENT}\n${LEGACY}`).generation, 'legacy');
    assert.equal(lint(`${CURRENT}\n${LEGACY}\nSELECT * FROM neon_auth.account;`).generation, 'current');
    assert.equal(lint(`${CURRENT}\n${LEGACY}`).generation, 'current');
  });

  test('references inside function bodies and statements the parser rejects count', () => {
    assert.equal(lint(`CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM neon_auth."user" $$;`).generation, 'current');
    assert.equal(lint(`CREATE POLICY p ON app.todos USING (user_id IN (SELECT id FROM neon_auth.users_sync));`).generation, 'legacy');
  });

  test('authSchema forces the generation, also for a file that references the other one or none', () => {
    assert.equal(lint(LEGACY, { authSchema: 'current' }).generation, 'current');
    assert.equal(lint(`SELECT 1`, { authSchema: 'legacy' }).generation, 'legacy');
    assert.equal(lint(LEGACY, { authSchema: 'auto' }).generation, 'legacy');
  });

  test("a forced generation reports the other generation's user table with match-auth-schema, auto reports a mixed file once", () => {
    const forced = lint(`${LEGACY}\n${CURRENT}`, { authSchema: 'legacy' }).findings.filter((f) => f.ruleId === 'match-auth-schema');
    assert.deepEqual(
      forced.map((f) => [f.severity, f.message.split(':')[0]]),
      [['warning', 'neon_auth."user" does not exist in legacy Neon Auth (Stack Auth)']],
    );
    const auto = lint(`${LEGACY}\n${CURRENT}\n${CURRENT}`).findings.filter((f) => f.ruleId === 'match-auth-schema');
    assert.deepEqual(
      auto.map((f) => f.severity),
      ['info'],
    );
    assert.equal(`${LEGACY}\n${CURRENT}\n${CURRENT}`.slice(auto[0].start, auto[0].end), 'neon_auth.users_sync');
  });
});

describe('lexical rules and per-finding severity', () => {
  test('a statement the parser rejects gets its parse-error notice and the findings of the lexical rules', () => {
    const sql = `CREATE POLICY users_read ON neon_auth.users_sync FOR SELECT USING (true);`;
    const r = lint(sql);
    assert.equal(r.rejected.length, 1);
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, sql.slice(f.start, f.end)]),
      [
        ['parse-error', 'users_read'],
        ['no-auth-table-writes', 'neon_auth.users_sync'],
      ],
    );
  });

  test('a rule may raise one finding above its default severity; a configured severity applies to all its findings', () => {
    const sql = `INSERT INTO neon_auth.users_sync (raw_json, email) VALUES ('{}', 'a@example.com'); DELETE FROM neon_auth.users_sync;`;
    const severities = (o = {}) =>
      lint(sql, o)
        .findings.filter((f) => f.ruleId === 'no-auth-table-writes')
        .map((f) => f.severity);
    assert.deepEqual(severities(), ['error', 'warning']);
    assert.deepEqual(severities({ rules: { 'no-auth-table-writes': 'warning' } }), ['warning', 'warning']);
    assert.deepEqual(severities({ rules: { 'no-auth-table-writes': 'info' } }), ['info', 'info']);
    assert.deepEqual(severities({ rules: { 'no-auth-table-writes': 'off' } }), []);
  });

  test('statements that name only the neon_auth schema or a dotted quoted name are parsed and checked', () => {
    const r = lint(`CREATE VIEW neon_auth.v AS SELECT 1;\nSELECT * FROM "neon_auth.session";\nSELECT 1;`);
    assert.equal(r.parsed, 2);
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      ['no-auth-table-writes', 'no-quoted-dotted-name'],
    );
  });
});

describe('the token matcher for writes', () => {
  const writes = (sql: string) => {
    const [stmt] = splitStatements(tokenize(sql));
    return lexicalWrites(new SigTokens(stmt.tokens)).map((w) => [
      w.kind,
      w.object,
      w.schema,
      w.name,
      sql.slice(w.start, w.end),
      ...(w.columns ? [w.columns.map((c) => c.name)] : []),
    ]);
  };

  test('reads the target of each write and DDL form from its first tokens', () => {
    assert.deepEqual(writes(`INSERT INTO neon_auth.users_sync AS u (raw_json, "id") SELECT 1`), [
      ['insert', 'table', 'neon_auth', 'users_sync', 'neon_auth.users_sync', ['raw_json', 'id']],
    ]);
    assert.deepEqual(writes(`UPDATE ONLY "neon_auth"."users_sync" u SET name = f(a, b), (email, created_at) = ('x', now()) WHERE true`), [
      ['update', 'table', 'neon_auth', 'users_sync', '"neon_auth"."users_sync"', ['name', 'email', 'created_at']],
    ]);
    assert.deepEqual(writes(`DELETE FROM ONLY neon_auth.session USING x`), [['delete', 'table', 'neon_auth', 'session', 'neon_auth.session']]);
    assert.deepEqual(writes(`TRUNCATE TABLE ONLY neon_auth.session, app.t * CASCADE`), [
      ['truncate', 'table', 'neon_auth', 'session', 'neon_auth.session'],
      ['truncate', 'table', 'app', 't', 'app.t'],
    ]);
    assert.deepEqual(writes(`ALTER TABLE IF EXISTS ONLY neon_auth.users_sync FORCE ROW LEVEL SECURITY`), [
      ['rls', 'table', 'neon_auth', 'users_sync', 'neon_auth.users_sync'],
    ]);
    assert.deepEqual(writes(`ALTER TABLE neon_auth.users_sync RENAME COLUMN name TO n`), [
      ['rename', 'table', 'neon_auth', 'users_sync', 'neon_auth.users_sync'],
    ]);
    assert.deepEqual(writes(`ALTER TABLE neon_auth.users_sync ADD COLUMN rename text`), [
      ['alter', 'table', 'neon_auth', 'users_sync', 'neon_auth.users_sync'],
    ]);
    assert.deepEqual(writes(`DROP TABLE IF EXISTS a, neon_auth.users_sync CASCADE`), [
      ['drop', 'table', undefined, 'a', 'a'],
      ['drop', 'table', 'neon_auth', 'users_sync', 'neon_auth.users_sync'],
    ]);
    assert.deepEqual(writes(`DROP SCHEMA IF EXISTS neon_auth CASCADE`), [['drop', 'schema', undefined, 'neon_auth', 'neon_auth']]);
    assert.deepEqual(writes(`CREATE OR REPLACE FUNCTION neon_auth.f(x int) RETURNS int AS 'select 1' LANGUAGE sql`), [
      ['create', 'function', 'neon_auth', 'f', 'neon_auth.f'],
    ]);
    assert.deepEqual(writes(`CREATE MATERIALIZED VIEW IF NOT EXISTS neon_auth.mv AS SELECT 1`), [
      ['create', 'materialized view', 'neon_auth', 'mv', 'neon_auth.mv'],
    ]);
    assert.deepEqual(writes(`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY neon_auth.account (x)`), [
      ['index', 'table', 'neon_auth', 'account', 'neon_auth.account'],
    ]);
    assert.deepEqual(writes(`CREATE POLICY p ON neon_auth."user" USING (true)`), [['policy', 'table', 'neon_auth', 'user', 'neon_auth."user"']]);
    assert.deepEqual(writes(`CREATE CONSTRAINT TRIGGER t AFTER UPDATE OF a, b ON neon_auth.users_sync FOR EACH ROW EXECUTE FUNCTION f()`), [
      ['trigger', 'table', 'neon_auth', 'users_sync', 'neon_auth.users_sync'],
    ]);
  });

  test('reads nothing from reads, CREATE SCHEMA, WITH queries and cut-off statements', () => {
    for (const sql of [
      `SELECT * FROM neon_auth.users_sync`,
      `CREATE SCHEMA IF NOT EXISTS neon_auth`,
      `WITH x AS (DELETE FROM neon_auth.session RETURNING 1) SELECT 1`,
      `INSERT INTO`,
      `CREATE POLICY p`,
      `ALTER TABLE`,
    ]) {
      assert.deepEqual(writes(sql), [], sql);
    }
  });
});

describe('the authSchema setting and --auth-schema option', () => {
  test('neonAuth.authSchema accepts auto, legacy and current, defaults to auto, and reaches the lint options', () => {
    assert.deepEqual([...AUTH_SCHEMA_SETTINGS], ['auto', 'legacy', 'current']);
    assert.equal(normalizeSettings({}).authSchema, 'auto');
    assert.equal(normalizeSettings({ authSchema: 'current' }).authSchema, 'current');
    assert.equal(normalizeSettings({ authSchema: 'Current' }).authSchema, 'auto');
    assert.equal(normalizeSettings({ authSchema: 3 }).authSchema, 'auto');
    assert.equal(documentOptions(normalizeSettings({ authSchema: 'legacy' }), undefined).authSchema, 'legacy');
    // the setting overrides a .neon-auth.json unless it says auto
    const loaded = { file: '/r/.neon-auth.json', text: '', problems: [], config: { authSchema: 'current' as const } };
    assert.equal(documentOptions(normalizeSettings({ authSchema: 'legacy' }), loaded).authSchema, 'legacy');
    assert.equal(documentOptions(normalizeSettings({}), loaded).authSchema, 'current');
  });

  test('package.json contributes neonAuth.authSchema with the same values and default', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const prop = pkg.contributes.configuration.properties['neonAuth.authSchema'];
    assert.deepEqual(prop.enum, [...AUTH_SCHEMA_SETTINGS]);
    assert.equal(prop.default, 'auto');
    assert.equal(prop.enumDescriptions.length, AUTH_SCHEMA_SETTINGS.length);
  });

  test('--auth-schema sets the lint option, and an unknown value is a usage error', () => {
    const ok = parseCommandLine(['--auth-schema', 'current', 'x.sql'], {});
    assert.equal(ok.kind === 'run' && ok.options.lint.authSchema, 'current');
    const none = parseCommandLine(['x.sql'], {});
    assert.equal(none.kind === 'run' && none.options.lint.authSchema, undefined);
    const bad = parseCommandLine(['--auth-schema', 'new', 'x.sql'], {});
    assert.equal(bad.kind, 'usageError');
    assert.match(bad.kind === 'usageError' ? bad.message : '', /unknown --auth-schema 'new' \(expected auto, legacy, current\)/);
  });
});
