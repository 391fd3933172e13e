import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { channelRisk, watchedChannels } from '../db/schema/index.ts';
import type { ChannelRiskRow } from '../repos/channel-risk.repo.ts';
import type { ChannelRow } from '../repos/channels.repo.ts';
import { effectiveIntervalSeconds } from './elevation.ts';

/** A channel's risk as the API, the page and the CLI show it; null when it was never computed. */
export type ChannelRiskView = Omit<ChannelRiskRow, 'channel'> | null;

export interface WatchedChannelView extends ChannelRow {
  /** the interval scans run at now: shorter than intervalSeconds while the risk is elevated */
  effectiveIntervalSeconds: number;
  risk: ChannelRiskView;
}

export interface SeenChannelView {
  channel: string;
  items: number;
  risk: ChannelRiskView;
}

export const SEEN_DEFAULT_LIMIT = 100;

const riskOf = (r: ChannelRiskRow | null): ChannelRiskView => {
  if (!r) return null;
  const { channel: _channel, ...risk } = r;
  return risk;
};

/** Watched channels, highest risk first (never computed counts as 0), then by handle. */
export async function watchedByRisk(db: DbOrTx): Promise<WatchedChannelView[]> {
  const rows = await db
    .select({ channel: watchedChannels, risk: channelRisk })
    .from(watchedChannels)
    .leftJoin(channelRisk, sql`${channelRisk.channel} = ${watchedChannels.handle}`)
    .orderBy(sql`coalesce(${channelRisk.score}, 0) desc`, watchedChannels.handle);
  return rows.map(({ channel, risk }) => ({
    ...channel,
    effectiveIntervalSeconds: effectiveIntervalSeconds(channel.intervalSeconds, Boolean(risk?.elevatedAt)),
    risk: riskOf(risk),
  }));
}

/**
 * Channels seen in items but not watched, highest risk first, then by how many items they gave:
 * where an admin looks for the next channel to watch.
 */
export async function seenByRisk(db: DbOrTx, limit = SEEN_DEFAULT_LIMIT): Promise<SeenChannelView[]> {
  const result = await db.execute(sql`
    select s.channel, s.items, to_jsonb(cr) as risk
      from (select channel, count(*)::int as items from items
             where channel <> '' and channel not like 'chat:%'
               and channel not in (select handle from watched_channels)
             group by channel) s
      left join channel_risk cr on cr.channel = s.channel
     order by coalesce(cr.score, 0) desc, s.items desc, s.channel
     limit ${limit}`);
  type Raw = { channel: string; items: number; risk: Record<string, unknown> | null };
  return rowsOf<Raw>(result).map((r) => ({ channel: r.channel, items: Number(r.items), risk: r.risk ? riskFromJson(r.risk) : null }));
}

// to_jsonb gives the row with its SQL column names and timestamps as text.
function riskFromJson(j: Record<string, unknown>): ChannelRiskView {
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  return {
    score: Number(j.score),
    confirmedItems: Number(j.confirmed_items),
    dismissedItems: Number(j.dismissed_items),
    forwardsFromConfirmed: Number(j.forwards_from_confirmed),
    linksToConfirmed: Number(j.links_to_confirmed),
    sharedIndicators: Number(j.shared_indicators),
    details: (j.details as Record<string, unknown> | null) ?? null,
    elevatedAt: date(j.elevated_at),
    updatedAt: date(j.updated_at) ?? new Date(0),
  };
}

export interface ChannelsOverview {
  channels: WatchedChannelView[];
  seen: SeenChannelView[];
}

export async function channelsOverview(db: DbOrTx, seenLimit = SEEN_DEFAULT_LIMIT): Promise<ChannelsOverview> {
  return { channels: await watchedByRisk(db), seen: await seenByRisk(db, seenLimit) };
}
