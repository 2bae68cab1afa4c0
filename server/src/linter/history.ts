/**
 * The migration history folded into one schema: each file of a migration set (see
 * `workspace/migrations.ts`) applied in order to a model of the app's tables, each fact keeping
 * where it was written (file and range). `LintOptions.priorSchema` carries the state just before a
 * file, so rules that look up a table another migration created see its columns.
 *
 * The statements are read with the same code as a file's own table facts: `CREATE TABLE` through
 * the parsers and `buildModel` (its `TableDef`), `ALTER TABLE` through `applyAlter` (tokens, per
 * the ALTER TABLE synopsis); `DROP TABLE`, `ALTER TABLE … RENAME TO`, `CREATE TABLE … (LIKE …)`
 * and `SET search_path` from tokens. Tables are keyed `schema.name`; a name without a schema is
 * created in the first schema of the `search_path` the file set (`public` by default; see
 * `searchPath.ts` for the forms read, and for the transactions and savepoints that end or undo a SET),
 * so `billing.invoices` is not `invoices`. The same transactions undo the file's DDL: what a
 * `ROLLBACK` of the file's `BEGIN`, or a `ROLLBACK TO SAVEPOINT`, rolls back is not folded.
 *
 * `before(i)` also tells what the files after `i` do with columns (`PriorSchema.later`, from tokens:
 * keys that reference a column, other statements naming it (see `columnUses.ts`), `ALTER TABLE`s
 * that make it reject NULL), so that a fix to file `i` does not break a later migration of the set.
 */
import { tokenize } from './lexer';
import { buildModel, ColumnDef, ColumnOrigin, ColumnReference, TableDef } from './model';
import { parseStatement } from './parse';
import { LineIndex } from './positions';
import { splitStatements, type Statement } from './statements';
import { routineBodyStatements } from './bodies';
import { applyAlter, copyTracked, dropsTracked, keyTail, LazyTableMap, renamedTableTo, renameTableDef, tableNameIndex } from './tableDefs';
import { nullRejectingChecks } from './nullChecks';
import { chosenConstraintName, writtenForeignKeyName, writtenPrimaryKeyName } from './constraintNames';
import { columnUseOf, hasUuidText, identifierOffsets, tableDdlOf, within } from './columnUses';
import { DEFAULT_SEARCH_PATH, initialPathState, nextPathState, nextUndoState, searchPathChange } from './searchPath';
import { SigTokens } from './tokens';
import { partitionPoint } from './search';
import { authReferences, AuthReference } from './generation';
import { resolveAuthTable } from './catalog';
import { FileRange, LaterUse, LaterUses, PriorSchema, RelatedInformation } from './types';
import { FixForwardFact, FixForwardWalker, mayBeFact } from './fixForward';
import { fnv1a } from './textHash';

/** One file of a set: its path as the front end names it, and its text as history (see `historyText`). */
export interface HistoryFile {
  path: string;
  text: string;
}

/** Something in the history the user should hear of (a `CREATE TABLE` no parser accepted). */
export interface HistoryNotice {
  path: string;
  line: number;
  message: string;
}

/** What folding one file gave: its changes to the tables, its notices and Neon Auth references, its state key. */
export interface FoldedFile {
  readonly path: string;
  readonly text: string;
  /** The tables it set (a new definition, parsed when first asked for) or dropped (undefined), in order. */
  readonly changes: ReadonlyArray<readonly [string, LazyTable | undefined]>;
  /** Its notices so far (a definition's parse adds its own when it runs). */
  readonly notices: readonly HistoryNotice[];
  /** How many references to each generation's tables it has, and the generation of its first. */
  readonly usage: GenerationCount;
  /** `PriorSchema.key` of the state after this file. */
  readonly key: string;
}

/** A set's history, folded. */
export interface FoldedHistory {
  /** The state before the file at `index` (0: nothing yet; `files.length`: after the last). */
  before(index: number): PriorSchema;
  readonly notices: HistoryNotice[];
  /** The generation the whole set references most. */
  readonly generation?: 'legacy' | 'current';
  /** Each file's fold, in order: a later fold of the same set reuses the unchanged prefix (see `MigrationFolder`). */
  readonly files: readonly FoldedFile[];
}

const isName = (sig: SigTokens, i: number): boolean => sig.list[i] !== undefined && (sig.list[i].kind === 'word' || sig.list[i].kind === 'quotedIdent');

/** The key of a table: `schema.name`, the schema defaulting to `fallback`. */
export function tableKey(schema: string | undefined, name: string, fallback = 'public'): string {
  return `${schema ?? fallback}.${name}`;
}

/** The schema (when written) and name of the table a statement names at token `i` (the name's last token). */
function qualifiedAt(sig: SigTokens, i: number): { schema?: string; name: string } {
  const name = sig.list[i].value;
  return sig.isPunct(i - 1, '.') && isName(sig, i - 2) ? { schema: sig.list[i - 2].value, name } : { name };
}

function cloneTable(t: TableDef): TableDef {
  return {
    ...t,
    columns: t.columns.map((c) => ({ ...c, ...(c.references ? { references: c.references.map((r) => ({ ...r })) } : {}) })),
    primaryKey: [...t.primaryKey],
  };
}

/** A cheap text hash (FNV-1a, 32 bits), for `PriorSchema.key`. */
const hash = fnv1a;

/**
 * A table definition made when first asked for: parsing `CREATE TABLE` statements is most of a
 * fold's cost, and a check needs only the tables its statements name. An `ALTER TABLE` is a
 * definition on top of its `base`; forcing one walks the chain without recursion.
 */
export class LazyTable {
  private made = false;
  private value?: TableDef;

  private constructor(
    private make: ((base: TableDef | undefined) => TableDef | undefined) | undefined,
    private base: LazyTable | undefined,
  ) {}

  /** A definition of its own (`make` never throws to the caller: a throw gives undefined). */
  static of(make: () => TableDef | undefined): LazyTable {
    return new LazyTable(() => make(), undefined);
  }

