/**
 * The semantic model's types: what rules read of one statement (relations, joins, WHERE clauses,
 * query levels, foreign keys, column and table definitions, writes), with document ranges as
 * `Span` values taken from our own tokens (the parser's end offsets are unreliable).
 */
import type { Expr, ExprRef } from 'pgsql-ast-parser';
import type { AuthTable } from '../catalog';
import type { FileRange, Span } from '../types';
import type { AstNode } from './ast';

/** A relation (table) named in a FROM list, a JOIN or an UPDATE … FROM. */
export interface RelationRef {
  /** Schema as Postgres sees it (folded unless quoted), if written. */
  schema?: string;
  name: string;
  alias?: string;
  /**
   * The Neon Auth table this names, if any: by its schema-qualified name, or by an unqualified one
   * that the search path in effect resolves to it (`pathSchema`; see `StatementModel.authSchemaOf`).
   */
  authTable?: AuthTable;
  /** For an unqualified name the search path resolves to a Neon Auth table: the schema it resolves to (`neon_auth`). */
  pathSchema?: string;
  /** Range of the name as written (`neon_auth.users_sync`). */
  nameSpan: Span;
  /** Range of the whole reference, alias included (`neon_auth.users_sync AS u`). */
  start: number;
  end: number;
  /** How to qualify a column of this relation in SQL: the alias as written, else the name as written. */
  qualifier: string;
  /** True when the alias has a column list (`neon_auth.users_sync AS u(a, b)`), which renames the relation's columns. */
  renamesColumns?: boolean;
  /**
   * The names in that column list, folded as Postgres folds them (`"B"` stays `B`): they rename the
   * relation's first columns, in order, and the others keep their names (per Postgres docs on table
   * and column aliases). Undefined without a list, or when the list holds anything but names.
   */
  columnAliases?: readonly string[];
  /**
   * For a CTE of the statement whose query reads one Neon Auth user table and nothing else, row for
   * row (`WITH active AS (SELECT … FROM neon_auth.users_sync WHERE deleted_at IS NULL)`: no join,
   * grouping, aggregate, DISTINCT or LIMIT): that table. A row of it exists only once the user has
   * synced, as for the table itself (see `prefer-left-join`); its columns are the CTE's, not the table's.
   */
  rowsOf?: AuthTable;
  /**
   * For such a CTE: true when its WHERE has a condition on `deleted_at` (`WHERE deleted_at IS
   * NULL`), so its rows already leave soft-deleted users out (or keep only them), or when it reads
   * `deleted_at` nowhere (`require-deleted-at-filter` then asks it for that condition).
   */
  rowsFilterDeletedAt?: true;
}

export type JoinKind = 'first' | 'comma' | 'inner' | 'left' | 'right' | 'full' | 'cross';

/** One item of a FROM list and how it is joined to the items before it. */
export interface FromEntry {
  /** Undefined for subqueries and function calls. */
  relation?: RelationRef;
  kind: JoinKind;
  /** Range of the join keywords (`INNER JOIN`) or the comma; undefined for the first item. */
  keyword?: Span;
  /** The ON condition's AST, if any. */
  on?: Expr;
  /** The ON condition's range as written (after `ON`, before the next clause), when our tokens place it. */
  onSpan?: Span;
  /** Start of the item's own text (the relation or subquery), used to order entries. */
  itemStart: number;
}

/** A query level that reads relations: a SELECT, or an UPDATE with FROM. */
export interface QueryScope {
  /** `delete`: a DELETE … USING (the USING list is its `from`; only the Postgres grammar gives one). */
  kind: 'select' | 'update' | 'delete';
  from: FromEntry[];
  /** The WHERE condition's AST. */
  where?: Expr;
  /** Where the `WHERE` keyword starts, and the condition's range after it, when our tokens place them. */
  whereKeywordStart?: number;
  whereSpan?: Span;
  /** Where a new `WHERE …` clause goes when there is none: right after the FROM list. */
  fromListEnd: number;
  /** True for the SELECT whose rows an `INSERT … SELECT` inserts (a write, not a read shown to anyone). */
  insertSource: boolean;
  /**
   * True for a sub-query whose rows a negation tests for absence: `NOT EXISTS (…)`, `x NOT IN (…)`,
   * `x <> ALL (…)`. A condition added inside it makes fewer rows match there, so more rows pass the
   * outer statement (an anti-join: a DELETE deletes more).
   */
  negated?: true;
  /** The same query's `QueryLevel`: every expression of it (select list, ORDER BY, …), its output names. */
  level?: QueryLevel;
}

