// Indicators that link items: phones, WhatsApp, Telegram, e-mails, URLs, money, crypto addresses.
// Identifiers are read from a lightly cleaned copy of the original (case kept), money from the
// normalised text; everything is ordered by its position in the original and deduplicated.
import { findCrypto } from './indicators-crypto.ts';
import { findHandles, findLinks, type Found } from './indicators-links.ts';
import { liteText, type LiteText, type TextShape } from './indicators-lite.ts';
import { findLakhs, findMoney } from './indicators-money.ts';
import { countryHints, findPhoneCandidates, readPhone } from './indicators-phone.ts';
import { normalize, toOriginalSpan, type Normalized } from '../normalise/normalise.ts';
import type { CountryCode } from 'libphonenumber-js';
import type { Indicator } from '../types.ts';

interface Placed {
  start: number; // original offsets
  end: number;
  indicator: Indicator;
}

const WHATSAPP_WORD = /(?:whats\s?app|whatsap|what's\s?app|واتس\s?[اآ]پ|واتساپ|واتساب|واتس|ватсап|вотсап|вацап|व्हाट्सएप|व्हाट्सऐप|व्हाट्सअप|(?<![\p{L}])wa(?![\p{L}]))/iu;

/** Original spans already taken, asked "does [start, end) overlap one?" in O(log n) (a hostile text has thousands). */
class Taken {
  private starts: number[];
  private maxEnds: number[]; // the largest end among the spans up to this one, in start order

  constructor(list: Placed[]) {
    const sorted = [...list].sort((x, y) => x.start - y.start);
    this.starts = sorted.map((p) => p.start);
    let max = -Infinity;
    this.maxEnds = sorted.map((p) => (max = Math.max(max, p.end)));
  }

  overlaps(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.starts.length; // first span starting at or after `end`
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.maxEnds[lo - 1] > start;
  }
}

function fromLite(lite: LiteText, sourceLength: number, f: Found): Placed {
  const start = lite.origin[f.at] ?? sourceLength;
  const end = f.end < lite.origin.length ? lite.origin[f.end] : sourceLength;
  return { start, end, indicator: f.indicator };
}

function phones(lite: LiteText, sourceLength: number, taken: Taken): Placed[] {
  const out: Placed[] = [];
  const candidates = findPhoneCandidates(lite.text);
  if (candidates.length === 0) return out;
  let hints: CountryCode[] | undefined;
  const hintsOnce = (): CountryCode[] => (hints ??= countryHints(lite.text));
  for (const c of candidates) {
    const placed = fromLite(lite, sourceLength, { at: c.start, end: c.end, indicator: { type: 'phone', value: '' } });
    if (taken.overlaps(placed.start, placed.end)) continue;
    const phone = readPhone(c, hintsOnce);
    if (!phone) continue;
    const detail = phone.country ? { country: phone.country } : undefined;
    const indicator: Indicator = { type: 'phone', value: phone.e164, ...(detail && { detail }) };
    out.push({ ...placed, indicator });
    const around = lite.text.slice(Math.max(0, c.start - 40), c.end + 20);
    if (WHATSAPP_WORD.test(around)) {
      out.push({ ...placed, indicator: { type: 'whatsapp', value: phone.e164, ...(detail && { detail }) } });
    }
  }
  return out;
}

function money(original: string, n: Normalized, lite: LiteText, shape: TextShape): Placed[] {
  const out: Placed[] = [];
  for (const m of findMoney(n.text)) {
    const span = toOriginalSpan(n, m.at, m.end);
    out.push({ start: span.start, end: span.end, indicator: m.indicator });
  }
  if (shape.digits > 0 && /lakh|lac|crore|लाख|करोड|ਲੱਖ|ਕਰੋੜ|لاکھ|کروڑ/i.test(original)) {
    for (const m of findLakhs(lite.text)) out.push(fromLite(lite, original.length, m));
  }
  return out;
}

const FEW = 16;

function dedupe(all: Placed[]): Indicator[] {
  all.sort((x, y) => x.start - y.start || x.end - y.end);
  const out: Indicator[] = [];
  // A post holds a handful of indicators: comparing with those kept beats building string keys,
  // and string keys keep a hostile text with thousands of them linear.
  const seen = all.length > FEW ? new Set<string>() : null;
  for (const { indicator } of all) {
    if (seen) {
      const key = `${indicator.type}\u0000${indicator.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
    } else if (out.some((o) => o.type === indicator.type && o.value === indicator.value)) continue;
    out.push(indicator);
  }
  return out;
}

// Shortest text that can hold each indicator: 8 digits for a phone, "bc1" + 11 for a crypto address.
const PHONE_DIGITS = 8;
const CRYPTO_RUN = 14;

export function extractIndicators(original: string, n?: Normalized): Indicator[] {
  const text = typeof original === 'string' ? original : String(original ?? '');
  const norm = n ?? normalize(text);
  const lite = liteText(text);
  const shape = lite.shape;
  const placed: Placed[] = [];
  if (shape.linkish) for (const f of findLinks(lite.text)) placed.push(fromLite(lite, text.length, f));
  if (shape.longestAlnum >= CRYPTO_RUN) for (const f of findCrypto(lite.text)) placed.push(fromLite(lite, text.length, f));
  const links = placed.slice();
  if (lite.text.includes('@')) {
    const taken = new Taken(links);
    for (const f of findHandles(lite.text, (at) => taken.overlaps(lite.origin[at], lite.origin[at] + 1))) {
      placed.push(fromLite(lite, text.length, f));
    }
  }
  const cash = money(text, norm, lite, shape);
  if (shape.digits >= PHONE_DIGITS) placed.push(...phones(lite, text.length, new Taken(links.concat(cash))));
  placed.push(...cash);
  return placed.length === 0 ? [] : dedupe(placed);
}
