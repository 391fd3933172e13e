import { describe, expect, it } from 'vitest';
import { foldPattern, normalize, toOriginalSpan } from '../../../src/scoring/normalise/normalise.ts';

/** Finds `needle` in the normalised text and returns the original substring it maps back to. */
function mapped(original: string, needle: string): string {
  const n = normalize(original);
  const at = n.text.indexOf(needle);
  expect(at, `"${needle}" in "${n.text}"`).toBeGreaterThanOrEqual(0);
  const span = toOriginalSpan(n, at, at + needle.length);
  return original.slice(span.start, span.end);
}

// [original, normalised text contains, original span of that match must equal]
const tricks: [string, string, string, string][] = [
  ['case folding', 'SIGN THE Contract', 'sign the contract', 'SIGN THE Contract'],
  ['zero-width inside a word', 'con\u200btr\u200dact', 'contract', 'con\u200btr\u200dact'],
  ['bidi overrides', 'join \u202eus\u202c now', 'join us now', 'join \u202eus\u202c now'],
  ['Cyrillic look-alikes in a Latin word', 'сontrаct signing', 'contract', 'сontrаct'],
  ['Latin look-alikes in a Cyrillic word', 'кoнтpакт с МО', 'контракт', 'кoнтpакт'],
  ['upper-case Latin in a Cyrillic word', 'BOEHHAЯ служба', 'военная', 'BOEHHAЯ'],
  ['Greek look-alikes', 'sοldiеr wanted', 'soldier', 'sοldiеr'],
  ['math bold letters', '𝐬𝐢𝐠𝐧𝐢𝐧𝐠 bonus', 'signing bonus', '𝐬𝐢𝐠𝐧𝐢𝐧𝐠 bonus'],
  ['full-width letters', 'ＤＲＯＮＥ operator', 'drone operator', 'ＤＲＯＮＥ operator'],
  ['circled letters', 'ⓐⓡⓜⓨ jobs', 'army jobs', 'ⓐⓡⓜⓨ jobs'],
  ['negative squared letters', '🅰🆁🅼🆈 jobs', 'army jobs', '🅰🆁🅼🆈 jobs'],
  ['spaced letters', 's i g n i n g  b o n u s', 'signing bonus', 's i g n i n g  b o n u s'],
  ['dotted letters', 'get a s.i.g.n.i.n.g bonus', 'signing bonus', 's.i.g.n.i.n.g bonus'],
  ['dashed Cyrillic letters', 'к-о-н-т-р-а-к-т', 'контракт', 'к-о-н-т-р-а-к-т'],
  ['emoji inside a word', 'dr🔥one operator', 'drone operator', 'dr🔥one operator'],
  ['small capitals', 'ᴊᴏɪɴ ᴛʜᴇ ᴀʀᴍʏ', 'join the army', 'ᴊᴏɪɴ ᴛʜᴇ ᴀʀᴍʏ'],
  ['regional-indicator letters standing alone', '🇯\u200b🇴\u200b🇧 now', 'job now', '🇯\u200b🇴\u200b🇧 now'],
  ['spaced digits', 'pay 2 0 0 0 $', 'pay 2000 $', 'pay 2 0 0 0 $'],
  ['a spaced word then an amount', 'b o n u s 1,500,000', 'bonus 1500000', 'b o n u s 1,500,000'],
  ['a two-letter word between wide gaps', 'w r i t e   t o   u s', 'write to us', 'w r i t e   t o   u s'],
  ['a mark set between every word', 'join / the / army / now', 'join the army now', 'join / the / army / now'],
  ['bullets between words', 'work • in • russia • for • all', 'work in russia for all', 'work • in • russia • for • all'],
  ['a post glued by dots', 'join.the.army.now.salary.2.5k', 'join the army now salary 2500', 'join.the.army.now.salary.2.5k'],
  ['a post glued by underscores', 'work_in_russia_for_foreigners', 'work in russia for foreigners', 'work_in_russia_for_foreigners'],
  ['a glued post keeps its link', 'join.the.army.today.https://t.me/rus_army', 'join the army today https://t.me/rusarmy', 'join.the.army.today.https://t.me/rus_army'],
  ['punctuation inside a word (a * between letters is kept: the scorer fills or drops it, unmask.test.ts)', 'con*tract and mi_li_tary', 'con*tract and military', 'con*tract and mi_li_tary'],
  ['emoji between words', 'army🔥🔥jobs', 'armyjobs', 'army🔥🔥jobs'],
  ['emoji standing alone', 'jobs 🔥 🔥 now', 'jobs now', 'jobs 🔥 🔥 now'],
  ['an emoji between every word', 'come🔥and🔥sign🔥the🔥contract', 'come and sign the contract', 'come🔥and🔥sign🔥the🔥contract'],
  ['a flag between every word', 'Join🇷🇺our🇷🇺army🇷🇺today', 'join our army today', 'Join🇷🇺our🇷🇺army🇷🇺today'],
  ['a post glued by emoji, runs cut short by punctuation', 'According🔥to🔥RFE/RL,🔥flyers🔥in🔥Tehran', 'according to rfe/rl, flyers in tehran', 'According🔥to🔥RFE/RL,🔥flyers🔥in🔥Tehran'],
  ['emoji between single letters stay junk', 'd🔥r🔥o🔥n🔥e pilot', 'drone pilot', 'd🔥r🔥o🔥n🔥e pilot'],
  ['letters spaced with wide gaps', 's  i  g  n    n  o  w', 'sign now', 's  i  g  n    n  o  w'],
  ['Cyrillic letters with three-space gaps', 'в   ы   п   л   а   т   а     сразу', 'выплата сразу', 'в   ы   п   л   а   т   а     сразу'],
  ['OCR 0 for o', 'b0nus and c0ntract', 'bonus and contract', 'b0nus and c0ntract'],
  ['OCR 1 for i and l', 'm1l1tary sa1ary s1gn', 'military salary sign', 'm1l1tary sa1ary s1gn'],
  ['OCR 5 for s', '5alary paid', 'salary paid', '5alary paid'],
  ['leetspeak 4, 3 and 7 between letters', 'c0ntr4ct, t1ck3t, wh4ts4pp, re7urn', 'contract, ticket, whatsapp, return', 'c0ntr4ct, t1ck3t, wh4ts4pp, re7urn'],
  ['3 and 7 in a word of its own, in a post without leetspeak', 'c0ntr4ct and re7urn', 'contract and re7urn', 'c0ntr4ct and re7urn'],
  ['leetspeak all through a post reads short words too', 'j0in th3 4rmy f0r c4sh', 'join the army for cash', 'j0in th3 4rmy f0r c4sh'],
  ['Arabizi 3 and 7 stay letters of their own', 'ma3ash mni7 ab3atli', 'ma3ash mni7 ab3atli', 'ma3ash mni7 ab3atli'],
  ['OCR 0 in Cyrillic', 'к0нтракт', 'контракт', 'к0нтракт'],
  ['OCR rn for m', 'join the arrny now', 'army', 'arrny'],
  ['OCR line-break hyphen', 'con-\ntract', 'contract', 'con-\ntract'],
  ['Persian digits', 'تماس ۰۹۱۲۳۴۵۶۷۸۹', '09123456789', '۰۹۱۲۳۴۵۶۷۸۹'],
  ['Arabic-Indic digits', 'راتب ٢٠٠٠ دولار', '2000 دولار', '٢٠٠٠ دولار'],
  ['Arabic yeh and kaf folded', 'كار في روسيا', 'کار فی روسیا', 'كار في روسيا'],
  ['teh marbuta and alef hamza', 'الجنسية أو الإقامة', 'الجنسیه او الاقامه', 'الجنسية أو الإقامة'],
  ['Arabic diacritics and tatweel', 'الجَيْـــش', 'الجیش', 'الجَيْـــش'],
  ['Persian ZWNJ', 'می\u200cتوانید', 'میتوانید', 'می\u200cتوانید'],
  ['English number words', 'Twenty thousand dollars bonus', '20000 dollars', 'Twenty thousand dollars'],
  ['compound English', 'two hundred fifty thousand rubles', '250000 rubles', 'two hundred fifty thousand rubles'],
  ['Russian number words', 'двадцать тысяч долларов', '20000 долларов', 'двадцать тысяч долларов'],
  ['Russian hundreds', 'двести тысяч рублей', '200000 рублей', 'двести тысяч рублей'],
  ['Russian genitive number words', 'до трёх миллионов рублей', '3000000 рублей', 'трёх миллионов рублей'],
  ['Russian one and a half', 'полтора миллиона сразу', '1500000 сразу', 'полтора миллиона сразу'],
  ['Ukrainian number words', 'двісті тисяч гривень', '200000 гривень', 'двісті тисяч гривень'],
  ['Persian number words', 'بیست هزار دلار', '20000 دلار', 'بیست هزار دلار'],
  ['Persian with و', 'بیست و پنج هزار دلار', '25000 دلار', 'بیست و پنج هزار دلار'],
  ['Arabic number words', 'عشرين ألف دولار', '20000 دولار', 'عشرين ألف دولار'],
  ['Spanish number words', 'veinticinco mil dólares', '25000 dolares', 'veinticinco mil dólares'],
  ['French number words', 'quatre-vingt-dix mille euros', '90000 euros', 'quatre-vingt-dix mille euros'],
  ['Swahili number words', 'shilingi elfu ishirini na tano', 'shilingi 25000', 'shilingi elfu ishirini na tano'],
  ['Hindi number words', 'बीस हज़ार रुपये', '20000 रुपये', 'बीस हज़ार रुपये'],
  ['Uzbek number words', 'ikki yuz ellik ming so\'m', '250000 so', 'ikki yuz ellik ming so'],
  ['Uzbek number word with an apostrophe first', 'to\u2018qqiz yuz ming rubl', '900000 rubl', 'to\u2018qqiz yuz ming rubl'],
  ['Uzbek Cyrillic number words', 'уч юз минг сўм', '300000 сўм', 'уч юз минг сўм'],
  ['an apostrophe word that is no number stays', "l'an deux mille", "l'an 2000", "l'an deux mille"],
  ['digits with a multiplier', 'pay 2.5 млн руб', '2500000 руб', '2.5 млн руб'],
  ['k suffix', '$20k bonus', '$20000 bonus', '$20k bonus'],
  ['lakh', '₹1.2 lakh monthly', '₹120000 monthly', '₹1.2 lakh monthly'],
  ['Persian digits with هزار', '۲۰ هزار دلار', '20000 دلار', '۲۰ هزار دلار'],
  ['grouping commas', '$20,000 signing bonus', '$20000 signing', '$20,000 signing'],
  ['whitespace runs', 'a   b\n\tc', 'a b c', 'a   b\n\tc'],
  ['combining accent folded with its letter', 'contrate\u0301 ya', 'contrate ya', 'contrate\u0301 ya'],
  ['Latin accents read as plain letters', 'Contrato con el ejército: dólares, lương, Rusya\'da çalış', 'contrato con el ejercito: dolares, luong, rusya\'da calıs', 'Contrato con el ejército: dólares, lương, Rusya\'da çalış'],
  ['an accent on every letter', 'j́óíń t́h́é ármý', 'join the army', 'j́óíń t́h́é ármý'],
  ['dotted words, one after another', 'j.o.i.n t.h.e a.r.m.y', 'join the army', 'j.o.i.n t.h.e a.r.m.y'],
  ['hashtags read as words', 'служба в #армии #России', 'армии россии', 'армии #России'],
  ['hashtags glued together', '#job#russia', 'job russia', 'job#russia'],
  ['stretched letters', 'joooin the arrrmy nowww', 'join the army now', 'joooin the arrrmy nowww'],
  ['stretched Cyrillic', 'срочнооо нужны', 'срочно нужны', 'срочнооо нужны'],
  ['strike-through marks dropped', 's\u0336i\u0336g\u0336n\u0336 now', 'sign now', 's\u0336i\u0336g\u0336n\u0336 now'],
];

