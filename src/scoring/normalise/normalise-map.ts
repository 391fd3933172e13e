// Pass 1: code points of the original -> folded code units, each remembering its source index.
import { CodeBuffer } from './normalise-buffer.ts';
import { EMOJI_WORDS, flagWord } from './emoji-words.ts';
import {
  charInfo,
  classOf,
  isLetterClass,
  K_COMBINING,
  K_DROP,
  K_MULTI,
  K_ONE,
  K_SPACE,
  K_SYMBOL,
  multiOf,
  SYMBOL_MARK,
} from './normalise-chars.ts';

const composed = new Map<number, number>();
const COMPOSE_CACHE_MAX = 8192;

/** Composes a combining mark with the previous letter (e + ◌́ -> é); returns -1 when impossible. */
function compose(prev: number, cp: number): number {
  const key = prev * 0x110000 + cp;
  const hit = composed.get(key);
  if (hit !== undefined) return hit;
  const s = (String.fromCharCode(prev) + String.fromCodePoint(cp)).normalize('NFC');
  const r = s.length === 1 ? s.charCodeAt(0) : -1;
  if (composed.size < COMPOSE_CACHE_MAX) composed.set(key, r);
  return r;
}

function isLetterAt(src: string, j: number): boolean {
  const c = src.charCodeAt(j);
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  const info = charInfo(src.codePointAt(j)!);
  return (info & 7) === K_ONE && isLetterClass(classOf(info >> 3));
}

/** "con-\n tract" (a word hyphenated over a line break, as OCR returns it): index to resume at, or -1. */
function hyphenBreakEnd(src: string, i: number, out: CodeBuffer): number {
  const prev = out.last();
  if (prev < 0 || !isLetterClass(classOf(prev))) return -1;
  let j = i + 1;
  let sawNewline = false;
  for (; j < src.length; j++) {
    const c = src.charCodeAt(j);
    if (c === 10) sawNewline = true;
    else if (c !== 32 && c !== 9 && c !== 13) break;
  }
  return sawNewline && j < src.length && isLetterAt(src, j) ? j : -1;
}

/** What the last mapChars() wrote: the word pass looks for emoji between words only where there are symbols. */
export const mapStats = { symbols: 0 };

function pushInfo(out: CodeBuffer, cp: number, info: number, at: number): void {
  switch (info & 7) {
    case K_ONE:
      out.push(info >> 3, at);
      return;
    case K_SPACE:
      out.push(32, at);
      return;
    case K_SYMBOL:
      out.push(SYMBOL_MARK, at);
      mapStats.symbols++;
      return;
    case K_MULTI: {
      const s = multiOf(cp);
      for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k), at);
      return;
    }
    case K_COMBINING: {
      const prev = out.last();
      if (prev >= 0 && isLetterClass(classOf(prev))) {
        const c = compose(prev, cp);
        // the composed letter folds like a precomposed one (e + ◌́ -> é -> e; и + ◌̆ -> й)
        if (c >= 0) { const info = charInfo(c); out.codes[out.length - 1] = (info & 7) === K_ONE ? info >> 3 : c; }
      }
      return; // an uncomposable mark (strike-through, zalgo) is noise
    }
    case K_DROP:
    default:
  }
}

// Regional-indicator letters make a flag two by two (🇷🇺); one standing alone, between spaces or
// zero-width characters ("🇯 🇴 🇧"), spells a letter. In the pictures-as-words reading a flag is its
// country's name.
const REGIONAL_A = 0x1f1e6;
const isRegional = (cp: number) => cp >= REGIONAL_A && cp <= 0x1f1ff;

/** The word a picture at code point cp (ending at index i) reads as, or ''. */
function pictureWord(src: string, cp: number, i: number): string {
  if (!isRegional(cp)) return EMOJI_WORDS.get(cp) ?? '';
  const next = src.codePointAt(i + 1) ?? 0;
  return isRegional(next) ? flagWord(cp, next) : ''; // pairs are read left to right, each consumed whole
}

// ASCII folding: lower case, whitespace controls to a space, other controls dropped (0).
const ASCII = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 65 && c <= 90) ASCII[c] = c + 32;
  else if (c >= 32 && c !== 127) ASCII[c] = c;
  else if (c >= 9 && c <= 13) ASCII[c] = 32;
}

function pushWord(out: CodeBuffer, word: string, at: number, slack: number): void {
  for (let k = 0; k < word.length; k++) out.push(word.charCodeAt(k), at);
  out.reserve(out.length + slack);
}

/**
 * Pass 1. The ASCII path writes straight into the arrays: room for one unit per source unit is kept.
 * With `pictureWords`, flags and the emoji of emoji-words.ts are written as their words.
 */
export function mapChars(src: string, out: CodeBuffer, pictureWords = false): void {
  const n = src.length;
  out.reset(n + 16);
  mapStats.symbols = 0;
  let codes = out.codes;
  let origin = out.origin;
  let len = 0;
  for (let i = 0; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c < 0x80) {
      if (c === 45) {
        out.length = len;
        const j = hyphenBreakEnd(src, i, out);
        if (j >= 0) {
          i = j - 1;
          continue;
        }
      }
      const m = ASCII[c];
      if (m !== 0) {
        codes[len] = m;
        origin[len++] = i;
      }
      continue;
    }
    let cp = c;
    const at = i;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = src.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    const word = pictureWords ? pictureWord(src, cp, i) : '';
    if (word !== '') {
      out.length = len;
      pushWord(out, word, at, n - i + 16);
      if (isRegional(cp)) i += 2; // the flag's second letter
      len = out.length;
      codes = out.codes;
      origin = out.origin;
      continue;
    }
    if (isRegional(cp) && !isRegional(src.codePointAt(at - 2) ?? 0) && !isRegional(src.codePointAt(i + 1) ?? 0)) {
      codes[len] = 97 + cp - REGIONAL_A;
      origin[len++] = at;
      continue;
    }
    const info = charInfo(cp);
    if ((info & 7) === K_ONE) {
      codes[len] = info >> 3;
      origin[len++] = at;
      continue;
    }
    out.length = len;
    pushInfo(out, cp, info, at);
    if (out.length > len + 1) out.reserve(out.length + n - i + 16); // a multi-unit expansion ate the slack
    len = out.length;
    codes = out.codes;
    origin = out.origin;
  }
  out.length = len;
}

/** Folds the non-ASCII characters of a pattern source the same way (ASCII, i.e. regex syntax, is kept). */
export function foldNonAscii(source: string): string {
  let out = '';
  for (const ch of source.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out += ch;
      continue;
    }
    const info = charInfo(cp);
    const kind = info & 7;
    if (kind === K_ONE) out += String.fromCharCode(info >> 3);
    else if (kind === K_MULTI) out += multiOf(cp);
    else if (kind === K_SPACE) out += ' ';
    else if (kind === K_SYMBOL || kind === K_COMBINING) out += ch;
  }
  return out;
}
