import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

export const cases: RuleCase[] = [
  {
    name: 'a query that reads deleted_at outside WHERE and ON (a FILTER, a CASE, a function argument, ORDER BY, GROUP BY, HAVING) has decided about soft-deleted users',
    sql: `SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS active, count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted FROM neon_auth.users_sync;
SELECT c.id, CASE WHEN u.deleted_at IS NOT NULL THEN 'Deleted user' ELSE u.name END AS author_name
FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE c.post_id = 1;
SELECT p.title, coalesce(u.deleted_at, 'infinity') AS gone_at FROM posts p LEFT JOIN neon_auth.users_sync AS u ON u.id = p.author_id;
SELECT id, email FROM neon_auth.users_sync ORDER BY deleted_at NULLS FIRST, id;
SELECT u.deleted_at IS NULL AS active, count(*) FROM neon_auth.users_sync u GROUP BY u.deleted_at IS NULL;
SELECT t.user_id FROM todos t JOIN neon_auth.users_sync u ON u.id = t.user_id GROUP BY t.user_id HAVING bool_and(u.deleted_at IS NULL);`,
    findings: [],
  },
  {
    name: 'deleted_at read outside WHERE counts only for its own relation and query level: another alias, a sub-query, an output column named deleted_at',
    sql: `SELECT a.id, b.deleted_at FROM neon_auth.users_sync a JOIN neon_auth.users_sync b ON b.email = a.email;
SELECT u.id, (SELECT count(*) FROM comments c WHERE c.author_id = u.id AND u.deleted_at IS NULL) AS comments FROM neon_auth.users_sync u;
SELECT id, created_at AS deleted_at FROM neon_auth.users_sync ORDER BY deleted_at;`,
    findings: [
      {
        at: 'neon_auth.users_sync a',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add a.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT a.id, b.deleted_at FROM neon_auth.users_sync a JOIN neon_auth.users_sync b ON b.email = a.email WHERE a.deleted_at IS NULL;
SELECT u.id, (SELECT count(*) FROM comments c WHERE c.author_id = u.id AND u.deleted_at IS NULL) AS comments FROM neon_auth.users_sync u;
SELECT id, created_at AS deleted_at FROM neon_auth.users_sync ORDER BY deleted_at;`,
          },
        ],
      },
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT a.id, b.deleted_at FROM neon_auth.users_sync a JOIN neon_auth.users_sync b ON b.email = a.email;
SELECT u.id, (SELECT count(*) FROM comments c WHERE c.author_id = u.id AND u.deleted_at IS NULL) AS comments FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
SELECT id, created_at AS deleted_at FROM neon_auth.users_sync ORDER BY deleted_at;`,
          },
        ],
      },
      {
        at: 'neon_auth.users_sync',
        nth: 3,
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT a.id, b.deleted_at FROM neon_auth.users_sync a JOIN neon_auth.users_sync b ON b.email = a.email;
SELECT u.id, (SELECT count(*) FROM comments c WHERE c.author_id = u.id AND u.deleted_at IS NULL) AS comments FROM neon_auth.users_sync u;
SELECT id, created_at AS deleted_at FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL ORDER BY deleted_at;`,
          },
        ],
      },
    ],
  },
  {
    name: 'follows a column alias list that renames deleted_at (AS u(r, i, …, d)): the filter on u.d counts',
    sql: `SELECT u.i FROM neon_auth.users_sync AS u(r, i, n, e, c, up, d) WHERE u.d IS NULL;`,
    findings: [],
  },
  {
    name: 'an alias after the inheritance star (users_sync * u) or ONLY (users_sync) u is the qualifier the fix writes',
    sql: `SELECT u.id FROM neon_auth.users_sync * u;
SELECT v.id FROM ONLY (neon_auth.users_sync) AS v;`,
    findings: [
      {
        at: 'neon_auth.users_sync * u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT u.id FROM neon_auth.users_sync * u WHERE u.deleted_at IS NULL;
SELECT v.id FROM ONLY (neon_auth.users_sync) AS v;`,
          },
        ],
      },
      {
        at: 'neon_auth.users_sync) AS v',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add v.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT u.id FROM neon_auth.users_sync * u;
SELECT v.id FROM ONLY (neon_auth.users_sync) AS v WHERE v.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: "TABLE name (it has no WHERE): the fix writes the SELECT * FROM it stands for, in the statement's keyword case",
    sql: `TABLE neon_auth.users_sync;
select 1 from (table only neon_auth.users_sync) s;`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT * FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL;
select 1 from (table only neon_auth.users_sync) s;`,
          },
        ],
      },
      {
        at: 'neon_auth.users_sync',
        nth: 1,
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at is null to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `TABLE neon_auth.users_sync;
select 1 from (select * from only neon_auth.users_sync where neon_auth.users_sync.deleted_at is null) s;`,
          },
        ],
      },
    ],
  },
  {
    name: 'a column alias list that stops before deleted_at leaves it its name: the read is flagged as any other',
    sql: `SELECT t.id, u.name FROM todos t LEFT JOIN neon_auth.users_sync u(raw) ON u.id = t.user_id`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            output: `SELECT t.id, u.name FROM todos t LEFT JOIN neon_auth.users_sync u(raw) ON u.id = t.user_id WHERE u.deleted_at IS NULL`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            output: `SELECT t.id, u.name FROM todos t LEFT JOIN neon_auth.users_sync u(raw) ON u.id = t.user_id AND u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'a column alias list that renames deleted_at: the fix writes the new name, quoted when it must be',
    sql: `SELECT u.i FROM neon_auth.users_sync AS u(r, i, n, e, c, up, "Gone")`,
    findings: [
      {
        at: 'neon_auth.users_sync AS u',
        messageId: 'missingFilter',
        message: 'add u."Gone" IS NULL',
        fixes: [
          {
            title: 'Add u."Gone" IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT u.i FROM neon_auth.users_sync AS u(r, i, n, e, c, up, "Gone") WHERE u."Gone" IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'reports a column alias list that gives another column the name deleted_at: the real deleted_at can no longer be named (42702), so nothing filters it; no fix',
    sql: `SELECT u.id FROM neon_auth.users_sync AS u(deleted_at)`,
    findings: [
      {
        at: 'neon_auth.users_sync AS u',
        messageId: 'hiddenDeletedAt',
        message:
          'The column list of u renames raw_json to deleted_at, the name the real deleted_at has there too: u.deleted_at is ambiguous (Postgres rejects every reference to it: SQLSTATE 42702), so this query cannot filter the soft-deleted users of neon_auth.users_sync. Give raw_json another name in the list, then add u.deleted_at IS NULL.',
        severity: 'warning',
        fixes: [],
      },
    ],
  },
  {
    name: 'a filter on the column an alias list renamed to deleted_at is not a filter: the reference is ambiguous and Postgres rejects it (42702), reported as an error',
    rejectedBy: '42702',
    sql: `SELECT u.id FROM neon_auth.users_sync u(deleted_at) WHERE u.deleted_at IS NULL;`,
    findings: [{ at: 'neon_auth.users_sync u', messageId: 'hiddenDeletedAt', message: 'renames raw_json to deleted_at', severity: 'error', fixes: [] }],
  },
  {
    name: "an alias list that gives the same name to raw_json and to the real deleted_at hides it too (the JOIN's ON filter is ambiguous: 42702)",
    rejectedBy: '42702',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync AS a (deleted_at, i, n, e, c, up, deleted_at) ON a.i = p.author_id AND a.deleted_at IS NULL;`,
    findings: [
      {
        at: 'neon_auth.users_sync AS a',
        messageId: 'hiddenDeletedAt',
        message: 'The column list of a renames raw_json to deleted_at',
        severity: 'error',
        fixes: [],
      },
    ],
  },
  {
    name: 'a filter on the column an alias list renamed to deleted_at does not count when the list also renames the real one: the fix filters the real one by its new name',
    sql: `SELECT u.i FROM neon_auth.users_sync AS u(deleted_at, i, n, e, c, up, gone) WHERE u.deleted_at IS NULL`,
    findings: [
      {
        at: 'neon_auth.users_sync AS u',
        messageId: 'missingFilter',
        message: 'add u.gone IS NULL',
        fixes: [
          {
            title: 'Add u.gone IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT u.i FROM neon_auth.users_sync AS u(deleted_at, i, n, e, c, up, gone) WHERE u.deleted_at IS NULL AND u.gone IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'the real deleted_at renamed by an alias list and filtered by its new name counts, whatever the list calls raw_json',
    sql: `SELECT u.deleted_at AS raw, u.i FROM neon_auth.users_sync AS u(deleted_at, i, n, e, c, up, gone) WHERE u.gone IS NULL`,
    findings: [],
  },
  {
    name: 'an anti-join through a column alias list: the renamed id is still the NOT NULL key',
    sql: `SELECT t.id FROM todos t LEFT JOIN neon_auth.users_sync u(r, ident) ON u.ident = t.user_id WHERE u.ident IS NULL`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'antiJoinMissingFilter',
        message: 'This join keeps only the rows with no user (u.ident IS NULL)',
        fixes: [
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (soft-deleted users count as absent: their rows come back too)",
            preferred: false,
            output: `SELECT t.id FROM todos t LEFT JOIN neon_auth.users_sync u(r, ident) ON u.ident = t.user_id AND u.deleted_at IS NULL WHERE u.ident IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: "flags the best-practices page's query without its WHERE and offers both placements",
    sql: `SELECT posts.*, neon_auth.users_sync.name AS author_name
FROM posts
LEFT JOIN neon_auth.users_sync ON posts.author_id = neon_auth.users_sync.id;`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'missingFilter',
        nth: 1,
        message: 'without filtering soft-deleted users',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            output: `SELECT posts.*, neon_auth.users_sync.name AS author_name
FROM posts
LEFT JOIN neon_auth.users_sync ON posts.author_id = neon_auth.users_sync.id WHERE neon_auth.users_sync.deleted_at IS NULL;`,
          },
          {
            title: "Add neon_auth.users_sync.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            output: `SELECT posts.*, neon_auth.users_sync.name AS author_name
FROM posts
LEFT JOIN neon_auth.users_sync ON posts.author_id = neon_auth.users_sync.id AND neon_auth.users_sync.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'uses the alias and ANDs onto an existing WHERE before ORDER BY and LIMIT',
    sql: `SELECT p.title, u.email FROM posts p LEFT JOIN neon_auth.users_sync AS u ON u.id = p.author_id WHERE p.published ORDER BY p.created_at DESC LIMIT 10`,
    findings: [
      {
        at: 'neon_auth.users_sync AS u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            output: `SELECT p.title, u.email FROM posts p LEFT JOIN neon_auth.users_sync AS u ON u.id = p.author_id WHERE p.published AND u.deleted_at IS NULL ORDER BY p.created_at DESC LIMIT 10`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            output: `SELECT p.title, u.email FROM posts p LEFT JOIN neon_auth.users_sync AS u ON u.id = p.author_id AND u.deleted_at IS NULL WHERE p.published ORDER BY p.created_at DESC LIMIT 10`,
          },
        ],
      },
    ],
  },
  {
    name: 'parenthesizes an existing WHERE whose top level is OR',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.published OR p.title LIKE 'Draft%'`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE (p.published OR p.title LIKE 'Draft%') AND u.deleted_at IS NULL`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL WHERE p.published OR p.title LIKE 'Draft%'`,
          },
        ],
      },
    ],
  },
  {
    name: 'adds a WHERE before GROUP BY when users_sync is the FROM item, with no ON variant',
    sql: `SELECT u.id, count(t.id) AS open_todos
FROM neon_auth.users_sync u
JOIN todos t ON t.user_id = u.id
GROUP BY u.id`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT u.id, count(t.id) AS open_todos
FROM neon_auth.users_sync u
JOIN todos t ON t.user_id = u.id
WHERE u.deleted_at IS NULL
GROUP BY u.id`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers the ON variant for an inner join without claiming it keeps rows',
    sql: `SELECT c.body FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT c.body FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON condition",
            preferred: false,
            output: `SELECT c.body FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id AND u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'puts the ON variant in the RIGHT JOIN whose left side is users_sync',
    sql: `SELECT p.title, u.name FROM neon_auth.users_sync u RIGHT JOIN posts p ON u.id = p.author_id`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            output: `SELECT p.title, u.name FROM neon_auth.users_sync u RIGHT JOIN posts p ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            output: `SELECT p.title, u.name FROM neon_auth.users_sync u RIGHT JOIN posts p ON u.id = p.author_id AND u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a CTE that reads users_sync and qualifies with the table name when there is no alias',
    sql: `WITH active AS (SELECT id, email FROM neon_auth.users_sync)
SELECT * FROM active;`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `WITH active AS (SELECT id, email FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL)
SELECT * FROM active;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a subquery in WHERE … IN and ANDs onto its own WHERE',
    sql: `SELECT t.task FROM todos t WHERE t.user_id IN (SELECT id FROM neon_auth.users_sync WHERE email LIKE '%@example.com')`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT t.task FROM todos t WHERE t.user_id IN (SELECT id FROM neon_auth.users_sync WHERE email LIKE '%@example.com' AND neon_auth.users_sync.deleted_at IS NULL)`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a subquery in FROM',
    sql: `SELECT s.email FROM (SELECT email FROM neon_auth.users_sync ORDER BY created_at DESC LIMIT 5) s`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT s.email FROM (SELECT email FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL ORDER BY created_at DESC LIMIT 5) s`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags UPDATE … FROM users_sync',
    sql: `UPDATE posts p SET title = p.title || ' by ' || u.name FROM neon_auth.users_sync u WHERE u.id = p.author_id`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `UPDATE posts p SET title = p.title || ' by ' || u.name FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags INSERT … SELECT from users_sync',
    sql: `INSERT INTO todos (task, user_id) SELECT 'Welcome', id FROM neon_auth.users_sync`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `INSERT INTO todos (task, user_id) SELECT 'Welcome', id FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a view and a materialized view, in lower case keeping the case',
    sql: `create view user_emails as select u.email from neon_auth.users_sync u;
create materialized view user_count as select count(*) as n from neon_auth.users_sync;`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at is null to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `create view user_emails as select u.email from neon_auth.users_sync u where u.deleted_at is null;
create materialized view user_count as select count(*) as n from neon_auth.users_sync;`,
          },
        ],
      },
      {
        at: 'neon_auth.users_sync',
        messageId: 'missingFilter',
        nth: 1,
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at is null to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `create view user_emails as select u.email from neon_auth.users_sync u;
create materialized view user_count as select count(*) as n from neon_auth.users_sync where neon_auth.users_sync.deleted_at is null;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags only the UNION branch without the filter, with quoted names and a quoted alias',
    sql: `SELECT "U".email FROM "neon_auth"."users_sync" "U" WHERE "U".deleted_at IS NULL
UNION
SELECT "V".email FROM "neon_auth"."users_sync" "V" WHERE "V".email LIKE '%@neon.tech'`,
    findings: [
      {
        at: '"neon_auth"."users_sync" "V"',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add "V".deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT "U".email FROM "neon_auth"."users_sync" "U" WHERE "U".deleted_at IS NULL
UNION
SELECT "V".email FROM "neon_auth"."users_sync" "V" WHERE "V".email LIKE '%@neon.tech' AND "V".deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an EXISTS subquery',
    sql: `SELECT t.task FROM todos t WHERE EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = t.user_id)`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT t.task FROM todos t WHERE EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = t.user_id AND u.deleted_at IS NULL)`,
          },
        ],
      },
    ],
  },
  {
    name: 'inside NOT EXISTS (an anti-join) says what the filter would do and prefers no fix: it widens the DELETE',
    sql: `DELETE FROM todos t WHERE NOT EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = t.user_id)`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'negatedMissingFilter',
        message: 'so a soft-deleted user still counts as present',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL inside the NOT EXISTS / NOT IN (soft-deleted users count as absent: more outer rows match)',
            preferred: false,
            output: `DELETE FROM todos t WHERE NOT EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = t.user_id AND u.deleted_at IS NULL)`,
          },
        ],
      },
    ],
  },
  {
    name: 'inside NOT IN and <> ALL sub-queries too; a NOT that is not right over the sub-query is an ordinary read',
    sql: `DELETE FROM todos WHERE user_id NOT IN (SELECT id FROM neon_auth.users_sync);
SELECT t.id FROM todos t WHERE t.user_id <> ALL (SELECT id FROM neon_auth.users_sync);
SELECT t.id FROM todos t WHERE NOT (t.done AND EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = t.user_id));`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'negatedMissingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL inside the NOT EXISTS / NOT IN (soft-deleted users count as absent: more outer rows match)',
            preferred: false,
            output: `DELETE FROM todos WHERE user_id NOT IN (SELECT id FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL);
SELECT t.id FROM todos t WHERE t.user_id <> ALL (SELECT id FROM neon_auth.users_sync);
SELECT t.id FROM todos t WHERE NOT (t.done AND EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = t.user_id));`,
          },
        ],
      },
      {
        at: 'neon_auth.users_sync',
        nth: 1,
        messageId: 'negatedMissingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL inside the NOT EXISTS / NOT IN (soft-deleted users count as absent: more outer rows match)',
            preferred: false,
            output: `DELETE FROM todos WHERE user_id NOT IN (SELECT id FROM neon_auth.users_sync);
