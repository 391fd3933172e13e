import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { prose } from '../../jobs/safe-string.ts';
import { campaignMembers, findCampaign } from '../../repos/campaigns.repo.ts';
import { DECISIONS, decideCampaign, leaseHeld } from '../../review/decisions.ts';
import { requirePermission } from '../auth.ts';
import type { ApiDeps } from '../server.ts';

const Params = z.object({ id: z.string().uuid('id: not an item id (a UUID): any member item names its campaign') });
const DecisionBody = z.strictObject({
  decision: z.enum(DECISIONS),
  itemIds: z.array(z.string().uuid('itemIds: item ids (UUIDs)')).min(1).max(2_000),
  note: prose(5_000).optional(),
});

export const campaignRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/campaigns/:id', { config: { docs: { summary: 'The campaign an item belongs to: its items (score, case status, claim), the contacts that link them and their channels', params: Params, responses: { 200: 'the campaign', 404: 'no such item' } } } }, async (req, reply) => {
    const { id } = Params.parse(req.params);
    const campaign = await findCampaign(deps.db, id);
    if (!campaign) return reply.code(404).send({ error: 'Not Found', message: `no item ${id}` });
    const members = await campaignMembers(deps.db, campaign.itemIds, leaseHeld());
    return {
      id: campaign.id,
      truncated: campaign.truncated,
      items: members.map((m) => ({
        itemId: m.itemId,
        source: m.source,
        channel: m.channel,
        text: m.text,
        ingestedAt: m.ingestedAt,
        score: m.score,
        review: m.caseId ? { caseId: m.caseId, status: m.status, claimedBy: m.leaseHeld ? m.claimedBy : null } : null,
      })),
      indicators: campaign.indicators,
      channels: campaign.channels,
    };
  });

  app.post('/campaigns/:id/decision', {
    preHandler: requirePermission('review'),
    config: { docs: {
      summary: 'One decision for the chosen items of a campaign, recorded per item (data.campaign); items another reviewer holds, already decided, or not in the campaign are skipped and listed with the reason',
      params: Params, body: DecisionBody, responses: { 200: '{ campaignId, decision, decided, skipped }', 404: 'no such item' },
    } },
  }, async (req, reply) => {
    const { id } = Params.parse(req.params);
    const body = DecisionBody.parse(req.body ?? {});
    const result = await decideCampaign(deps.db, id, { itemIds: body.itemIds, userId: req.user!.id, decision: body.decision, note: body.note });
    if (!result) return reply.code(404).send({ error: 'Not Found', message: `no item ${id}` });
    req.log.info({ campaignId: result.campaignId, decision: body.decision, decided: result.decided.length, skipped: result.skipped.length }, 'campaign decision');
    return { campaignId: result.campaignId, decision: body.decision, decided: result.decided, skipped: result.skipped };
  });
};
