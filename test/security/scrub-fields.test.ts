import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createHandlers } from '../../src/main/handlers.ts';
import { createRouter } from '../../src/main/router.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { memoryIo } from '../cli/io.ts';
import { fakeCatalog, type FakeState } from '../services/fake-vendor.ts';
import { closeFakeServices, openFakeServices } from '../services/fake-services.ts';

// A hostile or careless vendor answer may quote a credential in a per-field message (or even as a field
// name): every string of the error loses it before it reaches the renderer or the CLI's stderr.
const SECRET = 'Xk9-quoted-secret-77';
let dataDir: string;
let state: FakeState;
let keychain: MemorySecretStore;
let s: LocalServices;

const echoInFields = () =>
  new CrmError('validation', 'The vendor refused the record', {
    fields: { name: `"${SECRET}" is not accepted here`, [`key_${SECRET}`]: 'unknown' },
  });

beforeEach(async () => {
  ({ dataDir, state, keychain, s } = await openFakeServices({
    folderPrefix: 'crm-scrub-fields-',
    password: SECRET,
    mirror: true,
    describe: true,
  }));
});
afterEach(() => closeFakeServices({ dataDir, s }));

describe('per-field messages that quote a secret', () => {
  it('are scrubbed in the answer the renderer gets', async () => {
    const dispatch = createRouter(createHandlers(s, { version: 't', transport: 'browser', demo: false }));
    state.failNext = echoInFields();
    const answer = await dispatch('records.update', {
      connection: 'c',
      module: 'Accounts',
      id: '1',
      data: { name: 'x' },
    });
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toContain(SECRET);
    expect(answer.ok === false && answer.error.fields).toEqual({
      name: '"***" is not accepted here',
      'key_***': 'unknown',
    });
  });

  it('are scrubbed in a failed sync status', async () => {
    state.failNext = echoInFields();
    s.sync.start('c', ['Accounts']);
    let status = s.sync.status('c');
    for (let i = 0; i < 500 && status.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = s.sync.status('c');
    }
    expect(status.state).toBe('failed');
    expect(JSON.stringify(status)).not.toContain(SECRET);
    expect(status.error?.fields?.name).toBe('"***" is not accepted here');
  });

  it("are scrubbed on the CLI's stderr", async () => {
    await s.close();
    const io = memoryIo({ CRM_HOME: dataDir });
    state.failNext = echoInFields();
    const code = await runCli(['update', 'c', 'Accounts', '1', '--data', '{"name":"x"}'], io, {
      catalog: fakeCatalog(state),
      secrets: { keychain },
    });
    expect(code).not.toBe(0);
    expect(io.err()).toContain('"***" is not accepted here');
    expect(io.err() + io.out()).not.toContain(SECRET);
    s = await createServices({ dataDir, env: {}, catalog: fakeCatalog(state), secrets: { keychain } });
  });
});
