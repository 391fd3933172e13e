import { UnrecoverableError, Worker } from 'bullmq';
import { contracts, ingestBatching } from '../src/jobs/contracts.ts';
import { Batcher } from '../src/jobs/batcher.ts';
import { recomputeRiskAfterForward } from '../src/channels/risk.ts';
import { survivedFailures } from '../src/observability/failures.ts';
import { PermanentError } from '../src/pipeline/errors.ts';
import { ingestBatch, type BatchOutcome, type IngestInput } from '../src/pipeline/ingest-batch.ts';
import type { WorkerFactory } from './types.ts';
import { workerOptions } from './worker-options.ts';

export const ingestWorker: WorkerFactory = (deps) => {
  // deps.scorer is read at each flush, so a pack reloaded by SIGHUP scores the next batch.
  const batcher = new Batcher<IngestInput, BatchOutcome>((inputs) => ingestBatch(deps, inputs), ingestBatching);
  return new Worker(
    contracts.ingest.name,
    async (job) => {
      const input = contracts.ingest.payload.safeParse(job.data);
      if (!input.success) throw new UnrecoverableError(`invalid ingest payload: ${input.error.message}`);
      const log = deps.log.child({ queue: 'ingest', jobId: job.id, itemId: input.data.itemId });
      try {
        const result = await batcher.add(input.data);
        log.debug({ outcome: result.outcome, score: result.score?.score, flagged: result.score?.flagged }, result.scoredInline ? 'ingested and scored' : 'ingested');
        const { post } = input.data;
        // A forward from a channel reviewers confirmed raises the forwarding channel's risk now, not at its next decision.
        if (result.outcome === 'created' && post.forwardedFrom && (await recomputeRiskAfterForward(deps, post.channel, post.forwardedFrom))) {
          log.info({ channel: post.channel, forwardedFrom: post.forwardedFrom }, 'forward from a confirmed channel: channel risk recomputed');
        }
        for (const stage of result.score?.degraded ?? []) {
          survivedFailures.inc({ stage: `score:${stage.split(':')[0]}` });
          log.warn({ degraded: stage }, 'scored with a stage that failed and fell back');
        }
        return result;
      } catch (err) {
        if (err instanceof PermanentError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    workerOptions(deps, ingestBatching.concurrency),
  );
};
