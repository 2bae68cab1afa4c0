/**
 * Which other statements may use a column with its current type: what decides whether changing
 * the type where the column is defined (`match-user-id-type`'s retype) can break something else.
 * Deliberately coarse, read from the statement's text (comments, strings and routine bodies
 * included): a statement that names the column may use it in a typed way (a view comparing it with
 * a `uuid` column, a SQL function taking a `uuid`, a trigger reading `NEW.owner_id`, a policy, an
 * index expression), unless it is the DDL of another table that does not name the column's table
 * (`CREATE TABLE` with its own column list, `ALTER TABLE`, `CREATE INDEX … ON`): the expressions
 * of those (CHECK, DEFAULT, generated, index) cannot read another table, and a key to it names it.
 */
import { tableNameIndex } from './tableDefs';
import { SigTokens } from './tokens';
import { partitionPoint } from './search';

const isName = (sig: SigTokens, i: number): boolean => sig.list[i] !== undefined && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent');

/** Characters that continue an unquoted identifier (Postgres: letters, digits, `_`, `$`, and any non-ASCII character). */
const IDENT_CHAR = '[\\p{L}\\p{N}_$\\u0080-\\uffff]';

/**
 * Whether the text at `i` (after a name) is an empty argument list, blanks allowed: `auth.user_id()`
 * calls a function, it names no column (a column or table name is never followed by `()`; a
 * `CREATE TABLE t ()` has no column to use).
 */
