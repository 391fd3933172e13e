import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { items, reviewCases, reviewEvents, scores, type CaseStatus } from '../db/schema/index.ts';

export type CaseRow = typeof reviewCases.$inferSelect;

export async function findCaseForItem(db: DbOrTx, itemId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(reviewCases).where(eq(reviewCases.itemId, itemId));
  return row;
}

/**
 * Keeps an item's case in step with its latest score: a flagged item gets a case, a re-scored one
 * (an edit, a new pack) re-prioritises the case it has. A case is never deleted: it is evidence.
 */
export async function syncCase(db: DbOrTx, itemId: string, s: { score: number; flagged: boolean; packVersion: string }): Promise<void> {
  const data = { score: s.score, flagged: s.flagged, packVersion: s.packVersion };
  if (s.flagged) {
    const [created] = await db.insert(reviewCases).values({ itemId, priority: s.score }).onConflictDoNothing().returning({ id: reviewCases.id });
    if (created) return appendEvent(db, created.id, 'created', null, data);
  }
  const existing = await findCaseForItem(db, itemId);
  if (!existing || existing.priority === s.score) return;
  await db.update(reviewCases).set({ priority: s.score, updatedAt: sql`now()` }).where(eq(reviewCases.id, existing.id));
  await appendEvent(db, existing.id, 'rescored', null, data);
}

export async function appendEvent(
  db: DbOrTx,
  caseId: string,
  action: string,
  actorId: string | null,
  data?: Record<string, unknown>,
  note?: string,
): Promise<void> {
  await db.insert(reviewEvents).values({ caseId, action, actorId, data, note });
}

export async function listCaseEvents(db: DbOrTx, caseId: string) {
  return db.select().from(reviewEvents).where(eq(reviewEvents.caseId, caseId)).orderBy(reviewEvents.id);
}

/** The reviewers' queue: open cases, highest score first, oldest first among equals. */
export async function listQueue(db: DbOrTx, opts: { status: CaseStatus; limit: number; offset: number }) {
  const rows = await db
    .select({
      caseId: reviewCases.id,
      itemId: reviewCases.itemId,
      status: reviewCases.status,
      priority: reviewCases.priority,
      createdAt: reviewCases.createdAt,
      source: items.source,
      channel: items.channel,
      text: items.text,
      explanation: scores.explanation,
      flagged: scores.flagged,
    })
    .from(reviewCases)
    .innerJoin(items, eq(items.id, reviewCases.itemId))
    .leftJoin(scores, eq(scores.itemId, reviewCases.itemId))
    .where(and(eq(reviewCases.status, opts.status)))
    .orderBy(desc(reviewCases.priority), reviewCases.createdAt, reviewCases.id)
    .limit(opts.limit)
    .offset(opts.offset);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(reviewCases)
    .where(eq(reviewCases.status, opts.status));
  return { rows, total: Number(total) };
}
