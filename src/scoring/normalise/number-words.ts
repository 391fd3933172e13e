// Number words of the main languages, keyed by their normalised spelling.
// Kinds: unit (adds), hundred (multiplies what precedes), scale (closes a group: thousand, lakh,
// million), prefix (Swahili: the scale comes before its multiplicand, "elfu ishirini" = 20,000),
// link (a connector allowed between number words: and, и, و, y, et, na).
import { foldNonAscii } from './normalise-map.ts';

export type NumberKind = 'unit' | 'hundred' | 'scale' | 'prefix' | 'link';
export interface NumberWord {
  kind: NumberKind;
  value: number;
}

const UNITS = `
one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11 twelve 12 thirteen 13
fourteen 14 fifteen 15 sixteen 16 seventeen 17 eighteen 18 nineteen 19 twenty 20 thirty 30 forty 40
fifty 50 sixty 60 seventy 70 eighty 80 ninety 90
один 1 одна 1 одну 1 два 2 две 2 три 3 четыре 4 пять 5 шесть 6 семь 7 восемь 8 девять 9 десять 10
одиннадцать 11 двенадцать 12 тринадцать 13 четырнадцать 14 пятнадцать 15 шестнадцать 16 семнадцать 17
восемнадцать 18 девятнадцать 19 двадцать 20 тридцать 30 сорок 40 пятьдесят 50 шестьдесят 60
семьдесят 70 восемьдесят 80 девяносто 90 сто 100 двести 200 триста 300 четыреста 400 пятьсот 500
шестьсот 600 семьсот 700 восемьсот 800 девятьсот 900
двух 2 трёх 3 трех 3 четырёх 4 четырех 4 пяти 5 шести 6 семи 7 восьми 8 девяти 9 десяти 10
двадцати 20 тридцати 30 сорока 40 пятидесяти 50 шестидесяти 60 семидесяти 70 восьмидесяти 80
девяноста 90 ста 100 двухсот 200 трёхсот 300 трехсот 300 четырёхсот 400 пятисот 500 шестисот 600
семисот 700 восьмисот 800 девятисот 900 полтора 1.5 полторы 1.5 полутора 1.5
дві 2 двісті 200 чотири 4 чотириста 400 шістсот 600 сімсот 700 вісімсот 800
یک 1 دو 2 سه 3 چهار 4 پنج 5 شش 6 هفت 7 هشت 8 نه 9 ده 10 یازده 11 دوازده 12 سیزده 13 چهارده 14
پانزده 15 شانزده 16 هفده 17 هجده 18 هیجده 18 نوزده 19 بیست 20 سی 30 چهل 40 پنجاه 50 شصت 60 هفتاد 70
هشتاد 80 نود 90 دویست 200 سیصد 300 چهارصد 400 پانصد 500 ششصد 600 هفتصد 700 هشتصد 800 نهصد 900
واحد 1 اثنان 2 اثنين 2 ثلاث 3 ثلاثة 3 أربع 4 أربعة 4 خمس 5 خمسة 5 ستة 6 سبع 7 سبعة 7 ثمان 8 ثماني 8
ثمانية 8 تسع 9 تسعة 9 عشر 10 عشرة 10 عشرون 20 عشرين 20 ثلاثون 30 ثلاثين 30 أربعون 40 أربعين 40
خمسون 50 خمسين 50 ستون 60 ستين 60 سبعون 70 سبعين 70 ثمانون 80 ثمانين 80 تسعون 90 تسعين 90
مئتان 200 مئتين 200 مائتان 200 مائتين 200 ثلاثمائة 300 خمسمائة 500 ألفين 2000
एक 1 दो 2 तीन 3 चार 4 पाँच 5 छह 6 सात 7 आठ 8 नौ 9 दस 10 बीस 20 पच्चीस 25 तीस 30 चालीस 40 पचास 50
साठ 60 सत्तर 70 अस्सी 80 नब्बे 90 दुई 2 छ 6 दश 10 सत्तरी 70 असी 80
uno 1 una 1 dos 2 tres 3 cuatro 4 cinco 5 seis 6 siete 7 ocho 8 nueve 9 diez 10 doce 12 trece 13
catorce 14 quince 15 dieciséis 16 diecisiete 17 dieciocho 18 diecinueve 19 veinte 20 veintiuno 21
veintidós 22 veintitrés 23 veinticuatro 24 veinticinco 25 treinta 30 cuarenta 40 cincuenta 50
sesenta 60 setenta 70 ochenta 80 noventa 90 cien 100 doscientos 200 trescientos 300
cuatrocientos 400 quinientos 500 seiscientos 600 setecientos 700 ochocientos 800 novecientos 900
un 1 une 1 deux 2 trois 3 quatre 4 cinq 5 sept 7 huit 8 neuf 9 dix 10 onze 11 douze 12 treize 13
quatorze 14 quinze 15 seize 16 vingt 20 vingts 20 trente 30 quarante 40 cinquante 50 soixante 60
moja 1 mbili 2 tatu 3 nne 4 tano 5 sita 6 saba 7 nane 8 tisa 9 kumi 10 ishirini 20 thelathini 30
arobaini 40 hamsini 50 sitini 60 sabini 70 themanini 80 tisini 90
bir 1 ikki 2 uch 3 besh 5 olti 6 yetti 7 sakkiz 8 yigirma 20 qirq 40 ellik 50 oltmish 60 yetmish 70 sakson 80
to'rt 4 toʻrt 4 to‘rt 4 to’rt 4 to'qqiz 9 toʻqqiz 9 to‘qqiz 9 to’qqiz 9
o'n 10 oʻn 10 o‘n 10 o’n 10 o'ttiz 30 oʻttiz 30 o‘ttiz 30 o’ttiz 30 to'qson 90 toʻqson 90 to‘qson 90 to’qson 90
бир 1 икки 2 уч 3 тўрт 4 беш 5 олти 6 етти 7 саккиз 8 тўққиз 9 ўн 10 йигирма 20 ўттиз 30 қирқ 40 эллик 50
олтмиш 60 етмиш 70 саксон 80 тўқсон 90
`;
const HUNDREDS = 'hundred hundreds صد مئة مائة सौ सय ciento cent cents yuz юз';
const SCALES = `
thousand 1e3 thousands 1e3 k 1e3 million 1e6 millions 1e6 mln 1e6 billion 1e9 lakh 1e5 lakhs 1e5 lac 1e5
crore 1e7 crores 1e7 тысяча 1e3 тысячи 1e3 тысяч 1e3 тыс 1e3 тыщ 1e3 к 1e3 миллион 1e6 миллиона 1e6
миллионов 1e6 миллионам 1e6 тысячам 1e3 тисяча 1e3 тисячі 1e3 тисяч 1e3 мільйон 1e6 мільйони 1e6 мільйонів 1e6 млн 1e6 миллиард 1e9 миллиарда 1e9 миллиардов 1e9 млрд 1e9 هزار 1e3 میلیون 1e6
ملیون 1e6 میلیارد 1e9 ألف 1e3 آلاف 1e3 مليون 1e6 ملايين 1e6 हज़ार 1e3 लाख 1e5 करोड़ 1e7 mil 1e3
millón 1e6 millones 1e6 mille 1e3 milliard 1e9 milliards 1e9 ming 1e3 минг 1e3
`;
const PREFIXES = 'mia 100 elfu 1e3 laki 1e5 milioni 1e6';
const LINKS = 'and и و y et na';

