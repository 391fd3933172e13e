import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/redis.ts';
import { waitFor } from '../helpers/wait.ts';

const root = path.resolve(import.meta.dirname, '../..');

// The README's promise, followed literally: a fresh clone, `npm ci`, `npm start` with no REDIS_URL,
// no DATABASE_URL and nothing else running for it. It catches a package used but not declared, a file
// needed but not committed, and a first run that needs steps the README does not give.
describe('a fresh clone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-fresh-clone-'));
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL'); // npm start runs node as its child: end the whole group
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('installs with npm ci, starts with npm start, and scores a post', async () => {
    const clone = path.join(dir, 'recruitwatch');
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${root}`, clone]);
    // --prefer-offline: the packages come from npm's cache when this machine has them, the registry otherwise
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: clone, stdio: 'pipe', timeout: 300_000 });

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' };
    for (const name of Object.keys(env)) if (/^(REDIS_URL|DATABASE_URL|DATA_DIR|QUEUE_PREFIX|WORKERS|RW_|TEST_)/.test(name)) delete env[name];
    child = spawn('npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const token = await waitFor('the first admin\'s token', async () => /API token \(shown once\): (\S+)/.exec(out)?.[1], 120_000);
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(database: pglite\)/);

    const base = `http://127.0.0.1:${port}`;
    const res = await fetch(`${base}/api/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'api', channel: 'demo', externalId: '1', text: 'Contract service in Russia for foreigners, $20,000 signing bonus. WhatsApp +374 55 123456' }),
    });
    expect(res.status).toBe(202);
    const { itemId } = await res.json();
    const item = await waitFor('the post scored', async () => {
      const body = await (await fetch(`${base}/api/items/${itemId}`, { headers: { authorization: `Bearer ${token}` } })).json();
      return body.status === 'scored' ? body : null;
    }, 60_000);
    expect(item.flagged).toBe(true);
    expect(fs.existsSync(path.join(clone, 'data', 'db'))).toBe(true); // the embedded database, in the clone's ./data
  }, 480_000);
});
