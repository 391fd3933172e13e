import type { FastifyReply } from 'fastify';
import type { Queue } from 'bullmq';
import type { ApiDeps } from './server.ts';

const READ_EVERY_MS = 250;

/**
 * Refuses new work at the door while the workers are behind, so they keep their plateau instead of
 * the backlog (and every item's wait) growing without bound. The backlog is the ingest and score
 * jobs waiting, read from Redis at most every READ_EVERY_MS in the background: a request never
 * waits for the reading, and a Redis that does not answer leaves the last reading in place (the
 * route itself then answers 503 when it cannot queue).
 */
export class Admission {
  private backlog = 0;
  private readAt = 0;
  private reading = false;

  constructor(
    private readonly queues: Queue[],
    private readonly limit: number,
    private readonly log: ApiDeps['log'],
  ) {}

  /** null when the work may come in, else how long the client should wait, in seconds. */
  refusal(): { retryAfter: number; backlog: number } | null {
    if (Date.now() - this.readAt >= READ_EVERY_MS && !this.reading) void this.read();
    if (this.backlog < this.limit) return null;
    // The further over the bound, the longer the wait: about how long the excess takes to clear at ~1,000/s.
    return { retryAfter: Math.min(30, 1 + Math.ceil((this.backlog - this.limit) / 1_000)), backlog: this.backlog };
  }

  private async read(): Promise<void> {
    this.reading = true;
    try {
      const counts = await Promise.all(this.queues.map((q) => q.getJobCounts('wait', 'prioritized')));
      this.backlog = counts.reduce((sum, c) => sum + (c.wait ?? 0) + (c.prioritized ?? 0), 0);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not read the queue backlog; keeping the last reading');
    } finally {
      this.readAt = Date.now();
      this.reading = false;
    }
  }
}

const admissions = new WeakMap<object, Admission>();

/** One Admission per process's queues, shared by every route that takes new work. */
export function admissionFor(deps: Pick<ApiDeps, 'queues' | 'config' | 'log'>): Admission {
  let admission = admissions.get(deps.queues);
  if (!admission) admissions.set(deps.queues, (admission = new Admission([deps.queues.ingest, deps.queues.score], deps.config.MAX_BACKLOG, deps.log)));
  return admission;
}

/** Answers 429 with Retry-After when the backlog is over its bound; returns true when it did. */
export function refuseWhenBusy(deps: Pick<ApiDeps, 'queues' | 'config' | 'log'>, reply: FastifyReply): boolean {
  const busy = admissionFor(deps).refusal();
  if (!busy) return false;
  void reply
    .code(429)
    .header('retry-after', String(busy.retryAfter))
    .send({ error: 'Too Many Requests', message: `${busy.backlog} jobs are waiting (the bound is ${deps.config.MAX_BACKLOG}); nothing was stored, try again in ${busy.retryAfter} s` });
  return true;
}
