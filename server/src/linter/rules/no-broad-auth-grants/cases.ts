import { RuleCase } from '../caseTypes';

const ADVICE = 'Grant only the columns the app needs (e.g. SELECT (id, name)) to an app role, or expose them through a view.';
const PUBLIC_ROLE = 'every role of the database (PUBLIC), including the Data API’s anonymous and authenticated roles,';

export const cases: RuleCase[] = [
  {
    name: 'reports SELECT on users_sync to PUBLIC as an error on PUBLIC',
    sql: `GRANT SELECT ON neon_auth.users_sync TO PUBLIC;`,
    findings: [
      {
        at: 'PUBLIC',
        messageId: 'broadGrant',
        message: `Granting SELECT on neon_auth.users_sync lets ${PUBLIC_ROLE} read every user's e-mail and raw_json (the auth provider's whole profile). ${ADVICE}`,
        severity: 'error',
        fixes: [],
      },
    ],
  },
  {
    name: 'reports a grant of the current user table to authenticated as a warning, and of session to it as an error, once per grantee',
    sql: `GRANT SELECT ON TABLE neon_auth."user" TO authenticated, app_user;
GRANT SELECT, UPDATE ON neon_auth."user", neon_auth.session TO authenticated;`,
    findings: [
      {
        at: 'authenticated',
        messageId: 'broadGrant',
        message: `Granting SELECT on neon_auth."user" lets every signed-in user of the Data API (role authenticated) read every user's e-mail, role and ban status. ${ADVICE}`,
        severity: 'warning',
        fixes: [],
      },
      {
        at: 'authenticated',
        messageId: 'broadGrant',
        nth: 1,
        message: `Granting SELECT, UPDATE on neon_auth."user", neon_auth.session lets every signed-in user of the Data API (role authenticated) read every user's e-mail, role and ban status; session tokens, with IP addresses and user agents (a token is a signed-in session). ${ADVICE}`,
        severity: 'error',
        fixes: [],
      },
    ],
  },
  {
    name: 'reports account, verification and jwks (sign-in secrets) to anonymous, whatever the privilege',
    sql: `GRANT INSERT ON neon_auth.account TO anonymous;
GRANT ALL PRIVILEGES ON neon_auth.verification, neon_auth.jwks TO GROUP anonymous WITH GRANT OPTION;`,
    findings: [
      {
        at: 'anonymous',
        messageId: 'broadGrant',
        message: `Granting INSERT on neon_auth.account lets anyone who calls the Data API without signing in (role anonymous) change password hashes and OAuth access, refresh and id tokens. ${ADVICE}`,
        severity: 'error',
        fixes: [],
      },
      {
        at: 'anonymous',
        messageId: 'broadGrant',
        nth: 1,
        message: `Granting ALL on neon_auth.verification, neon_auth.jwks lets anyone who calls the Data API without signing in (role anonymous) read e-mail verification and password reset tokens; the private keys Neon Auth signs its JWTs with. ${ADVICE}`,
        severity: 'error',
        fixes: [],
      },
    ],
  },
  {
    name: 'reports schema-wide grants and default privileges in neon_auth',
    sql: `GRANT SELECT ON ALL TABLES IN SCHEMA neon_auth TO authenticated;
ALTER DEFAULT PRIVILEGES IN SCHEMA neon_auth GRANT SELECT ON TABLES TO public;`,
    findings: [
      {
        at: 'authenticated',
        messageId: 'broadGrant',
        message: `Granting SELECT on every table in schema neon_auth lets every signed-in user of the Data API (role authenticated) read every user's e-mail and, in current Neon Auth, password hashes, OAuth tokens, session tokens and JWT signing keys. ${ADVICE}`,
        severity: 'error',
        fixes: [],
      },
      {
        at: 'public',
        messageId: 'broadGrant',
        message: `Granting SELECT on tables created in schema neon_auth from now on lets ${PUBLIC_ROLE} read`,
        severity: 'error',
        fixes: [],
      },
    ],
  },
  {
    name: 'reports a column grant that includes a private column (email)',
    sql: `GRANT SELECT (id, email) ON neon_auth.users_sync TO authenticated;`,
    findings: [
      {
        at: 'authenticated',
        messageId: 'broadGrant',
        message: 'Granting SELECT on neon_auth.users_sync lets every signed-in user',
        severity: 'warning',
        fixes: [],
      },
    ],
  },
  {
    name: 'reports writing public profile columns (UPDATE (name), INSERT (id, name)): the role could rename or add users',
    sql: `GRANT UPDATE (name) ON neon_auth."user" TO authenticated;
GRANT INSERT (id, name) ON neon_auth.users_sync TO anonymous;`,
    findings: [
      {
        at: 'authenticated',
        messageId: 'broadGrant',
        message: `Granting UPDATE on neon_auth."user" lets every signed-in user of the Data API (role authenticated) change name of every row of neon_auth."user". ${ADVICE}`,
        severity: 'warning',
        fixes: [],
      },
      {
        at: 'anonymous',
        messageId: 'broadGrant',
        message: 'Granting INSERT on neon_auth.users_sync lets anyone who calls the Data API without signing in (role anonymous) change',
        severity: 'error',
        fixes: [],
      },
    ],
  },
  {
    name: 'accepts public profile columns to a broad role, grants to an app role, REVOKE, USAGE on the schema and grants on other tables',
    sql: `GRANT SELECT (id, name) ON neon_auth.users_sync TO authenticated;
GRANT SELECT (id, name, image) ON neon_auth."user" TO anonymous;
GRANT SELECT ON neon_auth.users_sync, neon_auth.account TO app_user;
REVOKE ALL ON neon_auth.users_sync FROM PUBLIC;
GRANT USAGE ON SCHEMA neon_auth TO authenticated;
GRANT SELECT ON ALL TABLES IN SCHEMA app TO authenticated;
GRANT SELECT ON app.todos TO PUBLIC;
GRANT REFERENCES ON neon_auth.users_sync TO PUBLIC;`,
    findings: [],
  },
  {
    name: 'reports a grant on an unqualified "user" that SET search_path resolves to neon_auth, naming the table',
    sql: `SET search_path TO neon_auth, public;
GRANT SELECT ON "user" TO PUBLIC;`,
    findings: [
      {
        at: 'PUBLIC',
        messageId: 'broadGrant',
        message: `Granting SELECT on neon_auth."user" lets ${PUBLIC_ROLE} read every user's e-mail, role and ban status. ${ADVICE}`,
        severity: 'error',
        fixes: [],
      },
    ],
  },
  {
    name: 'is silent on a grant on the app\'s own unqualified "user" under the default search path',
    sql: `CREATE TABLE "user" (id serial PRIMARY KEY, email text);
GRANT SELECT ON "user" TO PUBLIC;`,
    findings: [],
  },
];
