import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { executePrepared, wellFormed } from '../db/prepared.ts';
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

export interface IndicatorLink extends IndicatorInput {
  itemId: string;
}

/**
 * Links items to their indicators in ONE statement of constant text (prepared once per connection):
 * upserts the indicators in lock order, then inserts the links. The indicators' no-op update on
 * conflict makes RETURNING give the id of rows that already existed too. Indicators are shared across
 * items; a link that exists already is left as it is.
 */
export async function linkIndicators(db: DbOrTx, links: IndicatorLink[]): Promise<void> {
  if (links.length === 0) return;
  const wanted = links.map((l) => ({ ...l, value: wellFormed(l.value) }));
  const found = [...new Map(wanted.map((i) => [indicatorKey(i), i])).values()].sort(byTypeAndValue);
  const pairs = new Map(wanted.map((l) => [`${l.itemId}\u0000${indicatorKey(l)}`, { item_id: l.itemId, type: l.type, value: l.value }]));
  // The indicators go in the order of the array (ordinality): the lock order of byTypeAndValue.
  await executePrepared(db, 'link_indicators', sql`
    with found as (
      select type, value, detail, ordinality from jsonb_populate_recordset(null::indicators, ${JSON.stringify(found.map((i) => ({ type: i.type, value: i.value, detail: i.detail ?? null })))}::jsonb)
        with ordinality
    ), upserted as (
      insert into indicators (type, value, detail)
      select type, value, detail from found order by ordinality
      on conflict (type, value) do update set type = excluded.type
      returning id, type, value
    )
    insert into item_indicators (item_id, indicator_id)
    select l.item_id, u.id
      from jsonb_to_recordset(${JSON.stringify([...pairs.values()])}::jsonb) as l(item_id uuid, type text, value text)
      join upserted u on u.type = l.type and u.value = l.value
    on conflict do nothing`);
}

/** Makes the item's indicator links exactly `found`; indicators themselves are shared across items. */
export async function replaceItemIndicators(db: DbOrTx, itemId: string, found: IndicatorInput[]): Promise<void> {
  await db.delete(itemIndicators).where(eq(itemIndicators.itemId, itemId));
  await linkIndicators(db, found.map((i) => ({ ...i, itemId })));
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
