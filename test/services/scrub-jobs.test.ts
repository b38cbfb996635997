import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalServices } from '../../src/main/services/index.ts';
import { CrmError } from '../../src/shared/errors.ts';
import type { FakeState } from './fake-vendor.ts';
import { closeFakeServices, openFakeServices } from './fake-services.ts';

/** Sync and export errors reach the renderer (status) and the CLI: a secret a vendor echoes is scrubbed. */
const SECRET = 'hunter2-secret';
let dataDir: string;
let state: FakeState;
let s: LocalServices;

beforeEach(async () => {
  // Describe once, so the next vendor call after it is the one that fails.
  ({ dataDir, state, s } = await openFakeServices({
    folderPrefix: 'crm-scrub-',
    password: SECRET,
    mirror: true,
    describe: true,
  }));
});
afterEach(() => closeFakeServices({ dataDir, s }));

const echo = () => new CrmError('auth', `login refused for password ${SECRET}`);

async function settled<T extends { state: string }>(read: () => T): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = read();
    if (v.state !== 'running') return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}

describe('secrets echoed by a vendor during a job', () => {
  it('a sync run (CLI) fails without the secret in its message', async () => {
    state.failNext = echo();
    const err = await s.sync.run('c', ['Accounts']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).kind).toBe('auth');
    expect((err as CrmError).message).toBe('login refused for password ***');
  });

  it('a sync started by the app reports its failure without the secret', async () => {
    state.failNext = echo();
    s.sync.start('c', ['Accounts']);
    const done = await settled(() => s.sync.status('c'));
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({ kind: 'auth', message: 'login refused for password ***' });
  });

  it('a live export run (CLI) fails without the secret in its message', async () => {
    state.failNext = echo();
    const err = await s.exports
      .run({
        connection: 'c',
        module: 'Accounts',
        format: 'csv',
        out: join(dataDir, 'a.csv'),
        offline: false,
        columns: [],
        query: { filters: [] },
        bom: false,
      })
      .catch((e: unknown) => e);
    expect((err as CrmError).message).toBe('login refused for password ***');
  });

  it('a live export started by the app reports its failure without the secret', async () => {
    state.failNext = echo();
    const jobId = s.exports.start({
      connection: 'c',
      module: 'Accounts',
      format: 'json',
      offline: false,
      columns: [],
      query: { filters: [] },
      bom: false,
    });
    const done = await settled(() => s.exports.status(jobId));
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({ kind: 'auth', message: 'login refused for password ***' });
  });
});
