// Profile lookups. `sql` comes from the app's own module (./lib/db): the linter still reads
// the template as SQL, since a tag named `sql` whose origin it cannot see counts.
import { sql } from './lib/db';

export async function getProfile(userId: string) {
  // A user deleted in Neon Auth keeps a row in users_sync (soft delete): without a deleted_at
  // filter this still finds them.
  const rows = await sql`SELECT id, name, email FROM neon_auth.users_sync WHERE id = ${userId}`;
  return rows[0] ?? null;
}

export async function listActiveUsers() {
  // Correct: users_sync is read directly and soft-deleted users are filtered out.
  return sql`SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL ORDER BY name`;
}
