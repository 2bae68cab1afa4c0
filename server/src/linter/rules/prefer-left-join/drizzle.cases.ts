/**
 * Drizzle ORM cases of `prefer-left-join` (see `../../drizzle.ts` and this rule's `drizzle.ts`): each `sql` is a whole
 * TypeScript module, proven by the Drizzle harness (type-checked against drizzle-orm, its tables
 * created and its `run()` executed on PGlite).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: an .innerJoin whose condition also drops soft-deleted users (isNull(usersSync.deletedAt)): leftJoin offered, not preferred (their rows would come back)',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { and, eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db
    .select({ id: articles.id, author: usersSync.name })
    .from(articles)
    .innerJoin(usersSync, and(eq(articles.authorId, usersSync.id), isNull(usersSync.deletedAt)));
}
`,
    findings: [
      {
        at: 'innerJoin',
        messageId: 'drizzleInnerJoin',
        fixes: [
          {
            title: "Change to leftJoin (soft-deleted users' rows come back too)",
            preferred: false,
            safe: false,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { and, eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db
    .select({ id: articles.id, author: usersSync.name })
    .from(articles)
    .leftJoin(usersSync, and(eq(articles.authorId, usersSync.id), isNull(usersSync.deletedAt)));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags .innerJoin(usersSync, …) on the joined side',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db
    .select({ id: articles.id, author: usersSync.name })
    .from(articles)
    .innerJoin(usersSync, eq(articles.authorId, usersSync.id))
    .where(isNull(usersSync.deletedAt));
}
`,
    findings: [
      {
        at: 'innerJoin',
        messageId: 'drizzleInnerJoin',
        message: 'innerJoin to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use leftJoin.',
        fixes: [
          {
            title: 'Change to leftJoin',
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
    .select({ id: articles.id, author: usersSync.name })
    .from(articles)
    .leftJoin(usersSync, eq(articles.authorId, usersSync.id))
    .where(isNull(usersSync.deletedAt));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags .rightJoin(usersSync, …): it keeps every user and drops the rows whose user has not synced',
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
    .select({ id: articles.id, author: usersSync.name })
    .from(articles)
    .rightJoin(usersSync, eq(articles.authorId, usersSync.id));
}
`,
    findings: [
      {
        at: 'rightJoin',
        messageId: 'drizzleRightJoin',
        message:
          'rightJoin to neon_auth.users_sync keeps every user but drops the rows before it whose user has not synced yet (the sync is asynchronous); use leftJoin to keep those rows.',
        fixes: [
          {
            title: 'Change to leftJoin',
            preferred: false,
            safe: false,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db
    .select({ id: articles.id, author: usersSync.name })
    .from(articles)
    .leftJoin(usersSync, eq(articles.authorId, usersSync.id));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: accepts .from(usersSync).innerJoin(…): the query lists users',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db.select().from(usersSync).innerJoin(articles, eq(articles.authorId, usersSync.id)).where(isNull(usersSync.deletedAt));
}
`,
    findings: [],
  },
  {
    name: 'Drizzle: accepts an inner join whose where asks for a user column (eq on usersSync.email)',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { and, eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  const email = 'ada@example.com';
  return db
    .select()
    .from(articles)
    .innerJoin(usersSync, eq(articles.authorId, usersSync.id))
    .where(and(eq(usersSync.email, email), isNull(usersSync.deletedAt)));
}
`,
    findings: [],
  },
  {
    name: 'Drizzle: follows usersSync loaded with await import()',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq, isNull } from 'drizzle-orm';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id'),
});

export async function run() {
  const { usersSync: users } = await import('drizzle-orm/neon');
  return db.select().from(articles).innerJoin(users, eq(articles.authorId, users.id)).where(isNull(users.deletedAt));
}
`,
    findings: [
      {
        at: 'innerJoin',
        messageId: 'drizzleInnerJoin',
        message: 'innerJoin to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use leftJoin.',
        fixes: [
          {
            title: 'Change to leftJoin',
            preferred: true,
            safe: false,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq, isNull } from 'drizzle-orm';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id'),
});

export async function run() {
  const { usersSync: users } = await import('drizzle-orm/neon');
  return db.select().from(articles).leftJoin(users, eq(articles.authorId, users.id)).where(isNull(users.deletedAt));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: "Drizzle: a look-alike pgTable('users_sync') in the default schema stays silent",
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { db } from './db';

export const usersSync = pgTable('users_sync', { id: text('id').primaryKey() });
export const articles = pgTable('articles', { id: text('id').primaryKey(), authorId: text('author_id') });

export async function run() {
  return db.select().from(articles).innerJoin(usersSync, eq(articles.authorId, usersSync.id));
}
`,
    findings: [],
  },
  {
    name: 'Drizzle sql: flags JOIN ${usersSync} u on the joined side of a db.execute(sql`…`) statement',
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT p.title, u.email FROM posts p JOIN \${usersSync} u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`);
}
`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        message: 'Inner join to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN.',
        fixes: [
          {
            title: 'Change to LEFT JOIN',
            preferred: true,
            safe: false,
            output: `import { sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT p.title, u.email FROM posts p LEFT JOIN \${usersSync} u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle sql: accepts FROM ${usersSync} u JOIN posts: the query lists users',
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  return db.execute(sql\`SELECT u.email, p.title FROM \${usersSync} u JOIN posts p ON p.author_id = u.id WHERE u.deleted_at IS NULL\`);
}
`,
    findings: [],
  },
  {
    name: "Drizzle sql: a look-alike pgTable('users_sync') joined as ${usersSync} stays silent",
    options: TS,
    drizzle: true,
    sql: `import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { db } from './db';

export const usersSync = pgTable('users_sync', { id: text('id').primaryKey(), email: text('email') });

export async function run() {
  return db.execute(sql\`SELECT p.title, u.email FROM posts p JOIN \${usersSync} u ON u.id = p.author_id\`);
}
`,
    findings: [],
  },
  {
    name: "Drizzle: flags .innerJoin(editor, …) where editor = alias(usersSync, 'editor'); the fix is leftJoin",
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
        at: 'innerJoin',
        messageId: 'drizzleInnerJoin',
        message: 'innerJoin to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use leftJoin.',
        fixes: [
          {
            title: 'Change to leftJoin',
            preferred: true,
            safe: false,
            output: `import { pgTable, text, alias } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  editorId: text('editor_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

const editor = alias(usersSync, 'editor');

export async function run() {
  return db.select().from(posts).leftJoin(editor, eq(posts.editorId, editor.id));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: "Drizzle: an alias(usersSync, …) is its own relation: the where's eq(usersSync.email, …) keeps the usersSync inner join, not the alias's (whose condition drops soft-deleted editors: leftJoin not preferred)",
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text, alias } from 'drizzle-orm/pg-core';
import { and, eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
  editorId: text('editor_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

const editor = alias(usersSync, 'editor');

export async function run() {
  return db
    .select()
    .from(posts)
    .innerJoin(usersSync, eq(posts.authorId, usersSync.id))
    .innerJoin(editor, and(eq(posts.editorId, editor.id), isNull(editor.deletedAt)))
    .where(and(eq(usersSync.email, 'ada@example.com'), isNull(usersSync.deletedAt)));
}
`,
    findings: [
      {
        at: 'innerJoin',
        messageId: 'drizzleInnerJoin',
        nth: 1,
        message: 'innerJoin to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use leftJoin.',
        fixes: [
          {
            title: "Change to leftJoin (soft-deleted users' rows come back too)",
            preferred: false,
            safe: false,
            output: `import { pgTable, text, alias } from 'drizzle-orm/pg-core';
import { and, eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const posts = pgTable('posts', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
  editorId: text('editor_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

const editor = alias(usersSync, 'editor');

export async function run() {
  return db
    .select()
    .from(posts)
    .innerJoin(usersSync, eq(posts.authorId, usersSync.id))
    .leftJoin(editor, and(eq(posts.editorId, editor.id), isNull(editor.deletedAt)))
    .where(and(eq(usersSync.email, 'ada@example.com'), isNull(usersSync.deletedAt)));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: with authSchema "current" an .innerJoin to usersSync asks for no leftJoin (match-auth-schema reports the import)',
    options: { language: 'typescript', authSchema: 'current' },
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export const articles = pgTable('articles', {
  id: text('id').primaryKey(),
  authorId: text('author_id').references(() => usersSync.id, { onDelete: 'set null' }),
});

export async function run() {
  return db.select().from(articles).innerJoin(usersSync, eq(articles.authorId, usersSync.id)).where(isNull(usersSync.deletedAt));
}
`,
    findings: [],
  },
];
