import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignItemIds, findCampaign } from '../../src/repos/campaigns.repo.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

// Three items chained by two different contacts (A-B share a phone, B-C a Telegram handle), one item
// that shares only a money amount with them, and one with nothing in common.
const posts = {
  a: 'Contract service abroad, $20,000 bonus, drivers wanted. WhatsApp +374 55 111222',
  b: 'Same offer for drivers, $20,000 at signing. Call +374 55 111222 or write @hiring_desk_one',
  c: 'Security guard jobs, free ticket, write @hiring_desk_one today',
  money: 'Bonus of $20,000 for warehouse staff, ask at the office',
  other: 'Cooks wanted for a hotel, call +44 20 7946 0000',
  // a channel signs its posts with its own handle; two other channels promote it
  deskaOne: 'Drivers wanted abroad, contract work, good pay. Subscribe: @deska',
  deskaTwo: 'Guards wanted abroad, one year contract. Subscribe: @deska',
  promoOne: 'Looking for work abroad? Everything is at @deska',
  promoTwo: 'Best jobs abroad, see @deska for the list',
};
const channelOf = (name: string) => (name.startsWith('deska') ? 'deska' : `ch_${name}`);

describe('campaigns: items linked by shared contacts', () => {
  let t: TestApp;
  const id: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    // 'a' is stored first, on its own: posts ingested in one batch share their ingestion time
    for (const batch of [['a'], Object.keys(posts).filter((n) => n !== 'a')]) {
      for (const name of batch) {
        const res = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { source: 'api', channel: channelOf(name), externalId: name, text: posts[name as keyof typeof posts] } });
        id[name] = res.json().itemId;
      }
      for (const name of batch) {
        await waitFor('scored', async () => (await t.app.inject({ method: 'GET', url: `/api/items/${id[name]}`, headers: { authorization: `Bearer ${t.token}` } })).json().status === 'scored');
      }
    }
  });
  afterAll(async () => t?.close());

  it('follows links through members, and a money amount links nothing', async () => {
    for (const start of ['a', 'b', 'c']) {
      expect((await campaignItemIds(t.deps.db, id[start]!)).itemIds.sort()).toEqual([id.a, id.b, id.c].sort());
    }
    expect((await campaignItemIds(t.deps.db, id.money!)).itemIds).toEqual([id.money]);
    expect((await campaignItemIds(t.deps.db, id.other!)).itemIds).toEqual([id.other]);
    expect((await campaignItemIds(t.deps.db, '00000000-0000-4000-8000-000000000000')).itemIds).toEqual([]);
  });

  it("does not make one campaign of a channel's posts because they sign with its handle", async () => {
    expect((await campaignItemIds(t.deps.db, id.deskaOne!)).itemIds).toEqual([id.deskaOne]);
    expect((await campaignItemIds(t.deps.db, id.deskaTwo!)).itemIds).toEqual([id.deskaTwo]);
    // two other channels naming it are linked to each other, not to its own posts
    expect((await campaignItemIds(t.deps.db, id.promoOne!)).itemIds.sort()).toEqual([id.promoOne, id.promoTwo].sort());
  });

  it('names the campaign by its first member and lists its contacts and channels', async () => {
    const c = (await findCampaign(t.deps.db, id.c!))!;
    expect(c.id).toBe(id.a);
    expect(c.truncated).toBe(false);
    expect(c.indicators).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'phone', value: '+37455111222', items: 2 })]));
    expect(c.indicators.some((i) => i.type === 'money')).toBe(false);
    expect(c.channels.map((ch) => ch.channel).sort()).toEqual(['ch_a', 'ch_b', 'ch_c']);
  });

  it('stops at the size limit and says so', async () => {
    const cut = await campaignItemIds(t.deps.db, id.a!, 2);
    expect(cut.itemIds).toHaveLength(2);
    expect(cut.truncated).toBe(true);
  });
});
