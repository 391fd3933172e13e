// Russian written in Latin letters ("kontrakt na god, vyplata pri podpisanii, pishite v telegram"),
// as migrants without a Cyrillic keyboard and recruiters dodging Cyrillic filters write it. A post
// that reads as transliterated Russian is read twice: as written, and turned back into Cyrillic,
// so the pack's Russian patterns see it. The gate wants Russian function words and Russian
// spellings (zh, kh, shch; -ogo, -ykh, -tsya endings), almost no English and no accented letters, so
// English, Uzbek, Swahili, Turkish, Slovak or Polish posts are read once, as before.
import type { Normalized } from './normalise.ts';
import { appendReading } from './second-reading.ts';

const RU_WORDS = new Set(['v', 's', 'k', 'do', 'po', 'ot', 'iz', 'dlya', 'chto', 'kak', 'vy', 'nas', 'vas', 'ili', 'eto', 'vse', 'uzhe', 'tolko',
  'esli', 'pri', 'kto', 'gde', 'kogda', 'ochen', 'mozhno', 'nuzhno', 'bez', 'ne', 'net', 'vam', 'nam', 'tebe']);
const EN_WORDS = new Set(['the', 'and', 'for', 'you', 'with', 'of', 'is', 'are', 'to', 'in', 'on', 'this', 'that', 'your', 'our', 'we']);
const RU_SPELLING = /zh|kh|sh|ch|ykh|ts|ya|yu|yo|(?:[^aeiou]y|iy|yy|ii|ie|oye|ogo|ego|omu|ami|akh|sya|ov|ev|ey|om)$/;
const MIN_WORDS = 5;
const ASCII_WORD = /^[a-z']+$/;
const MIN_RU_WORDS = 3; // Russian function words
const MIN_DISTINCT_RU_WORDS = 2;
const MIN_SPELLING_SHARE = 0.1;
const MAX_ENGLISH_SHARE = 0.05;
const ENGLISH_AFTER = 40; // English words are judged as a share once this many words are read
const MAX_OTHER_SHARE = 0.1;

// longest first; a y after a vowel is й ("novyy" -> новый), elsewhere ы; an e starting a word is э
const DIGRAPHS: [string, string][] = [
  ['tsya', 'тся'], ['shch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ts', 'ц'], ['ch', 'ч'], ['sh', 'ш'], ['ya', 'я'], ['yu', 'ю'], ['yo', 'ё'],
  ['ja', 'я'], ['ju', 'ю'], ['jo', 'ё'],
];
const LETTERS: Record<string, string> = {
  a: 'а', b: 'б', v: 'в', g: 'г', d: 'д', e: 'е', z: 'з', i: 'и', j: 'й', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о',
  p: 'п', r: 'р', s: 'с', t: 'т', u: 'у', f: 'ф', h: 'х', c: 'ц', w: 'в', q: 'к', x: 'кс', "'": 'ь',
};
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

// Latin letters with accents in the original (ľ, á, š, ç): Slovak, Czech or Polish, never a transliteration
const ACCENTED_LATIN = /[\u00c0-\u024f]/g;
const MAX_ACCENTED_SHARE = 0.02;

/** Whether the text (normalised, and as written) reads as Russian in Latin letters. */
export function looksTranslitRussian(text: string, original: string): boolean {
  if (!mostlyAsciiLetters(text)) return false;
  // whole words of any script: "yıllık" is one Turkish word, not "y" and "ll" and "k"
  const word = /[\p{L}\p{M}']+/gu;
  let words = 0;
  let latin = 0;
  let ru = 0;
  const distinct = new Set<string>(); // "k.k" is no Russian
  let en = 0;
  let spelled = 0;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    words++;
    const w = m[0];
    if (!ASCII_WORD.test(w)) continue;
    latin += w.length;
    if (RU_WORDS.has(w)) { ru++; distinct.add(w); }
    else if (EN_WORDS.has(w) && ++en > MAX_ENGLISH_SHARE * Math.max(words, ENGLISH_AFTER)) return false; // English: no need to read on
    if (w.length > 3 && RU_SPELLING.test(w)) spelled++;
  }
  if (words < MIN_WORDS) return false;
  if (ru < MIN_RU_WORDS || distinct.size < MIN_DISTINCT_RU_WORDS || en > MAX_ENGLISH_SHARE * words || spelled < MIN_SPELLING_SHARE * words) return false;
  const accented = original.match(ACCENTED_LATIN)?.length ?? 0;
  return accented <= MAX_ACCENTED_SHARE * latin;
}

/** The cheap first test, one pass without allocating: letters other than a–z are few (a Cyrillic, Arabic or Devanagari post is not transliterated). */
function mostlyAsciiLetters(text: string): boolean {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) ascii++;
    else if (c >= 0x370 && c < 0xfff0) other++;
  }
  return ascii >= MIN_WORDS * 3 && other <= MAX_OTHER_SHARE * ascii;
}

/** A Latin word turned back into Cyrillic, with the index in the word each Cyrillic letter came from. */
function toCyrillic(word: string, out: { text: string; from: number[] }, base: number): void {
  for (let k = 0; k < word.length;) {
    const d = DIGRAPHS.find(([lat]) => word.startsWith(lat, k));
    if (d) {
      out.text += d[1];
      out.from.push(base + k);
      k += d[0].length;
      continue;
    }
    const c = word[k];
    let cyr = LETTERS[c] ?? c;
    if (c === 'y') cyr = k > 0 && VOWELS.has(word[k - 1]) ? 'й' : 'ы';
    if (c === 'e' && k === 0) cyr = 'э';
    for (const ch of cyr) {
      out.text += ch;
      out.from.push(base + k);
    }
    k++;
  }
}

/**
 * The text read twice when it is transliterated Russian: as written, then a separator, then the
 * Latin words turned back into Cyrillic (spans of the second reading map to the same original
 * letters). Any other text is returned as it is.
 */
export function withCyrillicReading(n: Normalized, original: string): Normalized {
  if (!looksTranslitRussian(n.text, original)) return n;
  const second = { text: '', from: [] as number[] };
  let at = 0;
  for (const m of n.text.matchAll(/[a-z']+/g)) {
    for (let k = at; k < m.index; k++) { second.text += n.text[k]; second.from.push(k); }
    toCyrillic(m[0], second, m.index);
    at = m.index + m[0].length;
  }
  for (let k = at; k < n.text.length; k++) { second.text += n.text[k]; second.from.push(k); }
  return appendReading(n, second.text, second.from.map((k) => n.origin[k]));
}
