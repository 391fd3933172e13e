import type Tesseract from 'tesseract.js';

export type Script = 'latin' | 'cyrillic' | 'arabic' | 'devanagari';

const SCRIPT_RE: Record<Script, RegExp> = {
  latin: /\p{Script=Latin}/u,
  cyrillic: /\p{Script=Cyrillic}/u,
  arabic: /\p{Script=Arabic}/u,
  devanagari: /\p{Script=Devanagari}/u,
};

/** Letters per script in a text (digits and punctuation count for none). */
export function countScripts(text: string): Record<Script, number> {
  const counts: Record<Script, number> = { latin: 0, cyrillic: 0, arabic: 0, devanagari: 0 };
  for (const ch of text) {
    for (const s of Object.keys(SCRIPT_RE) as Script[]) {
      if (SCRIPT_RE[s].test(ch)) {
        counts[s]++;
        break;
      }
    }
  }
  return counts;
}

/** The pool's languages that write each script, in the pool's order of preference. */
const SCRIPT_LANGS: Record<Script, string[]> = {
  latin: ['eng', 'spa', 'fra', 'swa'],
  cyrillic: ['rus', 'ukr'],
  arabic: ['fas', 'ara', 'urd'],
  devanagari: ['hin', 'nep'],
};

/**
 * The probe model set: the first language the pool has for each script, plus Arabic beside Persian,
 * so that the letters only one of them writes can tell the two apart.
 */
export function probeLangs(allowed: string[]): string {
  const picks = (Object.keys(SCRIPT_LANGS) as Script[])
    .map((s) => SCRIPT_LANGS[s].find((l) => allowed.includes(l)))
    .filter((l): l is string => Boolean(l));
  if (picks.includes('fas') && allowed.includes('ara')) picks.splice(picks.indexOf('fas') + 1, 0, 'ara');
  return picks.join('+') || allowed[0];
}

// Letters (and harakat) that Arabic text uses and Persian text does not, and the reverse.
const ARABIC_ONLY = /[\u0629\u064A\u0643\u0649\u064B-\u0652]/gu;
const PERSIAN_ONLY = /[\u067E\u0686\u0698\u06AF\u06CC\u06A9]/gu;
// Function words only one of the two languages uses, compared after folding ي/ى→ی and ك→ک: a model
// may print either letter form, but it cannot turn Persian grammar into Arabic.
const PERSIAN_WORDS = new Set(['است', 'را', 'که', 'این', 'در', 'می', 'برای', 'از', 'با', 'یک', 'های', 'شد', 'شما', 'ما', 'هم', 'آن', 'بود', 'کار', 'تماس']);
const ARABIC_WORDS = new Set(['فی', 'علی', 'الی', 'إلی', 'أن', 'عن', 'هذا', 'هذه', 'التی', 'الذی', 'مع', 'کان', 'لا', 'لم', 'قد', 'ذلک']);

function foldArabicLetters(word: string): string {
  return word.replace(/[\u064A\u0649]/g, '\u06CC').replace(/\u0643/g, '\u06A9').replace(/[\u064B-\u0652]/g, '');
}

/** Votes for Persian and for Arabic from function words and the Arabic article. */
function wordVotes(text: string): { fas: number; ara: number } {
  let fas = 0;
  let ara = 0;
  for (const raw of text.split(/[^\p{Script=Arabic}]+/u)) {
    if (!raw) continue;
    const word = foldArabicLetters(raw);
    if (PERSIAN_WORDS.has(word)) fas++;
    else if (ARABIC_WORDS.has(word)) ara++;
    else if (word.length > 3 && word.startsWith('ال')) ara += 0.5; // the article: everywhere in Arabic, rare in Persian
  }
  return { fas, ara };
}

/** fas or ara for Arabic-script text: by function words first, then by each language's own letters. */
export function arabicOrPersian(text: string, allowed: string[]): string | undefined {
  const votes = wordVotes(text);
  let preferArabic: boolean;
  if (votes.fas !== votes.ara) preferArabic = votes.ara > votes.fas;
  else preferArabic = (text.match(ARABIC_ONLY)?.length ?? 0) > (text.match(PERSIAN_ONLY)?.length ?? 0);
  const prefer = preferArabic ? ['ara', 'fas'] : ['fas', 'ara'];
  return [...prefer, 'urd'].find((l) => allowed.includes(l));
}

/**
 * The model set for the second pass: the pool's main language of the dominant script, plus English
 * when a non-Latin page also carries a real share of Latin letters (phone handles, URLs).
 */
export function langsForText(text: string, allowed: string[]): string | null {
  const counts = countScripts(text);
  const ranked = (Object.keys(counts) as Script[]).sort((a, b) => counts[b] - counts[a]);
  const top = ranked[0];
  if (counts[top] === 0) return null;
  const main = top === 'arabic' ? arabicOrPersian(text, allowed) : SCRIPT_LANGS[top].find((l) => allowed.includes(l));
  if (!main) return null;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const withLatin = top !== 'latin' && counts.latin / total >= 0.2 && allowed.includes('eng');
  return withLatin ? `${main}+eng` : main;
}

/**
 * Runs the probe (every script's model, on a shrunken copy), then the chosen model set on the full
 * image; with no letters seen at all, the pool's first language reads the full image.
 */
export async function chooseLangs(
  probe: (langs: string) => Promise<Tesseract.Page>,
  recognise: (langs: string) => Promise<Tesseract.Page>,
  allowed: string[],
): Promise<{ langs: string; page: Tesseract.Page }> {
  const seen = await probe(probeLangs(allowed));
  const langs = langsForText(seen.text ?? '', allowed) ?? allowed[0];
  return { langs, page: await recognise(langs) };
}
