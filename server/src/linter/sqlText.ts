import { SigTokens } from './tokens';

/**
 * Writes SQL keywords in the case the statement itself uses: lower case when the statement's
 * first keyword is written in lower case, upper case otherwise. Fixes keep the user's style.
 */
export function keywordCase(sig: SigTokens, text: string): (kw: string) => string {
  const first = sig.list.find((t) => t.kind === 'word');
  const lower = first !== undefined && text.slice(first.start, first.end) === first.value && /[a-z]/.test(first.value);
  return (kw) => (lower ? kw.toLowerCase() : kw.toUpperCase());
}

/** True when the UTF-16 code unit at `offset` is whitespace (or outside the text). */
export function isSpaceAt(text: string, offset: number): boolean {
  return offset < 0 || offset >= text.length || /\s/.test(text[offset]);
}

/**
 * `insertion` (which starts with its own leading space) followed by a space when the text at
 * `at` would otherwise run into it: an identifier, a quoted name or a literal (`"U"ORDER BY` is
 * valid SQL, `"U" WHERE … NULLORDER BY` is not).
 */
export function spacedInsert(text: string, at: number, insertion: string): string {
  return at < text.length && /[\p{L}\p{N}_"'$]/u.test(text[at]) ? `${insertion} ` : insertion;
}

/**
 * What replaces the removed range [start, end) so that closing it up does not glue two tokens
 * together (`p.published AND u.id = p."a"AND …`, `'%x'AND`): a space when both sides touch it
 * with something other than whitespace, an opening parenthesis before it, or `;`, `)` or `,` after it.
 */
export function closeUp(text: string, start: number, end: number): string {
  return !isSpaceAt(text, start - 1) && !isSpaceAt(text, end) && text[start - 1] !== '(' && !/[;),]/.test(text[end]) ? ' ' : '';
}

/**
 * The text that inserts a new clause (`clause`, e.g. `WHERE u.deleted_at IS NULL`, no leading
 * space) at `at`, the end of the clause before it. When the statement goes on with another clause
 * on a later line (written one clause per line: `FROM … u⏎ORDER BY …`), the new clause gets a line
 * of its own, indented like that next line, with the text's line break; otherwise it follows
 * after a blank, on the same line (`spacedInsert`).
 */
export function clauseInsert(text: string, at: number, clause: string): string {
  const m = /^[ \t]*(\r\n|\n|\r)(?:[ \t]*(?:\r\n|\n|\r))*([ \t]*)[A-Za-z]/.exec(text.slice(at, at + 200));
  return m ? `${m[1]}${m[2]}${clause}` : spacedInsert(text, at, ` ${clause}`);
}

/**
 * The key words a table or column name must be quoted as (Postgres docs, Appendix C "SQL Key
 * Words", as of PostgreSQL 17): every "reserved" one and every "reserved (can be function or type)"
 * one (`type_func_name_keyword` in Postgres' `kwlist.h`). The "non-reserved" and "non-reserved
 * (cannot be function or type)" ones are valid column and table names bare.
 */
const RESERVED = new Set(
  [
    // reserved
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog',
    'current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except',
    'false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp',
    'not null offset on only or order placing primary references returning select session_user some symmetric system_user table',
    'then to trailing true union unique user using variadic when where window with',
    // reserved (can be function or type)
    'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left like natural',
    'notnull outer overlaps right similar tablesample verbose',
  ]
    .join(' ')
    .split(' '),
);

/**
 * A name as SQL must write it: as is when Postgres would fold it to itself and it is no key word
 * a name must be quoted as (`RESERVED`), else double-quoted (inner `"` doubled): `owner_id`,
 * `"createdAt"`, `"user"`.
 */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
