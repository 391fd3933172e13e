import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { items } from '../../src/db/schema/index.ts';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('bad input to POST /api/posts gets a clear 4xx and stores nothing', () => {
  let t: TestApp;
  let viewerToken: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_TEXT_LENGTH: '50000' } });
    viewerToken = (await addUser(t.deps.db, { name: 'viewer', role: 'viewer' })).token;
  });
  afterAll(async () => t?.close());

  const send = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/posts',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}`, ...headers },
      payload,
    });
  const ok = { externalId: 'x1', text: 'hello' };

  it.each([
    ['invalid JSON', '{"externalId": "x1", "text": ', 400, /JSON/i],
    ['a missing field', JSON.stringify({ text: 'hello' }), 400, /externalId/],
    ['an unknown field', JSON.stringify({ ...ok, colour: 'red' }), 400, /colour/],
    ['a wrong type', JSON.stringify({ ...ok, text: 42 }), 400, /text/],
    ['an empty text', JSON.stringify({ ...ok, text: '   ' }), 400, /empty/],
    ['a text over the limit', JSON.stringify({ ...ok, text: 'a'.repeat(50_001) }), 400, /50001 characters is over the limit of 50000/],
    ['a 2 MB body', JSON.stringify({ ...ok, text: 'a'.repeat(2 * 1024 * 1024) }), 413, /too large/i],
    ['a control character', JSON.stringify({ ...ok, text: 'join\u0007 now' }), 400, /U\+0007/],
    ['an unpaired surrogate', '{"externalId":"x1","text":"bad \\ud800 half"}', 400, /surrogate/],
    ['a bad postedAt', JSON.stringify({ ...ok, postedAt: 'yesterday' }), 400, /postedAt/],
    ['an array body', JSON.stringify([ok]), 400, /JSON object/],
  ])('%s', async (_name, payload, status, message) => {
    const res = await send(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toMatch(message);
  });

  it('refuses a missing or wrong token with 401 and a viewer with 403', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/posts', payload: ok });
    expect(none.statusCode).toBe(401);
    expect(none.json().message).toMatch(/Bearer/);
    const wrong = await send(JSON.stringify(ok), { authorization: 'Bearer rw_not-a-real-token' });
    expect(wrong.statusCode).toBe(401);
    const viewer = await send(JSON.stringify(ok), { authorization: `Bearer ${viewerToken}` });
    expect(viewer.statusCode).toBe(403);
    const read = await t.app.inject({ method: 'GET', url: '/api/review/queue', headers: { authorization: `Bearer ${viewerToken}` } });
    expect(read.statusCode).toBe(200);
  });

  it('stored nothing and queued nothing for any of them', async () => {
    const [{ n }] = await t.deps.db.select({ n: count() }).from(items);
    expect(n).toBe(0);
    const counts = await t.deps.queues.ingest.getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('keeps zero-width and right-to-left marks, which are evidence', async () => {
    const res = await send(JSON.stringify({ externalId: 'rtl', text: 'sign\u200Bing bonus \u202Eadmin\u202C' }));
    expect(res.statusCode).toBe(202);
  });
});
