import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/server.ts';
import { createRouter } from '../../src/main/router.ts';
import { handlers } from '../helpers/handlers.ts';

/** A raw HTTP call, so tests can send any Host/Origin header (fetch would not let us). */
function raw(
  host: BrowserHost,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('browser host', () => {
  let host: BrowserHost;
  let calls = 0;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>CRM Desk</title>');
    const dispatch = createRouter(
      handlers({
        'app.info': async () => {
          calls++;
          return { version: '1', transport: 'browser', demo: false };
        },
      }),
    );
    host = await startBrowserHost({ dispatch, rendererDir: dir });
  });
  afterAll(() => host.close());

  const rpc = (headers: Record<string, string>, body = '{}') =>
    raw(host, '/rpc/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

  it('listens on 127.0.0.1 only; launch addresses hold a one-time code, never the token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
    const a = host.launch().url;
    const b = host.launch().url;
    expect(a).toMatch(new RegExp(`^${host.origin}/#launch=[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain(host.token);
  });

  const session = (body: string, headers: Record<string, string> = {}) =>
    raw(host, '/session', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

  it('trades a launch code for the token once; a used, unknown or malformed code gets nothing', async () => {
    const { url, redeemed } = host.launch();
    const code = url.split('#launch=')[1]!;
    let told = false;
    void redeemed.then(() => (told = true));
    const first = await session(JSON.stringify({ code }), { Origin: host.origin });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ ok: true, value: { token: host.token } });
    await Promise.resolve();
    expect(told).toBe(true);
    for (const body of [JSON.stringify({ code }), '{"code":"x"}', '{"code":{"length":43}}', '[]', 'null', '{}']) {
      const again = await session(body);
      expect(again.status).toBe(401);
      expect(again.body).not.toContain(host.token);
    }
  });

  it('never redeems a launch code for a foreign page or a non-JSON post', async () => {
    const code = host.launch().url.split('#launch=')[1]!;
    expect((await session(JSON.stringify({ code }), { Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    const form = await raw(host, '/session', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ code }),
    });
    expect(form.status).toBe(415);
    expect((await raw(host, '/session', { headers: {} })).status).toBe(405);
    // Still unused: the page it was made for can redeem it.
    expect((await session(JSON.stringify({ code }))).status).toBe(200);
  });

  it('mints a new launch address only for a caller holding the token', async () => {
    expect((await raw(host, '/session/launch', { method: 'POST' })).status).toBe(401);
    const minted = await raw(host, '/session/launch', { method: 'POST', headers: { 'x-crm-token': host.token } });
    const url = (JSON.parse(minted.body) as { value: { url: string } }).value.url;
    const code = url.split('#launch=')[1]!;
    expect((await session(JSON.stringify({ code }))).status).toBe(200);
  });

  it('serves a call with the token and our own origin', async () => {
    const res = await rpc({ 'x-crm-token': host.token, Origin: host.origin });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { version: '1', transport: 'browser', demo: false } });
  });

  it('refuses a call without the token, or with a wrong one, before dispatching', async () => {
    const before = calls;
    expect((await rpc({})).status).toBe(401);
    expect((await rpc({ 'x-crm-token': host.token.slice(0, -1) + 'x' })).status).toBe(401);
    expect(calls).toBe(before);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const before = calls;
    const res = await rpc({ 'x-crm-token': host.token, Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(calls).toBe(before);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await rpc({ 'x-crm-token': host.token, Host: `evil.example:${host.port}` });
    expect(res.status).toBe(421);
  });

  it('refuses non-JSON calls and GET calls', async () => {
    const form = await raw(host, '/rpc/app.info', {
      method: 'POST',
      headers: { 'x-crm-token': host.token, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    expect((await raw(host, '/rpc/app.info', { headers: { 'x-crm-token': host.token } })).status).toBe(405);
  });

  it('answers invalid input with a typed validation error', async () => {
    const res = await rpc({ 'x-crm-token': host.token }, '{"unexpected":1}');
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    const bad = await rpc({ 'x-crm-token': host.token }, '{not json');
    expect(bad.status).toBe(400);
  });

  it('serves the app with a strict CSP and never outside its folder', async () => {
    const page = await raw(host, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('CRM Desk');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await raw(host, '/../../etc/passwd')).status).toBe(404);
    expect((await raw(host, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });
});
