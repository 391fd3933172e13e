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

/** The user an `Authorization: Bearer <token>` header names, or null (no header, unknown or revoked token). */
export async function userFromBearer(db: Db, header: string | undefined, log: FastifyRequest['log']): Promise<AuthUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const found = await findUserByTokenHash(db, hashToken(match[1]));
  if (!found) return null;
  // bookkeeping must not fail the request, but a failure is logged
  void touchToken(db, found.tokenId).catch((err: Error) => log.warn({ err: err.message }, 'could not record the token use'));
  return { id: found.id, name: found.name, role: found.role };
}

/** onRequest hook for /api/*: a valid Bearer token or 401. */
export function bearerAuth(db: Db) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!/^Bearer\s+(\S+)$/i.test(req.headers.authorization ?? '')) {
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
