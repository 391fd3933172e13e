import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { deletePrefix, redisUrl, uniquePrefix } from '../helpers/redis.ts';

// A serve that cannot listen must not linger as a headless worker holding the database lock.
describe('serve with its port taken', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-port-'));
  const prefix = uniquePrefix();
  const holder = net.createServer();
  afterAll(async () => {
    await new Promise((r) => holder.close(r));
    await deletePrefix(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says the port is in use and exits non-zero, releasing the database', async () => {
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = String((holder.address() as net.AddressInfo).port);
    const env = { PORT: port, HOST: '127.0.0.1', REDIS_URL: redisUrl, DATA_DIR: dir, QUEUE_PREFIX: prefix, WORKERS: 'ingest,score', LOG_LEVEL: 'warn' };
    const res = await runCli(['serve'], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    // the embedded database was released: another command can open it at once
    const again = await runCli(['migrate'], env);
    expect(again.code).toBe(0);
  }, 90_000);
});
