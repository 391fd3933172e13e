import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../server.ts';

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (err) {
    return `down: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/healthz', { config: { docs: { summary: 'The process is up', access: 'public' } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { docs: { summary: 'Redis and the database answer (503 naming what is down); the pack version', access: 'public', responses: { 200: 'ready', 503: 'not ready' } } } }, async (_req, reply) => {
    const [redis, db] = await Promise.all([probe(() => deps.redis.ping(), 1_500), probe(() => deps.database.ping(), 3_000)]);
    const ready = redis === 'ok' && db === 'ok';
    // the pack this process scores with: two processes answering different versions are out of step
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', redis, db, pack: deps.scorer.packVersion });
  });
};
