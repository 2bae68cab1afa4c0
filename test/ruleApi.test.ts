/**
 * The rule-authoring API (`server/src/linter/rules/rule.ts`): `defineRule`, message templates and
 * their typing, and that every message of every rule is asserted somewhere.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defineRule, MessageOf, placeholdersOf, renderMessage, Report, RULE_DOCS_BASE } from '../server/src/linter/rules/rule';
import { ruleModules } from '../server/src/linter/rules/registry';
import { ruleCases } from './ruleCases';
import { historyCases } from './historyCases';

const MESSAGES = {
  innerJoin: 'Inner join to {table} drops rows{hint}.',
  plain: 'No placeholder here.',
} as const;

describe('defineRule', () => {
  const rule = defineRule({
    meta: { id: 'example-rule', description: 'An example.', defaultSeverity: 'warning', fix: 'none', overview: { reports: 'r', fixes: 'none' } },
    messages: MESSAGES,
    check(ctx) {
      ctx.report({ messageId: 'innerJoin', data: { table: 'neon_auth.users_sync', hint: '' }, start: 0, end: 4, fixes: [] });
    },
  });

  test('derives the docs URL from the id and carries the messages in meta', () => {
    assert.equal(rule.meta.docsUrl, `${RULE_DOCS_BASE}example-rule/README.md`);
    assert.deepEqual(rule.meta.messages, MESSAGES);
    assert.equal(rule.drizzle, undefined);
  });

  test('report types admit only the rule’s own ids, with exactly their placeholders', () => {
    // These assignments are checked by tsc (npm test compiles this file): each @ts-expect-error
    // line must be an error, or the compile fails.
    const fields = { start: 0, end: 1, fixes: [] };
    const ok: Report<typeof MESSAGES>[] = [
      { messageId: 'innerJoin', data: { table: 't', hint: '' }, ...fields },
      { messageId: 'plain', ...fields },
    ];
    // @ts-expect-error -- not one of the rule's message ids
    const unknownId: Report<typeof MESSAGES> = { messageId: 'outerJoin', ...fields };
    // @ts-expect-error -- a placeholder without its value
    const missingKey: Report<typeof MESSAGES> = { messageId: 'innerJoin', data: { table: 't' }, ...fields };
    // @ts-expect-error -- a key the template has no placeholder for
    const extraKey: Report<typeof MESSAGES> = { messageId: 'innerJoin', data: { table: 't', hint: '', other: 'x' }, ...fields };
    // @ts-expect-error -- data on a message without placeholders
    const dataOnPlain: MessageOf<typeof MESSAGES> = { messageId: 'plain', data: { table: 't' } };
    // @ts-expect-error -- the rendered text is the engine's job: no `message` in a report
    const withMessage: Report<typeof MESSAGES> = { messageId: 'plain', message: 'text', ...fields };
    assert.equal(ok.length + [unknownId, missingKey, extraKey, dataOnPlain, withMessage].length, 7);
  });
});

describe('message templates', () => {
  test('renderMessage fills each placeholder (numbers too) and throws on a missing value', () => {
    assert.equal(renderMessage('{a} and {b}, {a} again', { a: 'x', b: 2 }), 'x and 2, x again');
    assert.throws(() => renderMessage('{a} and {b}', { a: 'x' }), /message placeholder \{b\} has no value/);
    assert.deepEqual(placeholdersOf('{a} and {b}, {a} again'), ['a', 'b']);
  });

  test('every rule has messages, and every brace in a template is a placeholder', () => {
    for (const { meta } of ruleModules) {
      assert.ok(Object.keys(meta.messages).length > 0, `${meta.id} has messages`);
      for (const [id, template] of Object.entries(meta.messages)) {
        const rest = template.replace(/\{[A-Za-z][A-Za-z0-9]*\}/g, '');
        assert.ok(!/[{}]/.test(rest), `${meta.id}.${id}: a brace that is not a {placeholder}`);
        assert.match(id, /^[a-z][A-Za-z0-9]*$/, `${meta.id}.${id}: message ids are camelCase`);
      }
    }
  });

  test('every message of every rule is asserted by a rule case or a migration-set case', () => {
    const asserted = new Set([
      ...Object.entries(ruleCases).flatMap(([ruleId, cases]) => cases.flatMap((c) => c.findings.map((f) => `${ruleId}.${f.messageId}`))),
      ...historyCases.flatMap((c) => c.findings.map(([ruleId, , messageId]) => `${ruleId}.${messageId}`)),
    ]);
    const declared = ruleModules.flatMap(({ meta }) => Object.keys(meta.messages).map((id) => `${meta.id}.${id}`));
    assert.deepEqual(
      declared.filter((id) => !asserted.has(id)),
      [],
      'messages no case asserts',
    );
    assert.deepEqual(
      [...asserted].filter((id) => !declared.includes(id)),
      [],
      'asserted message ids no rule declares',
    );
  });
});
