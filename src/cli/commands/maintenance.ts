import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config.ts';
import { UsageError } from '../usage-error.ts';

/**
 * With REDIS_URL unset, `serve` runs a private Redis whose AOF is in DATA_DIR/redis. A command may
 * start one of its own only when no serve can be using that folder: on the embedded database,
 * whose lock it already holds. On PostgreSQL it must be told where the service's Redis is.
 */
async function redisFor(config: Config, embedded: boolean) {
  if (config.redisUrlGiven) return { url: config.REDIS_URL, stop: async () => {} };
  if (!embedded) throw new UsageError('set REDIS_URL to the Redis the service uses (a private one is only started on the embedded database)');
  const { loggerFor } = await import('../../logger.ts');
  return (await import('../../jobs/private-redis.ts')).startPrivateRedis(config.DATA_DIR, loggerFor(config));
}

const POLL_MS = 250;

export function registerMaintenance(program: Command): void {
  program
    .command('rescore')
    .description('re-score every stored item an older pattern pack scored, in one background job; shows its progress')
    .option('--no-wait', 'queue the job and print its id (poll GET /api/jobs/:id)')
    .action(async (opts: { wait: boolean }) => {
      const given = loadConfig();
      const { openDatabase } = await import('../../db/client.ts');
      const database = await openDatabase({ databaseUrl: given.DATABASE_URL, dataDir: given.DATA_DIR }); // first: PGlite's lock says no serve runs
      await database.close();
      const redis = await redisFor(given, !given.DATABASE_URL);
      const config = { ...given, REDIS_URL: redis.url, redisUrlGiven: true };
      const { buildDeps, closeDeps } = await import('../../deps.ts');
      const deps = await buildDeps(config);
      const { maintenanceQueue, queueRescore } = await import('../../maintenance/queue.ts');
      const { startMaintenanceWorker } = await import('../../maintenance/worker.ts');
      const { countStale } = await import('../../pipeline/rescore.ts');
      const queue = maintenanceQueue(deps.redis, config.QUEUE_PREFIX);
      // This process works on the job too, so it finishes whether or not a service is running.
      const worker = opts.wait ? startMaintenanceWorker(deps) : undefined;
      try {
        const pack = deps.scorer.packVersion;
        const stale = await countStale(deps.db, pack);
        if (stale === 0) {
          process.stdout.write(`nothing to re-score: every stored item was scored by pack ${pack}\n`);
          return;
        }
        const job = await queueRescore(queue, pack);
        process.stdout.write(`re-score job ${job.id}: ${stale} item(s) to score with pack ${pack}\n`);
        if (!opts.wait) return;
        const { countBar } = await import('../progress.ts');
        const bar = countBar();
        for (;;) {
          const now = await queue.getJob(job.id!);
          const state = now ? await now.getState() : 'unknown';
          const p = (now?.progress ?? {}) as { done?: number; total?: number };
          bar.set(p.done ?? 0, p.total ?? stale, state);
          if (state === 'completed') {
            bar.finish();
            const r = now!.returnvalue as { rescored: number; newlyFlagged: number; failed: number };
            process.stdout.write(`re-scored ${r.rescored} item(s); ${r.newlyFlagged} newly flagged; ${r.failed} failed (see the log)\n`);
            if (r.failed > 0) process.exitCode = 1;
            return;
          }
          if (state === 'failed' && now!.attemptsMade >= (now!.opts.attempts ?? 1)) {
            bar.finish();
            throw new Error(`re-score job ${job.id} failed: ${now!.failedReason}`);
          }
          if (state === 'unknown') throw new Error(`re-score job ${job.id} is gone from the queue`);
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      } finally {
        await worker?.stop();
        await queue.close();
        await closeDeps(deps);
        await redis.stop();
      }
    });

  const retention = program.command('retention').description('remove what the retention policy (RETAIN_* variables) no longer keeps');
  retention
    .command('run')
    .description('apply retention now (also done daily by the service); prints one line per thing removed: KIND ID DETAIL')
    .option('--dry-run', 'print exactly what a run would remove, and remove nothing')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const config = loadConfig();
      const { openDatabase } = await import('../../db/client.ts');
      const { loggerFor } = await import('../../logger.ts');
      const { applyRetention, planRetention, retentionPolicy } = await import('../../maintenance/retention.ts');
      const log = loggerFor(config);
      const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      try {
        await database.migrate();
        const deps = { db: database.db, config };
        const plan = await planRetention(deps, retentionPolicy(config), new Date());
        if (!opts.dryRun) await applyRetention(deps, plan, log);
        if (opts.json) process.stdout.write(JSON.stringify(plan) + '\n');
        else for (const e of plan) process.stdout.write(`${e.kind}\t${e.id}\t${e.detail}\n`);
        process.stderr.write(`${opts.dryRun ? 'dry run: would remove' : 'removed'} ${plan.length} thing(s)\n`);
        if (!opts.dryRun && plan.length > 0) log.info({ removed: plan.length }, 'retention applied from the command line');
      } finally {
        await database.close();
      }
    });
}