  /** `change` applied to `base`'s definition (nothing when `base` has none). */
  static on(base: LazyTable, change: (def: TableDef) => TableDef | undefined): LazyTable {
    return new LazyTable((def) => (def ? change(def) : undefined), base);
  }

  /** Whether the definition is made. */
  get forced(): boolean {
    return this.made;
  }

  /** The definition (undefined: the statement could not be read). */
  get(): TableDef | undefined {
    if (this.made) return this.value;
    const chain: LazyTable[] = [this];
    for (let t = this.base; t && !t.made; t = t.base) chain.push(t);
    for (let i = chain.length - 1; i >= 0; i--) {
      const t = chain[i];
      try {
        t.value = t.make!(t.base?.value);
      } catch {
        t.value = undefined;
      }
      t.made = true;
      t.make = undefined;
      t.base = undefined;
    }
    return this.value;
  }
}

/** A state's tables as rules read them (`ReadonlyMap`): each definition is made when first read; unreadable ones are absent. */
class FoldedTables extends LazyTableMap {
  constructor(private readonly lazies: ReadonlyMap<string, LazyTable>) {
    super();
  }
  get(key: string): TableDef | undefined {
    return this.lazies.get(key)?.get();
  }
  *entries(): MapIterator<[string, TableDef]> {
    for (const [k, l] of this.lazies) {
      const v = l.get();
      if (v) yield [k, v];
    }
  }
}

function applyChanges(tables: Map<string, LazyTable>, changes: FoldedFile['changes']): void {
  for (const [k, v] of changes) {
    if (v) tables.set(k, v);
    else tables.delete(k);
  }
}

/** A file's references to Neon Auth tables, counted per generation (what a set's generation is detected from). */
export interface GenerationCount {
  legacy: number;
  current: number;
  /** The generation of the file's first reference. */
  first?: 'legacy' | 'current';
  /** The generation the file is written for (`fileGeneration`), with the range of the reference that decides it. */
  leaves?: { generation: 'legacy' | 'current'; start: number; end: number };
}

/** A reference to a Neon-managed table, and whether it is the target of a foreign key (`REFERENCES <table>`). */
interface FileReference extends AuthReference {
  key: boolean;
}

/** The references of a statement to Neon-managed tables (`authReferences`), each marked when a foreign key targets it. */
function fileReferences(sig: SigTokens): FileReference[] {
  return authReferences(sig).map((r) => ({ ...r, key: sig.isWord(sig.indexAt(r.start) - 1, 'references') }));
}

/**
 * The generation a migration is written for, so the one the database has after it runs: the one
 * its foreign keys reference when they all reference one generation's tables (a key can only be
 * added once its table exists: `neon-auth-lint migrate`'s file, which reads `users_sync` to map the
 * ids and keys every moved column to `neon_auth."user"`, leaves the current one); else the one most
 * of its references are to, on a tie the one it references first (as `authUsageOf` for a file).
 * Decided at that first key, else that first reference. Undefined for a file that names neither.
 */
function fileGeneration(refs: readonly FileReference[]): GenerationCount['leaves'] {
  const sorted = [...refs].sort((a, b) => a.start - b.start);
  const keys = sorted.filter((r) => r.key);
  const keyed = new Set(keys.map((r) => r.table.generation));
  let generation: 'legacy' | 'current' | undefined;
  if (keyed.size === 1) generation = keys[0].table.generation;
  else {
    const legacy = sorted.filter((r) => r.table.generation === 'legacy').length;
    const current = sorted.length - legacy;
    if (sorted.length === 0) return undefined;
    generation = legacy === current ? sorted[0].table.generation : legacy > current ? 'legacy' : 'current';
  }
  const at = (keyed.size === 1 ? keys : sorted).find((r) => r.table.generation === generation)!;
  return { generation, start: at.start, end: at.end };
}

function countOf(refs: readonly FileReference[]): GenerationCount {
  const usage: GenerationCount = { legacy: 0, current: 0 };
  let first: AuthReference | undefined;
  for (const r of refs) {
    usage[r.table.generation]++;
    if (!first || r.start < first.start) first = r;
  }
  if (first) usage.first = first.table.generation;
  const leaves = fileGeneration(refs);
  if (leaves) usage.leaves = leaves;
  return usage;
}

/** A file's references counted (no fold needed), from the statements a fold reads (`DO` bodies too), as `step` counts them. */
function usageOf(text: string): GenerationCount {
  const refs: FileReference[] = [];
  for (const stmt of foldedStatements(text)) refs.push(...fileReferences(new SigTokens(stmt.tokens)));
  return countOf(refs);
}

/**
 * The generation of a set: the one most references are to (as for a single file, `authUsageOf`);
 * on a tie, the one the set references first (file order).
 */
function setGeneration(files: Iterable<GenerationCount>): 'legacy' | 'current' | undefined {
  let legacy = 0;
  let current = 0;
  let first: 'legacy' | 'current' | undefined;
  for (const f of files) {
    legacy += f.legacy;
    current += f.current;
    first ??= f.first;
  }
  if (legacy === current) return legacy === 0 ? undefined : first;
  return legacy > current ? 'legacy' : 'current';
}

/**
 * A set's history, folded lazily in file order: `before(i)` folds files up to i only, `step()`
 * folds one more (the language server's background index yields between steps). Given the last
 * fold of the same set (finished or not), the files whose path and text are unchanged from the
 * start are reused, not folded again: after an edit to migration k, `before(j)` for j ≤ k costs
 * no fold at all, and later files are re-folded only when asked for. Never throws: a statement that
 * cannot be read changes nothing (a `CREATE TABLE` no parser accepts gives a notice: later files
 * then do not know that table).
 */
