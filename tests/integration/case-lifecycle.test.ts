import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { scoreItem } from '../../src/pipeline/score.ts';
import { listWorkQueue } from '../../src/repos/review.repo.ts';
import { findUserByName } from '../../src/repos/users.repo.ts';
import { leaseHeld } from '../../src/review/decisions.ts';
import { redisSessions } from '../../src/web/sessions.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

const lure = (n: number, extra = '') =>
  `Contract military service in Russia for foreigners (${n}). $20,000 signing bonus, drone operators wanted, no Russian needed. WhatsApp +374 55 40000${n} ${extra}`;

type Event = { action: string; actorId: string | null; data: Record<string, unknown> | null };
type Review = { caseId: string; status: string; events: Event[] };

describe('case lifecycle: edits after a decision, and explicit takeovers', () => {
  let t: TestApp;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  let adminId: string;
  let sessions: ReturnType<typeof redisSessions>;

  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
  const item = async (id: string) => (await call(t.token, 'GET', `/api/items/${id}`)).json() as { status: string; text: string; review: Review | null };
  const post = async (externalId: string, text: string) => (await call(t.token, 'POST', '/api/posts', { source: 'api', channel: 'life', externalId, text })).json().itemId as string;
  async function flagged(externalId: string, text: string): Promise<{ id: string; caseId: string }> {
    const id = await post(externalId, text);
    const review = await waitFor(`a case for ${externalId}`, async () => (await item(id)).review);
    return { id, caseId: review.caseId };
  }
  const decide = (token: string, caseId: string, decision: string) => call(token, 'POST', `/api/review/cases/${caseId}/decision`, { decision });
  const page = async (userId: string, url: string) => (await t.app.inject({ method: 'GET', url, headers: { cookie: `rw_session=${await sessions.create(userId)}` } })).body;
  const openQueue = (userId: string) => listWorkQueue(t.deps.db, { view: 'open', userId, leaseHeld: leaseHeld(), limit: 200 });

  beforeAll(async () => {
    t = await startTestApp();
    const a = await addUser(t.deps.db, { name: 'alice', role: 'reviewer' });
    const b = await addUser(t.deps.db, { name: 'bob', role: 'reviewer' });
    alice = { token: a.token, id: a.user.id };
    bob = { token: b.token, id: b.user.id };
    adminId = (await findUserByName(t.deps.db, 'admin'))!.id;
    sessions = redisSessions(t.deps.redis, t.deps.config.QUEUE_PREFIX);
  });
  afterAll(async () => t?.close());

  it('reopens an item edited after its decision, keeping the decision in its history', async () => {
    const { id, caseId } = await flagged('e1', lure(1));
    expect((await decide(alice.token, caseId, 'escalated')).statusCode).toBe(200);
    expect((await decide(alice.token, caseId, 'confirmed')).statusCode).toBe(200);
    expect((await openQueue(alice.id)).rows.map((r) => r.itemId)).not.toContain(id);

    await post('e1', lure(1, 'now also hiring cooks')); // the same post, edited at the source
    const reopened = await waitFor('the edit re-scored', async () => { const r = (await item(id)).review!; return r.status === 'pending' && r; });
    expect(reopened.events.map((e) => e.action)).toEqual(['created', 'escalated', 'confirmed', 'changed_after_decision']);
    expect(reopened.events[3]).toMatchObject({ actorId: null, data: { decision: 'confirmed' } });

    // Back in the open queue, visibly; the item page says what it was.
    const row = (await openQueue(alice.id)).rows.find((r) => r.itemId === id);
    expect(row?.markers).toMatchObject({ changedAfterDecision: true });
    const queueHtml = await page(alice.id, '/review');
    const at = queueHtml.indexOf(`/review/${id}`);
    expect(queueHtml.slice(at, queueHtml.indexOf('</tr>', at))).toContain('changed after decision');
    expect(await page(alice.id, `/review/${id}`)).toMatch(/Changed after decision: the item was edited after it was confirmed by alice/);

    // Its old escalation does not come back with a claim and a release: it is a new pending case.
    expect((await call(bob.token, 'POST', `/api/review/cases/${caseId}/claim`)).statusCode).toBe(200);
    expect((await call(bob.token, 'POST', `/api/review/cases/${caseId}/release`)).json()).toMatchObject({ status: 'pending' });

    // Decided again, it leaves the queue; a re-score that is not an edit (a new pack) reopens nothing.
    expect((await decide(bob.token, caseId, 'dismissed')).json()).toMatchObject({ status: 'dismissed' });
    expect((await openQueue(alice.id)).rows.map((r) => r.itemId)).not.toContain(id);
    await scoreItem(t.deps, { itemId: id });
    const after = (await item(id)).review!;
    expect(after.status).toBe('dismissed');
    expect(after.events.filter((e) => e.action === 'changed_after_decision')).toHaveLength(1);
  });

  it('does not mark an edit of a case nobody decided yet', async () => {
    const { id } = await flagged('e2', lure(2));
    await post('e2', lure(2, 'edited'));
    await waitFor('the edit scored', async () => (await item(id)).text.includes('edited') && (await item(id)).status === 'scored');
    const review = (await item(id)).review!;
    expect(review.status).toBe('pending');
    expect(review.events.map((e) => e.action)).not.toContain('changed_after_decision');
  });

  it('lets an admin take a held case only by an explicit, logged takeover', async () => {
    const { id, caseId } = await flagged('t1', lure(3));
    expect((await call(bob.token, 'POST', `/api/review/cases/${caseId}/claim`)).statusCode).toBe(200);
    // No silent override: the admin's Claim and decision are refused like anyone's.
    expect((await call(t.token, 'POST', `/api/review/cases/${caseId}/claim`)).statusCode).toBe(409);
    expect((await decide(t.token, caseId, 'confirmed')).statusCode).toBe(409);
    expect((await call(alice.token, 'POST', `/api/review/cases/${caseId}/takeover`)).statusCode).toBe(403);
    expect(await page(adminId, `/review/${id}`)).toContain('>Take over</button>');
    expect(await page(alice.id, `/review/${id}`)).not.toContain('Take over');

    const taken = await call(t.token, 'POST', `/api/review/cases/${caseId}/takeover`);
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'claimed', claimedBy: adminId });
    const events = (await item(id)).review!.events;
    expect(events.at(-1)).toMatchObject({ action: 'taken_over', actorId: adminId, data: { previousHolder: 'bob', previousHolderId: bob.id } });
    expect(await page(alice.id, `/review/${id}`)).toMatch(/taken_over<\/strong> \(from bob\) by admin/);

    // Bob's claim is gone; a second takeover has nobody to take from.
    expect((await decide(bob.token, caseId, 'dismissed')).statusCode).toBe(409);
    expect((await call(t.token, 'POST', `/api/review/cases/${caseId}/takeover`)).statusCode).toBe(409);
    expect((await decide(t.token, caseId, 'confirmed')).json()).toMatchObject({ status: 'confirmed' });
  });
});
