// Pass 2: words. Joins letters spaced out, drops emoji and noise punctuation between the letters of a word ("dr🔥one",
// "con_tract"), folds look-alike letters into the word's dominant script ("сontrаct"), and
// reads OCR digit confusions inside mostly-letter words ("b0nus", "m1l1tary", "arrny").
import { CodeBuffer } from './normalise-buffer.ts';
import { C_CYRILLIC, C_DIGIT, C_GREEK, C_LATIN, C_MARK, classOf, isLetterClass, SYMBOL_MARK } from './normalise-chars.ts';
import { isConfusable, lookAlike } from './normalise-confusables.ts';
import { mapStats } from './normalise-map.ts';
import { unglue } from './normalise-glue.ts';
import { boundedPair, MIN_SPACED_RUN, spacedRun, wideGap, wideSpacedRun } from './normalise-spaced.ts';
import { mayBeNumberWord, mayStartNumberWord } from './number-words.ts';

const word = new CodeBuffer(256);
const HASH = 35;
const wordCls = { data: new Uint8Array(256) };

function isJunk(u: number): boolean {
  // * _ ~ | ` ^ · • ‧ ∙ ⋅ and the symbol placeholder
  return (
    u === SYMBOL_MARK || u === 42 || u === 95 || u === 126 || u === 124 || u === 96 || u === 94 ||
    u === 0xb7 || u === 0x2022 || u === 0x2027 || u === 0x2219 || u === 0x22c5
  );
}

const MASK_DIGIT = 1 << C_DIGIT;
const MASK_SCRIPTS = (1 << C_LATIN) | (1 << C_CYRILLIC) | (1 << C_GREEK);
/** Whether the last scanCopy's copy stands (one script, no junk, no digits to read as letters, no "rn" to fold). */
let plainCopy = false;

/**
 * End (exclusive) of the word starting at i: word chars, plus junk runs that have word chars on both
 * sides. The word is copied to `out` while it is scanned; the copy is kept only for a plain word.
 */
function scanCopy(src: CodeBuffer, i: number, n: number, out: CodeBuffer): number {
  const codes = src.codes;
  const origin = src.origin;
  const oc = out.codes;
  const oo = out.origin;
  let len = out.length;
  let j = i;
  let mask = 0;
  let prev = 0;
  let rn = false;
  let junk = false;
  let letters = 0;
  let same = 0; // how many units in a row equal u, for stretched letters
  let stretched = false;
  while (j < n) {
    const u = codes[j];
    const c = classOf(u);
    if (c !== 0) {
      mask |= 1 << c;
      if (c !== C_DIGIT && c !== C_MARK) {
        letters++;
        same = u === prev ? same + 1 : 1;
        if (same === STRETCH_RUN) stretched = true;
      }
      if (u === 110 && prev === 114) rn = true;
      prev = u;
      oc[len] = u;
      oo[len++] = origin[j++];
      continue;
    }
    let k = j;
    while (k < n && isJunk(codes[k])) k++;
    if (k === j || k === n || classOf(codes[k]) === 0) break;
    junk = true;
    j = k;
  }
  const scripts = mask & MASK_SCRIPTS;
  // "rn" in a Latin word may be an OCR "m": the slow path decides
  const rnFold = rn && mask === 1 << C_LATIN && j - i >= 3;
  // digits are read as OCR letters only in words of three letters or more
  // whether the post is in leet mode is asked once, of the first word that mixes digits and letters
  if (mask & MASK_DIGIT && letters >= 2 && leetSource !== null) { leetText = isLeetText(leetSource.codes, leetSource.length); leetSource = null; }
  plainCopy = !junk && !stretched && (!(mask & MASK_DIGIT) || letters < (leetText ? 2 : 3)) && (scripts & (scripts - 1)) === 0 && !rnFold;
  if (plainCopy) out.length = len;
  return j;
}

