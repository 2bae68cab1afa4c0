/**
 * Migration sets: which files of a workspace are one migration history, and in which order they
 * run. Pure: the caller lists the files (with the walker the CLI and the server already use,
 * `fileWalk.ts` `walkFiles`) and reads the few files discovery needs (a drizzle-kit journal,
 * the first file of a folder to tell dbmate's sections); nothing here touches the file system.
 *
 * Paths are `/`-separated strings as the caller gives them (absolute, or relative to the workspace
 * or the current directory: then the folders above it are unknown, e.g. the name of a Prisma
 * migration's folder when it is the current one); a set's files keep the spelling they were listed with.
 *
 * Conventions, each per folder (the first that applies wins):
 * - `drizzle`: a folder with `meta/_journal.json` (drizzle-kit); the journal's `entries[].tag`
 *   order, each `<tag>.sql`. Statements are separated by `--> statement-breakpoint` lines, which
 *   are SQL comments.
 * - `prisma`: `<folder>/<timestamp>_<name>/migration.sql` (Prisma Migrate, with
 *   `migration_lock.toml` in `<folder>`); sorted by the sub-folder's name.
 * - `supabase`: `supabase/migrations/<timestamp>_<name>.sql` (Supabase CLI).
 * - `flyway`: `V<version>__<name>.sql` by version (`1.10` after `1.9`), then the repeatable
 *   `R__<name>.sql` by name; undo (`U…`) scripts are not history.
 * - `up-down`: `<n>_<name>.up.sql` (golang-migrate, node-pg-migrate's SQL files); `.down.sql`
 *   undoes a migration and is not history.
 * - `dbmate`: `<n>_<name>.sql` with `-- migrate:up` / `-- migrate:down` sections; only the up
 *   section is history (see `historyText`).
 * - `numbered`: other `<digits>…sql` files of one folder (`001_init.sql`, `20240101_x.sql`), in
 *   natural order.
 * - `config`: `.neon-auth.json`'s `migrations` globs (relative to its folder): one set, in the order
 *   of the globs, each glob's files in natural order. Such a config turns discovery off under its folder.
 * - `dump`: a schema dump, a one-file set of its own (its statements fold in order, so a key in
 *   pg_dump's closing `ALTER TABLE ONLY … ADD CONSTRAINT` sees the `CREATE TABLE` above it): a file
 *   in no set above whose first `DUMP_HEAD_BYTES` hold pg_dump's header `-- PostgreSQL database
 *   dump` or its preamble `SELECT pg_catalog.set_config('search_path', '', false)` (kept by Rails'
 *   `structure.sql`, which drops the header), or that is named `schema.sql` or `structure.sql`
 *   (see `isSchemaDump`; only pg_dump output sets `PriorSchema.dump`: a hand-written `schema.sql` is
 *   the app's own statements). A dump in a migration folder (Supabase's `<timestamp>_remote_schema.sql`)
 *   is a migration of that set, not a set of its own.
 * Files in no set are checked alone.
 */

export type MigrationConvention = 'drizzle' | 'prisma' | 'supabase' | 'flyway' | 'up-down' | 'dbmate' | 'numbered' | 'config' | 'dump';

/** One migration history. */
export interface MigrationSet {
  convention: MigrationConvention;
  /** The folder that holds the set (`/`-separated, as listed; `.` for the current one). */
  root: string;
  /** The set's files in the order they run. */
  files: string[];
}

/** Something wrong with a set that the user should hear of once (a journal naming a missing file). */
export interface SetNotice {
  /** The file the notice is about (the journal, the set's folder). */
  path: string;
  message: string;
}

