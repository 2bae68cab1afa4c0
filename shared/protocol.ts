/**
 * What the VS Code client and the language server both spell: command ids, the `neonAuth/status`
 * notification and its payload, the language ids the server checks, and the public addresses of the
 * documentation. One module, bundled into both (no runtime dependency of its own), so the two sides
 * cannot drift. Other LSP clients (Neovim, Helix, Zed) need none of it: everything here beyond
 * standard LSP is optional.
 */

/** Where the project's files are published to read (GitHub's page of each file: HTML; the package's declared repository, `main` branch). */
export const REPOSITORY_BLOB = 'https://github.com/neon-auth-sql/neon-auth-sql/blob/main/';

/** The same files as they are (their bytes, with a content type tools accept: what a JSON schema link must point to). */
export const REPOSITORY_RAW = 'https://raw.githubusercontent.com/neon-auth-sql/neon-auth-sql/main/';

/** Each rule's documentation is `${RULE_DOCS_BASE}<rule-id>/README.md` (a page to read). */
export const RULE_DOCS_BASE = `${REPOSITORY_BLOB}server/src/linter/rules/`;

/**
 * Where `schemas/neon-auth.schema.json` is published: its `$id` (`npm run sync` writes it from
 * here) and the `$schema` of the `.neon-auth.json` the client creates. The raw file, not the blob
 * page, which serves HTML that JSON tools cannot read as a schema.
 */
export const CONFIG_SCHEMA_URL = `${REPOSITORY_RAW}schemas/neon-auth.schema.json`;

/** Language ids SQL files get from VS Code and from the common Postgres extensions. */
export const SQL_LANGUAGES = ['sql', 'postgres', 'pgsql', 'postgresql', 'psql'] as const;

/** Language ids of the TypeScript/JavaScript documents whose SQL the server checks (see server/src/linter/host.ts). */
export const HOST_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** Commands the server runs (`workspace/executeCommand`); see server/src/lsp/commands.ts. */
export const APPLY_ALL_FIXES_COMMAND = 'neonAuth.applyAllFixes';
export const CHECK_WORKSPACE_COMMAND = 'neonAuth.checkWorkspaceFiles';
export const PLAN_MIGRATION_COMMAND = 'neonAuth.planMigrationToCurrent';
export const SNIPPETS_COMMAND = 'neonAuth.snippetsFor';

/** The VS Code command that runs `PLAN_MIGRATION_COMMAND` and opens the SQL it answers (argument: a folder's URI, optional). */
export const PLAN_MIGRATION_CLIENT_COMMAND = 'neonAuth.planMigration';

/** The file name the editor offers for the plan's SQL, in the (first) folder planned. */
export const MIGRATION_FILE_NAME = 'neon-auth-migration.sql';

/** The client command the server's "Show documentation for …" code action runs (argument: the rule id). */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'neonAuth.showRuleDocumentation';

/**
 * `neonAuth/status` (server → client notification, optional for clients): the outcome of the last
 * check of a document, for a status display. Editors that do not know it ignore it.
 */
export const STATUS_NOTIFICATION = 'neonAuth/status';

/** The payload of `neonAuth/status`. */
export interface CheckStatus {
  uri: string;
  version: number;
  /** Time the check took, in milliseconds. */
  ms: number;
  /** Rules not turned off. */
  rulesActive: number;
  statements: number;
  /** Statements naming an auth table that no parser accepted. */
  rejected: number;
  /** Why the document was not checked, when it was not (too large, not text). */
  skipped?: string;
}
