import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addUser } from '../../src/auth/users.ts';
import { listWorkQueue } from '../../src/repos/review.repo.ts';
import { leaseHeld } from '../../src/review/decisions.ts';
import { PRIORITY_BOOSTS } from '../../src/review/priority.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

// The same flagged lure with a different contact: the score is the same, the links are not.
const lure = (phone: string, n = 0) =>
  `Contract military service in Russia for foreigners (${n}). $20,000 signing bonus, drone operators wanted, no Russian needed. WhatsApp ${phone}`;

type Event = { action: string; actorId: string | null; note: string | null; data: Record<string, unknown> | null };
type Review = { caseId: string; status: string; priority: number; events: Event[] };

describe('campaigns: one decision for linked items, and new items that join a confirmed one', () => {
  let t: TestApp;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  let viewer: string;
  let seq = 0;

  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
  const item = async (id: string) => (await call(t.token, 'GET', `/api/items/${id}`)).json() as { score: number; status: string; review: Review | null };
  async function post(text: string, channel = 'camp'): Promise<string> {
    const res = await call(t.token, 'POST', '/api/posts', { source: 'api', channel, externalId: `p${++seq}`, text });
    expect(res.statusCode).toBe(202);
    const id: string = res.json().itemId;
    await waitFor(`item ${seq} scored`, async () => (await item(id)).status === 'scored');
    return id;
  }
  const decide = (who: string, caseId: string, decision: string) => call(who, 'POST', `/api/review/cases/${caseId}/decision`, { decision });

  beforeAll(async () => {
    t = await startTestApp();
    const a = await addUser(t.deps.db, { name: 'alice', role: 'reviewer' });
    const b = await addUser(t.deps.db, { name: 'bob', role: 'reviewer' });
    alice = { token: a.token, id: a.user.id };
    bob = { token: b.token, id: b.user.id };
    viewer = (await addUser(t.deps.db, { name: 'val', role: 'viewer' })).token;
  });
  afterAll(async () => t?.close());

  it('shows a campaign by any member, with its items, linking contacts and channels', async () => {
    const ids = [await post(lure('+374 55 300001', 1), 'ch_one'), await post(lure('+374 55 300001', 2), 'ch_two'), await post(lure('+374 55 300001', 3), 'ch_two')];
    const outsider = await post(lure('+374 55 399999', 4));
    const byFirst = (await call(viewer, 'GET', `/api/campaigns/${ids[0]}`)).json();
    const byLast = (await call(viewer, 'GET', `/api/campaigns/${ids[2]}`)).json();
    expect(byLast.id).toBe(byFirst.id);
    expect(ids).toContain(byFirst.id);
    expect(byFirst.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual([...ids].sort());
    expect(byFirst.items.every((i: { score: number; review: { status: string } }) => i.score >= 60 && i.review.status === 'pending')).toBe(true);
    expect(byFirst.indicators).toContainEqual(expect.objectContaining({ type: 'phone', value: '+37455300001', items: 3 }));
    expect(byFirst.channels).toEqual([{ channel: 'ch_two', items: 2 }, { channel: 'ch_one', items: 1 }]);
    expect(byFirst.items.map((i: { itemId: string }) => i.itemId)).not.toContain(outsider);
    expect((await call(viewer, 'GET', '/api/campaigns/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('records one campaign decision per item, and skips and reports what it may not decide', async () => {
    const ids = [await post(lure('+374 55 310001', 1)), await post(lure('+374 55 310001', 2)), await post(lure('+374 55 310001', 3)), await post(lure('+374 55 310001', 4))];
    const outsider = await post(lure('+374 55 319999', 5));
    const cases = await Promise.all(ids.map(async (id) => (await item(id)).review!.caseId));
    expect((await decide(alice.token, cases[1], 'dismissed')).statusCode).toBe(200); // already decided
    expect((await call(bob.token, 'POST', `/api/review/cases/${cases[2]}/claim`)).statusCode).toBe(200); // bob holds it
    expect((await call(alice.token, 'POST', `/api/review/cases/${cases[3]}/claim`)).statusCode).toBe(200); // alice's own claim

    const body = { decision: 'confirmed', itemIds: [...ids, outsider], note: 'same WhatsApp recruiter' };
    expect((await call(viewer, 'POST', `/api/campaigns/${ids[0]}/decision`, body)).statusCode).toBe(403);
    expect((await call(alice.token, 'POST', `/api/campaigns/${ids[0]}/decision`, { ...body, decision: 'maybe' })).statusCode).toBe(400);
    const res = await call(alice.token, 'POST', `/api/campaigns/${ids[3]}/decision`, body);
    expect(res.statusCode).toBe(200);
    const out = res.json();
    const campaignId = (await call(viewer, 'GET', `/api/campaigns/${ids[0]}`)).json().id;
    expect(out.campaignId).toBe(campaignId);
    expect(out.decided.map((d: { itemId: string }) => d.itemId).sort()).toEqual([ids[0], ids[3]].sort());
    expect(out.skipped).toEqual(expect.arrayContaining([
      { itemId: ids[1], reason: 'already dismissed' },
      { itemId: ids[2], reason: 'claimed by bob' },
      { itemId: outsider, reason: 'not in this campaign' },
    ]));
    expect(out.skipped).toHaveLength(3);

    // Each decided item has its own event naming the campaign; the skipped ones are as they were.
    for (const id of [ids[0], ids[3]]) {
      const review = (await item(id)).review!;
      expect(review.status).toBe('confirmed');
      expect(review.events.at(-1)).toMatchObject({ action: 'confirmed', actorId: alice.id, note: 'same WhatsApp recruiter', data: { campaign: campaignId } });
    }
    expect((await item(ids[1])).review!.status).toBe('dismissed');
    expect((await item(ids[1])).review!.events.filter((e) => e.action === 'confirmed')).toEqual([]);
    expect((await item(ids[2])).review!.status).toBe('claimed');
    expect((await item(outsider)).review!.status).toBe('pending');
  });

  it('marks a new item that shares a phone with a confirmed item and puts it ahead of an identical unlinked one', async () => {
    const confirmed = await post(lure('+374 55 320001', 1));
    expect((await decide(alice.token, (await item(confirmed)).review!.caseId, 'confirmed')).statusCode).toBe(200);
    const joined = await post(lure('+374 55 320001', 2)); // the batched ingest's path
    const unlinked = await post(lure('+374 55 329999', 2));
    const [j, u] = [await item(joined), await item(unlinked)];
    expect(j.score).toBe(u.score);
    expect(j.review!.priority).toBe(u.review!.priority + PRIORITY_BOOSTS.joinedConfirmedCampaign);
    expect(j.review!.events[0]).toMatchObject({ action: 'created', data: { joinedConfirmedCampaign: true, score: j.score } });
    expect(u.review!.events[0].data).not.toHaveProperty('joinedConfirmedCampaign');

    // The score job's path (an edit that makes a harmless post a flagged one) marks it too.
    const res = await call(t.token, 'POST', '/api/posts', { source: 'api', channel: 'camp', externalId: 'later', text: 'Cooks wanted for a hotel kitchen, apply at the front desk.' });
    const later: string = res.json().itemId;
    await waitFor('harmless post scored', async () => (await item(later)).status === 'scored');
    expect((await item(later)).review).toBeNull();
    await call(t.token, 'POST', '/api/posts', { source: 'api', channel: 'camp', externalId: 'later', text: lure('+374 55 320001', 3) });
    const edited = await waitFor('edited post flagged', async () => (await item(later)).review);
    expect(edited.priority).toBe(u.review!.priority + PRIORITY_BOOSTS.joinedConfirmedCampaign);
    expect(edited.events[0]).toMatchObject({ action: 'created', data: { joinedConfirmedCampaign: true } });

    // The queue shows the marker, and ranks the joined item first among the two.
    const { rows } = await listWorkQueue(t.deps.db, { view: 'open', userId: alice.id, leaseHeld: leaseHeld(), limit: 200 });
    const row = (id: string) => rows.findIndex((r) => r.itemId === id);
    expect(row(joined)).toBeGreaterThanOrEqual(0);
    expect(row(joined)).toBeLessThan(row(unlinked));
    expect(rows[row(joined)].markers).toMatchObject({ joinedConfirmedCampaign: true });
    expect(rows[row(unlinked)].markers).toMatchObject({ joinedConfirmedCampaign: false });
    const session = await signedIn(alice.id);
    const page = await t.app.inject({ method: 'GET', url: '/review', headers: { cookie: session } });
    const html = page.body;
    const rowHtml = (id: string) => html.slice(html.indexOf(`/review/${id}`), html.indexOf('</tr>', html.indexOf(`/review/${id}`)));
    expect(rowHtml(joined)).toContain('joins a confirmed campaign');
    expect(rowHtml(unlinked)).not.toContain('joins a confirmed campaign');
  });

  it('boosts and marks an item from a channel whose risk is elevated', async () => {
    await t.deps.db.execute(sql`insert into channel_risk (channel, score, elevated_at) values ('risky_channel', 90, now())`);
    await t.deps.db.execute(sql`insert into channel_risk (channel, score) values ('calm_channel', 10)`);
    const risky = await item(await post(lure('+374 55 330001'), 'risky_channel'));
    const calm = await item(await post(lure('+374 55 330002'), 'calm_channel'));
    expect(risky.review!.priority).toBe(calm.review!.priority + PRIORITY_BOOSTS.channelElevated);
    expect(risky.review!.events[0].data).toMatchObject({ channelElevated: true });
    expect(calm.review!.events[0].data).not.toHaveProperty('channelElevated');
  });

  it('filters the queue by score band on the score, not the boosted priority', async () => {
    const confirmed = await post(lure('+374 55 340001', 1));
    await decide(alice.token, (await item(confirmed)).review!.caseId, 'confirmed');
    const id = await post(lure('+374 55 340001', 2));
    const boosted = await item(id);
    expect(boosted.review!.priority).toBeGreaterThan(boosted.score);
    const band = (min: number, max: number) => listWorkQueue(t.deps.db, { view: 'open', userId: alice.id, leaseHeld: leaseHeld(), minScore: min, maxScore: max, limit: 500 });
    const inBand = (await band(boosted.score, boosted.score)).rows;
    expect(inBand.map((r) => r.itemId)).toContain(id);
    expect(inBand.every((r) => r.score === boosted.score)).toBe(true);
    // by priority it would be in the band of its priority, and only there
    expect((await band(boosted.review!.priority, boosted.review!.priority)).rows.map((r) => r.itemId)).not.toContain(id);
  });

  async function signedIn(userId: string): Promise<string> {
    const { redisSessions } = await import('../../src/web/sessions.ts');
    const sessions = redisSessions(t.deps.redis, t.deps.config.QUEUE_PREFIX);
    return `rw_session=${await sessions.create(userId)}`;
  }
});
