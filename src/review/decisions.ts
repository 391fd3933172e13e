import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { reviewCases, reviewEvents, users, type CaseStatus } from '../db/schema/index.ts';
import { appendEvent } from '../repos/review.repo.ts';
import { findCampaign } from '../repos/campaigns.repo.ts';
import { recomputeRiskAfterDecision } from '../channels/risk.ts';

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
 * until someone decides it. The claim was taken on an escalation when the case's last verdict in the log
 * is `escalated`: a confirm or dismiss closes a case, and only an edit after it (changed_after_decision)
 * opens it again, as pending.
 */
export function releaseCase(db: Db, caseId: string, userId: string) {
  const guard = eq(reviewCases.claimedBy, userId);
  const lastVerdict = sql`(select ${reviewEvents.action} from ${reviewEvents} where ${reviewEvents.caseId} = ${caseId} and ${reviewEvents.action} in ('escalated', 'confirmed', 'dismissed', 'changed_after_decision') order by ${reviewEvents.id} desc limit 1)`;
  const status = sql<CaseStatus>`(case when ${lastVerdict} = 'escalated' then 'escalated' else 'pending' end)`;
  return transition(db, caseId, { from: FROM.release, set: { status, claimedBy: null, claimedAt: null }, guard, event: 'released', userId });
}

/** Records a decision; a case claimed by one reviewer cannot be decided by another. */
export async function decideCase(db: Db, caseId: string, userId: string, decision: Decision, note?: string) {
  const guard = sql`(${reviewCases.claimedBy} is null or ${reviewCases.claimedBy} = ${userId} or not ${leaseHeld()})`;
  // decidedAt from the database's clock, as items.editedAt is: the two are compared to reopen an edited item
  const row = await transition(db, caseId, { from: FROM.decide, set: { status: decision, decidedAt: sql`now()`, claimedBy: null }, guard, event: decision, userId, note });
  await recomputeRiskAfterDecision(db, row.itemId); // channel risk follows decisions (src/channels/risk.ts)
  return row;
}

export async function noteCase(db: Db, caseId: string, userId: string, note: string): Promise<void> {
  const [existing] = await db.select({ id: reviewCases.id }).from(reviewCases).where(eq(reviewCases.id, caseId));
  if (!existing) throw new CaseNotFoundError(`no review case ${caseId}`);
  await appendEvent(db, caseId, 'noted', userId, undefined, note);
}

/**
 * An admin takes over a case another reviewer holds under a live lease. Never silent: it is its own
 * action, refused when nobody else holds the case (claim it instead), and logged as `taken_over` naming
 * the previous holder. The lease starts again for the admin.
 */
export async function takeOverCase(db: Db, caseId: string, adminId: string, note?: string) {
  return db.transaction(async (tx: Tx) => {
    const [held] = await tx
      .select({ claimedBy: reviewCases.claimedBy, holder: users.name, live: sql<boolean>`${leaseHeld()}` })
      .from(reviewCases)
      .leftJoin(users, eq(users.id, reviewCases.claimedBy))
      .where(eq(reviewCases.id, caseId))
      .for('update', { of: reviewCases });
    if (!held) throw new CaseNotFoundError(`no review case ${caseId}`);
    if (!held.live || !held.claimedBy || held.claimedBy === adminId) throw new CaseConflictError('nobody else holds this case under a live lease: claim it instead of taking it over');
    const [row] = await tx
      .update(reviewCases)
      .set({ claimedBy: adminId, claimedAt: new Date(), updatedAt: sql`now()` })
      .where(and(eq(reviewCases.id, caseId), eq(reviewCases.status, 'claimed'), eq(reviewCases.claimedBy, held.claimedBy)))
      .returning();
    await appendEvent(tx, caseId, 'taken_over', adminId, { previousHolder: held.holder, previousHolderId: held.claimedBy }, note);
    return row!;
  });
}

