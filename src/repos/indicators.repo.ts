import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { indicators, itemIndicators } from '../db/schema/index.ts';

export interface IndicatorInput {
  type: string;
  value: string;
  detail?: Record<string, string | number>;
}

/** Makes the item's indicator links exactly `found`; indicators themselves are shared across items. */
export async function replaceItemIndicators(db: DbOrTx, itemId: string, found: IndicatorInput[]): Promise<void> {
  await db.delete(itemIndicators).where(eq(itemIndicators.itemId, itemId));
  if (found.length === 0) return;
  const unique = [...new Map(found.map((i) => [`${i.type}\u0000${i.value}`, i])).values()];
  const rows = await db
    .insert(indicators)
    .values(unique.map((i) => ({ type: i.type, value: i.value, detail: i.detail ?? null })))
    // A no-op update so RETURNING gives the id of rows that already existed.
    .onConflictDoUpdate({ target: [indicators.type, indicators.value], set: { type: sql`excluded.type` } })
    .returning({ id: indicators.id });
  await db
    .insert(itemIndicators)
    .values(rows.map((r) => ({ itemId, indicatorId: r.id })))
    .onConflictDoNothing();
}
