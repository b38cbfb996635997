import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIsFresh } from '../../scripts/build-freshness.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fresh-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, atSec: number): void {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, rel);
  utimesSync(file, atSec, atSec);
}

const inputs = ['src', 'package.json'];
const outputs = ['out/main/index.js', 'out/renderer/index.html'];

describe('npm start skips the build when the output is newer than the sources', () => {
  it('fresh when every output is newer than every input', () => {
    write('src/main/a.ts', 1000);
    write('src/renderer/b.tsx', 1000);
    write('package.json', 1000);
    utimesSync(join(root, 'src/main'), 1000, 1000);
    utimesSync(join(root, 'src/renderer'), 1000, 1000);
    utimesSync(join(root, 'src'), 1000, 1000);
    write('out/main/index.js', 2000);
    write('out/renderer/index.html', 2000);
    expect(buildIsFresh(root, inputs, outputs)).toBe(true);

    write('src/renderer/b.tsx', 3000); // an edit after the build
    expect(buildIsFresh(root, inputs, outputs)).toBe(false);
  });

  it('stale when an output is missing or older than a config file', () => {
    write('src/a.ts', 1000);
    utimesSync(join(root, 'src'), 1000, 1000);
    write('package.json', 1000);
    write('out/main/index.js', 2000);
    expect(buildIsFresh(root, inputs, outputs)).toBe(false);
    write('out/renderer/index.html', 2000);
    expect(buildIsFresh(root, inputs, outputs)).toBe(true);
    write('package.json', 2500);
    expect(buildIsFresh(root, inputs, outputs)).toBe(false);
  });
});
