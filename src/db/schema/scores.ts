import { boolean, index, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Indicator, Match, ScoreDetails } from '../../scoring/types.ts';
import { items } from './items.ts';

/** The latest score of an item, with the pack version that made it: a re-score is a query on packVersion. */
export const scores = pgTable(
  'scores',
  {
    itemId: uuid('item_id').primaryKey().references(() => items.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    flagged: boolean('flagged').notNull(),
    matches: jsonb('matches').$type<Match[]>().notNull(),
    indicators: jsonb('indicators').$type<Indicator[]>().notNull(),
    explanation: text('explanation').notNull().default(''),
    details: jsonb('details').$type<ScoreDetails>(), // the figures the explanation is built from; null on rows scored before it existed
    packVersion: text('pack_version').notNull(),
    scoredText: text('scored_text').notNull().default(''), // post text plus OCR text, as scored
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scores_pack_version_idx').on(t.packVersion)],
);
