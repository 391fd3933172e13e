import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { items } from './items.ts';

/** A phone, handle, link, wallet or image hash; items that share one are linked through item_indicators. */
export const indicators = pgTable(
  'indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(), // phone | whatsapp | telegram | email | url | money | crypto | phash
    value: text('value').notNull(),
    detail: jsonb('detail').$type<Record<string, string | number>>(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('indicators_type_value_uq').on(t.type, t.value)],
);

export const itemIndicators = pgTable(
  'item_indicators',
  {
    itemId: uuid('item_id').notNull().references(() => items.id, { onDelete: 'cascade' }),
    indicatorId: uuid('indicator_id').notNull().references(() => indicators.id, { onDelete: 'cascade' }),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.indicatorId] }), index('item_indicators_indicator_idx').on(t.indicatorId)],
);
