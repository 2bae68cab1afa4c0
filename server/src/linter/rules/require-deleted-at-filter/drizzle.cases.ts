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
        messageId: 'missingFilter',
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
    name: 'Drizzle: the fix imports isNull under a free alias when the module already has its own isNull',
    options: TS,
    drizzle: true,
    sql: `import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const isNull = (value: unknown): boolean => value === null || value === undefined;

export async function run() {
  return db.select().from(usersSync).where(eq(usersSync.id, 'user_ada'));
}
`,
    findings: [
      {
        at: 'usersSync',
        messageId: 'missingFilter',
        nth: 1,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add drizzleIsNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add drizzleIsNull(usersSync.deletedAt) to the where (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { eq, and, isNull as drizzleIsNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const isNull = (value: unknown): boolean => value === null || value === undefined;

export async function run() {
  return db.select().from(usersSync).where(and(eq(usersSync.id, 'user_ada'), drizzleIsNull(usersSync.deletedAt)));
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
        messageId: 'missingFilter',
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
        messageId: 'relationalLoad',
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
  {
    name: 'Drizzle sql: flags ${usersSync} read in a db.execute(sql`…`) statement; the fix adds WHERE ${usersSync.deletedAt} IS NULL',
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT id, email FROM \${usersSync} ORDER BY created_at DESC LIMIT 5\`);
}
`,
    findings: [
      {
        at: '${usersSync}',
        messageId: 'missingFilter',
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add ${usersSync.deletedAt} IS NULL.',
        fixes: [
          {
            title: 'Add ${usersSync.deletedAt} IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT id, email FROM \${usersSync} WHERE \${usersSync.deletedAt} IS NULL ORDER BY created_at DESC LIMIT 5\`);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle sql: flags LEFT JOIN ${users} u (usersSync imported under an alias) with no deleted_at; the fixes name the alias',
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { usersSync as users } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT p.title, u.email FROM posts p LEFT JOIN \${users} u ON u.id = p.author_id\`);
}
`,
    findings: [
      {
        at: '${users} u',
        messageId: 'missingFilter',
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add u.deleted_at IS NULL.',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            safe: false,
            output: `import { sql } from 'drizzle-orm';
import { usersSync as users } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT p.title, u.email FROM posts p LEFT JOIN \${users} u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`);
}
`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            safe: false,
            output: `import { sql } from 'drizzle-orm';
import { usersSync as users } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT p.title, u.email FROM posts p LEFT JOIN \${users} u ON u.id = p.author_id AND u.deleted_at IS NULL\`);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: "Drizzle sql: a local pgSchema('neon_auth').table('users_sync') without a deletedAt property: the fix writes ${neonUsers}.deleted_at after the WHERE's ${email}",
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { pgSchema, text } from 'drizzle-orm/pg-core';
import { db } from './db';

const neonAuth = pgSchema('neon_auth');
const neonUsers = neonAuth.table('users_sync', { id: text('id').primaryKey(), email: text('email') });

export async function run() {
  const email = 'ada@example.com';
  return db.execute(sql\`SELECT id FROM \${neonUsers} WHERE email = \${email}\`);
}
`,
    findings: [
      {
        at: '${neonUsers}',
        messageId: 'missingFilter',
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add ${neonUsers}.deleted_at IS NULL.',
        fixes: [
          {
            title: 'Add ${neonUsers}.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { sql } from 'drizzle-orm';
import { pgSchema, text } from 'drizzle-orm/pg-core';
import { db } from './db';

const neonAuth = pgSchema('neon_auth');
const neonUsers = neonAuth.table('users_sync', { id: text('id').primaryKey(), email: text('email') });

export async function run() {
  const email = 'ada@example.com';
  return db.execute(sql\`SELECT id FROM \${neonUsers} WHERE email = \${email} AND \${neonUsers}.deleted_at IS NULL\`);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle sql: accepts WHERE ${usersSync.deletedAt} IS NOT NULL (a count of deleted users is a deleted_at condition)',
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT count(*)::int AS n FROM \${usersSync} WHERE \${usersSync.deletedAt} IS NOT NULL\`);
}
`,
    findings: [],
  },
  {
    name: "Drizzle sql: a look-alike pgTable('users_sync') written as ${usersSync} stays silent",
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { db } from './db';

export const usersSync = pgTable('users_sync', { id: text('id').primaryKey(), email: text('email') });

export async function run() {
  return db.execute(sql\`SELECT id, email FROM \${usersSync} ORDER BY id\`);
}
`,
    findings: [],
  },
  {
    name: "Drizzle: flags a join to editor = alias(usersSync, 'editor'); the fixes name editor.deletedAt",
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text, alias } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  editorId: text('editor_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

const editor = alias(usersSync, 'editor');

export async function run() {
  return db.select().from(posts).innerJoin(editor, eq(posts.editorId, editor.id));
}
`,
    findings: [
      {
        at: 'editor',
        messageId: 'missingFilter',
        nth: 4,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(editor.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(editor.deletedAt) to the where (drops rows whose user was soft-deleted)',
            preferred: true,
            safe: false,
            output: `import { pgTable, text, alias } from 'drizzle-orm/pg-core';
import { eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  editorId: text('editor_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

const editor = alias(usersSync, 'editor');

export async function run() {
  return db.select().from(posts).innerJoin(editor, eq(posts.editorId, editor.id)).where(isNull(editor.deletedAt));
}
`,
          },
          {
            title: "Add isNull(editor.deletedAt) to the join's condition (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            safe: false,
            output: `import { pgTable, text, alias } from 'drizzle-orm/pg-core';
import { eq, and, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  editorId: text('editor_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

const editor = alias(usersSync, 'editor');

export async function run() {
  return db.select().from(posts).innerJoin(editor, and(eq(posts.editorId, editor.id), isNull(editor.deletedAt)));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: "Drizzle: a one-call-per-line chain gets the new .where(…) on its own line, with the chain's indentation",
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
  return db
    .select()
    .from(articles)
    .leftJoin(usersSync, eq(articles.authorId, usersSync.id))
    .orderBy(articles.id);
}
`,
    findings: [
      {
        at: 'usersSync',
        messageId: 'missingFilter',
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
  return db
    .select()
    .from(articles)
    .leftJoin(usersSync, eq(articles.authorId, usersSync.id))
    .where(isNull(usersSync.deletedAt))
    .orderBy(articles.id);
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
  return db
    .select()
    .from(articles)
    .leftJoin(usersSync, and(eq(articles.authorId, usersSync.id), isNull(usersSync.deletedAt)))
    .orderBy(articles.id);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags db.query.usersSync.findMany() and findFirst({ where }); the fix adds where: isNull(…) or and(…, isNull(…))',
    options: TS,
    drizzle: true,
    sql: `import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export { usersSync }; // in the schema Drizzle's relational queries read

export async function run() {
  const everyone = await db.query.usersSync.findMany();
  const ada = await db.query.usersSync.findFirst({ where: eq(usersSync.id, 'user_ada') });
  return { everyone, ada };
}
`,
    findings: [
      {
        at: 'usersSync',
        messageId: 'missingFilter',
        nth: 2,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(usersSync.deletedAt) to the where (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export { usersSync }; // in the schema Drizzle's relational queries read

export async function run() {
  const everyone = await db.query.usersSync.findMany({ where: isNull(usersSync.deletedAt) });
  const ada = await db.query.usersSync.findFirst({ where: eq(usersSync.id, 'user_ada') });
  return { everyone, ada };
}
`,
          },
        ],
      },
      {
        at: 'usersSync',
        messageId: 'missingFilter',
        nth: 3,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(usersSync.deletedAt) to the where (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { eq, and, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export { usersSync }; // in the schema Drizzle's relational queries read

export async function run() {
  const everyone = await db.query.usersSync.findMany();
  const ada = await db.query.usersSync.findFirst({ where: and(eq(usersSync.id, 'user_ada'), isNull(usersSync.deletedAt)) });
  return { everyone, ada };
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: db.query.usersSync with a config of one property per line, and a where callback; the fixes keep each form',
    options: TS,
    drizzle: true,
    sql: `import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export { usersSync };

export async function run() {
  const recent = await db.query.usersSync.findMany({
    columns: { id: true, email: true },
    orderBy: (u, { desc }) => [desc(u.createdAt)],
    limit: 10,
  });
  const ada = await db.query.usersSync.findFirst({ where: (u, { eq }) => eq(u.email, 'ada@example.com') });
  return { recent, ada };
}
`,
    findings: [
      {
        at: 'usersSync',
        messageId: 'missingFilter',
        nth: 2,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(usersSync.deletedAt) to the where (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';
import { isNull } from 'drizzle-orm';

export { usersSync };

export async function run() {
  const recent = await db.query.usersSync.findMany({
    columns: { id: true, email: true },
    orderBy: (u, { desc }) => [desc(u.createdAt)],
    limit: 10,
    where: isNull(usersSync.deletedAt),
  });
  const ada = await db.query.usersSync.findFirst({ where: (u, { eq }) => eq(u.email, 'ada@example.com') });
  return { recent, ada };
}
`,
          },
        ],
      },
      {
        at: 'usersSync',
        messageId: 'missingFilter',
        nth: 3,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(usersSync.deletedAt) to the where (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';
import { and, isNull } from 'drizzle-orm';

export { usersSync };

export async function run() {
  const recent = await db.query.usersSync.findMany({
    columns: { id: true, email: true },
    orderBy: (u, { desc }) => [desc(u.createdAt)],
    limit: 10,
  });
  const ada = await db.query.usersSync.findFirst({ where: (u, { eq }) => and(eq(u.email, 'ada@example.com'), isNull(u.deletedAt)) });
  return { recent, ada };
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags db.$count(usersSync) and db.$count(usersSync, where) with no deleted_at condition',
    options: TS,
    drizzle: true,
    sql: `import { like } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  const total = await db.$count(usersSync);
  const staff = await db.$count(usersSync, like(usersSync.email, '%@example.com'));
  return { total, staff };
}
`,
    findings: [
      {
        at: 'usersSync',
        messageId: 'countMissingFilter',
        nth: 1,
        message: 'Count reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: "Add isNull(usersSync.deletedAt) to the count's condition (does not count soft-deleted users)",
            preferred: true,
            safe: false,
            output: `import { like, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  const total = await db.$count(usersSync, isNull(usersSync.deletedAt));
  const staff = await db.$count(usersSync, like(usersSync.email, '%@example.com'));
  return { total, staff };
}
`,
          },
        ],
      },
      {
        at: 'usersSync',
        messageId: 'countMissingFilter',
        nth: 2,
        message: 'Count reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: "Add isNull(usersSync.deletedAt) to the count's condition (does not count soft-deleted users)",
            preferred: true,
            safe: false,
            output: `import { like, and, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  const total = await db.$count(usersSync);
  const staff = await db.$count(usersSync, and(like(usersSync.email, '%@example.com'), isNull(usersSync.deletedAt)));
  return { total, staff };
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: accepts relational queries and counts on usersSync that filter deletedAt (expression or callback)',
    options: TS,
    drizzle: true,
    sql: `import { and, eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export { usersSync };

export async function run() {
  const everyone = await db.query.usersSync.findMany({ where: isNull(usersSync.deletedAt) });
  const ada = await db.query.usersSync.findFirst({ where: (u, { and, eq, isNull }) => and(eq(u.id, 'user_ada'), isNull(u.deletedAt)) });
  const total = await db.$count(usersSync, isNull(usersSync.deletedAt));
  const active = await db.$count(usersSync, and(eq(usersSync.name, 'Ada'), isNull(usersSync.deletedAt)));
  return { everyone, ada, total, active };
}
`,
    findings: [],
  },
  {
    name: "Drizzle: operators imported from drizzle-orm/sql are the file's and/isNull: the fix uses them instead of importing them again from drizzle-orm",
    options: TS,
    drizzle: true,
    sql: `import { eq, and, isNull } from 'drizzle-orm/sql';
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
        messageId: 'missingFilter',
        nth: 1,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(usersSync.deletedAt) to the where (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { eq, and, isNull } from 'drizzle-orm/sql';
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
    name: 'Drizzle: accepts a where held in a same-file const (const notDeleted = isNull(usersSync.deletedAt)), in a select, a $count and a findMany',
    options: TS,
    drizzle: true,
    sql: `import { isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export { usersSync }; // in the schema Drizzle's relational queries read

const notDeleted = isNull(usersSync.deletedAt);

export async function run() {
  await db.$count(usersSync, notDeleted);
  await db.query.usersSync.findMany({ where: notDeleted });
  return db.select().from(usersSync).where(notDeleted);
}
`,
    findings: [],
  },
  {
    name: 'Drizzle: a where held in a same-file const without the filter is still flagged; the fix wraps the name in and(…)',
    options: TS,
    drizzle: true,
    sql: `import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

const byId = eq(usersSync.id, 'user_ada');

export async function run() {
  return db.select().from(usersSync).where(byId);
}
`,
    findings: [
      {
        at: 'usersSync',
        messageId: 'missingFilter',
        nth: 2,
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add isNull(usersSync.deletedAt).',
        fixes: [
          {
            title: 'Add isNull(usersSync.deletedAt) to the where (filters soft-deleted users)',
            preferred: true,
            safe: false,
            output: `import { eq, and, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

const byId = eq(usersSync.id, 'user_ada');

export async function run() {
  return db.select().from(usersSync).where(and(byId, isNull(usersSync.deletedAt)));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: is silent when the where is code it cannot see into (a parameter, a helper call, an and(…) holding one)',
    options: TS,
    drizzle: true,
    sql: `import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

function visible(): SQL {
  return isNull(usersSync.deletedAt);
}

export function byFilter(filter: SQL) {
  return db.select().from(usersSync).where(filter);
}

export async function run() {
  await byFilter(isNull(usersSync.deletedAt));
  await db.select().from(usersSync).where(and(eq(usersSync.id, 'user_ada'), visible()));
  return db.$count(usersSync, visible());
}
`,
    findings: [],
  },
  {
    name: 'Drizzle: is silent on a .$dynamic() select (a where may be added later)',
    options: TS,
    drizzle: true,
    sql: `import { isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export function withFilter() {
  const q = db.select().from(usersSync).$dynamic();
  return q.where(isNull(usersSync.deletedAt));
}

export async function run() {
  return withFilter();
}
`,
    findings: [],
  },
  {
    name: 'Drizzle: with authSchema "current" a select from usersSync asks for no deletedAt filter (match-auth-schema reports the import)',
    options: { language: 'typescript', authSchema: 'current' },
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
  return db.select().from(articles).leftJoin(usersSync, eq(articles.authorId, usersSync.id));
}
`,
    findings: [],
  },
];
