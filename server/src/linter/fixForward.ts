/**
 * Fixing forward: what a later statement of a file, or a later migration of its set, does to what
 * an earlier statement made, so that a finding about something no longer there is not reported.
 * Applied migrations cannot be edited (Prisma and drizzle-kit checksum them): the user fixes a
 * problem in a new migration, and the earlier file must then lint clean.
 *
 * Facts read from tokens (per the Postgres docs of REVOKE, ALTER DEFAULT PRIVILEGES, CREATE VIEW,
 * CREATE FUNCTION, DROP VIEW, DROP FUNCTION, ALTER VIEW, ALTER TABLE and ALTER FUNCTION):
 *
 * - a `REVOKE` of table privileges (`ALTER DEFAULT PRIVILEGES … REVOKE … ON TABLES` too): a grant's
 *   finding is silenced when later revokes remove every data privilege it gave, on every object it
 *   named, from the grantee it is about (a revoke from PUBLIC does not touch a grant to a named
 *   role; `REVOKE GRANT OPTION FOR` leaves the privilege);
 * - a `CREATE OR REPLACE` or `DROP` of a view, materialized view, function or procedure: the
 *   findings inside an earlier definition of that object are silenced (the object no longer has
 *   that definition), except those that say Postgres rejects the definition (the migration could
 *   not have run). A `TEMP` view is another object (in `pg_temp`): its replacement never counts,
 *   nor does a `CREATE OR REPLACE VIEW` whose query has fewer columns than the view's (Postgres
 *   rejects it, 42P16 "cannot drop columns from view"; counted as before when either count is not
 *   known from the text: a `*` item, `VALUES`). A routine is named as Postgres identifies it, by its
 *   input argument types (`routineSignature.ts`: `f(a int)` is `f(integer)`, `f(int4)`, `f(IN x
 *   pg_catalog.int4)`); its `CREATE OR REPLACE` counts only with the same input types, the input
 *   names it had, no default removed and the same result (`RETURNS` and OUT arguments; else
 *   42P13); a `DROP` without an argument list only when no other routine of that name is known
 *   (else it is rejected, 42725): the `CREATE FUNCTION | PROCEDURE`s of the file and of later
 *   migrations tell (an earlier migration's are not known);
 * - an `ALTER … RENAME TO` or `ALTER … SET SCHEMA` of the object between the definition and that
 *   statement (of a view or materialized view by `ALTER TABLE` too, and `ALTER INDEX … RENAME TO`,
 *   which Postgres takes for any relation; not `ALTER VIEW` of a materialized view or `ALTER
 *   MATERIALIZED VIEW` of a view, 42809, nor `ALTER INDEX … SET SCHEMA`, a syntax error): the
 *   definition lives on under the new name, so a later statement counts only when it names the new
 *   name; one that may name the object but is not sure to (an unknown search path, another
 *   argument list) keeps the findings.
 *
 * Names: a schema-qualified name is that object; an unqualified one stands for the `search_path`
 * the file set at that point (`searchPath.ts`), and is the same object as a qualified one only when
 * that path is the one schema; a definition made without a schema is made in the path's first
 * schema. A path the file set from an expression is unknown: its names match nothing. What a
 * transaction of the file rolls back (`ROLLBACK` of its `BEGIN`, `ROLLBACK TO SAVEPOINT`) does not
 * count, nor does a statement of a `DO` block's body (it may run only conditionally). Offsets are
 * document UTF-16 offsets.
 */
import type { GrantPrivilege, TableGrant } from './grants';
import { DEFAULT_SEARCH_PATH, initialPathState, nextPathState, nextUndoState, PathState, SearchPathChange } from './searchPath';
import { namesRoutine, replacesRoutine, RoutineSignature, signatureAt, typeAt } from './routineSignature';
import { CLAUSE_END_WORDS, SigTokens } from './tokens';
import { nameAt } from './writes';

/** An object as a statement names it: `schemas` is `[schema]` when written, else the search path then. */
export interface ObjectRef {
  readonly schemas: readonly string[];
  readonly name: string;
}

