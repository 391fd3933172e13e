import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../helpers/database.ts';
import { deletePrefix, freePort, redisUrl, uniquePrefix } from '../helpers/redis.ts';
import { exited, runCli, startCli } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';

// `recruitwatch serve` as an operator runs it, at debug level, with secrets planted everywhere a
// request, a sign-in, the configuration and a failing Telegram bot could leak them; then its logs are grepped.
describe('the logs of a serve run', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-logs-'));
  const dbPassword = `dbpw-${randomUUID()}`;
  const userPassword = `pw-${randomUUID()}`;
  const botToken = `424242:${randomBytes(18).toString('base64url')}`;
  const strangerToken = `rw_${randomBytes(32).toString('base64url')}`;
  let pg: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let serve: Awaited<ReturnType<typeof startCli>>;
  let token = '';
  let session = '';
  let logs = '';
  let base = '';
  const env: Record<string, string> = { REDIS_URL: redisUrl, DATA_DIR: dataDir, QUEUE_PREFIX: uniquePrefix(), LOG_LEVEL: 'debug', WORKERS: 'ingest,score' };

  beforeAll(async () => {
    pg = await createPostgresDatabase();
    const url = new URL(pg.url);
    url.password = dbPassword; // the machine's PostgreSQL trusts local connections, so any password connects
    env.DATABASE_URL = url.toString();
    env.TELEGRAM_BOT_TOKEN = botToken;
    env.TELEGRAM_API_ROOT = `http://127.0.0.1:${await freePort()}`; // nothing listens: the bot fails to start and says why
    const port = await freePort();
    env.PORT = String(port);
    base = `http://127.0.0.1:${port}`;

    const added = await runCli(['user', 'add', 'ada', '--role', 'admin', '--password-stdin'], env, userPassword);
    expect(added.code, added.stderr).toBe(0);
    token = added.stdout.trim().split('\n').at(-1)!;
    logs += added.stderr;
    serve = await startCli(['serve'], env, /listening on/);

    const auth = { authorization: `Bearer ${token}` };
    const posted = await fetch(`${base}/api/posts`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'x-request-id': 'planted-request-1' },
      body: JSON.stringify({ externalId: 'logs-1', text: `Contract service in Russia, $20,000 signing bonus, WhatsApp +374 55 123456. password=${userPassword}` }),
    });
    expect(posted.status).toBe(202);
    const { itemId } = await posted.json();
    await waitFor('the post scored', async () => (await (await fetch(`${base}/api/items/${itemId}`, { headers: auth })).json()).status === 'scored');
    expect((await fetch(`${base}/api/items/${itemId}?token=${token}&password=${userPassword}`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/api/review/queue`, { headers: { authorization: `Bearer ${strangerToken}` } })).status).toBe(401);
    const form = (password: string) => ({ method: 'POST', redirect: 'manual' as const, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: `name=ada&password=${encodeURIComponent(password)}` });
    expect((await fetch(`${base}/login`, form(`${userPassword}-wrong`))).status).toBe(401);
    const signedIn = await fetch(`${base}/login`, form(userPassword));
    expect(signedIn.status).toBe(303);
    session = signedIn.headers.get('set-cookie')!.split(';')[0];
    expect((await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie: session } })).status).toBe(200);
    await fetch(`${base}/api/media/${'0'.repeat(64)}`, { headers: { ...auth, cookie: session } });

    serve.child.kill('SIGTERM');
    await exited(serve.child);
    logs += serve.output();
  });
  afterAll(async () => {
    if (serve?.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      await exited(serve.child);
    }
    await deletePrefix(env.QUEUE_PREFIX);
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('carries no planted token, password, session, database password or bot token', () => {
    expect(logs).toMatch(/telegram bot not started/); // the bot's failure was logged, without its token
    for (const [what, secret] of Object.entries({ token, strangerToken, userPassword, dbPassword, botToken, session: session.split('=')[1] })) {
      expect(logs.includes(secret), `${what} appears in the logs`).toBe(false);
    }
    expect(logs).toContain('[redacted]');
  });

  it('is one JSON object a line, with request ids on request lines and job ids on job lines', () => {
    const lines = logs.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.reqId === 'planted-request-1')).toBe(true);
    expect(lines.filter((l) => l.msg === 'incoming request').every((l) => typeof l.reqId === 'string')).toBe(true);
    // a new text post is scored inside its ingest job (pipeline/ingest-batch.ts)
    const scored = lines.find((l) => l.msg === 'ingested and scored');
    expect(scored).toMatchObject({ queue: 'ingest', jobId: expect.stringMatching(/^ingest-/) });
  });
});
