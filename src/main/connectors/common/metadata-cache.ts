import type { DatabaseSync } from 'node:sqlite';

/** How long fetched metadata is trusted before it is fetched again. */
export const METADATA_TTL_MS = 60 * 60 * 1000;
/** Metadata fetched this recently is not fetched again because an answer contradicts it. */
const JUST_FETCHED_MS = 5000;
/** Contradicting answers refresh a module's entries at most this often (repeats spend no budget). */
const CONTRADICTION_GAP_MS = 60_000;

/**
 * A connection's vendor metadata (describe answers, custom field definitions, lookup and picklist
 * lists, owner labels), kept per module. Connectors say what to fetch and how to read it; the cache
 * decides when to fetch. Every connector uses it the same way:
 *
 *     const model = await ctx.metadata.get(module, 'fields', () => fetchFields(module), readFields);
 */
export interface MetadataCache {
  /**
   * The module's entry `key`: from memory or the data folder while younger than the TTL, else
   * `fetch()`ed (once, however many callers ask at the same time) and stored. `read` turns the stored
   * JSON into what the connector works with; if it throws on a stored value, the value is fetched again.
   */
  get<T>(module: string, key: string, fetch: () => Promise<unknown>, read: (raw: unknown) => T): Promise<T>;
  /** Forgets the module's entries (every module's without one), here and for every other process. */
  refresh(module?: string): void;
  /**
   * Whether the module's entries in use may be out of date: read from the data folder, or fetched more
   * than a few seconds ago. A vendor answer that contradicts them is then worth one refresh.
   */
  mayBeStale(module: string): boolean;
  /**
   * A vendor answer contradicts the module's entries (a field they do not list, a picklist value the
   * vendor refused): they are dropped so the next use fetches them again, unless they were fetched
   * moments ago or dropped this way in the last minute. Returns whether they were dropped.
   */
  contradicted(module: string): boolean;
}

interface Memo {
  /** The stored row's time; `null` while a fetch is under way. */
  fetchedAt: number | null;
  value: Promise<unknown>;
  fromCache: boolean;
}

export interface MetadataCacheOptions {
  /** The data folder's state database; without one, entries live in this process only. */
  db?: DatabaseSync;
  /** The connection the entries belong to. */
  scope: string;
  ttlMs?: number;
  now?: () => number;
}

export function createMetadataCache(opts: MetadataCacheOptions): MetadataCache {
  const { db, scope } = opts;
  const ttl = opts.ttlMs ?? METADATA_TTL_MS;
  const now = opts.now ?? Date.now;
  const memo = new Map<string, Memo>();
  const contradictedAt = new Map<string, number>();
  const memoKey = (module: string, key: string) => `${module}\u0000${key}`;

  function storedAt(module: string, key: string): number | undefined {
    if (!db) return undefined;
    const row = db
      .prepare('SELECT fetched_at FROM metadata WHERE scope = ? AND module = ? AND key = ?')
      .get(scope, module, key) as { fetched_at: number } | undefined;
    return row?.fetched_at;
  }

  function readStored<T>(module: string, key: string, read: (raw: unknown) => T): { value: T; at: number } | undefined {
    if (!db) return undefined;
    const row = db
      .prepare('SELECT value, fetched_at FROM metadata WHERE scope = ? AND module = ? AND key = ?')
      .get(scope, module, key) as { value: string; fetched_at: number } | undefined;
    if (!row || now() - row.fetched_at >= ttl) return undefined;
    try {
      return { value: read(JSON.parse(row.value)), at: row.fetched_at };
    } catch {
      return undefined; // unreadable (an older format, a damaged file): fetch it again
    }
  }

  function store(module: string, key: string, raw: unknown, at: number): void {
    db?.prepare(
      `INSERT INTO metadata (scope, module, key, value, fetched_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (scope, module, key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at`,
    ).run(scope, module, key, JSON.stringify(raw), at);
  }

  function refresh(module?: string): void {
    for (const k of [...memo.keys()]) if (module === undefined || k.startsWith(`${module}\u0000`)) memo.delete(k);
    if (!db) return;
    if (module === undefined) db.prepare('DELETE FROM metadata WHERE scope = ?').run(scope);
    else db.prepare('DELETE FROM metadata WHERE scope = ? AND module = ?').run(scope, module);
  }

  function mayBeStale(module: string): boolean {
    const t = now();
    for (const [k, m] of memo) {
      if (!k.startsWith(`${module}\u0000`) || m.fetchedAt === null) continue;
      if (m.fromCache || t - m.fetchedAt > JUST_FETCHED_MS) return true;
    }
    return false;
  }

  return {
    get<T>(module: string, key: string, fetch: () => Promise<unknown>, read: (raw: unknown) => T): Promise<T> {
      const k = memoKey(module, key);
      const held = memo.get(k);
      if (held) {
        if (held.fetchedAt === null) return held.value as Promise<T>;
        // Another process may have refreshed or replaced the entry: the stored time says so.
        const fresh = now() - held.fetchedAt < ttl;
        if (fresh && (!db || storedAt(module, key) === held.fetchedAt)) return held.value as Promise<T>;
      }
      const stored = readStored(module, key, read);
      if (stored) {
        const value = Promise.resolve(stored.value);
        memo.set(k, { fetchedAt: stored.at, value, fromCache: true });
        return value;
      }
      const entry: Memo = { fetchedAt: null, value: Promise.resolve(), fromCache: false };
      const value = (async () => {
        const raw = await fetch();
        const at = now();
        const out = read(raw);
        store(module, key, raw, at);
        if (memo.get(k) === entry) entry.fetchedAt = at;
        return out;
      })();
      entry.value = value;
      memo.set(k, entry);
      value.catch(() => {
        if (memo.get(k) === entry) memo.delete(k);
      });
      return value;
    },

    refresh,
    mayBeStale,
    contradicted(module: string): boolean {
      const t = now();
      if (!mayBeStale(module) || t - (contradictedAt.get(module) ?? -Infinity) < CONTRADICTION_GAP_MS) return false;
      contradictedAt.set(module, t);
      refresh(module);
      return true;
    },
  };
}
