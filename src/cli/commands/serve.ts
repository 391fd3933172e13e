import type { Command } from 'commander';
import { loadConfig, type WorkerName } from '../../config.ts';
import type { Deps } from '../../deps.ts';
import { UsageError } from '../usage-error.ts';
import { startWorkerProcesses, stopWhenParentGoes } from '../worker-processes.ts';

const WORKER_REDIS_WAIT_MS = 60_000;

// Heavy modules load inside the actions, so `recruitwatch score` starts fast.
async function runtime() {
  const [api, deps, lifecycle, workers] = await Promise.all([
    import('../../api/server.ts'),
    import('../../deps.ts'),
    import('../../lifecycle.ts'),
    import('../../../workers/index.ts'),
  ]);
  return { ...api, ...deps, ...lifecycle, ...workers };
}

/** The API and workers run on when Telegram cannot be reached at start; the log says why. */
async function startTelegramBot(deps: Deps) {
  const { startBot } = await import('../../telegram/bot.ts');
  try {
    return await startBot(deps);
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'telegram bot not started'); // startBot's errors carry no token
    return undefined;
  }
}

const WORKER_CHOICES = ['ingest', 'score', 'ocr', 'scan'];

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API and the workers named by WORKERS (default all; none for an API-only process)')
    .action(async () => {
      const given = loadConfig();
      const { buildDeps, buildServer, closeDeps, exitOnUncaught, startWorkers, stopOnSignal, stopWorkers } = await runtime();
      const { loggerFor } = await import('../../logger.ts');
      const log = loggerFor(given);
      const privateRedis = given.redisUrlGiven ? undefined : await (await import('../../jobs/private-redis.ts')).startPrivateRedis(given.DATA_DIR, log);
      const config = privateRedis ? { ...given, REDIS_URL: privateRedis.url } : given;
      // Workers in child processes (measured in npm run bench:pipeline); PGlite allows one process, so there they stay inside.
      const childProcesses = config.WORKERS.length === 0 ? 0 : (config.WORKER_PROCESSES ?? (config.DATABASE_URL ? 1 : 0));
      if (childProcesses > 0 && !config.DATABASE_URL) throw new UsageError('WORKER_PROCESSES needs DATABASE_URL: the embedded database allows one process; unset it or set it to 0');
      const inProcess = childProcesses === 0 ? config.WORKERS : [];
      let deps: Deps;
      try {
        deps = await buildDeps(config, { log, ocr: inProcess.includes('ocr') });
      } catch (err) {
        await privateRedis?.stop();
        throw err;
      }
      exitOnUncaught(deps.log);
      const { ensureFirstAdmin, firstAdminNotice } = await import('../../auth/first-admin.ts');
      let firstAdmin: Awaited<ReturnType<typeof ensureFirstAdmin>>;
      try {
        firstAdmin = await ensureFirstAdmin(deps.db, config.RW_ADMIN_PASSWORD);
      } catch (err) {
        await closeDeps(deps);
        await privateRedis?.stop();
        throw err;
      }
      if (firstAdmin) deps.log.info({ user: firstAdmin.name }, 'first run: created the first admin; its credentials are on standard error');
      const workers = startWorkers(deps, inProcess);
      let children: ReturnType<typeof startWorkerProcesses> | undefined;
      const { syncSchedules } = await import('../../telegram/watchlist.ts');
      await syncSchedules(deps);
      const stopPackUpkeep = (await import('../../pipeline/pack-upkeep.ts')).keepPackCurrent(deps);
      const app = await buildServer(deps);
      let bot: Awaited<ReturnType<typeof startTelegramBot>>;
      // One order for every way out: no new submissions first, the private Redis last (the workers' final writes go to it).
      const shutdown = async () => {
        await stopPackUpkeep();
        await bot?.stop();
        await app.close();
        await children?.stop();
        await stopWorkers(workers);
        await closeDeps(deps);
        await privateRedis?.stop();
      };
      let address: string;
      try {
        address = await app.listen({ port: config.PORT, host: config.HOST });
      } catch (err) {
        // Nothing may keep running without the API: stop the workers and free the database (PGlite's lock).
        await shutdown();
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new Error(`port ${config.PORT} on ${config.HOST} is already in use; stop what holds it or set PORT`);
        throw err;
      }
      deps.log.info({ address, database: deps.database.kind }, 'recruitwatch is serving');
      const stopped = stopOnSignal(deps.log, shutdown); // before the announcement, as for workers below
      process.stderr.write(`recruitwatch listening on ${address} (database: ${deps.database.kind})\n`);
      if (firstAdmin) process.stderr.write(firstAdminNotice(firstAdmin, config.PUBLIC_URL));
      if (childProcesses > 0) {
        // the children reach the same Redis, the private one included
        children = startWorkerProcesses({ count: childProcesses, names: config.WORKERS, env: { ...process.env, REDIS_URL: config.REDIS_URL }, log: deps.log });
        process.on('SIGHUP', () => children?.signal('SIGHUP')); // a pack reload reaches every process
      }
      bot = config.TELEGRAM_BOT_TOKEN ? await startTelegramBot(deps) : undefined;
      await stopped;
    });

  program
    .command('worker')
    .description(`run queue workers only: ${WORKER_CHOICES.join(', ')} or all`)
    .argument('<names...>', `${WORKER_CHOICES.join(', ')} or all`)
    .action(async (names: string[]) => {
      const selected = names.includes('all') ? WORKER_CHOICES : names;
      const unknown = selected.filter((n) => !WORKER_CHOICES.includes(n));
      if (unknown.length) throw new UsageError(`unknown worker ${unknown.join(', ')}; choose from ${WORKER_CHOICES.join(', ')} or all`);
      const config = loadConfig();
      const { buildDeps, closeDeps, exitOnUncaught, startWorkers, stopOnSignal, stopWorkers } = await runtime();
      // a worker is started by a supervisor, perhaps while Redis restarts: it waits for Redis a while
      const deps = await buildDeps(config, { ocr: selected.includes('ocr'), waitForRedisMs: WORKER_REDIS_WAIT_MS });
      exitOnUncaught(deps.log);
      const workers = startWorkers(deps, selected as WorkerName[]);
      const stopPackUpkeep = (await import('../../pipeline/pack-upkeep.ts')).keepPackCurrent(deps);
      const releaseParent = stopWhenParentGoes();
      // the handler goes in before the announcement: a supervisor may stop the worker the moment it
      // reads it, and a SIGTERM with no handler yet kills the process without stopping anything
      const stopped = stopOnSignal(deps.log, async () => {
        await stopPackUpkeep();
        await stopWorkers(workers);
        await closeDeps(deps);
        releaseParent();
      });
      process.stderr.write(`recruitwatch workers running: ${workers.map((w) => w.name).join(', ')} (pack ${deps.scorer.packVersion})\n`);
      await stopped;
    });
}
