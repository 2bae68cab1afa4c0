import { definedColumns, resolveColumn, TypedColumn, typeFamily as family } from '../../columnTypes';
import type { Expr, ExprCall } from 'pgsql-ast-parser';
import {
  binaryExpressions,
  ColumnOrigin,
  inListItems,
  isNode,
  namedAuthTable,
  operatorOf,
  quantifiedOperand,
  QueryLevel,
  scalarSubqueryExpr,
  StatementModel,
} from '../../model';
import { declaredHere } from '../../history';
import type { RelatedInformation, Span } from '../../types';
import { authHelperDefinition, FileTables, tableNameIndex } from '../../tableDefs';
import { SigTokens } from '../../tokens';
import { defineRule, RuleContext } from '../rule';
import { checkDrizzle } from './drizzle';

const ID = 'match-auth-uid-type';

export type AuthFn = 'user_id' | 'uid';

/** What each of Neon's RLS helpers returns, and the helper that returns the other type. */
export const RETURNS: Record<AuthFn, 'text' | 'uuid'> = { user_id: 'text', uid: 'uuid' };
export const OTHER: Record<AuthFn, AuthFn> = { user_id: 'uid', uid: 'user_id' };

/** The messages of the SQL check and the Drizzle check (`drizzle.ts`). */
export const MATCH_AUTH_UID_TYPE_MESSAGES = {
  shadowsHelper:
    "This defines auth.{fn}() returning {returns}, which shadows Neon's RLS helper of that name (Neon's returns {neonReturns}): comparisons with auth.{fn}() in this file are checked against {returns}.",
  /** `{whose}`/`{otherWhose}`: ' (as this file defines it)' for a helper the file defines, else empty. */
  useOtherHelper:
    '{column} is {type}, but auth.{fn}(){whose} returns {returns}: Postgres has no operator comparing {type} with {returns} and rejects the comparison (SQLSTATE 42883). Compare with auth.{other}(), which returns {type}{otherWhose}.',
  castOrDeclare:
    '{column} is {type}, but auth.{fn}(){whose} returns {returns}: Postgres has no operator comparing {type} with {returns} and rejects the comparison (SQLSTATE 42883). Cast one side, or declare auth.{fn}() to return {type}.',
  /** An assignment (DEFAULT, INSERT, UPDATE … SET): `{what}` is `default` or `value`. */
  assignOtherHelper:
    '{column} is {type}, but auth.{fn}(){whose} returns {returns}: Postgres has no assignment cast from {returns} to {type} and rejects this {what} (SQLSTATE 42804). Use auth.{other}(), which returns {type}{otherWhose}.',
  /** Drizzle's `authUid(column)` (drizzle-orm/neon: `sql\`(select auth.user_id() = …)\``) on a uuid column. */
  authUidOnUuid:
    '{column} is uuid, but authUid() compares it with auth.user_id(), which returns text: Postgres has no operator comparing uuid with text and rejects the policy (SQLSTATE 42883). Write the condition with auth.uid(), which returns uuid, in a sql template.',
  assignCastOrDeclare:
    '{column} is {type}, but auth.{fn}(){whose} returns {returns}: Postgres has no assignment cast from {returns} to {type} and rejects this {what} (SQLSTATE 42804). Cast it (auth.{fn}()::{type}), or declare auth.{fn}() to return {type}.',
} as const;

/**
 * `match-auth-uid-type`: Neon's RLS helpers return different types: `auth.user_id()` returns
 * `text`, `auth.uid()` returns `uuid`. Comparing a `uuid` column with `auth.user_id()` (or a text
 * column with `auth.uid()`) fails: Postgres has no `uuid = text` operator and does not cast
 * implicitly (SQLSTATE 42883, operator does not exist). In a `CREATE POLICY` the statement is
 * rejected; in a query, every execution fails. Assigning `auth.user_id()` to a `uuid` column (a
 * `DEFAULT`, an `INSERT` value, `UPDATE … SET`) fails too: there is no assignment cast from text to
 * uuid (SQLSTATE 42804); uuid to text is one, so `auth.uid()` into a text column is fine.
 */
