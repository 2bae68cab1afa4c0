/**
 * A routine's argument list read from tokens the way Postgres identifies the routine (per the docs
 * of CREATE FUNCTION, DROP FUNCTION, DROP PROCEDURE and DROP ROUTINE, and `LookupFuncWithArgs`):
 *
 * - a routine of a name is identified by the types of its input arguments (IN, INOUT, VARIADIC), in
 *   order: argument names, the IN mode, defaults and OUT arguments are not part of it (`DROP
 *   FUNCTION f(IN a int, OUT r text)` is `f(integer)`; an OUT argument a statement names is noise);
 * - for `DROP | ALTER PROCEDURE | ROUTINE` a list with no mode written may also be every argument,
 *   OUT ones included (the SQL standard's list): Postgres looks it up both ways;
 * - types by the type they name, not as written: `int`, `integer`, `int4` and `pg_catalog.int4`
 *   are one type (the SQL-standard spellings are keywords, read only unquoted: `"integer"` is no
 *   type), type modifiers are not part of a routine's types (`varchar(10)` is `varchar`), nor
 *   array bounds (`int[3]`, `int ARRAY`, `_int4` are `int4[]`). A name of another schema stays as
 *   written (lower-cased unless quoted): `public.t` and `t` are not known to be one type.
 *
 * A type copied from a column (`tab.col%TYPE`) is its name so written; a parameter whose type is not
 * read (an unexpected token) keeps its tokens as written: either matches only the same text. Never
 * throws.
 */
import { SigTokens } from './tokens';

/** An argument's mode (`in` when none is written). */
export type ArgMode = 'in' | 'out' | 'inout' | 'variadic';

/** One argument of a routine's list. */
export interface RoutineArg {
  mode: ArgMode;
  /** Its name (as Postgres folds it), when written. */
  name?: string;
  /** Its type, canonical (see the module comment). */
  type: string;
  /** Whether a `DEFAULT` (or `=`) expression is written. */
  hasDefault: boolean;
}

/** A routine's argument list `(…)`, read (see the module comment). */
export interface RoutineSignature {
  readonly args: readonly RoutineArg[];
  /** The input arguments' types (IN, INOUT, VARIADIC), comma-separated: the routine's identity. */
  readonly identity: string;
  /** Every argument's type, OUT ones included (the SQL standard's list). */
  readonly all: string;
  /** Whether a mode is written for some argument. */
  readonly modes: boolean;
}

const MODES: ReadonlySet<string> = new Set(['in', 'out', 'inout', 'variadic']);

/** The catalog name of a type keyword read alone (`int`), unquoted and unqualified. */
// prettier-ignore
const KEYWORD_TYPES: ReadonlyMap<string, string> = new Map([
  ['int', 'int4'], ['integer', 'int4'], ['smallint', 'int2'], ['bigint', 'int8'], ['real', 'float4'],
  ['decimal', 'numeric'], ['dec', 'numeric'], ['boolean', 'bool'], ['nchar', 'bpchar'],
]);

/** Catalog names whose `_name` is their array type. */
// prettier-ignore
const CATALOG_TYPES: ReadonlySet<string> = new Set([
  'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'bool', 'text', 'varchar', 'bpchar', 'char', 'name', 'uuid', 'json', 'jsonb',
  'bytea', 'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'bit', 'varbit', 'money', 'inet', 'cidr', 'oid',
]);

/** `interval`'s field words (`interval day to second`). */
const INTERVAL_FIELDS: ReadonlySet<string> = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'to']);

const isName = (sig: SigTokens, i: number): boolean => sig.list[i]?.kind === 'word' || sig.list[i]?.kind === 'quotedIdent';

/** A name part as a key: a quoted name that folds to itself is the unquoted name (`"int4"` is `int4`). */
function namePart(sig: SigTokens, i: number): string {
  const t = sig.list[i];
  if (t.kind !== 'quotedIdent' || /^[a-z_][a-z0-9_$]*$/.test(t.value)) return t.value;
  return `"${t.value.replace(/"/g, '""')}"`;
}

/** Token `k` as written, for a part not read: lower-cased, a quoted name quoted. */
function tokenKey(sig: SigTokens, k: number): string {
  return sig.list[k].kind === 'quotedIdent' ? `"${sig.list[k].value}"` : sig.list[k].value.toLowerCase();
}

/** `( … )` at `i` skipped: the index after it (`i` when there is none there; -1 when unbalanced). */
function skipParens(sig: SigTokens, i: number): number {
  if (!sig.isPunct(i, '(')) return i;
  const close = sig.matchingParen(i);
  return close < 0 ? -1 : close + 1;
}