/** A column definition from CREATE TABLE or ALTER TABLE … ADD COLUMN. */
export interface ColumnDef {
  name: string;
  /** The type as written, lower-cased (`text`, `uuid`, `character varying`). */
  type: string;
  notNull: boolean;
  /**
   * True for a stored generated column (`GENERATED ALWAYS AS (expr) STORED`, read from our tokens):
   * Postgres rejects `ON DELETE SET NULL` / `SET DEFAULT` on a foreign key of it (42601, "invalid ON
   * DELETE action for foreign key constraint containing generated column").
   */
  generated?: true;
  /**
   * Range of the type as written, from our tokens: every token between the column name and the
   * first constraint (`character varying(255)`, `timestamp with time zone`, `uuid[]`,
   * `pg_catalog.uuid`). Undefined when the model could not place it.
   */
  typeSpan?: Span;
  /**
   * Range of the column's own `[CONSTRAINT name] NOT NULL` as written in this definition, set only
   * while that constraint is what makes the column NOT NULL: undefined when there is none, when
   * the column is (also) part of a primary key, or when the definition has several.
   */
  notNullSpan?: Span;
  /**
   * The tables the column's foreign keys reference (one-column keys only: a column constraint, a
   * table constraint of the CREATE TABLE, or a later `ALTER TABLE … ADD`): schema as written
   * (folded unless quoted), table name, and the referenced column when written.
   */
  references?: ColumnReference[];
  /**
   * Range of a `CHECK` of this file that rejects NULL in the column (`CHECK (c IS NOT NULL)`, see
   * `nullChecks.ts`): in its definition, a table constraint, or an `ALTER TABLE … ADD CHECK`.
   */
  nullCheck?: Span;
  /**
   * The name of that CHECK (`nullCheck`, or `origin.nullCheck`) when written (`CONSTRAINT name CHECK
   * …`); undefined for an unnamed one (Postgres chose its name: see `nullChecks.ts`
   * `isDefaultCheckName`). `ALTER TABLE … DROP CONSTRAINT` of it clears both.
   */
  nullCheckConstraint?: string;
  /**
   * For an unnamed CHECK (`nullCheckConstraint` undefined), the table's and the column's names when
   * it was made, once either was renamed: Postgres chose the CHECK's name from them and keeps it
   * through `RENAME COLUMN` and `RENAME TO` (see `nullChecks.ts` `namesNullCheck`). Undefined: the
   * current names.
   */
  nullCheckChosen?: { readonly table: string; readonly column: string };
  /**
   * For a column an earlier migration of the set defined (see `history.ts`): where its facts were
   * written. Its `typeSpan`/`notNullSpan` ranges are then absent: they would point into that file.
   */
  origin?: ColumnOrigin;
}

/** Where a column's facts were written in the earlier migrations (see `ColumnDef.origin`). */
export interface ColumnOrigin {
  /** The type as written where it was last set (`uuid`, `varchar(255)`). */
  typeWritten: string;
  /** Where the type was last set: the column definition, or `ALTER COLUMN … TYPE`. */
  type: FileRange;
  /** Where the column was last made NOT NULL (its `NOT NULL`, a primary key, `SET NOT NULL`), while it is. */
  notNull?: FileRange;
  /** Where its default was last set (`DEFAULT …`, `SET DEFAULT`), while it has one. */
  default?: FileRange;
  /** Where a `CHECK` that rejects NULL in it was written (see `ColumnDef.nullCheck`). */
  nullCheck?: FileRange;
}

