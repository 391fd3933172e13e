import * as cheerio from 'cheerio';
import { MAX_PAGE_CHARS, tooDeeplyNested, type ChannelPage } from './channel-page.ts';
import { parseChannelPageOffThread } from './page-parser.ts';
import { isInviteLink, normaliseHandle } from './handle.ts';

// Polite reader of public channel previews (t.me/s/<handle>). It never retries by itself: it says
// what happened, and the scanner (a BullMQ job with a rate limiter) decides when to come back.

export type FetchOutcome =
  | { kind: 'page'; page: ChannelPage; status: number }
  | { kind: 'no-preview' | 'not-found' | 'private'; detail: string }
  /** retryAfterMs: the server's Retry-After, 0 when it gave none; pass it to backoffMs. */
  | { kind: 'retry'; retryAfterMs: number; detail: string };

export const USER_AGENT = 'recruitwatch/0.1 (trust-and-safety monitor of public Telegram channel previews)';
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_REDIRECTS = 3;
const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 15 * 60_000;
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;
// English labels ("Please open Telegram…", "edited") are what the parser recognises.
const PAGE_HEADERS = { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml', 'accept-language': 'en-US,en;q=0.8' };

export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number, readonly seen: number) {
    super(`response body refused: over the ${limit}-byte limit (${seen} bytes${seen > limit ? '' : ' so far'})`);
  }
}

export class HttpStatusError extends Error {
  constructor(readonly status: number, url: string) {
    super(`HTTP ${status} from ${new URL(url).host}`);
  }
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

export function channelPageUrl(base: string, handle: string, before?: number): string {
  const name = normaliseHandle(handle);
  if (!name) throw new Error(`not a channel handle: ${JSON.stringify(handle)}`);
  if (before !== undefined && !(Number.isSafeInteger(before) && before > 0)) throw new Error(`bad before: ${before}`);
  const url = new URL(`s/${name}`, base.endsWith('/') ? base : `${base}/`);
  if (before !== undefined) url.searchParams.set('before', String(before));
  return url.href;
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}

/** Exponential (1 s, 2 s, 4 s … 15 min) with equal jitter; never sooner than the server's Retry-After. */
export function backoffMs(attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt) || 1);
  const exp = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(n - 1, 30));
  const jittered = exp / 2 + (random() * exp) / 2;
  const floor = Math.max(0, retryAfterMs ?? 0);
  // A little spread above Retry-After keeps many channels from returning in the same second.
  const honoured = floor > 0 ? floor + random() * Math.min(5_000, floor * 0.1) : 0;
  return Math.round(Math.max(jittered, honoured));
}

/** Reads a body up to maxBytes and refuses (cancelling the stream) anything larger. */
export async function readBodyCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes, declared);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes, total);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** What a t.me/<handle> page (no preview) says about the handle; null when it is not such a page. */
export function classifyProfilePage(html: string): Exclude<FetchOutcome, { kind: 'page' | 'retry' }> | null {
  if (html.length > MAX_PAGE_CHARS || tooDeeplyNested(html)) return null; // not a real profile page
  const $ = cheerio.load(html);
  const card = $('.tgme_page').first();
  if (!card.length) return null;
  const title = card.find('.tgme_page_title').text().replace(/\s+/g, ' ').trim();
  const extra = card.find('.tgme_page_extra').text().replace(/\s+/g, ' ').trim();
  // Telegram's own wording only: a channel may well call itself "private" in its description.
  const chrome = card.clone();
  chrome.find('.tgme_page_title, .tgme_page_description, .tgme_page_extra').remove();
  if (/\bprivate\b/i.test(chrome.text())) return { kind: 'private', detail: `private channel${title ? ` "${title}"` : ''}` };
  if (!title) return { kind: 'not-found', detail: 'no such channel (Telegram shows a bare contact page)' };
  if (/subscriber|member|online/i.test(extra)) {
    return { kind: 'no-preview', detail: `"${title}" (${extra}) has no public web preview` };
  }
  return { kind: 'not-found', detail: `"${title}" is not a public channel (a user or bot account?)` };
}

