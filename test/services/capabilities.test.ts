import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrmError } from '../../src/shared/errors.ts';
import { closeFakeServices, openFakeServices, type FakeServices } from './fake-services.ts';

/** The fake vendor's Accounts cannot be deleted (its describe says so). */
let f: FakeServices;

beforeEach(async () => {
  f = await openFakeServices({ folderPrefix: 'crm-capabilities-', password: 'pw-capabilities' });
});
afterEach(() => closeFakeServices(f));

describe('capability check at the connector pool', () => {
  it('refuses a write the module rules out on every path, before any request and without an audit entry', async () => {
    // The records service (app and CLI) and a connector straight from the pool (what bulk jobs, undo
    // and the outbox push use) meet the same check.
    const viaService = f.s.records.delete('c', 'Accounts', '1');
    await expect(viaService).rejects.toMatchObject({ kind: 'unsupported' });
    await expect(viaService).rejects.toThrow(/cannot be deleted/);
    const pooled = await f.s.context.connector('c');
    const err = await pooled.delete('Accounts', '2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).kind).toBe('unsupported');
    expect(f.state.calls).not.toContain('delete');
    expect(f.state.records.has('1') && f.state.records.has('2')).toBe(true);
    expect(await f.s.audit.list('c')).toEqual([]);
  });

  it('lets an allowed write through, audited', async () => {
    const pooled = await f.s.context.connector('c');
    await pooled.update('Accounts', '1', { employees: 11 });
    expect(f.state.calls).toContain('update:1');
    expect(f.state.records.get('1')?.employees).toBe(11);
    const entries = await f.s.audit.list('c');
    expect(entries.map((e) => [e.op, e.record, e.outcome])).toEqual([['update', '1', 'ok']]);
  });
});
