import type { Worker } from 'bullmq';
import type { WorkerName } from '../src/config.ts';
import type { Deps } from '../src/deps.ts';
import type { QueueName } from '../src/jobs/contracts.ts';
import { ingestWorker } from './ingest.worker.ts';
import { ocrWorker } from './ocr.worker.ts';
import { scanWorker } from './scan.worker.ts';
import { scoreWorker } from './score.worker.ts';
import type { WorkerFactory } from './types.ts';

// The compiler catches a queue without a worker.
const factories: Record<QueueName, WorkerFactory> = {
  ingest: ingestWorker,
  ocr: ocrWorker,
  scan: scanWorker,
  score: scoreWorker,
};

export function startWorkers(deps: Deps, names: readonly WorkerName[]): Worker[] {
  const started: Worker[] = [];
  for (const name of names) {
    const factory = factories[name];
    const worker = factory(deps);
    worker.on('error', (err) => deps.log.error({ queue: name, err: err.message }, 'worker error'));
    worker.on('failed', (job, err) =>
      // drizzle's "Failed query: …" hides the database's own reason (a deadlock, a constraint) in its cause
      deps.log.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message.slice(0, 500), cause: (err.cause as Error | undefined)?.message }, 'job failed'),
    );
    started.push(worker);
  }
  deps.log.info({ workers: started.map((w) => w.name) }, 'workers started');
  return started;
}

/** Waits for active jobs to finish, then releases each worker's connection. */
export async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      await w.close();
      // The connection was made for this worker alone (worker-options.ts), so it goes with it.
      (w.opts.connection as { disconnect?: () => void }).disconnect?.();
    }),
  );
}
