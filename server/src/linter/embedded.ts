/**
 * Embedded SQL regions: SQL text that a host document holds inside a string constant, decoded so
 * the engine can check it as a document of its own, with what is needed to carry findings and fixes
 * back into the host: an offset map from the decoded text to the host, the places that stand for
 * text the linter cannot see (`holes`), and the escaping of fix text for the host literal.
 *
 * The host is PL/pgSQL: `EXECUTE '…'`, `EXECUTE E'…'`, `EXECUTE $tag$…$tag$`, `EXECUTE
 * format('…', …)` and `||` chains of those (see `executeRegions`); their decoding changes widths
 * (`''` is one quote), hence the offset map. SQL in TypeScript and JavaScript does not need one: its
 * escapes decode within their width, so `host.ts` keeps the SQL at the host's own offsets instead.
 */
import { Token } from './lexer';
import { SigTokens } from './tokens';
import { TextEdit } from './types';

/** What a hole of a region stands for: an identifier (`%I`), a literal (`%L`), or any text (`%s`). */
export type HoleKind = 'identifier' | 'literal' | 'fragment';

/** A range of the decoded text (UTF-16 offsets into `EmbeddedRegion.sql`) that stands for host code the linter does not see. */
export interface Hole {
  readonly start: number;
  readonly end: number;
  readonly kind: HoleKind;
}

/** How text is written into one piece of a host literal: the escaped text, or undefined when it cannot be written there. */
export type Escaper = (text: string) => string | undefined;

/** One piece of a region: a host literal (edits inside one piece only), or a hole (no edits). */
interface Piece {
  escape?: Escaper;
}

/** One SQL text embedded in a host document (see the module comment). */
export class EmbeddedRegion {
  constructor(
    /** The decoded SQL text. */
    readonly sql: string,
    /** Host offset where decoded code unit i's encoding starts (UTF-16 offsets into the host). */
    private readonly from: Int32Array,
    /** Host offset after decoded code unit i's encoding. */
    private readonly to: Int32Array,
    /** The piece each decoded code unit comes from (index into `pieces`). */
    private readonly pieceOf: Int32Array,
    private readonly pieces: readonly Piece[],
    /** Host range of the whole constant expression (e.g. from an opening quote to the last closing one). */
    readonly hostStart: number,
    readonly hostEnd: number,
    /** Decoded ranges standing for host code the linter does not see, in order. */
    readonly holes: readonly Hole[],
  ) {}

  /** Whether a hole stands for arbitrary text (`%s`): a clause the linter misses may be there. */
  get hasFragments(): boolean {
    return this.holes.some((h) => h.kind === 'fragment');
  }

  /**
   * The host range of the decoded range [start, end) (0 ≤ start ≤ end ≤ sql.length): from where
   * the encoding of code unit `start` begins to where that of `end - 1` ends. An empty range maps
   * to the host offset between the two code units' encodings (after the previous piece's last
   * code unit when it falls between two pieces).
   */
  toHost(start: number, end: number): { start: number; end: number } {
    const n = this.sql.length;
    if (n === 0) return { start: this.hostStart, end: this.hostStart };
    if (start < end) return { start: this.from[start], end: this.to[end - 1] };
    const at = start > 0 ? this.to[start - 1] : this.from[0];
    return { start: at, end: at };
  }

