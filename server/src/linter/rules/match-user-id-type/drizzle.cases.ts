/**
 * Drizzle ORM cases of `match-user-id-type` (see `../../drizzle.ts` and this rule's `drizzle.ts`): each `sql` is a whole
 * TypeScript module, proven by the Drizzle harness (type-checked against drizzle-orm, its tables
 * created and its `run()` executed on PGlite).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: the fix imports text under a free alias when the module already declares a text',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const text = 'A note';

export const notes = pgTable('notes', {
  id: uuid('id').primaryKey(),
  ownerId: uuid('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "uuid('owner_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column owner_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import { pgTable, uuid, text as pgText } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const text = 'A note';

export const notes = pgTable('notes', {
  id: uuid('id').primaryKey(),
  ownerId: pgText('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: the fix calls text by the name the module imports it under',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, text as str, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: uuid('id').primaryKey(),
  title: str('title').notNull(),
  ownerId: uuid('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "uuid('owner_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column owner_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import { pgTable, text as str, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: uuid('id').primaryKey(),
  title: str('title').notNull(),
  ownerId: str('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags a uuid() column referencing usersSync.id; the fix imports text and keeps the column name',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: uuid('id').primaryKey(),
  ownerId: uuid('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "uuid('owner_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column owner_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import { pgTable, uuid, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: uuid('id').primaryKey(),
  ownerId: text('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags a varchar() column referencing neon_auth "user".id; the fix drops the length config and the import varchar no longer needs',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgSchema, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  userId: varchar('user_id', { length: 255 }).references(() => user.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "varchar('user_id', { length: 255 })",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column user_id is varchar(), but neon_auth."user"(id) is uuid: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with uuid().',
        fixes: [
          {
            title: 'Change the column builder to uuid()',
            preferred: true,
            safe: true,
            output: `import { pgSchema, pgTable, text, uuid } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').references(() => user.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: reads a builder through its import alias (uuid as uid) for neon_auth "user".id',
    options: TS,
    drizzle: true,
    sql: `import { pgSchema, pgTable, text, uuid as uid } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  userId: uid('user_id').references(() => user.id, { onDelete: 'cascade' }),
});
`,
    findings: [],
  },
  {
    name: 'Drizzle: accepts varchar() for usersSync.id (Postgres casts it to text)',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: varchar('owner_id', { length: 64 }).references(() => usersSync.id, { onDelete: 'set null' }),
});
`,
    findings: [],
  },
  {
    name: 'Drizzle: the fix to text() drops uuid from the import when no other column uses it',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const comments = pgTable('comments', {
  id: text('id').primaryKey(),
  authorId: uuid('author_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "uuid('author_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column author_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const comments = pgTable('comments', {
  id: text('id').primaryKey(),
  authorId: text('author_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: the fix to text() drops uuid from the import when only a comment or a string still spells it',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  /* was uuid */ title: text('title').default('uuid'),
  // MISTAKE: uuid referencing text id
  reviewerId: uuid('reviewer_id').references(() => usersSync.id, { onDelete: 'set null' }),
});
`,
    findings: [
      {
        at: "uuid('reviewer_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column reviewer_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  /* was uuid */ title: text('title').default('uuid'),
  // MISTAKE: uuid referencing text id
  reviewerId: text('reviewer_id').references(() => usersSync.id, { onDelete: 'set null' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: the fix to text() keeps the uuid import when a type refers to it (typeof uuid)',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export type IdBuilder = typeof uuid;

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  reviewerId: uuid('reviewer_id').references(() => usersSync.id, { onDelete: 'set null' }),
});
`,
    findings: [
      {
        at: "uuid('reviewer_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column reviewer_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import { pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export type IdBuilder = typeof uuid;

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  reviewerId: text('reviewer_id').references(() => usersSync.id, { onDelete: 'set null' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: the fix to text() writes text in place of the uuid specifier when text is not imported',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, uuid, serial } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  authorId: uuid('author_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "uuid('author_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column author_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import { pgTable, text, serial } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  authorId: text('author_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: the fix to text() removes an import declaration whose only specifier was uuid',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const comments = pgTable('comments', {
  id: text('id').primaryKey(),
  authorId: uuid('author_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "uuid('author_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column author_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const comments = pgTable('comments', {
  id: text('id').primaryKey(),
  authorId: text('author_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags a uuid column of a table declared through a namespace import (p.pgTable, p.uuid); the fix writes p.text',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import * as p from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = p.pgTable('notes', {
  id: p.uuid('id').primaryKey(),
  ownerId: p.uuid('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "uuid('owner_id')",
        messageId: 'drizzleWrongBuilder',
        message:
          'Column owner_id is uuid(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with text().',
        fixes: [
          {
            title: 'Change the column builder to text()',
            preferred: true,
            safe: true,
            output: `import * as p from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = p.pgTable('notes', {
  id: p.uuid('id').primaryKey(),
  ownerId: p.text('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags a text().array() column referencing usersSync.id (text[] is not text); no fix',
    options: TS,
    drizzle: true,
    rejectedBy: '42804',
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  memberIds: text('member_ids').array().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "text('member_ids').array()",
        messageId: 'drizzleArrayColumn',
        message:
          'Column member_ids is text().array(), but neon_auth.users_sync(id) is text: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). An array column cannot reference a user: store one user per row.',
        fixes: [],
      },
    ],
  },
];
