import { STRING_TYPES as COMPARISON_STRING_TYPES } from '../../columnTypes';
import { isTrivia, Scanner, tokenize } from '../../lexer';
import { keywordCase, spacedInsert, sqlIdent } from '../../sqlText';
import { AuthTable } from '../../catalog';
import { ColumnDef, ColumnOrigin, ForeignKey, TableDef } from '../../model';
import { Fix, Span } from '../../types';
import { declaredHere, originLabel, typeShown } from '../../history';
import { referencedAuthTable, tableNameIndex } from '../../tableDefs';
import { chosenConstraintName } from '../../constraintNames';
import { defineRule, RuleContext } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'match-user-id-type';

/**
 * String types Postgres accepts for a foreign key to a `text` key: each has an implicit cast to
 * `text` (measured on Postgres: `text`, `varchar(n)`, `char(n)`, `bpchar` and `name` columns can
 * reference `users_sync(id)`).
 */
const STRING_TYPES: ReadonlySet<string> = new Set([...COMPARISON_STRING_TYPES, 'name']);

/**
 * Built-in types that are neither strings nor `uuid`: no implicit cast to `text` or to `uuid`, so a
 * foreign key from them to either user id is rejected (SQLSTATE 42804). Other names (domains,
 * extension and user-defined types) are not judged.
 */
const OTHER_BUILTIN_TYPES: ReadonlySet<string> = new Set([
  'smallint',
  'integer',
  'int',
  'int2',
  'int4',
  'int8',
  'bigint',
  'smallserial',
  'serial',
  'bigserial',
  'serial2',
  'serial4',
  'serial8',
  'numeric',
  'decimal',
  'real',
  'float',
  'float4',
  'float8',
  'double precision',
  'money',
  'boolean',
  'bool',
  'bytea',
  'date',
  'time',
  'timetz',
  'time with time zone',
  'time without time zone',
  'timestamp',
  'timestamptz',
  'timestamp with time zone',
  'timestamp without time zone',
  'interval',
  'json',
  'jsonb',
  'xml',
  'inet',
  'cidr',
  'macaddr',
  'macaddr8',
  'bit',
  'bit varying',
  'varbit',
  'oid',
  'tsvector',
  'tsquery',
]);

/** A written type reduced to what decides compatibility: its base name and whether it is an array. */
interface WrittenType {
  /** Folded unless quoted, without the `pg_catalog.` qualifier, modifiers or array bounds: `character varying`. */
  name: string;
  array: boolean;
}

/**
 * Reads a type as written (`character varying(255)`, `timestamp(3) with time zone`, `uuid[]`,
 * `pg_catalog.uuid`, `"uuid"`). Undefined for a type qualified by another schema (not a built-in).
 */
function readType(written: string): WrittenType | undefined {
  const toks = tokenize(written).filter((t) => !isTrivia(t));
  let i = 0;
  if (toks[1]?.kind === 'punct' && toks[1].value === '.') {
    if (toks[0].value !== 'pg_catalog') return undefined;
    i = 2;
  }
  const words: string[] = [];
  let array = false;
  let depth = 0;
  for (; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'punct' && t.value === '(') depth++;
    else if (t.kind === 'punct' && t.value === ')') depth--;
    else if (depth > 0) continue;
    else if ((t.kind === 'punct' && t.value === '[') || (t.kind === 'word' && t.value === 'array')) {
      array = true;
      break;
    } else if (t.kind === 'word' || t.kind === 'quotedIdent') words.push(t.value);
  }
  return { name: words.join(' '), array };
}

/**
 * What in the column's own definition, and in the constraints after it in the same `CREATE TABLE`
 * or `ALTER TABLE`, is written for the column's current type (read from the text after the type,
 * per the CREATE TABLE synopsis): `identity` (`GENERATED … AS IDENTITY`: integer types only),
 * `expression` (`GENERATED ALWAYS AS (…)`, a `CHECK` of the column, or a later `CHECK` constraint
 * naming it), `collate` (`COLLATE …`: uuid has no collation), `default` (`DEFAULT …`).
 */
