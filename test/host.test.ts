/**
 * SQL inside TypeScript and JavaScript files: which templates and strings are SQL (tags resolved
 * from their imports), exact ranges in the host file, `${…}` as values or opaque fragments, fixes
 * escaped for the host literal (the fixed file still parses and its SQL runs on Postgres),
 * suppression comments in the host's form, the pre-filter, and host names (Drizzle's `${usersSync}`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@babel/parser';
import type { PGlite } from '@electric-sql/pglite';
import { applyEdits, disableRuleEdit, DocumentLinter, fixAll, HostLanguage, hostLanguageOfPath, lint } from '../server/src/linter';
import { blankErrorLine, escapeForHost, hostNamesWritten, hostRange, hostView, isSearchedFile, renderedSql, updatedHostView } from '../server/src/linter/host';
import { sql as drizzleTag } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { PgDialect, pgSchema, text as pgText } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { execOrExplain, hostStatements, inRollback, openFixtureDb, pgErrorOf } from './helpers/pglite';
import './helpers/pgGrammar';

interface Expected {
  ruleId: string;
  /** The text the finding covers; its first occurrence (after `after`, when given) is the expected range. */
  covers: string;
  after?: string;
}

interface HostCase {
  name: string;
  language?: HostLanguage;
  source: string;
  findings: Expected[];
  /** The whole text after applying every preferred fix (`--fix --unsafe-fixes`). */
  fixed?: string;
}

const NEON_HEADER = `import { neon } from '@neondatabase/serverless';\nconst sql = neon(process.env.DATABASE_URL!);\n`;

