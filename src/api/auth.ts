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

/** onRequest hook for /api/*: a valid Bearer token or 401. */
export function bearerAuth(db: Db) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      return reply.code(401).send({ error: 'Unauthorized', message: 'send Authorization: Bearer <token> (create one with `recruitwatch user add`)' });
    }
    const found = await findUserByTokenHash(db, hashToken(match[1]));
    if (!found) return reply.code(401).send({ error: 'Unauthorized', message: 'the API token is unknown or revoked' });
    req.user = { id: found.id, name: found.name, role: found.role };
    // bookkeeping must not fail the request, but a failure is logged
    void touchToken(db, found.tokenId).catch((err: Error) => req.log.warn({ err: err.message }, 'could not record the token use'));
  };
}

/** preHandler for a route that needs more than reading. */
export function requirePermission(permission: Permission) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user || !can(req.user.role, permission)) {
      return reply.code(403).send({ error: 'Forbidden', message: `the ${req.user?.role ?? 'anonymous'} role cannot ${permission}` });
    }
  };
}
