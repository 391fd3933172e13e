import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { startPrivateRedis } from '../helpers/redis.ts';
import { waitFor } from '../helpers/wait.ts';

describe('a Redis restart while the service runs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-redis-'));
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let t: TestApp;
  beforeAll(async () => {
    redis = await startPrivateRedis({ dir });
    t = await startTestApp({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const post = (externalId: string) =>
    t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { externalId, text: 'Drivers wanted for work in Moscow, free visa' } });
  const scored = (id: string) =>
    waitFor(`item ${id} scored`, async () => {
      const r = await t.app.inject({ method: 'GET', url: `/api/items/${id}`, headers: { authorization: `Bearer ${t.token}` } });
      return r.statusCode === 200 && r.json().status === 'scored';
    }, 30_000);

  it('refuses posts while Redis is down, then workers and API carry on once it is back', async () => {
    await scored((await post('before')).json().itemId);
    await redis.stop('SIGTERM');
    const during = await post('during');
    expect(during.statusCode).toBe(503);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);

    redis = await startPrivateRedis({ port: redis.port, dir });
    await waitFor('ready again', async () => (await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 30_000);
    const after = await waitFor('a post accepted again', async () => {
      const r = await post('after');
      return r.statusCode === 202 ? r : null;
    }, 30_000);
    await scored(after.json().itemId);
  });
});
