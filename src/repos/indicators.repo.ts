import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { indicators, itemIndicators } from '../db/schema/index.ts';

export interface IndicatorInput {
  type: string;
  value: string;
  detail?: Record<string, string | number>;
}

export const indicatorKey = (i: { type: string; value: string }) => `${i.type}\u0000${i.value}`;

/**
 * The one order in which indicators are upserted: concurrent transactions that lock the same
 * indicator rows in different orders deadlock (PostgreSQL then aborts one of them).
 */
function byTypeAndValue(a: { type: string; value: string }, b: { type: string; value: string }): number {
  return a.type < b.type ? -1 : a.type > b.type ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/**
 * Upserts indicators (shared across items) in lock order and returns each one's id by `type\u0000value`.
 * A no-op update on conflict, so RETURNING also gives the id of rows that already existed.
 */
export async function upsertIndicators(db: DbOrTx, found: IndicatorInput[]): Promise<Map<string, string>> {
  const unique = [...new Map(found.map((i) => [indicatorKey(i), i])).values()].sort(byTypeAndValue);
  const rows = await db
    .insert(indicators)
    .values(unique.map((i) => ({ type: i.type, value: i.value, detail: i.detail ?? null })))
    .onConflictDoUpdate({ target: [indicators.type, indicators.value], set: { type: sql`excluded.type` } })
    .returning({ id: indicators.id, type: indicators.type, value: indicators.value });
  return new Map(rows.map((r) => [indicatorKey(r), r.id]));
}

/** Makes the item's indicator links exactly `found`; indicators themselves are shared across items. */
export async function replaceItemIndicators(db: DbOrTx, itemId: string, found: IndicatorInput[]): Promise<void> {
  await db.delete(itemIndicators).where(eq(itemIndicators.itemId, itemId));
  if (found.length === 0) return;
  const ids = await upsertIndicators(db, found);
  await db
    .insert(itemIndicators)
    .values([...ids.values()].map((indicatorId) => ({ itemId, indicatorId })))
    .onConflictDoNothing();
}

/** Other items that share an indicator with this one: the campaign around a post. */
export async function relatedItems(db: DbOrTx, itemId: string, limit = 50) {
  const mine = db.select({ id: itemIndicators.indicatorId }).from(itemIndicators).where(eq(itemIndicators.itemId, itemId));
  return db
    .select({ itemId: itemIndicators.itemId, type: indicators.type, value: indicators.value })
    .from(itemIndicators)
    .innerJoin(indicators, eq(indicators.id, itemIndicators.indicatorId))
    .where(and(inArray(itemIndicators.indicatorId, mine), ne(itemIndicators.itemId, itemId)))
    .orderBy(desc(itemIndicators.linkedAt))
    .limit(limit);
}

/** One indicator and the items it links. */
export async function findIndicatorItems(db: DbOrTx, type: string, value: string, limit = 200) {
  const [indicator] = await db.select().from(indicators).where(and(eq(indicators.type, type), eq(indicators.value, value)));
  if (!indicator) return null;
  const rows = await db
    .select({ itemId: itemIndicators.itemId, linkedAt: itemIndicators.linkedAt })
    .from(itemIndicators)
    .where(eq(itemIndicators.indicatorId, indicator.id))
    .orderBy(desc(itemIndicators.linkedAt))
    .limit(limit);
  return { indicator, items: rows };
}
