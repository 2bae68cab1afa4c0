/**
 * Property tests of the linter core (fast-check). Deterministic by default: a fixed seed and a
 * fixed number of runs, both overridable from the environment for longer runs:
 *
 *   NEON_AUTH_FC_SEED=12345 NEON_AUTH_FC_RUNS=2000 node --test out/test/properties.test.js
 *
 * `NEON_AUTH_FC_RUNS` replaces every property's default run count, and makes the truncation sweep
 * lint every prefix of every rule case instead of every third. A failing property prints its seed,
 * its path and the shrunk counterexample.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import {
  applyEdits,
  completionContextAt,
  Finding,
  fixAll,
  FixAllResult,
  hoverAt,
  LineIndex,
  lint,
  LintResult,
  PARSE_ERROR_ID,
  preferredFixEdits,
  rules,
  TextEdit,
} from '../server/src/linter';
import { tokenize } from '../server/src/linter/lexer';
import { DocumentIndex } from '../server/src/linter/documentIndex';
import { applySuppressions, CommentToken, Directive, findDirectives } from '../server/src/linter/suppressions';
import { referenceScope, referenceSuppressions } from './helpers/suppressionReference';
import {
  CASES,
  caseSql,
  soup,
  mutation,
  mutate,
  mutatedCase,
  gentleMutation,
  gentlyMutatedCase,
  scopedStatement,
  uniqueNamesStatement,
  inBody,
  withTrivia,
  plausibleStatement,
  plausibleFile,
  crlf,
  mixedLineEnds,
} from './helpers/arbitraries';
// As the CLI and the language server do at startup: some rule cases parse only with it.
import './helpers/pgGrammar';

const SEED = envInt('NEON_AUTH_FC_SEED') ?? 20261129;
const RUNS = envInt('NEON_AUTH_FC_RUNS');

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}

/**
 * The truncation sweep lints every CUT_STRIDE-th prefix of every rule case (offset by the seed, so
 * other seeds cover the other prefixes); a longer run (NEON_AUTH_FC_RUNS set) lints every prefix.
 */
const CUT_STRIDE = RUNS === undefined ? 3 : 1;

/** fast-check parameters of one property: the shared seed, and its default run count unless overridden. */
const params = (defaultRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: RUNS ?? defaultRuns });

// ---------------------------------------------------------------------------------------------
// Well-formedness

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);
const CONTEXTS = new Set(['references', 'columnDefinition', 'statementStart', null]);

function assertRange(start: number, end: number, length: number, what: string): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `${what}: integer offsets, got [${start}, ${end})`);
  assert.ok(0 <= start && start <= end && end <= length, `${what}: [${start}, ${end}) within 0..${length}`);
}

function assertFinding(text: string, f: Finding): void {
  assert.equal(typeof f.ruleId, 'string');
  assert.ok(SEVERITIES.has(f.severity), `severity ${f.severity}`);
  assert.ok(typeof f.message === 'string' && f.message.length > 0, 'a message');
  assertRange(f.start, f.end, text.length, `finding ${f.ruleId}`);
  for (const fix of f.fixes) {
    assert.ok(typeof fix.title === 'string' && fix.title.length > 0, 'a fix title');
    assert.ok(fix.edits.length > 0, `fix "${fix.title}" has edits`);
    fix.edits.forEach((e, k) => {
      assertRange(e.start, e.end, text.length, `edit of "${fix.title}"`);
      assert.equal(typeof e.newText, 'string');
      if (k > 0) assert.ok(fix.edits[k - 1].end <= e.start, `edits of "${fix.title}" ascending and non-overlapping`);
    });
    assert.doesNotThrow(() => applyEdits(text, fix.edits), `"${fix.title}" applies`);
  }
  assert.ok(f.fixes.filter((x) => x.isPreferred).length <= 1, 'at most one preferred fix');
}

function assertLintResult(text: string, r: LintResult): void {
  assert.ok(Number.isInteger(r.statements) && r.statements >= 0, 'statements count');
  assert.ok(Number.isInteger(r.parsed) && r.parsed >= 0 && r.parsed <= r.statements, 'parsed count');
  r.findings.forEach((f, k) => {
    assertFinding(text, f);
    if (k > 0) assert.ok(r.findings[k - 1].start <= f.start, 'findings sorted by start');
  });
  for (const rej of r.rejected) {
    assertRange(rej.start, rej.end, text.length, 'rejected statement');
    if (rej.errorOffset !== undefined) assertRange(rej.errorOffset, rej.errorOffset, text.length, 'rejected errorOffset');
  }
}

/** `relint`: also check that `result` is the lint result of `text` (one more lint). */
function assertFixAllResult(text: string, r: FixAllResult, relint = true): void {
  assert.equal(typeof r.text, 'string');
  assert.ok(Number.isInteger(r.applied) && r.applied >= 0, 'applied count');
  if (r.applied === 0) assert.equal(r.text, text, 'nothing applied: text unchanged');
  assertLintResult(r.text, r.result);
  if (relint) assert.deepEqual(r.result, lint(r.text), 'fixAll().result is the lint result of fixAll().text');
}

