import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { itemIndicators, items, reviewCases, reviewEvents, scores } from '../db/schema/index.ts';
import type { IngestPost } from '../jobs/contracts.ts';
import type { Scorer, ScoreResult } from '../scoring/types.ts';
import { PermanentError } from './errors.ts';
import { enqueueScore } from './flow.ts';
import type { Queues } from '../jobs/queues.ts';
import { ingestPost, type IngestResult } from './ingest.ts';
import { contentHashOf, itemIdFor } from './identity.ts';
import { indicatorKey, upsertIndicators } from '../repos/indicators.repo.ts';
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

// The batch's items and scores go in as one JSON parameter each (json_populate_recordset), not as
// one bound parameter per column and row: building a 128-row multi-row INSERT was a fifth of the
// ingest worker's CPU (drizzle's per-value checks, then the driver's per-parameter encoding).
// Text columns are made well-formed first: a bound string's lone surrogate became U+FFFD, while
// PostgreSQL refuses one escaped in JSON, and one bad post must not fail its whole batch.
const wellFormed = (s: string) => (s.isWellFormed() ? s : s.toWellFormed());

function itemRecord(row: typeof items.$inferInsert) {
  return {
    id: row.id, source: row.source, channel: row.channel, external_id: row.externalId, text: wellFormed(row.text ?? ''),
    content_hash: row.contentHash, url: row.url ?? null, posted_at: row.postedAt ? row.postedAt.toISOString() : null,
    forwarded_from: row.forwardedFrom ?? null, status: row.status,
  };
}

function scoreRecord(row: typeof scores.$inferInsert) {
  return {
    item_id: row.itemId, score: row.score, flagged: row.flagged, matches: row.matches, indicators: row.indicators,
    explanation: wellFormed(row.explanation ?? ''), details: row.details ?? null, pack_version: row.packVersion, scored_text: wellFormed(row.scoredText ?? ''),
  };
}

/** One transaction: the new items (already scored), their scores, indicator links, cases and case events. Returns the ids it created. */
async function storeScored(db: Db, fresh: Array<{ row: typeof items.$inferInsert; result: ScoreResult; text: string }>): Promise<Set<string>> {
  return db.transaction(async (tx) => {
    const inserted = rowsOf<{ id: string }>(await tx.execute(sql`
      insert into items (id, source, channel, external_id, text, content_hash, url, posted_at, forwarded_from, status)
      select id, source, channel, external_id, text, content_hash, url, posted_at, forwarded_from, status
        from json_populate_recordset(null::items, ${JSON.stringify(fresh.map(({ row }) => itemRecord(row)))}::json)
       order by id
      on conflict do nothing
      returning id`));
    const created = new Set(inserted.map((r) => r.id));
    const mine = fresh.filter((f) => created.has(f.row.id!));
    if (mine.length === 0) return created;

    await tx.execute(sql`
      insert into scores (item_id, score, flagged, matches, indicators, explanation, details, pack_version, scored_text)
      select item_id, score, flagged, matches, indicators, explanation, details, pack_version, scored_text
        from json_populate_recordset(null::scores, ${JSON.stringify(mine.map(({ row, result, text }) => scoreRecord(scoreRow(row.id!, result, text))))}::json)`);

    const links = mine.flatMap(({ row, result }) => result.indicators.map((i) => ({ itemId: row.id!, key: indicatorKey(i) })));
    if (links.length > 0) {
      const idOf = await upsertIndicators(tx, mine.flatMap(({ result }) => result.indicators));
      const pairs = new Map(links.map((l) => [`${l.itemId}\u0000${l.key}`, { itemId: l.itemId, indicatorId: idOf.get(l.key)! }]));
      await tx.insert(itemIndicators).values([...pairs.values()]).onConflictDoNothing();
    }

    const flagged = mine.filter((f) => f.result.flagged);
    if (flagged.length > 0) {
      // one statement for the whole batch: shares a contact with a confirmed item? elevated channel?
      const flagsOf = await priorityFlags(tx, flagged.map((f) => f.row.id!));
      const priorityOf = new Map(flagged.map((f) => [f.row.id!, casePriority(f.result.score, flagsOf.get(f.row.id!) ?? NO_FLAGS)]));
      const cases = await tx
        .insert(reviewCases)
        .values(flagged.map((f) => ({ itemId: f.row.id!, priority: priorityOf.get(f.row.id!)! })))
        .onConflictDoNothing()
        .returning({ id: reviewCases.id, itemId: reviewCases.itemId });
      const resultOf = new Map(flagged.map((f) => [f.row.id!, f.result]));
      if (cases.length > 0) {
        await tx.insert(reviewEvents).values(
          cases.map((c) => {
            const r = resultOf.get(c.itemId)!;
            const flags = flagsOf.get(c.itemId) ?? NO_FLAGS;
            return { caseId: c.id, action: 'created', actorId: null, data: { score: r.score, flagged: r.flagged, packVersion: r.packVersion, ...flagsData(flags), priority: priorityOf.get(c.itemId)! } };
          }),
        );
      }
    }
    return created;
  });
}
