/**
 * Proves a Drizzle ORM module for real: the TypeScript compiler type-checks it against
 * drizzle-orm's own declarations, Drizzle's own DDL for its tables runs on PGlite with both Neon
 * Auth generations present (the fixture of test/fixtures/schema.sql), and its queries run through
 * the `drizzle-orm/pglite` driver. Used by test/drizzle.test.ts for every rule case marked
 * `drizzle: true` (see `RuleCase.drizzle` in server/src/linter/rules/caseTypes.ts).
 *
 * A module is a whole TypeScript file written as an app writes one:
 * - it imports from `drizzle-orm`, `drizzle-orm/pg-core`, `drizzle-orm/neon` (any real package in
 *   node_modules resolves), and its database as `import { db } from './db';`;
 * - the tables it owns are exported (`export const posts = pgTable(…)`); Neon Auth's tables are
 *   imported (`usersSync` from `drizzle-orm/neon`) or declared with
 *   `pgSchema('neon_auth').table(…)`, exported or not: they are never created (the fixture has them);
 * - its queries sit in an optional `export async function run() { … }`.
 *
 * `./db` is virtual. For the type-check it declares `db` as a `PgliteDatabase` whose relational
 * schema is the module's own exports (less `run`), so `db.select()`, `db.insert()`, `db.execute()`
 * and `db.query.<table>` all type-check as they would in an app. At run time it is
 * `drizzle(pglite, { schema })` on the shared fixture PGlite, with the same schema.
 *
 * Steps, each failing with a `DrizzleFailure` that names it:
 * 1. `typecheck`: strict TypeScript (ES2022, module ESNext, bundler resolution, skipLibCheck), in
 *    memory; every error diagnostic of the module or of the virtual `./db`, with its 1-based line and column.
 * 2. `evaluate`: `ts.transpileModule` to CommonJS, run with a `require` that maps `./db` to the live
 *    database and everything else to the repository's node_modules.
 * 3. `ddl`: drizzle-kit's own migration SQL (`drizzle-kit/api`: `generateDrizzleJson` of the exported
 *    tables, enums, sequences and views outside schema `neon_auth`, then `generateMigration` from an
 *    empty snapshot), one statement at a time. We use drizzle-kit rather than DDL rebuilt from
 *    `getTableConfig`: it is what `drizzle-kit generate` writes, it runs offline, and after its first
 *    load (about 0.2 s) it takes about a millisecond per module (measured on 0.31.11).
 * 4. `run`: `await run()` when the module exports it.
 * 5. `after`: the caller's SQL (`after` option), e.g. the first delete of a user.
 * Steps 3 to 5 run inside one BEGIN … ROLLBACK, so nothing outlives the proof. `run()` must not open
 * its own `db.transaction` (its COMMIT would end the enclosing transaction).
 */
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createRequire } from 'node:module';
import ts from 'typescript';
import type { PGlite } from '@electric-sql/pglite';
import { is } from 'drizzle-orm';
import { getTableConfig, isPgEnum, isPgSequence, PgMaterializedView, PgPolicy, PgSchema, PgTable, PgView } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { inRollback, PgError, repoRoot } from './pglite';

/** The step a module failed at. */
export type DrizzleStep = 'typecheck' | 'evaluate' | 'ddl' | 'run' | 'after';

/** Why a module failed. */
export interface DrizzleFailure {
  ok: false;
  step: DrizzleStep;
  /** The SQLSTATE (e.g. `42804`) when Postgres rejected a statement; absent for type errors and JavaScript errors. */
  code?: string;
  /** Postgres' message, the type-checker's diagnostics (one per line, `line:column: TSnnnn text`, 1-based) or the thrown error's message. */
  message: string;
  /** Postgres' DETAIL (e.g. `Key columns "owner_id" and "id" are of incompatible types: uuid and text.`), when it gave one. */
  detail?: string;
  /** The SQL Postgres rejected (with its parameters, for a query Drizzle sent), when it was SQL. */
  sql?: string;
}

/** A module that passed every step. */
export interface DrizzleSuccess {
  ok: true;
  /** The DDL statements drizzle-kit generated and that ran, in order (empty when the module exports no table of its own). */
  ddl: string[];
  /** Whether the module exported `run` and it ran. */
  ran: boolean;
}

export type DrizzleOutcome = DrizzleSuccess | DrizzleFailure;

/** Options of `proveDrizzleModule`. */
export interface ProveOptions {
  /** SQL run (with `PGlite.exec`, so several statements may follow each other) after the DDL and `run()`, in the same transaction. */
  after?: string;
}

