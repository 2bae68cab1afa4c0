/**
 * The host walk (`walk` in server/src/linter/babel.ts) follows each Babel node type's child keys
 * from `@babel/types` (`babelKeys.ts`, written by `npm run sync`). It must reach exactly the nodes a
 * walk through every own key reaches: on the project's TypeScript and JavaScript (the Drizzle
 * cases, the examples, the held-out files) and on syntax chosen for its odd node types.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseHost, walk, type Node } from '../server/src/linter/babel';
import { BABEL_CHILD_KEYS } from '../server/src/linter/babelKeys';
import { ruleModules } from '../server/src/linter/rules/registry';
import type { HostLanguage } from '../server/src/linter/host';

const ROOT = path.resolve(__dirname, '..', '..');
const SKIPPED = new Set([
  'loc',
  'interpreter',
  'extra',
  'range',
  'comments',
  'errors',
  'start',
  'end',
  'type',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeParameters',
]);

const TYPE_KEYS = ['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeParameters'];
const SKIPPED_WITH_TYPES = new Set([...SKIPPED].filter((k) => !TYPE_KEYS.includes(k)));

/** The reference: every own key of every node (the walk as it was before the key lists). */
function allKeys(root: Node, skipped = SKIPPED): Set<Node> {
  const seen = new Set<Node>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    seen.add(n);
    for (const key of Object.keys(n)) {
      if (skipped.has(key)) continue;
      const v = n[key];
      for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c === 'object' && typeof c.type === 'string') stack.push(c);
    }
  }
  return seen;
}