/** What `discoverMigrationSets` needs from the caller. */
export interface DiscoveryInput {
  /** Every SQL file found (`/`-separated paths). */
  files: readonly string[];
  /** The text of a file, or undefined when it does not exist or cannot be read. Asked for journals and for the first file of a numbered folder. */
  read(path: string): string | undefined;
  /**
   * The first `DUMP_HEAD_BYTES` bytes of a file as text (or more, or the whole file), undefined
   * when it cannot be read. Asked for each file in no other set, to tell schema dumps; default: `read`.
   */
  head?(path: string): string | undefined;
  /** `.neon-auth.json` files with a `migrations` list: the config's folder and a matcher per glob, in the list's order. */
  overrides?: ReadonlyArray<{ dir: string; globs: ReadonlyArray<(relative: string) => boolean> }>;
  /** How a notice's message names a folder (default: as listed; a caller that lists absolute paths names them relative to its working folder). */
  name?(path: string): string;
}

/** The sets found, and their notices. */
export interface Discovery {
  sets: MigrationSet[];
  notices: SetNotice[];
}

/** Compares two strings with runs of digits compared as numbers (`2_a` before `10_a`), then by code units. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i];
    const y = rb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = BigInt(x);
      const ny = BigInt(y);
      if (nx !== ny) return nx < ny ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const dirOf = (p: string): string => {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : p.slice(0, i) || '/';
};
const baseOf = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const join = (dir: string, name: string): string => (dir === '.' ? name : `${dir}/${name}`);

const FLYWAY_VERSIONED = /^V(\d+(?:[._]\d+)*)__.+\.sql$/i;
const FLYWAY_REPEATABLE = /^R__.+\.sql$/i;
const FLYWAY_UNDO = /^U\d+(?:[._]\d+)*__.+\.sql$/i;
const UP = /^\d+_.+\.up\.sql$/i;
const DOWN = /^\d+_.+\.down\.sql$/i;
const NUMBERED = /^\d+(?:[_.-].*)?\.sql$/i;
const PRISMA_FOLDER = /^\d+_.+$/;

/** The version parts of a Flyway file name (`V1_2__x.sql` → [1, 2]). */
function flywayVersion(name: string): bigint[] {
  return FLYWAY_VERSIONED.exec(name)![1]
    .split(/[._]/)
    .map((n) => BigInt(n));
}

