/**
 * Drizzle ORM cases of `no-auth-table-writes` (see `../../drizzle.ts` and this rule's `drizzle.ts`): each `sql` is a whole
 * TypeScript module, proven by the Drizzle harness (type-checked against drizzle-orm, its tables
 * created and its `run()` executed on PGlite).
 */
import { RuleCase } from '../caseTypes';

const TS = { language: 'typescript' } as const;

export const drizzleCases: RuleCase[] = [
  {
    name: 'Drizzle: flags db.update(usersSync) (a read-only replica kept by the sync)',
    options: TS,
    drizzle: true,
    sql: `import { eq } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { db } from './db';

export async function run() {
  await db.update(usersSync).set({ updatedAt: new Date().toISOString() }).where(eq(usersSync.id, 'user_ada'));
}
`,
    findings: [
      {
        at: 'update(usersSync)',
        messageId: 'writeSyncedRows',
        message:
          "Updating neon_auth.users_sync: it is a read-only replica kept by Neon Auth's sync, which overwrites or removes rows written here, or breaks on them. Change users in Neon Auth (its API or dashboard) instead.",
        fixes: [],
      },
    ],
  },
  {
    name: 'Drizzle: flags db.delete() on a local neon_auth "session" table',
    options: TS,
    drizzle: true,
    sql: `import { pgSchema, uuid } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { db } from './db';

const neonAuth = pgSchema('neon_auth');
const session = neonAuth.table('session', { id: uuid('id').primaryKey(), userId: uuid('userId') });

export async function run() {
  const id = '00000000-0000-4000-8000-000000000001';
  await db.delete(session).where(eq(session.id, id));
}
`,
    findings: [
      {
        at: 'delete(session)',
        messageId: 'writeOwnedRows',
        message:
          'Deleting from neon_auth.session: it is owned by Neon Auth (Better Auth), which writes it through its API. Change users, sessions and accounts through Neon Auth (its SDK or API), not SQL.',
        fixes: [],
      },
    ],
  },
];
