import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { QUEUE_NAMES } from '../../jobs/contracts.ts';
import { survivedFailures } from '../../observability/failures.ts';
import type { ApiDeps } from '../server.ts';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children'] as const;

/**
 * Prometheus metrics: process figures, HTTP requests, and queue depths read from Redis at scrape
 * time. Installed on the root instance (not as an encapsulated plugin) so its hook sees every route.
 */
export function installMetrics(app: FastifyInstance, deps: ApiDeps): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'recruitwatch_' });
  registry.registerMetric(survivedFailures);
  const requests = new Counter({
    name: 'recruitwatch_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  new Gauge({
    name: 'recruitwatch_queue_jobs',
    help: 'BullMQ jobs per queue and state (shared by every process on this Redis)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const name of QUEUE_NAMES) {
        const counts = await deps.queues[name].getJobCounts(...STATES).catch((err: Error) => {
          deps.log.warn({ err: err.message, queue: name }, 'metrics: could not read queue counts');
          return null;
        });
        if (!counts) continue; // Redis down: /readyz says so; the scrape still answers
        for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
      }
    },
  });

  new Gauge({
    name: 'recruitwatch_pack_info',
    help: 'The pattern pack this process scores with (value 1, version as a label)',
    labelNames: ['version'],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ version: deps.scorer.packVersion }, 1);
    },
  });

  app.addHook('onResponse', async (req, reply) => {
    requests.inc({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });
  app.get('/metrics', { config: { docs: { summary: 'Prometheus metrics', access: 'public' } } }, async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
