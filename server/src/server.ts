/**
 * The Neon Auth SQL language server: a thin LSP adapter over the linter core (`./linter`).
 * Runs over stdio (`node dist/server.js --stdio`) or Node IPC (`--node-ipc`, as VS Code starts it);
 * `createConnection` picks the transport from argv.
 *
 * Positions: the core speaks UTF-16 offsets; conversion to LSP line/character happens here only,
 * with the `TextDocument`'s own line offsets (LSP's default `utf-16` position encoding).
 */
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionRequest,
  CompletionItem,
  CompletionRequest,
  CompletionTriggerKind,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ExecuteCommandParams,
  ExecuteCommandRequest,
  FileChangeType,
  Hover,
  HoverRequest,
  InitializeResult,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  Position,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  WorkDoneProgressServerReporter,
  createConnection,
} from 'vscode-languageserver/node';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import snippetFile from '../../snippets/neon-auth.json';
import {
  DocumentLinter,
  PositionConverter,
  completionContextAt,
  inSqlPart,
  isHostLanguage,
  HOST_EXTENSIONS,
  type LintOptions,
  hostWorkspaceOf,
  postgresGrammarLoadError,
  hoverAt,
  isPostgresGrammarLoaded,
  judgeBulkFix,
  leftSuggestion,
  loadPostgresGrammar,
  rules,
  suppressionCompletionAt,
  typedWordStart,
} from './linter';
import { FIX_ALL_KIND, codeActionsFor } from './lsp/codeActions';
import {
  APPLY_ALL_FIXES_COMMAND,
  ApplyAllFixesResult,
  CHECK_WORKSPACE_COMMAND,
  PLAN_MIGRATION_COMMAND,
  SERVER_COMMANDS,
  SNIPPETS_COMMAND,
  SnippetsResult,
  minimalEdits,
  readApplyAllFixesArgs,
  runFixPasses,
  yieldToEventLoop,
} from './lsp/commands';
import { completionItemsFor, loadSnippets, renderSnippet, snippetsFor, suppressionItemsFor } from './lsp/completion';
import { AuthGeneration, NEW_PROJECT_GENERATION } from './linter/catalog';
import { toDiagnostic, toLspEdit, toRange } from './lsp/convert';
import { WorkspaceCheck, WorkspaceCheckResult } from './lsp/workspaceCheck';
import { MigrationPlanResult, planMigrationCommand, readMigrationPlanArgs } from './lsp/migrationPlan';
import { DEFAULT_SETTINGS, Settings, normalizeSettings } from './lsp/settings';
import { ConfigStore, FileContext, configDiagnostics, documentOptions, fileOptions, filePathOf, isDocumentIgnored } from './lsp/workspaceConfig';
import { DocumentHistory, MigrationIndex } from './lsp/migrationIndex';
import { HostModules, readTextFile } from './workspace/hostModules';
import { CONFIG_FILE_NAME, LoadedConfig } from './config/config';
import { PACKAGE_NAME, readVersion, SERVER_USAGE, serverCommandLine } from './packageInfo';
import { CheckStatus, STATUS_NOTIFICATION } from '../../shared/protocol';
import { setGrammarV8Flags } from './v8Flags';

const SETTINGS_SECTION = 'neonAuth';

// `--version`, `--help`, or no transport at all (someone ran the bin by hand): answer and exit
// before createConnection, which would throw a stack trace.
switch (serverCommandLine(process.argv.slice(2))) {
  case 'version':
    process.stdout.write(`${PACKAGE_NAME} ${readVersion()}\n`);
    process.exit(0);
    break;
  case 'help':
    process.stdout.write(`${SERVER_USAGE}\n`);
    process.exit(0);
    break;
  case 'usage-error':
    process.stderr.write(`neon-auth-language-server: name a transport.\n${SERVER_USAGE}\n`);
    process.exit(2);
    break;
  case 'serve':
    break;
}

const connection: Connection = createConnection(ProposedFeatures.all);
/**
 * Open documents. Each ranged change is also noted with the document's linter (`noteChange`), so
 * the next check re-scans only what the edits touched instead of comparing the old and new texts
 * (about 0.5 ms per check of a 1 MB file); a change that replaces the whole text drops the notes.
 */
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update(document, changes, version) {
    const linter = linters.get(document.uri);
    for (const change of changes) {
      if ('range' in change) {
        const { start, end } = changeOffsets(document, change.range);
        linter?.noteChange(document.getText(), start, end, change.text.length);
        document = TextDocument.update(document, [{ range: { start: document.positionAt(start), end: document.positionAt(end) }, text: change.text }], version);
      } else {
        linter?.forgetChanges();
        document = TextDocument.update(document, [change], version);
      }
    }
    return document;
  },
});

/**
 * The 0-based UTF-16 offsets a ranged `didChange` replaces, read as `TextDocument.offsetAt` reads
 * positions (a line past the end is the end of the text, a character past its line's end that
 * line's end, a negative one its start) and put in order. The change is applied through these
 * offsets: `TextDocument.update` given a range whose start line is past the end leaves holes in its
 * line table, and every position after it comes out broken (vscode-languageserver-textdocument
 * 1.0.x); a client should not send one, but one that does must not corrupt the document.
 */
function changeOffsets(document: TextDocument, range: { start: Position; end: Position }): { start: number; end: number } {
  const at = (p: Position): number => Math.trunc(document.offsetAt({ line: Math.max(0, Math.trunc(p.line)), character: Math.max(0, Math.trunc(p.character)) }));
  const a = at(range.start);
  const b = at(range.end);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}
