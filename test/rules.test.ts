import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, lint, rules } from '../server/src/linter';
import { nthIndexOf, ruleCases } from './ruleCases';
import './helpers/pgGrammar';

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
          assert.deepEqual(
            found.map((f) => ({ start: f.start, end: f.end })),
            expected,
            'finding ranges',
          );
          found.forEach((f, k) => {
            const e = c.findings[k];
            assert.equal(f.messageId, e.messageId, 'message id');
            if (e.message !== undefined) assert.ok(f.message.includes(e.message), `message "${f.message}" should contain "${e.message}"`);
            if (e.severity !== undefined) assert.equal(f.severity, e.severity, 'severity');
            assert.deepEqual(
              f.fixes.map((x, j) => ({
                title: x.title,
                preferred: x.isPreferred,
                output: applyEdits(c.sql, x.edits),
                ...(e.fixes[j]?.safe === undefined ? {} : { safe: x.safe }),
              })),
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

describe('match-user-id-comparison next to match-user-id-type', () => {
  // The shape of the held-out legacy/schema.sql: Neon's best-practices page declares the column uuid.
  const withKey = (ddl: string): string => `${ddl}
CREATE VIEW post_feed AS SELECT p.id FROM posts p LEFT JOIN neon_auth.users_sync ON p.author_id = neon_auth.users_sync.id WHERE neon_auth.users_sync.deleted_at IS NULL;`;
  const shapes: Array<[string, string]> = [
    ['a column constraint', 'CREATE TABLE posts (id serial PRIMARY KEY, author_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);'],
    [
      'a table constraint',
      'CREATE TABLE posts (id serial PRIMARY KEY, author_id uuid, FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync (id) ON DELETE SET NULL);',
    ],
    [
      'ALTER TABLE … ADD CONSTRAINT',
      'CREATE TABLE posts (id serial PRIMARY KEY, author_id uuid);\nALTER TABLE posts ADD CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync ON DELETE SET NULL;',
    ],
    [
      'ALTER TABLE … ADD COLUMN … REFERENCES',
      'CREATE TABLE posts (id serial PRIMARY KEY);\nALTER TABLE posts ADD COLUMN author_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;',
    ],
  ];
  for (const [how, ddl] of shapes) {
    test(`a uuid column whose foreign key (${how}) references the text users_sync.id is reported once, on its type; its fix settles the comparison too`, () => {
      const sql = withKey(ddl);
      const found = lint(sql).findings.filter((f) => f.ruleId.startsWith('match-user-id'));
      assert.deepEqual(
        found.map((f) => [f.ruleId, sql.slice(f.start, f.end)]),
        [['match-user-id-type', 'uuid']],
      );
      const fixed = applyEdits(sql, found[0].fixes[0].edits);
      assert.deepEqual(
        lint(fixed).findings.filter((f) => f.ruleId.startsWith('match-user-id')),
        [],
      );
    });
  }
  test('without the foreign key, the comparison is reported', () => {
    const sql = withKey('CREATE TABLE posts (id serial PRIMARY KEY, author_id uuid);');
    const found = lint(sql).findings.filter((f) => f.ruleId.startsWith('match-user-id'));
    assert.deepEqual(
      found.map((f) => [f.ruleId, sql.slice(f.start, f.end)]),
      [['match-user-id-comparison', 'p.author_id']],
    );
  });
  // Lint only: drizzle-kit's table fails first (42804), so test/drizzle.test.ts cannot prove this module.
  const drizzleModule = (authorId: string): string => `import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { db } from './db';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), authorId: ${authorId}('author_id').references(() => usersSync.id, { onDelete: 'cascade' }), body: text('body') });
export const rows = await db.select().from(notes).leftJoin(usersSync, eq(notes.authorId, usersSync.id));
`;
  test("in Drizzle, a uuid() column whose .references(() => usersSync.id) contradicts its type is reported once, on its builder call; eq() with usersSync.id is not reported again, and the builder's fix settles both", () => {
    const ts = drizzleModule('uuid');
    const found = lint(ts, { language: 'typescript' }).findings.filter((f) => f.ruleId.startsWith('match-user-id'));
    assert.deepEqual(
      found.map((f) => [f.ruleId, ts.slice(f.start, f.end)]),
      [['match-user-id-type', "uuid('author_id')"]],
    );
    const fixed = applyEdits(ts, found[0].fixes[0].edits);
    assert.deepEqual(
      lint(fixed, { language: 'typescript' }).findings.filter((f) => f.ruleId.startsWith('match-user-id')),
      [],
    );
  });
  test('in Drizzle, eq() with a column of a table another module defines is not judged (its type is not known here)', () => {
    const ts = `import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';
import { posts } from './schema';

export const rows = await db.select().from(posts).leftJoin(usersSync, eq(posts.authorId, usersSync.id));
`;
    assert.deepEqual(
      lint(ts, { language: 'typescript' }).findings.filter((f) => f.ruleId === 'match-user-id-comparison'),
      [],
    );
  });
  test('a text column keyed to users_sync compared with the uuid "user".id is reported (another generation\'s id)', () => {
    const sql = `CREATE TABLE posts (id serial PRIMARY KEY, author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
SELECT p.id FROM posts p JOIN neon_auth."user" u ON u.id = p.author_id;`;
    const found = lint(sql).findings.filter((f) => f.ruleId === 'match-user-id-comparison');
    assert.deepEqual(
      found.map((f) => [sql.slice(f.start, f.end), f.fixes.map((x) => [x.title, x.safe])]),
      [['p.author_id', [['Cast p.author_id to uuid (the type of neon_auth."user".id)', false]]]],
    );
  });
});
