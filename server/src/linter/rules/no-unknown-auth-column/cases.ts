import { RuleCase } from '../caseTypes';

export const cases: RuleCase[] = [
  {
    name: 'flags an unquoted camelCase column of neon_auth."user" (it folds to lower case) and quotes it',
    rejectedBy: '42703',
    sql: `SELECT u.id, u.email, u.createdAt FROM neon_auth."user" u;`,
    findings: [
      {
        at: 'createdAt',
        message: 'unquoted names fold to lower case',
        fixes: [
          {
            title: "Write \"createdAt\" (the column's real name)",
            preferred: true,
            output: `SELECT u.id, u.email, u."createdAt" FROM neon_auth."user" u;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags an unquoted lower-case spelling of a camelCase column and writes it quoted',
    rejectedBy: '42703',
    sql: `SELECT u.email FROM neon_auth."user" u WHERE u.emailverified;`,
    findings: [
      {
        at: 'emailverified',
        fixes: [
          {
            title: "Write \"emailVerified\" (the column's real name)",
            preferred: true,
            output: `SELECT u.email FROM neon_auth."user" u WHERE u."emailVerified";`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the legacy snake_case created_at on neon_auth."user" in ORDER BY and writes "createdAt"',
    rejectedBy: '42703',
    sql: `SELECT u.id, u.email FROM neon_auth."user" u ORDER BY u.created_at DESC LIMIT 10;`,
    findings: [
      {
        at: 'created_at',
        message: 'spells it "createdAt"',
        fixes: [
          {
            title: "Write \"createdAt\" (the column's real name)",
            preferred: true,
            output: `SELECT u.id, u.email FROM neon_auth."user" u ORDER BY u."createdAt" DESC LIMIT 10;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags email_verified on neon_auth."user" in WHERE and writes "emailVerified"',
    rejectedBy: '42703',
    sql: `select u.email from neon_auth."user" as u where u.email_verified = true;`,
    findings: [
      {
        at: 'email_verified',
        fixes: [
          {
            title: "Write \"emailVerified\" (the column's real name)",
            preferred: true,
            output: `select u.email from neon_auth."user" as u where u."emailVerified" = true;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags updated_at on neon_auth."user" in GROUP BY, qualified by the table name, and writes "updatedAt"',
    rejectedBy: '42703',
    sql: `SELECT "user"."updatedAt"::date, count(*) FROM neon_auth."user" GROUP BY neon_auth."user".updated_at::date;`,
    findings: [
      {
        at: 'updated_at',
        fixes: [
          {
            title: "Write \"updatedAt\" (the column's real name)",
            preferred: true,
            output: `SELECT "user"."updatedAt"::date, count(*) FROM neon_auth."user" GROUP BY neon_auth."user"."updatedAt"::date;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags the current "createdAt" on the legacy users_sync and writes created_at',
    rejectedBy: '42703',
    sql: `SELECT u.id, u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL AND u."createdAt" > now() - interval '7 days';`,
    findings: [
      {
        at: '"createdAt"',
        message: 'spells it created_at',
        fixes: [
          {
            title: "Write created_at (the column's real name)",
            preferred: true,
            output: `SELECT u.id, u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL AND u.created_at > now() - interval '7 days';`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags "updatedAt" on users_sync in a join ON and writes updated_at',
    rejectedBy: '42703',
    sql: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u."updatedAt" > p.created_at WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: '"updatedAt"',
        fixes: [
          {
            title: "Write updated_at (the column's real name)",
            preferred: true,
            output: `SELECT p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id AND u.updated_at > p.created_at WHERE u.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'flags deleted_at and raw_json on neon_auth."user" without a fix: the current table hard-deletes users',
    rejectedBy: '42703',
    sql: `SELECT u.email, u.raw_json FROM neon_auth."user" u WHERE u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'raw_json',
        fixes: [],
      },
      {
        at: 'deleted_at',
        message: 'hard-deletes users',
        fixes: [],
      },
    ],
  },
  {
    name: 'flags the current-only "emailVerified" and image on users_sync without a fix',
    rejectedBy: '42703',
    sql: `SELECT u.email, u.image FROM neon_auth.users_sync u WHERE u."emailVerified" AND u.deleted_at IS NULL;`,
    findings: [
      {
        at: 'image',
        message: 'is a column of neon_auth."user"',
        fixes: [],
      },
      {
        at: '"emailVerified"',
        message: 'is a column of neon_auth."user"',
        fixes: [],
      },
    ],
  },
  {
    name: 'checks a CTE that reads the user table',
    rejectedBy: '42703',
    sql: `WITH recent AS (SELECT u.id, u.createdAt AS joined FROM neon_auth."user" u)
SELECT id FROM recent;`,
    findings: [
      {
        at: 'createdAt',
        fixes: [
          {
            title: "Write \"createdAt\" (the column's real name)",
            preferred: true,
            output: `WITH recent AS (SELECT u.id, u."createdAt" AS joined FROM neon_auth."user" u)
SELECT id FROM recent;`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks each UNION branch at its own level',
    rejectedBy: '42703',
    sql: `SELECT u.email FROM neon_auth."user" u WHERE u."emailVerified"
UNION
SELECT s.email FROM neon_auth.users_sync s WHERE s."deletedAt" IS NULL;`,
    findings: [
      {
        at: '"deletedAt"',
        fixes: [
          {
            title: "Write deleted_at (the column's real name)",
            preferred: true,
            output: `SELECT u.email FROM neon_auth."user" u WHERE u."emailVerified"
UNION
SELECT s.email FROM neon_auth.users_sync s WHERE s.deleted_at IS NULL;`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks a subquery in WHERE of a DELETE and a view, among several statements',
    rejectedBy: '42703',
    sql: `CREATE TABLE projects (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE CASCADE);
CREATE VIEW verified_users AS SELECT u.id, u.email FROM neon_auth."user" u WHERE u."emailVerified";
DELETE FROM projects WHERE owner_id IN (SELECT u.id FROM neon_auth."user" u WHERE u.updatedAt < now() - interval '1 year');`,
    findings: [
      {
        at: 'updatedAt',
        fixes: [
          {
            title: "Write \"updatedAt\" (the column's real name)",
            preferred: true,
            output: `CREATE TABLE projects (id serial PRIMARY KEY, owner_id uuid REFERENCES neon_auth."user"(id) ON DELETE CASCADE);
CREATE VIEW verified_users AS SELECT u.id, u.email FROM neon_auth."user" u WHERE u."emailVerified";
DELETE FROM projects WHERE owner_id IN (SELECT u.id FROM neon_auth."user" u WHERE u."updatedAt" < now() - interval '1 year');`,
          },
        ],
      },
    ],
  },
  {
    name: 'checks the SET values and WHERE of an UPDATE … FROM',
    rejectedBy: '42703',
    sql: `CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES neon_auth."user"(id) ON DELETE CASCADE, since timestamptz);
UPDATE profiles SET since = u.created_at FROM neon_auth."user" u WHERE u.id = profiles.user_id;`,
    findings: [
      {
        at: 'created_at',
        fixes: [
          {
            title: "Write \"createdAt\" (the column's real name)",
            preferred: true,
            output: `CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES neon_auth."user"(id) ON DELETE CASCADE, since timestamptz);
UPDATE profiles SET since = u."createdAt" FROM neon_auth."user" u WHERE u.id = profiles.user_id;`,
          },
        ],
      },
    ],
  },
  {
    name: 'accepts the right spellings of both generations, system columns and u.*',
    sql: `SELECT u.id, u.name, u.email, u."emailVerified", u.image, u."createdAt", u."updatedAt", u.role, u.banned, u."banReason", u."banExpires", u.ctid FROM neon_auth."user" u ORDER BY u."createdAt";
SELECT u.*, u.raw_json ->> 'id', u.created_at, u.updated_at FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
SELECT "user".email, neon_auth."user"."createdAt" FROM neon_auth."user";
SELECT U.EMAIL, U.CREATED_AT FROM NEON_AUTH.USERS_SYNC U WHERE U.DELETED_AT IS NULL;`,
    findings: [],
  },
  {
    name: 'accepts a subquery or a table of its own that reuses the alias, and a quoted "neon_auth.users_sync"',
    sql: `SELECT u.createdat FROM (SELECT "createdAt" AS createdat FROM neon_auth."user") u;
SELECT u.email FROM neon_auth."user" u WHERE EXISTS (SELECT 1 FROM posts u WHERE u.created_at < now());
CREATE TABLE "neon_auth.users_sync" (id text PRIMARY KEY, "createdAt" timestamptz);
SELECT s."createdAt" FROM "neon_auth.users_sync" s;`,
    findings: [],
  },
];
