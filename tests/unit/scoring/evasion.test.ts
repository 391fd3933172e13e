import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { readDataset } from '../../../src/scoring/eval/eval-datasets.ts';

// Evasion, post-wide: each trick is applied to every word of the guard sets' lures that the scorer
// flags as written, and the share still flagged must hold; the same tricks on their negatives must
// not make them flag. A trick on one word is tested in normalise.test.ts; this checks that whole
// posts written that way still read as the scheme they are (stop 24 figures in tests/fixtures/README.md).
const scorer = loadScorer();
const GUARDS = ['devset', 'blindset', 'freshsets', 'freshset-recall', 'freshset-model', 'freshset-dec07', 'freshset-dec07b', 'freshset-dec07c', 'freshset-dec07d', 'freshset-dec07e'];
const items = GUARDS.flatMap((f) => readDataset(`tests/fixtures/${f}.jsonl`).items);
const lures = items.filter((it) => it.label === 1 && scorer.score(it.text).flagged).map((it) => it.text);
const negatives = items.filter((it) => it.label === 0 && !scorer.score(it.text).flagged).map((it) => it.text);

let seed = 1;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const eachWord = (t: string, f: (w: string) => string) => t.replace(/[\p{L}\p{M}\p{N}]+/gu, f);
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
const LOOK_ALIKE: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', 'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c' };
const SMALL_CAPS: Record<string, string> = Object.fromEntries([...'aᴀbʙcᴄdᴅeᴇfꜰgɢhʜiɪjᴊkᴋlʟmᴍnɴoᴏpᴘrʀsꜱtᴛuᴜvᴠwᴡyʏzᴢ'.matchAll(/(.)(.)/gu)].map((m) => [m[1], m[2]]));
const NOUN_PICTURES: Record<string, string> = { money: '💵', passport: '🛂', flight: '✈️', ticket: '🎫', housing: '🏠', sign: '✍️', russia: '🇷🇺', drone: '🛸', truck: '🚚', factory: '🏭', food: '🍽️', деньги: '💵', паспорт: '🛂', россия: '🇷🇺', россии: '🇷🇺' };
const mathBold = (c: string) => (/[a-z]/.test(c) ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97) : /[A-Z]/.test(c) ? String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 65) : c);

