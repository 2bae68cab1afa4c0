/**
 * Drizzle tables across files: `HostModules` (server/src/workspace/hostModules.ts) resolves what a
 * host file imports from the app's own modules (relative specifiers, tsconfig `paths`, `export *`
 * and named re-exports, namespace imports), and the linter then treats those tables like
 * `usersSync` imported from drizzle-orm/neon. The CLI and the editor share it; the CLI's own run is
 * checked here on a temporary project, exact findings included.
 * Compiled by `tsc -p .` into out/test/ and run by `node --test out/`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, lint } from '../server/src/linter';
import { SCHEMA_TABLE } from '../server/src/linter/types';
import { HostModules, prismaDriverAdapterOf } from '../server/src/workspace/hostModules';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

const FILES: Record<string, string> = {
  'tsconfig.json': `{
  // comments and trailing commas, as tsconfig allows
  "compilerOptions": { "strict": true, "paths": { "@/*": ["./src/*"] }, },
}
`,
  'src/db/schema.ts': `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync as usersSyncTable } from 'drizzle-orm/neon';

export const usersTable = usersSyncTable;

export const events = pgTable('events', {
  id: text('id').primaryKey(),
  hostId: text('host_id').notNull().references(() => usersTable.id, { onDelete: 'cascade' }),
});
`,
  'src/db/index.ts': `export * from './schema';
export { usersTable as people } from './schema.js';
`,
  'src/lib/events.ts': `import { eq } from 'drizzle-orm';
import { db } from './client';
import { events, usersTable } from '@/db/schema';
import * as schema from '../db';

export async function listEvents() {
  return db.select().from(events).innerJoin(usersTable, eq(events.hostId, usersTable.id));
}

export async function hosts() {
  return db.select().from(schema.people).where(eq(schema.people.email, 'a@b.c'));
}
`,
  'src/db/relations.ts': `import { relations } from 'drizzle-orm';
import { events, usersTable } from './schema';

export const eventsRelations = relations(events, ({ one }) => ({
  host: one(usersTable, { fields: [events.hostId], references: [usersTable.id] }),
}));
`,
  'src/db/client.ts': `import { drizzle } from 'drizzle-orm/neon-http';
import * as schema from './schema';
import * as relations from './relations';
export const db = drizzle(process.env.DATABASE_URL!, { schema: { ...schema, ...relations } });
`,
  'src/lib/feed.ts': `import { db } from '@/db/client';

export async function feed() {
  return db.query.events.findMany({ with: { host: true }, limit: 10 });
}

export async function people() {
  return db.query.usersTable.findMany({ columns: { id: true, email: true } });
}
`,
  // A look-alike: the app's own table named like Neon's, exported under the same name.
  'src/other/schema.ts': `import { pgTable, text } from 'drizzle-orm/pg-core';
export const usersTable = pgTable('users_sync', { id: text('id').primaryKey(), deletedAt: text('deleted_at') });
`,
  'src/other/query.ts': `import { usersTable } from './schema';
import { db } from '../lib/client';
export const all = () => db.select().from(usersTable);
`,
};

let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-modules-'));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

const USERS_SYNC = {
  schema: 'neon_auth',
  table: 'users_sync',
  columns: { rawJson: 'raw_json', id: 'id', name: 'name', email: 'email', createdAt: 'created_at', updatedAt: 'updated_at', deletedAt: 'deleted_at' },
};

describe('HostModules', () => {
  test('resolves a tsconfig paths alias and a relative barrel with export * and a renamed re-export', () => {
    const file = path.join(dir, 'src/lib/events.ts');
    const imports = new HostModules().importsOf(file, FILES['src/lib/events.ts']);
    assert.deepEqual(imports, {
      '@/db/schema': { usersTable: USERS_SYNC },
      '../db': { usersTable: USERS_SYNC, people: USERS_SYNC },
    });
  });

  test('a look-alike app table exports nothing, and packages are not followed', () => {
    const modules = new HostModules();
    assert.equal(modules.importsOf(path.join(dir, 'src/other/query.ts'), FILES['src/other/query.ts']), undefined);
  });

  test('an open buffer overrides the disk, and invalidate() forgets the old text and its dependents', () => {
    const buffers = new Map<string, string>();
    const modules = new HostModules((f) => buffers.get(f) ?? (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : undefined));
    const file = path.join(dir, 'src/lib/events.ts');
    assert.ok(modules.importsOf(file, FILES['src/lib/events.ts'])?.['@/db/schema']);
    const schema = path.join(dir, 'src/db/schema.ts');
    assert.equal(modules.isKnown(schema), true);
    buffers.set(schema, 'export const usersTable = 1;\n');
    modules.invalidate(schema);
    assert.deepEqual(modules.importsOf(file, FILES['src/lib/events.ts']), undefined);
  });

  test('the linter checks a file that names no Neon Auth table itself, through what it imports', () => {
    const file = path.join(dir, 'src/lib/events.ts');
    const text = FILES['src/lib/events.ts'];
    const workspaceImports = new HostModules().importsOf(file, text);
    const found = lint(text, { language: 'typescript', workspaceImports }).findings.map((f) => [f.ruleId, text.slice(f.start, f.end)]);
    assert.deepEqual(found, [
      ['prefer-left-join', 'innerJoin'],
      ['require-deleted-at-filter', 'usersTable'],
      ['require-deleted-at-filter', 'schema.people'],
    ]);
    assert.deepEqual(lint(text, { language: 'typescript' }).findings, []);
  });

  test('a tsconfig.json nested deeper than 64 levels maps no paths, and throws nothing (adversarial run: 20,000 levels overflowed the stack and crashed the CLI)', () => {
    const tsconfig = path.join(dir, 'tsconfig.json');
    // Levels: the root object, compilerOptions, then `arrays` arrays.
    const withArrays =
      (arrays: number) =>
      (f: string): string | undefined =>
        f === tsconfig
          ? `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] }, "x": ${'['.repeat(arrays)}${']'.repeat(arrays)} } }`
          : fs.existsSync(f) && fs.statSync(f).isFile()
            ? fs.readFileSync(f, 'utf8')
            : undefined;
    const file = path.join(dir, 'src/lib/events.ts');
    const specifiers = (arrays: number): string[] => Object.keys(new HostModules(withArrays(arrays)).importsOf(file, FILES['src/lib/events.ts']) ?? {});
    assert.deepEqual(specifiers(62), ['@/db/schema', '../db']);
    assert.deepEqual(specifiers(63), ['../db']);
    assert.deepEqual(specifiers(20_000), ['../db']);
  });

  test('tsconfig paths targets that are not lists of strings are left out, not a crash ("@/*": 5 crashed the CLI with a TypeError, exit 1)', () => {
    const tsconfig = path.join(dir, 'tsconfig.json');
    const file = path.join(dir, 'src/lib/events.ts');
    for (const [targets, expected] of [
      ['5', ['../db']],
      ['{ "a": 1 }', ['../db']],
      ['"./src/*"', ['../db']],
      ['null', ['../db']],
      ['[5, null, {}, "./src/*"]', ['@/db/schema', '../db']],
    ] as const) {
      const read = (f: string): string | undefined =>
        f === tsconfig
          ? `{ "compilerOptions": { "paths": { "@/*": ${targets} } } }`
          : fs.existsSync(f) && fs.statSync(f).isFile()
            ? fs.readFileSync(f, 'utf8')
            : undefined;
      assert.deepEqual(Object.keys(new HostModules(read).importsOf(file, FILES['src/lib/events.ts']) ?? {}), expected, targets);
    }
  });

  test('with authSchema current, match-auth-schema reports the import of a workspace module export that is users_sync, once, at the imported name', () => {
    const file = path.join(dir, 'src/lib/events.ts');
    const text = FILES['src/lib/events.ts'];
    const workspaceImports = new HostModules().importsOf(file, text);
    const found = lint(text, { language: 'typescript', workspaceImports, authSchema: 'current' })
      .findings.filter((f) => f.ruleId === 'match-auth-schema')
      .map((f) => [f.messageId, f.start, f.end, f.message]);
    const at = text.indexOf('usersTable }');
    assert.deepEqual(found, [
      [
        'otherGeneration',
        at,
        at + 'usersTable'.length,
        'neon_auth.users_sync does not exist in current Neon Auth (Better Auth): use neon_auth."user" (uuid id, hard delete). (Setting neonAuth.authSchema / --auth-schema is "current".)',
      ],
    ]);
    assert.deepEqual(
      lint(text, { language: 'typescript', workspaceImports, authSchema: 'legacy' }).findings.filter((f) => f.ruleId === 'match-auth-schema'),
      [],
    );
  });
});

describe('relations across files', () => {
  test("a relational query finds the relations its db module's schema declares, two imports away", () => {
    const file = path.join(dir, 'src/lib/feed.ts');
    const text = FILES['src/lib/feed.ts'];
    const modules = new HostModules();
    const workspaceRelations = modules.relationsOf(file, text);
    assert.deepEqual(workspaceRelations, { events: { host: { auth: USERS_SYNC } }, usersTable: { [SCHEMA_TABLE]: { auth: USERS_SYNC } } });
    assert.equal(modules.importsOf(file, text), undefined);
    const result = lint(text, { language: 'typescript', workspaceRelations });
    const found = result.findings.map((f) => [f.ruleId, text.slice(f.start, f.end), f.fixes.length]);
    assert.deepEqual(found, [
      ['require-deleted-at-filter', 'host', 0],
      ['require-deleted-at-filter', 'usersTable', 1],
    ]);
    // `usersTable` is the schema's key, not a name this file has: the fix names the table through the callback's fields.
    assert.equal(
      applyEdits(text, result.findings[1].fixes[0].edits),
      text.replace(
        '{ columns: { id: true, email: true } }',
        '{ columns: { id: true, email: true }, where: (usersTable, { isNull }) => isNull(usersTable.deletedAt) }',
      ),
    );
  });

  test('a file that reaches no relation to a Neon Auth table gets none', () => {
    assert.equal(new HostModules().relationsOf(path.join(dir, 'src/other/query.ts'), FILES['src/other/query.ts']), undefined);
  });
});

describe('the CLI across files', () => {
  test('a tsconfig.json nested 20,000 levels deep is not read (its paths are not followed); the file is still checked', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-modules-deep-'));
    try {
      for (const [file, text] of Object.entries(FILES)) {
        fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
        fs.writeFileSync(path.join(project, file), text);
      }
      fs.writeFileSync(
        path.join(project, 'tsconfig.json'),
        `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] }, "x": ${'['.repeat(20_000)}${']'.repeat(20_000)} } }`,
      );
      const r = spawnSync(process.execPath, [cli, '--format', 'json', 'src/lib/events.ts'], { encoding: 'utf8', cwd: project });
      assert.deepEqual([r.status, r.stderr], [1, '']);
      const report = JSON.parse(r.stdout) as { diagnostics: { rule: string; range: { start: { line: number; character: number } } }[] }[];
      assert.deepEqual(
        report[0].diagnostics.map((f) => [f.rule, f.range.start.line, f.range.start.character]),
        [['require-deleted-at-filter', 10, 26]],
      );
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  test('naming only the query file still resolves the schema module it imports', () => {
    const r = spawnSync(process.execPath, [cli, '--format', 'json', path.join(dir, 'src/lib/events.ts')], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { diagnostics: { rule: string; range: { start: { line: number; character: number } } }[] }[];
    assert.deepEqual(
      report[0].diagnostics.map((f) => [f.rule, f.range.start.line, f.range.start.character]),
      [
        ['prefer-left-join', 6, 34],
        ['require-deleted-at-filter', 6, 44],
        ['require-deleted-at-filter', 10, 26],
      ],
    );
  });
});

/** A Prisma raw query comparing the uuid id of `neon_auth."user"` with a string `${…}` (see match-user-id-comparison's README). */
const PRISMA_QUERY = `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
export const me = (userId: string) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" WHERE id = \${userId}\`;
`;

