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

  it('listens on 127.0.0.1 only and puts the token in the fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.appUrl).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
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
