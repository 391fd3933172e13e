import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { auditLog, indicators, itemIndicators, users } from '../../src/db/schema/index.ts';
import { findCampaign, LINKING_TYPES } from '../../src/repos/campaigns.repo.ts';
import { prepareExport } from '../../src/exports/run-export.ts';
import { InvalidStixError } from '../../src/exports/stix/bundle.ts';
import { sdoId } from '../../src/exports/stix/ids.ts';
import { indicatorsOfPattern } from '../../src/exports/stix/observables.ts';
import { tlpMarking } from '../../src/exports/stix/tlp.ts';
import { validateBundle } from '../../src/exports/stix/validate.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

// A campaign of three posts (a and b share a phone, b and e a Telegram handle) of which a and b are
// confirmed and e dismissed, and one confirmed post (o) of its own. b's text starts with a formula.
const posts = {
  a: 'Contract military service abroad, $20,000 signing bonus, drivers and drone operators wanted, free ticket to Russia. WhatsApp +374 55 111222',
  b: '=HYPERLINK("http://evil.example","Apply") Contract service in Russia for foreigners: $20,000 bonus at signing, drivers wanted, call +374 55 111222 or write @hiring_desk_one',
  e: 'Security guard jobs in Russia for foreign citizens, contract with the Ministry of Defence, $3,000 a month, write @hiring_desk_one, mail only.dismissed@mail.ru',
  o: 'Drivers wanted for contract service in Russia, $20,000 signing bonus, free flight. Call +44 20 7946 0123, apply at https://jobs-abroad.com/apply, pay the visa fee to USDT 0x52908400098527886E0F7030069857D2E4169EE7',
};
const decisions: Record<keyof typeof posts, 'confirmed' | 'dismissed'> = { a: 'confirmed', b: 'confirmed', e: 'dismissed', o: 'confirmed' };

type Bundle = { type: string; id: string; objects: Array<Record<string, unknown> & { type: string; id: string }> };
type Pair = { type: string; value: string };
const key = (p: Pair) => `${p.type} ${p.value}`;