export const matchAuthUidType = defineRule({
  meta: {
    id: ID,
    description:
      'A column compared with the Neon RLS helper of the other type (uuid column = auth.user_id(), text column = auth.uid()) is rejected by Postgres (42883), and so is auth.user_id() assigned to a uuid column (42804).',
    defaultSeverity: 'error',
    fix: 'safe',
    overview: {
      reports:
        "in a query or an RLS policy, a `uuid` column compared with `auth.user_id()` (text) or a `text` column with `auth.uid()` (uuid): 42883; `auth.user_id()` assigned to a `uuid` column (`DEFAULT`, `INSERT`, `UPDATE … SET`): 42804; the file's own `CREATE FUNCTION auth.user_id()` sets the type (information: it shadows Neon's helper)",
      fixes: 'the matching function (safe)',
    },
  },
  messages: MATCH_AUTH_UID_TYPE_MESSAGES,
  // CREATE POLICY is read from tokens too, so it is checked even when no parser accepts it.
  lexical: true,
  drizzle: checkDrizzle,
  check(ctx) {
    // The app's own `CREATE FUNCTION auth.user_id() RETURNS …` replaces Neon's helper: its type counts.
    const own = { user_id: ctx.tables.helper('user_id'), uid: ctx.tables.helper('uid') };
    const returnsOf: ReturnsOf = (fn) => {
      const helper = own[fn];
      return helper ? family(helper.returns) : RETURNS[fn];
    };
    const whose = (fn: AuthFn): string => (own[fn] ? ' (as this file defines it)' : '');
    const def = authHelperDefinition(ctx.sig);
    if (def) {
      const at = helperAt(
        ctx.sig,
        ctx.sig.list.findIndex((t, k) => k > 0 && t.value === 'auth'),
      );
      if (at) {
        ctx.report({
          messageId: 'shadowsHelper',
          data: { fn: def.name, returns: def.returns, neonReturns: RETURNS[def.name] },
          start: at.start,
          end: at.end,
          severity: 'info',
          fixes: [],
        });
      }
    }
    const seen = new Set<number>();
    const report = (m: Mismatch): void => {
      if (seen.has(m.start)) return;
      seen.add(m.start);
      const returns = returnsOf(m.fn);
      if (!returns) return; // mismatches are found only where the helper's type is known
      const other = OTHER[m.fn];
      const written = ctx.text.slice(m.nameSpan.start, m.nameSpan.end);
      const replacement = written.startsWith('"')
        ? `"${other}"`
        : written === written.toUpperCase() && written !== written.toLowerCase()
          ? other.toUpperCase()
          : other;
      // The other helper is the fix only when it returns the column's type.
      const matches = returnsOf(other) === m.type;
      const data = { column: m.column, type: m.type, fn: m.fn, whose: whose(m.fn), returns };
      if (!matches) {
        if (m.assigned)
          ctx.report({ messageId: 'assignCastOrDeclare', data: { ...data, what: m.assigned }, start: m.start, end: m.end, fixes: [], related: relatedOf(m) });
        else ctx.report({ messageId: 'castOrDeclare', data, start: m.start, end: m.end, fixes: [], related: relatedOf(m) });
        return;
      }
      const helperFix = {
        title: `Use auth.${other}() (returns ${m.type}, like the column)`,
        isPreferred: true,
        // The statement cannot run as written; both helpers return the same user's id.
        safe: true,
        edits: [{ start: m.nameSpan.start, end: m.nameSpan.end, newText: replacement }],
      };
      if (m.assigned) {
        ctx.report({
          messageId: 'assignOtherHelper',
          data: { ...data, what: m.assigned, other, otherWhose: whose(other) },
          start: m.start,
          end: m.end,
          related: relatedOf(m),
          fixes: [helperFix],
        });
        return;
      }
      ctx.report({
        messageId: 'useOtherHelper',
        data: { ...data, other, otherWhose: whose(other) },
        start: m.start,
        end: m.end,
        related: relatedOf(m),
        fixes: [
          {
            title: `Use auth.${other}() (returns ${m.type}, like the column)`,
            isPreferred: true,
            // The comparison cannot run as written; both helpers return the same user's id.
            safe: true,
            edits: [{ start: m.nameSpan.start, end: m.nameSpan.end, newText: replacement }],
          },
        ],
      });
    };
    if (ctx.model.levels) for (const level of ctx.model.levels) for (const m of astMismatches(ctx, level, returnsOf)) report(m);
    for (const m of policyMismatches(ctx.tables, ctx.sig, ctx.model, returnsOf)) report(m);
    for (const m of assignmentMismatches(ctx, returnsOf)) report(m);
    for (const m of defaultMismatches(ctx, returnsOf)) report(m);
  },
});

