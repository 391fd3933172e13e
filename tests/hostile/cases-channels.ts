import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { items } from '../../src/db/schema/index.ts';
import { findChannel } from '../../src/repos/channels.repo.ts';
import type { Scripted } from '../helpers/http-fixture-server.ts';
import { PDF_BYTES, pngWithSize } from '../helpers/images.ts';
import { drain, waitFor } from '../helpers/wait.ts';
import type { Corpus, Expect, HttpCase } from './harness.ts';

// Public channel pages (t.me/s/<handle>) served from localhost: the channel is watched through the
// API, the scan worker reads the hostile page, and the case reads what was recorded and stored.

let serial = 0;
// Built once at load: building them inside a case would block this process's loop, not the service's.
const THREE_MB = 'Work abroad '.repeat(250_000);
const NINETEEN_MB = 'x'.repeat(19 * 1024 * 1024);
const msg = (handle: string, id: number | string, inner: string) =>
  `<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="${handle}/${id}">${inner}</div></div>`;
const page = (body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><main class="tgme_main"><section class="tgme_channel_history js-message_history">${body}</section></main></body></html>`;
const text = (t: string) => `<div class="tgme_widget_message_text">${t}</div>`;
const date = (d: string) => `<a class="tgme_widget_message_date" href="#"><time datetime="${d}">x</time></a>`;
const photo = (url: string) => `<a class="tgme_widget_message_photo_wrap" style="background-image:url('${url}')"></a>`;

type Scan = { status?: string; error?: RegExp; retry?: RegExp };
type Served = (handle: string, base: string) => Scripted & { routes?: Record<string, Scripted> };

/** Watches a fresh handle whose page is `serve`, waits for the scan's outcome, checks it, and stops watching. */
const scan = (serve: Served, want: Scan) => async (c: Corpus) => {
  const handle = `hostile${++serial}x`;
  const { routes = {}, ...scripted } = serve(handle, c.web.baseUrl);
  for (const [path, r] of Object.entries(routes)) c.web.route(path, r);
  c.web.route(`/s/${handle}`, scripted);
  const added = await c.inject({ method: 'POST', url: '/api/channels', payload: { handle } });
  expect(added.statusCode).toBe(201);
  const seen = await waitFor(`the scan of ${handle}`, async () => {
    const row = await findChannel(c.t.deps.db, handle);
    if (row?.lastScannedAt) return { row, retry: null };
    const jobs = await c.t.deps.queues.scan.getJobs(['delayed', 'failed', 'waiting', 'active']);
    const failed = jobs.find((j) => j?.data?.handle === handle && j.failedReason);
    return failed ? { row, retry: failed.failedReason } : null;
  }, 30_000);
  await drain(c.t.deps.queues.ingest, 30_000);
  if (want.retry) expect(seen.retry, handle).toMatch(want.retry);
  else expect(seen.retry, handle).toBeNull();
  if (want.status) expect(seen.row?.status).toBe(want.status);
  if (want.error) expect(seen.row?.lastError).toMatch(want.error);
  const stored = await c.t.deps.db.select({ id: items.id }).from(items).where(eq(items.channel, handle));
  expect((await c.inject({ method: 'DELETE', url: `/api/channels/${handle}` })).statusCode).toBe(204);
  return { status: 200, body: seen, itemIds: stored.map((s) => s.id) };
};

const row = (name: string, run: HttpCase['run'], expect: Expect, defect?: number): HttpCase => ({ name, entry: 'channel', run, expect, defect });
const posts = (n: number, check?: (it: { text: string; postedAt: string | null }) => void): Expect => ({
  accepted: 'scored',
  check: (it) => {
    check?.(it);
    expect(n).toBeGreaterThan(0);
  },
});
// The page is parsed (cheerio, up to MAX_PAGE_CHARS) synchronously in the scan worker, which `serve` runs in the
// API process: big pages block its loop for 0.2-2 s here. Not fixed yet (a parser thread, as for BMP, would).
// Pages are parsed in a thread (telegram/page-parser.ts); what is left is this test's own server, in this process.
const SERVING_STALL = { ms: 1_000, why: 'the local page server in this test process builds and sends 19 MB' };
const none: Expect = { ignored: true };
/** The page as bytes, with `marker` replaced by raw bytes (to put what is not UTF-8 in it). */
const withBytes = (html: string, marker: string, bytes: number[]) => {
  const b = Buffer.from(html);
  const at = b.indexOf(marker);
  return Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at + marker.length)]);
};
const one = (inner: string) => (h: string) => ({ body: page(msg(h, 1, inner)) });

export const channelCases: HttpCase[] = [
  row('a page nested deeper than the cap keeps the post before it', scan((h) => ({ body: page(`${msg(h, 5, text('readable'))}${'<span>'.repeat(2_000)}${msg(h, 6, text('unreached'))}`) }), { status: 'ok', error: /nest deeper than 500/ }), posts(1), 9),
  row('a 2 MB page of 10,000 posts is cut and capped', scan((h) => ({ body: page(Array.from({ length: 10_000 }, (_, i) => msg(h, i + 1, text(`p${i}`))).join('')) }), { status: 'ok', error: /page partly read/ }), posts(200), 9),
  row('a 3 MB single post is cut', scan((h) => ({ body: page(msg(h, 1, text(THREE_MB))) }), { status: 'ok', error: /partly read/ }), posts(1, (it) => expect(it.text.length).toBeLessThanOrEqual(40_000)), 9),
  { ...row('a 19 MB single post is refused unread', scan((h) => ({ body: page(msg(h, 1, text(NINETEEN_MB))) }), { retry: /over the 5242880-byte limit/ }), none, 9), knownStall: SERVING_STALL },
  row('a post of 100,000 characters is cut at 40,000', scan(one(text('Jobs '.repeat(20_000))), { status: 'ok', error: /40000|40,000|cut/ }), posts(1, (it) => expect(it.text.length).toBeLessThanOrEqual(40_000)), 9),
  row('raw NUL and control bytes in a post', scan(one(text('Drivers\u0000 wanted\u0007\u001b[31m now')), { status: 'ok' }), posts(1, (it) => expect(it.text).not.toMatch(/[\u0000\u0007\u001b]/)), 1),
  row('&#0; and lone-surrogate character references', scan(one(text('a&#0;b &#xD800; c &#x1b;[2J')), { status: 'ok' }), posts(1, (it) => expect(it.text).not.toMatch(/\u0000|[\ud800-\udfff]/)), 4),
  row('bytes that are not UTF-8', scan((h) => ({ body: withBytes(page(msg(h, 1, text('cafXX au lait'))), 'XX', [0xff, 0xc0, 0xed, 0xa0, 0x80]) }), { status: 'ok' }), posts(1)),
  row('scripts, iframes and javascript: links in a post', scan(one(text('<script>alert(1)</script><iframe src="javascript:alert(2)"></iframe><a href="javascript:alert(3)">Apply</a> today')), { status: 'ok' }), posts(1, (it) => expect(it.text).not.toContain('alert(1)'))),
  row('RTL override and zero-width characters in a post', scan(one(text('Con\u200Btract \u202Emoc.bojhsif\u202C')), { status: 'ok' }), posts(1)),
  row('a post id of 13 digits is skipped and said', scan((h) => ({ body: page(msg(h, '1234567890123', text('too big'))) }), { status: 'ok', error: /id/ }), none),
  row('a post id of 12 digits is stored', scan((h) => ({ body: page(msg(h, 999_999_999_999, text('big id'))) }), { status: 'ok' }), posts(1)),
  row('a post dated in year 0000', scan(one(`${text('old post')}${date('0000-01-01T00:00:00Z')}`), { status: 'ok' }), posts(1)),
  row('a post dated in year 275760', scan(one(`${text('future post')}${date('+275760-09-13T00:00:00Z')}`), { status: 'ok' }), posts(1)),
  row('a post dated "tomorrow"', scan(one(`${text('when?')}${date('tomorrow')}`), { status: 'ok' }), posts(1, (it) => expect(it.postedAt).toBeNull())),
  row('a photo that is a PDF', scan((h, base) => ({ body: page(msg(h, 1, `${photo(`${base}/img/${h}.jpg`)}${text('pdf photo')}`)), routes: { [`/img/${h}.jpg`]: { body: PDF_BYTES, headers: { 'content-type': 'image/jpeg' } } } }), { status: 'ok' }), posts(1)),
  row('a photo that is a PNG bomb', scan((h, base) => ({ body: page(msg(h, 1, `${photo(`${base}/img/${h}.png`)}${text('bomb photo')}`)), routes: { [`/img/${h}.png`]: { body: pngWithSize(20_000, 20_000), headers: { 'content-type': 'image/png' } } } }), { status: 'ok' }), posts(1)),
  row('a photo that answers 404', scan((h, base) => ({ body: page(msg(h, 1, `${photo(`${base}/img/missing-${h}.png`)}${text('gone photo')}`)) }), { status: 'ok' }), posts(1)),
  row('a javascript: photo url', scan(one(`${photo('javascript:alert(1)')}${text('js photo')}`), { status: 'ok' }), posts(1)),
  row('a file: photo url', scan(one(`${photo('file:///etc/passwd')}${text('file photo')}`), { status: 'ok' }), posts(1)),
  row('binary garbage answered 200', scan(() => ({ body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) & 0xff)) }), { retry: /unrecognised page/ }), none),
  row('an empty 200', scan(() => ({ body: '' }), { retry: /unrecognised page/ }), none),
  row('a 404', scan(() => ({ status: 404, body: 'no' }), { status: 'not-found' }), none),
  row('6 MB of chunked garbage', scan(() => ({ garbageBytes: 6 * 1024 * 1024, chunked: true }), { retry: /over the 5242880-byte limit/ }), none),
  row('a redirect loop', scan((h, base) => ({ status: 302, headers: { location: `${base}/s/${h}` } }), { retry: /redirects/ }), none),
  row('a redirect to another site', scan(() => ({ status: 302, headers: { location: 'https://evil.example/s/x' } }), { status: 'not-found' }), none),
  row('a page of another channel\'s posts', scan(() => ({ body: page(msg('someone_else', 5, text('not ours'))) }), { status: 'ok' }), posts(1)),
  row('an attribute of 500 KB and 5,000 attributes', scan((h) => ({ body: page(msg(h, 1, `<div title="${'a'.repeat(500_000)}" ${Array.from({ length: 5000 }, (_, i) => `d${i}="1"`).join(' ')}></div>${text('attrs')}`)) }), { status: 'ok' }), posts(1)),
  row('a comment that never closes', scan((h) => ({ body: `${page(msg(h, 1, text('before')))}<!-- ${'x'.repeat(100_000)}` }), { status: 'ok' }), posts(1)),
];
