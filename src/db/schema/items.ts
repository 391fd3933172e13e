import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const ITEM_STATUSES = ['queued', 'processing', 'scored', 'failed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** One post, upload or flyer. source+channel+externalId is its identity, whatever path it came by. */
export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey(),
    source: text('source').notNull(), // api | telegram | upload | bot
    channel: text('channel').notNull().default(''),
    externalId: text('external_id').notNull(),
    text: text('text').notNull().default(''),
    contentHash: text('content_hash').notNull(), // sha256 of the text: tells an edit from a re-delivery
    url: text('url'),
    forwardedFrom: text('forwarded_from'), // the channel handle a forwarded post came from (channel risk follows forwards)
    postedAt: timestamp('posted_at', { withTimezone: true }),
    ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }), // vanished at the source; kept as evidence
    // retention removed its text, score details, links and images; the row and its review case stay for the audit log
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    status: text('status', { enum: ITEM_STATUSES }).notNull().default('queued'),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('items_source_channel_external_uq').on(t.source, t.channel, t.externalId),
    index('items_channel_idx').on(t.channel),
    index('items_forwarded_from_idx').on(t.forwardedFrom).where(sql`${t.forwardedFrom} is not null`), // channel risk: who forwards a confirmed channel
    index('items_status_idx').on(t.status).where(sql`${t.status} <> 'scored'`),
  ],
);