/** What a one-column foreign key references (see `ColumnDef.references`). */
export interface ColumnReference {
  schema?: string;
  name: string;
  column?: string;
  /** The `ON DELETE` action, lower-cased (`set null`), when written. */
  onDelete?: string;
  /** The columns of `ON DELETE SET NULL (…)`, when listed. */
  onDeleteColumns?: string[];
  /** The `ON UPDATE` action, lower-cased (`cascade`), when written (see `tableDefs.ts` `keyTail`). */
  onUpdate?: string;
  /**
   * `deferrable` or `deferrable initially deferred` (lower-case) when the key is written deferrable
   * (`INITIALLY DEFERRED` alone implies `DEFERRABLE`); undefined for `NOT DEFERRABLE` or none written.
   */
  deferrable?: string;
  /**
   * The constraint's name: as written after `CONSTRAINT`, else the one Postgres chose when the key
   * was made (`<table>_<column>_fkey` of the names then, see `constraintNames.ts`), kept through
   * renames of the table and the column; `RENAME CONSTRAINT` changes it.
   */
  constraint?: string;
  /** Where an earlier migration of the set wrote the key (see `history.ts`). */
  origin?: FileRange;
  /**
   * For a target written unqualified by a top-level statement of the file being linted: that
   * statement's document offset, where the file's search path tells which table the name meant
   * (`referencedAuthTable` in `tableDefs.ts`). Undefined for a qualified target and for a key an
   * earlier migration of the set (or a routine body) wrote.
   */
  pathAt?: number;
}

/** A foreign key constraint (column constraint, table constraint, ALTER TABLE … ADD). */
export interface ForeignKey {
  /** The table that owns the constraint, if known. */
  table?: { schema?: string; name: string };
  /** Local columns (one for a column constraint). */
  columns: string[];
  /** The local column's definition, when the file defines it. */
  column?: ColumnDef;
  /** The target's schema as written (folded unless quoted); undefined when unqualified. */
  targetSchema?: string;
  targetName: string;
  /**
   * The Neon Auth user table the key references: by its schema-qualified name, or by an unqualified
   * one the search path in effect resolves to it (see `StatementModel.authSchemaOf`).
   */
  authTable?: AuthTable;
  /** Referenced columns as written; empty when the column list was omitted. */
  targetColumns: string[];
  /** Referential action of `ON DELETE`, undefined when the clause is absent. */
  onDelete?: string;
  /** Range of the `ON DELETE` action's words as written (`SET NULL`, `CASCADE`, `NO ACTION`), when the clause is present. */
  onDeleteSpan?: Span;
  /**
   * The column list of `ON DELETE SET NULL (col, …)` / `SET DEFAULT (…)` (PostgreSQL 15+): the
   * columns the action sets, as Postgres sees them (folded unless quoted), and the end of its `)`.
   * Undefined when the action has no column list.
   */
  onDeleteColumns?: string[];
  onDeleteColumnsEnd?: number;
  /** Range from the `REFERENCES` keyword through the referenced column list. */
  referencesSpan: Span;
  /** Where an `ON DELETE …` clause goes: after the column list and any MATCH option. */
  actionInsertAt: number;
}

/** A table definition seen in the file. */
export interface TableDef {
  /** The schema written before the name; for a definition `FileTables.lookup` gives, the schema it resolved the name to. */
  schema?: string;
  name: string;
  columns: ColumnDef[];
  /** Columns of the table's PRIMARY KEY (implicitly NOT NULL). */
  primaryKey: string[];
  /**
   * The primary key's constraint name, while `primaryKey` is not empty: as written after
   * `CONSTRAINT`, else the one Postgres chose when the key was made (`<table>_pkey` of the table's
   * name then: a later `RENAME TO` keeps it, see `constraintNames.ts`). Undefined: the one Postgres
   * chooses for `name` (read it with `primaryKeyConstraint`).
   */
  primaryKeyName?: string;
  /**
   * True when `columns` are all the columns the table has at the statement asking (set by
   * `FileTables.lookup`): the file creates the table once, before that statement, with a column
   * list of its own (no `IF NOT EXISTS`, `LIKE`, `INHERITS`, `PARTITION OF`, `OF type` or `AS
   * query`), and renames it nowhere before. Columns an ALTER TABLE renames, drops or retypes may still
   * be listed under another name: see `FileTables.changedColumns`.
   */
  complete?: boolean;
  /**
   * True when `columns` are also in the table's own order, the order an `INSERT` without a column
   * list fills (set by `FileTables.lookup`): `complete`, and no `ALTER TABLE` that may be the
   * table's comes before the statement asking (one that adds, drops or renames columns changes the
   * order; any is taken as such).
   */
  ordered?: boolean;
}

