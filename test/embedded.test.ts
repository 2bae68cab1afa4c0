import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, fixAll, lint } from '../server/src/linter';
import { dollarBody, tokenize } from '../server/src/linter/lexer';
import { executeRegions } from '../server/src/linter/embedded';
import './helpers/pgGrammar';

/** The regions of the EXECUTEs in `DO $$ <body> $$`. */
const regionsOf = (body: string, remaining = 1e6) => {
  const text = `DO $$ BEGIN ${body} END $$;`;
  const tokens = tokenize(text);
  const dollar = tokens.find((t) => t.kind === 'dollarString')!;
  return { text, regions: executeRegions(text, dollarBody(text, dollar)!.tokens, { remaining }) };
};

describe('embedded SQL regions of PL/pgSQL EXECUTE', () => {
  test("decodes '…' with '', E'…' with backslash escapes, $tag$…$tag$ and || chains, each code unit mapped to its encoding", () => {
    const { text, regions } = regionsOf(
      `EXECUTE 'a''b'; EXECUTE E'c\\'d\\n\\x41\\\\'; EXECUTE $q$e'f$q$; EXECUTE 'g' || E'\\t' || $$h$$;`.replace('$$h$$', '$x$h$x$'),
    );
    assert.deepEqual(
      regions.map((r) => r.region.sql),
      ["a'b", "c'd\nA\\", "e'f", 'g\th'],
    );
    const [a, e] = [regions[0].region, regions[1].region];
    assert.equal(text.slice(a.toHost(1, 2).start, a.toHost(1, 2).end), "''");
    assert.equal(text.slice(e.toHost(1, 2).start, e.toHost(1, 2).end), "\\'");
    assert.equal(text.slice(e.toHost(3, 5).start, e.toHost(3, 5).end), '\\n\\x41');
    assert.equal(text.slice(a.hostStart, a.hostEnd), "'a''b'");
  });

  test("escapes fix text for its literal: ' doubled in '…', ' and \\ in E'…', % in a format string; refuses $ in a dollar body", () => {
    const { text, regions } = regionsOf(`EXECUTE 'x'; EXECUTE E'y'; EXECUTE $q$z$q$; EXECUTE format('w %I', 't');`);
    const [plain, esc, dollar, fmt] = regions.map((r) => r.region);
    assert.equal(applyEdits(text, [plain.toHostEdit({ start: 1, end: 1, newText: "'it''s'" })!]).includes(`EXECUTE 'x''it''''s''';`), true);
    assert.equal(applyEdits(text, [esc.toHostEdit({ start: 0, end: 1, newText: "'\\" })!]).includes(`EXECUTE E'''\\\\';`), true);
    assert.equal(dollar.toHostEdit({ start: 1, end: 1, newText: '$q$' }), undefined);
    assert.deepEqual(dollar.toHostEdit({ start: 1, end: 1, newText: ' ok' }), {
      start: text.indexOf('z$q$') + 1,
      end: text.indexOf('z$q$') + 1,
      newText: ' ok',
    });
    assert.equal(fmt.sql, 'w _x');
    assert.deepEqual(fmt.holes, [{ start: 2, end: 4, kind: 'identifier' }]);
    assert.equal(applyEdits(text, [fmt.toHostEdit({ start: 1, end: 1, newText: " 5%'" })!]).includes(`format('w 5%%'' %I', 't')`), true);
    assert.equal(fmt.toHostEdit({ start: 2, end: 3, newText: 'y' }), undefined, 'an edit inside a hole');
  });

  test('never edits across a || boundary; an insertion at the boundary goes to the end of the earlier literal', () => {
    const { text, regions } = regionsOf(`EXECUTE 'ab' || 'cd';`);
    const r = regions[0].region;
    assert.equal(r.toHostEdit({ start: 1, end: 3, newText: 'X' }), undefined);
    assert.equal(applyEdits(text, [r.toHostEdit({ start: 2, end: 2, newText: "'" })!]).includes(`EXECUTE 'ab''' || 'cd';`), true);
    assert.equal(applyEdits(text, [r.toHostEdit({ start: 2, end: 3, newText: 'C' })!]).includes(`EXECUTE 'ab' || 'Cd';`), true);
  });

  test('leaves texts that are not constant or not SQL strings alone, and stops at the budget', () => {
    assert.deepEqual(regionsOf(`EXECUTE 'a' || v; EXECUTE v; EXECUTE format(v, 'x'); EXECUTE B'01'; EXECUTE 'a' 'b';`).regions, []);
    assert.deepEqual(
      regionsOf(`EXECUTE 'SELECT 1' INTO n; EXECUTE 'SELECT $1' USING n;`).regions.map((r) => r.region.sql),
      ['SELECT 1', 'SELECT $1'],
    );
    assert.deepEqual(
      regionsOf(`EXECUTE 'SELECT 1'; EXECUTE 'SELECT 2';`, 10).regions.map((r) => r.region.sql),
      ['SELECT 1'],
    );
  });

  test('a finding in an EXECUTE inside an EXECUTE maps through both levels, and fixAll writes the action there', () => {
    const sql = `DO $$ BEGIN EXECUTE 'DO $x$ BEGIN EXECUTE ''ALTER TABLE todos ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id)''; END $x$'; END $$;`;
    const f = lint(sql).findings.filter((x) => x.ruleId === 'require-on-delete');
    assert.equal(f.length, 1);
    assert.equal(sql.slice(f[0].start, f[0].end), 'REFERENCES neon_auth.users_sync (id)');
    assert.equal(fixAll(sql).text, sql.replace('(id)', '(id) ON DELETE CASCADE'));
  });

  test('a suppression comment before the EXECUTE silences its findings; one inside the text too', () => {
    const sql = `DO $$ BEGIN
  -- neon-auth-ignore require-on-delete: the action is set by the next migration
  EXECUTE 'ALTER TABLE todos ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id)';
  EXECUTE '-- neon-auth-ignore require-on-delete: same
ALTER TABLE todos ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id)';
END $$;`;
    assert.deepEqual(
      lint(sql).findings.map((f) => f.ruleId),
      [],
    );
  });

  test('a hostile file: deeply nested EXECUTEs and a long EXECUTE text are checked within bounds', () => {
    let inner = `ALTER TABLE todos ADD FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id)`;
    for (let d = 0; d < 12; d++) inner = `DO $d${d}$ BEGIN EXECUTE $e${d}$${inner}$e${d}$; END $d${d}$`;
    assert.deepEqual(
      lint(inner).findings.map((f) => f.ruleId),
      [],
    ); // deeper than checked
    const long = `DO $$ BEGIN EXECUTE '${'SELECT 1; '.repeat(200_000)}'; END $$;`;
    assert.equal(lint(long).findings.length, 0);
  });
});