/** The type family a helper returns in this file (undefined: a type that is neither text nor uuid). */
type ReturnsOf = (fn: AuthFn) => 'text' | 'uuid' | undefined;

/** A comparison of a column with the helper of the other type. */
interface Mismatch {
  fn: AuthFn;
  /** The column as written, and its type family. */
  column: string;
  type: 'text' | 'uuid';
  /** Range of the helper call (`auth.user_id()`), and of its function name. */
  start: number;
  end: number;
  nameSpan: Span;
  /** For a column an earlier migration of the set defined: where its type was written (see `ColumnDef.origin`). */
  origin?: ColumnOrigin;
  /** For an assignment of the helper's result to the column rather than a comparison: a column `default` or a written `value`. */
  assigned?: 'default' | 'value';
}

/** `{ origin }` of a column an earlier migration defined (`ColumnDef.origin`), else nothing. */
function originOf(col: TypedColumn | undefined): { origin?: ColumnOrigin } {
  return col?.origin ? { origin: col.origin } : {};
}

/** The related information of a mismatch on a column an earlier migration defined: where its type was written. */
function relatedOf(m: Mismatch): RelatedInformation[] | undefined {
  return m.origin && [declaredHere(m.column, m.origin)];
}

// ---- From the AST (queries: WHERE, JOIN … ON, select lists, SET, RETURNING; UPDATE and DELETE too) ----

/** The helper an operand calls: `auth.user_id()`, `auth.uid()`, or either wrapped in `(SELECT …)`. */
function authCall(e: Expr | undefined): { fn: AuthFn; call: ExprCall } | undefined {
  if (isNode(e, 'call')) {
    const fn = e.function?.schema === 'auth' ? e.function.name : undefined;
    return (fn === 'user_id' || fn === 'uid') && (e.args ?? []).length === 0 ? { fn, call: e } : undefined;
  }
  const selected = scalarSubqueryExpr(e);
  return selected ? authCall(selected) : undefined;
}

function astMismatches(ctx: RuleContext, level: QueryLevel, returnsOf: ReturnsOf): Mismatch[] {
  const out: Mismatch[] = [];
  const check = (col: Expr, operand: Expr): void => {
    if (!isNode(col, 'ref')) return;
    const a = authCall(operand);
    if (!a) return;
    const resolved = resolveColumn(ctx.tables, ctx.model, level, col)?.column;
    const type = family(resolved?.type);
    const returns = returnsOf(a.fn);
    if (!type || !returns || type === returns) return;
    const range = callRange(ctx, a.call);
    if (!range) return;
    const column = col.table ? `${col.table.name}.${col.name}` : col.name;
    out.push({ fn: a.fn, column, type, ...range, ...originOf(resolved) });
  };
  for (const e of binaryExpressions(level.expressions)) {
    const op = operatorOf(e);
    if (op === '=' || op === '<>' || op === '!=') {
      // `x = ANY (SELECT auth.user_id())`: x is compared with the sub-query's one value (an array
      // operand, `= ANY (ARRAY[…])`, is not read)
      const quantified = quantifiedOperand(e.right);
      if (quantified) {
        if (quantified.args.length === 1 && scalarSubqueryExpr(quantified.args[0])) check(e.left, quantified.args[0]);
        continue;
      }
      check(e.left, e.right);
      check(e.right, e.left);
    } else if (op === 'IN' || op === 'NOT IN') {
      for (const item of inListItems(e)) {
        check(e.left, item);
        check(item, e.left);
      }
    }
  }
  return out;
}

