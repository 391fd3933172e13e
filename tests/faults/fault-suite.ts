// `npm run test:faults`: the service as separate processes (an API with WORKERS=none and two
// `worker all`) on PostgreSQL and a private redis-server with AOF, fed N text posts and M flyer
// uploads while a worker is kill -9'd every few seconds and restarted, Redis is restarted once and
// this database's PostgreSQL connections are cut once. Then it checks that nothing was lost or done
// twice, prints the counts, and exits 1 naming every check that failed.
//
// The machine's shared Redis and PostgreSQL are never stopped: Redis is our own child process, and
// only the connections to the suite's own database are terminated.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import postgres from 'postgres';
import sharp from 'sharp';
import { QUEUE_NAMES } from '../../src/jobs/contracts.ts';
import { stopAllOnExit } from '../helpers/child-registry.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { adminUrl } from '../helpers/database.ts';
import { freePort, startPrivateRedis } from '../helpers/redis.ts';

const POSTS = Number(process.env.FAULT_POSTS ?? 2_000);
const IMAGES = Number(process.env.FAULT_IMAGES ?? 100);
const POSTS_PER_SECOND = 100; // spreads the load over the fault schedule (~20 s for 2,000 posts)
const KILL_EVERY_MS = 4_000;
const REDIS_RESTART_AT_MS = 7_000;
const PG_CUT_AT_MS = 13_000;
const DRAIN_TIMEOUT_MS = 4 * 60_000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (s: string) => process.stdout.write(`[faults ${elapsed()}] ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Proc { child: ChildProcess; output: () => string }

// However the run ends (a crash outside main's try, Ctrl-C, CI's timeout), its serve, worker and
// redis-server children go with it instead of holding the database until someone kills them.
stopAllOnExit(say);

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-faults-'));
  const redisDir = path.join(dir, 'redis');
  fs.mkdirSync(redisDir);
  const redisPort = await freePort();
  let redis = await startPrivateRedis({ port: redisPort, dir: redisDir });
  const dbName = `rw_faults_${randomUUID().replaceAll('-', '')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const db = postgres(dbUrl.toString(), { max: 2, onnotice: () => {} });
  const env = {
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redis.url,
    DATA_DIR: path.join(dir, 'data'),
    QUEUE_PREFIX: 'rwfaults',
    LOG_LEVEL: 'warn',
    OCR_LANGS: 'eng',
    OCR_POOL_SIZE: '1',
  };
  const procs: Proc[] = [];
  const queues = QUEUE_NAMES.map((name) => new Queue(name, { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: env.QUEUE_PREFIX }));
  for (const q of queues) q.on('error', () => undefined); // Redis is restarted on purpose: the suite reads counts after
  try {
    say(`PostgreSQL database ${dbName}, private Redis on port ${redisPort} (AOF), ${POSTS} posts + ${IMAGES} flyers`);
    const added = await runCli(['user', 'add', 'faults', '--role', 'admin'], env);
    if (added.code !== 0) throw new Error(`user add failed: ${added.stderr}`);
    const token = added.stdout.trim().split('\n').at(-1)!;
    const port = await freePort();
    const api = await startCli(['serve'], { ...env, WORKERS: 'none', PORT: String(port) }, /listening on/, 60_000);
    procs.push(api);
    const base = `http://127.0.0.1:${port}`;
    const startWorker = () => startCli(['worker', 'all'], env, /workers running/, 60_000);
    const workers: Proc[] = [await startWorker(), await startWorker()];
    procs.push(...workers);
    say('API (WORKERS=none) and two `worker all` running');

    // --- faults, on a clock of their own while the load runs
    const faults = { kills: 0, redisRestarts: 0, pgCuts: 0, lastAt: Date.now() };
    let loadDone = false;
    const faultLoop = (async () => {
      const t0 = Date.now();
      let nextKill = t0 + KILL_EVERY_MS;
      let redisDone = false;
      let pgDone = false;
      const restarts: Promise<void>[] = [];
      while (!loadDone || !redisDone || !pgDone || faults.kills < 2) {
        await sleep(200);
        const now = Date.now();
        if (!redisDone && now - t0 >= REDIS_RESTART_AT_MS) {
          redisDone = true;
          await redis.stop('SIGTERM'); // a restart, not a crash: redis flushes its AOF on SIGTERM
          await sleep(1_000);
          redis = await startPrivateRedis({ port: redisPort, dir: redisDir });
          faults.redisRestarts++;
          faults.lastAt = Date.now();
          say('Redis restarted');
        }
        if (!pgDone && now - t0 >= PG_CUT_AT_MS) {
          pgDone = true;
          const cut = await db`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()) t`;
          faults.pgCuts++;
          faults.lastAt = Date.now();
          say(`PostgreSQL: ${cut[0].n} connections of ${dbName} terminated`);
        }
        if (now >= nextKill) {
          nextKill = now + KILL_EVERY_MS;
          const i = faults.kills % workers.length;
          const victim = workers[i].child;
          if (victim.exitCode !== null || victim.signalCode !== null) continue; // its replacement is still starting
          victim.kill('SIGKILL');
          faults.kills++;
          faults.lastAt = Date.now();
          say(`worker ${i + 1} killed (-9); restarting it`);
          // restarted in the background (it takes a few seconds to start) so the fault clock keeps time
          restarts.push(startWorker().then((replacement) => {
            procs.push(replacement);
            workers[i] = replacement;
          }));
        }
      }
      await Promise.all(restarts);
    })();

    // --- load: posts and flyers, retried as a real client would (same id, so a retry is idempotent)
    const accepted = new Set<string>();
    const refused: string[] = [];
    const send = async (id: string, request: () => Promise<Response>): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await request();
          if (res.status === 202) return void accepted.add(id);
          const body = await res.text();
          if (res.status < 500 && res.status !== 429) return void refused.push(`${id}: ${res.status} ${body.slice(0, 200)}`);
        } catch {
          // connection refused or reset while a fault is in progress: try again
        }
        if (attempt >= 60) return void refused.push(`${id}: gave up after ${attempt} attempts`);
        await sleep(500);
      }
    };
    const post = (i: number) => send(`post-${i}`, () =>
      fetch(`${base}/api/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'api', channel: 'faults', externalId: `post-${i}`, text: postText(i) }),
        signal: AbortSignal.timeout(10_000),
      }));
    const flyers = await Promise.all(Array.from({ length: IMAGES }, (_, i) => flyer(i)));
    const upload = (i: number) => send(`flyer-${i}`, () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(flyers[i])], { type: 'image/png' }), `flyer-${i}.png`);
      return fetch(`${base}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form, signal: AbortSignal.timeout(30_000) });
    });
    const inFlight = new Set<Promise<void>>();
    const track = (p: Promise<void>) => {
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };
    const imageEvery = Math.max(1, Math.floor(POSTS / Math.max(1, IMAGES)));
    let nextImage = 0;
    for (let i = 0; i < POSTS; i++) {
      track(post(i));
      if (i % imageEvery === 0 && nextImage < IMAGES) track(upload(nextImage++));
      await sleep(1_000 / POSTS_PER_SECOND);
    }
    while (nextImage < IMAGES) track(upload(nextImage++));
    await Promise.all(inFlight);
    loadDone = true;
    say(`load done: ${accepted.size} accepted, ${refused.length} refused`);
    await faultLoop;

    // --- drain: every queue empty and no item left queued or processing
    const drainStart = Date.now();
    let counts: Record<string, number> = {};
    for (;;) {
      try {
        counts = {};
        for (const q of queues) {
          const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed');
          for (const [k, v] of Object.entries(c)) counts[k] = (counts[k] ?? 0) + v;
        }
        const [{ open }] = await db`select count(*)::int as open from items where status in ('queued', 'processing')`;
        const [{ stored }] = await db`select count(*)::int as stored from items`;
        const busy = counts.waiting + counts.active + counts.delayed + counts.prioritized + counts['waiting-children'];
        if (busy === 0 && open === 0 && stored >= accepted.size) break;
      } catch {
        // a connection of ours cut by the fault: read again
      }
      if (Date.now() - drainStart > DRAIN_TIMEOUT_MS) break;
      await sleep(500);
    }
    const recoveredIn = (Date.now() - faults.lastAt) / 1000;

    // --- checks
    const failures: string[] = [];
    let checks = 0;
    const check = (ok: boolean, what: string) => {
      checks++;
      if (!ok) failures.push(what);
    };
    const storedRows = await db<{ source: string; external_id: string; status: string; error: string | null }[]>`
      select source, external_id, status, error from items`;
    const storedIds = new Set(storedRows.map((r) => (r.source === 'upload' ? null : r.external_id)).filter(Boolean));
    const postIds = [...accepted].filter((id) => id.startsWith('post-'));
    const missing = postIds.filter((id) => !storedIds.has(id));
    const uploads = storedRows.filter((r) => r.source === 'upload').length;
    const acceptedUploads = [...accepted].filter((id) => id.startsWith('flyer-')).length;
    const [scored] = await db`select count(*)::int as n, count(distinct pack_version)::int as packs, count(*) filter (where flagged)::int as flagged from scores`;
    const [cases] = await db`select count(*)::int as n, count(*) filter (where not s.flagged)::int as unflagged from review_cases c join scores s using (item_id)`;
    const [created] = await db`select count(*)::int as n, count(distinct case_id)::int as cases from review_events where action = 'created'`;
    const [ocr] = await db`select count(*)::int as n, count(*) filter (where ocr_status = 'done')::int as done, count(*) filter (where ocr_status = 'failed')::int as failed from media`;
    const failedItems = storedRows.filter((r) => r.status === 'failed');
    const unscored = storedRows.filter((r) => r.status !== 'scored' && r.status !== 'failed');

    check(refused.length === 0, `${refused.length} posts refused: ${refused.slice(0, 5).join('; ')}`);
    check(missing.length === 0, `${missing.length} accepted posts not stored: ${missing.slice(0, 10).join(', ')}`);
    check(storedRows.length === postIds.length + uploads, `${storedRows.length} items stored for ${postIds.length} posts and ${uploads} uploads`);
    check(uploads === acceptedUploads, `${acceptedUploads} flyers accepted but ${uploads} upload items stored`);
    check(unscored.length === 0, `${unscored.length} items still queued or processing`);
    check(failedItems.every((r) => r.error), 'a failed item without a reason');
    check(failedItems.length === 0, `${failedItems.length} items failed: ${failedItems.slice(0, 5).map((r) => `${r.external_id}: ${r.error}`).join('; ')}`);
    check(scored.n === storedRows.length - failedItems.length, `${scored.n} scores for ${storedRows.length - failedItems.length} scorable items`);
    check(scored.packs === 1, `scores from ${scored.packs} pack versions`);
    check(cases.n === scored.flagged && cases.unflagged === 0, `${cases.n} review cases for ${scored.flagged} flagged items (${cases.unflagged} unflagged)`);
    check(created.n === created.cases && created.cases === cases.n, `${created.n} 'created' events for ${cases.n} cases`);
    check(ocr.done + ocr.failed === ocr.n, `${ocr.n - ocr.done - ocr.failed} images never read`);
    const busy = counts.waiting + counts.active + counts.delayed + counts.prioritized + counts['waiting-children'];
    check(busy === 0, `jobs left: ${JSON.stringify(counts)}`);
    const failedJobs = await Promise.all(queues.map(async (q) => (await q.getFailed(0, 20)).map((j) => `${q.name} ${j.id}: ${j.failedReason}`)));
    check(failedJobs.flat().length === 0, `failed jobs: ${failedJobs.flat().slice(0, 5).join('; ')}`);

    say([
      `accepted ${accepted.size} (${postIds.length} posts, ${acceptedUploads} flyers)`,
      `stored ${storedRows.length} (${uploads} uploads)`,
      `scored ${scored.n} with ${scored.packs} pack version(s)`,
      `flagged ${scored.flagged} = cases ${cases.n}`,
      `images read ${ocr.done}/${ocr.n} (failed ${ocr.failed})`,
      `failed items ${failedItems.length}`,
      `jobs waiting/active/failed ${busy}/${counts.active}/${counts.failed}`,
      `faults: ${faults.kills} kill -9, ${faults.redisRestarts} Redis restart, ${faults.pgCuts} PostgreSQL cut`,
      `recovered ${recoveredIn.toFixed(1)} s after the last fault`,
      `total ${elapsed()}`,
    ].join('\n  '));
    process.stdout.write(`faults: ${checks - failures.length} passed, ${failures.length} failed\n`);
    if (failures.length) {
      say(`FAILED:\n  ${failures.join('\n  ')}`);
      for (const [i, p] of procs.entries()) if (/"level":(50|60)/.test(p.output())) process.stdout.write(`--- process ${i} errors:\n${p.output().split('\n').filter((l) => /"level":(50|60)/.test(l)).slice(-10).join('\n')}\n`);
      return 1;
    }
    say('passed: nothing lost, nothing done twice');
    return 0;
  } finally {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    for (const q of queues) await q.close().catch((err: Error) => say(`closing a queue: ${err.message}`));
    await redis.stop('SIGKILL');
    await db.end();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Half lures, half ordinary posts, each text different. */
function postText(i: number): string {
  return i % 2 === 0
    ? `Contract service for foreigners #${i}: signing bonus $${15_000 + i}, monthly pay from 200,000 roubles, no Russian needed, free flight. Write to the recruiter on WhatsApp +7 999 ${String(100_0000 + i).slice(-7)}`
    : `Market report ${i}: the city council met on Tuesday to discuss bus timetables and the new library opening hours.`;
}

/** A small flyer image with a different text (and so different bytes) each time. */
async function flyer(i: number): Promise<Buffer> {
  const text = await sharp({ text: { text: `WORK IN RUSSIA ${i}\nSalary ${2_000 + i} USD\nFree flight`, font: 'DejaVu Sans 24', dpi: 72, rgba: true } }).png().toBuffer();
  return sharp(text).flatten({ background: '#ffffff' }).extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#ffffff' }).png().toBuffer();
}

process.exitCode = await main().catch((err: Error) => {
  say(`FAILED: ${err.stack ?? err.message}`);
  return 1;
});
// A set-up step that fails before main's try leaves Redis and connections open, which would keep
// this process alive: exit now, and the 'exit' handler stops the children.
process.exit();
