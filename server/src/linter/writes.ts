/**
 * A small token matcher for the write and DDL statements that name a table, so that writes are
 * seen even in statements pgsql-ast-parser rejects (`CREATE POLICY`, `CREATE TRIGGER`,
 * `ALTER TABLE … ENABLE ROW LEVEL SECURITY`, `TRUNCATE TABLE`, `DROP SCHEMA`, `DELETE … USING`).
 *
 * It reads only the start of a statement, per the synopses in the PostgreSQL reference (INSERT,
 * UPDATE, DELETE, MERGE, TRUNCATE, ALTER TABLE, DROP TABLE, DROP SCHEMA, CREATE TABLE / VIEW / MATERIALIZED
 * VIEW / FUNCTION / PROCEDURE / SEQUENCE / TYPE / DOMAIN / INDEX / POLICY / TRIGGER). A statement
 * starting with `WITH` (writes in CTEs) is left to the parser. Never throws.
 */
import type { Write, WriteColumn, WriteKind } from './model';
import { SigTokens } from './tokens';

const isName = (sig: SigTokens, i: number): boolean => sig.list[i] !== undefined && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent');

/** A (possibly qualified) name read from tokens: `[db.][schema.]name`. */
interface NameAt {
  schema?: string;
  name: string;
  /** Token indexes of its first and last token. */
  first: number;
  last: number;
}

/** The qualified name starting at token `i`, or undefined when token `i` is no name. */
export function nameAt(sig: SigTokens, i: number): NameAt | undefined {
  if (!isName(sig, i)) return undefined;
  const parts = [sig.list[i].value];
  let last = i;
  while (sig.isPunct(last + 1, '.') && isName(sig, last + 2)) {
    parts.push(sig.list[last + 2].value);
    last += 2;
  }
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return { schema, name, first: i, last };
}

/** Skips a sequence of optional words (each may be absent), in order: `IF NOT EXISTS`, `ONLY`, … */
function skipWords(sig: SigTokens, i: number, ...phrases: string[][]): number {
  for (const phrase of phrases) {
    if (phrase.every((w, k) => sig.isWord(i + k, w))) i += phrase.length;
  }
  return i;
}

const CREATE_MODIFIERS = ['or', 'replace', 'global', 'local', 'temp', 'temporary', 'unlogged', 'recursive', 'constraint', 'unique'];

/** The object words of `CREATE <object>` / `DROP <object>` this matcher knows, longest first. */
const OBJECTS: ReadonlyArray<[string[], string]> = [
  [['materialized', 'view'], 'materialized view'],
  [['table'], 'table'],
  [['view'], 'view'],
  [['function'], 'function'],
  [['procedure'], 'procedure'],
  [['sequence'], 'sequence'],
  [['type'], 'type'],
  [['domain'], 'domain'],
  [['schema'], 'schema'],
  [['index'], 'index'],
  [['policy'], 'policy'],
  [['trigger'], 'trigger'],
];

function objectAt(sig: SigTokens, i: number): [string, number] | undefined {
  for (const [words, object] of OBJECTS) {
    if (words.every((w, k) => sig.isWord(i + k, w))) return [object, i + words.length];
  }
  return undefined;
}

/** Index of the first word `word` at parenthesis depth 0 from token `from`, or -1. */
function wordAtDepth0(sig: SigTokens, from: number, word: string): number {
  let depth = 0;
  for (let i = from; i < sig.list.length; i++) {
    if (sig.isPunct(i, '(')) depth++;
    else if (sig.isPunct(i, ')')) depth--;
    else if (depth === 0 && sig.isWord(i, word)) return i;
  }
  return -1;
}

function columnOf(sig: SigTokens, i: number): WriteColumn {
  const t = sig.list[i];
  return { name: t.value, start: t.start, end: t.end };
}

/** The names of a parenthesized column list opening at token `open`. */
function columnList(sig: SigTokens, open: number): WriteColumn[] {
  const close = sig.matchingParen(open);
  const out: WriteColumn[] = [];
  if (close < 0) return out;
  for (let i = open + 1; i < close; i++) {
    if (isName(sig, i) && (sig.isPunct(i - 1, '(') || sig.isPunct(i - 1, ','))) out.push(columnOf(sig, i));
  }
  return out;
}

