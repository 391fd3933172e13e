// URLs and e-mails (linkify-it), WhatsApp and Telegram links, Telegram @handles.
import { LinkifyIt } from 'linkify-it';
import type { Indicator } from '../types.ts';
import { fastLinkMatch, LINK_TLDS, type LinkMatch } from './indicators-linkfast.ts';
import { phoneFromDigits } from './indicators-phone.ts';

export interface Found {
  at: number;
  end: number;
  indicator: Indicator;
}

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true }).tlds(LINK_TLDS);

const SHORTENERS = new Set([
  'bit.ly', 'tinyurl.com', 'cutt.ly', 't.ly', 'goo.gl', 'rb.gy', 'is.gd', 'ow.ly', 'buff.ly', 'shorturl.at',
  'tiny.cc', 'bitly.com', 'v.gd', 'clck.ru', 'u.to', 'qps.ru', 'rebrand.ly', 'shorturl.asia', 's.id',
  'surl.li', 'lnkd.in', 'tiny.one', 'short.io', 'bl.ink', 'soo.gd', 'x.gd', 'linktr.ee', 'taplink.cc',
]);
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
  'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'internet.ru', 'yandex.ru', 'yandex.com', 'ya.ru', 'rambler.ru',
  'proton.me', 'protonmail.com', 'pm.me', 'icloud.com', 'me.com', 'aol.com', 'gmx.com', 'gmx.net', 'zoho.com',
  'tutanota.com', 'tuta.io', 'rediffmail.com', 'yahoo.co.in', 'yahoo.co.uk', 'mail.com', 'qq.com', '163.com',
]);
const TELEGRAM_HOSTS = new Set(['t.me', 'telegram.me', 'telegram.dog']);
const WHATSAPP_HOSTS = new Set(['wa.me', 'api.whatsapp.com', 'whatsapp.com', 'web.whatsapp.com', 'chat.whatsapp.com']);
const TELEGRAM_RESERVED = new Set(['share', 'addstickers', 'proxy', 'socks', 'iv', 'login', 'c', 'addtheme', 'setlanguage', 'confirmphone', 'addlist']);
const HANDLE = /^[a-z][a-z0-9_]{3,31}$/i;

function telegramFromPath(segments: string[]): Indicator | null {
  const [first, second] = segments;
  if (!first) return null;
  if (first.startsWith('+') && first.length > 4) return { type: 'telegram', value: `t.me/${first}` };
  if (first === 'joinchat' && second) return { type: 'telegram', value: `t.me/+${second}` };
  const name = first === 's' ? second : first;
  if (!name || TELEGRAM_RESERVED.has(name.toLowerCase()) || !HANDLE.test(name)) return null;
  const value = `@${name.toLowerCase()}`;
  return value.endsWith('bot') ? { type: 'telegram', value, detail: { bot: 'yes' } } : { type: 'telegram', value };
}

function whatsappFromUrl(url: URL, host: string, segments: string[]): Indicator[] {
  if (host === 'chat.whatsapp.com' && segments[0]) return [{ type: 'whatsapp', value: `chat.whatsapp.com/${segments[0]}` }];
  if (host === 'wa.me' && segments[0] === 'message' && segments[1]) return [{ type: 'whatsapp', value: `wa.me/message/${segments[1]}` }];
  const digits = (host === 'wa.me' ? segments[0] ?? '' : url.searchParams.get('phone') ?? '').replace(/\D/g, '');
  if (digits.length < 7) return [];
  const phone = phoneFromDigits(digits);
  const detail = phone.country ? { country: phone.country } : undefined;
  return [
    { type: 'whatsapp', value: phone.e164, ...(detail && { detail }) },
    { type: 'phone', value: phone.e164, ...(detail && { detail }) },
  ];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function fromUrl(raw: string): Indicator[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
  if (TELEGRAM_HOSTS.has(host)) {
    const t = telegramFromPath(segments);
    return t ? [t] : [];
  }
  if (WHATSAPP_HOSTS.has(host)) return whatsappFromUrl(url, host, segments);
  const path = url.pathname.replace(/\/+$/, '');
  const value = host + path;
  return [{ type: 'url', value, detail: { host, shortener: SHORTENERS.has(host) ? 'yes' : 'no' } }];
}

function fromEmail(text: string): Indicator {
  const value = text.replace(/^mailto:/i, '').toLowerCase();
  const domain = value.slice(value.lastIndexOf('@') + 1);
  return { type: 'email', value, detail: { domain, freeMail: FREE_MAIL.has(domain) ? 'yes' : 'no' } };
}

const MAX_TOKEN = 2048;
// Links and handles read per text: a real post has a few; the caps keep a hostile wall of them cheap.
const MAX_LINK_TOKENS = 1000;
const MAX_HANDLES = 1000;

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isAlnum(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c > 0x7f;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

/** Whitespace-separated tokens that could hold a link or an address ("x.y", "a@b", "://"). */
function linkTokens(text: string): [number, number][] {
  const tokens: [number, number][] = [];
  let i = 0;
  while (i < text.length && tokens.length < MAX_LINK_TOKENS) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    let linkish = false;
    while (i < text.length && !isSpace(text.charCodeAt(i))) {
      const c = text.charCodeAt(i++);
      // "x.ab" or "x@y": an alphanumeric, a dot or @, then a letter
      if ((c === 46 || c === 64) && i >= 2 && isAlnum(text.charCodeAt(i - 2)) && isAsciiLetter(text.charCodeAt(i))) linkish = true;
    }
    if (linkish && i - start >= 4) tokens.push([start, Math.min(i, start + MAX_TOKEN)]);
  }
  return tokens;
}

/** The matches linkify-it would give for a token: the fast reader first, linkify-it when it is unsure. */
export function matchToken(token: string): LinkMatch[] {
  const fast = fastLinkMatch(token);
  if (fast === undefined) return linkify.match(token) ?? [];
  return fast ? [fast] : [];
}

/** Links are read token by token: only the few tokens that could be links are looked at. */
export function findLinks(text: string): Found[] {
  const found: Found[] = [];
  for (const [start, end] of linkTokens(text)) {
    for (const m of matchToken(text.slice(start, end))) {
      const list = m.schema === 'mailto:' ? [fromEmail(m.text)] : fromUrl(m.url);
      for (const indicator of list) found.push({ at: start + m.index, end: start + m.lastIndex, indicator });
    }
  }
  return found;
}

// '@' first and the look-behind after it: the engine then jumps from '@' to '@'.
const AT_HANDLE = /@(?<![\p{L}\p{N}_@./]@)([a-z][a-z0-9_]{3,31})(?![\p{L}\p{N}_@]|\.[a-z])/giu;
// OCR of right-to-left flyers returns "@handle" as "handle@".
const MIRRORED_HANDLE = /(?<![\p{L}\p{N}_@./])([a-z][a-z0-9_]{3,31})@(?![\p{L}\p{N}_@.])/giu;
const RTL = /[\u0590-\u08ff]/;

export function findHandles(text: string, taken: (at: number) => boolean): Found[] {
  const found: Found[] = [];
  if (text.indexOf('@') < 0) return found;
  const add = (re: RegExp): void => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m && found.length < MAX_HANDLES; m = re.exec(text)) {
      if (taken(m.index)) continue;
      found.push({ at: m.index, end: m.index + m[0].length, indicator: { type: 'telegram', value: `@${m[1].toLowerCase()}` } });
    }
  };
  add(AT_HANDLE);
  if (RTL.test(text)) add(MIRRORED_HANDLE);
  return found;
}
