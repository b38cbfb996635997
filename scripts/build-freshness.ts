import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads: sources and the files that configure it. */
export const BUILD_INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** What it writes: each must exist for the output to count as built. */
export const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/main/job-thread.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

/**
 * Whether the build output is newer than every input, so `npm start` can skip the build. Any missing
 * output, or an input changed after the oldest output was written, means build again.
 */
export function buildIsFresh(root: string, inputs = BUILD_INPUTS, outputs = BUILD_OUTPUTS): boolean {
  let oldestOutput = Infinity;
  for (const rel of outputs) {
    const t = mtime(join(root, rel));
    if (t === null) return false;
    oldestOutput = Math.min(oldestOutput, t);
  }
  return inputs.every((rel) => newest(join(root, rel)) < oldestOutput);
}

function mtime(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** The newest modification time under a path (a missing path counts as never modified). */
function newest(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return -Infinity;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let t = stat.mtimeMs; // a deleted file changes its directory's time
  for (const entry of readdirSync(path)) t = Math.max(t, newest(join(path, entry)));
  return t;
}
