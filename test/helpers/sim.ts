import { afterEach } from 'vitest';
import { startWorkspace, type SimVendor, type Workspace } from '../../sim/workspace.ts';
import { createConnector } from '../../src/main/connectors/registry.ts';
import { connectionFromEntry } from '../../src/main/demo.ts';
import type { Connector } from '../../src/main/connectors/types.ts';
import type { CrmRecord } from '../../src/shared/fields.ts';

export { connectionFromEntry };

export interface SimHarness {
  ws: Workspace;
  entry: Record<string, unknown>;
  connector(): Connector;
  /** Calls the workspace's control endpoint. */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
}

export async function startSim(
  vendor: SimVendor,
  opts: { records?: number; seed?: string; limits?: 'real' | 'off' } = {},
): Promise<SimHarness> {
  const ws = await startWorkspace({
    only: [vendor],
    records: opts.records ?? 60,
    seed: opts.seed ?? 'test',
    limits: opts.limits ?? 'off',
  });
  const entry = ws.line[vendor] as Record<string, unknown>;
  return {
    ws,
    entry,
    connector: () => createConnector({ ...connectionFromEntry(vendor, entry), rateLimit: opts.limits === 'real' }),
    async control(method, path, body) {
      const res = await fetch(`${ws.line.control.url}/${vendor}/${path}`, {
        method,
        headers: { Authorization: `Bearer ${ws.line.control.token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
  };
}

/** Every record of the module as the server has it now, by a fresh walk of another connector. */
export async function serverRecords(sim: SimHarness, module: string): Promise<Map<string, CrmRecord>> {
  const c = sim.connector();
  const out = new Map<string, CrmRecord>();
  let cursor: string | null = null;
  for (;;) {
    const page = await c.changes(module, cursor);
    for (const r of page.updated) out.set(r.id, r);
    cursor = page.cursor;
    if (!page.more) break;
  }
  await c.close();
  return out;
}

/**
 * Steps that undo what a test set up, run after each test of the file, last first. Call once at the top
 * of a test file; push steps from the tests.
 */
export function cleanupAfterEach(): { push(step: () => Promise<void>): void } {
  let steps: (() => Promise<void>)[] = [];
  afterEach(async () => {
    const now = steps.reverse();
    steps = [];
    for (const step of now) await step();
  });
  return { push: (step) => void steps.push(step) };
}
