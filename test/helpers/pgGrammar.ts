/**
 * Loads the Postgres grammar (libpg-query, WebAssembly) before the tests of the file that
 * imports this module, as the CLI and the language server do at startup: rule cases include
 * statements only it accepts. Import for the side effect: `import './helpers/pgGrammar';`.
 */
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { postgresGrammarLoadError, isPostgresGrammarLoaded, loadPostgresGrammar } from '../../server/src/linter';

before(async () => {
  await loadPostgresGrammar();
  assert.ok(isPostgresGrammarLoaded(), `the Postgres grammar did not load: ${postgresGrammarLoadError()}`);
});
