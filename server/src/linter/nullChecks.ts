/**
 * `CHECK` constraints that reject NULL in a column. A CHECK fails only when its expression is
 * false (NULL passes), so it rejects a NULL `c` when a top-level conjunct of an AND-only expression
 * is `c IS NOT NULL`: `CHECK (c IS NOT NULL)`, `CHECK ((c IS NOT NULL AND length(c) > 0))`. Any
 * top-level `OR`, or another form (`NOT c IS NULL`, `num_nonnulls(c) = 1`), is not judged.
 * Postgres checks it on the row `ON DELETE SET NULL` writes (a check violation, SQLSTATE 23514),
 * `NOT VALID` or not.
 */
import { chosenConstraintName } from './constraintNames';
import { SigTokens } from './tokens';
import { Span } from './types';
import type { ColumnDef } from './model';

const isName = (sig: SigTokens, i: number): boolean => sig.list[i] !== undefined && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent');

/**
 * The columns (as Postgres folds them) whose NULL a `CHECK (…)` among the tokens `[from, to)`
 * rejects, each with that CHECK's range (the `CHECK` keyword through its `)`; the first one).
 */
export function nullRejectingChecks(sig: SigTokens, from = 0, to = sig.list.length): Map<string, Span> {
  const out = new Map<string, Span>();
  for (let k = from; k < to; k++) {
    if (!sig.isWord(k, 'check') || !sig.isPunct(k + 1, '(')) continue;
    const end = sig.matchingParen(k + 1);
    if (end < 0 || end >= to) continue;
    // CHECK ((…)): the inner expression.
    let open = k + 1;
    let close = end;
    while (sig.isPunct(open + 1, '(') && sig.matchingParen(open + 1) === close - 1) {
      open++;
      close--;
    }
    const span = { start: sig.list[k].start, end: sig.list[end].end };
    let depth = 0;
    let anded = true;
    const found: string[] = [];
    for (let p = open + 1; p < close; p++) {
      if (sig.isPunct(p, '(') || sig.isPunct(p, '[')) depth++;
      else if (sig.isPunct(p, ')') || sig.isPunct(p, ']')) depth--;
      else if (depth !== 0) continue;
      else if (sig.isWord(p, 'or')) anded = false;
      else if (
        isName(sig, p) &&
        (p === open + 1 || sig.isWord(p - 1, 'and')) &&
        sig.isWord(p + 1, 'is') &&
        sig.isWord(p + 2, 'not') &&
        sig.isWord(p + 3, 'null') &&
        (p + 4 === close || sig.isWord(p + 4, 'and'))
      )
        found.push(sig.list[p].value);
    }
    if (anded) for (const c of found) if (!out.has(c)) out.set(c, span);
    k = end;
  }
  return out;
}

/**
 * The name of the CHECK constraint whose range `nullRejectingChecks` gave (`span`): the name of
 * `CONSTRAINT name CHECK …` when written, else undefined (Postgres then chooses one, see
 * `isDefaultCheckName`).
 */
export function checkConstraintName(sig: SigTokens, span: Span): string | undefined {
  const k = sig.indexAt(span.start);
  return sig.isWord(k - 2, 'constraint') && isName(sig, k - 1) ? sig.list[k - 1].value : undefined;
}

/**
 * Whether `name` may be the name Postgres chose for an unnamed CHECK of `table` that names `column`
 * (`ChooseConstraintName`: `<table>_<column>_check` when the expression has one column, else
 * `<table>_check`, with a number appended when taken: `notes_owner_id_check1`).
 */
export function isDefaultCheckName(name: string, table: string, column: string): boolean {
  const base = name.replace(/\d+$/, '');
  return base === chosenConstraintName(table, [column], 'check') || base === chosenConstraintName(table, [], 'check');
}

/**
 * Whether `name` names the CHECK that rejects NULL in `col` (`ColumnDef.nullCheck`) of table
 * `table`: its written name (`nullCheckConstraint`), else one Postgres may have chosen for it
 * (`isDefaultCheckName`) from the names the table and the column had when the CHECK was made
 * (`nullCheckChosen`, else `table` and the column's name). Postgres keeps a constraint's name
 * through `RENAME COLUMN` and `RENAME TO`: after `ALTER TABLE t RENAME COLUMN a TO b` the CHECK is
 * still `t_a_check`. False when the column has no such CHECK.
 */
export function namesNullCheck(name: string, table: string, col: ColumnDef): boolean {
  if (!(col.nullCheck || col.origin?.nullCheck)) return false;
  if (col.nullCheckConstraint !== undefined) return col.nullCheckConstraint === name;
  return isDefaultCheckName(name, col.nullCheckChosen?.table ?? table, col.nullCheckChosen?.column ?? col.name);
}

/**
 * Keeps the names Postgres chose `col`'s unnamed CHECK from (`ColumnDef.nullCheckChosen`) before
 * the table (`table`, its name until now) or the column is renamed.
 */
export function keepChosenCheckName(table: string, col: ColumnDef): void {
  if ((col.nullCheck || col.origin?.nullCheck) && col.nullCheckConstraint === undefined && !col.nullCheckChosen)
    col.nullCheckChosen = { table, column: col.name };
}
