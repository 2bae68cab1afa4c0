/**
 * `GRANT … ON …` and `ALTER DEFAULT PRIVILEGES … GRANT …` read from a statement's tokens (both
 * parsers' trees are not needed: the syntax is flat, and pgsql-ast-parser rejects GRANT). Per the
 * Postgres docs (GRANT, ALTER DEFAULT PRIVILEGES). Offsets are document UTF-16 offsets.
 */
import { SigTokens } from './tokens';
import { nameAt } from './writes';

/** A name in a statement and its range (UTF-16 offsets, end exclusive). */
export interface NamedSpan {
  name: string;
  start: number;
  end: number;
}

/** A table a grant names (`ON [TABLE] s.t`). */
export interface GrantTable extends NamedSpan {
  schema?: string;
}

/** One privilege of a grant: `select`, `insert`, …, or `all`, with its column list when it has one. */
export interface GrantPrivilege {
  name: string;
  /** Column names of a column-level privilege (`SELECT (id, name)`); undefined for the whole table. */
  columns?: string[];
}

/** A grant of privileges on tables, as written. */
export interface TableGrant {
  /** `grant` for `GRANT … ON …`; `default` for `ALTER DEFAULT PRIVILEGES … GRANT … ON TABLES`. */
  kind: 'grant' | 'default';
  privileges: GrantPrivilege[];
  /** The tables named after `ON [TABLE]`; empty for the schema-wide forms. */
  tables: GrantTable[];
  /** The schemas of `ON ALL TABLES IN SCHEMA …` or of `ALTER DEFAULT PRIVILEGES IN SCHEMA …`. */
  schemas: NamedSpan[];
  /** The grantees after `TO` (`public` for the PUBLIC pseudo-role, other names as Postgres folds them). */
  grantees: NamedSpan[];
  /** Range of the whole statement's `GRANT … TO …` part, for messages without a narrower place. */
  start: number;
  end: number;
}

const TARGET_KINDS = new Set([
  'sequence',
  'sequences',
  'database',
  'domain',
  'foreign',
  'function',
  'functions',
  'procedure',
  'procedures',
  'routine',
  'routines',
  'language',
  'large',
  'parameter',
  'schema',
  'schemas',
  'tablespace',
  'type',
  'types',
]);

/** The privilege list from token `i` up to `ON`; returns the privileges and the index of `ON`, or undefined. */
function privilegesAt(sig: SigTokens, i: number): { privileges: GrantPrivilege[]; on: number } | undefined {
  const privileges: GrantPrivilege[] = [];
  while (i < sig.list.length && !sig.isWord(i, 'on')) {
    if (sig.isPunct(i, ',')) {
      i++;
      continue;
    }
    if (!sig.isWord(i)) return undefined;
    const name = sig.list[i].value;
    i++;
    if (name === 'all' && sig.isWord(i, 'privileges')) i++;
    const privilege: GrantPrivilege = { name };
    if (sig.isPunct(i, '(')) {
      const close = sig.matchingParen(i);
      if (close < 0) return undefined;
      privilege.columns = [];
      for (let k = i + 1; k < close; k++) if (!sig.isPunct(k, ',')) privilege.columns.push(sig.list[k].value);
      i = close + 1;
    }
    privileges.push(privilege);
  }
  return sig.isWord(i, 'on') ? { privileges, on: i } : undefined;
}

/** The grantee list after `TO` at token `i`, up to `WITH`, `GRANTED` or the end. */
function granteesAt(sig: SigTokens, i: number): NamedSpan[] {
  const out: NamedSpan[] = [];
  for (; i < sig.list.length; i++) {
    if (sig.isWord(i, 'with', 'granted')) break;
    if (sig.isPunct(i, ',') || sig.isWord(i, 'group')) continue;
    const t = sig.list[i];
    if (t.kind === 'word' || t.kind === 'quotedIdent') out.push({ name: t.value, start: t.start, end: t.end });
  }
  return out;
}

/** A comma-separated list of (qualified) names from token `i`, stopping at `stop`; returns them and the stop's index. */
function namesUntil(sig: SigTokens, i: number, stop: string): { names: GrantTable[]; next: number } {
  const names: GrantTable[] = [];
  while (i < sig.list.length && !sig.isWord(i, stop)) {
    if (sig.isPunct(i, ',')) {
      i++;
      continue;
    }
    const n = nameAt(sig, i);
    if (!n) return { names, next: sig.list.length };
    names.push({ schema: n.schema, name: n.name, start: sig.list[n.first].start, end: sig.list[n.last].end });
    i = n.last + 1;
  }
  return { names, next: i };
}

/**
 * The table grant a statement makes, or undefined when it is none (a REVOKE, a grant on a schema,
 * sequence or function, a role membership grant, or a statement cut short). Never throws.
 */
export function tableGrantOf(sig: SigTokens): TableGrant | undefined {
  try {
    const L = sig.list;
    if (L.length === 0) return undefined;
    let g = 0;
    let kind: TableGrant['kind'] = 'grant';
    const schemas: NamedSpan[] = [];
    if (sig.isWord(0, 'alter') && sig.isWord(1, 'default') && sig.isWord(2, 'privileges')) {
      kind = 'default';
      let i = 3;
      while (i < L.length && !sig.isWord(i, 'grant', 'revoke')) {
        if (sig.isWord(i, 'in') && sig.isWord(i + 1, 'schema')) {
          const list = namesUntil(sig, i + 2, 'grant');
          for (const n of list.names) schemas.push({ name: n.name, start: n.start, end: n.end });
          i = list.next;
          continue;
        }
        i++;
      }
      if (!sig.isWord(i, 'grant')) return undefined;
      g = i;
    } else if (!sig.isWord(0, 'grant')) {
      return undefined;
    }
    const p = privilegesAt(sig, g + 1);
    if (!p) return undefined;
    let i = p.on + 1;
    const tables: GrantTable[] = [];
    if (kind === 'default') {
      if (!sig.isWord(i, 'tables')) return undefined;
      i++;
    } else if (sig.isWord(i, 'all') && sig.isWord(i + 1, 'tables') && sig.isWord(i + 2, 'in') && sig.isWord(i + 3, 'schema')) {
      const list = namesUntil(sig, i + 4, 'to');
      for (const n of list.names) schemas.push({ name: n.name, start: n.start, end: n.end });
      i = list.next;
    } else {
      if (sig.isWord(i) && TARGET_KINDS.has(L[i].value)) return undefined;
      if (sig.isWord(i, 'table')) i++;
      const list = namesUntil(sig, i, 'to');
      tables.push(...list.names);
      i = list.next;
    }
    if (!sig.isWord(i, 'to')) return undefined;
    const grantees = granteesAt(sig, i + 1);
    if (grantees.length === 0) return undefined;
    return { kind, privileges: p.privileges, tables, schemas, grantees, start: L[g].start, end: grantees[grantees.length - 1].end };
  } catch {
    return undefined;
  }
}
