// Evaders draw a lure's nouns ("🛂 for you and your family", "💵 the week you ✍️", "🇷🇺 is hiring")
// so that word filters find nothing. A reader reads the picture as its word, and so does the
// scorer's second reading (picture-reading.ts): each emoji below, and every flag, becomes its English
// word between spaces (the pack has English terms for all of them). Only pictures with one plain
// reading in such posts are listed; others (🔥, ✅, 👉) stay symbols in both readings.

const WORDS: Array<[string, string]> = [
  ['💵💴💶💷💰💸', 'money'],
  ['✈🛫🛬', 'flight'],
  ['🎫🎟', 'ticket'],
  ['🏠🏡🛏', 'housing'],
  ['🏨', 'hotel'],
  ['🛂', 'passport'],
  ['🪪', 'documents'],
  ['✍', 'sign'],
  ['🪖', 'military'],
  ['🛸', 'drone'],
  ['🚚🚛', 'truck'],
  ['🏭', 'factory'],
  ['🍽', 'food'],
  ['💼', 'job'],
];

/** Code point -> the word it reads as, with a space on each side. */
export const EMOJI_WORDS: ReadonlyMap<number, string> = new Map(
  WORDS.flatMap(([pictures, word]) => [...pictures].map((p): [number, string] => [p.codePointAt(0)!, ` ${word} `])),
);

const REGIONAL_A = 0x1f1e6;
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const flags = new Map<number, string>();

/**
 * A flag (two regional-indicator letters, 🇷🇺) read as its country's English name between spaces
 * ("Myanmar (Burma)" -> " myanmar burma "), or '' for a pair that names no region.
 */
export function flagWord(first: number, second: number): string {
  const key = (first - REGIONAL_A) * 26 + (second - REGIONAL_A);
  const hit = flags.get(key);
  if (hit !== undefined) return hit;
  const code = String.fromCharCode(65 + first - REGIONAL_A, 65 + second - REGIONAL_A);
  let name: string | undefined;
  try {
    name = regionNames.of(code);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err; // a code the region table refuses names no region
  }
  const word = name ? ` ${name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]+/g, ' ').trim()} ` : '';
  flags.set(key, word);
  return word;
}
