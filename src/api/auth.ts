import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import type { Role } from '../db/schema/index.ts';
import { can, type Permission } from '../auth/roles.ts';
import { hashToken } from '../auth/tokens.ts';
import { findUserByTokenHash, touchToken } from '../repos/users.repo.ts';

export interface AuthUser {
  id: string;
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

// A token is looked up once per TOKEN_CACHE_MS, not on every request, and its last use written at
// most once per TOKEN_TOUCH_MS: these were two of the database's round trips for every post. The cost:
// a revoked token or disabled user keeps working for up to TOKEN_CACHE_MS in a process that saw it.
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_TOUCH_MS = 60_000;
const CACHE_LIMIT = 10_000; // distinct tokens kept at once; a flood of made-up tokens only empties the cache

interface CachedToken { user: AuthUser | null; tokenId?: string; until: number }
const caches = new WeakMap<Db, { tokens: Map<string, CachedToken>; touched: Map<string, number> }>();

/** The user an `Authorization: Bearer <token>` header names, or null (no header, unknown or revoked token). */
export async function userFromBearer(db: Db, header: string | undefined, log: FastifyRequest['log']): Promise<AuthUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { tokens: new Map(), touched: new Map() }));
  const hash = hashToken(match[1]);
  const now = Date.now();
  let entry = cache.tokens.get(hash);
  if (!entry || entry.until < now) {
    const found = await findUserByTokenHash(db, hash);
    entry = { user: found ? { id: found.id, name: found.name, role: found.role } : null, tokenId: found?.tokenId, until: now + TOKEN_CACHE_MS };
    if (cache.tokens.size >= CACHE_LIMIT) cache.tokens.clear();
    cache.tokens.set(hash, entry);
  }
  if (entry.tokenId && now - (cache.touched.get(entry.tokenId) ?? 0) >= TOKEN_TOUCH_MS) {
    if (cache.touched.size >= CACHE_LIMIT) cache.touched.clear();
    cache.touched.set(entry.tokenId, now);
    // bookkeeping must not fail the request, but a failure is logged
    void touchToken(db, entry.tokenId).catch((err: Error) => log.warn({ err: err.message }, 'could not record the token use'));
  }
  return entry.user;
}

type SessionFallback = (req: FastifyRequest) => Promise<{ user: AuthUser } | { refused: string } | null>;

/** onRequest hook for /api/*: a valid Bearer token, else (for the workspace's pages) a signed-in session, or 401. */
export function bearerAuth(db: Db, session?: SessionFallback) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!/^Bearer\s+(\S+)$/i.test(req.headers.authorization ?? '')) {
      const found = session && req.headers.cookie ? await session(req) : null;
      if (found && 'refused' in found) return reply.code(403).send({ error: 'Forbidden', message: found.refused });
      if (found) {
        req.user = found.user;
        return;
      }
      return reply.code(401).send({ error: 'Unauthorized', message: 'send Authorization: Bearer <token> (create one with `recruitwatch user add`)' });
    }
    const user = await userFromBearer(db, req.headers.authorization, req.log);
    if (!user) return reply.code(401).send({ error: 'Unauthorized', message: 'the API token is unknown or revoked' });
    req.user = user;
  };
}

/** preHandler for a route that needs more than reading; it carries its permission so the OpenAPI document can name it. */
export function requirePermission(permission: Permission) {
  const check = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user || !can(req.user.role, permission)) {
      return reply.code(403).send({ error: 'Forbidden', message: `the ${req.user?.role ?? 'anonymous'} role cannot ${permission}` });
    }
  };
  return Object.assign(check, { permission });
}
