import { scrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Db } from '../db/client.ts';
import type { Role } from '../db/schema/index.ts';
import { findUserByName, insertToken, insertUser, type UserRow } from '../repos/users.repo.ts';
import { generateToken, hashToken } from './tokens.ts';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export class UserExistsError extends Error {}

/** Creates a user and a first API token; the token is returned once and never stored in clear. */
export async function addUser(db: Db, input: { name: string; role: Role; password?: string }) {
  if (await findUserByName(db, input.name)) throw new UserExistsError(`a user named "${input.name}" already exists`);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const token = generateToken();
  const user = await db.transaction(async (tx) => {
    const created = await insertUser(tx, input.name, input.role, passwordHash);
    await insertToken(tx, created.id, hashToken(token), 'created with the user');
    return created;
  });
  return { user, token };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 64);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

// Compared against when the user is unknown, so a wrong name takes as long as a wrong password.
const DUMMY_HASH = `scrypt$${randomBytes(16).toString('base64')}$${randomBytes(64).toString('base64')}`;

/** The user when the name and password match a stored password, else null (same answer for both mistakes, and for a disabled user). */
export async function verifyPassword(db: Db, name: string, password: string): Promise<UserRow | null> {
  const user = await findUserByName(db, name);
  const ok = await passwordMatches(user?.passwordHash ?? DUMMY_HASH, password);
  return user && user.passwordHash && !user.disabledAt && ok ? user : null;
}

export const MIN_PASSWORD_LENGTH = 12;

async function passwordMatches(stored: string, password: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}