function walked(root: Node, withTypes = false): Set<Node> {
  const seen = new Set<Node>();
  walk(root, (n) => seen.add(n), withTypes);
  return seen;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return /\.(?:[cm]?[jt]sx?)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const languageOf = (file: string): HostLanguage =>
  file.endsWith('.tsx') ? 'typescriptreact' : /\.[cm]?ts$/.test(file) ? 'typescript' : file.endsWith('.jsx') ? 'javascriptreact' : 'javascript';

const ODD_SYNTAX: { name: string; language: HostLanguage; source: string }[] = [
  {
    name: 'classes: decorators, private and accessor fields, static blocks, parameter properties',
    language: 'typescript',
    source: `@Entity() export class Repo<T> extends Base<T> implements I {\n  #sql = sql\`select 1\`;\n  static { init(sql\`select 2\`); }\n  accessor x = 1;\n  constructor(private readonly db: Db, @Inject() public q = sql\`select 3\`) { super(); }\n  @Log() async get(id: string) { return this.db.query('select * from neon_auth.users_sync where id = $1', [id]); }\n}\n`,
  },
  {
    name: 'modules: import attributes, export forms, enums, namespaces, using, satisfies, instantiation expressions',
    language: 'typescript',
    source: `import data from './d.json' with { type: 'json' };\nexport * as ns from './m';\nexport { a as b } from './m';\nexport default sql\`select 4\`;\nenum E { A = 1, B = A << 1 }\nnamespace N { export const q = sql\`select 5\`; }\nasync function f() { await using r = open(); using s = r; const g = make<string>; return { data, g, q: sql\`select 6\` satisfies unknown, h: (x as any)!.y }; }\ndeclare module 'x' { const z: number; }\nlabel: for await (const [k, { v = sql\`select 7\` }] of it) { if (k) break label; else continue; }\n`,
  },
  {
    name: 'JSX: elements, fragments, spread attributes, namespaced names, expression containers',
    language: 'typescriptreact',
    source: `export const C = () => <><a:b c={sql\`select 8\`} {...p}>{list.map((x) => <i key={x}>{x}{/* c */}</i>)}text</a:b></>;\n`,
  },
  {
    name: 'expressions: optional chains, tagged templates in templates, regexps, sequences, new.target, import.meta, dynamic import',
    language: 'javascript',
    source: `const v = a?.b?.[c]?.(d) ?? (e, f) ?? /x+/gi.test(\`\${sql\`select 9\`}\`);\nfunction F() { return new.target ?? import.meta.url ?? import('./m'); }\nlet { g = 1, ...rest } = obj; [h, , ...i] = arr; x ||= y &&= z ??= w; throw new Error(\`\${1n}\`);\nswitch (v) { case 1: try { } catch { } finally { } default: do { } while (0); }\n`,
  },
];

describe('the Babel walk follows @babel/types child keys', () => {
  test('every node type the parser produces on the corpus has a key list (else the walk falls back to every key)', () => {
    const missing = new Set<string>();
    const corpus = [...files(path.join(ROOT, 'examples')), ...files(path.join(ROOT, 'test/fixtures'))];
    for (const file of corpus)
      for (const n of allKeys(parseHost(fs.readFileSync(file, 'utf8'), languageOf(file)).program)) if (!(n.type in BABEL_CHILD_KEYS)) missing.add(n.type);
    assert.deepEqual([...missing], []);
  });

  test('reaches the same nodes as a walk through every key: the examples and the held-out files', () => {
    const corpus = [...files(path.join(ROOT, 'examples')), ...files(path.join(ROOT, 'test/fixtures'))];
    assert.ok(corpus.length >= 10, `corpus of ${corpus.length} files`);
    for (const file of corpus) {
      const { program } = parseHost(fs.readFileSync(file, 'utf8'), languageOf(file));
      const expected = allKeys(program);
      const actual = walked(program);
      assert.equal(actual.size, expected.size, file);
      for (const n of expected) assert.ok(actual.has(n), `${file}: ${n.type} at ${n.start} not visited`);
    }
  });

  test('reaches the same nodes as a walk through every key: the Drizzle cases', () => {
    let count = 0;
    for (const rule of ruleModules) {
      const dir = path.join(ROOT, 'server/src/linter/rules', rule.meta.id);
      if (!fs.existsSync(path.join(dir, 'drizzle.cases.ts'))) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { drizzleCases } = require(path.join(__dirname, '..', 'server/src/linter/rules', rule.meta.id, 'drizzle.cases')) as {
        drizzleCases: { sql: string }[];
      };
      for (const c of drizzleCases) {
        const { program } = parseHost(c.sql, 'typescript');
        assert.equal(walked(program).size, allKeys(program).size, c.sql.slice(0, 80));
        count++;
      }
    }
    assert.ok(count > 30, `${count} Drizzle cases`);
  });

  test('withTypes, also reaches the TypeScript types (typeof uuid in an annotation, a type alias, type arguments)', () => {
    const source = `type B = typeof uuid;\nconst c: ReturnType<typeof text> = f<typeof varchar>();\nclass K<T extends typeof x = never> extends Base<typeof y> { m(a: typeof z): typeof w { return a; } }\n`;
    const { program } = parseHost(source, 'typescript');
    const expected = allKeys(program, SKIPPED_WITH_TYPES);
    const actual = walked(program, true);
    assert.deepEqual(
      [...expected].filter((n) => !actual.has(n)).map((n) => n.type),
      [],
    );
    assert.equal(actual.size, expected.size);
    const names = [...actual].filter((n) => n.type === 'Identifier').map((n) => n.name as string);
    for (const name of ['uuid', 'text', 'varchar', 'x', 'y', 'z', 'w']) assert.ok(names.includes(name), name);
    assert.ok(!walked(program).has([...actual].find((n) => n.type === 'Identifier' && n.name === 'uuid')!));
  });

  for (const c of ODD_SYNTAX) {
    test(`reaches the same nodes as a walk through every key: ${c.name}`, () => {
      const { program } = parseHost(c.source, c.language);
      const expected = allKeys(program);
      const actual = walked(program);
      assert.deepEqual(
        [...expected].filter((n) => !actual.has(n)).map((n) => n.type),
        [],
      );
      assert.equal(actual.size, expected.size);
    });
  }
});