export interface ManyDecided {
  decided: Array<{ itemId: string; caseId: string }>;
  /** items left as they were, each with the reason a reviewer is shown */
  skipped: Array<{ itemId: string; reason: string }>;
}

/**
 * One decision for several items of a campaign, recorded per item (each case gets its own event, with
 * `data.campaign`), by the rules of a single decision: a case another reviewer holds under a live lease
 * is skipped, as is one already confirmed or dismissed (and an escalation is not escalated twice).
 * One conditional UPDATE takes every case that may be decided, so a claim taken meanwhile wins.
 */
export async function decideMany(
  db: Db,
  opts: { itemIds: string[]; userId: string; decision: Decision; note?: string; campaignId: string },
): Promise<ManyDecided> {
  const itemIds = [...new Set(opts.itemIds)];
  if (itemIds.length === 0) return { decided: [], skipped: [] };
  const from = FROM.decide.filter((s) => !(opts.decision === 'escalated' && s === 'escalated'));
  const guard = sql`(${reviewCases.claimedBy} is null or ${reviewCases.claimedBy} = ${opts.userId} or not ${leaseHeld()})`;
  const result = await db.transaction(async (tx: Tx) => {
    const rows = await tx
      .update(reviewCases)
      .set({ status: opts.decision, decidedAt: sql`now()`, claimedBy: null, updatedAt: sql`now()` })
      .where(and(inArray(reviewCases.itemId, itemIds), inArray(reviewCases.status, from), guard))
      .returning({ caseId: reviewCases.id, itemId: reviewCases.itemId });
    if (rows.length > 0) {
      await tx.insert(reviewEvents).values(rows.map((r) => ({ caseId: r.caseId, action: opts.decision, actorId: opts.userId, note: opts.note, data: { campaign: opts.campaignId } })));
    }
    const done = new Set(rows.map((r) => r.itemId));
    const rest = itemIds.filter((id) => !done.has(id));
    const states = rest.length
      ? await tx
        .select({ itemId: reviewCases.itemId, status: reviewCases.status, holder: users.name, live: sql<boolean>`${leaseHeld()}` })
        .from(reviewCases)
        .leftJoin(users, eq(users.id, reviewCases.claimedBy))
        .where(inArray(reviewCases.itemId, rest))
      : [];
    const stateOf = new Map(states.map((s) => [s.itemId, s]));
    const skipped = rest.map((itemId) => {
      const s = stateOf.get(itemId);
      if (!s) return { itemId, reason: 'no review case (the item was not flagged)' };
      if (s.status === 'claimed' && s.live) return { itemId, reason: `claimed by ${s.holder ?? 'another reviewer'}` };
      return { itemId, reason: `already ${s.status}` };
    });
    return { decided: rows, skipped };
  });
  await recomputeRiskAfterDecision(db, result.decided.map((d) => d.itemId)); // channel risk follows decisions (src/channels/risk.ts)
  return result;
}

/**
 * A campaign decision: `itemIds` must be members of the campaign `campaignItemId` names (any member
 * does); others are skipped, not decided. Each event names the campaign by its canonical id.
 * Undefined when no item has that id.
 */
export async function decideCampaign(
  db: Db,
  campaignItemId: string,
  opts: { itemIds: string[]; userId: string; decision: Decision; note?: string },
): Promise<(ManyDecided & { campaignId: string }) | undefined> {
  const campaign = await findCampaign(db, campaignItemId);
  if (!campaign) return undefined;
  const members = new Set(campaign.itemIds);
  const outside = opts.itemIds.filter((id) => !members.has(id));
  const result = await decideMany(db, { ...opts, itemIds: opts.itemIds.filter((id) => members.has(id)), campaignId: campaign.id });
  return { campaignId: campaign.id, decided: result.decided, skipped: [...result.skipped, ...outside.map((itemId) => ({ itemId, reason: 'not in this campaign' }))] };
}
