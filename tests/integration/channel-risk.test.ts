import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { ELEVATED_PRIORITY_BOOST } from '../../src/channels/elevation.ts';
import { RISK_THRESHOLD, riskScore } from '../../src/channels/risk.ts';
import { items, reviewEvents } from '../../src/db/schema/index.ts';
import { redisSessions } from '../../src/web/sessions.ts';
import { channelPageHtml } from '../helpers/channel-page-html.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/http-fixture-server.ts';
import { waitFor } from '../helpers/wait.ts';

// Channel risk end to end: a confirmed channel A, a watched channel B scanned from a local preview
// server that forwards A, names it and reuses its WhatsApp, and the decisions that move B's risk.

const lure = (phone: string, n: number) =>
  `Contract military service in Russia for foreigners (${n}). $20,000 signing bonus, drone operators wanted, no Russian needed. WhatsApp ${phone}`;
const A = 'recruit_a';
const B = 'scam_b';
const QUIET = 'aaa_quiet';
const A_PHONE = '+374 55 400001';

type Risk = { score: number; confirmedItems: number; dismissedItems: number; forwardsFromConfirmed: number; linksToConfirmed: number; sharedIndicators: number; elevatedAt: string | null; details: { points: Record<string, number>; forwardedFrom: string[]; linksTo: string[] } };
type Watched = { handle: string; intervalSeconds: number; effectiveIntervalSeconds: number; risk: Risk | null };
type Seen = { channel: string; items: number; risk: Risk | null };

