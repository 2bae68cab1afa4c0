/**
 * LSP protocol tests: the bundled server (`dist/server.js`, built by `npm run build`) spawned over
 * stdio (and once over Node IPC), driven by a small JSON-RPC client.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodeAction,
  Command,
  CompletionItem,
  CompletionList,
  Diagnostic,
  MessageType,
  Range,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { fixAll, getRule, rules } from '../server/src/linter';
import { LspTestClient, applyTextEdits, sleep } from './helpers/lspClient';

const LEGACY_QUERY = `SELECT p.title, u.name
FROM posts p
JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE u.deleted_at IS NULL;
`;

const FIXED_QUERY = `SELECT p.title, u.name
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE u.deleted_at IS NULL;
`;

/** The `JOIN` keyword on line 2. */
const JOIN_RANGE: Range = { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } };

const TIMEOUT = { timeout: 20_000 };

let client: LspTestClient;
let documentCounter = 0;
const newUri = (name: string) => `file:///workspace/${++documentCounter}-${name}.sql`;

before(async () => {
  client = LspTestClient.start('stdio');
  await client.initialize();
});

after(() => client?.dispose());

/** Error messages the server logged so far (failed handlers, a throwing core), for assertion messages. */
function serverErrors(): string {
  return client.logs
    .filter((l) => l.type === MessageType.Error || l.type === 'stderr')
    .map((l) => l.message.split('\n').slice(0, 3).join('\n'))
    .join('\n');
}

function asActions(result: (Command | CodeAction)[] | null): CodeAction[] {
  assert.ok(Array.isArray(result), 'codeAction answers a list');
  for (const a of result) assert.ok(!('command' in a && typeof a.command === 'string'), 'code actions are CodeAction literals, not bare Commands');
  return result as CodeAction[];
}

function items(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  if (!result) return [];
  return Array.isArray(result) ? result : result.items;
}

function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `action "${action.title}" edits ${uri}`);
  assert.equal(Object.keys(action.edit!.changes!).length, 1, 'the edit touches only the document');
  return edits;
}

/** Opens the legacy query and returns its single published diagnostic. */
async function openLegacyQuery(uri: string, settings: Record<string, unknown> = { debounceMs: 0 }): Promise<Diagnostic> {
  client.setSettings(uri, settings);
  await client.open(uri, LEGACY_QUERY, 1);
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  assert.equal(
    published.diagnostics.length,
    1,
    `expected one diagnostic, got ${JSON.stringify(published.diagnostics)}; server errors: ${serverErrors() || '(none)'}`,
  );
  return published.diagnostics[0];
}

test('initialize advertises incremental sync, quick fix and fixAll code actions, hover and completion', TIMEOUT, async () => {
  const other = LspTestClient.start('stdio');
  try {
    const result = await other.initialize();
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(result.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.neonAuth'],
      resolveProvider: false,
    });
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(result.capabilities.completionProvider, { resolveProvider: false });
    assert.equal(result.serverInfo?.name, 'neon-auth-sql');
    assert.equal(await other.shutdown(), 0);
  } finally {
    other.dispose();
  }
});

test('publishes one prefer-left-join warning on the JOIN keyword of an inner join to users_sync', TIMEOUT, async () => {
  const uri = newUri('publish');
  const d = await openLegacyQuery(uri);
  assert.equal(d.code, 'prefer-left-join');
  assert.equal(d.source, 'neon-auth');
  assert.equal(d.severity, 2);
  assert.deepEqual(d.range, JOIN_RANGE);
  const rule = getRule('prefer-left-join');
  assert.ok(rule, 'prefer-left-join is a registered rule');
  assert.deepEqual(d.codeDescription, { href: rule.docsUrl });
  assert.equal(typeof d.message, 'string');
  assert.notEqual(d.message, '');

  const data = d.data as { version: number; fixes: { title: string; isPreferred: boolean; edits: TextEdit[] }[] };
  assert.equal(data.version, 1);
  assert.equal(data.fixes[0].title, 'Change to LEFT JOIN');
  assert.equal(data.fixes[0].isPreferred, true);
  assert.equal(applyTextEdits(LEGACY_QUERY, data.fixes[0].edits), FIXED_QUERY);
  await client.close(uri);
});

