import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { auditFile } from '../../src/main/store/audit.ts';
import { CrmError } from '../../src/shared/errors.ts';
import type { FakeState } from '../services/fake-vendor.ts';
import { closeFakeServices, openFakeServices } from '../services/fake-services.ts';

// The audit log over the services' write paths (the connector pool's one wrapper), and undo.
const SECRET = 'hunter2-secret';
let dataDir: string;
let state: FakeState;
let s: LocalServices;

beforeEach(async () => {
  ({ dataDir, state, s } = await openFakeServices({ folderPrefix: 'crm-audit-', password: SECRET }));
  state.deletable = true;
});
afterEach(() => closeFakeServices({ dataDir, s }));

describe('the audit log', () => {
  it('records creates, updates and deletions with the fields before and after, in a private file', async () => {
    const created = await s.records.create('c', 'Accounts', { name: 'New Co' });
    await s.records.update('c', 'Accounts', '1', { name: 'Renamed' });
    // Straight through the pool's (audited) connector, as bulk jobs and undo use it.
    await (await s.context.connector('c')).delete('Accounts', '2');
    const log = await s.audit.list('c');
    expect(log.map((e) => [e.action, e.record, e.before, e.after, e.outcome])).toEqual([
      ['delete', '2', { name: 'Company 2', employees: 20 }, {}, 'ok'],
      ['update', '1', { name: 'Company 1' }, { name: 'Renamed' }, 'ok'],
      ['create', created.id, {}, { name: 'New Co' }, 'ok'],
    ]);
    expect(statSync(auditFile(dataDir)).mode & 0o777).toBe(0o600);
    expect((await s.audit.list('c', { record: '1' })).map((e) => e.action)).toEqual(['update']);
  });

  it('records a refused write with the vendor message, its secret scrubbed', async () => {
    // The caller read the record already (as sync's push and bulk rows do): the update is the next call.
    const connector = await s.context.connector('c');
    await s.records.describe('c', 'Accounts');
    state.failNext = new CrmError('validation', `bad value; login was ${SECRET}`);
    await expect(
      connector.update('Accounts', '1', { name: 'Y' }, { before: { id: '1', name: 'Company 1' } }),
    ).rejects.toThrow('bad value');
    const [last] = await s.audit.list('c');
    expect(last).toMatchObject({
      action: 'update',
      outcome: 'error',
      before: { name: 'Company 1' },
      after: { name: 'Y' },
    });
    expect(last?.message).toBe('bad value; login was ***');
    expect(JSON.stringify(await s.audit.list('c'))).not.toContain(SECRET);
    expect(state.calls.filter((c) => c.startsWith('get'))).toEqual([]);
  });

  it('undo writes the before values back, itself audited; a record changed since is a conflict', async () => {
    await s.records.update('c', 'Accounts', '1', { name: 'Mine' });
    await s.records.update('c', 'Accounts', '3', { name: 'Mine 3' });
    const [third, first] = await s.audit.list('c');
    const undone = await s.audit.undo('c', { entry: first?.id ?? 0 });
    expect(undone).toMatchObject({ ok: true, undone: 1 });
    expect(state.records.get('1')?.name).toBe('Company 1');
    const [undoEntry] = await s.audit.list('c');
    expect(undoEntry).toMatchObject({
      action: 'undo',
      undoes: first?.id,
      before: { name: 'Mine' },
      after: { name: 'Company 1' },
    });
    await expect(s.audit.undo('c', { entry: first?.id ?? 0 })).rejects.toThrow(/undone already/);

    // Someone else changes record 3: three values, nothing written until the user decides.
    state.records.set('3', { ...(state.records.get('3') ?? { id: '3' }), name: 'Theirs' });
    const conflict = await s.audit.undo('c', { entry: third?.id ?? 0 });
    expect(conflict).toEqual({
      ok: false,
      conflicts: [{ record: '3', field: 'name', before: 'Company 3', after: 'Mine 3', now: 'Theirs' }],
    });
    expect(state.records.get('3')?.name).toBe('Theirs');
    expect(await s.audit.undo('c', { entry: third?.id ?? 0 }, { keep: 'mine' })).toMatchObject({ ok: true });
    expect(state.records.get('3')?.name).toBe('Company 3');
  });

  it('undo of a deletion recreates the record only on request, with its new id', async () => {
    await (await s.context.connector('c')).delete('Accounts', '2');
    state.records.delete('2');
    await expect(s.audit.undo('c', { last: true })).rejects.toThrow(/--recreate/);
    const res = await s.audit.undo('c', { last: true }, { recreate: true });
    expect(res.ok && res.newIds?.['2']).toBeTruthy();
    const newId = res.ok ? (res.newIds?.['2'] ?? '') : '';
    expect(state.records.get(newId)).toMatchObject({ name: 'Company 2', employees: 20 });
  });
});

