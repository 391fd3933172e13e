import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items, media } from '../../src/db/schema/index.ts';
import { itemIdFor } from '../../src/pipeline/identity.ts';
import { startBot, type RunningBot } from '../../src/telegram/bot.ts';
import { UpdateDedupe } from '../../src/telegram/bot-dedupe.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.ts';
import { drain, waitFor } from '../helpers/wait.ts';

// The bot against a local fake Bot API, with the real queues, workers (OCR included) and database.

const MODERATOR = 111_111;
const STRANGER = 999_999;
const SECRET = 'webhook-secret-0123456789';
const SCAM = 'Contract service in Russia for foreigners, $20,000 signing bonus. WhatsApp +374 55 123456';
const image = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/images', name));

let nextUpdateId = 1_000;
const channel = { id: -1001234567890, title: 'Work abroad', username: 'WorkAbroadJobs', type: 'channel' };
const channelPost = (message: Record<string, unknown>, kind = 'channel_post') => ({
  update_id: nextUpdateId++,
  [kind]: { sender_chat: channel, chat: channel, date: 1_760_000_000, ...message },
});
const privateMessage = (from: number, message: Record<string, unknown>) => ({
  update_id: nextUpdateId++,
  message: { message_id: nextUpdateId, from: { id: from, is_bot: false, first_name: 'M' }, chat: { id: from, type: 'private', first_name: 'M' }, date: 1_760_000_000, ...message },
});
const photo = (fileId: string) => [
  { file_id: `${fileId}-small`, file_unique_id: `${fileId}-s`, file_size: 1_000, width: 90, height: 60 },
  { file_id: fileId, file_unique_id: `${fileId}-l`, file_size: 60_000, width: 900, height: 600 },
];