describe("Prisma's driver adapters, from the nearest package.json that names Prisma", () => {
  let pdir: string;
  const PACKAGES: Record<string, string> = {
    'adapter/package.json': '{ "dependencies": { "@prisma/client": "^6.19.0", "@prisma/adapter-neon": "^6.19.0" } }',
    'native/package.json': '{ "dependencies": { "@prisma/client": "^6.19.0" }, "devDependencies": { "prisma": "^6.19.0" } }',
    'seven/package.json': '{ "dependencies": { "@prisma/client": "^7.0.0" } }',
    // A monorepo: the app's own package.json names no Prisma package, the root's does.
    'mono/package.json': '{ "devDependencies": { "prisma": "7.10.1", "@prisma/adapter-pg": "7.10.1" } }',
    'mono/apps/web/package.json': '{ "name": "web", "dependencies": { "next": "15.0.0" } }',
  };

  before(() => {
    pdir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-prisma-'));
    for (const [file, text] of Object.entries(PACKAGES)) {
      fs.mkdirSync(path.dirname(path.join(pdir, file)), { recursive: true });
      fs.writeFileSync(path.join(pdir, file), text);
    }
    for (const d of ['adapter', 'native', 'seven', 'mono/apps/web', 'none']) {
      fs.mkdirSync(path.join(pdir, d, 'src'), { recursive: true });
      fs.writeFileSync(path.join(pdir, d, 'src/me.ts'), PRISMA_QUERY);
    }
  });

  after(() => fs.rmSync(pdir, { recursive: true, force: true }));

  test('prismaDriverAdapterOf: an @prisma/adapter-* package, or prisma / @prisma/client 7 or later; false for other Prisma ranges; undefined without Prisma', () => {
    const of = (deps: Record<string, Record<string, string>>) => prismaDriverAdapterOf(JSON.stringify(deps));
    assert.deepEqual(
      [
        of({ dependencies: { '@prisma/adapter-pg': '^7.10.1', '@prisma/client': '^7.10.1' } }),
        of({ devDependencies: { '@prisma/adapter-neon': '6.19.3' } }),
        of({ dependencies: { '@prisma/client': '^7.0.0' } }),
        of({ dependencies: { prisma: '>=7.1' } }),
        of({ dependencies: { '@prisma/client': '~6.19.0' } }),
        of({ dependencies: { '@prisma/client': 'latest' } }),
        of({ dependencies: { '@prisma/client': '>=6 <8' } }),
        of({ dependencies: { pg: '^8.23.1' } }),
        prismaDriverAdapterOf('{ not json'),
      ],
      [true, true, true, true, false, false, false, undefined, undefined],
    );
  });

  test('workspaceOf sets prismaDriverAdapter only for a file with a Prisma raw query whose package uses an adapter', () => {
    const modules = new HostModules();
    const at = (d: string, text = PRISMA_QUERY) => modules.workspaceOf(path.join(pdir, d, 'src/me.ts'), text);
    assert.deepEqual(
      ['adapter', 'native', 'seven', 'mono/apps/web', 'none'].map((d) => at(d)),
      [{ prismaDriverAdapter: true }, {}, { prismaDriverAdapter: true }, { prismaDriverAdapter: true }, {}],
    );
    // No `$queryRaw`, `$executeRaw` or `Prisma.sql`: the package.json is not read.
    assert.deepEqual(at('adapter', 'export const x = 1;\n'), {});
  });

  test('invalidate(package.json) forgets what it said', () => {
    const buffers = new Map<string, string>();
    const modules = new HostModules((f) => buffers.get(f) ?? (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : undefined));
    const file = path.join(pdir, 'native/src/me.ts');
    const pkg = path.join(pdir, 'native/package.json');
    assert.deepEqual(modules.workspaceOf(file, PRISMA_QUERY), {});
    assert.equal(modules.isKnown(pkg), true);
    buffers.set(pkg, '{ "dependencies": { "@prisma/client": "^6.19.0", "@prisma/adapter-pg": "^6.19.0" } }');
    modules.invalidate(pkg);
    assert.deepEqual(modules.workspaceOf(file, PRISMA_QUERY), { prismaDriverAdapter: true });
  });

  test('the CLI reports the string ${…} compared with "user".id only where Prisma may run its native engine', () => {
    const files = ['adapter', 'native', 'seven', 'mono/apps/web', 'none'].map((d) => path.join(pdir, d, 'src/me.ts'));
    const r = spawnSync(process.execPath, [cli, '--format', 'json', ...files], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as {
      file: string;
      diagnostics: { rule: string; messageId?: string; range: { start: { line: number; character: number } } }[];
    }[];
    assert.deepEqual(
      report.map((f) => [
        path.relative(pdir, f.file).split(path.sep).join('/'),
        f.diagnostics.map((d) => [d.rule, d.range.start.line, d.range.start.character]),
      ]),
      [
        ['adapter/src/me.ts', []],
        ['native/src/me.ts', [['match-user-id-comparison', 3, 100]]],
        ['seven/src/me.ts', []],
        ['mono/apps/web/src/me.ts', []],
        ['none/src/me.ts', [['match-user-id-comparison', 3, 100]]],
      ],
    );
  });
});
