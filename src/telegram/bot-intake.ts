import type { Telegram } from 'telegraf';
import { storablePostedAt } from '../jobs/contracts.ts';
import { storableText } from '../jobs/safe-string.ts';
import { submitPost } from '../pipeline/flow.ts';
import { contentHashOf, itemIdFor } from '../pipeline/identity.ts';
import type { AlbumPost, AlbumStore } from './bot-album.ts';
import { downloadTelegramFile, fileCap, FileRefused, pickPhotoSize, storeImage, type BotDeps, type PhotoSizeLike } from './bot-files.ts';
import { admissionFor } from '../jobs/admission.ts';

const BACKLOG_WAIT_MS = 60_000;

// Turns a Bot API message into the post ingest takes. Only the fields read here are typed, and all
// are optional beyond the basics, because real updates range from 2017 shapes to current ones.

export interface TgChat {
  id: number;
  type: string;
  username?: string;
}

interface TgEntity {
  type: string;
  url?: string;
}

export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: { id: number; is_bot?: boolean };
  text?: string;
  caption?: string;
  entities?: TgEntity[];
  caption_entities?: TgEntity[];
  photo?: PhotoSizeLike[];
  document?: { file_id: string; file_size?: number; mime_type?: string; file_name?: string };
  media_group_id?: string;
  forward_origin?: { type: string; chat?: TgChat; sender_chat?: TgChat; message_id?: number };
  forward_from_chat?: TgChat;
  forward_from_message_id?: number;
}

export interface Identity {
  source: string;
  channel: string;
  /** the message id the item is named by */
  ext: number;
  url?: string;
  /** the public channel (or group) a channel's post was forwarded from, lower-cased (channel risk follows forwards) */
  forwardedFrom?: string;
}

export interface Intake {
  itemId: string;
  /** the revision the score job of this content is keyed on */
  revision: string;
  contentHash: string;
}

/** How the scanner names a channel too: its username lower-cased, or its numeric id when it has none. */
export function channelKey(chat: TgChat): string {
  return chat.username ? chat.username.toLowerCase() : `id:${chat.id}`;
}

function channelIdentity(chat: TgChat, messageId: number): Identity {
  const url = chat.username ? `https://t.me/${chat.username}/${messageId}` : undefined;
  return { source: 'telegram', channel: channelKey(chat), ext: messageId, url };
}

/** A channel post, or a forward of one: the same item the scanner makes of that post. */
export function identityOf(msg: TgMessage, via: 'channel' | 'moderator'): Identity {
  if (via === 'channel') {
    const own = channelIdentity(msg.chat, msg.message_id);
    const from = forwardSource(msg);
    return from && from !== own.channel ? { ...own, forwardedFrom: from } : own;
  }
  const origin = msg.forward_origin;
  if (origin?.type === 'channel' && origin.chat && origin.message_id) return channelIdentity(origin.chat, origin.message_id);
  if (msg.forward_from_chat?.type === 'channel' && msg.forward_from_message_id) return channelIdentity(msg.forward_from_chat, msg.forward_from_message_id);
  return { source: 'telegram-bot', channel: `chat:${msg.chat.id}`, ext: msg.message_id };
}

/** The username of the public chat a message was forwarded from (Bot API 7 forward_origin, or the older fields). */
function forwardSource(msg: TgMessage): string | undefined {
  const origin = msg.forward_origin;
  const chat = origin ? (origin.type === 'channel' ? origin.chat : origin.type === 'chat' ? origin.sender_chat : undefined) : msg.forward_from_chat;
  return chat?.username ? chat.username.toLowerCase() : undefined;
}

/** Text or caption, plus the targets of hidden links ("join us" pointing at a recruiter's t.me). */
export function textOf(msg: TgMessage): string {
  const text = msg.text ?? msg.caption ?? '';
  const entities = (msg.text !== undefined ? msg.entities : msg.caption_entities) ?? [];
  const hidden = entities.flatMap((e) => (e.type === 'text_link' && e.url && !text.includes(e.url) ? [e.url] : []));
  return [text, ...new Set(hidden)].filter(Boolean).join('\n');
}

