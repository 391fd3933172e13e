import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { readDataset } from '../../../src/scoring/eval/eval-datasets.ts';
import { sharedDir } from '../../helpers/shared.ts';

// Lure plausibility may explain, but must never raise, a text that is not a recruiter's: news about
// the schemes quotes the same pay and numbers. Measured when it was added (pack 26df52ce887f, was
// bfae85257cf6): no score changed on any of these sets; 4 news paragraphs of real-world/dev carry
// an "overpaid" line, none raised.
const scorer = loadScorer();
const sets = [
  'datasets/real-world/dev.jsonl',
  'datasets/tg-news-ru/posts.jsonl',
  'datasets/tg-spam-umputun/ham-samples.txt',
  'datasets/sms-spam-collection/SMSSpamCollection.tsv',
  'datasets/swahili-bongo-scam/bongo_scam.csv',
  'datasets/emscad-sample/fj_small.csv',
];

describe('lure plausibility on real texts that are not lures', () => {
  it.each(sets)('%s: no negative is raised', (file) => {
    const { items } = readDataset(sharedDir(file));
    const negatives = items.filter((i) => i.label === 0);
    expect(negatives.length).toBeGreaterThan(30);
    const raised = negatives
      .map((i) => ({ i, p: scorer.score(i.text).details.plausibility }))
      .filter((x) => (x.p?.raise ?? 0) > 0)
      .map((x) => `${x.i.kind} line ${x.i.line}: ${x.p!.evidence.map((e) => e.line).join('; ')}`);
    expect(raised, raised.join('\n')).toEqual([]);
  });
});
