import * as cheerio from 'cheerio';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { redisSessions } from '../../src/web/sessions.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

// Two flagged lures, one in English and one in Russian: the queue page shows each one's language,
// filters by it, and filters by the day the case was opened.
const lures = {
  english: 'Contract military service in Russia for foreigners. $20,000 signing bonus, drone operators and drivers wanted, no Russian needed. WhatsApp +374 55 123456',
  russian: 'Контракт с Министерством обороны для иностранцев: единовременная выплата 2 000 000 рублей, нужны операторы дронов и водители, знание языка не требуется. Пишите в WhatsApp +374 55 654321',
};

describe('the queue by language and by date', () => {
  let t: TestApp;
  let cookie: string;
  const id: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    const { user } = await addUser(t.deps.db, { name: 'rita', role: 'reviewer' });
    cookie = `rw_session=${await redisSessions(t.deps.redis, t.deps.config.QUEUE_PREFIX).create(user.id)}`;
    for (const [name, text] of Object.entries(lures)) {
      const res = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { source: 'api', channel: 'langs', externalId: name, text } });
      id[name] = res.json().itemId;
    }
    for (const itemId of Object.values(id)) {
      await waitFor('flagged', async () => (await t.app.inject({ method: 'GET', url: `/api/items/${itemId}`, headers: { authorization: `Bearer ${t.token}` } })).json().review?.caseId);
    }
    // the Russian case was opened three days ago
    await t.deps.db.execute(sql`update review_cases set created_at = now() - interval '3 days' where item_id = ${id.russian}::uuid`);
  });
  afterAll(async () => t?.close());

  const queue = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/review?${query}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const $ = cheerio.load(res.body);
    return $('tr[data-case]').toArray().map((tr) => ({ item: $(tr).find('a[data-open]').attr('href')!.replace('/review/', ''), language: $(tr).find('[data-language]').text() }));
  };

  it('shows each case\'s language and filters by it', async () => {
    const all = await queue('');
    expect(all.find((r) => r.item === id.english)?.language).toBe('English');
    expect(all.find((r) => r.item === id.russian)?.language).toBe('Russian');
    expect((await queue('language=rus')).map((r) => r.item)).toEqual([id.russian]);
    expect((await queue('language=eng')).map((r) => r.item)).toEqual([id.english]);
    expect(await queue('language=hin')).toEqual([]);
  });

  it('filters by the day a case was opened, the last day included', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect((await queue(`from=${day(0)}`)).map((r) => r.item)).toEqual([id.english]);
    expect((await queue(`to=${day(-3)}`)).map((r) => r.item)).toEqual([id.russian]);
    expect((await queue(`from=${day(-4)}&to=${day(0)}`)).map((r) => r.item).sort()).toEqual([id.english, id.russian].sort());
  });

  it('refuses a malformed language or date with a clear message', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/review?language=<script>&from=yesterday', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/three-letter language code/);
    expect(bad.body).not.toContain('<script>');
  });
});
