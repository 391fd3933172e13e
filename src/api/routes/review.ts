import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CASE_STATUSES } from '../../db/schema/index.ts';
import { listQueue } from '../../repos/review.repo.ts';
import type { ApiDeps } from '../server.ts';

const Query = z.strictObject({
  status: z.enum(CASE_STATUSES).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const reviewRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/review/queue', async (req) => {
    const query = Query.parse(req.query);
    const { rows, total } = await listQueue(deps.db, query);
    return { total, limit: query.limit, offset: query.offset, items: rows };
  });
};