// Stems whose OCR form has "rn" for "m"; the fold is applied only when it yields one of them.
const RN_STEMS = [
  'army', 'armies', 'military', 'militar', 'ministry', 'minister', 'command', 'combat', 'camp', 'company',
  'compensation', 'immigra', 'employ', 'empleo', 'emploi', 'moscow', 'moscou', 'money', 'month', 'payment',
  'premium', 'permanent', 'amount', 'remunera', 'mobiliz', 'mobilis', 'recruitment', 'telegram', 'message',
  'messenger', 'email', 'mercenar', 'small', 'document', 'immediate', 'arme', 'armee', 'ejercito',
];

function rnFoldHelps(from: number, to: number): boolean {
  const codes = word.codes;
  let s = '';
  for (let k = from; k < to; k++) {
    if (codes[k] === 114 && k + 1 < to && codes[k + 1] === 110) {
      s += 'm';
      k++;
    } else s += String.fromCharCode(codes[k]);
  }
  for (const stem of RN_STEMS) if (s.startsWith(stem)) return true;
  return false;
}

const uniq = new Int32Array(4);

/** Dominant script of a mixed word: the only one with letters that have no look-alike, else the majority. */
function dominantScript(latin: number, cyr: number, greek: number): number {
  const uniqueLatin = uniq[C_LATIN] > 0;
  const uniqueCyr = uniq[C_CYRILLIC] > 0;
  if (uniqueCyr && !uniqueLatin) return C_CYRILLIC;
  if (uniqueLatin && !uniqueCyr) return C_LATIN;
  if (greek > latin && greek > cyr) return C_GREEK;
  return cyr > latin ? C_CYRILLIC : C_LATIN;
}

function singleScript(latin: number, cyr: number, greek: number): number {
  return latin > 0 ? C_LATIN : cyr > 0 ? C_CYRILLIC : greek > 0 ? C_GREEK : 0;
}

const OCR_LATIN: Record<number, number> = { 48: 111, 53: 115 }; // 0 -> o, 5 -> s
// Leetspeak, written on purpose ("c0ntr4ct", "t1ck3t"): read only between letters (outside leet mode, below), where no amount
// or unit ("4lakh", "3mln", "7days") can stand. 3 and 7 are Arabizi letters (ع, ح: "ma3ash",
// "mni7"), so they are read as e and t only in a word that writes another letter as 0, 1, 4 or 5.
const LEET_LATIN: Record<number, number> = { 51: 101, 52: 97, 55: 116 }; // 3 -> e, 4 -> a, 7 -> t
const isLeetOnly = (u: number) => u === 51 || u === 55;

function leetWord(n: number): boolean {
  const codes = word.codes;
  for (let k = 0; k < n; k++) { const u = codes[k]; if (u === 48 || u === 49 || u === 52 || u === 53) return true; }
  return false;
}
const OCR_CYRILLIC: Record<number, number> = { 48: 0x043e, 51: 0x0437, 54: 0x0431 }; // 0 -> о, 3 -> з, 6 -> б
const VOWELS = new Set([97, 101, 105, 111, 117, 121]);

/** OCR reading of digit k in a mostly-letter word of script `dom`, or the digit itself. */
function ocrDigit(k: number, n: number, dom: number, letters: number, leet: boolean): number {
  const codes = word.codes;
  const cls = wordCls.data;
  let a = k;
  while (a > 0 && cls[a - 1] === C_DIGIT) a--;
  let b = k + 1;
  while (b < n && cls[b] === C_DIGIT) b++;
  const before = a > 0 && cls[a - 1] !== C_DIGIT;
  const after = b < n && cls[b] !== C_DIGIT;
  const edge = b - a === 1 && (before || after);
  const ok = (before && after && b - a <= 3) || (edge && letters >= 4) || (leetText && edge && dom === C_LATIN && !unitAfter(a, b, n));
  if (!ok) return codes[k];
  const u = codes[k];
  if (dom === C_CYRILLIC) return OCR_CYRILLIC[u] ?? u;
  if (u === 49) {
    // "1" reads as l after a vowel or before i (sa1ary, f1ight, ski11s), as i otherwise (s1gn, dr1ver)
    if (b - a > 1) return 108;
    const prev = k > 0 ? codes[k - 1] : 0;
    const next = k + 1 < n ? codes[k + 1] : 0;
    return VOWELS.has(prev) || next === 105 ? 108 : 105;
  }
  if (OCR_LATIN[u] !== undefined) return OCR_LATIN[u];
  if (!(before && after) && !leetText) return u;
  return leet || leetText || !isLeetOnly(u) ? (LEET_LATIN[u] ?? u) : u;
}

