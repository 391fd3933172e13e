import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, inArray } from 'drizzle-orm';
import { itemIndicators, items, reviewCases, reviewEvents, scores } from '../../src/db/schema/index.ts';
import { REFUSAL_PAUSE_MS } from '../../src/api/backpressure.ts';
import { addUser } from '../../src/auth/users.ts';
import { admissionFor } from '../../src/jobs/admission.ts';
import { ingestBatch } from '../../src/pipeline/ingest-batch.ts';
import { PermanentError } from '../../src/pipeline/errors.ts';
import { itemIdFor } from '../../src/pipeline/identity.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { drain, waitFor } from '../helpers/wait.ts';

const LURE = 'Contract service with the Russian army for foreign citizens, $20,000 signing bonus, no Russian needed. WhatsApp +374 55 123456';
const PLAIN = 'The library is closed on Monday for the public holiday; books can be returned at the front desk.';

const input = (externalId: string, text: string, channel = 'batch') => ({
  itemId: itemIdFor('api', channel, externalId),
  post: { source: 'api', channel, externalId, text, media: [] as string[] },
});

describe('ingesting a batch of posts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: ['score'] }); // the ingest worker's job is done by hand here
  });
  afterAll(async () => t?.close());

  it('stores new text posts already scored, linked and with a case when flagged, in one go', async () => {
    const batch = [input('1', LURE), input('2', PLAIN), input('3', `${LURE} Same number again.`)];
    const out = await ingestBatch(t.deps, batch);
    expect(out.map((o) => (o instanceof Error ? o.message : [o.outcome, o.scoredInline, o.score?.flagged]))).toEqual([
      ['created', true, true],
      ['created', true, false],
      ['created', true, true],
    ]);
    const ids = batch.map((b) => b.itemId);
    const rows = await t.deps.db.select().from(items).where(inArray(items.id, ids));
    expect(rows.map((r) => r.status)).toEqual(['scored', 'scored', 'scored']);
    const scored = await t.deps.db.select().from(scores).where(inArray(scores.itemId, ids));
    expect(scored).toHaveLength(3);
    const lure = scored.find((r) => r.itemId === ids[0])!;
    expect(lure.details?.sentence).toBe(lure.explanation);
    expect(lure.details?.schemes.length).toBeGreaterThan(0);
    expect(scored.find((r) => r.itemId === ids[1])!.details).toMatchObject({ categories: [], schemes: [] });
    const cases = await t.deps.db.select().from(reviewCases).where(inArray(reviewCases.itemId, ids));
    expect(cases.map((c) => c.itemId).sort()).toEqual([ids[0], ids[2]].sort());
    const [{ events }] = await t.deps.db.select({ events: count() }).from(reviewEvents).where(inArray(reviewEvents.caseId, cases.map((c) => c.id)));
    expect(events).toBe(2);
    // the two lures share their phone number: one indicator, linked to both
    const links = await t.deps.db.select().from(itemIndicators).where(inArray(itemIndicators.itemId, [ids[0], ids[2]]));
    const phoneIds = new Set(links.map((l) => l.indicatorId));
    expect(links.length).toBeGreaterThan(phoneIds.size);
    expect(await t.deps.queues.score.getJobCountByTypes('waiting', 'active', 'completed')).toBe(0);
  });

  it('stores a post with a lone surrogate beside the rest of its batch, the surrogate replaced', async () => {
    // producers other than the API (bot, scanner) may hand one over; it must not fail its batch
    const odd = input('s1', `${PLAIN} broken \ud83d pair`, 'surrogates');
    const plain = input('s2', PLAIN, 'surrogates');
    const out = await ingestBatch(t.deps, [odd, plain]);
    expect(out.map((o) => (o instanceof Error ? o.message : o.outcome))).toEqual(['created', 'created']);
    const [row] = await t.deps.db.select().from(items).where(inArray(items.id, [odd.itemId]));
    expect(row.text).toBe(`${PLAIN} broken \ufffd pair`);
    const [score] = await t.deps.db.select().from(scores).where(inArray(scores.itemId, [odd.itemId]));
    expect(score.scoredText).toBe(`${PLAIN} broken \ufffd pair`);
  });

  it('sends a re-delivery, an edit in the same batch and a wrong id down their own paths', async () => {
    const again = input('1', LURE);
    const first = input('9', PLAIN);
    const edit = input('9', `${PLAIN} Edited: the desk opens at noon.`);
    const wrong = { ...input('10', PLAIN), itemId: itemIdFor('api', 'elsewhere', '10') };
    const out = await ingestBatch(t.deps, [again, first, edit, wrong]);
    const [redelivery, created, edited, refused] = out;
    expect(redelivery).toMatchObject({ outcome: 'unchanged', scoredInline: false });
    expect(created).toMatchObject({ outcome: 'created', scoredInline: true });
    expect(edited).toMatchObject({ outcome: 'edited', scoredInline: false });
    expect(refused).toBeInstanceOf(PermanentError);
    // the edit is scored by a score job, on its new text
    await drain(t.deps.queues.score);
    const [row] = await waitFor('the edit scored', async () => {
      const r = await t.deps.db.select().from(scores).where(eq(scores.itemId, first.itemId));
      return r[0]?.scoredText.includes('Edited') ? r : null;
    });
    expect(row.scoredText).toContain('noon');
    const [{ n }] = await t.deps.db.select({ n: count() }).from(items).where(eq(items.channel, 'batch'));
    expect(n).toBe(4);
  });

  it('leaves a post the scorer throws on to a score job, and stores the rest of the batch', async () => {
    const real = t.deps.scorer;
    t.deps.scorer = { ...real, packVersion: real.packVersion, threshold: real.threshold, score: (text: string) => (text.includes('boom') ? (() => { throw new Error('boom'); })() : real.score(text)) };
    try {
      const out = await ingestBatch(t.deps, [input('20', 'boom goes the scorer'), input('21', PLAIN)]);
      expect(out[0]).toMatchObject({ outcome: 'created', scoredInline: false });
      expect(out[1]).toMatchObject({ outcome: 'created', scoredInline: true });
      expect(await t.deps.queues.score.getJob(`score-${input('20', '').itemId}-${(await t.deps.db.select().from(items).where(eq(items.id, input('20', '').itemId)))[0].contentHash.slice(0, 16)}`)).toBeDefined();
    } finally {
      t.deps.scorer = real;
    }
  });
});

