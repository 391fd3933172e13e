import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { defaultPatternDir } from '../scoring/index.ts';
import { BacktestTally } from './backtest-tally.ts';
import { availableParallelism } from 'node:os';
import { PackPool } from './pack-thread.ts';
import type { ScoredText } from './pack-scoring.ts';

/**
 * A backtest: every item reviewers decided (confirmed or dismissed) is scored again, from the text
 * its score was made of (scores.scored_text), and the result is compared with the decisions.
 *
 * - With a candidate pack (`packDir`): current = the active pack, candidate = the pack in packDir.
 *   An item whose stored score the active pack made is not scored again for "current" (scoring is
 *   deterministic: its stored score and rules are what the active pack gives).
 * - Without one: current = the stored scores as reviewers saw them (whatever pack made them),
 *   candidate = the active pack: what a re-score would change.
 *
 * Each pack is loaded in a worker thread of its own (pack-thread.ts): the candidate is never the
 * live scorer, nothing is written to scores, and the event loop only streams rows and adds up.
 * Items come from the database in keyset batches; the next batch is read while this one is scored.
 */
export const BACKTEST_BATCH = 2_000;
export const LIST_CAP = 100;

export interface Side {
  source: 'active pack' | 'candidate pack' | 'stored scores';
  packDir: string | null;
  packVersion: string;
  /** decided items flagged (score >= threshold) */
  flagged: number;
  /** positives are the items reviewers confirmed */
  confusion: { tp: number; fp: number; fn: number; tn: number };
  precision: number | null;
  recall: number | null;
  /** items scored by this backtest, and items whose stored score was used as it is */
  scored: number;
  reused: number;
}

export interface ChangeList { count: number; confirmed: number; dismissed: number; itemIds: string[]; truncated: boolean }
export interface RuleFires { confirmed: number; dismissed: number }
export interface RuleDelta { rule: string; current: RuleFires; candidate: RuleFires }

export interface BacktestReport {
  threshold: number;
  limit: number | null;
  items: { decided: number; confirmed: number; dismissed: number; skippedNoText: number; errors: number; errorSamples: string[]; warnings: string[] };
  current: Side;
  candidate: Side;
  newlyFlagged: ChangeList;
  noLongerFlagged: ChangeList;
  /** every rule that fired on a decided item on either side; rules whose fires changed first */
  rules: RuleDelta[];
  elapsedMs: number;
  itemsPerSecond: number;
}

export interface BacktestOptions {
  /** the candidate pack's directory; absent: the active pack is compared with the stored scores */
  packDir?: string;
  threshold: number;
  limit?: number;
  batchSize?: number;
  listCap?: number;
  /** the active pack's directory (the shipped pack unless a test says otherwise) */
  activeDir?: string;
  /** threads scoring each pack (default: the machine's cores, at most 4) */
  threadsPerPack?: number;
  onProgress?: (p: { done: number; total: number }) => void | Promise<void>;
  signal?: AbortSignal;
}

interface Row { item_id: string; confirmed: boolean; score: number; pack_version: string; scored_text: string; rules: string[] | string }

const DECIDED = sql`from review_cases rc
    join scores s on s.item_id = rc.item_id
    join items i on i.id = rc.item_id
   where rc.status in ('confirmed', 'dismissed') and i.purged_at is null`;

