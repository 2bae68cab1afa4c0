/**
 * LSP protocol tests: the bundled server (`dist/server.js`, built by `npm run build`) spawned over
 * stdio (and once over Node IPC), driven by a small JSON-RPC client.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  CodeAction,
  Command,
  CompletionItem,
  CompletionList,
  CodeActionRequest,
  Diagnostic,
  ExecuteCommandRequest,
  FileChangeType,
  MessageType,
  Range,
  ShutdownRequest,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { fixAll, getRule, rules } from '../server/src/linter';
import { CLIENT_CAPABILITIES, LspTestClient, applyTextEdits, sleep } from './helpers/lspClient';

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
function serverErrors(since = 0): string {
  return client.logs
    .slice(since)
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
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepEqual(result.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.neonAuth'],
      resolveProvider: false,
    });
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(result.capabilities.completionProvider, { resolveProvider: false, triggerCharacters: [' ', ','] });
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

  const data = d.data as { version: number; messageId: string; fixes: { title: string; isPreferred: boolean; edits: TextEdit[] }[] };
  assert.equal(data.version, 1);
  assert.equal(data.messageId, 'innerJoin');
  assert.equal(data.fixes[0].title, 'Change to LEFT JOIN');
  assert.equal(data.fixes[0].isPreferred, true);
  assert.equal(applyTextEdits(LEGACY_QUERY, data.fixes[0].edits), FIXED_QUERY);
  await client.close(uri);
});

test('offers Change to LEFT JOIN as the preferred quick fix, and applying it clears the diagnostics', TIMEOUT, async () => {
  const uri = newUri('quickfix');
  const d = await openLegacyQuery(uri);

  const actions = asActions(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } }));
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
  await client.change(
    uri,
    2,
    sorted.map((e) => ({ range: e.range, text: e.newText })),
  );
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
  assert.deepEqual(published.diagnostics, []);
  await client.close(uri);
});

test(
  'a didChange range past the end, reversed or with a negative character is read as TextDocument.offsetAt reads it; later positions stay whole',
  TIMEOUT,
  async () => {
    const uri = newUri('badrange');
    const fresh = newUri('badrange-fresh');
    client.setSettings(uri, { debounceMs: 0 });
    client.setSettings(fresh, { debounceMs: 0 });
    const text = 'SELECT id FROM neon_auth.users_sync;\nSELECT email FROM neon_auth.users_sync;\n';
    await client.open(uri, text, 1);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(
      first.diagnostics.map((d) => [d.code, d.range]),
      [
        ['require-deleted-at-filter', { start: { line: 0, character: 15 }, end: { line: 0, character: 35 } }],
        ['require-deleted-at-filter', { start: { line: 1, character: 18 }, end: { line: 1, character: 38 } }],
      ],
    );
    // Lines 5 to 6 of a 3-line text: the end of the text (TextDocument.update alone would leave holes in its line table).
    let since = client.mark();
    await client.change(uri, 2, [{ range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: '\n' }]);
    const second = await client.waitForDiagnostics(uri, (p) => p.version === 2, since);
    assert.deepEqual(
      second.diagnostics.map((d) => d.range),
      first.diagnostics.map((d) => d.range),
    );
    // A range given end first, and a negative character (the line's start): `SELECT id` replaced.
    since = client.mark();
    await client.change(uri, 3, [
      { range: { start: { line: 0, character: 9 }, end: { line: 0, character: -4 } }, text: 'SELECT id, name' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' },
    ]);
    const third = await client.waitForDiagnostics(uri, (p) => p.version === 3, since);
    const expected = '\nSELECT id, name FROM neon_auth.users_sync;\nSELECT email FROM neon_auth.users_sync;\n\n';
    await client.open(fresh, expected, 1);
    const reference = await client.waitForDiagnostics(fresh, (p) => p.version === 1);
    assert.deepEqual(
      third.diagnostics.map((d) => [d.code, d.range]),
      reference.diagnostics.map((d) => [d.code, d.range]),
    );
    assert.deepEqual(
      third.diagnostics.map((d) => d.range.start),
      [
        { line: 1, character: 21 },
        { line: 2, character: 18 },
      ],
    );
    await client.close(uri);
    await client.close(fresh);
  },
);

test('source.fixAll.neonAuth applies exactly the safe fixes, one edit per changed line, and only when asked for', TIMEOUT, async () => {
  const uri = newUri('fixall');
  client.setSettings(uri, { debounceMs: 0 });
  // Two safe fixes (the dotted names) far apart (the inner join stays: its WHERE needs a user anyway).
  const text = `SELECT * FROM "neon_auth.users_sync";\n-- unrelated\nSELECT 1;\nSELECT p.id FROM posts p JOIN "neon_auth.users_sync" u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n`;
  await client.open(uri, text, 1);
  const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  const d = published.diagnostics[0];
  assert.deepEqual(
    published.diagnostics.map((x) => x.code),
    ['no-quoted-dotted-name', 'no-quoted-dotted-name'],
  );
  const fixAllActions = asActions(
    await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [], only: ['source.fixAll.neonAuth'] } }),
  );
  assert.equal(fixAllActions.length, 1);
  assert.equal(fixAllActions[0].kind, 'source.fixAll.neonAuth');
  const edits = editsFor(fixAllActions[0], uri);
  // Only the characters that change: the cursor, folding and markers elsewhere stay where they are.
  assert.deepEqual(edits, [
    { range: { start: { line: 0, character: 24 }, end: { line: 0, character: 25 } }, newText: '"."' },
    { range: { start: { line: 3, character: 40 }, end: { line: 3, character: 41 } }, newText: '"."' },
  ]);
  assert.equal(applyTextEdits(text, edits), text.replaceAll('"neon_auth.users_sync"', '"neon_auth"."users_sync"'));
  assert.equal(applyTextEdits(text, edits), fixAll(text, {}, true).text);
  // A parent kind (`source`) asks for it too; the quick fixes are not source actions.
  const sourceActions = asActions(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['source'] } }));
  assert.deepEqual(sourceActions, fixAllActions);
  // Without `only`, the light bulb gets the quick fixes and no fix-all.
  const plain = asActions(await client.codeActions({ textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }));
  assert.ok(plain.length > 0);
  assert.ok(
    plain.every((a) => a.kind === 'quickfix'),
    JSON.stringify(plain.map((a) => a.kind)),
  );
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
  const actions = asActions(await client.codeActions({ textDocument: { uri }, range: moved.range, context: { diagnostics: [moved] } }));
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
  assert.deepEqual(
    actions.map((a) => a.title),
    [
      'Change to LEFT JOIN',
      'Disable prefer-left-join for this line',
      'Fix all prefer-left-join problems in this file',
      'Disable prefer-left-join for the entire file',
      'Show documentation for prefer-left-join',
    ],
  );
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

test('with neonAuth.run onSave, an edit is checked only when the document is saved', TIMEOUT, async () => {
  const uri = newUri('run-on-save');
  client.setSettings(uri, { debounceMs: 0, run: 'onSave' });
  await client.open(uri, LEGACY_QUERY, 1);
  const opened = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(
    opened.diagnostics.map((d) => d.code),
    ['prefer-left-join'],
  );
  await client.change(uri, 2, [{ text: FIXED_QUERY }]);
  await sleep(300);
  assert.equal(client.published.filter((p) => p.uri === uri && p.version === 2).length, 0, 'no check while typing');
  await client.save(uri);
  const saved = await client.waitForDiagnostics(uri, (p) => p.version === 2);
  assert.deepEqual(saved.diagnostics, []);
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

test('hover over an unqualified users_sync and its column follows the search path the document sets, as the diagnostics do', TIMEOUT, async () => {
  const uri = newUri('hover-search-path');
  const text = 'SET search_path TO neon_auth, public;\nSELECT users_sync.email FROM users_sync;\n';
  await client.open(uri, text, 1);
  const table = await client.hover(uri, { line: 1, character: 32 });
  assert.ok(table, 'a hover on the table');
  assert.match((table.contents as { value: string }).value, /^\*\*neon_auth\.users_sync\*\* \(legacy Neon Auth\)/);
  assert.deepEqual(table.range, { start: { line: 1, character: 29 }, end: { line: 1, character: 39 } });
  const column = await client.hover(uri, { line: 1, character: 20 });
  assert.ok(column, 'a hover on the column');
  assert.match((column.contents as { value: string }).value, /^\*\*neon_auth\.users_sync\.email\*\*: `text`, nullable/);
  // without the SET: the app's own table, nothing to say
  await client.change(uri, 2, [{ text: text.replace('neon_auth, ', '') }]);
  assert.equal(await client.hover(uri, { line: 1, character: 21 }), null);
  await client.close(uri);
});

test(
  'completion right after REFERENCES in a file that names no user table offers the current neon_auth."user"(id) (what new projects get) with CASCADE and with SET NULL',
  TIMEOUT,
  async () => {
    const uri = newUri('complete-references');
    const text = 'CREATE TABLE t (user_id UUID REFERENCES ';
    await client.open(uri, text);
    const list = items(await client.completion(uri, { line: 0, character: text.length }));
    assert.deepEqual(
      list.map((i) => [i.insertText, i.detail]),
      [
        ['neon_auth."user"(id) ON DELETE CASCADE', 'Neon Auth user; rows are deleted with the user'],
        ['neon_auth."user"(id) ON DELETE SET NULL', 'Neon Auth user; the column becomes NULL when the user is deleted'],
      ],
    );
    const cursor = { line: 0, character: text.length };
    for (const item of list) {
      assert.deepEqual(item.textEdit, { range: { start: cursor, end: cursor }, newText: item.insertText });
      assert.equal((item.documentation as { kind: string }).kind, 'markdown');
    }
    await client.close(uri);
  },
);

test('completion right after REFERENCES in a file that uses users_sync offers the legacy users_sync(id) targets', TIMEOUT, async () => {
  const uri = newUri('complete-references-legacy');
  const text = 'SELECT name FROM neon_auth.users_sync;\nCREATE TABLE t (user_id TEXT REFERENCES ';
  await client.open(uri, text);
  const list = items(await client.completion(uri, { line: 1, character: 40 }));
  assert.deepEqual(
    list.map((i) => i.insertText),
    ['neon_auth.users_sync(id) ON DELETE CASCADE', 'neon_auth.users_sync(id) ON DELETE SET NULL'],
  );
  await client.close(uri);
});

test('completion at a column definition offers the two user foreign key column snippets of the generation the file uses', TIMEOUT, async () => {
  for (const [generation, text, target] of [
    [
      'legacy',
      'SELECT 1 FROM neon_auth.users_sync;\nCREATE TABLE todos (\n  id bigint PRIMARY KEY,\n  ',
      /\bTEXT (NOT NULL )?REFERENCES neon_auth\.users_sync\(id\)/,
    ],
    ['current', 'SELECT 1 FROM neon_auth."user";\nCREATE TABLE todos (\n  id bigint PRIMARY KEY,\n  ', /\bUUID (NOT NULL )?REFERENCES neon_auth\."user"\(id\)/],
  ] as const) {
    const uri = newUri(`complete-column-${generation}`);
    await client.open(uri, text);
    const list = items(await client.completion(uri, { line: 3, character: 2 }));
    assert.deepEqual(
      list.map((i) => i.label),
      ['neon-fk-cascade', 'neon-fk-set-null'],
      generation,
    );
    const actions = list.map((i) => /ON DELETE (CASCADE|SET NULL)/.exec(i.insertText ?? '')?.[1]);
    assert.deepEqual(actions, ['CASCADE', 'SET NULL']);
    for (const item of list) {
      assert.equal(item.kind, 15); // Snippet
      assert.equal(item.insertTextFormat, 2); // Snippet
      assert.match(item.insertText ?? '', target);
      const doc = item.documentation as { kind: string; value: string };
      assert.equal(doc.kind, 'markdown');
      assert.match(doc.value, new RegExp('```sql\\n[\\s\\S]*' + target.source));
    }
    await client.close(uri);
  }
});

test(
  'completion follows neonAuth.authSchema over the file: current offers neon_auth."user" snippets in a file that uses users_sync, legacy the reverse',
  TIMEOUT,
  async () => {
    for (const [authSchema, text, expected] of [
      ['current', 'SELECT 1 FROM neon_auth.users_sync;\n', 'LEFT JOIN neon_auth."user" AS u ON u.id = ${1:posts}.${2:author_id};$0'],
      ['legacy', 'SELECT 1 FROM neon_auth."user";\n', 'LEFT JOIN neon_auth.users_sync AS u ON u.id = ${1:posts}.${2:author_id}\nWHERE u.deleted_at IS NULL;$0'],
    ] as const) {
      const uri = newUri(`complete-setting-${authSchema}`);
      client.setSettings(uri, { debounceMs: 0, authSchema });
      await client.open(uri, text);
      const list = items(await client.completion(uri, { line: 1, character: 0 }));
      assert.deepEqual(
        list.map((i) => i.label),
        ['neon-left-join', 'neon-create-table'],
      );
      assert.ok(list[0].insertText?.endsWith(expected), `${authSchema}: ${list[0].insertText}`);
      await client.close(uri);
    }
  },
);

test('completion after a typed prefix with hyphens (neon-fk) still offers the column snippets, replacing the whole prefix', TIMEOUT, async () => {
  const uri = newUri('complete-hyphen');
  const text = 'CREATE TABLE todos (\n  id bigint PRIMARY KEY,\n  neon-fk';
  await client.open(uri, text);
  const list = items(await client.completion(uri, { line: 2, character: 9 }));
  assert.deepEqual(
    list.map((i) => i.label),
    ['neon-fk-cascade', 'neon-fk-set-null'],
  );
  for (const item of list) {
    assert.deepEqual(item.textEdit, { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 9 } }, newText: item.insertText });
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

test(
  'neonAuth.snippetsFor answers the generation and its snippets: detected in the document, forced by the setting, current for a document not open',
  TIMEOUT,
  async () => {
    const uri = newUri('snippets-for');
    client.setSettings(uri, { debounceMs: 0 });
    await client.open(uri, 'SELECT 1 FROM neon_auth.users_sync;\n');
    const legacy = (await client.executeCommand('neonAuth.snippetsFor', [{ uri }])) as {
      generation: string;
      snippets: { prefix: string; name: string; body: string; rendered: string }[];
    };
    assert.equal(legacy.generation, 'legacy');
    assert.deepEqual(
      legacy.snippets.map((s) => s.prefix),
      ['neon-fk-cascade', 'neon-fk-set-null', 'neon-left-join', 'neon-create-table'],
    );
    assert.deepEqual(legacy.snippets[0], {
      prefix: 'neon-fk-cascade',
      name: 'Neon Auth: user FK column, ON DELETE CASCADE (personal data), legacy users_sync',
      body: '${1:user_id} TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE$0',
      rendered: 'user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE',
      description:
        'Column referencing neon_auth.users_sync(id) (legacy Neon Auth) for personal data (todos, preferences): NOT NULL, rows are deleted with the user. TEXT because users_sync.id is TEXT.',
    });
    await client.close(uri);

    const forced = newUri('snippets-for-forced');
    client.setSettings(forced, { debounceMs: 0, authSchema: 'current' });
    await client.open(forced, 'SELECT 1 FROM neon_auth.users_sync;\n');
    const current = (await client.executeCommand('neonAuth.snippetsFor', [{ uri: forced }])) as { generation: string; snippets: { rendered: string }[] };
    assert.equal(current.generation, 'current');
    assert.equal(current.snippets[1].rendered, 'author_id UUID REFERENCES neon_auth."user"(id) ON DELETE SET NULL');
    await client.close(forced);

    const closed = (await client.executeCommand('neonAuth.snippetsFor', [{ uri: newUri('snippets-for-closed') }])) as { generation: string };
    assert.equal(closed.generation, 'current');
  },
);

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
  assert.deepEqual(
    client.publishedFor(uri, since).map((p) => p.version),
    [21],
  );
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
    assert.deepEqual(
      client.publishedFor(uri, since).map((p) => p.version),
      [21],
    );
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
    assert.deepEqual(
      first.diagnostics.map((d) => d.code),
      ['prefer-left-join'],
    );
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
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range]),
      [['prefer-left-join', JOIN_RANGE]],
    );
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

// ---------------------------------------------------------------------------------------------
// Commands, suppression comments, cancellation

/** Two passes: the quoted dotted name is split first, then the join, the filter and the key are fixed. */
const MULTI_FIX = `SELECT p.title FROM posts p JOIN "neon_auth.users_sync" u ON u.id = p.author_id;
CREATE TABLE todos (user_id text NOT NULL REFERENCES neon_auth.users_sync(id));
`;
const MULTI_FIXED = `SELECT p.title FROM posts p LEFT JOIN "neon_auth"."users_sync" u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
CREATE TABLE todos (user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
`;

