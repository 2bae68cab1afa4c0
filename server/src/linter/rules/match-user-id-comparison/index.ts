import { IdFamily, resolveColumn, typeFamily } from '../../columnTypes';
import { isNonStringParameter, isTypedParameter, Token } from '../../lexer';
import type { Expr, ExprCast, ExprRef } from 'pgsql-ast-parser';
import {
  authTableDisplay,
  binaryExpressions,
  buildModel,
  ColumnDef,
  betweenExpressions,
  collateOperand,
  inListItems,
  isNode,
  isQuery,
  operatorOf,
  quantifiedOperand,
  QueryLevel,
  rowItems,
  RelationRef,
  StatementModel,
} from '../../model';
import { parseStatement } from '../../parse';
import { referencedAuthTable } from '../../tableDefs';
import { keywordCase } from '../../sqlText';
import { Substitution } from '../../statements';
import { SigTokens } from '../../tokens';
import { Fix, Span } from '../../types';
import { defineRule, RuleContext } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'match-user-id-comparison';

/**
 * `match-user-id-comparison`: a Neon Auth user id column (`neon_auth.users_sync.id`, `text`;
 * `neon_auth."user".id`, `uuid`) compared with an operand whose type the SQL or the file states and
 * that is of the other family: an explicit cast (`$1::uuid`, `CAST(x AS text)`) or a column of a
 * table the file defines; in a host file, the uuid id compared with a `${…}` of Prisma's raw tags,
 * which Prisma's native query engine sends typed from its JavaScript value (a string as `text`; see
 * `isTypedParameter`), unless the file's package runs Prisma through a driver adapter (`ctx.prismaDriverAdapter`).
 * Postgres has no operator between `text` and `uuid` and casts neither
 * implicitly (PostgreSQL documentation, *Type Conversion: Operators*), so every execution fails with
 * SQLSTATE 42883 (operator does not exist). Comparisons with Neon's RLS helpers are
 * `match-auth-uid-type`'s; a column whose foreign key to a user id contradicts its type is
 * `match-user-id-type`'s (its comparisons are not reported again).
 */
/** What every message starts with: the id, the other operand and the operator Postgres lacks. */
const MISMATCH =
  '{id} is {idType}, but {other} is {otherType}: Postgres has no {left} {op} {right} operator and rejects the comparison (SQLSTATE 42883, operator does not exist).';

/** The messages of the SQL check and the Drizzle check (`drizzle.ts`). */
export const MATCH_USER_ID_COMPARISON_MESSAGES = {
  notAUuid: `${MISMATCH} '{literal}' is not a uuid, so no {table} id can equal it.`,
  /** `{parameterNote}`: " (the parameter then has the id's type)" for a parameter's cast, else empty. */
  castOperand: `${MISMATCH} Cast it to {target}{parameterNote}.`,
  castColumnToText: `${MISMATCH} Cast the column: {other}::text.`,
  castColumnToUuid: `${MISMATCH} Cast the column: {other}::uuid (it fails on a value that is not a uuid).`,
  /** Drizzle's `eq(notes.authorId, usersSync.id)`: `{cast}` is the column cast in a `sql` template (``sql`${notes.authorId}::text` ``). */
  drizzleCastColumnToText: `${MISMATCH} Cast the column in a sql template: {cast}.`,
  drizzleCastColumnToUuid: `${MISMATCH} Cast the column in a sql template: {cast} (it fails on a value that is not a uuid).`,
  /** A `${…}` of Prisma's tags (`SqlRegion.substitutions` `typed`): sent typed from its JavaScript value by the native engine. */
  typedParameter:
    "{id} is uuid, but Prisma's native query engine (Prisma 6 and earlier, without a driver adapter) sends the parameter ({other}) typed from its JavaScript value, a string as text: Postgres has no {left} {op} {right} operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter: {other}::uuid. (A driver adapter, @prisma/adapter-pg or @prisma/adapter-neon, sends it untyped and the comparison works: with one in the file's package.json, this is not reported.)",
  /** The same under a `COLLATE` (`${id} COLLATE "C" = u.id`): a uuid has no collation, so the cast replaces the clause. */
  typedParameterCollate:
    "{id} is uuid, but Prisma's native query engine (Prisma 6 and earlier, without a driver adapter) sends the parameter ({other}) typed from its JavaScript value, a string as text: Postgres has no {left} {op} {right} operator and rejects the comparison (SQLSTATE 42883, operator does not exist). Cast the parameter and drop its COLLATE {collation} (uuid has no collation, 42804): {other}::uuid. (A driver adapter, @prisma/adapter-pg or @prisma/adapter-neon, sends it untyped and the comparison works: with one in the file's package.json, this is not reported.)",
  /** A `${…}` of Prisma's tags whose JavaScript value the file shows is a number, a bigint or a boolean (`isNonStringParameter`): no cast makes it a uuid. */
  nonStringParameter:
    "{id} is uuid, but the parameter ({other}) is a number, a bigint or a boolean in JavaScript, which Prisma's native query engine (Prisma 6 and earlier, without a driver adapter) sends typed as such: Postgres has no operator comparing uuid with it and rejects the comparison (SQLSTATE 42883, operator does not exist), and {other}::uuid fails too (42846, cannot cast to uuid). A user id is a uuid string: compare the id with one.",
} as const;
const MESSAGES = MATCH_USER_ID_COMPARISON_MESSAGES;

