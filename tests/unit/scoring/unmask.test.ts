import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { normalize, toOriginalSpan } from '../../../src/scoring/normalise/normalise.ts';
import { unmask, vocabularyOf } from '../../../src/scoring/pack/unmask.ts';

// Letters masked by '*' are filled from the pack's own words; a '*' that fills nothing is junk.
describe('unmask: letters masked by *', () => {
  const vocabulary = vocabularyOf(['(?:contract|контракт)(?:а|ом)?', '\\brecruit', 'signing bonus', 'войн[аы]', '\\p{L}+ salary', 'well paid']);
  const read = (t: string) => unmask(normalize(t), t, vocabulary).text;

  it('fills a masked vowel from a pack word, in any script', () => {
    expect(read('sign the c*ntr*ct')).toBe('sign the contract');
    expect(read('к*нтр*кт на год')).toBe('контракт на год');
    expect(read('в*йна')).toBe('война');
  });

  it('keeps the rest of a word a shorter pack word begins', () => {
    expect(read('r*cr*itment open')).toBe('recruitment open');
  });

  it('drops a * inserted between letters, as other junk', () => {
    expect(read('con*tract now')).toBe('contract now');
    expect(read('zz*top')).toBe('zztop');
  });

  it('leaves stars that mask nothing alone', () => {
    expect(read('**bold** 5*5')).toBe(normalize('**bold** 5*5').text);
  });

  it('joins a word split by hyphens where a pack word runs across, and keeps compounds', () => {
    expect(read('sig-ning bo-nus, con-tract')).toBe('signing bonus, contract');
    expect(read('a well-paid full-time job in ulan-ude')).toBe('a well-paid full-time job in ulan-ude');
    expect(read('контр-акт на год')).toBe('контракт на год');
  });

  it('joins a word broken over a bare line break, and keeps words that end a line', () => {
    expect(read('подпиши конт\nракт сегодня')).toBe('подпиши контракт сегодня');
    expect(read('sign the con\r\ntract')).toBe('sign the contract');
    expect(read('контракт\nвыплата и war\nreport')).toBe('контракт выплата и war report');
    expect(read('sign the con tract')).toBe('sign the con tract');
  });

  it('joins a word broken over several line breaks while the pieces still begin a pack word', () => {
    expect(read('sign the con\ntr\nact today')).toBe('sign the contract today');
    expect(read('рек\nрут\nинг и кон\nтр\nакт')).toBe(normalize('рек рут инг и контракт').text);
    expect(read('war\nre\nport')).toBe('war re port');
  });

  it('maps a filled word back to the original span', () => {
    const original = 'Sign the C*NTR*CT today';
    const n = unmask(normalize(original), original, vocabulary);
    const at = n.text.indexOf('contract');
    const span = toOriginalSpan(n, at, at + 'contract'.length);
    expect(original.slice(span.start, span.end)).toBe('C*NTR*CT');
  });

  it('lets a masked lure score like the plain one', () => {
    const scorer = loadScorer();
    const plain = 'Foreigners wanted for a contract with the army in Russia: signing bonus $15,000, salary from $2,500 a month. Write to the recruiter on WhatsApp.';
    const masked = plain.replace(/\b(contract|army|signing|bonus|salary|recruiter|Foreigners)\b/g, (w) => w.replace(/[aeiou]/, '*'));
    expect(masked).not.toBe(plain);
    expect(scorer.score(plain).flagged).toBe(true);
    expect(scorer.score(masked).score).toBeGreaterThanOrEqual(scorer.score(plain).score - 5);
    expect(scorer.score(masked).flagged).toBe(true);
  });
});

// Leetspeak: digits among a word's letters are read as the letters that spell a pack word.
describe('unmask: leetspeak read with the pack\'s words', () => {
  const vocabulary = vocabularyOf(['(?:contract|контракт)(?:а|ом)?', 'signing bonus', 'join the army', 'write (?:to|on) whatsapp', 'salary', 'suis']);
  const read = (t: string) => unmask(normalize(t), t, vocabulary).text;

  it('reads a digit as the letter that spells a pack word, where the normaliser guessed another', () => {
    // the normaliser reads 1 as l, as OCR confuses them: "j0ln"; the pack's "join" settles it
    expect(read('j01n us, 51gn1ng b0nu5 and a c0ntr4ct')).toBe('join us, signing bonus and a contract');
  });

  it('in a post written in leetspeak, reads its short words and digits after a word too', () => {
    expect(read('j01n 7h3 4rmy, wr173 0n wh475app, 51gn1ng b0nu535')).toBe('join the army, write on whatsapp, signing bonuses');
  });

  it('reads a digit dropped between the letters of a pack word as junk', () => {
    expect(read('a con7tract with a sal4ary')).toBe('a contract with a salary');
    expect(read('room 4b2c, flat 12a')).toBe(normalize('room 4b2c, flat 12a').text);
  });

  it('leaves codes, amounts, units and links as they are', () => {
    for (const t of ['flight su1586 is late', 'a 4g modem, the 5th floor, 3mln rubles', 'https://x.com/watch?v=abc&t=493s', 'see 2s1gn1ng in 50alary']) {
      expect(read(t), t).toBe(normalize(t).text);
    }
  });

  it('lets a lure written in leetspeak score like the plain one', () => {
    const scorer = loadScorer();
    const plain = 'Contract with the Russian army for foreign citizens, signing bonus $20,000. Write on WhatsApp +374 55 123456.';
    const leet = plain.replace(/[aeiost]/g, (c) => ({ a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' })[c]!);
    expect(scorer.score(plain).flagged).toBe(true);
    expect(scorer.score(leet).flagged).toBe(true);
  });
});
