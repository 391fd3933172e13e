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

/** An active user: a disabled one is not found, so a session they still hold is refused everywhere. */
export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.id, id), isNull(users.disabledAt))).limit(1);
  return row;
}

/** Every user with the count of their live tokens, for `user list` and the Users page. */
export async function listUsers(db: DbOrTx) {
  return db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      createdAt: users.createdAt,
      disabledAt: users.disabledAt,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      // spelled out: drizzle leaves columns unqualified in a one-table select, and "id" would be the token's
      activeTokens: sql<number>`(select count(*)::int from api_tokens t where t.user_id = "users"."id" and t.revoked_at is null)`,
    })
    .from(users)
    .orderBy(users.name);
}

export async function setUserDisabled(db: DbOrTx, name: string, disabled: boolean): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set({ disabledAt: disabled ? sql`coalesce(${users.disabledAt}, now())` : null }).where(eq(users.name, name)).returning();
  return row;
}

export async function setUserRole(db: DbOrTx, name: string, role: Role): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set({ role }).where(eq(users.name, name)).returning();
  return row;
}

export async function setPasswordHash(db: DbOrTx, name: string, passwordHash: string): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set({ passwordHash }).where(eq(users.name, name)).returning();
  return row;
}

/** Revokes every live token of the user; the number revoked. */
export async function revokeTokens(db: DbOrTx, userId: string): Promise<number> {
  const rows = await db.update(apiTokens).set({ revokedAt: sql`now()` }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
  return rows.length;
}

/** A user's name whatever their state (a disabled reviewer's old claim still names them). */
export async function userNameById(db: DbOrTx, id: string): Promise<string | undefined> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, id)).limit(1);
  return row?.name;
}
