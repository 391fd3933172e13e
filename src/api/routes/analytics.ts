import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ruleStats } from '../../analytics/rule-stats.ts';
import { requirePermission } from '../auth.ts';
import type { ApiDeps } from '../server.ts';

export const RuleStatsQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(104).default(12),
  min: z.coerce.number().int().min(1).max(100_000).default(3),
});

export const analyticsRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/analytics/rules', {
    preHandler: requirePermission('admin'),
    config: {
      docs: {
        summary: 'Per rule, category and scheme: fires on confirmed and dismissed items, precision with a 95% Wilson interval, rules only ever dismissed, and a weekly trend',
        description: 'weeks: how many ISO weeks the trend covers (by the items\' ingestion week); min: the fewest dismissals for a never-confirmed rule to be listed in dismissedOnly.',
        querystring: RuleStatsQuery,
        responses: { 200: '{ generatedAt, decided, rules, categories, schemes, dismissedOnly, minDismissed, weekly, elapsedMs }' },
      },
    },
  }, async (req) => {
    const q = RuleStatsQuery.parse(req.query);
    return ruleStats(deps.db, { weeks: q.weeks, minDismissed: q.min });
  });
};