/**
 * What a write or DDL statement does to its target: `insert`, `update`, `delete`, `truncate`;
 * `alter` (ALTER TABLE other than the two below), `rename` (ALTER TABLE … RENAME [COLUMN] …),
 * `rls` (ALTER TABLE … ENABLE|DISABLE|FORCE|NO FORCE ROW LEVEL SECURITY); `drop` and `create` of the
 * object named (`object`); `policy`, `trigger` and `index` created ON a table.
 */
export type WriteKind = 'insert' | 'update' | 'delete' | 'merge' | 'truncate' | 'alter' | 'rename' | 'rls' | 'drop' | 'create' | 'policy' | 'trigger' | 'index';

/** A column a write names, with the range of its name as written. */
export interface WriteColumn {
  name: string;
  start: number;
  end: number;
}

/** One object a statement writes to, alters, creates or drops. */
export interface Write {
  kind: WriteKind;
  /**
   * What `schema`/`name` denote: `table` for every kind but `create` and `drop`, where it is the
   * object created or dropped (`table`, `view`, `materialized view`, `function`, `procedure`,
   * `sequence`, `type`, `domain`, `schema`). A `CREATE SCHEMA` is one only without `IF NOT EXISTS`
   * (the form that fails, 42P06, when the schema exists).
   */
  object: string;
  /** Schema as Postgres sees it (folded unless quoted), if written. */
  schema?: string;
  name: string;
  /** Range of the target's name as written, schema included (`neon_auth.users_sync`). */
  start: number;
  end: number;
  /** Columns given values: the INSERT column list, UPDATE … SET targets, ON CONFLICT DO UPDATE SET targets. */
  columns?: WriteColumn[];
}

/**
 * A value a statement assigns to a column of a table: `INSERT INTO t (c, …)` (each row of its
 * `VALUES`, or its `SELECT`'s select list, by position in the column list), `INSERT INTO t VALUES
 * (…)` with no column list (by position in the table's columns: `position`), `UPDATE t SET c =
 * value`, `UPDATE t SET (c, …) = (value, …)` (also `= ROW(…)`; a sub-SELECT's values are not
 * assigned to a column here) and `ON CONFLICT … DO UPDATE SET c = value`. Postgres converts the
 * value to the column's type with an assignment cast (SQLSTATE 42804 when there is none).
 */
export type Assignment = {
  table: { schema?: string; name: string };
  /** The value's AST node (`DEFAULT` is a `{ type: 'default' }` node). */
  value: Expr;
} & (
  | { column: string; position?: undefined }
  /** An INSERT without a column list: the value's 0-based position in its row, which is the column's in the table. */
  | { column?: undefined; position: number }
);

export interface StatementModel {
  /** Document offset where an AST node starts (its `_location.start` mapped back), if the parser gave one. */
  startOf(node: AstNode): number | undefined;
  scopes: QueryScope[];
  foreignKeys: ForeignKey[];
  tables: TableDef[];
  /**
   * Objects the statement writes, alters, creates or drops, in document order: from the AST where
   * the parser represents the form (also writes inside CTEs), plus the forms recognized from tokens
   * (`lexicalWrites`: CREATE POLICY, CREATE TRIGGER, ALTER TABLE … ROW LEVEL SECURITY, …).
   */
  writes: Write[];
  /** The values the statement assigns to columns (see `Assignment`), in AST order; undefined when the model was not built from an AST (`lexicalModel`). */
  assignments?: Assignment[];
  /**
   * Every query level (SELECT with or without FROM, UPDATE, DELETE; also inside CTEs, subqueries
   * and views) with the relations its expressions can name and its column references. Undefined
   * when the model was not built from an AST (`lexicalModel`).
   */
  levels?: QueryLevel[];
  /**
   * The file's table definitions as of this statement (CREATE TABLE, adjusted by the ALTER TABLEs
   * before it; see `tableLookup`), for column types of the tables a statement names. Undefined
   * when the caller gave none.
   */
  lookup?: TableLookup;
  /**
   * The Neon Auth schema an unqualified `users_sync` or `"user"` (`name` as Postgres folds it) means
   * at this statement through the file's `search_path` (see `FileTables.authSchema`), undefined when
   * it means no Neon Auth table. Undefined when the caller gave none (routine bodies: the path at
   * call time is not the file's): unqualified names are then never a Neon Auth table. Rules read it
   * through `namedAuthTable` and `namedManagedTable`; the model's relations have it applied.
   */
  authSchemaOf?: (name: string) => string | undefined;
}

