// The text indicators are read from: the original with invisibles removed and digits folded to
// ASCII (Persian, Arabic-Indic, Devanagari, full-width), case and punctuation kept, because
// handles, invite codes and e-mail addresses must survive as written. The same scan notes the
// text's shape, so each finder runs only when its indicator is possible.
import { charInfo, K_DROP, K_ONE } from '../normalise/normalise-chars.ts';

/** What the lite text could hold. */
export interface TextShape {
  digits: number; // ASCII digits
  linkish: boolean; // a letter or digit (or - _ or non-ASCII), then . or @, then an ASCII letter: "x.ab", "a@b"
  longestAlnum: number; // longest run of ASCII letters and digits
}

export interface LiteText {
  text: string;
  /** original index of each code unit of text (a view of a shared buffer: valid until the next call) */
  origin: Int32Array;
  shape: TextShape;
}

let originBuffer = new Int32Array(1024);

// ASCII classes for the shape: letter, digit, '.' or '@', and what may end a word before '.' or '@'.
const LETTER = 1;
const DIGIT = 2;
const DOT = 4;
const WORD_END = 8;
const ASCII_SHAPE = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c | 32) >= 97 && (c | 32) <= 122;
  const digit = c >= 48 && c <= 57;
  ASCII_SHAPE[c] = (letter ? LETTER : 0) | (digit ? DIGIT : 0) | (c === 46 || c === 64 ? DOT : 0) |
    (letter || digit || c === 45 || c === 95 ? WORD_END : 0);
}
const NON_ASCII = WORD_END;

/** Shape of the lite text, fed one code unit class at a time (ASCII_SHAPE, or NON_ASCII). */
class ShapeScan implements TextShape {
  digits = 0;
  linkish = false;
  longestAlnum = 0;
  run = 0;
  prevWordEnd = false;
  dotAfterWord = false;

  add(k: number): void {
    if (this.dotAfterWord && k & LETTER) this.linkish = true;
    this.dotAfterWord = false;
    if (k & (LETTER | DIGIT)) {
      if (k & DIGIT) this.digits++;
      if (++this.run > this.longestAlnum) this.longestAlnum = this.run;
    } else {
      this.run = 0;
      if (k & DOT) this.dotAfterWord = this.prevWordEnd;
    }
    this.prevWordEnd = (k & WORD_END) !== 0;
  }
}

export function liteText(original: string): LiteText {
  const n = original.length;
  if (originBuffer.length < n) originBuffer = new Int32Array(n + (n >> 1));
  const origin = originBuffer;
  const shape = new ShapeScan();
  let out = '';
  let len = 0;
  let runStart = 0; // start of a run copied unchanged, appended only when a change ends it
  for (let i = 0; i < n; i++) {
    const c = original.charCodeAt(i);
    if (c < 0x80) {
      shape.add(ASCII_SHAPE[c]);
      origin[len++] = i;
      continue;
    }
    const next = i + 1 < n ? original.charCodeAt(i + 1) : 0;
    const wide = c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const info = charInfo(wide ? original.codePointAt(i)! : c);
    const kind = info & 7;
    const mapped = info >> 3;
    if (kind === K_DROP) {
      if (i > runStart) out += original.slice(runStart, i);
      runStart = i + (wide ? 2 : 1);
    } else if (kind === K_ONE && mapped < 0x80 && ((mapped >= 48 && mapped <= 57) || (c >= 0xff01 && c <= 0xff5e))) {
      if (i > runStart) out += original.slice(runStart, i);
      const u = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : mapped;
      out += String.fromCharCode(u);
      shape.add(ASCII_SHAPE[u]);
      origin[len++] = i;
      runStart = i + (wide ? 2 : 1);
    } else {
      shape.add(NON_ASCII);
      origin[len++] = i;
      if (wide) {
        shape.add(NON_ASCII);
        origin[len++] = i;
      }
    }
    if (wide) i++;
  }
  const text = runStart === 0 ? original : runStart < n ? out + original.slice(runStart) : out;
  return { text, origin: origin.subarray(0, len), shape };
}
