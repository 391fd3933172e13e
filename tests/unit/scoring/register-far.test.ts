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

// The recruit who recruits (patterns/peer-voice.yaml) and the contract in Chinese, Korean, Serbian,
// Arabizi and Hinglish (patterns/contract-more.yaml).
describe('peers and contract adverts in more voices', () => {
  it.each([
    'To everyone asking in the comments: yes it is legit. I flew over last winter from Lagos, got the joining bonus in my account on day three, salary $2,300 monthly. Our boys are already there and fine. Russia treats us well. DM me on WhatsApp +7 900 111 22 33, I will connect you with the recruiter.',
    'Wadau, hii deal ni legit kabisa. Nilienda Urusi mwezi wa tano, signing bonus ilitoka haraka. Hakuna need ya kujua Kirusi, kuna translator. DM me nikuunganishe.',
    '诚招外籍男士赴俄服役，签约当天一次性补贴150万卢布，月薪25万卢布，不会俄语也可以。服役一年全家可办理俄罗斯护照。联系电报 @example_zh',
    '러시아군 계약 모집: 외국인 환영, 러시아어 몰라도 됩니다. 계약 즉시 일시금 지급, 가족까지 러시아 시민권. 텔레그램 @example_ko',
    'Momci, Rusiji trebaju dobrovoljci. Dobrovoljački ugovor na šest meseci, jednokratna isplata odmah, ruski pasoš za celu porodicu. Javite se u inbox.',
    'ya jama3a fi shoghl ma3 el jeish b rusya, 25 alf dollar 3ind el tawqi3 w el jinsiyye ba3d sene. bala lo8a, fi motarjem. ib3atli 3al whatsapp +961 70 000 000',
    'Russia mein driver ki naukri, 1.5 lakh mahina pakka, rusi language nahi chahiye. Ticket ka paisa tankhwah se katega. WhatsApp karo 90000 00000',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });
  it.each([
    '外交部发言人表示，据报道有中国公民被招募赴俄参战，使馆提醒切勿轻信高薪和俄罗斯国籍的承诺。',
    '외교부는 러시아군이 외국인을 모집하며 시민권을 약속한다고 밝혔다. 이런 광고에 속지 마세요.',
    'Policija je uhapsila dvojicu muškaraca koji su regrutovali dobrovoljce za Rusiju; tužilaštvo navodi da su obećavali ruski pasoš.',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

// Research and the Central Asian advisory (patterns/register-more.yaml): the lures quoted in the
// voice of method and findings, or of a ministry warning its citizens.
describe('research and ministry advisories quoting the lures', () => {
  it.each([
    'In this paper we analyse 310 sponsored posts that promote study-plus-work places in Tatarstan to women aged 18 to 22; our findings show the posts never mention drones. Implications for platform policy are discussed.',
    'En este artículo analizamos 150 anuncios que ofrecían a extranjeros servir un año para Moscú, pasaporte ruso y un pago único; nuestros resultados muestran que casi todos usaban WhatsApp.',
    'В данном исследовании мы анализируем объявления, обещающие иностранцам гражданство России и единовременную выплату за контракт с Минобороны.',
    'Қазақстан СІМ мәліметі бойынша, Ресейдегі шетел азаматтарына азаматтық пен төлем уәде етіп, әскери келісімшартқа шақырады. Жалдамалы ретінде қатысу қылмыстық жауапкершілікке әкеледі. Сақ болыңыз.',
    'Tashqi ishlar vazirligi ma\'lumotiga ko\'ra, Rossiyadagi muhojirlarga Rossiya pasporti va pul va\'da qilinib, harbiy shartnoma taklif qilinmoqda. Yollanma askarlik Jinoyat kodeksi bilan jazolanadi. Ehtiyot bo\'ling.',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

// Where the recruit now is, and the work-and-study programme named without its brand.
describe('the front named instead of the army, the zone instead of the brand', () => {
  it.each([
    'Пишу за брата: он подписал весной, сейчас под Покровском, выплаты пришли, паспорт семье уже оформили. Командир ищет ещё ребят из наших, кто устал бегать по миграционкам. Пишите в личку, скину номер куратора.',
    'Девушки 18-23 из Африки и Азии! Приглашаем на обучение и трудоустройство в особую экономическую зону: общежитие и питание бесплатно, перелёт оплачиваем. Анкета в директ @example_sez',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });
  it('does not flag a war report naming the front', () => {
    expect(scorer.score('Минобороны сообщило, что подразделения сейчас под Покровском; по данным ведомства, за сутки сбито 12 беспилотников.').flagged).toBe(false);
  });
});

// A denial is the recruiter's reassurance; an affirmation is the fact-checker's verdict.
describe('"not a scam" against "a scam"', () => {
  it('flags a peer who says it is no scam and hands readers on', () => {
    const text = 'Hermanos, no es estafa: firmé con el ejército ruso en marzo, ya cobré el bono de 2 millones de rublos y me dan pasaporte ruso. Te paso el contacto del reclutador por WhatsApp +7 900 222 33 44.';
    expect(scorer.score(text).flagged).toBe(true);
  });
  it('does not flag the fact check that calls the same offer a scam', () => {
    const text = 'Verificación: la oferta que circula en redes, firmar con el ejército ruso y cobrar un bono de 2 millones, es una estafa; la fiscalía denuncia a los reclutadores.';
    expect(scorer.score(text).flagged).toBe(false);
  });
});
