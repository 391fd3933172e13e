import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, startCli } from '../helpers/cli.ts';
import { deletePrefix, redisUrl, uniquePrefix } from '../helpers/redis.ts';
import { waitFor } from '../helpers/wait.ts';

// `kill -HUP` reloads the pack in a dedicated worker process too; it used to kill it.
describe('a dedicated score worker on SIGHUP', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-hup-'));
  const prefix = uniquePrefix();
  afterAll(async () => {
    await deletePrefix(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stays up, reloads its pack and logs the version it scores with', async () => {
    const env = { REDIS_URL: redisUrl, DATA_DIR: dir, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' };
    const { child, output } = await startCli(['worker', 'score'], env, /workers running: .*\(pack [0-9a-f]+\)/, 60_000);
    const version = /\(pack ([0-9a-f]+)\)/.exec(output())![1];
    // pino writes asynchronously: the log line may follow the stderr line that said "running"
    await waitFor('the pack version in the log', async () => new RegExp(`"pack":"${version}".*scoring with pattern pack`).test(output()));
    try {
      child.kill('SIGHUP');
      await waitFor('the reload in the log', async () => /pattern pack reloaded/.test(output()));
      expect(output()).toMatch(new RegExp(`"to":"${version}"`));
      expect(child.exitCode).toBeNull();
      expect(child.signalCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  }, 90_000);
});
