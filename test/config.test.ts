import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { pathToFileURL } from 'node:url';
import { findConfigFile, isIgnored, loadConfig, optionsFrom, parseConfig, replacedConfigFile } from '../server/src/config/config';
import { configDiagnostics } from '../server/src/lsp/workspaceConfig';
import { compileGlob } from '../server/src/config/glob';
import { nestingBeyond } from '../server/src/jsonNesting';
import { visit } from 'jsonc-parser';

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
    assert.deepEqual(loaded.config, {
      authSchema: 'legacy',
      rules: { 'prefer-left-join': 'error', 'require-on-delete': 'off' },
      ignore: ['migrations/legacy/**'],
    });
  });

  test('migrations globs are kept in order; a pattern the matcher refuses is left out with a warning at its string', () => {
    const text = '{ "migrations": ["db/schema/*.sql", "db/(x|y)/*.sql", "db/changes/*.sql"] }';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(loaded.config, { migrations: ['db/schema/*.sql', 'db/changes/*.sql'] });
    assert.deepEqual(
      loaded.problems.map((p) => [p.severity, text.slice(p.start, p.end)]),
      [['warning', '"db/(x|y)/*.sql"']],
    );
    assert.match(loaded.problems[0].message, /^\.neon-auth\.json: the migrations pattern "db\/\(x\|y\)\/\*\.sql" is not used: /);
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
    assert.equal(
      loaded.problems[0].message,
      '.neon-auth.json: "rules.prefer-left-join" must be one of "off", "hint", "info", "warning", "error" (defaults are used).',
    );
  });

  test('the first syntax error is said in words at its place (what follows is the parser recovering)', () => {
    const text = '{ "rules": { "prefer-left-join": "error" ';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(
      loaded.problems.map((p) => [p.message, p.start, p.end]),
      // the missing `}` belongs right after `"error"` (40), not at the end of the text (41)
      [['.neon-auth.json is not valid JSON: expected `}` (defaults are used).', 40, 40]],
    );
    const colon = parseConfig('/repo/.neon-auth.json', '{ "rules" {} }');
    assert.deepEqual(
      colon.problems.map((p) => [p.message, p.start, p.end]),
      [['.neon-auth.json is not valid JSON: expected `:` (defaults are used).', 9, 9]],
    );
  });

  test('a missing token is placed right after the last token, on its line, not at what follows on the next line', () => {
    const where = (text: string): [string, string, number, number][] =>
      parseConfig('/repo/.neon-auth.json', text).problems.map((p) => {
        const before = text.slice(0, p.start).split('\n');
        return [
          p.message.replace(/^\.neon-auth\.json is not valid JSON: | \(defaults are used\)\.$/g, ''),
          text.slice(p.start, p.end),
          before.length,
          (before.at(-1) ?? '').length + 1,
        ];
      });
    // a comma left out at the end of a line: 2:23, after "auto" (jsonc-parser says 3:3, at "rules")
    assert.deepEqual(where('{\n  "authSchema": "auto"\n  "rules": {}\n}\n'), [['expected `,`', '', 2, 23]]);
    // a comment between the value and the next line changes nothing
    assert.deepEqual(where('{\n  "ignore": ["a" // legacy\n    "b"]\n}\n'), [['expected `,`', '', 2, 17]]);
    // an array or object left open: after the last value (jsonc-parser names a `,` for the array)
    assert.deepEqual(where('{\n  "ignore": ["a"\n}\n'), [['expected `,`', '', 2, 17]]);
    assert.deepEqual(where('{\n  "authSchema": "auto"\n\n'), [['expected `}`', '', 2, 23]]);
    // any other error covers the token jsonc-parser names: a second comma, a bare word, an unterminated string (up to the end of the text)
    assert.deepEqual(where('{\n  "authSchema": "auto",,\n}\n'), [['expected a property name in double quotes', ',', 2, 24]]);
    assert.deepEqual(where('{\n  authSchema: "auto"\n}\n'), [['unexpected character', 'authSchema', 2, 3]]);
    assert.deepEqual(where('{ "a": "x'), [['unterminated string', '"x', 1, 8]]);
    // trailing commas stay allowed (as comments are)
    assert.deepEqual(where('{\n  "authSchema": "auto",\n  "ignore": ["a",],\n}\n'), []);
  });

  test('a severity close to an allowed one gets a did-you-mean ("warn" is "warning")', () => {
    const loaded = parseConfig('/repo/.neon-auth.json', '{ "rules": { "prefer-left-join": "warn", "require-on-delete": "eror" } }');
    assert.deepEqual(
      loaded.problems.map((p) => p.message),
      [
        '.neon-auth.json: "rules.prefer-left-join" must be one of "off", "hint", "info", "warning", "error" (did you mean "warning"?) (defaults are used).',
        '.neon-auth.json: "rules.require-on-delete" must be one of "off", "hint", "info", "warning", "error" (did you mean "error"?) (defaults are used).',
      ],
    );
  });

  test('a file that is not an object says so', () => {
    const loaded = parseConfig('/repo/.neon-auth.json', '[]');
    assert.deepEqual(
      loaded.problems.map((p) => [p.severity, p.message]),
      [['error', '.neon-auth.json: the file must be an object (defaults are used).']],
    );
  });

  test('every problem is reported at once, in document order: a misspelt rule id (with the closest one) next to a bad severity', () => {
    const text = '{ "rules": { "prefer-left-jion": "loud", "zzz": "off" }, "ignore": ["a", "a", ""], "authSchema": 3 }';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(loaded.config, {});
    assert.deepEqual(
      loaded.problems.map((p) => [p.severity, text.slice(p.start, p.end), p.message]),
      [
        ['warning', '"prefer-left-jion"', '.neon-auth.json: unknown rule id "prefer-left-jion" (did you mean "prefer-left-join"?) (ignored).'],
        ['error', '"loud"', '.neon-auth.json: "rules.prefer-left-jion" must be one of "off", "hint", "info", "warning", "error" (defaults are used).'],
        ['warning', '"zzz"', '.neon-auth.json: unknown rule id "zzz" (ignored).'],
        ['error', '["a", "a", ""]', '.neon-auth.json: "ignore" lists the same value twice (entries 1 and 2) (defaults are used).'],
        ['error', '""', '.neon-auth.json: "ignore.2" must not be empty (defaults are used).'],
        ['error', '3', '.neon-auth.json: "authSchema" must be one of "auto", "legacy", "current" (defaults are used).'],
      ],
    );
  });

  test('messages name the file given (--config team.json), not .neon-auth.json', () => {
    const loaded = parseConfig('/repo/config/team.json', '{ "rules": { "prefer-left-join": "loud" } }');
    assert.match(loaded.problems[0].message, /^team\.json: "rules\.prefer-left-join" must be one of /);
    const missing = loadConfig('/repo/does-not-exist/team.json');
    assert.equal(missing.problems[0].message, 'team.json could not be read: no such file (defaults are used).');
  });

  test('messages name the file as the caller shows it (the CLI: a --config path as typed)', () => {
    const loaded = parseConfig('/repo/config/team.json', '{ "rules": { "prefer-left-join": "loud" } }', 'config/team.json');
    assert.match(loaded.problems[0].message, /^config\/team\.json: "rules\.prefer-left-join" must be one of /);
    assert.deepEqual(
      loadConfig('/nope.json', '/nope.json').problems.map((p) => [p.severity, p.message]),
      [['error', '/nope.json could not be read: no such file (defaults are used).']],
    );
    assert.deepEqual(
      loadConfig('/dev/null', '/dev/null').problems.map((p) => [p.severity, p.message]),
      [['error', '/dev/null could not be read: not a regular file (defaults are used).']],
    );
  });

  test('an unknown top-level property is an error on that property', () => {
    const text = '{ "rulez": {} }';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(
      loaded.problems.map((p) => [p.severity, text.slice(p.start, p.end)]),
      [['error', '"rulez"']],
    );
    assert.match(loaded.problems[0].message, /unknown property "rulez"/);
  });

  test('an unknown rule id is a warning and the rest of the file applies', () => {
    const text = '{ "rules": { "no-such-rule": "off", "prefer-left-join": "info" } }';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(
      loaded.problems.map((p) => [p.severity, text.slice(p.start, p.end)]),
      [['warning', '"no-such-rule"']],
    );
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

  test('the nearest file applies alone: a nested one replaces its parent (replacedConfigFile), and the editor hints so on it with the parent as related information', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-config-')));
    try {
      fs.mkdirSync(path.join(root, 'app', 'db'), { recursive: true });
      const parent = path.join(root, '.neon-auth.json');
      const nested = path.join(root, 'app', '.neon-auth.json');
      fs.writeFileSync(parent, '{ "rules": { "prefer-left-join": "error" } }');
      fs.writeFileSync(nested, '// app\n{ "authSchema": "current" }');
      assert.equal(findConfigFile(path.join(root, 'app', 'db')), nested);
      assert.deepEqual(loadConfig(nested).config, { authSchema: 'current' }, 'nothing of the parent');
      assert.equal(replacedConfigFile(nested), parent);
      assert.equal(replacedConfigFile(parent), undefined);
      assert.equal(replacedConfigFile(path.parse(root).root + '.neon-auth.json'), undefined, 'the file-system root has no parent');
      assert.deepEqual(configDiagnostics(loadConfig(parent), true).diagnostics, []);
      const { uri, diagnostics } = configDiagnostics(loadConfig(nested), true);
      assert.equal(uri, pathToFileURL(nested).toString());
      assert.deepEqual(diagnostics, [
        {
          // the first character that is not a space: here the `/` of a comment
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
          severity: 4,
          source: 'neon-auth',
          code: 'config',
          message:
            "For the files under this folder, this file replaces ../.neon-auth.json: the nearest .neon-auth.json applies alone, its settings are not merged with that file's.",
          relatedInformation: [
            {
              location: { uri: pathToFileURL(parent).toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
              message: 'the replaced file',
            },
          ],
        },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
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

describe('.neon-auth.json nested too deep (adversarial run: 3,000 levels overflowed the stack, which crashed the CLI)', () => {
  /** `{"x":` then `n` arrays, one in the other: the `[` of level k + 1 is at offset 4 + k. */
  const nested = (n: number): string => `{"x":${'['.repeat(n)}${']'.repeat(n)}}`;
  const TOO_DEEP = '.neon-auth.json is nested deeper than 64 levels (defaults are used).';

  test('64 levels are read (the root object is the first); the bracket that opens the 65th is one error, and the defaults apply', () => {
    const ok = parseConfig('/repo/.neon-auth.json', nested(63));
    assert.deepEqual(
      ok.problems.map((p) => [p.severity, p.message, p.start]),
      [['error', '.neon-auth.json: unknown property "x" (defaults are used).', 1]],
    );
    const loaded = parseConfig('/repo/.neon-auth.json', nested(64));
    assert.deepEqual(loaded.config, {});
    assert.deepEqual(loaded.problems, [{ message: TOO_DEEP, start: 68, end: 69, severity: 'error' }]);
  });

  test('thousands of levels, left open, of objects, closed by the wrong bracket, up to the 1 MB limit: the same error at the 65th, never a throw', () => {
    for (const [text, start] of [
      [nested(3000), 68],
      [`{"x":${'['.repeat(1024 * 1024 - 5)}`, 68],
      [`{"x":${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}}`, 5 + 5 * 63],
      // jsonc-parser skips a `}` in an array and stays in it: this nests as deep as `[[[…` (a count of all brackets says 2)
      [`{"x":${'[},'.repeat(20_000)}1}`, 5 + 3 * 63],
      ['['.repeat(100_000), 64],
    ] as const) {
      const loaded = parseConfig('/repo/.neon-auth.json', text);
      assert.deepEqual([loaded.config, loaded.problems], [{}, [{ message: TOO_DEEP, start, end: start + 1, severity: 'error' }]], text.slice(0, 20));
    }
    // the CLI's `--config` path as typed names the file in the message
    assert.equal(
      parseConfig('/repo/team.json', nested(100), 'conf/team.json').problems[0].message,
      'conf/team.json is nested deeper than 64 levels (defaults are used).',
    );
  });

  test('brackets in strings and comments are not nesting', () => {
    const text = `{ // ${'['.repeat(100)}\n  "$schema": "${'{['.repeat(100)}", /* ${'{'.repeat(100)} */ "authSchema": "legacy" }`;
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual([loaded.problems, loaded.config.authSchema], [[], 'legacy']);
  });

  test('property: when no bracket goes past level k, jsonc-parser (whatever its error recovery does) nests at most k levels', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ',', ':', '1', '"a"', ' '), maxLength: 40 }),
        fc.integer({ min: 0, max: 6 }),
        (text, k) => {
          let depth = 0;
          let deepest = 0;
          const enter = (): void => {
            deepest = Math.max(deepest, ++depth);
          };
          const leave = (): void => {
            depth--;
          };
          visit(text, { onObjectBegin: enter, onArrayBegin: enter, onObjectEnd: leave, onArrayEnd: leave }, { allowTrailingComma: true });
          const beyond = nestingBeyond(text, k);
          if (beyond === undefined) assert.ok(deepest <= k, `${JSON.stringify(text)} nests ${deepest} levels, k = ${k}`);
          else assert.ok('[{'.includes(text[beyond]), `${JSON.stringify(text)}: offset ${beyond} is a bracket`);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('.neon-auth.json ignore globs', () => {
  test('a pattern of 20 stars next to a long name of one letter is matched, not backtracked for hours (issue 17)', () => {
    const text = `{ "ignore": ["${'*a'.repeat(19)}*c"] }`;
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(loaded.problems, []);
    assert.equal(isIgnored(loaded, `/repo/${'a'.repeat(200)}.sql`), false);
    assert.equal(isIgnored(loaded, `/repo/${'a'.repeat(200)}c`), true);
    assert.equal(isIgnored(loaded, `/repo/x/${'a'.repeat(200)}c`), false, 'a star stays in its segment');
    const deep = parseConfig('/repo/.neon-auth.json', '{ "ignore": ["**/a/**/a/**/c"] }');
    assert.equal(isIgnored(deep, `/repo/${Array(2000).fill('a').join('/')}`), false);
    assert.equal(isIgnored(deep, `/repo/${Array(2000).fill('a').join('/')}/c`), true);
  });

  test('patterns outside the supported syntax are left out with a warning at their string; the others still apply', () => {
    const text = '{ "ignore": ["legacy/**", "+(a|aa)c", "!keep.sql", "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}", "x\\\\*.sql"] }';
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(
      loaded.problems.map((p) => [p.severity, text.slice(p.start, p.end), p.message.replace(/: .*/, '')]),
      [
        ['warning', '"+(a|aa)c"', '.neon-auth.json'],
        ['warning', '"!keep.sql"', '.neon-auth.json'],
        ['warning', '"{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"', '.neon-auth.json'],
        ['warning', '"x\\\\*.sql"', '.neon-auth.json'],
      ],
    );
    assert.match(loaded.problems[0].message, /^\.neon-auth\.json: the ignore pattern "\+\(a\|aa\)c" is not used: extglobs and groups/);
    assert.match(loaded.problems[2].message, /expand to more than 256 patterns/);
    assert.deepEqual(loaded.config.ignore, ['legacy/**']);
    assert.equal(isIgnored(loaded, '/repo/legacy/0001.sql'), true);
    assert.equal(isIgnored(loaded, '/repo/aac'), false);
  });

  test('a `**` glued to other characters and braces that multiply a long pattern are refused too (picomatch reads `**.sql` as any depth; the cost bound would not hold)', () => {
    const long = `${'{*,*}'.repeat(8)}/**/${'a/'.repeat(1000)}b`;
    const text = JSON.stringify({ ignore: ['**.sql', 'db/a**', long, '**/*.sql'] });
    const loaded = parseConfig('/repo/.neon-auth.json', text);
    assert.deepEqual(
      loaded.problems.map((p) => p.message),
      [
        '.neon-auth.json: the ignore pattern "**.sql" is not used: `**` glued to other characters (`**.sql`, `a**`) is not supported: make it a segment of its own (`**/*.sql`) or write `*`.',
        '.neon-auth.json: the ignore pattern "db/a**" is not used: `**` glued to other characters (`**.sql`, `a**`) is not supported: make it a segment of its own (`**/*.sql`) or write `*`.',
        `.neon-auth.json: the ignore pattern ${JSON.stringify(long)} is not used: its \`{…}\` alternatives add up to 515072 characters, over 16384: write fewer or shorter alternatives.`,
      ],
    );
    assert.deepEqual(loaded.config.ignore, ['**/*.sql']);
  });

  test('property: a supported pattern matches exactly the paths picomatch (dot: true) matches', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      '.',
      '/',
      '*',
      '**',
      '?',
      '[ab]',
      '[^a]',
      '[a-c]',
      '{a,b}',
      '{a/b,c}',
      '{,a}',
      'x{a,{b,c}}',
      '+',
      '@',
      '!',
      '^',
      '#',
      '-',
      '*.sql',
      '**/',
      '/**',
      './',
    );
    const pattern = fc.array(piece, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
    const name = fc
      .array(fc.constantFrom('a', 'b', 'c', '.', '+', '@', '!', '^', '-', 'x', 'sql'), { minLength: 1, maxLength: 4 })
      .map((a) => a.join(''))
      .filter((x) => x !== '.' && x !== '..'); // never a segment of a relative path
    const relPath = fc.array(name, { minLength: 1, maxLength: 4 }).map((a) => a.join('/'));
    let compiled = 0;
    fc.assert(
      fc.property(pattern, relPath, (p, rel) => {
        const glob = compileGlob(p);
        if (!glob.ok) return;
        compiled++;
        assert.equal(glob.match(rel), picomatch.isMatch(rel, p, { dot: true }), `${p} on ${rel}`);
      }),
      { seed: 20261129, numRuns: 5000 },
    );
    assert.ok(compiled > 3000, `${compiled} of 5000 patterns compiled`);
  });
});
