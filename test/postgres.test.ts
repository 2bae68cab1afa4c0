/**
 * Real-Postgres tests (PGlite, in process): every rule case's SQL and every expected fix
 * output, every snippet and the bundled examples (before and after --fix) are accepted with
 * the fixture schema present, and the errors the rules predict really happen.
 * One PGlite instance for the whole file; every check runs in BEGIN … ROLLBACK.
 * Compiled by `tsc -p .` into out/test/ and run by `node --test out/`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { applyEdits, fixAll, lint, rules } from '../server/src/linter';
import { ruleCases } from './ruleCases';
import type { RuleCase } from '../server/src/linter/rules/caseTypes';
import { execOrExplain, hostStatements, inRollback, openFixtureDb, pgErrorOf, repoRoot } from './helpers/pglite';
import './helpers/pgGrammar';

let db: PGlite;

before(async () => {
  db = await openFixtureDb();
});

after(async () => {
  await db?.close();
});

/** Runs `sql` in its own rolled-back transaction; a rejection names `label`, the SQLSTATE and the SQL. */
async function accepts(sql: string, label: string): Promise<void> {
  await inRollback(db, async () => {
    await execOrExplain(db, sql, label);
  });
}

describe('the fixture', () => {
  test('loads both Neon Auth generations with generated users_sync columns, a soft-deleted user and app rows', async () => {
    const users = await db.query<{ id: string; name: string; email: string; created_at: Date; deleted: boolean }>(
      `SELECT id, name, email, created_at, deleted_at IS NOT NULL AS deleted FROM neon_auth.users_sync ORDER BY id`,
    );
    assert.deepEqual(
      users.rows.map((u) => [u.id, u.name, u.email, u.deleted]),
      [
        ['user_ada', 'Ada Lovelace', 'ada@example.com', false],
        ['user_bob', 'Bob Tables', 'bob@neon.tech', true],
        ['user_cy', 'Cy Young', 'cy@example.com', false],
      ],
    );
    assert.equal(users.rows[0].created_at.toISOString(), '2024-12-01T00:00:00.000Z');
    const counts = await db.query<{ t: string; n: number }>(
      `SELECT 'posts' AS t, count(*)::int AS n FROM posts UNION ALL SELECT 'comments', count(*)::int FROM comments
       UNION ALL SELECT 'todos', count(*)::int FROM todos UNION ALL SELECT 'user', count(*)::int FROM neon_auth."user"
       UNION ALL SELECT 'neon_identity', count(*)::int FROM neon_identity.users_sync`,
    );
    assert.deepEqual(Object.fromEntries(counts.rows.map((r) => [r.t, r.n])), { posts: 3, comments: 3, todos: 3, user: 1, neon_identity: 1 });
    const idType = await db.query<{ t: string }>(`SELECT pg_typeof(id)::text AS t FROM neon_auth."user" LIMIT 1`);
    assert.equal(idType.rows[0].t, 'uuid');
  });
});

describe('rule cases on Postgres', () => {
  test('every rule has cases, and fix outputs unless it offers no fix', () => {
    for (const [ruleId, cases] of Object.entries(ruleCases)) {
      assert.ok(cases.length > 0, `${ruleId} has cases`);
      const outputs = cases.flatMap((c) => c.findings.flatMap((f) => f.fixes));
      // A rule that offers no fix (meta.fix 'none') has none to run.
      if (rules.find((r) => r.id === ruleId)?.fix === 'none') assert.equal(outputs.length, 0, `${ruleId} offers no fix`);
      else assert.ok(outputs.length > 0, `${ruleId} has fix outputs`);
    }
  });

  for (const [ruleId, cases] of Object.entries(ruleCases)) {
    for (const c of cases) {
      const name = `${ruleId}: ${c.name}`;
      // A Drizzle case is a whole module: test/drizzle.test.ts type-checks it, runs drizzle-kit's DDL
      // and its queries through Drizzle's PGlite driver (its SQL templates included).
      if (c.drizzle === true) continue;
      if (c.options?.language !== undefined) {
        // A TypeScript case: its SQL is the templates' (with NULL for each parameter).
        test(name, async () => {
          const adapter = c.options?.prismaDriverAdapter === true;
          for (const r of hostStatements(c.sql, 'typescript', adapter)) {
            const outcome = await inRollback(db, () => pgErrorOf(() => db.query(r.sql, r.params, r.options)).catch(() => undefined));
            if (c.rejectedBy === undefined) assert.equal(outcome, undefined, `the template SQL of "${name}" runs`);
            else assert.equal(outcome?.code, c.rejectedBy, `the template SQL of "${name}" is rejected with ${c.rejectedBy}`);
          }
          for (const fix of c.findings.flatMap((f) => f.fixes)) {
            for (const r of hostStatements(fix.output, 'typescript', adapter)) await inRollback(db, () => db.query(r.sql, r.params, r.options));
          }
        });
        continue;
      }
      test(name, async () => {
        if (c.rejectedBy === undefined) await accepts(c.sql, `the case SQL of "${name}"`);
        else {
          // A mistake Postgres itself refuses: the case says with which SQLSTATE, and that is asserted.
          assert.ok(c.findings.length > 0, 'only a case with findings can be rejected by Postgres');
          const err = await inRollback(db, () => pgErrorOf(() => db.exec(c.sql)));
          assert.equal(err.code, c.rejectedBy, `the case SQL is rejected with ${c.rejectedBy}, not [${err.code}] ${err.message}`);
        }
        for (const finding of c.findings) {
          for (const fix of finding.fixes) {
            await accepts(fix.output, `the output of fix "${fix.title}" in "${name}"`);
          }
        }
      });
    }
  }
});

// ---- Snippets -------------------------------------------------------------------------------

interface Snippet {
  prefix: string;
  body: string | string[];
  description?: string;
  generation?: 'legacy' | 'current';
}

/**
 * Expands a VS Code snippet body the way accepting every default would: `${1:default}` →
 * default (nested placeholders too), `${1|a,b|}` → a, a bare `$1`/`${1}` → the default the
 * same tab stop has elsewhere (VS Code mirrors it) or nothing, `$0` → nothing.
 */
function expandSnippet(body: string | string[]): string {
  let text = Array.isArray(body) ? body.join('\n') : body;
  const defaults = new Map<string, string>();
  // Innermost placeholders first, until no `${n:…}` or `${n|…|}` remains.
  for (let guard = 0; guard < 20; guard++) {
    const next = text
      .replace(/\$\{(\d+)\|([^|}]*)\|\}/g, (_m, n: string, choices: string) => {
        const first = choices.split(',')[0];
        if (!defaults.has(n)) defaults.set(n, first);
        return first;
      })
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_m, n: string, def: string) => {
        if (!defaults.has(n)) defaults.set(n, def);
        return def;
      });
    if (next === text) break;
    text = next;
  }
  text = text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_m, a: string | undefined, b: string | undefined) => defaults.get((a ?? b)!) ?? '');
  return text.replace(/\\([$}\\])/g, '$1');
}

