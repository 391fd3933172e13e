import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { indicators, itemIndicators, items, reviewCases } from '../../src/db/schema/index.ts';
import { itemIdFor, sha256Hex } from '../../src/pipeline/identity.ts';

export interface SeedItem { externalId: string; text: string; indicators: Array<{ type: string; value: string }>; status?: 'confirmed' | 'dismissed' | 'pending' }

/**
 * Writes items with their indicators and review cases straight into the database, as the pipeline
 * and a reviewer would have left them: for tests that run the CLI on a database no service holds,
 * and for measuring exports at a size the pipeline would take minutes to build.
 */
export async function seedDecidedItems(db: Db, seed: SeedItem[], channel = 'seed_channel'): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < seed.length; start += 500) {
    const batch = seed.slice(start, start + 500);
    const rows = batch.map((s) => ({ id: itemIdFor('telegram', channel, s.externalId), source: 'telegram', channel, externalId: s.externalId, text: s.text, contentHash: sha256Hex(s.text), url: `https://t.me/${channel}/${s.externalId}`, status: 'scored' as const }));
    await db.insert(items).values(rows).onConflictDoNothing();
    ids.push(...rows.map((r) => r.id));
    const distinct = [...new Map(batch.flatMap((s) => s.indicators).map((i) => [`${i.type}\u0000${i.value}`, i])).values()];
    const stored = distinct.length
      ? await db.insert(indicators).values(distinct).onConflictDoUpdate({ target: [indicators.type, indicators.value], set: { type: sql`excluded.type` } }).returning({ id: indicators.id, type: indicators.type, value: indicators.value })
      : [];
    const idOf = new Map(stored.map((r) => [`${r.type}\u0000${r.value}`, r.id]));
    const links = batch.flatMap((s, i) => s.indicators.map((ind) => ({ itemId: rows[i]!.id, indicatorId: idOf.get(`${ind.type}\u0000${ind.value}`)! })));
    if (links.length) await db.insert(itemIndicators).values(links).onConflictDoNothing();
    await db.insert(reviewCases).values(batch.map((s, i) => ({ itemId: rows[i]!.id, priority: 90, status: s.status ?? 'confirmed', decidedAt: s.status === 'pending' ? null : new Date() }))).onConflictDoNothing();
  }
  return ids;
}
