import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';

// The overseas job with forced-labour indicators in Georgian, Armenian, Igbo, Zulu, Somali, Amharic
// and Nepali (patterns/jobs-abroad-far.yaml), the trip advanced and deducted later
// (patterns/travel-deduct.yaml), and the reports and warnings that name the same lures. Written
// here by hand, not taken from any evaluation set.
const scorer = loadScorer();

describe('the overseas job with fees and deductions, in more languages', () => {
  it.each([
    // Georgian: farm work in Greece, guaranteed visa, prepayment, ticket cut from the wage
    'საბერძნეთში სამუშაოდ ფერმაში! ხელფასი 1 200 ევრო. ვიზა გარანტიით, წინასწარ იხდით 900 ევროს, ბილეთს სააგენტო ყიდულობს. დაგვიკავშირდით: +995 555 00 11 22',
    // Armenian: factory work in Poland, advance fee, no interview
    'Աշխատանք Լեհաստանում գործարանում, ամսական 1500 եվրո։ Առանց հարցազրույցի, կանխավճարը 400 դոլար։ Զանգահարեք +374 91 000 111',
    // Igbo without tone marks: care work in the UK, pay for processing now
    'Oru di na UK maka ndi na-elekota ndi agadi. O dighi interview. Kwuo N300,000 maka nhazi akwukwo ugbu a. WhatsApp +234 800 000 0000',
    // Zulu: cleaning work in Dubai, registration money, deducted from the wage
    'Umsebenzi wokuhlanza eDubai, iholo liqala ku-R25,000 ngenyanga. Khokha imali yokubhalisa, amathikithi kukhokhelwa yithina bese izodonswa eholweni. Xhumana nathi ku-WhatsApp +27 60 000 0000',
    // Somali: farm work in Sweden, registration fee, deduction
    'Shaqo beeraha Iswiidhan, mushahar €2,000. Lacagta diiwaangelinta $800 hadda, tigidhka mushaharkaaga ayaa laga jari doonaa. Kala xiriir lambarkan WhatsApp +252 61 000 0000',
    // English: hostess job with the trip fronted and cut monthly
    'Now hiring Doha: hostesses for a private club, tips + salary, we front your flight and visa, repaid from your wages monthly. Ages 20-28. Snap: club.doha.jobs',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });
});

describe('reports and advisories on the same jobs', () => {
  it.each([
    'შსს-ს ინფორმაციით, პოლიციამ დააკავა ორი პირი, რომლებიც საბერძნეთში სამუშაოს ჰპირდებოდნენ და წინასწარ თანხას იღებდნენ. ნუ ენდობით ასეთ განცხადებებს.',
    'Ոստիկանությունը հայտնել է, որ հարուցվել է քրեական գործ․ խարդախները Լեհաստանում աշխատանք էին խոստանում և կանխավճար պահանջում։',
    'Ndi uwe ojii kwuru na ha ejidere ndi aghughọ na-ekwe nkwa oru na UK ma na-anara ego nhazi. Kpachara anya.',
    'Isexwayiso: amaphoyisa athi abakhwabanisi bathembisa imisebenzi phesheya kwezilwandle bese becela imali yokubhalisa. Qaphelani.',
    'Wasaaradda ayaa sheegay in dad lagu khiyaanay shaqo Yurub ah oo laga qaaday lacagta diiwaangelinta. Digniin: ha aaminina.',
    'A report by the labour ministry said agencies had fronted flights to Doha and deducted the cost from the women\'s wages; three recruiters were arrested.',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

// The recruiter's spoken pitch to migrants already in Russia (patterns/migrant-pitch.yaml).
describe('the pitch to labour migrants, and reports of it', () => {
  it.each([
    'Братва, кто устал стоять в очередях в МФЦ и платить за патент: один год по контракту, все штрафы спишут, через полгода ты гражданин. Выплата в день подписания на карту. Подходите после пятничного намаза к мечети, спросите Рустама.',
    'Агайындар, жыл сайын патент сатып аласыз, айып пул төлөйсүз. Келишимге кол койсоңуз Орусиянын паспортун үй-бүлөңүз менен аласыз, акча дароо картага. Чалыңыз +7 900 000 00 00',
    'Birodarlar, har oy patent sotib olasiz, jarima to\'laysiz. Shartnoma imzolasangiz Rossiya pasporti oilangiz bilan, pul darhol kartaga tushadi. Telegramga yozing @misol_uz',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });
  it.each([
    'Правозащитники сообщают, что вербовщики обещают мигрантам списать штрафы и снять запрет на въезд, если те подпишут контракт; по данным МВД, возбуждено два уголовных дела.',
    'Тышкы иштер министрлиги билдирди: мигранттарга айып пул жабылат деген убадалар менен келишим сунушталууда. Ишенбеңиз.',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});
