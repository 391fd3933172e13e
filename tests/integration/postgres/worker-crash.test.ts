import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { items } from '../../../src/db/schema/index.ts';
import { submitPost } from '../../../src/pipeline/flow.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { exited, startCli } from '../../helpers/cli.ts';
import { waitFor } from '../../helpers/wait.ts';

describe('a worker killed mid-job (kill -9)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No workers in this process: the work is done by child processes we can kill.
    t = await startTestApp({ workers: [], env: { JOB_LOCK_MS: '2000' } });
  });
  afterAll(async () => t?.close());

  it('leaves its job to be retried and finished by a new worker, with one item', async () => {
    const env: Record<string, string> = { ...t.env, JOB_LOCK_MS: '2000' };
    // Hold a table lock so the first worker's insert blocks: the job is caught active.
    const blocker = postgres(env.DATABASE_URL, { max: 1 });
    const release = await new Promise<() => void>((resolveRelease) => {
      void blocker.begin(async (sql) => {
        await sql`lock table items in access exclusive mode`;
        await new Promise<void>((done) => resolveRelease(done));
      });
    });

    const first = await startCli(['worker', 'ingest', 'score'], env, /workers running/);
    const { itemId } = await submitPost(t.deps.queues, { source: 'api', channel: 'crash', externalId: '1', text: 'Drivers wanted in Moscow' });
    await waitFor('the job to be active in the first worker', async () => (await t.deps.queues.ingest.getActiveCount()) === 1);
    first.child.kill('SIGKILL');
    await exited(first.child);
    release();
    await blocker.end();

    const second = await startCli(['worker', 'ingest', 'score'], env, /workers running/);
    try {
      const row = await waitFor('the item to be scored by the new worker', async () => {
        const [r] = await t.deps.db.select().from(items).where(eq(items.id, itemId));
        return r?.status === 'scored' ? r : null;
      }, 30_000);
      expect(row.text).toBe('Drivers wanted in Moscow');
      const [{ n }] = await t.deps.db.select({ n: count() }).from(items).where(eq(items.channel, 'crash'));
      expect(n).toBe(1);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0); // a graceful stop
    }
  });
});
