import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { openDatabase, type Database, type Db } from './db/client.ts';
import { createQueues, type Queues } from './jobs/queues.ts';
import { awaitRedis, connected, producerConnection, workerConnection } from './jobs/redis.ts';
import { loggerFor, type Logger } from './logger.ts';
import { MediaStore } from './media/store.ts';
import type { OcrPool } from './ocr/engine.ts';
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
  store: MediaStore;
  /** the process's tesseract.js pool, made only where the ocr worker runs */
  ocr?: OcrPool;
  /** a new blocking connection for one BullMQ worker */
  workerConnection(): Redis;
}

export interface BuildOptions {
  log?: Logger;
  migrate?: boolean;
  ocr?: boolean;
  /** how long to wait for Redis to answer before giving up (0: ask once, and explain if it is not there) */
  waitForRedisMs?: number;
}

export async function buildDeps(config: Config, opts: BuildOptions = {}): Promise<Deps> {
  const log = opts.log ?? loggerFor(config);
  let told = -Infinity;
  await awaitRedis(config.REDIS_URL, opts.waitForRedisMs ?? 0, (waited) => {
    if (waited - told < 5_000) return; // one line every 5 s of waiting
    told = waited;
    log.warn({ waitedMs: waited, limitMs: opts.waitForRedisMs }, 'Redis is not answering yet; waiting for it');
  });
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    if (opts.migrate !== false) await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  const redis = producerConnection(config.REDIS_URL);
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  let scorer: Scorer;
  let ocr: OcrPool | undefined;
  try {
    await connected(redis);
    scorer = loadScorer({ threshold: config.FLAG_THRESHOLD });
    ocr = opts.ocr ? await createPool(config, log) : undefined;
  } catch (err) {
    // A refused pattern pack or a missing OCR model must end the process, not leave it hanging on open connections.
    redis.disconnect();
    await database.close();
    throw err;
  }
  return {
    config,
    log,
    database,
    db: database.db,
    redis,
    queues: createQueues(redis, config.QUEUE_PREFIX),
    scorer,
    store: new MediaStore(config.DATA_DIR),
    ocr,
    workerConnection: () => workerConnection(config.REDIS_URL),
  };
}

async function createPool(config: Config, log: Logger): Promise<OcrPool> {
  const { createOcrPool } = await import('./ocr/engine.ts'); // tesseract.js loads only where OCR runs
  return createOcrPool({ size: config.OCR_POOL_SIZE, langs: config.OCR_LANGS, dataDir: config.DATA_DIR, log, timeoutMs: config.OCR_TIMEOUT_MS, maxPixels: config.MAX_IMAGE_PIXELS });
}

/** Closes in order; call after the workers have stopped. */
export async function closeDeps(deps: Deps): Promise<void> {
  await deps.ocr?.terminate();
  await deps.queues.close();
  deps.redis.disconnect();
  await deps.database.close();
}