SELECT t.id FROM todos t WHERE t.user_id <> ALL (SELECT id FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL);
SELECT t.id FROM todos t WHERE NOT (t.done AND EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = t.user_id));`,
          },
        ],
      },
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `DELETE FROM todos WHERE user_id NOT IN (SELECT id FROM neon_auth.users_sync);
SELECT t.id FROM todos t WHERE t.user_id <> ALL (SELECT id FROM neon_auth.users_sync);
SELECT t.id FROM todos t WHERE NOT (t.done AND EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = t.user_id AND u.deleted_at IS NULL));`,
          },
        ],
      },
    ],
  },
  {
    name: 'a LEFT JOIN anti-join (WHERE u.id IS NULL) gets its own message and only the ON fix, not preferred (a WHERE filter would do nothing there)',
    sql: `SELECT t.id FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE t.done AND u.id IS NULL`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'antiJoinMissingFilter',
        message:
          'This join keeps only the rows with no user (u.id IS NULL) and reads neon_auth.users_sync without a deleted_at condition, so a soft-deleted user still counts as present; add u.deleted_at IS NULL to the ON if they should count as absent (the query then also returns their rows).',
        fixes: [
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (soft-deleted users count as absent: their rows come back too)",
            preferred: false,
            output: `SELECT t.id FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id AND u.deleted_at IS NULL WHERE t.done AND u.id IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'a LEFT JOIN whose WHERE tests a nullable user column IS NULL (u.email IS NULL: users without an email too) is an ordinary read',
    sql: `SELECT t.id FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE u.email IS NULL`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            output: `SELECT t.id FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE u.email IS NULL AND u.deleted_at IS NULL`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            output: `SELECT t.id FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id AND u.deleted_at IS NULL WHERE u.email IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags each of several statements in a file',
    sql: `SELECT email FROM neon_auth.users_sync;
