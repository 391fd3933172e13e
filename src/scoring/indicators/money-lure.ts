import type { Indicator } from '../types.ts';
import type { Roles } from '../pack/pack-schema.ts';

// Turns money indicators into lure categories: a monthly wage far above what the targeted
// countries pay is the pack's salary lure, a large lump sum its bonus lure (model.yaml roles).
// Rates are rough on purpose — they only decide "far above ordinary", never a payout.

const USD_PER_UNIT: Record<string, number> = {
  USD: 1, EUR: 1.08, GBP: 1.27, RUB: 0.011, IRR: 0.000024, IRT: 0.00024, INR: 0.012, NPR: 0.0075,
  KES: 0.0077, TZS: 0.00039, AED: 0.27, CUP: 0.042, LKR: 0.0033, PKR: 0.0036, BDT: 0.0085, UAH: 0.024,
  NGN: 0.00065, GHS: 0.065, EGP: 0.02, SAR: 0.27, KZT: 0.002, UZS: 0.00008, CNY: 0.14, ZAR: 0.054,
  AMD: 0.0026, BYN: 0.31, TJS: 0.094, KGS: 0.011, MXN: 0.055, COP: 0.00025, VES: 0.027, XOF: 0.0016,
};

const MONTHLY = /^(month|monthly|mo|m|per-month)$/i;
const ONCE = /^(once|one-time|lump)$/i; // a bare amount is too often a salary range or a price
const SALARY_USD = 1000; // a month; ordinary pay in the targeted countries is far below
const BONUS_USD = 3000;

/** The amount in US dollars at the rough rates above; null for a currency without one. */
export function usd(ind: Indicator): number | null {
  const amount = Number(ind.detail?.amount);
  const cur = String(ind.detail?.currency ?? '').toUpperCase();
  const rate = USD_PER_UNIT[cur];
  return Number.isFinite(amount) && rate ? amount * rate : null;
}

/** category → the money indicator that justifies it */
export function moneyLures(indicators: Indicator[], roles: Pick<Roles, 'salaryLure' | 'bonusLure'>): Map<string, Indicator> {
  const out = new Map<string, Indicator>();
  for (const ind of indicators) {
    if (ind.type !== 'money') continue;
    const v = usd(ind);
    if (v === null) continue;
    const period = String(ind.detail?.period ?? '');
    if (MONTHLY.test(period)) {
      if (v >= SALARY_USD && !out.has(roles.salaryLure)) out.set(roles.salaryLure, ind);
    } else if (ONCE.test(period) && v >= BONUS_USD && !out.has(roles.bonusLure)) out.set(roles.bonusLure, ind);
  }
  return out;
}
