import { spacedInsert, sqlIdent } from '../../sqlText';
import { AUTH_TABLES, AuthColumn, AuthTable } from '../../catalog';
import { authColumnsOf, authTableDisplay, ColumnRefAt, namedAuthTable, namedManagedTable, QueryLevel, refersTo, RelationRef } from '../../model';
import type { Span } from '../../types';
import { defineRule, MessageOf, RuleContext } from '../rule';

const ID = 'no-unknown-auth-column';

/** Columns every table has (PostgreSQL docs, "System Columns"). */
const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']);

/** Folds a spelling for comparison across conventions: `created_at`, `createdAt` and `CreatedAt` all become `createdat`. */
const loose = (name: string): string => name.replace(/_/g, '').toLowerCase();

/** A column name to check: its name as Postgres sees it, its range, and whether it was written quoted. */
interface NameAt {
  name: string;
  nameSpan: Span;
  quoted: boolean;
}

/**
 * `no-unknown-auth-column`: a column of a Neon Auth user table that the table does not have. The
 * two generations spell their columns differently (`created_at` on `users_sync`, `"createdAt"` on
 * `"user"`), the current one has no `deleted_at` or `raw_json`, and an unquoted camelCase name
 * folds to lower case (PostgreSQL docs, "Identifiers and Key Words"). Postgres rejects such a
 * query: SQLSTATE 42703, undefined column. Checked: references qualified by the table's alias or
 * name; unqualified references that can only mean the table (see `unqualifiedTable`); the columns
 * an INSERT or UPDATE of the table writes. Columns the file's own ALTER TABLE adds to the table
 * are known. Through an alias with a column list (`AS u(raw, uid)`), the columns are the table's
 * with the first ones renamed (`authColumnsOf`), when the file does not alter the table (which may
 * change their order) and the list is not longer than the table's columns (Postgres: 42P10).
 */
const UNDEFINED_COLUMN = 'Postgres rejects the query (SQLSTATE 42703, undefined column).';

/**
 * `{table}` is the user table as the query names it, `{column}` the missing column as SQL writes it;
 * `{columns}` the table's real columns (with an alias's column list, each it renames as `raw_json AS raw`);
 * `{alias}` the alias as written, `{original}` and `{renamed}` a column's name and the one the alias's list gives it.
 */
const MESSAGES = {
  mustQuote: `{table} has no column {column}: the column is {right}, which must be written quoted (unquoted names fold to lower case{folded}). ${UNDEFINED_COLUMN}`,
  currentSpelling: `{table} has no column {column}: the current Neon Auth table (Better Auth based) spells it {right}. ${UNDEFINED_COLUMN}`,
  legacySpelling: `{table} has no column {column}: the legacy Neon Auth table (users_sync) spells it {right}. ${UNDEFINED_COLUMN}`,
  noDeletedAt: `{table} has no column {column}: the current Neon Auth table hard-deletes users (deleting a user deletes the row), so there is no deleted_at and nothing to filter. ${UNDEFINED_COLUMN}`,
  noRawJson: `{table} has no column {column}: the current Neon Auth table stores each field in its own column ({columns}). ${UNDEFINED_COLUMN}`,
  otherGeneration: `{table} has no column {column}: {otherColumn} is a column of {otherTable}, the {era} Neon Auth user table; its columns are {columns}. ${UNDEFINED_COLUMN}`,
  renamedByAlias: `{table} AS {alias} has no column {column}: the alias's column list renames {original} to {renamed}. ${UNDEFINED_COLUMN}`,
  unknownColumn: `{table} has no column {column}; its columns are {columns}. ${UNDEFINED_COLUMN}`,
} as const;

export const noUnknownAuthColumn = defineRule({
  meta: {
    id: ID,
    description: 'A column reference to a Neon Auth user table names a column that table does not have (42703 undefined column).',
    defaultSeverity: 'error',
    fix: 'safe',
    overview: {
      reports:
        'a column the user table does not have in its generation: `deleted_at`/`raw_json` on `neon_auth."user"`, `"emailVerified"` on `users_sync`, unquoted `u.createdAt` (folds to `createdat`); qualified, or unqualified where the user table is the only relation that could have it',
      fixes: 'the right spelling where one exists (safe)',
    },
  },
  messages: MESSAGES,
  check(ctx) {
    const columns = knownColumnsOf(ctx);
    for (const level of ctx.model.levels ?? []) {
      for (const at of level.columnRefs) {
        let rel: RelationRef | undefined;
        if (at.ref.table !== undefined) rel = level.relations.find((r) => r.authTable !== undefined && refersTo(at.ref, r));
        else if (!ctx.inRoutineBody) rel = unqualifiedTable(columns, level, at);
        if (!rel?.authTable) continue;
        check(ctx, columns, rel, authTableDisplay(rel) ?? rel.authTable.display, {
          name: at.ref.name,
          nameSpan: at.nameSpan,
          quoted: at.quoted,
        });
      }
    }
    // The columns an INSERT or UPDATE of the table names (column list, SET targets): always its own.
    for (const w of ctx.model.writes) {
      if ((w.kind !== 'insert' && w.kind !== 'update') || w.object !== 'table' || !w.columns) continue;
      const table = namedAuthTable(ctx.model, w.schema, w.name);
      if (!table) continue;
      const display = namedManagedTable(ctx.model, w.schema, w.name)?.display ?? table.display;
      const target: Relation = { schema: w.schema, name: table.name, authTable: table };
      for (const c of w.columns)
        check(ctx, columns, target, display, { name: c.name, nameSpan: { start: c.start, end: c.end }, quoted: ctx.text[c.start] === '"' });
    }
  },
});