/** A `REVOKE` of table privileges (not `GRANT OPTION FOR`). */
export interface TableRevoke {
  readonly kind: 'revoke';
  /** `revoke` for `REVOKE … ON …`; `default` for `ALTER DEFAULT PRIVILEGES … REVOKE … ON TABLES`. */
  readonly form: 'revoke' | 'default';
  readonly privileges: readonly GrantPrivilege[];
  /** The tables after `ON [TABLE]`. */
  readonly tables: readonly ObjectRef[];
  /** `ON ALL TABLES IN SCHEMA …`, or `ALTER DEFAULT PRIVILEGES IN SCHEMA …`. */
  readonly schemas: readonly string[];
  /** `ALTER DEFAULT PRIVILEGES FOR ROLE …` (sorted; empty: the current role). */
  readonly forRoles: readonly string[];
  /** After `FROM` (`public` for PUBLIC). */
  readonly grantees: readonly string[];
  /** Document offset of the statement's start. */
  readonly start: number;
}

/** What kind of object a definition or drop is of. */
export type DefinedKind = 'view' | 'materialized view' | 'function' | 'procedure';

/** A `CREATE OR REPLACE` of a view or routine, a `CREATE` of a routine, or a `DROP` (one per name dropped); never of a TEMP view. */
export interface Redefinition {
  readonly kind: 'redefine';
  /** `replace`: `CREATE OR REPLACE`; `create`: `CREATE FUNCTION | PROCEDURE` (another overload, or 42723); `drop`. */
  readonly how: 'replace' | 'create' | 'drop';
  readonly object: DefinedKind | 'routine';
  readonly ref: ObjectRef;
  /** A routine's argument list, read (see `routineSignature.ts`); undefined when not written (a DROP without one). */
  readonly args?: RoutineSignature;
  /** A routine's `RETURNS` clause, normalized (see `returnsKey`) when created. */
  readonly returns?: string;
  /** A view's number of columns, when the text tells it (see `viewColumnCount`), when created or replaced. */
  readonly columns?: number;
  /** Document offset of the statement's start. */
  readonly start: number;
}

/**
 * An `ALTER … RENAME TO` or `ALTER … SET SCHEMA` of a relation (any kind: `ALTER TABLE` renames a
 * view too) or routine, or an `ALTER SCHEMA s RENAME TO t` (`object` `schema`, `ref.name` the schema:
 * every object in it lives on in the renamed schema).
 */
export interface Rename {
  readonly kind: 'rename';
  /**
   * `relation`: `ALTER TABLE` (any relation), `ALTER INDEX … RENAME TO` (Postgres renames any relation
   * by it); `view`, `materialized view`: `ALTER VIEW`, `ALTER MATERIALIZED VIEW` (only of that kind:
   * 42809 on another).
   */
  readonly object: 'relation' | 'view' | 'materialized view' | 'function' | 'procedure' | 'routine' | 'schema';
  /** The object as named; `schemas` empty when the search path is unknown (any object of that name may be it). */
  readonly ref: ObjectRef;
  /** A routine's argument list, read (see `routineSignature.ts`); undefined when not written. */
  readonly args?: RoutineSignature;
  /** Its new name (`RENAME TO`) or schema (`SET SCHEMA`). */
  readonly to: { readonly name: string } | { readonly schema: string };
  /** Document offset of the statement's start. */
  readonly start: number;
}

export type FixForwardFact = TableRevoke | Redefinition | Rename;

/** Schemas nothing is created in by an unqualified name (as the migration fold reads a path). */
const SKIPPED_SCHEMAS = new Set(['$user', 'pg_catalog', 'pg_temp']);

/** Whether two references name the same object (see the module comment). */
export function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return a.name === b.name && a.schemas.length > 0 && a.schemas.length === b.schemas.length && a.schemas.every((s, i) => s === b.schemas[i]);
}

/** The object a name at token `i` refers to under `path` (undefined when the path is unknown or the name unreadable). */
function refAt(sig: SigTokens, i: number, path: readonly string[] | undefined): { ref: ObjectRef; last: number } | undefined {
  const n = nameAt(sig, i);
  if (!n) return undefined;
  if (n.schema !== undefined) return { ref: { schemas: [n.schema], name: n.name }, last: n.last };
  if (path === undefined || path.length === 0) return undefined;
  return { ref: { schemas: path, name: n.name }, last: n.last };
}

/** Token `k` as a key part: lower-cased, a quoted name quoted. */
function tokenKey(sig: SigTokens, k: number): string {
  return sig.list[k].kind === 'quotedIdent' ? `"${sig.list[k].value}"` : sig.list[k].value.toLowerCase();
}

/** Words that end a routine's `RETURNS` type: the next clause of `CREATE FUNCTION`. */
// prettier-ignore
const ROUTINE_CLAUSES = new Set([
  'language', 'transform', 'window', 'immutable', 'stable', 'volatile', 'not', 'leakproof', 'called', 'returns', 'strict', 'external',
  'security', 'parallel', 'cost', 'rows', 'support', 'set', 'as', 'return', 'begin',
]);