export const matchUserIdComparison = defineRule({
  meta: {
    id: ID,
    description: 'A Neon Auth user id compared with a value of the other type (users_sync.id is text, "user".id is uuid) is rejected by Postgres (42883).',
    defaultSeverity: 'error',
    fix: 'safe',
    overview: {
      reports:
        '`neon_auth.users_sync.id` (text) or `neon_auth."user".id` (uuid) compared (`=`, `<>`, `<`, `>`, `IN (…)`, `= ANY(…)`, `IS DISTINCT FROM`, `BETWEEN`, row comparisons, in `WHERE`, `JOIN … ON` and policies) with a cast to the other type (`$1::uuid`) or a column the file declares with the other type, and Drizzle\'s `eq`/`ne` between a user id and such an app column; in TypeScript, `"user".id` compared with a `${…}` of a Prisma raw tag (sent as text by Prisma\'s native engine; not reported when the package.json lists a driver adapter): 42883',
      fixes:
        "the matching cast on the other operand: a parameter's or a uuid literal's cast type changed, `::text` after a uuid column, `::uuid` after a Prisma `${…}` (safe); `::uuid` after a text column, other casts (suggestions); in Drizzle the column cast in a `sql` template",
    },
  },
  messages: MESSAGES,
  drizzle: checkDrizzle,
  // CREATE POLICY is not read by the parsers' model: its expressions are parsed on their own.
  lexical: true,
  check(ctx) {
    const policy = isPolicy(ctx.sig);
    const model = policy ? policyModel(ctx) : ctx.parsed ? ctx.model : undefined;
    if (!model?.levels) return;
    const seen = new Set<number>();
    for (const level of model.levels) {
      for (const m of mismatches(ctx, model, level)) {
        if (seen.has(m.other.start)) continue;
        seen.add(m.other.start);
        report(ctx, m);
      }
    }
  },
});

/** The user id side of a comparison. */
interface IdOperand {
  rel: RelationRef;
  /** How messages name the user table (`neon_auth.users_sync`, `neon_auth."user"`; see `authTableDisplay`). */
  display: string;
  family: IdFamily;
  start: number;
  end: number;
}

/** The operand of the other type, and what the fix may edit. */
interface OtherOperand {
  /** `other` for a value of neither family (Prisma's `${…}` of a number, bigint or boolean). */
  family: IdFamily | 'other';
  /** The type as the message names it (`uuid`, `character varying`, `uuid[]`). */
  type: string;
  /** The type compared with the id: `type`, or its element type for `= ANY (array)`. */
  compared: string;
  start: number;
  end: number;
  /** A cast: the range of its type name (modifiers included, array brackets not), and what it casts. */
  cast?: { typeSpan: Span; operand: 'parameter' | 'literal' | 'column' | 'other'; literal?: string; operandFamily?: IdFamily };
  /** A column (no cast): a cast is appended after it. */
  column?: boolean;
  /** A parameter of Prisma's tags, typed from its JavaScript value (see `isTypedParameter`): a cast is appended after it. */
  typed?: boolean;
  /** Such a parameter whose value is not a string (`isNonStringParameter`): no cast is offered. */
  nonString?: boolean;
  /** A `COLLATE` clause after such a parameter (`${id} COLLATE "C"`): where its name ends, and the name as written. */
  collate?: { end: number; name: string };
}

