import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { items } from '../db/schema/index.ts';
import { sharesContactWithConfirmed } from '../repos/campaigns.repo.ts';

/**
 * A case's priority is its score plus boosts for what is already known about where it comes from, so
 * the queue (ordered by priority, then age) puts first the items most likely to be the scam again:
 *
 * - JOINS_CONFIRMED (+30): the item shares a phone, handle, link or wallet with an item a reviewer
 *   confirmed (one hop, itemsLinkedToConfirmed). A flagged 60 that reuses a confirmed recruiter's
 *   WhatsApp is worth reading before an unlinked 85: a quick confirm, and the campaign is live again.
 * - CHANNEL_ELEVATED (+10): the item's channel is over its risk threshold (channel_risk.elevated_at,
 *   kept by src/channels/). Smaller: a channel is weaker evidence than a shared contact.
 *
 * The score itself is never changed: pages show scores.score, and the score-band filter reads it.
 */
export const PRIORITY_BOOSTS = { joinedConfirmedCampaign: 30, channelElevated: 10 } as const;

export interface PriorityFlags {
  joinedConfirmedCampaign: boolean;
  channelElevated: boolean;
}

export const NO_FLAGS: PriorityFlags = { joinedConfirmedCampaign: false, channelElevated: false };

export function casePriority(score: number, flags: PriorityFlags): number {
  return score + (flags.joinedConfirmedCampaign ? PRIORITY_BOOSTS.joinedConfirmedCampaign : 0) + (flags.channelElevated ? PRIORITY_BOOSTS.channelElevated : 0);
}

/** The flags as a case event records them: only those that hold, so an ordinary event stays as it was. */
export function flagsData(flags: PriorityFlags): Record<string, true> {
  return Object.fromEntries(Object.entries(flags).filter(([, on]) => on).map(([k]) => [k, true])) as Record<string, true>;
}

/**
 * The flags of each stored item, in ONE prepared statement (the batched ingest allows itself one more): the
 * item and its indicator links must already be written, in the same transaction or before it.
 */
export async function priorityFlags(db: DbOrTx, itemIds: string[]): Promise<Map<string, PriorityFlags>> {
  const flags = new Map<string, PriorityFlags>();
  if (itemIds.length === 0) return flags;
  // Qualified by hand: drizzle writes a select list's columns bare, and a bare "channel" inside the
  // subquery would be channel_risk's own (every channel elevated).
  const column = (name: string) => sql`${items}.${sql.identifier(name)}`;
  const rows = await db
    .select({
      id: items.id,
      joined: sql<boolean>`${sharesContactWithConfirmed(column('id'))}`,
      elevated: sql<boolean>`exists (select 1 from channel_risk cr where cr.channel = ${column('channel')} and ${column('channel')} <> '' and cr.elevated_at is not null)`,
    })
    .from(items)
    // The ids as one JSON parameter, so the text stays the same for any number of them, made an array
    // for "= any": a prepared statement keeps one plan, and "in (select ...)" got a hash join over a
    // sequential scan of items when planned while items was small, kept as the table grew.
    .where(sql`${items.id} = any(array(select value::uuid from jsonb_array_elements_text(${JSON.stringify(itemIds)}::jsonb)))`)
    .prepare('priority_flags')
    .execute();
  for (const r of rows) flags.set(r.id, { joinedConfirmedCampaign: Boolean(r.joined), channelElevated: Boolean(r.elevated) });
  return flags;
}