const snippets = loadSnippets(snippetFile);

/**
 * The Neon Auth generation snippets are written for in a document: the setting (`neonAuth.authSchema`
 * or `.neon-auth.json`) when `legacy` or `current`; with `auto`, the generation the lint detects
 * (the file's tables, else its migration set's; the document's linter keeps each statement's facts,
 * so this costs little after a check), else `NEW_PROJECT_GENERATION`.
 */
function snippetGeneration(uri: string, settings: Settings, document: TextDocument): AuthGeneration {
  const { options } = optionsWithHistory(uri, settings, configFor(uri), document);
  if (options.authSchema === 'legacy' || options.authSchema === 'current') return options.authSchema;
  if (!checksDocument(settings, document) || isHostLanguage(document.languageId)) return NEW_PROJECT_GENERATION;
  return linterFor(uri).lint(document.getText(), options).generation ?? NEW_PROJECT_GENERATION;
}

/**
 * A command's `arguments` as an InvalidParams message shows them: their JSON, or a note when
 * `JSON.stringify` cannot print them (it recurses once per level: arguments nested thousands of
 * levels deep overflowed the stack, and the request was answered null instead of InvalidParams).
 */
function shownArguments(args: unknown): string {
  try {
    return JSON.stringify(args);
  } catch {
    return 'arguments nested too deeply to show';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function logError(what: string, error: unknown): void {
  try {
    connection.console.error(`${what} failed: ${describe(error)}`);
  } catch {
    // the connection itself is gone; nothing left to tell
  }
}

/** Set by `shutdown`: from then on every request but `exit` is answered InvalidRequest (LSP: Shutdown Request). */
let shutdownReceived = false;

function refuseAfterShutdown(method: string): void {
  if (shutdownReceived) throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shutting down (shutdown was requested)`);
}

/**
 * Wraps a request handler: an exception (or rejection) is logged and answered with `fallback`
 * (null or []), so one bad request never takes the server down. After `shutdown`, the request is
 * answered InvalidRequest instead; params that are not an object, InvalidParams. Handlers are
 * registered with `connection.onRequest(<type>, guard(…))`, not `onHover` and the like: those read
 * `params.workDoneToken` before the handler runs, so `params: null` got InternalError.
 */
function guard<P, R>(
  what: string,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params: P, token: CancellationToken) => {
    refuseAfterShutdown(what);
    // Every request served here takes an object; null would fail before the handler is reached.
    if (params === null || typeof params !== 'object')
      throw new ResponseError(ErrorCodes.InvalidParams, `${what} expects an object as params, got ${params === null ? 'null' : typeof params}`);
    try {
      return await handler(params, token);
    } catch (error) {
      // A ResponseError is the answer the handler chose (bad arguments): the client gets it.
      if (error instanceof ResponseError) throw error;
      logError(what, error);
      return fallback;
    }
  };
}

/** Wraps a notification handler: an exception is logged, never thrown into the connection; after `shutdown` it does nothing. */
function guardNotification<P>(what: string, handler: (params: P) => void): (params: P) => void {
  return (params: P) => {
    if (shutdownReceived) return;
    try {
      handler(params);
    } catch (error) {
      logError(what, error);
    }
  };
}

process.on('uncaughtException', (error) => logError('uncaught exception', error));
process.on('unhandledRejection', (reason) => logError('unhandled rejection', reason));

// ---------------------------------------------------------------------------------------------
// Settings

let hasConfigurationCapability = false;
let hasDynamicConfigurationRegistration = false;
let hasWorkspaceFoldersCapability = false;
let hasDocumentChangesCapability = false;
let hasWorkDoneProgressCapability = false;
let hasDynamicWatchedFilesRegistration = false;
/** The workspace folders of `initialize` (used when the client cannot answer `workspace/workspaceFolders`). */
let initialFolders: string[] = [];
/** Settings pushed through `didChangeConfiguration`, used when the client has no `workspace/configuration`. */
let pushedSettings: Settings = { ...DEFAULT_SETTINGS };
/** Per-document settings requests (`scopeUri` = the document), dropped on `didChangeConfiguration`. */
const settingsCache = new Map<string, Promise<Settings>>();

function settingsFor(uri: string): Promise<Settings> {
  if (!hasConfigurationCapability) return Promise.resolve(pushedSettings);
  let settings = settingsCache.get(uri);
  if (!settings) {
    settings = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
      (raw: unknown) => normalizeSettings(raw),
      (error: unknown) => {
        logError('workspace/configuration', error);
        if (settingsCache.get(uri) === settings) settingsCache.delete(uri);
        return { ...DEFAULT_SETTINGS };
      },
    );
    settingsCache.set(uri, settings);
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------
// Per-document state

interface DocumentState {
  /** The document's revision: bumped by every change and by close; a validation started for an older revision is dropped. */
  revision: number;
  timer?: NodeJS.Timeout;
  /** Whether the document was checked once since it was opened (`neonAuth.run: onSave` checks edits only on save). */
  checked?: boolean;
}

const states = new Map<string, DocumentState>();
/** Per open document: its linter, which keeps the document's index between versions (an edit re-scans only what it touched). */
const linters = new Map<string, DocumentLinter>();

/** Whether the settings let the server check this document (`neonAuth.enable`; for TypeScript and JavaScript also `neonAuth.embeddedSql.enable`). */
function checksDocument(settings: Settings, document: TextDocument): boolean {
  return settings.enable && (settings.embeddedSql || !isHostLanguage(document.languageId));
}

/**
 * The SQL text hover and completion read at `offset` (0-based UTF-16): the document's text, or for a
 * TypeScript/JavaScript document its SQL view (see `host.ts`), undefined when `offset` is outside the
 * SQL it holds and outside its `neon-auth-ignore` comments.
 */
function sqlTextAt(uri: string, document: TextDocument, offset: number): string | undefined {
  const text = document.getText();
  if (!isHostLanguage(document.languageId)) return text;
  const view = linterFor(uri).viewOf(
    text,
    document.languageId,
    hostWorkspaceOf(contextOf(filePathOf(uri), document.languageId, text, undefined).workspace ?? {}),
  );
  return inSqlPart(view, offset) ? view.sqlText : undefined;
}

/**
 * Reads the workspace modules host documents import (see `HostModules`): an open document's text
 * before the file on disk.
 */
const hostModules = new HostModules((file) => {
  for (const d of documents.all()) if (filePathOf(d.uri) === file) return d.getText();
  return readTextFile(file);
});

function linterFor(uri: string): DocumentLinter {
  let linter = linters.get(uri);
  if (!linter) {
    linter = new DocumentLinter();
    linters.set(uri, linter);
  }
  return linter;
}

/** Whether the client shows `Diagnostic.relatedInformation` (else none is sent). */
let hasRelatedInformationCapability = false;

/** The open documents by file path (absolute), rebuilt after an open or close: a fold asks once per migration file. */
let openByPath: Map<string, TextDocument> | undefined;
documents.onDidOpen(() => (openByPath = undefined));
documents.onDidClose(() => (openByPath = undefined));

/** The editor's text of `file` (absolute path) when it is open. */
function openTextOf(file: string): string | undefined {
  if (!openByPath) {
    openByPath = new Map();
    for (const d of documents.all()) {
      const f = filePathOf(d.uri);
      if (f !== undefined) openByPath.set(f, d);
    }
  }
  return openByPath.get(file)?.getText();
}

/** The workspace's migration sets, read from open buffers first, then disk (see `lsp/migrationIndex.ts`). */
const migrationIndex = new MigrationIndex(
  () => initialFolders.map((f) => filePathOf(f)).filter((f): f is string => f !== undefined),
  (file) => openTextOf(file),
  (message) => connection.console.info(message),
);

/**
 * What a file reaches of the workspace beyond its own text (see `FileContext`): the Drizzle tables
 * and relations of the modules a TypeScript/JavaScript file imports, or the history before a SQL
 * migration of a set. One answer for an open document and for a file the workspace check reads
 * from disk (or re-checks once closed).
 */
function contextOf(file: string | undefined, languageId: string | undefined, text: string, loaded: LoadedConfig | undefined): FileContext {
  if (file === undefined) return {};
  if (isHostLanguage(languageId)) return { workspace: hostModules.workspaceOf(file, text) };
  const history = migrationIndex.historyOf(file, loaded);
  return history ? { history } : {};
}

/** A document's lint options (see `fileOptions`), with the migration history it was checked against, when it is in a set. */
function optionsWithHistory(
  uri: string,
  settings: Settings,
  loaded: LoadedConfig | undefined,
  document: TextDocument,
): { options: LintOptions; history?: DocumentHistory } {
  const context = contextOf(filePathOf(uri), document.languageId, document.getText(), loaded);
  const options = fileOptions(settings, loaded, document.languageId, context);
  return context.history ? { options, history: context.history } : { options };
}

/**
 * Positions of a document: the `TextDocument` itself, whose line offsets the library updates as
 * incremental changes arrive (a line index built per version would cost a pass over the text per edit).
 */
function lineIndexFor(document: TextDocument): PositionConverter {
  return document;
}

/** The document only while it is open at exactly `version`. */
function currentDocument(uri: string, version: number): TextDocument | undefined {
  const document = documents.get(uri);
  return document && document.version === version ? document : undefined;
}

// ---------------------------------------------------------------------------------------------
// The Postgres grammar

/** How long a first lint waits for the Postgres grammar (it loads in about 20–50 ms). */
const GRAMMAR_WAIT_MS = 3000;

/**
 * The Postgres grammar (libpg-query, WebAssembly) starts loading at startup; lints wait for
 * it (at most `GRAMMAR_WAIT_MS`), so statements only it accepts are not reported as parse errors
 * first. When it finishes later than that, open documents are linted again.
 */
let grammarSettled = false;
let initializedSeen = false;
setGrammarV8Flags();
const grammarLoaded = loadPostgresGrammar().then(() => {
  grammarSettled = true;
  reportGrammarFailure();
  for (const document of documents.all()) scheduleValidation(document.uri);
});
const grammarReady: Promise<void> = Promise.race([grammarLoaded, new Promise<void>((resolve) => setTimeout(resolve, GRAMMAR_WAIT_MS).unref())]);

/** Logs, once the client is initialized, why the Postgres grammar is unavailable (if it is). */
function reportGrammarFailure(): void {
  if (!grammarSettled || !initializedSeen || isPostgresGrammarLoaded()) return;
  try {
    connection.console.warn(
      `Postgres grammar (libpg-query) unavailable (${postgresGrammarLoadError() ?? 'unknown error'}): statements pgsql-ast-parser rejects are reported as parse errors.`,
    );
  } catch {
    // the connection is gone
  }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics (push model)

/**
 * Schedules a check of a document. `change`: an edit (skipped with `neonAuth.run: onSave` once the
 * document was checked); `save`: the document was saved; `refresh`: settings, configuration or
 * parser changes, or the first check of an opened document.
 */
function scheduleValidation(uri: string, trigger: 'change' | 'save' | 'refresh' = 'refresh'): void {
  let state = states.get(uri);
  if (!state) {
    state = { revision: 0 };
    states.set(uri, state);
  }
  const owner = state;
  const revision = ++owner.revision;
  if (owner.timer) clearTimeout(owner.timer);
  owner.timer = undefined;

  Promise.all([settingsFor(uri), grammarReady])
    .then(([settings]) => {
      if (states.get(uri) !== owner || owner.revision !== revision) return; // superseded
      if (trigger === 'change' && settings.run === 'onSave' && owner.checked) return;
      if (settings.debounceMs <= 0 || trigger === 'save') {
        validate(uri, owner, revision, settings);
      } else {
        owner.timer = setTimeout(() => {
          owner.timer = undefined;
          validate(uri, owner, revision, settings);
        }, settings.debounceMs);
      }
    })
    .catch((error: unknown) => logError('scheduling diagnostics', error));
}

function validate(uri: string, owner: DocumentState, revision: number, settings: Settings): void {
  try {
    if (states.get(uri) !== owner || owner.revision !== revision) return;
    const document = documents.get(uri);
    if (!document) return;
    owner.checked = true;
    const version = document.version;
    let diagnostics: ReturnType<typeof toDiagnostic>[] = [];
    let status: CheckStatus | undefined;
    const loaded = configFor(uri);
    if (checksDocument(settings, document) && !isDocumentIgnored(uri, loaded)) {
      const text = document.getText();
      const index = lineIndexFor(document);
      try {
        const { options, history } = optionsWithHistory(uri, settings, loaded, document);
        const started = performance.now();
        const result = linterFor(uri).lint(text, options);
        if (history) migrationIndex.flushNotices();
        const relatedUri = hasRelatedInformationCapability ? history?.uriOf : undefined;
        diagnostics = result.findings.map((f) => toDiagnostic(index, f, version, relatedUri));
        status = {
          uri,
          version,
          ms: Math.round((performance.now() - started) * 10) / 10,
          rulesActive: rules.filter((r) => (options.rules?.[r.id] ?? r.defaultSeverity) !== 'off').length,
          statements: result.statements,
          rejected: result.rejected.length,
          skipped: result.skipped,
        };
      } catch (error) {
        // The core promises never to throw; if it does, stale diagnostics would point at the wrong text.
        logError(`linting ${uri}`, error);
        diagnostics = [];
      }
    }
    // Never publish for a version that is no longer current.
    if (!currentDocument(uri, version) || states.get(uri) !== owner || owner.revision !== revision) return;
    void connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => logError('publishDiagnostics', error));
    if (status) void connection.sendNotification(STATUS_NOTIFICATION, status).catch((error: unknown) => logError('status notification', error));
  } catch (error) {
    logError(`validating ${uri}`, error);
  }
}

function forget(uri: string): void {
  const state = states.get(uri);
  if (state) {
    state.revision++;
    if (state.timer) clearTimeout(state.timer);
  }
  states.delete(uri);
  linters.delete(uri);
  settingsCache.delete(uri);
}

/**
 * A module whose exports other open files read was edited, or closed (its text is the disk's again):
 * they are checked again with its new text.
 */
function moduleChanged(uri: string): void {
  const file = filePathOf(uri);
  if (file === undefined || !hostModules.isKnown(file)) return;
  hostModules.invalidate(file);
  for (const document of documents.all()) if (document.uri !== uri && isHostLanguage(document.languageId)) scheduleValidation(document.uri);
}

documents.onDidChangeContent(
  guardNotification('didChange', (event) => {
    const uri = event.document.uri;
    scheduleValidation(uri, 'change');
    moduleChanged(uri);
    // An open migration of a set: the later ones' history changed (their kept results are reused when it did not).
    const file = filePathOf(uri);
    if (file !== undefined && !isHostLanguage(event.document.languageId) && migrationIndex.inKnownSet(file)) migrationChanged(uri);
  }),
);

/** An open migration of a set changed (edited, or closed: its text is the disk's again): the other open migrations are checked again (a set re-folds from the changed file on; files before it keep their results). */
function migrationChanged(uri: string): void {
  for (const d of documents.all()) if (d.uri !== uri && !isHostLanguage(d.languageId)) scheduleValidation(d.uri);
}
documents.onDidSave(guardNotification('didSave', (event) => scheduleValidation(event.document.uri, 'save')));

documents.onDidClose(
  guardNotification('didClose', (event) => {
    const uri = event.document.uri;
    forget(uri);
    moduleChanged(uri);
    const file = filePathOf(uri);
    if (file !== undefined && !isHostLanguage(event.document.languageId) && migrationIndex.inKnownSet(file)) migrationChanged(uri);
    // A file the workspace check covers keeps diagnostics: re-checked from disk (the editor may not have saved it).
    if (workspaceCheck.covers(uri)) {
      workspaceCheck.recheck(uri).catch((error: unknown) => logError(`re-checking ${uri}`, error));
      return;
    }
    void connection.sendDiagnostics({ uri, diagnostics: [] }).catch((error: unknown) => logError('publishDiagnostics', error));
  }),
);

// ---------------------------------------------------------------------------------------------
// Lifecycle

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  hasConfigurationCapability = capabilities.workspace?.configuration === true;
  hasDynamicConfigurationRegistration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  hasWorkspaceFoldersCapability = capabilities.workspace?.workspaceFolders === true;
  hasDocumentChangesCapability = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  hasWorkDoneProgressCapability = capabilities.window?.workDoneProgress === true;
  hasDynamicWatchedFilesRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  hasRelatedInformationCapability = capabilities.textDocument?.publishDiagnostics?.relatedInformation === true;
  initialFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      hoverProvider: true,
      // A blank or a comma in a neon-auth-ignore comment asks for rule ids (elsewhere they ask for nothing).
      completionProvider: { resolveProvider: false, triggerCharacters: [' ', ','] },
      executeCommandProvider: { commands: [...SERVER_COMMANDS] },
    },
    serverInfo: { name: 'neon-auth-sql' },
  };
});

connection.onInitialized(
  guardNotification('initialized', () => {
    initializedSeen = true;
    reportGrammarFailure();
    if (hasDynamicConfigurationRegistration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
        .catch((error: unknown) => logError('registering didChangeConfiguration', error));
    }
    watchConfigFiles();
    indexMigrations().catch((error: unknown) => logError('reading the migration sets', error));
  }),
);

/**
 * Reads and folds the workspace's migration sets in the background once initialized, so that the
 * first check of a later migration, hover and the workspace check find them folded. Yields to
 * requests between chunks of files (never before the first diagnostics of open files: each chunk
 * waits for pending I/O), shows work-done progress when the client supports it and there are
 * migrations, and stops when that progress is cancelled or the server shuts down.
 */
async function indexMigrations(): Promise<void> {
  await grammarReady;
  let reporter: WorkDoneProgressServerReporter | undefined;
  let creating: Promise<void> | undefined;
  const started = Date.now();
  let files = 0;
  const progress = (done: number, total: number): void => {
    files = total;
    if (total === 0 || !hasWorkDoneProgressCapability) return;
    creating ??= connection.window.createWorkDoneProgress().then(
      (created) => {
        reporter = created;
        created.begin('Neon Auth: reading migrations', 0, `0/${total} files`, true);
      },
      (error: unknown) => logError('window/workDoneProgress/create', error),
    );
    reporter?.report(Math.floor((done * 100) / total), `${done}/${total} files`);
  };
  const pause = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(!shutdownReceived && reporter?.token.isCancellationRequested !== true)));
  if (!(await pause())) return;
  const sets = await migrationIndex.indexAll((folder) => configFor(pathToFileURL(path.join(folder, CONFIG_FILE_NAME)).href), pause, progress);
  await creating;
  reporter?.done();
  if (files > 0) connection.console.info(`Migration sets: ${sets} read (${files} file${files === 1 ? '' : 's'}) in ${Date.now() - started} ms.`);
}

connection.onDidChangeConfiguration(
  guardNotification('didChangeConfiguration', (change) => {
    settingsCache.clear();
    if (!hasConfigurationCapability) {
      const settings = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
      pushedSettings = normalizeSettings(settings);
    }
    for (const document of documents.all()) scheduleValidation(document.uri);
    workspaceCheck.recheckAll().catch((error: unknown) => logError('re-checking the workspace files', error));
  }),
);

// ---------------------------------------------------------------------------------------------
// .neon-auth.json (read for file: documents, cached per folder until a watched-file event)

/** What the server asks the client to watch: every `.neon-auth.json` of the workspace. */
const CONFIG_FILE_GLOB = `**/${CONFIG_FILE_NAME}`;
/** What a migration set is made of: its SQL files and drizzle-kit's journal (see `workspace/migrations.ts`). */
const MIGRATION_GLOBS = ['**/*.sql', '**/meta/_journal.json'];
/**
 * TypeScript/JavaScript files, whose exports can change another file's findings (see `HostModules`),
 * their path mappings, and the `package.json` files that tell whether Prisma runs through a driver adapter.
 */
const HOST_FILE_GLOB = `**/*.{${Object.keys(HOST_EXTENSIONS)
  .map((e) => e.slice(1))
  .join(',')}}`;
const TSCONFIG_GLOB = '**/{tsconfig,jsconfig,package}.json';

/**
 * Asks the client to send `workspace/didChangeWatchedFiles` for `.neon-auth.json` files (created,
 * changed, deleted) when it can register that dynamically (VS Code, Neovim 0.11); the VS Code
 * client relies on this registration and watches nothing of its own. Otherwise the log says once
 * that changes to those files are seen only after a restart (unless the client sends the events
 * unasked).
 */
function watchConfigFiles(): void {
  if (hasDynamicWatchedFilesRegistration) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: CONFIG_FILE_GLOB },
          { globPattern: HOST_FILE_GLOB },
          { globPattern: TSCONFIG_GLOB },
          ...MIGRATION_GLOBS.map((globPattern) => ({ globPattern })),
        ],
      })
      .catch((error: unknown) => logError(`registering workspace/didChangeWatchedFiles for ${CONFIG_FILE_GLOB}`, error));
    return;
  }
  connection.console.info(
    `The client cannot register workspace/didChangeWatchedFiles (capabilities.workspace.didChangeWatchedFiles.dynamicRegistration): ` +
      `changes to ${CONFIG_FILE_NAME} files are seen only after a restart of the server, unless the client reports them unasked.`,
  );
}