describe('normalize: evasion tricks map back to the original', () => {
  it.each(tricks)('%s', (_name, original, expected, originalSpan) => {
    expect(normalize(original).text).toContain(expected);
    expect(mapped(original, expected)).toBe(originalSpan);
  });
});

describe('normalize: what it must leave alone', () => {
  it.each([
    ['numbers stay numbers', 'call +7 999 123-45-67 or 20000', 'call +7 999 123-45-67 or 20000'],
    ['years and dates', 'since 2024, on 12.03.2024', 'since 2024, on 12.03.2024'],
    ['decimals without a multiplier', 'rate 2.5 percent', 'rate 2.5 percent'],
    ['a lone small number word', 'no one of them', 'no one of them'],
    ['words with legitimate rn', 'modern government learn', 'modern government learn'],
    ['codes with digits', 'win10 h1b covid19', 'win10 h1b covid19'],
    ['one leet word leaves short words alone', 'f0r you, win10', 'f0r you, win10'],
    ['units after an amount in a leet post', 'j0in n0w, 3mln and 4th w1th 2k', 'join now, 3000000 and 4th with 2000'],
    ['repeated digits and doubled letters', 'call 1000 or 777 for free coffee', 'call 1000 or 777 for free coffee'],
    ['a hash not before a word', 'C# and # notes', 'c# and # notes'],
    ['pure Russian text', 'военная служба по контракту', 'военная служба по контракту'],
    ['hyphenated compounds and links in an ordinary post', 'A well-paid, full-time job in Ulan-Ude: see https://x.io/ab-cd-ef-gh and t.me/ab_cd.', 'a well-paid, full-time job in ulan-ude: see https://x.io/ab-cd-ef-gh and t.me/abcd.'],
    ['a flag is no letters', 'Work in 🇷🇺 now', 'work in now'],
    ['two single letters in a sentence', 'plan a b and c', 'plan a b and c'],
    ['marks of other scripts stay', 'мой край, đi làm', 'мой край, đi lam'],
    ['links keep their dots', 'see t.me/channel and wa.me/374', 'see t.me/channel and wa.me/374'],
    ['French articles', 'un contrat', 'un contrat'],
    ['dashes and slashes in ordinary sentences', 'Москва — столица, а рейс Москва — Чебоксары — Москва / 12:00 — отменён', 'москва — столица, а рейс москва — чебоксары — москва / 12:00 — отменён'],
  ])('%s', (_name, original, expected) => {
    expect(normalize(original).text).toBe(expected);
  });
});