/** Words never converted when they stand alone: ordinary words in one of the languages. */
export const AMBIGUOUS_ALONE = new Set(['sept', 'once', 'cent', 'mil', 'sita', 'saba', 'tano', 'nane', 'سی', 'ده', 'نه', 'сорока', 'ста', 'bir', 'бир', 'uch', 'olti', 'yuz', 'ming', 'юз']);

export interface TrieNode {
  next: Map<number, TrieNode>;
  word?: NumberWord;
  key?: string;
}

/** Number words as a trie over code units: a lookup walks the text without building strings. */
export const NUMBER_TRIE: TrieNode = { next: new Map() };
/** Per first code unit, a bit per length (capped at 31) of the number words it starts. */
const NUMBER_LENGTHS = new Uint32Array(0x10000);
/** Flags the hashed first two code units of the number words (collisions only cost a trie walk). */
const NUMBER_PAIRS = new Uint8Array(0x10000);
const pairHash = (a: number, b: number): number => ((a * 31) ^ b) & 0xffff;

/** The apostrophes Uzbek number words are written with ("o'n", "to‘rt", "toʻrt"): one list for the trie, its filters and the word scanner. */
const APOSTROPHES = [0x27, 0x2018, 0x2019, 0x02bb, 0x02bc];
export function isNumberApostrophe(u: number): boolean {
  return APOSTROPHES.includes(u);
}