/** The range of a helper call (`auth.user_id()`) and of its function name, from our tokens. */
function callRange(ctx: RuleContext, call: ExprCall): { start: number; end: number; nameSpan: Span } | undefined {
  const at = ctx.model.startOf(call.function) ?? ctx.model.startOf(call);
  if (at === undefined) return undefined;
  const i = ctx.sig.indexContaining(at);
  return helperAt(ctx.sig, i);
}

/**
 * The token range `[first, last]` of the operand a helper call whose `auth` token is token `j`
 * stands in: the call `auth . user_id ( )` itself, or the `( SELECT call )` around it (the form
 * Neon's RLS examples use, evaluated once per query).
 */
export function helperOperand(sig: SigTokens, j: number): { first: number; last: number } {
  if (sig.isWord(j - 1, 'select') && sig.isPunct(j - 2, '(') && sig.isPunct(j + 5, ')')) return { first: j - 2, last: j + 5 };
  return { first: j, last: j + 4 };
}

/**
 * When the `( SELECT call )` operand `[first, last]` of the helper call whose `auth` token is token
 * `j` (see `helperOperand`) is the sub-query of `<col> [NOT] IN (SELECT helper())` or of `<col> <op>
 * ANY|SOME|ALL (SELECT helper())` (`<op>` one of `=`, `<>`, `!=`): the last token of `<col>`; else
 * -1. Postgres compares `<col>` with each row of the sub-query with that operator (`IN` is `= ANY`),
 * so a type mismatch is the one of `<col> = helper()` (SQLSTATE 42883). Nothing may follow the
 * sub-query but a boundary (`)`, `,`, AND, OR, …).
 */
export function subqueryColumnEnd(sig: SigTokens, j: number, first: number, last: number): number {
  if (first !== j - 2 || !isBoundaryAfter(sig, last + 1)) return -1;
  if (sig.isWord(first - 1, 'in')) return sig.isWord(first - 2, 'not') ? first - 3 : first - 2;
  const op = sig.list[first - 2];
  if (sig.isWord(first - 1, 'any', 'some', 'all') && op?.kind === 'operator' && ['=', '<>', '!='].includes(op.value)) return first - 3;
  return -1;
}

/** The helper call whose `auth` token is token `i`: `auth . user_id|uid ( )`. */
export function helperAt(sig: SigTokens, i: number): { fn: AuthFn; start: number; end: number; nameSpan: Span } | undefined {
  const L = sig.list;
  const isName = (k: number, v: string): boolean => L[k] !== undefined && (L[k].kind === 'word' || L[k].kind === 'quotedIdent') && L[k].value === v;
  if (!isName(i, 'auth') || !sig.isPunct(i + 1, '.') || !(isName(i + 2, 'user_id') || isName(i + 2, 'uid'))) return undefined;
  if (!sig.isPunct(i + 3, '(') || !sig.isPunct(i + 4, ')')) return undefined;
  return { fn: L[i + 2].value as AuthFn, start: L[i].start, end: L[i + 4].end, nameSpan: { start: L[i + 2].start, end: L[i + 2].end } };
}

