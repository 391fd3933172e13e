import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { reviewCases, scoreHistory, scores } from '../../src/db/schema/index.ts';
import { createLogger } from '../../src/logger.ts';
import { parse, stringify } from 'yaml';
import { addUser } from '../../src/auth/users.ts';
import { maintenanceQueue, queueRescore } from '../../src/maintenance/queue.ts';
import { keepPackCurrent } from '../../src/pipeline/pack-upkeep.ts';
import { countStale } from '../../src/pipeline/rescore.ts';
import { defaultPatternDir, loadScorer } from '../../src/scoring/index.ts';
import { reloadScorer } from '../../src/scoring/pack/reload.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

async function maintenanceJobOf(t: TestApp, pack: string) {
  const queue = maintenanceQueue(t.deps.redis, t.deps.config.QUEUE_PREFIX);
  try {
    return await queue.getJob(`rescore-${pack}`);
  } finally {
    await queue.close();
  }
}

describe('keeping scores in step with the pattern pack', () => {
  let t: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-pack-'));
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-scores, in one job with progress, items an older pack scored; a newly flagged item gets a case, the old score stays in score_history, a decision stays', async () => {
    // The old pack lacks the patterns the lure matches (for.en.foreigners, dest.en.russia, msg.channels).
    const oldPack = path.join(dir, 'old-pack');
    fs.cpSync(defaultPatternDir, oldPack, { recursive: true });
    for (const [name, id] of [['foreign-target.yaml', 'for.en.foreigners'], ['destination.yaml', 'dest.en.russia'], ['contact-and-cta.yaml', 'msg.channels']]) {
      const file = path.join(oldPack, name);
      const doc = parse(fs.readFileSync(file, 'utf8')) as { patterns: Array<{ id: string }> };
      doc.patterns = doc.patterns.filter((p) => p.id !== id);
      fs.writeFileSync(file, stringify(doc));
    }
    const shipped = t.deps.scorer;
    const old = loadScorer({ dir: oldPack, threshold: 60 });
    expect(old.packVersion).not.toBe(shipped.packVersion);

    const post = async (externalId: string, text: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { externalId, text } });
      const { itemId } = res.json();
      return waitFor('scored', async () => (await t.deps.db.select().from(scores).where(eq(scores.itemId, itemId)))[0]);
    };
    // flagged before, and a reviewer dismissed it; it counts as scored by the old pack
    const decided = await post('p2', 'Drone operators and drivers wanted for the Russian army, $20,000 signing bonus, free flight to Moscow. WhatsApp +374 55 765432');
    expect(decided.flagged).toBe(true);
    await t.deps.db.update(reviewCases).set({ status: 'dismissed', decidedAt: new Date() }).where(eq(reviewCases.itemId, decided.itemId));
    await t.deps.db.update(scores).set({ packVersion: old.packVersion }).where(eq(scores.itemId, decided.itemId));

    t.deps.scorer = old;
    const lure = await post('p1', 'Contract army service in Russia for foreigners, $20,000 bonus. WhatsApp +374 55 123456');
    expect(lure).toMatchObject({ flagged: false, packVersion: old.packVersion });

    t.deps.scorer = shipped; // the pack changed
    const stop = keepPackCurrent(t.deps); // as at start: queues one job and runs it
    try {
      const job = await waitFor('a re-score job', async () => (await maintenanceJobOf(t, shipped.packVersion))?.finishedOn ? maintenanceJobOf(t, shipped.packVersion) : null, 30_000);
      expect(job.returnvalue).toMatchObject({ total: 2, rescored: 2, newlyFlagged: 1, failed: 0 });
      expect(job.progress).toMatchObject({ done: 2, total: 2 });

      const res = await t.app.inject({ method: 'GET', url: `/api/jobs/${job.id}`, headers: { authorization: `Bearer ${t.token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: job.id, queue: 'maintenance', name: 'rescore', state: 'completed', progress: { done: 2, total: 2 } });
      const viewer = await addUser(t.deps.db, { name: 'viewer', role: 'viewer' });
      const refused = await t.app.inject({ method: 'GET', url: `/api/jobs/${job.id}`, headers: { authorization: `Bearer ${viewer.token}` } });
      expect(refused.statusCode).toBe(403);

      // an item stored with the old pack after that run: the finished job is replaced by a new run
      await t.deps.db.update(scores).set({ packVersion: old.packVersion }).where(eq(scores.itemId, decided.itemId));
      const queue = maintenanceQueue(t.deps.redis, t.deps.config.QUEUE_PREFIX);
      try {
        await queueRescore(queue, shipped.packVersion);
        const rerun = await waitFor('the second run', async () => {
          const j = await queue.getJob(job.id!);
          return j?.finishedOn && j.returnvalue?.total === 1 ? j : null;
        }, 30_000);
        expect(rerun.returnvalue).toMatchObject({ rescored: 1, newlyFlagged: 0 });
      } finally {
        await queue.close();
      }
    } finally {
      await stop();
    }

    const [now] = await t.deps.db.select().from(scores).where(eq(scores.itemId, lure.itemId));
    expect(now).toMatchObject({ flagged: true, packVersion: shipped.packVersion });
    const [opened] = await t.deps.db.select().from(reviewCases).where(eq(reviewCases.itemId, lure.itemId));
    expect(opened.status).toBe('pending');
    const history = await t.deps.db.select().from(scoreHistory).where(eq(scoreHistory.itemId, lure.itemId));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ score: lure.score, flagged: false, packVersion: lure.packVersion });
    expect(history[0].row).toMatchObject({ score: lure.score, pack_version: lure.packVersion, scored_text: lure.scoredText });
    const [kept] = await t.deps.db.select().from(reviewCases).where(eq(reviewCases.itemId, decided.itemId));
    expect(kept.status).toBe('dismissed');
    expect(await countStale(t.deps.db, shipped.packVersion)).toBe(0);
  });

  it('reloads a changed pack, and keeps the last good one when the new one is refused', () => {
    const log = createLogger('silent');
    const current = t.deps.scorer;
    const copy = path.join(dir, 'pack');
    fs.cpSync(defaultPatternDir, copy, { recursive: true });
    const file = path.join(copy, fs.readdirSync(copy).find((f) => f !== 'model.yaml' && f.endsWith('.yaml'))!);
    fs.appendFileSync(file, '\n# reviewed again\n');
    const changed = reloadScorer(current, { dir: copy, threshold: 60, log });
    expect(changed.packVersion).not.toBe(current.packVersion);

    fs.appendFileSync(file, "- id: broken.regex\n  category: MIL-ROLE\n  lang: en\n  regex: '(unclosed'\n  examples: { match: [a], nomatch: [b] }\n");
    expect(reloadScorer(changed, { dir: copy, threshold: 60, log })).toBe(changed);
  });
});
