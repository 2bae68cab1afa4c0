/**
 * The file-system side of the migration plan (`plan.ts`): reads and folds the migration sets under
 * folders, plans them together, and lists the app's queries under the same folders that break after
 * the switch (`queries.ts`). Shared by the CLI (`neon-auth-lint migrate`) and the language server
 * (the editor command `neonAuth.planMigration`).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { LoadedConfig } from '../config/config';
import { decodeText, readRegularFile } from '../fileText';
import { loadPostgresGrammar } from '../linter';
import { HistoryFile, MigrationFolder } from '../linter/history';
import type { TableDef } from '../linter/model';
import { MAX_HISTORY_FILE_BYTES, MigrationHistories } from '../workspace/sets';
import { mergedTables, MigrationPlan, planMigration, PlanReportItem, withBreakingQueries } from './plan';
import { findBreakingQueries, tablesAfterPlan } from './queries';
import { sortReport } from './report';
import type { MigrationConvention } from '../workspace/migrations';

/** How the folders are read. */
export interface FolderPlanOptions {
  /** The editor's text of a file (absolute path) when it is open: it replaces the disk, for migrations and queries alike. */
  openText?: (absolute: string) => string | undefined;
  /** Asked between the files of the query search; true stops it (the plan is then incomplete: see `planMigrationForFolders`). */
  shouldStop?: () => boolean;
  /** Awaited between the files of the query search (see `QuerySearch.pause`). */
  pause?: () => Promise<void>;
}

/** The `.neon-auth.json` to read a folder's sets with: one for all, or one per folder (as the lint finds it: `findConfigFile`). */
export type FolderConfig = LoadedConfig | undefined | ((folder: string) => LoadedConfig | undefined);

/**
 * The plan for the migration sets under `folder` (absolute, or relative to `cwd`), discovery
 * overridden by `config`'s `migrations` when given. Files are named relative to `cwd` in the SQL
 * and the report (absolute when outside it). The set's notices (a journal naming a missing file,
 * a CREATE TABLE no parser read) are warnings; the queries that break after the switch come after
 * the migrations' items (see `sortReport`: items about no file first, then the sets' files in run
 * order, then the other files in walk order, each by line and column). With nothing to move (an
 * `info` item, no SQL) only the queries' references to the legacy table are listed. Resolves with
 * an `error` item (and no SQL) when the folder holds no migration set; rejects only when it cannot
 * be listed.
 */
export async function planMigrationForFolder(folder: string, config?: LoadedConfig, cwd: string = process.cwd()): Promise<MigrationPlan> {
  return planMigrationForFolders([folder], config, cwd);
}

/**
 * `planMigrationForFolder` for several paths planned as one (a table two sets define is planned
 * once). A path may be a folder (its sets, searched through the tree) or a file: the sets of its
 * folder when the file belongs to one of them, else the file alone as a set of one file (its
 * statements in order: a hand-written `schema.sql`); the queries that break are searched in the
 * file's folder. `config` may be one per path (see `FolderConfig`). Resolves undefined when
 * `options.shouldStop` stopped it.
 */
