import { buildModel, TableDef, TableLookup } from './model';
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
    const base = created(schema, name);
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

/** Applies the NOT NULL changes of one `ALTER TABLE` statement to a definition. */
function applyAlter(sig: SigTokens, def: TableDef): void {
  const L = sig.list.length;
  for (let i = tableNameIndex(sig, 'alter') + 1; i < L; i++) {
    // ALTER [COLUMN] c SET|DROP NOT NULL
    if (sig.isWord(i, 'alter')) {
      let j = i + 1;
      if (sig.isWord(j, 'column')) j++;
      if (!isName(sig, j)) continue;
      const col = def.columns.find((c) => c.name === sig.list[j].value);
      if (col && sig.isWord(j + 2, 'not') && sig.isWord(j + 3, 'null')) {
        // The NOT NULL written in the definition is no longer what decides: no "remove NOT NULL" edit.
        if (sig.isWord(j + 1, 'set')) Object.assign(col, { notNull: true, notNullStart: undefined, notNullEnd: undefined });
        else if (sig.isWord(j + 1, 'drop')) Object.assign(col, { notNull: false, notNullStart: undefined, notNullEnd: undefined });
      }
    }
    // ADD [CONSTRAINT n] PRIMARY KEY (a, b)
    if (sig.isWord(i, 'primary') && sig.isWord(i + 1, 'key') && sig.isPunct(i + 2, '(')) {
      const close = sig.matchingParen(i + 2);
      for (let j = i + 3; j < close; j++) if (isName(sig, j)) def.primaryKey.push(sig.list[j].value);
    }
  }
}
