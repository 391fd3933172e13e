import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { handleFromLink } from './handle.ts';

// Parser for t.me/s/<channel> pages. Telegram changes this markup without notice, so every field is
// looked up leniently (class first, structure second) and a missing part leaves a field empty
// instead of dropping the post. Nothing here throws on bad input.

export interface ChannelPost {
  channel: string;
  id: number;
  externalId: string;
  url: string;
  date: string | null;
  text: string;
  links: string[];
  photos: string[];
  videoThumbs: string[];
  linkPreview?: { url: string; title?: string; description?: string; siteName?: string; image?: string };
  forwardedFrom?: string;
  forwardedFromUrl?: string;
  /** the lower-cased handle of the channel the post was forwarded from, when its link names a public one */
  forwardedFromHandle?: string;
  author?: string;
  views?: number;
  edited: boolean;
  partial: boolean;
  albumSize?: number;
  /** message ids of the album's items (the first is usually this post's id); they never appear as posts */
  albumIds?: number[];
  poll?: { question: string; options: string[] };
  document?: { title: string; size?: string };
  /** the text was longer than MAX_POST_TEXT_CHARS and was cut there */
  truncated?: boolean;
}

export interface ChannelPage {
  channel: string | null;
  title?: string;
  posts: ChannelPost[];
  before: number | null;
  hasPreview: boolean;
  /** What was not read, and why: a cut page, posts past the cap or without an id, cut texts. Empty for real pages. */
  problems: string[];
}

