// The scoring contract every caller (CLI, score worker, API) relies on.
export type IndicatorType = 'phone' | 'whatsapp' | 'telegram' | 'email' | 'url' | 'money' | 'crypto';

export interface Match {
  rule: string;
  category: string;
  /** offsets into the ORIGINAL text (UTF-16 code units), end exclusive */
  start: number;
  end: number;
  text: string;
}

export interface Indicator {
  type: IndicatorType;
  /** canonical value used to link items (E.164 phone, lower-case handle, ...) */
  value: string;
  /** optional extra facts (country of a phone, currency of money, ...) */
  detail?: Record<string, string | number>;
}

/** What made the score, as data: what the explanation sentence is built from (stored with every score). */
export interface ScoreDetails {
  /** each category the text showed, with the points it added (weight × its alone or in-scheme value) */
  categories: Array<{ id: string; label: string; kind: string; points: number }>;
  /** the recruitment schemes the categories fit; none means the score is capped */
  schemes: Array<{ id: string; label: string }>;
  /** sum of the category points, after the no-contact factor */
  points: number;
  noContact: boolean; // no contact and no call to action: points were multiplied by the model's noContactFactor
  capped: boolean; // no scheme: the score was held at the no-scheme cap
  /** the rules' score before framing (0-100, unrounded), including the plausibility raise */
  rulesRaw: number;
  /** register framing: the score is multiplied by factor (1 = none); cues are the frame rules found */
  framing: { factor: number; kinds: string[]; guarded: boolean; cues: Array<{ category: string; rule: string }> };
  /**
   * the learned text model's view, when a model is loaded: its probability that the text recruits
   * (null when not consulted: it is asked only where the rules scored 30 or more), whether
   * the combination rule is on, and what it changed in the score
   */
  model: { version: string; probability: number | null; combined: boolean; effect: 'none' | 'raised' | 'lowered' } | null;
  /**
   * lure plausibility (src/scoring/plausibility): pay far above the typical wage where the job is, a
   * lump sum worth years of pay at home, a phone from a country that does not fit the claimed
   * employer or destination; each line with its figures and the source of the comparison. `raise`
   * is what it added to rulesRaw (0 unless `applied`: the text fits a scheme, gives a contact or is an
   * advert, and is not framed as a report). Null when nothing was found; absent on rows scored before.
   */
  plausibility?: {
    evidence: Array<{ kind: string; line: string; points: number; source: string; figures: Record<string, string | number> }>;
    raise: number;
    applied: boolean;
  } | null;
  /** the sentence shown to reviewers, built from the fields above */
  sentence: string;
  /** ISO 639-3 language of the scored text ('und': unclear), added when the score is stored (src/text/language.ts) */
  language?: string;
}

export interface ScoreResult {
  score: number; // 0-100
  flagged: boolean;
  matches: Match[];
  indicators: Indicator[];
  normalizedText: string;
  packVersion: string;
  explanation: string;
  details: ScoreDetails;
  /** Stages that failed and fell back (e.g. "normalise: <error>"): the score is a lower bound; empty normally. */
  degraded: string[];
}

export interface Scorer {
  readonly packVersion: string;
  readonly threshold: number;
  score(text: string): ScoreResult;
}
