import type { Db } from '../db/client.ts';
import type { IngestPost } from '../jobs/contracts.ts';
import { applyEdit, findItem, insertItemIfNew } from '../repos/items.repo.ts';
import { findMedia, linkItemMedia } from '../repos/media.repo.ts';
import { PermanentError } from './errors.ts';
import { contentHashOf, itemIdFor } from './identity.ts';

export interface IngestResult {
  itemId: string;
  outcome: 'created' | 'edited' | 'unchanged';
  /** what the score job is keyed on: a new revision is scored again, a re-delivery is not */
  revision: string;
  media: string[];
  needsScore: boolean;
}

/** Stores a post idempotently: one item per source+channel+externalId; an edit replaces the text. */
export async function ingestPost(deps: { db: Db }, input: { itemId: string; post: IngestPost }): Promise<IngestResult> {
  const { post } = input;
  const itemId = itemIdFor(post.source, post.channel, post.externalId);
  if (itemId !== input.itemId) throw new PermanentError(`item id ${input.itemId} does not match the post's identity`);
  for (const sha of post.media) {
    if (!(await findMedia(deps.db, sha))) throw new PermanentError(`image ${sha} is not in the media store`);
  }
  const contentHash = contentHashOf(post.text, post.media);
  const revision = contentHash.slice(0, 16);
  const base = { itemId, revision, media: post.media };
  const created = await deps.db.transaction(async (tx) => {
    const isNew = await insertItemIfNew(tx, {
      id: itemId,
      source: post.source,
      channel: post.channel,
      externalId: post.externalId,
      text: post.text,
      contentHash,
      url: post.url,
      postedAt: post.postedAt ? new Date(post.postedAt) : undefined,
      forwardedFrom: post.forwardedFrom,
    });
    if (isNew) await linkItemMedia(tx, itemId, post.media);
    return isNew;
  });
  if (created) return { ...base, outcome: 'created', needsScore: true };

  const existing = await findItem(deps.db, itemId);
  if (!existing) throw new Error(`item ${itemId} vanished during ingest`); // transient: retry
  if (existing.contentHash !== contentHash) {
    await deps.db.transaction(async (tx) => {
      await applyEdit(tx, itemId, { text: post.text, contentHash, url: post.url ?? existing.url });
      await linkItemMedia(tx, itemId, post.media);
    });
    return { ...base, outcome: 'edited', needsScore: true };
  }
  // A re-delivery: score again only if an earlier attempt never finished.
  return { ...base, outcome: 'unchanged', needsScore: existing.status !== 'scored' };
}
