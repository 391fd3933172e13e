import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { items } from '../../src/db/schema/index.ts';
import { findChannel } from '../../src/repos/channels.repo.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/http-fixture-server.ts';
import { waitFor } from '../helpers/wait.ts';

const pages = path.resolve(import.meta.dirname, '../fixtures/telegram');
const images = path.resolve(import.meta.dirname, '../fixtures/images');
const HANDLE = 'work_abroad_test';

describe('scanning a watched public channel served from localhost', () => {
  let t: TestApp;
  let web: FixtureServer;
  let current: string;
  const page = (name: string) => fs.readFileSync(path.join(pages, name), 'utf8').replaceAll('https://cdn.example.test', web.baseUrl);

  beforeAll(async () => {
    web = await startFixtureServer({ '/file': { file: path.join(images, 'eng-flyer.png'), headers: { 'content-type': 'image/png' } } });
    current = page('page-current.html');
    web.route(`/s/${HANDLE}`, (req) => {
      const before = new URL(req.url!, web.baseUrl).searchParams.get('before');
      if (before === '200') return { body: page('page-older.html') };
      if (before === '150') return { body: page('page-first.html') };
      return { body: current };
    });
    const served = { 'album-1.jpg': 'eng-flyer.png', 'album-2.jpg': 'rus-flyer.png', 'album-video-thumb.jpg': 'eng-flyer.png', 'single.jpg': 'fas-flyer.png' };
    for (const [name, file] of Object.entries(served)) web.route(`/file/${name}`, { file: path.join(images, file), headers: { 'content-type': 'image/png' } });
    t = await startTestApp({
      workers: ['ingest', 'ocr', 'score', 'scan'],
      env: { TELEGRAM_WEB_BASE: web.baseUrl, SCAN_RATE_MS: '50', OCR_POOL_SIZE: '1', OCR_LANGS: 'eng+rus' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await web?.close();
  });

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${t.token}` } });
  const stored = async (externalId: string) => {
    const [row] = await t.deps.db.select().from(items).where(and(eq(items.channel, HANDLE), eq(items.externalId, externalId)));
    return row;
  };

  it('reads the newest page and follows older pages back, storing every post once, photos through OCR', async () => {
    const added = await api('POST', '/api/channels', { handle: `@${HANDLE}`, interval: 3600 });
    expect(added.statusCode).toBe(201);
    for (const id of ['201', '203', '206', '207', '208', '150', '151', '152', '2']) {
      await waitFor(`post ${id} scored`, async () => (await stored(id))?.status === 'scored', 60_000);
    }
    const album = await api('GET', `/api/items/${(await stored('203'))!.id}`);
    expect(album.json().ocr).toHaveLength(2); // both album photos, one item (the video thumbnail repeats the first's bytes)
    expect(album.json().scoredText).toMatch(/RUSSIA/i);
    expect(album.json().scoredText).toMatch(/России/);
    expect(album.json().ocr.every((o: { ocrStatus: string }) => o.ocrStatus === 'done')).toBe(true);
    const channel = await findChannel(t.deps.db, HANDLE);
    expect(channel).toMatchObject({ status: 'ok', cursor: 208 });
    const channelList = (await api('GET', '/api/channels')).json();
    expect(channelList.channels.map((c: { handle: string }) => c.handle)).toEqual([HANDLE]);
  });

  it('catches an edit and a deletion on a later scan without losing what was stored', async () => {
    current = page('page-current.html')
      .replace('<b>Contract jobs</b>', '<b>Contract jobs in Moscow for foreigners</b>')
      .replace(/<div class="tgme_widget_message_wrap js-widget_message_wrap"><div[^>]*data-post="work_abroad_test\/206">[\s\S]*?(?=<div class="tgme_widget_message_wrap)/, '');
    const before = web.requests.length;
    expect((await api('POST', `/api/channels/${HANDLE}/scan`)).statusCode).toBe(202);
    const edited = await waitFor('the edit to be scored', async () => {
      const row = await stored('201');
      return row?.text.includes('Moscow for foreigners') && row.status === 'scored' ? row : null;
    }, 30_000);
    expect(edited.editedAt).not.toBeNull();
    const deleted = await waitFor('206 to be marked deleted', async () => (await stored('206'))?.deletedAt ?? null);
    expect(deleted).toBeInstanceOf(Date);
    expect((await stored('206'))!.text).toBe(''); // kept, not removed
    // Caught up: the cursor was 208, so no older page was fetched this time.
    const fetched = web.requests.slice(before).filter((r) => r.url.startsWith(`/s/${HANDLE}`));
    expect(fetched.map((r) => r.url)).toEqual([`/s/${HANDLE}`]);
  });

  it('honours a 429 Retry-After and recovers from a 500, then scans', async () => {
    web.route('/s/patient_channel', [
      { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' },
      { status: 500, body: 'oops' },
      { body: page('page-first.html').replaceAll('work_abroad_test', 'patient_channel') },
    ]);
    const t0 = Date.now();
    await api('POST', '/api/channels', { handle: 'patient_channel' });
    await waitFor('patient_channel post 2', async () => {
      const [row] = await t.deps.db.select().from(items).where(and(eq(items.channel, 'patient_channel'), eq(items.externalId, '2')));
      return row;
    }, 40_000);
    const hits = web.requests.filter((r) => r.url.startsWith('/s/patient_channel'));
    expect(hits.length).toBe(3); // one scan: asked to wait, failed once, then read
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000); // waited as asked
  });

  it('says when a channel has no public preview, and refuses invite links', async () => {
    web.route('/s/hidden_channel', { status: 302, headers: { location: `${web.baseUrl}/hidden_channel` } });
    web.route('/hidden_channel', { file: path.join(pages, 'profile-no-preview.html') });
    await api('POST', '/api/channels', { handle: 'hidden_channel' });
    const row = await waitFor('the channel status', async () => {
      const c = await findChannel(t.deps.db, 'hidden_channel');
      return c?.status === 'no-preview' ? c : null;
    });
    expect(row.lastError).toBeTruthy();
    const invite = await api('POST', '/api/channels', { handle: 'https://t.me/+AbCdEfGhIjK' });
    expect(invite.statusCode).toBe(400);
    expect(invite.json().message).toMatch(/private/);
  });

  it('stores the post before a hostile part of a page and records what was not read', async () => {
    const post = (id: number, text: string) =>
      `<div class="tgme_widget_message" data-post="nested_channel/${id}"><div class="tgme_widget_message_text">${text}</div></div>`;
    web.route('/s/nested_channel', { body: `<section class="tgme_channel_history">${post(5, 'readable post')}${'<span>'.repeat(2_000)}${post(6, 'unreached')}</section>` });
    await api('POST', '/api/channels', { handle: 'nested_channel' });
    const row = await waitFor('the partial scan to be recorded', async () => {
      const c = await findChannel(t.deps.db, 'nested_channel');
      return c?.lastScannedAt ? c : null;
    });
    expect(row.status).toBe('ok');
    expect(row.lastError).toMatch(/^page partly read: tags nest deeper than 500 at character \d+/);
    const kept = await waitFor('post 5 stored', async () => {
      const [r] = await t.deps.db.select().from(items).where(and(eq(items.channel, 'nested_channel'), eq(items.externalId, '5')));
      return r;
    });
    expect(kept.text).toBe('readable post');
  });
});
