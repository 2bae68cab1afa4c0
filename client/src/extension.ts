import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
  State,
  TransportKind,
  WorkDoneProgress,
} from 'vscode-languageclient/node';
import type { ApplyAllFixesResult } from '../../server/src/lsp/commands';
import type { WorkspaceCheckResult } from '../../server/src/lsp/workspaceCheck';
import type { MigrationPlanResult } from '../../server/src/lsp/migrationPlan';
import type { SnippetsResult } from '../../server/src/lsp/commands';
import { reportLocation } from '../../server/src/migrate/report';
import { CONFIG_FILE_NAME, newConfigText } from '../../server/src/config/template';
import { RULE_IDS } from './ruleIds';
import {
  APPLY_ALL_FIXES_COMMAND,
  CHECK_WORKSPACE_COMMAND,
  CheckStatus,
  CONFIG_SCHEMA_URL,
  HOST_LANGUAGES,
  MIGRATION_FILE_NAME,
  PLAN_MIGRATION_CLIENT_COMMAND,
  PLAN_MIGRATION_COMMAND,
  RULE_DOCS_BASE,
  SHOW_RULE_DOCUMENTATION_COMMAND,
  SNIPPETS_COMMAND,
  SQL_LANGUAGES,
  STATUS_NOTIFICATION,
} from '../../shared/protocol';

export { CONFIG_SCHEMA_URL, SQL_LANGUAGES };

