import type { SecretMap } from '../../shared/crm-vendors.ts';

/**
 * Where a connection's secrets live. Entries are keyed by connection name inside one store; a store
 * built for a data folder never sees another folder's entries.
 */
export interface SecretStore {
  /** Short word for messages: "keychain", "memory". */
  readonly kind: string;
  get(connection: string): Promise<SecretMap | null>;
  set(connection: string, secrets: SecretMap): Promise<void>;
  delete(connection: string): Promise<void>;
}
