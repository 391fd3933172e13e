import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { apiTokens, users, type Role } from '../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;

export async function insertUser(db: DbOrTx, name: string, role: Role, passwordHash: string | null): Promise<UserRow> {
  const [row] = await db.insert(users).values({ name, role, passwordHash }).returning();
  return row;
}

export async function findUserByName(db: DbOrTx, name: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.name, name));
  return row;
}

export async function insertToken(db: DbOrTx, userId: string, tokenHash: string, label: string | null): Promise<void> {
  await db.insert(apiTokens).values({ userId, tokenHash, label });
}

/** The active user behind a token hash, if the token is neither revoked nor the user disabled. */
export async function findUserByTokenHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ id: users.id, name: users.name, role: users.role, tokenId: apiTokens.id })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)));
  return row;
}

export async function touchToken(db: DbOrTx, tokenId: string): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, tokenId));
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}
