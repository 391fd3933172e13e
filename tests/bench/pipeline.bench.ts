// `npm run bench:pipeline`: the whole pipeline on PostgreSQL, measured from outside as a client sees it.
// 1. BullMQ's own ceiling here: trivial jobs at concurrency 50 on the same Redis.
// 2. One `recruitwatch serve` (API and every worker), text posts offered at fixed rates (and as fast
//    as a keep-alive client can), each held BENCH_SECONDS: accepted/s, refused (429) /s, scored/s
//    during the load, backlog at its end, POST→scored p50/p95/p99, CPU and peak RSS per process,
//    PostgreSQL statements and Redis commands per post (counted by proxies in front of both).
// 3. The API alone (WORKERS=none) and BENCH_WORKERS (2) `worker` processes, at the rates in BENCH_SPLIT_RATES.
// After each deploy's rows, the same posts sent in batches (POST /api/posts/batch) at BENCH_BATCH_RATES.
// Compare figures within one run: this 2-core machine's load moves absolute numbers a lot.
// BENCH_RATES=50,200 BENCH_SECONDS=10 for a quick look; BENCH_RATES= (empty) skips the one-process deploy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { Queue, Worker } from 'bullmq';
import { Pool } from 'undici';
import postgres from 'postgres';
import { runCli, startCli } from '../helpers/cli.ts';
import { adminUrl } from '../helpers/database.ts';
import { freePort, startPrivateRedis } from '../helpers/redis.ts';
import { corpus } from './score.bench.ts';
import { startCountingProxy, type WireCounts } from './wire-counter.ts';
import { backendCpuSeconds } from './backend-cpu.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RATES = (process.env.BENCH_RATES ?? '50,200,500,1000,2000,max').split(',').filter(Boolean);
const SPLIT_RATES = (process.env.BENCH_SPLIT_RATES ?? '2000,max').split(',').filter(Boolean);
// worker processes beside the API in the split deploy
const SPLIT_WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
// Producers that hold many posts send them in batches (POST /api/posts/batch): BENCH_BATCH_RATES
// (posts/s or max) in requests of BENCH_BATCH_SIZE posts, after the one-post-a-request rows.
const BATCH_RATES = (process.env.BENCH_BATCH_RATES ?? '2000,max').split(',').filter(Boolean);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 50);
const DRAIN_LIMIT_MS = Number(process.env.BENCH_DRAIN_SECONDS ?? 120) * 1000;
const MAX_IN_FLIGHT = 256; // the client's own bound; past it an offered post counts as "not sent"
const CLOSED_LOOP_CONCURRENCY = 64; // "max": this many requests always outstanding
// The counting proxies relay every byte to PostgreSQL and Redis through this process, on the same
// two cores as the pipeline: BENCH_COUNT_WIRE=0 measures throughput without them (counts show "-").
const COUNT_WIRE = process.env.BENCH_COUNT_WIRE !== '0';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (s: string) => process.stdout.write(`${s}\n`);

interface Proc { name: string; child: ChildProcess }

