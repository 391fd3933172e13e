import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createPostgresDatabase } from '../helpers/database.ts';
import { exited, startCli } from '../helpers/cli.ts';
import { deletePrefix, freePort, redisUrl, uniquePrefix } from '../helpers/redis.ts';
import { waitFor } from '../helpers/wait.ts';

const LURE = 'Contract service in Russia for foreigners, $20,000 signing bonus. WhatsApp +374 55 123456';

/** pids of `recruitwatch worker` processes whose parent is `ppid` */
function workerChildren(ppid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(ppid)], { encoding: 'utf8' }).trim();
  return out ? out.split('\n').filter((l) => /bin\.js worker/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0])) : [];
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// On PostgreSQL, serve runs its workers in a child process so the API keeps a core of its own.
describe('serve with its workers in a child process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-children-'));
  const prefix = uniquePrefix();
  let pg: Awaited<ReturnType<typeof createPostgresDatabase>>;
  beforeAll(async () => {
    pg = await createPostgresDatabase();
  });
  afterAll(async () => {
    await deletePrefix(prefix);
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('scores through the child, starts it again when it dies, and takes it down with serve even on kill -9', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: pg.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info', WORKERS: 'ingest,score', RW_ADMIN_PASSWORD: 'children-test-password' };
    const serve = await startCli(['serve'], env, /listening on/, 60_000);
    try {
      const token = await waitFor('the admin token', async () => /API token \(shown once\): (\S+)/.exec(serve.output())?.[1]);
      const pid = serve.child.pid!;
      const [first] = await waitFor('a worker child', async () => (workerChildren(pid).length === 1 ? workerChildren(pid) : null));
      const base = `http://127.0.0.1:${port}`;
      const scored = async (externalId: string) => {
        const res = await fetch(`${base}/api/posts`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'kids', externalId, text: LURE }) });
        expect(res.status).toBe(202);
        const { itemId } = await res.json();
        return waitFor(`post ${externalId} scored`, async () => {
          const body = await (await fetch(`${base}/api/items/${itemId}`, { headers: { authorization: `Bearer ${token}` } })).json();
          return body.status === 'scored' ? body : null;
        }, 60_000);
      };
      expect((await scored('1')).flagged).toBe(true);

      process.kill(first, 'SIGKILL');
      const [second] = await waitFor('a new worker child', async () => {
        const now = workerChildren(pid);
        return now.length === 1 && now[0] !== first ? now : null;
      }, 30_000);
      await waitFor('the restart in the log', async () => /worker process exited; starting it again/.test(serve.output()));
      expect((await scored('2')).flagged).toBe(true);

      serve.child.kill('SIGKILL');
      await exited(serve.child);
      await waitFor('the orphaned child gone', async () => !alive(second), 30_000);
    } finally {
      serve.child.kill('SIGKILL');
    }
  }, 180_000);
});
