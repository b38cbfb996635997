import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { LAUNCH_PARAM, MAX_CALL_BYTES, RPC_PATH, SESSION_PATH, TOKEN_HEADER } from '../../shared/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import type { Dispatch } from '../router.ts';

/**
 * The browser host: the same router as Electron's IPC, over HTTP on 127.0.0.1, for a Chromium window
 * where the Electron binary cannot run. Every call needs the per-launch token; the Host header must be
 * our own address (DNS rebinding) and the Origin, when a browser sends one, our own origin (other web
 * pages). Calls must be JSON POSTs, which a foreign page cannot send without a CORS preflight we never
 * answer.
 *
 * The token itself never appears in an address: a window opens a launch address holding a one-time
 * code (in the fragment, so no server or log sees it), and the page trades the code for the token.
 * Not a cookie: cookies are shared by every port of 127.0.0.1, so one would reach other local servers.
 */
export interface BrowserHost {
  port: number;
  origin: string;
  /** The per-launch token; it stays in this process and the page that redeemed a launch code. */
  token: string;
  /** A new one-time launch address; `redeemed` settles when a page has traded its code. */
  launch(): { url: string; redeemed: Promise<void> };
  close(): Promise<void>;
}

/** A launch code's body is `{"code":"<43 characters>"}`. */
const MAX_SESSION_BODY = 1024;
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function startBrowserHost(opts: {
  dispatch: Dispatch;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  token?: string;
}): Promise<BrowserHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  /** Unused launch codes and what to tell when each is redeemed. */
  const launchCodes = new Map<string, () => void>();
  let origin = '';
  let allowedHosts = new Set<string>();

  const security = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  const send = (res: ServerResponse, status: number, body: string | Buffer, type: string, extra = {}) => {
    res.writeHead(status, { ...security, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
    res.end(body);
  };
  const refuse = (res: ServerResponse, status: number, message: string, kind = 'permission') =>
    send(res, status, JSON.stringify({ ok: false, error: { kind, message } }), 'application/json');
  // The rest of the body is never read: the connection closes after the answer.
  const tooLarge = (res: ServerResponse, limit: number) =>
    send(
      res,
      413,
      JSON.stringify({
        ok: false,
        error: { kind: 'invalid_input', message: `The call is larger than ${Math.round(limit / 1024)} KB` },
      }),
      'application/json',
      { Connection: 'close' },
    );

  function tokenOk(req: IncomingMessage): boolean {
    const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    const decoded = decodePath(pathname);
    if (decoded === null) return refuse(res, 400, 'Malformed path');
    const rel = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = normalize(join(opts.rendererDir, rel));
    if (!file.startsWith(normalize(opts.rendererDir) + sep)) return refuse(res, 404, 'Not found');
    try {
      if (!(await stat(file)).isFile()) return refuse(res, 404, 'Not found');
      send(res, 200, await readFile(file), types[extname(file)] ?? 'application/octet-stream');
    } catch {
      refuse(res, 404, 'Not found');
    }
  }

  /** The JSON body of a call, or undefined once an answer (400, 413, 415) has been sent. */
  async function readJson(
    req: IncomingMessage,
    res: ServerResponse,
    limit: number,
  ): Promise<{ value: unknown } | undefined> {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      refuse(res, 415, 'Calls are JSON');
      return undefined;
    }
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      tooLarge(res, limit);
      return undefined;
    }
    const body = await readBody(req, limit);
    if (body === 'too_large') {
      tooLarge(res, limit);
      return undefined;
    }
    try {
      const text = body.toString('utf8');
      return { value: text ? JSON.parse(text) : {} };
    } catch {
      refuse(res, 400, 'The request body is not JSON', 'invalid_input');
      return undefined;
    }
  }

  async function serveRpc(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') return refuse(res, 405, 'Calls are POST requests');
    const name = decodePath(channel);
    if (name === null) return refuse(res, 400, 'Malformed channel name');
    if (!tokenOk(req)) return refuse(res, 401, 'Missing or wrong token');
    const body = await readJson(req, res, MAX_CALL_BYTES);
    if (!body) return;
    const envelope = await opts.dispatch(name, body.value);
    send(res, 200, JSON.stringify(envelope), 'application/json');
  }

  /** `POST /session {code}` trades a launch code for the token, once; `POST /session/launch` mints one. */
  async function serveSession(req: IncomingMessage, res: ServerResponse, rest: string) {
    if (req.method !== 'POST') return refuse(res, 405, 'Calls are POST requests');
    if (rest === '/launch') {
      if (!tokenOk(req)) return refuse(res, 401, 'Missing or wrong token');
      return send(res, 200, JSON.stringify({ ok: true, value: { url: launch().url } }), 'application/json');
    }
    if (rest !== '') return refuse(res, 404, 'Not found');
    const body = await readJson(req, res, MAX_SESSION_BODY);
    if (!body) return;
    const code = (body.value as { code?: unknown } | null)?.code;
    const redeemed = typeof code === 'string' ? launchCodes.get(code) : undefined;
    if (typeof code !== 'string' || !redeemed) {
      return refuse(res, 401, 'This launch address was already used or is unknown: start the app again');
    }
    launchCodes.delete(code);
    redeemed();
    send(res, 200, JSON.stringify({ ok: true, value: { token } }), 'application/json');
  }

  function launch(): { url: string; redeemed: Promise<void> } {
    const code = randomBytes(32).toString('base64url');
    const redeemed = new Promise<void>((resolve) => launchCodes.set(code, resolve));
    return { url: `${origin}/#${LAUNCH_PARAM}=${code}`, redeemed };
  }

  const server = createServer((req, res) => {
    void (async () => {
      if (!allowedHosts.has(String(req.headers.host ?? ''))) return refuse(res, 421, 'Unexpected Host');
      const reqOrigin = req.headers.origin;
      if (reqOrigin !== undefined && reqOrigin !== origin) return refuse(res, 403, 'Foreign origin');
      const { pathname } = new URL(req.url ?? '/', origin);
      if (pathname.startsWith(RPC_PATH)) return serveRpc(req, res, pathname.slice(RPC_PATH.length));
      if (pathname === SESSION_PATH || pathname.startsWith(`${SESSION_PATH}/`)) {
        return serveSession(req, res, pathname.slice(SESSION_PATH.length));
      }
      return serveStatic(req, res, pathname);
    })().catch(() => {
      if (!res.headersSent) refuse(res, 500, 'Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    port,
    origin,
    token,
    launch,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A percent-decoded URL path, or null when its escapes are malformed (`%E0%A4%A`). */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** The request body, or 'too_large' as soon as it passes `limit` (the rest is left unread). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve('too_large');
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
