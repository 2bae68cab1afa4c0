/**
 * Built-in description of the Neon Auth user tables of both generations.
 * Source: Neon's docs ("Neon Auth: how it works", "best practices") and `pg_dump` output of Neon
 * databases, collected in the project's notes on Neon Auth schemas.
 */

export type AuthGeneration = 'legacy' | 'current';

/**
 * The generation Neon gives a new project (projects made before late 2025 have the legacy one):
 * what snippets are written for when neither the setting nor the file says.
 */
export const NEW_PROJECT_GENERATION: AuthGeneration = 'current';

export interface AuthColumn {
  /** The column's real (folded or quoted) name. */
  name: string;
  /** SQL type as Postgres prints it. */
  type: string;
  notNull: boolean;
  /** How the column is filled. */
  filledBy: string;
  /** True for `GENERATED ALWAYS AS (…) STORED` columns, which cannot be written (SQLSTATE 428C9). */
  generated?: boolean;
}

export interface AuthTable {
  generation: AuthGeneration;
  /** Schemas the table lives in; the first is the current name. */
  schemas: string[];
  name: string;
  /** How to write the table's name in SQL. */
  display: string;
  summary: string;
  columns: AuthColumn[];
}

export const LEGACY_USERS: AuthTable = {
  generation: 'legacy',
  schemas: ['neon_auth', 'neon_identity'],
  name: 'users_sync',
  display: 'neon_auth.users_sync',
  summary:
    'Legacy Neon Auth (Stack Auth based) user table, a read-only replica synced **asynchronously** from the auth provider: ' +
    'a new user usually appears within a second, so rows that reference a brand-new user may have no match yet. ' +
    'Users are **soft-deleted**: `deleted_at` is set and the row stays, so queries must filter `deleted_at IS NULL`. ' +
    'The `id` is **TEXT**: foreign key columns that reference it must be `text` (a `uuid` column is rejected, SQLSTATE 42804). ' +
    'Do not write, alter or re-create this table; Neon manages it. (The early-access schema name was `neon_identity`.)',
  columns: [
    { name: 'raw_json', type: 'jsonb', notNull: true, filledBy: 'written by the sync: the user object from the auth provider' },
    { name: 'id', type: 'text', notNull: true, generated: true, filledBy: "primary key, `GENERATED ALWAYS AS (raw_json ->> 'id') STORED`" },
    { name: 'name', type: 'text', notNull: false, generated: true, filledBy: "generated from `raw_json ->> 'display_name'`" },
    { name: 'email', type: 'text', notNull: false, generated: true, filledBy: "generated from `raw_json ->> 'primary_email'`" },
    { name: 'created_at', type: 'timestamp with time zone', notNull: false, generated: true, filledBy: 'generated from `signed_up_at_millis` in `raw_json`' },
    { name: 'updated_at', type: 'timestamp with time zone', notNull: false, filledBy: 'set by the sync when the user changes' },
    {
      name: 'deleted_at',
      type: 'timestamp with time zone',
      notNull: false,
      filledBy: 'set by the sync when the user is deleted: the **soft delete** marker (indexed); NULL for live users',
    },
  ],
};