function emptyCall(text: string, i: number): boolean {
  const blanks = (k: number): number => {
    while (k < text.length && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n' || text[k] === '\r')) k++;
    return k;
  };
  i = blanks(i);
  return text[i] === '(' && text[blanks(i + 1)] === ')';
}

/**
 * The offsets in `text` where `name` stands as a whole identifier, case-insensitively (a quoted
 * `"Owner_Id"` counts for `owner_id`: over-reading is the safe side), in code, strings, routine
 * bodies and comments alike, in order; not where a function of that name is called without
 * arguments (`auth.user_id()`, see `emptyCall`). A name with `"` in it is also looked for doubled (`a""b`).
 * With `from`/`to`, only those starting in [from, to) (the whole text still decides the boundaries).
 */
export function identifierOffsets(text: string, name: string, from = 0, to = text.length): number[] {
  if (name === '') return [];
  const forms = name.includes('"') ? [name, name.replace(/"/g, '""')] : [name];
  const lower = lowerCased(text);
  if (lower === undefined) {
    // lower-casing changed the text's length (a character that lower-cases to two code units): by regular expression
    const escaped = forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const re = new RegExp(`(?<!${IDENT_CHAR})(?:${escaped})(?!${IDENT_CHAR})`, 'giu');
    return [...text.matchAll(re)].filter((m) => from <= m.index && m.index < to && !emptyCall(text, m.index + m[0].length)).map((m) => m.index);
  }
  // A plain substring search of the lower-cased text (native, far faster than the regular
  // expression on a long text), each hit kept when no identifier character touches it.
  const out: number[] = [];
  for (const form of forms) {
    const f = form.toLowerCase();
    // searched in [from, to) only (a slice: the search stops at `to`, not at the next hit after it)
    const part = from === 0 && to >= lower.length ? lower : lower.slice(from, Math.min(lower.length, to + f.length - 1));
    for (let i = part.indexOf(f); i >= 0; i = part.indexOf(f, i + 1)) {
      const at = from + i;
      if (wholeNameAt(lower, at, f.length)) out.push(at);
    }
  }
  return forms.length > 1 ? [...new Set(out)].sort((a, b) => a - b) : out;
}

/**
 * Whether `name` stands as a whole identifier (see `identifierOffsets`) in `text[start, end)`, a
 * range that starts and ends at a token (the characters around it cannot continue a name). Reads
 * the lower-cased copy of the whole text when one is at hand (several names asked of many
 * statements of one text), else lower-cases only the range.
 */
export function namesIdentifier(text: string, name: string, start: number, end: number): boolean {
  if (name === '' || name.includes('"')) return identifierOffsets(text.slice(start, end), name).length > 0;
  // (a slice shares the lower-cased text's characters; searching it stops at its end, not at the next hit far beyond)
  let part = lowered?.text === text && lowered.lower !== undefined ? lowered.lower.slice(start, end) : undefined;
  if (part === undefined) {
    // lower-cased here, not through `lowerCased`: its one remembered text is the whole text's, which the next name needs
    part = text.slice(start, end).toLowerCase();
    if (part.length !== end - start) return identifierOffsets(text.slice(start, end), name).length > 0;
  }
  const f = name.toLowerCase();
  // (a range ends at a token: the `()` after a name at its end lies outside it, and is not looked for)
  for (let at = part.indexOf(f); at >= 0; at = part.indexOf(f, at + 1)) if (wholeNameAt(part, at, f.length)) return true;
  return false;
}

/**
 * Whether the `length` code units at `at` of lower-cased `lower` stand as a whole name: no
 * identifier character touches them in `lower`, and no empty argument list follows (`emptyCall`).
 */
function wholeNameAt(lower: string, at: number, length: number): boolean {
  if (at > 0 && IDENT_CHAR_RE.test(lower[at - 1])) return false;
  if (at + length < lower.length && IDENT_CHAR_RE.test(lower[at + length])) return false;
  return !emptyCall(lower, at + length);
}

/** One code unit that continues an identifier (see `IDENT_CHAR`). */
const IDENT_CHAR_RE = new RegExp(IDENT_CHAR, 'u');

/** The last text lower-cased (a lint asks for several names in one text), or undefined when lower-casing changes its length. */
let lowered: { text: string; lower: string | undefined } | undefined;

function lowerCased(text: string): string | undefined {
  if (lowered?.text !== text) {
    const lower = text.toLowerCase();
    lowered = { text, lower: lower.length === text.length ? lower : undefined };
  }
  return lowered.lower;
}

/** Whether one of the sorted `offsets` is in [start, end). */
export function within(offsets: readonly number[], start: number, end: number): boolean {
  const i = partitionPoint(offsets.length, (k) => offsets[k] < start);
  return i < offsets.length && offsets[i] < end;
}

/**
 * The table (unqualified, as Postgres folds it) whose DDL the statement is, when its expressions
 * cannot read another table: `CREATE [GLOBAL|LOCAL] [TEMP|UNLOGGED] TABLE t (…)` (not `… AS query`),
 * `ALTER TABLE [IF EXISTS] [ONLY] t …`, `CREATE [UNIQUE] INDEX … ON [ONLY] t …`. Undefined for any
 * other statement (views, routines, triggers, policies, queries, `DO` blocks).
 */
export function tableDdlOf(sig: SigTokens): string | undefined {
  if (sig.isWord(0, 'alter') && sig.isWord(1, 'table')) {
    const i = tableNameIndex(sig, 'alter');
    return i >= 0 ? sig.list[i].value : undefined;
  }
  if (!sig.isWord(0, 'create')) return undefined;
  const index = sig.isWord(1, 'unique') ? 2 : 1;
  if (sig.isWord(index, 'index')) {
    for (let k = index + 1; k < sig.list.length; k++) {
      if (sig.isPunct(k, '(')) return undefined; // no ON before the column list
      if (!sig.isWord(k, 'on')) continue;
      let t = sig.isWord(k + 1, 'only') ? k + 2 : k + 1;
      while (sig.isPunct(t + 1, '.')) t += 2;
      return isName(sig, t) ? sig.list[t].value : undefined;
    }
    return undefined;
  }
  const i = tableNameIndex(sig, 'create');
  if (i < 0 || !sig.list.slice(1, i).some((t) => t.kind === 'word' && t.value === 'table')) return undefined;
  // CREATE TABLE … AS query reads other relations
  let depth = 0;
  for (let k = i + 1; k < sig.list.length; k++) {
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) depth--;
    else if (depth === 0 && sig.isWord(k, 'as')) return undefined;
  }
  return sig.list[i].value;
}

/** How a statement may use a column (see the module comment). */
export type ColumnUse =
  /** It names the column and its table, and its text has `uuid` (a cast, a uuid column, `gen_random_uuid()`): most likely it uses the column as a uuid. */
  | 'uuid'
  /** It names the column: it may use it with its type. */
  | 'named';

/**
 * How a statement may use `table`.`column` (names as Postgres folds them; schemas ignored, to stay
 * on the safe side), or undefined when it cannot (see the module comment). `namesColumn` and
 * `namesTable` tell whether the statement writes each name as an identifier (`identifierOffsets`),
 * `hasUuid` whether its text has `uuid`, and `ddlOf` gives its `tableDdlOf` (the functions called
 * only when needed).
 */
export function columnUseOf(namesColumn: boolean, namesTable: () => boolean, hasUuid: () => boolean, ddlOf: () => string | undefined): ColumnUse | undefined {
  if (!namesColumn) return undefined;
  if (namesTable()) return hasUuid() ? 'uuid' : 'named';
  return ddlOf() === undefined ? 'named' : undefined;
}

/** Whether `text[start, end)` has `uuid` in any case (a cast, a uuid column, `gen_random_uuid()`, a comment). */
export function hasUuidText(text: string, start: number, end: number): boolean {
  return /uuid/i.test(text.slice(start, end));
}