function typeBoundClauses(text: string, typeEnd: number, column: string): Set<'identity' | 'expression' | 'collate' | 'default'> {
  const found = new Set<'identity' | 'expression' | 'collate' | 'default'>();
  const sc = new Scanner(text, typeEnd);
  let depth = 0;
  let own = true; // in the column's own definition (before the first top-level comma)
  let check = false; // in a later element with a top-level CHECK
  let named = false; // … that names the column
  let generated = false;
  const endElement = (): void => {
    if (check && named) found.add('expression');
    check = named = false;
  };
  while (sc.next()) {
    if (sc.kind === 'whitespace' || sc.kind === 'lineComment' || sc.kind === 'blockComment') continue;
    if (sc.isPunct('(')) depth++;
    else if (sc.isPunct(')')) {
      if (--depth < 0) break; // the end of the table's element list
    } else if (depth === 0 && sc.isPunct(';')) break;
    else if (depth === 0 && sc.isPunct(',')) {
      if (own && generated) found.add('expression');
      own = generated = false;
      endElement();
    } else if (sc.kind === 'word' || sc.kind === 'quotedIdent') {
      if (!own) {
        if (depth === 0 && sc.isWord('check')) check = true;
        else if (sc.value() === column) named = true;
      } else if (depth === 0) {
        if (sc.isWord('generated')) generated = true;
        else if (generated && sc.isWord('identity')) {
          found.add('identity');
          generated = false;
        } else if (sc.isWord('check')) found.add('expression');
        else if (sc.isWord('collate')) found.add('collate');
        else if (sc.isWord('default')) found.add('default');
      }
    }
  }
  if (own && generated) found.add('expression');
  endElement();
  return found;
}

/**
 * `match-user-id-type`: the column of a foreign key to a Neon Auth user id must have a type
 * Postgres can compare with that id: `text` for the legacy `users_sync.id`, `uuid` for the current
 * `"user".id`. Anything else is rejected when the constraint is created (SQLSTATE 42804), e.g. the
 * `uuid` column of Neon's own best-practices page.
 */
/** The start of a message on a column whose type the key's target rejects. */
const REJECTED = 'Column {column} is {type}, but {target} is {expected}: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types).';
/** The same for a column an earlier migration defined (`{where}`: that file and line). */
const REJECTED_PRIOR =
  'Column {column} is {type} ({where}), but {target} is {expected}: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types).';

/** The messages of the SQL check and the Drizzle check (`drizzle.ts`). `{target}` is the user table's id column, e.g. `neon_auth.users_sync(id)`. */
export const MATCH_USER_ID_TYPE_MESSAGES = {
  arrayColumn:
    'Column {column} is {type}, an array: a foreign key cannot reference {target} ({expected}) from an array column, and Postgres rejects it (SQLSTATE 42804). Store one user per row (e.g. a join table with a {expected} column).',
  bothGenerations:
    'Column {column} is {type} and references both {target} ({expected}) and {otherTarget} ({otherExpected}): no type matches both, so Postgres rejects one of the foreign keys (SQLSTATE 42804). Reference one user table.',
  identityColumn: `${REJECTED} It is an identity column (GENERATED … AS IDENTITY), which must be an integer type: declare it {expected} without the identity, or reference the user from another column.`,
  boundExpression: `${REJECTED} Its CHECK constraint or generation expression is written for {type}: change it together with the type to {expected}.`,
  collateClause: `${REJECTED} Its COLLATE clause must go too: {expected} has no collation. Declare it {expected} without COLLATE.`,
  oldDefault: `${REJECTED} Its DEFAULT is written for {type}: declare it {expected} with a default of that type (or none).`,
  /** `{line}`: the 1-based line of the statement. */
  usedElsewhere: `${REJECTED} The statement at line {line} names the column and its table next to uuid (e.g. a view comparing it with a uuid, or a CHECK with a uuid cast): change that statement together with the type to {expected}.`,
  /** `{where}`: the later migration's file and line; `{use}`: what it does with the column. */
  usedLater: `${REJECTED} A later migration of this set, {where}, {use}: it needs the column as {type}, so change the type there and here together (to {expected}).`,
  wrongType: `${REJECTED} Declare the column {expected}.`,
  /** `{line}`: the 1-based line of the first other statement of the file that names the column. */
  wrongTypeReviewUses: `${REJECTED} Declare the column {expected}, and review the statement at line {line}, which names the column too: a view, routine, trigger, policy, index or query may use it as {type}. So the fix is a suggestion (not applied by --fix alone).`,
  /** `{where}`: the later migration's file and line. */
  wrongTypeReviewLater: `${REJECTED} Declare the column {expected}, and review {where}, a later migration of this set that names the column too: it may use it as {type}. So the fix is a suggestion (not applied by --fix alone).`,
  wrongTypeReviewDefault: `${REJECTED} Declare the column {expected}, and check its DEFAULT, written for {type}: it would then produce {expected} values of the old kind.`,
  priorArrayColumn: `${REJECTED_PRIOR} An array column cannot reference a user: store one user per row.`,
  /** `{defaultNote}` and `{drizzleKitNote}` are empty or a sentence part (see `checkPriorColumn`). */
  priorWrongType: `${REJECTED_PRIOR} Change its type to {expected} in this migration, before the key{defaultNote}; the earlier migration has already run.{drizzleKitNote}`,
  /** `{constraint}`: the foreign key's name. */
  retypedKeyColumn:
    'Column {column} becomes {type}, but its foreign key {constraint} references {target}, which is {expected}: Postgres rejects the type change (SQLSTATE 42804, incompatible types). Keep the column {expected}, or drop the key first (DROP CONSTRAINT {constraint}) when it is to reference another table.',
  drizzleArrayColumn:
    'Column {column} is {builder}().array(), but {target} is {expected}: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). An array column cannot reference a user: store one user per row.',
  /** `{randomNote}`: ' (without .defaultRandom(): the user table gives the id)' when the column has it, else empty. */
  drizzleWrongBuilder:
    'Column {column} is {builder}(), but {target} is {expected}: Postgres rejects this foreign key (SQLSTATE 42804, incompatible types). Declare it with {expected}(){randomNote}.',
} as const;

