import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config.ts';
import { UsageError } from '../usage-error.ts';
import { channelsGroup } from './channels.ts';

/** The database and the queues, opened for one command and closed after it. */
async function withStores<T>(fn: (deps: Awaited<ReturnType<typeof open>>) => Promise<T>): Promise<T> {
  const deps = await open(loadConfig());
  try {
    return await fn(deps);
  } finally {
    await deps.close();
  }
}

async function open(config: Config) {
  const [{ openDatabase }, { createQueues }, redisMod] = await Promise.all([
    import('../../db/client.ts'),
    import('../../jobs/queues.ts'),
    import('../../jobs/redis.ts'),
  ]);
  await redisMod.assertRedisAnswers(config.REDIS_URL);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await database.migrate();
  const redis = redisMod.producerConnection(config.REDIS_URL);
  await redisMod.connected(redis);
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  return {
    config,
    db: database.db,
    queues,
    async close() {
      await queues.close();
      redis.disconnect();
      await database.close();
    },
  };
}

/** The canonical handle, checked before anything is opened; a mistyped one is a usage error. */
async function canonicalHandle(input: string): Promise<string> {
  const { watchableHandle, HandleError } = await import('../../telegram/watchlist.ts');
  try {
    return watchableHandle(input);
  } catch (err) {
    if (err instanceof HandleError) throw new UsageError(err.message);
    throw err;
  }
}

export function registerChannelWatch(program: Command): void {
  const group = channelsGroup(program);
  group
    .command('add')
    .description('watch a public channel: scanned now and then every --interval seconds')
    .argument('<handle>', 'name, @name or t.me/name')
    .option('--interval <seconds>', 'seconds between scans (default SCAN_INTERVAL_SECONDS)')
    .action(async (handle: string, opts: { interval?: string }) => {
      const interval = opts.interval === undefined ? undefined : Number(opts.interval);
      if (interval !== undefined && (!Number.isInteger(interval) || interval < 30)) throw new UsageError('--interval must be a whole number of seconds, at least 30');
      const canonical = await canonicalHandle(handle);
      const { watchChannel } = await import('../../telegram/watchlist.ts');
      await withStores(async (deps) => {
        const row = await watchChannel(deps, canonical, interval ?? deps.config.SCAN_INTERVAL_SECONDS);
        process.stdout.write(`watching ${row.handle} every ${row.intervalSeconds} s; first scan queued\n`);
      });
    });

  group
    .command('list')
    .description('the watched channels by risk: risk, interval, status, scan cursor, last scan and last error')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { watchedByRisk } = await import('../../channels/overview.ts');
      const rows = await withStores((deps) => watchedByRisk(deps.db));
      if (opts.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      if (rows.length === 0) return void process.stdout.write('no channels watched (add one with `recruitwatch channels add HANDLE`)\n');
      for (const r of rows) {
        const last = r.lastScannedAt ? r.lastScannedAt.toISOString() : 'never';
        const risk = r.risk ? `risk ${r.risk.score}${r.risk.elevatedAt ? ' ELEVATED' : ''}` : 'risk -';
        const every = r.effectiveIntervalSeconds !== r.intervalSeconds ? `every ${r.intervalSeconds}s (now ${r.effectiveIntervalSeconds}s)` : `every ${r.intervalSeconds}s`;
        process.stdout.write(`${r.handle}\t${risk}\t${every}\t${r.status}\tcursor ${r.cursor ?? '-'}\tlast scan ${last}${r.lastError ? `\tlast error: ${r.lastError}` : ''}\n`);
      }
    });

  group
    .command('risk')
    .description('channels by risk (watched or seen in items), with what the score is made of; --recompute first recomputes every channel')
    .option('--recompute', 'recompute every channel\'s risk now (raising or lowering those that cross the threshold)')
    .option('--limit <n>', 'show at most this many channels', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { recompute?: boolean; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number, at least 1');
      const [{ recomputeChannelRisk }, { listRisk }, { listChannels }] = await Promise.all([
        import('../../channels/risk.ts'),
        import('../../repos/channel-risk.repo.ts'),
        import('../../repos/channels.repo.ts'),
      ]);
      await withStores(async (deps) => {
        if (opts.recompute) {
          const t0 = performance.now();
          const { computed, changes } = await recomputeChannelRisk({ db: deps.db, queues: deps.queues });
          process.stderr.write(`recomputed the risk of ${computed} channels in ${Math.round(performance.now() - t0)} ms\n`);
          for (const c of changes) {
            const interval = c.intervalSeconds ? `, scanned every ${c.intervalSeconds} s` : '';
            process.stderr.write(`${c.channel}: ${c.elevated ? 'elevated' : 'no longer elevated'}, ${c.cases} open cases ${c.elevated ? 'raised' : 'lowered'}${interval}\n`);
          }
        }
        const [rows, watched] = await Promise.all([listRisk(deps.db, limit), listChannels(deps.db)]);
        const isWatched = new Set(watched.map((w) => w.handle));
        if (opts.json) return void process.stdout.write(`${JSON.stringify(rows.map((r) => ({ ...r, watched: isWatched.has(r.channel) })), null, 2)}\n`);
        if (rows.length === 0) return void process.stdout.write('no channel risk computed yet (run `recruitwatch channels risk --recompute`)\n');
        for (const r of rows) {
          const counts = `confirmed ${r.confirmedItems}, dismissed ${r.dismissedItems}, forwards from confirmed ${r.forwardsFromConfirmed}, links to confirmed ${r.linksToConfirmed}, shared indicators ${r.sharedIndicators}`;
          const flags = [r.elevatedAt ? `ELEVATED since ${r.elevatedAt.toISOString()}` : '', isWatched.has(r.channel) ? 'watched' : ''].filter(Boolean).join(', ');
          process.stdout.write(`${String(r.score).padStart(3)}\t${r.channel}\t${counts}${flags ? `\t${flags}` : ''}\n`);
        }
      });
    });

  group
    .command('remove')
    .description('stop watching a channel (what was stored stays)')
    .argument('<handle>')
    .action(async (handle: string) => {
      const canonical = await canonicalHandle(handle);
      const { unwatchChannel } = await import('../../telegram/watchlist.ts');
      await withStores(async (deps) => {
        if (!(await unwatchChannel(deps, canonical))) throw new UsageError(`${handle} is not watched`);
        process.stdout.write(`stopped watching ${handle}\n`);
      });
    });

  group
    .command('scan')
    .description('queue a scan of a watched channel now (a running scan worker does it)')
    .argument('<handle>')
    .action(async (handle: string) => {
      const canonical = await canonicalHandle(handle);
      const { queueScanNow } = await import('../../telegram/scan-job.ts');
      const { findChannel } = await import('../../repos/channels.repo.ts');
      await withStores(async (deps) => {
        if (!(await findChannel(deps.db, canonical))) throw new UsageError(`${canonical} is not watched; add it with \`recruitwatch channels add ${canonical}\``);
        await queueScanNow(deps.queues, canonical);
        process.stdout.write(`scan of ${canonical} queued\n`);
      });
    });
}
