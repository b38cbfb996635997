import type { SecretMap } from '../../shared/crm-vendors.ts';
import type { SecretStore } from './types.ts';

/**
 * Secrets held only in this process: the demo workspace's simulator connections, so the app starts on a
 * machine without a Secret Service (docs/architecture.md, "Build machines"). Nothing is ever written anywhere.
 */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, SecretMap>();

  async get(connection: string): Promise<SecretMap | null> {
    const found = this.entries.get(connection);
    return found ? { ...found } : null;
  }

  async set(connection: string, secrets: SecretMap): Promise<void> {
    this.entries.set(connection, { ...secrets });
  }

  async delete(connection: string): Promise<void> {
    this.entries.delete(connection);
  }
}
