import { UnrecoverableError, Worker } from 'bullmq';
import { contracts } from '../src/jobs/contracts.ts';
import { PermanentError } from '../src/pipeline/errors.ts';
import { markScoreFailed, scoreItem } from '../src/pipeline/score.ts';
import type { WorkerFactory } from './types.ts';
import { survivedFailures } from '../src/observability/failures.ts';
import { isLastAttempt, workerOptions } from './worker-options.ts';

export const scoreWorker: WorkerFactory = (deps) =>
  new Worker(
    contracts.score.name,
    async (job) => {
      const input = contracts.score.payload.safeParse(job.data);
      if (!input.success) throw new UnrecoverableError(`invalid score payload: ${input.error.message}`);
      const log = deps.log.child({ queue: 'score', jobId: job.id, itemId: input.data.itemId });
      try {
        const result = await scoreItem(deps, input.data);
        log.info({ score: result.score, flagged: result.flagged, rules: result.matches.length }, 'scored');
        for (const stage of result.degraded) {
          survivedFailures.inc({ stage: `score:${stage.split(':')[0]}` });
          log.warn({ degraded: stage }, 'scored with a stage that failed and fell back');
        }
        return { score: result.score, flagged: result.flagged };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const permanent = err instanceof PermanentError;
        if (permanent || isLastAttempt(job)) {
          // If this write fails too the item stays `processing`: say so loudly, the job still fails below.
          await markScoreFailed(deps, input.data.itemId, message).catch((markErr: Error) => {
            survivedFailures.inc({ stage: 'score:mark-failed' });
            log.error({ err: markErr.message }, 'could not mark the item failed; it may show as processing');
          });
        }
        log.warn({ err: message, attempt: job.attemptsMade + 1 }, 'scoring failed');
        if (permanent) throw new UnrecoverableError(message);
        throw err;
      }
    },
    workerOptions(deps, 4),
  );
