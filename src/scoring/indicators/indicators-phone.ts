// Phone numbers: a linear scan for digit groups, each candidate checked with libphonenumber-js.
// OCR of right-to-left flyers can return the groups in reverse order ("4567 123 374+"), so the
// reversed reading is tried when the straight one is not a valid number.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface PhoneCandidate {
  start: number;
  end: number;
  groups: string[];
  plus: boolean; // written with a leading + or 00
  trailingPlus: boolean; // "... 374+": a mirrored international number
}

export interface Phone {
  e164: string;
  country?: string;
}

const MAX_DIGITS = 17;
const MAX_CANDIDATES = 200; // phones checked per text: bounds libphonenumber work on hostile input
const SEPARATOR = new Uint8Array(0x2014);
for (const c of [32, 45, 46, 40, 41, 47, 0xa0, 0x2011, 0x2013]) SEPARATOR[c] = 1;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSeparator(c: number): boolean {
  return c < 0x2014 && SEPARATOR[c] === 1;
}

/** Boundaries of the digit groups last read: [start, end, start, end, ...] (the loop stops past 17 digits). */
const bounds = new Int32Array(2 * (MAX_DIGITS + 2));
let boundCount = 0;

/** Reads the digit groups starting at i into `bounds`; returns the end and the digit count. */
function readGroups(text: string, i: number): { end: number; digits: number } {
  boundCount = 0;
  let digits = 0;
  let j = i;
  for (;;) {
    const g = j;
    while (j < text.length && isDigit(text.charCodeAt(j))) j++;
    bounds[boundCount++] = g;
    bounds[boundCount++] = j;
    digits += j - g;
    let k = j;
    while (k < text.length && k - j < 3 && isSeparator(text.charCodeAt(k))) k++;
    if (k === j || k >= text.length || !isDigit(text.charCodeAt(k)) || digits > MAX_DIGITS) break;
    if (j - g === 4 && text.slice(j, k).includes('.')) break; // "2024. 15" is not one number
    j = k;
  }
  return { end: j, digits };
}

const LETTER = /\p{L}/u;

function isWordChar(c: number): boolean {
  if (c < 0x80) return isDigit(c) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return LETTER.test(String.fromCharCode(c));
}

function candidateAt(text: string, i: number, end: number): PhoneCandidate {
  const groups: string[] = [];
  for (let k = 0; k < boundCount; k += 2) groups.push(text.slice(bounds[k], bounds[k + 1]));
  const before = text.charCodeAt(i - 1) === 40 ? i - 1 : i; // "("
  const plus = text.charCodeAt(before - 1) === 43 || groups[0].startsWith('00');
  const trailingPlus = text.charCodeAt(end) === 43;
  return { start: text.charCodeAt(before - 1) === 43 ? before - 1 : i, end: trailingPlus ? end + 1 : end, groups, plus, trailingPlus };
}

export function findPhoneCandidates(text: string): PhoneCandidate[] {
  const out: PhoneCandidate[] = [];
  for (let i = 0; i < text.length && out.length < MAX_CANDIDATES; i++) {
    if (!isDigit(text.charCodeAt(i)) || (i > 0 && isWordChar(text.charCodeAt(i - 1)))) continue;
    const { end, digits } = readGroups(text, i);
    if (digits >= 8 && digits <= 15) out.push(candidateAt(text, i, end));
    i = end;
  }
  return out;
}

// libphonenumber-js costs tens of µs per parse; recruiters repeat their numbers across posts.
const cache = new Map<string, Phone | null>();
const CACHE_MAX = 20_000;

function valid(s: string, country?: CountryCode): Phone | null {
  const key = country ? `${country}:${s}` : s;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const p = parsePhoneNumberFromString(s, country);
  const result = p && p.isValid() ? { e164: p.number, country: p.country } : null;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, result);
  return result;
}

/** E.164 of a digit string written without "+" (a wa.me link); unvalidated numbers keep their digits. */
export function phoneFromDigits(digits: string): Phone {
  return valid(`+${digits}`) ?? { e164: `+${digits}` };
}

// Country codes seen in the schemes: a number written without "+" is read internationally only for these.
const SEEN_CODES = ['7', '374', '98', '91', '977', '94', '254', '255', '27', '53', '971', '852', '375', '380', '880', '92', '234', '233', '20', '964', '966', '968', '992', '996', '998', '993', '994', '995', '256', '251', '63', '62', '84'];

/** `hints` gives the default countries for a national number; it is asked only when one is needed. */
export function readPhone(c: PhoneCandidate, hints: () => CountryCode[]): Phone | null {
  const straight = c.groups.join('').replace(/^00/, '');
  const reversed = [...c.groups].reverse().join('').replace(/^00/, '');
  if (c.trailingPlus) return valid(`+${reversed}`);
  if (c.plus) return valid(`+${straight}`) ?? (c.groups.length > 1 ? valid(`+${reversed}`) : null);
  for (const digits of [straight, reversed]) {
    if (digits.length >= 11 && SEEN_CODES.some((cc) => digits.startsWith(cc))) {
      const p = valid(`+${digits}`);
      if (p) return p;
    }
  }
  // National forms: a trunk 0 or 8 (most countries), or a bare 10-digit mobile (India 6-9…, Nepal 97/98…).
  if (/^[08]/.test(straight) || /^[6-9]\d{9}$/.test(straight)) for (const country of hints()) {
    const p = valid(straight, country);
    if (p) return p;
  }
  return null;
}

// Countries named in the text, for Latin-script posts that have no script to go by.
const NAMED_COUNTRIES: Array<[RegExp, CountryCode]> = [
  [/\b(?:india|indian|hindustan)|भारत/i, 'IN'],
  [/\bnepal|नेपाल/i, 'NP'],
  [/\b(?:kenya|ksh|nairobi|mombasa)\b/i, 'KE'],
  [/\b(?:sri lanka|colombo)\b/i, 'LK'],
  [/\b(?:tanzania|dar es salaam)\b/i, 'TZ'],
  [/\b(?:uganda|kampala)\b/i, 'UG'],
  [/\b(?:nigeria|lagos)\b/i, 'NG'],
];

/** Default countries for numbers in national form, guessed from the scripts and the countries named. */
export function countryHints(text: string): CountryCode[] {
  const hints: CountryCode[] = [];
  for (const [re, country] of NAMED_COUNTRIES) if (re.test(text)) hints.push(country);
  if (/[پچژگیک]/.test(text)) hints.push('IR');
  if (/[\u0400-\u04ff]/.test(text)) hints.push('RU');
  if (/[\u0900-\u097f]/.test(text)) hints.push('IN', 'NP');
  // Iran first: the other Arabic-script countries' national forms are rarely valid Iranian numbers.
  if (/[\u0600-\u06ff]/.test(text)) hints.push('IR', 'AE', 'SA', 'EG', 'IQ');
  return hints;
}