  /**
   * The host edit for an edit of the decoded text, its new text escaped for the host literal;
   * undefined when it cannot be written there: its range crosses from one literal of a `||` chain
   * to another or touches a hole, or its text cannot be written in the literal (a `$` in a
   * dollar-quoted one).
   */
  toHostEdit(e: TextEdit): TextEdit | undefined {
    const n = this.sql.length;
    if (e.start < 0 || e.end > n || e.start > e.end || n === 0) return undefined;
    let piece: number;
    let start: number;
    let end: number;
    if (e.start < e.end) {
      piece = this.pieceOf[e.start];
      for (let i = e.start + 1; i < e.end; i++) if (this.pieceOf[i] !== piece) return undefined;
      start = this.from[e.start];
      end = this.to[e.end - 1];
    } else {
      // An insertion goes into the piece of the code unit before it (after that unit's encoding),
      // else into the piece after it (before that unit's encoding).
      const before = e.start > 0 ? this.pieceOf[e.start - 1] : -1;
      if (before >= 0 && this.pieces[before].escape) {
        piece = before;
        start = end = this.to[e.start - 1];
      } else {
        if (e.start >= n) return undefined;
        piece = this.pieceOf[e.start];
        start = end = this.from[e.start];
      }
    }
    const escape = this.pieces[piece].escape;
    if (!escape) return undefined;
    const newText = escape(e.newText);
    return newText === undefined ? undefined : { start, end, newText };
  }
}

/** Builds an `EmbeddedRegion` code unit by code unit. */
export class RegionBuilder {
  private sql = '';
  private from: number[] = [];
  private to: number[] = [];
  private pieceOf: number[] = [];
  private readonly pieces: Piece[] = [];
  private readonly holes: Hole[] = [];

  /** Starts a new piece written with `escape` (a host literal), or a hole (no `escape`). Returns its index. */
  piece(escape?: Escaper): number {
    this.pieces.push(escape ? { escape } : {});
    return this.pieces.length - 1;
  }

  /** Appends decoded `text` (usually one code unit; a surrogate pair for `\U…`), encoded at host [hostStart, hostEnd), to piece `piece`. */
  push(text: string, hostStart: number, hostEnd: number, piece: number): void {
    for (let i = 0; i < text.length; i++) {
      this.from.push(hostStart);
      this.to.push(hostEnd);
      this.pieceOf.push(piece);
    }
    this.sql += text;
  }

  /** Appends a hole of `kind` written as `text` in the decoded SQL, encoded at host [hostStart, hostEnd). */
  hole(kind: HoleKind, text: string, hostStart: number, hostEnd: number): void {
    const start = this.sql.length;
    this.push(text, hostStart, hostEnd, this.piece());
    this.holes.push({ start, end: this.sql.length, kind });
  }

  get length(): number {
    return this.sql.length;
  }

  build(hostStart: number, hostEnd: number): EmbeddedRegion {
    return new EmbeddedRegion(
      this.sql,
      Int32Array.from(this.from),
      Int32Array.from(this.to),
      Int32Array.from(this.pieceOf),
      this.pieces,
      hostStart,
      hostEnd,
      this.holes,
    );
  }
}

// ---- Decoding Postgres string constants (PostgreSQL docs, "Lexical Structure" 4.1.2) ----

/** One decoded code unit (or surrogate pair) with its host range. */
interface Unit {
  text: string;
  start: number;
  end: number;
}

