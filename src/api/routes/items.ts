import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { findItem } from '../../repos/items.repo.ts';
import { findCaseForItem, listCaseEvents } from '../../repos/review.repo.ts';
import { findScore } from '../../repos/scores.repo.ts';
import { mediaForItem } from '../../repos/media.repo.ts';
import { relatedItems } from '../../repos/indicators.repo.ts';
import type { ApiDeps } from '../server.ts';

const Params = z.object({ id: z.string().uuid('id: not an item id (a UUID)') });

export const itemRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/items/:id', { config: { docs: { summary: 'An item: status, text, score, explanation and its details, matches, indicators, OCR, related items, review', params: Params } } }, async (req, reply) => {
    const { id } = Params.parse(req.params);
    const item = await findItem(deps.db, id);
    if (!item) return reply.code(404).send({ error: 'Not Found', message: `no item ${id} (a post just accepted may still be waiting for ingest)` });
    const [score, reviewCase, images, related] = await Promise.all([
      findScore(deps.db, id),
      findCaseForItem(deps.db, id),
      mediaForItem(deps.db, id),
      relatedItems(deps.db, id),
    ]);
    const events = reviewCase ? await listCaseEvents(deps.db, reviewCase.id) : [];
    return {
      id: item.id,
      status: item.status,
      error: item.error,
      source: item.source,
      channel: item.channel,
      externalId: item.externalId,
      text: item.text,
      url: item.url,
      postedAt: item.postedAt,
      ingestedAt: item.ingestedAt,
      editedAt: item.editedAt,
      score: score?.score ?? null,
      flagged: score?.flagged ?? null,
      explanation: score?.explanation ?? null,
      details: score?.details ?? null, // the explanation as data: category points, schemes, framing and cues, the model's probability
      packVersion: score?.packVersion ?? null,
      matches: score?.matches ?? [],
      indicators: score?.indicators ?? [],
      scoredText: score?.scoredText ?? null, // match offsets point into this: the text plus OCR text
      ocr: images.map(({ path, ...image }) => ({ ...image, url: `/api/media/${image.sha256}` })),
      related, // items sharing a phone, handle, link, wallet or image with this one
      deletedAt: item.deletedAt,
      review: reviewCase
        ? { caseId: reviewCase.id, status: reviewCase.status, priority: reviewCase.priority, events: events.map(({ caseId, ...e }) => e) }
        : null,
    };
  });
};
