import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { indicators, itemIndicators, itemMedia, items, media, reviewCases, scoreHistory, scores } from '../db/schema/index.ts';
import type { Logger } from '../logger.ts';
import { survivedFailures } from '../observability/failures.ts';

/** What one entry of a retention run removes; a dry run prints these and a run removes exactly these. */
export type RetentionKind =
  | 'dismissed-item' // text, scores, score history, indicator and image links; the row and its case stay for the audit log
  | 'dismissed-media' // the item's image links
  | 'unflagged-post' // a channel post that was never flagged and has no case: the whole item
  | 'indicator' // a phone, handle, link… that no remaining item mentions
  | 'media' // an image (row and file) that no remaining item shows
  | 'export'; // a file under DATA_DIR/exports

export interface RetentionEntry {
  kind: RetentionKind;
  id: string;
  detail: string;
}

/** Days each kind is kept; 0 keeps it forever. Confirmed and escalated items are never removed by retention. */
export interface RetentionPolicy {
  dismissedDays: number;
  dismissedMediaDays: number;
  unflaggedPostDays: number;
  exportDays: number;
}

export function retentionPolicy(config: Pick<Config, 'RETAIN_DISMISSED_DAYS' | 'RETAIN_DISMISSED_MEDIA_DAYS' | 'RETAIN_UNFLAGGED_POSTS_DAYS' | 'RETAIN_EXPORTS_DAYS'>): RetentionPolicy {
  return {
    dismissedDays: config.RETAIN_DISMISSED_DAYS,
    dismissedMediaDays: config.RETAIN_DISMISSED_MEDIA_DAYS,
    unflaggedPostDays: config.RETAIN_UNFLAGGED_POSTS_DAYS,
    exportDays: config.RETAIN_EXPORTS_DAYS,
  };
}

interface RetentionDeps {
  db: Db;
  config: Pick<Config, 'DATA_DIR'>;
}

const DAY_MS = 86_400_000;
const CHUNK = 1_000; // ids per statement, far under PostgreSQL's 65,535 parameters
const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** Everything a run at `now` would remove, in the order it removes it. Reads only. */
export async function planRetention(deps: RetentionDeps, policy: RetentionPolicy, now: Date): Promise<RetentionEntry[]> {
  const plan: RetentionEntry[] = [];
  const dismissed = (days: number) =>
    deps.db
      .select({ id: items.id, decidedAt: reviewCases.decidedAt })
      .from(items)
      .innerJoin(reviewCases, eq(reviewCases.itemId, items.id))
      .where(and(eq(reviewCases.status, 'dismissed'), lt(reviewCases.decidedAt, before(now, days)), isNull(items.purgedAt)))
      .orderBy(items.id);
  const purged = policy.dismissedDays > 0 ? await dismissed(policy.dismissedDays) : [];
  for (const r of purged) plan.push({ kind: 'dismissed-item', id: r.id, detail: `dismissed ${r.decidedAt?.toISOString()}` });

  const purgedIds = new Set(purged.map((r) => r.id));
  const unlinked = policy.dismissedMediaDays > 0 ? (await dismissed(policy.dismissedMediaDays)).filter((r) => !purgedIds.has(r.id)) : [];
  const withImages = await linkedImages(deps.db, unlinked.map((r) => r.id));
  for (const r of unlinked) if (withImages.has(r.id)) plan.push({ kind: 'dismissed-media', id: r.id, detail: `${withImages.get(r.id)} image(s)` });

  const posts =
    policy.unflaggedPostDays > 0
      ? await deps.db
          .select({ id: items.id, channel: items.channel, ingestedAt: items.ingestedAt })
          .from(items)
          .innerJoin(scores, eq(scores.itemId, items.id))
          .leftJoin(reviewCases, eq(reviewCases.itemId, items.id))
          .where(and(eq(items.source, 'telegram'), eq(scores.flagged, false), isNull(reviewCases.id), lt(items.ingestedAt, before(now, policy.unflaggedPostDays))))
          .orderBy(items.id)
      : [];
  for (const r of posts) plan.push({ kind: 'unflagged-post', id: r.id, detail: `@${r.channel} ${r.ingestedAt.toISOString()}` });

  const losingIndicators = [...purgedIds, ...posts.map((r) => r.id)];
  const losingImages = [...losingIndicators, ...unlinked.filter((r) => withImages.has(r.id)).map((r) => r.id)];
  for (const i of await orphanedIndicators(deps.db, losingIndicators)) plan.push({ kind: 'indicator', id: i.id, detail: i.type });
  for (const m of await orphanedMedia(deps.db, losingImages)) plan.push({ kind: 'media', id: m.sha256, detail: m.path });
  if (policy.exportDays > 0) for (const f of await oldExports(deps.config.DATA_DIR, before(now, policy.exportDays))) plan.push({ kind: 'export', id: f, detail: 'file' });
  return plan;
}

async function linkedImages(db: Db, itemIds: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const ids of chunks(itemIds)) {
    const rows = await db.select({ itemId: itemMedia.itemId, n: sql<number>`count(*)::int` }).from(itemMedia).where(inArray(itemMedia.itemId, ids)).groupBy(itemMedia.itemId);
    for (const r of rows) found.set(r.itemId, Number(r.n));
  }
  return found;
}