function insert(key: string, word: NumberWord): void {
  let node = NUMBER_TRIE;
  if (word.kind !== 'link') {
    NUMBER_LENGTHS[key.charCodeAt(0)] |= 1 << Math.min(key.length, 31);
    if (key.length > 1) NUMBER_PAIRS[pairHash(key.charCodeAt(0), key.charCodeAt(1))] = 1;
    // "o'n", "to‘rt": the word scanner stops at the apostrophe, so the part before it must pass too
    let apos = 0;
    while (apos < key.length && !isNumberApostrophe(key.charCodeAt(apos))) apos++;
    if (apos > 0 && apos < key.length) {
      NUMBER_LENGTHS[key.charCodeAt(0)] |= 1 << Math.min(apos, 31);
      if (apos > 1) NUMBER_PAIRS[pairHash(key.charCodeAt(0), key.charCodeAt(1))] = 1;
    }
  }
  for (let i = 0; i < key.length; i++) {
    const u = key.charCodeAt(i);
    let child = node.next.get(u);
    if (!child) node.next.set(u, (child = { next: new Map() }));
    node = child;
  }
  node.word = word;
  node.key = key;
}

function add(list: string, kind: NumberKind, fixed?: number): void {
  const parts = list.trim().split(/\s+/);
  const step = fixed === undefined ? 2 : 1;
  for (let i = 0; i < parts.length; i += step) {
    const key = foldNonAscii(parts[i]).toLowerCase();
    const value = fixed ?? Number(parts[i + 1]);
    insert(key, { kind, value });
  }
}

add(UNITS, 'unit');
add(HUNDREDS, 'hundred', 100);
add(SCALES, 'scale');
add(PREFIXES, 'prefix');
add(LINKS, 'link', 0);

/** Cheap first test: a number word (not a link word) of this length starts with this code unit. */
export function mayStartNumberWord(first: number, length: number): boolean {
  return ((NUMBER_LENGTHS[first] >>> Math.min(length, 31)) & 1) === 1;
}

/** True when codes[from, to) spell a number word (not a link word). */
export function mayBeNumberWord(codes: Uint16Array, from: number, to: number): boolean {
  // Most words fail on their first letter and length, before the trie.
  if (((NUMBER_LENGTHS[codes[from]] >>> Math.min(to - from, 31)) & 1) === 0) return false;
  if (to - from > 1 && NUMBER_PAIRS[pairHash(codes[from], codes[from + 1])] === 0) return false;
  let node: TrieNode | undefined = NUMBER_TRIE;
  for (let k = from; k < to && node; k++) node = node.next.get(codes[k]);
  if (node === undefined) return false;
  if (node.word !== undefined) return node.word.kind !== 'link';
  // the letters before an apostrophe of a number word ("to" of "to'rt"): the next character is
  // not copied yet, so the word is a candidate and pass 3's trie walk decides
  for (const u of APOSTROPHES) if (node.next.has(u)) return true;
  return false;
}
