import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findConfigFile, isIgnored, loadConfig, optionsFrom, parseConfig } from '../server/src/config/config';

describe('.neon-auth.json', () => {
  test('a valid file gives its rules, authSchema and ignore globs, with comments and trailing commas allowed', () => {
    const text = `{
  // team policy
  "authSchema": "legacy",
  "rules": { "prefer-left-join": "error", "require-on-delete": "off", },
  "ignore": ["migrations/legacy/**"],
}`;
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.config, { authSchema: 'legacy', rules: { 'prefer-left-join': 'error', 'require-on-delete': 'off' }, ignore: ['migrations/legacy/**'] });
  });

  test('invalid JSON gives one error at the offending offset and the defaults', () => {
    const text = '{ "rules": { "prefer-left-join": "error" ';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(loaded.config, {});
    assert.equal(loaded.problems.length, 1);
    assert.equal(loaded.problems[0].severity, 'error');
    assert.match(loaded.problems[0].message, /^\.neon-auth\.json is not valid JSON: /);
  });

  test('a value the schema rejects is pointed at exactly, and the defaults are used', () => {
    const text = '{ "rules": { "prefer-left-join": "loud" } }';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(loaded.config, {});
    assert.deepEqual(
      loaded.problems.map((p) => [p.severity, text.slice(p.start, p.end)]),
      [['error', '"loud"']],
    );
    assert.match(loaded.problems[0].message, /"rules\.prefer-left-join" must be equal to one of the allowed values: one of "off", "hint", "info", "warning", "error"/);
  });

  test('an unknown top-level property is an error on that property', () => {
    const text = '{ "rulez": {} }';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(loaded.problems.map((p) => [p.severity, text.slice(p.start, p.end)]), [['error', '"rulez"']]);
    assert.match(loaded.problems[0].message, /unknown property "rulez"/);
  });

  test('an unknown rule id is a warning and the rest of the file applies', () => {
    const text = '{ "rules": { "no-such-rule": "off", "prefer-left-join": "info" } }';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(loaded.problems.map((p) => [p.severity, text.slice(p.start, p.end)]), [['warning', '"no-such-rule"']]);
    assert.deepEqual(loaded.config.rules, { 'no-such-rule': 'off', 'prefer-left-join': 'info' });
  });

  test('is found by walking up from a file, and ignore globs are relative to its folder', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-config-'));
    fs.mkdirSync(path.join(root, 'db', 'migrations', 'legacy'), { recursive: true });
    fs.writeFileSync(path.join(root, '.neon-auth.json'), '{ "ignore": ["db/migrations/legacy/**"] }');
    const file = path.join(root, 'db', 'migrations', 'legacy', '0001.sql');
    const found = findConfigFile(path.dirname(file));
    assert.equal(found, path.join(root, '.neon-auth.json'));
    const loaded = loadConfig(found!);
    assert.equal(isIgnored(loaded, file), true);
    assert.equal(isIgnored(loaded, path.join(root, 'db', 'migrations', '0002.sql')), false);
    assert.equal(findConfigFile(path.join(root, 'db'), path.join(root, 'db')), undefined, 'stops at the given folder');
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('editor settings override the file rule by rule, and authSchema unless they say auto', () => {
    const config = { authSchema: 'legacy' as const, rules: { 'prefer-left-join': 'error' as const, 'require-on-delete': 'off' as const } };
    assert.deepEqual(optionsFrom(config, { rules: { 'require-on-delete': 'warning' }, authSchema: 'auto' }), {
      rules: { 'prefer-left-join': 'error', 'require-on-delete': 'warning' },
      authSchema: 'legacy',
    });
    assert.deepEqual(optionsFrom(config, { authSchema: 'current' }).authSchema, 'current');
    assert.deepEqual(optionsFrom(undefined, {}), { rules: {} });
  });
});
