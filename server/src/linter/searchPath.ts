/**
 * The `search_path` a file's statements set, read from tokens: which statements set it
 * (`searchPathSet`, `setsLocalSearchPath`), and the path in effect at each statement of a file
 * (`SearchPaths`), so that an unqualified table name is resolved as Postgres resolves it. Shared by
 * the migration fold (`history.ts`) and a file's own table facts (`tableDefs.ts`).
 */
import { partitionPoint } from './search';
import { SigTokens } from './tokens';

/** A string literal's value (`'it''s'` → `it's`); E'…' escapes other than `''` are left as written. */
function stringValue(raw: string): string {
  const open = raw.indexOf("'");
  return raw.slice(open + 1, raw.endsWith("'") && raw.length > open + 1 ? -1 : undefined).replace(/''/g, "'");
}

/**
 * A `search_path` value as Postgres splits a list setting (`SplitIdentifierString`): elements
 * separated by commas, each trimmed, double-quoted ones unquoted (`""` → `"`), the others folded to
 * lower case. `'app, "My App"'` → `app`, `My App`.
 */
function splitSearchPath(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/\s*(?:"((?:[^"]|"")*)"|([^,]*?))\s*(?:,|$)/g)) {
    if (m[0] === '' && m.index === value.length) break;
    const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '').toLowerCase();
    if (name !== '') out.push(name);
  }
  return out;
}

/**
 * The `search_path` a statement sets, per the SET, RESET and `set_config` documentation: the schemas
 * in order (names as Postgres reads them: unquoted folded, quoted and string literals as written),
 * `'default'` for `RESET search_path`, `RESET ALL` and `SET search_path TO DEFAULT`; undefined for
 * any other statement. Forms: `SET [SESSION | LOCAL] search_path { TO | = } a, "B", 'c'` and
 * `SELECT [pg_catalog.]set_config('search_path', 'a, b', is_local)` (its value split as a list).
 * `SET LOCAL` lasts to the end of the transaction (see `setsLocalSearchPath`).
 */
export function searchPathSet(sig: SigTokens): string[] | 'default' | undefined {
  const list = sig.list;
  if (sig.isWord(0, 'reset')) return sig.isWord(1, 'search_path', 'all') && list.length <= 3 ? 'default' : undefined;
  if (sig.isWord(0, 'set')) {
    let k = sig.isWord(1, 'session', 'local') ? 2 : 1;
    if (!sig.isWord(k, 'search_path') || !(sig.isWord(k + 1, 'to') || (list[k + 1]?.kind === 'operator' && list[k + 1].value === '='))) return undefined;
    k += 2;
    if (sig.isWord(k, 'default')) return 'default';
    const out: string[] = [];
    for (; k < list.length; k++) {
      const t = list[k];
      if (t.kind === 'word' || t.kind === 'quotedIdent') out.push(t.value);
      else if (t.kind === 'string') out.push(stringValue(t.value));
    }
    return out;
  }
  if (sig.isWord(0, 'select')) {
    for (let k = 1; k + 5 < list.length; k++) {
      if (!sig.isWord(k, 'set_config') || !sig.isPunct(k + 1, '(')) continue;
      const name = list[k + 2];
      const value = list[k + 4];
      if (name.kind !== 'string' || stringValue(name.value).toLowerCase() !== 'search_path' || !sig.isPunct(k + 3, ',') || value.kind !== 'string')
        return undefined;
      return splitSearchPath(stringValue(value.value));
    }
  }
  return undefined;
}

/**
 * The `search_path` a `CREATE [OR REPLACE] FUNCTION | PROCEDURE` statement's own `SET` clause gives
 * its body while it runs (per the CREATE FUNCTION documentation): the schemas of `SET search_path
 * { TO | = } a, "B", 'c'` (read as `searchPathSet` reads them), or `'current'` for `SET search_path
 * FROM CURRENT` (the path in effect where the routine is created). Undefined for any other
 * statement and for a routine without the clause (its body runs with its caller's path).
 */