const configs = new ConfigStore();
/** Config files whose problems are published, by URI. */
const publishedConfigs = new Set<string>();

/** The configuration of a document; publishes the problems of a configuration file the first time it is read. */
function configFor(uri: string): LoadedConfig | undefined {
  const loaded = configs.forUri(uri);
  if (loaded) {
    const { uri: configUri, diagnostics } = configDiagnostics(loaded, hasRelatedInformationCapability);
    if (!publishedConfigs.has(configUri)) {
      publishedConfigs.add(configUri);
      void connection.sendDiagnostics({ uri: configUri, diagnostics }).catch((error: unknown) => logError('publishDiagnostics', error));
    }
  }
  return loaded;
}

connection.onDidChangeWatchedFiles(
  guardNotification('didChangeWatchedFiles', (change) => {
    // A migration created, changed, deleted or renamed (a delete and a create): the sets are read again.
    const migrations = change.changes.filter((c) => c.uri.endsWith('.sql') || c.uri.endsWith('/meta/_journal.json'));
    for (const c of migrations) {
      const file = filePathOf(c.uri);
      // Created or deleted (a rename is both), or a journal: the sets are listed again; changed: that file is read again.
      migrationIndex.invalidate(c.type !== FileChangeType.Changed || c.uri.endsWith('.json'), file);
    }
    if (migrations.length > 0) for (const document of documents.all()) if (!isHostLanguage(document.languageId)) scheduleValidation(document.uri);
    // A module on disk changed: what other files import from it may have too.
    const modules = change.changes.filter((c) => !c.uri.endsWith(CONFIG_FILE_NAME)).map((c) => filePathOf(c.uri));
    let known = false;
    if (modules.length > 0) {
      known = modules.some((f) => f === undefined || hostModules.isKnown(f) || /config\.json$/.test(f));
      hostModules.invalidate();
      if (known) for (const document of documents.all()) if (isHostLanguage(document.languageId)) scheduleValidation(document.uri);
    }
    if (!change.changes.some((c) => c.uri.endsWith(CONFIG_FILE_NAME))) {
      // The closed files a workspace check covers read those modules and migrations too (saved
      // changes only: an edit not yet saved re-checks the open files alone).
      if (known || migrations.length > 0) workspaceCheck.recheckAll().catch((error: unknown) => logError('re-checking the workspace files', error));
      return;
    }
    migrationIndex.invalidate(true);
    configs.clear();
    for (const uri of publishedConfigs)
      void connection.sendDiagnostics({ uri, diagnostics: [] }).catch((error: unknown) => logError('publishDiagnostics', error));
    publishedConfigs.clear();
    for (const document of documents.all()) scheduleValidation(document.uri);
    workspaceCheck.recheckAll().catch((error: unknown) => logError('re-checking the workspace files', error));
  }),
);

