/**
 * `neonAuth.planMigrationToCurrent` `[{ folders?: string[] }]`: the move to the current Neon Auth
 * (`migrate/folder.ts`, the CLI's `migrate --to current`) for the given folder URIs, else every
 * workspace folder, read with the editor's open buffers in place of the disk. Answers the SQL and
 * the report; writes nothing (the client opens the SQL as a new document).
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { LoadedConfig } from '../config/config';
import { planMigrationForFolders } from '../migrate/folder';
import { columnsSummary, PlanReportItem } from '../migrate/plan';
import { MIGRATION_FILE_NAME } from '../../../shared/protocol';
import { filePathOf } from './workspaceConfig';
import type { Progress } from './workspaceCheck';

/** One report item, with the `file:` URI of its file when it names one. */
export interface MigrationReportItem extends PlanReportItem {
  uri?: string;
}

/** What `neonAuth.planMigrationToCurrent` answers. */
export interface MigrationPlanResult {
  /**
   * `planned`: `sql` holds the file; `nothingToMove`: no column references `users_sync` (no file,
   * no error: an `info` item says so; the report may still list queries that name the legacy
   * table); `failed`: no file can be written (an `error` item of the report says why: no migration
   * set); `noFolder`: no folder on disk to read; `cancelled`: stopped before the end (nothing to use).
   */
  status: 'planned' | 'nothingToMove' | 'failed' | 'noFolder' | 'cancelled';
  /** The SQL file's text ('' unless `planned`). */
  sql: string;
  /** Notices, choices, columns, queries that break after the switch: as the CLI prints them on stderr. */
  report: MigrationReportItem[];
  /** Columns the file moves (not those it skips: uuid in the migrations already; see `columnsSummary`). */
  columns: number;
  /** Queries (distinct file and line) the report lists as breaking after the switch. */
  queries: number;
  /** Where the client offers to save the SQL: `<first folder>/neon-auth-migration.sql`, as a `file:` URI. */
  target?: string;
  /** Files in `report` are relative to this folder (absolute path). */
  base?: string;
  /** One line for the user. */
  message: string;
}

/** What the server lends the command. */
export interface MigrationPlanHost {
  /** The URIs of the workspace folders. */
  folders(): Promise<string[]>;
  /** The `.neon-auth.json` that applies to a folder (absolute path). */
  configOf(folder: string): LoadedConfig | undefined;
  /** The editor's text of a file when it is open. */
  openText(file: string): string | undefined;
  /** Resolves when parsing may start (the Postgres grammar loaded or gave up). */
  ready(): Promise<void>;
  /** Lets the server's pending messages (a `$/cancelRequest`) in: awaited before the work and between files. */
  pause?(): Promise<void>;
}

/** The argument, validated: the folder URIs asked for, or undefined for the workspace's; null when malformed. */
export function readMigrationPlanArgs(args: readonly unknown[] | undefined): string[] | undefined | null {
  const a = args?.[0];
  if (a === undefined || a === null) return undefined;
  if (typeof a !== 'object') return null;
  const folders = (a as { folders?: unknown }).folders;
  if (folders === undefined) return undefined;
  if (!Array.isArray(folders) || !folders.every((f) => typeof f === 'string')) return null;
  return folders as string[];
}

/** Whether `dir` is `folder` or inside it (absolute paths). */
function inside(dir: string, folder: string): boolean {
  const rel = path.relative(folder, dir);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The deepest folder holding every one of `dirs` (absolute paths). */
function commonFolder(dirs: readonly string[]): string {
  let base = dirs[0];
  for (const d of dirs.slice(1)) {
    while (!inside(d, base)) {
      const up = path.dirname(base);
      if (up === base) break;
      base = up;
    }
  }
  return base;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * Plans the move for `folderUris` (else the workspace folders): reads their migration sets and the
 * queries under them, the configuration of the first folder applying (`migrations`, `ignore`).
 * Files are named relative to the workspace folder holding them all (`base`).
 * `shouldStop` is asked between files of the query search. Never rejects for bad input: a folder
 * that is not on disk is left out, a plan that cannot be made answers `failed`.
 */
export async function planMigrationCommand(
  host: MigrationPlanHost,
  folderUris: readonly string[] | undefined,
  progress: Progress,
  shouldStop: () => boolean,
): Promise<MigrationPlanResult> {
  const empty = { sql: '', report: [], columns: 0, queries: 0 };
  const workspace = (await host.folders()).map((u) => filePathOf(u)).filter((d): d is string => d !== undefined);
  const dirs =
    folderUris === undefined ? [...new Set(workspace)] : [...new Set(folderUris.map((u) => filePathOf(u)).filter((d): d is string => d !== undefined))];
  if (dirs.length === 0)
    return { status: 'noFolder', ...empty, message: 'Neon Auth: open a folder with your migrations to plan the move to the current Neon Auth.' };
  progress.begin('Neon Auth: planning the migration to the current Neon Auth', undefined, 'reading migrations', true);
  try {
    await host.ready();
    await host.pause?.();
    if (shouldStop()) return { status: 'cancelled', ...empty, message: 'Neon Auth: migration plan cancelled.' };
    // Files are named relative to the workspace folder holding every planned folder (a folder picked
    // in the Explorer is one of its subfolders), else to the folder they share.
    const holding = workspace.filter((w) => dirs.every((d) => inside(d, w))).sort((a, b) => b.length - a.length)[0];
    const base = holding ?? commonFolder(dirs);
    let plan;
    try {
      plan = await planMigrationForFolders(dirs, (d) => host.configOf(d), base, {
        openText: (f) => host.openText(f),
        shouldStop,
        ...(host.pause ? { pause: () => host.pause!() } : {}),
      });
    } catch (e) {
      const message = `Neon Auth: cannot plan the migration: ${e instanceof Error ? e.message : String(e)}`;
      return { status: 'failed', ...empty, report: [{ severity: 'error', message }], base, message };
    }
    if (!plan || shouldStop()) return { status: 'cancelled', ...empty, base, message: 'Neon Auth: migration plan cancelled.' };
    const report: MigrationReportItem[] = plan.report.map((r) => (r.file === undefined ? r : { ...r, uri: pathToFileURL(path.resolve(base, r.file)).href }));
    const queries = new Set(plan.report.filter((r) => r.rule !== undefined).map((r) => `${r.file}:${r.line}`)).size;
    if (plan.sql === '') {
      const error = plan.report.find((r) => r.severity === 'error');
      if (error) return { status: 'failed', ...empty, report, queries, base, message: `Neon Auth: ${error.message}` };
      const info = plan.report.find((r) => r.severity === 'info' && r.file === undefined);
      const still = queries === 0 ? '' : ` ${queries === 1 ? 'One query still names' : `${queries} queries still name`} the legacy table (see the report).`;
      return { status: 'nothingToMove', ...empty, report, queries, base, message: `Neon Auth: ${info?.message ?? 'there is nothing to move.'}${still}` };
    }
    const review = plan.report.filter((r) => r.severity === 'warning' && r.rule === undefined).length;
    const counted = columnsSummary(plan);
    const parts = [counted.text];
    if (review > 0) parts.push(`${plural(review, 'item')} to review`);
    if (queries > 0) parts.push(`${plural(queries, 'query', 'queries')} that break after the switch`);
    return {
      status: 'planned',
      sql: plan.sql,
      report,
      columns: counted.moved,
      queries,
      target: pathToFileURL(path.join(dirs[0], MIGRATION_FILE_NAME)).href,
      base,
      message: `Neon Auth: migration planned: ${parts.join(', ')}.`,
    };
  } finally {
    progress.done();
  }
}
