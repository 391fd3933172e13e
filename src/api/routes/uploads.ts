import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyPluginAsync } from 'fastify';
import { saveImage } from '../../media/save-image.ts';
import { sendStoredImage, Sha256Params } from '../media-reply.ts';
import { inspectImage, TooLargeError, UnsupportedTypeError, type ImageInfo } from '../../ocr/inspect.ts';
import { submitPost } from '../../pipeline/flow.ts';
import { itemIdFor } from '../../pipeline/identity.ts';
import { findItem } from '../../repos/items.repo.ts';
import { requirePermission } from '../auth.ts';
import { refuseWhenBusy } from '../backpressure.ts';
import type { ApiDeps } from '../server.ts';

const MAX_FILES = 50;
// For the OpenAPI document only: the files are checked by sniffing their bytes (accept below), not by a schema.
const UploadForm = z.object({ file: z.file().describe('one or more image files (JPEG, PNG, WebP, GIF, TIFF, BMP), any field name') });

interface Accepted extends ImageInfo {
  name: string;
  bytes: Buffer;
}

class UploadRefused extends Error {
  constructor(readonly status: number, message: string, readonly detected?: string) {
    super(message);
  }
}

/** Checks one file before anything is stored; the error names the file and what is wrong. */
async function accept(name: string, bytes: Buffer, limits: { maxBytes: number; maxPixels: number }): Promise<Accepted> {
  try {
    const info = await inspectImage(bytes, limits);
    return { name, bytes, ...info };
  } catch (err) {
    const message = `${name}: ${(err as Error).message}`;
    if (err instanceof UnsupportedTypeError) throw new UploadRefused(415, message, err.detected);
    if (err instanceof TooLargeError) throw new UploadRefused(413, message);
    throw new UploadRefused(422, message); // too many pixels, corrupt
  }
}

export const uploadRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const limits = { maxBytes: deps.config.MAX_UPLOAD_BYTES, maxPixels: deps.config.MAX_IMAGE_PIXELS };
  await app.register(multipart, { limits: { fileSize: limits.maxBytes, files: MAX_FILES, fields: 10 } });

  // All or nothing: every file is checked before any is stored, so a refusal leaves no trace.
  app.post('/uploads', {
    onRequest: refuseWhenBusy(deps, 'submit'),
    preHandler: requirePermission('submit'),
    config: { docs: { summary: 'Upload flyer images to be read and scored', body: UploadForm, consumes: ['multipart/form-data'], responses: { 202: '[{ itemId, sha256, duplicate, file, mime }]', 413: 'a file over MAX_UPLOAD_BYTES', 429: 'the workers are behind (MAX_BACKLOG); nothing stored, retry after Retry-After seconds', 415: 'not an image (the detected type is named)', 422: 'too many pixels or undecodable' } } },
  }, async (req, reply) => {
    if (!req.isMultipart()) return reply.code(415).send({ error: 'Unsupported Media Type', message: 'send multipart/form-data with one or more image files' });
    const files: Accepted[] = [];
    try {
      for await (const part of req.parts()) {
        if (part.type !== 'file') continue;
        const name = part.filename || part.fieldname;
        let bytes: Buffer;
        try {
          bytes = await part.toBuffer();
        } catch (err) {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new UploadRefused(413, `${name}: over the upload limit of ${limits.maxBytes} bytes`);
          throw new UploadRefused(400, `${name}: the multipart body is malformed (${(err as Error).message})`);
        }
        files.push(await accept(name, bytes, limits));
      }
    } catch (err) {
      if (err instanceof UploadRefused) {
        return reply.code(err.status).send({ error: statusText(err.status), message: err.message, ...(err.detected ? { detected: err.detected } : {}) });
      }
      // busboy's own parse errors ("Multipart: Boundary not found", "Unexpected end of form") are the client's
      if (err instanceof Error && /^Multipart:|Unexpected end of (form|multipart)/i.test(err.message)) {
        return reply.code(400).send({ error: 'Bad Request', message: `the multipart body is malformed: ${err.message}` });
      }
      throw err;
    }
    if (files.length === 0) return reply.code(400).send({ error: 'Bad Request', message: 'no file in the upload' });
    const results = [];
    for (const file of files) results.push(await storeAndQueue(deps, file));
    return reply.code(202).send(results);
  });

  app.get('/media/:sha256', { config: { docs: { summary: 'A stored original image, as its sniffed type', params: Sha256Params } } }, async (req, reply) => sendStoredImage(deps, reply, Sha256Params.parse(req.params).sha256));
};

async function storeAndQueue(deps: ApiDeps, file: Accepted) {
  const stored = await saveImage(deps, file.bytes, file);
  const itemId = itemIdFor('upload', '', stored.sha256);
  const duplicate = !stored.created || (await findItem(deps.db, itemId)) !== undefined;
  await submitPost(deps.queues, { source: 'upload', channel: '', externalId: stored.sha256, text: '', media: [stored.sha256] });
  return { itemId, sha256: stored.sha256, duplicate, file: file.name, mime: file.mime };
}

function statusText(status: number): string {
  return { 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity' }[status] ?? 'Bad Request';
}
