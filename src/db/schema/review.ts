import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { items } from './items.ts';
import { users } from './users.ts';

export const CASE_STATUSES = ['pending', 'claimed', 'confirmed', 'dismissed', 'escalated'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** One review case per flagged item; priority follows the latest score. */
export const reviewCases = pgTable(
  'review_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id').notNull().unique().references(() => items.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('pending'),
    priority: real('priority').notNull(),
    claimedBy: uuid('claimed_by').references(() => users.id),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('review_cases_queue_idx').on(t.status, t.priority),
    // The workspace's open queue in its order (priority, then age): the first page and every keyset page
    // read 51 entries instead of sorting every open case (tests/bench/review-queue.bench.ts).
    index('review_cases_open_order_idx').on(t.priority.desc().nullsFirst(), t.createdAt, t.id).where(sql`${t.status} in ('pending', 'escalated', 'claimed')`),
  ],
);

/** Append-only audit log: a trigger in the migrations refuses UPDATE and DELETE. */
export const reviewEvents = pgTable(
  'review_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id').notNull().references(() => reviewCases.id),
    actorId: uuid('actor_id').references(() => users.id), // null: the system
    action: text('action').notNull(), // created | rescored | claimed | released | confirmed | dismissed | escalated | noted
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_events_case_idx').on(t.caseId, t.id)],
);