test(
  'initialize declares the neonAuth.applyAllFixes, neonAuth.checkWorkspaceFiles, neonAuth.planMigrationToCurrent and neonAuth.snippetsFor commands',
  TIMEOUT,
  async () => {
    const other = LspTestClient.start('stdio');
    try {
      const result = await other.initialize();
      assert.deepEqual(result.capabilities.executeCommandProvider, {
        commands: ['neonAuth.applyAllFixes', 'neonAuth.checkWorkspaceFiles', 'neonAuth.planMigrationToCurrent', 'neonAuth.snippetsFor'],
      });
      assert.equal(await other.shutdown(), 0);
    } finally {
      other.dispose();
    }
  },
);

test(
  'neonAuth.applyAllFixes applies the safe fixes and counts the suggestions it left; with unsafe, every preferred fix, as one versioned workspace/applyEdit',
  TIMEOUT,
  async () => {
    const uri = newUri('apply-all');
    client.setSettings(uri, { debounceMs: 0 });
    await client.open(uri, MULTI_FIX, 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const before = client.applyEditRequests.length;
    // Safe only (the default): the dotted name split; the join, the filter and the ON DELETE are choices.
    const safe = await client.executeCommand('neonAuth.applyAllFixes', [{ uri, version: 1 }]);
    assert.deepEqual(safe, { status: 'applied', fixes: 1, suggestionsLeft: 3 });
    const safeEdits = (client.applyEditRequests[before].edit.documentChanges as { edits: TextEdit[] }[])[0].edits;
    assert.equal(applyTextEdits(MULTI_FIX, safeEdits), MULTI_FIX.replace('"neon_auth.users_sync"', '"neon_auth"."users_sync"'));
    const result = await client.executeCommand('neonAuth.applyAllFixes', [{ uri, version: 1, unsafe: true }]);
    assert.deepEqual(result, { status: 'applied', fixes: 4, suggestionsLeft: 0 });
    const requests = client.applyEditRequests.slice(before + 1);
    assert.equal(requests.length, 1, 'one applyEdit request: one undo step');
    assert.equal(requests[0].label, 'Fix all Neon Auth problems');
    const changes = requests[0].edit.documentChanges as { textDocument: { uri: string; version: number }; edits: TextEdit[] }[];
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0].textDocument, { uri, version: 1 });
    // One edit from the first change to the last: the text around it is untouched.
    assert.deepEqual(
      changes[0].edits.map((e) => e.range),
      [{ start: { line: 0, character: 28 }, end: { line: 1, character: 77 } }],
    );
    assert.equal(applyTextEdits(MULTI_FIX, changes[0].edits), MULTI_FIXED);
    await client.close(uri);
  },
);

