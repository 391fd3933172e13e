import { contracts, retention } from '../jobs/contracts.ts';
import type { Queues } from '../jobs/queues.ts';
import { findChannel } from '../repos/channels.repo.ts';
import type { Db } from '../db/client.ts';
import { scanChannelPage, type ScanDeps, type ScanInput, type ScanResult } from './scanner.ts';

// Once caught up, a scan reads back at most this many pages to fill a gap.
const CATCH_UP_PAGES = 20;

export type ScanPayload = { handle: string; before?: number; pagesLeft?: number; cursor?: number | null };

/** Completes a job's payload: the newest-page job learns the cursor and page budget at run time. */
export async function resolveScanInput(db: Db, payload: ScanPayload, firstPages: number): Promise<ScanInput | null> {
  if (payload.pagesLeft !== undefined && payload.cursor !== undefined) return payload as ScanInput;
  const channel = await findChannel(db, payload.handle.toLowerCase());
  if (!channel || !channel.enabled) return null; // removed since the job was scheduled
  const cursor = channel.cursor ?? null;
  return { handle: channel.handle, before: payload.before, cursor, pagesLeft: cursor === null ? firstPages - 1 : CATCH_UP_PAGES };
}

/** Runs one page and queues the next older one, with a little jitter so requests do not beat in step. */
export async function runScan(deps: ScanDeps & { queues: Pick<Queues, 'scan' | 'ingest'> }, input: ScanInput): Promise<ScanResult> {
  const result = await scanChannelPage(deps, input);
  if (result.kind === 'page' && result.next) {
    const next = result.next;
    await addScan(deps.queues, next, Math.floor(Math.random() * 500));
  }
  return result;
}

/** Queues a scan of a channel's newest page now (deduplicated while one is waiting). */
export async function queueScanNow(queues: Pick<Queues, 'scan'>, handle: string): Promise<void> {
  await addScan(queues, { handle });
}

/**
 * Adds a scan job under its deterministic id. A failed job keeps its id for days (retention), and
 * BullMQ ignores an add under a taken id: a channel whose scan failed for good could not be scanned
 * again by "Scan now" or read back to that page. A failed one is replaced; a waiting one is kept.
 */
async function addScan(queues: Pick<Queues, 'scan'>, payload: ScanPayload, delay?: number): Promise<void> {
  const opts = { jobId: contracts.scan.jobId(payload), ...(delay ? { delay } : {}) };
  const job = await queues.scan.add(contracts.scan.name, payload, opts);
  if ((await job.getState()) !== 'failed') return;
  await job.remove();
  await queues.scan.add(contracts.scan.name, payload, opts);
}

/** Keeps BullMQ's job scheduler for a channel in step with its row. */
export async function scheduleChannel(queues: Pick<Queues, 'scan'>, handle: string, intervalSeconds: number): Promise<void> {
  await queues.scan.upsertJobScheduler(`scan-${handle.toLowerCase()}`, { every: intervalSeconds * 1_000 }, {
    name: contracts.scan.name,
    data: { handle },
    opts: { ...retention, ...contracts.scan.options }, // scheduled jobs do not take the queue's defaults
  });
}

/** The interval a channel's scheduler runs at, in seconds, or null when it has none. */
export async function scheduledEverySeconds(queues: Pick<Queues, 'scan'>, handle: string): Promise<number | null> {
  const scheduler = await queues.scan.getJobScheduler(`scan-${handle.toLowerCase()}`);
  return scheduler?.every ? Number(scheduler.every) / 1_000 : null;
}

export async function unscheduleChannel(queues: Pick<Queues, 'scan'>, handle: string): Promise<void> {
  await queues.scan.removeJobScheduler(`scan-${handle.toLowerCase()}`);
}
