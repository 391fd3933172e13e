import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, freePort, redisUrl, uniquePrefix } from '../helpers/redis.ts';
import { exited, runCli, startCli } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';

// The service as a user starts it: `recruitwatch serve` on the embedded database.
describe('recruitwatch serve (embedded database)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e2e-'));
  const env: Record<string, string> = { REDIS_URL: redisUrl, DATA_DIR: dataDir, QUEUE_PREFIX: uniquePrefix(), LOG_LEVEL: 'warn' };
  let token = '';
  let base = '';
  let serve: Awaited<ReturnType<typeof startCli>>;

  beforeAll(async () => {
    const added = await runCli(['user', 'add', 'alice', '--role', 'moderator'], env);
    expect(added.code, added.stderr).toBe(0);
    token = added.stdout.trim().split('\n').at(-1)!;
    const port = await freePort();
    env.PORT = String(port);
    base = `http://127.0.0.1:${port}`;
    serve = await startCli(['serve'], env, /listening on/);
  });
  afterAll(async () => {
    serve?.child.kill('SIGTERM');
    if (serve) await exited(serve.child);
    await deletePrefix(env.QUEUE_PREFIX);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a post over HTTP and shows it scored in the review queue within a second or two', async () => {
    const text = 'Foreign citizens wanted for contract military service in Russia: $20,000 signing bonus, drone operators. WhatsApp +374 55 123456';
    const res = await fetch(`${base}/api/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'api', channel: 'e2e', externalId: '1', text }),
    });
    expect(res.status).toBe(202);
    const { itemId } = await res.json();
    const queue = await waitFor('the post in the review queue', async () => {
      const q = await (await fetch(`${base}/api/review/queue`, { headers: { authorization: `Bearer ${token}` } })).json();
      return q.items?.find((i: { itemId: string }) => i.itemId === itemId) ? q : null;
    }, 5_000);
    expect(queue.items[0].itemId).toBe(itemId);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('refuses a second process on the same embedded database with a clear message', async () => {
    const second = await runCli(['user', 'add', 'bob', '--role', 'viewer'], env);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/in use by another recruitwatch process/);
    expect(second.stderr).toMatch(/DATABASE_URL/);
  });
});

describe('recruitwatch start-up problems', () => {
  it('explains how to get Redis when none answers', async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-e2e-'));
    const res = await runCli(['serve'], { REDIS_URL: `redis://127.0.0.1:${port}`, DATA_DIR: dataDir });
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/not answering/);
    expect(res.stderr).toMatch(/docker compose up -d redis/);
    expect(res.stderr).toMatch(/redis-server/);
  });

  it('names every bad variable on its own line', async () => {
    const res = await runCli(['serve'], { FLAG_THRESHOLD: '150', PORT: 'eighty', WORKERS: 'ingest,bogus' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/FLAG_THRESHOLD: .*100/);
    expect(res.stderr).toMatch(/\n\s+PORT: /);
    expect(res.stderr).toMatch(/WORKERS: unknown worker\(s\) bogus/);
  });
});
