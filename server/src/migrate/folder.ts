/**
 * The file-system side of the migration plan (`plan.ts`): reads and folds the migration sets under
 * a folder and plans them together. Shared by the CLI (`neon-auth-lint migrate`) and the language
 * server (the editor command).
 */
import type { LoadedConfig } from '../config/config';
import { loadFallbackParser } from '../linter';
import { MigrationHistories } from '../workspace/sets';
import { MigrationPlan, planMigration, PlanReportItem } from './plan';

/**
 * The plan for the migration sets under `folder` (absolute, or relative to `cwd`), discovery
 * overridden by `config`'s `migrations` when given. Files are named relative to `cwd` in the SQL
 * and the report (absolute when outside it). The set's notices (a journal naming a missing file,
 * a CREATE TABLE no parser read) come first in the report, as warnings. Resolves with an `error`
 * item (and no SQL) when the folder holds no migration set; rejects only when it cannot be listed.
 */
export async function planMigrationForFolder(folder: string, config?: LoadedConfig, cwd: string = process.cwd()): Promise<MigrationPlan> {
  return planMigrationForFolders([folder], config, cwd);
}

/** `planMigrationForFolder` for several folders planned as one (a table two sets define is planned once). */
export async function planMigrationForFolders(folders: readonly string[], config?: LoadedConfig, cwd: string = process.cwd()): Promise<MigrationPlan> {
  // The fold parses CREATE TABLE statements: with Postgres' own grammar, as the checks do.
  await loadFallbackParser().catch(() => undefined);
  const histories = new MigrationHistories(cwd);
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
  if (sets.length === 0)
    return {
      sql: '',
      columns: [],
      report: [...notices, { severity: 'error', message: `No migration set found in ${folders.map((f) => histories.rel(f)).join(', ')}.` }],
    };
  const plan = planMigration(sets.map((s) => ({ root: s.set.root, files: s.files, tables: s.prior.tables })));
  return { ...plan, report: [...notices, ...plan.report] };
}