const cases: HostCase[] = [
  {
    name: 'the Neon driver tag, resolved from its import: a lookup with no deleted_at filter, fixed inside the template after the ${…}',
    source: `${NEON_HEADER}export async function getUser(id: string) {\n  return sql\`SELECT name FROM neon_auth.users_sync WHERE id = \${id}\`;\n}\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync' }],
    fixed: `${NEON_HEADER}export async function getUser(id: string) {\n  return sql\`SELECT name FROM neon_auth.users_sync WHERE id = \${id} AND neon_auth.users_sync.deleted_at IS NULL\`;\n}\n`,
  },
  {
    name: 'an aliased factory import (neon as createClient) and a tag with another name',
    source: `import { neon as createClient } from '@neondatabase/serverless';\nconst db = createClient(url);\nawait db\`SELECT u.name, p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`;\n`,
    findings: [{ ruleId: 'prefer-left-join', covers: 'JOIN' }],
    fixed: `import { neon as createClient } from '@neondatabase/serverless';\nconst db = createClient(url);\nawait db\`SELECT u.name, p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'the factory through the module object: a namespace import (pgs.neon(url))',
    source: `import * as pgs from '@neondatabase/serverless';\nconst db = pgs.neon(url);\nawait db\`SELECT u.name, p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`;\n`,
    findings: [{ ruleId: 'prefer-left-join', covers: 'JOIN' }],
    fixed: `import * as pgs from '@neondatabase/serverless';\nconst db = pgs.neon(url);\nawait db\`SELECT u.name, p.title FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'the factory through the module object: require (CommonJS)',
    language: 'javascript',
    source: `const pgs = require('@neondatabase/serverless');\nconst db = pgs.neon(process.env.DATABASE_URL);\nexports.f = (id) => db\`SELECT name FROM neon_auth.users_sync u WHERE u.id = \${id}\`;\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync u' }],
    fixed: `const pgs = require('@neondatabase/serverless');\nconst db = pgs.neon(process.env.DATABASE_URL);\nexports.f = (id) => db\`SELECT name FROM neon_auth.users_sync u WHERE u.id = \${id} AND u.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'node-postgres pool.query with a single-quoted string and a $1 parameter',
    source: `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = (owner: string) =>\n  pool.query('SELECT n.title, u.email FROM posts n JOIN neon_auth.users_sync u ON u.id = n.author_id WHERE u.deleted_at IS NULL AND n.author_id = $1', [owner]);\n`,
    findings: [{ ruleId: 'prefer-left-join', covers: 'JOIN' }],
    fixed: `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = (owner: string) =>\n  pool.query('SELECT n.title, u.email FROM posts n LEFT JOIN neon_auth.users_sync u ON u.id = n.author_id WHERE u.deleted_at IS NULL AND n.author_id = $1', [owner]);\n`,
  },
  {
    name: 'query({ text, values }) and a same-file const holding the SQL',
    source: `const FIND = "SELECT email FROM neon_auth.users_sync WHERE id = $1";\nawait client.query({ text: FIND, values: [id] });\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync' }],
    fixed: `const FIND = "SELECT email FROM neon_auth.users_sync WHERE id = $1 AND neon_auth.users_sync.deleted_at IS NULL";\nawait client.query({ text: FIND, values: [id] });\n`,
  },
  {
    name: 'Prisma $executeRaw writing to a table Neon Auth manages',
    source: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$executeRaw\`UPDATE neon_auth.users_sync SET name = \${name} WHERE id = \${id}\`;\n`,
    findings: [{ ruleId: 'no-auth-table-writes', covers: 'name', after: 'SET ' }],
  },
  {
    name: 'Prisma sends a ${…} typed from its JavaScript value (a string as text): compared with the uuid "user".id, alone or in an IN list, each gets ::uuid after its ${…}; one already cast and the text users_sync.id are fine',
    source: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$queryRaw<{ name: string }[]>\`SELECT name FROM neon_auth."user" WHERE id = \${userId}\`;\nawait prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id IN (\${a}, \${ids[1]}) OR u.id = \${userId}::uuid\`;\nawait prisma.$queryRaw\`SELECT name FROM neon_auth.users_sync WHERE id = \${userId} AND deleted_at IS NULL\`;\n`,
    findings: [
      { ruleId: 'match-user-id-comparison', covers: '${userId}' },
      { ruleId: 'match-user-id-comparison', covers: '${a}' },
      { ruleId: 'match-user-id-comparison', covers: '${ids[1]}' },
      { ruleId: 'match-auth-schema', covers: 'neon_auth.users_sync' },
    ],
    fixed: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$queryRaw<{ name: string }[]>\`SELECT name FROM neon_auth."user" WHERE id = \${userId}::uuid\`;\nawait prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id IN (\${a}::uuid, \${ids[1]}::uuid) OR u.id = \${userId}::uuid\`;\nawait prisma.$queryRaw\`SELECT name FROM neon_auth.users_sync WHERE id = \${userId} AND deleted_at IS NULL\`;\n`,
  },
  {
    name: "Prisma: fix-all casts each bound of a BETWEEN, the id's item of a row comparison and a ${…} under a COLLATE in an IN list (the COLLATE replaced: a uuid has no collation)",
    source: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id BETWEEN \${a} AND \${b} OR (u.id, u.name) = (\${a}, \${b}) OR u.id IN (\${a} COLLATE pg_catalog."default")\`;\n`,
    findings: [
      { ruleId: 'match-user-id-comparison', covers: '${a}', after: 'BETWEEN ' },
      { ruleId: 'match-user-id-comparison', covers: '${b}', after: 'AND ' },
      { ruleId: 'match-user-id-comparison', covers: '${a}', after: '= (' },
      { ruleId: 'match-user-id-comparison', covers: '${a}', after: 'IN (' },
    ],
    fixed: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id BETWEEN \${a}::uuid AND \${b}::uuid OR (u.id, u.name) = (\${a}::uuid, \${b}) OR u.id IN (\${a}::uuid)\`;\n`,
  },
  {
    name: 'Prisma: a ${…} of a number or a boolean compared with the uuid "user".id keeps its finding, and fix-all casts nothing (Postgres cannot cast it to uuid)',
    source: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconst limit = 10;\nexport const f = (n: number, b: boolean) => prisma.$queryRaw\`SELECT name FROM neon_auth."user" u WHERE u.id = \${n} OR u.id = \${-1} OR u.id <> \${b} OR u.id = \${limit * 2} LIMIT \${limit}\`;\n`,
    findings: [
      { ruleId: 'match-user-id-comparison', covers: '${n}' },
      { ruleId: 'match-user-id-comparison', covers: '${-1}' },
      { ruleId: 'match-user-id-comparison', covers: '${b}' },
      { ruleId: 'match-user-id-comparison', covers: '${limit * 2}' },
    ],
  },
  {
    name: 'Prisma $queryRaw: queries that read deleted_at in a FILTER or a CASE (soft-deleted users counted or labelled) are not asked for a deleted_at filter',
    source: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const userCounts = () => prisma.$queryRaw\`SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS active, count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted FROM neon_auth.users_sync\`;\nexport const comments = (postId: number) => prisma.$queryRaw\`SELECT c.id, CASE WHEN u.deleted_at IS NOT NULL THEN 'Deleted user' ELSE u.name END AS author_name FROM comments c LEFT JOIN neon_auth.users_sync u ON u.id = c.author_id WHERE c.post_id = \${postId}\`;\n`,
    findings: [],
  },
  {
    name: 'Prisma $queryRaw: an inner join whose ON drops soft-deleted users becomes a LEFT JOIN with that condition moved to WHERE; one to a CTE of active users keeps its finding, with no preferred fix',
    source: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const todos = () => prisma.$queryRaw\`SELECT t.task, u.name FROM todos t JOIN neon_auth.users_sync u ON u.id = t.user_id AND u.deleted_at IS NULL\`;\nexport const active = () => prisma.$queryRaw\`WITH active_users AS (SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL) SELECT t.task, a.name FROM todos t JOIN active_users a ON a.id = t.user_id\`;\n`,
    findings: [
      { ruleId: 'prefer-left-join', covers: 'JOIN', after: 'todos t ' },
      { ruleId: 'prefer-left-join', covers: 'JOIN', after: 'a.name FROM todos t ' },
    ],
    fixed: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const todos = () => prisma.$queryRaw\`SELECT t.task, u.name FROM todos t LEFT JOIN neon_auth.users_sync u ON u.id = t.user_id WHERE u.deleted_at IS NULL\`;\nexport const active = () => prisma.$queryRaw\`WITH active_users AS (SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL) SELECT t.task, a.name FROM todos t JOIN active_users a ON a.id = t.user_id\`;\n`,
  },
  {
    name: 'postgres.js: a conditional fragment is opaque, so a missing deleted_at filter is not reported, while the inner join still is',
    source: `import postgres from 'postgres';\nconst sql = postgres(url);\nawait sql\`SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id \${onlyActive ? sql\`WHERE u.deleted_at IS NULL\` : sql\`\`}\`;\n`,
    findings: [{ ruleId: 'prefer-left-join', covers: 'JOIN' }],
    fixed: `import postgres from 'postgres';\nconst sql = postgres(url);\nawait sql\`SELECT p.id FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id \${onlyActive ? sql\`WHERE u.deleted_at IS NULL\` : sql\`\`}\`;\n`,
  },
  {
    name: 'Drizzle sql with a table object in FROM: ${usersSync} is neon_auth.users_sync (Drizzle renders it as that name), fixed with ${usersSync.deletedAt}',
    source: `import { sql } from 'drizzle-orm';\nimport { usersSync } from 'drizzle-orm/neon';\nawait db.execute(sql\`SELECT * FROM \${usersSync} WHERE email = \${email}\`);\nawait db.execute(sql\`SELECT * FROM neon_auth.users_sync WHERE email = \${email}\`);\n`,
    findings: [
      { ruleId: 'require-deleted-at-filter', covers: '${usersSync}' },
      { ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync' },
    ],
    fixed: `import { sql } from 'drizzle-orm';\nimport { usersSync } from 'drizzle-orm/neon';\nawait db.execute(sql\`SELECT * FROM \${usersSync} WHERE email = \${email} AND \${usersSync.deletedAt} IS NULL\`);\nawait db.execute(sql\`SELECT * FROM neon_auth.users_sync WHERE email = \${email} AND neon_auth.users_sync.deleted_at IS NULL\`);\n`,
  },
  {
    name: 'Drizzle sql with the app table the file defines: ${posts} and ${posts.authorId} are its SQL names, so a missing deleted_at filter is reported',
    source: `import { sql } from 'drizzle-orm';\nimport { pgTable, text } from 'drizzle-orm/pg-core';\nexport const posts = pgTable('posts', { id: text('id').primaryKey(), authorId: text('author_id') });\nawait db.execute(sql\`SELECT \${posts.id}, u.name FROM \${posts} LEFT JOIN neon_auth.users_sync u ON u.id = \${posts.authorId}\`);\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync u' }],
    fixed: `import { sql } from 'drizzle-orm';\nimport { pgTable, text } from 'drizzle-orm/pg-core';\nexport const posts = pgTable('posts', { id: text('id').primaryKey(), authorId: text('author_id') });\nawait db.execute(sql\`SELECT \${posts.id}, u.name FROM \${posts} LEFT JOIN neon_auth.users_sync u ON u.id = \${posts.authorId} WHERE u.deleted_at IS NULL\`);\n`,
  },
  {
    name: "Drizzle sql: ${…} of a table object in another library's template, or in a fragment that is no statement, keeps its old meaning",
    source: `import { sql } from 'drizzle-orm';\nimport { neon } from '@neondatabase/serverless';\nimport { usersSync } from 'drizzle-orm/neon';\nconst pg = neon(process.env.DATABASE_URL!);\nawait pg\`SELECT * FROM \${usersSync}\`;\nconst live = sql\`lower(\${usersSync.email}) = 'a'\`;\n`,
    findings: [],
  },
  {
    name: "a tag named sql whose origin the file cannot see (the app's own @/lib/db) still counts",
    source: `import { sql } from '@/lib/db';\nexport const rows = await sql\`INSERT INTO neon_auth.users_sync (raw_json) VALUES (\${json})\`;\n`,
    findings: [{ ruleId: 'no-auth-table-writes', covers: 'neon_auth.users_sync' }],
  },
  {
    name: "a tag imported as sql under another local name (import { sql as dsql } from '@/lib/db') counts like the name sql: both findings of its join",
    source: `import { sql as dsql } from '@/lib/db';\nexport const rows = await dsql\`SELECT p.id, u.name FROM posts p INNER JOIN neon_auth.users_sync u ON u.id = p.author_id\`;\n`,
    findings: [
      { ruleId: 'prefer-left-join', covers: 'INNER JOIN' },
      { ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync u' },
    ],
    fixed: `import { sql as dsql } from '@/lib/db';\nexport const rows = await dsql\`SELECT p.id, u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'a renamed import of another name (import { query as dsql }), a default import named like a tag, and a local alias of sql stay silent',
    source: `import { query as dsql } from '@/lib/db';\nimport q from '@/lib/sql';\nconst a = await dsql\`SELECT id FROM neon_auth.users_sync\`;\nconst b = await q\`SELECT id FROM neon_auth.users_sync\`;\n`,
    findings: [],
  },
  {
    name: 'a /* sql */ marker before an untagged template',
    language: 'javascript',
    source: `const q = /* sql */ \`SELECT id FROM neon_auth.users_sync\`;\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync' }],
    fixed: `const q = /* sql */ \`SELECT id FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'TSX: SQL in a server component, JSX around it stays out',
    language: 'typescriptreact',
    source: `import { neon } from '@neondatabase/serverless';\nexport default async function Page() {\n  const sql = neon(process.env.DATABASE_URL!);\n  const users = await sql\`SELECT id, name FROM neon_auth.users_sync WHERE deleted_at IS NULL\`;\n  return <ul>{users.map((u) => <li key={u.id}>SELECT * FROM neon_auth.users_sync</li>)}</ul>;\n}\n`,
    findings: [],
  },
  {
    name: 'look-alikes stay silent: other tags, strings not handed to a query, html and log text',
    source: `import { html } from 'lit';\nconst a = html\`<p>SELECT * FROM neon_auth.users_sync</p>\`;\nconsole.log('SELECT * FROM neon_auth.users_sync');\nconst b = gql\`query { users_sync { id } }\`;\nconst c = 'SELECT * FROM neon_auth.users_sync';\n`,
    findings: [],
  },
  {
    name: 'a fix is never written across a ${…}: the ON-clause alternative would land inside one and is dropped, the WHERE one stays',
    source: `${NEON_HEADER}await sql\`SELECT u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = \${ownerColumn}\`;\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync u' }],
    fixed: `${NEON_HEADER}await sql\`SELECT u.name FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = \${ownerColumn} WHERE u.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'a // neon-auth-ignore comment on the line before the call silences the next statement',
    source: `${NEON_HEADER}// neon-auth-ignore require-deleted-at-filter: audit export lists deleted users too\nawait sql\`SELECT id, email FROM neon_auth.users_sync\`;\n`,
    findings: [],
  },
  {
    name: 'an own-line // comment reaches the first statement on the next line only, as a SQL comment reaches the next statement: a second query on that line is still checked',
    source: `${NEON_HEADER}export const e = async () => {\n  // neon-auth-ignore require-deleted-at-filter: only first\n  await sql\`SELECT id FROM neon_auth.users_sync\`; await sql\`SELECT email FROM neon_auth.users_sync\`;\n};\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync', after: 'SELECT email FROM ' }],
    fixed: `${NEON_HEADER}export const e = async () => {\n  // neon-auth-ignore require-deleted-at-filter: only first\n  await sql\`SELECT id FROM neon_auth.users_sync\`; await sql\`SELECT email FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL\`;\n};\n`,
  },
  {
    name: 'a // comment on the line before a call reaches the statement of the template or string it passes on the lines below; one before a function reaches no query in its body',
    source: `${NEON_HEADER}// neon-auth-ignore require-deleted-at-filter: the function\nexport const f = async (db: any) => {\n  // neon-auth-ignore require-deleted-at-filter: the call\n  const r = await db.execute(\n    sql\`SELECT id FROM neon_auth.users_sync\`,\n  );\n  // neon-auth-ignore require-deleted-at-filter: its string argument\n  await db.query(\n    'SELECT id FROM neon_auth.users_sync',\n  );\n  await db.query('SELECT email FROM neon_auth.users_sync');\n  return r;\n};\n`,
    findings: [
      { ruleId: 'unused-ignore', covers: 'require-deleted-at-filter' },
      { ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync', after: 'SELECT email FROM ' },
    ],
    fixed: `${NEON_HEADER}// neon-auth-ignore require-deleted-at-filter: the function\nexport const f = async (db: any) => {\n  // neon-auth-ignore require-deleted-at-filter: the call\n  const r = await db.execute(\n    sql\`SELECT id FROM neon_auth.users_sync\`,\n  );\n  // neon-auth-ignore require-deleted-at-filter: its string argument\n  await db.query(\n    'SELECT id FROM neon_auth.users_sync',\n  );\n  await db.query('SELECT email FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL');\n  return r;\n};\n`,
  },
  {
    name: 'a // comment before a function reaches no query in its body, however near: the function is reported, the comment unused',
    source: `${NEON_HEADER}// neon-auth-ignore require-deleted-at-filter\nexport const g = async () =>\n  sql\`SELECT id FROM neon_auth.users_sync\`;\n`,
    findings: [
      { ruleId: 'unused-ignore', covers: 'require-deleted-at-filter' },
      { ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync' },
    ],
    fixed: `${NEON_HEADER}// neon-auth-ignore require-deleted-at-filter\nexport const g = async () =>\n  sql\`SELECT id FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'a -- comment inside the template works as in SQL files',
    source: `${NEON_HEADER}await sql\`\n  SELECT id, email\n  FROM neon_auth.users_sync -- neon-auth-ignore require-deleted-at-filter: audit\n\`;\n`,
    findings: [],
  },
  {
    name: 'a template that ends in a -- comment does not swallow the next one',
    source: `${NEON_HEADER}await sql\`SELECT 1 -- one\`;\nawait sql\`SELECT id FROM neon_auth.users_sync\`;\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync' }],
    fixed: `${NEON_HEADER}await sql\`SELECT 1 -- one\`;\nawait sql\`SELECT id FROM neon_auth.users_sync WHERE neon_auth.users_sync.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'a template with an unclosed quote is skipped and the next one is still checked',
    source: `${NEON_HEADER}await sql\`SELECT 'oops FROM neon_auth.users_sync\`;\nawait sql\`SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL\`;\nawait sql\`SELECT n.id FROM posts n JOIN neon_auth.users_sync u ON u.id = n.author_id WHERE u.deleted_at IS NULL\`;\n`,
    findings: [{ ruleId: 'prefer-left-join', covers: 'JOIN' }],
    fixed: `${NEON_HEADER}await sql\`SELECT 'oops FROM neon_auth.users_sync\`;\nawait sql\`SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL\`;\nawait sql\`SELECT n.id FROM posts n LEFT JOIN neon_auth.users_sync u ON u.id = n.author_id WHERE u.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'the current generation: a write to neon_auth."user" in a seed script (JavaScript)',
    language: 'javascript',
    source: `const { neon } = require('@neondatabase/serverless');\nconst sql = neon(process.env.DATABASE_URL);\nawait sql\`INSERT INTO neon_auth."user" (id, email, name) VALUES (\${id}, \${email}, \${name})\`;\n`,
    findings: [{ ruleId: 'no-auth-table-writes', covers: 'neon_auth."user"' }],
  },
  {
    name: 'escaped quotes in a double-quoted string keep the quoted identifier whole; the fix is escaped for that string',
    source: `await pool.query("SELECT u.createdAt FROM neon_auth.\\"user\\" u");\n`,
    findings: [{ ruleId: 'no-unknown-auth-column', covers: 'createdAt' }],
    fixed: `await pool.query("SELECT u.\\"createdAt\\" FROM neon_auth.\\"user\\" u");\n`,
  },
  {
    name: 'postgres.js: the transaction tag a sql.begin callback receives',
    source: `import postgres from 'postgres';\nconst sql = postgres(url);\nawait sql.begin(async (tx) => {\n  await tx\`SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`;\n});\n`,
    findings: [{ ruleId: 'prefer-left-join', covers: 'JOIN' }],
    fixed: `import postgres from 'postgres';\nconst sql = postgres(url);\nawait sql.begin(async (tx) => {\n  await tx\`SELECT p.id FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL\`;\n});\n`,
  },
  {
    name: 'a range that ends in a ${…} covers it whole',
    source: `${NEON_HEADER}await sql\`SELECT p.id FROM posts p LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email = \${email} AND u.deleted_at IS NULL\`;\n`,
    findings: [{ ruleId: 'no-null-rejecting-where', covers: 'u.email = ${email}' }],
    fixed: `${NEON_HEADER}await sql\`SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.email = \${email} AND u.deleted_at IS NULL\`;\n`,
  },
  {
    name: 'a ${…} where no value can stand (a WHERE clause held in a variable) makes the template opaque: no parse error, no missing-filter finding',
    source: `${NEON_HEADER}await sql\`SELECT * FROM neon_auth.users_sync u \${where}\`;\n`,
    findings: [],
  },
  // JS escape sequences: the SQL checked is the string's value; ranges and fix edits are the host's.
  {
    name: 'escapes inside a name (\\u0069, \\x61) are read as the letters they stand for: no unknown column, no parse error',
    source: String.raw`await pool.query("SELECT u.\u0069d, u.n\x61me FROM neon_auth.users_sync u WHERE u.deleted_\u0061t IS NULL");
`,
    findings: [],
  },
  {
    name: 'a finding on a name holding an escape covers the escape whole; its fix would rewrite the escape, so none is offered',
    source: String.raw`await pool.query("SELECT u.cr\u0065atedAt FROM neon_auth.\"user\" u");
`,
    findings: [{ ruleId: 'no-unknown-auth-column', covers: String.raw`cr\u0065atedAt` }],
  },
  {
    name: 'a finding on an escaped quoted identifier covers the escapes; a fix after escapes on the line lands at its host offset',
    source: String.raw`await pool.query("SELECT p.id, u.n\u0061me FROM posts p JOIN neon_auth.\"users_sync\" u ON u.id = p.author_id WHERE u.deleted_at IS NULL");
`,
    findings: [{ ruleId: 'prefer-left-join', covers: 'JOIN' }],
    fixed: String.raw`await pool.query("SELECT p.id, u.n\u0061me FROM posts p LEFT JOIN neon_auth.\"users_sync\" u ON u.id = p.author_id WHERE u.deleted_at IS NULL");
`,
  },
  {
    name: "\\n between clauses: the new WHERE goes on a line of its own, written as \\n in the '…' string",
    source: String.raw`await pool.query('SELECT u.email\nFROM neon_auth.users_sync u\nORDER BY 1');
`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync u' }],
    fixed: String.raw`await pool.query('SELECT u.email\nFROM neon_auth.users_sync u\nWHERE u.deleted_at IS NULL\nORDER BY 1');
`,
  },
  {
    name: '\\t between words, and \\\\ inside an SQL string: the range and the fix are exact',
    source: String.raw`await pool.query('SELECT\tu.email FROM neon_auth.users_sync u WHERE u.email LIKE \'a\\%\'');
`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync u' }],
    fixed: String.raw`await pool.query('SELECT\tu.email FROM neon_auth.users_sync u WHERE u.email LIKE \'a\\%\' AND u.deleted_at IS NULL');
`,
  },
  {
    name: "\\' around an SQL string in a '…' string: the string stays whole and the fix goes after it",
    source: String.raw`await pool.query('SELECT u.email FROM neon_auth.users_sync u WHERE u.name = \'Ada\' ORDER BY 1');
`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync u' }],
    fixed: String.raw`await pool.query('SELECT u.email FROM neon_auth.users_sync u WHERE u.name = \'Ada\' AND u.deleted_at IS NULL ORDER BY 1');
`,
  },
  {
    name: '\\` and \\${ inside a template are text of an SQL string, not its end nor a substitution',
    source: `${NEON_HEADER}await sql\`SELECT u.email FROM neon_auth.users_sync u WHERE u.name = 'a\\\`b\\\${c}' ORDER BY 1\`;\n`,
    findings: [{ ruleId: 'require-deleted-at-filter', covers: 'neon_auth.users_sync u' }],
    fixed: `${NEON_HEADER}await sql\`SELECT u.email FROM neon_auth.users_sync u WHERE u.name = 'a\\\`b\\\${c}' AND u.deleted_at IS NULL ORDER BY 1\`;\n`,
  },
];

function rangeOf(source: string, e: Expected): { start: number; end: number } {
  const from = e.after === undefined ? 0 : source.indexOf(e.after) + e.after.length;
  const start = source.indexOf(e.covers, from);
  assert.ok(start >= 0, `"${e.covers}" not in the source`);
  return { start, end: start + e.covers.length };
}

/** Whether Babel parses the text as the language (what "the fixed host still parses" means here). */
function parsesAs(text: string, language: HostLanguage): boolean {
  try {
    parse(text, {
      sourceType: 'module',
      plugins: language.startsWith('typescript') ? ['typescript', ...(language === 'typescriptreact' ? (['jsx'] as const) : [])] : ['jsx'],
    });
    return true;
  } catch {
    return false;
  }
}

describe('SQL in TypeScript and JavaScript: findings and fixes', () => {
  for (const c of cases) {
    test(c.name, () => {
      const language = c.language ?? 'typescript';
      const result = lint(c.source, { language });
      assert.deepEqual(
        result.findings.map((f) => ({ ruleId: f.ruleId, start: f.start, end: f.end })),
        c.findings.map((e) => ({ ruleId: e.ruleId, ...rangeOf(c.source, e) })),
      );
      const fixed = fixAll(c.source, { language }, false).text;
      assert.equal(fixed, c.fixed ?? c.source);
      assert.ok(parsesAs(fixed, language), 'the fixed file parses');
    });
  }
});

const WORKSPACE = { './drizzle/neon': { usersSync: { schema: 'neon_auth', table: 'user', columns: { id: 'id', email: 'email' } } } };

describe('SQL in TypeScript and JavaScript: the SQL view', () => {
  test('Drizzle sql: ${usersSync} and ${usersSync.deletedAt} become host names (same-width placeholders) resolved to the table and its column', () => {
    const head = "import { sql } from 'drizzle-orm';\nimport { usersSync as users } from 'drizzle-orm/neon';\nconst _0 = 1;\n";
    const q = 'await db.execute(sql`SELECT count(*) FROM ${users} WHERE ${users.deletedAt} IS NOT NULL AND ${users}.id = ${id}`);';
    const src = head + q;
    const view = hostView(src, 'typescript');
    assert.equal(view.sqlText.length, src.length);
    // `_0` is written in the host: the placeholders skip it.
    assert.equal(
      view.sqlText.slice(head.length),
      '                     SELECT count(*) FROM _1       WHERE _2                 IS NOT NULL AND       _3.id = $1   ;  ',
    );
    assert.deepEqual(view.regions[0].opaque, false);
    assert.deepEqual(
      view.regions[0].substitutions.map((x) => x.name ?? (x.value ? 'value' : 'opaque')),
      ['_1', '_2', '_3', 'value'],
    );
    assert.deepEqual(
      Object.entries(view.names ?? {}).map(([p, n]) => [p, n.schema, n.table, n.column, n.sql, n.written]),
      [
        ['_1', 'neon_auth', 'users_sync', undefined, '"neon_auth"."users_sync"', '${users}'],
        ['_2', 'neon_auth', 'users_sync', 'deleted_at', '"neon_auth"."users_sync"."deleted_at"', '${users.deletedAt}'],
        ['_3', 'neon_auth', 'users_sync', undefined, '"neon_auth"."users_sync"', '${users}'],
      ],
    );
    assert.equal(
      renderedSql(view, view.regions[0]),
      'SELECT count(*) FROM "neon_auth"."users_sync" WHERE "neon_auth"."users_sync"."deleted_at" IS NOT NULL AND "neon_auth"."users_sync".id = $1   ',
    );
    // Written back as in the host: a column of a table placeholder by its property, or after the `${…}` when it has none.
    assert.equal(
      hostNamesWritten(view, 'add _1.deleted_at IS NULL, _2 and _3."rawJson" to _1'),
      'add ${users.deletedAt} IS NULL, ${users.deletedAt} and ${users}."rawJson" to ${users}',
    );
  });

  test('Drizzle sql: what a host name renders is what Drizzle itself sends (drizzle-orm, both generations)', () => {
    const src = `import { sql } from 'drizzle-orm';
import { usersSync } from 'drizzle-orm/neon';
import { pgSchema, text } from 'drizzle-orm/pg-core';
const neonAuth = pgSchema('neon_auth');
const user = neonAuth.table('user', { id: text('id').primaryKey(), emailVerified: text('emailVerified') });
await db.execute(sql\`SELECT \${usersSync.rawJson}, \${user.emailVerified} FROM \${usersSync}, \${user}\`);
`;
    const view = hostView(src, 'typescript');
    const neonAuth = pgSchema('neon_auth');
    const user = neonAuth.table('user', { id: pgText('id').primaryKey(), emailVerified: pgText('emailVerified') });
    const drizzleSql = new PgDialect().sqlToQuery(drizzleTag`SELECT ${usersSync.rawJson}, ${user.emailVerified} FROM ${usersSync}, ${user}`).sql;
    assert.equal(renderedSql(view, view.regions[0]), drizzleSql);
  });

  test("Drizzle sql: a look-alike pgTable('users_sync') stays as before (opaque), and no host name is made", () => {
    const src =
      "import { sql } from 'drizzle-orm';\nimport { pgTable, text } from 'drizzle-orm/pg-core';\nexport const usersSync = pgTable('users_sync', { id: text('id') });\nawait db.execute(sql`SELECT id FROM ${usersSync}`);\n";
    const view = hostView(src, 'typescript');
    assert.equal(view.names, undefined);
    assert.equal(view.regions[0].opaque, true);
    assert.deepEqual(lint(src, { language: 'typescript' }).findings, []);
  });

  test('Drizzle sql: an editor re-checks a statement when what its host name stands for changes (same SQL view)', () => {
    const query = '\nawait db.execute(sql`SELECT id FROM ${users}`);\n';
    const neon = "import { sql } from 'drizzle-orm';\nimport { usersSync as users } from 'drizzle-orm/neon';" + query;
    const own = "import { sql } from 'drizzle-orm';\nimport { usersSync as users } from './drizzle/neon';" + query;
    const linter = new DocumentLinter();
    const ids = (text: string): string[] => linter.lint(text, { language: 'typescript', workspaceImports: WORKSPACE }).findings.map((f) => f.ruleId);
    // `./drizzle/neon` exports the current generation's user table under the same name.
    assert.deepEqual(ids(neon), ['require-deleted-at-filter']);
    assert.deepEqual(ids(own), []);
    assert.deepEqual(ids(neon), ['require-deleted-at-filter']);
  });

  test('Drizzle sql: a ${…} narrower than the next free placeholder is classified as before', () => {
    // `${u}` holds four characters: `_0`…`_999` fit, `_1000` does not.
    const taken = Array.from({ length: 1000 }, (_, k) => `_${k}`).join(' ');
    const src = `import { sql } from 'drizzle-orm';\nimport { usersSync as u } from 'drizzle-orm/neon';\n// ${taken}\nawait db.execute(sql\`SELECT id FROM \${u}\`);\n`;
    const view = hostView(src, 'typescript');
    assert.equal(view.names, undefined);
    assert.equal(view.regions[0].opaque, true);
  });

  test('a ${…} value becomes a same-width placeholder and offsets stay those of the host', () => {
    const src = 'await sql`SELECT 1 FROM neon_auth.users_sync WHERE id = ${user.id}`;';
    const view = hostView(src, 'typescript');
    assert.equal(view.sqlText.length, src.length);
    assert.equal(view.sqlText, '          SELECT 1 FROM neon_auth.users_sync WHERE id = $1        ; ');
    assert.deepEqual(
      view.regions.map((r) => [r.start, r.end, r.quote, r.opaque, r.library]),
      [[10, src.length - 2, '`', false, 'unknown']],
    );
  });

  test('surrogate pairs and lone surrogates in a region stay as they are in the view, code unit for code unit', () => {
    // a pair written as is, a lone high surrogate written as is, and a lone one from a `\u` escape
    const src =
      "await sql`SELECT '\u{1F600}' FROM neon_auth.users_sync`;\nawait sql`SELECT '\uD800' FROM neon_auth.users_sync`;\nawait pool.query('SELECT \\uDC00 FROM neon_auth.users_sync');";
    const view = hostView(src, 'typescript');
    assert.equal(view.sqlText.length, src.length);
    assert.equal(
      view.sqlText,
      "          SELECT '\u{1F600}' FROM neon_auth.users_sync; \n          SELECT '\uD800' FROM neon_auth.users_sync; \n                  SELECT \uDC00      FROM neon_auth.users_sync;  ",
    );
    // without the lone ones
    const paired = src.split('\n')[0];
    assert.equal(hostView(paired, 'typescript').sqlText, "          SELECT '\u{1F600}' FROM neon_auth.users_sync; ");
  });

  test('escape sequences are decoded (the view holds the value), protected from fixes, and mapped back to their host spans', () => {
    const src = "await pool.query('SELECT \\'a\\' FROM neon_auth.users_sync');";
    const view = hostView(src, 'typescript');
    // the text after an escape is shifted left up to the next space, where padding restores the host offsets
    assert.equal(view.sqlText, "                  SELECT 'a'   FROM neon_auth.users_sync;  ");
    assert.deepEqual(view.regions[0].protectedSpans, [
      { start: 25, end: 27 },
      { start: 28, end: 30 },
    ]);
    assert.deepEqual(view.regions[0].offsets, [
      { view: 25, start: 25, end: 27 },
      { view: 26, start: 27, end: 28 },
      { view: 27, start: 28, end: 30 },
      { view: 28, start: 30, end: 30 },
      { view: 29, start: 30, end: 30 },
    ]);
    // the view's `'a'` is the host's `\'a\'`; an insertion in the padding goes where the padding ends
    assert.deepEqual(hostRange(view.regions[0], 25, 28), { start: 25, end: 30 });
    assert.deepEqual(hostRange(view.regions[0], 26, 27), { start: 27, end: 28 });
    assert.deepEqual(hostRange(view.regions[0], 29, 29), { start: 30, end: 30 });
    assert.deepEqual(hostRange(view.regions[0], 31, 35), { start: 31, end: 35 });
  });

  test('a file that never mentions Neon Auth is not parsed (even if it is not valid TypeScript)', () => {
    const view = hostView('const x = ;;; sql`SELECT * FROM profiles`', 'typescript');
    assert.equal(view.error, undefined);
    assert.deepEqual(view.regions, []);
  });

  test('a syntax error on a line of its own costs that line: the SQL on the other lines is checked, with one parse-error information finding', () => {
    const src =
      'const x = sql`SELECT * FROM neon_auth.users_sync`;\nconst y = = 1;\nconst z = sql`SELECT * FROM posts p JOIN neon_auth.users_sync u ON u.id = p.a WHERE u.deleted_at IS NULL`;\n';
    const result = lint(src, { language: 'typescript' });
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.severity, f.start, f.end]),
      [
        ['require-deleted-at-filter', 'warning', src.indexOf('neon_auth.users_sync'), src.indexOf('neon_auth.users_sync') + 'neon_auth.users_sync'.length],
        ['parse-error', 'info', src.indexOf('= 1'), src.indexOf('= 1')],
        ['prefer-left-join', 'warning', src.indexOf('JOIN neon_auth'), src.indexOf('JOIN neon_auth') + 'JOIN'.length],
      ],
    );
    assert.equal(result.findings[1].message, 'The TypeScript parser rejected this line (Unexpected token); the SQL on the other lines was checked.');
    assert.equal(lint(src, { language: 'typescript', reportParseErrors: false }).findings.length, 2);
  });

  test('a file whose broken line cannot be set aside (brackets open across lines, a template on it) gives one parse-error information finding and a rejected entry', () => {
    for (const broken of ['const y = foo(;', 'const y = sql`SELECT 1` +;']) {
      const src = `const x = sql\`SELECT * FROM neon_auth.users_sync\`;\n${broken}\nconst z = 1;\n`;
      const result = lint(src, { language: 'typescript' });
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, f.severity]),
        [['parse-error', 'info']],
        broken,
      );
      assert.match(result.findings[0].message, /^The TypeScript parser rejected this file \(.+\); its SQL was not checked\.$/);
      assert.equal(result.rejected.length, 1);
    }
  });

  test('blankErrorLine blanks the line of an offset with every other offset unchanged, or refuses', () => {
    const text = 'a;\r\nconst y = = 1;\r\nb;';
    const at = text.indexOf('= 1');
    assert.equal(blankErrorLine(text, at), 'a;\r\n' + ' '.repeat('const y = = 1;'.length) + '\r\nb;');
    assert.equal(blankErrorLine('x(\n', 1), undefined, 'an open bracket');
    assert.equal(blankErrorLine('}\n', 0), undefined, 'a close without its open');
    assert.equal(blankErrorLine('a = `x\n', 2), undefined, 'a template');
    assert.equal(blankErrorLine('a;\n   \nb', 4), undefined, 'already blank');
    assert.equal(blankErrorLine('const x = = 1; /* old code:\nf();\n*/\n', 10), undefined, 'opens a block comment');
    assert.equal(blankErrorLine('x = = 1; */\n', 4), undefined, 'closes a block comment');
  });

  test("a fix that puts a new WHERE on a line of its own writes it after a blank in a '…' string (no escaped line breaks or tabs)", () => {
    const src =
      "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const q = () => pool.query('SELECT p.*\\r\\n\\tFROM posts p\\r\\n\\tLEFT JOIN neon_auth.users_sync u ON u.id = p.user_id\\r\\n\\tORDER BY p.id');\n";
    const fixed = fixAll(src, { language: 'typescript' }, false).text;
    assert.equal(fixed, src.replace('u.id = p.user_id\\r', 'u.id = p.user_id WHERE u.deleted_at IS NULL\\r'));
    assert.doesNotThrow(() => parse(fixed, { sourceType: 'module', plugins: ['typescript'] }));
  });

  test('TypeScript syntax newer than the parser defaults (accessor fields, import assert/defer/source) is parsed, not rejected', () => {
    const query = 'export const q = sql`SELECT p.t FROM posts p JOIN neon_auth.users_sync u ON u.id = p.a WHERE u.deleted_at IS NULL`;\n';
    const N = "import { neon } from '@neondatabase/serverless';\nconst sql = neon(u);\n";
    for (const line of [
      'export class Repo { accessor count = 0; }',
      '@sealed class Repo { @observable accessor count = 0; }',
      "import cfg from './cfg.json' assert { type: 'json' };",
      "import defer * as heavy from './heavy';",
      "import source wasm from './x.wasm';",
    ]) {
      const result = lint(`${N}${line}\n${query}`, { language: 'typescript' });
      assert.deepEqual(
        result.findings.map((f) => f.ruleId),
        ['prefer-left-join'],
        `${line}: ${result.findings.map((f) => f.message).join('; ')}`,
      );
    }
  });

  test('a message quoting a ${…} shows it as written', () => {
    const src = 'await sql`SELECT * FROM neon_auth."user" WHERE id = ${authorId}::text`;';
    const [f] = lint(src, { language: 'typescript' }).findings;
    assert.equal(f.ruleId, 'match-user-id-comparison');
    assert.equal(src.slice(f.start, f.end), '${authorId}::text');
    assert.match(f.message, /, but \$\{authorId\}::text is text/);
  });

  test('fix text is escaped for the literal it lands in', () => {
    assert.equal(escapeForHost("a'b\\c`${d}\n", '`'), "a'b\\\\c\\`\\${d}\n");
    assert.equal(escapeForHost('it\'s "q"\n', "'"), 'it\\\'s "q"\\n');
    assert.equal(escapeForHost('it\'s "q"', '"'), 'it\'s \\"q\\"');
  });

  test('host languages by file name (a declaration file named on the command line is TypeScript); directory searches skip declaration files', () => {
    assert.deepEqual(['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'a.d.ts', 'a.d.mts', 'a.sql', 'a.vue'].map(hostLanguageOfPath), [
      'typescript',
      'typescriptreact',
      'typescript',
      'typescript',
      'javascript',
      'javascriptreact',
      'javascript',
      'javascript',
      'typescript',
      'typescript',
      undefined,
      undefined,
    ]);
    const all = new Set(['.sql', '.ts', '.js']);
    assert.deepEqual(
      [
        isSearchedFile('q.sql', true, all),
        isSearchedFile('q.ts', true, all),
        isSearchedFile('q.ts', false, all),
        isSearchedFile('q.d.ts', false, all),
        isSearchedFile('q.tsx', false, all),
      ],
      [true, false, true, false, false],
    );
  });
});

describe("Drizzle tables as the column types of a file's SQL", () => {
  const HEAD = `import { sql } from 'drizzle-orm';\nimport { pgTable, text, uuid } from 'drizzle-orm/pg-core';\n`;
  const comparisons = (source: string): string[] =>
    lint(source, { language: 'typescript' })
      .findings.filter((f) => f.ruleId === 'match-user-id-comparison')
      .map((f) => source.slice(f.start, f.end));

  test('a table the file defines gives its column types to the SQL of its sql templates, by ${table} or by its name', () => {
    const source = `${HEAD}export const notes = pgTable('notes', { ownerId: text('owner_id'), editorId: uuid('editor_id') });\nawait db.execute(sql\`SELECT 1 FROM \${notes} n LEFT JOIN neon_auth."user" u ON u.id = n.owner_id OR u.id = n.editor_id\`);\nawait db.execute(sql\`SELECT 1 FROM notes LEFT JOIN neon_auth."user" u ON u.id = notes.owner_id\`);\n`;
    assert.deepEqual(comparisons(source), ['n.owner_id', 'notes.owner_id']);
  });

  test('not a table whose columns object may hold more (a spread, a computed key), one defined twice, nor a column of a builder not from drizzle-orm', () => {
    const source = `${HEAD}import { text as myText } from './columns';\nconst extra = { note: text('note') };\nexport const drafts = pgTable('drafts', { ownerId: text('owner_id'), ...extra });\nexport const keyed = pgTable('keyed', { ['owner' + 'Id']: text('owner_id') });\nexport const a = pgTable('twice', { ownerId: text('owner_id') });\nexport const b = pgTable('twice', { ownerId: text('owner_id') });\nexport const own = pgTable('own', { ownerId: myText('owner_id') });\nawait db.execute(sql\`SELECT 1 FROM \${drafts} d LEFT JOIN neon_auth."user" u ON u.id = d.owner_id\`);\nawait db.execute(sql\`SELECT 1 FROM \${keyed} k LEFT JOIN neon_auth."user" u ON u.id = k.owner_id\`);\nawait db.execute(sql\`SELECT 1 FROM twice t LEFT JOIN neon_auth."user" u ON u.id = t.owner_id\`);\nawait db.execute(sql\`SELECT 1 FROM \${own} o LEFT JOIN neon_auth."user" u ON u.id = o.owner_id\`);\n`;
    assert.deepEqual(comparisons(source), []);
  });

  test('a table the SQL itself creates keeps its own definition; a text column with a key to "user".id is match-user-id-type\'s, not a comparison', () => {
    const source =
      `${HEAD}const neonAuth = pgSchema('neon_auth');\nexport const user = neonAuth.table('user', { id: uuid('id').primaryKey() });\nexport const notes = pgTable('notes', { ownerId: text('owner_id').references(() => user.id, { onDelete: 'cascade' }) });\nexport const posts = pgTable('posts', { authorId: text('author_id') });\nawait db.execute(sql\`SELECT 1 FROM \${notes} n LEFT JOIN neon_auth."user" u ON u.id = n.owner_id\`);\nawait db.execute(sql\`CREATE TABLE posts (author_id uuid)\`);\nawait db.execute(sql\`SELECT 1 FROM posts p LEFT JOIN neon_auth."user" u ON u.id = p.author_id\`);\n`.replace(
        'pgTable, text, uuid',
        'pgSchema, pgTable, text, uuid',
      );
    assert.deepEqual(comparisons(source), []);
  });
});

describe('SQL in TypeScript and JavaScript: hostile input (from an adversarial review)', () => {
  const N = "import { neon } from '@neondatabase/serverless';\nconst sql = neon(u);\n";
  const rules = (src: string): string[] => lint(src, { language: 'typescript' }).findings.map((f) => f.ruleId);

  test('escapes past U+10FFFF, invalid \\u / \\x in a tagged template and \\0 never throw nor make the file look binary', () => {
    // (each escape is invalid: the tagged template is not checked, the string is, see below)
    assert.deepEqual(rules(`${N}sql\`SELECT \\u{110000} FROM neon_auth.users_sync\`;\nclient.query('SELECT \\u{FFFFFFFF} FROM neon_auth.users_sync');`), [
      'parse-error',
      'parse-error',
      'require-deleted-at-filter',
    ]);
    // (an invalid escape in a tagged template leaves its tag no text: that template is not checked, see below)
    assert.deepEqual(rules(`${N}sql\`SELECT email FROM neon_auth.users_sync WHERE email = 'C:\\users\\x'\`;\nsql\`SELECT email FROM neon_auth.users_sync\`;`), [
      'parse-error',
      'require-deleted-at-filter',
    ]);
    assert.deepEqual(rules(`client.query("SELECT '\\101\\0' FROM neon_auth.users_sync");`), ['require-deleted-at-filter']);
  });

  test('an invalid escape in a string or untagged template (a JavaScript syntax error) gets one parse-error at the escape; the SQL around it and in the other literals is still checked and fixed', () => {
    const P = "import { Pool } from 'pg';\nconst pool = new Pool();\n";
    const other = 'await pool.query(`SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL`);\n';
    // each escape, and the part a finding covers: the backslash and what follows it as far as the escape reads
    for (const [escape, covered] of [
      ['\\xZZ', '\\x'],
      ['\\u{zz}', '\\u{zz}'],
      ['\\x1', '\\x1'],
      ['\\8', '\\8'],
    ]) {
      const broken = `await pool.query(\`SELECT u.name FROM neon_auth.users_sync u WHERE u.email LIKE '%${escape}' AND u.id = \${id}\`);\n`;
      const src = `${P}${broken}${other}`;
      const result = lint(src, { language: 'typescript' });
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, f.severity, src.slice(f.start, f.end)]),
        [
          ['require-deleted-at-filter', 'warning', 'neon_auth.users_sync u'],
          ['parse-error', 'info', covered],
          ['prefer-left-join', 'warning', 'JOIN'],
        ],
        escape,
      );
      assert.equal(result.findings[0].start, src.indexOf('neon_auth.users_sync u'));
      assert.equal(result.findings[1].start, src.indexOf(escape));
      assert.equal(
        result.findings[1].message,
        'The TypeScript parser rejected this escape sequence (Invalid escape sequence in template): the file does not run as written (write \\\\ for a backslash); its SQL was still checked.',
      );
      // the fixes land where they did without the escape; the file is as (un)parseable as before
      const fixed = fixAll(src, { language: 'typescript' }).text;
      assert.equal(
        fixed,
        src.replace(`'%${escape}' AND u.id = \${id}`, `'%${escape}' AND u.id = \${id} AND u.deleted_at IS NULL`).replace('posts p JOIN', 'posts p LEFT JOIN'),
        escape,
      );
      const recovered = parse(fixed, { sourceType: 'module', plugins: ['typescript'], errorRecovery: true });
      assert.deepEqual(
        recovered.errors?.map((e) => e.pos),
        [src.indexOf(escape) + 1],
        escape,
      );
      assert.deepEqual(
        lint(src, { language: 'typescript', reportParseErrors: false }).findings.map((f) => f.ruleId),
        ['require-deleted-at-filter', 'prefer-left-join'],
      );
    }
    // a "…" string: Babel's own message; JavaScript (not TypeScript) named for a .js file
    const src = `pool.query("SELECT name FROM neon_auth.users_sync WHERE email LIKE '\\xZZ'");\n`;
    assert.deepEqual(
      lint(src, { language: 'javascript' }).findings.map((f) => [f.ruleId, src.slice(f.start, f.end), f.message]),
      [
        [
          'require-deleted-at-filter',
          'neon_auth.users_sync',
          'Query reads neon_auth.users_sync without filtering soft-deleted users; add neon_auth.users_sync.deleted_at IS NULL.',
        ],
        [
          'parse-error',
          '\\x',
          'The JavaScript parser rejected this escape sequence (Bad character escape sequence): the file does not run as written (write \\\\ for a backslash); its SQL was still checked.',
        ],
      ],
    );
  });

  test('a legacy octal escape in a string is a syntax error only in a module (strict code): noted there, not in a script', () => {
    const query = "pool.query('SELECT name FROM neon_auth.users_sync WHERE deleted_at IS NULL AND email = \\'\\101\\'');\n";
    assert.deepEqual(lint(query, { language: 'javascript' }).findings, []);
    const src = `import { Pool } from 'pg';\nconst pool = new Pool();\n${query}`;
    assert.deepEqual(
      lint(src, { language: 'javascript' }).findings.map((f) => [f.ruleId, f.start, f.end, f.message]),
      [
        [
          'parse-error',
          src.indexOf('\\101'),
          src.indexOf('\\101') + 4,
          "The JavaScript parser rejected this escape sequence (The only valid numeric escape in strict mode is '\\0'): the file does not run as written (write \\\\ for a backslash); its SQL was still checked.",
        ],
      ],
    );
  });

  test('an invalid escape in a tagged template (legal JavaScript; the tag receives undefined for that part) skips that template with one parse-error; the others are checked', () => {
    for (const [escape, covered] of [
      ['\\xZZ', '\\x'],
      ['\\u{zz}', '\\u{zz}'],
      ['\\x1', '\\x1'],
      ['\\8', '\\8'],
      ['\\01', '\\01'],
      ['\\u{110000}', '\\u{110000}'],
    ]) {
      const src = `${N}await sql\`SELECT u.name FROM neon_auth.users_sync u WHERE u.email = '${escape}'\`;\nawait sql\`SELECT email FROM neon_auth.users_sync WHERE id = \${id}\`;\n`;
      const result = lint(src, { language: 'typescript' });
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, f.severity, f.start, f.end]),
        [
          ['parse-error', 'info', src.indexOf(escape), src.indexOf(escape) + covered.length],
          [
            'require-deleted-at-filter',
            'warning',
            src.lastIndexOf('neon_auth.users_sync'),
            src.lastIndexOf('neon_auth.users_sync') + 'neon_auth.users_sync'.length,
          ],
        ],
        escape,
      );
      assert.equal(
        result.findings[0].message,
        `${covered} is not a valid escape sequence: the tag receives undefined for this part of the template, not the SQL written (write \\\\ for a backslash), so this template's SQL was not checked.`,
      );
      // suppressible like any parse-error
      assert.deepEqual(
        lint(src.replace('await sql`SELECT u.name', '// neon-auth-ignore parse-error: a test\nawait sql`SELECT u.name'), {
          language: 'typescript',
        }).findings.map((f) => f.ruleId),
        ['require-deleted-at-filter'],
      );
    }
    // valid escapes in a tagged template: no notice, checked as before
    assert.deepEqual(rules(`${N}sql\`SELECT name FROM neon_auth.users_sync WHERE email = '\\x41\\u0041\\u{41}\\0\\\\8'\`;`), ['require-deleted-at-filter']);
  });

  test('English text a query method is given (a string taken for its first word) is skipped quietly; broken SQL in one, and prose in a sql tag, still get the notice', () => {
    const src = [
      "logger.query('Select the users from neon_auth.users_sync that are active');",
      "logger.execute('Select users that signed in from neon_auth.users_sync');",
      "pool.query('SELECT id FROM neon_auth.users_sync WHERE deleted_at IS NULL AND');",
      `${N}await sql\`Select the users from neon_auth.users_sync that are active\`;`,
    ].join('\n');
    assert.deepEqual(
      lint(src, { language: 'typescript' }).findings.map((f) => [f.ruleId, f.severity, src.slice(f.start, f.start + 6)]),
      [
        ['parse-error', 'info', "AND');"],
        ['parse-error', 'info', 'are ac'],
      ],
    );
  });

  test('an SQL expression in a template (a Drizzle column default, a condition) is no statement: no parse notice; a broken statement still gets one', () => {
    const src = [
      "import { sql } from 'drizzle-orm';",
      "import { pgTable, text } from 'drizzle-orm/pg-core';",
      "export const todos = pgTable('todos', { userId: text('user_id').notNull().default(sql`(auth.user_id())`) });",
      "export const notes = pgTable('notes', { userId: text('user_id').notNull().default(sql`auth.user_id()`) });",
      'export const mine = sql`(select auth.user_id() = ${todos.userId})`;',
      'export const broken = sql`SELECT id FROM neon_auth.users_sync WHERE`;',
    ].join('\n');
    assert.deepEqual(
      lint(src, { language: 'typescript' }).findings.map((f) => [f.ruleId, f.severity, f.start]),
      [['parse-error', 'info', src.lastIndexOf('WHERE')]],
    );
  });

  test('an escaped quoted identifier in a "…" string: no false column finding, and the fix names the same identifier', () => {
    assert.deepEqual(rules('pool.query("SELECT \\"name\\" FROM neon_auth.users_sync WHERE id = $1 AND deleted_at IS NULL");'), []);
    const src = 'client.query("SELECT \\"U\\".email FROM neon_auth.users_sync \\"U\\"ORDER BY 1");';
    assert.equal(
      fixAll(src, { language: 'typescript' }).text,
      'client.query("SELECT \\"U\\".email FROM neon_auth.users_sync \\"U\\" WHERE \\"U\\".deleted_at IS NULL ORDER BY 1");',
    );
    assert.deepEqual(rules("client.query('UPDATE neon_auth.users_sync SET updated_at = now() WHERE email = \\'it\\'\\'s\\'');"), ['no-auth-table-writes']);
  });

  test('a template ending in an ignore comment does not run into the next one', () => {
    const src = `${N}await sql\`SELECT name FROM neon_auth.users_sync -- neon-auth-ignore require-deleted-at-filter\`;\nawait sql\`SELECT email FROM neon_auth.users_sync WHERE id = \${id}\`;`;
    assert.deepEqual(
      lint(src, { language: 'typescript' }).findings.map((f) => [f.ruleId, f.start]),
      [['require-deleted-at-filter', src.lastIndexOf('neon_auth.users_sync')]],
    );
  });

  test('a kept block comment holding /* and a // comment ended by U+2028 swallow nothing', () => {
    assert.deepEqual(rules(`${N}/* neon-auth-ignore foo /*/\nawait sql\`SELECT email FROM neon_auth.users_sync WHERE id = \${id}\`;`), [
      'unused-ignore',
      'require-deleted-at-filter',
    ]);
    assert.deepEqual(rules(`${N}// neon-auth-ignore require-deleted-at-filter\u2028sql\`SELECT name\nFROM neon_auth.users_sync\`;`), []);
  });

  test('disable for this line before an existing // comment; a file the parser rejects gets the file form', () => {
    const src = `${N}const r = await sql\`SELECT id FROM neon_auth.users_sync\`; // fetch user\n`;
    const edit = disableRuleEdit(src, src.indexOf('neon_auth.users_sync'), 'require-deleted-at-filter', 'line', 'typescript');
    assert.deepEqual(edit, { start: src.indexOf('// fetch'), end: src.indexOf('// fetch'), newText: '/* neon-auth-ignore require-deleted-at-filter */ ' });
    assert.deepEqual(lint(applyEdits(src, [edit]), { language: 'typescript' }).findings, []);
    const broken = 'client.query("SELECT * FROM neon_auth.users_sync");\nconst a = = `hello\nworld`;';
    assert.deepEqual(disableRuleEdit(broken, 5, 'parse-error', 'line', 'typescript'), { start: 0, end: 0, newText: '// neon-auth-ignore-file parse-error\n' });
  });

  test('a const name declared twice resolves to neither (scopes are not tracked)', () => {
    assert.deepEqual(rules('const q = "SELECT email FROM neon_auth.users_sync";\nfunction g(client) { const q = "SELECT 1"; return client.query(q); }'), []);
  });
});

