import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium.ts';

// Debian's Chromium (Playwright cannot download browsers here; docs/architecture.md, "Build machines", on the flags that keep it
// off the closed network). The Electron project joins only where the Electron binary is installed.
const electronPresent = existsSync('node_modules/electron/path.txt') && existsSync('node_modules/electron/dist');

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env['CI'] ? 1 : 0,
  reporter: process.env['PW_JSON'] ? [['list'], ['json', { outputFile: process.env['PW_JSON'] }]] : [['list']],
  use: {
    headless: true,
    viewport: { width: 1400, height: 900 },
    // The app follows the OS language: the specs that find elements by their English text run in English
    // (e2e/i18n.spec.ts switches to Persian itself).
    locale: 'en-US',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium' } },
    ...(electronPresent ? [{ name: 'electron', metadata: { transport: 'electron' } }] : []),
  ],
});
