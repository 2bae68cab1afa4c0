#!/usr/bin/env node
/**
 * neon-auth-lint: the command-line front end of the linter core.
 *
 *   neon-auth-lint [--format text|json|sarif|github] [--fix [--unsafe-fixes]] [--quiet] [--max-warnings N]
 *                  [--max-file-size MB] [--auth-schema auto|legacy|current] [--config FILE] [--help] [--version] <file|dir|->...
 *   neon-auth-lint init [<dir>]                       (creates .neon-auth.json: cli/init.ts)
 *   neon-auth-lint migrate --to current <dir>...      (cli/migrate.ts)
 *
 * Exit codes: 0 no warning or error (infos and hints do not fail), 1 at least one error, or a
 * warning (with --max-warnings N: more than N warnings; with --quiet alone: warnings do not
 * count), 2 usage error, or a path that could not be read, checked or written (read-only, or
 * changed on disk while being fixed; the other paths are still checked).
 *
 * This entry loads only the command line (`./cli/args`): `--version`, `--help` and usage errors
 * are answered without the engine. The engine (`./cli/run`: the linter core, the configuration,
 * the reporters) is required only when there is something to check; the bundle (dist/cli.js)
 * requires it from dist/cliEngine.js, a bundle of its own (see scripts/build.mjs).
 */
import type * as Engine from './cli/run';
import { CliIo, INIT_USAGE, MIGRATE_USAGE, NAME, parseCommandLine, USAGE } from './cli/args';
import { readVersion } from './packageInfo';

export { parseCommandLine, USAGE, type CliIo };

/** Each subcommand's `--help` text (its first line is the synopsis a usage error shows). */
const SUBCOMMAND_USAGE = { migrate: MIGRATE_USAGE, init: INIT_USAGE } as const;

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stdoutBytes: (bytes) => void process.stdout.write(bytes),
};

/**
 * The engine, required on first use. The path is the module's in the compiled sources (out/); the
 * build maps it to `./cliEngine.js` beside dist/cli.js.
 */
function loadEngine(): typeof Engine {
  return require('./cli/run') as typeof Engine; // eslint-disable-line @typescript-eslint/no-require-imports
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCommandLine(argv, env);
  switch (parsed.kind) {
    case 'help':
      io.stdout(USAGE);
      return 0;
    case 'version':
      io.stdout(`${readVersion()}\n`);
      return 0;
    case 'usageError':
      // The message and the synopsis; the options' descriptions are one --help away.
      io.stderr(
        parsed.subcommand !== undefined
          ? `${NAME}: ${parsed.message}\n\n${SUBCOMMAND_USAGE[parsed.subcommand].split('\n')[0]}\nRun '${NAME} ${parsed.subcommand} --help' for more.\n`
          : `${NAME}: ${parsed.message}\n\n${USAGE.split('\n')[0]}\nRun '${NAME} --help' for the options.\n`,
      );
      return 2;
    case 'migrateHelp':
      io.stdout(MIGRATE_USAGE);
      return 0;
    case 'migrate':
      return loadEngine().runMigrate(parsed.options, io);
    case 'initHelp':
      io.stdout(INIT_USAGE);
      return 0;
    case 'init':
      return loadEngine().runInit(parsed.options, io);
    case 'run':
      return loadEngine().run(parsed.options, io, env);
  }
}

if (require.main === module) {
  // A closed pipe (`neon-auth-lint … | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
