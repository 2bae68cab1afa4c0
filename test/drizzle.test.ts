/**
 * Drizzle ORM cases proven for real (test/helpers/drizzle.ts): every rule case marked
 * `drizzle: true` type-checks against drizzle-orm's own types, its tables' drizzle-kit DDL and its
 * queries (through the `drizzle-orm/pglite` driver) run on PGlite with both Neon Auth generations
 * present, and a case with `rejectedBy` fails with exactly that SQLSTATE; every fix output passes
 * every step. The harness's own behaviour is pinned by hand-written modules whose outcome is known.
 * One PGlite instance for the whole file; every module runs in BEGIN … ROLLBACK.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PGlite } from '@electric-sql/pglite';
import type { RuleCase } from '../server/src/linter/rules/caseTypes';
import { ruleCases } from './ruleCases';
import { openFixtureDb } from './helpers/pglite';
import { describeOutcome, DrizzleOutcome, proveDrizzleModule, typecheckDrizzleModules } from './helpers/drizzle';

let db: PGlite;

const drizzleCases = Object.entries(ruleCases).flatMap(([ruleId, cases]) => cases.filter((c) => c.drizzle === true).map((c) => ({ ruleId, c })));

before(async () => {
  db = await openFixtureDb();
  // One type-check program for every module of the file (one checker instead of one per module).
  typecheckDrizzleModules([
    ...drizzleCases.flatMap(({ c }) => [c.sql, ...c.findings.flatMap((f) => f.fixes.map((x) => x.output))]),
    ...selfTests.map((s) => s.source),
    GOOD_FIX,
    BAD_FIX,
  ]);
});

after(async () => {
  await db?.close();
});

function assertPasses(outcome: DrizzleOutcome, label: string): void {
  assert.ok(outcome.ok, `${label} ${describeOutcome(outcome)}`);
}

/**
 * Asserts what a Drizzle rule case claims: its module fails with exactly `rejectedBy` (at any step)
 * or, without it, passes every step; every fix output passes every step. `drizzleAfter` runs for all.
 */
async function proveCase(c: RuleCase): Promise<void> {
  const original = await proveDrizzleModule(db, c.sql, { after: c.drizzleAfter });
  if (c.rejectedBy === undefined) assertPasses(original, 'the case module');
  else {
    assert.ok(c.findings.length > 0, 'only a case with findings can be rejected by Postgres');
    assert.ok(!original.ok && original.code === c.rejectedBy, `the case module fails with ${c.rejectedBy}, but it ${describeOutcome(original)}`);
  }
  for (const fix of c.findings.flatMap((f) => f.fixes)) {
    assertPasses(await proveDrizzleModule(db, fix.output, { after: c.drizzleAfter }), `the output of fix "${fix.title}"`);
  }
}

// ---- The harness on modules whose outcome is known -------------------------------------------

const GRACE = '00000000-0000-4000-8000-000000000001';

interface SelfTest {
  name: string;
  source: string;
  after?: string;
  /** `ok`, or the step and SQLSTATE (none for a type error) it fails with. */
  expect: 'ok' | { step: string; code?: string; message?: RegExp; detail?: RegExp };
}

