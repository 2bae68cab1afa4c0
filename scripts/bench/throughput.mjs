// One throughput measurement in a fresh process (so one input's heap never slows another's):
//   node --expose-gc scripts/bench/throughput.mjs '<json>'
// with { engineFile, rootDir, bytes, authShare, warm, runs, recheck?, fixAll? }. Prints one JSON line.
//
// The engine caches parses per statement text, so checking the same text twice in one process
// measures the cache, not a check. A CLI checks each file once: so every timed run checks its own
// generated file (same size and mix, another seed), after `warm` untimed runs on other seeds (at
// most 1 MB each). The floor (the lexer alone; the Postgres parser on the statements the engine's
// pre-filter keeps; pgsql-ast-parser on them for reference) is timed on the same texts. `recheck` is lint of the last text again: the parse cache warm, as in an editor.
import { createRequire } from 'node:module';
import path from 'node:path';
import { generateSql } from './generate.mjs';

const args = JSON.parse(process.argv[2]);
const gc = globalThis.gc ?? (() => {});
const E = createRequire(import.meta.url)(args.engineFile);
const { parse } = createRequire(path.join(args.rootDir, 'package.json'))('pgsql-ast-parser');
const options = { maxFileSize: Infinity }; // a 10 MB file is over the default 5 MB limit

const texts = [];
// Warm-up texts (JIT warm-up only) are at most 1 MB, which keeps the 10 MB case affordable.
for (let i = 0; i < args.warm + args.runs; i++) {
  const bytes = i < args.warm ? Math.min(args.bytes, 1024 * 1024) : args.bytes;
  texts.push(generateSql({ bytes, authShare: args.authShare, seed: 20240501 + i }).text);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Wall-clock samples of `fn` over the texts (the first `warm` untimed); `cpu` collects CPU time (all threads, GC helpers included). */
const timed = (fn, cpu = []) => {
  const out = [];
  texts.forEach((text, i) => {
    if (i >= args.warm) gc();
    const c = process.cpuUsage();
    const t = performance.now();
    fn(text);
    const dt = performance.now() - t;
    const dc = process.cpuUsage(c);
    if (i >= args.warm) {
      out.push(dt);
      cpu.push((dc.user + dc.system) / 1000);
    }
  });
  return out;
};

const mentionsUsersSync = (s) => s.tokens.some((t) => (t.kind === 'word' || t.kind === 'quotedIdent') && t.value === 'users_sync');
const relevantOf = (text) => {
  const top = E.splitStatements(E.tokenize(text));
  return [...top, ...E.routineBodyStatements(text, top)].filter(mentionsUsersSync).map((s) => text.slice(s.start, s.end));
};

// The Postgres parser loads first, as in the CLI and the language server.
await E.loadPostgresGrammar();
if (!E.isPostgresGrammarLoaded()) throw new Error('the Postgres grammar (libpg-query) did not load');

// Engine first, in a clean heap, as a CLI run would be.
let last;
const engineCpu = [];
const engine = timed((text) => (last = E.lint(text, options)), engineCpu);
const lastText = texts[texts.length - 1];
const recheck = [];
for (let i = 0; i < (args.recheck ?? 3); i++) {
  gc();
  const t = performance.now();
  E.lint(lastText, options);
  recheck.push(performance.now() - t);
}
// fixAll (safe fixes only, as the LSP's source.fixAll) on the last text, its parses cached as in the server.
const fixAll = [];
let applied = 0;
if (args.fixAll) {
  for (let i = 0; i < 3; i++) {
    gc();
    const t = performance.now();
    applied = E.fixAll(lastText, options, true).applied;
    fixAll.push(performance.now() - t);
  }
}
const lexer = timed((text) => {
  const s = new E.Scanner(text);
  while (s.next());
});
const tokenize = timed((text) => E.tokenize(text));
const relevant = texts.map(relevantOf);
let relevantCount = 0;
let rejected = 0;
let k = 0;
const parser = timed(() => {
  const list = relevant[k++];
  relevantCount = list.length;
  rejected = 0;
  for (const s of list) {
    try {
      parse(s, { locationTracking: true });
    } catch {
      rejected++;
    }
  }
});

let pgRejected = 0;
k = 0;
const pgParser = timed(() => {
  pgRejected = 0;
  for (const s of relevant[k++]) if (!E.parsePostgres(s)?.ok) pgRejected++;
});

console.log(
  JSON.stringify({
    bytes: Buffer.byteLength(lastText),
    statements: last.statements,
    parsed: last.parsed,
    findings: last.findings.length,
    relevant: relevantCount,
    rejected,
    engine: median(engine),
    engineSamples: engine,
    engineCpu: median(engineCpu),
    recheck: median(recheck),
    fixAll: fixAll.length ? median(fixAll) : undefined,
    fixAllApplied: applied,
    lexer: median(lexer),
    tokenize: median(tokenize),
    parser: median(parser),
    pgParser: median(pgParser),
    pgRejected,
  }),
);