/** A column reference at one query level, with the range of its column name as written. */
export interface ColumnRefAt {
  /** The reference's AST node (`{ type: 'ref', table?, name }`, name folded unless quoted), for `refersTo`. */
  ref: ExprRef;
  /** Range of the column name's token (`createdAt` in `u.createdAt`, `"createdAt"` in `u."createdAt"`). */
  nameSpan: Span;
  /** Whether the name was written quoted; unquoted names are folded to lower case. */
  quoted: boolean;
  /**
   * The clause of its level the reference is in, when a bare name there may instead be an output
   * column's name (PostgreSQL docs, SELECT: ORDER BY, GROUP BY and DISTINCT ON accept output
   * column names); undefined elsewhere.
   */
  clause?: 'order by' | 'group by' | 'distinct on';
}

/**
 * One query level, for checks of its expressions: a SELECT (with or without FROM), an UPDATE or a
 * DELETE. Subqueries, CTE bodies and UNION branches are levels of their own.
 */
export interface QueryLevel {
  kind: 'select' | 'update' | 'delete';
  /**
   * Tables its column references can name: FROM items and JOINs, and the UPDATE or DELETE target.
   * A FROM item whose unqualified name is a CTE of the statement is not one (it is `opaque`).
   */
  relations: RelationRef[];
  /** True when a FROM item is not a table: a subquery, a function call, VALUES or a CTE. Unqualified names may come from it. */
  opaque: boolean;
  /**
   * Expression roots at this level, as AST parts to `walk`: the select list, WHERE, JOIN … ON,
   * GROUP BY, HAVING, ORDER BY, SET lists, RETURNING, a FROM function call, … (lists and clause
   * objects as well as expressions).
   */
  expressions: AstNode[];
  /** Every column reference of `expressions` (not inside subqueries), with its name's range; `*` excluded. */
  columnRefs: ColumnRefAt[];
  /**
   * Every name an output column of a SELECT may be known by: the aliases written, and for other
   * items any name in their expression (a column, a function, a type: Postgres names an output
   * column after the column or function it shows) with `case`, `array` and `row`. A superset, for
   * telling that an `ORDER BY` name may be an output column. Empty for UPDATE and DELETE.
   */
  outputNames: ReadonlySet<string>;
  /**
   * The query levels whose relations this level's expressions can also name, innermost first: the
   * levels a subquery sits in (a FROM subquery without LATERAL skips the level of its FROM list).
   */
  enclosing: QueryLevel[];
  /**
   * True when an unqualified name may also come from something that is not a query level of the
   * statement: the table of a CREATE POLICY or a CREATE RULE, the target of an INSERT (its ON
   * CONFLICT and RETURNING), a routine's SQL body, any statement the model does not know. False
   * when the statement's levels are all there is (a query, a view's or CREATE TABLE … AS query,
   * the rows of INSERT … SELECT).
   */
  enclosedByUnknown: boolean;
  /**
   * True for a branch of UNION, INTERSECT or EXCEPT: pgsql-ast-parser attaches the whole set
   * operation's ORDER BY (names of the first branch's output) to the last branch.
   */
  setOperand: boolean;
}

/** Looks up a table defined elsewhere in the file (for ALTER TABLE … ADD CONSTRAINT). */
export type TableLookup = (schema: string | undefined, name: string) => TableDef | undefined;
