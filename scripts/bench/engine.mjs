// Loads the linter core in process: esbuild bundles a tiny entry over server/src/linter (the same
// sources and bundler settings as dist/cliEngine.js, minified); the bundle (self-contained: both
// parsers included, where dist/ keeps pgsql-ast-parser in a bundle of its own) is written to a
// temporary file and required. Exposes lint/fixAll, the Postgres grammar's loader, and the lexer,
// splitter and parsers (the Postgres one, and Babel for TypeScript) that the "floor" rows time on their own.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ENTRY = `
export { lint, fixAll, DocumentLinter } from './server/src/linter/index';
export { tokenize, isTrivia, Scanner } from './server/src/linter/lexer';
export { loadPostgresGrammar, isPostgresGrammarLoaded, parsePostgres } from './server/src/linter/pgGrammar';
export { splitStatements } from './server/src/linter/statements';
export { routineBodyStatements } from './server/src/linter/bodies';
export { MigrationHistories } from './server/src/workspace/sets';
export { parseHost } from './server/src/linter/babel';
`;

/** Bundles the entry and returns its CommonJS source text. */
export async function bundleEngine(root) {
  const result = await esbuild.build({
    absWorkingDir: root,
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'bench-engine-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: process.env.BENCH_NO_MINIFY !== '1',
    // as in scripts/build.mjs: jsonc-parser's UMD `main` cannot be bundled (the config reader uses it),
    // fdir's ES module build needs `import.meta.url` (the migration sets' walker uses it)
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js', fdir: './node_modules/fdir/dist/index.cjs' },
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/**
 * Writes the bundle into `dir` (a temporary folder), with the Postgres parser's WASM beside it (where
 * the bundled libpg-query looks for it, as in dist/), and loads it; returns { file, engine }.
 */
export function loadEngine(dir, code, root) {
  const file = path.join(dir, 'engine.cjs');
  fs.writeFileSync(file, code);
  fs.copyFileSync(path.join(root, 'dist/libpg-query.wasm'), path.join(dir, 'libpg-query.wasm'));
  return { file, engine: createRequire(import.meta.url)(file) };
}
