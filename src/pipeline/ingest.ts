import type { Db } from '../db/client.ts';
import type { PostInput } from '../jobs/contracts.ts';
import { applyEdit, findItem, insertItemIfNew } from '../repos/items.repo.ts';
import { PermanentError } from './errors.ts';
import { itemIdFor, sha256Hex } from './identity.ts';

export interface IngestResult {
  itemId: string;
  outcome: 'created' | 'edited' | 'unchanged';
  /** what the score job is keyed on: a new revision is scored again, a re-delivery is not */
  revision: string;
  needsScore: boolean;
}

/** Stores a post idempotently: one item per source+channel+externalId, an edit replaces the text. */
export async function ingestPost(deps: { db: Db }, input: { itemId: string; post: PostInput }): Promise<IngestResult> {
  const { post } = input;
  const itemId = itemIdFor(post.source, post.channel, post.externalId);
  if (itemId !== input.itemId) throw new PermanentError(`item id ${input.itemId} does not match the post's identity`);
  const contentHash = sha256Hex(post.text);
  const revision = contentHash.slice(0, 16);
  const created = await insertItemIfNew(deps.db, {
    id: itemId,
    source: post.source,
    channel: post.channel,
    externalId: post.externalId,
    text: post.text,
    contentHash,
    url: post.url,
    postedAt: post.postedAt ? new Date(post.postedAt) : undefined,
  });
  if (created) return { itemId, outcome: 'created', revision, needsScore: true };

  const existing = await findItem(deps.db, itemId);
  if (!existing) throw new Error(`item ${itemId} vanished during ingest`); // transient: retry
  if (existing.contentHash !== contentHash) {
    await applyEdit(deps.db, itemId, { text: post.text, contentHash, url: post.url ?? existing.url });
    return { itemId, outcome: 'edited', revision, needsScore: true };
  }
  // A re-delivery: score again only if an earlier attempt never finished.
  return { itemId, outcome: 'unchanged', revision, needsScore: existing.status !== 'scored' };
}
