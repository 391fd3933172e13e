// Pass 3: numbers. Number words become digits ("twenty thousand" -> 20000, "بیست هزار" -> 20000),
// a digit number with a multiplier becomes one integer ("2.5 млн" -> 2500000, "20k" -> 20000),
// and grouping separators go ("20,000" -> 20000).
import { CodeBuffer } from './normalise-buffer.ts';
import { C_DIGIT, C_MARK, C_OTHER, classOf, isLetterClass } from './normalise-chars.ts';
import { AMBIGUOUS_ALONE, isNumberApostrophe, NUMBER_TRIE, type NumberWord } from './number-words.ts';

interface Token {
  word: NumberWord;
  key: string;
  end: number;
}

function emitNumber(out: CodeBuffer, value: number, origin: number): void {
  const s = String(Math.round(value));
  for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k), origin);
}

function isWordPart(u: number): boolean {
  const c = classOf(u);
  return isLetterClass(c) || c === C_MARK;
}

/** The number word spelled by the whole word starting at i, or null. */
function trieWordAt(codes: Uint16Array, i: number, n: number): Token | null {
  let node = NUMBER_TRIE;
  let j = i;
  // An apostrophe continues the word only where a number word spells one (Uzbek "o'n", "to‘rt").
  while (j < n && (isWordPart(codes[j]) || (isNumberApostrophe(codes[j]) && node.next.has(codes[j])))) {
    const child = node.next.get(codes[j]);
    if (!child) return null;
    node = child;
    j++;
  }
  if (!node.word || (j < n && classOf(codes[j]) === C_DIGIT)) return null;
  return { word: node.word, key: node.key!, end: j };
}

/** The number word at i (a whole word), or null. */
function numberWordAt(src: CodeBuffer, i: number): Token | null {
  const codes = src.codes;
  if (i >= src.length || (i > 0 && classOf(codes[i - 1]) !== C_OTHER)) return null;
  return trieWordAt(codes, i, src.length);
}

/** Skips one separator between number words (a space, or a hyphen as in "vingt-cinq"). */
function gapEnd(codes: Uint16Array, i: number, n: number): number {
  if (i < n && (codes[i] === 32 || codes[i] === 45)) i++;
  return i;
}

interface Phrase {
  value: number;
  end: number;
  count: number;
}

/** Reads consecutive number words from i and folds them into one value. */
function readPhrase(src: CodeBuffer, first: Token): Phrase {
  const codes = src.codes;
  const n = src.length;
  let total = 0, current = 0, count = 0, end = first.end, last = 0;
  let prefix = 0, prefixTake = 0;
  for (let tok: Token | null = first; tok; ) {
    const { kind, value } = tok.word;
    if (kind === 'link') {
      if (count === 0) break;
    } else if (kind === 'unit') {
      if (value === 20 && last === 4 && tok.key.startsWith('vingt')) current += 76; // quatre-vingt(s)
      else current += value;
      if (prefix && --prefixTake === 0) {
        total += prefix * current;
        current = prefix = 0;
      }
    } else if (kind === 'hundred') current = (current || 1) * 100;
    else if (kind === 'scale') {
      if (count === 0) break;
      total += (current || 1) * value;
      current = 0;
    } else {
      total += prefix ? prefix * (current || 1) : current;
      current = 0;
      prefix = value;
      prefixTake = value === 100 ? 1 : Infinity;
    }
    if (kind !== 'link') {
      count++;
      end = tok.end;
      last = value;
    }
    tok = numberWordAt(src, gapEnd(codes, tok.end, n));
    if (tok && tok.word.kind === 'link' && !numberWordAt(src, gapEnd(codes, tok.end, n))) break;
  }
  total += prefix ? prefix * (current || 1) : current;
  return { value: total, end, count };
}

function worthConverting(p: Phrase, first: Token): boolean {
  if (p.count >= 2) return p.value > 0;
  const k = first.word.kind;
  return k === 'unit' && first.word.value >= 20 && !AMBIGUOUS_ALONE.has(first.key);
}

/** End of the digits (with inner , and .) starting at i. */
function digitsEnd(codes: Uint16Array, i: number, n: number): number {
  let j = i;
  while (j < n) {
    const u = codes[j];
    if (u >= 48 && u <= 57) j++;
    else if ((u === 44 || u === 46) && j + 1 < n && codes[j + 1] >= 48 && codes[j + 1] <= 57 && j > i) j++;
    else break;
  }
  return j;
}

