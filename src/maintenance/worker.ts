import { MetricsTime, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Deps } from '../deps.ts';
import { survivedFailures } from '../observability/failures.ts';
import { rescoreStale } from '../pipeline/rescore.ts';
import { MAINTENANCE_QUEUE, maintenanceJobs, type RescoreProgress } from './queue.ts';
import { applyRetention, planRetention, retentionPolicy } from './retention.ts';

/**
 * Re-scores and retention runs; one at a time per process, since each walks the whole database.
 * stop() ends a re-score after its current batch (the retry, here or elsewhere, skips what is done)
 * instead of holding shutdown for the whole run.
 */
export function startMaintenanceWorker(deps: Deps): { worker: Worker; stop(): Promise<void> } {
  const state = { stopping: false };
  const worker = new Worker(MAINTENANCE_QUEUE, (job) => (job.name === 'rescore' ? rescore(deps, job, state) : retention(deps, job)), {
    connection: deps.workerConnection(),
    prefix: deps.config.QUEUE_PREFIX,
    concurrency: 1,
    lockDuration: deps.config.JOB_LOCK_MS,
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
  });
  worker.on('error', (err) => deps.log.error({ queue: MAINTENANCE_QUEUE, err: err.message }, 'worker error'));
  worker.on('failed', (job, err) => deps.log.warn({ queue: MAINTENANCE_QUEUE, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
  return {
    worker,
    async stop() {
      state.stopping = true;
      await worker.close();
      (worker.opts.connection as { disconnect?: () => void }).disconnect?.();
    },
  };
}

async function rescore(deps: Deps, job: Job, state: { stopping: boolean }) {
  const input = maintenanceJobs.rescore.payload.safeParse(job.data);
  if (!input.success) throw new UnrecoverableError(`invalid rescore payload: ${input.error.message}`);
  const log = deps.log.child({ queue: MAINTENANCE_QUEUE, jobId: job.id });
  // A process still on another pack (not yet sent SIGHUP) must not score with it: a retry lands elsewhere or later.
  if (input.data.packVersion !== deps.scorer.packVersion) {
    throw new Error(`this process scores with pack ${deps.scorer.packVersion}, the job asks for ${input.data.packVersion}`);
  }
  const outcome = await rescoreStale(deps, {
    onProgress: async (p: RescoreProgress) => {
      await job.updateProgress(p);
      if (state.stopping && p.done < p.total) throw new Error(`process stopping after ${p.done} of ${p.total}; the job is retried`);
    },
    onError: (itemId, err) => {
      survivedFailures.inc({ stage: 'rescore:item' });
      log.warn({ itemId, err: err.message }, 'item not re-scored; the next re-score takes it again');
    },
  });
  log.info({ ...outcome, pack: deps.scorer.packVersion }, 're-scored stored items');
  return outcome;
}

async function retention(deps: Deps, job: Job) {
  const input = maintenanceJobs.retention.payload.safeParse(job.data);
  if (!input.success) throw new UnrecoverableError(`invalid retention payload: ${input.error.message}`);
  const log = deps.log.child({ queue: MAINTENANCE_QUEUE, jobId: job.id });
  const plan = await planRetention(deps, retentionPolicy(deps.config), new Date());
  if (!input.data.dryRun) await applyRetention(deps, plan, log);
  const summary = plan.reduce<Record<string, number>>((n, e) => ({ ...n, [e.kind]: (n[e.kind] ?? 0) + 1 }), {});
  log.info({ dryRun: input.data.dryRun, removed: summary }, input.data.dryRun ? 'retention dry run' : 'retention applied');
  return { dryRun: input.data.dryRun, removed: summary };
}
