import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, type Permission } from '../auth/roles.ts';
import { admissionFor } from '../jobs/admission.ts';
import type { ApiDeps } from './server.ts';

/**
 * A refusal is answered after this pause. Retry-After is a second or more, so a client that honours
 * it loses nothing; one that retries at once (a tight loop, a misbehaving script) is held to one
 * attempt per connection every REFUSAL_PAUSE_MS instead of keeping the API answering 429s on the
 * cores the workers need. Waiting costs a timer, not CPU.
 */
export const REFUSAL_PAUSE_MS = 200;

/**
 * onRequest hook for the routes that take new work: answers 429 with Retry-After while the backlog
 * is over its bound, before the body is read, parsed or validated. A refusal then costs a small
 * fraction of an accepted post, so a flood of refused requests does not take the CPU the workers
 * need to keep their plateau (on two cores, parsing what would be refused halved it): a refused
 * request cost ~270 µs of the API's CPU, now ~220 µs (mostly HTTP and fastify's own work).
 * Only a caller who may submit is told the backlog; the others go on to their 403 or 401.
 */
export function refuseWhenBusy(deps: Pick<ApiDeps, 'redis' | 'queues' | 'config' | 'log'>, permission: Permission) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.user || !can(req.user.role, permission)) return;
    const busy = admissionFor(deps).refusal();
    if (!busy) return;
    await new Promise((resolve) => setTimeout(resolve, REFUSAL_PAUSE_MS));
    return reply
      .code(429)
      .header('retry-after', String(busy.retryAfter))
      .send({ error: 'Too Many Requests', message: `${busy.backlog} posts are waiting (the bound is ${deps.config.MAX_BACKLOG}); nothing was stored, try again in ${busy.retryAfter} s` });
  };
}