/** CPU seconds of a process and its live children (serve's worker processes); children that died keep theirs in cutime. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const own = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
  return own + childPids(pid).reduce((sum, child) => sum + cpuSeconds(child), 0);
}
function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return []; // the process is gone
  }
}
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}
function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function bullmqCeiling(redisUrl: string, jobs = 20_000): Promise<number> {
  const prefix = `bench-${randomUUID()}`;
  const queue = new Queue('ceiling', { connection: { url: redisUrl }, prefix });
  for (let i = 0; i < jobs; i += 1_000) await queue.addBulk(Array.from({ length: 1_000 }, (_, j) => ({ name: 't', data: { i: i + j } })));
  let done = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const started = performance.now();
  const worker = new Worker('ceiling', async () => {
    if (++done === jobs) allDone();
  }, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix, concurrency: 50, removeOnComplete: { count: 0 } });
  await finished;
  await worker.close();
  const perSecond = jobs / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true });
  await queue.close();
  return perSecond;
}

/** Offers posts at `rate` per second (or closed-loop for "max") for SECONDS; returns what the API answered. */
async function offer(base: string, token: string, channel: string, rate: string, texts: string[], perRequest: number) {
  // undici rather than http.request: the client shares the two cores with what it measures, and
  // undici costs it ~30 µs less CPU per request (20,000 keep-alive POSTs to a bare server, stop 23)
  const pool = new Pool(base, { connections: CLOSED_LOOP_CONCURRENCY * 2 });
  const sentAt = new Map<string, number>();
  const status: Record<string, number> = {};
  let inFlight = 0;
  let notSent = 0;
  let n = 0;
  const postOne = () =>
    new Promise<void>((resolve) => {
      const posts = Array.from({ length: perRequest }, () => {
        const id = String(n++);
        return { source: 'api', channel, externalId: id, text: `${texts[n % texts.length]} #${id}` };
      });
      // one post a request, or a batch of perRequest posts to POST /api/posts/batch; counts are in posts
      const [path, body] = perRequest === 1 ? ['/api/posts', JSON.stringify(posts[0])] : ['/api/posts/batch', JSON.stringify({ posts })];
      const at = Date.now();
      inFlight++;
      pool.request({ path, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })
        .then(async (res) => {
          await res.body.dump();
          status[res.statusCode] = (status[res.statusCode] ?? 0) + perRequest;
          if (res.statusCode === 202) for (const p of posts) sentAt.set(p.externalId, at);
        })
        .catch((err: Error) => {
          status[err.message] = (status[err.message] ?? 0) + perRequest;
        })
        .finally(() => {
          inFlight--;
          resolve();
        });
    });
  const t0 = Date.now();
  const end = t0 + SECONDS * 1000;
  if (rate === 'max') {
    await Promise.all(Array.from({ length: CLOSED_LOOP_CONCURRENCY }, async () => {
      while (Date.now() < end) await postOne();
    }));
  } else {
    const perSecond = Number(rate);
    let offered = 0;
    while (Date.now() < end) {
      const due = Math.floor(((Date.now() - t0) / 1000) * perSecond / perRequest);
      for (; offered < due; offered++) {
        if (inFlight >= MAX_IN_FLIGHT) notSent += perRequest;
        else void postOne();
      }
      await sleep(5);
    }
    while (inFlight > 0) await sleep(10);
  }
  await pool.close();
  return { sentAt, status, notSent, windowEnd: end, windowStart: t0 };
}

async function runPhase(opts: { label: string; rate: string; perRequest?: number; base: string; token: string; db: postgres.Sql; dbName: string; redisPid: number; procs: Proc[]; wire: { pg: WireCounts; redis: WireCounts }; texts: string[] }) {
  const channel = `bench-${opts.label}-${opts.rate}-${randomUUID().slice(0, 8)}`;
  const cpu0 = opts.procs.map((p) => cpuSeconds(p.child.pid!));
  const pg0 = { ...opts.wire.pg };
  const redis0 = { ...opts.wire.redis };
  const client0 = process.cpuUsage();
  const redisCpu0 = cpuSeconds(opts.redisPid);
  const pgCpu0 = backendCpuSeconds(opts.dbName);
  const result = await offer(opts.base, opts.token, channel, opts.rate, opts.texts, opts.perRequest ?? 1);
  const cpu1 = opts.procs.map((p) => cpuSeconds(p.child.pid!));
  const client1 = process.cpuUsage(client0);
  const redisCores = (cpuSeconds(opts.redisPid) - redisCpu0) / SECONDS;
  const pgCores = (backendCpuSeconds(opts.dbName) - pgCpu0) / SECONDS;
  const accepted = result.sentAt.size;
  const scoredRows = async () => opts.db<{ external_id: string; t: number }[]>`
    select i.external_id, extract(epoch from s.scored_at) * 1000 as t from items i join scores s on s.item_id = i.id where i.channel = ${channel}`;
  const atEnd = await scoredRows();
  const scoredInWindow = atEnd.filter((r) => Number(r.t) <= result.windowEnd).length;
  const backlog = accepted - atEnd.length;
  const drainStart = Date.now();
  let rows = atEnd;
  while (rows.length < accepted && Date.now() - drainStart < DRAIN_LIMIT_MS) {
    await sleep(500);
    rows = await scoredRows();
  }
  const drainSeconds = (Date.now() - drainStart) / 1000;
  // CPU per post over load and drain together: the cost of a post, which other work on the machine
  // changes far less than it changes throughput (the figure to compare between two builds).
  const procsCpu = opts.procs.reduce((sum, p, i) => sum + cpuSeconds(p.child.pid!) - cpu0[i], 0);
  const cpuMsPerPost = {
    app: (1000 * procsCpu) / Math.max(1, rows.length),
    redis: (1000 * (cpuSeconds(opts.redisPid) - redisCpu0)) / Math.max(1, rows.length),
    postgres: (1000 * (backendCpuSeconds(opts.dbName) - pgCpu0)) / Math.max(1, rows.length),
  };
  const pgStatements = opts.wire.pg.statements - pg0.statements;
  const pgParses = opts.wire.pg.parses - pg0.parses;
  const redisCommands = opts.wire.redis.statements - redis0.statements;
  const latencies = rows.map((r) => Number(r.t) - result.sentAt.get(r.external_id)!).filter(Number.isFinite).sort((a, b) => a - b);
  const refused = result.status['429'] ?? 0;
  const other = Object.entries(result.status).filter(([k]) => k !== '202' && k !== '429');
  return {
    label: opts.label,
    offered: opts.rate === 'max' ? 'max' : `${opts.rate}/s`,
    acceptedPerSec: accepted / SECONDS,
    refusedPerSec: refused / SECONDS,
    scoredPerSec: scoredInWindow / SECONDS,
    backlog,
    unscoredAfterDrain: accepted - rows.length,
    drainSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    cpu: [
      ...opts.procs.map((p, i) => `${p.name}${childPids(p.child.pid!).length ? ` (+${childPids(p.child.pid!).length} child)` : ''} ${((cpu1[i] - cpu0[i]) / SECONDS).toFixed(2)} cores ${[p.child.pid!, ...childPids(p.child.pid!)].map(peakRssMb).join('+')} MB`),
      // the load generator (and the counting proxies, when on) share the same two cores
      `bench client${COUNT_WIRE ? ' + proxies' : ''} ${((client1.user + client1.system) / 1e6 / SECONDS).toFixed(2)} cores`,
      `redis ${redisCores.toFixed(2)} cores`,
      `postgres ${pgCores.toFixed(2)} cores`,
    ].join(', '),
    // both sides count the whole phase (load and drain), per post stored and scored
    statementsPerPost: pgStatements / Math.max(1, rows.length),
    parsesPerPost: pgParses / Math.max(1, rows.length),
    redisPerPost: redisCommands / Math.max(1, rows.length),
    cpuMsPerPost,
    notSent: result.notSent,
    other: other.map(([k, v]) => `${k}×${v}`).join(' '),
  };
}

