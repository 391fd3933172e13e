import { describe, expect, it } from 'vitest';
import { insideQuotes } from '../../../src/scoring/engine.ts';

// A quoted call to action is described, not asked: the check reads code units back to the line start.
describe('insideQuotes', () => {
  const at = (s: string) => insideQuotes(s.replace('^', ''), s.indexOf('^'));
  it('sees an open quote of every kind before the position', () => {
    for (const q of ['«', '“', '„', '‹']) expect(at(`they wrote ${q}^write to us`)).toBe(true);
    expect(at('they wrote "^write to us')).toBe(true);
  });
  it('stops at a closed quote, a paired straight quote or a line break', () => {
    for (const q of ['»', '”', '›']) expect(at(`«a${q} then ^write to us`)).toBe(false);
    expect(at('"a" then ^write to us')).toBe(false);
    expect(at('«quoted\n^write to us')).toBe(false);
    expect(at('plain ^write to us')).toBe(false);
  });
  it('looks back at most 300 code units', () => {
    expect(at(`«${'x'.repeat(298)}^write`)).toBe(true);
    expect(at(`«${'x'.repeat(300)}^write`)).toBe(false);
  });
});
