// Money: amount + currency (+ period) read from the NORMALISED text, where digits are ASCII,
// number words and multipliers are already integers ("۲۰ هزار دلار" -> "20000 دلار",
// "2.5 млн" -> "2500000") and grouping commas are gone.
import { CurrencyEdge } from './indicators-money-edges.ts';
import type { Indicator } from '../types.ts';

export interface MoneyFound {
  at: number; // index in the text searched
  end: number;
  indicator: Indicator;
}

const CURRENCIES: [RegExp, string][] = [
  [/^(?:\$|us\$|usd|dollars?|d[oó]lar(?:es)?|долл\p{L}*|دلار|دولار|डॉलर)$/u, 'USD'],
  [/^(?:€|eur|euros?|евро|یورو)$/u, 'EUR'],
  [/^(?:£|gbp|pounds?)$/u, 'GBP'],
  [/^(?:₽|rub|rubl|rubles?|roubles?|rublos?|руб\p{L}*\.?|р\.|روبل)$/u, 'RUB'],
  [/^(?:₹|inr|rs\.?|rupees?|रुपये|रुपए|रुपया|रु\.?)$/u, 'INR'],
  [/^(?:npr|nrs|रुपैयां|रू\.?)$/u, 'NPR'],
  [/^(?:ksh\.?|kshs\.?|kes|sh\.?|shillings?|shilingi)$/u, 'KES'],
  [/^(?:tsh\.?|tzs)$/u, 'TZS'],
  [/^(?:cup|pesos cubanos)$/u, 'CUP'],
  [/^(?:تومان|تومن)$/u, 'IRT'],
  [/^(?:ریال|irr)$/u, 'IRR'],
  [/^(?:درهم|aed|dirhams?|dhs)$/u, 'AED'],
  [/^(?:sar|riyals?)$/u, 'SAR'],
  [/^(?:₦|ngn|naira)$/u, 'NGN'],
  [/^(?:₴|uah|грн)$/u, 'UAH'],
  [/^(?:₸|kzt|тенге)$/u, 'KZT'],
  [/^(?:pkr|lkr|bdt|৳)$/u, 'OTHER'],
];

const BEFORE = String.raw`us\$|\$|€|£|₽|₹|₦|₴|₸|usd|eur|gbp|rub|inr|npr|nrs|rs\.?|kshs\.?|ksh\.?|kes|tsh\.?|tzs|cup|aed|sar|irr|ngn|uah|kzt|sh\.?|shilingi|रु\.?|रू\.?`;
const AFTER = String.raw`\$|€|£|₽|₹|usd|eur|gbp|rub|inr|npr|kes|kshs|ksh|tzs|tsh|cup|aed|sar|irr|ngn|uah|kzt|dollars?|d[oó]lar(?:es)?|euros?|rupees?|shillings?|shilingi|pesos cubanos|dirhams?|riyals?|naira|rubles?|roubles?|rubl|долл\p{L}*|руб\p{L}*\.?|р\.|евро|грн|тенге|دلار|دولار|یورو|تومان|تومن|ریال|درهم|روبل|डॉलर|रुपये|रुपए|रुपया|रुपैयां|रु\.?|रू\.?`;
const AMOUNT = String.raw`(?:\d{1,3}(?: \d{3})+|\d{1,15}(?:[.,]\d{1,3})?)(?!\d)`;
// The scan looks for amounts only; the currency is then checked in a few characters before or after.
const AMOUNT_AT = new RegExp(AMOUNT, 'y');
const MAX_AMOUNT_DIGITS = 15;
const NUMBER_BEFORE = /[\p{N}.,]/u;
const MAX_AMOUNTS = 1000;
const CURRENCY_BEFORE = new RegExp(String.raw`(?<![\p{L}\p{N}])(${BEFORE})\s?$`, 'u');
const CURRENCY_AFTER = new RegExp(String.raw`^\s?(${AFTER})(?![\p{L}\p{N}])`, 'u');
const BEFORE_EDGE = new CurrencyEdge(BEFORE, true);
const AFTER_EDGE = new CurrencyEdge(AFTER, false);

const PERIOD_UNITS: [RegExp, string][] = [
  [/^(?:months?|mo|мес\p{L}*|ماه|شهر|الشهر|mes|mois|mwezi|माह|महीना|महिना|महीने|mahina|mahine|mahino|mahinama|ਮਹੀਨਾ|ਮਹੀਨੇ|مہینہ|مہینے)$/u, 'month'],
  [/^(?:days?|день|сутки|روز|یوم|día|dia|jour|siku|दिन)$/u, 'day'],
  [/^(?:hours?|hr|час|ساعت|hora|heure|saa|घंटा)$/u, 'hour'],
  [/^(?:years?|yr|год|سال|سنه|año|ano|an|mwaka|साल|वर्ष)$/u, 'year'],
];
const PERIOD_AFTER = /^\s?(?:(?:per|an|a|в|par|al|por|kwa|در|فی|प्रति|each)\s|\/\s?)?(\p{L}+\.?)/u;
// romanised Hindi, Urdu and Nepali ("2 lakh har mahine", "mahina ko 3 lakh"), Gurmukhi, Urdu and
// Pashto month words, and "<n> lakh rupees a month" with the currency word between: the wage of
// South Asian chat posts
const MONTHLY = /(?:monthly|ежемесячн|mensual|mensuel|ماهانه|ماهیانه|شهریا|मासिक|kila mwezi|per month|(?:har|per|prati|ek) mahin[aeo]|mahina ko|mahine (?:ka|ke|ki|me)|ਹਰ ਮਹੀਨੇ|ماہانہ|ہر مہینے|میاشتنی|(?:रुपये|रुपए|ਰੁਪਏ|rupees?|روپے|টাকা) (?:प्रति |ਪ੍ਰਤੀ |per )?(?:महीना|माह|ਮਹੀਨਾ|mahina|month|مہینہ|মাস))/u;
const ONCE = /(?:one[- ]time|one-off|lump[- ]sum|signing|sign-on|единовременн|разов|подъемн|بونوس|پاداش|مکافاه|bono|prime|bonus|бонус|upfront)/u;

