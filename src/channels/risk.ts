import type { Db } from '../db/client.ts';
import type { Queues } from '../jobs/queues.ts';
import { channelsAffectedByItems, elevationDue, hasConfirmedItem, riskInputs, setElevation, upsertRisk, type RiskInputs, type RiskWrite } from '../repos/channel-risk.repo.ts';
import { applyScanInterval } from '../telegram/watchlist.ts';
import { lowerOpenCases, raiseOpenCases } from './elevation.ts';

/**
 * Channel risk, 0-100: how strongly reviewers' decisions tie a channel to recruitment scams.
 *
 *   score = clamp(0, 100,
 *       min(CONFIRMED_CAP, CONFIRMED_POINTS × confirmed items)
 *     + min(FORWARD_CAP,   FORWARD_POINTS   × items forwarded from a channel with a confirmed item)
 *     + min(LINK_CAP,      LINK_POINTS      × items naming (t.me link, @handle) a channel with a confirmed item)
 *     + min(SHARED_CAP,    SHARED_POINTS    × linking indicators shared with confirmed items elsewhere)
 *     − min(DISMISSED_CAP, DISMISSED_POINTS × dismissed items))
 *
 * Each kind of evidence is capped, so only the channel's own confirmed items reach the threshold alone
 * (two of them); the others need each other or one confirmation: a channel that forwards a scam
 * channel twice and shares one of its phone numbers (40) is not elevated, adding one confirmed item
 * (70) is. Dismissed items pull the score down: a channel whose flagged posts reviewers keep clearing
 * (a news channel quoting ads) earns less from one confirmation.
 */
export const CONFIRMED_POINTS = 30;
export const CONFIRMED_CAP = 60;
export const FORWARD_POINTS = 15;
export const FORWARD_CAP = 30;
export const LINK_POINTS = 10;
export const LINK_CAP = 20;
export const SHARED_POINTS = 10;
export const SHARED_CAP = 30;
export const DISMISSED_POINTS = 10;
export const DISMISSED_CAP = 30;
/** At or over this a channel is elevated: its open cases are raised and, if watched, it is scanned more often (elevation.ts). */
export const RISK_THRESHOLD = 60;

export interface RiskPoints {
  confirmed: number;
  forwards: number;
  links: number;
  shared: number;
  dismissed: number;
}

/** The score and the points each kind of evidence gave (dismissed as a negative number). */
export function riskScore(c: Pick<RiskInputs, 'confirmed' | 'dismissed' | 'forwards' | 'links' | 'shared'>): { score: number; points: RiskPoints } {
  const points = {
    confirmed: Math.min(CONFIRMED_CAP, CONFIRMED_POINTS * c.confirmed),
    forwards: Math.min(FORWARD_CAP, FORWARD_POINTS * c.forwards),
    links: Math.min(LINK_CAP, LINK_POINTS * c.links),
    shared: Math.min(SHARED_CAP, SHARED_POINTS * c.shared),
    dismissed: -Math.min(DISMISSED_CAP, DISMISSED_POINTS * c.dismissed),
  };
  const sum = points.confirmed + points.forwards + points.links + points.shared + points.dismissed;
  return { score: Math.max(0, Math.min(100, sum)), points };
}

/** The breakdown stored in channel_risk.details and shown on the channels page. */
export interface RiskDetails {
  points: RiskPoints;
  forwardedFrom: string[];
  linksTo: string[];
  sharedIndicators: string[];
  threshold: number;
}

function rowOf(i: RiskInputs): RiskWrite {
  const { score, points } = riskScore(i);
  const details: RiskDetails = { points, forwardedFrom: i.forwardSources, linksTo: i.linkTargets, sharedIndicators: i.sharedSample, threshold: RISK_THRESHOLD };
  return {
    channel: i.channel,
    score,
    confirmedItems: i.confirmed,
    dismissedItems: i.dismissed,
    forwardsFromConfirmed: i.forwards,
    linksToConfirmed: i.links,
    sharedIndicators: i.shared,
    details: details as unknown as Record<string, unknown>,
  };
}

export interface ElevationChange {
  channel: string;
  elevated: boolean;
  /** open cases raised (or lowered) */
  cases: number;
  /** the scan interval now in force, when the channel is watched */
  intervalSeconds?: number;
}

export type RiskDeps = { db: Db; queues?: Pick<Queues, 'scan'> };

const WRITE_CHUNK = 500;

/**
 * Recomputes and stores the risk of the given channels (every channel when omitted), then raises or
 * lowers those that crossed the threshold. With queues, a watched channel's scan schedule follows at
 * once; without (a decision), its next scan applies it (src/telegram/scan-job.ts).
 */
export async function recomputeChannelRisk(deps: RiskDeps, channels?: string[]): Promise<{ computed: number; changes: ElevationChange[] }> {
  const inputs = await riskInputs(deps.db, channels);
  const rows = inputs.map(rowOf);
  for (let at = 0; at < rows.length; at += WRITE_CHUNK) await upsertRisk(deps.db, rows.slice(at, at + WRITE_CHUNK));
  const changes: ElevationChange[] = [];
  for (const due of await elevationDue(deps.db, RISK_THRESHOLD, channels)) {
    const score = rows.find((r) => r.channel === due.channel)?.score ?? 0;
    // The conditional UPDATE and the case changes commit together: a crash or a racing recompute cannot raise twice.
    const cases = await deps.db.transaction(async (tx) => {
      if (!(await setElevation(tx, due.channel, due.elevate, RISK_THRESHOLD))) return null;
      return due.elevate ? raiseOpenCases(tx, due.channel, score) : lowerOpenCases(tx, due.channel, score);
    });
    if (cases === null) continue;
    const change: ElevationChange = { channel: due.channel, elevated: due.elevate, cases };
    if (deps.queues) change.intervalSeconds = (await applyScanInterval({ db: deps.db, queues: deps.queues }, due.channel)) ?? undefined;
    changes.push(change);
  }
  return { computed: inputs.length, changes };
}

/** After review decisions: the decided items' channels and every channel whose risk hangs on them. */
export async function recomputeRiskAfterDecision(db: Db, itemIds: string | string[]): Promise<void> {
  const channels = await channelsAffectedByItems(db, [itemIds].flat());
  if (channels.length) await recomputeChannelRisk({ db }, channels);
}

/** After a new forward is stored: only a forward from a channel with a confirmed item changes anything. */
export async function recomputeRiskAfterForward(deps: RiskDeps, channel: string, forwardedFrom: string): Promise<boolean> {
  if (!channel || channel === forwardedFrom || !(await hasConfirmedItem(deps.db, forwardedFrom))) return false;
  await recomputeChannelRisk(deps, [channel]);
  return true;
}
