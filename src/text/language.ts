import { franc } from 'franc-min';

/**
 * The language of a post, for the reviewers' queue (filter and column): ISO 639-3, or 'und' when the
 * text is too short or unclear to say. franc-min guesses from trigrams; it is restricted to the
 * languages recruitment lures and their audiences are written in, which makes it faster and keeps it
 * from naming a rare language for a short post.
 */
export const LANGUAGES: Record<string, string> = {
  eng: 'English',
  rus: 'Russian',
  ukr: 'Ukrainian',
  arb: 'Arabic',
  pes: 'Persian',
  hin: 'Hindi',
  npi: 'Nepali',
  ben: 'Bengali',
  urd: 'Urdu',
  sin: 'Sinhala',
  tam: 'Tamil',
  spa: 'Spanish',
  fra: 'French',
  por: 'Portuguese',
  uzn: 'Uzbek',
  kaz: 'Kazakh',
  kir: 'Kyrgyz',
  tgk: 'Tajik',
  tur: 'Turkish',
  swh: 'Swahili',
  hau: 'Hausa',
  yor: 'Yoruba',
  amh: 'Amharic',
  som: 'Somali',
  vie: 'Vietnamese',
  tha: 'Thai',
  tgl: 'Tagalog',
  cmn: 'Chinese',
  deu: 'German',
  ita: 'Italian',
};
const only = Object.keys(LANGUAGES);

/** Trigram statistics settle within a few hundred characters; reading more only costs time. */
const SAMPLE_CHARS = 200;
const UKRAINIAN_LETTERS = /[ієїґІЄЇҐ]/;
const RUSSIAN_ONLY_LETTERS = /[ыэъёЫЭЪЁ]/;

export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  const guess = franc(sample, { minLength: 10, only });
  // franc confuses the two on short posts; their alphabets do not: і/є/ї/ґ are Ukrainian only, ы/э/ъ/ё Russian only.
  if (guess === 'ukr' && !UKRAINIAN_LETTERS.test(sample)) return 'rus';
  if (guess === 'rus' && UKRAINIAN_LETTERS.test(sample) && !RUSSIAN_ONLY_LETTERS.test(sample)) return 'ukr';
  return guess;
}

export function languageName(code: string | null | undefined): string {
  if (!code || code === 'und') return 'unknown';
  return LANGUAGES[code] ?? code;
}
