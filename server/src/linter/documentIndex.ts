/**
 * The document index: where a text's statements are and what each one can matter for, without
 * keeping its tokens. The text is cut into chunks at statement boundaries (after a `;` that ends a
 * statement, and its COPY data); each chunk's facts are relative to the chunk's start, so after an
 * edit only the chunks the edit touches are scanned again and the others are reused, shifted.
 * Tokens are produced again (`tokenize(text, start, end)`) for the few statements a rule looks at.
 */
import { AUTH_SCHEMAS } from './catalog';
import { routineBodyStatements } from './bodies';
import { mayHaveExecuteConstant } from './embedded';
import { Scanner, Token, tokenize } from './lexer';
import { Splitter, Statement, TokenRef, TokenView } from './statements';
import { CommentToken } from './suppressions';
import { AuthHelperDef, authHelperDefinition, renamedTableTo, StatementMemo, tableNameIndex } from './tableDefs';
import { SigTokens } from './tokens';
import { TextEdit } from './types';
import { SearchPathChange, searchPathChange } from './searchPath';
import { partitionPoint } from './search';

/** What the index knows of one statement. Offsets are relative to its chunk's start. */
export interface StatementInfo {
  /**
   * A number unique in the process that names this statement's text: an info lives as long as its
   * chunk is unchanged (see `DocumentIndex.update`), so the same id means the same text (what
   * `FileTables.dependencyKey` compares).
   */
  readonly id: number;
  /** What the table facts read of the statement's own text, filled on demand and kept with it (see `StatementMemo`). */
  readonly memo: StatementMemo;
  /** Offset of the first significant token. */
  readonly start: number;
  /** Offset after the last significant token (the terminating `;` excluded). */
  readonly end: number;
  /** Whether any rule can act on it (see `RelevanceTracker`); only relevant statements are parsed. */
  readonly relevant: boolean;
  /**
   * For `CREATE TABLE` / `ALTER TABLE`: the verb, the table's name (unqualified, as Postgres folds
   * it) and the schema written before it (`archive` in `archive.notes`; absent when unqualified);
   * for `ALTER TABLE … RENAME TO new_name`, the new name (`renamedTableTo`).
   */
  readonly table?: { readonly verb: 'create' | 'alter'; readonly name: string; readonly schema?: string; readonly renamedTo?: string };
  /** For a top-level statement that sets the `search_path` or controls the transaction: what it does to the path (see `searchPathChange`). */
  readonly path?: SearchPathChange;
  /** For a statement inside a DO block or routine body: the index, in its chunk, of the top-level statement holding it. */
  readonly parent?: number;
  /**
   * For a top-level `CREATE [OR REPLACE] FUNCTION auth.user_id() | auth.uid() RETURNS type`: the
   * helper it defines (shadowing Neon's) and its declared return type (lower-cased, as written).
   */
  readonly helper?: AuthHelperDef;
  /** For a DO block or routine with a PL/pgSQL body holding an `EXECUTE` of a constant SQL text (see `embedded.ts`). */
  readonly embedded?: true;
  /**
   * For a statement not `relevant` that names an unqualified `"user"` (`RelevanceTracker.bareUser`):
   * relevant after all where the search path resolves that name to `neon_auth."user"` (in a routine
   * body, its routine's own `SET search_path`; see `relevantStatements` in `engine.ts`).
   */
  readonly bareUser?: true;
}

/** One chunk's facts, relative to its start; shared between the indexes of successive versions of a text. */
export interface ChunkData {
  /** Length in UTF-16 code units. */
  readonly length: number;
  /**
   * How far from the chunk's start the scan looked: `length`, more when a `COPY … FROM stdin;`
   * ends it and the rest of the line decided that no data follows, `length + 1` when the chunk
   * ends with the text without a statement boundary (text added at the end continues it).
   */
  readonly lookahead: number;
  /** Its statements in document order (a routine's body statements right after the routine). */
  readonly statements: readonly StatementInfo[];
  /** Comments that may be suppression directives (`neon-auth-ignore…`), at offsets relative to the chunk (`until` too). */
  readonly directives: readonly CommentToken[];
}