/** The file to fetch for the message's image, 'unsupported' for a non-image document, or null. */
export function imageOf(msg: TgMessage, cap: number): { fileId: string } | 'too-large' | 'unsupported' | null {
  if (msg.photo?.length) {
    const size = pickPhotoSize(msg.photo, cap);
    return size ? { fileId: size.file_id } : 'too-large';
  }
  const doc = msg.document;
  if (!doc) return null;
  if (doc.mime_type && !doc.mime_type.startsWith('image/')) return 'unsupported';
  if (doc.file_size !== undefined && doc.file_size > cap) return 'too-large';
  return { fileId: doc.file_id }; // the bytes decide: inspectImage refuses what is not a raster image
}

/**
 * Fetches the message's image into the store and queues the post. For an album part, the post is
 * the whole album so far, queued only when no other part is still being fetched. `beforeSubmit`
 * runs once the item's id is known and before it is queued, so whoever waits for the verdict is on
 * record before any score can complete. Returns null when nothing was queued (a service message, a
 * sticker, an album part others wait for). A refused image (too large, not an image) throws after
 * the rest of its album was queued, unless `skipRefusedImage`: then the post goes on without it.
 */
export async function intakeMessage(
  deps: BotDeps,
  telegram: Telegram,
  albums: AlbumStore,
  msg: TgMessage,
  identity: Identity,
  opts: { skipRefusedImage?: boolean; beforeSubmit?: (i: Intake) => Promise<void> } = {},
): Promise<Intake | null> {
  const text = textOf(msg);
  const group = msg.media_group_id;
  const scope = String(msg.chat.id);
  if (group) await albums.reserve(scope, group, msg.message_id, identity.ext, text);
  let failure: unknown;
  const sha = await fetchImage(deps, telegram, msg).catch((err: unknown) => {
    if (err instanceof FileRefused && opts.skipRefusedImage) {
      deps.log.warn({ chat: identity.channel, messageId: msg.message_id, reason: err.message }, 'image refused; ingesting the text alone');
    } else {
      failure = err;
    }
    return null;
  });
  if (failure && !group) throw failure;
  const post = group
    ? await albums.add(scope, group, msg.message_id, { ext: identity.ext, text, sha })
    : { externalId: String(identity.ext), text, media: sha ? [sha] : [], settled: true };
  const intake = post.settled ? await submit(deps, identity, post, msg.date, opts.beforeSubmit) : null;
  if (failure) throw failure;
  return intake;
}

async function submit(deps: BotDeps, identity: Identity, post: AlbumPost, date: number, beforeSubmit?: (i: Intake) => Promise<void>): Promise<Intake | null> {
  // Evidence is kept: what PostgreSQL cannot store is marked U+FFFD rather than the post lost (the cut may halve a pair).
  const text = storableText(post.text.slice(0, deps.config.MAX_TEXT_LENGTH));
  if (!text.trim() && post.media.length === 0) return null;
  const contentHash = contentHashOf(text, post.media);
  const intake = { itemId: itemIdFor(identity.source, identity.channel, post.externalId), revision: contentHash.slice(0, 16), contentHash };
  await beforeSubmit?.(intake);
  // Past MAX_BACKLOG the bot slows down (Telegram holds the next updates meanwhile) instead of refusing.
  await admissionFor(deps).waitForRoom(BACKLOG_WAIT_MS);
  await submitPost(deps.queues, {
    source: identity.source,
    channel: identity.channel,
    externalId: post.externalId,
    text,
    media: post.media,
    url: identity.url?.replace(/\/\d+$/, `/${post.externalId}`),
    postedAt: storablePostedAt(date * 1000), // a date Telegram could not have sent is left out, not the post
    forwardedFrom: identity.forwardedFrom,
  });
  return intake;
}

async function fetchImage(deps: BotDeps, telegram: Telegram, msg: TgMessage): Promise<string | null> {
  const cap = fileCap(deps.config);
  const image = imageOf(msg, cap);
  if (image === null) return null;
  if (image === 'too-large') throw new FileRefused(`the image is over the limit of ${cap} bytes`);
  if (image === 'unsupported') throw new FileRefused(`a ${msg.document?.mime_type} file is not an image`);
  return storeImage(deps, await downloadTelegramFile(telegram, image.fileId, cap));
}
