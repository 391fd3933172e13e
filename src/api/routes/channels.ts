import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { channelsOverview, SEEN_DEFAULT_LIMIT } from '../../channels/overview.ts';
import { findChannel } from '../../repos/channels.repo.ts';
import { queueScanNow } from '../../telegram/scan-job.ts';
import { HandleError, unwatchChannel, watchableHandle, watchChannel } from '../../telegram/watchlist.ts';
import { requirePermission } from '../auth.ts';
import type { ApiDeps } from '../server.ts';

const ChannelsQuery = z.strictObject({ seen: z.coerce.number().int().min(0).max(1_000).default(SEEN_DEFAULT_LIMIT) });
const HandleParams = z.object({ handle: z.string().min(1).max(200) });
const Body = z.strictObject({
  handle: z.string().min(1).max(200),
  interval: z.coerce.number().int().min(30, 'interval: at least 30 seconds').max(7 * 24 * 3600).optional(),
});

export const channelRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof HandleError) return reply.code(400).send({ error: 'Bad Request', message: err.message });
    throw err;
  });

  app.get('/channels', {
    config: {
      docs: {
        summary: 'Watched channels by risk (scan status, last error, risk and its breakdown), and channels seen in items but not watched',
        description: 'channels: watched, highest risk first, each with effectiveIntervalSeconds (shortened while the risk is elevated) and risk (null until computed). seen: channels items came from that nobody watches, highest risk first, at most `seen` of them.',
        querystring: ChannelsQuery,
      },
    },
  }, async (req) => channelsOverview(deps.db, ChannelsQuery.parse(req.query ?? {}).seen));

  app.post('/channels', { preHandler: requirePermission('admin'), config: { docs: { summary: 'Watch a public channel (scanned every interval seconds)', body: Body } } }, async (req, reply) => {
    const body = Body.parse(req.body ?? {});
    const row = await watchChannel(deps, body.handle, body.interval ?? deps.config.SCAN_INTERVAL_SECONDS);
    return reply.code(201).send(row);
  });

  app.post('/channels/:handle/scan', { preHandler: requirePermission('admin'), config: { docs: { summary: 'Scan a watched channel now', params: HandleParams } } }, async (req, reply) => {
    const handle = watchableHandle(HandleParams.parse(req.params).handle);
    if (!(await findChannel(deps.db, handle))) return reply.code(404).send({ error: 'Not Found', message: `${handle} is not watched` });
    await queueScanNow(deps.queues, handle);
    return reply.code(202).send({ handle, queued: true });
  });

  app.delete('/channels/:handle', { preHandler: requirePermission('admin'), config: { docs: { summary: 'Stop watching a channel', params: HandleParams } } }, async (req, reply) => {
    const removed = await unwatchChannel(deps, HandleParams.parse(req.params).handle);
    if (!removed) return reply.code(404).send({ error: 'Not Found', message: 'that channel is not watched' });
    return reply.code(204).send();
  });
};
