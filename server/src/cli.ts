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
 * requires it from dist/cliEngine.js, a bundle of its own (see scripts/build.mjs), and `migrate`
 * from dist/cliMigrate.js. Both are compiled with a V8 code cache (`./cli/codeCache`).
 */
import type * as Engine from './cli/run';
import type * as Migrate from './cli/migrate';
import { CliIo, INIT_USAGE, MIGRATE_USAGE, NAME, parseCommandLine, USAGE } from './cli/args';
import { readVersion } from './packageInfo';
import { codeCacheDir, useCodeCache } from './cli/codeCache';
import { setGrammarV8Flags } from './v8Flags';

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
 * The bundles beside dist/cli.js that a run may compile with the V8 code cache (see
 * `cli/codeCache.ts`): the engine and the libraries it requires on first use (scripts/build.mjs
 * makes each; `test/package.test.ts` checks the list against dist/).
 */
export const CACHED_BUNDLES = ['cliEngine.js', 'cliMigrate.js', 'lib-libpg-query.js', 'lib-babel-parser.js', 'lib-pgsql-ast-parser.js', 'lib-ajv.js'] as const;

/** Whether this process runs the CLI (not a test or another program calling `main`): set below. */
let isProcessEntry = false;

/**
 * Before the first engine bundle is compiled: the grammar's V8 flags (`./v8Flags`: they change V8's
 * flag hash, which a code cache must match), and in the CLI's own process the code cache
 * (`cli/codeCache.ts`). Once per process.
 */
let prepared = false;
function prepareEngineLoad(): void {
  if (prepared) return;
  prepared = true;
  setGrammarV8Flags();
  if (!isProcessEntry) return;
  const dir = codeCacheDir();
  if (dir !== undefined) useCodeCache(__dirname, CACHED_BUNDLES, dir, readVersion());
}

/**
 * The engine, required on first use. The path is the module's in the compiled sources (out/); the
 * build maps it to `./cliEngine.js` beside dist/cli.js.
 */
function loadEngine(): typeof Engine {
  prepareEngineLoad();
  return require('./cli/run') as typeof Engine; // eslint-disable-line @typescript-eslint/no-require-imports
}

/**
 * The migration assistant (`migrate`), required on first use: `./cliMigrate.js` beside dist/cli.js,
 * a bundle of its own, so a run that checks files never compiles the migration plan.
 */
function loadMigrate(): typeof Migrate {
  prepareEngineLoad();
  return require('./cli/migrate') as typeof Migrate; // eslint-disable-line @typescript-eslint/no-require-imports
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
      return loadMigrate().runMigrate(parsed.options, io);
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
  isProcessEntry = true;
  // A closed pipe (`neon-auth-lint … | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
