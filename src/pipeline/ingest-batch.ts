import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { executePrepared, wellFormed } from '../db/prepared.ts';
import type { items, scores } from '../db/schema/index.ts';
import type { IngestPost } from '../jobs/contracts.ts';
import type { Scorer, ScoreResult } from '../scoring/types.ts';
import { PermanentError } from './errors.ts';
import { enqueueScore } from './flow.ts';
import type { Queues } from '../jobs/queues.ts';
import { ingestPost, type IngestResult } from './ingest.ts';
import { contentHashOf, itemIdFor } from './identity.ts';
import { linkIndicators } from '../repos/indicators.repo.ts';
import { openCases } from '../repos/review.repo.ts';
import { scoreRow } from '../repos/scores.repo.ts';
import { casePriority, flagsData, NO_FLAGS, priorityFlags } from '../review/priority.ts';

export interface IngestInput {
  itemId: string;
  post: IngestPost;
}

export type BatchOutcome = Pick<IngestResult, 'itemId' | 'outcome'> & {
  /** scored in this job (a new text-only post); otherwise a score job was queued if one was needed */
  scoredInline: boolean;
  score?: Pick<ScoreResult, 'score' | 'flagged' | 'degraded'>;
};

export interface IngestBatchDeps {
  db: Db;
  scorer: Scorer;
  queues: Pick<Queues, 'score' | 'flows'>;
}

/**
 * Stores a batch of ingest jobs. A new post with no image — nearly every post — is stored already
 * scored: its item, score, indicator links and (when flagged) review case are written together in
 * one transaction for the whole batch, a handful of statements for up to a hundred posts, and no
 * score job is queued. It keeps the contract's guarantees: the item and its score commit together
 * or not at all (a retried job then finds nothing and does it again), the id still comes from the
 * post's identity, and a re-delivery finds the item and stops.
 * Everything else (images, edits, re-deliveries, a post the scorer throws on) takes the ordinary
 * path one by one: store, then queue a score job (or a flow with OCR children).
 */
export async function ingestBatch(deps: IngestBatchDeps, inputs: IngestInput[]): Promise<Array<BatchOutcome | Error>> {
  const outcomes: Array<BatchOutcome | Error | undefined> = new Array(inputs.length);
  const fresh: Array<{ at: number; row: typeof items.$inferInsert; result: ScoreResult; text: string }> = [];
  const seen = new Set<string>();
  inputs.forEach((input, at) => {
    const { post } = input;
    const itemId = itemIdFor(post.source, post.channel, post.externalId);
    if (itemId !== input.itemId) return void (outcomes[at] = new PermanentError(`item id ${input.itemId} does not match the post's identity`));
    // Images wait for OCR, and a second revision of one item in the same batch is an edit: both go the ordinary way.
    if (post.media.length > 0 || seen.has(itemId)) return;
    seen.add(itemId);
    let result: ScoreResult;
    try {
      result = deps.scorer.score(post.text);
    } catch {
      return; // the ordinary path's score job retries it and records the error on the item
    }
    fresh.push({
      at,
      text: post.text,
      result,
      row: {
        id: itemId,
        source: post.source,
        channel: post.channel,
        externalId: post.externalId,
        text: post.text,
        contentHash: contentHashOf(post.text, post.media),
        url: post.url,
        postedAt: post.postedAt ? new Date(post.postedAt) : undefined,
        forwardedFrom: post.forwardedFrom,
        status: 'scored',
      },
    });
  });

  if (fresh.length > 0) {
    const created = await storeScored(deps.db, fresh);
    for (const f of fresh) {
      if (!created.has(f.row.id)) continue; // it existed: an edit or a re-delivery, handled below
      const { score, flagged, degraded } = f.result;
      outcomes[f.at] = { itemId: f.row.id, outcome: 'created', scoredInline: true, score: { score, flagged, degraded } };
    }
  }

  // The ordinary path, one by one, for what the batch did not store.
  for (let at = 0; at < inputs.length; at++) {
    if (outcomes[at] !== undefined) continue;
    try {
      const result = await ingestPost(deps, inputs[at]);
      if (result.needsScore) await enqueueScore(deps.queues, result.itemId, result.revision, result.media);
      outcomes[at] = { itemId: result.itemId, outcome: result.outcome, scoredInline: false };
    } catch (err) {
      outcomes[at] = err instanceof Error ? err : new Error(String(err));
    }
  }
  return outcomes as Array<BatchOutcome | Error>;
}