/** The SQL a snippet's expansion becomes when run: a column definition is wrapped in a CREATE TABLE. */
function snippetSql(expanded: string): string {
  if (/^\s*(SELECT|WITH|CREATE|ALTER|INSERT|UPDATE|DELETE)\b/i.test(expanded)) return expanded;
  return `CREATE TABLE snippet_check (id serial PRIMARY KEY, ${expanded});`;
}

describe('snippets', () => {
  const snippetFile = path.join(repoRoot, 'snippets', 'neon-auth.json');
  const snippets = JSON.parse(fs.readFileSync(snippetFile, 'utf8')) as Record<string, Snippet>;
  const entries = Object.entries(snippets);

  test('the snippet expansion fills defaults, choices and mirrors', () => {
    assert.equal(
      expandSnippet(['SELECT ${1:posts}.* FROM ${1:posts} JOIN $1 x', 'WHERE ${2|a,b|} = ${3};$0']),
      'SELECT posts.* FROM posts JOIN posts x\nWHERE a = ;',
    );
    assert.equal(expandSnippet('${1:col ${2:text}} NOT NULL'), 'col text NOT NULL');
  });

  test('each prefix has one snippet per Neon Auth generation, each naming only its own user table', () => {
    const byGeneration = (g: string) =>
      entries
        .filter(([, s]) => s.generation === g)
        .map(([, s]) => s.prefix)
        .sort();
    const prefixes = ['neon-create-table', 'neon-fk-cascade', 'neon-fk-set-null', 'neon-left-join'];
    assert.deepEqual(byGeneration('legacy'), prefixes);
    assert.deepEqual(byGeneration('current'), prefixes);
    assert.equal(entries.length, 8);
    for (const [name, s] of entries) {
      const body = expandSnippet(s.body);
      if (s.generation === 'current') {
        assert.doesNotMatch(body, /users_sync|deleted_at|\bTEXT NOT NULL REFERENCES|\bTEXT REFERENCES/, name);
        if (/REFERENCES/.test(body)) assert.match(body, /\bUUID (NOT NULL )?REFERENCES neon_auth\."user"\(id\) ON DELETE (CASCADE|SET NULL)/, name);
      } else {
        assert.doesNotMatch(body, /"user"/, name);
        if (/REFERENCES/.test(body)) assert.match(body, /\bTEXT (NOT NULL )?REFERENCES neon_auth\.users_sync\(id\) ON DELETE (CASCADE|SET NULL)/, name);
      }
    }
  });

  test("the README's snippet table shows each column and query snippet as it expands, current generation first", () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const inline = (prefix: string, generation: string) =>
      expandSnippet(entries.find(([, s]) => s.prefix === prefix && s.generation === generation)![1].body).replace(/\n/g, ' ');
    for (const prefix of ['neon-fk-cascade', 'neon-fk-set-null', 'neon-left-join']) {
      assert.ok(readme.includes(`| \`${prefix}\` | \`${inline(prefix, 'current')}\` | \`${inline(prefix, 'legacy')}\` |`), prefix);
    }
  });

  for (const [name, snippet] of entries) {
    const generation = snippet.generation!;
    test(`snippet "${snippet.prefix}" (${name}) runs on Postgres and draws no finding with authSchema auto and ${generation}`, async () => {
      const expanded = expandSnippet(snippet.body);
      assert.doesNotMatch(expanded, /\$\{?\d/, 'every placeholder was filled');
      const sql = snippetSql(expanded);
      if (/^\s*(SELECT|WITH)\b/i.test(sql)) {
        // A query runs on the table its defaults name (posts.author_id), made as the user would: with
        // the same generation's neon-fk-set-null column, in a schema of its own ahead on the path.
        const column = entries.find(([, s]) => s.prefix === 'neon-fk-set-null' && s.generation === generation)![1];
        await inRollback(db, async () => {
          await execOrExplain(
            db,
            `CREATE SCHEMA snippet_app; SET LOCAL search_path = snippet_app, app, public;\nCREATE TABLE posts (id serial PRIMARY KEY, ${expandSnippet(column.body)});\n${sql}`,
            `snippet "${snippet.prefix}" (${generation})`,
          );
        });
      } else await accepts(sql, `snippet "${snippet.prefix}" (${generation})`);
      for (const authSchema of ['auto', generation] as const) {
        const result = lint(sql, { authSchema });
        assert.deepEqual(result.rejected, [], 'the linter parses the snippet');
        assert.deepEqual(
          result.findings.map((f) => `${f.ruleId}: ${f.message}`),
          [],
          `no finding with authSchema ${authSchema}`,
        );
        assert.equal(result.generation, generation, 'the lint reads the snippet as written for its generation');
      }
    });
  }
});

// ---- Examples -------------------------------------------------------------------------------

describe('bundled examples', () => {
  const examplesDir = path.join(repoRoot, 'examples');
  const migrationsDir = path.join(examplesDir, 'migrations');
  const files = [
    ...fs
      .readdirSync(migrationsDir)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => path.join(migrationsDir, f)),
    path.join(examplesDir, 'queries.sql'),
    path.join(examplesDir, 'clean.sql'),
  ];
  const rel = (f: string) => path.relative(repoRoot, f);

  /** ON DELETE action (pg_constraint.confdeltype) of every FK to users_sync from a table in public. */
  async function userFkActions(): Promise<Record<string, string>> {
    const r = await db.query<{ col: string; action: string }>(
      `SELECT cl.relname || '.' || a.attname AS col, c.confdeltype AS action
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'f' AND c.confrelid = 'neon_auth.users_sync'::regclass AND cl.relnamespace = 'public'::regnamespace
       ORDER BY 1`,
    );
    return Object.fromEntries(r.rows.map((x) => [x.col, x.action]));
  }

  test('the migrations, queries.sql and clean.sql run in order in one transaction', async () => {
    assert.ok(files.length >= 3);
    await inRollback(db, async () => {
      for (const f of files) await execOrExplain(db, fs.readFileSync(f, 'utf8'), rel(f));
      // a = NO ACTION (the forgotten ON DELETE), c = CASCADE, n = SET NULL
      assert.deepEqual(await userFkActions(), {
        'articles.author_id': 'n',
        'comments.author_id': 'c',
        'posts.author_id': 'a',
        'posts.reviewer_id': 'a',
        'todos.owner_id': 'a',
        'user_settings.user_id': 'c',
      });
    });
  });

  test('after fixAll the migrations, queries.sql and clean.sql still run, with the ON DELETE actions added', async () => {
    const fixed = files.map((f) => ({ file: f, original: fs.readFileSync(f, 'utf8') })).map((x) => ({ ...x, text: fixAll(x.original).text }));
    // The migration and queries have findings with fixes; clean.sql has none.
    assert.notEqual(fixed[0].text, fixed[0].original, 'fixAll changes the migration');
    assert.notEqual(fixed[files.length - 2].text, fixed[files.length - 2].original, 'fixAll changes queries.sql');
    assert.equal(fixed[files.length - 1].text, fixed[files.length - 1].original, 'fixAll leaves clean.sql alone');
    await inRollback(db, async () => {
      for (const x of fixed) await execOrExplain(db, x.text, `${rel(x.file)} after fixAll`);
      assert.deepEqual(await userFkActions(), {
        'articles.author_id': 'n',
        'comments.author_id': 'c',
        'posts.author_id': 'n',
        'posts.reviewer_id': 'n',
        'todos.owner_id': 'c',
        'user_settings.user_id': 'c',
      });
    });
  });
});

