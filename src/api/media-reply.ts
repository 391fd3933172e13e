import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { MediaStore } from '../media/store.ts';
import type { Db } from '../db/client.ts';
import { findMedia } from '../repos/media.repo.ts';

export const Sha256Params = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex digits') });

/** A stored original, served only as the type sniffed from its bytes, never as anything the browser guesses. */
export async function sendStoredImage(deps: { db: Db; store: MediaStore }, reply: FastifyReply, sha256: string) {
  const row = await findMedia(deps.db, sha256);
  if (!row) return reply.code(404).send({ error: 'Not Found', message: `no image ${sha256}` });
  const bytes = await deps.store.read(row.path);
  return reply
    .header('content-type', row.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'")
    .header('content-disposition', `inline; filename="${sha256}"`)
    .send(bytes);
}
