/**
 * Held-out evaluation set (test/fixtures/heldout/): realistic SQL files of both Neon Auth
 * generations, with the findings expected from the facts (written before the linter was run on
 * them) in test/fixtures/heldout/expected.json.
 *
 * 1. One test per file: the exact multiset of (rule, 1-based line) the CLI reports equals the
 *    expected one.
 * 2. One test: every file runs on real Postgres (PGlite) with the Neon Auth tables of both
 *    generations and the app tables it needs, before (unless listed in `rejectedBeforeFix`) and
 *    after `--fix` was applied to a temporary copy.
 *
 * Compiled by `tsc -p .` into out/test/ and run by `node --test out/`. NEON_AUTH_CLI=<path> runs
 * another bundle instead of dist/cli.js.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const root = path.resolve(__dirname, '../..');
const cli = process.env.NEON_AUTH_CLI ? path.resolve(process.env.NEON_AUTH_CLI) : path.join(root, 'dist', 'cli.js');
const heldoutDir = path.join(root, 'test', 'fixtures', 'heldout');

interface Expected {
  findings: Record<string, [rule: string, line: number][]>;
  rejectedBeforeFix: { file: string; code: string; why: string }[];
}
const expected = JSON.parse(fs.readFileSync(path.join(heldoutDir, 'expected.json'), 'utf8')) as Expected;

interface JsonDiagnostic {
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface JsonFile {
  file: string;
  diagnostics: JsonDiagnostic[];
}

function runCli(args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sortPairs(pairs: [string, number][]): [string, number][] {
  return [...pairs].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

// ---------------------------------------------------------------------------------------------
// 1. Findings per file.

for (const [file, pairs] of Object.entries(expected.findings)) {
  test(`held-out findings: ${file}`, () => {
    const rel = path.join('test', 'fixtures', 'heldout', file);
    const r = runCli(['--format', 'json', rel]);
    assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}\n${r.stderr}`);
    const files = JSON.parse(r.stdout) as JsonFile[];
    assert.equal(files.length, 1, r.stdout);
    const actual = files[0].diagnostics.map((d): [string, number] => [d.rule, d.range.start.line + 1]);
    assert.deepEqual(sortPairs(actual), sortPairs(pairs));
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Every file runs on Postgres, before and after --fix.

/** Neon Auth as the notes describe it: legacy users_sync (also under neon_identity), the current
 * Better Auth tables, pg_session_jwt's auth.user_id() (text) and auth.uid() (uuid), Neon's roles,
 * and a few users present in both generations with the same ids. */
