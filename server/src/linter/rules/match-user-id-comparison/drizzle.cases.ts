/**
 * Drizzle ORM cases of `match-user-id-comparison`: each `sql` is a whole TypeScript module, proven by
 * the Drizzle harness (type-checked against drizzle-orm, its tables created by drizzle-kit's DDL and
 * its `run()` executed on PGlite). The rule has no Drizzle check of its own: the SQL of a `sql`
 * statement knows the columns of the tables the file defines (`DrizzleModel.tableDefs`).
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
];
