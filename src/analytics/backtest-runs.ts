import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLog, backtestRuns, users } from '../db/schema/index.ts';
import type { Logger } from '../logger.ts';
import { prepareBacktest, type BacktestOptions, type BacktestReport, type PreparedBacktest } from './backtest.ts';

export type BacktestRunRow = typeof backtestRuns.$inferSelect;

/** A run is recorded in backtest_runs and, as an accountable act, in the append-only audit_log, before its packs load. */
async function recordStart(db: Db, by: { userId: string | null; packDir: string | null; limit?: number }): Promise<string> {
  return db.transaction(async (tx) => {
    const [run] = await tx.insert(backtestRuns).values({ startedBy: by.userId, packDir: by.packDir, status: 'running', summary: { phase: 'loading the packs' } }).returning({ id: backtestRuns.id });
    await tx.insert(auditLog).values({
      actorId: by.userId,
      action: 'backtest',
      target: by.packDir ? `pack:${by.packDir}` : 'active pack',
      data: { runId: run.id, packDir: by.packDir, limit: by.limit ?? null },
    });
    return run.id;
  });
}

const finish = (db: Db, id: string, set: Partial<BacktestRunRow>) => db.update(backtestRuns).set({ ...set, finishedAt: new Date() }).where(eq(backtestRuns.id, id));

const withName = (db: Db) => db.select({ run: backtestRuns, startedByName: users.name }).from(backtestRuns).leftJoin(users, eq(users.id, backtestRuns.startedBy));

/** The latest runs, each with the name of whoever started it (null: the CLI). */
export async function listRuns(db: Db, limit = 20): Promise<Array<BacktestRunRow & { startedByName: string | null }>> {
  const rows = await withName(db).orderBy(desc(backtestRuns.startedAt)).limit(limit);
  return rows.map((r) => ({ ...r.run, startedByName: r.startedByName }));
}

export async function findRun(db: Db, id: string): Promise<(BacktestRunRow & { startedByName: string | null }) | undefined> {
  const [row] = await withName(db).where(eq(backtestRuns.id, id));
  return row && { ...row.run, startedByName: row.startedByName };
}

export interface StartedRun { runId: string; done: Promise<BacktestReport> }

/** Runs started by this process and not finished: one at a time, and stopped (recorded as failed) at shutdown. */
const active = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
let starting = false;

export class BacktestBusyError extends Error {}

/**
 * Records the run, then (in the background) loads the pack(s) in their threads and runs it: the
 * caller gets the run id at once and `done` settles when the outcome is stored. A pack the loader
 * refuses fails the run with its file:line reasons (`done` rejects with PackLoadError). Progress is
 * written to the run's row about once a second, so a page can show it.
 */
export async function startBacktestRun(deps: { db: Db; log: Logger }, opts: BacktestOptions & { userId: string | null }): Promise<StartedRun> {
  if (active.size > 0 || starting) throw new BacktestBusyError('a backtest is already running in this process; wait for it to finish');
  starting = true;
  let runId: string;
  try {
    runId = await recordStart(deps.db, { userId: opts.userId, packDir: opts.packDir ?? null, limit: opts.limit });
  } finally {
    starting = false;
  }
  const controller = new AbortController();
  const done = runInBackground(deps, opts, runId, controller.signal);
  active.set(runId, { controller, done });
  void done.finally(() => active.delete(runId)).catch(() => undefined); // the outcome is handled by whoever awaits done
  return { runId, done };
}

async function runInBackground(deps: { db: Db; log: Logger }, opts: BacktestOptions, runId: string, signal: AbortSignal): Promise<BacktestReport> {
  let prepared: PreparedBacktest | undefined;
  // stopping ends the threads at once: the batch they hold fails the run instead of finishing
  const stop = () => void prepared?.close();
  signal.addEventListener('abort', stop);
  let lastWrite = 0;
  const onProgress = async (p: { done: number; total: number }) => {
    await opts.onProgress?.(p);
    if (Date.now() - lastWrite < 1_000) return;
    lastWrite = Date.now();
    await deps.db.update(backtestRuns).set({ summary: { phase: 'scoring', progress: p } }).where(eq(backtestRuns.id, runId));
  };
  try {
    prepared = await prepareBacktest({ ...opts, signal });
    signal.throwIfAborted();
    await deps.db.update(backtestRuns).set({ packVersion: prepared.candidate.packVersion, summary: { phase: 'scoring' } }).where(eq(backtestRuns.id, runId));
    const report = await prepared.run(deps.db, { onProgress });
    await finish(deps.db, runId, { status: 'done', summary: report as unknown as Record<string, unknown> });
    deps.log.info({ runId, decided: report.items.decided, newlyFlagged: report.newlyFlagged.count, noLongerFlagged: report.noLongerFlagged.count, ms: report.elapsedMs }, 'backtest done');
    return report;
  } catch (err) {
    const message = signal.aborted ? 'stopped: the process shut down while the backtest ran' : (err as Error).message;
    deps.log.error({ runId, err: (err as Error).message }, 'backtest failed');
    await finish(deps.db, runId, { status: 'failed', error: message.slice(0, 4_000) }).catch((e: Error) => deps.log.error({ runId, err: e.message }, 'could not record the failed backtest'));
    throw err;
  } finally {
    signal.removeEventListener('abort', stop);
    await prepared?.close();
  }
}

/** Stops every run of this process (shutdown): each is recorded as failed, and its threads end. */
export async function stopBacktests(): Promise<void> {
  const runs = [...active.values()];
  for (const r of runs) r.controller.abort();
  await Promise.allSettled(runs.map((r) => r.done));
}
