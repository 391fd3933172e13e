// Per-code-point folding (NFKC, lower case, Arabic variants, digits) and character classes,
// computed lazily once per code point so the hot loop is a typed-array lookup.

export const K_DROP = 1; // invisible: zero-width, bidi controls, Arabic diacritics, tatweel
export const K_SPACE = 2;
export const K_SYMBOL = 3; // emoji and other symbols: dropped inside a word, a space elsewhere
export const K_ONE = 4; // maps to one code unit (info >> 3)
export const K_MULTI = 5; // maps to several code units (multiOf)
export const K_COMBINING = 6; // Latin-style combining mark: composed with the previous letter or dropped

/** Placeholder written for a symbol; the word pass turns it into nothing or a space. */
export const SYMBOL_MARK = 0xffff;

// Character classes of output code units.
export const C_OTHER = 0;
export const C_LATIN = 1;
export const C_CYRILLIC = 2;
export const C_GREEK = 3;
export const C_LETTER = 4; // a letter of any other script (also astral surrogate halves)
export const C_DIGIT = 5; // ASCII digits only: all other digits are folded to ASCII
export const C_MARK = 6;

const bmp = new Int32Array(0x10000);
const multi = new Map<number, string>();
const astral = new Map<number, number>();
const ASTRAL_CACHE_MAX = 4096;
const classes = new Uint8Array(0x10000).fill(0xff);

const DIGIT_ZEROS = [
  0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6,
  0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0,
  0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
];

// Arabic-script letters folded to one form so Arabic and Persian spellings meet.
const ARABIC_FOLD: Record<number, number> = {
  0x064a: 0x06cc, // ي -> ی
  0x0649: 0x06cc, // ى -> ی
  0x0643: 0x06a9, // ك -> ک
  0x0629: 0x0647, // ة -> ه
  0x06c0: 0x0647, // ۀ -> ه
  0x06d5: 0x0647, // ە -> ه
  0x06be: 0x0647, // ھ -> ه
  0x0623: 0x0627, // أ -> ا
  0x0625: 0x0627, // إ -> ا
  0x0622: 0x0627, // آ -> ا
  0x0671: 0x0627, // ٱ -> ا
  0x066b: 0x2e, // Arabic decimal separator
  0x066c: 0x2c, // Arabic thousands separator
  0x060c: 0x2c, // Arabic comma
  0x061f: 0x3f, // Arabic question mark
  0x066a: 0x25, // Arabic percent
  0x0901: 0x0902, // Devanagari chandrabindu -> anusvara (पाँच / पांच)
};

const RE_IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{Cs}]$/u;
const RE_SPACE = /^\s$/u;
const RE_CONTROL = /^\p{Cc}$/u;
const RE_SYMBOL = /^[\p{So}\p{Sk}\p{Co}\p{Cn}\p{Extended_Pictographic}]$/u;
const RE_ALNUM = /[\p{L}\p{N}]/u;
const RE_MARK = /^\p{M}$/u;

function isDroppedMark(cp: number): boolean {
  return (
    (cp >= 0x0610 && cp <= 0x061a) ||
    (cp >= 0x064b && cp <= 0x065f) ||
    cp === 0x0670 ||
    (cp >= 0x06d6 && cp <= 0x06dc) ||
    (cp >= 0x06df && cp <= 0x06e8) ||
    (cp >= 0x06ea && cp <= 0x06ed) ||
    cp === 0x0640 || // tatweel
    cp === 0x093c // Devanagari nukta: हज़ार and हजार are both written
  );
}

function isCombiningDiacritic(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe20 && cp <= 0xfe2f)
  );
}

function digitValue(cp: number): number {
  for (const z of DIGIT_ZEROS) if (cp >= z && cp < z + 10) return cp - z;
  return -1;
}

/** Folds every code point of an already NFKC-lower-cased string (Arabic variants, digits, marks). */
function foldString(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (isDroppedMark(cp) || RE_IGNORABLE.test(ch)) continue;
    const d = digitValue(cp);
    if (d >= 0) out += String.fromCharCode(48 + d);
    else out += ARABIC_FOLD[cp] !== undefined ? String.fromCharCode(ARABIC_FOLD[cp]) : ch;
  }
  return out;
}