describe('SQL in TypeScript and JavaScript: the view kept across edits', () => {
  const base = `${NEON_HEADER}// neon-auth-ignore-file match-auth-schema\nexport const a = (id: string) => sql\`SELECT u.name, p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id = \${id}\`;\nexport const d = (e: string) => sql\`SELECT id FROM neon_auth.users_sync WHERE email = \${e} AND deleted_at IS NULL -- by e-mail\`;\nexport const b = () => pool.query('SELECT \\'x\\' FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL');\nconst c = /* sql */ \`DELETE FROM neon_auth.users_sync\`;\n`;

  test('an edit inside a template or string gives the view a fresh parse would (property, fixed seed)', () => {
    let patched = 0;
    fc.assert(
      // positions anywhere, and (twice as often) inside the first template, where the update applies
      fc.property(
        fc.oneof(
          fc.nat(base.length),
          fc.integer({ min: base.indexOf('SELECT u.name'), max: base.indexOf('${id}') + 6 }),
          fc.integer({ min: base.indexOf('SELECT u.name'), max: base.indexOf('${id}') + 6 }),
        ),
        fc.nat(4),
        fc.string({ unit: fc.constantFrom('a', ' ', '-', '*', '/', "'", '"', '`', '$', '{', '}', '\\', '\n', ';', 'x') }),
        (at, cut, insert) => {
          const text = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + cut));
          const update = updatedHostView({ text: base, view: hostView(base, 'typescript') }, text);
          if (update === undefined) return;
          patched++;
          assert.deepEqual(update, hostView(text, 'typescript'));
        },
      ),
      { seed: 20261205, numRuns: 3000 },
    );
    assert.ok(patched > 150, `the update applied to ${patched} of 3000 edits`);
  });

  test('typing inside a template keeps the findings a fresh lint gives', () => {
    const linter = new DocumentLinter();
    let text = base;
    linter.lint(text, { language: 'typescript' });
    for (const ch of ' LEFT') {
      const at = text.indexOf('JOIN neon_auth');
      text = text.slice(0, at) + ch + text.slice(at);
      assert.deepEqual(linter.lint(text, { language: 'typescript' }).findings, lint(text, { language: 'typescript' }).findings);
    }
  });
});