/** A chunk of a text: its facts and where it starts (UTF-16 offset). */
export interface Chunk {
  readonly start: number;
  readonly data: ChunkData;
}

/**
 * Feeds a statement's significant tokens one by one; `relevant` turns true once it names a Neon
 * Auth table (`users_sync`, `….user`), a Neon Auth schema (`neon_auth`, `neon_identity`; also
 * inside a quoted name like `"neon_auth.users_sync"`) or a Neon RLS helper (`auth.user_id()`,
 * `auth.uid()`), holds a host name's placeholder (`_0`: in a host file's SQL view, a Drizzle
 * `${usersSync}`; see `HostName` in `host.ts`), or says `SET NOT NULL` or `CHECK (… IS NOT NULL …)`
 * (a column an earlier foreign key sets to NULL on delete) or `ALTER [COLUMN] c [SET DATA] TYPE`
 * (the column of a foreign key to a user id retyped). A statement that does none of that cannot trigger a rule and is not parsed.
 */
export class RelevanceTracker {
  relevant = false;
  /** The statement names `"user"` unqualified (not after a `.`): Neon Auth's table only through a search path that resolves it (see `StatementInfo.bareUser`). */
  bareUser = false;
  private prevDot = false; // the previous token is `.`
  private auth = 0; // 1: the previous token is `auth`; 2: the previous two are `auth .`
  private setNot = 0; // 1: the previous word is `set`; 2: the previous two are `set not`
  private isNot = 0; // 1: the previous word is `is`; 2: the previous two are `is not`
  private check = false; // the statement has said `check`
  private retype = 0; // 1: the previous word is `alter` or `column`; 2: a name after it; 3: `… set`; 4: `… set data`

  /** Back to the start of a statement (one tracker serves a chunk's statements in turn). */
  reset(): void {
    this.relevant = false;
    this.bareUser = false;
    this.prevDot = false;
    this.auth = 0;
    this.setNot = 0;
    this.isNot = 0;
    this.check = false;
  }

  feed(t: TokenView): void {
    if (this.relevant) return;
    const kind = t.kind;
    if (kind === 'word') {
      // Compared by length first: no string is made for the words that cannot matter.
      const n = t.end - t.start;
      const auth = this.auth;
      this.auth = 0;
      // `SET NOT NULL`: may conflict with a foreign key's ON DELETE SET NULL (no-set-null-on-not-null).
      const setNot = this.setNot;
      this.setNot = n === 3 && t.isWord('set') ? 1 : setNot === 1 && n === 3 && t.isWord('not') ? 2 : 0;
      const isNot = this.isNot;
      this.isNot = n === 2 && t.isWord('is') ? 1 : isNot === 1 && n === 3 && t.isWord('not') ? 2 : 0;
      if (n === 5 && t.isWord('check')) this.check = true;
      // `ALTER [COLUMN] c [SET DATA] TYPE`: may retype the column of a foreign key to a user id (match-user-id-type)
      const retype = this.retype;
      this.retype = 0;
      if ((n === 5 && t.isWord('alter')) || (n === 6 && t.isWord('column'))) this.retype = 1;
      else if (retype === 1) this.retype = 2;
      else if (retype === 2 && n === 3 && t.isWord('set')) this.retype = 3;
      else if (retype === 3 && n === 4 && t.isWord('data')) this.retype = 4;
      else if ((retype === 2 || retype === 4) && n === 4 && t.isWord('type')) this.relevant = true;
      if (setNot === 2 && n === 4 && t.isWord('null')) this.relevant = true;
      // `CHECK (… c IS NOT NULL …)`: may conflict with an earlier key's ON DELETE SET NULL
      else if (this.check && isNot === 2 && n === 4 && t.isWord('null')) this.relevant = true;
      else if (n === 10) this.relevant = t.isWord('users_sync');
      else if (n === 4) {
        if (this.prevDot && t.isWord('user')) this.relevant = true;
        else if (t.isWord('auth')) this.auth = 1;
      } else if (auth === 2 && ((n === 3 && t.isWord('uid')) || (n === 7 && t.isWord('user_id')))) this.relevant = true;
      else for (const schema of AUTH_SCHEMAS) if (n === schema.length && t.isWord(schema)) this.relevant = true;
      if (t.isPlaceholder()) this.relevant = true;
      this.prevDot = false;
      return;
    }
    if (kind === 'quotedIdent') {
      const v = t.value();
      const auth = this.auth;
      this.setNot = 0;
      this.isNot = 0;
      this.retype = this.retype === 1 ? 2 : 0;
      if (v === 'users_sync' || (this.prevDot && v === 'user') || (auth === 2 && (v === 'user_id' || v === 'uid'))) this.relevant = true;
      else if (v === 'user') this.bareUser = true;
      for (const schema of AUTH_SCHEMAS) if (v === schema || v.startsWith(`${schema}.`)) this.relevant = true;
      this.auth = v === 'auth' ? 1 : 0;
      this.prevDot = false;
      return;
    }
    const dot = t.isPunct('.');
    this.setNot = 0;
    this.isNot = 0;
    this.retype = 0;
    this.auth = this.auth === 1 && dot ? 2 : 0;
    this.prevDot = dot;
  }
}

