// The extension in a real VS Code extension host: diagnostics, quick fixes, hover, completion,
// commands and settings, through the same APIs the editor uses. The workspace is a copy of
// test/e2e/fixtures/ (the launchers copy it, so a test that saves cannot change the repository).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, before, describe, it } from 'mocha';

const EXTENSION_ID = 'neon-auth-sql.neon-auth-sql';
const SOURCE = 'neon-auth';
const COMMANDS = [
  'neonAuth.insertForeignKey',
  'neonAuth.showRuleDocumentation',
  'neonAuth.restartServer',
  'neonAuth.showOutput',
  'neonAuth.fixAll',
  'neonAuth.checkWorkspace',
  'neonAuth.createConfig',
  'neonAuth.planMigration',
];
const WAIT_MS = 20_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined, or fails with `what` after `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await sleep(100);
  }
}

function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open (the launcher opens a copy of test/e2e/fixtures)');
  return vscode.Uri.joinPath(folder.uri, name);
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** The diagnostic as plain data: [code, startLine, startChar, endLine, endChar, severity]. */
type Shape = [string | number | undefined, number, number, number, number, vscode.DiagnosticSeverity];
function shape(d: vscode.Diagnostic): Shape {
  return [codeOf(d), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity];
}

function neonDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until the document's neon-auth diagnostics are exactly `expected` (as shapes). */
async function expectDiagnostics(uri: vscode.Uri, expected: Shape[], what: string): Promise<vscode.Diagnostic[]> {
  let seen: Shape[] = [];
  try {
    return await waitFor(what, () => {
      const diagnostics = neonDiagnostics(uri);
      seen = diagnostics.map(shape);
      return JSON.stringify(seen) === JSON.stringify(expected) ? diagnostics : undefined;
    });
  } catch (err) {
    assert.deepEqual(seen, expected, `${(err as Error).message}; diagnostics of ${path.basename(uri.fsPath)}`);
    throw err;
  }
}

let scratchCount = 0;

/**
 * A new untitled SQL document holding `content`, in an editor. Each has a name of its own
 * (`untitled:<workspace>/scratch-N.sql`, never a file): `openTextDocument({ content })` names them
 * Untitled-1, Untitled-2, … and reuses a name once its document is closed, and the workbench
 * restores a new Untitled-1 from the backup of the previous one when that backup was still being
 * written as it closed, instead of from `content`.
 */
async function openScratch(content: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: path.posix.join(workspaceUri('').path, `scratch-${++scratchCount}.sql`) });
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  assert.equal(document.languageId, 'sql');
  assert.equal(document.getText(), '', `${uri.toString()} is new and empty`);
  assert.equal(await editor.edit((b) => b.insert(new vscode.Position(0, 0), content)), true);
  assert.equal(document.getText(), content);
  return editor;
}

async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * Reverts an edited fixture to its saved content, `original` (the suite never saves, and the
 * launchers turn auto save off: see the `before` hook). Fails when the text is not `original` after.
 */
async function revert(document: vscode.TextDocument, original: string): Promise<void> {
  if (document.isDirty) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(`${path.basename(document.uri.fsPath)} reverted`, () => (document.isDirty ? undefined : true));
  }
  assert.equal(document.getText(), original, `${path.basename(document.uri.fsPath)} has its original text again (was the edit saved?)`);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

const QUERIES = {
  file: 'queries.sql',
  diagnostic: ['prefer-left-join', 3, 0, 3, 4, vscode.DiagnosticSeverity.Warning] as Shape,
  fix: 'Change to LEFT JOIN',
  before: 'JOIN neon_auth.users_sync AS u ON u.id = p.author_id\n',
  after: 'LEFT JOIN neon_auth.users_sync AS u ON u.id = p.author_id\n',
};
const USERS = {
  file: 'users.sql',
  diagnostic: ['require-deleted-at-filter', 2, 5, 2, 25, vscode.DiagnosticSeverity.Warning] as Shape,
  fix: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
  before: "WHERE created_at > now() - interval '7 days';\n",
  after: "WHERE created_at > now() - interval '7 days' AND neon_auth.users_sync.deleted_at IS NULL;\n",
};
const SCHEMA = {
  file: 'schema.sql',
  diagnostic: ['require-on-delete', 2, 24, 2, 59, vscode.DiagnosticSeverity.Warning] as Shape,
  fix: 'Add ON DELETE CASCADE (delete these rows with the user: personal data)',
  before: '  user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id),\n',
  after: '  user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,\n',
};
// SQL inside TypeScript: the Neon driver's sql tag; the fix goes inside the template, after the ${…}.
const TS_USERS = {
  file: 'users.ts',
  diagnostic: ['require-deleted-at-filter', 2, 60, 2, 80, vscode.DiagnosticSeverity.Warning] as Shape,
  fix: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
  before: 'WHERE id = ${id}`;\n',
  after: 'WHERE id = ${id} AND neon_auth.users_sync.deleted_at IS NULL`;\n',
};
const FIXTURES = [QUERIES, USERS, SCHEMA, TS_USERS];
// Drizzle ORM: examples/drizzle-app, copied into the workspace as drizzle-app/ by the launchers.
const DRIZZLE = {
  file: 'drizzle-app/src/db/queries.ts',
  join: ['prefer-left-join', 12, 5, 12, 14, vscode.DiagnosticSeverity.Warning] as Shape,
  deletedAt: ['require-deleted-at-filter', 23, 14, 23, 23, vscode.DiagnosticSeverity.Warning] as Shape,
  fix: 'Change to leftJoin',
  before: '    .innerJoin(usersSync, eq(projects.ownerId, usersSync.id))\n',
  after: '    .leftJoin(usersSync, eq(projects.ownerId, usersSync.id))\n',
};