export class MigrationFolder implements FoldedHistory {
  private readonly done: FoldedFile[];
  /** The working state after `done` (tables are replaced, never mutated: states share them). */
  private readonly state = new Map<string, LazyTable>();
  private readonly previous: readonly FoldedFile[];
  /** The last state built by `before`, to move forward from (files are usually asked for in order). */
  private cursor = { index: 0, tables: new Map<string, LazyTable>() };
  /** Where `parseStep` goes on: file index, then change index. */
  private parsed = { file: 0, change: 0 };
  private readonly made = new Map<number, PriorSchema>();
  private detected?: { generation?: 'legacy' | 'current' };
  /** Each file's Neon Auth references by path, for the text they were read from (shared along a chain of folds). */
  private readonly usageByPath: Map<string, { text: string; usage: GenerationCount }>;
  /** Each file's column uses by path (see `fileUsesOf`), for the text they were read from (shared along a chain of folds). */
  private readonly usesByPath: Map<string, FileUses>;

  constructor(
    private readonly input: readonly HistoryFile[],
    previous?: { readonly files: readonly FoldedFile[] },
  ) {
    this.previous = previous?.files ?? [];
    this.usageByPath =
      previous instanceof MigrationFolder ? previous.usageByPath : new Map(this.previous.map((f) => [f.path, { text: f.text, usage: f.usage }]));
    this.usesByPath = previous instanceof MigrationFolder ? previous.usesByPath : new Map();
    let k = 0;
    while (k < input.length && k < this.previous.length && this.previous[k].path === input[k].path && this.previous[k].text === input[k].text) k++;
    this.done = this.previous.slice(0, k);
  }

  /** Whether `state` holds the reused files' changes (replayed on the first `step`: an edit's own check folds nothing). */
  private replayed = false;

  /** Whether `files` are this fold's input (same paths and texts, in order). */
  sameInput(files: readonly HistoryFile[]): boolean {
    return files.length === this.input.length && files.every((f, i) => f.path === this.input[i].path && f.text === this.input[i].text);
  }

  /** How many files are folded (reused ones included). */
  get folded(): number {
    return this.done.length;
  }

  get finished(): boolean {
    return this.done.length >= this.input.length;
  }

  /** Each file folded so far, in order (what the next fold of the set reuses). */
  get files(): readonly FoldedFile[] {
    return this.done;
  }

  /** The notices of the whole set (folds and parses what is left). */
  get notices(): HistoryNotice[] {
    while (!this.finished) this.step();
    while (this.parseStep(Infinity));
    return this.done.flatMap((f) => f.notices);
  }

  /**
   * Makes up to `count` of the table definitions the folded files set that are not made yet (in
   * file order; their notices join their files'). Returns whether any is left. The background
   * index calls it between pauses, so that notices and hover need no parse later.
   */
  parseStep(count = 25): boolean {
    let left = count;
    for (; this.parsed.file < this.done.length; this.parsed.file++, this.parsed.change = 0) {
      const changes = this.done[this.parsed.file].changes;
      for (; this.parsed.change < changes.length; this.parsed.change++) {
        const lazy = changes[this.parsed.change][1];
        if (!lazy || lazy.forced) continue;
        if (left-- <= 0) return true;
        lazy.get();
      }
    }
    return false;
  }

  /** The generation the whole set references most (read from each file's references; folds nothing). */
  get generation(): 'legacy' | 'current' | undefined {
    if (!this.detected) {
      const counts: GenerationCount[] = [];
      for (const file of this.input) {
        let kept = this.usageByPath.get(file.path);
        if (kept?.text !== file.text) this.usageByPath.set(file.path, (kept = { text: file.text, usage: usageOf(file.text) }));
        counts.push(kept.usage);
      }
      const generation = setGeneration(counts);
      this.detected = generation ? { generation } : {};
    }
    return this.detected.generation;
  }

  /**
   * The generation the files before `index` leave (see `PriorSchema.earlier`): that of the latest
   * of them that names one (`fileGeneration`), at its deciding reference. Needs those files folded.
   */
  private earlierGeneration(index: number): PriorSchema['earlier'] {
    for (let j = Math.min(index, this.done.length) - 1; j >= 0; j--) {
      const { usage, path, text } = this.done[j];
      if (!usage.leaves) continue;
      // (positions up to the reference only: it ends with a name, never inside a line break)
      const lines = new LineIndex(text.slice(0, usage.leaves.end));
      const a = lines.positionAt(usage.leaves.start);
      const b = lines.positionAt(usage.leaves.end);
      return { generation: usage.leaves.generation, at: { path, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character } };
    }
    return undefined;
  }

  /** Folds the next file (nothing when finished). */
  step(): void {
    if (this.finished) return;
    if (!this.replayed) {
      for (const f of this.done) applyChanges(this.state, f.changes);
      this.replayed = true;
    }
    const file = this.input[this.done.length];
    const changes: Array<[string, LazyTable | undefined]> = [];
    const notices: HistoryNotice[] = [];
    const refs: FileReference[] = [];
    const state = this.state;
    const tracked: TableState = {
      get: (k) => state.get(k),
      has: (k) => state.has(k),
      set: (k, v) => (state.set(k, v), changes.push([k, v])),
      delete: (k) => (state.delete(k), changes.push([k, undefined])),
    };
    try {
      foldFile(tracked, file, notices, refs);
    } catch {
      // an unexpected shape: this file's remaining statements are skipped
    }
    const last = this.done.length === 0 ? '0' : this.done[this.done.length - 1].key;
    const h = hash(file.path, hash(file.text, hash(last)));
    const usage = countOf(refs);
    this.done.push({ path: file.path, text: file.text, changes, notices, usage, key: `${this.done.length}:${h.toString(36)}` });
    this.usageByPath.set(file.path, { text: file.text, usage });
  }