describe('SQL in TypeScript and JavaScript: suppression edits in the host form', () => {
  const src = `${NEON_HEADER}const rows = await sql\`SELECT id FROM neon_auth.users_sync\`;\nconst multi = await sql\`\n  SELECT id\n  FROM neon_auth.users_sync\n\`;\n`;

  test('disable for this line, after a one-line template: a // comment at the end of the line', () => {
    const at = src.indexOf('neon_auth.users_sync');
    const edit = disableRuleEdit(src, at, 'require-deleted-at-filter', 'line', 'typescript');
    const lineEnd = src.indexOf('\n', at);
    assert.deepEqual(edit, { start: lineEnd, end: lineEnd, newText: ' // neon-auth-ignore require-deleted-at-filter' });
    const after = applyEdits(src, [edit]);
    assert.ok(parsesAs(after, 'typescript'));
    assert.deepEqual(
      lint(after, { language: 'typescript' }).findings.map((f) => f.ruleId),
      ['require-deleted-at-filter'],
    );
  });

  test('disable for this line inside a multi-line template: a -- comment in the SQL', () => {
    const at = src.lastIndexOf('neon_auth.users_sync');
    const edit = disableRuleEdit(src, at, 'require-deleted-at-filter', 'line', 'typescript');
    const lineEnd = src.indexOf('\n', at);
    assert.deepEqual(edit, { start: lineEnd, end: lineEnd, newText: ' -- neon-auth-ignore require-deleted-at-filter' });
    assert.deepEqual(
      lint(applyEdits(src, [edit]), { language: 'typescript' }).findings.map((f) => f.start),
      [src.indexOf('neon_auth.users_sync')],
    );
  });

  /** Applies 'Disable for this line' on the finding at `covers`; asserts the edit, that the host still parses and that the finding is gone, the others unchanged. */
  const disableAt = (text: string, covers: string, ruleId: string, expected: string): void => {
    const before = lint(text, { language: 'typescript' }).findings;
    const finding = before.find((f) => f.ruleId === ruleId && text.slice(f.start, f.end) === covers);
    assert.ok(finding, `${ruleId} on ${covers}`);
    const edit = disableRuleEdit(text, finding.start, ruleId, 'line', 'typescript');
    const after = applyEdits(text, [edit]);
    assert.equal(after, expected);
    assert.ok(parsesAs(after, 'typescript'));
    const shift = (o: number): number => (o >= edit.start ? o + edit.newText.length : o);
    assert.deepEqual(
      lint(after, { language: 'typescript' }).findings.map((f) => [f.ruleId, f.start, f.end]),
      before.filter((f) => f !== finding).map((f) => [f.ruleId, shift(f.start), shift(f.end)]),
    );
  };

  test('disable for this line when the line ends inside a multi-line ${…}: a block comment in the SQL before the ${, not after the }', () => {
    // at the line's end the comment would land after the `}` and comment out `AND u.name <> ''`
    const a = `${NEON_HEADER}const r = await sql\`SELECT u.id FROM neon_auth.users_sync u WHERE u.id = \${\n  userId\n} AND u.name <> ''\`;\n`;
    disableAt(a, 'neon_auth.users_sync u', 'require-deleted-at-filter', a.replace('u.id = ${', 'u.id = /* neon-auth-ignore require-deleted-at-filter */ ${'));
    // the SQL after the `}` holds the deleted_at filter: still read as before (no new finding)
    const b = `${NEON_HEADER}const r = await sql\`SELECT u.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE p.id=\${f(\n    x)} AND u.deleted_at IS NULL\`;\n`;
    disableAt(b, 'JOIN', 'prefer-left-join', b.replace('p.id=${', 'p.id= /* neon-auth-ignore prefer-left-join */ ${'));
    // a fragment where a condition may stand stays opaque (the comment before it is not what the SQL ends with there): no deleted_at finding appears
    const c = `${NEON_HEADER}const r = await sql\`SELECT p.id FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE \${\n  mine ? sql\`u.deleted_at IS NULL\` : sql\`TRUE\`\n}\`;\n`;
    assert.deepEqual(
      lint(c, { language: 'typescript' }).findings.map((f) => f.ruleId),
      ['prefer-left-join'],
    );
    disableAt(c, 'JOIN', 'prefer-left-join', c.replace('WHERE ${', 'WHERE /* neon-auth-ignore prefer-left-join */ ${'));
    // after IN, a list placeholder as before
    const d = `${NEON_HEADER}const r = await sql\`SELECT u.id FROM neon_auth.users_sync u WHERE u.id IN \${\n  sql(ids)\n}\`;\n`;
    disableAt(d, 'neon_auth.users_sync u', 'require-deleted-at-filter', d.replace('IN ${', 'IN /* neon-auth-ignore require-deleted-at-filter */ ${'));
  });

  test('disable for this line when the line starts inside a multi-line ${…}: a // comment at its end', () => {
    const e = `${NEON_HEADER}const r = await sql\`SELECT \${\n  cols\n} FROM neon_auth.users_sync u\`;\n`;
    disableAt(
      e,
      'neon_auth.users_sync u',
      'require-deleted-at-filter',
      e.replace('users_sync u`;', 'users_sync u`; // neon-auth-ignore require-deleted-at-filter'),
    );
    const f = `${NEON_HEADER}const r = await sql\`SELECT \${\n  cols\n} FROM posts p\n  JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL\n\`;\n`;
    disableAt(f, 'JOIN', 'prefer-left-join', f.replace('IS NULL\n', 'IS NULL -- neon-auth-ignore prefer-left-join\n'));
    // starts inside one and ends inside another
    const g = `${NEON_HEADER}const r = await sql\`SELECT \${\n  cols\n} FROM neon_auth.users_sync u WHERE u.id = \${\n  id\n}\`;\n`;
    disableAt(g, 'neon_auth.users_sync u', 'require-deleted-at-filter', g.replace('u.id = ${', 'u.id = /* neon-auth-ignore require-deleted-at-filter */ ${'));
  });

  test('disable for the file: a // comment on the first line (after a hashbang)', () => {
    const edit = disableRuleEdit(src, src.indexOf('neon_auth.users_sync'), 'require-deleted-at-filter', 'file', 'typescript');
    assert.deepEqual(edit, { start: 0, end: 0, newText: '// neon-auth-ignore-file require-deleted-at-filter\n' });
    assert.deepEqual(lint(applyEdits(src, [edit]), { language: 'typescript' }).findings, []);
    const script = `#!/usr/bin/env node\n${src}`;
    const e2 = disableRuleEdit(script, script.indexOf('neon_auth.users_sync'), 'require-deleted-at-filter', 'file', 'typescript');
    assert.deepEqual(e2, { start: 20, end: 20, newText: '// neon-auth-ignore-file require-deleted-at-filter\n' });
  });
});

