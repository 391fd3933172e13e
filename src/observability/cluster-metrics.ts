import type { Queue } from 'bullmq';
import { and, count, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { items, media, reviewCases, reviewEvents, scores, watchedChannels } from '../db/schema/index.ts';

// Figures every process shares, read at scrape time from Redis and PostgreSQL, so one /metrics (any
// API node) answers for workers in child processes and on other machines.

export const DECISIONS = ['confirmed', 'dismissed', 'escalated'] as const;
const SAMPLE = 100; // recent finished jobs per queue for durations

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export interface QueueFigures {
  counts: Record<string, number>;
  oldestWaitingSeconds: number;
  completedTotal: number;
  failedTotal: number;
  /** of the last SAMPLE completed jobs: seconds running and seconds waiting before a worker took them */
  durations: number[];
  waits: number[];
  /** OCR jobs only: seconds per image by language, from the jobs' return values */
  ocrSeconds: Map<string, number[]>;
}

export async function queueFigures(queue: Queue, states: readonly string[], now = Date.now()): Promise<QueueFigures> {
  const [counts, oldest, completed, failed, recent] = await Promise.all([
    queue.getJobCounts(...(states as never[])),
    queue.getJobs(['wait', 'prioritized'], 0, 0, true),
    queue.getMetrics('completed', 0, 0),
    queue.getMetrics('failed', 0, 0),
    queue.getJobs(['completed'], 0, SAMPLE - 1),
  ]);
  const durations: number[] = [];
  const waits: number[] = [];
  const ocrSeconds = new Map<string, number[]>();
  for (const job of recent) {
    if (!job?.finishedOn || !job.processedOn) continue;
    durations.push((job.finishedOn - job.processedOn) / 1000);
    waits.push(Math.max(0, (job.processedOn - job.timestamp) / 1000));
    const rv = job.returnvalue as { lang?: string; seconds?: number } | null;
    if (rv && typeof rv.seconds === 'number') {
      const lang = rv.lang || 'unknown';
      ocrSeconds.set(lang, [...(ocrSeconds.get(lang) ?? []), rv.seconds]);
    }
  }
  const first = oldest.filter(Boolean).sort((a, b) => a.timestamp - b.timestamp)[0];
  return {
    counts: counts as Record<string, number>,
    oldestWaitingSeconds: first ? Math.max(0, (now - first.timestamp) / 1000) : 0,
    completedTotal: Number(completed.meta.count ?? 0),
    failedTotal: Number(failed.meta.count ?? 0),
    durations: durations.sort((a, b) => a - b),
    waits: waits.sort((a, b) => a - b),
    ocrSeconds: new Map([...ocrSeconds].map(([k, v]) => [k, v.sort((a, b) => a - b)])),
  };
}

export interface DbFigures {
  items: Array<{ source: string; stored: number; flagged: number }>;
  decisions: Array<{ outcome: string; n: number }>;
  /** seconds from a case's opening to its decision, for cases decided in the last 7 days */
  decisionSeconds: number[];
  openCases: Array<{ status: string; n: number }>;
  ocr: Array<{ lang: string; status: string; n: number; meanConfidence: number | null }>;
  channels: Array<{ handle: string; status: string; failing: boolean; lastScannedAt: Date | null }>;
}

export async function dbFigures(db: Db): Promise<DbFigures> {
  const [itemRows, decisions, decided, openCases, ocr, channels] = await Promise.all([
    db
      .select({ source: items.source, stored: count(), flagged: sql<number>`count(*) filter (where ${scores.flagged})::int` })
      .from(items)
      .leftJoin(scores, eq(scores.itemId, items.id))
      .groupBy(items.source),
    db.select({ outcome: reviewEvents.action, n: count() }).from(reviewEvents).where(inArray(reviewEvents.action, [...DECISIONS])).groupBy(reviewEvents.action),
    db
      .select({ s: sql<number>`extract(epoch from ${reviewCases.decidedAt} - ${reviewCases.createdAt})::float8` })
      .from(reviewCases)
      .where(and(isNotNull(reviewCases.decidedAt), gt(reviewCases.decidedAt, sql`now() - interval '7 days'`)))
      .orderBy(sql`1`)
      .limit(10_000),
    db.select({ status: reviewCases.status, n: count() }).from(reviewCases).groupBy(reviewCases.status),
    db
      .select({ lang: sql<string>`coalesce(${media.ocrLang}, 'unknown')`, status: media.ocrStatus, n: count(), meanConfidence: sql<number | null>`avg(${media.ocrConfidence})::float8` })
      .from(media)
      .groupBy(sql`1`, media.ocrStatus),
    db.select({ handle: watchedChannels.handle, status: watchedChannels.status, lastScannedAt: watchedChannels.lastScannedAt, lastError: watchedChannels.lastError }).from(watchedChannels),
  ]);
  return {
    items: itemRows.map((r) => ({ source: r.source, stored: Number(r.stored), flagged: Number(r.flagged) })),
    decisions: decisions.map((r) => ({ outcome: r.outcome, n: Number(r.n) })),
    decisionSeconds: decided.map((r) => Number(r.s)),
    openCases: openCases.map((r) => ({ status: r.status, n: Number(r.n) })),
    ocr: ocr.map((r) => ({ lang: r.lang, status: r.status, n: Number(r.n), meanConfidence: r.meanConfidence === null ? null : Number(r.meanConfidence) })),
    channels: channels.map((c) => ({ handle: c.handle, status: c.status, failing: !['ok', 'new'].includes(c.status) || Boolean(c.lastError), lastScannedAt: c.lastScannedAt })),
  };
}
