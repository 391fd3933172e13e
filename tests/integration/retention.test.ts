import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { indicators, itemMedia, items, media, reviewCases, reviewEvents, scoreHistory, scores } from '../../src/db/schema/index.ts';
import { maintenanceQueue } from '../../src/maintenance/queue.ts';
import { applyRetention, planRetention, type RetentionPolicy } from '../../src/maintenance/retention.ts';
import { keepPackCurrent } from '../../src/pipeline/pack-upkeep.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const lure = (phone: string) => `Drone operators and drivers wanted for the Russian army, $20,000 signing bonus, free flight to Moscow. WhatsApp ${phone}`;
const policy: RetentionPolicy = { dismissedDays: 180, dismissedMediaDays: 30, unflaggedPostDays: 30, exportDays: 30 };

describe('retention', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (name: string, payload: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { externalId: name, ...payload } });
    expect(res.statusCode).toBe(202);
    ids[name] = res.json().itemId;
    await waitFor(`${name} scored`, async () => (await t.deps.db.select().from(scores).where(eq(scores.itemId, ids[name])))[0]);
  };
  const decide = (name: string, status: 'dismissed' | 'confirmed', days: number) =>
    t.deps.db.update(reviewCases).set({ status, decidedAt: ago(days) }).where(eq(reviewCases.itemId, ids[name]));
  const image = async (name: string, sha: string) => {
    const rel = path.join(sha.slice(0, 2), sha.slice(2, 4), `${sha}.png`);
    const file = path.join(t.deps.store.root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'png');
    await t.deps.db.insert(media).values({ sha256: sha, mime: 'image/png', size: 3, path: rel, ocrStatus: 'done', ocrText: '' }).onConflictDoNothing();
    await t.deps.db.insert(itemMedia).values({ itemId: ids[name], sha256: sha });
    return file;
  };

  it('removes exactly what its dry run listed, keeps confirmed evidence, and runs on a daily schedule', async () => {
    await post('old-dismissed', { text: lure('+374 55 100001') + ' or +374 55 999999' });
    await post('recent-dismissed', { text: lure('+374 55 100002') });
    await post('fresh-dismissed', { text: lure('+374 55 100003') });
    await post('confirmed', { text: lure('+374 55 999999') }); // shares a phone and an image with old-dismissed
    await post('old-channel-post', { source: 'telegram', channel: 'somechannel', text: 'Market day photos from Tbilisi, +995 555 12 34 56' });
    await post('new-channel-post', { source: 'telegram', channel: 'somechannel', text: 'Rain again in Tbilisi' });
    await post('old-api-post', { text: 'Weather report for Yerevan' });
    await decide('old-dismissed', 'dismissed', 200);
    await decide('recent-dismissed', 'dismissed', 40);
    await decide('fresh-dismissed', 'dismissed', 2);
    await decide('confirmed', 'confirmed', 400);
    await t.deps.db.update(items).set({ ingestedAt: ago(60) }).where(inArray(items.id, [ids['old-channel-post'], ids['old-api-post']]));
    const sha = (c: string) => c.repeat(64);
    const files = {
      onlyOld: await image('old-dismissed', sha('a')),
      shared: await image('old-dismissed', sha('b')),
      onlyRecent: await image('recent-dismissed', sha('c')),
      fresh: await image('fresh-dismissed', sha('d')),
    };
    await image('confirmed', sha('b'));
    const exportsDir = path.join(t.env.DATA_DIR, 'exports');
    fs.mkdirSync(exportsDir, { recursive: true });
    fs.writeFileSync(path.join(exportsDir, 'old.csv'), 'x');
    fs.utimesSync(path.join(exportsDir, 'old.csv'), ago(45), ago(45));
    fs.writeFileSync(path.join(exportsDir, 'new.csv'), 'x');

    const dry = await planRetention(t.deps, policy, new Date());
    const listed = (kind: string) => dry.filter((e) => e.kind === kind).map((e) => e.id).sort();
    expect(listed('dismissed-item')).toEqual([ids['old-dismissed']]);
    expect(listed('dismissed-media')).toEqual([ids['recent-dismissed']]);
    expect(listed('unflagged-post')).toEqual([ids['old-channel-post']]);
    expect(listed('media')).toEqual([sha('a'), sha('c')]);
    expect(listed('export')).toEqual(['old.csv']);
    const phones = await t.deps.db.select().from(indicators).where(inArray(indicators.id, listed('indicator')));
    expect([...new Set(phones.map((p) => p.value))].sort()).toEqual(['+37455100001', '+995555123456']); // as phone and whatsapp

    const before = await snapshot(t);
    await applyRetention(t.deps, await planRetention(t.deps, policy, new Date()), t.deps.log);
    const after = await snapshot(t);
    const gone = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).sort();
    expect(gone(before.items, after.items)).toEqual(listed('unflagged-post'));
    expect(gone(before.unpurged, after.unpurged).filter((id) => after.items.includes(id))).toEqual(listed('dismissed-item'));
    expect(gone(before.media, after.media)).toEqual(listed('media'));
    expect(gone(before.indicators, after.indicators)).toEqual(listed('indicator'));
    expect(gone(before.linkedItems, after.linkedItems)).toEqual([...listed('dismissed-item'), ...listed('dismissed-media')].sort());
    expect(fs.existsSync(files.onlyOld) || fs.existsSync(files.onlyRecent)).toBe(false);
    expect(fs.existsSync(files.shared) && fs.existsSync(files.fresh)).toBe(true);
    expect(fs.readdirSync(exportsDir)).toEqual(['new.csv']);

    const [purged] = await t.deps.db.select().from(items).where(eq(items.id, ids['old-dismissed']));
    expect(purged.text).toBe('');
    expect(purged.purgedAt).not.toBeNull();
    expect(await t.deps.db.select().from(scoreHistory).where(eq(scoreHistory.itemId, ids['old-dismissed']))).toEqual([]);
    const [confirmed] = await t.deps.db.select().from(items).where(eq(items.id, ids['confirmed']));
    expect(confirmed.text).toBe(lure('+374 55 999999'));
    // a second run finds nothing left to remove
    expect(await planRetention(t.deps, policy, new Date())).toEqual([]);

    const stop = keepPackCurrent(t.deps);
    try {
      const queue = maintenanceQueue(t.deps.redis, t.deps.config.QUEUE_PREFIX);
      const schedulers = await waitFor('the daily retention scheduler', async () => (await queue.getJobSchedulers()).length && queue.getJobSchedulers());
      expect(schedulers).toMatchObject([{ key: 'retention-daily', pattern: t.deps.config.RETENTION_SCHEDULE }]);
      // what the schedule runs: the same plan, through the maintenance worker
      fs.writeFileSync(path.join(exportsDir, 'older.csv'), 'x');
      fs.utimesSync(path.join(exportsDir, 'older.csv'), ago(90), ago(90));
      const job = await queue.add('retention', { dryRun: false });
      const done = await waitFor('the retention job', async () => {
        const j = await queue.getJob(job.id!);
        return j?.finishedOn ? j : null;
      });
      expect(done.returnvalue).toEqual({ dryRun: false, removed: { export: 1 } });
      expect(fs.readdirSync(exportsDir)).toEqual(['new.csv']);
      await queue.close();
    } finally {
      await stop();
    }
  });

  it('deletes confirmed evidence only for an admin, with a reason, in the audit log', async () => {
    const reviewer = await addUser(t.deps.db, { name: 'rita', role: 'reviewer' });
    const del = (token: string, payload: unknown) => t.app.inject({ method: 'DELETE', url: `/api/items/${ids['confirmed']}`, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
    expect((await del(reviewer.token, { reason: 'court order 12' })).statusCode).toBe(403);
    expect((await del(t.token, {})).statusCode).toBe(400);
    const res = await del(t.token, { reason: 'court order 12' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ deleted: true, caseStatus: 'confirmed', removedImages: 1 });
    const [item] = await t.deps.db.select().from(items).where(eq(items.id, ids['confirmed']));
    expect(item.text).toBe('');
    const [kase] = await t.deps.db.select().from(reviewCases).where(eq(reviewCases.itemId, ids['confirmed']));
    expect(kase.status).toBe('confirmed');
    const events = await t.deps.db.select().from(reviewEvents).where(eq(reviewEvents.caseId, kase.id));
    expect(events.at(-1)).toMatchObject({ action: 'purged', note: 'court order 12' });
    expect(events.at(-1)!.actorId).not.toBeNull();
  });
});

async function snapshot(t: TestApp) {
  const all = await t.deps.db.select({ id: items.id, purgedAt: items.purgedAt }).from(items);
  return {
    items: all.map((r) => r.id),
    unpurged: all.filter((r) => !r.purgedAt).map((r) => r.id),
    media: (await t.deps.db.select({ sha: media.sha256 }).from(media)).map((r) => r.sha),
    indicators: (await t.deps.db.select({ id: indicators.id }).from(indicators)).map((r) => r.id),
    linkedItems: [...new Set((await t.deps.db.select({ id: itemMedia.itemId }).from(itemMedia)).map((r) => r.id))],
  };
}
