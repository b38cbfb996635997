import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/server.ts';

/** A malformed percent-escape in the path is the caller's mistake (400), not a server failure (500). */
let host: BrowserHost;
let dispatched = 0;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'host-paths-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>CRM Desk</title>');
  host = await startBrowserHost({
    dispatch: async () => (dispatched++, { ok: true, value: null }),
    rendererDir: dir,
  });
});
afterAll(() => host.close());

function raw(path: string, method: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method,
        headers: { 'x-crm-token': host.token, 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

it('answers a malformed escape in a call or a file path with 400 and never dispatches it', async () => {
  const call = await raw('/rpc/app%E0%A4%A', 'POST');
  expect(call.status).toBe(400);
  expect(JSON.parse(call.body)).toMatchObject({ ok: false, error: { message: 'Malformed channel name' } });
  const file = await raw('/assets/%E0%A4%A.js', 'GET');
  expect(file.status).toBe(400);
  expect(dispatched).toBe(0);
  expect((await raw('/', 'GET')).status).toBe(200);
});