const UPDATE_SET_END: ReadonlySet<string> = new Set(['where', 'from', 'returning']);
/** The words that end a `WHEN MATCHED THEN UPDATE SET` list of MERGE (the next WHEN clause; CASE … WHEN is inside a SET value, skipped by depth). */
const MERGE_SET_END: ReadonlySet<string> = new Set(['when', 'returning']);

/**
 * Index of the `MERGE` of `MERGE INTO` at parenthesis depth 0 when the statement is one: first,
 * after a `WITH` list, or after `EXPLAIN [options]` / `PREPARE name [(types)] AS`. Else -1.
 */
function mergeAt(sig: SigTokens): number {
  if (sig.isWord(0, 'merge') && sig.isWord(1, 'into')) return 0;
  if (!sig.isWord(0, 'with', 'explain', 'prepare')) return -1;
  let depth = 0;
  for (let i = 1; i < sig.list.length; i++) {
    if (sig.isPunct(i, '(')) depth++;
    else if (sig.isPunct(i, ')')) depth--;
    else if (depth === 0 && sig.isWord(i, 'merge') && sig.isWord(i + 1, 'into')) return i;
    else if (depth === 0 && sig.isWord(i, 'select', 'insert', 'update', 'delete', 'values')) return -1;
  }
  return -1;
}

/** The targets of an UPDATE's SET list starting after the SET keyword at `i`: `col = …`, `(a, b) = …`. */
function setTargets(sig: SigTokens, i: number, end: ReadonlySet<string> = UPDATE_SET_END): WriteColumn[] {
  const out: WriteColumn[] = [];
  let expectTarget = true;
  let depth = 0;
  for (; i < sig.list.length; i++) {
    const t = sig.list[i];
    if (depth === 0 && expectTarget) {
      if (isName(sig, i)) out.push(columnOf(sig, i));
      else if (sig.isPunct(i, '(')) {
        const close = sig.matchingParen(i);
        if (close < 0) break;
        out.push(...columnList(sig, i));
        i = close;
      }
      expectTarget = false;
      continue;
    }
    if (t.kind === 'punct' && (t.value === '(' || t.value === '[')) depth++;
    else if (t.kind === 'punct' && (t.value === ')' || t.value === ']')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && sig.isPunct(i, ',')) expectTarget = true;
    else if (depth === 0 && t.kind === 'word' && end.has(t.value)) break;
  }
  return out;
}

/**
 * The writes of one statement, read from its tokens (see the module comment). Ranges are document
 * offsets; the target's range covers its name as written, schema included.
 */
