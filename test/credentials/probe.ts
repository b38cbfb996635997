import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { KeychainSecretStore } from '../../src/main/credentials/keychain.ts';

/**
 * Whether a Secret Service answers here (write, then delete, one throwaway entry): null when it does,
 * else the reason. Tests that need it skip outside CI and FAIL under CI=true (see keychain tests).
 */
export async function probeSecretService(): Promise<string | null> {
  const store = new KeychainSecretStore({
    dataDir: join(tmpdir(), `crm-keyprobe-${process.pid}-${Date.now()}`),
    envHint: () => 'CRM_SECRET_PROBE',
    timeoutMs: 5000,
  });
  try {
    await store.set('probe', { ok: 'yes' });
    await store.delete('probe');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export const inCi = process.env.CI === 'true';
