import { randomUUID } from 'node:crypto';
import { contracts, ingestAdds, IngestPost, retention, type IngestOne } from '../jobs/contracts.ts';
import { Batcher } from '../jobs/batcher.ts';
import type { Queues } from '../jobs/queues.ts';
import { contentHashOf, itemIdFor } from './identity.ts';

// What follows what, in one place.

export type SubmittedPost = Omit<IngestPost, 'media'> & { media?: string[] };

/** A post that ingest could not store (a control character in its channel, a date out of range): never queued. */
export class PostRefusedError extends Error {
  constructor(readonly problem: string) {
    super(`post refused: ${problem}`);
  }
}

/**
 * API/CLI/Telegram → ingest. The job id makes a duplicate delivery of the same post a no-op.
 * `share`: the post may ride in one job with others that arrive at the same moment (the HTTP API,
 * where nobody waits on the job itself); the bot keeps a job of its own, whose end it answers.
 */
export async function submitPost(queues: Pick<Queues, 'ingest'>, post: SubmittedPost, opts: { share?: boolean } = {}): Promise<{ itemId: string; jobId: string }> {
  const { data, jobId } = checked(post);
  await ingestAdderFor(queues.ingest).add({ data, jobId, share: opts.share === true });
  return { itemId: data.itemId, jobId };
}

/**
 * Many posts at once (POST /api/posts/batch): every post is checked before any is queued, and they
 * go to Redis in one addBulk, in shared jobs: all of them are queued, or none (the error says which
 * post was refused, counting from 0).
 */
export async function submitPosts(queues: Pick<Queues, 'ingest'>, posts: SubmittedPost[]): Promise<Array<{ itemId: string }>> {
  const submitted = posts.map((post, at) => {
    try {
      return { ...checked(post), share: true };
    } catch (err) {
      throw err instanceof PostRefusedError ? new PostRefusedError(`posts.${at}: ${err.problem}`) : err;
    }
  });
  await queues.ingest.addBulk(jobsFor(submitted));
  return submitted.map((s) => ({ itemId: s.data.itemId }));
}

/** Refused here, not queued: ingest would refuse it too, after five attempts, and the post would be lost unsaid. */
function checked(post: SubmittedPost): { data: IngestOne; jobId: string } {
  const parsed = IngestPost.safeParse({ ...post, media: post.media ?? [] });
  if (!parsed.success) throw new PostRefusedError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const full = parsed.data;
  const data = { itemId: itemIdFor(full.source, full.channel, full.externalId), post: full };
  return { data, jobId: soloJobId(data) };
}

type IngestQueue = Queues['ingest'];
type BulkJob = Parameters<IngestQueue['addBulk']>[0][number];
interface Submitted { data: IngestOne; jobId: string; share: boolean }
const adders = new WeakMap<IngestQueue, Batcher<Submitted, true>>();

/** A shared job holds at most this much text, so a burst of long posts makes several jobs of a sensible size. */
const SHARED_JOB_TEXT = 1_000_000;
/** and at most this many posts (the payload's bound in contracts.ts) */
const SHARED_JOB_POSTS = 100;

/** The jobs a batch of submissions becomes: each post that may not share alone, the rest in groups. */
function jobsFor(submitted: Submitted[]): BulkJob[] {
  const groups: Submitted[][] = submitted.filter((s) => !s.share).map((s) => [s]);
  let group: Submitted[] = [];
  let text = 0;
  for (const s of submitted.filter((x) => x.share)) {
    if (group.length > 0 && (group.length === SHARED_JOB_POSTS || text + s.data.post.text.length > SHARED_JOB_TEXT)) {
      groups.push(group);
      group = [];
      text = 0;
    }
    group.push(s);
    text += s.data.post.text.length;
  }
  if (group.length > 0) groups.push(group);
  return groups.map((g) =>
    g.length === 1
      ? soloIngestJob(g[0].data, g[0].jobId)
      : { name: contracts.ingest.name, data: { posts: g.map((s) => s.data) }, opts: { jobId: contracts.ingest.sharedJobId(g.length, randomUUID()) } },
  );
}

/** A post alone in its job: the contract's own id, so a second delivery of it is no second job. */
export function soloIngestJob(data: IngestOne, jobId = soloJobId(data)): BulkJob {
  return { name: contracts.ingest.name, data, opts: { jobId } };
}

const soloJobId = (data: IngestOne) => contracts.ingest.jobId({ itemId: data.itemId, contentHash: contentHashOf(data.post.text, data.post.media) });

/**
 * Posts arriving together go to Redis in one addBulk (one round trip, one MULTI) instead of one
 * add each, and posts that may share a job go in one job: what BullMQ costs per job (its scripts,
 * the worker's fetch, lock and finish) is then paid once for them all. Every caller still waits
 * until its own post is in Redis before it answers 202. A post alone keeps its solo job.
 */
function ingestAdderFor(queue: IngestQueue): Batcher<Submitted, true> {
  let adder = adders.get(queue);
  if (!adder) {
    adder = new Batcher<Submitted, true>(async (submitted) => {
      await queue.addBulk(jobsFor(submitted));
      return submitted.map(() => true as const);
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
