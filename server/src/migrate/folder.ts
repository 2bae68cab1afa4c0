/**
 * The file-system side of the migration plan (`plan.ts`): reads and folds the migration sets under
 * folders, plans them together, and lists the app's queries under the same folders that break after
 * the switch (`queries.ts`). Shared by the CLI (`neon-auth-lint migrate`) and the language server
 * (the editor command `neonAuth.planMigration`).
 */
import * as path from 'path';
import type { LoadedConfig } from '../config/config';
import { loadFallbackParser } from '../linter';
import type { TableDef } from '../linter/model';
import { MigrationHistories } from '../workspace/sets';
import { MigrationPlan, planMigration, PlanReportItem, withBreakingQueries } from './plan';
import { findBreakingQueries, tablesAfterPlan } from './queries';

/** How the folders are read. */
export interface FolderPlanOptions {
  /** The editor's text of a file (absolute path) when it is open: it replaces the disk, for migrations and queries alike. */
  openText?: (absolute: string) => string | undefined;
  /** Asked between the files of the query search; true stops it (the plan is then incomplete: see `planMigrationForFolders`). */
  shouldStop?: () => boolean;
  /** Awaited between the files of the query search (see `QuerySearch.pause`). */
  pause?: () => Promise<void>;
}

/**
 * The plan for the migration sets under `folder` (absolute, or relative to `cwd`), discovery
 * overridden by `config`'s `migrations` when given. Files are named relative to `cwd` in the SQL
 * and the report (absolute when outside it). The set's notices (a journal naming a missing file,
 * a CREATE TABLE no parser read) come first in the report, as warnings; the queries that break
 * after the switch come last. Resolves with an `error` item (and no SQL) when the folder holds no
 * migration set; rejects only when it cannot be listed.
 */
export async function planMigrationForFolder(folder: string, config?: LoadedConfig, cwd: string = process.cwd()): Promise<MigrationPlan> {
  return planMigrationForFolders([folder], config, cwd);
}

/**
 * `planMigrationForFolder` for several folders planned as one (a table two sets define is planned
 * once). Resolves undefined when `options.shouldStop` stopped it.
 */
export async function planMigrationForFolders(folders: readonly string[], config?: LoadedConfig, cwd?: string): Promise<MigrationPlan>;
export async function planMigrationForFolders(
  folders: readonly string[],
  config: LoadedConfig | undefined,
  cwd: string,
  options: FolderPlanOptions,
): Promise<MigrationPlan | undefined>;
export async function planMigrationForFolders(
  folders: readonly string[],
  config?: LoadedConfig,
  cwd: string = process.cwd(),
  options: FolderPlanOptions = {},
): Promise<MigrationPlan | undefined> {
  // The fold parses CREATE TABLE statements: with Postgres' own grammar, as the checks do.
  await loadFallbackParser().catch(() => undefined);
  const histories = new MigrationHistories(cwd, options.openText);
  const seen = new Set<string>();
  const sets = folders
    .flatMap((f) => histories.foldedSets(f, config))
    .filter((s) => {
      const key = `${s.set.convention}\u0000${s.set.root}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const notices: PlanReportItem[] = histories
    .takeNotices()
    .map((n) => ({ severity: 'warning' as const, message: n.message, file: n.path, ...(n.line === undefined ? {} : { line: n.line + 1 }) }));
  const plan: MigrationPlan =
    sets.length === 0
      ? {
          sql: '',
          columns: [],
          report: [{ severity: 'error', message: `No migration set found in ${folders.map((f) => histories.rel(f)).join(', ')}.` }],
        }
      : planMigration(sets.map((s) => ({ root: s.set.root, files: s.files, tables: s.prior.tables })));
  const tables = new Map<string, TableDef>();
  for (const s of sets) for (const [k, v] of s.prior.tables) tables.set(k, v);
  const queries = await findBreakingQueries(folders, tablesAfterPlan(tables, plan.columns), {
    cwd,
    config,
    exclude: new Set(sets.flatMap((s) => s.files.map((f) => path.resolve(cwd, f.path)))),
    openText: options.openText,
    shouldStop: options.shouldStop,
    pause: options.pause,
  });
  if (options.shouldStop?.()) return undefined;
  const planned = withBreakingQueries(plan, queries);
  return { ...planned, report: [...notices, ...planned.report] };
}
