import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../src/auth/users.ts';
import { items, users } from '../../../src/db/schema/index.ts';
import { itemIdFor } from '../../../src/pipeline/identity.ts';
import { startBot, type RunningBot } from '../../../src/telegram/bot.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { startFakeBotApi, type FakeBotApi } from '../../helpers/fake-bot-api.ts';
import { sharedDir } from '../../helpers/shared.ts';
import { waitFor } from '../../helpers/wait.ts';

// Real Bot API shapes from ../shared (2017 updates without file_unique_id or forward_origin, and
// 2024-2025 channel posts, edits, forwards and photo sizes) replayed through the fake Bot API.
type Json = Record<string, any>; // fixtures are read loosely, as the bot reads updates
const fixture = (dir: string, name: string): Json => JSON.parse(fs.readFileSync(sharedDir('fixtures', 'telegram', 'bot-api-json', dir, name), 'utf8'));
const oi = (name: string) => fixture('openintegrations', name);
const old = (name: string) => fixture('illemius-telegram_types', name);
const flyer = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/images/eng-flyer.png'));

const OI_SENDER = 6129457865; // the `from` of the recorded private messages (upstream's own test bot)
const OI_CHAT = 461699897;
const OLD_USER = 12345678;

describe('real Bot API updates through the bot', () => {
  let t: TestApp;
  let api: FakeBotApi;
  let bot: RunningBot;
  let nextUpdateId = 500_000_000;
  /** The same message with a fresh update id: the fixtures reuse 123456789, which dedupe would drop. */
  const update = (kind: string, message: Json) => ({ update_id: nextUpdateId++, [kind]: message });
  const saidTo = (chat: number) => api.sent.filter((m) => Number(m.chat_id) === chat).map((m) => m.text);

  beforeAll(async () => {
    api = await startFakeBotApi();
    t = await startTestApp({
      workers: ['ingest', 'ocr', 'score'],
      env: { OCR_POOL_SIZE: '1', OCR_LANGS: 'eng', TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, TELEGRAM_MODERATORS: String(OI_SENDER) },
    });
    bot = await startBot(t.deps);
  });
  afterAll(async () => {
    await bot?.stop();
    await t?.close();
    await api?.close();
  });

  const scoredItem = (id: string, text: string) =>
    waitFor(`item ${id} scored with "${text}"`, async () => {
      const [row] = await t.deps.db.select().from(items).where(eq(items.id, id));
      return row?.status === 'scored' && row.text === text ? row : null;
    }, 60_000);

  it('reads a real getUpdates batch: a pinned-message service post and forum-group messages store nothing', async () => {
    const batch = oi('getUpdates_channel_post_pinned_and_forum.json').result as Json[];
    expect(batch).toHaveLength(11);
    api.push(...batch);
    const last = batch.at(-1)!.update_id as number;
    await waitFor('the batch confirmed', async () => api.confirmedOffset() > last);
    const [{ n }] = await t.deps.db.select({ n: count() }).from(items);
    expect(n).toBe(0);
    expect(api.sent).toHaveLength(0);
  });

  it('ingests an edited channel post and a moderator forward of it as one item', async () => {
    const edited = oi('editMessageText_in_channel_result.json').result;
    api.push(update('edited_channel_post', edited));
    const id = itemIdFor('telegram', 'testsichee', '21435');
    const row = await scoredItem(id, 'Новый текст сообщения');
    expect(row.url).toBe('https://t.me/testsichee/21435');

    const forward = oi('forwardMessage_from_channel_result.json').result;
    expect(forward.from.id).toBe(OI_SENDER);
    api.push(update('message', forward));
    await scoredItem(id, 'Полужирный текст');
    const verdict = await api.waitForSent(OI_CHAT, /^Verdict/);
    expect(verdict.text).toContain(`/api/items/${id}`);
    expect(saidTo(OI_CHAT)[0]).toMatch(/^Received/);
  });

  it('fetches the largest of five real photo sizes and scores what OCR reads', async () => {
    const message = oi('sendPhoto_result_photo_sizes.json').result;
    const largest = message.photo.at(-1).file_id as string;
    api.addFile(largest, flyer);
    const before = saidTo(OI_CHAT).length;
    api.push(update('message', message));
    const id = itemIdFor('telegram-bot', `chat:${OI_CHAT}`, String(message.message_id));
    await waitFor('the photo verdict', async () => saidTo(OI_CHAT).slice(before).find((s) => s.startsWith('Verdict') && s.includes(id)), 60_000);
    expect(api.calls.filter((c) => c.method === 'getFile').map((c) => c.body.file_id)).toEqual([largest]);
    const res = (await t.app.inject({ url: `/api/items/${id}`, headers: { authorization: `Bearer ${t.token}` } })).json();
    expect(res.text).toBe('Строковое значение');
    expect(res.scoredText).toMatch(/RUSSIA/i);
  });

  it('refuses 2017-shaped messages from a stranger without fetching anything, then takes them once the user is linked', async () => {
    const names = ['message.json', 'message_with_photo.json', 'message_with_document.json', 'message_with_sticker.json', 'message_with_voice.json'];
    for (const name of names) api.push(update('message', old(name).message));
    await waitFor('five refusals', async () => saidTo(OLD_USER).length === 5);
    expect(saidTo(OLD_USER).every((s) => s.includes('only takes submissions from recruitwatch moderators'))).toBe(true);
    const getFiles = () => api.calls.filter((c) => c.method === 'getFile').length;
    const fetchedBefore = getFiles();

    const { user } = await addUser(t.deps.db, { name: 'old-shapes', role: 'moderator' });
    await t.deps.db.update(users).set({ telegramUserId: String(OLD_USER) }).where(eq(users.id, user.id));
    api.addFile(old('message_with_photo.json').message.photo.at(-1).file_id, flyer);
    let messageId = 70_000; // fresh ids: these files all reuse message id 12345
    const replies: Record<string, RegExp[]> = {
      'message_with_document.json': [/could not take that image: a application\/vnd\.openxmlformats.* file is not an image/],
      'message_with_sticker.json': [/only check text, photos/],
      'message_with_location.json': [/only check text, photos/],
      'message_with_photo.json': [/^Received/, /^Verdict/],
      'forwarded_message.json': [/^Received/, /^Verdict/],
    };
    for (const [name, expected] of Object.entries(replies)) {
      const before = saidTo(OLD_USER).length;
      api.push(update('message', { ...old(name).message, message_id: messageId++ }));
      await waitFor(`${expected.length} replies to ${name}`, async () => saidTo(OLD_USER).length - before === expected.length, 60_000);
      saidTo(OLD_USER).slice(before).forEach((said, i) => expect(said).toMatch(expected[i]));
    }
    expect(getFiles() - fetchedBefore).toBe(1); // the photo only; the document was refused from its declared type
    api.push(update('edited_message', old('edited_message.json').edited_message));
    const offset = api.confirmedOffset();
    await waitFor('the edit confirmed', async () => api.confirmedOffset() > offset);
    expect(saidTo(OLD_USER).at(-1)).toMatch(/^Verdict/); // an edit in a private chat is not a submission
  });
});
