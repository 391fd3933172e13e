import { UnrecoverableError, Worker } from 'bullmq';
import { contracts } from '../src/jobs/contracts.ts';
import { PermanentError } from '../src/pipeline/errors.ts';
import { enqueueScore } from '../src/pipeline/flow.ts';
import { ingestPost } from '../src/pipeline/ingest.ts';
import type { WorkerFactory } from './types.ts';
import { workerOptions } from './worker-options.ts';

export const ingestWorker: WorkerFactory = (deps) =>
  new Worker(
    contracts.ingest.name,
    async (job) => {
      const input = contracts.ingest.payload.safeParse(job.data);
      if (!input.success) throw new UnrecoverableError(`invalid ingest payload: ${input.error.message}`);
      const log = deps.log.child({ queue: 'ingest', jobId: job.id, itemId: input.data.itemId });
      try {
        const result = await ingestPost(deps, input.data);
        if (result.needsScore) await enqueueScore(deps.queues, result.itemId, result.revision, result.media);
        log.info({ outcome: result.outcome }, 'ingested');
        return result;
      } catch (err) {
        if (err instanceof PermanentError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    workerOptions(deps, 8), // I/O-bound
  );
