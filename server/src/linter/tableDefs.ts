import { buildModel, ColumnDef, TableDef, TableLookup } from './model';
import { ParseOutcome } from './parse';
import { Statement } from './statements';
import { SigTokens } from './tokens';

const isName = (sig: SigTokens, i: number): boolean => sig.list[i] !== undefined && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent');

/** Index of the table name after `CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS]` or `ALTER TABLE [IF EXISTS] [ONLY]`, or -1. */
function tableNameIndex(sig: SigTokens, verb: 'create' | 'alter'): number {
  let i = 0;
  if (!sig.isWord(i++, verb)) return -1;
  if (verb === 'create') while (sig.isWord(i, 'temp', 'temporary', 'unlogged', 'global', 'local')) i++;
  if (!sig.isWord(i++, 'table')) return -1;
  if (sig.isWord(i, 'if') && sig.isWord(i + 1, 'not') && sig.isWord(i + 2, 'exists')) i += 3;
  if (sig.isWord(i, 'if') && sig.isWord(i + 1, 'exists')) i += 2;
  if (sig.isWord(i, 'only')) i++;
  while (sig.isPunct(i + 1, '.')) i += 2;
  return isName(sig, i) ? i : -1;
}

/**
 * Table definitions of one file for foreign keys that need their column's nullability: from
 * `CREATE TABLE` (parsed only when asked), then adjusted by the `ALTER TABLE … ALTER [COLUMN] c
 * SET|DROP NOT NULL` and `ADD [CONSTRAINT n] PRIMARY KEY (…)` statements before the asking one
 * (read from tokens, per the ALTER TABLE synopsis).
 */
export function tableLookup(statements: readonly Statement[], sigs: readonly SigTokens[], text: string, parseOnce: (s: Statement) => ParseOutcome): (before: number) => TableLookup {
  const creates = new Map<string, number[]>();
  const alters = new Map<string, number[]>();
  sigs.forEach((sig, i) => {
    const c = tableNameIndex(sig, 'create');
    if (c >= 0) creates.set(sig.list[c].value, [...(creates.get(sig.list[c].value) ?? []), i]);
    const a = tableNameIndex(sig, 'alter');
    if (a >= 0) alters.set(sig.list[a].value, [...(alters.get(sig.list[a].value) ?? []), i]);
  });

  const created = (schema: string | undefined, name: string): TableDef | undefined => {
    for (const i of creates.get(name) ?? []) {
      const p = parseOnce(statements[i]);
      if (!p.ok) continue;
      try {
        const def = buildModel(p.ast, p.toDoc, text, sigs[i], () => undefined).tables.find((t) => t.name === name && (schema === undefined || t.schema === undefined || t.schema === schema));
        if (def) return def;
      } catch {
        // an unexpected AST shape: no definition from this statement
      }
    }
    return undefined;
  };

  return (before) => (schema, name) => {
    // A table created in an earlier migration: what the file's ALTER TABLEs say about it still counts.
    const base = created(schema, name) ?? (alters.has(name) ? { schema, name, columns: [], primaryKey: [] } : undefined);
    if (!base) return undefined;
    const def: TableDef = { ...base, columns: base.columns.map((c) => ({ ...c })), primaryKey: [...base.primaryKey] };
    for (const i of alters.get(name) ?? []) {
      if (statements[i].start >= before) break;
      applyAlter(sigs[i], def);
    }
    for (const c of def.columns) if (def.primaryKey.includes(c.name)) c.notNull = true;
    return def;
  };
}

/** Words that end a column's type in a column definition (the first constraint, or `USING`/`COLLATE`). */
const TYPE_END: ReadonlySet<string> = new Set(['not', 'null', 'primary', 'references', 'default', 'constraint', 'unique', 'check', 'generated', 'collate', 'using']);

/**
 * Applies one `ALTER TABLE` statement's column changes to a definition, clause by clause (per the
 * ALTER TABLE synopsis): `ADD [COLUMN] [IF NOT EXISTS] c type [NOT NULL|PRIMARY KEY]`,
 * `DROP [COLUMN] [IF EXISTS] c`, `RENAME [COLUMN] a TO b`, `ALTER [COLUMN] c [SET DATA] TYPE t`,
 * `ALTER [COLUMN] c SET|DROP NOT NULL`, `ADD [CONSTRAINT n] PRIMARY KEY (…)`.
 */
function applyAlter(sig: SigTokens, def: TableDef): void {
  const L = sig.list.length;
  let i = tableNameIndex(sig, 'alter') + 1;
  while (i < L) {
    // the clause runs to the next top-level comma
    let end = i;
    let depth = 0;
    for (; end < L; end++) {
      if (sig.isPunct(end, '(')) depth++;
      else if (sig.isPunct(end, ')')) depth--;
      else if (depth === 0 && sig.isPunct(end, ',')) break;
    }
    applyClause(sig, i, end, def);
    i = end + 1;
  }
}

