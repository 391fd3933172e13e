import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpStatusError,
  ResponseTooLargeError,
  USER_AGENT,
  backoffMs,
  channelPageUrl,
  downloadPhoto,
  fetchChannelPage,
  parseRetryAfter,
  type FetchOutcome,
} from '../../../src/telegram/web-client.ts';
import { startFixtureServer, type FixtureServer } from '../../helpers/http-fixture-server.ts';

const fixture = (name: string) =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/telegram', name);

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/s/work_abroad_test': { file: fixture('page-current.html') },
    '/s/work_abroad_test?before=200': { file: fixture('page-older.html') },
    '/s/work_abroad_test?before=150': { file: fixture('page-first.html') },
    '/s/busy_channel': { status: 429, headers: { 'retry-after': '7' }, body: 'Too Many Requests' },
    '/s/flaky_channel': [{ status: 500, body: 'oops' }, { file: fixture('page-current.html') }],
    '/s/closed_preview_test': { status: 302, headers: { location: '/closed_preview_test' } },
    '/closed_preview_test': { file: fixture('profile-no-preview.html') },
    '/s/no_such_channel_test': { status: 302, headers: { location: '/no_such_channel_test' } },
    '/no_such_channel_test': { file: fixture('profile-not-found.html') },
    '/s/closed_recruiters': { status: 302, headers: { location: '/closed_recruiters' } },
    '/closed_recruiters': { file: fixture('profile-private.html') },
    '/s/Mixed_Case_Test': { status: 301, headers: { location: '/s/work_abroad_test' } },
    '/s/elsewhere_test': { status: 302, headers: { location: 'https://telegram.org/' } },
    '/s/garbage_test': { file: fixture('garbage.html') },
    '/s/huge_test': { garbageBytes: 10 * 1024 * 1024 },
    '/s/huge_chunked_test': { garbageBytes: 10 * 1024 * 1024, chunked: true },
    '/s/slow_test': { delayMs: 2_000, body: 'late' },
    '/s/gone_test': { status: 404, body: 'Not found' },
    '/photo.jpg': { body: Buffer.alloc(2048, 7), headers: { 'content-type': 'image/jpeg' } },
    '/big.jpg': { garbageBytes: 300_000, chunked: true, headers: { 'content-type': 'image/jpeg' } },
    '/expired.jpg': { status: 403, body: 'expired' },
  });
});
afterAll(() => server.close());

const kindOf = (o: FetchOutcome) => o.kind;

describe('channelPageUrl', () => {
  it('joins base, handle and cursor, with or without a base path', () => {
    expect(channelPageUrl('https://t.me', 'work_abroad_test')).toBe('https://t.me/s/work_abroad_test');
    expect(channelPageUrl('https://t.me/', '@work_abroad_test', 200)).toBe('https://t.me/s/work_abroad_test?before=200');
    expect(channelPageUrl('http://127.0.0.1:8080/tme', 'https://t.me/s/work_abroad_test')).toBe('http://127.0.0.1:8080/tme/s/work_abroad_test');
  });
  it('refuses what is not a handle or a cursor', () => {
    expect(() => channelPageUrl('https://t.me', '../admin')).toThrow(/not a channel handle/);
    expect(() => channelPageUrl('https://t.me', 'work_abroad_test', -1)).toThrow(/bad before/);
  });
});

