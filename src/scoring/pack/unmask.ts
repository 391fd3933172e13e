// Words broken on purpose, read with the pack's own words.
// - Letters masked by '*' ("c*ntr*ct", "r*cr*itment", "в*йна"), which the normaliser keeps between
//   letters: a masked word takes the longest word of the pack's pattern sources that it begins
//   with, '*' standing for any one letter and every '*' inside that word ("r*cr*itment" ->
//   "recruit" + "ment"). A mask no pack word fills is dropped, as other junk inside a word is.
// - A hyphen inside a word ("sig-ning bo-nus"), or a bare line break ("конт\nракт", as OCR and
//   posts that break every word return them), is dropped where a pack word runs across it.
// - Leetspeak ("j01n th3 4rmy", "51gn1ng b0nu5"): a word the post wrote with digits among its
//   letters takes the longest pack word it can spell when each such digit is read as one of the
//   letters it stands for (1 as i or l, 4 as a, 5 as s, ...). The normaliser reads these digits
//   without knowing the word (1 as l, as OCR confuses them); the pack's words settle it.
// Only texts with a '*', a hyphen, a line break or a digit right after a letter pay for this.
import type { Normalized } from '../normalise/normalise.ts';
import { C_DIGIT, C_MARK, classOf, isLetterClass } from '../normalise/normalise-chars.ts';

const MIN_WORD = 4;
const MIN_DROPPED_WORD = 6;
// a unit of a word in the normaliser's output: letters and marks of any script, and ASCII digits
const isWordUnit = (c: number) => isLetterClass(c) || c === C_MARK || c === C_DIGIT;
const MASK = '*';
const HYPHEN = '-';
const SPACE = ' ';

/**
 * The pack's words of MIN_WORD letters or more, as a set and by length, and every beginning of one;
 * and its two- and three-letter words ("to", "the", "of"), which leetspeak writes too.
 */
export interface Vocabulary { words: Set<string>; byLength: Map<number, string[]>; beginnings: Set<string>; short: Set<string> }

