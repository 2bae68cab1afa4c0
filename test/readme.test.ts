/**
 * Each rule's README is user documentation whose examples are executable claims:
 * every ```sql block under `## Incorrect` is flagged by its rule exactly as often as its
 * `-- expect: N` first line says, every block under `## Correct` is silent and parses, every
 * before/after pair under `## Fixes` is what the named fix produces, and the fix titles the
 * README documents are the ones the rule's cases produce.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, lint, rules } from '../server/src/linter';
import { ruleCases } from './ruleCases';
import './helpers/pgGrammar';

const PARSE_ERROR = 'parse-error';

interface CodeBlock {
  /** The `## ` section the block is in ('' before the first). */
  section: string;
  /** The `### ` heading the block is under inside its section ('' if none). */
  subsection: string;
  lang: string;
  code: string;
  /** 1-based line of the opening fence in the README. */
  line: number;
}

interface Readme {
  text: string;
  /** `## ` headings in order. */
  sections: string[];
  blocks: CodeBlock[];
  /** Section name → its text (heading excluded). */
  sectionText: Map<string, string>;
}

function readmePath(id: string): string {
  return path.resolve(__dirname, '../../server/src/linter/rules', id, 'README.md');
}

function parseReadme(text: string): Readme {
  const lines = text.split(/\r?\n/);
  const sections: string[] = [];
  const blocks: CodeBlock[] = [];
  const sectionText = new Map<string, string>();
  let section = '';
  let subsection = '';
  let fence: { lang: string; line: number; body: string[] } | undefined;
  lines.forEach((line, i) => {
    if (fence) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ section, subsection, lang: fence.lang, code: fence.body.join('\n'), line: fence.line });
        fence = undefined;
      } else {
        fence.body.push(line);
      }
    } else if (line.startsWith('```')) {
      fence = { lang: line.slice(3).trim().toLowerCase(), line: i + 1, body: [] };
    } else if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      subsection = '';
      sections.push(section);
      sectionText.set(section, '');
      return;
    } else if (line.startsWith('### ')) {
      subsection = line.slice(4).trim();
    }
    if (section) sectionText.set(section, `${sectionText.get(section)}${line}\n`);
  });
  assert.equal(fence, undefined, 'every code fence is closed');
  return { text, sections, blocks, sectionText };
}

/** Every inline code span of a markdown text (outside fenced blocks, which use ```). */
function inlineCode(markdown: string): string[] {
  const withoutFences = markdown.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, '');
  return [...withoutFences.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
}

/**
 * A documented fix title as a matcher: `<placeholder>` stands for any text (an alias, a join
 * condition); keywords follow the file's case, so the match ignores case.
 */
