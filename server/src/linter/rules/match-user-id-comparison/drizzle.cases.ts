/**
 * Drizzle ORM cases of `match-user-id-comparison`: each `sql` is a whole TypeScript module, proven by
 * the Drizzle harness (type-checked against drizzle-orm, its tables created by drizzle-kit's DDL and
 * its `run()` executed on PGlite). The SQL of a `sql` statement knows the columns of the tables the
 * file defines (`DrizzleModel.tableDefs`); the query builder's `eq`/`ne` between a user id and an app
 * column is this rule's Drizzle check (`drizzle.ts`).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

const HEAD = `import { sql } from 'drizzle-orm';
import { pgSchema, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { db } from './db';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: text('owner_id').notNull() });
const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', { id: uuid('id').primaryKey(), name: text('name') });
`;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle sql: ${notes} is the app table the file defines, so n.owner_id is its text() column, compared with the uuid neon_auth."user".id (42883)',
    options: TS,
    drizzle: true,
    rejectedBy: '42883',
    sql: `${HEAD}
export async function run() {
  return db.execute(sql\`SELECT n.id, u.name FROM \${notes} n LEFT JOIN neon_auth."user" u ON u.id = n.owner_id\`);
}
`,
    findings: [
      {
        at: 'n.owner_id',
        messageId: 'castColumnToUuid',
        message:
          'u.id (neon_auth."user".id) is uuid, but n.owner_id is text: Postgres has no uuid = text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the column: n.owner_id::uuid (it fails on a value that is not a uuid).',
        fixes: [
          {
            title: 'Cast n.owner_id to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: false,
            output: `${HEAD}
export async function run() {
  return db.execute(sql\`SELECT n.id, u.name FROM \${notes} n LEFT JOIN neon_auth."user" u ON u.id = n.owner_id::UUID\`);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle sql: ${notes.ownerId} is the text() column as Drizzle writes it ("notes"."owner_id"); the finding and the cast are on the whole ${…}',
    options: TS,
    drizzle: true,
    rejectedBy: '42883',
    sql: `${HEAD}
export async function run() {
  return db.execute(sql\`SELECT u.name FROM \${notes} LEFT JOIN \${user} u ON u.id = \${notes.ownerId}\`);
}
`,
    findings: [
      {
        at: '${notes.ownerId}',
        messageId: 'castColumnToUuid',
        fixes: [
          {
            title: 'Cast ${notes.ownerId} to uuid (the type of neon_auth."user".id)',
            preferred: true,
            safe: false,
            output: `${HEAD}
export async function run() {
  return db.execute(sql\`SELECT u.name FROM \${notes} LEFT JOIN \${user} u ON u.id = \${notes.ownerId}::UUID\`);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle sql: a uuid() column compared with "user".id is not reported, in SQL or with eq()',
    options: TS,
    drizzle: true,
    sql: `import { eq, sql } from 'drizzle-orm';
import { pgSchema, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { db } from './db';

export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: uuid('author_id') });
const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', { id: uuid('id').primaryKey(), name: text('name') });

export async function run() {
  await db.execute(sql\`SELECT u.name FROM \${posts} p LEFT JOIN neon_auth."user" u ON u.id = p.author_id\`);
  return db.select().from(posts).leftJoin(user, eq(posts.authorId, user.id));
}
`,
    findings: [],
  },
  {
    name: 'Drizzle eq(): a uuid() column compared with usersSync.id (text) in a join condition is "notes"."author_id" = "users_sync"."id" (42883); the safe fix casts the column in a sql template and imports sql',
    options: TS,
    drizzle: true,
    rejectedBy: '42883',
    sql: `import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { db } from './db';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), authorId: uuid('author_id'), body: text('body') });

export async function run() {
  return db.select({ body: notes.body, name: usersSync.name }).from(notes).leftJoin(usersSync, eq(notes.authorId, usersSync.id));
}
`,
    findings: [
      {
        at: 'notes.authorId',
        messageId: 'drizzleCastColumnToText',
        message:
          'usersSync.id (neon_auth.users_sync.id) is text, but notes.authorId is uuid: Postgres has no uuid = text operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the column in a sql template: sql`${notes.authorId}::text`.',
        fixes: [
          {
            title: 'Cast notes.authorId to text in a sql template (the type of neon_auth.users_sync.id)',
            preferred: true,
            safe: true,
            output: `import { eq, sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { db } from './db';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), authorId: uuid('author_id'), body: text('body') });

export async function run() {
  return db.select({ body: notes.body, name: usersSync.name }).from(notes).leftJoin(usersSync, eq(sql\`\${notes.authorId}::text\`, usersSync.id));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle ne(): neon_auth."user".id (uuid) compared with a varchar() column in a where, the id first; the fix (a suggestion) uses the file\'s alias of sql',
    options: TS,
    drizzle: true,
    rejectedBy: '42883',
    sql: `import { ne, sql as s } from 'drizzle-orm';
import { pgSchema, pgTable, serial, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { db } from './db';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: varchar('owner_id', { length: 64 }).notNull(), body: text('body') });
const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', { id: uuid('id').primaryKey(), name: text('name') });

export async function run() {
  await db.execute(s\`select 1\`);
  return db.select({ body: notes.body }).from(notes).crossJoin(user).where(ne(user.id, notes.ownerId));
}
`,
    findings: [
      {
        at: 'notes.ownerId',
        messageId: 'drizzleCastColumnToUuid',
        message:
          'user.id (neon_auth."user".id) is uuid, but notes.ownerId is varchar: Postgres has no uuid <> varchar operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the column in a sql template: s`${notes.ownerId}::uuid` (it fails on a value that is not a uuid).',
        fixes: [
          {
            title: 'Cast notes.ownerId to uuid in a sql template (the type of neon_auth."user".id)',
            preferred: true,
            safe: false,
            output: `import { ne, sql as s } from 'drizzle-orm';
import { pgSchema, pgTable, serial, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { db } from './db';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: varchar('owner_id', { length: 64 }).notNull(), body: text('body') });
const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', { id: uuid('id').primaryKey(), name: text('name') });

export async function run() {
  await db.execute(s\`select 1\`);
  return db.select({ body: notes.body }).from(notes).crossJoin(user).where(ne(user.id, s\`\${notes.ownerId}::uuid\`));
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle eq()/ne(): a text() column with usersSync.id (either side) and a uuid() column with "user".id are not reported, nor an id compared with another column of the user table',
    options: TS,
    drizzle: true,
    sql: `import { and, eq, ne } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { pgSchema, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { db } from './db';

export const notes = pgTable('notes', { id: serial('id').primaryKey(), ownerId: text('owner_id'), editorId: uuid('editor_id') });
const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', { id: uuid('id').primaryKey(), name: text('name') });

export async function run() {
  await db.select().from(notes).leftJoin(usersSync, eq(usersSync.id, notes.ownerId)).where(ne(notes.ownerId, usersSync.id));
  return db.select().from(notes).innerJoin(user, and(eq(notes.editorId, user.id), eq(user.name, notes.ownerId)));
}
`,
    findings: [],
  },
];
