// `npm run bench:write-path`: the batched ingest's write path alone, on PostgreSQL. Stores fresh
// text posts with ingestBatch (the ingest worker's flush) in batches of 128, one after another, and
// prints CPU milliseconds per post of this process (less the scorer's own cost, measured apart on
// the same texts) and of the PostgreSQL backends serving its database. The pipeline bench moves
// ±40 % with other load on the machine; CPU per post here moves far less, so two builds' write
// paths can be told apart (run each a few times, alternately). BENCH_BATCHES=N (default 120).
import { openDatabase } from '../../src/db/client.ts';
import { itemIdFor } from '../../src/pipeline/identity.ts';
import { ingestBatch, type IngestInput } from '../../src/pipeline/ingest-batch.ts';
import { loadScorer } from '../../src/scoring/index.ts';
import { createPostgresDatabase } from '../helpers/database.ts';
import { corpus } from './score.bench.ts';
import { backendCpuSeconds } from './backend-cpu.ts';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 120);
const BATCH_SIZE = 128; // ingestBatching.maxSize

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

async function main() {
  const pg = await createPostgresDatabase();
  const dbName = new URL(pg.url).pathname.slice(1);
  try {
    const database = await openDatabase({ databaseUrl: pg.url, dataDir: '.' });
    await database.migrate();
    const deps = { db: database.db, scorer: loadScorer(), queues: { score: undefined as never, flows: undefined as never } };
    const texts = corpus(5_000);
    let n = 0;
    const batch = (): IngestInput[] =>
      Array.from({ length: BATCH_SIZE }, () => {
        const externalId = `p${n++}`;
        const post = { source: 'api', channel: `ch${n % 50}`, externalId, text: texts[n % texts.length], media: [] };
        return { itemId: itemIdFor(post.source, post.channel, externalId), post };
      });
    for (let i = 0; i < 10; i++) await ingestBatch(deps, batch()); // warm-up: JIT, prepared statements

    const scoring = process.cpuUsage();
    for (const t of texts.slice(0, 2_000)) deps.scorer.score(t);
    const scoreMs = cpuMs(scoring) / 2_000;

    const app = process.cpuUsage();
    const pg0 = backendCpuSeconds(dbName);
    const t0 = performance.now();
    for (let i = 0; i < BATCHES; i++) {
      for (const out of await ingestBatch(deps, batch())) {
        if (out instanceof Error) throw out;
        if (!out.scoredInline) throw new Error(`${out.itemId} was not stored by the batch`);
      }
    }
    const posts = BATCHES * BATCH_SIZE;
    const appMs = cpuMs(app) / posts;
    const pgMs = ((backendCpuSeconds(dbName) - pg0) * 1000) / posts;
    process.stdout.write(
      `${posts} posts in batches of ${BATCH_SIZE}: CPU ms/post app ${appMs.toFixed(3)} (scoring ${scoreMs.toFixed(3)}, the rest ${(appMs - scoreMs).toFixed(3)}), ` +
        `postgres ${pgMs.toFixed(3)}; wall ${((performance.now() - t0) / posts).toFixed(3)} ms/post\n`,
    );
    await database.close();
  } finally {
    await pg.drop();
  }
}

await main();