describe('Drizzle fixes in one fix-all pass', () => {
  test('two uuid() columns retyped to text: the import of uuid goes, as when fixing them one at a time', () => {
    const src = [
      "import { pgTable, serial, uuid, text } from 'drizzle-orm/pg-core';",
      "import { usersSync } from 'drizzle-orm/neon';",
      "export const posts = pgTable('posts', {",
      "  id: serial('id').primaryKey(),",
      "  authorId: uuid('author_id').references(() => usersSync.id, { onDelete: 'cascade' }),",
      "  reviewerId: uuid('reviewer_id').references(() => usersSync.id, { onDelete: 'cascade' }),",
      "  title: text('title'),",
      '});',
      '',
    ].join('\n');
    const fixed = fixAll(src, { language: 'typescript' }, true);
    assert.equal(
      fixed.text,
      src
        .replace('serial, uuid, text }', 'serial, text }')
        .replace("uuid('author_id')", "text('author_id')")
        .replace("uuid('reviewer_id')", "text('reviewer_id')"),
    );
    // each quick fix alone keeps the import: the other column still uses it
    const [first] = lint(src, { language: 'typescript' }).findings.filter((f) => f.ruleId === 'match-user-id-type');
    assert.match(applyEdits(src, first.fixes.find((x) => x.isPreferred)!.edits), /import \{ pgTable, serial, uuid, text \}/);
  });
});