/** A Neon Auth name in the text an unterminated token swallowed (see `scanChunk`). */
const SWALLOWED_AUTH = /neon_auth|neon_identity|users_sync/i;

/** Spaces and line comments between two tokens (linear: nothing in it can match two ways). */
const GAP = String.raw`\s*(?:--[^\n]*\n\s*)*`;

/**
 * What must be in a SQL text for any of its statements to be relevant (`RelevanceTracker`) or for a
 * suppression directive to be there: `users_sync`, a Neon Auth schema name, `auth` before a `.`
 * (`auth.uid()`, `auth.user_id()`), `user` or `"user"` after a `.`, `SET NOT NULL`, `CHECK (… IS NOT NULL`, `ALTER [COLUMN] c [SET DATA] TYPE`, or
 * `neon-auth-ignore`; in any case, quoted or not, in comments and strings too (which covers
 * `EXECUTE '…'` texts written without escapes). A block comment where a gap may be counts as a
 * match, whatever it holds.
 */
const MAY_BE_RELEVANT = new RegExp(
  String.raw`users_sync|neon_auth|neon_identity|neon-auth-ignore|auth"?${GAP}(?:\.|/\*)|\.${GAP}(?:/\*|user(?![\w$])|"user")|set${GAP}(?:/\*|not${GAP}(?:/\*|null))|check${GAP}\([^;]*?\bis${GAP}not${GAP}null|(?:alter|column)${GAP}(?:"(?:[^"]|"")*"|[\w$]+)${GAP}(?:set${GAP}data${GAP})?type\b`,
  'i',
);

/**
 * The SQL pre-filter: false when no statement of `text` can be relevant and it holds no suppression
 * directive, so that no rule can report anything and nothing needs scanning (a search of the text,
 * about 1 ms per MB). Conservative: true may still find nothing. Misses only a trigger spelled
 * through a string escape (`E'neon\u005fauth'`), which an `EXECUTE` text would need.
 */
export function mayBeRelevant(text: string): boolean {
  return MAY_BE_RELEVANT.test(text);
}

/** Whether a statement is relevant (see `RelevanceTracker`), from its significant tokens. */
export function isRelevant(sig: SigTokens): boolean {
  return relevanceOf(sig).relevant;
}

