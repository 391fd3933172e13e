// Hashed n-gram features of a normalised text, the same in training and scoring: character 3-,
// 4- and 5-grams inside each word (with boundary marks, so a prefix or suffix is its own feature),
// word unigrams and bigrams. Digits fold to 0 so amounts and phone numbers generalise. Features are
// binary and scaled by 1/√(count), so a long text does not outvote a short one.

import { WORD_CHARS } from '../word-chars.ts';

export interface FeatureSpec {
  /** number of hash buckets: a power of two */
  buckets: number;
  /** character n-gram lengths inside words */
  charNgrams: number[];
  /** word n-gram lengths */
  wordNgrams: number[];
}

export const DEFAULT_SPEC: FeatureSpec = { buckets: 1 << 16, charNgrams: [3, 4, 5], wordNgrams: [1, 2] };

// A word is a run of letters, marks and numbers ([\p{L}\p{M}\p{N}]+, as the model was trained):
// looked up per code unit in a table, not matched with a regex, whose match objects made a text's
// features cost up to twice as much. An astral code point asks the regex (rare: emoji are not words).
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

/** Length in code units of the word character at i (1, or 2 for an astral one), or 0 when it is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return WORD_CHARS[c];
  const cp = text.codePointAt(i)!;
  return cp > 0xffff && WORD_CHAR.test(String.fromCodePoint(cp)) ? 2 : 0;
}
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BOUNDARY_START = 2;
const BOUNDARY_END = 3;

function mix(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME) >>> 0;
}

function wordHash(w: string): number {
  let h = mix(FNV_OFFSET, 0x57); // 'W': word space apart from character n-grams
  for (let i = 0; i < w.length; i++) {
    let c = w.charCodeAt(i);
    if (c >= 48 && c <= 57) c = 48;
    h = mix(h, c);
  }
  return h;
}

/** Reusable feature extractor: call indices() per text; the result is valid until the next call. */
export class Featurizer {
  readonly spec: FeatureSpec;
  private readonly mask: number;
  private readonly seen: Int32Array;
  private stamp = 0;
  private out: Int32Array;
  private n = 0;
  private readonly maxChar: number;
  private readonly charSet: boolean[];

  constructor(spec: FeatureSpec = DEFAULT_SPEC) {
    if (spec.buckets & (spec.buckets - 1)) throw new Error(`feature buckets must be a power of two, got ${spec.buckets}`);
    this.spec = spec;
    this.mask = spec.buckets - 1;
    this.seen = new Int32Array(spec.buckets);
    this.out = new Int32Array(1024);
    this.maxChar = Math.max(0, ...spec.charNgrams);
    this.charSet = [];
    for (const n of spec.charNgrams) this.charSet[n] = true;
  }

  private add(h: number): void {
    const i = h & this.mask;
    if (this.seen[i] === this.stamp) return;
    this.seen[i] = this.stamp;
    if (this.n === this.out.length) {
      const grown = new Int32Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.n++] = i;
  }

  private buf = new Int32Array(64);

  private chars(w: string): void {
    const len = w.length + 2;
    if (len > this.buf.length) this.buf = new Int32Array(len * 2);
    const b = this.buf;
    b[0] = BOUNDARY_START;
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      b[k + 1] = c >= 48 && c <= 57 ? 48 : c;
    }
    b[len - 1] = BOUNDARY_END;
    const maxChar = this.maxChar;
    for (let i = 0; i < len; i++) {
      let h = FNV_OFFSET;
      for (let k = 0; k < maxChar && i + k < len; k++) {
        h = Math.imul(h ^ b[i + k], FNV_PRIME) >>> 0;
        if (this.charSet[k + 1]) this.add(Math.imul(h ^ (k + 1), FNV_PRIME) >>> 0);
      }
    }
  }

  /** Distinct bucket indices of the text's features (a view into a reused buffer). */
  indices(normText: string): Int32Array {
    this.stamp = this.stamp === 0x7fffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.seen.fill(0);
    this.n = 0;
    let prev = -1;
    const bigrams = this.spec.wordNgrams.includes(2);
    const unigrams = this.spec.wordNgrams.includes(1);
    for (let i = 0; i < normText.length;) {
      let step = wordCharAt(normText, i);
      if (step === 0) {
        i++;
        continue;
      }
      let end = i;
      while (step > 0) {
        end += step;
        step = end < normText.length ? wordCharAt(normText, end) : 0;
      }
      const w = normText.slice(i, end);
      i = end;
      const h = wordHash(w);
      if (unigrams) this.add(h);
      if (bigrams && prev >= 0) this.add(mix(mix(prev, 0x42), h));
      prev = h;
      if (this.maxChar) this.chars(w);
    }
    return this.out.subarray(0, this.n);
  }
}
