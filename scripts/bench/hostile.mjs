// Inputs that used to hang the linter (issue 17), for the "hostile inputs" section of the benchmark:
// - suppression comments: statements each preceded by a `-- neon-auth-ignore` comment naming two
//   rules (every comment silences its statement's findings), about 2.6 MB, and the same statements
//   without the comments; and one line of statements each followed by an inline `/* … */` comment;
// - `.neon-auth.json` `ignore` globs that make a backtracking matcher run for hours: 20 stars
//   between `a`s against a long name of `a`s, and `**` segments against a deep path of `a` folders.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const STATEMENT = 'SELECT p.title FROM posts p JOIN neon_auth.users_sync u ON u.id = p.author_id;';
const COMMENT = '-- neon-auth-ignore prefer-left-join, require-deleted-at-filter: x';
const INLINE = '/* neon-auth-ignore prefer-left-join, require-deleted-at-filter */';

/** { withComments, without, count }: `count` statements, each after an own-line ignore comment or not; the first about `bytes` long. */
export function suppressionPairs(bytes) {
  const pair = `${COMMENT}\n${STATEMENT}\n`;
  const count = Math.round(bytes / pair.length);
  return { withComments: pair.repeat(count), without: `${STATEMENT}\n`.repeat(count), count };
}

/** { withComments, without, count }: one line of `count` statements, each followed by an inline ignore comment or not. */
export function inlineSuppressions(count) {
  return { withComments: `${STATEMENT} ${INLINE} `.repeat(count), without: `${STATEMENT} `.repeat(count), count };
}

/** The glob shapes and the paths (relative to the config's folder) they are matched against. */
export const HOSTILE_GLOBS = [
  { what: '20 stars between `a`s (`*a*a…*c`) against a 250-character name of `a`s', glob: `${'*a'.repeat(19)}*c`, rel: `${'a'.repeat(246)}.sql` },
  { what: '`**/a/**/a/**/c` against 2,000 nested `a` folders', glob: '**/a/**/a/**/c', rel: `${Array(2000).fill('a').join('/')}/x.sql` },
];

/** Bundles server/src/config/config.ts (as dist/ does) into `dir` and loads it: { parseConfig, isIgnored }. */
export async function loadConfigModule(root, dir) {
  const result = await esbuild.build({
    absWorkingDir: root,
    stdin: {
      contents: "export { parseConfig, isIgnored } from './server/src/config/config';",
      resolveDir: root,
      sourcefile: 'bench-config-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    write: false,
    logLevel: 'warning',
    // as scripts/build.mjs: jsonc-parser's `main` (UMD, dynamic requires) cannot be bundled
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  });
  const file = path.join(dir, 'config.cjs');
  fs.writeFileSync(file, result.outputFiles[0].text);
  return createRequire(import.meta.url)(file);
}
