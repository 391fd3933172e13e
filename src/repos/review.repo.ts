import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { executePrepared } from '../db/prepared.ts';
import { casePriority, flagsData, NO_FLAGS, priorityFlags } from '../review/priority.ts';
import { indicators, itemIndicators, itemMedia, items, reviewCases, reviewEvents, scores, users, type CaseStatus } from '../db/schema/index.ts';

export type CaseRow = typeof reviewCases.$inferSelect;

export async function findCaseForItem(db: DbOrTx, itemId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(reviewCases).where(eq(reviewCases.itemId, itemId));
  return row;
}

/**
 * Keeps an item's case in step with its latest score: a flagged item gets a case, a re-scored one
 * (an edit, a new pack) re-prioritises the case it has. A case is never deleted: it is evidence.
 * Priority is the score plus the boosts of src/review/priority.ts (a contact shared with a confirmed
 * item, an elevated channel); the event records which applied.
 * An item edited after its case was confirmed or dismissed goes back to the open queue (pending) with
 * a `changed_after_decision` event naming the decision: the decision stays in the log, but it was made
 * on a text that is no longer there. A re-score under a new pack is not an edit and reopens nothing.
 */
export async function syncCase(db: DbOrTx, itemId: string, s: { score: number; flagged: boolean; packVersion: string }): Promise<void> {
  const data = { score: s.score, flagged: s.flagged, packVersion: s.packVersion };
  const [existing] = await db
    .select({ id: reviewCases.id, status: reviewCases.status, priority: reviewCases.priority, decidedAt: reviewCases.decidedAt, editedAt: items.editedAt })
    .from(reviewCases)
    .innerJoin(items, eq(items.id, reviewCases.itemId))
    .where(eq(reviewCases.itemId, itemId));
  if (!existing && !s.flagged) return;
  const flags = (await priorityFlags(db, [itemId])).get(itemId) ?? NO_FLAGS;
  const priority = casePriority(s.score, flags);
  if (!existing) {
    const [created] = await db.insert(reviewCases).values({ itemId, priority }).onConflictDoNothing().returning({ id: reviewCases.id });
    if (created) await appendEvent(db, created.id, 'created', null, { ...data, ...flagsData(flags), priority });
    return; // not created: a concurrent job made it a moment ago, with this same score
  }
  const decided = existing.status === 'confirmed' || existing.status === 'dismissed';
  if (decided && existing.editedAt && existing.decidedAt && existing.editedAt > existing.decidedAt) {
    // conditional on the row as read, so a decision taken after the edit (on the new text) is not reopened
    const [reopened] = await db
      .update(reviewCases)
      .set({ status: 'pending', priority, updatedAt: sql`now()` })
      .where(and(eq(reviewCases.id, existing.id), inArray(reviewCases.status, ['confirmed', 'dismissed']), sql`${reviewCases.decidedAt} < (select ${items.editedAt} from ${items} where ${items.id} = ${reviewCases.itemId})`))
      .returning({ id: reviewCases.id });
    if (reopened) {
      await appendEvent(db, existing.id, 'changed_after_decision', null, { ...data, ...flagsData(flags), priority, decision: existing.status, decidedAt: existing.decidedAt.toISOString(), editedAt: existing.editedAt.toISOString() });
      return;
    }
  }
  if (existing.priority === priority) return;
  await db.update(reviewCases).set({ priority, updatedAt: sql`now()` }).where(eq(reviewCases.id, existing.id));
  await appendEvent(db, existing.id, 'rescored', null, { ...data, ...flagsData(flags), priority });
}

/**
 * Opens the cases of newly flagged items, each with its `created` event, in ONE statement of
 * constant text (prepared once per connection) for a whole batch. An item that has a case already
 * keeps it, and gets no event.
 */
