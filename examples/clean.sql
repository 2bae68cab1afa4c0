-- clean.sql: Neon Auth's legacy users_sync table used the way Neon's best practices
-- describe. The linter reports nothing in this file.

-- Personal settings go with the user: ON DELETE CASCADE (user_id is the primary key,
-- hence NOT NULL).
CREATE TABLE user_settings (
  user_id text PRIMARY KEY REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
  theme text NOT NULL DEFAULT 'system',
  weekly_digest boolean NOT NULL DEFAULT true
);

-- Articles outlive their author: ON DELETE SET NULL on a nullable column.
CREATE TABLE articles (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
  title text NOT NULL,
  published_at timestamptz
);

-- Articles with their author: LEFT JOIN keeps articles whose author is not synced yet,
-- and the WHERE filter drops articles of soft-deleted authors.
SELECT a.title, u.name AS author
FROM articles a
LEFT JOIN neon_auth.users_sync u ON u.id = a.author_id
WHERE u.deleted_at IS NULL;

-- Every published article, with the author blanked out once they are deleted: the
-- deleted_at filter belongs in the ON clause here.
SELECT a.title, u.name AS author
FROM articles a
LEFT JOIN neon_auth.users_sync u ON u.id = a.author_id AND u.deleted_at IS NULL
WHERE a.published_at IS NOT NULL;

-- One user's settings: users_sync is the first FROM item, so an inner join is right.
SELECT u.email, s.theme
FROM neon_auth.users_sync u
JOIN user_settings s ON s.user_id = u.id
WHERE u.email = 'ada@example.com' AND u.deleted_at IS NULL;

-- Audit of accounts deleted in the last 30 days: reading deleted_at on purpose.
SELECT u.id, u.email, u.deleted_at
FROM neon_auth.users_sync u
WHERE u.deleted_at > now() - interval '30 days'
ORDER BY u.deleted_at DESC;
