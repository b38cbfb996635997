import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer reaches the main process only through window.crm (DESIGN.md).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'keytar', 'node:*', 'fs', 'path', 'child_process'], message: 'The renderer has no Node: use window.crm.' },
            { group: ['**/main/**', '**/sim/**', '**/cli/**'], message: 'The renderer imports only src/shared.' },
          ],
        },
      ],
    },
  },
  {
    // Layering: services, connectors, store and credentials stay free of Electron (the CLI and the
    // browser host run them without it); only src/main/index.ts and window.ts may import it.
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts', 'src/shared/**/*.ts', 'sim/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/window.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/index.ts and window.ts import electron.' }] },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src/main/index.ts and window.ts import electron.' }],
          patterns: [
            {
              group: ['**/sim/**', '!**/sim/workspace.ts'],
              message: "The app never imports a simulator's internals (only sim/workspace.ts, for the demo).",
            },
          ],
        },
      ],
    },
  },
);