function negativeLetter(cp: number): number {
  if (cp >= 0x1f170 && cp <= 0x1f189) return 0x61 + cp - 0x1f170; // 🅰
  if (cp >= 0x1f150 && cp <= 0x1f169) return 0x61 + cp - 0x1f150; // 🅐
  return -1;
}

// Small capitals ("ᴊᴏɪɴ ᴛʜᴇ ᴀʀᴍʏ"), a "fancy text" font that NFKC leaves alone: IPA letters no
// language of the pack writes words in, read as the Latin letters they imitate.
const SMALL_CAPS = new Map([...'ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz'.matchAll(/(.)(.)/gu)].map((m) => [m[1].codePointAt(0)!, m[2].charCodeAt(0)]));

function encode(cp: number, s: string): number {
  if (s.length === 0) return K_DROP;
  if (s.length === 1) return K_ONE | (s.charCodeAt(0) << 3);
  multi.set(cp, s);
  return K_MULTI;
}

function compute(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (isDroppedMark(cp) || RE_IGNORABLE.test(ch)) return K_DROP;
  if (RE_SPACE.test(ch)) return K_SPACE;
  if (RE_CONTROL.test(ch)) return K_DROP;
  if (isCombiningDiacritic(cp)) return K_COMBINING;
  const d = digitValue(cp);
  if (d >= 0) return K_ONE | ((48 + d) << 3);
  const neg = negativeLetter(cp);
  if (neg >= 0) return K_ONE | (neg << 3);
  const small = SMALL_CAPS.get(cp);
  if (small !== undefined) return K_ONE | (small << 3);
  let s = ch.normalize('NFKC');
  if (RE_SYMBOL.test(ch) && !RE_ALNUM.test(s)) return K_SYMBOL;
  s = s.toLowerCase().replace(/i\u0307/g, 'i');
  return encode(cp, foldLatinAccent(foldString(s)));
}

// A Latin letter with accents reads as its plain letter (é, ñ, ş, ơ -> e, n, s, o), in the text and
// in the patterns alike: posts are often typed without them ("dolares", "luong"), and accents
// stacked on every letter are an evasion. Other scripts keep their marks (й is not и).
function foldLatinAccent(s: string): string {
  if (s.length !== 1 || s.charCodeAt(0) < 0xc0) return s;
  const d = s.normalize('NFD');
  const base = d.charCodeAt(0);
  if (base < 97 || base > 122) return s;
  for (let k = 1; k < d.length; k++) if (!isCombiningDiacritic(d.charCodeAt(k))) return s;
  return d[0];
}

/** Folding info for a code point: kind in the low 3 bits, the single code unit above. */
export function charInfo(cp: number): number {
  if (cp < 0x10000) {
    const v = bmp[cp];
    if (v !== 0) return v;
    return (bmp[cp] = compute(cp));
  }
  const v = astral.get(cp);
  if (v !== undefined) return v;
  const c = compute(cp);
  // Bounded: a text walking every plane must not grow the cache without limit.
  if (astral.size < ASTRAL_CACHE_MAX || c === K_MULTI) astral.set(cp, c);
  return c;
}

export function multiOf(cp: number): string {
  return multi.get(cp) ?? '';
}

function computeClass(u: number): number {
  if (u >= 0xd800 && u <= 0xdfff) return C_LETTER;
  if (u >= 0x30 && u <= 0x39) return C_DIGIT;
  const ch = String.fromCharCode(u);
  if (RE_MARK.test(ch)) return C_MARK;
  if (!/^\p{L}$/u.test(ch)) return C_OTHER;
  if (/^\p{Script=Latin}$/u.test(ch)) return C_LATIN;
  if (/^\p{Script=Cyrillic}$/u.test(ch)) return C_CYRILLIC;
  if (/^\p{Script=Greek}$/u.test(ch)) return C_GREEK;
  return C_LETTER;
}

/** Class of an output code unit (see C_*). */
export function classOf(u: number): number {
  const c = classes[u];
  if (c !== 0xff) return c;
  return (classes[u] = computeClass(u));
}

export function isLetterClass(c: number): boolean {
  return c >= C_LATIN && c <= C_LETTER;
}

export function isWordClass(c: number): boolean {
  return c !== C_OTHER;
}
