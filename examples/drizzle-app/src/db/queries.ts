// Project and task lists for the dashboard.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './index';
import { projects, tasks } from './schema';

export async function listProjects() {
  // innerJoin drops a project whose owner has not been synced into users_sync yet (the sync is
  // asynchronous): a new user's first project is missing from the list.
  return db
    .select({ id: projects.id, name: projects.name, owner: usersSync.name })
    .from(projects)
    .innerJoin(usersSync, eq(projects.ownerId, usersSync.id))
    .where(isNull(usersSync.deletedAt))
    .orderBy(desc(projects.createdAt));
}

export async function projectOwner(projectId: string) {
  // A user deleted in Neon Auth keeps their users_sync row (soft delete): without a deletedAt
  // filter this still returns their e-mail address.
  const [row] = await db
    .select({ project: projects.name, ownerEmail: usersSync.email })
    .from(projects)
    .leftJoin(usersSync, eq(projects.ownerId, usersSync.id))
    .where(eq(projects.id, projectId));
  return row;
}

export async function openTasks(ownerId: string) {
  // Correct: leftJoin keeps tasks of owners not synced yet, and the deletedAt filter in the join's
  // condition hides deleted owners while keeping their tasks.
  return db
    .select({ id: tasks.id, title: tasks.title, project: projects.name, owner: usersSync.name })
    .from(tasks)
    .innerJoin(projects, eq(tasks.projectId, projects.id))
    .leftJoin(usersSync, and(eq(projects.ownerId, usersSync.id), isNull(usersSync.deletedAt)))
    .where(and(eq(projects.ownerId, ownerId), eq(tasks.done, false)));
}
