/**
 * `neon-auth-lint migrate --to current`: plans the move to the current Neon Auth for the migration
 * sets under the given folders (`migrate/folder.ts`), writes the SQL to `--out` (a temporary file
 * beside it, renamed over it: never a partial file) or stdout, and the report to stderr
 * (`path:line severity message`, 1-based lines). Exit codes: see `MIGRATE_USAGE`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../config/config';
import { planMigrationForFolders } from '../migrate/folder';
import { CliIo, MigrateOptions, NAME } from './args';

export async function runMigrate(options: MigrateOptions, io: CliIo): Promise<number> {
  for (const p of options.paths)
    if (!fs.existsSync(p)) {
      io.stderr(`${NAME}: cannot read ${p}: no such file or directory\n`);
      return 2;
    }
  const config = options.config === undefined ? undefined : loadConfig(path.resolve(options.config));
  // A file names its folder's sets.
  const folders = options.paths.map((p) => (fs.statSync(p).isDirectory() ? p : path.dirname(p)));
  let plan;
  try {
    plan = await planMigrationForFolders(folders, config);
  } catch (e) {
    io.stderr(`${NAME}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  for (const r of plan.report)
    io.stderr(`${r.file === undefined ? NAME : `${r.file}${r.line === undefined ? '' : `:${r.line}`}`} ${r.severity} ${r.message}\n`);
  if (plan.sql === '') return plan.report.some((r) => r.message.startsWith('No migration set found')) ? 2 : 1;
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
    io.stderr(`${NAME}: wrote ${options.out} (${plan.columns.length} column${plan.columns.length === 1 ? '' : 's'} to move)\n`);
  }
  return plan.report.some((r) => r.severity !== 'info') ? 1 : 0;
}
