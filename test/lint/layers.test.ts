import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js (docs/architecture.md, "Layers and the arrows"), each tried on a
 * deliberate violation: a small snippet linted as if it sat at a path in that layer. The snippets are
 * never written to disk.
 */
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function problems(filePath: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const IMPORTS = '@typescript-eslint/no-restricted-imports';
const GLOBALS = 'no-restricted-globals';

async function expectRule(filePath: string, code: string, rule: string, words: RegExp): Promise<void> {
  const found = await problems(filePath, code);
  expect(found, `${filePath}: ${code}`).toContainEqual({ rule, message: expect.stringMatching(words) });
}

async function expectClean(filePath: string, code: string): Promise<void> {
  expect(await problems(filePath, code), `${filePath}: ${code}`).toEqual([]);
}

describe('lint: layers', () => {
  it('keeps the simulators apart from the app', async () => {
    await expectRule(
      'sim/simplicate/virtual.ts',
      "import { fieldTypes } from '../../src/shared/fields.ts';\nexport const t = fieldTypes;\n",
      IMPORTS,
      /vendor-data/,
    );
    await expectClean(
      'sim/simplicate/virtual.ts',
      "import { simplicateModules } from '../../vendor-data/simplicate-fields.generated.ts';\nexport const m = simplicateModules;\n",
    );
  });

  it('keeps the app away from the simulators, except the demo through sim/workspace.ts', async () => {
    await expectRule(
      'src/main/services/virtual.ts',
      "import { startWorkspace } from '../../../sim/workspace.ts';\nexport const s = startWorkspace;\n",
      IMPORTS,
      /simulator/,
    );
    await expectRule(
      'src/main/demo.ts',
      "import { simply } from '../../sim/simply/index.ts';\nexport const s = simply;\n",
      IMPORTS,
      /sim\/workspace\.ts/,
    );
    await expectClean(
      'src/main/demo.ts',
      "import { startWorkspace } from '../../sim/workspace.ts';\nexport const s = startWorkspace;\n",
    );
  });

  it('loads the demo workspace only with a dynamic import', async () => {
    await expectRule(
      'src/main/virtual.ts',
      "import { startDemo } from './demo.ts';\nexport const s = startDemo;\n",
      IMPORTS,
      /dynamic import/,
    );
    await expectClean(
      'src/main/virtual.ts',
      "import type { Demo } from './demo.ts';\nexport const load = async (): Promise<Demo['line']> => (await import('./demo.ts')).startDemo({}).then((d) => d.line);\n",
    );
  });

  it('keeps Node, Electron and the upper layers out of src/shared', async () => {
    for (const spec of ['node:fs', 'fs', 'fs/promises', 'path', 'keytar'])
      await expectRule(
        'src/shared/virtual.ts',
        `import * as m from '${spec}';\nexport const x = m;\n`,
        IMPORTS,
        /No Node/,
      );
    await expectRule(
      'src/shared/virtual.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      IMPORTS,
      /electron/,
    );
    await expectRule(
      'src/shared/virtual.ts',
      "import { createServices } from '../main/services/index.ts';\nexport const c = createServices;\n",
      IMPORTS,
      /bottom layer/,
    );
  });

  it('keeps Node, Electron and main out of the renderer', async () => {
    const file = 'src/renderer/src/components/virtual.tsx';
    await expectRule(
      file,
      "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n",
      IMPORTS,
      /no Node/,
    );
    await expectRule(file, "import os from 'os';\nexport const o = os;\n", IMPORTS, /no Node/);
    await expectRule(
      file,
      "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n",
      IMPORTS,
      /no Node/,
    );
    await expectRule(
      file,
      "import { startCore } from '../../../main/app.ts';\nexport const s = startCore;\n",
      IMPORTS,
      /only src\/shared/,
    );
  });

  it('allows electron only in its entry files', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    await expectRule('src/main/services/virtual.ts', code, IMPORTS, /Only src\/main\/index\.ts/);
    await expectRule('src/cli/virtual.ts', code, IMPORTS, /Only src\/main\/index\.ts/);
    await expectClean('src/main/window.ts', code);
  });

  it('has no DOM globals where there is no DOM', async () => {
    for (const file of ['src/main/virtual.ts', 'src/cli/virtual.ts', 'sim/common/virtual.ts', 'scripts/virtual.ts']) {
      await expectRule(file, 'export const w = window.innerWidth;\n', GLOBALS, /no DOM/);
      await expectRule(file, "export const v = localStorage.getItem('k');\n", GLOBALS, /no DOM/);
    }
    await expectClean('src/renderer/src/virtual.ts', 'export const w = window.innerWidth;\n');
  });

  it('has no Node globals in the renderer', async () => {
    await expectRule('src/renderer/src/virtual.ts', "export const e = process.env['X'];\n", GLOBALS, /no Node/);
    await expectRule('src/renderer/src/virtual.ts', "export const b = Buffer.from('x');\n", GLOBALS, /no Node/);
    await expectClean('src/main/virtual.ts', "export const e = process.env['X'];\n");
  });

  it('finds the real files on the boundaries clean', async () => {
    const files = [
      'src/main/app.ts',
      'src/main/demo.ts',
      'src/shared/contract.ts',
      'src/shared/query.ts',
      'sim/simplicate/index.ts',
      'sim/simplicate/write.ts',
      'src/renderer/src/api/transport.ts',
    ];
    const results = await eslint.lintFiles(files);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.ruleId} ${m.message}`))).toEqual([]);
  });
});