connection.onShutdown(() => {
  refuseAfterShutdown('shutdown');
  shutdownReceived = true;
  for (const uri of [...states.keys()]) forget(uri);
});

// ---------------------------------------------------------------------------------------------
// Code actions, hover, completion

connection.onRequest(
  CodeActionRequest.type,
  guard('textDocument/codeAction', [] as CodeAction[], async (params, token) => {
    const uri = params.textDocument.uri;
    if (!documents.get(uri)) return [];
    const settings = await settingsFor(uri);
    // One turn of the event loop, so a cancellation already sent (a save that stopped waiting) is seen.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const document = documents.get(uri);
    if (!document || !checksDocument(settings, document) || token.isCancellationRequested) return [];
    // A file .neon-auth.json ignores gets no diagnostics, so no fixes either (fix-on-save included).
    if (isDocumentIgnored(uri, configFor(uri))) return [];
    return codeActionsFor({
      shouldStop: () => token.isCancellationRequested,
      uri,
      version: document.version,
      text: document.getText(),
      index: lineIndexFor(document),
      // each one is checked: a malformed diagnostic is skipped, the others still get their actions
      diagnostics: params.context.diagnostics,
      only: params.context.only,
      options: optionsWithHistory(uri, settings, configFor(uri), document).options,
      linter: linterFor(uri),
    });
  }),
);

