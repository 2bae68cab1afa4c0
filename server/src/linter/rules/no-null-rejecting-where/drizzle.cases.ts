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
        messageId: 'drizzleWhereRejects',
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
  {
    name: 'Drizzle: flags eq(reviewer.email, …) after .leftJoin(reviewer, …), reviewer = alias(user, \'reviewer\') of a local neon_auth "user"',
    options: TS,
    drizzle: true,
    sql: `import { pgSchema, pgTable, text, uuid, alias } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { db } from './db';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  reviewerId: uuid('reviewer_id').references(() => user.id, { onDelete: 'set null' }),
});

const reviewer = alias(user, 'reviewer');

export async function run() {
  return db.select().from(posts).leftJoin(reviewer, eq(posts.reviewerId, reviewer.id)).where(eq(reviewer.email, 'ada@example.com'));
}
`,
    findings: [
      {
        at: "eq(reviewer.email, 'ada@example.com')",
        messageId: 'drizzleWhereRejects',
        message:
          'This where condition is never true when reviewer has no matching neon_auth."user" row, so it drops the rows the leftJoin keeps for missing users: the join works as an inner join.',
        fixes: [
          {
            title: 'Change to innerJoin (same rows: only rows with a matching user)',
            preferred: true,
            safe: true,
            output: `import { pgSchema, pgTable, text, uuid, alias } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { db } from './db';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  reviewerId: uuid('reviewer_id').references(() => user.id, { onDelete: 'set null' }),
});

const reviewer = alias(user, 'reviewer');

export async function run() {
  return db.select().from(posts).innerJoin(reviewer, eq(posts.reviewerId, reviewer.id)).where(eq(reviewer.email, 'ada@example.com'));
}
`,
          },
          {
            title: "Move eq(reviewer.email, 'ada@example.com') into the join's condition (keeps rows without a user)",
            preferred: false,
            safe: false,
            output: `import { pgSchema, pgTable, text, uuid, alias } from 'drizzle-orm/pg-core';
import { eq, and } from 'drizzle-orm';
import { db } from './db';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  reviewerId: uuid('reviewer_id').references(() => user.id, { onDelete: 'set null' }),
});

const reviewer = alias(user, 'reviewer');

export async function run() {
  return db.select().from(posts).leftJoin(reviewer, and(eq(posts.reviewerId, reviewer.id), eq(reviewer.email, 'ada@example.com')));
}
`,
          },
        ],
      },
    ],
  },
];
