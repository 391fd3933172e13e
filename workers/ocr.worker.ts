import { UnrecoverableError, Worker } from 'bullmq';
import { contracts } from '../src/jobs/contracts.ts';
import { CorruptImageError, TooManyPixelsError, UnsupportedTypeError } from '../src/ocr/inspect.ts';
import { OcrTimeoutError } from '../src/ocr/engine.ts';
import { PermanentError } from '../src/pipeline/errors.ts';
import { markImageFailed, ocrImage } from '../src/pipeline/ocr.ts';
import { survivedFailures } from '../src/observability/failures.ts';
import type { WorkerFactory } from './types.ts';
import { isLastAttempt, workerOptions } from './worker-options.ts';

// Retrying cannot make these images readable.
const PERMANENT = [PermanentError, OcrTimeoutError, CorruptImageError, TooManyPixelsError, UnsupportedTypeError];

export const ocrWorker: WorkerFactory = (deps) => {
  const ocr = deps.ocr;
  if (!ocr) throw new Error('the ocr worker needs the OCR pool: build deps with { ocr: true }');
  return new Worker(
    contracts.ocr.name,
    async (job) => {
      const input = contracts.ocr.payload.safeParse(job.data);
      if (!input.success) throw new UnrecoverableError(`invalid ocr payload: ${input.error.message}`);
      const log = deps.log.child({ queue: 'ocr', jobId: job.id, sha256: input.data.sha256 });
      try {
        const result = await ocrImage({ ...deps, ocr, config: deps.config }, input.data);
        log.info(result, result.skipped ? 'image already read' : 'image read');
        return result;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const permanent = PERMANENT.some((E) => err instanceof E);
        // The item is still scored on what was read: the flow ignores a failed child.
        if (permanent || isLastAttempt(job)) {
          await markImageFailed(deps, input.data.sha256, message).catch((markErr: Error) => {
            survivedFailures.inc({ stage: 'ocr:mark-failed' });
            log.error({ err: markErr.message }, 'could not mark the image failed; it may show as processing');
          });
        }
        log.warn({ err: message, permanent }, 'image could not be read');
        if (permanent) throw new UnrecoverableError(message);
        throw err;
      }
    },
    // One job per pool worker: OCR is CPU-bound and the pool is sized to the cores.
    workerOptions(deps, deps.config.OCR_POOL_SIZE),
  );
};
