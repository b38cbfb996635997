import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetadataCache, METADATA_TTL_MS } from '../../../src/main/connectors/common/metadata-cache.ts';
import { leaseStateDb, STATE_FILE, type StateDbLease } from '../../../src/main/connectors/common/state-db.ts';

let dir: string;
let lease: StateDbLease;
let clock: number;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crm-meta-'));
  lease = leaseStateDb(dir);
  clock = 1_000_000;
});
afterEach(async () => {
  lease.release();
  await rm(dir, { recursive: true, force: true });
});

const now = () => clock;
const asFields = (raw: unknown): string[] => {
  if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string')) throw new Error('not a field list');
  return raw;
};

/** A vendor answer that changes each time it is fetched, counting fetches. */
function counter() {
  let n = 0;
  return {
    fetch: async () => [`field_${++n}`],
    get count() {
      return n;
    },
  };
}

describe('metadata cache in the data folder', () => {
  it('fetches once, serves from memory and from the file, and again after the time to live', async () => {
    const vendor = counter();
    const cache = createMetadataCache({ db: lease.db, scope: 'acme', now });
    expect(await cache.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_1']);
    expect(await cache.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_1']);
    // A new process (a CLI run) with the same folder: no fetch.
    const next = createMetadataCache({ db: lease.db, scope: 'acme', now });
    expect(await next.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_1']);
    expect(vendor.count).toBe(1);
    expect(next.mayBeStale('Accounts')).toBe(true);
    clock += METADATA_TTL_MS;
    expect(await next.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_2']);
    expect(await cache.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_2']);
    expect(vendor.count).toBe(2);
  });

  it('shares one fetch between callers asking at the same time', async () => {
    const vendor = counter();
    const cache = createMetadataCache({ db: lease.db, scope: 'acme', now });
    const all = await Promise.all([1, 2, 3].map(() => cache.get('Accounts', 'fields', vendor.fetch, asFields)));
    expect(all).toEqual([['field_1'], ['field_1'], ['field_1']]);
    expect(vendor.count).toBe(1);
  });

  it('a refresh in one process is seen by another; other modules and connections keep theirs', async () => {
    const vendor = counter();
    const app = createMetadataCache({ db: lease.db, scope: 'acme', now });
    await app.get('Accounts', 'fields', vendor.fetch, asFields);
    await app.get('Contacts', 'fields', vendor.fetch, asFields);
    const otherConnection = createMetadataCache({ db: lease.db, scope: 'beta', now });
    await otherConnection.get('Accounts', 'fields', vendor.fetch, asFields);
    expect(vendor.count).toBe(3);
    // The CLI's `describe --refresh`, through its own connection to the file.
    const cliDb = new DatabaseSync(join(dir, STATE_FILE));
    try {
      createMetadataCache({ db: cliDb, scope: 'acme', now }).refresh('Accounts');
    } finally {
      cliDb.close();
    }
    expect(await app.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_4']);
    expect(await app.get('Contacts', 'fields', vendor.fetch, asFields)).toEqual(['field_2']);
    expect(await otherConnection.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_3']);
    expect(vendor.count).toBe(4);
  });

  it('fetches again when a stored entry cannot be read, and stores nothing for a failed fetch', async () => {
    lease.db
      .prepare('INSERT INTO metadata (scope, module, key, value, fetched_at) VALUES (?, ?, ?, ?, ?)')
      .run('acme', 'Accounts', 'fields', '{"not":"a list"}', clock);
    const vendor = counter();
    const cache = createMetadataCache({ db: lease.db, scope: 'acme', now });
    expect(await cache.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_1']);
    const failing = async () => {
      throw new Error('vendor down');
    };
    await expect(cache.get('Leads', 'fields', failing, asFields)).rejects.toThrow('vendor down');
    const rows = lease.db.prepare("SELECT COUNT(*) AS n FROM metadata WHERE module = 'Leads'").get() as { n: number };
    expect(rows.n).toBe(0);
    expect(await cache.get('Leads', 'fields', vendor.fetch, asFields)).toEqual(['field_2']);
  });

  it('an answer that contradicts the entries drops them once, not again within the minute', async () => {
    const vendor = counter();
    const cache = createMetadataCache({ db: lease.db, scope: 'acme', now });
    await cache.get('Accounts', 'fields', vendor.fetch, asFields);
    // Just fetched: the contradiction is the vendor's, not the cache's.
    expect(cache.contradicted('Accounts')).toBe(false);
    clock += 10_000;
    expect(cache.contradicted('Accounts')).toBe(true);
    expect(await cache.get('Accounts', 'fields', vendor.fetch, asFields)).toEqual(['field_2']);
    clock += 10_000;
    expect(cache.contradicted('Accounts')).toBe(false);
    expect(vendor.count).toBe(2);
    clock += 60_000;
    expect(cache.contradicted('Accounts')).toBe(true);
  });

  it('without a data folder it keeps entries in memory with the same time to live', async () => {
    const vendor = counter();
    const cache = createMetadataCache({ scope: 'acme', now });
    await cache.get('Accounts', 'fields', vendor.fetch, asFields);
    await cache.get('Accounts', 'fields', vendor.fetch, asFields);
    expect(vendor.count).toBe(1);
    clock += METADATA_TTL_MS;
    await cache.get('Accounts', 'fields', vendor.fetch, asFields);
    expect(vendor.count).toBe(2);
  });
});