/** A relation as `KnownColumns` needs it (an INSERT or UPDATE target: no alias, no column list). */
type Relation = Pick<RelationRef, 'schema' | 'name' | 'authTable' | 'renamesColumns' | 'columnAliases'> & Partial<Pick<RelationRef, 'qualifier'>>;

/**
 * The columns a relation has, as far as the file tells, or undefined when it does not know them
 * all: a Neon Auth user table's (the catalog's, with those the file's ALTER TABLEs add, rename or
 * retype), or a table the file creates (`TableDef.complete`) with the names its ALTER TABLEs
 * rename, drop or retype. Through an alias's column list (`AS u(raw, uid)`), a user table's
 * columns as `authColumnsOf` renames them, only when the file's ALTER TABLEs do not touch the
 * table (a dropped column would shift the names onto other columns); undefined for a list that
 * could not be read or is longer than the table (42P10), and for any other relation with a list.
 * Undefined for other relations (defined elsewhere, views, session, …).
 */
type KnownColumns = (rel: Relation) => ReadonlySet<string> | undefined;

/** `KnownColumns` for one statement, each relation looked up once. */
function knownColumnsOf(ctx: RuleContext): KnownColumns {
  const memo = new Map<string, ReadonlySet<string> | undefined>();
  const lookup = ctx.model.lookup ?? ctx.tables.lookup(ctx.statement.start);
  return (rel) => {
    if (rel.renamesColumns && !rel.authTable) return undefined;
    const list = rel.renamesColumns ? (rel.columnAliases?.join('\u0001') ?? '\u0002') : '';
    const key = `${rel.authTable ? 'auth' : ''}\u0000${rel.schema ?? ''}\u0000${rel.name}\u0000${list}`;
    if (memo.has(key)) return memo.get(key);
    let out: Set<string> | undefined;
    const changed = ctx.tables.changedColumns(rel.name);
    const def = changed?.has('*') ? undefined : lookup(rel.schema, rel.name);
    if (rel.renamesColumns) {
      // ADD COLUMN appends (the list renames the catalog's columns, no further); RENAME, DROP or TYPE anywhere: not followed
      const renamed = rel.authTable && !changed?.size ? authColumnsOf(rel) : undefined;
      if (renamed) {
        out = new Set(renamed.map((c) => c.name));
        for (const c of def?.columns ?? []) if (!rel.authTable?.columns.some((t) => t.name === c.name)) out.add(c.name);
        for (const c of SYSTEM_COLUMNS) out.add(c);
      }
    } else if (!changed?.has('*') && (rel.authTable || def?.complete)) {
      out = new Set<string>(rel.authTable?.columns.map((c) => c.name));
      for (const c of def?.columns ?? []) out.add(c.name);
      for (const c of changed ?? []) out.add(c);
      for (const c of SYSTEM_COLUMNS) out.add(c);
    }
    memo.set(key, out);
    return out;
  };
}

/**
 * The user table an unqualified column reference can only mean, when it names a column no
 * relation it could belong to has: the level names one Neon Auth user table (once or several
 * times), and every relation of the level and of the levels around it is one whose columns are
 * known (`knownColumns`) and none has the column, none is the name itself (a whole-row reference,
 * `row_to_json(u)`), no FROM item is a subquery, CTE or function, and nothing outside the
 * statement's levels may supply the name (a policy's table, an INSERT's target). A name that may be
 * an output column (`ORDER BY e` after `email AS e`) is never one. Undefined otherwise.
 */
function unqualifiedTable(knownColumns: KnownColumns, level: QueryLevel, at: ColumnRefAt): RelationRef | undefined {
  const name: string = at.ref.name;
  if (SYSTEM_COLUMNS.has(name)) return undefined;
  if (at.clause && (level.outputNames.has(name) || (at.clause === 'order by' && level.setOperand))) return undefined;
  const users = level.relations.filter((r) => r.authTable !== undefined);
  if (users.length === 0 || users.some((r) => r.authTable !== users[0].authTable)) return undefined;
  for (const l of [level, ...level.enclosing]) {
    if (l.opaque) return undefined;
    for (const r of l.relations) {
      if ((r.alias ?? r.name) === name) return undefined;
      const columns = knownColumns(r);
      if (!columns || columns.has(name)) return undefined;
    }
  }
  if (level.enclosedByUnknown) return undefined;
  return users[0];
}