// A text that writes letters as digits in two or more words ("j0in th3 4rmy f0r c4sh") does it on
// purpose: it is read in leet mode, where two-letter words ("f0r") and a digit at a word's edge
// ("th3", "4rmy") are letters too, unless the letters after it are a unit of an amount ("3mln",
// "5days"). Counted only with 0, 1, 4 and 5 between letters: 3 and 7 alone are Arabizi letters.
let leetText = false;
let leetSource: CodeBuffer | null = null; // the text, until leetText has been decided for it
const LEET_WORDS = 2;
const UNITS = new Set(['mn', 'mln', 'mil', 'bn', 'th', 'st', 'nd', 'rd', 'am', 'pm', 'kg', 'km', 'hr', 'hrs', 'min',
  'day', 'days', 'yr', 'yrs', 'year', 'years', 'lakh', 'lac', 'lacs', 'cr', 'crore', 'usd', 'eur', 'rub', 'inr', 'aed', 'mb', 'gb']);

/** Whether the letters right after the digit run [a, b) at a word's start are a unit ("3mln", "4th"). */
function unitAfter(a: number, b: number, n: number): boolean {
  if (a !== 0) return false;
  let s = '';
  for (let k = b; k < n && s.length <= 5; k++) s += String.fromCharCode(word.codes[k]);
  return UNITS.has(s);
}

const isAsciiLower = (u: number) => u >= 97 && u <= 122;
const isLeetDigit = (u: number) => u === 48 || u === 49 || u === 52 || u === 53;

/** Whether two or more words of the mapped text have a leet digit between ASCII letters. */
function isLeetText(codes: Uint16Array, n: number): boolean {
  let words = 0;
  for (let k = 1; k + 1 < n; k++) {
    if (!isLeetDigit(codes[k]) || !isAsciiLower(codes[k - 1]) || !isAsciiLower(codes[k + 1])) continue;
    if (++words >= LEET_WORDS) return true;
    while (k + 1 < n && classOf(codes[k + 1]) !== 0) k++; // one count a word
  }
  return false;
}

function foldWord(out: CodeBuffer): void {
  const n = word.length;
  const codes = word.codes;
  if (wordCls.data.length < n) wordCls.data = new Uint8Array(n * 2);
  const cls = wordCls.data;
  let latin = 0, cyr = 0, greek = 0, other = 0, digits = 0;
  uniq.fill(0);
  for (let k = 0; k < n; k++) {
    const c = (cls[k] = classOf(codes[k]));
    if (c === C_LATIN) latin++;
    else if (c === C_CYRILLIC) cyr++;
    else if (c === C_GREEK) greek++;
    else if (c === C_DIGIT) digits++;
    else if (c !== C_MARK) other++;
    if (c <= C_GREEK && c >= C_LATIN && !isConfusable(codes[k], c)) uniq[c]++;
  }
  const scripts = (latin > 0 ? 1 : 0) + (cyr > 0 ? 1 : 0) + (greek > 0 ? 1 : 0);
  const letters = latin + cyr + greek + other;
  const dom = scripts > 1 ? dominantScript(latin, cyr, greek) : singleScript(latin, cyr, greek);
  const mixed = scripts > 1;
  const ocr = digits > 0 && other === 0 && (letters >= 3 || (leetText && letters >= 2 && dom === C_LATIN)) && (dom === C_LATIN || dom === C_CYRILLIC);
  if (mixed || ocr) {
    const leet = ocr && dom === C_LATIN && leetWord(n);
    for (let k = 0; k < n; k++) {
      const c = cls[k];
      if (c === C_DIGIT) {
        if (ocr) codes[k] = ocrDigit(k, n, dom, letters, leet);
      } else if (mixed && c !== dom && c >= C_LATIN && c <= C_GREEK) {
        codes[k] = lookAlike(codes[k], dom) || codes[k];
      }
    }
  }
  emitWord(out, n, dom === C_LATIN && latin >= 3);
}