describe('Drizzle findings and neon-auth-ignore comments', () => {
  const SCHEMA = `import { pgTable, text } from 'drizzle-orm/pg-core';
import { usersSync } from 'drizzle-orm/neon';

export const notes = pgTable('notes', {
  ownerId: text('owner_id').notNull().references(() => usersSync.id), // neon-auth-ignore require-on-delete: kept as NO ACTION on purpose
  // neon-auth-ignore require-on-delete: content kept by design
  editorId: text('editor_id').references(() => usersSync.id),
  authorId: text('author_id').references(() => usersSync.id),
  // neon-auth-ignore prefer-left-join
  reviewerId: text('reviewer_id'),
});
`;
  const found = (text: string) => lint(text, { language: 'typescript' }).findings.map((f) => [f.ruleId, text.slice(f.start, f.end)]);

  test('a comment after the code on its line, or on the line before, silences the Drizzle finding there; a stale one is reported', () => {
    assert.deepEqual(found(SCHEMA), [
      ['require-on-delete', 'references(() => usersSync.id)'],
      ['unused-ignore', 'prefer-left-join'],
    ]);
    const finding = lint(SCHEMA, { language: 'typescript' }).findings[0];
    assert.equal(SCHEMA.slice(0, finding.start).split('\n').length, 8);
  });

  test("'Disable for this line' writes a // comment after the Drizzle call, which then silences it", () => {
    const finding = lint(SCHEMA, { language: 'typescript' }).findings[0];
    const edit = disableRuleEdit(SCHEMA, finding.start, finding.ruleId, 'line', 'typescript');
    const fixed = applyEdits(SCHEMA, [edit]);
    assert.equal(fixed.split('\n')[7], "  authorId: text('author_id').references(() => usersSync.id), // neon-auth-ignore require-on-delete");
    assert.deepEqual(found(fixed), [['unused-ignore', 'prefer-left-join']]);
  });
});