connection.onRequest(
  HoverRequest.type,
  guard('textDocument/hover', null as Hover | null, async (params) => {
    const uri = params.textDocument.uri;
    if (!documents.get(uri)) return null;
    const settings = await settingsFor(uri);
    const document = documents.get(uri);
    if (!document || !checksDocument(settings, document)) return null;
    const index = lineIndexFor(document);
    const offset = index.offsetAt(params.position);
    const text = sqlTextAt(uri, document, offset);
    if (text === undefined) return null;
    // A file of a migration set: tables and columns its earlier files define, folded (links open where each fact was written).
    // (`options`: an unqualified users_sync / "user" is what the document's search path makes it there, as the lint sees it)
    const { options, history } = optionsWithHistory(uri, settings, configFor(uri), document);
    const linter = linterFor(uri);
    const hover = hoverAt(
      text,
      offset,
      linter.tokensAround(text, offset),
      history && { prior: history.prior, linkOf: (at) => `${history.uriOf(at.path)}#L${at.line + 1},${at.character + 1}` },
      isHostLanguage(document.languageId) ? undefined : linter.authSchemaAt(text, offset, options),
    );
    if (!hover) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: hover.markdown },
      range: toRange(index, hover.start, hover.end),
    };
  }),
);

connection.onRequest(
  CompletionRequest.type,
  guard('textDocument/completion', [] as CompletionItem[], async (params) => {
    const uri = params.textDocument.uri;
    if (!documents.get(uri)) return [];
    const settings = await settingsFor(uri);
    const document = documents.get(uri);
    if (!document || !checksDocument(settings, document)) return [];
    const index = lineIndexFor(document);
    const offset = index.offsetAt(params.position);
    const text = sqlTextAt(uri, document, offset);
    if (text === undefined) return [];
    const tokens = linterFor(uri).tokensAround(text, offset);
    const suppression = suppressionCompletionAt(text, offset, tokens);
    if (suppression) return suppressionItemsFor(suppression, toRange(index, suppression.start, offset));
    if (params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter) return [];
    // Snippets are whole SQL statements: for SQL documents, not for SQL inside a string or template.
    if (isHostLanguage(document.languageId)) return [];
    const context = completionContextAt(text, offset, tokens);
    if (!context) return [];
    return completionItemsFor(context, snippets, toRange(index, typedWordStart(text, offset), offset), snippetGeneration(uri, settings, document));
  }),
);