// ---- Assignments: a text helper's result into a uuid column (no assignment cast text → uuid: 42804) ----
// The other way is accepted: every type has an assignment cast to text (PostgreSQL docs, CREATE CAST).

/**
 * The column `column` of table `schema.name` as the file defines it at this statement, or the one
 * at 0-based `position` of its columns (an INSERT without a column list: only when the file's
 * definition is all the table has, in its order, `TableDef.ordered`); undefined for Neon's tables
 * and unknown ones.
 */
function assignedColumn(ctx: RuleContext, schema: string | undefined, name: string, column: string | number): TypedColumn | undefined {
  if (namedAuthTable(ctx.model, schema, name)) return undefined;
  const def = ctx.model.lookup?.(schema, name);
  if (typeof column === 'number') return def?.ordered ? definedColumns(ctx.tables, def)?.[column] : undefined;
  return definedColumns(ctx.tables, def)?.find((c) => c.name === column);
}

/**
 * `INSERT INTO t (c) VALUES (auth.user_id())`, `… SELECT auth.user_id()`, `INSERT INTO t VALUES
 * (…)` (by the table's column order), `UPDATE t SET c = auth.user_id()`, `UPDATE t SET (c, …) =
 * (…)`, `ON CONFLICT … DO UPDATE SET …`, also with `(SELECT auth.user_id())`, into a uuid column.
 */
function assignmentMismatches(ctx: RuleContext, returnsOf: ReturnsOf): Mismatch[] {
  const out: Mismatch[] = [];
  for (const a of ctx.model.assignments ?? []) {
    const h = authCall(a.value);
    if (!h || returnsOf(h.fn) !== 'text') continue;
    const col = assignedColumn(ctx, a.table.schema, a.table.name, a.column ?? a.position);
    if (!col || family(col.type) !== 'uuid') continue;
    const range = callRange(ctx, h.call);
    if (range) out.push({ fn: h.fn, column: col.name, type: 'uuid', ...range, assigned: 'value', ...originOf(col) });
  }
  return out;
}

/** Words that may follow a column's DEFAULT expression in a column definition (the next constraint). */
const AFTER_DEFAULT: ReadonlySet<string> = new Set([
  'not',
  'null',
  'primary',
  'references',
  'constraint',
  'unique',
  'check',
  'generated',
  'collate',
  'deferrable',
  'initially',
]);

/**
 * A column's `DEFAULT auth.user_id()` (also `DEFAULT (auth.user_id())`) of a uuid column, from
 * tokens: in `CREATE TABLE` (the column's type from the statement's model), `ALTER TABLE … ADD
 * [COLUMN] c type … DEFAULT …` (the type written there) and `ALTER TABLE … ALTER [COLUMN] c SET
 * DEFAULT …` (the type a `… TYPE` clause of the same statement gives it, else the table's as of this
 * statement). Postgres checks a default's type when it is set.
 */
