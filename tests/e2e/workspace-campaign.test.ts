import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { addUser } from '../../src/auth/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchChromium, SCREENS, signIn } from '../helpers/browser.ts';
import { waitFor } from '../helpers/wait.ts';

// A reviewer opens a campaign from an item page and one decision covers its items: each item's
// History shows it. Three flyers share a WhatsApp number; a fourth shares nothing.
const lure = (n: number, phone: string) => `Contract service in Russia for foreigners (${n}): $20,000 signing bonus, drone operators and drivers, no Russian needed. WhatsApp ${phone}`;

describe('a campaign decision in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const dialogs: string[] = [];
  const api = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.token}` } });
  const ids: string[] = [];
  let outsider: string;

  async function post(externalId: string, text: string): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/posts', headers: { authorization: `Bearer ${t.token}` }, payload: { source: 'api', channel: 'flyers', externalId, text } });
    expect(res.statusCode).toBe(202);
    const itemId: string = res.json().itemId;
    await waitFor(`a case for ${externalId}`, async () => (await api(`/api/items/${itemId}`)).json().review?.caseId);
    return itemId;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await addUser(t.deps.db, { name: 'rita', role: 'reviewer', password: 'rita correct horse battery' });
    for (const n of [1, 2, 3]) ids.push(await post(`c${n}`, lure(n, '+374 55 777001')));
    outsider = await post('c4', lure(4, '+374 55 777999'));
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the campaign from an item page and confirms its items with one decision', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await signIn(page, base, 'rita');

    await page.goto(`${base}/review/${ids[1]}`);
    await page.getByRole('link', { name: 'Campaign: 3 items' }).click();
    await page.waitForURL(`${base}/campaigns/${ids[1]}`);
    const members = await page.locator('tr[data-member]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-member')));
    expect(members.sort()).toEqual([...ids].sort());
    expect(members).not.toContain(outsider);
    await expect(page.textContent('[data-indicators]')).resolves.toContain('+37455777001');
    await expect(page.locator('tr[data-member] input[type=checkbox]:checked').count()).resolves.toBe(3);
    await page.getByLabel('Note').fill('one recruiter, three flyers');
    await page.getByRole('button', { name: 'Confirm scam' }).click();
    await expect(page.locator('[data-outcome]').textContent()).resolves.toContain('Confirmed as a scam: 3 items');
    await expect(page.locator('tr[data-member][data-status=confirmed]').count()).resolves.toBe(3);
    await page.screenshot({ path: `${SCREENS}/campaign.png`, fullPage: true });

    for (const id of ids) {
      await page.goto(`${base}/review/${id}`);
      await expect(page.textContent('[data-case-status]')).resolves.toBe('confirmed');
      const history = page.getByRole('region', { name: 'History' });
      await expect(history.textContent()).resolves.toMatch(/confirmed \(for the campaign\) by rita at .*one recruiter, three flyers/);
    }
    expect((await api(`/api/items/${outsider}`)).json().review.status).toBe('pending');
    expect(dialogs).toEqual([]);
    await context.close();
  }, 60_000);
});