// ---- The errors the rules predict ----------------------------------------------------------

describe('the errors the rules predict', () => {
  const newUser = (id: string) =>
    db.query(`INSERT INTO neon_auth.users_sync (raw_json) VALUES ($1::jsonb)`, [
      JSON.stringify({ id, display_name: id, primary_email: `${id}@example.com`, signed_up_at_millis: 1740000000000 }),
    ]);
  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(`SELECT (${sql})::int AS n`, params)).rows[0].n;

  test("the best-practices page's UUID column referencing users_sync(id) is rejected with 42804 (uuid vs text)", async () => {
    await inRollback(db, async () => {
      const err = await pgErrorOf(() =>
        db.exec(`CREATE TABLE todos_uuid (
    id SERIAL PRIMARY KEY,
    task TEXT NOT NULL,
    user_id UUID NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);`),
      );
      assert.equal(err.code, '42804', err.message);
      assert.match(err.detail ?? '', /incompatible types: uuid and text/);
    });
  });

  test('the same column as TEXT is accepted and deleting its user cascades to its rows', async () => {
    await inRollback(db, async () => {
      await db.exec(`CREATE TABLE todos_text (
    id SERIAL PRIMARY KEY,
    task TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP
);`);
      await newUser('user_t');
      await db.exec(`INSERT INTO todos_text (task, user_id) VALUES ('a', 'user_t'), ('b', 'user_t'), ('c', 'user_ada')`);
      assert.equal(await count(`SELECT count(*) FROM todos_text`), 3);
      await db.exec(`DELETE FROM neon_auth.users_sync WHERE id = 'user_t'`);
      assert.equal(await count(`SELECT count(*) FROM todos_text`), 1);
      assert.equal(await count(`SELECT count(*) FROM todos_text WHERE user_id = 'user_ada'`), 1);
    });
  });

  test('a TEXT column referencing neon_auth."user"(id) is rejected with 42804 (text vs uuid)', async () => {
    await inRollback(db, async () => {
      const err = await pgErrorOf(() =>
        db.exec(`CREATE TABLE projects_text (id serial PRIMARY KEY, owner_id text REFERENCES neon_auth."user"(id) ON DELETE CASCADE)`),
      );
      assert.equal(err.code, '42804', err.message);
      assert.match(err.detail ?? '', /incompatible types: text and uuid/);
    });
  });

  test('ON DELETE SET NULL on a NOT NULL column is accepted as DDL, but deleting the user fails with 23502', async () => {
    await inRollback(db, async () => {
      await db.exec(`CREATE TABLE notes_nn (id serial PRIMARY KEY, author_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL)`);
      assert.equal(await count(`SELECT count(*) FROM pg_constraint WHERE conrelid = 'notes_nn'::regclass AND contype = 'f' AND confdeltype = 'n'`), 1);
      await newUser('user_nn');
      await db.exec(`INSERT INTO notes_nn (author_id) VALUES ('user_nn')`);
      const err = await pgErrorOf(() => db.exec(`DELETE FROM neon_auth.users_sync WHERE id = 'user_nn'`));
      assert.equal(err.code, '23502', err.message);
    });
  });

  test('ON DELETE SET NULL on a nullable column keeps the row and sets the column to NULL', async () => {
    await inRollback(db, async () => {
      await db.exec(`CREATE TABLE notes_null (id serial PRIMARY KEY, author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL)`);
      await newUser('user_sn');
      await db.exec(`INSERT INTO notes_null (author_id) VALUES ('user_sn'), ('user_ada')`);
      const deleted = await db.query(`DELETE FROM neon_auth.users_sync WHERE id = 'user_sn'`);
      assert.equal(deleted.affectedRows, 1);
      assert.equal(await count(`SELECT count(*) FROM notes_null`), 2);
      assert.equal(await count(`SELECT count(*) FROM notes_null WHERE author_id IS NULL`), 1);
      assert.equal(await count(`SELECT count(*) FROM notes_null WHERE author_id = 'user_ada'`), 1);
    });
  });

  test('a FK to neon_auth."user" with no ON DELETE makes deleting that user fail with 23503', async () => {
    await inRollback(db, async () => {
      await db.exec(`CREATE TABLE projects_na (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner_id uuid NOT NULL REFERENCES neon_auth."user"(id))`);
      const u = await db.query<{ id: string }>(
        `INSERT INTO neon_auth."user" (name, email, "emailVerified") VALUES ('Na', 'na@example.com', false) RETURNING id`,
      );
      await db.query(`INSERT INTO projects_na (owner_id) VALUES ($1)`, [u.rows[0].id]);
      const err = await pgErrorOf(() => db.query(`DELETE FROM neon_auth."user" WHERE id = $1`, [u.rows[0].id]));
      assert.equal(err.code, '23503', err.message);
    });
  });

  test('a FK to neon_auth."user" with ON DELETE CASCADE deletes the rows with the user', async () => {
    await inRollback(db, async () => {
      await db.exec(
        `CREATE TABLE projects_c (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE)`,
      );
      const u = await db.query<{ id: string }>(
        `INSERT INTO neon_auth."user" (name, email, "emailVerified") VALUES ('Ca', 'ca@example.com', true) RETURNING id`,
      );
      await db.query(`INSERT INTO projects_c (owner_id) VALUES ($1), ($1), ('00000000-0000-4000-8000-000000000001')`, [u.rows[0].id]);
      assert.equal(await count(`SELECT count(*) FROM projects_c`), 3);
      const deleted = await db.query(`DELETE FROM neon_auth."user" WHERE id = $1`, [u.rows[0].id]);
      assert.equal(deleted.affectedRows, 1);
      assert.equal(await count(`SELECT count(*) FROM projects_c`), 1);
    });
  });

  test('writing a generated column of users_sync fails with 428C9; writing raw_json alone derives it', async () => {
    await inRollback(db, async () => {
      const err = await pgErrorOf(() =>
        db.exec(`INSERT INTO neon_auth.users_sync (raw_json, id) VALUES ('{"id": "user_x", "primary_email": "x@example.com"}', 'user_x')`),
      );
      assert.equal(err.code, '428C9', err.message);
    });
    await inRollback(db, async () => {
      const err = await pgErrorOf(() => db.exec(`UPDATE neon_auth.users_sync SET email = 'ada@neon.tech' WHERE id = 'user_ada'`));
      assert.equal(err.code, '428C9', err.message);
    });
    await inRollback(db, async () => {
      await db.exec(`INSERT INTO neon_auth.users_sync (raw_json) VALUES ('{"id": "user_x", "primary_email": "x@example.com"}')`);
      const r = await db.query<{ id: string; email: string }>(`SELECT id, email FROM neon_auth.users_sync WHERE id = 'user_x'`);
      assert.deepEqual(r.rows, [{ id: 'user_x', email: 'x@example.com' }]);
    });
  });

  test('an INNER JOIN to users_sync drops the post without a user; the LEFT JOIN keeps it', async () => {
    // prefer-left-join: posts whose author is absent from users_sync (not synced yet, or SET NULL).
    assert.equal(await count(`SELECT count(*) FROM posts`), 3);
    assert.equal(await count(`SELECT count(*) FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id`), 2);
    assert.equal(await count(`SELECT count(*) FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id`), 3);
  });

  test('without a deleted_at filter a soft-deleted author shows up; in WHERE it drops the post, in ON it blanks the author', async () => {
    // require-deleted-at-filter: Bob is soft-deleted and authored one post.
    const base = `FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id`;
    assert.equal(await count(`SELECT count(*) ${base} WHERE u.name = 'Bob Tables'`), 1);
    assert.equal(await count(`SELECT count(*) ${base} WHERE u.deleted_at IS NULL`), 2);
    assert.equal(await count(`SELECT count(*) ${base} AND u.deleted_at IS NULL`), 3);
    assert.equal(await count(`SELECT count(u.id) ${base} AND u.deleted_at IS NULL`), 1);
  });

  test("prefer-left-join on an ON that drops soft-deleted users: moving the condition to WHERE keeps the post without a user and still drops Bob's; the plain LEFT JOIN brings Bob's back", async () => {
    const titles = async (sql: string) => (await db.query<{ title: string }>(sql)).rows.map((r) => r.title).sort();
    const original = `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL;`;
    const finding = lint(original).findings.find((f) => f.ruleId === 'prefer-left-join');
    assert.deepEqual(
      finding?.fixes.map((f) => [f.title, f.isPreferred]),
      [
        ["Change to LEFT JOIN and move u.deleted_at IS NULL to WHERE (keeps the rows of users not synced yet; soft-deleted users' rows stay out)", true],
        ["Change to LEFT JOIN (soft-deleted users' rows come back too)", false],
      ],
    );
    const [moved, plain] = finding!.fixes.map((f) => applyEdits(original, f.edits));
    assert.equal(moved, `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`);
    assert.deepEqual(await titles(original), ['Hello Neon']);
    assert.deepEqual(await titles(moved), ['Anonymous tip', 'Hello Neon']);
    assert.deepEqual(await titles(plain), ['Anonymous tip', 'Draft notes', 'Hello Neon']);
    // The same with a CTE of active users: its LEFT JOIN brings Bob's post back too, so it is no preferred fix.
    const cte = `WITH active AS (SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL) SELECT p.title FROM posts p JOIN active a ON a.id = p.author_id;`;
    const cteFix = lint(cte).findings.find((f) => f.ruleId === 'prefer-left-join')?.fixes;
    assert.deepEqual(
      cteFix?.map((f) => f.isPreferred),
      [false],
    );
    assert.deepEqual(await titles(applyEdits(cte, cteFix![0].edits)), ['Anonymous tip', 'Draft notes', 'Hello Neon']);
    assert.equal(fixAll(cte).text, cte);
  });

  test('prefer-left-join: every case\'s "Change to LEFT JOIN and move … to WHERE" returns the rows of the query it fixes and only rows the plain LEFT JOIN returns too', async () => {
    /** Every row of `a` (per statement, as a multiset) is also in `b`. */
    const within = (a: string[][], b: string[][]) =>
      a.every((rows, i) => {
        const rest = [...b[i]];
        return rows.every((r) => {
          const k = rest.indexOf(r);
          return k >= 0 && rest.splice(k, 1).length === 1;
        });
      });
    const rowsOf = async (sql: string, label: string) =>
      inRollback(db, async () => (await execOrExplain(db, sql, label)).map((r) => r.rows.map((x) => JSON.stringify(x)).sort()));
    let compared = 0;
    for (const c of ruleCases['prefer-left-join'].filter((x) => x.drizzle !== true)) {
      for (const f of c.findings) {
        const moved = f.fixes.find((x) => x.title.startsWith('Change to LEFT JOIN and move'));
        const plain = f.fixes.find((x) => x.title === "Change to LEFT JOIN (soft-deleted users' rows come back too)");
        if (!moved) continue;
        assert.ok(plain, `"${c.name}" offers the plain LEFT JOIN next to the move`);
        const [before, after, left] = [await rowsOf(c.sql, c.name), await rowsOf(moved.output, moved.title), await rowsOf(plain.output, plain.title)];
        assert.ok(within(before, after), `"${c.name}": the move keeps every row`);
        assert.ok(within(after, left), `"${c.name}": the move adds only rows the LEFT JOIN has`);
        compared++;
      }
    }
    assert.ok(compared >= 3, 'the rule cases offer the move');
  });

  test('fixAll of a comma join (prefer-left-join and require-deleted-at-filter together) drops the soft-deleted author\'s post, as "Add … to WHERE" says (issue 17)', async () => {
    const fixed = fixAll(`SELECT p.title, u.name FROM posts p, neon_auth.users_sync u WHERE u.id = p.author_id;`).text;
    assert.equal(fixed, `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`);
    const rows = (await db.query<{ title: string; name: string | null }>(fixed)).rows.map((r) => [r.title, r.name]).sort();
    // Bob's "Draft notes" is gone (its author is soft-deleted); the post without an author stays.
    assert.deepEqual(rows, [
      ['Anonymous tip', null],
      ['Hello Neon', 'Ada Lovelace'],
    ]);
  });
});

