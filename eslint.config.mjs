// ESLint (flat config): typescript-eslint's recommended rules on every TypeScript source, and the
// boundary of the linter core: server/src/linter is pure TypeScript (no LSP, VS Code, file-system or
// process access; see ../shared/design.md), so its imports are restricted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', 'test/e2e/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (callback signatures, destructuring that drops a field).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A `let` read by a closure before its one assignment (the client's error handler) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Control characters in patterns are deliberate here: NUL (binary text), C0 controls, ANSI escapes.
      'no-control-regex': 'off',
    },
  },
  {
    // Rules read the typed model (see server/src/linter/model/): no `any`, no `!` (optional
    // ranges are `Span` values to test once), and no inline `eslint-disable` comments.
    files: ['server/src/linter/rules/**/*.ts'],
    linterOptions: { noInlineConfig: true },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    files: ['server/src/linter/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'path',
            'node:path',
            'child_process',
            'node:child_process',
            'vscode',
            'vscode-languageserver',
            'vscode-languageserver/node',
            'vscode-languageclient',
            'vscode-languageclient/node',
          ].map((name) => ({
            name,
            message: 'The linter core is pure TypeScript: no file system, process, LSP or VS Code import (see CONTRIBUTING.md, Layout).',
          })),
          patterns: [{ group: ['**/lsp/**', '**/cli/**', '**/config/**', '../server', '../cli'], message: 'The linter core does not import its front ends.' }],
        },
      ],
    },
  },
);
