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
  {
    name: "Drizzle: flags a pgPolicy's sql`(select auth.user_id() = ${t.ownerId})` on a uuid() column (drizzle-kit's CREATE POLICY fails with 42883); the fix calls auth.uid() in the template",
    options: TS,
    drizzle: true,
    parserMayReject: true,
    rejectedBy: '42883',
    sql: `import { sql } from 'drizzle-orm';
import { authenticatedRole } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull(), body: text('body') }, (t) => [
  pgPolicy('owner', { for: 'select', to: authenticatedRole, using: sql\`(select auth.user_id() = \${t.ownerId})\` }),
]);
`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        message:
          'owner_id is uuid, but auth.user_id() returns text: Postgres has no operator comparing uuid with text and rejects the comparison (SQLSTATE 42883). Compare with auth.uid(), which returns uuid.',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `import { sql } from 'drizzle-orm';
import { authenticatedRole } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull(), body: text('body') }, (t) => [
  pgPolicy('owner', { for: 'select', to: authenticatedRole, using: sql\`(select auth.uid() = \${t.ownerId})\` }),
]);
`,
          },
        ],
      },
    ],
  },
  {
    name: "Drizzle: flags a text() column compared with auth.uid() in a policy's withCheck, the column first",
    options: TS,
    drizzle: true,
    parserMayReject: true,
    rejectedBy: '42883',
    sql: `import { sql } from 'drizzle-orm';
import { pgPolicy, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const docs = pgTable('docs', { id: serial('id').primaryKey(), ownerId: text('owner_id') }, (t) => [
  pgPolicy('owner_insert', { for: 'insert', withCheck: sql\`\${t.ownerId} = auth.uid()\` }),
]);
`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            safe: true,
            output: `import { sql } from 'drizzle-orm';
import { pgPolicy, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const docs = pgTable('docs', { id: serial('id').primaryKey(), ownerId: text('owner_id') }, (t) => [
  pgPolicy('owner_insert', { for: 'insert', withCheck: sql\`\${t.ownerId} = auth.user_id()\` }),
]);
`,
          },
        ],
      },
    ],
  },
  {
    name: "Drizzle: flags crudPolicy's authUid(t.ownerId) on a uuid() column (drizzle-orm/neon writes (select auth.user_id() = …): 42883), read and modify each, with no fix",
    options: TS,
    drizzle: true,
    parserMayReject: true,
    rejectedBy: '42883',
    sql: `import { authenticatedRole, authUid, crudPolicy } from 'drizzle-orm/neon';
import { pgTable, serial, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull() }, (t) => [
  crudPolicy({ role: authenticatedRole, read: authUid(t.ownerId), modify: authUid(t.ownerId) }),
]);
`,
    findings: [
      {
        at: 'authUid(t.ownerId)',
        messageId: 'authUidOnUuid',
        message:
          'owner_id is uuid, but authUid() compares it with auth.user_id(), which returns text: Postgres has no operator comparing uuid with text and rejects the policy (SQLSTATE 42883).',
        fixes: [],
      },
      { at: 'authUid(t.ownerId)', nth: 1, messageId: 'authUidOnUuid', fixes: [] },
    ],
  },
  {
    name: "Drizzle: flags a pgPolicy's sql`${t.ownerId} IN (SELECT auth.user_id())` on a uuid() column (drizzle-kit's CREATE POLICY fails with 42883: the sub-query's rows are compared with =); the fix calls auth.uid()",
    options: TS,
    drizzle: true,
    parserMayReject: true,
    rejectedBy: '42883',
    sql: `import { sql } from 'drizzle-orm';
import { authenticatedRole } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull(), body: text('body') }, (t) => [
  pgPolicy('owner', { for: 'update', to: authenticatedRole, using: sql\`\${t.ownerId} IN (SELECT auth.user_id())\` }),
]);
`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        message:
          'owner_id is uuid, but auth.user_id() returns text: Postgres has no operator comparing uuid with text and rejects the comparison (SQLSTATE 42883). Compare with auth.uid(), which returns uuid.',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `import { sql } from 'drizzle-orm';
import { authenticatedRole } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull(), body: text('body') }, (t) => [
  pgPolicy('owner', { for: 'update', to: authenticatedRole, using: sql\`\${t.ownerId} IN (SELECT auth.uid())\` }),
]);
`,
          },
        ],
      },
    ],
  },
  {
    name: "Drizzle: flags a pgPolicy's withCheck sql`${t.ownerId} = ANY (select auth.user_id())` on a uuid() column (42883)",
    options: TS,
    drizzle: true,
    parserMayReject: true,
    rejectedBy: '42883',
    sql: `import { sql } from 'drizzle-orm';
import { authenticatedRole } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull(), body: text('body') }, (t) => [
  pgPolicy('owner', { for: 'update', to: authenticatedRole, withCheck: sql\`\${t.ownerId} = ANY (select auth.user_id())\` }),
]);
`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `import { sql } from 'drizzle-orm';
import { authenticatedRole } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull(), body: text('body') }, (t) => [
  pgPolicy('owner', { for: 'update', to: authenticatedRole, withCheck: sql\`\${t.ownerId} = ANY (select auth.uid())\` }),
]);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: accepts policies whose helper matches the column (authUid on text(), auth.uid() on uuid()), and leaves a cast, another operator and a column of unseen type alone',
    options: TS,
    drizzle: true,
    parserMayReject: true,
    sql: `import { sql } from 'drizzle-orm';
import { authenticatedRole, authUid, crudPolicy } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: text('owner_id').notNull(), editorId: uuid('editor_id') }, (t) => [
  crudPolicy({ role: authenticatedRole, read: authUid(t.ownerId), modify: null }),
  pgPolicy('editor', { for: 'update', to: authenticatedRole, using: sql\`(select auth.uid() = \${t.editorId})\`, withCheck: sql\`auth.user_id() = \${t.editorId}::text\` }),
  pgPolicy('owner_or_editor', { for: 'delete', using: sql\`auth.user_id() || '' = \${t.ownerId} or \${t.editorId} is not null\` }),
  pgPolicy('in_own', { for: 'select', using: sql\`\${t.ownerId} IN (SELECT auth.user_id()) and \${t.editorId} = ANY (select auth.uid())\` }),
]);
`,
    findings: [],
  },
  {
    name: "Drizzle: reads a policy declared outside its table and linked to it, pgPolicy(…).link(notes): sql`(select auth.user_id() = ${notes.ownerId})` on a uuid() column fails drizzle-kit's CREATE POLICY with 42883; the fix calls auth.uid()",
    options: TS,
    drizzle: true,
    parserMayReject: true,
    rejectedBy: '42883',
    sql: `import { sql } from 'drizzle-orm';
import { authenticatedRole } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull(), body: text('body') });

export const ownerRead = pgPolicy('owner_read', { for: 'select', to: authenticatedRole, using: sql\`(select auth.user_id() = \${notes.ownerId})\` }).link(notes);
`,
    findings: [
      {
        at: 'auth.user_id()',
        messageId: 'useOtherHelper',
        message:
          'owner_id is uuid, but auth.user_id() returns text: Postgres has no operator comparing uuid with text and rejects the comparison (SQLSTATE 42883). Compare with auth.uid(), which returns uuid.',
        fixes: [
          {
            title: 'Use auth.uid() (returns uuid, like the column)',
            preferred: true,
            safe: true,
            output: `import { sql } from 'drizzle-orm';
import { authenticatedRole } from 'drizzle-orm/neon';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: uuid('owner_id').notNull(), body: text('body') });

export const ownerRead = pgPolicy('owner_read', { for: 'select', to: authenticatedRole, using: sql\`(select auth.uid() = \${notes.ownerId})\` }).link(notes);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: a pgPolicy bound to a const and linked by a later statement (ownerInsert.link(docs)) is read too, on a table with .enableRLS(): a text() column compared with auth.uid() in its withCheck',
    options: TS,
    drizzle: true,
    parserMayReject: true,
    rejectedBy: '42883',
    sql: `import { sql } from 'drizzle-orm';
import { pgPolicy, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const docs = pgTable('docs', { id: serial('id').primaryKey(), ownerId: text('owner_id') }).enableRLS();

export const ownerInsert = pgPolicy('owner_insert', { for: 'insert', withCheck: sql\`\${docs.ownerId} = auth.uid()\` });
ownerInsert.link(docs);
`,
    findings: [
      {
        at: 'auth.uid()',
        messageId: 'useOtherHelper',
        fixes: [
          {
            title: 'Use auth.user_id() (returns text, like the column)',
            preferred: true,
            safe: true,
            output: `import { sql } from 'drizzle-orm';
import { pgPolicy, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const docs = pgTable('docs', { id: serial('id').primaryKey(), ownerId: text('owner_id') }).enableRLS();

export const ownerInsert = pgPolicy('owner_insert', { for: 'insert', withCheck: sql\`\${docs.ownerId} = auth.user_id()\` });
ownerInsert.link(docs);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: linked policies whose helper matches the column are not reported (each policy names the columns of the table it is linked to)',
    options: TS,
    drizzle: true,
    parserMayReject: true,
    sql: `import { sql } from 'drizzle-orm';
import { pgPolicy, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: text('owner_id').notNull(), editorId: uuid('editor_id') });
export const docs = pgTable('docs', { id: serial('id').primaryKey(), ownerId: uuid('owner_id') });

export const ownerRead = pgPolicy('owner_read', { for: 'select', using: sql\`(select auth.user_id() = \${notes.ownerId})\` }).link(notes);
export const editorUpdate = pgPolicy('editor_update', { for: 'update', using: sql\`(select auth.uid() = \${notes.editorId})\` }).link(notes);
export const docsRead = pgPolicy('docs_read', { for: 'select', using: sql\`auth.uid() = \${docs.ownerId}\` }).link(docs);
`,
    findings: [],
  },
];
