import { LinkifyIt } from 'linkify-it';
import { describe, expect, it } from 'vitest';
import { findCrypto } from '../../../src/scoring/indicators/indicators-crypto.ts';
import { fastLinkMatch, LINK_TLDS } from '../../../src/scoring/indicators/indicators-linkfast.ts';
import { findLinks } from '../../../src/scoring/indicators/indicators-links.ts';
import { liteText } from '../../../src/scoring/indicators/indicators-lite.ts';
import { findPhoneCandidates } from '../../../src/scoring/indicators/indicators-phone.ts';
import { extractIndicators } from '../../../src/scoring/indicators/indicators.ts';
import type { IndicatorType } from '../../../src/scoring/types.ts';

function values(text: string, type: IndicatorType): string[] {
  return extractIndicators(text)
    .filter((i) => i.type === type)
    .map((i) => i.value);
}

describe('phones', () => {
  it.each([
    ['international with spaces', 'Call +374 12 345678 now', '+37412345678'],
    ['dashes and parentheses', 'тел. +7 (999) 123-45-67', '+79991234567'],
    ['Russian national form', 'звоните 8 (999) 123-45-67', '+79991234567'],
    ['Persian digits, national form', 'تماس: ۰۹۱۲ ۳۴۵ ۶۷۸۹', '+989123456789'],
    ['Arabic-Indic digits with +', 'اتصل +٩٧١ ٥٠ ١٢٣ ٤٥٦٧', '+971501234567'],
    ['00 prefix', 'call 00374 12 345678', '+37412345678'],
    ['mirrored groups from RTL OCR', 'واتساپ 345678 12 374+', '+37412345678'],
    ['reversed groups with a leading +', 'شماره +6789 345 912 98', '+989123456789'],
    ['without + for a seen country code', 'whatsapp 37412345678', '+37412345678'],
    ['bidi marks inside', 'tel \u200e+374\u200f 12 345678', '+37412345678'],
  ])('%s', (_name, text, e164) => {
    expect(values(text, 'phone')).toEqual([e164]);
  });

  it('reports the country', () => {
    const phone = extractIndicators('WhatsApp +374 12 345678').find((i) => i.type === 'phone');
    expect(phone?.detail).toEqual({ country: 'AM' });
  });

  it.each([
    ['money', 'salary $2,000,000,000 and 200 000 000 rubles'],
    ['dates and years', 'from 2024-01-15 to 15.03.2025, since 1999'],
    ['short numbers', 'age 18-45, room 12 345'],
    ['an amount in rubles', 'выплата 1 950 000 руб.'],
  ])('no phone in %s', (_name, text) => {
    expect(values(text, 'phone')).toEqual([]);
  });
});

describe('whatsapp', () => {
  it.each([
    ['wa.me link', 'write wa.me/37412345678', ['+37412345678']],
    ['api link', 'https://api.whatsapp.com/send?phone=971501234567&text=hi', ['+971501234567']],
    ['group invite keeps its code', 'join chat.whatsapp.com/HxYz12AbC', ['chat.whatsapp.com/HxYz12AbC']],
    ['keyword before a number', 'WhatsApp: +374 12 345678', ['+37412345678']],
    ['Persian keyword', 'واتساپ: ۰۹۱۲ ۳۴۵ ۶۷۸۹', ['+989123456789']],
    ['Russian keyword', 'пишите в ватсап +7 999 123 45 67', ['+79991234567']],
  ])('%s', (_name, text, expected) => {
    expect(values(text, 'whatsapp')).toEqual(expected);
  });

  it('links a wa.me number and a written number to the same phone value', () => {
    expect(values('wa.me/37412345678', 'phone')).toEqual(values('+374 12 345 678', 'phone'));
  });

  it('a phone without a WhatsApp word is only a phone', () => {
    expect(values('call +374 12 345678', 'whatsapp')).toEqual([]);
  });
});

