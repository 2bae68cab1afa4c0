// Entry point of the packaged-extension check (scripts/e2e-code-server.mjs --vsix FILE): the
// extension was installed from the .vsix with --install-extension into a fresh extensions dir, and
// no development path is loaded. Opening a SQL file must activate it and bring its diagnostics.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One line of the report (see index.ts for NEON_AUTH_E2E_REPORT). */
function say(line: string): void {
  const report = process.env.NEON_AUTH_E2E_REPORT;
  if (report) fs.appendFileSync(report, `${line}\n`);
  else console.log(line);
}

export async function run(): Promise<void> {
  try {
    await check();
  } catch (err) {
    say(`vsix: FAILED: ${err instanceof Error ? err.stack : String(err)}`);
    throw err;
  }
}

async function check(): Promise<void> {
  const extension = vscode.extensions.getExtension('neon-auth-sql.neon-auth-sql');
  assert.ok(extension, 'neon-auth-sql.neon-auth-sql is installed');
  say(`installed extension ${extension.id} ${extension.packageJSON.version} at ${extension.extensionPath}`);
  assert.equal(path.basename(path.dirname(extension.extensionPath)), 'extensions', 'it comes from the extensions dir, not a development path');

  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  const uri = vscode.Uri.joinPath(folder.uri, 'queries.sql');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));

  const deadline = Date.now() + 30_000;
  let diagnostics: vscode.Diagnostic[] = [];
  while (Date.now() < deadline) {
    diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'neon-auth');
    if (diagnostics.length > 0) break;
    await sleep(100);
  }
  assert.ok(extension.isActive, 'the extension activated on opening a .sql file');
  const found = diagnostics.map((d) => [
    typeof d.code === 'object' ? d.code.value : d.code,
    d.range.start.line,
    d.range.start.character,
    d.range.end.line,
    d.range.end.character,
  ]);
  assert.deepEqual(found, [['prefer-left-join', 3, 0, 3, 4]], 'the packaged server lints queries.sql');
  say(`vsix: activated, diagnostics ${JSON.stringify(found)}`);
  // The packaged rule documentation is there too (the Show Rule Documentation command opens it).
  await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, 'server', 'src', 'linter', 'rules', 'prefer-left-join', 'README.md'));
  say('vsix: OK');
}
