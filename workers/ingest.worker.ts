import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { contracts, ingestBatching, type IngestOne } from '../src/jobs/contracts.ts';
import { Batcher } from '../src/jobs/batcher.ts';
import { recomputeRiskAfterForward } from '../src/channels/risk.ts';
import type { Deps } from '../src/deps.ts';
import { survivedFailures } from '../src/observability/failures.ts';
import { PermanentError } from '../src/pipeline/errors.ts';
import { soloIngestJob } from '../src/pipeline/flow.ts';
import { ingestBatch, type BatchOutcome, type IngestInput } from '../src/pipeline/ingest-batch.ts';
import type { WorkerFactory } from './types.ts';
import { workerOptions } from './worker-options.ts';

export const ingestWorker: WorkerFactory = (deps) => {
  // deps.scorer is read at each flush, so a pack reloaded by SIGHUP scores the next batch.
  const batcher = new Batcher<IngestInput, BatchOutcome>((inputs) => ingestBatch(deps, inputs), ingestBatching);
  const ingestOne = async (job: Job, input: IngestOne): Promise<BatchOutcome> => {
    const result = await batcher.add(input);
    // a logger of its own only when something is logged: shared jobs bring hundreds of posts a second
    const log = () => deps.log.child({ queue: 'ingest', jobId: job.id, itemId: input.itemId });
    if (deps.log.isLevelEnabled('debug')) log().debug({ outcome: result.outcome, score: result.score?.score, flagged: result.score?.flagged }, result.scoredInline ? 'ingested and scored' : 'ingested');
    const { post } = input;
    // A forward from a channel reviewers confirmed raises the forwarding channel's risk now, not at its next decision.
    if (result.outcome === 'created' && post.forwardedFrom && (await recomputeRiskAfterForward(deps, post.channel, post.forwardedFrom))) {
      log().info({ channel: post.channel, forwardedFrom: post.forwardedFrom }, 'forward from a confirmed channel: channel risk recomputed');
    }
    for (const stage of result.score?.degraded ?? []) {
      survivedFailures.inc({ stage: `score:${stage.split(':')[0]}` });
      log().warn({ degraded: stage }, 'scored with a stage that failed and fell back');
    }
    return result;
  };
  return new Worker(
    contracts.ingest.name,
    async (job) => {
      const input = contracts.ingest.payload.safeParse(job.data);
      if (!input.success) throw new UnrecoverableError(`invalid ingest payload: ${input.error.message}`);
      if ('posts' in input.data) return ingestShared(deps, job, input.data.posts, ingestOne);
      try {
        return await ingestOne(job, input.data);
      } catch (err) {
        if (err instanceof PermanentError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    workerOptions(deps, ingestBatching.concurrency),
  );
};

/**
 * A shared job's posts go into the same batches as solo jobs' posts. A post that fails is handed on
 * to a solo job of its own (its usual id), so it gets its own retries and, if it never succeeds, its
 * own place among the failed jobs, while the rest of the shared job stays done. Only when that hand-on
 * cannot be queued does the shared job fail and run again: the posts already stored are then
 * re-deliveries, which ingest recognises and leaves as they are.
 */
async function ingestShared(deps: Deps, job: Job, posts: IngestOne[], ingestOne: (job: Job, input: IngestOne) => Promise<BatchOutcome>) {
  const settled = await Promise.allSettled(posts.map((p) => ingestOne(job, p)));
  const failed = posts.filter((_, i) => settled[i].status === 'rejected');
  if (failed.length > 0) {
    await deps.queues.ingest.addBulk(failed.map((p) => soloIngestJob(p)));
    settled.forEach((s, i) => {
      if (s.status === 'rejected') deps.log.warn({ queue: 'ingest', jobId: job.id, itemId: posts[i].itemId, err: (s.reason as Error).message }, 'a post of a shared job failed: it goes on in a job of its own');
    });
  }
  return { posts: posts.length, handedOn: failed.length };
}