describe('telegram', () => {
  it.each([
    ['t.me name, lower-cased', 'канал t.me/Recruit_Army', ['@recruit_army']],
    ['https and telegram.me', 'https://telegram.me/VoenKontrakt', ['@voenkontrakt']],
    ['invite link keeps its case', 't.me/+AbCdEf123', ['t.me/+AbCdEf123']],
    ['joinchat is the same invite', 't.me/joinchat/AbCdEf123', ['t.me/+AbCdEf123']],
    ['channel preview', 't.me/s/recruit_army', ['@recruit_army']],
    ['bot with start', 't.me/HelpRecruitBot?start=42', ['@helprecruitbot']],
    ['@handle', 'пишите @Voen_Kontrakt', ['@voen_kontrakt']],
    ['mirrored handle from RTL OCR', 'تلگرام recruit_team@ تماس', ['@recruit_team']],
    ['t.me and @ of the same channel dedupe', 't.me/recruit_army or @Recruit_Army', ['@recruit_army']],
  ])('%s', (_name, text, expected) => {
    expect(values(text, 'telegram')).toEqual(expected);
  });

  it('marks bots', () => {
    expect(extractIndicators('t.me/HelpRecruitBot').find((i) => i.type === 'telegram')?.detail).toEqual({ bot: 'yes' });
  });

  it.each([
    ['an e-mail is not a handle', 'mail john_smith@gmail.com'],
    ['short @ words', 'meet @ 5pm @me'],
    ['a mirrored handle in Latin text', 'email recruit_team@ tomorrow'],
  ])('%s', (_name, text) => {
    expect(values(text, 'telegram')).toEqual([]);
  });
});

describe('emails and urls', () => {
  it('e-mails are lower-cased and free-mail providers marked', () => {
    const list = extractIndicators('write John.Doe@Gmail.com or hr@company-jobs.ae');
    expect(list.filter((i) => i.type === 'email')).toEqual([
      { type: 'email', value: 'john.doe@gmail.com', detail: { domain: 'gmail.com', freeMail: 'yes' } },
      { type: 'email', value: 'hr@company-jobs.ae', detail: { domain: 'company-jobs.ae', freeMail: 'no' } },
    ]);
  });

  it.each(['mail.ru', 'yandex.ru', 'proton.me', 'outlook.com'])('%s is free mail', (domain) => {
    expect(extractIndicators(`a.b@${domain}`)[0].detail?.freeMail).toBe('yes');
  });

  it('urls: host lower-cased, path kept, query dropped, shorteners marked', () => {
    const list = extractIndicators('see https://WWW.Example.org/Jobs/?utm=1 and bit.ly/3xYzAbc, cutt.ly/q1');
    expect(list).toEqual([
      { type: 'url', value: 'example.org/Jobs', detail: { host: 'example.org', shortener: 'no' } },
      { type: 'url', value: 'bit.ly/3xYzAbc', detail: { host: 'bit.ly', shortener: 'yes' } },
      { type: 'url', value: 'cutt.ly/q1', detail: { host: 'cutt.ly', shortener: 'yes' } },
    ]);
  });

  it('WhatsApp and Telegram links are not urls as well', () => {
    expect(values('t.me/recruit_army wa.me/37412345678', 'url')).toEqual([]);
  });

  it('a zero-width space inside a link does not hide it', () => {
    expect(values('t.\u200bme/recruit_army', 'telegram')).toEqual(['@recruit_army']);
  });
});