interface Mismatch {
  id: IdOperand;
  other: OtherOperand;
  /** The operator Postgres looks for, and whether the id is its left operand. */
  op: string;
  idLeft: boolean;
}

/** Comparison operators and the operator Postgres looks up for them (`IS DISTINCT FROM` uses `=`; pgsql-ast-parser sees `#`, see `parse.ts`). */
const OPERATORS: Record<string, string> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  'IS DISTINCT FROM': '=',
  'IS NOT DISTINCT FROM': '=',
  '#': '=',
};

function mismatches(ctx: RuleContext, model: StatementModel, level: QueryLevel): Mismatch[] {
  const out: Mismatch[] = [];
  // Only a level that reads a user table (itself or around it) can name a user id.
  let readsUsers = false;
  for (const at of [level, ...level.enclosing]) readsUsers ||= at.relations.some((r) => r.authTable);
  if (!readsUsers) return out;
  const pair = (left: Expr, right: Expr, op: string, array: boolean): void => {
    // Rows of as many items (`(u.id, u.name) = (${a}, ${b})`): Postgres compares them item by item with the operator.
    const leftRow = array ? undefined : rowItems(left);
    const rightRow = leftRow && rowItems(right);
    if (leftRow && rightRow) {
      if (leftRow.length === rightRow.length) for (let k = 0; k < leftRow.length; k++) pair(leftRow[k], rightRow[k], op, false);
      return;
    }
    let a = idOperand(ctx, model, level, left);
    // Both ids (`"user".id = users_sync.id`): the uuid one gets the cast to text, which never fails.
    if (a?.family === 'uuid' && !array && idOperand(ctx, model, level, right)?.family === 'text') a = undefined;
    if (a) {
      const o = otherOperand(ctx, model, level, right, array);
      if (o && o.family !== a.family) out.push({ id: a, other: o, op, idLeft: true });
      return;
    }
    if (array) return;
    const b = idOperand(ctx, model, level, right);
    if (!b) return;
    const o = otherOperand(ctx, model, level, left, false);
    if (o && o.family !== b.family) out.push({ id: b, other: o, op, idLeft: false });
  };
  for (const e of binaryExpressions(level.expressions)) {
    const raw = operatorOf(e);
    const op = OPERATORS[raw];
    if (op !== undefined) {
      // `x = ANY (array)`, `x <> ALL (array)`: compared with the array's elements.
      const quantified = quantifiedOperand(e.right);
      if (quantified) {
        if (quantified.args.length === 1) pair(e.left, quantified.args[0], op, true);
      } else pair(e.left, e.right, op, false);
    } else if (raw === 'IN' || raw === 'NOT IN') {
      // `x IN (SELECT …)` is not judged.
      if (isQuery(e.right)) continue;
      for (const item of inListItems(e)) pair(e.left, item, raw === 'IN' ? '=' : '<>', false);
    }
  }
  // `x BETWEEN lo AND hi` is `x >= lo AND x <= hi` to Postgres (`NOT BETWEEN`: `x < lo OR x > hi`; SYMMETRIC also tries them swapped).
  for (const e of betweenExpressions(level.expressions)) {
    const not = String(e.op).toUpperCase().startsWith('NOT');
    pair(e.value, e.lo, not ? '<' : '>=', false);
    pair(e.value, e.hi, not ? '>' : '<=', false);
  }
  return out;
}

/** A Neon Auth user table's `id` column, with the range of the reference as written. */
function idOperand(ctx: RuleContext, model: StatementModel, level: QueryLevel, e: Expr): IdOperand | undefined {
  if (!isNode(e, 'ref')) return undefined;
  const r = resolveColumn(ctx.tables, model, level, e);
  if (!r?.rel.authTable || r.column.name !== 'id') return undefined;
  const family = typeFamily(r.column.type);
  const range = refRange(ctx.sig, model, e);
  const display = authTableDisplay(r.rel) ?? r.rel.authTable.display;
  return family && range ? { rel: r.rel, display, family, ...range } : undefined;
}

