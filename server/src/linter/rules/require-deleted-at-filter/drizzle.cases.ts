/**
 * Drizzle ORM cases of `require-deleted-at-filter` (see `../../drizzle.ts` and this rule's `drizzle.ts`): each `sql` is a whole
 * TypeScript module, proven by the Drizzle harness (type-checked against drizzle-orm, its tables
 * created and its `run()` executed on PGlite).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: flags a lookup .from(usersSync).where(eq(…)); the fix wraps the where in and(…) and imports and/isNull',
    options: TS,
    drizzle: true,
    sql: `import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  const id = 'user_ada';
  return db.select().from(usersSync).where(eq(usersSync.id, id));
}
`,
    findings: [
      {
        at: 'usersSync',
        nth: 1,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(usersSync.deletedAt) to the where (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { eq, and, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  const id = 'user_ada';
  return db.select().from(usersSync).where(and(eq(usersSync.id, id), isNull(usersSync.deletedAt)));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: "Drizzle: flags .leftJoin(usersSync, …) with no where: adds .where(isNull(…)) or extends the join's condition",
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db.select().from(articles).leftJoin(usersSync, eq(articles.authorId, usersSync.id)).orderBy(articles.id);
}
`,
    findings: [
      {
        at: 'usersSync',
        nth: 2,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(usersSync.deletedAt) to the where (drops rows whose user was soft-deleted)',
            preferred: true,
            safe: false,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db.select().from(articles).leftJoin(usersSync, eq(articles.authorId, usersSync.id)).where(isNull(usersSync.deletedAt)).orderBy(articles.id);
}
`,
          },
          {
            title: "Add isNull(usersSync.deletedAt) to the join's condition (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            safe: false,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq, and, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db.select().from(articles).leftJoin(usersSync, and(eq(articles.authorId, usersSync.id), isNull(usersSync.deletedAt))).orderBy(articles.id);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags a relational query that loads a one() relation to usersSync (no filter possible there: no fix)',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { relations } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export { usersSync }; // in the schema Drizzle's relational queries read

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export const articlesRelations = relations(articles, ({ one }) => ({
  author: one(usersSync, { fields: [articles.authorId], references: [usersSync.id] }),
}));

export async function run() {
  return db.query.articles.findMany({ with: { author: true }, limit: 10 });
}
`,
    findings: [
      {
        at: 'author',
        nth: 4,
        message:
          'Relational query loads author from neon_auth.users_sync with no deleted_at filter, so soft-deleted users are loaded too; check author.deletedAt before showing it, or select with leftJoin(…) and isNull(….deletedAt).',
        fixes: [],
      },
    ],
  },
  {
    name: 'Drizzle: accepts isNull(usersSync.deletedAt) in the where',
    options: TS,
    drizzle: true,
    sql: `import { and, eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  const id = 'user_ada';
  return db.select().from(usersSync).where(and(eq(usersSync.id, id), isNull(usersSync.deletedAt)));
}
`,
    findings: [],
  },
  {
    name: 'Drizzle: accepts a sql`${usersSync.deletedAt} is null` filter',
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.select().from(usersSync).where(sql\`\${usersSync.deletedAt} is null\`);
}
`,
    findings: [],
  },
];