describe('money', () => {
  const money = (text: string) => extractIndicators(text).filter((i) => i.type === 'money').map((i) => i.detail);
  it.each([
    ['$20,000 signing bonus', { amount: 20000, currency: 'USD', period: 'once' }],
    ['20k USD', { amount: 20000, currency: 'USD' }],
    ['پاداش ۲۰ هزار دلار', { amount: 20000, currency: 'USD', period: 'once' }],
    ['200 000 руб. в месяц', { amount: 200000, currency: 'RUB', period: 'month' }],
    ['2.5 млн рублей', { amount: 2500000, currency: 'RUB' }],
    ['KSh 250,000 per month', { amount: 250000, currency: 'KES', period: 'month' }],
    ['Rs. 25,000 per month', { amount: 25000, currency: 'INR', period: 'month' }],
    ['mshahara Kshs. 30,000', { amount: 30000, currency: 'KES' }],
    ['रु. 20,000', { amount: 20000, currency: 'INR' }],
    ['₹1.2 lakh', { amount: 120000, currency: 'INR' }],
    ['5 lakh', { amount: 500000, currency: 'INR' }],
    ['Rs 50000', { amount: 50000, currency: 'INR' }],
    ['NPR 40,000', { amount: 40000, currency: 'NPR' }],
    ['€3000 par mois', { amount: 3000, currency: 'EUR', period: 'month' }],
    ['5000 CUP', { amount: 5000, currency: 'CUP' }],
    ['۱۰۰ میلیون تومان', { amount: 100000000, currency: 'IRT' }],
    ['حقوق ۵۰ میلیون ریال', { amount: 50000000, currency: 'IRR' }],
    ['50 ألف درهم', { amount: 50000, currency: 'AED' }],
    ['twenty thousand dollars', { amount: 20000, currency: 'USD' }],
    ['двести тысяч рублей', { amount: 200000, currency: 'RUB' }],
    ['veinte mil dólares al mes', { amount: 20000, currency: 'USD', period: 'month' }],
    ['2000 $ per day', { amount: 2000, currency: 'USD', period: 'day' }],
    // South Asian chat wages: a lakh with a romanised, Gurmukhi or Urdu month, or the currency word between
    ['2 lakh mahina milega', { amount: 200000, currency: 'INR', period: 'month' }],
    ['tankha 1.5 lakh har mahine', { amount: 150000, currency: 'INR', period: 'month' }],
    ['mahina ko 4 lakh aaucha', { amount: 400000, currency: 'INR', period: 'month' }],
    ['ਤਨਖਾਹ 3 ਲੱਖ ਰੁਪਏ ਮਹੀਨਾ', { amount: 300000, currency: 'INR', period: 'month' }],
    ['۲ لاکھ ماہانہ', { amount: 200000, currency: 'INR', period: 'month' }],
    ['6 ਮਹੀਨੇ ਵਿੱਚ 2 ਲੱਖ', { amount: 200000, currency: 'INR' }],
    ['2 lakh ka loan', { amount: 200000, currency: 'INR' }],
  ])('%s', (text, detail) => {
    expect(money(text)).toEqual([detail]);
  });

  it('the value is canonical amount + currency', () => {
    expect(values('$20,000 or 20 000 USD or twenty thousand dollars', 'money')).toEqual(['20000 USD']);
  });

  it.each(['on 12.03.2024 at 10:00', 'ages 18-45, 300 places', 'call +7 999 123 45 67'])('no money in %s', (text) => {
    expect(money(text)).toEqual([]);
  });
});