/** One post through the whole pipeline before measuring: worker processes take a while to start. */
async function warmUp(base: string, token: string, db: postgres.Sql): Promise<void> {
  const externalId = `warm-${randomUUID()}`;
  const res = await fetch(new URL('/api/posts', base), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'bench-warm-up', externalId, text: 'warming up' }) });
  if (res.status !== 202) throw new Error(`warm-up post answered ${res.status}: ${await res.text()}`);
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200)) {
    const [row] = await db`select 1 from items i join scores s on s.item_id = i.id where i.external_id = ${externalId}`;
    if (row) return;
  }
  throw new Error('the warm-up post was not scored within 2 minutes');
}

function printRow(r: Awaited<ReturnType<typeof runPhase>>) {
  const ms = (x: number) => (Number.isFinite(x) ? (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`) : '-');
  say(
    `| ${r.label} | ${r.offered} | ${r.acceptedPerSec.toFixed(0)} | ${r.refusedPerSec.toFixed(0)} | ${r.scoredPerSec.toFixed(0)} | ${r.backlog} | ${r.unscoredAfterDrain} | ` +
      `${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.p99)} | ${COUNT_WIRE ? `${r.statementsPerPost.toFixed(2)} (${r.parsesPerPost.toFixed(2)} parsed)` : '-'} | ${COUNT_WIRE ? r.redisPerPost.toFixed(1) : '-'} | ${r.cpuMsPerPost.app.toFixed(2)} + ${r.cpuMsPerPost.redis.toFixed(2)} + ${r.cpuMsPerPost.postgres.toFixed(2)} | ${r.cpu} |` +
      (r.notSent || r.other ? ` client: ${r.notSent} not sent ${r.other}` : ''),
  );
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bench-pipeline-'));
  const redis = await startPrivateRedis({});
  const dbName = `rw_bench_${randomUUID().replaceAll('-', '')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const direct = new URL(adminUrl);
  direct.pathname = `/${dbName}`;
  const db = postgres(direct.toString(), { max: 2, onnotice: () => {} });
  const pgProxy = await startCountingProxy({ host: direct.hostname, port: Number(direct.port || 5432) }, 'postgres');
  const redisProxy = await startCountingProxy({ host: '127.0.0.1', port: redis.port }, 'redis');
  const viaProxy = new URL(direct);
  viaProxy.port = String(pgProxy.port);
  const env = {
    DATABASE_URL: COUNT_WIRE ? viaProxy.toString() : direct.toString(),
    REDIS_URL: `redis://127.0.0.1:${COUNT_WIRE ? redisProxy.port : redis.port}`,
    DATA_DIR: path.join(dir, 'data'),
    QUEUE_PREFIX: 'rwbench',
    OCR_LANGS: 'eng',
    OCR_POOL_SIZE: '1',
    RW_ADMIN_PASSWORD: 'bench-admin-password',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  const procs: Proc[] = [];
  const stopAll = async () => {
    for (const p of procs.splice(0)) {
      if (p.child.exitCode !== null) continue;
      const exited = new Promise((r) => p.child.once('exit', r));
      p.child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
  };
  try {
    say(`# pipeline bench: ${os.cpus().length} cores, ${SECONDS} s per rate, PostgreSQL ${dbName}, private Redis`);
    const ceiling = await bullmqCeiling(redis.url);
    say(`BullMQ ceiling (trivial jobs, concurrency 50): ${ceiling.toFixed(0)} jobs/s`);

    const added = await runCli(['user', 'add', 'bench', '--role', 'admin'], { ...env, DATABASE_URL: direct.toString() });
    if (added.code !== 0) throw new Error(`user add failed: ${added.stderr}`);
    const token = added.stdout.trim().split('\n').at(-1)!;
    const texts = corpus(5_000);
    const wire = { pg: pgProxy.counts, redis: redisProxy.counts };
    const header = () => {
      say('| deploy | offered | accepted/s | 429/s | scored/s in load | backlog at end | unscored after drain | p50 / p95 / p99 POST→scored | DB statements/post | Redis cmds/post | CPU ms/post: app + redis + postgres | CPU, peak RSS |');
      say('|---|---|---|---|---|---|---|---|---|---|---|---|');
    };

    let best = 0;
    let bestBatched = 0;
    if (RATES.length) {
      const port = await freePort();
      procs.push({ name: 'serve', child: (await startCli(['serve'], { ...env, PORT: String(port) }, /listening on/, 90_000)).child });
      const base = `http://127.0.0.1:${port}`;
      await warmUp(base, token, db);
      header();
      for (const rate of RATES) {
        const row = await runPhase({ label: 'serve', rate, base, token, db, dbName, redisPid: redis.process.pid!, procs, wire, texts });
        best = Math.max(best, row.scoredPerSec);
        printRow(row);
      }
      for (const rate of BATCH_RATES) {
        const row = await runPhase({ label: `serve, batches of ${BATCH_SIZE}`, rate, perRequest: BATCH_SIZE, base, token, db, dbName, redisPid: redis.process.pid!, procs, wire, texts });
        bestBatched = Math.max(bestBatched, row.scoredPerSec);
        printRow(row);
      }
      await stopAll();
    }
    if (SPLIT_RATES.length) {
      const port = await freePort();
      procs.push({ name: 'api', child: (await startCli(['serve'], { ...env, WORKERS: 'none', PORT: String(port) }, /listening on/, 90_000)).child });
      for (let i = 1; i <= SPLIT_WORKERS; i++) procs.push({ name: `worker${i}`, child: (await startCli(['worker', 'ingest', 'score'], env, /workers running/, 90_000)).child });
      const base = `http://127.0.0.1:${port}`;
      await warmUp(base, token, db);
      for (const rate of SPLIT_RATES) {
        const row = await runPhase({ label: `api+${SPLIT_WORKERS} workers`, rate, base, token, db, dbName, redisPid: redis.process.pid!, procs, wire, texts });
        best = Math.max(best, row.scoredPerSec);
        printRow(row);
      }
      for (const rate of BATCH_RATES) {
        const row = await runPhase({ label: `api+${SPLIT_WORKERS} workers, batches of ${BATCH_SIZE}`, rate, perRequest: BATCH_SIZE, base, token, db, dbName, redisPid: redis.process.pid!, procs, wire, texts });
        bestBatched = Math.max(bestBatched, row.scoredPerSec);
        printRow(row);
      }
      await stopAll();
    }
    say(`best scored/s, one post a request: ${best.toFixed(0)} = ${((100 * best) / ceiling).toFixed(1)} % of BullMQ's ceiling in this run`);
    if (BATCH_RATES.length) say(`best scored/s, batches of ${BATCH_SIZE}: ${bestBatched.toFixed(0)} = ${((100 * bestBatched) / ceiling).toFixed(1)} % of BullMQ's ceiling in this run`);
  } finally {
    await stopAll();
    await pgProxy.close();
    await redisProxy.close();
    await redis.stop('SIGKILL');
    await db.end();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
