/**
 * Drizzle ORM cases of `match-auth-schema` (see `../../drizzle.ts` and this rule's `index.ts`): each `sql` is a whole
 * TypeScript module, proven by the Drizzle harness (type-checked against drizzle-orm, its tables
 * created and its `run()` executed on PGlite).
 */
import { RuleCase } from '../caseTypes';

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: with authSchema current, flags the import of usersSync (the legacy table), once, not each use',
    options: { language: 'typescript', authSchema: 'current' },
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: 'usersSync',
        messageId: 'otherGeneration',
        message:
          'neon_auth.users_sync does not exist in current Neon Auth (Better Auth): use neon_auth."user" (uuid id, hard delete). (Setting neonAuth.authSchema / --auth-schema is "current".)',
        fixes: [],
      },
    ],
  },
  {
    name: 'Drizzle: with authSchema legacy, flags a pgSchema(neon_auth).table(user) definition at its name',
    options: { language: 'typescript', authSchema: 'legacy' },
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
  userId: uuid('user_id').references(() => user.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "'user'",
        messageId: 'otherGeneration',
        message:
          'neon_auth."user" does not exist in legacy Neon Auth (Stack Auth): use neon_auth.users_sync (text id, soft delete with deleted_at). (Setting neonAuth.authSchema / --auth-schema is "legacy".)',
        fixes: [],
      },
    ],
  },
  {
    name: "Drizzle: with authSchema auto, a module declaring both generations' user tables gets one mixed information finding, on the first declaration of the one declared less (the later on a tie)",
    options: { language: 'typescript' },
    drizzle: true,
    sql: `import { pgSchema, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').references(() => usersSync.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').references(() => user.id, { onDelete: 'cascade' }),
});
`,
    findings: [
      {
        at: "'user'",
        messageId: 'mixed',
        severity: 'info',
        message:
          'This file mixes both Neon Auth generations: 1 reference(s) to legacy Neon Auth (Stack Auth) tables and 1 to current Neon Auth (Better Auth) tables, the first here (neon_auth."user"). Fine while migrating from one to the other; otherwise the tables of the generation your project does not use do not exist. Set neonAuth.authSchema (CLI --auth-schema) to check against one.',
        fixes: [],
      },
    ],
  },
  {
    name: 'Drizzle: accepts usersSync with authSchema legacy',
    options: { language: 'typescript', authSchema: 'legacy' },
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [],
  },
  {
    name: 'Drizzle: accepts the current user table with authSchema current',
    options: { language: 'typescript', authSchema: 'current' },
    drizzle: true,
    sql: `import { pgSchema, pgTable, text, uuid } from 'drizzle-orm/pg-core';

const neonAuth = pgSchema('neon_auth');
export const user = neonAuth.table('user', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
});

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').references(() => user.id, { onDelete: 'cascade' }),
});
`,
    findings: [],
  },
  {
    name: 'Drizzle: with authSchema auto, a file importing usersSync gets no finding',
    options: { language: 'typescript' },
    drizzle: true,
    sql: `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').references(() => usersSync.id, { onDelete: 'cascade' }),
});
`,
    findings: [],
  },
];
