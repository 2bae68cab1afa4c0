/**
 * What `lint` keeps per statement between checks of successive versions of a document: each
 * relevant statement's findings with what they depended on (`StatementResults`), each DO block's
 * or routine's embedded-SQL findings (`EmbeddedResults`), and per-statement memos. Keyed by
 * `StatementInfo` identity: the document index reuses a chunk's infos while the chunk is unchanged
 * (see `DocumentIndex.update`), so a kept result lives exactly as long as its statement's text.
 * Findings are kept at the offset the statement had and handed out as shifted copies.
 */
import { isAuthTableName, resolveManagedTable } from './catalog';
import type { NamedSpan } from './grants';
import { AuthReference, authReferences } from './generation';
import { StatementInfo } from './documentIndex';
import { AUTH_HELPERS, columnUsesKey, FileTables } from './tableDefs';
import { SigTokens } from './tokens';
import { Finding, RejectedStatement } from './types';

/** A statement of the document being linted: the index's facts at document offsets. */
export interface StatementRef {
  info: StatementInfo;
  start: number;
  end: number;
  /** For a statement in a routine body: the position in the list of the top-level statement holding it. */
  parent?: number;
}

/** What checking one statement gave: its findings, and its parse error when no parser accepted it. */
export interface StatementCheck {
  findings: Finding[];
  rejected?: RejectedStatement;
}

/**
 * A table fact a check asked for: its name, its `before` offset relative to the statement's start,
 * and its `FileTables.dependencyKey` then (`key`), worked out only when a later check of the
 * document first compares it (see `StatementResult.tables`).
 */
interface Dependency {
  name: string;
  before: number;
  key?: string;
}

/** What checking one relevant statement gave, kept while its `StatementInfo` lives (the chunk is unchanged). */
interface StatementResult extends StatementCheck {
  /** Document offset of the statement when it was checked: the findings are at this position. */
  start: number;
  /** The options and parser state it was checked with. */
  settingsKey: string;
  /** The file's Neon Auth generation it was checked with (and the mixed-generation reference, when in this statement). */
  authKey: string;
  /** The table facts it asked for. */
  deps: Dependency[];
  /**
   * The file's tables it was checked against, until every dependency's key is known: a key is
   * worked out from them when the next check of the document compares it, not when the statement
   * is checked (a document checked once, as the CLI checks files, never needs one). Kept alive
   * only that long; a `FileTables` reads nothing that changes after its lint (the text, the
   * statements and their memos, which are their texts').
   */
  tables?: FileTables;
  /** Whether `deps` hold positional keys (a finding points into another statement): see `FileTables.dependencyKey`. */
  positional: boolean;
  /** The statements parsed to check it (itself, table definitions it looked up). */
  parsed: StatementInfo[];
}

/** A kept result handed out again: shifted copies of its findings and rejection, and the statements parsed for it. */
export interface ReusedCheck extends StatementCheck {
  parsed: readonly StatementInfo[];
}

/**
 * The table facts one statement's check asks for, noted as it asks: `tables` answers as the file's
 * tables do and records each question (its dependency key is worked out later, see
 * `StatementResult.tables`).
 */
export class RecordingTables {
  private readonly noted = new Map<string, Dependency>();
  readonly tables: FileTables;

