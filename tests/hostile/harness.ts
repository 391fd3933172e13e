import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { count } from 'drizzle-orm';
import pino from 'pino';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { items, media } from '../../src/db/schema/index.ts';
import { addUser } from '../../src/auth/users.ts';
import { startBot, type RunningBot } from '../../src/telegram/bot.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/http-fixture-server.ts';
import { waitFor } from '../helpers/wait.ts';

// The hostile-input corpus runs every case against one real service in this process (API, the
// ingest/OCR/score/scan workers, the Telegram bot against a fake Bot API, channel pages from a local
// server) and holds each case to the same bar: a clear 4xx or a clean outcome, no 5xx, no event-loop
// stall over STALL_LIMIT_MS, /healthz answering, nothing half-stored.

export const STALL_LIMIT_MS = 200;
export const MODERATOR = 111_111;
export const STRANGER = 999_999;
export const WEBHOOK_SECRET = 'hostile-webhook-secret-0123';
export const MAX_TEXT_LENGTH = 100_000;
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

export type Entry = 'api' | 'upload' | 'cli' | 'bot' | 'channel';

/** What a case must come to. Every case is also held to the invariants in `Corpus.runCase`. */
export type Expect =
  /** a 4xx naming the problem; nothing stored, nothing queued */
  | { status: number; message?: RegExp }
  /** a 2xx for something that stores no item (a read, a note) */
  | { ok: number }
  /** accepted: every item it named reaches `scored` or `failed` (with a reason) */
  | { accepted: 'scored' | 'failed' | 'settled'; check?: (item: ItemJson) => void }
  /** the bot answered the sender so; nothing stored, nothing queued */
  | { reply: RegExp }
  /** handled without a word and without storing or queueing anything */
  | { ignored: true };

export interface ItemJson {
  id: string;
  status: string;
  error: string | null;
  text: string;
  channel: string;
  externalId: string;
  url: string | null;
  postedAt: string | null;
  flagged: boolean | null;
  ocr: Array<{ ocrStatus: string; ocrError: string | null }>;
}

export interface Outcome {
  status: number;
  body: unknown;
  itemIds?: string[];
  replies?: string[];
}

export interface HttpCase {
  name: string;
  entry: Exclude<Entry, 'cli'>;
  /** the issue 11 defect this case keeps fixed */
  defect?: number;
  run(c: Corpus): Promise<Outcome>;
  expect: Expect;
  /** a stall over STALL_LIMIT_MS this case is known to cause and that is not fixed yet: the bound it is held to, and why */
  knownStall?: { ms: number; why: string };
}

export interface Stats {
  stallMs: number;
  histogramMaxMs: number;
  healthFailures: string[];
  healthWorstMs: number;
}

/** Longest event-loop block: monitorEventLoopDelay, and a 5 ms ticker that also sees a block starting before its first sample. */
class LoopWatch {
  private histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout;
  private last = performance.now();
  private worst = 0;
  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.worst = Math.max(this.worst, now - this.last - 5);
      this.last = now;
    }, 5);
  }
  reset() {
    this.histogram.reset();
    this.worst = 0;
    this.last = performance.now();
  }
  read() {
    return { stallMs: this.worst, histogramMaxMs: this.histogram.max / 1e6 };
  }
  stop() {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}