describe('exports: CSV, JSON and STIX 2.1 for admins, each one logged', () => {
  let t: TestApp;
  const id = {} as Record<keyof typeof posts, string>;
  const tokens: Record<string, string> = {};
  let adminId: string;
  let campaignId: string;
  const get = (url: string, token = t.token) => t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  // what the campaign shares with a partner: the contacts, links, wallets and images of its confirmed members
  const linkingOf = async (itemId: string): Promise<Pair[]> =>
    ((await get(`/api/items/${itemId}`)).json().indicators as Pair[]).filter((i) => (LINKING_TYPES as readonly string[]).includes(i.type)).map(({ type, value }) => ({ type, value }));

  beforeAll(async () => {
    t = await startTestApp();
    for (const [name, text] of Object.entries(posts) as Array<[keyof typeof posts, string]>) {
      const res = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { source: 'telegram', channel: `ch_${name}`, externalId: name, text, url: `https://t.me/ch_${name}/1` } });
      expect(res.statusCode, res.body).toBe(202);
      id[name] = res.json().itemId;
    }
    for (const [name, itemId] of Object.entries(id) as Array<[keyof typeof posts, string]>) {
      const item = await waitFor(`${name} scored with a case`, async () => {
        const body = (await get(`/api/items/${itemId}`)).json();
        return body.status === 'scored' && body.review ? body : null;
      });
      const res = await t.app.inject({ method: 'POST', url: `/api/review/cases/${item.review.caseId}/decision`, headers: { authorization: `Bearer ${t.token}` }, payload: { decision: decisions[name] } });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const role of ['viewer', 'reviewer', 'moderator'] as const) tokens[role] = (await addUser(t.deps.db, { name: `the-${role}`, role })).token;
    adminId = (await t.deps.db.select({ id: users.id }).from(users).where(eq(users.name, 'admin')))[0]!.id;
    campaignId = (await findCampaign(t.deps.db, id.e))!.id;
  });
  afterAll(async () => t?.close());

  const exportsLogged = () => t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'export')).orderBy(auditLog.id);

  it('refuses everyone but admins: 401 without a token, 403 for other roles, and logs nothing', async () => {
    for (const url of ['/api/exports/confirmed.csv', '/api/exports/confirmed.json', `/api/exports/stix?campaign=${id.a}`]) {
      expect((await get(url, '')).statusCode, url).toBe(401);
      for (const role of ['viewer', 'reviewer', 'moderator']) expect((await get(url, tokens[role])).statusCode, `${url} as ${role}`).toBe(403);
    }
    expect(await exportsLogged()).toEqual([]);
  });

  it('exports a campaign as a STIX 2.1 bundle that validates and gives back exactly its confirmed members\' indicators', async () => {
    const res = await get(`/api/exports/stix?campaign=${id.e}&tlp=amber`); // any member names the campaign, a dismissed one too
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/stix+json;version=2.1');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="recruitwatch-campaign-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.stix\.json"$/);
    const bundle = JSON.parse(res.body) as Bundle;
    expect(validateBundle(bundle)).toEqual([]);

    // round trip: every indicator's pattern read back into (type, value)
    const indicators = bundle.objects.filter((o) => o.type === 'indicator');
    const exported = indicators.map((o) => {
      expect(o.pattern_type).toBe('stix');
      const pairs = indicatorsOfPattern(o.pattern as string);
      expect(pairs, o.pattern as string).toHaveLength(1);
      return key(pairs[0]!);
    });
    const expected = [...new Set([...(await linkingOf(id.a)), ...(await linkingOf(id.b))].map(key))].sort();
    expect(exported.sort()).toEqual(expected);
    expect(expected).toEqual(expect.arrayContaining(['phone +37455111222', 'whatsapp +37455111222', 'telegram @hiring_desk_one', 'url evil.example']));
    // the campaign's own list has the dismissed member's e-mail too; it is not shared
    const campaign = (await findCampaign(t.deps.db, id.a))!;
    expect(campaign.indicators.map(key).filter((k) => !expected.includes(k))).toEqual(['email only.dismissed@mail.ru']);
    expect(res.body).not.toContain('only.dismissed');

    // TLP:AMBER, as published by OASIS, on every object
    const amber = tlpMarking('amber');
    expect(bundle.objects.find((o) => o.type === 'marking-definition')).toEqual(amber);
    for (const o of bundle.objects.filter((o) => o.type !== 'marking-definition')) expect(o.object_marking_refs, o.id).toEqual([amber.id]);

    // the campaign, what indicates it, what was observed, and a report naming it all
    const stixCampaign = bundle.objects.find((o) => o.type === 'campaign')!;
    expect(stixCampaign.id).toBe(sdoId('campaign', campaignId));
    expect(stixCampaign.name).toContain(campaignId);
    const relationships = bundle.objects.filter((o) => o.type === 'relationship');
    expect(relationships.map((r) => [r.relationship_type, r.target_ref, r.source_ref]).sort()).toEqual(indicators.map((i) => ['indicates', stixCampaign.id, i.id]).sort());
    const observed = bundle.objects.filter((o) => o.type === 'observed-data');
    expect(observed.map((o) => (o.external_references as Array<{ external_id: string }>)[0]!.external_id).sort()).toEqual([id.a, id.b].sort());
    for (const o of observed) expect(o.number_observed).toBe(1);
    const report = bundle.objects.find((o) => o.type === 'report')!;
    expect(report.name).toContain(campaignId);
    const listed = new Set(report.object_refs as string[]);
    for (const o of bundle.objects.filter((o) => !['report', 'marking-definition', 'identity', 'extension-definition'].includes(o.type))) expect(listed.has(o.id), o.id).toBe(true);
    const producer = bundle.objects.find((o) => o.type === 'identity')!;
    for (const o of [...indicators, report, stixCampaign]) expect(o.created_by_ref).toBe(producer.id);

    // the same export again is the same bundle, byte for byte: ids and times come from the data
    expect((await get(`/api/exports/stix?campaign=${id.a}&tlp=amber`)).body).toBe(res.body);
    const red = JSON.parse((await get(`/api/exports/stix?campaign=${id.a}&tlp=red`)).body) as Bundle;
    expect(red.objects.find((o) => o.type === 'indicator')!.object_marking_refs).toEqual([tlpMarking('red').id]);
  });

  it('exports every confirmed item as STIX without a campaign, wallets and links included', async () => {
    const res = await get('/api/exports/stix?tlp=green');
    expect(res.statusCode, res.body).toBe(200);
    const bundle = JSON.parse(res.body) as Bundle;
    expect(validateBundle(bundle)).toEqual([]);
    const exported = bundle.objects.filter((o) => o.type === 'indicator').flatMap((o) => indicatorsOfPattern(o.pattern as string).map(key)).sort();
    const expected = [...new Set([...(await linkingOf(id.a)), ...(await linkingOf(id.b)), ...(await linkingOf(id.o))].map(key))].sort();
    expect(exported).toEqual(expected);
    expect(exported).toEqual(expect.arrayContaining(['crypto 0x52908400098527886e0f7030069857d2e4169ee7', 'url jobs-abroad.com/apply', 'phone +442079460123']));
    expect(bundle.objects.some((o) => o.type === 'campaign' || o.type === 'relationship')).toBe(false);
    expect(bundle.objects.filter((o) => o.type === 'observed-data')).toHaveLength(3);
  });

  it('exports confirmed items as CSV that parses back, with formula cells neutralised', async () => {
    const res = await get('/api/exports/confirmed.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="recruitwatch-confirmed-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.item_id).sort()).toEqual([id.a, id.b, id.o].sort());
    const b = rows.find((r) => r.item_id === id.b)!;
    expect(b.text).toBe(`'${posts.b}`); // a spreadsheet shows the text, it does not run =HYPERLINK
    expect(b.phones).toBe("'+37455111222"); // a leading + starts a formula too
    expect(b.telegram).toBe("'@hiring_desk_one"); // and so does @
    expect(rows.find((r) => r.item_id === id.o)!.crypto).toBe('0x52908400098527886e0f7030069857d2e4169ee7');
    expect(b.urls).toBe('evil.example');
    expect(b.channel).toBe('ch_b');
    expect(Number(b.score)).toBeGreaterThan(50);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell, `${row.item_id}`).not.toMatch(/^[=+\-@\t\r]/);

    const campaignOnly = parse((await get(`/api/exports/confirmed.csv?campaign=${id.e}`)).body, { columns: true }) as Array<Record<string, string>>;
    expect(campaignOnly.map((r) => r.item_id).sort()).toEqual([id.a, id.b].sort());
  });

  it('exports confirmed items as JSON, filtered by campaign and by confirmation date', async () => {
    const res = await get(`/api/exports/confirmed.json?campaign=${id.b}&tlp=amber+strict`.replace('+', '%2B'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/\.json"$/);
    const body = res.json();
    expect(body.export).toMatchObject({ tlp: 'TLP:AMBER+STRICT', campaign: campaignId, campaignTruncated: false });
    expect(body.items.map((i: { id: string }) => i.id).sort()).toEqual([id.a, id.b].sort());
    const b = body.items.find((i: { id: string }) => i.id === id.b);
    expect(b).toMatchObject({ text: posts.b, channel: 'ch_b', externalId: 'b', url: 'https://t.me/ch_b/1' });
    expect(b.indicators).toEqual(expect.arrayContaining([{ type: 'money', value: '20000 USD', detail: expect.any(Object) }, expect.objectContaining({ type: 'telegram', value: '@hiring_desk_one' })]));
    expect(body.counts).toEqual({ items: 2, indicators: new Set(body.items.flatMap((i: { indicators: Pair[] }) => i.indicators.map(key))).size });

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await get(`/api/exports/confirmed.json?from=${tomorrow}`)).json().items).toEqual([]);
    expect((await get(`/api/exports/confirmed.json?from=${yesterday}&to=${tomorrow}`)).json().items).toHaveLength(3);
    expect((await get(`/api/exports/confirmed.json?to=${yesterday}`)).json().counts).toEqual({ items: 0, indicators: 0 });
    expect(parse((await get(`/api/exports/confirmed.csv?from=${tomorrow}`)).body)).toHaveLength(1); // the header row alone
  });

  it('answers a clear 400 or 404 for a bad filter, an unknown campaign, or nothing to share', async () => {
    expect((await get('/api/exports/stix?tlp=purple')).statusCode).toBe(400);
    // the page's form sends its empty fields: empty is no filter
    expect(parse((await get('/api/exports/confirmed.csv?campaign=&tlp=amber&from=&to=')).body)).toHaveLength(4);
    expect((await get('/api/exports/stix?campaign=not-an-id')).json().message).toMatch(/campaign/);
    expect((await get('/api/exports/confirmed.csv?from=2026-02-01&to=2026-01-01')).statusCode).toBe(400);
    const unknown = await get('/api/exports/stix?campaign=00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/no campaign 00000000-0000-4000-8000-000000000000/);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const nothing = await get(`/api/exports/stix?from=${tomorrow}`);
    expect(nothing.statusCode).toBe(404);
    expect(nothing.json().message).toMatch(/no confirmed item/);
  });

  it('logged every export with its admin, what was asked and what went out', async () => {
    const rows = await exportsLogged();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      expect(row.actorId).toBe(adminId);
      expect(row.data).toMatchObject({ via: 'api', outcome: 'done' });
    }
    expect(rows[0]).toMatchObject({ target: `campaign:${campaignId}`, data: expect.objectContaining({ format: 'stix', campaign: campaignId, tlp: 'amber', items: 2, indicators: 4 }) });
    expect(rows.find((r) => r.data?.format === 'csv' && r.target === 'confirmed')).toMatchObject({ data: expect.objectContaining({ items: 3, tlp: 'amber', campaign: null }) });
    expect(rows.find((r) => r.data?.tlp === 'amber+strict')).toMatchObject({ data: expect.objectContaining({ format: 'json', items: 2 }) });
  });

  it('shows admins the exports page with the log and download links; others are refused', async () => {
    const { redisSessions } = await import('../../src/web/sessions.ts');
    const sessions = redisSessions(t.deps.redis, t.deps.config.QUEUE_PREFIX);
    const as = async (userId: string) => `rw_session=${await sessions.create(userId)}`;
    const reviewer = (await t.deps.db.select({ id: users.id }).from(users).where(eq(users.name, 'the-reviewer')))[0]!.id;
    expect((await t.app.inject({ method: 'GET', url: '/admin/exports' })).headers.location).toBe('/login');
    expect((await t.app.inject({ method: 'GET', url: '/admin/exports', headers: { cookie: await as(reviewer) } })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'GET', url: '/admin/exports', headers: { cookie: await as(adminId) } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.body).toContain('href="/admin/exports"'); // in the admin nav
    expect(res.body).toContain(`/api/exports/stix?campaign=${campaignId}&amp;tlp=amber`);
    expect(res.body.match(/data-export-row/g)!.length).toBe((await exportsLogged()).length);
    // the form checks the filters and sends the browser on to the download, or says what is wrong
    const form = (query: string) => t.app.inject({ method: 'GET', url: `/admin/exports/download?${query}`, headers: { cookie: adminCookie } });
    const adminCookie = await as(adminId);
    const ok = await form(`format=stix&campaign=${id.b}&tlp=red&from=&to=`);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/api/exports/stix?campaign=${id.b}&tlp=red`);
    const wrong = await form('format=csv&campaign=&from=2026-13-01');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/role="alert"/);
    expect(wrong.body).toContain('value="2026-13-01"');
    expect((await form('format=xml')).statusCode).toBe(400);
    expect((await form('format=stix&campaign=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    // the download link works with the page's session
    const again = await t.app.inject({ method: 'GET', url: `/api/exports/stix?campaign=${campaignId}&tlp=amber`, headers: { cookie: await as(adminId) } });
    expect(again.statusCode).toBe(200);
    expect(validateBundle(JSON.parse(again.body))).toEqual([]);
  });

  it('logs an export its reader abandoned, with what had gone out by then', async () => {
    const prepared = await prepareExport(t.deps.db, { format: 'json', tlp: 'green', actor: { userId: adminId }, producer: 'test' });
    const chunks = prepared.chunks();
    await chunks.next(); // the header
    await chunks.next(); // the first batch
    await chunks.return(undefined);
    expect((await exportsLogged()).at(-1)).toMatchObject({ actorId: adminId, data: expect.objectContaining({ format: 'json', tlp: 'green', outcome: 'aborted', items: 3 }) });
  });

  it('stops a STIX export at the first invalid object, and logs it failed', async () => {
    // a phone value no E.164 number could be (written straight into the database, as a bug might)
    const [bad] = await t.deps.db.insert(indicators).values({ type: 'phone', value: "+1' OR 1=1" }).returning({ id: indicators.id });
    await t.deps.db.insert(itemIndicators).values({ itemId: id.o, indicatorId: bad!.id });
    const prepared = await prepareExport(t.deps.db, { format: 'stix', tlp: 'amber', actor: { userId: adminId }, producer: 'test' });
    const written: string[] = [];
    await expect((async () => { for await (const chunk of prepared.chunks()) written.push(chunk); })()).rejects.toThrow(InvalidStixError);
    expect(written.join('')).not.toContain('OR 1=1');
    expect((await exportsLogged()).at(-1)).toMatchObject({ data: expect.objectContaining({ format: 'stix', outcome: 'failed', error: expect.stringMatching(/x-recruitwatch-phone-number.*value/) }) });
  });
});