type Ctx = RuleContext<typeof MATCH_USER_ID_TYPE_MESSAGES>;

/** A foreign key to a Neon Auth user table's id, with that table. */
interface UserKey {
  fk: ForeignKey;
  users: AuthTable;
}

export const matchUserIdType = defineRule({
  meta: {
    id: ID,
    description: 'A foreign key column that references a Neon Auth user id must be text (users_sync) or uuid ("user").',
    defaultSeverity: 'error',
    rejectedByPostgres: { sqlstate: '42804', findings: 'all' },
    fix: 'safe',
    overview: {
      reports:
        'the column of a foreign key to `users_sync(id)` is not `text` (e.g. the best-practices page\'s `UUID`), or the column of a key to `neon_auth."user"(id)` is not `uuid`: Postgres rejects the key (42804); also `ALTER COLUMN … TYPE` of a key\'s column to a type the key rejects. `varchar`/`char` to `users_sync` are accepted by Postgres and not reported',
      fixes:
        '`Change the column type to text` / `… to uuid` where the column is defined (safe; not offered when a `CHECK`, identity, or a statement of the file or a later migration naming the column next to `uuid` is written for the old type; a suggestion only when any other statement of the file or set names the column: a view, routine, trigger, policy or index may use it with its old type); for a column an earlier migration of the set defined, `ALTER COLUMN … TYPE` inserted before the key (a suggestion: the column has rows)',
    },
  },
  messages: MATCH_USER_ID_TYPE_MESSAGES,
  drizzle: checkDrizzle,
  check(ctx) {
    // One finding per column definition: several keys on one column share its type (and its fix).
    const byColumn = new Map<number, { col: ColumnDef; typeSpan: Span; fks: UserKey[] }>();
    for (const fk of ctx.model.foreignKeys) {
      const users = fk.authTable;
      if (!users || fk.columns.length !== 1) continue;
      if (fk.targetColumns.length > 0 && !(fk.targetColumns.length === 1 && fk.targetColumns[0] === 'id')) continue;
      const col = fk.column;
      if (col && col.typeSpan === undefined && col.origin) {
        checkPriorColumn(ctx, fk, col, col.origin, users);
        continue;
      }
      const typeSpan = col?.typeSpan;
      if (!col || !typeSpan) continue;
      const entry = byColumn.get(typeSpan.start) ?? { col, typeSpan, fks: [] };
      entry.fks.push({ fk, users });
      byColumn.set(typeSpan.start, entry);
    }
    checkRetypedKeyColumns(ctx);
    for (const { col, typeSpan, fks } of byColumn.values()) {
      const { start: typeStart, end: typeEnd } = typeSpan;
      const written = ctx.text.slice(typeStart, typeEnd);
      const type = readType(written);
      if (!type) continue;
      const known = type.array || STRING_TYPES.has(type.name) || type.name === 'uuid' || OTHER_BUILTIN_TYPES.has(type.name);
      if (!known) continue;
      const accepted = (key: UserKey): boolean => !type.array && (key.users.generation === 'legacy' ? STRING_TYPES.has(type.name) : type.name === 'uuid');
      const rejected = fks.find((key) => !accepted(key));
      if (!rejected) continue;
      const table = rejected.users;
      const expected = table.generation === 'legacy' ? 'text' : 'uuid';
      const shown = written.replace(/\s+/g, ' ');
      const target = `${table.display}(id)`;
      if (type.array) {
        ctx.report({
          messageId: 'arrayColumn',
          data: { column: col.name, type: shown, target, expected },
          start: typeStart,
          end: typeEnd,
          fixes: [],
        });
        continue;
      }
      const other = fks.find((key) => key.users.generation !== table.generation);
      if (other) {
        // No type matches both generations' ids: changing it would only move the error.
        ctx.report({
          messageId: 'bothGenerations',
          data: {
            column: col.name,
            type: shown,
            target,
            expected,
            otherTarget: `${other.users.display}(id)`,
            otherExpected: expected === 'text' ? 'uuid' : 'text',
          },
          start: typeStart,
          end: typeEnd,
          fixes: [],
        });
        continue;
      }
      const data = { column: col.name, type: shown, target, expected };
      // What else is written for the current type: changing the type alone would swap 42804 for another error.
      const bound = typeBoundClauses(ctx.text, typeEnd, col.name);
      const owner = fks.find((key) => key.fk.table)?.fk.table?.name;
      // Other statements of the file that name the column (read by names only, `columnUses.ts`):
      // next to uuid, no fix; else the fix is offered, but not as safe.
      const uses = owner !== undefined ? ctx.tables.columnUses(owner, col.name, [ctx.statement.start, typeStart]) : [];
      const usedElsewhere = uses.find((u) => u.use === 'uuid');
      const blocker = bound.has('identity')
        ? 'identityColumn'
        : bound.has('expression')
          ? 'boundExpression'
          : bound.has('collate') && expected === 'uuid'
            ? 'collateClause'
            : bound.has('default') && expected === 'uuid'
              ? 'oldDefault'
              : usedElsewhere
                ? 'usedElsewhere'
                : undefined;
      if (blocker === 'usedElsewhere' && usedElsewhere) {
        ctx.report({ messageId: blocker, data: { ...data, line: lineOf(ctx.text, usedElsewhere.start) }, start: typeStart, end: typeEnd, fixes: [] });
        continue;
      }
      if (blocker !== undefined && blocker !== 'usedElsewhere') {
        ctx.report({ messageId: blocker, data, start: typeStart, end: typeEnd, fixes: [] });
        continue;
      }
      // A later migration of the set that uses the column with its current type: the retype would
      // move the failure there (a key from a uuid column: 42804; a comparison with a uuid: 42883).
      const primaryKey =
        ctx.model.tables.some((t) => t.name === owner && t.primaryKey.length === 1 && t.primaryKey[0] === col.name) || ownPrimaryKey(ctx, typeEnd);
      const laterUses = (owner !== undefined ? ctx.later?.of(owner, col.name, primaryKey) : undefined) ?? [];
      const later = laterUses.filter((u) => u.kind !== 'named');
      if (later.length > 0) {
        const first = later[0];
        const related = later.map((u) => ({
          ...u.at,
          message: u.kind === 'foreignKey' ? `a foreign key references ${col.name} here` : `${col.name} is used here next to uuid`,
        }));
        ctx.report({
          messageId: 'usedLater',
          data: {
            ...data,
            where: originLabel(first.at),
            use: first.kind === 'foreignKey' ? 'has a foreign key that references it' : 'uses it next to a uuid (a cast, column or function)',
          },
          start: typeStart,
          end: typeEnd,
          fixes: [],
          related,
        });
        continue;
      }
      // A DEFAULT of the old type still converts to text (every type has an assignment cast to text),
      // but it was chosen for the old type: offered, not applied without a look. The same when
      // another statement of the file or a later migration names the column: it may use it with
      // its old type (a view comparing it with a uuid column, a routine, a policy), which the retype
      // would break; names alone cannot tell, so such a fix is never safe.
      const reviewDefault = bound.has('default');
      const named = uses[0];
      const namedLater = laterUses[0];
      // The user's keyword case, as written in the type itself; the statement's when mixed.
      const newType =
        /[a-z]/.test(written) === /[A-Z]/.test(written) ? keywordCase(ctx.sig, ctx.text)(expected) : /[A-Z]/.test(written) ? expected.toUpperCase() : expected;
      const fix: Fix = {
        title: `Change the column type to ${expected}`,
        isPreferred: !reviewDefault,
        // The statement cannot run as written, so correcting the type cannot change a working schema
        // (unless it has a DEFAULT, whose value then changes type, or another statement names the column).
        safe: !reviewDefault && !named && !namedLater,
        edits: [{ start: typeStart, end: typeEnd, newText: spacedInsert(ctx.text, typeEnd, newType) }],
      };
      const at = { start: typeStart, end: typeEnd, fixes: [fix] };
      if (reviewDefault) ctx.report({ messageId: 'wrongTypeReviewDefault', data, ...at });
      else if (named) ctx.report({ messageId: 'wrongTypeReviewUses', data: { ...data, line: lineOf(ctx.text, named.start) }, ...at });
      else if (namedLater)
        ctx.report({
          messageId: 'wrongTypeReviewLater',
          data: { ...data, where: originLabel(namedLater.at) },
          ...at,
          related: laterUses.map((u) => ({ ...u.at, message: `${col.name} is named here` })),
        });
      else ctx.report({ messageId: 'wrongType', data, ...at });
    }
  },
});

