import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import sharp from 'sharp';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, SCREENS, signIn } from '../helpers/browser.ts';
import { multipartBody, PDF_BYTES } from '../helpers/images.ts';
import { waitFor } from '../helpers/wait.ts';

// The upload page in Chromium: a moderator picks flyers, each gets a progress bar, then its score and
// a link appear in place as the OCR and scoring workers finish, without a reload. The page calls the
// API with its session (and CSRF token), not with an API token.
const flyer = path.resolve(import.meta.dirname, '../fixtures/images/eng-flyer.png');

describe('the upload page in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ workers: ['ingest', 'ocr', 'score'], env: { OCR_POOL_SIZE: '1', OCR_LANGS: 'eng' } });
    await addUser(t.deps.db, { name: 'mo', role: 'moderator', password: 'mo correct horse battery' });
    await addUser(t.deps.db, { name: 'rita', role: 'reviewer', password: 'rita correct horse battery' });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(name: string) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    await signIn(page, base, name);
    return { context, page };
  }

  it('uploads two files, shows a progress bar for each, then a flyer\'s score and link, and a refusal for the PDF', async () => {
    const { context, page } = await signedIn('mo');
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.getByRole('link', { name: 'Upload' }).click();
    await page.waitForURL(`${base}/upload`);
    await page.getByLabel('Flyer images').setInputFiles([
      { name: 'eng-flyer.png', mimeType: 'image/png', buffer: fs.readFileSync(flyer) },
      { name: 'not-a-flyer.jpg', mimeType: 'image/jpeg', buffer: PDF_BYTES },
    ]);
    const flyerRow = page.locator('li[data-file="eng-flyer.png"]');
    await expect(flyerRow.locator('progress').count()).resolves.toBe(1);
    await page.locator('li[data-file="not-a-flyer.jpg"]', { hasText: 'refused (415)' }).waitFor();
    await flyerRow.locator('a', { hasText: 'open' }).waitFor({ timeout: 90_000 });
    await expect(flyerRow.locator('progress').evaluate((p) => (p as HTMLProgressElement).value)).resolves.toBe(100);
    await expect(flyerRow.textContent()).resolves.toMatch(/Score \d+(\.\d+)? — (flagged|not flagged)/);
    await page.screenshot({ path: `${SCREENS}/upload.png`, fullPage: true });
    const href = await flyerRow.locator('a').getAttribute('href');
    await page.goto(`${base}${href}`);
    await expect(page.locator('svg.flyer').count()).resolves.toBe(1);
    await expect(page.locator('[data-near-duplicates]').textContent()).resolves.toMatch(/No other item shows these images/);

    // The same flyer re-encoded as a JPEG (other bytes, the same picture): the item page links it as a near-duplicate.
    const jpeg = await sharp(fs.readFileSync(flyer)).jpeg({ quality: 80 }).toBuffer();
    const { payload, headers } = multipartBody([{ name: 'again.jpg', bytes: jpeg, type: 'image/jpeg' }]);
    const again = (await t.app.inject({ method: 'POST', url: '/api/uploads', payload, headers: { ...headers, authorization: `Bearer ${t.token}` } })).json()[0].itemId as string;
    await waitFor('the second upload scored', async () => (await t.app.inject({ method: 'GET', url: `/api/items/${again}`, headers: { authorization: `Bearer ${t.token}` } })).json().status === 'scored', 60_000);
    await page.reload();
    await expect(page.locator(`[data-near-duplicates] a[href="/review/${again}"]`).count()).resolves.toBe(1);
    await page.screenshot({ path: `${SCREENS}/flyer-item.png`, fullPage: true });
    expect(dialogs).toEqual([]);
    await context.close();
  }, 150_000);

  it('does not offer the upload page to a reviewer, and the API refuses a session upload without the CSRF token', async () => {
    const { context, page } = await signedIn('rita');
    expect(await page.getByRole('link', { name: 'Upload' }).count()).toBe(0);
    expect((await page.goto(`${base}/upload`))!.status()).toBe(403);
    await context.close();
    const mo = await signedIn('mo');
    const res = await mo.page.request.post(`${base}/api/uploads`, { multipart: { file: { name: 'f.png', mimeType: 'image/png', buffer: fs.readFileSync(flyer) } } });
    expect(res.status()).toBe(403);
    expect((await res.json()).message).toMatch(/x-csrf-token/);
    await mo.context.close();
  });
});
