/**
 * The CLI's command line: its options, the help text and the parsing of argv. Loads nothing but
 * Node's `util.parseArgs` and the linter's constants, so `--version`, `--help` and usage errors
 * are answered without loading the engine (`server/src/cli.ts` loads `./run` only to lint).
 */
import leven from 'leven';
import { parseArgs } from 'util';
import { AUTH_SCHEMA_SETTINGS, AuthSchemaSetting, DEFAULT_MAX_FILE_SIZE, HOST_EXTENSIONS } from '../linter/constants';
import type { LintOptions } from '../linter/types';

/** The extensions searched for in directories by default: SQL, and the TypeScript/JavaScript host files. */
export const DEFAULT_EXTENSIONS: readonly string[] = ['.sql', ...Object.keys(HOST_EXTENSIONS)];

/** The command-line path that stands for standard input. */
export const STDIN_ARG = '-';

/** The command's name, in messages and the help text. */
export const NAME = 'neon-auth-lint';
export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** How standard input (`-`) is named in reports. */
export const STDIN_NAME = '<stdin>';

/** The cache file `--cache` uses when `--cache-location` is not given (relative to the working directory). */
export const DEFAULT_CACHE_LOCATION = '.neon-auth-lint-cache';

/** `--concurrency`: no worker threads (`off`), as many as pays (`auto`), or this many. */
export type Concurrency = 'off' | 'auto' | number;

/** `--concurrency auto` starts workers only for at least this many files… */
export const AUTO_MIN_FILES = 16;
/** …holding at least this many bytes in all (below, starting the workers costs more than they save; see the README). */
export const AUTO_MIN_BYTES = 2 * 1024 * 1024;
/** `--concurrency auto` starts at most this many workers (each holds its own engine and grammar: about 40 MB). */
export const AUTO_MAX_THREADS = 4;
/**
 * `--concurrency auto` gives each thread this many CPU cores: a thread keeps about one core busy
 * and its V8 isolate's background threads (garbage collector, optimizing compiler) most of
 * another (measured per thread with `/proc/thread-self/stat`: 3.1 s on the thread, about 2 s in
 * background threads, on the 2,000-file bench repository). On 2 cores a second thread only competes
 * with the first one's background work: slower, measured (see the README), so `auto` is one thread there.
 */
export const AUTO_CORES_PER_THREAD = 2;
/** The argument a worker thread of `--concurrency` gets in its `process.argv` (see `run.ts`). */
export const WORKER_ARG = '--neon-auth-lint-worker';

/** The most threads `--concurrency N` takes. */
export const MAX_THREADS = 64;