/**
 * A routine's `RETURNS` clause after its argument list (closing at token `close`), as a key: its
 * type read as an argument's is (`int` and `integer` are one type, see `routineSignature.ts`), after
 * `SETOF`; `TABLE (…)` by its columns' names and types; else its tokens up to the next clause as
 * written. Empty without one (a procedure, or a function with OUT arguments).
 */
function returnsKey(sig: SigTokens, close: number): string {
  if (!sig.isWord(close + 1, 'returns')) return '';
  let end = close + 2;
  for (let depth = 0; end < sig.list.length && !sig.isPunct(end, ';'); end++) {
    if (sig.isPunct(end, '(')) depth++;
    else if (sig.isPunct(end, ')')) depth--;
    else if (depth === 0 && sig.isWord(end) && ROUTINE_CLAUSES.has(sig.list[end].value)) break;
  }
  let k = close + 2;
  const setof = sig.isWord(k, 'setof');
  if (setof) k++;
  if (sig.isWord(k, 'table') && sig.isPunct(k + 1, '(')) {
    const table = signatureAt(sig, k + 1);
    if (table && table.close + 1 === end) return `table(${table.signature.args.map((a) => `${a.name ?? ''} ${a.type}`).join(', ')})`;
  }
  const type = typeAt(sig, k, end);
  if (type && type.next === end) return `${setof ? 'setof ' : ''}${type.type}`;
  const parts: string[] = [];
  for (let t = close + 2; t < end; t++) parts.push(tokenKey(sig, t));
  return parts.join(' ');
}

/** Words that end a view's select list (`FROM`, the next clause, a set operation). */
const SELECT_LIST_END: ReadonlySet<string> = new Set([...CLAUSE_END_WORDS, 'from']);

/**
 * The number of columns of the query of `CREATE [OR REPLACE] VIEW … AS` from token `as`: its
 * select list's items (after `DISTINCT [ON (…)]` or `ALL`; a `WITH` query's main `SELECT`, a set
 * operation's first), when the text tells it; undefined for a `*` or `t.*` item (their columns are
 * the tables'), `VALUES`, `TABLE` or a parenthesized query. A column list after the view's name
 * names some of them, and does not change their number.
 */
export function viewColumnCount(sig: SigTokens, as: number): number | undefined {
  let k = as + 1;
  if (sig.isWord(k, 'with')) {
    // the CTEs are in parentheses: the main SELECT is the first one at depth 0
    for (let depth = 0; k < sig.list.length; k++) {
      if (sig.isPunct(k, '(')) depth++;
      else if (sig.isPunct(k, ')')) depth--;
      else if (depth === 0 && sig.isWord(k, 'select')) break;
    }
  }
  if (!sig.isWord(k, 'select')) return undefined;
  k++;
  if (sig.isWord(k, 'all')) k++;
  else if (sig.isWord(k, 'distinct')) {
    k++;
    if (sig.isWord(k, 'on')) {
      k = sig.isPunct(k + 1, '(') ? sig.matchingParen(k + 1) + 1 : -1;
      if (k <= 0) return undefined;
    }
  }
  const last = sig.lastBefore(k, SELECT_LIST_END);
  if (last < k) return 0;
  let count = 1;
  let depth = 0;
  for (let i = k; i <= last; i++) {
    const t = sig.list[i];
    if (t.kind === 'punct' && (t.value === '(' || t.value === '[')) depth++;
    else if (t.kind === 'punct' && (t.value === ')' || t.value === ']')) depth--;
    else if (depth === 0 && t.kind === 'punct' && t.value === ',') count++;
    // `*` alone as an item, or after `.`: its table's columns
    else if (depth === 0 && t.kind === 'operator' && t.value === '*' && (i === k || sig.isPunct(i - 1, ',') || sig.isPunct(i - 1, '.'))) return undefined;
  }
  return count;
}

/**
 * The view or routine a statement defines (`CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW`, `CREATE
 * MATERIALIZED VIEW [IF NOT EXISTS]`, `CREATE [OR REPLACE] FUNCTION | PROCEDURE name (…)`), its
 * object as named under `path` (a TEMP view's is in `pg_temp`), whether it replaces (`OR
 * REPLACE`) and is TEMP, a routine's argument list and `RETURNS` (see `returnsKey`), and a view's
 * number of columns when the text tells it (see `viewColumnCount`); undefined for any other.
 */
