import { AUTH_SCHEMAS, LEGACY_USERS, ManagedTable } from '../../catalog';
import { namedManagedTable, Write } from '../../model';
import { defineRule } from '../rule';
import { isSpaceAt, keywordCase } from '../../sqlText';
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

const THEIRS = 'Keep your own columns, indexes, triggers and policies on a table of your own that references it';

/**
 * The messages of the SQL check and the Drizzle check (`drizzle.ts`). A write to a managed table is
 * `{verb} {table}: <why it goes wrong>.`, one id per reason (see `consequence`).
 */
export const NO_AUTH_TABLE_WRITES_MESSAGES = {
  dropAuthSchema: 'Dropping schema {schema} drops the tables Neon Auth manages in it and breaks Neon Auth.',
  createAuthSchema:
    'Creating schema {schema}: Neon Auth creates it, so this statement fails where Neon Auth is enabled (SQLSTATE 42P06: schema already exists) and the migration stops. drizzle-kit writes it when a schema module exports a table of it: write IF NOT EXISTS, or delete it with the CREATE TABLE of that table.',
  createInAuthSchema:
    "Creating {object} {name} inside {schema}, the schema Neon Auth manages: create it in a schema of your own (e.g. public) so it cannot collide with Neon Auth's objects.",
  writeGeneratedColumn:
    "{column} is a generated column of {table} (computed from raw_json): writing it fails with SQLSTATE 428C9 (cannot insert a non-DEFAULT value into column). The table is a read-only replica kept by Neon Auth's sync: do not write it.",
  writeSyncedRows:
    "{verb} {table}: it is a read-only replica kept by Neon Auth's sync, which overwrites or removes rows written here, or breaks on them. Change users in Neon Auth (its API or dashboard) instead.",
  writeOwnedRows:
    '{verb} {table}: it is owned by Neon Auth (Better Auth), which writes it through its API. Change users, sessions and accounts through Neon Auth (its SDK or API), not SQL.',
  recreate: "{verb} {table}: Neon Auth creates it; a migration that re-creates it conflicts with Neon's table. Treat it as an existing table.",
  dropSynced: "{verb} {table}: it is Neon Auth's synced user table: dropping it breaks the sync and loses every user row.",
  dropOwned: '{verb} {table}: it is owned by Neon Auth (Better Auth): dropping it breaks sign-in and loses its rows.',
  renameSynced:
    "{verb} {table}: Neon Auth's sync writes to it by this name and these columns (Neon: do not change the table name), so renaming breaks the sync.",
  renameOwned: `{verb} {table}: it is owned by Neon Auth (Better Auth), which reads and writes it by this name. ${THEIRS}.`,
  changeSynced: `{verb} {table}: it is a read-only replica managed by Neon Auth's sync, not the app's to change. ${THEIRS}.`,
  changeOwned: `{verb} {table}: it is owned by Neon Auth (Better Auth), which manages its schema. ${THEIRS}.`,
} as const;

/** Why writing a Neon-managed table this way goes wrong, by generation and kind: the message id (`{verb} {table}: …`). */
export function consequence(
  table: ManagedTable,
  kind: Write['kind'],
): 'writeSyncedRows' | 'writeOwnedRows' | 'recreate' | 'dropSynced' | 'dropOwned' | 'renameSynced' | 'renameOwned' | 'changeSynced' | 'changeOwned' {
  const legacy = table.generation === 'legacy';
  switch (kind) {
    case 'insert':
    case 'update':
    case 'delete':
    case 'merge':
    case 'truncate':
      return legacy ? 'writeSyncedRows' : 'writeOwnedRows';
    case 'create':
      return 'recreate';
    case 'drop':
      return legacy ? 'dropSynced' : 'dropOwned';
    case 'rename':
      return legacy ? 'renameSynced' : 'renameOwned';
    default:
      return legacy ? 'changeSynced' : 'changeOwned';
  }
}

/**
 * `no-auth-table-writes`: the tables Neon Auth manages are not the app's to write or change: the
 * legacy `users_sync` is a read-only replica kept by an asynchronous sync (Neon: do not change its
 * name, the sync needs it), the current generation's tables are owned by Neon Auth (Better Auth).
 * Writing a generated column of `users_sync` (`id`, `name`, `email`, `created_at`) fails outright
 * (SQLSTATE 428C9), which is reported as an error. Objects created inside Neon's `neon_auth`
 * schema are reported too, and a `CREATE SCHEMA neon_auth` that fails because Neon Auth created it
 * (fix: `IF NOT EXISTS`, safe). No other fix: what to do instead is a design decision.
 */
