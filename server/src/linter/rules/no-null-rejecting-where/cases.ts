import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

/** 250 OR-ed conditions on the user's name: past the 200 terms the rule once stopped judging at. */
const MANY_NAMES = Array.from({ length: 250 }, (_, i) => `u.name = 'n${i}'`).join(' OR ');

export const cases: RuleCase[] = [
  {
    name: "flags a condition on the LEFT JOINed user's id, moves it into ON (dropping the WHERE) or offers an inner JOIN",
    sql: `SELECT p.title, u.name AS author
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE u.id = 'user_ada';`,
    findings: [
      {
        at: "u.id = 'user_ada'",
        messageId: 'whereRejects',
        message: 'the join works as an inner join',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title, u.name AS author
FROM posts p
JOIN neon_auth.users_sync u ON u.id = p.author_id
WHERE u.id = 'user_ada';`,
          },
          {
            title: "Move u.id = 'user_ada' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title, u.name AS author
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.id = 'user_ada';`,
          },
        ],
      },
    ],
  },
  {
    name: 'keeps the comments between ON and WHERE when the move drops the whole WHERE (a line comment keeps its line break)',
    sql: `SELECT p.title, u.name AS author
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id /* the author, if synced */
-- only company addresses
WHERE u.email LIKE '%@example.com'
ORDER BY p.title;`,
    findings: [
      {
        at: "u.email LIKE '%@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title, u.name AS author
FROM posts p
JOIN neon_auth.users_sync u ON u.id = p.author_id /* the author, if synced */
-- only company addresses
WHERE u.email LIKE '%@example.com'
ORDER BY p.title;`,
          },
          {
            title: "Move u.email LIKE '%@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title, u.name AS author
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.email LIKE '%@example.com' /* the author, if synced */ -- only company addresses
ORDER BY p.title;`,
          },
        ],
      },
    ],
  },
  {
    name: 'keeps the comments around the AND it removes with a middle or a first condition',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.published /* published */ AND /* company */ u.email LIKE '%@example.com' -- and a real id
AND p.id > 0;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name LIKE 'A%' -- initial
AND /* published */ p.published;`,
    findings: [
      {
        at: "u.email LIKE '%@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.published /* published */ AND /* company */ u.email LIKE '%@example.com' -- and a real id
AND p.id > 0;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name LIKE 'A%' -- initial
AND /* published */ p.published;`,
          },
          {
            title: "Move u.email LIKE '%@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.email LIKE '%@example.com' WHERE p.published /* published */ /* company */ -- and a real id
AND p.id > 0;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name LIKE 'A%' -- initial
AND /* published */ p.published;`,
          },
        ],
      },
      {
        at: "u.name LIKE 'A%'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.published /* published */ AND /* company */ u.email LIKE '%@example.com' -- and a real id
AND p.id > 0;
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name LIKE 'A%' -- initial
AND /* published */ p.published;`,
          },
          {
            title: "Move u.name LIKE 'A%' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.published /* published */ AND /* company */ u.email LIKE '%@example.com' -- and a real id
AND p.id > 0;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.name LIKE 'A%' WHERE -- initial
/* published */ p.published;`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers neither the inner JOIN nor the move for a WHERE condition when a later inner join also drops the rows without a user (the move would not keep them; found by the property test)',
    sql: `SELECT p.title, c.body FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id JOIN comments c ON c.author_id = u.id WHERE u.email LIKE '%@example.com';`,
    findings: [
      {
        at: 'c.author_id = u.id',
        messageId: 'laterInnerJoin',
        fixes: [
          {
            title: 'Change this join to LEFT JOIN (also keeps rows without a match in it)',
            preferred: false,
            output: `SELECT p.title, c.body FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id LEFT JOIN comments c ON c.author_id = u.id WHERE u.email LIKE '%@example.com';`,
          },
        ],
      },
      {
        at: "u.email LIKE '%@example.com'",
        messageId: 'whereRejectsWithLaterJoin',
        message: 'A later inner join drops those rows too (reported there): change it before moving this condition into the ON, or write JOIN.',
        fixes: [],
      },
    ],
  },
  {
    name: 'moves a middle condition with its AND, through LEFT OUTER JOIN … AS, keeping ORDER BY and the deleted_at filter',
    sql: `SELECT p.title FROM posts p LEFT OUTER JOIN neon_auth.users_sync AS u ON u.id = p.author_id WHERE p.published AND u.email ILIKE '%@example.com' AND u.deleted_at IS NULL ORDER BY p.title`,
    findings: [
      {
        at: "u.email ILIKE '%@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync AS u ON u.id = p.author_id WHERE p.published AND u.email ILIKE '%@example.com' AND u.deleted_at IS NULL ORDER BY p.title`,
          },
          {
            title: "Move u.email ILIKE '%@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT OUTER JOIN neon_auth.users_sync AS u ON u.id = p.author_id AND u.email ILIKE '%@example.com' WHERE p.published AND u.deleted_at IS NULL ORDER BY p.title`,
          },
        ],
      },
    ],
  },
  {
    name: 'moves a first condition with the AND after it, in lower case',
    sql: `select p.title from posts p left join neon_auth.users_sync u on u.id = p.author_id where u.name like 'A%' and u.deleted_at is null and p.published`,
    findings: [
      {
        at: "u.name like 'A%'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `select p.title from posts p join neon_auth.users_sync u on u.id = p.author_id where u.name like 'A%' and u.deleted_at is null and p.published`,
          },
          {
            title: "Move u.name like 'A%' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `select p.title from posts p left join neon_auth.users_sync u on u.id = p.author_id and u.name like 'A%' where u.deleted_at is null and p.published`,
          },
        ],
      },
    ],
  },
  {
    name: 'keeps a space where the removed condition had none before the next word',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.published AND u.email ILIKE '%@example.com'AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: "u.email ILIKE '%@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.published AND u.email ILIKE '%@example.com'AND u.deleted_at IS NULL;`,
          },
          {
            title: "Move u.email ILIKE '%@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.email ILIKE '%@example.com' WHERE p.published AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags deleted_at IS NOT NULL (NULL for a missing user too), which stays a deleted_at filter in ON for require-deleted-at-filter',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NOT NULL`,
    findings: [
      {
        at: 'u.deleted_at IS NOT NULL',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NOT NULL`,
          },
          {
            title: "Move u.deleted_at IS NOT NULL into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NOT NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags IN lists, casts and strict functions such as lower() on the user column',
    sql: `SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.name IN ('Ada Lovelace', 'Cy Young');
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND lower(u.email) = 'cy@example.com';
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.created_at::date >= '2025-01-01';`,
    findings: [
      {
        at: "u.name IN ('Ada Lovelace', 'Cy Young')",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT c.body FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.name IN ('Ada Lovelace', 'Cy Young');
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND lower(u.email) = 'cy@example.com';
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.created_at::date >= '2025-01-01';`,
          },
          {
            title: "Move u.name IN ('Ada Lovelace', 'Cy Young') into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id AND u.name IN ('Ada Lovelace', 'Cy Young') WHERE u.deleted_at IS NULL;
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND lower(u.email) = 'cy@example.com';
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.created_at::date >= '2025-01-01';`,
          },
        ],
      },
      {
        at: "lower(u.email) = 'cy@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.name IN ('Ada Lovelace', 'Cy Young');
SELECT c.body FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND lower(u.email) = 'cy@example.com';
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.created_at::date >= '2025-01-01';`,
          },
          {
            title: "Move lower(u.email) = 'cy@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.name IN ('Ada Lovelace', 'Cy Young');
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id AND lower(u.email) = 'cy@example.com' WHERE u.deleted_at IS NULL;
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.created_at::date >= '2025-01-01';`,
          },
        ],
      },
      {
        at: "u.created_at::date >= '2025-01-01'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.name IN ('Ada Lovelace', 'Cy Young');
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND lower(u.email) = 'cy@example.com';
SELECT c.body FROM comments c JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.created_at::date >= '2025-01-01';`,
          },
          {
            title: "Move u.created_at::date >= '2025-01-01' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND u.name IN ('Ada Lovelace', 'Cy Young');
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE u.deleted_at IS NULL AND lower(u.email) = 'cy@example.com';
SELECT c.body FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id AND u.created_at::date >= '2025-01-01' WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'puts an OR whose every branch rejects NULL into ON in parentheses, and moves a BETWEEN … AND whole',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name = 'Ada Lovelace' OR u.email LIKE '%@neon.tech';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE (u.name = 'Ada Lovelace' OR u.name = 'Cy Young') AND u.created_at BETWEEN '2024-01-01' AND '2026-01-01' AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: "u.name = 'Ada Lovelace' OR u.email LIKE '%@neon.tech'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name = 'Ada Lovelace' OR u.email LIKE '%@neon.tech';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE (u.name = 'Ada Lovelace' OR u.name = 'Cy Young') AND u.created_at BETWEEN '2024-01-01' AND '2026-01-01' AND u.deleted_at IS NULL;`,
          },
          {
            title: "Move u.name = 'Ada Lovelace' OR u.email LIKE '%@neon.tech' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND (u.name = 'Ada Lovelace' OR u.email LIKE '%@neon.tech');
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE (u.name = 'Ada Lovelace' OR u.name = 'Cy Young') AND u.created_at BETWEEN '2024-01-01' AND '2026-01-01' AND u.deleted_at IS NULL;`,
          },
        ],
      },
      {
        at: "(u.name = 'Ada Lovelace' OR u.name = 'Cy Young')",
        messageId: 'whereRejects',
        fixes: [
          {
            title: "Move (u.name = 'Ada Lovelace' OR u.name = 'Cy Young') into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name = 'Ada Lovelace' OR u.email LIKE '%@neon.tech';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND (u.name = 'Ada Lovelace' OR u.name = 'Cy Young') WHERE u.created_at BETWEEN '2024-01-01' AND '2026-01-01' AND u.deleted_at IS NULL;`,
          },
        ],
      },
      {
        at: "u.created_at BETWEEN '2024-01-01' AND '2026-01-01'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: "Move u.created_at BETWEEN '2024-01-01' AND '2026-01-01' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name = 'Ada Lovelace' OR u.email LIKE '%@neon.tech';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.created_at BETWEEN '2024-01-01' AND '2026-01-01' WHERE (u.name = 'Ada Lovelace' OR u.name = 'Cy Young') AND u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'parenthesizes an ON whose top level is OR before appending',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id OR u.email = p.body WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL`,
    findings: [
      {
        at: "u.email LIKE '%@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id OR u.email = p.body WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL`,
          },
          {
            title: "Move u.email LIKE '%@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON (u.id = p.author_id OR u.email = p.body) AND u.email LIKE '%@example.com' WHERE u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'uses the ON of the RIGHT JOIN whose left side is the user table, and offers JOIN for RIGHT JOIN',
    sql: `SELECT p.title, u.name FROM neon_auth.users_sync u RIGHT JOIN posts p ON u.id = p.author_id WHERE u.email = 'ada@example.com' AND u.deleted_at IS NULL`,
    findings: [
      {
        at: "u.email = 'ada@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title, u.name FROM neon_auth.users_sync u JOIN posts p ON u.id = p.author_id WHERE u.email = 'ada@example.com' AND u.deleted_at IS NULL`,
          },
          {
            title: "Move u.email = 'ada@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title, u.name FROM neon_auth.users_sync u RIGHT JOIN posts p ON u.id = p.author_id AND u.email = 'ada@example.com' WHERE u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the current neon_auth."user" table and offers JOIN there even when the condition names another table',
    sql: `CREATE TABLE projects (id serial PRIMARY KEY, name text NOT NULL, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE SET NULL);
SELECT pr.name, u.email FROM projects pr LEFT JOIN neon_auth."user" u ON u.id = pr.owner_id WHERE pr.id > 0 AND u.name <> pr.name;
SELECT pr.name FROM projects pr LEFT JOIN neon_auth."user" AS owner ON owner.id = pr.owner_id WHERE owner."emailVerified";`,
    findings: [
      {
        at: 'u.name <> pr.name',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `CREATE TABLE projects (id serial PRIMARY KEY, name text NOT NULL, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE SET NULL);
SELECT pr.name, u.email FROM projects pr JOIN neon_auth."user" u ON u.id = pr.owner_id WHERE pr.id > 0 AND u.name <> pr.name;
SELECT pr.name FROM projects pr LEFT JOIN neon_auth."user" AS owner ON owner.id = pr.owner_id WHERE owner."emailVerified";`,
          },
          {
            title: "Move u.name <> pr.name into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `CREATE TABLE projects (id serial PRIMARY KEY, name text NOT NULL, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE SET NULL);
SELECT pr.name, u.email FROM projects pr LEFT JOIN neon_auth."user" u ON u.id = pr.owner_id AND u.name <> pr.name WHERE pr.id > 0;
SELECT pr.name FROM projects pr LEFT JOIN neon_auth."user" AS owner ON owner.id = pr.owner_id WHERE owner."emailVerified";`,
          },
        ],
      },
      {
        at: 'owner."emailVerified"',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `CREATE TABLE projects (id serial PRIMARY KEY, name text NOT NULL, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE SET NULL);
SELECT pr.name, u.email FROM projects pr LEFT JOIN neon_auth."user" u ON u.id = pr.owner_id WHERE pr.id > 0 AND u.name <> pr.name;
SELECT pr.name FROM projects pr JOIN neon_auth."user" AS owner ON owner.id = pr.owner_id WHERE owner."emailVerified";`,
          },
          {
            title: 'Move owner."emailVerified" into the JOIN\'s ON (keeps rows without a user)',
            preferred: false,
            output: `CREATE TABLE projects (id serial PRIMARY KEY, name text NOT NULL, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE SET NULL);
SELECT pr.name, u.email FROM projects pr LEFT JOIN neon_auth."user" u ON u.id = pr.owner_id WHERE pr.id > 0 AND u.name <> pr.name;
SELECT pr.name FROM projects pr LEFT JOIN neon_auth."user" AS owner ON owner.id = pr.owner_id AND owner."emailVerified";`,
          },
        ],
      },
    ],
  },
  {
    name: 'resolves quoted names, a quoted alias, the table name as qualifier and the neon_identity schema',
    sql: `SELECT p.title FROM posts p LEFT JOIN "neon_auth"."users_sync" AS "Author" ON "Author".id = p.author_id WHERE "Author".email LIKE '%@example.com' AND "Author".deleted_at IS NULL;
SELECT posts.title FROM posts LEFT JOIN neon_identity.users_sync ON neon_identity.users_sync.id = posts.author_id WHERE neon_identity.users_sync.deleted_at IS NULL AND neon_identity.users_sync.name = 'Ada Lovelace';`,
    findings: [
      {
        at: '"Author".email LIKE \'%@example.com\'',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN "neon_auth"."users_sync" AS "Author" ON "Author".id = p.author_id WHERE "Author".email LIKE '%@example.com' AND "Author".deleted_at IS NULL;
SELECT posts.title FROM posts LEFT JOIN neon_identity.users_sync ON neon_identity.users_sync.id = posts.author_id WHERE neon_identity.users_sync.deleted_at IS NULL AND neon_identity.users_sync.name = 'Ada Lovelace';`,
          },
          {
            title: "Move \"Author\".email LIKE '%@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN "neon_auth"."users_sync" AS "Author" ON "Author".id = p.author_id AND "Author".email LIKE '%@example.com' WHERE "Author".deleted_at IS NULL;
SELECT posts.title FROM posts LEFT JOIN neon_identity.users_sync ON neon_identity.users_sync.id = posts.author_id WHERE neon_identity.users_sync.deleted_at IS NULL AND neon_identity.users_sync.name = 'Ada Lovelace';`,
          },
        ],
      },
      {
        at: "neon_identity.users_sync.name = 'Ada Lovelace'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN "neon_auth"."users_sync" AS "Author" ON "Author".id = p.author_id WHERE "Author".email LIKE '%@example.com' AND "Author".deleted_at IS NULL;
SELECT posts.title FROM posts JOIN neon_identity.users_sync ON neon_identity.users_sync.id = posts.author_id WHERE neon_identity.users_sync.deleted_at IS NULL AND neon_identity.users_sync.name = 'Ada Lovelace';`,
          },
          {
            title: "Move neon_identity.users_sync.name = 'Ada Lovelace' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN "neon_auth"."users_sync" AS "Author" ON "Author".id = p.author_id WHERE "Author".email LIKE '%@example.com' AND "Author".deleted_at IS NULL;
SELECT posts.title FROM posts LEFT JOIN neon_identity.users_sync ON neon_identity.users_sync.id = posts.author_id AND neon_identity.users_sync.name = 'Ada Lovelace' WHERE neon_identity.users_sync.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers JOIN (preferred: prefer-left-join is silent while u.name <> p.title rejects NULL users) and the move of a condition that names a table the ON can see',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name <> p.title AND u.deleted_at IS NULL`,
    findings: [
      {
        at: 'u.name <> p.title',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name <> p.title AND u.deleted_at IS NULL`,
          },
          {
            title: "Move u.name <> p.title into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.name <> p.title WHERE u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'prefers JOIN for a condition comparing the user with another table (u.name = p.title rejects NULL); the move is offered, not preferred',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND u.name = p.title;`,
    findings: [
      {
        at: 'u.name = p.title',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            safe: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND u.name = p.title;`,
          },
          {
            title: "Move u.name = p.title into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            safe: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.name = p.title WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers no move for an OR with a part on other tables only (p.id = 1 would stop filtering posts in ON), only JOIN',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id = 1 AND u.name = 'x' OR u.name = 'y';`,
    findings: [
      {
        at: "p.id = 1 AND u.name = 'x' OR u.name = 'y'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id = 1 AND u.name = 'x' OR u.name = 'y';`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a comparison of a jsonb field of the user and ILIKE ANY on a user column (both NULL for a missing user)',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.raw_json->>'a' = 'b';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name ILIKE ANY (ARRAY['x']);`,
    findings: [
      {
        at: "u.raw_json->>'a' = 'b'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.raw_json->>'a' = 'b';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name ILIKE ANY (ARRAY['x']);`,
          },
          {
            title: "Move u.raw_json->>'a' = 'b' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.raw_json->>'a' = 'b';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name ILIKE ANY (ARRAY['x']);`,
          },
        ],
      },
      {
        at: "u.name ILIKE ANY (ARRAY['x'])",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.raw_json->>'a' = 'b';
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name ILIKE ANY (ARRAY['x']);`,
          },
          {
            title: "Move u.name ILIKE ANY (ARRAY['x']) into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.raw_json->>'a' = 'b';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.name ILIKE ANY (ARRAY['x']);`,
          },
        ],
      },
    ],
  },
  {
    name: 'offers only JOIN when the condition names a table joined after the user table (its ON cannot see it, so no move)',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id JOIN comments c ON c.post_id = p.id WHERE u.deleted_at IS NULL AND u.email <> c.body`,
    findings: [
      {
        at: 'u.email <> c.body',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id JOIN comments c ON c.post_id = p.id WHERE u.deleted_at IS NULL AND u.email <> c.body`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags each of two conditions and offers only the moves, not preferred (JOIN would settle both at once; a move widens the result)',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com' AND u.name IS NOT NULL AND u.deleted_at IS NULL`,
    findings: [
      {
        at: "u.email LIKE '%@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: "Move u.email LIKE '%@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.email LIKE '%@example.com' WHERE u.name IS NOT NULL AND u.deleted_at IS NULL`,
          },
        ],
      },
      {
        at: 'u.name IS NOT NULL',
        messageId: 'whereRejects',
        fixes: [
          {
            title: "Move u.name IS NOT NULL into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.name IS NOT NULL WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an IN (SELECT …) condition and offers JOIN but no move (the subquery is not resolved)',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND u.id IN (SELECT t.user_id FROM todos t WHERE NOT t.done)`,
    findings: [
      {
        at: 'u.id IN (SELECT t.user_id FROM todos t WHERE NOT t.done)',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND u.id IN (SELECT t.user_id FROM todos t WHERE NOT t.done)`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks CTEs, subqueries in FROM, UNION branches and views, each at its own level',
    sql: `WITH authored AS (
  SELECT p.id, u.email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL
)
SELECT a.id FROM authored a
UNION
SELECT c.post_id FROM comments c LEFT JOIN neon_auth.users_sync cu ON cu.id = c.author_id WHERE cu.deleted_at IS NULL AND cu.name = 'Cy Young';
CREATE VIEW recent_posts AS
SELECT x.title FROM (SELECT p.title, u.created_at FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.created_at > '2025-01-01' AND u.deleted_at IS NULL) x;`,
    findings: [
      {
        at: "u.email LIKE '%@example.com'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `WITH authored AS (
  SELECT p.id, u.email FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL
)
SELECT a.id FROM authored a
UNION
SELECT c.post_id FROM comments c LEFT JOIN neon_auth.users_sync cu ON cu.id = c.author_id WHERE cu.deleted_at IS NULL AND cu.name = 'Cy Young';
CREATE VIEW recent_posts AS
SELECT x.title FROM (SELECT p.title, u.created_at FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.created_at > '2025-01-01' AND u.deleted_at IS NULL) x;`,
          },
          {
            title: "Move u.email LIKE '%@example.com' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `WITH authored AS (
  SELECT p.id, u.email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.email LIKE '%@example.com' WHERE u.deleted_at IS NULL
)
SELECT a.id FROM authored a
UNION
SELECT c.post_id FROM comments c LEFT JOIN neon_auth.users_sync cu ON cu.id = c.author_id WHERE cu.deleted_at IS NULL AND cu.name = 'Cy Young';
CREATE VIEW recent_posts AS
SELECT x.title FROM (SELECT p.title, u.created_at FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.created_at > '2025-01-01' AND u.deleted_at IS NULL) x;`,
          },
        ],
      },
      {
        at: "cu.name = 'Cy Young'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `WITH authored AS (
  SELECT p.id, u.email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL
)
SELECT a.id FROM authored a
UNION
SELECT c.post_id FROM comments c JOIN neon_auth.users_sync cu ON cu.id = c.author_id WHERE cu.deleted_at IS NULL AND cu.name = 'Cy Young';
CREATE VIEW recent_posts AS
SELECT x.title FROM (SELECT p.title, u.created_at FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.created_at > '2025-01-01' AND u.deleted_at IS NULL) x;`,
          },
          {
            title: "Move cu.name = 'Cy Young' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `WITH authored AS (
  SELECT p.id, u.email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL
)
SELECT a.id FROM authored a
UNION
SELECT c.post_id FROM comments c LEFT JOIN neon_auth.users_sync cu ON cu.id = c.author_id AND cu.name = 'Cy Young' WHERE cu.deleted_at IS NULL;
CREATE VIEW recent_posts AS
SELECT x.title FROM (SELECT p.title, u.created_at FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.created_at > '2025-01-01' AND u.deleted_at IS NULL) x;`,
          },
        ],
      },
      {
        at: "u.created_at > '2025-01-01'",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `WITH authored AS (
  SELECT p.id, u.email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL
)
SELECT a.id FROM authored a
UNION
SELECT c.post_id FROM comments c LEFT JOIN neon_auth.users_sync cu ON cu.id = c.author_id WHERE cu.deleted_at IS NULL AND cu.name = 'Cy Young';
CREATE VIEW recent_posts AS
SELECT x.title FROM (SELECT p.title, u.created_at FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.created_at > '2025-01-01' AND u.deleted_at IS NULL) x;`,
          },
          {
            title: "Move u.created_at > '2025-01-01' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `WITH authored AS (
  SELECT p.id, u.email FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL
)
SELECT a.id FROM authored a
UNION
SELECT c.post_id FROM comments c LEFT JOIN neon_auth.users_sync cu ON cu.id = c.author_id WHERE cu.deleted_at IS NULL AND cu.name = 'Cy Young';
CREATE VIEW recent_posts AS
SELECT x.title FROM (SELECT p.title, u.created_at FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.created_at > '2025-01-01' WHERE u.deleted_at IS NULL) x;`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks the subquery an UPDATE … FROM reads',
    sql: `UPDATE posts SET published = false FROM (SELECT p2.id FROM posts p2 LEFT JOIN neon_auth.users_sync u ON u.id = p2.author_id WHERE u.deleted_at IS NOT NULL) gone WHERE posts.id = gone.id`,
    findings: [
      {
        at: 'u.deleted_at IS NOT NULL',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `UPDATE posts SET published = false FROM (SELECT p2.id FROM posts p2 JOIN neon_auth.users_sync u ON u.id = p2.author_id WHERE u.deleted_at IS NOT NULL) gone WHERE posts.id = gone.id`,
          },
          {
            title: "Move u.deleted_at IS NOT NULL into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `UPDATE posts SET published = false FROM (SELECT p2.id FROM posts p2 LEFT JOIN neon_auth.users_sync u ON u.id = p2.author_id AND u.deleted_at IS NOT NULL) gone WHERE posts.id = gone.id`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts IS NULL, COALESCE, IS DISTINCT FROM and OR … IS NULL, which keep rows without a user',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND COALESCE(u.name, 'New user') <> 'Bob Tables';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND u.email IS DISTINCT FROM 'bob@neon.tech';
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND (u.email LIKE '%@example.com' OR u.id IS NULL);
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND NOT (u.id IN (SELECT t.user_id FROM todos t));`,
    findings: [],
  },
  {
    name: 'accepts NOT IN (sub-query) and <> ALL (…), which are true for a missing user when the sub-query or array is empty',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL WHERE u.id NOT IN (SELECT t.user_id FROM todos t WHERE t.done AND t.user_id = 'nobody');
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.deleted_at IS NULL WHERE u.id <> ALL ('{}'::text[]);`,
    findings: [],
  },
  {
    name: 'accepts conditions in the ON clause and conditions on the preserved side',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.email LIKE '%@example.com' WHERE p.published AND u.deleted_at IS NULL;
SELECT u.email, t.task FROM neon_auth.users_sync u LEFT JOIN todos t ON t.user_id = u.id WHERE u.deleted_at IS NULL AND u.email LIKE '%@example.com' AND t.task IS NOT NULL;`,
    findings: [],
  },
  {
    name: "accepts conditions on an inner JOIN's user table, on the first FROM item and on a FULL JOIN",
    sql: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email = 'ada@example.com' AND u.deleted_at IS NULL;
SELECT u.name FROM neon_auth.users_sync u WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL;
SELECT p.title FROM posts p FULL JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email LIKE '%@example.com' AND u.deleted_at IS NULL;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id AND c.body <> '');`,
    findings: [],
  },
  {
    name: 'accepts other tables LEFT JOINed, and a quoted "neon_auth.users_sync" (not the Neon table)',
    sql: `SELECT p.title FROM posts p LEFT JOIN comments c ON c.post_id = p.id WHERE c.body LIKE 'Nice%';
CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, email text);
SELECT p.title FROM posts p LEFT JOIN "neon_auth.users_sync" u ON u.id = p.author_id WHERE u.email LIKE '%@example.com';`,
    findings: [],
  },
  {
    name: 'flags a later inner join whose ON is never true for a missing user, and offers to make it a LEFT JOIN too (not preferred)',
    sql: `SELECT p.title, c.body
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
JOIN comments c ON c.author_id = u.id
WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'c.author_id = u.id',
        messageId: 'laterInnerJoin',
        message: 'so this inner join drops the rows the LEFT JOIN keeps for a user who is missing or not synced yet',
        fixes: [
          {
            title: 'Change this join to LEFT JOIN (also keeps rows without a match in it)',
            preferred: false,
            output: `SELECT p.title, c.body
FROM posts p
LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id
LEFT JOIN comments c ON c.author_id = u.id
WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'is silent on a later inner join that does not depend on the user, whose ON holds for a missing user, or that is nested in the LEFT JOIN',
    sql: `SELECT p.title, c.body FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id JOIN comments c ON c.post_id = p.id WHERE u.deleted_at IS NULL;
SELECT p.title, c.body FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id INNER JOIN comments c ON c.author_id IS NOT DISTINCT FROM u.id WHERE u.deleted_at IS NULL;
SELECT p.title, c.body FROM posts p LEFT JOIN (neon_auth.users_sync u JOIN comments c ON c.author_id = u.id) ON u.id = p.author_id WHERE u.deleted_at IS NULL;`,
    findings: [],
  },
  {
    name: 'offers no fix that makes a locked table nullable: the later join or the user table (Postgres accepts FOR UPDATE on u only while the join works as inner); the inner JOIN keeps the lock valid',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id JOIN comments c ON c.author_id = u.id WHERE u.deleted_at IS NULL FOR UPDATE OF p, c;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id JOIN comments c ON c.author_id = u.id WHERE u.deleted_at IS NULL FOR UPDATE OF u;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND u.name <> p.title FOR UPDATE;`,
    parserMayReject: true,
    findings: [
      { at: 'c.author_id = u.id', messageId: 'laterInnerJoin', fixes: [] },
      { at: 'c.author_id = u.id', messageId: 'laterInnerJoin', nth: 1, fixes: [] },
      {
        at: 'u.name <> p.title',
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id JOIN comments c ON c.author_id = u.id WHERE u.deleted_at IS NULL FOR UPDATE OF p, c;
SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id JOIN comments c ON c.author_id = u.id WHERE u.deleted_at IS NULL FOR UPDATE OF u;
SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL AND u.name <> p.title FOR UPDATE;`,
          },
        ],
      },
    ],
  },
  {
    name: 'judges an OR of 250 conditions (no term limit): each rejects NULL, so the whole OR does',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE ${MANY_NAMES};`,
    findings: [
      {
        at: MANY_NAMES,
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE ${MANY_NAMES};`,
          },
          {
            title: `Move ${MANY_NAMES} into the JOIN's ON (keeps rows without a user)`,
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND (${MANY_NAMES});`,
          },
        ],
      },
    ],
  },
  {
    name: 'does not flag an OR of 250 conditions whose last term keeps a missing user',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE ${MANY_NAMES} OR u.id IS NULL;`,
    findings: [],
  },
  {
    name: 'reports a WHERE whose top level is an OR with an AND inside (a OR b AND c is one condition), moving it into ON in parentheses',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name = 'Ada Lovelace' OR u.name = 'Cy Young' AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: "u.name = 'Ada Lovelace' OR u.name = 'Cy Young' AND u.deleted_at IS NULL",
        messageId: 'whereRejects',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.name = 'Ada Lovelace' OR u.name = 'Cy Young' AND u.deleted_at IS NULL;`,
          },
          {
            title: "Move u.name = 'Ada Lovelace' OR u.name = 'Cy Young' AND u.deleted_at IS NULL into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND (u.name = 'Ada Lovelace' OR u.name = 'Cy Young' AND u.deleted_at IS NULL);`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags a null-rejecting WHERE on an unqualified users_sync that SET search_path resolves to neon_auth',
    sql: `SET search_path TO neon_auth, public, app;
SELECT p.title, u.name FROM posts p LEFT JOIN users_sync u ON u.id = p.author_id WHERE u.name = 'Ada' AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: "u.name = 'Ada'",
        messageId: 'whereRejects',
        message: 'when u has no matching neon_auth.users_sync row',
        fixes: [
          {
            title: 'Change to an inner JOIN (same rows: only rows with a matching user)',
            preferred: true,
            output: `SET search_path TO neon_auth, public, app;
SELECT p.title, u.name FROM posts p JOIN users_sync u ON u.id = p.author_id WHERE u.name = 'Ada' AND u.deleted_at IS NULL;`,
          },
          {
            title: "Move u.name = 'Ada' into the JOIN's ON (keeps rows without a user)",
            preferred: false,
            output: `SET search_path TO neon_auth, public, app;
SELECT p.title, u.name FROM posts p LEFT JOIN users_sync u ON u.id = p.author_id AND u.name = 'Ada' WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  ...drizzleCases,
];
