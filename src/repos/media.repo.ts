import { and, asc, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { itemMedia, items, media } from '../db/schema/index.ts';

export type MediaRow = typeof media.$inferSelect;

/** Records stored bytes once; returns whether the row is new. */
export async function insertMediaIfNew(db: DbOrTx, row: typeof media.$inferInsert): Promise<boolean> {
  const created = await db.insert(media).values(row).onConflictDoNothing().returning({ sha256: media.sha256 });
  return created.length === 1;
}

export async function findMedia(db: DbOrTx, sha256: string): Promise<MediaRow | undefined> {
  const [row] = await db.select().from(media).where(eq(media.sha256, sha256));
  return row;
}

export async function linkItemMedia(db: DbOrTx, itemId: string, sha256s: string[]): Promise<void> {
  if (sha256s.length === 0) return;
  await db
    .insert(itemMedia)
    .values(sha256s.map((sha256, position) => ({ itemId, sha256, position })))
    .onConflictDoNothing();
}

/** An item's images in their order, with what OCR read from them. */
export async function mediaForItem(db: DbOrTx, itemId: string) {
  return db
    .select({
      sha256: media.sha256,
      mime: media.mime,
      width: media.width,
      height: media.height,
      path: media.path,
      ocrStatus: media.ocrStatus,
      ocrError: media.ocrError,
      ocrText: media.ocrText,
      ocrConfidence: media.ocrConfidence,
      ocrLang: media.ocrLang,
      cluster: media.cluster,
    })
    .from(itemMedia)
    .innerJoin(media, eq(media.sha256, itemMedia.sha256))
    .where(eq(itemMedia.itemId, itemId))
    .orderBy(asc(itemMedia.position));
}

export async function saveOcrResult(
  db: DbOrTx,
  sha256: string,
  r: { text: string; confidence: number; lang: string; words: unknown; phash: string | null; cluster: string | null },
): Promise<void> {
  await db
    .update(media)
    .set({ ocrStatus: 'done', ocrError: null, ocrText: r.text, ocrConfidence: r.confidence, ocrLang: r.lang, ocrWords: r.words, phash: r.phash, cluster: r.cluster })
    .where(eq(media.sha256, sha256));
}

export async function markOcrFailed(db: DbOrTx, sha256: string, reason: string): Promise<void> {
  await db.update(media).set({ ocrStatus: 'failed', ocrError: reason.slice(0, 1_000) }).where(eq(media.sha256, sha256));
}

/** Every other image's hash, for the near-duplicate search (a linear scan: fine to ~10^5 images). */
export async function otherHashes(db: DbOrTx, sha256: string) {
  return db
    .select({ sha256: media.sha256, phash: media.phash, cluster: media.cluster })
    .from(media)
    .where(and(isNotNull(media.phash), ne(media.sha256, sha256)))
    .orderBy(asc(media.createdAt))
    .limit(200_000);
}

export async function itemIdsForMedia(db: DbOrTx, sha256: string): Promise<string[]> {
  const rows = await db.select({ itemId: itemMedia.itemId }).from(itemMedia).where(eq(itemMedia.sha256, sha256));
  return rows.map((r) => r.itemId);
}


/**
 * Other items showing the same flyer as `itemId`: the same bytes, or a near-duplicate image (the same
 * media cluster: re-encoded, resized or photographed again). Newest first, at most `limit`.
 */
export async function nearDuplicateItems(db: DbOrTx, itemId: string, limit = 50) {
  const mine = db.select({ cluster: media.cluster }).from(itemMedia).innerJoin(media, eq(media.sha256, itemMedia.sha256)).where(and(eq(itemMedia.itemId, itemId), isNotNull(media.cluster)));
  return db
    .selectDistinct({ itemId: items.id, source: items.source, channel: items.channel, externalId: items.externalId, ingestedAt: items.ingestedAt, sha256: media.sha256 })
    .from(media)
    .innerJoin(itemMedia, eq(itemMedia.sha256, media.sha256))
    .innerJoin(items, eq(items.id, itemMedia.itemId))
    .where(and(inArray(media.cluster, mine), ne(items.id, itemId)))
    .orderBy(desc(items.ingestedAt), items.id)
    .limit(limit);
}