test('offers Change to LEFT JOIN as the preferred quick fix, and applying it clears the diagnostics', TIMEOUT, async () => {
  const uri = newUri('quickfix');
  const d = await openLegacyQuery(uri);

  const actions = asActions(
    await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } }),
  );
  const fix = actions[0];
  assert.equal(fix.title, 'Change to LEFT JOIN');
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(fix.diagnostics, [d]);
  const edits = editsFor(fix, uri);
  assert.equal(applyTextEdits(LEGACY_QUERY, edits), FIXED_QUERY);

  // Then, in this order: disable for the line, disable for the file, the documentation, last.
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred === true]),
    [
      ['Change to LEFT JOIN', true],
      ['Disable prefer-left-join for this line', false],
      ['Disable prefer-left-join for the entire file', false],
      ['Show documentation for prefer-left-join', false],
    ],
  );
  assert.equal(
    applyTextEdits(LEGACY_QUERY, editsFor(actions[1], uri)),
    LEGACY_QUERY.replace('ON u.id = p.author_id\n', 'ON u.id = p.author_id -- neon-auth-ignore prefer-left-join\n'),
  );
  assert.equal(applyTextEdits(LEGACY_QUERY, editsFor(actions[2], uri)), `-- neon-auth-ignore-file prefer-left-join\n${LEGACY_QUERY}`);
  const docs = actions[actions.length - 1];
  assert.equal(docs.title, 'Show documentation for prefer-left-join');
  assert.deepEqual(docs.command, {
    title: 'Show documentation for prefer-left-join',
    command: 'neonAuth.showRuleDocumentation',
    arguments: ['prefer-left-join'],
  });
  assert.equal(docs.edit, undefined);

  // Apply the edit as an editor would: an incremental didChange with the same edits, last first.
  const since = client.mark();
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  await client.change(uri, 2, sorted.map((e) => ({ range: e.range, text: e.newText })));
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
  assert.deepEqual(published.diagnostics, []);
  await client.close(uri);
});

test('source.fixAll.neonAuth applies exactly the safe fixes as one full-document edit, and only when asked for', TIMEOUT, async () => {
  const uri = newUri('fixall');
  const d = await openLegacyQuery(uri);

  const fixAllActions = asActions(
    await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [], only: ['source.fixAll.neonAuth'] } }),
  );
  const expected = fixAll(LEGACY_QUERY, {}, true).text;
  if (expected === LEGACY_QUERY) {
    assert.deepEqual(fixAllActions, [], 'nothing safe to fix: no action');
  } else {
    assert.equal(fixAllActions.length, 1);
    assert.equal(fixAllActions[0].kind, 'source.fixAll.neonAuth');
    const edits = editsFor(fixAllActions[0], uri);
    assert.deepEqual(edits.map((e) => e.range), [{ start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }]);
    assert.equal(applyTextEdits(LEGACY_QUERY, edits), expected);
  }
  // A parent kind (`source`) asks for it too; the quick fixes are not source actions.
  const sourceActions = asActions(
    await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['source'] } }),
  );
  assert.deepEqual(sourceActions, fixAllActions);
  // Without `only`, the light bulb gets the quick fixes and no fix-all.
  const plain = asActions(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }));
  assert.ok(plain.length > 0);
  assert.ok(plain.every((a) => a.kind === 'quickfix'), JSON.stringify(plain.map((a) => a.kind)));
  await client.close(uri);
});

test('recomputes a quick fix from a fresh lint when the diagnostic belongs to an older version, never applying stale edits', TIMEOUT, async () => {
  const uri = newUri('stale');
  const d = await openLegacyQuery(uri);
  // Version 2 inserts a line above: the old edit ranges (line 2) would now hit the wrong text.
  const since = client.mark();
  await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '-- posts with authors\n' }]);
  await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
  const text2 = '-- posts with authors\n' + LEGACY_QUERY;

  // The editor moved the marker down one line but still holds the version 1 data.
  const moved: Diagnostic = { ...d, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } } };
  const actions = asActions(
    await client.codeActions({ textDocument: { uri }, range: moved.range, context: { diagnostics: [moved] } }),
  );
  assert.equal(actions[0].title, 'Change to LEFT JOIN');
  assert.equal(applyTextEdits(text2, editsFor(actions[0], uri)), '-- posts with authors\n' + FIXED_QUERY);

  // A stale diagnostic that matches no current finding gets no fix at all.
  const stale = asActions(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }));
  assert.deepEqual(
    stale.map((a) => a.title),
    ['Disable prefer-left-join for this line', 'Disable prefer-left-join for the entire file', 'Show documentation for prefer-left-join'],
  );
  await client.close(uri);
});

