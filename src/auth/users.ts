import { scrypt, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Db } from '../db/client.ts';
import type { Role } from '../db/schema/index.ts';
import { findUserByName, insertToken, insertUser } from '../repos/users.repo.ts';
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

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 64);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}
