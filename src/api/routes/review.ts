import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { CASE_STATUSES } from '../../db/schema/index.ts';
import { prose } from '../../jobs/safe-string.ts';
import { listCaseEvents, listQueue } from '../../repos/review.repo.ts';
import { CaseConflictError, CaseNotFoundError, claimCase, DECISIONS, decideCase, noteCase, releaseCase, takeOverCase } from '../../review/decisions.ts';
import { requirePermission } from '../auth.ts';
import type { ApiDeps } from '../server.ts';

const Query = z.strictObject({
  status: z.enum(CASE_STATUSES).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const Params = z.object({ caseId: z.string().uuid('caseId: not a case id (a UUID)') });
// Notes keep newlines and tabs, not NUL (PostgreSQL cannot store it) nor other control characters.
const Note = prose(5_000);
const DecisionBody = z.strictObject({ decision: z.enum(DECISIONS), note: Note.optional() });

async function answer(reply: FastifyReply, work: () => Promise<unknown>) {
  try {
    return reply.send(await work());
  } catch (err) {
    if (err instanceof CaseNotFoundError) return reply.code(404).send({ error: 'Not Found', message: err.message });
    if (err instanceof CaseConflictError) return reply.code(409).send({ error: 'Conflict', message: err.message });
    throw err;
  }
}

export const reviewRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/review/queue', { config: { docs: { summary: 'Review cases with score and priority, highest priority (score plus boosts) first', querystring: Query } } }, async (req) => {
    const query = Query.parse(req.query);
    const { rows, total } = await listQueue(deps.db, query);
    return { total, limit: query.limit, offset: query.offset, items: rows };
  });

  const reviewer = (summary: string, body?: z.ZodType) => ({ preHandler: requirePermission('review'), config: { docs: { summary, params: Params, body } } });
  app.post('/review/cases/:caseId/claim', reviewer('Claim a case (409 when another reviewer holds it)'), (req, reply) =>
    answer(reply, () => claimCase(deps.db, Params.parse(req.params).caseId, req.user!.id)));
  app.post('/review/cases/:caseId/release', reviewer('Release a claimed case'), (req, reply) =>
    answer(reply, () => releaseCase(deps.db, Params.parse(req.params).caseId, req.user!.id)));
  app.post('/review/cases/:caseId/takeover', { preHandler: requirePermission('admin'), config: { docs: { summary: 'Take over a case another reviewer holds under a live lease (admins only; logged as taken_over naming the previous holder; 409 when nobody else holds it)', params: Params } } }, (req, reply) =>
    answer(reply, () => takeOverCase(deps.db, Params.parse(req.params).caseId, req.user!.id)));
  app.post('/review/cases/:caseId/decision', reviewer('Decide a case: confirmed, dismissed or escalated', DecisionBody), (req, reply) => {
    const { caseId } = Params.parse(req.params);
    const body = DecisionBody.parse(req.body ?? {});
    return answer(reply, () => decideCase(deps.db, caseId, req.user!.id, body.decision, body.note));
  });
  const NoteBody = z.strictObject({ note: Note });
  app.post('/review/cases/:caseId/notes', reviewer('Add a note to a case', NoteBody), (req, reply) => {
    const { caseId } = Params.parse(req.params);
    const { note } = NoteBody.parse(req.body ?? {});
    return answer(reply, async () => {
      await noteCase(deps.db, caseId, req.user!.id, note);
      return { caseId, noted: true };
    });
  });
  app.get('/review/cases/:caseId/events', { config: { docs: { summary: "A case's audit log", params: Params } } }, async (req) => ({ events: await listCaseEvents(deps.db, Params.parse(req.params).caseId) }));
};
