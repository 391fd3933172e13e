import type { Job, Queue } from 'bullmq';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { QUEUE_NAMES } from '../../jobs/contracts.ts';
import { maintenanceQueue, queueRescore } from '../../maintenance/queue.ts';
import { requirePermission } from '../auth.ts';
import type { ApiDeps } from '../server.ts';

const Params = z.object({ id: z.string().regex(/^[\w:.-]{1,200}$/, 'id: a job id (letters, digits, _ : . -)') });

/** What a script polling a long job needs: where it is, how far it got, and how it ended. */
async function describe(job: Job, queue: Queue) {
  return {
    id: job.id,
    queue: queue.name,
    name: job.name,
    state: await job.getState(),
    progress: job.progress,
    attemptsMade: job.attemptsMade,
    createdAt: new Date(job.timestamp).toISOString(),
    startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    result: job.returnvalue ?? null,
    failedReason: job.failedReason ?? null,
  };
}

export const jobRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const maintenance = maintenanceQueue(deps.redis, deps.config.QUEUE_PREFIX);
  app.addHook('onClose', () => maintenance.close());
  const queues: Queue[] = [maintenance, ...QUEUE_NAMES.map((n) => deps.queues[n])];
  const admin = requirePermission('admin');

  app.get('/jobs/:id', { preHandler: admin, config: { docs: { summary: 'A background job (a re-score, a retention run, any queue’s job): state and progress', params: Params, responses: { 200: 'the job', 404: 'no such job (finished jobs are kept a day)' } } } }, async (req, reply) => {
    const { id } = Params.parse(req.params);
    for (const queue of queues) {
      const job = await queue.getJob(id);
      if (job) return describe(job, queue);
    }
    return reply.code(404).send({ error: 'Not Found', message: `no job ${id} in any queue` });
  });

  app.post('/jobs/rescore', { preHandler: admin, config: { docs: { summary: 'Queue a re-score of every item an older pattern pack scored (the pack this API process runs)', responses: { 202: '{ jobId } to poll at GET /api/jobs/:id' } } } }, async (_req, reply) => {
    const job = await queueRescore(maintenance, deps.scorer.packVersion);
    return reply.code(202).send({ jobId: job.id, packVersion: deps.scorer.packVersion });
  });
};