function applyClause(sig: SigTokens, i: number, end: number, def: TableDef): void {
  const find = (j: number): ColumnDef | undefined => (isName(sig, j) ? def.columns.find((c) => c.name === sig.list[j].value) : undefined);
  const has = (from: number, ...words: string[]): boolean => {
    for (let k = from; k + words.length <= end; k++) if (words.every((w, d) => sig.isWord(k + d, w))) return true;
    return false;
  };
  /** The type tokens from `j` to the first constraint word or the clause end. */
  const typeAt = (j: number): { type: string; typeStart?: number; typeEnd?: number } => {
    let k = j;
    let depth = 0;
    while (k < end) {
      if (sig.isPunct(k, '(') || sig.isPunct(k, '[')) depth++;
      else if (sig.isPunct(k, ')') || sig.isPunct(k, ']')) depth--;
      else if (depth === 0 && sig.list[k].kind === 'word' && TYPE_END.has(sig.list[k].value)) break;
      k++;
    }
    if (k === j) return { type: '' };
    // as the model spells types: `character varying`, `pg_catalog.uuid`, `uuid[]` (modifiers dropped)
    let type = '';
    for (const t of sig.list.slice(j, k)) {
      if (t.kind === 'word' || t.kind === 'quotedIdent') type += type === '' || type.endsWith('.') ? t.value : ` ${t.value}`;
      else if (t.kind === 'punct' && t.value === '.') type += '.';
      else if (t.kind === 'punct' && t.value === '[' && !type.endsWith('[]')) type += '[]';
    }
    return { type, typeStart: sig.list[j].start, typeEnd: sig.list[k - 1].end };
  };

  if (sig.isWord(i, 'alter')) {
    let j = i + 1;
    if (sig.isWord(j, 'column')) j++;
    const col = find(j);
    if (!col) return;
    if (sig.isWord(j + 2, 'not') && sig.isWord(j + 3, 'null')) {
      // The NOT NULL written in the definition is no longer what decides: no "remove NOT NULL" edit.
      if (sig.isWord(j + 1, 'set')) Object.assign(col, { notNull: true, notNullStart: undefined, notNullEnd: undefined });
      else if (sig.isWord(j + 1, 'drop')) Object.assign(col, { notNull: false, notNullStart: undefined, notNullEnd: undefined });
      return;
    }
    let t = j + 1;
    if (sig.isWord(t, 'set') && sig.isWord(t + 1, 'data')) t += 2;
    if (sig.isWord(t, 'type')) Object.assign(col, typeAt(t + 1));
    return;
  }
  if (sig.isWord(i, 'rename')) {
    let j = i + 1;
    if (sig.isWord(j, 'column')) j++;
    const col = find(j);
    if (col && sig.isWord(j + 1, 'to') && isName(sig, j + 2)) col.name = sig.list[j + 2].value;
    return;
  }
  if (sig.isWord(i, 'drop') && !sig.isWord(i + 1, 'constraint')) {
    let j = i + 1;
    if (sig.isWord(j, 'column')) j++;
    if (sig.isWord(j, 'if') && sig.isWord(j + 1, 'exists')) j += 2;
    const col = find(j);
    if (col) def.columns.splice(def.columns.indexOf(col), 1);
    return;
  }
  if (sig.isWord(i, 'add')) {
    // ADD [CONSTRAINT n] PRIMARY KEY (a, b)
    for (let k = i + 1; k < end; k++) {
      if (sig.isWord(k, 'primary') && sig.isWord(k + 1, 'key') && sig.isPunct(k + 2, '(')) {
        const close = sig.matchingParen(k + 2);
        for (let c = k + 3; c < close; c++) if (isName(sig, c)) def.primaryKey.push(sig.list[c].value);
        return;
      }
    }
    if (sig.isWord(i + 1, 'constraint', 'foreign', 'unique', 'check', 'exclude', 'primary')) return;
    let j = i + 1;
    if (sig.isWord(j, 'column')) j++;
    if (sig.isWord(j, 'if') && sig.isWord(j + 1, 'not') && sig.isWord(j + 2, 'exists')) j += 3;
    if (!isName(sig, j) || find(j)) return;
    const { type, typeStart, typeEnd } = typeAt(j + 1);
    def.columns.push({ name: sig.list[j].value, type, notNull: has(j + 1, 'not', 'null') || has(j + 1, 'primary', 'key'), typeStart, typeEnd });
  }
}