/**
 * `lint`, `fixAll`, `hoverAt` and `completionContextAt` at `offsets` return well-formed results.
 * `thorough` (default): also `fixAll` of safe fixes only, and fixAll's result against a fresh lint;
 * off for inputs whose every lint takes long (deep nesting).
 */
function checkAll(text: string, offsets: readonly number[], thorough = true): void {
  assertLintResult(text, lint(text));
  assertFixAllResult(text, fixAll(text), thorough);
  if (thorough) assertFixAllResult(text, fixAll(text, {}, true));
  for (const raw of [0, text.length, ...offsets]) {
    const k = raw % (text.length + 1);
    const h = hoverAt(text, k);
    if (h !== null) {
      assertRange(h.start, h.end, text.length, `hover at ${k}`);
      assert.ok(h.start <= k && k <= h.end, `hover range [${h.start}, ${h.end}) contains ${k}`);
      assert.ok(typeof h.markdown === 'string' && h.markdown.length > 0, 'hover markdown');
    }
    assert.ok(CONTEXTS.has(completionContextAt(text, k)), `completion context at ${k}`);
  }
}

const offsets = fc.array(fc.nat(), { minLength: 1, maxLength: 4 });

// ---------------------------------------------------------------------------------------------

describe('properties: never throws, well-formed results', () => {
  test('lint, fixAll, hoverAt and completionContextAt return well-formed results on token soups', () => {
    fc.assert(
      fc.property(soup, offsets, (text, ks) => checkAll(text, ks)),
      params(1000),
    );
  });

  test('lint, fixAll, hoverAt and completionContextAt return well-formed results on generated SQL, whole, truncated and mutated', () => {
    const text = fc.oneof(
      plausibleFile,
      fc.tuple(plausibleFile, fc.nat()).map(([t, cut]) => t.slice(0, cut % (t.length + 1))),
      fc.tuple(plausibleFile, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([t, ms]) => mutate(t, ms)),
      fc.tuple(plausibleStatement, soup).map(([t, x]) => `${t} ${x}`),
    );
    fc.assert(
      fc.property(text, offsets, (t, ks) => checkAll(t, ks)),
      params(150),
    );
  });

  test(`lint and fixAll return well-formed results on every ${CUT_STRIDE === 1 ? '' : 'third '}truncation of every rule case`, () => {
    let cuts = 0;
    for (const c of CASES) {
      for (let cut = ((SEED % CUT_STRIDE) + CUT_STRIDE) % CUT_STRIDE; cut <= c.sql.length; cut += CUT_STRIDE) {
        const text = c.sql.slice(0, cut);
        assertLintResult(text, lint(text));
        if (cuts++ % 4 === 0 || CUT_STRIDE === 1) assertFixAllResult(text, fixAll(text), false);
      }
    }
  });

  test('all four return well-formed results on random truncations of rule cases', () => {
    fc.assert(
      fc.property(caseSql, fc.nat(), offsets, (sql, cut, ks) => checkAll(sql.slice(0, cut % (sql.length + 1)), ks)),
      params(500),
    );
  });

  test('all four return well-formed results on random single-character mutations of rule cases', () => {
    fc.assert(
      fc.property(mutatedCase, offsets, (text, ks) => checkAll(text, ks)),
      params(1000),
    );
  });

  test('all four return well-formed results on deep nesting', () => {
    const shapes: Array<(o: string, c: string) => string> = [
      (o, c) => `SELECT ${o}1${c} FROM neon_auth.users_sync u`,
      (o, c) => `SELECT * FROM ${o}neon_auth.users_sync u JOIN posts p ON u.id = p.author_id${c}`,
      (o, c) => `SELECT * FROM posts p JOIN neon_auth.users_sync u ON ${o}u.id = p.author_id${c} WHERE u.deleted_at IS NULL`,
      (o, c) => `CREATE TABLE t (id text REFERENCES neon_auth.users_sync(id) CHECK ${o}true${c})`,
      (o) => `SELECT * FROM neon_auth.users_sync u WHERE ${o}`,
      (_o, c) => `SELECT * FROM neon_auth.users_sync u WHERE ${c}`,
      (o, c) => `${o}SELECT 1 FROM neon_auth.users_sync u${c}`,
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 1, max: 3000 }), offsets, (s, depth, ks) => {
        checkAll(shapes[s]('('.repeat(depth), ')'.repeat(depth)), ks, false);
      }),
      params(10),
    );
  });

  test('all four return well-formed results on nested subqueries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), offsets, (depth, ks) => {
        let q = 'SELECT id FROM neon_auth.users_sync u0';
        for (let d = 1; d <= depth; d++) q = `SELECT u${d}.id FROM neon_auth.users_sync u${d} JOIN (${q}) s${d} ON s${d}.id = u${d}.id`;
        checkAll(q, ks, false);
      }),
      params(15),
    );
  });

  test('all four return well-formed results on 100k-character identifiers, strings and comments', () => {
    const shapes: Array<(id: string) => string> = [
      (id) => `SELECT ${id}.name FROM neon_auth.users_sync ${id} JOIN posts p ON p.author_id = ${id}.id`,
      (id) => `SELECT u.name FROM "${id}".users_sync u`,
      (id) => `SELECT u."${id}" FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL`,
      (id) => `SELECT '${id}' FROM neon_auth.users_sync u`,
      (id) => `SELECT E'${id}' FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id`,
      (id) => `SELECT $${id}$x$${id}$ FROM neon_auth.users_sync u`,
      (id) => `SELECT :${id} FROM neon_auth.users_sync u`,
      (id) => `-- ${id}\nSELECT 1 FROM neon_auth.users_sync u /* ${id} */`,
      (id) => `CREATE TABLE ${id} (${id} text REFERENCES neon_auth.users_sync(id))`,
      (id) => `${id}`,
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: shapes.length - 1 }), fc.constantFrom('a', 'é', '😀', '_x1'), offsets, (s, unit, ks) => {
        const id = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
        checkAll(shapes[s](id), ks);
      }),
      params(20),
    );
  });

  test('all four return well-formed results on CRLF and mixed line endings', () => {
    for (const c of CASES) checkAll(crlf(c.sql), [0]);
    fc.assert(
      fc.property(caseSql, fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 8 }), offsets, (sql, choices, ks) =>
        checkAll(mixedLineEnds(sql, choices), ks),
      ),
      params(300),
    );
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * Removes whitespace between two significant tokens where Postgres needs none (cycling through
 * `choices`): next to `( ) , ;`, between a closed string or quoted name and a word, around `=`
 * and `<>`. Never next to a number, parameter, psql variable, comment or a word before a quote
 * (`E'…'`), nor between two words, two strings or two quoted names (they would merge).
 */
