import { describe, expect, it } from 'vitest';
import { defaultPatternDir, loadScorer } from '../../../src/scoring/index.ts';
import { readPack } from '../../../src/scoring/pack/pack.ts';

// Every pattern's own examples, run through the full scorer (normalisation + prefix index).
const scorer = loadScorer();
const raw = readPack(defaultPatternDir);
const cases = raw.patterns.flatMap((p) => [
  ...p.examples.match.map((text) => ({ id: p.id, text, want: true })),
  ...p.examples.nomatch.map((text) => ({ id: p.id, text, want: false })),
]);

describe('pattern pack examples', () => {
  it('covers at least nine languages and every category named in PATTERNS.md', () => {
    const langs = new Set(raw.patterns.flatMap((p) => p.lang));
    for (const l of ['en', 'ru', 'fa', 'ar', 'hi', 'ne', 'es', 'sw', 'fr']) expect(langs).toContain(l);
    const cats = new Set(raw.patterns.map((p) => p.category));
    for (const c of ['MIL-ROLE', 'FOR-TARGET', 'LURE-BONUS', 'LURE-SALARY', 'LURE-CITIZEN', 'LURE-PERKS', 'NO-REQS', 'DEMOG',
      'DISG-NONCOMBAT', 'DISG-WORKSTUDY', 'DEST-RU', 'CH-MESSENGER', 'FEE-AGENT', 'VISA-TOURIST', 'OFFICIAL-CLAIM', 'SOCIAL-PROOF', 'URGENCY', 'DOC-RETENTION']) {
      expect(cats).toContain(c);
    }
  });

  it.each(cases)('$id on $text → match=$want', ({ id, text, want }) => {
    const rules = scorer.score(text).matches.map((m) => m.rule);
    expect(rules.includes(id)).toBe(want);
  });
});