export async function planMigrationForFolders(folders: readonly string[], config?: FolderConfig, cwd?: string): Promise<MigrationPlan>;
export async function planMigrationForFolders(
  folders: readonly string[],
  config: FolderConfig,
  cwd: string,
  options: FolderPlanOptions,
): Promise<MigrationPlan | undefined>;
export async function planMigrationForFolders(
  folders: readonly string[],
  config?: FolderConfig,
  cwd: string = process.cwd(),
  options: FolderPlanOptions = {},
): Promise<MigrationPlan | undefined> {
  // The fold parses CREATE TABLE statements: with Postgres' own grammar, as the checks do.
  await loadPostgresGrammar().catch(() => undefined);
  const configOf = (p: string): LoadedConfig | undefined => (typeof config === 'function' ? config(p) : config);
  const histories = new MigrationHistories(cwd, options.openText);
  const seen = new Set<string>();
  const alone: PlannedSet[] = [];
  const roots: string[] = [];
  const sets: PlannedSet[] = [];
  for (const f of folders) {
    const abs = path.resolve(cwd, f);
    const isFile = isRegularFile(abs);
    const folder = isFile ? path.dirname(abs) : abs;
    roots.push(folder);
    if (isFile && !histories.setOfFile(abs, configOf(f))) {
      alone.push(oneFileSet(histories.rel(abs), abs, options.openText));
      continue;
    }
    for (const s of histories.foldedSets(folder, configOf(f)))
      sets.push({
        key: `${s.set.convention}\u0000${s.set.root}`,
        root: s.set.root,
        files: s.files,
        tables: s.prior.tables,
        convention: s.set.convention,
        ...(s.set.convention === 'dump' ? { snapshot: true } : {}),
      });
  }
  const planned = [...sets, ...alone].filter((s) => {
    if (seen.has(s.key)) return false;
    seen.add(s.key);
    return true;
  });
  const notices: PlanReportItem[] = [...histories.takeNotices(), ...alone.flatMap((s) => s.notices ?? [])].map((n) => ({
    severity: 'warning' as const,
    message: n.message,
    file: n.path,
    ...(n.line === undefined ? {} : { line: n.line + 1 }),
  }));
  const plan: MigrationPlan =
    planned.length === 0
      ? {
          sql: '',
          columns: [],
          report: [{ severity: 'error', message: noSetMessage(folders.map((f) => histories.rel(f))) }],
        }
      : planMigration(
          planned.map((s) => ({
            root: s.root,
            files: s.files,
            tables: s.tables,
            ...(s.snapshot ? { snapshot: true } : {}),
            ...(s.convention ? { convention: s.convention } : {}),
          })),
        );
  // The tables as the plan reads them (a table several sets define: as `mergedTables` merges it).
  const tables = mergedTables(planned).tables;
  const exclude = new Set(planned.flatMap((s) => s.files.map((f) => path.resolve(cwd, f.path))));
  // The query search per `.neon-auth.json` (its `ignore` globs), in the order the paths came.
  const byConfig = new Map<LoadedConfig | undefined, string[]>();
  folders.forEach((f, i) => {
    const c = configOf(f);
    byConfig.set(c, [...(byConfig.get(c) ?? []), roots[i]]);
  });
  const queries: PlanReportItem[] = [];
  for (const [c, dirs] of byConfig)
    queries.push(
      ...(await findBreakingQueries([...new Set(dirs)], tablesAfterPlan(tables, plan.columns), {
        cwd,
        config: c,
        exclude,
        before: tables,
        openText: options.openText,
        shouldStop: options.shouldStop,
        pause: options.pause,
      })),
    );
  if (options.shouldStop?.()) return undefined;
  // Nothing to move (the app is on the current Neon Auth, or never keyed a column to users_sync):
  // there is no switch for a query to break in, so only the references to the legacy table are
  // listed (they stop working when the app moves); other findings are the app's own business.
  const nothingToMove = plan.sql === '' && !plan.report.some((r) => r.severity === 'error');
  const listed = sortReport(nothingToMove ? queries.filter((q) => q.rule === 'match-auth-schema') : queries);
  const withQueries = withBreakingQueries(plan, listed);
  return {
    ...withQueries,
    report: sortReport(
      [...notices, ...withQueries.report],
      planned.flatMap((s) => s.files.map((f) => f.path)),
    ),
  };
}

/** A set as this module plans it: sets found by discovery, and files named alone. */
interface PlannedSet {
  /** Identity for the dedupe (a set named twice is planned once). */
  key: string;
  root: string;
  files: HistoryFile[];
  tables: ReadonlyMap<string, TableDef>;
  /** A schema dump or a file named alone (see `PlanSetInput.snapshot`). */
  snapshot?: boolean;
  /** How discovery found the set (none for a file named alone). */
  convention?: MigrationConvention;
  notices?: ReadonlyArray<{ path: string; line?: number; message: string }>;
}

function isRegularFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `abs` (named `rel`) as a set of one file, folded; unreadable: an empty set with a notice. */
function oneFileSet(rel: string, abs: string, openText?: (absolute: string) => string | undefined): PlannedSet {
  let text = openText?.(abs);
  const notices: Array<{ path: string; message: string }> = [];
  if (text === undefined)
    try {
      const r = readRegularFile(abs, MAX_HISTORY_FILE_BYTES);
      text = r.bytes === undefined ? undefined : decodeText(r.bytes).text;
    } catch {
      text = undefined;
    }
  if (text === undefined) notices.push({ path: rel, message: 'This file could not be read: it is left out of the plan.' });
  const files = text === undefined ? [] : [{ path: rel, text }];
  const folder = new MigrationFolder(files);
  const tables = folder.before(files.length).tables;
  notices.push(...folder.notices);
  return { key: `file\u0000${rel}`, root: rel, files, tables, notices, snapshot: true };
}

/**
 * The error when no path named holds a migration set: each path quoted (`"."` is the current
 * folder, not a sentence's end), and the one-file route for apps with no migration files
 * (`drizzle-kit push`, changes made in the console): a schema dump, planned alone.
 */
export function noSetMessage(paths: readonly string[]): string {
  return (
    `No migration set found in ${paths.map((p) => JSON.stringify(p)).join(', ')}. ` +
    'With no migration files (drizzle-kit push), dump the schema to one file and plan that: ' +
    'pg_dump --schema-only "$DATABASE_URL" > schema.sql, then neon-auth-lint migrate --to current schema.sql.'
  );
}