/** The 1-based line of document offset `offset` in `text`. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * `ALTER TABLE t … ALTER [COLUMN] c [SET DATA] TYPE new …` where `c` has a foreign key to a user id
 * (as the file's and the earlier migrations' tables have it before the statement) that `new` cannot
 * reference: Postgres re-checks the key with the new type and rejects the change (42804). Keys the
 * same statement drops (`DROP CONSTRAINT n`; Postgres runs drops first) do not count. No fix: which
 * type is meant (keep the key, or move to the other generation's table) is the author's choice.
 */
function checkRetypedKeyColumns(ctx: Ctx): void {
  const sig = ctx.sig;
  const at = tableNameIndex(sig, 'alter');
  if (at < 0 || !ctx.model.lookup) return;
  const isName = (k: number): boolean => sig.list[k] !== undefined && (sig.list[k].kind === 'word' || sig.list[k].kind === 'quotedIdent');
  const schema = sig.isPunct(at - 1, '.') && isName(at - 2) ? sig.list[at - 2].value : undefined;
  const clauses: Array<{ start: number; end: number }> = [];
  for (let i = at + 1, depth = 0, start = at + 1; i <= sig.list.length; i++) {
    if (i === sig.list.length || (depth === 0 && sig.isPunct(i, ','))) {
      clauses.push({ start, end: i });
      start = i + 1;
    } else if (sig.isPunct(i, '(')) depth++;
    else if (sig.isPunct(i, ')')) depth--;
  }
  const dropped = new Set<string>();
  for (const { start } of clauses) {
    let j = start + 2;
    if (!sig.isWord(start, 'drop') || !sig.isWord(start + 1, 'constraint')) continue;
    if (sig.isWord(j, 'if') && sig.isWord(j + 1, 'exists')) j += 2;
    if (isName(j)) dropped.add(sig.list[j].value);
  }
  let def: TableDef | undefined | null = null;
  for (const { start, end } of clauses) {
    if (!sig.isWord(start, 'alter')) continue;
    const c = sig.isWord(start + 1, 'column') ? start + 2 : start + 1;
    const t = sig.isWord(c + 1, 'set') && sig.isWord(c + 2, 'data') ? c + 3 : c + 1;
    if (!isName(c) || !sig.isWord(t, 'type') || t + 1 >= end) continue;
    // the new type: up to USING or COLLATE
    let last = t + 1;
    for (let depth = 0; last + 1 < end; last++) {
      if (sig.isPunct(last + 1, '(') || sig.isPunct(last + 1, '[')) depth++;
      else if (sig.isPunct(last + 1, ')') || sig.isPunct(last + 1, ']')) depth--;
      else if (depth === 0 && sig.isWord(last + 1, 'using', 'collate')) break;
    }
    const span = { start: sig.list[t + 1].start, end: sig.list[last].end };
    const written = ctx.text.slice(span.start, span.end);
    const type = readType(written);
    if (!type || !(type.array || STRING_TYPES.has(type.name) || type.name === 'uuid' || OTHER_BUILTIN_TYPES.has(type.name))) continue;
    if (def === null) def = ctx.model.lookup(schema, sig.list[at].value);
    const col = def?.columns.find((x) => x.name === sig.list[c].value);
    for (const ref of col?.references ?? []) {
      const users = referencedAuthTable(ctx.tables, ref);
      if (!users || (ref.column !== undefined && ref.column !== 'id') || (ref.constraint !== undefined && dropped.has(ref.constraint))) continue;
      if (!type.array && (users.generation === 'legacy' ? STRING_TYPES.has(type.name) : type.name === 'uuid')) continue;
      // Postgres' default name when the key's name is not known
      const constraint = ref.constraint ?? chosenConstraintName(sig.list[at].value, [sig.list[c].value], 'fkey');
      ctx.report({
        messageId: 'retypedKeyColumn',
        data: {
          column: sig.list[c].value,
          type: written.replace(/\s+/g, ' '),
          constraint,
          target: `${users.display}(id)`,
          expected: users.generation === 'legacy' ? 'text' : 'uuid',
        },
        ...span,
        fixes: [],
        related: ref.origin ? [{ ...ref.origin, message: `foreign key ${constraint} is added here` }] : undefined,
      });
      break;
    }
  }
}

