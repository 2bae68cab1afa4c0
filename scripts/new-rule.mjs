// `npm run new-rule -- <rule-id>`: scaffolds server/src/linter/rules/<rule-id>/ (index.ts with
// defineRule and one message, cases.ts, README.md), registers the rule in rules/registry.ts, then runs
// `npm run sync` so the manifest, the README table, the client list, the case index and the rule's
// snapshots.md include it. The scaffold does not pass the tests
// on purpose: its README and cases ask for real examples (CONTRIBUTING.md, "Adding a rule").
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rulesDir = path.join(root, 'server/src/linter/rules');
const id = process.argv[2];
const usage = 'usage: npm run new-rule -- <rule-id>   (kebab-case, verb first: prefer-…, require-…, no-…, match-…)';

if (!id || !/^(prefer|require|no|match)(-[a-z0-9]+)+$/.test(id)) {
  console.error(id ? `new-rule: "${id}" is not a rule id.\n${usage}` : usage);
  process.exit(2);
}
const dir = path.join(rulesDir, id);
if (fs.existsSync(dir)) {
  console.error(`new-rule: ${path.relative(root, dir)} already exists.`);
  process.exit(2);
}
const name = id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

const index = `import { defineRule } from '../rule';

/**
 * \`${id}\`: TODO one paragraph: what the rule reports and why, with the Neon or Postgres source.
 */
export const ${name} = defineRule({
  meta: {
    id: '${id}',
    description: 'TODO one sentence: what the rule reports (the settings UI and SARIF show it).',
    defaultSeverity: 'warning',
    fix: 'none',
    overview: {
      reports: 'TODO the README table cell: what it reports, in detail',
      fixes: 'none',
    },
  },
  // One entry per kind of finding: a camelCase id and its text, {name} for each value the check fills in.
  messages: {
    todo: 'TODO what is wrong with {table}, and what to write instead.',
  },
  check(ctx) {
    // Read ctx.model (scopes, joins, foreign keys, writes) and report one of the messages above:
    // ctx.report({ messageId: 'todo', data: { table: 'neon_auth.users_sync' }, start, end, fixes: [] });
    void ctx;
  },
});
`;

const cases = `import { RuleCase } from '../caseTypes';

export const cases: RuleCase[] = [
  // Invalid cases: every finding's exact text (\`at\`), message id (\`messageId\`) and fixes (title, preferred, whole output).
  // Valid cases: \`findings: []\`. Every SQL and every output must run on Postgres with test/fixtures/schema.sql.
];
`;

const readme = `# ${id}

TODO one paragraph: what the rule reports.

| | |
|---|---|
| Default severity | \`warning\` |
| Fixable | No |
| Applies to | TODO |

## What it reports

TODO

## Why

TODO with the Neon or Postgres source.

## Incorrect

\`\`\`sql
-- expect: 1
TODO
\`\`\`

## Correct

\`\`\`sql
TODO
\`\`\`

## Fixes

None.

## When not to use it

TODO. For a single statement, prefer a \`-- neon-auth-ignore ${id}: <reason>\` comment above it.

\`\`\`json
{
  "neonAuth.rules": { "${id}": "off" }
}
\`\`\`

The value can be \`off\`, \`hint\`, \`info\`, \`warning\` (the default) or \`error\`.

## Sources

- Neon, *Neon Auth best practices & FAQ*: https://neon.com/docs/guides/neon-auth-best-practices
- TODO
`;

const registryFile = path.join(rulesDir, 'registry.ts');
let registry = fs.readFileSync(registryFile, 'utf8');
const imports = [...registry.matchAll(/^import \{ \w+ \} from '\.\/[a-z0-9-]+';$/gm)];
const last = imports.at(-1);
const list = /export const ruleModules: readonly Rule\[\] = \[([^\]]*)\];/.exec(registry);
if (!last || !list) {
  console.error('new-rule: could not find the rule imports and ruleModules in rules/registry.ts; register the rule by hand.');
  process.exit(2);
}
const at = last.index + last[0].length;
registry = `${registry.slice(0, at)}\nimport { ${name} } from './${id}';${registry.slice(at)}`;
registry = registry.replace(list[0], `export const ruleModules: readonly Rule[] = [${list[1].trim().replace(/,$/, '')}, ${name}];`);

fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, 'index.ts'), index);
fs.writeFileSync(path.join(dir, 'cases.ts'), cases);
fs.writeFileSync(path.join(dir, 'README.md'), readme);
fs.writeFileSync(registryFile, registry);
for (const f of ['index.ts', 'cases.ts', 'README.md']) console.log(`new-rule: wrote ${path.relative(root, path.join(dir, f))}`);
console.log('new-rule: registered in server/src/linter/rules/registry.ts');
execFileSync(process.execPath, [path.join(root, 'scripts/sync.mjs')], { stdio: 'inherit', cwd: root });
console.log(`new-rule: next, write the check, its cases and its README (TODO marks), then npm test.`);
