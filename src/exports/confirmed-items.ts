import { and, asc, eq, gt, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { indicators, itemIndicators, items, reviewCases, scores } from '../db/schema/index.ts';

/** Which confirmed items an export takes: all, or a campaign's; optionally those confirmed in [from, to). */
export interface ExportFilter {
  /** the campaign's member item ids (resolved from any member id by resolveFilter) */
  itemIds?: string[];
  from?: Date;
  to?: Date;
}

export interface ExportIndicator {
  type: string;
  value: string;
  detail: Record<string, string | number> | null;
  firstSeenAt: Date;
}

export interface ConfirmedItem {
  id: string;
  source: string;
  channel: string;
  externalId: string;
  url: string | null;
  postedAt: Date | null;
  ingestedAt: Date;
  confirmedAt: Date | null;
  score: number | null;
  text: string;
  indicators: ExportIndicator[];
}

/** Rows read per round trip: enough to keep the database busy, few enough that memory stays flat at 100,000 items. */
export const EXPORT_BATCH = 1_000;

/**
 * The confirmed items (review_cases.status = 'confirmed') with their indicators, in batches by item id:
 * a keyset walk on review_cases' unique item_id index, so every batch is an index range and nothing
 * is sorted or held beyond one batch. Item ids are hashes, so the order is stable but not chronological.
 */
export async function* confirmedItemBatches(db: DbOrTx, filter: ExportFilter, batchSize = EXPORT_BATCH): AsyncGenerator<ConfirmedItem[]> {
  if (filter.itemIds && filter.itemIds.length === 0) return;
  let after: string | undefined;
  for (;;) {
    const where: SQL[] = [eq(reviewCases.status, 'confirmed')];
    // on both sides of the join: without items.id > after too, each batch's merge join walks items from the first id (measured: quadratic)
    if (after) where.push(gt(reviewCases.itemId, after), gt(items.id, after));
    if (filter.itemIds) where.push(inArray(reviewCases.itemId, filter.itemIds));
    if (filter.from) where.push(gte(reviewCases.decidedAt, filter.from));
    if (filter.to) where.push(lt(reviewCases.decidedAt, filter.to));
    const rows = await db
      .select({
        id: items.id, source: items.source, channel: items.channel, externalId: items.externalId, url: items.url,
        postedAt: items.postedAt, ingestedAt: items.ingestedAt, confirmedAt: reviewCases.decidedAt, score: scores.score, text: items.text,
      })
      .from(reviewCases)
      .innerJoin(items, eq(items.id, reviewCases.itemId))
      .leftJoin(scores, eq(scores.itemId, reviewCases.itemId))
      .where(and(...where))
      .orderBy(asc(reviewCases.itemId))
      .limit(batchSize);
    if (rows.length === 0) return;
    const linked = await db
      .select({ itemId: itemIndicators.itemId, type: indicators.type, value: indicators.value, detail: indicators.detail, firstSeenAt: indicators.firstSeenAt })
      .from(itemIndicators)
      .innerJoin(indicators, eq(indicators.id, itemIndicators.indicatorId))
      // A batch of all confirmed items is an id range: a range scan of the primary key (item_id, indicator_id), where a list of
      // 1,000 ids made the planner scan every link (measured); links of items in the range but not in the batch are dropped below.
      // A campaign's few ids are looked up as a list.
      .where(filter.itemIds ? inArray(itemIndicators.itemId, rows.map((r) => r.id)) : and(gte(itemIndicators.itemId, rows[0]!.id), lte(itemIndicators.itemId, rows.at(-1)!.id)))
      .orderBy(indicators.type, indicators.value);
    const byItem = new Map<string, ExportIndicator[]>(rows.map((r) => [r.id, []]));
    for (const { itemId, ...indicator } of linked) byItem.get(itemId)?.push(indicator);
    yield rows.map((r) => ({ ...r, score: r.score === null ? null : Math.round(r.score), indicators: byItem.get(r.id) ?? [] }));
    if (rows.length < batchSize) return;
    after = rows.at(-1)!.id;
  }
}

/** When the newest and oldest of the matching confirmations were made: a stable `modified` for the STIX objects. */
export async function confirmationSpan(db: DbOrTx, filter: ExportFilter): Promise<{ first: Date | null; last: Date | null; count: number }> {
  if (filter.itemIds && filter.itemIds.length === 0) return { first: null, last: null, count: 0 };
  const where: SQL[] = [eq(reviewCases.status, 'confirmed')];
  if (filter.itemIds) where.push(inArray(reviewCases.itemId, filter.itemIds));
  if (filter.from) where.push(gte(reviewCases.decidedAt, filter.from));
  if (filter.to) where.push(lt(reviewCases.decidedAt, filter.to));
  const [row] = await db
    .select({ first: sql<string | null>`min(${reviewCases.decidedAt})`, last: sql<string | null>`max(${reviewCases.decidedAt})`, count: sql<number>`count(*)::int` })
    .from(reviewCases)
    .where(and(...where));
  return { first: row?.first ? new Date(row.first) : null, last: row?.last ? new Date(row.last) : null, count: Number(row?.count ?? 0) };
}
