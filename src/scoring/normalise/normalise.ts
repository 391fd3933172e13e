// Text normalisation for matching a lower-case, multi-script pattern pack, with an offset map back
// to the original text. Three linear passes over UTF-16 code units into reused typed arrays:
// characters (NFKC, case, invisibles, digits, Arabic variants) -> words (spaced-out letters, junk
// inside words, look-alike letters, OCR digits, whitespace) -> numbers (only at the word starts where one may begin).
import { CodeBuffer } from './normalise-buffer.ts';
import { foldNonAscii, mapChars } from './normalise-map.ts';
import { convertNumbers, mayConvert } from './normalise-numbers.ts';
import { foldWords, numberStarts } from './normalise-words.ts';

export interface Normalized {
  text: string;
  /** for each UTF-16 index i of text, the index in the original where it came from */
  origin: Int32Array;
  /** original length */
  sourceLength: number;
}

const a = new CodeBuffer(4096);
const b = new CodeBuffer(4096);

export function normalize(original: string): Normalized {
  return run(original, false);
}

/** normalize() with flags and the pictures of emoji-words.ts read as words (picture-reading.ts). */
export function normalizeReadingPictures(original: string): Normalized {
  return run(original, true);
}

function run(original: string, pictureWords: boolean): Normalized {
  const src = typeof original === 'string' ? original : String(original ?? '');
  mapChars(src, a, pictureWords);
  foldWords(a, b);
  let out = b;
  if (numberStarts.count > 0 && mayConvert(b, numberStarts.at, numberStarts.count)) {
    convertNumbers(b, a, numberStarts.at, numberStarts.count);
    out = a;
  }
  return { text: out.text(), origin: out.origin.slice(0, out.length), sourceLength: src.length };
}

/**
 * Span of the original text that produced text[start, end): from the source of the first unit
 * to just before the next source character that follows the last unit's source.
 */
export function toOriginalSpan(n: Normalized, start: number, end: number): { start: number; end: number } {
  const len = n.origin.length;
  if (len === 0 || start >= len) return { start: n.sourceLength, end: n.sourceLength };
  const s = n.origin[Math.max(0, start)];
  if (end <= start) return { start: s, end: s };
  const lastSource = n.origin[Math.min(end, len) - 1];
  for (let k = Math.min(end, len); k < len; k++) {
    if (n.origin[k] > lastSource) return { start: s, end: n.origin[k] };
  }
  return { start: s, end: n.sourceLength };
}

/**
 * Folds the non-ASCII characters of a pattern (regex source) like the text: Arabic variants,
 * Persian digits, NFKC, lower case. ASCII is left alone, so regex syntax survives.
 */
export function foldPattern(source: string): string {
  return foldNonAscii(source);
}