test('offers "Fix all <rule> problems in this file" after the line action when a rule has several fixable problems', TIMEOUT, async () => {
  const uri = newUri('fixall-rule');
  const text = `${LEGACY_QUERY}${LEGACY_QUERY}`;
  client.setSettings(uri, { debounceMs: 0 });
  await client.open(uri, text, 1);
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  assert.equal(published.diagnostics.length, 2);
  const d = published.diagnostics[0];
  const actions = asActions(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }));
  assert.deepEqual(actions.map((a) => a.title), [
    'Change to LEFT JOIN',
    'Disable prefer-left-join for this line',
    'Fix all prefer-left-join problems in this file',
    'Disable prefer-left-join for the entire file',
    'Show documentation for prefer-left-join',
  ]);
  assert.equal(applyTextEdits(text, editsFor(actions[2], uri)), `${FIXED_QUERY}${FIXED_QUERY}`);
  await client.close(uri);
});

test('reports each check in a neonAuth/status notification: time, active rules, statements not parsed', TIMEOUT, async () => {
  const uri = newUri('status');
  const text = `${LEGACY_QUERY}SELECT FROM neon_auth.users_sync WHERE AND;\n`;
  client.setSettings(uri, { debounceMs: 0, rules: { 'prefer-left-join': 'off' } });
  await client.open(uri, text, 1);
  await client.waitForDiagnostics(uri, (p) => p.version === 1);
  await sleep(50);
  const status = client.statuses.filter((s) => s.uri === uri).at(-1);
  assert.ok(status, 'a status notification for the document');
  assert.equal(status.version, 1);
  assert.equal(status.statements, 2);
  assert.equal(status.rejected, 1);
  assert.equal(status.rulesActive, rules.length - 1);
  assert.ok(status.ms >= 0 && status.ms < 10_000, `time ${status.ms} ms`);
  await client.close(uri);
});

test('ignores diagnostics of other sources when building code actions', TIMEOUT, async () => {
  const uri = newUri('foreign');
  const d = await openLegacyQuery(uri);
  const foreign: Diagnostic = { ...d, source: 'sqlfluff', code: 'prefer-left-join' };
  const none = asActions(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [foreign] } }));
  assert.deepEqual(none, []);

  const mixed = asActions(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [foreign, d] } }));
  assert.ok(mixed.length > 0);
  for (const action of mixed) assert.deepEqual(action.diagnostics, [d]);
  await client.close(uri);
});

test('clears diagnostics on close and answers requests for a closed or unknown document with empty results', TIMEOUT, async () => {
  const uri = newUri('closed');
  await client.open(uri, LEGACY_QUERY, 1);
  await client.waitForDiagnostics(uri, (p) => p.version === 1);
  const d: Diagnostic = { range: JOIN_RANGE, severity: 2, code: 'prefer-left-join', source: 'neon-auth', message: 'm', data: { version: 1, fixes: [] } };
  const since = client.mark();
  await client.close(uri);
  const cleared = await client.waitForDiagnostics(uri, () => true, since);
  assert.deepEqual(cleared.diagnostics, []);

  assert.deepEqual(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }), []);
  assert.equal(await client.hover(uri, { line: 2, character: 17 }), null);
  assert.deepEqual(items(await client.completion(uri, { line: 0, character: 0 })), []);
  const unknown = newUri('never-opened');
  assert.deepEqual(await client.codeActions({ textDocument: { uri: unknown }, range: d.range, context: { diagnostics: [] } }), []);
  assert.equal(await client.hover(unknown, { line: 0, character: 0 }), null);
});

test('a request that throws inside the server is logged and answered empty, and the server keeps serving', TIMEOUT, async () => {
  const uri = newUri('malformed');
  await client.open(uri, LEGACY_QUERY, 1);
  // `context.diagnostics` must be a list: iterating null throws inside the handler.
  const answer = await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: JOIN_RANGE,
    context: { diagnostics: null },
  });
  assert.deepEqual(answer, []);
  const logged = await client.waitForLog('textDocument/codeAction failed', MessageType.Error);
  assert.match(logged, /TypeError/);

  const hover = await client.hover(uri, { line: 2, character: 17 });
  assert.ok(hover, 'the server still answers');
  await client.close(uri);
});

test('hover over users_sync explains the legacy table and its TEXT id in markdown', TIMEOUT, async () => {
  const uri = newUri('hover');
  await client.open(uri, LEGACY_QUERY, 1);
  const hover = await client.hover(uri, { line: 2, character: 17 });
  assert.ok(hover, 'a hover is returned');
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  assert.match(contents.value, /users_sync/);
  assert.match(contents.value, /\bTEXT\b/);
  assert.ok(hover.range, 'the hover has a range');
  assert.equal(hover.range.start.line, 2);
  assert.equal(hover.range.end.line, 2);
  assert.ok(hover.range.start.character <= 15 && hover.range.end.character >= 25, `range ${JSON.stringify(hover.range)} covers users_sync (2:15-2:25)`);
  await client.close(uri);
});

