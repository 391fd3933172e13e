import { MetricsTime, type WorkerOptions } from 'bullmq';
import type { Deps } from '../src/deps.ts';
import { stalledJobs } from '../src/jobs/contracts.ts';

/** Options every worker shares: its own blocking connection, the queue prefix, the lock that finds crashed jobs. */
export function workerOptions(deps: Deps, concurrency: number): WorkerOptions {
  return {
    connection: deps.workerConnection(),
    prefix: deps.config.QUEUE_PREFIX,
    concurrency,
    lockDuration: deps.config.JOB_LOCK_MS,
    // why these numbers: stalledJobs in src/jobs/contracts.ts
    stalledInterval: stalledJobs.checkIntervalMs(deps.config.JOB_LOCK_MS),
    maxStalledCount: stalledJobs.maxStalledCount,
    // per-minute completed/failed counts kept in Redis, so /metrics reports every process's jobs
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
  };
}

/** True when this attempt is the job's last, so its failure must be recorded on the item. */
export function isLastAttempt(job: { attemptsMade: number; opts: { attempts?: number } }): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
