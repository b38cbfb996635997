import { createRequire } from 'node:module';
import { CrmError } from '../../shared/errors.ts';
import { toSecretMap } from './env.ts';
import type { SecretMap } from '../../shared/crm-vendors.ts';
import type { SecretStore } from './types.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

/** The part of keytar's API this store uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** The keychain service name for one data folder: two data folders never share an entry. */
export function keychainService(dataDir: string): string {
  return `crm-desk:${dataDir}`;
}

let loaded: KeytarApi | undefined;

/**
 * keytar is a native module: it is loaded on first use only, so commands that never touch a secret (and
 * machines without libsecret) do not load it.
 */
function loadKeytar(): KeytarApi {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const mod = require('keytar') as KeytarApi & { default?: KeytarApi };
  loaded = typeof mod.getPassword === 'function' ? mod : (mod.default as KeytarApi);
  return loaded;
}

/**
 * Secrets in the OS keychain through keytar: one entry per connection, service `crm-desk:<dataDir>`,
 * account = connection name, password = the secret fields as one JSON object. Any failure to reach the
 * keychain is a `keychain` error; there is deliberately no fallback to a file.
 */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';
  readonly service: string;
  private readonly keytar: () => KeytarApi;
  private readonly timeoutMs: number;
  /** Names the environment variable to suggest in the "no keychain" message. */
  private readonly envHint: (connection: string) => string;

  constructor(opts: {
    dataDir: string;
    envHint: (connection: string) => string;
    keytar?: () => KeytarApi;
    timeoutMs?: number;
  }) {
    this.service = keychainService(opts.dataDir);
    this.keytar = opts.keytar ?? loadKeytar;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.envHint = opts.envHint;
  }

  async get(connection: string): Promise<SecretMap | null> {
    const text = await this.call(connection, (k) => k.getPassword(this.service, connection));
    if (text === null) return null;
    try {
      return toSecretMap(JSON.parse(text), connection);
    } catch {
      throw serviceError('keychain', 'errors.service.keychainDamaged', { connection });
    }
  }

  async set(connection: string, secrets: SecretMap): Promise<void> {
    await this.call(connection, (k) => k.setPassword(this.service, connection, JSON.stringify(secrets)));
  }

  async delete(connection: string): Promise<void> {
    await this.call(connection, (k) => k.deletePassword(this.service, connection));
  }

  private async call<T>(connection: string, op: (k: KeytarApi) => Promise<T>): Promise<T> {
    const variable = this.envHint(connection);
    const unreachable = (detail: string) =>
      serviceError('keychain', 'errors.service.keychainUnreachable', { variable, detail });
    let api: KeytarApi;
    try {
      api = this.keytar();
    } catch (err) {
      throw serviceError('keychain', 'errors.service.keychainNoKeytar', { variable, detail: firstLine(err) });
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(serviceError('keychain', 'errors.service.keychainTimeout', { variable })),
        this.timeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([op(api), timeout]);
    } catch (err) {
      if (err instanceof CrmError) throw err;
      // keytar's messages come from libsecret/D-Bus ("Cannot autolaunch D-Bus ..."): never a secret.
      throw unreachable(firstLine(err));
    } finally {
      clearTimeout(timer);
    }
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
