import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPatternDir, loadScorer, PackError } from '../../src/scoring/index.ts';

const model = readFileSync(path.join(defaultPatternDir, 'model.yaml'), 'utf8');

/** A pack folder with the shipped model.yaml and one pattern file, p.yaml, holding `patterns` (its whole text). */
export function packWith(patterns: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-pack-'));
  writeFileSync(path.join(dir, 'model.yaml'), model);
  writeFileSync(path.join(dir, 'p.yaml'), patterns);
  return dir;
}

/** The PackError a pack folder is refused with; throws when the pack loads. */
export function refusal(dir: string): PackError {
  try {
    loadScorer({ dir });
  } catch (err) {
    if (err instanceof PackError) return err;
    throw err;
  }
  throw new Error('pack was accepted');
}
