import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';

// Register, not vocabulary: the same words (contract, foreigners, payment, citizenship) in a law
// report or a news channel's post are not a lure; dressed as news but still asking readers to sign
// up with a contact, they are. Written here by hand, not taken from any evaluation set.
const scorer = loadScorer();

describe('reporting and legal register', () => {
  it.each([
    'Госдума приняла закон: иностранцы, которые заключат контракт с Минобороны на год, смогут получить гражданство России в упрощённом порядке, сообщает ТАСС.',
    'Putin signed a decree on Monday: under the new law, foreign nationals who serve a one-year army contract in Russia and their families may obtain Russian citizenship.',
    'Vladimir Poutine a signé un décret: le texte prévoit la citoyenneté russe pour les étrangers sous contrat avec l\'armée russe.',
    'Ночью ПВО сбила восемь беспилотников над Белгородской областью, сообщил губернатор. Пострадал водитель грузовика. Подписывайся на наш канал t.me/example_news_ru',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });

  it('still flags a recruiter dressed as news that asks readers to sign up', () => {
    const text = 'BREAKING: according to reports, Russia now pays foreigners $15,000 on signing a military contract and gives citizenship in six months. Apply now, write to us on WhatsApp +7 916 555 01 23';
    expect(scorer.score(text).flagged).toBe(true);
  });

  it('counts a sign-up link like a number under a news-like lead, and not a link alone', () => {
    const lead = 'NEW RULES: under the new decree, foreign volunteers who sign a military contract with Russia receive 2 million rubles upfront and passports for their families.';
    expect(scorer.score(`${lead} Apply now: https://example-contract.info/form`).flagged).toBe(true);
    expect(scorer.score(`${lead} Source: https://example-news.info/decree`).flagged).toBe(false);
  });

  it('counts a messenger named beside the sign-up as a way in, and not one named sentences away', () => {
    const lead = "According to a Reuters investigation, Russia's defence ministry has offered foreigners a one-year army contract with a large payment at signing and citizenship for the family, officials said.";
    expect(scorer.score(`${lead} Places are few: message us on Telegram today.`).flagged).toBe(true);
    expect(scorer.score(`${lead} Recruiters reach people on Telegram. If someone approached you, contact us: our lawyers can help.`).flagged).toBe(false);
  });

  it('reads someone asking whether an offer is safe as a question, and a recruiter answering his own as an ad', () => {
    const asking = 'hi all, a guy on telegram offers me a typing job in Cambodia, $2,500 a month, they pay the ticket and only need my passport copy, no interview. does that sound legit to you?';
    expect(scorer.score(asking).flagged).toBe(false);
    const answering = 'Is this legit? YES. Typing job in Cambodia, $2,500 a month, ticket paid by the company, passport copy needed, no interview. WhatsApp us +855 12 345 678';
    expect(scorer.score(answering).flagged).toBe(true);
  });

  it('reads an office that offers the contract by phone as the offer, not as a report or a law', () => {
    const text = 'Пункт приёма на службу сообщает: иностранцы, проживающие в России на законных основаниях, могут подписать контракт с Минобороны, получить единовременную выплату и гражданство. Запись по телефону 8 800 000-00-00.';
    expect(scorer.score(text).flagged).toBe(true);
  });
});

describe('schemes written from the families, not the sets', () => {
  it.each([
    'Работа в Таиланде для девушек, оператор чата, 1500$ в месяц, билеты за счёт компании. Пиши в личку @job_example',
    'LMIA 100% guaranteed! Canada work permit for drivers and welders, pay the processing fee of $900 today. WhatsApp +1 416 555 0199',
    'A two-year international programme in Tatarstan for young women aged 18–22: learn the Russian language, free flight, start your career at a global company.',
    'Customer support job in Myawaddy, $1,800 a month, free housing, only basic English. Telegram @example_hr',
    'Lowongan admin customer service di Kamboja, gaji 18 juta, mess gratis, tiket pulang pergi ditanggung. Chat WA +62 812 0000 0000',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });

  it('does not flag the report on a scam compound that quotes its job offer', () => {
    const text = 'Police said 40 Indonesians rescued from a scam compound in Myawaddy had been promised customer service jobs in Thailand with free housing and $1,500 a month.';
    expect(scorer.score(text).flagged).toBe(false);
  });
});

