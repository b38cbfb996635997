import { readEnvSecrets, secretEnvName } from '../credentials/env.ts';
import { KeychainSecretStore } from '../credentials/keychain.ts';
import { MemorySecretStore } from '../credentials/memory.ts';
import type { SecretMap } from '../../shared/crm-vendors.ts';
import type { SecretStore } from '../credentials/types.ts';

export interface SecretsOptions {
  /** Default: the OS keychain through keytar, keyed by the data folder. */
  keychain?: SecretStore;
  /** Default: a fresh in-memory store (demo connections). */
  memory?: SecretStore;
  /** Where `CRM_SECRET_<NAME>` is read. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Chooses where a connection's secrets come from and go to:
 *   1. `CRM_SECRET_<NAME>` in the environment wins for reading, and the keychain is then not touched;
 *      those values are used for this run only and never stored;
 *   2. demo connections keep theirs in memory;
 *   3. every other connection uses the OS keychain (never a file).
 */
export class ConnectionSecrets {
  readonly keychain: SecretStore;
  readonly memory: SecretStore;
  private readonly env: NodeJS.ProcessEnv;

  constructor(dataDir: string, opts: SecretsOptions = {}) {
    this.env = opts.env ?? process.env;
    this.keychain = opts.keychain ?? new KeychainSecretStore({ dataDir, envHint: secretEnvName });
    this.memory = opts.memory ?? new MemorySecretStore();
  }

  /** The secrets given in the environment for this connection, or null. */
  fromEnv(connection: string): SecretMap | null {
    return readEnvSecrets(connection, this.env);
  }

  envName(connection: string): string {
    return secretEnvName(connection);
  }

  store(demo: boolean): SecretStore {
    return demo ? this.memory : this.keychain;
  }
}
