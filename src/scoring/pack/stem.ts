import { stemmer as arabic } from '@orama/stemmers/arabic';
import { stemmer as armenian } from '@orama/stemmers/armenian';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as indonesian } from '@orama/stemmers/indonesian';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as lithuanian } from '@orama/stemmers/lithuanian';
import { stemmer as nepali } from '@orama/stemmers/nepali';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as romanian } from '@orama/stemmers/romanian';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as serbian } from '@orama/stemmers/serbian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as turkish } from '@orama/stemmers/turkish';
import { stemmer as ukrainian } from '@orama/stemmers/ukrainian';

// Morphology for `stem: true` term lists, at compile time only: each word of a term is cut to its
// Snowball stem (Orama's ports) and matches that stem followed by any letters, so one entry
// ("военный контракт") covers the inflected forms a writer uses ("военного контракта",
// "военным контрактом"). Matching stays one regex pass: nothing is stemmed while scoring.

const STEMMERS: Record<string, (word: string) => string> = {
  ar: arabic, hy: armenian, en: english, fr: french, de: german, id: indonesian, it: italian,
  lt: lithuanian, ne: nepali, pt: portuguese, ro: romanian, ru: russian, sr: serbian,
  es: spanish, tr: turkish, uk: ukrainian,
};

export const STEM_LANGS = Object.keys(STEMMERS).sort();

/** At or below this many letters a word is kept whole: a stem that short matches unrelated words ("in", "по"). */
const MIN_STEM = 3;

/** The letters that may follow a stem: any letter or combining mark, so the word runs to its end. */
const STEM_TAIL = '[\\p{L}\\p{M}]*';
const WORD_END = '(?![\\p{L}\\p{N}\\p{M}])';

/**
 * A term as regex sources, one per word: a word longer than MIN_STEM letters becomes its stem
 * followed by any letters; a short word stays whole. A stemmer that changes letters rather than
 * cutting them off (English "army" → "armi", Arabic dropping the article) leaves the word as
 * written, still free to continue ("army" finds "armys", not "armies": list that form too).
 * `literal` escapes (and folds) each written piece for the caller's regex.
 */
export function stemTerm(term: string, lang: string, literal: (s: string) => string): string[] {
  const stem = STEMMERS[lang];
  if (!stem) throw new Error(`no stemmer for "${lang}" (stem: true works for ${STEM_LANGS.join(', ')})`);
  return term.split(' ').filter(Boolean).map((word) => {
    if (word.length <= MIN_STEM) return `${literal(word)}${WORD_END}`;
    const s = stem(word);
    const base = s.length >= MIN_STEM && word.startsWith(s) ? s : word;
    return `${literal(base)}${STEM_TAIL}`;
  });
}
