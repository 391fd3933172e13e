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

export interface ScoreResult {
  score: number; // 0-100
  flagged: boolean;
  matches: Match[];
  indicators: Indicator[];
  normalizedText: string;
  packVersion: string;
  explanation: string;
  /** Stages that failed and fell back (e.g. "normalise: <error>"): the score is a lower bound; empty normally. */
  degraded: string[];
}

export interface Scorer {
  readonly packVersion: string;
  readonly threshold: number;
  score(text: string): ScoreResult;
}
