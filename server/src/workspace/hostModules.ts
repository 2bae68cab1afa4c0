/**
 * Which Neon Auth tables the workspace modules a host file imports export (Drizzle table objects an
 * app's schema module re-exports: `export const users = usersSync`), for `LintOptions.workspaceImports`.
 * An index of exports, not a type checker: relative specifiers and `tsconfig.json`/`jsconfig.json`
 * `paths` (with `baseUrl`) are resolved to files as TypeScript's bundler resolution would (extensions
 * `.ts .tsx .mts .cts .js .jsx .mjs .cjs`, `index` files, a `.js` specifier naming a `.ts` file);
 * packages are not followed (drizzle-orm/neon is known). Shared by the CLI and the language server.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import { MAX_JSON_DEPTH, nestingBeyond } from '../jsonNesting';
import { gather, parseHost } from '../linter/babel';
import { moduleExports, moduleRelations } from '../linter/drizzle';
import { hostLanguageOfPath, isDeclarationFile, mentionsNeonAuth } from '../linter/host';
import { SCHEMA_TABLE, type DrizzleRelations, type ExportedAuthTable, type LintOptions, type WorkspaceImports } from '../linter/types';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** How deep re-exports and imports of imports are followed. */
const MAX_DEPTH = 6;

/** How many modules `relationsOf` reads at most for one file. */
const MAX_REACHED = 200;

/** Module specifiers of import declarations, `import()`, `require()` and `export … from` in a text. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])([^'"\n\r]+)\1/g;

/** A Drizzle relational query: `db.query.<table>.findMany(` / `findFirst(`. */
const RELATIONAL_QUERY = /\.query\s*\.\s*[\w$]+\s*\.\s*find(?:Many|First)\s*\(/;

/** A text that can export a Neon Auth table or pass one on. */
const MAY_EXPORT = /neon_auth|usersSync|\bexport\s*\*|\bexport\s*\{[^}]*\}\s*from\b/;

interface PathMapping {
  /** Directory `paths` targets are relative to. */
  base: string;
  paths: Record<string, string[]>;
}

type Exports = Record<string, ExportedAuthTable>;

/** A text that may run a Prisma raw query: only then is its package's Prisma set-up read (see `prismaDriverAdapterOf`). */
const PRISMA_RAW = /\$(?:query|execute)Raw\b|\bPrisma\s*\.\s*sql\b/;

/** What a host file reaches of the workspace: the Drizzle schema, its package's Prisma set-up (see `HostModules.workspaceOf`). */
export type HostWorkspace = Pick<LintOptions, 'workspaceImports' | 'workspaceRelations' | 'prismaDriverAdapter'>;

/** Resolves a host file's workspace imports; caches what it read until told a file changed. */
export class HostModules {
  private readonly exportsOf = new Map<string, Exports>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly resolved = new Map<string, string | null>();
  private readonly mappings = new Map<string, PathMapping | null>();
  private readonly relationsIn = new Map<string, DrizzleRelations>();
  private readonly targetsIn = new Map<string, string[]>();
  /** By folder: what its `package.json` says of Prisma's driver adapters (`prismaDriverAdapterOf`; null: it has none, or names no Prisma package). */
  private readonly prismaSetups = new Map<string, boolean | null>();

  /**
   * `read(file)` gives a file's text (an open editor buffer before the disk), undefined when it
   * cannot be read. Paths are absolute.
   */
  constructor(private readonly readFile: (file: string) => string | undefined = readTextFile) {}

  /** Texts read (null: none), so a module is read once however many files import it. */
  private readonly texts = new Map<string, string | null>();

  private read(file: string): string | undefined {
    let t = this.texts.get(file);
    if (t === undefined) this.texts.set(file, (t = this.readFile(file) ?? null));
    return t ?? undefined;
  }

  /**
   * The lint options of host file `file` with text `text` that come from the other modules of the
   * workspace: `workspaceImports` (see `importsOf`) and `workspaceRelations` (see `relationsOf`),
   * each only when there is one, and `prismaDriverAdapter` (see `prismaAdapterAt`) when the file may
   * run a Prisma raw query and its package uses a driver adapter. Every path that lints a host file (the CLI, the editor's open
   * documents, the workspace check and its re-check of a closed file, `migrate`) takes them from here.
   */
  workspaceOf(file: string, text: string): HostWorkspace {
    const workspaceImports = this.importsOf(file, text);
    const workspaceRelations = this.relationsOf(file, text);
    const prismaDriverAdapter = PRISMA_RAW.test(text) && this.prismaAdapterAt(path.dirname(path.resolve(file)));
    return {
      ...(workspaceImports ? { workspaceImports } : {}),
      ...(workspaceRelations ? { workspaceRelations } : {}),
      ...(prismaDriverAdapter ? { prismaDriverAdapter } : {}),
    };
  }