test('neonAuth.applyAllFixes never overrides an ON DELETE RESTRICT the author wrote, even with unsafe', TIMEOUT, async () => {
  const uri = newUri('apply-all-restrict');
  client.setSettings(uri, { debounceMs: 0 });
  const text = 'CREATE TABLE invoices (id serial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE RESTRICT);\n';
  await client.open(uri, text, 1);
  assert.deepEqual(
    (await client.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics.map((d) => d.code),
    ['require-on-delete'],
  );
  const before = client.applyEditRequests.length;
  assert.deepEqual(await client.executeCommand('neonAuth.applyAllFixes', [{ uri, version: 1, unsafe: true }]), {
    status: 'unchanged',
    fixes: 0,
    suggestionsLeft: 0,
  });
  assert.equal(client.applyEditRequests.length, before, 'no applyEdit request');
  await client.close(uri);
});

test('neonAuth.applyAllFixes keeps "Add … to WHERE" in the WHERE when the comma join becomes a LEFT JOIN in the same run (issue 17)', TIMEOUT, async () => {
  const uri = newUri('apply-all-comma');
  const sql = `SELECT p.title, u.name FROM posts p, neon_auth.users_sync u WHERE u.id = p.author_id;\n`;
  client.setSettings(uri, { debounceMs: 0 });
  await client.open(uri, sql, 1);
  await client.waitForDiagnostics(uri, (p) => p.version === 1);
  const before = client.applyEditRequests.length;
  assert.deepEqual(await client.executeCommand('neonAuth.applyAllFixes', [{ uri, version: 1, unsafe: true }]), {
    status: 'applied',
    fixes: 2,
    suggestionsLeft: 0,
  });
  const changes = client.applyEditRequests.slice(before)[0].edit.documentChanges as { edits: TextEdit[] }[];
  assert.equal(
    applyTextEdits(sql, changes[0].edits),
    `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;\n`,
  );
  await client.close(uri);
});

test('malformed command arguments and unknown commands get an InvalidParams error', TIMEOUT, async () => {
  for (const [command, args] of [
    ['neonAuth.applyAllFixes', [{ uri: 42 }]],
    ['neonAuth.applyAllFixes', []],
    ['neonAuth.applyAllFixes', [{ uri: 'file:///x.sql', version: 1, unsafe: 'yes' }]],
    ['neonAuth.snippetsFor', [{ uri: 42 }]],
    ['neonAuth.noSuchCommand', []],
  ] as const) {
    await assert.rejects(client.executeCommand(command, [...args]), (e: { code?: number; message?: string }) => {
      assert.equal(e.code, -32602, `${command} ${JSON.stringify(args)}`);
      assert.match(
        e.message ?? '',
        command === 'neonAuth.noSuchCommand'
          ? /^unknown command neonAuth\.noSuchCommand$/
          : command === 'neonAuth.snippetsFor'
            ? /^neonAuth\.snippetsFor expects \{ uri: string \}, got \[\{"uri":42\}\]$/
            : /^neonAuth\.applyAllFixes expects one argument \{ uri, version, unsafe\? \}/,
      );
      return true;
    });
  }
});

test('neonAuth.applyAllFixes for an older version applies nothing and tells the user', TIMEOUT, async () => {
  const uri = newUri('apply-all-stale');
  client.setSettings(uri, { debounceMs: 0 });
  await client.open(uri, MULTI_FIX, 3);
  const before = client.applyEditRequests.length;
  const logsBefore = client.logs.length;
  assert.deepEqual(await client.executeCommand('neonAuth.applyAllFixes', [{ uri, version: 2 }]), { status: 'stale', fixes: 0 });
  assert.deepEqual(await client.executeCommand('neonAuth.applyAllFixes', [{ uri: newUri('not-open'), version: 1 }]), { status: 'notOpen', fixes: 0 });
  assert.equal(client.applyEditRequests.length, before, 'no applyEdit request');
  assert.deepEqual(client.logs.slice(logsBefore), [
    {
      type: MessageType.Warning,
      message: 'Neon Auth: the document changed (version 3, the fixes were asked for version 2); no fix was applied. Run the command again.',
    },
  ]);
  await client.close(uri);
});

test('a fix-all code action request cancelled while it waits answers no action; the same request uncancelled answers the fix', TIMEOUT, async () => {
  const uri = newUri('fixall-cancel');
  const text = 'SELECT * FROM "neon_auth.users_sync";\n';
  client.setSettings(uri, { debounceMs: 0 });
  client.configurationDelayMs = 300;
  try {
    await client.open(uri, text, 1); // its settings are being read for 300 ms
    const params = {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.neonAuth'] },
    };
    const source = new CancellationTokenSource();
    const cancelled = client.connection.sendRequest(CodeActionRequest.type, params, source.token);
    await sleep(30);
    source.cancel();
    assert.deepEqual(await cancelled, []);
    const actions = asActions(await client.codeActions(params));
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Fix all safe Neon Auth problems'],
    );
    assert.equal(applyTextEdits(text, editsFor(actions[0], uri)), 'SELECT * FROM "neon_auth"."users_sync";\n');
  } finally {
    client.configurationDelayMs = 0;
  }
  await client.close(uri);
});

test('a typed blank or comma asks for rule ids in a neon-auth-ignore comment, and for nothing in SQL', TIMEOUT, async () => {
  const uri = newUri('complete-trigger');
  const line = '-- neon-auth-ignore prefer-left-join, ';
  const sql = 'CREATE TABLE t (user_id TEXT REFERENCES ';
  await client.open(uri, `${line}\n${sql}\n`);
  const inComment = items(await client.completion(uri, { line: 0, character: line.length }, ' '));
  assert.deepEqual(
    inComment.map((i) => i.label),
    [...rules.map((r) => r.id).filter((id) => id !== 'prefer-left-join'), 'parse-error'],
  );
  assert.deepEqual(items(await client.completion(uri, { line: 1, character: sql.length }, ' ')), []);
  // invoked (Ctrl+Space) at the same place: the snippets
  assert.equal(items(await client.completion(uri, { line: 1, character: sql.length })).length, 2);
});

test('completion in a neon-auth-ignore comment after a comma offers the rule ids not named yet, with their descriptions', TIMEOUT, async () => {
  const uri = newUri('complete-ignore');
  const line = '-- neon-auth-ignore prefer-left-join, req';
  await client.open(uri, `${line}\nSELECT 1;\n`);
  const list = items(await client.completion(uri, { line: 0, character: line.length }));
  assert.deepEqual(
    list.map((i) => i.label),
    [...rules.map((r) => r.id).filter((id) => id !== 'prefer-left-join'), 'parse-error'],
  );
  const rule = getRule('require-deleted-at-filter');
  assert.ok(rule);
  assert.deepEqual(list[0], {
    label: 'require-deleted-at-filter',
    kind: 12, // Value
    detail: 'default severity: warning',
    documentation: { kind: 'markdown', value: `${rule.description}\n\n[Documentation](${rule.docsUrl})` },
    insertText: 'require-deleted-at-filter',
    insertTextFormat: 1,
    textEdit: { range: { start: { line: 0, character: 38 }, end: { line: 0, character: 41 } }, newText: 'require-deleted-at-filter' },
    filterText: 'require-deleted-at-filter',
    sortText: '00',
  });
  // after the keyword and a blank: every id; in the reason: none
  const file = '-- neon-auth-ignore-file ';
  await client.change(uri, 2, [{ text: `${file}\n-- neon-auth-ignore prefer-left-join: because\n` }]);
  assert.equal(items(await client.completion(uri, { line: 0, character: file.length })).length, rules.length + 1);
  assert.deepEqual(items(await client.completion(uri, { line: 1, character: 44 })), []);
  await client.close(uri);
});

test('hover in a neon-auth-ignore comment: the rule id shows its description, severity and docs; the keyword its syntax', TIMEOUT, async () => {
  const uri = newUri('hover-ignore');
  await client.open(uri, `-- neon-auth-ignore prefer-left-join: authors always exist\n${LEGACY_QUERY}`);
  const rule = getRule('prefer-left-join');
  assert.ok(rule);
  const onId = await client.hover(uri, { line: 0, character: 25 });
  assert.deepEqual(onId, {
    contents: { kind: 'markdown', value: `**prefer-left-join** (default severity: warning)\n\n${rule.description}\n\n[Documentation](${rule.docsUrl})` },
    range: { start: { line: 0, character: 20 }, end: { line: 0, character: 36 } },
  });
  const onKeyword = await client.hover(uri, { line: 0, character: 6 });
  assert.ok(onKeyword);
  assert.deepEqual(onKeyword.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 19 } });
  const value = (onKeyword.contents as { value: string }).value;
  assert.match(
    value,
    /^\*\*neon-auth-ignore\*\*: This comment silences the rules it names on what follows it: the rest of the statement it is in, or the next statement/,
  );
  assert.match(value, /-- neon-auth-ignore-file <rule-id>\[, <rule-id>\]: <reason>/);
  assert.equal(await client.hover(uri, { line: 0, character: 45 }), null, 'no hover on the reason');
  await client.close(uri);
});