/**
 * An operand whose type is certain: a cast (of a parameter, a literal, a column or anything else
 * written in one piece) or a column of a table the file defines; with `array`, the element type of
 * a cast to an array (`$1::uuid[]` in `= ANY(…)`). Neon's RLS helpers are `match-auth-uid-type`'s.
 */
function otherOperand(ctx: RuleContext, model: StatementModel, level: QueryLevel, e: Expr, array: boolean): OtherOperand | undefined {
  // `${userId} COLLATE "C"`: the parameter is still text (and a uuid cast must replace the clause: uuid has no
  // collation). Other operands under a COLLATE are not judged (a uuid one fails on the COLLATE first, 42804).
  const collated = array ? undefined : collateOperand(e);
  if (collated) {
    const o = isNode(collated, 'parameter') ? otherOperand(ctx, model, level, collated, false) : undefined;
    if (!o?.typed || o.nonString) return undefined;
    const L = ctx.sig.list;
    const i = ctx.sig.indexContaining(o.start);
    if (!ctx.sig.isWord(i + 1, 'collate') || !isName(L[i + 2])) return undefined;
    let k = i + 2;
    while (ctx.sig.isPunct(k + 1, '.') && isName(L[k + 2])) k += 2;
    return { ...o, collate: { end: L[k].end, name: ctx.text.slice(L[i + 2].start, L[k].end) } };
  }
  if (isNode(e, 'parameter')) {
    // Prisma's `${userId}` (a string): text. In `= ANY(…)` it is an array whose type is not judged.
    const at = model.startOf(e);
    const t = at === undefined || array ? undefined : ctx.sig.list[ctx.sig.indexContaining(at)];
    if (t?.kind !== 'param' || t.start !== at || !isTypedParameter(t.value)) return undefined;
    // Through a driver adapter the value reaches Postgres untyped, and takes the id's type (measured: the
    // query works; a number's text then fails as a uuid, 22P02, a value error not judged here).
    if (ctx.prismaDriverAdapter) return undefined;
    // `${n}` of a number, a bigint or a boolean (the file shows it): of neither family, and no cast makes it a uuid.
    if (isNonStringParameter(t.value))
      return { family: 'other', type: 'number, bigint or boolean', compared: 'number', start: t.start, end: t.end, typed: true, nonString: true };
    return { family: 'text', type: 'text', compared: 'text', start: t.start, end: t.end, typed: true };
  }
  if (isNode(e, 'cast')) {
    const to = e.to;
    if (!to || (to.kind === 'array') !== array) return undefined;
    const base = to.kind === 'array' ? to.arrayOf : to;
    if (!base || base.kind === 'array' || (base.schema !== undefined && base.schema !== 'pg_catalog')) return undefined;
    const name = String(base.name ?? '').toLowerCase();
    const family = typeFamily(name);
    if (!family) return undefined;
    const range = castRange(ctx.sig, model, e);
    if (!range) return undefined;
    const o = e.operand;
    const operand = isNode(o, 'parameter') ? 'parameter' : isNode(o, 'string') ? 'literal' : isNode(o, 'ref') ? 'column' : 'other';
    const literal = isNode(o, 'string') ? String(o.value) : undefined;
    // `'x'::uuid` of a text that is no uuid fails before any operator is looked for (22P02).
    if (literal !== undefined && family === 'uuid' && !UUID_INPUT.test(literal)) return undefined;
    const operandFamily = isNode(o, 'ref') ? typeFamily(resolveColumn(ctx.tables, model, level, o)?.column.type) : undefined;
    return {
      family,
      type: array ? `${name}[]` : name,
      compared: name,
      start: range.start,
      end: range.end,
      cast: { typeSpan: range.typeSpan, operand, literal, operandFamily },
    };
  }
  if (!isNode(e, 'ref') || array) return undefined;
  const r = resolveColumn(ctx.tables, model, level, e);
  if (!r) return undefined;
  const family = typeFamily(r.column.type);
  if (!family) return undefined;
  // A column whose foreign key to a user id contradicts its type: match-user-id-type reports the type
  // (Postgres rejects that table), and its fix makes this comparison right.
  const refs = (r.column as ColumnDef).references ?? [];
  if (
    refs.some(
      (t) =>
        (t.column === undefined || t.column === 'id') &&
        typeFamily(referencedAuthTable(ctx.tables, t)?.columns.find((c) => c.name === 'id')?.type) === (family === 'text' ? 'uuid' : 'text'),
    )
  )
    return undefined;
  const range = refRange(ctx.sig, model, e);
  return range ? { family, type: r.column.type, compared: r.column.type, ...range, column: true } : undefined;
}