// A letter written three or more times in a row is stretched for emphasis ("joooin", "срочнооо")
// and reads as one; no word of the pack's languages needs three alike. A stretched double letter
// ("freeee") reads as one too, so it still misses a term spelled with two.
const STRETCH_RUN = 3;

function emitWord(out: CodeBuffer, n: number, latinWord: boolean): void {
  const codes = word.codes;
  const origin = word.origin;
  const rn = latinWord && hasRn(n) && rnFoldHelps(0, n);
  for (let k = 0; k < n; k++) {
    const u = codes[k];
    if (rn && u === 114 && k + 1 < n && codes[k + 1] === 110) {
      out.push(109, origin[k]);
      k++;
      continue;
    }
    out.push(u, origin[k]);
    if (k + 2 < n && codes[k + 1] === u && codes[k + 2] === u && !isDigitOrMark(u)) {
      while (k + 1 < n && codes[k + 1] === u) k++;
    }
  }
}

function isDigitOrMark(u: number): boolean {
  const c = classOf(u);
  return c === C_DIGIT || c === C_MARK;
}

function hasRn(n: number): boolean {
  const codes = word.codes;
  for (let k = 0; k + 1 < n; k++) if (codes[k] === 114 && codes[k + 1] === 110) return true;
  return false;
}

/** Output start of every word that may begin a number (a digit or a number word): pass 3 visits only these. */
export const numberStarts = { at: new Int32Array(64), count: 0 };

function noteNumberStart(out: CodeBuffer, start: number): void {
  const codes = out.codes;
  const first = codes[start];
  if (!(first >= 48 && first <= 57) && !mayBeNumberWord(codes, start, out.length)) return;
  if (numberStarts.count === numberStarts.at.length) {
    const grown = new Int32Array(numberStarts.count * 2);
    grown.set(numberStarts.at);
    numberStarts.at = grown;
  }
  numberStarts.at[numberStarts.count++] = start;
}

// A '*' between two letters may stand for a masked letter ("c*ntr*ct", "в*йна"): it is kept, for the
// scorer to fill from the pack's words (pack/unmask.ts), where other junk inside a word is dropped.
const MASK = 42;

function maskedLetter(codes: Uint16Array, k: number, i: number, end: number): boolean {
  return k > i && k + 1 < end && isLetterClass(classOf(codes[k - 1])) && isLetterClass(classOf(codes[k + 1]));
}

function loadWord(src: CodeBuffer, i: number, end: number, step: number): void {
  word.reset(end - i);
  const codes = src.codes;
  for (let k = i; k < end; k += step) {
    const u = codes[k];
    if (!isJunk(u) || (u === MASK && step === 1 && maskedLetter(codes, k, i, end))) word.push(u, src.origin[k]);
  }
}

// An emoji between every word with no space ("join🔥the🔥army🔥now") is a separator, while one or two
// inside a word ("dr🔥one") are junk to drop: a run of word characters broken by three or more
// symbol runs into pieces averaging three or more characters is read as separate words. A post
// that glues words with symbols at least as often as it spaces them ("According🔥to🔥RFE/RL,🔥…")
// does it everywhere: there every symbol between word characters is a separator, even in a run
// that punctuation cuts short.
const MIN_EMOJI_BREAKS = 3;
const MIN_EMOJI_PIECE = 3;
let emojiSplitUntil = 0;
let emojiEnd = 0;
let emojiBreaks = 0; // symbol breaks of the last run emojiSeparated() read, 0 when its pieces are single letters
let emojiText = false;

/** Whether symbols glued between word characters are at least as many as spaces (and three or more). */
function gluedBySymbols(codes: Uint16Array, n: number): boolean {
  let glued = 0;
  let spaces = 0;
  for (let j = 1; j < n; j++) {
    const u = codes[j];
    if (u === 32) spaces++;
    else if (u === SYMBOL_MARK && classOf(codes[j - 1]) !== 0) {
      let k = j;
      while (k < n && codes[k] === SYMBOL_MARK) k++;
      if (k < n && classOf(codes[k]) !== 0) glued++;
      j = k - 1;
    }
  }
  return glued >= MIN_EMOJI_BREAKS && glued >= spaces;
}

