/**
 * Migration-set cases on real Postgres (PGlite): each case's migrations run in order and fail
 * with the error its findings predict (42804 when the key is created, 23502 at the first delete of
 * a user who owns a row), then the set with the preferred fixes of the last file runs, and the
 * user's delete succeeds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PGlite } from '@electric-sql/pglite';
import { fixAll, lint } from '../server/src/linter';
import { foldMigrations } from '../server/src/linter/history';
import {
  checkedIndex,
  historyCases,
  LATER_FUNCTION_SET,
  LATER_JOIN_SET,
  LATER_KEY_SET,
  LATER_VIEW_SET,
  priorOf,
  SEARCH_PATH_FORMS,
  SEARCH_PATH_SET,
  SEARCH_PATH_TRANSACTIONS,
  DDL_TRANSACTIONS,
  KEY_NOT_NULL,
  KEY_NAMES,
} from './historyCases';
import { execOrExplain, inRollback, openFixtureDb, pgErrorOf } from './helpers/pglite';
import './helpers/pgGrammar';

let db: PGlite;

before(async () => {
  db = await openFixtureDb();
});

after(async () => {
  await db?.close();
});

/** The current Neon Auth's tables in the fixture (`HistoryCase.database`). */
const CURRENT_AUTH_TABLES = 'neon_auth."user", neon_auth.session, neon_auth.account, neon_auth.verification, neon_auth.jwks';

/** A user the case's row can belong to: a new legacy users_sync row, or the fixture's current user. */
async function userFor(current: boolean): Promise<string> {
  if (current) return '00000000-0000-4000-8000-000000000001';
  await db.query(`INSERT INTO neon_auth.users_sync (raw_json) VALUES ($1::jsonb)`, [
    JSON.stringify({ id: 'user_hist', display_name: 'Hist', primary_email: 'hist@example.com', signed_up_at_millis: 1740000000000 }),
  ]);
  return 'user_hist';
}

async function deleteUser(current: boolean, id: string): Promise<void> {
  if (current) await db.query(`DELETE FROM neon_auth."user" WHERE id = $1`, [id]);
  else await db.query(`DELETE FROM neon_auth.users_sync WHERE id = $1`, [id]);
}

describe('migration-set cases on Postgres', () => {
  for (const c of historyCases) {
    const current = c.files.some((f) => f.text.includes('neon_auth."user"'));
    test(`${c.name}: Postgres fails with ${c.predicts.code} ${c.predicts.at === 'migrate' ? 'running the last migration' : 'at the first user delete'}`, async () => {
      await inRollback(db, async () => {
        // a project made before the current Neon Auth: none of its tables
        if (c.database === 'legacy') await db.exec(`DROP TABLE ${CURRENT_AUTH_TABLES} CASCADE`);
        const earlier = c.files.slice(0, checkedIndex(c));
        for (const f of earlier) await execOrExplain(db, f.text, f.path);
        const last = c.files[checkedIndex(c)];
        if (c.predicts.at === 'migrate') {
          const err = await pgErrorOf(() => db.exec(last.text));
          assert.equal(err.code, c.predicts.code, err.message);
          return;
        }
        await execOrExplain(db, last.text, last.path);
        assert.ok(c.row, 'a delete prediction needs a row');
        const id = await userFor(current);
        await db.query(c.row, [id]);
        const err = await pgErrorOf(() => deleteUser(current, id));
        assert.equal(err.code, c.predicts.code, err.message);
      });
    });

    if (c.fixed === undefined) continue;
    test(`${c.name}: with the fixes, the set runs and deleting a user who owns a row succeeds`, async () => {
      const h = foldMigrations(c.files);
      const last = checkedIndex(c);
      assert.equal(fixAll(c.files[last].text, { priorSchema: priorOf(c, (i) => h.before(i)) }, false).text, c.fixed);
      await inRollback(db, async () => {
        if (c.database === 'legacy') await db.exec(`DROP TABLE ${CURRENT_AUTH_TABLES} CASCADE`);
        for (const f of c.files.slice(0, last)) await execOrExplain(db, f.text, f.path);
        if (c.fixed!.includes('--> statement-breakpoint')) {
          // As drizzle-orm's migrator runs a drizzle-kit file: each breakpoint chunk as one query
          // (PGlite's and Neon HTTP's drivers use the extended protocol: one statement per query).
          for (const chunk of c.fixed!.split('--> statement-breakpoint')) if (chunk.trim() !== '') await db.query(chunk);
        } else await execOrExplain(db, c.fixed!, `${c.files[last].path} (fixed)`);
        // The later migrations of the set run after the fixed file.
        for (const f of c.files.slice(last + 1)) await execOrExplain(db, f.text, f.path);
        if (!c.row) return;
        const id = await userFor(current);
        await db.query(c.row, [id]);
        await deleteUser(current, id);
      });
    });
  }
});

