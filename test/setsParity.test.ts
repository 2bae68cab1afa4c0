/**
 * Migration sets, CLI and editor alike: for multi-file sets of each discovery convention, the CLI
 * run on the later migration alone (`--format json`, as a pre-commit hook runs it) and the language
 * server (over stdio, the set's root as the workspace folder, only the later migration open) report
 * the same findings: rule, severity, range, message, related locations (the CLI's `related`, the
 * editor's `relatedInformation`) and the quick fixes with their edits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { CLIENT_CAPABILITIES, LspTestClient, repoRoot } from './helpers/lspClient';
import { checkedIndex, historyCases } from './historyCases';
import type { JsonFileResult } from '../server/src/cli/report';

const cli = process.env.NEON_AUTH_CLI ?? path.join(repoRoot(), 'dist', 'cli.js');
const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];
const TIMEOUT = { timeout: 60_000 };

/** The client a VS Code-like editor is, with related information shown. */
const CAPABILITIES = {
  ...CLIENT_CAPABILITIES,
  textDocument: {
    ...CLIENT_CAPABILITIES.textDocument,
    publishDiagnostics: { ...CLIENT_CAPABILITIES.textDocument!.publishDiagnostics, relatedInformation: true },
  },
};

interface SetCase {
  name: string;
  /** Files written under the case's root (the workspace folder, the CLI's working directory): migrations, journals, lock files, configs. */
  files: Record<string, string>;
  /** The later migration, the only one named to the CLI and opened in the editor (relative to the root). */
  check: string;
  /** The rule ids expected (so that two empty reports cannot agree by accident). */
  rules: string[];
  /** False for a one-file set (a schema dump): its findings name only places in the file itself. */
  crossFile?: boolean;
  /**
   * Where the CLI runs and what the editor has open as its folder, relative to the root: by default
   * the root for both; `null` for the editor: no workspace folder (a single file opened).
   */
  cwd?: string;
  workspace?: string | null;
}

const journal = (...tags: string[]): string =>
  JSON.stringify(
    { version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1700000000000 + idx, tag, breakpoints: true })) },
    null,
    2,
  ) + '\n';

