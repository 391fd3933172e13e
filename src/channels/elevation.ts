import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { PRIORITY_BOOSTS } from '../review/priority.ts';

// What a channel over the risk threshold changes (src/channels/risk.ts decides when).

/**
 * Added to the priority of the channel's open cases while it is elevated: the same boost new and
 * re-scored cases get from src/review/priority.ts, which reads channel_risk.elevated_at.
 */
export const ELEVATED_PRIORITY_BOOST = PRIORITY_BOOSTS.channelElevated;
/** An elevated watched channel is scanned this many times as often... */
export const ELEVATED_SCAN_DIVISOR = 4;
/** ...but never more often than this (Telegram's preview is shared by every channel we read). */
export const ELEVATED_SCAN_FLOOR_SECONDS = 60;

/**
 * The interval a watched channel is scanned at. The admin's interval stays in watched_channels; the
 * shortened one is derived from it, so when the risk falls nothing needs restoring, and an interval
 * changed while the channel was elevated is not lost.
 */
export function effectiveIntervalSeconds(intervalSeconds: number, elevated: boolean): number {
  if (!elevated) return intervalSeconds;
  return Math.min(intervalSeconds, Math.max(ELEVATED_SCAN_FLOOR_SECONDS, Math.floor(intervalSeconds / ELEVATED_SCAN_DIVISOR)));
}

const OPEN = sql`('pending', 'claimed', 'escalated')`;

/**
 * Whether a case's priority holds the channel boost now: its latest priority event says so (an elevation,
 * or a created/rescored event whose flags include channelElevated, written by src/review/priority.ts users).
 */
const carriesBoost = sql`coalesce((
  select case e.action when 'channel_elevated' then true when 'channel_lowered' then false
         else coalesce((e.data->>'channelElevated')::boolean, false) end
    from review_events e
   where e.case_id = rc.id and e.action in ('created', 'rescored', 'changed_after_decision', 'channel_elevated', 'channel_lowered')
   order by e.id desc limit 1), false)`;

async function shiftOpenCases(db: DbOrTx, channel: string, risk: number, up: boolean): Promise<number> {
  const boost = up ? ELEVATED_PRIORITY_BOOST : -ELEVATED_PRIORITY_BOOST;
  const result = await db.execute(sql`
    with due as (
      select rc.id from review_cases rc join items i on i.id = rc.item_id
       where i.channel = ${channel} and rc.status in ${OPEN} and ${up ? sql`not ${carriesBoost}` : carriesBoost}
    ),
    shifted as (
      update review_cases rc set priority = greatest(0, rc.priority + ${boost}), updated_at = now()
        from due where rc.id = due.id
      returning rc.id, rc.priority
    )
    insert into review_events (case_id, action, data)
    select id, ${up ? 'channel_elevated' : 'channel_lowered'}::text,
           jsonb_build_object('channel', ${channel}::text, 'risk', ${risk}::real, 'boost', ${boost}::int, 'priority', priority, 'channelElevated', ${up}::boolean)
      from shifted
    returning case_id`);
  return rowsOf(result).length;
}

/** Raises the channel's open cases by the boost (those not holding it yet), with a 'channel_elevated' event on each; returns how many. */
export const raiseOpenCases = (db: DbOrTx, channel: string, risk: number) => shiftOpenCases(db, channel, risk, true);

/** Takes the boost back from the channel's open cases that hold it, with a 'channel_lowered' event on each; returns how many. */
export const lowerOpenCases = (db: DbOrTx, channel: string, risk: number) => shiftOpenCases(db, channel, risk, false);
