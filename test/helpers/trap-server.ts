import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server that answers 401 to everything and keeps what it was sent (line, headers, body). */
export interface TrapServer {
  url: string;
  origin: string;
  /** Everything received so far, as one string per request. */
  received: string[];
  close(): Promise<void>;
}

export async function startTrapServer(): Promise<TrapServer> {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(
        `${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${Buffer.concat(chunks).toString('utf8')}`,
      );
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"error":"who are you"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/api`,
    origin,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The secrets (of at least 4 characters) that occur anywhere in `texts`. */
export function leaked(texts: readonly string[], secrets: readonly string[]): string[] {
  const all = texts.join('\n');
  return secrets.filter((s) => s.length >= 4 && all.includes(s));
}
