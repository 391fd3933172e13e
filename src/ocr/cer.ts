// Character error rate as the OCR evaluation defines it: Levenshtein distance over Unicode code points
// divided by the reference length, both sides with whitespace collapsed to single spaces.

const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g;
const BIDI_MARKS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/** Removes directional marks; ZWNJ (U+200C) stays, it is part of Persian spelling. */
export function stripBidiMarks(s: string): string {
  return s.replace(BIDI_MARKS, '');
}

/** Arabic-Indic (U+0660..) and Extended Arabic-Indic/Persian (U+06F0..) digits to ASCII, so digit script does not count. */
export function asciiDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.codePointAt(0)! & 0xf));
}

/** The lenient form: no harakat or tatweel, ASCII digits, NFC. */
export function normaliseForCer(s: string): string {
  return asciiDigits(stripBidiMarks(s).normalize('NFC').replace(ARABIC_DIACRITICS, ''));
}

export function levenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = new Uint32Array(y.length + 1).map((_, j) => j);
  let cur = new Uint32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const sub = prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length];
}

/** CER of `hypothesis` against `reference`; an empty reference gives 0 for an empty hypothesis, else 1. */
export function cer(hypothesis: string, reference: string): number {
  const ref = collapseWhitespace(reference);
  const hyp = collapseWhitespace(hypothesis);
  const refLen = Array.from(ref).length;
  if (refLen === 0) return hyp.length === 0 ? 0 : 1;
  return levenshtein(hyp, ref) / refLen;
}

/** CER after normaliseForCer on both sides: ignores Arabic diacritics and the script of digits. */
export function cerNormalised(hypothesis: string, reference: string): number {
  return cer(normaliseForCer(hypothesis), normaliseForCer(reference));
}
