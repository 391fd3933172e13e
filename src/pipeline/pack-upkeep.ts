import type { Deps } from '../deps.ts';
import { reloadScorer } from '../scoring/reload.ts';
import { rescoreStale } from './rescore.ts';

/**
 * Keeps stored scores in step with the pattern pack: items scored by an older pack are re-scored
 * at start, and SIGHUP reloads the pack (a refused pack is logged, the last good one stays).
 * Every long-running process (serve and each `worker`) runs this, so `kill -HUP` never kills one.
 */
export function keepPackCurrent(deps: Deps): () => void {
  const rescore = () =>
    rescoreStale(deps, deps.scorer.packVersion)
      .then((queued) => queued && deps.log.info({ queued, pack: deps.scorer.packVersion }, 'items queued for re-scoring'))
      .catch((err) => deps.log.warn({ err: (err as Error).message }, 're-scoring not queued'));
  const onHangup = () => {
    const before = deps.scorer.packVersion;
    deps.scorer = reloadScorer(deps.scorer, { threshold: deps.config.FLAG_THRESHOLD, log: deps.log });
    if (deps.scorer.packVersion !== before) void rescore();
  };
  deps.log.info({ pack: deps.scorer.packVersion }, 'scoring with pattern pack');
  void rescore();
  process.on('SIGHUP', onHangup);
  return () => process.off('SIGHUP', onHangup);
}