export function definitionOf(
  sig: SigTokens,
  path: readonly string[] | undefined,
): { object: DefinedKind; ref: ObjectRef; args?: RoutineSignature; returns?: string; columns?: number; replaces: boolean; temp: boolean } | undefined {
  if (!sig.isWord(0, 'create')) return undefined;
  let k = 1;
  const replaces = sig.isWord(1, 'or') && sig.isWord(2, 'replace');
  if (replaces) k = 3;
  let temp = false;
  for (; sig.isWord(k, 'temp', 'temporary', 'recursive'); k++) temp ||= !sig.isWord(k, 'recursive');
  let object: DefinedKind;
  if (sig.isWord(k, 'view')) object = 'view';
  else if (sig.isWord(k, 'materialized') && sig.isWord(k + 1, 'view')) {
    object = 'materialized view';
    k++;
  } else if (sig.isWord(k, 'function', 'procedure')) object = sig.list[k].value as DefinedKind;
  else return undefined;
  k++;
  if (object === 'materialized view' && sig.isWord(k, 'if') && sig.isWord(k + 1, 'not') && sig.isWord(k + 2, 'exists')) k += 3;
  // a definition made without a schema is made in the path's first schema
  // (a TEMP view's in the session's temporary schema, whatever the path: another object than public's)
  const first = temp ? 'pg_temp' : path?.find((s) => !SKIPPED_SCHEMAS.has(s));
  const at = refAt(sig, k, first === undefined ? undefined : [first]);
  if (!at) return undefined;
  if (object === 'function' || object === 'procedure') {
    if (!sig.isPunct(at.last + 1, '(')) return undefined;
    const args = signatureAt(sig, at.last + 1);
    if (!args) return undefined;
    return { object, ref: at.ref, args: args.signature, returns: returnsKey(sig, args.close), replaces, temp };
  }
  // `[(column, …)] [WITH (option, …)] AS query`
  let as = sig.isPunct(at.last + 1, '(') ? sig.matchingParen(at.last + 1) + 1 : at.last + 1;
  if (as > 0 && sig.isWord(as, 'with') && sig.isPunct(as + 1, '(')) as = sig.matchingParen(as + 1) + 1;
  const columns = as > 0 && sig.isWord(as, 'as') ? viewColumnCount(sig, as) : undefined;
  return { object, ref: at.ref, ...(columns !== undefined ? { columns } : {}), replaces, temp };
}

/**
 * `ALTER TABLE | VIEW | MATERIALIZED VIEW [IF EXISTS] name RENAME TO new | SET SCHEMA s`, `ALTER
 * INDEX [IF EXISTS] name RENAME TO new` (Postgres renames any relation by it; `ALTER INDEX … SET
 * SCHEMA` is a syntax error, 42601: an index moves with its table), and `ALTER FUNCTION | PROCEDURE
 * | ROUTINE name [(args)] RENAME TO new | SET SCHEMA s`: the rename, or undefined (another
 * statement, `RENAME COLUMN`, a name not read; `ALTER FOREIGN TABLE`, which renames no view, 42809).
 */
function renameOf(sig: SigTokens, path: readonly string[] | undefined, start: number): Rename | undefined {
  if (!sig.isWord(0, 'alter')) return undefined;
  if (sig.isWord(1, 'schema')) {
    const [from, to] = [sig.list[2], sig.list[5]];
    const named = (t: (typeof sig.list)[number] | undefined): boolean => t?.kind === 'word' || t?.kind === 'quotedIdent';
    if (!named(from) || !sig.isWord(3, 'rename') || !sig.isWord(4, 'to') || !named(to) || !(sig.list.length === 6 || sig.isPunct(6, ';'))) return undefined;
    return { kind: 'rename', object: 'schema', ref: { schemas: [], name: from.value }, to: { name: to.value }, start };
  }
  let k = 1;
  let object: Rename['object'];
  if (sig.isWord(1, 'table', 'index')) object = 'relation';
  else if (sig.isWord(1, 'view')) object = 'view';
  else if (sig.isWord(1, 'materialized') && sig.isWord(2, 'view')) {
    object = 'materialized view';
    k++;
  } else if (sig.isWord(1, 'function', 'procedure', 'routine')) object = sig.list[1].value as Rename['object'];
  else return undefined;
  k++;
  if (sig.isWord(k, 'if') && sig.isWord(k + 1, 'exists')) k += 2;
  const n = nameAt(sig, k);
  if (!n) return undefined;
  const ref: ObjectRef = { schemas: n.schema !== undefined ? [n.schema] : (path ?? []), name: n.name };
  k = n.last + 1;
  let args: RoutineSignature | undefined;
  const routine = object === 'function' || object === 'procedure' || object === 'routine';
  if (routine && sig.isPunct(k, '(')) {
    const a = signatureAt(sig, k);
    if (!a) return undefined;
    args = a.signature;
    k = a.close + 1;
  }
  const target = sig.list[k + 2];
  if ((target?.kind !== 'word' && target?.kind !== 'quotedIdent') || !(k + 3 === sig.list.length || sig.isPunct(k + 3, ';'))) return undefined;
  let to: Rename['to'];
  if (sig.isWord(k, 'rename') && sig.isWord(k + 1, 'to')) to = { name: target.value };
  else if (sig.isWord(k, 'set') && sig.isWord(k + 1, 'schema') && !sig.isWord(1, 'index')) to = { schema: target.value };
  else return undefined;
  return args === undefined ? { kind: 'rename', object, ref, to, start } : { kind: 'rename', object, ref, args, to, start };
}