/** A column of a user table whose name an alias's column list changes (`raw_json` in `AS u(raw)`): its catalog name and the name the query sees. */
interface Renamed {
  original: string;
  renamed: string;
}

/**
 * Reports `at` when `rel`, a Neon Auth user table (with the columns the file adds; through its
 * alias's column list when it has one), has no column of its name. The right-spelling fix only
 * for a column that keeps its own name: a name the column list gave or took away gets a message
 * naming the list, and no fix (the list or the query may be the mistake).
 */
function check(ctx: RuleContext<typeof MESSAGES>, knownColumns: KnownColumns, rel: Relation, display: string, at: NameAt): void {
  const table = rel.authTable;
  if (!table) return;
  const known = knownColumns(rel);
  if (!known || known.has(at.name)) return;
  // The columns as the query sees them (`known` is defined: so is a column list's renaming)
  const visible = authColumnsOf(rel) ?? table.columns;
  const renamed: Renamed[] = [];
  const kept: AuthColumn[] = [];
  visible.forEach((c, k) => (c.name === table.columns[k].name ? kept.push(c) : renamed.push({ original: table.columns[k].name, renamed: c.name })));
  const like = (name: string): boolean => loose(name) === loose(at.name);
  const keptMatches = kept.filter((c) => like(c.name));
  const renamedMatches = renamed.filter((r) => like(r.renamed));
  const originalMatches = renamed.filter((r) => like(r.original));
  const { start, end } = at.nameSpan;
  const written = ctx.text.slice(start, end);
  if (originalMatches.length === 1 && keptMatches.length === 0 && renamedMatches.length === 0) {
    const { original, renamed: to } = originalMatches[0];
    const data = { table: display, column: sqlIdent(at.name), alias: rel.qualifier ?? display, original: sqlIdent(original), renamed: sqlIdent(to) };
    ctx.report({ messageId: 'renamedByAlias', data, start, end, fixes: [] });
    return;
  }
  const right = keptMatches.length === 1 && renamedMatches.length === 0 && originalMatches.length === 0 ? keptMatches[0] : undefined;
  let newText = right ? sqlIdent(right.name) : '';
  // A quoted name may touch the word before it (`SELECT"createdAt"`): the unquoted one may not.
  if (right && /[\p{L}\p{N}_$]/u.test(ctx.text[start - 1] ?? '') && !newText.startsWith('"')) newText = ` ${newText}`;
  const columns = table.columns
    .map((c, k) => (visible[k].name === c.name ? sqlIdent(c.name) : `${sqlIdent(c.name)} AS ${sqlIdent(visible[k].name)}`))
    .join(', ');
  ctx.report({
    ...message(table, display, at.name, written, at.quoted, right, columns),
    start,
    end,
    fixes: right
      ? [
          {
            title: `Write ${sqlIdent(right.name)} (the column's real name)`,
            isPreferred: true,
            // The query cannot run as written (42703): the right name cannot change a working query.
            safe: true,
            edits: [{ start, end, newText: spacedInsert(ctx.text, end, newText) }],
          },
        ]
      : [],
  });
}

/** `columns`: the table's columns as the message lists them (a column list's renaming as `raw_json AS raw`). */
function message(
  table: AuthTable,
  display: string,
  name: string,
  written: string,
  quoted: boolean,
  right: AuthColumn | undefined,
  columns: string,
): MessageOf<typeof MESSAGES> {
  const base = { table: display, column: sqlIdent(name) };
  if (right && !quoted && right.name.toLowerCase() === name) {
    const folded = written === name ? '' : `, so ${written} means ${base.column}`;
    return { messageId: 'mustQuote', data: { ...base, right: sqlIdent(right.name), folded } };
  }
  if (right) return { messageId: table.generation === 'current' ? 'currentSpelling' : 'legacySpelling', data: { ...base, right: sqlIdent(right.name) } };
  if (table.generation === 'current' && name === 'deleted_at') return { messageId: 'noDeletedAt', data: base };
  if (table.generation === 'current' && name === 'raw_json') return { messageId: 'noRawJson', data: { ...base, columns } };
  const sameName = (c: { name: string }): boolean => loose(c.name) === loose(name);
  const other = AUTH_TABLES.find((t) => t !== table && t.columns.some(sameName));
  const otherMatch = other?.columns.find(sameName);
  if (other && otherMatch) {
    const otherColumn = sqlIdent(otherMatch.name);
    return { messageId: 'otherGeneration', data: { ...base, otherColumn, otherTable: other.display, era: other.generation, columns } };
  }
  return { messageId: 'unknownColumn', data: { ...base, columns } };
}
