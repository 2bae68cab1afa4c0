/**
 * Facts about the installed package, shared by the CLI and the language server's command line.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The package name, as published and as `--version` prints it. */
export const PACKAGE_NAME = 'neon-auth-sql';

/**
 * The version in the package.json of this package, found from the running bundle (dist/) or the
 * compiled sources (out/) by walking up at most five folders; `unknown` when there is none. Reads
 * the file system; never throws.
 */
export function readVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      /* not here; look further up */
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'unknown';
}

/** The transports `createConnection` of vscode-languageserver picks from the command line. */
const TRANSPORT = /^--(?:stdio|node-ipc|socket|pipe)(?:=|$)/;

/** The language server's usage, for `--help` and a command line that names no transport. */
export const SERVER_USAGE = `Usage: neon-auth-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME
The Neon Auth SQL language server (LSP). Editors start it; to check files from a shell, use neon-auth-lint.
  --version   print the version
  --help      print this help`;

/**
 * What the language server's command line asks for before any connection exists: `version`,
 * `help`, `usage-error` (no transport named: vscode-languageserver would throw), or `serve`.
 * `argv` without the node binary and script (process.argv.slice(2)).
 */
export function serverCommandLine(argv: readonly string[]): 'version' | 'help' | 'usage-error' | 'serve' {
  if (argv.some((a) => TRANSPORT.test(a))) return 'serve';
  if (argv.includes('--version') || argv.includes('-v')) return 'version';
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  return 'usage-error';
}
