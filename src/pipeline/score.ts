import type { Db } from '../db/client.ts';
import { findItem, setItemStatus } from '../repos/items.repo.ts';
import { replaceItemIndicators, type IndicatorInput } from '../repos/indicators.repo.ts';
import { mediaForItem } from '../repos/media.repo.ts';
import { syncCase } from '../repos/review.repo.ts';
import { scoreRow, upsertScore } from '../repos/scores.repo.ts';
import type { Scorer, ScoreResult } from '../scoring/types.ts';
import { PermanentError } from './errors.ts';

export interface ScoreDeps {
  db: Db;
  scorer: Scorer;
}

/**
 * Scores an item on its text plus what OCR read from its images, links its indicators (and its
 * images' near-duplicate clusters) and opens a review case when it is flagged.
 */
export async function scoreItem(deps: ScoreDeps, input: { itemId: string }): Promise<ScoreResult> {
  const item = await findItem(deps.db, input.itemId);
  if (!item) throw new PermanentError(`item ${input.itemId} does not exist`);
  // No "processing" write: it was one more round trip per post that nothing read; the job's own state says it.

  const images = await mediaForItem(deps.db, item.id);
  const text = [item.text, ...images.map((m) => m.ocrText ?? '')].filter((t) => t.trim()).join('\n\n');
  const result = deps.scorer.score(text);
  const links: IndicatorInput[] = [
    ...result.indicators,
    ...images.filter((m) => m.cluster).map((m) => ({ type: 'image', value: m.cluster! })),
  ];
  await deps.db.transaction(async (tx) => {
    await upsertScore(tx, scoreRow(item.id, result, text));
    await replaceItemIndicators(tx, item.id, links);
    await syncCase(tx, item.id, result);
    await setItemStatus(tx, item.id, 'scored');
  });
  return result;
}

/** Called when the last attempt failed, so the failure is visible on the item. */
export async function markScoreFailed(deps: { db: Db }, itemId: string, error: string): Promise<void> {
  await setItemStatus(deps.db, itemId, 'failed', error.slice(0, 2_000));
}
