import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLog, backtestRuns } from '../db/schema/index.ts';
import type { Logger } from '../logger.ts';
import { prepareBacktest, type BacktestOptions, type BacktestReport, type PreparedBacktest } from './backtest.ts';

export type BacktestRunRow = typeof backtestRuns.$inferSelect;

/** A run is recorded in backtest_runs and, as an accountable act, in the append-only audit_log. */
async function recordStart(db: Db, p: PreparedBacktest, by: { userId: string | null; packDir: string | null; limit?: number }): Promise<string> {
  return db.transaction(async (tx) => {
    const [run] = await tx.insert(backtestRuns).values({ startedBy: by.userId, packDir: by.packDir, packVersion: p.candidate.packVersion, status: 'running' }).returning({ id: backtestRuns.id });
    await tx.insert(auditLog).values({
      actorId: by.userId,
      action: 'backtest',
      target: by.packDir ? `pack:${by.packDir}` : 'active pack',
      data: { runId: run.id, candidateVersion: p.candidate.packVersion, current: p.current.source, currentVersion: p.current.packVersion, limit: by.limit ?? null },
    });
    return run.id;
  });
}

const finish = (db: Db, id: string, set: Partial<BacktestRunRow>) => db.update(backtestRuns).set({ ...set, finishedAt: new Date() }).where(eq(backtestRuns.id, id));

export const listRuns = (db: Db, limit = 20) => db.select().from(backtestRuns).orderBy(desc(backtestRuns.startedAt)).limit(limit);

export async function findRun(db: Db, id: string): Promise<BacktestRunRow | undefined> {
  const [row] = await db.select().from(backtestRuns).where(eq(backtestRuns.id, id));
  return row;
}

export interface StartedRun { runId: string; prepared: PreparedBacktest; done: Promise<BacktestReport> }

/** Runs started by this process and not finished: one at a time, and stopped (recorded as failed) at shutdown. */
const active = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

let starting = false;

export class BacktestBusyError extends Error {}

/**
 * Loads the pack(s) (a refused pack throws PackLoadError before anything is recorded), records the
 * run, then runs it; `done` settles when it has finished and its outcome is stored. The progress
 * of a long run is written to its row about once a second, so a page can show it.
 */
export async function startBacktestRun(
  deps: { db: Db; log: Logger },
  opts: BacktestOptions & { userId: string | null },
): Promise<StartedRun> {
  if (active.size > 0 || starting) throw new BacktestBusyError('a backtest is already running in this process; wait for it to finish');
  starting = true;
  const controller = new AbortController();
  let prepared: PreparedBacktest | undefined;
  let runId: string;
  try {
    prepared = await prepareBacktest({ ...opts, signal: controller.signal });
    runId = await recordStart(deps.db, prepared, { userId: opts.userId, packDir: opts.packDir ?? null, limit: opts.limit });
  } catch (err) {
    await prepared?.close();
    throw err;
  } finally {
    starting = false;
  }
  // stopping ends the threads at once: the batch they hold fails the run instead of finishing
  controller.signal.addEventListener('abort', () => void prepared.close());
  let lastWrite = 0;
  const onProgress = async (p: { done: number; total: number }) => {
    await opts.onProgress?.(p);
    if (Date.now() - lastWrite < 1_000) return;
    lastWrite = Date.now();
    await deps.db.update(backtestRuns).set({ summary: { progress: p } }).where(eq(backtestRuns.id, runId));
  };
  const done = (async () => {
    try {
      const report = await prepared.run(deps.db, { onProgress });
      await finish(deps.db, runId, { status: 'done', summary: report as unknown as Record<string, unknown> });
      deps.log.info({ runId, decided: report.items.decided, newlyFlagged: report.newlyFlagged.count, noLongerFlagged: report.noLongerFlagged.count, ms: report.elapsedMs }, 'backtest done');
      return report;
    } catch (err) {
      const message = controller.signal.aborted ? 'stopped: the process shut down while the backtest ran' : (err as Error).message;
      deps.log.error({ runId, err: (err as Error).message }, 'backtest failed');
      await finish(deps.db, runId, { status: 'failed', error: message.slice(0, 2_000) }).catch((e: Error) => deps.log.error({ runId, err: e.message }, 'could not record the failed backtest'));
      throw err;
    } finally {
      active.delete(runId);
      await prepared.close();
    }
  })();
  active.set(runId, { controller, done });
  return { runId, prepared, done };
}

/** Stops every run of this process (shutdown): each is recorded as failed, and its threads end. */
export async function stopBacktests(): Promise<void> {
  const runs = [...active.values()];
  for (const r of runs) r.controller.abort();
  await Promise.allSettled(runs.map((r) => r.done));
}
