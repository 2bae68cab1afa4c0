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
/** Bundles scripts/sync.ts and runs its `main`; returns the exit code. */
async function runOnce() {
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
    return await mod.exports.main(process.argv.slice(2), root);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The rule snapshots read the case index that sync itself writes: when a pass rewrote the index (a
// rule just registered), a second pass, bundled anew, writes the new rule's snapshot file.
const index = path.join(root, 'test/ruleCases.ts');
const before = fs.readFileSync(index, 'utf8');
process.exitCode = await runOnce();
if (!process.argv.includes('--check') && fs.readFileSync(index, 'utf8') !== before) process.exitCode = await runOnce();