export const CURRENT_USERS: AuthTable = {
  generation: 'current',
  schemas: ['neon_auth'],
  name: 'user',
  display: 'neon_auth."user"',
  summary:
    'Current Neon Auth (Better Auth based) user table. Users are written directly (no sync lag) and deleting a user ' +
    '**deletes the row** (hard delete; no `deleted_at`). The `id` is **uuid**: foreign key columns that reference it must be `uuid`. ' +
    '`user` is a reserved word, so the name must be quoted; camelCase columns must be quoted too (`"createdAt"`).',
  columns: [
    { name: 'id', type: 'uuid', notNull: true, filledBy: 'primary key, default `gen_random_uuid()`' },
    { name: 'name', type: 'text', notNull: true, filledBy: 'set by Neon Auth from sign-up' },
    { name: 'email', type: 'text', notNull: true, filledBy: 'unique; set by Neon Auth' },
    { name: 'emailVerified', type: 'boolean', notNull: true, filledBy: 'set by Neon Auth when the address is verified' },
    { name: 'image', type: 'text', notNull: false, filledBy: 'profile picture URL' },
    { name: 'createdAt', type: 'timestamp with time zone', notNull: true, filledBy: 'default `CURRENT_TIMESTAMP`' },
    { name: 'updatedAt', type: 'timestamp with time zone', notNull: true, filledBy: 'default `CURRENT_TIMESTAMP`' },
    { name: 'role', type: 'text', notNull: false, filledBy: 'admin plugin role' },
    { name: 'banned', type: 'boolean', notNull: false, filledBy: 'admin plugin' },
    { name: 'banReason', type: 'text', notNull: false, filledBy: 'admin plugin' },
    { name: 'banExpires', type: 'timestamp with time zone', notNull: false, filledBy: 'admin plugin' },
  ],
};

export const AUTH_TABLES: readonly AuthTable[] = [LEGACY_USERS, CURRENT_USERS];

/** Whether `name` (as Postgres folds it) is the name of a Neon Auth user table in some schema: `users_sync` or `user`. */
export function isAuthTableName(name: string): boolean {
  return name === LEGACY_USERS.name || name === CURRENT_USERS.name;
}

/**
 * The auth table a relation name denotes, given the schema and name as Postgres sees them
 * (unquoted parts folded to lower case, quoted parts as written). An unqualified name is never
 * the auth table: user tables are referenced schema-qualified (the `neon_auth` schema is not on
 * the default search_path).
 */
export function resolveAuthTable(schema: string | undefined, name: string): AuthTable | undefined {
  if (!schema) return undefined;
  return AUTH_TABLES.find((t) => t.name === name && t.schemas.includes(schema));
}

/**
 * Managed tables of the current generation (Better Auth based): what Neon Auth creates and owns in
 * the `neon_auth` schema. Columns are described only for `"user"` (`CURRENT_USERS`). Source: Neon's
 * docs ("Authentication flow": users, sessions and OAuth accounts live in `neon_auth`) and
 * `pg_dump` output of Neon databases, collected in the project's notes on Neon Auth schemas.
 */
export const CURRENT_MANAGED_TABLES: readonly string[] = [
  'user',
  'session',
  'account',
  'verification',
  'jwks',
  'organization',
  'member',
  'invitation',
  'project_config',
];

/** A table Neon Auth manages: the legacy `users_sync` or one of the current generation's tables. */
export interface ManagedTable {
  generation: AuthGeneration;
  /** The schema as written (`neon_auth`, or `neon_identity` for the legacy table). */
  schema: string;
  name: string;
  /** How to write the table's name in SQL (`neon_auth."user"`, `neon_auth.session`). */
  display: string;
}

/**
 * The Neon-managed table a (schema-qualified) name denotes, given the schema and name as Postgres
 * sees them; undefined for every other table, and for an unqualified name (see `resolveAuthTable`).
 */
export function resolveManagedTable(schema: string | undefined, name: string): ManagedTable | undefined {
  if (!schema) return undefined;
  if (name === LEGACY_USERS.name && LEGACY_USERS.schemas.includes(schema)) {
    return { generation: 'legacy', schema, name, display: `${schema}.${name}` };
  }
  if (schema === 'neon_auth' && CURRENT_MANAGED_TABLES.includes(name)) {
    return { generation: 'current', schema, name, display: name === 'user' ? 'neon_auth."user"' : `neon_auth.${name}` };
  }
  return undefined;
}

/** Schemas Neon Auth owns: the current `neon_auth` and the early-access `neon_identity`. */
export const AUTH_SCHEMAS: readonly string[] = ['neon_auth', 'neon_identity'];
