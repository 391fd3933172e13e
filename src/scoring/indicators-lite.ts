// The text indicators are read from: the original with invisibles removed and digits folded to
// ASCII (Persian, Arabic-Indic, Devanagari, full-width), case and punctuation kept, because
// handles, invite codes and e-mail addresses must survive as written. The same scan notes the
// text's shape, so each finder runs only when its indicator is possible.
import { charInfo, K_DROP, K_ONE } from './normalise-chars.ts';

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

class ShapeScan implements TextShape {
  digits = 0;
  linkish = false;
  longestAlnum = 0;
  private run = 0;
  private prev = -1;
  private dotAfterWord = false;

  /** Notes one code unit of the lite text. */
  add(u: number): void {
    const letter = (u | 32) >= 97 && (u | 32) <= 122;
    if (this.dotAfterWord && letter) this.linkish = true;
    this.dotAfterWord = false;
    if (letter || (u >= 48 && u <= 57)) {
      if (!letter) this.digits++;
      if (++this.run > this.longestAlnum) this.longestAlnum = this.run;
    } else {
      this.run = 0;
      if ((u === 46 || u === 64) && this.prev >= 0) this.dotAfterWord = wordEnd(this.prev);
    }
    this.prev = u;
  }
}

function wordEnd(p: number): boolean {
  return p > 0x7f || p === 45 || p === 95 || ((p | 32) >= 97 && (p | 32) <= 122) || (p >= 48 && p <= 57);
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
      shape.add(c);
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
      shape.add(u);
      origin[len++] = i;
      runStart = i + (wide ? 2 : 1);
    } else {
      shape.add(c);
      origin[len++] = i;
      if (wide) {
        shape.add(next);
        origin[len++] = i;
      }
    }
    if (wide) i++;
  }
  const text = runStart === 0 ? original : runStart < n ? out + original.slice(runStart) : out;
  return { text, origin: origin.subarray(0, len), shape };
}
