import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import type { Worker } from 'bullmq';
import { items } from '../../src/db/schema/index.ts';
import { admissionFor } from '../../src/jobs/admission.ts';
import { contracts } from '../../src/jobs/contracts.ts';
import { submitPost } from '../../src/pipeline/flow.ts';
import { contentHashOf, itemIdFor } from '../../src/pipeline/identity.ts';
import { ingestWorker } from '../../workers/ingest.worker.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { drain, waitFor } from '../helpers/wait.ts';

const PLAIN = 'The pool opens at seven on weekdays; the sauna stays closed until the new heater arrives.';
const post = (channel: string, externalId: string, text = `${PLAIN} (${externalId})`) => ({ source: 'api', channel, externalId, text });

describe('API posts that arrive together share one ingest job', () => {
  let t: TestApp;
  let worker: Worker | undefined;
  beforeAll(async () => {
    t = await startTestApp({ workers: [] }); // the ingest worker is started by hand, once the queue was looked at
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('queues one job for the posts that may share and a solo job for the one that may not, and stores them all', async () => {
    const shared = await Promise.all(['1', '2', '3', '4', '5'].map((id) => submitPost(t.deps.queues, post('together', id), { share: true })));
    const solo = submitPost(t.deps.queues, post('together', 'bot'));
    await solo;
    const waiting = await t.deps.queues.ingest.getJobs(['waiting']);
    const sharedJob = waiting.find((j) => j.id!.startsWith('ingest-shared-'));
    expect(sharedJob?.id).toMatch(/^ingest-shared-5-/);
    expect(sharedJob?.data.posts.map((p: { itemId: string }) => p.itemId)).toEqual(shared.map((s) => s.itemId));
    // the bot answers when its post's own job ends: that one keeps the contract's id
    const soloId = contracts.ingest.jobId({ itemId: itemIdFor('api', 'together', 'bot'), contentHash: contentHashOf(post('together', 'bot').text) });
    expect(waiting.map((j) => j.id)).toContain(soloId);

    worker = ingestWorker(t.deps);
    const ids = [...shared.map((s) => s.itemId), itemIdFor('api', 'together', 'bot')];
    await waitFor('every post stored and scored', async () => {
      const rows = await t.deps.db.select().from(items).where(inArray(items.id, ids));
      return rows.length === 6 && rows.every((r) => r.status === 'scored');
    });
    // the items are written before the job is marked done: wait for the job's own end
    await waitFor('the shared job finished', async () => Boolean((await t.deps.queues.ingest.getJob(sharedJob!.id!))?.finishedOn));
    expect((await t.deps.queues.ingest.getJob(sharedJob!.id!))?.returnvalue).toEqual({ posts: 5, handedOn: 0 });
  });

  it('lets POST /api/posts requests that arrive together share jobs, each answered with its own item', async () => {
    const sent = Array.from({ length: 20 }, (_, i) => post('http', String(i)));
    const replies = await Promise.all(sent.map((payload) => t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload })));
    expect(replies.map((r) => r.statusCode)).toEqual(sent.map(() => 202));
    expect(replies.map((r) => r.json().itemId)).toEqual(sent.map((p) => itemIdFor('api', 'http', p.externalId)));
    await drain(t.deps.queues.ingest);
    const done = await t.deps.queues.ingest.getJobs(['completed']);
    const mine = done.filter((j) => ('posts' in j.data ? j.data.posts[0].post.channel : j.data.post.channel) === 'http');
    expect(mine.reduce((n, j) => n + ('posts' in j.data ? j.data.posts.length : 1), 0)).toBe(20);
    expect(mine.length).toBeLessThan(20);
    const rows = await t.deps.db.select().from(items).where(inArray(items.channel, ['http']));
    expect(rows.filter((r) => r.status === 'scored')).toHaveLength(20);
  });

  it('takes a batch of posts in one request, in shared jobs, all or none', async () => {
    const batch = (posts: unknown[]) => t.app.inject({ method: 'POST', url: '/api/posts/batch', headers: { authorization: `Bearer ${t.token}` }, payload: { posts } });
    const sent = Array.from({ length: 30 }, (_, i) => post('bulk', String(i)));
    const res = await batch(sent);
    expect(res.statusCode).toBe(202);
    expect(res.json().items).toEqual(sent.map((p) => ({ itemId: itemIdFor('api', 'bulk', p.externalId) })));
    await waitFor('the batch stored and scored', async () => (await t.deps.db.select().from(items).where(inArray(items.channel, ['bulk']))).filter((r) => r.status === 'scored').length === 30);

    // one post refused: the index says which, and nothing of the batch is stored or queued
    const refused = await batch([post('bulk-refused', '0'), post('bulk-refused', '1'), post('bulk-refused', '2', '   ')]);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('posts.2.text: must not be empty');
    const tooMany = await batch(Array.from({ length: 101 }, (_, i) => post('bulk-refused', String(i))));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().message).toMatch(/posts/);
    await drain(t.deps.queues.ingest);
    expect(await t.deps.db.select().from(items).where(inArray(items.channel, ['bulk-refused']))).toHaveLength(0);
  });

  it('hands a post that fails on to a solo job of its own, which fails on its own, and keeps the rest', async () => {
    const good = post('handoff', 'good');
    const bad = post('handoff', 'bad');
    const wrongId = itemIdFor('api', 'elsewhere', 'bad'); // not the post's identity: refused for good
    const job = await t.deps.queues.ingest.add(contracts.ingest.name, {
      posts: [
        { itemId: itemIdFor('api', 'handoff', 'good'), post: { ...good, channel: 'handoff', media: [] } },
        { itemId: wrongId, post: { ...bad, media: [] } },
      ],
    }, { jobId: contracts.ingest.sharedJobId(2, 'handoff-test') });
    worker ??= ingestWorker(t.deps);
    const soloId = contracts.ingest.jobId({ itemId: wrongId, contentHash: contentHashOf(bad.text) });
    const failed = await waitFor('the bad post failed in its own job', async () => {
      const solo = await t.deps.queues.ingest.getJob(soloId);
      return (await solo?.isFailed()) ? solo : null;
    });
    expect(failed!.failedReason).toMatch(/does not match the post's identity/);
    expect(failed!.attemptsMade).toBe(1); // refused for good: no retries spent on it
    await drain(t.deps.queues.ingest);
    expect((await t.deps.queues.ingest.getJob(job.id!))?.returnvalue).toEqual({ posts: 2, handedOn: 1 });
    const rows = await t.deps.db.select().from(items).where(inArray(items.channel, ['handoff']));
    expect(rows.map((r) => r.externalId)).toEqual(['good']);
  });
});

describe('the backlog bound counts posts, not jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: [], env: { MAX_BACKLOG: '5' } }); // no worker: the backlog only grows
  });
  afterAll(async () => t?.close());

  it('refuses once six posts wait in one shared job', async () => {
    await Promise.all(['1', '2', '3', '4', '5', '6'].map((id) => submitPost(t.deps.queues, post('counted', id), { share: true })));
    expect(await t.deps.queues.ingest.getJobCountByTypes('waiting')).toBe(1);
    const refusal = await waitFor('a refusal', async () => admissionFor(t.deps).refusal());
    expect(refusal.backlog).toBe(6);
    const batch = await t.app.inject({ method: 'POST', url: '/api/posts/batch', headers: { authorization: `Bearer ${t.token}` }, payload: { posts: [post('counted', '7')] } });
    expect(batch.statusCode).toBe(429);
    expect(await t.deps.queues.ingest.getJobCountByTypes('waiting')).toBe(1);
  });
});