export const USAGE = `Usage: ${NAME} [--format text|json|sarif|github] [--fix [--unsafe-fixes]] [--quiet] [--max-warnings N] [--max-file-size MB] [--auth-schema auto|legacy|current] [--config FILE] [--ext LIST] [--stdin-filename PATH] [--cache [--cache-location PATH] [--cache-strategy metadata|content]] [--concurrency off|auto|N] [--help] [--version] <file|dir|->...

Lints SQL for mistakes around Neon Auth's user tables: inner joins that drop rows while a user
is not synced yet, soft-deleted users in results, foreign keys with no ON DELETE policy. In
TypeScript and JavaScript files it checks the SQL of tagged templates (the Neon driver's sql,
postgres.js, Drizzle's sql, Prisma's $queryRaw, ...) and of query strings (pool.query('...')).
Directories are searched recursively for ${DEFAULT_EXTENSIONS.join(' ')} files (node_modules
and dot-directories are skipped, and for TypeScript/JavaScript also dist, build, out, coverage
and .d.ts files; symlinked directories are not followed). "-" reads SQL from standard input,
reported as ${STDIN_NAME} (TypeScript or JavaScript when --stdin-filename says so).

Options:
  --format <format>     output on stdout (default text, or github when GITHUB_ACTIONS=true):
                          text    "path:line:col severity rule message" per finding (1-based),
                                  a summary on stderr; coloured when stdout is a terminal and
                                  NO_COLOR is not set
                          json    one entry per checked file, 0-based LSP positions and fixes
                          sarif   SARIF 2.1.0 log (one run) for code-scanning tools
                          github  GitHub Actions annotations (::warning file=…,line=…::…),
                                  a summary on stderr
  --fix                 apply the safe fixes (those that cannot change what the data or a
                        query means) and rewrite the files that changed (same encoding, owner,
                        group and mode; never a file you may not write, one with no write
                        permission, or one saved meanwhile), then report what remains; for "-"
                        the fixed SQL goes to stdout and the report to stderr
  --unsafe-fixes        with --fix, also apply each finding's preferred suggestion (a choice
                        such as ON DELETE CASCADE or LEFT JOIN); never where you wrote the
                        choice yourself (an explicit ON DELETE RESTRICT stays)
  --quiet               report and fix errors only (with --max-warnings, warnings still count,
                        but are not shown)
  --max-warnings <N>    exit 1 when there are more than N warnings, even with no error; with
                        it, N or fewer warnings exit 0
  --max-file-size <MB>  skip files larger than this, with one notice each (default ${DEFAULT_MAX_FILE_SIZE / (1024 * 1024)})
  --auth-schema <auto|legacy|current>
                        the Neon Auth generation the files are written for: auto (default)
                        detects it per file (a migration follows its set's earlier
                        migrations unless it names both); legacy or current reports
                        references to the other generation's user table (rule
                        match-auth-schema)
  -c, --config <file>   the .neon-auth.json to use for every file (default: the nearest one
                        above each file, as the editor does); options given here override it
  --ext <list>          the extensions to search directories for, comma-separated (default
                        ${DEFAULT_EXTENSIONS.join(',')}); files named on the command line are
                        checked whatever their extension
  --stdin-filename <path>
                        the path "-" stands for: its name in the report (so github and sarif
                        annotations attach to it) and where its .neon-auth.json is looked for
  --cache               keep each checked file's findings in a cache and reuse them while the
                        file's content, its options and settings, its migration history and
                        this version are unchanged (not for "-"; --fix does not read it,
                        it stores the findings of the text it writes)
  --cache-location <path>
                        the cache file (default ${DEFAULT_CACHE_LOCATION} in the working directory)
  --cache-strategy <metadata|content>
                        how --cache tells an unchanged file: metadata (default) by its size and
                        times and those of what it depends on (its migration set, imported
                        modules), without reading it; content by reading it and what it depends on
  --concurrency <off|auto|N>
                        threads that check files: N (the main one and N-1 worker threads),
                        off (or 1) for the main thread alone, auto (default) for one per
                        ${AUTO_CORES_PER_THREAD} CPU cores (at most ${AUTO_MAX_THREADS}; one thread on a 2-core machine) when
                        there are at least ${AUTO_MIN_FILES} files of ${AUTO_MIN_BYTES / (1024 * 1024)} MB in all; the output is the
                        same either way
  -h, --help            show this help
  -v, --version         show the version

Subcommands:
  ${NAME} init [<dir>]
                        create a .neon-auth.json in <dir> (default: the working directory),
                        never replacing one ('${NAME} init --help' for more)
  ${NAME} migrate --to current [--out FILE] <dir>...
                        write the SQL that moves the app to the current Neon Auth
                        ('${NAME} migrate --help' for more)

Exit codes: 0 no warnings or errors (or no more warnings than --max-warnings), 1 errors or
warnings found, 2 usage error, a named path or stdin that could not be read, a file --fix did not
write (read-only, not writable by you, or changed on disk while being fixed), an invalid or
unreadable .neon-auth.json, or no file to check found at all.
`;