async function countDecided(db: DbOrTx): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n ${DECIDED}`));
  return Number(row?.n ?? 0);
}

// Keyset on review_cases.item_id (unique index): each batch starts where the last one ended.
async function fetchBatch(db: DbOrTx, after: string, size: number): Promise<Row[]> {
  const result = await db.execute(sql`
    select rc.item_id, rc.status = 'confirmed' as confirmed, s.score, s.pack_version, s.scored_text,
           coalesce((select jsonb_agg(distinct m->>'rule') from jsonb_array_elements(s.matches) m), '[]'::jsonb) as rules
      ${DECIDED} and rc.item_id > ${after}::uuid
     order by rc.item_id
     limit ${size}`);
  return rowsOf<Row>(result);
}

/** The packs a backtest compares, loaded in their threads; run() may be called once, close() always. */
export interface PreparedBacktest {
  current: { source: Side['source']; packDir: string | null; packVersion: string | null };
  candidate: { packDir: string; packVersion: string };
  run(db: DbOrTx, hooks?: Pick<BacktestOptions, 'onProgress'>): Promise<BacktestReport>;
  close(): Promise<void>;
}

/** Loads the pack(s) in threads; throws PackLoadError (with the loader's file:line reasons) for a pack that is refused. */
export async function prepareBacktest(opts: BacktestOptions): Promise<PreparedBacktest> {
  const activeDir = opts.activeDir ?? defaultPatternDir;
  const candidateDir = opts.packDir ?? activeDir;
  const starts = [PackPool.start({ dir: candidateDir, threshold: opts.threshold }, threadsOf(opts)), ...(opts.packDir ? [PackPool.start({ dir: activeDir, threshold: opts.threshold }, 1)] : [])];
  const settled = await Promise.allSettled(starts);
  const threads = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const refused = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (refused) {
    await Promise.all(threads.map((t) => t.close()));
    throw refused.reason;
  }
  const [candidate, active] = threads;
  const current = opts.packDir
    ? { source: 'active pack' as const, packDir: activeDir, packVersion: active.packVersion }
    : { source: 'stored scores' as const, packDir: null, packVersion: null };
  return {
    current,
    candidate: { packDir: candidateDir, packVersion: candidate.packVersion },
    run: (db, hooks) => streamAndCompare(db, { ...opts, ...hooks }, { candidate, active: opts.packDir ? active : undefined }, current),
    close: async () => void (await Promise.all(threads.map((t) => t.close()))),
  };
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const threadsOf = (opts: BacktestOptions) => opts.threadsPerPack ?? Math.min(4, availableParallelism());

interface RunStats { skippedNoText: number; errors: number; errorSamples: string[]; warnings: string[]; threads: number; currentScored: number; reused: number; storedVersions: Set<string> }

const rulesOf = (r: Row): string[] => (typeof r.rules === 'string' ? (JSON.parse(r.rules) as string[]) : r.rules);

async function compareBatch(rows: Row[], threads: { candidate: PackPool; active?: PackPool }, threshold: number, tally: BacktestTally, stats: RunStats): Promise<void> {
  const withText = rows.filter((r) => r.scored_text.trim() !== '');
  stats.skippedNoText += rows.length - withText.length;
  const active = threads.active;
  const again = active ? withText.filter((r) => r.pack_version !== active.packVersion) : [];
  const [candidate, current] = await Promise.all([
    threads.candidate.score(withText.map((r) => r.scored_text)),
    active ? active.score(again.map((r) => r.scored_text)) : Promise.resolve([] as ScoredText[]),
  ]);
  const rescored = new Map(again.map((r, i) => [r.item_id, current[i]]));
  stats.currentScored += again.length;
  // most stored scores are the active pack's own; when many are not, the active pack needs the threads too
  if (active && again.length * 10 > withText.length) active.grow(stats.threads, (err) => stats.warnings.push(`could not start another scoring thread: ${err.message}`));
  stats.reused += withText.length - again.length;
  withText.forEach((row, i) => {
    stats.storedVersions.add(row.pack_version);
    const now = rescored.get(row.item_id) ?? { flagged: Number(row.score) >= threshold, rules: rulesOf(row) };
    const next = candidate[i];
    const error = next.error ?? ('error' in now ? now.error : undefined);
    if (error) {
      stats.errors++;
      if (stats.errorSamples.length < 10) stats.errorSamples.push(`${row.item_id}: ${error}`);
      return;
    }
    tally.add(row.item_id, Boolean(row.confirmed), now, next);
  });
}

async function streamAndCompare(
  db: DbOrTx, opts: BacktestOptions, threads: { candidate: PackPool; active?: PackPool }, current: PreparedBacktest['current'],
): Promise<BacktestReport> {
  const started = performance.now();
  const size = opts.batchSize ?? BACKTEST_BATCH;
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const total = Math.min(await countDecided(db), limit);
  const tally = new BacktestTally(opts.listCap ?? LIST_CAP);
  const stats: RunStats = { skippedNoText: 0, errors: 0, errorSamples: [], warnings: [], threads: threadsOf(opts), currentScored: 0, reused: 0, storedVersions: new Set() };
  let read = 0;
  const fetchNext = (after: string) => {
    const want = Math.min(size, limit - read);
    const batch = want > 0 ? fetchBatch(db, after, want) : Promise.resolve([]);
    batch.catch(() => {}); // awaited in the loop, which throws its error; this only keeps it from counting as unhandled meanwhile
    return batch;
  };
  let next = fetchNext(ZERO_UUID);
  for (;;) {
    opts.signal?.throwIfAborted();
    const rows = await next;
    if (rows.length === 0) break;
    read += rows.length;
    next = fetchNext(rows[rows.length - 1].item_id);
    await compareBatch(rows, threads, opts.threshold, tally, stats);
    await opts.onProgress?.({ done: read, total });
  }
  const elapsedMs = Math.round(performance.now() - started);
  const stored = [...stats.storedVersions].sort();
  const currentSide = current.source === 'stored scores'
    ? { source: current.source, packDir: null, packVersion: stored.length > 3 ? `${stored.slice(0, 3).join(', ')} and ${stored.length - 3} more` : stored.join(', '), scored: 0, reused: stats.reused }
    : { source: current.source, packDir: current.packDir, packVersion: current.packVersion ?? '', scored: stats.currentScored, reused: stats.reused };
  return {
    threshold: opts.threshold,
    limit: opts.limit ?? null,
    items: { decided: tally.decided, confirmed: tally.confirmed, dismissed: tally.decided - tally.confirmed, skippedNoText: stats.skippedNoText, errors: stats.errors, errorSamples: stats.errorSamples, warnings: stats.warnings },
    current: tally.side(currentSide, 'current'),
    candidate: tally.side({ source: opts.packDir ? 'candidate pack' : 'active pack', packDir: opts.packDir ?? opts.activeDir ?? defaultPatternDir, packVersion: threads.candidate.packVersion, scored: tally.decided + stats.errors, reused: 0 }, 'candidate'),
    newlyFlagged: tally.newlyFlagged,
    noLongerFlagged: tally.noLongerFlagged,
    rules: tally.ruleDeltas(),
    elapsedMs,
    itemsPerSecond: elapsedMs > 0 ? Math.round((read * 1000) / elapsedMs) : read,
  };
}
