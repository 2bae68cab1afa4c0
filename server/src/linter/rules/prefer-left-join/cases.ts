import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

const LEFT = 'Change to LEFT JOIN';
const LEFT_BACK = "Change to LEFT JOIN (soft-deleted users' rows come back too)";

export const cases: RuleCase[] = [
  {
    name: 'a PL/pgSQL variable named like an SQL keyword (comment := …) is an assignment, and the query in it is checked',
    sql: `CREATE FUNCTION first_author_email(flag boolean) RETURNS text LANGUAGE plpgsql AS $$
DECLARE comment text;
BEGIN
  IF flag THEN
    comment := (SELECT u.email FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL LIMIT 1);
  END IF;
  RETURN comment;
END $$;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `CREATE FUNCTION first_author_email(flag boolean) RETURNS text LANGUAGE plpgsql AS $$
DECLARE comment text;
BEGIN
  IF flag THEN
    comment := (SELECT u.email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL LIMIT 1);
  END IF;
  RETURN comment;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: "a CTE of users_sync rows that filters deleted_at (the soft-delete filter kept in one place) joined inner: reported on the join; LEFT JOIN offered, not preferred (soft-deleted users' rows would come back)",
    sql: `WITH active AS (SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL)
SELECT p.id, a.name FROM posts p JOIN active a ON a.id = p.author_id;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        message: 'Inner join to active (rows of neon_auth.users_sync) drops rows',
        fixes: [
          {
            title: LEFT_BACK,
            preferred: false,
            output: `WITH active AS (SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL)
SELECT p.id, a.name FROM posts p LEFT JOIN active a ON a.id = p.author_id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a CTE of users_sync rows that reads deleted_at without filtering on it (soft-deleted users kept on purpose) joined inner: LEFT JOIN preferred',
    sql: `WITH named AS (SELECT id, name, deleted_at FROM neon_auth.users_sync WHERE name IS NOT NULL)
SELECT p.id, n.name FROM posts p JOIN named n ON n.id = p.author_id;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `WITH named AS (SELECT id, name, deleted_at FROM neon_auth.users_sync WHERE name IS NOT NULL)
SELECT p.id, n.name FROM posts p LEFT JOIN named n ON n.id = p.author_id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'an ON that drops soft-deleted users (AND u.deleted_at IS NULL): the preferred fix moves that condition to a new WHERE with the LEFT JOIN, so only the rows of users not synced yet come back; the plain LEFT JOIN is not preferred',
    sql: `SELECT c.body, u.name FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: "Change to LEFT JOIN and move u.deleted_at IS NULL to WHERE (keeps the rows of users not synced yet; soft-deleted users' rows stay out)",
            preferred: true,
            output: `SELECT c.body, u.name FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL;`,
          },
          {
            title: LEFT_BACK,
            preferred: false,
            output: `SELECT c.body, u.name FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'the moved deleted_at condition: first of the ON, onto an existing WHERE (an OR parenthesized), before ORDER BY; on its own line in a query written one clause per line',
    sql: `select p.title from posts p inner join neon_auth.users_sync u on deleted_at is null and u.id = p.author_id where p.published or p.x = 1 order by p.title;
SELECT t.task
FROM todos t
JOIN neon_auth.users_sync u ON u.id = t.user_id AND u.deleted_at IS NULL
ORDER BY t.id;`,
    findings: [
      {
        at: 'inner join',
        messageId: 'innerJoin',
        fixes: [
          {
            title: "Change to LEFT JOIN and move deleted_at is null to WHERE (keeps the rows of users not synced yet; soft-deleted users' rows stay out)",
            preferred: true,
            output: `select p.title from posts p left join neon_auth.users_sync u on u.id = p.author_id where (p.published or p.x = 1) and deleted_at is null order by p.title;
SELECT t.task
FROM todos t
JOIN neon_auth.users_sync u ON u.id = t.user_id AND u.deleted_at IS NULL
ORDER BY t.id;`,
          },
          {
            title: LEFT_BACK,
            preferred: false,
            output: `select p.title from posts p left join neon_auth.users_sync u on deleted_at is null and u.id = p.author_id where p.published or p.x = 1 order by p.title;
SELECT t.task
FROM todos t
JOIN neon_auth.users_sync u ON u.id = t.user_id AND u.deleted_at IS NULL
ORDER BY t.id;`,
          },
        ],
      },
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: "Change to LEFT JOIN and move u.deleted_at IS NULL to WHERE (keeps the rows of users not synced yet; soft-deleted users' rows stay out)",
            preferred: true,
            output: `select p.title from posts p inner join neon_auth.users_sync u on deleted_at is null and u.id = p.author_id where p.published or p.x = 1 order by p.title;
SELECT t.task
FROM todos t
LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id
WHERE u.deleted_at IS NULL
ORDER BY t.id;`,
          },
          {
            title: LEFT_BACK,
            preferred: false,
            output: `select p.title from posts p inner join neon_auth.users_sync u on deleted_at is null and u.id = p.author_id where p.published or p.x = 1 order by p.title;
SELECT t.task
FROM todos t
LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id AND u.deleted_at IS NULL
ORDER BY t.id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'the moved deleted_at condition ends where the ON ends (a later CROSS JOIN); a CTE of users_sync rows with no deleted_at read at all is judged as after require-deleted-at-filter adds one',
    sql: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL CROSS JOIN todos t;
WITH named AS (SELECT id, name FROM neon_auth.users_sync WHERE name IS NOT NULL)
SELECT p.id, n.name FROM posts p JOIN named n ON n.id = p.author_id;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: "Change to LEFT JOIN and move u.deleted_at IS NULL to WHERE (keeps the rows of users not synced yet; soft-deleted users' rows stay out)",
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id CROSS JOIN todos t WHERE u.deleted_at IS NULL;
WITH named AS (SELECT id, name FROM neon_auth.users_sync WHERE name IS NOT NULL)
SELECT p.id, n.name FROM posts p JOIN named n ON n.id = p.author_id;`,
          },
          {
            title: LEFT_BACK,
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL CROSS JOIN todos t;
WITH named AS (SELECT id, name FROM neon_auth.users_sync WHERE name IS NOT NULL)
SELECT p.id, n.name FROM posts p JOIN named n ON n.id = p.author_id;`,
          },
        ],
      },
      {
        at: 'JOIN',
        nth: 2,
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT_BACK,
            preferred: false,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL CROSS JOIN todos t;
WITH named AS (SELECT id, name FROM neon_auth.users_sync WHERE name IS NOT NULL)
SELECT p.id, n.name FROM posts p LEFT JOIN named n ON n.id = p.author_id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'an ON whose deleted_at condition cannot simply move (not IS NULL, parenthesized, in a parenthesized join, before a RIGHT JOIN): only the LEFT JOIN, not preferred',
    sql: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NOT NULL;
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND (u.deleted_at IS NULL);
SELECT c.body FROM comments c LEFT JOIN (posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL) ON p.id = c.post_id;
SELECT p.title, t.task FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL RIGHT JOIN todos t ON t.user_id = u.id;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT_BACK,
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NOT NULL;
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND (u.deleted_at IS NULL);
SELECT c.body FROM comments c LEFT JOIN (posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL) ON p.id = c.post_id;
SELECT p.title, t.task FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL RIGHT JOIN todos t ON t.user_id = u.id;`,
          },
        ],
      },
      {
        at: 'JOIN',
        nth: 1,
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT_BACK,
            preferred: false,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NOT NULL;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND (u.deleted_at IS NULL);
SELECT c.body FROM comments c LEFT JOIN (posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL) ON p.id = c.post_id;
SELECT p.title, t.task FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL RIGHT JOIN todos t ON t.user_id = u.id;`,
          },
        ],
      },
      {
        at: 'JOIN',
        nth: 3,
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT_BACK,
            preferred: false,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NOT NULL;
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND (u.deleted_at IS NULL);
SELECT c.body FROM comments c LEFT JOIN (posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL) ON p.id = c.post_id;
SELECT p.title, t.task FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL RIGHT JOIN todos t ON t.user_id = u.id;`,
          },
        ],
      },
      {
        at: 'JOIN',
        nth: 4,
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT_BACK,
            preferred: false,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NOT NULL;
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND (u.deleted_at IS NULL);
SELECT c.body FROM comments c LEFT JOIN (posts p JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL) ON p.id = c.post_id;
SELECT p.title, t.task FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL RIGHT JOIN todos t ON t.user_id = u.id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a CTE that aggregates, joins or limits users_sync is not its rows; one listed first, LEFT-joined, or whose name an inner WITH binds again, is fine',
    sql: `WITH counts AS (SELECT count(*) AS n FROM neon_auth.users_sync WHERE deleted_at IS NULL)
SELECT p.id, c.n FROM posts p JOIN counts c ON true;
WITH named AS (SELECT u.id FROM neon_auth.users_sync u JOIN posts t ON t.author_id = u.id WHERE u.deleted_at IS NULL)
SELECT p.id FROM posts p JOIN named n ON n.id = p.author_id;
WITH recent AS (SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT 10)
SELECT p.id FROM posts p JOIN recent r ON r.id = p.author_id;
WITH active AS (SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL)
SELECT a.name, p.id FROM active a JOIN posts p ON a.id = p.author_id;
WITH active AS (SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL)
SELECT p.id, a.name FROM posts p LEFT JOIN active a ON a.id = p.author_id;
WITH active AS (SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL)
SELECT * FROM (WITH active AS (SELECT id FROM posts) SELECT p.id FROM posts p JOIN active a ON a.id = p.id) s;`,
    findings: [],
  },
  {
    name: 'flags a plain JOIN whose joined side is users_sync and offers LEFT JOIN',
    sql: `SELECT p.title, u.name
FROM posts p
JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        message: 'drops rows whose user has not synced yet',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT p.title, u.name
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers no fix when FOR UPDATE locks the user table (Postgres refuses it on the nullable side of a LEFT JOIN, 0A000), and says what to write',
    sql: `SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL FOR UPDATE;
SELECT * FROM (SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL) AS s FOR SHARE OF s;
SELECT * FROM todos t, (SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL) s FOR UPDATE;
SELECT * FROM ((SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL)) s FOR UPDATE;`,
    parserMayReject: true,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        message: 'use LEFT JOIN (FOR UPDATE cannot lock the nullable side of a LEFT JOIN: name the tables to lock with FOR UPDATE OF …).',
        fixes: [],
      },
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        nth: 1,
        message: 'use LEFT JOIN (FOR SHARE cannot lock the nullable side of a LEFT JOIN: name the tables to lock with FOR SHARE OF …).',
        fixes: [],
      },
      { at: 'JOIN', messageId: 'innerJoin', nth: 2, message: 'use LEFT JOIN (FOR UPDATE cannot lock', fixes: [] },
      { at: 'JOIN', messageId: 'innerJoin', nth: 3, message: 'use LEFT JOIN (FOR UPDATE cannot lock', fixes: [] },
    ],
  },
  {
    name: 'keeps the fix when FOR UPDATE OF names only the other tables',
    sql: `SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL FOR NO KEY UPDATE OF p SKIP LOCKED;`,
    parserMayReject: true,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT p.id FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL FOR NO KEY UPDATE OF p SKIP LOCKED;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a lower-case INNER JOIN to the quoted schema-qualified name and keeps the case',
    sql: `select p.title from posts p inner join "neon_auth"."users_sync" as u on u.id = p.author_id where u.deleted_at is null`,
    findings: [
      {
        at: 'inner join',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `select p.title from posts p left join "neon_auth"."users_sync" as u on u.id = p.author_id where u.deleted_at is null`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags upper-case names (folded by Postgres) and the early-access neon_identity schema',
    sql: `SELECT P.TITLE FROM POSTS P INNER JOIN NEON_AUTH.USERS_SYNC U ON U.ID = P.AUTHOR_ID WHERE U.DELETED_AT IS NULL;
SELECT p.title FROM posts p JOIN neon_identity.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'INNER JOIN',
        messageId: 'innerJoin',
        message: 'Inner join to neon_auth.users_sync drops rows',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT P.TITLE FROM POSTS P LEFT JOIN NEON_AUTH.USERS_SYNC U ON U.ID = P.AUTHOR_ID WHERE U.DELETED_AT IS NULL;
SELECT p.title FROM posts p JOIN neon_identity.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        nth: 1,
        message: 'Inner join to neon_identity.users_sync drops rows',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT P.TITLE FROM POSTS P INNER JOIN NEON_AUTH.USERS_SYNC U ON U.ID = P.AUTHOR_ID WHERE U.DELETED_AT IS NULL;
SELECT p.title FROM posts p LEFT JOIN neon_identity.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'rewrites a comma join matched in WHERE into LEFT JOIN … ON, keeping the other conditions',
    sql: `SELECT p.title, u.name FROM posts p, neon_auth.users_sync u WHERE p.author_id = u.id AND u.deleted_at IS NULL ORDER BY p.title`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'commaJoin',
        message: 'Comma join',
        fixes: [
          {
            title: 'Rewrite as LEFT JOIN … ON p.author_id = u.id',
            preferred: true,
            output: `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON p.author_id = u.id WHERE u.deleted_at IS NULL ORDER BY p.title`,
          },
        ],
      },
    ],
  },
  {
    name: 'rewrites a comma join whose only WHERE condition is the match, dropping the WHERE',
    sql: `select p.title from posts p, neon_auth.users_sync u where u.id = p.author_id`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'commaJoin',
        fixes: [
          {
            title: 'Rewrite as LEFT JOIN … ON u.id = p.author_id',
            preferred: true,
            output: `select p.title from posts p left join neon_auth.users_sync u on u.id = p.author_id`,
          },
        ],
      },
    ],
  },
  {
    name: 'moves a middle condition of a comma join with its AND',
    sql: `SELECT p.title FROM posts p, neon_auth.users_sync u WHERE p.published AND u.id = p.author_id AND u.deleted_at IS NULL`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'commaJoin',
        fixes: [
          {
            title: 'Rewrite as LEFT JOIN … ON u.id = p.author_id',
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.published AND u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a comma join matched by an expression but offers no mechanical rewrite',
    sql: `SELECT p.title FROM posts p, neon_auth.users_sync u WHERE lower(p.author_id) = u.id AND u.deleted_at IS NULL`,
    findings: [{ at: 'neon_auth.users_sync u', messageId: 'commaJoin', fixes: [] }],
  },
  {
    name: 'flags a CROSS JOIN matched in WHERE on its keywords and rewrites it',
    sql: `SELECT p.title FROM posts p CROSS JOIN neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NULL`,
    findings: [
      {
        at: 'CROSS JOIN',
        messageId: 'crossJoin',
        message: 'Cross join',
        fixes: [
          {
            title: 'Rewrite as LEFT JOIN … ON u.id = p.author_id',
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'does not flag a comma join with no match in WHERE (a cross product, not a lookup)',
    sql: `SELECT p.title, u.email FROM posts p, neon_auth.users_sync u WHERE u.deleted_at IS NULL AND p.published`,
    findings: [],
  },
  {
    name: 'keeps a comment and a line break between INNER and JOIN',
    sql: `SELECT p.title FROM posts p INNER /* author */
  JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
    findings: [
      {
        at: `INNER /* author */
  JOIN`,
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT /* author */
  JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the join inside a CTE',
    sql: `WITH recent AS (
  SELECT p.id, u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL
)
SELECT * FROM recent;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `WITH recent AS (
  SELECT p.id, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL
)
SELECT * FROM recent;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the join inside an EXISTS subquery',
    sql: `SELECT c.body FROM comments c WHERE EXISTS (SELECT 1 FROM posts p INNER JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id = c.post_id AND u.deleted_at IS NULL)`,
    findings: [
      {
        at: 'INNER JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT c.body FROM comments c WHERE EXISTS (SELECT 1 FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id = c.post_id AND u.deleted_at IS NULL)`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags only the UNION branch that inner-joins users_sync',
    sql: `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL
UNION ALL
SELECT c.body, u.name FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        nth: 1,
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL
UNION ALL
SELECT c.body, u.name FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the join in a view and in a materialized view',
    sql: `CREATE VIEW post_authors AS SELECT p.id, u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
CREATE MATERIALIZED VIEW todo_owners AS SELECT t.id, u.email FROM todos t JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `CREATE VIEW post_authors AS SELECT p.id, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
CREATE MATERIALIZED VIEW todo_owners AS SELECT t.id, u.email FROM todos t JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        nth: 1,
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `CREATE VIEW post_authors AS SELECT p.id, u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
CREATE MATERIALIZED VIEW todo_owners AS SELECT t.id, u.email FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags only the users_sync join among several joins',
    sql: `SELECT c.body, p.title, u.name
FROM comments c
JOIN posts p ON p.id = c.post_id
JOIN neon_auth.users_sync u ON u.id = c.author_id
WHERE u.deleted_at IS NULL`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        nth: 1,
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT c.body, p.title, u.name
FROM comments c
JOIN posts p ON p.id = c.post_id
LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id
WHERE u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'does not flag the join of INSERT … SELECT (a LEFT JOIN would insert NULL user ids)',
    sql: `INSERT INTO todos (task, user_id) SELECT 'Review ' || p.title, u.id FROM posts p INNER JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
    findings: [],
  },
  {
    name: 'still flags a join in a subquery of INSERT … SELECT that only reads',
    sql: `INSERT INTO todos (task, user_id) SELECT 'Follow up', t.user_id FROM todos t WHERE EXISTS (SELECT 1 FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.author_id = t.user_id AND u.deleted_at IS NULL)`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `INSERT INTO todos (task, user_id) SELECT 'Follow up', t.user_id FROM todos t WHERE EXISTS (SELECT 1 FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.author_id = t.user_id AND u.deleted_at IS NULL)`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags joins in statements pgsql-ast-parser alone rejects (IS DISTINCT FROM, E-strings, WITH RECURSIVE)',
    sql: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name IS DISTINCT FROM E'O\\'Brien' AND u.deleted_at IS NULL;
WITH RECURSIVE thread AS (SELECT c.id, c.author_id FROM comments c WHERE c.post_id = 1)
SELECT t.id, u.email FROM thread t INNER JOIN neon_auth.users_sync u ON u.id = t.author_id WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name IS DISTINCT FROM E'O\\'Brien' AND u.deleted_at IS NULL;
WITH RECURSIVE thread AS (SELECT c.id, c.author_id FROM comments c WHERE c.post_id = 1)
SELECT t.id, u.email FROM thread t INNER JOIN neon_auth.users_sync u ON u.id = t.author_id WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
      {
        at: 'INNER JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name IS DISTINCT FROM E'O\\'Brien' AND u.deleted_at IS NULL;
WITH RECURSIVE thread AS (SELECT c.id, c.author_id FROM comments c WHERE c.post_id = 1)
SELECT t.id, u.email FROM thread t LEFT JOIN neon_auth.users_sync u ON u.id = t.author_id WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags joins after non-ASCII comments and with a non-ASCII alias',
    sql: `-- Auteurs des billets publiés 😀
SELECT p.title, é.name FROM posts p /* résumé */ JOIN neon_auth.users_sync é ON é.id = p.author_id WHERE é.deleted_at IS NULL`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `-- Auteurs des billets publiés 😀
SELECT p.title, é.name FROM posts p /* résumé */ LEFT JOIN neon_auth.users_sync é ON é.id = p.author_id WHERE é.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags joins inside a LANGUAGE sql function body and a PL/pgSQL RETURN QUERY',
    sql: `CREATE FUNCTION author_names() RETURNS SETOF text LANGUAGE sql AS $fn$
  SELECT u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
$fn$;
CREATE FUNCTION author_emails() RETURNS TABLE (email text) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT u.email FROM posts p INNER JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
END $$;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `CREATE FUNCTION author_names() RETURNS SETOF text LANGUAGE sql AS $fn$
  SELECT u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
$fn$;
CREATE FUNCTION author_emails() RETURNS TABLE (email text) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT u.email FROM posts p INNER JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
END $$;`,
          },
        ],
      },
      {
        at: 'INNER JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `CREATE FUNCTION author_names() RETURNS SETOF text LANGUAGE sql AS $fn$
  SELECT u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
$fn$;
CREATE FUNCTION author_emails() RETURNS TABLE (email text) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT u.email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'does not flag users_sync as the first FROM item (the query lists users)',
    sql: `SELECT u.email, count(t.id) FROM neon_auth.users_sync u JOIN todos t ON t.user_id = u.id WHERE u.deleted_at IS NULL GROUP BY u.email`,
    findings: [],
  },
  {
    name: 'does not flag an inner join whose WHERE drops NULL users anyway (a LEFT JOIN would return the same rows)',
    sql: `SELECT t.task FROM todos t JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE u.email = 'ada@example.com' AND u.deleted_at IS NULL;
SELECT count(*) FROM todos t JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE u.deleted_at IS NOT NULL;`,
    findings: [],
  },
  {
    name: 'does not flag an inner join whose WHERE rejects NULL users through another table, an OR whose every branch rejects, jsonb access or ILIKE ANY (the test no-null-rejecting-where uses)',
    sql: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name = p.title;
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id = 1 AND u.name = 'x' OR u.name = 'y';
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.raw_json->>'a' = 'b';
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name ILIKE ANY (ARRAY['x']);
SELECT p.title FROM posts p, neon_auth.users_sync u WHERE u.id = p.author_id AND u.name = title;`,
    findings: [],
  },
  {
    name: 'flags a comma join whose WHERE matches the user table twice (both are join conditions) but offers no rewrite',
    sql: `SELECT p.title FROM posts p, neon_auth.users_sync u WHERE u.id = p.author_id AND u.name = p.title`,
    findings: [{ at: 'neon_auth.users_sync u', messageId: 'commaJoin', fixes: [] }],
  },
  {
    name: 'still flags an inner join whose WHERE only filters other tables or tolerates NULL users',
    sql: `SELECT t.task FROM todos t JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE t.done AND u.deleted_at IS NULL AND u.name IS DISTINCT FROM 'bot'`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `SELECT t.task FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE t.done AND u.deleted_at IS NULL AND u.name IS DISTINCT FROM 'bot'`,
          },
        ],
      },
    ],
  },
  {
    name: 'does not flag a LEFT JOIN',
    sql: `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
    findings: [],
  },
  {
    name: 'does not flag a RIGHT JOIN where users_sync is the preserved side',
    sql: `SELECT u.email, p.title FROM posts p RIGHT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
    findings: [],
  },
  {
    name: 'does not flag users_sync as the optional side of a RIGHT JOIN (already outer)',
    sql: `SELECT p.title, u.name FROM neon_auth.users_sync u RIGHT JOIN posts p ON u.id = p.author_id AND u.deleted_at IS NULL`,
    findings: [],
  },
  {
    name: 'does not flag joins between other tables',
    sql: `SELECT c.body, p.title FROM comments c JOIN posts p ON p.id = c.post_id`,
    findings: [],
  },
  {
    name: 'does not flag UPDATE … FROM users_sync (only matched rows are updated)',
    sql: `UPDATE posts p SET title = p.title || ' (' || u.name || ')' FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NULL`,
    findings: [],
  },
  {
    name: 'does not flag a LEFT JOIN LATERAL subquery that reads users_sync first',
    sql: `SELECT p.id, l.name FROM posts p LEFT JOIN LATERAL (SELECT u.name FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NULL) l ON true`,
    findings: [],
  },
  {
    name: 'does not treat a quoted "neon_auth.users_sync" (one identifier with a dot) as the Neon table',
    sql: `CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY);
SELECT p.title FROM posts p JOIN "neon_auth.users_sync" u ON u.id = p.author_id;`,
    findings: [],
  },
  {
    name: 'flags an inner join in CREATE TABLE … AS (a form only the Postgres grammar reads)',
    sql: `CREATE TABLE post_authors AS SELECT p.title, u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: 'Change to LEFT JOIN',
            preferred: true,
            output: `CREATE TABLE post_authors AS SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an inner join in SELECT … FOR UPDATE OF (a form only the Postgres grammar reads)',
    sql: `SELECT p.id, p.title, u.name FROM posts p INNER JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL FOR UPDATE OF p`,
    findings: [
      {
        at: 'INNER JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: 'Change to LEFT JOIN',
            preferred: true,
            output: `SELECT p.id, p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL FOR UPDATE OF p`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a join in the query of a PL/pgSQL FOR … IN … LOOP, fixed inside the body',
    sql: `DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT p.title, u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL LOOP
    RAISE NOTICE '% by %', r.title, r.name;
  END LOOP;
END $$;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL LOOP
    RAISE NOTICE '% by %', r.title, r.name;
  END LOOP;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags joins in PL/pgSQL PERFORM, in a (SELECT …) assigned with :=, and in IF EXISTS (SELECT …)',
    sql: `DO $$
DECLARE
  n bigint;
BEGIN
  PERFORM p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
  n := (SELECT count(*) FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL);
  IF EXISTS (SELECT 1 FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL) THEN
    RAISE NOTICE '% posts', n;
  END IF;
END $$;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `DO $$
DECLARE
  n bigint;
BEGIN
  PERFORM p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
  n := (SELECT count(*) FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL);
  IF EXISTS (SELECT 1 FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL) THEN
    RAISE NOTICE '% posts', n;
  END IF;
END $$;`,
          },
        ],
      },
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        nth: 1,
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `DO $$
DECLARE
  n bigint;
BEGIN
  PERFORM p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
  n := (SELECT count(*) FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL);
  IF EXISTS (SELECT 1 FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL) THEN
    RAISE NOTICE '% posts', n;
  END IF;
END $$;`,
          },
        ],
      },
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        nth: 2,
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `DO $$
DECLARE
  n bigint;
BEGIN
  PERFORM p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
  n := (SELECT count(*) FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL);
  IF EXISTS (SELECT 1 FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL) THEN
    RAISE NOTICE '% posts', n;
  END IF;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a join in a PL/pgSQL SELECT … INTO STRICT (the INTO target is PL/pgSQL, not a parse error)',
    sql: `CREATE FUNCTION app.author_email(post bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_email text;
BEGIN
  SELECT u.email INTO STRICT v_email FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id = post AND u.deleted_at IS NULL;
  RETURN v_email;
END $$;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: LEFT,
            preferred: true,
            output: `CREATE FUNCTION app.author_email(post bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_email text;
BEGIN
  SELECT u.email INTO STRICT v_email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id = post AND u.deleted_at IS NULL;
  RETURN v_email;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an inner join to an unqualified users_sync that SET search_path resolves to neon_auth',
    sql: `SET search_path TO neon_auth, public, app;
SELECT p.title, u.name FROM posts p JOIN users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        message: 'Inner join to neon_auth.users_sync drops rows whose user has not synced yet (the sync is asynchronous); use LEFT JOIN.',
        fixes: [
          {
            title: 'Change to LEFT JOIN',
            preferred: true,
            output: `SET search_path TO neon_auth, public, app;
SELECT p.title, u.name FROM posts p LEFT JOIN users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'is silent on a join to an unqualified users_sync that a schema before neon_auth on the path holds (public, then neon_auth)',
    sql: `SET search_path TO public, neon_auth, app;
CREATE TABLE users_sync (id text PRIMARY KEY, name text);
SELECT p.title, u.name FROM posts p JOIN users_sync u ON u.id = p.author_id;`,
    findings: [],
  },
  {
    name: 'is silent on a join to an unqualified users_sync under the default search path ("$user", public: no neon_auth)',
    sql: `CREATE TABLE users_sync (id text PRIMARY KEY, name text);
SELECT p.title, u.name FROM app.posts p JOIN users_sync u ON u.id = p.author_id;`,
    findings: [],
  },
  ...drizzleCases,
  {
    name: 'with authSchema "current" users_sync does not exist: match-auth-schema reports it, no LEFT JOIN is asked for',
    options: { authSchema: 'current' },
    sql: `SELECT p.title, u.name FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;`,
    findings: [],
  },
  {
    name: 'the comma-join rewrite keeps a comment written beside the condition it moves out of WHERE',
    sql: `SELECT p.title FROM posts p, neon_auth.users_sync u WHERE u.id = p.author_id /* why */ AND p.published;`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'commaJoin',
        fixes: [
          {
            title: 'Rewrite as LEFT JOIN … ON u.id = p.author_id',
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE /* why */ p.published;`,
          },
        ],
      },
    ],
  },
  {
    name: 'moving the deleted_at condition from ON to WHERE keeps the comments around it',
    sql: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id -- matched by id
  AND /* live users */ u.deleted_at IS NULL
WHERE p.published;`,
    findings: [
      {
        at: 'JOIN',
        messageId: 'innerJoin',
        fixes: [
          {
            title: "Change to LEFT JOIN and move u.deleted_at IS NULL to WHERE (keeps the rows of users not synced yet; soft-deleted users' rows stay out)",
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id -- matched by id
/* live users */
WHERE p.published AND u.deleted_at IS NULL;`,
          },
          {
            title: LEFT_BACK,
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id -- matched by id
  AND /* live users */ u.deleted_at IS NULL
WHERE p.published;`,
          },
        ],
      },
    ],
  },
];