export function routineSearchPath(sig: SigTokens): string[] | 'current' | undefined {
  let k = sig.isWord(0, 'create') ? 1 : -1;
  if (k < 0) return undefined;
  if (sig.isWord(k, 'or') && sig.isWord(k + 1, 'replace')) k += 2;
  if (!sig.isWord(k, 'function', 'procedure')) return undefined;
  const list = sig.list;
  let depth = 0;
  for (k++; k < list.length; k++) {
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) depth--;
    if (depth !== 0 || !sig.isWord(k, 'set') || !sig.isWord(k + 1, 'search_path')) continue;
    if (sig.isWord(k + 2, 'from') && sig.isWord(k + 3, 'current')) return 'current';
    if (!(sig.isWord(k + 2, 'to') || (list[k + 2]?.kind === 'operator' && list[k + 2].value === '='))) return undefined;
    // the values, one after each comma
    const out: string[] = [];
    for (let v = k + 3; v < list.length; v += 2) {
      const t = list[v];
      if (t.kind === 'word' || t.kind === 'quotedIdent') out.push(t.value);
      else if (t.kind === 'string') out.push(stringValue(t.value));
      else return undefined;
      if (!sig.isPunct(v + 1, ',')) break;
    }
    return out;
  }
  return undefined;
}

/**
 * Whether a statement `searchPathSet` reads sets the path for the transaction only: `SET LOCAL`, or
 * `set_config(…, …, true)`; it lasts until the transaction ends (`COMMIT`, `END`, `ROLLBACK`,
 * `ABORT`), else to the end of the file (migration tools run a file in one transaction).
 */
export function setsLocalSearchPath(sig: SigTokens): boolean {
  if (sig.isWord(0, 'set')) return sig.isWord(1, 'local');
  for (let k = 1; k + 7 < sig.list.length; k++) if (sig.isWord(k, 'set_config') && sig.isPunct(k + 1, '(')) return sig.isWord(k + 6, 'true');
  return false;
}

/**
 * What a top-level statement does to the `search_path`: `set` it (`schemas` in order, as
 * `searchPathSet` reads them, `RESET` and `DEFAULT` as `public`; undefined when the value is not
 * written as a literal, e.g. `set_config('search_path', $1, false)`: the path is then unknown), for
 * the session or, with `local`, until the transaction ends; or control the transaction, which
 * decides how long a SET lasts (per the SET documentation: a `SET LOCAL` ends with its transaction;
 * a plain `SET` made in a transaction that is rolled back, or after a savepoint that is rolled back
 * to, is undone): `begin` (`BEGIN`, `START TRANSACTION`), `end` (`COMMIT`, `END`, or with `rollback`
 * `ROLLBACK`, `ABORT`; `chain`: `AND CHAIN` starts the next transaction at once), `savepoint`,
 * `rollbackTo` (`ROLLBACK TO [SAVEPOINT] name`) and `release` (`RELEASE [SAVEPOINT] name`).
 * `P` is how a path is held (`history.ts` holds it filtered).
 */
export type SearchPathChange<P = readonly string[] | undefined> =
  | { readonly kind: 'set'; readonly schemas: P; readonly local: boolean }
  | { readonly kind: 'begin' }
  | { readonly kind: 'end'; readonly rollback: boolean; readonly chain: boolean }
  | { readonly kind: 'savepoint' | 'rollbackTo' | 'release'; readonly name: string };

/** The path Postgres' default `"$user", public` comes to when no schema is named after the user. */
export const DEFAULT_SEARCH_PATH: readonly string[] = ['public'];