export const noAuthTableWrites = defineRule({
  meta: {
    id: ID,
    description: 'Neon Auth manages its tables: do not write, alter, drop, re-create or rename them, or create objects in the neon_auth schema.',
    defaultSeverity: 'warning',
    fix: 'safe',
    overview: {
      reports:
        '`INSERT`/`UPDATE`/`DELETE`/`TRUNCATE`, `ALTER`/`RENAME`/`DROP`/re-`CREATE`, row-level security, `CREATE POLICY`/`TRIGGER`/`INDEX … ON` a table Neon Auth manages (`users_sync`; `neon_auth."user"`, `session`, `account`, …), objects created in the `neon_auth` schema, `CREATE SCHEMA neon_auth` without `IF NOT EXISTS` (42P06 where Neon Auth is enabled: drizzle-kit writes it); **error** for writing a generated column of `users_sync` (428C9)',
      fixes: '`Write IF NOT EXISTS` on `CREATE SCHEMA neon_auth` (safe); none for the rest: what to do instead is a design decision',
    },
  },
  messages: NO_AUTH_TABLE_WRITES_MESSAGES,
  lexical: true,
  drizzle: checkDrizzle,
  check(ctx) {
    // A schema dump restates the database: its CREATE/ALTER of Neon Auth's tables are Neon's own
    // objects as pg_dump prints them, not writes of the app (a migration that made one is checked there).
    if (ctx.dump) return;
    for (const w of ctx.model.writes) {
      const named = ctx.text.slice(w.start, w.end);
      if (w.kind === 'create' && w.object === 'schema') {
        if (AUTH_SCHEMAS.includes(w.name)) {
          const kw = keywordCase(ctx.sig, ctx.text);
          // IF NOT EXISTS goes right after SCHEMA, and Postgres refuses it with schema elements
          // (`CREATE SCHEMA s CREATE TABLE …`, also what a drizzle-kit file without `;` before its
          // breakpoint sends as one statement): the fix only for `CREATE SCHEMA s [AUTHORIZATION r]`.
          const i = ctx.sig.indexContaining(w.start);
          const byRole = ctx.sig.isWord(i - 1, 'authorization');
          const last = ctx.sig.indexContaining(w.end - 1);
          const rest = ctx.sig.list.slice(last + 1).filter((t) => !(t.kind === 'punct' && t.value === ';'));
          const at = byRole ? ctx.sig.list[i - 1].start : w.start;
          const plain = rest.length === 0 || (!byRole && rest.length === 2 && ctx.sig.isWord(last + 1, 'authorization'));
          ctx.report({
            messageId: 'createAuthSchema',
            data: { schema: named },
            start: w.start,
            end: w.end,
            fixes: !plain
              ? []
              : [
                  {
                    title: `Write ${kw('IF NOT EXISTS')} (nothing to create where Neon Auth is enabled)`,
                    isPreferred: true,
                    safe: true,
                    edits: [{ start: at, end: at, newText: `${isSpaceAt(ctx.text, at - 1) ? '' : ' '}${kw('IF NOT EXISTS')} ` }],
                  },
                ],
          });
        }
        continue;
      }
      if (w.kind === 'drop' && w.object === 'schema') {
        if (AUTH_SCHEMAS.includes(w.name)) {
          ctx.report({
            messageId: 'dropAuthSchema',
            data: { schema: named },
            start: w.start,
            end: w.end,
            fixes: [],
          });
        }
        continue;
      }
      const onTable = w.object === 'table';
      const table = onTable ? namedManagedTable(ctx.model, w.schema, w.name) : undefined;
      if (!table) {
        if (w.kind === 'create' && w.schema !== undefined && AUTH_SCHEMAS.includes(w.schema)) {
          ctx.report({
            messageId: 'createInAuthSchema',
            data: { object: w.object, name: named, schema: w.schema },
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
              messageId: 'writeGeneratedColumn',
              data: { column: c.name, table: table.display },
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
        messageId: consequence(table, w.kind),
        data: { verb: VERB[w.kind], table: table.display },
        start: w.start,
        end: w.end,
        fixes: [],
      });
    }
  },
});
