import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { identifier } from '../../jobs/safe-string.ts';
import { findIndicatorItems } from '../../repos/indicators.repo.ts';
import type { ApiDeps } from '../server.ts';

const Query = z.strictObject({
  type: z.enum(['phone', 'whatsapp', 'telegram', 'email', 'url', 'money', 'crypto', 'image']),
  value: identifier(2_000).pipe(z.string().min(1)),
});

export const indicatorRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  // A phone, handle, wallet or image cluster and every item it links.
  app.get('/indicators', { config: { docs: { summary: 'An indicator (phone, handle, wallet, image cluster…) and every item it links', querystring: Query } } }, async (req, reply) => {
    const { type, value } = Query.parse(req.query);
    const found = await findIndicatorItems(deps.db, type, value);
    if (!found) return reply.code(404).send({ error: 'Not Found', message: `no ${type} indicator ${value}` });
    return found;
  });
};