// ---------------------------------------------------------------------------------------------
// Commands (workspace/executeCommand)

/** `window/showMessage`: a notification (no answer awaited; `connection.window.show…Message` sends a request). */
function showMessage(type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message }).catch((error: unknown) => logError('showMessage', error));
}

/**
 * `neonAuth.applyAllFixes { uri, version, unsafe? }`: the safe fixes of the document (with `unsafe`,
 * each preferred suggestion too), over as many passes as `fixAll` needs, sent back as one
 * `workspace/applyEdit` (one undo step); a result `judgeBulkFix` finds unsound is refused, as the
 * CLI refuses it. Nothing happens, and the user is told, when the document is no longer at `version`. The passes yield to
 * the event loop in between (work-done progress on the request's `workDoneToken` tells which): a
 * cancellation arriving meanwhile stops them and is answered RequestCancelled, nothing applied.
 */
async function applyAllFixes(params: ExecuteCommandParams, token: CancellationToken): Promise<ApplyAllFixesResult> {
  const args = readApplyAllFixesArgs(params.arguments);
  if (!args)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `${APPLY_ALL_FIXES_COMMAND} expects one argument { uri, version, unsafe? }, got ${shownArguments(params.arguments)}`,
    );
  const { uri, version } = args;
  const scope = { unsafe: args.unsafe === true };
  const stale = (now: number): ApplyAllFixesResult => {
    showMessage(
      MessageType.Warning,
      `Neon Auth: the document changed (version ${now}, the fixes were asked for version ${version}); no fix was applied. Run the command again.`,
    );
    return { status: 'stale', fixes: 0 };
  };
  const cancelled = (): never => {
    throw new ResponseError(LSPErrorCodes.RequestCancelled, `${APPLY_ALL_FIXES_COMMAND} was cancelled; no fix was applied`);
  };
  const opened = documents.get(uri);
  if (!opened) return { status: 'notOpen', fixes: 0 };
  if (opened.version !== version) return stale(opened.version);
  const [settings] = await Promise.all([settingsFor(uri), grammarReady]);
  if (token.isCancellationRequested) cancelled();
  const document = documents.get(uri);
  if (!document) return { status: 'notOpen', fixes: 0 };
  if (document.version !== version) return stale(document.version);
  const loaded = configFor(uri);
  if (!checksDocument(settings, document) || isDocumentIgnored(uri, loaded)) return { status: 'disabled', fixes: 0 };
  const text = document.getText();
  const { options } = optionsWithHistory(uri, settings, loaded, document);
  const before = linterFor(uri).lint(text, options);
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  progress.begin('Neon Auth: fixing all problems', undefined, 'checking', true);
  let fixed;
  try {
    fixed = await runFixPasses(
      linterFor(uri).fixAllPasses(text, options, !scope.unsafe),
      () => token.isCancellationRequested,
      (pass) => progress.report(`pass ${pass}`),
    );
  } finally {
    progress.done();
  }
  if (!fixed) return cancelled();
  // The passes let edits in: positions of another version would land elsewhere.
  const now = documents.get(uri);
  if (!now) return { status: 'notOpen', fixes: 0 };
  if (now.version !== version) return stale(now.version);
  if (fixed.text === text) return { status: 'unchanged', fixes: 0, suggestionsLeft: before.findings.filter((f) => leftSuggestion(f, scope)).length };
  const verdict = judgeBulkFix(before, fixed, scope);
  if (!verdict.sound) return { status: 'unsound', fixes: 0, reason: verdict.reason, suggestionsLeft: verdict.suggestionsLeft };
  const index = lineIndexFor(now);
  const edits = minimalEdits(text, fixed.text).map((e) => toLspEdit(index, e));
  let response: { applied: boolean; failureReason?: string };
  try {
    response = await connection.workspace.applyEdit({
      label: 'Fix all Neon Auth problems',
      // Versioned when the client can check it: an edit for an older version is then refused.
      edit: hasDocumentChangesCapability ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } },
    });
  } catch (error) {
    // a client without workspace/applyEdit answers with an error
    response = { applied: false, failureReason: error instanceof Error ? error.message : String(error) };
  }
  if (!response.applied)
    connection.console.warn(`${APPLY_ALL_FIXES_COMMAND}: the client did not apply the edit${response.failureReason ? ` (${response.failureReason})` : ''}.`);
  return {
    status: response.applied ? 'applied' : 'rejected',
    fixes: response.applied ? fixed.applied : 0,
    suggestionsLeft: response.applied ? verdict.suggestionsLeft : before.findings.filter((f) => leftSuggestion(f, scope)).length,
  };
}

