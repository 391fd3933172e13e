import type { Model, Scheme } from './pack/pack-schema.ts';

// How categories add up (PATTERNS.md): each matched category counts its "alone" weight, or its
// "combined" weight when the post fits a known scheme (e.g. military role + foreign targeting).
// A post that fits no scheme is capped below the threshold (the scorer's, less the model's margin):
// one lure alone is not a recruiter.

export interface Evidence {
  /** category → strongest pattern weight seen (0..1]; indicator-derived categories use 1 */
  categories: Map<string, number>;
}

export interface Combined {
  /** category → points it added (weight × its alone or combined value, before the no-contact factor) */
  byCategory: Map<string, number>;
  points: number;
  raw: number; // 0-100 before framing
  schemes: Scheme[];
  hasCallToAction: boolean;
  /** no scheme, and the points reached the no-scheme cap */
  capped: boolean;
}

const hasAll = (cats: Map<string, number>, list: string[]) => { for (const c of list) if (!cats.has(c)) return false; return true; };
const hasOne = (cats: Map<string, number>, list: string[]) => { for (const c of list) if (cats.has(c)) return true; return false; };

function holds(s: Scheme, cats: Map<string, number>): boolean {
  return hasAll(cats, s.all) && (s.any.length === 0 || hasOne(cats, s.any)) && (s.also.length === 0 || hasOne(cats, s.also));
}

/** `noSchemeCap`: the best raw score a text that fits no scheme may reach (engine.ts derives it from the threshold). */
export function combine(model: Model, ev: Evidence, noSchemeCap: number): Combined {
  // no closure named here: under tsx (esbuild keepNames) each costs a defineProperty per post
  const schemes = model.schemes.filter((s) => holds(s, ev.categories));
  let points = 0;
  const byCategory = new Map<string, number>();
  for (const [cat, w] of ev.categories) {
    const def = model.categories[cat];
    if (!def || def.kind === 'frame') continue;
    const p = w * (schemes.length ? def.combined : def.alone);
    byCategory.set(cat, p);
    points += p;
  }
  const hasCallToAction = [...ev.categories.keys()].some((c) => {
    const k = model.categories[c]?.kind;
    return k === 'contact' || k === 'cta';
  });
  const m = model.model;
  if (!hasCallToAction && !schemes.some((s) => s.promo)) points *= m.noContactFactor;
  let raw = 100 * (1 - Math.exp(-points / m.scale));
  const capped = !schemes.length && raw >= noSchemeCap;
  if (capped) raw = noSchemeCap;
  return { byCategory, points, raw, schemes, hasCallToAction, capped };
}
