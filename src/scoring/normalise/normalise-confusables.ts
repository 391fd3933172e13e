// Latin / Cyrillic / Greek look-alikes (lower case, after NFKC), used to fold the minority letters of
// a mixed-script word into the word's dominant script. A compact table rather than the TR39
// skeleton: the skeleton maps everything towards Latin prototypes (and "rn" to "m", "l" to "I"),
// which would make Russian text unreadable for Russian patterns.
import { C_CYRILLIC, C_GREEK, C_LATIN } from './normalise-chars.ts';

const LATIN_CYRILLIC = 'aа bв cс eе hн kк mм nп oо pр rг tт uи xх yу iі jј sѕ';
const CYRILLIC_LATIN_EXTRA = 'ёe һh ԁd ԛq ԝw үy ӏl ьb';
const GREEK_LATIN = 'αa βb γy εe ζz ηn ιi κk νv οo ρp τt υu χx ωw ϲc ϳj';
const GREEK_CYRILLIC = 'αа βв γу εе ιі κк οо ρр τт χх ηп';

const SIZE = 0x530;
const toLatin = new Uint16Array(SIZE);
const toCyrillic = new Uint16Array(SIZE);

function fill(table: Uint16Array, pairs: string, reverse: boolean): void {
  for (const pair of pairs.split(' ')) {
    const [a, b] = reverse ? [pair.charCodeAt(1), pair.charCodeAt(0)] : [pair.charCodeAt(0), pair.charCodeAt(1)];
    table[a] = b;
  }
}
fill(toCyrillic, LATIN_CYRILLIC, false);
fill(toLatin, LATIN_CYRILLIC, true);
fill(toLatin, CYRILLIC_LATIN_EXTRA, false);
fill(toLatin, GREEK_LATIN, false);
fill(toCyrillic, GREEK_CYRILLIC, false);

/** The look-alike of `u` in script `target` (C_LATIN or C_CYRILLIC), or 0 when there is none. */
export function lookAlike(u: number, target: number): number {
  if (u >= SIZE) return 0;
  if (target === C_LATIN) return toLatin[u];
  if (target === C_CYRILLIC) return toCyrillic[u];
  return 0;
}

/** True when `u` of class `cls` has a look-alike in another of the three scripts. */
export function isConfusable(u: number, cls: number): boolean {
  if (u >= SIZE) return false;
  if (cls === C_LATIN) return toCyrillic[u] !== 0;
  if (cls === C_CYRILLIC || cls === C_GREEK) return toLatin[u] !== 0;
  return false;
}
