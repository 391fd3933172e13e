import { randomBytes, createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// Browser sessions live in Redis (shared by every API node), keyed by the sha256 of a random id so a
// Redis dump holds no usable cookie. The cookie is httpOnly and SameSite=Strict: scripts cannot read
// it and other sites cannot send it, which is also what stops cross-site form posts.
export const SESSION_COOKIE = 'rw_session';
const TTL_SECONDS = 12 * 60 * 60; // one working day, renewed by use

export interface SessionStore {
  create(userId: string): Promise<string>;
  find(id: string): Promise<string | null>;
  destroy(id: string): Promise<void>;
}

export function redisSessions(redis: Redis, prefix: string): SessionStore {
  const key = (id: string) => `${prefix}:session:${createHash('sha256').update(id).digest('hex')}`;
  return {
    async create(userId) {
      const id = randomBytes(32).toString('base64url');
      await redis.set(key(id), userId, 'EX', TTL_SECONDS);
      return id;
    },
    async find(id) {
      const userId = await redis.get(key(id));
      if (userId) await redis.expire(key(id), TTL_SECONDS);
      return userId;
    },
    async destroy(id) {
      await redis.del(key(id));
    },
  };
}

/** The session id from a Cookie header, or null. */
export function sessionIdFrom(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || null;
  }
  return null;
}

export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${TTL_SECONDS}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
