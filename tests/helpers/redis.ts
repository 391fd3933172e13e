import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../../src/jobs/private-redis.ts';
import { register } from './child-registry.ts';

export { freePort };

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(): string {
  return `test-${randomUUID()}`;
}

/** Removes every key under a test's queue prefix from the shared Redis. */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A private redis-server for tests that stop Redis; the machine's shared one is never touched. */
export async function startPrivateRedis(opts: { port?: number; dir?: string } = {}): Promise<{ url: string; port: number; process: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const port = opts.port ?? (await freePort());
  // With a folder, jobs persist across a restart (appendonly, as in docker-compose); without, nothing is kept.
  const persistence = opts.dir ? ['--appendonly', 'yes', '--dir', opts.dir] : ['--appendonly', 'no'];
  const child = register(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' }));
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
  return {
    url,
    port,
    process: child,
    stop: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