/** `with time zone` / `without time zone` at `i`: whether it is `with`, and the index after it. */
function timeZone(sig: SigTokens, i: number): { tz: boolean; next: number } {
  if (sig.isWord(i, 'with', 'without') && sig.isWord(i + 1, 'time') && sig.isWord(i + 2, 'zone')) return { tz: sig.isWord(i, 'with'), next: i + 3 };
  return { tz: false, next: i };
}

/**
 * The type written from token `i` up to (not including) `end`, canonical (see the module
 * comment), and the index after it; undefined when no type starts there.
 */
export function typeAt(sig: SigTokens, i: number, end: number): { type: string; next: number } | undefined {
  if (i >= end || !isName(sig, i)) return undefined;
  let base: string;
  let k = i + 1;
  const word = sig.list[i].kind === 'word' && !sig.isPunct(i + 1, '.') ? sig.list[i].value : undefined;
  if (word === 'double' && sig.isWord(k, 'precision')) {
    base = 'float8';
    k++;
  } else if (word === 'float') {
    // float(p): p ≤ 24 is real, else double precision (no p: double precision)
    const p = sig.isPunct(k, '(') && sig.list[k + 1]?.kind === 'number' && sig.isPunct(k + 2, ')') ? Number(sig.list[k + 1].value) : 53;
    base = p <= 24 ? 'float4' : 'float8';
    if (sig.isPunct(k, '(')) k = skipParens(sig, k);
  } else if (word === 'character' || word === 'char' || word === 'national' || word === 'varchar') {
    if (word === 'national') {
      if (!sig.isWord(k, 'character', 'char')) return undefined;
      k++;
    }
    const varying = word === 'varchar' || sig.isWord(k, 'varying');
    if (varying && word !== 'varchar') k++;
    base = varying ? 'varchar' : 'bpchar';
    k = skipParens(sig, k);
  } else if (word === 'bit') {
    const varying = sig.isWord(k, 'varying');
    if (varying) k++;
    base = varying ? 'varbit' : 'bit';
    k = skipParens(sig, k);
  } else if (word === 'time' || word === 'timestamp') {
    k = skipParens(sig, k);
    const zone = k < 0 ? { tz: false, next: k } : timeZone(sig, k);
    k = zone.next;
    base = zone.tz ? `${word}tz` : word;
  } else if (word === 'interval') {
    while (sig.isWord(k) && INTERVAL_FIELDS.has(sig.list[k].value)) k++;
    k = skipParens(sig, k);
    base = 'interval';
  } else if (word !== undefined && KEYWORD_TYPES.has(word)) {
    base = KEYWORD_TYPES.get(word)!;
    k = skipParens(sig, k);
  } else {
    // a name: [schema.]name, pg_catalog's being its own name; then a type modifier, not part of it
    const parts = [namePart(sig, i)];
    k = i + 1;
    while (sig.isPunct(k, '.') && isName(sig, k + 1)) {
      parts.push(namePart(sig, k + 1));
      k += 2;
    }
    if (parts.length === 2 && parts[0] === 'pg_catalog') parts.shift();
    base = parts.join('.');
    // `_int4`: int4's array type
    if (parts.length === 1 && base.startsWith('_') && CATALOG_TYPES.has(base.slice(1))) base = `${base.slice(1)}[]`;
    // `tab.col%TYPE`: the column's type, not known here (matches the same text only)
    if (sig.list[k]?.kind === 'operator' && sig.list[k].value === '%' && sig.isWord(k + 1, 'type', 'rowtype')) {
      base += `%${sig.list[k + 1].value}`;
      k += 2;
    } else k = skipParens(sig, k);
  }
  if (k < 0 || k > end) return undefined;
  // array bounds: `[]`, `[3]`, `ARRAY`, `ARRAY[3]`, any number of them, are one array type
  let array = base.endsWith('[]');
  for (;;) {
    if (sig.isPunct(k, '[')) {
      let close = k + 1;
      while (close < end && !sig.isPunct(close, ']')) close++;
      if (close >= end) return undefined;
      k = close + 1;
      array = true;
    } else if (sig.isWord(k, 'array') && k < end) {
      k++;
      array = true;
    } else break;
  }
  if (k > end) return undefined;
  return { type: array && !base.endsWith('[]') ? `${base}[]` : base, next: k };
}

