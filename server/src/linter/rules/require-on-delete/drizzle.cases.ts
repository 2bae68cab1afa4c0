/**
 * Drizzle ORM cases of `require-on-delete` (see `../../drizzle.ts` and this rule's `drizzle.ts`): each `sql` is a whole
 * TypeScript module, proven by the Drizzle harness (type-checked against drizzle-orm, its tables
 * created and its `run()` executed on PGlite).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: flags .references() to usersSync.id with no onDelete on a NOT NULL column; offers only cascade',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull().references(() => usersSync.id),
});
`,
    findings: [
      {
        at: 'references(() => usersSync.id)',
        messageId: 'drizzleMissingLegacy',
        message:
          ".references() to neon_auth.users_sync(id) has no onDelete; say what happens to these rows when the user is deleted: 'cascade' for personal data, 'set null' for content that should outlive its author.",
        fixes: [
          {
            title: "Add onDelete: 'cascade' (delete these rows with the user: personal data)",
            preferred: true,
            safe: false,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: prefers set null on a nullable column (double quotes, no semicolons kept)',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from "drizzle-orm/pg-core"
import { usersSync } from "drizzle-orm/neon"

export const articles = pgTable("articles", {
  id: text("id").primaryKey(),
  authorId: text("author_id").references(() => usersSync.id),
})
`,
    findings: [
      {
        at: 'references(() => usersSync.id)',
        messageId: 'drizzleMissingLegacy',
        message:
          ".references() to neon_auth.users_sync(id) has no onDelete; say what happens to these rows when the user is deleted: 'cascade' for personal data, 'set null' for content that should outlive its author.",
        fixes: [
          {
            title: "Add onDelete: 'set null' (keep these rows without their user: content)",
            preferred: true,
            safe: false,
            output: `import { pgTable, text } from "drizzle-orm/pg-core"
import { usersSync } from "drizzle-orm/neon"

export const articles = pgTable("articles", {
  id: text("id").primaryKey(),
  authorId: text("author_id").references(() => usersSync.id, { onDelete: "set null" }),
})
`,
          },
          {
            title: "Add onDelete: 'cascade' (delete these rows with the user: personal data)",
            preferred: false,
            safe: false,
            output: `import { pgTable, text } from "drizzle-orm/pg-core"
import { usersSync } from "drizzle-orm/neon"

export const articles = pgTable("articles", {
  id: text("id").primaryKey(),
  authorId: text("author_id").references(() => usersSync.id, { onDelete: "cascade" }),
})
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: adds onDelete to an options object that has only onUpdate',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull().references(() => usersSync.id, { onUpdate: 'cascade' }),
});
`,
    findings: [
      {
        at: "references(() => usersSync.id, { onUpdate: 'cascade' })",
        messageId: 'drizzleMissingLegacy',
        message:
          ".references() to neon_auth.users_sync(id) has no onDelete; say what happens to these rows when the user is deleted: 'cascade' for personal data, 'set null' for content that should outlive its author.",
        fixes: [
          {
            title: "Add onDelete: 'cascade' (delete these rows with the user: personal data)",
            preferred: true,
            safe: false,
            output: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull().references(() => usersSync.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags foreignKey() to a local neon_auth "user" table without .onDelete()',
    options: TS,
    drizzle: true,
    sql: `import { pgSchema, pgTable, text, uuid, foreignKey } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable(
  'notes',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [foreignKey({ columns: [t.userId], foreignColumns: [user.id], name: 'notes_user_fk' })],
);
`,
    findings: [
      {
        at: "foreignKey({ columns: [t.userId], foreignColumns: [user.id], name: 'notes_user_fk' })",
        messageId: 'drizzleMissingCurrent',
        message:
          "foreignKey() to neon_auth.\"user\"(id) has no .onDelete(); without one, deleting a user who owns rows here fails (NO ACTION): 'cascade' for personal data, 'set null' for content that should outlive its author.",
        fixes: [
          {
            title: "Add .onDelete('cascade') (delete these rows with the user: personal data)",
            preferred: true,
            safe: false,
            output: `import { pgSchema, pgTable, text, uuid, foreignKey } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable(
  'notes',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [foreignKey({ columns: [t.userId], foreignColumns: [user.id], name: 'notes_user_fk' }).onDelete('cascade')],
);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: flags onDelete \'no action\' to neon_auth "user" (hard delete), neither fix preferred',
    options: TS,
    drizzle: true,
    sql: `import { pgSchema, pgTable, text, uuid } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').references(() => user.id, { onDelete: 'no action' }),
});
`,
    findings: [
      {
        at: "'no action'",
        messageId: 'drizzleBlockingAction',
        message:
          "onDelete 'no action' on a foreign key to neon_auth.\"user\"(id): Neon Auth deletes users for real, so deleting a user who owns rows here fails (23503). Use 'cascade' for personal data, 'set null' for content that should outlive its author.",
        fixes: [
          {
            title: "Change to 'set null' (keep these rows without their user: content)",
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
  userId: uuid('user_id').references(() => user.id, { onDelete: 'set null' }),
});
`,
          },
          {
            title: "Change to 'cascade' (delete these rows with the user: personal data)",
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
  userId: uuid('user_id').references(() => user.id, { onDelete: 'cascade' }),
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Drizzle: accepts onDelete cascade through an aliased import (usersSync as users)',
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync as users } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
});
`,
    findings: [],
  },
  {
    name: "Drizzle: a look-alike pgTable('usersSync') in the default schema is the app's own table",
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';

export const usersSync = pgTable('usersSync', {
  id: text('id').primaryKey(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull().references(() => usersSync.id),
});
`,
    findings: [],
  },
  {
    name: "Drizzle: is silent when .references()' options spread an object it cannot see into ({ ...cascade }); reads onDelete: 'cascade' as const",
    options: TS,
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

const cascade = { onDelete: 'cascade' } as const;

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull().references(() => usersSync.id, { ...cascade }),
  editorId: text('editor_id').references(() => usersSync.id, { onDelete: 'set null' as const }),
});
`,
    findings: [],
  },
];