/** Where the CLI writes; injectable so it can run in process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (the text format is coloured only then). Default false. */
  stdoutIsTTY?: boolean;
  /** Writes bytes to stdout as they are (the SQL of `--fix -`); default: `stdout` of the UTF-8 text. */
  stdoutBytes?(bytes: Uint8Array): void;
}

export interface Options {
  format: Format;
  fix: boolean;
  /** `--unsafe-fixes`: `--fix` also applies preferred suggestions, not only safe fixes. */
  unsafeFixes: boolean;
  /** Report errors only. */
  quiet: boolean;
  /** Exit 1 when there are more warnings than this (also with no error); undefined: any warning fails. */
  maxWarnings?: number;
  paths: string[];
  /** Options given on the command line; they override the configuration file's. */
  lint: LintOptions;
  /** `--config`: one configuration file for every checked file, instead of the nearest one. */
  config?: string;
  /** `--stdin-filename`: the path standard input stands for. */
  stdinFilename?: string;
  /** `--ext`: the extensions directories are searched for (lower-case, with the dot). */
  extensions: string[];
  /** `--cache` (`--cache-location`): the cache file findings are kept in, relative to the working directory; undefined without `--cache`. */
  cache?: string;
  /** `--cache-strategy` (default `metadata`): how `--cache` tells an unchanged file (see `cli/cache.ts`). */
  cacheStrategy: 'metadata' | 'content';
  /** `--concurrency`: worker threads (default `auto`). */
  concurrency: Concurrency;
}

/** `neon-auth-lint migrate --to current <paths>… [--out FILE] [--config FILE]`. */
export interface MigrateOptions {
  to: 'current';
  paths: string[];
  /** Where the SQL goes (written whole: a temporary file renamed); undefined: stdout. */
  out?: string;
  config?: string;
}

export const MIGRATE_USAGE = `Usage: ${NAME} migrate --to current [--out FILE] [--config FILE] <dir|file>...

Writes one SQL file that moves the app whose migrations are in the given folders from the legacy
Neon Auth (neon_auth.users_sync, text ids) to the current one (neon_auth."user", uuid ids): an id
map by e-mail, a guard, and each column that references users_sync(id) moved to a uuid column
that references "user"(id), with its indexes, keys, policies, NULL checks, comment and a DEFAULT
auth.user_id() (as auth.uid()), in one transaction. Review it, run it on a Neon branch first.
A folder is searched for migration sets; a file names the sets of its folder, or, when it is in
none (a hand-written schema.sql), is planned alone, its statements in order. Sets are found as
the lint finds them: the "migrations" globs of --config, else of the nearest .neon-auth.json
above each path.
The SQL goes to --out (written whole or not at all) or stdout; the report goes to stderr, one
"path:line:column severity message" per item (1-based). The report lists what needs a person,
among them objects the file cannot move (another table's foreign key, a view or a generated
column on a moved column, a CHECK that compares it as text, another default): the file's guard
stops before changing anything while they exist. It (and the file's header, by file and line)
also lists the queries in the SQL, TypeScript and JavaScript files under the given folders that
break after the switch.

Nothing to move (no column references users_sync(id)) writes no file and is no error: only the
queries that still name the legacy table are listed.

Exit codes: 0 nothing needs a person (the file written, or nothing to move); 1 the report lists
what needs a person (warnings); 2 usage error, no migration set found, or --out could not be
written.
`;

/** `neon-auth-lint init [<dir>]`. */
export interface InitOptions {
  /** The folder to create `.neon-auth.json` in, as given (default `.`: the working directory). */
  dir: string;
}

export const INIT_USAGE = `Usage: ${NAME} init [<dir>]

Creates .neon-auth.json in <dir> (default: the working directory), the file the VS Code command
"Neon Auth: Create Configuration File" creates: the schema link, "authSchema": "auto", no rule
overrides, no ignore globs. Never replaces an existing file. The file appears whole or not at all
(written under a temporary name beside it, then linked into place), and its path is printed.
It configures the files under <dir> instead of any .neon-auth.json above <dir>: the nearest
file applies alone, its settings are not merged with a parent's (a note says when there is one).
A folder named init is checked with '${NAME} ./init'.

Exit codes: 0 written; 2 usage error, a .neon-auth.json already there, <dir> missing or not a
folder, or the file could not be written.
`;

