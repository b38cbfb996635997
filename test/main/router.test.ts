import { describe, expect, it } from 'vitest';
import { channels, contract } from '../../src/shared/contract.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { createRouter } from '../../src/main/router.ts';
import { handlers } from '../helpers/handlers.ts';

describe('router', () => {
  const seen: unknown[] = [];
  const dispatch = createRouter(
    handlers({
      'app.info': async () => ({ version: '1.0.0', transport: 'browser', demo: false }),
      'records.get': async (input) => {
        seen.push(input);
        return { id: input.id, name: 'Acme', secretToken: 'never-leaves' } as never;
      },
      'connections.test': async () => {
        throw new CrmError('auth', 'The access key was refused');
      },
      'connections.list': async () => {
        throw new Error('boom');
      },
    }),
  );

  it('answers a valid call with the typed value', async () => {
    expect(await dispatch('app.info', {})).toEqual({
      ok: true,
      value: { version: '1.0.0', transport: 'browser', demo: false },
    });
  });

  it('refuses an unknown channel without calling anything', async () => {
    const res = await dispatch('fs.readFile', { path: '/etc/passwd' });
    expect(res).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
  });

  it('refuses invalid input with a typed validation error naming the field, before the handler runs', async () => {
    seen.length = 0;
    const res = await dispatch('records.get', { connection: 'demo', module: 'Accounts', id: 42 });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.kind).toBe('invalid_input');
      expect(res.error.message).toMatch(/records\.get: id/);
    }
    expect(seen).toEqual([]);
    expect(await dispatch('app.info', { extra: true })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
  });

  it('bounds what a caller may send (IPC has no body limit of its own)', async () => {
    const filters = Array.from({ length: 101 }, () => ({ field: 'name', op: '=', value: 'x' }));
    const tooMany = await dispatch('records.list', { connection: 'demo', module: 'Accounts', query: { filters } });
    expect(tooMany).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: /filters/ } });
    const huge = await dispatch('records.update', {
      connection: 'demo',
      module: 'Accounts',
      id: '1',
      data: { name: 'x'.repeat(1_000_001) },
    });
    expect(huge).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: /data\.name/ } });
  });

  it('applies defaults from the schema', async () => {
    seen.length = 0;
    await dispatch('records.get', { connection: 'demo', module: 'Accounts', id: '11x1' });
    expect(seen).toEqual([{ connection: 'demo', module: 'Accounts', id: '11x1', offline: false }]);
  });

  it('passes typed errors through and hides unexpected ones behind a plain message', async () => {
    expect(await dispatch('connections.test', { connection: 'x' })).toEqual({
      ok: false,
      error: { kind: 'auth', message: 'The access key was refused' },
    });
    const res = await dispatch('connections.list', {});
    expect(res).toMatchObject({ ok: false, error: { kind: 'internal', message: 'boom' } });
    expect(JSON.stringify(res)).not.toContain('at ');
  });

  it('lets nothing outside the output schema reach the renderer', async () => {
    const res = await dispatch('records.get', { connection: 'demo', module: 'Accounts', id: '11x1' });
    // Records keep their fields (catchall), so a record's own values pass; the schema is what decides.
    expect(res).toMatchObject({ ok: true });
    const info = await createRouter(
      handlers({ 'app.info': async () => ({ version: '1', transport: 'electron', demo: true, token: 'x' }) as never }),
    )('app.info', {});
    expect(info).toEqual({ ok: true, value: { version: '1', transport: 'electron', demo: true } });
  });

  it('names every channel once, in the contract only', () => {
    expect(new Set(channels).size).toBe(Object.keys(contract).length);
  });
});
