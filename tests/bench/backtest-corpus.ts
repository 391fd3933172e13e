// Decided items for the backtest bench: posts written from varied templates (recruiters in several
// languages, trafficking offers, news and warnings about them, ordinary job ads and chat) with their
// slots filled at random, and the decision a reviewer would most likely have made.

export interface DecidedPost { text: string; confirmed: boolean; daysAgo: number }

type Template = { weight: number; pConfirmed: number; make: (r: Rand) => string };

class Rand {
  private seed: number;
  constructor(seed: number) { this.seed = seed; }
  next(): number { return (this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff; }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
}

const NATIONS = ['Indian', 'Nepali', 'Cuban', 'Kenyan', 'Syrian', 'Iranian', 'Uzbek', 'Tajik', 'Ghanaian', 'Sri Lankan', 'Bangladeshi', 'Egyptian'];
const ROLES = ['drone operators', 'drivers', 'army helpers', 'cooks for the army camp', 'security guards at the army base', 'assault unit volunteers', 'military mechanics'];
const JOBS = ['warehouse', 'construction', 'cleaning', 'security guard', 'truck driver', 'hotel housekeeping', 'farm', 'factory packing'];
const COUNTRIES = ['Dubai', 'Qatar', 'Poland', 'Malaysia', 'Saudi Arabia', 'Oman', 'Romania', 'Croatia'];
const CITIES = ['Pune', 'Nairobi', 'Lagos', 'Kathmandu', 'Havana', 'Dhaka', 'Tashkent', 'Accra'];
const OUTLETS = ['Reuters', 'the BBC', 'AP', 'Al Jazeera', 'a local newspaper', 'The Hindu'];
const FILLER = [
  'Limited places this month.', 'Many of our people are already there and happy.', 'Documents checked within two days.',
  'Families can visit after six months.', 'Food and uniform are provided.', 'Questions answered 24/7.',
  'Share with friends who need work.', 'Serious people only.', 'Training is short and simple.',
];

const money = (r: Rand) => `$${r.pick(['2,500', '5,000', '10,000', '15,000', '20,000', '25,000'])}`;
const salary = (r: Rand) => `$${r.int(15, 45) * 100}`;
const phone = (r: Rand) => r.pick([`+7 9${r.int(10, 99)} ${r.int(100, 999)} ${r.int(1000, 9999)}`, `+374 ${r.int(41, 99)} ${r.int(100000, 999999)}`, `+91 9${r.int(1000, 9999)} ${r.int(10000, 99999)}`, `+254 7${r.int(10, 99)} ${r.int(100000, 999999)}`]);
const handle = (r: Rand) => `@${r.pick(['contract', 'work', 'jobs', 'volunteer', 'army'])}_${r.pick(['russia', 'abroad', 'team', 'help'])}${r.int(1, 999)}`;
const fill = (r: Rand, n: number) => Array.from({ length: n }, () => r.pick(FILLER)).join(' ');

const TEMPLATES: Template[] = [
  { weight: 14, pConfirmed: 0.88, make: (r) => `${r.pick(ROLES)} wanted for ${r.pick(NATIONS)} citizens: contract with the Russian army, signing bonus ${money(r)}, salary ${salary(r)} per month. Free flight and housing. ${fill(r, r.int(0, 3))} WhatsApp ${phone(r)}` },
  { weight: 8, pConfirmed: 0.85, make: (r) => `Контракт с Министерством обороны для иностранцев: водители, операторы дронов. Единовременная выплата ${r.int(1, 3)} млн рублей, гражданство РФ. ${r.pick(['Пишите', 'Звоните', 'Обращайтесь'])} ${handle(r)}` },
  { weight: 6, pConfirmed: 0.8, make: (r) => `Russia army helper job for ${r.pick(NATIONS)} boys, salary ${r.int(1, 3)} lakh per month, agent fee ${r.int(2, 5)} lakh only. Visa and ticket arranged. ${fill(r, r.int(0, 2))} Contact on WhatsApp ${phone(r)}` },
  { weight: 5, pConfirmed: 0.82, make: (r) => `استخدام در ارتش روسیه برای اتباع خارجی، پاداش ${r.int(10, 25)} هزار دلار. تماس واتساپ ${phone(r)}` },
  { weight: 4, pConfirmed: 0.8, make: (r) => `${r.pick(['Trabajo en Rusia para cubanos', 'Travail en Russie pour étrangers'])}: ${r.pick(['conductores', 'chauffeurs', 'ayudantes del ejército'])}, ${r.pick(['prima', 'prime'])} ${money(r)}. ${r.pick(['Escríbenos', 'Écrivez-nous'])} por WhatsApp ${phone(r)}` },
  { weight: 10, pConfirmed: 0.7, make: (r) => `Urgent: ${r.pick(JOBS)} jobs in ${r.pick(COUNTRIES)}, visa and ticket paid by the agency, salary ${salary(r)} per month, processing fee ${money(r)}. Passport needed. ${fill(r, r.int(0, 2))} Call ${phone(r)}` },
  { weight: 3, pConfirmed: 0.6, make: (r) => `Zorblat wanted: ${r.pick(['foreigners welcome', `${r.pick(NATIONS)} citizens welcome`])}, ${money(r)} signing bonus, write on WhatsApp ${phone(r)}` },
  { weight: 12, pConfirmed: 0.08, make: (r) => `According to ${r.pick(OUTLETS)}, recruiters promised ${r.pick(NATIONS)} men a ${money(r)} bonus to fight for Russia; ${r.int(12, 400)} of them were sent to the front, relatives said. ${fill(r, r.int(0, 1))}` },
  { weight: 8, pConfirmed: 0.1, make: (r) => `Warning: do not trust offers of ${r.pick(JOBS)} jobs in Russia with a ${money(r)} bonus. Report numbers like ${phone(r)} to the police. ${r.pick(['Stay safe.', 'Share this warning.', ''])}` },
  { weight: 16, pConfirmed: 0.03, make: (r) => `${r.pick(JOBS)} staff needed in ${r.pick(CITIES)}, licensed agency, no fees, interview required. Apply at https://jobs.example.org/${r.int(1, 99999)}. ${fill(r, r.int(0, 2))}` },
  { weight: 14, pConfirmed: 0.02, make: (r) => `${r.pick(['Meeting moved to', 'Choir practice on', 'The market opens on'])} ${r.pick(['Monday', 'Thursday', 'Saturday'])} at ${r.int(7, 20)}:00. ${r.pick(['Bring the documents.', 'Everyone welcome.', 'Call me if you are late.'])} ${fill(r, r.int(0, 1))}` },
];

/** `n` decided posts, the same for the same seed. */
export function decidedCorpus(n: number, seed = 7): DecidedPost[] {
  const r = new Rand(seed);
  const total = TEMPLATES.reduce((s, t) => s + t.weight, 0);
  const out: DecidedPost[] = [];
  for (let i = 0; i < n; i++) {
    let x = r.next() * total;
    const t = TEMPLATES.find((tpl) => (x -= tpl.weight) < 0) ?? TEMPLATES[0];
    out.push({ text: t.make(r), confirmed: r.next() < t.pConfirmed, daysAgo: r.int(0, 83) });
  }
  return out;
}