export function lexicalWrites(sig: SigTokens): Write[] {
  const out: Write[] = [];
  const push = (kind: WriteKind, object: string, n: NameAt | undefined, columns?: WriteColumn[]): void => {
    if (!n) return;
    const w: Write = { kind, object, schema: n.schema, name: n.name, start: sig.list[n.first].start, end: sig.list[n.last].end };
    if (columns) w.columns = columns;
    out.push(w);
  };
  try {
    const L = sig.list;
    if (L.length === 0) return out;
    if (sig.isWord(0, 'insert') && sig.isWord(1, 'into')) {
      const n = nameAt(sig, 2);
      if (!n) return out;
      let i = n.last + 1;
      if (sig.isWord(i, 'as') && isName(sig, i + 1)) i += 2;
      const columns = sig.isPunct(i, '(') && !sig.isWord(i + 1, 'select', 'values', 'with') ? columnList(sig, i) : [];
      push('insert', 'table', n, columns);
    } else if (sig.isWord(0, 'update')) {
      const n = nameAt(sig, skipWords(sig, 1, ['only']));
      if (!n) return out;
      const set = wordAtDepth0(sig, n.last + 1, 'set');
      push('update', 'table', n, set > 0 ? setTargets(sig, set + 1) : []);
    } else if (sig.isWord(0, 'delete') && sig.isWord(1, 'from')) {
      push('delete', 'table', nameAt(sig, skipWords(sig, 2, ['only'])));
    } else if (mergeAt(sig) >= 0) {
      // [WITH …] MERGE INTO [ONLY] target … USING … WHEN [NOT] MATCHED THEN INSERT (cols) … | UPDATE SET … | DELETE,
      // also after EXPLAIN or PREPARE … AS
      const m = mergeAt(sig);
      const n = nameAt(sig, skipWords(sig, m + 2, ['only']));
      if (!n) return out;
      const columns: WriteColumn[] = [];
      for (let i = n.last + 1; i < L.length; i++) {
        if (!sig.isWord(i, 'then')) continue;
        if (sig.isWord(i + 1, 'update') && sig.isWord(i + 2, 'set')) columns.push(...setTargets(sig, i + 3, MERGE_SET_END));
        else if (sig.isWord(i + 1, 'insert') && sig.isPunct(i + 2, '(')) columns.push(...columnList(sig, i + 2));
      }
      push('merge', 'table', n, columns);
    } else if (sig.isWord(0, 'truncate')) {
      let i = skipWords(sig, 1, ['table']);
      for (;;) {
        const n = nameAt(sig, skipWords(sig, i, ['only']));
        if (!n) break;
        push('truncate', 'table', n);
        i = n.last + 1;
        if (sig.isPunct(i, '*')) i++;
        if (!sig.isPunct(i, ',')) break;
        i++;
      }
    } else if (sig.isWord(0, 'alter') && sig.isWord(1, 'table') && !sig.isWord(2, 'all')) {
      const n = nameAt(sig, skipWords(sig, 2, ['if', 'exists'], ['only']));
      if (!n) return out;
      let kind: WriteKind = 'alter';
      for (let i = n.last + 1; i < L.length; i++) {
        if (sig.isWord(i, 'rename') && (sig.isPunct(i - 1, ',') || i === n.last + 1 || (i === n.last + 2 && sig.isPunct(n.last + 1, '*')))) kind = 'rename';
        if (sig.isWord(i, 'row') && sig.isWord(i + 1, 'level') && sig.isWord(i + 2, 'security')) kind = 'rls';
      }
      push(kind, 'table', n);
    } else if (sig.isWord(0, 'drop')) {
      const obj = objectAt(sig, 1);
      if (!obj || (obj[0] !== 'table' && obj[0] !== 'schema')) return out;
      let i = skipWords(sig, obj[1], ['if', 'exists']);
      for (;;) {
        const n = nameAt(sig, i);
        if (!n) break;
        push('drop', obj[0], n);
        if (!sig.isPunct(n.last + 1, ',')) break;
        i = n.last + 2;
      }
    } else if (sig.isWord(0, 'create')) {
      let i = 1;
      while (sig.isWord(i, ...CREATE_MODIFIERS)) i++;
      const obj = objectAt(sig, i);
      if (!obj) return out;
      const [object, after] = obj;
      if (object === 'index') {
        const on = wordAtDepth0(sig, after, 'on');
        if (on > 0) push('index', 'table', nameAt(sig, skipWords(sig, on + 1, ['only'])));
      } else if (object === 'policy') {
        if (isName(sig, after) && sig.isWord(after + 1, 'on')) push('policy', 'table', nameAt(sig, after + 2));
      } else if (object === 'trigger') {
        const on = wordAtDepth0(sig, after, 'on');
        if (on > 0) push('trigger', 'table', nameAt(sig, on + 1));
      } else if (object === 'schema') {
        // Only a CREATE SCHEMA that fails when the schema exists (42P06): IF NOT EXISTS changes nothing
        // there. `CREATE SCHEMA AUTHORIZATION r` creates the schema named after the role.
        if (sig.isWord(after, 'authorization')) push('create', 'schema', nameAt(sig, after + 1));
        else if (!sig.isWord(after, 'if')) push('create', 'schema', nameAt(sig, after));
      } else {
        push('create', object, nameAt(sig, skipWords(sig, after, ['if', 'not', 'exists'])));
      }
    }
  } catch {
    // a token shape this matcher did not foresee: no writes rather than an exception
  }
  return out;
}
