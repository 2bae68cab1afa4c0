/**
 * The linter core's public API. Pure TypeScript: no LSP or VS Code import, no I/O.
 * All offsets are 0-based UTF-16 code unit offsets into the document text, `end` exclusive.
 */
export * from './types';
export { LineIndex, LinePosition, PositionConverter } from './positions';
export {
  lint,
  applyEdits,
  fixAll,
  fixAllPasses,
  DocumentLinter,
  FixAllResult,
  preferredFixEdits,
  disableRuleEdit,
  disableRuleEdits,
  skipReason,
  tooLargeReason,
  DEFAULT_MAX_FILE_SIZE,
  PARSE_ERROR_ID,
  FILE_SKIPPED_ID,
} from './engine';
export { hoverAt, Hover } from './hover';
export {
  completionContextAt,
  CompletionContext,
  suppressionCompletionAt,
  SuppressionCompletion,
  suppressibleIds,
  SuppressibleId,
  typedWordStart,
} from './completion';
export { rules, getRule, closestRuleId, RULE_DOCS_BASE } from './rules/registry';
export { placeholdersOf, renderMessage } from './rules/rule';
export { AUTH_SCHEMA_SETTINGS, AuthSchemaSetting } from './generation';
export { UNUSED_IGNORE_ID } from './suppressions';
// The Postgres grammar (libpg-query, WebAssembly: the one piece that reads a file, lazily); parses first once loaded.
export { loadPostgresGrammar, isPostgresGrammarLoaded, postgresGrammarLoadError } from './pgGrammar';
export { wouldParse } from './parse';
export { bulkFixable, BulkFixScope, BulkFixVerdict, FixApplicability, fixApplicability, judgeBulkFix, leftSuggestion } from './fixes';
// SQL inside TypeScript and JavaScript files.
export {
  HOST_LANGUAGES,
  HOST_EXTENSIONS,
  BUILD_DIRS,
  HostLanguage,
  isHostLanguage,
  isSearchedFile,
  hostLanguageOfPath,
  mentionsNeonAuth,
  inSqlPart,
  hostWorkspaceOf,
  HostWorkspace,
} from './host';
