import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scorer } from './types.ts';
import { foldPattern, normalize, toOriginalSpan } from './normalise/normalise.ts';
import { extractIndicators } from './indicators/indicators.ts';
import { loadPack } from './pack/pack.ts';
import { createScorer } from './engine.ts';
import { existsSync } from 'node:fs';
import { MODEL_FILE, readModelFile, TextModelError } from './textmodel/model.ts';
import { useModel } from './textmodel/use.ts';
import { PackError } from './pack/pack-error.ts';

export type { Scorer, ScoreResult, Match, Indicator } from './types.ts';
export { PackError, type PackIssue } from './pack/pack-error.ts';

/** The pattern pack shipped with the code. */
export const defaultPatternDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'patterns');

export const DEFAULT_THRESHOLD = 60;

/**
 * Loads, validates and compiles a pattern pack (every pattern's examples must pass) and returns a
 * scorer. Throws PackError with file:line reasons when the pack is refused; callers that hot-reload
 * keep their previous scorer in that case.
 */
export function loadScorer(opts: { dir?: string; threshold?: number; model?: 'auto' | 'off' } = {}): Scorer {
  const dir = opts.dir ?? defaultPatternDir;
  const pack = loadPack(dir, { normalize, foldPattern });
  const model = opts.model === 'off' ? null : loadTextModel(dir);
  return createScorer(pack, opts.threshold ?? DEFAULT_THRESHOLD, { normalize, toOriginalSpan, extractIndicators }, { model });
}

/** The learned text model beside the pack (text-model.json), if the pack has one; a bad file refuses the pack. */
function loadTextModel(dir: string) {
  const file = path.join(dir, MODEL_FILE);
  if (!existsSync(file)) return null;
  try {
    const { model, rule } = readModelFile(file);
    return useModel(model, rule);
  } catch (err) {
    if (err instanceof TextModelError) throw new PackError([{ file, line: 0, reason: err.message }]);
    throw err;
  }
}
