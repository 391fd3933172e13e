import os from 'node:os';
import { z } from 'zod';

const WORKER_NAMES = ['ingest', 'score', 'ocr', 'scan'] as const;
export type WorkerName = (typeof WORKER_NAMES)[number];

const workersList = z
  .string()
  .default('all')
  .transform((raw, ctx): WorkerName[] => {
    const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (parts.length === 1 && parts[0] === 'all') return [...WORKER_NAMES];
    if (parts.length === 1 && parts[0] === 'none') return [];
    const bad = parts.filter((p) => !(WORKER_NAMES as readonly string[]).includes(p));
    if (bad.length) {
      ctx.addIssue({ code: 'custom', message: `unknown worker(s) ${bad.join(', ')}; use all, none or a list of ${WORKER_NAMES.join(', ')}` });
      return z.NEVER;
    }
    return parts as WorkerName[];
  });

const Env = z.object({
  REDIS_URL: z.string().url().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  // absent: embedded PGlite in DATA_DIR/db. Any other scheme (mysql://…) would be dialled as PostgreSQL.
  DATABASE_URL: z.string().url().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (recruitwatch stores its data in PostgreSQL only)').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('rw'),
  WORKERS: workersList,
  // serve's workers in this many child processes; unset: 1 on PostgreSQL, 0 (in serve itself) on embedded PGlite
  WORKER_PROCESSES: z.coerce.number().int().min(0).max(16).optional(),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'looks like 123456:ABC-...').optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_WEB_BASE: z.string().url().default('https://t.me'),
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(), // set: the bot takes updates by webhook; absent: long polling
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16-256 letters, digits, _ or -').optional(),
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'), // where links in bot replies point
  TELEGRAM_MODERATORS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d+$/, 'Telegram user ids are numbers'))),
  OCR_LANGS: z.string().regex(/^[a-z_]{3,}(\+[a-z_]{3,})*$/, 'like eng+fas+rus').default('eng+rus+fas+ara+hin+spa+swa'),
  OCR_POOL_SIZE: z.coerce.number().int().min(1).max(64).default(Math.max(1, os.availableParallelism())),
  SCAN_INTERVAL_SECONDS: z.coerce.number().int().min(30).default(900), // default for a new watched channel
  SCAN_FIRST_PAGES: z.coerce.number().int().min(1).max(100).default(5), // how far back a first scan reads
  SCAN_RATE_MS: z.coerce.number().int().min(0).default(1_000), // one request to Telegram per this, all workers together
  OCR_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(60_000), // per image
  PHASH_MAX_DISTANCE: z.coerce.number().int().min(0).max(32).default(10), // near-duplicate images, in bits of 64
  FLAG_THRESHOLD: z.coerce.number().min(0).max(100).default(60),
  MAX_TEXT_LENGTH: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).default(20 * 1024 * 1024),
  MAX_IMAGE_PIXELS: z.coerce.number().int().min(1).default(50_000_000),
  // posts waiting in the ingest and score queues past which new posts and uploads get 429 (backpressure; see api/backpressure.ts)
  MAX_BACKLOG: z.coerce.number().int().min(1).default(5_000),
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000), // a crashed worker's job is retried after this
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  // the first admin's password, used only when `serve` starts on a database with no user (else generated and shown once)
  RW_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
  // Retention in days (0 keeps forever): dismissed items' content, images of dismissed items, channel posts never flagged, export files
  RETAIN_DISMISSED_DAYS: z.coerce.number().int().min(0).default(180),
  RETAIN_DISMISSED_MEDIA_DAYS: z.coerce.number().int().min(0).default(30),
  RETAIN_UNFLAGGED_POSTS_DAYS: z.coerce.number().int().min(0).default(30),
  RETAIN_EXPORTS_DAYS: z.coerce.number().int().min(0).default(30),
  RETENTION_SCHEDULE: z.string().regex(/^\S+( \S+){4,5}$/, 'a cron pattern like 30 3 * * *').default('30 3 * * *'), // the daily retention job
  // set: GET /metrics needs Authorization: Bearer <this>; absent: /metrics is open (bind HOST to a private address)
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'), // pretty: pino-pretty, for a person at a terminal
});

export type Config = Readonly<
  z.infer<typeof Env> & {
    /** false when REDIS_URL was not set: `serve` then starts a private Redis of its own. */
    redisUrlGiven: boolean;
  }
>;

export class ConfigError extends Error {}

/** The only reader of process.env: parsed once, one clear line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const r = Env.safeParse(cleaned);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError('Invalid environment:\n' + lines.join('\n'));
  }
  return Object.freeze({ ...r.data, redisUrlGiven: cleaned.REDIS_URL !== undefined });
}