describe("Prisma's typed parameters on Postgres", () => {
  let db: PGlite;
  before(async () => {
    db = await openFixtureDb();
  });
  after(async () => {
    await db?.close();
  });
  const ID = '00000000-0000-4000-8000-000000000001';

  test('a parameter declared text (as Prisma sends a string) is rejected against the uuid "user".id (42883), accepted with ::uuid; an untyped one (the Neon driver, node-postgres) takes the column type', async () => {
    await inRollback(db, async () => {
      const typed = await pgErrorOf(() => db.exec('PREPARE p_text(text) AS SELECT name FROM neon_auth."user" WHERE id = $1'));
      assert.equal(typed.code, '42883');
      assert.match(typed.message, /operator does not exist: uuid = text/);
    });
    await inRollback(db, async () => {
      await db.exec(`PREPARE p_cast(text) AS SELECT name FROM neon_auth."user" WHERE id = $1::uuid; EXECUTE p_cast('${ID}')`);
    });
    await inRollback(db, async () => {
      const rows = await db.query<{ name: string }>('SELECT name FROM neon_auth."user" WHERE id = $1', [ID]);
      assert.equal(rows.rows.length, 1);
    });
  });

  test("the SQL view's typed placeholder ($01, which Postgres reads as $1) with the text type Prisma gives it: rejected as written, accepted as fixed", async () => {
    const source = `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$queryRaw\`SELECT name FROM neon_auth."user" WHERE id = \${userId}\`;\n`;
    const [r] = hostStatements(source);
    assert.equal(r.sql, 'SELECT name FROM neon_auth."user" WHERE id = $01      ');
    assert.deepEqual(r.options, { paramTypes: [25] });
    await inRollback(db, async () => assert.equal((await pgErrorOf(() => db.query(r.sql, [ID], r.options))).code, '42883'));
    const [fixed] = hostStatements(fixAll(source, { language: 'typescript' }, false).text);
    assert.equal(fixed.sql, 'SELECT name FROM neon_auth."user" WHERE id = $01      ::uuid');
    await inRollback(db, async () => assert.equal((await db.query(fixed.sql, [ID], fixed.options)).rows.length, 1));
  });

  test("the view's placeholder of a Prisma ${…} the file shows is a number (as Prisma sends an integer, bigint): rejected as written (42883), and a ::uuid cast would be too (42846)", async () => {
    const source = `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconst n: number = 1;\nawait prisma.$queryRaw\`SELECT name FROM neon_auth."user" WHERE id = \${n}\`;\n`;
    const [r] = hostStatements(source);
    assert.equal(r.sql, 'SELECT name FROM neon_auth."user" WHERE id = $001');
    assert.deepEqual(r.options, { paramTypes: [20] });
    await inRollback(db, async () => assert.equal((await pgErrorOf(() => db.query(r.sql, [1], r.options))).code, '42883'));
    await inRollback(db, async () => assert.equal((await pgErrorOf(() => db.query(`${r.sql}::uuid`, [1], r.options))).code, '42846'));
    assert.equal(fixAll(source, { language: 'typescript' }, false).text, source);
  });

  test('the view writes $00n for a Prisma ${…} the file shows is a number, a bigint or a boolean (literals, operators, as number, a const, a parameter of the function around it typed so), $0n for one that may be a string', () => {
    const view = hostView(
      `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconst one = 1;\nconst two = one + 1;\nconst s = 'x';\nlet later = 2;\nconst { d } = obj;\n` +
        `function f(k: bigint, u: number | undefined, t: 1 | 2, q: number | string, w = 3) {\n  return prisma.$queryRaw\`SELECT \${one}, \${two}, \${k}, \${u}, \${t}, \${x as number}, \${!x}, \${s}, \${later}, \${d}, \${q}, \${w}, \${x as string}, \${glob} FROM neon_auth."user"\`;\n}\n` +
        `function g(k: string) {\n  return prisma.$queryRaw\`SELECT \${k}, \${one} FROM neon_auth."user"\`;\n}\n`,
      'typescript',
    );
    assert.deepEqual(
      view.regions.map((r) => r.substitutions.map((x) => view.sqlText.slice(x.start, x.end).trimEnd())),
      [
        ['$001', '$002', '$003', '$004', '$005', '$006', '$007', '$08', '$09', '$010', '$011', '$012', '$013', '$014'],
        ['$01', '$002'],
      ],
    );
  });

  test("the view marks only the values of Prisma's tags: not its fragments (Prisma.join, Prisma.sql), nor other libraries' values", () => {
    const view = hostView(
      `import { Prisma, PrismaClient } from '@prisma/client';\nimport { neon } from '@neondatabase/serverless';\nconst sql = neon(u);\nconst prisma = new PrismaClient();\nawait prisma.$queryRaw\`SELECT 1 FROM neon_auth."user" WHERE id IN (\${Prisma.join(ids)}) AND name = \${n}\`;\nawait sql\`SELECT 1 FROM neon_auth."user" WHERE id = \${id}\`;\n`,
      'typescript',
    );
    assert.deepEqual(
      view.regions.map((r) =>
        r.substitutions.map((s) => ({ value: s.value === true, typed: s.typed === true, shown: view.sqlText.slice(s.start, s.end).trimEnd() })),
      ),
      [
        [
          { value: false, typed: false, shown: '$1' },
          { value: true, typed: true, shown: '$02' },
        ],
        [{ value: true, typed: false, shown: '$1' }],
      ],
    );
  });
});

describe('SQL in TypeScript and JavaScript: the fixed SQL runs on Postgres', () => {
  let db: PGlite;
  before(async () => {
    db = await openFixtureDb();
  });
  after(async () => {
    await db?.close();
  });

  for (const c of cases.filter((x) => x.fixed !== undefined)) {
    test(c.name, async () => {
      const statements = hostStatements(c.fixed!, c.language ?? 'typescript');
      assert.ok(statements.length > 0);
      // (A region with an opaque `${…}` is not SQL as it stands: the library fills it in.)
      for (const { sql, params, options } of statements.filter((x) => !x.opaque)) {
        // The placeholders take NULLs (typed as the library types them): the statement must be one Postgres accepts as written.
        await inRollback(db, async () => {
          if (params.length === 0) await execOrExplain(db, sql, c.name);
          else await db.query(sql, params, options);
        });
      }
    });
  }
});