describe('normalize: the offset map', () => {
  it('origin has one entry per normalised code unit and never decreases', () => {
    const n = normalize('Ｓ i g n 🔥 бонус ۲۰ هزار دلار twenty thousand с0ntrаct\u200b 𝐀');
    expect(n.origin.length).toBe(n.text.length);
    for (let i = 1; i < n.origin.length; i++) expect(n.origin[i]).toBeGreaterThanOrEqual(n.origin[i - 1]);
  });

  it('covers a whole surrogate pair at the end of the text', () => {
    const original = 'join 𝐀';
    const n = normalize(original);
    expect(toOriginalSpan(n, n.text.length - 1, n.text.length)).toEqual({ start: 5, end: 7 });
  });

  it('maps an empty or out-of-range span safely', () => {
    const n = normalize('abc');
    expect(toOriginalSpan(n, 1, 1)).toEqual({ start: 1, end: 1 });
    expect(toOriginalSpan(n, 10, 12)).toEqual({ start: 3, end: 3 });
    expect(toOriginalSpan(normalize(''), 0, 0)).toEqual({ start: 0, end: 0 });
  });

  it('a match inside a converted number covers the whole number phrase', () => {
    expect(mapped('bonus twenty thousand now', '200')).toBe('twenty thousand');
  });
});

