import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';

// Browser sessions live in Redis (shared by every API node), keyed by the sha256 of a random id so a
// Redis dump holds no usable cookie. The cookie is httpOnly and SameSite=Strict: scripts cannot read
// it and other sites cannot send it. Each session also holds its own CSRF token, which every form and
// fetch that changes something must echo (checked with the Origin header, not instead of it).
export const SESSION_COOKIE = 'rw_session';
const TTL_SECONDS = 12 * 60 * 60; // one working day, renewed by use

export interface Session { userId: string; csrf: string }

export interface SessionStore {
  create(userId: string): Promise<string>;
  /** The user id of a live session (renews it), or null. */
  find(id: string): Promise<string | null>;
  session(id: string): Promise<Session | null>;
  destroy(id: string): Promise<void>;
  /** Ends every session of a user (disabled, password changed). */
  destroyAllOf(userId: string): Promise<void>;
}

export function redisSessions(redis: Redis, prefix: string): SessionStore {
  const hashed = (id: string) => createHash('sha256').update(id).digest('hex');
  const key = (id: string) => `${prefix}:session:${hashed(id)}`;
  const userIndex = (userId: string) => `${prefix}:sessions-of:${userId}`;
  const store: SessionStore = {
    async create(userId) {
      const id = randomBytes(32).toString('base64url');
      const csrf = randomBytes(32).toString('base64url');
      await redis.multi()
        .hset(key(id), 'user', userId, 'csrf', csrf).expire(key(id), TTL_SECONDS)
        .sadd(userIndex(userId), hashed(id)).expire(userIndex(userId), TTL_SECONDS)
        .exec();
      return id;
    },
    async find(id) {
      return (await store.session(id))?.userId ?? null;
    },
    async session(id) {
      const [userId, csrf] = await redis.hmget(key(id), 'user', 'csrf');
      if (!userId || !csrf) return null;
      await redis.expire(key(id), TTL_SECONDS);
      return { userId, csrf };
    },
    async destroy(id) {
      await redis.del(key(id));
    },
    async destroyAllOf(userId) {
      const ids = await redis.smembers(userIndex(userId));
      await redis.del(...ids.map((h) => `${prefix}:session:${h}`), userIndex(userId));
    },
  };
  return store;
}

/** Constant-time comparison of a sent CSRF token with the session's. */
export function csrfMatches(expected: string, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** A cookie's value from a Cookie header, or null. */
export function cookieFrom(cookieHeader: string | undefined, cookie: string): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookie) return rest.join('=') || null;
  }
  return null;
}

/** The session id from a Cookie header, or null. */
export function sessionIdFrom(cookieHeader: string | undefined): string | null {
  return cookieFrom(cookieHeader, SESSION_COOKIE);
}

export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${TTL_SECONDS}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

// Before sign-in there is no session: the sign-in form carries a token that must equal this cookie's
// (double submit), so another site cannot sign a browser in to an account of its choosing.
export const LOGIN_CSRF_COOKIE = 'rw_login_csrf';
export function loginCsrfCookie(token: string, secure: boolean): string {
  return `${LOGIN_CSRF_COOKIE}=${token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600${secure ? '; Secure' : ''}`;
}

/**
 * Sign-in attempts counted in Redis per user name and per address over a window: past the limit,
 * sign-in answers 429 without checking the password (no guessing at scrypt speed, no lock-out by
 * a correct password either). A success clears the name's count.
 */
export const SIGN_IN_LIMITS = { perName: 5, perAddress: 20, windowSeconds: 15 * 60 };

export function signInLimiter(redis: Redis, prefix: string, limits = SIGN_IN_LIMITS) {
  const nameKey = (name: string) => `${prefix}:signin:name:${createHash('sha256').update(name.toLowerCase()).digest('hex')}`;
  const addrKey = (address: string) => `${prefix}:signin:addr:${address}`;
  return {
    /** Seconds to wait when either count is at its limit, else 0. */
    async blocked(name: string, address: string): Promise<number> {
      const [[, byName], [, byAddr]] = (await redis.multi().get(nameKey(name)).get(addrKey(address)).exec()) as [[unknown, string | null], [unknown, string | null]];
      if (Number(byName ?? 0) < limits.perName && Number(byAddr ?? 0) < limits.perAddress) return 0;
      const ttls = await redis.multi().ttl(nameKey(name)).ttl(addrKey(address)).exec();
      return Math.max(1, ...(ttls ?? []).map(([, t]) => Number(t)));
    },
    async failed(name: string, address: string): Promise<void> {
      await redis.multi()
        .incr(nameKey(name)).expire(nameKey(name), limits.windowSeconds, 'NX')
        .incr(addrKey(address)).expire(addrKey(address), limits.windowSeconds, 'NX')
        .exec();
    },
    async succeeded(name: string): Promise<void> {
      await redis.del(nameKey(name));
    },
  };
}
