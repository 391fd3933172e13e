import { describe, expect, it } from 'vitest';
import { detectLanguage, languageName } from '../../src/text/language.ts';

describe('the language of a post', () => {
  it.each([
    ['eng', 'Drivers and cooks wanted for a year abroad, good pay, housing given, message us for details'],
    ['rus', 'Требуются водители и повара на год, хорошая оплата, жильё предоставляем, пишите нам'],
    ['ukr', 'Потрібні водії та кухарі на рік, гідна оплата, житло надаємо, пишіть нам'],
    ['arb', 'مطلوب سائقون وطباخون للعمل لمدة سنة مع راتب جيد وسكن مجاني راسلونا'],
    ['hin', 'एक साल के लिए ड्राइवर और रसोइए चाहिए, अच्छा वेतन, रहने की जगह मुफ्त, हमें लिखें'],
    ['spa', 'Se buscan conductores y cocineros por un año, buen sueldo, vivienda incluida, escríbanos'],
  ])('names %s', (code, text) => {
    expect(detectLanguage(text)).toBe(code);
  });

  it('does not guess on a few characters, and says so in words', () => {
    expect(detectLanguage('ok 👍')).toBe('und');
    expect(languageName('und')).toBe('unknown');
    expect(languageName('rus')).toBe('Russian');
  });

  it('reads only the start of a long post', () => {
    const text = 'Drivers and cooks wanted for a year abroad, good pay, housing given. '.repeat(20) + 'Требуются водители '.repeat(5000);
    expect(detectLanguage(text)).toBe('eng');
  });
});
