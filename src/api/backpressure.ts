import type { FastifyReply } from 'fastify';
import { admissionFor } from '../jobs/admission.ts';
import type { ApiDeps } from './server.ts';

/** Answers 429 with Retry-After when the backlog is over its bound; returns true when it did. */
export function refuseWhenBusy(deps: Pick<ApiDeps, 'queues' | 'config' | 'log'>, reply: FastifyReply): boolean {
  const busy = admissionFor(deps).refusal();
  if (!busy) return false;
  void reply
    .code(429)
    .header('retry-after', String(busy.retryAfter))
    .send({ error: 'Too Many Requests', message: `${busy.backlog} jobs are waiting (the bound is ${deps.config.MAX_BACKLOG}); nothing was stored, try again in ${busy.retryAfter} s` });
  return true;
}
