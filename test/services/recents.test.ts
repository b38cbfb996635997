import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalRecentsService, MAX_PINNED, MAX_RECENT, RECENTS_FILE } from '../../src/main/services/recents.ts';

let dir: string;
const rec = (id: string, connection = 'c') => ({
  connection,
  module: 'Accounts',
  id,
  label: `L${id}`,
  moduleLabel: 'Accounts',
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crm-recents-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('recent and pinned records in the data folder', () => {
  it('keeps the latest visit first, once per record, up to the cap, and survives a new process', async () => {
    const r = new LocalRecentsService(dir);
    for (let i = 0; i < MAX_RECENT + 3; i++) await r.visit(rec(String(i)));
    await r.visit(rec('5'));
    const again = await new LocalRecentsService(dir).list();
    expect(again.recent).toHaveLength(MAX_RECENT);
    expect(again.recent.map((x) => x.id).slice(0, 2)).toEqual(['5', String(MAX_RECENT + 2)]);
    expect(new Set(again.recent.map((x) => x.id)).size).toBe(MAX_RECENT);
    // This user only.
    expect((await stat(join(dir, RECENTS_FILE))).mode & 0o777).toBe(0o600);
  });

  it('pins and unpins; refuses past a few pins with a typed error and loses none', async () => {
    const r = new LocalRecentsService(dir);
    for (let i = 0; i < MAX_PINNED; i++) await r.pin(rec(`p${i}`), true);
    await r.pin(rec('p0'), true); // pinning again keeps one entry
    await expect(r.pin(rec('extra'), true)).rejects.toMatchObject({ kind: 'invalid_input' });
    expect((await r.list()).pinned).toHaveLength(MAX_PINNED);
    await r.pin(rec('p3'), false);
    expect((await r.list()).pinned.map((p) => p.id)).not.toContain('p3');
  });

  it('follows a renamed connection and forgets a removed one', async () => {
    const r = new LocalRecentsService(dir);
    await r.visit(rec('1', 'a'));
    await r.pin(rec('2', 'b'), true);
    await r.connectionRenamed('a', 'z');
    await r.connectionRemoved('b');
    expect(await r.list()).toMatchObject({ recent: [{ connection: 'z', id: '1' }], pinned: [] });
  });

  it('reads a damaged file as empty lists and sets it aside before writing a good one', async () => {
    await writeFile(join(dir, RECENTS_FILE), '{not json');
    const r = new LocalRecentsService(dir);
    expect(await r.list()).toEqual({ recent: [], pinned: [] });
    await r.visit(rec('1'));
    expect(JSON.parse(await readFile(join(dir, RECENTS_FILE), 'utf8'))).toMatchObject({ version: 1 });
    expect(await readFile(join(dir, `${RECENTS_FILE}.damaged`), 'utf8')).toBe('{not json');
  });
});