/** SQL documents, and TypeScript/JavaScript documents (whose SQL the server checks unless `neonAuth.embeddedSql.enable` is off). */
const documentSelector: { scheme: string; language: string }[] = [...SQL_LANGUAGES, ...HOST_LANGUAGES].flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Neon Auth', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  let errorHandler: ErrorHandler | undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    // No `synchronize` here: the server registers its own watcher for .neon-auth.json files
    // (workspace/didChangeWatchedFiles) and its own didChangeConfiguration for `neonAuth`, as it
    // does with every client that allows it. The server pulls settings per document
    // (workspace/configuration with a scopeUri), so a change only needs to say that something
    // changed: sending no settings keeps the library from reading the resource-scoped `neonAuth.*`
    // without a resource (which VS Code logs as a warning each time).
    middleware: {
      workspace: {
        didChangeConfiguration: (_sections, next) => next(undefined),
      },
    },
    // Delegates to the library's bounded restart policy (at most 4 restarts within 3 minutes),
    // and tells the user once, on the first unexpected exit, instead of restarting silently.
    errorHandler: {
      error: (error: Error, message: Message | undefined, count: number | undefined): ErrorHandlerResult | Promise<ErrorHandlerResult> =>
        errorHandler?.error(error, message, count) ?? { action: ErrorAction.Continue },
      closed: async (): Promise<CloseHandlerResult> => {
        const result = (await errorHandler?.closed()) ?? { action: CloseAction.DoNotRestart };
        if (!toldAboutCrash && result.action === CloseAction.Restart) {
          toldAboutCrash = true;
          output.error('The Neon Auth language server stopped unexpectedly; restarting it.');
          void vscode.window.showWarningMessage('Neon Auth: the language server stopped unexpectedly and was restarted.', 'Show Output').then((choice) => {
            if (choice) output.show(true);
          });
        }
        return result;
      },
    },
  };
  let toldAboutCrash = false;
  const languageClient = new LanguageClient('neonAuth', 'Neon Auth', serverOptions, clientOptions);
  errorHandler = languageClient.createDefaultErrorHandler(4);
  client = languageClient;

  // Language status item: shown in the status bar's language area for SQL files.
  const status = vscode.languages.createLanguageStatusItem('neonAuth.status', documentSelector);
  status.name = 'Neon Auth';
  status.text = 'Neon Auth';
  status.command = { title: 'Show Output', command: 'neonAuth.showOutput', tooltip: 'Show the Neon Auth output' };
  context.subscriptions.push(status);

  // The server's `neonAuth/status` notification: the last check of each document.
  const lastChecks = new Map<string, CheckStatus>();
  const describeCheck = (): string | undefined => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const check = uri ? lastChecks.get(uri) : undefined;
    if (!check) return undefined;
    if (check.skipped) return check.skipped;
    const parts = [`${check.rulesActive} rules`, `checked in ${check.ms} ms`];
    if (check.rejected > 0) parts.push(`${check.rejected} statement${check.rejected === 1 ? '' : 's'} not parsed`);
    return parts.join(' · ');
  };
  const updateStatus = (): void => {
    // `neonAuth.enable` may be set per folder: read it for the active document.
    const enabled = vscode.workspace.getConfiguration('neonAuth', vscode.window.activeTextEditor?.document.uri).get<boolean>('enable', true);
    status.busy = languageClient.state === State.Starting;
    status.severity = vscode.LanguageStatusSeverity.Information;
    switch (languageClient.state) {
      case State.Starting:
        status.detail = 'starting';
        break;
      case State.Running:
        status.detail = enabled ? (describeCheck() ?? 'linting') : 'disabled (neonAuth.enable)';
        break;
      case State.Stopped:
        status.detail = 'server stopped';
        status.severity = vscode.LanguageStatusSeverity.Error;
        break;
    }
  };
  updateStatus();
  context.subscriptions.push(
    languageClient.onNotification(STATUS_NOTIFICATION, (check: CheckStatus) => {
      lastChecks.set(check.uri, check);
      updateStatus();
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidCloseTextDocument((d) => lastChecks.delete(d.uri.toString())),
    languageClient.onDidChangeState(updateStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('neonAuth.enable')) updateStatus();
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('neonAuth.insertForeignKey', () => insertForeignKey(languageClient)),
    vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION_COMMAND, (ruleId?: unknown) =>
      showRuleDocumentation(context, typeof ruleId === 'string' ? ruleId : undefined),
    ),
    vscode.commands.registerCommand('neonAuth.restartServer', async () => {
      try {
        if (languageClient.state === State.Stopped) await languageClient.start();
        else await languageClient.restart();
        output.info('Neon Auth language server restarted.');
      } catch (err) {
        reportStartFailure(output, err);
      }
    }),
    vscode.commands.registerCommand('neonAuth.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('neonAuth.fixAll', (options?: unknown) =>
      fixAllInActiveEditor(languageClient, typeof options === 'object' && options !== null && (options as { unsafe?: unknown }).unsafe === true),
    ),
    vscode.commands.registerCommand('neonAuth.checkWorkspace', () => checkWorkspace(languageClient)),
    vscode.commands.registerCommand('neonAuth.createConfig', () => createConfig()),
    vscode.commands.registerCommand(PLAN_MIGRATION_CLIENT_COMMAND, (folder?: unknown) =>
      planMigration(languageClient, output, folder instanceof vscode.Uri ? folder : undefined),
    ),
  );

  try {
    await languageClient.start();
  } catch (err) {
    // Keep the commands registered so the user can read the output and restart.
    reportStartFailure(output, err);
  }
  updateStatus();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

function reportStartFailure(output: vscode.LogOutputChannel, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  output.error(`Neon Auth language server failed to start: ${message}`);
  void vscode.window.showErrorMessage(`Neon Auth: the language server failed to start: ${message}`, 'Show Output').then((choice) => {
    if (choice) output.show(true);
  });
}

/** Whether the editor shows a document the server checks: SQL, or TypeScript/JavaScript holding SQL. */
function isSqlEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor !== undefined && ([...SQL_LANGUAGES, ...HOST_LANGUAGES] as readonly string[]).includes(editor.document.languageId);
}

function serverRunning(languageClient: LanguageClient): boolean {
  if (languageClient.state === State.Running) return true;
  void vscode.window.showWarningMessage('Neon Auth: the language server is not running (Neon Auth: Restart Language Server).');
  return false;
}