// ---- Foreign keys to the user tables, case by case ------------------------------------------

/** A rule's cases written in SQL (or SQL in TypeScript templates): Drizzle cases are proven by test/drizzle.test.ts. */
function sqlCases(ruleId: string): RuleCase[] {
  return ruleCases[ruleId].filter((c) => c.drizzle !== true);
}

describe('foreign key cases on Postgres: what the FK rules predict happens', () => {
  /** A foreign key to a Neon Auth user table, with its local column and the referenced id's type. */
  interface UserFk {
    oid: number;
    /** The referencing table, as regclass text (quoted when needed). */
    tbl: string;
    col: string;
    type: string;
    refType: string;
    /** The referenced table, schema-qualified whatever the search path (a case may SET it): neon_auth.users_sync, neon_identity.users_sync, neon_auth."user". */
    ref: string;
  }

  const userFks = async (): Promise<UserFk[]> =>
    (
      await db.query<UserFk>(
        `SELECT c.oid::int AS oid, c.conrelid::regclass::text AS tbl, a.attname AS col,
                format_type(a.atttypid, a.atttypmod) AS type, format_type(ra.atttypid, ra.atttypmod) AS "refType",
                format('%I.%I', rn.nspname, rc.relname) AS ref
         FROM pg_constraint c
         JOIN pg_class rc ON rc.oid = c.confrelid
         JOIN pg_namespace rn ON rn.oid = rc.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
         WHERE c.contype = 'f'
           AND c.confrelid IN ('neon_auth.users_sync'::regclass, 'neon_identity.users_sync'::regclass, 'neon_auth."user"'::regclass)
         ORDER BY c.oid`,
      )
    ).rows;

  /** The foreign keys to user tables that `sql` created (the fixture's own are left out). */
  async function createdUserFks(sql: string, label: string): Promise<UserFk[]> {
    const fixture = new Set((await userFks()).map((f) => f.oid));
    await execOrExplain(db, sql, label);
    return (await userFks()).filter((f) => !fixture.has(f.oid));
  }

  /** A user of the fixture, who is never deleted here, per referenced table. */
  const FIXTURE_USER: Record<string, string> = {
    'neon_auth.users_sync': 'user_ada',
    'neon_identity.users_sync': 'user_ada',
    'neon_auth."user"': '00000000-0000-4000-8000-000000000001',
  };

  let probes = 0;
  /** Inserts a new user into a user table and returns its id. */
  async function insertUser(ref: string): Promise<string> {
    const n = ++probes;
    if (ref === 'neon_auth."user"') {
      const r = await db.query<{ id: string }>(`INSERT INTO neon_auth."user" (name, email, "emailVerified") VALUES ($1, $2, false) RETURNING id`, [
        `Probe ${n}`,
        `probe${n}@example.com`,
      ]);
      return r.rows[0].id;
    }
    const id = `user_probe_${n}`;
    await db.query(`INSERT INTO ${ref} (raw_json) VALUES ($1::jsonb)`, [
      JSON.stringify({ id, display_name: id, primary_email: `${id}@example.com`, signed_up_at_millis: 1740000000000 }),
    ]);
    return id;
  }

  /** Values for the NOT NULL columns without a default that a probe row must fill, by type. */
  const FILLER: Record<string, string> = {
    text: `'x'`,
    'character varying': `'x'`,
    character: `'x'`,
    integer: '1',
    bigint: '1',
    smallint: '1',
    boolean: 'false',
    uuid: 'gen_random_uuid()',
    'timestamp with time zone': 'now()',
  };

  /**
   * Deletes a referenced user through one foreign key: inserts a new user of its table and a row
   * of its table that references that user (the table's other user columns reference a fixture user,
   * its other required columns get a filler value), deletes the user, and returns `ok` or the
   * SQLSTATE the delete failed with. Everything is undone (savepoint). A failing setup throws.
   */
  async function deleteThrough(fk: UserFk, all: UserFk[]): Promise<string> {
    await db.exec('SAVEPOINT probe');
    try {
      const user = await insertUser(fk.ref);
      const values = new Map<string, string>();
      const required = await db.query<{ col: string; type: string }>(
        `SELECT attname AS col, format_type(atttypid, NULL) AS type FROM pg_attribute
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attnotnull AND NOT atthasdef
           AND attidentity = '' AND attgenerated = ''`,
        [fk.tbl],
      );
      for (const r of required.rows) {
        const filler = FILLER[r.type];
        if (filler === undefined) throw new Error(`probe of ${fk.tbl}.${fk.col}: no filler value for required column ${r.col} of type ${r.type}`);
        values.set(r.col, filler);
      }
      for (const other of all) if (other.tbl === fk.tbl) values.set(other.col, `'${FIXTURE_USER[other.ref]}'`);
      values.set(fk.col, '$1');
      const cols = [...values.keys()];
      const quoted = (
        await db.query<{ q: string }>(`SELECT quote_ident(c) AS q FROM unnest($1::text[]) WITH ORDINALITY AS u(c, i) ORDER BY i`, [cols])
      ).rows.map((r) => r.q);
      await insertOrExplain(
        `INSERT INTO ${fk.tbl} (${quoted.join(', ')}) VALUES (${cols.map((c) => values.get(c)).join(', ')})`,
        [user],
        `probe row of ${fk.tbl}.${fk.col}`,
      );
      try {
        await db.query(`DELETE FROM ${fk.ref} WHERE id = $1`, [user]);
        return 'ok';
      } catch (e) {
        return (e as { code?: string }).code ?? String(e);
      }
    } finally {
      await db.exec('ROLLBACK TO SAVEPOINT probe');
    }
  }

  async function insertOrExplain(sql: string, params: unknown[], label: string): Promise<void> {
    try {
      await db.query(sql, params);
    } catch (e) {
      const err = e as { code?: string; message?: string };
      throw new Error(`${label} could not be inserted: [${err.code ?? '?'}] ${err.message}\n--- SQL ---\n${sql}`);
    }
  }

  /** For every user foreign key `sql` creates: whether deleting a referenced user through it works. */
  async function deleteOutcomes(sql: string, label: string): Promise<string[]> {
    return inRollback(db, async () => {
      const fks = await createdUserFks(sql, label);
      const out: string[] = [];
      for (const fk of fks) out.push(`${fk.tbl}.${fk.col}: ${await deleteThrough(fk, fks)}`);
      return out;
    });
  }

  test('match-user-id-type: every flagged case is rejected with 42804 (incompatible key types) and every fix output creates its keys with the id type they reference', async () => {
    const flagged = sqlCases('match-user-id-type').filter((c) => c.findings.length > 0);
    assert.ok(flagged.length >= 5, 'the rule has flagged cases');
    let outputs = 0;
    for (const c of flagged) {
      assert.equal(c.rejectedBy, '42804', `"${c.name}" states that Postgres rejects it with 42804`);
      await inRollback(db, async () => {
        const err = await pgErrorOf(() => db.exec(c.sql));
        assert.equal(err.code, '42804', `"${c.name}": [${err.code}] ${err.message}`);
        assert.match(err.detail ?? '', /are of incompatible types/, `"${c.name}"`);
      });
      for (const fix of c.findings.flatMap((f) => f.fixes)) {
        outputs++;
        await inRollback(db, async () => {
          const fks = await createdUserFks(fix.output, `the output of "${fix.title}" in "${c.name}"`);
          assert.ok(fks.length > 0, `"${c.name}" after "${fix.title}" creates a foreign key to a user table`);
          for (const fk of fks) assert.equal(fk.type, fk.refType, `${fk.tbl}.${fk.col} has the type of ${fk.ref}.id`);
        });
      }
    }
    assert.ok(outputs > 0);
  });

  test('match-user-id-type: the valid cases create their keys with the id type they reference or one Postgres casts to it', async () => {
    for (const c of sqlCases('match-user-id-type').filter((x) => x.findings.length === 0)) {
      await inRollback(db, async () => {
        const fks = await createdUserFks(c.sql, `the case SQL of "${c.name}"`);
        for (const fk of fks) {
          const ok = fk.refType === 'text' ? /^(text|character varying|character|name)\b/.test(fk.type) || fk.type === 'user_ref' : fk.type === 'uuid';
          assert.ok(ok, `"${c.name}": ${fk.tbl}.${fk.col} is ${fk.type}, referencing ${fk.ref}(id) ${fk.refType}`);
        }
      });
    }
  });

  test("a transaction the file rolls back: a key's type is still rejected before the ROLLBACK (42804), as match-user-id-type reports, and its fix runs; a rolled-back key, NOT NULL or CHECK leaves nothing, and no-set-null-on-not-null reports nothing", async () => {
    const typed = `BEGIN;
CREATE TABLE notes28 (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
ROLLBACK;`;
    const findings = lint(typed).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.messageId, typed.slice(f.start, f.end)]),
      [['match-user-id-type', 'wrongType', 'uuid']],
    );
    await inRollback(db, async () => assert.equal((await pgErrorOf(() => db.exec(typed))).code, '42804'));
    const fixed = applyEdits(typed, findings[0].fixes[0].edits);
    assert.equal(fixed, typed.replace('owner_id uuid', 'owner_id text'));
    // it runs; its ROLLBACK leaves no key (it also ends the test's own transaction, which is harmless)
    assert.deepEqual(await inRollback(db, () => createdUserFks(fixed, 'the fixed rolled-back key')), []);
    assert.deepEqual(lint(fixed).findings, []);

    const undone = `BEGIN;
CREATE TABLE tags23 (owner_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
CREATE TABLE tags24 (owner_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);
ALTER TABLE tags24 ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE tags24 ADD CHECK (owner_id IS NOT NULL);
ROLLBACK;`;
    assert.deepEqual(lint(undone).findings, []);
    assert.deepEqual(await inRollback(db, () => createdUserFks(undone, 'the rolled-back keys')), []);
  });

  test('no-set-null-on-not-null: each finding is a user whose delete fails with 23502 (or 23514: a CHECK; or a key Postgres rejects, 42601), and each fix makes exactly that delete succeed', async () => {
    const cases = sqlCases('no-set-null-on-not-null');
    assert.ok(cases.some((c) => c.findings.length > 0) && cases.some((c) => c.findings.length === 0));
    /** The outcomes of deletes that failed. */
    const failing = (outcomes: string[]) => outcomes.filter((o) => !o.endsWith(': ok'));
    for (const c of cases) {
      if (c.rejectedBy !== undefined) {
        // Postgres rejects the key itself (a generated column: 42601; the SQLSTATE is asserted with every case's SQL,
        // and no row can be written into a generated column to probe a delete): each fix creates it, ON DELETE CASCADE.
        for (const fix of c.findings.flatMap((f) => f.fixes)) {
          await inRollback(db, async () => {
            const fks = await createdUserFks(fix.output, `the output of "${fix.title}" in "${c.name}"`);
            const actions = await db.query<{ a: string }>(`SELECT confdeltype AS a FROM pg_constraint WHERE oid = ANY($1::oid[]) ORDER BY oid`, [
              fks.map((f) => f.oid),
            ]);
            assert.deepEqual(
              actions.rows.map((r) => r.a),
              fks.map(() => 'c'),
              `"${c.name}" after "${fix.title}": its keys are ON DELETE CASCADE`,
            );
            assert.ok(fks.length > 0);
          });
        }
        continue;
      }
      const before = await deleteOutcomes(c.sql, `the case SQL of "${c.name}"`);
      assert.ok(before.length > 0, `"${c.name}" creates a foreign key to a user table`);
      assert.deepEqual(
        failing(before).map((o) => o.replace(/^.*: /, '')),
        // a CHECK (col IS NOT NULL) on a nullable column: the check violation; NOT NULL is checked first
        c.findings.map((f) => (f.messageId === 'setNullOnNullCheck' || f.messageId === 'checkUnderSetNull' ? '23514' : '23502')),
        `"${c.name}": a delete fails with 23502 (23514 for a CHECK on a nullable column) once per finding (${before.join('; ')})`,
      );
      for (const [k, f] of c.findings.entries()) {
        for (const fix of f.fixes) {
          const after = await deleteOutcomes(fix.output, `the output of "${fix.title}" in "${c.name}"`);
          const stillFailing = failing(after);
          assert.equal(
            stillFailing.length,
            c.findings.length - 1,
            `"${c.name}" after "${fix.title}" (finding ${k + 1}): one delete fewer fails (${after.join('; ')})`,
          );
          for (const o of stillFailing) assert.ok(failing(before).includes(o), `"${fix.title}" makes no other delete fail (${o})`);
        }
      }
    }
  });
});