/** Asks /healthz over real HTTP every 100 ms; a failure or a slow answer is recorded. */
class HealthProbe {
  failures: string[] = [];
  worstMs = 0;
  private stopped = false;
  private loop: Promise<void>;
  constructor(private url: string) {
    this.loop = this.run();
  }
  private async run() {
    while (!this.stopped) {
      const t0 = performance.now();
      try {
        const res = await fetch(this.url, { signal: AbortSignal.timeout(2_000) });
        if (res.status !== 200) this.failures.push(`/healthz answered ${res.status}`);
        await res.arrayBuffer();
      } catch (err) {
        this.failures.push(`/healthz: ${(err as Error).message}`);
      }
      this.worstMs = Math.max(this.worstMs, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  reset() {
    this.failures = [];
    this.worstMs = 0;
  }
  async stop() {
    this.stopped = true;
    await this.loop;
  }
}

export class Corpus {
  t!: TestApp;
  bot!: RunningBot;
  botApi!: FakeBotApi;
  web!: FixtureServer;
  viewerToken!: string;
  baseUrl!: string;
  /** a pending review case, for the notes and decisions cases */
  caseId!: string;
  logs: string[] = [];
  serverErrors: string[] = [];
  processErrors: string[] = [];
  private loop!: LoopWatch;
  private health!: HealthProbe;
  private onProcessError = (err: unknown) => this.processErrors.push(String((err as Error)?.stack ?? err));

  async start() {
    this.botApi = await startFakeBotApi();
    this.web = await startFixtureServer();
    this.t = await startTestApp({
      workers: ['ingest', 'ocr', 'score', 'scan'],
      env: {
        OCR_POOL_SIZE: '1',
        OCR_LANGS: 'eng',
        MAX_TEXT_LENGTH: String(MAX_TEXT_LENGTH),
        MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
        TELEGRAM_BOT_TOKEN: this.botApi.token,
        TELEGRAM_API_ROOT: this.botApi.apiRoot,
        TELEGRAM_MODERATORS: String(MODERATOR),
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        TELEGRAM_WEB_BASE: this.web.baseUrl,
        SCAN_RATE_MS: '20',
        SCAN_FIRST_PAGES: '1',
      },
      adjust: (deps) => {
        deps.log = pino({ level: 'warn' }, { write: (line: string) => void this.logs.push(line) });
      },
    });
    // Every 5xx the service answers, whatever route, fails the case it happened in.
    this.t.app.addHook('onResponse', async (req, reply) => {
      if (reply.statusCode >= 500) this.serverErrors.push(`${req.method} ${req.url.slice(0, 120)} -> ${reply.statusCode}`);
    });
    await this.t.app.listen({ port: 0, host: '127.0.0.1' });
    this.baseUrl = `http://127.0.0.1:${(this.t.app.server.address() as AddressInfo).port}`;
    this.bot = await startBot(this.t.deps);
    this.viewerToken = (await addUser(this.t.deps.db, { name: 'viewer', role: 'viewer' })).token;
    process.on('uncaughtException', this.onProcessError);
    process.on('unhandledRejection', this.onProcessError);
    this.loop = new LoopWatch();
    this.health = new HealthProbe(`${this.baseUrl}/healthz`);
    this.caseId = await this.makeCase();
  }

  async stop() {
    process.off('uncaughtException', this.onProcessError);
    process.off('unhandledRejection', this.onProcessError);
    this.loop?.stop();
    await this.health?.stop();
    await this.bot?.stop();
    await this.t?.close();
    await this.botApi?.close();
    await this.web?.close();
  }

  auth(token = this.t.token) {
    return { authorization: `Bearer ${token}` };
  }

  inject(opts: { method?: string; url: string; payload?: string | Buffer | object; headers?: Record<string, string>; token?: string | null }) {
    const headers = { ...(opts.token === null ? {} : this.auth(opts.token)), ...opts.headers };
    return this.t.app.inject({ method: (opts.method ?? 'GET') as 'GET', url: opts.url, payload: opts.payload as string, headers });
  }

  async item(id: string): Promise<ItemJson | null> {
    const res = await this.inject({ url: `/api/items/${id}` });
    return res.statusCode === 200 ? (res.json() as ItemJson) : null;
  }

  /** Waits until an item exists and is scored or failed; a lost or half-stored item times out here. */
  settled(id: string, timeoutMs = 60_000): Promise<ItemJson> {
    return waitFor(`item ${id} scored or failed`, async () => {
      const it = await this.item(id);
      return it && (it.status === 'scored' || it.status === 'failed') ? it : null;
    }, timeoutMs);
  }

  /** What storage holds: an refused case must leave all of it as it was. */
  async footprint() {
    const [{ n: itemRows }] = await this.t.deps.db.select({ n: count() }).from(items);
    const [{ n: mediaRows }] = await this.t.deps.db.select({ n: count() }).from(media);
    const jobs = await this.t.deps.queues.ingest.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
    return { itemRows, mediaRows, ingestJobs: Object.values(jobs).reduce((a, b) => a + b, 0) };
  }

  beginCase() {
    this.loop.reset();
    this.health.reset();
    this.serverErrors.length = 0;
  }

  endCase(): Stats {
    return { ...this.loop.read(), healthFailures: [...this.health.failures], healthWorstMs: this.health.worstMs };
  }

  /** The invariants every case is held to, whatever its entry point. */
  assertInvariants(name: string, stats: Stats, stallLimitMs = STALL_LIMIT_MS) {
    expect(this.serverErrors, `${name}: 5xx answers`).toEqual([]);
    expect(this.processErrors, `${name}: uncaught errors`).toEqual([]);
    expect(stats.stallMs, `${name}: event loop blocked ${stats.stallMs.toFixed(0)} ms`).toBeLessThan(stallLimitMs);
    expect(stats.histogramMaxMs, `${name}: monitorEventLoopDelay max ${stats.histogramMaxMs.toFixed(0)} ms`).toBeLessThan(stallLimitMs + 10);
    expect(stats.healthFailures, `${name}: /healthz`).toEqual([]);
  }

  /** Runs one HTTP-shaped case (API, upload, bot, channel) and checks its outcome and the invariants. */
  async runCase(c: HttpCase): Promise<string[]> {
    const before = await this.footprint();
    this.beginCase();
    const out = await c.run(this);
    const e = c.expect;
    if ('status' in e) {
      expect(out.status, `${c.name}: ${JSON.stringify(out.body).slice(0, 300)}`).toBe(e.status);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.status).toBeLessThan(500);
      if (e.message) expect((out.body as { message?: string })?.message, c.name).toMatch(e.message);
      expect(await this.footprint(), `${c.name}: stored or queued something`).toEqual(before);
    } else if ('reply' in e || 'ignored' in e) {
      if ('reply' in e) expect(out.replies?.join('\n'), c.name).toMatch(e.reply);
      else expect(out.replies ?? [], `${c.name}: said something`).toEqual([]);
      expect(await this.footprint(), `${c.name}: stored or queued something`).toEqual(before);
    } else if ('ok' in e) {
      expect(out.status, `${c.name}: ${JSON.stringify(out.body).slice(0, 300)}`).toBe(e.ok);
    } else {
      expect(out.status, `${c.name}: ${JSON.stringify(out.body).slice(0, 300)}`).toBeLessThan(300);
      expect(out.itemIds?.length, `${c.name}: names no item`).toBeGreaterThan(0);
      for (const id of out.itemIds!) {
        const it = await this.settled(id);
        if (e.accepted !== 'settled') expect(it.status, `${c.name}: ${it.error}`).toBe(e.accepted);
        if (it.status === 'failed') expect(it.error, `${c.name}: failed without a reason`).toBeTruthy();
        e.check?.(it);
      }
    }
    const stats = this.endCase();
    if (c.knownStall && stats.stallMs >= STALL_LIMIT_MS) console.warn(`known stall: ${c.name}: ${stats.stallMs.toFixed(0)} ms (${c.knownStall.why})`);
    this.assertInvariants(c.name, stats, c.knownStall?.ms);
    return out.itemIds ?? [];
  }

  private async makeCase(): Promise<string> {
    const res = await this.inject({
      method: 'POST',
      url: '/api/posts',
      payload: { channel: 'setup', externalId: 'flagged', text: 'Contract military service in Russia for foreigners. $20,000 signing bonus, drone operators wanted. WhatsApp +374 55 123456' },
    });
    const { itemId } = res.json() as { itemId: string };
    return waitFor('a review case', async () => (await this.item(itemId))?.status === 'scored' && (await this.inject({ url: `/api/items/${itemId}` })).json().review?.caseId, 30_000);
  }
}

/** An inject response as a case outcome; a 202 from /api/posts or /api/uploads names its items. */
export function outcome(res: LightMyRequestResponse): Outcome {
  let body: unknown = res.body;
  try {
    body = res.json();
  } catch {
    // not JSON: keep the text
  }
  const itemIds =
    res.statusCode === 202
      ? Array.isArray(body)
        ? (body as Array<{ itemId: string }>).map((b) => b.itemId)
        : (body as { itemId?: string })?.itemId
          ? [(body as { itemId: string }).itemId]
          : undefined
      : undefined;
  return { status: res.statusCode, body, itemIds };
}