test('completion right after REFERENCES offers users_sync(id) with ON DELETE CASCADE and with SET NULL', TIMEOUT, async () => {
  const uri = newUri('complete-references');
  const text = 'CREATE TABLE t (user_id TEXT REFERENCES ';
  await client.open(uri, text);
  const list = items(await client.completion(uri, { line: 0, character: text.length }));
  assert.deepEqual(
    list.map((i) => i.insertText),
    ['neon_auth.users_sync(id) ON DELETE CASCADE', 'neon_auth.users_sync(id) ON DELETE SET NULL'],
  );
  const cursor = { line: 0, character: text.length };
  for (const item of list) {
    assert.deepEqual(item.textEdit, { range: { start: cursor, end: cursor }, newText: item.insertText });
    assert.equal((item.documentation as { kind: string }).kind, 'markdown');
  }
  await client.close(uri);
});

test('completion at a column definition offers the two user foreign key column snippets', TIMEOUT, async () => {
  const uri = newUri('complete-column');
  const text = 'CREATE TABLE todos (\n  id bigint PRIMARY KEY,\n  ';
  await client.open(uri, text);
  const list = items(await client.completion(uri, { line: 2, character: 2 }));
  assert.equal(list.length, 2, JSON.stringify(list.map((i) => i.label)));
  const actions = list.map((i) => /ON DELETE (CASCADE|SET NULL)/.exec(i.insertText ?? '')?.[1]);
  assert.deepEqual(actions, ['CASCADE', 'SET NULL']);
  for (const item of list) {
    assert.match(String(item.label), /^neon-fk/);
    assert.equal(item.kind, 15); // Snippet
    assert.equal(item.insertTextFormat, 2); // Snippet
    assert.match(item.insertText ?? '', /REFERENCES neon_auth\.users_sync\(id\)/);
    const doc = item.documentation as { kind: string; value: string };
    assert.equal(doc.kind, 'markdown');
    assert.match(doc.value, /```sql\n[\s\S]*REFERENCES neon_auth\.users_sync\(id\)/);
  }
  await client.close(uri);
});

test('completion at the start of a statement offers the LEFT JOIN query and the CREATE TABLE snippets', TIMEOUT, async () => {
  const uri = newUri('complete-statement');
  await client.open(uri, '');
  const list = items(await client.completion(uri, { line: 0, character: 0 }));
  assert.equal(list.length, 2, JSON.stringify(list.map((i) => i.label)));
  assert.deepEqual(
    list.map((i) => /^(SELECT|CREATE TABLE)\b/.exec(i.insertText ?? '')?.[1]),
    ['SELECT', 'CREATE TABLE'],
  );
  for (const item of list) {
    assert.equal(item.kind, 15);
    assert.equal(item.insertTextFormat, 2);
  }
  await client.close(uri);
});

test('the neonAuth.rules setting turning prefer-left-join off removes the diagnostic', TIMEOUT, async () => {
  const uri = newUri('rules-off');
  await openLegacyQuery(uri);
  const requestsBefore = client.configurationRequests.length;
  client.setSettings(uri, { debounceMs: 0, rules: { 'prefer-left-join': 'off' } });
  const since = client.mark();
  await client.changeConfiguration({ neonAuth: { debounceMs: 0, rules: { 'prefer-left-join': 'off' } } });
  const published = await client.waitForDiagnostics(uri, () => true, since);
  assert.equal(published.version, 1);
  assert.deepEqual(published.diagnostics, []);
  assert.ok(client.configurationRequests.length > requestsBefore, 'the settings were read again');
  await client.close(uri);
});

test('the neonAuth.rules setting changes the severity of a rule', TIMEOUT, async () => {
  const uri = newUri('rules-error');
  const d = await openLegacyQuery(uri, { debounceMs: 0, rules: { 'prefer-left-join': 'error' } });
  assert.equal(d.code, 'prefer-left-join');
  assert.equal(d.severity, 1);
  await client.close(uri);
});

test('neonAuth.enable false clears the diagnostics', TIMEOUT, async () => {
  const uri = newUri('disabled');
  await openLegacyQuery(uri);
  client.setSettings(uri, { enable: false, debounceMs: 0 });
  const since = client.mark();
  await client.changeConfiguration();
  const published = await client.waitForDiagnostics(uri, () => true, since);
  assert.deepEqual(published.diagnostics, []);
  await client.close(uri);
});

test('a rapid burst of 20 changes ends with diagnostics for the final version only', TIMEOUT, async () => {
  const uri = newUri('burst');
  await openLegacyQuery(uri, { debounceMs: 50 });
  const since = client.mark();
  let text = LEGACY_QUERY;
  for (let version = 2; version <= 21; version++) {
    const line = text.split('\n').length - 1;
    const added = `-- edit ${version}\n`;
    await client.change(uri, version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: added }]);
    text += added;
  }
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 21, since);
  assert.equal(published.diagnostics.length, 1);
  assert.deepEqual(published.diagnostics[0].range, JOIN_RANGE);
  await sleep(300); // longer than the debounce: anything stale would have arrived by now
  assert.deepEqual(client.publishedFor(uri, since).map((p) => p.version), [21]);
  await client.close(uri);
});

test('changes that arrive while the settings are still being read publish only the final version', TIMEOUT, async () => {
  const uri = newUri('burst-pending-settings');
  client.setSettings(uri, { debounceMs: 0 });
  client.configurationDelayMs = 150;
  try {
    const since = client.mark();
    await client.open(uri, LEGACY_QUERY, 1);
    for (let version = 2; version <= 21; version++) {
      await client.change(uri, version, [{ text: version % 2 === 0 ? FIXED_QUERY : LEGACY_QUERY }]);
    }
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 21, since);
    assert.equal(published.diagnostics.length, 1); // version 21 is the legacy query again
    await sleep(300);
    assert.deepEqual(client.publishedFor(uri, since).map((p) => p.version), [21]);
  } finally {
    client.configurationDelayMs = 0;
  }
  await client.close(uri);
});

test('without workspace/configuration, settings pushed by didChangeConfiguration apply', TIMEOUT, async () => {
  const other = LspTestClient.start('stdio');
  try {
    await other.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } } });
    const uri = newUri('pushed-settings');
    await other.changeConfiguration({ neonAuth: { debounceMs: 0 } });
    await other.open(uri, LEGACY_QUERY, 1);
    const first = await other.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['prefer-left-join']);
    const since = other.mark();
    await other.changeConfiguration({ neonAuth: { debounceMs: 0, rules: { 'prefer-left-join': 'off' } } });
    const second = await other.waitForDiagnostics(uri, () => true, since);
    assert.deepEqual(second.diagnostics, []);
    assert.equal(other.configurationRequests.length, 0, 'no workspace/configuration request to a client without it');
    assert.equal(await other.shutdown(), 0);
  } finally {
    other.dispose();
  }
});

test('the server also works over Node IPC', TIMEOUT, async () => {
  const other = LspTestClient.start('ipc');
  try {
    const result = await other.initialize();
    assert.equal(result.capabilities.hoverProvider, true);
    const uri = newUri('ipc');
    await other.open(uri, LEGACY_QUERY, 1);
    const published = await other.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range]), [['prefer-left-join', JOIN_RANGE]]);
    assert.equal(await other.shutdown(), 0);
  } finally {
    other.dispose();
  }
});

test('ranges are 0-based UTF-16 positions on CRLF text with tabs and non-ASCII before the finding', TIMEOUT, async () => {
  const uri = newUri('crlf');
  const text = '-- résumé 😀\r\nSELECT p.title\r\nFROM posts p\r\n\t/* 😀 */ JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\r\n';
  client.setSettings(uri, { debounceMs: 0 });
  await client.open(uri, text, 1);
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range]),
    [['prefer-left-join', { start: { line: 3, character: 10 }, end: { line: 3, character: 14 } }]],
  );
  const fixed = applyTextEdits(text, (published.diagnostics[0].data as { fixes: { edits: TextEdit[] }[] }).fixes[0].edits);
  assert.equal(fixed, text.replace('*/ JOIN', '*/ LEFT JOIN'));
});

test('a document over neonAuth.maxFileSizeMb gets one information diagnostic instead of a check', TIMEOUT, async () => {
  const uri = newUri('large');
  const text = `SELECT email FROM neon_auth.users_sync;\n${'-- padding\n'.repeat(12_000)}`;
  client.setSettings(uri, { debounceMs: 0, maxFileSizeMb: 0.1 });
  await client.open(uri, text, 1);
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.severity, d.range]),
    [['file-skipped', 3, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]],
  );
  assert.match(String(published.diagnostics[0].message), /over the 0\.1 MB limit/);
});

test('shuts down and exits with code 0 on shutdown then exit', TIMEOUT, async () => {
  assert.equal(await client.shutdown(), 0);
});