  /**
   * The column uses of the files from `from` on (read from tokens and text, no fold; each file's
   * kept while its text is), with a key of the files' texts; undefined when they have no statement.
   */
  private laterUses(from: number): { uses: LaterUses; key: string } | undefined {
    const files: FileUses[] = [];
    for (let j = from; j < this.input.length; j++) {
      const file = this.input[j];
      let kept = this.usesByPath.get(file.path);
      if (kept?.text !== file.text) this.usesByPath.set(file.path, (kept = fileUsesOf(file.path, file.text)));
      files.push(kept);
    }
    if (files.every((f) => f.statements.length === 0)) return undefined;
    // Any statement of a later file may name a column (see `columnUses.ts`): their texts are the key.
    let h = 0x811c9dc5;
    for (const f of files) h = hash(`${f.path}\u0000${f.hash}`, h);
    return {
      key: h.toString(36),
      uses: {
        of: (table, column, primaryKey) => files.flatMap((f) => laterUsesIn(f, table, column, primaryKey)),
        rejectsNull: (table, column) =>
          files.flatMap((f) => f.facts.filter((x) => x.kind === 'notNull' && x.table === table && x.column === column).map((x) => x.at)),
        fixForward: () => files.flatMap((f) => f.fixForward),
        drops: (schema, table, tracked) => {
          const t = copyTracked(tracked);
          // the table by the name it has at each ALTER: after `RENAME TO`, the ALTERs of its new name
          let name = table;
          return files.some((f) =>
            f.alters.some((a) => {
              if (a.table !== name || (a.schema !== undefined && a.schema !== schema)) return false;
              const sig = alterTokens(f.text, a);
              const renamed = renamedTableTo(sig);
              if (renamed === undefined) return dropsTracked(sig, t);
              renameTableDef(t.def, renamed);
              name = renamed;
              return false;
            }),
          );
        },
      },
    };
  }

  /** The state before the file at `index` (0: nothing yet; `files.length`: after the last), folding up to it. */
  before(index: number): PriorSchema {
    const i = Math.max(0, Math.min(index, this.input.length));
    const kept = this.made.get(i);
    if (kept) return kept;
    while (this.done.length < i) this.step();
    if (this.cursor.index > i) this.cursor = { index: 0, tables: new Map() };
    // A copy of every state per file would cost files × tables: the changes up to file i are replayed.
    for (; this.cursor.index < i; this.cursor.index++) applyChanges(this.cursor.tables, this.done[this.cursor.index].changes);
    const earlier = this.earlierGeneration(i);
    // (the whole set's, which reads every file, only when no earlier file names one)
    const generation = earlier?.generation ?? this.generation;
    const later = this.laterUses(i + 1);
    const prior: PriorSchema = {
      tables: new FoldedTables(new Map(this.cursor.tables)),
      // the generation too: it decides findings, and a later file of the set can change it (the
      // earlier one is the earlier files' own, which `done[i - 1].key` covers)
      key: `${i === 0 ? '0' : this.done[i - 1].key}${generation ? `:${generation}` : ''}${earlier ? ':earlier' : ''}${later ? `:later:${later.key}` : ''}`,
      ...(generation ? { generation } : {}),
      ...(earlier ? { earlier } : {}),
      ...(later ? { later: later.uses } : {}),
    };
    this.made.set(i, prior);
    if (this.made.size > 8) this.made.delete(this.made.keys().next().value as number); // a few, not one per file
    return prior;
  }
}

/**
 * A fact about a column in a file, from tokens: a key's referenced table and column (`foreignKey`),
 * or a column an `ALTER TABLE` makes reject NULL (`notNull`, see `LaterUses.rejectsNull`).
 */
interface UseFact {
  kind: 'foreignKey' | 'notNull';
  table: string;
  /** The referenced column (`foreignKey`; undefined: no column list, the primary key), or the column made NOT NULL. */
  column?: string;
  at: FileRange;
}

/** What a later file of a set tells about columns (see `LaterUses`), kept while its text is. */
interface FileUses {
  path: string;
  text: string;
  /** `hash(text)`, for the key of `PriorSchema.later`. */
  hash: number;
  facts: UseFact[];
  /** Its top-level statements, each with its range and `tableDdlOf` (see `columnUses.ts`), in order. */
  statements: Array<{ start: number; end: number; ddlOf?: string }>;
  /** Its `ALTER TABLE` statements (also in `DO` blocks): the table's name, the schema written, the range (see `LaterUses.drops`). */
  alters: LaterAlter[];
  /** A `FileRange` of document offsets [a, b) of the file. */
  site(a: number, b: number): FileRange;
  /** Its REVOKEs and view or routine replacements and drops that no transaction of it rolls back (see `fixForward.ts`), in order. */
  fixForward: FixForwardFact[];
}

/** An `ALTER TABLE` of a later file (see `FileUses.alters`); `sig`: its tokens, once `alterTokens` made them. */
interface LaterAlter {
  table: string;
  schema?: string;
  start: number;
  end: number;
  sig?: SigTokens;
}

/**
 * The significant tokens of `a` in `text`, tokenized when first asked for and then kept with it:
 * only the ALTERs of tables a rule asks `LaterUses.drops` about are (a few), so the tokens of a
 * set's other statements are not kept (they would cost more memory than the texts).
 */
function alterTokens(text: string, a: LaterAlter): SigTokens {
  return (a.sig ??= new SigTokens(tokenize(text, a.start, a.end)));
}

/**
 * A file's column facts: each `REFERENCES [schema.]table [(columns)]` to an app table (one fact per
 * referenced column), each column an `ALTER TABLE` makes reject NULL, and its top-level statements.
 */