SELECT name FROM neon_identity.users_sync;`,
    findings: [
      {
        at: 'neon_auth.users_sync',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add neon_auth.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT email FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL;
SELECT name FROM neon_identity.users_sync;`,
          },
        ],
      },
      {
        at: 'neon_identity.users_sync',
        messageId: 'missingFilter',
        message: 'Query reads neon_identity.users_sync without filtering soft-deleted users; add neon_identity.users_sync.deleted_at IS NULL.',
        fixes: [
          {
            title: 'Add neon_identity.users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT email FROM neon_auth.users_sync;
SELECT name FROM neon_identity.users_sync WHERE neon_identity.users_sync.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'qualifies the filter with a non-ASCII alias as written',
    sql: `SELECT é.email FROM neon_auth.users_sync AS é /* ünïcode */ ORDER BY é.email`,
    findings: [
      {
        at: 'neon_auth.users_sync AS é',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add é.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT é.email FROM neon_auth.users_sync AS é WHERE é.deleted_at IS NULL /* ünïcode */ ORDER BY é.email`,
          },
        ],
      },
    ],
  },
  {
    name: 'puts a new WHERE after parenthesized joins, as pg_dump writes views',
    sql: `CREATE VIEW public.post_authors AS
 SELECT p.id,
    u.name
   FROM (posts p
     LEFT JOIN neon_auth.users_sync u ON ((u.id = p.author_id)));`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            output: `CREATE VIEW public.post_authors AS
 SELECT p.id,
    u.name
   FROM (posts p
     LEFT JOIN neon_auth.users_sync u ON ((u.id = p.author_id))) WHERE u.deleted_at IS NULL;`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            output: `CREATE VIEW public.post_authors AS
 SELECT p.id,
    u.name
   FROM (posts p
     LEFT JOIN neon_auth.users_sync u ON ((u.id = p.author_id)) AND u.deleted_at IS NULL);`,
          },
        ],
      },
    ],
  },
  {
    name: 'puts a new WHERE before WITH NO DATA of a materialized view',
    sql: `CREATE MATERIALIZED VIEW user_emails AS SELECT u.id, u.email FROM neon_auth.users_sync u WITH NO DATA;`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `CREATE MATERIALIZED VIEW user_emails AS SELECT u.id, u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL WITH NO DATA;`,
          },
        ],
      },
    ],
  },
  {
    name: 'does not count a deleted_at filter of a subquery whose alias shadows the user table',
    sql: `SELECT p.id FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NULL)`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (drops rows whose user was soft-deleted)',
            preferred: true,
            output: `SELECT p.id FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NULL) AND u.deleted_at IS NULL`,
          },
          {
            title: "Add u.deleted_at IS NULL to the JOIN's ON (keeps the rows, hides the soft-deleted user)",
            preferred: false,
            output: `SELECT p.id FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL
WHERE EXISTS (SELECT 1 FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NULL)`,
          },
        ],
      },
    ],
  },
  {
    name: 'keeps a space before the next clause when a quoted alias touches it',
    sql: `SELECT "U".email FROM neon_auth.users_sync "U"ORDER BY 1`,
    findings: [
      {
        at: 'neon_auth.users_sync "U"',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add "U".deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SELECT "U".email FROM neon_auth.users_sync "U" WHERE "U".deleted_at IS NULL ORDER BY 1`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts the filter in WHERE',
    sql: `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`,
    findings: [],
  },
  {
    name: "accepts the filter in the join's ON",
    sql: `SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL`,
    findings: [],
  },
  {
    name: 'accepts a query that deliberately lists soft-deleted users',
    sql: `SELECT u.email, u.deleted_at FROM neon_auth.users_sync u WHERE u.deleted_at IS NOT NULL`,
    findings: [],
  },
  {
    name: 'accepts an unqualified deleted_at condition',
    sql: `SELECT email FROM neon_auth.users_sync WHERE deleted_at IS NULL AND email LIKE '%@neon.tech'`,
    findings: [],
  },
  {
    name: 'accepts a LATERAL subquery that filters',
    sql: `SELECT p.id, l.name FROM posts p LEFT JOIN LATERAL (SELECT u.name FROM neon_auth.users_sync u WHERE u.id = p.author_id AND u.deleted_at IS NULL) l ON true`,
    findings: [],
  },
  {
    name: 'ignores queries that do not read users_sync',
    sql: `SELECT c.body, p.title FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.published`,
    findings: [],
  },
  {
    name: 'flags DELETE … USING users_sync without a deleted_at condition (a form only the Postgres grammar reads)',
    sql: `DELETE FROM todos t -- Zoë's todos 😀
USING neon_auth.users_sync u WHERE t.user_id = u.id AND u.email = 'zoë😀@example.com'`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `DELETE FROM todos t -- Zoë's todos 😀
USING neon_auth.users_sync u WHERE t.user_id = u.id AND u.email = 'zoë😀@example.com' AND u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts DELETE … USING users_sync with a deleted_at condition',
    sql: `DELETE FROM todos t USING neon_auth.users_sync u WHERE t.user_id = u.id AND u.deleted_at IS NOT NULL`,
    findings: [],
  },
  {
    name: 'checks a PL/pgSQL SELECT … INTO v whose INTO follows the FROM list, and puts the WHERE before the INTO',
    sql: `DO $$
DECLARE
  v text;
BEGIN
  SELECT u.email FROM neon_auth.users_sync u INTO v;
END $$;`,
    findings: [
      {
        at: 'neon_auth.users_sync u',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add u.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `DO $$
DECLARE
  v text;
BEGIN
  SELECT u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL INTO v;
END $$;`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts PL/pgSQL SELECT … INTO with the filter, INTO after the WHERE or before the FROM, into a list of variables',
    sql: `DO $$
DECLARE
  v_email text;
  v_name text;
BEGIN
  SELECT u.email FROM neon_auth.users_sync u WHERE u.id = 'user_ada' AND u.deleted_at IS NULL INTO v_email;
  SELECT u.email, u.name INTO v_email, v_name FROM neon_auth.users_sync u WHERE u.id = 'user_ada' AND u.deleted_at IS NULL;
END $$;`,
    findings: [],
  },
  {
    name: 'flags an unqualified users_sync that SET search_path resolves to neon_auth; the fix qualifies the filter by the name as written',
    sql: `SET search_path TO neon_auth, public;
SELECT id, email FROM users_sync ORDER BY email;`,
    findings: [
      {
        at: 'users_sync',
        messageId: 'missingFilter',
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users; add users_sync.deleted_at IS NULL.',
        fixes: [
          {
            title: 'Add users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `SET search_path TO neon_auth, public;
SELECT id, email FROM users_sync WHERE users_sync.deleted_at IS NULL ORDER BY email;`,
          },
        ],
      },
    ],
  },
  {
    name: 'follows SET LOCAL search_path inside a transaction that is rolled back (until the ROLLBACK)',
    sql: `BEGIN;
SET LOCAL search_path TO neon_auth, public;
SELECT id, email FROM users_sync;
ROLLBACK;`,
    findings: [
      {
        at: 'users_sync',
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `BEGIN;
SET LOCAL search_path TO neon_auth, public;
SELECT id, email FROM users_sync WHERE users_sync.deleted_at IS NULL;
ROLLBACK;`,
          },
        ],
      },
    ],
  },
  {
    name: 'is silent on an unqualified users_sync when the search path does not include neon_auth (the app table the file creates)',
    sql: `SET search_path TO public, app;
CREATE TABLE users_sync (id text PRIMARY KEY, name text);
SELECT id, name FROM users_sync;`,
    findings: [],
  },
  {
    name: "is silent on an unqualified users_sync when a schema before neon_auth on the path has the file's own table of that name",
    sql: `SET search_path TO public, neon_auth;
CREATE TABLE public.users_sync (id text PRIMARY KEY, name text);
SELECT id, name FROM users_sync;`,
    findings: [],
  },
  {
    name: 'flags an unqualified users_sync in a function body whose own SET search_path clause resolves it to neon_auth (also FROM CURRENT: the path where it is created)',
    sql: `CREATE FUNCTION active_emails() RETURNS SETOF text LANGUAGE sql STABLE SET search_path = neon_auth, public AS $$
  SELECT email FROM users_sync
$$;
SET search_path TO neon_auth, public;
CREATE FUNCTION all_names() RETURNS SETOF text LANGUAGE sql SET search_path FROM CURRENT AS $$ SELECT name FROM users_sync $$;`,
    findings: [
      {
        at: 'users_sync',
        messageId: 'missingFilter',
        message: 'Query reads neon_auth.users_sync without filtering soft-deleted users',
        fixes: [
          {
            title: 'Add users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `CREATE FUNCTION active_emails() RETURNS SETOF text LANGUAGE sql STABLE SET search_path = neon_auth, public AS $$
  SELECT email FROM users_sync WHERE users_sync.deleted_at IS NULL
$$;
SET search_path TO neon_auth, public;
CREATE FUNCTION all_names() RETURNS SETOF text LANGUAGE sql SET search_path FROM CURRENT AS $$ SELECT name FROM users_sync $$;`,
          },
        ],
      },
      {
        at: 'users_sync',
        nth: 1,
        messageId: 'missingFilter',
        fixes: [
          {
            title: 'Add users_sync.deleted_at IS NULL to WHERE (filters soft-deleted users)',
            preferred: true,
            output: `CREATE FUNCTION active_emails() RETURNS SETOF text LANGUAGE sql STABLE SET search_path = neon_auth, public AS $$
  SELECT email FROM users_sync
$$;
SET search_path TO neon_auth, public;
CREATE FUNCTION all_names() RETURNS SETOF text LANGUAGE sql SET search_path FROM CURRENT AS $$ SELECT name FROM users_sync WHERE users_sync.deleted_at IS NULL $$;`,
          },
        ],
      },
    ],
  },
  {
    name: "is silent on an unqualified users_sync in a function body without a SET search_path clause (its caller's path), or whose clause leaves neon_auth out or puts the file's own table first",
    sql: `SET search_path TO neon_auth, public;
CREATE FUNCTION f1() RETURNS SETOF text LANGUAGE sql AS $$ SELECT email FROM neon_auth.users_sync WHERE deleted_at IS NULL $$;
CREATE FUNCTION f2() RETURNS SETOF text LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT email FROM users_sync; END $$;
CREATE TABLE public.users_sync (id text PRIMARY KEY, email text);
CREATE FUNCTION f3() RETURNS SETOF text LANGUAGE sql SET search_path = public AS $$ SELECT email FROM users_sync $$;
CREATE FUNCTION f4() RETURNS SETOF text LANGUAGE sql SET search_path = public, neon_auth AS $$ SELECT email FROM users_sync $$;`,
    findings: [],
  },
  ...drizzleCases,
  {
    name: 'with authSchema "current" users_sync does not exist: match-auth-schema reports it, no deleted_at filter is asked for',
    options: { authSchema: 'current' },
    sql: `SELECT count(*) FROM neon_auth.users_sync;
SELECT p.title, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id;`,
    findings: [],
  },
];
