// How long channel risk takes on PostgreSQL with 100,000 items in 2,000 channels: the full recompute
// (`recruitwatch channels risk --recompute`), the recompute after one decision, and the channels
// overview the page and GET /api/channels read. Run: npx tsx tests/bench/channel-risk.bench.ts [items]
import { sql } from 'drizzle-orm';
import { channelsOverview } from '../../src/channels/overview.ts';
import { recomputeChannelRisk, recomputeRiskAfterDecision } from '../../src/channels/risk.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createPostgresDatabase } from '../helpers/database.ts';

const N = Number(process.argv[2] ?? 100_000);
const CHANNELS = 2_000;
const pg = await createPostgresDatabase();
const database = await openDatabase({ databaseUrl: pg.url, dataDir: '/tmp' });
try {
  await database.migrate();
  const db = database.db;
  const t0 = performance.now();
  // every 10th item a forward of another channel; every item one of 20,000 phones (shared across channels), every 20th names a channel
  await db.execute(sql`insert into items (id, source, channel, external_id, text, content_hash, status, forwarded_from)
    select md5('i' || g)::uuid, 'telegram', 'ch' || (g % ${CHANNELS}), 'e' || g, 'post ' || g, md5('t' || g), 'scored',
           case when g % 10 = 0 then 'ch' || ((g / 10) % ${CHANNELS}) end
      from generate_series(1, ${N}) g`);
  await db.execute(sql`insert into indicators (id, type, value) select md5('p' || k)::uuid, 'phone', '+3745500' || k from generate_series(0, 19999) k`);
  await db.execute(sql`insert into indicators (id, type, value) select md5('t' || k)::uuid, 'telegram', '@ch' || k from generate_series(0, ${CHANNELS - 1}) k`);
  await db.execute(sql`insert into item_indicators (item_id, indicator_id) select md5('i' || g)::uuid, md5('p' || (g % 20000))::uuid from generate_series(1, ${N}) g`);
  await db.execute(sql`insert into item_indicators (item_id, indicator_id) select md5('i' || g)::uuid, md5('t' || ((g * 7) % ${CHANNELS}))::uuid from generate_series(1, ${N}) g where g % 20 = 0`);
  // a third of the items flagged; of those a seventh confirmed and a thirteenth dismissed
  await db.execute(sql`insert into review_cases (item_id, status, priority)
    select md5('i' || g)::uuid, case when g % 21 = 0 then 'confirmed' when g % 39 = 0 then 'dismissed' else 'pending' end, 60 + (g % 40)
      from generate_series(1, ${N}) g where g % 3 = 0`);
  await db.execute(sql`insert into review_events (case_id, action, data) select id, 'created', '{}'::jsonb from review_cases`);
  await db.execute(sql`insert into watched_channels (handle, interval_seconds) select 'ch' || k, 900 from generate_series(0, 199) k`);
  await db.execute(sql`analyze`);
  console.log(`seeded ${N} items in ${CHANNELS} channels in ${Math.round(performance.now() - t0)} ms`);

  const time = async <T>(label: string, f: () => Promise<T>, runs = 3) => {
    const ms: number[] = [];
    let out: T | undefined;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      out = await f();
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    console.log(`${label.padEnd(40)} median ${ms[Math.floor(runs / 2)].toFixed(0)} ms  (runs: ${ms.map((m) => m.toFixed(0)).join(', ')})`);
    return out!;
  };
  const first = await time('full recompute (first: elevations)', () => recomputeChannelRisk({ db }), 1);
  console.log(`  ${first.computed} channels, ${first.changes.length} elevated, ${first.changes.reduce((n, c) => n + c.cases, 0)} open cases raised`);
  await time('full recompute (steady)', () => recomputeChannelRisk({ db }));
  const [{ id }] = (await db.execute(sql`select md5('i' || 300)::uuid as id`)) as unknown as Array<{ id: string }>;
  await time('recompute after one decision', () => recomputeRiskAfterDecision(db, id), 5);
  await time('channels overview (page, API)', () => channelsOverview(db), 5);
} finally {
  await database.close();
  if (process.env.KEEP_DB) console.log(`kept ${pg.url}`);
  else await pg.drop();
}
