/**
 * The text of a new `.neon-auth.json`: one implementation for the CLI's `neon-auth-lint init`
 * (`cli/init.ts`) and the VS Code command `neonAuth.createConfig` (`client/src/extension.ts`), so
 * both write the same bytes. Pure: no file system, no ajv (the client bundles it).
 */
import { CONFIG_SCHEMA_URL } from '../../../shared/protocol';

/** The file name looked for in each folder, from the checked file's folder up. */
export const CONFIG_FILE_NAME = '.neon-auth.json';

/**
 * The content of a new configuration file, UTF-8 text ending in a newline: the schema link (the
 * published URL, `CONFIG_SCHEMA_URL`: portable across machines and versions; VS Code also applies the
 * bundled copy through the extension's `jsonValidation`), `"authSchema": "auto"`, no rule
 * overrides and no ignore globs. Valid against `schemas/neon-auth.schema.json` and loaded by
 * `config.ts` without a problem (`test/cliInit.test.ts`).
 */
export function newConfigText(): string {
  const config = { $schema: CONFIG_SCHEMA_URL, authSchema: 'auto', rules: {}, ignore: [] };
  return `${JSON.stringify(config, null, 2)}\n`;
}