/** Indicators linked to the leaving items and to no other item: every link they have comes from a leaving item. */
export async function orphanedIndicators(db: DbOrTx, leaving: string[]) {
  const fromLeaving = new Map<string, { type: string; n: number }>();
  for (const ids of chunks(leaving)) {
    const rows = await db
      .select({ id: itemIndicators.indicatorId, type: indicators.type, n: sql<number>`count(*)::int` })
      .from(itemIndicators)
      .innerJoin(indicators, eq(indicators.id, itemIndicators.indicatorId))
      .where(inArray(itemIndicators.itemId, ids))
      .groupBy(itemIndicators.indicatorId, indicators.type);
    for (const r of rows) fromLeaving.set(r.id, { type: r.type, n: (fromLeaving.get(r.id)?.n ?? 0) + Number(r.n) });
  }
  const orphans: Array<{ id: string; type: string }> = [];
  for (const ids of chunks([...fromLeaving.keys()])) {
    const rows = await db.select({ id: itemIndicators.indicatorId, n: sql<number>`count(*)::int` }).from(itemIndicators).where(inArray(itemIndicators.indicatorId, ids)).groupBy(itemIndicators.indicatorId);
    for (const r of rows) if (Number(r.n) === fromLeaving.get(r.id)!.n) orphans.push({ id: r.id, type: fromLeaving.get(r.id)!.type });
  }
  return orphans.sort((a, b) => a.id.localeCompare(b.id));
}

/** Images linked to the leaving items and to no other item. */
export async function orphanedMedia(db: DbOrTx, leaving: string[]) {
  const fromLeaving = new Map<string, { path: string; n: number }>();
  for (const ids of chunks(leaving)) {
    const rows = await db
      .select({ sha256: media.sha256, path: media.path, n: sql<number>`count(*)::int` })
      .from(itemMedia)
      .innerJoin(media, eq(media.sha256, itemMedia.sha256))
      .where(inArray(itemMedia.itemId, ids))
      .groupBy(media.sha256, media.path);
    for (const r of rows) fromLeaving.set(r.sha256, { path: r.path, n: (fromLeaving.get(r.sha256)?.n ?? 0) + Number(r.n) });
  }
  const orphans: Array<{ sha256: string; path: string }> = [];
  for (const shas of chunks([...fromLeaving.keys()])) {
    const rows = await db.select({ sha256: itemMedia.sha256, n: sql<number>`count(*)::int` }).from(itemMedia).where(inArray(itemMedia.sha256, shas)).groupBy(itemMedia.sha256);
    for (const r of rows) if (Number(r.n) === fromLeaving.get(r.sha256)!.n) orphans.push({ sha256: r.sha256, path: fromLeaving.get(r.sha256)!.path });
  }
  return orphans.sort((a, b) => a.sha256.localeCompare(b.sha256));
}

async function oldExports(dataDir: string, cutoff: Date): Promise<string[]> {
  const root = path.resolve(dataDir, 'exports');
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const old: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    if ((await fs.stat(full)).mtime < cutoff) old.push(path.relative(root, full));
  }
  return old.sort();
}

/** Removes an item's content and keeps its row (and review case, whose log is append-only). Used by retention and by an admin's delete. */
export async function purgeItems(tx: DbOrTx, ids: string[]): Promise<void> {
  for (const chunk of chunks(ids)) {
    await tx.delete(scoreHistory).where(inArray(scoreHistory.itemId, chunk));
    await tx.delete(scores).where(inArray(scores.itemId, chunk));
    await tx.delete(itemIndicators).where(inArray(itemIndicators.itemId, chunk));
    await tx.delete(itemMedia).where(inArray(itemMedia.itemId, chunk));
    await tx.update(items).set({ text: '', url: null, error: null, purgedAt: sql`now()`, updatedAt: sql`now()` }).where(inArray(items.id, chunk));
  }
}

/** Applies a plan: the database part in one transaction, then the files of the images and exports it removed. */
export async function applyRetention(deps: RetentionDeps, plan: RetentionEntry[], log: Logger): Promise<void> {
  const ids = (kind: RetentionKind) => plan.filter((e) => e.kind === kind).map((e) => e.id);
  const removedFiles: string[] = [];
  await deps.db.transaction(async (tx) => {
    await purgeItems(tx, ids('dismissed-item'));
    for (const chunk of chunks(ids('dismissed-media'))) await tx.delete(itemMedia).where(inArray(itemMedia.itemId, chunk));
    for (const chunk of chunks(ids('unflagged-post'))) await tx.delete(items).where(inArray(items.id, chunk));
    removedFiles.push(...(await removeOrphans(tx, deps.config.DATA_DIR, ids('indicator'), ids('media'))));
  });
  removedFiles.push(...ids('export').map((f) => path.resolve(deps.config.DATA_DIR, 'exports', f)));
  await removeFiles(removedFiles, log);
}

/**
 * Deletes the given indicators and images that no item links any more; returns the image files to remove.
 * An item stored since they were listed may link one again: the NOT EXISTS keeps those.
 */
export async function removeOrphans(tx: DbOrTx, dataDir: string, indicatorIds: string[], shas: string[]): Promise<string[]> {
  for (const chunk of chunks(indicatorIds)) {
    await tx.delete(indicators).where(and(inArray(indicators.id, chunk), sql`not exists (select 1 from ${itemIndicators} where ${itemIndicators.indicatorId} = ${indicators.id})`));
  }
  const files: string[] = [];
  for (const chunk of chunks(shas)) {
    const gone = await tx
      .delete(media)
      .where(and(inArray(media.sha256, chunk), sql`not exists (select 1 from ${itemMedia} where ${itemMedia.sha256} = ${media.sha256})`))
      .returning({ path: media.path });
    files.push(...gone.map((g) => path.resolve(dataDir, 'media', g.path)));
  }
  return files;
}

export async function removeFiles(files: string[], log: Logger): Promise<void> {
  for (const file of files) {
    await fs.rm(file, { force: true }).catch((err: Error) => {
      survivedFailures.inc({ stage: 'retention:file' });
      log.error({ file, err: err.message }, 'could not remove a file; remove it by hand');
    });
  }
}