function compareVersions(a: bigint[], b: bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The relative path of `file` under `dir`, or undefined when it is not under it. */
function under(dir: string, file: string): string | undefined {
  if (dir === '.' || dir === '') return file.startsWith('../') || file.startsWith('/') ? undefined : file;
  if (dir.endsWith('/')) return file.startsWith(dir) ? file.slice(dir.length) : undefined; // the file-system root
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : undefined;
}

/**
 * Groups `input.files` into migration sets (see the module comment). Sets come in the order of
 * their first file in `input.files`; files outside any set belong to none.
 */
export function discoverMigrationSets(input: DiscoveryInput): Discovery {
  const sets: MigrationSet[] = [];
  const notices: SetNotice[] = [];
  const taken = new Set<string>();

  // Configured sets first: they override discovery under their folder.
  const overridden: string[] = [];
  for (const o of input.overrides ?? []) {
    overridden.push(o.dir);
    const files: string[] = [];
    for (const match of o.globs) {
      const matched = input.files.filter((f) => !taken.has(f) && !files.includes(f) && ((rel) => rel !== undefined && match(rel))(under(o.dir, f)));
      matched.sort((a, b) => naturalCompare(under(o.dir, a)!, under(o.dir, b)!));
      files.push(...matched);
    }
    if (files.length === 0) {
      notices.push({ path: join(o.dir, '.neon-auth.json'), message: 'The migrations globs of .neon-auth.json match no SQL file.' });
      continue;
    }
    for (const f of files) taken.add(f);
    sets.push({ convention: 'config', root: o.dir, files });
  }
  const free = input.files.filter((f) => !taken.has(f) && !overridden.some((d) => under(d, f) !== undefined));

  // Prisma: <root>/<timestamp>_<name>/migration.sql.
  const prisma = new Map<string, string[]>();
  for (const f of free) {
    if (baseOf(f) !== 'migration.sql') continue;
    const folder = dirOf(f);
    if (folder === '.' || !PRISMA_FOLDER.test(baseOf(folder))) continue;
    const root = dirOf(folder);
    prisma.set(root, [...(prisma.get(root) ?? []), f]);
  }

  const byDir = new Map<string, string[]>();
  for (const f of free) {
    const d = dirOf(f);
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }

  const found: Array<{ first: number; set: MigrationSet }> = [];
  const order = new Map(input.files.map((f, i) => [f, i]));
  const add = (set: MigrationSet): void => {
    if (set.files.length === 0) return;
    for (const f of set.files) taken.add(f);
    found.push({ first: Math.min(...set.files.map((f) => order.get(f) ?? Infinity)), set });
  };

  for (const [root, files] of prisma) {
    files.sort((a, b) => naturalCompare(baseOf(dirOf(a)), baseOf(dirOf(b))));
    add({ convention: 'prisma', root, files });
  }

  for (const [dir, all] of byDir) {
    const files = all.filter((f) => !taken.has(f));
    if (files.length === 0) continue;
    const names = new Map(files.map((f) => [baseOf(f), f]));

    const journalPath = join(dir, 'meta/_journal.json');
    const journal = input.read(journalPath);
    if (journal !== undefined) {
      const tags = journalTags(journal);
      if (tags === undefined) {
        notices.push({
          path: journalPath,
          message: 'The drizzle-kit journal is not valid JSON with an entries list: the folder is not read as a migration set.',
        });
      } else {
        const ordered: string[] = [];
        for (const tag of tags) {
          const f = names.get(`${tag}.sql`);
          if (f) ordered.push(f);
          else
            notices.push({
              path: journalPath,
              message: `The drizzle-kit journal names ${tag}.sql, which is not in ${input.name ? input.name(dir) : dir}: the other migrations are checked without it.`,
            });
        }
        // A hand-written file drizzle-kit's migrator would never run: it is not history (checked alone), said once.
        const listed = new Set(ordered);
        for (const f of files)
          if (!listed.has(f))
            notices.push({
              path: f,
              message: `${baseOf(f)} is not in the drizzle-kit journal (${input.name ? input.name(journalPath) : journalPath}): drizzle-kit's migrator never runs it, so it is checked alone, outside the set's history.`,
            });
        add({ convention: 'drizzle', root: dir, files: ordered });
        continue;
      }
    }

    if (/(^|\/)supabase\/migrations$/.test(dir)) {
      const list = files.filter((f) => NUMBERED.test(baseOf(f))).sort((a, b) => naturalCompare(baseOf(a), baseOf(b)));
      add({ convention: 'supabase', root: dir, files: list });
      continue;
    }

    const versioned = files.filter((f) => FLYWAY_VERSIONED.test(baseOf(f)));
    const repeatable = files.filter((f) => FLYWAY_REPEATABLE.test(baseOf(f)));
    if (versioned.length > 0 || repeatable.length > 0) {
      versioned.sort((a, b) => compareVersions(flywayVersion(baseOf(a)), flywayVersion(baseOf(b))) || naturalCompare(a, b));
      repeatable.sort((a, b) => naturalCompare(baseOf(a), baseOf(b)));
      add({ convention: 'flyway', root: dir, files: [...versioned, ...repeatable] });
      continue;
    }

    const ups = files.filter((f) => UP.test(baseOf(f)));
    if (ups.length > 0) {
      ups.sort((a, b) => naturalCompare(baseOf(a), baseOf(b)));
      add({ convention: 'up-down', root: dir, files: ups });
      continue;
    }

    const numbered = files.filter((f) => NUMBERED.test(baseOf(f)) && !DOWN.test(baseOf(f)) && !FLYWAY_UNDO.test(baseOf(f)));
    if (numbered.length > 0) {
      numbered.sort((a, b) => naturalCompare(baseOf(a), baseOf(b)));
      const first = input.read(numbered[0]);
      add({ convention: first !== undefined && DBMATE_UP.test(first) ? 'dbmate' : 'numbered', root: dir, files: numbered });
    }
  }
  // Schema dumps: each file left that is one, a set of its own.
  for (const f of free) {
    if (taken.has(f)) continue;
    const name = baseOf(f);
    if (DUMP_NAMES.test(name) || isSchemaDump((input.head ?? input.read)(f) ?? '')) add({ convention: 'dump', root: dirOf(f), files: [f] });
  }
  found.sort((a, b) => a.first - b.first);
  sets.push(...found.map((x) => x.set));
  return { sets, notices };
}

/** How much of a file's start `isSchemaDump` reads: pg_dump's header and preamble are in its first 1 KB; some tools put a comment of their own above. */
export const DUMP_HEAD_BYTES = 8 * 1024;

/** The names of whole-schema files (`db/schema.sql`, `supabase/schema.sql`, Rails' `db/structure.sql`), hand-written or dumped. */
const DUMP_NAMES = /^(schema|structure)\.sql$/i;
/** pg_dump's header comment, and the preamble line of pg_dump ≥ 10.3 (Rails' structure.sql keeps it, not the header). */
const DUMP_HEADER = /^--\s*PostgreSQL database dump\s*$/m;
const DUMP_PREAMBLE = /^SELECT pg_catalog\.set_config\('search_path', '', false\);/m;

/** Whether `head`, a file's first `DUMP_HEAD_BYTES` or more, is pg_dump output (its header, or its `search_path` preamble). */
export function isSchemaDump(head: string): boolean {
  const start = head.length > DUMP_HEAD_BYTES ? head.slice(0, DUMP_HEAD_BYTES) : head;
  return DUMP_HEADER.test(start) || DUMP_PREAMBLE.test(start);
}

/** The `entries[].tag` list of a drizzle-kit `meta/_journal.json`, in `idx` order; undefined when the text is not such a journal. */
export function journalTags(text: string): string[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const entries = (value as { entries?: unknown })?.entries;
  if (!Array.isArray(entries)) return undefined;
  const tags: Array<{ idx: number; tag: string; at: number }> = [];
  entries.forEach((e: unknown, at) => {
    const tag = (e as { tag?: unknown })?.tag;
    const idx = (e as { idx?: unknown })?.idx;
    if (typeof tag === 'string') tags.push({ idx: typeof idx === 'number' ? idx : at, tag, at });
  });
  return tags.sort((a, b) => a.idx - b.idx || a.at - b.at).map((t) => t.tag);
}

/** dbmate's section markers: a line that is `-- migrate:up` or `-- migrate:down` (options may follow). */
const DBMATE_UP = /^--\s*migrate:up\b/m;
const DBMATE_DOWN = /^--\s*migrate:down\b.*$/m;

/**
 * The text of a set's file as history: a dbmate file's `-- migrate:down` section blanked (each
 * character but line breaks replaced by a space, so offsets and lines stay those of the file);
 * every other file as it is.
 */
/**
 * Whether file `index` of `set` is most likely applied already: a later migration of its set
 * follows it. Flyway's repeatable `R__` scripts are never (they run again whenever they change: editing
 * them is how they are meant to be used).
 */
export function isFollowedInSet(set: MigrationSet, index: number): boolean {
  const file = set.files[index];
  if (file === undefined || index >= set.files.length - 1) return false;
  return !(set.convention === 'flyway' && FLYWAY_REPEATABLE.test(baseOf(file)));
}

export function historyText(convention: MigrationConvention, text: string): string {
  if (convention !== 'dbmate') return text;
  const down = DBMATE_DOWN.exec(text);
  if (!down) return text;
  const up = DBMATE_UP.exec(text.slice(down.index));
  const end = up ? down.index + up.index : text.length;
  return text.slice(0, down.index) + text.slice(down.index, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

/** The set holding `file`, and its position in the set, or undefined. */
export function setOf(sets: readonly MigrationSet[], file: string): { set: MigrationSet; index: number } | undefined {
  for (const set of sets) {
    const index = set.files.indexOf(file);
    if (index >= 0) return { set, index };
  }
  return undefined;
}