const NEON_AUTH_SETUP = String.raw`
CREATE ROLE authenticated;
CREATE ROLE anonymous;
CREATE ROLE neondb_owner;

CREATE SCHEMA neon_auth;
CREATE TABLE neon_auth.users_sync (
  raw_json jsonb NOT NULL,
  id text PRIMARY KEY GENERATED ALWAYS AS (raw_json ->> 'id') STORED,
  name text GENERATED ALWAYS AS (raw_json ->> 'display_name') STORED,
  email text GENERATED ALWAYS AS (raw_json ->> 'primary_email') STORED,
  created_at timestamptz GENERATED ALWAYS AS
    (to_timestamp(trunc(((raw_json ->> 'signed_up_at_millis')::bigint)::double precision / 1000))) STORED,
  updated_at timestamptz,
  deleted_at timestamptz
);
CREATE INDEX users_sync_deleted_at_idx ON neon_auth.users_sync (deleted_at);

CREATE SCHEMA neon_identity;
CREATE TABLE neon_identity.users_sync (LIKE neon_auth.users_sync INCLUDING ALL);

CREATE TABLE neon_auth."user" (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  "emailVerified" boolean NOT NULL,
  image text,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  role text,
  banned boolean,
  "banReason" text,
  "banExpires" timestamptz
);
CREATE TABLE neon_auth.session (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "expiresAt" timestamptz NOT NULL,
  token text NOT NULL UNIQUE,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "ipAddress" text,
  "userAgent" text,
  "userId" uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE,
  "impersonatedBy" text,
  "activeOrganizationId" text
);
CREATE TABLE neon_auth.account (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "accountId" text NOT NULL,
  "providerId" text NOT NULL,
  "userId" uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE,
  "accessToken" text,
  "refreshToken" text,
  "idToken" text,
  "accessTokenExpiresAt" timestamptz,
  "refreshTokenExpiresAt" timestamptz,
  scope text,
  password text,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE neon_auth.verification (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  identifier text NOT NULL,
  value text NOT NULL,
  "expiresAt" timestamptz NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE neon_auth.jwks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "publicKey" text NOT NULL,
  "privateKey" text NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expiresAt" timestamptz
);
CREATE TABLE neon_auth.organization (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  logo text,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  metadata text
);
CREATE TABLE neon_auth.member (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "organizationId" uuid NOT NULL REFERENCES neon_auth.organization(id) ON DELETE CASCADE,
  "userId" uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE,
  role text NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE neon_auth.invitation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "organizationId" uuid NOT NULL REFERENCES neon_auth.organization(id) ON DELETE CASCADE,
  email text NOT NULL,
  role text,
  status text NOT NULL,
  "expiresAt" timestamptz NOT NULL,
  "inviterId" uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE neon_auth.project_config (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  endpoint_id text NOT NULL,
  "createdAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE SCHEMA auth;
CREATE FUNCTION auth.user_id() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('neon.user_id', true), '') $$;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT auth.user_id()::uuid $$;

INSERT INTO neon_auth.users_sync (raw_json, deleted_at) VALUES
  ('{"id": "0b9f3c1e-6a51-4e8c-9d2f-1f5e2a7c4b10", "display_name": "Ada", "primary_email": "ada@example.com", "signed_up_at_millis": 1740000000000}', NULL),
  ('{"id": "5d2c7a90-3e4b-4f1a-8c6d-9b0e1f2a3c4d", "display_name": "Linus", "primary_email": "linus@example.com", "signed_up_at_millis": 1740100000000}', NULL),
  ('{"id": "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a", "display_name": "Gone", "primary_email": "gone@example.com", "signed_up_at_millis": 1740200000000}', now());
INSERT INTO neon_identity.users_sync (raw_json) SELECT raw_json FROM neon_auth.users_sync;
INSERT INTO neon_auth."user" (id, name, email, "emailVerified") VALUES
  ('0b9f3c1e-6a51-4e8c-9d2f-1f5e2a7c4b10', 'Ada', 'ada@example.com', true),
  ('5d2c7a90-3e4b-4f1a-8c6d-9b0e1f2a3c4d', 'Linus', 'linus@example.com', false);
`;

/** App tables (and rows) a file expects to exist already, keyed by file. */
const APP_SETUP: Record<string, string> = {
  'legacy/queries.sql': `
    CREATE TABLE posts (
      id serial PRIMARY KEY, title text NOT NULL, content text,
      author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
      author_name_cache text, created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE todos (
      id serial PRIMARY KEY, task text NOT NULL, is_complete boolean NOT NULL DEFAULT false,
      user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
      inserted_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE comments (
      id bigserial PRIMARY KEY, post_id integer NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
      author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
      body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());`,
  'legacy/support_user_report.psql.sql': `
    CREATE TABLE todos (
      id serial PRIMARY KEY, task text NOT NULL, is_complete boolean NOT NULL DEFAULT false,
      user_id text NOT NULL REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE,
      inserted_at timestamptz NOT NULL DEFAULT now());
    INSERT INTO todos (task, user_id) VALUES ('write report', '0b9f3c1e-6a51-4e8c-9d2f-1f5e2a7c4b10');`,
  'current/0007_move_to_better_auth.sql': `
    CREATE TABLE todos (
      id serial PRIMARY KEY, task text NOT NULL,
      user_id text NOT NULL CONSTRAINT todos_user_id_fkey REFERENCES neon_auth.users_sync(id) ON DELETE CASCADE);
    CREATE TABLE posts (
      id serial PRIMARY KEY, title text NOT NULL,
      author_id text CONSTRAINT posts_author_id_fkey REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now());
    CREATE VIEW post_feed AS
      SELECT p.id, p.title, u.name AS author_name FROM posts p
      LEFT JOIN neon_auth.users_sync u ON u.id = p.author_id WHERE u.deleted_at IS NULL;
    INSERT INTO todos (task, user_id) VALUES
      ('one', '0b9f3c1e-6a51-4e8c-9d2f-1f5e2a7c4b10'), ('two', '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a');
    INSERT INTO posts (title, author_id) VALUES
      ('hello', '5d2c7a90-3e4b-4f1a-8c6d-9b0e1f2a3c4d'), ('orphan', NULL);`,
  'current/api_queries.sql': `
    CREATE TABLE "Post" (
      "id" text PRIMARY KEY, "title" text NOT NULL, "content" text, "status" text NOT NULL DEFAULT 'DRAFT',
      "authorId" uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE RESTRICT ON UPDATE CASCADE,
      "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" timestamp(3) NOT NULL);
    CREATE TABLE "Comment" (
      "id" serial PRIMARY KEY, "body" text NOT NULL,
      "postId" text NOT NULL REFERENCES "Post"(id) ON DELETE CASCADE ON UPDATE CASCADE,
      "authorId" uuid REFERENCES neon_auth."user"(id) ON DELETE SET NULL ON UPDATE CASCADE,
      "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);`,
};

