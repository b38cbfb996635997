import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layers of docs/architecture.md, "Layers and the arrows"; test/lint/layers.test.ts checks that each
// rule below fires on a deliberate violation. A later block replaces an earlier block's
// no-restricted-imports (and no-restricted-globals), so each block lists all of its own restrictions.
const noElectron = {
  name: 'electron',
  message: 'Only src/main/index.ts, src/main/window.ts and the preload import electron.',
};
const noSim = {
  group: ['**/sim/**'],
  message: 'The app never imports a simulator: src/main/demo.ts starts them through sim/workspace.ts.',
};
const noSimInternals = {
  group: ['**/sim/**', '!**/sim/workspace.ts'],
  message: "The demo starts the simulators through sim/workspace.ts only, never a simulator's internals.",
};
const noStaticDemo = {
  group: ['**/demo.ts'],
  allowTypeImports: true,
  message:
    'Import the demo workspace with a dynamic import(): a static import bundles the simulators into the main file.',
};
const noApp = {
  group: ['**/src/**'],
  message: 'The simulators stand apart from the app: share vendor facts through vendor-data/ instead.',
};
// Node's built-ins by exact name (`fs`, `fs/promises`) plus every `node:` specifier.
const nodeModules = (message) => ({
  paths: [...builtinModules, 'keytar'].map((name) => ({ name, message })),
  pattern: { group: ['node:*'], message },
});
const sharedNoNode = nodeModules('No Node in src/shared: the renderer imports it too.');
const rendererNoNode = nodeModules('The renderer has no Node: use window.crm through src/renderer/src/api/client.ts.');
const electronEntries = ['src/main/index.ts', 'src/main/window.ts', 'src/preload/index.ts'];

// Globals a folder must not use: DOM globals where there is no DOM, Node's where there is no Node.
const domGlobals = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'alert'].map(
  (name) => ({ name, message: 'There is no DOM here (main process, CLI, simulators, scripts).' }),
);
const nodeGlobals = ['process', 'Buffer', 'global', '__dirname', '__filename', 'require', 'setImmediate'].map(
  (name) => ({ name, message: 'The renderer has no Node: ask main through src/renderer/src/api/client.ts.' }),
);

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
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: electronEntries,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron], patterns: [noSim, noStaticDemo] }],
    },
  },
  {
    files: ['src/main/demo.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [noSimInternals, noStaticDemo] },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts', 'sim/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-globals': ['error', ...domGlobals] },
  },
  {
    files: ['sim/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron], patterns: [noApp] }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...sharedNoNode.paths],
          patterns: [
            sharedNoNode.pattern,
            {
              group: ['**/main/**', '**/cli/**', '**/renderer/**', '**/preload/**', '**/sim/**'],
              message: 'src/shared is the bottom layer: it imports nothing of the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': ['error', ...nodeGlobals],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ ...noElectron, message: rendererNoNode.pattern.message }, ...rendererNoNode.paths],
          patterns: [
            rendererNoNode.pattern,
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