/** The range of a column reference as written (`u.id`, `neon_auth.users_sync.id`, `"id"`), from our tokens. */
function refRange(sig: SigTokens, model: StatementModel, ref: ExprRef): { start: number; end: number } | undefined {
  const at = model.startOf(ref);
  if (at === undefined) return undefined;
  const i = sig.indexContaining(at);
  // A host name (Drizzle's `${posts.authorId}`, see `LintOptions.hostNames`) resolved to a qualified column: its one placeholder token.
  const first = sig.list[i];
  if (ref.table && first?.kind === 'word' && /^_\d+$/.test(first.value) && first.value !== ref.name && !sig.isPunct(i + 1, '.'))
    return { start: first.start, end: first.end };
  const parts = ref.table ? (typeof ref.table.schema === 'string' ? 3 : 2) : 1;
  for (let k = 0; k < parts; k++) {
    if (!isName(sig.list[i + 2 * k]) || (k < parts - 1 && !sig.isPunct(i + 2 * k + 1, '.'))) return undefined;
  }
  const last = sig.list[i + 2 * (parts - 1)];
  if (last.value !== ref.name) return undefined;
  return { start: sig.list[i].start, end: last.end };
}

const isName = (t: Token | undefined): boolean => t !== undefined && (t.kind === 'word' || t.kind === 'quotedIdent');

/**
 * The range of a cast of a parameter, a psql variable, a literal or a column (`$1::uuid`,
 * `'…'::text`, `n.author::uuid`, `CAST($1 AS uuid)`), and of its type name: the words of the type
 * and their modifiers (`character varying(36)`, `pg_catalog.uuid`), without array brackets.
 * Undefined for other operands (`(a || b)::uuid`) and shapes.
 */
function castRange(sig: SigTokens, model: StatementModel, cast: ExprCast): { start: number; end: number; typeSpan: Span } | undefined {
  const o = cast.operand;
  let first: number;
  let last: number;
  if (isNode(o, 'ref')) {
    const r = refRange(sig, model, o);
    if (!r) return undefined;
    first = sig.indexContaining(r.start);
    last = sig.indexContaining(r.end - 1);
  } else if (isNode(o, 'parameter', 'string')) {
    const at = model.startOf(o);
    if (at === undefined) return undefined;
    first = last = sig.indexContaining(at);
    const t = sig.list[first];
    if (!t || !(t.kind === 'param' || t.kind === 'psqlVar' || t.kind === 'string')) return undefined;
  } else return undefined;
  const L = sig.list;
  // CAST ( operand AS type )
  if (sig.isPunct(first - 1, '(') && sig.isWord(first - 2, 'cast') && sig.isWord(last + 1, 'as')) {
    const type = typeTokens(sig, last + 2);
    if (!type || !sig.isPunct(type.end + 1, ')')) return undefined;
    return { start: L[first - 2].start, end: L[type.end + 1].end, typeSpan: { start: L[last + 2].start, end: L[type.nameEnd].end } };
  }
  // operand :: type
  if (L[last + 1]?.kind === 'operator' && L[last + 1].value === '::') {
    const type = typeTokens(sig, last + 2);
    if (!type) return undefined;
    // another cast after it (`$1::uuid::text`): the operand's type is the outer one's
    if (L[type.end + 1]?.kind === 'operator' && L[type.end + 1].value === '::') return undefined;
    return { start: L[first].start, end: L[type.end].end, typeSpan: { start: L[last + 2].start, end: L[type.nameEnd].end } };
  }
  return undefined;
}

