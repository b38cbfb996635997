import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SimRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** The raw body. */
  body: string;
  /** The body parsed as form fields when it is form-encoded, else empty. */
  form: URLSearchParams;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is (give a content-type); anything else as JSON. */
  body?: unknown;
}

export type FaultKind = '429' | '500' | '503' | 'slow' | 'drop' | 'text' | 'malformed' | 'expire';
export interface Fault {
  kind: FaultKind;
  /** How many requests it hits (default 1). */
  count?: number;
  /** For `slow`: delay before the real answer; for `429`: the Retry-After seconds sent (if any). */
  delayMs?: number;
  retryAfterSeconds?: number;
}

/** What every vendor simulator provides to the shared plumbing. */
export interface Simulator {
  readonly vendor: string;
  /** Path prefix of the base URL a connector is given (e.g. '' or '/api'). */
  readonly basePath: string;
  handle(req: SimRequest): Promise<SimResponse> | SimResponse;
  /** The JSON line entry for this vendor, without `baseUrl`. */
  credentials(): Record<string, unknown>;
  /** Makes every live session or token invalid (the `expire` fault). */
  expireSessions(): void;
  /** The vendor's answer for a request refused by the `429` fault. */
  rateLimited(retryAfterSeconds?: number): SimResponse;
  reset(): void;
  /** Raw record access for tests and the control endpoint, in the vendor's own field names. */
  records: {
    get(module: string, id: string): Record<string, unknown> | undefined;
    create(module: string, fields: Record<string, unknown>): string;
    update(module: string, id: string, fields: Record<string, unknown>): boolean;
    remove(module: string, id: string): boolean;
  };
}

export interface RunningSim {
  sim: Simulator;
  baseUrl: string;
  faults: FaultQueue;
  setOffline(offline: boolean): void;
  requestCount(): number;
  /** The last requests served, oldest first: method, path and status (0: dropped without an answer). */
  requestLog(): LoggedRequest[];
  close(): Promise<void>;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}
const LOG_MAX = 10_000;

export class FaultQueue {
  private items: (Fault & { left: number })[] = [];
  add(f: Fault): void {
    this.items.push({ ...f, left: f.count ?? 1 });
  }
  clear(): void {
    this.items = [];
  }
  take(): Fault | undefined {
    const f = this.items[0];
    if (!f) return undefined;
    f.left--;
    if (f.left <= 0) this.items.shift();
    return f;
  }
  get pending(): number {
    return this.items.reduce((n, f) => n + f.left, 0);
  }
}

const MAX_BODY = 20 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, out: SimResponse): void {
  const headers = { ...out.headers };
  let body = '';
  if (typeof out.body === 'string') body = out.body;
  else if (out.body !== undefined) {
    body = JSON.stringify(out.body);
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(out.status, headers);
  res.end(body);
}

/** Serves one simulator on 127.0.0.1 (ephemeral port unless given), with fault injection in front. */
export async function serveSimulator(sim: Simulator, port = 0): Promise<RunningSim> {
  const faults = new FaultQueue();
  let offline = false;
  let requests = 0;
  let log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    res.on('close', () => {
      log.push({ method: req.method ?? 'GET', path, status: res.writableFinished ? res.statusCode : 0 });
      if (log.length > LOG_MAX) log = log.slice(-LOG_MAX);
    });
    void (async () => {
      requests++;
      if (offline) {
        req.socket.destroy();
        return;
      }
      const fault = faults.take();
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'expire') sim.expireSessions();
      let body: string;
      try {
        body = await readBody(req);
      } catch {
        send(res, { status: 413, body: 'Request body too large', headers: { 'Content-Type': 'text/plain' } });
        return;
      }
      if (fault?.kind === '429') return send(res, sim.rateLimited(fault.retryAfterSeconds));
      if (fault?.kind === '500' || fault?.kind === '503') {
        return send(res, {
          status: Number(fault.kind),
          headers: { 'Content-Type': 'text/html' },
          body: '<html><body><h1>Service Unavailable</h1></body></html>',
        });
      }
      if (fault?.kind === 'text') {
        return send(res, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'Internal error, try again' });
      }
      if (fault?.kind === 'malformed') {
        return send(res, { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"success":tru' });
      }
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const type = String(req.headers['content-type'] ?? '');
      const form = type.includes('application/x-www-form-urlencoded')
        ? new URLSearchParams(body)
        : new URLSearchParams();
      let out: SimResponse;
      try {
        out = await sim.handle({ method: req.method ?? 'GET', url, headers: req.headers, body, form });
      } catch (err) {
        out = {
          status: 500,
          headers: { 'Content-Type': 'text/plain' },
          body: `simulator error: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
      if (!res.destroyed) send(res, out);
    })();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    sim,
    baseUrl: `http://127.0.0.1:${actual}${sim.basePath}`,
    faults,
    setOffline(v) {
      offline = v;
      if (v) for (const s of sockets) s.destroy();
    },
    requestCount: () => requests,
    requestLog: () => [...log],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A sliding window of request times, for simulating a vendor's documented rate limit. */
export class WindowCounter {
  private times: number[] = [];
  private readonly limit: number;
  private readonly windowMs: number;
  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }
  /** Records a request; returns seconds to wait when it is over the limit (and then does not count it). */
  hit(now = Date.now()): number | undefined {
    while (this.times.length && now - (this.times[0] ?? 0) >= this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) {
      return Math.max(1, Math.ceil((this.windowMs - (now - (this.times[0] ?? now))) / 1000));
    }
    this.times.push(now);
    return undefined;
  }
  reset(): void {
    this.times = [];
  }
}
