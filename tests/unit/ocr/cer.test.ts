import { describe, expect, it } from 'vitest';
import { cer, cerNormalised, levenshtein, stripBidiMarks } from '../../../src/ocr/cer.ts';

describe('CER', () => {
  it('counts edits over code points', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('کار', 'کاز')).toBe(1);
  });

  it('divides by the reference length after collapsing whitespace', () => {
    expect(cer('hello  world\n', 'hello world')).toBe(0);
    expect(cer('hallo world', 'hello world')).toBeCloseTo(1 / 11);
    expect(cer('', 'abcd')).toBe(1);
  });

  it('the normalised CER ignores harakat, tatweel and digit script but not letters', () => {
    expect(cer('كتب ١٢', 'كَتَبَ 12')).toBeGreaterThan(0.3);
    expect(cerNormalised('كتب ١٢', 'كَتَبَ 12')).toBe(0);
    expect(cerNormalised('کـــار ۲۰', 'کار 20')).toBe(0);
    expect(cerNormalised('کار', 'کاز')).toBeCloseTo(1 / 3);
  });

  it('strips directional marks but keeps ZWNJ', () => {
    expect(stripBidiMarks('\u200Fمی\u200Cشود\u200E @x')).toBe('می\u200Cشود @x');
  });
});