export function vocabularyOf(sources: string[]): Vocabulary {
  const words = new Set<string>();
  const short = new Set<string>();
  for (const src of sources) {
    // regex escapes (\b, \d, \p{L}, \u0441) are syntax, not letters
    for (const w of src.replace(/\\(?:[pPu]\{[^}]*\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, ' ').split(/[^\p{L}\p{M}]+/u)) {
      if (w.length >= MIN_WORD) words.add(w);
      else if (w.length >= 2) short.add(w);
    }
  }
  const byLength = new Map<number, string[]>();
  const beginnings = new Set<string>();
  for (const w of words) {
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
    for (let len = 2; len <= w.length; len++) beginnings.add(w.slice(0, len));
  }
  return { words, byLength, beginnings, short };
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
 * "signing", "Rus-sia" -> "russia"), and kept where none does ("well-paid", "Ulan-Ude"). A word may
 * run across several marks ("rec\nrui\ntment"): the pieces join as long as they spell the beginning
 * of a pack word. Returns the indexes of the word's units to keep.
 */
function joinAcross(word: string, vocabulary: Vocabulary, mark: string): number[] {
  const marks: number[] = [];
  for (let k = word.indexOf(mark); k >= 0; k = word.indexOf(mark, k + 1)) marks.push(k);
  const piece = (i: number) => word.slice(i === 0 ? 0 : marks[i - 1] + 1, i < marks.length ? marks[i] : word.length);
  const dropped = new Set<number>();
  let built = piece(0);
  for (let i = 0; i < marks.length;) {
    // the furthest piece a pack word runs two letters into (or all of a shorter one), reading on
    // while the joined pieces still begin a pack word: "candidates" does not join "candidate-se"
    let joined = built;
    let last = -1;
    for (let j = i + 1; j <= marks.length; j++) {
      const before = joined.length;
      const next = piece(j);
      joined += next;
      if (knownPrefix(joined, vocabulary) >= before + Math.min(2, next.length)) last = j;
      if (!vocabulary.beginnings.has(joined)) break;
    }
    if (last < 0) {
      built = piece(i + 1);
      i++;
      continue;
    }
    for (let j = i + 1; j <= last; j++) {
      dropped.add(marks[j - 1]);
      built += piece(j);
    }
    i = last;
  }
  const keep: number[] = [];
  for (let k = 0; k < word.length; k++) if (!dropped.has(k)) keep.push(k);
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
    return digits ? isWordUnit(c) : isLetterClass(c) || c === C_MARK;
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

/** Applies read(word, start) to each broken word; read returns the word's new text and which of its units it keeps. */
function rewrite(n: Normalized, spans: [number, number][], read: (word: string, start: number) => { text: string; keep: number[] } | null): Normalized {
  let text = '';
  const origin: number[] = [];
  let at = 0;
  let changed = false;
  for (const [start, end] of spans) {
    const r = read(n.text.slice(start, end), start);
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

// The letters a digit stands for in leetspeak, Latin and Cyrillic ("3" is e, and з in Cyrillic).
const LEET_LETTERS: Record<number, string> = {
  48: 'oо', 49: 'ilи', 50: 'z', 51: 'eзе', 52: 'aча', 53: 's', 54: 'bgб', 55: 't', 56: 'bв', 57: 'g',
};
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Whether the original has a digit right after a letter ("j0in", "b0nu5", "7h3"): the only texts that
 * may be leetspeak. An amount before its unit ("10am", "3mln", "20k") does not make one.
 */
function hasDigitAfterLetter(original: string): boolean {
  for (let k = 1; k < original.length; k++) {
    if (isDigit(original.charCodeAt(k)) && isLetterClass(classOf(original.charCodeAt(k - 1)))) return true;
  }
  return false;
}

/** Whether text[start, end) is inside a link or an encoded string ("…?v=…&t=493s", "%20need"), whose digits are its own. */
function inLink(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && text.charCodeAt(a - 1) > 32) a--;
  let b = end;
  while (b < text.length && text.charCodeAt(b) > 32) b++;
  return /:\/\/|www\.|[%=&/]/.test(text.slice(a, b));
}

/**
 * Spans of normalised words (letters, marks and digits) of `min` to `max` units, outside links, with
 * a unit that was a digit in the original and `letters` letters or more: an amount alone is not leetspeak.
 */
function leetWords(n: Normalized, original: string, min: number, max: number, letters: number): [number, number][] {
  const spans: [number, number][] = [];
  const text = n.text;
  for (let i = 0; i < text.length;) {
    if (!isWordUnit(classOf(text.charCodeAt(i)))) { i++; continue; }
    let end = i;
    let seen = 0;
    let fromDigit = false;
    for (; end < text.length; end++) {
      const k = classOf(text.charCodeAt(end));
      if (!isWordUnit(k)) break;
      const digit = isDigit(original.charCodeAt(n.origin[end]));
      if (digit) fromDigit = true;
      else if (isLetterClass(k)) seen++;
    }
    if (fromDigit && seen >= letters && end - i >= min && end - i <= max && !inLink(text, i, end)) spans.push([i, end]);
    i = end;
  }
  return spans;
}

/**
 * For each unit of the word: the readings it may take when it was a digit in the original (null: as
 * it is): the letters it stands for, itself, and, between two letters, nothing: a digit dropped into
 * a word to break it ("har1biy", "fuqaro1lik") is junk like a dot would be.
 */
function digitOptions(word: string, wordStart: number, n: Normalized, original: string): (string[] | null)[] {
  return Array.from(word, (u, k) => {
    const o = original.charCodeAt(n.origin[wordStart + k]);
    if (!isDigit(o)) return null;
    const options = [...(LEET_LETTERS[o] ?? ''), u];
    const between = k > 0 && k < word.length - 1 && isLetterClass(classOf(word.charCodeAt(k - 1))) && isLetterClass(classOf(word.charCodeAt(k + 1)));
    return between ? [...options, ''] : options;
  });
}

/**
 * The word read with its digits as the letters that spell the longest pack word, and the rest as it
 * is (null: none, or no change). A rest with digits in it ("su1586" is not "suis" + "86") is read
 * only in a post that is leetspeak throughout (`lenient`), each digit as its first letter ("b0nu535").
 */
function readLeet(word: string, options: (string[] | null)[], vocabulary: Vocabulary, lenient: boolean) {
  // the readings are walked unit by unit, each kept only while it begins a pack word, so a word
  // costs a few set lookups per digit, not a pass over the vocabulary
  let found = { text: '', units: 0, keep: [] as number[] };
  const walk = (k: number, reading: string, keep: number[]): void => {
    // a reading that dropped a digit must spell a longer word: Arabizi writes letters as digits
    // ("ma3ash"), and dropping one there spells short words of other languages
    const min = keep.length < k ? MIN_DROPPED_WORD : MIN_WORD;
    if (reading.length >= min && k > found.units && vocabulary.words.has(reading)) found = { text: reading, units: k, keep };
    if (k === word.length) return;
    for (const c of options[k] ?? [word[k]]) {
      const next = reading + c;
      if (c === '' ? next.length > 0 : k === 0 || vocabulary.beginnings.has(next)) walk(k + 1, next, c === '' ? keep : [...keep, k]);
    }
  };
  walk(0, '', []);
  if (!found.text || found.text === word.slice(0, found.units)) return null;
  let rest = word.slice(found.units);
  if (/[0-9]/.test(rest)) {
    if (!lenient) return null;
    rest = Array.from(rest, (u, k) => options[found.units + k]?.[0] ?? u).join('');
  }
  return { text: found.text + rest, keep: [...found.keep, ...Array.from(rest, (_, k) => found.units + k)] };
}

/** A two- or three-unit word read as the short pack word its digits spell ("7h3" -> "the", "0f" -> "of"). */
function readShortLeet(word: string, options: (string[] | null)[], vocabulary: Vocabulary) {
  let readings = [''];
  for (let k = 0; k < word.length; k++) readings = readings.flatMap((r) => (options[k] ?? [word[k]]).map((c) => r + c));
  const found = readings.find((r) => r.length === word.length && r !== word && vocabulary.short.has(r));
  return found ? { text: found, keep: Array.from(word, (_, k) => k) } : null;
}

/** The normalised text with masked words filled or their masks dropped, words split by hyphens or line breaks joined, and leetspeak read (see above). */
export function unmask(n: Normalized, original: string, vocabulary: Vocabulary): Normalized {
  let out = n;
  if (out.text.includes(MASK)) out = rewrite(out, brokenWords(out.text, MASK, true), (w) => readMasked(w, vocabulary));
  if (out.text.includes(HYPHEN)) out = rewrite(out, brokenWords(out.text, HYPHEN, false), (w) => readJoined(w, vocabulary, HYPHEN));
  if (original.includes('\n')) {
    const o = out;
    out = rewrite(o, brokenWords(o.text, SPACE, false, (j) => bareLineBreak(o, original, j)), (w) => readJoined(w, vocabulary, SPACE));
  }
  if (hasDigitAfterLetter(original)) {
    // a post that writes two words in leetspeak is read so throughout: its short words ("7h3", "0f")
    // and digits after a word ("b0nu535"); elsewhere "4g", "5th" or "su1586" is what it says
    const strict = out;
    let read = 0;
    out = rewrite(strict, leetWords(strict, original, MIN_WORD, Infinity, 2), (w, start) => {
      const r = readLeet(w, digitOptions(w, start, strict, original), vocabulary, false);
      if (r) read++;
      return r;
    });
    if (read >= 2) {
      const leet = out;
      out = rewrite(leet, leetWords(leet, original, 2, Infinity, 1), (w, start) => {
        const options = digitOptions(w, start, leet, original);
        return w.length < MIN_WORD ? readShortLeet(w, options, vocabulary) : readLeet(w, options, vocabulary, true);
      });
    }
  }
  return out;
}
