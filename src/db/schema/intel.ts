import { bigint, index, integer, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/**
 * A channel's recruitment risk, recomputed from reviewers' decisions and the links between channels
 * (src/channels/risk.ts). One row per channel seen in an item or watched; `elevatedAt` is set while the
 * score is over the threshold, which raises the priority of its items and its scan frequency.
 */
export const channelRisk = pgTable(
  'channel_risk',
  {
    channel: text('channel').primaryKey(),
    score: real('score').notNull().default(0),
    confirmedItems: integer('confirmed_items').notNull().default(0),
    dismissedItems: integer('dismissed_items').notNull().default(0),
    forwardsFromConfirmed: integer('forwards_from_confirmed').notNull().default(0),
    linksToConfirmed: integer('links_to_confirmed').notNull().default(0),
    sharedIndicators: integer('shared_indicators').notNull().default(0),
    details: jsonb('details').$type<Record<string, unknown>>(),
    elevatedAt: timestamp('elevated_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('channel_risk_score_idx').on(t.score.desc())],
);

/** Append-only log of what admins did outside a review case (exports, backtests): who, what, when. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: uuid('actor_id').references(() => users.id), // null: the CLI, run by whoever holds the machine
    action: text('action').notNull(), // export | backtest
    target: text('target'), // e.g. "campaign:<id>" or "confirmed"
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_action_idx').on(t.action, t.id)],
);

/** A backtest of the current or a candidate pack against decided items; the candidate is never activated. */
export const backtestRuns = pgTable('backtest_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  startedBy: uuid('started_by').references(() => users.id),
  packDir: text('pack_dir'), // null: the active pack
  packVersion: text('pack_version'),
  status: text('status').notNull().default('running'), // running | done | failed
  summary: jsonb('summary').$type<Record<string, unknown>>(),
  error: text('error'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