describe('a fix to an earlier migration and the later migrations of its set, on Postgres', () => {
  for (const [files, code] of [
    [LATER_KEY_SET, '42804'],
    [LATER_VIEW_SET, '42883'],
  ] as const)
    test(`${files[1].text.slice(0, 11)}…: the retype alone would make the later migration fail (${code}); fixAll leaves the file as it is`, async () => {
      const prior = foldMigrations(files).before(0);
      assert.equal(fixAll(files[0].text, { priorSchema: prior }, true).text, files[0].text);
      // What the withheld fix wrote: the first migration runs, the later one fails.
      const retyped = files[0].text.replace('owner_id uuid', 'owner_id text');
      await inRollback(db, async () => {
        await execOrExplain(db, retyped, files[0].path);
        const err = await pgErrorOf(() => db.exec(files[1].text));
        assert.equal(err.code, code, err.message);
      });
      // Both changed together, as the message says: the set runs.
      await inRollback(db, async () => {
        await execOrExplain(db, retyped, files[0].path);
        const later = files[1].text.replace('o uuid', 'o text').replace('gen_random_uuid()', 'gen_random_uuid()::text');
        await execOrExplain(db, later, files[1].path);
      });
    });
});

describe('a retype that a later migration naming the column would break, on Postgres (why it is never a safe fix)', () => {
  for (const [files, code] of [
    [LATER_JOIN_SET, '42883'],
    [LATER_FUNCTION_SET, '42883'],
  ] as const)
    test(`${files[1].text.slice(0, 20)}…: the set is rejected (42804); the retype alone makes the later migration fail (${code}); --fix leaves the file`, async () => {
      const prior = foldMigrations(files).before(0);
      assert.equal(fixAll(files[0].text, { priorSchema: prior }, true).text, files[0].text);
      await inRollback(db, async () => {
        const err = await pgErrorOf(() => db.exec(files[0].text));
        assert.equal(err.code, '42804', err.message);
      });
      const [finding] = lint(files[0].text, { priorSchema: prior }).findings;
      const retyped = files[0].text.replace('owner_id uuid', 'owner_id text');
      // the suggestion, where one is offered, is exactly this retype
      if (finding.fixes.length > 0) assert.equal(fixAll(files[0].text, { priorSchema: prior }, false).text, retyped);
      await inRollback(db, async () => {
        await execOrExplain(db, retyped, files[0].path);
        const err = await pgErrorOf(() => db.exec(files[1].text));
        assert.equal(err.code, code, err.message);
      });
    });
});

describe('SET search_path forms in an earlier migration, on Postgres', () => {
  for (const form of SEARCH_PATH_FORMS)
    test(`${form}: the set runs and the later migration has no finding`, async () => {
      const files = [{ ...SEARCH_PATH_SET[0], text: SEARCH_PATH_SET[0].text.replace('{set}', form) }, SEARCH_PATH_SET[1]];
      assert.deepEqual(lint(files[1].text, { priorSchema: foldMigrations(files).before(1) }).findings, []);
      await inRollback(db, async () => {
        for (const f of files) await execOrExplain(db, f.text, f.path);
        await db.exec('RESET search_path');
        const { rows } = await db.query<{ table_schema: string; data_type: string }>(
          "SELECT table_schema, data_type FROM information_schema.columns WHERE table_name = 'chores' AND column_name = 'uid' ORDER BY table_schema",
        );
        assert.deepEqual(rows, [
          { table_schema: 'app', data_type: 'uuid' },
          { table_schema: 'public', data_type: 'text' },
        ]);
      });
    });
});

describe('SET search_path in transactions and savepoints, on Postgres', () => {
  for (const { text, schema } of SEARCH_PATH_TRANSACTIONS)
    test(`${text.replace(/\n/g, ' ')}: the fold and Postgres put the table in ${schema}`, async () => {
      const file = `CREATE SCHEMA txapp;\n${text.replace('{stmt}', 'CREATE TABLE tx_probe (id int);')}\n`;
      assert.deepEqual(
        [
          ...foldMigrations([{ path: 'tx/1.sql', text: file }])
            .before(1)
            .tables.keys(),
        ],
        [`${schema}.tx_probe`],
      );
      // PGlite's RESET goes to its own default (pg_catalog): the fixture's path is set back as it was
      const [{ path }] = (await db.query<{ path: string }>("SELECT current_setting('search_path') AS path")).rows;
      try {
        // one statement at a time, as psql sends them (a multi-statement query is one implicit transaction)
        for (const stmt of file.split(/;\n/).filter((x) => x.trim() !== '')) await execOrExplain(db, stmt, 'tx/1.sql');
        const { rows } = await db.query<{ table_schema: string }>("SELECT table_schema FROM information_schema.tables WHERE table_name = 'tx_probe'");
        assert.deepEqual(rows, [{ table_schema: schema }]);
      } finally {
        await db.exec('ROLLBACK; DROP TABLE IF EXISTS public.tx_probe; DROP SCHEMA IF EXISTS txapp CASCADE;');
        await db.query("SELECT set_config('search_path', $1, false)", [path]);
      }
    });
});

