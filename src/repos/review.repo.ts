import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { items, reviewCases, reviewEvents, scores, type CaseStatus } from '../db/schema/index.ts';

export type CaseRow = typeof reviewCases.$inferSelect;

export async function findCaseForItem(db: DbOrTx, itemId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(reviewCases).where(eq(reviewCases.itemId, itemId));
  return row;
}

/** Opens a case for a flagged item, or re-prioritises the open one; every change is logged. */
export async function openOrUpdateCase(db: DbOrTx, itemId: string, score: number, packVersion: string): Promise<void> {
  const [created] = await db
    .insert(reviewCases)
    .values({ itemId, priority: score })
    .onConflictDoNothing()
    .returning({ id: reviewCases.id });
  if (created) {
    await appendEvent(db, created.id, 'created', null, { score, packVersion });
    return;
  }
  const existing = await findCaseForItem(db, itemId);
  if (!existing || existing.priority === score) return;
  await db.update(reviewCases).set({ priority: score, updatedAt: sql`now()` }).where(eq(reviewCases.id, existing.id));
  await appendEvent(db, existing.id, 'rescored', null, { score, packVersion });
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
