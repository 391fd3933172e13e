import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { items, watchedChannels } from '../db/schema/index.ts';

export type ChannelRow = typeof watchedChannels.$inferSelect;

export async function upsertChannel(db: DbOrTx, handle: string, intervalSeconds: number): Promise<ChannelRow> {
  const [row] = await db
    .insert(watchedChannels)
    .values({ handle, intervalSeconds })
    .onConflictDoUpdate({ target: watchedChannels.handle, set: { intervalSeconds, enabled: true } })
    .returning();
  return row;
}

export async function listChannels(db: DbOrTx): Promise<ChannelRow[]> {
  return db.select().from(watchedChannels).orderBy(asc(watchedChannels.handle));
}

export async function findChannel(db: DbOrTx, handle: string): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(watchedChannels).where(eq(watchedChannels.handle, handle));
  return row;
}

export async function deleteChannel(db: DbOrTx, handle: string): Promise<boolean> {
  const gone = await db.delete(watchedChannels).where(eq(watchedChannels.handle, handle)).returning({ id: watchedChannels.id });
  return gone.length > 0;
}

/** Records a scan's outcome; the cursor only ever moves forward. */
export async function recordScan(db: DbOrTx, handle: string, s: { status: string; error?: string | null; newest?: number | null }) {
  await db
    .update(watchedChannels)
    .set({
      status: s.status,
      lastError: s.error ?? null,
      lastScannedAt: sql`now()`,
      ...(s.newest ? { cursor: sql`greatest(coalesce(${watchedChannels.cursor}, 0), ${s.newest})` } : {}),
    })
    .where(eq(watchedChannels.handle, handle));
}

/**
 * Records a scan that failed for good (errors past its last retry): the cursor stays, status becomes
 * 'error' and the reason is kept until a later scan succeeds, so the channels page and `channels list` show it.
 */
export async function recordScanFailure(db: DbOrTx, handle: string, error: string) {
  await db.update(watchedChannels).set({ status: 'error', lastError: error, lastScannedAt: sql`now()` }).where(eq(watchedChannels.handle, handle));
}

/** Stored posts of a channel with ids in [from, to] that a page no longer shows: deleted at the source. */
export async function markVanished(db: DbOrTx, channel: string, from: number, to: number, present: number[]): Promise<string[]> {
  const stored = await db
    .select({ id: items.id, externalId: items.externalId })
    .from(items)
    .where(
      and(
        eq(items.source, 'telegram'),
        eq(items.channel, channel),
        isNull(items.deletedAt),
        gte(sql`${items.externalId}::bigint`, from),
        lte(sql`${items.externalId}::bigint`, to),
        sql`${items.externalId} ~ '^[0-9]{1,18}$'`,
      ),
    );
  const seen = new Set(present.map(String));
  const vanished = stored.filter((r) => !seen.has(r.externalId)).map((r) => r.id);
  if (vanished.length) await db.update(items).set({ deletedAt: sql`now()` }).where(inArray(items.id, vanished));
  return vanished;
}
