/**
 * Drizzle ORM code in a host file (TypeScript or JavaScript), as the rules see it: which
 * identifiers denote a Neon Auth table (resolved from imports and definitions, never from their
 * spelling), the app's columns with their builders and references, table-level `foreignKey(…)`
 * constraints, select chains with their joins and `where`, and writes.
 *
 * Sources: drizzle-orm's `neon/neon-auth.ts` (the `usersSync` export: `pgSchema('neon_auth')
 * .table('users_sync', …)`), `pg-core/columns/common.ts` (`.references(() => col, { onDelete })`),
 * `pg-core/foreign-keys.ts` (`foreignKey({ columns, foreignColumns }).onDelete(…)`) and
 * `pg-core/query-builders/select.ts` (the join methods); see also `../shared/notes/embedded-sql.md` §2.
 *
 * All offsets are 0-based UTF-16 code units into the host text, `end` exclusive.
 */
import { resolveManagedTable, resolveAuthTable, type AuthTable, type ManagedTable } from './catalog';
import { importedName, memberName, moduleOfRequire, unwrap, walk, type Gathered, type Node } from './babel';
import { SCHEMA_TABLE, type DrizzleRelations, type ExportedAuthTable, type PriorSchema, type TextEdit, type WorkspaceImports } from './types';
import type { TableDef } from './model';

/** Modules that export the legacy `usersSync` table (drizzle-orm's Neon Auth helper). */
const NEON_AUTH_MODULES = new Set(['drizzle-orm/neon', 'drizzle-orm/neon/neon-auth', 'drizzle-orm/neon-auth']);

/** `usersSync`'s properties and the columns they name (drizzle-orm `neon/neon-auth.ts`). */
const USERS_SYNC_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['rawJson', 'raw_json'],
  ['id', 'id'],
  ['name', 'name'],
  ['email', 'email'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
  ['deletedAt', 'deleted_at'],
]);

/** A Drizzle table object that denotes a table Neon Auth manages. */
export interface AuthTableSymbol {
  /** The managed table (`neon_auth.users_sync`, `neon_auth."user"`, `neon_auth.session`, …). */
  managed: ManagedTable;
  /** The user table's catalog entry, for the two user tables; undefined for the others. */
  users?: AuthTable;
  /** Property name → column name (as Postgres sees it). */
  columns: ReadonlyMap<string, string>;
  /**
   * For `alias(X, 'editor')` (drizzle-orm `pg-core/alias.ts`): the alias name, under which the table
   * is a second relation of a select; undefined for the table itself and its plain aliases (`const users = usersSync`).
   */
  alias?: string;
}

/** Whether two symbols denote the same relation of a select: the same table under the same `alias(…)` name (or none). */
export function sameRelation(a: AuthTableSymbol, b: AuthTableSymbol): boolean {
  return a.managed.display === b.managed.display && a.alias === b.alias;
}

/** A string literal argument: its value and range (quotes included). */
export interface Literal {
  value: string;
  start: number;
  end: number;
}

/** A `.references(() => X.col, { … })` call on a column builder chain, to a Neon Auth table. */
export interface DrizzleReference {
  /** From the `references` name to the call's `)`. */
  start: number;
  end: number;
  target: AuthTableSymbol;
  /** The referenced column (as Postgres sees it), e.g. `id`. */
  targetColumn: string;
  /** The call's arguments. */
  args: Node[];
  /** The `onDelete` value written in the options, if any. */
  onDelete?: Literal;
}

/** One column of an app table (`authorId: text('author_id').notNull().references(…)`). */
export interface DrizzleColumn {
  /** The table's name as Postgres sees it, and its property in the columns object. */
  table: string;
  property: string;
  /** The column name: the builder's first string argument, else the property. */
  name: string;
  /**
   * The builder pg-core exports (`text`, `uuid`, `varchar`, …; through the file's import, so
   * `import { text as str }` gives `text`; the spelling when not imported), its spelling in the file
   * (`str`) and the spelling's range.
   */
  builder: string;
  builderLocal: string;
  builderStart: number;
  builderEnd: number;
  /** The builder call (`text('author_id')`). */
  builderCall: Node;
  /**
   * The column's SQL type as the model writes types (`uuid`, `text`, `varchar`, `integer`, `uuid[]`
   * after `.array()`): the pg-core builder's name, for a builder imported from drizzle-orm (or called
   * on a drizzle-orm namespace); undefined for any other builder (the app's own helper, an unseen import).
   */
  sqlType?: string;
  /** Methods called on the builder, in order (`notNull`, `references`, `defaultRandom`, …). */
  methods: { name: string; call: Node; nameStart: number }[];
  /** The `.notNull()` or `.primaryKey()` that makes the column NOT NULL: from its `.` to its `)`. */
  notNull?: { start: number; end: number; method: string };
  references?: DrizzleReference;
}

/**
 * A call of drizzle-orm's `eq(left, right)` or `ne(left, right)` (imported under any name, also from
 * `drizzle-orm/sql`): Drizzle writes it as `left = right` / `left <> right`, a column as
 * `"table"."column"` (drizzle-orm `sql/expressions/conditions.ts`).
 */
export interface DrizzleComparison {
  call: Node;
  operator: 'eq' | 'ne';
  left: Node;
  right: Node;
}