/** A type name starting at token `i`: `[pg_catalog .] word [varying] [( … )] [[ ]]…`; the index of the name's last token (modifiers included) and of the type's last token. */
function typeTokens(sig: SigTokens, i: number): { nameEnd: number; end: number } | undefined {
  let k = i;
  if (!isName(sig.list[k])) return undefined;
  if (sig.isPunct(k + 1, '.')) {
    if (!isName(sig.list[k + 2])) return undefined;
    k += 2;
  }
  while (sig.isWord(k + 1, 'varying', 'precision')) k++;
  if (sig.isPunct(k + 1, '(')) {
    const close = sig.matchingParen(k + 1);
    if (close < 0) return undefined;
    k = close;
  }
  const nameEnd = k;
  while (sig.isPunct(k + 1, '[')) {
    if (sig.isPunct(k + 2, ']')) k += 2;
    else if (sig.list[k + 2]?.kind === 'number' && sig.isPunct(k + 3, ']')) k += 3;
    else return undefined;
  }
  return { nameEnd, end: k };
}

/** A uuid in its standard form, in either case (Postgres reads a few other forms too; those are not judged). */
const UUID_INPUT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid as Postgres prints it (lower case, hyphenated): its text form is exactly the literal. */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function report(ctx: RuleContext<typeof MESSAGES>, m: Mismatch): void {
  const { id, other } = m;
  const target = id.family;
  const display = id.display;
  const idWritten = ctx.text.slice(id.start, id.end);
  const otherWritten = ctx.text.slice(other.start, other.end);
  const idName = idWritten === `${display}.id` ? idWritten : `${idWritten} (${display}.id)`;
  const [l, r] = m.idLeft ? [id.family, other.compared] : [other.compared, id.family];
  const data = { id: idName, idType: id.family, other: otherWritten, otherType: other.type, left: l, op: m.op, right: r };
  const kw = keywordCase(ctx.sig, ctx.text);
  const fixes: Fix[] = [];
  if (other.typed) {
    if (target !== 'uuid') return;
    if (other.nonString) {
      // No cast turns a number or a boolean into a uuid (42846): nothing to offer.
      ctx.report({ messageId: 'nonStringParameter', data, start: other.start, end: other.end, fixes });
      return;
    }
    const collate = other.collate;
    fixes.push({
      title: collate ? `Cast the parameter to uuid and drop its COLLATE (the type of ${display}.id)` : `Cast the parameter to uuid (the type of ${display}.id)`,
      isPreferred: true,
      // The statement cannot run as written (42883 on every execution); a uuid string compares as before
      // (a uuid compares by value: no collation applies to it).
      safe: true,
      // With a COLLATE, the cast replaces it (and what is between: a host edit from the placeholder's padding starts after the `}`).
      edits: [{ start: other.end, end: collate?.end ?? other.end, newText: '::uuid' }],
    });
    if (collate) ctx.report({ messageId: 'typedParameterCollate', data: { ...data, collation: collate.name }, start: other.start, end: other.end, fixes });
    else ctx.report({ messageId: 'typedParameter', data, start: other.start, end: other.end, fixes });
    return;
  }
  if (other.cast) {
    const c = other.cast;
    const written = ctx.text.slice(c.typeSpan.start, c.typeSpan.end);
    const newType = /[A-Z]/.test(written) && !/[a-z]/.test(written) ? target.toUpperCase() : /[a-z]/.test(written) ? target : kw(target);
    const literal = c.literal;
    // Whether the new cast compares what the old one meant: a parameter's value is whatever the
    // application sends; a literal that is a uuid in Postgres' own text form; a column already of the type.
    const validUuid = literal !== undefined && UUID_INPUT.test(literal);
    const safe =
      c.operand === 'parameter' ||
      (c.operand === 'literal' && (target === 'uuid' ? validUuid : literal !== undefined && CANONICAL_UUID.test(literal))) ||
      // a column of the id's type (the cast does nothing), or a uuid column cast to text (never fails; the one text form)
      (c.operand === 'column' && (c.operandFamily === target || (target === 'text' && c.operandFamily === 'uuid')));
    if (c.operand === 'literal' && target === 'uuid' && !validUuid) {
      ctx.report({ messageId: 'notAUuid', data: { ...data, literal: literal ?? '', table: display }, start: other.start, end: other.end, fixes });
      return;
    } else {
      fixes.push({
        title: `Cast to ${target} (the type of ${display}.id)`,
        isPreferred: true,
        // A parameter's, a uuid literal's or an already-typed column's cast only states the id's type; a
        // column's other cast may fail at run time (text to uuid) or compare another text form.
        safe,
        edits: [{ start: c.typeSpan.start, end: c.typeSpan.end, newText: newType }],
      });
      const parameterNote = c.operand === 'parameter' ? " (the parameter then has the id's type)" : '';
      ctx.report({ messageId: 'castOperand', data: { ...data, target, parameterNote }, start: other.start, end: other.end, fixes });
    }
  } else {
    // The column gets the cast: the user id keeps its type, and its index stays usable.
    fixes.push({
      title: `Cast ${otherWritten} to ${target} (the type of ${display}.id)`,
      isPreferred: true,
      // uuid to text never fails and gives the one text form Postgres prints; text to uuid fails on
      // other text, and compares values that differ in case or hyphens as equal: a choice.
      safe: target === 'text',
      edits: [{ start: other.end, end: other.end, newText: `::${kw(target)}` }],
    });
    ctx.report({ messageId: target === 'text' ? 'castColumnToText' : 'castColumnToUuid', data, start: other.start, end: other.end, fixes });
  }
}