test(
  'a TypeScript document: diagnostics inside its SQL template, hover on the table there, a disable comment in the host form, rule ids completed in a // comment; nothing outside the SQL',
  TIMEOUT,
  async () => {
    const uri = `file:///workspace/${++documentCounter}-queries.ts`;
    const text =
      "import { neon } from '@neondatabase/serverless';\nconst sql = neon(process.env.DATABASE_URL!);\nexport const find = (id: string) => sql`SELECT email FROM neon_auth.users_sync WHERE id = ${id}`;\n// neon-auth-ignore \n";
    await client.open(uri, text, 1, 'typescript');
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const range = { start: { line: 2, character: 58 }, end: { line: 2, character: 78 } };
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range]),
      [
        ['require-deleted-at-filter', range],
        ['unused-ignore', { start: { line: 3, character: 0 }, end: { line: 3, character: 20 } }], // the comment being typed
      ],
    );

    const hover = await client.hover(uri, { line: 2, character: 70 });
    assert.ok(hover);
    assert.match((hover.contents as { value: string }).value, /users_sync/);
    assert.equal(await client.hover(uri, { line: 1, character: 8 }), null, 'no hover on TypeScript code');

    const actions = (await client.codeActions({
      textDocument: { uri },
      range,
      context: { diagnostics: published.diagnostics.slice(0, 1), only: ['quickfix'] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title.startsWith('Disable require-deleted-at-filter for this line'));
    assert.ok(disable, actions.map((a) => a.title).join(', '));
    assert.deepEqual(disable.edit?.changes?.[uri], [
      { range: { start: { line: 2, character: 97 }, end: { line: 2, character: 97 } }, newText: ' // neon-auth-ignore require-deleted-at-filter' },
    ]);
    const fix = actions.find((a) => a.title.startsWith('Add neon_auth.users_sync.deleted_at IS NULL to WHERE'));
    assert.deepEqual(fix?.edit?.changes?.[uri], [
      { range: { start: { line: 2, character: 95 }, end: { line: 2, character: 95 } }, newText: ' AND neon_auth.users_sync.deleted_at IS NULL' },
    ]);

    const completion = items(await client.completion(uri, { line: 3, character: 20 }));
    assert.ok(
      completion.some((i) => i.label === 'prefer-left-join'),
      'rule ids in a // neon-auth-ignore comment',
    );
    assert.deepEqual(items(await client.completion(uri, { line: 1, character: 0 })), [], 'no SQL snippets in TypeScript code');
    await client.close(uri);
  },
);

test(
  'a .neon-auth.json whose ignore glob makes a backtracking matcher spin still gives diagnostics on didOpen, and hover answers (issue 17)',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-glob-')));
    const config = `{ "ignore": ["${'*a'.repeat(19)}*c", "+(a|aa)c"] }\n`;
    fs.writeFileSync(path.join(dir, '.neon-auth.json'), config);
    const file = path.join(dir, `${'a'.repeat(200)}.sql`);
    fs.writeFileSync(file, LEGACY_QUERY);
    const uri = pathToFileURL(file).toString();
    try {
      const since = client.mark();
      await client.open(uri, LEGACY_QUERY, 1);
      const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, since);
      assert.deepEqual(shapes(published.diagnostics), [['prefer-left-join', 2, 0, 2, 4]]);
      const hover = await client.hover(uri, { line: 2, character: 20 });
      assert.match((hover?.contents as { value: string }).value, /users_sync/);
      const configUri = pathToFileURL(path.join(dir, '.neon-auth.json')).toString();
      const problems = await client.waitForDiagnostics(configUri, () => true, since);
      assert.deepEqual(
        problems.diagnostics.map((d) => [d.code, d.severity, config.slice(d.range.start.character, d.range.end.character)]),
        [['config', 2, '"+(a|aa)c"']],
      );
      await client.close(uri);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'a .neon-auth.json nested thousands of levels deep gets its error, and the files under it are checked with the defaults (adversarial run: they got no diagnostics, the file none)',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-deep-')));
    fs.writeFileSync(path.join(dir, '.neon-auth.json'), `{"x":${'['.repeat(3000)}${']'.repeat(3000)}}\n`);
    const file = path.join(dir, 'q.sql');
    fs.writeFileSync(file, LEGACY_QUERY);
    const uri = pathToFileURL(file).toString();
    try {
      const since = client.mark();
      await client.open(uri, LEGACY_QUERY, 1);
      const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, since);
      assert.deepEqual(shapes(published.diagnostics), [['prefer-left-join', 2, 0, 2, 4]], serverErrors(since));
      const configUri = pathToFileURL(path.join(dir, '.neon-auth.json')).toString();
      const problems = await client.waitForDiagnostics(configUri, () => true, since);
      assert.deepEqual(
        problems.diagnostics.map((d) => [d.code, d.severity, d.message, d.range]),
        [
          [
            'config',
            1,
            '.neon-auth.json is nested deeper than 64 levels (defaults are used).',
            { start: { line: 0, character: 68 }, end: { line: 0, character: 69 } },
          ],
        ],
      );
      assert.equal(serverErrors(since), '');
      await client.close(uri);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'command arguments nested thousands of levels deep are InvalidParams, as other malformed ones (they were answered null, a RangeError logged)',
  TIMEOUT,
  async () => {
    const deep = `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`;
    const since = client.mark();
    for (const [command, expects] of [
      ['neonAuth.applyAllFixes', 'expects one argument { uri, version, unsafe? }'],
      ['neonAuth.snippetsFor', 'expects { uri: string }'],
      ['neonAuth.planMigrationToCurrent', 'expects no argument or { folders: string[] } (folder URIs)'],
    ]) {
      const response = await client.sendRawText('workspace/executeCommand', `{"command":"${command}","arguments":[{"folders":${deep}}]}`);
      assert.deepEqual(response.error, { code: -32602, message: `${command} ${expects}, got arguments nested too deeply to show` }, command);
    }
    assert.equal(serverErrors(since), '');
  },
);

/** A workspace folder with SQL files the check must find, and ones it must skip. */
function makeWorkspace(): { dir: string; a: string; b: string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-ws-')));
  const write = (rel: string, text: string): string => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const a = write('queries.sql', LEGACY_QUERY);
  const b = write('migrations/001_todos.sql', 'CREATE TABLE todos (user_id text NOT NULL REFERENCES neon_auth.users_sync(id));\n');
  write('node_modules/pkg/skipped.sql', LEGACY_QUERY);
  write('.cache/skipped.sql', LEGACY_QUERY);
  write('generated/skipped.sql', LEGACY_QUERY);
  write('.neon-auth.json', '{ "ignore": ["generated/**"] }\n');
  return { dir, a, b };
}

const shapes = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);

