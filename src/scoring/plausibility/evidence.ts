import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { countryHints } from '../indicators/indicators-phone.ts';
import { usd } from '../indicators/money-lure.ts';
import type { Indicator } from '../types.ts';
import type { Roles } from '../pack/pack-schema.ts';
import type { Claims, CompiledClaims } from './claims.ts';
import type { Country, PlausibilityTable } from './table.ts';

// Lure plausibility (issue 13.4): is the pay believable for the job and place, and does the contact
// fit the employer and destination the text claims? Each finding is a line of evidence with its
// figures and source; engine.ts adds the bounded raise only where the text already recruits.

export type EvidenceKind = 'overpaid' | 'lump-sum' | 'phone-employer' | 'phone-destination';

export interface PlausibilityEvidence {
  kind: EvidenceKind;
  /** the sentence a reviewer reads */
  line: string;
  /** score points this line is worth (only the strongest line of each group counts) */
  points: number;
  /** where the comparison figure comes from (a wage row's source, or the phone-fit table) */
  source: string;
  figures: Record<string, string | number>;
}

const PER: Record<string, string> = { month: 'month', year: 'year', day: 'day', hour: 'hour' };

function monthly(usdAmount: number, period: string, t: PlausibilityTable): number | null {
  const { daysPerMonth, hoursPerDay } = t.raise.period;
  if (period === 'month') return usdAmount;
  if (period === 'year') return usdAmount / 12;
  if (period === 'day') return usdAmount * daysPerMonth;
  if (period === 'hour') return usdAmount * hoursPerDay * daysPerMonth;
  return null; // a bare amount is as often a price or a range as a wage: not compared
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const dollars = (v: number) => `$${int(v)}`;
const times = (r: number) => (r >= 10 ? String(Math.round(r)) : r.toFixed(1).replace(/\.0$/, ''));

function offered(ind: Indicator, inUsd: number): string {
  const amount = Number(ind.detail?.amount);
  const cur = String(ind.detail?.currency ?? '');
  return cur === 'USD' ? dollars(amount) : `${int(amount)} ${cur} (~${dollars(inUsd)})`;
}

/** The categories that say what the work is (model.yaml roles). */
type WorkRoles = Pick<Roles, 'militaryRole' | 'noncombatJob' | 'workStudy'>;

function work(categories: ReadonlyMap<string, number>, roles: WorkRoles): string {
  if (categories.has(roles.militaryRole)) return 'military service';
  if (categories.has(roles.noncombatJob)) return 'a civilian-sounding job';
  if (categories.has(roles.workStudy)) return 'a work-and-study place';
  return 'a job';
}

function overpaid(t: PlausibilityTable, c: Claims, money: Indicator[], categories: ReadonlyMap<string, number>, roles: WorkRoles): PlausibilityEvidence | null {
  const dest = c.destination;
  if (!dest) return null;
  let best: { ind: Indicator; inUsd: number; perMonth: number; ratio: number } | null = null;
  for (const ind of money) {
    const inUsd = usd(ind);
    const perMonth = inUsd === null ? null : monthly(inUsd, String(ind.detail?.period ?? ''), t);
    if (perMonth === null || inUsd === null) continue;
    const ratio = perMonth / dest.usdMonth;
    if (ratio >= t.raise.overpaid.minRatio && (!best || ratio > best.ratio)) best = { ind, inUsd, perMonth, ratio };
  }
  if (!best) return null;
  const { ind, inUsd, perMonth, ratio } = best;
  const period = String(ind.detail?.period);
  const cur = String(ind.detail?.currency);
  const amount = cur === 'USD' ? dollars(Number(ind.detail?.amount)) : `${int(Number(ind.detail?.amount))} ${cur}`;
  const asMonth = period === 'month' && cur === 'USD' ? '' : ` (~${dollars(perMonth)}/month)`;
  const o = t.raise.overpaid;
  return {
    kind: 'overpaid',
    line: `offered ${amount}/${PER[period]}${asMonth} for ${work(categories, roles)} in ${dest.name}: ~${times(ratio)}× the typical wage there (~${dollars(dest.usdMonth)}/month, ${dest.cite})`,
    points: ratio >= o.strongRatio ? o.strongPoints : o.points,
    source: dest.source,
    figures: { amount: Number(ind.detail?.amount), currency: String(ind.detail?.currency), period, usdPerMonth: Math.round(perMonth), country: dest.code, typicalUsdPerMonth: dest.usdMonth, year: dest.year, ratio: Math.round(ratio * 10) / 10 },
  };
}

function lumpSum(t: PlausibilityTable, c: Claims, money: Indicator[]): PlausibilityEvidence | null {
  // what a recruit gives up is a year's pay at home; without a home named, at the destination
  const home = c.named.find((x) => !x.destination) ?? c.destination;
  if (!home) return null;
  let best: { ind: Indicator; inUsd: number; years: number } | null = null;
  for (const ind of money) {
    if (ind.detail?.period !== 'once') continue;
    const inUsd = usd(ind);
    if (inUsd === null) continue;
    const years = inUsd / (home.usdMonth * 12);
    if (years >= t.raise.lumpSum.minYears && (!best || years > best.years)) best = { ind, inUsd, years };
  }
  if (!best) return null;
  const { ind, inUsd, years } = best;
  const span = years >= 2 ? `${Math.round(years)} years` : `${years.toFixed(1).replace(/\.0$/, '')} year${years >= 1.05 ? 's' : ''}`;
  return {
    kind: 'lump-sum',
    line: `a one-off ${offered(ind, inUsd)}: ~${span} of the typical wage in ${home.name} (~${dollars(home.usdMonth)}/month, ${home.cite})`,
    points: t.raise.lumpSum.points,
    source: home.source,
    figures: { amount: Number(ind.detail?.amount), currency: String(ind.detail?.currency), usd: Math.round(inUsd), country: home.code, typicalUsdPerMonth: home.usdMonth, year: home.year, years: Math.round(years * 10) / 10 },
  };
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function numberFrom(t: PlausibilityTable, country: string, what: string): string {
  let code = '';
  try {
    code = ` (+${getCountryCallingCode(country as CountryCode)})`;
  } catch {
    code = ''; // a country libphonenumber does not know: say the country without a code
  }
  const row = t.countries.find((c) => c.code === country);
  if (!row) return `a ${what} from ${regionNames.of(country) ?? country}${code}`;
  const an = /^[AEIO]/.test(row.adjective) || /^U(?![gk])/.test(row.adjective) ? 'an' : 'a';
  return `${an} ${row.adjective}${code} ${what}`;
}

function noteFor(t: PlausibilityTable, dest: Country | null, country: string): string | null {
  if (!dest) return null;
  return t.notes.find((n) => n.destinations.includes(dest.code) && n.phones.includes(country))?.note ?? null;
}

function phones(t: PlausibilityTable, c: Claims, indicators: Indicator[], normText: string, categories: ReadonlyMap<string, number>, roles: WorkRoles): PlausibilityEvidence[] {
  const numbers = new Map<string, { country: string; whatsapp: boolean }>();
  for (const i of indicators) {
    if ((i.type !== 'phone' && i.type !== 'whatsapp') || !i.detail?.country) continue;
    const prev = numbers.get(i.value);
    numbers.set(i.value, { country: String(i.detail.country), whatsapp: (prev?.whatsapp ?? false) || i.type === 'whatsapp' });
  }
  if (!numbers.size) return [];
  const readers = new Set<string>([...c.named.map((x) => x.code), ...countryHints(normText)]);
  const out: PlausibilityEvidence[] = [];
  const dest = c.destination;
  for (const [e164, { country, whatsapp }] of numbers) {
    const what = whatsapp ? 'WhatsApp number' : 'phone number';
    const note = noteFor(t, dest, country);
    const figures = { phone: e164, phoneCountry: country };
    if (c.employer) {
      if (c.employer.phones.includes(country)) continue;
      out.push({
        kind: 'phone-employer',
        line: `${c.employer.label} with ${numberFrom(t, country, what)}${note ? `: ${note}` : ''}`,
        points: note ? Math.max(t.raise.phone.noted, t.raise.phone.employer) : t.raise.phone.employer,
        source: 'phone-fit.yaml',
        figures: { ...figures, employer: c.employer.id, fits: c.employer.phones.join(' ') },
      });
    } else if (dest) {
      const fits = dest.phones ?? [dest.code];
      if (fits.includes(country) || readers.has(country)) continue;
      out.push({
        kind: 'phone-destination',
        line: `${work(categories, roles)} in ${dest.name} with ${numberFrom(t, country, what)}${note ? `: ${note}` : ''}`,
        points: note ? t.raise.phone.noted : t.raise.phone.destination,
        source: 'phone-fit.yaml',
        figures: { ...figures, destination: dest.code, fits: fits.join(' ') },
      });
    }
  }
  return out;
}

/** Every line of plausibility evidence in a text (call it only for texts that fit a scheme). */
export function assess(claims: CompiledClaims, normText: string, categories: ReadonlyMap<string, number>, indicators: Indicator[], roles: WorkRoles): PlausibilityEvidence[] {
  const t = claims.table;
  const c = claims.read(normText, categories);
  if (!c.destination && !c.employer && !c.named.length) return [];
  const money = indicators.filter((i) => i.type === 'money');
  const out: PlausibilityEvidence[] = [];
  const pay = money.length ? overpaid(t, c, money, categories, roles) : null;
  if (pay) out.push(pay);
  const once = money.length ? lumpSum(t, c, money) : null;
  if (once) out.push(once);
  out.push(...phones(t, c, indicators, normText, categories, roles));
  return out;
}

const GROUP: Record<EvidenceKind, string> = { overpaid: 'pay', 'lump-sum': 'lump', 'phone-employer': 'phone', 'phone-destination': 'phone' };

/** The raise: the strongest line of each group (pay, lump sum, phone), summed, at most maxRaise. */
export function raiseFor(t: PlausibilityTable, evidence: PlausibilityEvidence[]): number {
  const best = new Map<string, number>();
  for (const e of evidence) best.set(GROUP[e.kind], Math.max(best.get(GROUP[e.kind]) ?? 0, e.points));
  let sum = 0;
  for (const p of best.values()) sum += p;
  return Math.min(t.raise.maxRaise, sum);
}