function fileUsesOf(path: string, text: string): FileUses {
  const facts: UseFact[] = [];
  const statements: FileUses['statements'] = [];
  const alters: FileUses['alters'] = [];
  let lines: LineIndex | undefined;
  const site = (a: number, b: number): FileRange => {
    lines ??= new LineIndex(text);
    const x = lines.positionAt(a);
    const y = lines.positionAt(b);
    return { path, line: x.line, character: x.character, endLine: y.line, endCharacter: y.character };
  };
  let topEnd = -1;
  // The ALTERs a transaction of the file rolls back are not kept (see `nextUndoState`), nor the
  // columns they make reject NULL: each ALTER's facts, in order. (Its keys are: the statement runs,
  // and fails, 42804, if a retype makes the types differ, before any ROLLBACK.)
  const nulls: UseFact[][] = [];
  let ddl = initialPathState(0);
  const forward = new FixForwardWalker();
  for (const stmt of foldedStatements(text)) {
    const sig = new SigTokens(stmt.tokens);
    const list = sig.list;
    if (list.length === 0) continue;
    const change = searchPathChange(sig);
    // a DO block's statements (after it, inside its range) may run conditionally: not facts
    const nested = list[0].start < topEnd;
    forward.feed(change, change === undefined && !nested && mayBeFact(text, list[0].start) ? sig : undefined, list[0].start);
    if (change && change.kind !== 'set') {
      ddl = nextUndoState(ddl, alters.length, change);
      alters.length = Math.min(alters.length, ddl.session);
      nulls.length = alters.length;
    }
    for (let k = 0; k < list.length; k++) {
      if (!sig.isWord(k, 'references') || !isName(sig, k + 1)) continue;
      const last = sig.isPunct(k + 2, '.') && isName(sig, k + 3) ? k + 3 : k + 1;
      const { schema, name } = qualifiedAt(sig, last);
      if (resolveAuthTable(schema, name)) continue;
      const close = sig.isPunct(last + 1, '(') ? sig.matchingParen(last + 1) : -1;
      const at = site(list[k].start, list[close >= 0 ? close : last].end);
      if (close < 0) facts.push({ kind: 'foreignKey', table: name, at });
      else for (let c = last + 2; c < close; c++) if (isName(sig, c)) facts.push({ kind: 'foreignKey', table: name, column: list[c].value, at });
    }
    const altered = tableNameIndex(sig, 'alter');
    if (altered >= 0) {
      alters.push({ ...qualifiedAt(sig, altered), table: sig.list[altered].value, start: stmt.start, end: stmt.end });
      nulls.push(notNullFacts(sig, site));
    }
    // a DO block's statements follow it (`foldedStatements`): its own text already has them
    const first = list[0].start;
    const end = list[list.length - 1].end;
    if (nested) continue;
    topEnd = end;
    const ddlOf = tableDdlOf(sig);
    statements.push(ddlOf === undefined ? { start: first, end } : { start: first, end, ddlOf });
  }
  for (const n of nulls) facts.push(...n);
  return { path, text, hash: hash(text), facts, statements, alters, site, fixForward: forward.facts };
}

/**
 * The uses of `table`.`column` in one later file, in order: the keys that reference it (`primaryKey`:
 * the column is the table's one-column primary key, so a key without a column list does too), and
 * the statements that may use it with its type (`columnUses.ts`; a statement with such a key is
 * left to the key, which says more).
 */
function laterUsesIn(f: FileUses, table: string, column: string, primaryKey: boolean): LaterUse[] {
  const keys = f.facts.filter((x) => x.kind === 'foreignKey' && x.table === table && (x.column === column || (x.column === undefined && primaryKey)));
  const out: LaterUse[] = [];
  const [tableAt, columnAt] = [identifierOffsets(f.text, table), identifierOffsets(f.text, column)];
  if (keys.length === 0 && columnAt.length === 0) return out;
  for (const s of f.statements) {
    const at = keys.length > 0 || within(columnAt, s.start, s.end) ? f.site(s.start, s.end) : undefined;
    if (!at) continue;
    const withKey = keys.filter((k) => k.at.line >= at.line && k.at.line <= at.endLine);
    if (withKey.length > 0) {
      for (const k of withKey) out.push({ kind: 'foreignKey', at: k.at });
      continue;
    }
    const use = columnUseOf(
      within(columnAt, s.start, s.end),
      () => within(tableAt, s.start, s.end),
      () => hasUuidText(f.text, s.start, s.end),
      () => s.ddlOf,
    );
    if (use) out.push({ kind: use, at });
  }
  return out;
}

/**
 * The columns an `ALTER TABLE` statement makes reject NULL, from tokens (per the ALTER TABLE
 * synopsis): `ALTER [COLUMN] c SET NOT NULL`, `ADD [CONSTRAINT n] PRIMARY KEY (…)`, and a CHECK that
 * rejects NULL (`nullChecks.ts`); each with the range of what says so.
 */
function notNullFacts(sig: SigTokens, site: (a: number, b: number) => FileRange): UseFact[] {
  const at = tableNameIndex(sig, 'alter');
  if (at < 0) return [];
  const table = sig.list[at].value;
  const list = sig.list;
  const facts: UseFact[] = [];
  let depth = 0;
  for (let k = at + 1; k < list.length; k++) {
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) depth--;
    if (depth !== 0) continue;
    if (sig.isWord(k, 'alter')) {
      const c = sig.isWord(k + 1, 'column') ? k + 2 : k + 1;
      if (isName(sig, c) && sig.isWord(c + 1, 'set') && sig.isWord(c + 2, 'not') && sig.isWord(c + 3, 'null'))
        facts.push({ kind: 'notNull', table, column: list[c].value, at: site(list[c + 1].start, list[c + 3].end) });
    } else if (sig.isWord(k, 'primary') && sig.isWord(k + 1, 'key') && sig.isPunct(k + 2, '(')) {
      const close = sig.matchingParen(k + 2);
      for (let c = k + 3; c < close; c++)
        if (isName(sig, c)) facts.push({ kind: 'notNull', table, column: list[c].value, at: site(list[k].start, list[close].end) });
    }
  }
  for (const [column, span] of nullRejectingChecks(sig, at + 1)) facts.push({ kind: 'notNull', table, column, at: site(span.start, span.end) });
  return facts;
}

/** Folds a set's files in order (see `MigrationFolder`), reusing `previous`'s unchanged prefix. */
export function foldMigrations(files: readonly HistoryFile[], previous?: { readonly files: readonly FoldedFile[] }): FoldedHistory {
  const folder = new MigrationFolder(files, previous);
  while (!folder.finished) folder.step();
  return folder;
}