function currencyOf(token: string): string | null {
  const t = token.toLowerCase();
  for (const [re, code] of CURRENCIES) if (re.test(t)) return code;
  return null;
}

/** The clause around [start, end): at most 30 characters each side, not across , ; ! ? or a line break. */
function clause(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && start - a < 30 && !CLAUSE_END.has(text[a - 1])) a--;
  let b = end;
  while (b < text.length && b - end < 30 && !CLAUSE_END.has(text[b])) b++;
  return text.slice(a, b);
}
const CLAUSE_END = new Set([',', ';', '!', '?', '\n', '،', '|']);

function periodOf(text: string, start: number, end: number): string | undefined {
  const after = PERIOD_AFTER.exec(text.slice(end, end + 24));
  if (after) {
    const unit = after[1].replace(/\.$/, '');
    for (const [re, period] of PERIOD_UNITS) if (re.test(unit)) return period;
  }
  const around = clause(text, start, end);
  if (MONTHLY.test(around)) return 'month';
  if (ONCE.test(around)) return 'once';
  return undefined;
}

function amountOf(raw: string): number {
  return Number(raw.replace(/ /g, '').replace(',', '.'));
}

function indicator(amount: number, currency: string, period: string | undefined): Indicator {
  const detail: Record<string, string | number> = { amount, currency };
  if (period) detail.period = period;
  return { type: 'money', value: `${amount} ${currency}`, detail };
}

function numberBefore(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? (c >= 48 && c <= 57) || c === 46 || c === 44 : NUMBER_BEFORE.test(text[i]);
}

const DIGIT_RUN = /[0-9]+/g;

/**
 * The next match of AMOUNT at or after `from`, as a global search would find it. A match starts in
 * a digit run and ends where digits end, so in a run longer than 15 digits only the last 15
 * positions can start one: the others are skipped instead of tried (a wall of digits stays linear).
 */
function nextAmount(text: string, from: number): RegExpExecArray | null {
  DIGIT_RUN.lastIndex = from;
  for (let run = DIGIT_RUN.exec(text); run; run = DIGIT_RUN.exec(text)) {
    const e = run.index + run[0].length;
    for (let q = Math.max(run.index, e - MAX_AMOUNT_DIGITS); q < e; q++) {
      AMOUNT_AT.lastIndex = q;
      const m = AMOUNT_AT.exec(text);
      if (m) return m;
    }
  }
  return null;
}

export function findMoney(text: string): MoneyFound[] {
  const found: MoneyFound[] = [];
  let seen = 0;
  // A real post has a handful of amounts; the cap keeps a hostile wall of digits cheap.
  for (let m = nextAmount(text, 0); m && seen++ < MAX_AMOUNTS; m = nextAmount(text, m.index + m[0].length)) {
    let start = m.index;
    let end = start + m[0].length;
    if (start > 0 && numberBefore(text, start - 1)) continue;
    const from = Math.max(0, start - 10);
    const before = BEFORE_EDGE.mayTouch(text, start) ? CURRENCY_BEFORE.exec(text.slice(from, start)) : null;
    const after = !before && AFTER_EDGE.mayTouch(text, end) ? CURRENCY_AFTER.exec(text.slice(end, end + 24)) : null;
    const token = before?.[1] ?? after?.[1];
    const currency = token === undefined ? null : currencyOf(token);
    if (!currency) continue;
    const amount = amountOf(m[0]);
    if (!(amount > 0)) continue;
    if (before) start = from + before.index;
    if (after) end += after[0].length;
    found.push({ at: start, end, indicator: indicator(amount, currency, periodOf(text, start, end)) });
  }
  return found;
}

const LAKH = /(?<![\p{L}\p{N}.,])(\d{1,6}(?:[.,]\d{1,3})?)\s?(lakhs?|lacs?|crores?|लाख|करोड़?|ਲੱਖ|ਕਰੋੜ|لاکھ|کروڑ)(?![\p{L}\p{M}])/giu;
const LAKH_UNITS = new Set(['लाख', 'ਲੱਖ', 'لاکھ']);

/** "5 lakh" / "२ करोड़" / "2 ਲੱਖ" / "۳ لاکھ" without a currency: Indian rupees (read from the lite text). */
export function findLakhs(text: string): MoneyFound[] {
  const found: MoneyFound[] = [];
  LAKH.lastIndex = 0;
  for (let m = LAKH.exec(text); m; m = LAKH.exec(text)) {
    const unit = m[2].toLowerCase();
    const scale = unit.startsWith('l') || LAKH_UNITS.has(unit) ? 1e5 : 1e7;
    const amount = Math.round(amountOf(m[1]) * scale);
    const end = m.index + m[0].length;
    if (amount > 0) found.push({ at: m.index, end, indicator: indicator(amount, 'INR', periodOf(text, m.index, end)) });
  }
  return found;
}
