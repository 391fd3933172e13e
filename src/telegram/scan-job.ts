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
    await deps.queues.scan.add(contracts.scan.name, next, { jobId: contracts.scan.jobId(next), delay: Math.floor(Math.random() * 500) });
  }
  return result;
}

/** Queues a scan of a channel's newest page now (deduplicated while one is waiting). */
export async function queueScanNow(queues: Pick<Queues, 'scan'>, handle: string): Promise<void> {
  const payload = { handle };
  await queues.scan.add(contracts.scan.name, payload, { jobId: contracts.scan.jobId(payload) });
}

/** Keeps BullMQ's job scheduler for a channel in step with its row. */
export async function scheduleChannel(queues: Pick<Queues, 'scan'>, handle: string, intervalSeconds: number): Promise<void> {
  await queues.scan.upsertJobScheduler(`scan-${handle.toLowerCase()}`, { every: intervalSeconds * 1_000 }, {
    name: contracts.scan.name,
    data: { handle },
    opts: { ...retention, ...contracts.scan.options }, // scheduled jobs do not take the queue's defaults
  });
}

export async function unscheduleChannel(queues: Pick<Queues, 'scan'>, handle: string): Promise<void> {
  await queues.scan.removeJobScheduler(`scan-${handle.toLowerCase()}`);
}
