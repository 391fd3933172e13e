import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { identifier, webUrl } from './safe-string.ts';

// Every queue's name, payload, job id and retry policy, written once; API, CLI and workers import it.

// PostgreSQL's timestamptz has no year 0 and zod's datetime takes four-digit years only: a post dated
// outside 0001-9999 was accepted, then failed ingest five times and was lost.
function storableYear(iso: string): boolean {
  const year = new Date(iso).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** A post's date as ingest stores it, or undefined when it cannot be (Telegram and pages give any number). */
export function storablePostedAt(ms: number | null | undefined): string | undefined {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  const iso = new Date(ms).toISOString();
  return storableYear(iso) ? iso : undefined;
}

export const PostInput = z.strictObject({
  source: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, _ or -, at most 32').default('api'),
  channel: identifier(256).default(''),
  externalId: identifier(256).pipe(z.string().min(1)),
  text: z.string(),
  url: webUrl(2048).optional(),
  postedAt: z.string().datetime({ offset: true }).refine(storableYear, 'must be a date in the years 0001 to 9999').optional(),
  /** the channel a forwarded post came from, named as `channel` names channels (channel risk follows forwards) */
  forwardedFrom: identifier(256).pipe(z.string().min(1)).optional(),
});
export type PostInput = z.infer<typeof PostInput>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lower-case hex');

/** What producers hand to ingest: the post plus the sha256 of images already in the media store. */
export const IngestPost = PostInput.extend({
  text: z.string(), // an image-only item has no text of its own
  media: z.array(sha256).max(20).default([]),
});
export type IngestPost = z.infer<typeof IngestPost>;

const itemId = z.string().uuid();

/** One post for ingest: the item id the API already answered with, and the post. */
const ingestOne = z.object({ itemId, post: IngestPost });
export type IngestOne = z.infer<typeof ingestOne>;

export const contracts = {
  ingest: {
    name: 'ingest',
    // The post itself rides in the payload (it is not in the database yet); images never do.
    // A shared job carries several API posts that arrived together (ingestAdds below).
    payload: z.union([ingestOne, z.object({ posts: z.array(ingestOne).min(1).max(100) })]),
    jobId: (p: { itemId: string; contentHash: string }) => `ingest-${p.itemId}-${p.contentHash.slice(0, 16)}`,
    /** a shared job's id says how many posts it holds, so the backlog can be counted in posts from ids alone */
    sharedJobId: (posts: number, unique: string) => `ingest-shared-${posts}-${unique}`,
    options: { attempts: 5, backoff: { type: 'exponential', delay: 1_000 } },
  },
  ocr: {
    name: 'ocr',
    payload: z.object({ itemId, sha256 }),
    // Per image and item: BullMQ lets a job have one parent, and an image may be in two items'
    // flows at once. The image itself is read once: the worker skips an image already read.
    jobId: (p: { itemId: string; sha256: string }) => `ocr-${p.sha256}-${p.itemId}`,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
  },
  scan: {
    name: 'scan',
    payload: z.object({
      handle: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/),
      before: z.number().int().positive().optional(),
      /** absent for the newest page: the worker reads the channel's cursor and page budget then */
      pagesLeft: z.number().int().min(0).max(1_000).optional(),
      cursor: z.number().int().nullable().optional(),
    }),
    // One job reads one page, so the queue's rate limiter paces every request to Telegram.
    jobId: (p: { handle: string; before?: number }) => `scan-${p.handle.toLowerCase()}-${p.before ?? 'latest'}`,
    // Removed when done, so the same page can be asked for again by a later scan.
    options: { attempts: 6, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true },
  },
  score: {
    name: 'score',
    payload: z.object({ itemId, revision: z.string() }),
    jobId: (p: { itemId: string; revision: string }) => `score-${p.itemId}-${p.revision}`,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
  },
} as const satisfies Record<string, { name: string; payload: z.ZodType; jobId: (p: never) => string; sharedJobId?: (posts: number, unique: string) => string; options: JobsOptions }>;

export type QueueName = keyof typeof contracts;
export const QUEUE_NAMES = Object.keys(contracts) as QueueName[];

/**
 * How a job held by a worker that died (kill -9, out of memory, a lost host) is found and run again.
 * - The worker renews its lock every lockMs/2 while a job runs; OCR runs in tesseract's threads, so
 *   the event loop stays free to renew and a long OCR job is never mistaken for a dead one.
 * - A dead worker's lock lapses after JOB_LOCK_MS (30 s by default) and the stalled check, every
 *   lockMs/2 (15 s), hands the job to another worker: a killed OCR job runs again within 45 s.
 * - maxStalledCount 3: past it BullMQ fails the job outright, without its retries. Workers restarted
 *   every few seconds (a crash loop, the fault suite) can catch one job in two crashes, and a stall
 *   only means idempotent work is done again; a job that kills its worker every time still ends failed.
 */
export const stalledJobs = {
  maxStalledCount: 3,
  checkIntervalMs: (lockMs: number) => Math.max(1_000, Math.floor(lockMs / 2)),
};

/**
 * How the ingest worker gathers jobs into one transaction (workers/ingest.worker.ts, pipeline/ingest-batch.ts).
 * Measured with npm run bench:pipeline (serve + its worker process on PostgreSQL, 2 cores, 15 s a rate):
 *   64 a batch, 1 in flight:   plateau ~970 scored/s; p99 POST->scored 278 ms at 200/s
 *   256 a batch, 1 in flight:  plateau ~1,210/s, but p50 930 ms at 1,000/s (jobs wait for a big batch)
 *   128 a batch, 2 in flight:  plateau ~1,320/s; p99 160 ms at 200/s, 342 ms at 1,000/s   <- chosen
 *   128 a batch, 4 in flight:  plateau ~1,210/s; batches wait on each other's rows (p50 3.5 s at 1,000/s)
 * - concurrency 64: the jobs a worker holds at once. API posts come in shared jobs of up to 100
 *   (ingestAdds), so 64 jobs fill batches; with 512, one worker held ~10,000 posts that the backlog
 *   bound could not see (held jobs are active, not waiting) and the closed loop's backlog was 16,467
 *   at 1,789 scored/s, against 6,356 at 1,782/s with 64 (one run each, stop 23). Solo jobs (bot,
 *   scanner, uploads) come slowly enough that 64 at a time fill their batches too.
 * - maxWaitMs 5: a lone post waits at most this long for company, well inside the 250 ms p99
 *   target at 200 posts/s, while a busy worker fills batches before the timer fires.
 */
export const ingestBatching = { concurrency: 64, maxSize: 128, maxWaitMs: 5, maxInFlight: 2 };

/**
 * How submitted posts are added to the ingest queue (pipeline/flow.ts): the requests that arrive
 * in one turn of the event loop go to Redis as one addBulk. maxWaitMs 0 adds no delay of its own
 * (the batch is what came in while the last one was sent); at most 4 addBulk calls in flight.
 * An add costs the API ~100-200 µs of CPU alone and ~60% of that in a bulk of 100 (measured with
 * 5,000 jobs, BullMQ 5, local Redis). API posts of one batch share one job: the closed loop went
 * from 1,357 to 1,595 scored/s, Redis from 0.14 to 0.03 ms of CPU per post (one run each, stop 23).
 */
export const ingestAdds = { maxSize: 100, maxWaitMs: 0, maxInFlight: 4 };

/** Bounded history: finished jobs are kept for inspection, not forever. */
export const retention: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
};
