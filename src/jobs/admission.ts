import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Queues } from './queues.ts';

const READ_EVERY_MS = 250;

/**
 * Refuses new work at the door while the workers are behind, so they keep their plateau instead of
 * the backlog (and every item's wait) growing without bound. The backlog is the posts waiting in
 * the ingest and score queues, read from Redis at most every READ_EVERY_MS in the background: a request never
 * waits for the reading, and a Redis that does not answer leaves the last reading in place (the
 * route itself then answers 503 when it cannot queue).
 */
export class Admission {
  private backlog = 0;
  private readAt = 0;
  private reading = false;

  constructor(
    private readonly redis: Redis,
    private readonly queues: Queue[],
    private readonly limit: number,
    private readonly log: Logger,
  ) {}

  /** null when the work may come in, else how long the client should wait, in seconds. */
  refusal(): { retryAfter: number; backlog: number } | null {
    if (Date.now() - this.readAt >= READ_EVERY_MS && !this.reading) void this.read();
    if (this.backlog < this.limit) return null;
    // The further over the bound, the longer the wait: about how long the excess takes to clear at ~1,000/s.
    return { retryAfter: Math.min(30, 1 + Math.ceil((this.backlog - this.limit) / 1_000)), backlog: this.backlog };
  }

  /**
   * For producers that can wait rather than refuse (the bot, the channel scanner): resolves once the
   * backlog is under its bound, or after maxMs (then the work goes in anyway: slowed down, never dropped).
   */
  async waitForRoom(maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    for (let busy = this.refusal(); busy && Date.now() < deadline; busy = this.refusal()) {
      await new Promise((r) => setTimeout(r, Math.min(busy.retryAfter * 1000, Math.max(0, deadline - Date.now()))));
    }
  }

  private async read(): Promise<void> {
    this.reading = true;
    try {
      const counts = await Promise.all(this.queues.map((q) => waitingPosts(this.redis, q)));
      this.backlog = counts.reduce((sum, n) => sum + n, 0);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not read the queue backlog; keeping the last reading');
    } finally {
      this.readAt = Date.now();
      this.reading = false;
    }
  }
}

/** How many of the newest waiting job ids are read to count the posts they hold. */
const SAMPLE_IDS = 200;

/**
 * The posts waiting in a queue, not its jobs: a shared ingest job's id says how many posts it holds
 * (contracts.ingest.sharedJobId). Up to SAMPLE_IDS waiting jobs are counted exactly; past that, the
 * rest are taken to hold as many posts on average as the newest SAMPLE_IDS do. One round trip.
 */
async function waitingPosts(client: Redis, queue: Queue): Promise<number> {
  const replies = await client.multi().llen(queue.keys.wait).lrange(queue.keys.wait, 0, SAMPLE_IDS - 1).zcard(queue.keys.prioritized).exec();
  if (!replies) throw new Error('the backlog read was discarded');
  for (const [err] of replies) if (err) throw err;
  const [jobs, newest, prioritized] = replies.map((reply) => reply[1]) as [number, string[], number];
  const sampled = newest.reduce((sum, id) => sum + postsInJob(id), 0);
  const perJob = newest.length > 0 ? sampled / newest.length : 1;
  return sampled + Math.round(Math.max(0, jobs - newest.length) * perJob) + prioritized;
}

const SHARED_ID = /^ingest-shared-(\d+)-/;
function postsInJob(id: string): number {
  const m = SHARED_ID.exec(id);
  return m ? Number(m[1]) : 1;
}

const admissions = new WeakMap<object, Admission>();

/** One Admission per process's queues, shared by every route that takes new work. */
export function admissionFor(deps: { redis: Redis; queues: Queues; config: Pick<Config, 'MAX_BACKLOG'>; log: Logger }): Admission {
  let admission = admissions.get(deps.queues);
  if (!admission) admissions.set(deps.queues, (admission = new Admission(deps.redis, [deps.queues.ingest, deps.queues.score], deps.config.MAX_BACKLOG, deps.log)));
  return admission;
}

