import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices, type OfflineRecords } from '../../src/main/services/index.ts';
import { NO_MIRROR_TEXT } from '../../src/main/services/extensions.ts';
import { validateRecordData } from '../../src/main/services/record-validation.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { accountsSchema, fakeCatalog, fakeState, type FakeState } from './fake-vendor.ts';

let dataDir: string;
let state: FakeState;
let s: LocalServices;

async function open(offline?: OfflineRecords) {
  s = await createServices({
    dataDir,
    env: {},
    catalog: fakeCatalog(state),
    secrets: { keychain: new MemorySecretStore() },
    ...(offline
      ? {
          mirror: () => ({
            offline,
            sync: {} as LocalServices['sync'],
            exports: {} as LocalServices['exports'],
          }),
        }
      : {}),
  });
  await s.connections.save({
    name: 'c',
    vendor: 'simply',
    url: 'https://a.example',
    settings: { username: 'u' },
    secrets: { password: 'hunter2-secret' },
  });
  return s;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'crm-rec-'));
  state = fakeState();
});
afterEach(async () => {
  await s?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('record validation against describe', () => {
  it('accepts well-typed data', () => {
    expect(() =>
      validateRecordData(accountsSchema, {
        name: 'Acme',
        employees: 3,
        revenue: 1.5,
        active: false,
        since: '2024-02-29',
        kind: 'Partner',
        tags: ['a', 'b'],
      }),
    ).not.toThrow();
  });

  it('names every bad field in one validation error', () => {
    let caught: unknown;
    try {
      validateRecordData(accountsSchema, {
        name: 'x'.repeat(21),
        employees: 2.5,
        revenue: '12',
        active: 'yes',
        since: '2024-13-01',
        kind: 'Vendor',
        tags: 'a',
        number: 'A-1',
        bogus: 1,
        id: '7',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CrmError);
    const err = caught as CrmError;
    expect(err.kind).toBe('validation');
    expect(err.fields).toEqual({
      name: 'at most 20 characters',
      employees: 'must be a whole number',
      revenue: 'must be a number',
      active: 'must be true or false',
      since: 'must be a date YYYY-MM-DD',
      kind: '"Vendor" is not one of its options',
      tags: 'must be a list of values',
      number: 'read-only',
      bogus: 'not a field of Accounts',
      id: 'the id cannot be set',
    });
  });

  it('refuses emptying a required field but allows emptying an optional one', () => {
    expect(() => validateRecordData(accountsSchema, { employees: null })).not.toThrow();
    expect(() => validateRecordData(accountsSchema, { name: null })).toThrow(/name: required/);
  });
});

describe('records service', () => {
  it('validates before any request to the vendor', async () => {
    await open();
    await expect(s.records.create('c', 'Accounts', { name: 'Ok', employees: 'ten' })).rejects.toMatchObject({
      kind: 'validation',
      fields: { employees: 'must be a whole number' },
    });
    expect(state.calls.filter((c) => c === 'create')).toEqual([]);
    const rec = await s.records.create('c', 'Accounts', { name: 'Ok', employees: 10 });
    expect(rec).toMatchObject({ name: 'Ok', employees: 10 });
  });

  it('describes a module once per process', async () => {
    await open();
    await s.records.describe('c', 'Accounts');
    await s.records.create('c', 'Accounts', { name: 'A' });
    await s.records.update('c', 'Accounts', '1', { name: 'B' });
    await s.records.list('c', 'Accounts', { page: 1, pageSize: 2, filters: [] });
    expect(state.calls.filter((c) => c.startsWith('describe'))).toEqual(['describe:Accounts']);
  });

  it('refuses what the capabilities say the vendor cannot do, and unknown filter or sort fields', async () => {
    await open();
    await expect(s.records.delete('c', 'Accounts', '1')).rejects.toMatchObject({ kind: 'unsupported' });
    expect(state.calls).not.toContain('delete');
    await expect(
      s.records.list('c', 'Accounts', { page: 1, pageSize: 5, filters: [{ field: 'nope', op: '=', value: '1' }] }),
    ).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(
      s.records.list('c', 'Accounts', { page: 1, pageSize: 5, filters: [], sort: { field: 'nope', desc: false } }),
    ).rejects.toMatchObject({
      kind: 'invalid_input',
    });
  });

  it('refuses a word search online before any request (it runs on the mirror only)', async () => {
    await open();
    await expect(
      s.records.list('c', 'Accounts', { page: 1, pageSize: 5, filters: [], search: 'acme' }),
    ).rejects.toMatchObject({ kind: 'unsupported', message: expect.stringMatching(/local mirror/) });
    expect(state.calls.filter((c) => c.startsWith('list'))).toEqual([]);
  });

  it('lookup searches the label field, falling back to a prefix when contains is unsupported', async () => {
    await open();
    expect(await s.records.lookup('c', 'Accounts', 'pany 3', 10)).toEqual([{ id: '3', label: 'Company 3' }]);
    state.noContains = true;
    expect(await s.records.lookup('c', 'Accounts', 'Company 4', 10)).toEqual([{ id: '4', label: 'Company 4' }]);
  });

  it('labels: one get per unknown id, cached, missing ids left out', async () => {
    await open();
    expect(await s.records.labels('c', 'Accounts', ['1', '2', '99'])).toEqual({ 1: 'Company 1', 2: 'Company 2' });
    expect(await s.records.labels('c', 'Accounts', ['1', '2'])).toEqual({ 1: 'Company 1', 2: 'Company 2' });
    expect(state.calls.filter((c) => c.startsWith('get:'))).toEqual(['get:1', 'get:2', 'get:99']);
    await s.records.update('c', 'Accounts', '1', { name: 'Renamed' });
    expect(await s.records.labels('c', 'Accounts', ['1'])).toEqual({ 1: 'Renamed' });
  });

  it('offline calls are unsupported without a store, and go to its hook with one', async () => {
    await open();
    await expect(
      s.records.list('c', 'Accounts', { page: 1, pageSize: 5, filters: [] }, { offline: true }),
    ).rejects.toMatchObject({
      kind: 'unsupported',
    });
    await expect(s.sync.outbox('c')).rejects.toMatchObject({ kind: 'unsupported', text: { key: NO_MIRROR_TEXT } });
    await s.close();
    const seen: string[] = [];
    await open({
      modules: async () => (seen.push('modules'), [{ name: 'Accounts', label: 'Accounts' }]),
      describe: async () => accountsSchema,
      list: async () => (seen.push('list'), { rows: [], hasMore: false, offline: { lastSyncAt: null } }),
      get: async (_c, _m, id) => (seen.push('get'), { id }),
      update: async (_c, module, id) => (seen.push('update'), { queued: true as const, module, id }),
    });
    expect(await s.records.update('c', 'Accounts', '1', { name: 'x' }, { offline: true })).toEqual({
      queued: true,
      module: 'Accounts',
      id: '1',
    });
    await expect(
      s.records.update('c', 'Accounts', '1', { employees: 'many' }, { offline: true }),
    ).rejects.toMatchObject({ kind: 'validation' });
    await s.records.list('c', 'Accounts', { page: 1, pageSize: 5, filters: [] }, { offline: true });
    await s.records.get('c', 'Accounts', '1', { offline: true });
    expect(await s.records.modules('c', { offline: true })).toEqual([{ name: 'Accounts', label: 'Accounts' }]);
    expect(seen).toEqual(['update', 'list', 'get', 'modules']);
    expect(state.calls.filter((c) => c.startsWith('update') || c === 'list')).toEqual([]);
  });

  it('scrubs a secret a vendor error echoes', async () => {
    await open();
    await s.records.modules('c');
    state.failNext = new CrmError('auth', 'login refused for password hunter2-secret');
    await expect(s.records.modules('c')).rejects.toThrow('login refused for password ***');
  });
});
