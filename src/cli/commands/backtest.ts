import { statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { UsageError } from '../usage-error.ts';
import { countBar } from '../progress.ts';

interface BacktestOpts { pack?: string; json?: boolean; limit?: string }

function packDirOf(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const dir = path.resolve(given);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`--pack: no directory at ${dir}`);
  }
  if (!isDir) throw new UsageError(`--pack: ${dir} is not a directory`);
  return dir;
}

function limitOf(given: string | undefined): number | undefined {
  if (given === undefined) return undefined;
  const limit = Number(given);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number of items, 1 or more');
  return limit;
}

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('Score every decided item again with a candidate pack (or the active one) and compare with the decisions; the candidate is never activated')
    .option('--pack <dir>', 'the candidate pattern pack directory (default: the active pack, compared with the stored scores)')
    .option('--json', 'print the report as JSON')
    .option('--limit <n>', 'at most this many decided items')
    .action(async (opts: BacktestOpts) => {
      const packDir = packDirOf(opts.pack);
      const limit = limitOf(opts.limit);
      const config = loadConfig();
      const [{ openDatabase }, { startBacktestRun }, { PackLoadError }, { formatBacktest }, { loggerFor }] = await Promise.all([
        import('../../db/client.ts'), import('../../analytics/backtest-runs.ts'), import('../../analytics/pack-thread.ts'), import('../../analytics/backtest-format.ts'), import('../../logger.ts'),
      ]);
      const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      const bar = countBar();
      try {
        await database.migrate();
        const started = await startBacktestRun({ db: database.db, log: loggerFor(config) }, {
          packDir, limit, threshold: config.FLAG_THRESHOLD, userId: null, onProgress: (p) => bar.set(p.done, p.total, 'decided items'),
        });
        let report;
        try {
          report = await started.done;
        } catch (err) {
          if (err instanceof PackLoadError) throw new UsageError(err.message); // recorded as a failed run too
          throw err;
        } finally {
          bar.finish();
        }
        process.stdout.write(opts.json ? `${JSON.stringify({ runId: started.runId, ...report }, null, 2)}\n` : formatBacktest(report, { runId: started.runId }));
      } finally {
        await database.close();
      }
    });
}
