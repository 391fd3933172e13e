import { and, asc, gt, ne } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { scores } from '../db/schema/index.ts';
import type { Queues } from '../jobs/queues.ts';
import { enqueueScore } from './flow.ts';

const BATCH = 500;

/**
 * Queues a re-score of every item last scored by another pattern-pack version. The job id carries
 * the version, so running this twice (two processes starting at once) queues each item once.
 */
export async function rescoreStale(deps: { db: Db; queues: Pick<Queues, 'score' | 'flows'> }, packVersion: string): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let queued = 0;
  for (;;) {
    const rows = await deps.db
      .select({ itemId: scores.itemId })
      .from(scores)
      .where(and(ne(scores.packVersion, packVersion), gt(scores.itemId, after)))
      .orderBy(asc(scores.itemId))
      .limit(BATCH);
    if (rows.length === 0) return queued;
    // The images were read already: a re-score needs no OCR children.
    for (const r of rows) await enqueueScore(deps.queues, r.itemId, `pack-${packVersion}`);
    queued += rows.length;
    after = rows[rows.length - 1].itemId;
  }
}
