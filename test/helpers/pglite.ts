/**
 * Real Postgres in process (PGlite) for tests: one instance per test file, the fixture schema
 * loaded once, every check isolated in a transaction that is rolled back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { HostLanguage, hostView, renderedSql } from '../../server/src/linter/host';
import { isNonStringParameter, isTypedParameter, tokenize } from '../../server/src/linter/lexer';

/** Repository root (this file is compiled to out/test/helpers/). */
export const repoRoot = path.resolve(__dirname, '../../..');

export const fixturePath = path.join(repoRoot, 'test', 'fixtures', 'schema.sql');

/** A Postgres error as PGlite reports it (fields of the ErrorResponse message). */
export interface PgError extends Error {
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
}

/** Starts PGlite and loads test/fixtures/schema.sql (schemas, tables, rows, search_path). */
export async function openFixtureDb(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  await db.exec(fs.readFileSync(fixturePath, 'utf8'));
  return db;
}

/** Runs `fn` inside BEGIN … ROLLBACK, so nothing it does (DDL included) outlives it. */
export async function inRollback<T>(db: PGlite, fn: () => Promise<T>): Promise<T> {
  await db.exec('BEGIN');
  try {
    return await fn();
  } finally {
    await db.exec('ROLLBACK');
  }
}

/** `db.exec(sql)`, rethrowing a rejection with its SQLSTATE, detail and the SQL, labelled. */
export async function execOrExplain(db: PGlite, sql: string, label: string) {
  try {
    return await db.exec(sql);
  } catch (e) {
    const err = e as PgError;
    const detail = err.detail ? `\n  detail: ${err.detail}` : '';
    throw new Error(`${label} was rejected by Postgres: [${err.code ?? '?'}] ${err.message}${detail}\n--- SQL ---\n${sql}`);
  }
}

/** Awaits `run` and returns the Postgres error it must fail with; fails when it succeeds or fails otherwise. */
export async function pgErrorOf(run: () => Promise<unknown>): Promise<PgError> {
  try {
    await run();
  } catch (e) {
    return e as PgError;
  }
  throw new Error('expected Postgres to reject the statement, but it succeeded');
}

/**
 * The SQL of a TypeScript or JavaScript text's templates and query strings, as the host sends it:
 * each region's SQL with a NULL for each parameter sent: as many as the tag sends for its `${…}`
 * (`SqlRegion.parameters`, even one quoted by mistake) or as the SQL names with `$n` tokens (written
 * by hand for node-postgres; a `$5` inside a string constant is text), whichever is more; and whether a `${…}` in it is opaque (then the SQL is not what runs: the
 * library fills the fragment in). A host name (Drizzle's `${usersSync}`) is the SQL Drizzle writes for it.
 * `options.paramTypes`, when a parameter is typed (Prisma's `${…}` of a JavaScript string:
 * `SqlRegion.substitutions` `typed`), gives each parameter's type OID as the library sends it:
 * `text` (25) for a typed one, `bigint` (20) for one the file shows is not a string (a number, as
 * Prisma sends an integer; `isNonStringParameter`), 0 (unknown: Postgres infers it from the context)
 * for the others.
 */
export function hostStatements(
  text: string,
  language: HostLanguage = 'typescript',
  /** Prisma through a driver adapter (`LintOptions.prismaDriverAdapter`): its `${…}` are sent untyped, as node-postgres sends them. */
  prismaDriverAdapter = false,
): { sql: string; params: null[]; options: { paramTypes?: number[] }; opaque: boolean }[] {
  const view = hostView(text, language);
  return view.regions.map((r) => {
    // Drizzle's `${usersSync}` as the SQL Drizzle writes for it (see `HostName`).
    const sql = renderedSql(view, r);
    const params = tokenize(sql).filter((t) => t.kind === 'param');
    const count = params.reduce((n, t) => Math.max(n, Number(t.value.slice(1))), r.parameters);
    const paramTypes = new Array<number>(count).fill(0);
    for (const t of params)
      if (!prismaDriverAdapter && isTypedParameter(t.value)) paramTypes[Number(t.value.slice(1)) - 1] = isNonStringParameter(t.value) ? INT8_OID : TEXT_OID;
    // (Types only when one is typed: declaring a parameter the SQL does not use makes Postgres ask for its type, 42P18.)
    const options = paramTypes.some((t) => t !== 0) ? { paramTypes } : {};
    return { sql, params: new Array<null>(count).fill(null), options, opaque: r.opaque };
  });
}

/** The type OID of `text` (`pg_type`). */
export const TEXT_OID = 25;

/** The type OID of `bigint` (`int8`). */
export const INT8_OID = 20;
