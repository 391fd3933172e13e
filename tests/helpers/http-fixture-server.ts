import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP server for tests: serves files and scripted responses (429 with Retry-After,
// 500-then-success, redirects, garbage, oversize or slow bodies) and records every request.

export interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** path of a file to serve as the body */
  file?: string;
  /** a body of this many bytes of filler, streamed in 64 KB chunks */
  garbageBytes?: number;
  /** omit Content-Length (chunked), so a client must count bytes itself */
  chunked?: boolean;
  /** wait before answering (to trigger client timeouts) */
  delayMs?: number;
}

/** One response, a sequence (each request takes the next; the last repeats), or a function. */
export type Route = Scripted | Scripted[] | ((req: IncomingMessage, count: number) => Scripted);

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface FixtureServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** add or replace routes after start (keys: "/path?query" exact, or "/path" for any query) */
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

function pick(route: Route, req: IncomingMessage, count: number): Scripted {
  if (typeof route === 'function') return route(req, count);
  if (Array.isArray(route)) return route[Math.min(count, route.length - 1)] ?? { status: 500 };
  return route;
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

async function send(res: ServerResponse, s: Scripted): Promise<void> {
  if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs));
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', ...s.headers };
  if (s.garbageBytes !== undefined) {
    if (!s.chunked) headers['content-length'] = String(s.garbageBytes);
    res.writeHead(s.status ?? 200, headers);
    const chunk = Buffer.alloc(64 * 1024, '<div>garbage</div>');
    for (let left = s.garbageBytes; left > 0 && !res.destroyed; left -= chunk.length) {
      const ok = res.write(left >= chunk.length ? chunk : chunk.subarray(0, left));
      if (!ok) await drainOrClose(res);
    }
    res.end();
    return;
  }
  const body = s.file ? await readFile(s.file) : Buffer.from(s.body ?? '');
  if (!s.chunked) headers['content-length'] = String(body.length);
  res.writeHead(s.status ?? 200, headers);
  res.end(body);
}

export async function startFixtureServer(routes: Record<string, Route> = {}): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const counts = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    const full = req.url ?? '/';
    const key = table.has(full) ? full : full.split('?')[0];
    const route = table.get(key);
    const count = counts.get(key) ?? 0;
    counts.set(key, count + 1);
    const scripted = route ? pick(route, req, count) : { status: 404, body: '<html><body>Not found</body></html>' };
    send(res, scripted).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route: (path, route) => {
      table.set(path, route);
      counts.delete(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
