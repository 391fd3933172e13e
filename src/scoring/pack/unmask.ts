// Words broken on purpose, read with the pack's own words.
// - Letters masked by '*' ("c*ntr*ct", "r*cr*itment", "в*йна"), which the normaliser keeps between
//   letters: a masked word takes the longest word of the pack's pattern sources that it begins
//   with, '*' standing for any one letter and every '*' inside that word ("r*cr*itment" ->
//   "recruit" + "ment"). A mask no pack word fills is dropped, as other junk inside a word is.
// - A hyphen inside a word ("sig-ning bo-nus"), or a bare line break ("конт\nракт", as OCR and
//   posts that break every word return them), is dropped where a pack word runs across it.
// Only texts with a '*', a hyphen or a line break between letters pay for this.
import type { Normalized } from '../normalise/normalise.ts';
import { C_DIGIT, C_MARK, classOf, isLetterClass } from '../normalise/normalise-chars.ts';

const MIN_WORD = 4;
const MASK = '*';
const HYPHEN = '-';
const SPACE = ' ';

/** The pack's words of MIN_WORD letters or more, as a set and by length. */
export interface Vocabulary { words: Set<string>; byLength: Map<number, string[]> }

export function vocabularyOf(sources: string[]): Vocabulary {
  const words = new Set<string>();
  for (const src of sources) {
    // regex escapes (\b, \d, \p{L}, \u0441) are syntax, not letters
    for (const w of src.replace(/\\(?:[pPu]\{[^}]*\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, ' ').split(/[^\p{L}\p{M}]+/u)) {
      if (w.length >= MIN_WORD) words.add(w);
    }
  }
  const byLength = new Map<number, string[]>();
  for (const w of words) {
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  return { words, byLength };
}

function fits(masked: string, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const m = masked[k];
    if (m !== MASK && m !== word[k]) return false;
  }
  return true;
}

/** Length of the longest pack word that `s` begins with (0: none). */
function knownPrefix(s: string, vocabulary: Vocabulary): number {
  for (let len = s.length; len >= MIN_WORD; len--) if (vocabulary.words.has(s.slice(0, len))) return len;
  return 0;
}

/**
 * The masked word read the way that begins with the longer pack word: each '*' filled by a letter,
 * or dropped as junk ("con*tract"), which is also what a word no pack word fills becomes.
 */
function fill(masked: string, vocabulary: Vocabulary): string {
  const dropped = masked.replaceAll(MASK, '');
  const droppedKnown = knownPrefix(dropped, vocabulary);
  const lastMask = masked.lastIndexOf(MASK);
  for (let len = masked.length; len > lastMask && len > droppedKnown && len >= MIN_WORD; len--) {
    const found = vocabulary.byLength.get(len)?.find((w) => fits(masked, w));
    if (found) return found + masked.slice(len);
  }
  return dropped;
}

/**
 * A word broken by `mark` read with the mark dropped where a pack word runs across it ("sig-ning" ->
 * "signing", "Rus-sia" -> "russia"), and kept where none does ("well-paid", "Ulan-Ude"). Returns the
 * indexes of the word's units to keep.
 */
function joinAcross(word: string, vocabulary: Vocabulary, mark: string): number[] {
  const keep: number[] = [];
  let built = '';
  for (let k = 0; k < word.length; k++) {
    if (word[k] === mark) {
      const next = word.indexOf(mark, k + 1);
      const piece = word.slice(k + 1, next < 0 ? word.length : next);
      // a pack word must run two letters into the piece (or all of a shorter one): "candidates" does not join "candidate-se"
      if (knownPrefix(built + piece, vocabulary) >= built.length + Math.min(2, piece.length)) continue; // drop the hyphen
      keep.push(k);
      built = '';
      continue;
    }
    keep.push(k);
    built += word[k];
  }
  return keep;
}

/**
 * Spans of the words that `mark` breaks: runs of word units (letters, and digits when `digits`)
 * with the mark between two of them. Found from the marks, so a text without one costs a scan.
 */
function brokenWords(text: string, mark: string, digits: boolean, breaks: (j: number) => boolean = () => true): [number, number][] {
  const spans: [number, number][] = [];
  // the normaliser's classes: its output has only ASCII digits, and letters and marks of any script
  const inWord = (i: number) => {
    if (i < 0 || i >= text.length) return false;
    const c = classOf(text.charCodeAt(i));
    return isLetterClass(c) || c === C_MARK || (digits && c === C_DIGIT);
  };
  let from = 0;
  for (let j = text.indexOf(mark); j >= 0; j = text.indexOf(mark, Math.max(j + 1, from))) {
    if (j < from || !inWord(j - 1) || !inWord(j + 1) || !breaks(j)) continue;
    let start = j - 1;
    while (inWord(start - 1)) start--;
    let end = j + 1;
    while (inWord(end) || (text[end] === mark && inWord(end + 1) && breaks(end))) end++;
    spans.push([start, end]);
    from = end;
  }
  return spans;
}

/** Applies read(word) to each broken word; read returns the word's new text and which of its units it keeps. */
function rewrite(n: Normalized, spans: [number, number][], read: (word: string) => { text: string; keep: number[] } | null): Normalized {
  let text = '';
  const origin: number[] = [];
  let at = 0;
  let changed = false;
  for (const [start, end] of spans) {
    const r = read(n.text.slice(start, end));
    if (!r) continue;
    changed = true;
    for (let k = at; k < start; k++) origin.push(n.origin[k]);
    text += n.text.slice(at, start) + r.text;
    for (const k of r.keep) origin.push(n.origin[start + k]);
    at = end;
  }
  if (!changed) return n;
  for (let k = at; k < n.text.length; k++) origin.push(n.origin[k]);
  text += n.text.slice(at);
  return { text, origin: Int32Array.from(origin), sourceLength: n.sourceLength };
}

function readMasked(word: string, vocabulary: Vocabulary) {
  const filled = fill(word, vocabulary);
  const keep: number[] = [];
  for (let k = 0; k < word.length; k++) if (filled.length === word.length || word[k] !== MASK) keep.push(k);
  return { text: filled, keep };
}

function readJoined(word: string, vocabulary: Vocabulary, mark: string) {
  const keep = joinAcross(word, vocabulary, mark);
  if (keep.length === word.length) return null;
  return { text: keep.map((k) => word[k]).join(''), keep };
}

/** Whether the original text between the units around normalised index j is white space with a line break in it. */
function bareLineBreak(n: Normalized, original: string, j: number): boolean {
  let newline = false;
  for (let k = n.origin[j - 1] + 1; k < n.origin[j + 1]; k++) {
    const c = original.charCodeAt(k);
    if (c === 10) newline = true;
    else if (c !== 32 && c !== 13 && c !== 9) return false;
  }
  return newline;
}

/** The normalised text with masked words filled or their masks dropped, and words split by hyphens or line breaks joined (see above). */
export function unmask(n: Normalized, original: string, vocabulary: Vocabulary): Normalized {
  let out = n;
  if (out.text.includes(MASK)) out = rewrite(out, brokenWords(out.text, MASK, true), (w) => readMasked(w, vocabulary));
  if (out.text.includes(HYPHEN)) out = rewrite(out, brokenWords(out.text, HYPHEN, false), (w) => readJoined(w, vocabulary, HYPHEN));
  if (original.includes('\n')) {
    const o = out;
    out = rewrite(o, brokenWords(o.text, SPACE, false, (j) => bareLineBreak(o, original, j)), (w) => readJoined(w, vocabulary, SPACE));
  }
  return out;
}
