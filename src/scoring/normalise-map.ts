// Pass 1: code points of the original -> folded code units, each remembering its source index.
import { CodeBuffer } from './normalise-buffer.ts';
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
        if (c >= 0) out.codes[out.length - 1] = c;
      }
      return; // an uncomposable mark (strike-through, zalgo) is noise
    }
    case K_DROP:
    default:
  }
}

export function mapChars(src: string, out: CodeBuffer): void {
  const n = src.length;
  out.reset(n + 16);
  for (let i = 0; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 65 && c <= 90) out.push(c + 32, i);
      else if (c === 45) {
        const j = hyphenBreakEnd(src, i, out);
        if (j < 0) out.push(c, i);
        else i = j - 1;
      } else if (c >= 32 && c !== 127) out.push(c, i);
      else if (c >= 9 && c <= 13) out.push(32, i);
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
    pushInfo(out, cp, charInfo(cp), at);
  }
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