const GROUPED = /^\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*$/;

function digitValue(text: string): { value: number; grouped: boolean } {
  if (GROUPED.test(text)) return { value: Number(text.replace(/[.,]/g, '')), grouped: true };
  const parts = text.split(/[.,]/);
  if (parts.length === 1) return { value: Number(text), grouped: false };
  if (parts.length === 2) return { value: Number(parts[0] + '.' + parts[1]), grouped: false };
  return { value: Number.NaN, grouped: false };
}

/** A scale word after the digits ending at `end`: glued ("20k") or after one space ("20 тысяч"). */
function scaleAfter(src: CodeBuffer, end: number): Token | null {
  const codes = src.codes;
  const at = end < src.length && codes[end] === 32 ? end + 1 : end;
  if (at >= src.length || !isLetterClass(classOf(codes[at]))) return null;
  const tok = trieWordAt(codes, at, src.length);
  return tok && tok.word.kind === 'scale' ? tok : null;
}

function hasSeparator(codes: Uint16Array, i: number, end: number): boolean {
  for (let k = i; k < end; k++) if (codes[k] === 44 || codes[k] === 46) return true;
  return false;
}

/** Handles a digit number at i; returns the index after what it consumed. */
function convertDigits(src: CodeBuffer, i: number, out: CodeBuffer): number {
  const codes = src.codes;
  const end = digitsEnd(codes, i, src.length);
  const scale = scaleAfter(src, end);
  if (scale || hasSeparator(codes, i, end)) {
    const { value, grouped } = digitValue(src.text(i, end));
    if (scale && !Number.isNaN(value)) {
      emitNumber(out, value * scale.word.value, src.origin[i]);
      return scale.end;
    }
    if (grouped) {
      emitNumber(out, value, src.origin[i]);
      return end;
    }
  }
  for (let k = i; k < end; k++) out.push(codes[k], src.origin[k]);
  return end;
}

function copyRange(src: CodeBuffer, from: number, to: number, out: CodeBuffer): void {
  const codes = src.codes;
  const origin = src.origin;
  out.reserve(out.length + to - from + 16);
  const oc = out.codes;
  const oo = out.origin;
  let len = out.length;
  for (let k = from; k < to; k++) {
    oc[len] = codes[k];
    oo[len++] = origin[k];
  }
  out.length = len;
}

/** Converts the number at word start i when there is one; returns the index after what it consumed. */
function convertAt(src: CodeBuffer, i: number, out: CodeBuffer): number {
  const u = src.codes[i];
  if (u >= 48 && u <= 57) return convertDigits(src, i, out);
  const tok = trieWordAt(src.codes, i, src.length);
  if (!tok) return i;
  const phrase = readPhrase(src, tok);
  if (!worthConverting(phrase, tok)) return i;
  emitNumber(out, phrase.value, src.origin[i]);
  return phrase.end;
}

/** True when some noted word start may be rewritten (so the copy that pass 3 makes is not wasted). */
export function mayConvert(src: CodeBuffer, starts: Int32Array, count: number): boolean {
  const codes = src.codes;
  for (let k = 0; k < count; k++) {
    const i = starts[k];
    if (codes[i] >= 48 && codes[i] <= 57) {
      const end = digitsEnd(codes, i, src.length);
      if (hasSeparator(codes, i, end) || scaleAfter(src, end)) return true;
      continue;
    }
    const tok = trieWordAt(codes, i, src.length);
    if (tok && worthConverting(readPhrase(src, tok), tok)) return true;
  }
  return false;
}

/**
 * Pass 3: number words and multipliers to digits, grouping separators removed. Only the word
 * starts the word pass noted (`starts`, ascending) can begin a number; the rest is copied.
 */
export function convertNumbers(src: CodeBuffer, out: CodeBuffer, starts: Int32Array, count: number): void {
  out.reset(src.length + 16);
  let i = 0;
  for (let k = 0; k < count; k++) {
    const at = starts[k];
    if (at < i) continue; // inside a number already read
    copyRange(src, i, at, out);
    const next = convertAt(src, at, out);
    if (next === at) {
      copyRange(src, at, at + 1, out);
      i = at + 1;
    } else i = next;
  }
  copyRange(src, i, src.length, out);
}