  constructor(
    readonly file: FileTables,
    statement: StatementRef,
  ) {
    const note = (name: string, before: number): void => {
      const id = `${name}@${before}`;
      if (!this.noted.has(id)) this.noted.set(id, { name, before: before - statement.start });
    };
    this.tables = {
      lookup: (before) => {
        const lookup = file.lookup(before);
        return (schema, name) => {
          note(name, before);
          return lookup(schema, name);
        };
      },
      // asked for this statement: what a ROLLBACK undid before it does not count (see `FileTables.changedColumns`)
      changedColumns: (name, schema, at = statement.start) => {
        note(name, Number.POSITIVE_INFINITY);
        note(name, at);
        return file.changedColumns(name, schema, at);
      },
      dependencyKey: file.dependencyKey,
      rejectsNullAfter: (schema, name, column, from) => {
        note(name, Number.POSITIVE_INFINITY);
        return file.rejectsNullAfter(schema, name, column, from);
      },
      dropsAfter: (schema, name, from, tracked) => {
        note(name, Number.POSITIVE_INFINITY);
        return file.dropsAfter(schema, name, from, tracked);
      },
      nameAtEnd: (schema, name, from) => {
        note(name, Number.POSITIVE_INFINITY);
        return file.nameAtEnd(schema, name, from);
      },
      rolledBack: (name, start) => {
        note(name, Number.POSITIVE_INFINITY);
        return file.rolledBack(name, start);
      },
      defines: (name) => {
        note(name, Number.POSITIVE_INFINITY);
        return file.defines(name);
      },
      // the history is part of the settings key: nothing to note
      priorDefines: file.priorDefines,
      columnUses: (table, column, except) => {
        note(columnUsesKey(table, column), Number.POSITIVE_INFINITY);
        return file.columnUses(table, column, except);
      },
      helper: (name) => {
        note(AUTH_HELPERS, Number.POSITIVE_INFINITY);
        return file.helper(name);
      },
      authSchema: (name, before, path) => {
        // (no other name can be resolved: nothing to depend on)
        if (!isAuthTableName(name)) return undefined;
        note(name, before);
        return file.authSchema(name, before, path);
      },
    };
  }

  /** The facts asked for, in the order first asked, their keys not worked out yet. */
  dependencies(): Dependency[] {
    return [...this.noted.values()];
  }
}

/**
 * Each relevant statement's last check (see the module comment): reused when the statement, the
 * settings and parser state (`settingsKey`), the file's Neon Auth generation (`authKey`) and every
 * table fact it asked for are unchanged. One per process, shared by all documents.
 */
export class StatementResults {
  private readonly results = new WeakMap<StatementInfo, StatementResult>();

  /** The kept check of `r`, shifted to its offset now, when nothing it depended on changed; else undefined. */
  reuse(r: StatementRef, settingsKey: string, authKey: string, tables: FileTables): ReusedCheck | undefined {
    const kept = this.results.get(r.info);
    if (!kept || kept.settingsKey !== settingsKey || kept.authKey !== authKey) return undefined;
    const then = kept.tables;
    for (const d of kept.deps) {
      // the key when it was checked, worked out now from the tables then (see `StatementResult.tables`)
      d.key ??= then!.dependencyKey(d.name, kept.start + d.before, kept.start, kept.positional);
      if (tables.dependencyKey(d.name, r.start + d.before, r.start, kept.positional) !== d.key) return undefined;
    }
    // every key known: the tables then are no longer needed
    kept.tables = undefined;
    const shift = r.start - kept.start;
    // Copies: what a caller does with the result must not change the kept one.
    return {
      findings: kept.findings.map((f) => shiftFinding(f, shift)),
      rejected: kept.rejected && shiftRejected(kept.rejected, shift),
      parsed: kept.parsed,
    };
  }

  /**
   * Keeps `check`, made with `settingsKey` and `authKey` asking `recorded` for table facts and
   * parsing `parsed`; returns copies of its findings and rejection. Its dependencies are keyed
   * `positional` when a finding points into another statement (a fix editing the column's CREATE
   * TABLE holds that statement's offset relative to this one, so it is kept only while the distance
   * stays); the others only while the facts and their order relative to this statement stay (an
   * edit above both moves them together: a statement after an edit need not be checked again).
   */
  keep(r: StatementRef, settingsKey: string, authKey: string, recorded: RecordingTables, check: StatementCheck, parsed: StatementInfo[]): StatementCheck {
    const positional = check.findings.some(
      (f) => f.start < r.start || f.end > r.end || f.fixes.some((x) => x.edits.some((e) => e.start < r.start || e.end > r.end)),
    );
    const deps = recorded.dependencies();
    this.results.set(r.info, {
      start: r.start,
      settingsKey,
      authKey,
      positional,
      deps,
      ...(deps.length > 0 ? { tables: recorded.file } : {}),
      findings: check.findings,
      rejected: check.rejected,
      parsed,
    });
    return { findings: check.findings.map((f) => shiftFinding(f, 0)), rejected: check.rejected && shiftRejected(check.rejected, 0) };
  }
}

