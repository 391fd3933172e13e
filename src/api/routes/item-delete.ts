import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { purgeItem } from '../../maintenance/purge.ts';
import { requirePermission } from '../auth.ts';
import type { ApiDeps } from '../server.ts';

const Params = z.object({ id: z.string().uuid('id: not an item id (a UUID)') });
const Body = z.strictObject({ reason: z.string().trim().min(3, 'reason: say why (it goes in the audit log)').max(2_000) });

/**
 * The one way confirmed evidence leaves: an admin deletes the item, with a reason. Its content goes
 * (as retention removes a dismissed item's); its row and review case stay, and the case's append-only
 * log gets a 'purged' event naming the admin. The deletion is also logged.
 */
export const itemDeleteRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.delete('/items/:id', { preHandler: requirePermission('admin'), config: { docs: { summary: "Delete an item's content (confirmed evidence included): text, scores, links, images; the case and its audit log stay", params: Params, body: Body, responses: { 200: 'deleted', 404: 'no such item' } } } }, async (req, reply) => {
    const { id } = Params.parse(req.params);
    const { reason } = Body.parse(req.body ?? {});
    const outcome = await purgeItem({ db: deps.db, config: deps.config, log: deps.log }, id, { actorId: req.user!.id, reason });
    if (!outcome) return reply.code(404).send({ error: 'Not Found', message: `no item ${id}` });
    req.log.warn({ itemId: id, by: req.user!.name, caseStatus: outcome.caseStatus, reason }, 'item deleted by an admin');
    return { itemId: id, deleted: true, caseStatus: outcome.caseStatus, removedImages: outcome.removedImages };
  });
};
