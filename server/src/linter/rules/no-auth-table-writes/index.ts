import { AUTH_SCHEMAS, LEGACY_USERS, ManagedTable, resolveManagedTable } from '../../catalog';
import { Write } from '../../model';
import { docsUrl, Rule } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'no-auth-table-writes';

export const VERB: Record<Write['kind'], string> = {
  insert: 'Inserting into',
  update: 'Updating',
  delete: 'Deleting from',
  merge: 'Merging into',
  truncate: 'Truncating',
  alter: 'Altering',
  rename: 'Renaming',
  rls: 'Changing row-level security of',
  drop: 'Dropping',
  create: 'Re-creating',
  policy: 'Creating a policy on',
  trigger: 'Creating a trigger on',
  index: 'Creating an index on',
};

/** Why writing a Neon-managed table this way goes wrong, by generation and kind. */
export function consequence(table: ManagedTable, kind: Write['kind']): string {
  const theirs = 'Keep your own columns, indexes, triggers and policies on a table of your own that references it';
  switch (kind) {
    case 'insert':
    case 'update':
    case 'delete':
    case 'merge':
    case 'truncate':
      return table.generation === 'legacy'
        ? "it is a read-only replica kept by Neon Auth's sync, which overwrites or removes rows written here, or breaks on them. Change users in Neon Auth (its API or dashboard) instead"
        : 'it is owned by Neon Auth (Better Auth), which writes it through its API. Change users, sessions and accounts through Neon Auth (its SDK or API), not SQL';
    case 'create':
      return "Neon Auth creates it; a migration that re-creates it conflicts with Neon's table. Treat it as an existing table";
    case 'drop':
      return table.generation === 'legacy'
        ? "it is Neon Auth's synced user table: dropping it breaks the sync and loses every user row"
        : 'it is owned by Neon Auth (Better Auth): dropping it breaks sign-in and loses its rows';
    case 'rename':
      if (table.generation === 'legacy')
        return "Neon Auth's sync writes to it by this name and these columns (Neon: do not change the table name), so renaming breaks the sync";
      return `it is owned by Neon Auth (Better Auth), which reads and writes it by this name. ${theirs}`;
    default:
      return table.generation === 'legacy'
        ? `it is a read-only replica managed by Neon Auth's sync, not the app's to change. ${theirs}`
        : `it is owned by Neon Auth (Better Auth), which manages its schema. ${theirs}`;
  }
}

/**
 * `no-auth-table-writes`: the tables Neon Auth manages are not the app's to write or change: the
 * legacy `users_sync` is a read-only replica kept by an asynchronous sync (Neon: do not change its
 * name, the sync needs it), the current generation's tables are owned by Neon Auth (Better Auth).
 * Writing a generated column of `users_sync` (`id`, `name`, `email`, `created_at`) fails outright
 * (SQLSTATE 428C9), which is reported as an error. Objects created inside Neon's `neon_auth`
 * schema are reported too. No fix: what to do instead is a design decision.
 */
export const noAuthTableWrites: Rule = {
  meta: {
    id: ID,
    description: 'Neon Auth manages its tables: do not write, alter, drop, re-create or rename them, or create objects in the neon_auth schema.',
    defaultSeverity: 'warning',
    fix: 'none',
    docsUrl: docsUrl(ID),
    overview: {
      reports:
        '`INSERT`/`UPDATE`/`DELETE`/`TRUNCATE`, `ALTER`/`RENAME`/`DROP`/re-`CREATE`, row-level security, `CREATE POLICY`/`TRIGGER`/`INDEX … ON` a table Neon Auth manages (`users_sync`; `neon_auth."user"`, `session`, `account`, …), objects created in the `neon_auth` schema; **error** for writing a generated column of `users_sync` (428C9)',
      fixes: 'none',
    },
  },
  lexical: true,
  drizzle: checkDrizzle,
  check(ctx) {
    // A schema dump restates the database: its CREATE/ALTER of Neon Auth's tables are Neon's own
    // objects as pg_dump prints them, not writes of the app (a migration that made one is checked there).
    if (ctx.dump) return;
    for (const w of ctx.model.writes) {
      const named = ctx.text.slice(w.start, w.end);
      if (w.kind === 'drop' && w.object === 'schema') {
        if (AUTH_SCHEMAS.includes(w.name)) {
          ctx.report({
            message: `Dropping schema ${named} drops the tables Neon Auth manages in it and breaks Neon Auth.`,
            start: w.start,
            end: w.end,
            fixes: [],
          });
        }
        continue;
      }
      const onTable = w.object === 'table';
      const table = onTable ? resolveManagedTable(w.schema, w.name) : undefined;
      if (!table) {
        if (w.kind === 'create' && w.schema !== undefined && AUTH_SCHEMAS.includes(w.schema)) {
          ctx.report({
            message: `Creating ${w.object} ${named} inside ${w.schema}, the schema Neon Auth manages: create it in a schema of your own (e.g. public) so it cannot collide with Neon Auth's objects.`,
            start: w.start,
            end: w.end,
            fixes: [],
          });
        }
        continue;
      }
      if (table.generation === 'legacy' && (w.kind === 'insert' || w.kind === 'update' || w.kind === 'merge')) {
        const generated = (w.columns ?? []).filter((c) => LEGACY_USERS.columns.some((g) => g.generated && g.name === c.name));
        if (generated.length > 0) {
          for (const c of generated) {
            ctx.report({
              message: `${c.name} is a generated column of ${table.display} (computed from raw_json): writing it fails with SQLSTATE 428C9 (cannot insert a non-DEFAULT value into column). The table is a read-only replica kept by Neon Auth's sync: do not write it.`,
              start: c.start,
              end: c.end,
              fixes: [],
              severity: 'error',
            });
          }
          continue;
        }
      }
      ctx.report({
        message: `${VERB[w.kind]} ${table.display}: ${consequence(table, w.kind)}.`,
        start: w.start,
        end: w.end,
        fixes: [],
      });
    }
  },
};
