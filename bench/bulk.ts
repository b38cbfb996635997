import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startWorkspace, type SimVendor } from '../sim/workspace.ts';
import { MemorySecretStore } from '../src/main/credentials/memory.ts';
import { vendorDefinition } from '../src/main/connectors/registry.ts';
import { connectionFromEntry } from '../src/main/demo.ts';
import { createServices } from '../src/main/services/index.ts';
import type { CrmRecord } from '../src/shared/fields.ts';

/**
 * `node bench/bulk.ts [--rows N] [--no-write]`: a bulk update of N rows (matched by id, one text field
 * changed) against each vendor's simulator with its limits off, to measure the app's own rate and the
 * requests one row costs; the vendor's documented rate limit then bounds the real rate. Replaces the
 * "Bulk update" section of docs/benchmarks.md.
 */
const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 300;
const vendors: SimVendor[] = ['simply', 'simplicate', 'smartsimple', 'sarv', 'spotler'];
const root = fileURLToPath(new URL('../', import.meta.url));

interface Figure {
  vendor: string;
  module: string;
  rows: number;
  seconds: number;
  requestsPerRow: number;
  limitPerSec: number | null;
}

async function measure(vendor: SimVendor): Promise<Figure> {
  const { fixture } = (await import(`../test/connectors/fixtures/${vendor}.ts`)) as {
    fixture: { module: string; textField: string };
  };
  const ws = await startWorkspace({ only: [vendor], records: ROWS + 10, seed: 'bench', limits: 'off' });
  const home = await mkdtemp(join(tmpdir(), `crm-bench-bulk-${vendor}-`));
  const services = await createServices({
    dataDir: home,
    env: { CRM_RATE_LIMIT: 'off' },
    secrets: { keychain: new MemorySecretStore() },
  });
  try {
    await services.connections.save({
      name: 'b',
      ...connectionFromEntry(vendor, ws.line[vendor] as Record<string, unknown>),
    });
    const ids: string[] = [];
    for (let page = 1; ids.length < ROWS; page++) {
      const got = await services.records.list('b', fixture.module, { page, pageSize: 100, filters: [] });
      ids.push(...got.rows.map((r: CrmRecord) => r.id));
      if (!got.hasMore) break;
    }
    const file = join(home, 'rows.csv');
    await writeFile(
      file,
      [`id,${fixture.textField}`, ...ids.slice(0, ROWS).map((id, i) => `${id},Bench ${i}`)].join('\n'),
    );
    const stats = async () => {
      const res = await fetch(`${ws.line.control.url}/${vendor}/stats`, {
        headers: { Authorization: `Bearer ${ws.line.control.token}` },
      });
      return ((await res.json()) as { requests: number }).requests;
    };
    const before = await stats();
    const t0 = performance.now();
    const result = await services.bulk.run({
      connection: 'b',
      module: fixture.module,
      source: { file },
      dryRun: false,
      report: join(home, 'report.csv'),
    });
    const seconds = (performance.now() - t0) / 1000;
    const requests = (await stats()) - before;
    const limit = vendorDefinition(vendor).rateLimit;
    return {
      vendor,
      module: fixture.module,
      rows: result.applied,
      seconds,
      requestsPerRow: requests / Math.max(1, result.rows),
      limitPerSec: limit ? (limit.requests * 1000) / limit.perMs : null,
    };
  } finally {
    await services.close();
    await ws.close();
    await rm(home, { recursive: true, force: true });
  }
}

const figures: Figure[] = [];
for (const v of vendors) figures.push(await measure(v));

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));
const lines = [
  '## Bulk update',
  '',
  `Rows: ${ROWS} per vendor, matched by id (no mirror: one read per row for the before values), one text field changed; simulators with limits off (\`node bench/bulk.ts\`).`,
  '',
  '| vendor | module | rows/s (limits off) | requests per row | vendor limit (requests/s) | rows/s at the limit |',
  '|---|---|---|---|---|---|',
  ...figures.map((f) => {
    const bound = f.limitPerSec === null ? null : f.limitPerSec / f.requestsPerRow;
    return `| ${f.vendor} | ${f.module} | ${fmt(f.rows / f.seconds)} | ${f.requestsPerRow.toFixed(2)} | ${f.limitPerSec === null ? 'none documented' : f.limitPerSec.toFixed(2)} | ${bound === null ? 'unbounded' : fmt(bound)} |`;
  }),
  '',
  'Against a real vendor the slower of the two columns applies: the shared request budget keeps every bulk job under the vendor limit, so for Simplicate (60/min) and SmartSimple (1,000/hour) the limit, not the app, sets the pace.',
  '',
];
const section = lines.join('\n');
console.log(section);
if (!args.includes('--no-write')) {
  const path = join(root, 'docs', 'benchmarks.md');
  const text = await readFile(path, 'utf8');
  const start = text.indexOf('## Bulk update');
  const next = start >= 0 ? text.indexOf('\n## ', start + 1) : -1;
  const updated =
    start < 0
      ? `${text.trimEnd()}\n\n${section}`
      : text.slice(0, start) + section + (next >= 0 ? text.slice(next + 1) : '');
  await writeFile(path, updated);
}
