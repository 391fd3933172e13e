import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { readDataset } from '../../../src/scoring/eval/eval-datasets.ts';
import { evaluate, MEASURED } from '../../../src/scoring/eval/eval.ts';
import { sharedDir } from '../../helpers/shared.ts';

// Floors on the real sets we were given (issue 8). These halves were looked at while the pack was
// written, so they guard against regressions; the other halves, kept elsewhere, are the measure.
// Figures when the floors were set (pack bfae85257cf6): core+trafficking P 1.000 R 0.500; news 0/36;
// tg-news-ru 3 of 11,502 (0.03 %). The targets are higher (R ≥ 0.80): raise these as the pack gets there.
// Raised after the recall families (pack 3c1373d2753b): core+trafficking P 1.000 R 0.833 (10 of 12),
// news 0/36, tg-news-ru still 3; the floor allows no lure found today to be lost.
const scorer = loadScorer();

describe('real texts about recruitment into the war, and the news around them', () => {
  const { items } = readDataset(sharedDir('datasets/real-world/dev.jsonl'));
  const report = evaluate(scorer, items);
  const misses = () => report.errors.map((e) => `${e.label ? 'missed' : 'false flag'} ${e.kind} ${e.score}: ${e.text.slice(0, 100)}`).join('\n');

  it('finds real lures (core and trafficking) without flagging what is not one', () => {
    const m = report.byScope[MEASURED];
    expect(m.tp + m.fn, 'lures in the set').toBeGreaterThanOrEqual(10);
    expect(m.precision, misses()).toBeGreaterThanOrEqual(0.9);
    expect(m.recall, misses()).toBeGreaterThanOrEqual(0.8);
  });

  it('flags at most one real news paragraph in thirty', () => {
    const news = report.byKind.news;
    expect(news.n).toBeGreaterThanOrEqual(30);
    expect(news.fp / news.n, misses()).toBeLessThanOrEqual(1 / 30);
  });
});

describe('real Russian Telegram news', () => {
  it('flags at most 0.2 % of posts', () => {
    const { items } = readDataset(sharedDir('datasets/tg-news-ru/posts.jsonl'));
    expect(items.length).toBeGreaterThan(10_000);
    const report = evaluate(scorer, items);
    const flagged = report.overall.fp + report.overall.tp;
    expect(flagged / items.length, report.errors.slice(0, 10).map((e) => `${e.score}: ${e.text.slice(0, 120)}`).join('\n')).toBeLessThanOrEqual(0.002);
  });
});
