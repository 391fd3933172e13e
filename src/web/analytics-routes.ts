import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { BacktestBusyError, findRun, listRuns, startBacktestRun, stopBacktests } from '../analytics/backtest-runs.ts';
import { ruleStats } from '../analytics/rule-stats.ts';
import type { ApiDeps } from '../api/server.ts';
import { defaultPatternDir } from '../scoring/index.ts';
import { MODEL_FILE } from '../scoring/pack/pack.ts';
import { analyticsPage } from './analytics-page.ts';
import { backtestPage, type RunView } from './backtest-page.ts';
import type { sessionGuard, Viewer } from './guard.ts';
import { esc, page } from './html.ts';
import { headerBar } from './header.ts';

const AnalyticsQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(104).default(12),
  min: z.coerce.number().int().min(1).max(100_000).default(3),
  rule: z.string().max(200).optional(),
});
const BacktestQuery = z.object({ run: z.string().uuid('run: not a run id').optional() });
const BacktestForm = z.object({ _csrf: z.string().optional(), pack: z.string().max(1_000, 'pack: at most 1,000 characters').default('') });

/** Why a directory typed into the form cannot be a candidate pack, or null when it may be loaded. */
function refusePackDir(dir: string): string | null {
  if (dir.includes('\0')) return 'The directory name holds a NUL character.';
  if (!path.isAbsolute(dir)) return `Give the candidate pack as an absolute directory on the server (starting with /), not "${dir}".`;
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory.`;
  } catch {
    return `There is no directory ${dir} on the server.`;
  }
  if (!existsSync(path.join(dir, MODEL_FILE))) return `${dir} holds no ${MODEL_FILE}: it is not a pattern pack.`;
  return null;
}

/**
 * The admin's analytics and backtest pages, registered inside the workspace (its session guard, CSP
 * and form parser apply). A backtest started here runs in the background of this process, its packs
 * in worker threads; the page lists runs from backtest_runs and reloads itself while one runs.
 */
export const analyticsPages = (deps: ApiDeps, guard: ReturnType<typeof sessionGuard>): FastifyPluginAsync => async (app) => {
  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  app.addHook('onClose', () => stopBacktests());

  app.get('/admin/analytics', { preHandler: guard('admin'), config: { docs: { summary: 'Rule analytics (HTML): precision per rule with its interval (chart and tables), never-confirmed rules, weekly trend', access: 'session', querystring: AnalyticsQuery } } }, async (req, reply) => {
    const v = req.viewer as Viewer;
    const q = AnalyticsQuery.safeParse(req.query);
    if (!q.success) return html(reply, page('Bad query', `${headerBar(v)}<main><p role="alert" class="error">${esc(q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))}</p><p><a href="/admin/analytics">Rule analytics</a></p></main>`), 400);
    const stats = await ruleStats(deps.db, { weeks: q.data.weeks, minDismissed: q.data.min });
    return html(reply, analyticsPage(v, stats, { rule: q.data.rule || undefined, weeks: q.data.weeks, min: q.data.min }));
  });

  const showBacktests = async (reply: FastifyReply, v: Viewer, opts: { run?: RunView; notice?: { ok?: string; error?: string }; packDir?: string } = {}, status = 200) =>
    html(reply, backtestPage(v, await listRuns(deps.db), { ...opts, activeDir: defaultPatternDir }), status);

  app.get('/admin/backtest', { preHandler: guard('admin'), config: { docs: { summary: 'Backtest page (HTML): start a backtest of a candidate pack, the runs with their status, one run\'s result (run=id)', access: 'session', querystring: BacktestQuery } } }, async (req, reply) => {
    const v = req.viewer as Viewer;
    const q = BacktestQuery.safeParse(req.query);
    if (!q.success) return showBacktests(reply, v, { notice: { error: q.error.issues[0].message } }, 400);
    const run = q.data.run ? await findRun(deps.db, q.data.run) : undefined;
    if (q.data.run && !run) return showBacktests(reply, v, { notice: { error: `No backtest run ${q.data.run}.` } }, 404);
    return showBacktests(reply, v, { run });
  });

  app.post('/admin/backtest', { preHandler: guard('admin'), config: { docs: { summary: 'Start a backtest (form: pack, an absolute server directory holding a pack; empty: the active pack against the stored scores); 303 to its page, where a pack the loader refuses shows as a failed run with its reasons', access: 'session', body: BacktestForm, consumes: ['application/x-www-form-urlencoded'], responses: { 303: 'started: the run\'s page', 400: 'not an absolute directory holding model.yaml', 409: 'a backtest is already running' } } } }, async (req, reply) => {
    const v = req.viewer as Viewer;
    const form = BacktestForm.safeParse(req.body ?? {});
    if (!form.success) return showBacktests(reply, v, { notice: { error: form.error.issues.map((i) => i.message).join('; ') } }, 400);
    const packDir = form.data.pack.trim() || undefined;
    const refused = packDir ? refusePackDir(packDir) : null;
    if (refused) return showBacktests(reply, v, { notice: { error: refused }, packDir }, 400);
    try {
      const started = await startBacktestRun({ db: deps.db, log: deps.log }, { packDir: packDir && path.resolve(packDir), threshold: deps.scorer.threshold, userId: v.user.id });
      // It runs on after this reply; a failure is logged and recorded on the run (status failed, its error), which this page shows.
      started.done.catch(() => undefined);
      req.log.info({ by: v.user.id, runId: started.runId, packDir: packDir ?? null }, 'backtest started');
      return reply.redirect(`/admin/backtest?run=${started.runId}`, 303);
    } catch (err) {
      if (err instanceof BacktestBusyError) return showBacktests(reply, v, { notice: { error: err.message }, packDir }, 409);
      throw err;
    }
  });
};
