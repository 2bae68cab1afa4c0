/**
 * Drizzle ORM cases of `match-auth-uid-type` (see `../../drizzle.ts` and this rule's `drizzle.ts`):
 * each `sql` is a whole TypeScript module, proven by the Drizzle harness (type-checked against
 * drizzle-orm, its tables created by drizzle-kit's DDL on PGlite).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: flags a uuid() column whose SQL default is sql`auth.user_id()` (text: 42804 when drizzle-kit creates the table); the fix calls auth.uid()',
    options: TS,
    drizzle: true,
    // each sql`…` default is an SQL expression, not a statement: no parser reads it as one (the engine skips it quietly)
    parserMayReject: true,
    rejectedBy: '42804',
    sql: `import { sql } from 'drizzle-orm';
import { pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const docs = pgTable('docs', {
  id: serial('id').primaryKey(),
  ownerId: uuid('owner_id').notNull().default(sql\`auth.user_id()\`),
  body: text('body'),
});
`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        message:
          'owner_id is uuid, but auth.user_id() returns text: Postgres has no assignment cast from text to uuid and rejects this default (SQLSTATE 42804). Use auth.uid(), which returns uuid.',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `import { sql } from 'drizzle-orm';
import { pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const docs = pgTable('docs', {
  id: serial('id').primaryKey(),
  ownerId: uuid('owner_id').notNull().default(sql\`auth.uid()\`),
  body: text('body'),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags sql`(auth.user_id())` on a uuid() column without a name argument, in the (t) => ({ … }) form, the sql tag imported under another name',
    options: TS,
    drizzle: true,
    // each sql`…` default is an SQL expression, not a statement: no parser reads it as one (the engine skips it quietly)
    parserMayReject: true,
    rejectedBy: '42804',
    sql: `import { sql as raw } from 'drizzle-orm';
import { pgTable } from 'drizzle-orm/pg-core';

export const drafts = pgTable('drafts', (t) => ({
  id: t.serial().primaryKey(),
  authorId: t.uuid().default(raw\`(auth.user_id())\`),
}));
`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'assignOtherHelper',
        message: 'authorId is uuid, but auth.user_id() returns text',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `import { sql as raw } from 'drizzle-orm';
import { pgTable } from 'drizzle-orm/pg-core';

export const drafts = pgTable('drafts', (t) => ({
  id: t.serial().primaryKey(),
  authorId: t.uuid().default(raw\`(auth.uid())\`),
}));
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: accepts the SQL defaults Postgres converts (auth.uid() into uuid and text, auth.user_id() into text), a JavaScript $defaultFn, and a default a later .defaultRandom() replaces',
    options: TS,
    drizzle: true,
    // each sql`…` default is an SQL expression, not a statement: no parser reads it as one (the engine skips it quietly)
    parserMayReject: true,
    sql: `import { sql } from 'drizzle-orm';
import { pgTable, serial, text, uuid, varchar } from 'drizzle-orm/pg-core';

export const docs = pgTable('docs', {
  id: serial('id').primaryKey(),
  ownerId: uuid('owner_id').default(sql\`auth.uid()\`),
  author: text('author').default(sql\`auth.uid()\`),
  editor: varchar('editor', { length: 64 }).default(sql\`(auth.user_id())\`),
  token: uuid('token').default(sql\`auth.user_id()\`).defaultRandom(),
  label: text('label').$defaultFn(() => 'auth.user_id()'),
});
`,
    findings: [],
  },
];