/** `DROP VIEW | MATERIALIZED VIEW | FUNCTION | PROCEDURE | ROUTINE [IF EXISTS] name [(args)], …`: each object dropped. */
function dropsOf(sig: SigTokens, path: readonly string[] | undefined, start: number): Redefinition[] {
  if (!sig.isWord(0, 'drop')) return [];
  let k = 1;
  let object: Redefinition['object'];
  if (sig.isWord(1, 'view')) object = 'view';
  else if (sig.isWord(1, 'materialized') && sig.isWord(2, 'view')) {
    object = 'materialized view';
    k++;
  } else if (sig.isWord(1, 'function', 'procedure', 'routine')) object = sig.list[1].value as Redefinition['object'];
  else return [];
  k++;
  if (sig.isWord(k, 'if') && sig.isWord(k + 1, 'exists')) k += 2;
  const out: Redefinition[] = [];
  while (k < sig.list.length) {
    const at = refAt(sig, k, path);
    if (!at) break;
    k = at.last + 1;
    let args: RoutineSignature | undefined;
    if (sig.isPunct(k, '(')) {
      const a = signatureAt(sig, k);
      if (!a) break;
      args = a.signature;
      k = a.close + 1;
    }
    out.push(
      args === undefined ? { kind: 'redefine', how: 'drop', object, ref: at.ref, start } : { kind: 'redefine', how: 'drop', object, ref: at.ref, args, start },
    );
    if (!sig.isPunct(k, ',')) break;
    k++;
  }
  return out;
}

/** The grantee list after `FROM` at token `i`, up to `GRANTED BY`, `CASCADE`, `RESTRICT` or the end. */
function granteesFrom(sig: SigTokens, i: number): string[] {
  const out: string[] = [];
  for (; i < sig.list.length; i++) {
    if (sig.isWord(i, 'granted', 'cascade', 'restrict')) break;
    if (sig.isPunct(i, ',') || sig.isWord(i, 'group')) continue;
    const t = sig.list[i];
    if (t.kind === 'word' || t.kind === 'quotedIdent') out.push(t.value);
    else return [];
  }
  return out;
}

/** Comma-separated names from token `i` up to the word `stop`; undefined when one cannot be read. */
function namesUntil(sig: SigTokens, i: number, stop: string, path: readonly string[] | undefined): { refs: ObjectRef[]; next: number } | undefined {
  const refs: ObjectRef[] = [];
  while (i < sig.list.length && !sig.isWord(i, stop)) {
    if (sig.isPunct(i, ',')) {
      i++;
      continue;
    }
    const at = refAt(sig, i, path);
    if (!at) return undefined;
    refs.push(at.ref);
    i = at.last + 1;
  }
  return { refs, next: i };
}

/** The privilege list from token `i` up to `ON` (as `grants.ts` reads a GRANT's). */
function privilegesUntilOn(sig: SigTokens, i: number): { privileges: GrantPrivilege[]; on: number } | undefined {
  const privileges: GrantPrivilege[] = [];
  while (i < sig.list.length && !sig.isWord(i, 'on')) {
    if (sig.isPunct(i, ',')) {
      i++;
      continue;
    }
    if (!sig.isWord(i)) return undefined;
    const name = sig.list[i].value;
    i++;
    if (name === 'all' && sig.isWord(i, 'privileges')) i++;
    const privilege: GrantPrivilege = { name };
    if (sig.isPunct(i, '(')) {
      const close = sig.matchingParen(i);
      if (close < 0) return undefined;
      privilege.columns = [];
      for (let k = i + 1; k < close; k++) if (!sig.isPunct(k, ',')) privilege.columns.push(sig.list[k].value);
      i = close + 1;
    }
    privileges.push(privilege);
  }
  return sig.isWord(i, 'on') ? { privileges, on: i } : undefined;
}

