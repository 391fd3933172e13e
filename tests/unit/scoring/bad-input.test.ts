import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';

const scorer = loadScorer();

function everyPlane(): string {
  let out = '';
  for (let plane = 0; plane <= 16; plane++) for (let k = 0x20; k < 0x10000; k += 997) out += String.fromCodePoint(plane * 0x10000 + k);
  return out;
}

const hostile: Array<[string, string]> = [
  ['empty', ''],
  ['1 MB of one char', 'a'.repeat(1_000_000)],
  ['1 MB of one Cyrillic char and spaces', 'а '.repeat(500_000)],
  ['every Unicode plane', everyPlane()],
  ['unpaired surrogates', '\ud800 army \udfff contract \ud83d'.repeat(1000)],
  ['RTL overrides', '\u202eتماس واتساپ\u202c \u2066+374\u2069 ارتش روسیه'.repeat(500)],
  ['10,000 emoji', '🪖💰🇷🇺'.repeat(3334)],
  ['repeated keywords', 'russian army contract foreigners bonus whatsapp '.repeat(20_000)],
];

describe('bad input', () => {
  it.each(hostile)('%s: returns a result quickly', (_name, text) => {
    const t0 = performance.now();
    const r = scorer.score(text);
    const ms = performance.now() - t0;
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(100);
    expect(typeof r.explanation).toBe('string');
    expect(r.matches.length).toBeLessThanOrEqual(400);
    expect(ms).toBeLessThan(2000);
  });

  it('scores a 1 MB single-character post in well under a second', () => {
    const t0 = performance.now();
    scorer.score('x'.repeat(1_000_000));
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
