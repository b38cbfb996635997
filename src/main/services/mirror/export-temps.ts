import { randomUUID } from 'node:crypto';
import { open, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isExportTempOf } from '../../export/temp-names.ts';
import { PRIVATE_FILE, privateDir } from '../private-files.ts';

/**
 * A running export notes its target in `<dataDir>/exports-running/` and removes the note when it ends.
 * A process killed mid-export (kill -9, a crash, a power cut) leaves its note, and its temp files beside
 * the target; the next start of the app or the CLI removes both (sweepStaleExportTemps).
 */
export const RUNNING_FOLDER = 'exports-running';

interface Note {
  pid: number;
  out: string;
}

/** Notes of this process's exports still running (a pid of an earlier process may be reused). */
const mine = new Set<string>();

/** Notes an export of `out` by this process; the returned function removes the note. */
export async function noteRunningExport(dataDir: string, out: string): Promise<() => Promise<void>> {
  const dir = join(dataDir, RUNNING_FOLDER);
  await privateDir(dir);
  const file = join(dir, `${process.pid}-${randomUUID()}.json`);
  const handle = await open(file, 'wx', PRIVATE_FILE);
  mine.add(file);
  try {
    await handle.writeFile(JSON.stringify({ pid: process.pid, out } satisfies Note));
  } finally {
    await handle.close();
  }
  return async () => {
    await rm(file, { force: true });
    mine.delete(file);
  };
}

/**
 * Removes the temp files of exports whose process is gone, and their notes; nothing else. An export of
 * a process still running (the app while the CLI starts, say) is left alone. Also removes the
 * `connections.json.<pid>.<hex>.tmp` a killed writer of the connections file left.
 */
export async function sweepStaleExportTemps(dataDir: string): Promise<void> {
  const dir = join(dataDir, RUNNING_FOLDER);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const noteFile = join(dir, name);
    const note = parseNote(await readFile(noteFile, 'utf8').catch(() => ''));
    if (mine.has(noteFile) || (note && note.pid !== process.pid && alive(note.pid))) continue;
    if (note) {
      const folder = dirname(note.out);
      for (const file of await readdir(folder).catch(() => [] as string[])) {
        if (isExportTempOf(note.out, note.pid, file)) await rm(join(folder, file), { force: true });
      }
    }
    await rm(noteFile, { force: true });
  }
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    const m = /^connections\.json\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
    if (m && !alive(Number(m[1]))) await rm(join(dataDir, name), { force: true });
  }
}

function parseNote(text: string): Note | null {
  try {
    const v = JSON.parse(text) as Partial<Note>;
    return typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 && typeof v.out === 'string'
      ? { pid: v.pid, out: v.out }
      : null;
  } catch {
    return null;
  }
}

/** Whether a process runs under this pid (EPERM: one of another user does). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
