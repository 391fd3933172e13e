// `npm run bench:backtest`: a backtest of a candidate pack against 100,000 decided items on PostgreSQL.
// Seeds items, scores (made by the active pack, as the pipeline leaves them) and decided review cases
// from varied templates (backtest-corpus.ts), then times, in this process:
//   A. a candidate pack (the shipped pack plus one rule) against the active pack, whose stored
//      scores are used as they are: the usual case, one pack scores;
//   B. no candidate: the active pack against the stored scores;
//   C. every stored score from an older pack: both packs score every item (the worst case);
// and the rule analytics over the same decisions. For each: wall time, and the event loop's worst stall
// while it ran (the API process runs backtests in the background), and CPU seconds (the machine is shared:
// wall time moves with its load, CPU seconds much less).
// BENCH_ITEMS=N to change the size; KEEP_DB=1 keeps the database and prints a command to time the CLI.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { prepareBacktest, type BacktestOptions, type BacktestReport } from '../../src/analytics/backtest.ts';
import { ruleStats } from '../../src/analytics/rule-stats.ts';
import { openDatabase, type Db } from '../../src/db/client.ts';
import type { ScoreResult } from '../../src/scoring/index.ts';
import { candidatePackWithZorblat } from '../helpers/candidate-pack.ts';
import { createPostgresDatabase } from '../helpers/database.ts';
import { worstStall } from '../helpers/event-loop.ts';
import { decidedCorpus } from './backtest-corpus.ts';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
const CHUNK = 2_000;
const say = (s: string) => process.stdout.write(`${s}\n`);

type Stored = Pick<ScoreResult, 'score' | 'flagged' | 'matches' | 'indicators' | 'explanation' | 'details' | 'packVersion'>;

/** Scores posts in one thread per core (seeding 100,000 on one would take minutes). */
function seedScorers(n: number) {
  const threads = Array.from({ length: n }, () => new Worker(new URL('./seed-score-thread.js', import.meta.url)));
  const pending = new Map<number, { resolve(r: Stored[]): void; reject(e: Error): void }>();
  for (const w of threads) {
    w.on('message', (m: { id: number; results: Stored[] }) => { pending.get(m.id)?.resolve(m.results); pending.delete(m.id); });
    w.on('error', (err) => { for (const p of pending.values()) p.reject(err); pending.clear(); });
  }
  let next = 0;
  const score = (w: Worker, texts: string[]) => new Promise<Stored[]>((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    w.postMessage({ id, texts });
  });
  return {
    async scoreAll(texts: string[]): Promise<Stored[]> {
      const per = Math.ceil(texts.length / threads.length);
      return (await Promise.all(threads.map((w, i) => score(w, texts.slice(i * per, (i + 1) * per))))).flat();
    },
    close: () => Promise.all(threads.map((w) => w.terminate())),
  };
}

// One statement per chunk: the rows travel as one JSON parameter and PostgreSQL writes items, scores
// and the decided cases from it.
async function insertChunk(db: Db, rows: object[]): Promise<void> {
  await db.execute(sql`
    with d as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, text text, ingested timestamptz, score real, flagged boolean,
        matches jsonb, indicators jsonb, explanation text, details jsonb, pack text, confirmed boolean)
    ), i as (
      insert into items (id, source, channel, external_id, text, content_hash, status, ingested_at)
      select id, 'telegram', 'ch' || (abs(hashtext(id::text)) % 40), id::text, text, encode(sha256(convert_to(text, 'UTF8')), 'hex'), 'scored', ingested from d
    ), s as (
      insert into scores (item_id, score, flagged, matches, indicators, explanation, details, pack_version, scored_text)
      select id, score, flagged, matches, indicators, explanation, details, pack, text from d
    )
    insert into review_cases (item_id, status, priority, decided_at)
    select id, case when confirmed then 'confirmed' else 'dismissed' end, score, ingested + interval '1 hour' from d`);
}

async function seed(db: Db): Promise<void> {
  const scorers = seedScorers(Math.max(1, Math.min(4, os.availableParallelism())));
  const posts = decidedCorpus(N);
  const now = Date.now();
  let scoringMs = 0;
  try {
    for (let i = 0; i < posts.length; i += CHUNK) {
      const s0 = performance.now();
      const chunk = posts.slice(i, i + CHUNK);
      const results = await scorers.scoreAll(chunk.map((p) => p.text));
      scoringMs += performance.now() - s0;
      await insertChunk(db, chunk.map((p, j) => {
        const r = results[j];
        return { id: randomUUID(), text: p.text, ingested: new Date(now - p.daysAgo * 86_400_000).toISOString(), score: r.score, flagged: r.flagged,
          matches: r.matches, indicators: r.indicators, explanation: r.explanation, details: r.details, pack: r.packVersion, confirmed: p.confirmed };
      }));
    }
  } finally {
    await scorers.close();
  }
  await db.execute(sql`analyze`);
  say(`  (of which scoring the posts to store their scores: ${(scoringMs / 1000).toFixed(1)} s)`);
}

async function timeBacktest(label: string, db: Db, opts: BacktestOptions): Promise<BacktestReport> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage(); // the whole process: this thread and the scoring threads
  const prepared = await prepareBacktest(opts);
  const loadMs = performance.now() - t0;
  const { value: report, stallMs } = await worstStall(() => prepared.run(db).finally(() => prepared.close()));
  const totalS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  say(`${label.padEnd(46)} ${totalS.toFixed(1)} s in all (packs loaded in ${(loadMs / 1000).toFixed(1)} s, ${(report.elapsedMs / 1000).toFixed(1)} s streaming and scoring, ${report.itemsPerSecond.toLocaleString('en-US')} items/s), worst event-loop stall ${stallMs.toFixed(0)} ms, ${cpuS.toFixed(1)} CPU-s, load average ${os.loadavg()[0].toFixed(1)}`);
  say(`${''.padEnd(46)} current ${report.current.scored} scored / ${report.current.reused} reused, P ${report.current.precision?.toFixed(3)} R ${report.current.recall?.toFixed(3)}; candidate P ${report.candidate.precision?.toFixed(3)} R ${report.candidate.recall?.toFixed(3)}; newly flagged ${report.newlyFlagged.count}, no longer ${report.noLongerFlagged.count}`);
  return report;
}

const pg = await createPostgresDatabase();
const database = await openDatabase({ databaseUrl: pg.url, dataDir: '/tmp' });
const pack = candidatePackWithZorblat();
try {
  await database.migrate();
  const db = database.db;
  say(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const t0 = performance.now();
  await seed(db);
  say(`seeded ${N.toLocaleString('en-US')} decided items in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await ruleStats(db)).elapsedMs);
  say(`rule analytics (GET /api/analytics/rules)          median ${runs.sort((a, b) => a - b)[1]} ms of 3 runs`);

  const threshold = 60;
  const activeVersion = (await timeBacktest('A. candidate pack vs active (stored reused)', db, { packDir: pack.dir, threshold })).current.packVersion;
  await timeBacktest('B. active pack vs stored scores', db, { threshold });
  await db.execute(sql`update scores set pack_version = 'older-pack'`);
  await timeBacktest('C. candidate vs active, both scoring all', db, { packDir: pack.dir, threshold });
  await db.execute(sql`update scores set pack_version = ${activeVersion}`);
  if (process.env.KEEP_DB) say(`kept: DATABASE_URL=${pg.url} node src/cli/bin.js backtest --pack ${pack.dir} --json`);
} finally {
  await database.close();
  if (!process.env.KEEP_DB) {
    await pg.drop();
    pack.remove();
  }
}