/** Whether the column definition whose type ends at `typeEnd` says `PRIMARY KEY` itself (up to its top-level comma). */
function ownPrimaryKey(ctx: Ctx, typeEnd: number): boolean {
  let depth = 0;
  for (let k = ctx.sig.indexAt(typeEnd); k < ctx.sig.list.length; k++) {
    if (ctx.sig.isPunct(k, '(')) depth++;
    else if (ctx.sig.isPunct(k, ')')) {
      if (--depth < 0) return false;
    } else if (depth === 0 && ctx.sig.isPunct(k, ',')) return false;
    else if (depth === 0 && ctx.sig.isWord(k, 'primary') && ctx.sig.isWord(k + 1, 'key')) return true;
  }
  return false;
}

/**
 * Where a foreign key's one local column is named in its statement (`FOREIGN KEY (owner_id)`), else
 * the `REFERENCES` clause: the range a finding about a column defined in another file covers.
 */
export function localColumnRange(ctx: RuleContext, fk: ForeignKey): { start: number; end: number } {
  const i = ctx.sig.indexAt(fk.referencesSpan.start);
  if (ctx.sig.isPunct(i - 1, ')') && ctx.sig.isPunct(i - 3, '(') && ctx.sig.isWord(i - 4, 'key'))
    return { start: ctx.sig.list[i - 2].start, end: ctx.sig.list[i - 2].end };
  return { start: fk.referencesSpan.start, end: fk.referencesSpan.end };
}

