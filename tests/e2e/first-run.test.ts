import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, redisUrl, uniquePrefix, deletePrefix } from '../helpers/redis.ts';
import { exited, startCli } from '../helpers/cli.ts';

// The first run on the embedded database, followed as the README says: `npm start` on an empty
// data folder creates the admin and shows its password and token once; they sign in and call the API.
describe('serve on a database with no user', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-first-run-'));
  const prefix = uniquePrefix();
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await deletePrefix(prefix);
  });
  const env = { DATA_DIR: dataDir, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, WORKERS: 'none', LOG_LEVEL: 'info', DATABASE_URL: '' };

  const serveOnce = async () => {
    const port = await freePort();
    const serve = await startCli(['serve'], { ...env, PORT: String(port) }, /listening on/, 60_000);
    return { serve, base: `http://127.0.0.1:${port}` };
  };
  const stop = async (serve: Awaited<ReturnType<typeof serveOnce>>['serve']) => {
    serve.child.kill('SIGTERM');
    expect(await exited(serve.child)).toBe(0);
  };

  it('creates an admin once, whose shown password signs in and whose token calls the API', async () => {
    const first = await serveOnce();
    let password: string;
    let token: string;
    try {
      // the notice follows the "listening" line on stderr; wait for its last line
      const deadline = Date.now() + 10_000;
      while (!/API token \(shown once\): \S+/.test(first.serve.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const out = first.serve.output();
      expect(out).toContain('as "admin"');
      password = /password \(shown once[^)]*\): (\S+)/.exec(out)![1];
      token = /API token \(shown once\): (\S+)/.exec(out)![1];
      expect(password.length).toBeGreaterThanOrEqual(12);
      // the secrets are on standard error only, never in a log line
      for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
        expect(line).not.toContain(password);
        expect(line).not.toContain(token);
      }

      const api = await fetch(`${first.base}/api/review/queue`, { headers: { authorization: `Bearer ${token}` } });
      expect(api.status).toBe(200);
      const signIn = await fetch(`${first.base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: first.base },
        body: new URLSearchParams({ name: 'admin', password }).toString(),
      });
      expect(signIn.status).toBe(303);
      expect(signIn.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    } finally {
      await stop(first.serve);
    }

    // a second start finds the admin and prints no new credentials
    const second = await serveOnce();
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(second.serve.output()).not.toContain('First run');
      const api = await fetch(`${second.base}/api/review/queue`, { headers: { authorization: `Bearer ${token}` } });
      expect(api.status).toBe(200);
    } finally {
      await stop(second.serve);
    }
  }, 120_000);
});
