import os from 'node:os';
import type { Redis } from 'ioredis';

const TTL_S = 60;
const key = (prefix: string, who: string) => `${prefix}:recruitwatch:pack:${who}`;

/** This process, as /metrics names it. */
export const processName = `${os.hostname()}:${process.pid}`;

/**
 * Every long-running process writes the pack version it scores with to Redis every 20 s (kept 60 s),
 * so the API's /metrics can show a process that missed a SIGHUP, wherever it runs.
 */
export function announcePack(redis: Redis, prefix: string, version: () => string, onError: (err: Error) => void): () => Promise<void> {
  const write = () => redis.set(key(prefix, processName), version(), 'EX', TTL_S).catch(onError);
  void write();
  const timer = setInterval(write, 20_000).unref();
  return async () => {
    clearInterval(timer);
    await redis.del(key(prefix, processName)).catch(onError);
  };
}

/** Process name → pack version, for every process that announced itself in the last minute. */
export async function announcedPacks(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const pattern = key(prefix, '*');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
    cursor = next;
    if (keys.length === 0) continue;
    const values = await redis.mget(...keys);
    keys.forEach((k, i) => values[i] && found.set(k.slice(pattern.length - 1), values[i]!));
  } while (cursor !== '0');
  return found;
}
