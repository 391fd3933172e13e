import { expect } from 'vitest';
import { itemIdFor } from '../../src/pipeline/identity.ts';
import { PDF_BYTES, HTML_BYTES, pngWithSize, bmpRle8 } from '../helpers/images.ts';
import { waitFor } from '../helpers/wait.ts';
import { breakPngCrc, plainImage } from './fixtures.ts';
import { MODERATOR, STRANGER, type Corpus, type Expect, type HttpCase } from './harness.ts';

// Telegram bot updates through the fake Bot API: channel posts (the bot is an administrator there)
// and moderators' private messages. Each update is pushed, then the case waits until the bot asked
// for the next batch, i.e. it handled this one.

type Json = Record<string, unknown>;
let nextUpdateId = 50_000;
let nextMessageId = 7_000;
const CHANNEL = { id: -1009876543210, title: 'Hostile jobs', username: 'HostileJobs', type: 'channel' };

const channelPost = (message: Json, chat: Json = CHANNEL) => ({
  update_id: nextUpdateId++,
  channel_post: { message_id: nextMessageId++, sender_chat: chat, chat, date: 1_760_000_000, ...message },
});
const dm = (from: number, message: Json) => ({
  update_id: nextUpdateId++,
  message: { message_id: nextMessageId++, from: { id: from, is_bot: false, first_name: 'M' }, chat: { id: from, type: 'private', first_name: 'M' }, date: 1_760_000_000, ...message },
});
const photo = (fileId: string) => [
  { file_id: `${fileId}-s`, file_unique_id: `${fileId}-s`, file_size: 100, width: 90, height: 60 },
  { file_id: fileId, file_unique_id: `${fileId}-l`, file_size: 6_000, width: 900, height: 600 },
];

const BIG_CAPTION = 'Work abroad. '.repeat(80_000);

type BotRun = { update: Json; files?: Record<string, Buffer | (() => Promise<Buffer>)>; item?: (u: Json) => string };

/** Pushes the update, waits until the bot has handled it, and reports what it said and stored. */
const deliver = (build: () => BotRun) => async (c: Corpus) => {
  const { update, files = {}, item } = build();
  for (const [id, bytes] of Object.entries(files)) c.botApi.addFile(id, typeof bytes === 'function' ? await bytes() : bytes);
  const before = c.botApi.sent.length;
  c.botApi.push(update);
  const id = update.update_id as number;
  await waitFor(`update ${id} handled`, async () => c.botApi.confirmedOffset() > id, 30_000);
  const replies = c.botApi.sent.slice(before).map((m) => m.text);
  return { status: 200, body: { replies }, replies, itemIds: item ? [item(update)] : undefined };
};

const channelItem = (handle = 'hostilejobs') => (u: Json) => itemIdFor('telegram', handle, String((u.channel_post as Json).message_id));
const moderatorItem = (u: Json) => itemIdFor('telegram-bot', `chat:${MODERATOR}`, String((u.message as Json).message_id));

const row = (name: string, run: HttpCase['run'], expect: Expect, defect?: number): HttpCase => ({ name, entry: 'bot', run, expect, defect });
const stored = (check?: (it: { text: string; channel: string; url: string | null }) => void): Expect => ({ accepted: 'scored', check });
const said = (reply: RegExp): Expect => ({ reply });
const nothing: Expect = { ignored: true };

