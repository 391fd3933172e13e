import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import { addUser } from '../../src/auth/users.ts';
import { loadConfig, type WorkerName } from '../../src/config.ts';
import { buildDeps, closeDeps, type Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/logger.ts';
import { startWorkers, stopWorkers } from '../../workers/index.ts';
import { createPostgresDatabase, testDbKind } from './database.ts';
import { deletePrefix, redisUrl, uniquePrefix } from './redis.ts';

export interface TestApp {
  deps: Deps;
  app: FastifyInstance;
  workers: Worker[];
  /** admin token */
  token: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The real service in this process: its own queue prefix on the machine's Redis and its own
 * database (a fresh PostgreSQL database, or PGlite in a temporary folder, per TEST_DB).
 */
export async function startTestApp(opts: { workers?: WorkerName[]; env?: Record<string, string>; adjust?: (deps: Deps) => void } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-test-'));
  const pg = testDbKind() === 'postgres' ? await createPostgresDatabase() : null;
  const env: Record<string, string> = {
    REDIS_URL: redisUrl,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: uniquePrefix(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ...opts.env,
  };
  const config = loadConfig(env);
  const names = opts.workers ?? ['ingest', 'score'];
  const deps = await buildDeps(config, { log: createLogger(config.LOG_LEVEL), ocr: names.includes('ocr') });
  opts.adjust?.(deps);
  const workers = startWorkers(deps, names);
  const app = await buildServer(deps);
  const { token } = await addUser(deps.db, { name: 'admin', role: 'admin' });
  return {
    deps,
    app,
    workers,
    token,
    env,
    async close() {
      await app.close();
      await stopWorkers(workers);
      await closeDeps(deps);
      await deletePrefix(config.QUEUE_PREFIX);
      await pg?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