/** The cases of test/historyCases.ts as they lie on disk (a drizzle-kit folder gets its journal), then sets that only discovery can tell apart. */
const cases: SetCase[] = [
  ...historyCases.map((c): SetCase => {
    const files: Record<string, string> = {};
    for (const f of c.files) files[f.path] = f.text;
    const dir = path.posix.dirname(c.files[0].path);
    if (c.name.startsWith('drizzle-kit')) files[`${dir}/meta/_journal.json`] = journal(...c.files.map((f) => path.posix.basename(f.path, '.sql')));
    if (c.name.startsWith('Prisma')) files['prisma/migrations/migration_lock.toml'] = 'provider = "postgresql"\n';
    return {
      name: c.name,
      files,
      check: c.files[checkedIndex(c)].path,
      rules: c.findings.map(([rule]) => rule),
      crossFile: c.files.length > 1 && !c.localFindings,
    };
  }),
  {
    name: 'drizzle-kit in a monorepo package, three migrations, the journal ordering them unlike their names; the middle one checked',
    files: {
      'packages/db/drizzle/meta/_journal.json': journal('0000_init', '0002_owner', '0001_later'),
      'packages/db/drizzle/0000_init.sql': 'CREATE TABLE "todos" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"title" text NOT NULL\n);\n',
      // in journal order this runs second: it adds the column the key below is on
      'packages/db/drizzle/0002_owner.sql': 'ALTER TABLE "todos" ADD COLUMN "user_id" uuid NOT NULL;\n',
      'packages/db/drizzle/0001_later.sql':
        'ALTER TABLE "todos" ADD CONSTRAINT "todos_user_id_users_sync_id_fk" FOREIGN KEY ("user_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE set null ON UPDATE no action;\n',
    },
    check: 'packages/db/drizzle/0001_later.sql',
    rules: ['match-user-id-type', 'no-set-null-on-not-null'],
  },
  {
    name: 'Prisma: three migrations, the key in the last on a column the second one made NOT NULL',
    files: {
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_init/migration.sql':
        'CREATE TABLE "Doc" (\n    "id" SERIAL NOT NULL,\n    "ownerId" TEXT,\n    CONSTRAINT "Doc_pkey" PRIMARY KEY ("id")\n);\n',
      'prisma/migrations/20240102000000_required/migration.sql': 'ALTER TABLE "Doc" ALTER COLUMN "ownerId" SET NOT NULL;\n',
      'prisma/migrations/20240103000000_owner/migration.sql':
        '-- AddForeignKey\nALTER TABLE "Doc" ADD CONSTRAINT "Doc_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE SET NULL ON UPDATE CASCADE;\n',
    },
    check: 'prisma/migrations/20240103000000_owner/migration.sql',
    rules: ['no-set-null-on-not-null'],
  },
  {
    name: 'plain numbered files in natural order (2 before 10), CRLF line ends and characters outside the BMP before the facts',
    files: {
      'db/migrations/2_items.sql': '-- 📦 items\r\nCREATE TABLE items (id int, /* 🔑 */ owner_id uuid NOT NULL);\r\n',
      // 10 runs after 2 (natural order): the column is text by now
      'db/migrations/10_retype.sql': '-- 🛠️\r\nALTER TABLE items ALTER COLUMN owner_id TYPE text;\r\n',
      'db/migrations/11_fk.sql': '/* 🔗 */ ALTER TABLE items ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\r\n',
    },
    check: 'db/migrations/11_fk.sql',
    rules: ['no-set-null-on-not-null'],
  },
  {
    name: 'golang-migrate: the .down.sql files are not history (the down of 1 would drop the table)',
    files: {
      'migrations/1_init.up.sql': 'CREATE TABLE posts (id int, author_id uuid NOT NULL);\n',
      'migrations/1_init.down.sql': 'DROP TABLE posts;\n',
      'migrations/2_fk.up.sql': 'ALTER TABLE posts ADD FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n',
      'migrations/2_fk.down.sql': 'ALTER TABLE posts DROP CONSTRAINT posts_author_id_fkey;\n',
    },
    check: 'migrations/2_fk.up.sql',
    rules: ['match-user-id-type'],
  },
  {
    name: 'dbmate: only the -- migrate:up section is history',
    files: {
      'db/migrations/20240101000000_init.sql':
        '-- migrate:up\nCREATE TABLE notes (id int, owner_id uuid NOT NULL);\n\n-- migrate:down\nDROP TABLE notes;\nCREATE TABLE notes (id int, owner_id text);\n',
      'db/migrations/20240102000000_fk.sql':
        '-- migrate:up\nALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n\n-- migrate:down\nALTER TABLE notes DROP CONSTRAINT notes_owner_id_fkey;\n',
    },
    check: 'db/migrations/20240102000000_fk.sql',
    rules: ['match-user-id-type'],
  },
  {
    name: '.neon-auth.json migrations globs: schema/ then changes/, files no convention would put in one set',
    files: {
      '.neon-auth.json': '{ "migrations": ["schema/*.sql", "changes/*.sql"] }\n',
      'schema/tables.sql': 'CREATE TABLE reports (id int, author_id uuid NOT NULL);\n',
      'changes/add_author_key.sql': 'ALTER TABLE reports ADD FOREIGN KEY (author_id) REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL;\n',
    },
    check: 'changes/add_author_key.sql',
    rules: ['match-user-id-type', 'no-set-null-on-not-null'],
  },
  {
    // The set is found from the file's absolute path: with only relative paths, the name of the
    // migration's own folder was unknown and the file was checked alone (no finding).
    name: "Prisma, from the migration's own folder: the CLI run there, the editor with no workspace folder",
    files: {
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "authorId" UUID NOT NULL\n);\n',
      'prisma/migrations/20240201000000_author/migration.sql':
        'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE ON UPDATE CASCADE;\n',
    },
    check: 'prisma/migrations/20240201000000_author/migration.sql',
    cwd: 'prisma/migrations/20240201000000_author',
    workspace: null,
    rules: ['match-user-id-type'],
  },
  {
    name: 'drizzle-kit, from the drizzle folder: the CLI run there, the editor with no workspace folder',
    files: {
      'drizzle/meta/_journal.json': journal('0000_init', '0001_fk'),
      'drizzle/0000_init.sql': 'CREATE TABLE "notes" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"owner_id" uuid NOT NULL\n);\n',
      'drizzle/0001_fk.sql':
        'ALTER TABLE "notes" ADD CONSTRAINT "notes_owner_id_users_sync_id_fk" FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE cascade ON UPDATE no action;\n',
    },
    check: 'drizzle/0001_fk.sql',
    cwd: 'drizzle',
    workspace: null,
    rules: ['match-user-id-type'],
  },
];

