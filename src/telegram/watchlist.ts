import type { Db } from '../db/client.ts';
import type { Queues } from '../jobs/queues.ts';
import { deleteChannel, listChannels, upsertChannel, type ChannelRow } from '../repos/channels.repo.ts';
import { isInviteLink, normaliseHandle } from './handle.ts';
import { scheduleChannel, unscheduleChannel } from './scan-job.ts';

export class HandleError extends Error {}

type WatchDeps = { db: Db; queues: Pick<Queues, 'scan'> };

/** The canonical, lower-cased handle of a public channel, or a clear reason why it cannot be watched. */
export function watchableHandle(input: string): string {
  if (isInviteLink(input)) throw new HandleError(`${input} is an invite link: private channels have no public preview to scan (add the bot as an administrator instead)`);
  const handle = normaliseHandle(input);
  if (!handle) throw new HandleError(`${JSON.stringify(input)} is not a public channel handle (4-32 letters, digits or _, starting with a letter)`);
  return handle.toLowerCase();
}

/** Watches a channel: stored and scheduled every `intervalSeconds` (the scheduler's first run is now). */
export async function watchChannel(deps: WatchDeps, input: string, intervalSeconds: number): Promise<ChannelRow> {
  const row = await upsertChannel(deps.db, watchableHandle(input), intervalSeconds);
  await scheduleChannel(deps.queues, row.handle, row.intervalSeconds);
  return row;
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
  for (const c of channels) await scheduleChannel(deps.queues, c.handle, c.intervalSeconds);
  return channels.length;
}