/** A statement's significant tokens fed to a `RelevanceTracker` (stopping once it is relevant). */
function relevanceOf(sig: SigTokens): RelevanceTracker {
  const tracker = new RelevanceTracker();
  const ref = new TokenRef();
  for (const t of sig.list) {
    tracker.feed(ref.at(t));
    if (tracker.relevant) break;
  }
  return tracker;
}

/** The `table` fact of a statement from its first significant tokens. */
function tableFact(sig: SigTokens): StatementInfo['table'] {
  for (const verb of ['create', 'alter'] as const) {
    const i = tableNameIndex(sig, verb);
    if (i < 0) continue;
    const q = sig.list[i - 2];
    const schema = sig.isPunct(i - 1, '.') && q !== undefined && (q.kind === 'word' || q.kind === 'quotedIdent') ? q.value : undefined;
    const fact: { verb: 'create' | 'alter'; name: string; schema?: string; renamedTo?: string } = { verb, name: sig.list[i].value };
    if (schema !== undefined) fact.schema = schema;
    const renamedTo = verb === 'alter' ? renamedTableTo(sig) : undefined;
    if (renamedTo !== undefined) fact.renamedTo = renamedTo;
    return fact;
  }
  return undefined;
}

/** What the text of a statement that changes the search path has (see `searchPathChange`): the setting's name, or transaction control. */
const PATH_TEXT = /search_path|^(?:reset|commit|end|rollback|abort|begin|start|savepoint|release)\b/i;

/** A statement longer than this many significant tokens past its first two is not read for a search path (a long query that happens to name it). */
const MAX_PATH_TOKENS = 64;

/** Significant tokens kept of a CREATE/ALTER statement's head to read the table name (`CREATE UNLOGGED TABLE IF NOT EXISTS a.b.c`). */
const HEAD_TOKENS = 16;

/** A comment that may be a suppression directive (checked in full by `findDirectives`). */
const DIRECTIVE_START = /(?:--|\/\*)\s*neon-auth-ignore/iy;

/** Whether the comment starting at `start` may be a suppression directive. */
function mayBeDirective(text: string, start: number): boolean {
  DIRECTIVE_START.lastIndex = start;
  return DIRECTIVE_START.test(text);
}

/** The next `StatementInfo.id`. */
let nextStatementId = 1;

/** A `StatementInfo` whose optional facts are still to be set. */
type MutableInfo = { -readonly [K in keyof StatementInfo]: StatementInfo[K] };

/**
 * A new `StatementInfo`, every field present (undefined when it does not apply), always in the same
 * order: one object shape for all statements, so that the per-lint passes over thousands of them
 * read their fields at monomorphic speed.
 */
function statementInfo(start: number, end: number, relevant: boolean, table: StatementInfo['table'], parent: number | undefined): MutableInfo {
  return { id: nextStatementId++, memo: {}, start, end, relevant, table, path: undefined, parent, helper: undefined, embedded: undefined, bareUser: undefined };
}