describe('DDL in transactions and savepoints, on Postgres', () => {
  for (const { text, columns } of DDL_TRANSACTIONS)
    test(`${text.replace(/\n/g, ' ')}: the fold and Postgres leave ${columns.join(', ') || 'no table'}`, async () => {
      const folded = [...foldMigrations([{ path: 'tx/1.sql', text: `${text}\n` }]).before(1).tables];
      assert.deepEqual(folded.flatMap(([key, t]) => t.columns.map((c) => `${key.replace(/^public\./, '')}.${c.name}`)).sort(), columns);
      try {
        // one statement at a time, as psql sends them (a multi-statement query is one implicit transaction)
        for (const stmt of text.split(/;\n/).filter((x) => x.trim() !== '')) await execOrExplain(db, stmt, 'tx/1.sql');
        const { rows } = await db.query<{ c: string }>(
          "SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('tx_a', 'tx_b') ORDER BY 1",
        );
        assert.deepEqual(
          rows.map((r) => r.c),
          columns,
        );
      } finally {
        await db.exec('ROLLBACK; DROP TABLE IF EXISTS public.tx_a, public.tx_b;');
      }
    });
});

describe("a primary-key column's NOT NULL through ALTER TABLE, on Postgres", () => {
  for (const { text, notNull, rejected } of KEY_NOT_NULL)
    test(`${text.replace(/\n/g, ' ')}: ${rejected ? `rejected with ${rejected}, ` : ''}id ${notNull ? 'stays' : 'is no longer'} NOT NULL`, async () => {
      try {
        // one statement at a time: the rejected one fails alone (autocommit)
        const codes: string[] = [];
        for (const stmt of text.split(/;\n/).filter((x) => x.trim() !== '')) {
          const err = await pgErrorOf(() => db.exec(stmt)).catch(() => undefined);
          if (err) codes.push(String(err.code));
        }
        assert.deepEqual(codes, rejected ? [rejected] : []);
        const { rows } = await db.query<{ n: boolean }>("SELECT attnotnull AS n FROM pg_attribute WHERE attrelid = 'public.tx_a'::regclass AND attname = 'id'");
        assert.deepEqual(rows, [{ n: notNull }]);
        const columns = await db.query<{ c: string }>(
          "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'tx_a'",
        );
        assert.deepEqual(
          columns.rows.map((r) => r.c),
          ['id'],
        );
      } finally {
        await db.exec('DROP TABLE IF EXISTS public.tx_a, public.tx_b;');
      }
    });
});

describe('the names Postgres gives primary and foreign keys, and keeps through RENAME TO', () => {
  for (const { text, table, keys, rejected = [] } of KEY_NAMES)
    test(`${text.replace(/\n/g, ' ')}: ${rejected.length > 0 ? `rejected with ${rejected.join(', ')}, ` : ''}keys ${keys.join(', ') || 'none'}`, async () => {
      await inRollback(db, async () => {
        // one statement at a time, each in a savepoint: a rejected one fails alone
        const codes: string[] = [];
        for (const stmt of text.split(/;\n/).filter((x) => x.trim() !== '')) {
          await db.exec('SAVEPOINT s');
          const err = await pgErrorOf(() => db.exec(stmt)).catch(() => undefined);
          if (err) codes.push(String(err.code));
          await db.exec(err ? 'ROLLBACK TO SAVEPOINT s' : 'RELEASE SAVEPOINT s');
        }
        assert.deepEqual(codes, rejected);
        const { rows } = await db.query<{ k: string }>(
          "SELECT contype::text || ':' || conname AS k FROM pg_constraint WHERE conrelid = to_regclass('public.' || quote_ident($1)) AND contype IN ('p', 'f') ORDER BY 1",
          [table],
        );
        assert.deepEqual(
          rows.map((r) => r.k),
          keys,
        );
      });
    });
});
