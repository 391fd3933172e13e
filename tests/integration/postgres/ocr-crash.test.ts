import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { media, scores } from '../../../src/db/schema/index.ts';
import { submitPost } from '../../../src/pipeline/flow.ts';
import { insertMediaIfNew } from '../../../src/repos/media.repo.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { exited, startCli } from '../../helpers/cli.ts';
import { waitFor } from '../../helpers/wait.ts';

describe('an OCR worker killed mid-image (kill -9)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: [], env: { JOB_LOCK_MS: '2000' } });
  });
  afterAll(async () => t?.close());

  it('leaves the image to be read by a new worker, and the item is scored once', async () => {
    const env: Record<string, string> = { ...t.env, JOB_LOCK_MS: '2000', OCR_POOL_SIZE: '1', OCR_LANGS: 'eng+rus' };
    const bytes = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/images/rus-flyer.png'));
    const stored = await t.deps.store.put(bytes, 'png');
    await insertMediaIfNew(t.deps.db, { sha256: stored.sha256, mime: 'image/png', size: bytes.length, path: stored.relPath });

    const first = await startCli(['worker', 'ingest', 'ocr', 'score'], env, /workers running/, 60_000);
    const { itemId } = await submitPost(t.deps.queues, { source: 'telegram', channel: 'ocrcrash', externalId: '1', text: '', media: [stored.sha256] });
    await waitFor('the image to be in OCR', async () => (await t.deps.queues.ocr.getActiveCount()) === 1, 30_000);
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await startCli(['worker', 'ingest', 'ocr', 'score'], env, /workers running/, 60_000);
    try {
      const row = await waitFor('the item to be scored', async () => {
        const [s] = await t.deps.db.select().from(scores).where(eq(scores.itemId, itemId));
        return s;
      }, 60_000);
      expect(row.scoredText).toMatch(/России/);
      const [image] = await t.deps.db.select().from(media).where(eq(media.sha256, stored.sha256));
      expect(image.ocrStatus).toBe('done');
      const [{ n }] = await t.deps.db.select({ n: count() }).from(scores).where(eq(scores.itemId, itemId));
      expect(n).toBe(1);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
  });
});
