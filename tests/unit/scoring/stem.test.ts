import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { packWith as packOf, refusal } from '../../helpers/small-pack.ts';

const packWith = (patterns: string) => packOf(`category: MIL-ROLE\npatterns:\n${patterns}`);

const stemmed = (lang: string, terms: string, match: string, nomatch: string) => `  - id: s.one
    lang: ${lang}
    stem: true
    terms: [${terms}]
    examples: { match: [${match}], nomatch: [${nomatch}] }
`;

function matched(dir: string, text: string): string[] {
  return loadScorer({ dir }).score(text).matches.filter((m) => m.rule === 's.one').map((m) => m.text);
}

describe('stem: true term lists', () => {
  it('matches the inflected forms of every word of a Russian phrase from one entry', () => {
    const dir = packWith(stemmed('ru', 'военный контракт', 'военный контракт', 'военкомат'));
    for (const form of ['военного контракта', 'военным контрактом', 'военные контракты']) {
      expect(matched(dir, `Он подписал ${form} весной.`), form).toEqual([form]);
    }
    expect(matched(dir, 'Военкомат открыт, контракт не нужен.')).toEqual([]);
  });

  it('works in English and Spanish, and keeps short words whole', () => {
    const en = packWith(stemmed('en', 'recruiting foreigners', 'recruiting foreigners', 'recruit'));
    expect(matched(en, 'They are recruited foreigner drivers')).toEqual(['recruited foreigner']);
    const es = packWith(stemmed('es', 'contrato con el ejército', 'contrato con el ejército', 'contrato'));
    expect(matched(es, 'firmaron contratos con el ejército ruso')).toEqual(['contratos con el ejército']);
    // "con" is three letters: kept whole, so "contra" does not stand in for it
    expect(matched(es, 'firmaron contratos contra el ejército')).toEqual([]);
  });

  it('refuses stem on a pattern with no stemmer for its language, with several languages, or on a regex', () => {
    expect(refusal(packWith(stemmed('sw', 'jeshi la urusi', 'jeshi la urusi', 'jeshi'))).issues[0].reason).toMatch(/stem: true needs exactly one lang with a stemmer: .*ru/);
    expect(refusal(packWith(stemmed('[en, ru]', 'army', 'army', 'navy'))).issues[0].reason).toMatch(/stem: true needs exactly one lang/);
    const onRegex = `  - id: s.re\n    lang: en\n    stem: true\n    regex: 'army'\n    examples: { match: [army], nomatch: [navy] }\n`;
    expect(refusal(packWith(onRegex)).issues[0].reason).toMatch(/stem: true works on terms/);
  });
});
