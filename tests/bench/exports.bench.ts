// Exports of 100,000 confirmed items on PostgreSQL: time, size and the heap it takes, per format.
// The exports stream in keyset batches, so the heap should stay flat while the output grows.
// Run: NODE_OPTIONS=--expose-gc npx tsx tests/bench/exports.bench.ts [items]   (VALIDATE=1 also checks the whole STIX bundle; FORMATS=stix runs one)
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.ts';
import { prepareExport, type ExportFormat } from '../../src/exports/run-export.ts';
import { validateBundle } from '../../src/exports/stix/validate.ts';
import { createPostgresDatabase } from '../helpers/database.ts';

const N = Number(process.argv[2] ?? 100_000);
const pg = await createPostgresDatabase();
const database = await openDatabase({ databaseUrl: pg.url, dataDir: '/tmp' });
try {
  await database.migrate();
  const db = database.db;
  const t0 = performance.now();
  // each item: a phone of its own, a Telegram handle shared by ten items, a wallet on one in five, a money amount
  await db.execute(sql`insert into items (id, source, channel, external_id, text, content_hash, status, url)
    select md5('i' || g)::uuid, 'telegram', 'ch' || (g % 50), 'e' || g, 'Contract service abroad, $20,000 bonus, call +3745' || lpad(g::text, 7, '0'), md5('t' || g), 'scored', 'https://t.me/ch' || (g % 50) || '/' || g
    from generate_series(1, ${N}) g`);
  await db.execute(sql`insert into indicators (type, value) select 'phone', '+3745' || lpad(g::text, 7, '0') from generate_series(1, ${N}) g`);
  await db.execute(sql`insert into indicators (type, value) select 'telegram', '@desk_' || g from generate_series(0, ${N / 10}) g`);
  await db.execute(sql`insert into indicators (type, value) select 'crypto', '0x' || md5('w' || g) || '00000000' from generate_series(1, ${N / 5}) g`);
  await db.execute(sql`insert into indicators (type, value) values ('money', '20000 USD')`);
  await db.execute(sql`insert into item_indicators (item_id, indicator_id)
    select md5('i' || g)::uuid, i.id from generate_series(1, ${N}) g join indicators i on
      (i.type = 'phone' and i.value = '+3745' || lpad(g::text, 7, '0')) or (i.type = 'telegram' and i.value = '@desk_' || (g / 10))
      or (i.type = 'crypto' and g % 5 = 0 and i.value = '0x' || md5('w' || (g / 5)) || '00000000') or (i.type = 'money')`);
  await db.execute(sql`insert into scores (item_id, score, flagged, matches, indicators, pack_version) select md5('i' || g)::uuid, 95, true, '[]', '[]', 'p1' from generate_series(1, ${N}) g`);
  await db.execute(sql`insert into review_cases (item_id, status, priority, decided_at) select md5('i' || g)::uuid, 'confirmed', 95, now() - (g || ' seconds')::interval from generate_series(1, ${N}) g`);
  await db.execute(sql`analyze`);
  console.log(`seeded ${N} confirmed items in ${Math.round(performance.now() - t0)} ms`);

  // with --expose-gc (NODE_OPTIONS=--expose-gc) the heap is measured after a collection: what the export holds, not its garbage
  const gc = (globalThis as { gc?: () => void }).gc;
  let lastGc = 0;
  const gcHeap = () => {
    gc?.();
    lastGc = performance.now();
    return process.memoryUsage().heapUsed;
  };
  // at most every 250 ms: a STIX export writes 500,000 chunks, and reading the heap (let alone collecting) is not free
  const sample = (peak: number) => (performance.now() - lastGc < 250 ? peak : Math.max(peak, gcHeap()));
  for (const format of (process.env.FORMATS ?? 'csv,json,stix').split(',') as ExportFormat[]) {
    const before = gcHeap();
    let peak = before;
    let bytes = 0;
    const keep: string[] = [];
    const s = performance.now();
    const prepared = await prepareExport(db, { format, tlp: 'amber', actor: { via: 'cli', osUser: 'bench' }, producer: 'recruitwatch bench' });
    for await (const chunk of prepared.chunks()) {
      bytes += Buffer.byteLength(chunk);
      peak = sample(peak);
      if (format === 'stix' && process.env.VALIDATE) keep.push(chunk);
    }
    const ms = performance.now() - s;
    console.log(`${format.padEnd(5)} ${prepared.counts.items} items, ${prepared.counts.indicators} indicators, ${(bytes / 1e6).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s (${Math.round(prepared.counts.items / (ms / 1000))} items/s); heap peak +${((peak - before) / 1e6).toFixed(0)} MB${gc ? ' (after gc)' : ''}${keep.length ? ' (the bundle is kept for the check below)' : ''}`);
    if (keep.length) {
      const problems = validateBundle(JSON.parse(keep.join('')));
      console.log(`      the whole bundle validates: ${problems.length === 0 ? 'yes' : problems.slice(0, 5).join('; ')}`);
    }
  }
} finally {
  await database.close();
  await pg.drop();
}
