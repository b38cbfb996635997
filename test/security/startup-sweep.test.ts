import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  noteRunningExport,
  RUNNING_FOLDER,
  sweepStaleExportTemps,
} from '../../src/main/services/mirror/export-temps.ts';
import { securePrivateFiles } from '../../src/main/services/private-files.ts';

// The start-up sweep removes only temp files of the app's own naming, and only those of processes that
// are gone; it never touches a running export (this process's, or another live one's).
let dataDir: string;
let outDir: string;
const DEAD = 2 ** 22 + 12_345; // above Linux's default pid_max: no process has it
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'crm-sweep-data-'));
  outDir = mkdtempSync(join(tmpdir(), 'crm-sweep-out-'));
  mkdirSync(join(dataDir, RUNNING_FOLDER));
});
afterEach(() => {
  for (const d of [dataDir, outDir]) rmSync(d, { recursive: true, force: true });
});

const note = (name: string, body: unknown) =>
  writeFileSync(join(dataDir, RUNNING_FOLDER, name), typeof body === 'string' ? body : JSON.stringify(body));
const touch = (dir: string, name: string) => writeFileSync(join(dir, name), 'x');

describe('sweepStaleExportTemps', () => {
  it("removes a dead process's export temps and connections.json temps, nothing else", async () => {
    const out = join(outDir, 'a.csv');
    note('dead.json', { pid: DEAD, out });
    const gone = [`.a.csv.${DEAD}.0123abcd.tmp`, `.a.csv.errors.${DEAD}.0123abcd.tmp`];
    const kept = [
      'a.csv',
      `.a.csv.${DEAD}.tmp`,
      `.a.csv.${DEAD}.0123ABCD.tmp`,
      `.b.csv.${DEAD}.0123abcd.tmp`,
      `.a.csv.${process.pid}.0123abcd.tmp`,
    ];
    for (const f of [...gone, ...kept]) touch(outDir, f);
    touch(dataDir, `connections.json.${DEAD}.deadbeef.tmp`);
    touch(dataDir, `connections.json.${process.pid}.deadbeef.tmp`);
    note('garbage.json', 'not json');

    await sweepStaleExportTemps(dataDir);

    expect(readdirSync(outDir).sort()).toEqual([...kept].sort());
    expect(existsSync(join(dataDir, `connections.json.${DEAD}.deadbeef.tmp`))).toBe(false);
    expect(existsSync(join(dataDir, `connections.json.${process.pid}.deadbeef.tmp`))).toBe(true);
    expect(readdirSync(join(dataDir, RUNNING_FOLDER))).toEqual([]);
  });

  it("leaves this process's running export and a live process's alone", async () => {
    const out = join(outDir, 'a.csv');
    const end = await noteRunningExport(dataDir, out);
    touch(outDir, `.a.csv.${process.pid}.0123abcd.tmp`);
    note('parent.json', { pid: process.ppid, out: join(outDir, 'b.csv') });
    touch(outDir, `.b.csv.${process.ppid}.0123abcd.tmp`);
    await sweepStaleExportTemps(dataDir);
    expect(readdirSync(outDir).length).toBe(2);
    expect(readdirSync(join(dataDir, RUNNING_FOLDER)).length).toBe(2);
    await end();
    expect(readdirSync(join(dataDir, RUNNING_FOLDER))).toEqual(['parent.json']);
  });
});

describe('securePrivateFiles', () => {
  it("makes the app's files private, but leaves the mode of a shared folder named as CRM_HOME", async () => {
    const shared = mkdtempSync(join(tmpdir(), 'crm-shared-'));
    try {
      chmodSync(shared, 0o1777);
      writeFileSync(join(shared, 'connections.json'), '{}', { mode: 0o644 });
      writeFileSync(join(shared, 'notes.txt'), 'not ours', { mode: 0o644 });
      await securePrivateFiles(shared);
      expect(statSync(shared).mode & 0o7777).toBe(0o1777);
      expect(statSync(join(shared, 'connections.json')).mode & 0o777).toBe(0o600);
      expect(statSync(join(shared, 'notes.txt')).mode & 0o777).toBe(0o644);
      chmodSync(shared, 0o755);
      await securePrivateFiles(shared);
      expect(statSync(shared).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});
