/**
 * Loads the fallback parser (the real Postgres grammar, WASM) before the tests of the file that
 * imports this module, as the CLI and the language server do at startup: rule cases include
 * statements only it accepts. Import for the side effect: `import './helpers/fallback';`.
 */
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { fallbackLoadError, isFallbackLoaded, loadFallbackParser } from '../../server/src/linter';

before(async () => {
  await loadFallbackParser();
  assert.ok(isFallbackLoaded(), `the fallback parser did not load: ${fallbackLoadError()}`);
});
