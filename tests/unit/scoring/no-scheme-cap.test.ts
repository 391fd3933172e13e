import { describe, expect, it } from 'vitest';
import { normalize, foldPattern, toOriginalSpan } from '../../../src/scoring/normalise/normalise.ts';
import { extractIndicators } from '../../../src/scoring/indicators/indicators.ts';
import { loadPack } from '../../../src/scoring/pack/pack.ts';
import { createScorer } from '../../../src/scoring/engine.ts';
import { defaultPatternDir, DEFAULT_THRESHOLD } from '../../../src/scoring/index.ts';
import { readDataset } from '../../../src/scoring/eval/eval-datasets.ts';

// "No scheme never flags" must hold at whatever threshold a deployment sets (FLAG_THRESHOLD,
// --threshold): the no-scheme cap sits a margin below the scorer's own threshold.

const pack = loadPack(defaultPatternDir, { normalize, foldPattern }); // one compiled pack, several scorers
const at = (threshold: number) => createScorer(pack, threshold, { normalize, toOriginalSpan, extractIndicators });
const margin = pack.model.model.noSchemeMarginBelowThreshold;

// every lure, a contact and a call to action, but no recruitment scheme: uncapped it would score 68
const everyLure = 'Signing bonus $20,000 and a monthly salary of $3,000! Free flights and housing, no experience needed, '
  + 'job guaranteed without interview, men aged 18 to 45, urgent: only 10 places left. Official state programme. '
  + 'Write on WhatsApp +971 50 123 4567 and apply today';
const texts = [
  everyLure,
  'Monthly salary $3,000, free accommodation, no experience needed. Call +971 50 123 4567',
  ...['devset', 'blindset', 'freshsets'].flatMap((f) => readDataset(`tests/fixtures/${f}.jsonl`).items.map((i) => i.text)),
];

describe('the no-scheme cap', () => {
  it('is 45 at the default threshold, as it was when it was a fixed number', () => {
    expect(DEFAULT_THRESHOLD - margin).toBe(45);
    const r = at(DEFAULT_THRESHOLD).score(everyLure);
    expect(r.details.schemes).toEqual([]);
    expect(r.details.capped).toBe(true);
    expect(r.score).toBe(45);
  });

  for (const threshold of [40, 80]) {
    it(`keeps every text that fits no scheme below a threshold of ${threshold}`, () => {
      const scorer = at(threshold);
      for (const text of texts) {
        const r = scorer.score(text);
        if (r.details.schemes.length) continue;
        expect(r.score, text).toBeLessThan(threshold);
        expect(r.flagged, text).toBe(false);
      }
      // the cap, not a lack of evidence, holds the strongest of them down, and moves with the threshold
      const strongest = scorer.score(everyLure);
      expect(strongest.details).toMatchObject({ schemes: [], capped: true });
      expect(strongest.score).toBe(threshold - margin);
    });
  }

  it('leaves texts that fit a scheme alone: they still flag at a higher threshold', () => {
    const flyer = 'Contract with the Russian army for foreign citizens. Signing bonus $20,000 and Russian citizenship. WhatsApp +374 55 123456';
    expect(at(80).score(flyer).flagged).toBe(true);
  });
});
