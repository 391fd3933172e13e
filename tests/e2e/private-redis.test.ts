import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/redis.ts';
import { exited, runCli, startCli } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';

const portAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });

// `npm start` with no REDIS_URL: recruitwatch runs a Redis of its own, scores posts with it, and
// takes it down on exit. REDIS_URL is set to '' (unset for the config) so the machine's is not used.
describe('serve with REDIS_URL unset', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-private-redis-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts a private redis-server in DATA_DIR/redis, scores a post through it, and stops it on exit', async () => {
    const env: Record<string, string> = { REDIS_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'info', WORKERS: 'ingest,score' };
    const added = await runCli(['user', 'add', 'alice', '--role', 'moderator'], env);
    expect(added.code, added.stderr).toBe(0);
    const token = added.stdout.trim().split('\n').at(-1)!;
    const port = await freePort();
    const serve = await startCli(['serve'], { ...env, PORT: String(port) }, /listening on/, 60_000);
    try {
      // pino writes asynchronously: wait for the line rather than assume it came before "listening"
      const line = await waitFor('the private Redis log line', async () => /"url":"redis:\/\/127\.0\.0\.1:(\d+)".*started a private redis-server/.exec(serve.output()));
      const redisPort = Number(line![1]);
      expect(redisPort).not.toBe(6379);
      expect(fs.existsSync(path.join(dataDir, 'redis'))).toBe(true);

      const base = `http://127.0.0.1:${port}`;
      const res = await fetch(`${base}/api/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'api', channel: 'demo', externalId: '1', text: 'Contract service in Russia for foreigners, $20,000 signing bonus. WhatsApp +374 55 123456' }),
      });
      expect(res.status).toBe(202);
      const { itemId } = await res.json();
      const item = await waitFor('the post scored', async () => {
        const r = await fetch(`${base}/api/items/${itemId}`, { headers: { authorization: `Bearer ${token}` } });
        const body = r.status === 200 ? await r.json() : null;
        return body?.status === 'scored' ? body : null;
      });
      expect(item.flagged).toBe(true);

      serve.child.kill('SIGTERM');
      expect(await exited(serve.child)).toBe(0);
      expect(await portAnswers(redisPort)).toBe(false);
    } finally {
      serve.child.kill('SIGKILL');
    }
  }, 120_000);
});