describe('normalize: hostile input', () => {
  const fast = (input: string, ms: number): void => {
    const t = performance.now();
    const n = normalize(input);
    expect(performance.now() - t).toBeLessThan(ms);
    expect(n.origin.length).toBe(n.text.length);
  };
  it('1 MB of one repeated character', () => fast('a'.repeat(1 << 20), 1000));
  it('1 MB of spaced single letters', () => fast('a '.repeat(1 << 19), 1000));
  it('1 MB of digits', () => fast('1'.repeat(1 << 20), 1000));
  it('10,000 emoji', () => fast('🔥'.repeat(10_000), 300));
  it('1 MB of words glued by emoji', () => fast('word🔥'.repeat(1 << 17), 1000));
  it('1 MB of letters with wide gaps', () => fast('a   '.repeat(1 << 18), 1000));
  it('1 MB of zalgo marks', () => fast('a' + '\u0336'.repeat(1 << 20), 1000));
  it('unpaired surrogates are dropped', () => {
    expect(normalize('a\ud800b\udc00c\ud83d').text).toBe('abc');
  });
  it('every Unicode plane', () => {
    const chars: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += 97) chars.push(String.fromCodePoint(cp));
    fast(chars.join(''), 2000);
  });
  it('RTL overrides around everything', () => {
    expect(normalize('\u202e\u2067ARMY\u2069\u202c \u200f۲۰\u200e').text).toBe('army 20');
  });
  it('non-string input does not throw', () => {
    expect(normalize(undefined as unknown as string).text).toBe('');
  });
});

