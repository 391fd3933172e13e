// Letters spaced out ("s i g n i n g  b o n u s", "s.i.g.n", "к-о-н-т-р-а-к-т"): at least three
// single letters or digits in a row ("2 0 0 0"), each pair separated by exactly one space, dot or
// dash, the same one all through the word: in "s.i.g.n n.o.w" the space ends the first word. A run
// is letters or digits, not both: "b o n u s 1,500" is a word and an amount.
import { C_DIGIT, C_OTHER, classOf, isLetterClass } from './normalise-chars.ts';

export const MIN_SPACED_RUN = 3;

const isDigit = (u: number) => classOf(u) === C_DIGIT;

function isSeparator(u: number): boolean {
  return u === 32 || u === 46 || u === 45 || u === 0x2013 || u === 0x2014;
}

/** True when codes[i] is a letter or digit with no word character directly before or after it. */
export function singleLetter(codes: Uint16Array, i: number, n: number): boolean {
  const c = classOf(codes[i]);
  if (!isLetterClass(c) && c !== C_DIGIT) return false;
  if (i > 0 && classOf(codes[i - 1]) !== C_OTHER) return false;
  return i + 1 >= n || classOf(codes[i + 1]) === C_OTHER;
}

/** Number of single letters in the spaced run starting at the single letter i (1 when there is none). */
export function spacedRun(codes: Uint16Array, i: number, n: number): number {
  let count = 1;
  let k = i;
  const sep = i + 1 < n ? codes[i + 1] : 0;
  const digits = isDigit(codes[i]);
  while (k + 2 < n && codes[k + 1] === sep && isSeparator(sep) && singleLetter(codes, k + 2, n) && isDigit(codes[k + 2]) === digits) {
    count++;
    k += 2;
  }
  return count;
}

// A two-letter word spaced out between wider gaps ("j o i n   t o   u s"): a pair with at least two
// spaces (or the text's edge) before it and two spaces, punctuation or the edge after it. Ordinary
// text has no such pair; two single letters in a sentence ("a b") are left alone.
export function boundedPair(codes: Uint16Array, i: number, n: number): boolean {
  if (codes[i + 1] !== 32) return false;
  const before = i === 0 || (i >= 2 && codes[i - 1] === 32 && codes[i - 2] === 32);
  const e = i + 3;
  const after = e >= n || (codes[e] === 32 ? e + 1 >= n || codes[e + 1] === 32 : true);
  return before && after;
}

// Letters spaced with wide gaps ("s  i  g  n    t h e"): the gap between the letters of a word is a
// run of 2–4 spaces, the same width all through the word; a wider gap ends the word.
export const MAX_WIDE_GAP = 4;

/** Width of the space run after the single letter i when it is 2..MAX_WIDE_GAP spaces (else 0). */
export function wideGap(codes: Uint16Array, i: number, n: number): number {
  let w = 0;
  while (i + 1 + w < n && codes[i + 1 + w] === 32 && w <= MAX_WIDE_GAP) w++;
  return w >= 2 && w <= MAX_WIDE_GAP ? w : 0;
}

/** Number of single letters spaced exactly `gap` spaces apart from the single letter i. */
export function wideSpacedRun(codes: Uint16Array, i: number, n: number, gap: number): number {
  let count = 1;
  let k = i;
  const stride = gap + 1;
  const digits = isDigit(codes[i]);
  while (k + stride < n && singleLetter(codes, k + stride, n) && isDigit(codes[k + stride]) === digits) {
    let spaces = true;
    for (let s = 1; s <= gap; s++) if (codes[k + s] !== 32) spaces = false;
    if (!spaces) break;
    count++;
    k += stride;
  }
  return count;
}