export async function openCases(db: DbOrTx, cases: Array<{ itemId: string; priority: number; data: Record<string, unknown> }>): Promise<void> {
  if (cases.length === 0) return;
  await executePrepared(db, 'open_cases', sql`
    with flagged as (
      select * from jsonb_to_recordset(${JSON.stringify(cases.map((c) => ({ item_id: c.itemId, priority: c.priority, data: c.data })))}::jsonb)
        as f(item_id uuid, priority real, data jsonb)
    ), opened as (
      insert into review_cases (item_id, priority) select item_id, priority from flagged
      on conflict do nothing
      returning id, item_id
    )
    insert into review_events (case_id, action, data)
    select opened.id, 'created', flagged.data from opened join flagged using (item_id)`);
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

/** The reviewers' queue: open cases, highest priority (score plus src/review/priority.ts boosts) first, oldest first among equals. */
export async function listQueue(db: DbOrTx, opts: { status: CaseStatus; limit: number; offset: number }) {
  const rows = await db
    .select({
      caseId: reviewCases.id,
      itemId: reviewCases.itemId,
      status: reviewCases.status,
      priority: reviewCases.priority,
      score: scores.score,
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

/** A case's log with the name of whoever did each step (null: the system). */
export async function listCaseHistory(db: DbOrTx, caseId: string) {
  return db
    .select({ id: reviewEvents.id, action: reviewEvents.action, note: reviewEvents.note, data: reviewEvents.data, createdAt: reviewEvents.createdAt, actor: users.name })
    .from(reviewEvents)
    .leftJoin(users, eq(users.id, reviewEvents.actorId))
    .where(eq(reviewEvents.caseId, caseId))
    .orderBy(reviewEvents.id);
}

/** `open` is what a reviewer can take: pending, escalated, and claims that are theirs or whose lease ran out. */
export const QUEUE_VIEWS = ['open', 'pending', 'escalated', 'claimed', 'confirmed', 'dismissed'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export interface QueueFilter {
  view: QueueView;
  userId: string;
  leaseHeld: SQL;
  source?: string;
  channel?: string;
  /** a rule id or category named by a match */
  rule?: string;
  /** ISO 639-3 code of the scored text (src/text/language.ts), 'und' for unclear */
  language?: string;
  /** the case was opened on or after / before this instant */
  openedFrom?: Date;
  openedBefore?: Date;
  minScore?: number;
  maxScore?: number;
  /** keyset: the last row of the previous page */
  after?: { priority: number; createdAt: Date; id: string };
  limit: number;
}

/**
 * The workspace's queue: highest priority first, then oldest, paged by keyset (the last row seen)
 * so a page deep in 100,000 cases costs what the first one does. Each row names who holds its claim.
 */
export const COUNT_CAP = 10_000;

export async function listWorkQueue(db: DbOrTx, f: QueueFilter) {
  const conditions: SQL[] = [];
  if (f.view === 'open') {
    // the first clause repeats the open-order index's predicate, so the planner can use it
    conditions.push(sql`${reviewCases.status} in ('pending', 'escalated', 'claimed')`);
    conditions.push(sql`(${reviewCases.status} in ('pending', 'escalated') or (${reviewCases.status} = 'claimed' and (${reviewCases.claimedBy} = ${f.userId} or not ${f.leaseHeld})))`);
  } else conditions.push(eq(reviewCases.status, f.view));
  if (f.source) conditions.push(eq(items.source, f.source));
  if (f.channel) conditions.push(eq(items.channel, f.channel));
  if (f.rule) conditions.push(sql`exists (select 1 from jsonb_array_elements(${scores.matches}) m where m->>'rule' = ${f.rule} or m->>'category' = ${f.rule})`);
  if (f.language) conditions.push(sql`${scores.details}->>'language' = ${f.language}`);
  if (f.openedFrom) conditions.push(sql`${reviewCases.createdAt} >= ${f.openedFrom.toISOString()}::timestamptz`);
  if (f.openedBefore) conditions.push(sql`${reviewCases.createdAt} < ${f.openedBefore.toISOString()}::timestamptz`);
  // The band is the score's, not the priority's: a boosted 65 (priority 95) is still in 60-74. As a
  // semi-join behind OFFSET 0, so the planner hashes the band's items instead of walking the open-order
  // index and probing scores per case: on 100,000 cases a band low in the order read 57,000 cases for 50
  // (page 580-900 ms on a busy 2-core machine; hashed 220-330 ms; the top band pays the same instead of
  // ~1 ms). tests/bench/review-queue.bench.ts measures both ends.
  if (f.minScore !== undefined || f.maxScore !== undefined) {
    const band = and(f.minScore !== undefined ? sql`${scores.score} >= ${f.minScore}` : undefined, f.maxScore !== undefined ? sql`${scores.score} <= ${f.maxScore}` : undefined);
    conditions.push(sql`${reviewCases.itemId} in (select ${scores.itemId} from ${scores} where ${band} offset 0)`);
  }
  const where = and(...conditions);
  const page = f.after
    ? and(where, sql`(${reviewCases.priority} < ${f.after.priority} or (${reviewCases.priority} = ${f.after.priority} and (${reviewCases.createdAt}, ${reviewCases.id}) > (${f.after.createdAt.toISOString()}::timestamptz, ${f.after.id}::uuid)))`)
    : where;
  // Order and cut on review_cases first, joining items and scores only when a filter needs them,
  // then fetch the page's details for its ~50 ids: joining first made Postgres join all 100,000
  // cases before sorting (570 ms for the first page; see tests/bench/review-queue.bench.ts).
  const needsItems = Boolean(f.source || f.channel);
  const needsScores = Boolean(f.rule || f.language);
  let ids = db.select({ id: reviewCases.id }).from(reviewCases).$dynamic();
  let counted = db.select({ one: sql`1`.as('one') }).from(reviewCases).$dynamic();
  if (needsItems) {
    ids = ids.innerJoin(items, eq(items.id, reviewCases.itemId));
    counted = counted.innerJoin(items, eq(items.id, reviewCases.itemId));
  }
  if (needsScores) {
    ids = ids.innerJoin(scores, eq(scores.itemId, reviewCases.itemId));
    counted = counted.innerJoin(scores, eq(scores.itemId, reviewCases.itemId));
  }
  const pageIds = (await ids.where(page).orderBy(desc(reviewCases.priority), reviewCases.createdAt, reviewCases.id).limit(f.limit + 1)).map((r) => r.id);
  // Counted up to COUNT_CAP: past it the page says "10,000+" rather than count every open case.
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(counted.where(where).limit(COUNT_CAP + 1).as('capped'));
  if (pageIds.length === 0) return { rows: [], more: false, total: Number(total) };
  const rows = await db
    .select({
      caseId: reviewCases.id,
      itemId: reviewCases.itemId,
      status: reviewCases.status,
      priority: reviewCases.priority,
      score: scores.score,
      createdAt: reviewCases.createdAt,
      claimedAt: reviewCases.claimedAt,
      claimedBy: users.name,
      leaseHeld: sql<boolean>`${f.leaseHeld}`,
      source: items.source,
      channel: items.channel,
      text: sql<string>`left(${items.text}, 400)`,
      postedAt: items.postedAt,
      explanation: scores.explanation,
      flagged: scores.flagged,
      language: sql<string | null>`${scores.details}->>'language'`,
      thumbnail: sql<string | null>`(select ${itemMedia.sha256} from ${itemMedia} where ${itemMedia.itemId} = ${items.id} order by ${itemMedia.position} limit 1)`,
      markers: caseMarkers,
    })
    .from(reviewCases)
    .innerJoin(items, eq(items.id, reviewCases.itemId))
    .leftJoin(scores, eq(scores.itemId, reviewCases.itemId))
    .leftJoin(users, eq(users.id, reviewCases.claimedBy))
    .where(inArray(reviewCases.id, pageIds));
  const order = new Map(pageIds.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.caseId)! - order.get(b.caseId)!);
  return { rows: rows.slice(0, f.limit), more: rows.length > f.limit, total: Number(total) };
}

/**
 * What the queue row says about a case beyond its status, read from its log: whether its latest
 * created/rescored/changed event found a contact shared with a confirmed item, whether its channel's
 * boost holds (those events, or src/channels/' channel_elevated / channel_lowered), and whether the item
 * changed after its last decision (a `changed_after_decision` not followed by a decision).
 */
const caseId = sql`${reviewCases}.${sql.identifier('id')}`;
const latest = (actions: string[], expr: string) =>
  sql.raw(`(select ${expr} from review_events e where e.case_id = `).append(caseId).append(sql.raw(` and e.action in (${actions.map((a) => `'${a}'`).join(', ')}) order by e.id desc limit 1)`));
const SCORED = ['created', 'rescored', 'changed_after_decision'];
const caseMarkers = sql<{ joinedConfirmedCampaign: boolean; channelElevated: boolean; changedAfterDecision: boolean } | null>`jsonb_build_object(
  'joinedConfirmedCampaign', coalesce(${latest(SCORED, "(e.data->>'joinedConfirmedCampaign')::boolean")}, false),
  'channelElevated', coalesce(${latest([...SCORED, 'channel_elevated', 'channel_lowered'], "(e.data->>'channelElevated')::boolean")}, false),
  'changedAfterDecision', coalesce(${latest(['confirmed', 'dismissed', 'escalated', 'changed_after_decision'], 'e.action')} = 'changed_after_decision', false))`;

/** Scored items just under the flag line (e.g. 40-59), newest first: near-misses to sample. */
export async function listNearMisses(db: DbOrTx, opts: { min: number; max: number; limit: number; offset: number }) {
  return db
    .select({ itemId: items.id, score: scores.score, explanation: scores.explanation, source: items.source, channel: items.channel, text: sql<string>`left(${items.text}, 400)`, scoredAt: scores.scoredAt })
    .from(scores)
    .innerJoin(items, eq(items.id, scores.itemId))
    .where(and(sql`${scores.score} >= ${opts.min}`, sql`${scores.score} <= ${opts.max}`, eq(scores.flagged, false)))
    .orderBy(desc(scores.scoredAt), items.id)
    .limit(opts.limit)
    .offset(opts.offset);
}

/** How many items carry each of these indicators (type + value), for "shared by N other items". */
export async function indicatorItemCounts(db: DbOrTx, pairs: { type: string; value: string }[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (pairs.length === 0) return counts;
  const rows = await db
    .select({ type: indicators.type, value: indicators.value, n: sql<number>`count(*)::int` })
    .from(indicators)
    .innerJoin(itemIndicators, eq(itemIndicators.indicatorId, indicators.id))
    .where(sql`(${indicators.type}, ${indicators.value}) in (${sql.join(pairs.map((p) => sql`(${p.type}, ${p.value})`), sql`, `)})`)
    .groupBy(indicators.type, indicators.value);
  for (const r of rows) counts.set(`${r.type}\u0000${r.value}`, Number(r.n));
  return counts;
}

/** Items carrying one indicator, with their score and case, newest first. */
export async function itemsWithIndicator(db: DbOrTx, type: string, value: string, limit = 200) {
  return db
    .select({ itemId: items.id, source: items.source, channel: items.channel, text: sql<string>`left(${items.text}, 300)`, score: scores.score, status: reviewCases.status })
    .from(itemIndicators)
    .innerJoin(indicators, eq(indicators.id, itemIndicators.indicatorId))
    .innerJoin(items, eq(items.id, itemIndicators.itemId))
    .leftJoin(scores, eq(scores.itemId, items.id))
    .leftJoin(reviewCases, eq(reviewCases.itemId, items.id))
    .where(and(eq(indicators.type, type), eq(indicators.value, value)))
    .orderBy(desc(itemIndicators.linkedAt))
    .limit(limit);
}