export const botCases: HttpCase[] = [
  // Channel posts: evidence is kept, what PostgreSQL or the reviewer page cannot take is not.
  row('channel post with a NUL in its text', deliver(() => ({ update: channelPost({ text: 'Drivers\u0000 wanted in Russia' }), item: channelItem() })), stored((it) => expect(it.text).not.toContain('\u0000')), 1),
  row('channel post with a lone surrogate', deliver(() => ({ update: channelPost({ text: 'Bonus \ud83d paid' }), item: channelItem() })), stored(), 4),
  row('channel post with terminal escapes', deliver(() => ({ update: channelPost({ text: 'Salary \u001b[31m$5000\u001b[0m monthly' }), item: channelItem() })), stored(), 4),
  row('channel post with RTL override and zero-width joiners', deliver(() => ({ update: channelPost({ text: 'Con\u200Btract ser\u200Dvice \u202Emoc.bojhsif\u202C WhatsApp +374 55 123456' }), item: channelItem() })), stored((it) => expect(it.text).toContain('\u202E'))),
  { ...row('channel post with a 1 MB caption', deliver(() => ({ update: channelPost({ caption: BIG_CAPTION }), item: channelItem() })), stored((it) => expect(it.text.length).toBeLessThanOrEqual(100_000))), knownStall: { ms: 600, why: 'scoring the 100,000 characters kept runs synchronously in the score worker, in the API process' } },
  row('channel post with a javascript: text_link', deliver(() => ({ update: channelPost({ text: 'Apply here', entities: [{ type: 'text_link', offset: 0, length: 5, url: 'javascript:alert(1)' }] }), item: channelItem() })), stored()),
  row('channel post from a channel without a username', deliver(() => ({ update: channelPost({ text: 'hello' }, { id: -1001111, title: 'x', type: 'channel' }), item: channelItem('id:-1001111') })), stored((it) => expect(it.url).toBeNull())),
  row('channel post with a NUL in the channel username', deliver(() => ({ update: channelPost({ text: 'hello' }, { ...CHANNEL, username: 'Bad\u0000Name' }), })), nothing, 1),
  row('channel post with a terminal escape in the username', deliver(() => ({ update: channelPost({ text: 'hello' }, { ...CHANNEL, username: 'Bad\u001b[2JName' }) })), nothing, 4),
  row('channel post with a 300-character username', deliver(() => ({ update: channelPost({ text: 'hello' }, { ...CHANNEL, username: 'u'.repeat(300) }) })), nothing),
  row('channel post with a negative message id', deliver(() => ({ update: channelPost({ text: 'hello', message_id: -5 }), item: channelItem() })), stored()),
  row('channel post with a message id past 2^53', deliver(() => ({ update: channelPost({ text: 'hello', message_id: 2 ** 60 }), item: channelItem() })), stored()),
  row('channel post dated year 275760', deliver(() => ({ update: channelPost({ text: 'far future', date: 8.64e12 }), item: channelItem() })), stored()),
  row('channel post dated before year 1', deliver(() => ({ update: channelPost({ text: 'far past', date: -62_200_000_000 }), item: channelItem() })), stored()),
  row('channel photo that is a PDF: the caption alone is kept', deliver(() => ({ update: channelPost({ photo: photo('bot-pdf'), caption: 'Drivers wanted' }), files: { 'bot-pdf': PDF_BYTES }, item: channelItem() })), stored((it) => expect(it.text).toBe('Drivers wanted'))),
  row('channel photo that is a PNG bomb', deliver(() => ({ update: channelPost({ photo: photo('bot-bomb'), caption: 'Bomb' }), files: { 'bot-bomb': pngWithSize(20_000, 20_000) }, item: channelItem() })), stored()),
  row('channel photo with a broken PNG CRC', deliver(() => ({ update: channelPost({ photo: photo('bot-crc'), caption: 'CRC' }), files: { 'bot-crc': async () => breakPngCrc(await plainImage('png', 20)) }, item: channelItem() })), stored(), 6),
  row('channel photo the Bot API has no file for', deliver(() => ({ update: channelPost({ photo: photo('bot-missing'), caption: 'Missing file' }), item: channelItem() })), stored()),
  row('channel document image/png that is HTML', deliver(() => ({ update: channelPost({ document: { file_id: 'bot-html', mime_type: 'image/png', file_size: 80 }, caption: 'doc' }), files: { 'bot-html': HTML_BYTES }, item: channelItem() })), stored()),
  row('channel photo that is a PDF, with no caption', deliver(() => ({ update: channelPost({ photo: photo('bot-pdf2') }), files: { 'bot-pdf2': PDF_BYTES } })), nothing),
  row('channel photo over the 20 MB cap is never fetched', deliver(() => ({ update: channelPost({ photo: [{ file_id: 'bot-huge', file_unique_id: 'h', file_size: 25_000_000, width: 9000, height: 9000 }], caption: 'Huge' }), item: channelItem() })), stored()),
  row('channel post with an empty photo array and no text', deliver(() => ({ update: channelPost({ photo: [] }) })), nothing),
  row('channel service message (no text, no media)', deliver(() => ({ update: channelPost({ new_chat_title: 'renamed' }) })), nothing),

  // Moderators and strangers in private chats
  row('moderator text with a NUL', deliver(() => ({ update: dm(MODERATOR, { text: 'Contract service\u0000 in Russia, $20,000 bonus' }), item: moderatorItem })), stored(), 1),
  row('moderator text with a lone surrogate', deliver(() => ({ update: dm(MODERATOR, { text: 'Half \udc00 emoji' }), item: moderatorItem })), stored(), 4),
  row('moderator /status with a NUL', deliver(() => ({ update: dm(MODERATOR, { text: '/status abc\u0000def' }) })), said(/Send \/status followed by an item id/)),
  row('moderator /status with SQL', deliver(() => ({ update: dm(MODERATOR, { text: "/status ' or 1=1 --" }) })), said(/Send \/status followed by an item id/)),
  row('moderator /status of an unknown item', deliver(() => ({ update: dm(MODERATOR, { text: '/status 3f2504e0-4f89-41d3-9a0c-0305e82c3301' }) })), said(/There is no item/)),
  // not a command (ESC is not a word character), so it is a submission like any text
  row('moderator text that looks like a command with escapes', deliver(() => ({ update: dm(MODERATOR, { text: '/\u001b[2Jrm' }), item: moderatorItem })), stored()),
  row('moderator sticker', deliver(() => ({ update: dm(MODERATOR, { sticker: { file_id: 'st', file_unique_id: 'st', width: 1, height: 1, is_animated: false, is_video: false, type: 'regular' } }) })), said(/./)),
  row('moderator PDF document', deliver(() => ({ update: dm(MODERATOR, { document: { file_id: 'dm-pdf', mime_type: 'application/pdf', file_name: 'cv.pdf' } }) })), said(/not an image/)),
  row('moderator photo that is a PDF', deliver(() => ({ update: dm(MODERATOR, { photo: photo('dm-pdf2') }), files: { 'dm-pdf2': PDF_BYTES } })), said(/could not take that image: .*application\/pdf/)),
  row('moderator photo that is a PNG bomb', deliver(() => ({ update: dm(MODERATOR, { photo: photo('dm-bomb') }), files: { 'dm-bomb': pngWithSize(20_000, 20_000) } })), said(/could not take that image: .*20000x20000/)),
  row('moderator photo that is a truncated JPEG (kept, read as far as it goes)', deliver(() => ({ update: dm(MODERATOR, { photo: photo('dm-cut') }), files: { 'dm-cut': async () => (await plainImage('jpeg', 21)).subarray(0, 500) }, item: moderatorItem })), { accepted: 'settled' }),
  row('moderator photo with a broken PNG CRC', deliver(() => ({ update: dm(MODERATOR, { photo: photo('dm-crc') }), files: { 'dm-crc': async () => breakPngCrc(await plainImage('png', 22)) } })), said(/could not take that image: .*CRC/), 6),
  row('moderator document: an RLE8 BMP declaring 7000x7000', deliver(() => ({ update: dm(MODERATOR, { document: { file_id: 'dm-rle', mime_type: 'image/bmp', file_name: 'x.bmp' } }), files: { 'dm-rle': bmpRle8(7_000, 7_000) }, item: moderatorItem })), { accepted: 'settled' }, 3),
  row('a stranger sending a NUL', deliver(() => ({ update: dm(STRANGER, { text: 'hi\u0000' }) })), said(/only takes submissions from recruitwatch moderators/)),
  row('a message in a group chat', deliver(() => ({ update: { update_id: nextUpdateId++, message: { message_id: nextMessageId++, from: { id: MODERATOR, is_bot: false, first_name: 'M' }, chat: { id: -42, type: 'group', title: 'g' }, date: 1, text: 'Contract service in Russia' } } })), nothing),
  row('an update with only an update_id', deliver(() => ({ update: { update_id: nextUpdateId++ } })), nothing),
  row('an update type the bot did not ask for', deliver(() => ({ update: { update_id: nextUpdateId++, poll: { id: 'p', question: 'q\u0000', options: [] } } })), nothing),
  row('a callback query', deliver(() => ({ update: { update_id: nextUpdateId++, callback_query: { id: 'c', from: { id: MODERATOR, is_bot: false, first_name: 'M' }, data: '\u0000' } } })), nothing),
];
