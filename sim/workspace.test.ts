import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspace, simVendors, type Workspace } from './workspace.ts';

// The simulators' shared plumbing: the JSON line, the token-guarded control endpoint and every fault
// kind, seen from a plain HTTP client. SpotlerCRM serves as the target (a GET with a bearer token).
describe('simulator workspace', () => {
  let ws: Workspace;
  let base: string;
  let token: string;
  const control = (path: string, init: RequestInit = {}, auth = true) =>
    fetch(`${ws.line.control.url}/spotler/${path}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        ...(auth ? { Authorization: `Bearer ${ws.line.control.token}` } : {}),
      },
    });
  const fault = (body: object) => control('fault', { method: 'POST', body: JSON.stringify(body) });
  const accounts = () => fetch(`${base}/accounts?limit=1`, { headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    ws = await startWorkspace({ records: 20, seed: 'ws', limits: 'off' });
    const entry = ws.line['spotler'] as { baseUrl: string; accessToken: string };
    base = entry.baseUrl;
    token = entry.accessToken;
  });
  afterAll(() => ws?.close());

  it('prints one entry per vendor with a 127.0.0.1 base URL, and the control endpoint', () => {
    expect(Object.keys(ws.line).sort()).toEqual(['control', ...simVendors].sort());
    for (const v of simVendors)
      expect((ws.line[v] as { baseUrl: string }).baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(ws.line.control.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses control calls without the token', async () => {
    expect((await control('reset', { method: 'POST' }, false)).status).toBe(401);
  });

  it('injects each fault for the requested number of requests, then serves normally', async () => {
    await fault({ kind: '429', count: 2, retryAfterSeconds: 3 });
    const limited = await accounts();
    expect(limited.status).toBe(429);
    expect((await accounts()).status).toBe(429);
    expect((await accounts()).status).toBe(200);

    await fault({ kind: '503' });
    expect((await accounts()).status).toBe(503);

    await fault({ kind: 'text' });
    const text = await accounts();
    expect(text.status).toBe(500);
    expect(text.headers.get('content-type')).toContain('text/plain');

    await fault({ kind: 'malformed' });
    const bad = await accounts();
    await expect(bad.json()).rejects.toThrow();

    await fault({ kind: 'drop' });
    await expect(accounts()).rejects.toThrow();

    await fault({ kind: 'slow', delayMs: 400 });
    const t0 = Date.now();
    expect((await accounts()).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
  });

  it('takes a vendor offline and back', async () => {
    await control('offline', { method: 'POST' });
    await expect(accounts()).rejects.toThrow();
    await control('online', { method: 'POST' });
    expect((await accounts()).status).toBe(200);
  });

  it('reads, changes and deletes records as someone else, and resets to the seed', async () => {
    const page = (await (await accounts()).json()) as { list: { record: { id: number } }[] };
    const id = String(page.list[0]!.record.id);
    expect((await control(`records/accounts/${id}`)).status).toBe(200);
    expect(
      (await control(`records/accounts/${id}`, { method: 'PATCH', body: '{"name":"Changed elsewhere"}' })).status,
    ).toBe(200);
    expect(((await (await control(`records/accounts/${id}`)).json()) as { name: string }).name).toBe(
      'Changed elsewhere',
    );
    expect((await control(`records/accounts/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await control(`records/accounts/${id}`)).status).toBe(404);
    await control('reset', { method: 'POST' });
    expect((await control(`records/accounts/${id}`)).status).toBe(200);
  });
});
