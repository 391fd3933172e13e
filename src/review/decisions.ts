import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { reviewCases, reviewEvents, type CaseStatus } from '../db/schema/index.ts';
import { appendEvent } from '../repos/review.repo.ts';

export const DECISIONS = ['confirmed', 'dismissed', 'escalated'] as const;
export type Decision = (typeof DECISIONS)[number];

type CaseRow = typeof reviewCases.$inferInsert;

export class CaseConflictError extends Error {}
export class CaseNotFoundError extends Error {}

// The states an action may start from: a decided case is closed, except that an escalation can still be decided.
// A claim is a lease: past CLAIM_LEASE_MS the case is offered again and anyone may claim or decide it.
const FROM: Record<'claim' | 'release' | 'decide', CaseStatus[]> = {
  claim: ['pending', 'escalated', 'claimed'],
  release: ['claimed'],
  decide: ['pending', 'claimed', 'escalated'],
};

/**
 * Moves a case to its next state in one conditional UPDATE (two reviewers cannot both take it),
 * and logs the action in the same transaction.
 */
async function transition(
  db: Db,
  caseId: string,
  action: { from: CaseStatus[]; set: { [K in keyof CaseRow]?: CaseRow[K] | SQL }; guard?: SQL; event: string; userId: string; note?: string },
) {
  return db.transaction(async (tx: Tx) => {
    const [row] = await tx
      .update(reviewCases)
      .set({ ...action.set, updatedAt: sql`now()` })
      .where(and(eq(reviewCases.id, caseId), inArray(reviewCases.status, action.from), action.guard))
      .returning();
    if (!row) {
      const [existing] = await tx.select().from(reviewCases).where(eq(reviewCases.id, caseId));
      if (!existing) throw new CaseNotFoundError(`no review case ${caseId}`);
      const by = existing.claimedBy && existing.claimedBy !== action.userId ? ' by another reviewer' : '';
      throw new CaseConflictError(`the case is ${existing.status}${by}: it cannot be ${action.event} now`);
    }
    await appendEvent(tx, caseId, action.event, action.userId, undefined, action.note);
    return row;
  });
}

export const CLAIM_LEASE_MS = 15 * 60 * 1000;

/** True while a claim's lease holds (SQL, on review_cases). */
export const leaseHeld = () => sql`(${reviewCases.status} = 'claimed' and ${reviewCases.claimedAt} > now() - make_interval(secs => ${CLAIM_LEASE_MS / 1000}))`;

/** Claims (or renews the claim on) a case; a case another reviewer holds under a live lease cannot be claimed. */
export function claimCase(db: Db, caseId: string, userId: string) {
  const guard = sql`(not ${leaseHeld()} or ${reviewCases.claimedBy} = ${userId})`;
  return transition(db, caseId, { from: FROM.claim, set: { status: 'claimed', claimedBy: userId, claimedAt: new Date() }, guard, event: 'claimed', userId });
}

/**
 * Gives a claimed case back. An escalated case goes back to `escalated`, not `pending`: escalation sticks
 * until someone decides it (a case is only claimable from pending or escalated, and a confirm or dismiss
 * closes it, so any earlier `escalated` event means this claim was taken on an escalation).
 */
export function releaseCase(db: Db, caseId: string, userId: string) {
  const guard = eq(reviewCases.claimedBy, userId);
  const status = sql<CaseStatus>`(case when exists (select 1 from ${reviewEvents} where ${reviewEvents.caseId} = ${caseId} and ${reviewEvents.action} = 'escalated') then 'escalated' else 'pending' end)`;
  return transition(db, caseId, { from: FROM.release, set: { status, claimedBy: null, claimedAt: null }, guard, event: 'released', userId });
}

/** Records a decision; a case claimed by one reviewer cannot be decided by another. */
export function decideCase(db: Db, caseId: string, userId: string, decision: Decision, note?: string) {
  const guard = sql`(${reviewCases.claimedBy} is null or ${reviewCases.claimedBy} = ${userId} or not ${leaseHeld()})`;
  return transition(db, caseId, { from: FROM.decide, set: { status: decision, decidedAt: new Date(), claimedBy: null }, guard, event: decision, userId, note });
}

export async function noteCase(db: Db, caseId: string, userId: string, note: string): Promise<void> {
  const [existing] = await db.select({ id: reviewCases.id }).from(reviewCases).where(eq(reviewCases.id, caseId));
  if (!existing) throw new CaseNotFoundError(`no review case ${caseId}`);
  await appendEvent(db, caseId, 'noted', userId, undefined, note);
}
