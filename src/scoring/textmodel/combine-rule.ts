// How the model's probability joins the rules' score. The rules stay the first line of evidence;
// the model may only move a score across the threshold in two narrow cases, each measured on
// real texts by cross-validation before it was switched on (tests/fixtures/README.md):
//   raise — the rules recognised a recruitment scheme but fell short (score in [minRules,
//           threshold): no contact, a word lost to OCR or evasion),
//           the text reads in no reporting register, and the model is confident (p ≥ raiseAt):
//           the score becomes the threshold;
//   lower — the rules flagged a text that reads as a report (a frame was found) and the model
//           finds it unlike a lure (p ≤ lowerAt): the score becomes threshold − 1.
// A rule set to null is off. The model never acts on a text without rule evidence.

export interface CombineRule {
  raiseAt: number | null;
  minRules: number;
  lowerAt: number | null;
}

/** The rule as measured (raise at p ≥ 0.7 with rules ≥ 30; lowering found nothing to lower). */
export const DEFAULT_RULE: CombineRule = { raiseAt: 0.7, minRules: 30, lowerAt: null };

export interface RuleContext {
  /** signal-kind categories the rules found (not contact, call to action or frame) */
  signals: number;
  /** recruitment schemes the rules recognised: without one the model raises nothing (a lone lure, an own-army ad) */
  schemes: number;
  framed: boolean;
}

export function applyRule(rule: CombineRule, rulesScore: number, p: number, threshold: number, ctx: RuleContext): { score: number; effect: 'none' | 'raised' | 'lowered' } {
  if (rule.raiseAt !== null && ctx.schemes > 0 && !ctx.framed && rulesScore >= rule.minRules && rulesScore < threshold && p >= rule.raiseAt) {
    return { score: threshold, effect: 'raised' };
  }
  if (rule.lowerAt !== null && ctx.framed && rulesScore >= threshold && p <= rule.lowerAt) {
    return { score: Math.max(0, threshold - 1), effect: 'lowered' };
  }
  return { score: rulesScore, effect: 'none' };
}

/**
 * Whether the model is asked: only where its answer could matter or will be read — a text the
 * rules scored at minRules or more (what a reviewer may see, and all the raise rule can act on).
 * Reading n-grams costs more than the rules' whole match, so ordinary posts are spared it.
 */
export const consulted = (rule: Pick<CombineRule, 'minRules'>, rulesScore: number): boolean => rulesScore >= rule.minRules;
