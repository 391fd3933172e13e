import { Redis, type RedisOptions } from 'ioredis';

export class RedisUnavailableError extends Error {}

/** Workers block on Redis and must retry forever (BullMQ needs maxRetriesPerRequest: null). */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** Producers (API, CLI) fail fast when Redis is down, so a request gets an error instead of hanging. */
export function producerConnection(url: string): Redis {
  const opts: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3_000 };
  return new Redis(url, opts);
}

/** Resolves once the connection is ready: with no offline queue, a command sent earlier fails. */
export function connected(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisUnavailableError(`Redis did not become ready within ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function redisHelp(url: string): string {
  return (
    `Redis at ${redactUrl(url)} is not answering. recruitwatch needs Redis for its queues: ` +
    'start one with `docker compose up -d redis`, or your distribution\'s redis-server ' +
    '(`redis-server --daemonize yes`), or point REDIS_URL at one.'
  );
}

/** Waits up to timeoutMs for a first answer from Redis, or explains how to get one. */
export async function assertRedisAnswers(url: string, timeoutMs = 3_000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  probe.on('error', () => {}); // the failure is reported below
  try {
    // connectTimeout ends once TCP connects: a server that accepts and never answers (a hung Redis,
    // another service on the port) left the probe, and a worker's start, waiting for ever
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      probe.connect().then(() => probe.ping()).then(
        () => { clearTimeout(timer); resolve(); },
        (err: unknown) => { clearTimeout(timer); reject(err); },
      );
    });
  } catch {
    throw new RedisUnavailableError(redisHelp(url));
  } finally {
    probe.disconnect();
  }
}

const REDIS_WAIT_STEP_MS = 500;

/**
 * Like assertRedisAnswers, but keeps asking for up to `waitMs` (0: asks once): a worker started while Redis restarts
 * (a supervisor's restart, a deploy) waits it out, as a running worker rides out the same restart.
 * `onWait` hears each failed attempt, so the wait is logged, not silent.
 */
export async function awaitRedis(url: string, waitMs: number, onWait: (waitedMs: number) => void): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      return await assertRedisAnswers(url);
    } catch (err) {
      const waited = Date.now() - started;
      if (!(err instanceof RedisUnavailableError) || waited >= waitMs) throw err;
      onWait(waited);
      await new Promise((r) => setTimeout(r, REDIS_WAIT_STEP_MS));
    }
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
