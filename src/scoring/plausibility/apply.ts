import type { Combined } from '../combine.ts';
import type { Framing } from '../framing.ts';
import type { Roles } from '../pack/pack-schema.ts';
import type { Indicator } from '../types.ts';
import type { CompiledClaims } from './claims.ts';
import { assess, raiseFor, type PlausibilityEvidence } from './evidence.ts';

// When plausibility evidence counts. It is looked for only in texts that already fit a recruitment
// scheme, and raises the score only when the text also gives a contact or is an advert, and is not
// framed as a news report, a warning or testimony (unless the frame is the "reportedly … DM us"
// disguise the framing guard sees through). Plausibility alone never flags anything.

export interface PlausibilityResult { evidence: PlausibilityEvidence[]; raise: number; applied: boolean }

export function plausibility(
  claims: CompiledClaims | null, combined: Combined, framing: Framing,
  normText: string, categories: ReadonlyMap<string, number>, indicators: Indicator[], roles: Roles,
): PlausibilityResult | null {
  if (!claims || combined.schemes.length === 0) return null;
  const evidence = assess(claims, normText, categories, indicators, roles);
  if (!evidence.length) return null;
  const invites = combined.hasCallToAction || combined.schemes.some((s) => s.promo);
  const unframed = framing.kinds.length === 0 || framing.guarded;
  const applied = invites && unframed;
  return { evidence, raise: applied ? raiseFor(claims.table, evidence) : 0, applied };
}
