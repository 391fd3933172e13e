import { bigint, boolean, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A public Telegram channel scanned on a schedule; cursor is the newest message id stored. */
export const watchedChannels = pgTable('watched_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  handle: text('handle').notNull().unique(),
  intervalSeconds: integer('interval_seconds').notNull().default(900),
  enabled: boolean('enabled').notNull().default(true),
  cursor: bigint('cursor', { mode: 'number' }),
  status: text('status').notNull().default('new'), // new | ok | no-preview | not-found | private | error
  lastError: text('last_error'),
  lastScannedAt: timestamp('last_scanned_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
