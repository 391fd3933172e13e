import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { items, type ItemStatus } from '../db/schema/index.ts';

export type ItemRow = typeof items.$inferSelect;
export type NewItem = typeof items.$inferInsert;

export async function findItem(db: DbOrTx, id: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(items).where(eq(items.id, id));
  return row;
}

/** Inserts the item unless its identity exists; returns whether this call created it. */
export async function insertItemIfNew(db: DbOrTx, row: NewItem): Promise<boolean> {
  const created = await db.insert(items).values(row).onConflictDoNothing().returning({ id: items.id });
  return created.length === 1;
}

/** Replaces the text of an edited item and sends it back through scoring. */
export async function applyEdit(db: DbOrTx, id: string, edit: Pick<NewItem, 'text' | 'contentHash' | 'url'>) {
  await db
    .update(items)
    .set({ ...edit, editedAt: sql`now()`, updatedAt: sql`now()`, status: 'queued', error: null })
    .where(eq(items.id, id));
}

export async function setItemStatus(db: DbOrTx, id: string, status: ItemStatus, error: string | null = null) {
  await db.update(items).set({ status, error, updatedAt: sql`now()` }).where(eq(items.id, id));
}
