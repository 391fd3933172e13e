import { describe, expect, it } from 'vitest';
import { arabicOrPersian, countScripts, langsForText, probeLangs } from '../../../src/ocr/script.ts';

const ALL = ['eng', 'rus', 'fas', 'ara', 'hin', 'spa', 'swa'];

describe('choosing models from the script a first pass saw', () => {
  it('counts letters per script', () => {
    expect(countScripts('Работа in Russia 123 کار')).toEqual({ latin: 8, cyrillic: 6, arabic: 3, devanagari: 0 });
  });

  it('probes with one model per script the pool has', () => {
    expect(probeLangs(ALL)).toBe('eng+rus+fas+ara+hin');
    expect(probeLangs(['ara', 'eng'])).toBe('eng+ara');
  });

  it('picks the dominant script, adding English when Latin is a real share', () => {
    expect(langsForText('Работа в России', ALL)).toBe('rus');
    expect(langsForText('کار در روسیه با حقوق عالی telegram', ALL)).toBe('fas+eng');
    expect(langsForText('Free flight and visa', ALL)).toBe('eng');
    expect(langsForText('123 !!', ALL)).toBeNull();
  });

  it('tells Arabic from Persian by the letters only one of them writes', () => {
    expect(langsForText('مطلوب سائقين لشركة نقل في دبي', ALL)).toBe('ara');
    expect(langsForText('استخدام راننده برای کار در روسیه', ALL)).toBe('fas');
    expect(langsForText('مطلوب سائقين', ['eng', 'fas'])).toBe('fas');
  });

  it('tells Persian from Arabic by their function words even when a model printed Arabic letter forms', () => {
    // Persian read by an Arabic model: ي and ك instead of ی and ک, but Persian grammar.
    expect(arabicOrPersian('كار در روسيه با حقوق عالي براي شما', ALL)).toBe('fas');
    expect(arabicOrPersian('فرصة عمل في روسيا مع راتب شهري للعمال', ALL)).toBe('ara');
    expect(arabicOrPersian('المطلوب سائقون للعمل', ALL)).toBe('ara');
  });
});
