import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/main/connectors/http.ts';
import { RequestBudget, type RequestLimit } from '../../../src/main/connectors/common/request-budget.ts';
import { leaseStateDb, type StateDbLease } from '../../../src/main/connectors/common/state-db.ts';
import { CrmError } from '../../../src/shared/errors.ts';
import { errorOf } from '../../helpers/errors.ts';
import { NODE, runProcess } from '../../cli/run-crm.ts';

const CHILD = fileURLToPath(new URL('./budget-child.ts', import.meta.url));

let dir: string;
let lease: StateDbLease;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crm-budget-'));
  lease = leaseStateDb(dir);
});
afterEach(async () => {
  lease.release();
  await rm(dir, { recursive: true, force: true });
});

const budgetOf = (limit: RequestLimit, bucket = 'acct') =>
  new RequestBudget({ db: lease.db, bucket, limit, vendorLabel: 'Test vendor' });

/** A vendor stand-in: answers with `answer(n)` (n counts from 1) after `latencyMs`, and logs when calls came. */
function fakeVendor(answer: (n: number) => number, latencyMs = 20) {
  const calls: { start: number; end: number; status: number }[] = [];
  const fetch = (async () => {
    const start = Date.now();
    const status = answer(calls.length + 1);
    const call = { start, end: start, status };
    calls.push(call);
    await new Promise((r) => setTimeout(r, latencyMs));
    call.end = Date.now();
    return new Response(status === 200 ? '{}' : '{"errors":["Too Many Requests"]}', { status });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('request window shared through the data folder', () => {
  it('holds across two processes: no more than the limit in any window', async () => {
    const limit = { requests: 4, perMs: 1200 };
    const runs = await Promise.all(
      [0, 1].map(() =>
        runProcess(NODE, [CHILD, dir, String(limit.requests), String(limit.perMs), '6'], { env: process.env }),
      ),
    );
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const times = runs.flatMap((r) => JSON.parse(r.out) as number[]).sort((a, b) => a - b);
    expect(times).toHaveLength(12);
    // Slot i + limit can start only a full window after slot i ended.
    for (let i = 0; i + limit.requests < times.length; i++) {
      expect((times[i + limit.requests] ?? 0) - (times[i] ?? 0)).toBeGreaterThanOrEqual(limit.perMs);
    }
  }, 30_000);

  it('counts a slot from when its answer arrived, not from when it was sent', async () => {
    const budget = budgetOf({ requests: 1, perMs: 300 });
    const first = await budget.take();
    await new Promise((r) => setTimeout(r, 200)); // the vendor takes 200 ms to answer
    first.done();
    const answered = Date.now();
    await budget.take();
    expect(Date.now() - answered).toBeGreaterThanOrEqual(295);
  });

  it('tells the caller about a wait longer than a second', async () => {
    const vendor = fakeVendor(() => 200, 1);
    const waits: number[] = [];
    const http = createHttpClient({
      baseUrl: 'http://vendor.test',
      vendorLabel: 'Test vendor',
      budget: budgetOf({ requests: 1, perMs: 1500 }),
      onWait: (ms) => waits.push(ms),
      fetch: vendor.fetch,
    });
    await http.request({ method: 'GET', path: 'a' });
    await http.request({ method: 'GET', path: 'b' });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1000);
  });
});

describe('a 429 without Retry-After', () => {
  const limit = { requests: 10, perMs: 400 };

  it('waits a whole window, then sends one request at a time until one is answered', async () => {
    const vendor = fakeVendor((n) => (n === 1 ? 429 : 200), 40);
    const http = createHttpClient({
      baseUrl: 'http://vendor.test',
      vendorLabel: 'Test vendor',
      budget: budgetOf(limit),
      fetch: vendor.fetch,
    });
    const first = http.request({ method: 'POST', path: 'records', json: { name: 'x' } });
    await new Promise((r) => setTimeout(r, 80));
    // Sent after the refusal came back: they wait with the refused one instead of bursting.
    const rest = Promise.all([1, 2, 3].map((i) => http.request({ method: 'GET', path: `r/${i}` })));
    await Promise.all([first, rest]);
    const [refused, probe, ...others] = vendor.calls;
    expect(refused?.status).toBe(429);
    expect(vendor.calls.filter((c) => c.status === 429)).toHaveLength(1);
    // Nothing was sent for a window after the refusal; then one probe, alone until it was answered.
    expect((probe?.start ?? 0) - (refused?.end ?? 0)).toBeGreaterThanOrEqual(limit.perMs - 5);
    for (const c of others) expect(c.start).toBeGreaterThanOrEqual(probe?.end ?? Infinity);
    expect(vendor.calls).toHaveLength(5); // the refused create was sent again: a 429 means not processed
  });

  it('gives up with rate_limited after two windows of refusals', async () => {
    const vendor = fakeVendor(() => 429, 5);
    const http = createHttpClient({
      baseUrl: 'http://vendor.test',
      vendorLabel: 'Test vendor',
      budget: budgetOf(limit),
      fetch: vendor.fetch,
    });
    const started = Date.now();
    const err = await errorOf(http.request({ method: 'GET', path: 'x' }));
    expect(err).toBeInstanceOf(CrmError);
    expect(err.kind).toBe('rate_limited');
    expect(err.message).toMatch(/Test vendor kept refusing requests/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * limit.perMs - 10);
    // One attempt per window: at 0, after one window, after two; never a burst.
    expect(vendor.calls).toHaveLength(3);
    for (let i = 1; i < vendor.calls.length; i++) {
      expect((vendor.calls[i]?.start ?? 0) - (vendor.calls[i - 1]?.end ?? 0)).toBeGreaterThanOrEqual(limit.perMs - 5);
    }
  });

  it("a process that meets another process's refusal waits for it too", async () => {
    const other = leaseStateDb(dir); // the same file; a second process opens it the same way
    const refusing = new RequestBudget({ db: other.db, bucket: 'acct', limit, vendorLabel: 'Test vendor' });
    (await refusing.take()).refused(limit.perMs);
    const started = Date.now();
    (await budgetOf(limit).take()).done();
    expect(Date.now() - started).toBeGreaterThanOrEqual(limit.perMs - 20);
    other.release();
  });
});
