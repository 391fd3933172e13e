// A fast reader for the link forms posts carry (http(s)://host/path, host.tld/path, name@host.tld),
// giving exactly what linkify-it's match() gives for a whitespace-free token of those forms.
// linkify-it's fuzzy search costs 10-20 µs a token; this costs well under one. Anything outside the
// plain ASCII forms below is left to linkify-it (undefined), and tests check the two agree.

export interface LinkMatch {
  schema: string; // '' for a bare host, 'http:' / 'https:', 'mailto:' for an e-mail
  index: number;
  lastIndex: number;
  text: string;
  url: string;
}

// linkify-it's default TLDs (any two-letter zone in its table, the generic ones) and ours. The list is
// handed to linkify-it as well, so both readers accept the same zones.
const TLDS_2CH = 'a:cdefgilmnoqrstuwxz|b:abdefghijmnorstvwyz|c:acdfghiklmnoruvwxyz|d:ejkmoz|e:cegrstu|f:ijkmor|g:abdefghilmnpqrstuwy|h:kmnrtu|i:delmnoqrst|j:emop|k:eghimnprwyz|l:abcikrstuvy|m:acdeghklmnopqrstuvwxyz|n:acefgilopruz|o:m|p:aefghklmnrstwy|q:a|r:eosuw|s:abcdeghijklmnortuvxyz|t:cdfghjklmnortvwz|u:agksyz|v:aceginu|w:fs|y:et|z:amw';
const TLDS_GENERIC = 'biz com edu gov net org pro web xxx aero asia coop info museum name shop рф';
const TLDS_OURS = 'xyz top site online click link live club store app dev icu vip work jobs ltd life space website tech agency group';

export const LINK_TLDS: string[] = [
  ...TLDS_GENERIC.split(' '),
  ...TLDS_2CH.split('|').flatMap((entry) => [...entry.slice(2)].map((second) => entry[0] + second)),
  ...TLDS_OURS.split(' '),
];
const TLD_SET = new Set(LINK_TLDS);

// ASCII character classes.
const ALNUM = 1;
const PATH = 2; // always part of a path: letters, digits, symbols, \ / : % # & _ * -
const INNER = 4; // part of a path unless it ends the token: . , ; ?
const TRAIL = 8; // may follow a link without being part of it: . , ; ? ! ) " '
const NAME = 16; // e-mail name characters this reader handles
const cls = new Uint8Array(128);
const mark = (chars: string, bit: number): void => {
  for (const ch of chars) cls[ch.charCodeAt(0)] |= bit;
};
const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
mark(alnum, ALNUM | PATH | NAME);
mark('$+=^`|~\\/:%#&_*-', PATH);
mark('.,;?', INNER);
mark('.,;?!)"\'', TRAIL);
mark('_+-.', NAME);

const is = (t: string, i: number, bit: number): boolean => {
  const c = t.charCodeAt(i);
  return c < 128 && (cls[c] & bit) !== 0;
};

interface Host {
  end: number;
  labels: number;
  lastLabel: number; // start of the last label
  hyphenInLast: boolean;
}

/** Dot-separated labels of [A-Za-z0-9-] (no label starting or ending with '-'), or null when unsure. */
function readHost(t: string, i: number, end: number): Host | null {
  let labels = 0;
  let lastLabel = i;
  let hyphen = false;
  for (;;) {
    if (i >= end || !is(t, i, ALNUM)) return null;
    lastLabel = i;
    hyphen = false;
    for (; i < end && (is(t, i, ALNUM) || t.charCodeAt(i) === 45); i++) if (t.charCodeAt(i) === 45) hyphen = true;
    if (t.charCodeAt(i - 1) === 45 || i - lastLabel > 63 || t.startsWith('xn--', lastLabel)) return null;
    labels++;
    if (t.charCodeAt(i) !== 46 || i + 1 >= end || !is(t, i + 1, ALNUM)) break;
    i++;
  }
  return { end: i, labels, lastLabel, hyphenInLast: hyphen };
}

/** End of the path starting at i (t[i] is / ? or #), or -1 when a character needs linkify-it. */
function pathEnd(t: string, i: number, end: number): number {
  if (end - i === 1) return t.charCodeAt(i) === 47 ? end : i; // a lone "/" counts, a lone ? or # does not
  for (let k = i; k < end; k++) {
    const c = t.charCodeAt(k);
    if (c >= 128) return -1;
    if (cls[c] & PATH) continue;
    if (!(cls[c] & INNER) || ((c === 46 || c === 63) && t.charCodeAt(k + 1) === c)) return -1;
  }
  return end;
}

