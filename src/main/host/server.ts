import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { RPC_PATH, TOKEN_HEADER } from '../../shared/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import type { Dispatch } from '../router.ts';

/**
 * The browser host: the same router as Electron's IPC, over HTTP on 127.0.0.1, for a Chromium window
 * where the Electron binary cannot run. Every call needs the per-launch token; the Host header must be
 * our own address (DNS rebinding) and the Origin, when a browser sends one, our own origin (other web
 * pages). Calls must be JSON POSTs, which a foreign page cannot send without a CORS preflight we never
 * answer.
 */
export interface BrowserHost {
  port: number;
  origin: string;
  token: string;
  /** The address to open: the token travels in the fragment, which never reaches a server or a log. */
  appUrl: string;
  close(): Promise<void>;
}

const MAX_BODY = 25 * 1024 * 1024;
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
  const refuse = (res: ServerResponse, status: number, message: string) =>
    send(res, status, JSON.stringify({ ok: false, error: { kind: 'permission', message } }), 'application/json');

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

  async function serveRpc(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') return refuse(res, 405, 'Calls are POST requests');
    const name = decodePath(channel);
    if (name === null) return refuse(res, 400, 'Malformed channel name');
    if (!tokenOk(req)) return refuse(res, 401, 'Missing or wrong token');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'Calls are JSON');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return refuse(res, 413, 'Request too large');
      chunks.push(chunk as Buffer);
    }
    let input: unknown;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      input = text ? JSON.parse(text) : {};
    } catch {
      return send(
        res,
        400,
        JSON.stringify({ ok: false, error: { kind: 'invalid_input', message: 'The request body is not JSON' } }),
        'application/json',
      );
    }
    const envelope = await opts.dispatch(name, input);
    send(res, 200, JSON.stringify(envelope), 'application/json');
  }

  const server = createServer((req, res) => {
    void (async () => {
      if (!allowedHosts.has(String(req.headers.host ?? ''))) return refuse(res, 421, 'Unexpected Host');
      const reqOrigin = req.headers.origin;
      if (reqOrigin !== undefined && reqOrigin !== origin) return refuse(res, 403, 'Foreign origin');
      const { pathname } = new URL(req.url ?? '/', origin);
      if (pathname.startsWith(RPC_PATH)) return serveRpc(req, res, pathname.slice(RPC_PATH.length));
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
    appUrl: `${origin}/#token=${token}`,
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