function squeeze(sql: string, choices: readonly boolean[]): string {
  const tokens = tokenize(sql);
  const quoted = (k: string): boolean => k === 'string' || k === 'quotedIdent';
  let k = 0;
  return tokens
    .map((t, i) => {
      const a = tokens[i - 1];
      const b = tokens[i + 1];
      const text = sql.slice(t.start, t.end);
      // the line break that ends a -- comment is not optional
      if (t.kind !== 'whitespace' || !a || !b || a.unterminated || b.unterminated || a.kind === 'lineComment') return text;
      const ok =
        (a.kind === 'punct' && a.value !== '.' && a.value !== ':' && b.kind !== 'number') ||
        (b.kind === 'punct' && b.value !== '.' && b.value !== ':' && a.kind !== 'number') ||
        (quoted(a.kind) && b.kind === 'word') ||
        (a.kind === 'word' && b.kind === 'quotedIdent') ||
        (a.kind === 'operator' && (a.value === '=' || a.value === '<>') && (b.kind === 'word' || quoted(b.kind))) ||
        (b.kind === 'operator' && (b.value === '=' || b.value === '<>') && (a.kind === 'word' || quoted(a.kind)));
      if (!ok || ['param', 'psqlVar', 'psqlMeta', 'number', 'dollarString'].some((kind) => a.kind === kind || b.kind === kind)) return text;
      return choices[k++ % choices.length] ? '' : text;
    })
    .join('');
}

/**
 * Every fix offered on `text` re-parses and silences exactly its finding, and the findings of the
 * same rule that offer the very same edits (two foreign keys with ON DELETE SET NULL on one NOT NULL
 * column share the "remove NOT NULL" fix): no more, no fewer. Skips texts with a rejected statement.
 */
function checkFixes(text: string): boolean {
  const before = lint(text);
  if (before.rejected.length > 0) return false;
  for (const f of before.findings) {
    const sameRule = before.findings.filter((x) => x.ruleId === f.ruleId);
    for (const fix of f.fixes) {
      const fixed = applyEdits(text, fix.edits);
      const after = lint(fixed);
      assert.deepEqual(after.rejected, [], `"${fix.title}" must yield text that parses:\n${fixed}`);
      const sharing = sameRule.filter((x) => x.fixes.some((y) => isDeepStrictEqual(y.edits, fix.edits))).length;
      assert.equal(
        after.findings.filter((x) => x.ruleId === f.ruleId).length,
        sameRule.length - sharing,
        `"${fix.title}" silences its ${f.ruleId} finding and those offering the same edits:\n${fixed}`,
      );
    }
  }
  return true;
}

