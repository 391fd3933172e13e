import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { normalize, toOriginalSpan } from '../../../src/scoring/normalise/normalise.ts';
import { looksTranslitRussian, withCyrillicReading } from '../../../src/scoring/normalise/translit-ru.ts';

// Russian written in Latin letters is read a second time in Cyrillic; every other text once.
const lure = 'Nabiraem voditeley i operatorov BPLA iz chisla inostrannykh grazhdan. Kontrakt na god, vyplata pri podpisanii 2 mln rubley. Znanie russkogo yazyka ne trebuetsya. Pishite v Telegram';

describe('transliterated Russian', () => {
  it('is recognised, and other Latin-script languages are not', () => {
    expect(looksTranslitRussian(normalize(lure).text, lure)).toBe(true);
    for (const other of [
      'Join the army in Russia for a contract with a big signing bonus, write to us on WhatsApp today',
      'Serikali ya Kenya imesema vijana wa Kenya wamesajiliwa kwa kazi za ulinzi nchini Urusi na wanarudi',
      "Rusya'da yabancılar için yeni düzenleme, Savunma Bakanlığı ile en az bir yıllık sözleşme",
      "Rossiyada ishlash uchun shartnoma, oylik maosh yaxshi, hujjatlar tez tayyorlanadi, qo'ng'iroq qiling",
      'Praca w Polsce dla obcokrajowców, umowa na rok, zakwaterowanie i wyżywienie zapewnione przez firmę',
      'k k k ok see you at the movie tonight',
          'Podľa informácií médií muži, ktorí podpíšu zmluvu s ruskou armádou, dostanú do mesiaca občianstvo a peniaze',
    ]) expect(looksTranslitRussian(normalize(other).text, other), other).toBe(false);
  });

  it('reads it back in Cyrillic, each letter mapped to the Latin letters it came from', () => {
    const original = 'Kontrakt s Minoborony, vyplata srazu, pishite v lichku, vse podrobnosti po telefonu';
    const n = withCyrillicReading(normalize(original), original);
    expect(n.text).toContain('контракт с минобороны, выплата сразу, пишите в личку');
    const at = n.text.indexOf('выплата');
    const span = toOriginalSpan(n, at, at + 'выплата'.length);
    expect(original.slice(span.start, span.end)).toBe('vyplata');
  });

  it('lets a transliterated lure score like the Cyrillic one, and leaves a transliterated report alone', () => {
    const scorer = loadScorer();
    expect(scorer.score(lure).flagged).toBe(true);
    const report = "Po dannym zhurnalistov, v proshlom godu Rossiya verbovala inostrantsev na kontrakt s Minoborony; pravozashchitniki soobshchayut o desyatkakh pogibshikh. Ministerstvo inostrannykh del Nepala prizvalo grazhdan ne ekhat' v Rossiyu.";
    expect(looksTranslitRussian(normalize(report).text, report)).toBe(true);
    expect(scorer.score(report).flagged).toBe(false);
  });
});