function titlePattern(documented: string): RegExp {
  const parts = documented.split(/<[^<>]+>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+?')}$`, 'i');
}

const EXPECT = /^--\s*expect:\s*(\d+)\s*$/;

/**
 * The optional section on the rule's checks of Drizzle ORM code. Its ```ts blocks are whole
 * modules linted as TypeScript: one under a "### `<fix title>`" heading is half of that fix's
 * before/after pair (checked with the ## Fixes pairs); one whose first line is `// expect: N` gets
 * exactly N findings of the rule; any other is silent.
 */
const DRIZZLE_SECTION = 'In Drizzle';

for (const meta of rules) {
  const id = meta.id;
  describe(`${id} README`, () => {
    const file = readmePath(id);
    const readme = fs.existsSync(file) ? parseReadme(fs.readFileSync(file, 'utf8')) : undefined;
    // Examples are SQL, or TypeScript (```ts) for rules about SQL inside TypeScript, linted as such.
    const sqlIn = (section: string) => (readme?.blocks ?? []).filter((b) => b.section === section && (b.lang === 'sql' || b.lang === 'ts'));
    const optionsOf = (b: { lang: string }) => (b.lang === 'ts' ? { language: 'typescript' } : {});

    test('exists next to the rule, and the rule links to it', () => {
      assert.ok(readme, `${file} should exist`);
      assert.ok(meta.docsUrl.endsWith(`/${id}/README.md`), `docsUrl ${meta.docsUrl} should point to the README`);
    });

    test('starts with the rule id as its title and has every section a rule page needs', () => {
      assert.ok(readme);
      assert.equal(readme.text.split('\n')[0], `# ${id}`);
      for (const s of ['Why', 'Incorrect', 'Correct', 'Fixes', 'When not to use it', 'Sources']) {
        assert.ok(readme.sections.includes(s), `missing section "## ${s}"`);
      }
      assert.ok(sqlIn('Incorrect').length > 0, 'at least one sql (or ts) block under ## Incorrect');
      assert.ok(sqlIn('Correct').length > 0, 'at least one sql (or ts) block under ## Correct');
    });

    test("states the rule's default severity and fix kind in its facts table", () => {
      assert.ok(readme);
      const severity = /^\|\s*Default severity\s*\|\s*`(\w+)`\s*\|/m.exec(readme.text);
      assert.equal(severity?.[1], meta.defaultSeverity);
      const fixable = /^\|\s*Fixable\s*\|\s*([^|]*)\|/m.exec(readme.text)?.[1].trim() ?? '';
      const expected = { none: /^No\b/, suggestion: /^Yes: suggestions\b/, safe: /^Yes\b/ }[meta.fix];
      assert.match(fixable, expected);
    });

    test("cites Neon's best-practices page and shows how to turn the rule off with neonAuth.rules", () => {
      assert.ok(readme);
      assert.ok(readme.sectionText.get('Sources')?.includes('https://neon.com/docs/guides/neon-auth-best-practices'));
      const off = readme.sectionText.get('When not to use it') ?? '';
      assert.ok(off.includes('"neonAuth.rules"') && off.includes(`"${id}": "off"`), 'shows { "neonAuth.rules": { "<id>": "off" } }');
      for (const s of ['off', 'hint', 'info', 'warning', 'error']) assert.ok(off.includes(`\`${s}\``), `lists the severity ${s}`);
    });

    sqlIn('Incorrect').forEach((b, k) => {
      test(`Incorrect example ${k + 1} (line ${b.line}) gets exactly the number of ${id} findings its "-- expect" line states`, () => {
        const m = EXPECT.exec(b.code.split('\n')[0].replace(/^\/\//, '--'));
        assert.ok(m, 'the first line of an Incorrect example is "-- expect: N" ("// expect: N" in TypeScript)');
        const expected = Number(m[1]);
        assert.ok(expected >= 1, 'an Incorrect example is flagged at least once');
        const result = lint(b.code, optionsOf(b));
        assert.deepEqual(result.rejected, [], 'the example parses');
        assert.equal(result.findings.filter((f) => f.ruleId === id).length, expected);
      });
    });

    sqlIn('Correct').forEach((b, k) => {
      test(`Correct example ${k + 1} (line ${b.line}) parses and gets no ${id} finding`, () => {
        const result = lint(b.code, optionsOf(b));
        assert.deepEqual(
          result.findings.filter((f) => f.ruleId === id || f.ruleId === PARSE_ERROR),
          [],
        );
        assert.deepEqual(result.rejected, []);
      });
    });

    test('mentions every fix title its rule cases expect', () => {
      assert.ok(readme);
      // Spans that are mostly placeholder (`<condition>`) would match anything: not titles.
      const documented = inlineCode(readme.text)
        .filter((span) => span.replace(/<[^<>]+>/g, '').length >= 10)
        .map(titlePattern);
      const titles = new Set((ruleCases[id] ?? []).flatMap((c) => c.findings.flatMap((f) => f.fixes.map((x) => x.title))));
      // A rule that offers no fix (meta.fix 'none') has no titles to document.
      assert.ok(
        meta.fix === 'none' ? titles.size === 0 : titles.size > 0,
        meta.fix === 'none' ? 'a rule without fixes lists no fix titles' : 'the rule cases list fix titles',
      );
      for (const title of titles) {
        assert.ok(
          documented.some((p) => p.test(title)),
          `the README does not mention the fix title "${title}"`,
        );
      }
    });

    (readme?.blocks ?? [])
      .filter((b) => b.section === DRIZZLE_SECTION && b.lang === 'ts' && !b.subsection.startsWith('`'))
      .forEach((b) => {
        const m = EXPECT.exec(b.code.split('\n')[0].replace(/^\/\//, '--'));
        test(`In Drizzle example (line ${b.line}) ${m ? `gets exactly ${m[1]} ${id} finding(s)` : `is silent`}`, () => {
          const result = lint(b.code, { language: 'typescript' });
          assert.deepEqual(result.rejected, [], 'the example parses');
          const ours = result.findings.filter((f) => f.ruleId === id || f.ruleId === PARSE_ERROR);
          assert.equal(ours.length, m ? Number(m[1]) : 0);
        });
      });

    const fixHeadings = () => {
      const headings = (readme?.text ?? '').split('\n').filter((l) => l.startsWith('### `'));
      return headings.map((h) => /^### `([^`]+)`\s*$/.exec(h)?.[1] ?? h);
    };

    test('documents under ## Fixes only fix titles the rule produces in its cases', () => {
      assert.ok(readme);
      const titles = (ruleCases[id] ?? []).flatMap((c) => c.findings.flatMap((f) => f.fixes.map((x) => x.title)));
      const headings = fixHeadings();
      if (meta.fix === 'none') assert.equal(headings.length, 0, 'a rule without fixes has no "### `<title>`" fix heading');
      else assert.ok(headings.length > 0, 'each fix has a "### `<title>`" heading');
      for (const h of headings) {
        assert.ok(
          titles.some((t) => titlePattern(h).test(t)),
          `"${h}" matches no fix title of the rule's cases`,
        );
      }
    });

    for (const heading of fixHeadings()) {
      test(`the before/after example of "${heading}" is exactly what that fix produces`, () => {
        assert.ok(readme);
        // A fix's pair sits under its heading in ## Fixes, or (Drizzle fixes) in ## In Drizzle.
        const pair = readme.blocks.filter(
          (b) => (b.section === 'Fixes' || b.section === DRIZZLE_SECTION) && b.subsection === `\`${heading}\`` && (b.lang === 'sql' || b.lang === 'ts'),
        );
        assert.equal(pair.length, 2, 'a Before block and an After block');
        const [before, after] = pair;
        const findings = lint(before.code, optionsOf(before)).findings.filter((f) => f.ruleId === id || f.ruleId === PARSE_ERROR);
        assert.equal(findings.length, 1, 'the Before example has exactly one finding of the rule');
        const pattern = titlePattern(heading);
        const fix = findings[0].fixes.find((x) => pattern.test(x.title));
        assert.ok(fix, `the finding offers "${heading}" (offered: ${findings[0].fixes.map((x) => x.title).join(' | ')})`);
        assert.equal(applyEdits(before.code, fix.edits), after.code);
        const rest = lint(after.code, optionsOf(after));
        assert.deepEqual(
          rest.findings.filter((f) => f.ruleId === id || f.ruleId === PARSE_ERROR),
          [],
          'the After example is silent',
        );
      });
    }
  });
}
