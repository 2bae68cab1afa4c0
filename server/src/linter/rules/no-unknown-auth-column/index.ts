import { spacedInsert } from '../../sqlText';
import { AUTH_TABLES, AuthColumn, AuthTable } from '../../catalog';
import { ColumnRefAt, refersTo } from '../../model';
import { docsUrl, Rule } from '../rule';

const ID = 'no-unknown-auth-column';

/** Columns every table has (PostgreSQL docs, "System Columns"). */
const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']);

/** A name in SQL: as is when it is a plain lower-case identifier, else double-quoted. */
function sqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Folds a spelling for comparison across conventions: `created_at`, `createdAt` and `CreatedAt` all become `createdat`. */
const loose = (name: string): string => name.replace(/_/g, '').toLowerCase();

/**
 * `no-unknown-auth-column`: a column reference qualified by a Neon Auth user table (its alias or
 * its name) that the table does not have. The two generations spell their columns differently
 * (`created_at` on `users_sync`, `"createdAt"` on `"user"`), the current one has no `deleted_at` or
 * `raw_json`, and an unquoted camelCase name folds to lower case (PostgreSQL docs, "Identifiers
 * and Key Words"). Postgres rejects such a query: SQLSTATE 42703, undefined column.
 */
export const noUnknownAuthColumn: Rule = {
  meta: {
    id: ID,
    description: 'A column reference to a Neon Auth user table names a column that table does not have (42703 undefined column).',
    defaultSeverity: 'error',
    fix: 'safe',
    docsUrl: docsUrl(ID),
    overview: {
      reports: 'a column the user table does not have in its generation: `deleted_at`/`raw_json` on `neon_auth."user"`, `"emailVerified"` on `users_sync`, unquoted `u.createdAt` (folds to `createdat`)',
      fixes: 'the right spelling where one exists (safe)',
    },
  },
  check(ctx) {
    for (const level of ctx.model.levels ?? []) {
      for (const at of level.columnRefs) {
        if (at.ref.table === undefined) continue;
        const rel = level.relations.find((r) => r.authTable !== undefined && refersTo(at.ref, r));
        const table = rel?.authTable;
        if (!rel || !table) continue;
        const name: string = at.ref.name;
        if (table.columns.some((c) => c.name === name) || SYSTEM_COLUMNS.has(name)) continue;
        const written = ctx.text.slice(at.nameStart, at.nameEnd);
        const matches = table.columns.filter((c) => loose(c.name) === loose(name));
        const right = matches.length === 1 ? matches[0] : undefined;
        ctx.report({
          message: message(table, name, written, at, right),
          start: at.nameStart,
          end: at.nameEnd,
          fixes: right
            ? [
                {
                  title: `Write ${sqlName(right.name)} (the column's real name)`,
                  isPreferred: true,
                  // The query cannot run as written (42703): the right name cannot change a working query.
                  safe: true,
                  edits: [{ start: at.nameStart, end: at.nameEnd, newText: spacedInsert(ctx.text, at.nameEnd, sqlName(right.name)) }],
                },
              ]
            : [],
        });
      }
    }
  },
};

function message(table: AuthTable, name: string, written: string, at: ColumnRefAt, right: AuthColumn | undefined): string {
  const shown = sqlName(name);
  const head = `${table.display} has no column ${shown}`;
  const tail = 'Postgres rejects the query (SQLSTATE 42703, undefined column).';
  if (right && !at.quoted && right.name.toLowerCase() === name) {
    const folded = written === name ? '' : `, so ${written} means ${shown}`;
    return `${head}: the column is ${sqlName(right.name)}, which must be written quoted (unquoted names fold to lower case${folded}). ${tail}`;
  }
  if (right) {
    const generation = table.generation === 'current' ? 'the current Neon Auth table (Better Auth based) spells it' : 'the legacy Neon Auth table (users_sync) spells it';
    return `${head}: ${generation} ${sqlName(right.name)}. ${tail}`;
  }
  if (table.generation === 'current' && name === 'deleted_at') {
    return `${head}: the current Neon Auth table hard-deletes users (deleting a user deletes the row), so there is no deleted_at and nothing to filter. ${tail}`;
  }
  if (table.generation === 'current' && name === 'raw_json') {
    return `${head}: the current Neon Auth table stores each field in its own column (${table.columns.map((c) => sqlName(c.name)).join(', ')}). ${tail}`;
  }
  const columns = `its columns are ${table.columns.map((c) => sqlName(c.name)).join(', ')}`;
  const other = AUTH_TABLES.find((t) => t !== table && t.columns.some((c) => loose(c.name) === loose(name)));
  if (other) {
    const era = other.generation === 'current' ? 'current' : 'legacy';
    return `${head}: ${sqlName(other.columns.find((c) => loose(c.name) === loose(name))!.name)} is a column of ${other.display}, the ${era} Neon Auth user table; ${columns}. ${tail}`;
  }
  return `${head}; ${columns}. ${tail}`;
}
