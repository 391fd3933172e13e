import { and, asc, count, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { items, scores } from '../db/schema/index.ts';
import type { Scorer } from '../scoring/types.ts';
import { scoreItem } from './score.ts';

const BATCH = 200;

export interface RescoreOutcome {
  total: number;
  rescored: number;
  newlyFlagged: number;
  /** items that vanished or failed while the job ran: logged by the caller, left for the next run */
  failed: number;
}

const stale = (packVersion: string) => and(ne(scores.packVersion, packVersion), isNull(items.purgedAt));

/** How many stored items an older pack scored (purged items have no text left to score). */
export async function countStale(db: Db, packVersion: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(scores).innerJoin(items, eq(items.id, scores.itemId)).where(stale(packVersion));
  return Number(row.n);
}

/**
 * Re-scores, in batches, every item that another pack version scored. Each item goes through the
 * ordinary scoreItem: the old score row is kept by the score_history trigger, a newly flagged item
 * gets a review case, and an existing case only changes priority (a reviewer's decision stays).
 */
export async function rescoreStale(
  deps: { db: Db; scorer: Scorer },
  opts: { onProgress?: (p: { done: number; total: number; newlyFlagged: number }) => Promise<void> | void; onError?: (itemId: string, err: Error) => void } = {},
): Promise<RescoreOutcome> {
  const packVersion = deps.scorer.packVersion;
  const total = await countStale(deps.db, packVersion);
  const outcome: RescoreOutcome = { total, rescored: 0, newlyFlagged: 0, failed: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  await opts.onProgress?.({ done: 0, total, newlyFlagged: 0 });
  for (;;) {
    const rows = await deps.db
      .select({ itemId: scores.itemId, flagged: scores.flagged })
      .from(scores)
      .innerJoin(items, eq(items.id, scores.itemId))
      .where(and(stale(packVersion), gt(scores.itemId, after)))
      .orderBy(asc(scores.itemId))
      .limit(BATCH);
    if (rows.length === 0) return outcome;
    for (const row of rows) {
      try {
        const result = await scoreItem(deps, { itemId: row.itemId });
        outcome.rescored++;
        if (result.flagged && !row.flagged) outcome.newlyFlagged++;
      } catch (err) {
        outcome.failed++;
        opts.onError?.(row.itemId, err instanceof Error ? err : new Error(String(err)));
      }
    }
    after = rows[rows.length - 1].itemId;
    await opts.onProgress?.({ done: outcome.rescored + outcome.failed, total, newlyFlagged: outcome.newlyFlagged });
  }
}
