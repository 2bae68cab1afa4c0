/**
 * The `ignore` globs of `.neon-auth.json`, matched in time bounded by (pattern length × path
 * length): a regular-expression glob matcher (picomatch's, minimatch's) backtracks, and a pattern
 * like `*a*a*a*a*a*a*a*a*a*a*c` next to a file named `aaaa…` keeps it busy for hours, and a
 * repository can ship both.
 *
 * The syntax is the part of picomatch's (with `dot: true`, as `ignore` documents) that ignore lists
 * use, with the same meaning (test/config.test.ts compares the two on generated patterns):
 * `*` (any characters but `/`; several in a row are one), `**` as a whole path segment (any number
 * of segments, none included), `?` (one character but `/`), `[abc]`, `[a-z]`, `[^a]` (one character),
 * `{a,b}` (alternatives, nested, at most {@link MAX_ALTERNATIVES} in all), a leading `./`, and
 * every other character but `\ ( ) |` and a leading `!` as itself. A pattern using anything else
 * (escapes, extglobs, regex groups, negation, POSIX classes, brace ranges) is refused with a reason.
 */

/** Most patterns one glob's `{…}` alternatives may expand to. */
export const MAX_ALTERNATIVES = 256;

/**
 * Most characters a glob's alternatives may add up to: matching costs (pattern × path) per
 * alternative, so braces must not multiply a long pattern (256 copies of a 2,000-character one).
 */
export const MAX_EXPANDED_LENGTH = 16_384;

/** Most `{` in one glob (each nesting level is a recursion while expanding). */
const MAX_BRACES = 32;

/** One path segment of a pattern: `**`, or its pieces (a star, or one character's test). */
type Segment = { globstar: true } | { globstar: false; pieces: Piece[] };
type Piece = { star: true } | { star: false; test: (c: string) => boolean };

/** A compiled glob: `match` on a path relative to the config's folder, `/`-separated; or why the pattern is refused. */
export type CompiledGlob = { ok: true; match: (path: string) => boolean } | { ok: false; reason: string };

/** Compiles one `ignore` pattern (see the module comment). Never throws. */
export function compileGlob(pattern: string): CompiledGlob {
  const written = pattern.startsWith('./') ? pattern.slice(2) : pattern;
  const refused = unsupported(written);
  if (refused) return { ok: false, reason: refused };
  // A `**` is a globstar when it is a whole segment of the pattern as written (`{a,b}**` is a star):
  // marked before the braces are expanded, other runs of stars made one.
  const marked = written.replace(/\*+/g, (run, at: number, all: string) =>
    run.length === 2 && (at === 0 || all[at - 1] === '/') && (at + 2 === all.length || all[at + 2] === '/') ? GLOBSTAR : '*',
  );
  // `**/**` is one `**`. picomatch quirk, kept: a final `/**` after a star (`a*/**`) needs at least one segment.
  const single = marked.replace(/\u0000(?:\/\u0000)+/g, GLOBSTAR);
  const expanded = expandBraces(single.endsWith(`*/${GLOBSTAR}`) ? `${single.slice(0, -1)}${GLOBSTAR_SOME}` : single);
  if (typeof expanded === 'string') return { ok: false, reason: expanded };
  const total = expanded.reduce((n, p) => n + p.length, 0);
  if (total > MAX_EXPANDED_LENGTH)
    return { ok: false, reason: `its \`{…}\` alternatives add up to ${total} characters, over ${MAX_EXPANDED_LENGTH}: write fewer or shorter alternatives` };
  const alternatives: Segment[][] = [];
  for (const p of expanded) {
    // `*/**` stands for the final globstar that needs a segment.
    const segments = p.split('/').flatMap((t) => (t === GLOBSTAR_SOME ? [segmentOf('*'), segmentOf(GLOBSTAR)] : [segmentOf(t)]));
    if (segments.some((s) => s === undefined)) return { ok: false, reason: 'a `[…]` class is not closed, or holds `/`, `[` or `!` first' };
    alternatives.push(segments as Segment[]);
  }
  return { ok: true, match: (path) => alternatives.some((segs) => matchSegments(segs, path.split('/'))) };
}

