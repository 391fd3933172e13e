import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { retention } from '../jobs/contracts.ts';

// Upkeep work, not per-item work: one job re-scores every stale item, one applies retention. Its own
// queue, so a re-score of 100,000 items never waits behind (or holds up) the posts arriving now.
export const MAINTENANCE_QUEUE = 'maintenance';

export const maintenanceJobs = {
  rescore: {
    payload: z.object({ packVersion: z.string().min(1) }),
    // One job per pack version: two processes starting at once, or a SIGHUP beside `recruitwatch rescore`, queue it once.
    jobId: (packVersion: string) => `rescore-${packVersion}`,
  },
  retention: {
    payload: z.object({ dryRun: z.boolean().default(false) }),
  },
} as const;

export type MaintenanceJobName = keyof typeof maintenanceJobs;

export interface RescoreProgress {
  done: number;
  total: number;
  newlyFlagged: number;
}

export function maintenanceQueue(connection: Redis, prefix: string): Queue {
  return new Queue(MAINTENANCE_QUEUE, {
    connection,
    prefix,
    skipWaitingForReady: true,
    defaultJobOptions: { ...retention, attempts: 5, backoff: { type: 'exponential', delay: 10_000 } },
  });
}

/**
 * Queues the re-score for a pack version, or returns the one queued or running for it. A finished
 * one (completed or failed) is replaced: items may have been stored with the old pack since.
 */
export async function queueRescore(queue: Queue, packVersion: string): Promise<Job> {
  const opts = { jobId: maintenanceJobs.rescore.jobId(packVersion) };
  const job = await queue.add('rescore', { packVersion }, opts);
  const state = await job.getState();
  if (state !== 'completed' && state !== 'failed') return job;
  await job.remove();
  return queue.add('rescore', { packVersion }, opts);
}

/** The daily retention run; upserting the same scheduler id from every process keeps one schedule. */
export async function scheduleRetention(queue: Queue, pattern: string): Promise<void> {
  await queue.upsertJobScheduler('retention-daily', { pattern }, { name: 'retention', data: { dryRun: false } });
}
