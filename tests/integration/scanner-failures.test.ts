import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { items, reviewCases } from '../../src/db/schema/index.ts';
import { contracts } from '../../src/jobs/contracts.ts';
import { itemIdFor } from '../../src/pipeline/identity.ts';
import { findChannel, recordScanFailure, upsertChannel } from '../../src/repos/channels.repo.ts';
import { redisSessions } from '../../src/web/sessions.ts';
import { channelPageHtml } from '../helpers/channel-page-html.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createPostgresDatabase, testDbKind } from '../helpers/database.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/http-fixture-server.ts';
import { deletePrefix, redisUrl, uniquePrefix } from '../helpers/redis.ts';
import { waitFor } from '../helpers/wait.ts';

// A scan that fails for good says so on the channel: status and last error, on the channels page,
// in GET /api/channels and in `recruitwatch channels list`. Telegram is a local fixture server.

const pages = path.resolve(import.meta.dirname, '../fixtures/telegram');

describe('a scan that fails for good', () => {
  let t: TestApp;
  let web: FixtureServer;
  let cookie: string;
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${t.token}` } });
  const settled = (handle: string, status: string) =>
    waitFor(`${handle} to be ${status}`, async () => {
      const c = await findChannel(t.deps.db, handle);
      return c?.status === status ? c : null;
    }, 30_000);
  const channelsPage = async () => (await t.app.inject({ method: 'GET', url: '/admin/channels', headers: { cookie } })).body;
  const lastErrorCell = (html: string, handle: string) => new RegExp(`data-channel-row="${handle}">[\\s\\S]*?data-last-error>([^<]*)<`).exec(html)?.[1];

  beforeAll(async () => {
    web = await startFixtureServer({});
    t = await startTestApp({ workers: ['ingest', 'score', 'scan'], env: { TELEGRAM_WEB_BASE: web.baseUrl, SCAN_RATE_MS: '20' } });
    const { user } = await addUser(t.deps.db, { name: 'ops', role: 'admin', password: 'ops correct horse battery' });
    cookie = `rw_session=${await redisSessions(t.deps.redis, t.deps.config.QUEUE_PREFIX).create(user.id)}`;
  });
  afterAll(async () => {
    await t?.close();
    await web?.close();
  });

  it('records a channel that does not exist and one that is private, and shows why', async () => {
    web.route('/s/gone_channel', { status: 404, body: 'no' });
    web.route('/s/closed_channel', { file: path.join(pages, 'profile-private.html') });
    await api('POST', '/api/channels', { handle: 'gone_channel' });
    await api('POST', '/api/channels', { handle: 'closed_channel' });
    expect(await settled('gone_channel', 'not-found')).toMatchObject({ lastError: 'HTTP 404' });
    expect((await settled('closed_channel', 'private')).lastError).toMatch(/^private channel/);
    const listed = (await api('GET', '/api/channels')).json().channels as Array<{ handle: string; status: string; lastError: string | null }>;
    expect(listed.find((c) => c.handle === 'gone_channel')).toMatchObject({ status: 'not-found', lastError: 'HTTP 404' });
    const html = await channelsPage();
    expect(lastErrorCell(html, 'gone_channel')).toBe('HTTP 404');
    expect(lastErrorCell(html, 'closed_channel')).toMatch(/^private channel/);
  });

  it('records the last error when every retry failed, and clears it when a later scan succeeds', async () => {
    web.route('/s/broken_channel', { status: 502, body: 'bad gateway' });
    // watched without a schedule, and scanned by a job with a short retry policy of its own (the real one waits minutes)
    await upsertChannel(t.deps.db, 'broken_channel', 3600);
    const payload = { handle: 'broken_channel' };
    await t.deps.queues.scan.add(contracts.scan.name, payload, { jobId: contracts.scan.jobId(payload), attempts: 3, backoff: { type: 'fixed', delay: 100 } });
    const failed = await settled('broken_channel', 'error');
    expect(failed.lastError).toBe('HTTP 502 (gave up after 3 attempts)');
    expect(web.requests.filter((r) => r.url === '/s/broken_channel')).toHaveLength(3);
    expect(lastErrorCell(await channelsPage(), 'broken_channel')).toBe('HTTP 502 (gave up after 3 attempts)');
    expect(await channelsPage()).toMatch(/data-channel-row="broken_channel">[\s\S]*?<td class="error" data-status>error</);

    web.route('/s/broken_channel', { body: channelPageHtml('broken_channel', [{ id: 1, text: 'Back again' }]) });
    expect((await api('POST', '/api/channels/broken_channel/scan')).statusCode).toBe(202);
    const ok = await settled('broken_channel', 'ok');
    expect(ok.lastError).toBeNull();
  });
});

describe('recruitwatch channels list and channels risk', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-channels-cli-'));
  const prefix = uniquePrefix();
  let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    pg = testDbKind() === 'postgres' ? await createPostgresDatabase() : null;
    env = { DATA_DIR: dataDir, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', DATABASE_URL: pg?.url ?? '' };
    const database: Database = await openDatabase({ databaseUrl: pg?.url, dataDir });
    try {
      await database.migrate();
      await upsertChannel(database.db, 'dead_channel', 600);
      await recordScanFailure(database.db, 'dead_channel', 'HTTP 503 (gave up after 6 attempts)');
      await upsertChannel(database.db, 'hot_channel', 600);
      // two confirmed items in hot_channel: 60, the threshold
      for (const n of ['1', '2']) {
        const id = itemIdFor('telegram', 'hot_channel', n);
        await database.db.insert(items).values({ id, source: 'telegram', channel: 'hot_channel', externalId: n, contentHash: n, status: 'scored' });
        await database.db.insert(reviewCases).values({ itemId: id, priority: 80, status: 'confirmed' });
      }
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(async () => {
    await deletePrefix(prefix);
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('recomputes risk, then lists channels by risk with the last error of a failed one', async () => {
    const risk = await runCli(['channels', 'risk', '--recompute'], env);
    expect(risk.code, risk.stderr).toBe(0);
    expect(risk.stderr).toMatch(/recomputed the risk of 2 channels/);
    expect(risk.stderr).toContain('hot_channel: elevated, 0 open cases raised, scanned every 150 s');
    expect(risk.stdout.split('\n')[0]).toMatch(/^ 60\thot_channel\tconfirmed 2, dismissed 0, .*ELEVATED since .*, watched$/);
    const list = await runCli(['channels', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^hot_channel\trisk 60 ELEVATED\tevery 600s \(now 150s\)\t/);
    expect(lines[1]).toMatch(/^dead_channel\trisk 0\tevery 600s\terror\t.*\tlast error: HTTP 503 \(gave up after 6 attempts\)$/);
  }, 120_000);
});
