import { and, asc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { indicators, itemIndicators, items, reviewCases, scores, users } from '../db/schema/index.ts';

/**
 * A campaign is the set of items linked, directly or through each other, by a shared contact or
 * artefact: a phone, WhatsApp, Telegram handle, e-mail, link or wallet, or a near-duplicate image
 * (the same media cluster). A money amount alone links nothing: "$20,000" is in every flyer.
 *
 * Campaigns are computed, not stored: any member item names its campaign (`/campaigns/<itemId>`), and
 * the canonical id is the first-ingested member, so two campaigns that merge keep every old link working.
 */
// 'image': the score job links an item to its images' near-duplicate cluster (src/pipeline/score.ts).
export const LINKING_TYPES = ['phone', 'whatsapp', 'telegram', 'email', 'url', 'crypto', 'image'] as const;

/** A campaign larger than this is cut off and marked `truncated`: the walk must stay cheap on a hub. */
export const MAX_CAMPAIGN_ITEMS = 2_000;

export interface Campaign {
  /** the first-ingested member item */
  id: string;
  itemIds: string[];
  truncated: boolean;
  indicators: Array<{ id: string; type: string; value: string; items: number }>;
  channels: Array<{ channel: string; items: number }>;
}

const linkingTypes = sql.raw(LINKING_TYPES.map((t) => `'${t}'`).join(', '));

/**
 * A channel's posts sign off with its own handle ("subscribe: @name"); that handle would make one
 * campaign of everything the channel ever posted. It links an item only to items of other channels.
 */
const namesOwnChannel = (indicator: SQL, item: SQL) => sql`(${indicator}.type = 'telegram' and ${item}.channel <> '' and ${indicator}.value = '@' || lower(${item}.channel))`;

/** The ids of the items in `itemId`'s campaign (itself included), at most `limit` of them; empty if the item does not exist. */
export async function campaignItemIds(db: DbOrTx, itemId: string, limit = MAX_CAMPAIGN_ITEMS): Promise<{ itemIds: string[]; truncated: boolean }> {
  // UNION (not UNION ALL) drops rows already reached, so the walk ends; the outer LIMIT stops it early on a hub.
  const result = await db.execute(sql`
    with recursive member(item_id) as (
      select id from items where id = ${itemId}::uuid
      union
      select linked.item_id from member
        join items mi on mi.id = member.item_id
        join item_indicators mine on mine.item_id = member.item_id
        join indicators i on i.id = mine.indicator_id and i.type in (${linkingTypes}) and not ${namesOwnChannel(sql`i`, sql`mi`)}
        join item_indicators linked on linked.indicator_id = mine.indicator_id
        join items li on li.id = linked.item_id and not ${namesOwnChannel(sql`i`, sql`li`)}
    )
    select item_id from member limit ${limit + 1}`);
  const ids = rowsOf<{ item_id: string }>(result).map((r) => r.item_id);
  return { itemIds: ids.slice(0, limit), truncated: ids.length > limit };
}

/** A campaign with its linking indicators and channels; undefined if the item does not exist. */
export async function findCampaign(db: DbOrTx, itemId: string, limit = MAX_CAMPAIGN_ITEMS): Promise<Campaign | undefined> {
  const { itemIds, truncated } = await campaignItemIds(db, itemId, limit);
  if (itemIds.length === 0) return undefined;
  const [first] = await db.select({ id: items.id }).from(items).where(inArray(items.id, itemIds)).orderBy(asc(items.ingestedAt), asc(items.id)).limit(1);
  const shared = await db
    .select({ id: indicators.id, type: indicators.type, value: indicators.value, items: sql<number>`count(*)::int` })
    .from(itemIndicators)
    .innerJoin(indicators, eq(indicators.id, itemIndicators.indicatorId))
    .where(and(inArray(itemIndicators.itemId, itemIds), inArray(indicators.type, [...LINKING_TYPES])))
    .groupBy(indicators.id)
    .orderBy(sql`count(*) desc`, indicators.type, indicators.value);
  const channels = await db
    .select({ channel: items.channel, items: sql<number>`count(*)::int` })
    .from(items)
    .where(and(inArray(items.id, itemIds), sql`${items.channel} <> ''`))
    .groupBy(items.channel)
    .orderBy(sql`count(*) desc`, items.channel);
  return {
    id: first!.id,
    itemIds,
    truncated,
    indicators: shared.map((r) => ({ ...r, items: Number(r.items) })),
    channels: channels.map((r) => ({ ...r, items: Number(r.items) })),
  };
}

/**
 * True (SQL) when the item `itemId` names shares a linking indicator with another item whose case is
 * confirmed: one hop, not the whole campaign walk, so it stays cheap enough for the ingest hot path.
 */
export const sharesContactWithConfirmed = (itemId: SQL | AnyColumn) => sql`exists (
  select 1 from item_indicators mine
    join items mi on mi.id = mine.item_id
    join indicators i on i.id = mine.indicator_id and i.type in (${linkingTypes}) and not ${namesOwnChannel(sql`i`, sql`mi`)}
    join item_indicators other on other.indicator_id = mine.indicator_id and other.item_id <> mine.item_id
    join items oi on oi.id = other.item_id and not ${namesOwnChannel(sql`i`, sql`oi`)}
    join review_cases rc on rc.item_id = other.item_id and rc.status = 'confirmed'
   where mine.item_id = ${itemId})`;

/** The ids, among `itemIds`, of items that share a linking indicator with an item whose case is confirmed (itself excluded). */
export async function itemsLinkedToConfirmed(db: DbOrTx, itemIds: string[]): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const rows = await db.select({ itemId: items.id }).from(items).where(and(inArray(items.id, itemIds), sharesContactWithConfirmed(items.id)));
  return new Set(rows.map((r) => r.itemId));
}

/**
 * The campaign page's rows: each member with its score, case status, who holds its claim (`leaseHeld`
 * tells a live lease; pass the review module's), and the start of its text. Highest score first.
 */
export async function campaignMembers(db: DbOrTx, itemIds: string[], leaseHeld: SQL) {
  if (itemIds.length === 0) return [];
  const rows = await db
    .select({
      itemId: items.id,
      source: items.source,
      channel: items.channel,
      text: sql<string>`left(${items.text}, 300)`,
      ingestedAt: items.ingestedAt,
      score: scores.score,
      caseId: reviewCases.id,
      status: reviewCases.status,
      claimedBy: users.name,
      claimedById: reviewCases.claimedBy,
      leaseHeld: sql<boolean>`coalesce(${leaseHeld}, false)`,
    })
    .from(items)
    .leftJoin(scores, eq(scores.itemId, items.id))
    .leftJoin(reviewCases, eq(reviewCases.itemId, items.id))
    .leftJoin(users, eq(users.id, reviewCases.claimedBy))
    .where(inArray(items.id, itemIds))
    .orderBy(sql`${scores.score} desc nulls last`, asc(items.ingestedAt), asc(items.id));
  return rows.map((r) => ({ ...r, leaseHeld: Boolean(r.leaseHeld) }));
}
