import { UnrecoverableError, Worker } from 'bullmq';
import { admissionFor } from '../src/jobs/admission.ts';
import { contracts } from '../src/jobs/contracts.ts';
import { resolveScanInput, runScan } from '../src/telegram/scan-job.ts';
import type { WorkerFactory } from './types.ts';
import { workerOptions } from './worker-options.ts';

export class ScanRetryError extends Error {}

export const scanWorker: WorkerFactory = (deps) =>
  new Worker(
    contracts.scan.name,
    async (job) => {
      const parsed = contracts.scan.payload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid scan payload: ${parsed.error.message}`);
      const input = await resolveScanInput(deps.db, parsed.data, deps.config.SCAN_FIRST_PAGES);
      if (!input) return { skipped: 'channel no longer watched' };
      const log = deps.log.child({ queue: 'scan', jobId: job.id, channel: input.handle, before: input.before });
      // Past MAX_BACKLOG the scanner pauses (the page is read later) rather than add to a queue the workers cannot keep up with.
      const busy = admissionFor(deps).refusal();
      if (busy) {
        log.info({ backlog: busy.backlog, retryAfterS: busy.retryAfter }, 'backlog over its bound: scanning paused');
        await deps.queues.scan.rateLimit(busy.retryAfter * 1000);
        throw Worker.RateLimitError();
      }
      const result = await runScan(deps, input);
      if (result.kind === 'retry') {
        log.warn({ detail: result.detail, retryAfterMs: result.retryAfterMs }, 'telegram asked us to wait');
        // Telegram's Retry-After pauses the whole queue: every channel waits, as politeness asks.
        if (result.retryAfterMs > 0) {
          await deps.queues.scan.rateLimit(result.retryAfterMs);
          throw Worker.RateLimitError();
        }
        throw new ScanRetryError(result.detail); // 5xx, timeout: exponential backoff
      }
      if (result.kind !== 'page') log.warn({ status: result.kind, detail: result.detail }, 'channel cannot be scanned');
      else log.info({ ingested: result.ingested, vanished: result.vanished, next: result.next?.before }, 'page scanned');
      return result.kind === 'page' ? { ingested: result.ingested, vanished: result.vanished } : { status: result.kind };
    },
    {
      ...workerOptions(deps, 1),
      // One request per SCAN_RATE_MS across every scan worker sharing this Redis.
      limiter: { max: 1, duration: Math.max(1, deps.config.SCAN_RATE_MS) },
    },
  );
