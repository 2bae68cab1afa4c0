/**
 * Constants the front ends need before they load the linter: the CLI's argument parsing and help
 * text use them, and `dist/cli.js` bundles this module without the engine (see `server/src/cli.ts`).
 * No imports but the shared language ids, so nothing else is loaded with it.
 */
import { HOST_LANGUAGES } from '../../../shared/protocol';

export type HostLanguage = (typeof HOST_LANGUAGES)[number];

/** File extensions of host files (never `.d.ts`, see `hostLanguageOfPath`). */
export const HOST_EXTENSIONS: Readonly<Record<string, HostLanguage>> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
};

/** Default `LintOptions.maxFileSize`: 5 MB of ASCII, in UTF-16 code units. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** `LintOptions.authSchema`: detect the generation from the file, or force one. */
export type AuthSchemaSetting = 'auto' | 'legacy' | 'current';

export const AUTH_SCHEMA_SETTINGS: readonly AuthSchemaSetting[] = ['auto', 'legacy', 'current'];