/** The part of a Map the fold uses, so that it can record what each file changes. */
interface TableState {
  get(key: string): LazyTable | undefined;
  has(key: string): boolean;
  set(key: string, def: LazyTable): void;
  delete(key: string): void;
}

/**
 * A file's statements again, for a definition made after the fold moved on: the file is tokenized
 * again (fold-time tokens are not kept: they would cost more memory than the texts), and the last
 * few files' tokens are kept, as definitions are usually made file by file.
 */
const reread: Array<{ text: string; statements: Statement[]; lines: LineIndex }> = [];
function statementsOf(text: string): { statements: Statement[]; lines: LineIndex } {
  let found = reread.find((r) => r.text === text);
  if (!found) {
    found = { text, statements: foldedStatements(text), lines: new LineIndex(text) };
    reread.unshift(found);
    if (reread.length > 4) reread.pop();
  }
  return found;
}

/**
 * A file's statements as the fold reads them, in order: each top-level statement and, right after a
 * `DO` block, the statements of its body (Postgres runs them then; older drizzle-kit versions wrapped
 * each foreign key in `DO $$ BEGIN ALTER TABLE … ADD CONSTRAINT …; EXCEPTION WHEN duplicate_object
 * THEN null; END $$;`). A body's branches and handlers are all taken as run. Routine bodies
 * (`CREATE FUNCTION`) are not: they run only when called.
 */