// The batch goes in as a few statements of constant text, prepared once per connection (the rows
// ride in one JSON parameter, not one bound parameter per column and row: building a 128-row
// multi-row INSERT was a fifth of the ingest worker's CPU, and its text changed with the row count,
// so PostgreSQL parsed and planned it every time).
// Text columns are made well-formed first (wellFormed).

/** One post's item and score as one JSON record: items' columns, then scores' (but item_id and scored_text: the item's id and text). */
function postRecord(row: typeof items.$inferInsert, score: typeof scores.$inferInsert) {
  return {
    id: row.id, source: row.source, channel: row.channel, external_id: row.externalId, text: wellFormed(row.text ?? ''),
    content_hash: row.contentHash, url: row.url ?? null, posted_at: row.postedAt ? row.postedAt.toISOString() : null,
    forwarded_from: row.forwardedFrom ?? null, status: row.status,
    score: score.score, flagged: score.flagged, matches: score.matches, indicators: score.indicators,
    explanation: wellFormed(score.explanation ?? ''), details: score.details ?? null, pack_version: score.packVersion,
  };
}

/** One transaction: the new items (already scored), their scores, indicator links, cases and case events. Returns the ids it created. */
async function storeScored(db: Db, fresh: Array<{ row: typeof items.$inferInsert; result: ScoreResult; text: string }>): Promise<Set<string>> {
  const posts = JSON.stringify(fresh.map(({ row, result, text }) => postRecord(row, scoreRow(row.id!, result, text))));
  return db.transaction(async (tx) => {
    // A text-only post is scored on its own text: the score's scored_text is the item's, sent once.
    const inserted = await executePrepared<{ item_id: string }>(tx, 'store_scored_posts', sql`
      with post as materialized (
        select * from json_to_recordset(${posts}::json) as p(
          id uuid, source text, channel text, external_id text, text text, content_hash text, url text, posted_at timestamptz, forwarded_from text, status text,
          score real, flagged boolean, matches jsonb, indicators jsonb, explanation text, details jsonb, pack_version text)
      ), item as (
        insert into items (id, source, channel, external_id, text, content_hash, url, posted_at, forwarded_from, status)
        select id, source, channel, external_id, text, content_hash, url, posted_at, forwarded_from, status from post order by id
        on conflict do nothing
        returning id, text
      )
      insert into scores (item_id, score, flagged, matches, indicators, explanation, details, pack_version, scored_text)
      select post.id, post.score, post.flagged, post.matches, post.indicators, post.explanation, post.details, post.pack_version, item.text
        from post join item on item.id = post.id
      returning item_id`);
    const created = new Set(inserted.map((r) => r.item_id));
    const mine = fresh.filter((f) => created.has(f.row.id!));
    if (mine.length === 0) return created;

    await linkIndicators(tx, mine.flatMap(({ row, result }) => result.indicators.map((i) => ({ ...i, itemId: row.id! }))));

    const flagged = mine.filter((f) => f.result.flagged);
    if (flagged.length > 0) {
      // one statement for the whole batch: shares a contact with a confirmed item? elevated channel?
      const flagsOf = await priorityFlags(tx, flagged.map((f) => f.row.id!));
      await openCases(tx, flagged.map(({ row, result: r }) => {
        const flags = flagsOf.get(row.id!) ?? NO_FLAGS;
        const priority = casePriority(r.score, flags);
        return { itemId: row.id!, priority, data: { score: r.score, flagged: r.flagged, packVersion: r.packVersion, ...flagsData(flags), priority } };
      }));
    }
    return created;
  });
}
