import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { findItem } from '../repos/items.repo.ts';
import { appendEvent, findCaseForItem } from '../repos/review.repo.ts';
import { orphanedIndicators, orphanedMedia, purgeItems, removeFiles, removeOrphans } from './retention.ts';

/**
 * An admin's deletion of one item, whatever its case says: its content, links and (unshared) images
 * go, and the case's append-only log records who did it and why. Undefined when there is no such item.
 */
export async function purgeItem(
  deps: { db: Db; config: Pick<Config, 'DATA_DIR'>; log: Logger },
  itemId: string,
  by: { actorId: string; reason: string },
): Promise<{ caseStatus: string | null; removedImages: number } | undefined> {
  const outcome = await deps.db.transaction(async (tx) => {
    const item = await findItem(tx, itemId);
    if (!item) return undefined;
    const reviewCase = await findCaseForItem(tx, itemId);
    const lonelyIndicators = await orphanedIndicators(tx, [itemId]);
    const lonelyImages = await orphanedMedia(tx, [itemId]);
    await purgeItems(tx, [itemId]);
    const files = await removeOrphans(tx, deps.config.DATA_DIR, lonelyIndicators.map((i) => i.id), lonelyImages.map((m) => m.sha256));
    if (reviewCase) await appendEvent(tx, reviewCase.id, 'purged', by.actorId, { caseStatus: reviewCase.status }, by.reason);
    return { caseStatus: reviewCase?.status ?? null, files };
  });
  if (!outcome) return undefined;
  await removeFiles(outcome.files, deps.log);
  return { caseStatus: outcome.caseStatus, removedImages: outcome.files.length };
}