const selfTests: SelfTest[] = [
  {
    name: 'a text column referencing usersSync.id with onDelete cascade passes, and its row goes with the user',
    source: `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'cascade' }),
});

export async function run() {
  await db.insert(posts).values({ title: 'Hello', authorId: 'user_ada' });
}
`,
    after: `DELETE FROM neon_auth.users_sync WHERE id = 'user_ada';
DO $$ BEGIN IF (SELECT count(*) FROM public.posts) <> 0 THEN RAISE EXCEPTION 'the post outlived its user'; END IF; END $$;`,
    expect: 'ok',
  },
  {
    name: 'a uuid column referencing the text usersSync.id fails at DDL with 42804',
    source: `import { pgTable, serial, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const todos = pgTable('todos', {
  id: serial('id').primaryKey(),
  ownerId: uuid('owner_id').references(() => usersSync.id),
});
`,
    expect: {
      step: 'ddl',
      code: '42804',
      message: /^foreign key constraint "todos_owner_id_users_sync_id_fk" cannot be implemented$/,
      detail: /incompatible types: uuid and text/,
    },
  },
  {
    name: 'an unknown referential action fails at type-check with the diagnostic',
    source: `import { foreignKey, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const posts = pgTable(
  'posts',
  {
    id: serial('id').primaryKey(),
    authorId: text('author_id'),
  },
  (t) => [foreignKey({ columns: [t.authorId], foreignColumns: [usersSync.id] }).onDelete('explode')],
);
`,
    expect: { step: 'typecheck', message: /^10:90: TS2345 Argument of type '"explode"' is not assignable to parameter of type 'UpdateDeleteAction'\.$/ },
  },
  {
    name: 'a left join of usersSync with an eq condition runs through the pglite driver',
    source: `import { and, eq, isNull } from 'drizzle-orm';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  await db.insert(posts).values([{ authorId: 'user_ada' }, { authorId: null }]);
  const rows = await db
    .select()
    .from(posts)
    .leftJoin(usersSync, and(eq(posts.authorId, usersSync.id), isNull(usersSync.deletedAt)));
  if (rows.length !== 2 || rows[0].users_sync?.name !== 'Ada Lovelace') throw new Error(JSON.stringify(rows));
}
`,
    expect: 'ok',
  },
  {
    name: 'a NOT NULL uuid column referencing a local neon_auth."user" with onDelete set null fails with 23502 at the first delete of that user',
    source: `import { pgSchema, pgTable, serial, uuid } from 'drizzle-orm/pg-core';
import { db } from './db';

const neonAuth = pgSchema('neon_auth');
export const userInNeonAuth = neonAuth.table('user', { id: uuid('id').primaryKey() });

export const todos = pgTable('todos', {
  id: serial('id').primaryKey(),
  ownerId: uuid('owner_id')
    .notNull()
    .references(() => userInNeonAuth.id, { onDelete: 'set null' }),
});

export async function run() {
  await db.insert(todos).values({ ownerId: '${GRACE}' });
}
`,
    after: `DELETE FROM neon_auth."user" WHERE id = '${GRACE}';`,
    expect: { step: 'after', code: '23502' },
  },
  {
    name: 'a query that fails in run() reports the SQL Drizzle sent and its SQLSTATE',
    source: `import { sql } from 'drizzle-orm';
import { db } from './db';

export async function run() {
  await db.execute(sql\`SELECT nope FROM neon_auth.users_sync WHERE id = \${'user_ada'}\`);
}
`,
    expect: { step: 'run', code: '42703' },
  },
  {
    name: 'usersSync re-exported by the schema module is not created, and a relational query with: reaches it',
    source: `import { relations } from 'drizzle-orm';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export { usersSync };

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export const postsRelations = relations(posts, ({ one }) => ({
  author: one(usersSync, { fields: [posts.authorId], references: [usersSync.id] }),
}));

export async function run() {
  await db.insert(posts).values({ authorId: 'user_cy' });
  const found = await db.query.posts.findMany({ with: { author: true } });
  if (found[0]?.author?.email !== 'cy@example.com') throw new Error(JSON.stringify(found));
}
`,
    expect: 'ok',
  },
  {
    name: 'usersSync under an alias and loaded with await import(), an inner join and a sql`` condition on deletedAt run',
    source: `import { eq, sql } from 'drizzle-orm';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { usersSync as users } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
});

export async function run() {
  const { usersSync } = await import('drizzle-orm/neon');
  await db.insert(posts).values([{ authorId: 'user_ada' }, { authorId: 'user_bob' }]);
  const rows = await db
    .select({ name: usersSync.name })
    .from(posts)
    .innerJoin(users, eq(posts.authorId, users.id))
    .where(sql\`\${usersSync.deletedAt} is null\`);
  if (rows.length !== 1 || rows[0].name !== 'Ada Lovelace') throw new Error(JSON.stringify(rows));
}
`,
    expect: 'ok',
  },
  {
    name: 'a foreignKey(…).onDelete(cascade) to a local neon_auth.users_sync declaration passes, and the delete cascades',
    source: `import { foreignKey, pgSchema, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { db } from './db';

export const usersSyncTable = pgSchema('neon_auth').table('users_sync', {
  id: text('id').primaryKey(),
});

export const notes = pgTable(
  'notes',
  {
    id: serial('id').primaryKey(),
    userId: text('user_id').notNull(),
  },
  (t) => [foreignKey({ columns: [t.userId], foreignColumns: [usersSyncTable.id] }).onDelete('cascade')],
);

export async function run() {
  await db.insert(notes).values({ userId: 'user_cy' });
}
`,
    after: `DELETE FROM neon_auth.users_sync WHERE id = 'user_cy';`,
    expect: 'ok',
  },
  {
    name: 'a text column referencing the uuid neon_auth."user".id fails at DDL with 42804',
    source: `import { pgSchema, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

const userInNeonAuth = pgSchema('neon_auth').table('user', { id: uuid('id').primaryKey() });

export const todos = pgTable('todos', {
  id: serial('id').primaryKey(),
  ownerId: text('owner_id').references(() => userInNeonAuth.id, { onDelete: 'cascade' }),
});
`,
    expect: { step: 'ddl', code: '42804' },
  },
  {
    name: 'a NOT NULL text column referencing usersSync with onDelete set null fails with 23502 when Ada is deleted',
    source: `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const todos = pgTable('todos', {
  id: serial('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  await db.insert(todos).values({ userId: 'user_ada' });
}
`,
    after: `DELETE FROM neon_auth.users_sync WHERE id = 'user_ada';`,
    expect: { step: 'after', code: '23502' },
  },
  {
    name: 'a look-alike pgTable("users_sync") in the default schema is the app’s own table, and is created',
    source: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { db } from './db';

export const usersSync = pgTable('users_sync', { id: text('id').primaryKey(), name: text('name') });

export async function run() {
  await db.insert(usersSync).values({ id: 'local', name: 'Local' });
  await db.delete(usersSync);
}
`,
    expect: 'ok',
  },
];

/** Fix outputs of the synthetic case below: the uuid column made text, and one with an action Drizzle does not know. */
const GOOD_FIX = selfTests[1].source.replace(/uuid/g, 'text');
const BAD_FIX = selfTests[1].source.replace('usersSync.id)', "usersSync.id, { onDelete: 'restrict cascade' })");

describe('the Drizzle harness', () => {
  for (const s of selfTests) {
    test(s.name, async () => {
      const outcome = await proveDrizzleModule(db, s.source, { after: s.after });
      if (s.expect === 'ok') return assertPasses(outcome, 'the module');
      assert.ok(!outcome.ok, `the module fails at ${s.expect.step}, but it passed`);
      assert.equal(outcome.step, s.expect.step, describeOutcome(outcome));
      assert.equal(outcome.code, s.expect.code, describeOutcome(outcome));
      if (s.expect.message) assert.match(outcome.message, s.expect.message);
      if (s.expect.detail) assert.match(outcome.detail ?? '', s.expect.detail);
    });
  }

  const uuidCase = (rejectedBy: string | undefined): RuleCase => ({
    name: 'a uuid column referencing usersSync.id',
    options: { language: 'typescript' },
    drizzle: true,
    rejectedBy,
    sql: selfTests[1].source,
    findings: [{ at: "uuid('owner_id')", messageId: 'drizzleWrongBuilder', fixes: [{ title: 'Change to text', preferred: true, output: GOOD_FIX }] }],
  });

  test('a case proves when its module fails with exactly rejectedBy and its fix output passes', async () => {
    await proveCase(uuidCase('42804'));
  });

  test('a case whose module fails with another SQLSTATE than rejectedBy, or passes without it, is caught', async () => {
    await assert.rejects(proveCase(uuidCase('23502')), /the case module fails with 23502, but it failed at ddl \[42804\]/);
    await assert.rejects(proveCase(uuidCase(undefined)), /the case module failed at ddl \[42804\]/);
  });

  test('a fix output that does not type-check is caught', async () => {
    const c = uuidCase('42804');
    c.findings[0].fixes[0].output = BAD_FIX;
    await assert.rejects(
      proveCase(c),
      /the output of fix "Change to text" failed at typecheck: 6:62: TS2322 Type '"restrict cascade"' is not assignable to type 'UpdateDeleteAction \| undefined'\.$/,
    );
  });

  test('the DDL is drizzle-kit’s, and nothing of neon_auth is created', async () => {
    const outcome = await proveDrizzleModule(db, selfTests[0].source);
    assert.ok(outcome.ok, describeOutcome(outcome));
    assert.deepEqual(outcome.ddl, [
      'CREATE TABLE "posts" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"title" text NOT NULL,\n\t"author_id" text\n);\n',
      'ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_sync_id_fk" FOREIGN KEY ("author_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade ON UPDATE no action;',
    ]);
    assert.equal(outcome.ran, true);
  });

  test('nothing outlives a proof: the module’s table is gone and the user is back', async () => {
    await proveDrizzleModule(db, selfTests[0].source, { after: selfTests[0].after });
    const left = await db.query<{ posts: string | null; ada: number }>(
      `SELECT to_regclass('public.posts')::text AS posts, (SELECT count(*)::int FROM neon_auth.users_sync WHERE id = 'user_ada') AS ada`,
    );
    assert.deepEqual(left.rows[0], { posts: null, ada: 1 });
  });
});

// ---- Every Drizzle rule case ----------------------------------------------------------------

describe('Drizzle rule cases, proven for real', () => {
  test('every TypeScript case that imports drizzle-orm is a Drizzle case, and every Drizzle case is TypeScript', () => {
    for (const [ruleId, cases] of Object.entries(ruleCases)) {
      for (const c of cases) {
        const importsDrizzle = /from\s+['"]drizzle-orm(\/pg-core|\/neon)?['"]/.test(c.sql) && /pgTable|pgSchema|usersSync/.test(c.sql);
        if (c.drizzle === true) assert.equal(c.options?.language, 'typescript', `${ruleId}: ${c.name} is a TypeScript case`);
        else if (c.options?.language !== undefined) assert.ok(!importsDrizzle, `${ruleId}: ${c.name} uses Drizzle's schema API, so it says drizzle: true`);
        if (c.drizzleAfter !== undefined) assert.equal(c.drizzle, true, `${ruleId}: ${c.name} has drizzleAfter, so it is a Drizzle case`);
      }
    }
  });

  test('no fix leaves an import it made unused (tsc --noUnusedLocals, TS6133)', () => {
    /** The names a module imports that its code (imports, comments and quoted strings left out) never mentions. */
    const unused = (source: string): string[] => {
      const code = source.replace(/^import\b[^;]*;/gm, '').replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, '');
      const names = [...source.matchAll(/^import\s*(?:type\s*)?\{([^}]*)\}/gm)].flatMap((m) =>
        m[1]
          .split(',')
          .map((s) =>
            s
              .trim()
              .split(/\s+as\s+/)
              .pop()!,
          )
          .filter((n) => n !== ''),
      );
      return names.filter((n) => !new RegExp(`(?<![\\w$])${n.replace(/\$/g, '\\$')}(?![\\w$])`).test(code));
    };
    for (const { ruleId, c } of drizzleCases) {
      const before = new Set(unused(c.sql));
      for (const f of c.findings)
        for (const x of f.fixes)
          assert.deepEqual(
            unused(x.output).filter((n) => !before.has(n)),
            [],
            `${ruleId}: ${c.name}: "${x.title}"`,
          );
    }
  });

  for (const { ruleId, c } of drizzleCases) test(`${ruleId}: ${c.name}`, () => proveCase(c));
});
