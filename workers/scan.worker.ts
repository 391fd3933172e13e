import { RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import { recomputeChannelRisk } from '../src/channels/risk.ts';
import { admissionFor } from '../src/jobs/admission.ts';
import { contracts } from '../src/jobs/contracts.ts';
import type { Logger } from '../src/logger.ts';
import { survivedFailures } from '../src/observability/failures.ts';
import { recordScanFailure } from '../src/repos/channels.repo.ts';
import { resolveScanInput, runScan } from '../src/telegram/scan-job.ts';
import { applyScanInterval } from '../src/telegram/watchlist.ts';
import type { Deps } from '../src/deps.ts';
import type { WorkerFactory } from './types.ts';
import { isLastAttempt, workerOptions } from './worker-options.ts';

export class ScanRetryError extends Error {}

export const scanWorker: WorkerFactory = (deps) =>
  new Worker(
    contracts.scan.name,
    async (job) => {
      const parsed = contracts.scan.payload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid scan payload: ${parsed.error.message}`);
      try {
        return await scanPage(deps, parsed.data, job.id);
      } catch (err) {
        // A scan that fails for good says so on the channel (page and `channels list`), not only in the failed set.
        if (!(err instanceof RateLimitError) && (err instanceof UnrecoverableError || isLastAttempt(job))) {
          const reason = `${(err as Error).message} (gave up after ${job.attemptsMade + 1} attempt${job.attemptsMade ? 's' : ''})`;
          await recordScanFailure(deps.db, parsed.data.handle.toLowerCase(), reason).catch((recordErr: Error) =>
            deps.log.error({ channel: parsed.data.handle, err: recordErr.message }, 'could not record the failed scan on the channel'),
          );
        }
        throw err;
      }
    },
    {
      ...workerOptions(deps, 1),
      // One request per SCAN_RATE_MS across every scan worker sharing this Redis.
      limiter: { max: 1, duration: Math.max(1, deps.config.SCAN_RATE_MS) },
    },
  );

async function scanPage(deps: Deps, payload: { handle: string; before?: number; pagesLeft?: number; cursor?: number | null }, jobId: string | undefined) {
  const input = await resolveScanInput(deps.db, payload, deps.config.SCAN_FIRST_PAGES);
  if (!input) return { skipped: 'channel no longer watched' };
  const log = deps.log.child({ queue: 'scan', jobId, channel: input.handle, before: input.before });
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
  if (input.before === undefined) await refreshRisk(deps, input.handle.toLowerCase(), log);
  return result.kind === 'page' ? { ingested: result.ingested, vanished: result.vanished } : { status: result.kind };
}

/**
 * Each newest-page scan brings the channel's risk up to date with what earlier scans stored (new items
 * sharing a confirmed item's phone, say) and its schedule in line with it: a decision elevates a
 * channel without the queues at hand, so the shortened interval starts here. The page is already
 * read: a failure is logged and counted, not a reason to read it again.
 */
async function refreshRisk(deps: Deps, handle: string, log: Logger): Promise<void> {
  try {
    await recomputeChannelRisk({ db: deps.db, queues: deps.queues }, [handle]);
    const interval = await applyScanInterval(deps, handle);
    log.debug({ interval }, 'channel risk refreshed');
  } catch (err) {
    survivedFailures.inc({ stage: 'channel-risk' });
    log.error({ err: (err as Error).message }, 'channel risk not refreshed after a scan');
  }
}