function defaultMismatches(ctx: RuleContext, returnsOf: ReturnsOf): Mismatch[] {
  const sig = ctx.sig;
  const create = tableNameIndex(sig, 'create');
  const alter = create < 0 ? tableNameIndex(sig, 'alter') : -1;
  if (create < 0 && alter < 0) return [];
  const isName = (k: number): boolean => sig.list[k] !== undefined && (sig.list[k].kind === 'word' || sig.list[k].kind === 'quotedIdent');
  const out: Mismatch[] = [];
  for (let k = (create >= 0 ? create : alter) + 1; k < sig.list.length; k++) {
    if (!sig.isWord(k, 'default')) continue;
    const wrapped = sig.isPunct(k + 1, '(');
    const h = helperAt(sig, wrapped ? k + 2 : k + 1);
    const after = wrapped ? k + 8 : k + 6;
    if (!h || (wrapped && !sig.isPunct(k + 7, ')')) || returnsOf(h.fn) !== 'text') continue;
    const next = sig.list[after];
    if (!(next === undefined || sig.isPunct(after, ',') || sig.isPunct(after, ')') || (next.kind === 'word' && AFTER_DEFAULT.has(next.value)))) continue;
    // the element (CREATE TABLE) or clause (ALTER TABLE) the DEFAULT is in
    let first = k - 1;
    for (let depth = 0; first > (create >= 0 ? create : alter); first--) {
      if (sig.isPunct(first, ')')) depth++;
      else if (sig.isPunct(first, '(') && depth-- === 0) break;
      else if (depth === 0 && sig.isPunct(first, ',')) break;
    }
    first++;
    let col: TypedColumn | undefined;
    if (create >= 0) {
      if (!isName(first) || (first !== create + 2 && !sig.isPunct(first - 1, ','))) continue;
      col = ctx.model.tables.find((t) => t.name === sig.list[create].value)?.columns.find((c) => c.name === sig.list[first].value);
    } else if (sig.isWord(first, 'add')) {
      let j = sig.isWord(first + 1, 'column') ? first + 2 : first + 1;
      if (sig.isWord(j, 'if') && sig.isWord(j + 1, 'not') && sig.isWord(j + 2, 'exists')) j += 3;
      if (!isName(j)) continue;
      col = { name: sig.list[j].value, type: typeFrom(sig, j + 1) };
    } else if (sig.isWord(first, 'alter')) {
      const j = sig.isWord(first + 1, 'column') ? first + 2 : first + 1;
      if (!isName(j) || !sig.isWord(j + 1, 'set') || j + 2 !== k) continue;
      const name = sig.list[j].value;
      const retyped = retypedIn(sig, alter, name);
      const schema = sig.isPunct(alter - 1, '.') && isName(alter - 2) ? sig.list[alter - 2].value : undefined;
      col = retyped !== undefined ? { name, type: retyped } : assignedColumn(ctx, schema, sig.list[alter].value, name);
    }
    if (col && family(col.type) === 'uuid') out.push({ ...h, column: col.name, type: 'uuid', assigned: 'default', ...originOf(col) });
  }
  return out;
}

/** The type written from token `i` to the first constraint word, as the model spells types (`character varying`, `pg_catalog.uuid`; modifiers dropped). */
function typeFrom(sig: SigTokens, i: number): string {
  let type = '';
  for (let k = i, depth = 0; k < sig.list.length; k++) {
    const t = sig.list[k];
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) {
      if (--depth < 0) break;
    } else if (depth > 0) continue;
    else if (sig.isPunct(k, ',') || (t.kind === 'word' && (AFTER_DEFAULT.has(t.value) || t.value === 'default' || t.value === 'using'))) break;
    else if (t.kind === 'word' || t.kind === 'quotedIdent') type += type === '' || type.endsWith('.') ? t.value : ` ${t.value}`;
    else if (sig.isPunct(k, '.')) type += '.';
    else if (sig.isPunct(k, '[')) return `${type}[]`;
  }
  return type;
}

/** The type an `ALTER [COLUMN] <column> [SET DATA] TYPE …` clause of the ALTER TABLE (table name at token `at`) gives the column; undefined when none does. */
function retypedIn(sig: SigTokens, at: number, column: string): string | undefined {
  for (let k = at + 1; k < sig.list.length; k++) {
    if (!sig.isWord(k, 'alter')) continue;
    const c = sig.isWord(k + 1, 'column') ? k + 2 : k + 1;
    const t = sig.isWord(c + 1, 'set') && sig.isWord(c + 2, 'data') ? c + 3 : c + 1;
    if (sig.list[c]?.value === column && sig.isWord(t, 'type')) return typeFrom(sig, t + 1);
  }
  return undefined;
}

// ---- From tokens: CREATE POLICY / ALTER POLICY … ON <table> … USING ( … ) WITH CHECK ( … ) ----

/** Words that may precede or follow a comparison operand inside a boolean expression. */
const BOUNDARY_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'when', 'then', 'else', 'end']);

