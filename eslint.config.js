import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layering (DESIGN.md): only the Electron entry files import electron; the app never imports a
// simulator's internals (sim/workspace.ts starts the demo); the renderer imports only src/shared and UI
// packages. A later block replaces an earlier block's no-restricted-imports, so each block lists all of
// its own restrictions.
const noElectron = {
  name: 'electron',
  message: 'Only src/main/index.ts, src/main/window.ts and the preload import electron.',
};
const noSimInternals = {
  group: ['**/sim/**', '!**/sim/workspace.ts'],
  message: "The app never imports a simulator's internals (only sim/workspace.ts, for the demo).",
};
const electronEntries = ['src/main/index.ts', 'src/main/window.ts', 'src/preload/index.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'e2e/artifacts/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: electronEntries,
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: electronEntries,
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noSimInternals] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'keytar', 'node:*', 'fs', 'path', 'child_process', 'os'],
              message: 'The renderer has no Node: use window.crm through src/renderer/src/api/client.ts.',
            },
            { group: ['**/main/**', '**/sim/**', '**/cli/**'], message: 'The renderer imports only src/shared.' },
          ],
        },
      ],
    },
  },
  {
    // Playwright fixtures take their dependencies from an object pattern, empty when there are none.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
