// A minimal LSP client for the benchmark: spawns `node dist/server.js --stdio`, speaks JSON-RPC
// with vscode-jsonrpc (through vscode-languageserver/node), answers workspace/configuration
// with the given neonAuth settings, and resolves a waiter when publishDiagnostics arrives for an
// exact (uri, version).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export async function startServer(root, settings, { timeoutMs = 60_000 } = {}) {
  const require = createRequire(path.join(root, 'package.json'));
  // vscode-languageserver (a devDependency) re-exports vscode-jsonrpc's Node transport.
  const rpc = require('vscode-languageserver/node');
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_SERVER_PROF] : []), path.join(root, 'dist/server.js'), '--stdio'],
    { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 10_000) stderr += d;
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));

  const waiters = new Map(); // `${uri}#${version}` -> { resolve, reject, timer }
  const latest = new Map(); // uri -> last publishDiagnostics params
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    latest.set(params.uri, params);
    const key = `${params.uri}#${params.version}`;
    const w = waiters.get(key);
    if (w) {
      waiters.delete(key);
      clearTimeout(w.timer);
      w.resolve({ at: performance.now(), params });
    }
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({ ...settings })));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => {});
  connection.onError(() => {});
  connection.listen();

  const waitDiagnostics = (uri, version) =>
    new Promise((resolve, reject) => {
      const key = `${uri}#${version}`;
      const timer = setTimeout(() => {
        waiters.delete(key);
        reject(new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms${stderr ? `; server stderr: ${stderr.slice(0, 500)}` : ''}`));
      }, timeoutMs);
      waiters.set(key, { resolve, reject, timer });
    });

  const withTimeout = (promise, what) =>
    Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);

  const init = await withTimeout(
    connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { dynamicRegistration: false } },
      },
    }),
    'initialize',
  );
  await connection.sendNotification('initialized', {});

  return {
    spawnedAt: t0,
    pid: child.pid,
    init,
    latest,
    /** Sends didOpen; resolves with { at, params } when its diagnostics arrive. */
    open(uri, text, version = 1, languageId = 'sql') {
      const wait = waitDiagnostics(uri, version);
      const sent = performance.now();
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
      return wait.then((r) => ({ ...r, sent }));
    },
    /** Sends one incremental didChange; resolves with { at, sent, params } when that version's diagnostics arrive. */
    change(uri, version, range, text) {
      const wait = waitDiagnostics(uri, version);
      const sent = performance.now();
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
      return wait.then((r) => ({ ...r, sent }));
    },
    close(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    request(method, params) {
      return withTimeout(connection.sendRequest(method, params), method);
    },
    /** shutdown + exit; kills the process if it has not exited within 5 s. */
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000).unref())]);
        await connection.sendNotification('exit');
      } catch {
        /* the process may already be gone */
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
}

/** LSP position (line, UTF-16 character) of a UTF-16 offset. */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
