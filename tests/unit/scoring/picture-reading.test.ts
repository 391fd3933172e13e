import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { normalize, toOriginalSpan } from '../../../src/scoring/normalise/normalise.ts';
import { withPictureReading } from '../../../src/scoring/normalise/picture-reading.ts';

// A post that draws its nouns is read a second time with the pictures as words; the first reading,
// where the pictures are symbols, stays as it was.
const read = (t: string) => withPictureReading(normalize(t), t);
const second = (t: string) => read(t).text.split(' ¶ ')[1];

describe('picture reading', () => {
  it('reads a flag as its country and a drawn noun as the noun', () => {
    expect(second('🇷🇺 hires 🚚 drivers, 💵 when you ✍️, 🛂 and ✈️ by us')).toBe('russia hires truck drivers, money when you sign , passport and flight by us');
    expect(second('work in 🇲🇲🇹🇭')).toBe('work in myanmar burma thailand');
  });

  it('leaves a post without such pictures as it is', () => {
    const t = 'join the army 🔥✅ now';
    expect(read(t)).toEqual(normalize(t));
  });

  it('keeps the first reading whole, so decoration inside a phrase cuts nothing', () => {
    const t = 'join🇷🇺the🇷🇺russian🇷🇺army🇷🇺as🇷🇺a🇷🇺foreigner';
    expect(read(t).text.startsWith(`${normalize(t).text} ¶ `)).toBe(true);
  });

  it('maps a word of the second reading back to the picture it came from', () => {
    const t = 'come to 🇷🇺 now';
    const n = read(t);
    const at = n.text.lastIndexOf('russia');
    const span = toOriginalSpan(n, at, at + 'russia'.length);
    expect(t.slice(span.start, span.end).trim()).toBe('🇷🇺');
  });

  it('reads a pair that names no region as nothing', () => {
    expect(second('🇦🇦 go')).toBe('go');
  });

  it('lets a lure drawn in pictures flag, and the same words as decoration do not', () => {
    const scorer = loadScorer();
    const drawn = 'Foreign men wanted in 🇷🇺: 🚚 drivers and 🛸 pilots. 💵💵 the day you ✍️, 🛂 for your family, ✈️ and 🏠 covered. 📲 @some_desk_ru';
    expect(scorer.score(drawn).flagged).toBe(true);
    expect(scorer.score(drawn.replace(/🇷🇺|🚚|🛸|💵|✍️|🛂|✈️|🏠/gu, '⭐')).flagged).toBe(false);
    expect(scorer.score('Evening news 🇷🇺🇺🇦: talks in Geneva, ✈️ delays at the airport, 🏠 prices up.').flagged).toBe(false);
  });
});