/** The argument written in tokens `[from, to)`: its mode, name, type and whether it has a default. */
function argumentOf(sig: SigTokens, from: number, to: number): RoutineArg & { modeWritten: boolean } {
  // a default runs from `DEFAULT` or `=` at depth 0 to the end
  let end = to;
  let depth = 0;
  for (let k = from; k < to; k++) {
    if (sig.isPunct(k, '(') || sig.isPunct(k, '[')) depth++;
    else if (sig.isPunct(k, ')') || sig.isPunct(k, ']')) depth--;
    else if (depth === 0 && (sig.isWord(k, 'default') || (sig.list[k].kind === 'operator' && sig.list[k].value === '='))) {
      end = k;
      break;
    }
  }
  const hasDefault = end < to;
  let k = from;
  let mode: ArgMode = 'in';
  let modeWritten = false;
  let name: string | undefined;
  const takeMode = (): void => {
    if (sig.isWord(k) && MODES.has(sig.list[k].value) && k + 1 < end) {
      mode = sig.list[k].value as ArgMode;
      modeWritten = true;
      k++;
    }
  };
  takeMode();
  // `[mode] type`, `[mode] name type`, `name mode type`: the type alone first (`double precision` is no name and type)
  const whole = typeAt(sig, k, end);
  if (!whole || whole.next !== end) {
    if (isName(sig, k) && k + 1 < end) {
      name = sig.list[k].value;
      k++;
      if (!modeWritten) takeMode();
    }
  }
  const typed = typeAt(sig, k, end);
  let type: string;
  if (typed && typed.next === end) type = typed.type;
  else {
    // not read (an unexpected token): as written, matching only the same text
    const parts: string[] = [];
    for (let t = k; t < end; t++) parts.push(tokenKey(sig, t));
    type = parts.join(' ');
  }
  return { mode, ...(name !== undefined ? { name } : {}), type, hasDefault, modeWritten };
}

/** The argument list `(` … `)` from token `open`, read (see the module comment), and its closing token; undefined when unbalanced. */
export function signatureAt(sig: SigTokens, open: number): { signature: RoutineSignature; close: number } | undefined {
  const close = sig.matchingParen(open);
  if (close < 0) return undefined;
  const args: RoutineArg[] = [];
  let modes = false;
  let start = open + 1;
  let depth = 0;
  for (let k = open + 1; k <= close; k++) {
    if (k < close && (sig.isPunct(k, '(') || sig.isPunct(k, '['))) depth++;
    else if (k < close && (sig.isPunct(k, ')') || sig.isPunct(k, ']'))) depth--;
    else if (k === close || (depth === 0 && sig.isPunct(k, ','))) {
      if (k > start) {
        const { modeWritten, ...arg } = argumentOf(sig, start, k);
        modes ||= modeWritten;
        args.push(arg);
      }
      start = k + 1;
    }
  }
  const signature: RoutineSignature = {
    args,
    identity: args
      .filter((a) => a.mode !== 'out')
      .map((a) => a.type)
      .join(', '),
    all: args.map((a) => a.type).join(', '),
    modes,
  };
  return { signature, close };
}

/**
 * Whether a `DROP` or `ALTER` of `object` (a `FUNCTION`, `PROCEDURE` or `ROUTINE`) with the argument
 * list `named` names the routine whose list is `defined`: the same input types, or, for a procedure
 * or routine statement with no mode written, the same types of every argument (see the module comment).
 */
export function namesRoutine(named: RoutineSignature, defined: RoutineSignature, object: 'function' | 'procedure' | 'routine'): boolean {
  return named.identity === defined.identity || (object !== 'function' && !named.modes && named.all === defined.all);
}

/**
 * Whether `CREATE OR REPLACE` with the list `next` (and `RETURNS` key `nextReturns`) replaces the
 * routine defined with `old` (`oldReturns`) rather than being rejected or making another routine:
 * the same input types; each input argument the old list named keeps its name (else 42P13 "cannot
 * change name of input parameter"); no default removed (42P13); the same result (its `RETURNS`,
 * and its OUT arguments' names and types, in order: 42P13 "cannot change return type"). A change
 * Postgres would accept that this does not follow (a single OUT argument renamed, `RETURNS int`
 * for one `OUT r int`) leaves the replacement uncounted.
 */
export function replacesRoutine(old: RoutineSignature, oldReturns: string, next: RoutineSignature, nextReturns: string): boolean {
  if (old.identity !== next.identity || oldReturns !== nextReturns) return false;
  const outputs = (s: RoutineSignature): string =>
    s.args
      .filter((a) => a.mode === 'out' || a.mode === 'inout')
      .map((a) => `${a.name ?? ''} ${a.type}`)
      .join(', ');
  if (outputs(old) !== outputs(next)) return false;
  const inputs = (s: RoutineSignature): RoutineArg[] => s.args.filter((a) => a.mode !== 'out');
  const [was, is] = [inputs(old), inputs(next)];
  if (was.some((a, i) => a.name !== undefined && is[i].name !== a.name)) return false;
  return is.filter((a) => a.hasDefault).length >= was.filter((a) => a.hasDefault).length;
}
