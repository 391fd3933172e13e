import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { items, reviewCases } from '../../src/db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { drain, waitFor } from '../helpers/wait.ts';

const RECRUITER_FLYER =
  'Contract service with the Russian army for foreign citizens! $20,000 signing bonus, salary from $2,000 a month, ' +
  'Russian passport for you and your family. Drone operators and drivers wanted, no Russian needed. ' +
  'Write to the admin on WhatsApp +374 55 123456 or join t.me/contract_foreigners';
const HARMLESS = 'Our bakery opens at 8 tomorrow, fresh bread and pastries for everyone. See you there!';

describe('a post through the queues into the database and out of the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const post = (body: unknown, token = t.token) =>
    t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${token}` }, payload: body as object });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.token}` } });
  const scored = (itemId: string) =>
    waitFor(`item ${itemId} scored`, async () => {
      const res = await get(`/api/items/${itemId}`);
      return res.statusCode === 200 && res.json().status === 'scored' ? res.json() : null;
    });

  it('scores a recruiter flyer, flags it and puts it first in the review queue', async () => {
    const low = await post({ source: 'api', channel: 'c1', externalId: 'low-1', text: HARMLESS });
    const high = await post({ source: 'api', channel: 'c1', externalId: 'high-1', text: RECRUITER_FLYER, url: 'https://t.me/c1/1', postedAt: '2026-11-20T10:00:00Z' });
    expect(high.statusCode).toBe(202);
    const { itemId } = high.json();
    const item = await scored(itemId);
    expect(item.flagged).toBe(true);
    expect(item.score).toBeGreaterThanOrEqual(60);
    expect(item.indicators).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'phone', value: '+37455123456' })]));
    for (const m of item.matches) expect(RECRUITER_FLYER.slice(m.start, m.end)).toBe(m.text);
    expect(item.review).toMatchObject({ status: 'pending' });
    // the explanation as data, stored with the score
    expect(item.details.sentence).toBe(item.explanation);
    expect(item.details.categories.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['MIL-ROLE', 'FOR-TARGET']));
    expect(item.details.schemes.map((x: { id: string }) => x.id)).toContain('foreign-military');
    expect(item.details.framing).toMatchObject({ factor: 1, cues: [] });
    expect(item.details.model).toMatchObject({ combined: false, effect: 'none' });
    expect(item.details.model.probability).toBeGreaterThan(0);
    expect(item.review.events.map((e: { action: string }) => e.action)).toEqual(['created']);

    const lowItem = await scored(low.json().itemId);
    expect(lowItem.flagged).toBe(false);
    expect(lowItem.review).toBeNull();

    const queue = (await get('/api/review/queue?limit=10')).json();
    expect(queue.total).toBe(1);
    expect(queue.items[0]).toMatchObject({ itemId, status: 'pending' });
  });

  it('makes one item of the same post sent twice at once, and re-scores an edit', async () => {
    const body = { source: 'telegram', channel: 'dupes', externalId: '42', text: RECRUITER_FLYER };
    const [a, b] = await Promise.all([post(body), post(body)]);
    expect(a.statusCode).toBe(202);
    expect(b.json().itemId).toBe(a.json().itemId);
    await scored(a.json().itemId);
    await drain(t.deps.queues.ingest);
    await drain(t.deps.queues.score);
    const [{ n }] = await t.deps.db.select({ n: count() }).from(items).where(eq(items.channel, 'dupes'));
    expect(n).toBe(1);

    await post({ ...body, text: HARMLESS });
    const edited = await waitFor('the edit to be scored', async () => {
      const res = (await get(`/api/items/${a.json().itemId}`)).json();
      return res.status === 'scored' && res.text === HARMLESS ? res : null;
    });
    expect(edited.flagged).toBe(false);
    expect(edited.editedAt).not.toBeNull();
    const cases = await t.deps.db.select().from(reviewCases).where(eq(reviewCases.itemId, a.json().itemId));
    expect(cases).toHaveLength(1); // the case stays as evidence; its log shows the re-score
    expect(edited.review.events.map((e: { action: string }) => e.action)).toEqual(['created', 'rescored']);
  });

  it('exposes Prometheus metrics: requests by route and status, and queue depths', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/recruitwatch_http_requests_total\{method="POST",route="\/api\/posts",status="202"\} [1-9]/);
    expect(res.body).toMatch(/recruitwatch_queue_jobs\{queue="score",state="completed"\} [1-9]/);
    expect(res.body).toMatch(/recruitwatch_process_resident_memory_bytes/);
  });

  it('answers 404 with a reason for an unknown item and 400 for a malformed id', async () => {
    expect((await get('/api/items/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await get('/api/items/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/id/);
  });
});