/** The content of a string constant token, decoded, unit by unit; undefined for a kind we do not read (B'', X'', U&'', N''). */
function decodeConstant(text: string, t: Token): { units: Unit[]; escape: Escaper } | undefined {
  if (t.unterminated) return undefined;
  const units: Unit[] = [];
  if (t.kind === 'dollarString') {
    const tagEnd = text.indexOf('$', t.start + 1) + 1;
    const tag = text.slice(t.start, tagEnd);
    for (let i = tagEnd; i < t.end - tag.length; i++) units.push({ text: text[i], start: i, end: i + 1 });
    // A `$` could close the body early or form its tag: refused.
    return { units, escape: (s) => (s.includes('$') ? undefined : s) };
  }
  if (t.kind !== 'string') return undefined;
  const c = text.charCodeAt(t.start);
  if (c === 39 /* ' */) {
    for (let i = t.start + 1; i < t.end - 1; i++) {
      if (text.charCodeAt(i) === 39) {
        units.push({ text: "'", start: i, end: i + 2 });
        i++;
      } else units.push({ text: text[i], start: i, end: i + 1 });
    }
    return { units, escape: (s) => s.replace(/'/g, "''") };
  }
  if (!t.escape || text.charCodeAt(t.start + 1) !== 39) return undefined;
  for (let i = t.start + 2; i < t.end - 1;) {
    const ch = text.charCodeAt(i);
    if (ch === 39) {
      units.push({ text: "'", start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (ch !== 92 /* \ */) {
      units.push({ text: text[i], start: i, end: i + 1 });
      i++;
      continue;
    }
    const e = text[i + 1] ?? '';
    const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    let m: RegExpExecArray | null;
    const rest = text.slice(i + 1, Math.min(t.end - 1, i + 10));
    let decoded: string;
    let len: number;
    if (e in simple) {
      decoded = simple[e];
      len = 2;
    } else if ((m = /^[0-7]{1,3}/.exec(rest))) {
      decoded = String.fromCharCode(parseInt(m[0], 8) & 0xff);
      len = 1 + m[0].length;
    } else if ((m = /^x([0-9a-fA-F]{1,2})/.exec(rest))) {
      decoded = String.fromCharCode(parseInt(m[1], 16));
      len = 1 + m[0].length;
    } else if ((m = /^u([0-9a-fA-F]{4})/.exec(rest)) || (m = /^U([0-9a-fA-F]{8})/.exec(rest))) {
      const cp = parseInt(m[1], 16);
      if (cp > 0x10ffff) return undefined;
      decoded = String.fromCodePoint(cp);
      len = 1 + m[0].length;
    } else {
      decoded = e;
      len = 2;
    }
    units.push({ text: decoded, start: i, end: i + len });
    i += len;
  }
  return { units, escape: (s) => s.replace(/\\/g, '\\\\').replace(/'/g, "''") };
}

/** A `format()` conversion: `%[n$][-][width]type` (PostgreSQL docs, "format"), width a number or `*[n$]`. */
const FORMAT_SPEC = /^%(?:\d+\$)?-?(?:\d+|\*(?:\d+\$)?)?([sIL])/;

/**
 * Appends the units of a string constant chain to `b`: as they are, or read as a `format()`
 * string (`%%` is `%`; `%I`, `%L`, `%s` are holes of the same width: an identifier, a literal, an
 * identifier-shaped fragment). Returns false for a format string Postgres rejects.
 */
function appendUnits(b: RegionBuilder, pieces: Array<{ units: Unit[]; escape: Escaper }>, asFormat: boolean): boolean {
  if (!asFormat) {
    for (const p of pieces) {
      const id = b.piece(p.escape);
      for (const u of p.units) b.push(u.text, u.start, u.end, id);
    }
    return true;
  }
  // Format strings: the conversions may span pieces of the chain; read them on the joined units.
  const all: Array<Unit & { piece: number }> = [];
  const ids = pieces.map((p) => b.piece((s) => p.escape(s.replace(/%/g, '%%'))));
  pieces.forEach((p, k) => {
    for (const u of p.units) all.push({ ...u, piece: ids[k] });
  });
  const joined = all.map((u) => u.text).join('');
  // Offsets in `joined` of each unit (a unit may hold two code units).
  const at: number[] = [];
  let off = 0;
  for (const u of all) {
    at.push(off);
    off += u.text.length;
  }
  for (let k = 0; k < all.length;) {
    const u = all[k];
    if (u.text !== '%') {
      b.push(u.text, u.start, u.end, u.piece);
      k++;
      continue;
    }
    if (all[k + 1]?.text === '%') {
      b.push('%', u.start, all[k + 1].end, all[k + 1].piece === u.piece ? u.piece : b.piece());
      k += 2;
      continue;
    }
    const m = FORMAT_SPEC.exec(joined.slice(at[k], at[k] + 24));
    if (!m) return false;
    let last = k;
    while (last + 1 < all.length && at[last + 1] < at[k] + m[0].length) last++;
    const width = m[0].length;
    const kind: HoleKind = m[1] === 'I' ? 'identifier' : m[1] === 'L' ? 'literal' : 'fragment';
    const text = kind === 'literal' ? `'${'x'.repeat(width - 2)}'` : `_${'x'.repeat(width - 1)}`;
    b.hole(kind, text, u.start, all[last].end);
    k = last + 1;
  }
  return true;
}

// ---- PL/pgSQL EXECUTE ----

/** Words that may follow the SQL text of an `EXECUTE` (PL/pgSQL docs, "Executing Dynamic Commands"; `FOR … IN EXECUTE … LOOP`). */
const AFTER_EXECUTE: ReadonlySet<string> = new Set(['into', 'using', 'loop']);

/** An `EXECUTE` of a constant SQL text in a PL/pgSQL body. */
export interface ExecuteRegion {
  /** Host offset of the `EXECUTE` keyword (the region's statement, for suppression comments, starts there). */
  executeStart: number;
  region: EmbeddedRegion;
}

/** Whether the significant tokens hold an `EXECUTE` followed by a string constant or `format(` (the cheap test before `executeRegions`). */
export function mayHaveExecuteConstant(sig: SigTokens): boolean {
  for (let k = 0; k + 1 < sig.list.length; k++) {
    if (!sig.isWord(k, 'execute')) continue;
    const n = sig.list[k + 1];
    if (n.kind === 'string' || n.kind === 'dollarString' || (sig.isWord(k + 1, 'format') && sig.isPunct(k + 2, '('))) return true;
  }
  return false;
}

/**
 * The constant SQL texts that a PL/pgSQL body (its tokens, host offsets) runs with `EXECUTE`: a
 * string constant (`'…'` with `''`, `E'…'` with backslash escapes, `$tag$…$tag$`), `format(…)`
 * whose first argument is one (`%I`, `%L`, `%s` become holes), or a `||` chain of those; the
 * expression must end there (`;`, `INTO`, `USING`, `LOOP`). A chain with any other operand is not
 * constant and is left alone. `budget.remaining` (decoded code units) is spent per region; a region
 * that does not fit is skipped.
 */
export function executeRegions(text: string, body: readonly Token[], budget: { remaining: number }): ExecuteRegion[] {
  const sig = new SigTokens([...body]);
  const L = sig.list;
  const out: ExecuteRegion[] = [];
  for (let k = 0; k + 1 < L.length; k++) {
    if (!sig.isWord(k, 'execute')) continue;
    const b = new RegionBuilder();
    let j = k + 1;
    let ok = true;
    for (;;) {
      const t = L[j];
      if (t && (t.kind === 'string' || t.kind === 'dollarString')) {
        if (t.end - t.start > budget.remaining) return out;
        const d = decodeConstant(text, t);
        if (!d || !appendUnits(b, [d], false)) ok = false;
        j++;
      } else if (sig.isWord(j, 'format') && sig.isPunct(j + 1, '(')) {
        const close = sig.matchingParen(j + 1);
        const pieces: Array<{ units: Unit[]; escape: Escaper }> = [];
        let m = j + 2;
        while (ok && m < L.length && (L[m].kind === 'string' || L[m].kind === 'dollarString')) {
          if (L[m].end - L[m].start > budget.remaining) return out;
          const d = decodeConstant(text, L[m]);
          if (!d) ok = false;
          else pieces.push(d);
          m++;
          if (L[m]?.kind === 'operator' && L[m].value === '||') m++;
          else break;
        }
        if (!ok || close < 0 || pieces.length === 0 || !(m === close || sig.isPunct(m, ',')) || !appendUnits(b, pieces, true)) ok = false;
        j = close + 1;
      } else ok = false;
      if (!ok) break;
      if (L[j]?.kind === 'operator' && L[j].value === '||') {
        j++;
        continue;
      }
      break;
    }
    const next = L[j];
    if (!ok || !(next === undefined || sig.isPunct(j, ';') || (next.kind === 'word' && AFTER_EXECUTE.has(next.value)))) continue;
    if (b.length > budget.remaining) return out;
    budget.remaining -= b.length;
    out.push({ executeStart: L[k].start, region: b.build(L[k + 1].start, L[j - 1].end) });
    k = j - 1;
  }
  return out;
}
