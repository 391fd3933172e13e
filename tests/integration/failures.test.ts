import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { buildServer } from '../../src/api/server.ts';
import { connected, producerConnection } from '../../src/jobs/redis.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { startPrivateRedis } from '../helpers/redis.ts';
import { waitFor } from '../helpers/wait.ts';

describe('failures are visible and lose nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Fault injection around the real engine: a post containing the marker makes scoring throw.
    t = await startTestApp({
      adjust: (deps) => {
        const real = deps.scorer;
        deps.scorer = {
          packVersion: real.packVersion,
          threshold: real.threshold,
          score: (text) => {
            if (text.includes('EXPLODE')) throw new Error('engine exploded on this text');
            return real.score(text);
          },
        };
      },
    });
  });
  afterAll(async () => t?.close());

  it('retries a post whose scoring throws, then marks it failed with the error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/posts',
      headers: { authorization: `Bearer ${t.token}` },
      payload: { externalId: 'boom', text: 'EXPLODE please' },
    });
    const { itemId } = res.json();
    const item = await waitFor(
      'the item to be marked failed',
      async () => {
        const r = (await t.app.inject({ method: 'GET', url: `/api/items/${itemId}`, headers: { authorization: `Bearer ${t.token}` } })).json();
        return r.status === 'failed' ? r : null;
      },
      30_000,
    );
    expect(item.error).toMatch(/engine exploded/);
    const failed = await t.deps.queues.score.getFailed();
    expect(failed).toHaveLength(1);
    expect(failed[0].attemptsMade).toBe(3); // the contract's attempts: retried before giving up
  });

  it('says in /readyz when Redis is gone, and refuses posts with 503 instead of hanging', async () => {
    const privateRedis = await startPrivateRedis();
    const redis = producerConnection(privateRedis.url);
    redis.on('error', () => {});
    await connected(redis);
    const { createQueues } = await import('../../src/jobs/queues.ts');
    const queues = createQueues(redis, 'readyz');
    const app = await buildServer({ ...t.deps, redis, queues });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready', redis: 'ok', db: 'ok', pack: t.deps.scorer.packVersion });
      expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toContain(`recruitwatch_pack_info{version="${t.deps.scorer.packVersion}"} 1`);
      await privateRedis.stop();
      const down = await app.inject({ method: 'GET', url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json().redis).toMatch(/^down/);
      expect(down.json().db).toBe('ok');
      const started = Date.now();
      const post = await app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { externalId: 'r1', text: 'hello' } });
      expect(post.statusCode).toBe(503);
      expect(post.json().message).toMatch(/Redis/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await queues.close().catch(() => {});
      redis.disconnect();
      await privateRedis.stop();
    }
  });

  it('never touched the shared Redis while testing the private one', async () => {
    const shared = new Redis(t.env.REDIS_URL);
    expect(await shared.ping()).toBe('PONG');
    shared.disconnect();
  });
});
