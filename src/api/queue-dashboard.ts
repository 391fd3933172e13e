import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/roles.ts';
import { QUEUE_NAMES } from '../jobs/contracts.ts';
import { maintenanceQueue } from '../maintenance/queue.ts';
import { findUserById } from '../repos/users.repo.ts';
import { redisSessions, sessionIdFrom } from '../web/sessions.ts';
import { userFromBearer, type AuthUser } from './auth.ts';
import { documentPluginRoutes } from './openapi.ts';
import type { ApiDeps } from './server.ts';

export const DASHBOARD_PREFIX = '/admin/queues';

// bull-board's page links a Google Fonts stylesheet: the link is taken out of the page (it falls back to
// system fonts), and this policy keeps the browser from loading anything else off this server.
const REMOTE_STYLESHEET = /<link[^>]+href="https?:\/\/[^"]*"[^>]*>/g;
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/**
 * bull-board at /admin/queues, for admins only: a signed-in admin session or an admin API token.
 * Anyone else gets 403; nobody signed in gets 401, or a redirect to /login when a browser asks for the page.
 */
export const queueDashboard = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const sessions = redisSessions(deps.redis, deps.config.QUEUE_PREFIX);
  const sessionUser = async (req: FastifyRequest): Promise<AuthUser | null> => {
    const id = sessionIdFrom(req.headers.cookie);
    const userId = id ? await sessions.find(id) : null;
    const row = userId ? await findUserById(deps.db, userId) : undefined;
    return row && !row.disabledAt ? { id: row.id, name: row.name, role: row.role } : null;
  };

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const user = (await userFromBearer(deps.db, req.headers.authorization, req.log)) ?? (await sessionUser(req));
    if (!user) {
      const browser = req.method === 'GET' && /text\/html/.test(req.headers.accept ?? '');
      if (browser) return reply.redirect('/login', 303);
      return reply.code(401).send({ error: 'Unauthorized', message: 'sign in as an admin, or send Authorization: Bearer <admin token>' });
    }
    if (!can(user.role, 'admin')) return reply.code(403).send({ error: 'Forbidden', message: `the ${user.role} role cannot see the queues; admins only` });
    // A retry or clean sent from another site's page is refused, as the workspace's form posts are.
    const origin = req.headers.origin;
    if (req.method !== 'GET' && origin && origin !== `${req.protocol}://${req.headers.host}` && origin !== new URL(deps.config.PUBLIC_URL).origin) {
      return reply.code(403).send({ error: 'Forbidden', message: 'queue changes can only be sent from recruitwatch itself' });
    }
    req.user = user;
    if (req.method !== 'GET') req.log.info({ userId: user.id, method: req.method, url: req.url }, 'queue dashboard action');
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', DASHBOARD_CSP).header('cache-control', 'no-store');
    const html = typeof payload === 'string' && /text\/html/.test(String(reply.getHeader('content-type')));
    return html ? payload.replace(REMOTE_STYLESHEET, '') : payload;
  });
  documentPluginRoutes(app, (route) => ({
    summary: `Queue dashboard (bull-board): ${String(route.method)} ${route.url}`,
    description: 'The page, its assets and the JSON API it calls (list jobs, retry, clean, promote).',
    access: 'session-or-bearer',
    permission: 'admin',
  }));

  const serverAdapter = new FastifyAdapter().setBasePath(DASHBOARD_PREFIX);
  const maintenance = maintenanceQueue(deps.redis, deps.config.QUEUE_PREFIX); // re-score and retention runs
  app.addHook('onClose', () => maintenance.close());
  createBullBoard({
    queues: [...QUEUE_NAMES.map((name) => new BullMQAdapter(deps.queues[name])), new BullMQAdapter(maintenance)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'recruitwatch queues' } },
  });
  await app.register(serverAdapter.registerPlugin() as FastifyPluginAsync, { prefix: DASHBOARD_PREFIX });
};
