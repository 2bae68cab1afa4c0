/**
 * `neon-auth-lint init [<dir>]`: creates `<dir>/.neon-auth.json` with the text the VS Code command
 * `neonAuth.createConfig` writes (`config/template.ts`), never replacing anything there, whole or
 * not at all (`files.ts` `createNewFile`). Prints the path written on stdout (as given: relative to
 * the working directory when `<dir>` is), and a note on stderr when a `.neon-auth.json` above
 * `<dir>` stops applying to its files (the nearest file applies alone). Errors go to stderr.
 * Exit codes: see `INIT_USAGE`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { replacedConfigFile } from '../config/config';
import { CONFIG_FILE_NAME, newConfigText } from '../config/template';
import { CliIo, InitOptions, NAME } from './args';
import { createNewFile, describeError } from './files';

export function runInit(options: InitOptions, io: CliIo): number {
  const target = path.join(options.dir, CONFIG_FILE_NAME);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(options.dir);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    io.stderr(`${NAME}: cannot create ${target}: ${missing ? `there is no folder ${options.dir}` : describeError(e)}\n`);
    return 2;
  }
  if (!stat.isDirectory()) {
    io.stderr(`${NAME}: cannot create ${target}: ${options.dir} is not a folder\n`);
    return 2;
  }
  const exists = (): number => {
    io.stderr(`${NAME}: ${target} already exists; left as it is (edit it, or delete it to start over)\n`);
    return 2;
  };
  // Also a broken symlink or a folder of that name: nothing is ever written over what is there.
  if (fs.lstatSync(target, { throwIfNoEntry: false }) !== undefined) return exists();
  let outcome: 'written' | 'exists';
  try {
    outcome = createNewFile(target, Buffer.from(newConfigText(), 'utf8'));
  } catch (e) {
    io.stderr(`${NAME}: cannot create ${target}: ${describeError(e)}\n`);
    return 2;
  }
  if (outcome === 'exists') return exists(); // created by someone else since the check above
  io.stdout(`${NAME}: wrote ${target}\n`);
  const parent = replacedConfigFile(target);
  if (parent !== undefined)
    io.stderr(
      `${NAME}: note: for the files under ${options.dir}, it replaces ${path.relative(process.cwd(), parent)}: the nearest .neon-auth.json applies alone (settings are not merged)\n`,
    );
  return 0;
}
