import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PostInput } from '../../jobs/contracts.ts';
import { PostRefusedError, submitPost, submitPosts } from '../../pipeline/flow.ts';
import { requirePermission } from '../auth.ts';
import { refuseWhenBusy } from '../backpressure.ts';
import { textProblem } from '../post-text.ts';
import type { ApiDeps } from '../server.ts';

/** How many posts one batch request may carry: a shared ingest job's bound. */
export const MAX_BATCH_POSTS = 100;
const PostBatch = z.strictObject({ posts: z.array(PostInput).min(1).max(MAX_BATCH_POSTS) });

const REDIS_DOWN = 'the queue (Redis) is not answering; nothing was stored, try again';

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
      return reply.code(503).send({ error: 'Service Unavailable', message: REDIS_DOWN });
    }
  });

  // For producers that hold many posts (a partner's feed, a backfill): one request, one round trip
  // to Redis, and the posts share ingest jobs. All are queued or none.
  app.post('/posts/batch', {
    onRequest: refuseWhenBusy(deps, 'submit'),
    preHandler: requirePermission('submit'),
    config: { docs: { summary: `Submit up to ${MAX_BATCH_POSTS} posts at once; all are queued or none`, body: PostBatch, responses: { 202: '{ items: [{ itemId }] }, in the order sent', 400: 'a post is refused, named by its index (posts.N.field); nothing stored', 413: 'body too large', 429: 'the workers are behind (MAX_BACKLOG); nothing stored, retry after Retry-After seconds', 503: 'Redis down; nothing stored' } } },
  }, async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      return reply.code(400).send({ error: 'Bad Request', message: `body: send one JSON object {posts: [...]} with 1 to ${MAX_BATCH_POSTS} posts` });
    }
    const { posts } = PostBatch.parse(req.body);
    for (const [at, post] of posts.entries()) {
      const problem = textProblem(post.text, deps.config.MAX_TEXT_LENGTH);
      if (problem) return reply.code(400).send({ error: 'Bad Request', message: `posts.${at}.${problem}` });
    }
    try {
      return reply.code(202).send({ items: await submitPosts(deps.queues, posts) });
    } catch (err) {
      if (err instanceof PostRefusedError) return reply.code(400).send({ error: 'Bad Request', message: err.message });
      req.log.error({ err: (err as Error).message, posts: posts.length }, 'could not queue a batch of posts');
      return reply.code(503).send({ error: 'Service Unavailable', message: REDIS_DOWN });
    }
  });
};
