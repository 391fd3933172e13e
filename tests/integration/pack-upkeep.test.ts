import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { scores } from '../../src/db/schema/index.ts';
import { createLogger } from '../../src/logger.ts';
import { rescoreStale } from '../../src/pipeline/rescore.ts';
import { defaultPatternDir } from '../../src/scoring/index.ts';
import { reloadScorer } from '../../src/scoring/reload.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

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

  it('re-scores items that an older pack scored, once each', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/posts',
      headers: { authorization: `Bearer ${t.token}` },
      payload: { externalId: 'p1', text: 'Contract army service in Russia for foreigners, $20,000 bonus. WhatsApp +374 55 123456' },
    });
    const { itemId } = res.json();
    const first = await waitFor('scored', async () => (await t.deps.db.select().from(scores).where(eq(scores.itemId, itemId)))[0]);
    await t.deps.db.update(scores).set({ packVersion: 'older-pack' }).where(eq(scores.itemId, itemId));

    expect(await rescoreStale(t.deps, t.deps.scorer.packVersion)).toBe(1);
    const again = await waitFor('re-scored by the current pack', async () => {
      const [row] = await t.deps.db.select().from(scores).where(eq(scores.itemId, itemId));
      return row.packVersion === t.deps.scorer.packVersion ? row : null;
    });
    expect(again.scoredAt.getTime()).toBeGreaterThan(first.scoredAt.getTime());
    // the first score was made inside the post's ingest job; the re-score is one score job
    const ingested = (await t.deps.queues.ingest.getCompleted()).filter((j) => j.data.itemId === itemId);
    expect(ingested.map((j) => j.returnvalue.scoredInline)).toEqual([true]);
    const jobs = (await t.deps.queues.score.getCompleted()).filter((j) => j.data.itemId === itemId);
    expect(jobs).toHaveLength(1);
    expect(await rescoreStale(t.deps, t.deps.scorer.packVersion)).toBe(0);
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
