import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { scores } from '../db/schema/index.ts';
import type { ScoreResult } from '../scoring/types.ts';
import { detectLanguage } from '../text/language.ts';

export type ScoreRow = typeof scores.$inferSelect;

/** The stored row of a score: what every writer (score jobs, the batched ingest) keeps of a result. */
export function scoreRow(itemId: string, result: ScoreResult, scoredText: string): typeof scores.$inferInsert {
  const { score, flagged, matches, indicators, explanation, details, packVersion } = result;
  // The language is the stored text's, not the scorer's: reviewers filter the queue (flagged items) by
  // it. Only flagged items get one: detecting it for every post cost ~40 % of the ingest plateau
  // (bench:pipeline at 1,000/s offered, A/B in one run: 989 -> 557 scored/s); for flagged ones only,
  // reading 200 characters, 3-15 % (813 -> 691-788), within this machine's noise.
  const language = flagged ? detectLanguage(scoredText) : undefined;
  return { itemId, score, flagged, matches, indicators, explanation, details: language ? { ...details, language } : details, packVersion, scoredText };
}

export async function upsertScore(db: DbOrTx, row: typeof scores.$inferInsert): Promise<void> {
  const { itemId, ...rest } = row;
  await db.insert(scores).values(row).onConflictDoUpdate({ target: scores.itemId, set: { ...rest, scoredAt: new Date() } });
}

export async function findScore(db: DbOrTx, itemId: string): Promise<ScoreRow | undefined> {
  const [row] = await db.select().from(scores).where(eq(scores.itemId, itemId));
  return row;
}