// ---- Quoted dotted names --------------------------------------------------------------------

describe('match-user-id-type: a retype that another statement of the file would break is never a safe fix', () => {
  test("a view joining the column with another table's uuid column (no word uuid): rejected (42804); --fix leaves it; the suggested retype makes the view fail (42883)", async () => {
    const sql = `CREATE TABLE other (u uuid PRIMARY KEY);
CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
CREATE VIEW v AS SELECT n.id FROM notes n JOIN other o ON o.u = n.owner_id;`;
    const findings = lint(sql).findings.filter((f) => f.ruleId === 'match-user-id-type');
    assert.deepEqual(
      findings.map((f) => [f.messageId, sql.slice(f.start, f.end), f.fixes.map((x) => [x.title, x.safe])]),
      [['wrongTypeReviewUses', 'uuid', [['Change the column type to text', false]]]],
    );
    assert.match(findings[0].message, /review the statement at line 3, which names the column too/);
    assert.equal(fixAll(sql, {}, true).text, sql);
    await inRollback(db, async () => {
      assert.equal((await pgErrorOf(() => db.exec(sql))).code, '42804');
    });
    const suggested = fixAll(sql, {}, false).text;
    assert.equal(suggested, sql.replace('owner_id uuid', 'owner_id text'));
    await inRollback(db, async () => {
      const err = await pgErrorOf(() => db.exec(suggested));
      assert.equal(err.code, '42883', err.message);
    });
  });
});