/** One finding as both sides can give it. */
interface Shape {
  rule: string;
  severity: string;
  range: Range;
  message: string;
  related: { uri: string; range: Range; message: string }[];
  fixes: { title: string; isPreferred: boolean; edits: TextEdit[] }[];
}

function fromCli(root: string, file: string): { shapes: Shape[]; stderr: string } {
  const r = spawnSync(process.execPath, [cli, '--format', 'json', file], { cwd: root, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `CLI exit ${r.status}: ${r.stderr}`);
  const reported = JSON.parse(r.stdout) as JsonFileResult[];
  assert.deepEqual(
    reported.map((f) => f.file),
    [file],
    'only the named file is reported',
  );
  return {
    stderr: r.stderr,
    shapes: reported[0].diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      range: d.range,
      message: d.message,
      related: (d.related ?? []).map((x) => ({ uri: pathToFileURL(path.resolve(root, x.file)).href, range: x.range, message: x.message })),
      fixes: d.fixes.map((f) => ({ title: f.title, isPreferred: f.isPreferred, edits: f.edits })),
    })),
  };
}

/** The edits a code action makes to `uri` (the server sends documentChanges to this client). */
function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  const out: TextEdit[] = [];
  for (const change of edit?.documentChanges ?? []) {
    if ('textDocument' in change) {
      assert.equal(change.textDocument.uri, uri, 'a fix edits the file at hand only');
      out.push(...(change.edits as TextEdit[]));
    }
  }
  for (const [u, edits] of Object.entries(edit?.changes ?? {})) {
    assert.equal(u, uri, 'a fix edits the file at hand only');
    out.push(...edits);
  }
  return out;
}

/** `file` (absolute) opened alone in a server whose one workspace folder is `folder` (absolute), or that has none. */
async function fromEditor(folder: string | null, file: string): Promise<{ shapes: Shape[]; logs: string[] }> {
  const client = LspTestClient.start('stdio');
  try {
    await client.initialize(CAPABILITIES, folder === null ? null : [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }]);
    const uri = pathToFileURL(file).href;
    await client.open(uri, fs.readFileSync(file, 'utf8'), 1);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const shapes: Shape[] = [];
    for (const d of published.diagnostics as Diagnostic[]) {
      const actions = ((await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) ??
        []) as CodeAction[];
      // The editor adds its own actions (disable for this line / file, show documentation, fix all of a rule): only the rule's fixes are compared.
      const fixes = actions
        .filter((a) => !/^(Disable |Show documentation|Fix all )/.test(a.title))
        .map((a) => ({ title: a.title, isPreferred: a.isPreferred === true, edits: editsOf(a.edit, uri) }));
      shapes.push({
        rule: String(d.code),
        severity: SEVERITY_NAMES[d.severity ?? 0],
        range: d.range,
        message: typeof d.message === 'string' ? d.message : d.message.value,
        related: (d.relatedInformation ?? []).map((x) => ({ uri: x.location.uri, range: x.location.range, message: x.message })),
        fixes,
      });
    }
    assert.equal(await client.shutdown(), 0);
    return { shapes, logs: client.logs.map((l) => String(l.message)) };
  } finally {
    client.dispose();
  }
}

for (const c of cases) {
  test(`CLI and editor agree on a set: ${c.name}`, TIMEOUT, async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-sets-parity-')));
    try {
      for (const [rel, text] of Object.entries(c.files)) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
      const cwd = path.join(root, c.cwd ?? '.');
      const file = path.join(root, c.check);
      const cliRun = fromCli(cwd, path.relative(cwd, file));
      assert.equal(cliRun.stderr, '', 'no notice about the set');
      // lint-staged names files by absolute path: the same report.
      const absolute = fromCli(cwd, file);
      assert.deepEqual(absolute.shapes, cliRun.shapes, 'the file named by absolute path');
      const editor = await fromEditor(c.workspace === null ? null : path.join(root, c.workspace ?? '.'), file);
      assert.deepEqual(
        editor.logs.filter((l) => l.startsWith('Migration set: ')),
        [],
        'no notice about the set in the server log',
      );

      assert.deepEqual(
        cliRun.shapes.map((s) => s.rule),
        c.rules,
        'the CLI reports the cross-file findings',
      );
      if (c.crossFile !== false)
        assert.ok(
          cliRun.shapes.every((s) => s.related.length > 0 && s.related.every((r) => r.uri !== pathToFileURL(file).href)),
          'each finding names an earlier migration',
        );
      assert.deepEqual(editor.shapes, cliRun.shapes);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}
