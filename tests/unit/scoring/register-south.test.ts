import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';

// Stop 25's families: the overseas job with forced-labour indicators in Malay, Romanian, Polish,
// Haitian Creole, Kinyarwanda, Telugu, Lao and Khmer (patterns/jobs-abroad-more.yaml); the
// work-and-study lure in African languages and the advert's own sign-up (patterns/workstudy-signup.yaml);
// the contract for foreigners in Pashto, Urdu and Punjabi, the Roman Nepali/Hindi recruit, and the
// fact checks of those languages (patterns/south-asia-contract.yaml). Written here by hand, not
// taken from any evaluation set.
const scorer = loadScorer();

describe('the overseas job with forced-labour indicators, in more languages', () => {
  it.each([
    // Malay: warehouse work in Japan, ticket paid by the employer, passport kept
    'Peluang kerja ke Jepun! Operator gudang, gaji RM5,500 sebulan. Tiket penerbangan dibayar oleh majikan dan pasport pekerja dipegang oleh syarikat sepanjang kontrak. Mesej kami di WhatsApp +60 12-000 0000',
    // Romanian: greenhouse work in Denmark, visit visa, cost cut from the first wage
    'Ofertă de muncă în Danemarca la sere, 1.900 € net. Mergi cu viză turistică, costul drumului se scade din primul salariu, iar pașaportul rămâne la șeful de echipă. Informații pe WhatsApp +40 700 000 000',
    // Polish: factory work in the Netherlands, fee, passport with the coordinator
    'Praca w Holandii na produkcji, 2 000 € miesięcznie. Przejazd na koszt agencji, potrącany z pierwszej wypłaty. Paszporty zostają u koordynatora. Opłata za pośrednictwo 150 €. Pisz na WhatsApp +48 500 000 000',
    // Haitian Creole: hotel work in Chile, fee split around the visa, no interview
    'Nou bezwen moun pou travay nan otèl ann Chili. Peye mwatye davans, rès la lè viza a pare. Pa gen entèvyou. Rele nou sou WhatsApp +509 0000 0000',
    // Kinyarwanda: driver work in Qatar, ticket paid and deducted, passport copy
    "Akazi ko gutwara imodoka muri Qatar, umushahara mwiza. Itike y'urugendo twishyura twebwe, bizakurwa ku mushahara nyuma. Twoherereze kopi ya pasiporo kuri WhatsApp +250 700 000 000",
    // Telugu: customer service in Cambodia, ticket paid by the company, visit visa
    'కంబోడియాలో కస్టమర్ సర్వీస్ పని! నెలకు 1,200 డాలర్లు. టికెట్ ఖర్చు కంపెనీ చెల్లిస్తుంది, విజిట్ వీసాపై పంపిస్తాం. ఇంటర్వ్యూ వాట్సాప్ లో. సంప్రదించండి +91 90000 00000',
    // Lao: customer service in a special economic zone, employer pays the fare
    'ຮັບພະນັກງານບໍລິການລູກຄ້າ ປະຈຳຢູ່ເຂດເສດຖະກິດພິເສດ. ເງິນເດືອນ 1500 ໂດລາ. ນາຍຈ້າງຈ່າຍຄ່າປີ້ຍົນ. ບໍ່ຕ້ອງມີປະສົບການ. WhatsApp +856 20 0000 0000',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });
});