describe('EXECUTE texts in PL/pgSQL bodies', () => {
  test("the DO block and function fixed by fixAll run, and the foreign keys they EXECUTE have the ON DELETE action ('…', E'…' and format('%I') texts)", async () => {
    const sql = `DO $$
BEGIN
  EXECUTE 'ALTER TABLE todos ADD CONSTRAINT todos_user_fk1 FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id)';
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I ' || 'FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id)', 'todos', 'todos_user_fk2');
END $$;
CREATE FUNCTION add_todo_fk() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE E'-- the owner\\'s row, ''todos''\\nALTER TABLE todos ADD CONSTRAINT todos_user_fk3 FOREIGN KEY (user_id) REFERENCES neon_auth.users_sync (id) NOT VALID';
END
$fn$;
SELECT add_todo_fk();`;
    assert.deepEqual(
      lint(sql).findings.map((f) => f.ruleId),
      ['require-on-delete', 'require-on-delete', 'require-on-delete'],
    );
    const fixed = fixAll(sql);
    assert.equal(fixed.applied, 3);
    assert.deepEqual(fixed.result.findings, []);
    await inRollback(db, async () => {
      await execOrExplain(db, fixed.text, 'the fixed EXECUTE texts');
      const actions = await db.query<{ conname: string; confdeltype: string }>(
        `SELECT conname, confdeltype FROM pg_constraint WHERE conname LIKE 'todos_user_fk_' ORDER BY conname`,
      );
      assert.deepEqual(actions.rows, [
        { conname: 'todos_user_fk1', confdeltype: 'c' },
        { conname: 'todos_user_fk2', confdeltype: 'c' },
        { conname: 'todos_user_fk3', confdeltype: 'c' },
      ]);
    });
  });
});

