import { describe, expect, it } from 'vitest';
import { detectFormat, parseCsv } from '../../../src/scoring/eval/eval-datasets.ts';
import { metrics } from '../../../src/scoring/eval/eval.ts';

describe('dataset readers', () => {
  it('parses quoted CSV fields with commas, quotes and newlines', () => {
    expect(parseCsv('a,b\n"x, ""y""\nz",2\n')).toEqual([['a', 'b'], ['x, "y"\nz', '2']]);
  });

  it('detects each format from the first line or the name', () => {
    expect(detectFormat('x.jsonl', '{"text":"a","label":0}\n')).toBe('jsonl');
    expect(detectFormat('s.tsv', 'Label\tSMS\nham\thi\n')).toBe('sms');
    expect(detectFormat('b.csv', 'Category,Sms\ntrust,x\n')).toBe('swahili');
    expect(detectFormat('f.csv', 'job_id,title,location\n')).toBe('emscad');
    expect(detectFormat('ham-samples.txt', 'привет\n')).toBe('umputun');
  });

  it('computes precision, recall, F1 and false-flag rate', () => {
    const m = metrics({ n: 10, tp: 3, fp: 1, tn: 5, fn: 1 });
    expect(m.precision).toBeCloseTo(0.75);
    expect(m.recall).toBeCloseTo(0.75);
    expect(m.f1).toBeCloseTo(0.75);
    expect(m.falseFlagRate).toBeCloseTo(1 / 6);
  });
});
