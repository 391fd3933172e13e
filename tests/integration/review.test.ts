import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

const flyer = (n: number) =>
  `Contract military service in Russia for foreigners (${n}). $20,000 signing bonus, drone operators wanted, no Russian needed. WhatsApp +374 55 123456`;

describe('reviewing flagged items', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let viewer: string;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    alice = (await addUser(t.deps.db, { name: 'alice', role: 'reviewer' })).token;
    bob = (await addUser(t.deps.db, { name: 'bob', role: 'reviewer' })).token;
    viewer = (await addUser(t.deps.db, { name: 'val', role: 'viewer' })).token;
    for (const n of [1, 2]) {
      const res = await call(t.token, 'POST', '/api/posts', { source: 'api', channel: 'rev', externalId: String(n), text: flyer(n) });
      ids.push(res.json().itemId);
    }
    for (const id of ids) await waitFor('scored', async () => (await call(t.token, 'GET', `/api/items/${id}`)).json().status === 'scored');
  });
  afterAll(async () => t?.close());

  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

  it('links items that share a phone number, both ways and through the indicator', async () => {
    const first = (await call(alice, 'GET', `/api/items/${ids[0]}`)).json();
    expect(first.related).toEqual(expect.arrayContaining([{ itemId: ids[1], type: 'phone', value: '+37455123456' }]));
    const linked = (await call(alice, 'GET', '/api/indicators?type=phone&value=%2B37455123456')).json();
    expect(linked.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual([...ids].sort());
    expect((await call(alice, 'GET', '/api/indicators?type=phone&value=%2B10000000000')).statusCode).toBe(404);
  });

  it('lets one reviewer claim and decide a case, keeps others off it, and logs every step', async () => {
    const caseId = (await call(alice, 'GET', `/api/items/${ids[0]}`)).json().review.caseId;
    expect((await call(viewer, 'POST', `/api/review/cases/${caseId}/claim`)).statusCode).toBe(403);
    expect((await call(alice, 'POST', `/api/review/cases/${caseId}/claim`)).json()).toMatchObject({ status: 'claimed' });
    const stolen = await call(bob, 'POST', `/api/review/cases/${caseId}/claim`);
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().message).toMatch(/claimed by another reviewer/);
    expect((await call(bob, 'POST', `/api/review/cases/${caseId}/decision`, { decision: 'dismissed' })).statusCode).toBe(409);
    await call(alice, 'POST', `/api/review/cases/${caseId}/notes`, { note: 'same number as the Tehran flyer' });
    const decided = await call(alice, 'POST', `/api/review/cases/${caseId}/decision`, { decision: 'confirmed', note: 'recruiter' });
    expect(decided.json()).toMatchObject({ status: 'confirmed' });
    expect((await call(alice, 'POST', `/api/review/cases/${caseId}/decision`, { decision: 'dismissed' })).statusCode).toBe(409);
    expect((await call(alice, 'POST', `/api/review/cases/${caseId}/decision`, { decision: 'maybe' })).statusCode).toBe(400);

    const events = (await call(viewer, 'GET', `/api/review/cases/${caseId}/events`)).json().events;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['created', 'claimed', 'noted', 'confirmed']);
    expect(events[3].note).toBe('recruiter');
    const pending = (await call(viewer, 'GET', '/api/review/queue')).json();
    expect(pending.items.map((i: { itemId: string }) => i.itemId)).toEqual([ids[1]]);
    const confirmed = (await call(viewer, 'GET', '/api/review/queue?status=confirmed')).json();
    expect(confirmed.items.map((i: { itemId: string }) => i.itemId)).toEqual([ids[0]]);
  });

  it('keeps an escalation escalated when a reviewer claims it and releases it again', async () => {
    const caseId = (await call(alice, 'GET', `/api/items/${ids[1]}`)).json().review.caseId;
    expect((await call(alice, 'POST', `/api/review/cases/${caseId}/decision`, { decision: 'escalated', note: 'needs a lead' })).json()).toMatchObject({ status: 'escalated' });
    expect((await call(bob, 'POST', `/api/review/cases/${caseId}/claim`)).json()).toMatchObject({ status: 'claimed' });
    expect((await call(bob, 'POST', `/api/review/cases/${caseId}/release`)).json()).toMatchObject({ status: 'escalated' });
    const escalated = (await call(viewer, 'GET', '/api/review/queue?status=escalated')).json();
    expect(escalated.items.map((i: { itemId: string }) => i.itemId)).toEqual([ids[1]]);
    expect((await call(viewer, 'GET', '/api/review/queue')).json().items).toEqual([]);
  });

  it('refuses to change or delete the audit log, even from SQL', async () => {
    const failure = (q: ReturnType<typeof sql>) => t.deps.db.execute(q).then(() => 'allowed', (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message));
    expect(await failure(sql`update review_events set note = 'tampered'`)).toMatch(/append-only/);
    expect(await failure(sql`delete from review_events`)).toMatch(/append-only/);
  });
});