function linkMatch(t: string, end: number): LinkMatch | null | undefined {
  const lower = t.slice(0, 8).toLowerCase();
  const schema = lower.startsWith('https://') ? 'https:' : lower.startsWith('http://') ? 'http:' : '';
  const start = schema ? schema.length + 2 : 0;
  const host = readHost(t, start, end);
  if (!host || host.labels > 11) return undefined;
  if (!schema) {
    if (host.labels < 2) return undefined;
    if (!TLD_SET.has(t.slice(host.lastLabel, host.end).toLowerCase())) return plainWord(t, end) ? null : undefined;
  }
  let last = host.end;
  if (last < end) {
    const c = t.charCodeAt(last);
    if (c !== 47 && c !== 63 && c !== 35) return undefined;
    last = pathEnd(t, last, end);
    if (last < 0) return undefined;
  }
  const text = t.slice(0, last);
  return { schema, index: 0, lastIndex: last, text, url: schema ? text : `http://${text}` };
}

/** Only letters, digits, dots and hyphens: linkify-it can find a link nowhere but at the start. */
function plainWord(t: string, end: number): boolean {
  for (let k = 0; k < end; k++) if (!is(t, k, ALNUM) && t.charCodeAt(k) !== 46 && t.charCodeAt(k) !== 45) return false;
  return true;
}

function emailMatch(t: string, at: number, end: number): LinkMatch | undefined {
  if (at === 0 || at > 64 || t.charCodeAt(0) === 46 || t.charCodeAt(at - 1) === 46) return undefined;
  for (let k = 0; k < at; k++) {
    if (!is(t, k, NAME) || (t.charCodeAt(k) === 46 && t.charCodeAt(k + 1) === 46)) return undefined;
  }
  const host = readHost(t, at + 1, end);
  if (!host || host.end !== end || host.labels < 2 || host.labels > 5 || host.hyphenInLast) return undefined;
  const text = t.slice(0, end);
  return { schema: 'mailto:', index: 0, lastIndex: end, text, url: `mailto:${text}` };
}

const WORDS_AND_DOTS = /^[\p{L}\p{N}\p{M}.-]+$/u;

/**
 * A token of letters and digits (any script), dots and hyphens can only be a bare link from its start
 * to its end, so it is none when its last label is not a TLD ("сказал.Но", "лет.МОЖНО").
 */
function wordsAndDots(t: string, end: number): null | undefined {
  const core = t.slice(0, end);
  const dot = core.lastIndexOf('.');
  if (dot === core.length - 1 || !WORDS_AND_DOTS.test(core)) return undefined;
  const last = core.slice(dot + 1).toLowerCase();
  return dot < 0 || (!TLD_SET.has(last) && !last.startsWith('xn--')) ? null : undefined;
}

/**
 * What linkify-it's match() returns for a whitespace-free token, when the token is a plain link or
 * e-mail: the one match, null when there is surely none, undefined when linkify-it must decide.
 */
export function fastLinkMatch(token: string): LinkMatch | null | undefined {
  const n = token.length;
  if (n === 0 || n > 256) return undefined;
  const md = token.indexOf('](');
  if (md >= 0) return markdownLink(token, md);
  const end = is(token, n - 1, TRAIL) ? n - 1 : n;
  for (let k = 0; k < n; k++) if (token.charCodeAt(k) >= 128) return wordsAndDots(token, end);
  if (token.charCodeAt(0) === 40) return shifted(fastLinkMatch(token.slice(1))); // "(t.me/x)"
  const at = token.indexOf('@');
  if (at < 0) return linkMatch(token, end);
  return token.indexOf('@', at + 1) < 0 ? emailMatch(token, at, end) : undefined;
}

/** A match found after a leading "(": linkify-it accepts a link or an e-mail after it alike. */
function shifted(m: LinkMatch | null | undefined): LinkMatch | null | undefined {
  return m ? { ...m, index: m.index + 1, lastIndex: m.lastIndex + 1 } : m;
}

// Nothing here can hold or begin a link: no @, colon or slash, and no dot before a letter or digit.
const LINKLESS = /^(?:[^.@:/]|\.(?![\p{L}\p{N}]))*$/u;

/**
 * "label](url)rest", a Markdown link as Telegram exports it (most links in exported channel posts):
 * the link is the url's, read as after a "(", when neither the label nor the rest could hold one.
 */
function markdownLink(token: string, md: number): LinkMatch | undefined {
  const close = token.indexOf(')', md + 2);
  if (close < 0 || !LINKLESS.test(token.slice(0, md)) || !LINKLESS.test(token.slice(close + 1))) return undefined;
  const m = fastLinkMatch(token.slice(md + 1, close + 1));
  return m ? { ...m, index: m.index + md + 1, lastIndex: m.lastIndex + md + 1 } : undefined;
}
