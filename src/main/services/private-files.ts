import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The data folder and every folder in it: this user only. */
export const PRIVATE_DIR = 0o700;
/** Every file the app writes in its data folder: this user only. */
export const PRIVATE_FILE = 0o600;

/** The data folder's own subfolders whose files are all the app's (mirrors, its exports, temp journals). */
const OWN_FOLDERS = ['mirror', 'exports', 'exports-running', 'audit'];
/** The data folder's own files (Electron keeps its browser profile in the same folder: not touched). */
const OWN_FILE = /^(connections\.json(\.lock|\..+\.tmp)?|recent-records\.json(\..+\.tmp|\.damaged)?)$/;

/** Creates a folder (and its parents) readable by this user only; an existing one is made so too. */
export async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  await chmod(dir, PRIVATE_DIR);
}

/**
 * Start-up: gives the data folder and the app's files in it private modes, whatever an earlier version
 * (or a umask) left them with. Symbolic links are never followed. Best effort: a file that vanishes or
 * cannot be changed does not stop the app.
 */
export async function securePrivateFiles(dataDir: string): Promise<void> {
  const top = await lstat(dataDir).catch(() => null);
  if (!top?.isDirectory()) return;
  const names = await readdir(dataDir).catch(() => [] as string[]);
  // CRM_HOME may name a folder that is not the app's alone (a home folder, /tmp): its own mode is
  // changed only when it holds the app's files, and never for a shared sticky folder or a home.
  const ours = names.some((n) => OWN_FILE.test(n) || OWN_FOLDERS.includes(n));
  const shared = (top.mode & 0o1000) !== 0 || resolve(dataDir) === resolve(homedir()) || resolve(dataDir) === '/';
  if (ours && !shared) await chmod(dataDir, PRIVATE_DIR).catch(() => undefined);
  for (const name of names) {
    const path = join(dataDir, name);
    if (OWN_FILE.test(name)) await chmodIf(path, 'file');
    else if (OWN_FOLDERS.includes(name)) await secureTree(path);
  }
}

async function secureTree(dir: string): Promise<void> {
  if (!(await chmodIf(dir, 'dir'))) return;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const st = await lstat(path).catch(() => null);
    if (st?.isDirectory()) await secureTree(path);
    else await chmodIf(path, 'file');
  }
}

/** chmod to the private mode when `path` is (still) a real file or folder of that kind. */
async function chmodIf(path: string, kind: 'file' | 'dir'): Promise<boolean> {
  const st = await lstat(path).catch(() => null);
  if (!st || (kind === 'dir' ? !st.isDirectory() : !st.isFile())) return false;
  const mode = kind === 'dir' ? PRIVATE_DIR : PRIVATE_FILE;
  if ((st.mode & 0o777) !== mode) await chmod(path, mode).catch(() => undefined);
  return true;
}