describe('crypto', () => {
  it.each([
    ['TRON', 'USDT TRC20: TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9', 'TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9'],
    ['BTC legacy', 'BTC 1BoatSLRHtKNngkdXEeobR76b53LETtpyT', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT'],
    ['BTC bech32', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    ['ETH lower-cased', 'ETH 0x52908400098527886E0F7030069857D2E4169EE7', '0x52908400098527886e0f7030069857d2e4169ee7'],
  ])('%s', (_name, text, value) => {
    expect(values(text, 'crypto')).toEqual([value]);
  });

  it('a look-alike string with a bad checksum is not an address', () => {
    expect(values('TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m8 1BoatSLRHtKNngkdXEeobR76b53LETtpyX', 'crypto')).toEqual([]);
  });
});

describe('order, dedupe and hostile input', () => {
  it('indicators come in text order, each once', () => {
    const list = extractIndicators('@recruit_army $20,000 +374 12 345678 @Recruit_Army $20,000');
    expect(list.map((i) => `${i.type}:${i.value}`)).toEqual(['telegram:@recruit_army', 'money:20000 USD', 'phone:+37412345678']);
  });

  it.each([
    ['empty', ''],
    ['1 MB of one character', 'a'.repeat(1 << 20)],
    ['1 MB of digits', '7'.repeat(1 << 20)],
    ['1 MB of @', '@'.repeat(1 << 20)],
    ['1 MB of phone-like groups', '+1 '.repeat(350_000)],
    ['1 MB of distinct handles and links', Array.from({ length: 60_000 }, (_, i) => `@handle${i} t.me/chan${i}`).join(' ')],
    ['1 MB of e-mail-like tokens', 'a.b@'.repeat(1 << 18)],
    ['10,000 emoji', '🔥'.repeat(10_000)],
    ['unpaired surrogates and RTL overrides', '\ud800\u202e+374\udc00 12 345678\u202c t.me/\ud83d'],
  ])('%s finishes fast without throwing', (_name, text) => {
    const t = performance.now();
    expect(Array.isArray(extractIndicators(text))).toBe(true);
    expect(performance.now() - t).toBeLessThan(3000);
  });
});

describe('fast link reader agrees with linkify-it', () => {
  const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true }).tlds(LINK_TLDS);
  const pick = <T,>(rnd: () => number, list: T[]): T => list[Math.floor(rnd() * list.length)];
  // Plain pieces mostly, odd ones often enough that every rule of both readers is exercised.
  const LABELS = ['t', 'me', 'example', 'com', 'org', 'ru', 'jobs', 'work-visa', 'me', 'полезны', 'nВ', 'сайт', 'कार्य', 'wa', 'bit', 'ly', 'Example', 'foo-bar', 'a--b', '-x', 'x-', 'xn--p1ai', '123', 'co', 'uk', 'com', 'community', 'ru', 'gmail', 'g', 'U', 'S', 'e', 'org', 'top', 'zzz', 'рф', 'tinyurl', 'a_b', 'x'.repeat(64)];
  const PATH = ['/', 'a', 'abc', 'A1', '/', '_x', '-', '+x', 'a', '/', 'Z9', '+AbC', '-', '.', ',', ';', '?', '??', '..', '!', '#', '&', '=', '%20', ':', '@', '(', ')', '[x]', '"', "'", '_', '~', '*', '$', 'é', '<'];
  const TAIL = ['', '', '.', ',', ';', '?', '!', ')', '"', "'", ':', '-', '»', '..', '),'];

  function token(rnd: () => number): string {
    const host = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(rnd, LABELS)).join('.');
    const shape = rnd();
    if (shape < 0.25) {
      const name = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(rnd, ['info', 'a.b', 'x+y', 'hr-1', '.', '_', 'é', '(', '"'])).join('');
      return `${name}@${host}${pick(rnd, TAIL)}`;
    }
    const scheme = pick(rnd, ['', '', '', '', '', 'http://', 'https://', 'https://', 'HTTPS://', 'ftp://', '//', 'mailto:', '(']);
    const path = rnd() < 0.6 ? '/' + Array.from({ length: Math.floor(rnd() * 5) }, () => pick(rnd, PATH)).join('') : '';
    return `${scheme}${host}${path}${pick(rnd, TAIL)}`;
  }

  it('on 20,000 generated link-like tokens, and settles most of them itself', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let settled = 0;
    const wrong: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const t = token(rnd);
      const fast = fastLinkMatch(t);
      if (fast === undefined) continue;
      settled++;
      const slow = (linkify.match(t) ?? []).map(({ schema, index, lastIndex, text, url }) => ({ schema, index, lastIndex, text, url }));
      if (JSON.stringify(fast ? [fast] : []) !== JSON.stringify(slow)) wrong.push(t);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(settled).toBeGreaterThan(2_500); // the generator is hostile on purpose: see below for plain links
  });

  it('on Markdown links as exported channel posts carry them ("label](url)rest"), and settles the plain ones itself', () => {
    const labels = ['', 'Подписаться', '[тут', '**[**тред**', 'тест.', '[@ecotopor', '[a.io', 'Газета.ру.', 'x:y', '[https://bit.ly/3AN'];
    const urls = ['https://t.me/+AbC_d-1', 'http://example.org/a?b=1&c=2', 'https://bit.ly/3xYz', 't.me/job', 'https://сайт.рф/x', 'https://a.io/(x)', 'ftp://a.io', 'https://a.io/x.', ''];
    const rests = ['', '.', ').', '**и', '[Топор', ':', '[,](https://t.me/x)', 'a.io', ')'];
    let settled = 0;
    const wrong: string[] = [];
    for (const l of labels) for (const u of urls) for (const r of rests) {
      const t = `${l}](${u})${r}`;
      const fast = fastLinkMatch(t);
      if (fast === undefined) continue;
      settled++;
      const slow = (linkify.match(t) ?? []).map(({ schema, index, lastIndex, text, url }) => ({ schema, index, lastIndex, text, url }));
      if (JSON.stringify(fast ? [fast] : []) !== JSON.stringify(slow)) wrong.push(t);
    }
    expect(wrong).toEqual([]);
    expect(settled).toBeGreaterThan(100);
    expect(fastLinkMatch('Подписаться](https://t.me/+AbC_d-1)**и')).toMatchObject({ index: 13, text: 'https://t.me/+AbC_d-1' });
  });

  it.each([
    ['t.me/+AbCdEf123.', 't.me/+AbCdEf123'],
    ['https://example.org/events,', 'https://example.org/events'],
    ['bit.ly/3xYzAbc', 'bit.ly/3xYzAbc'],
    ['info@example.org)', 'info@example.org'],
    ['wa.me/37412345678!', 'wa.me/37412345678'],
    ['HTTPS://t.me/joinchat/AbC', 'HTTPS://t.me/joinchat/AbC'],
    ['(https://t.me/smmprostar)', 'https://t.me/smmprostar'],
    ['me.ru/a/b?x=1&y=2', 'me.ru/a/b?x=1&y=2'],
  ])('reads %s itself', (t, text) => {
    expect(fastLinkMatch(t)?.text).toBe(text);
  });

  it.each(['никакой.nНо,', 'лeт.MОЖНО', 'e.g.', 'hello.world'])('settles %s as no link itself', (t) => {
    expect(fastLinkMatch(t)).toBeNull();
  });
});

