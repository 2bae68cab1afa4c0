import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob } from '../server/src/config/glob';
import { discoverMigrationSets, historyText, journalTags, naturalCompare } from '../server/src/workspace/migrations';

/** Discovery over an in-memory tree: `files` maps each path to its text. */
function discover(files: Record<string, string>, overrides?: Array<{ dir: string; globs: string[] }>) {
  return discoverMigrationSets({
    files: Object.keys(files).filter((f) => f.endsWith('.sql')),
    read: (p) => files[p],
    overrides: overrides?.map((o) => ({
      dir: o.dir,
      globs: o.globs.map((g) => {
        const c = compileGlob(g);
        assert.ok(c.ok);
        return c.match;
      }),
    })),
  });
}

const journal = (...tags: string[]): string => JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, tag })) });

describe('migration set discovery', () => {
  test('drizzle-kit: the journal gives the order, not the file names', () => {
    const d = discover({
      'drizzle/meta/_journal.json': journal('0000_init', '0002_later', '0001_fk'),
      'drizzle/0000_init.sql': '',
      'drizzle/0001_fk.sql': '',
      'drizzle/0002_later.sql': '',
    });
    assert.deepEqual(d.sets, [{ convention: 'drizzle', root: 'drizzle', files: ['drizzle/0000_init.sql', 'drizzle/0002_later.sql', 'drizzle/0001_fk.sql'] }]);
    assert.deepEqual(d.notices, []);
  });

  test('drizzle-kit: a journal naming a missing file gives one notice, the other files stay a set', () => {
    const d = discover({ 'db/meta/_journal.json': journal('0000_a', '0001_gone', '0002_c'), 'db/0000_a.sql': '', 'db/0002_c.sql': '' });
    assert.deepEqual(d.sets, [{ convention: 'drizzle', root: 'db', files: ['db/0000_a.sql', 'db/0002_c.sql'] }]);
    assert.deepEqual(d.notices, [
      {
        path: 'db/meta/_journal.json',
        message: 'The drizzle-kit journal names 0001_gone.sql, which is not in db: the other migrations are checked without it.',
      },
    ]);
  });

  test('drizzle-kit: a journal that is not JSON gives one notice, and the folder is read as numbered files', () => {
    const d = discover({ 'db/meta/_journal.json': '{ nope', 'db/0001_b.sql': '', 'db/0000_a.sql': '' });
    assert.deepEqual(d.sets, [{ convention: 'numbered', root: 'db', files: ['db/0000_a.sql', 'db/0001_b.sql'] }]);
    assert.deepEqual(d.notices, [
      { path: 'db/meta/_journal.json', message: 'The drizzle-kit journal is not valid JSON with an entries list: the folder is not read as a migration set.' },
    ]);
  });

  test('Prisma: each <timestamp>_<name>/migration.sql, by folder name', () => {
    const d = discover({
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"',
      'prisma/migrations/20240201000000_fk/migration.sql': '',
      'prisma/migrations/20240101000000_init/migration.sql': '',
      'prisma/schema.sql': '',
    });
    assert.deepEqual(d.sets, [
      {
        convention: 'prisma',
        root: 'prisma/migrations',
        files: ['prisma/migrations/20240101000000_init/migration.sql', 'prisma/migrations/20240201000000_fk/migration.sql'],
      },
    ]);
  });

  test('Supabase: supabase/migrations/<timestamp>_<name>.sql; seed.sql is not history', () => {
    const d = discover({
      'supabase/migrations/20240102000000_fk.sql': '',
      'supabase/migrations/20240101000000_init.sql': '',
      'supabase/seed.sql': '',
    });
    assert.deepEqual(d.sets, [
      {
        convention: 'supabase',
        root: 'supabase/migrations',
        files: ['supabase/migrations/20240101000000_init.sql', 'supabase/migrations/20240102000000_fk.sql'],
      },
    ]);
  });

  test('Flyway: versions compared part by part, repeatable scripts last, undo scripts left out', () => {
    const d = discover({
      'sql/V1_10__c.sql': '',
      'sql/V1_9__b.sql': '',
      'sql/V1__a.sql': '',
      'sql/R__views.sql': '',
      'sql/V2__d.sql': '',
      'sql/U2__d.sql': '',
    });
    assert.deepEqual(d.sets, [
      { convention: 'flyway', root: 'sql', files: ['sql/V1__a.sql', 'sql/V1_9__b.sql', 'sql/V1_10__c.sql', 'sql/V2__d.sql', 'sql/R__views.sql'] },
    ]);
  });

  test('golang-migrate: .up.sql in natural order; .down.sql is not history', () => {
    const d = discover({ 'm/10_c.up.sql': '', 'm/2_b.up.sql': '', 'm/2_b.down.sql': '', 'm/1_a.up.sql': '', 'm/1_a.down.sql': '' });
    assert.deepEqual(d.sets, [{ convention: 'up-down', root: 'm', files: ['m/1_a.up.sql', 'm/2_b.up.sql', 'm/10_c.up.sql'] }]);
  });

  test('dbmate: numbered files with -- migrate:up sections; only the up section is history', () => {
    const first = '-- migrate:up\nCREATE TABLE notes (id int);\n\n-- migrate:down\nDROP TABLE notes;\n';
    const d = discover({ 'db/migrations/20240101_a.sql': first, 'db/migrations/20240102_b.sql': '-- migrate:up\n' });
    assert.deepEqual(d.sets, [{ convention: 'dbmate', root: 'db/migrations', files: ['db/migrations/20240101_a.sql', 'db/migrations/20240102_b.sql'] }]);
    assert.equal(historyText('dbmate', first), '-- migrate:up\nCREATE TABLE notes (id int);\n\n               \n                 \n');
    assert.equal(historyText('numbered', first), first);
  });

  test('plain numbered files in natural order; other files of the folder are in no set', () => {
    const d = discover({
      'migrations/10_c.sql': '',
      'migrations/9_b.sql': '',
      'migrations/001_a.sql': '',
      'migrations/notes.sql': '',
      'queries/report.sql': '',
    });
    assert.deepEqual(d.sets, [{ convention: 'numbered', root: 'migrations', files: ['migrations/001_a.sql', 'migrations/9_b.sql', 'migrations/10_c.sql'] }]);
  });

  test('.neon-auth.json migrations globs override discovery under its folder, in the order of the globs', () => {
    const d = discover(
      {
        'app/db/schema/tables.sql': '',
        'app/db/schema/2_more.sql': '',
        'app/db/changes/10_b.sql': '',
        'app/db/changes/9_a.sql': '',
        'other/001_x.sql': '',
      },
      [{ dir: 'app', globs: ['db/schema/*.sql', 'db/changes/*.sql'] }],
    );
    assert.deepEqual(d.sets, [
      {
        convention: 'config',
        root: 'app',
        files: ['app/db/schema/2_more.sql', 'app/db/schema/tables.sql', 'app/db/changes/9_a.sql', 'app/db/changes/10_b.sql'],
      },
      { convention: 'numbered', root: 'other', files: ['other/001_x.sql'] },
    ]);
  });

  test('natural order compares digit runs as numbers; the journal is ordered by idx', () => {
    assert.deepEqual(['10_a', '2_a', '1_b', '01_a'].sort(naturalCompare), ['01_a', '1_b', '2_a', '10_a']);
    assert.deepEqual(
      journalTags(
        JSON.stringify({
          entries: [
            { idx: 1, tag: 'b' },
            { idx: 0, tag: 'a' },
          ],
        }),
      ),
      ['a', 'b'],
    );
    assert.equal(journalTags('[]'), undefined);
  });
});
