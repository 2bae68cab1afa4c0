-- queries.sql: queries an app runs against the tables of migrations/0001 and Neon Auth's
-- legacy users_sync table. That table is filled asynchronously (a new user can be missing
-- for a moment) and soft-deletes users (deleted_at is set, the row stays).

-- 1. Todos with their owner's name. The INNER JOIN hides todos whose owner has not been
--    synced yet: prefer-left-join on "INNER JOIN". The deleted_at filter is present.
SELECT t.id, t.task, u.name AS owner_name
FROM todos t
INNER JOIN neon_auth.users_sync u ON u.id = t.owner_id
WHERE u.deleted_at IS NULL
ORDER BY t.created_at DESC;

-- 2. Latest posts with the author's email. LEFT JOIN is right, but soft-deleted authors
--    still show up: require-deleted-at-filter on "neon_auth.users_sync u".
SELECT p.id, p.title, u.email AS author_email
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
ORDER BY p.created_at DESC
LIMIT 20;

-- 3. Correct: LEFT JOIN, and deleted authors are filtered out. No findings.
SELECT p.id, p.title, u.name AS author_name
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE u.deleted_at IS NULL;

-- 4. Joins inside a CTE are checked too: prefer-left-join on the bare "JOIN". Filtering
--    deleted users in the ON clause satisfies require-deleted-at-filter.
WITH recent_comments AS (
  SELECT c.post_id, c.body, u.name AS commenter
  FROM comments c
  JOIN "neon_auth"."users_sync" AS u ON u.id = c.author_id AND u.deleted_at IS NULL
  ORDER BY c.id DESC
  LIMIT 50
)
SELECT p.title, rc.commenter, rc.body
FROM posts p
JOIN recent_comments rc ON rc.post_id = p.id;

-- 5. Users with their open todo count. users_sync is the first FROM item: this lists
--    users, so the inner join is intended. No findings.
SELECT u.id, u.email, count(t.id) AS open_todos
FROM neon_auth.users_sync u
JOIN todos t ON t.owner_id = u.id AND NOT t.done
WHERE u.deleted_at IS NULL
GROUP BY u.id, u.email;