/** A one-paragraph account of an outcome, for assertion messages. */
export function describeOutcome(outcome: DrizzleOutcome): string {
  if (outcome.ok) return `passed (${outcome.ddl.length} DDL statements${outcome.ran ? ', run()' : ''})`;
  const code = outcome.code === undefined ? '' : ` [${outcome.code}]`;
  const sql = outcome.sql === undefined ? '' : `\n--- SQL ---\n${outcome.sql}`;
  const detail = outcome.detail === undefined ? '' : `\n  detail: ${outcome.detail}`;
  return `failed at ${outcome.step}${code}: ${outcome.message}${detail}${sql}`;
}

// ---- Step 1: type-check ---------------------------------------------------------------------

/** Folder the virtual files pretend to live in: under the repository, so `node_modules` resolves. */
const virtualRoot = path.join(repoRoot, '.drizzle-modules');

const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  skipLibCheck: true,
  types: [],
};

/** The virtual `./db` for the type-check: the module's exports (less `run`, which may return query results and so would be circular) are the relational schema. */
const DB_DECLARATION = [
  "import type { PgliteDatabase } from 'drizzle-orm/pglite';",
  "import type * as schema from './module';",
  "export declare const db: PgliteDatabase<Omit<typeof schema, 'run'>>;",
  '',
].join('\n');

/** Declaration files parsed once for all programs (lib, drizzle-orm, pglite): the key is the file name. */
const sourceFileCache = new Map<string, ts.SourceFile>();
let baseHost: ts.CompilerHost | undefined;
let lastProgram: ts.Program | undefined;

/** Type errors by module text, from `typecheckDrizzleModules`. */
const typeErrorCache = new Map<string, string[]>();

/**
 * Type-checks modules in one program (one checker for all, which is much faster than one program
 * each) and returns, per module in the same order, its error diagnostics as `line:column: TSnnnn
 * text` (1-based; a diagnostic in the virtual `./db` is prefixed `db.ts `). Empty means it type-checks.
 * Results are remembered by text, so `proveDrizzleModule` does not check a module twice.
 */
export function typecheckDrizzleModules(sources: readonly string[]): string[][] {
  const pending = [...new Set(sources.filter((s) => !typeErrorCache.has(s)))];
  if (pending.length > 0) {
    const files = new Map<string, string>();
    const roots: string[] = [];
    pending.forEach((source, i) => {
      const dir = path.join(virtualRoot, `m${i}`);
      files.set(path.join(dir, 'module.ts'), source);
      files.set(path.join(dir, 'db.ts'), DB_DECLARATION);
      roots.push(path.join(dir, 'module.ts'), path.join(dir, 'db.ts'));
    });
    baseHost ??= ts.createCompilerHost(compilerOptions, true);
    const base = baseHost;
    const host: ts.CompilerHost = {
      ...base,
      fileExists: (f) => files.has(f) || base.fileExists(f),
      directoryExists: (d) => d === virtualRoot || d.startsWith(virtualRoot + path.sep) || base.directoryExists?.(d) !== false,
      readFile: (f) => files.get(f) ?? base.readFile(f),
      getSourceFile: (fileName, languageVersion, onError) => {
        const text = files.get(fileName);
        if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
        let sf = sourceFileCache.get(fileName);
        if (sf === undefined) {
          sf = base.getSourceFile(fileName, languageVersion, onError);
          if (sf !== undefined) sourceFileCache.set(fileName, sf);
        }
        return sf;
      },
      writeFile: () => undefined,
    };
    const program = ts.createProgram({ rootNames: roots, options: compilerOptions, host, oldProgram: lastProgram });
    lastProgram = program;
    const global = program.getGlobalDiagnostics().filter((d) => d.category === ts.DiagnosticCategory.Error);
    pending.forEach((source, i) => {
      const dir = path.join(virtualRoot, `m${i}`);
      const errors = global.map(formatDiagnostic);
      for (const name of ['module.ts', 'db.ts']) {
        const sf = program.getSourceFile(path.join(dir, name))!;
        const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
        for (const d of diagnostics) {
          if (d.category === ts.DiagnosticCategory.Error) errors.push((name === 'db.ts' ? 'db.ts ' : '') + formatDiagnostic(d));
        }
      }
      typeErrorCache.set(source, errors);
    });
  }
  return sources.map((s) => typeErrorCache.get(s)!);
}

function formatDiagnostic(d: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (d.file === undefined || d.start === undefined) return `TS${d.code} ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${line + 1}:${character + 1}: TS${d.code} ${text}`;
}

// ---- Step 2: evaluate -----------------------------------------------------------------------

const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

interface Evaluated {
  exports: Record<string, unknown>;
  /** The object `./db` resolves to; `db` is set once the module's exports are known. */
  dbModule: { db?: unknown };
}

function evaluate(source: string): Evaluated {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: 'module.ts',
  }).outputText;
  const dbModule: { db?: unknown } = {};
  const module = { exports: {} as Record<string, unknown> };
  const moduleRequire = (id: string): unknown => (id === './db' ? dbModule : requireFromRepo(id));
  const fn = vm.compileFunction(js, ['exports', 'require', 'module'], { filename: 'drizzle-module.js' });
  fn(module.exports, moduleRequire, module);
  return { exports: module.exports, dbModule };
}

