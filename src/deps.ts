import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { openDatabase, type Database, type Db } from './db/client.ts';
import { createQueues, type Queues } from './jobs/queues.ts';
import { assertRedisAnswers, producerConnection, workerConnection } from './jobs/redis.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadScorer } from './scoring/index.ts';
import type { Scorer } from './scoring/types.ts';

/** Everything a process needs, built once at start and closed in order at shutdown. */
export interface Deps {
  config: Config;
  log: Logger;
  database: Database;
  db: Db;
  redis: Redis; // producer connection: fails fast when Redis is down
  queues: Queues;
  scorer: Scorer;
  /** a new blocking connection for one BullMQ worker */
  workerConnection(): Redis;
}

export async function buildDeps(config: Config, opts: { log?: Logger; migrate?: boolean } = {}): Promise<Deps> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  await assertRedisAnswers(config.REDIS_URL);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    if (opts.migrate !== false) await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  const redis = producerConnection(config.REDIS_URL);
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const scorer = loadScorer({ threshold: config.FLAG_THRESHOLD });
  return {
    config,
    log,
    database,
    db: database.db,
    redis,
    queues: createQueues(redis, config.QUEUE_PREFIX),
    scorer,
    workerConnection: () => workerConnection(config.REDIS_URL),
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.queues.close();
  deps.redis.disconnect();
  await deps.database.close();
}
