import type { Db } from '../db/client.ts';
import { findItem, setItemStatus } from '../repos/items.repo.ts';
import { replaceItemIndicators } from '../repos/indicators.repo.ts';
import { openOrUpdateCase } from '../repos/review.repo.ts';
import { upsertScore } from '../repos/scores.repo.ts';
import type { Scorer, ScoreResult } from '../scoring/types.ts';
import { PermanentError } from './errors.ts';

export interface ScoreDeps {
  db: Db;
  scorer: Scorer;
}

/** Scores an item's text, links its indicators and opens a review case when it is flagged. */
export async function scoreItem(deps: ScoreDeps, input: { itemId: string }): Promise<ScoreResult> {
  const item = await findItem(deps.db, input.itemId);
  if (!item) throw new PermanentError(`item ${input.itemId} does not exist`);
  await setItemStatus(deps.db, item.id, 'processing');

  const text = item.text;
  const result = deps.scorer.score(text);
  await deps.db.transaction(async (tx) => {
    await upsertScore(tx, {
      itemId: item.id,
      score: result.score,
      flagged: result.flagged,
      matches: result.matches,
      indicators: result.indicators,
      explanation: result.explanation,
      packVersion: result.packVersion,
      scoredText: text,
    });
    await replaceItemIndicators(tx, item.id, result.indicators);
    if (result.flagged) await openOrUpdateCase(tx, item.id, result.score, result.packVersion);
    await setItemStatus(tx, item.id, 'scored');
  });
  return result;
}

/** Called when the last attempt failed, so the failure is visible on the item. */
export async function markScoreFailed(deps: { db: Db }, itemId: string, error: string): Promise<void> {
  await setItemStatus(deps.db, itemId, 'failed', error.slice(0, 2_000));
}