async function outcomeOfResponse(res: Response, url: string): Promise<FetchOutcome> {
  if (res.status === 200) {
    const html = (await readBodyCapped(res, MAX_PAGE_BYTES)).toString('utf8');
    const page = await parseChannelPageOffThread(html, { baseUrl: url }); // seconds of CPU for a hostile page: off the event loop
    if (page.hasPreview) return { kind: 'page', page, status: res.status };
    // Never hand an unrecognised page to the scanner as "empty": it would look like deleted posts.
    return classifyProfilePage(html) ?? { kind: 'retry', retryAfterMs: 0, detail: 'unrecognised page: no channel history or profile in it' };
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 404 || res.status === 410) return { kind: 'not-found', detail: `HTTP ${res.status}` };
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after')) ?? 0;
  return { kind: 'retry', retryAfterMs, detail: `HTTP ${res.status}${retryAfterMs ? `, Retry-After ${retryAfterMs} ms` : ''}` };
}

type Hop = { follow: string } | { outcome: FetchOutcome };

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

async function followRedirect(res: Response, url: string, base: string, name: string, signal: AbortSignal): Promise<Hop> {
  await res.body?.cancel().catch(() => undefined);
  const location = res.headers.get('location');
  const target = location ? new URL(location, url) : null;
  const root = new URL(base.endsWith('/') ? base : `${base}/`);
  const sameSite = target !== null && target.host === root.host && target.pathname.startsWith(root.pathname);
  const rest = sameSite ? safeDecode(target.pathname.slice(root.pathname.length)) : null;
  if (rest !== null && /^s\/[^/]+\/?$/i.test(rest)) return { follow: target!.href };
  if (rest === null || rest.replace(/\/$/, '').toLowerCase() !== name.toLowerCase()) {
    return { outcome: { kind: 'not-found', detail: `redirected to ${location ?? '(no location)'}` } };
  }
  // /s/<handle> -> /<handle>: no public preview, or no such channel; the profile page tells which.
  const fallback: FetchOutcome = { kind: 'no-preview', detail: `${new URL(url).pathname} redirects to ${target!.pathname}: no public web preview` };
  try {
    const profile = await fetch(target!, { redirect: 'manual', signal, headers: PAGE_HEADERS });
    if (profile.status !== 200) {
      await profile.body?.cancel().catch(() => undefined);
      return { outcome: fallback };
    }
    const seen = classifyProfilePage((await readBodyCapped(profile, MAX_PAGE_BYTES)).toString('utf8'));
    return { outcome: seen ?? fallback };
  } catch (err) {
    if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) throw err;
    return { outcome: fallback };
  }
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof ResponseTooLargeError) return err.message;
  if (err instanceof Error && err.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  return `network error: ${cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))}`;
}

export async function fetchChannelPage(
  base: string,
  handle: string,
  opts: { before?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<FetchOutcome> {
  if (isInviteLink(handle)) return { kind: 'private', detail: 'an invite link: private channels have no public preview' };
  const name = normaliseHandle(handle);
  if (!name) return { kind: 'not-found', detail: `not a channel handle: ${JSON.stringify(handle)}` };
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let url = channelPageUrl(base, name, opts.before);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await fetch(url, { redirect: 'manual', signal, headers: PAGE_HEADERS });
      if (res.status < 300 || res.status >= 400 || res.status === 304) return await outcomeOfResponse(res, url);
      const next = await followRedirect(res, url, base, name, signal);
      if ('outcome' in next) return next.outcome;
      url = next.follow;
    }
    return { kind: 'retry', retryAfterMs: 0, detail: `more than ${MAX_REDIRECTS} redirects` };
  } catch (err) {
    if (opts.signal?.aborted) throw err; // the caller cancelled: not ours to classify
    return { kind: 'retry', retryAfterMs: 0, detail: describeFailure(err, timeoutMs) };
  }
}

/** Downloads a photo at once (CDN URLs expire), refusing bodies over maxBytes while streaming. */
export async function downloadPhoto(url: string, opts: { maxBytes: number; timeoutMs?: number }): Promise<Buffer> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error(`not an http(s) URL: ${target.protocol}`);
  const res = await fetch(target, {
    headers: { 'user-agent': USER_AGENT, accept: 'image/*' },
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new HttpStatusError(res.status, url);
  }
  return readBodyCapped(res, opts.maxBytes);
}
