import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';

const scorer = loadScorer();
const s = (t: string) => scorer.score(t);

describe('combination of categories', () => {
  const flyer = 'Contract with the Russian army for foreign citizens. Signing bonus $20,000 and Russian citizenship. WhatsApp +374 55 123456';

  it('flags military role + foreign targeting + lure + contact, and explains it plainly', () => {
    const r = s(flyer);
    expect(r.flagged).toBe(true);
    expect(r.score).toBeGreaterThanOrEqual(80);
    expect(r.explanation).toMatch(/^Military role \+ foreign targeting \+ \$20,000 (signing )?bonus/);
    expect(r.explanation).toMatch(/WhatsApp contact/);
    expect(r.indicators.some((i) => i.type === 'whatsapp' || i.type === 'phone')).toBe(true);
  });

  it('does not flag one lure alone, or lures without a scheme', () => {
    expect(s('Signing bonus $20,000!').flagged).toBe(false);
    expect(s('Monthly salary $3,000, free accommodation, no experience needed. Call +971 50 123 4567').flagged).toBe(false);
  });

  it('lowers the score of a recruiter post with no contact or call to action', () => {
    const noContact = s('Contract with the Russian army for foreign citizens. Signing bonus $20,000 and Russian citizenship.');
    expect(noContact.score).toBeLessThan(s(flyer).score);
  });

  it("does not flag a country's own army recruiting its citizens", () => {
    expect(s('Военная служба по контракту. Единовременная выплата 195 000 рублей. Звоните 117.').flagged).toBe(false);
    expect(s('Join the Indian Army as an Agniveer, age 17.5 to 21. Apply online now.').flagged).toBe(false);
  });

  it('reports match spans in the original text, also through evasions', () => {
    const text = 'Join the Rus\u200bsian a r m y as a f0reigner! WhatsApp +7 916 555 22 11';
    const r = s(text);
    for (const m of r.matches) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(r.matches.find((m) => m.category === 'MIL-ROLE')?.text).toMatch(/Rus\u200bsian a r m y$/);
  });
});

describe('framing', () => {
  const news = 'According to Reuters, recruiters promised foreigners a $20,000 bonus and Russian citizenship to join the Russian army.';

  it('lowers news, warnings and testimony that quote the lures', () => {
    expect(s(news).flagged).toBe(false);
    expect(s(news).explanation).toMatch(/news report/);
    expect(s('Warning: do not respond to offers of a contract with the Russian army for foreigners with a $20,000 bonus. Report them.').flagged).toBe(false);
    expect(s('My son went to Russia for a job as a guard with the Russian army. We were lied to. Help us bring him home.').flagged).toBe(false);
  });

  it('cannot be exploited: a framed text that still gives a contact and asks to sign up stays flagged', () => {
    const r = s(`${news} Want the same? Write on WhatsApp +374 55 123456 to sign up today!`);
    expect(r.flagged).toBe(true);
    expect(r.explanation).toMatch(/still gives a contact/);
  });

  it('treats a quoted call to action as described, not asked', () => {
    const r = s('According to police, the flyer said "contract with the Russian army for foreigners, $20,000 bonus, write on WhatsApp". It was fake.');
    expect(r.flagged).toBe(false);
  });
});

describe('threshold', () => {
  it('is configurable', () => {
    const t = 'Contract with the Russian army for foreign citizens.';
    const low = loadScorer({ threshold: 1 });
    expect(low.threshold).toBe(1);
    expect(low.score(t).flagged).toBe(true);
    expect(s(t).flagged).toBe(false);
  });
});
