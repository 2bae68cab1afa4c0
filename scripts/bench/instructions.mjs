// Counts the instructions the engine executes for the bench's 1 MB SQL file, under valgrind's
// callgrind: a first check (`lint`), and one-statement edits checked by a `DocumentLinter`. Unlike
// wall-clock or CPU time, the count hardly moves with the machine's load (within about 4% between
// runs here, where timings move 1.5–2×), so two versions of the code can be compared on a busy
// machine. Not part of `npm run bench`; needs valgrind (`apt-get install valgrind`).
//
//   node scripts/bench/instructions.mjs [--lints 3] [--edits 40]
//
// Each figure is (instructions of a run doing the work − those of the same run without it) / count,
// in millions. Runs the sources of the working tree (bundled as the bench bundles them).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEngine, loadEngine } from './engine.mjs';
import { generateSql } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};

if (argv[0] === '--child') {
  // --child <bundle> <mode: lints|edits> <count> <work: 0|1>
  const [, bundle, mode, count, work] = argv;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-ir-'));
  const { engine } = loadEngine(dir, fs.readFileSync(bundle, 'utf8'), root);
  await engine.loadPostgresGrammar();
  const n = Number(count);
  const doWork = work === '1';
  if (mode === 'lints') {
    const texts = [];
    for (let k = 0; k < n; k++) texts.push(generateSql({ bytes: 1 << 20, seed: 1000 + k }).text);
    if (doWork) for (const t of texts) engine.lint(t);
  } else {
    let text = generateSql({ bytes: 1 << 20 }).text;
    const linter = new engine.DocumentLinter();
    linter.lint(text);
    const at = [];
    for (let j = text.indexOf('JOIN neon_auth.users_sync', text.length / 3); j >= 0 && at.length < 20; j = text.indexOf('JOIN neon_auth.users_sync', j + 1))
      at.push(j - 1);
    for (let k = 0; k < n; k++) {
      // ' LEFT' inserted before a JOIN, then taken out again: each pair restores the text
      const i = at[Math.floor(k / 2) % at.length];
      if (k % 2 === 0) {
        linter.noteChange(text, i, i, 5);
        text = text.slice(0, i) + ' LEFT' + text.slice(i);
      } else {
        linter.noteChange(text, i, i + 5, 0);
        text = text.slice(0, i) + text.slice(i + 5);
      }
      text.charCodeAt(0); // flattened here: the server's TextDocument hands over the edited text
      if (doWork) linter.lint(text);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('instructions: valgrind is not installed (apt-get install valgrind)');
  process.exit(1);
}
const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-auth-ir-')), 'engine.cjs');
fs.writeFileSync(bundle, await bundleEngine(root));

/** Instructions executed by one child run, as callgrind counts them. */
function instructions(mode, count, work) {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      '--smc-check=all-non-file',
      process.execPath,
      self,
      '--child',
      bundle,
      mode,
      String(count),
      work ? '1' : '0',
    ],
    { encoding: 'utf8' },
  );
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`valgrind run failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return Number(m[1].replace(/,/g, ''));
}

const lints = flag('--lints', 3);
const edits = flag('--edits', 40);
const per = (mode, count) => (instructions(mode, count, true) - instructions(mode, count, false)) / count / 1e6;
console.log(`first check of a 1 MB file (mean of ${lints} generated files): ${per('lints', lints).toFixed(0)} million instructions`);
console.log(`one-statement edit of it, checked (${edits} edits): ${per('edits', edits).toFixed(0)} million instructions`);
