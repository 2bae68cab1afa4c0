import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import snippets from '../../snippets/neon-auth.json';

/** Language ids that SQL files get from VS Code and from the common Postgres extensions. */
export const SQL_LANGUAGES = ['sql', 'postgres', 'pgsql', 'postgresql', 'psql'] as const;

/** The rules whose documentation ships inside the extension (`server/src/linter/rules/<id>/README.md`). */
export const RULE_IDS = ['prefer-left-join', 'require-deleted-at-filter', 'require-on-delete', 'match-user-id-type', 'no-set-null-on-not-null', 'no-quoted-dotted-name', 'no-auth-table-writes', 'match-auth-schema', 'no-null-rejecting-where', 'no-unknown-auth-column', 'match-auth-uid-type'] as const;

const RULE_DOCS_ONLINE = 'https://github.com/neon-auth-sql/neon-auth-sql/blob/main/server/src/linter/rules/';

const documentSelector: { scheme: string; language: string }[] = SQL_LANGUAGES.flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

type Snippet = { prefix: string; body: string | string[]; description?: string };

/** The snippet with this prefix from snippets/neon-auth.json, as one string. */
function snippetBody(prefix: string): string {
  const snippet = Object.values(snippets as Record<string, Snippet>).find((s) => s.prefix === prefix);
  if (!snippet) throw new Error(`snippet "${prefix}" missing from snippets/neon-auth.json`);
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

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
    // The server re-reads .neon-auth.json files when they change.
    synchronize: { configurationSection: 'neonAuth', fileEvents: vscode.workspace.createFileSystemWatcher('**/.neon-auth.json') },
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
  interface CheckStatus { uri: string; ms: number; rulesActive: number; statements: number; rejected: number; skipped?: string }
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
    const enabled = vscode.workspace.getConfiguration('neonAuth').get<boolean>('enable', true);
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
    languageClient.onNotification('neonAuth/status', (check: CheckStatus) => {
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
    vscode.commands.registerCommand('neonAuth.insertForeignKey', insertForeignKey),
    vscode.commands.registerCommand('neonAuth.showRuleDocumentation', (ruleId?: unknown) =>
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
  void vscode.window
    .showErrorMessage(`Neon Auth: the language server failed to start: ${message}`, 'Show Output')
    .then((choice) => {
      if (choice) output.show(true);
    });
}

async function insertForeignKey(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !(SQL_LANGUAGES as readonly string[]).includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage('Neon Auth: open a SQL file to insert a foreign key to the user table.');
    return;
  }
  const items: (vscode.QuickPickItem & { prefix: string })[] = [
    {
      label: 'Personal data (todos, preferences) — ON DELETE CASCADE',
      detail: 'user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE',
      prefix: 'neon-fk-cascade',
    },
    {
      label: 'Content that outlives its author (posts, comments) — ON DELETE SET NULL',
      detail: 'author_id TEXT REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL',
      prefix: 'neon-fk-set-null',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Neon Auth: Insert Foreign Key',
    placeHolder: 'What should happen to these rows when the user is deleted?',
  });
  if (!picked) return;
  await editor.insertSnippet(new vscode.SnippetString(snippetBody(picked.prefix)));
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
    const choice = await vscode.window.showWarningMessage(
      `Neon Auth: no documentation for rule "${id}" in this extension.`,
      online,
    );
    if (choice === online) await vscode.env.openExternal(vscode.Uri.parse(`${RULE_DOCS_ONLINE}${id}/README.md`));
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', readme);
}