/** The workspace folders' URIs: asked from the client when it can answer, else those of `initialize`. */
async function workspaceFolders(): Promise<string[]> {
  if (hasWorkspaceFoldersCapability) {
    try {
      const folders = await connection.workspace.getWorkspaceFolders();
      if (folders) return folders.map((f) => f.uri);
    } catch (error) {
      logError('workspace/workspaceFolders', error);
    }
  }
  return initialFolders;
}

const workspaceCheck = new WorkspaceCheck({
  folders: workspaceFolders,
  settingsFor,
  configFor,
  openText: (file) => openTextOf(file),
  ready: () => grammarReady,
  contextOf,
  publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }).catch((error: unknown) => logError('publishDiagnostics', error)),
});

/**
 * `neonAuth.checkWorkspaceFiles`: checks every `*.sql` file of the workspace folders, with work-done
 * progress (the request's `workDoneToken`, else one the server creates, cancellable) and a summary
 * message at the end. Cancelling the request (or the progress) stops it between files.
 */
async function checkWorkspace(params: ExecuteCommandParams, token: CancellationToken): Promise<WorkspaceCheckResult> {
  let progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  let progressCancelled: CancellationToken | undefined;
  if (params.workDoneToken === undefined && hasWorkDoneProgressCapability) {
    const created = await connection.window.createWorkDoneProgress();
    progress = created;
    progressCancelled = created.token;
  }
  const result = await workspaceCheck.run(progress, () => token.isCancellationRequested || progressCancelled?.isCancellationRequested === true);
  showMessage(result.status === 'done' ? MessageType.Info : MessageType.Warning, result.message);
  return result;
}