/** Scans one chunk starting at `from`, in the scanner's initial state. */
function scanChunk(text: string, from: number): { data: ChunkData; end: number } {
  const sc = new Scanner(text, from);
  const splitter = new Splitter();
  const statements: StatementInfo[] = [];
  const directives: CommentToken[] = [];
  let start = -1;
  let end = -1;
  const tracker = new RelevanceTracker();
  let head: Token[] | undefined;
  let sigCount = 0;
  let dollar = false;
  let routine = false;
  let firstCreate = false;
  let pathVerb = false; // the first word may start a statement that changes the search_path

  const finish = (): void => {
    if (start < 0) return;
    const helper = head && firstCreate ? authHelperDefinition(new SigTokens(head)) : undefined;
    const path =
      pathVerb && sigCount <= 2 + MAX_PATH_TOKENS && PATH_TEXT.test(text.slice(start, end))
        ? searchPathChange(new SigTokens(tokenize(text, start, end)))
        : undefined;
    const info = statementInfo(start - from, end - from, tracker.relevant, head ? tableFact(new SigTokens(head)) : undefined, undefined);
    info.helper = helper;
    info.path = path;
    if (tracker.bareUser && !tracker.relevant) info.bareUser = true;
    statements.push(info);
    if (routine && dollar && addBodyStatements(text, from, statements, statements.length - 1, directives)) info.embedded = true;
    start = -1;
    tracker.reset();
    head = undefined;
    sigCount = 0;
    dollar = false;
    routine = false;
    firstCreate = false;
    pathVerb = false;
  };

  let chunkEnd = text.length;
  let boundary = false;
  while (sc.next()) {
    const kind = sc.kind;
    const step = splitter.feed(sc);
    if (kind === 'lineComment' || kind === 'blockComment') {
      if (mayBeDirective(text, sc.start))
        directives.push(
          sc.unterminated
            ? { kind, start: sc.start - from, end: sc.end - from, value: '', unterminated: true }
            : { kind, start: sc.start - from, end: sc.end - from, value: '' },
        );
    } else if (step === 'outside') finish();
    else if (step === 'end') {
      finish();
      boundary = true;
    } else if (kind !== 'whitespace') {
      if (start < 0) start = sc.start;
      end = sc.end;
      tracker.feed(sc);
      // An unclosed string, quoted name or dollar body runs to the end of the text: when what it
      // swallowed names Neon Auth, the statement is parsed so that its parse-error says where (the
      // rest of the file is not checked; silence would hide that).
      if (sc.unterminated && !tracker.relevant && SWALLOWED_AUTH.test(text.slice(sc.start, sc.end))) tracker.relevant = true;
      sigCount++;
      if (sigCount === 1) {
        firstCreate = sc.isWord('create');
        if (firstCreate || sc.isWord('alter')) head = [];
        routine = sc.isWord('do');
        pathVerb =
          sc.isWord('set') ||
          sc.isWord('reset') ||
          sc.isWord('select') ||
          sc.isWord('commit') ||
          sc.isWord('end') ||
          sc.isWord('rollback') ||
          sc.isWord('abort') ||
          sc.isWord('begin') ||
          sc.isWord('start') ||
          sc.isWord('savepoint') ||
          sc.isWord('release');
      } else if (sigCount <= 6 && firstCreate && (sc.isWord('function') || sc.isWord('procedure'))) routine = true;
      if (head && head.length < HEAD_TOKENS) head.push(sc.token());
      if (kind === 'dollarString') dollar = true;
    }
    if (boundary && sc.clean) {
      chunkEnd = sc.end;
      break;
    }
  }
  if (chunkEnd === text.length) finish();
  directives.sort((a, b) => a.start - b.start); // those in routine bodies came with their routine
  const length = chunkEnd - from;
  const lookahead = boundary ? Math.max(length, sc.copyLookahead - from) : length + 1;
  return { data: { length, lookahead, statements, directives }, end: chunkEnd };
}

/**
 * Adds the statements inside the routine body of `statements[parent]` (see `routineBodyStatements`),
 * sorted by start, and the comments there that may be suppression directives. Returns whether a
 * PL/pgSQL body there may `EXECUTE` a constant SQL text (`StatementInfo.embedded`).
 */
