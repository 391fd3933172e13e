import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, startCli } from '../helpers/cli.ts';
import { freePort, startPrivateRedis } from '../helpers/redis.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A worker restarted by its supervisor while Redis itself restarts must wait for Redis, as a running
// worker rides out the same restart; it used to exit at once (the fault suite's kill -9 caught it).
describe('a worker started while Redis is down', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-wait-redis-'));
  let stopRedis: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await stopRedis?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits for Redis, says so, and starts once Redis answers', async () => {
    const port = await freePort();
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, DATA_DIR: dir, LOG_LEVEL: 'info' };
    const started = startCli(['worker', 'score'], env, /workers running: .*\(pack [0-9a-f]+\)/, 60_000);
    const early = await Promise.race([started.then(() => 'running', (err: Error) => `exited: ${err.message}`), sleep(3_000).then(() => 'waiting')]);
    expect(early).toBe('waiting');
    const redis = await startPrivateRedis({ port });
    stopRedis = () => redis.stop('SIGTERM');
    const { child, output } = await started;
    try {
      expect(output()).toMatch(/Redis is not answering yet; waiting for it/);
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  }, 90_000);
});