// Central Asia's Cyrillic languages and Tamil (patterns/more-languages.yaml): the lure flags, the report does not.
describe('Tajik, Kyrgyz and Tamil', () => {
  it.each([
    'Бародарон муҳоҷир! Шартнома бо Вазорати мудофиаи Русия: пардохти якдафъаина 2 млн рубл, маоши моҳона, шаҳрвандии Русия. Нависед ба телеграм @example_kor',
    'Коргоо министрлигинин келишими: бир жолку төлөм, айлык акы 250 миң, Орусиянын жарандыгы. Орус тилин билбесеңиз да болот. WhatsApp +7 999 000 11 22',
    'ரஷ்ய ராணுவத்தில் ஒப்பந்த வேலை! மாத சம்பளம் 3 லட்சம், ரஷ்ய குடியுரிமை. WhatsApp +7 999 000 11 22',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });

  it.each([
    'Вазорати корҳои хориҷӣ хабар дод, ки се муҳоҷир, ки бо Вазорати мудофиаи Русия шартнома баста буданд, ба ҳалокат расиданд; ба онҳо шаҳрвандии Русия ваъда шуда буд.',
    'Кыргызстандык мигрант Орусиянын армиясы менен келишим түзүп, каза болду, деп тууганы билдирди. Ага жарандык убада кылынган.',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

// Uzbek, Turkish, Portuguese, Bengali (patterns/more-languages.yaml): the lure flags, the report on it does not.
describe('four more source-country languages', () => {
  it.each([
    "Rossiya Qurolli Kuchlarida shartnoma asosida xizmat: bir martalik to'lov, oylik maosh, Rossiya fuqaroligi. Rus tilini bilish shart emas. Telegramga yozing @example_xizmat",
    'Rus ordusuyla askeri sözleşme: imza ikramiyesi 12 bin dolar, aylık maaş, Rus vatandaşlığı. Rusça bilmenize gerek yok. Hemen başvurun WhatsApp +90 532 000 00 00',
    'Contrato militar com o exército russo para estrangeiros: bônus de assinatura, salário mensal e cidadania russa. Chama no WhatsApp +7 999 000 11 22',
    'রুশ সেনাবাহিনীতে চুক্তিভিত্তিক কাজ, সাইনিং বোনাস, মাসিক বেতন, রাশিয়ার নাগরিকত্ব। রুশ ভাষা জানা লাগবে না। যোগাযোগ করুন +7 999 000 11 22',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });

  it.each([
    'Segundo a Reuters, centenas de estrangeiros foram recrutados pelo exército russo com promessa de cidadania russa e enviados à frente na Rússia.',
    "Reuters'a göre Rus ordusu yabancı gönüllüleri imza ikramiyesi vaadiyle cepheye gönderdi, Rusya'da çok sayıda kişi öldü.",
    'রাশিয়ার সেনাবাহিনীতে যোগ দেওয়া কয়েকজন বাংলাদেশি নিহত হয়েছেন, তাদের নাগরিকত্ব দেওয়া হবে বলে প্রতিশ্রুতি ছিল বলে পরিবার জানিয়েছে।',
    "Rossiya qurolli kuchlari safida jang qilgan o'zbekistonlik fuqaro sudlandi, unga Rossiya fuqaroligi va bir martalik to'lov va'da qilingan edi.",
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

// Hausa, Yoruba, Burmese, Tagalog (patterns/west-africa-sea.yaml) and the far languages' jobs and
// trafficking terms (more-languages.yaml): the offer flags, the report or warning on it does not.
describe('Hausa, Yoruba, Burmese, Tagalog and the far languages', () => {
  it.each([
    "Shirin karatu da aiki a Rasha ga 'yan mata shekara 19 zuwa 23: tikitin jirgi kyauta, albashi mai kyau. Ku yi rajista a nan.",
    'Iṣẹ́ olùtọ́jú ilé wà ní Kuwait, tíkẹ́ẹ̀tì ọkọ̀ òfurufú jẹ́ ọ̀fẹ́, ọ̀gá yín ni yóò tọ́jú passport yín. WhatsApp +234 803 000 0000',
    'ကမ္ဘောဒီးယားမှာ ကွန်ပျူတာ အလုပ်၊ နေစရာ အခမဲ့၊ အတွေ့အကြုံ မလိုပါ။ Telegram မှာ ဆက်သွယ်ပါ။',
    'Ruushka shaqo darawal ah, mushahar wanaagsan bishiiba, tigidh bilaash ah, luqad looma baahna. Nala soo xiriir WhatsApp +252 61 000 0000',
    'රුසියාවේ රියදුරු රැකියා, ගුවන් ටිකට්පත නොමිලේ, සංචාරක වීසා මත යන්න. WhatsApp +94 77 000 0000',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });

  it.each([
    "A cewar ma'aikatar harkokin waje, an yaudari 'yan mata da alkawarin shirin karatu da aiki a Rasha; gwamnati ta yi gargadi, kada ku yarda da irin wannan tallan.",
    'Gẹ́gẹ́ bí ìjọba ṣe sọ, wọ́n ti ṣèlérí iṣẹ́ ilé ní Lebanon fún àwọn ọmọbìnrin, ọ̀gá wọn sì tọ́jú passport wọn. Ẹ ṣọ́ra.',
    'ကမ္ဘောဒီးယားမှာ ကွန်ပျူတာ အလုပ် ပေးမယ်ဆိုပြီး လိမ်လည်ခဲ့သူများကို ရဲက ဖမ်းဆီးခဲ့ကြောင်း ဝန်ကြီးဌာနက ပြောကြားသည်။',
    'Ayon sa DMW, inaresto ang recruiter na nangakong trabaho sa Dubai sa tourist visa na may placement fee na ikakaltas sa sahod. Mag-ingat po tayo.',
    'රුසියාවේ රියදුරු රැකියා ලබා දෙන බවට පොරොන්දු වී තරුණයන් රැගෙන ගිය බව පවුල්වල අය ඊයේ පැවසීය.',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});

// Chinese, Thai (patterns/east-asia.yaml, matched inside unspaced text), Serbian
// (patterns/serbian.yaml) and the advance-and-deduct job abroad in Ukrainian, Turkish, Urdu and
// Yoruba (patterns/advance-deduct.yaml): the offer flags, the report or warning on it does not.
describe('Chinese, Thai, Serbian and the advance-and-deduct job abroad', () => {
  it.each([
    '缅甸妙瓦底招网络客服，底薪加提成，免费食宿，路费报销，零基础可做，加微信详聊',
    'รับสมัครคีย์ข้อมูลที่ปอยเปต ไม่จำกัดวุฒิ ฟรีที่พัก นายจ้างออกค่าเดินทางให้ แอดไลน์ได้เลย',
    'Ugovor sa Ministarstvom odbrane Rusije za strance, jednokratna isplata i ruski pasoš. Javi se u inbox.',
    'Шукаємо працівників до Литви на м’ясокомбінат, візу гарантуємо, паспорт залишається у куратора до кінця оформлення. Пишіть у Telegram',
    "Belçika'da fabrikada eleman aranıyor, evrak masrafı peşin, pasaportlar ofisimizde kalır. WhatsApp'tan yazın",
    'Loker pabrik di Taiwan, visa dijamin keluar, paspor disimpan agen, biaya dipotong dari gaji. Hubungi WhatsApp +62 812 0000 0000',
  ])('flags %s', (text) => {
    expect(scorer.score(text).flagged).toBe(true);
  });

  it.each([
    '据报道，警方在柬埔寨解救了三十多名被骗的中国公民，他们被以网络客服高薪、包吃包住的名义骗出国，护照被公司扣押。大使馆提醒切勿轻信。',
    'ตำรวจจับกุมผู้ต้องหาหลอกคนไปทำงานแอดมินที่เมียวดี ผู้เสียหายเล่าว่านายจ้างออกค่าเดินทางให้ก่อนแล้วหักจากเงินเดือน ขอเตือนอย่าหลงเชื่อ',
    'Према писању листа, полиција је ухапсила човека који је врбовао за руску војску уз руски пасош; по закону то је кривично дело.',
    'Theo Bộ Lao động, nhiều người đi xuất khẩu lao động tại Đài Loan bị lừa: công ty hứa bao đậu visa, giữ hộ chiếu và trừ vào lương tiền vé, các nạn nhân cho biết.',
    'Our helpline hears it every week: a warehouse job in Russia, a passport for the family, fees taken from pay. We do not recruit; if your brother was offered such work, talk to us first.',
  ])('does not flag %s', (text) => {
    expect(scorer.score(text).flagged).toBe(false);
  });
});
