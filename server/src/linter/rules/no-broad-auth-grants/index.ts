import { AUTH_SCHEMAS } from '../../catalog';
import { namedManagedTable, StatementModel } from '../../model';
import { NamedSpan, TableGrant, tableGrantOf } from '../../grants';
import { Severity } from '../../types';
import { defineRule } from '../rule';

const ID = 'no-broad-auth-grants';

/**
 * Roles a grant reaches far beyond the app: `PUBLIC` (every role, present and future) and the
 * roles of Neon's Data API, `anonymous` (requests without a token) and `authenticated` (every
 * signed-in user).
 */
const BROAD_ROLES: Record<string, string> = {
  public: 'every role of the database (PUBLIC), including the Data API’s anonymous and authenticated roles,',
  anonymous: 'anyone who calls the Data API without signing in (role anonymous)',
  authenticated: 'every signed-in user of the Data API (role authenticated)',
};

/** Privileges that read or change a table's rows. */
const DATA_PRIVILEGES = new Set(['select', 'insert', 'update', 'delete', 'truncate', 'all']);

/** What each Neon Auth table holds that must not leak, per Neon's Neon Auth schemas (legacy Stack Auth sync, current Better Auth). */
const CONTENTS: Record<string, { what: string; secret: boolean; profile: readonly string[] }> = {
  users_sync: { what: "every user's e-mail and raw_json (the auth provider's whole profile)", secret: false, profile: ['id', 'name'] },
  user: { what: "every user's e-mail, role and ban status", secret: false, profile: ['id', 'name', 'image'] },
  session: { what: 'session tokens, with IP addresses and user agents (a token is a signed-in session)', secret: true, profile: [] },
  account: { what: 'password hashes and OAuth access, refresh and id tokens', secret: true, profile: [] },
  verification: { what: 'e-mail verification and password reset tokens', secret: true, profile: [] },
  jwks: { what: 'the private keys Neon Auth signs its JWTs with', secret: true, profile: [] },
};
/** What the whole `neon_auth` schema holds (either generation's tables). */
const SCHEMA_CONTENTS = "every user's e-mail and, in current Neon Auth, password hashes, OAuth tokens, session tokens and JWT signing keys";
const OTHER_TABLE = { what: 'data Neon Auth keeps about users and organizations', secret: false, profile: [] as readonly string[] };

/** The exposed Neon Auth objects of a grant: display names, and whether any holds secrets. */
function exposedObjects(grant: TableGrant, model: StatementModel): { names: string[]; secret: boolean; what: string[] } {
  const names: string[] = [];
  const what: string[] = [];
  let secret = false;
  for (const t of grant.tables) {
    const table = namedManagedTable(model, t.schema, t.name);
    if (!table) continue;
    const contents = CONTENTS[table.name] ?? OTHER_TABLE;
    const privileges = grant.privileges.filter((p) => DATA_PRIVILEGES.has(p.name));
    // Reading public profile columns only (`SELECT (id, name)`) exposes nothing private; writing
    // them (`UPDATE (name)`) lets the role rename every user, so only SELECT is exempt.
    if (
      privileges.length === 0 ||
      privileges.every((p) => p.name === 'select' && p.columns !== undefined && p.columns.every((c) => contents.profile.includes(c)))
    )
      continue;
    names.push(table.display);
    // A column grant exposes those columns only: say which.
    const columns = privileges.every((p) => p.columns !== undefined) ? [...new Set(privileges.flatMap((p) => p.columns ?? []))] : undefined;
    what.push(columns ? `${columns.join(', ')} of every row of ${table.display}` : contents.what);
    secret ||= contents.secret;
  }
  for (const s of grant.schemas) {
    if (!AUTH_SCHEMAS.includes(s.name) || !grant.privileges.some((p) => DATA_PRIVILEGES.has(p.name))) continue;
    names.push(grant.kind === 'default' ? `tables created in schema ${s.name} from now on` : `every table in schema ${s.name}`);
    what.push(s.name === 'neon_identity' ? CONTENTS.users_sync.what : SCHEMA_CONTENTS);
    secret ||= s.name === 'neon_auth';
  }
  return { names, secret, what };
}

/**
 * `no-broad-auth-grants`: a grant on a table Neon Auth manages to `PUBLIC` or to the Data API's
 * `anonymous` / `authenticated` roles lets far more than the app read (or change) users' personal
 * data and, for the current generation's `session`, `account`, `verification` and `jwks`, the
 * secrets that sign users in. Per the Postgres docs on GRANT (PUBLIC is every role) and Neon's
 * Data API (requests run as `anonymous` or `authenticated`). No fix: what to grant instead (a view,
 * a column list, an app role) is a design decision.
 */
export const noBroadAuthGrants = defineRule({
  meta: {
    id: ID,
    description:
      "A grant on a Neon Auth table (or schema) to PUBLIC or to the Data API's anonymous/authenticated roles exposes every user's personal data or sign-in secrets.",
    defaultSeverity: 'warning',
    fix: 'none',
    overview: {
      reports:
        "`GRANT` of `SELECT`/`INSERT`/`UPDATE`/`DELETE`/`TRUNCATE`/`ALL` on a Neon Auth table, `ON ALL TABLES IN SCHEMA neon_auth` or `ALTER DEFAULT PRIVILEGES IN SCHEMA neon_auth` to `PUBLIC`, `anonymous` or `authenticated` (Neon's Data API roles); **error** for `PUBLIC`/`anonymous` and for tables with secrets (`session`, `account`, `verification`, `jwks`). A `SELECT` of public profile columns only (`SELECT (id, name)`), a grant to an app role, or one a later `REVOKE` of the file or of a later migration takes back from that grantee is fine",
      fixes: 'none',
    },
  },
  messages: {
    /** `{access}`: `read` when a privilege reads (SELECT, ALL), else `change`; `{exposed}`: what the objects hold, `; `-separated. */
    broadGrant:
      'Granting {privileges} on {objects} lets {role} {access} {exposed}. Grant only the columns the app needs (e.g. SELECT (id, name)) to an app role, or expose them through a view.',
  },
  lexical: true,
  check(ctx) {
    const grant = tableGrantOf(ctx.sig);
    if (!grant) return;
    const exposed = exposedObjects(grant, ctx.model);
    if (exposed.names.length === 0) return;
    const privileges = [...new Set(grant.privileges.filter((p) => DATA_PRIVILEGES.has(p.name)).map((p) => p.name.toUpperCase()))].join(', ');
    const reads = grant.privileges.some((p) => p.name === 'select' || p.name === 'all');
    for (const grantee of grant.grantees.filter((g: NamedSpan) => BROAD_ROLES[g.name] !== undefined)) {
      const severity: Severity = exposed.secret || grantee.name !== 'authenticated' ? 'error' : 'warning';
      ctx.report({
        messageId: 'broadGrant',
        data: {
          privileges,
          objects: exposed.names.join(', '),
          role: BROAD_ROLES[grantee.name],
          access: reads ? 'read' : 'change',
          exposed: exposed.what.join('; '),
        },
        start: grantee.start,
        end: grantee.end,
        fixes: [],
        severity,
      });
    }
  },
});
