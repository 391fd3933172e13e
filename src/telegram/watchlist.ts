import type { Db } from '../db/client.ts';
import type { Queues } from '../jobs/queues.ts';
import { effectiveIntervalSeconds } from '../channels/elevation.ts';
import { findRisk } from '../repos/channel-risk.repo.ts';
import { deleteChannel, findChannel, listChannels, upsertChannel, type ChannelRow } from '../repos/channels.repo.ts';
import { isInviteLink, normaliseHandle } from './handle.ts';
import { scheduleChannel, scheduledEverySeconds, unscheduleChannel } from './scan-job.ts';

export class HandleError extends Error {}

type WatchDeps = { db: Db; queues: Pick<Queues, 'scan'> };

/** The canonical, lower-cased handle of a public channel, or a clear reason why it cannot be watched. */
export function watchableHandle(input: string): string {
  if (isInviteLink(input)) throw new HandleError(`${input} is an invite link: private channels have no public preview to scan (add the bot as an administrator instead)`);
  const handle = normaliseHandle(input);
  if (!handle) throw new HandleError(`${JSON.stringify(input)} is not a public channel handle (4-32 letters, digits or _, starting with a letter)`);
  return handle.toLowerCase();
}

/** Watches a channel: stored and scheduled every `intervalSeconds` (shorter while its risk is elevated; the first run is now). */
export async function watchChannel(deps: WatchDeps, input: string, intervalSeconds: number): Promise<ChannelRow> {
  const row = await upsertChannel(deps.db, watchableHandle(input), intervalSeconds);
  await scheduleChannel(deps.queues, row.handle, await intervalInForce(deps, row));
  return row;
}

/** The interval a watched channel is scanned at now: its own, or the shortened one while its risk is elevated. */
async function intervalInForce(deps: Pick<WatchDeps, 'db'>, row: ChannelRow): Promise<number> {
  const risk = await findRisk(deps.db, row.handle);
  return effectiveIntervalSeconds(row.intervalSeconds, Boolean(risk?.elevatedAt));
}

/**
 * Brings a watched channel's schedule in line with its risk (elevated: scanned more often). Returns the
 * interval in force, or null when the channel is not watched. The scheduler is only rewritten on a change.
 */
export async function applyScanInterval(deps: WatchDeps, handle: string): Promise<number | null> {
  const row = await findChannel(deps.db, handle);
  if (!row || !row.enabled) return null;
  const seconds = await intervalInForce(deps, row);
  if ((await scheduledEverySeconds(deps.queues, row.handle)) !== seconds) await scheduleChannel(deps.queues, row.handle, seconds);
  return seconds;
}

/** Stops watching; what was stored from the channel stays. */
export async function unwatchChannel(deps: WatchDeps, input: string): Promise<boolean> {
  const handle = watchableHandle(input);
  await unscheduleChannel(deps.queues, handle);
  return deleteChannel(deps.db, handle);
}

/** At start: every watched channel has its scheduler (Redis may have been emptied). */
export async function syncSchedules(deps: WatchDeps): Promise<number> {
  const channels = (await listChannels(deps.db)).filter((c) => c.enabled);
  for (const c of channels) await scheduleChannel(deps.queues, c.handle, await intervalInForce(deps, c));
  return channels.length;
}
