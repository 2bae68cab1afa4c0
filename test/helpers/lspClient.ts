/**
 * A minimal LSP client for protocol tests: spawns the bundled server (`dist/server.js`) over
 * stdio or Node IPC and speaks JSON-RPC through vscode-languageserver-protocol.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditRequest,
  CancellationToken,
  ClientCapabilities,
  CodeAction,
  CodeActionParams,
  CodeActionRequest,
  Command,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  ConfigurationParams,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  FileEvent,
  Hover,
  HoverRequest,
  IPCMessageReader,
  IPCMessageWriter,
  InitializeRequest,
  InitializeResult,
  InitializedNotification,
  LogMessageNotification,
  Message,
  MessageReader,
  MessageType,
  MessageWriter,
  Position,
  ProgressToken,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Registration,
  RegistrationRequest,
  ResponseMessage,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkDoneProgressBegin,
  WorkDoneProgressCreateRequest,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
  WorkspaceFolder,
  WorkspaceFoldersRequest,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The repository root: the nearest ancestor with package.json (works from test/ and out/test/). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${from}`);
    dir = parent;
  }
}

export const SERVER_PATH = path.join(repoRoot(), 'dist', 'server.js');

/** Capabilities of a typical editor client (VS Code-like) that supports `workspace/configuration`. */
export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: false },
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { didSave: false, dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      dataSupport: true,
      isPreferredSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
  },
};