test('neonAuth.checkWorkspaceFiles publishes diagnostics for the SQL files of the workspace folders, with progress and a summary', TIMEOUT, async () => {
  const ws = makeWorkspace();
  const other = LspTestClient.start('stdio');
  try {
    await other.initialize(undefined, [{ uri: pathToFileURL(ws.dir).toString(), name: 'ws' }]);
    const result = await other.executeCommand('neonAuth.checkWorkspaceFiles');
    assert.deepEqual(result, {
      status: 'done',
      files: 2,
      total: 3,
      filesWithProblems: 2,
      errors: 0,
      warnings: 2,
      information: 0,
      hints: 0,
      message: 'Neon Auth checked 2 files: 2 warnings in 2 files.',
    });
    const uriA = pathToFileURL(ws.a).toString();
    const uriB = pathToFileURL(ws.b).toString();
    const a = await other.waitForDiagnostics(uriA);
    const b = await other.waitForDiagnostics(uriB);
    assert.deepEqual(shapes(a.diagnostics), [['prefer-left-join', 2, 0, 2, 4]]);
    assert.deepEqual(shapes(b.diagnostics), [['require-on-delete', 0, 42, 0, 77]]);
    const sqlPublished = other.published.filter((p) => p.uri.endsWith('.sql')).map((p) => p.uri);
    assert.deepEqual(sqlPublished.sort(), [uriB, uriA].sort(), 'nothing under node_modules, dot-folders or ignore globs');
    // progress: created by the server, begun cancellable, ended (the other progress is the migration index's)
    const checking = other.progress.find((p) => p.value.kind === 'begin' && p.value.title === 'Neon Auth: checking SQL files');
    assert.ok(checking && other.progressCreated.includes(checking.token));
    const kinds = other.progress.filter((p) => p.token === checking.token).map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.deepEqual(checking.value, {
      kind: 'begin',
      title: 'Neon Auth: checking SQL files',
      percentage: 0,
      message: 'looking for *.sql files',
      cancellable: true,
    });
    assert.ok(other.logs.some((l) => l.type === MessageType.Info && l.message === 'Neon Auth checked 2 files: 2 warnings in 2 files.'));

    // Opened, the file is checked as you type; closed, its workspace diagnostics come back instead of being cleared.
    let since = other.mark();
    await other.open(uriA, LEGACY_QUERY, 1);
    const live = await other.waitForDiagnostics(uriA, (p) => p.version === 1, since);
    assert.deepEqual(shapes(live.diagnostics), [['prefer-left-join', 2, 0, 2, 4]]);
    since = other.mark();
    await other.close(uriA);
    const kept = await other.waitForDiagnostics(uriA, () => true, since);
    assert.equal(kept.version, undefined);
    assert.deepEqual(shapes(kept.diagnostics), [['prefer-left-join', 2, 0, 2, 4]]);
    assert.deepEqual(kept.diagnostics, a.diagnostics);

    // A second check after the file is fixed on disk clears its diagnostics.
    fs.writeFileSync(ws.a, FIXED_QUERY);
    since = other.mark();
    const second = (await other.executeCommand('neonAuth.checkWorkspaceFiles')) as { message: string };
    assert.equal(second.message, 'Neon Auth checked 2 files: 1 warning in 1 file.');
    assert.deepEqual((await other.waitForDiagnostics(uriA, () => true, since)).diagnostics, []);

    // A settings change re-checks the closed files the check covers.
    since = other.mark();
    other.defaultSettings = { debounceMs: 0, rules: { 'require-on-delete': 'off' } };
    await other.changeConfiguration();
    assert.deepEqual((await other.waitForDiagnostics(uriB, () => true, since)).diagnostics, []);
    assert.equal(await other.shutdown(), 0);
  } finally {
    other.dispose();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

/** The app query the migration tests read: after the move, `owner_id` is uuid and `auth.user_id()` text; `"user"` has no `deleted_at`. */
const APP_QUERIES = `SELECT t.task
FROM todos t
WHERE t.owner_id = auth.user_id();
SELECT u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
`;

test(
  'neonAuth.planMigrationToCurrent plans the workspace folder: the SQL, the report, the queries that break (open buffers over the disk)',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-plan-')));
    fs.cpSync(path.join(__dirname, '..', '..', 'examples', 'migrations'), path.join(dir, 'migrations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'app.sql'), APP_QUERIES);
    fs.mkdirSync(path.join(dir, 'empty'));
    const other = LspTestClient.start('stdio');
    try {
      await other.initialize(undefined, [{ uri: pathToFileURL(dir).toString(), name: 'ws' }]);
      type Plan = {
        status: string;
        sql: string;
        columns: number;
        queries: number;
        target?: string;
        base?: string;
        message: string;
        report: Record<string, unknown>[];
      };
      const plan = (await other.executeCommand('neonAuth.planMigrationToCurrent')) as Plan;
      assert.equal(plan.status, 'planned');
      assert.equal(plan.columns, 4);
      assert.equal(plan.queries, 2);
      assert.equal(plan.base, dir);
      assert.equal(plan.target, pathToFileURL(path.join(dir, 'neon-auth-migration.sql')).href);
      assert.equal(plan.message, 'Neon Auth: migration planned: 4 columns to move, 3 items to review, 2 queries that break after the switch.');
      assert.match(plan.sql, /^-- Move this app from the legacy Neon Auth .*\n.*\n-- from the migration set in migrations\/\. Review it before you run it\.\n/);
      assert.ok(plan.sql.includes('--   app.sql:3 match-auth-uid-type\n--   app.sql:4 match-auth-schema\n--\n-- Run it on a Neon branch'));
      assert.ok(
        plan.sql.includes(
          '  ALTER TABLE public.todos ADD CONSTRAINT todos_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES neon_auth."user"(id) ON DELETE CASCADE;\n',
        ),
      );
      const migration = pathToFileURL(path.join(dir, 'migrations', '0001_create_todos_and_posts.sql')).href;
      const app = pathToFileURL(path.join(dir, 'app.sql')).href;
      assert.deepEqual(
        plan.report.map((r) => [r.severity, r.file, r.line, r.column, r.rule, r.uri]),
        [
          ['warning', 'migrations/0001_create_todos_and_posts.sql', 12, 27, undefined, migration],
          ['warning', 'migrations/0001_create_todos_and_posts.sql', 26, 74, undefined, migration],
          ['info', 'migrations/0001_create_todos_and_posts.sql', 35, 28, undefined, migration],
          ['warning', 'migrations/0001_create_todos_and_posts.sql', 42, 25, undefined, migration],
          ['warning', 'app.sql', 3, 20, 'match-auth-uid-type', app],
          ['warning', 'app.sql', 4, 21, 'match-auth-schema', app],
        ],
      );
      assert.equal(
        plan.report[4].message,
        'match-auth-uid-type: t.owner_id is uuid, but auth.user_id() returns text: Postgres has no operator comparing uuid with text and rejects the comparison (SQLSTATE 42883). Compare with auth.uid(), which returns uuid.',
      );

      // The editor's buffer is read, not the disk: two lines added above the queries move them down.
      await other.open(app, `-- edited\n\n${APP_QUERIES}`, 1);
      const edited = (await other.executeCommand('neonAuth.planMigrationToCurrent')) as Plan;
      assert.deepEqual(
        edited.report.filter((r) => r.rule !== undefined).map((r) => `${r.file}:${r.line} ${r.rule}`),
        ['app.sql:5 match-auth-uid-type', 'app.sql:6 match-auth-schema'],
      );

      // A folder with no migration set: no SQL, the reason (and the one-file route).
      const NO_SET_IN_EMPTY =
        'No migration set found in "empty". With no migration files (drizzle-kit push), dump the schema to one file and plan that: pg_dump --schema-only "$DATABASE_URL" > schema.sql, then neon-auth-lint migrate --to current schema.sql.';
      const none = (await other.executeCommand('neonAuth.planMigrationToCurrent', [{ folders: [pathToFileURL(path.join(dir, 'empty')).href] }])) as Plan;
      assert.deepEqual(
        { status: none.status, sql: none.sql, message: none.message, report: none.report },
        {
          status: 'failed',
          sql: '',
          message: `Neon Auth: ${NO_SET_IN_EMPTY}`,
          report: [{ severity: 'error', message: NO_SET_IN_EMPTY }],
        },
      );
      // An app on the current Neon Auth already: nothing to move, no error; a query that still names users_sync is listed.
      const current = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-plan-current-')));
      try {
        fs.mkdirSync(path.join(current, 'migrations'));
        fs.writeFileSync(
          path.join(current, 'migrations', '0001_init.sql'),
          'CREATE TABLE notes (owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE);\n',
        );
        fs.writeFileSync(path.join(current, 'names.sql'), 'SELECT name FROM neon_auth.users_sync;\n');
        const moved = (await other.executeCommand('neonAuth.planMigrationToCurrent', [{ folders: [pathToFileURL(current).href] }])) as Plan;
        const nothing =
          'No column of migrations references neon_auth.users_sync(id) with a foreign key (one column references neon_auth."user"(id) already): there is nothing to move.';
        assert.deepEqual(
          {
            status: moved.status,
            sql: moved.sql,
            queries: moved.queries,
            message: moved.message,
            report: moved.report.map((r) => `${r.severity} ${r.file ?? ''} ${r.rule ?? ''}`),
          },
          {
            status: 'nothingToMove',
            sql: '',
            queries: 1,
            message: `Neon Auth: ${nothing} One query still names the legacy table (see the report).`,
            report: ['info  ', 'warning names.sql match-auth-schema'],
          },
        );
      } finally {
        fs.rmSync(current, { recursive: true, force: true });
      }
      // A folder that is not on disk: nothing to plan.
      const remote = (await other.executeCommand('neonAuth.planMigrationToCurrent', [{ folders: ['vscode-vfs://github/x/y'] }])) as Plan;
      assert.equal(remote.status, 'noFolder');
      assert.equal(remote.message, 'Neon Auth: open a folder with your migrations to plan the move to the current Neon Auth.');
      // A malformed argument is refused.
      await assert.rejects(other.executeCommand('neonAuth.planMigrationToCurrent', [{ folders: 'x' }]), /expects no argument or \{ folders: string\[\] \}/);
      assert.equal(await other.shutdown(), 0);
    } finally {
      other.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('neonAuth.planMigrationToCurrent cancelled through its request answers cancelled, with no SQL', TIMEOUT, async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-plan-')));
  fs.cpSync(path.join(__dirname, '..', '..', 'examples', 'migrations'), path.join(dir, 'migrations'), { recursive: true });
  for (let i = 0; i < 100; i++) fs.writeFileSync(path.join(dir, `q${i}.sql`), APP_QUERIES);
  const other = LspTestClient.start('stdio');
  try {
    await other.initialize(undefined, [{ uri: pathToFileURL(dir).toString(), name: 'ws' }]);
    const source = new CancellationTokenSource();
    const running = other.executeCommand('neonAuth.planMigrationToCurrent', [], source.token);
    source.cancel();
    assert.deepEqual(await running, { status: 'cancelled', sql: '', report: [], columns: 0, queries: 0, message: 'Neon Auth: migration plan cancelled.' });
    // Not cancelled, the same workspace is planned whole.
    const whole = (await other.executeCommand('neonAuth.planMigrationToCurrent')) as { status: string; queries: number };
    assert.deepEqual([whole.status, whole.queries], ['planned', 200]);
    assert.equal(await other.shutdown(), 0);
  } finally {
    other.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('neonAuth.checkWorkspaceFiles cancelled through its request stops, publishes nothing and says so', TIMEOUT, async () => {
  const ws = makeWorkspace();
  const other = LspTestClient.start('stdio');
  try {
    await other.initialize(undefined, [{ uri: pathToFileURL(ws.dir).toString(), name: 'ws' }]);
    other.configurationDelayMs = 300; // the folder's settings are read first
    const source = new CancellationTokenSource();
    const running = other.executeCommand('neonAuth.checkWorkspaceFiles', [], source.token);
    await sleep(30);
    source.cancel();
    const result = (await running) as { status: string; files: number; message: string };
    assert.deepEqual(
      [result.status, result.files, result.message],
      ['cancelled', 0, 'Neon Auth: workspace check cancelled after 0 of 0 files: no problems so far.'],
    );
    assert.deepEqual(
      other.published.filter((p) => p.uri.endsWith('.sql')),
      [],
    );
    assert.ok(other.logs.some((l) => l.type === MessageType.Warning && l.message === result.message));
    assert.equal(await other.shutdown(), 0);
  } finally {
    other.dispose();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// Behaviour other editors rely on: watched .neon-auth.json, cancellation, malformed requests, shutdown

/** A client that lets the server register `workspace/didChangeWatchedFiles` (Neovim 0.11, VS Code). */
const WATCHING_CAPABILITIES = {
  ...CLIENT_CAPABILITIES,
  workspace: { ...CLIENT_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
};

const NO_WATCHER_LOG = 'The client cannot register workspace/didChangeWatchedFiles';

test(
  'a client that can register file watchers gets one for **/.neon-auth.json, and creating, changing and deleting the file re-checks open documents',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-watch-')));
    const other = LspTestClient.start('stdio');
    try {
      await other.initialize(WATCHING_CAPABILITIES, [{ uri: pathToFileURL(dir).toString(), name: 'ws' }]);
      const registration = await other.waitFor('didChangeWatchedFiles registration', () =>
        other.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'),
      );
      assert.deepEqual(registration.registerOptions, {
        watchers: [
          { globPattern: '**/.neon-auth.json' },
          { globPattern: '**/*.{ts,mts,cts,tsx,js,mjs,cjs,jsx}' },
          { globPattern: '**/{tsconfig,jsconfig,package}.json' },
          { globPattern: '**/*.sql' },
          { globPattern: '**/meta/_journal.json' },
        ],
      });
      assert.equal(other.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').length, 1);

      const file = path.join(dir, 'queries.sql');
      fs.writeFileSync(file, LEGACY_QUERY);
      const uri = pathToFileURL(file).toString();
      const configFile = path.join(dir, '.neon-auth.json');
      const configUri = pathToFileURL(configFile).toString();
      const severities = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.map((d) => [d.code, d.severity]);

      // No config file yet: the default warning (and "none found" is cached for the folder).
      await other.open(uri, LEGACY_QUERY, 1);
      assert.deepEqual(severities(await other.waitForDiagnostics(uri, (p) => p.version === 1)), [['prefer-left-join', 2]]);

      // Created: the rule is turned off.
      let since = other.mark();
      fs.writeFileSync(configFile, '{ "rules": { "prefer-left-join": "off" } }\n');
      await other.changeWatchedFiles([{ uri: configUri, type: FileChangeType.Created }]);
      assert.deepEqual(severities(await other.waitForDiagnostics(uri, () => true, since)), []);

      // Changed: the rule is an error.
      since = other.mark();
      fs.writeFileSync(configFile, '{ "rules": { "prefer-left-join": "error" } }\n');
      await other.changeWatchedFiles([{ uri: configUri, type: FileChangeType.Changed }]);
      assert.deepEqual(severities(await other.waitForDiagnostics(uri, () => true, since)), [['prefer-left-join', 1]]);

      // Deleted: back to the default.
      since = other.mark();
      fs.rmSync(configFile);
      await other.changeWatchedFiles([{ uri: configUri, type: FileChangeType.Deleted }]);
      assert.deepEqual(severities(await other.waitForDiagnostics(uri, () => true, since)), [['prefer-left-join', 2]]);

      assert.ok(!other.logs.some((l) => l.message.includes(NO_WATCHER_LOG)), 'nothing to say when the watcher is registered');
      assert.equal(await other.shutdown(), 0);
    } finally {
      other.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'a migration of a drizzle-kit set opened alone gets the findings its earlier migration causes, with related information; editing the earlier one in the editor re-checks it',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-sets-')));
    const INIT = 'CREATE TABLE "notes" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"owner_id" uuid\n);\n';
    const FK = 'ALTER TABLE "notes" ADD FOREIGN KEY ("owner_id") REFERENCES "neon_auth"."users_sync"("id") ON DELETE CASCADE;\n';
    fs.mkdirSync(path.join(dir, 'drizzle', 'meta'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'drizzle', 'meta', '_journal.json'),
      JSON.stringify({
        entries: [
          { idx: 0, tag: '0000_init' },
          { idx: 1, tag: '0001_fk' },
        ],
      }),
    );
    fs.writeFileSync(path.join(dir, 'drizzle', '0000_init.sql'), INIT);
    fs.writeFileSync(path.join(dir, 'drizzle', '0001_fk.sql'), FK);
    const initUri = pathToFileURL(path.join(dir, 'drizzle', '0000_init.sql')).toString();
    const fkUri = pathToFileURL(path.join(dir, 'drizzle', '0001_fk.sql')).toString();
    const other = LspTestClient.start('stdio');
    try {
      const capabilities = {
        ...CLIENT_CAPABILITIES,
        textDocument: {
          ...CLIENT_CAPABILITIES.textDocument,
          publishDiagnostics: { ...CLIENT_CAPABILITIES.textDocument!.publishDiagnostics, relatedInformation: true },
        },
      };
      await other.initialize(capabilities, [{ uri: pathToFileURL(dir).toString(), name: 'ws' }]);
      // The workspace check reads the same sets: the later file's finding, from disk.
      const checked = (await other.executeCommand('neonAuth.checkWorkspaceFiles')) as { errors: number; filesWithProblems: number };
      assert.deepEqual([checked.errors, checked.filesWithProblems], [1, 1]);
      const fromDisk = await other.waitForDiagnostics(fkUri);
      assert.deepEqual(
        fromDisk.diagnostics.map((d) => [d.code, d.relatedInformation?.map((r) => r.location.uri)]),
        [['match-user-id-type', [initUri]]],
      );
      await other.open(fkUri, FK, 1);
      const first = await other.waitForDiagnostics(fkUri, (p) => p.version === 1);
      assert.deepEqual(
        first.diagnostics.map((d) => [d.code, d.range, d.relatedInformation]),
        [
          [
            'match-user-id-type',
            { start: { line: 0, character: 37 }, end: { line: 0, character: 47 } },
            [
              {
                location: { uri: initUri, range: { start: { line: 2, character: 12 }, end: { line: 2, character: 16 } } },
                message: 'owner_id is declared uuid here',
              },
            ],
          ],
        ],
      );
      assert.match(String(first.diagnostics[0].message), /^Column owner_id is uuid \(drizzle\/0000_init\.sql:3\)/);

      // The earlier migration opened and edited (not saved): the later one is checked against the buffer.
      await other.open(initUri, INIT, 1);
      const since = other.mark();
      await other.change(initUri, 2, [{ text: INIT.replace('uuid', 'text') }]);
      // (Opening it may re-check the later one first, still against uuid: the last word is the edit's.)
      assert.deepEqual((await other.waitForDiagnostics(fkUri, (p) => p.diagnostics.length === 0, since)).diagnostics, []);
      assert.equal(await other.shutdown(), 0);
    } finally {
      other.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
test(
  'a new migration of a legacy set: snippets and neonAuth.snippetsFor follow the set\'s generation, and a key to neon_auth."user" is reported naming the earlier migration',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-gen-')));
    fs.mkdirSync(path.join(dir, 'migrations'));
    fs.writeFileSync(
      path.join(dir, 'migrations', '001_init.sql'),
      'CREATE TABLE todos (id serial PRIMARY KEY,\n  user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);\n',
    );
    fs.writeFileSync(path.join(dir, 'migrations', '002_new.sql'), '');
    const initUri = pathToFileURL(path.join(dir, 'migrations', '001_init.sql')).toString();
    const uri = pathToFileURL(path.join(dir, 'migrations', '002_new.sql')).toString();
    const other = LspTestClient.start('stdio');
    try {
      await other.initialize(
        {
          ...CLIENT_CAPABILITIES,
          textDocument: {
            ...CLIENT_CAPABILITIES.textDocument,
            publishDiagnostics: { ...CLIENT_CAPABILITIES.textDocument!.publishDiagnostics, relatedInformation: true },
          },
        },
        [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
      );
      other.setSettings(uri, { debounceMs: 0 });
      // The new file, saved empty: the snippets of the set's (legacy) generation.
      await other.open(uri, '', 1);
      assert.deepEqual((await other.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics, []);
      const atStart = items(await other.completion(uri, { line: 0, character: 0 }));
      assert.deepEqual(
        atStart.map((i) => [i.label, /\$\{2:user_id\} \w+ NOT NULL REFERENCES [^ ]+/.exec(i.insertText ?? '')?.[0]]),
        [
          ['neon-left-join', undefined],
          ['neon-create-table', '${2:user_id} TEXT NOT NULL REFERENCES neon_auth.users_sync(id)'],
        ],
      );
      assert.match(atStart[0].insertText ?? '', /LEFT JOIN neon_auth\.users_sync AS u .*\nWHERE u\.deleted_at IS NULL;\$0$/);
      const snippets = (await other.executeCommand('neonAuth.snippetsFor', [{ uri }])) as { generation: string; snippets: { rendered: string }[] };
      assert.equal(snippets.generation, 'legacy');
      assert.equal(snippets.snippets[0].rendered, 'user_id TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE');

      // A CREATE TABLE being written: the column snippets are the legacy ones.
      const table = 'CREATE TABLE notes (\n  id bigint PRIMARY KEY,\n  ';
      await other.change(uri, 2, [{ text: table }]);
      assert.deepEqual(
        items(await other.completion(uri, { line: 2, character: 2 })).map((i) => i.insertText),
        [
          '${1:user_id} TEXT NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE$0',
          '${1:author_id} TEXT REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL$0',
        ],
      );

      // A key to the current user table: reported with authSchema auto, the earlier migration as related information.
      const keyed = 'CREATE TABLE notes (\n  id bigint PRIMARY KEY,\n  user_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE\n);\n';
      await other.change(uri, 3, [{ text: keyed }]);
      const published = await other.waitForDiagnostics(uri, (p) => p.version === 3);
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, d.severity, d.range, d.message, d.relatedInformation]),
        [
          [
            'match-auth-schema',
            2,
            { start: { line: 2, character: 35 }, end: { line: 2, character: 51 } },
            'neon_auth."user" does not exist in legacy Neon Auth (Stack Auth), which the earlier migrations of this set are written for (migrations/001_init.sql:2): use neon_auth.users_sync (text id, soft delete with deleted_at). If this migration moves the database to current Neon Auth (Better Auth) on purpose, add -- neon-auth-ignore-file match-auth-schema to it; the migrations after it are checked for that generation.',
            [
              {
                location: { uri: initUri, range: { start: { line: 1, character: 35 }, end: { line: 1, character: 55 } } },
                message: 'this migration is written for legacy Neon Auth (Stack Auth)',
              },
            ],
          ],
        ],
      );
      assert.equal(((await other.executeCommand('neonAuth.snippetsFor', [{ uri }])) as { generation: string }).generation, 'legacy');
      assert.equal(await other.shutdown(), 0);
    } finally {
      other.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
test(
  'the migration sets are read in the background at start with cancellable progress and one log line per notice; a changed earlier migration on disk re-checks the open later one',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-index-')));
    const INIT = 'CREATE TABLE notes (id serial PRIMARY KEY, owner_id uuid);\nCREATE TABLE broken (id int,, x text);\n';
    const FK = 'ALTER TABLE notes ADD FOREIGN KEY (owner_id) REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE;\n';
    fs.mkdirSync(path.join(dir, 'drizzle', 'meta'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'drizzle', 'meta', '_journal.json'),
      JSON.stringify({ entries: [{ tag: '0000_init' }, { tag: '0001_fk' }, { tag: '0002_gone' }] }),
    );
    const initFile = path.join(dir, 'drizzle', '0000_init.sql');
    fs.writeFileSync(initFile, INIT);
    fs.writeFileSync(path.join(dir, 'drizzle', '0001_fk.sql'), FK);
    const fkUri = pathToFileURL(path.join(dir, 'drizzle', '0001_fk.sql')).toString();
    const other = LspTestClient.start('stdio');
    try {
      await other.initialize(WATCHING_CAPABILITIES, [{ uri: pathToFileURL(dir).toString(), name: 'ws' }]);
      const done = await other.waitForLog('Migration sets: 1 read (2 files)', MessageType.Info);
      assert.match(done, /^Migration sets: 1 read \(2 files\) in \d+ ms\.$/);
      const notices = other.logs.filter((l) => l.type === MessageType.Info && l.message.startsWith('Migration set: ')).map((l) => l.message);
      assert.deepEqual(notices, [
        'Migration set: drizzle/meta/_journal.json: The drizzle-kit journal names 0002_gone.sql, which is not in drizzle: the other migrations are checked without it.',
        'Migration set: drizzle/0000_init.sql:2: No parser accepted this CREATE TABLE broken (syntax error at or near ","): later migrations are checked without its columns.',
      ]);
      const reading = other.progress.find((p) => p.value.kind === 'begin' && p.value.title === 'Neon Auth: reading migrations');
      assert.ok(reading && other.progressCreated.includes(reading.token));
      assert.deepEqual(reading.value, { kind: 'begin', title: 'Neon Auth: reading migrations', percentage: 0, message: '0/2 files', cancellable: true });
      assert.equal(other.progress.filter((p) => p.token === reading.token).at(-1)?.value.kind, 'end');

      await other.open(fkUri, FK, 1);
      const first = await other.waitForDiagnostics(fkUri, (p) => p.version === 1);
      assert.deepEqual(
        first.diagnostics.map((d) => d.code),
        ['match-user-id-type'],
      );
      // Hover on the table an earlier migration created: its folded definition, linked to where each fact was written.
      const initUri = pathToFileURL(initFile).toString();
      const hover = await other.hover(fkUri, { line: 0, character: 13 });
      assert.deepEqual(hover?.range, { start: { line: 0, character: 12 }, end: { line: 0, character: 17 } });
      assert.deepEqual(hover?.contents, {
        kind: 'markdown',
        value: [
          '**notes** as the earlier migrations of this set leave it',
          '',
          `- \`id\`: \`serial\` ([drizzle/0000_init.sql:1](${initUri}#L1,24)), primary key ([drizzle/0000_init.sql:1](${initUri}#L1,31))`,
          `- \`owner_id\`: \`uuid\` ([drizzle/0000_init.sql:1](${initUri}#L1,53))`,
        ].join('\n'),
      });
      // The earlier migration changed on disk (a rebase): the watcher event re-checks the open later one.
      const since = other.mark();
      fs.writeFileSync(initFile, INIT.replace('uuid', 'text'));
      await other.changeWatchedFiles([{ uri: pathToFileURL(initFile).toString(), type: FileChangeType.Changed }]);
      assert.deepEqual((await other.waitForDiagnostics(fkUri, (p) => p.diagnostics.length === 0, since)).diagnostics, []);
      assert.equal(await other.shutdown(), 0);
    } finally {
      other.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
test('a Drizzle query file is checked through the schema module it imports; editing that module in the editor, or on disk, re-checks it', TIMEOUT, async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-modules-')));
  const other = LspTestClient.start('stdio');
  try {
    await other.initialize(WATCHING_CAPABILITIES, [{ uri: pathToFileURL(dir).toString(), name: 'ws' }]);
    const schemaFile = path.join(dir, 'schema.ts');
    const schemaText = "import { usersSync } from 'drizzle-orm/neon';\nexport const users = usersSync;\n";
    fs.writeFileSync(schemaFile, schemaText);
    const queryFile = path.join(dir, 'query.ts');
    const queryText = "import { users } from './schema';\nimport { db } from './db';\nexport const list = () => db.select().from(users);\n";
    fs.writeFileSync(queryFile, queryText);
    const schemaUri = pathToFileURL(schemaFile).toString();
    const queryUri = pathToFileURL(queryFile).toString();
    const codes = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]);

    await other.open(queryUri, queryText, 1, 'typescript');
    assert.deepEqual(codes(await other.waitForDiagnostics(queryUri, (p) => p.version === 1)), [['require-deleted-at-filter', 2, 43]]);

    // The schema module opened and edited (not saved): its buffer is what the query file imports.
    await other.open(schemaUri, schemaText, 1, 'typescript');
    let since = other.mark();
    await other.change(schemaUri, 2, [
      { text: "import { pgTable, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: text('id') });\n" },
    ]);
    // (Opening it re-checked the query file too: wait for the publish that follows the edit.)
    assert.deepEqual(codes(await other.waitForDiagnostics(queryUri, (p) => p.diagnostics.length === 0, since)), []);

    // Closed again, and changed on disk back to the Neon table: the watcher event re-checks the query file.
    await other.close(schemaUri);
    since = other.mark();
    fs.writeFileSync(schemaFile, schemaText);
    await other.changeWatchedFiles([{ uri: schemaUri, type: FileChangeType.Changed }]);
    assert.deepEqual(codes(await other.waitForDiagnostics(queryUri, (p) => p.diagnostics.length > 0, since)), [['require-deleted-at-filter', 2, 43]]);
  } finally {
    other.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'the workspace check and the re-check of a closed file see the Drizzle tables and relations a file imports, as the CLI and the open document do',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-ws-modules-')));
    const write = (rel: string, text: string): string => (fs.writeFileSync(path.join(dir, rel), text), path.join(dir, rel));
    write(
      'schema.ts',
      [
        "import { relations } from 'drizzle-orm';",
        "import { pgTable, serial, text } from 'drizzle-orm/pg-core';",
        "import { usersSync } from 'drizzle-orm/neon';",
        'export { usersSync };',
        "export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: text('author_id') });",
        'export const postsRelations = relations(posts, ({ one }) => ({ author: one(usersSync, { fields: [posts.authorId], references: [usersSync.id] }) }));',
        '',
      ].join('\n'),
    );
    write(
      'db.ts',
      "import { drizzle } from 'drizzle-orm/neon-http';\nimport * as schema from './schema';\nexport const db = drizzle(process.env.DATABASE_URL!, { schema });\n",
    );
    const queryText = [
      "import { eq } from 'drizzle-orm';",
      "import { db } from './db';",
      "import { posts, usersSync } from './schema';",
      'export const authors = () => db.select().from(posts).innerJoin(usersSync, eq(posts.authorId, usersSync.id));',
      'export const feed = () => db.query.posts.findMany({ with: { author: true } });',
      '',
    ].join('\n');
    const queryUri = pathToFileURL(write('queries.ts', queryText)).toString();
    // What `neon-auth-sql .` reports for queries.ts: the inner join and missing filter through the
    // imported table (workspaceImports), the relational load through the schema's relations (workspaceRelations).
    const expected = [
      ['prefer-left-join', 3, 53, 3, 62],
      ['require-deleted-at-filter', 3, 63, 3, 72],
      ['require-deleted-at-filter', 4, 60, 4, 66],
    ];
    const other = LspTestClient.start('stdio');
    try {
      await other.initialize(undefined, [{ uri: pathToFileURL(dir).toString(), name: 'ws' }]);
      const checked = (await other.executeCommand('neonAuth.checkWorkspaceFiles')) as { files: number; warnings: number; filesWithProblems: number };
      assert.deepEqual([checked.files, checked.warnings, checked.filesWithProblems], [3, 3, 1]);
      const fromDisk = await other.waitForDiagnostics(queryUri);
      assert.deepEqual(shapes(fromDisk.diagnostics), expected);

      let since = other.mark();
      await other.open(queryUri, queryText, 1, 'typescript');
      assert.deepEqual(shapes((await other.waitForDiagnostics(queryUri, (p) => p.version === 1, since)).diagnostics), expected);

      // Closed: re-checked from disk, with the same imports.
      since = other.mark();
      await other.close(queryUri);
      const kept = await other.waitForDiagnostics(queryUri, () => true, since);
      assert.equal(kept.version, undefined);
      assert.deepEqual(shapes(kept.diagnostics), expected);
      assert.deepEqual(kept.diagnostics, fromDisk.diagnostics);

      // schema.ts saved with usersSync an app table of its own: the closed queries.ts is checked again.
      const schemaFile = write(
        'schema.ts',
        [
          "import { relations } from 'drizzle-orm';",
          "import { pgTable, serial, text } from 'drizzle-orm/pg-core';",
          "export const usersSync = pgTable('app_users', { id: text('id').primaryKey() });",
          "export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: text('author_id') });",
          'export const postsRelations = relations(posts, ({ one }) => ({ author: one(usersSync, { fields: [posts.authorId], references: [usersSync.id] }) }));',
          '',
        ].join('\n'),
      );
      since = other.mark();
      await other.changeWatchedFiles([{ uri: pathToFileURL(schemaFile).toString(), type: FileChangeType.Changed }]);
      const rechecked = await other.waitForDiagnostics(queryUri, () => true, since);
      assert.equal(rechecked.version, undefined);
      assert.deepEqual(rechecked.diagnostics, []);
      assert.equal(await other.shutdown(), 0);
    } finally {
      other.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('a client that cannot register file watchers is told once in the log that .neon-auth.json changes need a restart', TIMEOUT, async () => {
  // The shared client's capabilities have no workspace.didChangeWatchedFiles.
  const logged = await client.waitForLog(NO_WATCHER_LOG, MessageType.Info);
  assert.equal(
    logged,
    'The client cannot register workspace/didChangeWatchedFiles (capabilities.workspace.didChangeWatchedFiles.dynamicRegistration): ' +
      'changes to .neon-auth.json files are seen only after a restart of the server, unless the client reports them unasked.',
  );
  assert.equal(client.logs.filter((l) => l.message.includes(NO_WATCHER_LOG)).length, 1);
  assert.deepEqual(
    client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles'),
    [],
  );
});

test('neonAuth.applyAllFixes cancelled while its passes run answers RequestCancelled and applies nothing', TIMEOUT, async () => {
  const uri = newUri('apply-all-cancel');
  // 1,000 statements with two preferred fixes each: the fix passes take far longer than a message round trip.
  const text = 'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;\n'.repeat(1000);
  client.setSettings(uri, { debounceMs: 0 });
  await client.open(uri, text, 1);
  assert.equal((await client.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics.length, 2000);
  const editsBefore = client.applyEditRequests.length;
  const source = new CancellationTokenSource();
  const workDoneToken = 'apply-all-cancel';
  const running = client.connection.sendRequest(
    ExecuteCommandRequest.type,
    { command: 'neonAuth.applyAllFixes', arguments: [{ uri, version: 1, unsafe: true }], workDoneToken },
    source.token,
  );
  // A hover sent after the command is answered only once the server lets other work run: before
  // the fixes passes are done when they yield, after the edit was sent when they do not. The cancel
  // follows that answer, so it reaches the server while the passes run.
  await client.hover(uri, { line: 0, character: 45 });
  source.cancel();
  await assert.rejects(running, (e: { code?: number; message?: string }) => {
    assert.equal(e.code, -32800, `RequestCancelled, got ${e.code}: ${e.message}`);
    assert.equal(e.message, 'neonAuth.applyAllFixes was cancelled; no fix was applied');
    return true;
  });
  assert.equal(client.applyEditRequests.length, editsBefore, 'no workspace/applyEdit request');
  // The progress on the request's token began, cancellable, and ended.
  const kinds = client.progress.filter((p) => p.token === workDoneToken).map((p) => p.value);
  assert.deepEqual(kinds[0], { kind: 'begin', title: 'Neon Auth: fixing all problems', message: 'checking', cancellable: true });
  assert.deepEqual(kinds.at(-1), { kind: 'end' });

  // Not cancelled, the same command applies every fix.
  const result = await client.executeCommand('neonAuth.applyAllFixes', [{ uri, version: 1, unsafe: true }]);
  assert.deepEqual(result, { status: 'applied', fixes: 2000, suggestionsLeft: 0 });
  assert.equal(client.applyEditRequests.length, editsBefore + 1);
  await client.close(uri);
});

test(
  'workspace/executeCommand with params null, absent or without a command answers InvalidParams, and so do hover, completion and code actions with params null',
  TIMEOUT,
  async () => {
    const logsBefore = client.logs.length;
    for (const params of [null, undefined, {}, { command: 42 }, { command: 'neonAuth.applyAllFixes' }]) {
      const response = await client.sendRaw('workspace/executeCommand', params);
      assert.equal(response.error?.code, -32602, `params ${JSON.stringify(params)}: ${JSON.stringify(response)}`);
    }
    assert.equal(
      (await client.sendRaw('workspace/executeCommand', {})).error?.message,
      'workspace/executeCommand expects params { command: string, arguments?: any[] }',
    );
    for (const method of ['workspace/executeCommand', 'textDocument/hover', 'textDocument/completion', 'textDocument/codeAction']) {
      const response = await client.sendRaw(method, null);
      assert.deepEqual(response.error, { code: -32602, message: `${method} expects an object as params, got null` }, method);
    }
    assert.equal(serverErrors(logsBefore), '', 'nothing failed inside the server');
  },
);

test('a malformed diagnostic in a code action context is skipped; the other diagnostics keep their actions', TIMEOUT, async () => {
  const uri = newUri('malformed-diagnostic');
  const logsBefore = client.logs.length;
  const d = await openLegacyQuery(uri);
  const params = (diagnostics: unknown[]) => ({ textDocument: { uri }, range: d.range, context: { diagnostics: diagnostics as Diagnostic[] } });
  const expected = asActions(await client.codeActions(params([d])));
  assert.deepEqual(
    expected.map((a) => a.title),
    [
      'Change to LEFT JOIN',
      'Disable prefer-left-join for this line',
      'Disable prefer-left-join for the entire file',
      'Show documentation for prefer-left-join',
    ],
  );
  const malformed: unknown[] = [
    null,
    'prefer-left-join',
    { ...d, range: undefined },
    { ...d, range: { start: { line: 'two', character: 0 }, end: JOIN_RANGE.end } },
    { ...d, range: { start: { line: 2, character: 0.5 }, end: JOIN_RANGE.end } },
    { ...d, message: undefined },
  ];
  for (const bad of malformed) {
    const actions = asActions(await client.codeActions(params([bad, d])));
    assert.deepEqual(actions, expected, `with ${JSON.stringify(bad)} before it`);
  }
  // Data whose edit is malformed is not used: the fix comes from a fresh lint, whole.
  const badData = {
    ...d,
    data: {
      version: 1,
      fixes: [
        { title: 'Change to LEFT JOIN', isPreferred: true, safe: true, edits: [{ range: { start: { line: 2 }, end: JOIN_RANGE.end }, newText: 'LEFT JOIN' }] },
      ],
    },
  };
  assert.deepEqual(
    asActions(await client.codeActions(params([badData]))),
    expected.map((a) => ({ ...a, diagnostics: [badData] })),
  );
  assert.equal(serverErrors(logsBefore), '', 'nothing failed inside the server');
  await client.close(uri);
});

test('after shutdown every request but exit is answered InvalidRequest, and exit ends the server with code 0', TIMEOUT, async () => {
  const other = LspTestClient.start('stdio');
  try {
    await other.initialize();
    const uri = newUri('after-shutdown');
    await other.open(uri, LEGACY_QUERY, 1);
    await other.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(await other.hover(uri, { line: 2, character: 17 }), 'served before shutdown');
    assert.equal(await other.connection.sendRequest(ShutdownRequest.type), null);
    const refused = async (what: string, request: Promise<unknown>) =>
      assert.rejects(request, (e: { code?: number }) => {
        assert.equal(e.code, -32600, `${what} after shutdown`);
        return true;
      });
    await refused('hover', other.hover(uri, { line: 2, character: 17 }));
    await refused('completion', other.completion(uri, { line: 0, character: 0 }));
    await refused('codeAction', other.codeActions({ textDocument: { uri }, range: JOIN_RANGE, context: { diagnostics: [] } }));
    await refused('executeCommand', other.executeCommand('neonAuth.applyAllFixes', [{ uri, version: 1 }]));
    await refused('a second shutdown', other.connection.sendRequest(ShutdownRequest.type));
    assert.equal(await other.exit(), 0);
  } finally {
    other.dispose();
  }
});

test(
  'two migration sets of a workspace folder that disagree on a user-id column: one log line naming both places; findings still published',
  TIMEOUT,
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-disagree-')));
    const files: Record<string, string> = {
      'drizzle/meta/_journal.json': JSON.stringify({ entries: [{ tag: '0000_init' }] }),
      'drizzle/0000_init.sql': 'CREATE TABLE notes (\n  id serial PRIMARY KEY,\n  owner_id uuid REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE\n);\n',
      'supabase/migrations/20240101000000_notes.sql':
        'create table notes (id serial primary key, owner_id text references neon_auth.users_sync(id) on delete cascade);\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const other = LspTestClient.start('stdio');
    try {
      await other.initialize(WATCHING_CAPABILITIES, [{ uri: pathToFileURL(dir).toString(), name: 'ws' }]);
      await other.waitForLog('Migration sets: 2 read (2 files)', MessageType.Info);
      assert.deepEqual(
        other.logs.filter((l) => l.type === MessageType.Info && l.message.startsWith('Migration set: ')).map((l) => l.message),
        [
          'Migration set: supabase/migrations/20240101000000_notes.sql:1: public.notes.owner_id is text here but uuid in drizzle/0000_init.sql:3, another migration set; the column references neon_auth.users_sync(id), whose type decides whether Postgres accepts the key. The two sets disagree: each is checked with its own history.',
        ],
      );
      const initUri = pathToFileURL(path.join(dir, 'drizzle/0000_init.sql')).toString();
      await other.open(initUri, files['drizzle/0000_init.sql'], 1);
      const published = await other.waitForDiagnostics(initUri, (p) => p.diagnostics.length > 0);
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ['match-user-id-type'],
      );
      assert.equal(await other.shutdown(), 0);
    } finally {
      other.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('shuts down and exits with code 0 on shutdown then exit', TIMEOUT, async () => {
  assert.equal(await client.shutdown(), 0);
});