describe('foldPattern', () => {
  it('folds non-ASCII like the text and keeps regex syntax', () => {
    expect(foldPattern('\\bكار\\s+في\\b')).toBe('\\bکار\\s+فی\\b');
    expect(foldPattern('Контракт\\D')).toBe('контракт\\D');
    expect(foldPattern('[۰-۹]+')).toBe('[0-9]+');
  });
});

describe('fast paths give what the full passes give', () => {
  it('characters that expand to several units, then plain ASCII (buffer room kept)', () => {
    const n = normalize(`${'㎏'.repeat(3000)} tail${'xy'.repeat(1500)}`);
    expect(n.text).toBe(`${'kg'.repeat(3000)} tail${'xy'.repeat(1500)}`);
    expect(n.origin.length).toBe(n.text.length);
    expect(n.origin[n.origin.length - 1]).toBe(3000 + 5 + 2999);
  });

  it.each([
    ['a number word after a word with digits', 'room 12b and twenty thousand', 'room 12b and 20000'],
    ['digits glued to few letters are kept', 'b2b deal at 10am, 4x4 car', 'b2b deal at 10am, 4x4 car'],
    ['digits in a longer word are read as OCR letters', 'b0nus 5alary', 'bonus salary'],
    ['leetspeak digits at a word edge stay amounts and units', '4lakh 3mln 7days web3 x86', '400000 3000000 7days web3 x86'],
    ['plain digits with no separator or scale', 'call 5 or 77 now', 'call 5 or 77 now'],
    ['a number word that is also an ordinary word stays', 'sept jours et cent euros', 'sept jours et cent euros'],
    ['a scale word after digits', 'bonus 20 thousand and 3 k', 'bonus 20000 and 3000'],
    ['"rn" only folded where a stem needs it', 'the arrny learns modern', 'the army learns modern'],
  ])('%s', (_name, input, text) => {
    expect(normalize(input).text).toBe(text);
  });
});
