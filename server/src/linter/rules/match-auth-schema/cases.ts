import { RuleCase } from '../caseTypes';
import { drizzleCases } from './drizzle.cases';

const NOT_IN_CURRENT = 'neon_auth.users_sync does not exist in current Neon Auth (Better Auth): use neon_auth."user" (uuid id, hard delete)';
const NOT_IN_LEGACY = 'neon_auth."user" does not exist in legacy Neon Auth (Stack Auth): use neon_auth.users_sync (text id, soft delete with deleted_at)';

export const cases: RuleCase[] = [
  {
    name: 'with authSchema "current", warns on every reference to users_sync',
    options: { authSchema: 'current' },
    sql: `SELECT u.name FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
CREATE TABLE notes (id serial PRIMARY KEY, author_id text REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);`,
    findings: [
      { at: 'neon_auth.users_sync', messageId: 'otherGeneration', message: NOT_IN_CURRENT, severity: 'warning', fixes: [] },
      { at: 'neon_auth.users_sync', messageId: 'otherGeneration', nth: 1, message: NOT_IN_CURRENT, fixes: [] },
    ],
  },
  {
    name: 'with authSchema "current", covers quoted names and the early-access neon_identity schema',
    options: { authSchema: 'current' },
    sql: `SELECT a.email, b.email FROM "neon_auth"."users_sync" a LEFT JOIN neon_identity.users_sync b ON b.id = a.id WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL;`,
    findings: [
      { at: '"neon_auth"."users_sync"', messageId: 'otherGeneration', message: 'does not exist in current Neon Auth (Better Auth)', fixes: [] },
      { at: 'neon_identity.users_sync', messageId: 'otherGeneration', message: 'neon_identity.users_sync does not exist in current Neon Auth', fixes: [] },
    ],
  },
  {
    name: 'with authSchema "legacy", warns on a reference to neon_auth."user"',
    options: { authSchema: 'legacy' },
    sql: `CREATE TABLE projects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE);`,
    findings: [{ at: 'neon_auth."user"', messageId: 'otherGeneration', message: NOT_IN_LEGACY, severity: 'warning', fixes: [] }],
  },
  {
    name: 'with authSchema "legacy", warns on neon_auth."user" in a statement the parser rejects',
    options: { authSchema: 'legacy' },
    sql: `CREATE POLICY todos_verified ON app.todos FOR SELECT USING (EXISTS (SELECT 1 FROM neon_auth."user" g WHERE g."emailVerified"));`,
    parserMayReject: true,
    findings: [{ at: 'neon_auth."user"', messageId: 'otherGeneration', message: NOT_IN_LEGACY, fixes: [] }],
  },
  {
    name: 'with authSchema "current", warns on an unqualified users_sync that SET search_path resolves to neon_auth: a read, a foreign key, a write and a grant',
    options: { authSchema: 'current' },
    sql: `SET search_path TO neon_auth, public;
SELECT u.name FROM users_sync u WHERE u.deleted_at IS NULL;
CREATE TABLE public.notes (id serial PRIMARY KEY, author_id text REFERENCES users_sync(id) ON DELETE SET NULL);
UPDATE users_sync SET raw_json = '{}' WHERE false;
GRANT SELECT ON users_sync TO PUBLIC;`,
    findings: [
      { at: 'users_sync', messageId: 'otherGeneration', message: NOT_IN_CURRENT, fixes: [] },
      { at: 'users_sync', nth: 1, messageId: 'otherGeneration', message: NOT_IN_CURRENT, fixes: [] },
      { at: 'users_sync', nth: 2, messageId: 'otherGeneration', message: NOT_IN_CURRENT, fixes: [] },
      { at: 'users_sync', nth: 3, messageId: 'otherGeneration', message: NOT_IN_CURRENT, fixes: [] },
    ],
  },
  {
    name: 'with authSchema "current", accepts an unqualified users_sync that is a CTE, a column, or a table the search path does not resolve to neon_auth',
    options: { authSchema: 'current' },
    sql: `CREATE TABLE public.users_sync (id text PRIMARY KEY, name text);
SELECT name FROM users_sync;
SET search_path TO neon_auth, public;
WITH users_sync AS (SELECT g.id, g.name FROM neon_auth."user" g) SELECT name FROM users_sync;
SELECT n.id AS users_sync FROM public.users_sync n;`,
    findings: [],
  },
  {
    name: 'detecting the generation, counts an unqualified "user" that SET search_path resolves to neon_auth (one reference to each generation: the later one is reported)',
    sql: `SET search_path TO neon_auth, public;
SELECT u.name FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
CREATE TABLE public.projects (id serial PRIMARY KEY, owner_id uuid REFERENCES "user"(id) ON DELETE CASCADE);`,
    findings: [
      { at: '"user"', messageId: 'mixed', message: 'This file mixes both Neon Auth generations: 1 reference(s) to legacy', severity: 'info', fixes: [] },
    ],
  },
  {
    name: 'detecting the generation, reports a file that mixes both once, as information, on the first reference of the generation it uses less',
    sql: `SELECT u.name FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
SELECT g.name FROM neon_auth."user" g;
SELECT s.token FROM neon_auth.session s;
SELECT n.email FROM neon_auth.users_sync n WHERE n.deleted_at IS NULL;
SELECT count(*) FROM neon_auth.users_sync WHERE deleted_at IS NULL;`,
    findings: [
      {
        at: 'neon_auth."user"',
        messageId: 'mixed',
        message: 'This file mixes both Neon Auth generations: 3 reference(s) to legacy',
        severity: 'info',
        fixes: [],
      },
    ],
  },
  {
    name: 'detecting the generation, on a tie reports the first reference of the generation the file references later',
    sql: `CREATE TABLE accounts_map (user_uuid uuid PRIMARY KEY REFERENCES neon_auth."user"(id) ON DELETE CASCADE, legacy_id text UNIQUE REFERENCES neon_auth.users_sync(id) ON DELETE SET NULL);`,
    findings: [{ at: 'neon_auth.users_sync', messageId: 'mixed', message: 'mixes both Neon Auth generations', severity: 'info', fixes: [] }],
  },
  {
    name: 'accepts a file that uses one generation, detected or forced',
    sql: `SELECT g.name, s.token FROM neon_auth."user" g JOIN neon_auth.session s ON s."userId" = g.id;`,
    findings: [],
  },
  {
    name: 'accepts the current tables with authSchema "current", and other tables of neon_auth',
    options: { authSchema: 'current' },
    sql: `SELECT g.email FROM neon_auth."user" g;
SELECT count(*) FROM neon_auth.session;
CREATE TABLE memberships (user_id uuid NOT NULL REFERENCES neon_auth."user"(id) ON DELETE CASCADE);`,
    findings: [],
  },
  {
    name: 'accepts users_sync with authSchema "legacy", and a quoted dotted name (another table) in any mode',
    options: { authSchema: 'legacy' },
    sql: `SELECT u.email FROM neon_auth.users_sync u WHERE u.deleted_at IS NULL;
CREATE TABLE "neon_auth.user" (id uuid PRIMARY KEY);`,
    findings: [],
  },
  ...drizzleCases,
];
