import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/**
 * `npm start` with no REDIS_URL: a redis-server of our own as a child process, on a free loopback
 * port, with its data (AOF on, so accepted jobs survive a restart) in DATA_DIR/redis. It stops when
 * recruitwatch stops. Never used when REDIS_URL is set.
 */
export async function startPrivateRedis(dataDir: string, log: Logger): Promise<PrivateRedis> {
  const dir = path.resolve(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'yes'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stopping = false;
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error('REDIS_URL is not set and redis-server is not on PATH: install Redis (apt-get install redis-server) or set REDIS_URL')
          : err,
      ),
    );
  });
  await spawned;
  // however recruitwatch ends (process.exit on a fatal error included), its Redis goes with it
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', (code, signal) => {
    if (!stopping) log.error({ code, signal }, 'the private redis-server stopped; queues are unavailable until recruitwatch is restarted');
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url);
  log.info({ url, dir }, 'REDIS_URL is not set: started a private redis-server (stopped on exit; set REDIS_URL to use your own)');
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM'); // redis flushes its AOF on SIGTERM
      }),
  };
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', (err) => (last = err));
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch (err) {
      last = err;
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`the private redis-server did not answer within ${READY_TIMEOUT_MS} ms: ${(last as Error)?.message ?? 'no answer'}`);
}
