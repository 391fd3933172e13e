import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { readDataset } from '../../../src/scoring/eval/eval-datasets.ts';
import { evaluate } from '../../../src/scoring/eval/eval.ts';
import { sharedDir } from '../../helpers/shared.ts';

// Real legitimate traffic: the false-flag rate at the default threshold must stay ≤ 0.2 %.
const scorer = loadScorer();
const sets: Array<[string, string, string]> = [
  ['Telegram ham (umputun)', 'datasets/tg-spam-umputun/ham-samples.txt', 'ham'],
  ['SMS ham', 'datasets/sms-spam-collection/SMSSpamCollection.tsv', 'ham'],
  ['Swahili trust', 'datasets/swahili-bongo-scam/bongo_scam.csv', 'trust'],
  ['EMSCAD legitimate job ads', 'datasets/emscad-sample/fj_small.csv', 'legitimate'],
];

describe('false flags on real legitimate messages', () => {
  it.each(sets)('%s', (_name, file, kind) => {
    const { items } = readDataset(sharedDir(file));
    const legit = items.filter((i) => i.kind === kind);
    expect(legit.length).toBeGreaterThan(100);
    const report = evaluate(scorer, legit);
    const rate = report.overall.fp / legit.length;
    expect(rate, report.errors.map((e) => e.text.slice(0, 120)).join('\n')).toBeLessThanOrEqual(0.002);
  });
});
