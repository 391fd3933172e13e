import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, type Permission } from '../auth/roles.ts';
import type { Db } from '../db/client.ts';
import { findUserById, type UserRow } from '../repos/users.repo.ts';
import { esc, page } from './html.ts';
import { csrfMatches, sessionIdFrom, type SessionStore } from './sessions.ts';

/** The signed-in person behind a request, with their session's CSRF token for the forms of the page. */
export interface Viewer { user: UserRow; csrf: string; sessionId: string }

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * preHandler factory for the workspace's routes. Every request needs a live session of an active
 * user (a disabled user's session is refused: findUserById finds active users only). A request that
 * changes something must come from our origin AND carry the session's CSRF token (the `_csrf` form
 * field or the `x-csrf-token` header). A permission, when given, is checked on the server; it rides
 * on the function so the OpenAPI document and the authorization test can read it.
 */
export function sessionGuard(deps: { db: Db; publicUrl: string }, sessions: SessionStore) {
  const ownOrigins = (req: FastifyRequest) => [`${req.protocol}://${req.headers.host}`, new URL(deps.publicUrl).origin];
  return (permission?: Permission) => {
    const check = async (req: FastifyRequest, reply: FastifyReply) => {
      const id = sessionIdFrom(req.headers.cookie);
      const session = id ? await sessions.session(id) : null;
      const user = session ? await findUserById(deps.db, session.userId) : undefined;
      if (!id || !session || !user) {
        if (req.method === 'GET') return reply.redirect('/login', 303);
        return reply.code(401).send({ error: 'Unauthorized', message: 'sign in first' });
      }
      if (!SAFE.has(req.method)) {
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== 'null' && !ownOrigins(req).includes(origin)) return refuse(reply, 'This form can only be sent from recruitwatch itself.');
        const body = req.body as Record<string, unknown> | undefined;
        const sent = req.headers['x-csrf-token'] ?? (body && typeof body === 'object' ? body._csrf : undefined);
        if (!csrfMatches(session.csrf, sent)) return refuse(reply, 'The form is out of date or was not sent by this page: reload the page and try again.');
      }
      if (permission && !can(user.role, permission)) return refuse(reply, `The ${user.role} role cannot do this (${permission} needed).`);
      req.viewer = { user, csrf: session.csrf, sessionId: id };
    };
    return Object.assign(check, { permission });
  };
}

function refuse(reply: FastifyReply, message: string) {
  return reply.code(403).header('content-type', 'text/html; charset=utf-8').send(page('Refused', `<main><h1>Refused</h1><p class="error" role="alert">${esc(message)}</p><p><a href="/review">Back to the queue</a></p></main>`));
}

/**
 * The /api routes' fallback when a request has no Bearer token: the workspace's own pages (the
 * upload page) call the API with the session cookie. A call that changes something must carry the
 * session's CSRF token in `x-csrf-token` and come from our origin, as the pages' forms must.
 */
export function sessionApiUser(deps: { db: Db; publicUrl: string }, sessions: SessionStore) {
  return async (req: FastifyRequest): Promise<{ user: { id: string; name: string; role: UserRow['role'] } } | { refused: string } | null> => {
    const id = sessionIdFrom(req.headers.cookie);
    const session = id ? await sessions.session(id) : null;
    const user = session ? await findUserById(deps.db, session.userId) : undefined;
    if (!session || !user) return null;
    if (!SAFE.has(req.method)) {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== 'null' && origin !== `${req.protocol}://${req.headers.host}` && origin !== new URL(deps.publicUrl).origin) return { refused: 'changes can only be sent from recruitwatch itself' };
      if (!csrfMatches(session.csrf, req.headers['x-csrf-token'])) return { refused: 'send the page\'s CSRF token in x-csrf-token' };
    }
    return { user: { id: user.id, name: user.name, role: user.role } };
  };
}
