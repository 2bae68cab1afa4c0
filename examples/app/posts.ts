// Correct usage: a LEFT JOIN keeps posts whose author is not synced yet, and the deleted_at
// filter in ON hides authors who were deleted while keeping their posts.
import { sql } from './lib/db';

export function recentPosts(limit: number) {
  return sql`
    SELECT p.id, p.title, u.name AS author
    FROM posts p
    LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL
    ORDER BY p.created_at DESC
    LIMIT ${limit}
  `;
}