function unsupported(pattern: string): string | undefined {
  if (pattern.includes(GLOBSTAR) || pattern.includes(GLOBSTAR_SOME)) return 'control characters U+0000 and U+0001 are not supported';
  if ((pattern.match(/\{/g)?.length ?? 0) > MAX_BRACES) return `more than ${MAX_BRACES} \`{\` are not supported`;
  if (pattern.startsWith('!')) return 'negation (a leading `!`) is not supported: list only what to ignore';
  if (/[$]/.test(pattern)) return '`$` is not supported (picomatch reads it as the end of the path)';
  if (/[()|]/.test(pattern)) return 'extglobs and groups (`(`, `)`, `|`) are not supported: use `{a,b}` for alternatives';
  if (/[\]}]\+/.test(pattern)) return '`+` after `]` or `}` (a repetition in picomatch) is not supported';
  if (/[^/*{},]\*\*|\*\*[^/*{},]/.test(pattern))
    return '`**` glued to other characters (`**.sql`, `a**`) is not supported: make it a segment of its own (`**/*.sql`) or write `*`';
  if (/[{},]\*\*|\*\*[{},]/.test(pattern)) return '`**` next to `{`, `,` or `}` is not supported: make it a segment of its own (`a/**/b`)';
  if (pattern.includes('\\')) return 'escapes (`\\`) are not supported: use `[*]` or `?` for a special character';
  return undefined;
}

/** The patterns `{a,b}` alternatives stand for (nested ones too), or why they cannot be expanded. */
function expandBraces(pattern: string): string[] | string {
  // The first `{` whose matching `}` has a top-level comma, innermost choices expanded recursively.
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') {
      if (depth === 0) {
        open = i;
        commas.length = 0;
      }
      depth++;
    } else if (c === ',' && depth === 1) commas.push(i);
    else if (c === '}') {
      if (depth === 0) return 'a `}` has no `{` before it';
      depth--;
      if (depth === 0) {
        if (commas.length === 0) return '`{…}` without a comma (a single choice or a range) is not supported';
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        const bounds = [open, ...commas, i];
        const out: string[] = [];
        for (let k = 0; k + 1 < bounds.length; k++) {
          const rest = expandBraces(head + pattern.slice(bounds[k] + 1, bounds[k + 1]) + tail);
          if (typeof rest === 'string') return rest;
          out.push(...rest);
          if (out.length > MAX_ALTERNATIVES) return `its \`{…}\` alternatives expand to more than ${MAX_ALTERNATIVES} patterns`;
        }
        return out;
      }
    }
  }
  if (depth > 0) return 'a `{` is not closed';
  return [pattern];
}

/** Stand for a `**` segment while braces are expanded (the second for one that needs a segment). */
const GLOBSTAR = '\u0000';
const GLOBSTAR_SOME = '\u0001';

function segmentOf(text: string): Segment | undefined {
  if (text === GLOBSTAR) return { globstar: true };
  const pieces: Piece[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') {
      if (!(pieces.length > 0 && pieces[pieces.length - 1].star)) pieces.push({ star: true });
    } else if (c === '?') pieces.push({ star: false, test: () => true });
    else if (c === '[') {
      const close = text.indexOf(']', i + 2);
      if (close < 0) return undefined;
      const body = text.slice(i + 1, close);
      if (body.startsWith('!') || body.includes('[')) return undefined;
      pieces.push({ star: false, test: classTest(body) });
      i = close;
    } else if (c === ']') return undefined;
    else pieces.push({ star: false, test: (x) => x === c });
  }
  return { globstar: false, pieces };
}

/** The test of a `[…]` class body: characters and `a-z` ranges, negated by a leading `^`. */
function classTest(body: string): (c: string) => boolean {
  const negated = body.startsWith('^');
  const chars = negated ? body.slice(1) : body;
  const ranges: Array<[string, string]> = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      ranges.push([chars[i], chars[i + 2]]);
      i += 2;
    } else ranges.push([chars[i], chars[i]]);
  }
  return (c) => ranges.some(([lo, hi]) => lo <= c && c <= hi) !== negated;
}

/**
 * The wildcard walk both levels share: whether `subject` matches `pattern`, where a pattern item
 * for which `isStar` holds stands for any run of subject items (possibly none) and any other item
 * must `matchOne` the subject item at its place. Each star tries the leftmost place for what
 * follows it, and only the last star seen is ever retried (what follows a later star can always be
 * placed as well from further right), so the work is at most (pattern × subject) `matchOne` calls.
 */
function wildcardMatch<P, S>(pattern: readonly P[], subject: ArrayLike<S>, isStar: (p: P) => boolean, matchOne: (p: P, s: S) => boolean): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < subject.length) {
    const item = pattern[p];
    if (item !== undefined && !isStar(item) && matchOne(item, subject[s])) {
      p++;
      s++;
    } else if (item !== undefined && isStar(item)) {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

/** Whether path segments match pattern segments, `**` standing for any run of segments. */
function matchSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  return wildcardMatch(
    pattern,
    path,
    (seg) => seg.globstar,
    (seg, name) => !seg.globstar && matchSegment(seg.pieces, name),
  );
}

/**
 * Whether one path segment matches a segment's pieces, `*` standing for any run of characters.
 * A segment of pieces never matches an empty name when it is only stars (picomatch's `*` needs a
 * character).
 */
function matchSegment(pieces: readonly Piece[], name: string): boolean {
  if (name === '' && pieces.length > 0) return false;
  return wildcardMatch(
    pieces,
    name,
    (piece) => piece.star,
    (piece, c) => !piece.star && piece.test(c),
  );
}
