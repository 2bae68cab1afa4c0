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
 * the session or, with `local`, until the transaction ends; or `end` the transaction (`COMMIT`,
 * `END`, `ROLLBACK`, `ABORT`), which ends what `SET LOCAL` set.
 */
export type SearchPathChange = { readonly kind: 'set'; readonly schemas: readonly string[] | undefined; readonly local: boolean } | { readonly kind: 'end' };

/** The path Postgres' default `"$user", public` comes to when no schema is named after the user. */
export const DEFAULT_SEARCH_PATH: readonly string[] = ['public'];

/** What statement `sig` does to the `search_path` (see `SearchPathChange`), undefined when nothing. */
export function searchPathChange(sig: SigTokens): SearchPathChange | undefined {
  if (sig.list.length <= 2 && sig.isWord(0, 'commit', 'end', 'rollback', 'abort')) return { kind: 'end' };
  if (!sig.isWord(0, 'set', 'reset', 'select')) return undefined;
  const set = searchPathSet(sig);
  if (set !== undefined) return { kind: 'set', schemas: set === 'default' ? DEFAULT_SEARCH_PATH : set, local: setsLocalSearchPath(sig) };
  // a form not read (a parameter, an expression): the path is unknown from here on
  const names = sig.list.some((t) => (t.kind === 'word' && t.value === 'search_path') || (t.kind === 'string' && /^'search_path'$/i.test(t.value)));
  if (names && (sig.isWord(0, 'set') || (sig.isWord(0, 'select') && sig.list.some((t) => t.kind === 'word' && t.value === 'set_config'))))
    return { kind: 'set', schemas: undefined, local: setsLocalSearchPath(sig) };
  return undefined;
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
 * document order), starting from `DEFAULT_SEARCH_PATH`. Worked out once per statement, on demand.
 * A transaction's end counts only after a `SET LOCAL` (a migration wrapped in `BEGIN … COMMIT`
 * has nothing to undo).
 */
export class SearchPaths {
  /** `states[k]`: the path (undefined: unknown) and the session's path after the first k changes. */
  private readonly states: Array<{ path: readonly string[] | undefined; session: readonly string[] | undefined }> = [
    { path: DEFAULT_SEARCH_PATH, session: DEFAULT_SEARCH_PATH },
  ];

  /** The statements that change the path: every SET, and the transaction ends that undo a SET LOCAL (the others change nothing). */
  readonly statements: readonly SearchPathStatement[];

  constructor(all: readonly SearchPathStatement[]) {
    const kept: SearchPathStatement[] = [];
    let local = false; // a SET LOCAL is in effect
    for (const p of all) {
      if (p.change.kind === 'set') local = p.change.local;
      else if (!local) continue;
      else local = false;
      kept.push(p);
    }
    this.statements = kept;
  }

  /** How many of the statements start before `offset`. */
  countBefore(offset: number): number {
    const list = this.statements;
    return partitionPoint(list.length, (i) => list[i].start < offset);
  }

  /** The schemas an unqualified name is looked up in at `offset`, in order; undefined when the file set a path that is not known. */
  at(offset: number): readonly string[] | undefined {
    const k = this.countBefore(offset);
    for (let j = this.states.length; j <= k; j++) {
      const prev = this.states[j - 1];
      const change = this.statements[j - 1].change;
      if (change.kind === 'end') this.states.push({ path: prev.session, session: prev.session });
      else this.states.push({ path: change.schemas, session: change.local ? prev.session : change.schemas });
    }
    return this.states[k].path;
  }
}