// A drizzle-kit migration set (drizzle/, with meta/_journal.json): 0000 creates notes.owner_id uuid
// NOT NULL, 0001 keys it to neon_auth.users_sync(id) ON DELETE SET NULL. Only 0001 is ever opened:
// its findings come from the history the server reads from disk.
const MIGRATIONS = {
  earlier: 'drizzle/0000_init.sql',
  later: 'drizzle/0001_notes_owner.sql',
  type: ['match-user-id-type', 0, 82, 0, 92, vscode.DiagnosticSeverity.Error] as Shape,
  setNull: ['no-set-null-on-not-null', 0, 146, 0, 154, vscode.DiagnosticSeverity.Error] as Shape,
  typeMessage:
    'Column owner_id is uuid (drizzle/0000_init.sql:4), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Change its type to text in this migration, before the key; the earlier migration has already run. Change the column in the Drizzle schema to text() too, or the next drizzle-kit generate changes it back.',
  setNullMessage:
    'ON DELETE SET NULL on owner_id, which is NOT NULL (drizzle/0000_init.sql:4): Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502). Make the column nullable, or delete the rows with the user (CASCADE).',
  fix: 'Change the column type to text before this key (ALTER COLUMN … TYPE text)',
  // A drizzle-kit set: the inserted statement gets a breakpoint chunk of its own.
  inserted: 'ALTER TABLE "notes" ALTER COLUMN "owner_id" TYPE TEXT;\n--> statement-breakpoint\n',
};

/** A diagnostic's related information as plain data: [uri, startLine, startChar, endLine, endChar, message]. */
function relatedOf(d: vscode.Diagnostic): [string, number, number, number, number, string][] {
  return (d.relatedInformation ?? []).map((r) => [
    r.location.uri.toString(),
    r.location.range.start.line,
    r.location.range.start.character,
    r.location.range.end.line,
    r.location.range.end.character,
    r.message,
  ]);
}

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

