import { desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { channelRisk } from '../db/schema/index.ts';
import { LINKING_TYPES } from './campaigns.repo.ts';

export type ChannelRiskRow = typeof channelRisk.$inferSelect;

/** What a channel's risk is computed from (src/channels/risk.ts), with a few names of each for the breakdown. */
export interface RiskInputs {
  channel: string;
  confirmed: number;
  dismissed: number;
  forwards: number;
  forwardSources: string[];
  links: number;
  linkTargets: string[];
  shared: number;
  sharedSample: string[];
}

// Items named by no channel (uploads, API posts without one) and moderators' private chats with the bot
// ('chat:<id>') are not channels anyone could watch or judge.
const IS_CHANNEL = sql`channel <> '' and channel not like 'chat:%'`;
const linkingTypes = sql.raw(LINKING_TYPES.map((t) => `'${t}'`).join(', '));
const SAMPLE = 5;

const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** Every channel that has a risk to compute: seen in an item, watched, or scored before. */
const ALL_CHANNELS = sql`select distinct channel from items where ${IS_CHANNEL}
  union select handle from watched_channels
  union select channel from channel_risk`;

/**
 * The counts channel risk is made of, for the given channels (all when omitted), in one statement:
 * - confirmed / dismissed: the channel's items whose case reviewers confirmed / dismissed;
 * - forwards: its items forwarded from another channel that has a confirmed item;
 * - links: its items naming (a t.me link or @handle, stored as a telegram indicator) another channel that has a confirmed item;
 * - shared: linking indicators (phone, WhatsApp, handle, e-mail, link, wallet) its items share with a
 *   confirmed item outside the channel; a handle that names a confirmed channel is counted as a link, not again here.
 */
export async function riskInputs(db: DbOrTx, channels?: string[]): Promise<RiskInputs[]> {
  if (channels && channels.length === 0) return [];
  const result = await db.execute(riskInputsQuery(channels));
  type Raw = { channel: string; confirmed: number; dismissed: number; forwards: number; forward_sources: string[]; links: number; link_targets: string[]; shared: number; shared_sample: string[] };
  return rowsOf<Raw>(result).map((r) => ({
    channel: r.channel,
    confirmed: Number(r.confirmed),
    dismissed: Number(r.dismissed),
    forwards: Number(r.forwards),
    forwardSources: r.forward_sources,
    links: Number(r.links),
    linkTargets: r.link_targets,
    shared: Number(r.shared),
    sharedSample: r.shared_sample,
  }));
}

/** The statement riskInputs runs (exported for EXPLAIN in tests/bench/channel-risk.bench.ts). */
export function riskInputsQuery(channels?: string[]): SQL {
  const targets: SQL = channels ? sql`select distinct unnest(array[${list(channels)}]::text[]) as channel` : ALL_CHANNELS;
  return sql`
    with targets as materialized (${targets}),
    -- the targets' items first: the planner otherwise tests every item's indicators before it filters by channel
    target_items as materialized (
      select i.id, i.channel, i.forwarded_from from items i where i.channel in (select channel from targets)
    ),
    confirmed_channels as materialized (
      select distinct i.channel from review_cases rc join items i on i.id = rc.item_id where rc.status = 'confirmed' and i.channel <> ''
    ),
    -- (channel, indicator) of confirmed items, for the indicators the targets' items carry only
    confirmed_indicators as materialized (
      select distinct oi.channel, o.indicator_id
        from (select distinct ii.indicator_id from target_items ti join item_indicators ii on ii.item_id = ti.id) mine
        join item_indicators o on o.indicator_id = mine.indicator_id
        join review_cases orc on orc.item_id = o.item_id and orc.status = 'confirmed'
        join items oi on oi.id = o.item_id
    ),
    decided as (
      select ti.channel,
             count(*) filter (where rc.status = 'confirmed')::int as confirmed,
             count(*) filter (where rc.status = 'dismissed')::int as dismissed
        from target_items ti join review_cases rc on rc.item_id = ti.id
       group by ti.channel
    ),
    forwards as (
      select ti.channel, count(*)::int as n, (array_agg(distinct ti.forwarded_from order by ti.forwarded_from))[1:${SAMPLE}] as sources
        from target_items ti join confirmed_channels cc on cc.channel = ti.forwarded_from
       where ti.forwarded_from <> ti.channel
       group by ti.channel
    ),
    links as (
      select ti.channel, count(distinct ti.id)::int as n, (array_agg(distinct cc.channel order by cc.channel))[1:${SAMPLE}] as targets
        from target_items ti
        join item_indicators ii on ii.item_id = ti.id
        join indicators ind on ind.id = ii.indicator_id and ind.type = 'telegram'
        join confirmed_channels cc on ind.value = '@' || cc.channel and cc.channel <> ti.channel
       group by ti.channel
    ),
    shared as (
      -- by value: a WhatsApp number is also stored as a phone, and is one contact
      select ti.channel, count(distinct ind.value)::int as n,
             (array_agg(distinct ind.type || ' ' || ind.value order by ind.type || ' ' || ind.value))[1:${SAMPLE}] as sample
        from target_items ti
        join item_indicators ii on ii.item_id = ti.id
        join indicators ind on ind.id = ii.indicator_id and ind.type in (${linkingTypes})
       where not (ind.type = 'telegram' and exists (select 1 from confirmed_channels cc where ind.value = '@' || cc.channel))
         and exists (select 1 from confirmed_indicators ci where ci.indicator_id = ii.indicator_id and ci.channel <> ti.channel)
       group by ti.channel
    )
    select t.channel,
           coalesce(d.confirmed, 0) as confirmed, coalesce(d.dismissed, 0) as dismissed,
           coalesce(f.n, 0) as forwards, coalesce(f.sources, '{}') as forward_sources,
           coalesce(l.n, 0) as links, coalesce(l.targets, '{}') as link_targets,
           coalesce(s.n, 0) as shared, coalesce(s.sample, '{}') as shared_sample
      from targets t
      left join decided d on d.channel = t.channel
      left join forwards f on f.channel = t.channel
      left join links l on l.channel = t.channel
      left join shared s on s.channel = t.channel
     where t.channel <> '' and t.channel not like 'chat:%'
     order by t.channel`;
}

/**
 * The channels whose risk a decision on these items can change: their own, the channels that forward
 * from them or name them, and those whose items share a linking indicator with them.
 */
export async function channelsAffectedByItems(db: DbOrTx, itemIds: string[]): Promise<string[]> {
  if (itemIds.length === 0) return [];
  const ids = sql.join(itemIds.map((id) => sql`${id}::uuid`), sql`, `);
  const result = await db.execute(sql`
    with decided as (select id, channel from items where id in (${ids}))
    select distinct channel from (
      select channel from decided
      union select i.channel from items i where i.forwarded_from in (select channel from decided)
      union select i.channel from items i
              join item_indicators ii on ii.item_id = i.id
              join indicators ind on ind.id = ii.indicator_id and ind.type = 'telegram'
             where ind.value in (select '@' || channel from decided)
      union select oi.channel from item_indicators mine
              join indicators ind on ind.id = mine.indicator_id and ind.type in (${linkingTypes})
              join item_indicators o on o.indicator_id = mine.indicator_id
              join items oi on oi.id = o.item_id
             where mine.item_id in (select id from decided)
    ) affected where ${IS_CHANNEL}
    order by channel`);
  return rowsOf<{ channel: string }>(result).map((r) => r.channel);
}

/** True when the channel has an item reviewers confirmed. */
export async function hasConfirmedItem(db: DbOrTx, channel: string): Promise<boolean> {
  const result = await db.execute(sql`select exists (select 1 from items i join review_cases rc on rc.item_id = i.id and rc.status = 'confirmed' where i.channel = ${channel}) as yes`);
  return Boolean(rowsOf<{ yes: boolean }>(result)[0]?.yes);
}

export type RiskWrite = Omit<typeof channelRisk.$inferInsert, 'elevatedAt' | 'updatedAt'>;

/** Stores scores and counts; the elevation is left alone (it changes only through setElevation). */
export async function upsertRisk(db: DbOrTx, rows: RiskWrite[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(channelRisk)
    .values(rows)
    .onConflictDoUpdate({
      target: channelRisk.channel,
      set: {
        score: sql`excluded.score`,
        confirmedItems: sql`excluded.confirmed_items`,
        dismissedItems: sql`excluded.dismissed_items`,
        forwardsFromConfirmed: sql`excluded.forwards_from_confirmed`,
        linksToConfirmed: sql`excluded.links_to_confirmed`,
        sharedIndicators: sql`excluded.shared_indicators`,
        details: sql`excluded.details`,
        updatedAt: sql`now()`,
      },
    });
}

/**
 * Moves a channel into or out of the elevated state in one conditional UPDATE, so of two recomputes
 * racing only one sees the change (and raises or lowers its cases once). Returns whether it changed.
 */
export async function setElevation(db: DbOrTx, channel: string, elevate: boolean, threshold: number): Promise<boolean> {
  const changed = await db
    .update(channelRisk)
    .set({ elevatedAt: elevate ? sql`now()` : null })
    .where(
      elevate
        ? sql`${channelRisk.channel} = ${channel} and ${channelRisk.elevatedAt} is null and ${channelRisk.score} >= ${threshold}`
        : sql`${channelRisk.channel} = ${channel} and ${channelRisk.elevatedAt} is not null and ${channelRisk.score} < ${threshold}`,
    )
    .returning({ channel: channelRisk.channel });
  return changed.length === 1;
}

/** Channels whose stored score and elevation disagree: the ones a recompute must raise or lower. */
export async function elevationDue(db: DbOrTx, threshold: number, channels?: string[]): Promise<Array<{ channel: string; elevate: boolean }>> {
  const rows = await db
    .select({ channel: channelRisk.channel, score: channelRisk.score, elevatedAt: channelRisk.elevatedAt })
    .from(channelRisk)
    .where(
      sql`(${channelRisk.score} >= ${threshold}) <> (${channelRisk.elevatedAt} is not null)${channels ? sql` and ${inArray(channelRisk.channel, channels)}` : sql``}`,
    )
    .orderBy(channelRisk.channel);
  return rows.map((r) => ({ channel: r.channel, elevate: r.score >= threshold }));
}

export async function findRisk(db: DbOrTx, channel: string): Promise<ChannelRiskRow | undefined> {
  const [row] = await db.select().from(channelRisk).where(eq(channelRisk.channel, channel));
  return row;
}

/** Channels by risk, highest first. */
export async function listRisk(db: DbOrTx, limit = 1_000): Promise<ChannelRiskRow[]> {
  return db.select().from(channelRisk).orderBy(desc(channelRisk.score), channelRisk.channel).limit(limit);
}