/** One piece of a psql script: SQL to run, SQL to PREPARE (it has $n parameters), or COPY data. */
type Piece = { kind: 'sql'; sql: string } | { kind: 'prepare'; sql: string } | { kind: 'copy'; sql: string; data: string };

function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * Reads a file the way psql does, enough for these fixtures: statements end at `;` or at a
 * `\g`/`\gx` meta-command outside quotes and comments; `\set` defines variables that `:name`,
 * `:'name'` and `:"name"` interpolate; other meta-commands are ignored; `COPY … FROM stdin` takes
 * the following lines up to `\.` as its data. Statements with `$n` parameters are PREPAREd (parsed
 * and analysed by Postgres, not executed).
 */
function psqlPieces(text: string): Piece[] {
  const vars = new Map<string, string>();
  const pieces: Piece[] = [];
  let stmt = '';
  let hasParam = false;
  let i = 0;
  const n = text.length;
  const isIdent = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);

  const finish = (): void => {
    const sql = stmt.trim();
    stmt = '';
    const param = hasParam;
    hasParam = false;
    if (!/\S/.test(sql.replace(/--[^\n]*/g, ''))) return;
    if (/^\s*COPY\b[\s\S]*\bFROM\s+stdin\b/i.test(sql.replace(/^(--[^\n]*\n\s*)+/, ''))) {
      // Data follows on the next line (after the terminating ';' line).
      const nl = text.indexOf('\n', i);
      let pos = nl < 0 ? n : nl + 1;
      const lines: string[] = [];
      while (pos < n) {
        const end = text.indexOf('\n', pos);
        const line = text.slice(pos, end < 0 ? n : end);
        pos = end < 0 ? n : end + 1;
        if (line === '\\.') break;
        lines.push(line);
      }
      i = pos;
      pieces.push({ kind: 'copy', sql, data: lines.map((l) => l + '\n').join('') });
      return;
    }
    pieces.push({ kind: param ? 'prepare' : 'sql', sql });
  };

  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    // Line comment.
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      stmt += text.slice(i, stop);
      i = stop;
      continue;
    }
    // Block comment (nested).
    if (c === '/' && next === '*') {
      let depth = 0;
      let j = i;
      while (j < n) {
        if (text[j] === '/' && text[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (text[j] === '*' && text[j + 1] === '/') {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      stmt += text.slice(i, j);
      i = j;
      continue;
    }
    // String literal (E'' with backslash escapes).
    if (c === "'") {
      const escapes = /[eE]/.test(text[i - 1] ?? '') && !isIdent(text[i - 2]);
      let j = i + 1;
      while (j < n) {
        if (escapes && text[j] === '\\') j += 2;
        else if (text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === "'") break;
        else j++;
      }
      stmt += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    // Quoted identifier.
    if (c === '"') {
      let j = i + 1;
      while (j < n) {
        if (text[j] === '"' && text[j + 1] === '"') j += 2;
        else if (text[j] === '"') break;
        else j++;
      }
      stmt += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    // Dollar quote, or a $n parameter.
    if (c === '$' && !isIdent(text[i - 1])) {
      const param = /^\$[0-9]+/.exec(text.slice(i));
      if (param) {
        hasParam = true;
        stmt += param[0];
        i += param[0].length;
        continue;
      }
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        const stop = close < 0 ? n : close + tag[0].length;
        stmt += text.slice(i, stop);
        i = stop;
        continue;
      }
    }
    // psql variable.
    if (c === ':' && next !== ':' && text[i - 1] !== ':') {
      const m = /^:(?:'([A-Za-z_][A-Za-z0-9_]*)'|"([A-Za-z_][A-Za-z0-9_]*)"|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
      const name = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
      if (m && name !== undefined && vars.has(name)) {
        const value = vars.get(name) as string;
        stmt += m[1] !== undefined ? quoteLiteral(value) : m[2] !== undefined ? quoteIdent(value) : value;
        i += m[0].length;
        continue;
      }
    }
    // Meta-command: to the end of the line.
    if (c === '\\') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      const meta = text.slice(i + 1, stop).trim();
      i = stop;
      const [cmd, ...args] = meta.split(/\s+/);
      if (cmd === 'g' || cmd === 'gx') finish();
      else if (cmd === 'set' && args.length >= 1) {
        const raw = args.slice(1).join(' ');
        vars.set(args[0], raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw);
      }
      continue;
    }
    if (c === ';') {
      stmt += c;
      i++;
      finish();
      continue;
    }
    stmt += c;
    i++;
  }
  finish();
  return pieces;
}

async function runScript(db: PGlite, text: string, label: string): Promise<void> {
  let k = 0;
  for (const piece of psqlPieces(text)) {
    try {
      if (piece.kind === 'sql') await db.exec(piece.sql);
      else if (piece.kind === 'prepare') await db.exec(`PREPARE heldout_${k++} AS ${piece.sql.replace(/;\s*$/, '')}`);
      else {
        const sql = piece.sql.replace(/\bFROM\s+stdin\b/i, "FROM '/dev/blob'");
        await db.query(sql, [], { blob: new Blob([piece.data]) });
      }
    } catch (e) {
      const err = e as Error & { code?: string };
      throw new Error(`${label}: ${err.code ?? ''} ${err.message}\n--- statement ---\n${piece.sql}`);
    }
  }
}

async function freshDb(file: string): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  await db.exec(NEON_AUTH_SETUP);
  const app = APP_SETUP[file];
  if (app) await db.exec(app);
  return db;
}

test('held-out files run on Postgres (PGlite) before and after --fix', async (t) => {
  const rejected = new Map(expected.rejectedBeforeFix.map((r) => [r.file, r.code]));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-heldout-'));
  try {
    for (const file of Object.keys(expected.findings)) {
      await t.test(file, async () => {
        const original = fs.readFileSync(path.join(heldoutDir, file), 'utf8');
        const db0 = await freshDb(file);
        try {
          const code = rejected.get(file);
          if (code === undefined) await runScript(db0, original, `${file} (before --fix)`);
          // Listed as rejected: make sure Postgres really rejects it, with the SQLSTATE given.
          else await assert.rejects(runScript(db0, original, `${file} (before --fix)`), new RegExp(`\\(before --fix\\): ${code} `));
        } finally {
          await db0.close();
        }
        const copy = path.join(tmp, file);
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.writeFileSync(copy, original);
        const r = runCli(['--fix', '--unsafe-fixes', '--format', 'json', copy], tmp);
        assert.ok(r.code === 0 || r.code === 1, `--fix exit code ${r.code}\n${r.stderr}`);
        const fixed = fs.readFileSync(copy, 'utf8');
        const db = await freshDb(file);
        try {
          await runScript(db, fixed, `${file} (after --fix)`);
        } finally {
          await db.close();
        }
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