describe('telegram bot', () => {
  let t: TestApp;
  let api: FakeBotApi;
  let bot: RunningBot;
  const logged: string[] = [];

  beforeAll(async () => {
    api = await startFakeBotApi();
    t = await startTestApp({
      workers: ['ingest', 'ocr', 'score'],
      env: {
        OCR_POOL_SIZE: '1',
        OCR_LANGS: 'eng+rus+fas',
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        TELEGRAM_MODERATORS: String(MODERATOR),
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: 'https://rw.example.org',
      },
      adjust: (deps) => {
        deps.log = pino({ level: 'debug' }, { write: (line: string) => void logged.push(line) });
      },
    });
    bot = await startBot(t.deps);
  });
  afterAll(async () => {
    await bot?.stop();
    await t?.close();
    await api?.close();
  });

  const itemRow = (id: string) => t.deps.db.select().from(items).where(eq(items.id, id)).then((r) => r[0]);
  const scored = (id: string, text?: string) =>
    waitFor(`item ${id} scored`, async () => {
      const row = await itemRow(id);
      return row?.status === 'scored' && (text === undefined || row.text === text) ? row : null;
    }, 30_000);
  const itemJson = async (id: string) => (await t.app.inject({ url: `/api/items/${id}`, headers: { authorization: `Bearer ${t.token}` } })).json();
  const settle = async () => {
    for (const q of [t.deps.queues.ingest, t.deps.queues.ocr, t.deps.queues.score]) await drain(q, 60_000);
  };
  const scoreJobs = async (id: string) => (await t.deps.queues.score.getJobs(['completed', 'active', 'waiting', 'waiting-children'])).filter((j) => j.data.itemId === id);
  const ingestJobs = async (id: string) => (await t.deps.queues.ingest.getJobs(['completed', 'active', 'waiting', 'delayed'])).filter((j) => j.data.itemId === id);
  // A new post without images is scored inside its ingest job; anything else by a score job.
  const scorings = async (id: string) => [...(await scoreJobs(id)), ...(await ingestJobs(id)).filter((j) => j.returnvalue?.scoredInline)];

  it('polls with a confirmed offset and ingests a channel post once, though it was delivered twice', async () => {
    expect(bot.mode).toBe('polling');
    const update = channelPost({ message_id: 10, text: SCAM });
    api.push(update);
    const id = itemIdFor('telegram', 'workabroadjobs', '10');
    const row = await scored(id);
    const polls = () => api.calls.filter((c) => c.method === 'getUpdates').length;
    const before = polls();
    api.redeliver(update);
    // The poll after the one that carried the re-delivery starts only once it was handled.
    await waitFor('the re-delivery handled', async () => polls() >= before + 2);
    expect(row).toMatchObject({ source: 'telegram', channel: 'workabroadjobs', externalId: '10', url: 'https://t.me/WorkAbroadJobs/10' });
    const [{ n }] = await t.deps.db.select({ n: count() }).from(items).where(eq(items.channel, 'workabroadjobs'));
    expect(n).toBe(1);
    expect(await ingestJobs(id)).toHaveLength(1);
    expect(await scorings(id)).toHaveLength(1);
  });

  it("stores the channel a channel's post was forwarded from (channel risk follows forwards)", async () => {
    const origin = { id: -1009876543210, title: 'Recruit A', username: 'Recruit_A', type: 'channel' };
    api.push(
      channelPost({ message_id: 12, text: SCAM, forward_origin: { type: 'channel', chat: origin, message_id: 5, date: 1_760_000_000 } }),
      channelPost({ message_id: 13, text: 'older client', forward_from_chat: origin, forward_from_message_id: 6 }),
      channelPost({ message_id: 14, text: 'from a person', forward_origin: { type: 'user', sender_user: { id: 5, is_bot: false, first_name: 'P' }, date: 1_760_000_000 } }),
    );
    const [modern, legacy, person] = await Promise.all(['12', '13', '14'].map((m) => scored(itemIdFor('telegram', 'workabroadjobs', m))));
    expect(modern).toMatchObject({ channel: 'workabroadjobs', externalId: '12', forwardedFrom: 'recruit_a' });
    expect(legacy.forwardedFrom).toBe('recruit_a');
    expect(person.forwardedFrom).toBeNull();
  });

  it('re-scores the same item when the channel post is edited', async () => {
    api.push(channelPost({ message_id: 11, text: 'Hello, subscribers' }));
    const id = itemIdFor('telegram', 'workabroadjobs', '11');
    await scored(id, 'Hello, subscribers');
    api.push(channelPost({ message_id: 11, text: SCAM, edit_date: 1_760_000_100 }, 'edited_channel_post'));
    const row = await scored(id, SCAM);
    expect(row.editedAt).not.toBeNull();
    expect(await scorings(id)).toHaveLength(2);
    const { score } = await itemJson(id);
    expect(score).toBeGreaterThanOrEqual(60);
  });

  it('makes one item of an album, named by its first message, with both photos read', async () => {
    api.addFile('album-eng', image('eng-flyer.png'));
    api.addFile('album-rus', image('rus-flyer.png'));
    const group = { media_group_id: '13579' };
    api.push(
      channelPost({ message_id: 20, ...group, photo: photo('album-eng'), caption: 'New vacancies' }),
      channelPost({ message_id: 21, ...group, photo: photo('album-rus') }),
    );
    const id = itemIdFor('telegram', 'workabroadjobs', '20');
    await waitFor('the album item', () => itemRow(id));
    await settle();
    const done = await itemJson(id);
    expect(done.status).toBe('scored');
    expect(done.ocr.map((o: { ocrStatus: string }) => o.ocrStatus)).toEqual(['done', 'done']);
    expect(done.scoredText).toMatch(/России/);
    expect(done.text).toBe('New vacancies');
    expect(done.scoredText).toMatch(/RUSSIA/i);
    expect(await itemRow(itemIdFor('telegram', 'workabroadjobs', '21'))).toBeUndefined();
    // Only the largest size was fetched.
    expect(api.calls.filter((c) => c.method === 'getFile').map((c) => c.body.file_id)).toEqual(['album-eng', 'album-rus']);
  });

  it('answers a moderator "received" at once, then the verdict naming the score', async () => {
    const update = privateMessage(MODERATOR, { text: SCAM });
    api.push(update);
    api.redeliver(update);
    const verdict = await api.waitForSent(MODERATOR, /Verdict/);
    const messageId = (update.message as { message_id: number }).message_id;
    const id = itemIdFor('telegram-bot', `chat:${MODERATOR}`, String(messageId));
    const stored = await itemJson(id);
    const mine = api.sent.filter((m) => Number(m.chat_id) === MODERATOR);
    expect(mine.map((m) => m.text.split(/[.:]/)[0])).toEqual(['Received', 'Verdict']); // once each, despite two deliveries
    expect(verdict.text).toContain(`score ${stored.score}/100`);
    expect(stored.flagged).toBe(true);
    expect(verdict.text).toMatch(/FLAGGED/);
    expect(verdict.text).toContain(stored.explanation);
    expect(stored.indicators.length).toBeGreaterThan(0);
    for (const i of stored.indicators) expect(verdict.text).toContain(`• ${i.type}: ${i.value}`);
    expect(verdict.text).toContain(`https://rw.example.org/api/items/${id}`);
    expect(verdict.reply_parameters?.message_id).toBe(messageId);
  });

  it("answers a moderator's album once, as one item", async () => {
    const before = api.sent.length;
    const group = { media_group_id: 'm-24680' };
    const first = privateMessage(MODERATOR, { ...group, photo: photo('album-eng'), caption: 'Seen on a wall in Tehran' });
    api.push(first, privateMessage(MODERATOR, { ...group, photo: photo('album-rus') }));
    const id = itemIdFor('telegram-bot', `chat:${MODERATOR}`, String((first.message as { message_id: number }).message_id));
    const verdict = await waitFor('the verdict', async () => api.sent.slice(before).find((m) => m.text.startsWith('Verdict')), 30_000);
    await settle();
    const said = api.sent.slice(before).map((m) => m.text.split(/[.:]/)[0]);
    expect(said).toEqual(['Received', 'Verdict']);
    expect(verdict.text).toContain(`/api/items/${id}`);
    expect((await itemJson(id)).ocr).toHaveLength(2);
  });

  it('answers a forward of a channel post already scored from the stored score, as the same item', async () => {
    const before = api.sent.length;
    const forward = privateMessage(MODERATOR, {
      text: SCAM,
      forward_origin: { type: 'channel', chat: channel, message_id: 10, date: 1_760_000_000 },
    });
    api.push(forward);
    const id = itemIdFor('telegram', 'workabroadjobs', '10');
    const verdict = await waitFor('the verdict', async () => api.sent.slice(before).find((m) => m.text.startsWith('Verdict')));
    expect(verdict.text).toContain(`/api/items/${id}`);
    expect(await scorings(id)).toHaveLength(1); // nothing new to score
    api.push(privateMessage(MODERATOR, { text: `/status ${id}` }));
    await waitFor('the status answer', async () => api.sent.slice(before).filter((m) => m.text.startsWith('Verdict')).length === 2);
  });

  it('still answers when the bot restarts between "received" and the score', async () => {
    // a text post is scored by its ingest job: hold that worker so the bot restarts before the score
    const scoreWorker = t.workers.find((w) => w.name === 'ingest')!;
    await scoreWorker.pause();
    const update = privateMessage(MODERATOR, { text: `${SCAM} Call now.` });
    api.push(update);
    const messageId = (update.message as { message_id: number }).message_id;
    const id = itemIdFor('telegram-bot', `chat:${MODERATOR}`, String(messageId));
    await waitFor('the ingest job waiting', async () => (await ingestJobs(id)).length === 1);
    await bot.stop();
    scoreWorker.resume();
    await scored(id);
    expect(api.sent.some((m) => m.reply_parameters?.message_id === messageId && m.text.startsWith('Verdict'))).toBe(false);
    bot = await startBot(t.deps);
    const verdict = await waitFor('the verdict after the restart', async () => api.sent.find((m) => m.reply_parameters?.message_id === messageId && m.text.startsWith('Verdict')));
    expect(verdict.text).toContain(id);
  });

  it('keeps to the 20 MB cap: an oversize photo is never fetched, and a channel post keeps its text', async () => {
    const huge = [{ file_id: 'huge-photo', file_unique_id: 'h', file_size: 25_000_000, width: 9000, height: 6000 }];
    api.push(privateMessage(MODERATOR, { photo: huge }));
    await api.waitForSent(MODERATOR, /could not take that image: .*over the limit of 20971520 bytes/);
    api.push(channelPost({ message_id: 40, photo: huge, caption: 'Drivers wanted, big salary' }));
    const row = await scored(itemIdFor('telegram', 'workabroadjobs', '40'));
    expect(row.text).toBe('Drivers wanted, big salary');
    expect(api.calls.some((c) => c.body.file_id === 'huge-photo')).toBe(false);
  });

  it('retries a failing download, then tells the moderator it was not queued', async () => {
    api.addFile('flaky', image('eng-flyer.png'), { downloadStatus: 502 });
    const before = api.downloads.length;
    api.push(privateMessage(MODERATOR, { photo: photo('flaky') }));
    await api.waitForSent(MODERATOR, /something went wrong on our side/);
    expect(api.downloads.length - before).toBe(3);
  });

  it('lets a restarted poller take over updates a dead process left pending, but never a handled one', async () => {
    const dedupe = (takeOverPending: boolean) => new UpdateDedupe(t.deps.redis, t.deps.config.QUEUE_PREFIX, 'b1', { takeOverPending });
    const crashed = dedupe(true);
    expect(await crashed.claim(7)).toBe(true);
    expect(await crashed.claim(7)).toBe(false); // the same update twice in one process
    expect(await dedupe(false).claim(7)).toBe(false); // a webhook process waits for the claim to expire
    const restarted = dedupe(true);
    expect(await restarted.claim(7)).toBe(true);
    await restarted.done(7);
    expect(await dedupe(true).claim(7)).toBe(false);
    await restarted.release(7);
    expect(await dedupe(false).claim(7)).toBe(true);
  });

  it('refuses a stranger politely and stores nothing of what they sent', async () => {
    const countOf = async () => ({
      items: (await t.deps.db.select({ n: count() }).from(items))[0].n,
      media: (await t.deps.db.select({ n: count() }).from(media))[0].n,
      ingest: (await t.deps.queues.ingest.getJobCountByTypes('completed', 'waiting', 'active', 'delayed', 'failed')),
    });
    const before = await countOf();
    api.addFile('stranger-photo', image('fas-flyer.png'));
    api.push(privateMessage(STRANGER, { text: SCAM }), privateMessage(STRANGER, { photo: photo('stranger-photo'), caption: 'check this' }));
    await waitFor('two refusals', async () => api.sent.filter((m) => Number(m.chat_id) === STRANGER).length === 2);
    const said = api.sent.filter((m) => Number(m.chat_id) === STRANGER).map((m) => m.text);
    expect(said.every((s) => /only takes submissions from recruitwatch moderators/.test(s) && s.includes(String(STRANGER)))).toBe(true);
    expect(await countOf()).toEqual(before);
    expect(api.calls.some((c) => c.body.file_id === 'stranger-photo')).toBe(false);
  });

  it('refuses a webhook call with a wrong secret, and takes updates with the right one in webhook mode', async () => {
    const update = channelPost({ message_id: 30, text: 'Webhook post: drivers wanted' });
    const post = (secret?: string) =>
      t.app.inject({ method: 'POST', url: '/telegram/webhook', payload: update, headers: secret ? { 'x-telegram-bot-api-secret-token': secret } : {} });
    expect((await post('wrong-secret-0123456789')).statusCode).toBe(401);
    expect((await post()).statusCode).toBe(401);
    expect((await post(SECRET)).statusCode).toBe(503); // this process's bot polls
    const id = itemIdFor('telegram', 'workabroadjobs', '30');
    expect(await itemRow(id)).toBeUndefined();

    const hooked = await startBot({ ...t.deps, config: { ...t.deps.config, TELEGRAM_WEBHOOK_URL: 'https://rw.example.org/telegram/webhook' } });
    try {
      expect(hooked.mode).toBe('webhook');
      const set = api.calls.find((c) => c.method === 'setWebhook');
      expect(set?.body).toMatchObject({ url: 'https://rw.example.org/telegram/webhook', secret_token: SECRET });
      expect((await post(SECRET)).statusCode).toBe(200);
      expect((await post('wrong-secret-0123456789')).statusCode).toBe(401);
      await scored(id);
    } finally {
      await hooked.stop();
    }
  });

  it('never logs the bot token, and names the Bot API without it when Telegram does not answer', async () => {
    api.push(privateMessage(MODERATOR, { photo: photo('no-such-file') })); // getFile fails
    await api.waitForSent(MODERATOR, /could not take that image/);
    const offline = { ...t.deps.config, TELEGRAM_API_ROOT: 'http://127.0.0.1:9' };
    const err = await startBot({ ...t.deps, config: offline }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('http://127.0.0.1:9');
    expect((err as Error).message).not.toContain(api.token.split(':')[1]);
    expect(logged.length).toBeGreaterThan(20);
    expect(logged.join('\n')).not.toContain(api.token.split(':')[1]);
  });
});
