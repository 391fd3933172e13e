import fs from 'node:fs';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.ts';
import { validateBundle } from '../../src/exports/stix/validate.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, SCREENS, signIn } from '../helpers/browser.ts';
import { waitFor } from '../helpers/wait.ts';

// An admin in a real Chromium: from the nav to /admin/exports, a campaign's STIX bundle downloaded
// with the form, and the export in the page's log afterwards; a reviewer has no such link.

describe('the exports page in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await addUser(t.deps.db, { name: 'ada', role: 'admin', password: 'ada correct horse battery' });
    await addUser(t.deps.db, { name: 'rita', role: 'reviewer', password: 'rita correct horse battery' });
    const texts = [
      'Contract military service abroad, $20,000 signing bonus, drivers and drone operators wanted, free ticket to Russia. WhatsApp +374 55 111222',
      'Contract service in Russia for foreigners: $20,000 bonus at signing, drivers wanted, call +374 55 111222 or write @hiring_desk_one',
    ];
    for (const [i, text] of texts.entries()) {
      const res = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { source: 'api', channel: 'flyers', externalId: `x${i}`, text } });
      ids.push(res.json().itemId);
      const caseId = await waitFor('a review case', async () => (await t.app.inject({ method: 'GET', url: `/api/items/${ids[i]}`, headers: { authorization: `Bearer ${t.token}` } })).json().review?.caseId);
      await t.app.inject({ method: 'POST', url: `/api/review/cases/${caseId}/decision`, headers: { authorization: `Bearer ${t.token}` }, payload: { decision: 'confirmed' } });
    }
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(name: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, base, name);
    return { context, page };
  }

  it('lets an admin download a campaign as STIX from the form and then see it in the log', async () => {
    const { context, page } = await signedIn('ada');
    await page.getByRole('link', { name: 'Exports' }).click();
    await page.waitForURL(`${base}/admin/exports`);
    expect(await page.getByText('No export yet.').count()).toBe(1);
    // a mistyped campaign comes back on the page, the field as typed, nothing downloaded or logged
    await page.getByLabel(/Campaign/).fill('00000000-0000-4000-8000-000000000000');
    await page.getByRole('button', { name: 'Download JSON' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/no campaign 00000000-0000-4000-8000-000000000000/);
    expect(await page.getByLabel(/Campaign/).inputValue()).toBe('00000000-0000-4000-8000-000000000000');
    expect(await page.getByText('No export yet.').count()).toBe(1);
    await page.getByLabel(/Campaign/).fill(ids[1]!);
    await page.getByLabel('TLP').selectOption('amber+strict');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download STIX 2.1' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^recruitwatch-campaign-[0-9a-f]{8}-.*\.stix\.json$/);
    const bundle = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(validateBundle(bundle)).toEqual([]);
    expect(bundle.objects.find((o: { type: string }) => o.type === 'marking-definition').name).toBe('TLP:AMBER+STRICT');

    await page.goto(`${base}/admin/exports`);
    const row = page.locator('tr[data-export-row]');
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.first().locator('td').allTextContents();
    expect(cells.slice(1, 8)).toEqual(['ada', 'stix', `campaign:${ids[0]}`, 'TLP:AMBER+STRICT', '2', '3', 'done']);
    await page.screenshot({ path: `${SCREENS}/exports.png`, fullPage: true });
    // "Download again" gives the same bundle
    const [again] = await Promise.all([page.waitForEvent('download'), row.first().getByRole('link', { name: 'Download again' }).click()]);
    expect(fs.readFileSync((await again.path())!, 'utf8')).toBe(fs.readFileSync((await download.path())!, 'utf8'));
    await context.close();
  });

  it('shows a reviewer no Exports link and refuses the page', async () => {
    const { context, page } = await signedIn('rita');
    expect(await page.getByRole('link', { name: 'Exports' }).count()).toBe(0);
    const res = await page.goto(`${base}/admin/exports`);
    expect(res!.status()).toBe(403);
    await context.close();
  });
});
