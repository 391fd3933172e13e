import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/web/highlight.ts';

describe('highlighting evidence on a post', () => {
  it('marks each matched span with the rules that matched it, escaping everything else', () => {
    const html = highlight('Pay <$20,000> now & WhatsApp', [
      { start: 4, end: 13, rule: 'money.bonus', category: 'MONEY' },
      { start: 20, end: 28, rule: 'contact.whatsapp', category: 'CH-MESSENGER' },
    ]);
    expect(html).toBe('Pay <mark title="money.bonus (MONEY)">&lt;$20,000&gt;</mark> now &amp; <mark title="contact.whatsapp (CH-MESSENGER)">WhatsApp</mark>');
  });

  it('merges overlapping matches into one mark naming both rules', () => {
    const html = highlight('drone operators wanted', [
      { start: 0, end: 15, rule: 'role.drone', category: 'ROLE' },
      { start: 6, end: 22, rule: 'role.wanted', category: 'ROLE' },
    ]);
    expect(html).toBe('<mark title="role.drone (ROLE), role.wanted (ROLE)">drone operators wanted</mark>');
  });

  it('ignores spans outside the text instead of breaking the page', () => {
    expect(highlight('short', [{ start: 2, end: 99, rule: 'r', category: 'C' }, { start: -1, end: 2, rule: 'r', category: 'C' }])).toBe('short');
  });
});
