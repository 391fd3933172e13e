import type { Logger } from '../../logger.ts';
import { loadScorer, PackError } from '../index.ts';
import type { Scorer } from '../types.ts';

/**
 * Loads the pack again; a pack that is refused (bad regex, duplicate id, failing example) is logged
 * with file:line reasons and the caller keeps the scorer it has.
 */
export function reloadScorer(current: Scorer, opts: { dir?: string; threshold: number; log: Logger }): Scorer {
  try {
    const next = loadScorer({ dir: opts.dir, threshold: opts.threshold });
    opts.log.info({ from: current.packVersion, to: next.packVersion }, 'pattern pack reloaded');
    return next;
  } catch (err) {
    const issues = err instanceof PackError ? err.issues.map((i) => `${i.file}:${i.line}: ${i.reason}`) : [(err as Error).message];
    opts.log.error({ issues, keeping: current.packVersion }, 'pattern pack refused; keeping the last good one');
    return current;
  }
}
