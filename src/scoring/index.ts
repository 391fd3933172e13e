import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scorer } from './types.ts';
import { foldPattern, normalize, toOriginalSpan } from './normalise.ts';
import { extractIndicators } from './indicators.ts';
import { loadPack } from './pack.ts';
import { createScorer } from './engine.ts';

export type { Scorer, ScoreResult, Match, Indicator } from './types.ts';
export { PackError, type PackIssue } from './pack-error.ts';

/** The pattern pack shipped with the code. */
export const defaultPatternDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'patterns');

export const DEFAULT_THRESHOLD = 60;

/**
 * Loads, validates and compiles a pattern pack (every pattern's examples must pass) and returns a
 * scorer. Throws PackError with file:line reasons when the pack is refused; callers that hot-reload
 * keep their previous scorer in that case.
 */
export function loadScorer(opts: { dir?: string; threshold?: number } = {}): Scorer {
  const pack = loadPack(opts.dir ?? defaultPatternDir, { normalize, foldPattern });
  return createScorer(pack, opts.threshold ?? DEFAULT_THRESHOLD, { normalize, toOriginalSpan, extractIndicators });
}
