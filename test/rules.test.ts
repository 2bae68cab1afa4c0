import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, lint, rules } from '../server/src/linter';
import { nthIndexOf, ruleCases } from './ruleCases';
import './helpers/fallback';

describe('rule cases', () => {
  test('every registered rule has cases, and every case set belongs to a rule', () => {
    assert.deepEqual(Object.keys(ruleCases).sort(), rules.map((r) => r.id).sort());
  });

  for (const [ruleId, cases] of Object.entries(ruleCases)) {
    describe(ruleId, () => {
      for (const c of cases) {
        test(c.name, () => {
          const result = lint(c.sql, c.options);
          if (!c.parserMayReject) assert.deepEqual(result.rejected, [], 'the case must parse');
          const found = result.findings.filter((f) => f.ruleId === ruleId);
          const expected = c.findings.map((e) => {
            const start = nthIndexOf(c.sql, e.at, e.nth);
            return { start, end: start + e.at.length };
          });
          assert.deepEqual(found.map((f) => ({ start: f.start, end: f.end })), expected, 'finding ranges');
          found.forEach((f, k) => {
            const e = c.findings[k];
            if (e.message !== undefined) assert.ok(f.message.includes(e.message), `message "${f.message}" should contain "${e.message}"`);
            if (e.severity !== undefined) assert.equal(f.severity, e.severity, 'severity');
            assert.deepEqual(
              f.fixes.map((x, j) => ({ title: x.title, preferred: x.isPreferred, output: applyEdits(c.sql, x.edits), ...(e.fixes[j]?.safe === undefined ? {} : { safe: x.safe }) })),
              e.fixes,
              'fixes (titles, preferred, fixed text, safe where the case says)',
            );
            for (const fix of f.fixes) {
              const after = lint(applyEdits(c.sql, fix.edits), c.options);
              if (c.parserMayReject) assert.ok(after.rejected.length <= result.rejected.length, `"${fix.title}" must not make a statement unparsable`);
              else assert.deepEqual(after.rejected, [], `"${fix.title}" must yield SQL that parses`);
              assert.equal(after.findings.filter((x) => x.ruleId === ruleId).length, found.length - 1, `"${fix.title}" silences its finding`);
            }
          });
        });
      }
    });
  }
});
