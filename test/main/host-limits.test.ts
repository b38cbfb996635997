import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/server.ts';
import { createRouter } from '../../src/main/router.ts';
import { MAX_CALL_BYTES } from '../../src/shared/contract.ts';
import { MAX_TEXT_CHARS } from '../../src/shared/fields.ts';
import { handlers } from '../helpers/handlers.ts';

// The host reads no more of a call than the largest valid one needs (MAX_CALL_BYTES), and says so with
// a 413 before reading a body announced as larger.
let host: BrowserHost;
let updates = 0;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'host-limits-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>CRM Desk</title>');
  const dispatch = createRouter(
    handlers({
      'records.update': async (input) => {
        updates++;
        return { id: input.id };
      },
    }),
  );
  host = await startBrowserHost({ dispatch, rendererDir: dir });
});
afterAll(() => host.close());

function post(body: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: '/rpc/records.update',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-crm-token': host.token, ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The largest record update the contract lets through: a text at its bound, in 3-byte characters. */
function largestUpdate(): string {
  const data: Record<string, string> = { description: '€'.repeat(MAX_TEXT_CHARS) };
  for (let i = 0; i < 300; i++) data[`field_${i}`] = `value ${i} `.repeat(20);
  return JSON.stringify({ connection: 'demo', module: 'Accounts', id: '1', data });
}

it('caps a call at a few hundred KB, and the largest valid call fits', async () => {
  expect(MAX_CALL_BYTES).toBeLessThanOrEqual(1024 * 1024);
  const body = largestUpdate();
  expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_CALL_BYTES);
  const before = updates;
  const res = await post(body);
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toEqual({ ok: true, value: { id: '1' } });
  expect(updates).toBe(before + 1);
});

it('answers 413 with a typed error past the cap, without dispatching', async () => {
  const before = updates;
  // 1 MB: past any cap near the contract's bounds (MAX_CALL_BYTES itself is checked above).
  const padding = ' '.repeat(1024 * 1024);
  const res = await post(`{"connection":"demo","module":"Accounts","id":"1","data":{}${padding}}`);
  expect(res.status).toBe(413);
  expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
  expect(updates).toBe(before);
});

it('answers 413 from the announced length, before the body is sent', { timeout: 10_000 }, async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: host.port,
      path: '/rpc/records.update',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-crm-token': host.token,
        'content-length': String(25 * 1024 * 1024),
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  expect(status).toBe(413);
});

it('still serves calls after refusing large ones', async () => {
  const res = await post(JSON.stringify({ connection: 'demo', module: 'Accounts', id: '2', data: { a: 'b' } }));
  expect(res.status).toBe(200);
});
