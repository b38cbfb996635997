import { existsSync, readFileSync } from 'node:fs';

// Adds up vitest's and Playwright's JSON reports into the one closing line CI reads: every file but the
// last is a vitest report, the last is Playwright's. A report that is missing counts as a failure.
let passed = 0;
let failed = 0;
let skipped = 0;
const files = process.argv.slice(2);
const playwrightFile = files.at(-1);

for (const vitestFile of files.slice(0, -1)) {
  if (!existsSync(vitestFile)) {
    failed++;
    continue;
  }
  const v = JSON.parse(readFileSync(vitestFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
}

if (playwrightFile && existsSync(playwrightFile)) {
  const p = JSON.parse(readFileSync(playwrightFile, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
} else failed++;

console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