// ---- CREATE POLICY / ALTER POLICY: USING (…) and WITH CHECK (…) read as a query of the policy's table ----

function isPolicy(sig: SigTokens): boolean {
  return sig.isWord(0, 'create', 'alter') && sig.isWord(1, 'policy');
}

/**
 * The model of a policy's expressions: the statement's text with same-length substitutions that make
 * it `SELECT 1 FROM <table> WHERE (<using>) AND (<check>)` (every expression at its own offsets, the
 * table's name where it was written), parsed like any statement. Undefined for other shapes.
 */
function policyModel(ctx: RuleContext): StatementModel | undefined {
  const { sig, text } = ctx;
  const L = sig.list;
  let i = 2;
  if (sig.isWord(i, 'if') && sig.isWord(i + 1, 'not') && sig.isWord(i + 2, 'exists')) i += 3;
  if (!isName(L[i]) || !sig.isWord(i + 1, 'on')) return undefined;
  const nameFirst = i + 2;
  let nameLast = nameFirst;
  if (!isName(L[nameFirst])) return undefined;
  while (sig.isPunct(nameLast + 1, '.') && isName(L[nameLast + 2])) nameLast += 2;
  const subs: Substitution[] = [];
  const put = (start: number, end: number, words: string): boolean => {
    if (end - start < words.length + 1) return false;
    subs.push({ start, end, text: words.padEnd(end - start, ' ') });
    return true;
  };
  const stmtStart = ctx.statement.start;
  if (!put(stmtStart, L[nameFirst].start, 'SELECT 1 FROM')) return undefined;
  // Each clause's parenthesized expression stays; what is between them becomes WHERE, then AND.
  let pos = L[nameLast].end;
  let clauses = 0;
  for (let k = nameLast + 1; k < L.length; k++) {
    const open = sig.isWord(k, 'using') ? k + 1 : sig.isWord(k, 'with') && sig.isWord(k + 1, 'check') ? k + 2 : -1;
    if (open < 0 || !sig.isPunct(open, '(')) continue;
    const close = sig.matchingParen(open);
    if (close < 0) return undefined;
    if (!put(pos, L[open].start, clauses === 0 ? ' WHERE' : ' AND')) return undefined;
    // the text before the clause must not hold anything the substitution would hide badly (comments are fine: blanked)
    clauses++;
    pos = L[close].end;
    k = close;
  }
  if (clauses === 0) return undefined;
  const end = ctx.statement.end;
  if (end > pos) subs.push({ start: pos, end, text: ' '.repeat(end - pos) });
  const p = parseStatement(text, { start: stmtStart, end, tokens: ctx.statement.tokens, substitutions: subs });
  if (!p.ok) return undefined;
  try {
    return buildModel(p.ast, p.toDoc, text, sig, ctx.model.lookup ?? (() => undefined));
  } catch {
    return undefined;
  }
}
