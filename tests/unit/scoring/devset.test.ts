import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { readDataset } from '../../../src/scoring/eval/eval-datasets.ts';
import { evaluate } from '../../../src/scoring/eval/eval.ts';

// Floors we reach honestly on our own sets; a regression below them fails the build.
const scorer = loadScorer();

describe('development set', () => {
  const { items } = readDataset('tests/fixtures/devset.jsonl');
  const report = evaluate(scorer, items);

  it('has 250+ lines in 9+ languages with many hard negatives', () => {
    expect(items.length).toBeGreaterThanOrEqual(250);
    expect(Object.keys(report.byLang).length).toBeGreaterThanOrEqual(9);
    expect(items.filter((i) => i.label === 0).length).toBeGreaterThan(items.length / 2);
  });

  it('reaches precision and recall floors', () => {
    expect(report.overall.precision).toBeGreaterThanOrEqual(0.98);
    expect(report.overall.recall).toBeGreaterThanOrEqual(0.96);
  });

  it('flags no hard negative of any kind', () => {
    for (const kind of ['news', 'warning', 'testimony', 'army-own', 'job-ad', 'study', 'ham']) {
      expect(report.byKind[kind]?.fp, kind).toBe(0);
    }
  });
});

// Once called a holdout; it was read and tuned on like the rest, so it only guards against regressions.
describe('guard set', () => {
  it('keeps its precision and recall', () => {
    const report = evaluate(scorer, readDataset('tests/fixtures/devset-guard.jsonl').items);
    expect(report.overall.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.overall.recall).toBeGreaterThanOrEqual(0.9);
  });
});
