// The text indicators are read from: the original with invisibles removed and digits folded to
// ASCII (Persian, Arabic-Indic, Devanagari, full-width), case and punctuation kept, because
// handles, invite codes and e-mail addresses must survive as written.
import { charInfo, K_DROP, K_ONE } from './normalise-chars.ts';

export interface LiteText {
  text: string;
  /** original index of each code unit of text (a view of a shared buffer: valid until the next call) */
  origin: Int32Array;
}

let originBuffer = new Int32Array(1024);

export function liteText(original: string): LiteText {
  const n = original.length;
  if (originBuffer.length < n) originBuffer = new Int32Array(n + (n >> 1));
  const origin = originBuffer;
  let out = '';
  let len = 0;
  let runStart = 0; // start of a run copied unchanged, appended only when a change ends it
  for (let i = 0; i < n; i++) {
    const c = original.charCodeAt(i);
    if (c < 0x80) {
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
      out += String.fromCharCode(c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : mapped);
      origin[len++] = i;
      runStart = i + (wide ? 2 : 1);
    } else {
      origin[len++] = i;
      if (wide) origin[len++] = i;
    }
    if (wide) i++;
  }
  const text = runStart === 0 ? original : runStart < n ? out + original.slice(runStart) : out;
  return { text, origin: origin.subarray(0, len) };
}

/** What a text could hold, from one cheap scan: each finder runs only when its indicator is possible. */
export interface TextShape {
  digits: number; // ASCII digits
  linkish: boolean; // a letter or digit, then . or @, then an ASCII letter ("x.ab", "a@b")
  longestAlnum: number; // longest run of ASCII letters and digits
}

export function textShape(text: string): TextShape {
  let digits = 0;
  let linkish = false;
  let run = 0;
  let longest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c | 32) >= 97 && (c | 32) <= 122;
    if (letter || (c >= 48 && c <= 57)) {
      if (!letter) digits++;
      if (++run > longest) longest = run;
      continue;
    }
    if ((c === 46 || c === 64) && i > 0 && !linkish) linkish = isLinkish(text, i);
    run = 0;
  }
  return { digits, linkish, longestAlnum: longest };
}

function isLinkish(text: string, i: number): boolean {
  const p = text.charCodeAt(i - 1);
  const n = text.charCodeAt(i + 1) | 32;
  return n >= 97 && n <= 122 && (p > 0x7f || p === 45 || p === 95 || (p | 32) >= 97 && (p | 32) <= 122 || (p >= 48 && p <= 57));
}