// [trick, transform, share of flagged lures still flagged]
const TRICKS: [string, (t: string) => string, number][] = [
  ['leetspeak on most letters', (t) => t.replace(/[aeiost]/g, (c) => (random() < 0.6 ? LEET[c] : c)), 0.75],
  ['an emoji for every space', (t) => t.replace(/ +/g, '🔥'), 0.95],
  ['a zero-width space after every character', (t) => [...t].join('\u200b'), 0.98],
  ['look-alike letters of the other script', (t) => [...t].map((c) => (LOOK_ALIKE[c] && random() < 0.5 ? LOOK_ALIKE[c] : c)).join(''), 0.94],
  ['dots between the letters of longer words', (t) => eachWord(t, (w) => (w.length > 3 ? [...w].join('.') : w)), 0.79],
  ['mathematical bold letters', (t) => [...t].map(mathBold).join(''), 0.96],
  ['alternating case', (t) => [...t].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(''), 0.98],
  ['a vowel stretched in half the words', (t) => eachWord(t, (w) => (w.length > 3 && random() < 0.5 ? w.replace(/([aeiouаеиоуыя])/i, '$1$1$1') : w)), 0.97],
  ['a line break for every space', (t) => t.replace(/ +/g, '\n'), 0.97],
  ['every word in right-to-left override', (t) => eachWord(t, (w) => `\u202e${w}\u202c`), 0.98],
  ['an accent on every letter', (t) => [...t].map((c) => (/\p{L}/u.test(c) ? `${c}\u0301` : c)).join(''), 0.88],
  ['underscores between the letters of longer words', (t) => eachWord(t, (w) => (w.length > 3 ? [...w].join('_') : w)), 0.96],
  ['hashtags on half the longer words', (t) => eachWord(t, (w) => (w.length > 4 && random() < 0.5 ? `#${w}` : w)), 0.96],
  ['full-width ASCII', (t) => [...t].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join(''), 0.98],
  // stop 25: 0.422, 0.422, 0.266, 0.331, 0.384 (8 negatives flagged), 0.257 and 0.655 before
  ['small capitals', (t) => [...t.toLowerCase()].map((c) => SMALL_CAPS[c] ?? c).join(''), 0.97],
  ['regional-indicator letters', (t) => [...t.toLowerCase()].map((c) => (/[a-z]/.test(c) ? `${String.fromCodePoint(0x1f1e6 + c.charCodeAt(0) - 97)}\u200b` : c)).join(''), 0.97],
  ['a hyphen inside longer words', (t) => eachWord(t, (w) => (w.length > 5 ? `${w.slice(0, 3)}-${w.slice(3)}` : w)), 0.83],
  ['a * for a vowel in longer words', (t) => eachWord(t, (w) => (w.length > 4 ? w.replace(/[aeiouаеиоуя]/, '*') : w)), 0.89],
  ['a dot for every space', (t) => t.replace(/ +/g, '.'), 0.94],
  ['a line break inside every longer word', (t) => eachWord(t, (w) => (w.length > 5 ? `${w.slice(0, 3)}\n${w.slice(3)}` : w)), 0.93],
  ['letters spaced, words three spaces apart', (t) => t.split(/ +/).map((w) => [...w].join(' ')).join('   '), 0.77],
  // stop 26: 0.550 (5 negatives flagged) and 0.574 (3) before
  ['syllables of longer words over three lines', (t) => eachWord(t, (w) => (w.length > 6 ? `${w.slice(0, 3)}\n${w.slice(3, 6)}\n${w.slice(6)}` : w)), 0.92],
  ['leetspeak on every letter it can', (t) => t.replace(/[aeiost]/g, (c) => LEET[c]), 0.94],
  // stop 26: 0.392 (8 negatives flagged) before
  ['a slash between every word', (t) => t.replace(/ +/g, ' / '), 0.97],
  // stop 27: 0.354 and 0.966 before (0.947 and 0.995 after)
  ['a digit dropped into longer words', (t) => eachWord(t, (w) => (w.length > 5 && /^\p{L}+$/u.test(w) ? `${w.slice(0, 3)}${Math.floor(random() * 10)}${w.slice(3)}` : w)), 0.93],
  ['emoji for nouns', (t) => eachWord(t, (w) => NOUN_PICTURES[w.toLowerCase()] ?? w), 0.98],
];

// Russian lures typed in Latin letters (stop 25: 0.010 of them flagged before the Cyrillic reading).
const TRANSLIT: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: "'", э: 'e', ю: 'yu', я: 'ya' };
const inLatin = (t: string) => [...t].map((c) => { const l = c.toLowerCase(); return TRANSLIT[l] === undefined ? c : c === l ? TRANSLIT[l] : TRANSLIT[l].toUpperCase(); }).join('');
const russian = (t: string) => (t.match(/[а-яё]/gi)?.length ?? 0) > t.length * 0.4;

describe('evasion across whole posts', () => {
  it('Russian typed in Latin letters: lures still flagged, negatives still not', () => {
    const ruLures = lures.filter(russian);
    const ruNegatives = negatives.filter(russian);
    expect(ruLures.length).toBeGreaterThan(80);
    const kept = ruLures.filter((t) => scorer.score(inLatin(t)).flagged).length / ruLures.length;
    expect(kept).toBeGreaterThanOrEqual(0.62);
    expect(ruNegatives.filter((t) => scorer.score(inLatin(t)).flagged)).toEqual([]);
  });

  it('has hundreds of flagged guard lures and unflagged negatives to disguise', () => {
    expect(lures.length).toBeGreaterThan(400);
    expect(negatives.length).toBeGreaterThan(500);
  });

  it.each(TRICKS)('%s: lures still flagged, negatives still not', (_name, trick, floor) => {
    seed = 7;
    const missed = lures.filter((t) => !scorer.score(trick(t)).flagged);
    const flaggedNegatives = negatives.filter((t) => scorer.score(trick(t)).flagged);
    const kept = 1 - missed.length / lures.length;
    expect(kept, missed.slice(0, 5).map((t) => trick(t).slice(0, 120)).join('\n')).toBeGreaterThanOrEqual(floor);
    expect(flaggedNegatives.length / negatives.length).toBeLessThanOrEqual(0.01);
  });
});
