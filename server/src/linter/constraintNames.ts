/**
 * The names Postgres gives constraints, and where a statement writes one. Postgres names a
 * constraint once, when it is made (`CONSTRAINT name …`, else a name it chooses from the table's
 * and the columns' names then), and keeps that name: `ALTER TABLE … RENAME TO` and `RENAME COLUMN`
 * rename no constraint (`notes_pkey` stays `notes_pkey` after `ALTER TABLE notes RENAME TO memos`);
 * only `ALTER TABLE … RENAME CONSTRAINT a TO b` (or, for a key's index, `ALTER INDEX … RENAME TO`)
 * does. So the table definitions (`model/types.ts` `TableDef.primaryKeyName`,
 * `ColumnReference.constraint`, `ColumnDef.nullCheckConstraint`) keep the name a constraint got.
 */
import type { TableDef } from './model/types';
import type { SigTokens } from './tokens';

/** Postgres' `NAMEDATALEN - 1`: the most bytes (UTF-8) a name keeps. */
const MAX_NAME_BYTES = 63;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** The longest prefix of `s` of at most `bytes` UTF-8 bytes that ends at a character's end (Postgres' `pg_mbcliplen`). */
export function clipBytes(s: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of s) {
    const n = utf8Length(ch);
    if (used + n > bytes) break;
    used += n;
    out += ch;
  }
  return out;
}

/**
 * The name Postgres chooses for a constraint of table `table` (as Postgres folds it) made without
 * `CONSTRAINT name`: `<table>[_<columns>]_<label>` (`makeObjectName`): `label` is `pkey` (the primary
 * key, no columns), `fkey` (a foreign key: its columns joined by `_`), `key` (UNIQUE) or `check` (a
 * CHECK naming one column; else no column). When that is longer than 63 bytes, the longer of the
 * table and the column part is cut, a byte at a time, at a character boundary. Not followed: the
 * number Postgres appends when the name is already taken in the schema (`notes_pkey1` for a second
 * table `notes` after the first was renamed, `t_a_check1` for a second CHECK of one column).
 */
export function chosenConstraintName(table: string, columns: readonly string[], label: 'pkey' | 'fkey' | 'key' | 'check'): string {
  const part = columns.length === 0 ? undefined : clipBytes(columns.join('_'), MAX_NAME_BYTES);
  const overhead = (part === undefined ? 0 : 1) + utf8Length(label) + 1;
  const available = MAX_NAME_BYTES - overhead;
  let tableBytes = utf8Length(table);
  let partBytes = part === undefined ? 0 : utf8Length(part);
  while (tableBytes + partBytes > available) {
    if (tableBytes > partBytes) tableBytes--;
    else partBytes--;
  }
  const head = clipBytes(table, tableBytes);
  return part === undefined ? `${head}_${label}` : `${head}_${clipBytes(part, partBytes)}_${label}`;
}

/**
 * The name of `def`'s primary key: the name it was made with (`TableDef.primaryKeyName`), else the
 * one Postgres chooses for the table's current name (`<table>_pkey`). Undefined when `def` has none.
 */
export function primaryKeyConstraint(def: TableDef): string | undefined {
  if (def.primaryKey.length === 0) return undefined;
  return def.primaryKeyName ?? chosenConstraintName(def.name, [], 'pkey');
}

const isName = (sig: SigTokens, i: number): boolean => sig.list[i] !== undefined && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent');

/**
 * The name written for the primary key in a CREATE or ALTER TABLE (`CONSTRAINT name PRIMARY KEY`,
 * a column's or the table's) among tokens [`from`, `to`), undefined when the key has none written.
 */
export function writtenPrimaryKeyName(sig: SigTokens, from = 0, to = sig.list.length): string | undefined {
  for (let k = Math.max(from, 2); k + 1 < to; k++)
    if (sig.isWord(k, 'primary') && sig.isWord(k + 1, 'key') && sig.isWord(k - 2, 'constraint') && isName(sig, k - 1)) return sig.list[k - 1].value;
  return undefined;
}

/**
 * The name of `CONSTRAINT name [FOREIGN KEY (…)] REFERENCES` before the REFERENCES keyword at
 * document offset `at`, when written (undefined: Postgres chooses it, see `chosenConstraintName`).
 */
export function writtenForeignKeyName(sig: SigTokens, at: number): string | undefined {
  let k = sig.indexAt(at);
  // [FOREIGN KEY (cols)]
  if (sig.isPunct(k - 1, ')')) {
    let depth = 0;
    for (k = k - 1; k >= 0; k--) {
      if (sig.isPunct(k, ')')) depth++;
      else if (sig.isPunct(k, '(') && --depth === 0) break;
    }
    if (!(sig.isWord(k - 1, 'key') && sig.isWord(k - 2, 'foreign'))) return undefined;
    k -= 2;
  }
  return sig.isWord(k - 2, 'constraint') && isName(sig, k - 1) ? sig.list[k - 1].value : undefined;
}