function addBodyStatements(text: string, from: number, statements: StatementInfo[], parent: number, directives: CommentToken[]): boolean {
  const owner = statements[parent];
  const stmt: Statement = { start: from + owner.start, end: from + owner.end, tokens: tokenize(text, from + owner.start, from + owner.end) };
  const comments: Token[] = [];
  const bodies: Token[][] = [];
  const nested = routineBodyStatements(text, [stmt], comments, bodies).sort((a, b) => a.start - b.start);
  for (const c of comments) {
    if (mayBeDirective(text, c.start))
      directives.push({
        kind: c.kind,
        start: c.start - from,
        end: c.end - from,
        value: '',
        until: owner.end,
        ...(c.unterminated ? { unterminated: true } : {}),
      });
  }
  for (const n of nested) {
    const sig = new SigTokens(n.tokens);
    const table = tableFact(sig);
    const tracker = relevanceOf(sig);
    const info = statementInfo(n.start - from, n.end - from, tracker.relevant, table, parent);
    // (relevant after all where the routine's own SET search_path resolves "user": see `authSchemaResolver`)
    if (tracker.bareUser && !tracker.relevant) info.bareUser = true;
    statements.push(info);
  }
  return bodies.some((b) => mayHaveExecuteConstant(new SigTokens(b)));
}

/** Scans `text` from `from` (a chunk boundary) to its end, appending the chunks to `out`. */
function scanFrom(text: string, from: number, out: Chunk[]): void {
  let at = from;
  while (at < text.length) {
    const { data, end } = scanChunk(text, at);
    out.push({ start: at, data });
    at = end;
  }
}

/** Block size for comparing texts: equal blocks are compared as strings (V8 compares flat strings natively). */
const DIFF_BLOCK = 512;

/** The single edit that turns `a` into `b`, leaving their common prefix and suffix alone (an empty edit at 0 when they are equal). */
export function diffEdit(a: string, b: string): TextEdit {
  if (a === b) return { start: 0, end: 0, newText: '' }; // the same string object: no scan
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p + DIFF_BLOCK <= max && a.slice(p, p + DIFF_BLOCK) === b.slice(p, p + DIFF_BLOCK)) p += DIFF_BLOCK;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  if (p === max && a.length === b.length) return { start: 0, end: 0, newText: '' };
  let s = 0;
  const room = max - p; // the suffix may not overlap the prefix
  while (s + DIFF_BLOCK <= room && a.slice(a.length - s - DIFF_BLOCK, a.length - s) === b.slice(b.length - s - DIFF_BLOCK, b.length - s)) s += DIFF_BLOCK;
  while (s < room && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { start: p, end: a.length - s, newText: b.slice(p, b.length - s) };
}

/**
 * What an editor reported changing since a text: `from` is that text, and every change since lies
 * in `[start, end)` of it (UTF-16 offsets into `from`); the text now is `from` with that range
 * replaced by `length - (from.length - (end - start))` code units. Built with `noteChange`, one
 * editor change at a time; `changedEdit` turns it into the one edit `DocumentIndex.update` takes.
 */
export interface ChangedRange {
  readonly from: string;
  readonly start: number;
  readonly end: number;
  /** The length of the text after the changes. */
  readonly length: number;
}

/**
 * `changed` (undefined: nothing noted yet) after one more change to the text it leads to
 * (`current`, whose length must be `changed.length`): `[start, end)` of `current` (UTF-16 offsets)
 * replaced by `newLength` code units. The result's range covers both: its start is the smaller
 * start, its end the larger end once the new change's end is mapped back into `from` (an end
 * inside text an earlier change wrote maps to that change's end).
 */
export function noteChange(changed: ChangedRange | undefined, current: string, start: number, end: number, newLength: number): ChangedRange {
  const length = current.length - (end - start) + newLength;
  if (changed === undefined || changed.length !== current.length) return { from: current, start, end, length };
  const shift = current.length - changed.from.length; // where `from`'s text after `changed.end` now sits, relative to it
  const mappedEnd = end >= changed.end + shift ? end - shift : changed.end;
  return { from: changed.from, start: Math.min(changed.start, start), end: Math.max(changed.end, mappedEnd), length };
}

/** The one edit that turns `changed.from` into `text` (the text the changes led to), or undefined when `text` is not that text's length. */
export function changedEdit(changed: ChangedRange, text: string): TextEdit | undefined {
  if (text.length !== changed.length) return undefined;
  return { start: changed.start, end: changed.end, newText: text.slice(changed.start, changed.end + text.length - changed.from.length) };
}

