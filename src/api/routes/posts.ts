import type { FastifyPluginAsync } from 'fastify';
import { PostInput } from '../../jobs/contracts.ts';
import { submitPost } from '../../pipeline/flow.ts';
import { requirePermission } from '../auth.ts';
import { refuseWhenBusy } from '../backpressure.ts';
import { textProblem } from '../post-text.ts';
import type { ApiDeps } from '../server.ts';

export const postRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.post('/posts', {
    onRequest: refuseWhenBusy(deps, 'submit'),
    preHandler: requirePermission('submit'),
    config: { docs: { summary: 'Submit a post to be stored and scored', body: PostInput, responses: { 202: '{ itemId }', 400: 'a field is refused, named in the message', 413: 'body too large', 429: 'the workers are behind (MAX_BACKLOG); nothing stored, retry after Retry-After seconds', 503: 'Redis down; nothing stored' } } },
  }, async (req, reply) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      return reply.code(400).send({ error: 'Bad Request', message: 'body: send one JSON object {source, channel, externalId, text, url, postedAt, forwardedFrom}' });
    }
    const post = PostInput.parse(req.body);
    const problem = textProblem(post.text, deps.config.MAX_TEXT_LENGTH);
    if (problem) return reply.code(400).send({ error: 'Bad Request', message: problem });
    try {
      const { itemId } = await submitPost(deps.queues, post, { share: true });
      return reply.code(202).send({ itemId });
    } catch (err) {
      req.log.error({ err: (err as Error).message }, 'could not queue a post');
      return reply.code(503).send({ error: 'Service Unavailable', message: 'the queue (Redis) is not answering; nothing was stored, try again' });
    }
  });
};
