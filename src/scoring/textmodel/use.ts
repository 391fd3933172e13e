import type { TextModel } from './model.ts';
import { applyRule, consulted, DEFAULT_RULE, type CombineRule, type RuleContext as ModelContext } from './combine-rule.ts';

// How the scorer consults the learned text model: the engine hands it the normalised text, the
// rules' score and what the rules saw; it answers with the score to use and what it changed.

export type { ModelContext };

export interface ModelView {
  version: string;
  /** P(recruiter's text) from the model; null when it was not consulted (the rules scored below minRules) */
  probability: number | null;
  /** the combination rule is on: the model may move the score */
  combined: boolean;
  effect: 'none' | 'raised' | 'lowered';
  score: number;
}

export interface TextModelUse {
  readonly version: string;
  readonly combined: boolean;
  apply(normText: string, rulesScore: number, threshold: number, ctx: ModelContext): ModelView;
}

/**
 * The model as one more line of evidence. With no rule (combination off) it is still asked where
 * the rules saw something, so its probability is in the stored explanation, but the score is the rules'.
 */
export function useModel(model: TextModel, rule: CombineRule | null): TextModelUse {
  const combined = rule !== null;
  return {
    version: model.version,
    combined,
    apply(normText, rulesScore, threshold, ctx) {
      if (!consulted(rule ?? DEFAULT_RULE, rulesScore)) return { version: model.version, probability: null, combined, effect: 'none', score: rulesScore };
      const p = model.probability(normText);
      const out = rule ? applyRule(rule, rulesScore, p, threshold, ctx) : { score: rulesScore, effect: 'none' as const };
      return { version: model.version, probability: p, combined, ...out };
    },
  };
}
