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

/** The first language the pool has for each script it can read: the probe model set. */
export function probeLangs(allowed: string[]): string {
  const picks = (Object.keys(SCRIPT_LANGS) as Script[])
    .map((s) => SCRIPT_LANGS[s].find((l) => allowed.includes(l)))
    .filter((l): l is string => Boolean(l));
  return picks.join('+') || allowed[0];
}

/**
 * The model set for the second pass: the pool's main language of the dominant script, plus English
 * when a non-Latin page also carries a real share of Latin letters (phone handles, URLs).
 */
export function langsForScripts(counts: Record<Script, number>, allowed: string[]): string | null {
  const ranked = (Object.keys(counts) as Script[]).sort((a, b) => counts[b] - counts[a]);
  const top = ranked[0];
  if (counts[top] === 0) return null;
  const main = SCRIPT_LANGS[top].find((l) => allowed.includes(l));
  if (!main) return null;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const withLatin = top !== 'latin' && counts.latin / total >= 0.2 && allowed.includes('eng');
  return withLatin ? `${main}+eng` : main;
}

/** Runs a probe pass, then the chosen model set; keeps the probe when it already used that set. */
export async function chooseLangs(
  recognise: (langs: string) => Promise<Tesseract.Page>,
  allowed: string[],
): Promise<{ langs: string; page: Tesseract.Page }> {
  const probe = probeLangs(allowed);
  const first = await recognise(probe);
  const langs = langsForScripts(countScripts(first.text ?? ''), allowed);
  if (!langs || langs === probe) return { langs: probe, page: first };
  return { langs, page: await recognise(langs) };
}
