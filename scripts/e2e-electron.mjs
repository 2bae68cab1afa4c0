#!/usr/bin/env node
// Runs the extension-host test suite (out/e2e/suite) in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (it is cached in .vscode-test/, gitignored). Same suite as
// scripts/e2e-code-server.mjs; no screenshots. Usage (after `npm run build && tsc -p test/e2e`,
// which `npm run test:e2e:electron` does):
//
//   node scripts/e2e-electron.mjs     VS Code stable (VSCODE_TEST_VERSION=1.91.0 for the engines floor)
//   exit code: the suite's; 3 when VS Code cannot be downloaded.
//   env: NEON_AUTH_E2E_GREP=<regexp> runs only the matching tests.
//   On Linux without a display: xvfb-run -a npm run test:e2e:electron
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = process.env.VSCODE_TEST_VERSION || 'stable';

for (const [file, hint] of [
  ['dist/extension.js', 'npm run build'],
  ['out/e2e/suite/index.js', 'npx tsc -p test/e2e'],
]) {
  if (!fs.existsSync(path.join(ROOT, file))) {
    console.error(`[e2e-electron] ${file} is missing: run \`${hint}\` first (\`npm run test:e2e:electron\` does).`);
    process.exit(2);
  }
}

const { runTests, TestRunFailedError } = await import('@vscode/test-electron');

// A copy of the fixtures, so a test that saves cannot change the repository.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-e2e-electron-'));
const workspace = path.join(tmp, 'workspace');
fs.cpSync(path.join(ROOT, 'test', 'e2e', 'fixtures'), workspace, { recursive: true });
// The bundled Drizzle example, as drizzle-app/ in the workspace (the suite checks its queries file).
fs.cpSync(path.join(ROOT, 'examples', 'drizzle-app'), path.join(workspace, 'drizzle-app'), { recursive: true });
// The examples' legacy app (its migrations and queries), as legacy-app/ (the suite plans its move to the current Neon Auth).
fs.cpSync(path.join(ROOT, 'examples', 'migrations'), path.join(workspace, 'legacy-app', 'migrations'), { recursive: true });
fs.cpSync(path.join(ROOT, 'examples', 'queries.sql'), path.join(workspace, 'legacy-app', 'queries.sql'));
// The suite edits fixtures and reverts them: no auto save in between (the suite checks this setting).
fs.mkdirSync(path.join(tmp, 'user-data', 'User'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'user-data', 'User', 'settings.json'), `${JSON.stringify({ 'files.autoSave': 'off' }, null, 2)}\n`);

let exitCode = 1;
try {
  exitCode = await runTests({
    version,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out', 'e2e', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--user-data-dir', path.join(tmp, 'user-data')],
    extensionTestsEnv: process.env.NEON_AUTH_E2E_GREP ? { NEON_AUTH_E2E_GREP: process.env.NEON_AUTH_E2E_GREP } : undefined,
  });
  console.log(`[e2e-electron] suite exited with code ${exitCode}`);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  const download = /download|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|fetch failed|status code|certificate/i;
  if (err instanceof TestRunFailedError) {
    // VS Code ran and the suite failed: its mocha output is above.
    console.error(`[e2e-electron] ${message}`);
    exitCode = err.code || 1;
  } else if (download.test(message) || download.test(String(err?.code ?? ''))) {
    console.error(
      `[e2e-electron] could not download VS Code ${version}: ${message}\n` +
        '[e2e-electron] This launcher needs to download VS Code; on a machine that reaches only the npm and Debian registries\n' +
        '[e2e-electron] it cannot. Run the same suite in code-server instead: npm run test:e2e',
    );
    exitCode = 3;
  } else {
    console.error(`[e2e-electron] the run failed: ${err instanceof Error ? err.stack : message}`);
    exitCode = 1;
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