describe('backpressure', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: [], env: { MAX_BACKLOG: '5' } }); // no worker: the backlog only grows
  });
  afterAll(async () => t?.close());

  it('answers 429 with Retry-After once the backlog passes its bound, storing and queuing nothing', async () => {
    const post = (i: number) =>
      t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { channel: 'bp', externalId: String(i), text: PLAIN } });
    for (let i = 0; i < 5; i++) expect((await post(i)).statusCode).toBe(202);
    // the backlog is read in the background every 250 ms, so a post or two more may get in first
    let accepted = 5;
    let next = 5;
    const refused = await waitFor('a 429', async () => {
      const res = await post(next++);
      if (res.statusCode === 202) accepted++;
      return res.statusCode === 429 ? res : null;
    });
    expect(accepted).toBeLessThan(20);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.json().message).toMatch(/nothing was stored/);
    const refusedId = itemIdFor('api', 'bp', String(next - 1));
    expect((await t.deps.queues.ingest.getJobs(['waiting'])).some((j) => j.data.itemId === refusedId)).toBe(false);
    expect(await t.deps.queues.ingest.getJobCountByTypes('waiting')).toBe(accepted);
  });

  it('refuses before reading the body, and tells only a caller who may submit', async () => {
    await waitFor('the backlog over its bound', async () => admissionFor(t.deps).refusal() !== null);
    // not JSON at all: a 429 rather than a 400 shows the body was never parsed
    const asked = Date.now();
    const unparsed = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload: '{"channel": ' });
    expect(unparsed.statusCode).toBe(429);
    expect(unparsed.headers['retry-after']).toBeDefined();
    // answered after a pause, so a client retrying at once cannot keep the API busy refusing it
    expect(Date.now() - asked).toBeGreaterThanOrEqual(REFUSAL_PAUSE_MS * 0.9);
    const viewer = (await addUser(t.deps.db, { name: 'bp-viewer', role: 'viewer' })).token;
    const refused = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${viewer}` }, payload: { channel: 'bp', externalId: 'v', text: PLAIN } });
    expect(refused.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/posts', payload: { channel: 'bp', externalId: 'a', text: PLAIN } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('holds back a producer that can wait (the bot, the scanner) while the backlog stays over its bound', async () => {
    const started = Date.now();
    await admissionFor(t.deps).waitForRoom(600);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });
});
