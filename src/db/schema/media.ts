import { index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { items } from './items.ts';

export const OCR_STATUSES = ['pending', 'done', 'failed'] as const;

/** An image stored content-addressed by sha256: one row, one file, one OCR per distinct bytes. */
export const media = pgTable(
  'media',
  {
    sha256: text('sha256').primaryKey(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    path: text('path').notNull(), // relative to DATA_DIR/media
    phash: text('phash'),
    // Near-duplicate images (one flyer photographed twice) share a cluster: the sha256 of the first seen.
    cluster: text('cluster'),
    ocrStatus: text('ocr_status', { enum: OCR_STATUSES }).notNull().default('pending'),
    ocrError: text('ocr_error'),
    ocrText: text('ocr_text'),
    ocrConfidence: real('ocr_confidence'),
    ocrLang: text('ocr_lang'),
    ocrWords: jsonb('ocr_words'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('media_phash_idx').on(t.phash), index('media_cluster_idx').on(t.cluster)], // cluster: campaigns link items by near-duplicate image
);

export const itemMedia = pgTable(
  'item_media',
  {
    itemId: uuid('item_id').notNull().references(() => items.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull().references(() => media.sha256),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.sha256] }), index('item_media_sha_idx').on(t.sha256)],
);
