// How the scorer consults the learned text model: the engine hands it the normalised text, the
// rules' score and what the rules saw; it answers with the score to use and what it changed.

export interface ModelContext {
  /** the rules found at least one recruitment category */
  evidence: boolean;
  /** the rules found a reporting, legal, warning or similar register */
  framed: boolean;
}

export interface ModelView {
  version: string;
  /** P(recruiter's text) from the model; null when it was not consulted (no rule evidence, no frame) */
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