const PUBLIC_BASE = 'https://t.me';
const MAX_NESTING = 500; // real pages nest about 15–30 deep
// Bounds that keep a hostile page to a fraction of a second and tens of MB (a 15 MB page of 100,000
// posts took 70 s and 718 MB unbounded). A real preview page is ~100 KB with 20 posts, and Telegram
// caps a post's text at 4,096 characters: each bound is ten times what a real page needs or more.
export const MAX_PAGE_CHARS = 1_000_000;
export const MAX_POSTS_PER_PAGE = 200;
export const MAX_POST_TEXT_CHARS = 40_000;
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const PARTIAL_RE = /please open telegram to view this post/i;
const POST_REF = /^([A-Za-z0-9_]{2,64})\/(\d{1,12})(?:$|[/?#])/;
const BLOCK = new Set(['div', 'p', 'blockquote', 'pre', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section']);
// Parts of a message that quote something else: never the post's own text or media.
const FOREIGN = '.tgme_widget_message_reply, .tgme_widget_message_link_preview, .tgme_widget_message_reply_thumb';

/** Removes control and bidi-override characters (they can disguise text), keeps RTL text and ZWJ/ZWNJ. */
export function cleanText(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '');
}

/** "1.2K" -> 1200, "2M" -> 2000000, "746" -> 746; undefined when it is not a count. */
export function parseCount(raw: string): number | undefined {
  const m = /^([\d][\d\s,.]*?)\s*([KMB])?$/i.exec(raw.replace(/\u00a0/g, ' ').trim());
  if (!m) return undefined;
  const unit = m[2] ? { K: 1e3, M: 1e6, B: 1e9 }[m[2].toUpperCase() as 'K' | 'M' | 'B'] : 1;
  const digits = unit === 1 ? m[1].replace(/[\s,.]/g, '') : m[1].replace(/\s/g, '').replace(',', '.');
  const n = Number(digits);
  return Number.isFinite(n) ? Math.round(n * unit) : undefined;
}

function absoluteUrl(raw: string | undefined, base: string): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The URL in a `background-image:url(...)` style, quoted with ', " or nothing. */
export function backgroundImageUrl(style: string | undefined): string | undefined {
  const m = /background(?:-image)?\s*:[^;]*?url\(\s*(['"]?)(.*?)\1\s*\)/i.exec(style ?? '');
  return m?.[2] || undefined;
}

function isInside(el: Cheerio<Element>, selector: string, stop: Cheerio<Element>): boolean {
  const hit = el.parent().closest(selector);
  return hit.length > 0 && stop.has(hit[0] as Element).length > 0;
}

/** Text of an element as a reader sees it: <br> and blocks become line breaks, whitespace collapses. */
function readableText(root: Element, base: string, links?: string[]): string {
  const out: string[] = [];
  const walk = (node: AnyNode, pre: boolean): void => {
    if (node.type === 'text') {
      out.push(pre ? node.data : node.data.replace(/[ \t\n\r\f]+/g, ' '));
      return;
    }
    if (node.type !== 'tag') return; // comments, scripts, styles
    const name = node.tagName.toLowerCase();
    if (name === 'br') return void out.push('\n');
    if (name === 'img') return void out.push(node.attribs.alt ?? '');
    if (name === 'a' && links) addLink(links, node.attribs.href, base);
    const block = BLOCK.has(name);
    if (block) out.push('\n');
    for (const child of node.children) walk(child, pre || name === 'pre');
    if (block) out.push('\n');
  };
  walk(root, false);
  return tidy(out.join(''));
}

function tidy(s: string): string {
  return cleanText(s.replace(/\u00a0/g, ' '))
    .replace(/ {2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function addLink(links: string[], href: string | undefined, base: string): void {
  // "?q=#tag" links are Telegram's own hashtag searches: their text stays, the link is noise.
  if (!href || href.startsWith('?q=')) return;
  const url = absoluteUrl(href, base);
  if (url && !links.includes(url)) links.push(url);
}

function firstText($: CheerioAPI, scope: Cheerio<Element>, selector: string, base: string): string | undefined {
  const el = scope.find(selector).first();
  return el.length ? readableText(el[0], base) || undefined : undefined;
}

function mediaUrls($: CheerioAPI, msg: Cheerio<Element>, selector: string, base: string): string[] {
  const urls: string[] = [];
  msg.find(selector).each((_, el) => {
    const $el = $(el);
    if (isInside($el, FOREIGN, msg)) return;
    const inner = $el.find('[style*="url("], img[src]').first();
    const raw = backgroundImageUrl($el.attr('style')) ?? backgroundImageUrl(inner.attr('style')) ?? inner.attr('src');
    const url = absoluteUrl(raw, base);
    if (url && !urls.includes(url)) urls.push(url);
  });
  return urls;
}

function postText($: CheerioAPI, msg: Cheerio<Element>, base: string, links: string[]): string {
  const parts: string[] = [];
  msg.find('.tgme_widget_message_text').each((_, el) => {
    const $el = $(el);
    // A text block nested in another (seen in 2023 and 2026 pages) is read with its outer one.
    if (isInside($el, '.tgme_widget_message_text', msg) || isInside($el, FOREIGN, msg)) return;
    const text = readableText(el, base, links);
    if (text) parts.push(text);
  });
  return parts.join('\n\n');
}

function linkPreview($: CheerioAPI, msg: Cheerio<Element>, base: string): ChannelPost['linkPreview'] {
  const box = msg.find('.tgme_widget_message_link_preview').first();
  const url = absoluteUrl(box.attr('href') ?? box.find('a[href]').first().attr('href'), base);
  if (!url) return undefined;
  const image = box.find('.link_preview_image, .link_preview_right_image, .link_preview_video_thumb').first();
  const preview: NonNullable<ChannelPost['linkPreview']> = { url };
  const fields = {
    title: firstText($, box, '.link_preview_title', base),
    description: firstText($, box, '.link_preview_description', base),
    siteName: firstText($, box, '.link_preview_site_name', base),
    image: absoluteUrl(backgroundImageUrl(image.attr('style')) ?? image.find('img').attr('src'), base),
  };
  for (const [k, v] of Object.entries(fields)) if (v) preview[k as keyof typeof fields] = v;
  return preview;
}

function isEdited($: CheerioAPI, msg: Cheerio<Element>): boolean {
  if (msg.find('[class*="edited"]').length) return true;
  const own = msg.find('.tgme_widget_message_meta').first();
  const meta = (own.length ? own : msg.find('.tgme_widget_message_info').first()).clone();
  meta.find('.tgme_widget_message_from_author, .tgme_widget_message_date, .tgme_widget_message_views, .copyonly, time').remove();
  return /\bedited\b/i.test(meta.text());
}

/** "Please open Telegram": partial unless it is only the hidden fallback beside content we did read. */
function isPartial($: CheerioAPI, msg: Cheerio<Element>, hasContent: boolean): boolean {
  const notes = msg.find('*').filter((_, el) => {
    const own = el.children.map((c) => (c.type === 'text' ? c.data : '')).join('');
    return PARTIAL_RE.test(own) && !isInside($(el), '.tgme_widget_message_text', msg); // cheap test first
  });
  if (notes.length === 0) return false;
  const outsideFallback = notes.toArray().some((el) => $(el).closest('.media_not_supported_cont').length === 0);
  return outsideFallback || !hasContent;
}

function postRef($: CheerioAPI, msg: Cheerio<Element>): { channel: string; id: number } | null {
  const date = msg.find('.tgme_widget_message_date').attr('href');
  const candidates = [msg.attr('data-post'), msg.parent().closest('[data-post]').attr('data-post'), date];
  for (const raw of candidates) {
    const path = (raw ?? '').replace(/^(?:https?:)?\/\/[^/]+\//, '').replace(/^\/?(?:s\/)?/, '');
    const m = POST_REF.exec(path);
    if (m) return { channel: m[1], id: Number(m[2]) };
  }
  return null;
}

function isoDate(msg: Cheerio<Element>): string | null {
  const time = msg.find('.tgme_widget_message_date time[datetime], .tgme_widget_message_meta time[datetime]').first();
  const raw = time.attr('datetime') ?? msg.find('time[datetime]').first().attr('datetime');
  const ms = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Album size, and the message ids of its items: each item is its own message (…/1002?single). */
function albumOf(msg: Cheerio<Element>): { size: number; ids: number[] } | undefined {
  const group = msg.find('.tgme_widget_message_grouped_wrap, .tgme_widget_message_grouped').first();
  if (!group.length) return undefined;
  let items = group.find('.grouped_media_wrap');
  if (!items.length) items = group.find('.tgme_widget_message_photo_wrap, .tgme_widget_message_video_player');
  const ids = items.toArray().map((el) => Number(/\/(\d{1,12})(?:[?#]|$)/.exec(el.attribs.href ?? '')?.[1]));
  return items.length ? { size: items.length, ids: [...new Set(ids.filter((n) => n > 0))] } : undefined;
}

function pollOf($: CheerioAPI, msg: Cheerio<Element>, base: string): ChannelPost['poll'] {
  const poll = msg.find('.tgme_widget_message_poll').first();
  const question = poll.length ? firstText($, poll, '.tgme_widget_message_poll_question', base) : undefined;
  if (!question) return undefined;
  const options = poll.find('.tgme_widget_message_poll_option_text').toArray().map((el) => readableText(el, base));
  return { question, options: options.filter(Boolean) };
}

function parsePost($: CheerioAPI, msg: Cheerio<Element>, base: string): ChannelPost | null {
  const ref = postRef($, msg);
  if (!ref) return null;
  const links: string[] = [];
  const fullText = postText($, msg, base, links);
  const text = fullText.length > MAX_POST_TEXT_CHARS ? fullText.slice(0, MAX_POST_TEXT_CHARS) : fullText;
  const photos = mediaUrls($, msg, '.tgme_widget_message_photo_wrap', base);
  const videoThumbs = mediaUrls($, msg, '.tgme_widget_message_video_thumb, .tgme_widget_message_roundvideo_thumb', base);
  const preview = linkPreview($, msg, base);
  const poll = pollOf($, msg, base);
  const docTitle = firstText($, msg, '.tgme_widget_message_document_title', base);
  const fwd = msg.find('.tgme_widget_message_forwarded_from').first();
  const fwdName = fwd.find('.tgme_widget_message_forwarded_from_name').first();
  const forwardedFrom = fwd.length
    ? (fwdName.length ? readableText(fwdName[0], base) : readableText(fwd[0], base).replace(/^forwarded from\s*/i, '')) || undefined
    : undefined;
  const views = parseCount(msg.find('.tgme_widget_message_views').first().text());
  const hasContent = Boolean(text || photos.length || videoThumbs.length || preview || poll || docTitle);
  const post: ChannelPost = {
    channel: ref.channel,
    id: ref.id,
    externalId: String(ref.id),
    url: `${PUBLIC_BASE}/${ref.channel}/${ref.id}`,
    date: isoDate(msg),
    text,
    links,
    photos,
    videoThumbs,
    edited: isEdited($, msg),
    partial: isPartial($, msg, hasContent),
  };
  if (preview) post.linkPreview = preview;
  if (forwardedFrom) post.forwardedFrom = forwardedFrom;
  const fwdUrl = absoluteUrl(fwdName.attr('href'), base);
  if (forwardedFrom && fwdUrl) post.forwardedFromUrl = fwdUrl;
  const fwdHandle = forwardedFrom ? handleFromLink(fwdUrl, base) : null;
  if (fwdHandle) post.forwardedFromHandle = fwdHandle;
  const author = firstText($, msg, '.tgme_widget_message_from_author', base);
  if (author) post.author = author;
  if (views !== undefined) post.views = views;
  const album = albumOf(msg);
  if (album) post.albumSize = album.size;
  if (album?.ids.length) post.albumIds = album.ids;
  if (poll) post.poll = poll;
  if (text !== fullText) post.truncated = true;
  if (docTitle) post.document = { title: docTitle, size: firstText($, msg, '.tgme_widget_message_document_extra', base) };
  return post;
}

function isServiceMessage(msg: Cheerio<Element>): boolean {
  const classes = (msg.attr('class') ?? '').split(/\s+/);
  return classes.includes('service_message') || msg.find('.tgme_widget_message_service_photo, .message_service').length > 0;
}

function messageElements($: CheerioAPI): Cheerio<Element> {
  // If the class is ever renamed, the data-post attribute still marks each message.
  const byClass = $('.tgme_widget_message');
  const selector = byClass.length ? '.tgme_widget_message' : '[data-post]';
  const msgs = byClass.length ? byClass : $(selector);
  return msgs.filter((_, el) => $(el).parent().closest(selector).length === 0);
}

function pageBefore($: CheerioAPI): number | null {
  const fromAttr = $('.tme_messages_more[data-before], .js-messages_more[data-before], [data-before]').first().attr('data-before');
  const hrefs = [$('a.tme_messages_more[href*="before="]').attr('href'), $('link[rel="prev"]').attr('href')];
  const raws = [/^\s*(\d{1,12})\s*$/.exec(fromAttr ?? '')?.[1], ...hrefs.map((h) => /[?&]before=(\d{1,12})\b/.exec(h ?? '')?.[1])];
  const n = raws.map(Number).find((v) => Number.isSafeInteger(v) && v > 0);
  return n ?? null;
}

function pageChannel($: CheerioAPI, posts: ChannelPost[]): string | null {
  if (posts.length) return posts[0].channel;
  const raws = [
    $('.tgme_channel_info_header_username a').first().text(),
    $('main.tgme_main, .tgme_main').attr('data-url'),
    $('link[rel="canonical"]').attr('href'),
    $('meta[property="al:android:url"]').attr('content'),
  ];
  for (const raw of raws) {
    const m = /(?:^@|^\/(?:s\/)?|domain=|t\.me\/(?:s\/)?)([A-Za-z][A-Za-z0-9_]{3,31})\b/.exec(raw?.trim() ?? '');
    if (m) return m[1];
  }
  return null;
}

/**
 * Where tags first nest deeper than any real page (a character offset), or -1. HTML parsers are
 * quadratic on such input (100,000 nested divs kept parse5 busy for minutes), so the page is only
 * parsed up to that point.
 */
export function deepNestingAt(html: string, limit = MAX_NESTING): number {
  const tag = /<(\/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(\/?)>/g;
  let depth = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3] && !VOID_TAGS.has(m[2].toLowerCase()) && ++depth > limit) return m.index;
  }
  return -1;
}

export function tooDeeplyNested(html: string, limit = MAX_NESTING): boolean {
  return deepNestingAt(html, limit) >= 0;
}

/** The part of a page that is parsed, and what was left out of it. */
function boundedHtml(html: string): { html: string; problems: string[] } {
  const problems: string[] = [];
  let cut = html;
  if (cut.length > MAX_PAGE_CHARS) {
    cut = cut.slice(0, MAX_PAGE_CHARS);
    problems.push(`page is ${html.length} characters; only the first ${MAX_PAGE_CHARS} were read (posts after that are not seen)`);
  }
  const deep = deepNestingAt(cut);
  if (deep >= 0) {
    cut = cut.slice(0, deep);
    problems.push(`tags nest deeper than ${MAX_NESTING} at character ${deep}; the page was read up to there (posts after that are not seen)`);
  }
  return { html: cut, problems };
}

export function parseChannelPage(html: string, opts: { baseUrl?: string } = {}): ChannelPage {
  const base = absoluteUrl(opts.baseUrl, PUBLIC_BASE) ?? PUBLIC_BASE;
  // hasPreview false on anything unreadable: a caller must never mistake garbage for an empty channel.
  if (typeof html !== 'string') return { channel: null, posts: [], before: null, hasPreview: false, problems: ['not text'] };
  const bounded = boundedHtml(html);
  try {
    const page = parseDocument(cheerio.load(bounded.html), base);
    page.problems.unshift(...bounded.problems);
    return page;
  } catch (err) {
    const problems = [...bounded.problems, `cannot parse the page: ${(err as Error).message}`];
    return { channel: null, posts: [], before: null, hasPreview: false, problems };
  }
}

function parseDocument($: CheerioAPI, base: string): ChannelPage {
  const byId = new Map<string, ChannelPost>();
  const problems: string[] = [];
  const messages = messageElements($);
  let withoutId = 0;
  messages.slice(0, MAX_POSTS_PER_PAGE).each((_, el) => {
    const msg = $(el);
    if (isServiceMessage(msg)) return;
    const post = parsePost($, msg, base);
    if (!post) return void withoutId++;
    const key = `${post.channel.toLowerCase()}/${post.id}`;
    if (!byId.has(key)) byId.set(key, post);
  });
  if (messages.length > MAX_POSTS_PER_PAGE) {
    problems.push(`page has ${messages.length} messages; only the first ${MAX_POSTS_PER_PAGE} were read`);
  }
  if (withoutId) problems.push(`${withoutId} message${withoutId === 1 ? '' : 's'} without a post id (channel/number) skipped`);
  const posts = [...byId.values()].sort((a, b) => a.id - b.id);
  for (const p of posts) if (p.truncated) problems.push(`post ${p.id}: text cut to ${MAX_POST_TEXT_CHARS} characters`);
  const hasPreview = posts.length > 0 || $('.tgme_channel_history, .js-message_history').length > 0;
  const page: ChannelPage = { channel: pageChannel($, posts), posts, before: pageBefore($), hasPreview, problems };
  const titleEl = $('.tgme_channel_info_header_title, .tgme_header_title, .tgme_page_title').first();
  const title = titleEl.length ? readableText(titleEl[0], base) : $('meta[property="og:title"]').attr('content');
  if (title?.trim()) page.title = cleanText(title.trim());
  return page;
}