describe('properties: fixes', () => {
  test('every fix offered on a rule case re-parses and silences its finding', () => {
    // Cases with a statement the parser rejects have their fixes checked by the rule tests instead.
    for (const c of CASES) if (!c.parserMayReject) assert.ok(checkFixes(c.sql), `case "${c.name}" parses`);
  });

  test('a fix shared by two findings silences both; a fix of one key silences only its own', () => {
    const sql =
      'CREATE TABLE tags (owner_id text NOT NULL);\n' +
      'ALTER TABLE tags ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n' +
      'ALTER TABLE tags ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;';
    const { findings } = lint(sql);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.fixes.map((x) => x.title)]),
      [0, 1].map(() => [
        'no-set-null-on-not-null',
        ['Remove NOT NULL from the column (keep its rows without their user)', 'Change to ON DELETE CASCADE (delete its rows with their user)'],
      ]),
    );
    assert.deepEqual(findings[0].fixes[0].edits, findings[1].fixes[0].edits);
    assert.equal(lint(applyEdits(sql, findings[0].fixes[0].edits)).findings.length, 0);
    assert.equal(lint(applyEdits(sql, findings[0].fixes[1].edits)).findings.length, 1);
    assert.ok(checkFixes(sql));
  });

  test('a name with a lone surrogate is that name with U+FFFD, as Postgres receives it: the deleted_at filter fix silences its finding', () => {
    const sql =
      'SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync AS a (deleted_at, i, n, e, c, up, \udc00deleted_at) ON a.i = p.author_id AND a.deleted_at IS NULL;';
    const { findings } = lint(sql);
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.fixes[0]?.title]),
      [['require-deleted-at-filter', 'Add a."\ufffddeleted_at" IS NULL to WHERE (drops rows whose user was soft-deleted)']],
    );
    assert.deepEqual(lint(applyEdits(sql, findings[0].fixes[0].edits)).findings, []);
    assert.ok(checkFixes(sql));
  });

  test('every fix offered on a mutated rule case that still parses re-parses and silences its finding', (t) => {
    let checked = 0;
    fc.assert(
      fc.property(fc.oneof(gentlyMutatedCase, mutatedCase), (text) => {
        if (checkFixes(text)) checked++;
      }),
      params(1000),
    );
    assert.ok(checked > 0, 'some mutated cases still parse');
    t.diagnostic(`${checked} mutated cases parsed and were checked`);
  });

  test('removing optional whitespace between tokens keeps the findings, and every fix still re-parses and silences its finding', (t) => {
    const check = (sql: string, choices: readonly boolean[]): boolean => {
      const text = squeeze(sql, choices);
      const before = lint(sql);
      const after = lint(text);
      if (before.rejected.length > 0 || after.rejected.length > 0) return false;
      assert.deepEqual(
        after.findings.map((f) => f.ruleId),
        before.findings.map((f) => f.ruleId),
        `same findings after squeezing:\n${text}`,
      );
      checkFixes(text);
      return true;
    };
    for (const c of CASES) check(c.sql, [true]);
    let checked = 0;
    fc.assert(
      fc.property(fc.oneof(caseSql, withTrivia(uniqueNamesStatement)), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (sql, choices) => {
        if (check(sql, choices)) checked++;
      }),
      params(200),
    );
    assert.ok(checked > 0);
    t.diagnostic(`${checked} squeezed texts parsed and were checked`);
  });

  /** Runs checkFixes over `texts`; reports how many parsed and how many fixes were checked. */
  const fixProperty = (t: { diagnostic(m: string): void }, texts: fc.Arbitrary<string>, runs: number): void => {
    let checked = 0;
    let fixes = 0;
    fc.assert(
      fc.property(texts, (text) => {
        if (checkFixes(text)) {
          checked++;
          fixes += lint(text).findings.reduce((n, f) => n + f.fixes.length, 0);
        }
      }),
      params(runs),
    );
    assert.ok(checked > 0, 'some generated SQL parses');
    t.diagnostic(`${checked} generated texts parsed, ${fixes} fixes checked`);
  };
  const gently = (st: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc.tuple(st, fc.array(gentleMutation, { minLength: 1, maxLength: 2 })).map(([q, fs]) => fs.reduce((x, f) => f(x), q));

  test('every fix offered on generated SQL whose names are declared once re-parses and silences its finding', (t) => {
    const one = fc.oneof(withTrivia(uniqueNamesStatement), withTrivia(inBody(uniqueNamesStatement)));
    fixProperty(t, fc.oneof(one, gently(one)), 100);
  });

  test('every fix offered on generated SQL where a subquery reuses an outer name re-parses and silences its finding', (t) => {
    fixProperty(t, withTrivia(scopedStatement), 100);
  });

  test('every fix offered on a generated file of several statements re-parses and silences its finding', (t) => {
    fixProperty(t, plausibleFile, 30);
  });
});

// ---------------------------------------------------------------------------------------------

function checkFixedPoint(text: string): void {
  for (const onlySafe of [false, true]) {
    const once = fixAll(text, {}, onlySafe);
    const twice = fixAll(once.text, {}, onlySafe);
    assert.equal(twice.text, once.text, `fixAll(onlySafe=${onlySafe}) is idempotent`);
    assert.equal(twice.applied, 0, `fixAll(onlySafe=${onlySafe}) applies nothing the second time`);
  }
}

describe('properties: preferredFixEdits', () => {
  /** The reference: each fix compared with every edit taken (quadratic), conflicts as `preferredFixEdits` documents them. */
  const reference = (findings: readonly Finding[]): { edits: TextEdit[]; count: number } => {
    const conflicts = (a: TextEdit, b: TextEdit): boolean =>
      (a.start < b.end && b.start < a.end) ||
      (a.start === a.end && b.start <= a.start && a.start <= b.end) ||
      (b.start === b.end && a.start <= b.start && b.start <= a.end);
    const edits: TextEdit[] = [];
    let count = 0;
    for (const f of findings) {
      const fix = f.fixes.find((x) => x.isPreferred);
      if (!fix || fix.edits.some((e) => edits.some((t) => conflicts(e, t)))) continue;
      edits.push(...fix.edits);
      count++;
    }
    return { edits, count };
  };
  /** A fix of 1–3 ascending, non-overlapping edits (insertions included) within [0, 60]. */
  const fixEdits = fc
    .uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 2, maxLength: 6 })
    .map((xs) => xs.sort((a, b) => a - b))
    .chain((xs) =>
      fc
        .array(fc.boolean(), { minLength: xs.length >> 1, maxLength: xs.length >> 1 })
        .map((empty) => empty.map((e, k): TextEdit => ({ start: xs[2 * k], end: e ? xs[2 * k] : xs[2 * k + 1], newText: 'x' }))),
    );
  const finding = fc.tuple(fixEdits, fc.boolean()).map(
    ([edits, preferred]): Finding =>
      ({
        ruleId: 'r',
        messageId: 'm',
        message: '',
        severity: 'warning',
        start: 0,
        end: 0,
        fixes: [{ title: 't', isPreferred: preferred, safe: true, edits }],
      }) as unknown as Finding,
  );

  test('takes the same fixes and edits as comparing each fix with every edit taken, in any order of findings', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 30 }), (findings) => {
        assert.deepEqual(preferredFixEdits(findings), reference(findings));
      }),
      params(500),
    );
  });
});

