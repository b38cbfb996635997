import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionsFile } from '../../src/main/services/connections-file.ts';
import { resolveDataDir, resolveUserPath } from '../../src/main/services/paths.ts';

describe('data folder', () => {
  it('CRM_HOME wins, relative to the caller directory (INIT_CWD under npm)', () => {
    expect(resolveDataDir({ env: { CRM_HOME: '/data/crm' }, home: '/home/u' })).toBe('/data/crm');
    expect(resolveDataDir({ env: { CRM_HOME: 'rel', INIT_CWD: '/work/me' }, cwd: '/pkg' })).toBe('/work/me/rel');
    expect(resolveDataDir({ env: { CRM_HOME: 'rel' }, cwd: '/pkg' })).toBe('/pkg/rel');
  });

  it("is the platform's app-data folder otherwise", () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/home/u' })).toBe('/home/u/.config/crm-desk');
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/x/cfg' }, platform: 'linux', home: '/home/u' })).toBe(
      '/x/cfg/crm-desk',
    );
    expect(resolveDataDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/crm-desk',
    );
    expect(resolveDataDir({ env: { APPDATA: 'C:/Users/u/AppData/Roaming' }, platform: 'win32', home: '/h' })).toMatch(
      /AppData[/\\]Roaming[/\\]crm-desk$/,
    );
  });

  it('argument paths resolve against INIT_CWD, else cwd; absolute paths stay', () => {
    expect(resolveUserPath('out.csv', { INIT_CWD: '/caller' }, '/pkg')).toBe('/caller/out.csv');
    expect(resolveUserPath('out.csv', {}, '/pkg')).toBe('/pkg/out.csv');
    expect(resolveUserPath('/abs/out.csv', { INIT_CWD: '/caller' }, '/pkg')).toBe('/abs/out.csv');
  });
});

describe('connections file', () => {
  it('round-trips, is written atomically with mode 0600 and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crm-file-'));
    try {
      const file = new ConnectionsFile(join(dir, 'nested'));
      expect(await file.read()).toEqual([]);
      const conn = {
        name: 'a',
        vendor: 'simply' as const,
        url: 'https://a.example',
        settings: { username: 'u' },
        secretNames: ['password'],
      };
      await file.write([conn]);
      await file.write([conn, { ...conn, name: 'b', rateLimit: false }]);
      expect((await file.read()).map((c) => c.name)).toEqual(['a', 'b']);
      expect((await stat(file.path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
      expect(await readdir(join(dir, 'nested'))).toEqual(['connections.json']);
      expect(JSON.parse(await readFile(file.path, 'utf8')).version).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged file with a message naming it instead of overwriting it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crm-file-'));
    try {
      const file = new ConnectionsFile(dir);
      await writeFile(file.path, '{not json');
      await expect(file.read()).rejects.toThrow(/connections\.json is not valid JSON/);
      await writeFile(file.path, JSON.stringify({ version: 1, connections: [{ name: 'a' }] }));
      await expect(file.read()).rejects.toThrow(/unexpected shape/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