/**
 * An `ALTER TABLE <the statement's table> ALTER COLUMN <column> <change>;` statement to insert
 * before the statement at hand (an earlier migration is history: it is never edited), in the
 * statement's keyword case, the table written as the statement writes it (and the column quoted when
 * the table is, as drizzle-kit writes every name); in a drizzle-kit file
 * (one with `--> statement-breakpoint` lines) followed by a breakpoint of its own, outside a routine
 * body. Undefined when the statement is not an ALTER TABLE.
 */
export function alterBefore(ctx: RuleContext, column: string, change: string): { start: number; end: number; newText: string } | undefined {
  const i = tableNameIndex(ctx.sig, 'alter');
  if (i < 0) return undefined;
  let first = i;
  while (ctx.sig.isPunct(first - 1, '.')) first -= 2;
  const table = ctx.text.slice(ctx.sig.list[first].start, ctx.sig.list[i].end);
  const kw = keywordCase(ctx.sig, ctx.text);
  const at = ctx.statement.start;
  const lineStart = ctx.text.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*$/.test(ctx.text.slice(lineStart, at)) ? ctx.text.slice(lineStart, at) : '';
  const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  // quoted like the table when the statement quotes it (drizzle-kit quotes every name; same name either way)
  const written = table.endsWith('"') ? `"${column.replace(/"/g, '""')}"` : sqlIdent(column);
  // drizzle-kit's migrator sends each `--> statement-breakpoint` chunk as one query; drivers on the
  // extended protocol (PGlite, Neon over HTTP) reject a chunk of two statements (42601), so the
  // inserted statement gets its own chunk.
  const breakpoint = !ctx.inRoutineBody && ctx.statementBreakpoints ? `${eol}${DRIZZLE_BREAKPOINT_LINE}` : '';
  return {
    start: at,
    end: at,
    newText: `${kw('ALTER TABLE')} ${table} ${kw('ALTER COLUMN')} ${written} ${change};${breakpoint}${eol}${indent}`,
  };
}

