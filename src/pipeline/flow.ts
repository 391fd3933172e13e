import { contracts, type PostInput } from '../jobs/contracts.ts';
import type { Queues } from '../jobs/queues.ts';
import { itemIdFor, sha256Hex } from './identity.ts';

// What follows what, in one place.

/** API/CLI/Telegram → ingest. The job id makes a duplicate delivery of the same post a no-op. */
export async function submitPost(queues: Pick<Queues, 'ingest'>, post: PostInput): Promise<{ itemId: string; jobId: string }> {
  const itemId = itemIdFor(post.source, post.channel, post.externalId);
  const jobId = contracts.ingest.jobId({ itemId, contentHash: sha256Hex(post.text) });
  await queues.ingest.add(contracts.ingest.name, { itemId, post }, { jobId });
  return { itemId, jobId };
}

/** ingest → score, once per revision of the item. */
export async function enqueueScore(queues: Pick<Queues, 'score'>, itemId: string, revision: string): Promise<void> {
  const payload = { itemId, revision };
  await queues.score.add(contracts.score.name, payload, { jobId: contracts.score.jobId(payload) });
}
