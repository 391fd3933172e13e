import type { Deps } from '../deps.ts';
import { announcePack } from '../observability/process-packs.ts';
import { survivedFailures } from '../observability/failures.ts';
import { maintenanceQueue, queueRescore, scheduleRetention } from '../maintenance/queue.ts';
import { startMaintenanceWorker } from '../maintenance/worker.ts';
import { reloadScorer } from '../scoring/pack/reload.ts';
import { countStale } from './rescore.ts';

/**
 * Keeps stored scores in step with the pattern pack and runs the upkeep jobs: items scored by an
 * older pack get one re-score job at start and after SIGHUP reloads a changed pack (a refused pack
 * is logged, the last good one stays); the daily retention job is scheduled. Every long-running
 * process (serve and each `worker`) runs this, so `kill -HUP` never kills one; a process that runs
 * workers (not WORKERS=none) also takes maintenance jobs.
 */
export function keepPackCurrent(deps: Deps): () => Promise<void> {
  const queue = maintenanceQueue(deps.redis, deps.config.QUEUE_PREFIX);
  const maintenance = deps.config.WORKERS.length > 0 ? startMaintenanceWorker(deps) : undefined;
  const rescore = async () => {
    const pack = deps.scorer.packVersion;
    const stale = await countStale(deps.db, pack);
    if (stale === 0) return;
    const job = await queueRescore(queue, pack);
    deps.log.info({ stale, pack, jobId: job.id }, 're-score of stored items queued');
  };
  const upkeep = () =>
    rescore().catch((err: Error) => deps.log.error({ err: err.message }, 're-scoring not queued; run `recruitwatch rescore`'));
  const onHangup = () => {
    const before = deps.scorer.packVersion;
    deps.scorer = reloadScorer(deps.scorer, { threshold: deps.config.FLAG_THRESHOLD, log: deps.log });
    if (deps.scorer.packVersion !== before) void upkeep();
  };
  deps.log.info({ pack: deps.scorer.packVersion }, 'scoring with pattern pack');
  void upkeep();
  scheduleRetention(queue, deps.config.RETENTION_SCHEDULE).catch((err: Error) =>
    deps.log.error({ err: err.message }, 'daily retention not scheduled; run `recruitwatch retention run`'),
  );
  process.on('SIGHUP', onHangup);
  const unannounce = announcePack(deps.redis, deps.config.QUEUE_PREFIX, () => deps.scorer.packVersion, (err) => {
    survivedFailures.inc({ stage: 'metrics:announce-pack' });
    deps.log.warn({ err: err.message }, 'could not write this process\'s pack version to Redis');
  });
  return async () => {
    process.off('SIGHUP', onHangup);
    await unannounce();
    await maintenance?.stop();
    await queue.close();
  };
}