function foldedStatements(text: string): Statement[] {
  const out: Statement[] = [];
  for (const stmt of splitStatements(tokenize(text))) {
    out.push(stmt);
    const first = stmt.tokens.find((t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment');
    if (first?.kind === 'word' && first.value === 'do') out.push(...routineBodyStatements(text, [stmt]).sort((a, b) => a.start - b.start));
  }
  return out;
}

/** The statement of `text` that starts at `start`, its significant tokens, and a `FileRange` maker for `path`. */
function statementAt(text: string, path: string, start: number) {
  const { statements, lines } = statementsOf(text);
  const stmt = statements[partitionPoint(statements.length, (i) => statements[i].start < start)];
  const site = (a: number, b: number): FileRange => {
    const x = lines.positionAt(a);
    const y = lines.positionAt(b);
    return { path, line: x.line, character: x.character, endLine: y.line, endCharacter: y.character };
  };
  return { text, stmt, sig: new SigTokens(stmt.tokens), site, lines };
}

/** Applies one file's statements to `state` (tables are replaced, never mutated: earlier states share them). */
function foldFile(tables: TableState, file: HistoryFile, notices: HistoryNotice[], refs: FileReference[]): void {
  const { text, path } = file;
  // the search path, through the file's SETs, transactions and savepoints (see `nextPathState`)
  let paths = initialPathState<readonly string[]>(DEFAULT_SEARCH_PATH);
  // What the file's DDL changed, each with the definition it replaced (undefined: none), in order;
  // a transaction the file rolls back, or a ROLLBACK TO SAVEPOINT, undoes its changes (`nextUndoState`).
  const undo: Array<readonly [string, LazyTable | undefined]> = [];
  let ddl = initialPathState(0);
  const state: TableState = {
    get: (k) => tables.get(k),
    has: (k) => tables.has(k),
    set: (k, v) => {
      undo.push([k, tables.get(k)]);
      tables.set(k, v);
    },
    delete: (k) => {
      undo.push([k, tables.get(k)]);
      tables.delete(k);
    },
  };
  const find = (schema: string | undefined, name: string): string | undefined => {
    if (schema !== undefined) return state.has(tableKey(schema, name)) ? tableKey(schema, name) : undefined;
    return paths.path.map((s) => tableKey(s, name)).find((k) => state.has(k));
  };

  for (const stmt of foldedStatements(text)) {
    const sig = new SigTokens(stmt.tokens);
    if (sig.list.length === 0) continue;
    refs.push(...fileReferences(sig));

    const change = searchPathChange(sig);
    if (change?.kind === 'set') {
      // a path not read, or with no schema a table can be created in, is not followed
      const schemas = change.schemas?.filter((s) => s !== '$user' && s !== 'pg_catalog' && s !== 'pg_temp');
      if (schemas !== undefined && schemas.length > 0) paths = nextPathState(paths, { ...change, schemas });
      continue;
    }
    if (change) {
      paths = nextPathState(paths, change);
      ddl = nextUndoState(ddl, undo.length, change);
      while (undo.length > ddl.session) {
        const [k, before] = undo.pop()!;
        if (before) tables.set(k, before);
        else tables.delete(k);
      }
      continue;
    }

    // DROP TABLE [IF EXISTS] a, b [CASCADE|RESTRICT]
    if (sig.isWord(0, 'drop') && sig.isWord(1, 'table')) {
      for (let k = sig.isWord(2, 'if') && sig.isWord(3, 'exists') ? 4 : 2; k < sig.list.length; k++) {
        if (!isName(sig, k) || sig.isPunct(k + 1, '.')) continue;
        const { schema, name } = qualifiedAt(sig, k);
        const key = find(schema, name);
        if (key) state.delete(key);
      }
      continue;
    }

    const created = tableNameIndex(sig, 'create');
    if (created >= 0 && sig.isWord(1, 'table', 'temp', 'temporary', 'unlogged', 'global', 'local')) {
      const { schema, name } = qualifiedAt(sig, created);
      const key = tableKey(schema, name, paths.path[0]);
      const likes = likeSources(sig, find, state);
      const def = lazyCreated(text, path, stmt.start, likes, notices);
      const ifNotExists = sig.list.some((_, k) => sig.isWord(k, 'if') && sig.isWord(k + 1, 'not') && sig.isWord(k + 2, 'exists'));
      const existing = ifNotExists ? state.get(key) : undefined;
      state.set(key, existing ? eitherTable(existing, def) : def);
      continue;
    }

    const altered = tableNameIndex(sig, 'alter');
    if (altered >= 0) {
      const { schema, name } = qualifiedAt(sig, altered);
      const key = find(schema, name);
      if (!key) continue; // a table the history does not know (Neon Auth's, or created outside the set)
      // RENAME TO new_name (the table keeps its schema)
      const renamed = renamedTableTo(sig);
      const def = lazyAltered(state.get(key)!, text, path, stmt.start, renamed);
      if (renamed !== undefined) {
        state.delete(key);
        state.set(tableKey(key.slice(0, key.indexOf('.')), renamed), def);
      } else state.set(key, def);
    }
  }
}

// The definitions are made by closures over these functions' arguments only (a closure made in
// `foldFile` would keep its statement's tokens alive, as V8 shares one context per scope).

function lazyCreated(
  text: string,
  path: string,
  start: number,
  likes: ReadonlyArray<{ source: LazyTable; defaults: boolean }>,
  notices: HistoryNotice[],
): LazyTable {
  return LazyTable.of(() => createdTable(statementAt(text, path, start), likes, notices, path));
}

function lazyAltered(base: LazyTable, text: string, path: string, start: number, renamed: string | undefined): LazyTable {
  return LazyTable.on(base, (def) => {
    const at = statementAt(text, path, start);
    const next = cloneTable(def);
    applyAlter(at.sig, next, { text, site: at.site });
    if (renamed !== undefined) renameTableDef(next, renamed);
    return next;
  });
}

/** `CREATE TABLE IF NOT EXISTS` over a table the history has: Postgres keeps that one (this one counts only when that one could not be read). */
function eitherTable(existing: LazyTable, created: LazyTable): LazyTable {
  return LazyTable.of(() => existing.get() ?? created.get());
}

/** The sources of `(LIKE source [INCLUDING …])` in a `CREATE TABLE`, as the state has them at that point. */
function likeSources(
  sig: SigTokens,
  find: (schema: string | undefined, name: string) => string | undefined,
  state: TableState,
): Array<{ source: LazyTable; defaults: boolean }> {
  const out: Array<{ source: LazyTable; defaults: boolean }> = [];
  for (let k = 0; k < sig.list.length; k++) {
    if (!(sig.isPunct(k - 1, '(') || sig.isPunct(k - 1, ',')) || !sig.isWord(k, 'like') || !isName(sig, k + 1)) continue;
    const last = sig.isPunct(k + 2, '.') && isName(sig, k + 3) ? k + 3 : k + 1;
    const q = qualifiedAt(sig, last);
    const src = find(q.schema, q.name);
    if (!src) continue;
    let defaults = false;
    for (let j = last + 1; j < sig.list.length && sig.isWord(j, 'including', 'excluding'); j += 2)
      if (sig.isWord(j, 'including') && sig.isWord(j + 1, 'defaults', 'all')) defaults = true;
    out.push({ source: state.get(src)!, defaults });
  }
  return out;
}

/**
 * The table a `CREATE TABLE` defines, its columns with their origin (and without ranges into this
 * file), its foreign keys with their actions; columns of `(LIKE source)` copied from the state.
 */
function createdTable(
  at: ReturnType<typeof statementAt>,
  likes: ReadonlyArray<{ source: LazyTable; defaults: boolean }>,
  notices: HistoryNotice[],
  path: string,
): TableDef | undefined {
  const { stmt, sig, site, lines } = at;
  const text = at.text;
  const p = parseStatement(text, stmt);
  if (!p.ok) {
    const i = tableNameIndex(sig, 'create');
    notices.push({
      path,
      line: lines.positionAt(stmt.start).line,
      message: `No parser accepted this CREATE TABLE ${sig.list[i].value} (${p.message}): later migrations are checked without its columns.`,
    });
    return undefined;
  }
  let model;
  try {
    model = buildModel(p.ast, p.toDoc, text, sig, () => undefined);
  } catch {
    return undefined;
  }
  const parsed = model.tables[0];
  if (!parsed) return undefined;
  const def: TableDef = { name: parsed.name, columns: [], primaryKey: [...parsed.primaryKey] };
  if (parsed.schema !== undefined) def.schema = parsed.schema;

  // (LIKE source [INCLUDING …]): the source's columns first, NOT NULL kept, keys and defaults not (unless INCLUDING DEFAULTS|ALL).
  for (const { source, defaults } of likes) {
    const src = source.get();
    if (!src) continue;
    for (const c of src.columns) {
      const copy: ColumnDef = { name: c.name, type: c.type, notNull: c.notNull || src.primaryKey.includes(c.name) };
      if (c.origin)
        copy.origin = {
          typeWritten: c.origin.typeWritten,
          type: c.origin.type,
          notNull: copy.notNull ? (c.origin.notNull ?? c.origin.type) : undefined,
          default: defaults ? c.origin.default : undefined,
        };
      def.columns.push(copy);
    }
  }

  for (const c of parsed.columns) {
    const col: ColumnDef = { name: c.name, type: c.type, notNull: c.notNull || parsed.primaryKey.includes(c.name) };
    if (c.generated) col.generated = true;
    const typeRange = c.typeSpan ? site(c.typeSpan.start, c.typeSpan.end) : site(stmt.start, stmt.start);
    const written = c.typeSpan ? text.slice(c.typeSpan.start, c.typeSpan.end) : c.type;
    const notNull = c.notNullSpan ? site(c.notNullSpan.start, c.notNullSpan.end) : col.notNull ? typeRange : undefined;
    const clauses = c.typeSpan ? columnClauses(sig, c.typeSpan.end, site) : {};
    if (clauses.primaryKey && !def.primaryKey.includes(c.name)) def.primaryKey.push(c.name);
    col.origin = { typeWritten: written, type: typeRange, notNull: clauses.primaryKey ?? notNull, default: clauses.default };
    if (c.nullCheck) col.origin.nullCheck = site(c.nullCheck.start, c.nullCheck.end);
    if (c.nullCheckConstraint !== undefined) col.nullCheckConstraint = c.nullCheckConstraint;
    def.columns.push(col);
  }
  // the key's name: written, else the one Postgres chose from the table's name (kept through renames)
  if (def.primaryKey.length > 0) def.primaryKeyName = parsed.primaryKeyName ?? writtenPrimaryKeyName(sig) ?? chosenConstraintName(def.name, [], 'pkey');

  // Foreign keys with their actions, from the model (column and table constraints alike).
  for (const fk of model.foreignKeys) {
    if (fk.columns.length !== 1) continue;
    const col = def.columns.find((c) => c.name === fk.columns[0]);
    if (!col) continue;
    const ref: ColumnReference = { name: fk.targetName };
    if (fk.targetSchema !== undefined) ref.schema = fk.targetSchema;
    if (fk.targetColumns.length === 1) ref.column = fk.targetColumns[0];
    if (fk.onDelete !== undefined) ref.onDelete = fk.onDelete;
    if (fk.onDeleteColumns !== undefined) ref.onDeleteColumns = fk.onDeleteColumns;
    Object.assign(ref, keyTail(sig, sig.indexAt(fk.referencesSpan.start) + 1, sig.list.length));
    ref.constraint = writtenForeignKeyName(sig, fk.referencesSpan.start) ?? chosenConstraintName(def.name, [col.name], 'fkey');
    ref.origin = site(fk.referencesSpan.start, fk.onDeleteColumnsEnd ?? fk.onDeleteSpan?.end ?? fk.referencesSpan.end);
    (col.references ??= []).push(ref);
  }
  return def;
}

/** The ranges of a column definition's `DEFAULT` and `PRIMARY KEY` after its type (up to the next top-level comma), when written. */
function columnClauses(sig: SigTokens, typeEnd: number, site: (start: number, end: number) => FileRange): { default?: FileRange; primaryKey?: FileRange } {
  const out: { default?: FileRange; primaryKey?: FileRange } = {};
  let depth = 0;
  for (let k = sig.indexAt(typeEnd); k < sig.list.length; k++) {
    if (sig.isPunct(k, '(')) depth++;
    else if (sig.isPunct(k, ')')) {
      if (--depth < 0) break;
    } else if (depth === 0 && sig.isPunct(k, ',')) break;
    else if (depth === 0 && sig.isWord(k, 'default')) out.default ??= site(sig.list[k].start, sig.list[k].end);
    else if (depth === 0 && sig.isWord(k, 'primary') && sig.isWord(k + 1, 'key')) out.primaryKey ??= site(sig.list[k].start, sig.list[k + 1].end);
  }
  return out;
}

/** The folded definition of a table as a file of the set sees it (`schema` undefined: `public`). */
export function priorTable(prior: PriorSchema | undefined, schema: string | undefined, name: string): TableDef | undefined {
  return prior?.tables.get(tableKey(schema, name));
}

/** `path:line` (1-based line) of a fact's origin, as messages name it. */
export function originLabel(r: FileRange): string {
  return `${r.path}:${r.line + 1}`;
}

/** The type as an earlier migration wrote it, on one line (`character   varying` → `character varying`). */
export function typeShown(origin: ColumnOrigin): string {
  return origin.typeWritten.replace(/\s+/g, ' ');
}

/** The related information that points at where an earlier migration declared column `name`'s type. */
export function declaredHere(name: string, origin: ColumnOrigin): RelatedInformation {
  return { ...origin.type, message: `${name} is declared ${typeShown(origin)} here` };
}

/** A set's tables by `schema.name`, each definition made (parsed) only when `get` asks for it. */
export interface SetTables {
  names(): Iterable<string>;
  has(key: string): boolean;
  get(key: string): TableDef | undefined;
}

/** A set's tables after its last file (its fold finished): `files` as `MigrationFolder.files` gives them. */
export function tablesAfter(files: readonly FoldedFile[]): SetTables {
  const tables = new Map<string, LazyTable>();
  for (const f of files) applyChanges(tables, f.changes);
  return { names: () => tables.keys(), has: (key) => tables.has(key), get: (key) => tables.get(key)?.get() };
}

/** The Neon Auth user table a column's foreign keys reference (`neon_auth.users_sync(id)`), when one does. */
function userTableOf(c: ColumnDef): string | undefined {
  for (const r of c.references ?? []) {
    const t = resolveAuthTable(r.schema, r.name);
    if (t && (r.column === undefined || r.column === 'id')) return `${t.display}(id)`;
  }
  return undefined;
}

/**
 * Where two migration sets of one workspace folder disagree: the same `schema.table` with a column
 * of a different type, when that column references a Neon Auth user table in either set (the
 * type decides whether Postgres accepts the key: 42804). Other differences are left alone: sets
 * of one folder often describe different databases, and a dump may lag its migrations. Each
 * finding is a notice on the later set's column (file and 0-based line of its type), naming the
 * earlier set's; `sets` in the order the sets were found, each with its tables after its last file
 * (`tablesAfter`).
 */
export function setDisagreements(sets: ReadonlyArray<{ tables: SetTables }>): HistoryNotice[] {
  const out: HistoryNotice[] = [];
  for (let j = 1; j < sets.length; j++) {
    // Only tables both sets define are parsed (a fold parses a definition when first asked for).
    for (const key of sets[j].tables.names()) {
      for (let i = 0; i < j; i++) {
        if (!sets[i].tables.has(key)) continue;
        const later = sets[j].tables.get(key);
        const earlier = sets[i].tables.get(key);
        if (!later || !earlier) continue;
        for (const b of later.columns) {
          const a = earlier.columns.find((c) => c.name === b.name);
          if (!a || a.type === b.type || !a.origin || !b.origin) continue;
          const target = userTableOf(b) ?? userTableOf(a);
          if (!target) continue;
          out.push({
            path: b.origin.type.path,
            line: b.origin.type.line,
            message: `${key}.${b.name} is ${b.origin.typeWritten} here but ${a.origin.typeWritten} in ${originLabel(a.origin.type)}, another migration set; the column references ${target}, whose type decides whether Postgres accepts the key. The two sets disagree: each is checked with its own history.`,
          });
        }
      }
    }
  }
  return out;
}