describe('Neon Auth SQL in the VS Code extension host', () => {
  before(async () => {
    // Tests edit fixtures and revert them; an auto save in between (the web workbench's default is
    // to save 1 s after an edit) would make the revert bring back the edited text.
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'the launcher turns files.autoSave off');
    // Activation is on language: opening a SQL file starts the extension and its server.
    await open(QUERIES.file);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is loaded from the development path`);
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('neonAuth').update('rules', undefined, vscode.ConfigurationTarget.Global);
  });

  describe('diagnostics', () => {
    for (const fixture of FIXTURES) {
      it(`${fixture.file}: one ${fixture.diagnostic[0]} warning from source neon-auth at its exact range`, async () => {
        const editor = await open(fixture.file);
        const [d] = await expectDiagnostics(editor.document.uri, [fixture.diagnostic], `the ${fixture.diagnostic[0]} diagnostic`);
        assert.equal(d.source, 'neon-auth');
        assert.ok(typeof d.code === 'object', 'the code carries a documentation link');
        assert.equal(
          d.code.target.toString(true),
          `https://github.com/neon-auth-sql/neon-auth-sql/blob/main/server/src/linter/rules/${fixture.diagnostic[0]}/README.md`,
        );
        assert.ok(d.message.length > 20, `a message: ${d.message}`);
      });
    }

    it('the prefer-left-join message names the table and the fix', async () => {
      const [d] = await expectDiagnostics(workspaceUri(QUERIES.file), [QUERIES.diagnostic], 'the prefer-left-join diagnostic');
      assert.equal(d.message, 'Inner join to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN.');
    });
  });

  describe('quick fixes (vscode.executeCodeActionProvider + workspace.applyEdit)', () => {
    for (const fixture of FIXTURES) {
      it(`${fixture.file}: "${fixture.fix}" changes the text exactly and the diagnostic goes away`, async () => {
        const editor = await open(fixture.file);
        const document = editor.document;
        const original = document.getText();
        assert.ok(original.includes(fixture.before), 'fixture text as expected');
        try {
          const [d] = await expectDiagnostics(document.uri, [fixture.diagnostic], 'the diagnostic to fix');
          const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
            'vscode.executeCodeActionProvider',
            document.uri,
            d.range,
            vscode.CodeActionKind.QuickFix.value,
          );
          // A Command has a string `command`; a CodeAction has an optional Command object there.
          const ours = actions.filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
          const fix = ours.find((a) => a.title === fixture.fix);
          assert.ok(fix, `quick fix "${fixture.fix}" offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
          assert.equal(fix.isPreferred, true, 'the fix is the preferred one');
          assert.ok(fix.edit, 'the fix carries an edit');
          const docs = ours.find((a) => a.title === `Show documentation for ${fixture.diagnostic[0]}`);
          assert.ok(docs, 'a "Show documentation" action is offered too');
          assert.equal(docs.command?.command, 'neonAuth.showRuleDocumentation');
          assert.deepEqual(docs.command?.arguments, [fixture.diagnostic[0]]);

          assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');
          assert.equal(document.getText(), original.replace(fixture.before, fixture.after));
          await expectDiagnostics(document.uri, [], 'the diagnostic to disappear after the fix');
        } finally {
          await revert(document, original);
        }
        await expectDiagnostics(document.uri, [fixture.diagnostic], 'the diagnostic to come back after the revert');
      });
    }
  });

  describe('Drizzle ORM (examples/drizzle-app)', () => {
    it('queries.ts: prefer-left-join on .innerJoin and require-deleted-at-filter on the .leftJoin without a deletedAt filter, at their exact ranges', async () => {
      const editor = await open(DRIZZLE.file);
      assert.equal(editor.document.languageId, 'typescript');
      const [join, deletedAt] = await expectDiagnostics(editor.document.uri, [DRIZZLE.join, DRIZZLE.deletedAt], 'the Drizzle diagnostics');
      assert.equal(editor.document.getText(join.range), 'innerJoin');
      assert.equal(editor.document.getText(deletedAt.range), 'usersSync');
      assert.equal(join.message, 'innerJoin to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use leftJoin.');
      assert.equal(deletedAt.message, 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).');
    });

    it(`queries.ts: "${DRIZZLE.fix}" through the code-action API turns .innerJoin into .leftJoin, and only that diagnostic goes`, async () => {
      const editor = await open(DRIZZLE.file);
      const document = editor.document;
      const original = document.getText();
      assert.equal(original.split(DRIZZLE.before).length, 2, 'the innerJoin line is in the file once');
      try {
        const [d] = await expectDiagnostics(document.uri, [DRIZZLE.join, DRIZZLE.deletedAt], 'the Drizzle diagnostics');
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          d.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const ours = actions.filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
        const fix = ours.find((a) => a.title === DRIZZLE.fix);
        assert.ok(fix, `quick fix "${DRIZZLE.fix}" offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.equal(fix.isPreferred, true, 'the fix is the preferred one');
        assert.ok(fix.edit, 'the fix carries an edit');
        assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');
        assert.equal(document.getText(), original.replace(DRIZZLE.before, DRIZZLE.after));
        // "leftJoin" is one character shorter than "innerJoin": the other finding stays where it was (a later line).
        await expectDiagnostics(document.uri, [DRIZZLE.deletedAt], 'only the require-deleted-at-filter diagnostic after the fix');
      } finally {
        await revert(document, original);
      }
      await expectDiagnostics(document.uri, [DRIZZLE.join, DRIZZLE.deletedAt], 'both diagnostics after the revert');
    });
  });

  describe('migration sets (a drizzle-kit folder with its journal)', () => {
    it('0001 opened alone: match-user-id-type and no-set-null-on-not-null from the column 0000 created, naming drizzle/0000_init.sql:4, with related information there', async () => {
      const earlier = workspaceUri(MIGRATIONS.earlier);
      const later = workspaceUri(MIGRATIONS.later);
      assert.equal(isOpen(earlier), false, 'the earlier migration is not open');
      assert.deepEqual(neonDiagnostics(later), [], 'nothing published for the later migration before it is opened');
      const editor = await open(MIGRATIONS.later);
      assert.equal(editor.document.languageId, 'sql');
      const [type, setNull] = await expectDiagnostics(later, [MIGRATIONS.type, MIGRATIONS.setNull], 'the cross-file diagnostics');
      assert.equal(editor.document.getText(type.range), '"owner_id"');
      assert.equal(editor.document.getText(setNull.range), 'set null');
      assert.equal(type.message, MIGRATIONS.typeMessage);
      assert.equal(setNull.message, MIGRATIONS.setNullMessage);
      // line 4 of 0000: `\t"owner_id" uuid NOT NULL`
      assert.deepEqual(relatedOf(type), [[earlier.toString(), 3, 12, 3, 16, 'owner_id is declared uuid here']]);
      assert.deepEqual(relatedOf(setNull), [[earlier.toString(), 3, 17, 3, 25, 'owner_id is made NOT NULL here']]);
      assert.equal(isOpen(earlier), false, 'the earlier migration was read from disk, not opened');
    });

    it(`0001: "${MIGRATIONS.fix}" goes into 0001 before the key, and only the type finding goes`, async () => {
      const editor = await open(MIGRATIONS.later);
      const document = editor.document;
      const original = document.getText();
      try {
        const [type] = await expectDiagnostics(document.uri, [MIGRATIONS.type, MIGRATIONS.setNull], 'the cross-file diagnostics');
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          type.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const ours = actions.filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
        const fix = ours.find((a) => a.title === MIGRATIONS.fix);
        assert.ok(fix?.edit, `quick fix "${MIGRATIONS.fix}" with an edit offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.equal(fix.isPreferred, true);
        assert.deepEqual(
          fix.edit.entries().map(([uri]) => uri.toString()),
          [document.uri.toString()],
          'the fix edits the migration at hand, never the applied one',
        );
        assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
        assert.equal(document.getText(), MIGRATIONS.inserted + original);
        const [, line, start, , end, severity] = MIGRATIONS.setNull;
        await expectDiagnostics(
          document.uri,
          [['no-set-null-on-not-null', line + 2, start, line + 2, end, severity]],
          'only the SET NULL finding, two lines down (the statement and its breakpoint)',
        );
      } finally {
        await revert(document, original);
      }
      await expectDiagnostics(document.uri, [MIGRATIONS.type, MIGRATIONS.setNull], 'both findings after the revert');
      assert.equal(isOpen(workspaceUri(MIGRATIONS.earlier)), false, 'the earlier migration is still not open');
    });
  });

  describe('hover and completion', () => {
    it('hover on users_sync explains the table and its TEXT id', async () => {
      const editor = await open(QUERIES.file);
      // line 3: "JOIN neon_auth.users_sync AS u ON …"; users_sync spans characters 15-25
      const hovers = await waitFor('a neon-auth hover', async () => {
        const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(3, 18));
        return result.some((h) => hoverText([h]).includes('users_sync')) ? result : undefined;
      });
      const ours = hovers.find((h) => hoverText([h]).includes('users_sync'));
      assert.ok(ours);
      const text = hoverText([ours]);
      assert.match(text, /\bTEXT\b/, `hover mentions TEXT:\n${text}`);
      assert.match(text, /legacy Neon Auth/);
      assert.ok(ours.range, 'the hover has a range');
      assert.deepEqual(
        [ours.range.start.line, ours.range.start.character, ours.range.end.line, ours.range.end.character],
        [3, 5, 3, 25],
        'the hover covers neon_auth.users_sync',
      );
    });

    it('hover inside a TypeScript template: users_sync explained at its place in users.ts', async () => {
      const editor = await open(TS_USERS.file);
      const [, line, start, , end] = TS_USERS.diagnostic;
      const hovers = await waitFor('a neon-auth hover in the template', async () => {
        const result = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          editor.document.uri,
          new vscode.Position(line, start + 12),
        );
        return result.some((h) => hoverText([h]).includes('legacy Neon Auth')) ? result : undefined;
      });
      const ours = hovers.find((h) => hoverText([h]).includes('legacy Neon Auth'));
      assert.ok(ours?.range, 'the hover has a range');
      assert.deepEqual(
        [ours.range.start.line, ours.range.start.character, ours.range.end.line, ours.range.end.character],
        [line, start, line, end],
        'the hover covers neon_auth.users_sync inside the template',
      );
    });

    it('completion after "REFERENCES " in a file that uses users_sync offers users_sync(id) ON DELETE CASCADE', async () => {
      const line = 'CREATE TABLE notes (user_id TEXT NOT NULL REFERENCES ';
      const { document } = await openScratch(`SELECT 1 FROM neon_auth.users_sync;\n${line}\n);\n`);
      const position = new vscode.Position(1, line.length);
      const list = await waitFor('neon-auth completion items', async () => {
        const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
        return result.items.some((i) => labelOf(i).startsWith('neon_auth.users_sync(id)')) ? result : undefined;
      });
      const labels = list.items.map(labelOf).filter((l) => l.startsWith('neon_auth.'));
      assert.deepEqual(labels, ['neon_auth.users_sync(id) ON DELETE CASCADE', 'neon_auth.users_sync(id) ON DELETE SET NULL']);
      const cascade = list.items.find((i) => labelOf(i) === 'neon_auth.users_sync(id) ON DELETE CASCADE');
      assert.ok(cascade);
      assert.equal(cascade.kind, vscode.CompletionItemKind.Snippet);
      assert.equal(cascade.detail, 'Neon Auth user; rows are deleted with the user');
      const insert = typeof cascade.insertText === 'string' ? cascade.insertText : cascade.insertText?.value;
      assert.equal(insert, 'neon_auth.users_sync(id) ON DELETE CASCADE');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('a typed snippet prefix with hyphens (neon-fk) lists each snippet once, from the language server', async () => {
      const text = 'CREATE TABLE notes (\n  id bigint PRIMARY KEY,\n  neon-fk';
      const { document } = await openScratch(`${text}\n);\n`);
      const position = new vscode.Position(2, 9);
      const list = await waitFor('neon-fk completion items', async () => {
        const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
        return result.items.some((i) => labelOf(i) === 'neon-fk-cascade') ? result : undefined;
      });
      assert.deepEqual(
        list.items.map(labelOf).filter((l) => l.startsWith('neon-')),
        ['neon-fk-cascade', 'neon-fk-set-null'],
      );
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  describe('commands', () => {
    it('all seven commands are registered', async () => {
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const command of COMMANDS) assert.ok(registered.has(command), `${command} is registered`);
    });

    it('neonAuth.showOutput opens the Neon Auth output', async () => {
      await vscode.commands.executeCommand('neonAuth.showOutput');
      // The output panel shows the channel as a document of the `output` scheme.
      const doc = await waitFor('the Neon Auth output document', () =>
        vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /Neon Auth/i.test(d.uri.path + d.fileName)),
      );
      assert.ok(doc);
      await vscode.commands.executeCommand('workbench.action.closePanel');
    });

    it('neonAuth.restartServer restarts the server and diagnostics come back from the new one', async () => {
      const editor = await open(QUERIES.file);
      const document = editor.document;
      const original = document.getText();
      await expectDiagnostics(document.uri, [QUERIES.diagnostic], 'diagnostics before the restart');
      await vscode.commands.executeCommand('neonAuth.restartServer');
      await expectDiagnostics(document.uri, [QUERIES.diagnostic], 'diagnostics after the restart');
      // Only a live server can answer an edit: insert a line above, the finding moves down one line.
      try {
        assert.equal(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '\n')), true);
        const moved: Shape = ['prefer-left-join', 4, 0, 4, 4, vscode.DiagnosticSeverity.Warning];
        await expectDiagnostics(document.uri, [moved], 'the restarted server to lint the edited document');
      } finally {
        await revert(document, original);
      }
      await expectDiagnostics(document.uri, [QUERIES.diagnostic], 'diagnostics after the revert');
    });

    it("neonAuth.showRuleDocumentation 'prefer-left-join' opens the rule's README in the Markdown preview", async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('neonAuth.showRuleDocumentation', 'prefer-left-join');
      const tab = await waitFor('a Markdown preview tab', () =>
        allTabs().find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
      );
      assert.match(tab.label, /README\.md/, `tab label: ${tab.label}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('neonAuth.insertForeignKey with no SQL editor only shows a message (does not throw)', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor('no active editor', () => (vscode.window.activeTextEditor ? undefined : true));
      await vscode.commands.executeCommand('neonAuth.insertForeignKey');
    });

    it('neonAuth.insertForeignKey inserts the ON DELETE CASCADE column picked in the QuickPick, for the current neon_auth."user" in a file that names no user table', async () => {
      const editor = await openScratch('CREATE TABLE todos (\n  \n);\n');
      const document = editor.document;
      editor.selection = new vscode.Selection(1, 2, 1, 2);
      let settled = false;
      const running = Promise.resolve(vscode.commands.executeCommand('neonAuth.insertForeignKey')).finally(() => {
        settled = true;
      });
      // The QuickPick opens with its first item (personal data, CASCADE) active: accept it. Until
      // it is open, accepting does nothing, so keep trying until the command returns.
      await waitFor('the QuickPick to be accepted', async () => {
        if (settled) return true;
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await sleep(200);
        return settled ? true : undefined;
      });
      await running;
      assert.equal(document.getText(), 'CREATE TABLE todos (\n  user_id UUID NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE\n);\n');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  describe('fix all, workspace check, configuration file', () => {
    it('neonAuth.fixAll applies the safe fixes, then with { unsafe: true } the suggestions, each in one undo step', async () => {
      const original =
        'SELECT p.title FROM posts p JOIN "neon_auth.users_sync" u ON u.id = p.author_id;\nCREATE TABLE todos (user_id text NOT NULL REFERENCES neon_auth.users_sync(id));\n';
      const safe =
        'SELECT p.title FROM posts p JOIN "neon_auth"."users_sync" u ON u.id = p.author_id;\nCREATE TABLE todos (user_id text NOT NULL REFERENCES neon_auth.users_sync(id));\n';
      const fixed =
        'SELECT p.title FROM posts p LEFT JOIN "neon_auth"."users_sync" u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\nCREATE TABLE todos (user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n';
      const { document } = await openScratch(original);
      await waitFor('diagnostics of the new document', () => (neonDiagnostics(document.uri).length > 0 ? true : undefined));
      const first = await vscode.commands.executeCommand('neonAuth.fixAll');
      assert.deepEqual(first, { status: 'applied', fixes: 1, suggestionsLeft: 3 });
      assert.equal(document.getText(), safe, 'only the safe fix: the dotted name split');
      await waitFor('diagnostics of the safely fixed text', () => (neonDiagnostics(document.uri).length === 3 ? true : undefined));
      const second = await vscode.commands.executeCommand('neonAuth.fixAll', { unsafe: true });
      assert.deepEqual(second, { status: 'applied', fixes: 3, suggestionsLeft: 0 });
      assert.equal(document.getText(), fixed);
      await expectDiagnostics(document.uri, [], 'no problem left after the fixes');
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), safe, 'one undo takes back the suggestions');
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original, 'a second undo takes back the safe fix');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('neonAuth.checkWorkspace publishes diagnostics for a SQL file that is not open, and clears them once it is gone', async () => {
      const file = workspaceUri('unopened.sql');
      fs.writeFileSync(file.fsPath, 'SELECT p.title\nFROM posts p\nJOIN neon_auth.users_sync u ON u.id = p.author_id\nWHERE u.deleted_at IS NULL;\n');
      try {
        assert.equal(
          vscode.workspace.textDocuments.some((d) => d.uri.toString() === file.toString()),
          false,
          'the file is not open',
        );
        const result = await vscode.commands.executeCommand('neonAuth.checkWorkspace');
        assert.deepEqual(result, {
          status: 'done',
          // The five SQL and TypeScript fixtures (unopened.sql included), drizzle-app/src/db/
          // (index.ts: nothing; queries.ts: 2 warnings; schema.ts: require-on-delete and the
          // match-user-id-type error of its uuid() key) and the migration set drizzle/ (0000:
          // nothing; 0001: its two cross-file errors), and legacy-app/ (the examples' migration, 3
          // require-on-delete warnings, and queries.sql, 3 warnings).
          files: 12,
          total: 12,
          filesWithProblems: 10,
          errors: 3,
          warnings: 14,
          information: 0,
          hints: 0,
          message: 'Neon Auth checked 12 files: 3 errors, 14 warnings in 10 files.',
        });
        await expectDiagnostics(
          file,
          [['prefer-left-join', 2, 0, 2, 4, vscode.DiagnosticSeverity.Warning]],
          'the workspace check diagnostic of the closed file',
        );
      } finally {
        fs.unlinkSync(file.fsPath);
      }
      const again = (await vscode.commands.executeCommand('neonAuth.checkWorkspace')) as { files: number };
      assert.equal(again.files, 11);
      await expectDiagnostics(file, [], 'the deleted file to lose its diagnostics');
    });

    it('neonAuth.createConfig creates .neon-auth.json with the schema link, and opens the existing one the second time', async () => {
      const file = workspaceUri('.neon-auth.json');
      assert.equal(fs.existsSync(file.fsPath), false, 'no configuration file yet');
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension);
      const schema = 'https://raw.githubusercontent.com/neon-auth-sql/neon-auth-sql/main/schemas/neon-auth.schema.json';
      const expected = `{\n  "$schema": ${JSON.stringify(schema)},\n  "authSchema": "auto",\n  "rules": {},\n  "ignore": []\n}\n`;
      try {
        const created = await vscode.commands.executeCommand<vscode.Uri>('neonAuth.createConfig');
        assert.equal(created?.toString(), file.toString());
        assert.equal(fs.readFileSync(file.fsPath, 'utf8'), expected);
        assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), file.toString(), 'the new file is opened');
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        const opened = await vscode.commands.executeCommand<vscode.Uri>('neonAuth.createConfig');
        assert.equal(opened?.toString(), file.toString());
        assert.equal(fs.readFileSync(file.fsPath, 'utf8'), expected, 'an existing file is left as it is');
        assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), file.toString(), 'the existing file is opened');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        fs.rmSync(file.fsPath, { force: true });
      }
    });

    it('neonAuth.planMigration on the legacy app opens the SQL as an unsaved document and lists the queries that break', async () => {
      const folder = workspaceUri('legacy-app');
      const outcome = await vscode.commands.executeCommand<{
        result: { status: string; columns: number; queries: number; message: string; report: { file?: string; line?: number; rule?: string }[] };
        document?: vscode.TextDocument;
      }>('neonAuth.planMigration', folder);
      try {
        assert.ok(outcome, 'the command answers');
        assert.equal(outcome.result.status, 'planned');
        assert.equal(outcome.result.columns, 4);
        assert.equal(outcome.result.queries, 5);
        assert.equal(outcome.result.message, 'Neon Auth: migration planned: 4 columns to move, 3 items to review, 5 queries that break after the switch.');
        const document = outcome.document;
        assert.ok(document, 'a document is opened');
        assert.equal(document.uri.scheme, 'untitled', 'not saved: the user reviews it first');
        assert.equal(document.uri.path, vscode.Uri.joinPath(folder, 'neon-auth-migration.sql').path, 'saving it offers <folder>/neon-auth-migration.sql');
        assert.equal(document.languageId, 'sql');
        assert.equal(vscode.window.activeTextEditor?.document, document, 'the document is shown');
        const text = document.getText();
        assert.ok(text.startsWith('-- Move this app from the legacy Neon Auth (neon_auth.users_sync, text ids, soft delete) to the\n'), text.slice(0, 200));
        assert.ok(text.includes('-- from the migration set in legacy-app/migrations/. Review it before you run it.\n'));
        for (const statement of [
          '  ALTER TABLE public.todos ADD CONSTRAINT todos_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;\n',
          '  ALTER TABLE public.posts ADD CONSTRAINT posts_author_id_user_id_fk FOREIGN KEY (author_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL;\n',
          '  ALTER TABLE public.posts ADD CONSTRAINT posts_reviewer_id_user_id_fk FOREIGN KEY (reviewer_id) REFERENCES neon_auth."user"(id) ON DELETE SET NULL;\n',
          '  ALTER TABLE public.comments ADD CONSTRAINT comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;\n',
        ])
          assert.ok(text.includes(statement), statement);
        assert.ok(
          text.includes('--   legacy-app/queries.sql:9 match-auth-schema\n--   legacy-app/queries.sql:17 match-auth-schema\n'),
          'the header lists the queries that break',
        );
        assert.ok(text.endsWith('COMMIT;\n'));
        assert.deepEqual(
          outcome.result.report.filter((r) => r.rule !== undefined).map((r) => `${r.file}:${r.line} ${r.rule}`),
          [
            'legacy-app/queries.sql:9 match-auth-schema',
            'legacy-app/queries.sql:17 match-auth-schema',
            'legacy-app/queries.sql:24 match-auth-schema',
            'legacy-app/queries.sql:32 match-auth-schema',
            'legacy-app/queries.sql:43 match-auth-schema',
          ],
        );
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
    });

    it('neonAuth.planMigration on a folder with no migration set says so and opens nothing', async () => {
      const outcome = await vscode.commands.executeCommand<{ result: { status: string; message: string } }>(
        'neonAuth.planMigration',
        workspaceUri('drizzle-app'),
      );
      assert.deepEqual(outcome?.result.status, 'failed');
      assert.equal(
        outcome?.result.message,
        'Neon Auth: No migration set found in "drizzle-app". With no migration files (drizzle-kit push), dump the schema to one file and plan that: pg_dump --schema-only "$DATABASE_URL" > schema.sql, then neon-auth-lint migrate --to current schema.sql.',
      );
      assert.equal(vscode.window.activeTextEditor, undefined, 'no document is opened');
    });
  });

  describe('settings', () => {
    it("neonAuth.rules {'prefer-left-join': 'error'} turns the warning into an error live, and back", async () => {
      const editor = await open(QUERIES.file);
      const uri = editor.document.uri;
      await expectDiagnostics(uri, [QUERIES.diagnostic], 'the warning');
      const config = vscode.workspace.getConfiguration('neonAuth');
      await config.update('rules', { 'prefer-left-join': 'error' }, vscode.ConfigurationTarget.Global);
      const asError: Shape = ['prefer-left-join', 3, 0, 3, 4, vscode.DiagnosticSeverity.Error];
      await expectDiagnostics(uri, [asError], 'the diagnostic to become an error');
      await config.update('rules', { 'prefer-left-join': 'off' }, vscode.ConfigurationTarget.Global);
      await expectDiagnostics(uri, [], 'the diagnostic to go away with the rule off');
      await config.update('rules', undefined, vscode.ConfigurationTarget.Global);
      await expectDiagnostics(uri, [QUERIES.diagnostic], 'the default severity to come back');
    });
  });

  // Only with NEON_AUTH_E2E_SCREENSHOTS=<dir> (set by `scripts/e2e-code-server.mjs --screenshots`):
  // leaves queries.sql open with its squiggle, writes <dir>/ready and waits for <dir>/done while the
  // launcher takes its pictures, then the same with drizzle-app/src/db/queries.ts (ready-drizzle,
  // done-drizzle): after run() returns the extension host is gone, and the squiggles with it.
  const screenshotsDir = process.env.NEON_AUTH_E2E_SCREENSHOTS;
  if (screenshotsDir)
    describe('screenshots', () => {
      it('leaves the squiggle on screen for the launcher', async function () {
        const dir = screenshotsDir;
        this.timeout(120_000);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('workbench.action.closePanel');
        const editor = await open(QUERIES.file);
        await expectDiagnostics(editor.document.uri, [QUERIES.diagnostic], 'the squiggle');
        editor.selection = new vscode.Selection(3, 2, 3, 2);
        await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        fs.writeFileSync(path.join(dir, 'ready'), `${editor.document.uri.toString()}\n`);
        await waitFor('the launcher to take its screenshots', () => (fs.existsSync(path.join(dir, 'done')) ? true : undefined), 100_000);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');

        // Then the Drizzle example's queries.ts, the cursor on .innerJoin.
        const drizzle = await open(DRIZZLE.file);
        await expectDiagnostics(drizzle.document.uri, [DRIZZLE.join, DRIZZLE.deletedAt], 'the Drizzle squiggles');
        drizzle.selection = new vscode.Selection(DRIZZLE.join[1], DRIZZLE.join[2] + 2, DRIZZLE.join[1], DRIZZLE.join[2] + 2);
        drizzle.revealRange(new vscode.Range(0, 0, DRIZZLE.deletedAt[1] + 3, 0), vscode.TextEditorRevealType.AtTop);
        await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        fs.writeFileSync(path.join(dir, 'ready-drizzle'), `${drizzle.document.uri.toString()}\n`);
        await waitFor('the launcher to take its Drizzle screenshots', () => (fs.existsSync(path.join(dir, 'done-drizzle')) ? true : undefined), 100_000);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      });
    });
});