describe('what no-quoted-dotted-name predicts', () => {
  test('a quoted "neon_auth.users_sync" is a second, empty table in public, and a foreign key to it rejects real user ids (23503) where the split name accepts them', async () => {
    await inRollback(db, async () => {
      await db.exec(`CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, name text)`);
      const tables = await db.query<{ schema: string; name: string }>(
        `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND c.relname LIKE '%users_sync' ORDER BY 1, 2`,
      );
      assert.deepEqual(tables.rows, [
        { schema: 'neon_auth', name: 'users_sync' },
        { schema: 'neon_identity', name: 'users_sync' },
        { schema: 'public', name: 'neon_auth.users_sync' },
      ]);
      await db.exec(`CREATE TABLE notes_dotted (user_id text REFERENCES "neon_auth.users_sync"(id) ON DELETE CASCADE)`);
      const err = await pgErrorOf(() => db.exec(`INSERT INTO notes_dotted VALUES ('user_ada')`));
      assert.equal(err.code, '23503', err.message);
    });
    await inRollback(db, async () => {
      await db.exec(`CREATE TABLE notes_split (user_id text REFERENCES "neon_auth"."users_sync"(id) ON DELETE CASCADE)`);
      const inserted = await db.query(`INSERT INTO notes_split VALUES ('user_ada')`);
      assert.equal(inserted.affectedRows, 1);
    });
  });

  test('in a file that creates and fills its own dotted table, the split changes what the SELECT counts (1 to 2), so fix-on-save leaves it (issue 17)', async () => {
    const c = ruleCases['no-quoted-dotted-name'].find((x) => x.name.startsWith('a file that creates and fills its own dotted table'));
    assert.ok(c);
    const lastCount = async (sql: string) => {
      const results = await inRollback(db, () => execOrExplain(db, sql, c.name));
      return Number((results[results.length - 1].rows[0] as { count: number | bigint }).count);
    };
    assert.equal(await lastCount(c.sql), 1);
    assert.equal(await lastCount(c.findings[2].fixes[0].output), 2);
    assert.equal(fixAll(c.sql, {}, true).text, c.sql);
  });

  test('a reference to a quoted dotted name no table has is rejected (42P01), as the finding says (rejectedByPostgres, so --fix may rewrite a followed migration); its fix runs with the Neon Auth tables present; after a CREATE of the dotted table it runs and is not so marked', async () => {
    const sql = 'CREATE TABLE todos_dotted (id int, user_id text REFERENCES "neon_auth.users_sync"(id) ON DELETE CASCADE);';
    const findings = lint(sql).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.messageId, sql.slice(f.start, f.end), f.rejectedByPostgres]),
      [['no-quoted-dotted-name', 'dottedName', '"neon_auth.users_sync"', '42P01']],
    );
    const err = await inRollback(db, () => pgErrorOf(() => db.exec(sql)));
    assert.equal(err.code, '42P01', err.message);
    assert.equal(err.message, 'relation "neon_auth.users_sync" does not exist');
    const fixed = fixAll(sql, {}, true).text;
    assert.equal(fixed, 'CREATE TABLE todos_dotted (id int, user_id text REFERENCES "neon_auth"."users_sync"(id) ON DELETE CASCADE);');
    await inRollback(db, async () => {
      await execOrExplain(db, fixed, 'the fixed reference');
      assert.equal((await db.query(`INSERT INTO todos_dotted VALUES (1, 'user_ada')`)).affectedRows, 1);
    });
    assert.deepEqual(lint(fixed).findings, []);

    const lookAlike = `CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY);\n${sql}`;
    await accepts(lookAlike, 'the reference after the look-alike table');
    assert.deepEqual(
      lint(lookAlike).findings.map((f) => [f.messageId, f.rejectedByPostgres]),
      [
        ['createsDottedTable', undefined],
        ['usesOwnDottedTable', undefined],
      ],
    );
  });

  test('a dotted name Postgres may accept is not marked rejectedByPostgres: a WITH query of that name, SELECT … INTO it, ALTER TABLE IF EXISTS, an EXECUTE text of a function; nor one in a DO block, which may not run', async () => {
    const accepted = [
      'WITH "neon_auth.users_sync" AS (SELECT \'user_ada\'::text AS id) SELECT id FROM "neon_auth.users_sync";',
      'SELECT id INTO "neon_auth.users_sync" FROM neon_auth.users_sync;',
      'ALTER TABLE IF EXISTS "neon_auth.users_sync" ADD COLUMN note text;',
      `CREATE FUNCTION dotted_ids() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'SELECT id FROM "neon_auth.users_sync"'; END $$;`,
    ];
    for (const sql of accepted) {
      await accepts(sql, sql);
      const found = lint(sql).findings.filter((f) => f.ruleId === 'no-quoted-dotted-name');
      assert.equal(found.length, 1, sql);
      assert.equal(found[0].rejectedByPostgres, undefined, sql);
    }
    const branch = 'DO $$ BEGIN IF false THEN PERFORM id FROM "neon_auth.users_sync"; END IF; END $$;';
    await accepts(branch, branch);
    assert.deepEqual(
      lint(branch).findings.map((f) => [f.messageId, f.rejectedByPostgres]),
      [['dottedName', undefined]],
    );
  });

  test('every rule case finding marked rejectedByPostgres is in a case Postgres rejects with that SQLSTATE (asserted above with each case)', () => {
    let marked = 0;
    for (const [ruleId, cases] of Object.entries(ruleCases)) {
      for (const c of cases) {
        for (const f of lint(c.sql, c.options).findings) {
          if (f.rejectedByPostgres === undefined) continue;
          marked++;
          assert.equal(c.rejectedBy, f.rejectedByPostgres, `${ruleId}: "${c.name}": ${f.ruleId} ${f.messageId} is marked ${f.rejectedByPostgres}`);
        }
      }
    }
    assert.ok(marked >= 10, `${marked} marked findings`);
  });
});