/** The index of one text (see the module comment). Immutable; `update` returns a new one. */
export class DocumentIndex {
  private constructor(
    /** The indexed text. */
    readonly text: string,
    /** Its chunks, in order, covering the whole text. */
    readonly chunks: readonly Chunk[],
  ) {}

  /**
   * The tokens of the chunk holding `offset` and of the chunk before it (`offset` may sit at a
   * boundary): around `offset` they are the whole text's tokens, and every statement containing or
   * touching `offset` is among them. What hover and completion need, without lexing the whole text.
   */
  tokensAround(offset: number): Token[] {
    const { chunks } = this;
    if (chunks.length === 0) return [];
    // the last chunk starting at or before `offset` (the first when none does)
    const lo = Math.max(0, partitionPoint(chunks.length, (i) => chunks[i].start <= offset) - 1);
    const first = chunks[Math.max(0, lo - 1)];
    const last = chunks[lo];
    return tokenize(this.text, first.start, last.start + last.data.length);
  }

  /** Scans a whole text. Linear in its length. */
  static of(text: string): DocumentIndex {
    const chunks: Chunk[] = [];
    scanFrom(text, 0, chunks);
    return new DocumentIndex(text, chunks);
  }

  /**
   * The index of `text`, which `edits` (UTF-16 offsets into this index's text, non-overlapping,
   * in any order) made from this index's text; without `edits`, the changed range is found by
   * comparing the two texts (one edit from the first to the last differing code unit). Chunks no
   * edit touches are reused; scanning resumes at the chunk an edit touches and stops at the first
   * chunk boundary that falls on an untouched chunk again. The result equals `DocumentIndex.of(text)`.
   */
  update(text: string, edits?: readonly TextEdit[]): DocumentIndex {
    let changes = edits;
    if (changes === undefined) {
      const d = diffEdit(this.text, text);
      if (d.start === d.end && d.newText === '') return this;
      changes = [d];
    }
    const sorted = [...changes].sort((a, b) => a.start - b.start || a.end - b.end);
    const old = this.chunks;
    const out: Chunk[] = [];
    let ci = 0; // next old chunk
    let ei = 0; // first edit not yet passed
    let delta = 0; // change in length of the edits passed
    /** Passes the edits that lie wholly before old offset `x`. */
    const passEdits = (x: number): void => {
      while (ei < sorted.length && sorted[ei].start < x && sorted[ei].end <= x) {
        delta += sorted[ei].newText.length - (sorted[ei].end - sorted[ei].start);
        ei++;
      }
    };
    /** Whether the first edit not passed touches an old chunk (its text or its scan's lookahead). */
    const touched = (c: Chunk): boolean => {
      const e = sorted[ei];
      return e !== undefined && e.start < c.start + c.data.lookahead && (e.end > c.start || e.start >= c.start);
    };

    while (ci < old.length) {
      const c = old[ci];
      passEdits(c.start);
      if (!touched(c)) {
        out.push(delta === 0 ? c : { start: c.start + delta, data: c.data });
        ci++;
        continue;
      }
      // Scan the new text from here until a boundary lands on the start of an untouched old chunk.
      let at = c.start + delta;
      for (;;) {
        if (at >= text.length) {
          ci = old.length;
          break;
        }
        const { data, end } = scanChunk(text, at);
        out.push({ start: at, data });
        at = end;
        while (ci < old.length) {
          passEdits(old[ci].start);
          if (old[ci].start + delta >= at) break;
          ci++;
        }
        if (ci < old.length && old[ci].start + delta === at && !touched(old[ci])) break;
      }
    }
    const last = out[out.length - 1];
    scanFrom(text, last ? last.start + last.data.length : 0, out);
    return new DocumentIndex(text, out);
  }
}
