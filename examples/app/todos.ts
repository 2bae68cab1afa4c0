// Todo lists through node-postgres (a pool shared by the API routes).
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function todosWithOwners(done: boolean) {
  // An inner join drops every todo whose owner has not been synced into users_sync yet
  // (the sync is asynchronous): the first todo of a new user goes missing.
  const { rows } = await pool.query(
    'SELECT t.id, t.task, u.name AS owner FROM todos t JOIN neon_auth.users_sync u ON u.id = t.owner_id WHERE u.deleted_at IS NULL AND t.done = $1',
    [done],
  );
  return rows;
}