// ---- Null-rejecting WHERE, unknown auth columns, RLS helper types ---------------------------

describe('what no-null-rejecting-where, no-unknown-auth-column and match-auth-uid-type predict', () => {
  const countOf = async (sql: string) => (await db.query<{ n: number }>(`SELECT (${sql})::int AS n`)).rows[0].n;
  /** The rows of every statement of `sql`, each statement's rows sorted (plans may order them differently). */
  const rowsOf = async (sql: string, label: string) =>
    inRollback(db, async () => (await execOrExplain(db, sql, label)).map((r) => r.rows.map((x) => JSON.stringify(x)).sort()));

  test('a WHERE condition on the LEFT JOINed user drops the post without an author; the same condition in ON keeps it', async () => {
    const base = `FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id`;
    assert.equal(await countOf(`SELECT count(*) ${base}`), 3);
    assert.equal(await countOf(`SELECT count(*) ${base} WHERE u.email LIKE '%@example.com'`), 1);
    assert.equal(await countOf(`SELECT count(*) FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com'`), 1);
    assert.equal(await countOf(`SELECT count(*) ${base} AND u.email LIKE '%@example.com'`), 3);
  });

  test('no-null-rejecting-where: every "Change to an inner JOIN" fix returns the same rows as the query it fixes', async () => {
    let compared = 0;
    for (const c of sqlCases('no-null-rejecting-where')) {
      for (const fix of c.findings.flatMap((f) => f.fixes).filter((x) => x.title.startsWith('Change to an inner JOIN'))) {
        assert.deepEqual(await rowsOf(fix.output, `"${fix.title}" in "${c.name}"`), await rowsOf(c.sql, `the SQL of "${c.name}"`), `"${c.name}"`);
        compared++;
      }
    }
    assert.ok(compared >= 5, 'the rule cases offer the inner join');
  });

  test('no-unknown-auth-column: an unquoted camelCase column of neon_auth."user" is rejected with 42703; quoted it runs', async () => {
    await inRollback(db, async () => {
      const err = await pgErrorOf(() => db.exec(`SELECT u.createdAt FROM neon_auth."user" u`));
      assert.equal(err.code, '42703', err.message);
      assert.match(err.message, /u\.createdat does not exist/);
    });
    const r = await db.query<{ n: number }>(`SELECT count(u."createdAt")::int AS n FROM neon_auth."user" u`);
    assert.equal(r.rows[0].n, 1);
  });

  test("no-unknown-auth-column: an alias's column list longer than the user table's columns is rejected with 42P10, and the rule reports nothing there", async () => {
    for (const sql of [
      `SELECT u.a, u.raw_json, u.nickname FROM neon_auth.users_sync AS u(a, b, c, d, e, f, g, h) WHERE u.deleted_at IS NULL`,
      `SELECT u.a, u.nickname FROM neon_auth."user" u(a, b, c, d, e, f, g, h, i, j, k, l)`,
    ]) {
      await inRollback(db, async () => {
        const err = await pgErrorOf(() => db.exec(sql));
        assert.equal(err.code, '42P10', err.message);
      });
      assert.deepEqual(
        lint(sql).findings.filter((f) => f.ruleId === 'no-unknown-auth-column'),
        [],
        sql,
      );
    }
  });

  test("match-auth-uid-type: the fixture helpers have Neon's types; uuid = auth.user_id() and text = auth.uid() are rejected with 42883, the matching helpers run", async () => {
    const types = await db.query<{ user_id: string; uid: string }>(`SELECT pg_typeof(auth.user_id())::text AS user_id, pg_typeof(auth.uid())::text AS uid`);
    assert.deepEqual(types.rows, [{ user_id: 'text', uid: 'uuid' }]);
    for (const sql of [
      `SELECT 1 FROM neon_auth."user" u WHERE u.id = auth.user_id()`,
      `SELECT 1 FROM neon_auth.users_sync u WHERE u.id = auth.uid()`,
      `CREATE TABLE notes_rls (owner_id uuid); CREATE POLICY notes_owner ON notes_rls USING (owner_id = auth.user_id())`,
    ]) {
      await inRollback(db, async () => {
        const err = await pgErrorOf(() => db.exec(sql));
        assert.equal(err.code, '42883', `${sql}: [${err.code}] ${err.message}`);
      });
    }
    await inRollback(db, async () => {
      await db.exec(`SET LOCAL app.user_id = 'user_ada'`);
      assert.equal(await countOf(`SELECT count(*) FROM neon_auth.users_sync u WHERE u.id = auth.user_id()`), 1);
      await db.exec(`SET LOCAL app.user_id = '00000000-0000-4000-8000-000000000001'`);
      assert.equal(await countOf(`SELECT count(*) FROM neon_auth."user" u WHERE u.id = auth.uid()`), 1);
      await db.exec(`CREATE TABLE notes_rls (owner_id uuid); CREATE POLICY notes_owner ON notes_rls USING (owner_id = auth.uid())`);
    });
  });
});