describe('warnings about the same jobs', () => {
  it.each([
    'Polis mengingatkan orang ramai supaya berhati-hati dengan iklan kerja di luar negara yang menjanjikan tiket percuma dan meminta pasport diserahkan kepada ejen.',
    'Atenție la ofertele de muncă în străinătate: nu plătiți taxe de plasare și nu lăsați pașaportul la angajator, avertizează poliția.',
    'Straż Graniczna ostrzega: praca w Niemczech z przejazdem potrącanym z wypłaty i paszportem u koordynatora to znak handlu ludźmi.',
    "RIB irasaba abaturage kwirinda abatekamutwe babizeza akazi mu mahanga, bakabasaba kopi ya pasiporo n'amafaranga.",
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

describe('the work-and-study lure in African languages, and the advert that signs you up', () => {
  it.each([
    // Lingala: work and study in Tatarstan, free lodging, sign up
    'Bilenge basi ya mibu 19 tii 23: kelasi mpe mosala na Tatarstan, Russie. Ndako ofele, tike ya mpepo tofuti. Komisa nkombo na yo na site.',
    // Wolof: work and study in Russia, registration in the bio
    'Ndaw ñi am 18 ba 24 at: jàng ak liggéey ci Russie. Ñoo koy fey billet bi. Bindu tey, link bi nekk ci bio bi.',
    // Kinyarwanda: work and study in Russia, form online
    'Abakobwa bafite imyaka 18 kugeza 22: porogaramu yo kwiga no gukora mu Burusiya, Tatarstan. Uzakwiga ikirusiya. Uzuza ifishi kuri internet uyu munsi.',
    // English influencer post: citizenship, the army job, link in bio
    'day 90 in Russia 🇷🇺 I cook for the army, got my Russian passport last week, foreigners welcome, no language needed. link in my bio if you want the same',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });
  it.each([
    'Reuters reported that the programme recruited young women from Africa with work-and-study offers; investigators said many ended up assembling drones in Tatarstan.',
    "Selon une enquête publiée mardi, des jeunes filles recrutées par un programme « travail-études » au Tatarstan ont été affectées à l'assemblage de drones, a indiqué le rapport.",
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

describe('the contract for foreigners in Pashto, Urdu and Punjabi, and the Roman Nepali/Hindi recruit', () => {
  it.each([
    // Pashto: army work for foreigners, money on signing, contact
    'بهرنیانو ته د روسیې په پوځ کې دنده! د تړون په لاسلیک سره ۱۲ زره ډالره، میاشتنی معاش ۲ زره ډالره. تجربې ته اړتیا نشته. په واټساپ اړیکه ونیسئ +۷ ۹۰۰ ۰۰۰ ۰۰ ۰۰',
    // Urdu: military contract for foreigners, lump sum on signing
    'غیر ملکیوں کے لیے روس میں فوجی معاہدہ: دستخط کرتے ہی پندرہ ہزار ڈالر، روسی پاسپورٹ بھی۔ تجربہ ضروری نہیں۔ ٹیلیگرام پر رابطہ کریں @misaal_ru',
    // Punjabi: helper and driver in Russia, tourist visa, file fee
    'ਰੂਸ ਵਿੱਚ ਡਰਾਈਵਰ ਅਤੇ ਹੈਲਪਰ ਦੀ ਨੌਕਰੀ, 3 ਲੱਖ ਰੁਪਏ ਮਹੀਨਾ। ਟੂਰਿਸਟ ਵੀਜ਼ਾ ਤੇ ਭੇਜਾਂਗੇ। ਫਾਈਲ ਫੀਸ ਪਹਿਲਾਂ। ਸੰਪਰਕ ਕਰੋ +91 98000 00000',
    // Roman Nepali: the recruit already there, wage per month, hands on the agent
    'Bhai haru, ma aile Russia ma chu. Driver ko kaam, mahina ko 2 lakh, basna khana free. Contract sign garisake, sab thik cha. Aauna chahanchau bhane inbox gara, agent ko number dinchu.',
    // Hinglish: helper job in Russia, wage per month
    'Main bhi Russia pahunch gaya bhai, helper ki job, 2.5 lakh har mahine. Interest ho to DM karo.',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });
  it.each([
    // Urdu fact check of such an offer
    'فیکٹ چیک: روس کی فوج میں غیر ملکیوں کے لیے بونس اور شہریت کا دعویٰ کرنے والا پیغام بے بنیاد ہے۔ وزارت خارجہ نے اس کی تردید کی ہے۔ ایسے پیغامات آگے نہ بھیجیں۔',
    // Hindi fact check
    'फैक्ट चेक: रूसी सेना में भारतीयों को बोनस और नागरिकता देने वाला वायरल मैसेज भ्रामक है। विदेश मंत्रालय ने इसका खंडन किया है। ऐसे मैसेज आगे न भेजें।',
    // Punjabi report
    'ਪੁਲਿਸ ਨੇ ਦੱਸਿਆ ਕਿ ਏਜੰਟ ਨੌਜਵਾਨਾਂ ਨੂੰ ਰੂਸ ਵਿੱਚ ਹੈਲਪਰ ਦੀ ਨੌਕਰੀ ਦਾ ਝਾਂਸਾ ਦੇ ਕੇ ਰੂਸੀ ਫੌਜ ਵਿੱਚ ਭੇਜਦੇ ਸਨ। ਸਾਵਧਾਨ ਰਹੋ।',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

describe('the debt tour worked off on arrival', () => {
  it('flags a tour for women repaid by working there', () => {
    expect(scorer.score('Девушки 20–28, набор в тур по Эмиратам. Дорогу берём на себя, отработаешь по приезду. Пиши в лс @example_tour').flagged).toBe(true);
  });
  it('does not flag a report of it', () => {
    expect(scorer.score('Полиция сообщает: организаторы «туров» обещали девушкам оплатить дорогу, которую те должны были отработать на месте; возбуждено уголовное дело.').flagged).toBe(false);
  });
});
