import type { Model } from './pack/pack-schema.ts';

// News reports, official warnings, victim testimony and fact checks quote the very lures a
// recruiter uses. Their framing cues lower the score — unless the text still hands out a contact
// and tells the reader to sign up, which is what a recruiter hiding behind "reportedly" does.

export interface FrameCue { category: string; rule: string; weight: number }

export interface Framing {
  factor: number; // multiplies the score, (0, 1]
  kinds: string[]; // frame categories present, strongest first
  guarded: boolean; // the contact + sign-up guard kept the factor high
  cues: FrameCue[]; // the register cues that were found
}

const EXTRA_CUE = 0.3; // each further distinct cue adds a little
const MAX_EXTRA_CUES = 4;

/** Frame strength: the strongest cue per frame category, plus a little per further cue. */
function strength(model: Model, cues: FrameCue[]): { total: number; kinds: string[] } {
  const best = new Map<string, number>();
  for (const c of cues) {
    const w = (model.categories[c.category]?.alone ?? 0) * c.weight;
    best.set(c.category, Math.max(best.get(c.category) ?? 0, w));
  }
  const distinct = new Set(cues.map((c) => c.rule)).size;
  const extra = Math.min(Math.max(distinct - best.size, 0), MAX_EXTRA_CUES) * EXTRA_CUE;
  const total = [...best.values()].reduce((a, b) => a + b, 0) + extra;
  const kinds = [...best.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  return { total, kinds };
}

export function frame(model: Model, cues: FrameCue[], givesContact: boolean, asksToSignUp: boolean): Framing {
  if (!cues.length) return { factor: 1, kinds: [], guarded: false, cues };
  const { total, kinds } = strength(model, cues);
  const framed = 1 / (1 + total);
  const floor = model.model.frameFloorWithSignup;
  if (!(givesContact && asksToSignUp && framed < floor)) return { factor: framed, kinds, guarded: false, cues };
  // an ad for a country's own citizens carries a contact and a sign-up by nature, so the guard that
  // stops "reportedly" from hiding a recruiter does not apply to it
  const own = cues.filter((c) => c.category === model.roles.ownCitizensFrame);
  const ownFactor = own.length ? 1 / (1 + strength(model, own).total) : 1;
  return { factor: Math.max(framed, floor * ownFactor), kinds, guarded: own.length === 0, cues };
}
