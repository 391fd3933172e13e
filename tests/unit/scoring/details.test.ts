import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';

// The structured explanation: the figures the sentence is built from, stored with every score.
const scorer = loadScorer();

describe('structured explanation', () => {
  const flyer = 'Contract with the Russian army for foreign citizens. Signing bonus $20,000 and Russian citizenship. WhatsApp +374 55 123456';

  it('names each category with its points, the schemes, and the sentence', () => {
    const r = scorer.score(flyer);
    const d = r.details;
    expect(d.sentence).toBe(r.explanation);
    const ids = d.categories.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['MIL-ROLE', 'FOR-TARGET', 'LURE-BONUS', 'CH-MESSENGER']));
    for (const c of d.categories) expect(c.points).toBeGreaterThan(0);
    expect(d.categories.map((c) => c.points)).toEqual([...d.categories.map((c) => c.points)].sort((a, b) => b - a));
    expect(d.schemes.map((s) => s.id)).toContain('foreign-military');
    expect(d.points).toBeCloseTo(d.categories.reduce((a, c) => a + c.points, 0), 1);
    expect(d.noContact).toBe(false);
    expect(d.capped).toBe(false);
    expect(d.framing).toEqual({ factor: 1, kinds: [], guarded: false, cues: [] });
    expect(Math.round(d.rulesRaw)).toBe(r.score);
  });

  it('gives the framing factor and its cues for a news report', () => {
    const r = scorer.score('According to Reuters, recruiters promised foreigners a $20,000 bonus and Russian citizenship to join the Russian army.');
    const f = r.details.framing;
    expect(f.factor).toBeLessThan(1);
    expect(f.kinds).toContain('FRAME-NEWS');
    expect(f.cues.length).toBeGreaterThan(0);
    expect(f.cues.every((c) => c.category.startsWith('FRAME-') && c.rule.length > 0)).toBe(true);
    expect(new Set(f.cues.map((c) => c.rule)).size).toBe(f.cues.length);
    expect(r.score).toBe(Math.round(r.details.rulesRaw * f.factor));
  });

  it('says when no scheme held the score down and when there was no contact', () => {
    const lone = scorer.score('Monthly salary $3,000, free accommodation, no experience needed.');
    expect(lone.details.schemes).toEqual([]);
    expect(lone.details.noContact).toBe(true);
    const none = scorer.score('Our bakery opens at 8 tomorrow.');
    expect(none.details).toMatchObject({ categories: [], schemes: [], points: 0, rulesRaw: 0, sentence: 'No recruitment signals found.' });
  });

  it('is plain JSON (it is stored in a jsonb column)', () => {
    const d = scorer.score(flyer).details;
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
