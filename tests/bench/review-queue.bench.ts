// How long the workspace's queue takes with 100,000 open cases on PostgreSQL: the first page, a page
// deep in the keyset, and the filters. Run: npx tsx tests/bench/review-queue.bench.ts [cases]
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.ts';
import { listWorkQueue } from '../../src/repos/review.repo.ts';
import { leaseHeld } from '../../src/review/decisions.ts';
import { createPostgresDatabase } from '../helpers/database.ts';

const N = Number(process.argv[2] ?? 100_000);
const pg = await createPostgresDatabase();
const database = await openDatabase({ databaseUrl: pg.url, dataDir: '/tmp' });
try {
  await database.migrate();
  const db = database.db;
  const t0 = performance.now();
  await db.execute(sql`insert into users (id, name, role) values ('00000000-0000-4000-8000-000000000001', 'bench', 'reviewer')`);
  await db.execute(sql`insert into items (id, source, channel, external_id, text, content_hash, status)
    select md5('i' || g)::uuid, case when g % 3 = 0 then 'telegram' else 'api' end, 'ch' || (g % 50), 'e' || g, 'Contract service post ' || g, md5('t' || g), 'scored' from generate_series(1, ${N}) g`);
  await db.execute(sql`insert into scores (item_id, score, flagged, matches, indicators, explanation, pack_version)
    select md5('i' || g)::uuid, 60 + (g % 40), true, jsonb_build_array(jsonb_build_object('rule', 'R-' || (g % 30), 'category', 'C-' || (g % 7), 'start', 0, 'end', 8, 'text', 'Contract')), '[]', 'why', 'p1' from generate_series(1, ${N}) g`);
  await db.execute(sql`insert into review_cases (item_id, status, priority, claimed_by, claimed_at, created_at)
    select md5('i' || g)::uuid, case when g % 10 = 0 then 'confirmed' when g % 17 = 0 then 'escalated' when g % 23 = 0 then 'claimed' else 'pending' end, 60 + (g % 40),
      case when g % 23 = 0 and g % 10 <> 0 and g % 17 <> 0 then '00000000-0000-4000-8000-000000000001'::uuid end, case when g % 23 = 0 then now() end, now() - (g || ' seconds')::interval from generate_series(1, ${N}) g`);
  // each case's log as the queue row reads it (markers): a created event, and a decision on the decided ones
  await db.execute(sql`insert into review_events (case_id, action, data)
    select id, 'created', jsonb_build_object('score', priority, 'joinedConfirmedCampaign', (hashtext(id::text) % 20 = 0)) from review_cases`);
  await db.execute(sql`insert into review_events (case_id, action) select id, status from review_cases where status in ('confirmed', 'escalated')`);
  await db.execute(sql`analyze`);
  console.log(`seeded ${N} cases in ${Math.round(performance.now() - t0)} ms`);

  const base = { userId: '00000000-0000-4000-8000-000000000002', leaseHeld: leaseHeld(), limit: 50 };
  const time = async (label: string, f: Parameters<typeof listWorkQueue>[1]) => {
    const runs: number[] = [];
    let result: Awaited<ReturnType<typeof listWorkQueue>> | undefined;
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      result = await listWorkQueue(db, f);
      runs.push(performance.now() - s);
    }
    runs.sort((a, b) => a - b);
    console.log(`${label.padEnd(34)} median ${runs[2].toFixed(1)} ms  (rows ${result!.rows.length}, total ${result!.total})`);
    return result!;
  };
  let page = await time('open, first page', { ...base, view: 'open' });
  for (let i = 0; i < 200; i++) {
    const last = page.rows.at(-1)!;
    page = await listWorkQueue(db, { ...base, view: 'open', after: { priority: last.priority, createdAt: last.createdAt, id: last.caseId } });
  }
  const last = page.rows.at(-1)!;
  await time('open, page 200 (keyset)', { ...base, view: 'open', after: { priority: last.priority, createdAt: last.createdAt, id: last.caseId } });
  await time('escalated', { ...base, view: 'escalated' });
  await time('channel ch7', { ...base, view: 'open', channel: 'ch7' });
  await time('source telegram, score 90-100', { ...base, view: 'open', source: 'telegram', minScore: 90, maxScore: 100 });
  await time('rule R-5', { ...base, view: 'open', rule: 'R-5' });
  await time('score 60-74', { ...base, view: 'open', minScore: 60, maxScore: 74 });
  await time('score 90-100', { ...base, view: 'open', minScore: 90, maxScore: 100 });
} finally {
  await database.close();
  if (process.env.KEEP_DB) console.log(`kept ${pg.url}`);
  else await pg.drop();
}