export type Transport = 'stdio' | 'ipc';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class LspTestClient {
  /** Every publishDiagnostics notification received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** `window/logMessage` and `window/showMessage` texts and server stderr lines. */
  readonly logs: { type: MessageType | 'stderr'; message: string }[] = [];
  /** `neonAuth/status` notifications received, in order. */
  readonly statuses: { uri: string; version: number; ms: number; rulesActive: number; statements: number; rejected: number; skipped?: string }[] = [];
  /** `workspace/configuration` requests received. */
  readonly configurationRequests: ConfigurationParams[] = [];
  /** Settings answered for section `neonAuth` of documents without their own settings. */
  defaultSettings: Record<string, unknown> = { debounceMs: 0 };
  /** How long to wait before answering `workspace/configuration`. */
  configurationDelayMs = 0;
  /** `workspace/applyEdit` requests received, in order; each is answered `{ applied: applyEditAnswer }`. */
  readonly applyEditRequests: ApplyWorkspaceEditParams[] = [];
  applyEditAnswer = true;
  /** Tokens of the `window/workDoneProgress/create` requests received. */
  readonly progressCreated: ProgressToken[] = [];
  /** `$/progress` notifications received, in order. */
  readonly progress: { token: ProgressToken; value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd }[] = [];
  /** The workspace folders sent in `initialize` and answered to `workspace/workspaceFolders`. */
  workspaceFolders: WorkspaceFolder[] | null = null;
  /** `client/registerCapability` registrations received, in order (each is answered with success). */
  readonly registrations: Registration[] = [];
  private readonly settingsByUri = new Map<string, Record<string, unknown>>();
  private readonly listeners = new Set<() => void>();
  private readonly rawPending = new Map<string, (response: ResponseMessage) => void>();
  private rawCounter = 0;
  private exitCode: number | null | undefined;
  private readonly exited: Promise<number | null>;
  readonly connection: ProtocolConnection;

  private constructor(
    readonly process: ChildProcess,
    reader: MessageReader,
    private readonly writer: MessageWriter,
  ) {
    // Answers to `sendRaw` go to their caller, not to the connection (which does not know their ids).
    const tapped: MessageReader = {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      listen: (callback) =>
        reader.listen((message: Message) => {
          const id = (message as ResponseMessage).id;
          const pending = typeof id === 'string' ? this.rawPending.get(id) : undefined;
          if (pending && !('method' in message)) {
            this.rawPending.delete(id as string);
            pending(message as ResponseMessage);
            return;
          }
          callback(message);
        }),
      dispose: () => reader.dispose(),
    };
    const connection = createProtocolConnection(tapped, writer);
    this.connection = connection;
    this.exited = new Promise((resolve) =>
      process.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
    process.stderr?.setEncoding('utf8');
    process.stderr?.on('data', (chunk: string) => this.logs.push({ type: 'stderr', message: chunk }));

    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const listener of [...this.listeners]) listener();
    });
    connection.onNotification('neonAuth/status', (p: LspTestClient['statuses'][number]) => {
      this.statuses.push(p);
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push({ type: p.type, message: p.message });
    });
    connection.onNotification(ShowMessageNotification.type, (p) => {
      this.logs.push({ type: p.type, message: p.message });
    });
    connection.onRequest(ConfigurationRequest.type, async (params) => {
      this.configurationRequests.push(params);
      if (this.configurationDelayMs > 0) await sleep(this.configurationDelayMs);
      return params.items.map((item) =>
        item.section === 'neonAuth' ? (item.scopeUri && this.settingsByUri.get(item.scopeUri)) || this.defaultSettings : null,
      );
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      for (const listener of [...this.listeners]) listener();
    });
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.applyEditRequests.push(params);
      return { applied: this.applyEditAnswer };
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.progressCreated.push(params.token);
    });
    connection.onNotification('$/progress', (p: LspTestClient['progress'][number]) => {
      this.progress.push(p);
    });
    connection.onRequest(WorkspaceFoldersRequest.type, () => this.workspaceFolders);
    connection.listen();
  }

  /** Starts `node dist/server.js --stdio` (or `--node-ipc`). */
  static start(transport: Transport = 'stdio'): LspTestClient {
    if (!fs.existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`npm run build\` first`);
    if (transport === 'stdio') {
      const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      return new LspTestClient(child, new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    }
    const child = fork(SERVER_PATH, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    return new LspTestClient(child, new IPCMessageReader(child), new IPCMessageWriter(child));
  }

  /** `initialize` (with these workspace folders) then `initialized`. */
  async initialize(capabilities: ClientCapabilities = CLIENT_CAPABILITIES, workspaceFolders: WorkspaceFolder[] | null = null): Promise<InitializeResult> {
    this.workspaceFolders = workspaceFolders;
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Settings answered for section `neonAuth` with this `scopeUri`. */
  setSettings(uri: string, settings: Record<string, unknown>): void {
    this.settingsByUri.set(uri, settings);
  }

  async changeConfiguration(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  async open(uri: string, text: string, version = 1, languageId = 'sql'): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version, text },
    });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
  }

  /** `workspace/didChangeWatchedFiles` with these events. */
  async changeWatchedFiles(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /**
   * Sends a request exactly as given (`params` may be null or absent, which the typed
   * `sendRequest` cannot send) through the connection's writer; resolves with the raw response.
   */
  async sendRaw(method: string, params?: unknown): Promise<ResponseMessage> {
    const id = `raw-${++this.rawCounter}`;
    const answered = new Promise<ResponseMessage>((resolve) => this.rawPending.set(id, resolve));
    const message = params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
    await this.writer.write(message as Message);
    return answered;
  }

  /**
   * Sends a request whose params are JSON text, written to the server's standard input as they are
   * (stdio only): params `JSON.stringify` cannot write, nested thousands of levels deep. Resolves
   * with the raw response.
   */
  async sendRawText(method: string, paramsJson: string): Promise<ResponseMessage> {
    const id = `raw-${++this.rawCounter}`;
    const answered = new Promise<ResponseMessage>((resolve) => this.rawPending.set(id, resolve));
    const body = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":${JSON.stringify(method)},"params":${paramsJson}}`;
    await new Promise<void>((resolve, reject) =>
      this.process.stdin!.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`, (error) => (error ? reject(error) : resolve())),
    );
    return answered;
  }

  /** Resolves with the first value `find` returns that is not undefined, checked after each publishDiagnostics or registration. */
  waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = find();
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${what} within ${timeoutMs} ms; server log: ${this.logs.map((l) => l.message).join('\n') || '(empty)'}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  codeActions(params: CodeActionParams): Promise<(Command | CodeAction)[] | null> {
    return this.connection.sendRequest(CodeActionRequest.type, params);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** `textDocument/completion`; `triggerCharacter`: as when the client asks because that character was typed. */
  completion(uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[] | CompletionList | null> {
    const context = triggerCharacter === undefined ? undefined : { triggerKind: 2 as const, triggerCharacter };
    return this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, ...(context ? { context } : {}) });
  }

  /** `workspace/executeCommand`; cancelled through `token` when given. */
  executeCommand(command: string, args: unknown[] = [], token?: CancellationToken): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }, token);
  }

  /** Index into `published`, to wait only for notifications that arrive after this point. */
  mark(): number {
    return this.published.length;
  }

  /** Notifications for `uri` received since `since`. */
  publishedFor(uri: string, since = 0): PublishDiagnosticsParams[] {
    return this.published.slice(since).filter((p) => p.uri === uri);
  }

  /** The first publishDiagnostics for `uri` at or after index `since` that satisfies `accept`. */
  waitForDiagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    since = 0,
    timeoutMs = 5000,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.publishedFor(uri, since).find(accept);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const received = this.publishedFor(uri, since).map((p) => ({ version: p.version, diagnostics: p.diagnostics.length }));
        reject(
          new Error(
            `no matching publishDiagnostics for ${uri} within ${timeoutMs} ms; received ${JSON.stringify(received)}; ` +
              `server log: ${this.logs.map((l) => l.message).join('\n') || '(empty)'}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void check();
      this.listeners.add(listener);
      check();
    });
  }

  /** Resolves when the server has sent a log message of `type` whose text contains `fragment`. */
  async waitForLog(fragment: string, type: MessageType = MessageType.Error, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find((l) => l.type === type && l.message.includes(fragment));
      if (found) return found.message;
      if (Date.now() > deadline) throw new Error(`no log message containing "${fragment}"`);
      await sleep(20);
    }
  }

  /** `shutdown` then `exit`; resolves with the process exit code. */
  async shutdown(timeoutMs = 5000): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    return this.exit(timeoutMs);
  }

  /** `exit`; resolves with the process exit code. */
  async exit(timeoutMs = 5000): Promise<number | null> {
    await this.connection.sendNotification(ExitNotification.type);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`server did not exit within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the connection and, if the server is still running, kills it. */
  dispose(): void {
    this.connection.dispose();
    if (this.exitCode === undefined && this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }
}

/** Applies LSP text edits to a text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.sql', 'sql', 0, text), edits);
}

export { sleep };