/** `FOR ROLE | USER a, b` and `IN SCHEMA s, t` of `ALTER DEFAULT PRIVILEGES` up to its `GRANT` or `REVOKE` (at `verb`). */
export function defaultPrivilegesHead(sig: SigTokens): { roles: string[]; schemas: string[]; verb: number } | undefined {
  if (!(sig.isWord(0, 'alter') && sig.isWord(1, 'default') && sig.isWord(2, 'privileges'))) return undefined;
  const roles: string[] = [];
  const schemas: string[] = [];
  let list: string[] | undefined;
  let i = 3;
  for (; i < sig.list.length && !sig.isWord(i, 'grant', 'revoke'); i++) {
    if (sig.isWord(i, 'for') && sig.isWord(i + 1, 'role', 'user')) {
      list = roles;
      i++;
    } else if (sig.isWord(i, 'in') && sig.isWord(i + 1, 'schema')) {
      list = schemas;
      i++;
    } else if (sig.isPunct(i, ',')) continue;
    else if (list && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent')) list.push(sig.list[i].value);
    else return undefined;
  }
  return i < sig.list.length ? { roles: roles.sort(), schemas, verb: i } : undefined;
}

/** The table revoke a statement makes under `path`, or undefined (another statement, `GRANT OPTION FOR`, a form not read). Never throws. */
export function tableRevokeOf(sig: SigTokens, path: readonly string[] | undefined, start: number): TableRevoke | undefined {
  try {
    let form: TableRevoke['form'] = 'revoke';
    let r = 0;
    let forRoles: string[] = [];
    const schemas: string[] = [];
    const head = defaultPrivilegesHead(sig);
    if (head) {
      if (!sig.isWord(head.verb, 'revoke')) return undefined;
      form = 'default';
      r = head.verb;
      forRoles = head.roles;
      schemas.push(...head.schemas);
    } else if (!sig.isWord(0, 'revoke')) return undefined;
    // only the option to grant is revoked: the privilege stays
    if (sig.isWord(r + 1, 'grant') && sig.isWord(r + 2, 'option')) return undefined;
    const p = privilegesUntilOn(sig, r + 1);
    if (!p) return undefined;
    let i = p.on + 1;
    const tables: ObjectRef[] = [];
    if (form === 'default') {
      if (!sig.isWord(i, 'tables')) return undefined;
      i++;
    } else if (sig.isWord(i, 'all') && sig.isWord(i + 1, 'tables') && sig.isWord(i + 2, 'in') && sig.isWord(i + 3, 'schema')) {
      for (i += 4; i < sig.list.length && !sig.isWord(i, 'from'); i++) {
        if (sig.isPunct(i, ',')) continue;
        if (sig.list[i].kind !== 'word' && sig.list[i].kind !== 'quotedIdent') return undefined;
        schemas.push(sig.list[i].value);
      }
    } else {
      if (sig.isWord(i, 'table')) i++;
      else if (sig.isWord(i) && !sig.isWord(i + 1, 'from') && !sig.isPunct(i + 1, '.') && !sig.isPunct(i + 1, ',')) return undefined; // ON SEQUENCE …, ON FUNCTION …
      const list = namesUntil(sig, i, 'from', path);
      if (!list) return undefined;
      tables.push(...list.refs);
      i = list.next;
    }
    if (!sig.isWord(i, 'from')) return undefined;
    const grantees = granteesFrom(sig, i + 1);
    // `GRANTED BY r` revokes only what r granted: not known to be the grant's grantor
    if (grantees.length === 0 || sig.list.some((_, k) => sig.isWord(k, 'granted') && sig.isWord(k + 1, 'by'))) return undefined;
    return { kind: 'revoke', form, privileges: p.privileges, tables, schemas, forRoles, grantees, start };
  } catch {
    return undefined;
  }
}

/**
 * A file's fix-forward facts, fed its top-level statements in order (each with its
 * `searchPathChange`, and its tokens asked for only when it may be one: `mayBeFact`): the facts
 * its transactions do not roll back, in order, each with the path then.
 */
export class FixForwardWalker {
  private path: PathState<readonly string[] | undefined> = initialPathState<readonly string[] | undefined>(DEFAULT_SEARCH_PATH);
  private undo = initialPathState(0);
  readonly facts: FixForwardFact[] = [];

  /** The search path the next statement runs under (undefined: unknown). */
  get currentPath(): readonly string[] | undefined {
    return this.path.path;
  }

  /** Takes one statement: a path or transaction change, or (tokens given) a fact. */
  feed(change: SearchPathChange | undefined, sig: SigTokens | undefined, start: number): void {
    if (change?.kind === 'set') {
      const schemas = change.schemas?.filter((s) => !SKIPPED_SCHEMAS.has(s));
      this.path = nextPathState(this.path, { ...change, schemas: schemas !== undefined && schemas.length > 0 ? schemas : undefined });
      return;
    }
    if (change) {
      this.path = nextPathState(this.path, change);
      this.undo = nextUndoState(this.undo, this.facts.length, change);
      this.facts.length = Math.min(this.facts.length, this.undo.session);
      return;
    }
    if (!sig) return;
    const revoke = tableRevokeOf(sig, this.path.path, start);
    if (revoke) {
      this.facts.push(revoke);
      return;
    }
    const def = definitionOf(sig, this.path.path);
    if (def) {
      // a TEMP view is another object; a CREATE without OR REPLACE counts only as a routine's overload
      if (def.temp || !(def.replaces || def.args !== undefined)) return;
      const { object, ref, args, returns, columns } = def;
      this.facts.push({
        kind: 'redefine',
        how: def.replaces ? 'replace' : 'create',
        object,
        ref,
        ...(args !== undefined ? { args, returns } : {}),
        ...(columns !== undefined ? { columns } : {}),
        start,
      });
      return;
    }
    const rename = renameOf(sig, this.path.path, start);
    if (rename) this.facts.push(rename);
    else this.facts.push(...dropsOf(sig, this.path.path, start));
  }
}

/** The start of a statement that may be a fact (comments between its first words hide it: such a statement is not read). */
const FACT_HEAD =
  /(?:revoke|alter\s+(?:default|table|view|materialized|index|function|procedure|routine|schema)|drop\s+(?:view|materialized|function|procedure|routine)|create\s+(?:or\s+replace\s+)?(?:view|function|procedure|recursive))\b/iy;

/** Whether a statement whose first significant token starts at `start` of `text` may be a fact (its first words, cheaply). */
export function mayBeFact(text: string, start: number): boolean {
  FACT_HEAD.lastIndex = start;
  return FACT_HEAD.test(text);
}

/** The data privileges a grant of `all` gives (what `no-broad-auth-grants` reports). */
const DATA_PRIVILEGES = ['select', 'insert', 'update', 'delete', 'truncate'];

/** Whether `r` takes privilege `p` (written in a GRANT) away. */
function revokesPrivilege(r: TableRevoke, p: GrantPrivilege): boolean {
  return r.privileges.some((q) => {
    if (q.name !== 'all' && q.name !== p.name) return false;
    // a table-level REVOKE takes the column privileges too; a column one only those columns
    if (q.columns === undefined) return true;
    return p.columns !== undefined && p.columns.every((c) => q.columns!.includes(c));
  });
}

/**
 * Whether `revokes` (later than the grant) take every data privilege `grant` gave away from
 * `grantee` (as Postgres folds it; `public` for PUBLIC), on every table and schema it names.
 * `path`: the search path at the grant.
 */
export function revokedLater(
  grant: TableGrant,
  grantee: string,
  path: readonly string[] | undefined,
  grantForRoles: readonly string[],
  revokes: readonly TableRevoke[],
): boolean {
  const mine = revokes.filter((r) => r.grantees.includes(grantee) && r.form === (grant.kind === 'default' ? 'default' : 'revoke'));
  if (mine.length === 0) return false;
  const privileges = grant.privileges.flatMap((p) =>
    p.name === 'all' ? [p, ...DATA_PRIVILEGES.map((name) => ({ ...p, name }))] : DATA_PRIVILEGES.includes(p.name) ? [p] : [],
  );
  if (privileges.length === 0) return false;
  // `all` is taken away by a revoke of ALL, or of each data privilege
  const gone = (covers: (r: TableRevoke) => boolean): boolean => {
    const taken = (p: GrantPrivilege): boolean => mine.some((r) => covers(r) && revokesPrivilege(r, p));
    return grant.privileges.every((p) => {
      if (p.name === 'all') return taken(p) || DATA_PRIVILEGES.every((name) => taken({ ...p, name }));
      return !DATA_PRIVILEGES.includes(p.name) || taken(p);
    });
  };
  if (grant.kind === 'default') {
    const roles = [...grantForRoles].sort();
    const sameRoles = (r: TableRevoke): boolean => r.forRoles.length === roles.length && r.forRoles.every((x, i) => x === roles[i]);
    // per schema (or none: all schemas)
    if (grant.schemas.length === 0) return gone((r) => sameRoles(r) && r.schemas.length === 0);
    return grant.schemas.every((s) => gone((r) => sameRoles(r) && r.schemas.includes(s.name)));
  }
  for (const t of grant.tables) {
    const ref: ObjectRef | undefined =
      t.schema !== undefined ? { schemas: [t.schema], name: t.name } : path && path.length > 0 ? { schemas: path, name: t.name } : undefined;
    if (!ref) return false;
    const schema = ref.schemas.length === 1 ? ref.schemas[0] : undefined;
    if (!gone((r) => r.tables.some((x) => sameObject(x, ref)) || (schema !== undefined && r.schemas.includes(schema)))) return false;
  }
  return grant.schemas.every((s) => gone((r) => r.schemas.includes(s.name)));
}

/**
 * Whether `facts` (later than the definition `def`, in order; see `definitionOf`) replace or drop
 * it, following its renames (see the module comment). `earlier`: the file's facts before it (the
 * routines of its name it may overload). A routine is named by its argument list as Postgres
 * identifies it (`namesRoutine`), and replaced only as Postgres would replace it (`replacesRoutine`);
 * a view is not replaced by a query of fewer columns (42P16) when both counts are known.
 */
export function redefinedLater(
  def: { object: DefinedKind; ref: ObjectRef; args?: RoutineSignature; returns?: string; columns?: number },
  facts: readonly FixForwardFact[],
  earlier: readonly FixForwardFact[] = [],
): boolean {
  const routine = def.object === 'function' || def.object === 'procedure';
  const fits = (object: Redefinition['object'] | Rename['object']): boolean =>
    object === 'schema' || (routine ? object === def.object || object === 'routine' : object === def.object || object === 'relation');
  let ref = def.ref;
  // the other routines of the name known before fact `k` (other input types than the definition's)
  const others = (k: number): RoutineSignature[] =>
    [...earlier, ...facts.slice(0, k)].flatMap((f) =>
      f.kind === 'redefine' && f.how !== 'drop' && f.args !== undefined && f.args.identity !== def.args?.identity && sameObject(f.ref, ref) ? [f.args] : [],
    );
  // a statement naming the routine: without arguments, when no other routine of the name is known
  // (else 42725); with them, when they name it and no other known one (a procedure's list read both
  // ways may name two: 42725)
  const namesIt = (f: Redefinition | Rename, k: number): boolean => {
    if (f.args === undefined) return others(k).length === 0;
    const object = f.object as 'function' | 'procedure' | 'routine';
    const named = f.args;
    return def.args !== undefined && namesRoutine(named, def.args, object) && !others(k).some((o) => namesRoutine(named, o, object));
  };
  for (let k = 0; k < facts.length; k++) {
    const f = facts[k];
    if (f.kind === 'revoke' || !fits(f.object)) continue;
    if (f.kind === 'rename' && f.object === 'schema') {
      // its schema renamed: followed when the definition is surely in it, else its findings stay
      if (!ref.schemas.includes(f.ref.name)) continue;
      if (ref.schemas[0] !== f.ref.name || ref.schemas.length > 1 || !('name' in f.to)) return false;
      ref = { schemas: [f.to.name], name: ref.name };
      continue;
    }
    if (f.kind === 'rename') {
      const schema = ref.schemas[0];
      if (f.ref.name !== ref.name || (f.ref.schemas.length > 0 && !f.ref.schemas.includes(schema))) continue;
      // it lives on under another name: followed when the statement surely names it, else its findings stay
      if (f.ref.schemas[0] !== schema || (routine && !namesIt(f, k))) return false;
      ref = 'name' in f.to ? { schemas: ref.schemas, name: f.to.name } : { schemas: [f.to.schema], name: ref.name };
      continue;
    }
    if (f.how === 'create' || !sameObject(f.ref, ref)) continue;
    if (!routine) {
      // fewer columns than the view has: rejected (42P16 cannot drop columns from view), the view keeps its definition
      if (f.how === 'replace' && f.columns !== undefined && def.columns !== undefined && f.columns < def.columns) continue;
      return true;
    }
    if (
      f.how === 'drop' ? namesIt(f, k) : f.args !== undefined && def.args !== undefined && replacesRoutine(def.args, def.returns ?? '', f.args, f.returns ?? '')
    )
      return true;
  }
  return false;
}
