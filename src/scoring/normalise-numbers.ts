// Pass 4: numbers. Number words become digits ("twenty thousand" -> 20000, "بیست هزار" -> 20000),
// a digit number with a multiplier becomes one integer ("2.5 млн" -> 2500000, "20k" -> 20000),
// grouping separators go ("20,000" -> 20000), and whitespace runs collapse to one space.
import { CodeBuffer } from './normalise-buffer.ts';
import { C_DIGIT, C_MARK, C_OTHER, classOf, isLetterClass } from './normalise-chars.ts';
import { AMBIGUOUS_ALONE, NUMBER_WORD_START, NUMBER_WORDS, type NumberWord } from './number-words.ts';

interface Token {
  word: NumberWord;
  key: string;
  end: number;
}

function emit(out: CodeBuffer, u: number, origin: number): void {
  if (u === 32 && (out.length === 0 || out.last() === 32)) return;
  out.push(u, origin);
}

function emitNumber(out: CodeBuffer, value: number, origin: number): void {
  const s = String(Math.round(value));
  for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k), origin);
}

function wordEndAt(codes: Uint16Array, i: number, n: number): number {
  let j = i;
  while (j < n) {
    const c = classOf(codes[j]);
    if (!isLetterClass(c) && c !== C_MARK) break;
    j++;
  }
  return j;
}

/** The number word at i (a whole word), or null. */
function numberWordAt(src: CodeBuffer, i: number): Token | null {
  const codes = src.codes;
  if (!NUMBER_WORD_START[codes[i]]) return null;
  if (i > 0 && classOf(codes[i - 1]) !== C_OTHER) return null;
  const end = wordEndAt(codes, i, src.length);
  if (end - i > 16 || (end < src.length && classOf(codes[end]) === C_DIGIT)) return null;
  const key = src.text(i, end);
  const word = NUMBER_WORDS.get(key);
  return word ? { word, key, end } : null;
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
  const flushPrefix = (): void => {
    if (prefix) total += prefix * (current || 1);
    else total += current;
    current = 0;
    prefix = 0;
  };
  for (let tok: Token | null = first; tok; ) {
    const { kind, value } = tok.word;
    if (kind === 'link') {
      if (count === 0) break;
    } else if (kind === 'unit') {
      if (value === 20 && last === 4 && tok.key.startsWith('vingt')) current += 76; // quatre-vingt(s)
      else current += value;
      if (prefix && --prefixTake === 0) flushPrefix();
    } else if (kind === 'hundred') current = (current || 1) * 100;
    else if (kind === 'scale') {
      if (count === 0) break;
      total += (current || 1) * value;
      current = 0;
    } else {
      flushPrefix();
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
  flushPrefix();
  return { value: total, end, count };
}

function worthConverting(p: Phrase, first: Token): boolean {
  if (p.count >= 2) return p.value > 0;
  const k = first.word.kind;
  return k === 'unit' && first.word.value >= 20 && !AMBIGUOUS_ALONE.has(first.key);
}

/** The digits (with inner , and .) starting at i. */
function readDigits(codes: Uint16Array, i: number, n: number): { text: string; end: number } {
  let j = i;
  while (j < n) {
    const u = codes[j];
    if (u >= 48 && u <= 57) j++;
    else if ((u === 44 || u === 46) && j + 1 < n && codes[j + 1] >= 48 && codes[j + 1] <= 57 && j > i) j++;
    else break;
  }
  let text = '';
  for (let k = i; k < j; k++) text += String.fromCharCode(codes[k]);
  return { text, end: j };
}

const GROUPED = /^\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*$/;

function digitValue(text: string): { value: number; grouped: boolean } {
  if (GROUPED.test(text)) return { value: Number(text.replace(/[.,]/g, '')), grouped: true };
  const parts = text.split(/[.,]/);
  if (parts.length === 1) return { value: Number(text), grouped: false };
  if (parts.length === 2) return { value: Number(parts[0] + '.' + parts[1]), grouped: false };
  return { value: Number.NaN, grouped: false };
}

/** Handles a digit number at i; returns the index after what it consumed. */
function convertDigits(src: CodeBuffer, i: number, out: CodeBuffer): number {
  const codes = src.codes;
  const n = src.length;
  const { text, end } = readDigits(codes, i, n);
  const { value, grouped } = digitValue(text);
  const wordAt = end < n && codes[end] === 32 ? end + 1 : end;
  const scale = wordAt < n ? numberWordAt(src, wordAt) ?? glued(src, wordAt, end) : null;
  if (scale && scale.word.kind === 'scale' && !Number.isNaN(value)) {
    emitNumber(out, value * scale.word.value, src.origin[i]);
    return scale.end;
  }
  if (grouped) {
    emitNumber(out, value, src.origin[i]);
    return end;
  }
  for (let k = i; k < end; k++) out.push(codes[k], src.origin[k]);
  return end;
}

/** A scale glued to the digits ("20k", "20тыс"): the word check above refuses a preceding digit. */
function glued(src: CodeBuffer, at: number, digitsEnd: number): Token | null {
  if (at !== digitsEnd) return null;
  const codes = src.codes;
  const end = wordEndAt(codes, at, src.length);
  if (end === at || end - at > 8 || (end < src.length && classOf(codes[end]) === C_DIGIT)) return null;
  const key = src.text(at, end);
  const word = NUMBER_WORDS.get(key);
  return word && word.kind === 'scale' ? { word, key, end } : null;
}

export function convertNumbers(src: CodeBuffer, out: CodeBuffer): void {
  const n = src.length;
  const codes = src.codes;
  out.reset(n + 16);
  let i = 0;
  while (i < n) {
    const u = codes[i];
    const startsToken = i === 0 || classOf(codes[i - 1]) === C_OTHER;
    if (u >= 48 && u <= 57 && startsToken) {
      i = convertDigits(src, i, out);
      continue;
    }
    const tok = startsToken ? numberWordAt(src, i) : null;
    if (tok) {
      const phrase = readPhrase(src, tok);
      if (worthConverting(phrase, tok)) {
        emitNumber(out, phrase.value, src.origin[i]);
        i = phrase.end;
        continue;
      }
    }
    emit(out, u, src.origin[i]);
    i++;
  }
  if (out.last() === 32) out.length--;
}