/** The transaction-control statement `sig` is, as a `SearchPathChange`; undefined for any other statement. */
function transactionChange(sig: SigTokens): SearchPathChange | undefined {
  const list = sig.list;
  const isName = (k: number): boolean => list[k] !== undefined && (list[k].kind === 'word' || list[k].kind === 'quotedIdent');
  // [WORK | TRANSACTION] after the verb
  const past = (k: number): number => (sig.isWord(k, 'work', 'transaction') ? k + 1 : k);
  if (sig.isWord(0, 'begin')) return { kind: 'begin' };
  if (sig.isWord(0, 'start') && sig.isWord(1, 'transaction')) return { kind: 'begin' };
  if (sig.isWord(0, 'savepoint') && isName(1) && list.length === 2) return { kind: 'savepoint', name: list[1].value };
  if (sig.isWord(0, 'release')) {
    const k = sig.isWord(1, 'savepoint') ? 2 : 1;
    return isName(k) && list.length === k + 1 ? { kind: 'release', name: list[k].value } : undefined;
  }
  if (!sig.isWord(0, 'commit', 'end', 'rollback', 'abort')) return undefined;
  const rollback = sig.isWord(0, 'rollback', 'abort');
  let k = past(1);
  if (rollback && sig.isWord(k, 'to')) {
    k = sig.isWord(k + 1, 'savepoint') ? k + 2 : k + 1;
    return sig.isWord(0, 'rollback') && isName(k) && list.length === k + 1 ? { kind: 'rollbackTo', name: list[k].value } : undefined;
  }
  // [AND [NO] CHAIN]
  if (k === list.length) return { kind: 'end', rollback, chain: false };
  if (sig.isWord(k, 'and') && sig.isWord(k + 1, 'chain') && list.length === k + 2) return { kind: 'end', rollback, chain: true };
  if (sig.isWord(k, 'and') && sig.isWord(k + 1, 'no') && sig.isWord(k + 2, 'chain') && list.length === k + 3) return { kind: 'end', rollback, chain: false };
  return undefined;
}

/** What statement `sig` does to the `search_path` (see `SearchPathChange`), undefined when nothing. */
export function searchPathChange(sig: SigTokens): SearchPathChange | undefined {
  const tx = transactionChange(sig);
  if (tx) return tx;
  if (!sig.isWord(0, 'set', 'reset', 'select')) return undefined;
  const set = searchPathSet(sig);
  if (set !== undefined) return { kind: 'set', schemas: set === 'default' ? DEFAULT_SEARCH_PATH : set, local: setsLocalSearchPath(sig) };
  // a form not read (a parameter, an expression): the path is unknown from here on
  const names = sig.list.some((t) => (t.kind === 'word' && t.value === 'search_path') || (t.kind === 'string' && /^'search_path'$/i.test(t.value)));
  if (names && (sig.isWord(0, 'set') || (sig.isWord(0, 'select') && sig.list.some((t) => t.kind === 'word' && t.value === 'set_config'))))
    return { kind: 'set', schemas: undefined, local: setsLocalSearchPath(sig) };
  return undefined;
}

/**
 * The `search_path` at one point of a file: `path`, in effect; `session`, what is left when the
 * transaction ends (the last plain SET); `begun`, both as they were at `BEGIN`, while a transaction
 * started by the file is open (a `ROLLBACK` goes back to its `session`); `savepoints`, each with both
 * as they were when it was made, oldest first. Without a `BEGIN` the file is taken as run in one
 * transaction of the migration tool's, which it does not end: a `ROLLBACK` there only ends what
 * `SET LOCAL` set (the tool's transaction is not the file's to judge), while savepoints still work.
 */
export interface PathState<P> {
  readonly path: P;
  readonly session: P;
  readonly begun?: { readonly path: P; readonly session: P };
  readonly savepoints: ReadonlyArray<{ readonly name: string; readonly path: P; readonly session: P }>;
}

/** The state a file starts in: `path` for the session, no transaction. */
export function initialPathState<P>(path: P): PathState<P> {
  return { path, session: path, savepoints: [] };
}

