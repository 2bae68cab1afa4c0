/**
 * `neon-auth-lint migrate --to current`: plans the move to the current Neon Auth for the migration
 * sets under the given folders, or of the given files (`migrate/folder.ts`), with `--config` or else
 * the nearest `.neon-auth.json` above each path (as the lint finds it), writes the SQL to `--out` (a temporary file
 * beside it, renamed over it: never a partial file) or stdout, and the report to stderr
 * (`path:line:column severity message`, 1-based, as `migrate/report.ts` writes a place). Exit codes: see `MIGRATE_USAGE`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findConfigFile, LoadedConfig, loadConfig } from '../config/config';
import { planMigrationForFolders } from '../migrate/folder';
import { columnsSummary } from '../migrate/plan';
import { reportLocation } from '../migrate/report';
import { CliIo, MigrateOptions, NAME } from './args';

export async function runMigrate(options: MigrateOptions, io: CliIo): Promise<number> {
  for (const p of options.paths)
    if (!fs.existsSync(p)) {
      io.stderr(`${NAME}: cannot read ${p}: no such file or directory\n`);
      return 2;
    }
  // -c for every path; else, as the lint does, the nearest .neon-auth.json above each path's folder.
  const explicit = options.config === undefined ? undefined : loadConfig(path.resolve(options.config));
  const found = new Map<string, LoadedConfig | undefined>();
  const configOf = (p: string): LoadedConfig | undefined => {
    if (explicit) return explicit;
    const dir = path.resolve(fs.statSync(p).isDirectory() ? p : path.dirname(p));
    if (!found.has(dir)) {
      const file = findConfigFile(dir);
      found.set(dir, file === undefined ? undefined : loadConfig(file));
    }
    return found.get(dir);
  };
  let plan;
  try {
    // A file names its folder's sets, or is a set of one file when it is in none.
    plan = await planMigrationForFolders(options.paths, configOf);
  } catch (e) {
    io.stderr(`${NAME}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  for (const r of plan.report) {
    // a report about no file in particular reads like the CLI's other notices (`neon-auth-lint: error: …`;
    // `neon-auth-lint: …` for one for the record, such as "nothing to move")
    const where = reportLocation(r);
    io.stderr(
      where !== undefined
        ? `${where} ${r.severity} ${r.message}\n`
        : r.severity === 'info'
          ? `${NAME}: ${r.message}\n`
          : `${NAME}: ${r.severity}: ${r.message}\n`,
    );
  }
  const needsPerson = plan.report.some((r) => r.severity !== 'info') ? 1 : 0;
  // No SQL: no migration set (an error), or nothing to move (not an error: no file is written).
  if (plan.sql === '') return plan.report.some((r) => r.severity === 'error') ? 2 : needsPerson;
  if (options.out === undefined) io.stdout(plan.sql);
  else {
    const out = path.resolve(options.out);
    const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(tmp, plan.sql, { flag: 'wx' });
      fs.renameSync(tmp, out);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      io.stderr(`${NAME}: cannot write ${options.out}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    io.stderr(`${NAME}: wrote ${options.out} (${columnsSummary(plan).text})\n`);
  }
  return needsPerson;
}
