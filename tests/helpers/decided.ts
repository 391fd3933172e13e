import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.ts';
import { items, reviewCases, scores } from '../../src/db/schema/index.ts';
import type { Match, ScoreDetails } from '../../src/scoring/types.ts';

export type Status = 'pending' | 'confirmed' | 'dismissed' | 'escalated';

/** A stored score's details with only what analytics reads (categories, schemes) filled in. */
export function detailsWith(categories: string[], schemes: string[] = [], cues: Array<{ category: string; rule: string }> = []): ScoreDetails {
  return {
    categories: categories.map((id) => ({ id, label: id, kind: 'signal', points: 1 })),
    schemes: schemes.map((id) => ({ id, label: id })),
    points: categories.length, noContact: false, capped: schemes.length === 0, rulesRaw: 0,
    framing: { factor: cues.length ? 0.5 : 1, kinds: cues.map((c) => c.category), guarded: false, cues }, model: null, sentence: '',
  };
}

export const match = (rule: string, category: string): Match => ({ rule, category, start: 0, end: 1, text: 'x' });

/**
 * Writes an item, its stored score and (unless status is null) its review case, as the pipeline
 * and reviewers would have left them; returns the item id.
 */
export async function seedDecided(db: Db, s: {
  text?: string; matches: Match[]; details?: ScoreDetails | null; status: Status | null; ingestedAt?: Date;
  score?: number; packVersion?: string; scoredText?: string;
}): Promise<string> {
  const id = randomUUID();
  const text = s.text ?? `seeded ${id}`;
  await db.insert(items).values({ id, source: 'api', channel: 'seed', externalId: id, text, contentHash: createHash('sha256').update(text).digest('hex'), status: 'scored', ingestedAt: s.ingestedAt ?? new Date() });
  const score = s.score ?? 70;
  await db.insert(scores).values({ itemId: id, score, flagged: score >= 60, matches: s.matches, indicators: [], details: s.details ?? null, packVersion: s.packVersion ?? 'seed', scoredText: s.scoredText ?? text });
  if (s.status) {
    const decided = s.status === 'confirmed' || s.status === 'dismissed';
    await db.insert(reviewCases).values({ itemId: id, status: s.status, priority: score, decidedAt: decided ? new Date() : null });
  }
  return id;
}