/** A table-level `foreignKey({ columns, foreignColumns }).onDelete(…)` to a Neon Auth table. */
export interface DrizzleForeignKey {
  /** The `foreignKey(…)` call. */
  call: Node;
  columns: (DrizzleColumn | undefined)[];
  target: AuthTableSymbol;
  targetColumn: string;
  onDelete?: Literal;
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'cross';

/** A table argument of `.from(…)` or a join: the expression and the Neon Auth table it denotes. */
export interface TableArgument {
  node: Node;
  symbol?: AuthTableSymbol;
}

/** One `.xxxJoin(table, on)` of a select chain. */
export interface DrizzleJoin {
  kind: JoinKind;
  lateral: boolean;
  /** The method name's range (`innerJoin`). */
  methodStart: number;
  methodEnd: number;
  table: TableArgument;
  on?: Node;
  call: Node;
}

/** A `db.select(…).from(…)…` chain. */
export interface DrizzleSelect {
  from: TableArgument;
  joins: DrizzleJoin[];
  where?: { call: Node; condition: Node };
  /** Where a new `.where(…)` goes: after the last `.from`/join call, which is `whereAfter`. */
  whereAt: number;
  whereAfter: Node;
  /** Whether the chain calls `.$dynamic()`: code elsewhere (a helper, a later statement) may add a `where`. */
  dynamic: boolean;
}

/**
 * A relational query on a Neon Auth table itself (`db.query.usersSync.findMany(…)`, `findFirst`) or
 * a count of its rows (`db.$count(usersSync, where?)`).
 */
export interface DrizzleTableRead {
  kind: 'findMany' | 'findFirst' | '$count';
  /** The range a finding names: the key under `query` (`usersSync`), or `$count`'s table argument. */
  start: number;
  end: number;
  table: AuthTableSymbol;
  /** The identifier (or expression) the table is available under in this file, for fix text; undefined when the key under `query` names no table of this file. */
  name?: string;
  call: Node;
  /** `findMany`/`findFirst`: the config object (undefined: called with no argument). */
  config?: Node;
  /** The `where` property's value (an expression, or a `(fields, operators) => …` callback), or `$count`'s second argument. */
  where?: Node;
}

/** `db.insert(X)`, `db.update(X)`, `db.delete(X)` on a Neon Auth table. */
export interface DrizzleWrite {
  kind: 'insert' | 'update' | 'delete';
  /** From the method name to the call's `)`. */
  start: number;
  end: number;
  table: AuthTableSymbol;
}

/**
 * One relation a relational query loads (`author: true` in `with`) whose table is a Neon Auth table:
 * Drizzle compiles it to a left join lateral with no filter (drizzle-orm `pg-core/dialect.ts`).
 */
export interface RelationalLoad {
  /** The relation's key in `with` (its range). */
  start: number;
  end: number;
  relation: string;
  /** The table whose relations hold it (the `db.query.<table>` name, or the table of an outer relation). */
  table: string;
  target: AuthTableSymbol;
}

/**
 * One condition of a row-level security policy that a table the file defines declares in its extra
 * config (`pgTable('notes', { … }, (t) => [pgPolicy('owner', { using: sql\`…\` }), crudPolicy({ read: authUid(t.ownerId), … })])`)
 * or links to it (`pgPolicy('owner', { using: sql\`… ${notes.ownerId}\` }).link(notes)`, drizzle-orm 0.36+):
 * the value of `pgPolicy`'s `using`/`withCheck` or of `crudPolicy`'s `read`/`modify` (drizzle-orm
 * `pg-core/policies.ts`, `neon/rls.ts`), which drizzle-kit writes into `CREATE POLICY … ON <table>`.
 */
export interface DrizzlePolicyCondition {
  /** The policy's table (its SQL name, and schema: undefined for `pgTable`). */
  table: string;
  schema?: string;
  /** The property the condition is the value of. */
  clause: 'using' | 'withCheck' | 'read' | 'modify';
  /** The condition (a `sql` template, an `authUid(…)` call, `true`, …). */
  node: Node;
  /** The column of the policy's table an expression names: `t.ownerId` through the extra config's parameter, or `notes.ownerId` through the identifier a `.link(notes)` names. */
  columnOf(n: Node | undefined): DrizzleColumn | undefined;
}

/** An app table the file defines (`export const posts = pgTable('posts', { authorId: text('author_id') })`). */
export interface DrizzleAppTable {
  /** Its schema (`pgSchema('billing').table(…)`); undefined for `pgTable` (the search path's). */
  schema?: string;
  name: string;
  /** Property → column name (as Postgres sees it). */
  columns: ReadonlyMap<string, string>;
}

/**
 * Where the file brings a Neon Auth table into Drizzle: the `usersSync` of an import from
 * `drizzle-orm/neon` (or of its `await import`/`require` pattern), or the name argument of a
 * `pgSchema('neon_auth').table('user', …)` definition. Offsets are 0-based UTF-16 into the host text.
 */
export interface DrizzleAuthDeclaration {
  symbol: AuthTableSymbol;
  start: number;
  end: number;
}

/** What the rules read of a host file's Drizzle code. */
export interface DrizzleModel {
  /**
   * Where the file imports or defines each Neon Auth table: an import of `usersSync` from
   * drizzle-orm/neon, a `pgSchema('neon_auth').table(…)` definition, or an import of a workspace
   * module's export that is one (`import { usersSync } from './schema'`, see `WorkspaceImports`).
   */
  declarations: DrizzleAuthDeclaration[];
  columns: DrizzleColumn[];
  /** Every call of drizzle-orm's `eq`/`ne` in the file, wherever it is (a `where`, a join's condition, a relational `where`, a `sql` fragment). */
  comparisons: DrizzleComparison[];
  foreignKeys: DrizzleForeignKey[];
  selects: DrizzleSelect[];
  writes: DrizzleWrite[];
  /** Relational queries and counts on a Neon Auth table itself. */
  tableReads: DrizzleTableRead[];
  /** Relations loaded by relational queries (`db.query.posts.findMany({ with: { author: true } })`) that lead to a Neon Auth table. */
  relationalLoads: RelationalLoad[];
  /**
   * The app tables the file defines whose every column it shows (an object literal of builder calls,
   * no spread or computed key; not a table whose SQL name two definitions of the file share), as
   * table definitions: schema (`public` for `pgTable`), name, and each column's type (`sqlType`, else
   * `''`: not known), NOT NULL and primary key. The SQL of the file's `sql` templates reads them as
   * tables an earlier migration made (see `drizzlePriorSchema`).
   */
  tableDefs: TableDef[];
  /** The conditions of the RLS policies the file's tables declare or that are linked to them (see `DrizzlePolicyCondition`). */
  policyConditions: DrizzlePolicyCondition[];
  /** The Neon Auth table an expression denotes (an identifier, `ns.usersSync`, an alias). */
  symbolOf(n: Node | undefined): AuthTableSymbol | undefined;
  /** The column (as Postgres sees it) and table an expression `X.prop` denotes, for a Neon Auth table X. */
  columnOf(n: Node | undefined): { symbol: AuthTableSymbol; column: string } | undefined;
  /** The app's own table an identifier denotes: one the file defines with `pgTable('posts', …)` / `schema.table(…)`. */
  appTableOf(n: Node | undefined): DrizzleAppTable | undefined;
  /** The column and app table an expression `posts.authorId` denotes (see `appTableOf`). */
  appColumnOf(n: Node | undefined): { table: DrizzleAppTable; column: string } | undefined;
  /**
   * The definition of the app column an expression `posts.authorId` denotes (builder, SQL type,
   * references): a column of a table the file defines, bound to an identifier once, whose SQL name
   * no other definition of the file shares; undefined otherwise.
   */
  appColumnDefOf(n: Node | undefined): DrizzleColumn | undefined;
  /** The drizzle-orm operator a call calls (`eq`, `and`, `isNull`, …), by its imported name. */
  operatorOf(call: Node): string | undefined;
  /** The local name the file imports `name` of `module` under (`import { sql as s } from 'drizzle-orm'` → `s`; also through a module that re-exports it); undefined when it does not import it. */
  importedAs(module: string, name: string): string | undefined;
  /**
   * The initializer of the same-file `const` an identifier names (`const notDeleted = isNull(…)`),
   * TypeScript wrappers removed; undefined for any other expression, a `let`/`var`, a parameter, an
   * import, or a name the file declares more than once (scopes are not tracked).
   */
  constValue(n: Node | undefined): Node | undefined;
  /**
   * The name code a fix inserts must call `name` (exported by `module`) by: its local name when the
   * file imports it (`import { isNull as isNil }` → `isNil`), else `name` itself when the file names
   * nothing so (no binding, reference or type), else an alias that is free (`pgText`, `drizzleAnd`,
   * then a numeric suffix), which `importEdits` then imports as `name as alias`.
   */
  localName(module: string, name: string): string;
  /** Edits that make `names` available from `module` under their `localName` (added to its import, or a new import). */
  importEdits(module: string, names: readonly string[]): TextEdit[];
  /**
   * Edits for a fix that stops using `remove` (imported from `module`) where `uses` are (the ranges
   * the fix rewrites) and starts using `add` from the same module: the import of `add` as
   * `importEdits` makes it, and the specifier of `remove` dropped when no other identifier of the
   * file refers to it, types included (a comment or string that spells it does not count; in place of it, `add` when that is missing; the whole declaration when it was its only
   * specifier), so the module keeps no unused import (`tsc --noUnusedLocals`, TS6133).
   */
  importSwapEdits(module: string, add: string, remove: string, uses: readonly { start: number; end: number }[]): TextEdit[];
  /** The quote the file writes strings with (`'` or `"`). */
  quote: string;
}

/** The pre-filter for Drizzle: whether the text can hold a Drizzle Neon Auth table, or define tables of its own that a `sql` template from `drizzle-orm` can name. */
export function mentionsDrizzleAuth(text: string): boolean {
  return /drizzle-orm\/neon|pgSchema\s*\(\s*['"`]neon_auth/.test(text) || (/\bpgTable\b|\.table\s*\(/.test(text) && /['"`]drizzle-orm['"`]/.test(text));
}

interface Imported {
  module: string;
  imported: string;
}

/**
 * Builds the Drizzle model of a parsed host file. `g` is the file's gathered nodes (see `babel.ts`),
 * `program` its AST. Returns undefined when no identifier denotes a Neon Auth table and the file
 * defines no table of its own (nothing for the Drizzle checks, nor for `${…}` host names, to look at).
 */
export function drizzleModel(text: string, program: Node, g: Gathered, external?: WorkspaceImports, relations?: DrizzleRelations): DrizzleModel | undefined {
  const { imports, symbols, declarations, tables, isPgCore, stringArg, symbolOf, columnOf, appTableOf, appColumnOf, operatorOf, importedAs, hasAppTables } =
    resolveSymbols(g, external);
  if (
    symbols.size === 0 &&
    !hasAppTables &&
    relations === undefined &&
    ![...imports.values()].some((i) => i.imported === '*' && (NEON_AUTH_MODULES.has(i.module) || external?.[i.module] !== undefined))
  )
    return undefined;

  const constInits = new Map<string, Node | undefined>();
  for (const { node: d, parent } of g.declarators) {
    if (d.id.type !== 'Identifier') continue;
    const name: string = d.id.name;
    // Declared twice (in any scope): either one may be meant, so it resolves to neither.
    const once = !constInits.has(name) && parent?.type === 'VariableDeclaration' && parent.kind === 'const' && d.init;
    constInits.set(name, once ? unwrap(d.init) : undefined);
  }
  const constValue = (n: Node | undefined): Node | undefined => {
    const m = n && unwrap(n);
    return m?.type === 'Identifier' ? constInits.get(m.name) : undefined;
  };

  // ── columns and table-level foreign keys ──
  const columns: DrizzleColumn[] = [];
  const foreignKeys: DrizzleForeignKey[] = [];
  const tableDefs: TableDef[] = [];
  const defined = new Map<string, number>(); // `schema.name` → definitions of the file
  const policyConditions: DrizzlePolicyCondition[] = [];
  const policiesRead = new Set<Node>(); // the `pgPolicy(…)`/`crudPolicy(…)` calls read into `policyConditions`
  /** The conditions of a policy call (`pgPolicy(name, config)`, `crudPolicy(config)`) on table `t`, its columns named through `columnOf`. */
  const readPolicy = (n: Node, t: TableCall, columnOf: DrizzlePolicyCondition['columnOf']): void => {
    if (n.type !== 'CallExpression' || n.arguments[n.arguments.length - 1]?.type !== 'ObjectExpression' || policiesRead.has(n)) return;
    const c = n.callee;
    const imp = c.type === 'Identifier' ? imports.get(c.name) : undefined;
    const policy = isPgCore(c, 'pgPolicy') && n.arguments.length === 2;
    const crud = imp?.imported === 'crudPolicy' && NEON_AUTH_MODULES.has(imp.module) && n.arguments.length === 1;
    if (!policy && !crud) return;
    policiesRead.add(n);
    const clauses = policy ? (['using', 'withCheck'] as const) : (['read', 'modify'] as const);
    for (const p of n.arguments[n.arguments.length - 1].properties) {
      if (p.type !== 'ObjectProperty' || p.computed) continue;
      const clause = clauses.find((k) => k === (p.key.name ?? p.key.value));
      if (clause) policyConditions.push({ table: t.name, ...(t.schema === undefined ? {} : { schema: t.schema }), clause, node: unwrap(p.value), columnOf });
    }
  };
  /** The app tables the file defines, by the identifier bound to each: the definition and its columns by property. */
  const ownTables = new Map<string, { t: TableCall; byProperty: ReadonlyMap<string, DrizzleColumn> }>();
  for (const [decl, t] of tables) {
    if (resolveManagedTable(t.schema, t.name)) continue; // Neon's own tables are not the app's
    const byProperty = new Map<string, DrizzleColumn>();
    if (decl.id.type === 'Identifier') ownTables.set(decl.id.name, { t, byProperty });
    const object = objectOfColumns(t.columns);
    let whole = object !== undefined;
    for (const p of object?.properties ?? []) {
      if (p.type !== 'ObjectProperty' || p.computed) {
        whole = false;
        continue;
      }
      const property = p.key.name ?? p.key.value;
      const col = columnOfChain(t.name, property, p.value, symbolOf, columnOf, stringArg, imports);
      if (!col) {
        whole = false;
        continue;
      }
      byProperty.set(property, col);
      columns.push(col);
    }
    const schema = t.schema ?? 'public';
    defined.set(`${schema}.${t.name}`, (defined.get(`${schema}.${t.name}`) ?? 0) + 1);
    if (whole && resolveManagedTable('neon_auth', t.name) === undefined) {
      const cols = [...byProperty.values()];
      tableDefs.push({
        schema,
        name: t.name,
        columns: cols.map((c) => ({
          name: c.name,
          type: c.sqlType ?? '',
          notNull: c.notNull !== undefined,
          // a key to a Neon Auth user id (a contradicting type is match-user-id-type's finding, not a comparison's)
          ...(c.references
            ? { references: [{ schema: c.references.target.managed.schema, name: c.references.target.managed.name, column: c.references.targetColumn }] }
            : {}),
        })),
        primaryKey: cols.filter((c) => c.methods.some((m) => m.name === 'primaryKey')).map((c) => c.name),
      });
    }
    if (!t.extra) continue;
    const extra = unwrap(t.extra);
    const param =
      (extra.type === 'ArrowFunctionExpression' || extra.type === 'FunctionExpression') && extra.params[0]?.type === 'Identifier'
        ? extra.params[0].name
        : undefined;
    const ownColumn = (n: Node | undefined): DrizzleColumn | undefined => {
      const m = n && unwrap(n);
      if (m?.type !== 'MemberExpression' || m.object.type !== 'Identifier') return undefined;
      if (m.object.name !== param) return undefined;
      return byProperty.get(memberName(m) ?? '');
    };
    walk(t.extra, (n) => readPolicy(n, t, ownColumn));
    walk(t.extra, (n) => {
      if (n.type !== 'CallExpression' || !isPgCore(n.callee, 'foreignKey') || n.arguments[0]?.type !== 'ObjectExpression') return;
      const prop = (name: string): Node | undefined =>
        n.arguments[0].properties.find((p: Node) => p.type === 'ObjectProperty' && !p.computed && (p.key.name ?? p.key.value) === name)?.value;
      const foreign = prop('foreignColumns');
      const local = prop('columns');
      if (foreign?.type !== 'ArrayExpression' || local?.type !== 'ArrayExpression') return;
      const target = foreign.elements.map((e: Node) => columnOf(e)).find((c: unknown) => c !== undefined);
      if (!target || !target.symbol.users) return;
      foreignKeys.push({
        call: n,
        columns: local.elements.map((e: Node) => {
          const m = e && unwrap(e);
          return m?.type === 'MemberExpression' ? byProperty.get(memberName(m) ?? '') : undefined;
        }),
        target: target.symbol,
        targetColumn: target.column,
      });
    });
  }
  // `pgPolicy('owner', { … }).link(notes)` (drizzle-orm 0.36+): a policy declared outside its table
  // and linked to it, also through a `const` (`const owner = pgPolicy(…); owner.link(notes)`); its
  // conditions name the table's columns through the table's own identifier (`${notes.ownerId}`).
  for (const n of g.calls) {
    const c = n.callee;
    if (c.type !== 'MemberExpression' || memberName(c) !== 'link' || n.arguments.length !== 1) continue;
    const target = unwrap(n.arguments[0]);
    const own = target.type === 'Identifier' ? ownTables.get(target.name) : undefined;
    if (!own) continue;
    const object = unwrap(c.object);
    const policy = object.type === 'Identifier' ? constValue(object) : object;
    if (policy?.type !== 'CallExpression' || !isPgCore(policy.callee, 'pgPolicy')) continue;
    const name: string = target.name;
    readPolicy(policy, own.t, (x) => {
      const m = x && unwrap(x);
      if (m?.type !== 'MemberExpression' || m.object.type !== 'Identifier' || m.object.name !== name) return undefined;
      return own.byProperty.get(memberName(m) ?? '');
    });
  }

  // `.onDelete('cascade')` chained on a foreignKey(…): the chain's calls are ancestors of the call.
  if (foreignKeys.length > 0) {
    const byCall = new Map(foreignKeys.map((f) => [f.call, f]));
    for (const n of g.calls) {
      const c = n.callee;
      if (c.type !== 'MemberExpression') continue;
      let inner = c.object;
      while (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && !byCall.has(inner)) inner = inner.callee.object;
      const fk = byCall.get(inner);
      if (!fk) continue;
      if (memberName(c) === 'onDelete') {
        const v = n.arguments[0];
        if (v?.type === 'StringLiteral') fk.onDelete = { value: v.value, start: v.start, end: v.end };
        else fk.onDelete = { value: '?', start: n.start, end: n.end };
      }
    }
  }

  // ── select chains and writes ──
  const selects: DrizzleSelect[] = [];
  const writes: DrizzleWrite[] = [];
  const tableReads: DrizzleTableRead[] = [];
  /**
   * The Neon Auth table a key under `db.query` names. The key is the name the table has in the schema
   * given to `drizzle({ schema })`, which this file does not show: a table of this file by that
   * name, else one an imported workspace module or the schema modules its imports reach (`relations`)
   * export under it.
   */
  const queryKey = (key: string): { table: AuthTableSymbol; name?: string } | undefined => {
    const local = symbols.get(key);
    if (local) return { table: local, name: key };
    const reached = relations?.[key]?.[SCHEMA_TABLE];
    if (reached && 'auth' in reached) return { table: symbolOfExported(reached.auth) };
    for (const exported of Object.values(external ?? {}))
      if (Object.prototype.hasOwnProperty.call(exported, key)) return { table: symbolOfExported(exported[key]) };
    return undefined;
  };
  const inner = new Set<Node>();
  for (const n of g.calls) if (n.callee.type === 'MemberExpression' && n.callee.object.type === 'CallExpression') inner.add(n.callee.object);
  for (const n of g.calls) {
    const c = n.callee;
    if (c.type !== 'MemberExpression') continue;
    const method = memberName(c);
    if ((method === 'insert' || method === 'update' || method === 'delete') && n.arguments.length === 1) {
      const table = symbolOf(n.arguments[0]);
      if (table) writes.push({ kind: method, start: c.property.start, end: n.end, table });
      continue;
    }
    if (method === '$count' && n.arguments.length >= 1 && n.arguments.length <= 2) {
      const arg = n.arguments[0];
      const table = symbolOf(arg);
      if (table)
        tableReads.push({ kind: '$count', start: arg.start, end: arg.end, table, name: text.slice(arg.start, arg.end), call: n, where: n.arguments[1] });
      continue;
    }
    if ((method === 'findMany' || method === 'findFirst') && c.object.type === 'MemberExpression' && n.arguments.length <= 1) {
      const ref = c.object;
      const key = memberName(ref);
      if (ref.object.type === 'MemberExpression' && memberName(ref.object) === 'query' && key !== undefined) {
        const found = queryKey(key);
        const config = n.arguments[0];
        const where =
          config?.type === 'ObjectExpression'
            ? config.properties.find((p: Node) => p.type === 'ObjectProperty' && !p.computed && (p.key.name ?? p.key.value) === 'where')?.value
            : undefined;
        if (found) tableReads.push({ kind: method, start: ref.property.start, end: ref.property.end, ...found, call: n, config, where });
        continue;
      }
    }
    if (inner.has(n)) continue;
    const s = selectOf(n, symbolOf);
    if (s) selects.push(s);
  }

  const quote = /import[^'"]*?(['"])/.exec(text)?.[1] ?? "'";
  let identifierStarts: Map<string, number[]> | undefined; // built on the first fix that needs an import
  const aliases = new Map<string, string>();
  const localName = (module: string, name: string): string => {
    const imported = importedAs(module, name);
    if (imported !== undefined) return imported;
    const key = `${module}\u0000${name}`;
    const known = aliases.get(key);
    if (known !== undefined) return known;
    const namesInUse = (identifierStarts ??= identifierStartsIn(program));
    let local = name;
    if (namesInUse.has(local)) {
      const base = `${module === 'drizzle-orm/pg-core' ? 'pg' : 'drizzle'}${name[0].toUpperCase()}${name.slice(1)}`;
      local = base;
      for (let i = 2; namesInUse.has(local) || [...aliases.values()].includes(local); i++) local = `${base}${i}`;
    }
    aliases.set(key, local);
    return local;
  };
  const specifier = (module: string, name: string): string => {
    const local = localName(module, name);
    return local === name ? name : `${name} as ${local}`;
  };
  const importEdits = (module: string, names: readonly string[]): TextEdit[] => {
    const missing = names.filter((name) => !importedAs(module, name)).map((name) => specifier(module, name));
    if (missing.length === 0) return [];
    const decl = g.imports.find((d) => d.source.value === module && d.importKind !== 'type' && d.specifiers.some((s: Node) => s.type === 'ImportSpecifier'));
    if (decl) {
      const specs = decl.specifiers.filter((s: Node) => s.type === 'ImportSpecifier');
      const last = specs[specs.length - 1];
      return [{ start: last.end, end: last.end, newText: missing.map((m) => `, ${m}`).join('') }];
    }
    // The walk gathers siblings last first: the last declaration is the one that starts last.
    const lastImport = g.imports.reduce<Node | undefined>((a, d) => (a === undefined || d.start > a.start ? d : a), undefined);
    const semi = lastImport ? text.slice(lastImport.start, lastImport.end).trimEnd().endsWith(';') : true;
    const line = `import { ${missing.join(', ')} } from ${quote}${module}${quote}${semi ? ';' : ''}`;
    if (lastImport) return [{ start: lastImport.end, end: lastImport.end, newText: `\n${line}` }];
    return [{ start: program.start, end: program.start, newText: `${line}\n` }];
  };
  const importSwapEdits = (module: string, add: string, remove: string, uses: readonly { start: number; end: number }[]): TextEdit[] => {
    const keep = importEdits(module, [add]);
    let decl: Node | undefined;
    let spec: Node | undefined;
    for (const d of g.imports) {
      if (d.source.value !== module || d.importKind === 'type') continue;
      const s = d.specifiers.find((x: Node) => x.type === 'ImportSpecifier' && x.importKind !== 'type' && x.local.name === remove);
      if (s) [decl, spec] = [d, s];
    }
    if (!decl || !spec) return keep;
    // Any other reference to the name (code or a type, a shadowing declaration too) keeps the
    // import; a comment or string that spells it does not (the tree has no identifier there).
    const skip = [spec, ...uses];
    if ((identifierStarts ??= identifierStartsIn(program)).get(remove)?.some((at) => !skip.some((r) => at >= r.start && at < r.end)))
      // Kept: the specifier is still "touched" (rewritten as it is), so that two fixes of one pass
      // that each keep it for the other's use conflict, and fix-all applies them one pass apart:
      // the last one then sees no other use and drops the import (as fixing them one at a time does).
      return [...keep, { start: spec.start, end: spec.end, newText: text.slice(spec.start, spec.end) }];
    if (keep.length > 0) return [{ start: spec.start, end: spec.end, newText: specifier(module, add) }];
    const specs: Node[] = decl.specifiers;
    if (specs.length === 1) {
      const end = text.startsWith('\r\n', decl.end) ? decl.end + 2 : text.startsWith('\n', decl.end) ? decl.end + 1 : decl.end;
      return [{ start: decl.start, end, newText: '' }];
    }
    const named = specs.filter((x) => x.type === 'ImportSpecifier');
    if (named.length === 1) return []; // `import d, { x } from …`: left as it is
    const k = named.indexOf(spec);
    return [k < named.length - 1 ? { start: spec.start, end: named[k + 1].start, newText: '' } : { start: named[k - 1].end, end: spec.end, newText: '' }];
  };
  const relationalLoads = relationalLoadsOf(g, relationsOf(g, operatorOf, symbolOf), relations);
  const appColumnDefOf = (n: Node | undefined): DrizzleColumn | undefined => {
    const m = n && unwrap(n);
    if (m?.type !== 'MemberExpression' || m.object.type !== 'Identifier' || !appTableOf(m.object)) return undefined;
    const own = ownTables.get(m.object.name);
    const col = own?.byProperty.get(memberName(m) ?? '');
    // Two definitions of one SQL table: either may be the database's.
    return own && col && defined.get(`${own.t.schema ?? 'public'}.${own.t.name}`) === 1 ? col : undefined;
  };
  const comparisons: DrizzleComparison[] = [];
  for (const n of g.calls) {
    const op = operatorOf(n);
    if ((op === 'eq' || op === 'ne') && n.arguments.length === 2 && !n.arguments.some((a: Node) => a.type === 'SpreadElement'))
      comparisons.push({ call: n, operator: op, left: n.arguments[0], right: n.arguments[1] });
  }
  return {
    declarations,
    columns,
    comparisons,
    foreignKeys,
    selects,
    writes,
    tableReads,
    relationalLoads,
    tableDefs: tableDefs.filter((d) => defined.get(`${d.schema}.${d.name}`) === 1),
    policyConditions,
    symbolOf,
    columnOf,
    appTableOf,
    appColumnOf,
    appColumnDefOf,
    operatorOf,
    importedAs,
    constValue,
    localName,
    importEdits,
    importSwapEdits,
    quote,
  };
}

/**
 * Every name the program binds or refers to (variables, functions, classes, parameters, imports,
 * types), each with the offsets it is written at, leaving out names that are only property keys
 * (`x.text`, `{ text: 1 }`) or the exported side of an import (`import { text as t }`): the names an
 * inserted identifier could clash with, and the references that keep an import in use. Comments and
 * strings hold no identifier.
 */
function identifierStartsIn(program: Node): Map<string, number[]> {
  const names = new Map<string, number[]>();
  walk(
    program,
    (n, parent) => {
      if (n.type !== 'Identifier') return;
      if (parent) {
        const t = parent.type;
        if ((t === 'MemberExpression' || t === 'OptionalMemberExpression') && parent.property === n && !parent.computed) return;
        if (
          (t === 'ObjectProperty' || t === 'ObjectMethod' || t === 'ClassProperty' || t === 'ClassMethod' || t === 'TSPropertySignature') &&
          parent.key === n &&
          !parent.computed &&
          !parent.shorthand
        )
          return;
        if (t === 'ImportSpecifier' && parent.imported === n && parent.local !== n) return;
        if (t === 'TSQualifiedName' && parent.right === n) return;
      }
      const at = names.get(n.name);
      if (at) at.push(n.start);
      else names.set(n.name, [n.start]);
    },
    true,
  );
  return names;
}

/** Whether `other` re-exports what `module` exports under the same names (`drizzle-orm/sql` for `drizzle-orm`'s operators). */
function reExports(module: string, other: string): boolean {
  if (module === 'drizzle-orm') return /^drizzle-orm\/(?:sql|expressions)(?:\/|$)/.test(other);
  return other.startsWith(`${module}/`);
}

/** `usersSync` of drizzle-orm/neon. */
function usersSyncSymbol(): AuthTableSymbol {
  return { managed: resolveManagedTable('neon_auth', 'users_sync')!, users: resolveAuthTable('neon_auth', 'users_sync'), columns: USERS_SYNC_COLUMNS };
}

/** The symbol of a table another workspace module exports (see `WorkspaceImports`). */
function symbolOfExported(e: ExportedAuthTable): AuthTableSymbol {
  const managed = resolveManagedTable(e.schema, e.table);
  return { managed: managed!, users: resolveAuthTable(e.schema, e.table), columns: new Map(Object.entries(e.columns)) };
}

/** A table definition call: its schema (undefined: the default one), name, columns object and extra config. */
interface TableCall {
  schema?: string;
  name: string;
  /** The name argument (a string literal or a template without substitutions). */
  nameNode: Node;
  columns?: Node;
  extra?: Node;
}

/**
 * The file's imports and the identifiers that denote Neon Auth tables: imports of `usersSync` (any
 * alias), `await import()`/`require()` of it, tables another workspace module exports (`external`),
 * local `pgSchema('neon_auth').table(…)` definitions and aliases of any of these. A name declared
 * twice resolves to nothing (scopes are not tracked).
 */
function resolveSymbols(g: Gathered, external: WorkspaceImports | undefined) {
  const imports = new Map<string, Imported>();
  for (const n of g.imports) {
    for (const s of n.specifiers ?? []) {
      const imported = importedName(s);
      imports.set(s.local.name, { module: n.source.value, imported });
    }
  }
  const symbols = new Map<string, AuthTableSymbol>();
  const schemas = new Map<string, string>(); // local name → schema of a `pgSchema('…')`
  const ambiguous = new Set<string>();
  const declarations: DrizzleAuthDeclaration[] = [];
  const appTables = new Map<string, DrizzleAppTable>();
  for (const [local, imp] of imports) {
    if (NEON_AUTH_MODULES.has(imp.module) && imp.imported === 'usersSync') symbols.set(local, usersSyncSymbol());
    const exported = external?.[imp.module]?.[imp.imported];
    if (exported) symbols.set(local, symbolOfExported(exported));
  }
  for (const n of g.imports) {
    if (n.importKind === 'type') continue;
    const module: string = n.source.value;
    for (const s of n.specifiers ?? []) {
      if (s.type !== 'ImportSpecifier' || s.importKind === 'type') continue;
      if (NEON_AUTH_MODULES.has(module) && importedName(s) === 'usersSync')
        declarations.push({ symbol: usersSyncSymbol(), start: s.imported.start, end: s.imported.end });
      else {
        const exported = external?.[module]?.[importedName(s)];
        if (exported) declarations.push({ symbol: symbolOfExported(exported), start: s.imported.start, end: s.imported.end });
      }
    }
  }

  const isPgCore = (callee: Node, name: string): boolean => {
    if (callee.type === 'Identifier') {
      const imp = imports.get(callee.name);
      return imp ? imp.imported === name && imp.module.startsWith('drizzle-orm') : callee.name === name;
    }
    return (callee.type === 'MemberExpression' && memberName(callee) === name) || false;
  };
  /** Whether `n` is a namespace import of a drizzle-orm module (`import * as p from 'drizzle-orm/pg-core'`). */
  const isDrizzleNamespace = (n: Node | undefined): boolean => {
    const imp = n?.type === 'Identifier' ? imports.get(n.name) : undefined;
    return imp?.imported === '*' && imp.module.startsWith('drizzle-orm');
  };
  const stringArg = (n: Node | undefined): string | undefined =>
    n?.type === 'StringLiteral' ? n.value : n?.type === 'TemplateLiteral' && n.expressions.length === 0 ? n.quasis[0].value.cooked : undefined;
  /** The schema a `pgSchema('s')` call or an identifier bound to one names. */
  const schemaOf = (n: Node): string | undefined => {
    n = unwrap(n);
    if (n.type === 'Identifier') return schemas.get(n.name);
    if (n.type === 'CallExpression' && isPgCore(n.callee, 'pgSchema')) return stringArg(n.arguments[0]);
    return undefined;
  };
  /** For a `pgTable('t', …)` / `schema.table('t', …)` call (also with `.enableRLS()` after it): the table's schema (undefined: the default one) and name. */
  const tableCall = (n: Node): TableCall | undefined => {
    n = unwrap(n);
    if (n.type !== 'CallExpression') return undefined;
    // `pgTable(…).enableRLS()` is the same table (drizzle-orm pg-core `table.ts`)
    if (n.callee.type === 'MemberExpression' && memberName(n.callee) === 'enableRLS' && n.arguments.length === 0) return tableCall(n.callee.object);
    const name = stringArg(n.arguments[0]);
    if (name === undefined) return undefined;
    const c = n.callee;
    const nameNode = n.arguments[0];
    if (isPgCore(c, 'pgTable') && (c.type === 'Identifier' || isDrizzleNamespace(c.object)))
      return { name, nameNode, columns: n.arguments[1], extra: n.arguments[2] };
    if (c.type === 'MemberExpression' && memberName(c) === 'table') {
      const schema = schemaOf(c.object);
      if (schema !== undefined) return { schema, name, nameNode, columns: n.arguments[1], extra: n.arguments[2] };
    }
    return undefined;
  };

  const declarators = g.declarators.map((d) => d.node).filter((n) => n.id.type === 'Identifier' || n.id.type === 'ObjectPattern');
  const seen = new Set<string>();
  for (const n of declarators) {
    if (n.id.type !== 'Identifier') continue;
    if (seen.has(n.id.name)) ambiguous.add(n.id.name);
    seen.add(n.id.name);
  }
  // `const auth = pgSchema('neon_auth')`
  for (const n of declarators) {
    if (n.id.type !== 'Identifier' || !n.init || ambiguous.has(n.id.name)) continue;
    const init = unwrap(n.init);
    if (init.type === 'CallExpression' && isPgCore(init.callee, 'pgSchema')) {
      const s = stringArg(init.arguments[0]);
      if (s !== undefined) schemas.set(n.id.name, s);
    }
  }
  const tables = new Map<Node, TableCall>();
  for (const n of declarators) {
    // `const { usersSync } = await import('drizzle-orm/neon')`, `require(…)`
    const module = moduleOfRequire(n.init);
    if (module !== undefined && NEON_AUTH_MODULES.has(module) && n.id.type === 'ObjectPattern') {
      for (const p of n.id.properties) {
        if (p.type === 'ObjectProperty' && (p.key.name ?? p.key.value) === 'usersSync' && p.value.type === 'Identifier') {
          symbols.set(p.value.name, usersSyncSymbol());
          declarations.push({ symbol: usersSyncSymbol(), start: p.key.start, end: p.key.end });
        }
      }
      continue;
    }
    if (n.id.type !== 'Identifier' || !n.init || ambiguous.has(n.id.name)) continue;
    const t = tableCall(n.init);
    if (!t) continue;
    tables.set(n, t);
    const managed = resolveManagedTable(t.schema, t.name);
    if (!managed) {
      // A look-alike (`pgTable('users_sync', …)`, the app's own table) is not named: it would read as Neon's.
      if (resolveManagedTable('neon_auth', t.name) === undefined)
        appTables.set(n.id.name, { ...(t.schema === undefined ? {} : { schema: t.schema }), name: t.name, columns: columnNames(t.columns) });
      continue;
    }
    const symbol: AuthTableSymbol = { managed, users: resolveAuthTable(t.schema, t.name), columns: columnNames(t.columns) };
    symbols.set(n.id.name, symbol);
    declarations.push({ symbol, start: t.nameNode.start, end: t.nameNode.end });
  }
  /** `alias(X, 'name')` with `alias` imported from drizzle-orm (`pg-core`): the aliased table and the alias name. */
  const aliasCall = (n: Node): { table: Node; name: string } | undefined => {
    if (n.type !== 'CallExpression' || n.arguments.length !== 2) return undefined;
    const c = n.callee;
    const imp =
      c.type === 'Identifier' ? imports.get(c.name) : c.type === 'MemberExpression' && c.object.type === 'Identifier' ? imports.get(c.object.name) : undefined;
    const isAlias =
      imp !== undefined &&
      imp.module.startsWith('drizzle-orm') &&
      (c.type === 'Identifier' ? imp.imported === 'alias' : imp.imported === '*' && memberName(c) === 'alias');
    const name = stringArg(n.arguments[1]);
    return isAlias && name !== undefined ? { table: unwrap(n.arguments[0]), name } : undefined;
  };
  // Aliases: `const users = usersSync`, `export const usersTable = usersSyncTable` (chains too), and
  // `const editor = alias(usersSync, 'editor')` (a second relation of the same table).
  for (let changed = true; changed;) {
    changed = false;
    for (const n of declarators) {
      if (n.id.type !== 'Identifier' || !n.init || ambiguous.has(n.id.name) || symbols.has(n.id.name)) continue;
      const init = unwrap(n.init);
      const aliased = aliasCall(init);
      const base = aliased?.table ?? init;
      const found = base.type === 'Identifier' ? symbols.get(base.name) : undefined;
      const s = found && aliased ? { ...found, alias: aliased.name } : found;
      if (s) {
        symbols.set(n.id.name, s);
        changed = true;
      }
    }
  }
  for (const name of ambiguous) symbols.delete(name);
  for (const name of ambiguous) appTables.delete(name);

  const symbolOf = (n: Node | undefined): AuthTableSymbol | undefined => {
    if (!n) return undefined;
    n = unwrap(n);
    if (n.type === 'Identifier') return symbols.get(n.name);
    if (n.type === 'MemberExpression' && n.object.type === 'Identifier') {
      // `import * as neon from 'drizzle-orm/neon'` → `neon.usersSync`; `import * as schema from './schema'` → `schema.users`
      const imp = imports.get(n.object.name);
      const prop = memberName(n);
      if (imp?.imported !== '*' || prop === undefined) return undefined;
      if (NEON_AUTH_MODULES.has(imp.module)) return prop === 'usersSync' ? usersSyncSymbol() : undefined;
      const exported = external?.[imp.module]?.[prop];
      return exported ? symbolOfExported(exported) : undefined;
    }
    return undefined;
  };
  const columnOf = (n: Node | undefined): { symbol: AuthTableSymbol; column: string } | undefined => {
    if (!n) return undefined;
    n = unwrap(n);
    if (n.type !== 'MemberExpression') return undefined;
    const symbol = symbolOf(n.object);
    const prop = memberName(n);
    if (!symbol || prop === undefined) return undefined;
    const column = symbol.columns.get(prop);
    return column === undefined ? undefined : { symbol, column };
  };
  const operatorOf = (call: Node): string | undefined => {
    const c = call.callee;
    if (c?.type !== 'Identifier') return undefined;
    const imp = imports.get(c.name);
    if (imp) return imp.module.startsWith('drizzle-orm') ? imp.imported : undefined;
    return undefined;
  };
  const importedAs = (module: string, name: string): string | undefined => {
    for (const [local, imp] of imports) if (imp.module === module && imp.imported === name) return local;
    // The same export through a module that re-exports it: drizzle-orm's operators from
    // `drizzle-orm/sql` (`…/sql/expressions/conditions`) or `drizzle-orm/expressions`, pg-core's builders from `drizzle-orm/pg-core/columns`.
    for (const [local, imp] of imports) if (imp.imported === name && reExports(module, imp.module)) return local;
    return undefined;
  };
  const appTableOf = (n: Node | undefined): DrizzleAppTable | undefined => {
    if (!n) return undefined;
    n = unwrap(n);
    return n.type === 'Identifier' && !symbols.has(n.name) ? appTables.get(n.name) : undefined;
  };
  const appColumnOf = (n: Node | undefined): { table: DrizzleAppTable; column: string } | undefined => {
    if (!n) return undefined;
    n = unwrap(n);
    if (n.type !== 'MemberExpression') return undefined;
    const table = appTableOf(n.object);
    const prop = memberName(n);
    const column = table && prop !== undefined ? table.columns.get(prop) : undefined;
    return table && column !== undefined ? { table, column } : undefined;
  };
  const hasAppTables = appTables.size > 0;
  return { imports, symbols, declarations, tables, isPgCore, stringArg, symbolOf, columnOf, appTableOf, appColumnOf, operatorOf, importedAs, hasAppTables };
}

/** The object literal of a table's columns: `{ … }` or `(t) => ({ … })`. */
function objectOfColumns(n: Node | undefined): Node | undefined {
  if (!n) return undefined;
  n = unwrap(n);
  if (n.type === 'ObjectExpression') return n;
  if (n.type === 'ArrowFunctionExpression') return objectOfColumns(n.body);
  return undefined;
}

/** Property → column name of a locally defined table's columns object. */
function columnNames(columns: Node | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of objectOfColumns(columns)?.properties ?? []) {
    if (p.type !== 'ObjectProperty' || p.computed) continue;
    const property = p.key.name ?? p.key.value;
    let head = unwrap(p.value);
    while (head.type === 'CallExpression' && head.callee.type === 'MemberExpression' && head.callee.object.type === 'CallExpression') head = head.callee.object;
    const first = head.type === 'CallExpression' ? head.arguments[0] : undefined;
    out.set(property, first?.type === 'StringLiteral' ? first.value : property);
  }
  return out;
}

/** Reads `builder('name', …).method(…)…` into a column. */
function columnOfChain(
  table: string,
  property: string,
  value: Node,
  symbolOf: (n: Node | undefined) => AuthTableSymbol | undefined,
  columnOf: (n: Node | undefined) => { symbol: AuthTableSymbol; column: string } | undefined,
  stringArg: (n: Node | undefined) => string | undefined,
  imports: ReadonlyMap<string, { module: string; imported: string }>,
): DrizzleColumn | undefined {
  const methods: DrizzleColumn['methods'] = [];
  let n = unwrap(value);
  while (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && n.callee.object.type === 'CallExpression') {
    methods.unshift({ name: memberName(n.callee) ?? '', call: n, nameStart: n.callee.property.start });
    n = n.callee.object;
  }
  if (n.type !== 'CallExpression') return undefined;
  const callee = n.callee;
  const nameNode = callee.type === 'Identifier' ? callee : callee.type === 'MemberExpression' && !callee.computed ? callee.property : undefined;
  if (!nameNode) return undefined;
  const col: DrizzleColumn = {
    table,
    property,
    name: stringArg(n.arguments[0]) ?? property,
    builder: (() => {
      const imp = callee.type === 'Identifier' ? imports.get(nameNode.name) : undefined;
      return imp && imp.module.startsWith('drizzle-orm') && imp.imported !== '*' && imp.imported !== 'default' ? imp.imported : nameNode.name;
    })(),
    ...(() => {
      // the builder's drizzle-orm export: `uuid` imported (any alias), or `p.uuid` on `import * as p from 'drizzle-orm/pg-core'`
      const imp = callee.type === 'Identifier' ? imports.get(nameNode.name) : callee.object.type === 'Identifier' ? imports.get(callee.object.name) : undefined;
      const exported =
        !imp || !imp.module.startsWith('drizzle-orm')
          ? undefined
          : callee.type === 'Identifier'
            ? imp.imported
            : imp.imported === '*'
              ? nameNode.name
              : undefined;
      if (exported === undefined || exported === 'default' || exported === '*') return {};
      return { sqlType: methods.some((m) => m.name === 'array') ? `${exported.toLowerCase()}[]` : exported.toLowerCase() };
    })(),
    builderLocal: nameNode.name,
    builderStart: nameNode.start,
    builderEnd: nameNode.end,
    builderCall: n,
    methods,
  };
  for (const m of methods) {
    const dot = m.call.callee.object.end; // the `.` follows the previous call
    if ((m.name === 'notNull' || m.name === 'primaryKey') && !col.notNull) col.notNull = { start: dot, end: m.call.end, method: m.name };
    if (m.name === 'references') {
      const fn = m.call.arguments[0];
      const body = fn && (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') ? arrowResult(fn) : undefined;
      const target = columnOf(body);
      if (!target || !target.symbol.users || symbolOf === undefined) continue;
      const options = m.call.arguments[1];
      let onDelete: Literal | undefined;
      if (options?.type === 'ObjectExpression') {
        const p = options.properties.find((q: Node) => q.type === 'ObjectProperty' && !q.computed && (q.key.name ?? q.key.value) === 'onDelete');
        const value = p && unwrap(p.value);
        if (p)
          onDelete =
            value.type === 'StringLiteral'
              ? { value: value.value, start: value.start, end: value.end }
              : { value: '?', start: p.value.start, end: p.value.end };
        // `{ ...fkOptions }`: the spread may hold the action.
        else if (options.properties.some((q: Node) => q.type === 'SpreadElement')) onDelete = { value: '?', start: options.start, end: options.end };
      } else if (options) onDelete = { value: '?', start: options.start, end: options.end }; // a variable: we cannot see it
      col.references = { start: m.nameStart, end: m.call.end, target: target.symbol, targetColumn: target.column, args: m.call.arguments, onDelete };
    }
  }
  return col;
}

/** What an arrow or function expression returns: its expression body, or a lone `return x`. */
function arrowResult(fn: Node): Node | undefined {
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const ret = fn.body.body.find((s: Node) => s.type === 'ReturnStatement');
  return ret?.argument ?? undefined;
}

const JOINS: Readonly<Record<string, { kind: JoinKind; lateral: boolean }>> = {
  innerJoin: { kind: 'inner', lateral: false },
  leftJoin: { kind: 'left', lateral: false },
  rightJoin: { kind: 'right', lateral: false },
  fullJoin: { kind: 'full', lateral: false },
  crossJoin: { kind: 'cross', lateral: false },
  innerJoinLateral: { kind: 'inner', lateral: true },
  leftJoinLateral: { kind: 'left', lateral: true },
  crossJoinLateral: { kind: 'cross', lateral: true },
};

const SELECTS = new Set(['select', 'selectDistinct', 'selectDistinctOn']);

/** The select chain that ends with call `end`, when it is one: `….select(…).from(t)` then joins, `where`, …. */
function selectOf(end: Node, symbolOf: (n: Node | undefined) => AuthTableSymbol | undefined): DrizzleSelect | undefined {
  const links: { name: string; call: Node }[] = [];
  let n: Node = end;
  while (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') {
    links.unshift({ name: memberName(n.callee) ?? '', call: n });
    n = n.callee.object;
  }
  const at = links.findIndex((l) => l.name === 'from');
  if (at < 1 || !SELECTS.has(links[at - 1].name)) return undefined;
  const fromCall = links[at].call;
  const select: DrizzleSelect = {
    from: { node: fromCall.arguments[0], symbol: symbolOf(fromCall.arguments[0]) },
    joins: [],
    whereAt: fromCall.end,
    whereAfter: fromCall,
    dynamic: links.some((l) => l.name === '$dynamic'),
  };
  for (const l of links.slice(at + 1)) {
    const join = JOINS[l.name];
    if (join && l.call.arguments[0]) {
      select.joins.push({
        ...join,
        methodStart: l.call.callee.property.start,
        methodEnd: l.call.callee.property.end,
        table: { node: l.call.arguments[0], symbol: symbolOf(l.call.arguments[0]) },
        on: l.call.arguments[1],
        call: l.call,
      });
      select.whereAt = l.call.end;
      select.whereAfter = l.call;
    } else if (l.name === 'where' && l.call.arguments[0] && !select.where) select.where = { call: l.call, condition: l.call.arguments[0] };
  }
  if (!select.from.node) return undefined;
  return select;
}

/**
 * drizzle-orm operators whose result is never true when an argument is NULL (per the SQL they
 * render: `=`, `<>`, `<`, `LIKE`, `IN`, `BETWEEN`, `IS NOT NULL`, …): on a column of a LEFT-joined
 * table, the row without a match is dropped.
 */
const NULL_REJECTING = new Set([
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'notLike',
  'notIlike',
  'inArray',
  'notInArray',
  'isNotNull',
  'between',
  'notBetween',
  'arrayContains',
  'arrayContained',
  'arrayOverlaps',
]);

/** The top-level conjuncts of a `where` condition: the arguments of `and(…)` (nested `and` flattened), else the condition. */
export function conjuncts(model: DrizzleModel, condition: Node): Node[] {
  const n = unwrap(condition);
  if (n.type === 'CallExpression' && model.operatorOf(n) === 'and')
    return n.arguments.flatMap((a: Node) => (a.type === 'SpreadElement' ? [] : conjuncts(model, a)));
  return [n];
}

/** Whether a conjunct is a null-rejecting operator call with a column of a table `symbol` denotes as an argument. */
export function rejectsNullOf(model: DrizzleModel, conjunct: Node, same: (s: AuthTableSymbol) => boolean): boolean {
  const n = unwrap(conjunct);
  if (n.type !== 'CallExpression') return false;
  const op = model.operatorOf(n);
  if (op === undefined || !NULL_REJECTING.has(op)) return false;
  return n.arguments.some((a: Node) => {
    const c = model.columnOf(a);
    return c !== undefined && same(c.symbol);
  });
}

/**
 * Whether an expression mentions the `deleted_at` column of a table `same` accepts: `X.deletedAt`
 * anywhere in it (`isNull(X.deletedAt)`, `sql\`${X.deletedAt} is null\``), or `deleted_at` in the
 * text of a `sql` template.
 */
export function mentionsDeletedAt(model: DrizzleModel, expr: Node | undefined, same: (s: AuthTableSymbol) => boolean): boolean {
  if (!expr) return false;
  let found = false;
  walk(expr, (n) => {
    if (found) return;
    if (n.type === 'MemberExpression') {
      const c = model.columnOf(n);
      if (c?.column === 'deleted_at' && same(c.symbol)) found = true;
    } else if (n.type === 'TemplateElement' && /deleted_at/i.test(n.value?.raw ?? '')) found = true;
  });
  return found;
}

/**
 * What a `where` or join condition says about the `deleted_at` column of a table `same` accepts:
 * `found` when it mentions it (see `mentionsDeletedAt`), `unknown` when part of the condition is
 * code the linter cannot see into (a parameter, an imported value, a helper's result, a property of
 * an object: any of them may hold the filter), else `missing`. A same-file `const` is read one
 * level (`const notDeleted = isNull(usersSync.deletedAt)`); a name inside its value is not.
 * Conditions are the argument itself, the arguments of `and`/`or`/`not`, both sides of `?:`, `&&`,
 * `||`, `??`, and fragments in a `sql` template (a helper call, a `sql` template, a `const` holding one);
 * operands of other operators (`eq(usersSync.id, id)`) are values, never a condition.
 */
export function filterState(model: DrizzleModel, expr: Node | undefined, same: (s: AuthTableSymbol) => boolean): FilterState {
  return expr ? conditionState(model, expr, same, 0) : 'missing';
}

/** What a condition says about the `deleted_at` filter (see `filterState`). */
export type FilterState = 'found' | 'missing' | 'unknown';

/** `filterState` of one condition; `depth` counts the `const`s followed. */
function conditionState(model: DrizzleModel, expr: Node, same: (s: AuthTableSymbol) => boolean, depth: number): FilterState {
  if (mentionsDeletedAt(model, expr, same)) return 'found';
  const n = unwrap(expr);
  const all = (nodes: Node[]): FilterState => {
    const states = nodes.map((a) => (a.type === 'SpreadElement' ? 'unknown' : conditionState(model, a, same, depth)));
    return states.includes('found') ? 'found' : states.includes('unknown') ? 'unknown' : 'missing';
  };
  switch (n.type) {
    case 'Identifier': {
      if (n.name === 'undefined' || model.symbolOf(n)) return 'missing';
      const init = model.constValue(n);
      if (init === undefined || depth > 0) return 'unknown';
      return conditionState(model, init, same, depth + 1);
    }
    case 'CallExpression':
    case 'OptionalCallExpression': {
      const op = model.operatorOf(n);
      if (op === undefined) return 'unknown'; // a helper, `sql.raw(…)`, a function the file or another module defines
      return op === 'and' || op === 'or' || op === 'not' ? all(n.arguments) : 'missing';
    }
    case 'TaggedTemplateExpression':
      // A `sql` template: its `${…}` are values unless they are fragments (a call, a template, a const holding one).
      return all(
        n.quasi.expressions.filter((e: Node) => {
          const m = unwrap(e);
          if (m.type === 'CallExpression' || m.type === 'OptionalCallExpression' || m.type === 'TaggedTemplateExpression') return true;
          return m.type === 'Identifier' && model.constValue(m)?.type === 'TaggedTemplateExpression';
        }),
      );
    case 'ConditionalExpression':
      return all([n.consequent, n.alternate]);
    case 'LogicalExpression':
      return all([n.left, n.right]);
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return model.columnOf(n) === undefined ? 'unknown' : 'missing'; // `filters.notDeleted`, `this.where`
    default:
      return 'missing';
  }
}

/**
 * Edits that add `conjunct` (code) to a `where` or join condition: one more argument of an `and(…)`
 * already there, else the condition wrapped as `and(condition, conjunct)`; `and` and the operators
 * in `imports` (that `conjunct` calls) are imported from drizzle-orm when the file does not import them.
 */
export function addConjunctEdits(model: DrizzleModel, condition: Node, conjunct: string, imports: readonly string[] = []): TextEdit[] {
  const n = unwrap(condition);
  if (n.type === 'CallExpression' && model.operatorOf(n) === 'and' && n.arguments.length > 0) {
    const last = n.arguments[n.arguments.length - 1];
    return [...model.importEdits('drizzle-orm', imports), { start: last.end, end: last.end, newText: `, ${conjunct}` }];
  }
  const and = model.localName('drizzle-orm', 'and');
  return [
    ...model.importEdits('drizzle-orm', ['and', ...imports]),
    { start: condition.start, end: condition.start, newText: `${and}(` },
    { start: condition.end, end: condition.end, newText: `, ${conjunct})` },
  ];
}

/** What a module exports that may be a Neon Auth table: its own tables, and what it re-exports from other modules. */
export interface ModuleExports {
  /** Export name → the Neon Auth table it is. */
  tables: Record<string, ExportedAuthTable>;
  /** `export { a as b } from './m'` (names: exported → imported) and `export * from './m'` (names undefined). */
  reexports: { specifier: string; names?: Record<string, string> }[];
}

/**
 * The Neon Auth tables a parsed module exports (`export const users = usersSync`, `export { usersSync }`,
 * `export const user = neonAuth.table('user', …)`) and its re-exports, with the tables of the workspace
 * modules it imports given as `external`. Only ES module syntax.
 */
export function moduleExports(program: Node, g: Gathered, external?: WorkspaceImports): ModuleExports {
  const { symbols } = resolveSymbols(g, external);
  const out: ModuleExports = { tables: {}, reexports: [] };
  for (const n of program.body as Node[]) {
    if (n.type === 'ExportAllDeclaration' && n.exportKind !== 'type') {
      if (!n.exported) out.reexports.push({ specifier: n.source.value });
      continue;
    }
    if (n.type !== 'ExportNamedDeclaration' || n.exportKind === 'type') continue;
    if (n.source) {
      const names: Record<string, string> = {};
      for (const s of n.specifiers ?? []) if (s.type === 'ExportSpecifier') names[s.exported.name ?? s.exported.value] = s.local.name ?? s.local.value;
      if (NEON_AUTH_MODULES.has(n.source.value)) {
        for (const [exported, local] of Object.entries(names)) if (local === 'usersSync') out.tables[exported] = asExported(usersSyncSymbol());
      } else out.reexports.push({ specifier: n.source.value, names });
      continue;
    }
    if (n.declaration?.type === 'VariableDeclaration') {
      for (const d of n.declaration.declarations) {
        const s = d.id.type === 'Identifier' ? symbols.get(d.id.name) : undefined;
        if (s) out.tables[d.id.name] = asExported(s);
      }
    }
    for (const spec of n.specifiers ?? []) {
      if (spec.type !== 'ExportSpecifier') continue;
      const s = symbols.get(spec.local.name);
      if (s) out.tables[spec.exported.name ?? spec.exported.value] = asExported(s);
    }
  }
  return out;
}

function asExported(s: AuthTableSymbol): ExportedAuthTable {
  return { schema: s.managed.schema, table: s.managed.name, columns: Object.fromEntries(s.columns) };
}

/** The `relations(table, ({ one, many }) => ({ … }))` declarations of a file (drizzle-orm's relational API). */
export function relationsOf(
  g: Gathered,
  operatorOf: (call: Node) => string | undefined,
  symbolOf: (n: Node | undefined) => AuthTableSymbol | undefined,
): DrizzleRelations {
  const out: DrizzleRelations = {};
  for (const n of g.calls) {
    if (operatorOf(n) !== 'relations' || n.arguments[0]?.type !== 'Identifier') continue;
    const fn = n.arguments[1];
    if (!fn || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression')) continue;
    const body = arrowResult(fn);
    const object = body && unwrap(body);
    if (object?.type !== 'ObjectExpression') continue;
    const table = n.arguments[0].name as string;
    for (const p of object.properties) {
      if (p.type !== 'ObjectProperty' || p.computed) continue;
      const call = unwrap(p.value);
      if (call.type !== 'CallExpression') continue;
      const helper = call.callee.type === 'Identifier' ? call.callee.name : call.callee.type === 'MemberExpression' ? memberName(call.callee) : undefined;
      if (helper !== 'one' && helper !== 'many') continue;
      const target = call.arguments[0];
      const symbol = symbolOf(target);
      const rel = p.key.name ?? p.key.value;
      if (symbol) (out[table] ??= {})[rel] = { auth: asExported(symbol) };
      else if (target?.type === 'Identifier') (out[table] ??= {})[rel] = { table: target.name };
    }
  }
  return out;
}

/** `X.query.<table>.findMany | findFirst({ with: { … } })` loads of relations that lead to a legacy `users_sync`, nested `with` followed. */
function relationalLoadsOf(g: Gathered, local: DrizzleRelations, external: DrizzleRelations | undefined): RelationalLoad[] {
  const all: DrizzleRelations = { ...external };
  for (const [t, rels] of Object.entries(local)) all[t] = { ...all[t], ...rels };
  const out: RelationalLoad[] = [];
  const visit = (table: string, config: Node | undefined, depth: number): void => {
    if (config?.type !== 'ObjectExpression' || depth > 8) return;
    const withProp = config.properties.find((p: Node) => p.type === 'ObjectProperty' && !p.computed && (p.key.name ?? p.key.value) === 'with');
    if (withProp?.value.type !== 'ObjectExpression') return;
    for (const p of withProp.value.properties) {
      if (p.type !== 'ObjectProperty' || p.computed) continue;
      const rel = p.key.name ?? p.key.value;
      if (p.value.type === 'BooleanLiteral' && !p.value.value) continue;
      const target = all[table]?.[rel];
      if (!target) continue;
      if ('auth' in target) {
        const symbol = symbolOfExported(target.auth);
        if (symbol.users?.generation === 'legacy') out.push({ start: p.key.start, end: p.key.end, relation: rel, table, target: symbol });
      } else visit(target.table, p.value, depth + 1);
    }
  };
  for (const n of g.calls) {
    const c = n.callee;
    if (c.type !== 'MemberExpression' || !['findMany', 'findFirst'].includes(memberName(c) ?? '')) continue;
    const tableRef = c.object;
    if (tableRef.type !== 'MemberExpression' || tableRef.object.type !== 'MemberExpression' || memberName(tableRef.object) !== 'query') continue;
    const table = memberName(tableRef);
    if (table !== undefined) visit(table, n.arguments[0], 0);
  }
  return out;
}

/** The Drizzle relations a parsed module declares (see `relationsOf`), with the tables of the workspace modules it imports given as `external`. */
export function moduleRelations(g: Gathered, external?: WorkspaceImports): DrizzleRelations {
  const { operatorOf, symbolOf } = resolveSymbols(g, external);
  return relationsOf(g, operatorOf, symbolOf);
}

/**
 * The `LintOptions.priorSchema` for the SQL of a host file with Drizzle tables (`DrizzleModel.tableDefs`):
 * `prior`'s tables (a migration set's, when the file has one) with the file's Drizzle tables added
 * under `schema.name` where `prior` has none, so a `sql` statement naming one (`${posts}` or `posts`)
 * knows its column types, as if an earlier migration had created it. Its key changes with the tables.
 * Undefined when the model defines none.
 */
export function drizzlePriorSchema(model: DrizzleModel | undefined, prior: PriorSchema | undefined): PriorSchema | undefined {
  if (!model || model.tableDefs.length === 0) return prior;
  const tables = new Map(prior?.tables ?? []);
  const added: TableDef[] = [];
  for (const def of model.tableDefs) {
    const key = `${def.schema}.${def.name}`;
    if (tables.has(key)) continue;
    tables.set(key, def);
    added.push(def);
  }
  if (added.length === 0) return prior;
  return { ...(prior ?? {}), tables, key: `${prior?.key ?? ''}\u0000drizzle:${JSON.stringify(added)}` };
}