  /**
   * Whether the nearest `package.json` at or above `dir` that names a Prisma package says Prisma runs
   * through a driver adapter (`prismaDriverAdapterOf`); false when none names one.
   */
  private prismaAdapterAt(dir: string): boolean {
    for (let d = dir; ; d = path.dirname(d)) {
      let decided = this.prismaSetups.get(d);
      if (decided === undefined) {
        const text = this.read(path.join(d, 'package.json'));
        decided = (text === undefined ? undefined : prismaDriverAdapterOf(text)) ?? null;
        this.prismaSetups.set(d, decided);
      }
      if (decided !== null) return decided;
      if (path.dirname(d) === d) return false;
    }
  }

  /**
   * `LintOptions.workspaceImports` of host file `file` with text `text`: undefined when it imports
   * no workspace module that exports a Neon Auth table.
   */
  importsOf(file: string, text: string): WorkspaceImports | undefined {
    return this.importsAt(path.resolve(file), text, 0, new Set());
  }

  /**
   * `LintOptions.workspaceRelations` of host file `file` with text `text`: the Drizzle relations the
   * modules it reaches through its imports declare (its `db` module's schema, at most `MAX_DEPTH`
   * imports away and `MAX_REACHED` modules), and the Neon Auth tables they export (under
   * `SCHEMA_TABLE`, for `db.query.usersSync.findMany()`), when one leads to a Neon Auth table; else undefined.
   */
  relationsOf(file: string, text: string): DrizzleRelations | undefined {
    // Only a file with a relational query (`db.query.posts.findMany(…)`) needs them.
    if (!RELATIONAL_QUERY.test(text)) return undefined;
    const start = path.resolve(file);
    const out: DrizzleRelations = {};
    const seen = new Set<string>([start]);
    let frontier = this.targetsOf(start, text);
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0 && seen.size < MAX_REACHED; depth++) {
      const next: string[] = [];
      for (const f of frontier) {
        if (seen.has(f) || seen.size >= MAX_REACHED) continue;
        seen.add(f);
        const known = this.relationsIn.get(f);
        const targets = this.targetsIn.get(f);
        const t = known && targets ? '' : this.read(f);
        if (t === undefined) continue;
        for (const [table, rels] of Object.entries(known ?? this.relationsAt(f, t))) out[table] = { ...out[table], ...rels };
        // A Neon Auth table the module exports may be a key of the schema: `db.query.<its name>`.
        for (const [name, auth] of Object.entries(this.exportsAt(f, 0, new Set()))) out[name] = { ...out[name], [SCHEMA_TABLE]: { auth } };
        next.push(...(targets ?? this.targetsOf(f, t)));
      }
      frontier = next;
    }
    const leadsToAuth = Object.values(out).some((rels) => Object.values(rels).some((r) => 'auth' in r));
    return leadsToAuth ? out : undefined;
  }

  /** The workspace files a module's specifiers name. */
  private targetsOf(file: string, text: string): string[] {
    let targets = this.targetsIn.get(file);
    if (!targets) {
      targets = [];
      for (const m of text.matchAll(SPECIFIER)) {
        const t = this.resolve(m[2], file);
        if (t !== undefined && !targets.includes(t)) targets.push(t);
      }
      this.targetsIn.set(file, targets);
    }
    return targets;
  }

  private relationsAt(file: string, text: string): DrizzleRelations {
    let rels = this.relationsIn.get(file);
    if (rels) return rels;
    rels = {};
    const language = hostLanguageOfPath(file);
    if (language !== undefined && /\brelations\s*\(/.test(text)) {
      try {
        const parsed = parseHost(text, language);
        rels = moduleRelations(gather(parsed.program), this.importsAt(file, text, 0, new Set()));
      } catch {
        // A module the host parser rejects declares nothing we can see.
      }
    }
    this.relationsIn.set(file, rels);
    return rels;
  }

  /** Forgets what was read of `file` and of the modules that pass its exports on; with no file, everything. */
  invalidate(file?: string): void {
    if (file === undefined) {
      this.texts.clear();
      this.relationsIn.clear();
      this.targetsIn.clear();
      this.exportsOf.clear();
      this.dependents.clear();
      this.resolved.clear();
      this.mappings.clear();
      this.prismaSetups.clear();
      return;
    }
    const stack = [path.resolve(file)];
    while (stack.length > 0) {
      const f = stack.pop()!;
      const read = this.texts.delete(f);
      const related = this.relationsIn.delete(f) || read;
      this.targetsIn.delete(f);
      if (!this.exportsOf.delete(f) && !this.dependents.has(f) && !related) continue;
      for (const d of this.dependents.get(f) ?? []) stack.push(d);
      this.dependents.delete(f);
    }
    if (path.basename(file).endsWith('config.json')) this.mappings.clear();
    if (path.basename(file) === 'package.json') this.prismaSetups.clear();
  }

  /** Whether `file` was read to resolve some import (a change to it can change other files' findings). */
  isKnown(file: string): boolean {
    const f = path.resolve(file);
    return this.exportsOf.has(f) || this.dependents.has(f) || this.relationsIn.has(f) || this.texts.has(f);
  }

  private importsAt(file: string, text: string, depth: number, visiting: Set<string>): WorkspaceImports | undefined {
    let out: WorkspaceImports | undefined;
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[2];
      if (out?.[spec]) continue;
      const target = this.resolve(spec, file);
      if (target === undefined) continue;
      const exports = this.exportsAt(target, depth + 1, visiting);
      this.dependOn(target, file);
      if (Object.keys(exports).length > 0) (out ??= {})[spec] = exports;
    }
    return out;
  }

  private dependOn(dependency: string, dependent: string): void {
    let set = this.dependents.get(dependency);
    if (!set) this.dependents.set(dependency, (set = new Set()));
    set.add(dependent);
  }

  /** The Neon Auth tables module `file` exports, its re-exports followed. */
  private exportsAt(file: string, depth: number, visiting: Set<string>): Exports {
    const cached = this.exportsOf.get(file);
    if (cached) return cached;
    if (depth > MAX_DEPTH || visiting.has(file)) return {};
    const text = this.read(file);
    const language = hostLanguageOfPath(file);
    if (text === undefined || language === undefined || !MAY_EXPORT.test(text)) {
      this.exportsOf.set(file, {});
      return {};
    }
    visiting.add(file);
    const out: Exports = {};
    try {
      const parsed = parseHost(text, language);
      const g = gather(parsed.program);
      const external = mentionsNeonAuth(text) || /\bimport\b/.test(text) ? this.importsAt(file, text, depth, visiting) : undefined;
      const found = moduleExports(parsed.program, g, external);
      Object.assign(out, found.tables);
      for (const r of found.reexports) {
        const target = this.resolve(r.specifier, file);
        if (target === undefined) continue;
        const theirs = this.exportsAt(target, depth + 1, visiting);
        this.dependOn(target, file);
        if (r.names === undefined) for (const [k, v] of Object.entries(theirs)) out[k] ??= v;
        else for (const [exported, imported] of Object.entries(r.names)) if (theirs[imported]) out[exported] = theirs[imported];
      }
    } catch {
      // A module the host parser rejects exports nothing we can see (its own check reports the parse error).
    } finally {
      visiting.delete(file);
    }
    this.exportsOf.set(file, out);
    return out;
  }

  /** The workspace file a specifier written in `from` names; undefined for packages and missing files. */
  private resolve(spec: string, from: string): string | undefined {
    const dir = path.dirname(from);
    const key = `${dir}\0${spec}`;
    const hit = this.resolved.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let found: string | undefined;
    if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') found = this.file(path.resolve(dir, spec));
    else {
      const mapping = this.mappingFor(dir);
      if (mapping) {
        for (const [pattern, targets] of Object.entries(mapping.paths)) {
          const star = pattern.indexOf('*');
          let rest: string | undefined;
          if (star < 0) rest = pattern === spec ? '' : undefined;
          else if (spec.startsWith(pattern.slice(0, star)) && spec.endsWith(pattern.slice(star + 1)) && spec.length >= pattern.length - 1)
            rest = spec.slice(star, spec.length - (pattern.length - star - 1));
          if (rest === undefined) continue;
          for (const t of targets) {
            found = this.file(path.resolve(mapping.base, star < 0 ? t : t.replace('*', rest)));
            if (found) break;
          }
          if (found) break;
        }
      }
    }
    this.resolved.set(key, found ?? null);
    return found;
  }

  /** A host file at `base` as a module path names it: exact, with an extension, a `.js` naming `.ts`, or an `index` file. */
  private file(base: string): string | undefined {
    const candidates = [base, ...EXTENSIONS.map((e) => base + e)];
    const ext = path.extname(base);
    if (['.js', '.jsx', '.mjs', '.cjs'].includes(ext)) {
      const stem = base.slice(0, -ext.length);
      candidates.push(...{ '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] }[ext]!.map((e) => stem + e));
    }
    candidates.push(...EXTENSIONS.map((e) => path.join(base, `index${e}`)));
    for (const c of candidates) {
      if (hostLanguageOfPath(c) === undefined || isDeclarationFile(c)) continue;
      if (this.read(c) !== undefined) return c;
    }
    return undefined;
  }

  /** The `paths` of the nearest `tsconfig.json` or `jsconfig.json` at or above `dir` (one level of `extends` followed). */
  private mappingFor(dir: string): PathMapping | undefined {
    const hit = this.mappings.get(dir);
    if (hit !== undefined) return hit ?? undefined;
    let found: PathMapping | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = path.join(dir, name);
      const text = this.read(file);
      if (text === undefined) continue;
      found = this.mappingOf(file, text, 0) ?? undefined;
      this.mappings.set(dir, found ?? null);
      return found;
    }
    const parent = path.dirname(dir);
    found = parent === dir ? undefined : this.mappingFor(parent);
    this.mappings.set(dir, found ?? null);
    return found;
  }

  private mappingOf(file: string, text: string, depth: number): PathMapping | undefined {
    const config = parseTsconfig(text);
    const options = config?.compilerOptions;
    const dir = path.dirname(file);
    if (options?.paths && typeof options.paths === 'object') {
      // Only lists of strings are targets: `"@/*": 5` or `[5]` made the resolver throw (TypeScript rejects such a file).
      const paths: Record<string, string[]> = {};
      for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>))
        if (Array.isArray(targets)) paths[pattern] = targets.filter((t): t is string => typeof t === 'string');
      return { base: typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : dir, paths };
    }
    if (typeof config?.extends === 'string' && config.extends.startsWith('.') && depth < 1) {
      const parent = path.resolve(dir, config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`);
      const parentText = this.read(parent);
      if (parentText !== undefined) return this.mappingOf(parent, parentText, depth + 1);
    }
    return undefined;
  }
}

/**
 * The value of a `tsconfig.json`/`jsconfig.json` text (JSON with comments, trailing commas), or
 * undefined when it nests deeper than `MAX_JSON_DEPTH`: jsonc-parser recurses once per level, and
 * a file thousands of levels deep overflowed the stack (the CLI crashed on any file importing a
 * non-relative module). Such a file, like an unreadable one, maps no paths.
 */
function parseTsconfig(text: string): { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined {
  if (nestingBeyond(text, MAX_JSON_DEPTH) !== undefined) return undefined;
  try {
    return parseJsonc(text, [], { allowTrailingComma: true }) as ReturnType<typeof parseTsconfig>;
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/**
 * What a `package.json` text says of Prisma's driver adapters, from the packages it depends on
 * (`dependencies`, `devDependencies`, `optionalDependencies`, `peerDependencies`): true when it lists
 * an `@prisma/adapter-*` package (`@prisma/adapter-pg`, `@prisma/adapter-neon`, …; Prisma 5.4 to 6
 * reach Postgres through one only with such a package), or `prisma` or `@prisma/client` at a range
 * whose first version is 7 or later (Prisma 7 has no native query engine: its client takes an
 * adapter); false when it names Prisma otherwise (`^6.19.0`, `latest`); undefined when it names no
 * Prisma package (or is not JSON). An adapter passes the `${…}` values of `$queryRaw` to
 * node-postgres or the Neon driver untyped, where the native engine sends a string as `text`
 * (measured with Prisma 7.10.1 and 6.19.3 on PostgreSQL 15: see the README of `match-user-id-comparison`).
 */
export function prismaDriverAdapterOf(packageJson: string): boolean | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(packageJson);
  } catch {
    return undefined;
  }
  if (typeof pkg !== 'object' || pkg === null) return undefined;
  let named = false;
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = (pkg as Record<string, unknown>)[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, range] of Object.entries(deps)) {
      if (name.startsWith('@prisma/adapter-')) return true;
      if (name !== 'prisma' && name !== '@prisma/client') continue;
      named = true;
      const major = typeof range === 'string' ? /^\s*(?:[\^~=v]|[<>]=?)*\s*(\d+)/.exec(range) : null;
      if (major && Number(major[1]) >= 7) return true;
    }
  }
  return named ? false : undefined;
}

/** A regular file's text (UTF-8), or undefined when it is not one or cannot be read. */
export function readTextFile(file: string): string | undefined {
  try {
    if (!fs.statSync(file).isFile()) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