/**
 * Comparisons in a policy's `USING (…)` and `WITH CHECK (…)` of a column of the policy's table
 * (unqualified, or qualified by the table's name) with the other type's helper:
 * `<col> = auth.user_id()`, `auth.user_id() <> <col>`, `<col> IN (…, auth.user_id(), …)`, `<col>
 * IN (SELECT auth.user_id())`, `<col> = ANY (SELECT auth.user_id())`, also with the helper wrapped
 * in `(SELECT …)` or the whole comparison in `(select …)` (drizzle's form). Column types come from the table's CREATE TABLE in the
 * file (or the Neon Auth catalog for a user table). Operands must stand alone: nothing binds to
 * them more tightly (a cast, an operator, a subscript).
 */
function policyMismatches(tables: FileTables, sig: SigTokens, model: StatementModel, returnsOf: ReturnsOf): Mismatch[] {
  const L = sig.list;
  if (!(sig.isWord(0, 'create', 'alter') && sig.isWord(1, 'policy'))) return [];
  let i = 2;
  if (sig.isWord(i, 'if') && sig.isWord(i + 1, 'not') && sig.isWord(i + 2, 'exists')) i += 3;
  i++; // the policy's name
  if (!sig.isWord(i, 'on')) return [];
  i++;
  const parts: string[] = [];
  const nameToken = (k: number): boolean => L[k] !== undefined && (L[k].kind === 'word' || L[k].kind === 'quotedIdent');
  if (!nameToken(i)) return [];
  parts.push(L[i].value);
  while (sig.isPunct(i + 1, '.') && nameToken(i + 2)) {
    i += 2;
    parts.push(L[i].value);
  }
  if (parts.length > 2) return [];
  const [schema, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const columns = namedAuthTable(model, schema, name)?.columns ?? definedColumns(tables, model.lookup?.(schema, name));
  if (!columns) return [];
  const columnAt = (k: number, last: number): TypedColumn | undefined => {
    // A column operand: `col` or `table.col`, spanning tokens k..last.
    if (last === k && nameToken(k)) return columns.find((c) => c.name === L[k].value);
    if (last === k + 2 && nameToken(k) && sig.isPunct(k + 1, '.') && nameToken(k + 2) && L[k].value === name)
      return columns.find((c) => c.name === L[k + 2].value);
    return undefined;
  };
  const out: Mismatch[] = [];
  for (let k = i + 1; k < L.length; k++) {
    const clause = sig.isWord(k, 'using') ? k + 1 : sig.isWord(k, 'with') && sig.isWord(k + 1, 'check') ? k + 2 : -1;
    if (clause < 0 || !sig.isPunct(clause, '(')) continue;
    const close = sig.matchingParen(clause);
    if (close < 0) break;
    for (let j = clause + 1; j < close; j++) {
      const h = helperAt(sig, j);
      if (!h) continue;
      const { first, last } = helperOperand(sig, j);
      const push = (colFirst: number, colLast: number): void => {
        // An unqualified name inside a sub-query that reads other tables may be one of theirs.
        if (colFirst === colLast && inSubqueryWithFrom(sig, clause, colFirst)) return;
        const col = columnAt(colFirst, colLast);
        const type = family(col?.type);
        const returns = returnsOf(h.fn);
        if (!type || !returns || type === returns) return;
        const column = L.slice(colFirst, colLast + 1)
          .map((t) => t.value)
          .join('');
        out.push({ fn: h.fn, column, type, start: h.start, end: h.end, nameSpan: h.nameSpan, ...originOf(col) });
      };
      const isEq = (k2: number): boolean => L[k2]?.kind === 'operator' && ['=', '<>', '!='].includes(L[k2].value);
      // <col> = helper
      if (isEq(first - 1) && isBoundaryAfter(sig, last + 1)) {
        const colLast = first - 2;
        const colFirst = sig.isPunct(colLast - 1, '.') ? colLast - 2 : colLast;
        if (isBoundaryBefore(sig, colFirst - 1)) push(colFirst, colLast);
      }
      // helper = <col>
      if (isEq(last + 1) && isBoundaryBefore(sig, first - 1)) {
        const colFirst = last + 2;
        const colLast = sig.isPunct(colFirst + 1, '.') ? colFirst + 2 : colFirst;
        if (isBoundaryAfter(sig, colLast + 1)) push(colFirst, colLast);
      }
      // <col> [NOT] IN (SELECT helper()), <col> = ANY (SELECT helper())
      const subqueryCol = subqueryColumnEnd(sig, j, first, last);
      if (subqueryCol >= 0) {
        const colFirst = sig.isPunct(subqueryCol - 1, '.') ? subqueryCol - 2 : subqueryCol;
        if (isBoundaryBefore(sig, colFirst - 1)) push(colFirst, subqueryCol);
      }
      // <col> [NOT] IN ( …, helper, … )
      if ((sig.isPunct(first - 1, '(') || sig.isPunct(first - 1, ',')) && (sig.isPunct(last + 1, ')') || sig.isPunct(last + 1, ','))) {
        let open = first - 1;
        while (open > clause && !(sig.isPunct(open, '(') && sig.matchingParen(open) >= last + 1)) open--;
        const kwIn = open - 1;
        if (sig.isWord(kwIn, 'in')) {
          const colLast = sig.isWord(kwIn - 1, 'not') ? kwIn - 2 : kwIn - 1;
          const colFirst = sig.isPunct(colLast - 1, '.') ? colLast - 2 : colLast;
          if (isBoundaryBefore(sig, colFirst - 1)) push(colFirst, colLast);
        }
      }
    }
    k = close;
  }
  return out;
}

/**
 * Whether token `k` sits inside a parenthesized sub-query with a FROM clause, within the clause
 * whose `(` is token `clause` (drizzle's `(select auth.user_id() = col)` has none).
 */
function inSubqueryWithFrom(sig: SigTokens, clause: number, k: number): boolean {
  let depth = 0;
  for (let j = k - 1; j > clause; j--) {
    if (sig.isPunct(j, ')')) depth++;
    else if (sig.isPunct(j, '(')) {
      if (depth > 0) {
        depth--;
        continue;
      }
      // an enclosing group: does it have FROM at its own level?
      const close = sig.matchingParen(j);
      let d = 0;
      for (let i = j + 1; i < (close < 0 ? sig.list.length : close); i++) {
        if (sig.isPunct(i, '(')) d++;
        else if (sig.isPunct(i, ')')) d--;
        else if (d === 0 && sig.isWord(i, 'from')) return true;
      }
    }
  }
  return false;
}

/**
 * Whether token `k` (just before an operand) cannot bind to it: `(`, `,`, AND/OR/NOT/WHEN/THEN/ELSE,
 * or SELECT (drizzle writes policies as `(select auth.user_id() = "t"."col")`).
 */
export function isBoundaryBefore(sig: SigTokens, k: number): boolean {
  return (
    sig.isPunct(k, '(') ||
    sig.isPunct(k, ',') ||
    sig.isWord(k, 'select') ||
    (sig.list[k]?.kind === 'word' && BOUNDARY_WORDS.has(sig.list[k].value) && sig.list[k].value !== 'end')
  );
}

/** Whether token `k` (just after an operand) cannot bind to it: `)`, `,`, AND/OR/THEN/ELSE/END, or the end. */
export function isBoundaryAfter(sig: SigTokens, k: number): boolean {
  const t = sig.list[k];
  if (t === undefined || sig.isPunct(k, ')') || sig.isPunct(k, ',') || sig.isPunct(k, ';')) return true;
  return t.kind === 'word' && BOUNDARY_WORDS.has(t.value) && t.value !== 'not' && t.value !== 'when';
}
