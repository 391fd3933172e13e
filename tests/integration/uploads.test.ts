import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { indicators, itemIndicators, media } from '../../src/db/schema/index.ts';
import { submitPost } from '../../src/pipeline/flow.ts';
import { insertMediaIfNew } from '../../src/repos/media.repo.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { HTML_BYTES, multipartBody, PDF_BYTES, pngWithSize, SVG_BYTES } from '../helpers/images.ts';
import { waitFor } from '../helpers/wait.ts';

const images = path.resolve(import.meta.dirname, '../fixtures/images');
const read = (name: string) => fs.readFileSync(path.join(images, name));

describe('flyer uploads through OCR into scoring', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      workers: ['ingest', 'ocr', 'score'],
      env: { OCR_POOL_SIZE: '1', OCR_LANGS: 'eng+rus+fas', MAX_UPLOAD_BYTES: '300000', MAX_IMAGE_PIXELS: '20000000' },
    });
  });
  afterAll(async () => t?.close());

  const upload = (files: Array<{ name: string; bytes: Buffer; type?: string }>) => {
    const { payload, headers } = multipartBody(files);
    return t.app.inject({ method: 'POST', url: '/api/uploads', payload, headers: { ...headers, authorization: `Bearer ${t.token}` } });
  };
  const item = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/items/${id}`, headers: { authorization: `Bearer ${t.token}` } })).json();
  const scored = (id: string) => waitFor(`item ${id} scored`, async () => ((await item(id)).status === 'scored' ? item(id) : null), 60_000);

  it.each([
    ['a PDF renamed .jpg', PDF_BYTES, 415, /application\/pdf/],
    ['an SVG', SVG_BYTES, 415, /svg/],
    ['an HTML file', HTML_BYTES, 415, /html/],
    ['a 20000x20000 PNG bomb', pngWithSize(20_000, 20_000), 422, /20000x20000/],
    ['a file over the size limit', Buffer.concat([read('eng-flyer.png'), Buffer.alloc(400_000)]), 413, /limit/],
    ['a truncated PNG', read('eng-flyer.png').subarray(0, 300), 422, /./],
  ])('refuses %s, with a reason, storing nothing', async (_name, bytes, status, message) => {
    const res = await upload([{ name: 'flyer.jpg', bytes: bytes as Buffer }]);
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toMatch(message as RegExp);
    expect(res.json().message).toMatch(/flyer\.jpg/);
    const [{ n }] = await t.deps.db.select({ n: count() }).from(media);
    expect(n).toBe(0);
  });

  it('refuses the whole request when one of several files is bad', async () => {
    const res = await upload([{ name: 'good.png', bytes: read('eng-flyer.png') }, { name: 'bad.jpg', bytes: PDF_BYTES }]);
    expect(res.statusCode).toBe(415);
    expect(res.json().detected).toBe('application/pdf');
    expect(fs.existsSync(t.deps.store.root)).toBe(false);
  });

  it('reads an uploaded flyer, scores it on the OCR text, and stores and reads the same bytes once', async () => {
    const bytes = read('eng-flyer.png');
    const first = await upload([{ name: 'eng.png', bytes }]);
    expect(first.statusCode).toBe(202);
    const [entry] = first.json();
    expect(entry).toMatchObject({ duplicate: false, mime: 'image/png' });
    const done = await scored(entry.itemId);
    expect(done.ocr).toHaveLength(1);
    expect(done.ocr[0]).toMatchObject({ sha256: entry.sha256, ocrStatus: 'done' });
    expect(done.ocr[0].ocrText).toMatch(/RUSSIA/i);
    expect(done.scoredText).toContain(done.ocr[0].ocrText);

    const again = (await upload([{ name: 'copy.png', bytes }])).json()[0];
    expect(again).toMatchObject({ itemId: entry.itemId, sha256: entry.sha256, duplicate: true });
    const ocrJobs = await t.deps.queues.ocr.getJobCounts('completed', 'failed', 'waiting', 'active');
    expect(ocrJobs.completed).toBe(1);

    const served = await t.app.inject({ method: 'GET', url: `/api/media/${entry.sha256}`, headers: { authorization: `Bearer ${t.token}` } });
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(served.rawPayload, bytes)).toBe(0); // the evidence, byte for byte
  });

  it('scores an item with three images once, after all three were read', async () => {
    const shas: string[] = [];
    for (const name of ['eng-flyer.png', 'rus-flyer.png', 'fas-flyer.png']) {
      const bytes = await sharp(read(name)).extend({ top: 3, background: '#ffffff' }).png().toBuffer(); // new bytes
      const stored = await t.deps.store.put(bytes, 'png');
      await insertMediaIfNew(t.deps.db, { sha256: stored.sha256, mime: 'image/png', size: bytes.length, path: stored.relPath });
      shas.push(stored.sha256);
    }
    const { itemId } = await submitPost(t.deps.queues, { source: 'telegram', channel: 'album', externalId: '7', text: 'Look at these', media: shas });
    const done = await scored(itemId);
    expect(done.ocr.map((o: { ocrStatus: string }) => o.ocrStatus)).toEqual(['done', 'done', 'done']);
    expect(done.scoredText).toMatch(/RUSSIA/i);
    expect(done.scoredText).toMatch(/России/);
    expect(done.scoredText).toMatch(/روسیه/);
    const scoreJobs = (await t.deps.queues.score.getCompleted()).filter((j) => j.data.itemId === itemId);
    expect(scoreJobs).toHaveLength(1);
    const ocrJobs = (await t.deps.queues.ocr.getCompleted()).filter((j) => j.data.itemId === itemId);
    expect(ocrJobs).toHaveLength(3);
    expect(scoreJobs[0].processedOn!).toBeGreaterThanOrEqual(Math.max(...ocrJobs.map((j) => j.finishedOn!)));
  });

  it('marks an unreadable image failed with the reason and still scores the item on the rest', async () => {
    const good = await t.deps.store.put(await sharp(read('eng-flyer.png')).extend({ left: 5, background: '#ffffff' }).png().toBuffer(), 'png');
    const badBytes = await sharp(read('rus-flyer.png')).extend({ left: 5, background: '#ffffff' }).png().toBuffer();
    const bad = await t.deps.store.put(badBytes, 'png');
    for (const s of [good, bad]) await insertMediaIfNew(t.deps.db, { sha256: s.sha256, mime: 'image/png', size: 1, path: s.relPath });
    fs.writeFileSync(path.join(t.deps.store.root, bad.relPath), badBytes.subarray(0, 200)); // damaged on disk
    const { itemId } = await submitPost(t.deps.queues, { source: 'telegram', channel: 'album', externalId: '8', text: '', media: [good.sha256, bad.sha256] });
    const done = await scored(itemId);
    const [okImage, failedImage] = done.ocr;
    expect(okImage.ocrStatus).toBe('done');
    expect(failedImage.ocrStatus).toBe('failed');
    expect(failedImage.ocrError).toBeTruthy();
    expect(done.scoredText).toMatch(/RUSSIA/i);
  });

  it('links a recompressed, resized photo of the same flyer to the same campaign', async () => {
    const original = read('eng-flyer.png');
    const meta = await sharp(original).metadata();
    const photo = await sharp(original).resize(Math.round(meta.width! * 0.8)).jpeg({ quality: 60 }).toBuffer();
    const [a] = (await upload([{ name: 'a.png', bytes: original }])).json();
    const [b] = (await upload([{ name: 'b.jpg', bytes: photo }])).json();
    expect(b.sha256).not.toBe(a.sha256);
    const itemA = await scored(a.itemId);
    const itemB = await scored(b.itemId);
    expect(itemB.ocr[0].cluster).toBe(itemA.ocr[0].cluster);
    const links = await t.deps.db
      .select({ itemId: itemIndicators.itemId })
      .from(itemIndicators)
      .innerJoin(indicators, eq(indicators.id, itemIndicators.indicatorId))
      .where(eq(indicators.value, itemA.ocr[0].cluster));
    expect(links.map((l) => l.itemId)).toEqual(expect.arrayContaining([a.itemId, b.itemId]));
    // A different flyer stays out of this campaign.
    const [other] = (await upload([{ name: 'rus.png', bytes: read('rus-flyer.png') }])).json();
    const otherItem = await scored(other.itemId);
    expect(otherItem.ocr[0].cluster).not.toBe(itemA.ocr[0].cluster);
  });
});