/**
 * `neonAuth.fixAll` (`{ unsafe: true }` as argument: suggestions too): asks the server to apply the
 * safe fixes of the active SQL document (`neonAuth.applyAllFixes` with its URI and version); the
 * server sends them back as one workspace edit, so one undo restores the document. When suggestions
 * are left, a message says so and offers to apply them. Resolves with the server's answer.
 */
async function fixAllInActiveEditor(languageClient: LanguageClient, unsafe = false): Promise<ApplyAllFixesResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!isSqlEditor(editor)) {
    void vscode.window.showInformationMessage('Neon Auth: open a SQL file to fix its problems.');
    return undefined;
  }
  if (!serverRunning(languageClient)) return undefined;
  const document = editor.document;
  const result = (await languageClient.sendRequest(ExecuteCommandRequest.type, {
    command: APPLY_ALL_FIXES_COMMAND,
    arguments: [{ uri: languageClient.code2ProtocolConverter.asUri(document.uri), version: document.version, unsafe }],
  })) as ApplyAllFixesResult | null;
  // `stale` is told by the server itself (window/showMessage), for every editor.
  if (result?.status === 'unchanged') vscode.window.setStatusBarMessage('Neon Auth: nothing to fix', 3000);
  else if (result?.status === 'disabled')
    void vscode.window.showInformationMessage('Neon Auth: this file is not checked (neonAuth.enable, or ignored by .neon-auth.json).');
  else if (result?.status === 'rejected')
    void vscode.window.showWarningMessage('Neon Auth: the fixes could not be applied (the document changed meanwhile?). Run the command again.');
  else if (result?.status === 'unsound')
    void vscode.window.showWarningMessage(
      `Neon Auth: no fix was applied: ${result.reason ?? 'the fixes did not settle'}. Apply them one by one from the quick-fix menu.`,
    );
  const left = result?.suggestionsLeft ?? 0;
  if (left > 0 && result?.status !== 'unsound') {
    // What Fix All skipped, and how to apply it (never awaited: the command answers at once).
    const applied = result?.status === 'applied' ? `Applied ${result.fixes} safe fix${result.fixes === 1 ? '' : 'es'}; ` : '';
    const apply = 'Apply Suggestions Too';
    void vscode.window
      .showInformationMessage(
        `Neon Auth: ${applied}${left} suggestion${left === 1 ? '' : 's'} left: each is a choice that changes what the SQL does or reads. Review them in the quick-fix menu, or apply the preferred ones.`,
        apply,
      )
      .then((choice) => {
        if (choice === apply && vscode.window.activeTextEditor?.document === document) void fixAllInActiveEditor(languageClient, true);
      });
  }
  return result ?? undefined;
}

/**
 * `neonAuth.checkWorkspace`: the server checks every `*.sql` file of the workspace folders
 * (`neonAuth.checkWorkspaceFiles`); its progress shows in a cancellable notification, and the
 * server's summary message follows. Resolves with the server's answer.
 */
async function checkWorkspace(languageClient: LanguageClient): Promise<WorkspaceCheckResult | undefined> {
  if (!serverRunning(languageClient)) return undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Neon Auth: checking SQL files', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `neonAuth.checkWorkspace/${Date.now()}/${Math.random().toString(36).slice(2)}`;
      let done = 0;
      const listener = languageClient.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? done;
        progress.report({ message: value.message, increment: Math.max(0, percentage - done) });
        done = Math.max(done, percentage);
      });
      try {
        const result = await languageClient.sendRequest(ExecuteCommandRequest.type, { command: CHECK_WORKSPACE_COMMAND, arguments: [], workDoneToken }, token);
        return (result as WorkspaceCheckResult | null) ?? undefined;
      } finally {
        listener.dispose();
      }
    },
  );
}