/** What checking a DO block's or routine's `EXECUTE` texts gave: findings, and each `EXECUTE`'s range. */
export interface EmbeddedCheck {
  findings: Finding[];
  statements: Array<{ start: number; end: number }>;
}

/** Per DO block or routine with `EXECUTE` texts: what checking them gave, reused under the same settings. */
export class EmbeddedResults {
  private readonly results = new WeakMap<StatementInfo, EmbeddedCheck & { start: number; settingsKey: string }>();

  /** The kept check of `r`, shifted to its offset now, when made with `settingsKey`; else undefined. */
  reuse(r: StatementRef, settingsKey: string): EmbeddedCheck | undefined {
    const kept = this.results.get(r.info);
    if (!kept || kept.settingsKey !== settingsKey) return undefined;
    const shift = r.start - kept.start;
    return {
      findings: kept.findings.map((f) => shiftFinding(f, shift)),
      statements: kept.statements.map((x) => ({ start: x.start + shift, end: x.end + shift })),
    };
  }

  /** Keeps a copy of `check` of `r`, made with `settingsKey`. */
  keep(r: StatementRef, settingsKey: string, check: EmbeddedCheck): void {
    this.results.set(r.info, { start: r.start, settingsKey, findings: check.findings.map((f) => shiftFinding(f, 0)), statements: check.statements });
  }
}

/** Per statement: its references to Neon-managed tables, offsets relative to its start. */
const authRefs = new WeakMap<StatementInfo, AuthReference[]>();

/** The references of statement `r` to Neon-managed tables (see `authReferences`), from its tokens `sig` the first time. */
export function authReferencesOf(r: StatementRef, sig: () => SigTokens): AuthReference[] {
  let rel = authRefs.get(r.info);
  if (!rel) {
    rel = authReferences(sig()).map((x) => ({ ...x, start: x.start - r.start, end: x.end - r.start }));
    authRefs.set(r.info, rel);
  }
  return rel.map((x) => ({ ...x, start: x.start + r.start, end: x.end + r.start }));
}

/** Per statement: its unqualified Neon Auth table names (see `pathAuthReferencesOf`), offsets relative to its start, with the parser state they were read under. */
const pathNames = new WeakMap<StatementInfo, { state: string; names: NamedSpan[] }>();

/**
 * The references of statement `r` to Neon Auth user tables by unqualified names that `authSchemaOf`
 * resolves (the search path at the statement), in document order. `names` gives the statement's
 * unqualified user table names in table positions at document offsets (`pathAuthNames` on a model
 * that takes every one as resolved), asked for the first time under each parser state `state`.
 */
export function pathAuthReferencesOf(
  r: StatementRef,
  state: string,
  names: () => NamedSpan[],
  authSchemaOf: (name: string) => string | undefined,
): AuthReference[] {
  let memo = pathNames.get(r.info);
  if (memo?.state !== state) {
    memo = { state, names: names().map((x) => ({ ...x, start: x.start - r.start, end: x.end - r.start })) };
    pathNames.set(r.info, memo);
  }
  const out: AuthReference[] = [];
  for (const x of memo.names) {
    const table = resolveManagedTable(authSchemaOf(x.name), x.name);
    if (table) out.push({ table, start: x.start + r.start, end: x.end + r.start });
  }
  return out;
}

/** A copy of a finding moved by `d` code units (fixes and their edits copied too). */
export function shiftFinding(f: Finding, d: number): Finding {
  return {
    ...f,
    start: f.start + d,
    end: f.end + d,
    fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: e.start + d, end: e.end + d })) })),
  };
}

function shiftRejected(r: RejectedStatement, d: number): RejectedStatement {
  return { ...r, start: r.start + d, end: r.end + d, errorOffset: r.errorOffset === undefined ? undefined : r.errorOffset + d };
}
