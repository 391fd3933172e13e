import { bigint, boolean, index, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { items } from './items.ts';

/**
 * Every score row a re-score replaced, written by a trigger on scores (migrations/0003), so no path
 * that updates a score can forget it. `row` is the whole old row as JSON: it survives columns added
 * to scores later; the columns beside it are the ones a query filters on.
 */
export const scoreHistory = pgTable(
  'score_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: uuid('item_id').notNull().references(() => items.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    flagged: boolean('flagged').notNull(),
    packVersion: text('pack_version').notNull(),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
    replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull().defaultNow(),
    row: jsonb('row').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('score_history_item_idx').on(t.itemId, t.id)],
);
