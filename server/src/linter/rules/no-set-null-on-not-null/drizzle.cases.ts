/**
 * Drizzle ORM cases of `no-set-null-on-not-null` (see `../../drizzle.ts` and this rule's `drizzle.ts`): each `sql` is a whole
 * TypeScript module, proven by the Drizzle harness (type-checked against drizzle-orm, its tables
 * created and its `run()` executed on PGlite).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: flags onDelete \'set null\' on a notNull() uuid column to neon_auth "user": the first user delete fails',
    options: TS,
    drizzle: true,
    rejectedBy: '23502',
    drizzleAfter: 'INSERT INTO notes (id, user_id) SELECT \'n1\', id FROM neon_auth."user" LIMIT 1; DELETE FROM neon_auth."user";',
    sql: `import { pgSchema, pgTable, text, uuid } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => user.id, { onDelete: 'set null' }),
});
`,
    findings: [
      {
        at: "'set null'",
        messageId: 'drizzleSetNullOnNotNull',
        message:
          "onDelete 'set null' on user_id, which is NOT NULL: Postgres accepts it, but deleting a user who still has rows here fails with a not-null violation (SQLSTATE 23502). Make the column nullable, or delete the rows with the user ('cascade').",
        fixes: [
          {
            title: 'Remove .notNull() from userId',
            preferred: true,
            safe: false,
            output: `import { pgSchema, pgTable, text, uuid } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').references(() => user.id, { onDelete: 'set null' }),
});
`,
          },
          {
            title: "Change to 'cascade' (delete these rows with the user)",
            preferred: false,
            safe: false,
            output: `import { pgSchema, pgTable, text, uuid } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
];