describe('properties: fixAll reaches a fixed point', () => {
  test('fixAll of fixAll changes nothing on rule cases and their CRLF variants', () => {
    for (const c of CASES) {
      checkFixedPoint(c.sql);
      checkFixedPoint(crlf(c.sql));
    }
  });

  test('fixAll of fixAll changes nothing on concatenations of 2–4 rule cases', () => {
    fc.assert(
      fc.property(fc.array(caseSql, { minLength: 2, maxLength: 4 }), fc.boolean(), (sqls, useCrlf) => {
        const text = sqls.join(';\n');
        checkFixedPoint(useCrlf ? crlf(text) : text);
      }),
      params(200),
    );
  });

  test('fixAll of fixAll changes nothing on generated SQL', () => {
    fc.assert(
      fc.property(plausibleFile, (text) => checkFixedPoint(text)),
      params(100),
    );
  });
});

/**
 * The preferred fixes applied one at a time, re-linting after each (the first finding with one
 * first): what `fixAll` must equal, since the fixes it takes in one pass must not depend on each other.
 */
function fixOneAtATime(text: string, onlySafe: boolean): string {
  let current = text;
  for (let step = 0; step < 200; step++) {
    const fix = lint(current)
      .findings.map((f) => f.fixes.find((x) => x.isPreferred))
      .find((x) => x !== undefined && (!onlySafe || x.safe));
    if (!fix) break;
    const next = applyEdits(current, fix.edits);
    if (next === current) break;
    current = next;
  }
  return current;
}

function checkOnePassEqualsOneAtATime(text: string): void {
  for (const onlySafe of [false, true]) {
    assert.equal(
      fixAll(text, {}, onlySafe).text,
      fixOneAtATime(text, onlySafe),
      `fixAll(onlySafe=${onlySafe}) equals the fixes applied one at a time:\n${text}`,
    );
  }
}