describe('the audit log over a connector that reads before it updates (Simply CRM)', () => {
  it('takes the before values from that read: no extra request', { timeout: 60_000 }, async () => {
    const { startSim, connectionFromEntry } = await import('../helpers/sim.ts');
    const sim = await startSim('simply', { records: 3, limits: 'off' });
    const home = await mkdtemp(join(tmpdir(), 'crm-audit-simply-'));
    const services = await createServices({
      dataDir: home,
      env: { CRM_RATE_LIMIT: 'off' },
      secrets: { keychain: new MemorySecretStore() },
    });
    try {
      await services.connections.save({ name: 's', ...connectionFromEntry('simply', sim.entry) });
      const page = await services.records.list('s', 'Accounts', { page: 1, pageSize: 1, filters: [] });
      const rec = page.rows[0];
      const logLength = async () => ((await sim.control('GET', 'log')) as { requests: unknown[] }).requests.length;
      const before = await logLength();
      await services.records.update('s', 'Accounts', rec?.id ?? '', { accountname: 'Audited' });
      // vtiger's update: one retrieve and one update, as without the audit log.
      expect((await logLength()) - before).toBe(2);
      const [entry] = await services.audit.list('s');
      expect(entry).toMatchObject({
        action: 'update',
        before: { accountname: rec?.['accountname'] },
        after: { accountname: 'Audited' },
      });
    } finally {
      await services.close();
      await sim.ws.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('a bulk update from pasted cells', () => {
  it('maps by label, types values, creates the rows that match nothing, and a cancel leaves rows not sent', async () => {
    const text = [
      'Name\tEmployees\tKind',
      'Company 1\t11\tPartner',
      'Brand new\t5\tCustomer',
      'Company 3\tmany\t',
    ].join('\n');
    const report = join(dataDir, 'r.csv');
    const input = { connection: 'c', module: 'Accounts', source: { text }, match: 'name', createMissing: true, report };
    const dry = await s.bulk.run({ ...input, dryRun: true });
    expect(dry.mapping).toEqual({ Name: 'name', Employees: 'employees', Kind: 'kind' });
    expect(dry.lines.map((l) => l.status)).toEqual(['would_apply', 'would_create', 'would_refuse']);
    expect(dry.lines[2]?.message).toMatch(/employees: must be a whole number/);
    expect(state.calls.filter((c) => c.startsWith('update') || c === 'create')).toEqual([]);

    const stop = new AbortController();
    let rows = 0;
    const cancelled = await s.bulk.run(
      { ...input, dryRun: false },
      {
        signal: stop.signal,
        gate: async () => {
          if (++rows === 2) stop.abort();
        },
      },
    );
    expect(cancelled.lines.map((l) => l.status)).toEqual(['applied', 'not_sent', 'not_sent']);
    expect(state.records.get('1')).toMatchObject({ employees: 11, kind: 'Partner' });

    // A new run of another file with the remaining rows creates the missing one.
    const rest = await s.bulk.run({
      ...input,
      source: { text: text.split('\n').slice(0, 3).join('\n') },
      dryRun: false,
    });
    expect(rest.lines.map((l) => l.status)).toEqual(['unchanged', 'created']);
    const created = state.records.get(rest.lines[1]?.id ?? '');
    expect(created).toMatchObject({ name: 'Brand new', employees: 5, kind: 'Customer' });
  });
});
