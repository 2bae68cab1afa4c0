/**
 * V8 flags the front ends (CLI and language server) set (`setGrammarV8Flags`) before the
 * Postgres grammar's WebAssembly module is compiled (the CLI: before its engine bundle is compiled,
 * since they change V8's flag hash, which a code cache must match; see `cli/codeCache.ts`).
 *
 * - `--liftoff-only`: the grammar is compiled with V8's baseline compiler only. By default V8
 *   compiles the 1.7 MB module's hot functions again with its optimizing tier in background
 *   threads: 100–150 ms of idle at a CLI's exit while Node waits for them, and in the language
 *   server about 700 M instructions on the machine's other core during start-up (callgrind,
 *   examples/queries.sql), where the statements of a 1 MB file parse as fast with Liftoff alone.
 * - `--wasm-lazy-validation`: each grammar function is validated when first compiled, not the
 *   whole module up front (about 25 M instructions less for a CLI run that parses one statement;
 *   the module is libpg-query's, built by its release).
 */
export const GRAMMAR_V8_FLAGS = ['--liftoff-only', '--wasm-lazy-validation'] as const;

/** Sets `GRAMMAR_V8_FLAGS` (node:v8, required on the first call); once per process, later calls do nothing. */
let grammarFlagsSet = false;
export function setGrammarV8Flags(): void {
  if (grammarFlagsSet) return;
  grammarFlagsSet = true;
  const v8 = require('v8') as typeof import('v8'); // eslint-disable-line @typescript-eslint/no-require-imports
  for (const flag of GRAMMAR_V8_FLAGS) v8.setFlagsFromString(flag);
}
