import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { readDataset } from '../../../src/scoring/eval/eval-datasets.ts';
import { evaluate } from '../../../src/scoring/eval/eval.ts';

// The blind set was written from PATTERNS.md alone, before its writer read the pack or the dev set
// (baseline P 0.931 / R 0.659). The pack was then improved on its misses, so these floors guard
// against regressions; they are not an estimate of accuracy on unseen posts.
const scorer = loadScorer();
const { items } = readDataset('tests/fixtures/blindset.jsonl');
const report = evaluate(scorer, items);
const LANGS = ['en', 'ru', 'fa', 'ar', 'hi', 'ne', 'es', 'sw', 'fr'];
const HARD_NEGATIVES = ['news', 'warning', 'checklist', 'testimony', 'appeal', 'own-army', 'legit-job', 'study', 'chat', 'spam'];

describe('blind set', () => {
  it('has 300+ lines, 25+ in each of 9 languages, mostly negatives', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    for (const lang of LANGS) expect(report.byLang[lang]?.n ?? 0, lang).toBeGreaterThanOrEqual(25);
    expect(items.filter((i) => i.label === 0).length / items.length).toBeGreaterThanOrEqual(0.55);
  });

  it('reaches precision and recall floors overall', () => {
    expect(report.overall.precision).toBeGreaterThanOrEqual(0.98);
    expect(report.overall.recall).toBeGreaterThanOrEqual(0.97);
  });

  it('keeps recall per language', () => {
    for (const lang of LANGS) expect(report.byLang[lang].recall, lang).toBeGreaterThanOrEqual(0.9);
  });

  it('flags no hard negative of any kind', () => {
    for (const kind of HARD_NEGATIVES) expect(report.byKind[kind]?.fp ?? 0, kind).toBe(0);
  });
});

// Three more sets, each scored before the pack was changed for it (P 0.963/R 0.867, 0.952/0.909,
// 0.923/0.857 then), and fixed afterwards: a regression guard, not an accuracy estimate.
describe('fresh sets', () => {
  const fresh = evaluate(scorer, readDataset('tests/fixtures/freshsets.jsonl').items);
  it('stay free of false flags and keep their recall', () => {
    expect(fresh.overall.precision).toBeGreaterThanOrEqual(0.98);
    expect(fresh.overall.recall).toBeGreaterThanOrEqual(0.95);
  });
});

// The issue-8 recall families (freshset-recall.jsonl), scored before the pack was changed for them
// (P 0.917 R 0.355) and after (P 1.000 R 0.935): a regression guard now, not an accuracy estimate.
describe('recall families (freshset-recall)', () => {
  const set = evaluate(scorer, readDataset('tests/fixtures/freshset-recall.jsonl').items);
  it('flags none of its news, advisories and ordinary posts, and keeps its recall', () => {
    expect(set.overall.fp, set.errors.map((e) => `${e.score}: ${e.text.slice(0, 80)}`).join('\n')).toBe(0);
    expect(set.overall.recall).toBeGreaterThanOrEqual(0.9);
  });
});

// Stop 22's fresh sets, written by helpers who never saw the pack (tests/fixtures/README.md):
// dec07 and dec07b were scored first (R 0.521 and 0.490) and then changed for: regression guards.
// dec07c was scored on the packs before and after the stop only (R 0.360 -> 0.540), then became a
// guard in stop 23 and was studied for the families it misses (R 0.540 -> 1.000, no false flag).
// dec07d was written in stop 23 before any change of that stop, scored on its start and end packs
// only (R 0.560 -> 0.700), then became a guard in stop 23's second round and was studied for the
// families it misses (R 0.700 -> 0.980, its two false flags gone by register).
// dec07e was written after the first round and before the second, and used for neither: scored on
// the stop's three packs only (R 0.396 -> 0.528 -> 0.604), then became stop 24's guard and was
// studied for the families it misses (R 0.604 -> 1.000, its two false flags gone by register).
// dec07f was written at the start of stop 24, before any change, and scored on its start and end
// packs only (P 0.906 R 0.558 -> P 0.969 R 0.596), then became stop 25's guard and was studied for
// the families it misses (R 0.596 -> 0.981, its false flag gone by register; 1.000 with line-broken words).
// dec07g was written at the start of stop 25, before any change, and scored on its start and end
// packs only (P 0.971 R 0.618 -> P 0.974 R 0.673). Its floor is a regression check, not a target.
// dec07h was written at the end of stop 25, after its changes, and scored on its start and end packs
// only (P 0.905 R 0.691 -> P 0.911 R 0.745). Nobody studied it.
// dec07h and dec07i (written at the ends of stops 25 and 26, scored blind) became stop 27's guards and
// were studied (R 0.745 -> 0.964 and 1.000, no false flags). dec08a was written at the start of stop
// 27 and scored on its start and end packs only (P 0.933 R 0.764 -> P 0.956 R 0.782). Nobody studied it.
describe('fresh sets of stops 22 to 27', () => {
  it.each([
    ['freshset-dec07', 1.0, 0.93],
    ['freshset-dec07b', 0.97, 0.92],
    ['freshset-dec07c', 1.0, 1.0],
    ['freshset-dec07d', 1.0, 0.98],
    ['freshset-dec07e', 1.0, 1.0],
    ['freshset-dec07f', 1.0, 1.0],
    ['freshset-dec07g', 0.97, 0.67],
    ['freshset-dec07h', 1.0, 0.96],
    ['freshset-dec07i', 1.0, 1.0],
    ['freshset-dec08a', 0.95, 0.78],
  ])('%s keeps precision ≥ %s and recall ≥ %s', (name, precision, recall) => {
    const set = evaluate(scorer, readDataset(`tests/fixtures/${name}.jsonl`).items);
    expect(set.overall.precision, set.errors.filter((e) => e.label === 0).map((e) => `${e.score}: ${e.text.slice(0, 80)}`).join('\n')).toBeGreaterThanOrEqual(precision);
    expect(set.overall.recall).toBeGreaterThanOrEqual(recall);
  });
});
