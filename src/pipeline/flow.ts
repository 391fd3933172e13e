import { contracts, ingestAdds, IngestPost, retention } from '../jobs/contracts.ts';
import { Batcher } from '../jobs/batcher.ts';
import type { Queues } from '../jobs/queues.ts';
import { contentHashOf, itemIdFor } from './identity.ts';

// What follows what, in one place.

export type SubmittedPost = Omit<IngestPost, 'media'> & { media?: string[] };

/** A post that ingest could not store (a control character in its channel, a date out of range): never queued. */
export class PostRefusedError extends Error {
  constructor(problem: string) {
    super(`post refused: ${problem}`);
  }
}

/** API/CLI/Telegram → ingest. The job id makes a duplicate delivery of the same post a no-op. */
export async function submitPost(queues: Pick<Queues, 'ingest'>, post: SubmittedPost): Promise<{ itemId: string; jobId: string }> {
  // Refused here, not queued: ingest would refuse it too, after five attempts, and the post would be lost unsaid.
  const checked = IngestPost.safeParse({ ...post, media: post.media ?? [] });
  if (!checked.success) throw new PostRefusedError(checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const full = checked.data;
  const itemId = itemIdFor(full.source, full.channel, full.externalId);
  const jobId = contracts.ingest.jobId({ itemId, contentHash: contentHashOf(full.text, full.media) });
  await ingestAdderFor(queues.ingest).add({ name: contracts.ingest.name, data: { itemId, post: full }, opts: { jobId } });
  return { itemId, jobId };
}

type IngestQueue = Queues['ingest'];
type BulkJob = Parameters<IngestQueue['addBulk']>[0][number];
const adders = new WeakMap<IngestQueue, Batcher<BulkJob, true>>();

/**
 * Posts arriving together go to Redis in one addBulk (one round trip, one MULTI) instead of one
 * add each; every caller still waits until its own job is in Redis before it answers 202.
 */
function ingestAdderFor(queue: IngestQueue): Batcher<BulkJob, true> {
  let adder = adders.get(queue);
  if (!adder) {
    adder = new Batcher<BulkJob, true>(async (jobs) => {
      await queue.addBulk(jobs);
      return jobs.map(() => true as const);
    }, ingestAdds);
    adders.set(queue, adder);
  }
  return adder;
}

/**
 * ingest → score, once per revision of the item. An item with images is a flow: the score job is
 * the parent of one OCR job per image, so it runs once, after every image was read (or failed).
 */
export async function enqueueScore(queues: Pick<Queues, 'score' | 'flows'>, itemId: string, revision: string, media: string[] = []): Promise<void> {
  const payload = { itemId, revision };
  const jobId = contracts.score.jobId(payload);
  if (media.length === 0) {
    await queues.score.add(contracts.score.name, payload, { jobId });
    return;
  }
  await queues.flows.add({
    name: contracts.score.name,
    queueName: queues.score.name,
    data: payload,
    // A flow does not take the queues' default options: retention is given here.
    opts: { jobId, ...retention, ...contracts.score.options },
    children: media.map((sha256) => ({
      name: contracts.ocr.name,
      queueName: contracts.ocr.name,
      data: { itemId, sha256 },
      // A failed image must not keep the item from being scored on what was read.
      opts: { jobId: contracts.ocr.jobId({ itemId, sha256 }), ...retention, ...contracts.ocr.options, ignoreDependencyOnFailure: true },
    })),
  });
}