/** drizzle-kit's separator between the statements of a migration file, written on a line of its own. */
const DRIZZLE_BREAKPOINT_LINE = '--> statement-breakpoint';

/**
 * A foreign key to a user id whose column an earlier migration of the set defined (`ColumnDef.origin`):
 * judged on the type written there; the message and the related information name that place, and
 * the fix changes the type in this file, before the key. `col` is the key's column, `origin` its
 * `ColumnDef.origin`, `table` the user table the key references.
 */
function checkPriorColumn(ctx: Ctx, fk: ForeignKey, col: ColumnDef, origin: ColumnOrigin, table: AuthTable): void {
  if (fk.columns.length !== 1) return;
  const type = readType(origin.typeWritten);
  if (!type) return;
  const known = type.array || STRING_TYPES.has(type.name) || type.name === 'uuid' || OTHER_BUILTIN_TYPES.has(type.name);
  if (!known) return;
  if (!type.array && (table.generation === 'legacy' ? STRING_TYPES.has(type.name) : type.name === 'uuid')) return;
  const expected = table.generation === 'legacy' ? 'text' : 'uuid';
  const shown = typeShown(origin);
  const where = originLabel(origin.type);
  const related = [declaredHere(col.name, origin)];
  const range = localColumnRange(ctx, fk);
  const data = { column: col.name, type: shown, where, target: `${table.display}(id)`, expected };
  if (type.array) {
    ctx.report({ messageId: 'priorArrayColumn', data, ...range, fixes: [], related });
    return;
  }
  // A default written for the old type would not convert to uuid.
  const kw = keywordCase(ctx.sig, ctx.text);
  const change = expected === 'uuid' ? `${kw('TYPE')} ${kw('uuid')} ${kw('USING')} ${sqlIdent(col.name)}::${kw('uuid')}` : `${kw('TYPE')} ${kw('text')}`;
  const insert = expected === 'uuid' && origin.default ? undefined : alterBefore(ctx, col.name, change);
  const fixes: Fix[] = insert
    ? [
        {
          title: `Change the column type to ${expected} before this key (ALTER COLUMN … TYPE ${expected})`,
          isPreferred: true,
          // The earlier migration has run: the column holds rows, and other objects may use it with its old type.
          safe: false,
          edits: [insert],
        },
      ]
    : [];
  ctx.report({
    messageId: 'priorWrongType',
    data: {
      ...data,
      defaultNote: expected === 'uuid' && origin.default ? ' (and its DEFAULT, written for the old type)' : '',
      // drizzle-kit writes migrations from the Drizzle schema: a type changed only here comes back with its next generate
      drizzleKitNote: ctx.statementBreakpoints
        ? ` Change the column in the Drizzle schema to ${expected}() too, or the next drizzle-kit generate changes it back.`
        : '',
    },
    ...range,
    fixes,
    related,
  });
}