/** Whether the run starting at i is words joined by symbols; sets emojiEnd to the run's end. */
function emojiSeparated(codes: Uint16Array, i: number, n: number): boolean {
  let breaks = 0;
  let chars = 0;
  let j = i;
  while (j < n) {
    const u = codes[j];
    if (classOf(u) !== 0) { chars++; j++; continue; }
    if (u !== SYMBOL_MARK) break;
    let k = j;
    while (k < n && codes[k] === SYMBOL_MARK) k++;
    if (k === n || classOf(codes[k]) === 0) break;
    breaks++;
    j = k;
  }
  emojiEnd = j;
  // in a post glued by symbols, a run of single letters ("d🔥r🔥o🔥n🔥e") is still one word spelled out
  emojiBreaks = chars >= 2 * (breaks + 1) ? breaks : 0;
  return breaks >= MIN_EMOJI_BREAKS && chars >= MIN_EMOJI_PIECE * (breaks + 1);
}

function nextSymbol(codes: Uint16Array, i: number, end: number): number {
  let j = i;
  while (j < end && codes[j] !== SYMBOL_MARK) j++;
  return j;
}

/**
 * Pass 2: words, spaced-out letters, symbols, and whitespace collapsed to single spaces. The output
 * is never longer than the input, so it is written straight into the arrays.
 */
export function foldWords(src: CodeBuffer, out: CodeBuffer): void {
  const n = src.length;
  const codes = src.codes;
  const origin = src.origin;
  out.reset(n + 16);
  numberStarts.count = 0;
  emojiSplitUntil = 0;
  leetText = false;
  leetSource = src;
  unglue(codes, n);
  emojiText = mapStats.symbols >= MIN_EMOJI_BREAKS && gluedBySymbols(codes, n);
  let i = 0;
  while (i < n) {
    const u = codes[i];
    const c = classOf(u);
    if (c === 0) {
      // a hashtag's # is a space: "#армии #России" reads as the words, "#job#russia" as two
      const v = u === SYMBOL_MARK || (u === HASH && i + 1 < n && classOf(codes[i + 1]) !== 0) ? 32 : u;
      const len = out.length;
      if (v !== 32 || (len > 0 && out.codes[len - 1] !== 32)) {
        out.codes[len] = v;
        out.origin[len] = origin[i];
        out.length = len + 1;
      }
      i++;
      continue;
    }
    const start = out.length;
    // a word starts after a non-word unit, so a letter followed by one is a single letter
    const single = c !== C_MARK && (i + 1 >= n || classOf(codes[i + 1]) === 0);
    const run = single ? spacedRun(codes, i, n) : 0;
    const spaced = run >= MIN_SPACED_RUN || (run === 2 && c !== C_DIGIT && boundedPair(codes, i, n));
    const gap = single && !spaced ? wideGap(codes, i, n) : 0;
    const wide = gap ? wideSpacedRun(codes, i, n, gap) : 0;
    if (spaced) {
      loadWord(src, i, i + 2 * run - 1, 2);
      foldWord(out);
      i += 2 * run - 1;
    } else if (wide >= MIN_SPACED_RUN) {
      const span = (gap + 1) * (wide - 1) + 1;
      loadWord(src, i, i + span, gap + 1);
      foldWord(out);
      i += span;
    } else {
      if (i >= emojiSplitUntil && (emojiSeparated(codes, i, n) || (emojiText && emojiBreaks > 0))) emojiSplitUntil = emojiEnd;
      const limit = i < emojiSplitUntil ? nextSymbol(codes, i, emojiSplitUntil) : n;
      const end = scanCopy(src, i, limit, out);
      if (!plainCopy) {
        loadWord(src, i, end, 1);
        foldWord(out);
      }
      i = end;
    }
    const first = out.codes[start];
    if (out.length > start && ((first >= 48 && first <= 57) || mayStartNumberWord(first, out.length - start))) {
      noteNumberStart(out, start);
    }
  }
  if (out.length > 0 && out.codes[out.length - 1] === 32) out.length--;
}