describe('the shape scan never rules out what a finder finds', () => {
  const PIECES = [
    't.me/army_jobs', 'wa.me/37412345678', 'https://example.org/x', 'a.b@gmail.com', '@recruit_center', 'x.y', 'e.g.',
    '+374 12 345678', '۰۹۱۲ ۳۴۵ ۶۷۸۹', '１２３４５６７８９', '12-34-56', '1HB5XMLmzFVj8ALj6mfBsbifRoD4miY36v',
    '0x52908400098527886E0F7030069857D2E4169EE7', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9',
    '\u200b', '\u200e', '🔥', 'слово', 'کار', ' ', ' ', '.', '@', '-', '_', 'word', '7',
  ];

  it('on 3,000 generated texts', () => {
    let seed = 17;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let j = Math.floor(rnd() * 12); j >= 0; j--) text += PIECES[Math.floor(rnd() * PIECES.length)] + (rnd() < 0.5 ? ' ' : '');
      const lite = liteText(text);
      const { shape } = lite;
      if (findLinks(lite.text).length > 0) expect(shape.linkish, text).toBe(true);
      if (findCrypto(lite.text).length > 0) expect(shape.longestAlnum, text).toBeGreaterThanOrEqual(14);
      if (findPhoneCandidates(lite.text).length > 0) expect(shape.digits, text).toBeGreaterThanOrEqual(8);
    }
  });
});

describe('national-form mobiles named by the country in the text', () => {
  it.each([
    ['Jobs in Russia for Indian youth, call 97110 58243 now', '+919711058243'],
    ['नेपाली युवाहरूका लागि रुसमा काम, सम्पर्क ९८६०२२११४३', '+9779860221143'],
    ['Kenya: kazi Urusi, piga 0712 345678', '+254712345678'],
  ])('%s', (text, e164) => {
    expect(extractIndicators(text).filter((i) => i.type === 'phone').map((i) => i.value)).toEqual([e164]);
  });

  it('does not read a bare 10-digit number as a phone without a country to go by', () => {
    expect(extractIndicators('Order 9876543210 shipped').filter((i) => i.type === 'phone')).toEqual([]);
  });
});
