/**
 * Column types as far as comparisons with a Neon Auth user id care: the `text` family (the legacy
 * `users_sync.id`, `auth.user_id()`) and `uuid` (the current `neon_auth."user".id`, `auth.uid()`).
 * Postgres has no operator between the two and casts neither implicitly (PostgreSQL documentation,
 * *Type Conversion: Operators*): comparing them fails with SQLSTATE 42883. Shared by the rules that
 * judge such comparisons (`match-auth-uid-type`, `match-user-id-comparison`).
 */
import type { Expr } from 'pgsql-ast-parser';
import { authColumnsOf, ColumnDef, ColumnOrigin, isColumnRef, QueryLevel, refersTo, StatementModel, TableDef } from './model';
import { FileTables } from './tableDefs';

/** The string types, as the model spells them (lower-cased): no `=` with `uuid` (42883). */
export const STRING_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'character varying', 'char', 'character', 'bpchar']);

/** The two families of user id types. */
export type IdFamily = 'text' | 'uuid';

/**
 * The family of a type as the model reports it (lower-cased, as written, without modifiers:
 * `character varying`, `pg_catalog.uuid`): `uuid`, `text` for the string types, else undefined
 * (arrays, domains, other types: not judged).
 */
export function typeFamily(type: string | undefined): IdFamily | undefined {
  if (type === undefined) return undefined;
  const t = type.replace(/^pg_catalog\./, '');
  if (t === 'uuid') return 'uuid';
  return STRING_TYPES.has(t) ? 'text' : undefined;
}

/** A column as far as type checks need it: its name and type as the model writes types. */
export interface TypedColumn {
  name: string;
  type: string;
  /** For a column an earlier migration of the set defined: where its facts were written (`ColumnDef.origin`). */
  origin?: ColumnOrigin;
}

/**
 * A table's columns as the file defines them at a statement (`def`: from `model.lookup`, the
 * `CREATE TABLE` with the `ALTER TABLE`s before the statement applied, so retyped, dropped and
 * renamed columns are as they are there); undefined when the file creates a table of that name more
 * than once in the definition's schema (`FileTables.changedColumns` gives `'*'`: which one the
 * statement reads is not followed; a definition with no schema: in any schema), or when `def` is
 * undefined.
 */
export function definedColumns(tables: FileTables, def: TableDef | undefined): ColumnDef[] | undefined {
  if (!def || tables.changedColumns(def.name, def.schema)?.has('*')) return undefined;
  return [...def.columns];
}

/**
 * The columns of a relation of a query level when the file or the catalog tells them: a Neon Auth
 * user table's from the catalog (renamed by an alias's column list: `authColumnsOf`); else the file's definition as of this statement (`model.lookup`,
 * or a `CREATE TABLE` in the statement itself), through `definedColumns`. Undefined when unknown.
 */
export function relationColumns(tables: FileTables, model: StatementModel, rel: QueryLevel['relations'][number]): TypedColumn[] | undefined {
  if (rel.authTable) {
    const columns = authColumnsOf(rel);
    return columns && [...columns];
  }
  const def =
    model.lookup?.(rel.schema, rel.name) ??
    model.tables.find((t) => t.name === rel.name && (rel.schema === undefined || t.schema === undefined || t.schema === rel.schema));
  return definedColumns(tables, def);
}

/**
 * The relation a column reference (`{ type: 'ref' }`) at a query level reads, and the column's
 * definition, when it is known for sure, as Postgres resolves names: at the level itself, then at the
 * levels around it (`enclosing`, for a correlated subquery). A qualified name: the relation its qualifier
 * names (that column, if the relation has it). An unqualified name: the one relation of the level that
 * has the column, when no FROM item is opaque and every relation's columns are known; when none has
 * it, the same search one level out.
 */
export function resolveColumn(
  tables: FileTables,
  model: StatementModel,
  level: QueryLevel,
  ref: Expr,
): { rel: QueryLevel['relations'][number]; column: TypedColumn } | undefined {
  if (!isColumnRef(ref)) return undefined;
  for (const at of [level, ...level.enclosing]) {
    if (ref.table !== undefined) {
      const rel = at.relations.find((r) => refersTo(ref, r));
      if (!rel) {
        // A qualifier this level does not define may be an outer one; an opaque item may define it.
        if (at.opaque) return undefined;
        continue;
      }
      const column = relationColumns(tables, model, rel)?.find((c) => c.name === ref.name);
      return column ? { rel, column } : undefined;
    }
    if (at.opaque) return undefined;
    let found: { rel: QueryLevel['relations'][number]; column: TypedColumn } | undefined;
    for (const rel of at.relations) {
      const cols = relationColumns(tables, model, rel);
      if (!cols) return undefined;
      const c = cols.find((x) => x.name === ref.name);
      if (!c) continue;
      if (found) return undefined;
      found = { rel, column: c };
    }
    if (found) return found;
  }
  return undefined;
}

/** The type (as the model writes types) of a column reference at a query level, when it is known for sure (see `resolveColumn`). */
export function columnType(tables: FileTables, model: StatementModel, level: QueryLevel, ref: Expr): string | undefined {
  return resolveColumn(tables, model, level, ref)?.column.type;
}
