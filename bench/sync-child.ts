import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { connectorRequestCounts, createConnector } from '../src/main/connectors/registry.ts';
import { connectionFromEntry } from '../src/main/demo.ts';
import { syncModule } from '../src/main/services/mirror/sync-engine.ts';
import { openConnectionStore } from '../src/main/store/index.ts';

/**
 * One first sync and one sync with nothing changed, in their own process so that the peak memory is
 * the sync's alone (the simulator runs in the parent):
 *   node bench/sync-child.ts <db file> <vendor> <workspace entry JSON> <module>
 * Prints one JSON line: {first, firstMs, firstRssMb, idle, idleMs, maxRssMb}.
 */
const [dbFile, vendor, entryJson, module] = process.argv.slice(2) as [string, string, string, string];
const entry = JSON.parse(entryJson) as Record<string, unknown>;
const connector = createConnector({ ...connectionFromEntry(vendor as 'spotler', entry), rateLimit: false });
const counts = connectorRequestCounts(connector);
const store = openConnectionStore(dbFile);
const ctx = { connector, store, ...(counts ? { counts: () => counts } : {}) };
const t0 = performance.now();
const first = await syncModule(ctx, module);
const firstMs = performance.now() - t0;
const firstRssMb = process.resourceUsage().maxRSS / 1024;
const t1 = performance.now();
const idle = await syncModule(ctx, module);
const idleMs = performance.now() - t1;
store.close();
await connector.close();
rmSync(dbFile, { force: true });
console.log(
  JSON.stringify({ first, firstMs, firstRssMb, idle, idleMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