export type Parsed =
  | { kind: 'run'; options: Options }
  | { kind: 'migrate'; options: MigrateOptions }
  | { kind: 'migrateHelp' }
  | { kind: 'init'; options: InitOptions }
  | { kind: 'initHelp' }
  | { kind: 'help' }
  | { kind: 'version' }
  /** `subcommand`: the error is in that subcommand's arguments (its usage is shown, not the lint's). */
  | { kind: 'usageError'; message: string; subcommand?: 'migrate' | 'init' };

/** The long options, for "did you mean" (the same list `parseCommandLine` gives `parseArgs`). */
const LONG_OPTIONS = [
  'format',
  'fix',
  'unsafe-fixes',
  'quiet',
  'max-warnings',
  'max-file-size',
  'auth-schema',
  'config',
  'stdin-filename',
  'ext',
  'cache',
  'cache-location',
  'cache-strategy',
  'concurrency',
  'help',
  'version',
] as const;

/**
 * `parseArgs`' error in the CLI's words: an unknown option is named with the closest known one
 * (edit distance at most 2, per `leven`), instead of Node's advice about positionals.
 */
function usageErrorText(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
  if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !unknown) return message;
  if (unknown[1] === '--' && unknown[2] === 'init') return `unknown option --init; to create a .neon-auth.json, run '${NAME} init [<dir>]'`;
  if (unknown[1] === '-') return `unknown option -${unknown[2]}; a path that starts with '-' goes after '--'`;
  const written = unknown[2];
  let best: { name: string; distance: number } | undefined;
  for (const name of LONG_OPTIONS) {
    const distance = leven(written, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return `unknown option ${unknown[1]}${written}${best ? ` (did you mean --${best.name}?)` : ''}; a path that starts with '-' goes after '--'`;
}

/** The `migrate` subcommand's arguments (after the word `migrate`). */
function parseMigrate(argv: readonly string[]): Parsed {
  let values: { to?: string; out?: string; config?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: { to: { type: 'string' }, out: { type: 'string' }, config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    return { kind: 'usageError', message: `migrate: ${e instanceof Error ? e.message : String(e)}`, subcommand: 'migrate' };
  }
  if (values.help) return { kind: 'migrateHelp' };
  if (values.to !== 'current')
    return {
      kind: 'usageError',
      message: values.to === undefined ? 'migrate needs --to current' : `migrate --to '${values.to}': only 'current' is known`,
      subcommand: 'migrate',
    };
  if (positionals.length === 0) return { kind: 'usageError', message: 'migrate: no folder or file of migrations given', subcommand: 'migrate' };
  return { kind: 'migrate', options: { to: 'current', paths: positionals, out: values.out, config: values.config } };
}

/** The `init` subcommand's arguments (after the word `init`): at most one folder. */
function parseInit(argv: readonly string[]): Parsed {
  let values: { help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }));
  } catch (e) {
    return { kind: 'usageError', message: `init: ${e instanceof Error ? e.message : String(e)}`, subcommand: 'init' };
  }
  if (values.help) return { kind: 'initHelp' };
  if (positionals.length > 1) return { kind: 'usageError', message: `init takes one folder, not ${positionals.length}`, subcommand: 'init' };
  return { kind: 'init', options: { dir: positionals[0] ?? '.' } };
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Parsed {
  if (argv[0] === 'migrate') return parseMigrate(argv.slice(1));
  if (argv[0] === 'init') return parseInit(argv.slice(1));
  let values: {
    format?: string;
    fix?: boolean;
    'unsafe-fixes'?: boolean;
    quiet?: boolean;
    'max-warnings'?: string;
    help?: boolean;
    version?: boolean;
    'max-file-size'?: string;
    'auth-schema'?: string;
    config?: string;
    'stdin-filename'?: string;
    ext?: string;
    cache?: boolean;
    'cache-location'?: string;
    'cache-strategy'?: string;
    concurrency?: string;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string' },
        fix: { type: 'boolean' },
        'unsafe-fixes': { type: 'boolean' },
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        'max-file-size': { type: 'string' },
        'auth-schema': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'stdin-filename': { type: 'string' },
        ext: { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'cache-strategy': { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    return { kind: 'usageError', message: usageErrorText(e) };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  // In a GitHub Actions job the default is annotations on the changed lines.
  const format = values.format ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : 'text');
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { kind: 'usageError', message: `unknown format '${format}' (expected ${FORMATS.join(', ')})` };
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    maxWarnings = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(maxWarnings)) return { kind: 'usageError', message: `--max-warnings needs a whole number of warnings (0 or more), not '${raw}'` };
  }
  const lintOptions: LintOptions = {};
  if (values['max-file-size'] !== undefined) {
    const mb = Number(values['max-file-size']);
    if (!Number.isFinite(mb) || mb <= 0)
      return { kind: 'usageError', message: `--max-file-size needs a positive number of megabytes, not '${values['max-file-size']}'` };
    lintOptions.maxFileSize = Math.round(mb * 1024 * 1024);
  }
  if (values['auth-schema'] !== undefined) {
    const schema = values['auth-schema'];
    if (!(AUTH_SCHEMA_SETTINGS as readonly string[]).includes(schema)) {
      return { kind: 'usageError', message: `unknown --auth-schema '${schema}' (expected ${AUTH_SCHEMA_SETTINGS.join(', ')})` };
    }
    lintOptions.authSchema = schema as AuthSchemaSetting;
  }
  if (values['unsafe-fixes'] && !values.fix) return { kind: 'usageError', message: '--unsafe-fixes only changes what --fix applies: add --fix' };
  let extensions = [...DEFAULT_EXTENSIONS];
  if (values.ext !== undefined) {
    extensions = values.ext
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== '')
      .map((e) => (e.startsWith('.') ? e : `.${e}`));
    const bad = extensions.find((e) => !/^\.[a-z0-9]+$/.test(e));
    if (extensions.length === 0 || bad !== undefined)
      return { kind: 'usageError', message: `--ext needs a comma-separated list of extensions such as .sql,.ts, not '${values.ext}'` };
  }
  let concurrency: Concurrency = 'auto';
  if (values.concurrency !== undefined) {
    const raw = values.concurrency;
    if (raw === 'off' || raw === 'auto') concurrency = raw;
    else if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= MAX_THREADS) concurrency = Number(raw) === 1 ? 'off' : Number(raw);
    else return { kind: 'usageError', message: `--concurrency needs off, auto or a number of threads from 1 to ${MAX_THREADS}, not '${raw}'` };
  }
  const cacheStrategy = values['cache-strategy'] ?? 'metadata';
  if (cacheStrategy !== 'metadata' && cacheStrategy !== 'content')
    return { kind: 'usageError', message: `--cache-strategy needs metadata or content, not '${cacheStrategy}'` };
  if (positionals.length === 0) return { kind: 'usageError', message: 'no file or directory given' };
  return {
    kind: 'run',
    options: {
      format: format as Format,
      fix: values.fix === true,
      unsafeFixes: values['unsafe-fixes'] === true,
      quiet: values.quiet === true,
      maxWarnings,
      paths: positionals,
      lint: lintOptions,
      config: values.config,
      stdinFilename: values['stdin-filename'],
      extensions,
      ...(values.cache ? { cache: values['cache-location'] ?? DEFAULT_CACHE_LOCATION } : {}),
      cacheStrategy,
      concurrency,
    },
  };
}