/** What `neonAuth.planMigration` resolves with: the server's answer, and the document it opened (when `planned`). */
export interface PlanMigrationOutcome {
  result: MigrationPlanResult;
  document?: vscode.TextDocument;
}

/**
 * `neonAuth.planMigration` (argument: a folder's URI, from the Explorer's context menu; else every
 * workspace folder): the server plans the move to the current Neon Auth (`neonAuth.planMigrationToCurrent`)
 * while a cancellable notification shows its progress. The report goes to the Neon Auth output, one
 * line per item (`file:line message`); the SQL opens as a new, unsaved document named
 * `<folder>/neon-auth-migration.sql` (saving it offers that path; a second run replaces the text of
 * the one still open). A plan that cannot be made (no migration set) is an error message; nothing
 * to move (no column references users_sync) and no folder, an information message. Resolves
 * undefined when cancelled or not run.
 */
async function planMigration(languageClient: LanguageClient, output: vscode.LogOutputChannel, folder?: vscode.Uri): Promise<PlanMigrationOutcome | undefined> {
  const folders = folder ? [folder] : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Neon Auth: open the folder of your app (with its migrations) to plan the move to the current Neon Auth.');
    return undefined;
  }
  if (!serverRunning(languageClient)) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Neon Auth: planning the migration to the current Neon Auth', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `neonAuth.planMigration/${Date.now()}/${Math.random().toString(36).slice(2)}`;
      const listener = languageClient.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind !== 'end' && value.message) progress.report({ message: value.message });
      });
      try {
        const answer = await languageClient.sendRequest(
          ExecuteCommandRequest.type,
          { command: PLAN_MIGRATION_COMMAND, arguments: [{ folders: folders.map((f) => languageClient.code2ProtocolConverter.asUri(f)) }], workDoneToken },
          token,
        );
        return (answer as MigrationPlanResult | null) ?? undefined;
      } catch (err) {
        if (token.isCancellationRequested) return undefined;
        throw err;
      } finally {
        listener.dispose();
      }
    },
  );
  if (!result || result.status === 'cancelled') return undefined;
  writeMigrationReport(output, result);
  const showReport = 'Show Report';
  const offerReport = (choice: string | undefined): void => {
    if (choice === showReport) output.show(true);
  };
  if (result.status === 'noFolder') {
    void vscode.window.showInformationMessage(result.message);
    return { result };
  }
  if (result.status === 'nothingToMove') {
    if (result.report.length > 1) void vscode.window.showInformationMessage(result.message, showReport).then(offerReport);
    else void vscode.window.showInformationMessage(result.message);
    return { result };
  }
  if (result.status === 'failed') {
    void vscode.window.showErrorMessage(result.message, showReport).then(offerReport);
    return { result };
  }
  const target = result.target ? vscode.Uri.parse(result.target) : vscode.Uri.joinPath(folders[0], MIGRATION_FILE_NAME);
  const document = await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  await editor.edit((b) => b.replace(all, result.sql));
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  editor.revealRange(new vscode.Range(0, 0, 0, 0));
  void vscode.window.showInformationMessage(`${result.message} Review the file, then save it and run it on a Neon branch first.`, showReport).then(offerReport);
  return { result, document };
}

/** The plan's report in the Neon Auth output: a summary line, then `path:line:column: message` per item at its severity (the place written as the CLI writes it). */
function writeMigrationReport(output: vscode.LogOutputChannel, result: MigrationPlanResult): void {
  output.info(`Migration plan (${result.base ?? 'workspace'}): ${result.message.replace(/^Neon Auth: /, '')}`);
  for (const item of result.report) {
    const where = reportLocation(item);
    const line = `  ${where === undefined ? '' : `${where}: `}${item.message}`;
    if (item.severity === 'error') output.error(line);
    else if (item.severity === 'warning') output.warn(line);
    else output.info(line);
  }
}