describe('properties: fixAll equals applying the fixes one at a time, re-linting between', () => {
  test('on rule cases', () => {
    for (const c of CASES) checkOnePassEqualsOneAtATime(c.sql);
  });

  test('on concatenations of 2–4 rule cases', () => {
    fc.assert(
      fc.property(fc.array(caseSql, { minLength: 2, maxLength: 4 }), (sqls) => checkOnePassEqualsOneAtATime(sqls.join(';\n'))),
      params(100),
    );
  });

  test('on generated SQL', () => {
    const one = fc.oneof(withTrivia(uniqueNamesStatement), withTrivia(scopedStatement), withTrivia(inBody(uniqueNamesStatement)));
    fc.assert(
      fc.property(fc.oneof(one, plausibleFile), (text) => checkOnePassEqualsOneAtATime(text)),
      params(150),
    );
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * A character for a comment prefix: no line break, no `*` or `/` (they could close or open a block
 * comment), no NUL (a text with NUL is skipped as binary by design).
 */
const commentChar = fc.oneof(
  fc.constantFrom('é', '😀', '\t', ' ', 'a', '\uD800', '\uDFFF', '漢', '\u2028', '\u0085'),
  fc
    .integer({ min: 0x20, max: 0xffff })
    .filter((c) => c !== 0x2a && c !== 0x2f)
    .map((c) => String.fromCharCode(c)),
);
const prefixLine = fc.oneof(
  fc.constant('-- é😀\t'),
  fc.string({ unit: commentChar, maxLength: 20 }).map((s) => `-- ${s}`),
  fc.string({ unit: commentChar, maxLength: 20 }).map((s) => `/* ${s} */`),
  fc.constant('\t'),
  fc.constant(''),
  fc.constant('SELECT \'é😀\' AS "😀";'),
  fc.constant('\\set v é'),
);
/** A non-ASCII prefix of whole lines, each ended by `\n` or `\r\n`. */
const prefix = fc.array(fc.tuple(prefixLine, fc.constantFrom('\n', '\r\n')), { minLength: 1, maxLength: 5 }).map((ls) => ls.map(([l, e]) => l + e).join(''));

/**
 * `prefix` + `sql` where, inside whitespace tokens only, line breaks become `\r\n` and spaces
 * become tabs as `crlfs`/`tabs` say (cycled). Returns the text and the map from each offset of
 * `sql` to its offset in the text.
 */
function variantOf(sql: string, pre: string, crlfs: readonly boolean[], tabs: readonly boolean[]): { text: string; map: number[] } {
  let out = pre;
  const map: number[] = [];
  let nl = 0;
  let sp = 0;
  for (const t of tokenize(sql)) {
    for (let i = t.start; i < t.end; i++) {
      map[i] = out.length;
      const ch = sql[i];
      if (t.kind === 'whitespace' && ch === '\n' && sql[i - 1] !== '\r') out += crlfs[nl++ % crlfs.length] ? '\r\n' : '\n';
      else if (t.kind === 'whitespace' && ch === ' ') out += tabs[sp++ % tabs.length] ? '\t' : ' ';
      else out += ch;
    }
  }
  map[sql.length] = out.length;
  return { text: out, map };
}

/** Line/character of every offset by splitting on line breaks (`\n`, `\r\n`, lone `\r`): the oracle for LineIndex. */
function oraclePositions(text: string): Array<{ line: number; character: number }> {
  const out: Array<{ line: number; character: number }> = [];
  let line = 0;
  let lineStart = 0;
  for (let o = 0; o <= text.length; o++) {
    out.push({ line, character: o - lineStart });
    const c = text[o];
    if (c === '\n' || (c === '\r' && text[o + 1] !== '\n')) {
      line++;
      lineStart = o + 1;
    }
  }
  return out;
}

const inCrlf = (text: string, o: number): boolean => text[o - 1] === '\r' && text[o] === '\n';

describe('properties: positions', () => {
  test('findings cover the same source text after a non-ASCII prefix, CRLF line ends and tabs', () => {
    fc.assert(
      fc.property(
        fc.oneof(caseSql, plausibleFile),
        prefix,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        (sql, pre, crlfs, tabs) => {
          const { text, map } = variantOf(sql, pre, crlfs, tabs);
          const base = lint(sql).findings;
          const got = lint(text).findings;
          const range = (f: Finding) => ({ ruleId: f.ruleId, start: f.start, end: f.end });
          assert.deepEqual(
            got.map(range),
            base.map((f) => ({ ruleId: f.ruleId, start: map[f.start], end: map[f.end] })),
            'finding ranges move with the text',
          );
          if (!tabs.includes(true) && !crlfs.includes(true)) {
            assert.deepEqual(
              got.map((f) => text.slice(f.start, f.end)),
              base.map((f) => sql.slice(f.start, f.end)),
              'same source text',
            );
          }
          assert.deepEqual(
            got.map((f) => f.fixes.map((x) => x.edits.map((e) => [e.start, e.end]))),
            base.map((f) => f.fixes.map((x) => x.edits.map((e) => [map[e.start], map[e.end]]))),
            'fix edit ranges move with the text',
          );
          // line/character: shifted down by the prefix's lines, same character
          const prefixLines = oraclePositions(pre)[pre.length].line;
          const bi = new LineIndex(sql);
          const vi = new LineIndex(text);
          got.forEach((f, k) => {
            const b = bi.positionAt(base[k].start);
            assert.deepEqual(vi.positionAt(f.start), { line: b.line + prefixLines, character: b.character }, 'finding start line/character');
          });
        },
      ),
      params(300),
    );
  });

  test('LineIndex positionAt/offsetAt round-trip on every offset outside a \\r\\n pair', () => {
    const texts = fc.oneof(
      fc
        .tuple(caseSql, prefix, fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }))
        .map(([sql, pre, c, t]) => variantOf(sql, pre, c, t).text),
      fc.tuple(caseSql, fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 8 })).map(([sql, ch]) => mixedLineEnds(sql, ch)),
      fc.string({ unit: fc.constantFrom('a', '\n', '\r', '\r\n', '\t', 'é', '😀', '\uD800'), maxLength: 60 }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const idx = new LineIndex(text);
        const oracle = oraclePositions(text);
        for (let o = 0; o <= text.length; o++) {
          if (inCrlf(text, o)) continue;
          const p = idx.positionAt(o);
          assert.deepEqual(p, oracle[o], `positionAt(${o})`);
          assert.equal(idx.offsetAt(p), o, `offsetAt(positionAt(${o}))`);
        }
      }),
      params(500),
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('properties: each statement check is bounded', () => {
  const fill = (head: string, unit: string, tail: string, size: number): string =>
    head + unit.repeat(Math.ceil((size - head.length - tail.length) / unit.length)) + tail;
  const KB300 = 300 * 1024;
  const bigStatements: Array<[string, string]> = [
    ['an IN list', fill('SELECT u.id FROM neon_auth.users_sync u WHERE u.id IN (', "'abcdefgh', ", "'x')", KB300)],
    ['an AND chain', fill('SELECT u.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE true', " AND u.id <> 'x'", '', KB300)],
    ['a long string literal', fill("SELECT u.id FROM neon_auth.users_sync u WHERE u.name = '", 'é😀', "'", KB300)],
    ['unbalanced parentheses', fill('SELECT u.id FROM neon_auth.users_sync u WHERE ', '(', '', KB300)],
    ['a token soup', fill('SELECT * FROM neon_auth.users_sync u JOIN ', "u ON , ( ) $1 :v 'a' ", '', KB300)],
    ['many columns', fill('CREATE TABLE t (id text REFERENCES neon_auth.users_sync(id)', ', c int', ')', KB300)],
  ];
  for (const [what, sql] of bigStatements) {
    test(`a 300 KB statement (${what}) mentioning neon_auth.users_sync lints with at most one parse-error`, () => {
      assert.ok(sql.length >= KB300);
      const r = lint(sql);
      assertLintResult(sql, r);
      assert.equal(r.statements, 1);
      const parseErrors = r.findings.filter((f) => f.ruleId === 'parse-error');
      assert.ok(parseErrors.length <= 1, `${parseErrors.length} parse-error findings`);
      for (const f of parseErrors) assert.equal(f.severity, 'info');
    });
  }

  // Long chains of binary operators nest the parser's AST thousands deep; a statement still under
  // the parse limit must not be skipped silently (say, by a stack overflow caught as "unknown AST").
  // The lengths fail with or without JIT warm-up (shorter chains overflow only in a cold process).
  const deepChains: Array<[string, number, (n: number) => string]> = [
    ['10,000 AND conditions (90 KB)', 10_000, (n) => `SELECT u.id FROM neon_auth.users_sync u WHERE true${' AND true'.repeat(n)}`],
    ['10,000 OR conditions (90 KB)', 10_000, (n) => `SELECT u.id FROM neon_auth.users_sync u WHERE false${' OR false'.repeat(n)}`],
    ['24,000 additions in the select list (48 KB)', 24_000, (n) => `SELECT 1${'+1'.repeat(n)} FROM neon_auth.users_sync u`],
  ];
  for (const [what, n, make] of deepChains) {
    test(`a statement with ${what} gets the findings of its one-term version, or a parse-error`, () => {
      const small = lint(make(1)).findings.map((f) => f.ruleId);
      assert.deepEqual(small, ['require-deleted-at-filter']);
      const text = make(n);
      const r = lint(text);
      assertLintResult(text, r);
      const ids = r.findings.map((f) => f.ruleId);
      assert.ok(
        ids.includes('parse-error') || small.every((id) => ids.includes(id)),
        `findings ${JSON.stringify(ids)}, expected ${JSON.stringify(small)} or a parse-error`,
      );
    });
  }

  test('no-null-rejecting-where judges a WHERE of 5,000 OR-ed conditions, and one 3,000 parentheses deep, on a LEFT JOINed user table', () => {
    const ors = Array.from({ length: 5000 }, (_, i) => `u.name = 'n${i}'`).join(' OR ');
    const deep = `${'('.repeat(3000)}u.name = 'n'${')'.repeat(3000)}`;
    for (const cond of [`(${ors})`, deep]) {
      const sql = `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE ${cond} AND u.deleted_at IS NULL`;
      const r = lint(sql);
      assertLintResult(sql, r);
      const at = sql.indexOf(cond);
      assert.deepEqual(
        r.findings.map((f) => [f.ruleId, f.start, f.end]),
        [['no-null-rejecting-where', at, at + cond.length]],
      );
    }
  });

  test('a file with 5,000 copies of a small valid query lints without error, with the findings of one copy each', () => {
    for (const q of [
      'SELECT u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;\n',
      'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\r\n',
      'CREATE TABLE t (user_id text REFERENCES neon_auth.users_sync(id));\n',
    ]) {
      const one = lint(q);
      const text = q.repeat(5000);
      const r = lint(text);
      assertLintResult(text, r);
      assert.equal(r.statements, 5000);
      assert.deepEqual(r.rejected, []);
      assert.equal(r.findings.length, 5000 * one.findings.length);
      assert.deepEqual(
        r.findings.map((f) => [f.ruleId, f.start % q.length, f.end - f.start]),
        Array.from({ length: 5000 }, () => one.findings.map((f) => [f.ruleId, f.start, f.end - f.start])).flat(),
      );
    }
  });
});

describe('properties: suppression comments', () => {
  // Any directives, statements (in any order, nested or overlapping) and findings: the indexed
  // matching answers what trying each directive on each finding answers.
  const RULE_IDS = ['r1', 'r2', 'r3', 'r4'];
  const syntheticText = fc.array(fc.constantFrom('a', 'a', ' ', '\n', '\r', '\t'), { maxLength: 60 }).map((cs) => cs.join(''));
  const syntheticDirective = fc.record({
    scope: fc.constantFrom('file' as const, 'line' as const, 'next' as const),
    start: fc.nat({ max: 70 }),
    length: fc.integer({ min: 1, max: 20 }),
    ids: fc.array(fc.constantFrom(...RULE_IDS, 'zz'), { maxLength: 4 }),
    until: fc.option(fc.nat({ max: 80 }), { nil: undefined }),
    unterminated: fc.boolean(),
  });
  const range = fc.tuple(fc.nat({ max: 70 }), fc.nat({ max: 15 })).map(([start, n]) => ({ start, end: start + n }));
  const syntheticFinding = fc
    .tuple(fc.constantFrom(...RULE_IDS), range)
    .map(([ruleId, r]): Finding => ({ ruleId, severity: 'warning', message: `${ruleId}@${r.start}`, start: r.start, end: r.end, fixes: [] }));

  test('applySuppressions equals the directive-by-directive reference on any directives, statements and findings', () => {
    fc.assert(
      fc.property(
        syntheticText,
        fc.array(syntheticDirective, { maxLength: 8 }),
        fc.array(range, { maxLength: 8 }),
        fc.array(syntheticFinding, { maxLength: 12 }),
        (text, raw, statements, findings) => {
          const directives: Directive[] = raw.map((d) => ({
            scope: d.scope,
            start: d.start,
            end: d.start + d.length,
            ids: d.ids.map((id, k) => ({ id, start: d.start + 3 + 3 * k, end: d.start + 5 + 3 * k })),
            idsStart: d.start + 3,
            idsEnd: d.start + 3 + 3 * d.ids.length,
            line: true,
            keywordStart: d.start + 1,
            keywordEnd: d.start + 2,
            listEnd: d.start + d.length,
            ...(d.until !== undefined ? { until: d.until } : {}),
            ...(d.unterminated ? { unterminated: true as const } : {}),
          }));
          const known = new Set(RULE_IDS.slice(0, 3));
          const off = new Set(RULE_IDS.slice(2, 4)); // one known, one unknown: an unknown id is reported whatever
          assert.deepEqual(
            applySuppressions(text, directives, statements, findings, known),
            referenceSuppressions(text, directives, statements, findings, known),
          );
          assert.deepEqual(
            applySuppressions(text, directives, statements, findings, known, undefined, off),
            referenceSuppressions(text, directives, statements, findings, known, off),
          );
        },
      ),
      params(2000),
    );
  });

  // Generated SQL with ignore comments put at line ends and line starts (in routine bodies and
  // strings too), and sometimes an unclosed one at the end: lint's findings are the reference
  // applied to the findings of the same text with the comments no longer directives.
  const ignoreComment = fc
    .tuple(
      fc.boolean(),
      fc.boolean(),
      fc.subarray(['prefer-left-join', 'require-deleted-at-filter', 'require-on-delete', 'no-such-rule', PARSE_ERROR_ID, 'prefer-left-join']),
      fc.constantFrom('', ': reason', ':x, y'),
    )
    .map(([block, file, ids, reason]) =>
      (block ? (body: string) => `/*${body}*/` : (body: string) => `--${body}\n`)(` neon-auth-ignore${file ? '-file' : ''} ${ids.join(', ')}${reason}`),
    );
  const withIgnores = fc
    .tuple(plausibleFile, fc.array(fc.tuple(fc.nat(), ignoreComment, fc.boolean()), { maxLength: 6 }), fc.option(ignoreComment, { nil: undefined }))
    .map(([text, inserts, unclosed]) => {
      const breaks = [...text.matchAll(/\n/g)].map((m) => m.index!);
      let out = text;
      for (const [k, comment, before] of [...inserts].sort((a, b) => b[0] - a[0])) {
        if (breaks.length === 0) break;
        const at = breaks[k % breaks.length] + (before ? 0 : 1);
        if (at > out.length) continue;
        out = out.slice(0, at) + comment + out.slice(at);
      }
      return unclosed === undefined ? out : `${out} ${unclosed.replace(/\*\/$|\n$/, '').replace(/^--/, '/*')}`;
    });

  test('lint with ignore comments equals the reference applied to the findings without them', () => {
    const known = new Set([...rules.map((r) => r.id), PARSE_ERROR_ID]);
    fc.assert(
      fc.property(withIgnores, (text) => {
        // The same text with no directive (same length; a keyword in another case would be reported as unused-ignore).
        const plain = lint(text.replaceAll('neon-auth-ignore', 'neon-auth-ignorX')).findings;
        const statements: Array<{ start: number; end: number }> = [];
        const comments: CommentToken[] = [];
        for (const c of DocumentIndex.of(text).chunks) {
          for (const s of c.data.statements) statements.push({ start: c.start + s.start, end: c.start + s.end });
          for (const d of c.data.directives)
            comments.push({ ...d, start: c.start + d.start, end: c.start + d.end, ...(d.until !== undefined ? { until: c.start + d.until } : {}) });
        }
        const directives = findDirectives(text, comments);
        for (const d of directives) assert.equal(d.scope, referenceScope(text, d), `scope of ${text.slice(d.start, d.end)}`);
        assert.deepEqual(lint(text).findings, referenceSuppressions(text, directives, statements, plain, known));
      }),
      params(100),
    );
  });

  test('a file of 5,000 ignore-comment and statement pairs gets the findings of one pair, 5,000 times', () => {
    for (const pair of [
      '-- neon-auth-ignore prefer-left-join, require-on-delete: x\nSELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\n',
      'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id /* neon-auth-ignore prefer-left-join */ /* neon-auth-ignore prefer-left-join, require-deleted-at-filter */;\n',
    ]) {
      const one = lint(pair);
      assert.ok(one.findings.some((f) => f.ruleId === 'unused-ignore'));
      const text = pair.repeat(5000);
      const r = lint(text);
      assertLintResult(text, r);
      assert.deepEqual(
        r.findings.map((f) => [f.ruleId, f.start % pair.length, f.end - f.start, f.message]),
        Array.from({ length: 5000 }, () => one.findings.map((f) => [f.ruleId, f.start, f.end - f.start, f.message])).flat(),
      );
    }
  });
});
