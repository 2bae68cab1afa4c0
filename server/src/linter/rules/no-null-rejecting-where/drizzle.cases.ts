/**
 * Drizzle ORM cases of `no-null-rejecting-where` (see `../../drizzle.ts` and this rule's `drizzle.ts`): each `sql` is a whole
 * TypeScript module, proven by the Drizzle harness (type-checked against drizzle-orm, its tables
 * created and its `run()` executed on PGlite).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: flags ilike(users.email, …) in the where after .leftJoin(users, …)',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { and, eq, ilike, isNull } from 'drizzle-orm';
import { usersSync as users } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
});

export async function run() {
  const pattern = '%@example.com';
  return db
    .select()
    .from(articles)
    .leftJoin(users, and(eq(articles.authorId, users.id), isNull(users.deletedAt)))
    .where(and(eq(articles.id, 'a1'), ilike(users.email, pattern)));
}
`,
    findings: [
      {
        at: 'ilike(users.email, pattern)',
        message:
          'This where condition is never true when users has no matching neon_auth.users_sync row, so it drops the rows the leftJoin keeps for missing users: the join works as an inner join.',
        fixes: [
          {
            title: 'Change to innerJoin (same rows: only rows with a matching user)',
            preferred: true,
            safe: true,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { and, eq, ilike, isNull } from 'drizzle-orm';
import { usersSync as users } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
});

export async function run() {
  const pattern = '%@example.com';
  return db
    .select()
    .from(articles)
    .innerJoin(users, and(eq(articles.authorId, users.id), isNull(users.deletedAt)))
    .where(and(eq(articles.id, 'a1'), ilike(users.email, pattern)));
}
`,
          },
          {
            title: "Move ilike(users.email, pattern) into the join's condition (keeps rows without a user)",
            preferred: false,
            safe: false,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { and, eq, ilike, isNull } from 'drizzle-orm';
import { usersSync as users } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
});

export async function run() {
  const pattern = '%@example.com';
  return db
    .select()
    .from(articles)
    .leftJoin(users, and(eq(articles.authorId, users.id), isNull(users.deletedAt), ilike(users.email, pattern)))
    .where(eq(articles.id, 'a1'));
}
`,
          },
        ],
      },
    ],
  },
];