/**
 * `neonAuth.snippetsFor { uri }`: the snippets of the document's generation (`snippetGeneration`);
 * for a document the server does not have open, those of the setting for its URI, else of
 * `NEW_PROJECT_GENERATION`. Throws InvalidParams without a `uri` string.
 */
async function snippetsCommand(params: ExecuteCommandParams): Promise<SnippetsResult> {
  const arg: unknown = params.arguments?.[0];
  const uri = arg !== null && typeof arg === 'object' ? (arg as { uri?: unknown }).uri : undefined;
  if (typeof uri !== 'string')
    throw new ResponseError(ErrorCodes.InvalidParams, `${SNIPPETS_COMMAND} expects { uri: string }, got ${shownArguments(params.arguments)}`);
  const settings = await settingsFor(uri);
  await grammarReady;
  const document = documents.get(uri);
  const forced = documentOptions(settings, configFor(uri), 'sql').authSchema;
  const generation = document ? snippetGeneration(uri, settings, document) : forced === 'legacy' || forced === 'current' ? forced : NEW_PROJECT_GENERATION;
  return {
    generation,
    snippets: snippetsFor(snippets, generation).map((s) => ({
      prefix: s.prefix,
      name: s.name,
      body: s.body,
      rendered: renderSnippet(s.body),
      description: s.description,
    })),
  };
}

/**
 * `neonAuth.planMigrationToCurrent [{ folders? }]`: the plan of the move to the current Neon Auth
 * (see `lsp/migrationPlan.ts`), with work-done progress on the request's `workDoneToken`; cancelling
 * the request stops it between files (answered `cancelled`).
 */
async function planMigration(params: ExecuteCommandParams, token: CancellationToken): Promise<MigrationPlanResult> {
  const folders = readMigrationPlanArgs(params.arguments);
  if (folders === null)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `${PLAN_MIGRATION_COMMAND} expects no argument or { folders: string[] } (folder URIs), got ${shownArguments(params.arguments)}`,
    );
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  return planMigrationCommand(
    {
      folders: workspaceFolders,
      configOf: (folder) => configFor(pathToFileURL(path.join(folder, CONFIG_FILE_NAME)).href),
      openText: (file) => openTextOf(file),
      ready: () => grammarReady,
      pause: yieldToEventLoop,
    },
    folders,
    progress,
    () => token.isCancellationRequested || shutdownReceived,
  );
}

connection.onRequest(
  ExecuteCommandRequest.type,
  guard(
    'workspace/executeCommand',
    null as ApplyAllFixesResult | WorkspaceCheckResult | MigrationPlanResult | SnippetsResult | null,
    async (params: ExecuteCommandParams, token) => {
      if (typeof params?.command !== 'string') {
        throw new ResponseError(ErrorCodes.InvalidParams, 'workspace/executeCommand expects params { command: string, arguments?: any[] }');
      }
      switch (params.command) {
        case APPLY_ALL_FIXES_COMMAND:
          return applyAllFixes(params, token);
        case CHECK_WORKSPACE_COMMAND:
          return checkWorkspace(params, token);
        case PLAN_MIGRATION_COMMAND:
          return planMigration(params, token);
        case SNIPPETS_COMMAND:
          return snippetsCommand(params);
        default:
          throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
      }
    },
  ),
);

documents.listen(connection);
connection.listen();