describe('fetchChannelPage', () => {
  it('walks back page by page through ?before= until the first post, naming itself', async () => {
    const ids: number[] = [];
    let before: number | undefined;
    for (let i = 0; i < 5; i++) {
      const out = await fetchChannelPage(server.baseUrl, 'work_abroad_test', { before });
      if (out.kind !== 'page') throw new Error(`unexpected ${out.kind}`);
      ids.push(...out.page.posts.map((p) => p.id));
      if (out.page.before === null) break;
      before = out.page.before;
    }
    expect(ids).toEqual([201, 203, 206, 207, 208, 150, 151, 152, 2]);
    const seen = server.requests.filter((r) => r.url.startsWith('/s/work_abroad_test'));
    expect(seen.map((r) => r.url)).toEqual(['/s/work_abroad_test', '/s/work_abroad_test?before=200', '/s/work_abroad_test?before=150']);
    expect(seen[0].headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/recruitwatch/);
  });

  it('resolves relative photo URLs against the server it fetched from', async () => {
    const out = await fetchChannelPage(server.baseUrl, 'work_abroad_test');
    expect(out.kind === 'page' && out.page.posts.find((p) => p.id === 203)?.photos[1]).toBe(`${server.baseUrl}/file/album-2.jpg`);
  });

  it('429 with Retry-After: retry, honouring the seconds', async () => {
    expect(await fetchChannelPage(server.baseUrl, 'busy_channel')).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
  });

  it('500 then success: retry first, the page on the next attempt', async () => {
    const first = await fetchChannelPage(server.baseUrl, 'flaky_channel');
    expect(first).toMatchObject({ kind: 'retry', retryAfterMs: 0, detail: 'HTTP 500' });
    const second = await fetchChannelPage(server.baseUrl, 'flaky_channel');
    expect(second.kind === 'page' && second.page.posts.length).toBe(5);
  });

  it('redirect from /s/<handle> to /<handle>: no preview, or not found when the profile page says so', async () => {
    const closed = await fetchChannelPage(server.baseUrl, 'closed_preview_test');
    expect(closed).toMatchObject({ kind: 'no-preview' });
    expect(closed.kind !== 'page' && 'detail' in closed && closed.detail).toMatch(/Closed Preview Test.*2 345 subscribers/);
    expect(kindOf(await fetchChannelPage(server.baseUrl, 'no_such_channel_test'))).toBe('not-found');
    expect(kindOf(await fetchChannelPage(server.baseUrl, 'closed_recruiters'))).toBe('private');
  });

  it('follows a redirect that stays on a preview page; a redirect elsewhere means not found', async () => {
    const out = await fetchChannelPage(server.baseUrl, 'Mixed_Case_Test');
    expect(out.kind === 'page' && out.page.channel).toBe('work_abroad_test');
    expect(await fetchChannelPage(server.baseUrl, 'elsewhere_test')).toMatchObject({ kind: 'not-found', detail: /telegram\.org/ });
  });

  it('garbage HTML is never an empty channel: retry with a reason', async () => {
    expect(await fetchChannelPage(server.baseUrl, 'garbage_test')).toMatchObject({ kind: 'retry', detail: /unrecognised page/ });
  });

  it.each(['huge_test', 'huge_chunked_test'])('a 10 MB body is refused clearly (%s)', async (handle) => {
    const out = await fetchChannelPage(server.baseUrl, handle);
    expect(out).toMatchObject({ kind: 'retry', detail: /refused: over the 5242880-byte limit/ });
  });

  it('timeouts and refused connections are retries', async () => {
    expect(await fetchChannelPage(server.baseUrl, 'slow_test', { timeoutMs: 200 })).toMatchObject({ kind: 'retry', detail: 'timeout after 200 ms' });
    expect(await fetchChannelPage('http://127.0.0.1:9', 'work_abroad_test')).toMatchObject({ kind: 'retry', detail: /network error/ });
  });

  it('404 is not found; invite links are private; nonsense handles are not fetched', async () => {
    const before = server.requests.length;
    expect(kindOf(await fetchChannelPage(server.baseUrl, 'gone_test'))).toBe('not-found');
    expect(kindOf(await fetchChannelPage(server.baseUrl, 'https://t.me/+AbCdEfGh123'))).toBe('private');
    expect(kindOf(await fetchChannelPage(server.baseUrl, 'no spaces allowed'))).toBe('not-found');
    expect(server.requests.length).toBe(before + 1);
  });

  it("a caller's abort is thrown, not reported as a retry", async () => {
    const controller = new AbortController();
    const pending = fetchChannelPage(server.baseUrl, 'slow_test', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
  });
});

describe('downloadPhoto', () => {
  it('returns the bytes', async () => {
    const buf = await downloadPhoto(`${server.baseUrl}/photo.jpg`, { maxBytes: 10_000 });
    expect(buf.length).toBe(2048);
    expect(buf[0]).toBe(7);
  });
  it('refuses an oversize streamed body and reports HTTP errors', async () => {
    await expect(downloadPhoto(`${server.baseUrl}/big.jpg`, { maxBytes: 100_000 })).rejects.toBeInstanceOf(ResponseTooLargeError);
    const err = await downloadPhoto(`${server.baseUrl}/expired.jpg`, { maxBytes: 100_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).retryable).toBe(false);
    await expect(downloadPhoto('file:///etc/passwd', { maxBytes: 10 })).rejects.toThrow(/not an http/);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter between half and all of the step, capped at 15 minutes', () => {
    expect(backoffMs(1, undefined, () => 0)).toBe(500);
    expect(backoffMs(1, undefined, () => 1)).toBe(1000);
    expect(backoffMs(4, undefined, () => 1)).toBe(8000);
    expect(backoffMs(4, undefined, () => 0)).toBe(4000);
    expect(backoffMs(60, undefined, () => 1)).toBe(15 * 60_000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffMs(5)));
    expect(spread.size).toBeGreaterThan(1);
  });
  it('never comes back before Retry-After', () => {
    expect(backoffMs(1, 30_000, () => 0)).toBe(30_000);
    expect(backoffMs(1, 30_000, () => 1)).toBe(33_000);
    expect(backoffMs(10, 1_000, () => 0)).toBe(256_000);
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-02-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Feb 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 01 Feb 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