describe('channel risk', () => {
  let t: TestApp;
  let web: FixtureServer;
  let reviewer: string;
  let adminId: string;
  const api = (method: 'GET' | 'POST', url: string, payload?: object, token = t.token) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
  const overview = async () => (await api('GET', '/api/channels')).json() as { channels: Watched[]; seen: Seen[] };
  const riskOf = async (channel: string) => {
    const o = await overview();
    return (o.channels.find((c) => c.handle === channel)?.risk ?? o.seen.find((s) => s.channel === channel)?.risk) ?? null;
  };
  const itemOf = async (channel: string, externalId: string) => {
    const [row] = await t.deps.db.select().from(items).where(and(eq(items.channel, channel), eq(items.externalId, externalId)));
    return row;
  };
  const review = async (itemId: string) => (await api('GET', `/api/items/${itemId}`)).json().review as { caseId: string; status: string; priority: number };
  const decide = async (itemId: string, decision: string) => {
    const res = await api('POST', `/api/review/cases/${(await review(itemId)).caseId}/decision`, { decision }, reviewer);
    expect(res.statusCode, res.body).toBe(200);
  };
  const scored = (channel: string, externalId: string) => waitFor(`${channel}/${externalId} scored`, async () => {
    const row = await itemOf(channel, externalId);
    return row?.status === 'scored' ? row : null;
  }, 30_000);
  const scheduledEvery = async (handle: string) => (await t.deps.queues.scan.getJobScheduler(`scan-${handle}`))?.every;

  beforeAll(async () => {
    web = await startFixtureServer({});
    web.route(`/s/${B}`, {
      body: channelPageHtml(B, [
        { id: 10, text: lure(A_PHONE, 10), forwardedFrom: { name: 'Recruit A', href: `https://t.me/${A}/1` } },
        { id: 11, text: `${lure('+374 55 411111', 11)} Our channel: @${A}` },
        { id: 12, text: lure('+374 55 412222', 12) },
        { id: 13, text: lure('+374 55 413333', 13), forwardedFrom: { name: 'Someone hidden' } },
      ]),
    });
    web.route(`/s/${QUIET}`, { body: channelPageHtml(QUIET, [{ id: 1, text: 'Weather tomorrow: sunny, 24 degrees.' }]) });
    t = await startTestApp({ workers: ['ingest', 'score', 'scan'], env: { TELEGRAM_WEB_BASE: web.baseUrl, SCAN_RATE_MS: '20' } });
    reviewer = (await addUser(t.deps.db, { name: 'rhea', role: 'reviewer' })).token;
    adminId = (await addUser(t.deps.db, { name: 'root', role: 'admin', password: 'root correct horse battery' })).user.id;
  });
  afterAll(async () => {
    await t?.close();
    await web?.close();
  });

  it('stores who a scanned post was forwarded from, by the handle in its link', async () => {
    expect((await api('POST', '/api/posts', { source: 'api', channel: A, externalId: '1', text: lure(A_PHONE, 1) })).statusCode).toBe(202);
    await scored(A, '1');
    expect((await api('POST', '/api/channels', { handle: B, interval: 3600 })).statusCode).toBe(201);
    expect((await api('POST', '/api/channels', { handle: QUIET, interval: 3600 })).statusCode).toBe(201);
    for (const id of ['10', '11', '12', '13']) await scored(B, id);
    await scored(QUIET, '1');
    expect((await itemOf(B, '10')).forwardedFrom).toBe(A);
    expect((await itemOf(B, '11')).forwardedFrom).toBeNull();
    expect((await itemOf(B, '13')).forwardedFrom).toBeNull(); // a hidden sender names no channel
    expect((await itemOf(B, '10')).text).toMatch(/^Forwarded from Recruit A/);
  });

  it("rises for A after a confirmed decision, and for B, which forwards and names A, without B's own decision", async () => {
    expect((await riskOf(A))?.score ?? 0).toBe(0); // seen, never computed: nothing was decided
    const bBefore = (await riskOf(B))?.score ?? 0;
    expect(bBefore).toBe(0); // nothing confirmed anywhere yet
    await decide((await itemOf(A, '1')).id, 'confirmed');
    expect(await riskOf(A)).toMatchObject({ score: 30, confirmedItems: 1 });
    const b = (await riskOf(B))!;
    expect(b).toMatchObject({ confirmedItems: 0, forwardsFromConfirmed: 1, linksToConfirmed: 1 });
    expect(b.sharedIndicators).toBeGreaterThanOrEqual(1); // the WhatsApp number of A's confirmed flyer
    expect(b.score).toBe(riskScore({ confirmed: 0, dismissed: 0, forwards: 1, links: 1, shared: b.sharedIndicators }).score);
    expect(b.score).toBeGreaterThan(bBefore);
    expect(b.score).toBeLessThan(RISK_THRESHOLD);
    expect(b.elevatedAt).toBeNull();
    expect(b.details.forwardedFrom).toEqual([A]);
    expect(b.details.linksTo).toEqual([A]);
  });

  it('rises for a channel when a post forwarded from a confirmed channel arrives (API forwardedFrom)', async () => {
    const bad = await api('POST', '/api/posts', { channel: 'scam_c', externalId: '1', text: 'hello', forwardedFrom: 'x\u0000' });
    expect(bad.statusCode).toBe(400);
    expect((await api('POST', '/api/posts', { channel: 'scam_c', externalId: '1', text: 'Jobs abroad, ask in the group', forwardedFrom: A })).statusCode).toBe(202);
    await scored('scam_c', '1');
    expect((await itemOf('scam_c', '1')).forwardedFrom).toBe(A);
    const c = await waitFor('scam_c risk', async () => {
      const risk = await riskOf('scam_c');
      return risk?.forwardsFromConfirmed === 1 ? risk : null;
    });
    expect(c).toMatchObject({ score: 15, forwardsFromConfirmed: 1 });
  });

  it("crossing the threshold raises B's open cases and shortens its scan interval; falling back undoes both", async () => {
    const open = ['11', '12', '13'];
    const ids = await Promise.all(open.map(async (x) => (await itemOf(B, x)).id));
    const before = await Promise.all(ids.map(async (id) => (await review(id)).priority));
    expect(await scheduledEvery(B)).toBe(3_600_000);

    await decide((await itemOf(B, '10')).id, 'confirmed');
    const b = (await riskOf(B))!;
    expect(b.confirmedItems).toBe(1);
    expect(b.score).toBeGreaterThanOrEqual(RISK_THRESHOLD);
    expect(b.elevatedAt).not.toBeNull();
    const after = await Promise.all(ids.map(async (id) => (await review(id)).priority));
    expect(after).toEqual(before.map((p) => p + ELEVATED_PRIORITY_BOOST));
    const events = await t.deps.db.select().from(reviewEvents).where(eq(reviewEvents.action, 'channel_elevated'));
    expect(events).toHaveLength(3);
    expect(events[0].data).toMatchObject({ channel: B, boost: ELEVATED_PRIORITY_BOOST });

    // the interval in force is a quarter of the admin's; the scheduler follows at the channel's next scan
    const watched = (await overview()).channels.find((c) => c.handle === B)!;
    expect(watched).toMatchObject({ intervalSeconds: 3600, effectiveIntervalSeconds: 900 });
    expect((await api('POST', `/api/channels/${B}/scan`)).statusCode).toBe(202);
    await waitFor('the shortened schedule', async () => (await scheduledEvery(B)) === 900_000);

    // reviewers clear one of B's flagged posts: the risk falls under the threshold
    await decide(ids[0], 'dismissed');
    const fallen = (await riskOf(B))!;
    expect(fallen).toMatchObject({ dismissedItems: 1, elevatedAt: null });
    expect(fallen.score).toBe(b.score - 10);
    expect(fallen.score).toBeLessThan(RISK_THRESHOLD);
    // the boost is taken back from the cases still open
    expect(await Promise.all(ids.slice(1).map(async (id) => (await review(id)).priority))).toEqual(before.slice(1));
    expect(await t.deps.db.select().from(reviewEvents).where(eq(reviewEvents.action, 'channel_lowered'))).toHaveLength(2);
    expect((await overview()).channels.find((c) => c.handle === B)).toMatchObject({ effectiveIntervalSeconds: 3600 });
    expect((await api('POST', `/api/channels/${B}/scan`)).statusCode).toBe(202);
    await waitFor('the schedule restored', async () => (await scheduledEvery(B)) === 3_600_000);
  });

  it('sorts the API and the page by risk, and lists seen channels an admin can watch', async () => {
    const o = await overview();
    expect(o.channels.map((c) => c.handle)).toEqual([B, QUIET]); // B has risk; aaa_quiet sorts first by name only
    expect(o.seen.map((s) => s.channel).slice(0, 2)).toEqual([A, 'scam_c']);
    // A now also shares its WhatsApp with B's confirmed forward: a decision in B raised A too
    const a = o.seen[0].risk!;
    expect(a).toMatchObject({ confirmedItems: 1, forwardsFromConfirmed: 0 });
    expect(a.sharedIndicators).toBeGreaterThanOrEqual(1);
    expect(a.score).toBe(riskScore({ confirmed: 1, dismissed: 0, forwards: 0, links: 0, shared: a.sharedIndicators }).score);

    const cookie = `rw_session=${await redisSessions(t.deps.redis, t.deps.config.QUEUE_PREFIX).create(adminId)}`;
    const res = await t.app.inject({ method: 'GET', url: '/admin/channels', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html.indexOf(`data-channel-row="${B}"`)).toBeLessThan(html.indexOf(`data-channel-row="${QUIET}"`));
    expect(html).toMatch(new RegExp(`data-channel-row="${B}"><td>${B}</td><td data-risk="${(await riskOf(B))!.score}">`));
    expect(html).toContain(`1 forward from confirmed channels (${A}) +15`);
    expect(html).toContain(`1 post naming confirmed channels (${A}) +10`);
    expect(html.indexOf(`data-seen-channel="${A}"`)).toBeLessThan(html.indexOf('data-seen-channel="scam_c"'));
    expect(html).toContain(`<button type="submit">Watch ${A}</button>`);
  });
});
