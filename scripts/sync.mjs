// `npm run sync` (writes the files derived from the rule registry and the settings defaults) and
// `npm run sync -- --check` (lists stale files, exit 1). The logic is scripts/sync.ts, bundled here
// in memory with esbuild so that no compile step is needed; test/sync.test.ts runs the same code.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['scripts/sync.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  write: false,
  logLevel: 'error',
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-sync-'));
const file = path.join(dir, 'sync.cjs');
try {
  fs.writeFileSync(file, result.outputFiles[0].text);
  // Resolve the bundle's external packages from the repository, not from the temporary folder.
  const Module = createRequire(path.join(root, 'package.json'))('node:module');
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(root);
  mod._compile(result.outputFiles[0].text, file);
  process.exitCode = mod.exports.main(process.argv.slice(2), root);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