// ---- Step 3: DDL ----------------------------------------------------------------------------

type DrizzleKitApi = typeof import('drizzle-kit/api');
let drizzleKit: DrizzleKitApi | undefined;

/** Whether an exported value is Neon Auth's own (schema `neon_auth`): the fixture already has those. */
function isNeonAuthObject(value: unknown): boolean {
  if (is(value, PgTable)) return getTableConfig(value).schema === 'neon_auth';
  if (is(value, PgSchema)) return value.schemaName === 'neon_auth';
  return false;
}

/** The exports drizzle-kit should create: tables, enums, sequences, views, schemas and linked policies of the app (not Neon Auth's tables and schema). */
function ddlObjects(exports: Record<string, unknown>): Record<string, unknown> {
  const objects: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) {
    // A policy exported on its own is created on the table its `.link(table)` names (drizzle-kit skips an unlinked one).
    const kind =
      is(value, PgTable) ||
      is(value, PgSchema) ||
      is(value, PgView) ||
      is(value, PgMaterializedView) ||
      is(value, PgPolicy) ||
      isPgEnum(value) ||
      isPgSequence(value);
    if (kind && !isNeonAuthObject(value)) objects[name] = value;
  }
  return objects;
}

/** drizzle-kit's migration SQL for the objects, statement by statement (what `drizzle-kit generate` writes between its breakpoints). */
async function generateDdl(objects: Record<string, unknown>): Promise<string[]> {
  if (Object.keys(objects).length === 0) return [];
  drizzleKit ??= requireFromRepo('drizzle-kit/api') as DrizzleKitApi;
  const empty = drizzleKit.generateDrizzleJson({});
  const current = drizzleKit.generateDrizzleJson(objects);
  return drizzleKit.generateMigration(empty, current);
}

// ---- Steps 3–5 on PGlite --------------------------------------------------------------------

/** The Postgres error inside a thrown value: PGlite's own, or the `cause` of Drizzle's `DrizzleQueryError`. */
function pgErrorIn(e: unknown): (PgError & { query?: string; params?: unknown[] }) | undefined {
  let err: unknown = e;
  let query: string | undefined;
  let params: unknown[] | undefined;
  for (let depth = 0; depth < 4 && err instanceof Error; depth++) {
    const candidate = err as PgError & { query?: string; params?: unknown[]; cause?: unknown };
    if (typeof candidate.query === 'string') {
      query = candidate.query;
      params = candidate.params;
    }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return Object.assign(candidate, { query, params });
    err = candidate.cause;
  }
  return undefined;
}

function failure(step: DrizzleStep, e: unknown, sql?: string): DrizzleFailure {
  const pg = pgErrorIn(e);
  if (pg !== undefined) {
    const query =
      sql ?? (pg.query === undefined ? undefined : `${pg.query}${pg.params && pg.params.length > 0 ? `\n-- params: ${JSON.stringify(pg.params)}` : ''}`);
    return { ok: false, step, code: pg.code, message: pg.message, ...(pg.detail ? { detail: pg.detail } : {}), ...(query === undefined ? {} : { sql: query }) };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, step, message, ...(sql === undefined ? {} : { sql }) };
}

/**
 * Runs every step on one module against `pglite` (the fixture database of `openFixtureDb`) and
 * resolves to the outcome; it never rejects for a failure of the module (only for a broken PGlite).
 * Steps 3 to 5 run in BEGIN … ROLLBACK.
 */
export async function proveDrizzleModule(pglite: PGlite, source: string, options: ProveOptions = {}): Promise<DrizzleOutcome> {
  const [typeErrors] = typecheckDrizzleModules([source]);
  if (typeErrors.length > 0) return { ok: false, step: 'typecheck', message: typeErrors.join('\n') };

  let evaluated: Evaluated;
  let ddl: string[];
  try {
    evaluated = evaluate(source);
    const schema = Object.fromEntries(Object.entries(evaluated.exports).filter(([name]) => name !== 'run'));
    evaluated.dbModule.db = drizzle(pglite, { schema });
    ddl = await generateDdl(ddlObjects(evaluated.exports));
  } catch (e) {
    return failure('evaluate', e);
  }
  const run = evaluated.exports.run;

  return inRollback(pglite, async (): Promise<DrizzleOutcome> => {
    for (const statement of ddl) {
      try {
        await pglite.exec(statement);
      } catch (e) {
        return failure('ddl', e, statement);
      }
    }
    if (typeof run === 'function') {
      try {
        await (run as () => unknown)();
      } catch (e) {
        return failure('run', e);
      }
    }
    if (options.after !== undefined) {
      try {
        await pglite.exec(options.after);
      } catch (e) {
        return failure('after', e, options.after);
      }
    }
    return { ok: true, ddl, ran: typeof run === 'function' };
  });
}