/** The state after `change` (see `PathState`), as Postgres' SET, transaction and savepoint documentation says. */
export function nextPathState<P>(s: PathState<P>, change: SearchPathChange<P>): PathState<P> {
  switch (change.kind) {
    case 'set':
      return change.local ? { ...s, path: change.schemas } : { ...s, path: change.schemas, session: change.schemas };
    case 'begin':
      // BEGIN inside a transaction: a warning, nothing else
      return s.begun ? s : { ...s, begun: { path: s.path, session: s.session } };
    case 'end': {
      const session = change.rollback && s.begun ? s.begun.session : s.session;
      const after: PathState<P> = { path: session, session, savepoints: [] };
      return change.chain ? { ...after, begun: { path: session, session } } : after;
    }
    case 'savepoint':
      return { ...s, savepoints: [...s.savepoints, { name: change.name, path: s.path, session: s.session }] };
    case 'rollbackTo':
    case 'release': {
      // the latest savepoint of that name (Postgres rejects a name it does not know: nothing changes)
      let k = s.savepoints.length - 1;
      while (k >= 0 && s.savepoints[k].name !== change.name) k--;
      if (k < 0) return s;
      if (change.kind === 'release') return { ...s, savepoints: s.savepoints.slice(0, k) };
      const at = s.savepoints[k];
      return { ...s, path: at.path, session: at.session, savepoints: s.savepoints.slice(0, k + 1) };
    }
  }
}

/**
 * The same transaction state for what DDL does (Postgres' DDL is transactional: a `CREATE`, `ALTER`
 * or `DROP TABLE` in a transaction the file rolls back, or after a savepoint it rolls back to, is
 * undone), as a count of changes done so far: `done` is taken as set for the session (as a plain
 * SET is), then `change` applied. The state's `session` is then how many of the changes still hold:
 * fewer than `done` when `change` undid the rest. A `ROLLBACK` with no `BEGIN` of the file undoes
 * nothing (the migration tool's transaction is not judged), as for the path.
 */
export function nextUndoState(s: PathState<number>, done: number, change: Exclude<SearchPathChange, { kind: 'set' }>): PathState<number> {
  return nextPathState(nextPathState(s, { kind: 'set', schemas: done, local: false }), change);
}

/** A top-level statement that changes the `search_path` (see `searchPathChange`). */
export interface SearchPathStatement {
  /** What identifies the statement's text across versions of the document (see `FileTables.dependencyKey`). */
  readonly id: number;
  /** Document offset of the statement's start. */
  readonly start: number;
  readonly change: SearchPathChange;
}

/**
 * The `search_path` in effect at each offset of a file, from its statements that change it (in
 * document order; see `nextPathState`), starting from `DEFAULT_SEARCH_PATH`. Worked out once per
 * statement, on demand. Transaction control counts only in a file that sets the path (elsewhere
 * it changes nothing).
 */
export class SearchPaths {
  /** `states[k]`: the state after the first k statements. */
  private readonly states: Array<PathState<readonly string[] | undefined>> = [initialPathState<readonly string[] | undefined>(DEFAULT_SEARCH_PATH)];

  /** The statements that change the path: every SET, and with one, every transaction-control statement. */
  readonly statements: readonly SearchPathStatement[];

  constructor(all: readonly SearchPathStatement[]) {
    this.statements = all.some((p) => p.change.kind === 'set') ? all : [];
  }

  /** How many of the statements start before `offset`. */
  countBefore(offset: number): number {
    const list = this.statements;
    return partitionPoint(list.length, (i) => list[i].start < offset);
  }

  /** The schemas an unqualified name is looked up in at `offset`, in order; undefined when the file set a path that is not known. */
  at(offset: number): readonly string[] | undefined {
    const k = this.countBefore(offset);
    for (let j = this.states.length; j <= k; j++) this.states.push(nextPathState(this.states[j - 1], this.statements[j - 1].change));
    return this.states[k].path;
  }
}
