/**
 * `minimalEdits` and `minimalEdit` (server/src/lsp/commands.ts): the edits a fix-all sends to the
 * editor. Exact edits for known texts, then properties (fast-check, fixed seed): applying the edits
 * gives the new text, they are in order and apart, and no line the change left alone is inside one.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, fixAll } from '../server/src/linter';
import { minimalEdit, minimalEdits } from '../server/src/lsp/commands';
import './helpers/pgGrammar';

const SEED = 20261207;

describe('minimalEdits', () => {
  test('one edit per run of changed lines, each narrowed to the characters that differ', () => {
    const before = 'a\nSELECT * FROM t JOIN u ON true;\nb\nc\nREFERENCES x(id));\nd\n';
    const after = 'a\nSELECT * FROM t LEFT JOIN u ON true;\nb\nc\nREFERENCES x(id) ON DELETE CASCADE);\nd\n';
    assert.deepEqual(minimalEdits(before, after), [
      { start: 18, end: 18, newText: 'LEFT ' },
      { start: 54, end: 54, newText: ' ON DELETE CASCADE' },
    ]);
    assert.equal(applyEdits(before, minimalEdits(before, after)), after);
  });

  test('equal texts need no edit; a text emptied or filled is one edit', () => {
    assert.deepEqual(minimalEdits('x\n', 'x\n'), []);
    assert.deepEqual(minimalEdits('a\nb\n', ''), [{ start: 0, end: 4, newText: '' }]);
    assert.deepEqual(minimalEdits('', 'a\nb'), [{ start: 0, end: 0, newText: 'a\nb' }]);
  });

  test('a change on the first line, also when it is empty', () => {
    assert.deepEqual(minimalEdits('\n\n', 'a\n\n'), [{ start: 0, end: 0, newText: 'a' }]);
    assert.deepEqual(minimalEdits('\nx', 'y\nx'), [{ start: 0, end: 0, newText: 'y' }]);
    assert.deepEqual(minimalEdits('\n', ''), [{ start: 0, end: 1, newText: '' }]);
  });

  test('CRLF lines keep their line ends; an added line is inserted whole', () => {
    const before = 'SELECT 1;\r\nSELECT 2;\r\n';
    const after = 'SELECT 1;\r\n-- note\r\nSELECT 2;\r\n';
    assert.deepEqual(minimalEdits(before, after), [{ start: 11, end: 11, newText: '-- note\r\n' }]);
  });

  test('a fix-all of a file with fixes far apart: every fixed line its own edit, the lines between untouched', () => {
    const filler = Array.from({ length: 50 }, (_, i) => `SELECT ${i};`).join('\n');
    const before = `SELECT * FROM "neon_auth.users_sync";\n${filler}\nSELECT * FROM "neon_auth.users_sync";\n`;
    const fixed = fixAll(before, {}, true).text;
    assert.equal(fixed, before.replaceAll('"neon_auth.users_sync"', '"neon_auth"."users_sync"'));
    const edits = minimalEdits(before, fixed);
    assert.deepEqual(
      edits.map((e) => [before.slice(0, e.start).split('\n').length - 1, e.newText]),
      [
        [0, '"."'],
        [51, '"."'],
      ],
    );
    assert.equal(applyEdits(before, edits), fixed);
  });

  const line = fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z ;()'"]{0,12}$/));
  const lineEnd = fc.constantFrom('\n', '\r\n');
  const text = fc.array(fc.tuple(line, lineEnd), { maxLength: 12 }).map((ls) => ls.map(([l, e]) => l + e).join(''));
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.oneof(line, fc.constant('\n'), fc.constant('😀')));
  const edited = fc.tuple(text, fc.array(edit, { maxLength: 4 })).map(([t, es]) => {
    let out = t;
    for (const [at, len, ins] of es) {
      const start = at % (out.length + 1);
      out = out.slice(0, start) + ins + out.slice(Math.min(out.length, start + len));
    }
    return [t, out] as const;
  });

  test('properties: the edits give the new text, in order and apart, never splitting a surrogate pair or CRLF, leaving unchanged lines alone', () => {
    fc.assert(
      fc.property(edited, ([before, after]) => {
        const edits = minimalEdits(before, after);
        assert.equal(applyEdits(before, edits), after);
        for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1].end < edits[i].start, 'apart and in order');
        for (const e of edits) {
          for (const at of [e.start, e.end]) {
            assert.ok(!(before[at - 1] === '\r' && before[at] === '\n'), 'no edit end inside a CRLF');
            const c = before.charCodeAt(at - 1);
            assert.ok(!(c >= 0xd800 && c <= 0xdbff && at < before.length), 'no edit end after a high surrogate');
          }
        }
        // nothing outside the lines the single edit from the first change to the last touches
        const one = minimalEdit(before, after);
        const firstLine = before.slice(0, one.start).lastIndexOf('\n') + 1;
        const nl = before.indexOf('\n', one.end);
        if (edits.length > 0) assert.ok(edits[0].start >= firstLine && edits[edits.length - 1].end <= (nl < 0 ? before.length : nl + 1));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
