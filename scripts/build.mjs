// Bundles the VS Code client, the language server and the CLI with esbuild.
//   node scripts/build.mjs           one build (minified, linked source maps)
//   node scripts/build.mjs --watch   rebuild on change
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lowerInitialMemory, PAGE } from './wasm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

/** The libraries the CLI's bundles require from bundles of their own (see `splitPlugin`). */
const LIBRARIES = {
  'libpg-query': './lib-libpg-query.js',
  '@babel/parser': './lib-babel-parser.js',
  'pgsql-ast-parser': './lib-pgsql-ast-parser.js',
  ajv: './lib-ajv.js',
};

const { 'libpg-query': _grammar, ...SERVER_LIBRARIES } = LIBRARIES;

/** All are required: a missing one is an error, never skipped. */
const entries = [
  { name: 'extension', in: 'client/src/extension.ts', out: 'dist/extension.js' },
  // also the `neon-auth-language-server` bin (`--stdio` for Neovim, Helix, Zed); the grammar's
  // JavaScript stays inside: the server loads it at start-up anyway
  { name: 'server', in: 'server/src/server.ts', out: 'dist/server.js', executable: true, split: SERVER_LIBRARIES },
  // The `neon-auth-lint` bin: the command line alone, so `--version` and `--help` load nothing
  // more; it requires the engine bundle below only when there is something to check.
  // The migration assistant (`migrate`) is a bundle of its own too: a run that checks files never compiles it.
  {
    name: 'cli',
    in: 'server/src/cli.ts',
    out: 'dist/cli.js',
    executable: true,
    split: { './cli/run': './cliEngine.js', './cli/migrate': './cliMigrate.js' },
  },
  // The engine: the libraries only some files need are bundles of their own, required on first use
  // (the Postgres grammar's JavaScript for a statement to parse, Babel for TypeScript/JavaScript
  // files, pgsql-ast-parser for statements Postgres' grammar rejects, ajv for a .neon-auth.json), so
  // a run without them neither compiles nor runs their code. Each is compiled with the CLI's V8
  // code cache (server/src/cli/codeCache.ts; the list is `CACHED_BUNDLES` in server/src/cli.ts).
  { name: 'cliEngine', in: 'server/src/cli/run.ts', out: 'dist/cliEngine.js', split: LIBRARIES },
  { name: 'cliMigrate', in: 'server/src/cli/migrate.ts', out: 'dist/cliMigrate.js', split: LIBRARIES },
  { name: 'lib-libpg-query', in: 'node_modules/libpg-query/wasm/index.cjs', out: 'dist/lib-libpg-query.js' },
  { name: 'lib-babel-parser', in: 'node_modules/@babel/parser/lib/index.js', out: 'dist/lib-babel-parser.js' },
  { name: 'lib-pgsql-ast-parser', in: 'node_modules/pgsql-ast-parser/index.js', out: 'dist/lib-pgsql-ast-parser.js' },
  { name: 'lib-ajv', in: 'node_modules/ajv/dist/ajv.js', out: 'dist/lib-ajv.js' },
];

const missing = entries.filter((e) => !fs.existsSync(path.join(root, e.in)));
if (missing.length > 0) {
  for (const e of missing) console.error(`build: missing entry point ${e.in} (needed for ${e.out})`);
  console.error('build: FAILED, all entry points are required.');
  process.exit(1);
}

/** @param {typeof entries[number]} e @returns {esbuild.BuildOptions} */
function options(e) {
  const source = fs.readFileSync(path.join(root, e.in), 'utf8');
  // A hashbang already in the source is kept by esbuild; adding the banner too would break the file.
  const needsBanner = e.executable && !source.startsWith('#!');
  return {
    absWorkingDir: root,
    entryPoints: [e.in],
    outfile: e.out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    minify: !process.argv.includes('--no-minify'),
    external: ['vscode'],
    loader: { '.json': 'json' },
    // jsonc-parser's `main` is a UMD build with dynamic requires that cannot be bundled: use its ES module build.
    // fdir's ES module build makes its `require` from `import.meta.url`, which a CommonJS bundle lacks: use its CommonJS build.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js', fdir: './node_modules/fdir/dist/index.cjs' },
    banner: needsBanner ? { js: '#!/usr/bin/env node' } : undefined,
    logLevel: 'warning',
    plugins: e.split ? [splitPlugin(e)] : [],
  };
}

/**
 * Leaves the imports of `e.split` out of the bundle: each becomes a `require` of the bundle named
 * (resolved at run time beside this one), so the modules behind it load only when first required.
 * A relative path is matched in the entry point only; a package name in every module.
 * @param {typeof entries[number]} e
 */
function splitPlugin(e) {
  const entry = path.join(root, e.in);
  return {
    name: 'split',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (!Object.hasOwn(e.split, args.path) || (args.path.startsWith('.') && args.importer !== entry)) return undefined;
        return { path: e.split[args.path], external: true };
      });
    },
  };
}

/**
 * libpg-query (the Postgres grammar, bundled into server.js and lib-libpg-query.js) reads its WebAssembly
 * module from the bundle's own directory (`__dirname`): it ships beside the bundles, with its initial
 * memory lowered to what it needs before it grows (scripts/wasm.mjs says why).
 */
const WASM = { from: 'node_modules/libpg-query/wasm/libpg-query.wasm', to: 'dist/libpg-query.wasm' };

function copyWasm() {
  const to = path.join(root, WASM.to);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const lowered = lowerInitialMemory(fs.readFileSync(path.join(root, WASM.from)));
  fs.writeFileSync(to, lowered.bytes);
  const memory =
    lowered.reason === undefined
      ? `initial memory ${(lowered.before * PAGE) / 2 ** 20} MiB → ${((lowered.after * PAGE) / 2 ** 20).toFixed(1)} MiB`
      : `initial memory kept: ${lowered.reason}`;
  console.log(`  ${WASM.to.padEnd(28)} ${`${(fs.statSync(to).size / 1024).toFixed(1)} KiB`.padStart(10)}   (from ${WASM.from}; ${memory})`);
}

function afterBuild(e) {
  const file = path.join(root, e.out);
  if (e.executable) fs.chmodSync(file, 0o755);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const size = fs.statSync(file).size;
  const map = fs.existsSync(`${file}.map`) ? fs.statSync(`${file}.map`).size : 0;
  console.log(`  ${e.out.padEnd(28)} ${kib(size).padStart(10)}   (map ${kib(map)})${e.executable ? '  mode 755' : ''}`);
}

if (watch) {
  const contexts = await Promise.all(
    entries.map((e) =>
      esbuild.context({
        ...options(e),
        plugins: [
          ...(options(e).plugins ?? []),
          {
            name: 'report',
            setup(build) {
              build.onEnd((result) => {
                if (result.errors.length === 0) afterBuild(e);
              });
            },
          },
        ],
      }),
    ),
  );
  copyWasm();
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('build: watching for changes…');
} else {
  const started = Date.now();
  try {
    await Promise.all(entries.map((e) => esbuild.build(options(e))));
  } catch {
    // esbuild has already printed the errors.
    console.error('build: FAILED');
    process.exit(1);
  }
  console.log(`build: ${entries.length} bundles in ${Date.now() - started} ms`);
  for (const e of entries) afterBuild(e);
  copyWasm();
}