/**
 * `neonAuth.createConfig`: creates `.neon-auth.json` (`newConfigText`, as `neon-auth-lint init`: schema
 * link, `authSchema: "auto"`, no rule overrides, no ignore globs) in the workspace folder (the one picked, with several), or opens it
 * when it exists. Resolves with its URI.
 */
async function createConfig(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Neon Auth: open a folder to create a .neon-auth.json in it.');
    return undefined;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to create .neon-auth.json in' });
  if (!folder) return undefined;
  const file = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
  let exists = true;
  try {
    await vscode.workspace.fs.stat(file);
  } catch {
    exists = false;
  }
  // The same text as `neon-auth-lint init` (server/src/config/template.ts).
  if (!exists) await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(newConfigText()));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), { preview: false });
  if (exists) void vscode.window.showInformationMessage(`Neon Auth: ${vscode.workspace.asRelativePath(file)} already exists; opened it.`);
  return file;
}

/**
 * `neonAuth.insertForeignKey`: asks what the rows are, then inserts the matching column snippet
 * (`neon-fk-cascade` or `neon-fk-set-null`) at the cursor. The server answers which snippets fit
 * the document (`neonAuth.snippetsFor`: its Neon Auth generation), as its completion does.
 */
async function insertForeignKey(languageClient: LanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !(SQL_LANGUAGES as readonly string[]).includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage('Neon Auth: open a SQL file to insert a foreign key to the user table.');
    return;
  }
  if (!serverRunning(languageClient)) return;
  const result = (await languageClient.sendRequest(ExecuteCommandRequest.type, {
    command: SNIPPETS_COMMAND,
    arguments: [{ uri: languageClient.code2ProtocolConverter.asUri(editor.document.uri) }],
  })) as SnippetsResult | null;
  const choices = [
    { label: 'Personal data (todos, preferences) — ON DELETE CASCADE', prefix: 'neon-fk-cascade' },
    { label: 'Content that outlives its author (posts, comments) — ON DELETE SET NULL', prefix: 'neon-fk-set-null' },
  ];
  const items: (vscode.QuickPickItem & { body: string })[] = [];
  for (const choice of choices) {
    const snippet = result?.snippets.find((s) => s.prefix === choice.prefix);
    if (snippet) items.push({ label: choice.label, detail: snippet.rendered, body: snippet.body });
  }
  if (items.length === 0) return;
  const picked = await vscode.window.showQuickPick(items, {
    title: `Neon Auth: Insert Foreign Key (${result?.generation === 'legacy' ? 'legacy neon_auth.users_sync' : 'neon_auth."user"'})`,
    placeHolder: 'What should happen to these rows when the user is deleted?',
  });
  if (!picked) return;
  await editor.insertSnippet(new vscode.SnippetString(picked.body));
}

async function showRuleDocumentation(context: vscode.ExtensionContext, ruleId?: string): Promise<void> {
  let id = ruleId?.trim();
  if (!id) {
    id = await vscode.window.showQuickPick([...RULE_IDS], {
      title: 'Neon Auth: Show Rule Documentation',
      placeHolder: 'Rule',
    });
    if (!id) return;
  }
  // Rule ids are kebab-case; refuse anything else so the id cannot point outside the rules folder.
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
    void vscode.window.showErrorMessage(`Neon Auth: "${id}" is not a rule id.`);
    return;
  }
  const readme = vscode.Uri.joinPath(context.extensionUri, 'server', 'src', 'linter', 'rules', id, 'README.md');
  try {
    await vscode.workspace.fs.stat(readme);
  } catch {
    const online = 'Open Online';
    const choice = await vscode.window.showWarningMessage(`Neon Auth: no documentation for rule "${id}" in this extension.`, online);
    if (choice === online) await vscode.env.openExternal(vscode.Uri.parse(`${RULE_DOCS_BASE}${id}/README.md`));
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', readme);
}
