/** The secret fields of one connection, by the vendor's own secret names (docs/vendors.md). */
export type SecretMap = Record<string, string>;

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
