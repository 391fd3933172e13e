import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, isNotNull } from 'drizzle-orm';
import { items } from '../../../src/db/schema/index.ts';
import { findChannel } from '../../../src/repos/channels.repo.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { startFixtureServer, type FixtureServer } from '../../helpers/http-fixture-server.ts';
import { sharedDir } from '../../helpers/shared.ts';
import { waitFor } from '../../helpers/wait.ts';

// Real saved t.me/s pages served from localhost as TELEGRAM_WEB_BASE; their photo URLs point at
// Telegram's CDN, which this machine cannot reach: the posts must still land, without the photos.
describe('the scanner on real saved channel pages', () => {
  let web: FixtureServer;
  let t: TestApp;
  beforeAll(async () => {
    const html = (p: string) => ({ file: sharedDir('fixtures/telegram/tme-s-html', p) });
    web = await startFixtureServer({ '/s/topwar_official': html('any2feed/full.html'), '/s/test_channel': html('lifemodel/telegram-test-channel.html') });
    t = await startTestApp({ workers: ['ingest', 'score', 'scan'], env: { TELEGRAM_WEB_BASE: web.baseUrl, SCAN_RATE_MS: '20', SCAN_FIRST_PAGES: '1' } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await web?.close();
  });

  it.each([
    ['topwar_official', 12, 71008],
    ['test_channel', 3, 1010],
  ])('stores and scores every post of %s once', async (handle, posts, newest) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/channels', payload: { handle }, headers: { authorization: `Bearer ${t.token}` } });
    expect(res.statusCode).toBe(201);
    const rows = await waitFor(`${posts} posts of ${handle} scored`, async () => {
      const r = await t.deps.db.select().from(items).where(eq(items.channel, handle));
      return r.length === posts && r.every((i) => i.status === 'scored') ? r : null;
    }, 60_000);
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(posts);
    expect(rows.every((r) => r.url?.startsWith('https://t.me/'))).toBe(true);
    expect((await findChannel(t.deps.db, handle))?.cursor).toBe(newest);
  });

  it('stores the channel each real forward came from, by the handle in its t.me link', async () => {
    const forwards = await t.deps.db.select({ id: items.externalId, from: items.forwardedFrom }).from(items).where(isNotNull(items.forwardedFrom)).orderBy(items.externalId);
    expect(forwards).toEqual([
      { id: '1010', from: 'another_channel' },
      { id: '70996', from: 'yaremshooter' },
      { id: '70998', from: 'belarus_vpo' },
      { id: '71006', from: 'vysokygovorit' },
      { id: '71007', from: 'dimsmirnov175' },
      { id: '71008', from: 'impnavigator' },
    ]);
  });
});
