import { describe, expect, it } from 'vitest';
import { normalize, foldPattern, toOriginalSpan } from '../../src/scoring/normalise/normalise.ts';
import { extractIndicators } from '../../src/scoring/indicators/indicators.ts';
import { loadPack } from '../../src/scoring/pack/pack.ts';
import { createScorer } from '../../src/scoring/engine.ts';
import { defaultPatternDir, DEFAULT_THRESHOLD } from '../../src/scoring/index.ts';

// A stage that throws falls back instead of losing the post — and says so, in the result and in
// the explanation the reviewer reads.
describe('a scoring stage that fails', () => {
  const pack = loadPack(defaultPatternDir, { normalize, foldPattern });
  const text = 'Contract work abroad, write to +7 912 345 67 89 on WhatsApp';

  it('is named in degraded and in the explanation when the normaliser throws', () => {
    const scorer = createScorer(pack, DEFAULT_THRESHOLD, {
      normalize: () => { throw new Error('normaliser exploded'); },
      toOriginalSpan,
      extractIndicators,
    });
    const r = scorer.score(text);
    expect(r.degraded).toEqual(['normalise: normaliser exploded']);
    expect(r.explanation).toMatch(/Degraded .*normaliser exploded/);
    expect(r.normalizedText).toBe(text.toLowerCase());
  });

  it('is named when indicator extraction throws, and the rules still match', () => {
    const healthy = createScorer(pack, DEFAULT_THRESHOLD, { normalize, toOriginalSpan, extractIndicators });
    const broken = createScorer(pack, DEFAULT_THRESHOLD, {
      normalize,
      toOriginalSpan,
      extractIndicators: () => { throw new Error('phone parser bug'); },
    });
    const r = broken.score(text);
    expect(r.degraded).toEqual(['indicators: phone parser bug']);
    expect(r.indicators).toEqual([]);
    expect(r.matches.map((m) => m.rule)).toEqual(healthy.score(text).matches.map((m) => m.rule));
  });

  it('is named when rereading broken words throws, and the text is matched as normalised', () => {
    const healthy = createScorer(pack, DEFAULT_THRESHOLD, { normalize, toOriginalSpan, extractIndicators });
    const brokenPack = Object.create(pack, { vocabulary: { get: () => { throw new Error('vocabulary bug'); } } });
    const broken = createScorer(brokenPack, DEFAULT_THRESHOLD, { normalize, toOriginalSpan, extractIndicators });
    const r = broken.score(text);
    expect(r.degraded).toEqual(['rereading: vocabulary bug']);
    expect(r.matches.map((m) => m.rule)).toEqual(healthy.score(text).matches.map((m) => m.rule));
  });

  it('leaves degraded empty on a healthy run', () => {
    const scorer = createScorer(pack, DEFAULT_THRESHOLD, { normalize, toOriginalSpan, extractIndicators });
    expect(scorer.score(text).degraded).toEqual([]);
  });
});
