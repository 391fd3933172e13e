import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { ZodError } from 'zod';
import type { Deps } from '../deps.ts';
import { bearerAuth } from './auth.ts';
import { installStrictJson } from './strict-json.ts';
import { installOpenApi } from './openapi.ts';
import { queueDashboard } from './queue-dashboard.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { channelRoutes } from './routes/channels.ts';
import { healthRoutes } from './routes/health.ts';
import { installMetrics } from './routes/metrics.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import { exportRoutes } from './routes/exports.ts';
import { exportsPageRoutes } from '../exports/admin-page.ts';
import { itemDeleteRoutes } from './routes/item-delete.ts';
import { jobRoutes } from './routes/jobs.ts';
import { itemRoutes } from './routes/items.ts';
import { postRoutes } from './routes/posts.ts';
import { reviewRoutes } from './routes/review.ts';
import { telegramWebhookRoutes } from './routes/telegram-webhook.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { workspaceRoutes } from '../web/workspace.ts';
import { sessionApiUser } from '../web/guard.ts';
import { redisSessions } from '../web/sessions.ts';

export type ApiDeps = Pick<Deps, 'config' | 'log' | 'db' | 'database' | 'redis' | 'queues' | 'store' | 'scorer'>;

// A caller's X-Request-Id is kept when it is a plain token (it ends up in log lines), else a new one is made.
const genReqId = (req: { headers: Record<string, string | string[] | undefined> }) => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
};

/**
 * The HTTP API without listening, so tests can inject requests or listen on a free port.
 * onRoute sees every route as it is registered (the OpenAPI test compares them with /docs/json).
 */
export async function buildServer(deps: ApiDeps, opts: { onRoute?: (route: RouteOptions) => void } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'api' }) as FastifyBaseLogger,
    // One line per request only when debugging; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: deps.config.LOG_LEVEL !== 'debug' }),
    // JSON escapes make a body up to ~6 bytes per character; past this fastify answers 413.
    bodyLimit: Math.max(1024 * 1024, deps.config.MAX_TEXT_LENGTH * 6 + 64 * 1024),
    genReqId,
  });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    return payload;
  });
  app.decorateRequest('user', null);
  app.setErrorHandler(errorHandler);
  installStrictJson(app);
  await installOpenApi(app); // first: it documents the routes registered after it

  await app.register(healthRoutes(deps));
  installMetrics(app, deps);
  await app.register(workspaceRoutes(deps)); // the reviewers' pages, signed in with a session cookie
  await app.register(exportsPageRoutes(deps)); // /admin/exports: admins start exports and see the log of them
  await app.register(telegramWebhookRoutes(deps)); // outside /api: Telegram authenticates with the webhook secret
  await app.register(queueDashboard(deps)); // /admin/queues: admins, by session or token
  await app.register(async (api) => {
    api.addHook('onRequest', bearerAuth(deps.db, sessionApiUser({ db: deps.db, publicUrl: deps.config.PUBLIC_URL }, redisSessions(deps.redis, deps.config.QUEUE_PREFIX))));
    await api.register(postRoutes(deps));
    await api.register(itemRoutes(deps));
    await api.register(reviewRoutes(deps));
    await api.register(uploadRoutes(deps));
    await api.register(channelRoutes(deps));
    await api.register(indicatorRoutes(deps));
    await api.register(exportRoutes(deps));
    await api.register(jobRoutes(deps));
    await api.register(itemDeleteRoutes(deps));
    await api.register(campaignRoutes(deps));
    await api.register(analyticsRoutes(deps));
  }, { prefix: '/api' });
  return app;
}

function errorHandler(err: FastifyError | ZodError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return reply.code(400).send({ error: 'Bad Request', message });
  }
  const status = err.statusCode ?? 500;
  if (status >= 500) req.log.error({ err }, 'request failed');
  return reply.code(status).send({
    error: status >= 500 ? 'Internal Server Error' : err.name || 'Error',
    message: status >= 500 ? 'internal error; see the server log' : err.message,
  });
}
